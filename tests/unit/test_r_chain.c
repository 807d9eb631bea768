/*
 * test_r_chain.c: the chain family (rules/r_chain.c): a certificate against
 * its issuer, linted with --issuer semantics or inside a chain OpenSSL built.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "certgen.h"
#include "lint.h"
#include "xt_check.h"
#include "x509strict.h"

static EVP_PKEY *ca_key, *leaf_key;

static X509 *make_ca(const char *subject, const char *key_usage)
{
    xt_spec spec = {.subject = subject, .basic_constraints = "critical,CA:TRUE",
                    .key_usage = key_usage, .not_before_days = -10, .not_after_days = 3650};
    X509 *ca = xt_cert(&spec, ca_key, NULL, NULL);
    ck_assert_ptr_nonnull(ca);
    return ca;
}

static X509 *make_leaf(X509 *ca, const xt_spec *spec)
{
    X509 *leaf = xt_cert(spec, leaf_key, ca, ca_key);
    ck_assert_ptr_nonnull(leaf);
    return leaf;
}

static const xt_spec plain_leaf = {.subject = "CN=leaf.example",
                                   .subject_alt_name = "DNS:leaf.example"};

static void expect_with_issuer(X509 *leaf, X509 *ca, const char *mnemonic, bool fires)
{
    xt_expect_lint(leaf, ca, mnemonic, fires);
}

START_TEST(key_identifiers_must_match)
{
    X509 *ca = make_ca("CN=CA", "critical,keyCertSign,cRLSign");
    X509 *leaf = make_leaf(ca, &plain_leaf);
    /* the same name and key, but a different SKI */
    static const unsigned char other_ski[] = {0x04, 0x02, 0xAB, 0xCD};
    xt_spec ski = {.subject = "CN=CA", .basic_constraints = "critical,CA:TRUE",
                   .key_usage = "critical,keyCertSign,cRLSign", .no_ski = true,
                   .raw = {{"2.5.29.14", false, other_ski, sizeof(other_ski)}}};
    X509 *renamed = xt_cert(&ski, ca_key, NULL, NULL);
    expect_with_issuer(leaf, ca, "AKID_SKID_MISMATCH", false);
    expect_with_issuer(leaf, renamed, "AKID_SKID_MISMATCH", true);
    X509_free(ca);
    X509_free(renamed);
    X509_free(leaf);
}
END_TEST

START_TEST(issuer_key_usage_allows_signing)
{
    X509 *good = make_ca("CN=CA", "critical,keyCertSign,cRLSign");
    X509 *bad = make_ca("CN=CA", "critical,digitalSignature");
    X509 *leaf = make_leaf(good, &plain_leaf);
    expect_with_issuer(leaf, good, "KEYUSAGE_NO_CERTSIGN", false);
    expect_with_issuer(leaf, bad, "KEYUSAGE_NO_CERTSIGN", true);
    X509_free(good);
    X509_free(bad);
    X509_free(leaf);
}
END_TEST

START_TEST(issuer_name_encoded_identically)
{
    X509 *ca = make_ca("CN=CA", "critical,keyCertSign,cRLSign");
    X509 *leaf = make_leaf(ca, &plain_leaf);
    expect_with_issuer(leaf, ca, "CHAIN_ISSUER_NAME_NOT_IDENTICAL", false);
    /* the same name as a PrintableString instead of a UTF8String */
    X509_NAME *printable = X509_NAME_new();
    ck_assert(X509_NAME_add_entry_by_txt(printable, "CN", V_ASN1_PRINTABLESTRING,
                                         (const unsigned char *)"CA", -1, -1, 0));
    ck_assert(X509_set_issuer_name(leaf, printable));
    ck_assert(X509_sign(leaf, ca_key, EVP_sha256()));
    expect_with_issuer(leaf, ca, "CHAIN_ISSUER_NAME_NOT_IDENTICAL", true);
    X509_NAME_free(printable);
    X509_free(ca);
    X509_free(leaf);
}
END_TEST

START_TEST(validity_nested_in_the_issuer)
{
    X509 *ca = make_ca("CN=CA", "critical,keyCertSign,cRLSign");
    X509 *inside = make_leaf(ca, &plain_leaf);
    xt_spec longer = plain_leaf;
    longer.not_after_days = 7300;
    X509 *outlives = make_leaf(ca, &longer);
    expect_with_issuer(inside, ca, "CHAIN_VALIDITY_NOT_NESTED", false);
    expect_with_issuer(outlives, ca, "CHAIN_VALIDITY_NOT_NESTED", true);
    X509_free(ca);
    X509_free(inside);
    X509_free(outlives);
}
END_TEST

static xs_certs *certs_of(X509 *const *certs, int count)
{
    xs_certs *list = NULL;
    ck_assert_int_eq(xs_certs_new(&list), XS_OK);
    for (int i = 0; i < count; i++) {
        int len = 0;
        unsigned char *der = xt_der(certs[i], &len);
        ck_assert_int_eq(xs_certs_load(list, der, (size_t)len, "test", NULL, 0), XS_OK);
        OPENSSL_free(der);
    }
    return list;
}

static bool verify_has(X509 *leaf, X509 *intermediate, X509 *anchor, const char *mnemonic)
{
    xs_policy *policy = NULL;
    xs_ctx *ctx = NULL;
    xs_report *r = NULL;
    X509 *peer[] = {leaf, intermediate};
    xs_certs *chain = certs_of(peer, 2), *trust = certs_of(&anchor, 1);
    ck_assert_int_eq(xs_policy_builtin(&policy, "python-3.13", NULL, 0), XS_OK);
    ck_assert_int_eq(xs_ctx_new(&ctx, policy), XS_OK);
    ck_assert_int_eq(xs_ctx_add_trust(ctx, trust), XS_OK);
    ck_assert_int_eq(xs_verify(ctx, &r, chain, (int64_t)time(NULL)), XS_OK);
    bool found = false;
    for (size_t i = 0; i < xs_report_finding_count(r); i++) {
        const xs_finding *f = xs_report_finding(r, i);
        found |= strcmp(f->mnemonic, mnemonic) == 0 && f->depth == 1 &&
                 f->severity == XS_SEV_NOTICE && strcmp(f->source, "chain") == 0;
    }
    xs_report_free(r);
    xs_ctx_free(ctx);
    xs_policy_free(policy);
    xs_certs_free(chain);
    xs_certs_free(trust);
    return found;
}

START_TEST(partial_chain_anchor_is_noted)
{
    EVP_PKEY *int_key = xt_key("EC");
    X509 *root = make_ca("CN=Root", "critical,keyCertSign,cRLSign");
    xt_spec int_spec = {.subject = "CN=Intermediate", .basic_constraints = "critical,CA:TRUE",
                        .key_usage = "critical,keyCertSign,cRLSign", .not_after_days = 3000};
    X509 *intermediate = xt_cert(&int_spec, int_key, root, ca_key);
    X509 *leaf = xt_cert(&plain_leaf, leaf_key, intermediate, int_key);
    ck_assert(verify_has(leaf, intermediate, intermediate, "CHAIN_PARTIAL_ANCHOR"));
    ck_assert(!verify_has(leaf, intermediate, root, "CHAIN_PARTIAL_ANCHOR"));
    X509_free(root);
    X509_free(intermediate);
    X509_free(leaf);
    EVP_PKEY_free(int_key);
}
END_TEST

int main(void)
{
    ca_key = xt_key("EC");
    leaf_key = xt_key("EC");
    Suite *s = suite_create("r_chain");
    TCase *tc = tcase_create("chain");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, key_identifiers_must_match);
    tcase_add_test(tc, issuer_key_usage_allows_signing);
    tcase_add_test(tc, issuer_name_encoded_identically);
    tcase_add_test(tc, validity_nested_in_the_issuer);
    tcase_add_test(tc, partial_chain_anchor_is_noted);
    suite_add_tcase(s, tc);
    int status = xt_run_suite(s);
    EVP_PKEY_free(ca_key);
    EVP_PKEY_free(leaf_key);
    return status;
}
