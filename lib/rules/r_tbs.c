/*
 * r_tbs.c: the tbs rule family.
 */
#include "rules/check.h"

const xs_check *const xs_checks_tbs = NULL;
const size_t xs_checks_tbs_count = 0;
