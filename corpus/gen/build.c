/*
 * build.c: one certificate from its spec: the TBSCertificate written node
 * by node, edits applied, signed with the issuer's key from corpus/keys,
 * then edits after signing.
 *
 * Signatures: RSA PKCS#1 v1.5 and Ed25519 are deterministic, so a rebuild
 * gives the same bytes. ECDSA in OpenSSL 3.0 is not: when the directory
 * already holds a certificate with the same TBSCertificate whose signature
 * verifies under the same key, its signature is reused, so a rebuild still
 * gives the committed bytes.
 */
#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <string.h>

#include "gen_internal.h"

static const char *profile_exts(int profile)
{
    switch (profile) {
    case P_LEAF:
        return "bc!=;ku!=auto;eku=serverAuth;san=dns:$HOST;ski;aki";
    case P_INT:
        return "bc!=ca;ku!=keyCertSign,cRLSign;ski;aki";
    case P_ROOT:
        return "bc!=ca;ku!=keyCertSign,cRLSign;ski";
    default:
        return "";
    }
}

static const char *default_key(const gcert *s)
{
    if (strcmp(s->id, "root") == 0 || strcmp(s->id, "ca") == 0) {
        return "rsa2048-a";
    }
    if (strcmp(s->id, "int") == 0) {
        return "rsa2048-b";
    }
    if (strcmp(s->id, "int2") == 0) {
        return "rsa2048-c";
    }
    if (strcmp(s->id, "root2") == 0) {
        return "rsa2048-d";
    }
    if (strcmp(s->id, "int3") == 0) {
        return "rsa2048-e";
    }
    return s->profile == P_LEAF ? "p256-a" : "rsa2048-f";
}

static const char *default_subject(const gcert *s, const char *host)
{
    if (s->profile == P_LEAF || strcmp(s->id, "leaf") == 0) {
        return ga_printf("CN=%s", host != NULL ? host : GEN_DEFAULT_HOST);
    }
    if (strcmp(s->id, "root") == 0 || strcmp(s->id, "ca") == 0) {
        return "C=US,O=x509strict corpus,CN=Corpus Root CA";
    }
    if (strcmp(s->id, "int") == 0) {
        return "C=US,O=x509strict corpus,CN=Corpus Intermediate CA";
    }
    return ga_printf("C=US,O=x509strict corpus,CN=Corpus %s", s->id);
}

/* Default validity: roots 2020-2040, intermediates 2021-2036, leaves
 * 2025-2030 (nested, and valid both at the cases' time and for years). */
static void default_dates(const gcert *s, const char **nb, const char **na)
{
    bool self = s->by == NULL || strcmp(s->by, s->id) == 0;
    if (s->profile == P_ROOT || (s->profile >= P_BARE && self)) {
        *nb = "2020-01-01";
        *na = "2040-01-01";
    } else if (s->profile == P_INT) {
        *nb = "2021-01-01";
        *na = "2036-01-01";
    } else {
        *nb = "2025-01-01";
        *na = "2030-01-01";
    }
}

static unsigned char *default_serial(const gcase *c, const gcert *s, size_t *len)
{
    unsigned char md[SHA256_DIGEST_LENGTH];
    char *seed = ga_printf("%s/%s/%s", c->folder, c->name, s->id);
    SHA256((const unsigned char *)seed, strlen(seed), md);
    unsigned char *serial = ga_memdup(md, 16);
    serial[0] = (unsigned char)((serial[0] & 0x7F) | 0x10);
    *len = 16;
    return serial;
}

/* sig_alg: the AlgorithmIdentifier for `signer` with `digest`. */
static gnode *sig_alg(EVP_PKEY *signer, const char *digest, const char *what)
{
    static const struct {
        const char *kind, *digest, *oid;
        bool null_params;
    } algs[] = {
        {"rsa", "md5", "1.2.840.113549.1.1.4", true},
        {"rsa", "sha1", "1.2.840.113549.1.1.5", true},
        {"rsa", "sha224", "1.2.840.113549.1.1.14", true},
        {"rsa", "sha256", "1.2.840.113549.1.1.11", true},
        {"rsa", "sha384", "1.2.840.113549.1.1.12", true},
        {"rsa", "sha512", "1.2.840.113549.1.1.13", true},
        {"ec", "sha1", "1.2.840.10045.4.1", false},
        {"ec", "sha224", "1.2.840.10045.4.3.1", false},
        {"ec", "sha256", "1.2.840.10045.4.3.2", false},
        {"ec", "sha384", "1.2.840.10045.4.3.3", false},
        {"ec", "sha512", "1.2.840.10045.4.3.4", false},
    };
    const char *kind = gen_key_kind(signer);
    if (strcmp(kind, "ed25519") == 0) {
        return gn_add(gn_seq(), gn_oid("1.3.101.112"));
    }
    for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
        if (strcmp(algs[i].kind, kind) == 0 && strcmp(algs[i].digest, digest) == 0) {
            gnode *a = gn_add(gn_seq(), gn_oid(algs[i].oid));
            return algs[i].null_params ? gn_add(a, gn_null()) : a;
        }
    }
    gen_die("%s: no signature algorithm for a %s key with %s", what, kind, digest);
}

static unsigned char *sign(EVP_PKEY *key, const char *digest, const unsigned char *tbs,
                           size_t tbs_len, size_t *sig_len, const char *what)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    const char *mdname = EVP_PKEY_is_a(key, "ED25519") ? NULL : digest;
    size_t len = 0;
    unsigned char *sig = NULL;
    if (md == NULL || EVP_DigestSignInit_ex(md, NULL, mdname, NULL, NULL, key, NULL) != 1 ||
        EVP_DigestSign(md, NULL, &len, tbs, tbs_len) != 1) {
        gen_die("%s: cannot sign with %s", what, mdname != NULL ? mdname : "the key");
    }
    sig = ga_alloc(len);
    if (EVP_DigestSign(md, sig, &len, tbs, tbs_len) != 1) {
        gen_die("%s: signing failed", what);
    }
    EVP_MD_CTX_free(md);
    *sig_len = len;
    return sig;
}

static bool verifies(EVP_PKEY *key, const char *digest, const unsigned char *tbs, size_t tbs_len,
                     const unsigned char *sig, size_t sig_len)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    bool ok = md != NULL && EVP_DigestVerifyInit_ex(md, NULL, digest, NULL, NULL, key, NULL) == 1 &&
              EVP_DigestVerify(md, sig, sig_len, tbs, tbs_len) == 1;
    EVP_MD_CTX_free(md);
    return ok;
}

/* tlv reads one element's header: *hdr octets, *len contents. */
static bool tlv(const unsigned char *p, size_t n, size_t *hdr, size_t *len)
{
    if (n < 2 || (p[0] & 0x1F) == 0x1F) {
        return false;
    }
    if (p[1] < 0x80) {
        *hdr = 2;
        *len = p[1];
    } else {
        size_t k = p[1] & 0x7F;
        if (k == 0 || k > 4 || n < 2 + k) {
            return false;
        }
        size_t v = 0;
        for (size_t i = 0; i < k; i++) {
            v = v << 8 | p[2 + i];
        }
        *hdr = 2 + k;
        *len = v;
    }
    return *len <= n - *hdr;
}

/* reuse_signature finds a committed certificate with this exact TBS whose
 * signature verifies, and returns its signature value. */
static unsigned char *reuse_signature(gbuild *b, EVP_PKEY *key, const char *digest,
                                      const unsigned char *tbs, size_t tbs_len, size_t *sig_len)
{
    for (size_t i = 0; i < b->nprev; i++) {
        const unsigned char *p = b->prev[i];
        size_t n = b->prev_len[i], h, l, th, tl, ah, al, sh, sl;
        if (!tlv(p, n, &h, &l) || !tlv(p + h, l, &th, &tl)) {
            continue;
        }
        const unsigned char *t = p + h;
        if (th + tl != tbs_len || memcmp(t, tbs, tbs_len) != 0) {
            continue;
        }
        const unsigned char *a = t + tbs_len;
        size_t rest = l - tbs_len;
        if (!tlv(a, rest, &ah, &al) || !tlv(a + ah + al, rest - ah - al, &sh, &sl) || sl < 1) {
            continue;
        }
        const unsigned char *s = a + ah + al + sh + 1;
        if (verifies(key, digest, tbs, tbs_len, s, sl - 1)) {
            *sig_len = sl - 1;
            return ga_memdup(s, sl - 1);
        }
    }
    return NULL;
}

/* spki_of writes the key's SubjectPublicKeyInfo; "NAME:explicit" gives an
 * EC key with explicit curve parameters. */
static gnode *spki_of(EVP_PKEY *key, bool explicit_ec, const char *what)
{
    EVP_PKEY *k = key;
    if (explicit_ec) {
        k = EVP_PKEY_dup(key);
        if (k == NULL ||
            !EVP_PKEY_set_utf8_string_param(k, OSSL_PKEY_PARAM_EC_ENCODING,
                                            OSSL_PKEY_EC_ENCODING_EXPLICIT)) {
            gen_die("%s: cannot make explicit EC parameters", what);
        }
    }
    unsigned char *der = NULL;
    int len = i2d_PUBKEY(k, &der);
    if (len <= 0) {
        gen_die("%s: cannot encode the public key", what);
    }
    gnode *n = gn_parse(der, (size_t)len);
    if (n == NULL) {
        gen_die("%s: cannot read back the public key", what);
    }
    OPENSSL_free(der);
    if (k != key) {
        EVP_PKEY_free(k);
    }
    return n;
}

/* spki_bits: the subjectPublicKey BIT STRING contents after the unused-bits
 * octet, from an SPKI encoding. */
static const unsigned char *spki_bits(const unsigned char *p, size_t n, size_t *len)
{
    size_t h, l, ah, al, bh, bl;
    if (!tlv(p, n, &h, &l) || !tlv(p + h, l, &ah, &al) ||
        !tlv(p + h + ah + al, l - ah - al, &bh, &bl) || bl < 1) {
        *len = 0;
        return p;
    }
    *len = bl - 1;
    return p + h + ah + al + bh + 1;
}

gbuilt *gen_find(gbuild *b, const char *id)
{
    for (size_t i = 0; i < GEN_MAX_CERTS && b->c->certs[i].id != NULL; i++) {
        if (strcmp(b->c->certs[i].id, id) == 0) {
            return gen_build_cert(b, i);
        }
    }
    gen_die("%s/%s: no certificate '%s'", b->c->folder, b->c->name, id);
}

static const char *subst_host(const char *s, const char *host)
{
    const char *h = strstr(s, "$HOST");
    if (h == NULL) {
        return s;
    }
    return ga_printf("%.*s%s%s", (int)(h - s), s, host != NULL ? host : "corpus.invalid",
                     h + 5);
}

static const char *recipe(const gcert *s, const char *key, const char *signer_key,
                          const char *digest)
{
    gbuf rb = {0}, *r = &rb;
    gb_printf(r, "recipe: %s: ", s->id);
    static const char *const profiles[] = {"leaf", "intermediate", "root", "bare", "v1"};
    gb_printf(r, "profile %s", profiles[s->profile]);
    if (s->version != 0) {
        gb_printf(r, ", version %d", s->version);
    }
    gb_printf(r, ", key %s", key);
    if (s->by != NULL && strcmp(s->by, s->id) != 0) {
        gb_printf(r, ", issued by %s (%s, %s)", s->by, signer_key, digest);
    } else {
        gb_printf(r, ", self-signed (%s)", digest);
    }
    if (s->subject != NULL) {
        gb_printf(r, ", subject \"%s\"", s->subject);
    }
    if (s->issuer != NULL) {
        gb_printf(r, ", issuer name \"%s\"", s->issuer);
    }
    if (s->nb != NULL || s->na != NULL) {
        gb_printf(r, ", validity %s .. %s", s->nb != NULL ? s->nb : "default",
                  s->na != NULL ? s->na : "default");
    }
    if (s->serial != NULL) {
        gb_printf(r, ", serial %s", s->serial);
    }
    if (s->ext != NULL) {
        gb_printf(r, ", extensions \"%s\"", s->ext);
    }
    if (s->edit != NULL) {
        gb_printf(r, ", DER edits \"%s\"", s->edit);
    }
    if (s->post != NULL) {
        gb_printf(r, ", edits after signing \"%s\"", s->post);
    }
    if (s->tbs_only) {
        gb_str(r, ", TBSCertificate only");
    }
    if (s->aux != NULL) {
        gb_printf(r, ", trust settings \"%s\"", s->aux);
    }
    gb_str(r, "\n");
    return (const char *)rb.p;
}

unsigned char *gen_build_spec(gbuild *b, const gcert *s, gbuilt *issuer, gbuilt *out)
{
    const gcase *c = b->c;
    const char *what = ga_printf("%s/%s: %s", c->folder, c->name, s->id);
    const char *keyname = s->key != NULL ? s->key : default_key(s);
    bool explicit_ec = false;
    const char *colon = strchr(keyname, ':');
    if (colon != NULL) {
        explicit_ec = strcmp(colon + 1, "explicit") == 0;
        if (!explicit_ec) {
            gen_die("%s: unknown key modifier '%s'", what, colon + 1);
        }
        keyname = ga_strndup(keyname, (size_t)(colon - keyname));
    }
    EVP_PKEY *key = gen_key(keyname);
    EVP_PKEY *signer = issuer != NULL ? issuer->key : key;
    const char *digest = s->sig != NULL ? s->sig : "sha256";
    if (s->sig == NULL && EVP_PKEY_is_a(signer, "EC") && EVP_PKEY_get_bits(signer) == 384) {
        digest = "sha384";
    }
    const char *host = s->host != NULL ? s->host : b->host;

    memset(out, 0, sizeof(*out));
    out->spec = s;
    out->key = key;

    /* SubjectPublicKeyInfo and the key identifier (RFC 5280 4.2.1.2 (1)) */
    gnode *spki = gn_named(spki_of(key, explicit_ec, what), "spki");
    size_t spki_len, bits_len;
    unsigned char *spki_der = gn_encode(spki, &spki_len);
    const unsigned char *bits = spki_bits(spki_der, spki_len, &bits_len);
    out->spki_bits = ga_memdup(bits, bits_len);
    out->spki_bits_len = bits_len;
    unsigned char md[SHA_DIGEST_LENGTH];
    SHA1(bits, bits_len, md);
    out->ski = ga_memdup(md, sizeof(md));
    out->ski_len = sizeof(md);
    const char *explicit_ski = s->ext != NULL ? strstr(s->ext, "ski=keyid:") : NULL;
    if (explicit_ski != NULL) {
        const char *v = explicit_ski + 10;
        size_t vl = strcspn(v, ";");
        out->ski = gen_hex(ga_strndup(v, vl), &out->ski_len);
    }

    out->subject = gn_named(gen_name(s->subject != NULL ? s->subject : default_subject(s, host),
                                     what),
                            "subject");
    if (s->serial != NULL) {
        out->serial = gen_hex(s->serial, &out->serial_len);
    } else {
        out->serial = default_serial(c, s, &out->serial_len);
    }

    int version = s->version != 0 ? s->version : s->profile == P_V1 ? 1 : 3;
    const char *nb, *na;
    default_dates(s, &nb, &na);
    if (s->nb != NULL) {
        nb = s->nb;
    }
    if (s->na != NULL) {
        na = s->na;
    }

    gnode *cert = gn_named(gn_seq(), "cert");
    gnode *tbs = gn_named(gn_seq(), "tbs");
    gn_add(cert, tbs);
    if (version != 1) {
        gn_add(tbs, gn_named(gn_add(gn_cons(0xA0), gn_int_u64((uint64_t)version - 1)), "version"));
    }
    gn_add(tbs, gn_named(gn_int_mag(out->serial, out->serial_len), "serial"));
    gn_add(tbs, gn_named(sig_alg(signer, digest, what), "sigalg"));
    gnode *issuer_name = s->issuer != NULL ? gen_name(s->issuer, what)
                         : issuer != NULL  ? gn_copy(issuer->subject)
                                           : gn_copy(out->subject);
    gn_add(tbs, gn_named(issuer_name, "issuer"));
    out->issuer_name = issuer_name;
    gnode *validity = gn_seq();
    gn_add(validity, gn_named(gen_time(nb, what), "notBefore"));
    gn_add(validity, gn_named(gen_time(na, what), "notAfter"));
    gn_add(tbs, gn_named(validity, "validity"));
    gn_add(tbs, gn_copy(out->subject));
    gn_add(tbs, spki);

    ext_ctx x = {
        .what = what,
        .key = key,
        .ski = out->ski,
        .ski_len = out->ski_len,
        .issuer = issuer,
        .self_subject = out->subject,
        .self_serial = out->serial,
        .self_serial_len = out->serial_len,
        .host = host,
    };
    gnode *exts = gen_extensions(subst_host(profile_exts(s->profile), host),
                                       s->ext != NULL ? subst_host(s->ext, host) : NULL, &x);
    if (exts != NULL) {
        gn_add(tbs, gn_named(gn_add(gn_cons(0xA3), gn_named(exts, "extlist")), "exts"));
    }

    gn_edit(cert, s->edit, what);
    tbs = cert->kids[0];
    size_t tbs_len;
    unsigned char *tbs_der = gn_encode(tbs, &tbs_len);

    out->recipe = recipe(s, explicit_ec ? ga_printf("%s (explicit EC parameters)", keyname) : keyname,
           issuer != NULL ? (issuer->spec->key != NULL ? issuer->spec->key
                                                       : default_key(issuer->spec))
                          : keyname,
           EVP_PKEY_is_a(signer, "ED25519") ? "Ed25519" : digest);

    if (s->tbs_only) {
        out->der = tbs_der;
        out->der_len = tbs_len;
        out->built = true;
        return tbs_der;
    }

    size_t sig_len = 0;
    unsigned char *sig = NULL;
    const char *mdname = EVP_PKEY_is_a(signer, "ED25519") ? NULL : digest;
    if (EVP_PKEY_is_a(signer, "EC")) {
        sig = reuse_signature(b, signer, mdname, tbs_der, tbs_len, &sig_len);
    }
    if (sig == NULL) {
        sig = sign(signer, mdname, tbs_der, tbs_len, &sig_len, what);
    }
    /* the outer signatureAlgorithm is the inner one as built (before edits) */
    gn_add(cert, gn_named(sig_alg(signer, digest, what), "sigalg"));
    gn_add(cert, gn_named(gn_bits(0, sig, sig_len), "sig"));
    gn_edit(cert, s->post, what);
    out->der = gn_encode(cert, &out->der_len);
    out->built = true;
    return out->der;
}

gbuilt *gen_build_cert(gbuild *b, size_t i)
{
    gbuilt *out = &b->certs[i];
    if (out->built) {
        return out;
    }
    const gcert *s = &b->c->certs[i];
    gbuilt *issuer = NULL;
    if (s->by != NULL && strcmp(s->by, s->id) != 0) {
        /* mark in progress to catch loops */
        static int depth;
        if (++depth > GEN_MAX_CERTS) {
            gen_die("%s/%s: issuer loop at %s", b->c->folder, b->c->name, s->id);
        }
        issuer = gen_find(b, s->by);
        depth--;
    }
    gen_build_spec(b, s, issuer, out);
    return out;
}

/* ------------------------------------------------------------------------ */

void gen_add_file(gbuild *b, const char *path, const void *data, size_t len, const char *what)
{
    if (b->nfiles == sizeof(b->files) / sizeof(b->files[0])) {
        gen_die("%s/%s: too many files", b->c->folder, b->c->name);
    }
    for (size_t i = 0; i < b->nfiles; i++) {
        if (strcmp(b->files[i].path, path) == 0) {
            gen_die("%s/%s: %s written twice", b->c->folder, b->c->name, path);
        }
    }
    gfile *f = &b->files[b->nfiles++];
    f->path = ga_strdup(path);
    f->data = ga_memdup(data, len);
    f->len = len;
    f->what = what != NULL ? ga_strdup(what) : "";
}

void gen_append_pem(gbuf *out, const char *label, const unsigned char *der, size_t len)
{
    BIO *bio = BIO_new(BIO_s_mem());
    if (bio == NULL || !PEM_write_bio(bio, label, "", der, (long)len)) {
        gen_die("cannot write PEM");
    }
    char *p;
    long n = BIO_get_mem_data(bio, &p);
    gb_put(out, p, (size_t)n);
    BIO_free(bio);
}

unsigned char *gen_pem(const char *label, const unsigned char *der, size_t len, size_t *out_len)
{
    gbuf b = {0};
    gen_append_pem(&b, label, der, len);
    *out_len = b.len;
    return b.p;
}

unsigned char *gen_key_pem(EVP_PKEY *key, size_t *out_len)
{
    BIO *bio = BIO_new(BIO_s_mem());
    if (bio == NULL || !PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL)) {
        gen_die("cannot write a key");
    }
    char *p;
    long n = BIO_get_mem_data(bio, &p);
    unsigned char *copy = ga_memdup(p, (size_t)n);
    *out_len = (size_t)n;
    BIO_free(bio);
    return copy;
}
