/*
 * x509strict rules / policies: the rule table and the shipped policies.
 */
#include <string.h>

#include "cli.h"
#include "common.h"

/* load_builtins loads every shipped policy, in order; NULL on failure. */
static int load_builtins(xs_policy **out, size_t max, size_t *count)
{
    *count = 0;
    for (size_t i = 0; i < xs_policy_builtin_count() && i < max; i++) {
        if ((out[i] = cli_load_policy(xs_policy_builtin_name(i))) == NULL) {
            return -1;
        }
        (*count)++;
    }
    return 0;
}

static void print_rules_text(xs_policy **policies, size_t num_policies)
{
    printf("%-40s %-8s %-18s %-6s", "mnemonic", "family", "section", "level");
    for (size_t p = 0; p < num_policies; p++) {
        printf(" %-16s", xs_policy_name(policies[p]));
    }
    printf(" summary\n");
    for (size_t i = 0; i < xs_rule_count(); i++) {
        const xs_rule_info *r = xs_rule_get(i);
        printf("%-40s %-8s %-18s %-6s", r->mnemonic, r->family, r->section[0] ? r->section : "-",
               r->level[0] ? r->level : "-");
        for (size_t p = 0; p < num_policies; p++) {
            int sev = xs_policy_severity(policies[p], r->mnemonic);
            printf(" %-16s", xs_severity_name((xs_severity)sev));
        }
        printf(" %s\n", r->summary);
    }
}

static void print_rules_json(xs_policy **policies, size_t num_policies)
{
    printf("{\"schema\": %d, \"rules\": [", XS_SCHEMA_VERSION);
    for (size_t i = 0; i < xs_rule_count(); i++) {
        const xs_rule_info *r = xs_rule_get(i);
        printf("%s\n  {\"mnemonic\": ", i ? "," : "");
        cli_json_string(stdout, r->mnemonic);
        printf(", \"family\": ");
        cli_json_string(stdout, r->family);
        printf(", \"section\": ");
        cli_json_string(stdout, r->section);
        printf(", \"level\": ");
        cli_json_string(stdout, r->level);
        printf(", \"openssl_code\": %d, \"default_severity\": ", r->openssl_code);
        cli_json_string(stdout, xs_severity_name(r->default_severity));
        printf(", \"severity\": {");
        for (size_t p = 0; p < num_policies; p++) {
            printf("%s", p ? ", " : "");
            cli_json_string(stdout, xs_policy_name(policies[p]));
            printf(": ");
            int sev = xs_policy_severity(policies[p], r->mnemonic);
            cli_json_string(stdout, xs_severity_name((xs_severity)sev));
        }
        printf("}, \"summary\": ");
        cli_json_string(stdout, r->summary);
        printf("}");
    }
    printf("\n]}\n");
}

int cmd_rules(int argc, char **argv)
{
    xs_format format = XS_FORMAT_TEXT;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
            if (xs_format_parse(argv[++i], &format) != 0 || format == XS_FORMAT_CBOR) {
                return cli_fail("rules: unknown format '%s' (text|json)", argv[i]);
            }
        } else if (strncmp(argv[i], "--format=", 9) == 0) {
            if (xs_format_parse(argv[i] + 9, &format) != 0 || format == XS_FORMAT_CBOR) {
                return cli_fail("rules: unknown format '%s' (text|json)", argv[i] + 9);
            }
        } else {
            return cli_fail("usage: x509strict rules [--format text|json]");
        }
    }
    xs_policy *policies[16] = {NULL};
    size_t count = 0;
    int status = load_builtins(policies, 16, &count);
    if (status == 0) {
        if (format == XS_FORMAT_JSON) {
            print_rules_json(policies, count);
        } else {
            print_rules_text(policies, count);
        }
        status = fflush(stdout) == 0 ? EXIT_ACCEPT : cli_fail("rules: cannot write");
    } else {
        status = EXIT_INPUT;
    }
    for (size_t p = 0; p < count; p++) {
        xs_policy_free(policies[p]);
    }
    return status;
}

int cmd_policies(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        return cli_fail("usage: x509strict policies");
    }
    for (size_t i = 0; i < xs_policy_builtin_count(); i++) {
        xs_policy *p = cli_load_policy(xs_policy_builtin_name(i));
        if (p == NULL) {
            return EXIT_INPUT;
        }
        printf("%-18s %s\n", xs_policy_name(p), xs_policy_summary(p));
        xs_policy_free(p);
    }
    return fflush(stdout) == 0 ? EXIT_ACCEPT : cli_fail("policies: cannot write");
}
