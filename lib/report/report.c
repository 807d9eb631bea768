/*
 * report.c: verification entry points and the report they return. A
 * report joins what OpenSSL found (chain/) with the policy's severities and
 * Python 3.13's prediction.
 */
#include "report/report.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PYTHON_VERIFY_PREFIX "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "

void xs_rfc3339(int64_t t, char out[21])
{
    struct tm tm;
    time_t tt = (time_t)t;
    if (gmtime_r(&tt, &tm) == NULL || strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
        snprintf(out, 21, "@%lld", (long long)t);
    }
}

/* keep takes ownership of `s` (which may be NULL after a failed
 * allocation) and returns it, or NULL and frees it if it can't be kept. */
static char *keep(xs_report *r, char *s)
{
    if (s == NULL) {
        return NULL;
    }
    if (r->string_count == r->string_cap) {
        size_t cap = r->string_cap ? r->string_cap * 2 : 32;
        char **grown = realloc(r->strings, cap * sizeof(*grown));
        if (grown == NULL) {
            free(s);
            return NULL;
        }
        r->strings = grown;
        r->string_cap = cap;
    }
    r->strings[r->string_count++] = s;
    return s;
}

static char *keep_copy(xs_report *r, const char *s)
{
    return keep(r, xs_strdup(s));
}

static char *asn1_time_text(const ASN1_TIME *t)
{
    struct tm tm;
    char text[21] = "";
    if (t == NULL || !ASN1_TIME_to_tm(t, &tm) ||
        strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
        return xs_strdup("");
    }
    return xs_strdup(text);
}

static char *fingerprint_hex(X509 *x)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    char *hex = malloc(2 * EVP_MAX_MD_SIZE + 1);
    if (hex == NULL) {
        return NULL;
    }
    hex[0] = 0;
    if (X509_digest(x, EVP_sha256(), md, &len)) {
        for (unsigned i = 0; i < len; i++) {
            snprintf(hex + 2 * i, 3, "%02x", md[i]);
        }
    }
    return hex;
}

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

static bool fill_chain(xs_report *r, const xs_chain_result *run, STACK_OF(X509) *peer)
{
    int n = sk_X509_num(run->chain);
    r->chain = calloc(n > 0 ? (size_t)n : 1, sizeof(*r->chain));
    if (r->chain == NULL) {
        return false;
    }
    for (int i = 0; i < n; i++) {
        X509 *x = sk_X509_value(run->chain, i);
        xs_chain_cert *c = &r->chain[i];
        c->depth = i;
        c->origin = origin_of(run, peer, i);
        if ((c->subject = keep(r, xs_name_to_string(X509_get_subject_name(x)))) == NULL ||
            (c->issuer = keep(r, xs_name_to_string(X509_get_issuer_name(x)))) == NULL ||
            (c->sha256 = keep(r, fingerprint_hex(x))) == NULL ||
            (c->not_before = keep(r, asn1_time_text(X509_get0_notBefore(x)))) == NULL ||
            (c->not_after = keep(r, asn1_time_text(X509_get0_notAfter(x)))) == NULL) {
            return false;
        }
        r->chain_len++;
    }
    return true;
}

static bool fill_findings(xs_report *r, const xs_policy *policy, const xs_findings *raw)
{
    r->findings = calloc(raw->count ? raw->count : 1, sizeof(*r->findings));
    if (r->findings == NULL) {
        return false;
    }
    for (size_t i = 0; i < raw->count; i++) {
        const xs_raw_finding *x = &raw->items[i];
        xs_severity sev = xs_policy_resolve(policy, x->rule);
        if (sev == XS_SEV_OFF) {
            continue;
        }
        const xs_rule_info *rule = xs_rule_info_of(x->rule);
        bool on_chain = x->depth >= 0 && (size_t)x->depth < r->chain_len;
        xs_finding *f = &r->findings[r->finding_count++];
        f->mnemonic = rule->mnemonic;
        f->severity = sev;
        f->source = rule->family;
        f->section = rule->section;
        f->depth = x->depth;
        f->subject = on_chain ? r->chain[x->depth].subject : "";
        f->sha256 = on_chain ? r->chain[x->depth].sha256 : "";
        f->message = x->detail != NULL ? keep_copy(r, x->detail) : rule->summary;
        f->openssl_code = rule->openssl_code;
        if (f->message == NULL) {
            return false;
        }
        if (sev == XS_SEV_ERROR) {
            r->verdict = XS_VERDICT_REJECT;
        }
    }
    return true;
}

/* python_message is what Python puts in verify_message: OpenSSL's string,
 * except for the two codes _ssl.c words itself. */
static char *python_message(int code, const char *host)
{
    char text[512];
    if (code == X509_V_ERR_HOSTNAME_MISMATCH && host != NULL) {
        snprintf(text, sizeof(text), "Hostname mismatch, certificate is not valid for '%s'.", host);
    } else if (code == X509_V_ERR_IP_ADDRESS_MISMATCH && host != NULL) {
        snprintf(text, sizeof(text), "IP address mismatch, certificate is not valid for '%s'.",
                 host);
    } else {
        snprintf(text, sizeof(text), "%s", X509_verify_cert_error_string(code));
    }
    return xs_strdup(text);
}

xs_status xs_report_build(xs_report **out, const xs_ctx *ctx, const xs_chain_params *params,
                          const xs_chain_result *run, const xs_chain_result *python_run,
                          STACK_OF(X509) *peer, int64_t at)
{
    *out = NULL;
    xs_report *r = calloc(1, sizeof(*r));
    if (r == NULL) {
        return XS_ERR_NOMEM;
    }
    r->command = "verify";
    r->purpose = params->purpose;
    r->at = at;
    r->synthetic_leaf = params->leaf_is_synthetic;
    r->first_openssl_code = run->first_code;
    r->python.verify_code = python_run->first_code;
    bool ok = (r->policy = keep_copy(r, ctx->policy->name)) != NULL &&
              (params->host == NULL || (r->host = keep_copy(r, params->host)) != NULL) &&
              fill_chain(r, run, peer) && fill_findings(r, ctx->policy, &run->findings);
    if (ok && python_run->first_code != 0) {
        ok = (r->python.verify_message =
                  keep(r, python_message(python_run->first_code, params->host))) != NULL;
    }
    if (!ok) {
        xs_report_free(r);
        return XS_ERR_NOMEM;
    }
    *out = r;
    return XS_OK;
}

void xs_report_free(xs_report *r)
{
    if (r == NULL) {
        return;
    }
    for (size_t i = 0; i < r->string_count; i++) {
        free(r->strings[i]);
    }
    free(r->strings);
    free(r->chain);
    free(r->findings);
    free(r);
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

/* verify_x509 runs the policy's verification and Python's, and makes the
 * report. `untrusted` holds the peer chain, leaf first, then the pool. */
static xs_status verify_x509(const xs_ctx *ctx, xs_report **out, X509_STORE *store,
                             STACK_OF(X509) *peer, STACK_OF(X509) *untrusted,
                             const xs_chain_params *params, int64_t at)
{
    xs_chain_params py;
    xs_chain_result run, python_run;
    xs_chain_result_init(&python_run);
    python_params(ctx, params, &py);
    X509 *leaf = sk_X509_value(peer, 0);
    xs_status st = xs_chain_verify(store, untrusted, leaf, params, at, &run);
    bool reuse = same_params(params, &py);
    if (st == XS_OK && !reuse) {
        st = xs_chain_verify(store, untrusted, leaf, &py, at, &python_run);
    }
    if (st == XS_OK) {
        st = xs_report_build(out, ctx, params, &run, reuse ? &run : &python_run, peer, at);
    }
    xs_chain_result_cleanup(&run);
    xs_chain_result_cleanup(&python_run);
    return st;
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
    if (ctx == NULL || out == NULL || chain == NULL || chain->count == 0) {
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
        st = verify_x509(ctx, out, ctx->store, peer, untrusted, &ctx->params, at);
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
    if (ctx == NULL || out == NULL || anchors == NULL || i >= anchors->count) {
        return XS_ERR_INVALID_ARG;
    }
    X509 *anchor = anchors->items[i]->x509;
    X509 *leaf = NULL;
    xs_status st = xs_chain_synthetic_leaf(&ctx->keys, anchor, at, &leaf, err, err_len);
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
        st = verify_x509(ctx, out, store, peer, peer, &params, at);
    }
    sk_X509_free(peer);
    X509_STORE_free(store);
    X509_free(leaf);
    return st;
}

xs_verdict xs_report_verdict(const xs_report *r)
{
    return r->verdict;
}

const char *xs_report_policy(const xs_report *r)
{
    return r->policy;
}

size_t xs_report_finding_count(const xs_report *r)
{
    return r->finding_count;
}

const xs_finding *xs_report_finding(const xs_report *r, size_t i)
{
    return i < r->finding_count ? &r->findings[i] : NULL;
}

size_t xs_report_chain_length(const xs_report *r)
{
    return r->chain_len;
}

const xs_chain_cert *xs_report_chain_cert(const xs_report *r, size_t i)
{
    return i < r->chain_len ? &r->chain[i] : NULL;
}

const xs_python_outcome *xs_report_python(const xs_report *r)
{
    return &r->python;
}

int xs_report_first_openssl_code(const xs_report *r)
{
    return r->first_openssl_code;
}

int xs_format_parse(const char *name, xs_format *out)
{
    static const char *const names[] = {"text", "json", "cbor"};
    for (size_t i = 0; i < XS_ARRAY_LEN(names); i++) {
        if (name != NULL && strcmp(name, names[i]) == 0) {
            *out = (xs_format)i;
            return 0;
        }
    }
    return -1;
}

xs_status xs_report_emit(const xs_report *r, xs_format format, unsigned flags, uint8_t **out,
                         size_t *out_len)
{
    if (r == NULL || out == NULL || out_len == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    xs_buf buf;
    xs_buf_init(&buf);
    xs_status st = XS_ERR_INVALID_ARG;
    switch (format) {
    case XS_FORMAT_TEXT:
        st = xs_emit_text(r, flags, &buf);
        break;
    case XS_FORMAT_JSON:
        st = xs_emit_json(r, &buf);
        break;
    case XS_FORMAT_CBOR:
        st = xs_emit_cbor(r, &buf);
        break;
    }
    if (st != XS_OK) {
        xs_buf_cleanup(&buf);
        return st;
    }
    return xs_buf_finish(&buf, out, out_len);
}
