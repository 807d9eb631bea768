/*
 * r_usage.c: keyUsage, basicConstraints, extKeyUsage and nsCertType (RFC
 * 5280 4.2.1.3, 4.2.1.9, 4.2.1.12).
 *
 * The OPENSSL rows are emitted under OpenSSL 3.0's own conditions
 * (OPENSSL-STRICT.md 1.2 rows 1-5 and 16), read from the flags OpenSSL
 * would cache (xs_openssl_usage_of). Rows 1-5 belong to OpenSSL's strict
 * block, which runs only on chains of two or more certificates; INVALID_CA
 * (row 16) runs on every chain. A lint has no chain: it runs them all, with
 * the certificate at depth 0.
 */
#include "rules/check.h"

#define KU_DEFINED_BITS 0x1FFu

/* strict_block_runs: OpenSSL runs its strict rows 1-15 only when the chain
 * has more than one certificate (check_extensions, `num > 1`). */
static bool strict_block_runs(const xs_check_ctx *c)
{
    return c->chain_len != 1;
}

/* ku_read: keyUsage is there and its value decoded. */
static bool ku_read(const xs_model *m)
{
    return m->ku.present && m->exts[m->ku.ext].value_ok;
}

static bool eku_read(const xs_model *m)
{
    return m->usage.eku_present && m->exts[m->usage.eku_ext].value_ok;
}

static size_t ext_offset(const xs_model *m, size_t ext)
{
    return m->exts[ext].whole.off;
}

/* ---- OpenSSL's strict rows 1-5 (RFC 5280 4.2.1.3, 4.2.1.9) ---- */

/* RFC 5280 4.2.1.9: CAs MUST NOT include pathLenConstraint unless cA is
 * TRUE (OpenSSL: ex_pathlen != -1 and not EXFLAG_CA). */
static void pathlen_only_for_ca(xs_check_ctx *c)
{
    xs_openssl_usage u;
    xs_openssl_usage_of(c->cert, &u);
    if (strict_block_runs(c) && u.pathlen != -1 && !u.ca) {
        xs_emit(c, XS_R_PATHLEN_INVALID_FOR_NON_CA, ext_offset(c->cert, c->cert->bc.ext), NULL);
    }
}

/* RFC 5280 4.2.1.9: ... nor unless keyUsage asserts keyCertSign (OpenSSL:
 * ex_pathlen != -1 and ex_kusage lacks keyCertSign; no keyUsage lacks it). */
static void pathlen_needs_key_cert_sign(xs_check_ctx *c)
{
    xs_openssl_usage u;
    xs_openssl_usage_of(c->cert, &u);
    if (strict_block_runs(c) && u.pathlen != -1 && (u.ku_bits & XS_KU_KEY_CERT_SIGN) == 0 &&
        xs_model_knows_ext(c->cert, XS_EXT_KEY_USAGE)) {
        xs_emit(c, XS_R_PATHLEN_WITHOUT_KU_KEY_CERT_SIGN, ext_offset(c->cert, c->cert->bc.ext),
                u.kusage ? NULL : "pathLenConstraint given and no keyUsage");
    }
}

/* RFC 5280 4.2.1.9: basicConstraints MUST be critical in CA certificates
 * (OpenSSL: EXFLAG_CA, EXFLAG_BCONS, not EXFLAG_BCONS_CRITICAL). */
static void ca_basic_constraints_critical(xs_check_ctx *c)
{
    xs_openssl_usage u;
    xs_openssl_usage_of(c->cert, &u);
    if (strict_block_runs(c) && u.ca && u.bcons && !u.bcons_critical) {
        bool critical = c->cert->exts[c->cert->bc.ext].critical;
        xs_emit(c, XS_R_CA_BCONS_NOT_CRITICAL, ext_offset(c->cert, c->cert->bc.ext),
                critical ? "basicConstraints is critical but follows a critical extension "
                           "OpenSSL does not support, so OpenSSL never sees it as critical"
                         : NULL);
    }
}

/* RFC 5280 4.2.1.3: CAs MUST include keyUsage in certificates whose key
 * validates certificate or CRL signatures (OpenSSL: EXFLAG_CA without
 * EXFLAG_KUSAGE). */
static void ca_has_key_usage(xs_check_ctx *c)
{
    xs_openssl_usage u;
    xs_openssl_usage_of(c->cert, &u);
    if (strict_block_runs(c) && u.ca && !u.kusage &&
        xs_model_knows_ext(c->cert, XS_EXT_KEY_USAGE)) {
        xs_emit(c, XS_R_CA_CERT_MISSING_KEY_USAGE, SIZE_MAX,
                c->cert->ku.present ? "keyUsage does not decode" : NULL);
    }
}

/* RFC 5280 4.2.1.3: if keyCertSign is asserted, cA MUST be too (OpenSSL:
 * not EXFLAG_CA and ex_kusage has keyCertSign). */
static void key_cert_sign_needs_ca(xs_check_ctx *c)
{
    xs_openssl_usage u;
    xs_openssl_usage_of(c->cert, &u);
    if (strict_block_runs(c) && !u.ca && (u.ku_bits & XS_KU_KEY_CERT_SIGN) != 0 &&
        xs_model_knows_ext(c->cert, XS_EXT_BASIC_CONSTRAINTS)) {
        xs_emit(c, XS_R_KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA, ext_offset(c->cert, c->cert->ku.ext),
                c->cert->bc.present ? NULL : "keyUsage asserts keyCertSign and there is no "
                                             "basicConstraints");
    }
}

/* ---- INVALID_CA (OpenSSL-STRICT.md 1.2 row 16; RFC 5280 4.2.1.9, 6.1.4 (k)) ---- */

static const char *not_a_ca_reason(const xs_model *m, const xs_openssl_usage *u)
{
    if (u->invalid) {
        return "OpenSSL finds an extension of it invalid, so it is no CA";
    }
    if (u->kusage && (u->ku_bits & XS_KU_KEY_CERT_SIGN) == 0) {
        return "its keyUsage does not assert keyCertSign";
    }
    if (u->bcons) {
        return "its basicConstraints does not assert cA";
    }
    return m->bc.present ? "its basicConstraints does not decode" : "it has no basicConstraints";
}

/* check_extensions(): at depth 0, strict mode refuses X509_check_ca() 3, 4
 * and 5 (a certificate that looks like a CA without basicConstraints); above
 * the leaf, anything but 1. */
static void ca_role_valid(xs_check_ctx *c)
{
    xs_openssl_usage u;
    xs_openssl_usage_of(c->cert, &u);
    int ret = xs_openssl_check_ca(&u);
    bool no_ca_whatever_bc = u.invalid || (u.kusage && (u.ku_bits & XS_KU_KEY_CERT_SIGN) == 0);
    if (!no_ca_whatever_bc && !xs_model_knows_ext(c->cert, XS_EXT_BASIC_CONSTRAINTS)) {
        return; /* the answer hangs on a basicConstraints that may be unread */
    }
    if (c->depth == 0) {
        static const char *const why[] = {
            [3] = "a self-signed version 1 certificate, which OpenSSL takes for a CA without "
                  "basicConstraints",
            [4] = "no basicConstraints, yet keyUsage asserts keyCertSign",
            [5] = "no basicConstraints, yet nsCertType has CA bits",
        };
        if (ret >= 3 && ret <= 5) {
            xs_emit(c, XS_R_INVALID_CA, SIZE_MAX, "%s", why[ret]);
        }
    } else if (ret != 1) {
        xs_emit(c, XS_R_INVALID_CA, SIZE_MAX, "used as a CA, but %s",
                ret == 0 ? not_a_ca_reason(c->cert, &u)
                         : "it has no basicConstraints asserting cA");
    }
}

/* ---- keyUsage (RFC 5280 4.2.1.3) ---- */

static void ku_has_bits(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (ku_read(m) && (m->ku.bits & KU_DEFINED_BITS) == 0) {
        xs_emit(c, XS_R_KU_NO_BITS_SET, m->exts[m->ku.ext].value.off, NULL);
    }
}

static void ku_defined_bits_only(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (ku_read(m) && m->ku.unknown_bits) {
        xs_emit(c, XS_R_KU_UNKNOWN_BITS, m->exts[m->ku.ext].value.off, NULL);
    }
}

static void ku_critical(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (m->ku.present && !m->exts[m->ku.ext].critical) {
        xs_emit(c, XS_R_KU_NOT_CRITICAL, ext_offset(m, m->ku.ext), NULL);
    }
}

/* encipherOnly and decipherOnly are undefined without keyAgreement. */
static void ku_only_bits_with_key_agreement(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    uint32_t only = m->ku.bits & (XS_KU_ENCIPHER_ONLY | XS_KU_DECIPHER_ONLY);
    if (ku_read(m) && only != 0 && (m->ku.bits & XS_KU_KEY_AGREEMENT) == 0) {
        xs_emit(c, XS_R_KU_ONLY_BIT_WITHOUT_KEY_AGREEMENT, m->exts[m->ku.ext].value.off,
                "keyUsage sets %s without keyAgreement",
                only == XS_KU_ENCIPHER_ONLY   ? "encipherOnly"
                : only == XS_KU_DECIPHER_ONLY ? "decipherOnly"
                                              : "encipherOnly and decipherOnly");
    }
}

/* RFC 5280 6.1.4 (n): an issuer's keyUsage, when present, must assert
 * keyCertSign. A keyUsage with no bits at all is KU_NO_BITS_SET's. */
static void ku_ca_signs_certificates(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (ku_read(m) && (m->ku.bits & KU_DEFINED_BITS) != 0 &&
        (m->ku.bits & XS_KU_KEY_CERT_SIGN) == 0) {
        xs_emit(c, XS_R_KU_CA_WITHOUT_KEY_CERT_SIGN, m->exts[m->ku.ext].value.off, NULL);
    }
}

/* ---- basicConstraints (RFC 5280 4.2.1.9) ---- */

static void pathlen_not_negative(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (m->bc.present && m->bc.has_pathlen && m->bc.pathlen_negative) {
        xs_emit(c, XS_R_PATHLEN_NEGATIVE, m->exts[m->bc.ext].value.off, NULL);
    }
}

/* ---- extKeyUsage (RFC 5280 4.2.1.12) ---- */

static void eku_not_empty(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (eku_read(m) && m->usage.eku_count == 0) {
        xs_emit(c, XS_R_EKU_EMPTY, m->exts[m->usage.eku_ext].value.off, NULL);
    }
}

static void eku_any_not_critical(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (eku_read(m) && (m->usage.eku_purposes & XS_EKU_ANY) != 0 &&
        m->exts[m->usage.eku_ext].critical) {
        xs_emit(c, XS_R_EKU_ANY_CRITICAL, ext_offset(m, m->usage.eku_ext), NULL);
    }
}

static void eku_purposes_once(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (eku_read(m) && m->usage.eku_repeats) {
        xs_emit(c, XS_R_EKU_PURPOSE_REPEATED, m->usage.eku_repeat_offset, NULL);
    }
}

/* The key usage bits RFC 5280 4.2.1.12 says "may be consistent" with each
 * purpose. */
static const struct {
    unsigned purpose;
    const char *name;
    uint32_t bits;
    const char *bits_text;
} purpose_bits[] = {
    {XS_EKU_SERVER_AUTH, "serverAuth",
     XS_KU_DIGITAL_SIGNATURE | XS_KU_KEY_ENCIPHERMENT | XS_KU_KEY_AGREEMENT,
     "digitalSignature, keyEncipherment or keyAgreement"},
    {XS_EKU_CLIENT_AUTH, "clientAuth", XS_KU_DIGITAL_SIGNATURE | XS_KU_KEY_AGREEMENT,
     "digitalSignature or keyAgreement"},
    {XS_EKU_CODE_SIGNING, "codeSigning", XS_KU_DIGITAL_SIGNATURE, "digitalSignature"},
    {XS_EKU_EMAIL_PROTECTION, "emailProtection",
     XS_KU_DIGITAL_SIGNATURE | XS_KU_NON_REPUDIATION | XS_KU_KEY_ENCIPHERMENT |
         XS_KU_KEY_AGREEMENT,
     "digitalSignature, nonRepudiation, keyEncipherment or keyAgreement"},
    {XS_EKU_TIME_STAMPING, "timeStamping", XS_KU_DIGITAL_SIGNATURE | XS_KU_NON_REPUDIATION,
     "digitalSignature or nonRepudiation"},
    {XS_EKU_OCSP_SIGNING, "OCSPSigning", XS_KU_DIGITAL_SIGNATURE | XS_KU_NON_REPUDIATION,
     "digitalSignature or nonRepudiation"},
};

/* A purpose x509strict cannot judge (anyExtendedKeyUsage, one RFC 5280 does
 * not name) counts as consistent: only a certificate whose every purpose
 * is known and inconsistent has none left. */
static void ku_eku_consistent(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (!ku_read(m) || !eku_read(m) || (m->ku.bits & KU_DEFINED_BITS) == 0 ||
        m->usage.eku_count == 0) {
        return;
    }
    unsigned purposes = m->usage.eku_purposes;
    unsigned inconsistent = 0;
    for (size_t i = 0; i < XS_ARRAY_LEN(purpose_bits); i++) {
        if ((purposes & purpose_bits[i].purpose) && (m->ku.bits & purpose_bits[i].bits) == 0) {
            inconsistent |= purpose_bits[i].purpose;
        }
    }
    size_t at = m->exts[m->usage.eku_ext].value.off;
    if (inconsistent != 0 && inconsistent == purposes && m->usage.eku_others == 0) {
        xs_emit(c, XS_R_KU_EKU_NO_COMMON_PURPOSE, at, NULL);
        return;
    }
    for (size_t i = 0; i < XS_ARRAY_LEN(purpose_bits); i++) {
        if (inconsistent & purpose_bits[i].purpose) {
            xs_emit(c, XS_R_KU_EKU_PURPOSE_INCONSISTENT, at, "%s needs keyUsage %s",
                    purpose_bits[i].name, purpose_bits[i].bits_text);
        }
    }
}

/* ---- nsCertType ---- */

static void ns_cert_type_legacy(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (m->usage.ns_cert_type_present) {
        xs_emit(c, XS_R_NS_CERT_TYPE_PRESENT, ext_offset(m, m->usage.ns_cert_type_ext), NULL);
    }
}

static const xs_check checks[] = {
    {"pathlen_only_for_ca", pathlen_only_for_ca},
    {"pathlen_needs_key_cert_sign", pathlen_needs_key_cert_sign},
    {"ca_basic_constraints_critical", ca_basic_constraints_critical},
    {"ca_has_key_usage", ca_has_key_usage},
    {"key_cert_sign_needs_ca", key_cert_sign_needs_ca},
    {"ca_role_valid", ca_role_valid},
    {"ku_has_bits", ku_has_bits},
    {"ku_defined_bits_only", ku_defined_bits_only},
    {"ku_critical", ku_critical},
    {"ku_only_bits_with_key_agreement", ku_only_bits_with_key_agreement},
    {"ku_ca_signs_certificates", ku_ca_signs_certificates},
    {"pathlen_not_negative", pathlen_not_negative},
    {"eku_not_empty", eku_not_empty},
    {"eku_any_not_critical", eku_any_not_critical},
    {"eku_purposes_once", eku_purposes_once},
    {"ku_eku_consistent", ku_eku_consistent},
    {"ns_cert_type_legacy", ns_cert_type_legacy},
};
const xs_check *const xs_checks_usage = checks;
const size_t xs_checks_usage_count = XS_ARRAY_LEN(checks);
