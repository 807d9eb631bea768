/*
 * cache.c: what the auditor keeps of each certificate (its parse, checks,
 * description; for the verify step, its signatures, self-issuance and
 * validity comparisons), and the memo that serves those to chain.h's
 * xs_chain_verify_step.
 */
#include "audit/audit_internal.h"

#include <openssl/err.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cert/name_text.h"
#include "rules/check.h"

/* Fingerprints are keyed by their first 16 hex digits read as a number. */
const void *xs_audit_sha_key(const char *sha256)
{
    uint64_t h = 0;
    for (int i = 0; i < 16 && sha256[i] != 0; i++) {
        char c = sha256[i];
        h = h * 16 + (uint64_t)(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return (const void *)(uintptr_t)(h | 1); /* never NULL */
}

void xs_audit_info_free(cert_info *ci)
{
    if (ci == NULL) {
        return;
    }
    for (lint_memo *l = ci->lints, *next; l != NULL; l = next) {
        next = l->next;
        xs_findings_cleanup(&l->findings);
        free(l);
    }
    if (ci->model_state == 1) {
        xs_model_cleanup(&ci->model);
    }
    xs_chain_entry_cleanup(&ci->desc);
    xs_cert_unref(ci->cert);
    X509_free(ci->x509);
    free(ci);
}

/* persistent_info returns the cached entry for `x`, or NULL. */
cert_info *xs_audit_persistent_info(const xs_auditor *a, const X509 *x)
{
    xs_ptrmap_slot *s = xs_ptrmap_find(&a->infos, x, NULL);
    return s != NULL ? s->value : NULL;
}

static cert_info *transient_info(const xs_auditor *a, const X509 *x)
{
    for (size_t i = 0; i < a->ntransient; i++) {
        if (a->transient[i]->x509 == x) {
            return a->transient[i];
        }
    }
    return NULL;
}

static cert_info *info_new(X509 *x, xs_cert *cert)
{
    cert_info *ci = calloc(1, sizeof(*ci));
    if (ci == NULL || !X509_up_ref(x)) {
        free(ci);
        return NULL;
    }
    ci->x509 = x;
    ci->cert = cert != NULL ? xs_cert_ref(cert) : NULL;
    return ci;
}

/* add_persistent caches `x` (with its loaded form `cert`, may be NULL) for
 * the auditor's life. */
cert_info *xs_audit_add_persistent(xs_auditor *a, X509 *x, xs_cert *cert)
{
    cert_info *ci = xs_audit_persistent_info(a, x);
    if (ci != NULL) {
        return ci;
    }
    if ((ci = info_new(x, cert)) == NULL || !xs_ptrmap_put(&a->infos, x, NULL, ci)) {
        xs_audit_info_free(ci);
        return NULL;
    }
    if (cert != NULL && xs_ptrmap_find(&a->by_sha, xs_audit_sha_key(cert->sha256), NULL) == NULL) {
        xs_ptrmap_put(&a->by_sha, xs_audit_sha_key(cert->sha256), NULL, ci); /* a miss only costs a parse */
    }
    return ci;
}

cert_info *xs_audit_add_transient(xs_auditor *a, X509 *x, xs_cert *cert, bool synthetic)
{
    if (a->ntransient == MAX_TRANSIENT) {
        return NULL;
    }
    cert_info *ci = info_new(x, cert);
    if (ci != NULL) {
        ci->verify.placeholder_signature = synthetic;
        a->transient[a->ntransient++] = ci;
    }
    return ci;
}

void xs_audit_drop_transient(xs_auditor *a)
{
    for (size_t i = 0; i < a->ntransient; i++) {
        xs_audit_info_free(a->transient[i]);
    }
    a->ntransient = 0;
    a->ntransient_sigs = 0;
}

/* info_of finds what the audit knows of a certificate of a built chain; a
 * certificate met for the first time (one OpenSSL found in a trust
 * directory) is cached for the auditor's life. */
cert_info *xs_audit_info_of(xs_auditor *a, X509 *x)
{
    cert_info *ci = transient_info(a, x);
    return ci != NULL ? ci : xs_audit_add_persistent(a, x, NULL);
}

/* info_der makes sure ci->cert holds the certificate's DER: the bytes we
 * loaded, else OpenSSL's encoding. */
static bool info_der(cert_info *ci)
{
    if (ci->cert != NULL) {
        return true;
    }
    unsigned char *der = NULL;
    int len = i2d_X509(ci->x509, &der);
    xs_status st = len > 0 ? xs_cert_new(&ci->cert, der, (size_t)len, XS_LOAD_RAW, NULL, 0)
                           : XS_ERR_CRYPTO;
    OPENSSL_free(der);
    return st == XS_OK;
}

const xs_model *xs_audit_info_model(cert_info *ci)
{
    if (ci->model_state == 0) {
        ci->model_state = -1;
        if (info_der(ci) &&
            xs_model_parse(&ci->model, ci->cert->der, ci->cert->der_len, false) == XS_OK) {
            ci->model_state = 1;
        }
    }
    return ci->model_state == 1 ? &ci->model : NULL;
}

/* time_text renders a model time as reports do ("" when unreadable). */
static char *time_text(const xs_time *t)
{
    char text[XS_RFC3339_SIZE] = "";
    if (t->present && (t->defects & (XS_TIME_BAD_SYNTAX | XS_TIME_BAD_CALENDAR)) == 0) {
        xs_rfc3339(t->seconds, text);
    }
    return xs_strdup(text);
}

/* describe_model describes a certificate as reports show it, from its
 * model (as verify.c and lint.c do): RFC 4514 names, SHA-256 of its DER,
 * RFC 3339 times. */
bool xs_audit_describe_model(const xs_model *m, const char *sha256, xs_chain_entry *e)
{
    e->subject = xs_name_text(&m->subject);
    e->issuer = xs_name_text(&m->issuer);
    e->sha256 = xs_strdup(sha256);
    e->not_before = time_text(&m->not_before);
    e->not_after = time_text(&m->not_after);
    return e->subject && e->issuer && e->sha256 && e->not_before && e->not_after;
}

const xs_chain_entry *xs_audit_info_desc(cert_info *ci)
{
    if (ci->described) {
        return &ci->desc;
    }
    const xs_model *m = xs_audit_info_model(ci);
    if (m == NULL || !xs_audit_describe_model(m, ci->cert->sha256, &ci->desc)) {
        xs_chain_entry_cleanup(&ci->desc);
        memset(&ci->desc, 0, sizeof(ci->desc));
        return NULL;
    }
    ci->described = true;
    return &ci->desc;
}

/* info_lint returns the findings of every check on the certificate as the
 * one at `depth` of a chain of `chain_len` below `issuer` (may be NULL),
 * whose top came from the trust store when `anchored`. */
const xs_findings *xs_audit_info_lint(cert_info *ci, cert_info *issuer, int depth, int chain_len,
                                    bool anchored)
{
    const X509 *issuer_x = issuer != NULL ? issuer->x509 : NULL;
    for (lint_memo *l = ci->lints; l != NULL; l = l->next) {
        if (l->issuer == issuer_x && l->depth == depth && l->chain_len == chain_len &&
            l->anchored == anchored) {
            return &l->findings;
        }
    }
    const xs_model *m = xs_audit_info_model(ci);
    const xs_model *im = issuer != NULL ? xs_audit_info_model(issuer) : NULL;
    lint_memo *l = calloc(1, sizeof(*l));
    if (m == NULL || (issuer != NULL && im == NULL) || l == NULL) {
        free(l);
        return NULL;
    }
    l->issuer = issuer_x;
    l->depth = depth;
    l->chain_len = chain_len;
    l->anchored = anchored;
    xs_findings_init(&l->findings);
    xs_lint_model_in_chain(m, im, depth, chain_len, anchored, &l->findings);
    l->next = ci->lints;
    ci->lints = l;
    return l->findings.failed ? NULL : &l->findings;
}

static xs_auditor *auditor_of(xs_verify_memo *memo)
{
    return (xs_auditor *)(void *)((char *)memo - offsetof(xs_auditor, memo));
}

static xs_verify_cert_memo *memo_cert(xs_verify_memo *memo, X509 *x)
{
    cert_info *ci = xs_audit_info_of(auditor_of(memo), x);
    return ci != NULL ? &ci->verify : NULL;
}

static int memo_signature(xs_verify_memo *memo, const X509 *subject, const X509 *issuer)
{
    const xs_auditor *a = auditor_of(memo);
    for (size_t i = 0; i < a->ntransient_sigs; i++) {
        if (a->transient_sigs[i].subject == subject && a->transient_sigs[i].issuer == issuer) {
            return a->transient_sigs[i].ok ? 1 : 0;
        }
    }
    xs_ptrmap_slot *s = xs_ptrmap_find(&a->sigs, subject, issuer);
    return s == NULL ? -1 : s->value == (void *)1;
}

static void memo_remember_signature(xs_verify_memo *memo, const X509 *subject,
                                    const X509 *issuer, bool ok)
{
    xs_auditor *a = auditor_of(memo);
    if (xs_audit_persistent_info(a, subject) != NULL && xs_audit_persistent_info(a, issuer) != NULL) {
        xs_ptrmap_put(&a->sigs, subject, issuer, ok ? (void *)1 : (void *)2);
    } else if (a->ntransient_sigs < MAX_TRANSIENT_SIGS) {
        a->transient_sigs[a->ntransient_sigs++] = (sig_result){subject, issuer, ok};
    }
}

void xs_audit_memo_init(xs_verify_memo *memo)
{
    *memo = (xs_verify_memo){memo_cert, memo_signature, memo_remember_signature};
}
