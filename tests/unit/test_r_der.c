/*
 * test_r_der.c: the DER family (rules/r_der.c over der/der.c). Each X.690
 * violation is put into an otherwise valid certificate with the DER tree
 * editor, and must be reported with the offset of the element that
 * carries it; the untouched certificate reports none.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "dertree.h"
#include "cert/model.h"
#include "lint.h"
#include "xt_check.h"

static EVP_PKEY *key;
static unsigned char *base_der;
static size_t base_len;

/* Paths into a certificate: Certificate.tbsCertificate.<field>. */
static const int TBS[] = {0};
static const int SERIAL[] = {0, 1};
static const int VALIDITY[] = {0, 4};
static const int SUBJECT_RDN0[] = {0, 5, 0};
static const int SUBJECT_ATTR0_VALUE[] = {0, 5, 0, 0, 1};
static const int SPKI_KEY[] = {0, 6, 1};
static const int EXTENSION_LIST[] = {0, 7, 0};
static const int SIGNATURE[] = {2};

#define STEPS(path) (sizeof(path) / sizeof((path)[0]))

/* make_base runs before the tests, so it cannot use ck_assert. */
static bool make_base(void)
{
    xt_spec spec = {.subject = "CN=der.example,O=Example", .basic_constraints = "critical,CA:TRUE",
                    .key_usage = "critical,keyCertSign,cRLSign"};
    X509 *cert = xt_cert(&spec, key, NULL, NULL);
    int len = 0;
    unsigned char *der = cert != NULL ? xt_der(cert, &len) : NULL;
    base_der = der != NULL ? malloc((size_t)len) : NULL;
    if (base_der != NULL) {
        memcpy(base_der, der, (size_t)len);
        base_len = (size_t)len;
    }
    OPENSSL_free(der);
    X509_free(cert);
    return base_der != NULL;
}

static xt_node *base_tree(void)
{
    xt_node *root = xt_der_parse(base_der, base_len);
    ck_assert_ptr_nonnull(root);
    return root;
}

static void expect_raw_ext(const unsigned char *value, size_t len, const char *mnemonic)
{
    xt_spec spec = {.subject = "CN=x", .raw = {{"2.5.29.19", true, value, len}}};
    X509 *cert = xt_cert(&spec, key, NULL, NULL);
    xt_mnemonics m;
    xt_lint(cert, NULL, &m);
    ck_assert_msg(xt_has(&m, mnemonic), "%s should fire; findings: [%s]", mnemonic, m.text);
    X509_free(cert);
}

START_TEST(clean_certificate_has_no_der_findings)
{
    xt_mnemonics m;
    xt_lint_der(base_der, base_len, false, NULL, 0, &m);
    ck_assert_msg(strstr(m.text, "DER_") == NULL, "findings: [%s]", m.text);
}
END_TEST

START_TEST(length_not_minimal)
{
    xt_node *root = base_tree();
    xt_expect_tree(root, "DER_LENGTH_NOT_MINIMAL", false);
    xt_node_set_long_length(xt_must_node_at(root, SERIAL, STEPS(SERIAL)), 1);
    xt_expect_tree(root, "DER_LENGTH_NOT_MINIMAL", true);
    xt_node_free(root);
}
END_TEST

START_TEST(length_indefinite)
{
    xt_node *root = base_tree();
    xt_node_set_indefinite(xt_must_node_at(root, VALIDITY, STEPS(VALIDITY)));
    xt_expect_tree(root, "DER_LENGTH_INDEFINITE", true);
    xt_node_free(root);
}
END_TEST

START_TEST(truncated)
{
    xt_mnemonics m;
    xt_lint_der(base_der, base_len - 10, false, NULL, 0, &m);
    ck_assert_msg(xt_has(&m, "DER_TRUNCATED"), "findings: [%s]", m.text);
}
END_TEST

START_TEST(unexpected_tag)
{
    xt_node *root = base_tree();
    xt_node_set_tag(xt_must_node_at(root, SERIAL, STEPS(SERIAL)), 0x04);
    xt_expect_tree(root, "DER_UNEXPECTED_TAG", true);
    xt_node_free(root);
}
END_TEST

START_TEST(missing_element)
{
    xt_node *root = base_tree();
    xt_node *validity = xt_must_node_at(root, VALIDITY, STEPS(VALIDITY));
    xt_node_remove(validity, 1); /* notAfter */
    xt_expect_tree(root, "DER_MISSING_ELEMENT", true);
    xt_node_free(root);
}
END_TEST

START_TEST(constructed_string)
{
    xt_node *root = base_tree();
    xt_node_set_tag(xt_must_node_at(root, SPKI_KEY, STEPS(SPKI_KEY)), 0x23);
    xt_expect_tree(root, "DER_CONSTRUCTED_STRING", true);
    xt_node_free(root);
}
END_TEST

START_TEST(high_tag_number)
{
    /* the value becomes tag 0x1F with tag number 3 (the old length octet)
     * and the old first contents octet as its length */
    static const unsigned char value[] = {0x02, 'h', 'i'};
    xt_node *root = base_tree();
    xt_node *v = xt_must_node_at(root, SUBJECT_ATTR0_VALUE, STEPS(SUBJECT_ATTR0_VALUE));
    xt_node_set_tag(v, 0x1F);
    ck_assert(xt_node_set_content(v, value, sizeof(value)));
    xt_expect_tree(root, "DER_HIGH_TAG_NUMBER", true);
    xt_node_free(root);
}
END_TEST

START_TEST(integer_rules)
{
    static const unsigned char padded[] = {0x00, 0x01};
    xt_node *root = base_tree();
    xt_node *serial = xt_must_node_at(root, SERIAL, STEPS(SERIAL));
    ck_assert(xt_node_set_content(serial, padded, sizeof(padded)));
    xt_expect_tree(root, "DER_INTEGER_NOT_MINIMAL", true);
    xt_expect_tree(root, "DER_INTEGER_EMPTY", false);
    ck_assert(xt_node_set_content(serial, padded, 0));
    xt_expect_tree(root, "DER_INTEGER_EMPTY", true);
    xt_node_free(root);
}
END_TEST

START_TEST(bit_string_rules)
{
    static const unsigned char nine_unused[] = {0x09, 0x80};
    xt_node *root = base_tree();
    xt_node *sig = xt_must_node_at(root, SIGNATURE, STEPS(SIGNATURE));
    xt_expect_tree(root, "DER_BIT_STRING_UNUSED_BITS", false);
    ck_assert(xt_node_set_content(sig, nine_unused, sizeof(nine_unused)));
    xt_expect_tree(root, "DER_BIT_STRING_UNUSED_BITS", true);
    ck_assert(xt_node_set_content(sig, nine_unused, 0));
    xt_expect_tree(root, "DER_BIT_STRING_EMPTY", true);
    xt_node_free(root);
    /* keyUsage BIT STRING: 7 unused bits that are not zero */
    static const unsigned char ku_padding[] = {0x03, 0x02, 0x07, 0x81};
    xt_spec spec = {.subject = "CN=x", .raw = {{"2.5.29.15", true, ku_padding, sizeof(ku_padding)}}};
    X509 *cert = xt_cert(&spec, key, NULL, NULL);
    xt_mnemonics m;
    xt_lint(cert, NULL, &m);
    ck_assert_msg(xt_has(&m, "DER_BIT_STRING_PADDING"), "findings: [%s]", m.text);
    X509_free(cert);
}
END_TEST

START_TEST(named_bits_trailing_zero)
{
    static const unsigned char ku[] = {0x03, 0x02, 0x00, 0x80}; /* digitalSignature, 0 unused */
    static const unsigned char ku_ok[] = {0x03, 0x02, 0x07, 0x80};
    xt_spec bad = {.subject = "CN=x", .raw = {{"2.5.29.15", true, ku, sizeof(ku)}}};
    xt_spec good = {.subject = "CN=x", .raw = {{"2.5.29.15", true, ku_ok, sizeof(ku_ok)}}};
    X509 *b = xt_cert(&bad, key, NULL, NULL), *g = xt_cert(&good, key, NULL, NULL);
    ck_assert(xt_fires(b, "DER_NAMED_BITS_TRAILING_ZERO"));
    ck_assert(!xt_fires(g, "DER_NAMED_BITS_TRAILING_ZERO"));
    X509_free(b);
    X509_free(g);
}
END_TEST

START_TEST(boolean_rules)
{
    static const unsigned char not_ff[] = {0x30, 0x03, 0x01, 0x01, 0x01};
    static const unsigned char two_octets[] = {0x30, 0x04, 0x01, 0x02, 0xFF, 0xFF};
    static const unsigned char ca_false[] = {0x30, 0x03, 0x01, 0x01, 0x00};
    expect_raw_ext(not_ff, sizeof(not_ff), "DER_BOOLEAN_NOT_CANONICAL");
    expect_raw_ext(two_octets, sizeof(two_octets), "DER_BOOLEAN_BAD_LENGTH");
    expect_raw_ext(ca_false, sizeof(ca_false), "DER_DEFAULT_ENCODED");
}
END_TEST

START_TEST(default_critical_false)
{
    static const unsigned char false_bool[] = {0x01, 0x01, 0x00};
    xt_node *root = base_tree();
    xt_node *first_ext = xt_must_node_at(root, EXTENSION_LIST, STEPS(EXTENSION_LIST));
    xt_node *ext = xt_node_at(first_ext, (const int[]){0}, 1);
    ck_assert_ptr_nonnull(ext);
    /* the first extension is critical; make it "critical FALSE", encoded */
    xt_node_remove(ext, 1);
    ck_assert(xt_node_insert(ext, 1, false_bool, sizeof(false_bool)));
    xt_expect_tree(root, "DER_DEFAULT_ENCODED", true);
    xt_node_free(root);
}
END_TEST

START_TEST(oid_rules)
{
    static const unsigned char non_minimal[] = {0x55, 0x80, 0x1d, 0x13};
    static const unsigned char truncated_oid[] = {0x55, 0x1d, 0x93};
    xt_node *root = base_tree();
    xt_node *list = xt_must_node_at(root, EXTENSION_LIST, STEPS(EXTENSION_LIST));
    xt_node *oid = xt_node_at(list, (const int[]){0, 0}, 2);
    ck_assert_ptr_nonnull(oid);
    ck_assert(xt_node_set_content(oid, non_minimal, sizeof(non_minimal)));
    xt_expect_tree(root, "DER_OID_NOT_MINIMAL", true);
    ck_assert(xt_node_set_content(oid, truncated_oid, sizeof(truncated_oid)));
    xt_expect_tree(root, "DER_OID_TRUNCATED", true);
    ck_assert(xt_node_set_content(oid, truncated_oid, 0));
    xt_expect_tree(root, "DER_OID_EMPTY", true);
    xt_node_free(root);
}
END_TEST

START_TEST(set_not_sorted)
{
    /* one RDN with two attributes: CN first then O, which DER would sort O
     * (0x55 0x04 0x0a) after CN (0x55 0x04 0x03) only if CN's encoding is
     * smaller; swap them to break the order */
    static const unsigned char o_attr[] = {0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x0a,
                                           0x0c, 0x01, 'A'};
    static const unsigned char cn_attr[] = {0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x03,
                                            0x0c, 0x01, 'B'};
    xt_node *root = base_tree();
    xt_node *rdn = xt_must_node_at(root, SUBJECT_RDN0, STEPS(SUBJECT_RDN0));
    while (xt_node_children(rdn) > 0) {
        xt_node_remove(rdn, 0);
    }
    ck_assert(xt_node_insert(rdn, 0, cn_attr, sizeof(cn_attr)));
    ck_assert(xt_node_insert(rdn, 1, o_attr, sizeof(o_attr)));
    xt_expect_tree(root, "DER_SET_NOT_SORTED", false);
    xt_node_remove(rdn, 1);
    ck_assert(xt_node_insert(rdn, 0, o_attr, sizeof(o_attr)));
    xt_expect_tree(root, "DER_SET_NOT_SORTED", true);
    xt_node_free(root);
}
END_TEST

START_TEST(trailing_data)
{
    static const unsigned char junk[] = {0x05, 0x00};
    xt_node *root = base_tree();
    xt_expect_tree(root, "DER_TRAILING_DATA", false);
    ck_assert(xt_node_append_raw(root, junk, sizeof(junk)));
    xt_expect_tree(root, "DER_TRAILING_DATA", true);
    xt_node_free(root);
    root = base_tree();
    ck_assert(xt_node_append_raw(xt_must_node_at(root, TBS, STEPS(TBS)), junk, sizeof(junk)));
    xt_expect_tree(root, "DER_TRAILING_DATA", true);
    xt_node_free(root);
}
END_TEST

START_TEST(extension_cap)
{
    static const unsigned char ext[] = {0x30, 0x0a, 0x06, 0x04, 0x2a, 0x03, 0x04, 0x05,
                                        0x04, 0x02, 0x05, 0x00};
    xt_node *root = base_tree();
    xt_node *list = xt_must_node_at(root, EXTENSION_LIST, STEPS(EXTENSION_LIST));
    xt_expect_tree(root, "LIMIT_EXCEEDED", false);
    for (int i = 0; i < 300; i++) {
        ck_assert(xt_node_insert(list, xt_node_children(list), ext, sizeof(ext)));
    }
    xt_expect_tree(root, "LIMIT_EXCEEDED", true);
    xt_node_free(root);
}
END_TEST

/* A finding points at the element that carries the violation. */
START_TEST(offsets_point_at_the_element)
{
    xt_node *root = base_tree();
    xt_node *serial = xt_must_node_at(root, SERIAL, STEPS(SERIAL));
    xt_node_set_long_length(serial, 1);
    size_t len = 0;
    unsigned char *der = xt_der_serialize(root, &len);
    size_t serial_at = xt_node_offset(root, serial);
    xs_model m;
    ck_assert_int_eq(xs_model_parse(&m, der, len, false), XS_OK);
    ck_assert_uint_eq(m.issue_count, 1);
    ck_assert_int_eq(m.issues[0].der, XS_DER_LENGTH_NOT_MINIMAL);
    ck_assert_uint_eq(m.issues[0].offset, serial_at + 1); /* the length octets */
    ck_assert_str_eq(m.issues[0].path, "tbsCertificate.serialNumber");
    xs_model_cleanup(&m);
    free(der);
    xt_node_free(root);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("r_der");
    TCase *tc = tcase_create("der");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, clean_certificate_has_no_der_findings);
    tcase_add_test(tc, length_not_minimal);
    tcase_add_test(tc, length_indefinite);
    tcase_add_test(tc, truncated);
    tcase_add_test(tc, unexpected_tag);
    tcase_add_test(tc, missing_element);
    tcase_add_test(tc, constructed_string);
    tcase_add_test(tc, high_tag_number);
    tcase_add_test(tc, integer_rules);
    tcase_add_test(tc, bit_string_rules);
    tcase_add_test(tc, named_bits_trailing_zero);
    tcase_add_test(tc, boolean_rules);
    tcase_add_test(tc, default_critical_false);
    tcase_add_test(tc, oid_rules);
    tcase_add_test(tc, set_not_sorted);
    tcase_add_test(tc, trailing_data);
    tcase_add_test(tc, extension_cap);
    tcase_add_test(tc, offsets_point_at_the_element);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    key = xt_key("EC");
    if (key == NULL || !make_base()) {
        fprintf(stderr, "test_r_der: cannot build the base certificate\n");
        return EXIT_FAILURE;
    }
    int status = xt_run_suite(suite());
    free(base_der);
    EVP_PKEY_free(key);
    return status;
}
