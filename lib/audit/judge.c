/*
 * judge.c: judging one certificate under every policy: the chain it
 * heads or ends (a stand-in leaf below a CA), lint only, and what OpenSSL
 * cannot parse.
 */
#include "audit/audit_internal.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/check.h"

typedef struct {
    X509_STORE *store;
    STACK_OF(X509) *peer;      /* what the peer sends, leaf first */
    STACK_OF(X509) *untrusted; /* the peer's certificates, then the pool */
    X509 *leaf;
    bool synthetic;
    xs_chain_result runs[MAX_RUNS];
    xs_findings own[MAX_RUNS];
    bool linted[MAX_RUNS];
} judgment;

static void judgment_cleanup(judgment *j, X509_STORE *context_store)
{
    for (size_t r = 0; r < MAX_RUNS; r++) {
        xs_chain_result_cleanup(&j->runs[r]);
        xs_findings_cleanup(&j->own[r]);
    }
    if (j->store != context_store) {
        X509_STORE_free(j->store);
    }
    sk_X509_free(j->peer);
    sk_X509_free(j->untrusted);
}

/* lint_run runs every rule family on the chain run `r` built, each
 * certificate with its depth and issuer, from the caches. */
static xs_status lint_run(xs_auditor *a, judgment *j, size_t r)
{
    if (j->linted[r]) {
        return XS_OK;
    }
    STACK_OF(X509) *built = j->runs[r].chain;
    int n = sk_X509_num(built);
    bool anchored = j->runs[r].num_untrusted < n;
    for (int i = j->synthetic ? 1 : 0; i < n; i++) {
        cert_info *ci = xs_audit_info_of(a, sk_X509_value(built, i));
        cert_info *issuer = i + 1 < n ? xs_audit_info_of(a, sk_X509_value(built, i + 1)) : NULL;
        const xs_findings *f = ci != NULL && (i + 1 >= n || issuer != NULL)
                                   ? xs_audit_info_lint(ci, issuer, i, n, anchored)
                                   : NULL;
        if (f == NULL) {
            return XS_ERR_NOMEM;
        }
        for (size_t k = 0; k < f->count; k++) {
            const xs_raw_finding *x = &f->items[k];
            xs_finding_in in = {x->rule, x->depth, x->detail, x->source, x->offset, x->path,
                                x->predates, x->unreadable};
            xs_findings_add_raw(&j->own[r], &in);
        }
    }
    j->linted[r] = true;
    return j->own[r].failed ? XS_ERR_NOMEM : XS_OK;
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

static xs_status build_policy_report(xs_auditor *a, judgment *j, size_t p, int64_t t,
                                     xs_report **out)
{
    size_t r = a->run_of[p];
    const xs_chain_result *run = &j->runs[r];
    xs_status st = lint_run(a, j, r);
    size_t n = (size_t)sk_X509_num(run->chain);
    xs_chain_entry *entries = calloc(n ? n : 1, sizeof(*entries));
    if (st != XS_OK || entries == NULL) {
        free(entries);
        return XS_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        X509 *x = sk_X509_value(run->chain, (int)i);
        cert_info *ci = xs_audit_info_of(a, x);
        const xs_chain_entry *d = ci != NULL ? xs_audit_info_desc(ci) : NULL;
        if (d == NULL) {
            free(entries);
            return XS_ERR_NOMEM;
        }
        entries[i] = *d;
        entries[i].origin = (int)i >= run->num_untrusted ? "trust"
                            : in_stack(j->peer, x)       ? "peer"
                                                         : "untrusted";
    }
    xs_chain_params params = a->runs[r];
    xs_report_input in = {
        .command = "verify",
        .policy = a->policies[p],
        .purpose = params.purpose,
        .host = NULL,
        .at = t,
        .synthetic_leaf = j->synthetic,
        .openssl_ran = true,
        .chain = entries,
        .chain_len = n,
        .openssl = &run->findings,
        .own = &j->own[r],
        .first_openssl_code = run->first_code,
        .python_code = j->runs[a->py_run_of[p]].first_code,
    };
    st = xs_report_build(out, &in);
    free(entries); /* the descriptions belong to the caches */
    return st;
}

/* judge_chain judges `ci` (the certificate of the record, in its `role`)
 * at `t` under every policy, into reports[]. */
static xs_status judge_chain(xs_auditor *a, cert_info *ci, xs_audit_role role, int64_t t,
                             xs_report **reports, char *err, size_t err_len)
{
    judgment j;
    memset(&j, 0, sizeof(j));
    for (size_t r = 0; r < MAX_RUNS; r++) {
        xs_chain_result_init(&j.runs[r]);
        xs_findings_init(&j.own[r]);
    }
    xs_status st = XS_OK;
    j.synthetic = role != XS_AUDIT_LEAF;
    j.leaf = ci->x509;
    if (j.synthetic) {
        X509 *leaf = NULL;
        st = xs_chain_synthetic_leaf(ci->x509, t, &leaf, err, err_len);
        if (st == XS_OK && xs_audit_add_transient(a, leaf, NULL, true) == NULL) {
            st = XS_ERR_NOMEM;
        }
        X509_free(leaf); /* the transient entry holds it */
        j.leaf = leaf;
    }
    j.store = a->store;
    if (st == XS_OK && role == XS_AUDIT_ANCHOR) {
        /* the anchor, and nothing else, is trusted */
        if ((j.store = X509_STORE_new()) == NULL || !xs_audit_install(j.store, a) ||
            !X509_STORE_add_cert(j.store, ci->x509)) {
            st = XS_ERR_NOMEM;
        }
    }
    j.peer = sk_X509_new_null();
    j.untrusted = sk_X509_new_null();
    if (st == XS_OK && (j.peer == NULL || j.untrusted == NULL || !sk_X509_push(j.peer, j.leaf) ||
                        (role == XS_AUDIT_INTERMEDIATE && !sk_X509_push(j.peer, ci->x509)))) {
        st = XS_ERR_NOMEM;
    }
    for (int i = 0; st == XS_OK && i < sk_X509_num(j.peer); i++) {
        st = sk_X509_push(j.untrusted, sk_X509_value(j.peer, i)) ? XS_OK : XS_ERR_NOMEM;
    }
    for (int i = 0; st == XS_OK && role != XS_AUDIT_ANCHOR && i < sk_X509_num(a->pool); i++) {
        st = sk_X509_push(j.untrusted, sk_X509_value(a->pool, i)) ? XS_OK : XS_ERR_NOMEM;
    }
    for (size_t r = 0; st == XS_OK && r < a->nruns; r++) {
        xs_chain_params params = a->runs[r];
        params.leaf_is_synthetic = j.synthetic;
        params.host = NULL;
        st = xs_chain_verify(j.store, j.untrusted, j.leaf, &params, t, &j.runs[r]);
    }
    for (size_t p = 0; st == XS_OK && p < a->npol; p++) {
        st = build_policy_report(a, &j, p, t, &reports[p]);
    }
    judgment_cleanup(&j, a->store);
    ERR_clear_error();
    return st;
}

static xs_audit_role role_of(X509 *x)
{
    if (X509_check_ca(x) == 0) {
        return XS_AUDIT_LEAF;
    }
    return xs_audit_is_self_issued(x) ? XS_AUDIT_ANCHOR : XS_AUDIT_INTERMEDIATE;
}

/* judge_parsed judges a certificate OpenSSL could parse: at the audit's
 * time, then inside its validity when it lies outside it. */
static xs_status judge_parsed(xs_auditor *a, xs_audit_record *r, xs_cert *cert)
{
    /* a certificate of the context is judged from its cached entry */
    xs_ptrmap_slot *known = xs_ptrmap_find(&a->by_sha, xs_audit_sha_key(cert->sha256), NULL);
    cert_info *cached = known != NULL ? known->value : NULL;
    cert_info *ci = NULL;
    if (cached != NULL && cached->cert != NULL && strcmp(cached->cert->sha256, cert->sha256) == 0) {
        ci = cached;
    } else if ((ci = xs_audit_add_transient(a, cert->x509, cert, false)) == NULL) {
        return XS_ERR_NOMEM;
    }
    const xs_chain_entry *desc = xs_audit_info_desc(ci);
    if (desc == NULL || !xs_audit_describe_record(r, desc)) {
        return XS_ERR_NOMEM;
    }
    xs_audit_set_validity(r, xs_audit_info_model(ci));
    r->role = role_of(ci->x509);
    char err[256] = "";
    xs_status st = judge_chain(a, ci, r->role, r->at, r->reports, err, sizeof(err));
    if (st == XS_OK && r->valid_at != INT64_MIN) {
        st = judge_chain(a, ci, r->role, r->valid_at, r->valid_reports, err, sizeof(err));
    }
    if (st == XS_ERR_INVALID_ARG || st == XS_ERR_PARSE) {
        /* no stand-in leaf for its key: the record says why, unjudged */
        for (size_t p = 0; p < r->npol; p++) {
            xs_report_free(r->reports[p]);
            xs_report_free(r->valid_reports[p]);
            r->reports[p] = r->valid_reports[p] = NULL;
        }
        r->valid_at = INT64_MIN;
        return xs_audit_set_error(r, "not judged: ", err) ? XS_OK : XS_ERR_NOMEM;
    }
    return st;
}

static xs_status judge_lint(xs_auditor *a, xs_audit_record *r, xs_cert *cert)
{
    xs_model m;
    xs_status st = xs_model_parse(&m, cert->der, cert->der_len, false);
    if (st != XS_OK) {
        return st;
    }
    xs_findings own;
    xs_findings_init(&own);
    xs_lint_model(&m, NULL, 0, 0, &own);
    xs_chain_entry e = {0};
    e.origin = "input";
    if (!xs_audit_describe_model(&m, cert->sha256, &e) || !xs_audit_describe_record(r, &e)) {
        st = XS_ERR_NOMEM;
    }
    xs_audit_set_validity(r, &m);
    r->valid_at = INT64_MIN; /* rules do not depend on the time */
    if (r->role != XS_AUDIT_UNPARSED) {
        bool ca = m.bc.present ? m.bc.ca : m.version == 0 && xs_model_is_self_issued(&m);
        r->role = !ca ? XS_AUDIT_LEAF
                  : xs_model_is_self_issued(&m) ? XS_AUDIT_ANCHOR
                                                : XS_AUDIT_INTERMEDIATE;
    }
    for (size_t p = 0; st == XS_OK && p < a->npol; p++) {
        xs_report_input in = {
            .command = "lint",
            .policy = a->policies[p],
            .purpose = a->policies[p]->purpose,
            .at = r->at,
            .openssl_ran = false,
            .chain = &e,
            .chain_len = 1,
            .own = &own,
            .python_code = -1,
        };
        st = xs_report_build(&r->reports[p], &in);
    }
    xs_chain_entry_cleanup(&e);
    xs_findings_cleanup(&own);
    xs_model_cleanup(&m);
    return st;
}

static xs_status judge_cert(xs_auditor *a, xs_audit_record *r, xs_cert *cert)
{
    xs_status st;
    if (a->flags & XS_AUDIT_LINT_ONLY) {
        st = judge_lint(a, r, cert);
    } else {
        st = judge_parsed(a, r, cert);
    }
    xs_audit_drop_transient(a);
    return st;
}

xs_status xs_audit_judge(xs_auditor *a, xs_audit_record **out, const uint8_t *der, size_t der_len,
                         unsigned flags, const xs_audit_origin *origin, int64_t at)
{
    if (out != NULL) {
        *out = NULL;
    }
    if (a == NULL || out == NULL || (der == NULL && der_len > 0)) {
        return XS_ERR_INVALID_ARG;
    }
    char err[256] = "";
    xs_cert *cert = NULL;
    xs_status st = xs_audit_load_member(a, der, der_len, flags, &cert, err, sizeof(err));
    if (st == XS_ERR_NOMEM) {
        return st;
    }
    if (st != XS_OK && (a->flags & XS_AUDIT_LINT_ONLY) == 0 && der_len > 0 && der[0] == 0x30) {
        /* OpenSSL cannot parse it: lint what the bytes hold, and reject */
        xs_cert *raw = NULL;
        if (xs_cert_new(&raw, der, der_len, XS_LOAD_RAW, NULL, 0) == XS_OK) {
            xs_audit_record *r = xs_audit_record_new(a, origin, at);
            if (r == NULL) {
                xs_cert_unref(raw);
                return XS_ERR_NOMEM;
            }
            r->role = XS_AUDIT_UNPARSED;
            st = xs_audit_set_error(r, "not a certificate OpenSSL can parse: ", err) ? judge_lint(a, r, raw)
                                                                                : XS_ERR_NOMEM;
            xs_cert_unref(raw);
            if (st != XS_OK) {
                xs_audit_record_free(r);
                return st;
            }
            *out = r;
            return XS_OK;
        }
    }
    if (st != XS_OK) {
        return xs_audit_malformed(a, out, der, der_len, err, origin, at);
    }
    xs_audit_record *r = xs_audit_record_new(a, origin, at);
    st = r != NULL ? judge_cert(a, r, cert) : XS_ERR_NOMEM;
    xs_cert_unref(cert);
    if (st != XS_OK) {
        xs_audit_record_free(r);
        return st;
    }
    *out = r;
    return XS_OK;
}

xs_status xs_audit_judge_certs(xs_auditor *a, xs_audit_record **out, const xs_certs *certs,
                               size_t i, const xs_audit_origin *origin, int64_t at)
{
    if (out != NULL) {
        *out = NULL;
    }
    if (a == NULL || out == NULL || certs == NULL || i >= certs->count) {
        return XS_ERR_INVALID_ARG;
    }
    xs_cert *cert = certs->items[i];
    if (cert->x509 == NULL && (a->flags & XS_AUDIT_LINT_ONLY) == 0) {
        return xs_audit_judge(a, out, cert->der, cert->der_len, 0, origin, at);
    }
    xs_audit_record *r = xs_audit_record_new(a, origin, at);
    xs_status st = r != NULL ? judge_cert(a, r, cert) : XS_ERR_NOMEM;
    if (st != XS_OK) {
        xs_audit_record_free(r);
        return st;
    }
    *out = r;
    return XS_OK;
}

xs_status xs_audit_malformed(const xs_auditor *a, xs_audit_record **out, const uint8_t *bytes,
                             size_t len, const char *why, const xs_audit_origin *origin, int64_t at)
{
    if (out != NULL) {
        *out = NULL;
    }
    if (a == NULL || out == NULL || (bytes == NULL && len > 0)) {
        return XS_ERR_INVALID_ARG;
    }
    xs_audit_record *r = xs_audit_record_new(a, origin, at);
    if (r == NULL) {
        return XS_ERR_NOMEM;
    }
    unsigned char md[32];
    r->role = XS_AUDIT_MALFORMED;
    if (EVP_Digest(bytes != NULL ? bytes : (const uint8_t *)"", len, md, NULL, EVP_sha256(),
                   NULL)) {
        for (size_t i = 0; i < sizeof(md); i++) {
            snprintf(r->sha256 + 2 * i, 3, "%02x", md[i]);
        }
    }
    if (!xs_audit_set_text(&r->subject, "") || !xs_audit_set_text(&r->issuer, "") ||
        !xs_audit_set_text(&r->not_before, "") || !xs_audit_set_text(&r->not_after, "") ||
        !xs_audit_set_text(&r->error, why != NULL && why[0] ? why : "not a certificate")) {
        xs_audit_record_free(r);
        return XS_ERR_NOMEM;
    }
    *out = r;
    return XS_OK;
}
