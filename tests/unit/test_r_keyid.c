/*
 * test_r_keyid.c: the key identifier rules (rules/r_keyid.c) and the AKI and
 * SKI decoders. Each rule fires on a certificate made to break it and stays
 * silent on one that keeps it; the OpenSSL rows are also run as OpenSSL
 * runs them, at a given depth of a chain of a given length.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cert/model.h"
#include "certgen.h"
#include "lint.h"
#include "xt_check.h"
#include "xt_unread.h"
#include "rules/check.h"

static EVP_PKEY *root_key, *key;
static X509 *root;

/* issued makes a certificate for `key` signed by the root. */
static X509 *issued(const xt_spec *spec)
{
    return xt_must_cert(spec, key, root, root_key);
}

static X509 *self_signed(const xt_spec *spec)
{
    return xt_must_cert(spec, key, NULL, NULL);
}

/* expect lints `cert` (alone, or with its issuer) and checks one mnemonic;
 * it frees `cert`. */
static void expect_with(X509 *cert, X509 *issuer, const char *mnemonic, bool fires)
{
    xt_expect_lint(cert, issuer, mnemonic, fires);
    X509_free(cert);
}

static void expect(X509 *cert, const char *mnemonic, bool fires)
{
    expect_with(cert, NULL, mnemonic, fires);
}

/* AKI values: keyIdentifier 0xAA..; with issuer CN=x and serial 5 or 1. */
#define AKI_KEY_ID 0x80, 0x02, 0xAA, 0xBB
#define AKI_NAME 0xA1, 0x10, 0xA4, 0x0E, 0x30, 0x0C, 0x31, 0x0A, 0x30, 0x08, 0x06, 0x03, 0x55, \
                 0x04, 0x03, 0x0C, 0x01, 0x78
static const unsigned char aki_key_id[] = {0x30, 0x04, AKI_KEY_ID};
static const unsigned char aki_empty_key_id[] = {0x30, 0x02, 0x80, 0x00};
static const unsigned char aki_issuer_only[] = {0x30, 0x16, AKI_KEY_ID, AKI_NAME};
static const unsigned char aki_serial_only[] = {0x30, 0x07, AKI_KEY_ID, 0x82, 0x01, 0x05};
static const unsigned char aki_issuer_serial_5[] = {0x30, 0x19, AKI_KEY_ID, AKI_NAME, 0x82, 0x01,
                                                    0x05};
static const unsigned char aki_issuer_serial_1[] = {0x30, 0x19, AKI_KEY_ID, AKI_NAME, 0x82, 0x01,
                                                    0x01};
static const unsigned char aki_no_key_id[] = {0x30, 0x15, AKI_NAME, 0x82, 0x01, 0x01};
static const unsigned char aki_fields_out_of_order[] = {0x30, 0x07, 0x82, 0x01, 0x01, AKI_KEY_ID};
static const unsigned char ski_value[] = {0x04, 0x02, 0x01, 0x02};
static const unsigned char ski_empty[] = {0x04, 0x00};

START_TEST(aki_critical)
{
    xt_spec critical = {.subject = "CN=leaf", .no_aki = true,
                        .raw = {{"2.5.29.35", true, aki_key_id, sizeof(aki_key_id)}}};
    xt_spec plain = {.subject = "CN=leaf"};
    expect(issued(&critical), "AUTHORITY_KEY_IDENTIFIER_CRITICAL", true);
    expect(issued(&plain), "AUTHORITY_KEY_IDENTIFIER_CRITICAL", false);
    /* OpenSSL's strict block does not run on a chain of one */
    X509 *cert = issued(&critical);
    xt_expect_at(cert, root, 0, 2, "AUTHORITY_KEY_IDENTIFIER_CRITICAL", true);
    xt_expect_at(cert, NULL, 0, 1, "AUTHORITY_KEY_IDENTIFIER_CRITICAL", false);
    X509_free(cert);
}
END_TEST

START_TEST(ski_critical)
{
    xt_spec critical = {.subject = "CN=leaf", .no_ski = true,
                        .raw = {{"2.5.29.14", true, ski_value, sizeof(ski_value)}}};
    xt_spec plain = {.subject = "CN=leaf"};
    expect(issued(&critical), "SUBJECT_KEY_IDENTIFIER_CRITICAL", true);
    expect(issued(&plain), "SUBJECT_KEY_IDENTIFIER_CRITICAL", false);
}
END_TEST

START_TEST(missing_aki)
{
    xt_spec none = {.subject = "CN=leaf", .no_aki = true};
    xt_spec issuer_serial_only = {.subject = "CN=leaf", .no_aki = true,
                                  .raw = {{"2.5.29.35", false, aki_no_key_id,
                                           sizeof(aki_no_key_id)}}};
    xt_spec with_key_id = {.subject = "CN=leaf"};
    xt_spec root_spec = {.subject = "CN=Root", .basic_constraints = "critical,CA:TRUE",
                         .key_usage = "critical,keyCertSign,cRLSign"};
    expect(issued(&none), "MISSING_AUTHORITY_KEY_IDENTIFIER", true);
    expect(issued(&issuer_serial_only), "MISSING_AUTHORITY_KEY_IDENTIFIER", true);
    expect(issued(&with_key_id), "MISSING_AUTHORITY_KEY_IDENTIFIER", false);
    /* a self-signed root has none, and is the top */
    expect(self_signed(&root_spec), "MISSING_AUTHORITY_KEY_IDENTIFIER", false);
    /* in a chain: below the top only, and only in chains of two or more */
    X509 *cert = issued(&none);
    xt_expect_at(cert, root, 0, 2, "MISSING_AUTHORITY_KEY_IDENTIFIER", true);
    xt_expect_at(cert, NULL, 1, 2, "MISSING_AUTHORITY_KEY_IDENTIFIER", false);
    xt_expect_at(cert, NULL, 0, 1, "MISSING_AUTHORITY_KEY_IDENTIFIER", false);
    X509_free(cert);
}
END_TEST

START_TEST(missing_ski_on_ca)
{
    xt_spec ca_without = {.subject = "CN=CA", .basic_constraints = "critical,CA:TRUE",
                          .key_usage = "critical,keyCertSign", .no_ski = true};
    xt_spec ca_with = {.subject = "CN=CA", .basic_constraints = "critical,CA:TRUE",
                       .key_usage = "critical,keyCertSign"};
    xt_spec leaf_without = {.subject = "CN=leaf", .no_ski = true};
    expect(issued(&ca_without), "MISSING_SUBJECT_KEY_IDENTIFIER", true);
    expect(self_signed(&ca_without), "MISSING_SUBJECT_KEY_IDENTIFIER", true);
    expect(issued(&ca_with), "MISSING_SUBJECT_KEY_IDENTIFIER", false);
    expect(issued(&leaf_without), "MISSING_SUBJECT_KEY_IDENTIFIER", false);
}
END_TEST

START_TEST(aki_on_top_not_self_signed)
{
    /* self-issued (issuer name = subject name) but signed by the root's key */
    xt_spec rollover = {.subject = "CN=Root", .basic_constraints = "critical,CA:TRUE",
                        .key_usage = "critical,keyCertSign", .no_aki = true};
    xt_spec rollover_with_aki = {.subject = "CN=Root", .basic_constraints = "critical,CA:TRUE",
                                 .key_usage = "critical,keyCertSign"};
    expect_with(issued(&rollover), root, "AKI_KEY_ID_MISSING_NOT_SELF_SIGNED", true);
    expect_with(issued(&rollover_with_aki), root, "AKI_KEY_ID_MISSING_NOT_SELF_SIGNED", false);
    /* alone, a self-issued certificate is presumed self-signed */
    expect(issued(&rollover), "AKI_KEY_ID_MISSING_NOT_SELF_SIGNED", false);
    /* a real self-signed root, linted with itself as issuer */
    expect_with(X509_dup(root), root, "AKI_KEY_ID_MISSING_NOT_SELF_SIGNED", false);
    /* an intermediate used as the anchor of a partial chain */
    xt_spec intermediate = {.subject = "CN=Int", .basic_constraints = "critical,CA:TRUE",
                            .key_usage = "critical,keyCertSign", .no_aki = true};
    X509 *cert = issued(&intermediate);
    xt_expect_at(cert, NULL, 1, 2, "AKI_KEY_ID_MISSING_NOT_SELF_SIGNED", true);
    xt_expect_at(cert, NULL, 1, 2, "MISSING_AUTHORITY_KEY_IDENTIFIER", false);
    X509_free(cert);
}
END_TEST

START_TEST(aki_issuer_and_serial_paired)
{
    xt_spec issuer_only = {.subject = "CN=leaf", .no_aki = true,
                           .raw = {{"2.5.29.35", false, aki_issuer_only, sizeof(aki_issuer_only)}}};
    xt_spec serial_only = {.subject = "CN=leaf", .no_aki = true,
                           .raw = {{"2.5.29.35", false, aki_serial_only, sizeof(aki_serial_only)}}};
    xt_spec both = {.subject = "CN=leaf", .no_aki = true,
                    .raw = {{"2.5.29.35", false, aki_issuer_serial_5,
                             sizeof(aki_issuer_serial_5)}}};
    xt_spec neither = {.subject = "CN=leaf"};
    expect(issued(&issuer_only), "AKI_ISSUER_SERIAL_NOT_PAIRED", true);
    expect(issued(&serial_only), "AKI_ISSUER_SERIAL_NOT_PAIRED", true);
    expect(issued(&both), "AKI_ISSUER_SERIAL_NOT_PAIRED", false);
    expect(issued(&neither), "AKI_ISSUER_SERIAL_NOT_PAIRED", false);
}
END_TEST

START_TEST(empty_key_ids)
{
    xt_spec empty_aki = {.subject = "CN=leaf", .no_aki = true,
                         .raw = {{"2.5.29.35", false, aki_empty_key_id,
                                  sizeof(aki_empty_key_id)}}};
    xt_spec empty_ski = {.subject = "CN=leaf", .no_ski = true,
                         .raw = {{"2.5.29.14", false, ski_empty, sizeof(ski_empty)}}};
    xt_spec fine = {.subject = "CN=leaf"};
    expect(issued(&empty_aki), "AKI_KEY_ID_EMPTY", true);
    expect(issued(&fine), "AKI_KEY_ID_EMPTY", false);
    expect(issued(&empty_ski), "SKI_EMPTY", true);
    expect(issued(&fine), "SKI_EMPTY", false);
}
END_TEST

START_TEST(ski_on_end_entity)
{
    xt_spec without = {.subject = "CN=leaf", .no_ski = true};
    xt_spec with = {.subject = "CN=leaf"};
    xt_spec ca_without = {.subject = "CN=CA", .basic_constraints = "critical,CA:TRUE",
                          .key_usage = "critical,keyCertSign", .no_ski = true};
    expect(issued(&without), "SKI_MISSING_END_ENTITY", true);
    expect(issued(&with), "SKI_MISSING_END_ENTITY", false);
    expect(issued(&ca_without), "SKI_MISSING_END_ENTITY", false);
    /* RFC 6818 section 2: self-issued end entities are outside the profile */
    expect(self_signed(&without), "SKI_MISSING_END_ENTITY", false);
}
END_TEST

START_TEST(aki_decoder_refuses_stray_fields)
{
    xt_spec out_of_order = {.subject = "CN=leaf", .no_aki = true,
                            .raw = {{"2.5.29.35", false, aki_fields_out_of_order,
                                     sizeof(aki_fields_out_of_order)}}};
    xt_spec fine = {.subject = "CN=leaf", .no_aki = true,
                    .raw = {{"2.5.29.35", false, aki_issuer_serial_1,
                             sizeof(aki_issuer_serial_1)}}};
    expect(issued(&out_of_order), "INVALID_EXTENSION", true);
    expect(issued(&fine), "INVALID_EXTENSION", false);
}
END_TEST

/* A key identifier that may sit in extension bytes x509strict could not
 * read is not reported missing. */
START_TEST(key_ids_not_missing_where_unread)
{
    xt_spec leaf = {.subject = "CN=leaf", .no_ski = true, .no_aki = true, .raw = {XT_FILLER_EXT}};
    xt_spec ca = {.subject = "CN=CA", .basic_constraints = "critical,CA:TRUE",
                  .key_usage = "critical,keyCertSign", .no_ski = true, .raw = {XT_FILLER_EXT}};
    X509 *leaf_cert = issued(&leaf), *ca_cert = issued(&ca);
    xt_expect_silent_unread(leaf_cert, NULL, "SKI_MISSING_END_ENTITY");
    xt_expect_silent_unread(leaf_cert, NULL, "MISSING_AUTHORITY_KEY_IDENTIFIER");
    xt_expect_silent_unread(ca_cert, NULL, "MISSING_SUBJECT_KEY_IDENTIFIER");
    X509_free(leaf_cert);
    X509_free(ca_cert);
    /* a rollover certificate linted with its issuer: self-issued, another key */
    xt_spec rollover = {.subject = "CN=Root", .basic_constraints = "critical,CA:TRUE",
                        .key_usage = "critical,keyCertSign", .no_aki = true,
                        .raw = {XT_FILLER_EXT}};
    X509 *rollover_cert = issued(&rollover);
    xt_expect_silent_unread(rollover_cert, root, "AKI_KEY_ID_MISSING_NOT_SELF_SIGNED");
    X509_free(rollover_cert);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("r_keyid");
    TCase *tc = tcase_create("rules");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, aki_critical);
    tcase_add_test(tc, ski_critical);
    tcase_add_test(tc, missing_aki);
    tcase_add_test(tc, missing_ski_on_ca);
    tcase_add_test(tc, aki_on_top_not_self_signed);
    tcase_add_test(tc, aki_issuer_and_serial_paired);
    tcase_add_test(tc, empty_key_ids);
    tcase_add_test(tc, ski_on_end_entity);
    tcase_add_test(tc, aki_decoder_refuses_stray_fields);
    tcase_add_test(tc, key_ids_not_missing_where_unread);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    root_key = xt_key("EC");
    key = xt_key("EC");
    xt_spec root_spec = {.subject = "CN=Root", .basic_constraints = "critical,CA:TRUE",
                         .key_usage = "critical,keyCertSign,cRLSign"};
    root = xt_cert(&root_spec, root_key, NULL, NULL);
    if (root_key == NULL || key == NULL || root == NULL) {
        return EXIT_FAILURE;
    }
    int status = xt_run_suite(suite());
    X509_free(root);
    EVP_PKEY_free(root_key);
    EVP_PKEY_free(key);
    return status;
}
