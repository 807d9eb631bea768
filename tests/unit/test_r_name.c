/*
 * test_r_name.c: the name rules (rules/r_name.c) and Names as text
 * (cert/name_text.c).
 *
 * Each rule fires on a certificate whose issuer or subject is built to
 * break it, attribute by attribute with the string type chosen
 * (X509_NAME_add_entry_by_txt with a V_ASN1_* type encodes the bytes as
 * given), and stays silent on one that keeps it. The OPENSSL rows are
 * compared with what OpenSSL 3.0 itself reports under X509_V_FLAG_X509_STRICT.
 * xs_name_text is compared with X509_NAME_print_ex(XN_FLAG_RFC2253 &
 * ~ASN1_STRFLGS_ESC_MSB) on the same DER; its deliberate differences
 * (name_text.h) are each shown by a test of their own.
 */
#include <check.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509_vfy.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "dertree.h"
#include "cert/model.h"
#include "cert/name_text.h"
#include "lint.h"
#include "xt_check.h"
#include "xt_unread.h"

static EVP_PKEY *key;

static const int ISSUER[] = {0, 3};
static const int SUBJECT[] = {0, 5};

#define STEPS(path) (sizeof(path) / sizeof((path)[0]))

/* One attribute: `field` is a short name or a dotted OID, `type` a
 * V_ASN1_* string type, `len` -1 for strlen, `set` -1 to join the
 * previous RDN (0: an RDN of its own). */
typedef struct {
    const char *field;
    int type;
    const char *bytes;
    int len;
    int set;
} entry;

#define ENTRIES(...)                                                                               \
    (const entry[]){__VA_ARGS__}, sizeof((const entry[]){__VA_ARGS__}) / sizeof(entry)

/* name_of builds the name, or returns NULL when OpenSSL refuses an entry
 * (it will not take an odd-length BMPString, for one). */
static X509_NAME *name_of(const entry *e, size_t n)
{
    X509_NAME *name = X509_NAME_new();
    ck_assert_ptr_nonnull(name);
    for (size_t i = 0; i < n; i++) {
        if (!X509_NAME_add_entry_by_txt(name, e[i].field, e[i].type,
                                        (const unsigned char *)e[i].bytes, e[i].len, -1,
                                        e[i].set)) {
            X509_NAME_free(name);
            ERR_clear_error();
            return NULL;
        }
    }
    return name;
}

/* A certificate's DER (freed with free). */
typedef struct {
    unsigned char *p;
    size_t len;
} der_buf;

static der_buf der_of(X509 *cert)
{
    int len = 0;
    unsigned char *der = xt_der(cert, &len);
    ck_assert_ptr_nonnull(der);
    der_buf out = {malloc((size_t)len), (size_t)len};
    ck_assert_ptr_nonnull(out.p);
    memcpy(out.p, der, (size_t)len);
    OPENSSL_free(der);
    return out;
}

static size_t value_len(const entry *e)
{
    return e->len >= 0 ? (size_t)e->len : strlen(e->bytes);
}

/* patch_values writes each entry's type and bytes over the value of the
 * name's RDN of the same index (one attribute per RDN). */
static der_buf patch_values(der_buf in, bool issuer, const entry *e, size_t n)
{
    xt_node *root = xt_der_parse(in.p, in.len);
    ck_assert_ptr_nonnull(root);
    for (size_t i = 0; i < n; i++) {
        const int path[] = {0, issuer ? 3 : 5, (int)i, 0, 1};
        xt_node *value = xt_node_at(root, path, 5);
        ck_assert_ptr_nonnull(value);
        xt_node_set_tag(value, (unsigned char)e[i].type);
        ck_assert(xt_node_set_content(value, (const unsigned char *)e[i].bytes, value_len(&e[i])));
    }
    der_buf out;
    out.p = xt_der_serialize(root, &out.len);
    ck_assert_ptr_nonnull(out.p);
    xt_node_free(root);
    free(in.p);
    return out;
}

/* named_der issues a self-signed certificate from `spec` whose subject (or
 * issuer) is made of the entries. OpenSSL will not encode a name it cannot
 * convert to UTF-8 (malformed UTF-8, an odd-length BMPString); such a name
 * is made of placeholders, one attribute per RDN, whose values are then
 * replaced in the DER. */
static der_buf named_der(const xt_spec *spec, bool issuer, const entry *e, size_t n)
{
    X509 *cert = xt_cert(spec, key, NULL, NULL);
    ck_assert_ptr_nonnull(cert);
    X509_NAME *name = name_of(e, n);
    bool set = name != NULL &&
               (issuer ? X509_set_issuer_name(cert, name) : X509_set_subject_name(cert, name));
    X509_NAME_free(name);
    entry *placeholders = NULL;
    if (!set) {
        ERR_clear_error();
        placeholders = calloc(n, sizeof(*placeholders));
        ck_assert_ptr_nonnull(placeholders);
        for (size_t i = 0; i < n; i++) {
            ck_assert_int_eq(e[i].set, 0);
            placeholders[i] = (entry){e[i].field, V_ASN1_UTF8STRING, "x", -1, 0};
        }
        name = name_of(placeholders, n);
        ck_assert_ptr_nonnull(name);
        ck_assert(issuer ? X509_set_issuer_name(cert, name) : X509_set_subject_name(cert, name));
        X509_NAME_free(name);
    }
    ck_assert(X509_sign(cert, key, EVP_sha256()));
    der_buf der = der_of(cert);
    X509_free(cert);
    if (placeholders != NULL) {
        der = patch_values(der, issuer, e, n);
        free(placeholders);
    }
    return der;
}

static void expect_der(der_buf der, const char *mnemonic, bool fires)
{
    xt_mnemonics m;
    xt_lint_der(der.p, der.len, false, NULL, 0, &m);
    xt_expect_found(&m, mnemonic, fires);
}

static void expect_cert(X509 *cert, const char *mnemonic, bool fires)
{
    der_buf der = der_of(cert);
    expect_der(der, mnemonic, fires);
    free(der.p);
}

/* expect_subject / expect_issuer lint a certificate named by the entries. */
static void expect_named(bool issuer, const entry *e, size_t n, const char *mnemonic, bool fires)
{
    xt_spec spec = {.subject = "CN=x"};
    der_buf der = named_der(&spec, issuer, e, n);
    expect_der(der, mnemonic, fires);
    free(der.p);
}

#define expect_subject(mnemonic, fires, ...)                                                       \
    expect_named(false, ENTRIES(__VA_ARGS__), mnemonic, fires)
#define expect_issuer(mnemonic, fires, ...)                                                        \
    expect_named(true, ENTRIES(__VA_ARGS__), mnemonic, fires)

/* lint_tree lints the edited certificate; *out_cert is OpenSSL's parse of
 * it (NULL if OpenSSL refuses it). */
static void lint_tree(const xt_node *root, xt_mnemonics *m, X509 **out_cert)
{
    size_t len = 0;
    unsigned char *der = xt_must_serialize(root, &len);
    xt_lint_der(der, len, false, NULL, 0, m);
    const unsigned char *p = der;
    *out_cert = d2i_X509(NULL, &p, (long)len);
    free(der);
}

/* ---- empty names -------------------------------------------------------- */

START_TEST(issuer_name_empty)
{
    xt_spec empty = {.subject = "CN=x", .issuer = ""}, named = {.subject = "CN=x"};
    X509 *cert = xt_cert(&empty, key, NULL, NULL);
    ck_assert_int_eq(X509_NAME_entry_count(X509_get_issuer_name(cert)), 0);
    expect_cert(cert, "ISSUER_NAME_EMPTY", true);
    X509_free(cert);
    cert = xt_cert(&named, key, NULL, NULL);
    expect_cert(cert, "ISSUER_NAME_EMPTY", false);

    /* an issuer whose only RDN is empty has no entry for OpenSSL either */
    xt_node *root = xt_must_tree(cert);
    xt_node *issuer = xt_node_at(root, ISSUER, STEPS(ISSUER));
    static const unsigned char empty_rdn[] = {0x31, 0x00};
    xt_node_remove(issuer, 0);
    ck_assert(xt_node_insert(issuer, 0, empty_rdn, sizeof(empty_rdn)));
    xt_mnemonics m;
    X509 *parsed = NULL;
    lint_tree(root, &m, &parsed);
    ck_assert_ptr_nonnull(parsed);
    bool openssl_empty = X509_NAME_entry_count(X509_get_issuer_name(parsed)) == 0;
    ck_assert_msg(xt_has(&m, "ISSUER_NAME_EMPTY") == openssl_empty, "findings: [%s]", m.text);
    ck_assert_msg(xt_has(&m, "NAME_RDN_EMPTY"), "findings: [%s]", m.text);
    X509_free(parsed);
    xt_node_free(root);
    X509_free(cert);
}
END_TEST

static X509 *test_ca;
static EVP_PKEY *test_ca_key;
static int strict_errors[64];
static size_t strict_error_count;

static int record_leaf_error(int ok, X509_STORE_CTX *ctx)
{
    if (!ok && X509_STORE_CTX_get_error_depth(ctx) == 0 && strict_error_count < 64) {
        strict_errors[strict_error_count++] = X509_STORE_CTX_get_error(ctx);
    }
    return 1;
}

/* openssl_strict_reports verifies leaf <- test_ca with OpenSSL's strict
 * flag and says whether it reported `code` for the leaf. */
static bool openssl_strict_reports(X509 *leaf, int code)
{
    X509_STORE *store = X509_STORE_new();
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    ck_assert(store != NULL && ctx != NULL && X509_STORE_add_cert(store, test_ca));
    ck_assert(X509_STORE_CTX_init(ctx, store, leaf, NULL));
    X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_X509_STRICT);
    X509_STORE_CTX_set_verify_cb(ctx, record_leaf_error);
    strict_error_count = 0;
    X509_verify_cert(ctx);
    X509_STORE_CTX_free(ctx);
    X509_STORE_free(store);
    for (size_t i = 0; i < strict_error_count; i++) {
        if (strict_errors[i] == code) {
            return true;
        }
    }
    return false;
}

START_TEST(subject_name_empty_as_openssl)
{
    static const struct {
        xt_spec spec;
        bool subject_empty;    /* OpenSSL 84 */
        bool san_not_critical; /* OpenSSL 88 */
    } cases[] = {
        {{.subject = ""}, true, false},
        {{.subject = "", .subject_alt_name = "critical,DNS:leaf.example"}, false, false},
        {{.subject = "", .subject_alt_name = "DNS:leaf.example"}, false, true},
        {{.subject = "",
          .subject_alt_name = "critical,DNS:leaf.example",
          .key_usage = "critical,digitalSignature,cRLSign"},
         true,
         false},
        {{.subject = "",
          .subject_alt_name = "DNS:leaf.example",
          .basic_constraints = "critical,CA:TRUE",
          .key_usage = "critical,keyCertSign"},
         true,
         true},
        {{.subject = "CN=leaf"}, false, false},
    };
    EVP_PKEY *leaf_key = xt_key("EC");
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        X509 *leaf = xt_cert(&cases[i].spec, leaf_key, test_ca, test_ca_key);
        ck_assert_ptr_nonnull(leaf);
        bool openssl_84 = openssl_strict_reports(leaf, X509_V_ERR_SUBJECT_NAME_EMPTY);
        bool openssl_88 = openssl_strict_reports(leaf, X509_V_ERR_EMPTY_SUBJECT_SAN_NOT_CRITICAL);
        ck_assert_msg(openssl_84 == cases[i].subject_empty &&
                          openssl_88 == cases[i].san_not_critical,
                      "case %zu: OpenSSL reported 84=%d 88=%d", i, openssl_84, openssl_88);
        xt_mnemonics m;
        xt_lint(leaf, test_ca, &m);
        ck_assert_msg(xt_has(&m, "SUBJECT_NAME_EMPTY") == openssl_84, "case %zu: [%s]", i, m.text);
        ck_assert_msg(xt_has(&m, "EMPTY_SUBJECT_SAN_NOT_CRITICAL") == openssl_88, "case %zu: [%s]",
                      i, m.text);
        X509_free(leaf);
    }
    EVP_PKEY_free(leaf_key);
}
END_TEST

START_TEST(rdn_empty)
{
    xt_spec spec = {.subject = "CN=x,O=y"};
    X509 *cert = xt_cert(&spec, key, NULL, NULL);
    expect_cert(cert, "NAME_RDN_EMPTY", false);
    xt_node *root = xt_must_tree(cert);
    static const unsigned char empty_rdn[] = {0x31, 0x00};
    xt_node *subject = xt_node_at(root, SUBJECT, STEPS(SUBJECT));
    ck_assert(xt_node_insert(subject, 1, empty_rdn, sizeof(empty_rdn)));
    xt_mnemonics m;
    X509 *parsed = NULL;
    lint_tree(root, &m, &parsed);
    ck_assert_msg(xt_has(&m, "NAME_RDN_EMPTY"), "findings: [%s]", m.text);
    ck_assert_msg(!xt_has(&m, "SUBJECT_NAME_EMPTY"), "findings: [%s]", m.text);
    X509_free(parsed);
    xt_node_free(root);
    X509_free(cert);
}
END_TEST

/* ---- attribute types, contents and bounds ------------------------------- */

#define UTF8 V_ASN1_UTF8STRING
#define PRINTABLE V_ASN1_PRINTABLESTRING
#define IA5 V_ASN1_IA5STRING
#define T61 V_ASN1_T61STRING
#define BMP V_ASN1_BMPSTRING
#define UNIVERSAL V_ASN1_UNIVERSALSTRING

START_TEST(wrong_string_type)
{
    const char *rule = "NAME_ATTRIBUTE_WRONG_STRING_TYPE";
    expect_subject(rule, true, {"CN", IA5, "x", -1, 0});
    expect_subject(rule, false, {"CN", UTF8, "x", -1, 0});
    expect_subject(rule, false, {"CN", PRINTABLE, "x", -1, 0});
    expect_subject(rule, true, {"C", UTF8, "US", -1, 0});
    expect_subject(rule, false, {"C", PRINTABLE, "US", -1, 0});
    expect_subject(rule, true, {"serialNumber", UTF8, "1234", -1, 0});
    expect_subject(rule, true, {"emailAddress", UTF8, "a@example.com", -1, 0});
    expect_subject(rule, false, {"emailAddress", IA5, "a@example.com", -1, 0});
    expect_subject(rule, true, {"DC", PRINTABLE, "example", -1, 0});
    expect_subject(rule, false, {"DC", IA5, "example", -1, 0});
    expect_issuer(rule, true, {"O", IA5, "x", -1, 0});
    expect_subject(rule, false, {"1.3.6.1.4.1.99999.1", IA5, "x", -1, 0}); /* unknown type */
}
END_TEST

START_TEST(country_code)
{
    const char *rule = "NAME_COUNTRY_NOT_ISO3166_ALPHA2";
    expect_subject(rule, false, {"C", PRINTABLE, "US", -1, 0});
    expect_subject(rule, true, {"C", PRINTABLE, "USA", -1, 0});
    expect_subject(rule, true, {"C", PRINTABLE, "us", -1, 0});
    expect_subject(rule, true, {"C", PRINTABLE, "1A", -1, 0});
    expect_issuer(rule, true, {"C", PRINTABLE, "U", -1, 0});
    expect_subject(rule, true, {"jurisdictionC", PRINTABLE, "Deutschland", -1, 0});
}
END_TEST

START_TEST(value_empty)
{
    const char *rule = "NAME_ATTRIBUTE_VALUE_EMPTY";
    expect_subject(rule, true, {"O", UTF8, "", 0, 0});
    expect_subject(rule, true, {"emailAddress", IA5, "", 0, 0});
    expect_subject(rule, false, {"O", UTF8, "x", -1, 0});
    expect_subject(rule, false, {"dnQualifier", PRINTABLE, "", 0, 0}); /* no SIZE constraint */
}
END_TEST

/* bound_of reads the upper bound x509strict has for the attribute type. */
static size_t bound_of(const char *oid)
{
    ASN1_OBJECT *obj = OBJ_txt2obj(oid, 1);
    ck_assert_ptr_nonnull(obj);
    xs_der der = {.p = OBJ_get0_data(obj), .len = OBJ_length(obj)};
    const xs_attr_type *type = xs_attr_type_of(&der);
    ck_assert_ptr_nonnull(type);
    ASN1_OBJECT_free(obj);
    return type->upper_bound;
}

/* expect_length names the subject with `chars` characters of `unit`. */
static void expect_length(const char *oid, int type, const char *unit, size_t unit_len,
                          size_t chars, bool fires)
{
    char *value = malloc(chars * unit_len + 1);
    ck_assert_ptr_nonnull(value);
    for (size_t i = 0; i < chars; i++) {
        memcpy(value + i * unit_len, unit, unit_len);
    }
    const entry e = {oid, type, value, (int)(chars * unit_len), 0};
    expect_named(false, &e, 1, "NAME_ATTRIBUTE_TOO_LONG", fires);
    free(value);
}

START_TEST(upper_bounds)
{
    static const struct {
        const char *oid;
        int type;
        const char *unit; /* one character */
        size_t unit_len;
        size_t expected; /* RFC 5280 Appendix A.1 / X.520 */
    } attrs[] = {
        {"2.5.4.3", UTF8, "\xC3\xA9", 2, 64},       /* commonName, counted in characters */
        {"2.5.4.10", PRINTABLE, "o", 1, 64},        /* organizationName */
        {"2.5.4.11", UTF8, "u", 1, 64},             /* organizationalUnitName */
        {"2.5.4.7", BMP, "\x00\xE9", 2, 128},       /* localityName */
        {"2.5.4.8", UTF8, "s", 1, 128},             /* stateOrProvinceName */
        {"2.5.4.5", PRINTABLE, "7", 1, 64},         /* serialNumber */
        {"1.2.840.113549.1.9.1", IA5, "a", 1, 255}, /* emailAddress */
        {"2.5.4.17", UTF8, "9", 1, 40},             /* postalCode (X.520) */
        {"2.5.4.42", UTF8, "g", 1, 32768},          /* givenName */
    };
    for (size_t i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
        size_t bound = bound_of(attrs[i].oid);
        ck_assert_uint_eq(bound, attrs[i].expected);
        expect_length(attrs[i].oid, attrs[i].type, attrs[i].unit, attrs[i].unit_len, bound, false);
        expect_length(attrs[i].oid, attrs[i].type, attrs[i].unit, attrs[i].unit_len, bound + 1,
                      true);
    }
}
END_TEST

START_TEST(string_contents)
{
    expect_subject("NAME_PRINTABLE_STRING_BAD_CHARACTER", true, {"CN", PRINTABLE, "a@b", -1, 0});
    expect_subject("NAME_PRINTABLE_STRING_BAD_CHARACTER", true, {"O", PRINTABLE, "a_b", -1, 0});
    expect_subject("NAME_PRINTABLE_STRING_BAD_CHARACTER", true, {"O", PRINTABLE, "caf\xE9", -1, 0});
    expect_subject("NAME_PRINTABLE_STRING_BAD_CHARACTER", false,
                   {"CN", PRINTABLE, "A-z 0'()+,./:=?", -1, 0});
    expect_subject("NAME_IA5_STRING_NOT_ASCII", true,
                   {"emailAddress", IA5, "\xE9@x.example", -1, 0});
    expect_subject("NAME_IA5_STRING_NOT_ASCII", false, {"emailAddress", IA5, "e@x.example", -1, 0});
    static const char *const bad_utf8[] = {"\xC3\x28",         "\xC0\xAF",    "\xED\xA0\x80",
                                           "\xF4\x90\x80\x80", "abc\xE2\x82", "\x80"};
    for (size_t i = 0; i < sizeof(bad_utf8) / sizeof(bad_utf8[0]); i++) {
        expect_subject("NAME_UTF8_STRING_MALFORMED", true, {"CN", UTF8, bad_utf8[i], -1, 0});
    }
    expect_subject("NAME_UTF8_STRING_MALFORMED", false,
                   {"CN", UTF8, "\xC3\xA9\xF0\x9F\x98\x80", -1, 0});
    expect_issuer("NAME_UTF8_STRING_MALFORMED", true, {"O", UTF8, "\xFF", -1, 0});
    expect_subject("NAME_BMP_STRING_MALFORMED", true, {"CN", BMP, "\x00\x41\x00", 3, 0});
    expect_subject("NAME_BMP_STRING_MALFORMED", true, {"CN", BMP, "\xD8\x3D\xDE\x00", 4, 0});
    expect_subject("NAME_BMP_STRING_MALFORMED", false, {"CN", BMP, "\x00\x41\x4E\xAC", 4, 0});
    expect_subject("NAME_UNIVERSAL_STRING_MALFORMED", true,
                   {"CN", UNIVERSAL, "\x00\x00\x00\x41\x00", 5, 0});
    expect_subject("NAME_UNIVERSAL_STRING_MALFORMED", true,
                   {"CN", UNIVERSAL, "\x00\x11\x00\x00", 4, 0});
    expect_subject("NAME_UNIVERSAL_STRING_MALFORMED", false,
                   {"CN", UNIVERSAL, "\x00\x01\xF6\x00", 4, 0});
}
END_TEST

START_TEST(nul_and_control_characters)
{
    expect_subject("NAME_VALUE_HAS_NUL", true, {"CN", UTF8, "good.example\0.evil", 18, 0});
    expect_subject("NAME_VALUE_HAS_NUL", true, {"CN", BMP, "\x00\x61\x00\x00", 4, 0});
    expect_subject("NAME_VALUE_HAS_NUL", false, {"CN", UTF8, "good.example", -1, 0});
    expect_subject("NAME_VALUE_HAS_CONTROL_CHARACTER", true, {"CN", UTF8, "a\tb", -1, 0});
    expect_subject("NAME_VALUE_HAS_CONTROL_CHARACTER", true, {"O", UTF8, "a\x7F", -1, 0});
    expect_subject("NAME_VALUE_HAS_CONTROL_CHARACTER", true,
                   {"O", UTF8,
                    "a\xC2\x9B"
                    "b",
                    -1, 0});
    expect_subject("NAME_VALUE_HAS_CONTROL_CHARACTER", true, {"OU", IA5, "a\r\nb", -1, 0});
    expect_subject("NAME_VALUE_HAS_CONTROL_CHARACTER", false, {"CN", UTF8, "a b\xC2\xA0", -1, 0});
    /* a PrintableString cannot hold them: reported as its alphabet only */
    expect_subject("NAME_VALUE_HAS_CONTROL_CHARACTER", false, {"CN", PRINTABLE, "a\tb", -1, 0});
}
END_TEST

START_TEST(legacy_string_types)
{
    const char *rule = "NAME_STRING_TYPE_NOT_PRINTABLE_OR_UTF8";
    expect_subject(rule, true, {"CN", T61, "x", -1, 0});
    expect_subject(rule, true, {"O", BMP, "\x00x", 2, 0});
    expect_subject(rule, true, {"OU", UNIVERSAL, "\x00\x00\x00x", 4, 0});
    expect_subject(rule, false, {"CN", UTF8, "x", -1, 0});
    expect_subject(rule, false, {"CN", PRINTABLE, "x", -1, 0});
    /* the issuer field copies the issuer's subject, where it is reported */
    expect_issuer(rule, false, {"CN", T61, "x", -1, 0});
}
END_TEST

START_TEST(email_address_in_subject)
{
    const entry email = {"emailAddress", IA5, "Alice@Example.COM", -1, 0};
    xt_spec no_san = {.subject = "CN=x"};
    xt_spec same = {.subject = "CN=x", .subject_alt_name = "email:Alice@example.com"};
    xt_spec other = {.subject = "CN=x", .subject_alt_name = "email:alice@example.com"};
    der_buf der = named_der(&no_san, false, &email, 1);
    expect_der(der, "NAME_SUBJECT_HAS_EMAIL_ADDRESS", true);
    expect_der(der, "NAME_SUBJECT_EMAIL_NOT_IN_SAN", true);
    free(der.p);
    der = named_der(&same, false, &email, 1); /* the domain's case does not matter */
    expect_der(der, "NAME_SUBJECT_HAS_EMAIL_ADDRESS", true);
    expect_der(der, "NAME_SUBJECT_EMAIL_NOT_IN_SAN", false);
    free(der.p);
    der = named_der(&other, false, &email, 1); /* the local part's does */
    expect_der(der, "NAME_SUBJECT_EMAIL_NOT_IN_SAN", true);
    free(der.p);
    X509 *cert = xt_cert(&same, key, NULL, NULL);
    expect_cert(cert, "NAME_SUBJECT_HAS_EMAIL_ADDRESS", false);
    expect_cert(cert, "NAME_SUBJECT_EMAIL_NOT_IN_SAN", false);
    X509_free(cert);
}
END_TEST

/* Where extension bytes could not be read, the subjectAltName they may
 * hold is not reported missing. */
START_TEST(san_not_missing_where_unread)
{
    const struct {
        xt_spec spec;
        const char *mnemonic;
    } cases[] = {
        {{.subject = "", .raw = {XT_FILLER_EXT}}, "SUBJECT_NAME_EMPTY"},
        {{.subject = "CN=x,emailAddress=alice@example.com", .raw = {XT_FILLER_EXT}},
         "NAME_SUBJECT_EMAIL_NOT_IN_SAN"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        X509 *cert = xt_must_cert(&cases[i].spec, key, test_ca, test_ca_key);
        xt_expect_silent_unread(cert, test_ca, cases[i].mnemonic);
        X509_free(cert);
    }
}
END_TEST

/* ---- names as text ------------------------------------------------------ */

/* openssl_text prints a name as the report did with OpenSSL; NULL when
 * OpenSSL cannot print it. */
static char *openssl_text(const X509_NAME *name)
{
    BIO *bio = BIO_new(BIO_s_mem());
    ck_assert_ptr_nonnull(bio);
    char *out = NULL;
    if (X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
        char *data = NULL;
        long len = BIO_get_mem_data(bio, &data);
        out = calloc(1, (size_t)len + 1);
        ck_assert_ptr_nonnull(out);
        if (len > 0) {
            memcpy(out, data, (size_t)len);
        }
    }
    BIO_free(bio);
    return out;
}

/* Both renderings of one certificate's subject. */
typedef struct {
    char *ours;
    char *openssl; /* NULL when OpenSSL cannot print the name */
} texts;

/* texts_of renders the subject from the DER, both ways: OpenSSL from its
 * own parse of the DER (so that both see the RDNs in DER order). */
static texts texts_of(const entry *e, size_t n)
{
    xt_spec spec = {.subject = "CN=x"};
    der_buf der = named_der(&spec, false, e, n);
    const unsigned char *p = der.p;
    X509 *parsed = d2i_X509(NULL, &p, (long)der.len);
    xs_model model;
    ck_assert_int_eq(xs_model_parse(&model, der.p, der.len, false), XS_OK);
    texts t = {xs_name_text(&model.subject),
               parsed != NULL ? openssl_text(X509_get_subject_name(parsed)) : NULL};
    ck_assert_ptr_nonnull(t.ours);
    xs_model_cleanup(&model);
    X509_free(parsed);
    free(der.p);
    return t;
}

static void texts_free(texts *t)
{
    free(t->ours);
    free(t->openssl);
}

static void expect_same_text(const entry *e, size_t n)
{
    texts t = texts_of(e, n);
    ck_assert_ptr_nonnull(t.openssl);
    ck_assert_msg(strcmp(t.ours, t.openssl) == 0, "ours [%s], OpenSSL [%s]", t.ours, t.openssl);
    texts_free(&t);
}

#define expect_text_as_openssl(...) expect_same_text(ENTRIES(__VA_ARGS__))

START_TEST(text_as_openssl)
{
    /* ASCII, in the usual order */
    expect_text_as_openssl({"C", PRINTABLE, "US", -1, 0}, {"O", UTF8, "Example", -1, 0},
                           {"CN", UTF8, "leaf.example", -1, 0});
    /* UTF-8 */
    expect_text_as_openssl(
        {"C", PRINTABLE, "CH", -1, 0}, {"L", UTF8, "Z\xC3\xBCrich", -1, 0},
        {"O", UTF8, "\xE4\xBE\x8B\xE3\x81\x88", -1, 0},
        {"CN", UTF8, "Zo\xC3\xAB \xC3\x85ngstr\xC3\xB6m \xF0\x9F\x94\x92", -1, 0});
    /* multi-valued RDNs (DER sorts their members) */
    expect_text_as_openssl({"O", UTF8, "Org", -1, 0}, {"CN", UTF8, "alice", -1, 0},
                           {"UID", UTF8, "alice1", -1, -1}, {"OU", UTF8, "y", -1, 0},
                           {"OU", UTF8, "x", -1, -1}, {"OU", UTF8, "w", -1, -1});
    /* RFC 4514 escapes */
    expect_text_as_openssl({"CN", UTF8, "a,b+c\"d\\e<f>g;h", -1, 0}, {"O", UTF8, "x=y#z", -1, 0});
    expect_text_as_openssl({"CN", UTF8, "#hash", -1, 0}, {"O", UTF8, " lead", -1, 0},
                           {"OU", UTF8, "trail ", -1, 0}, {"L", UTF8, "  both  ", -1, 0},
                           {"ST", UTF8, " ", -1, 0});
    /* C0 controls and DEL */
    expect_text_as_openssl({"CN", UTF8, "tab\there", -1, 0}, {"O", UTF8, "del\x7F", -1, 0},
                           {"OU", IA5, "nl\r\n", -1, 0}, {"L", UTF8, "nul\0x", 5, 0});
    /* BMPString, UniversalString, TeletexString as Latin-1 */
    expect_text_as_openssl({"CN", BMP,
                            "\x00G\x00r\x00\xFC\x00\xDF\x00"
                            "e\x00 \x67\x71\x4E\xAC",
                            16, 0});
    expect_text_as_openssl({"CN", UNIVERSAL, "\0\0\0\xDC\0\0\0n\0\0\0\xEF\0\x01\xF6\x00", 16, 0},
                           {"O", T61, "Caf\xE9 \xA9", -1, 0});
    /* dotted OIDs, whose values RFC 4514 prints as hex of their DER */
    expect_text_as_openssl({"1.2.3.4", UTF8, "hello", -1, 0},
                           {"1.2.840.113549.1.9.99999", IA5, "v", -1, 0},
                           {"2.999.1", UTF8, "x", -1, 0},
                           {"1.3.6.1.4.1.123456789012345678901234567890", UTF8, "big", -1, 0});
    /* a value that is no string, and a long one in hex */
    expect_text_as_openssl({"CN", V_ASN1_SEQUENCE, "\x30\x03\x02\x01\x01", 5, 0});
    expect_text_as_openssl(
        {"1.2.3.4", PRINTABLE,
         "0123456789012345678901234567890123456789012345678901234567890123456789"
         "0123456789012345678901234567890123456789012345678901234567890123456789",
         -1, 0});
    /* the empty name */
    expect_same_text(NULL, 0);
}
END_TEST

/* Every attribute type x509strict names, under the name OpenSSL prints. */
START_TEST(text_type_names_as_openssl)
{
    texts t = texts_of(ENTRIES(
        {"CN", UTF8, "v", -1, 0}, {"SN", UTF8, "v", -1, 0}, {"serialNumber", PRINTABLE, "v", -1, 0},
        {"C", PRINTABLE, "VV", -1, 0}, {"L", UTF8, "v", -1, 0}, {"ST", UTF8, "v", -1, 0},
        {"O", UTF8, "v", -1, 0}, {"OU", UTF8, "v", -1, 0}, {"title", UTF8, "v", -1, 0},
        {"description", UTF8, "v", -1, 0}, {"businessCategory", UTF8, "v", -1, 0},
        {"postalCode", UTF8, "v", -1, 0}, {"postOfficeBox", UTF8, "v", -1, 0},
        {"name", UTF8, "v", -1, 0}, {"GN", UTF8, "v", -1, 0}, {"initials", UTF8, "v", -1, 0},
        {"generationQualifier", UTF8, "v", -1, 0}, {"dnQualifier", PRINTABLE, "v", -1, 0},
        {"pseudonym", UTF8, "v", -1, 0}, {"organizationIdentifier", UTF8, "v", -1, 0},
        {"UID", UTF8, "v", -1, 0}, {"DC", IA5, "v", -1, 0}, {"emailAddress", IA5, "v", -1, 0},
        {"unstructuredName", IA5, "v", -1, 0}, {"jurisdictionL", UTF8, "v", -1, 0},
        {"jurisdictionST", UTF8, "v", -1, 0}, {"jurisdictionC", PRINTABLE, "VV", -1, 0}));
    ck_assert_ptr_nonnull(t.openssl);
    ck_assert_msg(strcmp(t.ours, t.openssl) == 0, "ours [%s], OpenSSL [%s]", t.ours, t.openssl);
    texts_free(&t);
}
END_TEST

/* replace returns `s` with the first `from` replaced by `to`. */
static char *replace(const char *s, const char *from, const char *to)
{
    const char *at = strstr(s, from);
    ck_assert_ptr_nonnull(at);
    size_t head = (size_t)(at - s);
    char *out = malloc(strlen(s) - strlen(from) + strlen(to) + 1);
    ck_assert_ptr_nonnull(out);
    memcpy(out, s, head);
    strcpy(out + head, to);
    strcat(out, at + strlen(from));
    return out;
}

/* expect_difference: our text is OpenSSL's with `openssl_part` in place of
 * `our_part`. */
static void expect_difference(const entry *e, size_t n, const char *our_part,
                              const char *openssl_part)
{
    texts t = texts_of(e, n);
    ck_assert_ptr_nonnull(t.openssl);
    char *expected = replace(t.openssl, openssl_part, our_part);
    ck_assert_msg(strcmp(t.ours, expected) == 0, "ours [%s], OpenSSL [%s]", t.ours, t.openssl);
    free(expected);
    texts_free(&t);
}

START_TEST(text_deliberate_differences)
{
    /* RFC 4514 section 3 names streetAddress STREET */
    expect_difference(ENTRIES({"street", UTF8, "1 Main St", -1, 0}, {"CN", UTF8, "x", -1, 0}),
                      "STREET=", "street=");
    /* a lone '#' would read as the start of a hex value */
    expect_difference(ENTRIES({"CN", UTF8, "#", -1, 0}), "CN=\\#", "CN=#");
    /* C1 controls are escaped like C0 ones */
    expect_difference(ENTRIES({"CN", UTF8,
                               "a\xC2\x9B"
                               "b",
                               -1, 0}),
                      "\\C2\\9B", "\xC2\x9B");
    /* octets that are no character of the type: U+FFFD, not Latin-1 */
    expect_difference(ENTRIES({"emailAddress", IA5, "\xE9@x", -1, 0}), "\xEF\xBF\xBD", "\xC3\xA9");
    /* attribute types x509strict does not name: dotted, with a hex value */
    expect_difference(ENTRIES({"postalAddress", UTF8, "x", -1, 0}), "2.5.4.16=#0C0178",
                      "postalAddress=x");
}
END_TEST

/* Strings OpenSSL cannot convert to UTF-8 make a certificate it cannot
 * parse (d2i canonicalizes names); x509strict still names its subject. */
START_TEST(text_malformed_strings)
{
    static const char bad_utf8[] = "a\xC3(\xFF\xED\xA0\x80z";
    texts t = texts_of(ENTRIES({"CN", UTF8, bad_utf8, -1, 0}));
    ck_assert_ptr_null(t.openssl);
    char *sanitized = xs_utf8_sanitize(bad_utf8, strlen(bad_utf8));
    ck_assert_ptr_nonnull(sanitized);
    ck_assert_str_eq(t.ours + strlen("CN="), sanitized); /* one U+FFFD per bad octet */
    free(sanitized);
    texts_free(&t);

    t = texts_of(ENTRIES({"CN", BMP, "\x00\x41\x00", 3, 0}));
    ck_assert_ptr_null(t.openssl);
    ck_assert_str_eq(t.ours, "CN=A\xEF\xBF\xBD");
    texts_free(&t);
    t = texts_of(ENTRIES({"CN", UNIVERSAL, "\x00\x00\xD8\x00\x00\x00\x00\x42", 8, 0}));
    ck_assert_str_eq(t.ours, "CN=\xEF\xBF\xBD"
                             "B");
    texts_free(&t);
}
END_TEST

/* count_chars counts UTF-8 characters. */
static size_t count_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++) {
        n += ((unsigned char)*s & 0xC0) != 0x80;
    }
    return n;
}

START_TEST(text_capped)
{
    entry many[40];
    static const char value[] = "\xC3\xA9t\xC3\xA9-0123456789012345678901234567890123456789";
    for (size_t i = 0; i < 40; i++) {
        many[i] = (entry){"OU", UTF8, value, -1, 0};
    }
    texts t = texts_of(many, 40);
    ck_assert_ptr_nonnull(t.openssl);
    ck_assert_uint_gt(count_chars(t.openssl), XS_MAX_NAME_CHARS);
    ck_assert_uint_le(count_chars(t.ours), XS_MAX_NAME_CHARS);
    ck_assert_uint_gt(count_chars(t.ours), XS_MAX_NAME_CHARS - 8);
    ck_assert_msg(strncmp(t.ours, t.openssl, strlen(t.ours)) == 0, "ours [%s]", t.ours);
    texts_free(&t);
}
END_TEST

/* Property: whatever the bytes, the text is well-formed UTF-8 without raw
 * control characters (xs_utf8_sanitize leaves it unchanged) and within
 * the cap. Names are built directly in the model, from a fixed-seed
 * generator, with random tags, OIDs and values. */
static uint32_t rng_state = 12345;

static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

START_TEST(text_is_always_clean)
{
    static const uint8_t tags[] = {0x0C, 0x12, 0x13, 0x14, 0x16, 0x17, 0x18,
                                   0x1A, 0x1C, 0x1E, 0x04, 0x30, 0x02, 0x1B};
    static const uint8_t cn_oid[] = {0x55, 0x04, 0x03};
    uint8_t bytes[8][64], oids[8][12];
    xs_attr attrs[8];
    for (int round = 0; round < 3000; round++) {
        size_t count = rng() % 8;
        for (size_t i = 0; i < count; i++) {
            size_t len = rng() % 64, oid_len = rng() % 12;
            for (size_t k = 0; k < len; k++) {
                bytes[i][k] = (uint8_t)(rng() % 4 == 0 ? rng() : 0x20 + rng() % 0x60);
            }
            for (size_t k = 0; k < oid_len; k++) {
                oids[i][k] = (uint8_t)rng();
            }
            bool known = rng() % 2 == 0;
            attrs[i] = (xs_attr){
                .type = {.p = known ? cn_oid : oids[i], .len = known ? sizeof(cn_oid) : oid_len},
                .tag = tags[rng() % sizeof(tags)],
                .value = {.p = bytes[i], .len = len},
                .rdn = i / 2,
            };
        }
        xs_name name = {.present = true, .attr_count = count, .attrs = attrs};
        char *text = xs_name_text(&name);
        ck_assert_ptr_nonnull(text);
        char *clean = xs_utf8_sanitize(text, strlen(text));
        ck_assert_ptr_nonnull(clean);
        ck_assert_str_eq(text, clean);
        ck_assert_uint_le(count_chars(text), XS_MAX_NAME_CHARS);
        free(clean);
        free(text);
    }
}
END_TEST

/* A value of a mebibyte costs no more than the cap. */
START_TEST(text_of_a_huge_value)
{
    static const uint8_t cn_oid[] = {0x55, 0x04, 0x03};
    size_t len = 1u << 20;
    uint8_t *value = malloc(len);
    ck_assert_ptr_nonnull(value);
    memset(value, ',', len);
    xs_attr attr = {.type = {.p = cn_oid, .len = sizeof(cn_oid)},
                    .tag = XS_TAG_UTF8_STRING,
                    .value = {.p = value, .len = len}};
    xs_name name = {.present = true, .attr_count = 1, .attrs = &attr};
    char *text = xs_name_text(&name);
    ck_assert_ptr_nonnull(text);
    /* "CN=", then as many whole "\," escapes as fit */
    ck_assert_uint_eq(strlen(text), 3 + 2 * ((XS_MAX_NAME_CHARS - 3) / 2));
    ck_assert_int_eq(text[strlen(text) - 1], ',');
    free(text);
    free(value);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("r_name");
    TCase *rules = tcase_create("rules");
    tcase_set_timeout(rules, 60);
    tcase_add_test(rules, issuer_name_empty);
    tcase_add_test(rules, subject_name_empty_as_openssl);
    tcase_add_test(rules, rdn_empty);
    tcase_add_test(rules, wrong_string_type);
    tcase_add_test(rules, country_code);
    tcase_add_test(rules, value_empty);
    tcase_add_test(rules, upper_bounds);
    tcase_add_test(rules, string_contents);
    tcase_add_test(rules, nul_and_control_characters);
    tcase_add_test(rules, legacy_string_types);
    tcase_add_test(rules, email_address_in_subject);
    tcase_add_test(rules, san_not_missing_where_unread);
    suite_add_tcase(s, rules);
    TCase *text = tcase_create("text");
    tcase_set_timeout(text, 60);
    tcase_add_test(text, text_as_openssl);
    tcase_add_test(text, text_type_names_as_openssl);
    tcase_add_test(text, text_deliberate_differences);
    tcase_add_test(text, text_malformed_strings);
    tcase_add_test(text, text_capped);
    tcase_add_test(text, text_is_always_clean);
    tcase_add_test(text, text_of_a_huge_value);
    suite_add_tcase(s, text);
    return s;
}

int main(void)
{
    key = xt_key("EC");
    test_ca_key = xt_key("EC");
    xt_spec ca = {.subject = "CN=Name Test CA",
                  .basic_constraints = "critical,CA:TRUE",
                  .key_usage = "critical,keyCertSign,cRLSign"};
    test_ca = xt_cert(&ca, test_ca_key, NULL, NULL);
    if (key == NULL || test_ca == NULL) {
        return EXIT_FAILURE;
    }
    int status = xt_run_suite(suite());
    X509_free(test_ca);
    EVP_PKEY_free(test_ca_key);
    EVP_PKEY_free(key);
    return status;
}
