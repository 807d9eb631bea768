/*
 * bridge.c: one X509_verify_cert() run, configured from a policy, with a
 * callback that collects every error.
 *
 * Implementation notes. The callback returns 1 for every error, so OpenSSL
 * carries on past it: chain building goes on with what it found, then every
 * later check still runs. The first error the callback sees is exactly the
 * one the default callback would have stopped at, which is what libssl
 * leaves in SSL_get_verify_result() and Python reports as verify_code.
 */
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <string.h>

#include "chain/chain.h"

static const struct {
    xs_flag_bit bit;
    unsigned long openssl;
} flag_map[] = {
    {XS_FLAG_BIT_x509_strict, X509_V_FLAG_X509_STRICT},
    {XS_FLAG_BIT_partial_chain, X509_V_FLAG_PARTIAL_CHAIN},
    {XS_FLAG_BIT_trusted_first, X509_V_FLAG_TRUSTED_FIRST},
    {XS_FLAG_BIT_no_alt_chains, X509_V_FLAG_NO_ALT_CHAINS},
    {XS_FLAG_BIT_ignore_critical, X509_V_FLAG_IGNORE_CRITICAL},
    {XS_FLAG_BIT_allow_proxy_certs, X509_V_FLAG_ALLOW_PROXY_CERTS},
    {XS_FLAG_BIT_check_ss_signature, X509_V_FLAG_CHECK_SS_SIGNATURE},
    {XS_FLAG_BIT_no_check_time, X509_V_FLAG_NO_CHECK_TIME},
    {XS_FLAG_BIT_policy_check, X509_V_FLAG_POLICY_CHECK},
    {XS_FLAG_BIT_explicit_policy, X509_V_FLAG_EXPLICIT_POLICY},
    {XS_FLAG_BIT_inhibit_any, X509_V_FLAG_INHIBIT_ANY},
    {XS_FLAG_BIT_inhibit_map, X509_V_FLAG_INHIBIT_MAP},
    {XS_FLAG_BIT_crl_check, X509_V_FLAG_CRL_CHECK},
    {XS_FLAG_BIT_crl_check_all, X509_V_FLAG_CRL_CHECK_ALL},
};

void xs_chain_params_from_policy(xs_chain_params *out, const xs_policy *policy)
{
    memset(out, 0, sizeof(*out));
    out->flags = policy->flags;
    out->purpose = policy->purpose;
    out->max_depth = policy->max_depth;
    out->auth_level = policy->auth_level;
}

void xs_chain_result_init(xs_chain_result *r)
{
    memset(r, 0, sizeof(*r));
    xs_findings_init(&r->findings);
}

void xs_chain_result_cleanup(xs_chain_result *r)
{
    sk_X509_pop_free(r->chain, X509_free);
    xs_findings_cleanup(&r->findings);
    xs_chain_result_init(r);
}

/* What the callback needs; reached through the context's app data. */
typedef struct {
    xs_chain_result *result;
    const xs_chain_params *params;
} collector;

/* name_mismatch_detail says which name the leaf failed to match, or NULL
 * for any other error. */
static const char *name_mismatch_detail(int code, const char *host, char *out, size_t out_len)
{
    if (host == NULL ||
        (code != X509_V_ERR_HOSTNAME_MISMATCH && code != X509_V_ERR_IP_ADDRESS_MISMATCH)) {
        return NULL;
    }
    snprintf(out, out_len, "%s: the leaf is not valid for '%s'",
             X509_verify_cert_error_string(code), host);
    return out;
}

static int collect_error(int ok, X509_STORE_CTX *ctx)
{
    if (ok) {
        return 1;
    }
    collector *c = X509_STORE_CTX_get_app_data(ctx);
    int code = X509_STORE_CTX_get_error(ctx);
    int depth = X509_STORE_CTX_get_error_depth(ctx);
    if (c->params->leaf_is_synthetic && depth == 0 && code == X509_V_ERR_CERT_SIGNATURE_FAILURE) {
        return 1; /* the stand-in leaf's signature was never meant to verify */
    }
    if (c->result->first_code == 0) {
        c->result->first_code = code;
    }
    char detail[512];
    xs_findings_add(&c->result->findings, xs_rule_for_openssl_code(code), depth,
                    name_mismatch_detail(code, c->params->host, detail, sizeof(detail)));
    return 1;
}

/* set_purpose mirrors what libssl does for a TLS peer: the purpose's
 * default verification parameters (purpose and trust) by name. */
static bool set_purpose(X509_STORE_CTX *ctx, xs_purpose purpose)
{
    switch (purpose) {
    case XS_PURPOSE_SERVER_AUTH:
        return X509_STORE_CTX_set_default(ctx, "ssl_server") == 1;
    case XS_PURPOSE_CLIENT_AUTH:
        return X509_STORE_CTX_set_default(ctx, "ssl_client") == 1;
    case XS_PURPOSE_EMAIL_PROTECTION:
        return X509_STORE_CTX_set_default(ctx, "smime_sign") == 1;
    case XS_PURPOSE_CODE_SIGNING:
        /* OpenSSL 3.0 has no code-signing purpose (3.2 added one); the
         * chain is checked without a purpose. */
        return true;
    case XS_PURPOSE_ANY:
        return X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_ANY) == 1;
    }
    return false;
}

static bool is_ip_literal(const char *host)
{
    ASN1_OCTET_STRING *ip = a2i_IPADDRESS(host);
    ASN1_OCTET_STRING_free(ip);
    return ip != NULL;
}

static bool set_host(X509_VERIFY_PARAM *param, const xs_chain_params *p)
{
    unsigned host_flags = 0;
    if (p->flags & XS_FLAG(no_partial_wildcards)) {
        host_flags |= X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS;
    }
    X509_VERIFY_PARAM_set_hostflags(param, host_flags);
    if (p->host == NULL) {
        return true;
    }
    if (is_ip_literal(p->host)) {
        return X509_VERIFY_PARAM_set1_ip_asc(param, p->host) == 1;
    }
    return X509_VERIFY_PARAM_set1_host(param, p->host, 0) == 1;
}

static bool configure(X509_STORE_CTX *ctx, const xs_chain_params *p, int64_t at)
{
    if (!set_purpose(ctx, p->purpose)) {
        return false;
    }
    X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(ctx);
    unsigned long on = 0, known = 0;
    for (size_t i = 0; i < XS_ARRAY_LEN(flag_map); i++) {
        known |= flag_map[i].openssl;
        if (p->flags & (1u << flag_map[i].bit)) {
            on |= flag_map[i].openssl;
        }
    }
    X509_VERIFY_PARAM_clear_flags(param, known & ~on);
    X509_VERIFY_PARAM_set_flags(param, on);
    X509_VERIFY_PARAM_set_time(param, (time_t)at);
    X509_VERIFY_PARAM_set_depth(param, p->max_depth);
    X509_VERIFY_PARAM_set_auth_level(param, p->auth_level);
    return set_host(param, p);
}

xs_status xs_chain_verify(X509_STORE *store, STACK_OF(X509) *untrusted, X509 *leaf,
                          const xs_chain_params *params, int64_t at, xs_chain_result *out)
{
    xs_chain_result_init(out);
    if (sizeof(time_t) < sizeof(int64_t) && (at > INT32_MAX || at < INT32_MIN)) {
        return XS_ERR_INVALID_ARG;
    }
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    if (ctx == NULL) {
        return XS_ERR_NOMEM;
    }
    xs_status st = XS_ERR_CRYPTO;
    collector col = {.result = out, .params = params};
    if (!X509_STORE_CTX_init(ctx, store, leaf, untrusted) || !configure(ctx, params, at)) {
        goto done;
    }
    X509_STORE_CTX_set_app_data(ctx, &col);
    X509_STORE_CTX_set_verify_cb(ctx, collect_error);
    int ret = X509_verify_cert(ctx);
    if (ret <= 0 && out->first_code == 0) {
        /* OpenSSL failed without telling the callback (an internal error) */
        int code = X509_STORE_CTX_get_error(ctx);
        out->first_code = code != X509_V_OK ? code : X509_V_ERR_UNSPECIFIED;
        xs_findings_add(&out->findings, xs_rule_for_openssl_code(out->first_code),
                        X509_STORE_CTX_get_error_depth(ctx), NULL);
    }
    out->chain = X509_STORE_CTX_get1_chain(ctx);
    out->num_untrusted = X509_STORE_CTX_get_num_untrusted(ctx);
    st = out->findings.failed ? XS_ERR_NOMEM : XS_OK;
done:
    ERR_clear_error();
    X509_STORE_CTX_free(ctx);
    if (st != XS_OK) {
        xs_chain_result_cleanup(out);
    }
    return st;
}
