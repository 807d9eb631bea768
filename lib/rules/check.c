/*
 * check.c: running the rule families over one certificate.
 */
#include "rules/check.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *family;
    const xs_check *const *checks;
    const size_t *count;
} families[] = {
#define XS_FAMILY_ROW(fam) {#fam, &xs_checks_##fam, &xs_checks_##fam##_count},
    XS_CHECK_FAMILIES(XS_FAMILY_ROW)
#undef XS_FAMILY_ROW
};

static bool in_scope(const xs_check_ctx *c, xs_rule_id rule)
{
    switch (xs_rule_scope(rule)) {
    case XS_SCOPE_ANY:
        return true;
    case XS_SCOPE_CA:
        return c->is_ca;
    case XS_SCOPE_LEAF:
        /* no basicConstraints makes a leaf only if none was left unread */
        return !c->is_ca && xs_model_knows_ext(c->cert, XS_EXT_BASIC_CONSTRAINTS);
    case XS_SCOPE_NOT_TOP:
        return !c->is_top;
    case XS_SCOPE_TOP:
        return c->is_top;
    }
    return true;
}

/* predates: the certificate was issued before the rule's RFC. A
 * certificate whose notBefore cannot be read predates nothing. */
static bool predates(const xs_check_ctx *c, xs_rule_id rule)
{
    const xs_time *t = &c->cert->not_before;
    bool readable = t->present && (t->defects & (XS_TIME_BAD_SYNTAX | XS_TIME_BAD_CALENDAR)) == 0;
    return readable && t->seconds < xs_rule_since(rule);
}

/* unreadable: a DER-family finding (LIMIT_EXCEEDED included) on a
 * certificate whose model broke before every required element was read. */
static bool unreadable(const xs_check_ctx *c, xs_rule_id rule)
{
    return !c->cert->complete && strcmp(xs_rule_info_of(rule)->family, "der") == 0;
}

void xs_emit_path(xs_check_ctx *c, xs_rule_id rule, size_t offset, const char *path,
                  const char *detail)
{
    if (!in_scope(c, rule)) {
        return;
    }
    xs_finding_in in = {
        .rule = rule,
        .depth = c->depth,
        .detail = detail,
        .source = c->source,
        .offset = offset,
        .path = path,
        .predates = predates(c, rule),
        .unreadable = unreadable(c, rule),
    };
    xs_findings_add_raw(c->out, &in);
}

void xs_emit(xs_check_ctx *c, xs_rule_id rule, size_t offset, const char *fmt, ...)
{
    char detail[512];
    if (fmt != NULL) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(detail, sizeof(detail), fmt, ap);
        va_end(ap);
    }
    xs_emit_path(c, rule, offset, NULL, fmt != NULL ? detail : NULL);
}

void xs_check_ctx_init(xs_check_ctx *c, const xs_model *cert, xs_findings *out)
{
    c->cert = cert;
    c->issuer = NULL;
    c->depth = 0;
    c->chain_len = 0;
    c->is_ca = cert->bc.present && cert->bc.ca;
    c->is_top = xs_model_is_self_issued(cert);
    c->anchored = false;
    c->source = "";
    c->out = out;
}

void xs_run_checks(xs_check_ctx *c)
{
    for (size_t f = 0; f < XS_ARRAY_LEN(families); f++) {
        c->source = families[f].family;
        for (size_t i = 0; i < *families[f].count; i++) {
            (*families[f].checks)[i].run(c);
        }
    }
}

void xs_lint_model(const xs_model *cert, const xs_model *issuer, int depth, int chain_len,
                   xs_findings *out)
{
    xs_lint_model_in_chain(cert, issuer, depth, chain_len, chain_len > 0, out);
}

void xs_lint_model_in_chain(const xs_model *cert, const xs_model *issuer, int depth,
                            int chain_len, bool anchored, xs_findings *out)
{
    xs_check_ctx c;
    xs_check_ctx_init(&c, cert, out);
    c.issuer = issuer;
    c.anchored = anchored;
    c.depth = depth;
    c.chain_len = chain_len;
    if (chain_len > 0) {
        c.is_top = depth == chain_len - 1;
    }
    xs_run_checks(&c);
}
