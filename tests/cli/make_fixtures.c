/*
 * make_fixtures: writes the certificates and files the command-line tests
 * use into a directory, so the tests need nothing but the built tools.
 */
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"

static const char *dir;

static const char *path_of(const char *name)
{
    return xt_path_in(dir, name);
}

static int write_text(const char *name, const char *text, size_t len)
{
    return xt_write_bytes(path_of(name), text, len);
}

/* write_tbs writes the leaf's TBSCertificate (what a CA lints before it
 * signs) as DER. */
static int write_tbs(const char *name, X509 *cert)
{
    unsigned char *der = NULL;
    int len = i2d_re_X509_tbs(cert, &der);
    int rc = len > 0 ? write_text(name, (const char *)der, (size_t)len) : -1;
    OPENSSL_free(der);
    return rc;
}

/* write_cut_der writes a certificate's DER without its last `cut` bytes. */
static int write_cut_der(const char *name, X509 *cert, int cut)
{
    unsigned char *der = NULL;
    int len = i2d_X509(cert, &der);
    int rc = len > cut ? write_text(name, (const char *)der, (size_t)(len - cut)) : -1;
    OPENSSL_free(der);
    return rc;
}

/* write_truncated_pem writes the first half of a certificate's PEM. */
static int write_truncated_pem(const char *name, X509 *cert)
{
    char *pem = xt_pem(cert);
    size_t len = pem != NULL ? strlen(pem) : 0;
    int rc = len > 0 ? write_text(name, pem, len / 2) : -1;
    free(pem);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_fixtures DIR\n");
        return 2;
    }
    dir = argv[1];
    EVP_PKEY *root_key = xt_key("EC"), *int_key = xt_key("EC"), *leaf_key = xt_key("EC");
    xt_spec root_spec = {.subject = "CN=Test Root", .basic_constraints = "critical,CA:TRUE",
                         .key_usage = "critical,keyCertSign,cRLSign", .not_after_days = 3650};
    xt_spec old_root_spec = {.subject = "CN=Old Root", .basic_constraints = "CA:TRUE",
                             .not_after_days = 3650};
    xt_spec int_spec = {.subject = "CN=Test Intermediate",
                        .basic_constraints = "critical,CA:TRUE",
                        .key_usage = "critical,keyCertSign,cRLSign", .not_after_days = 3650};
    xt_spec int_bad_spec = int_spec;
    int_bad_spec.basic_constraints = "CA:TRUE";
    int_bad_spec.subject = "CN=Test Intermediate BC noncrit";
    xt_spec leaf_spec = {.subject = "CN=leaf.example", .basic_constraints = "critical,CA:FALSE",
                         .key_usage = "critical,digitalSignature",
                         .ext_key_usage = "serverAuth", .subject_alt_name = "DNS:leaf.example"};
    X509 *root = xt_cert(&root_spec, root_key, NULL, NULL);
    X509 *old_root = xt_cert(&old_root_spec, root_key, NULL, NULL);
    X509 *inter = xt_cert(&int_spec, int_key, root, root_key);
    X509 *int_bad = xt_cert(&int_bad_spec, int_key, root, root_key);
    X509 *leaf = xt_cert(&leaf_spec, leaf_key, inter, int_key);
    X509 *leaf_bad = xt_cert(&leaf_spec, leaf_key, int_bad, int_key);
    static const char bad_policy[] = "# a policy with a typo\ninherit python-3.13\n"
                                     "frobnicate yes\n";
    static const char lenient_policy[] = "inherit python-3.13\nname lenient\n"
                                         "severity CA_BCONS_NOT_CRITICAL warn\n";
    static const char garbage[] = "\x01\x02\x03 this is not a certificate \xff\xfe";
    X509 *chain_good[] = {leaf, inter};
    X509 *chain_bad[] = {leaf_bad, int_bad};
    X509 *store[] = {root, old_root};
    int rc = root && old_root && inter && int_bad && leaf && leaf_bad ? 0 : -1;
    rc |= xt_write_pem(path_of("root.pem"), &root, 1);
    rc |= xt_write_pem(path_of("store.pem"), store, 2);
    rc |= xt_write_pem(path_of("int.pem"), &inter, 1);
    rc |= xt_write_pem(path_of("leaf.pem"), &leaf, 1);
    rc |= xt_write_der(path_of("leaf.der"), leaf);
    rc |= xt_write_pem(path_of("chain.pem"), chain_good, 2);
    rc |= xt_write_pem(path_of("chain-bc-noncrit.pem"), chain_bad, 2);
    rc |= xt_write_key(path_of("leaf.key"), leaf_key);
    rc |= write_truncated_pem("truncated.pem", leaf);
    rc |= write_tbs("leaf.tbs", leaf);
    rc |= write_cut_der("cut.der", leaf, 10);
    rc |= xt_write_pem(path_of("int-bc-noncrit.pem"), &int_bad, 1);
    rc |= write_text("empty.pem", "", 0);
    rc |= write_text("garbage.bin", garbage, sizeof(garbage) - 1);
    rc |= write_text("bad.policy", bad_policy, sizeof(bad_policy) - 1);
    rc |= write_text("lenient.policy", lenient_policy, sizeof(lenient_policy) - 1);
    X509 *all[] = {root, old_root, inter, int_bad, leaf, leaf_bad};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        X509_free(all[i]);
    }
    EVP_PKEY_free(root_key);
    EVP_PKEY_free(int_key);
    EVP_PKEY_free(leaf_key);
    if (rc != 0) {
        fprintf(stderr, "make_fixtures: cannot write fixtures in %s\n", dir);
        return 1;
    }
    return 0;
}
