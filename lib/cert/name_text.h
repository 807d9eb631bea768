/*
 * name_text.h: a Name of the certificate model as text, and what that needs:
 * the attribute types x509strict knows (RFC 5280 Appendix A, X.520) and the
 * characters of an attribute's string value.
 *
 * xs_name_text renders a Name as RFC 4514 text in the order OpenSSL's
 * XN_FLAG_RFC2253 prints it ("CN=leaf.example,O=Example,C=US": last RDN
 * first), from the model alone, without d2i_X509.
 *
 * Deliberate differences from X509_NAME_print_ex(XN_FLAG_RFC2253 &
 * ~ASN1_STRFLGS_ESC_MSB), which is otherwise matched byte for byte:
 *  - streetAddress is "STREET" (RFC 4514 section 3), not OpenSSL's "street";
 *  - an attribute type missing from the table below is printed as a dotted
 *    OID with its value as "#" and hex (RFC 4514 2.4), even where OpenSSL
 *    knows a name for it;
 *  - bytes that are not a character of the string type (IA5String above
 *    0x7F, malformed UTF-8, a BMPString of odd length or with surrogates)
 *    become U+FFFD; OpenSSL prints such bytes as Latin-1 or fails;
 *  - C1 control characters (U+0080-U+009F) are escaped as their UTF-8
 *    octets ("\C2\85"), like C0 controls, so that a report cannot carry
 *    terminal controls; OpenSSL prints them raw;
 *  - a value that is a lone "#" is escaped ("\#"); OpenSSL escapes "#" only
 *    when it is first and not also last.
 */
#ifndef XS_NAME_TEXT_H
#define XS_NAME_TEXT_H

#include "cert/model.h"

/* xs_name_text returns `name` as RFC 4514 text, at most XS_MAX_NAME_CHARS
 * characters (code points; an escape is never cut), in a new string the
 * caller frees. An empty or absent name is "". NULL only when out of
 * memory. */
char *xs_name_text(const xs_name *name);

/* xs_oid_text writes an OID's contents in dotted decimal ("2.5.4.3") into
 * buf[len], cut to fit; a subidentifier that is truncated or too long to
 * print shows as U+FFFD. */
void xs_oid_text(const xs_der *oid, char *buf, size_t len);

/* What an attribute's value must be (RFC 5280 Appendix A.1). */
typedef enum {
    XS_ATTR_DIRECTORY_STRING, /* DirectoryString: one of five string types, SIZE (1..ub) */
    XS_ATTR_PRINTABLE_STRING, /* PrintableString */
    XS_ATTR_COUNTRY,          /* PrintableString (SIZE (2)), ISO 3166 alpha-2 */
    XS_ATTR_IA5_STRING,       /* IA5String */
    XS_ATTR_ANY,              /* not checked by x509strict */
} xs_attr_syntax;

typedef struct {
    const char *short_name; /* as printed by xs_name_text: "CN" */
    const char *name;       /* the attribute's X.520 or PKCS #9 name: "commonName" */
    const uint8_t *oid;     /* DER contents of the OID */
    size_t oid_len;
    xs_attr_syntax syntax;
    size_t upper_bound;       /* characters; 0: no upper bound */
    const char *bound_source; /* where the upper bound is defined */
} xs_attr_type;

/* xs_attr_type_of returns the attribute type whose OID contents are `oid`,
 * or NULL for a type x509strict does not know. */
const xs_attr_type *xs_attr_type_of(const xs_der *oid);

/* The characters of a string value. Each step yields one character as a
 * code point, or XS_CHAR_INVALID for a unit of bytes that is no character
 * of the string type (one byte; a BMPString or UniversalString unit; the
 * odd bytes at the end). Types: UTF8String (RFC 3629), BMPString (UCS-2, no
 * surrogates), UniversalString (UCS-4 up to U+10FFFF, no surrogates),
 * TeletexString (read as Latin-1, as OpenSSL does), and the ASCII types
 * PrintableString, IA5String, NumericString, VisibleString, UTCTime and
 * GeneralizedTime (bytes above 0x7F invalid). */
#define XS_CHAR_INVALID UINT32_MAX

typedef struct {
    const uint8_t *p;
    size_t len;
    size_t pos;
    uint8_t tag;
} xs_chars;

/* xs_string_is_text says whether values of type `tag` are read as
 * characters (the types above); others are printed as hex. */
bool xs_string_is_text(uint8_t tag);

void xs_chars_init(xs_chars *it, uint8_t tag, const xs_der *value);

/* xs_chars_next sets *out to the next character and returns true, or
 * returns false at the end. */
bool xs_chars_next(xs_chars *it, uint32_t *out);

#endif /* XS_NAME_TEXT_H */
