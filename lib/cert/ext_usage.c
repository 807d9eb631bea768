/*
 * ext_usage.c: extKeyUsage and nsCertType decoders, and OpenSSL 3.0's view
 * of a certificate's usage extensions (ext_usage.h).
 */
#include <stdlib.h>
#include <string.h>

#include "cert/model_internal.h"

bool xs_ext_get_named_bits(xs_der *d, uint32_t *out_mask, bool *out_extra_bits)
{
    xs_der probe = *d, bits;
    unsigned unused = 0;
    probe.sink = NULL; /* the reports come from xs_der_get_named_bits */
    if (!xs_der_get_named_bits(d, out_mask, out_extra_bits) ||
        !xs_der_get_bit_string(&probe, &bits, &unused)) {
        return false;
    }
    size_t total = bits.len * 8;
    size_t valid = total > unused ? total - unused : 0;
    if (valid < 32) {
        *out_mask &= (UINT32_C(1) << valid) - 1;
    }
    *out_extra_bits = false;
    for (size_t n = 32; n < valid; n++) {
        if (bits.p[n / 8] & (0x80u >> (n % 8))) {
            *out_extra_bits = true;
            break;
        }
    }
    return true;
}

/* id-kp (1.3.6.1.5.5.7.3) and anyExtendedKeyUsage (2.5.29.37.0). */
static const uint8_t id_kp[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03};
static const uint8_t any_eku[] = {0x55, 0x1d, 0x25, 0x00};

static unsigned purpose_of(const xs_der *oid)
{
    if (xs_der_oid_is(oid, any_eku, sizeof(any_eku))) {
        return XS_EKU_ANY;
    }
    if (oid->len != sizeof(id_kp) + 1 || memcmp(oid->p, id_kp, sizeof(id_kp)) != 0) {
        return 0;
    }
    switch (oid->p[sizeof(id_kp)]) {
    case 1:
        return XS_EKU_SERVER_AUTH;
    case 2:
        return XS_EKU_CLIENT_AUTH;
    case 3:
        return XS_EKU_CODE_SIGNING;
    case 4:
        return XS_EKU_EMAIL_PROTECTION;
    case 8:
        return XS_EKU_TIME_STAMPING;
    case 9:
        return XS_EKU_OCSP_SIGNING;
    default:
        return 0;
    }
}

typedef struct {
    const uint8_t *p;
    size_t len;
    size_t offset; /* of the OID element */
} oid_span;

static bool same_value(const oid_span *a, const oid_span *b)
{
    return a->len == b->len && (a->len == 0 || memcmp(a->p, b->p, a->len) == 0);
}

/* by_value_then_offset orders spans by length, octets, then position. */
static int by_value_then_offset(const void *a, const void *b)
{
    const oid_span *x = a, *y = b;
    if (x->len != y->len) {
        return x->len < y->len ? -1 : 1;
    }
    int c = x->len > 0 ? memcmp(x->p, y->p, x->len) : 0;
    if (c != 0) {
        return c;
    }
    return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* find_repeat looks for a KeyPurposeId equal to an earlier one among the
 * `count` OIDs of `list`. Sorting keeps the work at O(n log n) comparisons
 * whatever the input (a hash table could be made to collide). Returns
 * false when out of memory. */
static bool find_repeat(xs_der list, size_t count, xs_ext_usage *u)
{
    if (count < 2) {
        return true;
    }
    oid_span *spans = calloc(count, sizeof(*spans));
    if (spans == NULL) {
        return false;
    }
    size_t n = 0;
    list.sink = NULL;
    for (size_t at = list.off; n < count; at = list.off) {
        xs_der oid;
        if (!xs_der_get(&list, XS_TAG_OID, &oid)) {
            break;
        }
        spans[n++] = (oid_span){oid.p, oid.len, at};
    }
    qsort(spans, n, sizeof(*spans), by_value_then_offset);
    for (size_t i = 1; i < n; i++) {
        /* a value's first repeat is the second entry of its sorted run */
        bool second = same_value(&spans[i], &spans[i - 1]) &&
                      (i < 2 || !same_value(&spans[i], &spans[i - 2]));
        if (second && (!u->eku_repeats || spans[i].offset < u->eku_repeat_offset)) {
            u->eku_repeats = true;
            u->eku_repeat_offset = spans[i].offset;
        }
    }
    free(spans);
    return true;
}

/* ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId
 * KeyPurposeId ::= OBJECT IDENTIFIER
 * An empty sequence is read (value_ok): the rules report its size. */
void xs_ext_decode_ext_key_usage(xs_model *m, size_t index)
{
    xs_ext_usage *u = &m->usage;
    xs_der value, list;
    xs_ext_value_cursor(m, index, &value);
    u->eku_present = true;
    u->eku_ext = index;
    if (!xs_model_require(m, &value, XS_TAG_SEQUENCE, "value", &list)) {
        return;
    }
    xs_der walk = list;
    while (!xs_der_at_end(&walk)) {
        xs_der oid;
        size_t restore = xs_path_push_index(m, "value", u->eku_count);
        bool ok = xs_der_peek_tag(&walk) == XS_TAG_OID ? xs_der_get_oid(&walk, &oid)
                                                       : xs_model_require(m, &walk, XS_TAG_OID,
                                                                          "keyPurposeId", &oid);
        xs_path_pop(m, restore);
        if (!ok) {
            return;
        }
        u->eku_count++;
        unsigned purpose = purpose_of(&oid);
        u->eku_purposes |= purpose;
        u->eku_others += purpose == 0;
    }
    xs_der_expect_end(&value);
    if (!find_repeat(list, u->eku_count, u)) {
        m->alloc_failed = true;
        return;
    }
    m->exts[index].value_ok = true;
}

/* NetscapeCertType ::= BIT STRING { sslClient (0), sslServer (1),
 *   smime (2), objectSigning (3), reserved (4), sslCA (5), smimeCA (6),
 *   objectSigningCA (7) } */
void xs_ext_decode_netscape_cert_type(xs_model *m, size_t index)
{
    xs_der value;
    bool extra = false;
    xs_ext_value_cursor(m, index, &value);
    m->usage.ns_cert_type_present = true;
    m->usage.ns_cert_type_ext = index;
    if (!xs_ext_get_named_bits(&value, &m->usage.ns_cert_type, &extra)) {
        xs_der ignored;
        xs_model_require(m, &value, XS_TAG_BIT_STRING, "value", &ignored);
        return;
    }
    xs_der_expect_end(&value);
    m->exts[index].value_ok = true;
}

void xs_ext_usage_cleanup(xs_ext_usage *u)
{
    (void)u; /* nothing owned: the repeat search frees its array at once */
}

/* ---- OpenSSL 3.0's view (crypto/x509/v3_purp.c) ---- */

/* repeated: some instance of `kind` after the first (X509_get_ext_d2i then
 * fails with -2, which OpenSSL takes as an invalid certificate). */
static bool repeated(const xs_model *m, xs_ext_kind kind)
{
    for (size_t i = 0; i < m->ext_count; i++) {
        if (m->exts[i].kind == kind && m->exts[i].duplicate) {
            return true;
        }
    }
    return false;
}

/* decoded: X509_get_ext_d2i would return the extension: it is there once and
 * its value reads. */
static bool decoded(const xs_model *m, bool present, size_t ext, xs_ext_kind kind)
{
    return present && m->exts[ext].value_ok && !repeated(m, kind);
}

/* d2i_fails: the extension is there but X509_get_ext_d2i would return NULL
 * (EXFLAG_INVALID). */
static bool d2i_fails(const xs_model *m, bool present, size_t ext, xs_ext_kind kind)
{
    return present && !decoded(m, present, ext, kind);
}

/* OIDs OpenSSL supports as critical that x509strict does not decode:
 * sbgp-ipAddrBlock, sbgp-autonomousSysNum, proxyCertInfo, OCSP noCheck. */
static const uint8_t oid_ip_addr_block[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x07};
static const uint8_t oid_as_num[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x08};
static const uint8_t oid_proxy[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x0e};
static const uint8_t oid_ocsp_nocheck[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x05};

bool xs_ext_openssl_supports(const xs_ext *e)
{
    switch (e->kind) {
    case XS_EXT_NETSCAPE_CERT_TYPE:
    case XS_EXT_KEY_USAGE:
    case XS_EXT_SUBJECT_ALT_NAME:
    case XS_EXT_BASIC_CONSTRAINTS:
    case XS_EXT_CERTIFICATE_POLICIES:
    case XS_EXT_CRL_DISTRIBUTION_POINTS:
    case XS_EXT_EXT_KEY_USAGE:
    case XS_EXT_POLICY_CONSTRAINTS:
    case XS_EXT_NAME_CONSTRAINTS:
    case XS_EXT_POLICY_MAPPINGS:
    case XS_EXT_INHIBIT_ANY_POLICY:
        return true;
    case XS_EXT_UNKNOWN:
        return xs_der_oid_is(&e->oid, oid_ip_addr_block, sizeof(oid_ip_addr_block)) ||
               xs_der_oid_is(&e->oid, oid_as_num, sizeof(oid_as_num)) ||
               xs_der_oid_is(&e->oid, oid_proxy, sizeof(oid_proxy)) ||
               xs_der_oid_is(&e->oid, oid_ocsp_nocheck, sizeof(oid_ocsp_nocheck));
    default:
        return false;
    }
}

/* bcons_critical_flag: OpenSSL walks the extensions in order and stops at
 * the first critical one it does not support, so a critical
 * basicConstraints after, say, a critical subjectKeyIdentifier never gets
 * EXFLAG_BCONS_CRITICAL. */
static bool bcons_critical_flag(const xs_model *m)
{
    bool flag = false;
    for (size_t i = 0; i < m->ext_count; i++) {
        const xs_ext *e = &m->exts[i];
        if (!e->critical) {
            continue;
        }
        if (!xs_ext_openssl_supports(e)) {
            break;
        }
        flag = flag || e->kind == XS_EXT_BASIC_CONSTRAINTS;
    }
    return flag;
}

/* Signature algorithms (TBSCertificate.signature) and the key algorithm
 * each needs, as OBJ_find_sigid_algs() pairs them. */
typedef enum { KEY_NONE, KEY_RSA, KEY_RSA_PSS, KEY_EC, KEY_DSA, KEY_ED25519, KEY_ED448 } key_kind;

#define PKCS1 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01
#define NIST_SIG 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03
#define X962 0x2a, 0x86, 0x48, 0xce, 0x3d
static const struct {
    uint8_t oid[10];
    uint8_t len;
    key_kind key;
} sig_algs[] = {
    {{PKCS1, 0x02}, 9, KEY_RSA},  {{PKCS1, 0x03}, 9, KEY_RSA},     {{PKCS1, 0x04}, 9, KEY_RSA},
    {{PKCS1, 0x05}, 9, KEY_RSA},  {{PKCS1, 0x0b}, 9, KEY_RSA},     {{PKCS1, 0x0c}, 9, KEY_RSA},
    {{PKCS1, 0x0d}, 9, KEY_RSA},  {{PKCS1, 0x0e}, 9, KEY_RSA},     {{PKCS1, 0x0f}, 9, KEY_RSA},
    {{PKCS1, 0x10}, 9, KEY_RSA},  {{PKCS1, 0x0a}, 9, KEY_RSA_PSS},
    {{0x2b, 0x0e, 0x03, 0x02, 0x1d}, 5, KEY_RSA}, /* OIW sha1WithRSASignature */
    {{NIST_SIG, 0x0d}, 9, KEY_RSA}, {{NIST_SIG, 0x0e}, 9, KEY_RSA}, /* RSA with SHA-3 */
    {{NIST_SIG, 0x0f}, 9, KEY_RSA}, {{NIST_SIG, 0x10}, 9, KEY_RSA},
    {{X962, 0x04, 0x01}, 7, KEY_EC}, {{X962, 0x04, 0x03, 0x01}, 8, KEY_EC},
    {{X962, 0x04, 0x03, 0x02}, 8, KEY_EC}, {{X962, 0x04, 0x03, 0x03}, 8, KEY_EC},
    {{X962, 0x04, 0x03, 0x04}, 8, KEY_EC},
    {{NIST_SIG, 0x09}, 9, KEY_EC}, {{NIST_SIG, 0x0a}, 9, KEY_EC}, /* ECDSA with SHA-3 */
    {{NIST_SIG, 0x0b}, 9, KEY_EC}, {{NIST_SIG, 0x0c}, 9, KEY_EC},
    {{0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x03}, 7, KEY_DSA},
    {{NIST_SIG, 0x01}, 9, KEY_DSA}, {{NIST_SIG, 0x02}, 9, KEY_DSA},
    {{0x2b, 0x65, 0x70}, 3, KEY_ED25519}, {{0x2b, 0x65, 0x71}, 3, KEY_ED448},
};

static const struct {
    uint8_t oid[9];
    uint8_t len;
    key_kind key;
} key_algs[] = {
    {{PKCS1, 0x01}, 9, KEY_RSA},
    {{PKCS1, 0x0a}, 9, KEY_RSA_PSS},
    {{X962, 0x02, 0x01}, 7, KEY_EC},
    {{0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01}, 7, KEY_DSA},
    {{0x2b, 0x65, 0x70}, 3, KEY_ED25519},
    {{0x2b, 0x65, 0x71}, 3, KEY_ED448},
};

static key_kind signer_of(const xs_der *sig_oid)
{
    for (size_t i = 0; i < XS_ARRAY_LEN(sig_algs); i++) {
        if (xs_der_oid_is(sig_oid, sig_algs[i].oid, sig_algs[i].len)) {
            return sig_algs[i].key;
        }
    }
    return KEY_NONE;
}

static key_kind key_of(const xs_der *key_oid)
{
    for (size_t i = 0; i < XS_ARRAY_LEN(key_algs); i++) {
        if (xs_der_oid_is(key_oid, key_algs[i].oid, key_algs[i].len)) {
            return key_algs[i].key;
        }
    }
    return KEY_NONE;
}

/* sig_alg_matches_own_key is check_sig_alg_match(own key, x): an RSA key
 * also matches RSASSA-PSS. */
static bool sig_alg_matches_own_key(const xs_model *m)
{
    key_kind signer = signer_of(&m->sig_inner.oid);
    key_kind key = key_of(&m->key_alg.oid);
    return signer != KEY_NONE && (signer == key || (signer == KEY_RSA_PSS && key == KEY_RSA));
}

/* akid_matches_self is X509_check_akid(x, x->akid) == X509_V_OK: the
 * keyIdentifier, serial number and first directoryName of the AKI against
 * the certificate's own SKI, serial and issuer. */
static bool akid_matches_self(const xs_model *m, const xs_openssl_usage *u)
{
    if (!u->akid) {
        return true;
    }
    if (u->akid_keyid && u->skid && !xs_der_equal(&m->aki.key_id, &m->ski.key_id)) {
        return false;
    }
    if (m->aki.has_serial && !xs_der_equal(&m->usage.aki_serial, &m->serial)) {
        return false;
    }
    return !m->usage.aki_has_dir_name || xs_der_equal(&m->usage.aki_dir_name, &m->issuer.whole);
}

void xs_openssl_usage_of(const xs_model *m, xs_openssl_usage *out)
{
    memset(out, 0, sizeof(*out));
    out->v1 = m->version == 0;
    out->pathlen = -1;

    out->bcons = decoded(m, m->bc.present, m->bc.ext, XS_EXT_BASIC_CONSTRAINTS);
    if (out->bcons) {
        out->ca = m->bc.ca;
        out->invalid |= m->bc.has_pathlen && m->bc.pathlen_negative;
        /* ASN1_INTEGER_get() gives -1 for what a long cannot hold */
        if (m->bc.has_pathlen && !m->bc.pathlen_negative && m->bc.pathlen <= (uint64_t)INT64_MAX) {
            out->pathlen = (int64_t)m->bc.pathlen;
        }
    }
    out->bcons_critical = out->bcons && bcons_critical_flag(m);

    out->kusage = decoded(m, m->ku.present, m->ku.ext, XS_EXT_KEY_USAGE);
    if (out->kusage) {
        out->ku_bits = m->ku.bits & 0xFFFFu; /* OpenSSL reads the first two octets */
        out->invalid |= out->ku_bits == 0;
    }
    out->nscert = decoded(m, m->usage.ns_cert_type_present, m->usage.ns_cert_type_ext,
                          XS_EXT_NETSCAPE_CERT_TYPE);
    if (out->nscert) {
        out->ns_bits = m->usage.ns_cert_type & 0xFFu; /* and of nsCertType, the first */
    }
    out->skid = decoded(m, m->ski.present, m->ski.ext, XS_EXT_SUBJECT_KEY_IDENTIFIER);
    out->akid = decoded(m, m->aki.present, m->aki.ext, XS_EXT_AUTHORITY_KEY_IDENTIFIER);
    out->akid_keyid = out->akid && m->aki.has_key_id;

    out->invalid |= d2i_fails(m, m->bc.present, m->bc.ext, XS_EXT_BASIC_CONSTRAINTS) ||
                    d2i_fails(m, m->ku.present, m->ku.ext, XS_EXT_KEY_USAGE) ||
                    d2i_fails(m, m->usage.eku_present, m->usage.eku_ext, XS_EXT_EXT_KEY_USAGE) ||
                    d2i_fails(m, m->usage.ns_cert_type_present, m->usage.ns_cert_type_ext,
                              XS_EXT_NETSCAPE_CERT_TYPE) ||
                    d2i_fails(m, m->ski.present, m->ski.ext, XS_EXT_SUBJECT_KEY_IDENTIFIER) ||
                    d2i_fails(m, m->aki.present, m->aki.ext, XS_EXT_AUTHORITY_KEY_IDENTIFIER);
    /* Of the other extensions OpenSSL decodes, only a repetition is judged
     * here: their decoders belong to other families. */
    out->invalid |= repeated(m, XS_EXT_SUBJECT_ALT_NAME) || repeated(m, XS_EXT_NAME_CONSTRAINTS) ||
                    repeated(m, XS_EXT_CRL_DISTRIBUTION_POINTS);

    out->self_issued = xs_model_is_self_issued(m);
    out->self_signed = out->self_issued && akid_matches_self(m, out) && sig_alg_matches_own_key(m);
}

int xs_openssl_check_ca(const xs_openssl_usage *u)
{
    if (u->invalid || (u->kusage && (u->ku_bits & XS_KU_KEY_CERT_SIGN) == 0)) {
        return 0;
    }
    if (u->bcons) {
        return u->ca ? 1 : 0;
    }
    if (u->v1 && u->self_signed) {
        return 3;
    }
    if (u->kusage) {
        return 4;
    }
    if (u->nscert && (u->ns_bits & XS_NS_ANY_CA) != 0) {
        return 5;
    }
    return 0;
}
