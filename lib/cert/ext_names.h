/*
 * ext_names.h: subjectAltName, issuerAltName (RFC 5280 4.2.1.6-7) and
 * nameConstraints (4.2.1.10), and the GeneralName decoder they share.
 *
 * Each GeneralName is read once, by the decoder: its form, the span of its
 * value, and every syntax verdict the rules need (the `XS_GN_*` defect
 * bits), so that the rules only read bits and a hostile list of 100,000
 * names costs time linear in its size.
 *
 * Important caveats:
 *  - A list keeps at most XS_MAX_GENERAL_NAMES entries; past the cap the
 *    rest of the list is only walked for its DER structure, and the cap is
 *    recorded as a limit issue.
 *  - Spans point into the certificate's bytes, like every span of the model.
 */
#ifndef XS_EXT_NAMES_H
#define XS_EXT_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "der/der.h"

/* The alternatives of GeneralName (RFC 5280 4.2.1.6), numbered as their
 * context tags. */
typedef enum {
    XS_GN_OTHER_NAME = 0,
    XS_GN_RFC822_NAME = 1,
    XS_GN_DNS_NAME = 2,
    XS_GN_X400_ADDRESS = 3,
    XS_GN_DIRECTORY_NAME = 4,
    XS_GN_EDI_PARTY_NAME = 5,
    XS_GN_URI = 6,
    XS_GN_IP_ADDRESS = 7,
    XS_GN_REGISTERED_ID = 8,
    XS_GN_UNKNOWN = 9, /* a tag GeneralName does not have */
} xs_gn_form;

/* xs_gn_form_name is "dNSName", "iPAddress", ... */
const char *xs_gn_form_name(xs_gn_form form);

/* What is wrong with one GeneralName. Which bits can be set depends on the
 * form, and on whether the name is a name (SAN, IAN) or the base of a name
 * constraint (NC). */
enum {
    XS_GN_MALFORMED = 1u << 0,        /* its DER does not decode as its form */
    XS_GN_EMPTY = 1u << 1,            /* no octets; a directoryName with no RDN */
    XS_GN_NOT_IA5 = 1u << 2,          /* an octet above 0x7F in an IA5String */
    /* dNSName, RFC 1034 3.5 preferred name syntax as amended by RFC 1123 2.1 */
    XS_GN_DNS_SPACE = 1u << 3,        /* exactly " " */
    XS_GN_DNS_BAD_CHAR = 1u << 4,     /* not a letter, digit, hyphen or period */
    XS_GN_DNS_UNDERSCORE = 1u << 5,
    XS_GN_DNS_EMPTY_LABEL = 1u << 6,  /* "a..b", ".a", "a." */
    XS_GN_DNS_LABEL_HYPHEN = 1u << 7, /* a label begins or ends with '-' */
    XS_GN_DNS_LABEL_TOO_LONG = 1u << 8, /* a label over 63 octets */
    XS_GN_DNS_TOO_LONG = 1u << 9,     /* over 253 octets */
    XS_GN_DNS_BAD_WILDCARD = 1u << 10, /* '*' other than as the whole leftmost label */
    XS_GN_DNS_IP_LITERAL = 1u << 11,  /* an IPv4 or IPv6 address written as text */
    XS_GN_DNS_LEADING_PERIOD = 1u << 12, /* NC only: ".example.com" */
    /* rfc822Name: a Mailbox (RFC 5321 4.1.2), in NC also a host or .domain */
    XS_GN_EMAIL_BAD_SYNTAX = 1u << 13,
    XS_GN_EMAIL_BAD_DOMAIN = 1u << 14,
    /* uniformResourceIdentifier (RFC 3986); in NC a host or .domain */
    XS_GN_URI_RELATIVE = 1u << 15,    /* no scheme */
    XS_GN_URI_BAD_SYNTAX = 1u << 16,  /* no scheme-specific part, bad characters */
    XS_GN_URI_BAD_HOST = 1u << 17,    /* authority without an FQDN or IP host */
    XS_GN_URI_NOT_HOST = 1u << 18,    /* NC only: not "host.example.com" or ".example.com" */
    /* iPAddress */
    XS_GN_IP_BAD_LENGTH = 1u << 19,   /* not 4 or 16 octets (NC: 8 or 32) */
    XS_GN_IP_MASK_NOT_CONTIGUOUS = 1u << 20, /* NC only */
    /* set across a list */
    XS_GN_DUPLICATE = 1u << 21,       /* an earlier entry has the same form and value */
    /* GeneralSubtree fields (NC only) */
    XS_GN_NC_MINIMUM_NOT_ZERO = 1u << 22,
    XS_GN_NC_MAXIMUM_PRESENT = 1u << 23,
};

typedef struct {
    xs_gn_form form;
    uint8_t tag;       /* the identifier octet as encoded */
    size_t off;        /* offset of the GeneralName element (the subtree's, in NC) */
    xs_der value;      /* the contents of the [n] element */
    uint32_t defects;  /* XS_GN_* */
} xs_general_name;

typedef struct {
    size_t count;               /* entries kept (at most XS_MAX_GENERAL_NAMES) */
    xs_general_name *items;     /* count entries (owned) */
    size_t cap;
    bool capped;                /* the encoding holds more than were kept */
} xs_general_names;

/* A GeneralNames extension (SAN, IAN). */
typedef struct {
    bool read;                  /* the outer SEQUENCE was read: `names` is what it holds */
    xs_general_names names;
} xs_alt_names;

typedef struct {
    bool read;                  /* the NameConstraints SEQUENCE was read */
    bool has_permitted;
    bool has_excluded;
    xs_general_names permitted; /* the base of each GeneralSubtree */
    xs_general_names excluded;
} xs_name_constraints;

typedef struct {
    bool san_present;
    size_t san_ext;
    xs_alt_names san;
    bool ian_present;
    size_t ian_ext;
    xs_alt_names ian;
    bool nc_present;
    size_t nc_ext;
    xs_name_constraints nc;
} xs_ext_names;

struct xs_model;
void xs_ext_decode_subject_alt_name(struct xs_model *m, size_t index);
void xs_ext_decode_issuer_alt_name(struct xs_model *m, size_t index);
void xs_ext_decode_name_constraints(struct xs_model *m, size_t index);
void xs_ext_names_cleanup(xs_ext_names *n);

/* xs_general_names_decode reads the GeneralName elements of a GeneralNames
 * (SEQUENCE SIZE (1..MAX) OF GeneralName) whose header the caller has
 * read, whatever its tag: [1] authorityCertIssuer, [0] fullName, [2]
 * cRLIssuer. `contents` is consumed; `out` (overwritten) is freed with
 * xs_general_names_cleanup. DER issues go to the model under its current
 * path. Returns whether every element decoded. */
bool xs_general_names_decode(struct xs_model *m, xs_der *contents, xs_general_names *out);
void xs_general_names_cleanup(xs_general_names *names);

/* xs_general_name_decode reads one GeneralName, as a name (not a
 * constraint), into `out`. Returns false when no element could be read. */
bool xs_general_name_decode(struct xs_model *m, xs_der *d, xs_general_name *out);

/* xs_general_name_describe writes `dNSName "a..b"` (the form, and for
 * IA5String forms the value with non-printable octets as \xHH, cut after
 * 80 octets) into buf[len], for finding messages. */
void xs_general_name_describe(const xs_general_name *gn, char *buf, size_t len);

#endif /* XS_EXT_NAMES_H */
