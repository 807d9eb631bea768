/*
 * r_keyid.c: authorityKeyIdentifier and subjectKeyIdentifier (RFC 5280
 * 4.2.1.1, 4.2.1.2).
 *
 * The OPENSSL rows are emitted under OpenSSL 3.0's own conditions
 * (OPENSSL-STRICT.md 1.2 rows 11-14), read from the flags OpenSSL would
 * cache (xs_openssl_usage_of); its strict block runs only on chains of two
 * or more certificates, so in a chain of one they stay silent (a lint has
 * no chain, and they run). The rows of this family cover what RFC 5280
 * requires beyond them.
 */
#include "rules/check.h"

/* strict_block_runs: OpenSSL runs its strict rows 1-15 only when the chain
 * has more than one certificate (check_extensions, `num > 1`). */
static bool strict_block_runs(const xs_check_ctx *c)
{
    return c->chain_len != 1;
}

static bool is_v3(const xs_model *m)
{
    return m->version >= 2;
}

/* RFC 5280 4.2.1.1: conforming CAs MUST mark authorityKeyIdentifier
 * non-critical. OpenSSL's condition: x->akid decoded and the extension
 * critical. */
static void aki_not_critical(xs_check_ctx *c)
{
    xs_openssl_usage u;
    xs_openssl_usage_of(c->cert, &u);
    const xs_ext *e = u.akid ? &c->cert->exts[c->cert->aki.ext] : NULL;
    if (strict_block_runs(c) && e != NULL && e->critical) {
        xs_emit(c, XS_R_AUTHORITY_KEY_IDENTIFIER_CRITICAL, e->whole.off, NULL);
    }
}

/* RFC 5280 4.2.1.2: conforming CAs MUST mark subjectKeyIdentifier
 * non-critical. */
static void ski_not_critical(xs_check_ctx *c)
{
    xs_openssl_usage u;
    xs_openssl_usage_of(c->cert, &u);
    const xs_ext *e = u.skid ? &c->cert->exts[c->cert->ski.ext] : NULL;
    if (strict_block_runs(c) && e != NULL && e->critical) {
        xs_emit(c, XS_R_SUBJECT_KEY_IDENTIFIER_CRITICAL, e->whole.off, NULL);
    }
}

/* RFC 5280 4.2.1.1, as OpenSSL checks it: a v3 certificate below the top
 * of the chain (the row's scope) needs an AKI with a keyIdentifier. */
static void aki_key_id_below_top(xs_check_ctx *c)
{
    xs_openssl_usage u;
    xs_openssl_usage_of(c->cert, &u);
    if (strict_block_runs(c) && is_v3(c->cert) && !u.akid_keyid &&
        xs_model_knows_ext(c->cert, XS_EXT_AUTHORITY_KEY_IDENTIFIER)) {
        xs_emit(c, XS_R_MISSING_AUTHORITY_KEY_IDENTIFIER, SIZE_MAX,
                u.akid ? "authorityKeyIdentifier has no keyIdentifier" : NULL);
    }
}

/* signed_by_other_key: the certificate is known not to be self-signed. A
 * certificate that is not self-issued is not; a self-issued one is not when
 * its issuer's certificate is known and holds another key. */
static bool signed_by_other_key(const xs_check_ctx *c)
{
    if (!xs_model_is_self_issued(c->cert)) {
        return true;
    }
    return c->issuer != NULL && !xs_der_equal(&c->issuer->spki, &c->cert->spki);
}

/* RFC 5280 4.2.1.1: only a self-signed certificate may leave the
 * keyIdentifier out; OpenSSL exempts the whole top of the chain. */
static void aki_key_id_on_top(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    bool aki_undecoded = m->aki.present && !m->exts[m->aki.ext].value_ok;
    if (is_v3(m) && !(m->aki.present && m->aki.has_key_id) && !aki_undecoded &&
        xs_model_knows_ext(m, XS_EXT_AUTHORITY_KEY_IDENTIFIER) && signed_by_other_key(c)) {
        xs_emit(c, XS_R_AKI_KEY_ID_MISSING_NOT_SELF_SIGNED, SIZE_MAX,
                xs_model_is_self_issued(m)
                    ? "a self-issued certificate signed by another key has no AKI keyIdentifier"
                    : "the top certificate is not self-issued and has no AKI keyIdentifier");
    }
}

/* RFC 5280 4.2.1.2: subjectKeyIdentifier MUST appear in all conforming CA
 * certificates; OpenSSL asks it of every v3 certificate with cA TRUE. */
static void ski_on_ca(xs_check_ctx *c)
{
    xs_openssl_usage u;
    xs_openssl_usage_of(c->cert, &u);
    if (strict_block_runs(c) && is_v3(c->cert) && u.ca && !u.skid &&
        xs_model_knows_ext(c->cert, XS_EXT_SUBJECT_KEY_IDENTIFIER)) {
        xs_emit(c, XS_R_MISSING_SUBJECT_KEY_IDENTIFIER, SIZE_MAX, NULL);
    }
}

/* RFC 5280 4.2.1.2: SHOULD be included in all end entity certificates;
 * RFC 6818 section 2 leaves self-issued end entities out of the profile. */
static void ski_on_end_entity(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (is_v3(m) && !m->ski.present && xs_model_knows_ext(m, XS_EXT_SUBJECT_KEY_IDENTIFIER) &&
        !xs_model_is_self_issued(m)) {
        xs_emit(c, XS_R_SKI_MISSING_END_ENTITY, SIZE_MAX, NULL);
    }
}

/* RFC 5280 4.2.1.1, Appendix A.2: authorityCertIssuer and
 * authorityCertSerialNumber both or neither. */
static void aki_issuer_and_serial_paired(xs_check_ctx *c)
{
    const xs_ext_aki *aki = &c->cert->aki;
    if (aki->present && c->cert->exts[aki->ext].value_ok && aki->has_issuer != aki->has_serial) {
        xs_emit(c, XS_R_AKI_ISSUER_SERIAL_NOT_PAIRED, c->cert->exts[aki->ext].value.off,
                aki->has_issuer ? "authorityCertIssuer without authorityCertSerialNumber"
                                : "authorityCertSerialNumber without authorityCertIssuer");
    }
}

/* RFC 5280 4.2.1.1, 4.2.1.2: key identifiers SHOULD be derived from the key
 * or be otherwise unique; an empty one is neither. */
static void key_ids_not_empty(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (m->aki.present && m->aki.has_key_id && m->aki.key_id.len == 0) {
        xs_emit(c, XS_R_AKI_KEY_ID_EMPTY, m->aki.key_id.off, NULL);
    }
    if (m->ski.present && m->exts[m->ski.ext].value_ok && m->ski.key_id.len == 0) {
        xs_emit(c, XS_R_SKI_EMPTY, m->ski.key_id.off, NULL);
    }
}

static const xs_check checks[] = {
    {"aki_not_critical", aki_not_critical},
    {"ski_not_critical", ski_not_critical},
    {"aki_key_id_below_top", aki_key_id_below_top},
    {"aki_key_id_on_top", aki_key_id_on_top},
    {"ski_on_ca", ski_on_ca},
    {"ski_on_end_entity", ski_on_end_entity},
    {"aki_issuer_and_serial_paired", aki_issuer_and_serial_paired},
    {"key_ids_not_empty", key_ids_not_empty},
};
const xs_check *const xs_checks_keyid = checks;
const size_t xs_checks_keyid_count = XS_ARRAY_LEN(checks);
