/*
 * r_access.c: the access rule family.
 */
#include "rules/check.h"

const xs_check *const xs_checks_access = NULL;
const size_t xs_checks_access_count = 0;
