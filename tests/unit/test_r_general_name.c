/*
 * test_r_general_name.c: the subjectAltName and issuerAltName rules
 * (rules/r_general_name.c) and the GeneralName decoder behind them
 * (cert/ext_names.c). Each rule fires on a certificate made to break it and
 * stays silent on one that keeps it; the syntax rules are run over both
 * extensions, since RFC 5280 4.2.1.7 applies 4.2.1.6 to issuerAltName.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "certgen.h"
#include "derbuf.h"
#include "cert/model.h"
#include "lint.h"
#include "xt_check.h"
#include "rules/check.h"

static EVP_PKEY *key;

#define SAN_OID "2.5.29.17"
#define IAN_OID "2.5.29.18"
static const char *const alt_oids[] = {SAN_OID, IAN_OID};


static void one_name(xt_buf *b, unsigned char tag, const void *value, size_t len)
{
    xt_put_tlv(b, tag, value, len);
    xt_wrap(b, 0x30);
}

/* ---- linting ------------------------------------------------------------ */

static X509 *cert_with(const char *oid, bool critical, xt_view value, const char *subject)
{
    xt_spec spec = {.subject = subject, .raw = {{oid, critical, value.p, value.len}}};
    return xt_must_cert(&spec, key, NULL, NULL);
}

static void lint_value(const char *oid, bool critical, xt_view value, const char *subject,
                       xt_mnemonics *out)
{
    X509 *cert = cert_with(oid, critical, value, subject);
    xt_lint(cert, NULL, out);
    X509_free(cert);
}

static void expect_value(const char *oid, xt_view value, const char *mnemonic, bool fires)
{
    xt_mnemonics m;
    lint_value(oid, false, value, "CN=x", &m);
    ck_assert_msg(xt_has(&m, mnemonic) == fires, "%s in %s should %sfire; findings: [%s]",
                  mnemonic, oid, fires ? "" : "not ", m.text);
}

/* expect_name lints one GeneralName in SAN and in IAN. A silent case must
 * be silent for every ALT_NAME_ rule, not only the one named. */
static void expect_name(unsigned char tag, const void *value, size_t len, const char *mnemonic,
                        bool fires)
{
    for (size_t i = 0; i < 2; i++) {
        xt_buf b = {0};
        xt_mnemonics m;
        one_name(&b, tag, value, len);
        lint_value(alt_oids[i], false, xt_view_of(&b), "CN=x", &m);
        free(b.p);
        ck_assert_msg(xt_has(&m, mnemonic) == fires,
                      "%s on %02X \"%.*s\" in %s should %sfire; [%s]", mnemonic, tag, (int)len,
                      (const char *)value, alt_oids[i], fires ? "" : "not ", m.text);
        if (!fires) {
            ck_assert_msg(strstr(m.text, "ALT_NAME_") == NULL, "%02X \"%.*s\": [%s]", tag,
                          (int)len, (const char *)value, m.text);
        }
    }
}

static void expect_str(unsigned char tag, const char *value, const char *mnemonic, bool fires)
{
    expect_name(tag, value, strlen(value), mnemonic, fires);
}

static size_t occurrences(const xt_mnemonics *m, const char *mnemonic)
{
    size_t count = 0, n = strlen(mnemonic);
    for (const char *p = m->text; (p = strstr(p, mnemonic)) != NULL; p += n) {
        bool starts = p == m->text || p[-1] == ',';
        bool ends = p[n] == 0 || p[n] == ',';
        count += starts && ends;
    }
    return count;
}

/* ---- the tests ---------------------------------------------------------- */

START_TEST(san_without_names)
{
    static const unsigned char empty[] = {0x30, 0x00};
    static const unsigned char empty_trailing[] = {0x30, 0x00, 0x05, 0x00};
    xt_view none = {empty, sizeof(empty)};
    xt_view trailing = {empty_trailing, sizeof(empty_trailing)};
    xt_buf named = {0};
    one_name(&named, DNS, "example.com", 11);
    expect_value(SAN_OID, none, "EMPTY_SUBJECT_ALT_NAME", true);
    expect_value(SAN_OID, xt_view_of(&named), "EMPTY_SUBJECT_ALT_NAME", false);
    /* OpenSSL's d2i fails on trailing data, so its strict check is silent */
    expect_value(SAN_OID, trailing, "EMPTY_SUBJECT_ALT_NAME", false);
    expect_value(SAN_OID, trailing, "INVALID_EXTENSION", true);

    /* a repeated SAN makes OpenSSL's X509_get_ext_d2i fail: no code 87 */
    xt_spec twice = {.subject = "CN=x",
                     .raw = {{SAN_OID, false, empty, 2}, {SAN_OID, false, empty, 2}}};
    X509 *cert = xt_cert(&twice, key, NULL, NULL);
    xt_mnemonics m;
    xt_lint(cert, NULL, &m);
    ck_assert_msg(!xt_has(&m, "EMPTY_SUBJECT_ALT_NAME") && xt_has(&m, "EXT_DUPLICATE"), "[%s]",
                  m.text);
    X509_free(cert);
    free(named.p);
}
END_TEST

START_TEST(ian_without_names)
{
    static const unsigned char empty[] = {0x30, 0x00};
    xt_view none = {empty, sizeof(empty)};
    xt_buf named = {0};
    one_name(&named, URI, "https://ca.example.com/", 23);
    expect_value(IAN_OID, none, "EMPTY_ISSUER_ALT_NAME", true);
    expect_value(IAN_OID, xt_view_of(&named), "EMPTY_ISSUER_ALT_NAME", false);
    expect_value(SAN_OID, none, "EMPTY_ISSUER_ALT_NAME", false);
    free(named.p);
}
END_TEST

START_TEST(san_critical_with_subject)
{
    xt_buf named = {0};
    xt_mnemonics m;
    one_name(&named, DNS, "example.com", 11);
    lint_value(SAN_OID, true, xt_view_of(&named), "CN=x", &m);
    ck_assert_msg(xt_has(&m, "SAN_CRITICAL_WITH_NONEMPTY_SUBJECT"), "[%s]", m.text);
    lint_value(SAN_OID, true, xt_view_of(&named), "", &m);
    ck_assert_msg(!xt_has(&m, "SAN_CRITICAL_WITH_NONEMPTY_SUBJECT"), "[%s]", m.text);
    lint_value(SAN_OID, false, xt_view_of(&named), "CN=x", &m);
    ck_assert_msg(!xt_has(&m, "SAN_CRITICAL_WITH_NONEMPTY_SUBJECT"), "[%s]", m.text);
    free(named.p);
}
END_TEST

START_TEST(ian_critical)
{
    xt_buf named = {0};
    xt_mnemonics m;
    one_name(&named, RFC822, "ca@example.com", 14);
    lint_value(IAN_OID, true, xt_view_of(&named), "CN=x", &m);
    ck_assert_msg(xt_has(&m, "ISSUER_ALT_NAME_CRITICAL"), "[%s]", m.text);
    lint_value(IAN_OID, false, xt_view_of(&named), "CN=x", &m);
    ck_assert_msg(!xt_has(&m, "ISSUER_ALT_NAME_CRITICAL"), "[%s]", m.text);
    free(named.p);
}
END_TEST

START_TEST(empty_values)
{
    static const unsigned char empty_name[] = {0x30, 0x00};
    static const unsigned char one_rdn[] = {0x30, 0x0C, 0x31, 0x0A, 0x30, 0x08, 0x06, 0x03,
                                            0x55, 0x04, 0x03, 0x0C, 0x01, 'x'};
    expect_name(DNS, "", 0, "ALT_NAME_EMPTY_VALUE", true);
    expect_name(RFC822, "", 0, "ALT_NAME_EMPTY_VALUE", true);
    expect_name(URI, "", 0, "ALT_NAME_EMPTY_VALUE", true);
    expect_name(DIRECTORY, empty_name, sizeof(empty_name), "ALT_NAME_EMPTY_VALUE", true);
    expect_name(DIRECTORY, one_rdn, sizeof(one_rdn), "ALT_NAME_EMPTY_VALUE", false);
    expect_str(DNS, "example.com", "ALT_NAME_EMPTY_VALUE", false);
}
END_TEST

START_TEST(ia5_only)
{
    expect_str(DNS, "caf\xC3\xA9.example.com", "ALT_NAME_NOT_IA5", true);
    expect_str(URI, "https://example.com/caf\xC3\xA9", "ALT_NAME_NOT_IA5", true);
    expect_str(RFC822, "caf\xC3\xA9@example.com", "ALT_NAME_NOT_IA5", true);
    expect_str(DNS, "xn--caf-dma.example.com", "ALT_NAME_NOT_IA5", false);
}
END_TEST

typedef struct {
    unsigned char tag;
    const char *value;
    const char *mnemonic; /* NULL: a valid name, on which no ALT_NAME_ rule fires */
} name_case;

static void run_cases(const name_case *cases, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        const name_case *k = &cases[i];
        expect_str(k->tag, k->value, k->mnemonic != NULL ? k->mnemonic : "ALT_NAME_EMPTY_VALUE",
                   k->mnemonic != NULL);
    }
}

START_TEST(dns_name_syntax)
{
    static const name_case cases[] = {
        {DNS, "www.example.com", NULL},
        {DNS, "a-b.x1.example.com", NULL},
        {DNS, "1.example.com", NULL},
        {DNS, "*.example.com", NULL},
        {DNS, "localhost", NULL},
        {DNS, " ", "ALT_NAME_DNS_SPACE"},
        {DNS, "exa mple.com", "ALT_NAME_DNS_BAD_CHARACTER"},
        {DNS, "a!b.example.com", "ALT_NAME_DNS_BAD_CHARACTER"},
        {DNS, "example.com/", "ALT_NAME_DNS_BAD_CHARACTER"},
        {DNS, "_dmarc.example.com", "ALT_NAME_DNS_UNDERSCORE"},
        {DNS, "a_b.example.com", "ALT_NAME_DNS_UNDERSCORE"},
        {DNS, "www..example.com", "ALT_NAME_DNS_EMPTY_LABEL"},
        {DNS, ".example.com", "ALT_NAME_DNS_EMPTY_LABEL"},
        {DNS, "example.com.", "ALT_NAME_DNS_EMPTY_LABEL"},
        {DNS, "-a.example.com", "ALT_NAME_DNS_LABEL_HYPHEN"},
        {DNS, "a-.example.com", "ALT_NAME_DNS_LABEL_HYPHEN"},
        {DNS, "www.example-.com", "ALT_NAME_DNS_LABEL_HYPHEN"},
        {DNS, "*", "ALT_NAME_DNS_BAD_WILDCARD"},
        {DNS, "f*o.example.com", "ALT_NAME_DNS_BAD_WILDCARD"},
        {DNS, "www.*.example.com", "ALT_NAME_DNS_BAD_WILDCARD"},
        {DNS, "**.example.com", "ALT_NAME_DNS_BAD_WILDCARD"},
        {DNS, "192.0.2.1", "ALT_NAME_DNS_IP_LITERAL"},
        {DNS, "2001:db8::1", "ALT_NAME_DNS_IP_LITERAL"},
        {DNS, "[::1]", "ALT_NAME_DNS_IP_LITERAL"},
    };
    run_cases(cases, XS_ARRAY_LEN(cases));
    expect_name(DNS, "a\0b.example.com", 15, "ALT_NAME_DNS_BAD_CHARACTER", true);
}
END_TEST

START_TEST(dns_name_lengths)
{
    char name[300];
    /* a 63-octet label is fine, 64 is not */
    memset(name, 'a', 63);
    strcpy(name + 63, ".example.com");
    expect_str(DNS, name, "ALT_NAME_DNS_LABEL_TOO_LONG", false);
    memset(name, 'a', 64);
    strcpy(name + 64, ".example.com");
    expect_str(DNS, name, "ALT_NAME_DNS_LABEL_TOO_LONG", true);
    /* 253 octets in all is fine, 254 is not: labels of 49 octets and periods */
    for (size_t total = 253; total <= 254; total++) {
        for (size_t i = 0; i < total; i++) {
            name[i] = i % 50 == 49 ? '.' : 'a';
        }
        name[total] = 0;
        expect_str(DNS, name, "ALT_NAME_DNS_TOO_LONG", total > 253);
    }
}
END_TEST

START_TEST(email_syntax)
{
    static const name_case cases[] = {
        {RFC822, "user@example.com", NULL},
        {RFC822, "first.last+tag@mail.example.com", NULL},
        {RFC822, "\"john doe\"@example.com", NULL},
        {RFC822, "user@[192.0.2.1]", NULL},
        {RFC822, "user@[IPv6:2001:db8::1]", NULL},
        {RFC822, "user@localhost", NULL},
        {RFC822, "<user@example.com>", "ALT_NAME_EMAIL_BAD_SYNTAX"},
        {RFC822, "John Doe <user@example.com>", "ALT_NAME_EMAIL_BAD_SYNTAX"},
        {RFC822, "user@example.com (John)", "ALT_NAME_EMAIL_BAD_SYNTAX"},
        {RFC822, "user", "ALT_NAME_EMAIL_BAD_SYNTAX"},
        {RFC822, "@example.com", "ALT_NAME_EMAIL_BAD_SYNTAX"},
        {RFC822, "a..b@example.com", "ALT_NAME_EMAIL_BAD_SYNTAX"},
        {RFC822, ".a@example.com", "ALT_NAME_EMAIL_BAD_SYNTAX"},
        {RFC822, "a@b@example.com", "ALT_NAME_EMAIL_BAD_SYNTAX"},
        {RFC822, "user@", "ALT_NAME_EMAIL_BAD_DOMAIN"},
        {RFC822, "user@exa_mple.com", "ALT_NAME_EMAIL_BAD_DOMAIN"},
        {RFC822, "user@-x.example.com", "ALT_NAME_EMAIL_BAD_DOMAIN"},
        {RFC822, "user@example..com", "ALT_NAME_EMAIL_BAD_DOMAIN"},
        {RFC822, "user@[300.1.1.1]", "ALT_NAME_EMAIL_BAD_DOMAIN"},
        {RFC822, "user@*.example.com", "ALT_NAME_EMAIL_BAD_DOMAIN"},
    };
    run_cases(cases, XS_ARRAY_LEN(cases));
}
END_TEST

START_TEST(uri_syntax)
{
    static const name_case cases[] = {
        {URI, "https://www.example.com/path?q=1#f", NULL},
        {URI, "http://user:pw@example.com:8080/", NULL},
        {URI, "http://192.0.2.1/", NULL},
        {URI, "http://[2001:db8::1]:443/", NULL},
        {URI, "https://example.com./", NULL},
        {URI, "ldap://ldap.example.com/cn=CA?cACertificate", NULL},
        {URI, "mailto:user@example.com", NULL},
        {URI, "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", NULL},
        {URI, "https://example.com/a%20b", NULL},
        {URI, "www.example.com/path", "ALT_NAME_URI_RELATIVE"},
        {URI, "/relative/path", "ALT_NAME_URI_RELATIVE"},
        {URI, "//example.com/", "ALT_NAME_URI_RELATIVE"},
        {URI, "1http://example.com/", "ALT_NAME_URI_RELATIVE"},
        {URI, "http:", "ALT_NAME_URI_BAD_SYNTAX"},
        {URI, "https://example.com/a b", "ALT_NAME_URI_BAD_SYNTAX"},
        {URI, "https://example.com/<x>", "ALT_NAME_URI_BAD_SYNTAX"},
        {URI, "https://example.com/a%zz", "ALT_NAME_URI_BAD_SYNTAX"},
        {URI, "https://example.com/a%2", "ALT_NAME_URI_BAD_SYNTAX"},
        {URI, "https://example.com:8a/", "ALT_NAME_URI_BAD_SYNTAX"},
        {URI, "file:///etc/passwd", "ALT_NAME_URI_BAD_HOST"},
        {URI, "http://localhost/", "ALT_NAME_URI_BAD_HOST"},
        {URI, "http://ex_ample.com/", "ALT_NAME_URI_BAD_HOST"},
        {URI, "http://*.example.com/", "ALT_NAME_URI_BAD_HOST"},
        {URI, "http://[2001:db8::g]/", "ALT_NAME_URI_BAD_HOST"},
        {URI, "http://a..example.com/", "ALT_NAME_URI_BAD_HOST"},
    };
    run_cases(cases, XS_ARRAY_LEN(cases));
}
END_TEST

START_TEST(ip_lengths)
{
    static const unsigned char v6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
    expect_name(IP, "\xC0\x00\x02\x01", 4, "ALT_NAME_IP_BAD_LENGTH", false);
    expect_name(IP, v6, 16, "ALT_NAME_IP_BAD_LENGTH", false);
    expect_name(IP, "\xC0\x00\x02\x01\x00", 5, "ALT_NAME_IP_BAD_LENGTH", true);
    expect_name(IP, "\xC0\x00\x02\x00\xFF\xFF\xFF\x00", 8, "ALT_NAME_IP_BAD_LENGTH", true);
    expect_name(IP, "", 0, "ALT_NAME_IP_BAD_LENGTH", true);
}
END_TEST

START_TEST(legacy_forms)
{
    static const unsigned char x400[] = {0x30, 0x00};
    static const unsigned char edi[] = {0xA1, 0x03, 0x0C, 0x01, 'x'};
    static const unsigned char other[] = {0x06, 0x03, 0x2A, 0x03, 0x04,
                                          0xA0, 0x03, 0x0C, 0x01, 'x'};
    static const unsigned char registered[] = {0x2A, 0x03, 0x04};
    expect_name(X400, x400, sizeof(x400), "ALT_NAME_LEGACY_FORM", true);
    expect_name(EDI_PARTY, edi, sizeof(edi), "ALT_NAME_LEGACY_FORM", true);
    expect_name(OTHER_NAME, other, sizeof(other), "ALT_NAME_LEGACY_FORM", false);
    expect_name(REGISTERED_ID, registered, sizeof(registered), "ALT_NAME_LEGACY_FORM", false);
}
END_TEST

START_TEST(duplicates)
{
    xt_buf twice = {0}, distinct = {0};
    xt_put_tlv(&twice, DNS, "www.example.com", 15);
    xt_put_tlv(&twice, URI, "https://www.example.com/", 24);
    xt_put_tlv(&twice, DNS, "WWW.Example.COM", 15);
    xt_wrap(&twice, 0x30);
    xt_put_tlv(&distinct, DNS, "www.example.com", 15);
    xt_put_tlv(&distinct, DNS, "example.com", 11);
    xt_put_tlv(&distinct, RFC822, "www.example.com", 15);
    xt_wrap(&distinct, 0x30);
    for (size_t i = 0; i < 2; i++) {
        xt_mnemonics m;
        lint_value(alt_oids[i], false, xt_view_of(&twice), "CN=x", &m);
        ck_assert_msg(occurrences(&m, "ALT_NAME_DUPLICATE") == 1, "[%s]", m.text);
        expect_value(alt_oids[i], xt_view_of(&distinct), "ALT_NAME_DUPLICATE", false);
    }
    free(twice.p);
    free(distinct.p);
}
END_TEST

/* GeneralNames whose DER is wrong are DER findings and INVALID_EXTENSION,
 * and are judged no further. */
START_TEST(malformed_names)
{
    static const unsigned char unknown_tag[] = {0x30, 0x03, 0x89, 0x01, 'x'};
    static const unsigned char constructed_dns[] = {0x30, 0x05, 0xA2, 0x03, 0x04, 0x01, ' '};
    static const unsigned char other_without_value[] = {0x30, 0x07, 0xA0, 0x05, 0x06,
                                                         0x03, 0x2A, 0x03, 0x04};
    static const unsigned char truncated[] = {0x30, 0x04, 0x82, 0x05, 'a', 'b'};
    static const struct {
        const unsigned char *der;
        size_t len;
        const char *mnemonic;
    } cases[] = {
        {unknown_tag, sizeof(unknown_tag), "DER_UNEXPECTED_TAG"},
        {constructed_dns, sizeof(constructed_dns), "DER_CONSTRUCTED_STRING"},
        {other_without_value, sizeof(other_without_value), "DER_MISSING_ELEMENT"},
        {truncated, sizeof(truncated), "DER_TRUNCATED"},
    };
    for (size_t i = 0; i < XS_ARRAY_LEN(cases); i++) {
        xt_view b = {cases[i].der, cases[i].len};
        xt_mnemonics m;
        lint_value(SAN_OID, false, b, "CN=x", &m);
        ck_assert_msg(xt_has(&m, cases[i].mnemonic) && xt_has(&m, "INVALID_EXTENSION"),
                      "case %zu: [%s]", i, m.text);
        ck_assert_msg(strstr(m.text, "ALT_NAME_") == NULL && !xt_has(&m, "EMPTY_SUBJECT_ALT_NAME"),
                      "case %zu: [%s]", i, m.text);
    }
    xt_buf fine = {0};
    xt_mnemonics m;
    one_name(&fine, DNS, "example.com", 11);
    lint_value(SAN_OID, false, xt_view_of(&fine), "CN=x", &m);
    ck_assert_msg(!xt_has(&m, "INVALID_EXTENSION") && strstr(m.text, "DER_") == NULL, "[%s]",
                  m.text);
    free(fine.p);
}
END_TEST

/* The finding names the entry, escaping what is not printable. */
START_TEST(finding_names_the_entry)
{
    xt_buf b = {0};
    xt_put_tlv(&b, DNS, "example.com", 11);
    xt_put_tlv(&b, DNS, "a\x01"
                     "b.example.com",
            15);
    xt_wrap(&b, 0x30);
    X509 *cert = cert_with(SAN_OID, false, xt_view_of(&b), "CN=x");
    unsigned char *der = NULL;
    int len = i2d_X509(cert, &der);
    ck_assert_int_gt(len, 0);
    xs_model model;
    xs_findings findings;
    xs_findings_init(&findings);
    ck_assert_int_eq(xs_model_parse(&model, der, (size_t)len, false), XS_OK);
    xs_lint_model(&model, NULL, 0, 0, &findings);
    bool found = false;
    for (size_t i = 0; i < findings.count; i++) {
        const xs_raw_finding *f = &findings.items[i];
        if (f->rule == XS_R_ALT_NAME_DNS_BAD_CHARACTER) {
            found = true;
            ck_assert_ptr_nonnull(f->detail);
            ck_assert_ptr_nonnull(f->path);
            ck_assert_msg(strstr(f->detail, "subjectAltName[1]") != NULL &&
                              strstr(f->detail, "a\\x01b.example.com") != NULL,
                          "%s", f->detail);
            ck_assert_msg(strstr(f->path, ".subjectAltName[1]") != NULL, "%s", f->path);
            ck_assert_uint_eq(f->offset, model.names.san.names.items[1].off);
        }
    }
    ck_assert(found);
    xs_findings_cleanup(&findings);
    xs_model_cleanup(&model);
    OPENSSL_free(der);
    X509_free(cert);
    free(b.p);
}
END_TEST

/* A rule lists at most 8 entries of one extension, then counts the rest. */
START_TEST(findings_are_capped_per_rule)
{
    xt_buf b = {0};
    for (int i = 0; i < 20; i++) {
        xt_put_tlv(&b, DNS, "a..b", 4);
    }
    xt_wrap(&b, 0x30);
    xt_mnemonics m;
    lint_value(SAN_OID, false, xt_view_of(&b), "CN=x", &m);
    ck_assert_msg(occurrences(&m, "ALT_NAME_DNS_EMPTY_LABEL") == 9, "[%s]", m.text);
    /* 19 repeats: 8 listed, then one counting the other 11 */
    ck_assert_msg(occurrences(&m, "ALT_NAME_DUPLICATE") == 9, "[%s]", m.text);
    free(b.p);
}
END_TEST

static xt_buf many_names(size_t count)
{
    xt_buf b = {0};
    for (size_t i = 0; i < count; i++) {
        xt_put_tlv(&b, DNS, "a", 1);
    }
    xt_wrap(&b, 0x30);
    return b;
}

/* XS_MAX_GENERAL_NAMES entries are read; one more is a limit finding. The
 * whole lint stays linear: 100,000 identical names are sorted, not
 * compared pairwise (the test's timeout would catch quadratic work). */
START_TEST(hundred_thousand_names)
{
    for (size_t extra = 0; extra <= 1; extra++) {
        xt_buf b = many_names(XS_MAX_GENERAL_NAMES + extra);
        xt_mnemonics m;
        clock_t start = clock();
        lint_value(SAN_OID, false, xt_view_of(&b), "CN=x", &m);
        double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
        ck_assert_msg(xt_has(&m, "LIMIT_EXCEEDED") == (extra == 1), "[%s]", m.text);
        ck_assert_msg(xt_has(&m, "ALT_NAME_DUPLICATE") && !xt_has(&m, "INVALID_EXTENSION"),
                      "[%s]", m.text);
        ck_assert_msg(seconds < 10.0, "linting took %.1f s", seconds);
        free(b.p);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("r_general_name");
    TCase *tc = tcase_create("rules");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, san_without_names);
    tcase_add_test(tc, ian_without_names);
    tcase_add_test(tc, san_critical_with_subject);
    tcase_add_test(tc, ian_critical);
    tcase_add_test(tc, empty_values);
    tcase_add_test(tc, ia5_only);
    tcase_add_test(tc, dns_name_syntax);
    tcase_add_test(tc, dns_name_lengths);
    tcase_add_test(tc, email_syntax);
    tcase_add_test(tc, uri_syntax);
    tcase_add_test(tc, ip_lengths);
    tcase_add_test(tc, legacy_forms);
    tcase_add_test(tc, duplicates);
    tcase_add_test(tc, malformed_names);
    tcase_add_test(tc, finding_names_the_entry);
    tcase_add_test(tc, findings_are_capped_per_rule);
    tcase_add_test(tc, hundred_thousand_names);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return xt_run_with_key(&key, "EC", suite);
}
