/*
 * r_chain.c: a certificate against its issuer (RFC 5280 4.2.1.1, 6.1): key
 * identifiers, the issuer's key usage, name encoding, validity nesting, and
 * what kind of anchor ended the chain. Runs when the issuer is known: in a
 * chain OpenSSL built, or in a lint with --issuer.
 */
#include "rules/check.h"

/* RFC 5280 4.2.1.1: the AKI keyIdentifier is the issuer's SKI. */
static void key_ids_match(xs_check_ctx *c)
{
    const xs_model *m = c->cert, *issuer = c->issuer;
    if (issuer == NULL || !m->aki.present || !m->aki.has_key_id || !issuer->ski.present) {
        return;
    }
    if (!xs_der_equal(&m->aki.key_id, &issuer->ski.key_id)) {
        xs_emit(c, XS_R_AKID_SKID_MISMATCH, m->aki.key_id.off, NULL);
    }
}

/* RFC 5280 4.2.1.3 / 6.1.4(n): an issuer that has keyUsage must assert
 * keyCertSign to sign certificates. */
static void issuer_may_sign(xs_check_ctx *c)
{
    const xs_model *issuer = c->issuer;
    if (issuer != NULL && issuer->ku.present && (issuer->ku.bits & XS_KU_KEY_CERT_SIGN) == 0) {
        xs_emit(c, XS_R_KEYUSAGE_NO_CERTSIGN, SIZE_MAX, "the issuer's keyUsage lacks keyCertSign");
    }
}

static void issuer_name_identical(xs_check_ctx *c)
{
    const xs_model *m = c->cert, *issuer = c->issuer;
    if (issuer != NULL && m->issuer.present && issuer->subject.present &&
        !xs_der_equal(&m->issuer.whole, &issuer->subject.whole)) {
        xs_emit(c, XS_R_CHAIN_ISSUER_NAME_NOT_IDENTICAL, m->issuer.whole.off, NULL);
    }
}

static bool readable(const xs_time *t)
{
    return t->present && (t->defects & (XS_TIME_BAD_SYNTAX | XS_TIME_BAD_CALENDAR)) == 0;
}

static void validity_nested(xs_check_ctx *c)
{
    const xs_model *m = c->cert, *issuer = c->issuer;
    if (issuer == NULL || !readable(&m->not_before) || !readable(&m->not_after) ||
        !readable(&issuer->not_before) || !readable(&issuer->not_after)) {
        return;
    }
    if (m->not_before.seconds < issuer->not_before.seconds ||
        m->not_after.seconds > issuer->not_after.seconds) {
        xs_emit(c, XS_R_CHAIN_VALIDITY_NOT_NESTED, m->not_before.value.off, NULL);
    }
}

/* The top of a built chain that came from the trust store and is not
 * self-issued was trusted directly (partial chain). In a lint alone the top
 * is self-issued by definition. */
static void anchor_kind(xs_check_ctx *c)
{
    if (c->chain_len > 0 && c->anchored && !xs_model_is_self_issued(c->cert)) {
        xs_emit(c, XS_R_CHAIN_PARTIAL_ANCHOR, SIZE_MAX, NULL);
    }
}

static const xs_check checks[] = {
    {"key_ids_match", key_ids_match},
    {"issuer_may_sign", issuer_may_sign},
    {"issuer_name_identical", issuer_name_identical},
    {"validity_nested", validity_nested},
    {"anchor_kind", anchor_kind},
};
const xs_check *const xs_checks_chain = checks;
const size_t xs_checks_chain_count = XS_ARRAY_LEN(checks);
