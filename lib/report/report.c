/*
 * report.c: the report: what OpenSSL found and what x509strict's own checks
 * found, with the policy's severities, the verdict and Python 3.13's
 * prediction; its accessors; and the dispatch to the emitters.
 */
#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/civil.h"

/* RFC 3339 has four-digit years only: 0000-01-01T00:00:00Z .. 9999-12-31T23:59:59Z. */
#define RFC3339_EARLIEST INT64_C(-62167219200)
#define RFC3339_LATEST INT64_C(253402300799)

void xs_rfc3339(int64_t t, char out[XS_RFC3339_SIZE])
{
    if (t < RFC3339_EARLIEST || t > RFC3339_LATEST) {
        snprintf(out, XS_RFC3339_SIZE, "@%lld", (long long)t);
        return;
    }
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t secs = t - days * 86400;
    int64_t year;
    int month, day;
    xs_civil_from_days(days, &year, &month, &day);
    char text[64]; /* the fields are in range; the compiler cannot know it */
    snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)year, month, day,
             (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
    memcpy(out, text, 20); /* exactly 20 characters: years 0000-9999 */
    out[20] = 0;
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

/* fill_chain copies the chain's description into the report. */
void xs_chain_entry_cleanup(xs_chain_entry *e)
{
    free(e->subject);
    free(e->issuer);
    free(e->sha256);
    free(e->not_before);
    free(e->not_after);
}

static const char *or_empty(const char *s)
{
    return s != NULL ? s : "";
}

static bool fill_chain(xs_report *r, const xs_chain_entry *chain, size_t n)
{
    r->chain = calloc(n > 0 ? n : 1, sizeof(*r->chain));
    if (r->chain == NULL) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        const xs_chain_entry *from = &chain[i];
        xs_chain_cert *c = &r->chain[i];
        c->depth = (int)i;
        c->origin = from->origin;
        if ((c->subject = keep_copy(r, or_empty(from->subject))) == NULL ||
            (c->issuer = keep_copy(r, or_empty(from->issuer))) == NULL ||
            (c->sha256 = keep_copy(r, or_empty(from->sha256))) == NULL ||
            (c->not_before = keep_copy(r, or_empty(from->not_before))) == NULL ||
            (c->not_after = keep_copy(r, or_empty(from->not_after))) == NULL) {
            return false;
        }
        r->chain_len++;
    }
    return true;
}

static bool reported_by_openssl(const xs_findings *openssl, const xs_raw_finding *x)
{
    for (size_t i = 0; openssl != NULL && i < openssl->count; i++) {
        if (openssl->items[i].rule == x->rule && openssl->items[i].depth == x->depth) {
            return true;
        }
    }
    return false;
}

/* resolve_severity: the policy's severity for OpenSSL's findings, the
 * capped one for the checks' findings. A certificate our reader could not
 * read whole was not fully checked, and without OpenSSL nobody else parsed
 * it: its DER findings keep the policy's uncapped severity (no silent pass). */
static xs_severity resolve_severity(const xs_report_input *in, const xs_raw_finding *x,
                                    bool from_openssl)
{
    if (from_openssl || (x->unreadable && !in->openssl_ran)) {
        return xs_policy_resolve(in->policy, x->rule);
    }
    return xs_policy_resolve_own(in->policy, x->rule, x->predates, in->openssl_ran);
}

/* add_finding resolves one raw finding's severity and adds it, unless the
 * policy turns it off. */
static bool add_finding(xs_report *r, const xs_report_input *in, const xs_raw_finding *x,
                        bool from_openssl)
{
    xs_severity sev = resolve_severity(in, x, from_openssl);
    if (sev == XS_SEV_OFF) {
        return true;
    }
    const xs_rule_info *rule = xs_rule_info_of(x->rule);
    bool on_chain = x->depth >= 0 && (size_t)x->depth < r->chain_len;
    xs_finding *f = &r->findings[r->finding_count++];
    f->mnemonic = rule->mnemonic;
    f->severity = sev;
    f->source = x->source;
    f->section = rule->section;
    f->depth = x->depth;
    f->subject = on_chain ? r->chain[x->depth].subject : "";
    f->sha256 = on_chain ? r->chain[x->depth].sha256 : "";
    f->message = x->detail != NULL ? keep_copy(r, x->detail) : rule->summary;
    f->openssl_code = rule->openssl_code;
    f->path = x->path != NULL ? keep_copy(r, x->path) : NULL;
    f->offset = x->offset == SIZE_MAX ? -1 : (long long)x->offset;
    if (sev == XS_SEV_ERROR) {
        r->verdict = XS_VERDICT_REJECT;
    }
    return f->message != NULL && (x->path == NULL || f->path != NULL);
}

/* fill_findings joins OpenSSL's findings and the checks' findings. A check
 * that finds what OpenSSL reported (same rule, same depth) adds nothing:
 * OpenSSL's report of it stands. */
/* add_dropped says how many findings the cap kept out. */
static bool add_dropped(xs_report *r, const xs_report_input *in)
{
    size_t dropped = (in->openssl ? in->openssl->dropped : 0) + (in->own ? in->own->dropped : 0);
    if (dropped == 0) {
        return true;
    }
    char detail[128];
    snprintf(detail, sizeof(detail), "%zu more findings than the %u a report keeps", dropped,
             XS_MAX_FINDINGS);
    xs_raw_finding x = {.rule = XS_R_LIMIT_EXCEEDED, .depth = -1, .detail = detail,
                        .source = "der", .offset = SIZE_MAX};
    return add_finding(r, in, &x, false);
}

static bool fill_findings(xs_report *r, const xs_report_input *in)
{
    size_t total = (in->openssl ? in->openssl->count : 0) + (in->own ? in->own->count : 0) + 1;
    r->findings = calloc(total ? total : 1, sizeof(*r->findings));
    if (r->findings == NULL) {
        return false;
    }
    for (size_t i = 0; in->openssl != NULL && i < in->openssl->count; i++) {
        if (!add_finding(r, in, &in->openssl->items[i], true)) {
            return false;
        }
    }
    for (size_t i = 0; in->own != NULL && i < in->own->count; i++) {
        const xs_raw_finding *x = &in->own->items[i];
        if (!reported_by_openssl(in->openssl, x) && !add_finding(r, in, x, false)) {
            return false;
        }
    }
    return add_dropped(r, in);
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

xs_status xs_report_build(xs_report **out, const xs_report_input *in)
{
    *out = NULL;
    xs_report *r = calloc(1, sizeof(*r));
    if (r == NULL) {
        return XS_ERR_NOMEM;
    }
    r->command = in->command;
    r->purpose = in->purpose;
    r->at = in->at;
    r->synthetic_leaf = in->synthetic_leaf;
    r->first_openssl_code = in->first_openssl_code;
    r->python.verify_code = in->python_code;
    bool ok = (r->policy = keep_copy(r, in->policy->name)) != NULL &&
              (in->host == NULL || (r->host = keep_copy(r, in->host)) != NULL) &&
              fill_chain(r, in->chain, in->chain_len) && fill_findings(r, in);
    if (ok && in->python_code > 0) {
        ok = (r->python.verify_message = keep(r, python_message(in->python_code, in->host))) !=
             NULL;
    }
    bool failed = (in->openssl != NULL && in->openssl->failed) || (in->own != NULL && in->own->failed);
    if (!ok || failed) {
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
