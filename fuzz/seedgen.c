/*
 * seedgen.c: seeds and dictionary entries for x509strict's fuzz harnesses.
 *
 *   xs_fuzz_seedgen seeds DIR POLICIES   writes DIR/<harness>/... (fuzz/seeds)
 *   xs_fuzz_seedgen store PATH OUTDIR    the certificates of a trust store
 *                                        (a file or directory) as seeds for
 *                                        cert, der, chain, load and audit
 *   xs_fuzz_seedgen dict-oids            dictionary lines: X.509 OIDs, DER
 *   xs_fuzz_seedgen dict-policy          dictionary lines: rule mnemonics,
 *                                        families, flags (from the table)
 *
 * Until corpus/ holds cases, fuzz/seeds/ is made by `seeds`: certificates
 * built here with OpenSSL from fixed keys (seedkeys.h, fixed-seed Ed25519 and
 * Ed448), fixed dates and fixed serials, so that running it again gives the
 * same files (only the ECDSA-signed ones differ: ECDSA signs with a random
 * nonce). Extension values are written with derb.h, byte by byte, so every
 * seed carries exactly the structure it was made for.
 */
#include <dirent.h>
#include <errno.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "derb.h"
#include "oids.h"
#include "envelope.h"
#include "seedkeys.h"
#include "x509strict.h"

static const char *out_root;

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}
static size_t files_written;

static void die(const char *what)
{
    fprintf(stderr, "seedgen: %s\n", what);
    exit(1);
}

static void make_dir(const char *path)
{
    if (mkdir(path, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "seedgen: cannot create %s: %s\n", path, strerror(errno));
        exit(1);
    }
}

static void write_seed(const char *harness, const char *name, const void *data, size_t len)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", out_root, harness);
    make_dir(path);
    snprintf(path, sizeof(path), "%s/%s/%s", out_root, harness, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "seedgen: cannot write %s\n", path);
        exit(1);
    }
    files_written++;
}

/* ---- keys ------------------------------------------------------------------ */

static EVP_PKEY *pem_key(const char *pem)
{
    BIO *bio = BIO_new_mem_buf(pem, -1);
    EVP_PKEY *key = bio != NULL ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
    BIO_free(bio);
    if (key == NULL) {
        die("cannot read an embedded key");
    }
    return key;
}

static EVP_PKEY *raw_key(int type, unsigned char fill, size_t len)
{
    unsigned char seed[57];
    for (size_t i = 0; i < len; i++) {
        seed[i] = (unsigned char)(fill + i * 7);
    }
    EVP_PKEY *key = EVP_PKEY_new_raw_private_key(type, NULL, seed, len);
    if (key == NULL) {
        die("cannot make a raw key");
    }
    return key;
}

typedef struct {
    EVP_PKEY *rsa, *rsa1024, *ec, *ec384, *ed25519, *ed25519b, *ed448, *x25519;
} keyset;

static void load_keys(keyset *k)
{
    k->rsa = pem_key(SEED_KEY_RSA2048);
    k->rsa1024 = pem_key(SEED_KEY_RSA1024);
    k->ec = pem_key(SEED_KEY_EC_P256);
    k->ec384 = pem_key(SEED_KEY_EC_P384);
    k->ed25519 = raw_key(EVP_PKEY_ED25519, 0x11, 32);
    k->ed25519b = raw_key(EVP_PKEY_ED25519, 0x22, 32);
    k->ed448 = raw_key(EVP_PKEY_ED448, 0x33, 57);
    k->x25519 = raw_key(EVP_PKEY_X25519, 0x44, 32);
}

static void free_keys(keyset *k)
{
    EVP_PKEY *all[] = {k->rsa, k->rsa1024, k->ec, k->ec384, k->ed25519, k->ed25519b, k->ed448,
                       k->x25519};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        EVP_PKEY_free(all[i]);
    }
}

/* key_id: SHA-1 of the key's SubjectPublicKeyInfo (any stable key id will
 * do; the AKI of what a key signs repeats it). */
static void key_id(EVP_PKEY *key, unsigned char out[20])
{
    unsigned char *der = NULL;
    int len = i2d_PUBKEY(key, &der);
    unsigned int md_len = 0;
    if (len <= 0 || !EVP_Digest(der, (size_t)len, out, &md_len, EVP_sha1(), NULL)) {
        die("key id");
    }
    OPENSSL_free(der);
}

/* ---- extensions -------------------------------------------------------------- */

#define MAX_EXTS 24

typedef struct {
    const char *oid;
    bool critical;
    derb value;
} raw_ext;

typedef struct {
    raw_ext items[MAX_EXTS];
    size_t count;
} ext_list;

static derb *ext_add(ext_list *l, const char *oid, bool critical)
{
    if (l->count == MAX_EXTS) {
        die("too many extensions");
    }
    raw_ext *e = &l->items[l->count++];
    e->oid = oid;
    e->critical = critical;
    derb_init(&e->value);
    return &e->value;
}

static void ext_list_free(ext_list *l)
{
    for (size_t i = 0; i < l->count; i++) {
        derb_free(&l->items[i].value);
    }
    l->count = 0;
}

static void ext_bc(ext_list *l, bool critical, bool ca, int pathlen)
{
    derb *v = ext_add(l, "2.5.29.19", critical);
    derb_open(v, 0x30);
    if (ca) {
        derb_bool(v, true);
    }
    if (pathlen >= 0) {
        derb_int(v, pathlen);
    }
    derb_close(v);
}

/* ext_ku: bit 0 is digitalSignature; written as a minimal named bit list. */
static void ext_ku(ext_list *l, bool critical, unsigned bits)
{
    derb *v = ext_add(l, "2.5.29.15", critical);
    int last = -1;
    for (int i = 0; i < 16; i++) {
        if (bits & (1u << i)) {
            last = i;
        }
    }
    uint8_t octets[3] = {0, 0, 0};
    size_t n = last < 0 ? 0 : (size_t)last / 8 + 1;
    for (int i = 0; i <= last; i++) {
        if (bits & (1u << i)) {
            octets[1 + i / 8] |= (uint8_t)(0x80u >> (i % 8));
        }
    }
    octets[0] = (uint8_t)(n == 0 ? 0 : 7 - last % 8);
    derb_tlv(v, 0x03, octets, n + 1);
}

enum {
    KU_DS = 1u << 0,
    KU_NR = 1u << 1,
    KU_KE = 1u << 2,
    KU_DE = 1u << 3,
    KU_KA = 1u << 4,
    KU_CERT = 1u << 5,
    KU_CRL = 1u << 6,
    KU_EO = 1u << 7,
    KU_DO = 1u << 8,
};

static void ext_eku(ext_list *l, bool critical, const char *const *oids, size_t n)
{
    derb *v = ext_add(l, "2.5.29.37", critical);
    derb_open(v, 0x30);
    for (size_t i = 0; i < n; i++) {
        derb_oid(v, oids[i]);
    }
    derb_close(v);
}

static void ext_ski(ext_list *l, EVP_PKEY *key)
{
    unsigned char id[20];
    key_id(key, id);
    derb_tlv(ext_add(l, "2.5.29.14", false), 0x04, id, sizeof(id));
}

static void ext_aki(ext_list *l, EVP_PKEY *issuer_key, bool with_issuer)
{
    unsigned char id[20];
    key_id(issuer_key, id);
    derb *v = ext_add(l, "2.5.29.35", false);
    derb_open(v, 0x30);
    derb_tlv(v, 0x80, id, sizeof(id));
    if (with_issuer) {
        derb_open(v, 0xA1);
        derb_open(v, 0xA4);
        derb_open(v, 0x30);
        derb_open(v, 0x31);
        derb_open(v, 0x30);
        derb_oid(v, "2.5.4.3");
        derb_string(v, 0x0C, "Fuzz Root RSA");
        derb_close(v);
        derb_close(v);
        derb_close(v);
        derb_close(v);
        derb_close(v);
        derb_tlv(v, 0x82, "\x01", 1);
    }
    derb_close(v);
}

/* A GeneralName given as "dns:x", "ip:4 or 16 raw octets as hex",
 * "email:x", "uri:x", "rid:1.2.3", "upn:x", "dir:CN" */
static void general_name(derb *v, const char *spec)
{
    const char *colon = strchr(spec, ':');
    if (colon == NULL) {
        die("bad GeneralName spec");
    }
    size_t kind_len = (size_t)(colon - spec);
    const char *value = colon + 1;
    if (strncmp(spec, "dns", kind_len) == 0) {
        derb_string(v, 0x82, value);
    } else if (strncmp(spec, "email", kind_len) == 0) {
        derb_string(v, 0x81, value);
    } else if (strncmp(spec, "uri", kind_len) == 0) {
        derb_string(v, 0x86, value);
    } else if (strncmp(spec, "ip", kind_len) == 0) {
        uint8_t octets[32];
        size_t n = 0;
        for (const char *h = value; h[0] && h[1] && n < sizeof(octets); h += 2) {
            unsigned b = 0;
            sscanf(h, "%2x", &b);
            octets[n++] = (uint8_t)b;
        }
        derb_tlv(v, 0x87, octets, n);
    } else if (strncmp(spec, "rid", kind_len) == 0) {
        derb_open(v, 0x88);
        derb_oid_contents(v, value);
        derb_close(v);
    } else if (strncmp(spec, "upn", kind_len) == 0) {
        derb_open(v, 0xA0);
        derb_oid(v, "1.3.6.1.4.1.311.20.2.3");
        derb_open(v, 0xA0);
        derb_string(v, 0x0C, value);
        derb_close(v);
        derb_close(v);
    } else if (strncmp(spec, "dir", kind_len) == 0) {
        derb_open(v, 0xA4);
        derb_open(v, 0x30);
        derb_open(v, 0x31);
        derb_open(v, 0x30);
        derb_oid(v, "2.5.4.3");
        derb_string(v, 0x0C, value);
        derb_close(v);
        derb_close(v);
        derb_close(v);
        derb_close(v);
    } else {
        die("unknown GeneralName kind");
    }
}

static void ext_names(ext_list *l, const char *oid, bool critical, const char *const *names,
                      size_t n)
{
    derb *v = ext_add(l, oid, critical);
    derb_open(v, 0x30);
    for (size_t i = 0; i < n; i++) {
        general_name(v, names[i]);
    }
    derb_close(v);
}

static void ext_nc(ext_list *l, const char *const *permitted, size_t np,
                   const char *const *excluded, size_t ne)
{
    derb *v = ext_add(l, "2.5.29.30", true);
    derb_open(v, 0x30);
    if (np > 0) {
        derb_open(v, 0xA0);
        for (size_t i = 0; i < np; i++) {
            derb_open(v, 0x30);
            general_name(v, permitted[i]);
            derb_close(v);
        }
        derb_close(v);
    }
    if (ne > 0) {
        derb_open(v, 0xA1);
        for (size_t i = 0; i < ne; i++) {
            derb_open(v, 0x30);
            general_name(v, excluded[i]);
            derb_close(v);
        }
        derb_close(v);
    }
    derb_close(v);
}

static void ext_cp(ext_list *l, bool critical, const char *policy, bool qualifiers)
{
    derb *v = ext_add(l, "2.5.29.32", critical);
    derb_open(v, 0x30);
    derb_open(v, 0x30);
    derb_oid(v, policy);
    if (qualifiers) {
        derb_open(v, 0x30);
        derb_open(v, 0x30);
        derb_oid(v, "1.3.6.1.5.5.7.2.1");
        derb_string(v, 0x16, "https://cps.example/policy");
        derb_close(v);
        derb_open(v, 0x30);
        derb_oid(v, "1.3.6.1.5.5.7.2.2");
        derb_open(v, 0x30);
        derb_open(v, 0x30);
        derb_string(v, 0x0C, "Example Org");
        derb_open(v, 0x30);
        derb_int(v, 1);
        derb_int(v, 3);
        derb_close(v);
        derb_close(v);
        derb_string(v, 0x0C, "explicit text of the notice");
        derb_close(v);
        derb_close(v);
        derb_close(v);
    }
    derb_close(v);
    derb_close(v);
}

static void ext_aia(ext_list *l, const char *oid, const char *method, const char *uri)
{
    derb *v = ext_add(l, oid, false);
    derb_open(v, 0x30);
    derb_open(v, 0x30);
    derb_oid(v, method);
    derb_string(v, 0x86, uri);
    derb_close(v);
    if (strcmp(method, "1.3.6.1.5.5.7.48.1") == 0) {
        derb_open(v, 0x30);
        derb_oid(v, "1.3.6.1.5.5.7.48.2");
        derb_string(v, 0x86, "http://ca.example/issuer.cer");
        derb_close(v);
    }
    derb_close(v);
}

static void ext_crldp(ext_list *l, const char *oid, const char *uri, bool with_reasons)
{
    derb *v = ext_add(l, oid, false);
    derb_open(v, 0x30);
    derb_open(v, 0x30);
    derb_open(v, 0xA0);
    derb_open(v, 0xA0);
    derb_string(v, 0x86, uri);
    derb_close(v);
    derb_close(v);
    if (with_reasons) {
        derb_tlv(v, 0x81, "\x05\x60", 2);
        derb_open(v, 0xA2);
        derb_open(v, 0xA4);
        derb_open(v, 0x30);
        derb_open(v, 0x31);
        derb_open(v, 0x30);
        derb_oid(v, "2.5.4.3");
        derb_string(v, 0x0C, "CRL Issuer");
        derb_close(v);
        derb_close(v);
        derb_close(v);
        derb_close(v);
        derb_close(v);
    }
    derb_close(v);
    derb_close(v);
}

static void ext_sct_list(ext_list *l)
{
    /* an OCTET STRING holding a TLS-encoded SignedCertificateTimestampList */
    static const uint8_t sct[] = {
        0x00, 0x2F, 0x00, 0x2D, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A,
        0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19,
        0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x00, 0x00, 0x01, 0x8F, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x04, 0x03, 0x00, 0x00};
    derb_tlv(ext_add(l, "1.3.6.1.4.1.11129.2.4.2", false), 0x04, sct, sizeof(sct));
}

/* ---- certificates -------------------------------------------------------------- */

typedef struct {
    const char *subject; /* "CN=a,O=b"; "+" joins an attribute to the RDN before;
                          * "CN#bmp=x" picks the string type (utf8, printable,
                          * t61, ia5, bmp, universal, visible) */
    int version;         /* 1 or 3 (0: 3) */
    long serial;
    const char *serial_hex; /* instead of `serial`; "-" prefix for negative */
    const char *not_before, *not_after; /* ASN1_TIME_set_string forms */
    EVP_PKEY *key;       /* the subject's key */
    X509 *issuer;        /* NULL: self-signed */
    EVP_PKEY *issuer_key;
    const char *digest;  /* "SHA256" (default), "SHA1", "SHA384", "none" for Ed* */
    bool pss;
    ext_list *exts;
} cert_spec;

static void add_attribute(X509_NAME *name, const char *spec, int set)
{
    char type[64], kind[16] = "";
    const char *eq = strchr(spec, '=');
    if (eq == NULL || (size_t)(eq - spec) >= sizeof(type)) {
        die("bad name attribute");
    }
    memcpy(type, spec, (size_t)(eq - spec));
    type[eq - spec] = 0;
    char *hash = strchr(type, '#');
    if (hash != NULL) {
        snprintf(kind, sizeof(kind), "%s", hash + 1);
        *hash = 0;
    }
    const char *value = eq + 1;
    size_t n = strlen(value);
    ASN1_OBJECT *obj = OBJ_txt2obj(type, 0);
    if (obj == NULL) {
        die("unknown attribute type");
    }
    int ok;
    if (kind[0] == 0) {
        ok = X509_NAME_add_entry_by_OBJ(name, obj, MBSTRING_UTF8, (const unsigned char *)value,
                                        (int)n, -1, set);
    } else {
        static const struct {
            const char *kind;
            int type;
            int width;
        } kinds[] = {{"utf8", V_ASN1_UTF8STRING, 1},     {"printable", V_ASN1_PRINTABLESTRING, 1},
                     {"t61", V_ASN1_T61STRING, 1},       {"ia5", V_ASN1_IA5STRING, 1},
                     {"bmp", V_ASN1_BMPSTRING, 2},       {"universal", V_ASN1_UNIVERSALSTRING, 4},
                     {"visible", V_ASN1_VISIBLESTRING, 1}};
        int asn1_type = -1, width = 1;
        for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
            if (strcmp(kind, kinds[i].kind) == 0) {
                asn1_type = kinds[i].type;
                width = kinds[i].width;
            }
        }
        if (asn1_type < 0) {
            die("unknown string kind");
        }
        unsigned char wide[1024];
        size_t len = 0;
        for (size_t i = 0; i < n && len + 4 <= sizeof(wide); i++) {
            for (int k = 1; k < width; k++) {
                wide[len++] = 0;
            }
            wide[len++] = (unsigned char)value[i];
        }
        ok = X509_NAME_add_entry_by_OBJ(name, obj, asn1_type, wide, (int)len, -1, set);
    }
    ASN1_OBJECT_free(obj);
    if (!ok) {
        fprintf(stderr, "seedgen: attribute %s (set %d)\n", spec, set);
        die("cannot add a name attribute");
    }
}

static X509_NAME *make_name(const char *text)
{
    X509_NAME *name = X509_NAME_new();
    char buf[2048];
    snprintf(buf, sizeof(buf), "%s", text);
    int set = 0;
    for (char *p = buf; *p;) {
        size_t n = strcspn(p, ",+");
        char sep = p[n];
        p[n] = 0;
        if (n > 0) {
            add_attribute(name, p, set);
        }
        /* "+" adds the next attribute to the RDN just written */
        set = sep == '+' ? -1 : 0;
        if (sep == 0) {
            break;
        }
        p += n + 1;
    }
    return name;
}

static const EVP_MD *digest_of(const char *name)
{
    if (name == NULL) {
        return EVP_sha256();
    }
    if (strcmp(name, "none") == 0) {
        return NULL;
    }
    return EVP_get_digestbyname(name);
}

static X509 *make_cert(const cert_spec *s)
{
    X509 *x = X509_new();
    X509_NAME *subject = make_name(s->subject);
    if (x == NULL || !X509_set_version(x, s->version == 1 ? X509_VERSION_1 : X509_VERSION_3) ||
        !X509_set_subject_name(x, subject) ||
        !X509_set_issuer_name(x, s->issuer ? X509_get_subject_name(s->issuer) : subject) ||
        !ASN1_TIME_set_string(X509_getm_notBefore(x),
                              s->not_before ? s->not_before : "250101000000Z") ||
        !ASN1_TIME_set_string(X509_getm_notAfter(x), s->not_after ? s->not_after : "351231235959Z") ||
        !X509_set_pubkey(x, s->key)) {
        die("cannot fill a certificate");
    }
    if (s->serial_hex != NULL) {
        BIGNUM *bn = NULL;
        bool negative = s->serial_hex[0] == '-';
        if (!BN_hex2bn(&bn, s->serial_hex + negative)) {
            die("serial");
        }
        BN_set_negative(bn, negative);
        ASN1_INTEGER *serial = BN_to_ASN1_INTEGER(bn, NULL);
        if (serial == NULL || !X509_set_serialNumber(x, serial)) {
            die("serial");
        }
        ASN1_INTEGER_free(serial);
        BN_free(bn);
    } else if (!ASN1_INTEGER_set(X509_get_serialNumber(x), s->serial ? s->serial : 1)) {
        die("serial");
    }
    for (size_t i = 0; s->exts != NULL && i < s->exts->count; i++) {
        const raw_ext *e = &s->exts->items[i];
        ASN1_OBJECT *obj = OBJ_txt2obj(e->oid, 1);
        ASN1_OCTET_STRING *os = ASN1_OCTET_STRING_new();
        if (e->value.failed || obj == NULL || os == NULL ||
            !ASN1_OCTET_STRING_set(os, e->value.p, (int)e->value.len)) {
            die("extension");
        }
        X509_EXTENSION *ext = X509_EXTENSION_create_by_OBJ(NULL, obj, e->critical, os);
        if (ext == NULL || !X509_add_ext(x, ext, -1)) {
            die("extension");
        }
        X509_EXTENSION_free(ext);
        ASN1_OCTET_STRING_free(os);
        ASN1_OBJECT_free(obj);
    }
    EVP_PKEY *signer = s->issuer_key ? s->issuer_key : s->key;
    bool eddsa = EVP_PKEY_is_a(signer, "ED25519") || EVP_PKEY_is_a(signer, "ED448");
    const EVP_MD *md = eddsa ? NULL : digest_of(s->digest);
    if (s->pss) {
        EVP_MD_CTX *mctx = EVP_MD_CTX_new();
        EVP_PKEY_CTX *pctx = NULL;
        if (mctx == NULL || EVP_DigestSignInit(mctx, &pctx, md, NULL, signer) != 1 ||
            EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
            EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 0) != 1 || X509_sign_ctx(x, mctx) <= 0) {
            die("PSS signature");
        }
        EVP_MD_CTX_free(mctx);
    } else if (X509_sign(x, signer, md) <= 0) {
        die("signature");
    }
    X509_NAME_free(subject);
    return x;
}

typedef struct {
    uint8_t *p;
    size_t len;
} bytes;

static bytes der_of(X509 *x)
{
    unsigned char *der = NULL;
    int n = i2d_X509(x, &der);
    if (n <= 0) {
        die("i2d_X509");
    }
    return (bytes){der, (size_t)n};
}

static bytes pem_of(X509 *const *certs, size_t n, bool trusted)
{
    BIO *bio = BIO_new(BIO_s_mem());
    for (size_t i = 0; i < n; i++) {
        if (!(trusted ? PEM_write_bio_X509_AUX(bio, certs[i]) : PEM_write_bio_X509(bio, certs[i]))) {
            die("PEM");
        }
    }
    char *data = NULL;
    long len = BIO_get_mem_data(bio, &data);
    uint8_t *copy = malloc((size_t)len);
    if (copy == NULL) {
        die("out of memory");
    }
    memcpy(copy, data, (size_t)len);
    BIO_free(bio);
    return (bytes){copy, (size_t)len};
}

static void write_cert(const char *name, X509 *x)
{
    bytes b = der_of(x);
    write_seed("cert", name, b.p, b.len);
    OPENSSL_free(b.p);
}

/* ---- the certificate seeds ---------------------------------------------------- */

typedef struct {
    keyset k;
    X509 *root, *inter, *leaf, *leaf_rsa, *root_ec, *inter2, *root_ed;
    X509 *leaf_expired, *leaf_nc_violation, *ca_below_pathlen, *leaf_below, *leaf_client;
} pki;

static const char *const server_eku[] = {"1.3.6.1.5.5.7.3.1"};
static const char *const both_eku[] = {"1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"};

static void make_pki(pki *p)
{
    keyset *k = &p->k;
    ext_list e = {0};

    ext_bc(&e, true, true, -1);
    ext_ku(&e, true, KU_CERT | KU_CRL);
    ext_ski(&e, k->rsa);
    p->root = make_cert(&(cert_spec){.subject = "C=US,O=x509strict,CN=Fuzz Root RSA", .serial = 1,
                                     .key = k->rsa, .exts = &e});
    ext_list_free(&e);

    static const char *const permitted[] = {"dns:.example.com", "dns:example.com",
                                            "ip:c000020000ffffff00", "email:example.com"};
    static const char *const excluded[] = {"dns:bad.example.com", "ip:0a000000ff000000"};
    ext_bc(&e, true, true, 0);
    ext_ku(&e, true, KU_CERT | KU_CRL | KU_DS);
    ext_eku(&e, false, both_eku, 2);
    ext_ski(&e, k->ed25519);
    ext_aki(&e, k->rsa, false);
    ext_nc(&e, permitted, 4, excluded, 2);
    ext_cp(&e, false, "2.5.29.32.0", true);
    ext_aia(&e, "1.3.6.1.5.5.7.1.1", "1.3.6.1.5.5.7.48.1", "http://ocsp.example/");
    ext_crldp(&e, "2.5.29.31", "http://crl.example/root.crl", false);
    p->inter = make_cert(&(cert_spec){.subject = "C=US,O=x509strict,CN=Fuzz Intermediate Ed25519",
                                      .serial = 2, .key = k->ed25519, .issuer = p->root,
                                      .issuer_key = k->rsa, .exts = &e});
    ext_list_free(&e);

    static const char *const san[] = {"dns:www.example.com", "dns:example.com",
                                      "dns:*.api.example.com", "ip:c0000201",
                                      "ip:20010db8000000000000000000000001"};
    ext_ku(&e, true, KU_DS);
    ext_eku(&e, false, server_eku, 1);
    ext_names(&e, "2.5.29.17", false, san, 5);
    ext_ski(&e, k->ec);
    ext_aki(&e, k->ed25519, false);
    ext_cp(&e, false, "2.23.140.1.2.1", false);
    ext_aia(&e, "1.3.6.1.5.5.7.1.1", "1.3.6.1.5.5.7.48.1", "http://ocsp.example/int");
    ext_crldp(&e, "2.5.29.31", "http://crl.example/int.crl", false);
    ext_sct_list(&e);
    p->leaf = make_cert(&(cert_spec){.subject = "CN=www.example.com", .serial = 0x1001,
                                     .key = k->ec, .issuer = p->inter, .issuer_key = k->ed25519,
                                     .not_before = "250501000000Z", .not_after = "260501000000Z",
                                     .exts = &e});
    ext_list_free(&e);

    static const char *const client_san[] = {"email:user@example.com", "upn:user@example.com"};
    static const char *const client_eku[] = {"1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4"};
    ext_bc(&e, true, false, -1);
    ext_ku(&e, true, KU_DS | KU_KE);
    ext_eku(&e, false, client_eku, 2);
    ext_names(&e, "2.5.29.17", false, client_san, 2);
    ext_aki(&e, k->ed25519, false);
    p->leaf_client = make_cert(&(cert_spec){.subject = "CN=User,emailAddress=user@example.com",
                                            .serial = 0x1002, .key = k->rsa1024, .issuer = p->inter,
                                            .issuer_key = k->ed25519, .exts = &e});
    ext_list_free(&e);

    /* an RSA leaf straight under the root, SHA-384 */
    static const char *const rsa_san[] = {"dns:rsa.example.com"};
    ext_bc(&e, false, false, -1);
    ext_ku(&e, true, KU_DS | KU_KE);
    ext_eku(&e, false, server_eku, 1);
    ext_names(&e, "2.5.29.17", false, rsa_san, 1);
    ext_ski(&e, k->rsa1024);
    ext_aki(&e, k->rsa, true);
    p->leaf_rsa = make_cert(&(cert_spec){.subject = "CN=rsa.example.com", .serial = 0x1003,
                                         .key = k->rsa1024, .issuer = p->root, .issuer_key = k->rsa,
                                         .digest = "SHA384", .exts = &e});
    ext_list_free(&e);

    /* an EC root (ECDSA-signed: this one differs each run) */
    ext_bc(&e, true, true, 1);
    ext_ku(&e, true, KU_CERT | KU_CRL);
    ext_ski(&e, k->ec384);
    p->root_ec = make_cert(&(cert_spec){.subject = "CN=Fuzz Root EC P-384,O=x509strict", .serial = 3,
                                        .key = k->ec384, .digest = "SHA384", .exts = &e});
    ext_list_free(&e);

    /* an Ed448 root */
    ext_bc(&e, true, true, -1);
    ext_ku(&e, true, KU_CERT | KU_CRL);
    ext_ski(&e, k->ed448);
    p->root_ed = make_cert(&(cert_spec){.subject = "CN=Fuzz Root Ed448", .serial = 4, .key = k->ed448,
                                        .exts = &e});
    ext_list_free(&e);

    /* a CA below the pathLen 0 intermediate, and a leaf below it */
    ext_bc(&e, true, true, -1);
    ext_ku(&e, true, KU_CERT | KU_CRL);
    ext_ski(&e, k->ed25519b);
    ext_aki(&e, k->ed25519, false);
    p->ca_below_pathlen = make_cert(&(cert_spec){.subject = "CN=CA Below PathLen 0", .serial = 5,
                                                 .key = k->ed25519b, .issuer = p->inter,
                                                 .issuer_key = k->ed25519, .exts = &e});
    ext_list_free(&e);
    static const char *const below_san[] = {"dns:below.example.com"};
    ext_names(&e, "2.5.29.17", false, below_san, 1);
    ext_aki(&e, k->ed25519b, false);
    ext_eku(&e, false, server_eku, 1);
    p->leaf_below = make_cert(&(cert_spec){.subject = "CN=below.example.com", .serial = 0x1004,
                                           .key = k->ec, .issuer = p->ca_below_pathlen,
                                           .issuer_key = k->ed25519b, .exts = &e});
    ext_list_free(&e);

    /* a leaf outside the intermediate's name constraints */
    static const char *const outside[] = {"dns:www.example.org", "dns:bad.example.com"};
    ext_names(&e, "2.5.29.17", false, outside, 2);
    ext_aki(&e, k->ed25519, false);
    ext_eku(&e, false, server_eku, 1);
    p->leaf_nc_violation = make_cert(&(cert_spec){.subject = "CN=www.example.org", .serial = 0x1005,
                                                  .key = k->ec, .issuer = p->inter,
                                                  .issuer_key = k->ed25519, .exts = &e});
    ext_list_free(&e);

    /* an expired leaf */
    ext_names(&e, "2.5.29.17", false, san, 1);
    ext_aki(&e, k->ed25519, false);
    p->leaf_expired = make_cert(&(cert_spec){.subject = "CN=www.example.com", .serial = 0x1006,
                                             .key = k->ec, .issuer = p->inter,
                                             .issuer_key = k->ed25519,
                                             .not_before = "200101000000Z",
                                             .not_after = "210101000000Z", .exts = &e});
    ext_list_free(&e);
}

static void free_pki(pki *p)
{
    X509 *all[] = {p->root, p->inter, p->leaf, p->leaf_rsa, p->root_ec, p->inter2, p->root_ed,
                   p->leaf_expired, p->leaf_nc_violation, p->ca_below_pathlen, p->leaf_below,
                   p->leaf_client};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        X509_free(all[i]);
    }
    free_keys(&p->k);
}

static void cert_seeds(pki *p)
{
    keyset *k = &p->k;
    ext_list e = {0};
    write_cert("root-rsa.der", p->root);
    write_cert("intermediate-ed25519.der", p->inter);
    write_cert("leaf-ec-server.der", p->leaf);
    write_cert("leaf-rsa1024-client.der", p->leaf_client);
    write_cert("leaf-rsa-sha384.der", p->leaf_rsa);
    write_cert("root-ec-p384.der", p->root_ec);
    write_cert("root-ed448.der", p->root_ed);
    write_cert("ca-below-pathlen0.der", p->ca_below_pathlen);
    write_cert("leaf-outside-name-constraints.der", p->leaf_nc_violation);

    /* every extension x509strict decodes, on one leaf */
    static const char *const san[] = {"dns:all.example.com", "email:all@example.com",
                                      "uri:https://all.example.com/", "ip:7f000001",
                                      "rid:1.2.3.4", "dir:Directory Name", "upn:upn@example.com"};
    static const char *const ian[] = {"uri:https://ca.example/", "email:ca@example.com"};
    static const char *const any_eku[] = {"2.5.29.37.0", "1.3.6.1.5.5.7.3.3",
                                          "1.3.6.1.5.5.7.3.8", "1.3.6.1.5.5.7.3.9"};
    ext_bc(&e, true, false, -1);
    ext_ku(&e, true, KU_DS | KU_NR | KU_KE | KU_DE | KU_KA | KU_EO | KU_DO);
    ext_eku(&e, false, any_eku, 4);
    ext_names(&e, "2.5.29.17", true, san, 7);
    ext_names(&e, "2.5.29.18", false, ian, 2);
    ext_ski(&e, k->x25519);
    ext_aki(&e, k->ed25519, true);
    ext_cp(&e, false, "1.3.6.1.4.1.99999.7", true);
    ext_aia(&e, "1.3.6.1.5.5.7.1.1", "1.3.6.1.5.5.7.48.1", "http://ocsp.example/all");
    ext_aia(&e, "1.3.6.1.5.5.7.1.11", "1.3.6.1.5.5.7.48.5", "rsync://repo.example/all/");
    ext_crldp(&e, "2.5.29.31", "http://crl.example/all.crl", true);
    ext_crldp(&e, "2.5.29.46", "http://crl.example/delta.crl", false);
    derb *v = ext_add(&e, "2.5.29.33", true); /* policyMappings */
    derb_open(v, 0x30);
    derb_open(v, 0x30);
    derb_oid(v, "1.3.6.1.4.1.99999.7");
    derb_oid(v, "1.3.6.1.4.1.99999.8");
    derb_close(v);
    derb_close(v);
    v = ext_add(&e, "2.5.29.36", true); /* policyConstraints */
    derb_open(v, 0x30);
    derb_tlv(v, 0x80, "\x00", 1);
    derb_tlv(v, 0x81, "\x01", 1);
    derb_close(v);
    derb_int(ext_add(&e, "2.5.29.54", true), 2); /* inhibitAnyPolicy */
    v = ext_add(&e, "2.5.29.9", false); /* subjectDirectoryAttributes */
    derb_open(v, 0x30);
    derb_open(v, 0x30);
    derb_oid(v, "1.3.6.1.5.5.7.9.1");
    derb_open(v, 0x31);
    derb_string(v, 0x18, "19700101000000Z");
    derb_close(v);
    derb_close(v);
    derb_close(v);
    derb_tlv(ext_add(&e, "2.16.840.1.113730.1.1", false), 0x03, "\x05\xA0", 2); /* nsCertType */
    ext_sct_list(&e);
    derb_null(ext_add(&e, "1.3.6.1.4.1.99999.99", false)); /* unknown, not critical */
    X509 *x = make_cert(&(cert_spec){.subject = "CN=all.example.com,O=Every Extension",
                                     .serial = 0x2001, .key = k->x25519, .issuer = p->inter,
                                     .issuer_key = k->ed25519, .exts = &e});
    write_cert("leaf-every-extension.der", x);
    /* the same as a bare TBSCertificate, and followed by its issuer */
    unsigned char *tbs = NULL;
    int tbs_len = i2d_re_X509_tbs(x, &tbs);
    if (tbs_len <= 0) {
        die("i2d_re_X509_tbs");
    }
    write_seed("cert", "tbs-every-extension.der", tbs, (size_t)tbs_len);
    OPENSSL_free(tbs);
    bytes a = der_of(x), b = der_of(p->inter);
    uint8_t *pair = malloc(a.len + b.len);
    memcpy(pair, a.p, a.len);
    memcpy(pair + a.len, b.p, b.len);
    write_seed("cert", "leaf-every-extension+issuer.der", pair, a.len + b.len);
    free(pair);
    OPENSSL_free(a.p);
    OPENSSL_free(b.p);
    X509_free(x);
    ext_list_free(&e);

    /* a precertificate: poison critical, with SCTs too (a defect) */
    ext_names(&e, "2.5.29.17", false, san, 1);
    derb_null(ext_add(&e, "1.3.6.1.4.1.11129.2.4.3", true));
    ext_sct_list(&e);
    ext_aki(&e, k->ed25519, false);
    x = make_cert(&(cert_spec){.subject = "CN=precert.example.com", .serial = 0x2002, .key = k->ec,
                               .issuer = p->inter, .issuer_key = k->ed25519, .exts = &e});
    write_cert("precert-poison-and-scts.der", x);
    X509_free(x);
    ext_list_free(&e);

    /* names: string types, multi-valued RDNs, domain components */
    x = make_cert(&(cert_spec){
        .subject = "DC=com,DC=example,C#printable=DE,ST#t61=Bayern,L#bmp=Muenchen,"
                   "O#universal=Universal Org,OU#printable=Unit+OU#ia5=Other Unit,"
                   "CN#utf8=\xC3\xA9l\xC3\xA8ve \xE2\x9C\x93,serialNumber#printable=12345,"
                   "emailAddress#ia5=names@example.com,1.3.6.1.4.1.311.60.2.1.3#printable=US",
        .serial = 0x2003, .key = k->ed25519b, .issuer = p->inter, .issuer_key = k->ed25519});
    write_cert("names-string-types.der", x);
    X509_free(x);

    /* a v1 root; a v1 certificate carrying extensions is the mutator's job */
    x = make_cert(&(cert_spec){.subject = "C=US,O=Legacy,OU=Class 3 Public Primary",
                               .version = 1, .serial = 0x70, .key = k->rsa, .digest = "SHA1",
                               .not_before = "960129000000Z", .not_after = "280801235959Z"});
    write_cert("v1-root-sha1.der", x);
    X509_free(x);

    /* serial numbers: negative, zero, 21 octets */
    const char *serials[] = {"-1234", "0", "7F0102030405060708090A0B0C0D0E0F1011121314"};
    const char *serial_names[] = {"serial-negative.der", "serial-zero.der", "serial-21-octets.der"};
    for (size_t i = 0; i < 3; i++) {
        ext_aki(&e, k->ed25519, false);
        x = make_cert(&(cert_spec){.subject = "CN=serial.example.com", .serial_hex = serials[i],
                                   .key = k->ec, .issuer = p->inter, .issuer_key = k->ed25519,
                                   .exts = &e});
        write_cert(serial_names[i], x);
        X509_free(x);
        ext_list_free(&e);
    }

    /* GeneralizedTime before 2050, dates after 2050, notBefore after notAfter */
    x = make_cert(&(cert_spec){.subject = "CN=times", .serial = 0x2004, .key = k->ed25519b,
                               .not_before = "20250101000000Z", .not_after = "20601231235959Z"});
    write_cert("times-generalized.der", x);
    X509_free(x);
    x = make_cert(&(cert_spec){.subject = "CN=times backwards", .serial = 0x2005, .key = k->ed25519b,
                               .not_before = "300101000000Z", .not_after = "200101000000Z"});
    write_cert("times-backwards.der", x);
    X509_free(x);

    /* an empty subject with a critical SAN, and without (a defect) */
    static const char *const only[] = {"dns:empty-subject.example.com"};
    ext_names(&e, "2.5.29.17", true, only, 1);
    ext_aki(&e, k->ed25519, false);
    x = make_cert(&(cert_spec){.subject = "", .serial = 0x2006, .key = k->ec, .issuer = p->inter,
                               .issuer_key = k->ed25519, .exts = &e});
    write_cert("empty-subject-critical-san.der", x);
    X509_free(x);
    ext_list_free(&e);

    /* duplicate extensions; an unknown critical one; an empty SAN */
    ext_bc(&e, true, true, -1);
    ext_bc(&e, false, false, -1);
    derb_null(ext_add(&e, "1.3.6.1.4.1.99999.1", true));
    derb *empty = ext_add(&e, "2.5.29.17", false);
    derb_tlv(empty, 0x30, NULL, 0);
    x = make_cert(&(cert_spec){.subject = "CN=duplicates", .serial = 0x2007, .key = k->ed25519b,
                               .exts = &e});
    write_cert("duplicate-and-unknown-critical.der", x);
    X509_free(x);
    ext_list_free(&e);

    /* malformed GeneralNames for the syntax rules */
    static const char *const bad_names[] = {
        "dns:a..b",        "dns:-bad-.example.com", "dns:under_score.example", "dns: ",
        "dns:f*o.example", "dns:192.0.2.1",         "email:not-a-mailbox",     "uri:relative/path",
        "uri:http://",     "ip:0102",               "dns:example.com.",        "dns:xn--a.example"};
    ext_names(&e, "2.5.29.17", false, bad_names, sizeof(bad_names) / sizeof(bad_names[0]));
    x = make_cert(&(cert_spec){.subject = "CN=bad names", .serial = 0x2008, .key = k->ed25519b,
                               .exts = &e});
    write_cert("san-malformed-names.der", x);
    X509_free(x);
    ext_list_free(&e);

    /* name constraints of every form, on a CA */
    static const char *const nc_perm[] = {"dns:.example.com", "email:.example.com",
                                          "uri:.example.com", "ip:c0a80000ffff0000",
                                          "ip:20010db8000000000000000000000000ffffffff000000000000000000000000",
                                          "dir:Permitted"};
    static const char *const nc_excl[] = {"dns:example.net", "email:bad@example.com",
                                          "ip:c0a80100ffffff00", "ip:0a000000ff00ff00"};
    ext_bc(&e, true, true, 2);
    ext_ku(&e, true, KU_CERT);
    ext_nc(&e, nc_perm, 6, nc_excl, 4);
    ext_ski(&e, k->rsa1024);
    x = make_cert(&(cert_spec){.subject = "CN=Constrained CA", .serial = 0x2009, .key = k->rsa1024,
                               .issuer = p->root, .issuer_key = k->rsa, .digest = "SHA1",
                               .exts = &e});
    write_cert("ca-name-constraints-every-form.der", x);
    X509_free(x);
    ext_list_free(&e);

    /* RSA-PSS signature (salt length 0: deterministic) */
    ext_aki(&e, k->rsa, false);
    x = make_cert(&(cert_spec){.subject = "CN=pss.example.com", .serial = 0x200A, .key = k->ec,
                               .issuer = p->root, .issuer_key = k->rsa, .pss = true, .exts = &e});
    write_cert("signed-rsa-pss.der", x);
    X509_free(x);
    ext_list_free(&e);

    /* a CA without keyUsage or SKI, basicConstraints not critical (legacy) */
    ext_bc(&e, false, true, -1);
    x = make_cert(&(cert_spec){.subject = "O=Legacy CA,CN=Not Critical", .serial = 0x200B,
                               .key = k->rsa, .digest = "SHA1", .exts = &e});
    write_cert("legacy-ca-bc-not-critical.der", x);
    X509_free(x);
    ext_list_free(&e);
}

/* ---- DER seeds (for fuzz_der) --------------------------------------------------- */

static void der_seed(const char *name, const void *p, size_t len)
{
    write_seed("der", name, p, len);
}

static void der_seeds(pki *p)
{
    static const struct {
        const char *name;
        const char *bytes;
        size_t len;
    } snippets[] = {
#define SNIP(name, s) {name, s, sizeof(s) - 1}
        SNIP("bool-true", "\x01\x01\xFF"),
        SNIP("bool-not-canonical", "\x01\x01\x01"),
        SNIP("bool-two-octets", "\x01\x02\xFF\xFF"),
        SNIP("int-zero", "\x02\x01\x00"),
        SNIP("int-not-minimal", "\x02\x02\x00\x7F"),
        SNIP("int-negative", "\x02\x02\xFF\x7F"),
        SNIP("int-empty", "\x02\x00"),
        SNIP("int-64bit", "\x02\x09\x00\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF"),
        SNIP("bitstring-padding", "\x03\x02\x07\x81"),
        SNIP("bitstring-unused-8", "\x03\x02\x08\x00"),
        SNIP("bitstring-empty", "\x03\x00"),
        SNIP("bitstring-named", "\x03\x02\x05\xA0"),
        SNIP("null", "\x05\x00"),
        SNIP("null-contents", "\x05\x01\x00"),
        SNIP("oid", "\x06\x03\x55\x1D\x13"),
        SNIP("oid-not-minimal", "\x06\x04\x55\x80\x1D\x13"),
        SNIP("oid-truncated", "\x06\x02\x55\x9D"),
        SNIP("sequence-nested", "\x30\x08\x30\x06\x31\x04\x02\x02\x01\x00"),
        SNIP("length-long-form", "\x30\x81\x03\x02\x01\x05"),
        SNIP("length-four-octets", "\x04\x84\x00\x00\x00\x01\x41"),
        SNIP("length-indefinite", "\x30\x80\x02\x01\x01\x00\x00"),
        SNIP("octets-constructed", "\x24\x06\x04\x01\x41\x04\x01\x42"),
        SNIP("string-constructed", "\x33\x05\x13\x03\x61\x62\x63"),
        SNIP("high-tag-number", "\x9F\x81\x00\x01\x00"),
        SNIP("context-tags", "\xA0\x07\x80\x01\x01\x81\x02\x00\x80"),
        SNIP("trailing-data", "\x05\x00\x00"),
        SNIP("truncated", "\x30\x10\x02\x01"),
        SNIP("time-strings", "\x30\x21\x17\x0D" "250601120000Z" "\x18\x0F" "20500101000000Z" "\x0C\x01" "x"),
#undef SNIP
    };
    for (size_t i = 0; i < sizeof(snippets) / sizeof(snippets[0]); i++) {
        der_seed(snippets[i].name, snippets[i].bytes, snippets[i].len);
    }
    bytes b = der_of(p->leaf);
    der_seed("certificate-leaf", b.p, b.len);
    OPENSSL_free(b.p);
    b = der_of(p->root);
    der_seed("certificate-root", b.p, b.len);
    OPENSSL_free(b.p);
}

/* ---- chain seeds (CBOR envelopes) -------------------------------------------- */

typedef struct {
    X509 *leaf;
    X509 *inter[ENV_MAX_CERTS];
    X509 *pool[ENV_MAX_CERTS];
    X509 *anchors[ENV_MAX_CERTS];
    const char *policy, *purpose, *host;
    int64_t time;
    bool has_time, audit, pem_leaf;
    int max_depth; /* -1: none */
} chain_spec;

static size_t count_of(X509 *const *list)
{
    size_t n = 0;
    while (n < ENV_MAX_CERTS && list[n] != NULL) {
        n++;
    }
    return n;
}

static void chain_seed(const char *name, const chain_spec *s)
{
    envelope e;
    memset(&e, 0, sizeof(e));
    bytes held[1 + 3 * ENV_MAX_CERTS];
    size_t n_held = 0;
    held[n_held] = s->pem_leaf ? pem_of(&s->leaf, 1, false) : der_of(s->leaf);
    e.leaf = (env_bytes){held[n_held].p, held[n_held].len};
    n_held++;
    e.has_leaf = true;
    X509 *const *lists[ENV__LISTS] = {s->inter, s->pool, s->anchors};
    for (int l = 0; l < ENV__LISTS; l++) {
        e.count[l] = count_of(lists[l]);
        for (size_t i = 0; i < e.count[l]; i++) {
            held[n_held] = der_of(lists[l][i]);
            e.certs[l][i] = (env_bytes){held[n_held].p, held[n_held].len};
            n_held++;
        }
    }
    if (s->policy != NULL) {
        e.policy = (env_text){(const uint8_t *)s->policy, strlen(s->policy), true};
    }
    if (s->purpose != NULL) {
        e.purpose = (env_text){(const uint8_t *)s->purpose, strlen(s->purpose), true};
    }
    if (s->host != NULL) {
        e.host = (env_text){(const uint8_t *)s->host, strlen(s->host), true};
    }
    e.has_time = s->has_time;
    e.time = s->time;
    e.has_max_depth = s->max_depth >= 0;
    e.max_depth = s->max_depth;
    e.audit = s->audit;
    size_t cap = 256 * 1024;
    uint8_t *out = malloc(cap);
    size_t len = out != NULL ? envelope_encode(&e, out, cap) : 0;
    if (len == 0) {
        die("envelope");
    }
    envelope check;
    if (!envelope_decode(out, len, &check)) {
        die("an envelope does not decode");
    }
    write_seed("chain", name, out, len);
    free(out);
    for (size_t i = 0; i < n_held; i++) {
        if (s->pem_leaf && i == 0) {
            free(held[i].p);
        } else {
            OPENSSL_free(held[i].p);
        }
    }
}

static void chain_seeds(pki *p)
{
    const int64_t now = INT64_C(1748779200);
    for (size_t i = 0; i < xs_policy_builtin_count(); i++) {
        char name[96];
        snprintf(name, sizeof(name), "valid-%s.cbor", xs_policy_builtin_name(i));
        chain_seed(name, &(chain_spec){.leaf = p->leaf, .inter = {p->inter}, .anchors = {p->root},
                                       .policy = xs_policy_builtin_name(i), .purpose = "serverAuth",
                                       .host = "www.example.com", .time = now, .has_time = true,
                                       .max_depth = -1});
    }
    chain_seed("valid-all-rules.cbor",
               &(chain_spec){.leaf = p->leaf, .inter = {p->inter}, .anchors = {p->root},
                             .policy = "all", .host = "www.example.com", .time = now,
                             .has_time = true, .max_depth = -1});
    chain_seed("intermediate-in-pool.cbor",
               &(chain_spec){.leaf = p->leaf, .pool = {p->inter, p->leaf_rsa}, .anchors = {p->root},
                             .policy = "python-3.13", .host = "example.com", .max_depth = -1});
    chain_seed("missing-intermediate.cbor",
               &(chain_spec){.leaf = p->leaf, .anchors = {p->root}, .policy = "openssl-default",
                             .host = "www.example.com", .max_depth = -1});
    chain_seed("partial-chain-anchor.cbor",
               &(chain_spec){.leaf = p->leaf, .anchors = {p->inter}, .policy = "python-3.13",
                             .host = "api.example.com", .max_depth = -1});
    chain_seed("wrong-host.cbor",
               &(chain_spec){.leaf = p->leaf, .inter = {p->inter}, .anchors = {p->root},
                             .policy = "rfc5280", .host = "wrong.example.net", .max_depth = -1});
    chain_seed("ip-host.cbor",
               &(chain_spec){.leaf = p->leaf, .inter = {p->inter}, .anchors = {p->root},
                             .policy = "rfc5280", .host = "2001:db8::1", .max_depth = -1});
    chain_seed("expired.cbor",
               &(chain_spec){.leaf = p->leaf_expired, .inter = {p->inter}, .anchors = {p->root},
                             .policy = "legacy", .host = "www.example.com", .max_depth = -1});
    chain_seed("not-yet-valid.cbor",
               &(chain_spec){.leaf = p->leaf, .inter = {p->inter}, .anchors = {p->root},
                             .policy = "rfc5280", .time = INT64_C(1609459200), .has_time = true,
                             .max_depth = -1});
    chain_seed("client-purpose.cbor",
               &(chain_spec){.leaf = p->leaf_client, .inter = {p->inter}, .anchors = {p->root},
                             .policy = "openssl-strict", .purpose = "clientAuth",
                             .max_depth = -1});
    chain_seed("pathlen-exceeded.cbor",
               &(chain_spec){.leaf = p->leaf_below, .inter = {p->ca_below_pathlen, p->inter},
                             .anchors = {p->root}, .policy = "rfc5280",
                             .host = "below.example.com", .max_depth = -1});
    chain_seed("name-constraints-violated.cbor",
               &(chain_spec){.leaf = p->leaf_nc_violation, .inter = {p->inter},
                             .anchors = {p->root}, .policy = "rfc5280",
                             .host = "www.example.org", .max_depth = -1});
    chain_seed("rsa-leaf-under-root.cbor",
               &(chain_spec){.leaf = p->leaf_rsa, .anchors = {p->root, p->root_ec},
                             .policy = "openssl-default", .host = "rsa.example.com",
                             .max_depth = 1});
    chain_seed("depth-zero.cbor",
               &(chain_spec){.leaf = p->leaf, .inter = {p->inter}, .anchors = {p->root},
                             .policy = "rfc5280", .max_depth = 0});
    chain_seed("pem-leaf.cbor",
               &(chain_spec){.leaf = p->leaf, .pem_leaf = true, .inter = {p->inter},
                             .anchors = {p->root}, .policy = "python-3.13",
                             .host = "www.example.com", .max_depth = -1});
    chain_seed("self-signed-leaf.cbor",
               &(chain_spec){.leaf = p->root_ed, .anchors = {p->root_ed}, .policy = "rfc5280",
                             .max_depth = -1});
    chain_seed("audit-rsa-root.cbor",
               &(chain_spec){.leaf = p->leaf, .inter = {p->inter}, .anchors = {p->root},
                             .policy = "python-3.13", .audit = true, .max_depth = -1});
    chain_seed("audit-ec-root.cbor",
               &(chain_spec){.leaf = p->leaf_rsa, .anchors = {p->root_ec}, .policy = "legacy",
                             .audit = true, .max_depth = -1});
    chain_seed("audit-ed448-root.cbor",
               &(chain_spec){.leaf = p->root_ed, .anchors = {p->root_ed}, .policy = "openssl-strict",
                             .audit = true, .max_depth = -1});
    chain_seed("audit-intermediate.cbor",
               &(chain_spec){.leaf = p->leaf, .anchors = {p->inter}, .policy = "rfc5280",
                             .audit = true, .max_depth = -1});
}

/* ---- policy seeds ---------------------------------------------------------------- */

static void policy_seeds(const char *policies_dir)
{
    static const char *const shipped[] = {"rfc5280", "legacy", "openssl-default",
                                          "openssl-strict", "python-3.13"};
    for (size_t i = 0; i < sizeof(shipped) / sizeof(shipped[0]); i++) {
        char path[4096], name[128];
        snprintf(path, sizeof(path), "%s/%s.policy", policies_dir, shipped[i]);
        FILE *f = fopen(path, "rb");
        if (f == NULL) {
            continue;
        }
        char buf[65536];
        size_t n = fread(buf, 1, sizeof(buf), f);
        fclose(f);
        snprintf(name, sizeof(name), "shipped-%s.policy", shipped[i]);
        write_seed("policy", name, buf, n);
    }
    static const struct {
        const char *name;
        const char *text;
    } crafted[] = {
        {"inherit-parent-files.policy", "inherit top\nsummary three levels of parents\n"},
        {"inherit-shadowed-builtin.policy", "inherit python-3.13\n"},
        {"inherit-cycle.policy", "inherit ping\n"},
        {"inherit-too-deep.policy", "inherit d1\n"},
        {"inherit-broken-parent.policy", "inherit broken\n"},
        {"inherit-late.policy", "summary first\ninherit rfc5280\n"},
        {"every-directive.policy",
         "inherit openssl-default\n"
         "name every-directive\n"
         "summary   every directive once, with spaces and a # comment\n"
         "flag x509_strict on\nflag partial_chain off\nflag trusted_first on\n"
         "flag no_alt_chains on\nflag ignore_critical off\nflag allow_proxy_certs on\n"
         "flag check_ss_signature on\nflag no_check_time off\nflag policy_check on\n"
         "flag explicit_policy on\nflag inhibit_any on\nflag inhibit_map on\n"
         "flag crl_check off\nflag crl_check_all off\nflag no_partial_wildcards on\n"
         "purpose emailProtection\nmax_depth 255\nauth_level 5\n"
         "severity all notice\nseverity family:der error\nseverity level:MUST error\n"
         "severity level:SHOULD warn\nseverity level:NONE off\n"
         "severity CA_BCONS_NOT_CRITICAL warn\nchecks warn\neffective_dates off\n"},
        {"errors-unknown.policy", "flag nonsense on\n"},
        {"errors-values.policy", "max_depth 256\n"},
        {"errors-severity.policy", "severity NO_SUCH_RULE error\n"},
        {"errors-selector.policy", "severity family:nosuch error\n"},
        {"errors-words.policy", "severity a b c d e\n"},
        {"crlf.policy", "name crlf\r\npurpose any\r\nauth_level -1\r\n"},
        {"whitespace.policy", "\t \n  # only a comment\n\nsummary\nname x.y-z_1\n"},
        {"numbers.policy", "max_depth 0\nauth_level -1\nmax_depth +7\nauth_level 007\n"},
    };
    for (size_t i = 0; i < sizeof(crafted) / sizeof(crafted[0]); i++) {
        write_seed("policy", crafted[i].name, crafted[i].text, strlen(crafted[i].text));
    }
}

/* ---- loader seeds -------------------------------------------------------------------- */

static void load_seed(const char *name, const void *p, size_t len)
{
    write_seed("load", name, p, len);
}

static void load_seeds(pki *p)
{
    X509 *bundle[] = {p->leaf, p->inter, p->root};
    bytes pem = pem_of(bundle, 3, false);
    load_seed("bundle-3.pem", pem.p, pem.len);

    /* CRLF line endings */
    uint8_t *crlf = malloc(pem.len * 2);
    size_t n = 0;
    for (size_t i = 0; i < pem.len; i++) {
        if (pem.p[i] == '\n') {
            crlf[n++] = '\r';
        }
        crlf[n++] = pem.p[i];
    }
    load_seed("bundle-crlf.pem", crlf, n);
    free(crlf);

    /* noise around and between blocks: text, a key, a CRL-shaped block */
    static const char before[] = "Subject: CN=www.example.com\nsome notes\n\n";
    static const char key_block[] = "-----BEGIN PRIVATE KEY-----\n"
                                    "MC4CAQAwBQYDK2VwBCIEIBERERERERERERERERERERERERERERERERERERERERER\n"
                                    "-----END PRIVATE KEY-----\n";
    static const char crl_block[] = "-----BEGIN X509 CRL-----\nMAA=\n-----END X509 CRL-----\n";
    bytes first = pem_of(bundle, 1, false);
    uint8_t *mixed = malloc(sizeof(before) + sizeof(key_block) + sizeof(crl_block) + first.len);
    n = 0;
    memcpy(mixed + n, before, sizeof(before) - 1);
    n += sizeof(before) - 1;
    memcpy(mixed + n, key_block, sizeof(key_block) - 1);
    n += sizeof(key_block) - 1;
    memcpy(mixed + n, first.p, first.len);
    n += first.len;
    memcpy(mixed + n, crl_block, sizeof(crl_block) - 1);
    n += sizeof(crl_block) - 1;
    load_seed("mixed-blocks.pem", mixed, n);
    free(mixed);

    /* a truncated block */
    load_seed("truncated.pem", first.p, first.len / 2);
    free(first.p);

    /* TRUSTED CERTIFICATE with trust settings */
    X509 *trusted = X509_dup(p->root);
    ASN1_OBJECT *server = OBJ_txt2obj("1.3.6.1.5.5.7.3.1", 1);
    if (trusted == NULL || server == NULL || !X509_add1_trust_object(trusted, server) ||
        !X509_alias_set1(trusted, (const unsigned char *)"fuzz root", -1)) {
        die("trust settings");
    }
    bytes aux = pem_of(&trusted, 1, true);
    load_seed("trusted-certificate.pem", aux.p, aux.len);
    free(aux.p);
    ASN1_OBJECT_free(server);
    X509_free(trusted);

    /* the old block name */
    bytes one = pem_of(&p->leaf_rsa, 1, false);
    char *old = malloc(one.len + 16);
    size_t o = 0;
    for (size_t i = 0; i < one.len;) {
        if (strncmp((const char *)one.p + i, "CERTIFICATE-----", 16) == 0) {
            memcpy(old + o, "X509 ", 5);
            o += 5;
        }
        old[o++] = (char)one.p[i++];
    }
    load_seed("x509-certificate-block.pem", old, o);
    free(old);
    free(one.p);

    /* PEM headers before the base64 */
    static const char headers[] = "-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\n"
                                  "DEK-Info: AES-128-CBC,00000000000000000000000000000000\n\n"
                                  "MAA=\n-----END CERTIFICATE-----\n";
    load_seed("pem-headers.pem", headers, sizeof(headers) - 1);

    /* concatenated DER with whitespace between */
    bytes a = der_of(p->leaf), b = der_of(p->inter);
    uint8_t *der = malloc(a.len + b.len + 2);
    memcpy(der, a.p, a.len);
    der[a.len] = '\n';
    memcpy(der + a.len + 1, b.p, b.len);
    der[a.len + 1 + b.len] = ' ';
    load_seed("der-two-with-space.der", der, a.len + b.len + 2);
    load_seed("der-one.der", a.p, a.len);
    load_seed("der-trailing-byte.der", der, a.len + 1 + b.len + 1);
    free(der);
    OPENSSL_free(a.p);
    OPENSSL_free(b.p);
    free(pem.p);
}

/* ---- audit seeds: a certificate, then the store members it chains to ---- */

static void audit_seed(const char *name, X509 *const *certs, size_t n)
{
    uint8_t *all = NULL;
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        bytes b = der_of(certs[i]);
        all = realloc(all, len + b.len);
        if (all == NULL) {
            die("out of memory");
        }
        memcpy(all + len, b.p, b.len);
        len += b.len;
        OPENSSL_free(b.p);
    }
    write_seed("audit", name, all, len);
    free(all);
}

static void audit_seeds(pki *p)
{
    audit_seed("root-rsa", (X509 *[]){p->root}, 1);
    audit_seed("root-ec", (X509 *[]){p->root_ec}, 1);
    audit_seed("root-ed448", (X509 *[]){p->root_ed}, 1);
    audit_seed("intermediate+root", (X509 *[]){p->inter, p->root}, 2);
    audit_seed("leaf+intermediate+root", (X509 *[]){p->leaf, p->inter, p->root}, 3);
    audit_seed("leaf-rsa+root", (X509 *[]){p->leaf_rsa, p->root}, 2);
    audit_seed("leaf-without-chain", (X509 *[]){p->leaf}, 1);
    audit_seed("expired+intermediate+root", (X509 *[]){p->leaf_expired, p->inter, p->root}, 3);
    audit_seed("below-pathlen+chain",
               (X509 *[]){p->leaf_below, p->ca_below_pathlen, p->inter, p->root}, 4);
    audit_seed("outside-constraints+chain", (X509 *[]){p->leaf_nc_violation, p->inter, p->root},
               3);
    audit_seed("client+chain", (X509 *[]){p->leaf_client, p->inter, p->root}, 3);
    /* a TRUSTED CERTIFICATE's DER: the certificate, then its trust settings */
    X509 *trusted = X509_dup(p->root);
    ASN1_OBJECT *server = OBJ_txt2obj("1.3.6.1.5.5.7.3.1", 1);
    unsigned char *aux = NULL;
    int aux_len = -1;
    if (trusted != NULL && server != NULL && X509_add1_reject_object(trusted, server)) {
        aux_len = i2d_X509_AUX(trusted, &aux);
    }
    if (aux_len <= 0) {
        die("trust settings");
    }
    write_seed("audit", "root-with-trust-settings", aux, (size_t)aux_len);
    OPENSSL_free(aux);
    ASN1_OBJECT_free(server);
    X509_free(trusted);
}

/* ---- the system store, and corpus/ ---------------------------------------------------- */

typedef struct {
    char (*seen)[65];
    size_t seen_count, seen_cap;
    uint8_t *bundle;
    size_t bundle_len, bundle_count, bundles, certs;
} store_walk;

static bool seen_before(store_walk *w, const char *sha)
{
    for (size_t i = 0; i < w->seen_count; i++) {
        if (strcmp(w->seen[i], sha) == 0) {
            return true;
        }
    }
    if (w->seen_count == w->seen_cap) {
        w->seen_cap = w->seen_cap ? w->seen_cap * 2 : 256;
        w->seen = realloc(w->seen, w->seen_cap * sizeof(*w->seen));
        if (w->seen == NULL) {
            die("out of memory");
        }
    }
    memcpy(w->seen[w->seen_count++], sha, 65);
    return false;
}

static void flush_bundle(store_walk *w)
{
    if (w->bundle_count > 0) {
        char name[64];
        snprintf(name, sizeof(name), "store-bundle-%zu.der", w->bundles++);
        write_seed("load", name, w->bundle, w->bundle_len);
    }
    w->bundle_len = w->bundle_count = 0;
}

/* store_cert writes one certificate as seeds for cert, der, chain and load. */
static void store_cert(store_walk *w, const uint8_t *der, size_t len, const char *sha)
{
    char name[96];
    snprintf(name, sizeof(name), "store-%.16s.der", sha);
    write_seed("cert", name, der, len);
    write_seed("der", name, der, len);
    write_seed("audit", name, der, len);
    /* each certificate as the anchor of its own chain, judged as audit does */
    envelope e;
    memset(&e, 0, sizeof(e));
    e.has_leaf = true;
    e.leaf = (env_bytes){der, len};
    e.count[ENV_ANCHORS] = 1;
    e.certs[ENV_ANCHORS][0] = (env_bytes){der, len};
    e.audit = true;
    const char *policy = xs_policy_builtin_name(w->certs % xs_policy_builtin_count());
    e.policy = (env_text){(const uint8_t *)policy, strlen(policy), true};
    static uint8_t out[1 << 18];
    size_t out_len = envelope_encode(&e, out, sizeof(out));
    if (out_len > 0) {
        snprintf(name, sizeof(name), "store-%.16s.cbor", sha);
        write_seed("chain", name, out, out_len);
    }
    /* bundles of eight, as DER one after another */
    w->bundle = realloc(w->bundle, w->bundle_len + len);
    if (w->bundle == NULL) {
        die("out of memory");
    }
    memcpy(w->bundle + w->bundle_len, der, len);
    w->bundle_len += len;
    if (++w->bundle_count == 8) {
        flush_bundle(w);
    }
    w->certs++;
}

/* store_file loads every certificate of one file, raw (lint does, and
 * corpus/ holds certificates OpenSSL cannot parse); files that hold none
 * are skipped. */
static void store_file(store_walk *w, const char *path)
{
    xs_certs *certs = NULL;
    char err[512] = "";
    if (xs_certs_new(&certs) != XS_OK) {
        die("out of memory");
    }
    if (xs_certs_load_path_ex(certs, path, XS_LOAD_RAW, err, sizeof(err)) == XS_OK) {
        for (size_t i = 0; i < xs_certs_count(certs); i++) {
            size_t len = 0;
            const uint8_t *der = xs_certs_der(certs, i, &len);
            char sha[65];
            xs_certs_sha256_hex(certs, i, sha);
            if (!seen_before(w, sha)) {
                store_cert(w, der, len, sha);
            }
        }
    }
    xs_certs_free(certs);
}

static void store_tree(store_walk *w, const char *path, int depth)
{
    struct stat sb;
    if (stat(path, &sb) != 0 || depth > 16) {
        return;
    }
    if (!S_ISDIR(sb.st_mode)) {
        if (S_ISREG(sb.st_mode) && sb.st_size > 0) {
            store_file(w, path);
        }
        return;
    }
    DIR *dir = opendir(path);
    if (dir == NULL) {
        return;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }
        names = realloc(names, (n + 1) * sizeof(*names));
        size_t need = strlen(path) + strlen(e->d_name) + 2;
        if (names == NULL || (names[n] = malloc(need)) == NULL) {
            die("out of memory");
        }
        snprintf(names[n++], need, "%s/%s", path, e->d_name);
    }
    closedir(dir);
    qsort(names, n, sizeof(*names), compare_strings);
    for (size_t i = 0; i < n; i++) {
        store_tree(w, names[i], depth + 1);
        free(names[i]);
    }
    free(names);
}

static void store_seeds(const char *path)
{
    store_walk w;
    memset(&w, 0, sizeof(w));
    store_tree(&w, path, 0);
    flush_bundle(&w);
    free(w.bundle);
    free(w.seen);
    printf("seedgen: %zu certificates from %s\n", w.certs, path);
}

/* ---- dictionaries ----------------------------------------------------------------------- */

static void print_dict_bytes(const char *comment_name, const uint8_t *p, size_t len)
{
    printf("# %s\n\"", comment_name);
    for (size_t i = 0; i < len; i++) {
        printf("\\x%02X", p[i]);
    }
    printf("\"\n");
}

static void dict_oids(void)
{
    for (size_t i = 0; i < FUZZ_OID_COUNT; i++) {
        derb b;
        derb_init(&b);
        derb_oid(&b, fuzz_oids[i]);
        if (b.failed) {
            die("OID");
        }
        print_dict_bytes(fuzz_oids[i], b.p, b.len);
        derb_free(&b);
    }
}

static void dict_policy(void)
{
    const char *families[64];
    size_t n_families = 0;
    for (size_t i = 0; i < xs_rule_count(); i++) {
        const xs_rule_info *r = xs_rule_get(i);
        printf("\"%s\"\n", r->mnemonic);
        bool seen = false;
        for (size_t f = 0; f < n_families; f++) {
            seen |= strcmp(families[f], r->family) == 0;
        }
        if (!seen && n_families < 64) {
            families[n_families++] = r->family;
            printf("\"family:%s\"\n", r->family);
        }
    }
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "seeds") == 0) {
        out_root = argv[2];
        make_dir(out_root);
        pki p;
        memset(&p, 0, sizeof(p));
        load_keys(&p.k);
        make_pki(&p);
        cert_seeds(&p);
        der_seeds(&p);
        chain_seeds(&p);
        policy_seeds(argv[3]);
        load_seeds(&p);
        audit_seeds(&p);
        free_pki(&p);
        printf("seedgen: %zu seeds in %s\n", files_written, out_root);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "store") == 0) {
        out_root = argv[3];
        make_dir(out_root);
        store_seeds(argv[2]);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "dict-oids") == 0) {
        dict_oids();
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "dict-policy") == 0) {
        dict_policy();
        return 0;
    }
    fprintf(stderr, "usage: %s seeds DIR POLICIES | store PATH OUTDIR | dict-oids | dict-policy\n",
            argv[0]);
    return 2;
}
