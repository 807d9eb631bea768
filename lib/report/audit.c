/*
 * audit.c: x509strict audit as a library. An auditor judges certificates one
 * at a time under several policies at once (the "Audit" section of
 * x509strict.h says how each kind of certificate is met); a record holds one
 * certificate's reports; a summary counts records; and each of them renders
 * as text, JSON or CBOR, whole or in the streaming form.
 *
 * Implementation notes.
 *  - Every policy's judgment is the one xs_verify_anchor / xs_verify would
 *    give (the same bridge, checks and report), made cheaper by what a store
 *    repeats: OpenSSL runs once per distinct set of verification parameters,
 *    not once per policy and once more for Python; each CA's parse, checks,
 *    description and verified signatures are kept for the auditor's life;
 *    the judged certificate's are kept for its record.
 *  - Signatures are checked by xs_audit_verify, a replacement for OpenSSL
 *    3.0's internal_verify() (see audit.h) that consults the cache.
 *  - Pointers identify certificates in the caches. A certificate cached for
 *    the auditor's life is held by a reference, so its address is never
 *    reused; the judged certificate's entries are dropped with its record.
 *  - Records render through the xs_writer interface of report.h with writers
 *    of this file: compact JSON for JSON Lines and documents, and CBOR.
 */
#include "report/audit.h"

#include <cbor.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cert/model.h"
#include "cert/name_text.h"
#include "rules/check.h"

#define PYTHON_PREFIX "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
#define INPUT_MALFORMED "INPUT_MALFORMED"
#define MAX_RUNS (2 * XS_AUDIT_MAX_POLICIES)

/* ------------------------------------------------------------------------ */
/* Writers: compact (or indented) JSON and CBOR, behind report.h's xs_writer */

#define JSON_MAX_NESTING 16

typedef struct {
    xs_writer base; /* first: the walkers see an xs_writer */
    int depth;
    int indent;     /* spaces per level; 0: all on one line */
    bool first[JSON_MAX_NESTING];
    char closer[JSON_MAX_NESTING];
    bool after_key;
} json_writer;

static void json_newline(json_writer *j)
{
    if (j->indent > 0) {
        xs_buf_putc(&j->base.out, '\n');
        xs_buf_pad(&j->base.out, ' ', (size_t)(j->depth * j->indent));
    }
}

static void json_before(json_writer *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (j->depth > 0) {
        if (!j->first[j->depth]) {
            xs_buf_putc(&j->base.out, ',');
        }
        j->first[j->depth] = false;
        json_newline(j);
    }
}

static void json_open(xs_writer *w, char opener, char closer)
{
    json_writer *j = (json_writer *)w;
    json_before(j);
    xs_buf_putc(&w->out, opener);
    if (j->depth + 1 >= JSON_MAX_NESTING) {
        w->out.failed = true;
        return;
    }
    j->depth++;
    j->first[j->depth] = true;
    j->closer[j->depth] = closer;
}

static void json_map(xs_writer *w, size_t count)
{
    (void)count;
    json_open(w, '{', '}');
}

static void json_array(xs_writer *w, size_t count)
{
    (void)count;
    json_open(w, '[', ']');
}

static void json_end(xs_writer *w)
{
    json_writer *j = (json_writer *)w;
    if (j->depth == 0) {
        w->out.failed = true;
        return;
    }
    bool empty = j->first[j->depth];
    char closer = j->closer[j->depth];
    j->depth--;
    if (!empty) {
        json_newline(j);
    }
    xs_buf_putc(&w->out, closer);
}

static void json_escaped(xs_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    xs_buf_putc(b, '"');
    const unsigned char *p = (const unsigned char *)s;
    while (*p != 0) {
        const unsigned char *run = p;
        while (*p >= 0x20 && *p != '"' && *p != '\\' && *p != 0x7F) {
            p++;
        }
        xs_buf_append(b, run, (size_t)(p - run));
        if (*p == 0) {
            break;
        }
        char esc[7] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 0xF], 0};
        switch (*p) {
        case '"':
            xs_buf_puts(b, "\\\"");
            break;
        case '\\':
            xs_buf_puts(b, "\\\\");
            break;
        case '\n':
            xs_buf_puts(b, "\\n");
            break;
        case '\t':
            xs_buf_puts(b, "\\t");
            break;
        default:
            xs_buf_puts(b, esc);
        }
        p++;
    }
    xs_buf_putc(b, '"');
}

static void json_key(xs_writer *w, const char *key)
{
    json_writer *j = (json_writer *)w;
    json_before(j);
    json_escaped(&w->out, key);
    xs_buf_puts(&w->out, j->indent > 0 ? ": " : ":");
    j->after_key = true;
}

static void json_string(xs_writer *w, const char *value)
{
    json_before((json_writer *)w);
    json_escaped(&w->out, value);
}

static void json_integer(xs_writer *w, int64_t value)
{
    char digits[24];
    size_t n = sizeof(digits);
    uint64_t v = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
    do {
        digits[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    if (value < 0) {
        digits[--n] = '-';
    }
    json_before((json_writer *)w);
    xs_buf_append(&w->out, digits + n, sizeof(digits) - n);
}

static void json_boolean(xs_writer *w, bool value)
{
    json_before((json_writer *)w);
    xs_buf_puts(&w->out, value ? "true" : "false");
}

static void json_null(xs_writer *w)
{
    json_before((json_writer *)w);
    xs_buf_puts(&w->out, "null");
}

static void json_writer_init(json_writer *j, int indent)
{
    memset(j, 0, sizeof(*j));
    j->base = (xs_writer){json_map, json_array, json_end, json_key, json_string, json_integer,
                          json_boolean, json_null, {0}};
    xs_buf_init(&j->base.out);
    j->indent = indent;
}

/* CBOR: definite lengths throughout, so walkers announce every count. */
static void cbor_head(xs_writer *w, size_t (*encode)(uint64_t, unsigned char *, size_t),
                      uint64_t value)
{
    unsigned char bytes[9];
    size_t n = encode(value, bytes, sizeof(bytes));
    if (n == 0) {
        w->out.failed = true;
        return;
    }
    xs_buf_append(&w->out, bytes, n);
}

static size_t cbor_map_head(uint64_t n, unsigned char *b, size_t len)
{
    return cbor_encode_map_start((size_t)n, b, len);
}

static size_t cbor_array_head(uint64_t n, unsigned char *b, size_t len)
{
    return cbor_encode_array_start((size_t)n, b, len);
}

static size_t cbor_text_head(uint64_t n, unsigned char *b, size_t len)
{
    return cbor_encode_string_start((size_t)n, b, len);
}

static void cbor_w_map(xs_writer *w, size_t count)
{
    cbor_head(w, cbor_map_head, count);
}

static void cbor_w_array(xs_writer *w, size_t count)
{
    cbor_head(w, cbor_array_head, count);
}

static void cbor_w_end(xs_writer *w)
{
    (void)w;
}

static void cbor_w_text(xs_writer *w, const char *s)
{
    size_t len = strlen(s);
    cbor_head(w, cbor_text_head, len);
    xs_buf_append(&w->out, s, len);
}

static void cbor_w_integer(xs_writer *w, int64_t v)
{
    if (v >= 0) {
        cbor_head(w, cbor_encode_uint, (uint64_t)v);
    } else {
        cbor_head(w, cbor_encode_negint, (uint64_t)(-(v + 1)));
    }
}

static void cbor_w_simple(xs_writer *w, uint8_t byte)
{
    xs_buf_append(&w->out, &byte, 1);
}

static void cbor_w_boolean(xs_writer *w, bool v)
{
    cbor_w_simple(w, v ? 0xF5 : 0xF4);
}

static void cbor_w_null(xs_writer *w)
{
    cbor_w_simple(w, 0xF6);
}

static void cbor_writer_init(xs_writer *w)
{
    *w = (xs_writer){cbor_w_map,     cbor_w_array,   cbor_w_end,  cbor_w_text, cbor_w_text,
                     cbor_w_integer, cbor_w_boolean, cbor_w_null, {0}};
    xs_buf_init(&w->out);
}

static void put_str(xs_writer *w, const char *key, const char *value)
{
    w->key(w, key);
    if (value != NULL) {
        w->string(w, value);
    } else {
        w->null(w);
    }
}

static void put_int(xs_writer *w, const char *key, int64_t value)
{
    w->key(w, key);
    w->integer(w, value);
}

static void put_bool(xs_writer *w, const char *key, bool value)
{
    w->key(w, key);
    w->boolean(w, value);
}

static void put_time(xs_writer *w, const char *key, int64_t t)
{
    char text[21];
    xs_rfc3339(t, text);
    put_str(w, key, text);
}

/* finish_buf hands a writer's buffer to the caller (xs_free). */
static xs_status finish_buf(xs_buf *b, uint8_t **out, size_t *out_len)
{
    return xs_buf_finish(b, out, out_len);
}

/* ------------------------------------------------------------------------ */
/* The synthetic leaf, written as DER                                        */

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

/* leaf_time is at + delta, kept within what a GeneralizedTime can say
 * (years 0000 to 9999), so that any audit time gives a stand-in leaf. */
static int64_t leaf_time(int64_t at, int64_t delta)
{
    const int64_t earliest = INT64_C(-62167219200), latest = INT64_C(253402300799);
    int64_t t = at < earliest ? earliest : at > latest ? latest : at;
    t += delta;
    return t < earliest ? earliest : t > latest ? latest : t;
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

xs_status xs_audit_synthetic_leaf(X509 *issuer, int64_t at, X509 **out, char *err, size_t err_len)
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

/* ------------------------------------------------------------------------ */
/* Hash maps: pointers, pairs of pointers, fingerprints                      */

typedef struct {
    const void *a, *b; /* key: a pointer, or a pair; NULL a: empty slot */
    void *value;
} map_slot;

typedef struct {
    map_slot *slots;
    size_t cap; /* a power of two, or 0 */
    size_t count;
} ptr_map;

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= UINT64_C(0xff51afd7ed558ccd);
    x ^= x >> 33;
    x *= UINT64_C(0xc4ceb9fe1a85ec53);
    x ^= x >> 33;
    return x;
}

static size_t slot_of(const ptr_map *m, const void *a, const void *b)
{
    uint64_t h = mix64((uint64_t)(uintptr_t)a ^ mix64((uint64_t)(uintptr_t)b));
    return (size_t)h & (m->cap - 1);
}

static map_slot *map_find(const ptr_map *m, const void *a, const void *b)
{
    if (m->cap == 0) {
        return NULL;
    }
    for (size_t i = slot_of(m, a, b);; i = (i + 1) & (m->cap - 1)) {
        map_slot *s = &m->slots[i];
        if (s->a == NULL) {
            return NULL;
        }
        if (s->a == a && s->b == b) {
            return s;
        }
    }
}

static bool map_put(ptr_map *m, const void *a, const void *b, void *value);

static bool map_grow(ptr_map *m)
{
    ptr_map bigger = {calloc(m->cap ? m->cap * 2 : 64, sizeof(map_slot)), m->cap ? m->cap * 2 : 64,
                      0};
    if (bigger.slots == NULL) {
        return false;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (m->slots[i].a != NULL) {
            map_put(&bigger, m->slots[i].a, m->slots[i].b, m->slots[i].value);
        }
    }
    free(m->slots);
    *m = bigger;
    return true;
}

static bool map_put(ptr_map *m, const void *a, const void *b, void *value)
{
    if ((m->count + 1) * 2 > m->cap && !map_grow(m)) {
        return false;
    }
    size_t i = slot_of(m, a, b);
    while (m->slots[i].a != NULL && !(m->slots[i].a == a && m->slots[i].b == b)) {
        i = (i + 1) & (m->cap - 1);
    }
    if (m->slots[i].a == NULL) {
        m->count++;
    }
    m->slots[i] = (map_slot){a, b, value};
    return true;
}

static void map_cleanup(ptr_map *m)
{
    free(m->slots);
    memset(m, 0, sizeof(*m));
}

/* Fingerprints are keyed by their first 16 hex digits read as a number. */
static const void *sha_key(const char *sha256)
{
    uint64_t h = 0;
    for (int i = 0; i < 16 && sha256[i] != 0; i++) {
        char c = sha256[i];
        h = h * 16 + (uint64_t)(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return (const void *)(uintptr_t)(h | 1); /* never NULL */
}

/* ------------------------------------------------------------------------ */
/* What the auditor keeps of each certificate                                */

typedef struct lint_memo {
    const X509 *issuer;
    int depth;
    int chain_len;
    bool anchored;
    xs_findings findings;
    struct lint_memo *next;
} lint_memo;

typedef struct {
    X509 *x509;        /* a reference */
    xs_cert *cert;     /* a reference: the exact DER; NULL until needed for one not loaded by us */
    bool synthetic;    /* the stand-in leaf: never linted, never signature-checked */
    int model_state;   /* 0: not parsed; 1: parsed; -1: failed */
    xs_model model;
    bool described;
    xs_chain_entry desc;
    lint_memo *lints;
    int self_issued;   /* OpenSSL's "likely issued" by itself: 0 unknown, 1 yes, -1 no */
    bool times_known;  /* validity compared with times_at: */
    int64_t times_at;
    int not_before_cmp, not_after_cmp; /* X509_cmp_time's answers */
} cert_info;

static void cert_info_free(cert_info *ci)
{
    if (ci == NULL) {
        return;
    }
    for (lint_memo *l = ci->lints, *next; l != NULL; l = next) {
        next = l->next;
        xs_findings_cleanup(&l->findings);
        free(l);
    }
    if (ci->model_state == 1) {
        xs_model_cleanup(&ci->model);
    }
    xs_chain_entry_cleanup(&ci->desc);
    xs_cert_unref(ci->cert);
    X509_free(ci->x509);
    free(ci);
}

typedef struct {
    const X509 *subject, *issuer;
    bool ok;
} sig_result;

#define MAX_TRANSIENT 4
#define MAX_TRANSIENT_SIGS 32

struct xs_auditor {
    size_t npol;
    const xs_policy *policies[XS_AUDIT_MAX_POLICIES];
    xs_policy *python;        /* the builtin python-3.13 policy, for predictions */
    unsigned flags;
    /* OpenSSL runs: one per distinct set of parameters among the policies'
     * and their Python predictions' */
    xs_chain_params runs[MAX_RUNS];
    size_t nruns;
    size_t run_of[XS_AUDIT_MAX_POLICIES];
    size_t py_run_of[XS_AUDIT_MAX_POLICIES];
    /* the context intermediates and leaves are chained against */
    X509_STORE *store;
    STACK_OF(X509) *pool;
    /* caches kept for the auditor's life */
    ptr_map infos;            /* X509 * -> cert_info * */
    ptr_map by_sha;           /* fingerprint -> cert_info * of certificates we loaded */
    ptr_map sigs;             /* (subject, issuer) -> (void *)1 verified, (void *)2 failed */
    /* the record being judged */
    cert_info *transient[MAX_TRANSIENT];
    size_t ntransient;
    sig_result transient_sigs[MAX_TRANSIENT_SIGS];
    size_t ntransient_sigs;
};

/* persistent_info returns the cached entry for `x`, or NULL. */
static cert_info *persistent_info(const xs_auditor *a, const X509 *x)
{
    map_slot *s = map_find(&a->infos, x, NULL);
    return s != NULL ? s->value : NULL;
}

static cert_info *transient_info(const xs_auditor *a, const X509 *x)
{
    for (size_t i = 0; i < a->ntransient; i++) {
        if (a->transient[i]->x509 == x) {
            return a->transient[i];
        }
    }
    return NULL;
}

static cert_info *info_new(X509 *x, xs_cert *cert)
{
    cert_info *ci = calloc(1, sizeof(*ci));
    if (ci == NULL || !X509_up_ref(x)) {
        free(ci);
        return NULL;
    }
    ci->x509 = x;
    ci->cert = cert != NULL ? xs_cert_ref(cert) : NULL;
    return ci;
}

/* add_persistent caches `x` (with its loaded form `cert`, may be NULL) for
 * the auditor's life. */
static cert_info *add_persistent(xs_auditor *a, X509 *x, xs_cert *cert)
{
    cert_info *ci = persistent_info(a, x);
    if (ci != NULL) {
        return ci;
    }
    if ((ci = info_new(x, cert)) == NULL || !map_put(&a->infos, x, NULL, ci)) {
        cert_info_free(ci);
        return NULL;
    }
    if (cert != NULL && map_find(&a->by_sha, sha_key(cert->sha256), NULL) == NULL) {
        map_put(&a->by_sha, sha_key(cert->sha256), NULL, ci); /* a miss only costs a parse */
    }
    return ci;
}

static cert_info *add_transient(xs_auditor *a, X509 *x, xs_cert *cert, bool synthetic)
{
    if (a->ntransient == MAX_TRANSIENT) {
        return NULL;
    }
    cert_info *ci = info_new(x, cert);
    if (ci != NULL) {
        ci->synthetic = synthetic;
        a->transient[a->ntransient++] = ci;
    }
    return ci;
}

static void drop_transient(xs_auditor *a)
{
    for (size_t i = 0; i < a->ntransient; i++) {
        cert_info_free(a->transient[i]);
    }
    a->ntransient = 0;
    a->ntransient_sigs = 0;
}

/* info_of finds what the audit knows of a certificate of a built chain; a
 * certificate met for the first time (one OpenSSL found in a trust
 * directory) is cached for the auditor's life. */
static cert_info *info_of(xs_auditor *a, X509 *x)
{
    cert_info *ci = transient_info(a, x);
    return ci != NULL ? ci : add_persistent(a, x, NULL);
}

/* info_der makes sure ci->cert holds the certificate's DER: the bytes we
 * loaded, else OpenSSL's encoding. */
static bool info_der(cert_info *ci)
{
    if (ci->cert != NULL) {
        return true;
    }
    unsigned char *der = NULL;
    int len = i2d_X509(ci->x509, &der);
    xs_status st = len > 0 ? xs_cert_new(&ci->cert, der, (size_t)len, XS_LOAD_RAW, NULL, 0)
                           : XS_ERR_CRYPTO;
    OPENSSL_free(der);
    return st == XS_OK;
}

static const xs_model *info_model(cert_info *ci)
{
    if (ci->model_state == 0) {
        ci->model_state = -1;
        if (info_der(ci) &&
            xs_model_parse(&ci->model, ci->cert->der, ci->cert->der_len, false) == XS_OK) {
            ci->model_state = 1;
        }
    }
    return ci->model_state == 1 ? &ci->model : NULL;
}

/* time_text renders a model time as reports do ("" when unreadable). */
static char *time_text(const xs_time *t)
{
    char text[21] = "";
    if (t->present && (t->defects & (XS_TIME_BAD_SYNTAX | XS_TIME_BAD_CALENDAR)) == 0) {
        xs_rfc3339(t->seconds, text);
    }
    return xs_strdup(text);
}

/* describe_model describes a certificate as reports show it, from its
 * model (as verify.c and lint.c do): RFC 4514 names, SHA-256 of its DER,
 * RFC 3339 times. */
static bool describe_model(const xs_model *m, const char *sha256, xs_chain_entry *e)
{
    e->subject = xs_name_text(&m->subject);
    e->issuer = xs_name_text(&m->issuer);
    e->sha256 = xs_strdup(sha256);
    e->not_before = time_text(&m->not_before);
    e->not_after = time_text(&m->not_after);
    return e->subject && e->issuer && e->sha256 && e->not_before && e->not_after;
}

static const xs_chain_entry *info_desc(cert_info *ci)
{
    if (ci->described) {
        return &ci->desc;
    }
    const xs_model *m = info_model(ci);
    if (m == NULL || !describe_model(m, ci->cert->sha256, &ci->desc)) {
        xs_chain_entry_cleanup(&ci->desc);
        memset(&ci->desc, 0, sizeof(ci->desc));
        return NULL;
    }
    ci->described = true;
    return &ci->desc;
}

/* info_lint returns the findings of every check on the certificate as the
 * one at `depth` of a chain of `chain_len` below `issuer` (may be NULL),
 * whose top came from the trust store when `anchored`. */
static const xs_findings *info_lint(cert_info *ci, cert_info *issuer, int depth, int chain_len,
                                    bool anchored)
{
    const X509 *issuer_x = issuer != NULL ? issuer->x509 : NULL;
    for (lint_memo *l = ci->lints; l != NULL; l = l->next) {
        if (l->issuer == issuer_x && l->depth == depth && l->chain_len == chain_len &&
            l->anchored == anchored) {
            return &l->findings;
        }
    }
    const xs_model *m = info_model(ci);
    const xs_model *im = issuer != NULL ? info_model(issuer) : NULL;
    lint_memo *l = calloc(1, sizeof(*l));
    if (m == NULL || (issuer != NULL && im == NULL) || l == NULL) {
        free(l);
        return NULL;
    }
    l->issuer = issuer_x;
    l->depth = depth;
    l->chain_len = chain_len;
    l->anchored = anchored;
    xs_findings_init(&l->findings);
    xs_lint_model_in_chain(m, im, depth, chain_len, anchored, &l->findings);
    l->next = ci->lints;
    ci->lints = l;
    return l->findings.failed ? NULL : &l->findings;
}

/* ------------------------------------------------------------------------ */
/* Signatures and times: OpenSSL 3.0's internal_verify(), with a cache       */

static int sig_lookup(const xs_auditor *a, const X509 *subject, const X509 *issuer)
{
    for (size_t i = 0; i < a->ntransient_sigs; i++) {
        if (a->transient_sigs[i].subject == subject && a->transient_sigs[i].issuer == issuer) {
            return a->transient_sigs[i].ok ? 1 : 0;
        }
    }
    map_slot *s = map_find(&a->sigs, subject, issuer);
    return s == NULL ? -1 : s->value == (void *)1;
}

static void sig_store(xs_auditor *a, const X509 *subject, const X509 *issuer, bool ok)
{
    if (persistent_info(a, subject) != NULL && persistent_info(a, issuer) != NULL) {
        map_put(&a->sigs, subject, issuer, ok ? (void *)1 : (void *)2);
    } else if (a->ntransient_sigs < MAX_TRANSIENT_SIGS) {
        a->transient_sigs[a->ntransient_sigs++] = (sig_result){subject, issuer, ok};
    }
}

/* signature_ok is X509_verify(subject, key of issuer) > 0, remembered. */
static bool signature_ok(xs_auditor *a, X509 *subject, X509 *issuer, EVP_PKEY *key)
{
    if (a != NULL) {
        cert_info *ci = transient_info(a, subject);
        if (ci != NULL && ci->synthetic) {
            return false; /* the placeholder signature; the bridge ignores the failure */
        }
        int known = sig_lookup(a, subject, issuer);
        if (known >= 0) {
            return known == 1;
        }
    }
    bool ok = X509_verify(subject, key) > 0;
    if (!ok) {
        ERR_clear_error();
    }
    if (a != NULL) {
        sig_store(a, subject, issuer, ok);
    }
    return ok;
}

/* report_error tells the verify callback about `err` at `depth`, as OpenSSL
 * does; returns 0 when the callback says stop. */
static int report_error(X509_STORE_CTX *ctx, X509 *cert, int depth, int err)
{
    X509_STORE_CTX_set_error_depth(ctx, depth);
    X509_STORE_CTX_set_current_cert(ctx, cert);
    X509_STORE_CTX_set_error(ctx, err);
    return X509_STORE_CTX_get_verify_cb(ctx)(0, ctx);
}

/* OpenSSL's "likely issued" test of a certificate by itself (names, AKID
 * and signature algorithm; not key usage). X509_check_issued adds the key
 * usage test, whose only outcomes are these two codes. */
static bool likely_self_issued(xs_auditor *a, X509 *x)
{
    cert_info *ci = a != NULL ? info_of(a, x) : NULL;
    if (ci != NULL && ci->self_issued != 0) {
        return ci->self_issued > 0;
    }
    int r = X509_check_issued(x, x);
    bool yes = r == X509_V_OK || r == X509_V_ERR_KEYUSAGE_NO_CERTSIGN ||
               r == X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE;
    if (ci != NULL) {
        ci->self_issued = yes ? 1 : -1;
    }
    return yes;
}

/* signing_allowed: may `issuer`'s key usage sign `subject` (RFC 5280
 * 6.1.4 (n))? Returns OpenSSL's code. */
static int signing_allowed(X509 *issuer, X509 *subject)
{
    uint32_t ku = X509_get_key_usage(issuer);
    if (ku == UINT32_MAX) {
        return X509_V_OK; /* no keyUsage: anything goes */
    }
    if (X509_get_extension_flags(subject) & EXFLAG_PROXY) {
        return ku & KU_DIGITAL_SIGNATURE ? X509_V_OK : X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE;
    }
    return ku & KU_KEY_CERT_SIGN ? X509_V_OK : X509_V_ERR_KEYUSAGE_NO_CERTSIGN;
}

/* compare_times is X509_cmp_time on both ends of the validity, kept for
 * the last time asked when the auditor knows the certificate. */
static void compare_times(xs_auditor *a, X509 *x, time_t *ptime, int *nb, int *na)
{
    cert_info *ci = a != NULL && ptime != NULL ? info_of(a, x) : NULL;
    if (ci != NULL && ci->times_known && ci->times_at == (int64_t)*ptime) {
        *nb = ci->not_before_cmp;
        *na = ci->not_after_cmp;
        return;
    }
    *nb = X509_cmp_time(X509_get0_notBefore(x), ptime);
    *na = X509_cmp_time(X509_get0_notAfter(x), ptime);
    if (ci != NULL) {
        ci->times_known = true;
        ci->times_at = (int64_t)*ptime;
        ci->not_before_cmp = *nb;
        ci->not_after_cmp = *na;
    }
}

/* check_time reports the validity period's errors for `x` at `depth`. */
static int check_time(X509_STORE_CTX *ctx, xs_auditor *a, X509 *x, int depth)
{
    X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(ctx);
    unsigned long flags = X509_VERIFY_PARAM_get_flags(param);
    time_t when = 0;
    time_t *ptime = NULL;
    if (flags & X509_V_FLAG_USE_CHECK_TIME) {
        when = X509_VERIFY_PARAM_get_time(param);
        ptime = &when;
    } else if (flags & X509_V_FLAG_NO_CHECK_TIME) {
        return 1;
    }
    int i, after;
    compare_times(a, x, ptime, &i, &after);
    if (i == 0 && !report_error(ctx, x, depth, X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD)) {
        return 0;
    }
    if (i > 0 && !report_error(ctx, x, depth, X509_V_ERR_CERT_NOT_YET_VALID)) {
        return 0;
    }
    i = after;
    if (i == 0 && !report_error(ctx, x, depth, X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD)) {
        return 0;
    }
    if (i < 0 && !report_error(ctx, x, depth, X509_V_ERR_CERT_HAS_EXPIRED)) {
        return 0;
    }
    return 1;
}

/* check_signature checks `subject`'s signature by `issuer` (at depth n+1,
 * or n for a self-signed top): key usage, then the key, then the
 * signature. */
static int check_signature(X509_STORE_CTX *ctx, xs_auditor *a, X509 *subject, X509 *issuer,
                           int n)
{
    int issuer_depth = n + (subject == issuer ? 0 : 1);
    bool issuer_is_ca = (X509_get_extension_flags(issuer) & EXFLAG_CA) != 0;
    int ret = subject == issuer && !issuer_is_ca ? X509_V_OK : signing_allowed(issuer, subject);
    if (ret != X509_V_OK && !report_error(ctx, issuer, issuer_depth, ret)) {
        return 0;
    }
    EVP_PKEY *key = X509_get0_pubkey(issuer);
    if (key == NULL) {
        ERR_clear_error();
        return report_error(ctx, issuer, issuer_depth,
                            X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY);
    }
    if (!signature_ok(a, subject, issuer, key)) {
        return report_error(ctx, subject, n, X509_V_ERR_CERT_SIGNATURE_FAILURE);
    }
    return 1;
}

int xs_audit_verify(X509_STORE_CTX *ctx)
{
    xs_auditor *a = X509_STORE_get_ex_data(X509_STORE_CTX_get0_store(ctx), 0);
    STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(ctx);
    unsigned long flags = X509_VERIFY_PARAM_get_flags(X509_STORE_CTX_get0_param(ctx));
    int n = sk_X509_num(chain) - 1;
    X509 *issuer = sk_X509_value(chain, n);
    X509 *subject = issuer;
    X509_STORE_CTX_set_error_depth(ctx, n);
    /* The top certificate is checked against itself only when it is
     * self-issued; with a partial chain, a trusted top needs no issuer. */
    if (!likely_self_issued(a, issuer) && (flags & X509_V_FLAG_PARTIAL_CHAIN) == 0) {
        if (n > 0) {
            n--;
            X509_STORE_CTX_set_error_depth(ctx, n);
            subject = sk_X509_value(chain, n);
        } else if (!report_error(ctx, issuer, 0, X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE)) {
            return 0;
        }
    }
    while (n >= 0) {
        bool self_check = (flags & X509_V_FLAG_CHECK_SS_SIGNATURE) != 0 &&
                          (X509_get_extension_flags(issuer) & EXFLAG_SS) != 0;
        if ((subject != issuer || self_check) && !check_signature(ctx, a, subject, issuer, n)) {
            return 0;
        }
        if (!check_time(ctx, a, subject, n)) {
            return 0;
        }
        X509_STORE_CTX_set_current_cert(ctx, subject);
        X509_STORE_CTX_set_error_depth(ctx, n);
        if (!X509_STORE_CTX_get_verify_cb(ctx)(1, ctx)) {
            return 0;
        }
        if (--n >= 0) {
            issuer = subject;
            subject = sk_X509_value(chain, n);
        }
    }
    return 1;
}

/* ------------------------------------------------------------------------ */
/* The auditor                                                               */

static bool same_params(const xs_chain_params *x, const xs_chain_params *y)
{
    return x->flags == y->flags && x->purpose == y->purpose && x->max_depth == y->max_depth &&
           x->auth_level == y->auth_level;
}

static size_t run_for(xs_auditor *a, const xs_chain_params *p)
{
    for (size_t r = 0; r < a->nruns; r++) {
        if (same_params(&a->runs[r], p)) {
            return r;
        }
    }
    a->runs[a->nruns] = *p;
    return a->nruns++;
}

/* install makes `store` run the audit's signature step with `a`'s caches. */
static bool install(X509_STORE *store, xs_auditor *a)
{
    X509_STORE_set_verify(store, xs_audit_verify);
    return X509_STORE_set_ex_data(store, 0, a) == 1;
}

xs_status xs_auditor_new(xs_auditor **out, const xs_policy *const *policies, size_t count,
                         unsigned flags, char *err, size_t err_len)
{
    if (out == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    *out = NULL;
    if (policies == NULL || count == 0 || count > XS_AUDIT_MAX_POLICIES) {
        return xs_set_err(XS_ERR_INVALID_ARG, err, err_len, "an audit takes 1 to %d policies",
                          XS_AUDIT_MAX_POLICIES);
    }
    for (size_t i = 0; i < count; i++) {
        if (policies[i] == NULL) {
            return XS_ERR_INVALID_ARG;
        }
        for (size_t j = 0; j < i; j++) {
            if (strcmp(policies[i]->name, policies[j]->name) == 0) {
                return xs_set_err(XS_ERR_INVALID_ARG, err, err_len, "policy '%s' given twice",
                                  policies[i]->name);
            }
        }
    }
    xs_auditor *a = calloc(1, sizeof(*a));
    if (a == NULL) {
        return XS_ERR_NOMEM;
    }
    xs_status st = xs_policy_builtin(&a->python, "python-3.13", err, err_len);
    if (st == XS_OK && ((a->store = X509_STORE_new()) == NULL ||
                        (a->pool = sk_X509_new_null()) == NULL || !install(a->store, a))) {
        st = XS_ERR_NOMEM;
    }
    if (st != XS_OK) {
        xs_auditor_free(a);
        return st;
    }
    a->npol = count;
    a->flags = flags;
    for (size_t p = 0; p < count; p++) {
        xs_chain_params params, py;
        a->policies[p] = policies[p];
        xs_chain_params_from_policy(&params, policies[p]);
        /* Python's prediction, as verify.c makes it: 3.13's flags, and the
         * client purpose only for a server verifying a client */
        xs_chain_params_from_policy(&py, a->python);
        py.purpose = params.purpose == XS_PURPOSE_CLIENT_AUTH ? XS_PURPOSE_CLIENT_AUTH
                                                             : XS_PURPOSE_SERVER_AUTH;
        a->run_of[p] = run_for(a, &params);
        a->py_run_of[p] = run_for(a, &py);
    }
    *out = a;
    return XS_OK;
}

void xs_auditor_free(xs_auditor *a)
{
    if (a == NULL) {
        return;
    }
    drop_transient(a);
    for (size_t i = 0; i < a->infos.cap; i++) {
        if (a->infos.slots[i].a != NULL) {
            cert_info_free(a->infos.slots[i].value);
        }
    }
    map_cleanup(&a->infos);
    map_cleanup(&a->by_sha);
    map_cleanup(&a->sigs);
    sk_X509_pop_free(a->pool, X509_free);
    X509_STORE_free(a->store);
    xs_policy_free(a->python);
    free(a);
}

size_t xs_auditor_policy_count(const xs_auditor *a)
{
    return a != NULL ? a->npol : 0;
}

const char *xs_auditor_policy_name(const xs_auditor *a, size_t p)
{
    return a != NULL && p < a->npol ? a->policies[p]->name : NULL;
}

int xs_auditor_policy_index(const xs_auditor *a, const char *name)
{
    for (size_t p = 0; a != NULL && name != NULL && p < a->npol; p++) {
        if (strcmp(a->policies[p]->name, name) == 0) {
            return (int)p;
        }
    }
    return -1;
}

static bool is_self_issued(X509 *x)
{
    return (X509_get_extension_flags(x) & EXFLAG_SI) != 0;
}

/* add_context_cert puts a CA into the chaining context: a self-issued one
 * as a trust anchor, any other into the untrusted pool. */
static xs_status add_context_cert(xs_auditor *a, xs_cert *cert, bool trusted)
{
    X509 *x = cert->x509;
    if (x == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    map_slot *same = map_find(&a->by_sha, sha_key(cert->sha256), NULL);
    const cert_info *known = same != NULL ? same->value : NULL;
    if (persistent_info(a, x) != NULL ||
        (known != NULL && known->cert != NULL && strcmp(known->cert->sha256, cert->sha256) == 0)) {
        return XS_OK; /* met before */
    }
    if (trusted) {
        if (!X509_STORE_add_cert(a->store, x)) {
            ERR_clear_error();
            return XS_ERR_CRYPTO;
        }
    } else {
        if ((size_t)sk_X509_num(a->pool) + 1 >= XS_MAX_UNTRUSTED) {
            return XS_ERR_LIMIT;
        }
        if (!X509_up_ref(x)) {
            return XS_ERR_CRYPTO;
        }
        if (!sk_X509_push(a->pool, x)) {
            X509_free(x);
            return XS_ERR_NOMEM;
        }
    }
    return add_persistent(a, x, cert) != NULL ? XS_OK : XS_ERR_NOMEM;
}

xs_status xs_auditor_add_trust(xs_auditor *a, const xs_certs *anchors)
{
    if (a == NULL || anchors == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    for (size_t i = 0; i < anchors->count; i++) {
        xs_status st = add_context_cert(a, anchors->items[i], true);
        if (st != XS_OK) {
            return st;
        }
    }
    return XS_OK;
}

xs_status xs_auditor_add_untrusted(xs_auditor *a, const xs_certs *pool)
{
    if (a == NULL || pool == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    for (size_t i = 0; i < pool->count; i++) {
        xs_status st = add_context_cert(a, pool->items[i], false);
        if (st != XS_OK) {
            return st;
        }
    }
    return XS_OK;
}

/* use_default_trust: the system store as OpenSSL's default file gives it,
 * loaded once; only when that file holds nothing, OpenSSL's default
 * directories, searched at each lookup (a stream of leaves whose issuers
 * are not there would otherwise cost a directory search per leaf). */
xs_status xs_auditor_use_default_trust(xs_auditor *a)
{
    if (a == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    char file[4096], dirs[4096];
    xs_audit_default_store(file, sizeof(file), dirs, sizeof(dirs));
    int before = sk_X509_OBJECT_num(X509_STORE_get0_objects(a->store));
    int ok = X509_STORE_load_file(a->store, file);
    if (!ok || sk_X509_OBJECT_num(X509_STORE_get0_objects(a->store)) == before) {
        ok = X509_STORE_set_default_paths(a->store);
    }
    ERR_clear_error(); /* a missing default file or directory is not fatal */
    return ok ? XS_OK : XS_ERR_CRYPTO;
}

/* may_be_ca reads just enough of a certificate's DER to say whether OpenSSL
 * could take it for a CA (X509_check_ca), or build a chain through it:
 * basicConstraints with cA, or, without basicConstraints, a keyUsage, a
 * Netscape certificate type, or version 1. Unreadable DER is not a CA. */
static bool may_be_ca(const uint8_t *der, size_t len)
{
    static const uint8_t ns_cert_type[] = {0x60, 0x86, 0x48, 0x01, 0x86, 0xf8, 0x42, 0x01, 0x01};
    xs_der cur, cert, tbs, exts, list, ext, oid, value, bc;
    uint64_t version = 0;
    xs_der_init(&cur, der, len, NULL);
    if (!xs_der_get(&cur, XS_TAG_SEQUENCE, &cert) || !xs_der_get(&cert, XS_TAG_SEQUENCE, &tbs)) {
        return false;
    }
    xs_der v;
    if (xs_der_get(&tbs, XS_TAG_CTX_CONSTRUCTED(0), &v) && !xs_der_get_uint64(&v, &version)) {
        return false;
    }
    for (int field = 0; field < 5; field++) { /* serial .. subject */
        if (!xs_der_skip(&tbs)) {
            return false;
        }
    }
    bool has_bc = false, ca = false, hint = false;
    while (!xs_der_at_end(&tbs)) {
        if (!xs_der_get(&tbs, XS_TAG_CTX_CONSTRUCTED(3), &exts)) {
            if (!xs_der_skip(&tbs)) {
                break;
            }
            continue;
        }
        if (!xs_der_get(&exts, XS_TAG_SEQUENCE, &list)) {
            break;
        }
        while (xs_der_get(&list, XS_TAG_SEQUENCE, &ext)) {
            bool critical;
            if (!xs_der_get_oid(&ext, &oid)) {
                break;
            }
            if (xs_der_peek_tag(&ext) == XS_TAG_BOOLEAN) {
                xs_der_get_bool(&ext, &critical);
            }
            if (!xs_der_get_octet_string(&ext, &value)) {
                break;
            }
            if (xs_der_oid_is(&oid, oid_bc, sizeof(oid_bc))) {
                has_bc = true;
                if (xs_der_get(&value, XS_TAG_SEQUENCE, &bc) &&
                    xs_der_peek_tag(&bc) == XS_TAG_BOOLEAN) {
                    xs_der_get_bool(&bc, &ca);
                }
            } else if (xs_der_oid_is(&oid, oid_ku, sizeof(oid_ku)) ||
                       xs_der_oid_is(&oid, ns_cert_type, sizeof(ns_cert_type))) {
                hint = true;
            }
        }
    }
    if (has_bc) {
        return ca;
    }
    return hint || version == 0;
}

static xs_status load_member(const xs_auditor *a, const uint8_t *der, size_t len, unsigned flags,
                             xs_cert **out, char *err, size_t err_len);

xs_status xs_auditor_add_store_member(xs_auditor *a, const uint8_t *der, size_t der_len,
                                      unsigned flags, bool *added)
{
    if (added != NULL) {
        *added = false;
    }
    if (a == NULL || der == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    if ((a->flags & XS_AUDIT_LINT_ONLY) || !may_be_ca(der, der_len)) {
        return XS_OK;
    }
    xs_cert *cert = NULL;
    if (load_member(a, der, der_len, flags, &cert, NULL, 0) != XS_OK) {
        return XS_OK; /* not for OpenSSL: its own record says so */
    }
    xs_status st = XS_OK;
    /* a v1 certificate cannot say it is a CA, and OpenSSL builds chains
     * through v1 intermediates (and then judges them) */
    bool ca = X509_check_ca(cert->x509) != 0;
    bool v1 = X509_get_version(cert->x509) == X509_VERSION_1;
    if (ca || v1) {
        st = add_context_cert(a, cert, ca && is_self_issued(cert->x509));
        if (st == XS_ERR_LIMIT && !ca) {
            st = XS_OK; /* a v1 certificate only might be an issuer: no room, no harm */
        } else if (st == XS_OK && added != NULL) {
            *added = true;
        }
    }
    xs_cert_unref(cert);
    return st;
}

/* ------------------------------------------------------------------------ */
/* Records                                                                   */

struct xs_audit_record {
    size_t npol;
    const char *policy_names[XS_AUDIT_MAX_POLICIES]; /* borrowed from the policies */
    bool lint_only;
    xs_audit_role role;
    xs_validity validity;
    char sha256[65];
    char *subject;
    char *issuer;
    char *not_before; /* RFC 3339, or "" */
    char *not_after;
    char *error;      /* why it was not read or judged, or NULL */
    char *source;
    char *key;
    uint64_t position, offset, line;
    int64_t at;
    int64_t valid_at; /* INT64_MIN: no second judgment */
    xs_report *reports[XS_AUDIT_MAX_POLICIES];
    xs_report *valid_reports[XS_AUDIT_MAX_POLICIES];
};

static xs_audit_record *record_new(const xs_auditor *a, const xs_audit_origin *origin, int64_t at)
{
    xs_audit_record *r = calloc(1, sizeof(*r));
    if (r == NULL) {
        return NULL;
    }
    r->npol = a->npol;
    for (size_t p = 0; p < a->npol; p++) {
        r->policy_names[p] = a->policies[p]->name;
    }
    r->lint_only = (a->flags & XS_AUDIT_LINT_ONLY) != 0;
    r->validity = XS_VALIDITY_UNKNOWN;
    r->at = at;
    r->valid_at = INT64_MIN;
    bool ok = true;
    if (origin != NULL) {
        r->position = origin->position;
        r->offset = origin->offset;
        r->line = origin->line;
        ok = (origin->source == NULL || (r->source = xs_strdup(origin->source)) != NULL) &&
             (origin->key == NULL || (r->key = xs_strdup(origin->key)) != NULL);
    }
    if (!ok) {
        xs_audit_record_free(r);
        return NULL;
    }
    return r;
}

void xs_audit_record_free(xs_audit_record *r)
{
    if (r == NULL) {
        return;
    }
    for (size_t p = 0; p < r->npol; p++) {
        xs_report_free(r->reports[p]);
        xs_report_free(r->valid_reports[p]);
    }
    free(r->subject);
    free(r->issuer);
    free(r->not_before);
    free(r->not_after);
    free(r->error);
    free(r->source);
    free(r->key);
    free(r);
}

static bool set_text(char **slot, const char *text)
{
    free(*slot);
    *slot = xs_strdup(text != NULL ? text : "");
    return *slot != NULL;
}

static bool set_error(xs_audit_record *r, const char *prefix, const char *detail)
{
    char text[600];
    snprintf(text, sizeof(text), "%s%s", prefix, detail);
    return set_text(&r->error, text);
}

int64_t xs_audit_in_validity(int64_t not_before, int64_t not_after, int64_t at)
{
    if (not_before > not_after) {
        return INT64_MIN;
    }
    if (at > not_after) {
        return not_after - 60 >= not_before ? not_after - 60 : not_before;
    }
    if (at < not_before) {
        return not_before + 60 <= not_after ? not_before + 60 : not_after;
    }
    return at;
}

static bool model_seconds(const xs_time *t, int64_t *out)
{
    if (!t->present || (t->defects & (XS_TIME_BAD_SYNTAX | XS_TIME_BAD_CALENDAR)) != 0) {
        return false;
    }
    *out = t->seconds;
    return true;
}

/* set_validity classifies the certificate at `at` from its model's times
 * and, when it lies outside them, picks the instant of the second
 * judgment. */
static void set_validity(xs_audit_record *r, const xs_model *m)
{
    int64_t nb, na;
    if (m == NULL || !model_seconds(&m->not_before, &nb) || !model_seconds(&m->not_after, &na)) {
        r->validity = XS_VALIDITY_UNKNOWN;
        return;
    }
    r->validity = r->at > na   ? XS_VALIDITY_EXPIRED
                  : r->at < nb ? XS_VALIDITY_NOT_YET_VALID
                               : XS_VALIDITY_CURRENT;
    if (r->validity != XS_VALIDITY_CURRENT) {
        r->valid_at = xs_audit_in_validity(nb, na, r->at);
    }
}

static bool describe_record(xs_audit_record *r, const xs_chain_entry *e)
{
    snprintf(r->sha256, sizeof(r->sha256), "%s", e->sha256);
    return set_text(&r->subject, e->subject) && set_text(&r->issuer, e->issuer) &&
           set_text(&r->not_before, e->not_before) && set_text(&r->not_after, e->not_after);
}

/* ------------------------------------------------------------------------ */
/* Judging: chains                                                           */

typedef struct {
    X509_STORE *store;
    STACK_OF(X509) *peer;      /* what the peer sends, leaf first */
    STACK_OF(X509) *untrusted; /* the peer's certificates, then the pool */
    X509 *leaf;
    bool synthetic;
    xs_chain_result runs[MAX_RUNS];
    xs_findings own[MAX_RUNS];
    bool linted[MAX_RUNS];
} judgment;

static void judgment_cleanup(judgment *j, X509_STORE *context_store)
{
    for (size_t r = 0; r < MAX_RUNS; r++) {
        xs_chain_result_cleanup(&j->runs[r]);
        xs_findings_cleanup(&j->own[r]);
    }
    if (j->store != context_store) {
        X509_STORE_free(j->store);
    }
    sk_X509_free(j->peer);
    sk_X509_free(j->untrusted);
}

/* lint_run runs every rule family on the chain run `r` built, each
 * certificate with its depth and issuer, from the caches. */
static xs_status lint_run(xs_auditor *a, judgment *j, size_t r)
{
    if (j->linted[r]) {
        return XS_OK;
    }
    STACK_OF(X509) *built = j->runs[r].chain;
    int n = sk_X509_num(built);
    bool anchored = j->runs[r].num_untrusted < n;
    for (int i = j->synthetic ? 1 : 0; i < n; i++) {
        cert_info *ci = info_of(a, sk_X509_value(built, i));
        cert_info *issuer = i + 1 < n ? info_of(a, sk_X509_value(built, i + 1)) : NULL;
        const xs_findings *f = ci != NULL && (i + 1 >= n || issuer != NULL)
                                   ? info_lint(ci, issuer, i, n, anchored)
                                   : NULL;
        if (f == NULL) {
            return XS_ERR_NOMEM;
        }
        for (size_t k = 0; k < f->count; k++) {
            const xs_raw_finding *x = &f->items[k];
            xs_finding_in in = {x->rule, x->depth, x->detail, x->source, x->offset, x->path,
                                x->predates};
            xs_findings_add_raw(&j->own[r], &in);
        }
    }
    j->linted[r] = true;
    return j->own[r].failed ? XS_ERR_NOMEM : XS_OK;
}

static bool in_stack(STACK_OF(X509) *sk, const X509 *x)
{
    for (int i = 0; i < sk_X509_num(sk); i++) {
        if (sk_X509_value(sk, i) == x) {
            return true;
        }
    }
    return false;
}

static xs_status build_policy_report(xs_auditor *a, judgment *j, size_t p, int64_t t,
                                     xs_report **out)
{
    size_t r = a->run_of[p];
    const xs_chain_result *run = &j->runs[r];
    xs_status st = lint_run(a, j, r);
    size_t n = (size_t)sk_X509_num(run->chain);
    xs_chain_entry *entries = calloc(n ? n : 1, sizeof(*entries));
    if (st != XS_OK || entries == NULL) {
        free(entries);
        return XS_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        X509 *x = sk_X509_value(run->chain, (int)i);
        cert_info *ci = info_of(a, x);
        const xs_chain_entry *d = ci != NULL ? info_desc(ci) : NULL;
        if (d == NULL) {
            free(entries);
            return XS_ERR_NOMEM;
        }
        entries[i] = *d;
        entries[i].origin = (int)i >= run->num_untrusted ? "trust"
                            : in_stack(j->peer, x)       ? "peer"
                                                         : "untrusted";
    }
    xs_chain_params params = a->runs[r];
    xs_report_input in = {
        .command = "verify",
        .policy = a->policies[p],
        .purpose = params.purpose,
        .host = NULL,
        .at = t,
        .synthetic_leaf = j->synthetic,
        .openssl_ran = true,
        .chain = entries,
        .chain_len = n,
        .openssl = &run->findings,
        .own = &j->own[r],
        .first_openssl_code = run->first_code,
        .python_code = j->runs[a->py_run_of[p]].first_code,
    };
    st = xs_report_build(out, &in);
    free(entries); /* the descriptions belong to the caches */
    return st;
}

/* judge_chain judges `ci` (the certificate of the record, in its `role`)
 * at `t` under every policy, into reports[]. */
static xs_status judge_chain(xs_auditor *a, cert_info *ci, xs_audit_role role, int64_t t,
                             xs_report **reports, char *err, size_t err_len)
{
    judgment j;
    memset(&j, 0, sizeof(j));
    for (size_t r = 0; r < MAX_RUNS; r++) {
        xs_chain_result_init(&j.runs[r]);
        xs_findings_init(&j.own[r]);
    }
    xs_status st = XS_OK;
    j.synthetic = role != XS_AUDIT_LEAF;
    j.leaf = ci->x509;
    if (j.synthetic) {
        X509 *leaf = NULL;
        st = xs_audit_synthetic_leaf(ci->x509, t, &leaf, err, err_len);
        if (st == XS_OK && add_transient(a, leaf, NULL, true) == NULL) {
            st = XS_ERR_NOMEM;
        }
        X509_free(leaf); /* the transient entry holds it */
        j.leaf = leaf;
    }
    j.store = a->store;
    if (st == XS_OK && role == XS_AUDIT_ANCHOR) {
        /* the anchor, and nothing else, is trusted */
        if ((j.store = X509_STORE_new()) == NULL || !install(j.store, a) ||
            !X509_STORE_add_cert(j.store, ci->x509)) {
            st = XS_ERR_NOMEM;
        }
    }
    j.peer = sk_X509_new_null();
    j.untrusted = sk_X509_new_null();
    if (st == XS_OK && (j.peer == NULL || j.untrusted == NULL || !sk_X509_push(j.peer, j.leaf) ||
                        (role == XS_AUDIT_INTERMEDIATE && !sk_X509_push(j.peer, ci->x509)))) {
        st = XS_ERR_NOMEM;
    }
    for (int i = 0; st == XS_OK && i < sk_X509_num(j.peer); i++) {
        st = sk_X509_push(j.untrusted, sk_X509_value(j.peer, i)) ? XS_OK : XS_ERR_NOMEM;
    }
    for (int i = 0; st == XS_OK && role != XS_AUDIT_ANCHOR && i < sk_X509_num(a->pool); i++) {
        st = sk_X509_push(j.untrusted, sk_X509_value(a->pool, i)) ? XS_OK : XS_ERR_NOMEM;
    }
    for (size_t r = 0; st == XS_OK && r < a->nruns; r++) {
        xs_chain_params params = a->runs[r];
        params.leaf_is_synthetic = j.synthetic;
        params.host = NULL;
        st = xs_chain_verify(j.store, j.untrusted, j.leaf, &params, t, &j.runs[r]);
    }
    for (size_t p = 0; st == XS_OK && p < a->npol; p++) {
        st = build_policy_report(a, &j, p, t, &reports[p]);
    }
    judgment_cleanup(&j, a->store);
    ERR_clear_error();
    return st;
}

static xs_audit_role role_of(X509 *x)
{
    if (X509_check_ca(x) == 0) {
        return XS_AUDIT_LEAF;
    }
    return is_self_issued(x) ? XS_AUDIT_ANCHOR : XS_AUDIT_INTERMEDIATE;
}

/* judge_parsed judges a certificate OpenSSL could parse: at the audit's
 * time, then inside its validity when it lies outside it. */
static xs_status judge_parsed(xs_auditor *a, xs_audit_record *r, xs_cert *cert)
{
    /* a certificate of the context is judged from its cached entry */
    map_slot *known = map_find(&a->by_sha, sha_key(cert->sha256), NULL);
    cert_info *cached = known != NULL ? known->value : NULL;
    cert_info *ci = NULL;
    if (cached != NULL && cached->cert != NULL && strcmp(cached->cert->sha256, cert->sha256) == 0) {
        ci = cached;
    } else if ((ci = add_transient(a, cert->x509, cert, false)) == NULL) {
        return XS_ERR_NOMEM;
    }
    const xs_chain_entry *desc = info_desc(ci);
    if (desc == NULL || !describe_record(r, desc)) {
        return XS_ERR_NOMEM;
    }
    set_validity(r, info_model(ci));
    r->role = role_of(ci->x509);
    char err[256] = "";
    xs_status st = judge_chain(a, ci, r->role, r->at, r->reports, err, sizeof(err));
    if (st == XS_OK && r->valid_at != INT64_MIN) {
        st = judge_chain(a, ci, r->role, r->valid_at, r->valid_reports, err, sizeof(err));
    }
    if (st == XS_ERR_INVALID_ARG || st == XS_ERR_PARSE) {
        /* no stand-in leaf for its key: the record says why, unjudged */
        for (size_t p = 0; p < r->npol; p++) {
            xs_report_free(r->reports[p]);
            xs_report_free(r->valid_reports[p]);
            r->reports[p] = r->valid_reports[p] = NULL;
        }
        r->valid_at = INT64_MIN;
        return set_error(r, "not judged: ", err) ? XS_OK : XS_ERR_NOMEM;
    }
    return st;
}

/* ------------------------------------------------------------------------ */
/* Judging: lint only, and what OpenSSL cannot parse                         */

static xs_status judge_lint(xs_auditor *a, xs_audit_record *r, xs_cert *cert)
{
    xs_model m;
    xs_status st = xs_model_parse(&m, cert->der, cert->der_len, false);
    if (st != XS_OK) {
        return st;
    }
    xs_findings own;
    xs_findings_init(&own);
    xs_lint_model(&m, NULL, 0, 0, &own);
    xs_chain_entry e = {0};
    e.origin = "input";
    if (!describe_model(&m, cert->sha256, &e) || !describe_record(r, &e)) {
        st = XS_ERR_NOMEM;
    }
    set_validity(r, &m);
    r->valid_at = INT64_MIN; /* rules do not depend on the time */
    if (r->role != XS_AUDIT_UNPARSED) {
        bool ca = m.bc.present ? m.bc.ca : m.version == 0 && xs_model_is_self_issued(&m);
        r->role = !ca ? XS_AUDIT_LEAF
                  : xs_model_is_self_issued(&m) ? XS_AUDIT_ANCHOR
                                                : XS_AUDIT_INTERMEDIATE;
    }
    for (size_t p = 0; st == XS_OK && p < a->npol; p++) {
        xs_report_input in = {
            .command = "lint",
            .policy = a->policies[p],
            .purpose = a->policies[p]->purpose,
            .at = r->at,
            .openssl_ran = false,
            .chain = &e,
            .chain_len = 1,
            .own = &own,
            .python_code = -1,
        };
        st = xs_report_build(&r->reports[p], &in);
    }
    xs_chain_entry_cleanup(&e);
    xs_findings_cleanup(&own);
    xs_model_cleanup(&m);
    return st;
}

static xs_status judge_cert(xs_auditor *a, xs_audit_record *r, xs_cert *cert)
{
    xs_status st;
    if (a->flags & XS_AUDIT_LINT_ONLY) {
        st = judge_lint(a, r, cert);
    } else {
        st = judge_parsed(a, r, cert);
    }
    drop_transient(a);
    return st;
}

/* load_member makes the certificate of one member's DER: OpenSSL's parse
 * unless the audit lints only; with `aux`, OpenSSL's trust settings that
 * follow it. */
static xs_status load_member(const xs_auditor *a, const uint8_t *der, size_t len, unsigned flags,
                             xs_cert **out, char *err, size_t err_len)
{
    xs_der cur, whole;
    xs_der_init(&cur, der, len, NULL);
    uint8_t tag = 0;
    bool raw = (a->flags & XS_AUDIT_LINT_ONLY) != 0;
    if (!xs_der_get_any(&cur, &tag, NULL, &whole) || tag != XS_TAG_SEQUENCE) {
        if (!raw || len == 0 || der[0] != XS_TAG_SEQUENCE) {
            return xs_set_err(XS_ERR_PARSE, err, err_len,
                              "not a DER certificate (bad outer SEQUENCE)");
        }
        /* a lint still reports what it can of a certificate cut short */
        xs_der_init(&whole, der, len, NULL);
        xs_der_skip_bytes(&cur, cur.len);
    }
    bool aux = (flags & XS_AUDIT_TRUSTED_AUX) != 0;
    if (!aux && !xs_der_at_end(&cur)) {
        return xs_set_err(XS_ERR_PARSE, err, err_len, "%zu bytes after the certificate", cur.len);
    }
    /* the bytes and their fingerprint; OpenSSL's parse is made here, without
     * the printed names xs_cert_new would add (reports print the model's) */
    xs_status st = xs_cert_new(out, whole.p, whole.len, XS_LOAD_RAW, err, err_len);
    if (st == XS_OK && !raw && !aux) {
        const unsigned char *p = (*out)->der;
        (*out)->x509 = d2i_X509(NULL, &p, (long)(*out)->der_len);
        if ((*out)->x509 == NULL || (size_t)(p - (*out)->der) != (*out)->der_len) {
            xs_cert_unref(*out);
            *out = NULL;
            st = xs_set_err(XS_ERR_PARSE, err, err_len, "not a certificate OpenSSL can parse");
        }
    }
    if (st == XS_OK && aux && !raw) {
        const unsigned char *p = der;
        X509 *with_aux = d2i_X509_AUX(NULL, &p, (long)len);
        if (with_aux == NULL) {
            xs_cert_unref(*out);
            *out = NULL;
            st = xs_set_err(XS_ERR_PARSE, err, err_len,
                            "not a certificate OpenSSL can parse, or malformed trust settings");
        } else {
            (*out)->x509 = with_aux;
        }
    }
    ERR_clear_error();
    return st;
}

xs_status xs_audit_judge(xs_auditor *a, xs_audit_record **out, const uint8_t *der, size_t der_len,
                         unsigned flags, const xs_audit_origin *origin, int64_t at)
{
    if (out != NULL) {
        *out = NULL;
    }
    if (a == NULL || out == NULL || (der == NULL && der_len > 0)) {
        return XS_ERR_INVALID_ARG;
    }
    char err[256] = "";
    xs_cert *cert = NULL;
    xs_status st = load_member(a, der, der_len, flags, &cert, err, sizeof(err));
    if (st == XS_ERR_NOMEM) {
        return st;
    }
    if (st != XS_OK && (a->flags & XS_AUDIT_LINT_ONLY) == 0 && der_len > 0 && der[0] == 0x30) {
        /* OpenSSL cannot parse it: lint what the bytes hold, and reject */
        xs_cert *raw = NULL;
        if (xs_cert_new(&raw, der, der_len, XS_LOAD_RAW, NULL, 0) == XS_OK) {
            xs_audit_record *r = record_new(a, origin, at);
            if (r == NULL) {
                xs_cert_unref(raw);
                return XS_ERR_NOMEM;
            }
            r->role = XS_AUDIT_UNPARSED;
            st = set_error(r, "not a certificate OpenSSL can parse: ", err) ? judge_lint(a, r, raw)
                                                                                : XS_ERR_NOMEM;
            xs_cert_unref(raw);
            if (st != XS_OK) {
                xs_audit_record_free(r);
                return st;
            }
            *out = r;
            return XS_OK;
        }
    }
    if (st != XS_OK) {
        return xs_audit_malformed(a, out, der, der_len, err, origin, at);
    }
    xs_audit_record *r = record_new(a, origin, at);
    st = r != NULL ? judge_cert(a, r, cert) : XS_ERR_NOMEM;
    xs_cert_unref(cert);
    if (st != XS_OK) {
        xs_audit_record_free(r);
        return st;
    }
    *out = r;
    return XS_OK;
}

xs_status xs_audit_judge_certs(xs_auditor *a, xs_audit_record **out, const xs_certs *certs,
                               size_t i, const xs_audit_origin *origin, int64_t at)
{
    if (out != NULL) {
        *out = NULL;
    }
    if (a == NULL || out == NULL || certs == NULL || i >= certs->count) {
        return XS_ERR_INVALID_ARG;
    }
    xs_cert *cert = certs->items[i];
    if (cert->x509 == NULL && (a->flags & XS_AUDIT_LINT_ONLY) == 0) {
        return xs_audit_judge(a, out, cert->der, cert->der_len, 0, origin, at);
    }
    xs_audit_record *r = record_new(a, origin, at);
    xs_status st = r != NULL ? judge_cert(a, r, cert) : XS_ERR_NOMEM;
    if (st != XS_OK) {
        xs_audit_record_free(r);
        return st;
    }
    *out = r;
    return XS_OK;
}

xs_status xs_audit_malformed(const xs_auditor *a, xs_audit_record **out, const uint8_t *bytes,
                             size_t len, const char *why, const xs_audit_origin *origin, int64_t at)
{
    if (out != NULL) {
        *out = NULL;
    }
    if (a == NULL || out == NULL || (bytes == NULL && len > 0)) {
        return XS_ERR_INVALID_ARG;
    }
    xs_audit_record *r = record_new(a, origin, at);
    if (r == NULL) {
        return XS_ERR_NOMEM;
    }
    unsigned char md[32];
    r->role = XS_AUDIT_MALFORMED;
    if (EVP_Digest(bytes != NULL ? bytes : (const uint8_t *)"", len, md, NULL, EVP_sha256(),
                   NULL)) {
        for (size_t i = 0; i < sizeof(md); i++) {
            snprintf(r->sha256 + 2 * i, 3, "%02x", md[i]);
        }
    }
    if (!set_text(&r->subject, "") || !set_text(&r->issuer, "") ||
        !set_text(&r->not_before, "") || !set_text(&r->not_after, "") ||
        !set_text(&r->error, why != NULL && why[0] ? why : "not a certificate")) {
        xs_audit_record_free(r);
        return XS_ERR_NOMEM;
    }
    *out = r;
    return XS_OK;
}

/* ------------------------------------------------------------------------ */
/* Record accessors                                                          */

static const char *const role_names[] = {"anchor", "intermediate", "leaf", "unparsed",
                                         "malformed"};
static const char *const validity_names[] = {"valid", "expired", "not-yet-valid", "unknown"};

const char *xs_audit_role_name(xs_audit_role role)
{
    return (unsigned)role < XS_ARRAY_LEN(role_names) ? role_names[role] : "unknown";
}

const char *xs_audit_validity_name(xs_validity v)
{
    return (unsigned)v < XS_ARRAY_LEN(validity_names) ? validity_names[v] : "unknown";
}

xs_audit_role xs_audit_record_role(const xs_audit_record *r)
{
    return r->role;
}

xs_validity xs_audit_record_validity(const xs_audit_record *r)
{
    return r->validity;
}

const char *xs_audit_record_sha256(const xs_audit_record *r)
{
    return r->sha256;
}

const char *xs_audit_record_subject(const xs_audit_record *r)
{
    return r->subject != NULL ? r->subject : "";
}

const char *xs_audit_record_error(const xs_audit_record *r)
{
    return r->error;
}

static bool unreadable(const xs_audit_record *r)
{
    return r->role == XS_AUDIT_MALFORMED || r->role == XS_AUDIT_UNPARSED;
}

bool xs_audit_record_judged(const xs_audit_record *r, size_t p)
{
    return p < r->npol && (unreadable(r) || r->reports[p] != NULL);
}

static bool report_rejects(const xs_report *rep)
{
    return rep != NULL && rep->verdict == XS_VERDICT_REJECT;
}

bool xs_audit_record_rejected(const xs_audit_record *r, size_t p)
{
    return p < r->npol && (unreadable(r) || report_rejects(r->reports[p]));
}

const xs_report *xs_audit_record_report(const xs_audit_record *r, size_t p)
{
    return p < r->npol ? r->reports[p] : NULL;
}

const xs_report *xs_audit_record_report_in_validity(const xs_audit_record *r, size_t p)
{
    return p < r->npol ? r->valid_reports[p] : NULL;
}

int64_t xs_audit_record_in_validity_at(const xs_audit_record *r)
{
    return r->valid_at;
}

/* effective: the judgment that says what is wrong besides expiry. */
static const xs_report *effective(const xs_audit_record *r, size_t p)
{
    return r->valid_reports[p] != NULL ? r->valid_reports[p] : r->reports[p];
}

bool xs_audit_record_breaks(const xs_audit_record *r, size_t from, size_t to)
{
    if (from >= r->npol || to >= r->npol || unreadable(r)) {
        return false;
    }
    const xs_report *a = effective(r, from), *b = effective(r, to);
    return a != NULL && b != NULL && !report_rejects(a) && report_rejects(b);
}

static bool has_error(const xs_report *rep, const xs_finding *f)
{
    for (size_t i = 0; rep != NULL && i < rep->finding_count; i++) {
        const xs_finding *g = &rep->findings[i];
        if (g->severity == XS_SEV_ERROR && g->depth == f->depth &&
            strcmp(g->mnemonic, f->mnemonic) == 0) {
            return true;
        }
    }
    return false;
}

/* errors_only_in: does `a` have an error finding `b` lacks? */
static bool errors_only_in(const xs_report *a, const xs_report *b)
{
    for (size_t i = 0; a != NULL && i < a->finding_count; i++) {
        if (a->findings[i].severity == XS_SEV_ERROR && !has_error(b, &a->findings[i])) {
            return true;
        }
    }
    return false;
}

bool xs_audit_record_changes(const xs_audit_record *r, size_t from, size_t to)
{
    if (from >= r->npol || to >= r->npol || unreadable(r)) {
        return false;
    }
    const xs_report *a = effective(r, from), *b = effective(r, to);
    if (a == NULL || b == NULL) {
        return (a == NULL) != (b == NULL);
    }
    return report_rejects(a) != report_rejects(b) || errors_only_in(a, b) || errors_only_in(b, a);
}

/* ------------------------------------------------------------------------ */
/* Rendering records                                                         */

/* One finding across policies: where it was reported, and how severely. */
typedef struct {
    const xs_finding *f;
    xs_severity sev[XS_AUDIT_MAX_POLICIES]; /* XS_SEV_OFF: not reported */
} merged_finding;

static bool same_finding(const xs_finding *a, const xs_finding *b)
{
    return a->depth == b->depth && a->offset == b->offset && strcmp(a->mnemonic, b->mnemonic) == 0 &&
           strcmp(a->sha256, b->sha256) == 0 && strcmp(a->message, b->message) == 0 &&
           ((a->path == NULL && b->path == NULL) ||
            (a->path != NULL && b->path != NULL && strcmp(a->path, b->path) == 0));
}

/* merge_findings lists the findings of every policy's report once each, in
 * the order they first appear; *out is freed by the caller. */
static size_t merge_findings(xs_report *const *reports, size_t npol, merged_finding **out)
{
    size_t total = 0, n = 0;
    for (size_t p = 0; p < npol; p++) {
        total += reports[p] != NULL ? reports[p]->finding_count : 0;
    }
    merged_finding *m = calloc(total ? total : 1, sizeof(*m));
    *out = m;
    if (m == NULL) {
        return 0;
    }
    for (size_t p = 0; p < npol; p++) {
        for (size_t i = 0; reports[p] != NULL && i < reports[p]->finding_count; i++) {
            const xs_finding *f = &reports[p]->findings[i];
            /* the same finding twice under one policy stays twice */
            size_t k = 0;
            while (k < n && !(same_finding(m[k].f, f) && m[k].sev[p] == XS_SEV_OFF)) {
                k++;
            }
            if (k == n) {
                m[n++].f = f;
            }
            m[k].sev[p] = f->severity;
        }
    }
    return n;
}

static const xs_python_outcome *python_of(const xs_audit_record *r, xs_report *const *reports)
{
    for (size_t p = 0; p < r->npol; p++) {
        if (reports[p] != NULL && strcmp(r->policy_names[p], "python-3.13") == 0) {
            return &reports[p]->python;
        }
    }
    for (size_t p = 0; p < r->npol; p++) {
        if (reports[p] != NULL) {
            return &reports[p]->python;
        }
    }
    return NULL;
}

static void walk_python(xs_writer *w, const xs_python_outcome *py)
{
    if (py == NULL || py->verify_code < 0) {
        w->null(w);
        return;
    }
    if (py->verify_code == 0) {
        w->map(w, 1);
        put_str(w, "outcome", "accept");
        w->end(w);
        return;
    }
    char message[640];
    snprintf(message, sizeof(message), "%s%s", PYTHON_PREFIX,
             py->verify_message != NULL ? py->verify_message : "");
    w->map(w, 4);
    put_str(w, "outcome", "SSLCertVerificationError");
    put_int(w, "verify_code", py->verify_code);
    put_str(w, "verify_message", py->verify_message);
    put_str(w, "message", message);
    w->end(w);
}

static const char *verdict_name(const xs_audit_record *r, const xs_report *rep)
{
    if (unreadable(r)) {
        return "reject";
    }
    if (rep == NULL) {
        return "not-judged";
    }
    return rep->verdict == XS_VERDICT_REJECT ? "reject" : "accept";
}

static void walk_verdicts(xs_writer *w, const xs_audit_record *r, xs_report *const *reports)
{
    w->map(w, r->npol);
    for (size_t p = 0; p < r->npol; p++) {
        put_str(w, r->policy_names[p], verdict_name(r, reports[p]));
    }
    w->end(w);
}

static void walk_severities(xs_writer *w, const xs_audit_record *r, const xs_severity *sev)
{
    size_t n = 0;
    for (size_t p = 0; p < r->npol; p++) {
        n += sev[p] != XS_SEV_OFF;
    }
    w->map(w, n);
    for (size_t p = 0; p < r->npol; p++) {
        if (sev[p] != XS_SEV_OFF) {
            put_str(w, r->policy_names[p], xs_severity_name(sev[p]));
        }
    }
    w->end(w);
}

static void walk_input_finding(xs_writer *w, const xs_audit_record *r)
{
    xs_severity all[XS_AUDIT_MAX_POLICIES];
    for (size_t p = 0; p < r->npol; p++) {
        all[p] = XS_SEV_ERROR;
    }
    w->map(w, 12);
    put_str(w, "mnemonic", INPUT_MALFORMED);
    put_str(w, "source", "input");
    put_str(w, "section", "");
    put_int(w, "depth", r->role == XS_AUDIT_UNPARSED ? 0 : -1);
    put_str(w, "subject", r->subject);
    put_str(w, "sha256", r->sha256);
    put_str(w, "message", r->error);
    put_int(w, "openssl_code", -1);
    put_str(w, "path", NULL);
    put_str(w, "offset", NULL);
    w->key(w, "severity");
    walk_severities(w, r, all);
    put_bool(w, "synthetic", false);
    w->end(w);
}

static bool walk_findings(xs_writer *w, const xs_audit_record *r, xs_report *const *reports)
{
    merged_finding *m = NULL;
    size_t n = merge_findings(reports, r->npol, &m);
    if (m == NULL) {
        w->out.failed = true;
        return false;
    }
    bool input = unreadable(r);
    w->array(w, n + input);
    if (input) {
        walk_input_finding(w, r);
    }
    for (size_t i = 0; i < n; i++) {
        const xs_finding *f = m[i].f;
        w->map(w, 12);
        put_str(w, "mnemonic", f->mnemonic);
        put_str(w, "source", f->source);
        put_str(w, "section", f->section);
        put_int(w, "depth", f->depth);
        put_str(w, "subject", f->subject);
        put_str(w, "sha256", f->sha256);
        put_str(w, "message", f->message);
        put_int(w, "openssl_code", f->openssl_code);
        put_str(w, "path", f->path);
        w->key(w, "offset");
        if (f->offset >= 0) {
            w->integer(w, f->offset);
        } else {
            w->null(w);
        }
        w->key(w, "severity");
        walk_severities(w, r, m[i].sev);
        /* a finding about the stand-in leaf itself (the leaf is at depth 0) */
        const xs_report *any = NULL;
        for (size_t p = 0; p < r->npol && any == NULL; p++) {
            any = reports[p];
        }
        put_bool(w, "synthetic", any != NULL && any->synthetic_leaf && f->depth == 0);
        w->end(w);
    }
    w->end(w);
    free(m);
    return true;
}

static void walk_chain(xs_writer *w, xs_report *const *reports, size_t npol)
{
    const xs_report *rep = NULL;
    for (size_t p = 0; p < npol && rep == NULL; p++) {
        rep = reports[p];
    }
    size_t n = rep != NULL ? rep->chain_len : 0;
    w->array(w, n);
    for (size_t i = 0; i < n; i++) {
        const xs_chain_cert *c = &rep->chain[i];
        bool synthetic = rep->synthetic_leaf && i == 0;
        w->map(w, 4);
        put_int(w, "depth", c->depth);
        put_str(w, "subject", c->subject);
        put_str(w, "sha256", c->sha256);
        put_str(w, "origin", synthetic ? "synthetic" : c->origin);
        w->end(w);
    }
    w->end(w);
}

static void walk_record(xs_writer *w, const xs_audit_record *r, bool stream)
{
    w->map(w, (stream ? 0 : 4) + 15);
    if (!stream) {
        put_int(w, "position", (int64_t)r->position);
        put_str(w, "source", r->source);
        put_int(w, "line", (int64_t)r->line);
        put_int(w, "offset", (int64_t)r->offset);
    }
    put_str(w, "key", r->key);
    put_str(w, "role", xs_audit_role_name(r->role));
    put_str(w, "sha256", r->sha256);
    put_str(w, "subject", r->subject != NULL ? r->subject : "");
    put_str(w, "issuer", r->issuer != NULL ? r->issuer : "");
    put_str(w, "not_before", r->not_before != NULL ? r->not_before : "");
    put_str(w, "not_after", r->not_after != NULL ? r->not_after : "");
    put_str(w, "validity", xs_audit_validity_name(r->validity));
    put_time(w, "at", r->at);
    w->key(w, "verdicts");
    walk_verdicts(w, r, r->reports);
    w->key(w, "python");
    walk_python(w, python_of(r, r->reports));
    w->key(w, "chain");
    walk_chain(w, r->reports, r->npol);
    w->key(w, "findings");
    walk_findings(w, r, r->reports);
    w->key(w, "inside_validity");
    if (r->valid_at == INT64_MIN) {
        w->null(w);
    } else {
        w->map(w, 4);
        put_time(w, "at", r->valid_at);
        w->key(w, "verdicts");
        walk_verdicts(w, r, r->valid_reports);
        w->key(w, "python");
        walk_python(w, python_of(r, r->valid_reports));
        w->key(w, "findings");
        walk_findings(w, r, r->valid_reports);
        w->end(w);
    }
    put_str(w, "error", r->error);
    w->end(w);
}

/* listed_before: an earlier error finding of `rep` has the same mnemonic
 * and depth as finding `i` (lists name each once). */
static bool listed_before(const xs_report *rep, size_t i)
{
    for (size_t k = 0; k < i; k++) {
        const xs_finding *f = &rep->findings[k], *g = &rep->findings[i];
        if (f->severity == XS_SEV_ERROR && f->depth == g->depth &&
            strcmp(f->mnemonic, g->mnemonic) == 0) {
            return true;
        }
    }
    return false;
}

static bool listable(const xs_report *rep, size_t i, const xs_report *except)
{
    const xs_finding *f = &rep->findings[i];
    return f->severity == XS_SEV_ERROR && !has_error(except, f) && !listed_before(rep, i);
}

/* error_list writes "A@1, B@1": the error findings of `rep`, or those that
 * are errors in `rep` and not in `except` (may be NULL); returns how many. */
static size_t error_list(xs_buf *b, const xs_report *rep, const xs_report *except)
{
    size_t shown = 0;
    for (size_t i = 0; rep != NULL && i < rep->finding_count; i++) {
        if (listable(rep, i, except)) {
            const xs_finding *f = &rep->findings[i];
            xs_buf_printf(b, "%s%s@%d", shown++ ? ", " : "", f->mnemonic, f->depth);
        }
    }
    return shown;
}

static void paint(xs_buf *b, bool color, const char *ansi, const char *text)
{
    if (color) {
        xs_buf_printf(b, "\x1b[%sm%s\x1b[0m", ansi, text);
    } else {
        xs_buf_puts(b, text);
    }
}

#define TABLE_POSITION_WIDTH 8
#define TABLE_ROLE_WIDTH 12

static size_t column_width(const char *policy)
{
    size_t len = strlen(policy);
    return len < 10 ? 10 : len;
}

static void verdict_cell(xs_buf *b, bool color, const char *verdict, size_t width)
{
    const char *ansi = strcmp(verdict, "accept") == 0 ? "32" : strcmp(verdict, "reject") == 0 ? "1;31" : "33";
    paint(b, color, ansi, verdict);
    xs_buf_pad(b, ' ', width - strlen(verdict) + 2);
}

static void text_verdicts_line(xs_buf *b, const xs_audit_record *r, xs_report *const *reports)
{
    for (size_t p = 0; p < r->npol; p++) {
        xs_buf_printf(b, "%s%s %s", p ? ", " : "", r->policy_names[p],
                      verdict_name(r, reports[p]));
    }
}

static void text_rejections(xs_buf *b, const xs_audit_record *r, xs_report *const *reports,
                            const char *indent)
{
    for (size_t p = 0; p < r->npol; p++) {
        if (report_rejects(reports[p])) {
            xs_buf_printf(b, "%s%-*s ", indent, (int)column_width(r->policy_names[p]),
                          r->policy_names[p]);
            error_list(b, reports[p], NULL);
            xs_buf_putc(b, '\n');
        }
    }
}

static void text_record(xs_buf *b, const xs_audit_record *r, bool color)
{
    static const char indent[] = "          ";
    xs_buf_printf(b, "%*llu  %-*s  ", TABLE_POSITION_WIDTH, (unsigned long long)r->position,
                  TABLE_ROLE_WIDTH, xs_audit_role_name(r->role));
    for (size_t p = 0; p < r->npol; p++) {
        verdict_cell(b, color, verdict_name(r, r->reports[p]), column_width(r->policy_names[p]));
    }
    if (r->role == XS_AUDIT_MALFORMED) {
        xs_buf_printf(b, "(malformed member of %s, line %llu, byte %llu)\n",
                      r->source != NULL ? r->source : "the input", (unsigned long long)r->line,
                      (unsigned long long)r->offset);
    } else {
        xs_buf_printf(b, "%s\n", r->subject != NULL && r->subject[0] ? r->subject : "(empty subject)");
    }
    if (r->role == XS_AUDIT_MALFORMED || r->role == XS_AUDIT_UNPARSED) {
        xs_buf_printf(b, "%s%s: %s\n", indent, INPUT_MALFORMED, r->error);
    } else if (r->error != NULL) {
        xs_buf_printf(b, "%s%s\n", indent, r->error);
    }
    text_rejections(b, r, r->reports, indent);
    if (r->valid_at != INT64_MIN) {
        char at[21];
        xs_rfc3339(r->valid_at, at);
        xs_buf_printf(b, "%s%s %s; inside its validity, at %s: ", indent,
                      r->validity == XS_VALIDITY_EXPIRED ? "expired" : "not valid before",
                      r->validity == XS_VALIDITY_EXPIRED ? r->not_after : r->not_before, at);
        text_verdicts_line(b, r, r->valid_reports);
        xs_buf_putc(b, '\n');
        text_rejections(b, r, r->valid_reports, "            ");
    }
}

xs_status xs_audit_record_emit(const xs_audit_record *r, xs_format format, unsigned flags,
                               uint8_t **out, size_t *out_len)
{
    if (r == NULL || out == NULL || out_len == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    bool stream = (flags & XS_AUDIT_EMIT_STREAM) != 0;
    if (format == XS_FORMAT_JSON) {
        json_writer j;
        json_writer_init(&j, 0);
        walk_record(&j.base, r, stream);
        xs_buf_putc(&j.base.out, '\n');
        return finish_buf(&j.base.out, out, out_len);
    }
    if (format == XS_FORMAT_CBOR) {
        xs_writer w;
        cbor_writer_init(&w);
        walk_record(&w, r, stream);
        return finish_buf(&w.out, out, out_len);
    }
    if (format != XS_FORMAT_TEXT) {
        return XS_ERR_INVALID_ARG;
    }
    xs_buf b;
    xs_buf_init(&b);
    text_record(&b, r, (flags & XS_EMIT_COLOR) != 0);
    return finish_buf(&b, out, out_len);
}

xs_status xs_auditor_emit_table_header(const xs_auditor *a, unsigned flags, uint8_t **out,
                                       size_t *out_len)
{
    (void)flags;
    if (a == NULL || out == NULL || out_len == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    xs_buf b;
    xs_buf_init(&b);
    xs_buf_printf(&b, "%*s  %-*s  ", TABLE_POSITION_WIDTH, "#", TABLE_ROLE_WIDTH, "role");
    for (size_t p = 0; p < a->npol; p++) {
        xs_buf_printf(&b, "%-*s  ", (int)column_width(a->policies[p]->name), a->policies[p]->name);
    }
    xs_buf_puts(&b, "certificate\n");
    return finish_buf(&b, out, out_len);
}

/* ------------------------------------------------------------------------ */
/* Rendering changes between two policies                                    */

/* first_error is the mnemonic that explains a rejection: Python's first
 * error when it is one of the report's errors, else the first error. */
static const xs_finding *first_error(const xs_report *rep)
{
    for (size_t i = 0; rep != NULL && i < rep->finding_count; i++) {
        const xs_finding *f = &rep->findings[i];
        if (f->severity == XS_SEV_ERROR && rep->python.verify_code > 0 &&
            f->openssl_code == rep->python.verify_code) {
            return f;
        }
    }
    for (size_t i = 0; rep != NULL && i < rep->finding_count; i++) {
        if (rep->findings[i].severity == XS_SEV_ERROR) {
            return &rep->findings[i];
        }
    }
    return NULL;
}

static void walk_error_list(xs_writer *w, const xs_report *rep, const xs_report *except)
{
    size_t n = 0;
    for (size_t i = 0; rep != NULL && i < rep->finding_count; i++) {
        n += listable(rep, i, except);
    }
    w->array(w, n);
    for (size_t i = 0; rep != NULL && i < rep->finding_count; i++) {
        const xs_finding *f = &rep->findings[i];
        if (listable(rep, i, except)) {
            char text[160];
            snprintf(text, sizeof(text), "%s@%d", f->mnemonic, f->depth);
            w->string(w, text);
        }
    }
    w->end(w);
}

static void walk_side(xs_writer *w, const xs_audit_record *r, size_t p)
{
    w->map(w, 2);
    put_str(w, "policy", r->policy_names[p]);
    put_str(w, "verdict", verdict_name(r, effective(r, p)));
    w->end(w);
}

static void walk_change(xs_writer *w, const xs_audit_record *r, size_t from, size_t to,
                        bool stream)
{
    const xs_report *a = effective(r, from), *b = effective(r, to);
    const xs_finding *why = first_error(b);
    const xs_rule_info *rule = why != NULL ? xs_rule_find(why->mnemonic) : NULL;
    char explain[160] = "";
    if (why != NULL) {
        snprintf(explain, sizeof(explain), "x509strict explain %s", why->mnemonic);
    }
    w->map(w, (stream ? 0 : 1) + 13);
    if (!stream) {
        put_int(w, "position", (int64_t)r->position);
    }
    put_str(w, "key", r->key);
    put_str(w, "sha256", r->sha256);
    put_str(w, "subject", r->subject);
    put_str(w, "role", xs_audit_role_name(r->role));
    put_str(w, "validity", xs_audit_validity_name(r->validity));
    put_time(w, "judged_at", r->valid_at != INT64_MIN ? r->valid_at : r->at);
    w->key(w, "from");
    walk_side(w, r, from);
    w->key(w, "to");
    walk_side(w, r, to);
    w->key(w, "python");
    walk_python(w, b != NULL ? &b->python : NULL);
    put_str(w, "first_error", why != NULL ? why->mnemonic : NULL);
    put_str(w, "fix", rule != NULL && rule->fix[0] ? rule->fix : NULL);
    w->key(w, "added");
    walk_error_list(w, b, a);
    w->key(w, "removed");
    walk_error_list(w, a, b);
    w->end(w);
}

static void text_change(xs_buf *b, const xs_audit_record *r, size_t from, size_t to,
                        bool compare)
{
    const xs_report *ra = effective(r, from), *rb = effective(r, to);
    xs_buf_printf(b, "  %s\n    sha256:%s\n", r->subject[0] ? r->subject : "(empty subject)",
                  r->sha256);
    if (r->valid_at != INT64_MIN) {
        char at[21];
        xs_rfc3339(r->valid_at, at);
        xs_buf_printf(b, "    %s %s, so rejected everywhere today; judged inside its validity, at %s\n",
                      r->validity == XS_VALIDITY_EXPIRED ? "expired" : "not valid before",
                      r->validity == XS_VALIDITY_EXPIRED ? r->not_after : r->not_before, at);
    }
    if (compare) {
        xs_buf_printf(b, "    %s %s -> %s %s\n", r->policy_names[from], verdict_name(r, ra),
                      r->policy_names[to], verdict_name(r, rb));
    }
    const xs_python_outcome *py = rb != NULL ? &rb->python : NULL;
    if (py != NULL && py->verify_code > 0) {
        xs_buf_printf(b, "    Python: certificate verify failed: %s (verify_code %d)\n",
                      py->verify_message != NULL ? py->verify_message : "", py->verify_code);
    }
    const xs_finding *why = first_error(rb);
    const xs_rule_info *rule = why != NULL ? xs_rule_find(why->mnemonic) : NULL;
    if (why != NULL) {
        xs_buf_printf(b, "    fix: %s (x509strict explain %s)\n",
                      rule != NULL && rule->fix[0] ? rule->fix : "see", why->mnemonic);
    }
    if (compare) {
        const xs_report *sides[2][2] = {{rb, ra}, {ra, rb}};
        const char *names[2] = {r->policy_names[to], r->policy_names[from]};
        for (int k = 0; k < 2; k++) {
            size_t mark = b->len;
            xs_buf_printf(b, "    errors only under %s: ", names[k]);
            if (error_list(b, sides[k][0], sides[k][1]) == 0) {
                b->len = mark; /* nothing to say */
            } else {
                xs_buf_putc(b, '\n');
            }
        }
    } else {
        xs_buf_puts(b, "    findings: ");
        error_list(b, rb, NULL);
        xs_buf_putc(b, '\n');
    }
}

xs_status xs_audit_record_emit_change(const xs_audit_record *r, size_t from, size_t to,
                                      xs_format format, unsigned flags, uint8_t **out,
                                      size_t *out_len)
{
    if (r == NULL || out == NULL || out_len == NULL || from >= r->npol || to >= r->npol) {
        return XS_ERR_INVALID_ARG;
    }
    bool stream = (flags & XS_AUDIT_EMIT_STREAM) != 0;
    if (format == XS_FORMAT_JSON) {
        json_writer j;
        json_writer_init(&j, 0);
        walk_change(&j.base, r, from, to, stream);
        xs_buf_putc(&j.base.out, '\n');
        return finish_buf(&j.base.out, out, out_len);
    }
    if (format == XS_FORMAT_CBOR) {
        xs_writer w;
        cbor_writer_init(&w);
        walk_change(&w, r, from, to, stream);
        return finish_buf(&w.out, out, out_len);
    }
    xs_buf b;
    xs_buf_init(&b);
    text_change(&b, r, from, to, (flags & XS_AUDIT_EMIT_COMPARE) != 0);
    return finish_buf(&b, out, out_len);
}

/* ------------------------------------------------------------------------ */
/* Summary                                                                   */

/* The counters, in one array so that they travel between processes:
 *   [0, XS_AUDIT__COUNT)            the xs_audit_count values
 *   then 3 role counts              anchors, intermediates, leaves
 *   then 3 per policy               accept, reject, not judged
 *   then 3 per policy and rule      certificates with the finding as an
 *                                   error, a warning, a notice */
enum { ROLE_COUNTERS = 3, PER_POLICY = 3, SEVERITIES = 3 };

struct xs_audit_summary {
    size_t npol;
    const char *policy_names[XS_AUDIT_MAX_POLICIES];
    int from, to;
    bool compare;
    bool lint_only;
    size_t nrules;
    ptr_map rule_ids; /* mnemonic pointer -> rule index + 1 */
    uint64_t *c;
    size_t count;
};

static size_t role_base(void)
{
    return XS_AUDIT__COUNT;
}

static size_t policy_base(const xs_audit_summary *s, size_t p)
{
    (void)s;
    return role_base() + ROLE_COUNTERS + p * PER_POLICY;
}

static size_t rule_base(const xs_audit_summary *s, size_t p, size_t rule)
{
    return role_base() + ROLE_COUNTERS + s->npol * PER_POLICY + (p * s->nrules + rule) * SEVERITIES;
}

xs_status xs_audit_summary_new(xs_audit_summary **out, const xs_auditor *a, int from, int to,
                               unsigned flags)
{
    if (out == NULL || a == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    *out = NULL;
    xs_audit_summary *s = calloc(1, sizeof(*s));
    if (s == NULL) {
        return XS_ERR_NOMEM;
    }
    s->npol = a->npol;
    for (size_t p = 0; p < a->npol; p++) {
        s->policy_names[p] = a->policies[p]->name;
    }
    s->from = from >= 0 && (size_t)from < a->npol ? from : -1;
    s->to = to >= 0 && (size_t)to < a->npol ? to : -1;
    s->compare = (flags & XS_AUDIT_EMIT_COMPARE) != 0;
    s->lint_only = (a->flags & XS_AUDIT_LINT_ONLY) != 0;
    s->nrules = xs_rule_count();
    s->count = rule_base(s, s->npol, 0);
    s->c = calloc(s->count, sizeof(*s->c));
    bool ok = s->c != NULL;
    for (size_t i = 0; ok && i < s->nrules; i++) {
        ok = map_put(&s->rule_ids, xs_rule_get(i)->mnemonic, NULL, (void *)(uintptr_t)(i + 1));
    }
    if (!ok) {
        xs_audit_summary_free(s);
        return XS_ERR_NOMEM;
    }
    *out = s;
    return XS_OK;
}

void xs_audit_summary_free(xs_audit_summary *s)
{
    if (s == NULL) {
        return;
    }
    map_cleanup(&s->rule_ids);
    free(s->c);
    free(s);
}

static void count_findings(xs_audit_summary *s, size_t p, const xs_report *rep)
{
    /* each certificate counts once per rule, at its most severe */
    uint8_t seen[XS_R__COUNT];
    memset(seen, 0, sizeof(seen));
    for (size_t i = 0; rep != NULL && i < rep->finding_count; i++) {
        const xs_finding *f = &rep->findings[i];
        map_slot *slot = map_find(&s->rule_ids, f->mnemonic, NULL);
        size_t rule = slot != NULL ? (size_t)(uintptr_t)slot->value - 1 : SIZE_MAX;
        if (rule < s->nrules && rule < XS_R__COUNT && (uint8_t)f->severity > seen[rule]) {
            seen[rule] = (uint8_t)f->severity;
        }
    }
    for (size_t rule = 0; rule < s->nrules && rule < XS_R__COUNT; rule++) {
        if (seen[rule] != XS_SEV_OFF) {
            size_t sev = seen[rule] == XS_SEV_ERROR ? 0 : seen[rule] == XS_SEV_WARN ? 1 : 2;
            s->c[rule_base(s, p, rule) + sev]++;
        }
    }
}

void xs_audit_summary_add(xs_audit_summary *s, const xs_audit_record *r)
{
    if (s == NULL || r == NULL || r->npol != s->npol) {
        return;
    }
    s->c[XS_AUDIT_MEMBERS]++;
    if (r->role == XS_AUDIT_MALFORMED) {
        s->c[XS_AUDIT_MALFORMED_COUNT]++;
    } else {
        s->c[XS_AUDIT_CERTIFICATES]++;
    }
    if (r->role == XS_AUDIT_UNPARSED) {
        s->c[XS_AUDIT_UNPARSED_COUNT]++;
    }
    if (r->role <= XS_AUDIT_LEAF) {
        s->c[role_base() + (size_t)r->role]++;
    }
    s->c[XS_AUDIT_EXPIRED] += r->validity == XS_VALIDITY_EXPIRED;
    s->c[XS_AUDIT_NOT_YET_VALID] += r->validity == XS_VALIDITY_NOT_YET_VALID;
    bool rejected = false, unjudged = false;
    for (size_t p = 0; p < s->npol; p++) {
        size_t base = policy_base(s, p);
        if (!xs_audit_record_judged(r, p)) {
            s->c[base + 2]++;
            unjudged = true;
        } else if (xs_audit_record_rejected(r, p)) {
            s->c[base + 1]++;
            rejected = true;
        } else {
            s->c[base]++;
        }
        count_findings(s, p, r->reports[p]);
    }
    s->c[XS_AUDIT_REJECTED] += rejected;
    s->c[XS_AUDIT_NOT_JUDGED] += unjudged;
    if (s->from >= 0 && s->to >= 0) {
        bool changed = s->compare ? xs_audit_record_changes(r, (size_t)s->from, (size_t)s->to)
                                  : xs_audit_record_breaks(r, (size_t)s->from, (size_t)s->to);
        s->c[XS_AUDIT_CHANGED] += changed;
    }
}

void xs_audit_summary_count(xs_audit_summary *s, xs_audit_count what, uint64_t n)
{
    if (s != NULL && (unsigned)what < XS_AUDIT__COUNT) {
        s->c[what] += n;
    }
}

uint64_t xs_audit_summary_get(const xs_audit_summary *s, xs_audit_count what)
{
    return s != NULL && (unsigned)what < XS_AUDIT__COUNT ? s->c[what] : 0;
}

const uint64_t *xs_audit_summary_counters(const xs_audit_summary *s, size_t *count)
{
    *count = s != NULL ? s->count : 0;
    return s != NULL ? s->c : NULL;
}

xs_status xs_audit_summary_merge(xs_audit_summary *s, const uint64_t *counters, size_t count)
{
    if (s == NULL || counters == NULL || count != s->count) {
        return XS_ERR_INVALID_ARG;
    }
    for (size_t i = 0; i < count; i++) {
        s->c[i] += counters[i];
    }
    return XS_OK;
}

/* A row of the per-mnemonic table. */
typedef struct {
    size_t rule;
    uint64_t total;
} mnemonic_row;

static int compare_rows(const void *x, const void *y)
{
    const mnemonic_row *a = x, *b = y;
    if (a->total != b->total) {
        return a->total > b->total ? -1 : 1;
    }
    return a->rule < b->rule ? -1 : a->rule > b->rule;
}

/* mnemonic_rows lists the rules some certificate has a finding of, most
 * frequent first; *out is freed by the caller. */
static size_t mnemonic_rows(const xs_audit_summary *s, mnemonic_row **out)
{
    mnemonic_row *rows = calloc(s->nrules ? s->nrules : 1, sizeof(*rows));
    size_t n = 0;
    *out = rows;
    for (size_t rule = 0; rows != NULL && rule < s->nrules; rule++) {
        uint64_t total = 0;
        for (size_t p = 0; p < s->npol; p++) {
            for (size_t sev = 0; sev < SEVERITIES; sev++) {
                total += s->c[rule_base(s, p, rule) + sev];
            }
        }
        if (total > 0) {
            rows[n++] = (mnemonic_row){rule, total};
        }
    }
    if (n > 1) {
        qsort(rows, n, sizeof(*rows), compare_rows);
    }
    return n;
}

static void text_cell(xs_buf *b, const uint64_t *sev, size_t width)
{
    char cell[64] = "";
    size_t used = 0;
    static const char *const suffix[] = {"", "w", "n"};
    for (size_t i = 0; i < SEVERITIES; i++) {
        if (sev[i] > 0 && used < sizeof(cell)) {
            int k = snprintf(cell + used, sizeof(cell) - used, "%s%llu%s", used ? "+" : "",
                             (unsigned long long)sev[i], suffix[i]);
            used += k > 0 ? (size_t)k : 0;
        }
    }
    xs_buf_printf(b, "  %*s", (int)width, used ? cell : "-");
}

static void text_summary(const xs_audit_summary *s, xs_buf *b)
{
    const uint64_t *c = s->c;
    bool any_unjudged = false;
    for (size_t p = 0; p < s->npol; p++) {
        any_unjudged = any_unjudged || c[policy_base(s, p) + 2] > 0;
    }
    xs_buf_printf(b, "%-20s %8s %8s%s\n", "policy", "accept", "reject",
                  any_unjudged ? "  not judged" : "");
    for (size_t p = 0; p < s->npol; p++) {
        size_t base = policy_base(s, p);
        xs_buf_printf(b, "%-20s %8llu %8llu", s->policy_names[p], (unsigned long long)c[base],
                      (unsigned long long)c[base + 1]);
        if (any_unjudged) {
            xs_buf_printf(b, "  %10llu", (unsigned long long)c[base + 2]);
        }
        xs_buf_putc(b, '\n');
    }
    xs_buf_printf(b,
                  "\nread: %llu members, %llu certificates (%llu anchors, %llu intermediates, "
                  "%llu leaves), %llu malformed, %llu that OpenSSL cannot parse; %llu expired, "
                  "%llu not yet valid; skipped %llu PEM blocks that hold no certificate and %llu "
                  "duplicates\n",
                  (unsigned long long)c[XS_AUDIT_MEMBERS],
                  (unsigned long long)c[XS_AUDIT_CERTIFICATES],
                  (unsigned long long)c[role_base()], (unsigned long long)c[role_base() + 1],
                  (unsigned long long)c[role_base() + 2],
                  (unsigned long long)c[XS_AUDIT_MALFORMED_COUNT],
                  (unsigned long long)c[XS_AUDIT_UNPARSED_COUNT],
                  (unsigned long long)c[XS_AUDIT_EXPIRED],
                  (unsigned long long)c[XS_AUDIT_NOT_YET_VALID],
                  (unsigned long long)c[XS_AUDIT_SKIPPED_BLOCKS],
                  (unsigned long long)c[XS_AUDIT_SKIPPED_DUPLICATES]);
    mnemonic_row *rows = NULL;
    size_t n = mnemonic_rows(s, &rows);
    if (rows == NULL) {
        b->failed = true;
        return;
    }
    if (n > 0) {
        xs_buf_puts(b, "\ncertificates per finding (a number: as an error; w: as a warning; "
                       "n: as a notice)\n");
        xs_buf_printf(b, "%-40s", "mnemonic");
        for (size_t p = 0; p < s->npol; p++) {
            xs_buf_printf(b, "  %*s", (int)column_width(s->policy_names[p]), s->policy_names[p]);
        }
        xs_buf_putc(b, '\n');
    }
    for (size_t i = 0; i < n; i++) {
        xs_buf_printf(b, "%-40s", xs_rule_get(rows[i].rule)->mnemonic);
        for (size_t p = 0; p < s->npol; p++) {
            text_cell(b, &c[rule_base(s, p, rows[i].rule)], column_width(s->policy_names[p]));
        }
        xs_buf_putc(b, '\n');
    }
    free(rows);
}

static void walk_summary(const xs_audit_summary *s, xs_writer *w)
{
    const uint64_t *c = s->c;
    static const struct {
        const char *key;
        xs_audit_count what;
    } counts[] = {
        {"members", XS_AUDIT_MEMBERS},
        {"certificates", XS_AUDIT_CERTIFICATES},
        {"malformed", XS_AUDIT_MALFORMED_COUNT},
        {"unparsed", XS_AUDIT_UNPARSED_COUNT},
        {"not_judged", XS_AUDIT_NOT_JUDGED},
        {"rejected", XS_AUDIT_REJECTED},
        {"changed", XS_AUDIT_CHANGED},
        {"expired", XS_AUDIT_EXPIRED},
        {"not_yet_valid", XS_AUDIT_NOT_YET_VALID},
        {"skipped_pem_blocks", XS_AUDIT_SKIPPED_BLOCKS},
        {"skipped_duplicates", XS_AUDIT_SKIPPED_DUPLICATES},
    };
    mnemonic_row *rows = NULL;
    size_t n = mnemonic_rows(s, &rows);
    if (rows == NULL) {
        w->out.failed = true;
        return;
    }
    w->map(w, XS_ARRAY_LEN(counts) + 3);
    for (size_t i = 0; i < XS_ARRAY_LEN(counts); i++) {
        put_int(w, counts[i].key, (int64_t)c[counts[i].what]);
    }
    w->key(w, "roles");
    w->map(w, 3);
    for (size_t i = 0; i < ROLE_COUNTERS; i++) {
        put_int(w, role_names[i], (int64_t)c[role_base() + i]);
    }
    w->end(w);
    w->key(w, "policies");
    w->array(w, s->npol);
    for (size_t p = 0; p < s->npol; p++) {
        size_t base = policy_base(s, p);
        w->map(w, 4);
        put_str(w, "policy", s->policy_names[p]);
        put_int(w, "accept", (int64_t)c[base]);
        put_int(w, "reject", (int64_t)c[base + 1]);
        put_int(w, "not_judged", (int64_t)c[base + 2]);
        w->end(w);
    }
    w->end(w);
    w->key(w, "mnemonics");
    w->array(w, n);
    for (size_t i = 0; i < n; i++) {
        w->map(w, 2);
        put_str(w, "mnemonic", xs_rule_get(rows[i].rule)->mnemonic);
        w->key(w, "certificates");
        w->map(w, s->npol);
        for (size_t p = 0; p < s->npol; p++) {
            const uint64_t *sev = &c[rule_base(s, p, rows[i].rule)];
            w->key(w, s->policy_names[p]);
            w->map(w, 3);
            put_int(w, "error", (int64_t)sev[0]);
            put_int(w, "warn", (int64_t)sev[1]);
            put_int(w, "notice", (int64_t)sev[2]);
            w->end(w);
        }
        w->end(w);
        w->end(w);
    }
    w->end(w);
    w->end(w);
    free(rows);
}

xs_status xs_audit_summary_emit(const xs_audit_summary *s, xs_format format, unsigned flags,
                                uint8_t **out, size_t *out_len)
{
    if (s == NULL || out == NULL || out_len == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    if (format == XS_FORMAT_JSON) {
        json_writer j;
        json_writer_init(&j, (flags & XS_AUDIT_EMIT_STREAM) ? 0 : 2);
        walk_summary(s, &j.base);
        xs_buf_putc(&j.base.out, '\n');
        return finish_buf(&j.base.out, out, out_len);
    }
    if (format == XS_FORMAT_CBOR) {
        xs_writer w;
        cbor_writer_init(&w);
        walk_summary(s, &w);
        return finish_buf(&w.out, out, out_len);
    }
    xs_buf b;
    xs_buf_init(&b);
    text_summary(s, &b);
    return finish_buf(&b, out, out_len);
}

/* ------------------------------------------------------------------------ */
/* PKCS#7 bundles                                                            */

xs_status xs_audit_split_pkcs7(xs_certs *certs, const uint8_t *in, size_t in_len, char *err,
                               size_t err_len)
{
    if (certs == NULL || in == NULL || in_len > XS_MAX_INPUT_BYTES) {
        return XS_ERR_INVALID_ARG;
    }
    const unsigned char *p = in;
    PKCS7 *p7 = d2i_PKCS7(NULL, &p, (long)in_len);
    if (p7 == NULL) {
        ERR_clear_error();
        return xs_set_err(XS_ERR_PARSE, err, err_len, "not a PKCS#7 structure");
    }
    STACK_OF(X509) *sk = NULL;
    if (PKCS7_type_is_signed(p7) && p7->d.sign != NULL) {
        sk = p7->d.sign->cert;
    } else if (PKCS7_type_is_signedAndEnveloped(p7) && p7->d.signed_and_enveloped != NULL) {
        sk = p7->d.signed_and_enveloped->cert;
    }
    xs_status st = sk == NULL ? xs_set_err(XS_ERR_PARSE, err, err_len,
                                          "a PKCS#7 structure without certificates")
                              : XS_OK;
    for (int i = 0; st == XS_OK && i < sk_X509_num(sk); i++) {
        unsigned char *der = NULL;
        int len = i2d_X509(sk_X509_value(sk, i), &der);
        xs_cert *c = NULL;
        st = len > 0 ? xs_cert_new(&c, der, (size_t)len, XS_LOAD_RAW, err, err_len) : XS_ERR_CRYPTO;
        if (st == XS_OK) {
            st = xs_certs_push(certs, c);
        }
        xs_cert_unref(c);
        OPENSSL_free(der);
    }
    PKCS7_free(p7);
    ERR_clear_error();
    return st;
}

void xs_audit_default_store(char *file, size_t file_len, char *dirs, size_t dirs_len)
{
    const char *f = getenv(X509_get_default_cert_file_env());
    const char *d = getenv(X509_get_default_cert_dir_env());
    if (file != NULL && file_len > 0) {
        snprintf(file, file_len, "%s", f != NULL && f[0] ? f : X509_get_default_cert_file());
    }
    if (dirs != NULL && dirs_len > 0) {
        snprintf(dirs, dirs_len, "%s", d != NULL && d[0] ? d : X509_get_default_cert_dir());
    }
}
