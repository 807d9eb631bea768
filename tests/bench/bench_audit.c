/*
 * bench_audit: x509strict audit's throughput on a generated store, beside
 * OpenSSL's d2i_X509 and X509_verify_cert on the same certificates in the
 * same run, and peak memory. Not a test: it measures.
 *
 *   bench_audit X509STRICT [--count N] [--store FILE] [--jobs LIST] [--repeat R]
 *
 * The store (default: N = 100,000 certificates in bench_audit_store.pem in
 * the current directory, made on first use and kept) is a root, an
 * intermediate and N - 2 TLS leaves below it, half RSA-2048 and half P-256
 * keys, issued with ECDSA P-256: three-certificate chains. Every figure is
 * given two ways: per second of wall-clock time, and per second of CPU time
 * (user + system, the process and its workers), which is what "per core"
 * means on a machine that is busy with other work. Each audit runs R times
 * (default 3) and the least disturbed run counts. "On idle cores" is what
 * the CPU time spread over min(jobs, cores) gives: the speedup an idle
 * machine would show, when a busy one hides it.
 *
 * What it runs:
 *   d2i_X509               every certificate, 1 thread; 2 threads; 2 processes
 *   X509_verify_cert       every leaf, Python 3.13's flags (strict, partial
 *                          chain, trusted first; security level 2; ssl_server),
 *                          one store, one X509_STORE_CTX each: pre-parsed, then
 *                          parsing each leaf from DER first as the audit must
 *   library lint-only      xs_audit_judge + JSON of every certificate, one
 *                          auditor per thread: 1 thread, 2 threads
 *   x509strict audit       the store file, --format jsonl to /dev/null, with
 *                          chains (the three default policies, then
 *                          python-3.13 alone) and with --lint-only, for each
 *                          --jobs
 *   system store           x509strict audit of the system trust store, best of 3
 */
#define _DEFAULT_SOURCE /* wait4 */

#include <errno.h>
#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "certgen.h"
#include "x509strict.h"

typedef struct {
    unsigned char **der;
    size_t *len;
    size_t count;
} corpus;

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_of(const struct rusage *ru)
{
    return (double)ru->ru_utime.tv_sec + (double)ru->ru_utime.tv_usec / 1e6 +
           (double)ru->ru_stime.tv_sec + (double)ru->ru_stime.tv_usec / 1e6;
}

static double process_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------------------ */
/* The store                                                                 */

static int generate(const char *path, size_t n)
{
    fprintf(stderr, "bench_audit: generating %zu certificates in %s (once)...\n", n, path);
    EVP_PKEY *root_key = xt_key("EC"), *int_key = xt_key("EC");
    EVP_PKEY *rsa = xt_key("RSA"), *ec = xt_key("EC");
    xt_spec root_spec = {.subject = "CN=Bench Root CA,O=Bench,C=US",
                         .basic_constraints = "critical,CA:TRUE",
                         .key_usage = "critical,keyCertSign,cRLSign", .not_before_days = -700,
                         .not_after_days = 7300};
    xt_spec int_spec = {.subject = "CN=Bench Issuing CA,O=Bench,C=US",
                        .basic_constraints = "critical,CA:TRUE,pathlen:0",
                        .key_usage = "critical,keyCertSign,cRLSign", .not_before_days = -600,
                        .not_after_days = 3650};
    X509 *root = xt_cert(&root_spec, root_key, NULL, NULL);
    X509 *inter = xt_cert(&int_spec, int_key, root, root_key);
    FILE *f = fopen(path, "w");
    if (f == NULL || root == NULL || inter == NULL || !PEM_write_X509(f, root) ||
        !PEM_write_X509(f, inter)) {
        return -1;
    }
    for (size_t i = 0; i + 2 < n; i++) {
        char subject[64], san[160];
        snprintf(subject, sizeof(subject), "CN=host%zu.bench.example", i);
        snprintf(san, sizeof(san), "DNS:host%zu.bench.example,DNS:www.host%zu.bench.example", i,
                 i);
        xt_spec leaf = {.subject = subject, .serial = (long)(i + 2),
                        .basic_constraints = "critical,CA:FALSE",
                        .key_usage = "critical,digitalSignature,keyEncipherment",
                        .ext_key_usage = "serverAuth,clientAuth", .subject_alt_name = san,
                        .not_after_days = 90};
        X509 *x = xt_cert(&leaf, i % 2 ? ec : rsa, inter, int_key);
        if (x == NULL || !PEM_write_X509(f, x)) {
            return -1;
        }
        X509_free(x);
    }
    X509_free(root);
    X509_free(inter);
    EVP_PKEY_free(root_key);
    EVP_PKEY_free(int_key);
    EVP_PKEY_free(rsa);
    EVP_PKEY_free(ec);
    return fclose(f) == 0 ? 0 : -1;
}

static void load(corpus *c, const char *path)
{
    FILE *f = fopen(path, "r");
    X509 *x;
    size_t cap = 0;
    while (f != NULL && (x = PEM_read_X509(f, NULL, NULL, NULL)) != NULL) {
        if (c->count == cap) {
            cap = cap ? cap * 2 : 1024;
            c->der = realloc(c->der, cap * sizeof(*c->der));
            c->len = realloc(c->len, cap * sizeof(*c->len));
        }
        int len = 0;
        c->der[c->count] = xt_der(x, &len);
        c->len[c->count++] = (size_t)len;
        X509_free(x);
    }
    ERR_clear_error();
    if (f != NULL) {
        fclose(f);
    }
}

/* ------------------------------------------------------------------------ */
/* OpenSSL alone                                                             */

typedef struct {
    const corpus *c;
    size_t from, to;
} range;

static void *d2i_range(void *arg)
{
    const range *r = arg;
    for (size_t i = r->from; i < r->to; i++) {
        const unsigned char *p = r->c->der[i];
        X509 *x = d2i_X509(NULL, &p, (long)r->c->len[i]);
        X509_free(x);
    }
    return NULL;
}

typedef struct {
    double wall, cpu; /* seconds */
} timing;

static timing d2i_threads(const corpus *c, int threads)
{
    pthread_t t[8];
    range r[8];
    double w0 = wall(), c0 = process_cpu();
    for (int i = 0; i < threads; i++) {
        r[i] = (range){c, c->count * (size_t)i / (size_t)threads,
                       c->count * (size_t)(i + 1) / (size_t)threads};
        pthread_create(&t[i], NULL, d2i_range, &r[i]);
    }
    for (int i = 0; i < threads; i++) {
        pthread_join(t[i], NULL);
    }
    return (timing){wall() - w0, process_cpu() - c0};
}

static timing d2i_processes(const corpus *c, int procs)
{
    struct rusage before, after;
    getrusage(RUSAGE_CHILDREN, &before);
    double w0 = wall();
    for (int i = 0; i < procs; i++) {
        if (fork() == 0) {
            range r = {c, c->count * (size_t)i / (size_t)procs,
                       c->count * (size_t)(i + 1) / (size_t)procs};
            d2i_range(&r);
            _exit(0);
        }
    }
    while (wait(NULL) > 0) {
    }
    getrusage(RUSAGE_CHILDREN, &after);
    return (timing){wall() - w0, cpu_of(&after) - cpu_of(&before)};
}

/* verify_all runs X509_verify_cert on every leaf: pre-parsed, or (with
 * `parse`) parsing each leaf from its DER first, as the audit must. */
static timing verify_all(const corpus *c, bool parse, size_t *rejected)
{
    X509 **xs = calloc(c->count, sizeof(*xs));
    for (size_t i = 0; i < c->count; i++) {
        const unsigned char *p = c->der[i];
        xs[i] = i < 2 || !parse ? d2i_X509(NULL, &p, (long)c->len[i]) : NULL;
    }
    X509_STORE *store = X509_STORE_new();
    X509_STORE_add_cert(store, xs[0]);
    STACK_OF(X509) *untrusted = sk_X509_new_null();
    sk_X509_push(untrusted, xs[1]);
    *rejected = 0;
    double w0 = wall(), c0 = process_cpu();
    for (size_t i = 2; i < c->count; i++) {
        X509 *leaf = xs[i];
        if (parse) {
            const unsigned char *p = c->der[i];
            leaf = d2i_X509(NULL, &p, (long)c->len[i]);
        }
        X509_STORE_CTX *ctx = X509_STORE_CTX_new();
        X509_STORE_CTX_init(ctx, store, leaf, untrusted);
        X509_STORE_CTX_set_default(ctx, "ssl_server");
        X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(ctx);
        X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_X509_STRICT | X509_V_FLAG_PARTIAL_CHAIN |
                                               X509_V_FLAG_TRUSTED_FIRST);
        X509_VERIFY_PARAM_set_auth_level(param, 2);
        *rejected += X509_verify_cert(ctx) <= 0;
        X509_STORE_CTX_free(ctx);
        if (parse) {
            X509_free(leaf);
        }
    }
    timing t = {wall() - w0, process_cpu() - c0};
    ERR_clear_error();
    sk_X509_free(untrusted);
    X509_STORE_free(store);
    for (size_t i = 0; i < c->count; i++) {
        X509_free(xs[i]);
    }
    free(xs);
    return t;
}

/* The library's lint-only audit of a range (judge, render as JSON Lines),
 * one auditor per thread. */
typedef struct {
    const corpus *c;
    size_t from, to;
    xs_policy *policies[3];
} lint_job;

static void *lint_range(void *arg)
{
    lint_job *job = arg;
    xs_auditor *a = NULL;
    if (xs_auditor_new(&a, (const xs_policy *const *)job->policies, 3, XS_AUDIT_LINT_ONLY, NULL,
                       0) != XS_OK) {
        return NULL;
    }
    for (size_t i = job->from; i < job->to; i++) {
        xs_audit_record *r = NULL;
        uint8_t *out = NULL;
        size_t len = 0;
        if (xs_audit_judge(a, &r, job->c->der[i], job->c->len[i], 0, NULL, 1780000000) == XS_OK &&
            xs_audit_record_emit(r, XS_FORMAT_JSON, XS_AUDIT_EMIT_STREAM, &out, &len) == XS_OK) {
            xs_free(out);
        }
        xs_audit_record_free(r);
    }
    xs_auditor_free(a);
    return NULL;
}

static timing lint_threads(const corpus *c, int threads)
{
    static const char *const names[3] = {"openssl-default", "python-3.13", "rfc5280"};
    pthread_t t[8];
    lint_job jobs[8];
    for (int i = 0; i < threads; i++) {
        jobs[i] = (lint_job){c, c->count * (size_t)i / (size_t)threads,
                             c->count * (size_t)(i + 1) / (size_t)threads, {NULL}};
        for (int p = 0; p < 3; p++) {
            xs_policy_builtin(&jobs[i].policies[p], names[p], NULL, 0);
        }
    }
    double w0 = wall(), c0 = process_cpu();
    for (int i = 0; i < threads; i++) {
        pthread_create(&t[i], NULL, lint_range, &jobs[i]);
    }
    for (int i = 0; i < threads; i++) {
        pthread_join(t[i], NULL);
    }
    timing out = {wall() - w0, process_cpu() - c0};
    for (int i = 0; i < threads; i++) {
        for (int p = 0; p < 3; p++) {
            xs_policy_free(jobs[i].policies[p]);
        }
    }
    return out;
}

/* ------------------------------------------------------------------------ */
/* The command                                                               */

typedef struct {
    timing t;
    double cpu_parent, cpu_workers; /* from --stats */
    long peak_parent_kib, peak_worker_kib;
    int status;
} command_run;

/* run_audit runs x509strict audit ARGS..., output to /dev/null, and reads
 * its --stats line for peak memory. */
static command_run run_audit(const char *x509strict, const char *const *args, size_t nargs)
{
    command_run out = {{0, 0}, 0, 0, 0, 0, -1};
    int pipefd[2];
    if (pipe(pipefd) != 0) {
        return out;
    }
    double w0 = wall();
    pid_t pid = fork();
    if (pid == 0) {
        char *argv[32] = {strdup(x509strict), strdup("audit"), strdup("--stats"),
                          strdup("--no-progress")};
        size_t n = 4;
        for (size_t i = 0; i < nargs && n < 31; i++) {
            argv[n++] = strdup(args[i]);
        }
        argv[n] = NULL;
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 1);
        dup2(pipefd[1], 2);
        close(pipefd[0]);
        execv(x509strict, argv);
        _exit(127);
    }
    close(pipefd[1]);
    char stats[1024] = "";
    size_t used = 0;
    ssize_t r;
    while ((r = read(pipefd[0], stats + used, sizeof(stats) - 1 - used)) > 0) {
        used += (size_t)r;
    }
    stats[used] = 0;
    close(pipefd[0]);
    int ws = 0;
    struct rusage ru;
    wait4(pid, &ws, 0, &ru);
    out.t.wall = wall() - w0;
    out.t.cpu = cpu_of(&ru);
    out.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
    const char *peak = strstr(stats, "peak RSS ");
    if (peak != NULL) {
        sscanf(peak, "peak RSS %ld KiB (parent), %ld KiB", &out.peak_parent_kib,
               &out.peak_worker_kib);
    }
    const char *cpu = strstr(stats, "; CPU ");
    if (cpu != NULL) {
        sscanf(cpu, "; CPU %lf s (parent), %lf s (workers)", &out.cpu_parent, &out.cpu_workers);
    }
    return out;
}

/* best_of runs a measurement `repeat` times and keeps the fastest wall
 * time and the smallest CPU time: on a shared machine, the least disturbed. */
static command_run best_audit(const char *x509strict, const char *const *args, size_t nargs,
                              int repeat)
{
    command_run best = run_audit(x509strict, args, nargs);
    for (int i = 1; i < repeat; i++) {
        command_run r = run_audit(x509strict, args, nargs);
        if (r.t.wall < best.t.wall) {
            best.t.wall = r.t.wall;
            best.peak_parent_kib = r.peak_parent_kib;
            best.peak_worker_kib = r.peak_worker_kib;
        }
        if (r.t.cpu < best.t.cpu) {
            best.t.cpu = r.t.cpu;
            best.cpu_parent = r.cpu_parent;
            best.cpu_workers = r.cpu_workers;
        }
    }
    return best;
}

static void keep_best(timing *best, timing t)
{
    best->wall = t.wall < best->wall ? t.wall : best->wall;
    best->cpu = t.cpu < best->cpu ? t.cpu : best->cpu;
}

static void line(const char *what, size_t count, timing t, const char *note)
{
    printf("%-52s %10.0f /s wall %10.0f /s CPU  %s\n", what, (double)count / t.wall,
           (double)count / t.cpu, note);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_audit X509STRICT [--count N] [--store FILE] [--jobs 1,2] "
                        "[--repeat R]\n");
        return 2;
    }
    const char *x509strict = argv[1];
    size_t count = 100000;
    const char *store = NULL;
    char jobs_list[64] = "1,2";
    int repeat = 3;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--count") == 0) {
            count = strtoul(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--repeat") == 0) {
            repeat = (int)strtol(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--store") == 0) {
            store = argv[i + 1];
        } else if (strcmp(argv[i], "--jobs") == 0) {
            snprintf(jobs_list, sizeof(jobs_list), "%s", argv[i + 1]);
        }
    }
    char default_store[128];
    if (store == NULL) {
        snprintf(default_store, sizeof(default_store), "bench_audit_store_%zu.pem", count);
        store = default_store;
    }
    struct stat sb;
    if (stat(store, &sb) != 0 && generate(store, count) != 0) {
        fprintf(stderr, "bench_audit: cannot make %s\n", store);
        return 1;
    }
    corpus c = {0};
    load(&c, store);
    if (c.count < 3) {
        fprintf(stderr, "bench_audit: %s holds no store\n", store);
        return 1;
    }
    double load_avg[3] = {0};
    FILE *la = fopen("/proc/loadavg", "r");
    if (la != NULL) {
        if (fscanf(la, "%lf %lf %lf", &load_avg[0], &load_avg[1], &load_avg[2]) != 3) {
            load_avg[0] = -1;
        }
        fclose(la);
    }
    printf("store: %s, %zu certificates (a root, an intermediate, %zu leaves)\n", store, c.count,
           c.count - 2);
    printf("machine: %ld cores, load average %.2f when starting\n\n", sysconf(_SC_NPROCESSORS_ONLN),
           load_avg[0]);

    timing d1 = {1e9, 1e9}, d2t = d1, d2p = d1, v = d1, vp = d1, l1 = d1, l2 = d1;
    size_t rejected = 0;
    for (int r = 0; r < repeat; r++) {
        keep_best(&d1, d2i_threads(&c, 1));
        keep_best(&d2t, d2i_threads(&c, 2));
        keep_best(&d2p, d2i_processes(&c, 2));
        keep_best(&v, verify_all(&c, false, &rejected));
        keep_best(&vp, verify_all(&c, true, &rejected));
        keep_best(&l1, lint_threads(&c, 1));
        keep_best(&l2, lint_threads(&c, 2));
    }
    char note[128];
    line("OpenSSL d2i_X509, 1 thread", c.count, d1, "");
    snprintf(note, sizeof(note), "(%.2fx one thread, wall)", d1.wall / d2t.wall);
    line("OpenSSL d2i_X509, 2 threads", c.count, d2t, note);
    snprintf(note, sizeof(note), "(%.2fx one thread, wall)", d1.wall / d2p.wall);
    line("OpenSSL d2i_X509, 2 processes", c.count, d2p, note);
    snprintf(note, sizeof(note), "(%zu rejected)", rejected);
    line("OpenSSL X509_verify_cert, 1 thread", c.count - 2, v, note);
    line("OpenSSL d2i_X509 + X509_verify_cert, 1 thread", c.count - 2, vp, "");
    line("libx509strict lint-only audit, 1 thread", c.count, l1, "");
    snprintf(note, sizeof(note), "(%.2fx one thread, wall)", l1.wall / l2.wall);
    line("libx509strict lint-only audit, 2 threads", c.count, l2, note);

    /* chains under the three default policies; under python-3.13 alone, the
     * flags of the X509_verify_cert line above; and lint only */
    static const struct {
        const char *name;
        const char *args[2];
    } modes[3] = {
        {"chains, 3 policies", {NULL, NULL}},
        {"chains, python-3.13", {"--policy", "python-3.13"}},
        {"lint-only, 3 policies", {"--lint-only", NULL}},
    };
    for (int m = 0; m < 3; m++) {
        timing one = {0, 0};
        char copy[64];
        snprintf(copy, sizeof(copy), "%s", jobs_list);
        char *save = NULL;
        for (char *j = strtok_r(copy, ",", &save); j != NULL; j = strtok_r(NULL, ",", &save)) {
            const char *args[8] = {"--format", "jsonl", "--jobs", j};
            size_t nargs = 4;
            for (int a = 0; a < 2 && modes[m].args[a] != NULL; a++) {
                args[nargs++] = modes[m].args[a];
            }
            args[nargs++] = store;
            command_run r = best_audit(x509strict, args, nargs, repeat);
            if (one.wall == 0) {
                one = r.t;
            }
            char what[96];
            snprintf(what, sizeof(what), "x509strict audit (%s), --jobs %s", modes[m].name, j);
            long jobs = strtol(j, NULL, 10);
            /* what idle cores would give: all the CPU time, spread over them */
            double idle_wall = r.t.cpu / (double)(jobs < sysconf(_SC_NPROCESSORS_ONLN)
                                                      ? jobs
                                                      : sysconf(_SC_NPROCESSORS_ONLN));
            snprintf(note, sizeof(note),
                     "(%.2fx --jobs 1 wall, %.2fx on idle cores; parent %.2f s CPU; peak %ld + "
                     "%ld KiB; exit %d)",
                     one.wall / r.t.wall, one.cpu / idle_wall, r.cpu_parent, r.peak_parent_kib,
                     r.peak_worker_kib, r.status);
            line(what, c.count, r.t, note);
        }
    }
    command_run sys = best_audit(x509strict, NULL, 0, 3);
    printf("\nsystem trust store: x509strict audit in %.3f s wall, %.3f s CPU (best of 3)\n",
           sys.t.wall, sys.t.cpu);
    for (size_t i = 0; i < c.count; i++) {
        OPENSSL_free(c.der[i]);
    }
    free(c.der);
    free(c.len);
    return 0;
}
