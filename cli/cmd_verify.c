/*
 * x509strict verify: one chain, every finding, and Python 3.13's answer.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char verify_usage[] =
    "usage: x509strict verify [options] CERT...\n"
    "\n"
    "Verifies the chain whose leaf is the first certificate of CERT (PEM or DER;\n"
    "several certificates per file; - for standard input). Every certificate after\n"
    "the leaf is offered to chain building as an untrusted intermediate.\n"
    "\n"
    "  --trust PATH        trust anchors: PEM bundle, DER file, or directory\n"
    "                      (repeatable; default: the system trust store)\n"
    "  --untrusted PATH    more untrusted intermediates (repeatable)\n"
    "  --policy NAME|FILE  openssl-default, openssl-strict, python-3.13 (default), or\n"
    "                      a policy file\n"
    "  --at TIME           verification time, RFC 3339 or @UNIXSECONDS (default: now)\n"
    "  --purpose P         serverAuth|clientAuth|codeSigning|emailProtection|any\n"
    "                      (default: the policy's)\n"
    "  --host NAME         DNS name or IP address the leaf must match\n"
    "  --max-depth N       longest chain, in intermediates (0..255)\n"
    "  --format F          text (default), json, cbor\n"
    "\n"
    "Exit status: 0 accepted, 1 rejected (an error-severity finding), 2 bad input.\n";

typedef struct {
    const char *policy;
    const char *at;
    const char *purpose;
    const char *host;
    const char *max_depth;
    const char *format;
    char **trust;
    size_t num_trust;
    char **untrusted;
    size_t num_untrusted;
} verify_opts;

enum { OPT_TRUST = 1000, OPT_UNTRUSTED, OPT_POLICY, OPT_AT, OPT_PURPOSE, OPT_HOST, OPT_DEPTH,
       OPT_FORMAT };

static const struct option long_options[] = {
    {"trust", required_argument, NULL, OPT_TRUST},
    {"untrusted", required_argument, NULL, OPT_UNTRUSTED},
    {"policy", required_argument, NULL, OPT_POLICY},
    {"at", required_argument, NULL, OPT_AT},
    {"purpose", required_argument, NULL, OPT_PURPOSE},
    {"host", required_argument, NULL, OPT_HOST},
    {"max-depth", required_argument, NULL, OPT_DEPTH},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int push_path(char ***list, size_t *count, char *path)
{
    char **grown = realloc(*list, (*count + 1) * sizeof(*grown));
    if (grown == NULL) {
        return -1;
    }
    grown[(*count)++] = path;
    *list = grown;
    return 0;
}

/* parse_options returns -1 to continue, or an exit status. */
static int parse_options(int argc, char **argv, verify_opts *o)
{
    int c;
    while ((c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        int failed = 0;
        switch (c) {
        case OPT_TRUST:
            failed = push_path(&o->trust, &o->num_trust, optarg);
            break;
        case OPT_UNTRUSTED:
            failed = push_path(&o->untrusted, &o->num_untrusted, optarg);
            break;
        case OPT_POLICY:
            o->policy = optarg;
            break;
        case OPT_AT:
            o->at = optarg;
            break;
        case OPT_PURPOSE:
            o->purpose = optarg;
            break;
        case OPT_HOST:
            o->host = optarg;
            break;
        case OPT_DEPTH:
            o->max_depth = optarg;
            break;
        case OPT_FORMAT:
            o->format = optarg;
            break;
        case 'h':
            fputs(verify_usage, stdout);
            return EXIT_ACCEPT;
        default:
            fputs(verify_usage, stderr);
            return EXIT_INPUT;
        }
        if (failed) {
            return cli_fail("out of memory");
        }
    }
    if (optind >= argc) {
        return cli_fail("verify: no certificate given (see x509strict verify --help)");
    }
    return -1;
}

/* configure applies the options to a new context. Returns -1 on success,
 * else an exit status. */
static int configure(xs_ctx *ctx, const verify_opts *o)
{
    xs_purpose purpose;
    if (o->purpose != NULL) {
        if (xs_purpose_parse(o->purpose, &purpose) != 0) {
            return cli_fail("verify: unknown purpose '%s'", o->purpose);
        }
        if (xs_ctx_set_purpose(ctx, purpose) != XS_OK) {
            return cli_fail("verify: cannot set purpose");
        }
    }
    if (o->host != NULL && xs_ctx_set_host(ctx, o->host) != XS_OK) {
        return cli_fail("verify: --host takes a DNS name (A-labels for IDNs) or an IP address, "
                        "at most 255 visible ASCII characters");
    }
    if (o->max_depth != NULL) {
        char *end = NULL;
        long depth = strtol(o->max_depth, &end, 10);
        if (end == o->max_depth || *end != 0 || depth < 0 || depth > XS_MAX_DEPTH ||
            xs_ctx_set_max_depth(ctx, (int)depth) != XS_OK) {
            return cli_fail("verify: --max-depth takes a number from 0 to %d", XS_MAX_DEPTH);
        }
    }
    return -1;
}

/* load_paths loads every path into a new list, or prints why not. */
static xs_certs *load_paths(char *const *paths, size_t count)
{
    xs_certs *certs = NULL;
    if (xs_certs_new(&certs) != XS_OK) {
        cli_fail("out of memory");
        return NULL;
    }
    for (size_t i = 0; i < count; i++) {
        if (cli_load_certs(certs, paths[i]) != 0) {
            xs_certs_free(certs);
            return NULL;
        }
    }
    return certs;
}

/* load_trust fills the context's trust store and untrusted pool. Returns
 * -1 on success, else an exit status. */
static int load_trust(xs_ctx *ctx, const verify_opts *o)
{
    if (o->num_trust == 0 && xs_ctx_use_default_trust(ctx) != XS_OK) {
        return cli_fail("verify: cannot use the system trust store");
    }
    xs_certs *anchors = load_paths(o->trust, o->num_trust);
    if (anchors == NULL) {
        return EXIT_INPUT;
    }
    int status = xs_ctx_add_trust(ctx, anchors) == XS_OK
                     ? -1
                     : cli_fail("verify: cannot add trust anchors");
    xs_certs_free(anchors);
    xs_certs *pool = status < 0 ? load_paths(o->untrusted, o->num_untrusted) : NULL;
    if (status < 0 && pool == NULL) {
        return EXIT_INPUT;
    }
    if (status < 0 && xs_ctx_add_untrusted(ctx, pool) != XS_OK) {
        status = cli_fail("verify: more than %u untrusted certificates", XS_MAX_UNTRUSTED);
    }
    xs_certs_free(pool);
    return status;
}

static int run(const verify_opts *o, char **paths, int num_paths)
{
    xs_format format = XS_FORMAT_TEXT;
    int64_t at = cli_now();
    if (o->format != NULL && xs_format_parse(o->format, &format) != 0) {
        return cli_fail("verify: unknown format '%s' (text|json|cbor)", o->format);
    }
    if (o->at != NULL && xs_parse_time(o->at, &at) != 0) {
        return cli_fail("verify: bad --at '%s' (RFC 3339, or @UNIXSECONDS)", o->at);
    }
    xs_policy *policy = cli_load_policy(o->policy != NULL ? o->policy : "python-3.13");
    if (policy == NULL) {
        return EXIT_INPUT;
    }
    xs_ctx *ctx = NULL;
    xs_certs *chain = NULL;
    xs_report *report = NULL;
    uint8_t *out = NULL;
    size_t out_len = 0;
    int status = -1;
    if (xs_ctx_new(&ctx, policy) != XS_OK || xs_certs_new(&chain) != XS_OK) {
        status = cli_fail("out of memory");
    }
    if (status < 0) {
        status = configure(ctx, o);
    }
    if (status < 0) {
        status = load_trust(ctx, o);
    }
    for (int i = 0; status < 0 && i < num_paths; i++) {
        if (cli_load_certs(chain, paths[i]) != 0) {
            status = EXIT_INPUT;
        }
    }
    if (status < 0) {
        xs_status st = xs_verify(ctx, &report, chain, at);
        if (st != XS_OK) {
            status = cli_fail("verify: %s", xs_status_string(st));
        }
    }
    if (status < 0) {
        unsigned flags = format == XS_FORMAT_TEXT && cli_use_color() ? XS_EMIT_COLOR : 0;
        if (xs_report_emit(report, format, flags, &out, &out_len) != XS_OK ||
            cli_write_all(out, out_len) != 0) {
            status = cli_fail("verify: cannot write the report");
        } else {
            status = xs_report_verdict(report) == XS_VERDICT_ACCEPT ? EXIT_ACCEPT : EXIT_REJECT;
        }
    }
    xs_free(out);
    xs_report_free(report);
    xs_certs_free(chain);
    xs_ctx_free(ctx);
    xs_policy_free(policy);
    return status;
}

int cmd_verify(int argc, char **argv)
{
    verify_opts o;
    memset(&o, 0, sizeof(o));
    int status = parse_options(argc, argv, &o);
    if (status < 0) {
        status = run(&o, argv + optind, argc - optind);
    }
    free(o.trust);
    free(o.untrusted);
    return status;
}
