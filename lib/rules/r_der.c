/*
 * r_der.c: the DER family. Every violation the strict DER reader met while
 * the model was parsed becomes a finding with its offset and field path.
 */
#include "rules/check.h"

static const xs_rule_id rule_of_issue[XS_DER__ISSUE_COUNT] = {
#define XS_DER_RULE(name, clause, summary) [XS_DER_##name] = XS_R_DER_##name,
    XS_DER_ISSUES(XS_DER_RULE)
#undef XS_DER_RULE
};

static void report_parse_issues(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    for (size_t i = 0; i < m->issue_count; i++) {
        const xs_parse_issue *x = &m->issues[i];
        xs_rule_id rule = x->kind == XS_ISSUE_LIMIT ? XS_R_LIMIT_EXCEEDED : rule_of_issue[x->der];
        xs_emit_path(c, rule, x->offset, x->path[0] ? x->path : NULL, NULL);
    }
    if (m->issues_capped) {
        xs_emit(c, XS_R_LIMIT_EXCEEDED, SIZE_MAX, "more than %u DER violations; the rest unreported",
                XS_MAX_PARSE_ISSUES);
    }
}

static const xs_check checks[] = {
    {"parse_issues", report_parse_issues},
};
const xs_check *const xs_checks_der = checks;
const size_t xs_checks_der_count = XS_ARRAY_LEN(checks);
