/*
 * test_r_ext.c: the extension-list rules (rules/r_ext.c). Each rule fires on
 * a certificate made to break it and stays silent on one that keeps it.
 */
#include <check.h>
#include <stdlib.h>

#include "certgen.h"
#include "dertree.h"
#include "lint.h"
#include "xt_check.h"
#include "xt_unread.h"

static EVP_PKEY *key;

static X509 *make(const xt_spec *spec)
{
    return xt_must_cert(spec, key, NULL, NULL);
}

/* expect_fires / expect_silent lint `spec` and check one mnemonic. */
static void expect(const xt_spec *spec, const char *mnemonic, bool fires)
{
    X509 *cert = make(spec);
    xt_expect_lint(cert, NULL, mnemonic, fires);
    X509_free(cert);
}

static const unsigned char empty_sequence[] = {0x30, 0x00};
static const unsigned char bc_ca[] = {0x30, 0x03, 0x01, 0x01, 0xFF};
static const unsigned char garbage[] = {0x04, 0x80, 0x01};

START_TEST(duplicate_extension)
{
    xt_spec twice = {.subject = "CN=x", .basic_constraints = "critical,CA:TRUE",
                     .raw = {{"2.5.29.19", true, bc_ca, sizeof(bc_ca)}}};
    xt_spec once = {.subject = "CN=x", .basic_constraints = "critical,CA:TRUE"};
    expect(&twice, "EXT_DUPLICATE", true);
    expect(&once, "EXT_DUPLICATE", false);
}
END_TEST

START_TEST(unknown_critical_extension)
{
    xt_spec unknown_critical = {.subject = "CN=x",
                                .raw = {{"1.3.6.1.4.1.99999.1", true, empty_sequence, 2}}};
    xt_spec unknown_plain = {.subject = "CN=x",
                             .raw = {{"1.3.6.1.4.1.99999.1", false, empty_sequence, 2}}};
    xt_spec known_critical = {.subject = "CN=x", .basic_constraints = "critical,CA:TRUE"};
    expect(&unknown_critical, "UNHANDLED_CRITICAL_EXTENSION", true);
    expect(&unknown_plain, "UNHANDLED_CRITICAL_EXTENSION", false);
    expect(&known_critical, "UNHANDLED_CRITICAL_EXTENSION", false);
}
END_TEST

START_TEST(known_extension_that_does_not_decode)
{
    xt_spec broken = {.subject = "CN=x", .raw = {{"2.5.29.19", true, garbage, sizeof(garbage)}}};
    xt_spec fine = {.subject = "CN=x", .raw = {{"2.5.29.19", true, bc_ca, sizeof(bc_ca)}}};
    expect(&broken, "INVALID_EXTENSION", true);
    expect(&fine, "INVALID_EXTENSION", false);
}
END_TEST

START_TEST(extensions_need_version_3)
{
    xt_spec v3 = {.subject = "CN=x", .basic_constraints = "critical,CA:TRUE"};
    X509 *cert = make(&v3);
    xt_mnemonics m;
    ck_assert(X509_set_version(cert, X509_VERSION_1)); /* keep the extensions */
    ck_assert(X509_sign(cert, key, EVP_sha256()));
    xt_lint(cert, NULL, &m);
    ck_assert_msg(xt_has(&m, "EXTENSIONS_REQUIRE_VERSION_3"), "findings: [%s]", m.text);
    X509_free(cert);
    expect(&v3, "EXTENSIONS_REQUIRE_VERSION_3", false);
}
END_TEST

START_TEST(extension_list_not_empty)
{
    xt_spec with_one = {.subject = "CN=x", .basic_constraints = "critical,CA:TRUE"};
    X509 *cert = make(&with_one);
    expect(&with_one, "EXT_LIST_EMPTY", false);
    unsigned char *der = NULL;
    int len = i2d_X509(cert, &der);
    xt_node *root = xt_der_parse(der, (size_t)len);
    xt_node *list = xt_node_at(root, (const int[]){0, 7, 0}, 3);
    ck_assert_ptr_nonnull(list);
    while (xt_node_children(list) > 0) {
        xt_node_remove(list, 0);
    }
    size_t out_len = 0;
    unsigned char *out = xt_der_serialize(root, &out_len);
    xt_mnemonics m;
    xt_lint_der(out, out_len, false, NULL, 0, &m);
    ck_assert_msg(xt_has(&m, "EXT_LIST_EMPTY"), "findings: [%s]", m.text);
    free(out);
    xt_node_free(root);
    OPENSSL_free(der);
    X509_free(cert);
}
END_TEST

/* A list whose only Extension cannot be read is not empty. */
START_TEST(extension_list_with_unreadable_extension)
{
    xt_spec filler_only = {.subject = "CN=x", .no_ski = true, .raw = {XT_FILLER_EXT}};
    X509 *cert = make(&filler_only);
    xt_mnemonics m;
    xt_lint_unread(cert, NULL, XT_UNREAD_LAST_EXTENSION, &m);
    xt_expect_found(&m, "DER_UNEXPECTED_TAG", true);
    xt_expect_found(&m, "EXT_LIST_EMPTY", false);
    X509_free(cert);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("r_ext");
    TCase *tc = tcase_create("rules");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, duplicate_extension);
    tcase_add_test(tc, extension_list_with_unreadable_extension);
    tcase_add_test(tc, unknown_critical_extension);
    tcase_add_test(tc, known_extension_that_does_not_decode);
    tcase_add_test(tc, extensions_need_version_3);
    tcase_add_test(tc, extension_list_not_empty);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return xt_run_with_key(&key, "EC", suite);
}
