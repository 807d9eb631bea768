#include "rules/rules.h"

#include <string.h>

#define FAMILY_OPENSSL "openssl"
#define FAMILY_DER "der"
#define FAMILY_TBS "tbs"
#define FAMILY_NAME "name"
#define FAMILY_EXT "ext"
#define FAMILY_KEYID "keyid"
#define FAMILY_USAGE "usage"
#define FAMILY_GENERAL_NAME "general_name"
#define FAMILY_NAME_CONSTRAINTS "name_constraints"
#define FAMILY_POLICY "policy"
#define FAMILY_ACCESS "access"
#define FAMILY_KEY "key"
#define FAMILY_CHAIN "chain"
#define LEVEL_MUST "MUST"
#define LEVEL_SHOULD "SHOULD"
#define LEVEL_NONE ""
#define SCOPE_NAME_ANY "any"
#define SCOPE_NAME_CA "ca"
#define SCOPE_NAME_LEAF "leaf"
#define SCOPE_NAME_NOT_TOP "not-top"
#define SCOPE_NAME_TOP "top"
#define SINCE_NAME_ALWAYS "always"
#define SINCE_NAME_RFC2459 "RFC 2459"
#define SINCE_NAME_RFC3280 "RFC 3280"
#define SINCE_NAME_RFC5280 "RFC 5280"
#define SINCE_NAME_RFC6818 "RFC 6818"

/* When each RFC was published: certificates issued before predate it. */
#define SINCE_ALWAYS INT64_MIN
#define SINCE_RFC2459 INT64_C(915148800)  /* 1999-01-01 */
#define SINCE_RFC3280 INT64_C(1017619200) /* 2002-04-01 */
#define SINCE_RFC5280 INT64_C(1209600000) /* 2008-05-01 */
#define SINCE_RFC6818 INT64_C(1357689600) /* 2013-01-09 */

static const xs_rule_info rules[XS_R__COUNT] = {
#define XS_RULE(id, fam, code, section, level, sev, scope, since, summary, why, fix)            \
    [XS_R_##id] = {#id,          FAMILY_##fam,     section,              LEVEL_##level,          \
                   summary,      code,             XS_SEV_##sev,         SCOPE_NAME_##scope,     \
                   SINCE_NAME_##since, why,        fix},
#include "rules/rules.def"
#undef XS_RULE
};

static const xs_scope scopes[XS_R__COUNT] = {
#define XS_RULE(id, fam, code, section, level, sev, scope, since, summary, why, fix)            \
    [XS_R_##id] = XS_SCOPE_##scope,
#include "rules/rules.def"
#undef XS_RULE
};

static const int64_t sinces[XS_R__COUNT] = {
#define XS_RULE(id, fam, code, section, level, sev, scope, since, summary, why, fix)            \
    [XS_R_##id] = SINCE_##since,
#include "rules/rules.def"
#undef XS_RULE
};

xs_scope xs_rule_scope(xs_rule_id id)
{
    return (unsigned)id < XS_R__COUNT ? scopes[id] : XS_SCOPE_ANY;
}

int64_t xs_rule_since(xs_rule_id id)
{
    return (unsigned)id < XS_R__COUNT ? sinces[id] : SINCE_ALWAYS;
}

const xs_rule_info *xs_rule_info_of(xs_rule_id id)
{
    return (unsigned)id < XS_R__COUNT ? &rules[id] : NULL;
}

size_t xs_rule_count(void)
{
    return XS_R__COUNT;
}

const xs_rule_info *xs_rule_get(size_t i)
{
    return i < XS_R__COUNT ? &rules[i] : NULL;
}

int xs_rule_by_mnemonic(const char *mnemonic, xs_rule_id *out)
{
    for (size_t i = 0; i < XS_R__COUNT; i++) {
        if (strcmp(rules[i].mnemonic, mnemonic) == 0) {
            *out = (xs_rule_id)i;
            return 0;
        }
    }
    return -1;
}

const xs_rule_info *xs_rule_find(const char *mnemonic)
{
    xs_rule_id id;
    return mnemonic != NULL && xs_rule_by_mnemonic(mnemonic, &id) == 0 ? &rules[id] : NULL;
}

xs_rule_id xs_rule_for_openssl_code(int code)
{
    /* OPENSSL rows are in numeric order from code 1, so most lookups hit at
     * once; the scan keeps this correct if rows are ever reordered. */
    if (code >= 1 && (size_t)code <= XS_R__COUNT && rules[code - 1].openssl_code == code) {
        return (xs_rule_id)(code - 1);
    }
    for (size_t i = 0; i < XS_R__COUNT; i++) {
        if (rules[i].openssl_code == code) {
            return (xs_rule_id)i;
        }
    }
    return XS_R_UNSPECIFIED;
}

const char *xs_severity_name(xs_severity sev)
{
    switch (sev) {
    case XS_SEV_OFF:
        return "off";
    case XS_SEV_NOTICE:
        return "notice";
    case XS_SEV_WARN:
        return "warn";
    case XS_SEV_ERROR:
        return "error";
    }
    return "?";
}
