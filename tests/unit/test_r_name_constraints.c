/*
 * test_r_name_constraints.c: the nameConstraints rules
 * (rules/r_name_constraints.c) and the decoder behind them
 * (cert/ext_names.c). Each rule fires on a certificate made to break it and
 * stays silent on one that keeps it.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "derbuf.h"
#include "lint.h"
#include "xt_check.h"

static EVP_PKEY *key;

#define NC_OID "2.5.29.30"
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* NameConstraints' subtree lists; the GeneralName tags are in derbuf.h. */
enum {
    PERMITTED = 0xA0,
    EXCLUDED = 0xA1,
};

/* subtree appends GeneralSubtree { base, extra (minimum, maximum) }. */
static void subtree(xt_buf *list, unsigned char tag, const void *value, size_t len,
                    const unsigned char *extra, size_t extra_len)
{
    xt_buf s = {0};
    xt_put_tlv(&s, tag, value, len);
    xt_put(&s, extra, extra_len);
    xt_wrap(&s, 0x30);
    xt_put(list, s.p, s.len);
    free(s.p);
}

/* one_subtree makes NameConstraints { [list_tag] { one subtree } }. */
static xt_buf one_subtree(unsigned char list_tag, unsigned char tag, const void *value, size_t len)
{
    xt_buf b = {0};
    subtree(&b, tag, value, len, NULL, 0);
    xt_wrap(&b, list_tag);
    xt_wrap(&b, 0x30);
    return b;
}

/* ---- linting ------------------------------------------------------------ */

typedef enum { AS_CA, AS_LEAF } role;

static void lint_nc(xt_view value, bool critical, role r, xt_mnemonics *out)
{
    xt_spec spec = {.subject = "CN=x", .raw = {{NC_OID, critical, value.p, value.len}}};
    if (r == AS_CA) {
        spec.basic_constraints = "critical,CA:TRUE";
        spec.key_usage = "critical,keyCertSign,cRLSign";
    }
    X509 *cert = xt_cert(&spec, key, NULL, NULL);
    ck_assert_ptr_nonnull(cert);
    xt_lint(cert, NULL, out);
    X509_free(cert);
}

static void expect_value(xt_view value, const char *mnemonic, bool fires)
{
    xt_mnemonics m;
    lint_nc(value, true, AS_CA, &m);
    xt_expect_found(&m, mnemonic, fires);
}

/* expect_base puts one base name in permittedSubtrees and in
 * excludedSubtrees. A silent case must be silent for every
 * NAME_CONSTRAINTS_ rule. */
static void expect_base(unsigned char tag, const void *value, size_t len, const char *mnemonic,
                        bool fires)
{
    static const unsigned char lists[] = {PERMITTED, EXCLUDED};
    for (size_t i = 0; i < 2; i++) {
        xt_buf b = one_subtree(lists[i], tag, value, len);
        xt_mnemonics m;
        lint_nc(xt_view_of(&b), true, AS_CA, &m);
        free(b.p);
        ck_assert_msg(xt_has(&m, mnemonic) == fires, "%s on %02X \"%.*s\" should %sfire; [%s]",
                      mnemonic, tag, (int)len, (const char *)value, fires ? "" : "not ", m.text);
        if (!fires) {
            ck_assert_msg(strstr(m.text, "NAME_CONSTRAINTS_") == NULL, "%02X \"%.*s\": [%s]", tag,
                          (int)len, (const char *)value, m.text);
        }
    }
}

static void expect_str(unsigned char tag, const char *value, const char *mnemonic, bool fires)
{
    expect_base(tag, value, strlen(value), mnemonic, fires);
}

/* ---- the tests ---------------------------------------------------------- */

START_TEST(must_be_critical)
{
    xt_buf b = one_subtree(PERMITTED, DNS, "example.com", 11);
    xt_mnemonics m;
    lint_nc(xt_view_of(&b), false, AS_CA, &m);
    ck_assert_msg(xt_has(&m, "NAME_CONSTRAINTS_NOT_CRITICAL"), "[%s]", m.text);
    lint_nc(xt_view_of(&b), true, AS_CA, &m);
    ck_assert_msg(!xt_has(&m, "NAME_CONSTRAINTS_NOT_CRITICAL"), "[%s]", m.text);
    free(b.p);
}
END_TEST

START_TEST(only_in_ca)
{
    xt_buf b = one_subtree(PERMITTED, DNS, "example.com", 11);
    xt_mnemonics m;
    lint_nc(xt_view_of(&b), true, AS_LEAF, &m);
    ck_assert_msg(xt_has(&m, "NAME_CONSTRAINTS_IN_NON_CA"), "[%s]", m.text);
    lint_nc(xt_view_of(&b), true, AS_CA, &m);
    ck_assert_msg(!xt_has(&m, "NAME_CONSTRAINTS_IN_NON_CA"), "[%s]", m.text);
    free(b.p);
}
END_TEST

START_TEST(not_empty)
{
    static const unsigned char empty[] = {0x30, 0x00};
    static const unsigned char empty_permitted[] = {0x30, 0x02, 0xA0, 0x00};
    static const unsigned char empty_excluded[] = {0x30, 0x02, 0xA1, 0x00};
    xt_view none = {empty, sizeof(empty)};
    xt_view no_permitted = {empty_permitted, sizeof(empty_permitted)};
    xt_view no_excluded = {empty_excluded, sizeof(empty_excluded)};
    xt_buf fine = one_subtree(EXCLUDED, DNS, "example.com", 11);
    expect_value(none, "NAME_CONSTRAINTS_EMPTY", true);
    expect_value(none, "NAME_CONSTRAINTS_SUBTREES_EMPTY", false);
    expect_value(no_permitted, "NAME_CONSTRAINTS_SUBTREES_EMPTY", true);
    expect_value(no_permitted, "NAME_CONSTRAINTS_EMPTY", false);
    expect_value(no_excluded, "NAME_CONSTRAINTS_SUBTREES_EMPTY", true);
    expect_value(xt_view_of(&fine), "NAME_CONSTRAINTS_EMPTY", false);
    expect_value(xt_view_of(&fine), "NAME_CONSTRAINTS_SUBTREES_EMPTY", false);
    free(fine.p);
}
END_TEST

static xt_buf with_bounds(const unsigned char *extra, size_t extra_len)
{
    xt_buf b = {0};
    subtree(&b, DNS, "example.com", 11, extra, extra_len);
    xt_wrap(&b, PERMITTED);
    xt_wrap(&b, 0x30);
    return b;
}

START_TEST(minimum_and_maximum)
{
    static const unsigned char min1[] = {0x80, 0x01, 0x01};
    static const unsigned char min0[] = {0x80, 0x01, 0x00};
    static const unsigned char max5[] = {0x81, 0x01, 0x05};
    xt_buf minimum = with_bounds(min1, sizeof(min1));
    xt_buf minimum_zero = with_bounds(min0, sizeof(min0));
    xt_buf maximum = with_bounds(max5, sizeof(max5));
    xt_buf neither = with_bounds(NULL, 0);
    expect_value(xt_view_of(&minimum), "NAME_CONSTRAINTS_MINIMUM_NOT_ZERO", true);
    expect_value(xt_view_of(&minimum_zero), "NAME_CONSTRAINTS_MINIMUM_NOT_ZERO", false);
    expect_value(xt_view_of(&minimum_zero), "DER_DEFAULT_ENCODED", true);
    expect_value(xt_view_of(&maximum), "NAME_CONSTRAINTS_MAXIMUM_PRESENT", true);
    expect_value(xt_view_of(&maximum), "NAME_CONSTRAINTS_MINIMUM_NOT_ZERO", false);
    expect_value(xt_view_of(&neither), "NAME_CONSTRAINTS_MINIMUM_NOT_ZERO", false);
    expect_value(xt_view_of(&neither), "NAME_CONSTRAINTS_MAXIMUM_PRESENT", false);
    free(minimum.p);
    free(minimum_zero.p);
    free(maximum.p);
    free(neither.p);
}
END_TEST

START_TEST(unsupported_forms)
{
    static const unsigned char x400[] = {0x30, 0x00};
    static const unsigned char edi[] = {0xA1, 0x03, 0x0C, 0x01, 'x'};
    static const unsigned char registered[] = {0x2A, 0x03, 0x04};
    static const unsigned char org[] = {0x30, 0x0C, 0x31, 0x0A, 0x30, 0x08, 0x06, 0x03,
                                        0x55, 0x04, 0x0A, 0x0C, 0x01, 'x'};
    expect_base(X400, x400, sizeof(x400), "NAME_CONSTRAINTS_UNSUPPORTED_FORM", true);
    expect_base(EDI_PARTY, edi, sizeof(edi), "NAME_CONSTRAINTS_UNSUPPORTED_FORM", true);
    expect_base(REGISTERED_ID, registered, sizeof(registered), "NAME_CONSTRAINTS_UNSUPPORTED_FORM",
                true);
    expect_base(DIRECTORY, org, sizeof(org), "NAME_CONSTRAINTS_UNSUPPORTED_FORM", false);
    expect_str(DNS, "example.com", "NAME_CONSTRAINTS_UNSUPPORTED_FORM", false);
}
END_TEST

typedef struct {
    unsigned char tag;
    const char *value;
    const char *mnemonic; /* NULL: a valid constraint */
} base_case;

START_TEST(base_syntax)
{
    static const base_case cases[] = {
        {DNS, "example.com", NULL},
        {DNS, "host.example.com", NULL},
        {DNS, "", NULL},
        {DNS, ".example.com", "NAME_CONSTRAINTS_DNS_NAME_LEADING_PERIOD"},
        {DNS, "*.example.com", "NAME_CONSTRAINTS_DNS_NAME_BAD_SYNTAX"},
        {DNS, "ex_ample.com", "NAME_CONSTRAINTS_DNS_NAME_BAD_SYNTAX"},
        {DNS, "example..com", "NAME_CONSTRAINTS_DNS_NAME_BAD_SYNTAX"},
        {DNS, "-example.com", "NAME_CONSTRAINTS_DNS_NAME_BAD_SYNTAX"},
        {DNS, "192.0.2.0", "NAME_CONSTRAINTS_DNS_NAME_BAD_SYNTAX"},
        {DNS, "..example.com", "NAME_CONSTRAINTS_DNS_NAME_BAD_SYNTAX"},
        {DNS, " ", "NAME_CONSTRAINTS_DNS_NAME_BAD_SYNTAX"},
        {RFC822, "root@example.com", NULL},
        {RFC822, "example.com", NULL},
        {RFC822, ".example.com", NULL},
        {RFC822, "", NULL},
        {RFC822, "<root@example.com>", "NAME_CONSTRAINTS_EMAIL_BAD_SYNTAX"},
        {RFC822, "root@", "NAME_CONSTRAINTS_EMAIL_BAD_SYNTAX"},
        {RFC822, "..example.com", "NAME_CONSTRAINTS_EMAIL_BAD_SYNTAX"},
        {RFC822, "exa mple.com", "NAME_CONSTRAINTS_EMAIL_BAD_SYNTAX"},
        {URI, "host.example.com", NULL},
        {URI, ".example.com", NULL},
        {URI, "https://host.example.com/", "NAME_CONSTRAINTS_URI_NOT_HOST"},
        {URI, "192.0.2.1", "NAME_CONSTRAINTS_URI_NOT_HOST"},
        {URI, "example", "NAME_CONSTRAINTS_URI_NOT_HOST"},
        {URI, ".", "NAME_CONSTRAINTS_URI_NOT_HOST"},
        {URI, "ex_ample.com", "NAME_CONSTRAINTS_URI_NOT_HOST"},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        const base_case *k = &cases[i];
        expect_str(k->tag, k->value,
                   k->mnemonic != NULL ? k->mnemonic : "NAME_CONSTRAINTS_DNS_NAME_BAD_SYNTAX",
                   k->mnemonic != NULL);
    }
    /* the leading-period notice is not also a syntax error */
    xt_buf b = one_subtree(PERMITTED, DNS, ".example.com", 12);
    expect_value(xt_view_of(&b), "NAME_CONSTRAINTS_DNS_NAME_BAD_SYNTAX", false);
    free(b.p);
}
END_TEST

START_TEST(ip_constraints)
{
    static const unsigned char v4_24[] = {192, 0, 2, 0, 255, 255, 255, 0};
    static const unsigned char v4_all[] = {0, 0, 0, 0, 0, 0, 0, 0};
    static const unsigned char v4_holes[] = {192, 0, 2, 0, 255, 0, 255, 0};
    static const unsigned char v4_only[] = {192, 0, 2, 0};
    static const unsigned char v6_32[32] = {0x20, 0x01, 0x0d, 0xb8, [16] = 0xFF, 0xFF, 0xFF, 0xFF};
    static const unsigned char v6_holes[32] = {0x20, 0x01, [16] = 0xFF, 0x00, 0xFF};
    expect_base(IP, v4_24, sizeof(v4_24), "NAME_CONSTRAINTS_IP_BAD_LENGTH", false);
    expect_base(IP, v4_all, sizeof(v4_all), "NAME_CONSTRAINTS_IP_BAD_LENGTH", false);
    expect_base(IP, v6_32, sizeof(v6_32), "NAME_CONSTRAINTS_IP_BAD_LENGTH", false);
    expect_base(IP, v4_only, sizeof(v4_only), "NAME_CONSTRAINTS_IP_BAD_LENGTH", true);
    expect_base(IP, v6_32, 16, "NAME_CONSTRAINTS_IP_BAD_LENGTH", true);
    expect_base(IP, v4_holes, sizeof(v4_holes), "NAME_CONSTRAINTS_IP_MASK_NOT_CONTIGUOUS", true);
    expect_base(IP, v6_holes, sizeof(v6_holes), "NAME_CONSTRAINTS_IP_MASK_NOT_CONTIGUOUS", true);
}
END_TEST

/* Broken DER inside a subtree is a DER finding and INVALID_EXTENSION; the
 * other subtrees are still judged. */
START_TEST(malformed_subtrees)
{
    static const unsigned char trailing_in_subtree[] = {0x82, 0x01, 'x', 0x05, 0x00};
    xt_buf b = {0};
    xt_put_tlv(&b, 0x30, trailing_in_subtree, sizeof(trailing_in_subtree));
    subtree(&b, DNS, "ex_ample.com", 12, NULL, 0);
    xt_wrap(&b, PERMITTED);
    xt_wrap(&b, 0x30);
    xt_mnemonics m;
    lint_nc(xt_view_of(&b), true, AS_CA, &m);
    ck_assert_msg(xt_has(&m, "DER_TRAILING_DATA") && xt_has(&m, "INVALID_EXTENSION") &&
                      xt_has(&m, "NAME_CONSTRAINTS_DNS_NAME_BAD_SYNTAX"),
                  "[%s]", m.text);
    free(b.p);

    static const unsigned char reversed[] = {0x30, 0x0C, 0xA1, 0x04, 0x30, 0x02, 0x82, 0x00,
                                             0xA0, 0x04, 0x30, 0x02, 0x82, 0x00};
    xt_view r = {reversed, sizeof(reversed)};
    expect_value(r, "INVALID_EXTENSION", true);
    xt_buf fine = one_subtree(PERMITTED, DNS, "example.com", 11);
    expect_value(xt_view_of(&fine), "INVALID_EXTENSION", false);
    free(fine.p);
}
END_TEST

/* A rule lists at most 8 subtrees of one list, then counts the rest. */
START_TEST(findings_are_capped_per_rule)
{
    xt_buf b = {0};
    for (int i = 0; i < 12; i++) {
        subtree(&b, IP, "\xC0\x00\x02\x00", 4, NULL, 0);
    }
    xt_wrap(&b, EXCLUDED);
    xt_wrap(&b, 0x30);
    xt_mnemonics m;
    lint_nc(xt_view_of(&b), true, AS_CA, &m);
    size_t count = 0;
    for (const char *p = m.text; (p = strstr(p, "NAME_CONSTRAINTS_IP_BAD_LENGTH")) != NULL; p++) {
        count++;
    }
    ck_assert_msg(count == 9, "[%s]", m.text);
    free(b.p);
}
END_TEST

/* Each subtree list keeps XS_MAX_GENERAL_NAMES (100,000) subtrees; one
 * more is a limit finding, and the rest of the list is still walked. */
START_TEST(subtree_lists_are_capped)
{
    static const unsigned char any_dns[] = {0x30, 0x02, 0x82, 0x00};
    for (size_t extra = 0; extra <= 1; extra++) {
        xt_buf b = {0};
        for (size_t i = 0; i < 100000 + extra; i++) {
            xt_put(&b, any_dns, sizeof(any_dns));
        }
        xt_wrap(&b, EXCLUDED);
        xt_wrap(&b, 0x30);
        xt_mnemonics m;
        lint_nc(xt_view_of(&b), true, AS_CA, &m);
        ck_assert_msg(xt_has(&m, "LIMIT_EXCEEDED") == (extra == 1), "[%s]", m.text);
        ck_assert_msg(!xt_has(&m, "INVALID_EXTENSION"), "[%s]", m.text);
        free(b.p);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("r_name_constraints");
    TCase *tc = tcase_create("rules");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, must_be_critical);
    tcase_add_test(tc, only_in_ca);
    tcase_add_test(tc, not_empty);
    tcase_add_test(tc, minimum_and_maximum);
    tcase_add_test(tc, unsupported_forms);
    tcase_add_test(tc, base_syntax);
    tcase_add_test(tc, ip_constraints);
    tcase_add_test(tc, malformed_subtrees);
    tcase_add_test(tc, findings_are_capped_per_rule);
    tcase_add_test(tc, subtree_lists_are_capped);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return xt_run_with_key(&key, "EC", suite);
}
