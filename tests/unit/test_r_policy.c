/*
 * test_r_policy.c: the policy rules (rules/r_policy.c over
 * cert/ext_policy.c): certificatePolicies, policyMappings,
 * policyConstraints and inhibitAnyPolicy. Each rule fires on a certificate
 * whose extension value is built to break it, and stays silent on one that
 * keeps it; values OpenSSL itself encodes must decode without findings.
 */
#include <check.h>
#include <openssl/conf.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "derbuild.h"
#include "lint.h"
#include "xt_check.h"
#include "xt_unread.h"

static EVP_PKEY *key;

/* ---- certificates and expectations ----------------------------------- */

#define CERTIFICATE_POLICIES "2.5.29.32"
#define POLICY_MAPPINGS "2.5.29.33"
#define POLICY_CONSTRAINTS "2.5.29.36"
#define INHIBIT_ANY_POLICY "2.5.29.54"

#define ANY_POLICY "2.5.29.32.0"
#define QT_CPS "1.3.6.1.5.5.7.2.1"
#define QT_UNOTICE "1.3.6.1.5.5.7.2.2"

typedef xt_ext ext;

/* lint_exts issues a certificate (a CA when `ca`) with the extensions and
 * lints it. */
static void lint_exts(const ext *exts, size_t count, bool ca, xt_mnemonics *out)
{
    xt_spec spec = {.subject = ca ? "CN=Policy CA" : "CN=leaf.example"};
    if (ca) {
        spec.basic_constraints = "critical,CA:TRUE";
        spec.key_usage = "critical,keyCertSign,cRLSign";
    }
    xt_lint_with_exts(spec, exts, count, key, out);
}

static void expect_exts(const ext *exts, size_t count, bool ca, const char *mnemonic, bool fires)
{
    xt_mnemonics m;
    lint_exts(exts, count, ca, &m);
    xt_expect_found(&m, mnemonic, fires);
}

/* expect: one extension in a CA certificate. */
static void expect(const char *ext_oid, bool critical, xt_bytes value, const char *mnemonic, bool fires)
{
    const ext one = {ext_oid, critical, value};
    expect_exts(&one, 1, true, mnemonic, fires);
}

static void fires(const char *ext_oid, bool critical, xt_bytes value, const char *mnemonic)
{
    expect(ext_oid, critical, value, mnemonic, true);
}

static void silent(const char *ext_oid, bool critical, xt_bytes value, const char *mnemonic)
{
    expect(ext_oid, critical, value, mnemonic, false);
}

/* policies: certificatePolicies with one policy 1.2.3.4 and its qualifiers. */
static xt_bytes policy_with(xt_bytes qualifiers)
{
    return XT_SEQ(1, XT_SEQ(2, xt_oid("1.2.3.4"), qualifiers));
}

static xt_bytes user_notice(xt_bytes notice)
{
    return policy_with(XT_SEQ(1, XT_SEQ(2, xt_oid(QT_UNOTICE), notice)));
}

static xt_bytes explicit_text(unsigned char tag, const char *s)
{
    return user_notice(XT_SEQ(1, xt_text(tag, s)));
}

/* repeated is `times` copies of the `len` bytes at `unit`. */
static xt_bytes repeated(const char *unit, size_t len, size_t times)
{
    xt_bytes d = {.n = 0};
    for (size_t i = 0; i < times; i++) {
        d = xt_cat(2, d, xt_bytes_of(unit, len));
    }
    return d;
}

/* ---- certificatePolicies --------------------------------------------- */

START_TEST(openssl_encodings_decode)
{
    const xt_openssl_ext cases[] = {
        {CERTIFICATE_POLICIES, NID_certificate_policies, "1.2.3.4,2.23.140.1.2.1"},
        {POLICY_MAPPINGS, NID_policy_mappings, "1.2.3.4:1.2.3.5"},
        {POLICY_CONSTRAINTS, NID_policy_constraints,
         "requireExplicitPolicy:0,inhibitPolicyMapping:1"},
        {INHIBIT_ANY_POLICY, NID_inhibit_any_policy, "0"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        xt_mnemonics m;
        const ext e = {cases[i].oid, true, xt_openssl_value(cases[i].nid, cases[i].conf)};
        lint_exts(&e, 1, true, &m);
        ck_assert_msg(!xt_has(&m, "INVALID_EXTENSION") && strstr(m.text, "DER_") == NULL &&
                          !xt_has(&m, "CERT_POLICIES_EMPTY") &&
                          !xt_has(&m, "POLICY_CONSTRAINTS_EMPTY"),
                      "%s: findings: [%s]", cases[i].conf, m.text);
    }
}
END_TEST

START_TEST(policies_empty)
{
    fires(CERTIFICATE_POLICIES, false, XT_SEQ(1, XT_NONE), "CERT_POLICIES_EMPTY");
    silent(CERTIFICATE_POLICIES, false, XT_SEQ(1, XT_SEQ(1, xt_oid("1.2.3.4"))), "CERT_POLICIES_EMPTY");
    silent(CERTIFICATE_POLICIES, false,
           xt_openssl_value(NID_certificate_policies, "1.2.3.4"), "CERT_POLICIES_EMPTY");
}
END_TEST

START_TEST(policy_duplicate)
{
    xt_bytes twice = XT_SEQ(3, XT_SEQ(1, xt_oid("1.2.3.4")), XT_SEQ(1, xt_oid("1.2.3.5")), XT_SEQ(1, xt_oid("1.2.3.4")));
    xt_bytes prefix = XT_SEQ(2, XT_SEQ(1, xt_oid("1.2.3")), XT_SEQ(1, xt_oid("1.2.3.4")));
    fires(CERTIFICATE_POLICIES, false, twice, "CERT_POLICY_DUPLICATE");
    silent(CERTIFICATE_POLICIES, false, prefix, "CERT_POLICY_DUPLICATE");
}
END_TEST

START_TEST(qualifiers_empty)
{
    xt_bytes cps = XT_SEQ(1, XT_SEQ(2, xt_oid(QT_CPS), xt_text(0x16, "http://cps.example/")));
    fires(CERTIFICATE_POLICIES, false, policy_with(XT_SEQ(1, XT_NONE)), "CERT_POLICY_QUALIFIERS_EMPTY");
    silent(CERTIFICATE_POLICIES, false, policy_with(cps), "CERT_POLICY_QUALIFIERS_EMPTY");
    silent(CERTIFICATE_POLICIES, false, policy_with(cps), "INVALID_EXTENSION");
}
END_TEST

START_TEST(qualifier_types)
{
    xt_bytes other = XT_SEQ(2, xt_oid("1.3.6.1.4.1.99999.7"), xt_text(0x0C, "anything"));
    xt_bytes cps = XT_SEQ(2, xt_oid(QT_CPS), xt_text(0x16, "http://cps.example/"));
    xt_bytes unotice = XT_SEQ(2, xt_oid(QT_UNOTICE), XT_SEQ(1, xt_text(0x0C, "Notice")));
    xt_bytes on_policy = policy_with(XT_SEQ(1, other));
    xt_bytes on_any = XT_SEQ(1, XT_SEQ(2, xt_oid(ANY_POLICY), XT_SEQ(1, other)));
    xt_bytes any_known = XT_SEQ(1, XT_SEQ(2, xt_oid(ANY_POLICY), XT_SEQ(2, cps, unotice)));

    fires(CERTIFICATE_POLICIES, false, on_policy, "CERT_POLICY_QUALIFIER_UNKNOWN");
    silent(CERTIFICATE_POLICIES, false, on_policy, "ANY_POLICY_QUALIFIER_NOT_ALLOWED");
    fires(CERTIFICATE_POLICIES, false, on_any, "ANY_POLICY_QUALIFIER_NOT_ALLOWED");
    silent(CERTIFICATE_POLICIES, false, on_any, "CERT_POLICY_QUALIFIER_UNKNOWN");
    silent(CERTIFICATE_POLICIES, false, any_known, "ANY_POLICY_QUALIFIER_NOT_ALLOWED");
    silent(CERTIFICATE_POLICIES, false, any_known, "CERT_POLICY_QUALIFIER_UNKNOWN");
    silent(CERTIFICATE_POLICIES, false, any_known, "INVALID_EXTENSION");
}
END_TEST

START_TEST(notice_ref)
{
    xt_bytes ref = XT_SEQ(2, xt_text(0x0C, "Example Org"), XT_SEQ(2, xt_tlv(0x02, xt_bytes_of("\x01", 1)),
                                                      xt_tlv(0x02, xt_bytes_of("\x02", 1))));
    xt_bytes with_ref = user_notice(XT_SEQ(2, ref, xt_text(0x0C, "See the CPS")));
    fires(CERTIFICATE_POLICIES, false, with_ref, "CERT_POLICY_NOTICE_REF_USED");
    silent(CERTIFICATE_POLICIES, false, with_ref, "INVALID_EXTENSION");
    silent(CERTIFICATE_POLICIES, false, explicit_text(0x0C, "See the CPS"),
           "CERT_POLICY_NOTICE_REF_USED");
}
END_TEST

START_TEST(explicit_text_string_types)
{
    fires(CERTIFICATE_POLICIES, false, explicit_text(0x16, "Notice"), "EXPLICIT_TEXT_IA5_STRING");
    fires(CERTIFICATE_POLICIES, false, explicit_text(0x16, "Notice"), "EXPLICIT_TEXT_NOT_UTF8");
    fires(CERTIFICATE_POLICIES, false, explicit_text(0x1A, "Notice"), "EXPLICIT_TEXT_NOT_UTF8");
    silent(CERTIFICATE_POLICIES, false, explicit_text(0x1A, "Notice"), "EXPLICIT_TEXT_IA5_STRING");
    xt_bytes bmp = user_notice(XT_SEQ(1, xt_tlv(0x1E, xt_bytes_of("\0N\0o", 4))));
    fires(CERTIFICATE_POLICIES, false, bmp, "EXPLICIT_TEXT_NOT_UTF8");
    silent(CERTIFICATE_POLICIES, false, explicit_text(0x0C, "Notice"), "EXPLICIT_TEXT_NOT_UTF8");
    silent(CERTIFICATE_POLICIES, false, explicit_text(0x0C, "Notice"), "EXPLICIT_TEXT_IA5_STRING");

    /* PrintableString is no DisplayText: the value does not decode */
    fires(CERTIFICATE_POLICIES, false, explicit_text(0x13, "Notice"), "INVALID_EXTENSION");
    fires(CERTIFICATE_POLICIES, false, explicit_text(0x13, "Notice"), "DER_UNEXPECTED_TAG");
}
END_TEST

START_TEST(display_text_length)
{
    xt_bytes e_acute = repeated("\xC3\xA9", 2, 200); /* 200 characters in 400 bytes */
    xt_bytes bmp_200 = repeated("\0a", 2, 200);
    fires(CERTIFICATE_POLICIES, false, user_notice(XT_SEQ(1, xt_tlv(0x0C, repeated("a", 1, 201)))),
          "DISPLAY_TEXT_LENGTH");
    fires(CERTIFICATE_POLICIES, false, explicit_text(0x0C, ""), "DISPLAY_TEXT_LENGTH");
    silent(CERTIFICATE_POLICIES, false, user_notice(XT_SEQ(1, xt_tlv(0x0C, repeated("a", 1, 200)))),
           "DISPLAY_TEXT_LENGTH");
    silent(CERTIFICATE_POLICIES, false, user_notice(XT_SEQ(1, xt_tlv(0x0C, e_acute))),
           "DISPLAY_TEXT_LENGTH");
    silent(CERTIFICATE_POLICIES, false, user_notice(XT_SEQ(1, xt_tlv(0x1E, bmp_200))),
           "DISPLAY_TEXT_LENGTH");
    /* noticeRef's organization is a DisplayText too */
    xt_bytes long_org = user_notice(XT_SEQ(1, XT_SEQ(2, xt_tlv(0x0C, repeated("o", 1, 201)), XT_SEQ(1, XT_NONE))));
    fires(CERTIFICATE_POLICIES, false, long_org, "DISPLAY_TEXT_LENGTH");
}
END_TEST

START_TEST(explicit_text_controls)
{
    fires(CERTIFICATE_POLICIES, false, explicit_text(0x0C, "line\nbreak"),
          "EXPLICIT_TEXT_CONTROL_CHARACTER");
    fires(CERTIFICATE_POLICIES, false, explicit_text(0x0C, "next\xC2\x85line"),
          "EXPLICIT_TEXT_CONTROL_CHARACTER");
    xt_bytes bmp_del = user_notice(XT_SEQ(1, xt_tlv(0x1E, xt_bytes_of("\0a\0\x7F", 4))));
    fires(CERTIFICATE_POLICIES, false, bmp_del, "EXPLICIT_TEXT_CONTROL_CHARACTER");
    silent(CERTIFICATE_POLICIES, false, explicit_text(0x0C, "caf\xC3\xA9 notice"),
           "EXPLICIT_TEXT_CONTROL_CHARACTER");
}
END_TEST

START_TEST(display_text_encoding)
{
    fires(CERTIFICATE_POLICIES, false, explicit_text(0x0C, "bad \xC3\x28 utf8"),
          "DISPLAY_TEXT_BAD_ENCODING");
    fires(CERTIFICATE_POLICIES, false, explicit_text(0x0C, "overlong \xC0\xAF"),
          "DISPLAY_TEXT_BAD_ENCODING");
    fires(CERTIFICATE_POLICIES, false, explicit_text(0x0C, "surrogate \xED\xA0\x80"),
          "DISPLAY_TEXT_BAD_ENCODING");
    fires(CERTIFICATE_POLICIES, false, user_notice(XT_SEQ(1, xt_tlv(0x1E, xt_bytes_of("\0a\0", 3)))),
          "DISPLAY_TEXT_BAD_ENCODING");
    fires(CERTIFICATE_POLICIES, false, explicit_text(0x1A, "caf\xE9"), "DISPLAY_TEXT_BAD_ENCODING");
    fires(CERTIFICATE_POLICIES, false, explicit_text(0x16, "caf\xE9"), "DISPLAY_TEXT_BAD_ENCODING");
    /* a malformed byte is no control character */
    silent(CERTIFICATE_POLICIES, false, explicit_text(0x0C, "bad \xC3\x28 utf8"),
           "EXPLICIT_TEXT_CONTROL_CHARACTER");
    silent(CERTIFICATE_POLICIES, false, explicit_text(0x0C, "\xF0\x9F\x94\x92 secure"),
           "DISPLAY_TEXT_BAD_ENCODING");
    silent(CERTIFICATE_POLICIES, false, explicit_text(0x1A, "visible text"),
           "DISPLAY_TEXT_BAD_ENCODING");
}
END_TEST

/* More policies than the decoder stores: a limit finding, no crash, and no
 * false duplicate among distinct OIDs. */
START_TEST(many_policies)
{
    size_t count = 5000, cap = count * 8 + 8;
    unsigned char *list = malloc(cap);
    ck_assert_ptr_nonnull(list);
    size_t n = 4; /* 30 82 hi lo */
    for (size_t i = 0; i < count; i++) {
        /* PolicyInformation { 1.2.<i> }: 06 len 2A <base-128 i> */
        unsigned char arc[3];
        size_t a = 0;
        if (i >= 128) {
            arc[a++] = (unsigned char)(0x80 | (i >> 7));
        }
        arc[a++] = (unsigned char)(i & 0x7F);
        list[n++] = 0x30;
        list[n++] = (unsigned char)(3 + a);
        list[n++] = 0x06;
        list[n++] = (unsigned char)(1 + a);
        list[n++] = 0x2A;
        memcpy(list + n, arc, a);
        n += a;
    }
    list[0] = 0x30;
    list[1] = 0x82;
    list[2] = (unsigned char)((n - 4) >> 8);
    list[3] = (unsigned char)(n - 4);
    xt_spec spec = {.subject = "CN=many", .raw = {{CERTIFICATE_POLICIES, false, list, n}}};
    X509 *cert = xt_cert(&spec, key, NULL, NULL);
    ck_assert_ptr_nonnull(cert);
    xt_mnemonics m;
    xt_lint(cert, NULL, &m);
    ck_assert_msg(xt_has(&m, "LIMIT_EXCEEDED"), "findings: [%s]", m.text);
    ck_assert_msg(!xt_has(&m, "CERT_POLICY_DUPLICATE"), "findings: [%s]", m.text);
    ck_assert_msg(!xt_has(&m, "INVALID_EXTENSION"), "findings: [%s]", m.text);
    X509_free(cert);
    free(list);
}
END_TEST

/* ---- policyMappings -------------------------------------------------- */

static xt_bytes mapping(const char *from, const char *to)
{
    return XT_SEQ(1, XT_SEQ(2, xt_oid(from), xt_oid(to)));
}

START_TEST(mappings_empty)
{
    fires(POLICY_MAPPINGS, true, XT_SEQ(1, XT_NONE), "POLICY_MAPPINGS_EMPTY");
    silent(POLICY_MAPPINGS, true, mapping("1.2.3.4", "1.2.3.5"), "POLICY_MAPPINGS_EMPTY");
}
END_TEST

START_TEST(mappings_any_policy)
{
    fires(POLICY_MAPPINGS, true, mapping(ANY_POLICY, "1.2.3.5"), "POLICY_MAPPING_ANY_POLICY");
    fires(POLICY_MAPPINGS, true, mapping("1.2.3.4", ANY_POLICY), "POLICY_MAPPING_ANY_POLICY");
    silent(POLICY_MAPPINGS, true, mapping("1.2.3.4", "1.2.3.5"), "POLICY_MAPPING_ANY_POLICY");
}
END_TEST

START_TEST(mappings_critical)
{
    fires(POLICY_MAPPINGS, false, mapping("1.2.3.4", "1.2.3.5"), "POLICY_MAPPINGS_NOT_CRITICAL");
    silent(POLICY_MAPPINGS, true, mapping("1.2.3.4", "1.2.3.5"), "POLICY_MAPPINGS_NOT_CRITICAL");
}
END_TEST

START_TEST(mapped_policy_asserted)
{
    const ext asserted[] = {
        {CERTIFICATE_POLICIES, false, XT_SEQ(2, XT_SEQ(1, xt_oid("1.2.3.9")), XT_SEQ(1, xt_oid("1.2.3.4")))},
        {POLICY_MAPPINGS, true, mapping("1.2.3.4", "1.2.3.5")},
    };
    const ext other[] = {
        {CERTIFICATE_POLICIES, false, XT_SEQ(1, XT_SEQ(1, xt_oid("1.2.3.9")))},
        {POLICY_MAPPINGS, true, mapping("1.2.3.4", "1.2.3.5")},
    };
    expect_exts(asserted, 2, true, "POLICY_MAPPING_NOT_ASSERTED", false);
    expect_exts(other, 2, true, "POLICY_MAPPING_NOT_ASSERTED", true);
    expect_exts(&other[1], 1, true, "POLICY_MAPPING_NOT_ASSERTED", true);
}
END_TEST

/* ---- CA-only extensions in an end-entity certificate ----------------- */

START_TEST(ca_extensions_in_leaf)
{
    const struct {
        const char *oid;
        xt_bytes value;
        const char *mnemonic;
    } cases[] = {
        {POLICY_MAPPINGS, mapping("1.2.3.4", "1.2.3.5"), "POLICY_MAPPINGS_IN_LEAF"},
        {POLICY_CONSTRAINTS, XT_SEQ(1, xt_tlv(0x80, xt_bytes_of("\0", 1))), "POLICY_CONSTRAINTS_IN_LEAF"},
        {INHIBIT_ANY_POLICY, xt_tlv(0x02, xt_bytes_of("\0", 1)), "INHIBIT_ANY_POLICY_IN_LEAF"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const ext e = {cases[i].oid, true, cases[i].value};
        expect_exts(&e, 1, false, cases[i].mnemonic, true);
        expect_exts(&e, 1, true, cases[i].mnemonic, false);
    }
}
END_TEST

/* Where extension bytes could not be read, the certificatePolicies or
 * basicConstraints they may hold is not taken for absent. */
START_TEST(policies_not_missing_where_unread)
{
    xt_bytes map = mapping("1.2.3.4", "1.2.3.5");
    const struct {
        const char *subject;
        const char *basic_constraints;
        const char *mnemonic;
    } cases[] = {
        {"CN=Policy CA", "critical,CA:TRUE", "POLICY_MAPPING_NOT_ASSERTED"},
        {"CN=leaf.example", NULL, "POLICY_MAPPINGS_IN_LEAF"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        xt_spec spec = {.subject = cases[i].subject,
                        .basic_constraints = cases[i].basic_constraints,
                        .raw = {{POLICY_MAPPINGS, true, map.b, map.n}, XT_FILLER_EXT}};
        X509 *cert = xt_must_cert(&spec, key, NULL, NULL);
        xt_expect_silent_unread(cert, NULL, cases[i].mnemonic);
        X509_free(cert);
    }
}
END_TEST

/* ---- policyConstraints ----------------------------------------------- */

START_TEST(constraints_critical)
{
    xt_bytes require0 = XT_SEQ(1, xt_tlv(0x80, xt_bytes_of("\0", 1)));
    fires(POLICY_CONSTRAINTS, false, require0, "POLICY_CONSTRAINTS_NOT_CRITICAL");
    silent(POLICY_CONSTRAINTS, true, require0, "POLICY_CONSTRAINTS_NOT_CRITICAL");
}
END_TEST

START_TEST(constraints_empty)
{
    fires(POLICY_CONSTRAINTS, true, XT_SEQ(1, XT_NONE), "POLICY_CONSTRAINTS_EMPTY");
    silent(POLICY_CONSTRAINTS, true, XT_SEQ(1, xt_tlv(0x81, xt_bytes_of("\x02", 1))),
           "POLICY_CONSTRAINTS_EMPTY");
}
END_TEST

START_TEST(constraints_negative)
{
    fires(POLICY_CONSTRAINTS, true, XT_SEQ(1, xt_tlv(0x80, xt_bytes_of("\xFF", 1))),
          "POLICY_CONSTRAINTS_NEGATIVE");
    xt_bytes zero = xt_tlv(0x80, xt_bytes_of("\0", 1));
    fires(POLICY_CONSTRAINTS, true, XT_SEQ(2, zero, xt_tlv(0x81, xt_bytes_of("\x80", 1))),
          "POLICY_CONSTRAINTS_NEGATIVE");
    silent(POLICY_CONSTRAINTS, true, XT_SEQ(2, zero, xt_tlv(0x81, xt_bytes_of("\0\x80", 2))),
           "POLICY_CONSTRAINTS_NEGATIVE");
}
END_TEST

START_TEST(constraints_der)
{
    xt_bytes padded = XT_SEQ(1, xt_tlv(0x80, xt_bytes_of("\0\x01", 2)));
    fires(POLICY_CONSTRAINTS, true, padded, "DER_INTEGER_NOT_MINIMAL");
    silent(POLICY_CONSTRAINTS, true, XT_SEQ(1, xt_tlv(0x80, xt_bytes_of("\x01", 1))),
           "DER_INTEGER_NOT_MINIMAL");
    /* fields out of order do not decode */
    xt_bytes swapped = XT_SEQ(2, xt_tlv(0x81, xt_bytes_of("\0", 1)), xt_tlv(0x80, xt_bytes_of("\0", 1)));
    fires(POLICY_CONSTRAINTS, true, swapped, "INVALID_EXTENSION");
}
END_TEST

/* ---- inhibitAnyPolicy ------------------------------------------------ */

START_TEST(inhibit_any_policy)
{
    xt_bytes zero = xt_tlv(0x02, xt_bytes_of("\0", 1));
    fires(INHIBIT_ANY_POLICY, false, zero, "INHIBIT_ANY_POLICY_NOT_CRITICAL");
    silent(INHIBIT_ANY_POLICY, true, zero, "INHIBIT_ANY_POLICY_NOT_CRITICAL");
    fires(INHIBIT_ANY_POLICY, true, xt_tlv(0x02, xt_bytes_of("\xFE", 1)), "INHIBIT_ANY_POLICY_NEGATIVE");
    silent(INHIBIT_ANY_POLICY, true, zero, "INHIBIT_ANY_POLICY_NEGATIVE");
    fires(INHIBIT_ANY_POLICY, true, XT_SEQ(1, XT_NONE), "INVALID_EXTENSION");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("r_policy");
    TCase *tc = tcase_create("rules");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, openssl_encodings_decode);
    tcase_add_test(tc, policies_empty);
    tcase_add_test(tc, policy_duplicate);
    tcase_add_test(tc, qualifiers_empty);
    tcase_add_test(tc, qualifier_types);
    tcase_add_test(tc, notice_ref);
    tcase_add_test(tc, explicit_text_string_types);
    tcase_add_test(tc, display_text_length);
    tcase_add_test(tc, explicit_text_controls);
    tcase_add_test(tc, display_text_encoding);
    tcase_add_test(tc, many_policies);
    tcase_add_test(tc, mappings_empty);
    tcase_add_test(tc, mappings_any_policy);
    tcase_add_test(tc, mappings_critical);
    tcase_add_test(tc, mapped_policy_asserted);
    tcase_add_test(tc, ca_extensions_in_leaf);
    tcase_add_test(tc, policies_not_missing_where_unread);
    tcase_add_test(tc, constraints_critical);
    tcase_add_test(tc, constraints_empty);
    tcase_add_test(tc, constraints_negative);
    tcase_add_test(tc, constraints_der);
    tcase_add_test(tc, inhibit_any_policy);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return xt_run_with_key(&key, "EC", suite);
}
