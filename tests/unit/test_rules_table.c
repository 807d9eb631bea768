/*
 * test_rules_table.c: the rule table itself. Every rule has a mnemonic, a
 * family, a summary and (unless it is one of OpenSSL's path-validation
 * codes) a section, a reason and a fix; no two rules share a mnemonic; and
 * every rule a check can emit is named by at least one test, where it is
 * made to fire.
 */
#include <check.h>
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

/* Everything the tests and the checks say, read once. */
static char *test_text;
static char *check_text;

static void append_file(char **text, size_t *len, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return;
    }
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        char *grown = realloc(*text, *len + n + 1);
        if (grown == NULL) {
            break;
        }
        memcpy(grown + *len, chunk, n);
        *len += n;
        grown[*len] = 0;
        *text = grown;
    }
    fclose(f);
}

/* read_dir appends every file of `dir` whose name starts with `prefix`. */
static char *read_dir(const char *dir, const char *prefix)
{
    char *text = calloc(1, 1);
    size_t len = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d != NULL && (e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
            char path[4096];
            snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
            append_file(&text, &len, path);
        }
    }
    if (d != NULL) {
        closedir(d);
    }
    return text;
}

/* names_word says whether `text` holds `word` not as part of a longer
 * identifier. */
static bool names_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = text; (p = strstr(p, word)) != NULL; p += n) {
        bool start = p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
        bool end = !(isalnum((unsigned char)p[n]) || p[n] == '_');
        if (start && end) {
            return true;
        }
    }
    return false;
}

static bool emitted_by_a_check(const xs_rule_info *r)
{
    char token[128];
    snprintf(token, sizeof(token), "XS_R_%s", r->mnemonic);
    return names_word(check_text, token);
}

START_TEST(every_rule_is_described)
{
    const xs_rule_info *r = xs_rule_get((size_t)_i);
    ck_assert_ptr_nonnull(r);
    ck_assert_str_ne(r->mnemonic, "");
    ck_assert_str_ne(r->family, "");
    ck_assert_str_ne(r->summary, "");
    for (const char *c = r->mnemonic; *c; c++) {
        ck_assert_msg(isupper((unsigned char)*c) || isdigit((unsigned char)*c) || *c == '_',
                      "%s is not UPPER_SNAKE", r->mnemonic);
    }
    if (strcmp(r->family, "openssl") != 0 || emitted_by_a_check(r)) {
        ck_assert_msg(r->section[0] != 0, "%s has no section", r->mnemonic);
        ck_assert_msg(r->why[0] != 0, "%s has no why", r->mnemonic);
        ck_assert_msg(r->fix[0] != 0, "%s has no fix", r->mnemonic);
    }
    bool must = strcmp(r->level, "MUST") == 0, should = strcmp(r->level, "SHOULD") == 0;
    ck_assert_msg(!should || r->default_severity == XS_SEV_WARN, "%s: SHOULD but not warn",
                  r->mnemonic);
    ck_assert_msg(!must || r->default_severity == XS_SEV_ERROR, "%s: MUST but not error",
                  r->mnemonic);
}
END_TEST

START_TEST(mnemonics_are_unique)
{
    const xs_rule_info *r = xs_rule_get((size_t)_i);
    for (size_t j = 0; j < xs_rule_count(); j++) {
        ck_assert_msg(j == (size_t)_i || strcmp(xs_rule_get(j)->mnemonic, r->mnemonic) != 0,
                      "%s appears twice", r->mnemonic);
    }
    ck_assert_ptr_eq(xs_rule_find(r->mnemonic), r);
}
END_TEST

START_TEST(every_checked_rule_has_a_test)
{
    const xs_rule_info *r = xs_rule_get((size_t)_i);
    bool checked = strcmp(r->family, "openssl") != 0 || emitted_by_a_check(r);
    ck_assert_msg(!checked || names_word(test_text, r->mnemonic),
                  "no test names %s (family %s)", r->mnemonic, r->family);
}
END_TEST

START_TEST(openssl_codes_map_back)
{
    const xs_rule_info *r = xs_rule_get((size_t)_i);
    if (r->openssl_code >= 0) {
        ck_assert_ptr_eq(xs_rule_info_of(xs_rule_for_openssl_code(r->openssl_code)), r);
    }
}
END_TEST

int main(void)
{
    test_text = read_dir(XS_SOURCE_DIR "/tests/unit", "test_");
    check_text = read_dir(XS_SOURCE_DIR "/lib/rules", "r_");
    if (test_text == NULL || check_text == NULL || check_text[0] == 0) {
        fprintf(stderr, "test_rules_table: cannot read the sources under %s\n", XS_SOURCE_DIR);
        return EXIT_FAILURE;
    }
    Suite *s = suite_create("rules_table");
    TCase *tc = tcase_create("table");
    int n = (int)xs_rule_count();
    tcase_add_loop_test(tc, every_rule_is_described, 0, n);
    tcase_add_loop_test(tc, mnemonics_are_unique, 0, n);
    tcase_add_loop_test(tc, every_checked_rule_has_a_test, 0, n);
    tcase_add_loop_test(tc, openssl_codes_map_back, 0, n);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    free(test_text);
    free(check_text);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
