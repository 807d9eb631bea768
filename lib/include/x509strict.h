/*
 * x509strict.h: the public interface of libx509strict.
 *
 * libx509strict says which X.509 certificate chains fail strict verification,
 * under which policy, by which rule, and why. It builds chains with OpenSSL's
 * own X509_verify_cert(), collects every error OpenSSL reports instead of the
 * first, and resolves each finding's severity against a policy.
 *
 * Conventions:
 *  - Every handle is opaque. Every *_free() accepts NULL.
 *  - Functions that can fail return xs_status. A certificate that fails
 *    verification is a verdict in the report, not an error: xs_verify()
 *    returns XS_OK for a rejected chain.
 *  - Where a function takes `err, err_len`, a failure writes one line there
 *    (no trailing newline) that says what went wrong and where.
 *  - Time is always an argument; the library never reads the clock.
 *  - The library has no global mutable state: distinct handles may be used
 *    from distinct threads at once.
 */
#ifndef X509STRICT_H
#define X509STRICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define XS_VERSION_STRING "0.1.0"

/* XS_SCHEMA_VERSION is the version of the JSON/CBOR report schema. It changes
 * only when a field is removed or its meaning changes. */
#define XS_SCHEMA_VERSION 1

typedef enum {
    XS_OK = 0,
    XS_ERR_NOMEM,       /* an allocation failed */
    XS_ERR_INVALID_ARG, /* the caller passed something the API forbids */
    XS_ERR_IO,          /* a file could not be read */
    XS_ERR_PARSE,       /* the input is not what it claims to be */
    XS_ERR_POLICY,      /* a policy could not be loaded */
    XS_ERR_CRYPTO,      /* OpenSSL failed for a reason that is not the certificate's */
    XS_ERR_LIMIT        /* a resource limit (x509strict_limits.h) was hit */
} xs_status;

/* xs_status_string returns a short lower-case description of `st`. */
const char *xs_status_string(xs_status st);

typedef enum {
    XS_SEV_OFF = 0, /* the rule is not evaluated */
    XS_SEV_NOTICE,  /* worth knowing; never affects the verdict */
    XS_SEV_WARN,    /* a SHOULD is broken; never affects the verdict */
    XS_SEV_ERROR    /* a MUST is broken; the chain is rejected */
} xs_severity;

/* xs_severity_name returns "off", "notice", "warn" or "error". */
const char *xs_severity_name(xs_severity sev);

typedef enum {
    XS_PURPOSE_SERVER_AUTH = 0,
    XS_PURPOSE_CLIENT_AUTH,
    XS_PURPOSE_CODE_SIGNING,
    XS_PURPOSE_EMAIL_PROTECTION,
    XS_PURPOSE_ANY
} xs_purpose;

/* xs_purpose_name returns "serverAuth", "clientAuth", ...; xs_purpose_parse
 * is its inverse and returns 0 on success, -1 for an unknown name. */
const char *xs_purpose_name(xs_purpose purpose);
int xs_purpose_parse(const char *name, xs_purpose *out);

/* xs_parse_time reads RFC 3339 ("2025-06-01T12:00:00Z"; offsets and
 * fractions allowed) or "@SECONDS" into seconds since the epoch. Returns 0
 * on success, -1 otherwise. */
int xs_parse_time(const char *text, int64_t *out);

/* xs_openssl_version is the version string of the OpenSSL in use. */
const char *xs_openssl_version(void);

/* ------------------------------------------------------------------------ */
/* Certificates                                                              */

/* An xs_certs is an ordered list of certificates, each kept as the DER bytes
 * that were really encoded together with OpenSSL's parse of them. */
typedef struct xs_certs xs_certs;

xs_status xs_certs_new(xs_certs **out);
void xs_certs_free(xs_certs *certs);

/* xs_certs_load appends every certificate in `in`: one DER certificate, or
 * PEM text holding any number of CERTIFICATE / TRUSTED CERTIFICATE /
 * X509 CERTIFICATE blocks (other PEM blocks, such as keys, are skipped).
 * `origin` names the input in error messages (a path, or "-"). Input that
 * holds no certificate, a truncated PEM block, or bytes OpenSSL cannot parse
 * as a certificate give XS_ERR_PARSE; nothing is appended then. */
xs_status xs_certs_load(xs_certs *certs, const uint8_t *in, size_t in_len,
                        const char *origin, char *err, size_t err_len);

/* XS_LOAD_RAW keeps each certificate's DER without parsing it with OpenSSL:
 * for linting, which reads the DER itself and must also see certificates
 * OpenSSL cannot parse (and bare TBSCertificates). Such certificates cannot
 * be verified. */
#define XS_LOAD_RAW 0x1u

xs_status xs_certs_load_ex(xs_certs *certs, const uint8_t *in, size_t in_len, const char *origin,
                           unsigned flags, char *err, size_t err_len);

/* xs_certs_load_path reads a file, or every regular file below a directory
 * (an OpenSSL hashed directory included; duplicates are kept once). In a
 * directory, files that hold no certificate are skipped. */
xs_status xs_certs_load_path(xs_certs *certs, const char *path, char *err,
                             size_t err_len);

xs_status xs_certs_load_path_ex(xs_certs *certs, const char *path, unsigned flags, char *err,
                                size_t err_len);

/* xs_certs_load_default_store loads the system trust store as OpenSSL (and
 * Python's load_default_certs()) finds it: the file named by SSL_CERT_FILE
 * or OpenSSL's default file; when that holds nothing, the directory named by
 * SSL_CERT_DIR or OpenSSL's default directory. `origin` (may be NULL)
 * receives the file or directory the certificates came from. */
xs_status xs_certs_load_default_store(xs_certs *certs, char *origin, size_t origin_len,
                                      char *err, size_t err_len);

/* xs_certs_append appends the certificates of `from` (shared, not copied). */
xs_status xs_certs_append(xs_certs *certs, const xs_certs *from);

size_t xs_certs_count(const xs_certs *certs);

/* xs_certs_subject writes certificate `i`'s subject (RFC 2253 form) into
 * `out`; xs_certs_sha256_hex its SHA-256 fingerprint (64 hex digits). */
void xs_certs_subject(const xs_certs *certs, size_t i, char *out, size_t out_len);
void xs_certs_sha256_hex(const xs_certs *certs, size_t i, char out[65]);

/* xs_certs_der borrows certificate `i`'s DER bytes. */
const uint8_t *xs_certs_der(const xs_certs *certs, size_t i, size_t *out_len);

/* ------------------------------------------------------------------------ */
/* Policies                                                                  */

/* A policy names OpenSSL verification flags, a purpose, a depth, an
 * authentication security level and a severity per rule mnemonic. */
typedef struct xs_policy xs_policy;

/* xs_policy_builtin loads a policy shipped in the library ("python-3.13",
 * "openssl-default", ...). XS_ERR_POLICY if no such policy exists. */
xs_status xs_policy_builtin(xs_policy **out, const char *name, char *err,
                            size_t err_len);

/* xs_policy_parse loads policy text. `origin` names it in errors, which take
 * the form "origin:line: what is wrong". An `inherit` line may name a
 * builtin policy, or (when `dir` is not NULL) a file NAME.policy in `dir`. */
xs_status xs_policy_parse(xs_policy **out, const char *text, size_t text_len,
                          const char *origin, const char *dir, char *err,
                          size_t err_len);

/* xs_policy_load is xs_policy_builtin when `name_or_path` is a builtin name
 * and holds no '/', else xs_policy_parse of the file it names. */
xs_status xs_policy_load(xs_policy **out, const char *name_or_path, char *err,
                         size_t err_len);

void xs_policy_free(xs_policy *policy);

const char *xs_policy_name(const xs_policy *policy);
const char *xs_policy_summary(const xs_policy *policy);
xs_purpose xs_policy_purpose(const xs_policy *policy);

/* xs_policy_severity is the severity `policy` gives the rule `mnemonic`, or
 * -1 when no rule has that mnemonic. */
int xs_policy_severity(const xs_policy *policy, const char *mnemonic);

/* xs_policy_builtin_count and xs_policy_builtin_name enumerate the shipped
 * policies in a stable order. */
size_t xs_policy_builtin_count(void);
const char *xs_policy_builtin_name(size_t i);

/* ------------------------------------------------------------------------ */
/* Rules                                                                     */

typedef struct {
    const char *mnemonic;   /* stable UPPER_SNAKE name */
    const char *family;     /* "openssl", "der", "tbs", "ext", "chain", ... */
    const char *section;    /* "RFC 5280 4.2.1.9", "X.690 10.1", or "" */
    const char *level;      /* "MUST", "SHOULD", or "" where no RFC text applies */
    const char *summary;    /* one line, lower case */
    int openssl_code;       /* X509_V_ERR_* value, or -1 */
    xs_severity default_severity;
    const char *scope;      /* "any", "ca", "leaf", "not-top", "top" */
    const char *since;      /* "always", or the RFC the rule dates from ("RFC 5280") */
    const char *why;        /* the requirement and where it is written, or "" */
    const char *fix;        /* how to mend a certificate that breaks it, or "" */
} xs_rule_info;

size_t xs_rule_count(void);
const xs_rule_info *xs_rule_get(size_t i);
const xs_rule_info *xs_rule_find(const char *mnemonic);

/* ------------------------------------------------------------------------ */
/* Verification                                                              */

/* An xs_ctx holds what stays fixed across many verifications: a policy, the
 * trust anchors and the untrusted pool. */
typedef struct xs_ctx xs_ctx;

/* xs_ctx_new borrows `policy`, which must outlive the context. */
xs_status xs_ctx_new(xs_ctx **out, const xs_policy *policy);
void xs_ctx_free(xs_ctx *ctx);

/* xs_ctx_add_trust adds trust anchors; xs_ctx_use_default_trust adds
 * OpenSSL's default verify file and directory (what Python's
 * load_default_certs() uses). With neither, nothing is trusted. */
xs_status xs_ctx_add_trust(xs_ctx *ctx, const xs_certs *anchors);
xs_status xs_ctx_use_default_trust(xs_ctx *ctx);

/* xs_ctx_add_untrusted adds intermediates that chain building may use. */
xs_status xs_ctx_add_untrusted(xs_ctx *ctx, const xs_certs *pool);

/* Overrides of the policy's settings for this context. xs_ctx_set_host
 * takes a DNS name or an IP address literal (v4 or v6) that the leaf must
 * match, as X509_check_host() / X509_check_ip_asc() would; NULL clears it.
 * Like Python's ssl, it refuses (XS_ERR_INVALID_ARG, the previous host
 * kept) a host that is empty, starts with a dot, is longer than SNI allows
 * (255 octets) or holds anything but visible ASCII: a Unicode name is given
 * as its A-label (xn--...). */
xs_status xs_ctx_set_purpose(xs_ctx *ctx, xs_purpose purpose);
xs_status xs_ctx_set_host(xs_ctx *ctx, const char *host);
xs_status xs_ctx_set_max_depth(xs_ctx *ctx, int max_depth);

typedef struct xs_report xs_report;

/* xs_verify verifies `chain` (leaf first; the rest join the untrusted pool)
 * at `at` seconds since the epoch. On XS_OK *out is a new report, freed with
 * xs_report_free; on any other status *out is NULL. */
xs_status xs_verify(xs_ctx *ctx, xs_report **out, const xs_certs *chain,
                    int64_t at);

/* xs_verify_anchor judges certificate `i` of `anchors` the way a TLS client
 * meets a trust anchor: as the only trusted certificate, at the top of a
 * chain below which sits a leaf it appears to have issued. OpenSSL skips its
 * strict checks on a one-certificate chain, so a root verified against
 * itself says almost nothing. The leaf is synthetic (the report says so):
 * signed with a throw-away key of the anchor's key type, its signature is
 * not checked. XS_ERR_INVALID_ARG, with a message, for a key type that has
 * no stand-in (DSA, ...). */
xs_status xs_verify_anchor(xs_ctx *ctx, xs_report **out, const xs_certs *anchors, size_t i,
                           int64_t at, char *err, size_t err_len);

/* XS_LINT_TBS: the certificate is a bare TBSCertificate (pre-issuance). */
#define XS_LINT_TBS 0x1u

/* xs_lint checks certificate `i` of `certs` against every rule of the table
 * under `policy`, without building a chain: the bytes as encoded, so it
 * works on certificates loaded with XS_LOAD_RAW, on certificates OpenSSL
 * cannot parse, and (with XS_LINT_TBS) on a TBSCertificate before it is
 * signed. `issuer` (may be NULL) is the issuing CA's certificate, for the
 * rules that compare the two. */
xs_status xs_lint(const xs_policy *policy, xs_report **out, const xs_certs *certs, size_t i,
                  const xs_certs *issuer, unsigned flags);

/* ------------------------------------------------------------------------ */
/* Reports                                                                   */

typedef enum { XS_VERDICT_ACCEPT = 0, XS_VERDICT_REJECT } xs_verdict;

/* A finding as a report presents it. Every string is borrowed from the report
 * and lives as long as it. */
typedef struct {
    const char *mnemonic;
    xs_severity severity;    /* after the policy */
    const char *source;      /* "openssl" or a rule family */
    const char *section;     /* RFC section, or "" */
    int depth;               /* position in the chain, 0 = leaf; -1 = none */
    const char *subject;     /* subject of the certificate at `depth`, or "" */
    const char *sha256;      /* its SHA-256 fingerprint in hex, or "" */
    const char *message;     /* one line */
    int openssl_code;        /* X509_V_ERR_* value, or -1 */
    const char *path;        /* field path ("tbsCertificate.validity"), or NULL */
    long long offset;        /* byte offset in the certificate's DER, or -1 */
} xs_finding;

/* One certificate of the chain OpenSSL built. `origin` is "peer",
 * "untrusted" or "trust": where chain building found it. */
typedef struct {
    int depth;
    const char *subject;
    const char *issuer;
    const char *sha256;
    const char *origin;
    const char *not_before; /* RFC 3339 */
    const char *not_after;
} xs_chain_cert;

/* What Python 3.13's ssl module would raise for this chain: nothing
 * (verify_code 0), or SSLCertVerificationError with verify_code and
 * verify_message, whose str() starts with
 * "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ".
 * A lint makes no prediction: verify_code is -1. */
typedef struct {
    int verify_code;
    const char *verify_message;
} xs_python_outcome;

xs_verdict xs_report_verdict(const xs_report *report);
const char *xs_report_policy(const xs_report *report);
size_t xs_report_finding_count(const xs_report *report);
const xs_finding *xs_report_finding(const xs_report *report, size_t i);
size_t xs_report_chain_length(const xs_report *report);
const xs_chain_cert *xs_report_chain_cert(const xs_report *report, size_t i);
const xs_python_outcome *xs_report_python(const xs_report *report);

/* xs_report_first_openssl_code is the first error OpenSSL reported under the
 * report's own policy (what X509_verify_cert() with the default callback
 * would leave in X509_STORE_CTX_get_error()), or 0 if it reported none. */
int xs_report_first_openssl_code(const xs_report *report);

void xs_report_free(xs_report *report);

typedef enum { XS_FORMAT_TEXT = 0, XS_FORMAT_JSON, XS_FORMAT_CBOR } xs_format;

/* xs_format_parse returns 0 and sets *out for "text", "json" or "cbor". */
int xs_format_parse(const char *name, xs_format *out);

#define XS_EMIT_COLOR 0x1u /* text: ANSI colours (for a terminal) */

/* xs_report_emit renders `report`. On XS_OK *out is a new buffer of
 * *out_len bytes (text and JSON end in a newline and are NUL-terminated
 * beyond out_len) that the caller frees with xs_free. */
xs_status xs_report_emit(const xs_report *report, xs_format format,
                         unsigned flags, uint8_t **out, size_t *out_len);

void xs_free(void *p);

/* ------------------------------------------------------------------------ */
/* Audit                                                                     */

/* An xs_auditor judges the certificates of a store one at a time, under
 * several policies at once, the way a TLS client meets each of them:
 *  - a trust anchor (a self-issued CA) as the top of a two-certificate chain
 *    below which sits a synthetic leaf it appears to have issued (OpenSSL
 *    skips its strict checks on a one-certificate chain, so a root verified
 *    against itself says almost nothing);
 *  - any other CA as the issuer of a synthetic leaf, chained to the anchors
 *    and intermediates of the auditor's context;
 *  - any other certificate as a leaf chained to that context.
 * A certificate that is expired or not yet valid is judged a second time at
 * an instant inside its validity, so that expiry hides no defect.
 *
 * The synthetic leaf is deterministic (the same anchor and time give the same
 * bytes): a fixed P-256 key, the anchor's name as issuer, its SKI (or the
 * SHA-1 of its key) as AKI, and a placeholder signature of an algorithm the
 * anchor's key type could produce. That signature is the one thing not
 * checked.
 *
 * With XS_AUDIT_LINT_ONLY no chain is built: every rule runs on each
 * certificate's bytes, as xs_lint does, without OpenSSL's parse.
 *
 * An auditor caches what repeats from one certificate to the next (each CA's
 * verified signatures, its parse, its checks), so it is used by one thread at
 * a time; a process forked from its owner may use its own copy. */
typedef struct xs_auditor xs_auditor;

#define XS_AUDIT_MAX_POLICIES 8

#define XS_AUDIT_LINT_ONLY 0x1u

/* xs_auditor_new borrows `policies` (1 to XS_AUDIT_MAX_POLICIES of them, with
 * distinct names), which must outlive the auditor. */
xs_status xs_auditor_new(xs_auditor **out, const xs_policy *const *policies, size_t count,
                         unsigned flags, char *err, size_t err_len);
void xs_auditor_free(xs_auditor *auditor);

size_t xs_auditor_policy_count(const xs_auditor *auditor);
const char *xs_auditor_policy_name(const xs_auditor *auditor, size_t p);

/* xs_auditor_policy_index is the index of the policy named `name`, or -1. */
int xs_auditor_policy_index(const xs_auditor *auditor, const char *name);

/* The context that intermediates and leaves are chained against.
 * xs_auditor_add_store_member offers one certificate (DER) of the audited
 * store (`flags` as for xs_audit_judge): a self-issued CA becomes a trust
 * anchor, any other CA joins the untrusted pool, and anything else is
 * ignored cheaply (no OpenSSL parse).
 * *added (may be NULL) says whether it joined. XS_ERR_LIMIT past
 * XS_MAX_UNTRUSTED intermediates. */
xs_status xs_auditor_add_store_member(xs_auditor *auditor, const uint8_t *der, size_t der_len,
                                      unsigned flags, bool *added);
xs_status xs_auditor_add_trust(xs_auditor *auditor, const xs_certs *anchors);
xs_status xs_auditor_add_untrusted(xs_auditor *auditor, const xs_certs *pool);
xs_status xs_auditor_use_default_trust(xs_auditor *auditor);

/* Where a certificate came from; the record keeps a copy. */
typedef struct {
    const char *source;   /* a file name, or "-"; NULL: none */
    uint64_t position;    /* its 1-based place in the whole audit; 0: none */
    uint64_t offset;      /* byte offset of its member in `source` */
    uint64_t line;        /* line where its member starts (text input); 0: binary */
    const char *key;      /* the key of a keyed input line ("KEY<TAB>BASE64"), or NULL */
} xs_audit_origin;

/* One certificate judged: its verdict and findings under every policy of
 * the auditor. */
typedef struct xs_audit_record xs_audit_record;

typedef enum {
    XS_AUDIT_ANCHOR = 0,   /* a self-issued CA, judged as the top of a chain */
    XS_AUDIT_INTERMEDIATE, /* any other CA, judged as the issuer of a synthetic leaf */
    XS_AUDIT_LEAF,         /* not a CA: judged as the leaf of its chain */
    XS_AUDIT_UNPARSED,     /* DER that OpenSSL cannot parse: linted only, and rejected */
    XS_AUDIT_MALFORMED     /* no certificate could be read from the member: rejected */
} xs_audit_role;

typedef enum {
    XS_VALIDITY_CURRENT = 0,
    XS_VALIDITY_EXPIRED,
    XS_VALIDITY_NOT_YET_VALID,
    XS_VALIDITY_UNKNOWN /* times unreadable, or no certificate */
} xs_validity;

/* XS_AUDIT_TRUSTED_AUX: the DER is followed by OpenSSL's trust settings (a
 * TRUSTED CERTIFICATE PEM block), which then decide trust, as they do for
 * OpenSSL. */
#define XS_AUDIT_TRUSTED_AUX 0x1u

/* xs_audit_judge judges one certificate given as DER at `at` seconds since
 * the epoch. A certificate that cannot be judged (OpenSSL cannot parse it, a
 * key type with no stand-in leaf) is still a record (XS_OK), which says why.
 * xs_audit_judge_certs judges certificate `i` of a list instead. */
xs_status xs_audit_judge(xs_auditor *auditor, xs_audit_record **out, const uint8_t *der,
                         size_t der_len, unsigned flags, const xs_audit_origin *origin,
                         int64_t at);
xs_status xs_audit_judge_certs(xs_auditor *auditor, xs_audit_record **out, const xs_certs *certs,
                               size_t i, const xs_audit_origin *origin, int64_t at);

/* xs_audit_malformed makes the record of a member of the input from which
 * no certificate could be read (`bytes` as they were read, may be empty):
 * `why` says what is wrong. It is rejected under every policy, with the
 * finding INPUT_MALFORMED. */
xs_status xs_audit_malformed(const xs_auditor *auditor, xs_audit_record **out,
                             const uint8_t *bytes, size_t len, const char *why,
                             const xs_audit_origin *origin, int64_t at);

void xs_audit_record_free(xs_audit_record *record);

xs_audit_role xs_audit_record_role(const xs_audit_record *record);
const char *xs_audit_role_name(xs_audit_role role); /* "anchor", "intermediate", ... */
xs_validity xs_audit_record_validity(const xs_audit_record *record);
const char *xs_audit_validity_name(xs_validity validity); /* "valid", "expired", ... */
const char *xs_audit_record_sha256(const xs_audit_record *record);
const char *xs_audit_record_subject(const xs_audit_record *record);

/* xs_audit_record_error says why the certificate could not be read or
 * judged, or is NULL. */
const char *xs_audit_record_error(const xs_audit_record *record);

/* xs_audit_record_judged says whether policy `p` gave a verdict; a key type
 * with no stand-in leaf gives none. xs_audit_record_rejected: it gave
 * reject (malformed and unparsed certificates are rejected under every
 * policy). */
bool xs_audit_record_judged(const xs_audit_record *record, size_t p);
bool xs_audit_record_rejected(const xs_audit_record *record, size_t p);

/* The reports behind a record: policy `p`'s judgment at the audit's time,
 * and, for a certificate outside its validity, at the instant inside it
 * (xs_audit_record_in_validity_at). NULL where there is none. */
const xs_report *xs_audit_record_report(const xs_audit_record *record, size_t p);
const xs_report *xs_audit_record_report_in_validity(const xs_audit_record *record, size_t p);
int64_t xs_audit_record_in_validity_at(const xs_audit_record *record);

/* xs_audit_record_breaks: accepted under `from`, rejected under `to`, judged
 * inside its validity when it is outside it (the list that matters, for
 * openssl-default and python-3.13). xs_audit_record_changes: the verdict or
 * the set of error findings differs between the two. */
bool xs_audit_record_breaks(const xs_audit_record *record, size_t from, size_t to);
bool xs_audit_record_changes(const xs_audit_record *record, size_t from, size_t to);

/* Rendering. A record: JSON, CBOR, or its rows of the text table (under
 * the header xs_auditor_emit_table_header writes). XS_AUDIT_EMIT_STREAM: the
 * streaming form, one line of JSON (JSON Lines) or one CBOR data item (an RFC
 * 8742 sequence), without the fields that depend on where the certificate
 * sat in this run's input (position, source, line, offset): records of a
 * sharded input, concatenated, equal those of one run. A change: how the
 * record fares from `from` to `to`, with Python's one-line reason and the
 * fix; XS_AUDIT_EMIT_COMPARE words it as a comparison of two policies
 * rather than as the list of what breaks. Output is freed with xs_free; text
 * and JSON end in a newline. */
#define XS_AUDIT_EMIT_STREAM 0x100u
#define XS_AUDIT_EMIT_COMPARE 0x200u
xs_status xs_audit_record_emit(const xs_audit_record *record, xs_format format, unsigned flags,
                               uint8_t **out, size_t *out_len);
xs_status xs_audit_record_emit_change(const xs_audit_record *record, size_t from, size_t to,
                                      xs_format format, unsigned flags, uint8_t **out,
                                      size_t *out_len);
xs_status xs_auditor_emit_table_header(const xs_auditor *auditor, unsigned flags, uint8_t **out,
                                       size_t *out_len); /* flags: none yet */

/* An xs_audit_summary counts records: per policy, accepted and rejected;
 * per mnemonic and policy, the certificates with the finding at each
 * severity; roles, validity, malformed members and what the reader skipped.
 * `from` and `to` (-1: none) name the two policies whose changes it counts.
 * Its counters travel between processes as an array of integers, merged by
 * addition (same build, same policies). */
typedef struct xs_audit_summary xs_audit_summary;

typedef enum {
    XS_AUDIT_MEMBERS = 0,      /* members read: certificates and malformed members */
    XS_AUDIT_CERTIFICATES,     /* certificates read */
    XS_AUDIT_MALFORMED_COUNT,  /* members from which no certificate could be read */
    XS_AUDIT_UNPARSED_COUNT,   /* certificates OpenSSL cannot parse */
    XS_AUDIT_NOT_JUDGED,       /* certificates some policy could not judge */
    XS_AUDIT_REJECTED,         /* records rejected under some policy */
    XS_AUDIT_CHANGED,          /* records that break (or change) from `from` to `to` */
    XS_AUDIT_EXPIRED,
    XS_AUDIT_NOT_YET_VALID,
    XS_AUDIT_SKIPPED_BLOCKS,   /* PEM blocks that hold no certificate (keys, CRLs, ...) */
    XS_AUDIT_SKIPPED_DUPLICATES, /* certificates met again in a directory */
    XS_AUDIT__COUNT
} xs_audit_count;

xs_status xs_audit_summary_new(xs_audit_summary **out, const xs_auditor *auditor, int from, int to,
                               unsigned flags);
void xs_audit_summary_free(xs_audit_summary *summary);
void xs_audit_summary_add(xs_audit_summary *summary, const xs_audit_record *record);
void xs_audit_summary_count(xs_audit_summary *summary, xs_audit_count what, uint64_t n);
uint64_t xs_audit_summary_get(const xs_audit_summary *summary, xs_audit_count what);
const uint64_t *xs_audit_summary_counters(const xs_audit_summary *summary, size_t *count);
xs_status xs_audit_summary_merge(xs_audit_summary *summary, const uint64_t *counters,
                                 size_t count);

/* xs_audit_summary_emit renders the summary: text tables (accept and reject
 * per policy, what was read, certificates per mnemonic), or JSON (indented;
 * on one line with XS_AUDIT_EMIT_STREAM) or CBOR. */
xs_status xs_audit_summary_emit(const xs_audit_summary *summary, xs_format format,
                                unsigned flags, uint8_t **out, size_t *out_len);

/* xs_audit_default_store names the system trust store as OpenSSL (and
 * Python's load_default_certs()) finds it: the file SSL_CERT_FILE or
 * OpenSSL's default names, and the directories (colon-separated)
 * SSL_CERT_DIR or OpenSSL's default names, used when the file holds
 * nothing. */
void xs_audit_default_store(char *file, size_t file_len, char *dirs, size_t dirs_len);

/* xs_audit_split_pkcs7 appends the certificates of a PKCS#7 SignedData
 * (a .p7b bundle, DER or BER) to `certs`, each kept as its DER without
 * OpenSSL's parse (as with XS_LOAD_RAW). */
xs_status xs_audit_split_pkcs7(xs_certs *certs, const uint8_t *in, size_t in_len, char *err,
                               size_t err_len);

#ifdef __cplusplus
}
#endif

#endif /* X509STRICT_H */
