/*
 * r_key.c: the key rule family.
 */
#include "rules/check.h"

const xs_check *const xs_checks_key = NULL;
const size_t xs_checks_key_count = 0;
