/*
 * ext_policy.h: certificatePolicies, policyMappings, policyConstraints,
 * inhibitAnyPolicy (RFC 5280 4.2.1.4-5, 4.2.1.11, 4.2.1.14),
 * cRLDistributionPoints and freshestCRL (4.2.1.13, 4.2.1.15),
 * authorityInfoAccess and subjectInfoAccess (4.2.2), subjectDirectoryAttributes
 * (4.2.1.8), and the Certificate Transparency extensions (RFC 6962).
 */
#ifndef XS_EXT_POLICY_H
#define XS_EXT_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "der/der.h"

typedef struct {
    bool policies_present;
    size_t policies_ext;
} xs_ext_policy;

struct xs_model;
void xs_ext_decode_certificate_policies(struct xs_model *m, size_t index);
void xs_ext_decode_policy_mappings(struct xs_model *m, size_t index);
void xs_ext_decode_policy_constraints(struct xs_model *m, size_t index);
void xs_ext_decode_inhibit_any_policy(struct xs_model *m, size_t index);
void xs_ext_decode_crl_distribution_points(struct xs_model *m, size_t index);
void xs_ext_decode_freshest_crl(struct xs_model *m, size_t index);
void xs_ext_decode_authority_info_access(struct xs_model *m, size_t index);
void xs_ext_decode_subject_info_access(struct xs_model *m, size_t index);
void xs_ext_decode_subject_directory_attributes(struct xs_model *m, size_t index);
void xs_ext_decode_ct_precert_poison(struct xs_model *m, size_t index);
void xs_ext_decode_ct_sct_list(struct xs_model *m, size_t index);
void xs_ext_policy_cleanup(xs_ext_policy *p);

#endif /* XS_EXT_POLICY_H */
