/*
 * test_limbo.c: libx509strict against OpenSSL, case by case, on x509-limbo.
 *
 * Every limbo case is verified under three builtin policies twice: once by
 * xs_verify(), once by X509_verify_cert() set up here from scratch the way
 * libssl sets it up for a TLS peer. Both must reach the same verdict and the
 * same first OpenSSL error code. How often each side matches limbo's own
 * expected_result is printed for information only: these policies promise
 * OpenSSL's behaviour, not limbo's.
 *
 * The cases run in chunks, one check loop iteration each, so a crash costs
 * one chunk and not the run. Check forks per iteration; the tallies live in
 * a shared anonymous mapping so the parent can print them afterwards.
 *
 * Reading limbo.json and its cases, and running xs_verify(), are shared with
 * test_limbo_rfc5280.c (limbo_common.c).
 */

#include <check.h>
#include <errno.h>
#include <limits.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "limbo_common.h"
#include "x509strict.h"

#define TEST_NAME "limbo_differential"
#define AUTH_SECURITY_LEVEL 2
#define MAX_RECORDED 20
#define ID_CHARS 160
#define NOTE_CHARS 240

/* ------------------------------------------------------------------------ */
/* What is compared                                                          */

typedef struct {
    const char *name;
    unsigned long openssl_flags;
    unsigned int host_flags;
} policy_spec;

/* All three policies say they model Python's ssl module, whose contexts
 * check host names with X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS (policies/
 * openssl-default.policy); plain libssl would use no host flags. */
#define PYTHON_HOST_FLAGS X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS

#define POLICY_COUNT 3
static const policy_spec POLICIES[POLICY_COUNT] = {
    {"openssl-default", X509_V_FLAG_TRUSTED_FIRST, PYTHON_HOST_FLAGS},
    {"openssl-strict", X509_V_FLAG_X509_STRICT | X509_V_FLAG_TRUSTED_FIRST, PYTHON_HOST_FLAGS},
    {"python-3.13",
     X509_V_FLAG_X509_STRICT | X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_TRUSTED_FIRST,
     PYTHON_HOST_FLAGS},
};

#define NS_BIT(ns) (1u << (ns))

/* The groups the summary totals: limbo's generated suites apart from the
 * hand-written cases, as shared/README.md asks. */
typedef struct {
    const char *label;
    unsigned namespaces;
} namespace_group;

static const namespace_group GROUPS[] = {
    {"bettertls", NS_BIT(NS_BETTERTLS)},
    {"webpki", NS_BIT(NS_WEBPKI)},
    {"hand-written", NS_BIT(NS_RFC5280) | NS_BIT(NS_PATHLEN) | NS_BIT(NS_PATHOLOGICAL) |
                         NS_BIT(NS_CVE) | NS_BIT(NS_CRL) | NS_BIT(NS_INVALID)},
    {"online", NS_BIT(NS_ONLINE)},
    {"other", NS_BIT(NS_OTHER)},
    {"all", (1u << NS_COUNT) - 1},
};
#define GROUP_COUNT (sizeof GROUPS / sizeof GROUPS[0])

/* ------------------------------------------------------------------------ */
/* Results, shared between check's forked children and the parent            */

typedef struct {
    long cases;          /* verified by both sides */
    long inputs_differ;  /* not compared: the sides loaded different certificates */
    long same_as_openssl;
    long ours_as_expected;
    long ours_false_accepts;
    long ours_false_rejects;
    long openssl_as_expected;
} tally;

typedef struct {
    char id[ID_CHARS];
    const char *policy;
    char ours[NOTE_CHARS];
    char openssl[NOTE_CHARS];
    bool expect_success;
} disagreement;

typedef struct {
    char id[ID_CHARS];
    char where[48];
    char library[NOTE_CHARS];
    bool openssl_loaded;
} refusal;

/* A kind of disagreement: what each side said, under which policy. */
typedef struct {
    int policy;
    int ours_code;    /* -1: the library returned an error status */
    int openssl_code; /* -1: OpenSSL could not be set up */
    bool ours_accepts;
    bool openssl_accepts;
    long count;
} disagreement_kind;

#define MAX_KINDS 64

typedef struct {
    tally tallies[NS_COUNT][POLICY_COUNT];
    long certificates;
    long library_refused;
    long openssl_refused;
    long load_disagreements;
    long unloadable_leaf_cases;
    long library_errors;
    long verdict_disagreements;
    long refusal_count;
    long chunks_finished;
    long kind_count;
    long kinds_overflowed;
    disagreement disagreements[MAX_RECORDED];
    refusal refusals[MAX_RECORDED];
    disagreement_kind kinds[MAX_KINDS];
} shared_results;

static shared_results *g_results;
static limbo_file g_limbo; /* limbo.json, its cases and default time */

/* ------------------------------------------------------------------------ */
/* Loading certificates on both sides                                        */

typedef struct {
    limbo_certs lib;   /* the library's view */
    X509_STORE *store; /* OpenSSL's view */
    STACK_OF(X509) *pool;
    X509 *leaf_x509;
    bool inputs_agree; /* every PEM loaded by both sides, or by neither */
    bool leaf_loaded;  /* by both sides */
} case_inputs;

static X509 *openssl_load_pem(const char *pem, size_t len)
{
    if (len > INT_MAX)
        return NULL;
    BIO *bio = BIO_new_mem_buf(pem, (int)len);
    X509 *x = bio != NULL ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
    BIO_free(bio);
    ERR_clear_error();
    return x;
}

static void copy_text(char *dst, size_t dst_len, const char *src)
{
    snprintf(dst, dst_len, "%s", src);
}

static void record_refusal(const limbo_case *lc, const char *where, const char *library,
                           bool openssl_loaded)
{
    long n = g_results->refusal_count++;
    if (n >= MAX_RECORDED)
        return;
    refusal *r = &g_results->refusals[n];
    copy_text(r->id, sizeof r->id, lc->id);
    copy_text(r->where, sizeof r->where, where);
    copy_text(r->library, sizeof r->library, library);
    r->openssl_loaded = openssl_loaded;
}

/* load_pem_both loads one PEM certificate into `dest` (the library) and into
 * *x509 (OpenSSL, NULL if refused), counts the outcome, and says whether the
 * two sides agreed on loading it. */
static bool load_pem_both(const limbo_case *lc, const char *where, const tj_value *pem_value,
                          xs_certs *dest, X509 **x509)
{
    size_t len, before = xs_certs_count(dest);
    const char *pem = tj_string(pem_value, &len);
    char err[NOTE_CHARS - 64] = "";
    char library[NOTE_CHARS];
    xs_status st = xs_certs_load(dest, (const uint8_t *)pem, len, where, err, sizeof err);
    size_t added = xs_certs_count(dest) - before;
    *x509 = openssl_load_pem(pem, len);
    bool library_loaded = st == XS_OK && added == 1;
    g_results->certificates++;
    g_results->library_refused += !library_loaded;
    g_results->openssl_refused += *x509 == NULL;
    if (library_loaded && *x509 != NULL)
        return true;
    if (library_loaded)
        copy_text(library, sizeof library, "loaded");
    else if (st == XS_OK)
        snprintf(library, sizeof library, "XS_OK but %zu certificates appended", added);
    else
        snprintf(library, sizeof library, "%s: %s", xs_status_string(st), err);
    record_refusal(lc, where, library, *x509 != NULL);
    bool agree = library_loaded == (*x509 != NULL);
    g_results->load_disagreements += !agree;
    return agree;
}

static void load_trusted(const limbo_case *lc, case_inputs *in)
{
    for (size_t i = 0; i < tj_len(lc->trusted); i++) {
        char where[48];
        X509 *x;
        snprintf(where, sizeof where, "trusted_certs[%zu]", i);
        in->inputs_agree &= load_pem_both(lc, where, tj_at(lc->trusted, i), in->lib.trusted, &x);
        if (x != NULL) {
            int added = X509_STORE_add_cert(in->store, x);
            X509_free(x);
            ck_assert_msg(added == 1, "%s: X509_STORE_add_cert failed for %s", lc->id, where);
        }
    }
}

static void load_untrusted(const limbo_case *lc, case_inputs *in)
{
    for (size_t i = 0; i < tj_len(lc->untrusted); i++) {
        char where[48];
        X509 *x;
        snprintf(where, sizeof where, "untrusted_intermediates[%zu]", i);
        in->inputs_agree &=
            load_pem_both(lc, where, tj_at(lc->untrusted, i), in->lib.untrusted, &x);
        if (x != NULL && !sk_X509_push(in->pool, x)) {
            X509_free(x);
            ck_abort_msg("%s: out of memory", lc->id);
        }
    }
}

static void load_leaf(const limbo_case *lc, case_inputs *in)
{
    in->inputs_agree &=
        load_pem_both(lc, "peer_certificate", lc->peer, in->lib.leaf, &in->leaf_x509);
    in->leaf_loaded = xs_certs_count(in->lib.leaf) == 1 && in->leaf_x509 != NULL;
}

static void free_inputs(case_inputs *in)
{
    limbo_certs_free(&in->lib);
    X509_STORE_free(in->store);
    sk_X509_pop_free(in->pool, X509_free);
    X509_free(in->leaf_x509);
    memset(in, 0, sizeof *in);
}

static void load_inputs(const limbo_case *lc, case_inputs *in)
{
    memset(in, 0, sizeof *in);
    in->inputs_agree = true;
    bool allocated = limbo_certs_new(&in->lib) && (in->store = X509_STORE_new()) != NULL &&
                     (in->pool = sk_X509_new_null()) != NULL;
    if (!allocated) {
        free_inputs(in);
        ck_abort_msg("%s: out of memory", lc->id);
    }
    load_trusted(lc, in);
    load_untrusted(lc, in);
    load_leaf(lc, in);
}

/* ------------------------------------------------------------------------ */
/* The two verifications                                                     */

typedef struct {
    bool completed; /* false: setup or verification returned an error */
    bool accepted;
    int first_code;
    char note[NOTE_CHARS]; /* what happened, for the report */
} outcome;

static bool outcome_accepts(const outcome *o)
{
    return o->completed && o->accepted;
}

static bool outcomes_agree(const outcome *a, const outcome *b)
{
    if (!a->completed || !b->completed)
        return a->completed == b->completed;
    return a->accepted == b->accepted && a->first_code == b->first_code;
}

static void describe_verdict(outcome *o, const char *extra)
{
    if (o->accepted && o->first_code == 0)
        snprintf(o->note, sizeof o->note, "accept%s", extra);
    else
        snprintf(o->note, sizeof o->note, "%s, first code %d (%s)%s",
                 o->accepted ? "accept" : "reject", o->first_code,
                 X509_verify_cert_error_string(o->first_code), extra);
}

/* first_error_finding names the first finding that made the library reject,
 * so a disagreement says which rule is responsible. */
static void first_error_finding(const xs_report *report, char *out, size_t out_len)
{
    out[0] = '\0';
    for (size_t i = 0; i < xs_report_finding_count(report); i++) {
        const xs_finding *f = xs_report_finding(report, i);
        if (f->severity == XS_SEV_ERROR) {
            snprintf(out, out_len, "; first error finding %s at depth %d", f->mnemonic, f->depth);
            return;
        }
    }
}

static void run_library(const xs_policy *policy, const case_inputs *in, const limbo_case *lc,
                        outcome *out)
{
    xs_report *report = NULL;
    const char *step;
    char finding[NOTE_CHARS / 2];
    memset(out, 0, sizeof *out);
    xs_status st = limbo_verify(policy, &in->lib, lc, &report, &step);
    if (st != XS_OK) {
        snprintf(out->note, sizeof out->note, "error: %s returned %s", step, xs_status_string(st));
        return;
    }
    out->completed = true;
    out->accepted = xs_report_verdict(report) == XS_VERDICT_ACCEPT;
    out->first_code = xs_report_first_openssl_code(report);
    first_error_finding(report, finding, sizeof finding);
    describe_verdict(out, finding);
    xs_report_free(report);
}

/* configure_openssl does what libssl's ssl_verify_cert_chain() does for a
 * TLS peer, with the policy's flags and the case's name, time and depth. */
static bool configure_openssl(X509_STORE_CTX *sctx, const policy_spec *spec, const limbo_case *lc)
{
    if (X509_STORE_CTX_set_default(sctx, lc->openssl_param_name) != 1)
        return false;
    X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(sctx);
    if (X509_VERIFY_PARAM_set_flags(param, spec->openssl_flags) != 1)
        return false;
    X509_VERIFY_PARAM_set_auth_level(param, AUTH_SECURITY_LEVEL);
    X509_VERIFY_PARAM_set_time(param, (time_t)lc->at);
    X509_VERIFY_PARAM_set_hostflags(param, spec->host_flags);
    if (lc->host_kind == PEER_NAME_DNS && X509_VERIFY_PARAM_set1_host(param, lc->host, 0) != 1)
        return false;
    if (lc->host_kind == PEER_NAME_IP && X509_VERIFY_PARAM_set1_ip_asc(param, lc->host) != 1)
        return false;
    if (lc->has_max_depth)
        X509_VERIFY_PARAM_set_depth(param, lc->max_depth);
    return true;
}

static void run_openssl(const policy_spec *spec, const case_inputs *in, const limbo_case *lc,
                        outcome *out)
{
    memset(out, 0, sizeof *out);
    X509_STORE_CTX *sctx = X509_STORE_CTX_new();
    if (sctx == NULL || X509_STORE_CTX_init(sctx, in->store, in->leaf_x509, in->pool) != 1 ||
        !configure_openssl(sctx, spec, lc)) {
        snprintf(out->note, sizeof out->note, "error: OpenSSL setup failed");
        goto done;
    }
    out->completed = true;
    out->accepted = X509_verify_cert(sctx) == 1;
    out->first_code = X509_STORE_CTX_get_error(sctx);
    describe_verdict(out, "");
done:
    X509_STORE_CTX_free(sctx);
    ERR_clear_error();
}

/* ------------------------------------------------------------------------ */
/* Comparing and counting                                                    */

typedef struct {
    long disagreements;
    long load_disagreements;
    char first_problem[NOTE_CHARS];
} chunk_state;

static void note_first_problem(chunk_state *cs, const char *id, const char *what)
{
    if (cs->first_problem[0] == '\0')
        snprintf(cs->first_problem, sizeof cs->first_problem, "%s: %s", id, what);
}

static void record_disagreement(const limbo_case *lc, int policy, const outcome *ours,
                                const outcome *theirs)
{
    long n = g_results->verdict_disagreements++;
    if (n >= MAX_RECORDED)
        return;
    disagreement *d = &g_results->disagreements[n];
    copy_text(d->id, sizeof d->id, lc->id);
    d->policy = POLICIES[policy].name;
    copy_text(d->ours, sizeof d->ours, ours->note);
    copy_text(d->openssl, sizeof d->openssl, theirs->note);
    d->expect_success = lc->expect_success;
}

static int code_or_error(const outcome *o)
{
    return o->completed ? o->first_code : -1;
}

static void count_disagreement_kind(int policy, const outcome *ours, const outcome *theirs)
{
    disagreement_kind key = {policy, code_or_error(ours), code_or_error(theirs),
                             outcome_accepts(ours), outcome_accepts(theirs), 0};
    for (long i = 0; i < g_results->kind_count; i++) {
        disagreement_kind *k = &g_results->kinds[i];
        if (k->policy == key.policy && k->ours_code == key.ours_code &&
            k->openssl_code == key.openssl_code && k->ours_accepts == key.ours_accepts &&
            k->openssl_accepts == key.openssl_accepts) {
            k->count++;
            return;
        }
    }
    if (g_results->kind_count == MAX_KINDS) {
        g_results->kinds_overflowed++;
        return;
    }
    key.count = 1;
    g_results->kinds[g_results->kind_count++] = key;
}

static void count_expectation(tally *t, const limbo_case *lc, const outcome *ours,
                              const outcome *theirs)
{
    bool ours_accepts = outcome_accepts(ours);
    if (ours_accepts == lc->expect_success)
        t->ours_as_expected++;
    else if (ours_accepts)
        t->ours_false_accepts++;
    else
        t->ours_false_rejects++;
    t->openssl_as_expected += outcome_accepts(theirs) == lc->expect_success;
}

static void set_unloadable_leaf(outcome *o)
{
    memset(o, 0, sizeof *o);
    o->completed = true;
    snprintf(o->note, sizeof o->note, "reject: the peer certificate does not load");
}

static void compare_policy(const limbo_case *lc, const case_inputs *in, int policy,
                           const xs_policy *xs_pol, chunk_state *cs)
{
    tally *t = &g_results->tallies[lc->ns][policy];
    outcome ours, theirs;
    if (!in->inputs_agree) {
        t->inputs_differ++;
        return;
    }
    if (in->leaf_loaded) {
        run_library(xs_pol, in, lc, &ours);
        run_openssl(&POLICIES[policy], in, lc, &theirs);
    } else {
        set_unloadable_leaf(&ours);
        set_unloadable_leaf(&theirs);
    }
    t->cases++;
    g_results->library_errors += !ours.completed;
    count_expectation(t, lc, &ours, &theirs);
    if (outcomes_agree(&ours, &theirs)) {
        t->same_as_openssl++;
        return;
    }
    cs->disagreements++;
    note_first_problem(cs, lc->id, POLICIES[policy].name);
    record_disagreement(lc, policy, &ours, &theirs);
    count_disagreement_kind(policy, &ours, &theirs);
}

static void run_case(size_t index, xs_policy *const policies[], chunk_state *cs)
{
    limbo_case lc;
    case_inputs in;
    const char *bad_field = limbo_read_case(&g_limbo, index, &lc);
    ck_assert_msg(bad_field == NULL, "limbo test case %zu: missing or invalid %s", index,
                  bad_field);
    load_inputs(&lc, &in);
    if (!in.inputs_agree) {
        cs->load_disagreements++;
        note_first_problem(cs, lc.id, "certificate loading");
    }
    g_results->unloadable_leaf_cases += in.inputs_agree && !in.leaf_loaded;
    for (int p = 0; p < POLICY_COUNT; p++)
        compare_policy(&lc, &in, p, policies[p], cs);
    free_inputs(&in);
}

static void load_policies(xs_policy *policies[])
{
    char err[NOTE_CHARS] = "";
    for (int p = 0; p < POLICY_COUNT; p++) {
        xs_status st = xs_policy_builtin(&policies[p], POLICIES[p].name, err, sizeof err);
        if (st != XS_OK) {
            limbo_free_policies(policies, POLICY_COUNT);
            ck_abort_msg("xs_policy_builtin(\"%s\"): %s: %s", POLICIES[p].name,
                         xs_status_string(st), err);
        }
    }
}

START_TEST(test_limbo_chunk)
{
    size_t first, end;
    xs_policy *policies[POLICY_COUNT] = {NULL};
    chunk_state cs = {0, 0, ""};
    limbo_chunk_bounds(_i, g_limbo.case_count, &first, &end);
    load_policies(policies);
    for (size_t i = first; i < end; i++)
        run_case(i, policies, &cs);
    limbo_free_policies(policies, POLICY_COUNT);
    g_results->chunks_finished++;
    ck_assert_msg(cs.disagreements == 0 && cs.load_disagreements == 0,
                  "cases %zu..%zu: %ld verdict/code disagreements with OpenSSL, %ld cases whose "
                  "certificates load differently (first: %s)",
                  first, end - 1, cs.disagreements, cs.load_disagreements, cs.first_problem);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* The summary                                                               */

static void add_tally(tally *sum, const tally *t)
{
    sum->cases += t->cases;
    sum->inputs_differ += t->inputs_differ;
    sum->same_as_openssl += t->same_as_openssl;
    sum->ours_as_expected += t->ours_as_expected;
    sum->ours_false_accepts += t->ours_false_accepts;
    sum->ours_false_rejects += t->ours_false_rejects;
    sum->openssl_as_expected += t->openssl_as_expected;
}

static tally group_tally(unsigned namespaces, int policy)
{
    tally sum = {0};
    for (int ns = 0; ns < NS_COUNT; ns++)
        if (namespaces & NS_BIT(ns))
            add_tally(&sum, &g_results->tallies[ns][policy]);
    return sum;
}

static void print_namespace_table(void)
{
    printf("\n%-13s %-16s %6s %9s %14s %9s %16s %12s\n", "namespace", "policy", "cases",
           "=openssl", "ours=expected", "(FA/FR)", "openssl=expected", "not-compared");
    for (int ns = 0; ns < NS_COUNT; ns++) {
        for (int p = 0; p < POLICY_COUNT; p++) {
            const tally *t = &g_results->tallies[ns][p];
            char fa_fr[32];
            if (t->cases == 0 && t->inputs_differ == 0)
                continue;
            snprintf(fa_fr, sizeof fa_fr, "(%ld/%ld)", t->ours_false_accepts,
                     t->ours_false_rejects);
            printf("%-13s %-16s %6ld %9ld %14ld %9s %16ld %12ld\n", NAMESPACE_NAMES[ns],
                   POLICIES[p].name, t->cases, t->same_as_openssl, t->ours_as_expected, fa_fr,
                   t->openssl_as_expected, t->inputs_differ);
        }
    }
}

static void print_group_totals(void)
{
    printf("\nTotals (FA/FR: false accepts / false rejects against limbo's expected_result;\n"
           "hand-written = rfc5280, pathlen, pathological, cve, crl, invalid):\n\n");
    printf("| group | policy | cases | same verdict and code as OpenSSL | ours = expected (FA/FR) "
           "| OpenSSL = expected |\n|---|---|---:|---:|---:|---:|\n");
    for (size_t g = 0; g < GROUP_COUNT; g++) {
        for (int p = 0; p < POLICY_COUNT; p++) {
            tally t = group_tally(GROUPS[g].namespaces, p);
            if (t.cases == 0 && t.inputs_differ == 0)
                continue;
            printf("| %s | %s | %ld | %ld | %ld (%ld/%ld) | %ld |\n", GROUPS[g].label,
                   POLICIES[p].name, t.cases, t.same_as_openssl, t.ours_as_expected,
                   t.ours_false_accepts, t.ours_false_rejects, t.openssl_as_expected);
        }
    }
}

static void print_loading(void)
{
    const shared_results *r = g_results;
    printf("\nCertificates: %ld PEM certificates loaded by each side; the library refused %ld, "
           "OpenSSL's PEM_read_bio_X509 refused %ld; they disagree on %ld. Cases whose leaf "
           "neither side loads: %ld.\n",
           r->certificates, r->library_refused, r->openssl_refused, r->load_disagreements,
           r->unloadable_leaf_cases);
    long shown = r->refusal_count < MAX_RECORDED ? r->refusal_count : MAX_RECORDED;
    for (long i = 0; i < shown; i++) {
        const refusal *f = &r->refusals[i];
        printf("  refused: %s %s: library: %s; OpenSSL: %s\n", f->id, f->where, f->library,
               f->openssl_loaded ? "loaded" : "refused");
    }
}

static void print_disagreements(void)
{
    const shared_results *r = g_results;
    long shown = r->verdict_disagreements < MAX_RECORDED ? r->verdict_disagreements : MAX_RECORDED;
    printf("\nDisagreements with OpenSSL: %ld (runs where the library returned an error "
           "status: %ld)%s\n",
           r->verdict_disagreements, r->library_errors, shown < r->verdict_disagreements ?
           "; the first 20:" : "");
    for (long i = 0; i < shown; i++) {
        const disagreement *d = &r->disagreements[i];
        printf("  %s [%s] (limbo expects %s)\n    ours:    %s\n    openssl: %s\n", d->id,
               d->policy, d->expect_success ? "SUCCESS" : "FAILURE", d->ours, d->openssl);
    }
}

static void describe_side(char *out, size_t out_len, bool accepts, int code)
{
    if (code < 0)
        snprintf(out, out_len, "error");
    else
        snprintf(out, out_len, "%s/%d", accepts ? "accept" : "reject", code);
}

static int compare_kinds_by_count(const void *a, const void *b)
{
    const disagreement_kind *x = a, *y = b;
    return (y->count > x->count) - (y->count < x->count);
}

static void print_disagreement_kinds(void)
{
    shared_results *r = g_results;
    if (r->kind_count == 0)
        return;
    qsort(r->kinds, (size_t)r->kind_count, sizeof r->kinds[0], compare_kinds_by_count);
    printf("\nDisagreements by kind (verdict/first code):\n");
    for (long i = 0; i < r->kind_count; i++) {
        const disagreement_kind *k = &r->kinds[i];
        char ours[32], theirs[32];
        describe_side(ours, sizeof ours, k->ours_accepts, k->ours_code);
        describe_side(theirs, sizeof theirs, k->openssl_accepts, k->openssl_code);
        printf("  %6ld  %-16s ours %-12s openssl %s\n", k->count, POLICIES[k->policy].name,
               ours, theirs);
    }
    if (r->kinds_overflowed > 0)
        printf("  %6ld  of further kinds\n", r->kinds_overflowed);
}

static void print_headline(void)
{
    printf("\n%s: same verdict and first code as OpenSSL:", TEST_NAME);
    for (int p = 0; p < POLICY_COUNT; p++) {
        tally t = group_tally((1u << NS_COUNT) - 1, p);
        printf("%s %s %ld/%ld", p ? "," : "", POLICIES[p].name, t.same_as_openssl,
               t.cases + t.inputs_differ);
    }
    printf("; certificate loading agrees on %ld/%ld\n",
           g_results->certificates - g_results->load_disagreements, g_results->certificates);
}

static void print_summary(size_t chunk_count)
{
    printf("\n%s: libx509strict " XS_VERSION_STRING " vs %s, in process, auth level %d, on "
           "%zu x509-limbo cases x %d policies (%ld of %zu chunks finished)\n",
           TEST_NAME, OpenSSL_version(OPENSSL_VERSION), AUTH_SECURITY_LEVEL, g_limbo.case_count,
           POLICY_COUNT, g_results->chunks_finished, chunk_count);
    print_namespace_table();
    print_group_totals();
    print_loading();
    print_disagreements();
    print_disagreement_kinds();
    print_headline();
}

int main(void)
{
    int status = limbo_open(TEST_NAME, &g_limbo);
    if (status != EXIT_SUCCESS)
        return status;
    g_results = limbo_map_shared(sizeof(shared_results));
    if (g_results == NULL) {
        fprintf(stderr, "%s: cannot set up: %s\n", TEST_NAME, strerror(errno));
        tj_free(g_limbo.doc);
        return EXIT_FAILURE;
    }
    int failed = limbo_run_chunks("x509-limbo", "differential", test_limbo_chunk,
                                  g_limbo.chunk_count);
    print_summary(g_limbo.chunk_count);
    limbo_unmap_shared(g_results, sizeof(shared_results));
    tj_free(g_limbo.doc);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
