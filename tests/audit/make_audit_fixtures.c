/*
 * make_audit_fixtures: the stores that tests/audit/test_audit_cli.sh audits.
 *
 *   make_audit_fixtures DIR           writes every fixture into DIR
 *   make_audit_fixtures --stream N    writes N keyed lines ("KEY<TAB>BASE64")
 *                                     of distinct certificates on stdout
 *
 * The stream's certificates are one leaf whose serial number is rewritten
 * in place, so millions cost no signing; their signatures no longer verify,
 * which matters only to chain audits, and is the same for every one.
 */
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "certgen.h"

static const char *dir;

static const char *path_of(const char *name)
{
    return xt_path_in(dir, name);
}

static int write_bytes(const char *name, const void *data, size_t len)
{
    return xt_write_bytes(path_of(name), data, len);
}

static void b64_line(FILE *f, const unsigned char *der, int len)
{
    unsigned char *out = malloc((size_t)len * 2 + 4);
    int n = EVP_EncodeBlock(out, der, len);
    fwrite(out, 1, (size_t)n, f);
    free(out);
}

/* serial_offset finds the serial number's contents in a certificate made by
 * certgen (v3: SEQ, SEQ, [0] version, INTEGER serial). */
static size_t serial_offset(const unsigned char *der, size_t *serial_len)
{
    size_t i = 0;
    for (int seq = 0; seq < 2; seq++) { /* Certificate, TBSCertificate headers */
        i += 1;
        i += der[i] & 0x80 ? 1 + (der[i] & 0x7F) : 1;
    }
    i += 2 + der[i + 1]; /* [0] version */
    *serial_len = der[i + 1];
    return i + 2;
}

/* stream writes n keyed lines of distinct certificates. */
static int stream(long n)
{
    EVP_PKEY *key = xt_key("EC");
    xt_spec root_spec = {.subject = "CN=Stream Root", .basic_constraints = "critical,CA:TRUE",
                         .key_usage = "critical,keyCertSign,cRLSign"};
    xt_spec leaf_spec = {.subject = "CN=stream.example", .serial = 0x10203040L,
                         .basic_constraints = "critical,CA:FALSE",
                         .key_usage = "critical,digitalSignature",
                         .ext_key_usage = "serverAuth", .subject_alt_name = "DNS:stream.example"};
    X509 *root = xt_cert(&root_spec, key, NULL, NULL);
    X509 *leaf = xt_cert(&leaf_spec, key, root, key);
    int len = 0;
    unsigned char *der = xt_der(leaf, &len);
    if (der == NULL) {
        return 1;
    }
    size_t serial_len = 0, at = serial_offset(der, &serial_len);
    for (long i = 0; i < n; i++) {
        for (size_t k = 0; k < serial_len && k < 4; k++) {
            der[at + serial_len - 1 - k] = (unsigned char)(i >> (8 * k));
        }
        der[at] |= 0x10; /* stays positive and of the same length */
        printf("c%ld\t", i);
        b64_line(stdout, der, len);
        putchar('\n');
    }
    OPENSSL_free(der);
    X509_free(leaf);
    X509_free(root);
    EVP_PKEY_free(key);
    return fflush(stdout) == 0 ? 0 : 1;
}

static int write_p7(const char *name, X509 **certs, int n, bool pem)
{
    PKCS7 *p7 = PKCS7_new();
    int ok = p7 != NULL && PKCS7_set_type(p7, NID_pkcs7_signed) &&
             PKCS7_content_new(p7, NID_pkcs7_data);
    for (int i = 0; ok && i < n; i++) {
        ok = PKCS7_add_certificate(p7, certs[i]);
    }
    FILE *f = ok ? fopen(path_of(name), "wb") : NULL;
    ok = f != NULL && (pem ? PEM_write_PKCS7(f, p7) : i2d_PKCS7_fp(f, p7));
    if (f != NULL) {
        ok = fclose(f) == 0 && ok;
    }
    PKCS7_free(p7);
    return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--stream") == 0) {
        return stream(strtol(argv[2], NULL, 10));
    }
    if (argc != 2) {
        fprintf(stderr, "usage: make_audit_fixtures DIR | --stream N\n");
        return 2;
    }
    dir = argv[1];
    EVP_PKEY *root_key = xt_key("EC"), *int_key = xt_key("EC"), *leaf_key = xt_key("EC");
    EVP_PKEY *rsa_key = xt_key("RSA");
    xt_spec root_spec = {.subject = "CN=Audit Root", .basic_constraints = "critical,CA:TRUE",
                         .key_usage = "critical,keyCertSign,cRLSign", .not_after_days = 3650};
    xt_spec old_spec = {.subject = "CN=Audit Old Root", .basic_constraints = "CA:TRUE",
                        .not_after_days = 3650};
    xt_spec expired_spec = {.subject = "CN=Audit Expired Root",
                            .basic_constraints = "critical,CA:TRUE",
                            .key_usage = "critical,keyCertSign,cRLSign", .no_ski = true,
                            .not_before_days = -3000, .not_after_days = -30};
    xt_spec rsa_spec = {.subject = "CN=Audit RSA Root", .basic_constraints = "critical,CA:TRUE",
                        .key_usage = "critical,keyCertSign,cRLSign", .not_after_days = 3650};
    xt_spec int_spec = {.subject = "CN=Audit Intermediate", .basic_constraints = "critical,CA:TRUE",
                        .key_usage = "critical,keyCertSign,cRLSign", .not_after_days = 1800};
    xt_spec int_bad_spec = int_spec;
    int_bad_spec.subject = "CN=Audit Intermediate BC noncrit";
    int_bad_spec.basic_constraints = "CA:TRUE";
    xt_spec leaf_spec = {.subject = "CN=leaf.audit.example", .serial = 7,
                         .basic_constraints = "critical,CA:FALSE",
                         .key_usage = "critical,digitalSignature", .ext_key_usage = "serverAuth",
                         .subject_alt_name = "DNS:leaf.audit.example"};
    xt_spec noaki_spec = leaf_spec;
    noaki_spec.subject = "CN=noaki.audit.example";
    noaki_spec.subject_alt_name = "DNS:noaki.audit.example";
    noaki_spec.no_aki = true;
    noaki_spec.serial = 8;
    X509 *root = xt_cert(&root_spec, root_key, NULL, NULL);
    X509 *old_root = xt_cert(&old_spec, root_key, NULL, NULL);
    X509 *expired = xt_cert(&expired_spec, root_key, NULL, NULL);
    X509 *rsa_root = xt_cert(&rsa_spec, rsa_key, NULL, NULL);
    X509 *inter = xt_cert(&int_spec, int_key, root, root_key);
    X509 *int_bad = xt_cert(&int_bad_spec, int_key, root, root_key);
    X509 *leaf = xt_cert(&leaf_spec, leaf_key, inter, int_key);
    X509 *noaki = xt_cert(&noaki_spec, leaf_key, inter, int_key);
    X509 *all[] = {root, old_root, expired, rsa_root, inter, int_bad, leaf, noaki};
    int rc = 0;
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        rc |= all[i] == NULL ? -1 : 0;
    }
    if (rc != 0) {
        fprintf(stderr, "make_audit_fixtures: cannot make certificates\n");
        return 1;
    }
    X509 *clean[] = {root, inter, leaf};
    X509 *anchors[] = {root, old_root, expired, rsa_root};
    rc |= xt_write_pem(path_of("clean.pem"), clean, 3);
    rc |= xt_write_pem(path_of("anchors.pem"), anchors, 4);
    rc |= xt_write_pem(path_of("store.pem"), all, 8);
    rc |= xt_write_pem(path_of("root.pem"), &root, 1);
    rc |= xt_write_pem(path_of("int.pem"), &inter, 1);
    rc |= xt_write_pem(path_of("leaf.pem"), &leaf, 1);
    rc |= write_p7("store.p7b", all, 8, false);
    rc |= write_p7("store.p7.pem", all, 8, true);

    /* a bundle as people keep them: comments, a key, and broken members */
    char *p_root = xt_pem(root), *p_old = xt_pem(old_root), *p_leaf = xt_pem(leaf);
    char *p_int = xt_pem(inter);
    FILE *f = fopen(path_of("broken.pem"), "w");
    if (f == NULL || !p_root || !p_old || !p_leaf || !p_int) {
        return 1;
    }
    fprintf(f, "# a bundle with broken members\nAudit Root\n==========\n%s", p_root);
    fputs("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIOQOo0Tn0mGFBq7Rsb7m0bnh1W4VVPa5xtIJ0Yx2\n"
          "-----END PRIVATE KEY-----\n", f);
    fputs("-----BEGIN CERTIFICATE-----\nthis is !!! not base64\n-----END CERTIFICATE-----\n", f);
    fputs(p_old, f);
    fputs("-----BEGIN CERTIFICATE-----\nAAECAwQFBgcICQ==\n-----END CERTIFICATE-----\n", f);
    fputs(p_int, f);
    /* a block whose END names something else */
    fputs("-----BEGIN CERTIFICATE-----\nAAECAwQFBgcICQ==\n-----END X509 CRL-----\n", f);
    fputs(p_leaf, f);
    /* the last block is cut short */
    fwrite(p_leaf, 1, strlen(p_leaf) / 2, f);
    rc |= fclose(f) == 0 ? 0 : -1;

    /* DER, one after the other */
    f = fopen(path_of("store.der"), "wb");
    for (size_t i = 0; f != NULL && i < sizeof(clean) / sizeof(clean[0]); i++) {
        int len = 0;
        unsigned char *der = xt_der(clean[i], &len);
        fwrite(der, 1, (size_t)len, f);
        OPENSSL_free(der);
    }
    rc |= f != NULL && fclose(f) == 0 ? 0 : -1;

    /* one certificate per line, keyed, with a broken line */
    f = fopen(path_of("keyed.txt"), "w");
    for (size_t i = 0; f != NULL && i < sizeof(all) / sizeof(all[0]); i++) {
        int len = 0;
        unsigned char *der = xt_der(all[i], &len);
        fprintf(f, "k%zu\t", i + 1);
        b64_line(f, der, len);
        fputc('\n', f);
        OPENSSL_free(der);
        if (i == 3) {
            fputs("bad\tMIIB%%%not-base64\n", f);
        }
    }
    rc |= f != NULL && fclose(f) == 0 ? 0 : -1;

    /* a directory: files, a hashed link, a duplicate bundle, things to skip */
    mkdir(path_of("dir"), 0755);
    mkdir(path_of("dir/sub"), 0755);
    rc |= xt_write_pem(path_of("dir/root.pem"), &root, 1);
    rc |= xt_write_pem(path_of("dir/sub/int.pem"), &inter, 1);
    rc |= xt_write_pem(path_of("dir/sub/leaf.pem"), &leaf, 1);
    rc |= xt_write_pem(path_of("dir/bundle.crt"), clean, 3);
    rc |= write_bytes("dir/readme.txt", "not a certificate\n", 18);
    rc |= write_bytes("dir/revoked.crl", "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n",
                      50);
    char link_path[4096];
    snprintf(link_path, sizeof(link_path), "%s", path_of("dir/0a1b2c3d.0"));
    unlink(link_path);
    rc |= symlink("root.pem", link_path) == 0 ? 0 : -1;

    free(p_root);
    free(p_old);
    free(p_leaf);
    free(p_int);
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        X509_free(all[i]);
    }
    EVP_PKEY_free(root_key);
    EVP_PKEY_free(int_key);
    EVP_PKEY_free(leaf_key);
    EVP_PKEY_free(rsa_key);
    if (rc != 0) {
        fprintf(stderr, "make_audit_fixtures: cannot write fixtures in %s\n", dir);
        return 1;
    }
    return 0;
}
