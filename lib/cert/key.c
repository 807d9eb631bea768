/*
 * key.c: the subject public key's type, parameters and the numbers the key
 * rules need (RFC 3279 2.3, RFC 4055 1.2, 3.1, 4.1, RFC 5480 2, RFC 8410 3),
 * and the signature AlgorithmIdentifiers (RFC 3279 2.2, RFC 4055 5, RFC 5758
 * 3, RFC 8410 3). Nothing here calls OpenSSL.
 *
 * Implementation notes. Each decode_* function reads one ASN.1 type with the
 * strict cursor, whose DER violations land in the model under the current
 * path. What breaks the type's own schema (an RSAPublicKey that is not a
 * SEQUENCE of two INTEGERs, RSASSA-PSS parameters with an unknown digest) is
 * not a DER issue: it is kept as a `problem` string for the key rules.
 */
#include "cert/key.h"

#include <string.h>

#include "cert/model_internal.h"

/* The contents octets of the OID arcs the tables below share. */
#define OID_PKCS1(n) 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, n
#define OID_NIST_HASH(n) 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, n
#define OID_NIST_SIG(n) 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, n
#define OID_X962(...) 0x2a, 0x86, 0x48, 0xce, 0x3d, __VA_ARGS__
#define OID_CERTICOM_CURVE(n) 0x2b, 0x81, 0x04, 0x00, n
#define OID_BRAINPOOL(n) 0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, n

typedef struct {
    const uint8_t *oid;
    size_t oid_len;
} oid_span;

#define SPAN(...) {(const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})}

static bool oid_matches(const xs_der *contents, const oid_span *oid)
{
    return xs_der_oid_is(contents, oid->oid, oid->oid_len);
}

/* ---- tables ---------------------------------------------------------- */

static const struct {
    xs_key_type type;
    const char *name;
    oid_span oid;
} key_algorithms[] = {
    {XS_KEY_RSA, "rsaEncryption", SPAN(OID_PKCS1(0x01))},
    {XS_KEY_RSA_OAEP, "id-RSAES-OAEP", SPAN(OID_PKCS1(0x07))},
    {XS_KEY_RSA_PSS, "id-RSASSA-PSS", SPAN(OID_PKCS1(0x0a))},
    {XS_KEY_EC, "id-ecPublicKey", SPAN(OID_X962(0x02, 0x01))},
    {XS_KEY_EC_DH, "id-ecDH", SPAN(0x2b, 0x81, 0x04, 0x01, 0x0c)},
    {XS_KEY_EC_MQV, "id-ecMQV", SPAN(0x2b, 0x81, 0x04, 0x01, 0x0d)},
    {XS_KEY_X25519, "id-X25519", SPAN(0x2b, 0x65, 0x6e)},
    {XS_KEY_X448, "id-X448", SPAN(0x2b, 0x65, 0x6f)},
    {XS_KEY_ED25519, "id-Ed25519", SPAN(0x2b, 0x65, 0x70)},
    {XS_KEY_ED448, "id-Ed448", SPAN(0x2b, 0x65, 0x71)},
    {XS_KEY_DSA, "id-dsa", SPAN(0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01)},
};

/* The curves of RFC 5480 2.1.1.1, secp256k1, Brainpool (RFC 5639) and SM2;
 * `bits` is the field size. */
static const struct {
    const char *name;
    unsigned bits;
    oid_span oid;
} curves[] = {
    {"P-192", 192, SPAN(OID_X962(0x03, 0x01, 0x01))},
    {"P-224", 224, SPAN(OID_CERTICOM_CURVE(0x21))},
    {"P-256", 256, SPAN(OID_X962(0x03, 0x01, 0x07))},
    {"P-384", 384, SPAN(OID_CERTICOM_CURVE(0x22))},
    {"P-521", 521, SPAN(OID_CERTICOM_CURVE(0x23))},
    {"K-163", 163, SPAN(OID_CERTICOM_CURVE(0x01))},
    {"B-163", 163, SPAN(OID_CERTICOM_CURVE(0x0f))},
    {"K-233", 233, SPAN(OID_CERTICOM_CURVE(0x1a))},
    {"B-233", 233, SPAN(OID_CERTICOM_CURVE(0x1b))},
    {"K-283", 283, SPAN(OID_CERTICOM_CURVE(0x10))},
    {"B-283", 283, SPAN(OID_CERTICOM_CURVE(0x11))},
    {"K-409", 409, SPAN(OID_CERTICOM_CURVE(0x24))},
    {"B-409", 409, SPAN(OID_CERTICOM_CURVE(0x25))},
    {"K-571", 571, SPAN(OID_CERTICOM_CURVE(0x26))},
    {"B-571", 571, SPAN(OID_CERTICOM_CURVE(0x27))},
    {"secp256k1", 256, SPAN(OID_CERTICOM_CURVE(0x0a))},
    {"brainpoolP256r1", 256, SPAN(OID_BRAINPOOL(0x07))},
    {"brainpoolP384r1", 384, SPAN(OID_BRAINPOOL(0x0b))},
    {"brainpoolP512r1", 512, SPAN(OID_BRAINPOOL(0x0d))},
    {"SM2", 256, SPAN(0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d)},
};

/* What a signature algorithm requires of its parameters. */
typedef enum { PARAMS_NULL, PARAMS_ABSENT, PARAMS_PSS } params_rule;

static const struct {
    xs_sig_scheme scheme;
    xs_hash hash;
    params_rule rule;
    const char *name;
    oid_span oid;
} signature_algorithms[] = {
    {XS_SIG_RSA_PKCS1, XS_HASH_MD2, PARAMS_NULL, "md2WithRSAEncryption", SPAN(OID_PKCS1(0x02))},
    {XS_SIG_RSA_PKCS1, XS_HASH_MD4, PARAMS_NULL, "md4WithRSAEncryption", SPAN(OID_PKCS1(0x03))},
    {XS_SIG_RSA_PKCS1, XS_HASH_MD5, PARAMS_NULL, "md5WithRSAEncryption", SPAN(OID_PKCS1(0x04))},
    {XS_SIG_RSA_PKCS1, XS_HASH_SHA1, PARAMS_NULL, "sha1WithRSAEncryption", SPAN(OID_PKCS1(0x05))},
    {XS_SIG_RSA_PSS, XS_HASH_UNKNOWN, PARAMS_PSS, "id-RSASSA-PSS", SPAN(OID_PKCS1(0x0a))},
    {XS_SIG_RSA_PKCS1, XS_HASH_SHA256, PARAMS_NULL, "sha256WithRSAEncryption",
     SPAN(OID_PKCS1(0x0b))},
    {XS_SIG_RSA_PKCS1, XS_HASH_SHA384, PARAMS_NULL, "sha384WithRSAEncryption",
     SPAN(OID_PKCS1(0x0c))},
    {XS_SIG_RSA_PKCS1, XS_HASH_SHA512, PARAMS_NULL, "sha512WithRSAEncryption",
     SPAN(OID_PKCS1(0x0d))},
    {XS_SIG_RSA_PKCS1, XS_HASH_SHA224, PARAMS_NULL, "sha224WithRSAEncryption",
     SPAN(OID_PKCS1(0x0e))},
    {XS_SIG_RSA_PKCS1, XS_HASH_SHA512_224, PARAMS_NULL, "sha512-224WithRSAEncryption",
     SPAN(OID_PKCS1(0x0f))},
    {XS_SIG_RSA_PKCS1, XS_HASH_SHA512_256, PARAMS_NULL, "sha512-256WithRSAEncryption",
     SPAN(OID_PKCS1(0x10))},
    {XS_SIG_ECDSA, XS_HASH_SHA1, PARAMS_ABSENT, "ecdsa-with-SHA1", SPAN(OID_X962(0x04, 0x01))},
    {XS_SIG_ECDSA, XS_HASH_SHA224, PARAMS_ABSENT, "ecdsa-with-SHA224",
     SPAN(OID_X962(0x04, 0x03, 0x01))},
    {XS_SIG_ECDSA, XS_HASH_SHA256, PARAMS_ABSENT, "ecdsa-with-SHA256",
     SPAN(OID_X962(0x04, 0x03, 0x02))},
    {XS_SIG_ECDSA, XS_HASH_SHA384, PARAMS_ABSENT, "ecdsa-with-SHA384",
     SPAN(OID_X962(0x04, 0x03, 0x03))},
    {XS_SIG_ECDSA, XS_HASH_SHA512, PARAMS_ABSENT, "ecdsa-with-SHA512",
     SPAN(OID_X962(0x04, 0x03, 0x04))},
    {XS_SIG_DSA, XS_HASH_SHA1, PARAMS_ABSENT, "id-dsa-with-sha1",
     SPAN(0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x03)},
    {XS_SIG_DSA, XS_HASH_SHA224, PARAMS_ABSENT, "id-dsa-with-sha224", SPAN(OID_NIST_SIG(0x01))},
    {XS_SIG_DSA, XS_HASH_SHA256, PARAMS_ABSENT, "id-dsa-with-sha256", SPAN(OID_NIST_SIG(0x02))},
    {XS_SIG_DSA, XS_HASH_SHA384, PARAMS_ABSENT, "id-dsa-with-sha384", SPAN(OID_NIST_SIG(0x03))},
    {XS_SIG_DSA, XS_HASH_SHA512, PARAMS_ABSENT, "id-dsa-with-sha512", SPAN(OID_NIST_SIG(0x04))},
    {XS_SIG_ED25519, XS_HASH_NONE, PARAMS_ABSENT, "id-Ed25519", SPAN(0x2b, 0x65, 0x70)},
    {XS_SIG_ED448, XS_HASH_NONE, PARAMS_ABSENT, "id-Ed448", SPAN(0x2b, 0x65, 0x71)},
};

/* The one-way hash functions of RFC 4055 2.1, the only ones RSASSA-PSS and
 * RSAES-OAEP parameters may name. */
static const struct {
    xs_hash hash;
    oid_span oid;
} rsa_param_hashes[] = {
    {XS_HASH_SHA1, SPAN(0x2b, 0x0e, 0x03, 0x02, 0x1a)},
    {XS_HASH_SHA224, SPAN(OID_NIST_HASH(0x04))},
    {XS_HASH_SHA256, SPAN(OID_NIST_HASH(0x01))},
    {XS_HASH_SHA384, SPAN(OID_NIST_HASH(0x02))},
    {XS_HASH_SHA512, SPAN(OID_NIST_HASH(0x03))},
};

static const oid_span oid_mgf1 = SPAN(OID_PKCS1(0x08));
static const oid_span oid_p_specified = SPAN(OID_PKCS1(0x09));

const char *xs_hash_name(xs_hash hash)
{
    static const char *const names[] = {
        [XS_HASH_UNKNOWN] = "unknown", [XS_HASH_MD2] = "MD2",
        [XS_HASH_MD4] = "MD4",         [XS_HASH_MD5] = "MD5",
        [XS_HASH_SHA1] = "SHA-1",      [XS_HASH_SHA224] = "SHA-224",
        [XS_HASH_SHA256] = "SHA-256",  [XS_HASH_SHA384] = "SHA-384",
        [XS_HASH_SHA512] = "SHA-512",  [XS_HASH_SHA512_224] = "SHA-512/224",
        [XS_HASH_SHA512_256] = "SHA-512/256", [XS_HASH_NONE] = "none",
    };
    return (unsigned)hash < XS_ARRAY_LEN(names) ? names[hash] : "unknown";
}

const char *xs_key_type_name(xs_key_type type)
{
    static const char *const names[] = {
        [XS_KEY_UNKNOWN] = "unknown", [XS_KEY_RSA] = "RSA",         [XS_KEY_RSA_PSS] = "RSA-PSS",
        [XS_KEY_EC] = "EC",           [XS_KEY_ED25519] = "Ed25519", [XS_KEY_ED448] = "Ed448",
        [XS_KEY_X25519] = "X25519",   [XS_KEY_X448] = "X448",       [XS_KEY_DSA] = "DSA",
        [XS_KEY_RSA_OAEP] = "RSA-OAEP", [XS_KEY_EC_DH] = "EC-DH",   [XS_KEY_EC_MQV] = "EC-MQV",
    };
    return (unsigned)type < XS_ARRAY_LEN(names) ? names[type] : "unknown";
}

/* ---- numbers --------------------------------------------------------- */

/* leading_zeros counts the zero octets that open an INTEGER's contents. */
static size_t leading_zeros(const xs_der *contents)
{
    size_t i = 0;
    while (i < contents->len && contents->p[i] == 0) {
        i++;
    }
    return i;
}

/* bit_length is the length in bits of a non-negative INTEGER's value. */
static unsigned bit_length(const xs_der *contents)
{
    size_t first = leading_zeros(contents);
    if (first == contents->len) {
        return 0;
    }
    size_t octets = contents->len - first;
    if (octets > UINT32_MAX / 8) {
        return UINT32_MAX; /* cannot happen under XS_MAX_CERT_BYTES */
    }
    unsigned bits = (unsigned)(octets - 1) * 8;
    for (unsigned top = contents->p[first]; top != 0; top >>= 1) {
        bits++;
    }
    return bits;
}

/* value_compare orders two non-negative INTEGERs by value. */
static int value_compare(const xs_der *a, const xs_der *b)
{
    size_t i = leading_zeros(a), j = leading_zeros(b);
    if (a->len - i != b->len - j) {
        return a->len - i < b->len - j ? -1 : 1;
    }
    for (; i < a->len; i++, j++) {
        if (a->p[i] != b->p[j]) {
            return a->p[i] < b->p[j] ? -1 : 1;
        }
    }
    return 0;
}

/* small_value reads a non-negative INTEGER's value; UINT64_MAX when it
 * needs more than 64 bits. */
static uint64_t small_value(const xs_der *contents)
{
    size_t first = leading_zeros(contents);
    if (contents->len - first > 8) {
        return UINT64_MAX;
    }
    uint64_t v = 0;
    for (size_t i = first; i < contents->len; i++) {
        v = (v << 8) | contents->p[i];
    }
    return v;
}

static bool last_octet_even(const xs_der *contents)
{
    return contents->len > 0 && (contents->p[contents->len - 1] & 1u) == 0;
}

/* ---- AlgorithmIdentifier parameters ---------------------------------- */

static xs_params_form params_form(const xs_algid *alg)
{
    if (!alg->has_params) {
        return XS_PARAMS_ABSENT;
    }
    return xs_der_peek_tag(&alg->params) == XS_TAG_NULL ? XS_PARAMS_NULL : XS_PARAMS_OTHER;
}

/* params_cursor starts a cursor over an AlgorithmIdentifier's parameters
 * element that reports to the model. */
static xs_der params_cursor(xs_model *m, const xs_algid *alg)
{
    xs_der d = alg->params;
    d.sink = &m->sink;
    return d;
}

/* issue_under records a DER issue at `offset` under the current path plus
 * `field`. */
static void issue_under(xs_model *m, const char *field, xs_der_issue issue, size_t offset)
{
    size_t restore = xs_path_push(m, field);
    xs_model_issue(m, issue, offset);
    xs_path_pop(m, restore);
}

/* check_null_params reads NULL parameters, so that a NULL with contents is
 * reported (X.690 8.8.2). */
static void check_null_params(xs_model *m, const xs_algid *alg)
{
    if (params_form(alg) == XS_PARAMS_NULL) {
        xs_der d = params_cursor(m, alg);
        xs_der_get_null(&d);
    }
}

static xs_hash rsa_param_hash_of(const xs_algid *alg)
{
    for (size_t i = 0; i < XS_ARRAY_LEN(rsa_param_hashes); i++) {
        if (oid_matches(&alg->oid, &rsa_param_hashes[i].oid)) {
            return rsa_param_hashes[i].hash;
        }
    }
    return XS_HASH_UNKNOWN;
}

static void params_problem(xs_rsa_params *out, const char *problem, size_t offset)
{
    if (out->problem == NULL) {
        out->problem = problem;
        out->problem_offset = offset;
    }
}

/* HashAlgorithm ::= AlgorithmIdentifier, one of RFC 4055 2.1, whose
 * parameters are NULL or absent. */
static xs_hash decode_hash_algid(xs_model *m, xs_der *d, const char *field, xs_rsa_params *out)
{
    xs_algid alg = {0};
    size_t at = d->off;
    if (!xs_model_parse_algid(m, d, field, &alg)) {
        params_problem(out, "a digest AlgorithmIdentifier does not decode", at);
        return XS_HASH_UNKNOWN;
    }
    check_null_params(m, &alg);
    xs_hash hash = rsa_param_hash_of(&alg);
    if (hash == XS_HASH_UNKNOWN) {
        params_problem(out, "the digest is not SHA-1, SHA-224, SHA-256, SHA-384 or SHA-512", at);
    } else if (params_form(&alg) == XS_PARAMS_OTHER) {
        params_problem(out, "the digest's parameters are neither NULL nor absent", at);
    }
    return hash;
}

/* MaskGenAlgorithm ::= AlgorithmIdentifier; MGF1's parameters are the
 * HashAlgorithm it uses (RFC 4055 2.2). */
static void decode_mgf(xs_model *m, xs_der *d, const char *field, xs_rsa_params *out)
{
    xs_algid alg = {0};
    size_t at = d->off;
    out->mgf_hash = XS_HASH_UNKNOWN;
    if (!xs_model_parse_algid(m, d, field, &alg)) {
        params_problem(out, "the mask generation AlgorithmIdentifier does not decode", at);
        return;
    }
    out->mgf_is_mgf1 = oid_matches(&alg.oid, &oid_mgf1);
    if (!out->mgf_is_mgf1) {
        params_problem(out, "the mask generation function is not MGF1", at);
        return;
    }
    if (!alg.has_params) {
        params_problem(out, "MGF1 has no digest parameter", at);
        return;
    }
    size_t restore = xs_path_push(m, field);
    xs_der p = params_cursor(m, &alg);
    out->mgf_hash = decode_hash_algid(m, &p, "parameters", out);
    xs_path_pop(m, restore);
}

/* explicit_field opens the [n] EXPLICIT wrapper of an optional field. */
static bool explicit_field(xs_der *seq, unsigned n, xs_der *out, size_t *out_at)
{
    *out_at = seq->off;
    return xs_der_get(seq, XS_TAG_CTX_CONSTRUCTED(n), out);
}

/* The first two fields of RSASSA-PSS-params and RSAES-OAEP-params: a digest
 * and a mask generation function, both SHA-1 by DEFAULT. RFC 4055 3.1 and
 * 4.1 add that signers MUST leave the defaults out, as DER does. */
static void decode_digest_fields(xs_model *m, xs_der *seq, const char *hash_field,
                                 const char *mgf_field, xs_rsa_params *out)
{
    xs_der inner;
    size_t at;
    out->hash = XS_HASH_SHA1;
    out->mgf_is_mgf1 = true;
    out->mgf_hash = XS_HASH_SHA1;
    if (explicit_field(seq, 0, &inner, &at)) {
        out->hash = decode_hash_algid(m, &inner, hash_field, out);
        xs_model_expect_end(m, &inner, hash_field);
        if (out->hash == XS_HASH_SHA1) {
            issue_under(m, hash_field, XS_DER_DEFAULT_ENCODED, at);
        }
    }
    if (explicit_field(seq, 1, &inner, &at)) {
        decode_mgf(m, &inner, mgf_field, out);
        xs_model_expect_end(m, &inner, mgf_field);
        if (out->mgf_is_mgf1 && out->mgf_hash == XS_HASH_SHA1) {
            issue_under(m, mgf_field, XS_DER_DEFAULT_ENCODED, at);
        }
    }
}

/* decode_pss_integer reads saltLength or trailerField ([n] EXPLICIT
 * INTEGER); false when the field is not there. */
static bool decode_pss_integer(xs_model *m, xs_der *seq, unsigned n, const char *field,
                               xs_rsa_params *out, uint64_t *value, size_t *at)
{
    xs_der inner, i;
    if (!explicit_field(seq, n, &inner, at)) {
        return false;
    }
    size_t restore = xs_path_push(m, field);
    bool ok = xs_der_get_integer(&inner, &i);
    xs_der_expect_end(&inner);
    xs_path_pop(m, restore);
    if (!ok) {
        params_problem(out, "saltLength or trailerField is not an INTEGER", *at);
        return false;
    }
    *value = xs_der_integer_is_negative(&i) ? UINT64_MAX : small_value(&i);
    if (xs_der_integer_is_negative(&i) && n == 2) {
        params_problem(out, "saltLength is negative", *at);
        return false;
    }
    return true;
}

/* RSASSA-PSS-params ::= SEQUENCE {
 *   hashAlgorithm    [0] HashAlgorithm    DEFAULT sha1Identifier,
 *   maskGenAlgorithm [1] MaskGenAlgorithm DEFAULT mgf1SHA1Identifier,
 *   saltLength       [2] INTEGER          DEFAULT 20,
 *   trailerField     [3] INTEGER          DEFAULT 1 }          (RFC 4055 3.1) */
static void decode_pss_params(xs_model *m, const xs_algid *alg, xs_rsa_params *out)
{
    xs_der d = params_cursor(m, alg), seq;
    size_t at = d.off;
    out->present = true;
    if (!xs_der_get(&d, XS_TAG_SEQUENCE, &seq)) {
        params_problem(out, "the parameters are not an RSASSA-PSS-params SEQUENCE", at);
        return;
    }
    decode_digest_fields(m, &seq, "hashAlgorithm", "maskGenAlgorithm", out);
    uint64_t value = 0;
    if (decode_pss_integer(m, &seq, 2, "saltLength", out, &value, &at) && value == 20) {
        issue_under(m, "saltLength", XS_DER_DEFAULT_ENCODED, at);
    }
    if (decode_pss_integer(m, &seq, 3, "trailerField", out, &value, &at)) {
        if (value != 1) {
            params_problem(out, "trailerField is not 1", at);
        } else {
            issue_under(m, "trailerField", XS_DER_DEFAULT_ENCODED, at);
        }
    }
    if (!xs_der_at_end(&seq)) {
        params_problem(out, "the parameters hold an element RSASSA-PSS-params does not define",
                       seq.off);
        xs_der_expect_end(&seq);
    }
    xs_der_expect_end(&d);
}

/* pSourceFunc [2] AlgorithmIdentifier DEFAULT pSpecifiedEmptyIdentifier,
 * where id-pSpecified's parameter is an OCTET STRING (RFC 4055 4.1). */
static void decode_p_source(xs_model *m, xs_der *inner, size_t at, xs_rsa_params *out)
{
    xs_algid alg = {0};
    if (!xs_model_parse_algid(m, inner, "pSourceFunc", &alg)) {
        params_problem(out, "pSourceFunc does not decode", at);
        return;
    }
    xs_der p = params_cursor(m, &alg), label;
    if (!oid_matches(&alg.oid, &oid_p_specified)) {
        params_problem(out, "pSourceFunc is not id-pSpecified", at);
    } else if (!alg.has_params || !xs_der_get_octet_string(&p, &label)) {
        params_problem(out, "id-pSpecified's parameter is not an OCTET STRING", at);
    } else if (label.len == 0) {
        issue_under(m, "pSourceFunc", XS_DER_DEFAULT_ENCODED, at);
    }
}

/* RSAES-OAEP-params ::= SEQUENCE {
 *   hashFunc    [0] AlgorithmIdentifier DEFAULT sha1Identifier,
 *   maskGenFunc [1] AlgorithmIdentifier DEFAULT mgf1SHA1Identifier,
 *   pSourceFunc [2] AlgorithmIdentifier DEFAULT pSpecifiedEmptyIdentifier }
 * (RFC 4055 4.1) */
static void decode_oaep_params(xs_model *m, const xs_algid *alg, xs_rsa_params *out)
{
    xs_der d = params_cursor(m, alg), seq, inner;
    size_t at = d.off;
    out->present = true;
    if (!xs_der_get(&d, XS_TAG_SEQUENCE, &seq)) {
        params_problem(out, "the parameters are not an RSAES-OAEP-params SEQUENCE", at);
        return;
    }
    decode_digest_fields(m, &seq, "hashFunc", "maskGenFunc", out);
    if (explicit_field(&seq, 2, &inner, &at)) {
        decode_p_source(m, &inner, at, out);
        xs_model_expect_end(m, &inner, "pSourceFunc");
    }
    if (!xs_der_at_end(&seq)) {
        params_problem(out, "the parameters hold an element RSAES-OAEP-params does not define",
                       seq.off);
        xs_der_expect_end(&seq);
    }
    xs_der_expect_end(&d);
}

/* ---- the subject public key ------------------------------------------ */

/* spki_unused_bits re-reads the subjectPublicKey BIT STRING's unused-bits
 * count (the model keeps only its bits); nothing is reported twice. */
static unsigned spki_unused_bits(const xs_model *m)
{
    xs_der d = m->spki, seq, bits;
    unsigned unused = 0;
    d.sink = NULL;
    if (xs_der_get(&d, XS_TAG_SEQUENCE, &seq) && xs_der_skip(&seq)) {
        xs_der_get_bit_string(&seq, &bits, &unused);
    }
    return unused;
}

static xs_der key_cursor(xs_model *m)
{
    xs_der d = m->key_bits;
    d.sink = &m->sink;
    return d;
}

static void key_problem(xs_key_info *k, const char *problem)
{
    k->key_ok = false;
    if (k->key_problem == NULL) {
        k->key_problem = problem;
    }
}

/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
 * (RFC 3279 2.3.1) */
static void decode_rsa_key(xs_model *m, xs_key_info *k)
{
    xs_der d = key_cursor(m), seq, n, e;
    if (!xs_der_get(&d, XS_TAG_SEQUENCE, &seq)) {
        key_problem(k, "the key is not an RSAPublicKey SEQUENCE");
        return;
    }
    if (!xs_der_get_integer(&seq, &n) || !xs_der_get_integer(&seq, &e)) {
        key_problem(k, "the RSAPublicKey does not hold a modulus and an exponent INTEGER");
        return;
    }
    if (!xs_der_at_end(&seq) || !xs_der_at_end(&d)) {
        key_problem(k, "the RSAPublicKey has data after its exponent");
    }
    xs_der_expect_end(&seq);
    xs_der_expect_end(&d);
    k->rsa_read = true;
    k->rsa_modulus_negative = xs_der_integer_is_negative(&n);
    k->rsa_modulus_zero = xs_der_integer_is_zero(&n);
    k->rsa_modulus_even = last_octet_even(&n);
    k->rsa_exponent_negative = xs_der_integer_is_negative(&e);
    k->rsa_exponent_even = last_octet_even(&e);
    if (!k->rsa_modulus_negative) {
        k->bits = bit_length(&n);
    }
    if (!k->rsa_exponent_negative) {
        k->rsa_exponent_bits = bit_length(&e);
        k->rsa_exponent_fits = k->rsa_exponent_bits <= 64;
        k->rsa_exponent = small_value(&e);
        k->rsa_exponent_not_below_modulus =
            !k->rsa_modulus_negative && value_compare(&e, &n) >= 0;
    }
}

static const char *curve_named(const xs_der *oid, unsigned *out_bits)
{
    for (size_t i = 0; i < XS_ARRAY_LEN(curves); i++) {
        if (oid_matches(oid, &curves[i].oid)) {
            *out_bits = curves[i].bits;
            return curves[i].name;
        }
    }
    return NULL;
}

/* ECParameters ::= CHOICE { namedCurve OBJECT IDENTIFIER,
 *   implicitCurve NULL, specifiedCurve SpecifiedECDomain } (RFC 5480 2.1.1) */
static void decode_ec_params(xs_model *m, xs_key_info *k)
{
    const xs_algid *alg = &m->key_alg;
    xs_der d = params_cursor(m, alg);
    switch (alg->has_params ? xs_der_peek_tag(&d) : -1) {
    case -1:
        k->ec_params = XS_EC_PARAMS_ABSENT;
        break;
    case XS_TAG_OID:
        k->ec_params = XS_EC_PARAMS_NAMED;
        if (xs_der_get_oid(&d, &k->ec_curve)) {
            k->ec_curve_name = curve_named(&k->ec_curve, &k->bits);
        }
        break;
    case XS_TAG_NULL:
        k->ec_params = XS_EC_PARAMS_IMPLICIT;
        xs_der_get_null(&d);
        break;
    case XS_TAG_SEQUENCE:
        k->ec_params = XS_EC_PARAMS_SPECIFIED;
        break;
    default:
        k->ec_params = XS_EC_PARAMS_OTHER;
        break;
    }
}

/* ECPoint ::= OCTET STRING, whose octets are the subjectPublicKey bits
 * (RFC 5480 2.2; SEC 1 2.3.3). */
static void decode_ec_point(const xs_model *m, xs_key_info *k)
{
    const xs_der *bits = &m->key_bits;
    k->ec_point_len = bits->len;
    if (bits->len == 0) {
        k->ec_point_form = XS_EC_POINT_EMPTY;
        key_problem(k, "the EC point is empty");
        return;
    }
    switch (bits->p[0]) {
    case 0x00:
        k->ec_point_form = XS_EC_POINT_INFINITY;
        key_problem(k, "the EC point is the point at infinity");
        return;
    case 0x02:
    case 0x03:
        k->ec_point_form = XS_EC_POINT_COMPRESSED;
        break;
    case 0x04:
        k->ec_point_form = XS_EC_POINT_UNCOMPRESSED;
        break;
    case 0x06:
    case 0x07:
        k->ec_point_form = XS_EC_POINT_HYBRID;
        key_problem(k, "the EC point is in hybrid form, which RFC 5480 2.2 rules out");
        return;
    default:
        k->ec_point_form = XS_EC_POINT_OTHER;
        key_problem(k, "the EC point's first octet is not 02, 03 or 04");
        return;
    }
    size_t field = ((size_t)k->bits + 7) / 8;
    size_t want = k->ec_point_form == XS_EC_POINT_COMPRESSED ? 1 + field : 1 + 2 * field;
    if (k->ec_curve_name != NULL && bits->len != want) {
        key_problem(k, "the EC point's length does not fit its curve");
    }
}

/* Dss-Parms ::= SEQUENCE { p INTEGER, q INTEGER, g INTEGER } (RFC 3279 2.3.2) */
static void decode_dss_parms(xs_model *m, xs_key_info *k)
{
    xs_der d = params_cursor(m, &m->key_alg), seq, p, q, g;
    if (k->params == XS_PARAMS_OTHER && xs_der_get(&d, XS_TAG_SEQUENCE, &seq) &&
        xs_der_get_integer(&seq, &p) && xs_der_get_integer(&seq, &q) &&
        xs_der_get_integer(&seq, &g) && xs_der_expect_end(&seq)) {
        k->dsa_params_valid = true;
        k->bits = bit_length(&p);
    }
}

/* DSAPublicKey ::= INTEGER (RFC 3279 2.3.2) */
static void decode_dsa_key(xs_model *m, xs_key_info *k)
{
    xs_der d = key_cursor(m), y;
    if (!xs_der_get_integer(&d, &y)) {
        key_problem(k, "the key is not a DSAPublicKey INTEGER");
    } else if (!xs_der_expect_end(&d)) {
        key_problem(k, "the DSAPublicKey has data after its INTEGER");
    }
}

/* RFC 8410 3 and 4: the key is the raw octets, 32 (X25519, Ed25519), 56
 * (X448) or 57 (Ed448) of them (RFC 7748 5, RFC 8032 5.1.5, 5.2.5). */
static void decode_raw_key(const xs_model *m, xs_key_info *k)
{
    size_t want = k->type == XS_KEY_ED448 ? 57 : k->type == XS_KEY_X448 ? 56 : 32;
    k->raw_len = m->key_bits.len;
    if (k->raw_len != want) {
        key_problem(k, "the key does not have the length its algorithm defines");
    }
}

/* decode_key_params reads the SPKI AlgorithmIdentifier's parameters; the
 * path is that of the parameters. */
static void decode_key_params(xs_model *m, xs_key_info *k)
{
    switch (k->type) {
    case XS_KEY_RSA:
        check_null_params(m, &m->key_alg);
        break;
    case XS_KEY_RSA_PSS:
        if (k->params != XS_PARAMS_ABSENT) {
            decode_pss_params(m, &m->key_alg, &k->rsa_params);
        }
        break;
    case XS_KEY_RSA_OAEP:
        if (k->params != XS_PARAMS_ABSENT) {
            decode_oaep_params(m, &m->key_alg, &k->rsa_params);
        }
        break;
    case XS_KEY_EC:
    case XS_KEY_EC_DH:
    case XS_KEY_EC_MQV:
        decode_ec_params(m, k);
        break;
    case XS_KEY_DSA:
        decode_dss_parms(m, k);
        break;
    default:
        break;
    }
}

/* decode_key_bits reads the subjectPublicKey itself; the path is that of
 * the subjectPublicKey. */
static void decode_key_bits(xs_model *m, xs_key_info *k)
{
    switch (k->type) {
    case XS_KEY_RSA:
    case XS_KEY_RSA_PSS:
    case XS_KEY_RSA_OAEP:
        decode_rsa_key(m, k);
        break;
    case XS_KEY_EC:
    case XS_KEY_EC_DH:
    case XS_KEY_EC_MQV:
        decode_ec_point(m, k);
        break;
    case XS_KEY_ED25519:
    case XS_KEY_ED448:
    case XS_KEY_X25519:
    case XS_KEY_X448:
        decode_raw_key(m, k);
        break;
    case XS_KEY_DSA:
        decode_dsa_key(m, k);
        break;
    case XS_KEY_UNKNOWN:
        break;
    }
}

static void decode_public_key(xs_model *m, xs_key_info *k)
{
    const xs_algid *alg = &m->key_alg;
    for (size_t i = 0; i < XS_ARRAY_LEN(key_algorithms); i++) {
        if (oid_matches(&alg->oid, &key_algorithms[i].oid)) {
            k->type = key_algorithms[i].type;
            k->name = key_algorithms[i].name;
        }
    }
    k->params = params_form(alg);
    k->params_offset = alg->has_params ? alg->params.off : alg->whole.off;
    k->key_offset = m->key_bits.off;
    k->unused_bits = spki_unused_bits(m);
    k->key_ok = true;
    if (k->type != XS_KEY_UNKNOWN && k->unused_bits != 0) {
        key_problem(k, "the subjectPublicKey BIT STRING does not hold whole octets");
    }
    size_t restore = xs_path_push(m, "tbsCertificate.subjectPublicKeyInfo.algorithm.parameters");
    decode_key_params(m, k);
    xs_path_pop(m, restore);
    restore = xs_path_push(m, "tbsCertificate.subjectPublicKeyInfo.subjectPublicKey");
    decode_key_bits(m, k);
    xs_path_pop(m, restore);
}

/* ---- signature algorithms -------------------------------------------- */

static void decode_signature_algorithm(xs_model *m, const xs_algid *alg, const char *field,
                                       xs_sig_alg *out)
{
    if (alg->oid.p == NULL) {
        return; /* not read: the certificate broke before it */
    }
    out->present = true;
    out->field = field;
    out->offset = alg->whole.off;
    out->oid = alg->oid;
    out->params = params_form(alg);
    out->params_offset = alg->has_params ? alg->params.off : alg->whole.off;
    for (size_t i = 0; i < XS_ARRAY_LEN(signature_algorithms); i++) {
        if (!oid_matches(&alg->oid, &signature_algorithms[i].oid)) {
            continue;
        }
        out->scheme = signature_algorithms[i].scheme;
        out->hash = signature_algorithms[i].hash;
        out->name = signature_algorithms[i].name;
        size_t restore = xs_path_push(m, field);
        size_t inner = xs_path_push(m, "parameters");
        if (signature_algorithms[i].rule == PARAMS_PSS && alg->has_params) {
            decode_pss_params(m, alg, &out->pss);
            out->hash = out->pss.hash;
        } else if (signature_algorithms[i].rule == PARAMS_NULL) {
            check_null_params(m, alg);
        }
        xs_path_pop(m, inner);
        xs_path_pop(m, restore);
        return;
    }
}

void xs_key_decode(xs_model *m)
{
    xs_key_info *k = &m->key;
    memset(k, 0, sizeof(*k));
    k->present = true;
    decode_public_key(m, k);
    decode_signature_algorithm(m, &m->sig_inner, "tbsCertificate.signature", &k->sig[0]);
    if (!m->is_tbs_only) {
        decode_signature_algorithm(m, &m->sig_outer, "signatureAlgorithm", &k->sig[1]);
        k->sig[1].same_as_inner = xs_der_equal(&m->sig_outer.whole, &m->sig_inner.whole);
    }
}
