/*
 * test_verify.c: the OpenSSL bridge against the verified behaviour of
 * OpenSSL 3.0 (shared/design/OPENSSL-STRICT.md, section 6): one defect in
 * one certificate of a root -> intermediate -> leaf chain, verified under
 * each shipped policy. Each row lists every error OpenSSL reports, as
 * code@depth in its order, and the first (what Python 3.13 raises).
 */
#include <check.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "certgen.h"
#include "x509strict.h"

/* Which certificate carries the defect, and which certificates the store
 * trusts. */
typedef enum { AT_ROOT, AT_INT, AT_LEAF } defect_at;
typedef enum { TRUST_ROOT, TRUST_INT } trust_kind;

typedef struct {
    const char *name;
    defect_at at;
    xt_spec defect; /* replaces the default spec of that certificate */
    const char *leaf_key; /* NULL: EC */
    trust_kind trust;
    const char *host;
    const char *expect_default; /* errors under openssl-default, "" = none */
    const char *expect_strict;  /* under openssl-strict */
    const char *expect_python;  /* under python-3.13 */
} matrix_row;

#define ROOT_SPEC                                                                                \
    {.subject = "CN=Root", .basic_constraints = "critical,CA:TRUE",                              \
     .key_usage = "critical,keyCertSign,cRLSign"}
#define INT_SPEC                                                                                 \
    {.subject = "CN=Intermediate", .basic_constraints = "critical,CA:TRUE",                      \
     .key_usage = "critical,keyCertSign,cRLSign"}
#define LEAF_SPEC                                                                                \
    {.subject = "CN=leaf.example", .basic_constraints = "critical,CA:FALSE",                     \
     .key_usage = "critical,digitalSignature", .ext_key_usage = "serverAuth",                   \
     .subject_alt_name = "DNS:leaf.example"}

static const matrix_row rows[] = {
    {"clean chain", AT_LEAF, LEAF_SPEC, NULL, TRUST_ROOT, NULL, "", "", ""},
    {"root BC non-critical", AT_ROOT,
     {.subject = "CN=Root", .basic_constraints = "CA:TRUE",
      .key_usage = "critical,keyCertSign,cRLSign"},
     NULL, TRUST_ROOT, NULL, "", "89@2", "89@2"},
    {"root no KU", AT_ROOT, {.subject = "CN=Root", .basic_constraints = "critical,CA:TRUE"}, NULL,
     TRUST_ROOT, NULL, "", "92@2", "92@2"},
    {"root no SKI", AT_ROOT,
     {.subject = "CN=Root", .basic_constraints = "critical,CA:TRUE",
      .key_usage = "critical,keyCertSign,cRLSign", .no_ski = true},
     NULL, TRUST_ROOT, NULL, "", "86@2", "86@2"},
    {"root v1", AT_ROOT, {.subject = "CN=Root", .version = 1}, NULL, TRUST_ROOT, NULL, "", "79@2",
     "79@2"},
    {"root no BC, KU keyCertSign", AT_ROOT,
     {.subject = "CN=Root", .key_usage = "critical,keyCertSign,cRLSign"}, NULL, TRUST_ROOT, NULL,
     "", "79@2,82@2", "79@2,82@2"},
    {"int BC non-critical", AT_INT,
     {.subject = "CN=Intermediate", .basic_constraints = "CA:TRUE",
      .key_usage = "critical,keyCertSign,cRLSign"},
     NULL, TRUST_ROOT, NULL, "", "89@1", "89@1"},
    {"int no AKI", AT_INT,
     {.subject = "CN=Intermediate", .basic_constraints = "critical,CA:TRUE",
      .key_usage = "critical,keyCertSign,cRLSign", .no_aki = true},
     NULL, TRUST_ROOT, NULL, "", "85@1", "85@1"},
    {"int no SKI", AT_INT,
     {.subject = "CN=Intermediate", .basic_constraints = "critical,CA:TRUE",
      .key_usage = "critical,keyCertSign,cRLSign", .no_ski = true},
     NULL, TRUST_ROOT, NULL, "", "86@1", "86@1"},
    {"int no KU", AT_INT, {.subject = "CN=Intermediate", .basic_constraints = "critical,CA:TRUE"},
     NULL, TRUST_ROOT, NULL, "", "92@1", "92@1"},
    {"int pathlen, no KU", AT_INT,
     {.subject = "CN=Intermediate", .basic_constraints = "critical,CA:TRUE,pathlen:0"}, NULL,
     TRUST_ROOT, NULL, "", "81@1,92@1", "81@1,92@1"},
    {"leaf no AKI", AT_LEAF,
     {.subject = "CN=leaf.example", .basic_constraints = "critical,CA:FALSE",
      .key_usage = "critical,digitalSignature", .ext_key_usage = "serverAuth",
      .subject_alt_name = "DNS:leaf.example", .no_aki = true},
     NULL, TRUST_ROOT, NULL, "", "85@0", "85@0"},
    {"leaf pathlen on CA:FALSE", AT_LEAF,
     {.subject = "CN=leaf.example", .basic_constraints = "critical,CA:FALSE,pathlen:0",
      .key_usage = "critical,digitalSignature", .ext_key_usage = "serverAuth",
      .subject_alt_name = "DNS:leaf.example"},
     NULL, TRUST_ROOT, NULL, "", "80@0,81@0", "80@0,81@0"},
    {"leaf KU keyCertSign", AT_LEAF,
     {.subject = "CN=leaf.example", .basic_constraints = "critical,CA:FALSE",
      .key_usage = "critical,digitalSignature,keyCertSign", .ext_key_usage = "serverAuth",
      .subject_alt_name = "DNS:leaf.example"},
     NULL, TRUST_ROOT, NULL, "", "82@0", "82@0"},
    {"leaf EKU clientAuth only", AT_LEAF,
     {.subject = "CN=leaf.example", .basic_constraints = "critical,CA:FALSE",
      .key_usage = "critical,digitalSignature", .ext_key_usage = "clientAuth",
      .subject_alt_name = "DNS:leaf.example"},
     NULL, TRUST_ROOT, NULL, "26@0", "26@0", "26@0"},
    {"leaf empty subject, no SAN", AT_LEAF,
     {.subject = "", .basic_constraints = "critical,CA:FALSE",
      .key_usage = "critical,digitalSignature", .ext_key_usage = "serverAuth"},
     NULL, TRUST_ROOT, NULL, "", "84@0", "84@0"},
    {"leaf v1 without extensions", AT_LEAF, {.subject = "CN=leaf.example", .version = 1}, NULL,
     TRUST_ROOT, NULL, "", "", ""},
    {"leaf expired", AT_LEAF,
     {.subject = "CN=leaf.example", .basic_constraints = "critical,CA:FALSE",
      .key_usage = "critical,digitalSignature", .ext_key_usage = "serverAuth",
      .subject_alt_name = "DNS:leaf.example", .not_before_days = -30, .not_after_days = -2},
     NULL, TRUST_ROOT, NULL, "10@0", "10@0", "10@0"},
    {"leaf RSA-1024 key (security level 2)", AT_LEAF, LEAF_SPEC, "RSA1024", TRUST_ROOT, NULL,
     "66@0", "66@0", "66@0"},
    {"wrong host", AT_LEAF, LEAF_SPEC, NULL, TRUST_ROOT, "other.example", "62@0", "62@0",
     "62@0"},
    {"int BC non-critical and wrong host: strict first", AT_INT,
     {.subject = "CN=Intermediate", .basic_constraints = "CA:TRUE",
      .key_usage = "critical,keyCertSign,cRLSign"},
     NULL, TRUST_ROOT, "other.example", "62@0", "89@1,62@0", "89@1,62@0"},
    {"anchor = intermediate", AT_LEAF, LEAF_SPEC, NULL, TRUST_INT, NULL, "2@1", "2@1", ""},
    {"anchor = intermediate with BC non-critical", AT_INT,
     {.subject = "CN=Intermediate", .basic_constraints = "CA:TRUE",
      .key_usage = "critical,keyCertSign,cRLSign"},
     NULL, TRUST_INT, NULL, "2@1", "2@1,89@1", "89@1"},
};

static const char *const policies[] = {"openssl-default", "openssl-strict", "python-3.13"};

typedef struct {
    X509 *root, *intermediate, *leaf;
    EVP_PKEY *root_key, *int_key, *leaf_key;
} chain;

static void chain_free(chain *c)
{
    X509_free(c->root);
    X509_free(c->intermediate);
    X509_free(c->leaf);
    EVP_PKEY_free(c->root_key);
    EVP_PKEY_free(c->int_key);
    EVP_PKEY_free(c->leaf_key);
}

static chain build_chain(const matrix_row *row)
{
    chain c = {0};
    xt_spec root = ROOT_SPEC, inter = INT_SPEC, leaf = LEAF_SPEC;
    if (row->at == AT_ROOT) {
        root = row->defect;
    } else if (row->at == AT_INT) {
        inter = row->defect;
    } else {
        leaf = row->defect;
    }
    c.root_key = xt_key("EC");
    c.int_key = xt_key("EC");
    c.leaf_key = xt_key(row->leaf_key != NULL ? row->leaf_key : "EC");
    c.root = xt_cert(&root, c.root_key, NULL, NULL);
    c.intermediate = xt_cert(&inter, c.int_key, c.root, c.root_key);
    c.leaf = xt_cert(&leaf, c.leaf_key, c.intermediate, c.int_key);
    ck_assert_msg(c.root && c.intermediate && c.leaf, "%s: cannot build the chain", row->name);
    return c;
}

static xs_certs *certs_of(X509 *const *certs, int count)
{
    xs_certs *list = NULL;
    ck_assert_int_eq(xs_certs_new(&list), XS_OK);
    for (int i = 0; i < count; i++) {
        int len = 0;
        unsigned char *der = xt_der(certs[i], &len);
        ck_assert_ptr_nonnull(der);
        ck_assert_int_eq(xs_certs_load(list, der, (size_t)len, "test", NULL, 0), XS_OK);
        OPENSSL_free(der);
    }
    return list;
}

/* openssl_errors renders the report's OpenSSL findings as "code@depth,...". */
static void openssl_errors(const xs_report *r, char *out, size_t out_len)
{
    size_t used = 0;
    out[0] = 0;
    for (size_t i = 0; i < xs_report_finding_count(r); i++) {
        const xs_finding *f = xs_report_finding(r, i);
        if (strcmp(f->source, "openssl") == 0) {
            used += (size_t)snprintf(out + used, out_len - used, "%s%d@%d", used ? "," : "",
                                     f->openssl_code, f->depth);
        }
    }
}

static int first_code(const char *expected)
{
    return expected[0] != 0 ? atoi(expected) : 0;
}

static xs_report *verify_row(const matrix_row *row, const chain *c, const char *policy_name,
                             xs_policy **out_policy)
{
    xs_policy *policy = NULL;
    xs_ctx *ctx = NULL;
    xs_report *report = NULL;
    X509 *peer[] = {c->leaf, c->intermediate};
    X509 *anchor = row->trust == TRUST_ROOT ? c->root : c->intermediate;
    xs_certs *chain_list = certs_of(peer, row->trust == TRUST_ROOT ? 2 : 1);
    xs_certs *trust = certs_of(&anchor, 1);
    ck_assert_int_eq(xs_policy_builtin(&policy, policy_name, NULL, 0), XS_OK);
    ck_assert_int_eq(xs_ctx_new(&ctx, policy), XS_OK);
    ck_assert_int_eq(xs_ctx_add_trust(ctx, trust), XS_OK);
    ck_assert_int_eq(xs_ctx_set_host(ctx, row->host), XS_OK);
    ck_assert_int_eq(xs_verify(ctx, &report, chain_list, (int64_t)time(NULL)), XS_OK);
    xs_ctx_free(ctx);
    xs_certs_free(chain_list);
    xs_certs_free(trust);
    *out_policy = policy;
    return report;
}

START_TEST(test_matrix)
{
    const matrix_row *row = &rows[_i];
    chain c = build_chain(row);
    const char *expected[] = {row->expect_default, row->expect_strict, row->expect_python};
    for (size_t p = 0; p < 3; p++) {
        xs_policy *policy = NULL;
        xs_report *r = verify_row(row, &c, policies[p], &policy);
        char got[256];
        openssl_errors(r, got, sizeof(got));
        ck_assert_msg(strcmp(got, expected[p]) == 0, "%s under %s: got '%s', expected '%s'",
                      row->name, policies[p], got, expected[p]);
        ck_assert_int_eq(xs_report_verdict(r),
                         expected[p][0] ? XS_VERDICT_REJECT : XS_VERDICT_ACCEPT);
        ck_assert_int_eq(xs_report_first_openssl_code(r), first_code(expected[p]));
        /* whatever the policy, the prediction is python-3.13's first error */
        ck_assert_msg(xs_report_python(r)->verify_code == first_code(row->expect_python),
                      "%s under %s: python code %d, expected %d", row->name, policies[p],
                      xs_report_python(r)->verify_code, first_code(row->expect_python));
        xs_report_free(r);
        xs_policy_free(policy);
    }
    chain_free(&c);
}
END_TEST

/* A policy that downgrades a rule changes the verdict, not the findings or
 * Python's answer. */
START_TEST(test_severity_override)
{
    const matrix_row *row = &rows[6]; /* int BC non-critical */
    ck_assert_str_eq(row->name, "int BC non-critical");
    chain c = build_chain(row);
    static const char text[] = "inherit python-3.13\nseverity CA_BCONS_NOT_CRITICAL warn\n";
    xs_policy *policy = NULL;
    xs_ctx *ctx = NULL;
    xs_report *r = NULL;
    ck_assert_int_eq(xs_policy_parse(&policy, text, sizeof(text) - 1, "lenient.policy", NULL,
                                     NULL, 0),
                     XS_OK);
    X509 *peer[] = {c.leaf, c.intermediate};
    xs_certs *chain_list = certs_of(peer, 2);
    xs_certs *trust = certs_of(&c.root, 1);
    ck_assert_int_eq(xs_ctx_new(&ctx, policy), XS_OK);
    ck_assert_int_eq(xs_ctx_add_trust(ctx, trust), XS_OK);
    ck_assert_int_eq(xs_verify(ctx, &r, chain_list, (int64_t)time(NULL)), XS_OK);
    ck_assert_int_eq(xs_report_verdict(r), XS_VERDICT_ACCEPT);
    ck_assert_uint_ge(xs_report_finding_count(r), 1);
    ck_assert_str_eq(xs_report_finding(r, 0)->mnemonic, "CA_BCONS_NOT_CRITICAL");
    ck_assert_int_eq(xs_report_finding(r, 0)->severity, XS_SEV_WARN);
    ck_assert_str_eq(xs_report_finding(r, 0)->subject, "CN=Intermediate");
    for (size_t i = 1; i < xs_report_finding_count(r); i++) {
        /* x509strict's own checks are capped at notice under python-3.13 */
        ck_assert_int_eq(xs_report_finding(r, i)->severity, XS_SEV_NOTICE);
    }
    ck_assert_int_eq(xs_report_python(r)->verify_code, 89);
    ck_assert_str_eq(xs_report_python(r)->verify_message,
                     "Basic Constraints of CA cert not marked critical");
    xs_report_free(r);
    xs_ctx_free(ctx);
    xs_policy_free(policy);
    xs_certs_free(chain_list);
    xs_certs_free(trust);
    chain_free(&c);
}
END_TEST

/* The chain as OpenSSL built it: where each certificate came from. */
START_TEST(test_chain_origins)
{
    const matrix_row *row = &rows[0];
    chain c = build_chain(row);
    xs_policy *policy = NULL;
    xs_report *r = verify_row(row, &c, "python-3.13", &policy);
    ck_assert_uint_eq(xs_report_chain_length(r), 3);
    ck_assert_str_eq(xs_report_chain_cert(r, 0)->origin, "peer");
    ck_assert_str_eq(xs_report_chain_cert(r, 1)->origin, "peer");
    ck_assert_str_eq(xs_report_chain_cert(r, 2)->origin, "trust");
    ck_assert_str_eq(xs_report_chain_cert(r, 1)->subject, "CN=Intermediate");
    ck_assert_str_eq(xs_report_chain_cert(r, 1)->issuer, "CN=Root");
    ck_assert_uint_eq(strlen(xs_report_chain_cert(r, 2)->sha256), 64);
    ck_assert_ptr_null(xs_report_chain_cert(r, 3));
    xs_report_free(r);
    xs_policy_free(policy);
    chain_free(&c);
}
END_TEST

/* The python prediction words hostname mismatches as _ssl.c does. */
START_TEST(test_python_hostname_message)
{
    const matrix_row *row = &rows[19];
    ck_assert_str_eq(row->name, "wrong host");
    chain c = build_chain(row);
    xs_policy *policy = NULL;
    xs_report *r = verify_row(row, &c, "openssl-default", &policy);
    ck_assert_int_eq(xs_report_python(r)->verify_code, 62);
    ck_assert_str_eq(xs_report_python(r)->verify_message,
                     "Hostname mismatch, certificate is not valid for 'other.example'.");
    ck_assert_str_eq(xs_report_finding(r, 0)->message,
                     "hostname mismatch: the leaf is not valid for 'other.example'");
    xs_report_free(r);
    xs_policy_free(policy);
    chain_free(&c);
}
END_TEST

/* An anchor judged with a synthetic leaf: strict findings on the anchor. */
START_TEST(test_verify_anchor)
{
    EVP_PKEY *key = xt_key("RSA");
    xt_spec bad = {.subject = "CN=Old Root", .basic_constraints = "CA:TRUE"};
    xt_spec good = ROOT_SPEC;
    X509 *roots[] = {xt_cert(&bad, key, NULL, NULL), xt_cert(&good, key, NULL, NULL)};
    xs_certs *store = certs_of(roots, 2);
    xs_policy *policy = NULL;
    xs_ctx *ctx = NULL;
    xs_report *r = NULL;
    char err[256] = "";
    ck_assert_int_eq(xs_policy_builtin(&policy, "python-3.13", NULL, 0), XS_OK);
    ck_assert_int_eq(xs_ctx_new(&ctx, policy), XS_OK);
    ck_assert_int_eq(xs_verify_anchor(ctx, &r, store, 0, (int64_t)time(NULL), err, sizeof(err)),
                     XS_OK);
    char got[128];
    openssl_errors(r, got, sizeof(got));
    ck_assert_str_eq(got, "89@1,92@1");
    ck_assert_int_eq(xs_report_python(r)->verify_code, 89);
    ck_assert_uint_eq(xs_report_chain_length(r), 2);
    xs_report_free(r);
    ck_assert_int_eq(xs_verify_anchor(ctx, &r, store, 1, (int64_t)time(NULL), err, sizeof(err)),
                     XS_OK);
    ck_assert_int_eq(xs_report_verdict(r), XS_VERDICT_ACCEPT);
    ck_assert_uint_eq(xs_report_finding_count(r), 0);
    xs_report_free(r);
    ck_assert_int_eq(xs_verify_anchor(ctx, &r, store, 2, 0, err, sizeof(err)), XS_ERR_INVALID_ARG);
    ck_assert_ptr_null(r);
    xs_ctx_free(ctx);
    xs_policy_free(policy);
    xs_certs_free(store);
    X509_free(roots[0]);
    X509_free(roots[1]);
    EVP_PKEY_free(key);
}
END_TEST

/* A host is what Python's ssl would take as server_hostname (ASCII after
 * IDNA, not empty, no leading dot, at most 255 octets for SNI); anything
 * else is refused and the host set before stays, so a report never shows
 * bytes that are not a clean line. */
START_TEST(test_host_refused)
{
    const matrix_row *row = &rows[19];
    ck_assert_str_eq(row->name, "wrong host");
    chain c = build_chain(row);
    xs_policy *policy = NULL;
    xs_ctx *ctx = NULL;
    xs_report *r = NULL;
    char long_name[258];
    memset(long_name, 'a', sizeof(long_name) - 1);
    long_name[sizeof(long_name) - 1] = 0;
    long_name[255] = 0; /* 255 octets: the most SNI holds */
    static const char *const accepted[] = {"other.example", "xn--nxasmq6b.example",
                                           "127.0.0.1", "2001:db8::1", "example.com."};
    static const char *const refused[] = {"\xffwrong.example", "caf\xc3\xa9.example",
                                          "a\nb.example", "a b.example", "tab\t.example",
                                          "del\x7f.example", "", ".example.com"};
    ck_assert_int_eq(xs_policy_builtin(&policy, "python-3.13", NULL, 0), XS_OK);
    ck_assert_int_eq(xs_ctx_new(&ctx, policy), XS_OK);
    for (size_t i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++) {
        ck_assert_int_eq(xs_ctx_set_host(ctx, accepted[i]), XS_OK);
    }
    ck_assert_int_eq(xs_ctx_set_host(ctx, long_name), XS_OK);
    long_name[255] = 'a';
    ck_assert_int_eq(xs_ctx_set_host(ctx, long_name), XS_ERR_INVALID_ARG);
    ck_assert_int_eq(xs_ctx_set_host(ctx, "other.example"), XS_OK);
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        ck_assert_msg(xs_ctx_set_host(ctx, refused[i]) == XS_ERR_INVALID_ARG,
                      "host %zu accepted", i);
    }
    X509 *peer[] = {c.leaf, c.intermediate};
    xs_certs *chain_list = certs_of(peer, 2);
    xs_certs *trust = certs_of(&c.root, 1);
    ck_assert_int_eq(xs_ctx_add_trust(ctx, trust), XS_OK);
    ck_assert_int_eq(xs_verify(ctx, &r, chain_list, (int64_t)time(NULL)), XS_OK);
    ck_assert_str_eq(xs_report_python(r)->verify_message,
                     "Hostname mismatch, certificate is not valid for 'other.example'.");
    xs_report_free(r);
    ck_assert_int_eq(xs_ctx_set_host(ctx, NULL), XS_OK);
    ck_assert_int_eq(xs_verify(ctx, &r, chain_list, (int64_t)time(NULL)), XS_OK);
    ck_assert_int_eq(xs_report_verdict(r), XS_VERDICT_ACCEPT);
    xs_report_free(r);
    xs_ctx_free(ctx);
    xs_policy_free(policy);
    xs_certs_free(chain_list);
    xs_certs_free(trust);
    chain_free(&c);
}
END_TEST

/* read_header reads a DER header at der[at] (definite length, at most two
 * length octets): returns the header's length, *content the contents'. */
static size_t read_header(const unsigned char *der, size_t at, size_t *content)
{
    unsigned char first = der[at + 1];
    if (first < 0x80) {
        *content = first;
        return 2;
    }
    ck_assert(first == 0x81 || first == 0x82);
    *content = first == 0x81 ? der[at + 2] : (size_t)der[at + 2] << 8 | der[at + 3];
    return first == 0x81 ? 3 : 4;
}

/* write_sequence_header writes a SEQUENCE header for `content` octets. */
static size_t write_sequence_header(unsigned char *out, size_t content)
{
    ck_assert_uint_lt(content, 0x10000);
    out[0] = 0x30;
    if (content < 0x80) {
        out[1] = (unsigned char)content;
        return 2;
    }
    if (content < 0x100) {
        out[1] = 0x81;
        out[2] = (unsigned char)content;
        return 3;
    }
    out[1] = 0x82;
    out[2] = (unsigned char)(content >> 8);
    out[3] = (unsigned char)content;
    return 4;
}

/* ber_sig_alg re-encodes a certificate's signatureAlgorithm SEQUENCE with an
 * indefinite length (BER): OpenSSL parses it, and X509_cmp() finds it equal
 * to the original, whose TBSCertificate and re-encoding it shares. */
static unsigned char *ber_sig_alg(X509 *cert, size_t *out_len)
{
    int len = 0;
    unsigned char *der = xt_der(cert, &len);
    ck_assert_ptr_nonnull(der);
    size_t outer_content = 0, tbs_content = 0, alg_content = 0;
    size_t outer_header = read_header(der, 0, &outer_content);
    size_t tbs_header = read_header(der, outer_header, &tbs_content);
    size_t alg_at = outer_header + tbs_header + tbs_content;
    size_t alg_header = read_header(der, alg_at, &alg_content);
    ck_assert(der[alg_at] == 0x30 && alg_header == 2);
    size_t rest_at = alg_at + alg_header + alg_content;
    /* the BER cert: header, tbs, 30 80 alg-contents 00 00, signatureValue */
    size_t body = tbs_header + tbs_content + 2 + alg_content + 2 + ((size_t)len - rest_at);
    unsigned char *ber = malloc(body + 4);
    ck_assert_ptr_nonnull(ber);
    size_t n = write_sequence_header(ber, body);
    memcpy(ber + n, der + outer_header, tbs_header + tbs_content);
    n += tbs_header + tbs_content;
    ber[n++] = 0x30;
    ber[n++] = 0x80;
    memcpy(ber + n, der + alg_at + alg_header, alg_content);
    n += alg_content;
    ber[n++] = 0x00;
    ber[n++] = 0x00;
    memcpy(ber + n, der + rest_at, (size_t)len - rest_at);
    n += (size_t)len - rest_at;
    *out_len = n;
    OPENSSL_free(der);
    return ber;
}

/* With PARTIAL_CHAIN, OpenSSL puts a trusted certificate it finds equal in
 * the leaf's place. The report still describes and lints the leaf that was
 * given: its fingerprint at depth 0, and the DER violation in its bytes. */
START_TEST(test_leaf_equal_to_anchor_keeps_its_bytes)
{
    EVP_PKEY *key = xt_key("EC");
    xt_spec spec = ROOT_SPEC;
    X509 *root = xt_cert(&spec, key, NULL, NULL);
    xs_certs *trust = certs_of(&root, 1);
    size_t len = 0;
    unsigned char *ber = ber_sig_alg(root, &len);
    xs_certs *chain_list = NULL;
    ck_assert_int_eq(xs_certs_new(&chain_list), XS_OK);
    ck_assert_int_eq(xs_certs_load(chain_list, ber, len, "leaf", NULL, 0), XS_OK);
    const unsigned char *p = ber;
    X509 *parsed = d2i_X509(NULL, &p, (long)len);
    ck_assert_ptr_nonnull(parsed);
    ck_assert_int_eq(X509_cmp(root, parsed), 0); /* the premise: OpenSSL finds them equal */
    X509_free(parsed);
    char given[65], anchor[65];
    xs_certs_sha256_hex(chain_list, 0, given);
    xs_certs_sha256_hex(trust, 0, anchor);
    ck_assert_str_ne(given, anchor);

    xs_policy *policy = NULL;
    xs_ctx *ctx = NULL;
    xs_report *r = NULL;
    ck_assert_int_eq(xs_policy_builtin(&policy, "python-3.13", NULL, 0), XS_OK);
    ck_assert_int_eq(xs_ctx_new(&ctx, policy), XS_OK);
    ck_assert_int_eq(xs_ctx_add_trust(ctx, trust), XS_OK);
    ck_assert_int_eq(xs_verify(ctx, &r, chain_list, (int64_t)time(NULL)), XS_OK);
    ck_assert_uint_eq(xs_report_chain_length(r), 1);
    ck_assert_str_eq(xs_report_chain_cert(r, 0)->sha256, given);
    ck_assert_str_eq(xs_report_chain_cert(r, 0)->origin, "trust"); /* OpenSSL's view */
    ck_assert_str_eq(xs_report_chain_cert(r, 0)->subject, "CN=Root");
    bool indefinite = false;
    for (size_t i = 0; i < xs_report_finding_count(r); i++) {
        const xs_finding *f = xs_report_finding(r, i);
        if (strcmp(f->mnemonic, "DER_LENGTH_INDEFINITE") == 0) {
            indefinite = true;
            ck_assert_int_eq(f->depth, 0);
            ck_assert_str_eq(f->path, "signatureAlgorithm");
            ck_assert_str_eq(f->sha256, given);
            ck_assert_int_eq(f->severity, XS_SEV_NOTICE);
        }
    }
    ck_assert_msg(indefinite, "the DER violation in the leaf's bytes is not reported");
    /* OpenSSL's verdict stays OpenSSL's: the CA certificate fails the
     * serverAuth purpose as a leaf; x509strict's finding is a notice */
    ck_assert_int_eq(xs_report_first_openssl_code(r), X509_V_ERR_INVALID_PURPOSE);
    ck_assert_int_eq(xs_report_python(r)->verify_code, X509_V_ERR_INVALID_PURPOSE);
    xs_report_free(r);
    xs_ctx_free(ctx);
    xs_policy_free(policy);
    xs_certs_free(chain_list);
    xs_certs_free(trust);
    free(ber);
    X509_free(root);
    EVP_PKEY_free(key);
}
END_TEST

static Suite *verify_suite(void)
{
    Suite *s = suite_create("verify");
    TCase *tc = tcase_create("openssl-matrix");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_matrix, 0, (int)(sizeof(rows) / sizeof(rows[0])));
    tcase_add_test(tc, test_severity_override);
    tcase_add_test(tc, test_chain_origins);
    tcase_add_test(tc, test_python_hostname_message);
    tcase_add_test(tc, test_verify_anchor);
    tcase_add_test(tc, test_host_refused);
    tcase_add_test(tc, test_leaf_equal_to_anchor_keeps_its_bytes);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(verify_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
