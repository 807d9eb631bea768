/*
 * r_name_constraints.c: the nameConstraints extension (RFC 5280 4.2.1.10):
 * criticality, where it may appear, its structure, and the syntax of each
 * subtree's base name.
 *
 * The decoder (cert/ext_names.c) judged every subtree once; these checks
 * only read its verdict bits. A rule reports at most REPORTED_MAX subtrees
 * of one list, then one finding counting the rest.
 */
#include <stdio.h>

#include "rules/check.h"

#define REPORTED_MAX 8
#define FORM(f) (1u << (f))

/* A rule on single subtrees: it fires on a base of one of `forms` (0: any)
 * that has one of `defects` (0: whatever its defects). */
typedef struct {
    xs_rule_id rule;
    unsigned forms;
    uint32_t defects;
    const char *problem;
} subtree_rule;

static bool matches(const xs_general_name *gn, const subtree_rule *r)
{
    if ((gn->defects & XS_GN_MALFORMED) != 0) {
        return false; /* reported by the DER family, judged no further */
    }
    if (r->forms != 0 && (r->forms & FORM(gn->form)) == 0) {
        return false;
    }
    return r->defects == 0 || (gn->defects & r->defects) != 0;
}

static void emit_subtree(xs_check_ctx *c, const char *list, size_t i, const xs_general_name *gn,
                         const char *problem, xs_rule_id rule)
{
    char path[XS_PATH_MAX + 48], name[200], detail[512];
    snprintf(path, sizeof(path), "tbsCertificate.extensions[%zu].nameConstraints.%s[%zu]",
             c->cert->names.nc_ext, list, i);
    xs_general_name_describe(gn, name, sizeof(name));
    snprintf(detail, sizeof(detail), "%s[%zu]: %s %s", list, i, name, problem);
    xs_emit_path(c, rule, gn->off, path, detail);
}

static void report_list(xs_check_ctx *c, const char *list, const xs_general_names *names,
                        const subtree_rule *r)
{
    size_t reported = 0, unlisted = 0, first_unlisted = 0;
    for (size_t i = 0; i < names->count; i++) {
        if (!matches(&names->items[i], r)) {
            continue;
        }
        if (reported < REPORTED_MAX) {
            emit_subtree(c, list, i, &names->items[i], r->problem, r->rule);
            reported++;
        } else if (unlisted++ == 0) {
            first_unlisted = i;
        }
    }
    if (unlisted > 0) {
        char problem[120];
        snprintf(problem, sizeof(problem), "and %zu more subtrees like it, not listed", unlisted);
        emit_subtree(c, list, first_unlisted, &names->items[first_unlisted], problem, r->rule);
    }
}

static void report_subtrees(xs_check_ctx *c, const subtree_rule *rules, size_t count)
{
    const xs_ext_names *n = &c->cert->names;
    for (size_t r = 0; r < count && n->nc_present; r++) {
        report_list(c, "permittedSubtrees", &n->nc.permitted, &rules[r]);
        report_list(c, "excludedSubtrees", &n->nc.excluded, &rules[r]);
    }
}

static const xs_ext *nc_extension(const xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    return m->names.nc_present ? &m->exts[m->names.nc_ext] : NULL;
}

/* RFC 5280 4.2.1.10: conforming CAs MUST mark it critical. */
static void critical(xs_check_ctx *c)
{
    const xs_ext *e = nc_extension(c);
    if (e != NULL && !e->critical) {
        xs_emit(c, XS_R_NAME_CONSTRAINTS_NOT_CRITICAL, e->whole.off, NULL);
    }
}

/* RFC 5280 4.2.1.10: only in CA certificates (the rule's scope is LEAF). */
static void only_in_ca(xs_check_ctx *c)
{
    const xs_ext *e = nc_extension(c);
    if (e != NULL) {
        xs_emit(c, XS_R_NAME_CONSTRAINTS_IN_NON_CA, e->whole.off, NULL);
    }
}

/* RFC 5280 4.2.1.10: permittedSubtrees or excludedSubtrees MUST be present,
 * and GeneralSubtrees is SIZE (1..MAX). */
static void not_empty(xs_check_ctx *c)
{
    const xs_ext *e = nc_extension(c);
    const xs_name_constraints *nc = &c->cert->names.nc;
    if (e == NULL || !nc->read) {
        return;
    }
    if (!nc->has_permitted && !nc->has_excluded) {
        xs_emit(c, XS_R_NAME_CONSTRAINTS_EMPTY, e->value.off, NULL);
    }
    if (nc->has_permitted && nc->permitted.count == 0) {
        xs_emit(c, XS_R_NAME_CONSTRAINTS_SUBTREES_EMPTY, e->value.off,
                "permittedSubtrees holds no subtree");
    }
    if (nc->has_excluded && nc->excluded.count == 0) {
        xs_emit(c, XS_R_NAME_CONSTRAINTS_SUBTREES_EMPTY, e->value.off,
                "excludedSubtrees holds no subtree");
    }
}

/* RFC 5280 4.2.1.10: minimum MUST be zero, maximum MUST be absent. */
static void bounds_unused(xs_check_ctx *c)
{
    static const subtree_rule rules[] = {
        {XS_R_NAME_CONSTRAINTS_MINIMUM_NOT_ZERO, 0, XS_GN_NC_MINIMUM_NOT_ZERO,
         "has a minimum other than zero"},
        {XS_R_NAME_CONSTRAINTS_MAXIMUM_PRESENT, 0, XS_GN_NC_MAXIMUM_PRESENT, "has a maximum"},
    };
    report_subtrees(c, rules, XS_ARRAY_LEN(rules));
}

/* RFC 5280 4.2.1.10: SHOULD NOT constrain x400Address, ediPartyName or
 * registeredID. */
static void supported_forms(xs_check_ctx *c)
{
    static const subtree_rule rules[] = {
        {XS_R_NAME_CONSTRAINTS_UNSUPPORTED_FORM,
         FORM(XS_GN_X400_ADDRESS) | FORM(XS_GN_EDI_PARTY_NAME) | FORM(XS_GN_REGISTERED_ID), 0,
         "constrains a form whose matching RFC 5280 does not define"},
    };
    report_subtrees(c, rules, XS_ARRAY_LEN(rules));
}

/* RFC 5280 4.2.1.10: the base of each form in that form's syntax. */
static void base_syntax(xs_check_ctx *c)
{
    static const subtree_rule rules[] = {
        {XS_R_NAME_CONSTRAINTS_DNS_NAME_BAD_SYNTAX, FORM(XS_GN_DNS_NAME),
         XS_GN_NOT_IA5 | XS_GN_DNS_SPACE | XS_GN_DNS_BAD_CHAR | XS_GN_DNS_UNDERSCORE |
             XS_GN_DNS_EMPTY_LABEL | XS_GN_DNS_LABEL_HYPHEN | XS_GN_DNS_LABEL_TOO_LONG |
             XS_GN_DNS_TOO_LONG | XS_GN_DNS_BAD_WILDCARD | XS_GN_DNS_IP_LITERAL,
         "is not a domain name in preferred name syntax"},
        {XS_R_NAME_CONSTRAINTS_DNS_NAME_LEADING_PERIOD, FORM(XS_GN_DNS_NAME),
         XS_GN_DNS_LEADING_PERIOD, "begins with a period"},
        {XS_R_NAME_CONSTRAINTS_EMAIL_BAD_SYNTAX, FORM(XS_GN_RFC822_NAME),
         XS_GN_NOT_IA5 | XS_GN_EMAIL_BAD_SYNTAX | XS_GN_EMAIL_BAD_DOMAIN,
         "is not a mailbox, a host or a .domain"},
        {XS_R_NAME_CONSTRAINTS_URI_NOT_HOST, FORM(XS_GN_URI), XS_GN_NOT_IA5 | XS_GN_URI_NOT_HOST,
         "is not a host or a .domain"},
        {XS_R_NAME_CONSTRAINTS_IP_BAD_LENGTH, FORM(XS_GN_IP_ADDRESS), XS_GN_IP_BAD_LENGTH,
         "is neither 8 nor 32 octets (address and mask)"},
        {XS_R_NAME_CONSTRAINTS_IP_MASK_NOT_CONTIGUOUS, FORM(XS_GN_IP_ADDRESS),
         XS_GN_IP_MASK_NOT_CONTIGUOUS, "has a mask that is not a CIDR prefix"},
    };
    report_subtrees(c, rules, XS_ARRAY_LEN(rules));
}

static const xs_check checks[] = {
    {"critical", critical},
    {"only_in_ca", only_in_ca},
    {"not_empty", not_empty},
    {"bounds_unused", bounds_unused},
    {"supported_forms", supported_forms},
    {"base_syntax", base_syntax},
};
const xs_check *const xs_checks_name_constraints = checks;
const size_t xs_checks_name_constraints_count = XS_ARRAY_LEN(checks);
