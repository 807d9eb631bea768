/*
 * ext_policy.c: decoders of the policy, distribution-point, access and CT
 * extensions.
 */
#include "cert/model_internal.h"

void xs_ext_decode_certificate_policies(xs_model *m, size_t index)
{
    m->policy.policies_present = true;
    m->policy.policies_ext = index;
}

void xs_ext_decode_policy_mappings(xs_model *m, size_t index)
{
    (void)m;
    (void)index;
}

void xs_ext_decode_policy_constraints(xs_model *m, size_t index)
{
    (void)m;
    (void)index;
}

void xs_ext_decode_inhibit_any_policy(xs_model *m, size_t index)
{
    (void)m;
    (void)index;
}

void xs_ext_decode_crl_distribution_points(xs_model *m, size_t index)
{
    (void)m;
    (void)index;
}

void xs_ext_decode_freshest_crl(xs_model *m, size_t index)
{
    (void)m;
    (void)index;
}

void xs_ext_decode_authority_info_access(xs_model *m, size_t index)
{
    (void)m;
    (void)index;
}

void xs_ext_decode_subject_info_access(xs_model *m, size_t index)
{
    (void)m;
    (void)index;
}

void xs_ext_decode_subject_directory_attributes(xs_model *m, size_t index)
{
    (void)m;
    (void)index;
}

void xs_ext_decode_ct_precert_poison(xs_model *m, size_t index)
{
    (void)m;
    (void)index;
}

void xs_ext_decode_ct_sct_list(xs_model *m, size_t index)
{
    (void)m;
    (void)index;
}

void xs_ext_policy_cleanup(xs_ext_policy *p)
{
    (void)p;
}
