/*
 * synthetic.c: a stand-in leaf for judging a CA the way a TLS client meets
 * it. OpenSSL skips its strict checks on a one-certificate chain, so
 * verifying a root against itself says almost nothing; a leaf the CA
 * appears to have issued makes a chain in which the CA is the issuer. We
 * hold no CA's private key, and chain building checks the signature
 * algorithm against the issuer's key type, not the signature; so the leaf
 * is written as DER directly, with a signature algorithm the CA's key type
 * could produce and a placeholder signature, which the verification
 * ignores (leaf_is_synthetic). No key is generated: the leaf is
 * deterministic and cheap, and the audit makes one per certificate.
 */
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "chain/chain.h"
#include "der/der.h"
#include "util/buf.h"


static void der_head(xs_buf *b, uint8_t tag, size_t len)
{
    uint8_t h[6];
    size_t n = 0;
    h[n++] = tag;
    if (len < 0x80) {
        h[n++] = (uint8_t)len;
    } else {
        size_t bytes = len > 0xFFFFFF ? 4 : len > 0xFFFF ? 3 : len > 0xFF ? 2 : 1;
        h[n++] = (uint8_t)(0x80 | bytes);
        for (size_t i = bytes; i > 0; i--) {
            h[n++] = (uint8_t)(len >> (8 * (i - 1)));
        }
    }
    xs_buf_append(b, h, n);
}

static void der_tlv(xs_buf *b, uint8_t tag, const void *p, size_t len)
{
    der_head(b, tag, len);
    xs_buf_append(b, p, len);
}

/* der_wrap moves `inner` into `b` as the contents of one `tag` element. */
static void der_wrap(xs_buf *b, uint8_t tag, xs_buf *inner)
{
    if (inner->failed) {
        b->failed = true;
    }
    der_tlv(b, tag, inner->data, inner->len);
    xs_buf_cleanup(inner);
}

/* One extension: SEQUENCE { extnID, critical (if TRUE), extnValue }. */
static void der_ext(xs_buf *b, const uint8_t *oid, size_t oid_len, bool critical,
                    xs_buf *value)
{
    static const uint8_t true_bool[] = {0x01, 0x01, 0xFF};
    xs_buf ext;
    xs_buf_init(&ext);
    der_tlv(&ext, XS_TAG_OID, oid, oid_len);
    if (critical) {
        xs_buf_append(&ext, true_bool, sizeof(true_bool));
    }
    der_wrap(&ext, XS_TAG_OCTET_STRING, value);
    der_wrap(b, XS_TAG_SEQUENCE, &ext);
}

static void der_time(xs_buf *b, int64_t t)
{
    struct tm tm;
    time_t tt = (time_t)t;
    char text[32] = "";
    if (gmtime_r(&tt, &tm) == NULL) {
        b->failed = true;
        return;
    }
    int year = tm.tm_year + 1900;
    bool utc = year >= 1950 && year < 2050;
    snprintf(text, sizeof(text), utc ? "%02d%02d%02d%02d%02d%02dZ" : "%04d%02d%02d%02d%02d%02dZ",
             utc ? year % 100 : year, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    der_tlv(b, utc ? XS_TAG_UTC_TIME : XS_TAG_GENERALIZED_TIME, text, strlen(text));
}

/* A P-256 public key with no use but to be the stand-in leaf's key. */
static const uint8_t synthetic_spki[] = {
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08,
    0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04, 0xf8, 0xf7, 0xbd,
    0xf2, 0x5c, 0xe8, 0x05, 0xa0, 0x50, 0x3c, 0xad, 0xd3, 0xbb, 0x5a, 0xa7, 0x34, 0x3b, 0xb5,
    0x9d, 0x24, 0xe8, 0xf8, 0x40, 0x19, 0xe9, 0xfa, 0xa6, 0x74, 0xca, 0x96, 0x49, 0x37, 0x42,
    0x9e, 0x51, 0xc4, 0x75, 0x64, 0x1f, 0xa9, 0x71, 0x0e, 0x6b, 0x19, 0x99, 0xb9, 0xfe, 0x9f,
    0x9e, 0x6e, 0x15, 0x3b, 0x9f, 0x60, 0x7c, 0x03, 0x8a, 0x85, 0xa8, 0x70, 0xd0, 0xd0, 0xd2,
    0xcf};
#define SYNTHETIC_KEY_BITS_AT 27 /* the EC point, after 03 42 00 */

static const uint8_t oid_sha256_rsa[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b};
static const uint8_t oid_rsassa_pss[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a};
static const uint8_t oid_mgf1[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08};
static const uint8_t oid_sha256[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01};
static const uint8_t oid_ecdsa_sha256[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02};
static const uint8_t oid_dsa_sha256[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x02};
static const uint8_t oid_ed25519[] = {0x2b, 0x65, 0x70};
static const uint8_t oid_ed448[] = {0x2b, 0x65, 0x71};
static const uint8_t oid_cn[] = {0x55, 0x04, 0x03};
static const uint8_t oid_bc[] = {0x55, 0x1d, 0x13};
static const uint8_t oid_ku[] = {0x55, 0x1d, 0x0f};
static const uint8_t oid_eku[] = {0x55, 0x1d, 0x25};
static const uint8_t oid_san[] = {0x55, 0x1d, 0x11};
static const uint8_t oid_ski[] = {0x55, 0x1d, 0x0e};
static const uint8_t oid_aki[] = {0x55, 0x1d, 0x23};
static const uint8_t oid_server_auth[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01};

/* The signature algorithm (and a placeholder signature) a key of the
 * issuer's type could produce: what chain building checks. */
typedef struct {
    const char *type; /* EVP_PKEY_is_a name */
    const uint8_t *oid;
    size_t oid_len;
    bool null_params;
    bool pss_params;
    bool der_sig;     /* an ECDSA/DSA-Sig-Value */
    size_t sig_len;   /* placeholder length; 0: the key's size */
} stand_in;

static const stand_in stand_ins[] = {
    {"RSA", oid_sha256_rsa, sizeof(oid_sha256_rsa), true, false, false, 0},
    {"RSA-PSS", oid_rsassa_pss, sizeof(oid_rsassa_pss), false, true, false, 0},
    {"EC", oid_ecdsa_sha256, sizeof(oid_ecdsa_sha256), false, false, true, 0},
    {"DSA", oid_dsa_sha256, sizeof(oid_dsa_sha256), false, false, true, 0},
    {"ED25519", oid_ed25519, sizeof(oid_ed25519), false, false, false, 64},
    {"ED448", oid_ed448, sizeof(oid_ed448), false, false, false, 114},
};

static void der_sha256_algid(xs_buf *b)
{
    xs_buf alg;
    xs_buf_init(&alg);
    der_tlv(&alg, XS_TAG_OID, oid_sha256, sizeof(oid_sha256));
    der_wrap(b, XS_TAG_SEQUENCE, &alg);
}

static void der_sig_algid(xs_buf *b, const stand_in *s)
{
    static const uint8_t null[] = {0x05, 0x00};
    static const uint8_t salt[] = {0x02, 0x01, 0x20};
    xs_buf alg, params, part, mgf;
    xs_buf_init(&alg);
    der_tlv(&alg, XS_TAG_OID, s->oid, s->oid_len);
    if (s->null_params) {
        xs_buf_append(&alg, null, sizeof(null));
    }
    if (s->pss_params) {
        xs_buf_init(&params);
        xs_buf_init(&part);
        der_sha256_algid(&part);
        der_wrap(&params, XS_TAG_CTX_CONSTRUCTED(0), &part);
        xs_buf_init(&mgf);
        der_tlv(&mgf, XS_TAG_OID, oid_mgf1, sizeof(oid_mgf1));
        der_sha256_algid(&mgf);
        xs_buf_init(&part);
        der_wrap(&part, XS_TAG_SEQUENCE, &mgf);
        der_wrap(&params, XS_TAG_CTX_CONSTRUCTED(1), &part);
        xs_buf_init(&part);
        xs_buf_append(&part, salt, sizeof(salt));
        der_wrap(&params, XS_TAG_CTX_CONSTRUCTED(2), &part);
        der_wrap(&alg, XS_TAG_SEQUENCE, &params);
    }
    der_wrap(b, XS_TAG_SEQUENCE, &alg);
}

static void der_leaf_extensions(xs_buf *tbs, const uint8_t *aki_id, size_t aki_len,
                                const uint8_t ski[20])
{
    static const uint8_t empty_seq[] = {0x30, 0x00};
    static const uint8_t ku_bits[] = {0x03, 0x02, 0x05, 0xA0}; /* digitalSignature, keyEncipherment */
    static const char san_name[] = "synthetic-leaf.x509strict.invalid";
    xs_buf list, v, inner;
    xs_buf_init(&list);
    xs_buf_init(&v);
    xs_buf_append(&v, empty_seq, sizeof(empty_seq));
    der_ext(&list, oid_bc, sizeof(oid_bc), true, &v);
    xs_buf_init(&v);
    xs_buf_append(&v, ku_bits, sizeof(ku_bits));
    der_ext(&list, oid_ku, sizeof(oid_ku), true, &v);
    xs_buf_init(&inner);
    der_tlv(&inner, XS_TAG_OID, oid_server_auth, sizeof(oid_server_auth));
    xs_buf_init(&v);
    der_wrap(&v, XS_TAG_SEQUENCE, &inner);
    der_ext(&list, oid_eku, sizeof(oid_eku), false, &v);
    xs_buf_init(&inner);
    der_tlv(&inner, XS_TAG_CTX_PRIMITIVE(2), san_name, sizeof(san_name) - 1);
    xs_buf_init(&v);
    der_wrap(&v, XS_TAG_SEQUENCE, &inner);
    der_ext(&list, oid_san, sizeof(oid_san), false, &v);
    xs_buf_init(&v);
    der_tlv(&v, XS_TAG_OCTET_STRING, ski, 20);
    der_ext(&list, oid_ski, sizeof(oid_ski), false, &v);
    xs_buf_init(&inner);
    der_tlv(&inner, XS_TAG_CTX_PRIMITIVE(0), aki_id, aki_len);
    xs_buf_init(&v);
    der_wrap(&v, XS_TAG_SEQUENCE, &inner);
    der_ext(&list, oid_aki, sizeof(oid_aki), false, &v);
    xs_buf_init(&inner);
    der_wrap(&inner, XS_TAG_SEQUENCE, &list);
    der_wrap(tbs, XS_TAG_CTX_CONSTRUCTED(3), &inner);
}

static const stand_in *stand_in_for(const EVP_PKEY *key)
{
    for (size_t i = 0; key != NULL && i < XS_ARRAY_LEN(stand_ins); i++) {
        if (EVP_PKEY_is_a(key, stand_ins[i].type)) {
            return &stand_ins[i];
        }
    }
    return NULL;
}

/* leaf_time is at + delta, kept within what a certificate can state
 * (GeneralizedTime: years 0000 to 9999), so that any int64 time gives a
 * stand-in leaf: no overflow, and no time gmtime or DER cannot write. Past
 * either end the leaf is as valid as a certificate can be; the verdict is
 * then the CA's own times' (see chain.h). */
static int64_t leaf_time(int64_t at, int64_t delta)
{
    int64_t t = at < XS_CHAIN_EARLIEST_TIME  ? XS_CHAIN_EARLIEST_TIME
                : at > XS_CHAIN_LATEST_TIME ? XS_CHAIN_LATEST_TIME
                                            : at;
    t += delta; /* |delta| is days: no overflow within the clamp */
    return t < XS_CHAIN_EARLIEST_TIME  ? XS_CHAIN_EARLIEST_TIME
           : t > XS_CHAIN_LATEST_TIME ? XS_CHAIN_LATEST_TIME
                                      : t;
}

/* der_leaf writes the whole stand-in leaf. */
static bool der_leaf(xs_buf *cert, X509 *issuer, const stand_in *s, size_t key_size, int64_t at)
{
    static const uint8_t version[] = {0xA0, 0x03, 0x02, 0x01, 0x02};
    static const uint8_t serial[] = {0x02, 0x02, 0x5E, 0xED};
    static const char cn[] = "x509strict synthetic leaf";
    unsigned char *issuer_name = NULL, ski[20], aki_digest[20];
    unsigned int digest_len = 0;
    int name_len = i2d_X509_NAME(X509_get_subject_name(issuer), &issuer_name);
    const ASN1_OCTET_STRING *issuer_ski = X509_get0_subject_key_id(issuer);
    const uint8_t *aki_id = aki_digest;
    size_t aki_len = sizeof(aki_digest);
    if (issuer_ski != NULL) {
        aki_id = ASN1_STRING_get0_data(issuer_ski);
        aki_len = (size_t)ASN1_STRING_length(issuer_ski);
    } else if (!X509_pubkey_digest(issuer, EVP_sha1(), aki_digest, &digest_len)) {
        OPENSSL_free(issuer_name);
        return false;
    }
    if (name_len <= 0 ||
        !EVP_Digest(synthetic_spki + SYNTHETIC_KEY_BITS_AT,
                    sizeof(synthetic_spki) - SYNTHETIC_KEY_BITS_AT, ski, NULL, EVP_sha1(), NULL)) {
        OPENSSL_free(issuer_name);
        return false;
    }
    xs_buf tbs, part, rdn;
    xs_buf_init(&tbs);
    xs_buf_append(&tbs, version, sizeof(version));
    xs_buf_append(&tbs, serial, sizeof(serial));
    der_sig_algid(&tbs, s);
    xs_buf_append(&tbs, issuer_name, (size_t)name_len);
    OPENSSL_free(issuer_name);
    xs_buf_init(&part);
    der_time(&part, leaf_time(at, -86400));
    der_time(&part, leaf_time(at, 30 * 86400));
    der_wrap(&tbs, XS_TAG_SEQUENCE, &part);
    xs_buf_init(&part);
    der_tlv(&part, XS_TAG_OID, oid_cn, sizeof(oid_cn));
    der_tlv(&part, XS_TAG_UTF8_STRING, cn, sizeof(cn) - 1);
    xs_buf_init(&rdn);
    der_wrap(&rdn, XS_TAG_SEQUENCE, &part);
    xs_buf_init(&part);
    der_wrap(&part, XS_TAG_SET, &rdn);
    der_wrap(&tbs, XS_TAG_SEQUENCE, &part);
    xs_buf_append(&tbs, synthetic_spki, sizeof(synthetic_spki));
    der_leaf_extensions(&tbs, aki_id, aki_len, ski);

    xs_buf body;
    xs_buf_init(&body);
    der_wrap(&body, XS_TAG_SEQUENCE, &tbs);
    der_sig_algid(&body, s);
    size_t sig_len = s->der_sig ? 8 : s->sig_len ? s->sig_len : key_size;
    if (sig_len == 0 || sig_len > 1024) {
        sig_len = 256;
    }
    uint8_t sig[1 + 1024] = {0};
    if (s->der_sig) {
        static const uint8_t ecdsa[] = {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01};
        memcpy(sig + 1, ecdsa, sizeof(ecdsa));
    }
    der_tlv(&body, XS_TAG_BIT_STRING, sig, sig_len + 1);
    der_wrap(cert, XS_TAG_SEQUENCE, &body);
    return !cert->failed;
}

xs_status xs_chain_synthetic_leaf(X509 *issuer, int64_t at, X509 **out, char *err,
                                  size_t err_len)
{
    *out = NULL;
    EVP_PKEY *key = X509_get0_pubkey(issuer);
    if (key == NULL) {
        ERR_clear_error();
        return xs_set_err(XS_ERR_PARSE, err, err_len, "the issuer's public key cannot be decoded");
    }
    const stand_in *s = stand_in_for(key);
    if (s == NULL) {
        return xs_set_err(XS_ERR_INVALID_ARG, err, err_len, "no stand-in leaf for a %s key",
                          EVP_PKEY_get0_type_name(key));
    }
    xs_buf der;
    xs_buf_init(&der);
    int size = EVP_PKEY_get_size(key);
    if (!der_leaf(&der, issuer, s, size > 0 ? (size_t)size : 0, at)) {
        xs_buf_cleanup(&der);
        ERR_clear_error();
        return xs_set_err(XS_ERR_NOMEM, err, err_len, "cannot make a stand-in leaf");
    }
    const unsigned char *p = der.data;
    X509 *leaf = d2i_X509(NULL, &p, (long)der.len);
    xs_buf_cleanup(&der);
    if (leaf == NULL) {
        ERR_clear_error();
        return xs_set_err(XS_ERR_CRYPTO, err, err_len, "cannot make a stand-in leaf");
    }
    *out = leaf;
    return XS_OK;
}
