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

/* xs_chain_synthetic_leaf makes a TLS server certificate that `anchor`
 * appears to have issued: the issuer is the anchor's subject, the AKI its
 * SKI, and the signature algorithm one its key type could produce; the
 * signature is made with a throw-away key of that type, so verify it with
 * leaf_is_synthetic set. `keys` caches those keys between calls. */
typedef struct {
    EVP_PKEY *rsa;
    EVP_PKEY *ec;
    EVP_PKEY *ed25519;
    EVP_PKEY *ed448;
} xs_synthetic_keys;

void xs_synthetic_keys_cleanup(xs_synthetic_keys *keys);
xs_status xs_chain_synthetic_leaf(xs_synthetic_keys *keys, X509 *anchor, int64_t at, X509 **out,
                                  char *err, size_t err_len);

/* The context behind the public xs_ctx handle. */
struct xs_ctx {
    const xs_policy *policy;
    xs_policy *python;       /* the builtin python-3.13 policy, for predictions */
    X509_STORE *store;
    STACK_OF(X509) *pool;    /* untrusted intermediates from xs_ctx_add_untrusted */
    xs_certs *known;         /* every certificate added (anchors, pool): their exact DER */
    xs_chain_params params;  /* the policy's, with the context's overrides */
    char *host;
    xs_synthetic_keys keys;
};

#endif /* XS_CHAIN_H */
