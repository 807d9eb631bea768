/*
 * r_policy.c: the policy family. certificatePolicies with its qualifiers
 * (RFC 5280 4.2.1.4, updated by RFC 6818 3), policyMappings (4.2.1.5),
 * policyConstraints (4.2.1.11) and inhibitAnyPolicy (4.2.1.14), judged on
 * what cert/ext_policy.c decoded. Checks that count the items of a list run
 * only when the whole value decoded; a value that does not decode is the
 * EXT family's INVALID_EXTENSION.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/check.h"

#define DISPLAY_TEXT_MAX_CHARS 200

/* ---- certificatePolicies --------------------------------------------- */

/* A policy OID with where it was listed, to find repeats by sorting. */
typedef struct {
    xs_der oid;
    size_t index;
} listed_oid;

static int compare_oid_bytes(const xs_der *a, const xs_der *b)
{
    if (a->len != b->len) {
        return a->len < b->len ? -1 : 1;
    }
    return a->len > 0 ? memcmp(a->p, b->p, a->len) : 0;
}

static int compare_listed(const void *a, const void *b)
{
    const listed_oid *x = a, *y = b;
    int by_oid = compare_oid_bytes(&x->oid, &y->oid);
    if (by_oid != 0) {
        return by_oid;
    }
    return x->index < y->index ? -1 : x->index > y->index;
}

/* sorted_policies returns the policy OIDs sorted (then by position), or
 * NULL when there are none or memory is short. */
static listed_oid *sorted_policies(const xs_cert_policies *cp)
{
    if (cp->count == 0) {
        return NULL;
    }
    listed_oid *list = malloc(cp->count * sizeof(*list));
    if (list == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < cp->count; i++) {
        list[i].oid = cp->items[i].oid;
        list[i].index = i;
    }
    qsort(list, cp->count, sizeof(*list), compare_listed);
    return list;
}

/* RFC 5280 4.2.1.4: certificatePolicies ::= SEQUENCE SIZE (1..MAX) */
static void policies_not_empty(xs_check_ctx *c)
{
    const xs_cert_policies *cp = &c->cert->policy.policies;
    if (cp->present && xs_ext_decoded(c, cp->ext) && cp->count == 0) {
        xs_emit(c, XS_R_CERT_POLICIES_EMPTY, xs_ext_value_offset(c, cp->ext), NULL);
    }
}

/* RFC 5280 4.2.1.4: a policy OID MUST NOT appear more than once. */
static void policies_once(xs_check_ctx *c)
{
    const xs_cert_policies *cp = &c->cert->policy.policies;
    listed_oid *sorted = cp->present ? sorted_policies(cp) : NULL;
    for (size_t i = 1; sorted != NULL && i < cp->count; i++) {
        if (compare_oid_bytes(&sorted[i - 1].oid, &sorted[i].oid) == 0) {
            size_t repeat = sorted[i].index;
            xs_emit(c, XS_R_CERT_POLICY_DUPLICATE, cp->items[repeat].whole.off,
                    "certificatePolicies[%zu] repeats the policy of certificatePolicies[%zu]",
                    repeat, sorted[i - 1].index);
        }
    }
    free(sorted);
}

/* RFC 5280 4.2.1.4: policyQualifiers SEQUENCE SIZE (1..MAX) */
static void qualifier_lists_not_empty(xs_check_ctx *c)
{
    const xs_cert_policies *cp = &c->cert->policy.policies;
    if (!cp->present || !xs_ext_decoded(c, cp->ext)) {
        return;
    }
    for (size_t i = 0; i < cp->count; i++) {
        if (cp->items[i].has_qualifiers && cp->items[i].qualifier_count == 0) {
            xs_emit(c, XS_R_CERT_POLICY_QUALIFIERS_EMPTY, cp->items[i].whole.off,
                    "certificatePolicies[%zu] has an empty policyQualifiers", i);
        }
    }
}

/* RFC 5280 4.2.1.4: qualifiers limited to CPS and user notice; a MUST for
 * anyPolicy, a strong recommendation otherwise. */
static void qualifiers_known(xs_check_ctx *c)
{
    const xs_cert_policies *cp = &c->cert->policy.policies;
    for (size_t i = 0; cp->present && i < cp->qualifier_count; i++) {
        const xs_policy_qualifier *q = &cp->qualifiers[i];
        if (q->kind != XS_QUALIFIER_OTHER) {
            continue;
        }
        bool any = cp->items[q->policy].any_policy;
        xs_emit(c, any ? XS_R_ANY_POLICY_QUALIFIER_NOT_ALLOWED : XS_R_CERT_POLICY_QUALIFIER_UNKNOWN,
                q->whole.off, "certificatePolicies[%zu]%s has a qualifier of another type",
                q->policy, any ? " (anyPolicy)" : "");
    }
}

/* RFC 5280 4.2.1.4: conforming CAs SHOULD NOT use the noticeRef option. */
static void no_notice_refs(xs_check_ctx *c)
{
    const xs_cert_policies *cp = &c->cert->policy.policies;
    for (size_t i = 0; cp->present && i < cp->qualifier_count; i++) {
        const xs_policy_qualifier *q = &cp->qualifiers[i];
        if (q->has_notice_ref) {
            xs_emit(c, XS_R_CERT_POLICY_NOTICE_REF_USED, q->notice_ref.off,
                    "the user notice of certificatePolicies[%zu] has a noticeRef", q->policy);
        }
    }
}

static const char *string_type(uint8_t tag)
{
    switch (tag) {
    case XS_TAG_IA5_STRING:
        return "IA5String";
    case XS_TAG_VISIBLE_STRING:
        return "VisibleString";
    case XS_TAG_BMP_STRING:
        return "BMPString";
    default:
        return "UTF8String";
    }
}

/* RFC 6818 3: explicitText MUST NOT be IA5String, SHOULD be UTF8String,
 * SHOULD NOT hold control characters. */
static void explicit_text_form(xs_check_ctx *c)
{
    const xs_cert_policies *cp = &c->cert->policy.policies;
    for (size_t i = 0; cp->present && i < cp->qualifier_count; i++) {
        const xs_display_text *t = &cp->qualifiers[i].explicit_text;
        size_t policy = cp->qualifiers[i].policy;
        if (!t->present) {
            continue;
        }
        if (t->tag == XS_TAG_IA5_STRING) {
            xs_emit(c, XS_R_EXPLICIT_TEXT_IA5_STRING, t->whole.off,
                    "the explicitText of certificatePolicies[%zu] is an IA5String", policy);
        }
        if (t->tag != XS_TAG_UTF8_STRING) {
            xs_emit(c, XS_R_EXPLICIT_TEXT_NOT_UTF8, t->whole.off,
                    "the explicitText of certificatePolicies[%zu] is a %s", policy,
                    string_type(t->tag));
        }
        if (t->has_control) {
            xs_emit(c, XS_R_EXPLICIT_TEXT_CONTROL_CHARACTER, t->whole.off,
                    "the explicitText of certificatePolicies[%zu] contains control characters",
                    policy);
        }
    }
}

static void display_text_valid(xs_check_ctx *c, const xs_display_text *t, const char *field,
                               size_t policy)
{
    if (!t->present) {
        return;
    }
    if (t->chars == 0 || t->chars > DISPLAY_TEXT_MAX_CHARS) {
        xs_emit(c, XS_R_DISPLAY_TEXT_LENGTH, t->whole.off,
                "the %s of certificatePolicies[%zu] has %zu characters (1 to %d allowed)", field,
                policy, t->chars, DISPLAY_TEXT_MAX_CHARS);
    }
    if (t->bad_encoding) {
        xs_emit(c, XS_R_DISPLAY_TEXT_BAD_ENCODING, t->whole.off,
                "the %s of certificatePolicies[%zu] is not a valid %s", field, policy,
                string_type(t->tag));
    }
}

/* RFC 5280 4.2.1.4: DisplayText is SIZE (1..200) of its type's characters. */
static void display_texts_valid(xs_check_ctx *c)
{
    const xs_cert_policies *cp = &c->cert->policy.policies;
    for (size_t i = 0; cp->present && i < cp->qualifier_count; i++) {
        const xs_policy_qualifier *q = &cp->qualifiers[i];
        display_text_valid(c, &q->explicit_text, "explicitText", q->policy);
        display_text_valid(c, &q->organization, "noticeRef organization", q->policy);
    }
}

/* ---- policyMappings -------------------------------------------------- */

static const uint8_t any_policy[] = {0x55, 0x1d, 0x20, 0x00};

/* RFC 5280 4.2.1.5: PolicyMappings ::= SEQUENCE SIZE (1..MAX) */
static void mappings_not_empty(xs_check_ctx *c)
{
    const xs_policy_mappings *pm = &c->cert->policy.mappings;
    if (pm->present && xs_ext_decoded(c, pm->ext) && pm->count == 0) {
        xs_emit(c, XS_R_POLICY_MAPPINGS_EMPTY, xs_ext_value_offset(c, pm->ext), NULL);
    }
}

/* RFC 5280 4.2.1.5: no mapping to or from anyPolicy. */
static void mappings_avoid_any_policy(xs_check_ctx *c)
{
    const xs_policy_mappings *pm = &c->cert->policy.mappings;
    for (size_t i = 0; pm->present && i < pm->count; i++) {
        const xs_policy_mapping *map = &pm->items[i];
        bool from = xs_der_oid_is(&map->issuer_policy, any_policy, sizeof(any_policy));
        bool to = xs_der_oid_is(&map->subject_policy, any_policy, sizeof(any_policy));
        if (from || to) {
            xs_emit(c, XS_R_POLICY_MAPPING_ANY_POLICY, map->whole.off,
                    "policyMappings[%zu] maps %s anyPolicy", i,
                    from && to ? "anyPolicy to" : from ? "from" : "to");
        }
    }
}

/* RFC 5280 4.2.1.5: conforming CAs SHOULD mark it critical. */
static void mappings_critical(xs_check_ctx *c)
{
    const xs_policy_mappings *pm = &c->cert->policy.mappings;
    if (pm->present && !xs_ext_critical(c, pm->ext)) {
        xs_emit(c, XS_R_POLICY_MAPPINGS_NOT_CRITICAL, xs_ext_offset(c, pm->ext), NULL);
    }
}

/* RFC 5280 4.2.1.5: each issuerDomainPolicy SHOULD also be asserted in the
 * certificate's certificatePolicies. */
static void mapped_policies_asserted(xs_check_ctx *c)
{
    const xs_policy_mappings *pm = &c->cert->policy.mappings;
    const xs_cert_policies *cp = &c->cert->policy.policies;
    if (!pm->present || !xs_ext_decoded(c, pm->ext) ||
        (cp->present && !xs_ext_decoded(c, cp->ext)) ||
        !xs_model_knows_ext(c->cert, XS_EXT_CERTIFICATE_POLICIES)) {
        return;
    }
    listed_oid *sorted = cp->present ? sorted_policies(cp) : NULL;
    if (sorted == NULL && cp->count > 0) {
        return; /* out of memory: nothing to compare with */
    }
    for (size_t i = 0; i < pm->count; i++) {
        const xs_der *wanted = &pm->items[i].issuer_policy;
        size_t lo = 0, hi = cp->count;
        while (lo < hi) { /* the first entry not below `wanted` */
            size_t mid = lo + (hi - lo) / 2;
            if (compare_oid_bytes(&sorted[mid].oid, wanted) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo == cp->count || compare_oid_bytes(&sorted[lo].oid, wanted) != 0) {
            xs_emit(c, XS_R_POLICY_MAPPING_NOT_ASSERTED, pm->items[i].whole.off,
                    "the issuerDomainPolicy of policyMappings[%zu] is not in certificatePolicies",
                    i);
        }
    }
    free(sorted);
}

/* RFC 5280 4.2.1.5, 4.2.1.11, 4.2.1.14: extensions for CA certificates
 * (scope LEAF in the table). */
static void ca_extensions_in_ca(xs_check_ctx *c)
{
    const xs_ext_policy *p = &c->cert->policy;
    if (p->mappings.present) {
        xs_emit(c, XS_R_POLICY_MAPPINGS_IN_LEAF, xs_ext_offset(c, p->mappings.ext), NULL);
    }
    if (p->constraints.present) {
        xs_emit(c, XS_R_POLICY_CONSTRAINTS_IN_LEAF, xs_ext_offset(c, p->constraints.ext), NULL);
    }
    if (p->inhibit_any.present) {
        xs_emit(c, XS_R_INHIBIT_ANY_POLICY_IN_LEAF, xs_ext_offset(c, p->inhibit_any.ext), NULL);
    }
}

/* ---- policyConstraints, inhibitAnyPolicy ----------------------------- */

/* RFC 5280 4.2.1.11: MUST be critical, MUST NOT be an empty sequence,
 * SkipCerts ::= INTEGER (0..MAX). */
static void constraints_valid(xs_check_ctx *c)
{
    const xs_policy_constraints *pc = &c->cert->policy.constraints;
    if (!pc->present) {
        return;
    }
    if (!xs_ext_critical(c, pc->ext)) {
        xs_emit(c, XS_R_POLICY_CONSTRAINTS_NOT_CRITICAL, xs_ext_offset(c, pc->ext), NULL);
    }
    if (xs_ext_decoded(c, pc->ext) && !pc->require_explicit.present &&
        !pc->inhibit_mapping.present) {
        xs_emit(c, XS_R_POLICY_CONSTRAINTS_EMPTY, xs_ext_value_offset(c, pc->ext), NULL);
    }
    if (pc->require_explicit.present && pc->require_explicit.negative) {
        xs_emit(c, XS_R_POLICY_CONSTRAINTS_NEGATIVE, pc->require_explicit.offset,
                "requireExplicitPolicy is negative");
    }
    if (pc->inhibit_mapping.present && pc->inhibit_mapping.negative) {
        xs_emit(c, XS_R_POLICY_CONSTRAINTS_NEGATIVE, pc->inhibit_mapping.offset,
                "inhibitPolicyMapping is negative");
    }
}

/* RFC 5280 4.2.1.14: MUST be critical; InhibitAnyPolicy ::= SkipCerts. */
static void inhibit_any_policy_valid(xs_check_ctx *c)
{
    const xs_inhibit_any_policy *iap = &c->cert->policy.inhibit_any;
    if (!iap->present) {
        return;
    }
    if (!xs_ext_critical(c, iap->ext)) {
        xs_emit(c, XS_R_INHIBIT_ANY_POLICY_NOT_CRITICAL, xs_ext_offset(c, iap->ext), NULL);
    }
    if (iap->skip.present && iap->skip.negative) {
        xs_emit(c, XS_R_INHIBIT_ANY_POLICY_NEGATIVE, iap->skip.offset, NULL);
    }
}

static const xs_check checks[] = {
    {"policies_not_empty", policies_not_empty},
    {"policies_once", policies_once},
    {"qualifier_lists_not_empty", qualifier_lists_not_empty},
    {"qualifiers_known", qualifiers_known},
    {"no_notice_refs", no_notice_refs},
    {"explicit_text_form", explicit_text_form},
    {"display_texts_valid", display_texts_valid},
    {"mappings_not_empty", mappings_not_empty},
    {"mappings_avoid_any_policy", mappings_avoid_any_policy},
    {"mappings_critical", mappings_critical},
    {"mapped_policies_asserted", mapped_policies_asserted},
    {"ca_extensions_in_ca", ca_extensions_in_ca},
    {"constraints_valid", constraints_valid},
    {"inhibit_any_policy_valid", inhibit_any_policy_valid},
};
const xs_check *const xs_checks_policy = checks;
const size_t xs_checks_policy_count = XS_ARRAY_LEN(checks);
