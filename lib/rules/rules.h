/*
 * rules.h: the rule table (rules.def) as C.
 */
#ifndef XS_RULES_H
#define XS_RULES_H

#include "internal.h"

typedef enum {
#define XS_RULE(id, fam, code, section, level, sev, scope, since, summary, why, fix) XS_R_##id,
#include "rules/rules.def"
#undef XS_RULE
    XS_R__COUNT
} xs_rule_id;

/* Which certificates a rule applies to (rules.def, the scope column). */
typedef enum {
    XS_SCOPE_ANY,
    XS_SCOPE_CA,      /* basicConstraints cA TRUE */
    XS_SCOPE_LEAF,    /* not a CA */
    XS_SCOPE_NOT_TOP, /* below the top of the chain */
    XS_SCOPE_TOP      /* the anchor; or a self-issued certificate linted alone */
} xs_scope;

xs_scope xs_rule_scope(xs_rule_id id);

/* xs_rule_since is the epoch second from which the rule applies: certificates
 * whose notBefore is earlier predate it. INT64_MIN for ALWAYS. */
int64_t xs_rule_since(xs_rule_id id);

/* xs_rule_info_of returns the public row of rule `id`. */
const xs_rule_info *xs_rule_info_of(xs_rule_id id);

/* xs_rule_by_mnemonic returns 0 and sets *out when a rule has `mnemonic`. */
int xs_rule_by_mnemonic(const char *mnemonic, xs_rule_id *out);

/* xs_rule_for_openssl_code maps an X509_V_ERR_* value to its rule;
 * an unknown value maps to XS_R_UNSPECIFIED. */
xs_rule_id xs_rule_for_openssl_code(int code);

#endif /* XS_RULES_H */
