/*
 * chain.h: the OpenSSL bridge. OpenSSL builds the chain and checks
 * signatures, times, purposes and its own strict rules; a verify callback
 * records every error it reports (instead of stopping at the first) as
 * findings of the OPENSSL family, in the order OpenSSL reported them.
 */
#ifndef XS_CHAIN_H
#define XS_CHAIN_H

#include <openssl/x509_vfy.h>

#include "cert/cert.h"
#include "policy/policy.h"
#include "rules/findings.h"

/* Everything one X509_verify_cert() run depends on besides the certificates. */
typedef struct {
    unsigned flags; /* XS_FLAG() bits */
    xs_purpose purpose;
    int max_depth;
    int auth_level;
    const char *host; /* DNS name or IP literal the leaf must match, or NULL */
    bool leaf_is_synthetic; /* ignore the leaf's signature (audit's stand-in leaf) */
} xs_chain_params;

/* xs_chain_params_from_policy fills `out` from `policy`, with host NULL. */
void xs_chain_params_from_policy(xs_chain_params *out, const xs_policy *policy);

typedef struct {
    STACK_OF(X509) *chain; /* the chain OpenSSL built, leaf first (owned) */
    int num_untrusted;     /* chain[0..num_untrusted) came from outside the store */
    xs_findings findings;  /* OPENSSL family, in OpenSSL's order */
    int first_code;        /* the first X509_V_ERR_* reported, or 0 */
} xs_chain_result;

void xs_chain_result_init(xs_chain_result *r);
void xs_chain_result_cleanup(xs_chain_result *r);

/* xs_chain_verify runs X509_verify_cert() on `leaf` with `untrusted` as the
 * untrusted pool (libssl passes the whole peer chain, leaf included) at time
 * `at`. A rejected chain is XS_OK with findings; other statuses are
 * failures of OpenSSL itself. */
xs_status xs_chain_verify(X509_STORE *store, STACK_OF(X509) *untrusted, X509 *leaf,
                          const xs_chain_params *params, int64_t at, xs_chain_result *out);

/* What a verify step may remember of one certificate between runs. */
typedef struct {
    bool placeholder_signature; /* the stand-in leaf: its signature is never checked */
    int self_issued;            /* OpenSSL's "likely issued" by itself: 0 unknown, 1 yes, -1 no */
    bool times_known;           /* validity compared with times_at: */
    int64_t times_at;
    int not_before_cmp, not_after_cmp; /* X509_cmp_time's answers */
} xs_verify_cert_memo;

/* A memo the verify step consults (its owner decides what is kept, and for
 * how long). Certificates are identified by address. */
typedef struct xs_verify_memo xs_verify_memo;
struct xs_verify_memo {
    /* what is kept of `x`, or NULL when nothing is */
    xs_verify_cert_memo *(*cert)(xs_verify_memo *memo, X509 *x);
    /* a signature verified before: 1 good, 0 bad, -1 unknown */
    int (*signature)(xs_verify_memo *memo, const X509 *subject, const X509 *issuer);
    void (*remember_signature)(xs_verify_memo *memo, const X509 *subject, const X509 *issuer,
                               bool ok);
};

/* xs_chain_verify_step (verify_step.c) is OpenSSL 3.0's internal_verify()
 * with the memo in the store's ex_data slot 0 (none: every signature is
 * verified). xs_chain_use_verify_step installs it and `memo` on `store`. */
int xs_chain_verify_step(X509_STORE_CTX *ctx);
bool xs_chain_use_verify_step(X509_STORE *store, xs_verify_memo *memo);

/* xs_chain_synthetic_leaf makes the stand-in leaf (synthetic.c) below
 * `issuer`: a TLS server certificate whose issuer is `issuer`'s subject,
 * whose AKI is its SKI (or its key's SHA-1), and whose signature algorithm
 * is one its key type could produce, with a placeholder signature: verify
 * it with leaf_is_synthetic set. Deterministic: the same issuer and time
 * give the same bytes. Valid from a day before `at` to 30 days after, kept
 * within [XS_CHAIN_EARLIEST_TIME, XS_CHAIN_LATEST_TIME], so any int64 `at`
 * gives a leaf. XS_ERR_INVALID_ARG (with a message) for a key type with no
 * signature algorithm to stand in for; XS_ERR_PARSE for a key OpenSSL
 * cannot decode. */
#define XS_CHAIN_EARLIEST_TIME INT64_C(-62167219200) /* 0000-01-01T00:00:00Z */
#define XS_CHAIN_LATEST_TIME INT64_C(253402300799)   /* 9999-12-31T23:59:59Z */
xs_status xs_chain_synthetic_leaf(X509 *issuer, int64_t at, X509 **out, char *err,
                                  size_t err_len);

/* The context behind the public xs_ctx handle. */
struct xs_ctx {
    const xs_policy *policy;
    xs_policy *python;       /* the builtin python-3.13 policy, for predictions */
    X509_STORE *store;
    STACK_OF(X509) *pool;    /* untrusted intermediates from xs_ctx_add_untrusted */
    xs_certs *known;         /* every certificate added (anchors, pool): their exact DER */
    xs_chain_params params;  /* the policy's, with the context's overrides */
    char *host;
};

#endif /* XS_CHAIN_H */
