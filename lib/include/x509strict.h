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
 * match, as X509_check_host() / X509_check_ip_asc() would; NULL clears it. */
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

#ifdef __cplusplus
}
#endif

#endif /* X509STRICT_H */
