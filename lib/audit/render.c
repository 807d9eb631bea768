/*
 * render.c: records as text (the table), JSON Lines and CBOR, through
 * report.h's writers.
 */
#include "audit/audit_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One finding across policies: where it was reported, and how severely. */
typedef struct {
    const xs_finding *f;
    xs_severity sev[XS_AUDIT_MAX_POLICIES]; /* XS_SEV_OFF: not reported */
} merged_finding;

static bool same_finding(const xs_finding *a, const xs_finding *b)
{
    return a->depth == b->depth && a->offset == b->offset && strcmp(a->mnemonic, b->mnemonic) == 0 &&
           strcmp(a->sha256, b->sha256) == 0 && strcmp(a->message, b->message) == 0 &&
           ((a->path == NULL && b->path == NULL) ||
            (a->path != NULL && b->path != NULL && strcmp(a->path, b->path) == 0));
}

/* merge_findings lists the findings of every policy's report once each, in
 * the order they first appear; *out is freed by the caller. */
static size_t merge_findings(xs_report *const *reports, size_t npol, merged_finding **out)
{
    size_t total = 0, n = 0;
    for (size_t p = 0; p < npol; p++) {
        total += reports[p] != NULL ? reports[p]->finding_count : 0;
    }
    merged_finding *m = calloc(total ? total : 1, sizeof(*m));
    *out = m;
    if (m == NULL) {
        return 0;
    }
    for (size_t p = 0; p < npol; p++) {
        for (size_t i = 0; reports[p] != NULL && i < reports[p]->finding_count; i++) {
            const xs_finding *f = &reports[p]->findings[i];
            /* the same finding twice under one policy stays twice */
            size_t k = 0;
            while (k < n && !(same_finding(m[k].f, f) && m[k].sev[p] == XS_SEV_OFF)) {
                k++;
            }
            if (k == n) {
                m[n++].f = f;
            }
            m[k].sev[p] = f->severity;
        }
    }
    return n;
}

static const xs_python_outcome *python_of(const xs_audit_record *r, xs_report *const *reports)
{
    for (size_t p = 0; p < r->npol; p++) {
        if (reports[p] != NULL && strcmp(r->policy_names[p], "python-3.13") == 0) {
            return &reports[p]->python;
        }
    }
    for (size_t p = 0; p < r->npol; p++) {
        if (reports[p] != NULL) {
            return &reports[p]->python;
        }
    }
    return NULL;
}

const char *xs_audit_verdict_name(const xs_audit_record *r, const xs_report *rep)
{
    if (xs_audit_unreadable(r)) {
        return "reject";
    }
    if (rep == NULL) {
        return "not-judged";
    }
    return rep->verdict == XS_VERDICT_REJECT ? "reject" : "accept";
}

static void walk_verdicts(xs_writer *w, const xs_audit_record *r, xs_report *const *reports)
{
    w->map(w, r->npol);
    for (size_t p = 0; p < r->npol; p++) {
        xs_put_string(w, r->policy_names[p], xs_audit_verdict_name(r, reports[p]));
    }
    w->end(w);
}

static void walk_severities(xs_writer *w, const xs_audit_record *r, const xs_severity *sev)
{
    size_t n = 0;
    for (size_t p = 0; p < r->npol; p++) {
        n += sev[p] != XS_SEV_OFF;
    }
    w->map(w, n);
    for (size_t p = 0; p < r->npol; p++) {
        if (sev[p] != XS_SEV_OFF) {
            xs_put_string(w, r->policy_names[p], xs_severity_name(sev[p]));
        }
    }
    w->end(w);
}

static void walk_input_finding(xs_writer *w, const xs_audit_record *r)
{
    xs_severity all[XS_AUDIT_MAX_POLICIES];
    for (size_t p = 0; p < r->npol; p++) {
        all[p] = XS_SEV_ERROR;
    }
    w->map(w, 12);
    xs_put_string(w, "mnemonic", INPUT_MALFORMED);
    xs_put_string(w, "source", "input");
    xs_put_string(w, "section", "");
    xs_put_int(w, "depth", r->role == XS_AUDIT_UNPARSED ? 0 : -1);
    xs_put_string(w, "subject", r->subject);
    xs_put_string(w, "sha256", r->sha256);
    xs_put_string(w, "message", r->error);
    xs_put_int(w, "openssl_code", -1);
    xs_put_string(w, "path", NULL);
    xs_put_string(w, "offset", NULL);
    w->key(w, "severity");
    walk_severities(w, r, all);
    xs_put_bool(w, "synthetic", false);
    w->end(w);
}

static bool walk_findings(xs_writer *w, const xs_audit_record *r, xs_report *const *reports)
{
    merged_finding *m = NULL;
    size_t n = merge_findings(reports, r->npol, &m);
    if (m == NULL) {
        w->out.failed = true;
        return false;
    }
    bool input = xs_audit_unreadable(r);
    w->array(w, n + input);
    if (input) {
        walk_input_finding(w, r);
    }
    for (size_t i = 0; i < n; i++) {
        const xs_finding *f = m[i].f;
        w->map(w, 12);
        xs_put_string(w, "mnemonic", f->mnemonic);
        xs_put_finding_fields(w, f);
        w->key(w, "severity");
        walk_severities(w, r, m[i].sev);
        /* a finding about the stand-in leaf itself (the leaf is at depth 0) */
        const xs_report *any = NULL;
        for (size_t p = 0; p < r->npol && any == NULL; p++) {
            any = reports[p];
        }
        xs_put_bool(w, "synthetic", any != NULL && any->synthetic_leaf && f->depth == 0);
        w->end(w);
    }
    w->end(w);
    free(m);
    return true;
}

static void walk_chain(xs_writer *w, xs_report *const *reports, size_t npol)
{
    const xs_report *rep = NULL;
    for (size_t p = 0; p < npol && rep == NULL; p++) {
        rep = reports[p];
    }
    size_t n = rep != NULL ? rep->chain_len : 0;
    w->array(w, n);
    for (size_t i = 0; i < n; i++) {
        const xs_chain_cert *c = &rep->chain[i];
        bool synthetic = rep->synthetic_leaf && i == 0;
        w->map(w, 4);
        xs_put_int(w, "depth", c->depth);
        xs_put_string(w, "subject", c->subject);
        xs_put_string(w, "sha256", c->sha256);
        xs_put_string(w, "origin", synthetic ? "synthetic" : c->origin);
        w->end(w);
    }
    w->end(w);
}

static void walk_record(xs_writer *w, const xs_audit_record *r, bool stream)
{
    w->map(w, (stream ? 0 : 4) + 15);
    if (!stream) {
        xs_put_int(w, "position", (int64_t)r->position);
        xs_put_string(w, "source", r->source);
        xs_put_int(w, "line", (int64_t)r->line);
        xs_put_int(w, "offset", (int64_t)r->offset);
    }
    xs_put_string(w, "key", r->key);
    xs_put_string(w, "role", xs_audit_role_name(r->role));
    xs_put_string(w, "sha256", r->sha256);
    xs_put_string(w, "subject", r->subject != NULL ? r->subject : "");
    xs_put_string(w, "issuer", r->issuer != NULL ? r->issuer : "");
    xs_put_string(w, "not_before", r->not_before != NULL ? r->not_before : "");
    xs_put_string(w, "not_after", r->not_after != NULL ? r->not_after : "");
    xs_put_string(w, "validity", xs_audit_validity_name(r->validity));
    xs_put_time(w, "at", r->at);
    w->key(w, "verdicts");
    walk_verdicts(w, r, r->reports);
    w->key(w, "python");
    xs_walk_python(w, python_of(r, r->reports));
    w->key(w, "chain");
    walk_chain(w, r->reports, r->npol);
    w->key(w, "findings");
    walk_findings(w, r, r->reports);
    w->key(w, "inside_validity");
    if (r->valid_at == INT64_MIN) {
        w->null(w);
    } else {
        w->map(w, 4);
        xs_put_time(w, "at", r->valid_at);
        w->key(w, "verdicts");
        walk_verdicts(w, r, r->valid_reports);
        w->key(w, "python");
        xs_walk_python(w, python_of(r, r->valid_reports));
        w->key(w, "findings");
        walk_findings(w, r, r->valid_reports);
        w->end(w);
    }
    xs_put_string(w, "error", r->error);
    w->end(w);
}

/* listed_before: an earlier error finding of `rep` has the same mnemonic
 * and depth as finding `i` (lists name each once). */
static bool listed_before(const xs_report *rep, size_t i)
{
    for (size_t k = 0; k < i; k++) {
        const xs_finding *f = &rep->findings[k], *g = &rep->findings[i];
        if (f->severity == XS_SEV_ERROR && f->depth == g->depth &&
            strcmp(f->mnemonic, g->mnemonic) == 0) {
            return true;
        }
    }
    return false;
}

bool xs_audit_listable(const xs_report *rep, size_t i, const xs_report *except)
{
    const xs_finding *f = &rep->findings[i];
    return f->severity == XS_SEV_ERROR && !xs_audit_has_error(except, f) && !listed_before(rep, i);
}

/* error_list writes "A@1, B@1": the error findings of `rep`, or those that
 * are errors in `rep` and not in `except` (may be NULL); returns how many. */
size_t xs_audit_error_list(xs_buf *b, const xs_report *rep, const xs_report *except)
{
    size_t shown = 0;
    for (size_t i = 0; rep != NULL && i < rep->finding_count; i++) {
        if (xs_audit_listable(rep, i, except)) {
            const xs_finding *f = &rep->findings[i];
            xs_buf_printf(b, "%s%s@%d", shown++ ? ", " : "", f->mnemonic, f->depth);
        }
    }
    return shown;
}

static void paint(xs_buf *b, bool color, const char *ansi, const char *text)
{
    if (color) {
        xs_buf_printf(b, "\x1b[%sm%s\x1b[0m", ansi, text);
    } else {
        xs_buf_puts(b, text);
    }
}

#define TABLE_POSITION_WIDTH 8
#define TABLE_ROLE_WIDTH 12

size_t xs_audit_column_width(const char *policy)
{
    size_t len = strlen(policy);
    return len < 10 ? 10 : len;
}

static void verdict_cell(xs_buf *b, bool color, const char *verdict, size_t width)
{
    const char *ansi = strcmp(verdict, "accept") == 0 ? "32" : strcmp(verdict, "reject") == 0 ? "1;31" : "33";
    paint(b, color, ansi, verdict);
    xs_buf_pad(b, ' ', width - strlen(verdict) + 2);
}

static void text_verdicts_line(xs_buf *b, const xs_audit_record *r, xs_report *const *reports)
{
    for (size_t p = 0; p < r->npol; p++) {
        xs_buf_printf(b, "%s%s %s", p ? ", " : "", r->policy_names[p],
                      xs_audit_verdict_name(r, reports[p]));
    }
}

static void text_rejections(xs_buf *b, const xs_audit_record *r, xs_report *const *reports,
                            const char *indent)
{
    for (size_t p = 0; p < r->npol; p++) {
        if (xs_audit_report_rejects(reports[p])) {
            xs_buf_printf(b, "%s%-*s ", indent, (int)xs_audit_column_width(r->policy_names[p]),
                          r->policy_names[p]);
            xs_audit_error_list(b, reports[p], NULL);
            xs_buf_putc(b, '\n');
        }
    }
}

static void text_record(xs_buf *b, const xs_audit_record *r, bool color)
{
    static const char indent[] = "          ";
    xs_buf_printf(b, "%*llu  %-*s  ", TABLE_POSITION_WIDTH, (unsigned long long)r->position,
                  TABLE_ROLE_WIDTH, xs_audit_role_name(r->role));
    for (size_t p = 0; p < r->npol; p++) {
        verdict_cell(b, color, xs_audit_verdict_name(r, r->reports[p]), xs_audit_column_width(r->policy_names[p]));
    }
    if (r->role == XS_AUDIT_MALFORMED) {
        xs_buf_printf(b, "(malformed member of %s, line %llu, byte %llu)\n",
                      r->source != NULL ? r->source : "the input", (unsigned long long)r->line,
                      (unsigned long long)r->offset);
    } else {
        xs_buf_printf(b, "%s\n", r->subject != NULL && r->subject[0] ? r->subject : "(empty subject)");
    }
    if (r->role == XS_AUDIT_MALFORMED || r->role == XS_AUDIT_UNPARSED) {
        xs_buf_printf(b, "%s%s: %s\n", indent, INPUT_MALFORMED, r->error);
    } else if (r->error != NULL) {
        xs_buf_printf(b, "%s%s\n", indent, r->error);
    }
    text_rejections(b, r, r->reports, indent);
    if (r->valid_at != INT64_MIN) {
        char at[XS_RFC3339_SIZE];
        xs_rfc3339(r->valid_at, at);
        xs_buf_printf(b, "%s%s %s; inside its validity, at %s: ", indent,
                      r->validity == XS_VALIDITY_EXPIRED ? "expired" : "not valid before",
                      r->validity == XS_VALIDITY_EXPIRED ? r->not_after : r->not_before, at);
        text_verdicts_line(b, r, r->valid_reports);
        xs_buf_putc(b, '\n');
        text_rejections(b, r, r->valid_reports, "            ");
    }
}

xs_status xs_audit_record_emit(const xs_audit_record *r, xs_format format, unsigned flags,
                               uint8_t **out, size_t *out_len)
{
    if (r == NULL || out == NULL || out_len == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    bool stream = (flags & XS_AUDIT_EMIT_STREAM) != 0;
    if (format == XS_FORMAT_JSON) {
        xs_json_writer j;
        xs_json_writer_init(&j, 0);
        walk_record(&j.base, r, stream);
        xs_buf_putc(&j.base.out, '\n');
        return xs_buf_finish(&j.base.out, out, out_len);
    }
    if (format == XS_FORMAT_CBOR) {
        xs_writer w;
        xs_cbor_writer_init(&w);
        walk_record(&w, r, stream);
        return xs_buf_finish(&w.out, out, out_len);
    }
    if (format != XS_FORMAT_TEXT) {
        return XS_ERR_INVALID_ARG;
    }
    xs_buf b;
    xs_buf_init(&b);
    text_record(&b, r, (flags & XS_EMIT_COLOR) != 0);
    return xs_buf_finish(&b, out, out_len);
}

xs_status xs_auditor_emit_table_header(const xs_auditor *a, unsigned flags, uint8_t **out,
                                       size_t *out_len)
{
    (void)flags;
    if (a == NULL || out == NULL || out_len == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    xs_buf b;
    xs_buf_init(&b);
    xs_buf_printf(&b, "%*s  %-*s  ", TABLE_POSITION_WIDTH, "#", TABLE_ROLE_WIDTH, "role");
    for (size_t p = 0; p < a->npol; p++) {
        xs_buf_printf(&b, "%-*s  ", (int)xs_audit_column_width(a->policies[p]->name), a->policies[p]->name);
    }
    xs_buf_puts(&b, "certificate\n");
    return xs_buf_finish(&b, out, out_len);
}
