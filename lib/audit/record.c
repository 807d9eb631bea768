/*
 * record.c: a record (one certificate's reports under every policy, at
 * the audit's time and inside its validity) and its accessors.
 */
#include "audit/audit_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

xs_audit_record *xs_audit_record_new(const xs_auditor *a, const xs_audit_origin *origin, int64_t at)
{
    xs_audit_record *r = calloc(1, sizeof(*r));
    if (r == NULL) {
        return NULL;
    }
    r->npol = a->npol;
    for (size_t p = 0; p < a->npol; p++) {
        r->policy_names[p] = a->policies[p]->name;
    }
    r->lint_only = (a->flags & XS_AUDIT_LINT_ONLY) != 0;
    r->validity = XS_VALIDITY_UNKNOWN;
    r->at = at;
    r->valid_at = INT64_MIN;
    bool ok = true;
    if (origin != NULL) {
        r->position = origin->position;
        r->offset = origin->offset;
        r->line = origin->line;
        ok = (origin->source == NULL || (r->source = xs_strdup(origin->source)) != NULL) &&
             (origin->key == NULL || (r->key = xs_strdup(origin->key)) != NULL);
    }
    if (!ok) {
        xs_audit_record_free(r);
        return NULL;
    }
    return r;
}

void xs_audit_record_free(xs_audit_record *r)
{
    if (r == NULL) {
        return;
    }
    for (size_t p = 0; p < r->npol; p++) {
        xs_report_free(r->reports[p]);
        xs_report_free(r->valid_reports[p]);
    }
    free(r->subject);
    free(r->issuer);
    free(r->not_before);
    free(r->not_after);
    free(r->error);
    free(r->source);
    free(r->key);
    free(r);
}

bool xs_audit_set_text(char **slot, const char *text)
{
    free(*slot);
    *slot = xs_strdup(text != NULL ? text : "");
    return *slot != NULL;
}

bool xs_audit_set_error(xs_audit_record *r, const char *prefix, const char *detail)
{
    char text[600];
    snprintf(text, sizeof(text), "%s%s", prefix, detail);
    return xs_audit_set_text(&r->error, text);
}

int64_t xs_audit_in_validity(int64_t not_before, int64_t not_after, int64_t at)
{
    if (not_before > not_after) {
        return INT64_MIN;
    }
    if (at > not_after) {
        return not_after - 60 >= not_before ? not_after - 60 : not_before;
    }
    if (at < not_before) {
        return not_before + 60 <= not_after ? not_before + 60 : not_after;
    }
    return at;
}

static bool model_seconds(const xs_time *t, int64_t *out)
{
    if (!t->present || (t->defects & (XS_TIME_BAD_SYNTAX | XS_TIME_BAD_CALENDAR)) != 0) {
        return false;
    }
    *out = t->seconds;
    return true;
}

/* set_validity classifies the certificate at `at` from its model's times
 * and, when it lies outside them, picks the instant of the second
 * judgment. */
void xs_audit_set_validity(xs_audit_record *r, const xs_model *m)
{
    int64_t nb, na;
    if (m == NULL || !model_seconds(&m->not_before, &nb) || !model_seconds(&m->not_after, &na)) {
        r->validity = XS_VALIDITY_UNKNOWN;
        return;
    }
    r->validity = r->at > na   ? XS_VALIDITY_EXPIRED
                  : r->at < nb ? XS_VALIDITY_NOT_YET_VALID
                               : XS_VALIDITY_CURRENT;
    if (r->validity != XS_VALIDITY_CURRENT) {
        r->valid_at = xs_audit_in_validity(nb, na, r->at);
    }
}

bool xs_audit_describe_record(xs_audit_record *r, const xs_chain_entry *e)
{
    snprintf(r->sha256, sizeof(r->sha256), "%s", e->sha256);
    return xs_audit_set_text(&r->subject, e->subject) && xs_audit_set_text(&r->issuer, e->issuer) &&
           xs_audit_set_text(&r->not_before, e->not_before) && xs_audit_set_text(&r->not_after, e->not_after);
}

static const char *const role_names[] = {"anchor", "intermediate", "leaf", "unparsed",
                                         "malformed"};
static const char *const validity_names[] = {"valid", "expired", "not-yet-valid", "unknown"};

const char *xs_audit_role_name(xs_audit_role role)
{
    return (unsigned)role < XS_ARRAY_LEN(role_names) ? role_names[role] : "unknown";
}

const char *xs_audit_validity_name(xs_validity v)
{
    return (unsigned)v < XS_ARRAY_LEN(validity_names) ? validity_names[v] : "unknown";
}

xs_audit_role xs_audit_record_role(const xs_audit_record *r)
{
    return r->role;
}

xs_validity xs_audit_record_validity(const xs_audit_record *r)
{
    return r->validity;
}

const char *xs_audit_record_sha256(const xs_audit_record *r)
{
    return r->sha256;
}

const char *xs_audit_record_subject(const xs_audit_record *r)
{
    return r->subject != NULL ? r->subject : "";
}

const char *xs_audit_record_error(const xs_audit_record *r)
{
    return r->error;
}

bool xs_audit_unreadable(const xs_audit_record *r)
{
    return r->role == XS_AUDIT_MALFORMED || r->role == XS_AUDIT_UNPARSED;
}

bool xs_audit_record_judged(const xs_audit_record *r, size_t p)
{
    return p < r->npol && (xs_audit_unreadable(r) || r->reports[p] != NULL);
}

bool xs_audit_report_rejects(const xs_report *rep)
{
    return rep != NULL && rep->verdict == XS_VERDICT_REJECT;
}

bool xs_audit_record_rejected(const xs_audit_record *r, size_t p)
{
    return p < r->npol && (xs_audit_unreadable(r) || xs_audit_report_rejects(r->reports[p]));
}

const xs_report *xs_audit_record_report(const xs_audit_record *r, size_t p)
{
    return p < r->npol ? r->reports[p] : NULL;
}

const xs_report *xs_audit_record_report_in_validity(const xs_audit_record *r, size_t p)
{
    return p < r->npol ? r->valid_reports[p] : NULL;
}

int64_t xs_audit_record_in_validity_at(const xs_audit_record *r)
{
    return r->valid_at;
}

/* effective: the judgment that says what is wrong besides expiry. */
const xs_report *xs_audit_effective(const xs_audit_record *r, size_t p)
{
    return r->valid_reports[p] != NULL ? r->valid_reports[p] : r->reports[p];
}

bool xs_audit_record_breaks(const xs_audit_record *r, size_t from, size_t to)
{
    if (from >= r->npol || to >= r->npol || xs_audit_unreadable(r)) {
        return false;
    }
    const xs_report *a = xs_audit_effective(r, from), *b = xs_audit_effective(r, to);
    return a != NULL && b != NULL && !xs_audit_report_rejects(a) && xs_audit_report_rejects(b);
}

bool xs_audit_has_error(const xs_report *rep, const xs_finding *f)
{
    for (size_t i = 0; rep != NULL && i < rep->finding_count; i++) {
        const xs_finding *g = &rep->findings[i];
        if (g->severity == XS_SEV_ERROR && g->depth == f->depth &&
            strcmp(g->mnemonic, f->mnemonic) == 0) {
            return true;
        }
    }
    return false;
}

/* errors_only_in: does `a` have an error finding `b` lacks? */
static bool errors_only_in(const xs_report *a, const xs_report *b)
{
    for (size_t i = 0; a != NULL && i < a->finding_count; i++) {
        if (a->findings[i].severity == XS_SEV_ERROR && !xs_audit_has_error(b, &a->findings[i])) {
            return true;
        }
    }
    return false;
}

bool xs_audit_record_changes(const xs_audit_record *r, size_t from, size_t to)
{
    if (from >= r->npol || to >= r->npol || xs_audit_unreadable(r)) {
        return false;
    }
    const xs_report *a = xs_audit_effective(r, from), *b = xs_audit_effective(r, to);
    if (a == NULL || b == NULL) {
        return (a == NULL) != (b == NULL);
    }
    return xs_audit_report_rejects(a) != xs_audit_report_rejects(b) || errors_only_in(a, b) || errors_only_in(b, a);
}
