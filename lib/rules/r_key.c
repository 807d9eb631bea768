/*
 * r_key.c: the key family. The subject public key (RFC 5280 4.1.2.7 with
 * RFC 3279 2.3, RFC 4055, RFC 5480 2, RFC 8410 3-4), the signature
 * algorithm (RFC 5280 4.1.1.2 with RFC 3279 2.2, RFC 4055 3 and 5, RFC 5758
 * 3, RFC 8410 3), and keyUsage against the key's algorithm (RFC 3279 2.3,
 * RFC 4055, RFC 5480 3, RFC 8410 5). Everything is read from m->key, which
 * cert/key.c decodes once without OpenSSL.
 */
#include "cert/name_text.h"
#include "rules/check.h"

/* ---- the subject public key ------------------------------------------ */

static bool is_rsa(xs_key_type type)
{
    return type == XS_KEY_RSA || type == XS_KEY_RSA_PSS || type == XS_KEY_RSA_OAEP;
}

static bool is_ec(xs_key_type type)
{
    return type == XS_KEY_EC || type == XS_KEY_EC_DH || type == XS_KEY_EC_MQV;
}

static bool is_rfc8410(xs_key_type type)
{
    return type == XS_KEY_ED25519 || type == XS_KEY_ED448 || type == XS_KEY_X25519 ||
           type == XS_KEY_X448;
}

/* RFC 5280 4.1.2.7: the algorithms are those of RFC 3279, 4055, 5480, 8410. */
static void key_algorithm_known(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (m->key.present && m->key.type == XS_KEY_UNKNOWN) {
        char oid[64];
        xs_oid_text(&m->key_alg.oid, oid, sizeof(oid));
        xs_emit(c, XS_R_PUBLIC_KEY_ALGORITHM_UNRECOGNIZED, m->key_alg.whole.off,
                "public key algorithm %s", oid);
    }
}

/* No RFC floor; OpenSSL's security level 2 wants 112-bit security. */
static void key_strong_enough(xs_check_ctx *c)
{
    const xs_key_info *k = &c->cert->key;
    bool sized = (is_rsa(k->type) && k->rsa_read && !k->rsa_modulus_negative) ||
                 (k->type == XS_KEY_DSA && k->dsa_params_valid) ||
                 (is_ec(k->type) && k->ec_curve_name != NULL);
    unsigned minimum = is_ec(k->type) ? 224 : 2048;
    if (k->present && sized && k->bits < minimum) {
        xs_emit(c, XS_R_PUBLIC_KEY_TOO_SMALL, k->key_offset,
                "%u-bit %s key%s%s (below %u bits, under 112-bit security)", k->bits,
                xs_key_type_name(k->type), k->ec_curve_name != NULL ? " on " : "",
                k->ec_curve_name != NULL ? k->ec_curve_name : "", minimum);
    }
}

/* RFC 3279 2.3.1, RFC 4055 1.2: rsaEncryption's parameters MUST be NULL. */
static void rsa_parameters_null(xs_check_ctx *c)
{
    const xs_key_info *k = &c->cert->key;
    if (k->present && k->type == XS_KEY_RSA && k->params != XS_PARAMS_NULL) {
        xs_emit(c, XS_R_RSA_PARAMETERS_NOT_NULL, k->params_offset,
                k->params == XS_PARAMS_ABSENT ? "rsaEncryption key without its NULL parameters"
                                              : "rsaEncryption key parameters are not NULL");
    }
}

/* RFC 3279 2.3.1: RSAPublicKey ::= SEQUENCE { modulus, publicExponent }. */
static void rsa_key_decodes(xs_check_ctx *c)
{
    const xs_key_info *k = &c->cert->key;
    if (k->present && is_rsa(k->type) && !k->key_ok) {
        xs_emit(c, XS_R_RSA_PUBLIC_KEY_INVALID, k->key_offset, "%s", k->key_problem);
    }
}

/* RFC 8017 3.1: n is a product of distinct odd primes. */
static void rsa_modulus_valid(xs_check_ctx *c)
{
    const xs_key_info *k = &c->cert->key;
    if (!k->present || !is_rsa(k->type) || !k->rsa_read) {
        return;
    }
    const char *why = k->rsa_modulus_negative ? "negative"
                      : k->rsa_modulus_zero   ? "zero"
                      : k->rsa_modulus_even   ? "even"
                                              : NULL;
    if (why != NULL) {
        xs_emit(c, XS_R_RSA_MODULUS_INVALID, k->key_offset, "the RSA modulus is %s", why);
    } else if (k->bits % 8 != 0) {
        xs_emit(c, XS_R_RSA_MODULUS_BITS_NOT_MULTIPLE_OF_8, k->key_offset,
                "the RSA modulus is %u bits long", k->bits);
    }
}

/* RFC 8017 3.1: 3 <= e <= n - 1, e odd; FIPS 186-4 B.3.1: 2^16 < e < 2^256. */
static void rsa_exponent_valid(xs_check_ctx *c)
{
    const xs_key_info *k = &c->cert->key;
    if (!k->present || !is_rsa(k->type) || !k->rsa_read) {
        return;
    }
    bool small = k->rsa_exponent_fits && k->rsa_exponent < 3;
    const char *why = k->rsa_exponent_negative            ? "negative"
                      : small                             ? "below 3"
                      : k->rsa_exponent_even              ? "even"
                      : k->rsa_exponent_not_below_modulus ? "not below the modulus"
                                                          : NULL;
    if (why != NULL) {
        xs_emit(c, XS_R_RSA_EXPONENT_INVALID, k->key_offset, "the RSA public exponent is %s", why);
    } else if (k->rsa_exponent_fits && k->rsa_exponent <= 65536) {
        xs_emit(c, XS_R_RSA_EXPONENT_OUTSIDE_FIPS_RANGE, k->key_offset,
                "the RSA public exponent is %llu", (unsigned long long)k->rsa_exponent);
    } else if (k->rsa_exponent_bits > 256) {
        xs_emit(c, XS_R_RSA_EXPONENT_OUTSIDE_FIPS_RANGE, k->key_offset,
                "the RSA public exponent is %u bits long", k->rsa_exponent_bits);
    }
}

/* emit_rsa_params reports RSASSA-PSS or RSAES-OAEP parameters that are not
 * acceptable (RFC 4055 3.1, 4.1), or whose MGF1 digest differs (SHOULD). */
static void emit_rsa_params(xs_check_ctx *c, const xs_rsa_params *p, xs_rule_id invalid,
                            const char *where, size_t offset)
{
    if (p->problem != NULL) {
        xs_emit(c, invalid, p->problem_offset, "%s: %s", where, p->problem);
    } else if (p->mgf_is_mgf1 && p->mgf_hash != p->hash) {
        xs_emit(c, XS_R_RSA_MGF1_HASH_MISMATCH, offset, "%s: %s with MGF1 over %s", where,
                xs_hash_name(p->hash), xs_hash_name(p->mgf_hash));
    }
}

/* RFC 4055 3.1, 4.1: the key's parameters, when present. */
static void rsa_key_parameters_valid(xs_check_ctx *c)
{
    const xs_key_info *k = &c->cert->key;
    if (!k->present || !k->rsa_params.present) {
        return;
    }
    xs_rule_id invalid = k->type == XS_KEY_RSA_PSS ? XS_R_RSASSA_PSS_PARAMETERS_INVALID
                                                   : XS_R_RSAES_OAEP_PARAMETERS_INVALID;
    emit_rsa_params(c, &k->rsa_params, invalid, "subjectPublicKeyInfo", k->params_offset);
}

/* RFC 5480 2.1.1: ECParameters MUST be a namedCurve. */
static void ec_named_curve(xs_check_ctx *c)
{
    const xs_key_info *k = &c->cert->key;
    if (!k->present || !is_ec(k->type)) {
        return;
    }
    switch (k->ec_params) {
    case XS_EC_PARAMS_NAMED:
        if (k->ec_curve_name == NULL) {
            char oid[64];
            xs_oid_text(&k->ec_curve, oid, sizeof(oid));
            xs_emit(c, XS_R_EC_CURVE_UNRECOGNIZED, k->params_offset, "named curve %s", oid);
        }
        break;
    case XS_EC_PARAMS_SPECIFIED:
        xs_emit(c, XS_R_EC_KEY_EXPLICIT_PARAMS, k->params_offset, NULL);
        break;
    case XS_EC_PARAMS_ABSENT:
        xs_emit(c, XS_R_EC_PARAMETERS_NOT_NAMED_CURVE, k->params_offset,
                "the EC key has no parameters");
        break;
    case XS_EC_PARAMS_IMPLICIT:
        xs_emit(c, XS_R_EC_PARAMETERS_NOT_NAMED_CURVE, k->params_offset,
                "the EC key's parameters are implicitCurve (NULL)");
        break;
    case XS_EC_PARAMS_OTHER:
        xs_emit(c, XS_R_EC_PARAMETERS_NOT_NAMED_CURVE, k->params_offset,
                "the EC key's parameters are not ECParameters");
        break;
    }
}

/* RFC 5480 2.2: compressed or uncompressed, never hybrid, right length. */
static void ec_point_valid(xs_check_ctx *c)
{
    const xs_key_info *k = &c->cert->key;
    if (k->present && is_ec(k->type) && !k->key_ok) {
        xs_emit(c, XS_R_EC_POINT_INVALID, k->key_offset, "%s (%zu octets%s%s)", k->key_problem,
                k->ec_point_len, k->ec_curve_name != NULL ? " on " : "",
                k->ec_curve_name != NULL ? k->ec_curve_name : "");
    }
}

/* RFC 8410 3: parameters MUST be absent; RFC 8410 4: the key's length. */
static void rfc8410_key_valid(xs_check_ctx *c)
{
    const xs_key_info *k = &c->cert->key;
    if (!k->present || !is_rfc8410(k->type)) {
        return;
    }
    if (k->params != XS_PARAMS_ABSENT) {
        xs_emit(c, XS_R_EDDSA_XDH_PARAMETERS_PRESENT, k->params_offset, "%s with %s", k->name,
                k->params == XS_PARAMS_NULL ? "NULL parameters" : "parameters");
    }
    if (!k->key_ok) {
        xs_emit(c, XS_R_EDDSA_XDH_KEY_LENGTH_INVALID, k->key_offset, "%s key of %zu octets%s",
                xs_key_type_name(k->type), k->raw_len,
                k->unused_bits != 0 ? " and unused bits" : "");
    }
}

/* RFC 3279 2.3.2: Dss-Parms, or nothing at all (inherited from the issuer). */
static void dsa_parameters(xs_check_ctx *c)
{
    const xs_key_info *k = &c->cert->key;
    if (!k->present || k->type != XS_KEY_DSA) {
        return;
    }
    if (k->params == XS_PARAMS_NULL) {
        xs_emit(c, XS_R_DSA_PARAMETERS_INVALID, k->params_offset, "the DSA key's parameters are NULL");
    } else if (k->params == XS_PARAMS_OTHER && !k->dsa_params_valid) {
        xs_emit(c, XS_R_DSA_PARAMETERS_INVALID, k->params_offset, NULL);
    } else if (k->params == XS_PARAMS_ABSENT) {
        xs_emit(c, XS_R_DSA_PARAMETERS_MISSING_ON_ROOT, k->params_offset, NULL); /* TOP only */
    }
}

/* RFC 3279 2.3.2: DSAPublicKey ::= INTEGER. */
static void dsa_key_decodes(xs_check_ctx *c)
{
    const xs_key_info *k = &c->cert->key;
    if (k->present && k->type == XS_KEY_DSA && !k->key_ok) {
        xs_emit(c, XS_R_DSA_PUBLIC_KEY_INVALID, k->key_offset, "%s", k->key_problem);
    }
}

/* ---- signature algorithms -------------------------------------------- */

/* each_signature_algorithm visits the TBSCertificate's signature field and
 * the outer signatureAlgorithm unless it is encoded the same way. */
static void each_signature_algorithm(xs_check_ctx *c,
                                     void (*visit)(xs_check_ctx *c, const xs_sig_alg *s))
{
    const xs_key_info *k = &c->cert->key;
    for (size_t i = 0; k->present && i < XS_ARRAY_LEN(k->sig); i++) {
        if (k->sig[i].present && !k->sig[i].same_as_inner) {
            visit(c, &k->sig[i]);
        }
    }
}

/* RFC 3279 2.2, RFC 4055 3.1 and 5, RFC 5758 3, RFC 8410 3. */
static void check_signature_parameters(xs_check_ctx *c, const xs_sig_alg *s)
{
    switch (s->scheme) {
    case XS_SIG_RSA_PKCS1:
        if (s->params != XS_PARAMS_NULL) {
            xs_emit(c, XS_R_SIGNATURE_RSA_PARAMETERS_NOT_NULL, s->params_offset,
                    "%s: %s parameters %s", s->field, s->name,
                    s->params == XS_PARAMS_ABSENT ? "absent" : "not NULL");
        }
        break;
    case XS_SIG_ECDSA:
    case XS_SIG_DSA:
    case XS_SIG_ED25519:
    case XS_SIG_ED448:
        if (s->params != XS_PARAMS_ABSENT) {
            xs_emit(c, XS_R_SIGNATURE_PARAMETERS_PRESENT, s->params_offset, "%s: %s with %s",
                    s->field, s->name,
                    s->params == XS_PARAMS_NULL ? "NULL parameters" : "parameters");
        }
        break;
    case XS_SIG_RSA_PSS:
        if (s->params == XS_PARAMS_ABSENT) {
            xs_emit(c, XS_R_RSASSA_PSS_PARAMETERS_MISSING, s->offset, "%s: %s without parameters",
                    s->field, s->name);
        } else {
            emit_rsa_params(c, &s->pss, XS_R_RSASSA_PSS_PARAMETERS_INVALID, s->field,
                            s->params_offset);
        }
        break;
    case XS_SIG_UNKNOWN: {
        char oid[64];
        xs_oid_text(&s->oid, oid, sizeof(oid));
        xs_emit(c, XS_R_SIGNATURE_ALGORITHM_UNRECOGNIZED, s->offset, "%s: algorithm %s", s->field,
                oid);
        break;
    }
    }
}

static void signature_parameters(xs_check_ctx *c)
{
    each_signature_algorithm(c, check_signature_parameters);
}

/* The algorithm verifiers use: the outer one (the TBS family reports a
 * difference from the inner one). */
static const xs_sig_alg *verified_algorithm(const xs_key_info *k)
{
    return k->sig[1].present ? &k->sig[1] : &k->sig[0];
}

/* No RFC forbids weak digests; OpenSSL's CA_MD_TOO_WEAK does, below the
 * anchor (scope NOT_TOP). */
static void signature_digest_strong(xs_check_ctx *c)
{
    const xs_key_info *k = &c->cert->key;
    const xs_sig_alg *s = verified_algorithm(k);
    if (!k->present || !s->present) {
        return;
    }
    switch (s->hash) {
    case XS_HASH_MD2:
    case XS_HASH_MD4:
    case XS_HASH_MD5:
        xs_emit(c, XS_R_SIGNATURE_DIGEST_MD2_MD4_MD5, s->offset, "signed with %s (%s)",
                xs_hash_name(s->hash), s->name);
        break;
    case XS_HASH_SHA1:
        xs_emit(c, XS_R_SIGNATURE_DIGEST_SHA1, s->offset, "signed with SHA-1 (%s)", s->name);
        break;
    default:
        break;
    }
}

/* signer_of is the model holding the key that signed c->cert: the issuer's
 * when known, or the certificate's own when it is self-issued and nothing
 * says another key signed it. */
static const xs_model *signer_of(const xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (c->issuer != NULL) {
        return c->issuer;
    }
    if (!xs_model_is_self_issued(m)) {
        return NULL;
    }
    bool other_key = m->aki.present && m->aki.has_key_id &&
                     (!m->ski.present || !xs_der_equal(&m->aki.key_id, &m->ski.key_id));
    return other_key ? NULL : m;
}

/* can_make reports whether a key of `type` can make signatures of `scheme`,
 * as OpenSSL's check_sig_alg_match decides (an RSA key may sign RSASSA-PSS). */
static bool can_make(xs_key_type type, xs_sig_scheme scheme)
{
    switch (scheme) {
    case XS_SIG_RSA_PKCS1:
        return type == XS_KEY_RSA;
    case XS_SIG_RSA_PSS:
        return type == XS_KEY_RSA || type == XS_KEY_RSA_PSS;
    case XS_SIG_ECDSA:
        return type == XS_KEY_EC;
    case XS_SIG_DSA:
        return type == XS_KEY_DSA;
    case XS_SIG_ED25519:
        return type == XS_KEY_ED25519;
    case XS_SIG_ED448:
        return type == XS_KEY_ED448;
    case XS_SIG_UNKNOWN:
        return true;
    }
    return true;
}

/* RFC 5280 4.1.1.2: the signature is made with the issuer's key; OpenSSL
 * compares the TBSCertificate's signature algorithm with that key's type. */
static void signature_matches_signer_key(xs_check_ctx *c)
{
    const xs_model *signer = signer_of(c);
    const xs_sig_alg *s = &c->cert->key.sig[0];
    if (signer == NULL || !signer->key.present || signer->key.type == XS_KEY_UNKNOWN ||
        !s->present || can_make(signer->key.type, s->scheme)) {
        return;
    }
    xs_emit(c, XS_R_SIGNATURE_ALGORITHM_MISMATCH, s->offset, "%s signature under %s %s key",
            s->name, signer == c->cert ? "its own" : "the issuer's",
            xs_key_type_name(signer->key.type));
}

/* ---- keyUsage and the key's algorithm --------------------------------- */

#define KU_SIGN (XS_KU_DIGITAL_SIGNATURE | XS_KU_NON_REPUDIATION)
#define KU_CA (XS_KU_KEY_CERT_SIGN | XS_KU_CRL_SIGN)
#define KU_ENCIPHER (XS_KU_KEY_ENCIPHERMENT | XS_KU_DATA_ENCIPHERMENT)
#define KU_AGREE (XS_KU_KEY_AGREEMENT | XS_KU_ENCIPHER_ONLY | XS_KU_DECIPHER_ONLY)

/* What keyUsage may assert for each key type, and what it must assert one
 * of. keyCertSign and cRLSign count as allowed wherever a CA (or CRL
 * issuer) may use them: whether the certificate is a CA is the usage
 * family's business (KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA). */
static const struct {
    xs_key_type type;
    uint32_t allowed;
    uint32_t one_of_required;
    const char *source;
} ku_by_key[] = {
    {XS_KEY_RSA, KU_SIGN | KU_CA | KU_ENCIPHER, 0, "RFC 3279 2.3.1"},
    {XS_KEY_RSA_PSS, KU_SIGN | KU_CA, KU_SIGN | KU_CA, "RFC 4055 3"},
    {XS_KEY_RSA_OAEP, KU_ENCIPHER, KU_ENCIPHER, "RFC 4055 4"},
    {XS_KEY_DSA, KU_SIGN | KU_CA, 0, "RFC 3279 2.3.2"},
    {XS_KEY_EC, KU_SIGN | KU_CA | KU_AGREE, 0, "RFC 5480 3"},
    {XS_KEY_EC_DH, KU_AGREE, XS_KU_KEY_AGREEMENT, "RFC 5480 3"},
    {XS_KEY_EC_MQV, KU_AGREE, XS_KU_KEY_AGREEMENT, "RFC 5480 3"},
    {XS_KEY_ED25519, KU_SIGN | KU_CA, KU_SIGN | KU_CA, "RFC 8410 5"},
    {XS_KEY_ED448, KU_SIGN | KU_CA, KU_SIGN | KU_CA, "RFC 8410 5"},
    {XS_KEY_X25519, KU_AGREE, XS_KU_KEY_AGREEMENT, "RFC 8410 5"},
    {XS_KEY_X448, KU_AGREE, XS_KU_KEY_AGREEMENT, "RFC 8410 5"},
};

static const char *ku_bit_name(uint32_t bit)
{
    static const char *const names[] = {"digitalSignature", "nonRepudiation", "keyEncipherment",
                                        "dataEncipherment", "keyAgreement",   "keyCertSign",
                                        "cRLSign",          "encipherOnly",   "decipherOnly"};
    for (size_t i = 0; i < XS_ARRAY_LEN(names); i++) {
        if (bit == 1u << i) {
            return names[i];
        }
    }
    return "?";
}

/* RFC 3279 2.3, RFC 4055 3 and 4, RFC 5480 3, RFC 8410 5. */
static void key_usage_fits_key(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (!m->key.present || !m->ku.present || !m->exts[m->ku.ext].value_ok) {
        return; /* an undecoded keyUsage has no bits to judge */
    }
    const xs_ext *ext = &m->exts[m->ku.ext];
    for (size_t i = 0; i < XS_ARRAY_LEN(ku_by_key); i++) {
        if (ku_by_key[i].type != m->key.type) {
            continue;
        }
        uint32_t bits = m->ku.bits & 0x1FFu;
        uint32_t forbidden = bits & ~ku_by_key[i].allowed;
        for (uint32_t bit = 1; bit <= XS_KU_DECIPHER_ONLY; bit <<= 1) {
            if (forbidden & bit) {
                xs_emit(c, XS_R_KU_NOT_ALLOWED_FOR_KEY_TYPE, ext->value.off,
                        "keyUsage %s with %s key (%s)", ku_bit_name(bit),
                        xs_key_type_name(m->key.type), ku_by_key[i].source);
            }
        }
        uint32_t required = ku_by_key[i].one_of_required;
        if (required != 0 && (bits & required) == 0) {
            xs_emit(c, XS_R_KU_REQUIRED_FOR_KEY_TYPE_MISSING, ext->value.off,
                    "keyUsage of %s key asserts none of the bits it requires (%s)",
                    xs_key_type_name(m->key.type), ku_by_key[i].source);
        }
    }
}

/* RFC 3279 2.3.1 (RSA), RFC 5480 3 (EC): a certificate-signing key SHOULD NOT
 * also encipher or agree on keys. */
static void ca_key_not_for_encryption(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (!m->key.present || !m->ku.present || (m->ku.bits & KU_CA) == 0) {
        return;
    }
    uint32_t mixed = 0;
    if (m->key.type == XS_KEY_RSA) {
        mixed = m->ku.bits & KU_ENCIPHER;
    } else if (m->key.type == XS_KEY_EC) {
        mixed = m->ku.bits & KU_AGREE;
    }
    for (uint32_t bit = 1; bit <= XS_KU_DECIPHER_ONLY; bit <<= 1) {
        if (mixed & bit) {
            xs_emit(c, XS_R_KU_CA_KEY_ALSO_FOR_ENCRYPTION, m->exts[m->ku.ext].value.off,
                    "%s key with keyCertSign or cRLSign and %s", xs_key_type_name(m->key.type),
                    ku_bit_name(bit));
        }
    }
}

static const xs_check checks[] = {
    {"key_algorithm_known", key_algorithm_known},
    {"key_strong_enough", key_strong_enough},
    {"rsa_parameters_null", rsa_parameters_null},
    {"rsa_key_decodes", rsa_key_decodes},
    {"rsa_modulus_valid", rsa_modulus_valid},
    {"rsa_exponent_valid", rsa_exponent_valid},
    {"rsa_key_parameters_valid", rsa_key_parameters_valid},
    {"ec_named_curve", ec_named_curve},
    {"ec_point_valid", ec_point_valid},
    {"rfc8410_key_valid", rfc8410_key_valid},
    {"dsa_parameters", dsa_parameters},
    {"dsa_key_decodes", dsa_key_decodes},
    {"signature_parameters", signature_parameters},
    {"signature_digest_strong", signature_digest_strong},
    {"signature_matches_signer_key", signature_matches_signer_key},
    {"key_usage_fits_key", key_usage_fits_key},
    {"ca_key_not_for_encryption", ca_key_not_for_encryption},
};
const xs_check *const xs_checks_key = checks;
const size_t xs_checks_key_count = XS_ARRAY_LEN(checks);
