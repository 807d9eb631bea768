/*
 * test_limbo_rfc5280.c: the builtin rfc5280 policy on x509-limbo.
 *
 * Two promises of the rfc5280 policy are checked on every limbo case that
 * RFC 5280 semantics can judge:
 *
 *  - No false positives. A case limbo expects to SUCCEED raises no
 *    error-level finding under rfc5280, unless its certificates really break
 *    an RFC 5280 MUST. Each such case is listed, with the mnemonic of every
 *    error finding and the MUST it breaks, in limbo_rfc5280_allowed.txt
 *    ("<case id> <MNEMONIC> <reason>", one finding a line). A rejection with
 *    an error finding that is not listed fails the test, and so does a
 *    listed finding that no longer fires (a stale entry).
 *
 *  - More rejections. Of the cases limbo expects to FAIL, rfc5280 rejects at
 *    least as many as openssl-strict does. The counts are printed per
 *    namespace, with every case openssl-strict rejects and rfc5280 accepts.
 *
 * Both policies run through xs_verify(), set up as test_limbo.c sets up the
 * library side: limbo's trust anchors and untrusted pool, its validation
 * time (2025-01-01T00:00:00Z when it gives none), purpose, peer name and
 * maximum depth. test_limbo.c checks that openssl-strict gives OpenSSL's own
 * verdict on every case, so it stands for OpenSSL here.
 *
 * Cases whose expectation RFC 5280 does not share are excluded, each
 * exclusion counted under its reason (EXCLUSION_REASONS below). A third
 * policy, rfc5280-all-dates, is run for information only (see below).
 *
 * The cases run in chunks, one check loop iteration each, so a crash costs
 * one chunk and not the run. Check forks per iteration; each case's outcome
 * and each allowlist entry's hits live in a shared anonymous mapping that
 * the parent reads afterwards.
 *
 * Reading limbo.json and its cases, and running xs_verify(), are shared with
 * test_limbo.c (limbo_common.c).
 */

#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "limbo_common.h"
#include "x509strict.h"

/* CMake passes where the allowlist is. */
#ifndef XS_LIMBO_RFC5280_ALLOWLIST
#define XS_LIMBO_RFC5280_ALLOWLIST "limbo_rfc5280_allowed.txt"
#endif

#define TEST_NAME "limbo_rfc5280"
#define LINE_CHARS 1024
#define MAX_ALLOWED 512

/* ------------------------------------------------------------------------ */
/* Policies, namespaces, exclusions                                          */

/* rfc5280-all-dates is rfc5280 with effective_dates off. It is printed for
 * information only: limbo's generated certificates claim to be issued on
 * 1970-01-01, before every RFC, so under the builtin rfc5280 (effective_dates
 * on) none of x509strict's own rules applies to them, and only this variant
 * shows what those rules say about them. */
enum { POL_RFC5280 = 0, POL_STRICT, POL_ALL_DATES, POLICY_COUNT };
static const char *const POLICY_NAMES[POLICY_COUNT] = {"rfc5280", "openssl-strict",
                                                       "rfc5280-all-dates"};
static const char ALL_DATES_POLICY[] = "inherit rfc5280\n"
                                       "name rfc5280-all-dates\n"
                                       "effective_dates off\n";

/* Why a case is left out. limbo's features and conflicts_with say which
 * expectations belong to something other than RFC 5280 (shared/limbo/
 * README.md). Every other feature stays in: has-policy-constraints,
 * has-cert-policies, no-cert-policies, name-constraint-dn, pedantic-rfc5280
 * and pedantic-serial-number test RFC 5280 itself; denial-of-service tests
 * that the verifier ends; rfc5280-incompatible-with-webpki marks the RFC 5280
 * side of a pair, whose expectation is RFC 5280's. */
typedef enum {
    EX_NONE = 0,
    EX_WEBPKI_SIDE_OF_CONFLICT,
    EX_WEBPKI_FEATURE,
    EX_CRL_FAILURE,
    EX_MAX_CHAIN_DEPTH,
    EX_COUNT
} exclusion_id;

static const char *const EXCLUSION_REASONS[EX_COUNT] = {
    "",
    "conflicts_with an rfc5280:: case: the Web PKI side of a pair whose RFC 5280 side expects "
    "the opposite",
    "feature pedantic-webpki-subscriber-key, pedantic-webpki-eku or "
    "pedantic-public-suffix-wildcard: a CA/Browser Forum requirement, not an RFC 5280 one",
    "feature has-crl, expected FAILURE: the failure is a revocation (or CRL defect) and x509strict "
    "checks no CRLs (has-crl cases expected to SUCCEED stay in: without the CRL their chains "
    "must still verify)",
    "feature max-chain-depth: a verifier's own limit that RFC 5280 does not define; limbo counts "
    "it without self-issued certificates, as RFC 5280 counts pathLenConstraint, while "
    "xs_ctx_set_max_depth passes it to OpenSSL, which counts every certificate",
};

static const char *const WEBPKI_FEATURES[] = {
    "pedantic-webpki-subscriber-key",
    "pedantic-webpki-eku",
    "pedantic-public-suffix-wildcard",
};

/* ------------------------------------------------------------------------ */
/* The allowlist                                                             */

typedef struct {
    char *id;
    char *mnemonic;
    char *reason;
    int line;
} allowed_entry;

static allowed_entry g_allowed[MAX_ALLOWED];
static size_t g_allowed_count;

/* ------------------------------------------------------------------------ */
/* Results, shared between check's forked children and the parent            */

typedef struct {
    bool ran;
    unsigned char exclusion; /* exclusion_id */
    bool rejected[POLICY_COUNT];
    bool library_error[POLICY_COUNT]; /* xs_verify or its set-up failed */
    /* Expected SUCCESS and rejected under rfc5280: with an error finding the
     * allowlist does not name (unlisted), or with every one named. */
    bool unlisted;
    bool allowlisted;
    /* Expected SUCCESS: rfc5280-all-dates raises errors rfc5280 does not. */
    bool more_without_dates;
} case_result;

typedef struct {
    long chunks_finished;
    long certificates;
    long certificates_refused;
    long unloadable_leaves;
    long allowed_hits[MAX_ALLOWED];
    /* expected-SUCCESS cases rejected only by OpenSSL's own path
     * validation (its name constraints on the CN, no backtracking, notAfter
     * exclusive, the TLS purpose): known OpenSSL disagreements with limbo,
     * which the differential test tracks; not false positives of our rules */
    long openssl_only_rejects;
    case_result cases[]; /* g_limbo.case_count of them */
} shared_results;

static shared_results *g_results;
static size_t g_results_size;
static limbo_file g_limbo; /* limbo.json, its cases and default time */

/* ------------------------------------------------------------------------ */
/* Exclusions                                                                */

static bool has_string(const tj_value *array, const char *s)
{
    for (size_t i = 0; i < tj_len(array); i++)
        if (tj_string_is(tj_at(array, i), s))
            return true;
    return false;
}

/* exclusion_of says why case `index` is left out, or EX_NONE. */
static exclusion_id exclusion_of(size_t index)
{
    const tj_value *tc = tj_at(g_limbo.testcases, index);
    const char *id = tj_string(tj_get(tc, "id"), NULL);
    const tj_value *conflicts = tj_get(tc, "conflicts_with");
    const tj_value *features = tj_get(tc, "features");
    if (id != NULL && namespace_of(id) != NS_RFC5280) {
        for (size_t i = 0; i < tj_len(conflicts); i++) {
            const char *other = tj_string(tj_at(conflicts, i), NULL);
            if (other != NULL && namespace_of(other) == NS_RFC5280)
                return EX_WEBPKI_SIDE_OF_CONFLICT;
        }
    }
    for (size_t i = 0; i < sizeof WEBPKI_FEATURES / sizeof WEBPKI_FEATURES[0]; i++)
        if (has_string(features, WEBPKI_FEATURES[i]))
            return EX_WEBPKI_FEATURE;
    if (has_string(features, "has-crl") && tj_string_is(tj_get(tc, "expected_result"), "FAILURE"))
        return EX_CRL_FAILURE;
    if (has_string(features, "max-chain-depth"))
        return EX_MAX_CHAIN_DEPTH;
    return EX_NONE;
}

/* ------------------------------------------------------------------------ */
/* Loading certificates                                                      */

typedef limbo_certs case_inputs;

static void load_pem(const limbo_case *lc, const char *where, const tj_value *pem_value,
                     xs_certs *dest)
{
    size_t len, before = xs_certs_count(dest);
    const char *pem = tj_string(pem_value, &len);
    char err[256] = "";
    xs_status st = xs_certs_load(dest, (const uint8_t *)pem, len, where, err, sizeof err);
    g_results->certificates++;
    if (st != XS_OK || xs_certs_count(dest) != before + 1) {
        g_results->certificates_refused++;
        printf("%s: note: %s: %s refused: %s: %s\n", TEST_NAME, lc->id, where,
               xs_status_string(st), err);
    }
}

static void load_inputs(const limbo_case *lc, case_inputs *in)
{
    char where[48];
    if (!limbo_certs_new(in))
        ck_abort_msg("%s: out of memory", lc->id);
    for (size_t i = 0; i < tj_len(lc->trusted); i++) {
        snprintf(where, sizeof where, "trusted_certs[%zu]", i);
        load_pem(lc, where, tj_at(lc->trusted, i), in->trusted);
    }
    for (size_t i = 0; i < tj_len(lc->untrusted); i++) {
        snprintf(where, sizeof where, "untrusted_intermediates[%zu]", i);
        load_pem(lc, where, tj_at(lc->untrusted, i), in->untrusted);
    }
    load_pem(lc, "peer_certificate", lc->peer, in->leaf);
}

/* ------------------------------------------------------------------------ */
/* Verifying                                                                 */

/* verify returns the report of `lc` under `policy`, or NULL after printing
 * why the library could not produce one. */
static xs_report *verify(const xs_policy *policy, const case_inputs *in, const limbo_case *lc)
{
    xs_report *report;
    const char *step;
    xs_status st = limbo_verify(policy, in, lc, &report, &step);
    if (st != XS_OK)
        printf("%s: FAIL: %s [%s]: %s returned %s\n", TEST_NAME, lc->id, xs_policy_name(policy),
               step, xs_status_string(st));
    return report;
}

static long find_allowed(const char *id, const char *mnemonic)
{
    for (size_t i = 0; i < g_allowed_count; i++)
        if (strcmp(g_allowed[i].id, id) == 0 && strcmp(g_allowed[i].mnemonic, mnemonic) == 0)
            return (long)i;
    return -1;
}

/* print_error_findings prints every error finding of `report`, marking those
 * the allowlist does not name for case `id`. */
static void print_error_findings(const xs_report *report, const char *id)
{
    for (size_t i = 0; i < xs_report_finding_count(report); i++) {
        const xs_finding *f = xs_report_finding(report, i);
        if (f->severity != XS_SEV_ERROR)
            continue;
        printf("    error %-36s depth %2d  %s%s\n", f->mnemonic, f->depth, f->message,
               find_allowed(id, f->mnemonic) < 0 ? "   <- not allowlisted" : "");
        if (f->subject != NULL && f->subject[0] != '\0')
            printf("          %s\n", f->subject);
    }
}

/* judge_success_case: an expected-SUCCESS case that rfc5280 rejects must
 * have each of its error findings allowlisted. Returns false if one is not. */
static bool judge_success_case(const limbo_case *lc, const xs_report *report, case_result *r)
{
    size_t errors = 0, openssl_errors = 0;
    bool all_listed = true;
    for (size_t i = 0; i < xs_report_finding_count(report); i++) {
        const xs_finding *f = xs_report_finding(report, i);
        if (f->severity != XS_SEV_ERROR)
            continue;
        if (strcmp(f->source, "openssl") == 0) {
            openssl_errors++;
            continue;
        }
        long a = find_allowed(lc->id, f->mnemonic);
        errors++;
        if (a < 0)
            all_listed = false;
        else
            g_results->allowed_hits[a]++;
    }
    if (errors == 0 && openssl_errors > 0) {
        g_results->openssl_only_rejects++;
        return true;
    }
    if (errors == 0) {
        r->unlisted = true;
        printf("%s: FAIL: %s: limbo expects SUCCESS, rfc5280 rejects without an error finding\n",
               TEST_NAME, lc->id);
        return false;
    }
    if (all_listed) {
        r->allowlisted = true;
        return true;
    }
    r->unlisted = true;
    printf("%s: FAIL: %s: limbo expects SUCCESS, rfc5280 rejects, and not every error finding "
           "is in limbo_rfc5280_allowed.txt:\n",
           TEST_NAME, lc->id);
    print_error_findings(report, lc->id);
    return false;
}

typedef struct {
    long problems;
    char first_problem[LINE_CHARS];
} chunk_state;

static void note_problem(chunk_state *cs, const char *id, const char *what)
{
    if (cs->problems++ == 0)
        snprintf(cs->first_problem, sizeof cs->first_problem, "%s: %s", id, what);
}

static bool has_error(const xs_report *report, const char *mnemonic, int depth)
{
    for (size_t i = 0; report != NULL && i < xs_report_finding_count(report); i++) {
        const xs_finding *f = xs_report_finding(report, i);
        if (f->severity == XS_SEV_ERROR && f->depth == depth && strcmp(f->mnemonic, mnemonic) == 0)
            return true;
    }
    return false;
}

/* note_more_without_dates prints, for information, the error findings
 * rfc5280-all-dates raises on an expected-SUCCESS case and rfc5280 does not. */
static void note_more_without_dates(const limbo_case *lc, const xs_report *all_dates,
                                    const xs_report *builtin, case_result *r)
{
    for (size_t i = 0; i < xs_report_finding_count(all_dates); i++) {
        const xs_finding *f = xs_report_finding(all_dates, i);
        if (f->severity != XS_SEV_ERROR || has_error(builtin, f->mnemonic, f->depth))
            continue;
        if (!r->more_without_dates)
            printf("%s: note: %s: limbo expects SUCCESS; with effective_dates off rfc5280 also "
                   "raises:\n",
                   TEST_NAME, lc->id);
        r->more_without_dates = true;
        printf("    error %-36s depth %2d  %s\n", f->mnemonic, f->depth, f->message);
    }
}

static void run_case(size_t index, xs_policy *const policies[], chunk_state *cs)
{
    limbo_case lc;
    case_inputs in;
    xs_report *reports[POLICY_COUNT] = {NULL};
    case_result *r = &g_results->cases[index];
    const char *bad_field = limbo_read_case(&g_limbo, index, &lc);
    ck_assert_msg(bad_field == NULL, "limbo test case %zu: missing or invalid %s", index,
                  bad_field);
    r->exclusion = (unsigned char)exclusion_of(index);
    if (r->exclusion != EX_NONE)
        return;
    load_inputs(&lc, &in);
    r->ran = true;
    if (xs_certs_count(in.leaf) != 1) {
        /* Every policy rejects a chain whose leaf does not load. */
        g_results->unloadable_leaves++;
        for (int p = 0; p < POLICY_COUNT; p++)
            r->rejected[p] = true;
        if (lc.expect_success) {
            r->unlisted = true;
            note_problem(cs, lc.id, "the peer certificate does not load");
        }
        limbo_certs_free(&in);
        return;
    }
    for (int p = 0; p < POLICY_COUNT; p++) {
        reports[p] = verify(policies[p], &in, &lc);
        if (reports[p] == NULL) {
            r->library_error[p] = true;
            r->rejected[p] = true;
            note_problem(cs, lc.id, "the library returned an error status");
            continue;
        }
        r->rejected[p] = xs_report_verdict(reports[p]) == XS_VERDICT_REJECT;
    }
    if (lc.expect_success && reports[POL_RFC5280] != NULL && r->rejected[POL_RFC5280] &&
        !judge_success_case(&lc, reports[POL_RFC5280], r))
        note_problem(cs, lc.id, "expected SUCCESS, rejected under rfc5280, not allowlisted");
    if (lc.expect_success && reports[POL_ALL_DATES] != NULL && r->rejected[POL_ALL_DATES])
        note_more_without_dates(&lc, reports[POL_ALL_DATES], reports[POL_RFC5280], r);
    for (int p = 0; p < POLICY_COUNT; p++)
        xs_report_free(reports[p]);
    limbo_certs_free(&in);
}

static void load_policies(xs_policy *policies[])
{
    char err[LINE_CHARS] = "";
    for (int p = 0; p < POLICY_COUNT; p++) {
        xs_status st = p == POL_ALL_DATES
                           ? xs_policy_parse(&policies[p], ALL_DATES_POLICY,
                                             sizeof ALL_DATES_POLICY - 1, POLICY_NAMES[p], NULL,
                                             err, sizeof err)
                           : xs_policy_builtin(&policies[p], POLICY_NAMES[p], err, sizeof err);
        if (st != XS_OK) {
            limbo_free_policies(policies, POLICY_COUNT);
            ck_abort_msg("policy %s: %s: %s", POLICY_NAMES[p],
                         xs_status_string(st), err);
        }
    }
}

START_TEST(test_limbo_rfc5280_chunk)
{
    size_t first, end;
    xs_policy *policies[POLICY_COUNT] = {NULL};
    chunk_state cs = {0, ""};
    limbo_chunk_bounds(_i, g_limbo.case_count, &first, &end);
    load_policies(policies);
    for (size_t i = first; i < end; i++)
        run_case(i, policies, &cs);
    limbo_free_policies(policies, POLICY_COUNT);
    g_results->chunks_finished++;
    fflush(stdout);
    ck_assert_msg(cs.problems == 0, "cases %zu..%zu: %ld problems (first: %s)", first, end - 1,
                  cs.problems, cs.first_problem);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* The allowlist file                                                        */

static char *dup_range(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p != NULL) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static const char *skip_blanks(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

static size_t word_length(const char *p)
{
    size_t n = 0;
    while (p[n] != '\0' && p[n] != ' ' && p[n] != '\t')
        n++;
    return n;
}

static void free_allowlist(void)
{
    for (size_t i = 0; i < g_allowed_count; i++) {
        free(g_allowed[i].id);
        free(g_allowed[i].mnemonic);
        free(g_allowed[i].reason);
    }
    g_allowed_count = 0;
}

/* parse_allowed_line reads "<case id> <MNEMONIC> <reason>" into the next
 * entry, or says what is wrong. */
static const char *parse_allowed_line(const char *line, int line_no)
{
    const char *id = skip_blanks(line);
    size_t id_len = word_length(id);
    const char *mnemonic = skip_blanks(id + id_len);
    size_t mnemonic_len = word_length(mnemonic);
    const char *reason = skip_blanks(mnemonic + mnemonic_len);
    if (id_len == 0 || mnemonic_len == 0 || *reason == '\0')
        return "expected \"<case id> <MNEMONIC> <reason>\"";
    if (g_allowed_count == MAX_ALLOWED)
        return "too many entries";
    allowed_entry *e = &g_allowed[g_allowed_count];
    e->id = dup_range(id, id_len);
    e->mnemonic = dup_range(mnemonic, mnemonic_len);
    e->reason = dup_range(reason, strlen(reason));
    e->line = line_no;
    if (e->id == NULL || e->mnemonic == NULL || e->reason == NULL)
        return "out of memory";
    g_allowed_count++;
    if (xs_rule_find(e->mnemonic) == NULL)
        return "no rule has this mnemonic";
    if (find_allowed(e->id, e->mnemonic) != (long)g_allowed_count - 1)
        return "duplicate entry";
    return NULL;
}

static bool load_allowlist(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[LINE_CHARS];
    int line_no = 0;
    bool ok = true;
    if (f == NULL) {
        fprintf(stderr, "%s: cannot read %s: %s\n", TEST_NAME, path, strerror(errno));
        return false;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        size_t n = strlen(line);
        line_no++;
        if (n > 0 && line[n - 1] != '\n' && !feof(f)) {
            fprintf(stderr, "%s:%d: line too long\n", path, line_no);
            ok = false;
            break;
        }
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
            line[--n] = '\0';
        const char *p = skip_blanks(line);
        if (*p == '\0' || *p == '#')
            continue;
        const char *why = parse_allowed_line(p, line_no);
        if (why != NULL) {
            fprintf(stderr, "%s:%d: %s\n", path, line_no, why);
            ok = false;
        }
    }
    fclose(f);
    return ok;
}

/* ------------------------------------------------------------------------ */
/* The summary                                                               */

typedef struct {
    long cases;
    long rejected[POLICY_COUNT];
    long strict_only; /* openssl-strict rejects, rfc5280 accepts */
    long rfc5280_only;
    long allowlisted;
    long unlisted;
    long more_without_dates;
    long strict_only_all_dates; /* openssl-strict rejects, rfc5280-all-dates accepts */
} ns_tally;

typedef struct {
    ns_tally success[NS_COUNT];
    ns_tally failure[NS_COUNT];
    long excluded[EX_COUNT];
    long excluded_by_expectation[EX_COUNT][2]; /* [FAILURE, SUCCESS] */
    long not_run;
    long library_errors;
} summary;

static bool expects_success(size_t index)
{
    return tj_string_is(tj_get(tj_at(g_limbo.testcases, index), "expected_result"), "SUCCESS");
}

static const char *case_id(size_t index)
{
    return tj_string(tj_get(tj_at(g_limbo.testcases, index), "id"), NULL);
}

static void tally_case(summary *s, size_t index)
{
    const case_result *r = &g_results->cases[index];
    bool success = expects_success(index);
    if (r->exclusion != EX_NONE) {
        s->excluded[r->exclusion]++;
        s->excluded_by_expectation[r->exclusion][success]++;
        return;
    }
    if (!r->ran) {
        s->not_run++;
        return;
    }
    ns_tally *t = success ? &s->success[namespace_of(case_id(index))]
                          : &s->failure[namespace_of(case_id(index))];
    t->cases++;
    for (int p = 0; p < POLICY_COUNT; p++) {
        t->rejected[p] += r->rejected[p];
        s->library_errors += r->library_error[p];
    }
    t->strict_only += r->rejected[POL_STRICT] && !r->rejected[POL_RFC5280];
    t->rfc5280_only += r->rejected[POL_RFC5280] && !r->rejected[POL_STRICT];
    t->allowlisted += r->allowlisted;
    t->unlisted += r->unlisted;
    t->more_without_dates += r->more_without_dates;
    t->strict_only_all_dates += r->rejected[POL_STRICT] && !r->rejected[POL_ALL_DATES];
}

static void add_ns_tally(ns_tally *sum, const ns_tally *t)
{
    sum->cases += t->cases;
    for (int p = 0; p < POLICY_COUNT; p++)
        sum->rejected[p] += t->rejected[p];
    sum->strict_only += t->strict_only;
    sum->rfc5280_only += t->rfc5280_only;
    sum->allowlisted += t->allowlisted;
    sum->unlisted += t->unlisted;
    sum->more_without_dates += t->more_without_dates;
    sum->strict_only_all_dates += t->strict_only_all_dates;
}

static ns_tally total_of(const ns_tally tallies[])
{
    ns_tally sum = {0};
    for (int ns = 0; ns < NS_COUNT; ns++)
        add_ns_tally(&sum, &tallies[ns]);
    return sum;
}

static void print_exclusions(const summary *s)
{
    long total = 0;
    printf("\nExcluded (expectations RFC 5280 does not share):\n");
    for (int e = 1; e < EX_COUNT; e++) {
        printf("  %4ld  (%ld expected FAILURE, %ld expected SUCCESS)  %s\n", s->excluded[e],
               s->excluded_by_expectation[e][0], s->excluded_by_expectation[e][1],
               EXCLUSION_REASONS[e]);
        total += s->excluded[e];
    }
    printf("  %4ld  in all\n", total);
    for (size_t i = 0; i < g_limbo.case_count; i++)
        if (g_results->cases[i].exclusion != EX_NONE)
            printf("        %s (%s)\n", case_id(i), expects_success(i) ? "SUCCESS" : "FAILURE");
}

static void print_success_table(const summary *s)
{
    printf("\nExpected SUCCESS (no false positives): cases rejected under each policy; "
           "allowlisted/unlisted: rfc5280's rejections; more errors: cases where "
           "rfc5280-all-dates raises errors rfc5280 does not (information)\n");
    printf("%-13s %6s %8s %15s %18s %12s %9s %12s\n", "namespace", "cases", "rfc5280",
           "openssl-strict", "rfc5280-all-dates", "allowlisted", "unlisted", "more errors");
    for (int ns = 0; ns <= NS_COUNT; ns++) {
        ns_tally t = ns < NS_COUNT ? s->success[ns] : total_of(s->success);
        if (ns < NS_COUNT && t.cases == 0)
            continue;
        printf("%-13s %6ld %8ld %15ld %18ld %12ld %9ld %12ld\n",
               ns < NS_COUNT ? NAMESPACE_NAMES[ns] : "all", t.cases, t.rejected[POL_RFC5280],
               t.rejected[POL_STRICT], t.rejected[POL_ALL_DATES], t.allowlisted, t.unlisted,
               t.more_without_dates);
    }
}

static void print_failure_table(const summary *s)
{
    printf("\nExpected FAILURE: cases rejected under each policy; rfc5280 only / strict only: "
           "rejected under one of rfc5280 and openssl-strict but not the other\n");
    printf("%-13s %6s %8s %15s %18s %13s %12s %24s\n", "namespace", "cases", "rfc5280",
           "openssl-strict", "rfc5280-all-dates", "rfc5280 only", "strict only",
           "strict, not all-dates");
    for (int ns = 0; ns <= NS_COUNT; ns++) {
        ns_tally t = ns < NS_COUNT ? s->failure[ns] : total_of(s->failure);
        if (ns < NS_COUNT && t.cases == 0)
            continue;
        printf("%-13s %6ld %8ld %15ld %18ld %13ld %12ld %24ld\n",
               ns < NS_COUNT ? NAMESPACE_NAMES[ns] : "all", t.cases, t.rejected[POL_RFC5280],
               t.rejected[POL_STRICT], t.rejected[POL_ALL_DATES], t.rfc5280_only, t.strict_only,
               t.strict_only_all_dates);
    }
}

static void print_case_lists(void)
{
    long n = 0;
    printf("\nExpected FAILURE, rejected by openssl-strict but accepted by rfc5280:");
    for (size_t i = 0; i < g_limbo.case_count; i++) {
        const case_result *r = &g_results->cases[i];
        if (r->ran && !expects_success(i) && r->rejected[POL_STRICT] &&
            !r->rejected[POL_RFC5280]) {
            printf("\n  %s%s", case_id(i),
                   r->rejected[POL_ALL_DATES] ? " (rejected by rfc5280-all-dates)" : "");
            n++;
        }
    }
    printf("%s\n", n == 0 ? " none" : "");
    n = 0;
    printf("\nExpected FAILURE, rejected by rfc5280 but accepted by openssl-strict:");
    for (size_t i = 0; i < g_limbo.case_count; i++) {
        const case_result *r = &g_results->cases[i];
        if (r->ran && !expects_success(i) && r->rejected[POL_RFC5280] &&
            !r->rejected[POL_STRICT]) {
            printf("\n  %s", case_id(i));
            n++;
        }
    }
    printf("%s\n", n == 0 ? " none" : "");
    n = 0;
    printf("\nExpected FAILURE, accepted by rfc5280 (outside bettertls):");
    for (size_t i = 0; i < g_limbo.case_count; i++) {
        const case_result *r = &g_results->cases[i];
        if (r->ran && !expects_success(i) && !r->rejected[POL_RFC5280] &&
            namespace_of(case_id(i)) != NS_BETTERTLS) {
            printf("\n  %s%s", case_id(i),
                   r->rejected[POL_ALL_DATES] ? " (rejected by rfc5280-all-dates)" : "");
            n++;
        }
    }
    printf("%s\n", n == 0 ? " none" : "");
    n = 0;
    printf("\nExpected SUCCESS, rejected by rfc5280 (allowlisted):");
    for (size_t i = 0; i < g_limbo.case_count; i++) {
        const case_result *r = &g_results->cases[i];
        if (!r->allowlisted)
            continue;
        printf("\n  %s:", case_id(i));
        n++;
        for (size_t a = 0; a < g_allowed_count; a++)
            if (strcmp(g_allowed[a].id, case_id(i)) == 0)
                printf(" %s", g_allowed[a].mnemonic);
    }
    printf("%s\n", n == 0 ? " none" : "");
}

/* check_allowlist reports the stale entries: those that matched no error
 * finding. (check_allowed_ids has already refused entries that name a case
 * that is excluded, expected to fail, or not in limbo.) */
static long check_allowlist(void)
{
    long stale = 0;
    for (size_t a = 0; a < g_allowed_count; a++) {
        if (g_results->allowed_hits[a] > 0)
            continue;
        if (stale++ == 0)
            printf("\n");
        printf("%s: FAIL: limbo_rfc5280_allowed.txt:%d: %s %s is stale: rfc5280 raises no "
               "error %s on this expected-SUCCESS case\n",
               TEST_NAME, g_allowed[a].line, g_allowed[a].id, g_allowed[a].mnemonic,
               g_allowed[a].mnemonic);
    }
    return stale;
}

static void print_openssl_only(void)
{
    printf("\n%s: %ld expected-SUCCESS cases are rejected only by OpenSSL's own path validation "
           "(see limbo_differential); x509strict's rules reject none of them\n",
           TEST_NAME, g_results->openssl_only_rejects);
}

/* print_summary prints every table and returns whether the test passes. */
static bool print_summary(size_t chunk_count, int failed_chunks)
{
    summary s;
    memset(&s, 0, sizeof s);
    for (size_t i = 0; i < g_limbo.case_count; i++)
        tally_case(&s, i);
    printf("\n%s: libx509strict " XS_VERSION_STRING " on %zu x509-limbo cases, policies rfc5280 "
           "and openssl-strict, and rfc5280-all-dates for information (%ld of %zu chunks "
           "finished); %zu allowlist entries\n",
           TEST_NAME, g_limbo.case_count, g_results->chunks_finished, chunk_count, g_allowed_count);
    printf("Certificates loaded: %ld, refused by the library: %ld; cases whose leaf does not "
           "load: %ld; library error statuses: %ld\n",
           g_results->certificates, g_results->certificates_refused,
           g_results->unloadable_leaves, s.library_errors);
    print_exclusions(&s);
    print_success_table(&s);
    print_failure_table(&s);
    print_case_lists();
    print_openssl_only();
    long stale = check_allowlist();
    ns_tally ok = total_of(s.success), bad = total_of(s.failure);
    bool more = bad.rejected[POL_RFC5280] >= bad.rejected[POL_STRICT];
    printf("\n%s: expected SUCCESS: %ld judged, %ld rejected by rfc5280 (%ld allowlisted, %ld "
           "not), %ld stale allowlist entries\n",
           TEST_NAME, ok.cases, ok.rejected[POL_RFC5280], ok.allowlisted, ok.unlisted, stale);
    printf("%s: expected FAILURE: %ld judged, rejected by rfc5280 %ld, by openssl-strict %ld "
           "(%+ld)%s\n",
           TEST_NAME, bad.cases, bad.rejected[POL_RFC5280], bad.rejected[POL_STRICT],
           bad.rejected[POL_RFC5280] - bad.rejected[POL_STRICT],
           more ? "" : ": FAIL: rfc5280 must reject at least as many");
    bool pass = failed_chunks == 0 && (size_t)g_results->chunks_finished == chunk_count &&
                s.not_run == 0 && s.library_errors == 0 && ok.unlisted == 0 && stale == 0 &&
                more;
    printf("%s: %s\n", TEST_NAME, pass ? "PASS" : "FAIL");
    return pass;
}

/* ------------------------------------------------------------------------ */
/* Setup                                                                     */

/* check_allowed_ids: every allowlist entry names a limbo case that is judged
 * and expected to succeed. */
static bool check_allowed_ids(void)
{
    bool ok = true;
    for (size_t a = 0; a < g_allowed_count; a++) {
        size_t i = 0;
        while (i < g_limbo.case_count &&
               (case_id(i) == NULL || strcmp(case_id(i), g_allowed[a].id) != 0))
            i++;
        const char *why = NULL;
        if (i == g_limbo.case_count)
            why = "no limbo case has this id";
        else if (!expects_success(i))
            why = "limbo expects this case to fail";
        else if (exclusion_of(i) != EX_NONE)
            why = "this case is excluded";
        if (why != NULL) {
            fprintf(stderr, "%s: limbo_rfc5280_allowed.txt:%d: %s: %s\n", TEST_NAME,
                    g_allowed[a].line, g_allowed[a].id, why);
            ok = false;
        }
    }
    return ok;
}

int main(void)
{
    int status = limbo_open(TEST_NAME, &g_limbo);
    if (status != EXIT_SUCCESS)
        return status;
    status = EXIT_FAILURE;
    if (!load_allowlist(XS_LIMBO_RFC5280_ALLOWLIST) || !check_allowed_ids())
        goto err;
    g_results_size = sizeof(shared_results) + g_limbo.case_count * sizeof(case_result);
    if ((g_results = limbo_map_shared(g_results_size)) == NULL) {
        fprintf(stderr, "%s: cannot set up: %s\n", TEST_NAME, strerror(errno));
        goto err;
    }
    int failed = limbo_run_chunks("x509-limbo under rfc5280", "rfc5280",
                                  test_limbo_rfc5280_chunk, g_limbo.chunk_count);
    if (print_summary(g_limbo.chunk_count, failed))
        status = EXIT_SUCCESS;
    limbo_unmap_shared(g_results, g_results_size);
err:
    tj_free(g_limbo.doc);
    free_allowlist();
    return status;
}
