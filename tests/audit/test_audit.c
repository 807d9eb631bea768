/*
 * test_audit.c: the audit as a library. An audit record must say, policy by
 * policy, exactly what the one-chain entry points say (xs_verify_anchor,
 * xs_verify, xs_lint) for the same certificate, and agree with OpenSSL's own
 * X509_verify_cert() given the same synthetic chain and flags: on generated
 * defects, and anchor by anchor on this machine's system trust store. The
 * audit's signature step (chain.h's xs_chain_verify_step, with a memo)
 * must report what OpenSSL 3.0's internal_verify() reports, error by
 * error, on every x509-limbo case (skipped, saying so, without
 * ../shared/limbo). Three cases, each runnable alone with CK_RUN_CASE:
 * records, system_store, signature_step.
 */
#include <check.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "certgen.h"
#include "json.h"
#include "audit/audit_internal.h"
#include "chain/chain.h"
#include "x509strict.h"

#ifndef XS_AUDIT_SHARED_DIR
#define XS_AUDIT_SHARED_DIR "../shared"
#endif

static const char *const POLICIES[] = {"openssl-default", "python-3.13", "rfc5280"};
#define NPOL 3

static xs_policy *policies[NPOL];
static int64_t now;

static void load_policies(void)
{
    now = (int64_t)time(NULL);
    for (size_t p = 0; p < NPOL; p++) {
        ck_assert_int_eq(xs_policy_builtin(&policies[p], POLICIES[p], NULL, 0), XS_OK);
    }
}

static void free_policies(void)
{
    for (size_t p = 0; p < NPOL; p++) {
        xs_policy_free(policies[p]);
        policies[p] = NULL;
    }
}

static xs_auditor *new_auditor(unsigned flags)
{
    xs_auditor *a = NULL;
    ck_assert_int_eq(xs_auditor_new(&a, (const xs_policy *const *)policies, NPOL, flags, NULL, 0),
                     XS_OK);
    return a;
}

static xs_certs *certs_of(X509 *const *xs, size_t n)
{
    xs_certs *certs = NULL;
    ck_assert_int_eq(xs_certs_new(&certs), XS_OK);
    for (size_t i = 0; i < n; i++) {
        int len = 0;
        unsigned char *der = xt_der(xs[i], &len);
        ck_assert_ptr_nonnull(der);
        ck_assert_int_eq(xs_certs_load(certs, der, (size_t)len, "test", NULL, 0), XS_OK);
        OPENSSL_free(der);
    }
    return certs;
}

/* same_report: the verdict, Python's prediction, and every finding (rule,
 * depth, severity, message) in order. The synthetic leaf itself may
 * differ (its key); nothing is said of it. */
static void assert_same_report(const xs_report *got, const xs_report *want, const char *what)
{
    ck_assert_msg(got != NULL && want != NULL, "%s: a report is missing", what);
    ck_assert_msg(xs_report_verdict(got) == xs_report_verdict(want), "%s: verdict differs", what);
    ck_assert_msg(xs_report_python(got)->verify_code == xs_report_python(want)->verify_code,
                  "%s: Python's verify_code %d, want %d", what, xs_report_python(got)->verify_code,
                  xs_report_python(want)->verify_code);
    ck_assert_int_eq(xs_report_first_openssl_code(got), xs_report_first_openssl_code(want));
    size_t n = xs_report_finding_count(want);
    ck_assert_msg(xs_report_finding_count(got) == n, "%s: %zu findings, want %zu", what,
                  xs_report_finding_count(got), n);
    for (size_t i = 0; i < n; i++) {
        const xs_finding *g = xs_report_finding(got, i), *w = xs_report_finding(want, i);
        ck_assert_msg(strcmp(g->mnemonic, w->mnemonic) == 0 && g->depth == w->depth &&
                          g->severity == w->severity && strcmp(g->message, w->message) == 0,
                      "%s: finding %zu is %s@%d, want %s@%d", what, i, g->mnemonic, g->depth,
                      w->mnemonic, w->depth);
    }
    ck_assert_uint_eq(xs_report_chain_length(got), xs_report_chain_length(want));
    for (size_t i = 1; i < xs_report_chain_length(want); i++) {
        ck_assert_str_eq(xs_report_chain_cert(got, i)->sha256, xs_report_chain_cert(want, i)->sha256);
    }
}

/* check_anchor: every policy's report on anchor `i` of `anchors` equals
 * xs_verify_anchor's, at the audit's time and inside the validity. */
static void check_anchor(xs_auditor *a, const xs_certs *anchors, size_t i)
{
    size_t der_len = 0;
    const uint8_t *der = xs_certs_der(anchors, i, &der_len);
    xs_audit_record *r = NULL;
    ck_assert_int_eq(xs_audit_judge(a, &r, der, der_len, 0, NULL, now), XS_OK);
    char subject[256];
    xs_certs_subject(anchors, i, subject, sizeof(subject));
    if (xs_audit_record_role(r) != XS_AUDIT_ANCHOR) {
        xs_audit_record_free(r);
        return; /* the system store may hold a CA that is not self-issued */
    }
    for (size_t p = 0; p < NPOL; p++) {
        xs_ctx *ctx = NULL;
        ck_assert_int_eq(xs_ctx_new(&ctx, policies[p]), XS_OK);
        char what[400];
        snprintf(what, sizeof(what), "%s under %s", subject, POLICIES[p]);
        xs_report *want = NULL;
        xs_status st = xs_verify_anchor(ctx, &want, anchors, i, now, NULL, 0);
        if (st == XS_OK) {
            assert_same_report(xs_audit_record_report(r, p), want, what);
        } else {
            ck_assert_msg(!xs_audit_record_judged(r, p), "%s: judged, without a stand-in", what);
        }
        xs_report_free(want);
        int64_t t = xs_audit_record_in_validity_at(r);
        if (t != INT64_MIN) {
            ck_assert_int_eq(xs_verify_anchor(ctx, &want, anchors, i, t, NULL, 0), XS_OK);
            strncat(what, ", inside its validity", sizeof(what) - strlen(what) - 1);
            assert_same_report(xs_audit_record_report_in_validity(r, p), want, what);
            xs_report_free(want);
        }
        xs_ctx_free(ctx);
    }
    xs_audit_record_free(r);
}

static EVP_PKEY *root_key, *int_key, *leaf_key, *rsa_key;

static void make_keys(void)
{
    load_policies();
    root_key = xt_key("EC");
    int_key = xt_key("EC");
    leaf_key = xt_key("EC");
    rsa_key = xt_key("RSA");
}

static void free_keys(void)
{
    EVP_PKEY_free(root_key);
    EVP_PKEY_free(int_key);
    EVP_PKEY_free(leaf_key);
    EVP_PKEY_free(rsa_key);
    free_policies();
}

#define ROOT(...)                                                                                \
    {.subject = "CN=Root", .basic_constraints = "critical,CA:TRUE",                              \
     .key_usage = "critical,keyCertSign,cRLSign", __VA_ARGS__}

START_TEST(anchors_judged_as_xs_verify_anchor_judges_them)
{
    xt_spec specs[] = {
        ROOT(.not_after_days = 3650),
        {.subject = "CN=Root", .basic_constraints = "CA:TRUE"},
        ROOT(.no_ski = true, .not_before_days = -3000, .not_after_days = -30),
        ROOT(.not_before_days = 20, .not_after_days = 300),
        {.subject = "CN=Root", .version = 1},
        {.subject = "CN=Root", .key_usage = "critical,keyCertSign,cRLSign"},
        ROOT(.digest = "SHA1"),
        {.subject = "CN=Root", .basic_constraints = "critical,CA:TRUE,pathlen:0"},
    };
    X509 *xs[sizeof(specs) / sizeof(specs[0]) + 1];
    size_t n = sizeof(specs) / sizeof(specs[0]);
    for (size_t i = 0; i < n; i++) {
        xs[i] = xt_cert(&specs[i], root_key, NULL, NULL);
        ck_assert_ptr_nonnull(xs[i]);
    }
    xt_spec rsa = ROOT(.serial = 9);
    rsa.subject = "CN=RSA Root";
    xs[n] = xt_cert(&rsa, rsa_key, NULL, NULL);
    xs_certs *anchors = certs_of(xs, n + 1);
    xs_auditor *a = new_auditor(0);
    for (size_t i = 0; i <= n; i++) {
        check_anchor(a, anchors, i);
        X509_free(xs[i]);
    }
    xs_auditor_free(a);
    xs_certs_free(anchors);
}
END_TEST

START_TEST(the_system_store_judged_as_xs_verify_anchor_judges_it)
{
    xs_certs *store = NULL;
    ck_assert_int_eq(xs_certs_new(&store), XS_OK);
    if (xs_certs_load_default_store(store, NULL, 0, NULL, 0) != XS_OK) {
        xs_certs_free(store);
        fprintf(stderr, "audit_lib: no system trust store; anchor parity not checked on it\n");
        return;
    }
    xs_auditor *a = new_auditor(0);
    for (size_t i = 0; i < xs_certs_count(store); i++) {
        check_anchor(a, store, i);
    }
    xs_auditor_free(a);
    xs_certs_free(store);
}
END_TEST

/* openssl_first_error runs OpenSSL's own X509_verify_cert on `leaf` (with
 * `untrusted`) against `trusted`, with Python 3.13's flags, stopping at the
 * first error as the default callback does, except the synthetic leaf's
 * placeholder signature (7 at depth 0), which is not a defect. */
static int skip_placeholder(int ok, X509_STORE_CTX *ctx)
{
    if (!ok && X509_STORE_CTX_get_error(ctx) == X509_V_ERR_CERT_SIGNATURE_FAILURE &&
        X509_STORE_CTX_get_error_depth(ctx) == 0) {
        X509_STORE_CTX_set_error(ctx, X509_V_OK);
        return 1;
    }
    return ok;
}

static int openssl_first_error(X509 *const *trusted, size_t ntrusted, X509 *leaf,
                               STACK_OF(X509) *untrusted, int64_t at)
{
    X509_STORE *store = X509_STORE_new();
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    ck_assert_ptr_nonnull(store);
    for (size_t i = 0; i < ntrusted; i++) {
        ck_assert_int_eq(X509_STORE_add_cert(store, trusted[i]), 1);
    }
    ck_assert_int_eq(X509_STORE_CTX_init(ctx, store, leaf, untrusted), 1);
    ck_assert_int_eq(X509_STORE_CTX_set_default(ctx, "ssl_server"), 1);
    X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(ctx);
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_X509_STRICT | X509_V_FLAG_PARTIAL_CHAIN |
                                           X509_V_FLAG_TRUSTED_FIRST);
    X509_VERIFY_PARAM_set_time(param, (time_t)at);
    X509_VERIFY_PARAM_set_auth_level(param, 2);
    X509_STORE_CTX_set_verify_cb(ctx, skip_placeholder);
    int ok = X509_verify_cert(ctx);
    int code = ok > 0 ? 0 : X509_STORE_CTX_get_error(ctx);
    X509_STORE_CTX_free(ctx);
    X509_STORE_free(store);
    ERR_clear_error();
    return code;
}

START_TEST(the_system_store_under_python_agrees_with_openssl_anchor_by_anchor)
{
    xs_certs *store = NULL;
    ck_assert_int_eq(xs_certs_new(&store), XS_OK);
    if (xs_certs_load_default_store(store, NULL, 0, NULL, 0) != XS_OK) {
        xs_certs_free(store);
        fprintf(stderr, "audit_lib: no system trust store; skipped\n");
        return;
    }
    xs_auditor *a = new_auditor(0);
    size_t anchors = 0, rejected = 0;
    for (size_t i = 0; i < xs_certs_count(store); i++) {
        size_t len = 0;
        const uint8_t *der = xs_certs_der(store, i, &len);
        const unsigned char *p = der;
        X509 *anchor = d2i_X509(NULL, &p, (long)len);
        xs_audit_record *r = NULL;
        ck_assert_int_eq(xs_audit_judge(a, &r, der, len, 0, NULL, now), XS_OK);
        X509 *leaf = NULL;
        if (xs_audit_record_role(r) == XS_AUDIT_ANCHOR &&
            xs_chain_synthetic_leaf(anchor, now, &leaf, NULL, 0) == XS_OK) {
            int code = openssl_first_error(&anchor, 1, leaf, NULL, now);
            const xs_report *py = xs_audit_record_report(r, 1);
            char subject[256];
            xs_certs_subject(store, i, subject, sizeof(subject));
            ck_assert_msg(xs_report_python(py)->verify_code == code,
                          "%s: the audit predicts %d, OpenSSL says %d", subject,
                          xs_report_python(py)->verify_code, code);
            ck_assert_msg((xs_report_verdict(py) == XS_VERDICT_REJECT) == (code != 0),
                          "%s: verdict differs from OpenSSL", subject);
            anchors++;
            rejected += code != 0;
        }
        X509_free(leaf);
        X509_free(anchor);
        xs_audit_record_free(r);
    }
    fprintf(stderr, "audit_lib: system store: %zu anchors agree with X509_verify_cert under "
                    "python-3.13 (%zu rejected)\n",
            anchors, rejected);
    ck_assert_uint_gt(anchors, 0);
    xs_auditor_free(a);
    xs_certs_free(store);
}
END_TEST

/* A root, an intermediate, and leaves below it; the auditor knows the root
 * and the intermediate as its store's context. */
typedef struct {
    X509 *root, *inter, *bad_inter, *leaf, *noaki, *expired_leaf;
    xs_auditor *auditor;
} chain_fixture;

static void make_chain(chain_fixture *f)
{
    xt_spec root = ROOT(.not_before_days = -2000, .not_after_days = 3650);
    xt_spec inter = {.subject = "CN=Int", .basic_constraints = "critical,CA:TRUE",
                     .key_usage = "critical,keyCertSign,cRLSign", .not_before_days = -1000,
                     .not_after_days = 1000};
    xt_spec bad_inter = inter;
    bad_inter.subject = "CN=Bad Int";
    bad_inter.basic_constraints = "CA:TRUE";
    xt_spec leaf = {.subject = "CN=leaf.example", .basic_constraints = "critical,CA:FALSE",
                    .key_usage = "critical,digitalSignature", .ext_key_usage = "serverAuth",
                    .subject_alt_name = "DNS:leaf.example"};
    xt_spec noaki = leaf;
    noaki.no_aki = true;
    noaki.serial = 2;
    xt_spec expired = leaf;
    expired.serial = 3;
    expired.not_before_days = -400;
    expired.not_after_days = -5;
    f->root = xt_cert(&root, root_key, NULL, NULL);
    f->inter = xt_cert(&inter, int_key, f->root, root_key);
    f->bad_inter = xt_cert(&bad_inter, int_key, f->root, root_key);
    f->leaf = xt_cert(&leaf, leaf_key, f->inter, int_key);
    f->noaki = xt_cert(&noaki, leaf_key, f->inter, int_key);
    f->expired_leaf = xt_cert(&expired, leaf_key, f->inter, int_key);
    f->auditor = new_auditor(0);
    X509 *context[] = {f->root, f->inter, f->bad_inter};
    for (size_t i = 0; i < 3; i++) {
        int len = 0;
        unsigned char *der = xt_der(context[i], &len);
        bool added = false;
        ck_assert_int_eq(xs_auditor_add_store_member(f->auditor, der, (size_t)len, 0, &added),
                         XS_OK);
        ck_assert(added);
        OPENSSL_free(der);
    }
    int len = 0;
    unsigned char *der = xt_der(f->leaf, &len);
    bool added = true;
    ck_assert_int_eq(xs_auditor_add_store_member(f->auditor, der, (size_t)len, 0, &added), XS_OK);
    ck_assert_msg(!added, "a leaf joined the context");
    OPENSSL_free(der);
}

static void free_chain(chain_fixture *f)
{
    X509 *all[] = {f->root, f->inter, f->bad_inter, f->leaf, f->noaki, f->expired_leaf};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        X509_free(all[i]);
    }
    xs_auditor_free(f->auditor);
}

static xs_audit_record *judge_x509(xs_auditor *a, X509 *x, int64_t at)
{
    int len = 0;
    unsigned char *der = xt_der(x, &len);
    xs_audit_record *r = NULL;
    ck_assert_int_eq(xs_audit_judge(a, &r, der, (size_t)len, 0, NULL, at), XS_OK);
    OPENSSL_free(der);
    return r;
}

START_TEST(leaves_judged_as_xs_verify_judges_them)
{
    chain_fixture f;
    make_chain(&f);
    X509 *leaves[] = {f.leaf, f.noaki, f.expired_leaf};
    for (size_t k = 0; k < 3; k++) {
        /* twice: the second time from the auditor's caches */
        for (int pass = 0; pass < 2; pass++) {
            xs_audit_record *r = judge_x509(f.auditor, leaves[k], now);
            ck_assert_int_eq(xs_audit_record_role(r), XS_AUDIT_LEAF);
            for (size_t p = 0; p < NPOL; p++) {
                xs_ctx *ctx = NULL;
                xs_certs *trust = certs_of(&f.root, 1), *pool = certs_of(&f.inter, 1);
                xs_certs *chain = certs_of(&leaves[k], 1);
                ck_assert_int_eq(xs_ctx_new(&ctx, policies[p]), XS_OK);
                ck_assert_int_eq(xs_ctx_add_trust(ctx, trust), XS_OK);
                ck_assert_int_eq(xs_ctx_add_untrusted(ctx, pool), XS_OK);
                xs_report *want = NULL;
                ck_assert_int_eq(xs_verify(ctx, &want, chain, now), XS_OK);
                char what[96];
                snprintf(what, sizeof(what), "leaf %zu under %s", k, POLICIES[p]);
                assert_same_report(xs_audit_record_report(r, p), want, what);
                xs_report_free(want);
                int64_t t = xs_audit_record_in_validity_at(r);
                ck_assert_int_eq(t != INT64_MIN, k == 2);
                if (t != INT64_MIN) {
                    ck_assert_int_eq(xs_verify(ctx, &want, chain, t), XS_OK);
                    assert_same_report(xs_audit_record_report_in_validity(r, p), want, what);
                    ck_assert_int_eq(xs_report_verdict(want), XS_VERDICT_ACCEPT);
                    xs_report_free(want);
                }
                xs_ctx_free(ctx);
                xs_certs_free(trust);
                xs_certs_free(pool);
                xs_certs_free(chain);
            }
            ck_assert_int_eq(xs_audit_record_breaks(r, 0, 1), k == 1);
            ck_assert_int_eq(xs_audit_record_validity(r),
                             k == 2 ? XS_VALIDITY_EXPIRED : XS_VALIDITY_CURRENT);
            xs_audit_record_free(r);
        }
    }
    free_chain(&f);
}
END_TEST

/* openssl_codes lists the errors OpenSSL's own X509_verify_cert reports,
 * all of them, as "code@depth,...", with `flags`. */
static char codes_text[512];

static int collect_all(int ok, X509_STORE_CTX *ctx)
{
    if (!ok) {
        size_t used = strlen(codes_text);
        snprintf(codes_text + used, sizeof(codes_text) - used, "%s%d@%d", used ? "," : "",
                 X509_STORE_CTX_get_error(ctx), X509_STORE_CTX_get_error_depth(ctx));
    }
    return 1;
}

static const char *openssl_codes(X509_STORE *store, X509 *leaf, STACK_OF(X509) *untrusted,
                                 unsigned long flags, int64_t at, const char *purpose)
{
    codes_text[0] = 0;
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    ck_assert_int_eq(X509_STORE_CTX_init(ctx, store, leaf, untrusted), 1);
    if (purpose != NULL) {
        ck_assert_int_eq(X509_STORE_CTX_set_default(ctx, purpose), 1);
    }
    X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(ctx);
    X509_VERIFY_PARAM_set_flags(param, flags);
    X509_VERIFY_PARAM_set_time(param, (time_t)at);
    X509_VERIFY_PARAM_set_auth_level(param, 2);
    X509_STORE_CTX_set_verify_cb(ctx, collect_all);
    int ret = X509_verify_cert(ctx);
    size_t used = strlen(codes_text);
    snprintf(codes_text + used, sizeof(codes_text) - used, " -> %d", ret);
    X509_STORE_CTX_free(ctx);
    ERR_clear_error();
    return codes_text;
}

/* report_openssl_codes lists the OpenSSL findings of a report the same way
 * (without the placeholder signature, which the bridge drops). */
static void report_openssl_codes(const xs_report *rep, char *out, size_t len)
{
    out[0] = 0;
    for (size_t i = 0; i < xs_report_finding_count(rep); i++) {
        const xs_finding *f = xs_report_finding(rep, i);
        if (strcmp(f->source, "openssl") == 0) {
            size_t used = strlen(out);
            snprintf(out + used, len - used, "%s%d@%d", used ? "," : "", f->openssl_code,
                     f->depth);
        }
    }
}

/* drop_placeholder copies a code list without the synthetic leaf's
 * placeholder signature (7@0), which the bridge does not report. */
static void drop_placeholder(const char *codes, char *out, size_t len)
{
    char copy[512];
    snprintf(copy, sizeof(copy), "%s", codes);
    char *save = NULL;
    for (char *c = strtok_r(copy, ",", &save); c != NULL; c = strtok_r(NULL, ",", &save)) {
        if (strcmp(c, "7@0") != 0) {
            size_t used = strlen(out);
            snprintf(out + used, len - used, "%s%s", used ? "," : "", c);
        }
    }
}

START_TEST(intermediates_agree_with_openssl)
{
    chain_fixture f;
    make_chain(&f);
    X509 *inters[] = {f.inter, f.bad_inter};
    for (size_t k = 0; k < 2; k++) {
        xs_audit_record *r = judge_x509(f.auditor, inters[k], now);
        ck_assert_int_eq(xs_audit_record_role(r), XS_AUDIT_INTERMEDIATE);
        X509 *leaf = NULL;
        ck_assert_int_eq(xs_chain_synthetic_leaf(inters[k], now, &leaf, NULL, 0), XS_OK);
        STACK_OF(X509) *untrusted = sk_X509_new_null();
        sk_X509_push(untrusted, leaf);
        sk_X509_push(untrusted, inters[k]);
        X509_STORE *store = X509_STORE_new();
        X509_STORE_add_cert(store, f.root);
        static const unsigned long flag_sets[NPOL] = {
            X509_V_FLAG_TRUSTED_FIRST,
            X509_V_FLAG_X509_STRICT | X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_TRUSTED_FIRST,
            X509_V_FLAG_X509_STRICT | X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_TRUSTED_FIRST,
        };
        for (size_t p = 0; p < 2; p++) { /* rfc5280 has no security level: not comparable */
            char want[512], got[512];
            snprintf(want, sizeof(want), "%s",
                     openssl_codes(store, leaf, untrusted, flag_sets[p], now, "ssl_server"));
            *strstr(want, " -> ") = 0;
            char expect[512] = "";
            drop_placeholder(want, expect, sizeof(expect));
            report_openssl_codes(xs_audit_record_report(r, p), got, sizeof(got));
            ck_assert_msg(strcmp(got, expect) == 0, "intermediate %zu under %s: %s, OpenSSL: %s", k,
                          POLICIES[p], got, expect);
        }
        ck_assert_int_eq(xs_audit_record_breaks(r, 0, 1), k == 1);
        X509_STORE_free(store);
        sk_X509_free(untrusted);
        X509_free(leaf);
        xs_audit_record_free(r);
    }
    free_chain(&f);
}
END_TEST

START_TEST(the_synthetic_leaf_is_deterministic_and_chains)
{
    EVP_PKEY *keys[] = {root_key, rsa_key, xt_key("ED25519")};
    for (size_t k = 0; k < 3; k++) {
        xt_spec spec = ROOT(.serial = 5);
        spec.subject = "CN=Key Root";
        X509 *anchor = xt_cert(&spec, keys[k], NULL, NULL);
        X509 *a = NULL, *b = NULL;
        ck_assert_int_eq(xs_chain_synthetic_leaf(anchor, now, &a, NULL, 0), XS_OK);
        ck_assert_int_eq(xs_chain_synthetic_leaf(anchor, now, &b, NULL, 0), XS_OK);
        ck_assert_int_eq(X509_cmp(a, b), 0);
        ck_assert_int_eq(X509_check_issued(anchor, a), X509_V_OK);
        ck_assert_int_eq(X509_cmp_time(X509_get0_notBefore(a), &(time_t){(time_t)now}), -1);
        ck_assert_int_eq(X509_cmp_time(X509_get0_notAfter(a), &(time_t){(time_t)now}), 1);
        X509_free(a);
        X509_free(b);
        X509_free(anchor);
    }
    EVP_PKEY_free(keys[2]);
}
END_TEST

/* Any int64 time gives a stand-in leaf, valid within the years 0000-9999
 * that a certificate can state (fuzz known bug audit-time-range): at
 * INT64_MIN and INT64_MAX, no overflow (the sanitizer build would abort)
 * and no XS_ERR_CRYPTO; xs_verify_anchor judges as xs_verify does at such
 * a time, and the audit agrees with it. */
START_TEST(any_time_gives_a_stand_in_leaf_within_0000_to_9999)
{
    const int64_t times[] = {INT64_MIN, INT64_C(-62167219201), INT64_C(253402300800), INT64_MAX};
    /* the leaf's validity: clamped first, then a day before, 30 days after */
    const int64_t first = XS_CHAIN_EARLIEST_TIME, last = XS_CHAIN_LATEST_TIME;
    ck_assert_int_eq(first, -62167219200); /* 0000-01-01T00:00:00Z */
    ck_assert_int_eq(last, 253402300799);  /* 9999-12-31T23:59:59Z */
    const int64_t bounds[][2] = {
        {first, first + 30 * 86400}, {first, first + 30 * 86400}, {last - 86400, last},
        {last - 86400, last}};
    X509 *root = xt_cert(&(xt_spec)ROOT(.not_after_days = 3650), root_key, NULL, NULL);
    ck_assert_ptr_nonnull(root);
    xs_certs *anchors = certs_of(&root, 1);
    xs_auditor *a = new_auditor(0);
    xs_ctx *ctx = NULL;
    ck_assert_int_eq(xs_ctx_new(&ctx, policies[1]), XS_OK);
    for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
        X509 *leaf = NULL;
        char err[256] = "";
        ck_assert_int_eq(xs_chain_synthetic_leaf(root, times[i], &leaf, err, sizeof(err)), XS_OK);
        X509_free(leaf);
        xs_report *want = NULL;
        ck_assert_int_eq(xs_verify_anchor(ctx, &want, anchors, 0, times[i], err, sizeof(err)),
                         XS_OK);
        ck_assert_uint_eq(xs_report_chain_length(want), 2);
        const xs_chain_cert *stand_in = xs_report_chain_cert(want, 0);
        char nb[XS_RFC3339_SIZE], na[XS_RFC3339_SIZE];
        xs_rfc3339(bounds[i][0], nb);
        xs_rfc3339(bounds[i][1], na);
        ck_assert_str_eq(stand_in->not_before, nb);
        ck_assert_str_eq(stand_in->not_after, na);
        ck_assert_int_eq(xs_report_verdict(want), XS_VERDICT_REJECT); /* the root is not valid */
        /* OpenSSL says "not yet valid" / "expired", or, where it cannot
         * place the time, that it cannot compare the field */
        int expected = times[i] < 0 ? X509_V_ERR_CERT_NOT_YET_VALID : X509_V_ERR_CERT_HAS_EXPIRED;
        int unplaceable = times[i] < 0 ? X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD
                                       : X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD;
        bool root_finding = false;
        for (size_t k = 0; k < xs_report_finding_count(want); k++) {
            const xs_finding *f = xs_report_finding(want, k);
            root_finding = root_finding || (f->depth == 1 && (f->openssl_code == expected ||
                                                              f->openssl_code == unplaceable));
        }
        ck_assert_msg(root_finding, "time %lld: the root's validity is not the finding",
                      (long long)times[i]);
        size_t der_len = 0;
        const uint8_t *der = xs_certs_der(anchors, 0, &der_len);
        xs_audit_record *r = NULL;
        ck_assert_int_eq(xs_audit_judge(a, &r, der, der_len, 0, NULL, times[i]), XS_OK);
        assert_same_report(xs_audit_record_report(r, 1), want, "a time out of 0000-9999");
        xs_audit_record_free(r);
        xs_report_free(want);
    }
    xs_ctx_free(ctx);
    xs_auditor_free(a);
    xs_certs_free(anchors);
    X509_free(root);
}
END_TEST

START_TEST(lint_only_records_are_xs_lint_reports)
{
    chain_fixture f;
    make_chain(&f);
    xs_auditor *a = new_auditor(XS_AUDIT_LINT_ONLY);
    X509 *all[] = {f.root, f.bad_inter, f.noaki};
    for (size_t k = 0; k < 3; k++) {
        int len = 0;
        unsigned char *der = xt_der(all[k], &len);
        xs_audit_record *r = NULL;
        ck_assert_int_eq(xs_audit_judge(a, &r, der, (size_t)len, 0, NULL, now), XS_OK);
        xs_certs *raw = NULL;
        ck_assert_int_eq(xs_certs_new(&raw), XS_OK);
        ck_assert_int_eq(xs_certs_load_ex(raw, der, (size_t)len, "t", XS_LOAD_RAW, NULL, 0),
                         XS_OK);
        for (size_t p = 0; p < NPOL; p++) {
            xs_report *want = NULL;
            ck_assert_int_eq(xs_lint(policies[p], &want, raw, 0, NULL, 0), XS_OK);
            assert_same_report(xs_audit_record_report(r, p), want, "lint");
            xs_report_free(want);
        }
        ck_assert_str_eq(xs_audit_record_subject(r), k == 0 ? "CN=Root" : k == 1 ? "CN=Bad Int"
                                                                               : "CN=leaf.example");
        xs_certs_free(raw);
        xs_audit_record_free(r);
        OPENSSL_free(der);
    }
    xs_auditor_free(a);
    free_chain(&f);
}
END_TEST

START_TEST(what_cannot_be_read_is_rejected_and_said)
{
    xs_auditor *a = new_auditor(0);
    static const uint8_t junk_seq[] = {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02};
    static const uint8_t not_der[] = {0x01, 0x02, 0x03};
    xs_audit_record *r = NULL;
    xs_audit_origin origin = {"in.pem", 7, 1234, 40, "k7"};
    ck_assert_int_eq(xs_audit_judge(a, &r, junk_seq, sizeof(junk_seq), 0, &origin, now), XS_OK);
    ck_assert_int_eq(xs_audit_record_role(r), XS_AUDIT_UNPARSED);
    ck_assert_ptr_nonnull(strstr(xs_audit_record_error(r), "OpenSSL"));
    for (size_t p = 0; p < NPOL; p++) {
        ck_assert(xs_audit_record_rejected(r, p));
    }
    xs_audit_record_free(r);
    ck_assert_int_eq(xs_audit_judge(a, &r, not_der, sizeof(not_der), 0, &origin, now), XS_OK);
    ck_assert_int_eq(xs_audit_record_role(r), XS_AUDIT_MALFORMED);
    uint8_t *json = NULL;
    size_t len = 0;
    ck_assert_int_eq(xs_audit_record_emit(r, XS_FORMAT_JSON, 0, &json, &len), XS_OK);
    tj_doc *doc = tj_parse((const char *)json, len, NULL);
    ck_assert_ptr_nonnull(doc);
    ck_assert(tj_string_is(tj_get(tj_root(doc), "role"), "malformed"));
    ck_assert(tj_string_is(tj_get(tj_root(doc), "key"), "k7"));
    long long position = 0;
    ck_assert(tj_integer(tj_get(tj_root(doc), "position"), &position) && position == 7);
    ck_assert(tj_string_is(tj_get(tj_at(tj_get(tj_root(doc), "findings"), 0), "mnemonic"),
                           "INPUT_MALFORMED"));
    tj_free(doc);
    xs_free(json);
    ck_assert_int_eq(xs_audit_record_emit(r, XS_FORMAT_JSON, XS_AUDIT_EMIT_STREAM, &json, &len),
                     XS_OK);
    ck_assert_ptr_null(strstr((const char *)json, "position"));
    ck_assert_uint_eq((size_t)(strchr((const char *)json, '\n') - (const char *)json), len - 1);
    xs_free(json);
    xs_audit_record_free(r);
    xs_auditor_free(a);
}
END_TEST

START_TEST(summaries_merge_by_addition)
{
    chain_fixture f;
    make_chain(&f);
    X509 *all[] = {f.root, f.inter, f.bad_inter, f.leaf, f.noaki, f.expired_leaf};
    xs_audit_summary *whole = NULL, *half1 = NULL, *half2 = NULL;
    ck_assert_int_eq(xs_audit_summary_new(&whole, f.auditor, 0, 1, 0), XS_OK);
    ck_assert_int_eq(xs_audit_summary_new(&half1, f.auditor, 0, 1, 0), XS_OK);
    ck_assert_int_eq(xs_audit_summary_new(&half2, f.auditor, 0, 1, 0), XS_OK);
    for (size_t k = 0; k < 6; k++) {
        xs_audit_record *r = judge_x509(f.auditor, all[k], now);
        xs_audit_summary_add(whole, r);
        xs_audit_summary_add(k % 2 ? half1 : half2, r);
        xs_audit_record_free(r);
    }
    size_t n1 = 0, n2 = 0;
    const uint64_t *c2 = xs_audit_summary_counters(half2, &n2);
    ck_assert_int_eq(xs_audit_summary_merge(half1, c2, n2), XS_OK);
    const uint64_t *c1 = xs_audit_summary_counters(half1, &n1);
    const uint64_t *cw = xs_audit_summary_counters(whole, &n2);
    ck_assert_uint_eq(n1, n2);
    ck_assert_int_eq(memcmp(c1, cw, n1 * sizeof(*c1)), 0);
    ck_assert_uint_eq(xs_audit_summary_get(whole, XS_AUDIT_CERTIFICATES), 6);
    ck_assert_uint_eq(xs_audit_summary_get(whole, XS_AUDIT_EXPIRED), 1);
    ck_assert_uint_eq(xs_audit_summary_get(whole, XS_AUDIT_CHANGED), 2); /* bad int, no AKI */
    ck_assert_int_eq(xs_audit_summary_merge(half1, c2, n2 - 1), XS_ERR_INVALID_ARG);
    xs_audit_summary_free(whole);
    xs_audit_summary_free(half1);
    xs_audit_summary_free(half2);
    free_chain(&f);
}
END_TEST

START_TEST(records_do_not_depend_on_the_auditor)
{
    chain_fixture f;
    make_chain(&f);
    xs_auditor *other = NULL;
    ck_assert_int_eq(xs_auditor_new(&other, (const xs_policy *const *)policies, NPOL, 0, NULL, 0),
                     XS_OK);
    X509 *context[] = {f.root, f.inter, f.bad_inter};
    for (size_t i = 0; i < 3; i++) {
        int len = 0;
        unsigned char *der = xt_der(context[2 - i], &len); /* another order */
        ck_assert_int_eq(xs_auditor_add_store_member(other, der, (size_t)len, 0, NULL), XS_OK);
        OPENSSL_free(der);
    }
    X509 *all[] = {f.root, f.inter, f.leaf, f.noaki};
    for (size_t k = 0; k < 4; k++) {
        xs_audit_record *r1 = judge_x509(f.auditor, all[k], now);
        xs_audit_record *r2 = judge_x509(other, all[k], now);
        uint8_t *j1 = NULL, *j2 = NULL;
        size_t l1 = 0, l2 = 0;
        ck_assert_int_eq(xs_audit_record_emit(r1, XS_FORMAT_CBOR, XS_AUDIT_EMIT_STREAM, &j1, &l1),
                         XS_OK);
        ck_assert_int_eq(xs_audit_record_emit(r2, XS_FORMAT_CBOR, XS_AUDIT_EMIT_STREAM, &j2, &l2),
                         XS_OK);
        ck_assert_msg(l1 == l2 && memcmp(j1, j2, l1) == 0, "record %zu differs", k);
        xs_free(j1);
        xs_free(j2);
        xs_audit_record_free(r1);
        xs_audit_record_free(r2);
    }
    xs_auditor_free(other);
    free_chain(&f);
}
END_TEST

START_TEST(an_auditor_refuses_what_it_cannot_do)
{
    xs_auditor *a = NULL;
    char err[128] = "";
    const xs_policy *twice[] = {policies[1], policies[1]};
    ck_assert_int_eq(xs_auditor_new(&a, twice, 2, 0, err, sizeof(err)), XS_ERR_INVALID_ARG);
    ck_assert_str_eq(err, "policy 'python-3.13' given twice");
    ck_assert_int_eq(xs_auditor_new(&a, twice, 0, 0, err, sizeof(err)), XS_ERR_INVALID_ARG);
    ck_assert_ptr_null(a);
}
END_TEST

/* --- the signature step against OpenSSL's, on x509-limbo ----------------- */

static X509 *x509_from_pem(const char *pem)
{
    BIO *bio = BIO_new_mem_buf(pem, -1);
    X509 *x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    BIO_free(bio);
    ERR_clear_error();
    return x;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = size > 0 ? malloc((size_t)size) : NULL;
    *len = data != NULL ? fread(data, 1, (size_t)size, f) : 0;
    fclose(f);
    return data;
}

/* A memo for the signature step, kept for one limbo case's runs the way
 * the auditor keeps its caches across runs with different parameters: the
 * first flag set computes and remembers, the others are answered from it
 * and must still match OpenSSL's own, uncached verification. */
#define CASE_MEMO_MAX 64
typedef struct {
    xs_verify_memo base; /* first: the step sees an xs_verify_memo */
    const X509 *certs[CASE_MEMO_MAX];
    xs_verify_cert_memo cert_memos[CASE_MEMO_MAX];
    size_t ncerts;
    const X509 *sig_subject[CASE_MEMO_MAX], *sig_issuer[CASE_MEMO_MAX];
    bool sig_ok[CASE_MEMO_MAX];
    size_t nsigs;
    size_t hits; /* signatures answered from the memo */
} case_memo;

static xs_verify_cert_memo *case_memo_cert(xs_verify_memo *m, X509 *x)
{
    case_memo *c = (case_memo *)m;
    for (size_t i = 0; i < c->ncerts; i++) {
        if (c->certs[i] == x) {
            return &c->cert_memos[i];
        }
    }
    if (c->ncerts == CASE_MEMO_MAX) {
        return NULL;
    }
    c->certs[c->ncerts] = x;
    return &c->cert_memos[c->ncerts++];
}

static int case_memo_signature(xs_verify_memo *m, const X509 *subject, const X509 *issuer)
{
    case_memo *c = (case_memo *)m;
    for (size_t i = 0; i < c->nsigs; i++) {
        if (c->sig_subject[i] == subject && c->sig_issuer[i] == issuer) {
            c->hits++;
            return c->sig_ok[i] ? 1 : 0;
        }
    }
    return -1;
}

static void case_memo_remember(xs_verify_memo *m, const X509 *subject, const X509 *issuer, bool ok)
{
    case_memo *c = (case_memo *)m;
    if (c->nsigs < CASE_MEMO_MAX) {
        c->sig_subject[c->nsigs] = subject;
        c->sig_issuer[c->nsigs] = issuer;
        c->sig_ok[c->nsigs++] = ok;
    }
}

START_TEST(the_signature_step_reports_what_openssl_reports_on_limbo)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/limbo/limbo.json", XS_AUDIT_SHARED_DIR);
    size_t len = 0;
    char *text = slurp(path, &len);
    if (text == NULL) {
        fprintf(stderr, "audit_lib: %s not found; the signature step is not compared on limbo\n",
                path);
        return;
    }
    tj_doc *doc = tj_parse(text, len, NULL);
    ck_assert_ptr_nonnull(doc);
    const tj_value *cases = tj_get(tj_root(doc), "testcases");
    static const unsigned long flag_sets[] = {
        X509_V_FLAG_TRUSTED_FIRST,
        X509_V_FLAG_X509_STRICT | X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_TRUSTED_FIRST,
        X509_V_FLAG_TRUSTED_FIRST | X509_V_FLAG_CHECK_SS_SIGNATURE,
    };
    size_t compared = 0, memo_hits = 0;
    for (size_t i = 0; i < tj_len(cases); i++) {
        const tj_value *tc = tj_at(cases, i);
        X509 *leaf = x509_from_pem(tj_string(tj_get(tc, "peer_certificate"), NULL));
        if (leaf == NULL) {
            continue;
        }
        X509_STORE *plain = X509_STORE_new(), *ours = X509_STORE_new();
        case_memo memo = {.base = {case_memo_cert, case_memo_signature, case_memo_remember}};
        ck_assert(xs_chain_use_verify_step(ours, &memo.base));
        STACK_OF(X509) *untrusted = sk_X509_new_null();
        const tj_value *trusted = tj_get(tc, "trusted_certs");
        for (size_t k = 0; k < tj_len(trusted); k++) {
            X509 *x = x509_from_pem(tj_string(tj_at(trusted, k), NULL));
            if (x != NULL) {
                X509_STORE_add_cert(plain, x);
                X509_STORE_add_cert(ours, x);
            }
            X509_free(x);
        }
        const tj_value *inter = tj_get(tc, "untrusted_intermediates");
        for (size_t k = 0; k < tj_len(inter); k++) {
            X509 *x = x509_from_pem(tj_string(tj_at(inter, k), NULL));
            if (x != NULL && !sk_X509_push(untrusted, x)) {
                X509_free(x);
            }
        }
        int64_t at = 1735689600; /* 2025-01-01, limbo's default */
        const char *vt = tj_string(tj_get(tc, "validation_time"), NULL);
        if (vt != NULL) {
            xs_parse_time(vt, &at);
        }
        const char *purpose = tj_string_is(tj_get(tc, "validation_kind"), "CLIENT") ? "ssl_client"
                                                                                    : "ssl_server";
        for (size_t k = 0; k < sizeof(flag_sets) / sizeof(flag_sets[0]); k++) {
            char want[512];
            snprintf(want, sizeof(want), "%s",
                     openssl_codes(plain, leaf, untrusted, flag_sets[k], at, purpose));
            const char *got = openssl_codes(ours, leaf, untrusted, flag_sets[k], at, purpose);
            ck_assert_msg(strcmp(want, got) == 0, "%s (flags %lx): OpenSSL %s, the audit %s",
                          tj_string(tj_get(tc, "id"), NULL), flag_sets[k], want, got);
            compared++;
        }
        memo_hits += memo.hits;
        sk_X509_pop_free(untrusted, X509_free);
        X509_STORE_free(plain);
        X509_STORE_free(ours);
        X509_free(leaf);
    }
    fprintf(stderr,
            "audit_lib: the signature step agrees with OpenSSL on %zu limbo verifications "
            "(%zu signatures answered from its memo)\n",
            compared, memo_hits);
    ck_assert_uint_gt(memo_hits, 0);
    tj_free(doc);
    free(text);
}
END_TEST

static Suite *audit_suite(void)
{
    Suite *s = suite_create("audit");
    TCase *tc = tcase_create("records");
    tcase_add_unchecked_fixture(tc, make_keys, free_keys);
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, anchors_judged_as_xs_verify_anchor_judges_them);
    tcase_add_test(tc, leaves_judged_as_xs_verify_judges_them);
    tcase_add_test(tc, intermediates_agree_with_openssl);
    tcase_add_test(tc, the_synthetic_leaf_is_deterministic_and_chains);
    tcase_add_test(tc, any_time_gives_a_stand_in_leaf_within_0000_to_9999);
    tcase_add_test(tc, lint_only_records_are_xs_lint_reports);
    tcase_add_test(tc, what_cannot_be_read_is_rejected_and_said);
    tcase_add_test(tc, summaries_merge_by_addition);
    tcase_add_test(tc, records_do_not_depend_on_the_auditor);
    tcase_add_test(tc, an_auditor_refuses_what_it_cannot_do);
    suite_add_tcase(s, tc);
    /* one case per data source, so each can be run alone (CK_RUN_CASE) */
    TCase *store = tcase_create("system_store");
    tcase_add_unchecked_fixture(store, make_keys, free_keys);
    tcase_set_timeout(store, 600);
    tcase_add_test(store, the_system_store_judged_as_xs_verify_anchor_judges_it);
    tcase_add_test(store, the_system_store_under_python_agrees_with_openssl_anchor_by_anchor);
    suite_add_tcase(s, store);
    TCase *limbo = tcase_create("signature_step");
    tcase_set_timeout(limbo, 1800);
    tcase_add_test(limbo, the_signature_step_reports_what_openssl_reports_on_limbo);
    suite_add_tcase(s, limbo);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(audit_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
