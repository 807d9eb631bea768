/*
 * options.c: the command line of x509strict audit, and the policies it names.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"

static const char audit_usage[] =
    "usage: x509strict audit [options] [STORE...]\n"
    "\n"
    "Judges every certificate of each STORE under each policy, the way a TLS client\n"
    "meets it: a trust anchor (self-issued CA) as the top of a chain below which\n"
    "sits a synthetic leaf; another CA as the issuer of a synthetic leaf, chained to\n"
    "the store; any other certificate as a leaf chained to the store. An expired\n"
    "certificate is also judged at a time inside its validity.\n"
    "\n"
    "A STORE is a directory (searched recursively; OpenSSL hashed directories too),\n"
    "a PEM bundle, a DER file, a PKCS#7 bundle (.p7b), or - for a stream on standard\n"
    "input (PEM, one base64 certificate per line, optionally KEY<TAB>BASE64, or\n"
    "concatenated DER). Default: the system trust store.\n"
    "\n"
    "  --policy NAME|FILE   a policy to judge under (repeatable; default:\n"
    "                       openssl-default, python-3.13, rfc5280)\n"
    "  --compare A B        show only what changes from policy A to policy B\n"
    "  --lint-only          no chain building: every rule on each certificate's bytes\n"
    "  --at TIME            verification time, RFC 3339 or @UNIXSECONDS (default: now)\n"
    "  --format F           text (default), json, cbor, or a stream of one record per\n"
    "                       certificate: jsonl (JSON Lines) or cbor-seq (RFC 8742)\n"
    "  --jobs N             worker processes (default: every core; one for a store\n"
    "                       under 2 MiB)\n"
    "  --trust PATH         more trust anchors for intermediates and leaves (for a\n"
    "                       stream on standard input the default is the system store)\n"
    "  --untrusted PATH     more intermediates for chain building\n"
    "  --progress, --no-progress  a progress line on standard error (default: when\n"
    "                       it is a terminal)\n"
    "  --stats              print time, rate and peak memory on standard error\n"
    "\n"
    "Exit status: 0 no certificate rejected under any policy, 1 some certificate (or\n"
    "a malformed member of the input) rejected, 2 bad input or usage.\n";

static const char *const default_policies[] = {"openssl-default", "python-3.13", "rfc5280"};

enum {
    OPT_POLICY = 1000,
    OPT_AT,
    OPT_FORMAT,
    OPT_JOBS,
    OPT_COMPARE,
    OPT_LINT_ONLY,
    OPT_TRUST,
    OPT_UNTRUSTED,
    OPT_PROGRESS,
    OPT_NO_PROGRESS,
    OPT_STATS,
};

static const struct option long_options[] = {
    {"policy", required_argument, NULL, OPT_POLICY},
    {"at", required_argument, NULL, OPT_AT},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"jobs", required_argument, NULL, OPT_JOBS},
    {"compare", required_argument, NULL, OPT_COMPARE},
    {"lint-only", no_argument, NULL, OPT_LINT_ONLY},
    {"trust", required_argument, NULL, OPT_TRUST},
    {"untrusted", required_argument, NULL, OPT_UNTRUSTED},
    {"progress", no_argument, NULL, OPT_PROGRESS},
    {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
    {"stats", no_argument, NULL, OPT_STATS},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int parse_format(run *R, const char *name)
{
    static const char *const names[] = {"text", "json", "cbor", "jsonl", "cbor-seq"};
    for (int i = 0; i < (int)(sizeof(names) / sizeof(names[0])); i++) {
        if (strcmp(name, names[i]) == 0) {
            R->format = i;
            R->stream = i == FMT_JSONL || i == FMT_CBOR_SEQ;
            return -1;
        }
    }
    return cli_fail("audit: unknown format '%s' (text|json|cbor|jsonl|cbor-seq)", name);
}

static int add_path(const char **list, size_t *n, const char *path, const char *what)
{
    if (*n == MAX_PATHS) {
        return cli_fail("audit: at most %d %s paths", MAX_PATHS, what);
    }
    list[(*n)++] = path;
    return -1;
}

int parse_options(run *R, int argc, char **argv)
{
    int c, status = -1;
    while (status < 0 && (c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        char *end = NULL;
        switch (c) {
        case OPT_POLICY:
            if (R->npolicy_args == XS_AUDIT_MAX_POLICIES) {
                status = cli_fail("audit: at most %d policies", XS_AUDIT_MAX_POLICIES);
            } else {
                R->policy_args[R->npolicy_args++] = optarg;
            }
            break;
        case OPT_AT:
            if (xs_parse_time(optarg, &R->at) != 0) {
                status = cli_fail("audit: bad --at '%s' (RFC 3339, or @UNIXSECONDS)", optarg);
            }
            break;
        case OPT_FORMAT:
            status = parse_format(R, optarg);
            break;
        case OPT_JOBS:
            R->jobs = strtol(optarg, &end, 10);
            if (end == optarg || *end != 0 || R->jobs < 1 || R->jobs > 256) {
                status = cli_fail("audit: bad --jobs '%s' (1..256)", optarg);
            }
            break;
        case OPT_COMPARE:
            if (optind >= argc) {
                status = cli_fail("audit: --compare takes two policies: --compare A B");
            } else {
                R->compare[0] = optarg;
                R->compare[1] = argv[optind++];
                R->compare_mode = true;
            }
            break;
        case OPT_LINT_ONLY:
            R->lint_only = true;
            break;
        case OPT_TRUST:
            status = add_path(R->trust, &R->ntrust, optarg, "--trust");
            break;
        case OPT_UNTRUSTED:
            status = add_path(R->untrusted, &R->nuntrusted, optarg, "--untrusted");
            break;
        case OPT_PROGRESS:
            R->progress = 1;
            break;
        case OPT_NO_PROGRESS:
            R->progress = 0;
            break;
        case OPT_STATS:
            R->stats = true;
            break;
        case 'h':
            fputs(audit_usage, stdout);
            return EXIT_ACCEPT;
        default:
            fputs(audit_usage, stderr);
            return EXIT_INPUT;
        }
    }
    return status;
}

/* add_policy loads a policy once (by its name, or by the name its file
 * gives it) and says where it is in *index (may be NULL). */
static int add_policy(run *R, const char *name, int *index)
{
    for (size_t p = 0; p < R->npol; p++) {
        if (strcmp(xs_policy_name(R->policies[p]), name) == 0) {
            if (index != NULL) {
                *index = (int)p;
            }
            return -1;
        }
    }
    xs_policy *p = cli_load_policy(name);
    if (p == NULL) {
        return EXIT_INPUT;
    }
    for (size_t i = 0; i < R->npol; i++) {
        if (strcmp(xs_policy_name(R->policies[i]), xs_policy_name(p)) == 0) {
            xs_policy_free(p);
            if (index != NULL) {
                *index = (int)i; /* the same policy, named by its file */
            }
            return -1;
        }
    }
    if (R->npol == XS_AUDIT_MAX_POLICIES) {
        xs_policy_free(p);
        return cli_fail("audit: at most %d policies", XS_AUDIT_MAX_POLICIES);
    }
    if (index != NULL) {
        *index = (int)R->npol;
    }
    R->policies[R->npol++] = p;
    return -1;
}

int load_policies(run *R)
{
    int status = -1;
    for (size_t i = 0; status < 0 && i < R->npolicy_args; i++) {
        status = add_policy(R, R->policy_args[i], NULL);
    }
    if (R->npolicy_args == 0 && !R->compare_mode) {
        for (size_t i = 0; status < 0 && i < sizeof(default_policies) / sizeof(*default_policies);
             i++) {
            status = add_policy(R, default_policies[i], NULL);
        }
    }
    if (status < 0 && R->compare_mode) {
        status = add_policy(R, R->compare[0], &R->from);
    }
    if (status < 0 && R->compare_mode) {
        status = add_policy(R, R->compare[1], &R->to);
    }
    return status;
}
