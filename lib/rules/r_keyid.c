/*
 * r_keyid.c: the keyid rule family.
 */
#include "rules/check.h"

const xs_check *const xs_checks_keyid = NULL;
const size_t xs_checks_keyid_count = 0;
