/*
 * summary.c: the audit's counters (one array, so that they travel
 * between processes) and their rendering.
 */
#include "audit/audit_internal.h"

#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

/* The counters, in one array so that they travel between processes:
 *   [0, XS_AUDIT__COUNT)            the xs_audit_count values
 *   then 3 role counts              anchors, intermediates, leaves
 *   then 3 per policy               accept, reject, not judged
 *   then 3 per policy and rule      certificates with the finding as an
 *                                   error, a warning, a notice */
enum { ROLE_COUNTERS = 3, PER_POLICY = 3, SEVERITIES = 3 };

struct xs_audit_summary {
    size_t npol;
    const char *policy_names[XS_AUDIT_MAX_POLICIES];
    int from, to;
    bool compare;
    bool lint_only;
    size_t nrules;
    xs_ptrmap rule_ids; /* mnemonic pointer -> rule index + 1 */
    uint64_t *c;
    size_t count;
};

static size_t role_base(void)
{
    return XS_AUDIT__COUNT;
}

static size_t policy_base(const xs_audit_summary *s, size_t p)
{
    (void)s;
    return role_base() + ROLE_COUNTERS + p * PER_POLICY;
}

static size_t rule_base(const xs_audit_summary *s, size_t p, size_t rule)
{
    return role_base() + ROLE_COUNTERS + s->npol * PER_POLICY + (p * s->nrules + rule) * SEVERITIES;
}

xs_status xs_audit_summary_new(xs_audit_summary **out, const xs_auditor *a, int from, int to,
                               unsigned flags)
{
    if (out == NULL || a == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    *out = NULL;
    xs_audit_summary *s = calloc(1, sizeof(*s));
    if (s == NULL) {
        return XS_ERR_NOMEM;
    }
    s->npol = a->npol;
    for (size_t p = 0; p < a->npol; p++) {
        s->policy_names[p] = a->policies[p]->name;
    }
    s->from = from >= 0 && (size_t)from < a->npol ? from : -1;
    s->to = to >= 0 && (size_t)to < a->npol ? to : -1;
    s->compare = (flags & XS_AUDIT_EMIT_COMPARE) != 0;
    s->lint_only = (a->flags & XS_AUDIT_LINT_ONLY) != 0;
    s->nrules = xs_rule_count();
    s->count = rule_base(s, s->npol, 0);
    s->c = calloc(s->count, sizeof(*s->c));
    bool ok = s->c != NULL;
    for (size_t i = 0; ok && i < s->nrules; i++) {
        ok = xs_ptrmap_put(&s->rule_ids, xs_rule_get(i)->mnemonic, NULL, (void *)(uintptr_t)(i + 1));
    }
    if (!ok) {
        xs_audit_summary_free(s);
        return XS_ERR_NOMEM;
    }
    *out = s;
    return XS_OK;
}

void xs_audit_summary_free(xs_audit_summary *s)
{
    if (s == NULL) {
        return;
    }
    xs_ptrmap_cleanup(&s->rule_ids);
    free(s->c);
    free(s);
}

static void count_findings(xs_audit_summary *s, size_t p, const xs_report *rep)
{
    /* each certificate counts once per rule, at its most severe */
    uint8_t seen[XS_R__COUNT];
    memset(seen, 0, sizeof(seen));
    for (size_t i = 0; rep != NULL && i < rep->finding_count; i++) {
        const xs_finding *f = &rep->findings[i];
        xs_ptrmap_slot *slot = xs_ptrmap_find(&s->rule_ids, f->mnemonic, NULL);
        size_t rule = slot != NULL ? (size_t)(uintptr_t)slot->value - 1 : SIZE_MAX;
        if (rule < s->nrules && rule < XS_R__COUNT && (uint8_t)f->severity > seen[rule]) {
            seen[rule] = (uint8_t)f->severity;
        }
    }
    for (size_t rule = 0; rule < s->nrules && rule < XS_R__COUNT; rule++) {
        if (seen[rule] != XS_SEV_OFF) {
            size_t sev = seen[rule] == XS_SEV_ERROR ? 0 : seen[rule] == XS_SEV_WARN ? 1 : 2;
            s->c[rule_base(s, p, rule) + sev]++;
        }
    }
}

void xs_audit_summary_add(xs_audit_summary *s, const xs_audit_record *r)
{
    if (s == NULL || r == NULL || r->npol != s->npol) {
        return;
    }
    s->c[XS_AUDIT_MEMBERS]++;
    if (r->role == XS_AUDIT_MALFORMED) {
        s->c[XS_AUDIT_MALFORMED_COUNT]++;
    } else {
        s->c[XS_AUDIT_CERTIFICATES]++;
    }
    if (r->role == XS_AUDIT_UNPARSED) {
        s->c[XS_AUDIT_UNPARSED_COUNT]++;
    }
    if (r->role <= XS_AUDIT_LEAF) {
        s->c[role_base() + (size_t)r->role]++;
    }
    s->c[XS_AUDIT_EXPIRED] += r->validity == XS_VALIDITY_EXPIRED;
    s->c[XS_AUDIT_NOT_YET_VALID] += r->validity == XS_VALIDITY_NOT_YET_VALID;
    bool rejected = false, unjudged = false;
    for (size_t p = 0; p < s->npol; p++) {
        size_t base = policy_base(s, p);
        if (!xs_audit_record_judged(r, p)) {
            s->c[base + 2]++;
            unjudged = true;
        } else if (xs_audit_record_rejected(r, p)) {
            s->c[base + 1]++;
            rejected = true;
        } else {
            s->c[base]++;
        }
        count_findings(s, p, r->reports[p]);
    }
    s->c[XS_AUDIT_REJECTED] += rejected;
    s->c[XS_AUDIT_NOT_JUDGED] += unjudged;
    if (s->from >= 0 && s->to >= 0) {
        bool changed = s->compare ? xs_audit_record_changes(r, (size_t)s->from, (size_t)s->to)
                                  : xs_audit_record_breaks(r, (size_t)s->from, (size_t)s->to);
        s->c[XS_AUDIT_CHANGED] += changed;
    }
}

void xs_audit_summary_count(xs_audit_summary *s, xs_audit_count what, uint64_t n)
{
    if (s != NULL && (unsigned)what < XS_AUDIT__COUNT) {
        s->c[what] += n;
    }
}

uint64_t xs_audit_summary_get(const xs_audit_summary *s, xs_audit_count what)
{
    return s != NULL && (unsigned)what < XS_AUDIT__COUNT ? s->c[what] : 0;
}

const uint64_t *xs_audit_summary_counters(const xs_audit_summary *s, size_t *count)
{
    *count = s != NULL ? s->count : 0;
    return s != NULL ? s->c : NULL;
}

xs_status xs_audit_summary_merge(xs_audit_summary *s, const uint64_t *counters, size_t count)
{
    if (s == NULL || counters == NULL || count != s->count) {
        return XS_ERR_INVALID_ARG;
    }
    for (size_t i = 0; i < count; i++) {
        s->c[i] += counters[i];
    }
    return XS_OK;
}

/* A row of the per-mnemonic table. */
typedef struct {
    size_t rule;
    uint64_t total;
} mnemonic_row;

static int compare_rows(const void *x, const void *y)
{
    const mnemonic_row *a = x, *b = y;
    if (a->total != b->total) {
        return a->total > b->total ? -1 : 1;
    }
    return a->rule < b->rule ? -1 : a->rule > b->rule;
}

/* mnemonic_rows lists the rules some certificate has a finding of, most
 * frequent first; *out is freed by the caller. */
static size_t mnemonic_rows(const xs_audit_summary *s, mnemonic_row **out)
{
    mnemonic_row *rows = calloc(s->nrules ? s->nrules : 1, sizeof(*rows));
    size_t n = 0;
    *out = rows;
    for (size_t rule = 0; rows != NULL && rule < s->nrules; rule++) {
        uint64_t total = 0;
        for (size_t p = 0; p < s->npol; p++) {
            for (size_t sev = 0; sev < SEVERITIES; sev++) {
                total += s->c[rule_base(s, p, rule) + sev];
            }
        }
        if (total > 0) {
            rows[n++] = (mnemonic_row){rule, total};
        }
    }
    if (n > 1) {
        qsort(rows, n, sizeof(*rows), compare_rows);
    }
    return n;
}

static void text_cell(xs_buf *b, const uint64_t *sev, size_t width)
{
    char cell[64] = "";
    size_t used = 0;
    static const char *const suffix[] = {"", "w", "n"};
    for (size_t i = 0; i < SEVERITIES; i++) {
        if (sev[i] > 0 && used < sizeof(cell)) {
            int k = snprintf(cell + used, sizeof(cell) - used, "%s%llu%s", used ? "+" : "",
                             (unsigned long long)sev[i], suffix[i]);
            used += k > 0 ? (size_t)k : 0;
        }
    }
    xs_buf_printf(b, "  %*s", (int)width, used ? cell : "-");
}

static void text_summary(const xs_audit_summary *s, xs_buf *b)
{
    const uint64_t *c = s->c;
    bool any_unjudged = false;
    for (size_t p = 0; p < s->npol; p++) {
        any_unjudged = any_unjudged || c[policy_base(s, p) + 2] > 0;
    }
    xs_buf_printf(b, "%-20s %8s %8s%s\n", "policy", "accept", "reject",
                  any_unjudged ? "  not judged" : "");
    for (size_t p = 0; p < s->npol; p++) {
        size_t base = policy_base(s, p);
        xs_buf_printf(b, "%-20s %8llu %8llu", s->policy_names[p], (unsigned long long)c[base],
                      (unsigned long long)c[base + 1]);
        if (any_unjudged) {
            xs_buf_printf(b, "  %10llu", (unsigned long long)c[base + 2]);
        }
        xs_buf_putc(b, '\n');
    }
    xs_buf_printf(b,
                  "\nread: %llu members, %llu certificates (%llu anchors, %llu intermediates, "
                  "%llu leaves), %llu malformed, %llu that OpenSSL cannot parse; %llu expired, "
                  "%llu not yet valid; skipped %llu PEM blocks that hold no certificate and %llu "
                  "duplicates\n",
                  (unsigned long long)c[XS_AUDIT_MEMBERS],
                  (unsigned long long)c[XS_AUDIT_CERTIFICATES],
                  (unsigned long long)c[role_base()], (unsigned long long)c[role_base() + 1],
                  (unsigned long long)c[role_base() + 2],
                  (unsigned long long)c[XS_AUDIT_MALFORMED_COUNT],
                  (unsigned long long)c[XS_AUDIT_UNPARSED_COUNT],
                  (unsigned long long)c[XS_AUDIT_EXPIRED],
                  (unsigned long long)c[XS_AUDIT_NOT_YET_VALID],
                  (unsigned long long)c[XS_AUDIT_SKIPPED_BLOCKS],
                  (unsigned long long)c[XS_AUDIT_SKIPPED_DUPLICATES]);
    mnemonic_row *rows = NULL;
    size_t n = mnemonic_rows(s, &rows);
    if (rows == NULL) {
        b->failed = true;
        return;
    }
    if (n > 0) {
        xs_buf_puts(b, "\ncertificates per finding (a number: as an error; w: as a warning; "
                       "n: as a notice)\n");
        xs_buf_printf(b, "%-40s", "mnemonic");
        for (size_t p = 0; p < s->npol; p++) {
            xs_buf_printf(b, "  %*s", (int)xs_audit_column_width(s->policy_names[p]), s->policy_names[p]);
        }
        xs_buf_putc(b, '\n');
    }
    for (size_t i = 0; i < n; i++) {
        xs_buf_printf(b, "%-40s", xs_rule_get(rows[i].rule)->mnemonic);
        for (size_t p = 0; p < s->npol; p++) {
            text_cell(b, &c[rule_base(s, p, rows[i].rule)], xs_audit_column_width(s->policy_names[p]));
        }
        xs_buf_putc(b, '\n');
    }
    free(rows);
}

static void walk_summary(const xs_audit_summary *s, xs_writer *w)
{
    const uint64_t *c = s->c;
    static const struct {
        const char *key;
        xs_audit_count what;
    } counts[] = {
        {"members", XS_AUDIT_MEMBERS},
        {"certificates", XS_AUDIT_CERTIFICATES},
        {"malformed", XS_AUDIT_MALFORMED_COUNT},
        {"unparsed", XS_AUDIT_UNPARSED_COUNT},
        {"not_judged", XS_AUDIT_NOT_JUDGED},
        {"rejected", XS_AUDIT_REJECTED},
        {"changed", XS_AUDIT_CHANGED},
        {"expired", XS_AUDIT_EXPIRED},
        {"not_yet_valid", XS_AUDIT_NOT_YET_VALID},
        {"skipped_pem_blocks", XS_AUDIT_SKIPPED_BLOCKS},
        {"skipped_duplicates", XS_AUDIT_SKIPPED_DUPLICATES},
    };
    mnemonic_row *rows = NULL;
    size_t n = mnemonic_rows(s, &rows);
    if (rows == NULL) {
        w->out.failed = true;
        return;
    }
    w->map(w, XS_ARRAY_LEN(counts) + 3);
    for (size_t i = 0; i < XS_ARRAY_LEN(counts); i++) {
        xs_put_int(w, counts[i].key, (int64_t)c[counts[i].what]);
    }
    w->key(w, "roles");
    w->map(w, 3);
    for (size_t i = 0; i < ROLE_COUNTERS; i++) {
        xs_put_int(w, xs_audit_role_name((xs_audit_role)i), (int64_t)c[role_base() + i]);
    }
    w->end(w);
    w->key(w, "policies");
    w->array(w, s->npol);
    for (size_t p = 0; p < s->npol; p++) {
        size_t base = policy_base(s, p);
        w->map(w, 4);
        xs_put_string(w, "policy", s->policy_names[p]);
        xs_put_int(w, "accept", (int64_t)c[base]);
        xs_put_int(w, "reject", (int64_t)c[base + 1]);
        xs_put_int(w, "not_judged", (int64_t)c[base + 2]);
        w->end(w);
    }
    w->end(w);
    w->key(w, "mnemonics");
    w->array(w, n);
    for (size_t i = 0; i < n; i++) {
        w->map(w, 2);
        xs_put_string(w, "mnemonic", xs_rule_get(rows[i].rule)->mnemonic);
        w->key(w, "certificates");
        w->map(w, s->npol);
        for (size_t p = 0; p < s->npol; p++) {
            const uint64_t *sev = &c[rule_base(s, p, rows[i].rule)];
            w->key(w, s->policy_names[p]);
            w->map(w, 3);
            xs_put_int(w, "error", (int64_t)sev[0]);
            xs_put_int(w, "warn", (int64_t)sev[1]);
            xs_put_int(w, "notice", (int64_t)sev[2]);
            w->end(w);
        }
        w->end(w);
        w->end(w);
    }
    w->end(w);
    w->end(w);
    free(rows);
}

xs_status xs_audit_summary_emit(const xs_audit_summary *s, xs_format format, unsigned flags,
                                uint8_t **out, size_t *out_len)
{
    if (s == NULL || out == NULL || out_len == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    if (format == XS_FORMAT_JSON) {
        xs_json_writer j;
        xs_json_writer_init(&j, (flags & XS_AUDIT_EMIT_STREAM) ? 0 : 2);
        walk_summary(s, &j.base);
        xs_buf_putc(&j.base.out, '\n');
        return xs_buf_finish(&j.base.out, out, out_len);
    }
    if (format == XS_FORMAT_CBOR) {
        xs_writer w;
        xs_cbor_writer_init(&w);
        walk_summary(s, &w);
        return xs_buf_finish(&w.out, out, out_len);
    }
    xs_buf b;
    xs_buf_init(&b);
    text_summary(s, &b);
    return xs_buf_finish(&b, out, out_len);
}
