/* Target: xs_certs_load and xs_certs_load_ex (lib/cert/load.c, cert.c):
 *   PEM bundles (OpenSSL's PEM reader; CERTIFICATE, X509 CERTIFICATE and
 *   TRUSTED CERTIFICATE blocks among blocks of any other kind) and
 *   concatenated DER, each loaded parsed (OpenSSL) and raw (XS_LOAD_RAW),
 *   into a list that already holds one certificate.
 * Property: the status is XS_OK, XS_ERR_PARSE or XS_ERR_LIMIT; a failed load
 *   appends nothing and says why in one line that names the origin; a load
 *   that succeeds appends at least one certificate, each with DER that
 *   OpenSSL parses back consuming every byte (parsed loads), its SHA-256
 *   fingerprint, and a subject and issuer that are clean UTF-8 of at most
 *   XS_MAX_NAME_CHARS characters; whatever loads parsed also loads raw, to
 *   the same certificates with the same bytes.
 */
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <string.h>

#include "cert/cert.h"
#include "fuzz_util.h"

#define ORIGIN "fuzz-input"

static xs_cert *resident;

/* make_resident builds the certificate every list starts with: a fixed
 * Ed25519 self-signed certificate (Ed25519 signatures are deterministic). */
static void make_resident(void)
{
    static const unsigned char seed[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                           17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
                                           30, 31, 32};
    if (resident != NULL) {
        return;
    }
    EVP_PKEY *key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, sizeof(seed));
    X509 *x = X509_new();
    X509_NAME *name = X509_NAME_new();
    FUZZ_CHECK(key && x && name, "out of memory");
    FUZZ_CHECK(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                          (const unsigned char *)"resident", -1, -1, 0) &&
                   X509_set_version(x, X509_VERSION_3) &&
                   ASN1_INTEGER_set(X509_get_serialNumber(x), 7) &&
                   X509_set_subject_name(x, name) && X509_set_issuer_name(x, name) &&
                   ASN1_TIME_set_string(X509_getm_notBefore(x), "250101000000Z") &&
                   ASN1_TIME_set_string(X509_getm_notAfter(x), "350101000000Z") &&
                   X509_set_pubkey(x, key) && X509_sign(x, key, NULL) > 0,
               "cannot make the resident certificate");
    unsigned char *der = NULL;
    int len = i2d_X509(x, &der);
    char err[256] = "";
    FUZZ_CHECK(len > 0 && xs_cert_new(&resident, der, (size_t)len, 0, err, sizeof(err)) == XS_OK,
               "resident certificate: %s", err);
    OPENSSL_free(der);
    X509_NAME_free(name);
    X509_free(x);
    EVP_PKEY_free(key);
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++) {
        n += ((unsigned char)*s & 0xC0) != 0x80;
    }
    return n;
}

static void check_name(const char *what, const char *s)
{
    FUZZ_CHECK(s != NULL, "%s missing", what);
    FUZZ_CHECK(fuzz_utf8_ok(s, strlen(s)), "%s is not clean UTF-8", what);
    FUZZ_CHECK(utf8_chars(s) <= XS_MAX_NAME_CHARS, "%s has %zu characters", what,
               utf8_chars(s));
}

static void check_loaded(const xs_certs *list, size_t i, bool raw)
{
    const xs_cert *c = list->items[i];
    size_t len = 0;
    const uint8_t *der = xs_certs_der(list, i, &len);
    FUZZ_CHECK(der != NULL && len > 0 && len <= XS_MAX_CERT_BYTES && len == c->der_len,
               "certificate %zu has %zu bytes", i, len);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    FUZZ_CHECK(EVP_Digest(der, len, md, &md_len, EVP_sha256(), NULL) && md_len == 32, "SHA-256");
    char hex[65], want[65];
    for (unsigned k = 0; k < md_len; k++) {
        snprintf(want + 2 * k, 3, "%02x", md[k]);
    }
    xs_certs_sha256_hex(list, i, hex);
    FUZZ_CHECK(strcmp(hex, want) == 0, "certificate %zu fingerprint %s, want %s", i, hex, want);
    if (raw) {
        FUZZ_CHECK(c->x509 == NULL, "a raw load parsed");
        return;
    }
    FUZZ_CHECK(c->x509 != NULL, "a parsed load did not parse");
    const unsigned char *p = der;
    X509 *again = d2i_X509(NULL, &p, (long)len);
    FUZZ_CHECK(again != NULL && p == der + len,
               "OpenSSL does not parse certificate %zu's DER back exactly", i);
    X509_free(again);
    check_name("subject", c->subject);
    check_name("issuer", c->issuer);
}

static xs_status load(const uint8_t *data, size_t size, unsigned flags, xs_certs **out)
{
    xs_certs *list = NULL;
    char err[1024] = "";
    FUZZ_CHECK(xs_certs_new(&list) == XS_OK && xs_certs_push(list, resident) == XS_OK,
               "out of memory");
    xs_status st = xs_certs_load_ex(list, data, size, ORIGIN, flags, err, sizeof(err));
    FUZZ_CHECK(st == XS_OK || st == XS_ERR_PARSE || st == XS_ERR_LIMIT, "load status %s: %s",
               xs_status_string(st), err);
    if (st != XS_OK) {
        FUZZ_CHECK(xs_certs_count(list) == 1 && list->items[0] == resident,
                   "a failed load changed the list");
        FUZZ_CHECK(fuzz_is_one_line(err) && strncmp(err, ORIGIN ": ", strlen(ORIGIN) + 2) == 0,
                   "a failed load says \"%s\"", err);
    } else {
        FUZZ_CHECK(xs_certs_count(list) > 1 && list->items[0] == resident,
                   "a load succeeded without a certificate");
        for (size_t i = 1; i < xs_certs_count(list); i++) {
            check_loaded(list, i, (flags & XS_LOAD_RAW) != 0);
        }
    }
    *out = list;
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    make_resident();
    xs_certs *parsed = NULL, *raw = NULL;
    xs_status st_parsed = load(data, size, 0, &parsed);
    xs_status st_raw = load(data, size, XS_LOAD_RAW, &raw);
    if (st_parsed == XS_OK) {
        FUZZ_CHECK(st_raw == XS_OK, "loads parsed, not raw: %s", xs_status_string(st_raw));
        FUZZ_CHECK(xs_certs_count(raw) == xs_certs_count(parsed),
                   "%zu certificates parsed, %zu raw", xs_certs_count(parsed),
                   xs_certs_count(raw));
        for (size_t i = 1; i < xs_certs_count(parsed); i++) {
            const xs_cert *a = parsed->items[i], *b = raw->items[i];
            FUZZ_CHECK(a->der_len == b->der_len && memcmp(a->der, b->der, a->der_len) == 0,
                       "certificate %zu has other bytes raw", i);
        }
    }
    xs_certs_free(parsed);
    xs_certs_free(raw);
    return 0;
}
