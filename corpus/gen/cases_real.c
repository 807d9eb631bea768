/*
 * cases_real.c: real public certificates: the roots of Debian's
 * ca-certificates (20230311+deb12u1, the Mozilla store) that fail OpenSSL's
 * strict mode, hence Python 3.13, when they anchor a chain. Each is judged
 * as audit does (mode anchor: the root at the top of a chain below which
 * sits a synthetic leaf it appears to have issued).
 *
 * The generator does not make these: it copies the file from
 * /usr/share/ca-certificates/mozilla/ once, and afterwards keeps the
 * committed copy, checking its SHA-256 against the pin below.
 */
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>

#include "gen.h"

#define MOZILLA_DIR "/usr/share/ca-certificates/mozilla"
#define SOURCE(file)                                                                             \
    "Debian package ca-certificates 20230311+deb12u1 (Mozilla's store), " MOZILLA_DIR "/" file

/* real_root: b->c->arg is "FILE.crt SHA256". */
static void real_root(gbuild *b)
{
    char file[256], pin[65];
    if (sscanf(b->c->arg, "%255s %64s", file, pin) != 2) {
        gen_die("%s: bad real-root argument", b->c->name);
    }
    size_t len = 0;
    unsigned char *pem = gen_read_file(ga_printf("%s/trust.pem", b->dir), &len);
    const char *from = "the committed copy";
    if (pem == NULL || len == 0) {
        pem = gen_read_file(ga_printf("%s/%s", MOZILLA_DIR, file), &len);
        from = ga_printf("%s/%s", MOZILLA_DIR, file);
        if (pem == NULL || len == 0) {
            gen_die("%s/%s: no committed trust.pem and no %s/%s to copy", b->c->folder,
                    b->c->name, MOZILLA_DIR, file);
        }
    }
    BIO *bio = BIO_new_mem_buf(pem, (int)len);
    char *name = NULL, *header = NULL;
    unsigned char *der = NULL;
    long dlen = 0;
    if (bio == NULL || PEM_read_bio(bio, &name, &header, &der, &dlen) != 1) {
        gen_die("%s: %s holds no PEM certificate", b->c->name, from);
    }
    unsigned char md[SHA256_DIGEST_LENGTH];
    SHA256(der, (size_t)dlen, md);
    char hex[65];
    for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) {
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    }
    if (strcmp(hex, pin) != 0) {
        gen_die("%s: %s has SHA-256 %s, the case pins %s", b->c->name, from, hex, pin);
    }
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(der);
    BIO_free(bio);
    gen_add_file(b, "trust.pem", pem, len,
                 ga_printf("the root, byte for byte as shipped (%s), SHA-256 %s", file, pin));
    gb_printf(&b->recipe, "recipe: root: copied from %s/%s, not generated\n", MOZILLA_DIR, file);
}

#define REAL(n, file, sha)                                                                       \
    .folder = "real-roots", .name = n, .mode = "anchor", .hook = real_root, .host = "-",         \
    .arg = file " " sha, .source = SOURCE(file)

static const gcase cases[] = {
    {REAL("go-daddy-class-2", "Go_Daddy_Class_2_CA.crt",
          "c3846bf24b9e93ca64274c0ec67c1ecc5e024ffcacd2d74019350e81fe546ae4"),
     .defect = "a 2004 root: basicConstraints cA TRUE not critical, no keyUsage",
     .carries = "CA_BCONS_NOT_CRITICAL CA_CERT_MISSING_KEY_USAGE", .carrier = "root (the anchor)"},
    {REAL("starfield-class-2", "Starfield_Class_2_CA.crt",
          "1465fa205397b876faa6f0a9958e5590e40fcc7faa4fb7c2c8677521fb5fb658"),
     .defect = "a 2004 root: basicConstraints cA TRUE not critical, no keyUsage",
     .carries = "CA_BCONS_NOT_CRITICAL CA_CERT_MISSING_KEY_USAGE", .carrier = "root (the anchor)"},
    {REAL("chunghwa-epki-root", "ePKI_Root_Certification_Authority.crt",
          "c0a6f4dc63a24bfdcf54ef2a6a082a0a72de35803e2ff5ff527ae5d87206dfd5"),
     .defect = "a 2004 root: basicConstraints not critical, no keyUsage",
     .carries = "CA_BCONS_NOT_CRITICAL CA_CERT_MISSING_KEY_USAGE", .carrier = "root (the anchor)"},
    {REAL("twca-global-root", "TWCA_Global_Root_CA.crt",
          "59769007f7685d0fcd50872f9f95d5755a5b2b457d81f3692b610a98672f0e1b"),
     .defect = "a 2012 root without subjectKeyIdentifier",
     .carries = "MISSING_SUBJECT_KEY_IDENTIFIER", .carrier = "root (the anchor)",
     .note = "python/cpython#107361, openssl/openssl#26237, psf/requests#6945"},
    {REAL("hongkong-post-root-1", "Hongkong_Post_Root_CA_1.crt",
          "f9e67d336c51002ac054c632022d66dda2e7e3fff10ad061ed31d8bbb410cfb2"),
     .defect = "a 2003 root without subjectKeyIdentifier, expired on 2023-05-15",
     .carries = "MISSING_SUBJECT_KEY_IDENTIFIER CERT_HAS_EXPIRED", .carrier = "root (the anchor)"},
};

GEN_LIST(gen_cases_real, cases);
