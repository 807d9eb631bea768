/*
 * model.h: the certificate as it was really encoded. x509strict's own parse
 * of a Certificate (RFC 5280 4.1) into spans of the input bytes, walked with
 * the strict DER reader. Rules read this model; none of them needs OpenSSL,
 * so linting pays neither for d2i_X509 nor for decoding the public key.
 *
 * Scope: the Certificate and TBSCertificate structure, names, validity,
 * the key's algorithm, the extension list, and the standard extensions each
 * decoded into a small struct (cert/ext_*.c). Every DER violation met on the
 * way is recorded with its offset and field path
 * ("tbsCertificate.extensions[3].critical"); parsing goes on wherever the
 * structure allows, so a certificate OpenSSL cannot parse still gets
 * findings up to where its DER breaks.
 *
 * Important caveats:
 *  - Spans point into the bytes given to xs_model_parse, which must outlive
 *    the model.
 *  - Lists are capped (XS_MAX_EXTENSIONS, XS_MAX_NAME_ATTRS, ...); a cap hit
 *    is recorded as a limit issue, never a silent truncation.
 */
#ifndef XS_MODEL_H
#define XS_MODEL_H

#include "cert/ext_names.h"
#include "cert/ext_policy.h"
#include "cert/ext_usage.h"
#include "cert/key.h"
#include "der/der.h"
#include "internal.h"

/* A violation met while parsing: a DER issue, or a cap that was hit. */
typedef enum { XS_ISSUE_DER, XS_ISSUE_LIMIT } xs_issue_kind;

#define XS_PATH_MAX 96

typedef struct {
    xs_issue_kind kind;
    xs_der_issue der;      /* for XS_ISSUE_DER */
    size_t offset;
    char path[XS_PATH_MAX]; /* "tbsCertificate.validity.notBefore" */
} xs_parse_issue;

typedef struct {
    xs_der whole;   /* the AlgorithmIdentifier element */
    xs_der oid;     /* OID contents */
    xs_der params;  /* the parameters element (header included), if present */
    bool has_params;
} xs_algid;

typedef struct {
    xs_der type;      /* attribute type OID contents */
    uint8_t tag;      /* the value's tag (string type) */
    xs_der value;     /* the value's contents */
    size_t rdn;       /* index of its RelativeDistinguishedName */
} xs_attr;

typedef struct {
    bool present;
    xs_der whole;     /* the Name element */
    size_t rdn_count;
    size_t attr_count;
    xs_attr *attrs;   /* attr_count entries (owned by the model) */
    size_t attr_cap;
    bool multi_valued_rdn; /* some RDN holds more than one attribute */
    bool empty_rdn;        /* some RDN is an empty SET */
} xs_name;

/* Syntax defects of a UTCTime or GeneralizedTime value (RFC 5280 4.1.2.5,
 * X.690 11.7, 11.8). */
enum {
    XS_TIME_BAD_SYNTAX = 1u << 0,    /* not digits where digits belong, wrong length */
    XS_TIME_NO_SECONDS = 1u << 1,
    XS_TIME_NOT_ZULU = 1u << 2,      /* no 'Z', or an offset */
    XS_TIME_FRACTION = 1u << 3,
    XS_TIME_BAD_CALENDAR = 1u << 4,  /* month 13, February 30, hour 24, ... */
};

typedef struct {
    bool present;
    uint8_t tag;      /* XS_TAG_UTC_TIME or XS_TAG_GENERALIZED_TIME */
    xs_der value;
    int64_t seconds;  /* since the epoch; valid when !(defects & BAD_SYNTAX|BAD_CALENDAR) */
    unsigned defects;
} xs_time;

/* Extensions x509strict decodes. */
#define XS_KNOWN_EXTENSIONS(X)                                                                   \
    X(SUBJECT_DIRECTORY_ATTRIBUTES, "subjectDirectoryAttributes", 0x55, 0x1d, 0x09)             \
    X(SUBJECT_KEY_IDENTIFIER, "subjectKeyIdentifier", 0x55, 0x1d, 0x0e)                         \
    X(KEY_USAGE, "keyUsage", 0x55, 0x1d, 0x0f)                                                  \
    X(SUBJECT_ALT_NAME, "subjectAltName", 0x55, 0x1d, 0x11)                                     \
    X(ISSUER_ALT_NAME, "issuerAltName", 0x55, 0x1d, 0x12)                                       \
    X(BASIC_CONSTRAINTS, "basicConstraints", 0x55, 0x1d, 0x13)                                  \
    X(NAME_CONSTRAINTS, "nameConstraints", 0x55, 0x1d, 0x1e)                                    \
    X(CRL_DISTRIBUTION_POINTS, "cRLDistributionPoints", 0x55, 0x1d, 0x1f)                       \
    X(CERTIFICATE_POLICIES, "certificatePolicies", 0x55, 0x1d, 0x20)                            \
    X(POLICY_MAPPINGS, "policyMappings", 0x55, 0x1d, 0x21)                                      \
    X(AUTHORITY_KEY_IDENTIFIER, "authorityKeyIdentifier", 0x55, 0x1d, 0x23)                     \
    X(POLICY_CONSTRAINTS, "policyConstraints", 0x55, 0x1d, 0x24)                                \
    X(EXT_KEY_USAGE, "extKeyUsage", 0x55, 0x1d, 0x25)                                           \
    X(FRESHEST_CRL, "freshestCRL", 0x55, 0x1d, 0x2e)                                            \
    X(INHIBIT_ANY_POLICY, "inhibitAnyPolicy", 0x55, 0x1d, 0x36)                                 \
    X(AUTHORITY_INFO_ACCESS, "authorityInfoAccess", 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01,   \
      0x01)                                                                                      \
    X(SUBJECT_INFO_ACCESS, "subjectInfoAccess", 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x0b) \
    X(NETSCAPE_CERT_TYPE, "nsCertType", 0x60, 0x86, 0x48, 0x01, 0x86, 0xf8, 0x42, 0x01, 0x01)  \
    X(CT_PRECERT_POISON, "ctPrecertPoison", 0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02,     \
      0x04, 0x03)                                                                                \
    X(CT_SCT_LIST, "ctSCTList", 0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x02)

typedef enum {
    XS_EXT_UNKNOWN = 0,
#define XS_EXT_ENUM(id, name, ...) XS_EXT_##id,
    XS_KNOWN_EXTENSIONS(XS_EXT_ENUM)
#undef XS_EXT_ENUM
        XS_EXT__COUNT
} xs_ext_kind;

/* xs_ext_name is the extension's RFC name ("basicConstraints"), or NULL. */
const char *xs_ext_name(xs_ext_kind kind);

typedef struct {
    xs_ext_kind kind;
    xs_der whole;      /* the Extension element */
    xs_der oid;        /* extnID contents */
    bool critical;
    bool critical_encoded; /* the BOOLEAN is there (DEFAULT FALSE encoded if !critical) */
    xs_der value;      /* extnValue contents: the DER of the extension itself */
    bool duplicate;    /* an earlier extension has the same extnID */
    bool value_ok;     /* the value decoded completely (known kinds only) */
} xs_ext;

/* Decoded standard extensions. Each `present` refers to the first
 * occurrence; `ext` indexes it in xs_model.exts. */
typedef struct {
    bool present;
    size_t ext;
    bool ca;
    bool has_pathlen;
    bool pathlen_negative;
    uint64_t pathlen;
} xs_ext_bc;

/* keyUsage bits, RFC 5280 4.2.1.3 (bit 0 first). */
enum {
    XS_KU_DIGITAL_SIGNATURE = 1u << 0,
    XS_KU_NON_REPUDIATION = 1u << 1,
    XS_KU_KEY_ENCIPHERMENT = 1u << 2,
    XS_KU_DATA_ENCIPHERMENT = 1u << 3,
    XS_KU_KEY_AGREEMENT = 1u << 4,
    XS_KU_KEY_CERT_SIGN = 1u << 5,
    XS_KU_CRL_SIGN = 1u << 6,
    XS_KU_ENCIPHER_ONLY = 1u << 7,
    XS_KU_DECIPHER_ONLY = 1u << 8,
};

typedef struct {
    bool present;
    size_t ext;
    uint32_t bits;
    bool unknown_bits; /* bits past decipherOnly */
} xs_ext_ku;

typedef struct {
    bool present;
    size_t ext;
    xs_der key_id;
} xs_ext_ski;

typedef struct {
    bool present;
    size_t ext;
    bool has_key_id;
    xs_der key_id;
    bool has_issuer;
    bool has_serial;
} xs_ext_aki;

typedef struct xs_model {
    bool complete;          /* every required element of the structure was read */
    xs_der whole;           /* the Certificate element */
    xs_der tbs;             /* the TBSCertificate element */
    xs_algid sig_outer;     /* Certificate.signatureAlgorithm */
    xs_algid sig_inner;     /* TBSCertificate.signature */
    xs_der signature;       /* signatureValue bits */
    bool is_tbs_only;       /* parsed from a bare TBSCertificate */

    int version;            /* 0 = v1, 1 = v2, 2 = v3; -1 if unreadable */
    bool version_encoded;   /* the [0] field is there */
    xs_der serial;          /* INTEGER contents */
    xs_name issuer;
    xs_name subject;
    xs_time not_before;
    xs_time not_after;
    xs_der spki;            /* SubjectPublicKeyInfo element */
    xs_algid key_alg;
    xs_der key_bits;        /* subjectPublicKey bits */
    xs_key_info key;        /* decoded by cert/key.c */
    bool issuer_uid;
    bool subject_uid;

    bool extensions_encoded; /* the [3] field is there */
    bool extensions_read;    /* every extension is in exts, decoded (xs_model_knows_ext) */
    size_t ext_count;
    xs_ext *exts;           /* ext_count entries (owned) */
    xs_ext_bc bc;
    xs_ext_ku ku;
    xs_ext_ski ski;
    xs_ext_aki aki;
    xs_ext_usage usage;     /* extKeyUsage, nsCertType */
    xs_ext_names names;     /* subjectAltName, issuerAltName, nameConstraints */
    xs_ext_policy policy;   /* policies, distribution points, access, CT */

    size_t issue_count;
    xs_parse_issue *issues; /* issue_count entries (owned) */
    bool issues_capped;     /* more issues than XS_MAX_PARSE_ISSUES */

    /* parse state: the current field path while walking */
    char path[XS_PATH_MAX];
    xs_der_sink sink;
    size_t issue_cap;
    bool alloc_failed;
} xs_model;

/* xs_model_parse parses a Certificate, or with `tbs_only` a bare
 * TBSCertificate, from der[0..len). Returns XS_OK even when the structure
 * breaks (model->complete tells); XS_ERR_NOMEM when out of memory. */
xs_status xs_model_parse(xs_model *model, const uint8_t *der, size_t len, bool tbs_only);
void xs_model_cleanup(xs_model *model);

/* xs_ext_openssl_supports is OpenSSL 3.0's X509_supported_extension(): the
 * extensions OpenSSL accepts as critical (cert/ext_usage.c). */
bool xs_ext_openssl_supports(const xs_ext *e);

/* xs_model_knows_ext: the model can tell whether the certificate carries an
 * extension of `kind` (XS_EXT_UNKNOWN: any extension at all). It can when it
 * read and decoded one (its `present` flag is set, even if its value does
 * not decode), or when it read every extension there is (extensions_read).
 * It cannot when the walk broke before the place of [3] or after it
 * (decoders run only on a complete model), when the list overran, when an
 * Extension could not be read and was skipped, or when the list was cut at
 * XS_MAX_EXTENSIONS. A check that concludes from an extension's absence
 * (or from the absence of what precedes [3], the unique identifiers) asks
 * this first and stays silent when it is false: the bytes that could not
 * be read may hold what it looks for, and the fatal DER finding says what
 * broke. */
bool xs_model_knows_ext(const xs_model *model, xs_ext_kind kind);

/* xs_model_find_ext returns the first extension of `kind`, or NULL. */
const xs_ext *xs_model_find_ext(const xs_model *model, xs_ext_kind kind);

/* xs_model_is_self_issued: issuer and subject are the same encoded Name. */
bool xs_model_is_self_issued(const xs_model *model);

/* Path helpers for schema walkers (cert/ files): the path grows as a walker
 * descends and is cut back on the way up. `xs_path_push` returns the
 * length to restore with xs_path_pop. */
size_t xs_path_push(xs_model *m, const char *component);
size_t xs_path_push_index(xs_model *m, const char *component, size_t index);
void xs_path_pop(xs_model *m, size_t restore);

/* xs_model_issue records a violation at `offset` under the current path. */
void xs_model_issue(xs_model *m, xs_der_issue issue, size_t offset);
void xs_model_limit(xs_model *m, size_t offset);

#endif /* XS_MODEL_H */
