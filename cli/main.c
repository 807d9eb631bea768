/*
 * x509strict: which X.509 certificates fail strict verification, under
 * which policy, by which rule, and why.
 */
#include <string.h>

#include "cli.h"

static const char main_usage[] =
    "usage: x509strict COMMAND [options] ...\n"
    "\n"
    "commands:\n"
    "  verify    verify one chain and report every finding, and what Python 3.13 raises\n"
    "  lint      check single certificates (or TBSCertificates) against every rule\n"
    "  audit     judge every certificate of a store as a trust anchor, under several policies\n"
    "  rules     print the rule table with each shipped policy's severities\n"
    "  explain   say what a rule checks, why, and how to fix a certificate that breaks it\n"
    "  policies  list the shipped policies\n"
    "\n"
    "x509strict COMMAND --help shows a command's options. --version prints versions.\n";

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
    {"verify", cmd_verify},
    {"lint", cmd_lint},
    {"audit", cmd_audit},
    {"explain", cmd_explain},
    {"rules", cmd_rules},
    {"policies", cmd_policies},
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(main_usage, stderr);
        return EXIT_INPUT;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(main_usage, stdout);
        return EXIT_ACCEPT;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("x509strict %s (%s)\n", XS_VERSION_STRING, xs_openssl_version());
        return EXIT_ACCEPT;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            return commands[i].run(argc - 1, argv + 1);
        }
    }
    return cli_fail("unknown command '%s' (verify, lint, audit, rules, explain, policies)", argv[1]);
}
