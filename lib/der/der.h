/*
 * der.h: the strict DER reader. A bounded cursor over bytes that only moves
 * forward; the only code in libx509strict that indexes raw certificate
 * bytes. It includes nothing of ours.
 *
 * Scope. Every getter checks the X.690 DER rules for what it reads and
 * reports each violation to the cursor's sink, with the byte offset, then
 * carries on wherever the structure still allows (a non-minimal length is
 * reported and read; an indefinite length cannot be read past). Getters
 * return false only when they could not read what was asked: the element is
 * missing, has another tag, or does not fit its container.
 *
 * Important caveats:
 *  - A getter that finds a different tag consumes nothing and reports
 *    nothing: whether that is an error depends on the schema (OPTIONAL
 *    fields), so the caller decides.
 *  - Offsets count from the start of the buffer given to xs_der_init.
 */
#ifndef XS_DER_H
#define XS_DER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Every DER violation the reader (or a schema walker using it) can report.
 * X(name, X.690 clause, summary) */
#define XS_DER_ISSUES(X)                                                                         \
    X(TRUNCATED, "X.690 8.1.1", "element runs past the end of its container")                   \
    X(LENGTH_INDEFINITE, "X.690 10.1", "indefinite length form")                                \
    X(LENGTH_NOT_MINIMAL, "X.690 10.1", "length not encoded in the fewest octets")              \
    X(HIGH_TAG_NUMBER, "X.690 8.1.2.4", "high tag number form where X.509 uses none")           \
    X(UNEXPECTED_TAG, "X.690 8.1.2", "element has a tag the schema does not allow here")        \
    X(MISSING_ELEMENT, "X.690 8.1", "a required element is missing")                           \
    X(CONSTRUCTED_STRING, "X.690 10.2", "string type in constructed form")                      \
    X(BOOLEAN_NOT_CANONICAL, "X.690 11.1", "BOOLEAN TRUE not encoded as 0xFF")                  \
    X(BOOLEAN_BAD_LENGTH, "X.690 8.2.1", "BOOLEAN contents not one octet")                      \
    X(NULL_NOT_EMPTY, "X.690 8.8.2", "NULL with contents")                                      \
    X(INTEGER_EMPTY, "X.690 8.3.1", "INTEGER with no contents octets")                          \
    X(INTEGER_NOT_MINIMAL, "X.690 8.3.2", "INTEGER not encoded in the fewest octets")           \
    X(BIT_STRING_EMPTY, "X.690 8.6.2", "BIT STRING without its unused-bits octet")              \
    X(BIT_STRING_UNUSED_BITS, "X.690 8.6.2.2", "BIT STRING unused-bits count invalid")          \
    X(BIT_STRING_PADDING, "X.690 11.2.1", "BIT STRING unused bits not zero")                    \
    X(NAMED_BITS_TRAILING_ZERO, "X.690 11.2.2", "named bit list has trailing zero bits")        \
    X(OID_EMPTY, "X.690 8.19.2", "OBJECT IDENTIFIER with no contents octets")                  \
    X(OID_NOT_MINIMAL, "X.690 8.19.2", "OBJECT IDENTIFIER subidentifier not minimal")          \
    X(OID_TRUNCATED, "X.690 8.19.2", "OBJECT IDENTIFIER ends inside a subidentifier")          \
    X(SET_NOT_SORTED, "X.690 11.6", "SET OF elements not in DER order")                        \
    X(DEFAULT_ENCODED, "X.690 11.5", "a DEFAULT value is encoded explicitly")                  \
    X(TRAILING_DATA, "X.690 8.1.1", "data after the last element of a structure")

typedef enum {
#define XS_DER_ISSUE_ENUM(name, clause, summary) XS_DER_##name,
    XS_DER_ISSUES(XS_DER_ISSUE_ENUM)
#undef XS_DER_ISSUE_ENUM
        XS_DER__ISSUE_COUNT
} xs_der_issue;

/* A sink receives every violation; `ctx` is the caller's. */
typedef struct {
    void (*report)(void *ctx, xs_der_issue issue, size_t offset);
    void *ctx;
} xs_der_sink;

typedef struct {
    const uint8_t *p;  /* next unread byte */
    size_t len;        /* bytes left in this element */
    size_t off;        /* offset of p from the start of the input */
    const xs_der_sink *sink; /* may be NULL: violations are then ignored */
} xs_der;

/* Universal tags (first identifier octet) used in X.509. */
enum {
    XS_TAG_BOOLEAN = 0x01,
    XS_TAG_INTEGER = 0x02,
    XS_TAG_BIT_STRING = 0x03,
    XS_TAG_OCTET_STRING = 0x04,
    XS_TAG_NULL = 0x05,
    XS_TAG_OID = 0x06,
    XS_TAG_ENUMERATED = 0x0A,
    XS_TAG_UTF8_STRING = 0x0C,
    XS_TAG_PRINTABLE_STRING = 0x13,
    XS_TAG_T61_STRING = 0x14,
    XS_TAG_IA5_STRING = 0x16,
    XS_TAG_UTC_TIME = 0x17,
    XS_TAG_GENERALIZED_TIME = 0x18,
    XS_TAG_VISIBLE_STRING = 0x1A,
    XS_TAG_UNIVERSAL_STRING = 0x1C,
    XS_TAG_BMP_STRING = 0x1E,
    XS_TAG_SEQUENCE = 0x30,
    XS_TAG_SET = 0x31,
};

#define XS_DER_SEQUENCE XS_TAG_SEQUENCE
#define XS_TAG_CONSTRUCTED 0x20u
#define XS_TAG_CONTEXT 0x80u

/* XS_TAG_CTX_PRIMITIVE(n) is [n] IMPLICIT of a primitive type;
 * XS_TAG_CTX_CONSTRUCTED(n) is [n] EXPLICIT, or IMPLICIT of a constructed type. */
#define XS_TAG_CTX_PRIMITIVE(n) ((uint8_t)(XS_TAG_CONTEXT | (n)))
#define XS_TAG_CTX_CONSTRUCTED(n) ((uint8_t)(XS_TAG_CONTEXT | XS_TAG_CONSTRUCTED | (n)))

/* xs_der_issue_name is "LENGTH_NOT_MINIMAL"...; xs_der_issue_clause the X.690
 * clause; xs_der_issue_summary one lower-case line. */
const char *xs_der_issue_name(xs_der_issue issue);
const char *xs_der_issue_clause(xs_der_issue issue);
const char *xs_der_issue_summary(xs_der_issue issue);

void xs_der_init(xs_der *d, const uint8_t *in, size_t len, const xs_der_sink *sink);

/* xs_der_report sends a violation found at `offset` to d's sink (for schema
 * walkers: DEFAULT_ENCODED, SET_NOT_SORTED, MISSING_ELEMENT, ...). */
void xs_der_report(const xs_der *d, xs_der_issue issue, size_t offset);

bool xs_der_at_end(const xs_der *d);

/* xs_der_peek_tag is the first identifier octet of the next element, or -1
 * at the end. */
int xs_der_peek_tag(const xs_der *d);

/* xs_der_get_any reads the next element, whatever its tag: *out_tag is its
 * first identifier octet, *out_contents its contents, *out_whole (may be
 * NULL) header and contents. */
bool xs_der_get_any(xs_der *d, uint8_t *out_tag, xs_der *out_contents, xs_der *out_whole);

/* xs_der_get reads the next element if its tag is `tag`. A primitive string
 * or BIT/OCTET STRING found in constructed form is reported
 * (CONSTRUCTED_STRING) and not read. */
bool xs_der_get(xs_der *d, uint8_t tag, xs_der *out_contents);

/* xs_der_is_string_tag: a universal type DER requires in primitive form. */
bool xs_der_is_string_tag(uint8_t tag);

/* xs_der_get_element is xs_der_get that also returns header and contents. */
bool xs_der_get_element(xs_der *d, uint8_t tag, xs_der *out_contents, xs_der *out_whole);

/* xs_der_skip_space consumes ASCII whitespace (found between concatenated
 * DER certificates in a file; not DER itself). */
void xs_der_skip_space(xs_der *d);

/* xs_der_skip_bytes consumes `n` bytes (at most what is left) without
 * reading them as elements. */
void xs_der_skip_bytes(xs_der *d, size_t n);

/* xs_der_skip consumes the next element, whatever it is. */
bool xs_der_skip(xs_der *d);

/* Typed getters. Each checks its type's DER rules. */
bool xs_der_get_bool(xs_der *d, bool *out);
bool xs_der_get_null(xs_der *d);
/* xs_der_get_integer returns the contents octets (two's complement); use
 * xs_der_integer_* to look at them. */
bool xs_der_get_integer(xs_der *d, xs_der *out_contents);
/* xs_der_get_uint64 reads a non-negative INTEGER that fits in 64 bits;
 * false (nothing consumed) for one that does not. */
bool xs_der_get_uint64(xs_der *d, uint64_t *out);
/* xs_der_get_bit_string returns the bit octets (without the unused-bits
 * octet) and the unused-bits count. */
bool xs_der_get_bit_string(xs_der *d, xs_der *out_bits, unsigned *out_unused);
/* xs_der_get_named_bits reads a BIT STRING that is a named bit list (KeyUsage,
 * ReasonFlags) into a mask (bit 0 = the first named bit), reporting trailing
 * zero bits; bits beyond 32 are reported through *out_extra_bits. */
bool xs_der_get_named_bits(xs_der *d, uint32_t *out_mask, bool *out_extra_bits);
bool xs_der_get_oid(xs_der *d, xs_der *out_contents);
/* xs_der_get_octet_string reads an OCTET STRING's contents. */
bool xs_der_get_octet_string(xs_der *d, xs_der *out_contents);

/* xs_der_expect_end reports TRAILING_DATA if bytes are left. Returns whether
 * the cursor was at its end. */
bool xs_der_expect_end(const xs_der *d);

/* Facts about contents already read. */
bool xs_der_integer_is_negative(const xs_der *contents);
bool xs_der_integer_is_zero(const xs_der *contents);
/* xs_der_integer_magnitude_len is the number of octets of the value without
 * a leading 0x00 sign octet. */
size_t xs_der_integer_magnitude_len(const xs_der *contents);
bool xs_der_equal(const xs_der *a, const xs_der *b);
/* xs_der_compare orders two encodings as X.690 11.6 sorts SET OF members. */
int xs_der_compare(const xs_der *a, const xs_der *b);
/* xs_der_oid_is compares OID contents with DER octets `oid`. */
bool xs_der_oid_is(const xs_der *contents, const uint8_t *oid, size_t oid_len);

#endif /* XS_DER_H */
