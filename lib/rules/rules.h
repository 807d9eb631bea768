/*
 * rules.h: the rule table (rules.def) as C.
 */
#ifndef XS_RULES_H
#define XS_RULES_H

#include "internal.h"

typedef enum {
#define XS_RULE(id, fam, code, section, level, sev, summary) XS_R_##id,
#include "rules/rules.def"
#undef XS_RULE
    XS_R__COUNT
} xs_rule_id;

/* xs_rule_info_of returns the public row of rule `id`. */
const xs_rule_info *xs_rule_info_of(xs_rule_id id);

/* xs_rule_by_mnemonic returns 0 and sets *out when a rule has `mnemonic`. */
int xs_rule_by_mnemonic(const char *mnemonic, xs_rule_id *out);

/* xs_rule_for_openssl_code maps an X509_V_ERR_* value to its rule;
 * an unknown value maps to XS_R_UNSPECIFIED. */
xs_rule_id xs_rule_for_openssl_code(int code);

#endif /* XS_RULES_H */
