/*
 * r_access.c: the access family. Where revocation information and related
 * certificates are found: cRLDistributionPoints and freshestCRL (RFC 5280
 * 4.2.1.13, 4.2.1.15), authorityInfoAccess and subjectInfoAccess (4.2.2),
 * plus subjectDirectoryAttributes (4.2.1.8) and the Certificate
 * Transparency extensions (RFC 6962 3.1, 3.3), judged on what
 * cert/ext_policy.c decoded. Checks that count the items of a list run only
 * when the whole value decoded; a value that does not decode is the EXT
 * family's INVALID_EXTENSION.
 */
#include "rules/check.h"

/* ---- cRLDistributionPoints and freshestCRL --------------------------- */

/* One of the two extensions of DistributionPoints syntax, with the rules
 * that differ between them. */
typedef struct {
    const xs_dist_points *dps;
    const char *name;
    xs_rule_id empty_rule;
    bool needs_all_reasons; /* stated for cRLDistributionPoints only */
} dp_extension;

/* covers_all_reasons: the distribution point's CRL is for every reason. */
static bool covers_all_reasons(const xs_dist_point *dp)
{
    return !dp->has_reasons || (dp->reasons & XS_REASON_ALL) == XS_REASON_ALL;
}

static bool reasons_meaningless(const xs_dist_point *dp)
{
    return dp->reasons_extra || (dp->reasons & ~(uint32_t)XS_REASON_ALL) != 0 ||
           (dp->reasons & XS_REASON_ALL) == 0;
}

/* RFC 5280 4.2.1.13: either distributionPoint or cRLIssuer; GeneralNames
 * SIZE (1..MAX); a cRLIssuer of one DN; nameRelativeToCRLIssuer SHOULD NOT
 * be used, and MUST NOT beside several DNs; reasons RECOMMENDED against. */
static void dist_point_fields(xs_check_ctx *c, const dp_extension *x, size_t i, bool whole)
{
    const xs_dist_point *dp = &x->dps->items[i];
    size_t at = dp->whole.off;
    if (!dp->has_name && !dp->has_crl_issuer) {
        xs_emit(c, XS_R_DIST_POINT_WITHOUT_NAME_OR_ISSUER, at, "%s[%zu] has %s", x->name, i,
                dp->has_reasons ? "only reasons" : "no field");
    }
    if (whole && dp->has_name && !dp->relative_name && dp->full_name_count == 0) {
        xs_emit(c, XS_R_DIST_POINT_GENERAL_NAMES_EMPTY, at, "%s[%zu] has an empty fullName",
                x->name, i);
    }
    if (whole && dp->has_crl_issuer && dp->crl_issuer_count == 0) {
        xs_emit(c, XS_R_DIST_POINT_GENERAL_NAMES_EMPTY, at, "%s[%zu] has an empty cRLIssuer",
                x->name, i);
    }
    if (whole && dp->full_name_count > 0 && !dp->full_name_http_or_ldap) {
        xs_emit(c, XS_R_DIST_POINT_NO_HTTP_OR_LDAP_URI, at,
                "the fullName of %s[%zu] has no http: or ldap: URI", x->name, i);
    }
    if (dp->relative_name) {
        xs_emit(c, XS_R_DIST_POINT_RELATIVE_NAME, at, "%s[%zu] uses nameRelativeToCRLIssuer",
                x->name, i);
    }
    if (dp->relative_name && dp->crl_issuer_directory_names > 1) {
        xs_emit(c, XS_R_DIST_POINT_RELATIVE_NAME_MULTIPLE_ISSUERS, at,
                "%s[%zu] uses nameRelativeToCRLIssuer with %zu cRLIssuer names", x->name, i,
                dp->crl_issuer_directory_names);
    }
    if (whole && dp->crl_issuer_count > 0 &&
        (dp->crl_issuer_count != 1 || dp->crl_issuer_directory_names != 1)) {
        xs_emit(c, XS_R_DIST_POINT_CRL_ISSUER_NOT_ONE_DN, at,
                "the cRLIssuer of %s[%zu] has %zu names, %zu of them directoryNames", x->name, i,
                dp->crl_issuer_count, dp->crl_issuer_directory_names);
    }
    if (dp->has_reasons) {
        xs_emit(c, XS_R_DIST_POINT_SEGMENTED_BY_REASON, dp->reasons_offset,
                "%s[%zu] has a reasons field", x->name, i);
    }
    if (dp->has_reasons && reasons_meaningless(dp)) {
        xs_emit(c, XS_R_DIST_POINT_REASONS_INVALID, dp->reasons_offset,
                "the reasons of %s[%zu] assert %s", x->name, i,
                (dp->reasons & XS_REASON_ALL) == 0 ? "no revocation reason"
                                                    : "the unused bit or an undefined bit");
    }
}

static void dist_points_valid(xs_check_ctx *c, const dp_extension *x)
{
    const xs_dist_points *dps = x->dps;
    if (!dps->present) {
        return;
    }
    bool whole = xs_ext_decoded(c, dps->ext);
    if (whole && dps->count == 0) {
        xs_emit(c, x->empty_rule, xs_ext_value_offset(c, dps->ext), NULL);
    }
    bool all_reasons = false;
    for (size_t i = 0; i < dps->count; i++) {
        dist_point_fields(c, x, i, whole);
        all_reasons |= covers_all_reasons(&dps->items[i]);
    }
    /* RFC 5280 4.2.1.13: at least one DistributionPoint for all reasons */
    if (x->needs_all_reasons && whole && dps->count > 0 && !all_reasons) {
        xs_emit(c, XS_R_CRL_DISTRIBUTION_POINTS_REASONS_INCOMPLETE,
                xs_ext_value_offset(c, dps->ext),
                "no distribution point covers all reasons");
    }
}

static void crl_distribution_points_valid(xs_check_ctx *c)
{
    const dp_extension x = {&c->cert->policy.crl_dp, "cRLDistributionPoints",
                            XS_R_CRL_DISTRIBUTION_POINTS_EMPTY, true};
    dist_points_valid(c, &x);
}

/* RFC 5280 4.2.1.15: the same syntax and conventions as 4.2.1.13. */
static void freshest_crl_valid(xs_check_ctx *c)
{
    const dp_extension x = {&c->cert->policy.freshest_crl, "freshestCRL", XS_R_FRESHEST_CRL_EMPTY,
                            false};
    dist_points_valid(c, &x);
}

/* RFC 5280 4.2.1.13: SHOULD be non-critical; 4.2.1.15: MUST be. */
static void crl_pointers_not_critical(xs_check_ctx *c)
{
    const xs_ext_policy *p = &c->cert->policy;
    if (p->crl_dp.present && xs_ext_critical(c, p->crl_dp.ext)) {
        xs_emit(c, XS_R_CRL_DISTRIBUTION_POINTS_CRITICAL, xs_ext_offset(c, p->crl_dp.ext), NULL);
    }
    if (p->freshest_crl.present && xs_ext_critical(c, p->freshest_crl.ext)) {
        xs_emit(c, XS_R_FRESHEST_CRL_CRITICAL, xs_ext_offset(c, p->freshest_crl.ext), NULL);
    }
}

/* ---- authorityInfoAccess and subjectInfoAccess ----------------------- */

static bool http_or_ldap(xs_location_kind kind)
{
    return kind == XS_LOCATION_URI_HTTP || kind == XS_LOCATION_URI_LDAP;
}

/* some_method_without_http_or_ldap: `method` is listed, and none of its
 * locations is an HTTP or LDAP URI. */
static bool some_method_without_http_or_ldap(const xs_info_access *ia, xs_access_method method)
{
    bool listed = false;
    for (size_t i = 0; i < ia->count; i++) {
        if (ia->items[i].kind == method) {
            listed = true;
            if (http_or_ldap(ia->items[i].location_kind)) {
                return false;
            }
        }
    }
    return listed;
}

/* RFC 5280 4.2.2.1: non-critical, SIZE (1..MAX), an HTTP or LDAP URI among
 * the id-ad-caIssuers locations; OCSP responders are reached over HTTP. */
static void authority_info_access_valid(xs_check_ctx *c)
{
    const xs_info_access *aia = &c->cert->policy.aia;
    if (!aia->present) {
        return;
    }
    if (xs_ext_critical(c, aia->ext)) {
        xs_emit(c, XS_R_AUTHORITY_INFO_ACCESS_CRITICAL, xs_ext_offset(c, aia->ext), NULL);
    }
    if (!xs_ext_decoded(c, aia->ext)) {
        return;
    }
    if (aia->count == 0) {
        xs_emit(c, XS_R_AUTHORITY_INFO_ACCESS_EMPTY, xs_ext_value_offset(c, aia->ext), NULL);
    }
    if (some_method_without_http_or_ldap(aia, XS_AD_CA_ISSUERS)) {
        xs_emit(c, XS_R_AIA_CA_ISSUERS_NO_HTTP_OR_LDAP_URI, xs_ext_value_offset(c, aia->ext), NULL);
    }
    for (size_t i = 0; i < aia->count; i++) {
        const xs_access_desc *d = &aia->items[i];
        if (d->kind == XS_AD_OCSP && d->location_kind != XS_LOCATION_URI_HTTP &&
            d->location_kind != XS_LOCATION_URI_HTTPS) {
            xs_emit(c, XS_R_AIA_OCSP_NOT_HTTP_URI, d->whole.off,
                    "authorityInfoAccess[%zu] gives the OCSP responder as %s", i,
                    d->location_kind == XS_LOCATION_NOT_URI ? "a name that is not a URI"
                                                           : "a URI of another scheme");
        }
    }
}

/* RFC 5280 4.2.2.2: non-critical, SIZE (1..MAX), an HTTP or LDAP URI among
 * the id-ad-caRepository locations. */
static void subject_info_access_valid(xs_check_ctx *c)
{
    const xs_info_access *sia = &c->cert->policy.sia;
    if (!sia->present) {
        return;
    }
    if (xs_ext_critical(c, sia->ext)) {
        xs_emit(c, XS_R_SUBJECT_INFO_ACCESS_CRITICAL, xs_ext_offset(c, sia->ext), NULL);
    }
    if (!xs_ext_decoded(c, sia->ext)) {
        return;
    }
    if (sia->count == 0) {
        xs_emit(c, XS_R_SUBJECT_INFO_ACCESS_EMPTY, xs_ext_value_offset(c, sia->ext), NULL);
    }
    if (some_method_without_http_or_ldap(sia, XS_AD_CA_REPOSITORY)) {
        xs_emit(c, XS_R_SIA_CA_REPOSITORY_NO_HTTP_OR_LDAP_URI, xs_ext_value_offset(c, sia->ext),
                NULL);
    }
}

/* ---- subjectDirectoryAttributes -------------------------------------- */

/* RFC 5280 4.2.1.8: non-critical, SIZE (1..MAX), each attribute with a value. */
static void subject_directory_attributes_valid(xs_check_ctx *c)
{
    const xs_subject_dir_attrs *sda = &c->cert->policy.sda;
    if (!sda->present) {
        return;
    }
    if (xs_ext_critical(c, sda->ext)) {
        xs_emit(c, XS_R_SUBJECT_DIRECTORY_ATTRIBUTES_CRITICAL, xs_ext_offset(c, sda->ext), NULL);
    }
    if (xs_ext_decoded(c, sda->ext) && sda->count == 0) {
        xs_emit(c, XS_R_SUBJECT_DIRECTORY_ATTRIBUTES_EMPTY, xs_ext_value_offset(c, sda->ext), NULL);
    }
    for (size_t i = 0; i < sda->count; i++) {
        if (sda->items[i].value_count == 0) {
            xs_emit(c, XS_R_SUBJECT_DIRECTORY_ATTRIBUTE_NO_VALUES, sda->items[i].whole.off,
                    "subjectDirectoryAttributes[%zu] has no value", i);
        }
    }
}

/* ---- Certificate Transparency ---------------------------------------- */

/* RFC 6962 3.1: a critical poison whose value is NULL. */
static void poison_well_formed(xs_check_ctx *c)
{
    const xs_ct_poison *poison = &c->cert->policy.poison;
    if (!poison->present) {
        return;
    }
    if (!xs_ext_critical(c, poison->ext)) {
        xs_emit(c, XS_R_CT_POISON_NOT_CRITICAL, xs_ext_offset(c, poison->ext), NULL);
    }
    if (!poison->is_null) {
        xs_emit(c, XS_R_CT_POISON_NOT_NULL, xs_ext_value_offset(c, poison->ext), NULL);
    }
}

/* RFC 6962 3.3: SCTs go in the final certificate, at least one of them. */
static void sct_list_valid(xs_check_ctx *c)
{
    const xs_ext_policy *p = &c->cert->policy;
    if (!p->scts.present) {
        return;
    }
    if (p->poison.present) {
        xs_emit(c, XS_R_CT_PRECERT_HAS_SCT_LIST, xs_ext_offset(c, p->scts.ext), NULL);
    }
    if (p->scts.empty) {
        xs_emit(c, XS_R_CT_SCT_LIST_EMPTY, xs_ext_value_offset(c, p->scts.ext), NULL);
    }
}

static const xs_check checks[] = {
    {"crl_distribution_points_valid", crl_distribution_points_valid},
    {"freshest_crl_valid", freshest_crl_valid},
    {"crl_pointers_not_critical", crl_pointers_not_critical},
    {"authority_info_access_valid", authority_info_access_valid},
    {"subject_info_access_valid", subject_info_access_valid},
    {"subject_directory_attributes_valid", subject_directory_attributes_valid},
    {"poison_well_formed", poison_well_formed},
    {"sct_list_valid", sct_list_valid},
};
const xs_check *const xs_checks_access = checks;
const size_t xs_checks_access_count = XS_ARRAY_LEN(checks);
