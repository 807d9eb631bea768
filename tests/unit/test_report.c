/*
 * test_report.c: the three emitters render one report model. JSON is valid
 * JSON and says what the report says; CBOR decodes back (libcbor) to the
 * same; text is readable and coloured only when asked. A lint report of a
 * certificate whose extensions element cannot be read names that element;
 * without OpenSSL, a DER finding on a certificate that could not be read
 * whole is not capped at notice.
 */
#include <cbor.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cert/model.h"
#include "certgen.h"
#include "der/der.h"
#include "json.h"
#include "report/report.h"
#include "rules/check.h"
#include "x509strict.h"

/* A chain whose intermediate has a non-critical basicConstraints and whose
 * leaf does not match the host: two findings, Python raises 89. */
static xs_report *make_report(const char *policy_name)
{
    EVP_PKEY *root_key = xt_key("EC"), *int_key = xt_key("EC"), *leaf_key = xt_key("EC");
    xt_spec root = {.subject = "CN=Root", .basic_constraints = "critical,CA:TRUE",
                    .key_usage = "critical,keyCertSign"};
    xt_spec inter = {.subject = "CN=Int \"quoted\" \\ back", .basic_constraints = "CA:TRUE",
                     .key_usage = "critical,keyCertSign"};
    xt_spec leaf = {.subject = "CN=leaf.example", .subject_alt_name = "DNS:leaf.example",
                    .ext_key_usage = "serverAuth"};
    X509 *r = xt_cert(&root, root_key, NULL, NULL);
    X509 *i = xt_cert(&inter, int_key, r, root_key);
    X509 *l = xt_cert(&leaf, leaf_key, i, int_key);
    X509 *pems[] = {l, i};
    xs_certs *chain = NULL, *trust = NULL;
    xs_policy *policy = NULL;
    xs_ctx *ctx = NULL;
    xs_report *report = NULL;
    ck_assert_int_eq(xs_certs_new(&chain), XS_OK);
    ck_assert_int_eq(xs_certs_new(&trust), XS_OK);
    for (int n = 0; n < 2; n++) {
        int len = 0;
        unsigned char *der = xt_der(pems[n], &len);
        ck_assert_int_eq(xs_certs_load(chain, der, (size_t)len, "chain", NULL, 0), XS_OK);
        OPENSSL_free(der);
    }
    int len = 0;
    unsigned char *der = xt_der(r, &len);
    ck_assert_int_eq(xs_certs_load(trust, der, (size_t)len, "trust", NULL, 0), XS_OK);
    OPENSSL_free(der);
    ck_assert_int_eq(xs_policy_builtin(&policy, policy_name, NULL, 0), XS_OK);
    ck_assert_int_eq(xs_ctx_new(&ctx, policy), XS_OK);
    ck_assert_int_eq(xs_ctx_add_trust(ctx, trust), XS_OK);
    ck_assert_int_eq(xs_ctx_set_host(ctx, "other.example"), XS_OK);
    ck_assert_int_eq(xs_verify(ctx, &report, chain, (int64_t)time(NULL)), XS_OK);
    xs_ctx_free(ctx);
    xs_policy_free(policy);
    xs_certs_free(chain);
    xs_certs_free(trust);
    X509_free(r);
    X509_free(i);
    X509_free(l);
    EVP_PKEY_free(root_key);
    EVP_PKEY_free(int_key);
    EVP_PKEY_free(leaf_key);
    return report;
}

static char *emit(const xs_report *r, xs_format format, unsigned flags, size_t *len)
{
    uint8_t *out = NULL;
    ck_assert_int_eq(xs_report_emit(r, format, flags, &out, len), XS_OK);
    ck_assert_ptr_nonnull(out);
    return (char *)out;
}

static void check_json_finding(const tj_value *f, const xs_finding *want)
{
    long long n = 0;
    ck_assert(tj_string_is(tj_get(f, "mnemonic"), want->mnemonic));
    ck_assert(tj_string_is(tj_get(f, "severity"), xs_severity_name(want->severity)));
    ck_assert(tj_string_is(tj_get(f, "source"), want->source));
    ck_assert(tj_string_is(tj_get(f, "section"), want->section));
    ck_assert(tj_string_is(tj_get(f, "subject"), want->subject));
    ck_assert(tj_string_is(tj_get(f, "sha256"), want->sha256));
    ck_assert(tj_string_is(tj_get(f, "message"), want->message));
    ck_assert(tj_integer(tj_get(f, "depth"), &n) && n == want->depth);
    ck_assert(tj_integer(tj_get(f, "openssl_code"), &n) && n == want->openssl_code);
}

START_TEST(test_json)
{
    xs_report *r = make_report("python-3.13");
    size_t len = 0;
    char *json = emit(r, XS_FORMAT_JSON, 0, &len);
    ck_assert(tj_validate(json, len));
    ck_assert_int_eq(json[len - 1], '\n');
    tj_error err;
    tj_doc *doc = tj_parse(json, len, &err);
    ck_assert_ptr_nonnull(doc);
    const tj_value *root = tj_root(doc);
    long long n = 0;
    ck_assert(tj_integer(tj_get(root, "schema"), &n) && n == XS_SCHEMA_VERSION);
    ck_assert(tj_string_is(tj_get(root, "command"), "verify"));
    ck_assert(tj_string_is(tj_get(root, "policy"), "python-3.13"));
    ck_assert(tj_string_is(tj_get(root, "host"), "other.example"));
    ck_assert(tj_string_is(tj_get(root, "verdict"), "reject"));
    ck_assert_uint_eq(tj_len(tj_get(root, "chain")), xs_report_chain_length(r));
    const tj_value *findings = tj_get(root, "findings");
    ck_assert_uint_eq(tj_len(findings), xs_report_finding_count(r));
    size_t from_openssl = 0;
    for (size_t i = 0; i < xs_report_finding_count(r); i++) {
        from_openssl += strcmp(xs_report_finding(r, i)->source, "openssl") == 0;
    }
    ck_assert_uint_eq(from_openssl, 2); /* 89 on the intermediate, 62 on the leaf */
    for (size_t i = 0; i < xs_report_finding_count(r); i++) {
        check_json_finding(tj_at(findings, i), xs_report_finding(r, i));
    }
    const tj_value *py = tj_get(root, "python");
    ck_assert(tj_string_is(tj_get(py, "outcome"), "SSLCertVerificationError"));
    ck_assert(tj_integer(tj_get(py, "verify_code"), &n) && n == 89);
    ck_assert(tj_string_is(tj_get(py, "message"),
                           "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
                           "Basic Constraints of CA cert not marked critical"));
    /* RFC 2253 escapes the quotes and the backslash; JSON escapes them again */
    ck_assert(tj_string_is(tj_get(tj_at(tj_get(root, "chain"), 1), "subject"),
                           xs_report_chain_cert(r, 1)->subject));
    ck_assert_ptr_nonnull(strchr(xs_report_chain_cert(r, 1)->subject, '"'));
    tj_free(doc);
    xs_free(json);
    xs_report_free(r);
}
END_TEST

/* cbor_text_is says whether `item` is a definite text string equal to s. */
static bool cbor_text_is(const cbor_item_t *item, const char *s)
{
    return item != NULL && cbor_isa_string(item) && cbor_string_is_definite(item) &&
           cbor_string_length(item) == strlen(s) &&
           memcmp(cbor_string_handle(item), s, strlen(s)) == 0;
}

static const cbor_item_t *cbor_member(const cbor_item_t *map, const char *key)
{
    struct cbor_pair *pairs = cbor_map_handle(map);
    for (size_t i = 0; i < cbor_map_size(map); i++) {
        if (cbor_text_is(pairs[i].key, key)) {
            return pairs[i].value;
        }
    }
    return NULL;
}

static long long cbor_int(const cbor_item_t *item)
{
    ck_assert(cbor_is_int(item));
    long long v = (long long)cbor_get_int(item);
    return cbor_isa_negint(item) ? -1 - v : v;
}

START_TEST(test_cbor_round_trip)
{
    xs_report *r = make_report("python-3.13");
    size_t len = 0;
    char *bytes = emit(r, XS_FORMAT_CBOR, 0, &len);
    struct cbor_load_result res;
    cbor_item_t *root = cbor_load((cbor_data)bytes, len, &res);
    ck_assert_int_eq(res.error.code, CBOR_ERR_NONE);
    ck_assert_uint_eq(res.read, len);
    ck_assert(cbor_isa_map(root));
    ck_assert(cbor_text_is(cbor_member(root, "verdict"), "reject"));
    ck_assert_int_eq(cbor_int(cbor_member(root, "schema")), XS_SCHEMA_VERSION);
    ck_assert(cbor_is_null(cbor_member(root, "host")) == false);
    const cbor_item_t *findings = cbor_member(root, "findings");
    ck_assert(cbor_isa_array(findings));
    ck_assert_uint_eq(cbor_array_size(findings), xs_report_finding_count(r));
    for (size_t i = 0; i < cbor_array_size(findings); i++) {
        const cbor_item_t *f = cbor_array_handle(findings)[i];
        const xs_finding *want = xs_report_finding(r, i);
        ck_assert(cbor_text_is(cbor_member(f, "mnemonic"), want->mnemonic));
        ck_assert(cbor_text_is(cbor_member(f, "severity"), xs_severity_name(want->severity)));
        ck_assert(cbor_text_is(cbor_member(f, "message"), want->message));
        ck_assert(cbor_text_is(cbor_member(f, "sha256"), want->sha256));
        ck_assert_int_eq(cbor_int(cbor_member(f, "depth")), want->depth);
        ck_assert_int_eq(cbor_int(cbor_member(f, "openssl_code")), want->openssl_code);
    }
    const cbor_item_t *chain = cbor_member(root, "chain");
    ck_assert_uint_eq(cbor_array_size(chain), xs_report_chain_length(r));
    ck_assert(cbor_get_bool(cbor_member(cbor_array_handle(chain)[0], "synthetic")) == false);
    ck_assert_int_eq(cbor_int(cbor_member(cbor_member(root, "python"), "verify_code")), 89);
    cbor_decref(&root);
    xs_free(bytes);
    xs_report_free(r);
}
END_TEST

/* JSON and CBOR carry the same members in the same order. */
START_TEST(test_json_and_cbor_agree)
{
    xs_report *r = make_report("openssl-default");
    size_t json_len = 0, cbor_len = 0;
    char *json = emit(r, XS_FORMAT_JSON, 0, &json_len);
    char *bytes = emit(r, XS_FORMAT_CBOR, 0, &cbor_len);
    tj_error err;
    tj_doc *doc = tj_parse(json, json_len, &err);
    struct cbor_load_result res;
    cbor_item_t *root = cbor_load((cbor_data)bytes, cbor_len, &res);
    ck_assert_ptr_nonnull(doc);
    ck_assert_ptr_nonnull(root);
    const tj_value *jroot = tj_root(doc);
    ck_assert_uint_eq(tj_len(jroot), cbor_map_size(root));
    for (size_t i = 0; i < tj_len(jroot); i++) {
        size_t key_len = 0;
        const char *key = tj_member_key(jroot, i, &key_len);
        ck_assert(cbor_text_is(cbor_map_handle(root)[i].key, key));
    }
    ck_assert(tj_string_is(tj_get(jroot, "verdict"), "reject"));
    ck_assert(cbor_text_is(cbor_member(root, "verdict"), "reject"));
    cbor_decref(&root);
    tj_free(doc);
    xs_free(json);
    xs_free(bytes);
    xs_report_free(r);
}
END_TEST

START_TEST(test_text)
{
    xs_report *r = make_report("python-3.13");
    size_t len = 0;
    char *plain = emit(r, XS_FORMAT_TEXT, 0, &len);
    ck_assert_uint_eq(strlen(plain), len);
    ck_assert_ptr_nonnull(strstr(plain, "x509strict verify: REJECT under python-3.13"));
    ck_assert_ptr_nonnull(strstr(plain, "CA_BCONS_NOT_CRITICAL"));
    ck_assert_ptr_nonnull(strstr(plain, "RFC 5280 4.2.1.9"));
    ck_assert_ptr_nonnull(strstr(plain, "raises SSLCertVerificationError (verify_code 89)"));
    ck_assert_ptr_null(strchr(plain, '\x1b'));
    char *color = emit(r, XS_FORMAT_TEXT, XS_EMIT_COLOR, &len);
    ck_assert_ptr_nonnull(strstr(color, "\x1b[1;31mREJECT\x1b[0m"));
    xs_free(plain);
    xs_free(color);
    xs_report_free(r);
}
END_TEST

/* xs_rfc3339: four-digit years from 0000 to 9999, as gmtime() places them
 * where it can, and @SECONDS outside that range. */
START_TEST(test_rfc3339_years)
{
    static const struct {
        int64_t t;
        const char *want;
    } cases[] = {
        {0, "1970-01-01T00:00:00Z"},
        {-1, "1969-12-31T23:59:59Z"},
        {951782400, "2000-02-29T00:00:00Z"},
        {INT64_C(-62167219200), "0000-01-01T00:00:00Z"},
        {INT64_C(-62135596800), "0001-01-01T00:00:00Z"},
        {INT64_C(-30610224000), "1000-01-01T00:00:00Z"},
        {INT64_C(253402300799), "9999-12-31T23:59:59Z"},
        {INT64_C(253402300800), "@253402300800"},
        {INT64_C(-62167219201), "@-62167219201"},
        {INT64_MIN, "@-9223372036854775808"},
        {INT64_MAX, "@9223372036854775807"},
    };
    char out[XS_RFC3339_SIZE];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        xs_rfc3339(cases[i].t, out);
        ck_assert_str_eq(out, cases[i].want);
    }
    for (int64_t t = INT64_C(-2208988800); t < INT64_C(4102444800); t += 86399 * 37) {
        time_t tt = (time_t)t;
        struct tm tm;
        char want[32];
        ck_assert_ptr_nonnull(gmtime_r(&tt, &tm));
        strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%SZ", &tm);
        xs_rfc3339(t, out);
        ck_assert_str_eq(out, want);
    }
}
END_TEST

START_TEST(test_format_names)
{
    xs_format f;
    ck_assert_int_eq(xs_format_parse("json", &f), 0);
    ck_assert_int_eq(f, XS_FORMAT_JSON);
    ck_assert_int_eq(xs_format_parse("cbor", &f), 0);
    ck_assert_int_eq(f, XS_FORMAT_CBOR);
    ck_assert_int_eq(xs_format_parse("yaml", &f), -1);
    uint8_t *out = NULL;
    size_t len = 0;
    ck_assert_int_eq(xs_report_emit(NULL, XS_FORMAT_JSON, 0, &out, &len), XS_ERR_INVALID_ARG);
}
END_TEST

/* A leaf with extensions, as DER in a buffer of our own. */
static unsigned char *leaf_with_extensions(size_t *len)
{
    EVP_PKEY *key = xt_key("EC");
    xt_spec spec = {.subject = "CN=leaf.example", .subject_alt_name = "DNS:leaf.example",
                    .basic_constraints = "critical,CA:FALSE"};
    X509 *cert = xt_cert(&spec, key, NULL, NULL);
    int der_len = 0;
    unsigned char *der = xt_der(cert, &der_len);
    ck_assert_ptr_nonnull(der);
    unsigned char *copy = malloc((size_t)der_len);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, der, (size_t)der_len);
    *len = (size_t)der_len;
    OPENSSL_free(der);
    X509_free(cert);
    EVP_PKEY_free(key);
    return copy;
}

/* extensions_at is the offset of the TBSCertificate's [3] element. */
static size_t extensions_at(const unsigned char *der, size_t len)
{
    xs_der in, cert, tbs, whole;
    uint8_t tag = 0;
    xs_der_init(&in, der, len, NULL);
    ck_assert(xs_der_get(&in, XS_TAG_SEQUENCE, &cert));
    ck_assert(xs_der_get(&cert, XS_TAG_SEQUENCE, &tbs));
    while (xs_der_get_any(&tbs, &tag, NULL, &whole)) {
        if (tag == XS_TAG_CTX_CONSTRUCTED(3)) {
            return whole.off;
        }
    }
    ck_abort_msg("the leaf has no extensions");
    return 0;
}

static const xs_finding *find_mnemonic(const xs_report *r, const char *mnemonic)
{
    for (size_t i = 0; i < xs_report_finding_count(r); i++) {
        if (strcmp(xs_report_finding(r, i)->mnemonic, mnemonic) == 0) {
            return xs_report_finding(r, i);
        }
    }
    return NULL;
}

/* An OPTIONAL element that is there but cannot be read fails the parse: its
 * finding names the element (at byte `at`), and the rest of the
 * TBSCertificate is not taken for trailing data after an absent one. */
static void check_unreadable_extensions(const unsigned char *der, size_t len, size_t at,
                                        const char *mnemonic)
{
    xs_model m;
    ck_assert_int_eq(xs_model_parse(&m, der, len, false), XS_OK);
    ck_assert_msg(!m.complete, "%s extensions: the model is complete", mnemonic);
    ck_assert(m.extensions_encoded);
    ck_assert_uint_eq(m.ext_count, 0);
    xs_model_cleanup(&m);

    xs_certs *certs = NULL;
    xs_policy *policy = NULL;
    xs_report *r = NULL;
    ck_assert_int_eq(xs_certs_new(&certs), XS_OK);
    ck_assert_int_eq(xs_certs_load_ex(certs, der, len, "leaf", XS_LOAD_RAW, NULL, 0), XS_OK);
    ck_assert_int_eq(xs_policy_builtin(&policy, "rfc5280", NULL, 0), XS_OK);
    ck_assert_int_eq(xs_lint(policy, &r, certs, 0, NULL, 0), XS_OK);
    const xs_finding *f = find_mnemonic(r, mnemonic);
    ck_assert_msg(f != NULL, "no %s finding", mnemonic);
    ck_assert_ptr_nonnull(f->path);
    ck_assert_str_eq(f->path, "tbsCertificate.extensions");
    ck_assert_int_eq(f->offset, (long long)at);
    ck_assert_int_eq(f->severity, XS_SEV_ERROR);
    ck_assert_ptr_null(find_mnemonic(r, "DER_TRAILING_DATA"));
    ck_assert_int_eq(xs_report_verdict(r), XS_VERDICT_REJECT);
    xs_report_free(r);
    xs_policy_free(policy);
    xs_certs_free(certs);
}

START_TEST(test_lint_extensions_unreadable)
{
    size_t len = 0;
    unsigned char *der = leaf_with_extensions(&len);
    size_t at = extensions_at(der, len);
    ck_assert_uint_lt(at + 3, len);
    /* the length's last octet, one more: the element overruns the TBSCertificate */
    size_t last = der[at + 1] < 0x80 ? at + 1 : at + 1 + (der[at + 1] & 0x7Fu);
    ck_assert_uint_lt(der[last], 0xFF);
    der[last]++;
    check_unreadable_extensions(der, len, at, "DER_TRUNCATED");
    der[last]--;
    der[at + 1] = 0x80; /* indefinite */
    check_unreadable_extensions(der, len, at + 1, "DER_LENGTH_INDEFINITE"); /* its octet */
    free(der);
}
END_TEST

/* lint_under lints `der` (loaded raw) under the shipped policy `name`. */
static xs_report *lint_under(const unsigned char *der, size_t len, const char *name)
{
    xs_certs *certs = NULL;
    xs_policy *policy = NULL;
    xs_report *r = NULL;
    ck_assert_int_eq(xs_certs_new(&certs), XS_OK);
    ck_assert_int_eq(xs_certs_load_ex(certs, der, len, "leaf", XS_LOAD_RAW, NULL, 0), XS_OK);
    ck_assert_int_eq(xs_policy_builtin(&policy, name, NULL, 0), XS_OK);
    ck_assert_int_eq(xs_lint(policy, &r, certs, 0, NULL, 0), XS_OK);
    xs_policy_free(policy);
    xs_certs_free(certs);
    return r;
}

static bool model_complete(const unsigned char *der, size_t len)
{
    xs_model m;
    ck_assert_int_eq(xs_model_parse(&m, der, len, false), XS_OK);
    bool complete = m.complete;
    xs_model_cleanup(&m);
    return complete;
}

/* serial_at is the offset of the TBSCertificate's serialNumber (after [0]). */
static size_t serial_at(const unsigned char *der, size_t len)
{
    xs_der in, cert, tbs, whole;
    uint8_t tag = 0;
    xs_der_init(&in, der, len, NULL);
    ck_assert(xs_der_get(&in, XS_TAG_SEQUENCE, &cert));
    ck_assert(xs_der_get(&cert, XS_TAG_SEQUENCE, &tbs));
    ck_assert(xs_der_get_any(&tbs, &tag, NULL, &whole));
    ck_assert_uint_eq(tag, XS_TAG_CTX_CONSTRUCTED(0));
    ck_assert(xs_der_get_any(&tbs, &tag, NULL, &whole));
    ck_assert_uint_eq(tag, XS_TAG_INTEGER);
    return whole.off;
}

/* critical_true_at is the offset of basicConstraints' critical BOOLEAN's value. */
static size_t critical_true_at(const unsigned char *der, size_t len)
{
    static const unsigned char bc_critical[] = {0x06, 0x03, 0x55, 0x1D, 0x13, 0x01, 0x01, 0xFF};
    for (size_t i = 0; i + sizeof(bc_critical) <= len; i++) {
        if (memcmp(der + i, bc_critical, sizeof(bc_critical)) == 0) {
            return i + sizeof(bc_critical) - 1;
        }
    }
    ck_abort_msg("the leaf has no critical basicConstraints");
    return 0;
}

static void expect_lint(const unsigned char *der, size_t len, const char *policy,
                        const char *mnemonic, xs_severity severity, xs_verdict verdict)
{
    xs_report *r = lint_under(der, len, policy);
    const xs_finding *f = find_mnemonic(r, mnemonic);
    ck_assert_msg(f != NULL, "%s: no %s finding", policy, mnemonic);
    ck_assert_msg(f->severity == severity, "%s: %s has severity %d, not %d", policy, mnemonic,
                  (int)f->severity, (int)severity);
    ck_assert_msg(xs_report_verdict(r) == verdict, "%s: verdict %d, not %d", policy,
                  (int)xs_report_verdict(r), (int)verdict);
    xs_report_free(r);
}

START_TEST(test_lint_unreadable_required_element_rejects)
{
    size_t len = 0;
    unsigned char *der = leaf_with_extensions(&len);
    xs_report *base = lint_under(der, len, "python-3.13");
    ck_assert_int_eq(xs_report_verdict(base), XS_VERDICT_ACCEPT);
    xs_report_free(base);

    der[serial_at(der, len)] = 0x04; /* an OCTET STRING where the serial's INTEGER must be */
    ck_assert(!model_complete(der, len));
    expect_lint(der, len, "python-3.13", "DER_UNEXPECTED_TAG", XS_SEV_ERROR, XS_VERDICT_REJECT);
    expect_lint(der, len, "openssl-default", "DER_UNEXPECTED_TAG", XS_SEV_ERROR,
                XS_VERDICT_REJECT);
    free(der);
}
END_TEST

START_TEST(test_lint_readable_der_violation_stays_notice)
{
    size_t len = 0;
    unsigned char *der = leaf_with_extensions(&len);
    der[critical_true_at(der, len)] = 0x01; /* TRUE, but not as DER's 0xFF */
    ck_assert(model_complete(der, len));
    expect_lint(der, len, "python-3.13", "DER_BOOLEAN_NOT_CANONICAL", XS_SEV_NOTICE,
                XS_VERDICT_ACCEPT);
    expect_lint(der, len, "rfc5280", "DER_BOOLEAN_NOT_CANONICAL", XS_SEV_ERROR,
                XS_VERDICT_REJECT);
    free(der);
}
END_TEST

/* When OpenSSL ran (verify, audit), it parsed the certificate: the cap holds
 * even for a DER finding on a model that is not complete. */
START_TEST(test_unreadable_capped_when_openssl_ran)
{
    size_t len = 0;
    unsigned char *der = leaf_with_extensions(&len);
    der[serial_at(der, len)] = 0x04;
    xs_model m;
    ck_assert_int_eq(xs_model_parse(&m, der, len, false), XS_OK);
    ck_assert(!m.complete);
    xs_findings own;
    xs_findings_init(&own);
    xs_lint_model(&m, NULL, 0, 1, &own);
    bool flagged = false;
    for (size_t i = 0; i < own.count; i++) {
        flagged |= own.items[i].rule == XS_R_DER_UNEXPECTED_TAG && own.items[i].unreadable;
    }
    ck_assert_msg(flagged, "the DER finding is not marked unreadable");

    xs_policy *policy = NULL;
    ck_assert_int_eq(xs_policy_builtin(&policy, "python-3.13", NULL, 0), XS_OK);
    xs_chain_entry entry = {.origin = "peer"};
    for (int ran = 0; ran <= 1; ran++) {
        xs_report_input in = {.command = "verify", .policy = policy, .openssl_ran = ran == 1,
                              .chain = &entry, .chain_len = 1, .own = &own, .python_code = -1};
        xs_report *r = NULL;
        ck_assert_int_eq(xs_report_build(&r, &in), XS_OK);
        const xs_finding *f = find_mnemonic(r, "DER_UNEXPECTED_TAG");
        ck_assert_ptr_nonnull(f);
        xs_severity want = ran ? XS_SEV_NOTICE : XS_SEV_ERROR;
        ck_assert_int_eq(f->severity, want);
        xs_report_free(r);
    }
    xs_policy_free(policy);
    xs_findings_cleanup(&own);
    xs_model_cleanup(&m);
    free(der);
}
END_TEST

static Suite *report_suite(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("emitters");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_json);
    tcase_add_test(tc, test_cbor_round_trip);
    tcase_add_test(tc, test_json_and_cbor_agree);
    tcase_add_test(tc, test_text);
    tcase_add_test(tc, test_rfc3339_years);
    tcase_add_test(tc, test_format_names);
    tcase_add_test(tc, test_lint_extensions_unreadable);
    tcase_add_test(tc, test_lint_unreadable_required_element_rejects);
    tcase_add_test(tc, test_lint_readable_der_violation_stays_notice);
    tcase_add_test(tc, test_unreadable_capped_when_openssl_ran);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(report_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
