#include "rules/rules.h"

#include <string.h>

#define FAMILY_OPENSSL "openssl"
#define LEVEL_MUST "MUST"
#define LEVEL_SHOULD "SHOULD"
#define LEVEL_NONE ""

static const xs_rule_info rules[XS_R__COUNT] = {
#define XS_RULE(id, fam, code, section, level, sev, summary)                                     \
    [XS_R_##id] = {#id, FAMILY_##fam, section, LEVEL_##level, summary, code, XS_SEV_##sev},
#include "rules/rules.def"
#undef XS_RULE
};

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
