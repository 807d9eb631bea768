/*
 * policy.h: what a policy decides. A policy is text (one file per policy in policies/):
 * OpenSSL verification flags, purpose, depth, security level, and a severity
 * for each rule mnemonic. The chain bridge maps the flags to OpenSSL's.
 */
#ifndef XS_POLICY_H
#define XS_POLICY_H

#include "rules/rules.h"

/* Verification flags a policy can set. The names are OpenSSL's
 * (X509_V_FLAG_*, lower case), except no_partial_wildcards, which is
 * X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS for the host check. */
#define XS_POLICY_FLAGS(X)                                                                       \
    X(x509_strict)                                                                               \
    X(partial_chain)                                                                             \
    X(trusted_first)                                                                             \
    X(no_alt_chains)                                                                             \
    X(ignore_critical)                                                                           \
    X(allow_proxy_certs)                                                                         \
    X(check_ss_signature)                                                                        \
    X(no_check_time)                                                                             \
    X(policy_check)                                                                              \
    X(explicit_policy)                                                                           \
    X(inhibit_any)                                                                               \
    X(inhibit_map)                                                                               \
    X(crl_check)                                                                                 \
    X(crl_check_all)                                                                             \
    X(no_partial_wildcards)

typedef enum {
#define XS_FLAG_BIT(name) XS_FLAG_BIT_##name,
    XS_POLICY_FLAGS(XS_FLAG_BIT)
#undef XS_FLAG_BIT
    XS_FLAG__COUNT
} xs_flag_bit;

#define XS_FLAG(name) (1u << XS_FLAG_BIT_##name)

struct xs_policy {
    char name[64];
    char summary[256];
    unsigned flags; /* XS_FLAG() bits */
    xs_purpose purpose;
    int max_depth;
    int auth_level; /* OpenSSL security level for chain verification; -1: none */
    xs_severity checks_cap; /* the highest severity x509strict's own checks may give */
    bool effective_dates;   /* a rule does not apply to certificates that predate it */
    xs_severity severity[XS_R__COUNT];
};

/* xs_policy_flag_name returns the policy-file name of flag bit `bit`. */
const char *xs_policy_flag_name(xs_flag_bit bit);

/* xs_policy_resolve is the severity `policy` gives `rule`. */
xs_severity xs_policy_resolve(const xs_policy *policy, xs_rule_id rule);

/* xs_policy_resolve_own is the severity of a finding that x509strict's own
 * checks made (not OpenSSL): the policy's, capped by `checks`, and off for a
 * certificate that predates the rule when effective dates are on. In a lint,
 * where OpenSSL does not run (`openssl_ran` false), a rule that mirrors an
 * OpenSSL check the policy's flags enable is not capped: it stands for
 * OpenSSL. */
xs_severity xs_policy_resolve_own(const xs_policy *policy, xs_rule_id rule, bool predates,
                                  bool openssl_ran);

#endif /* XS_POLICY_H */
