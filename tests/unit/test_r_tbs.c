/*
 * test_r_tbs.c: the TBSCertificate rules (rules/r_tbs.c): version, serial
 * number, the two signature AlgorithmIdentifiers, validity and unique
 * identifiers. Each rule fires on a certificate made to break it (with
 * OpenSSL's setters, or the DER tree editor where OpenSSL will not encode
 * the defect) and stays silent on one that keeps it. The time rules are
 * checked against OpenSSL's own X509_cmp_time, which x509strict mirrors.
 */
#include <check.h>
#include <openssl/bn.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "certgen.h"
#include "dertree.h"
#include "lint.h"
#include "xt_check.h"

static EVP_PKEY *key;

/* Paths into a certificate. */
static const int TBS[] = {0};
static const int VERSION_INTEGER[] = {0, 0, 0};
static const int NOT_BEFORE[] = {0, 4, 0};
static const int NOT_AFTER[] = {0, 4, 1};
static const int SIGNATURE_ALGORITHM[] = {1};

#define STEPS(path) (sizeof(path) / sizeof((path)[0]))

static X509 *make(const xt_spec *spec)
{
    return xt_must_cert(spec, key, NULL, NULL);
}

static void expect_cert(X509 *cert, const char *mnemonic, bool fires)
{
    xt_expect_lint(cert, NULL, mnemonic, fires);
}

static void expect(const xt_spec *spec, const char *mnemonic, bool fires)
{
    X509 *cert = make(spec);
    expect_cert(cert, mnemonic, fires);
    X509_free(cert);
}

START_TEST(version_unknown)
{
    xt_spec spec = {.subject = "CN=x"};
    X509 *cert = make(&spec);
    xt_node *root = xt_must_tree(cert);
    xt_expect_tree(root, "VERSION_UNKNOWN", false);
    static const unsigned char v4[] = {0x03};
    ck_assert(xt_node_set_content(xt_must_node_at(root, VERSION_INTEGER, STEPS(VERSION_INTEGER)), v4, 1));
    xt_expect_tree(root, "VERSION_UNKNOWN", true);
    xt_node_free(root);
    X509_free(cert);
}
END_TEST

/* unique_id is [1] or [2] IMPLICIT BIT STRING with one octet of bits. */
static void insert_unique_id(xt_node *root, unsigned char tag)
{
    xt_node *tbs = xt_must_node_at(root, TBS, STEPS(TBS));
    size_t index = xt_node_children(tbs);
    if (xt_node_tag(xt_node_at(tbs, (const int[]){(int)index - 1}, 1)) == 0xA3) {
        index--; /* before the extensions */
    }
    const unsigned char uid[] = {tag, 0x02, 0x00, 0x5A};
    ck_assert(xt_node_insert(tbs, index, uid, sizeof(uid)));
}

START_TEST(version_2_without_unique_ids)
{
    xt_spec v1 = {.subject = "CN=x", .version = 1};
    X509 *cert = make(&v1);
    expect_cert(cert, "VERSION_2_WITHOUT_UNIQUE_IDS", false);
    ck_assert(X509_set_version(cert, X509_VERSION_2));
    ck_assert(X509_sign(cert, key, EVP_sha256()));
    expect_cert(cert, "VERSION_2_WITHOUT_UNIQUE_IDS", true);

    xt_node *root = xt_must_tree(cert);
    insert_unique_id(root, 0x82);
    xt_expect_tree(root, "VERSION_2_WITHOUT_UNIQUE_IDS", false);
    xt_node_free(root);

    /* a walk that stops at subjectPublicKeyInfo never reaches the unique
     * identifiers or the extensions, so it cannot say they are absent */
    root = xt_must_tree(cert);
    xt_node_set_tag(xt_must_node_at(root, (const int[]){0, 6}, 2), 0x31);
    xt_expect_tree(root, "DER_UNEXPECTED_TAG", true);
    xt_expect_tree(root, "VERSION_2_WITHOUT_UNIQUE_IDS", false);
    xt_node_free(root);
    X509_free(cert);
}
END_TEST

START_TEST(serial_not_positive)
{
    static const long serials[] = {-5, 0, -1};
    xt_spec spec = {.subject = "CN=x"};
    expect(&spec, "SERIAL_NUMBER_NOT_POSITIVE", false);
    for (size_t i = 0; i < sizeof(serials) / sizeof(serials[0]); i++) {
        X509 *cert = make(&spec);
        ck_assert(ASN1_INTEGER_set(X509_get_serialNumber(cert), serials[i]));
        ck_assert(X509_sign(cert, key, EVP_sha256()));
        expect_cert(cert, "SERIAL_NUMBER_NOT_POSITIVE", true);
        X509_free(cert);
    }
}
END_TEST

/* with_serial_octets gives the certificate a serial of `octets` octets of
 * magnitude whose first octet is `top`. */
static void with_serial_octets(X509 *cert, int octets, unsigned char top)
{
    unsigned char bytes[32];
    memset(bytes, 0x11, sizeof(bytes));
    bytes[0] = top;
    BIGNUM *bn = BN_bin2bn(bytes, octets, NULL);
    ck_assert_ptr_nonnull(bn);
    ck_assert_ptr_nonnull(BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)));
    BN_free(bn);
    ck_assert(X509_sign(cert, key, EVP_sha256()));
}

START_TEST(serial_too_long)
{
    xt_spec spec = {.subject = "CN=x"};
    X509 *cert = make(&spec);
    with_serial_octets(cert, 20, 0x7F); /* 20 contents octets */
    expect_cert(cert, "SERIAL_NUMBER_TOO_LONG", false);
    with_serial_octets(cert, 20, 0x80); /* a sign octet makes 21 */
    expect_cert(cert, "SERIAL_NUMBER_TOO_LONG", true);
    with_serial_octets(cert, 21, 0x01);
    expect_cert(cert, "SERIAL_NUMBER_TOO_LONG", true);
    X509_free(cert);
}
END_TEST

START_TEST(signature_algorithm_inconsistency)
{
    /* the OPENSSL row's scope is CA (rules.def), so the certificate is one */
    xt_spec ca = {.subject = "CN=ca",
                  .basic_constraints = "critical,CA:TRUE",
                  .key_usage = "critical,keyCertSign,cRLSign"};
    X509 *cert = make(&ca);
    expect_cert(cert, "SIGNATURE_ALGORITHM_INCONSISTENCY", false);

    /* ecdsa-with-SHA256 has absent parameters; NULL ones differ for
     * X509_ALGOR_cmp, so OpenSSL strict reports the same */
    xt_node *root = xt_must_tree(cert);
    static const unsigned char null_params[] = {0x05, 0x00};
    xt_node *outer = xt_must_node_at(root, SIGNATURE_ALGORITHM, STEPS(SIGNATURE_ALGORITHM));
    ck_assert(xt_node_insert(outer, 1, null_params, sizeof(null_params)));
    xt_expect_tree(root, "SIGNATURE_ALGORITHM_INCONSISTENCY", true);
    xt_node_free(root);
    X509_free(cert);
}
END_TEST

START_TEST(unique_ids)
{
    xt_spec v3 = {.subject = "CN=x"}, v1 = {.subject = "CN=x", .version = 1};
    X509 *cert3 = make(&v3), *cert1 = make(&v1);
    expect_cert(cert3, "UNIQUE_ID_PRESENT", false);
    expect_cert(cert1, "UNIQUE_ID_IN_VERSION_1", false);

    xt_node *root = xt_must_tree(cert3);
    insert_unique_id(root, 0x81);
    xt_expect_tree(root, "UNIQUE_ID_PRESENT", true);
    xt_expect_tree(root, "UNIQUE_ID_IN_VERSION_1", false);
    xt_node_free(root);

    root = xt_must_tree(cert1);
    insert_unique_id(root, 0x82);
    xt_expect_tree(root, "UNIQUE_ID_PRESENT", true);
    xt_expect_tree(root, "UNIQUE_ID_IN_VERSION_1", true);
    xt_node_free(root);
    X509_free(cert3);
    X509_free(cert1);
}
END_TEST

/* set_time replaces a validity time with `text` as UTCTime or
 * GeneralizedTime. */
static void set_time(xt_node *root, const int *path, size_t steps, unsigned char tag,
                     const char *text)
{
    xt_node *t = xt_must_node_at(root, path, steps);
    xt_node_set_tag(t, tag);
    ck_assert(xt_node_set_content(t, (const unsigned char *)text, strlen(text)));
}

/* openssl_refuses says whether OpenSSL's X509_cmp_time fails on the time,
 * which makes its verifier report ERROR_IN_CERT_NOT_{BEFORE,AFTER}_FIELD. */
static bool openssl_refuses(unsigned char tag, const char *text)
{
    ASN1_TIME *t = ASN1_TIME_new();
    ck_assert_ptr_nonnull(t);
    ck_assert(ASN1_STRING_set(t, text, (int)strlen(text)));
    t->type = tag;
    time_t now = time(NULL);
    bool refused = X509_cmp_time(t, &now) == 0;
    ASN1_TIME_free(t);
    return refused;
}

START_TEST(time_format_as_openssl)
{
    static const struct {
        unsigned char tag;
        const char *text;
    } times[] = {
        {0x17, "250101000000Z"},     {0x17, "2501010000Z"},         /* no seconds */
        {0x17, "250101000000+0100"}, {0x17, "250101000000"},        /* not Zulu */
        {0x17, "250230000000Z"},     {0x17, "250101240000Z"},       /* no such date or hour */
        {0x17, "25010100000AZ"},     {0x17, "960229000000Z"},       /* a digit; a leap day */
        {0x18, "20510101000000Z"},   {0x18, "20510101000000.5Z"},   /* a fraction */
        {0x18, "205101010000Z"},     {0x18, "20510101000000-0800"}, /* no seconds; offset */
        {0x18, "99991231235959Z"},   {0x18, "20510229000000Z"},     /* 2051 is no leap year */
    };
    xt_spec spec = {.subject = "CN=x"};
    X509 *cert = make(&spec);
    size_t refusals = 0, count = sizeof(times) / sizeof(times[0]);
    for (size_t i = 0; i < count; i++) {
        bool refused = openssl_refuses(times[i].tag, times[i].text);
        refusals += refused;
        xt_node *root = xt_must_tree(cert);
        set_time(root, NOT_BEFORE, STEPS(NOT_BEFORE), times[i].tag, times[i].text);
        set_time(root, NOT_AFTER, STEPS(NOT_AFTER), 0x18, "99991231235959Z");
        xt_expect_tree(root, "ERROR_IN_CERT_NOT_BEFORE_FIELD", refused);
        xt_expect_tree(root, "ERROR_IN_CERT_NOT_AFTER_FIELD", false);
        xt_node_free(root);

        root = xt_must_tree(cert);
        set_time(root, NOT_AFTER, STEPS(NOT_AFTER), times[i].tag, times[i].text);
        xt_expect_tree(root, "ERROR_IN_CERT_NOT_AFTER_FIELD", refused);
        xt_expect_tree(root, "ERROR_IN_CERT_NOT_BEFORE_FIELD", false);
        xt_node_free(root);
    }
    ck_assert(refusals > 0 && refusals < count); /* both kinds were tried */
    X509_free(cert);
}
END_TEST

START_TEST(generalized_time_before_2050)
{
    xt_spec spec = {.subject = "CN=x"};
    X509 *cert = make(&spec);
    xt_node *root = xt_must_tree(cert);
    set_time(root, NOT_BEFORE, STEPS(NOT_BEFORE), 0x18, "20490101000000Z");
    xt_expect_tree(root, "VALIDITY_GENERALIZED_TIME_BEFORE_2050", true);
    set_time(root, NOT_BEFORE, STEPS(NOT_BEFORE), 0x17, "490101000000Z");
    set_time(root, NOT_AFTER, STEPS(NOT_AFTER), 0x18, "20491231235959Z");
    xt_expect_tree(root, "VALIDITY_GENERALIZED_TIME_BEFORE_2050", true);
    set_time(root, NOT_AFTER, STEPS(NOT_AFTER), 0x18, "20500101000000Z");
    xt_expect_tree(root, "VALIDITY_GENERALIZED_TIME_BEFORE_2050", false);
    set_time(root, NOT_AFTER, STEPS(NOT_AFTER), 0x18, "99991231235959Z");
    xt_expect_tree(root, "VALIDITY_GENERALIZED_TIME_BEFORE_2050", false);
    xt_node_free(root);
    X509_free(cert);
}
END_TEST

START_TEST(validity_period_negative)
{
    xt_spec backwards = {.subject = "CN=x", .not_before_days = 10, .not_after_days = -10};
    xt_spec forwards = {.subject = "CN=x"};
    expect(&backwards, "VALIDITY_PERIOD_NEGATIVE", true);
    expect(&forwards, "VALIDITY_PERIOD_NEGATIVE", false);

    /* one instant is a period of one second; UTCTime 49 is 2049, 50 is 1950 */
    X509 *cert = make(&forwards);
    xt_node *root = xt_must_tree(cert);
    set_time(root, NOT_BEFORE, STEPS(NOT_BEFORE), 0x17, "300101000000Z");
    set_time(root, NOT_AFTER, STEPS(NOT_AFTER), 0x17, "300101000000Z");
    xt_expect_tree(root, "VALIDITY_PERIOD_NEGATIVE", false);
    set_time(root, NOT_BEFORE, STEPS(NOT_BEFORE), 0x17, "491231235959Z");
    set_time(root, NOT_AFTER, STEPS(NOT_AFTER), 0x17, "500101000000Z");
    xt_expect_tree(root, "VALIDITY_PERIOD_NEGATIVE", true);
    xt_node_free(root);
    X509_free(cert);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("r_tbs");
    TCase *tc = tcase_create("rules");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, version_unknown);
    tcase_add_test(tc, version_2_without_unique_ids);
    tcase_add_test(tc, serial_not_positive);
    tcase_add_test(tc, serial_too_long);
    tcase_add_test(tc, signature_algorithm_inconsistency);
    tcase_add_test(tc, unique_ids);
    tcase_add_test(tc, time_format_as_openssl);
    tcase_add_test(tc, generalized_time_before_2050);
    tcase_add_test(tc, validity_period_negative);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return xt_run_with_key(&key, "EC", suite);
}
