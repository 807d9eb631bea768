/*
 * r_name_constraints.c: the name_constraints rule family.
 */
#include "rules/check.h"

const xs_check *const xs_checks_name_constraints = NULL;
const size_t xs_checks_name_constraints_count = 0;
