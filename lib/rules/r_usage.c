/*
 * r_usage.c: the usage rule family.
 */
#include "rules/check.h"

const xs_check *const xs_checks_usage = NULL;
const size_t xs_checks_usage_count = 0;
