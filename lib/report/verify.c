/*
 * verify.c: xs_verify and xs_verify_anchor. OpenSSL builds and verifies the
 * chain (chain/); x509strict's own checks then run on every certificate of
 * the chain OpenSSL built, each knowing its depth and its issuer; a second
 * OpenSSL run with Python 3.13's parameters gives the prediction.
 */
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "cert/name_text.h"
#include "report/report.h"
#include "rules/check.h"

static bool in_stack(STACK_OF(X509) *sk, const X509 *x)
{
    for (int i = 0; i < sk_X509_num(sk); i++) {
        if (sk_X509_value(sk, i) == x) {
            return true;
        }
    }
    return false;
}

static const char *origin_of(const xs_chain_result *run, STACK_OF(X509) *peer, int depth)
{
    if (depth >= run->num_untrusted) {
        return "trust";
    }
    return in_stack(peer, sk_X509_value(run->chain, depth)) ? "peer" : "untrusted";
}

/* The DER of each certificate of the chain, as it was encoded: the bytes
 * x509strict loaded when it has them, else OpenSSL's encoding (certificates
 * found in a hashed directory). */
typedef struct {
    const uint8_t *der;
    size_t len;
    unsigned char *owned;
} chain_der;

static const xs_cert *find_loaded(const xs_ctx *ctx, const xs_certs *chain, const X509 *x)
{
    const xs_certs *lists[] = {chain, ctx->known};
    for (size_t l = 0; l < XS_ARRAY_LEN(lists); l++) {
        for (size_t i = 0; lists[l] != NULL && i < lists[l]->count; i++) {
            if (lists[l]->items[i]->x509 == x) {
                return lists[l]->items[i];
            }
        }
    }
    return NULL;
}

static bool der_of(const xs_ctx *ctx, const xs_certs *chain, X509 *x, chain_der *out)
{
    const xs_cert *c = find_loaded(ctx, chain, x);
    out->owned = NULL;
    if (c != NULL) {
        out->der = c->der;
        out->len = c->der_len;
        return true;
    }
    int len = i2d_X509(x, &out->owned);
    out->der = out->owned;
    out->len = len > 0 ? (size_t)len : 0;
    return len > 0;
}

/* The chain OpenSSL built, as x509strict's models of its certificates. */
typedef struct {
    xs_model *models;
    chain_der *ders;
    size_t count;
} chain_models;

static void chain_models_cleanup(chain_models *cm)
{
    for (size_t i = 0; i < cm->count; i++) {
        xs_model_cleanup(&cm->models[i]);
        OPENSSL_free(cm->ders[i].owned);
    }
    free(cm->models);
    free(cm->ders);
}

/* chain_models_parse reads the chain OpenSSL built, except at depth 0:
 * there it reads `leaf`, the certificate given. With PARTIAL_CHAIN, OpenSSL
 * replaces a leaf that X509_cmp() finds equal to a trusted certificate by
 * that trusted copy, whose bytes may differ from the leaf's (X509_cmp
 * compares the hash of a re-encoding); the report describes and lints the
 * bytes the peer sent. */
static xs_status chain_models_parse(chain_models *cm, const xs_ctx *ctx, const xs_certs *chain,
                                    STACK_OF(X509) *built, X509 *leaf)
{
    size_t n = (size_t)sk_X509_num(built);
    cm->count = 0;
    cm->models = calloc(n ? n : 1, sizeof(*cm->models));
    cm->ders = calloc(n ? n : 1, sizeof(*cm->ders));
    xs_status st = cm->models != NULL && cm->ders != NULL ? XS_OK : XS_ERR_NOMEM;
    while (st == XS_OK && cm->count < n) {
        chain_der *d = &cm->ders[cm->count];
        X509 *x = cm->count == 0 ? leaf : sk_X509_value(built, (int)cm->count);
        if (!der_of(ctx, chain, x, d)) {
            return XS_ERR_CRYPTO;
        }
        st = xs_model_parse(&cm->models[cm->count], d->der, d->len, false);
        cm->count++;
    }
    return st;
}

/* lint_chain runs every rule family on the chain OpenSSL built, each
 * certificate with its depth and its issuer (the next certificate up). */
static void lint_chain(const chain_models *cm, const xs_chain_result *run, bool synthetic_leaf,
                       xs_findings *own)
{
    int n = (int)cm->count;
    bool anchored = run->num_untrusted < n;
    for (int i = synthetic_leaf ? 1 : 0; i < n; i++) {
        xs_lint_model_in_chain(&cm->models[i], i + 1 < n ? &cm->models[i + 1] : NULL, i, n,
                               anchored, own);
    }
}

static char *time_text(const xs_time *t)
{
    char text[XS_RFC3339_SIZE] = "";
    if (t->present && (t->defects & (XS_TIME_BAD_SYNTAX | XS_TIME_BAD_CALENDAR)) == 0) {
        xs_rfc3339(t->seconds, text);
    }
    return xs_strdup(text);
}

static char *fingerprint_hex(const chain_der *d)
{
    static const char digits[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    char *hex = malloc(2 * EVP_MAX_MD_SIZE + 1);
    if (hex == NULL || !EVP_Digest(d->der, d->len, md, &len, EVP_sha256(), NULL)) {
        free(hex);
        return NULL;
    }
    for (unsigned i = 0; i < len; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 0xF];
    }
    hex[2 * len] = 0;
    return hex;
}

/* describe_chain says what each certificate of the built chain is. */
static bool describe_chain(const xs_chain_result *run, STACK_OF(X509) *peer,
                           const chain_models *cm, xs_chain_entry *out)
{
    for (size_t i = 0; i < cm->count; i++) {
        const xs_model *m = &cm->models[i];
        xs_chain_entry *e = &out[i];
        e->origin = origin_of(run, peer, (int)i);
        e->subject = xs_name_text(&m->subject);
        e->issuer = xs_name_text(&m->issuer);
        e->sha256 = fingerprint_hex(&cm->ders[i]);
        e->not_before = time_text(&m->not_before);
        e->not_after = time_text(&m->not_after);
        if (!e->subject || !e->issuer || !e->sha256 || !e->not_before || !e->not_after) {
            return false;
        }
    }
    return true;
}

/* python_params are what Python 3.13's ssl would use for the same chain:
 * a server verifying a client certificate uses the client purpose. */
static void python_params(const xs_ctx *ctx, const xs_chain_params *params, xs_chain_params *out)
{
    xs_chain_params_from_policy(out, ctx->python);
    out->purpose = params->purpose == XS_PURPOSE_CLIENT_AUTH ? XS_PURPOSE_CLIENT_AUTH
                                                             : XS_PURPOSE_SERVER_AUTH;
    out->host = params->host;
    out->leaf_is_synthetic = params->leaf_is_synthetic;
}

static bool same_params(const xs_chain_params *a, const xs_chain_params *b)
{
    return a->flags == b->flags && a->purpose == b->purpose && a->max_depth == b->max_depth &&
           a->auth_level == b->auth_level;
}

static xs_status build_report(const xs_ctx *ctx, xs_report **out, const xs_chain_params *params,
                              const xs_chain_result *run, const xs_chain_result *python_run,
                              STACK_OF(X509) *peer, const chain_models *cm,
                              const xs_findings *own, int64_t at)
{
    size_t n = cm->count;
    xs_chain_entry *entries = calloc(n ? n : 1, sizeof(*entries));
    xs_status st = XS_ERR_NOMEM;
    if (entries != NULL && describe_chain(run, peer, cm, entries)) {
        xs_report_input in = {
            .command = "verify",
            .policy = ctx->policy,
            .purpose = params->purpose,
            .host = params->host,
            .at = at,
            .synthetic_leaf = params->leaf_is_synthetic,
            .openssl_ran = true,
            .chain = entries,
            .chain_len = n,
            .openssl = &run->findings,
            .own = own,
            .first_openssl_code = run->first_code,
            .python_code = python_run->first_code,
        };
        st = xs_report_build(out, &in);
    }
    for (size_t i = 0; entries != NULL && i < n; i++) {
        xs_chain_entry_cleanup(&entries[i]);
    }
    free(entries);
    return st;
}

/* verify_x509 runs the policy's verification and Python's, lints the built
 * chain, and makes the report. `untrusted` holds the peer chain, leaf
 * first, then the pool; `chain` (may be NULL) the peer's loaded bytes. */
static xs_status verify_x509(const xs_ctx *ctx, xs_report **out, X509_STORE *store,
                             STACK_OF(X509) *peer, STACK_OF(X509) *untrusted,
                             const xs_certs *chain, const xs_chain_params *params, int64_t at)
{
    xs_chain_params py;
    xs_chain_result run, python_run;
    xs_findings own;
    chain_models cm = {0};
    xs_chain_result_init(&python_run);
    xs_findings_init(&own);
    python_params(ctx, params, &py);
    X509 *leaf = sk_X509_value(peer, 0);
    xs_status st = xs_chain_verify(store, untrusted, leaf, params, at, &run);
    bool reuse = same_params(params, &py);
    if (st == XS_OK && !reuse) {
        st = xs_chain_verify(store, untrusted, leaf, &py, at, &python_run);
    }
    if (st == XS_OK) {
        st = chain_models_parse(&cm, ctx, chain, run.chain, leaf);
    }
    if (st == XS_OK) {
        lint_chain(&cm, &run, params->leaf_is_synthetic, &own);
        st = build_report(ctx, out, params, &run, reuse ? &run : &python_run, peer, &cm, &own, at);
    }
    chain_models_cleanup(&cm);
    xs_findings_cleanup(&own);
    xs_chain_result_cleanup(&run);
    xs_chain_result_cleanup(&python_run);
    return st;
}

static bool all_parsed(const xs_certs *certs)
{
    for (size_t i = 0; i < certs->count; i++) {
        if (certs->items[i]->x509 == NULL) {
            return false;
        }
    }
    return true;
}

static STACK_OF(X509) *stack_of(const xs_certs *certs)
{
    STACK_OF(X509) *sk = sk_X509_new_reserve(NULL, (int)certs->count);
    for (size_t i = 0; sk != NULL && i < certs->count; i++) {
        sk_X509_push(sk, certs->items[i]->x509); /* reserved: cannot fail */
    }
    return sk;
}

xs_status xs_verify(xs_ctx *ctx, xs_report **out, const xs_certs *chain, int64_t at)
{
    if (out != NULL) {
        *out = NULL;
    }
    if (ctx == NULL || out == NULL || chain == NULL || chain->count == 0 || !all_parsed(chain)) {
        return XS_ERR_INVALID_ARG;
    }
    if (chain->count + (size_t)sk_X509_num(ctx->pool) > XS_MAX_UNTRUSTED) {
        return XS_ERR_LIMIT;
    }
    STACK_OF(X509) *peer = stack_of(chain);
    STACK_OF(X509) *untrusted = stack_of(chain);
    xs_status st = XS_ERR_NOMEM;
    if (peer != NULL && untrusted != NULL) {
        st = XS_OK;
        for (int i = 0; st == XS_OK && i < sk_X509_num(ctx->pool); i++) {
            st = sk_X509_push(untrusted, sk_X509_value(ctx->pool, i)) ? XS_OK : XS_ERR_NOMEM;
        }
    }
    if (st == XS_OK) {
        st = verify_x509(ctx, out, ctx->store, peer, untrusted, chain, &ctx->params, at);
    }
    sk_X509_free(peer);
    sk_X509_free(untrusted);
    return st;
}

xs_status xs_verify_anchor(xs_ctx *ctx, xs_report **out, const xs_certs *anchors, size_t i,
                           int64_t at, char *err, size_t err_len)
{
    if (out != NULL) {
        *out = NULL;
    }
    if (ctx == NULL || out == NULL || anchors == NULL || i >= anchors->count ||
        anchors->items[i]->x509 == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    X509 *anchor = anchors->items[i]->x509;
    X509 *leaf = NULL;
    xs_status st = xs_chain_synthetic_leaf(anchor, at, &leaf, err, err_len);
    if (st != XS_OK) {
        return st;
    }
    X509_STORE *store = X509_STORE_new();
    STACK_OF(X509) *peer = sk_X509_new_null();
    st = XS_ERR_NOMEM;
    if (store != NULL && peer != NULL && X509_STORE_add_cert(store, anchor) &&
        sk_X509_push(peer, leaf)) {
        xs_chain_params params = ctx->params;
        params.leaf_is_synthetic = true;
        params.host = NULL;
        st = verify_x509(ctx, out, store, peer, peer, anchors, &params, at);
    }
    sk_X509_free(peer);
    X509_STORE_free(store);
    X509_free(leaf);
    return st;
}
