/*
 * x509strict lint: every rule on single certificates, without a chain, on
 * the bytes as encoded: for CAs before they sign (--tbs), and for
 * certificates OpenSSL cannot even parse.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char lint_usage[] =
    "usage: x509strict lint [options] FILE...\n"
    "\n"
    "Checks each certificate of each FILE (PEM or DER, several per file, - for\n"
    "standard input) against the rule table, without building a chain.\n"
    "\n"
    "  --policy NAME|FILE  severities to apply (default: rfc5280)\n"
    "  --issuer CERT       the issuing CA's certificate, for rules that compare them\n"
    "  --tbs               FILE holds bare TBSCertificates (lint before signing)\n"
    "  --format F          text (default), json, cbor\n"
    "\n"
    "Exit status: 0 no error-severity finding, 1 some, 2 bad input.\n";

typedef struct {
    const char *policy;
    const char *issuer;
    const char *format;
    bool tbs;
} lint_opts;

enum { OPT_POLICY = 1000, OPT_ISSUER, OPT_TBS, OPT_FORMAT };

static const struct option long_options[] = {
    {"policy", required_argument, NULL, OPT_POLICY},
    {"issuer", required_argument, NULL, OPT_ISSUER},
    {"tbs", no_argument, NULL, OPT_TBS},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int parse_options(int argc, char **argv, lint_opts *o)
{
    int c;
    while ((c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_POLICY:
            o->policy = optarg;
            break;
        case OPT_ISSUER:
            o->issuer = optarg;
            break;
        case OPT_TBS:
            o->tbs = true;
            break;
        case OPT_FORMAT:
            o->format = optarg;
            break;
        case 'h':
            fputs(lint_usage, stdout);
            return EXIT_ACCEPT;
        default:
            fputs(lint_usage, stderr);
            return EXIT_INPUT;
        }
    }
    if (optind >= argc) {
        return cli_fail("lint: no certificate given (see x509strict lint --help)");
    }
    return -1;
}

/* load_raw appends the certificates of `path` without OpenSSL's parse. */
static int load_raw(xs_certs *certs, const char *path)
{
    char err[512] = "";
    xs_status st = xs_certs_load_path_ex(certs, path, XS_LOAD_RAW, err, sizeof(err));
    if (st != XS_OK) {
        cli_fail("%s", err[0] ? err : xs_status_string(st));
        return -1;
    }
    return 0;
}

/* emit_all lints every certificate and writes the reports: one after the
 * other for text, a JSON array (or one object), a CBOR sequence. */
static int emit_all(const xs_policy *policy, const xs_certs *certs, const xs_certs *issuer,
                    unsigned flags, xs_format format)
{
    size_t n = xs_certs_count(certs);
    bool array = format == XS_FORMAT_JSON && n > 1;
    int status = EXIT_ACCEPT;
    unsigned emit_flags = format == XS_FORMAT_TEXT && cli_use_color() ? XS_EMIT_COLOR : 0;
    fputs(array ? "[\n" : "", stdout);
    for (size_t i = 0; i < n && status != EXIT_INPUT; i++) {
        xs_report *report = NULL;
        uint8_t *out = NULL;
        size_t len = 0;
        xs_status st = xs_lint(policy, &report, certs, i, issuer, flags);
        if (st != XS_OK || xs_report_emit(report, format, emit_flags, &out, &len) != XS_OK) {
            status = cli_fail("lint: %s", xs_status_string(st != XS_OK ? st : XS_ERR_NOMEM));
        } else {
            fputs(i > 0 ? (array ? ",\n" : (format == XS_FORMAT_TEXT ? "\n" : "")) : "", stdout);
            cli_write_all(out, array && len > 0 ? len - 1 : len);
            if (xs_report_verdict(report) == XS_VERDICT_REJECT) {
                status = EXIT_REJECT;
            }
        }
        xs_free(out);
        xs_report_free(report);
    }
    fputs(array ? "\n]\n" : "", stdout);
    return fflush(stdout) == 0 ? status : cli_fail("lint: cannot write the report");
}

static int run(const lint_opts *o, char **paths, int count)
{
    xs_format format = XS_FORMAT_TEXT;
    if (o->format != NULL && xs_format_parse(o->format, &format) != 0) {
        return cli_fail("lint: unknown format '%s' (text|json|cbor)", o->format);
    }
    xs_policy *policy = cli_load_policy(o->policy != NULL ? o->policy : "rfc5280");
    if (policy == NULL) {
        return EXIT_INPUT;
    }
    xs_certs *issuer = NULL, *certs = NULL;
    int status = xs_certs_new(&certs) == XS_OK ? -1 : cli_fail("out of memory");
    for (int i = 0; status < 0 && i < count; i++) {
        status = load_raw(certs, paths[i]) == 0 ? -1 : EXIT_INPUT;
    }
    if (status < 0 && o->issuer != NULL) {
        status = xs_certs_new(&issuer) == XS_OK && load_raw(issuer, o->issuer) == 0 ? -1
                                                                                   : EXIT_INPUT;
    }
    if (status < 0) {
        status = emit_all(policy, certs, issuer, o->tbs ? XS_LINT_TBS : 0, format);
    }
    xs_certs_free(issuer);
    xs_certs_free(certs);
    xs_policy_free(policy);
    return status;
}

int cmd_lint(int argc, char **argv)
{
    lint_opts o;
    memset(&o, 0, sizeof(o));
    int status = parse_options(argc, argv, &o);
    return status < 0 ? run(&o, argv + optind, argc - optind) : status;
}
