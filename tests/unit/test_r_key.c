/*
 * test_r_key.c: the key family (rules/r_key.c, cert/key.c). Each rule fires
 * on a certificate made to break it and stays silent on one that keeps it.
 * Keys and AlgorithmIdentifiers that OpenSSL would not produce are built
 * here as DER and spliced into a certgen certificate; the signature then no
 * longer verifies, which lint does not look at.
 */
#include <check.h>
#include <openssl/objects.h>
#include <stdlib.h>
#include <string.h>

#include "cert/model.h"
#include "certgen.h"
#include "lint.h"
#include "xt_check.h"

static EVP_PKEY *ec_key, *rsa_key;

/* ---- DER building ---------------------------------------------------- */

typedef struct {
    unsigned char b[2048];
    size_t n;
} blob;

static blob bytes(const unsigned char *p, size_t n)
{
    blob out = {.n = n};
    ck_assert_uint_le(n, sizeof(out.b));
    memcpy(out.b, p, n);
    return out;
}

#define BYTES(...) bytes((const unsigned char[]){__VA_ARGS__}, sizeof((unsigned char[]){__VA_ARGS__}))

static const blob none = {.n = 0};

static blob cat(blob a, blob b)
{
    ck_assert_uint_le(a.n + b.n, sizeof(a.b));
    memcpy(a.b + a.n, b.b, b.n);
    a.n += b.n;
    return a;
}

static blob tlv(unsigned char tag, blob contents)
{
    blob out = {.n = 0};
    out.b[out.n++] = tag;
    if (contents.n < 0x80) {
        out.b[out.n++] = (unsigned char)contents.n;
    } else if (contents.n < 0x100) {
        out.b[out.n++] = 0x81;
        out.b[out.n++] = (unsigned char)contents.n;
    } else {
        out.b[out.n++] = 0x82;
        out.b[out.n++] = (unsigned char)(contents.n >> 8);
        out.b[out.n++] = (unsigned char)contents.n;
    }
    return cat(out, contents);
}

static blob seq(blob contents)
{
    return tlv(0x30, contents);
}

/* oid is the OBJECT IDENTIFIER element of a dotted OID. */
static blob oid(const char *dotted)
{
    ASN1_OBJECT *obj = OBJ_txt2obj(dotted, 1);
    unsigned char *der = NULL;
    ck_assert_ptr_nonnull(obj);
    int n = i2d_ASN1_OBJECT(obj, &der);
    ck_assert_int_gt(n, 0);
    blob out = bytes(der, (size_t)n);
    OPENSSL_free(der);
    ASN1_OBJECT_free(obj);
    return out;
}

static blob null_element(void)
{
    return BYTES(0x05, 0x00);
}

static blob integer(blob value)
{
    return tlv(0x02, value);
}

static blob small_integer(unsigned value)
{
    return value < 0x80 ? integer(BYTES((unsigned char)value))
                        : integer(BYTES((unsigned char)(value >> 8), (unsigned char)value));
}

static blob algid(const char *dotted, blob params)
{
    return seq(cat(oid(dotted), params));
}

static blob bit_string(blob bits)
{
    return tlv(0x03, cat(BYTES(0x00), bits));
}

static blob spki(blob alg, blob key)
{
    return seq(cat(alg, bit_string(key)));
}

/* filled returns `n` octets: `first`, then 0x5A..., then `last`. */
static blob filled(size_t n, unsigned char first, unsigned char last)
{
    blob out = {.n = n};
    ck_assert_uint_le(n, sizeof(out.b));
    memset(out.b, 0x5A, n);
    out.b[0] = first;
    out.b[n - 1] = last;
    return out;
}

/* rsa_key_bits is an RSAPublicKey with a modulus of `octets` octets whose
 * first octet is `top` and last `bottom`, and exponent contents `e`. */
static blob rsa_key_bits(size_t octets, unsigned char top, unsigned char bottom, blob e)
{
    blob n = filled(octets, top, bottom);
    if (top & 0x80) {
        n = cat(BYTES(0x00), n);
    }
    return seq(cat(integer(n), integer(e)));
}

static blob rsa_good_key(void)
{
    return rsa_key_bits(256, 0xC3, 0x01, BYTES(0x01, 0x00, 0x01));
}

static blob rsa_spki(blob key)
{
    return spki(algid("1.2.840.113549.1.1.1", null_element()), key);
}

#define OID_EC "1.2.840.10045.2.1"
#define OID_P256 "1.2.840.10045.3.1.7"
#define OID_PSS "1.2.840.113549.1.1.10"
#define OID_OAEP "1.2.840.113549.1.1.7"
#define OID_MGF1 "1.2.840.113549.1.1.8"
#define OID_SHA1 "1.3.14.3.2.26"
#define OID_SHA256 "2.16.840.1.101.3.4.2.1"
#define OID_SHA384 "2.16.840.1.101.3.4.2.2"
#define OID_MD5 "1.2.840.113549.2.5"
#define OID_SHA256_RSA "1.2.840.113549.1.1.11"
#define OID_ECDSA_SHA256 "1.2.840.10045.4.3.2"
#define OID_ED25519 "1.3.101.112"
#define OID_X25519 "1.3.101.110"
#define OID_DSA "1.2.840.10040.4.1"

/* dss_parms is Dss-Parms with a p of `octets` octets (top bit set). */
static blob dss_parms(size_t octets)
{
    blob p = integer(cat(BYTES(0x00), filled(octets, 0xC3, 0x01)));
    return seq(cat(cat(p, integer(filled(32, 0x7F, 0x01))), integer(BYTES(0x02))));
}

static blob ec_spki(blob params, blob point)
{
    return spki(seq(cat(oid(OID_EC), params)), point);
}

static blob p256_point(void)
{
    return filled(65, 0x04, 0x11);
}

/* pss_params builds RSASSA-PSS-params: hash and MGF1 digest OIDs (NULL:
 * the field left out), saltLength and trailerField (negative: left out). */
static blob pss_params(const char *hash, const char *mgf_hash, int salt, int trailer)
{
    blob fields = none;
    if (hash != NULL) {
        fields = cat(fields, tlv(0xA0, algid(hash, null_element())));
    }
    if (mgf_hash != NULL) {
        fields = cat(fields, tlv(0xA1, algid(OID_MGF1, algid(mgf_hash, null_element()))));
    }
    if (salt >= 0) {
        fields = cat(fields, tlv(0xA2, small_integer((unsigned)salt)));
    }
    if (trailer >= 0) {
        fields = cat(fields, tlv(0xA3, small_integer((unsigned)trailer)));
    }
    return seq(fields);
}

static blob pss_sha256(void)
{
    return algid(OID_PSS, pss_params(OID_SHA256, OID_SHA256, 32, -1));
}

/* ---- certificates ---------------------------------------------------- */

/* piece copies der[from, to). */
static blob piece(const unsigned char *der, size_t from, size_t to)
{
    ck_assert_uint_le(from, to);
    return bytes(der + from, to - from);
}

static size_t end_of(const xs_der *element)
{
    return element->off + element->len;
}

/* cert_der is a certificate's DER with the SubjectPublicKeyInfo and/or both
 * signature AlgorithmIdentifiers replaced by any bytes (a blob of length 0
 * keeps them), and the enclosing lengths fixed. */
static blob cert_der(X509 *cert, blob new_spki, blob new_sigalg)
{
    int len = 0;
    unsigned char *der = xt_der(cert, &len);
    ck_assert_ptr_nonnull(der);
    xs_model m;
    ck_assert_int_eq(xs_model_parse(&m, der, (size_t)len, false), XS_OK);
    ck_assert(m.complete);
    xs_der whole = m.tbs, tbs;
    whole.sink = NULL;
    ck_assert(xs_der_get(&whole, XS_TAG_SEQUENCE, &tbs));
    const xs_der *inner = &m.sig_inner.whole, *outer = &m.sig_outer.whole, *key = &m.spki;
    blob body = piece(der, tbs.off, inner->off);
    body = cat(body, new_sigalg.n > 0 ? new_sigalg : piece(der, inner->off, end_of(inner)));
    body = cat(body, piece(der, end_of(inner), key->off));
    body = cat(body, new_spki.n > 0 ? new_spki : piece(der, key->off, end_of(key)));
    body = cat(body, piece(der, end_of(key), end_of(&tbs)));
    blob rest = cat(new_sigalg.n > 0 ? new_sigalg : piece(der, outer->off, end_of(outer)),
                    piece(der, end_of(outer), end_of(&m.whole)));
    xs_model_cleanup(&m);
    OPENSSL_free(der);
    return seq(cat(seq(body), rest));
}

/* made builds a certificate for `key` from `spec`, self-signed. */
static X509 *made(const xt_spec *spec, EVP_PKEY *key)
{
    return xt_must_cert(spec, key, NULL, NULL);
}

static const xt_spec root_spec = {.subject = "CN=Key Root", .basic_constraints = "critical,CA:TRUE",
                                  .key_usage = "critical,keyCertSign,cRLSign"};
/* Issued by someone else: not self-issued, so below the top in a lint. */
static const xt_spec leaf_spec = {.subject = "CN=leaf", .issuer = "CN=Someone Else",
                                  .no_aki = true};

static void lint_blob(const blob *b, xt_mnemonics *out)
{
    xt_lint_der(b->b, b->n, false, NULL, 0, out);
}

/* expect lints `spec`'s certificate for `key` with the SPKI and signature
 * AlgorithmIdentifiers replaced, and checks one mnemonic. */
static void expect_edit(const xt_spec *spec, blob new_spki, blob new_sigalg, const char *mnemonic,
                        bool fires)
{
    X509 *cert = made(spec, ec_key);
    blob der = cert_der(cert, new_spki, new_sigalg);
    xt_mnemonics m;
    lint_blob(&der, &m);
    xt_expect_found(&m, mnemonic, fires);
    X509_free(cert);
}

static void fires_with_spki(blob new_spki, const char *mnemonic)
{
    expect_edit(&leaf_spec, new_spki, none, mnemonic, true);
}

static void silent_with_spki(blob new_spki, const char *mnemonic)
{
    expect_edit(&leaf_spec, new_spki, none, mnemonic, false);
}

static void fires_with_sigalg(blob sigalg, const char *mnemonic)
{
    expect_edit(&leaf_spec, none, sigalg, mnemonic, true);
}

static void silent_with_sigalg(blob sigalg, const char *mnemonic)
{
    expect_edit(&leaf_spec, none, sigalg, mnemonic, false);
}

/* expect_cert lints a certgen certificate (issued by `issuer`, or
 * self-signed) and checks one mnemonic. */
static void expect_cert(const xt_spec *spec, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key,
                        const char *mnemonic, bool fires)
{
    X509 *cert = xt_cert(spec, key, issuer, issuer_key);
    ck_assert_ptr_nonnull(cert);
    xt_expect_lint(cert, issuer, mnemonic, fires);
    X509_free(cert);
}

/* ---- the subject public key ------------------------------------------ */

START_TEST(unknown_key_algorithm)
{
    fires_with_spki(spki(algid("1.3.6.1.4.1.99999.7", none), BYTES(1, 2, 3)),
                    "PUBLIC_KEY_ALGORITHM_UNRECOGNIZED");
    silent_with_spki(rsa_spki(rsa_good_key()), "PUBLIC_KEY_ALGORITHM_UNRECOGNIZED");
    expect_cert(&leaf_spec, ec_key, NULL, NULL, "PUBLIC_KEY_ALGORITHM_UNRECOGNIZED", false);
}
END_TEST

START_TEST(small_keys)
{
    EVP_PKEY *rsa1024 = xt_key("RSA1024");
    ck_assert_ptr_nonnull(rsa1024);
    expect_cert(&leaf_spec, rsa1024, NULL, NULL, "PUBLIC_KEY_TOO_SMALL", true);
    expect_cert(&leaf_spec, rsa_key, NULL, NULL, "PUBLIC_KEY_TOO_SMALL", false);
    EVP_PKEY_free(rsa1024);
    /* P-192 (secp192r1): 96-bit security */
    fires_with_spki(ec_spki(oid("1.2.840.10045.3.1.1"), filled(49, 0x04, 0x01)),
                    "PUBLIC_KEY_TOO_SMALL");
    silent_with_spki(ec_spki(oid("1.3.132.0.33"), filled(57, 0x04, 0x01)), "PUBLIC_KEY_TOO_SMALL");
    expect_cert(&leaf_spec, ec_key, NULL, NULL, "PUBLIC_KEY_TOO_SMALL", false);
    /* DSA with a 1024-bit p, and with a 2048-bit one */
    fires_with_spki(spki(algid(OID_DSA, dss_parms(128)), integer(BYTES(0x05))),
                    "PUBLIC_KEY_TOO_SMALL");
    silent_with_spki(spki(algid(OID_DSA, dss_parms(256)), integer(BYTES(0x05))),
                     "PUBLIC_KEY_TOO_SMALL");
}
END_TEST

START_TEST(rsa_parameters_must_be_null)
{
    fires_with_spki(spki(algid("1.2.840.113549.1.1.1", none), rsa_good_key()),
                    "RSA_PARAMETERS_NOT_NULL");
    fires_with_spki(spki(algid("1.2.840.113549.1.1.1", oid(OID_SHA256)), rsa_good_key()),
                    "RSA_PARAMETERS_NOT_NULL");
    silent_with_spki(rsa_spki(rsa_good_key()), "RSA_PARAMETERS_NOT_NULL");
    expect_cert(&leaf_spec, rsa_key, NULL, NULL, "RSA_PARAMETERS_NOT_NULL", false);
}
END_TEST

START_TEST(rsa_key_structure)
{
    fires_with_spki(rsa_spki(tlv(0x04, BYTES(1, 2, 3))), "RSA_PUBLIC_KEY_INVALID");
    fires_with_spki(rsa_spki(seq(integer(filled(256, 0x43, 0x01)))), "RSA_PUBLIC_KEY_INVALID");
    fires_with_spki(rsa_spki(cat(rsa_good_key(), BYTES(0x05, 0x00))), "RSA_PUBLIC_KEY_INVALID");
    /* a BIT STRING that does not end on an octet boundary */
    blob odd_bits = seq(cat(algid("1.2.840.113549.1.1.1", null_element()),
                            tlv(0x03, cat(BYTES(0x01), rsa_key_bits(256, 0xC3, 0x01, BYTES(0x10))))));
    fires_with_spki(odd_bits, "RSA_PUBLIC_KEY_INVALID");
    silent_with_spki(rsa_spki(rsa_good_key()), "RSA_PUBLIC_KEY_INVALID");
    expect_cert(&leaf_spec, rsa_key, NULL, NULL, "RSA_PUBLIC_KEY_INVALID", false);
}
END_TEST

START_TEST(rsa_modulus)
{
    blob e = BYTES(0x01, 0x00, 0x01);
    /* even; negative (no 0x00 sign octet before a high first octet); zero */
    fires_with_spki(rsa_spki(rsa_key_bits(256, 0xC3, 0x02, e)), "RSA_MODULUS_INVALID");
    fires_with_spki(rsa_spki(seq(cat(integer(filled(256, 0xC3, 0x01)), integer(e)))),
                    "RSA_MODULUS_INVALID");
    fires_with_spki(rsa_spki(seq(cat(integer(BYTES(0x00)), integer(e)))), "RSA_MODULUS_INVALID");
    silent_with_spki(rsa_spki(rsa_good_key()), "RSA_MODULUS_INVALID");
    /* 2047 bits */
    fires_with_spki(rsa_spki(rsa_key_bits(256, 0x43, 0x01, e)), "RSA_MODULUS_BITS_NOT_MULTIPLE_OF_8");
    silent_with_spki(rsa_spki(rsa_key_bits(256, 0x83, 0x01, e)),
                     "RSA_MODULUS_BITS_NOT_MULTIPLE_OF_8");
    expect_cert(&leaf_spec, rsa_key, NULL, NULL, "RSA_MODULUS_BITS_NOT_MULTIPLE_OF_8", false);
}
END_TEST

START_TEST(rsa_exponent)
{
    fires_with_spki(rsa_spki(rsa_key_bits(256, 0xC3, 0x01, BYTES(0x01))), "RSA_EXPONENT_INVALID");
    fires_with_spki(rsa_spki(rsa_key_bits(256, 0xC3, 0x01, BYTES(0x01, 0x00, 0x00))),
                    "RSA_EXPONENT_INVALID");
    fires_with_spki(rsa_spki(rsa_key_bits(256, 0xC3, 0x01, BYTES(0xFF))), "RSA_EXPONENT_INVALID");
    /* an exponent as large as the modulus */
    fires_with_spki(rsa_spki(rsa_key_bits(256, 0x43, 0x01, filled(256, 0x43, 0x03))),
                    "RSA_EXPONENT_INVALID");
    silent_with_spki(rsa_spki(rsa_good_key()), "RSA_EXPONENT_INVALID");
    expect_cert(&leaf_spec, rsa_key, NULL, NULL, "RSA_EXPONENT_INVALID", false);

    fires_with_spki(rsa_spki(rsa_key_bits(256, 0xC3, 0x01, BYTES(0x03))),
                    "RSA_EXPONENT_OUTSIDE_FIPS_RANGE");
    /* 2^256 + 1 */
    blob big = cat(BYTES(0x01), filled(32, 0x00, 0x01));
    fires_with_spki(rsa_spki(rsa_key_bits(256, 0xC3, 0x01, big)), "RSA_EXPONENT_OUTSIDE_FIPS_RANGE");
    silent_with_spki(rsa_spki(rsa_good_key()), "RSA_EXPONENT_OUTSIDE_FIPS_RANGE");
    silent_with_spki(rsa_spki(rsa_key_bits(256, 0xC3, 0x01, BYTES(0x01))),
                     "RSA_EXPONENT_OUTSIDE_FIPS_RANGE"); /* invalid, not just outside */
}
END_TEST

START_TEST(ec_explicit_parameters)
{
    blob specified = seq(cat(small_integer(1), seq(cat(oid("1.2.840.10045.1.1"),
                                                        integer(filled(33, 0x00, 0xFF))))));
    fires_with_spki(ec_spki(specified, p256_point()), "EC_KEY_EXPLICIT_PARAMS");
    silent_with_spki(ec_spki(oid(OID_P256), p256_point()), "EC_KEY_EXPLICIT_PARAMS");
    /* a real key OpenSSL writes with explicit parameters */
    EVP_PKEY *explicit_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    ck_assert_ptr_nonnull(explicit_key);
    ck_assert(EVP_PKEY_set_utf8_string_param(explicit_key, "encoding", "explicit"));
    expect_cert(&leaf_spec, explicit_key, NULL, NULL, "EC_KEY_EXPLICIT_PARAMS", true);
    EVP_PKEY_free(explicit_key);
    expect_cert(&leaf_spec, ec_key, NULL, NULL, "EC_KEY_EXPLICIT_PARAMS", false);
}
END_TEST

START_TEST(ec_named_curve_required)
{
    fires_with_spki(ec_spki(none, p256_point()), "EC_PARAMETERS_NOT_NAMED_CURVE");
    fires_with_spki(ec_spki(null_element(), p256_point()), "EC_PARAMETERS_NOT_NAMED_CURVE");
    fires_with_spki(ec_spki(small_integer(7), p256_point()), "EC_PARAMETERS_NOT_NAMED_CURVE");
    silent_with_spki(ec_spki(oid(OID_P256), p256_point()), "EC_PARAMETERS_NOT_NAMED_CURVE");

    fires_with_spki(ec_spki(oid("1.3.6.1.4.1.99999.3"), p256_point()), "EC_CURVE_UNRECOGNIZED");
    silent_with_spki(ec_spki(oid("1.3.132.0.34"), filled(97, 0x04, 0x01)), "EC_CURVE_UNRECOGNIZED");
    expect_cert(&leaf_spec, ec_key, NULL, NULL, "EC_CURVE_UNRECOGNIZED", false);
}
END_TEST

START_TEST(ec_point_encoding)
{
    blob p256 = oid(OID_P256);
    fires_with_spki(ec_spki(p256, filled(65, 0x06, 0x01)), "EC_POINT_INVALID"); /* hybrid */
    fires_with_spki(ec_spki(p256, BYTES(0x00)), "EC_POINT_INVALID");            /* infinity */
    fires_with_spki(ec_spki(p256, filled(64, 0x04, 0x01)), "EC_POINT_INVALID"); /* short */
    fires_with_spki(ec_spki(p256, filled(65, 0x02, 0x01)), "EC_POINT_INVALID"); /* too long */
    fires_with_spki(ec_spki(p256, none), "EC_POINT_INVALID");
    silent_with_spki(ec_spki(p256, filled(33, 0x03, 0x01)), "EC_POINT_INVALID"); /* compressed */
    silent_with_spki(ec_spki(oid("1.3.132.0.35"), filled(133, 0x04, 0x01)), "EC_POINT_INVALID");
    expect_cert(&leaf_spec, ec_key, NULL, NULL, "EC_POINT_INVALID", false);
}
END_TEST

START_TEST(rfc8410_keys)
{
    fires_with_spki(spki(algid(OID_ED25519, null_element()), filled(32, 1, 2)),
                    "EDDSA_XDH_PARAMETERS_PRESENT");
    fires_with_spki(spki(algid(OID_X25519, oid(OID_P256)), filled(32, 1, 2)),
                    "EDDSA_XDH_PARAMETERS_PRESENT");
    silent_with_spki(spki(algid(OID_ED25519, none), filled(32, 1, 2)),
                     "EDDSA_XDH_PARAMETERS_PRESENT");

    fires_with_spki(spki(algid(OID_ED25519, none), filled(31, 1, 2)),
                    "EDDSA_XDH_KEY_LENGTH_INVALID");
    fires_with_spki(spki(algid("1.3.101.113", none), filled(56, 1, 2)),
                    "EDDSA_XDH_KEY_LENGTH_INVALID"); /* Ed448 is 57 */
    silent_with_spki(spki(algid("1.3.101.111", none), filled(56, 1, 2)),
                     "EDDSA_XDH_KEY_LENGTH_INVALID"); /* X448 is 56 */

    EVP_PKEY *ed = xt_key("ED25519");
    ck_assert_ptr_nonnull(ed);
    expect_cert(&leaf_spec, ed, NULL, NULL, "EDDSA_XDH_PARAMETERS_PRESENT", false);
    expect_cert(&leaf_spec, ed, NULL, NULL, "EDDSA_XDH_KEY_LENGTH_INVALID", false);
    expect_cert(&leaf_spec, ed, NULL, NULL, "SIGNATURE_PARAMETERS_PRESENT", false);
    EVP_PKEY_free(ed);
}
END_TEST

START_TEST(dsa_parameters)
{
    blob dss = dss_parms(256);
    blob y = integer(BYTES(0x05));
    fires_with_spki(spki(algid(OID_DSA, null_element()), y), "DSA_PARAMETERS_INVALID");
    fires_with_spki(spki(algid(OID_DSA, seq(integer(BYTES(0x05)))), y), "DSA_PARAMETERS_INVALID");
    silent_with_spki(spki(algid(OID_DSA, dss), y), "DSA_PARAMETERS_INVALID");
    silent_with_spki(spki(algid(OID_DSA, none), y), "DSA_PARAMETERS_INVALID");

    fires_with_spki(spki(algid(OID_DSA, dss), seq(y)), "DSA_PUBLIC_KEY_INVALID");
    fires_with_spki(spki(algid(OID_DSA, dss), cat(y, y)), "DSA_PUBLIC_KEY_INVALID");
    silent_with_spki(spki(algid(OID_DSA, dss), y), "DSA_PUBLIC_KEY_INVALID");

    /* without parameters: a problem on a self-issued certificate only */
    expect_edit(&root_spec, spki(algid(OID_DSA, none), y), none, "DSA_PARAMETERS_MISSING_ON_ROOT",
                true);
    expect_edit(&root_spec, spki(algid(OID_DSA, dss), y), none, "DSA_PARAMETERS_MISSING_ON_ROOT",
                false);
    expect_edit(&leaf_spec, spki(algid(OID_DSA, none), y), none, "DSA_PARAMETERS_MISSING_ON_ROOT",
                false);
}
END_TEST

/* ---- RSASSA-PSS and RSAES-OAEP ---------------------------------------- */

START_TEST(pss_parameters)
{
    fires_with_sigalg(algid(OID_PSS, pss_params(OID_SHA256, OID_SHA256, 32, 2)),
                      "RSASSA_PSS_PARAMETERS_INVALID");
    fires_with_sigalg(algid(OID_PSS, pss_params(OID_MD5, OID_MD5, 16, -1)),
                      "RSASSA_PSS_PARAMETERS_INVALID");
    fires_with_sigalg(algid(OID_PSS, null_element()), "RSASSA_PSS_PARAMETERS_INVALID");
    fires_with_sigalg(algid(OID_PSS, seq(tlv(0xA1, algid(OID_SHA256, none)))),
                      "RSASSA_PSS_PARAMETERS_INVALID"); /* MGF that is not MGF1 */
    fires_with_sigalg(algid(OID_PSS, seq(tlv(0xA2, integer(BYTES(0xFF))))),
                      "RSASSA_PSS_PARAMETERS_INVALID"); /* saltLength -1 */
    silent_with_sigalg(pss_sha256(), "RSASSA_PSS_PARAMETERS_INVALID");
    /* in a subjectPublicKeyInfo: absent is fine, NULL is not */
    fires_with_spki(spki(algid(OID_PSS, null_element()), rsa_good_key()),
                    "RSASSA_PSS_PARAMETERS_INVALID");
    silent_with_spki(spki(algid(OID_PSS, none), rsa_good_key()), "RSASSA_PSS_PARAMETERS_INVALID");
    silent_with_spki(spki(pss_sha256(), rsa_good_key()), "RSASSA_PSS_PARAMETERS_INVALID");

    fires_with_sigalg(algid(OID_PSS, none), "RSASSA_PSS_PARAMETERS_MISSING");
    silent_with_sigalg(pss_sha256(), "RSASSA_PSS_PARAMETERS_MISSING");

    fires_with_sigalg(algid(OID_PSS, pss_params(OID_SHA256, OID_SHA384, 32, -1)),
                      "RSA_MGF1_HASH_MISMATCH");
    silent_with_sigalg(pss_sha256(), "RSA_MGF1_HASH_MISMATCH");
}
END_TEST

START_TEST(pss_defaults_encoded)
{
    /* RFC 4055 3.1: signers MUST omit the DEFAULT values; X.690 11.5 */
    fires_with_sigalg(algid(OID_PSS, pss_params(OID_SHA256, OID_SHA256, 20, -1)),
                      "DER_DEFAULT_ENCODED");
    fires_with_sigalg(algid(OID_PSS, pss_params(OID_SHA256, OID_SHA256, 32, 1)),
                      "DER_DEFAULT_ENCODED");
    fires_with_sigalg(algid(OID_PSS, pss_params(OID_SHA1, NULL, 32, -1)), "DER_DEFAULT_ENCODED");
    fires_with_sigalg(algid(OID_PSS, pss_params(NULL, OID_SHA1, 32, -1)), "DER_DEFAULT_ENCODED");
    silent_with_sigalg(algid(OID_PSS, pss_params(NULL, NULL, 32, -1)), "DER_DEFAULT_ENCODED");
    silent_with_sigalg(pss_sha256(), "DER_DEFAULT_ENCODED");
}
END_TEST

START_TEST(oaep_parameters)
{
    blob key = rsa_good_key();
    blob oaep_sha256 = seq(cat(tlv(0xA0, algid(OID_SHA256, null_element())),
                               tlv(0xA1, algid(OID_MGF1, algid(OID_SHA256, null_element())))));
    fires_with_spki(spki(algid(OID_OAEP, null_element()), key), "RSAES_OAEP_PARAMETERS_INVALID");
    fires_with_spki(spki(algid(OID_OAEP, seq(tlv(0xA2, algid(OID_SHA256, none)))), key),
                    "RSAES_OAEP_PARAMETERS_INVALID"); /* pSourceFunc not id-pSpecified */
    silent_with_spki(spki(algid(OID_OAEP, none), key), "RSAES_OAEP_PARAMETERS_INVALID");
    silent_with_spki(spki(algid(OID_OAEP, oaep_sha256), key), "RSAES_OAEP_PARAMETERS_INVALID");

    blob empty_label = seq(tlv(0xA2, algid("1.2.840.113549.1.1.9", tlv(0x04, none))));
    fires_with_spki(spki(algid(OID_OAEP, empty_label), key), "DER_DEFAULT_ENCODED");
    silent_with_spki(spki(algid(OID_OAEP, oaep_sha256), key), "DER_DEFAULT_ENCODED");

    blob mixed = seq(cat(tlv(0xA0, algid(OID_SHA256, null_element())),
                         tlv(0xA1, algid(OID_MGF1, algid(OID_SHA1, null_element())))));
    fires_with_spki(spki(algid(OID_OAEP, mixed), key), "RSA_MGF1_HASH_MISMATCH");
    silent_with_spki(spki(algid(OID_OAEP, oaep_sha256), key), "RSA_MGF1_HASH_MISMATCH");
}
END_TEST

/* ---- signature algorithms -------------------------------------------- */

START_TEST(signature_parameters)
{
    fires_with_sigalg(algid(OID_SHA256_RSA, none), "SIGNATURE_RSA_PARAMETERS_NOT_NULL");
    fires_with_sigalg(algid("1.2.840.113549.1.1.5", oid(OID_SHA1)),
                      "SIGNATURE_RSA_PARAMETERS_NOT_NULL");
    silent_with_sigalg(algid(OID_SHA256_RSA, null_element()), "SIGNATURE_RSA_PARAMETERS_NOT_NULL");
    expect_cert(&leaf_spec, rsa_key, NULL, NULL, "SIGNATURE_RSA_PARAMETERS_NOT_NULL", false);

    fires_with_sigalg(algid(OID_ECDSA_SHA256, null_element()), "SIGNATURE_PARAMETERS_PRESENT");
    fires_with_sigalg(algid(OID_ED25519, null_element()), "SIGNATURE_PARAMETERS_PRESENT");
    fires_with_sigalg(algid("2.16.840.1.101.3.4.3.2", null_element()),
                      "SIGNATURE_PARAMETERS_PRESENT"); /* id-dsa-with-sha256 */
    silent_with_sigalg(algid(OID_ECDSA_SHA256, none), "SIGNATURE_PARAMETERS_PRESENT");
    expect_cert(&leaf_spec, ec_key, NULL, NULL, "SIGNATURE_PARAMETERS_PRESENT", false);

    fires_with_sigalg(algid("1.3.6.1.4.1.99999.9", none), "SIGNATURE_ALGORITHM_UNRECOGNIZED");
    expect_cert(&leaf_spec, ec_key, NULL, NULL, "SIGNATURE_ALGORITHM_UNRECOGNIZED", false);
    expect_cert(&leaf_spec, rsa_key, NULL, NULL, "SIGNATURE_ALGORITHM_UNRECOGNIZED", false);
}
END_TEST

START_TEST(weak_digests)
{
    blob md5_rsa = algid("1.2.840.113549.1.1.4", null_element());
    expect_edit(&leaf_spec, none, md5_rsa, "SIGNATURE_DIGEST_MD2_MD4_MD5", true);
    expect_edit(&leaf_spec, none, algid("1.2.840.113549.1.1.2", null_element()),
                "SIGNATURE_DIGEST_MD2_MD4_MD5", true);
    /* a root's own signature is never checked */
    expect_edit(&root_spec, none, md5_rsa, "SIGNATURE_DIGEST_MD2_MD4_MD5", false);
    expect_cert(&leaf_spec, rsa_key, NULL, NULL, "SIGNATURE_DIGEST_MD2_MD4_MD5", false);

    xt_spec sha1_leaf = leaf_spec, sha1_root = root_spec;
    sha1_leaf.digest = sha1_root.digest = "SHA1";
    expect_cert(&sha1_leaf, ec_key, NULL, NULL, "SIGNATURE_DIGEST_SHA1", true);
    expect_cert(&sha1_leaf, rsa_key, NULL, NULL, "SIGNATURE_DIGEST_SHA1", true);
    expect_cert(&sha1_root, ec_key, NULL, NULL, "SIGNATURE_DIGEST_SHA1", false);
    expect_cert(&leaf_spec, ec_key, NULL, NULL, "SIGNATURE_DIGEST_SHA1", false);
    fires_with_sigalg(algid(OID_PSS, pss_params(NULL, NULL, 32, -1)), "SIGNATURE_DIGEST_SHA1");
}
END_TEST

START_TEST(signature_algorithm_against_issuer_key)
{
    const xt_spec issued = {.subject = "CN=leaf"};
    X509 *ec_root = made(&root_spec, ec_key);
    X509 *rsa_root = made(&root_spec, rsa_key);
    /* the EC root's certificate, but the leaf signed with an RSA key */
    expect_cert(&issued, ec_key, ec_root, rsa_key, "SIGNATURE_ALGORITHM_MISMATCH", true);
    expect_cert(&issued, ec_key, ec_root, ec_key, "SIGNATURE_ALGORITHM_MISMATCH", false);
    expect_cert(&issued, ec_key, rsa_root, rsa_key, "SIGNATURE_ALGORITHM_MISMATCH", false);
    X509_free(ec_root);
    X509_free(rsa_root);
    /* self-signed: its own key; an RSASSA-PSS signature suits an RSA key */
    expect_edit(&root_spec, none, algid(OID_SHA256_RSA, null_element()),
                "SIGNATURE_ALGORITHM_MISMATCH", true);
    expect_edit(&root_spec, rsa_spki(rsa_good_key()), pss_sha256(), "SIGNATURE_ALGORITHM_MISMATCH",
                false);
    expect_edit(&root_spec, none, none, "SIGNATURE_ALGORITHM_MISMATCH", false);
}
END_TEST

/* ---- keyUsage and the key's algorithm --------------------------------- */

START_TEST(key_usage_for_key_type)
{
    xt_spec ku = leaf_spec;
    ku.key_usage = "critical,digitalSignature,keyEncipherment";
    expect_cert(&ku, ec_key, NULL, NULL, "KU_NOT_ALLOWED_FOR_KEY_TYPE", true);
    expect_cert(&ku, rsa_key, NULL, NULL, "KU_NOT_ALLOWED_FOR_KEY_TYPE", false);
    ku.key_usage = "critical,keyAgreement";
    expect_cert(&ku, rsa_key, NULL, NULL, "KU_NOT_ALLOWED_FOR_KEY_TYPE", true);
    expect_cert(&ku, ec_key, NULL, NULL, "KU_NOT_ALLOWED_FOR_KEY_TYPE", false);

    EVP_PKEY *ed = xt_key("ED25519"), *x25519 = xt_key("X25519");
    ck_assert_ptr_nonnull(ed);
    ck_assert_ptr_nonnull(x25519);
    expect_cert(&ku, ed, NULL, NULL, "KU_NOT_ALLOWED_FOR_KEY_TYPE", true);
    expect_cert(&ku, ed, NULL, NULL, "KU_REQUIRED_FOR_KEY_TYPE_MISSING", true);
    ku.key_usage = "critical,digitalSignature";
    expect_cert(&ku, ed, NULL, NULL, "KU_NOT_ALLOWED_FOR_KEY_TYPE", false);
    expect_cert(&ku, ed, NULL, NULL, "KU_REQUIRED_FOR_KEY_TYPE_MISSING", false);

    /* an X25519 key cannot sign its own certificate: an EC root issues it */
    const xt_spec issued = {.subject = "CN=x25519", .key_usage = "critical,digitalSignature"};
    const xt_spec agreeing = {.subject = "CN=x25519", .key_usage = "critical,keyAgreement"};
    X509 *root = made(&root_spec, ec_key);
    expect_cert(&issued, x25519, root, ec_key, "KU_REQUIRED_FOR_KEY_TYPE_MISSING", true);
    expect_cert(&issued, x25519, root, ec_key, "KU_NOT_ALLOWED_FOR_KEY_TYPE", true);
    expect_cert(&agreeing, x25519, root, ec_key, "KU_REQUIRED_FOR_KEY_TYPE_MISSING", false);
    expect_cert(&agreeing, x25519, root, ec_key, "KU_NOT_ALLOWED_FOR_KEY_TYPE", false);
    X509_free(root);
    EVP_PKEY_free(ed);
    EVP_PKEY_free(x25519);
}
END_TEST

START_TEST(ca_key_also_for_encryption)
{
    xt_spec ca = root_spec;
    ca.key_usage = "critical,keyCertSign,cRLSign,keyEncipherment";
    expect_cert(&ca, rsa_key, NULL, NULL, "KU_CA_KEY_ALSO_FOR_ENCRYPTION", true);
    ca.key_usage = "critical,keyCertSign,cRLSign,keyAgreement";
    expect_cert(&ca, ec_key, NULL, NULL, "KU_CA_KEY_ALSO_FOR_ENCRYPTION", true);
    expect_cert(&root_spec, rsa_key, NULL, NULL, "KU_CA_KEY_ALSO_FOR_ENCRYPTION", false);
    expect_cert(&root_spec, ec_key, NULL, NULL, "KU_CA_KEY_ALSO_FOR_ENCRYPTION", false);
    xt_spec ee = leaf_spec;
    ee.key_usage = "critical,digitalSignature,keyEncipherment";
    expect_cert(&ee, rsa_key, NULL, NULL, "KU_CA_KEY_ALSO_FOR_ENCRYPTION", false);
}
END_TEST

/* ---- hostile input ---------------------------------------------------- */

/* Every truncation and every single-octet change of key and parameter
 * encodings is decoded without a memory error (the sanitizer build checks
 * that) into a model that is complete wherever the certificate's own
 * structure is intact. */
static void lint_survives(X509 *cert, blob new_spki, blob new_sigalg, bool structure_intact)
{
    blob der = cert_der(cert, new_spki, new_sigalg);
    xs_model m;
    ck_assert_int_eq(xs_model_parse(&m, der.b, der.n, false), XS_OK);
    ck_assert(m.complete || !structure_intact);
    xs_model_cleanup(&m);
    xt_mnemonics found;
    lint_blob(&der, &found);
}

START_TEST(mangled_encodings_are_survived)
{
    const struct {
        blob alg;
        blob key;
    } keys[] = {
        {algid("1.2.840.113549.1.1.1", null_element()), rsa_good_key()},
        {pss_sha256(), rsa_good_key()},
        {algid(OID_EC, oid(OID_P256)), p256_point()},
        {algid(OID_DSA, dss_parms(128)), integer(BYTES(0x05))},
        {algid(OID_ED25519, none), filled(32, 1, 2)},
    };
    const blob params[] = {
        pss_params(OID_SHA256, OID_SHA256, 32, 1),
        seq(cat(tlv(0xA0, algid(OID_SHA256, null_element())),
                tlv(0xA2, algid("1.2.840.113549.1.1.9", tlv(0x04, BYTES(1)))))),
    };
    X509 *cert = made(&leaf_spec, ec_key);
    size_t edited = 0;
    for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
        for (size_t i = 0; i < keys[k].key.n; i++) {
            blob mangled = keys[k].key;
            mangled.b[i] ^= (unsigned char)(0x01 | (i * 37));
            lint_survives(cert, seq(cat(keys[k].alg, bit_string(mangled))), none, true);
            blob truncated = keys[k].key;
            truncated.n = i;
            lint_survives(cert, seq(cat(keys[k].alg, bit_string(truncated))), none, true);
            edited += 2;
        }
    }
    for (size_t p = 0; p < sizeof(params) / sizeof(params[0]); p++) {
        for (size_t i = 0; i < params[p].n; i++) {
            blob mangled = params[p];
            mangled.b[i] ^= (unsigned char)(0x01 | (i * 37));
            lint_survives(cert, none, algid(OID_PSS, mangled), false);
            lint_survives(cert, seq(cat(algid(OID_OAEP, mangled), bit_string(rsa_good_key()))),
                          none, false);
            blob truncated = params[p];
            truncated.n = i;
            lint_survives(cert, none, algid(OID_PSS, truncated), false);
            edited += 3;
        }
    }
    ck_assert_uint_gt(edited, 1500);
    X509_free(cert);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("r_key");
    TCase *tc = tcase_create("rules");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, unknown_key_algorithm);
    tcase_add_test(tc, small_keys);
    tcase_add_test(tc, rsa_parameters_must_be_null);
    tcase_add_test(tc, rsa_key_structure);
    tcase_add_test(tc, rsa_modulus);
    tcase_add_test(tc, rsa_exponent);
    tcase_add_test(tc, ec_explicit_parameters);
    tcase_add_test(tc, ec_named_curve_required);
    tcase_add_test(tc, ec_point_encoding);
    tcase_add_test(tc, rfc8410_keys);
    tcase_add_test(tc, dsa_parameters);
    tcase_add_test(tc, pss_parameters);
    tcase_add_test(tc, pss_defaults_encoded);
    tcase_add_test(tc, oaep_parameters);
    tcase_add_test(tc, signature_parameters);
    tcase_add_test(tc, weak_digests);
    tcase_add_test(tc, signature_algorithm_against_issuer_key);
    tcase_add_test(tc, key_usage_for_key_type);
    tcase_add_test(tc, ca_key_also_for_encryption);
    tcase_add_test(tc, mangled_encodings_are_survived);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    ec_key = xt_key("EC");
    rsa_key = xt_key("RSA");
    if (ec_key == NULL || rsa_key == NULL) {
        return EXIT_FAILURE;
    }
    int status = xt_run_suite(suite());
    EVP_PKEY_free(ec_key);
    EVP_PKEY_free(rsa_key);
    return status;
}
