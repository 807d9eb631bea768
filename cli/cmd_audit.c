/*
 * x509strict audit: every certificate of whole stores judged under several
 * policies at once, the way a TLS client meets each of them; first the list
 * that matters (what passes plain OpenSSL but breaks under Python 3.13),
 * then a summary per policy and per mnemonic, then every certificate.
 *
 * This file is the command's outline: options, then the stores and the
 * context they are chained against, then judging (in worker processes with
 * --jobs; cli/audit/workers.c says why processes and not threads), then the
 * document. Input is read member by member, never whole, so a stream of any
 * length runs in a bounded window of batches. cli/audit/audit.h lists the
 * parts.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"

/* Stores smaller than this (about 1,000 PEM certificates) run in one
 * process unless --jobs says otherwise. */
#define SMALL_STORE_BYTES (2u << 20)

/* start_audit makes the auditor and the summary for the policies loaded. */
static int start_audit(run *R)
{
    char err[512] = "";
    xs_status st = xs_auditor_new(&R->auditor, (const xs_policy *const *)R->policies, R->npol,
                                  R->lint_only ? XS_AUDIT_LINT_ONLY : 0, err, sizeof(err));
    if (st != XS_OK) {
        return cli_fail("audit: %s", err[0] ? err : xs_status_string(st));
    }
    if (!R->compare_mode) {
        R->from = xs_auditor_policy_index(R->auditor, "openssl-default");
        R->to = xs_auditor_policy_index(R->auditor, "python-3.13");
    }
    if (xs_audit_summary_new(&R->summary, R->auditor, R->from, R->to,
                             R->compare_mode ? XS_AUDIT_EMIT_COMPARE : 0) != XS_OK) {
        return cli_fail("out of memory");
    }
    return -1;
}

/* add_stores lists the files of the STORE arguments (default: the system
 * store) and names where they came from. */
static int add_stores(run *R, char **stores, int nstores)
{
    int status = nstores == 0 ? add_default_store(R) : -1;
    for (int i = 0; status < 0 && i < nstores; i++) {
        status = add_store(R, stores[i]);
    }
    if (status < 0 && nstores > 0) {
        snprintf(R->origin, sizeof(R->origin), "%.500s%s",
                 strcmp(stores[0], "-") == 0 ? "standard input" : stores[0],
                 nstores > 1 ? ", ..." : "");
    }
    return status;
}

static int setup(run *R, char **stores, int nstores)
{
    int status = load_policies(R);
    if (status < 0) {
        status = start_audit(R);
    }
    if (status < 0) {
        status = add_stores(R, stores, nstores);
    }
    if (status < 0 && !R->lint_only) {
        status = load_context(R);
    }
    return status;
}

/* jobs_for_run is --jobs, or every core, or one for a small store. */
static long jobs_for_run(const run *R)
{
    if (R->jobs > 0) {
        return R->jobs;
    }
    if (!R->any_stdin && R->bytes_total < SMALL_STORE_BYTES) {
        return 1; /* a trust store: starting workers would cost more than it saves */
    }
    return sysconf(_SC_NPROCESSORS_ONLN);
}

static int finish(run *R)
{
    if (R->stream) {
        if (R->write_failed) {
            return cli_fail("audit: cannot write the records: %s", strerror(errno));
        }
    } else if (!write_document(R) || fflush(stdout) != 0 || ferror(stdout)) {
        return cli_fail("audit: cannot write the report");
    }
    if (xs_audit_summary_get(R->summary, XS_AUDIT_CERTIFICATES) == 0) {
        return cli_fail("audit: %s: no certificate found", R->origin);
    }
    return xs_audit_summary_get(R->summary, XS_AUDIT_REJECTED) > 0 ? EXIT_REJECT : EXIT_ACCEPT;
}

static void cleanup(run *R)
{
    if (R->rd_open) {
        reader_cleanup(&R->rd);
    }
    for (size_t i = 0; i < R->nsources; i++) {
        free(R->sources[i].path);
    }
    free(R->sources);
    for (size_t i = 0; i < R->ngroups; i++) {
        free(R->seen[i].slots);
    }
    free(R->seen);
    free(R->workers);
    bytes_free(&R->out);
    spill_free(&R->records);
    spill_free(&R->changes);
    xs_audit_summary_free(R->summary);
    xs_auditor_free(R->auditor);
    for (size_t p = 0; p < R->npol; p++) {
        xs_policy_free(R->policies[p]);
    }
}

int cmd_audit(int argc, char **argv)
{
    run R;
    memset(&R, 0, sizeof(R));
    R.at = cli_now();
    R.progress = -1;
    R.from = R.to = -1;
    int status = parse_options(&R, argc, argv);
    if (status < 0) {
        R.started = R.last_progress = seconds_now();
        status = setup(&R, argv + optind, argc - optind);
    }
    if (status < 0) {
        R.progress = R.progress < 0 ? isatty(STDERR_FILENO) : R.progress;
        status = judge_all(&R, jobs_for_run(&R));
        progress(&R, true);
    }
    if (status < 0) {
        xs_audit_summary_count(R.summary, XS_AUDIT_SKIPPED_DUPLICATES, R.duplicates);
        status = finish(&R);
    }
    if (R.stats && R.summary != NULL) {
        print_stats(&R);
    }
    cleanup(&R);
    return status;
}
