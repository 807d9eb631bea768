/*
 * r_ext.c: the extension list as a whole (RFC 5280 4.1.2.9, 4.2): version,
 * emptiness, duplicates, critical extensions nobody here understands, and
 * known extensions whose value does not decode.
 */
#include "rules/check.h"

static void version_allows_extensions(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (m->extensions_encoded && m->version >= 0 && m->version < 2) {
        xs_emit(c, XS_R_EXTENSIONS_REQUIRE_VERSION_3, m->tbs.off,
                "extensions in a version %d certificate", m->version + 1);
    }
}

static void list_not_empty(xs_check_ctx *c)
{
    if (c->cert->extensions_encoded && c->cert->ext_count == 0 &&
        xs_model_knows_ext(c->cert, XS_EXT_UNKNOWN)) {
        xs_emit(c, XS_R_EXT_LIST_EMPTY, c->cert->tbs.off, NULL);
    }
}

static void each_once(xs_check_ctx *c)
{
    for (size_t i = 0; i < c->cert->ext_count; i++) {
        const xs_ext *e = &c->cert->exts[i];
        if (e->duplicate) {
            const char *name = xs_ext_name(e->kind);
            xs_emit(c, XS_R_EXT_DUPLICATE, e->whole.off, "extension %zu (%s) repeats an earlier one",
                    i, name != NULL ? name : "unknown");
        }
    }
}

/* RFC 5280 4.2: a relying party rejects a critical extension it does not
 * process. This mirrors OpenSSL 3.0 exactly (its list leaves out AKI, SKI,
 * IAN, AIA, SIA, freshestCRL), so that a lint predicts OpenSSL's error 34;
 * the CT poison is left out because a precertificate carries it on purpose
 * (RFC 6962 3.1) and pre-issuance linting must not fail on it. */
static void critical_ones_known(xs_check_ctx *c)
{
    for (size_t i = 0; i < c->cert->ext_count; i++) {
        const xs_ext *e = &c->cert->exts[i];
        if (!e->critical || xs_ext_openssl_supports(e) || e->kind == XS_EXT_CT_PRECERT_POISON) {
            continue;
        }
        const char *name = xs_ext_name(e->kind);
        xs_emit(c, XS_R_UNHANDLED_CRITICAL_EXTENSION, e->whole.off,
                "extension %zu (%s) is critical and OpenSSL 3.0 does not process it", i,
                name != NULL ? name : "unknown to x509strict too");
    }
}

static void known_ones_decode(xs_check_ctx *c)
{
    for (size_t i = 0; i < c->cert->ext_count; i++) {
        const xs_ext *e = &c->cert->exts[i];
        if (e->kind != XS_EXT_UNKNOWN && !e->duplicate && !e->value_ok) {
            xs_emit(c, XS_R_INVALID_EXTENSION, e->value.off, "%s does not decode",
                    xs_ext_name(e->kind));
        }
    }
}

static const xs_check checks[] = {
    {"version_allows_extensions", version_allows_extensions},
    {"list_not_empty", list_not_empty},
    {"each_once", each_once},
    {"critical_ones_known", critical_ones_known},
    {"known_ones_decode", known_ones_decode},
};
const xs_check *const xs_checks_ext = checks;
const size_t xs_checks_ext_count = XS_ARRAY_LEN(checks);
