/*
 * r_general_name.c: the general_name rule family.
 */
#include "rules/check.h"

const xs_check *const xs_checks_general_name = NULL;
const size_t xs_checks_general_name_count = 0;
