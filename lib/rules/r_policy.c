/*
 * r_policy.c: the policy rule family.
 */
#include "rules/check.h"

const xs_check *const xs_checks_policy = NULL;
const size_t xs_checks_policy_count = 0;
