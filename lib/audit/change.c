/*
 * change.c: what changes for a record between two policies, as text,
 * JSON Lines and CBOR.
 */
#include "audit/audit_internal.h"

#include <stdio.h>
#include <string.h>

#include "rules/rules.h"

/* first_error is the mnemonic that explains a rejection: Python's first
 * error when it is one of the report's errors, else the first error. */
static const xs_finding *first_error(const xs_report *rep)
{
    for (size_t i = 0; rep != NULL && i < rep->finding_count; i++) {
        const xs_finding *f = &rep->findings[i];
        if (f->severity == XS_SEV_ERROR && rep->python.verify_code > 0 &&
            f->openssl_code == rep->python.verify_code) {
            return f;
        }
    }
    for (size_t i = 0; rep != NULL && i < rep->finding_count; i++) {
        if (rep->findings[i].severity == XS_SEV_ERROR) {
            return &rep->findings[i];
        }
    }
    return NULL;
}

static void walk_error_list(xs_writer *w, const xs_report *rep, const xs_report *except)
{
    size_t n = 0;
    for (size_t i = 0; rep != NULL && i < rep->finding_count; i++) {
        n += xs_audit_listable(rep, i, except);
    }
    w->array(w, n);
    for (size_t i = 0; rep != NULL && i < rep->finding_count; i++) {
        const xs_finding *f = &rep->findings[i];
        if (xs_audit_listable(rep, i, except)) {
            char text[160];
            snprintf(text, sizeof(text), "%s@%d", f->mnemonic, f->depth);
            w->string(w, text);
        }
    }
    w->end(w);
}

static void walk_side(xs_writer *w, const xs_audit_record *r, size_t p)
{
    w->map(w, 2);
    xs_put_string(w, "policy", r->policy_names[p]);
    xs_put_string(w, "verdict", xs_audit_verdict_name(r, xs_audit_effective(r, p)));
    w->end(w);
}

static void walk_change(xs_writer *w, const xs_audit_record *r, size_t from, size_t to,
                        bool stream)
{
    const xs_report *a = xs_audit_effective(r, from), *b = xs_audit_effective(r, to);
    const xs_finding *why = first_error(b);
    const xs_rule_info *rule = why != NULL ? xs_rule_find(why->mnemonic) : NULL;
    char explain[160] = "";
    if (why != NULL) {
        snprintf(explain, sizeof(explain), "x509strict explain %s", why->mnemonic);
    }
    w->map(w, (stream ? 0 : 1) + 13);
    if (!stream) {
        xs_put_int(w, "position", (int64_t)r->position);
    }
    xs_put_string(w, "key", r->key);
    xs_put_string(w, "sha256", r->sha256);
    xs_put_string(w, "subject", r->subject);
    xs_put_string(w, "role", xs_audit_role_name(r->role));
    xs_put_string(w, "validity", xs_audit_validity_name(r->validity));
    xs_put_time(w, "judged_at", r->valid_at != INT64_MIN ? r->valid_at : r->at);
    w->key(w, "from");
    walk_side(w, r, from);
    w->key(w, "to");
    walk_side(w, r, to);
    w->key(w, "python");
    xs_walk_python(w, b != NULL ? &b->python : NULL);
    xs_put_string(w, "first_error", why != NULL ? why->mnemonic : NULL);
    xs_put_string(w, "fix", rule != NULL && rule->fix[0] ? rule->fix : NULL);
    w->key(w, "added");
    walk_error_list(w, b, a);
    w->key(w, "removed");
    walk_error_list(w, a, b);
    w->end(w);
}

static void text_change(xs_buf *b, const xs_audit_record *r, size_t from, size_t to,
                        bool compare)
{
    const xs_report *ra = xs_audit_effective(r, from), *rb = xs_audit_effective(r, to);
    xs_buf_printf(b, "  %s\n    sha256:%s\n", r->subject[0] ? r->subject : "(empty subject)",
                  r->sha256);
    if (r->valid_at != INT64_MIN) {
        char at[XS_RFC3339_SIZE];
        xs_rfc3339(r->valid_at, at);
        xs_buf_printf(b, "    %s %s, so rejected everywhere today; judged inside its validity, at %s\n",
                      r->validity == XS_VALIDITY_EXPIRED ? "expired" : "not valid before",
                      r->validity == XS_VALIDITY_EXPIRED ? r->not_after : r->not_before, at);
    }
    if (compare) {
        xs_buf_printf(b, "    %s %s -> %s %s\n", r->policy_names[from], xs_audit_verdict_name(r, ra),
                      r->policy_names[to], xs_audit_verdict_name(r, rb));
    }
    const xs_python_outcome *py = rb != NULL ? &rb->python : NULL;
    if (py != NULL && py->verify_code > 0) {
        xs_buf_printf(b, "    Python: certificate verify failed: %s (verify_code %d)\n",
                      py->verify_message != NULL ? py->verify_message : "", py->verify_code);
    }
    const xs_finding *why = first_error(rb);
    const xs_rule_info *rule = why != NULL ? xs_rule_find(why->mnemonic) : NULL;
    if (why != NULL) {
        xs_buf_printf(b, "    fix: %s (x509strict explain %s)\n",
                      rule != NULL && rule->fix[0] ? rule->fix : "see", why->mnemonic);
    }
    if (compare) {
        const xs_report *sides[2][2] = {{rb, ra}, {ra, rb}};
        const char *names[2] = {r->policy_names[to], r->policy_names[from]};
        for (int k = 0; k < 2; k++) {
            size_t mark = b->len;
            xs_buf_printf(b, "    errors only under %s: ", names[k]);
            if (xs_audit_error_list(b, sides[k][0], sides[k][1]) == 0) {
                b->len = mark; /* nothing to say */
            } else {
                xs_buf_putc(b, '\n');
            }
        }
    } else {
        xs_buf_puts(b, "    findings: ");
        xs_audit_error_list(b, rb, NULL);
        xs_buf_putc(b, '\n');
    }
}

xs_status xs_audit_record_emit_change(const xs_audit_record *r, size_t from, size_t to,
                                      xs_format format, unsigned flags, uint8_t **out,
                                      size_t *out_len)
{
    if (r == NULL || out == NULL || out_len == NULL || from >= r->npol || to >= r->npol) {
        return XS_ERR_INVALID_ARG;
    }
    bool stream = (flags & XS_AUDIT_EMIT_STREAM) != 0;
    if (format == XS_FORMAT_JSON) {
        xs_json_writer j;
        xs_json_writer_init(&j, 0);
        walk_change(&j.base, r, from, to, stream);
        xs_buf_putc(&j.base.out, '\n');
        return xs_buf_finish(&j.base.out, out, out_len);
    }
    if (format == XS_FORMAT_CBOR) {
        xs_writer w;
        xs_cbor_writer_init(&w);
        walk_change(&w, r, from, to, stream);
        return xs_buf_finish(&w.out, out, out_len);
    }
    xs_buf b;
    xs_buf_init(&b);
    text_change(&b, r, from, to, (flags & XS_AUDIT_EMIT_COMPARE) != 0);
    return xs_buf_finish(&b, out, out_len);
}
