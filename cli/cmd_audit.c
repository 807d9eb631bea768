/*
 * x509strict audit: every certificate of a store judged as a trust anchor,
 * the way a TLS client meets it, under several policies at once; first the
 * certificates that break under Python 3.13 but not under plain OpenSSL.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_POLICIES 8

static const char audit_usage[] =
    "usage: x509strict audit [options] [STORE...]\n"
    "\n"
    "Judges every certificate of each STORE (PEM bundle, DER file, directory; - for\n"
    "standard input; default: the system trust store) as a trust anchor: the anchor\n"
    "of a chain below which sits a synthetic leaf it appears to have issued.\n"
    "\n"
    "  --policy NAME|FILE  a policy to judge under (repeatable; default:\n"
    "                      openssl-default, openssl-strict, python-3.13)\n"
    "  --at TIME           verification time, RFC 3339 or @UNIXSECONDS (default: now)\n"
    "  --format F          text (default) or json\n"
    "\n"
    "Exit status: 0 nothing rejected, 1 a certificate rejected under some policy,\n"
    "2 bad input.\n";

static const char *const default_policies[] = {"openssl-default", "openssl-strict",
                                               "python-3.13"};

typedef struct {
    xs_policy *policies[MAX_POLICIES];
    xs_ctx *ctxs[MAX_POLICIES];
    size_t num_policies;
    xs_certs *store;
    char origin[512];
    int64_t at;
    xs_format format;
    xs_report **reports; /* [certificate * num_policies + policy], NULL if not judged */
    char **skipped;      /* why a certificate could not be judged, or NULL */
} audit;

static void audit_cleanup(audit *a)
{
    size_t n = xs_certs_count(a->store);
    for (size_t i = 0; a->reports != NULL && i < n * a->num_policies; i++) {
        xs_report_free(a->reports[i]);
    }
    for (size_t i = 0; a->skipped != NULL && i < n; i++) {
        free(a->skipped[i]);
    }
    free(a->reports);
    free(a->skipped);
    for (size_t p = 0; p < a->num_policies; p++) {
        xs_ctx_free(a->ctxs[p]);
        xs_policy_free(a->policies[p]);
    }
    xs_certs_free(a->store);
}

static xs_report *report_of(const audit *a, size_t cert, size_t policy)
{
    return a->reports[cert * a->num_policies + policy];
}

static int policy_index(const audit *a, const char *name)
{
    for (size_t p = 0; p < a->num_policies; p++) {
        if (strcmp(xs_policy_name(a->policies[p]), name) == 0) {
            return (int)p;
        }
    }
    return -1;
}

static int add_policy(audit *a, const char *name)
{
    if (a->num_policies == MAX_POLICIES) {
        return cli_fail("audit: at most %d policies", MAX_POLICIES);
    }
    xs_policy *p = cli_load_policy(name);
    if (p == NULL) {
        return EXIT_INPUT;
    }
    a->policies[a->num_policies] = p;
    xs_status st = xs_ctx_new(&a->ctxs[a->num_policies], p);
    if (st != XS_OK) {
        a->num_policies++;
        return cli_fail("audit: %s", xs_status_string(st));
    }
    a->num_policies++;
    return -1;
}

static int load_stores(audit *a, char **paths, int num_paths)
{
    if (xs_certs_new(&a->store) != XS_OK) {
        return cli_fail("out of memory");
    }
    if (num_paths == 0) {
        char err[512] = "";
        if (xs_certs_load_default_store(a->store, a->origin, sizeof(a->origin), err,
                                        sizeof(err)) != XS_OK) {
            return cli_fail("audit: %s", err);
        }
        return -1;
    }
    for (int i = 0; i < num_paths; i++) {
        if (cli_load_certs(a->store, paths[i]) != 0) {
            return EXIT_INPUT;
        }
    }
    snprintf(a->origin, sizeof(a->origin), "%s%s", paths[0], num_paths > 1 ? ", ..." : "");
    return -1;
}

static int judge_all(audit *a)
{
    size_t n = xs_certs_count(a->store);
    a->reports = calloc(n * a->num_policies + 1, sizeof(*a->reports));
    a->skipped = calloc(n + 1, sizeof(*a->skipped));
    if (a->reports == NULL || a->skipped == NULL) {
        return cli_fail("out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t p = 0; p < a->num_policies && a->skipped[i] == NULL; p++) {
            char err[256] = "";
            xs_status st = xs_verify_anchor(a->ctxs[p], &a->reports[i * a->num_policies + p],
                                            a->store, i, a->at, err, sizeof(err));
            if (st == XS_ERR_NOMEM) {
                return cli_fail("out of memory");
            }
            if (st != XS_OK) {
                char subject[256];
                xs_certs_subject(a->store, i, subject, sizeof(subject));
                size_t need = strlen(err) + strlen(subject) + 8;
                if ((a->skipped[i] = malloc(need)) != NULL) {
                    snprintf(a->skipped[i], need, "%s: %s", subject, err);
                }
            }
        }
    }
    return -1;
}

static bool rejected(const xs_report *r)
{
    return r != NULL && xs_report_verdict(r) == XS_VERDICT_REJECT;
}

/* finding_list writes the error mnemonics of `r` (at the anchor, depth 1,
 * and anywhere else) as "A, B, C". */
static void finding_list(const xs_report *r, char *out, size_t out_len)
{
    size_t used = 0;
    out[0] = 0;
    for (size_t i = 0; r != NULL && i < xs_report_finding_count(r); i++) {
        const xs_finding *f = xs_report_finding(r, i);
        if (f->severity != XS_SEV_ERROR || used >= out_len) {
            continue;
        }
        int n = snprintf(out + used, out_len - used, "%s%s@%d", used ? ", " : "", f->mnemonic,
                         f->depth);
        used += n > 0 ? (size_t)n : 0;
    }
}

static void print_breakage(const audit *a)
{
    int base = policy_index(a, "openssl-default");
    int py = policy_index(a, "python-3.13");
    if (base < 0 || py < 0) {
        return;
    }
    size_t n = xs_certs_count(a->store), count = 0;
    for (size_t i = 0; i < n; i++) {
        count += !rejected(report_of(a, i, (size_t)base)) && rejected(report_of(a, i, (size_t)py));
    }
    printf("\nPass openssl-default but fail python-3.13: %zu\n", count);
    for (size_t i = 0; i < n; i++) {
        const xs_report *r = report_of(a, i, (size_t)py);
        if (rejected(report_of(a, i, (size_t)base)) || !rejected(r)) {
            continue;
        }
        char subject[512], sha[65], list[512];
        xs_certs_subject(a->store, i, subject, sizeof(subject));
        xs_certs_sha256_hex(a->store, i, sha);
        finding_list(r, list, sizeof(list));
        const xs_python_outcome *pyo = xs_report_python(r);
        printf("  %s\n    sha256:%s\n    Python: certificate verify failed: %s (verify_code %d)\n"
               "    findings: %s\n",
               subject, sha, pyo->verify_message != NULL ? pyo->verify_message : "(none)",
               pyo->verify_code, list);
    }
}

static void print_summary(const audit *a)
{
    size_t n = xs_certs_count(a->store);
    printf("\n%-20s %8s %8s\n", "policy", "accept", "reject");
    for (size_t p = 0; p < a->num_policies; p++) {
        size_t bad = 0, judged = 0;
        for (size_t i = 0; i < n; i++) {
            judged += report_of(a, i, p) != NULL;
            bad += rejected(report_of(a, i, p));
        }
        printf("%-20s %8zu %8zu\n", xs_policy_name(a->policies[p]), judged - bad, bad);
    }
    for (size_t i = 0; i < n; i++) {
        if (a->skipped[i] != NULL) {
            printf("not judged: %s\n", a->skipped[i]);
        }
    }
}

static void print_rejections(const audit *a)
{
    size_t n = xs_certs_count(a->store);
    printf("\nRejected under some policy:\n");
    for (size_t i = 0; i < n; i++) {
        bool any = false;
        for (size_t p = 0; p < a->num_policies; p++) {
            any = any || rejected(report_of(a, i, p));
        }
        if (!any) {
            continue;
        }
        char subject[512];
        xs_certs_subject(a->store, i, subject, sizeof(subject));
        printf("  %s\n", subject);
        for (size_t p = 0; p < a->num_policies; p++) {
            char list[512];
            finding_list(report_of(a, i, p), list, sizeof(list));
            printf("    %-18s %s\n", xs_policy_name(a->policies[p]), list[0] ? list : "accept");
        }
    }
}

static int print_text(const audit *a)
{
    printf("x509strict audit: %zu certificates from %s, each judged as the anchor of a chain "
           "with a synthetic leaf\n",
           xs_certs_count(a->store), a->origin);
    print_breakage(a);
    print_summary(a);
    print_rejections(a);
    return fflush(stdout) == 0 ? -1 : cli_fail("audit: cannot write the report");
}

static int print_json(const audit *a)
{
    size_t n = xs_certs_count(a->store);
    bool first = true;
    fputs("[\n", stdout);
    for (size_t i = 0; i < n * a->num_policies; i++) {
        uint8_t *out = NULL;
        size_t len = 0;
        if (a->reports[i] == NULL) {
            continue;
        }
        if (xs_report_emit(a->reports[i], XS_FORMAT_JSON, 0, &out, &len) != XS_OK) {
            return cli_fail("out of memory");
        }
        fputs(first ? "" : ",\n", stdout);
        fwrite(out, 1, len > 0 ? len - 1 : 0, stdout); /* without its newline */
        xs_free(out);
        first = false;
    }
    fputs("\n]\n", stdout);
    return fflush(stdout) == 0 ? -1 : cli_fail("audit: cannot write the report");
}

static int exit_status(const audit *a)
{
    size_t n = xs_certs_count(a->store);
    for (size_t i = 0; i < n * a->num_policies; i++) {
        if (rejected(a->reports[i])) {
            return EXIT_REJECT;
        }
    }
    return EXIT_ACCEPT;
}

enum { OPT_POLICY = 1000, OPT_AT, OPT_FORMAT };

static const struct option long_options[] = {
    {"policy", required_argument, NULL, OPT_POLICY},
    {"at", required_argument, NULL, OPT_AT},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int parse_options(audit *a, int argc, char **argv)
{
    int c, status = -1;
    while (status < 0 && (c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_POLICY:
            status = add_policy(a, optarg);
            break;
        case OPT_AT:
            if (xs_parse_time(optarg, &a->at) != 0) {
                status = cli_fail("audit: bad --at '%s' (RFC 3339, or @UNIXSECONDS)", optarg);
            }
            break;
        case OPT_FORMAT:
            if (xs_format_parse(optarg, &a->format) != 0 || a->format == XS_FORMAT_CBOR) {
                status = cli_fail("audit: unknown format '%s' (text|json)", optarg);
            }
            break;
        case 'h':
            fputs(audit_usage, stdout);
            return EXIT_ACCEPT;
        default:
            fputs(audit_usage, stderr);
            return EXIT_INPUT;
        }
    }
    bool use_defaults = a->num_policies == 0;
    for (size_t i = 0; status < 0 && use_defaults && i < 3; i++) {
        status = add_policy(a, default_policies[i]);
    }
    return status;
}

int cmd_audit(int argc, char **argv)
{
    audit a;
    memset(&a, 0, sizeof(a));
    a.at = cli_now();
    int status = parse_options(&a, argc, argv);
    if (status < 0) {
        status = load_stores(&a, argv + optind, argc - optind);
    }
    if (status < 0) {
        status = judge_all(&a);
    }
    if (status < 0) {
        status = a.format == XS_FORMAT_JSON ? print_json(&a) : print_text(&a);
    }
    if (status < 0) {
        status = exit_status(&a);
    }
    audit_cleanup(&a);
    return status;
}
