/*
 * ctx.c: the public verification context: a policy, a trust store and an
 * untrusted pool that many verifications share.
 */
#include <openssl/err.h>
#include <stdlib.h>
#include <string.h>

#include "chain/chain.h"

xs_status xs_ctx_new(xs_ctx **out, const xs_policy *policy)
{
    if (out == NULL || policy == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    *out = NULL;
    xs_ctx *ctx = calloc(1, sizeof(*ctx));
    if (ctx == NULL) {
        return XS_ERR_NOMEM;
    }
    xs_status st = xs_policy_builtin(&ctx->python, "python-3.13", NULL, 0);
    if (st == XS_OK && ((ctx->store = X509_STORE_new()) == NULL ||
                        (ctx->pool = sk_X509_new_null()) == NULL ||
                        xs_certs_new(&ctx->known) != XS_OK)) {
        st = XS_ERR_NOMEM;
    }
    if (st != XS_OK) {
        xs_ctx_free(ctx);
        return st;
    }
    ctx->policy = policy;
    xs_chain_params_from_policy(&ctx->params, policy);
    *out = ctx;
    return XS_OK;
}

void xs_ctx_free(xs_ctx *ctx)
{
    if (ctx == NULL) {
        return;
    }
    xs_policy_free(ctx->python);
    X509_STORE_free(ctx->store);
    sk_X509_pop_free(ctx->pool, X509_free);
    xs_certs_free(ctx->known);
    free(ctx->host);
    free(ctx);
}

xs_status xs_ctx_add_trust(xs_ctx *ctx, const xs_certs *anchors)
{
    if (ctx == NULL || anchors == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    for (size_t i = 0; i < anchors->count; i++) {
        if (anchors->items[i]->x509 == NULL) {
            return XS_ERR_INVALID_ARG; /* loaded with XS_LOAD_RAW */
        }
    }
    if (xs_certs_append(ctx->known, anchors) != XS_OK) {
        return XS_ERR_NOMEM;
    }
    for (size_t i = 0; i < anchors->count; i++) {
        /* adding a certificate the store already holds is not an error */
        if (!X509_STORE_add_cert(ctx->store, anchors->items[i]->x509)) {
            ERR_clear_error();
            return XS_ERR_CRYPTO;
        }
    }
    return XS_OK;
}

xs_status xs_ctx_use_default_trust(xs_ctx *ctx)
{
    if (ctx == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    int ok = X509_STORE_set_default_paths(ctx->store);
    ERR_clear_error(); /* a missing default file or directory is not fatal */
    return ok ? XS_OK : XS_ERR_CRYPTO;
}

xs_status xs_ctx_add_untrusted(xs_ctx *ctx, const xs_certs *pool)
{
    if (ctx == NULL || pool == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    if (pool->count > XS_MAX_UNTRUSTED - (size_t)sk_X509_num(ctx->pool)) {
        return XS_ERR_LIMIT;
    }
    for (size_t i = 0; i < pool->count; i++) {
        if (pool->items[i]->x509 == NULL) {
            return XS_ERR_INVALID_ARG; /* loaded with XS_LOAD_RAW */
        }
    }
    if (xs_certs_append(ctx->known, pool) != XS_OK) {
        return XS_ERR_NOMEM;
    }
    for (size_t i = 0; i < pool->count; i++) {
        X509 *x = pool->items[i]->x509;
        if (!X509_up_ref(x)) {
            return XS_ERR_CRYPTO;
        }
        if (!sk_X509_push(ctx->pool, x)) {
            X509_free(x);
            return XS_ERR_NOMEM;
        }
    }
    return XS_OK;
}

xs_status xs_ctx_set_purpose(xs_ctx *ctx, xs_purpose purpose)
{
    if (ctx == NULL || (unsigned)purpose > XS_PURPOSE_ANY) {
        return XS_ERR_INVALID_ARG;
    }
    ctx->params.purpose = purpose;
    return XS_OK;
}

/* A TLS client sends the host as SNI, which holds at most 255 octets
 * (RFC 6066 3; OpenSSL's TLSEXT_MAXLEN_host_name). */
#define HOST_MAX_OCTETS 255u

/* host_is_acceptable: what Python's ssl accepts as server_hostname once it
 * has IDNA-encoded it: ASCII, not empty, no leading dot (_ssl.c refuses
 * both), within SNI's length. Spaces and control characters belong in no
 * DNS name or IP literal, and would be copied into every report that shows
 * the host; a caller with a Unicode name passes its A-label (xn--...). */
static bool host_is_acceptable(const char *host)
{
    size_t len = strlen(host);
    if (len == 0 || len > HOST_MAX_OCTETS || host[0] == '.') {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)host[i];
        if (c <= 0x20 || c >= 0x7F) {
            return false;
        }
    }
    return true;
}

xs_status xs_ctx_set_host(xs_ctx *ctx, const char *host)
{
    if (ctx == NULL || (host != NULL && !host_is_acceptable(host))) {
        return XS_ERR_INVALID_ARG;
    }
    char *copy = NULL;
    if (host != NULL && (copy = xs_strdup(host)) == NULL) {
        return XS_ERR_NOMEM;
    }
    free(ctx->host);
    ctx->host = copy;
    ctx->params.host = copy;
    return XS_OK;
}

xs_status xs_ctx_set_max_depth(xs_ctx *ctx, int max_depth)
{
    if (ctx == NULL || max_depth < 0) {
        return XS_ERR_INVALID_ARG;
    }
    if (max_depth > XS_MAX_DEPTH) {
        return XS_ERR_LIMIT;
    }
    ctx->params.max_depth = max_depth;
    return XS_OK;
}
