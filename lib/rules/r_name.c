/*
 * r_name.c: the name rule family.
 */
#include "rules/check.h"

const xs_check *const xs_checks_name = NULL;
const size_t xs_checks_name_count = 0;
