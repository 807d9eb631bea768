/*
 * x509strict explain MNEMONIC: what a rule checks, why, where the RFC says
 * so, how to fix a certificate that breaks it, and how each shipped policy
 * treats it.
 */
#include <stdbool.h>
#include <string.h>

#include "cli.h"

static void print_wrapped(const char *label, const char *text)
{
    const size_t width = 78;
    size_t indent = strlen(label), col = indent;
    fputs(label, stdout);
    bool first = true;
    while (*text != 0) {
        while (*text == ' ') {
            text++;
        }
        size_t word = strcspn(text, " ");
        if (word == 0) {
            break;
        }
        if (!first && col + 1 + word > width) {
            printf("\n%*s", (int)indent, "");
            col = indent;
        } else if (!first) {
            putchar(' ');
            col++;
        }
        printf("%.*s", (int)word, text);
        col += word;
        text += word;
        first = false;
    }
    putchar('\n');
}

/* suggest prints the mnemonics that contain `word`, to help a typo. */
static void suggest(const char *word)
{
    size_t shown = 0;
    for (size_t i = 0; i < xs_rule_count() && shown < 8; i++) {
        const xs_rule_info *r = xs_rule_get(i);
        if (strstr(r->mnemonic, word) != NULL) {
            fprintf(stderr, "%s  %s\n", shown++ ? "" : "did you mean:", r->mnemonic);
        }
    }
}

static void print_policies(const xs_rule_info *r)
{
    fputs("policies:   ", stdout);
    for (size_t i = 0; i < xs_policy_builtin_count(); i++) {
        xs_policy *p = NULL;
        if (xs_policy_builtin(&p, xs_policy_builtin_name(i), NULL, 0) == XS_OK) {
            printf("%s%s %s", i ? ", " : "", xs_policy_name(p),
                   xs_severity_name((xs_severity)xs_policy_severity(p, r->mnemonic)));
        }
        xs_policy_free(p);
    }
    putchar('\n');
}

int cmd_explain(int argc, char **argv)
{
    if (argc != 2) {
        return cli_fail("usage: x509strict explain MNEMONIC");
    }
    const xs_rule_info *r = xs_rule_find(argv[1]);
    if (r == NULL) {
        suggest(argv[1]);
        return cli_fail("explain: no rule '%s' (x509strict rules lists them)", argv[1]);
    }
    printf("%s\n\n", r->mnemonic);
    print_wrapped("checks:     ", r->summary);
    printf("family:     %s%s\n", r->family,
           r->openssl_code >= 0 ? " (an OpenSSL verify error)" : "");
    if (r->openssl_code >= 0) {
        printf("openssl:    X509_V_ERR_%s = %d\n", r->mnemonic, r->openssl_code);
    }
    printf("reference:  %s%s%s\n", r->section[0] ? r->section : "-", r->level[0] ? ", " : "",
           r->level);
    printf("applies to: %s certificates; rule in force %s\n", r->scope,
           strcmp(r->since, "always") == 0 ? "always" : r->since);
    print_wrapped("why:        ", r->why[0] ? r->why : "OpenSSL reports it while verifying a chain.");
    print_wrapped("fix:        ", r->fix[0] ? r->fix : "See OpenSSL's verify documentation.");
    print_policies(r);
    return fflush(stdout) == 0 ? EXIT_ACCEPT : cli_fail("explain: cannot write");
}
