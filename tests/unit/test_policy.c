/*
 * test_policy.c: unit tests of the policy loader (lib/policy/policy.c).
 *
 *  - every shipped policy loads, under the names of the files in policies/;
 *  - `inherit` from a builtin and from NAME.policy beside a file;
 *  - malformed policies fail with XS_ERR_POLICY and the exact
 *    "origin:line: message" (table-driven);
 *  - xs_policy_load of names and paths that do not exist.
 *
 * Files are written below a scratch directory that main() creates before the
 * tests fork and removes after they end, so a failed test leaves nothing.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "policy/policy.h"
#include "x509strict.h"
#include "xt_check.h"
#include "x509strict_limits.h"

#ifndef XS_TEST_SCRATCH_PARENT
#define XS_TEST_SCRATCH_PARENT "/tmp"
#endif
#ifndef XS_POLICY_SOURCE_DIR
#error "XS_POLICY_SOURCE_DIR must name the policies/ folder"
#endif

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define STRINGIFY(x) #x
#define STR(x) STRINGIFY(x)

#define ERR_CHARS 1024
#define PATH_CHARS 4096
#define MAX_POLICY_FILES 64
#define POLICY_SUFFIX ".policy"
#define LONGEST_LINE 1023 /* characters of one policy line, without '\n' */
#define CASE_ORIGIN "case.policy"

static char scratch_root[PATH_CHARS];

/* What an output pointer holds before a call that must set it to NULL. */
static xs_policy not_a_policy;

/* ------------------------------------------------------------------------ */
/* Files                                                                     */

static void join_path(char out[PATH_CHARS], const char *dir, const char *name)
{
    int n = snprintf(out, PATH_CHARS, "%s/%s", dir, name);
    ck_assert_msg(n > 0 && n < PATH_CHARS, "path too long: %s/%s", dir, name);
}

/* new_scratch_dir makes a fresh directory of its own for one test. */
static void new_scratch_dir(char out[PATH_CHARS])
{
    xt_must_make_temp_dir(out, PATH_CHARS, scratch_root, "test");
}

static void write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "cannot create %s: %s", path, strerror(errno));
    ck_assert_uint_eq(fwrite(text, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

static void write_policy(const char *dir, const char *name, const char *text)
{
    char path[PATH_CHARS];
    char file[256];
    snprintf(file, sizeof(file), "%s%s", name, POLICY_SUFFIX);
    join_path(path, dir, file);
    write_file(path, text, strlen(text));
}

static void policy_path(char out[PATH_CHARS], const char *dir, const char *name)
{
    char file[256];
    snprintf(file, sizeof(file), "%s%s", name, POLICY_SUFFIX);
    join_path(out, dir, file);
}



/* ------------------------------------------------------------------------ */
/* Policies                                                                  */

static xs_policy *parse_ok(const char *text, const char *origin, const char *dir)
{
    xs_policy *p = NULL;
    char err[ERR_CHARS] = "";
    xs_status st = xs_policy_parse(&p, text, strlen(text), origin, dir, err, sizeof(err));
    ck_assert_msg(st == XS_OK, "%s: %s (%s)", origin, xs_status_string(st), err);
    ck_assert_ptr_nonnull(p);
    return p;
}

static xs_policy *builtin_ok(const char *name)
{
    xs_policy *p = NULL;
    char err[ERR_CHARS] = "";
    xs_status st = xs_policy_builtin(&p, name, err, sizeof(err));
    ck_assert_msg(st == XS_OK, "builtin %s: %s (%s)", name, xs_status_string(st), err);
    ck_assert_ptr_nonnull(p);
    return p;
}

static xs_policy *load_ok(const char *name_or_path)
{
    xs_policy *p = NULL;
    char err[ERR_CHARS] = "";
    xs_status st = xs_policy_load(&p, name_or_path, err, sizeof(err));
    ck_assert_msg(st == XS_OK, "load %s: %s (%s)", name_or_path, xs_status_string(st), err);
    ck_assert_ptr_nonnull(p);
    return p;
}

static void expect_load_error(const char *name_or_path, const char *message)
{
    xs_policy *p = &not_a_policy; /* the loader must reset it to NULL */
    char err[ERR_CHARS] = "";
    ck_assert_int_eq(xs_policy_load(&p, name_or_path, err, sizeof(err)), XS_ERR_POLICY);
    ck_assert_ptr_null(p);
    ck_assert_str_eq(err, message);
}

static xs_rule_id rule_id(const char *mnemonic)
{
    xs_rule_id id;
    ck_assert_msg(xs_rule_by_mnemonic(mnemonic, &id) == 0, "no rule %s", mnemonic);
    return id;
}

/* expect_same_settings compares everything but the name; `except` is a rule
 * whose severity may differ (XS_R__COUNT: none). */
static void expect_same_settings(const xs_policy *got, const xs_policy *want, xs_rule_id except)
{
    ck_assert_str_eq(xs_policy_summary(got), xs_policy_summary(want));
    ck_assert_int_eq(xs_policy_purpose(got), xs_policy_purpose(want));
    ck_assert_uint_eq(got->flags, want->flags);
    ck_assert_int_eq(got->max_depth, want->max_depth);
    ck_assert_int_eq(got->auth_level, want->auth_level);
    for (size_t i = 0; i < XS_R__COUNT; i++) {
        if (i != (size_t)except) {
            ck_assert_msg(got->severity[i] == want->severity[i], "severity of %s: %s, want %s",
                          xs_rule_get(i)->mnemonic, xs_severity_name(got->severity[i]),
                          xs_severity_name(want->severity[i]));
        }
    }
}

static void expect_default_severities(const xs_policy *p)
{
    for (size_t i = 0; i < xs_rule_count(); i++) {
        const xs_rule_info *rule = xs_rule_get(i);
        ck_assert_int_eq(xs_policy_severity(p, rule->mnemonic), (int)rule->default_severity);
    }
}

/* ------------------------------------------------------------------------ */
/* Builtin policies                                                          */

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* shipped_policy_names lists policies/NAME.policy, sorted by NAME. */
static size_t shipped_policy_names(char *names[MAX_POLICY_FILES])
{
    DIR *dir = opendir(XS_POLICY_SOURCE_DIR);
    ck_assert_msg(dir != NULL, "%s: %s", XS_POLICY_SOURCE_DIR, strerror(errno));
    size_t n = 0;
    size_t suffix_len = strlen(POLICY_SUFFIX);
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > suffix_len && strcmp(e->d_name + len - suffix_len, POLICY_SUFFIX) == 0) {
            ck_assert_uint_lt(n, MAX_POLICY_FILES);
            names[n] = strdup(e->d_name);
            ck_assert_ptr_nonnull(names[n]);
            names[n][len - suffix_len] = 0;
            n++;
        }
    }
    closedir(dir);
    qsort(names, n, sizeof(*names), compare_strings);
    return n;
}

static bool is_builtin(const char *name)
{
    for (size_t i = 0; i < xs_policy_builtin_count(); i++) {
        if (strcmp(xs_policy_builtin_name(i), name) == 0) {
            return true;
        }
    }
    return false;
}

START_TEST(builtin_names_are_the_shipped_files_sorted)
{
    char *files[MAX_POLICY_FILES];
    size_t n = shipped_policy_names(files);
    ck_assert_uint_eq(xs_policy_builtin_count(), n);
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(xs_policy_builtin_name(i), files[i]);
        if (i > 0) {
            ck_assert_int_lt(strcmp(xs_policy_builtin_name(i - 1), xs_policy_builtin_name(i)), 0);
        }
        free(files[i]);
    }
    ck_assert_ptr_null(xs_policy_builtin_name(n));
    ck_assert(is_builtin("openssl-default"));
    ck_assert(is_builtin("openssl-strict"));
    ck_assert(is_builtin("python-3.13"));
}
END_TEST

/* Loop test: builtin policy number _i. */
START_TEST(builtin_policy_loads)
{
    const char *name = xs_policy_builtin_name((size_t)_i);
    xs_policy *p = builtin_ok(name);
    ck_assert_str_eq(xs_policy_name(p), name);
    ck_assert_str_ne(xs_policy_summary(p), "");
    /* every shipped policy rejects what OpenSSL strict rejects, except the one
     * made to tolerate pre-RFC 5280 CAs */
    int want = strcmp(name, "legacy") == 0 ? XS_SEV_WARN : XS_SEV_ERROR;
    ck_assert_int_eq(xs_policy_severity(p, "CA_BCONS_NOT_CRITICAL"), want);
    ck_assert_int_eq(xs_policy_severity(p, "NO_SUCH_RULE"), -1);
    ck_assert_int_eq(xs_policy_severity(p, ""), -1);
    xs_policy_free(p);
}
END_TEST

/* Loop test: the compiled-in text of builtin _i says what its file says. */
START_TEST(builtin_policy_equals_its_file)
{
    const char *name = xs_policy_builtin_name((size_t)_i);
    char path[PATH_CHARS];
    policy_path(path, XS_POLICY_SOURCE_DIR, name);
    xs_policy *from_file = load_ok(path);
    xs_policy *builtin = builtin_ok(name);
    ck_assert_str_eq(xs_policy_name(from_file), name);
    expect_same_settings(from_file, builtin, XS_R__COUNT);
    xs_policy_free(from_file);
    xs_policy_free(builtin);
}
END_TEST

START_TEST(python_3_13_is_strict_partial_chain_server_auth)
{
    xs_policy *p = builtin_ok("python-3.13");
    ck_assert_int_eq(xs_policy_purpose(p), XS_PURPOSE_SERVER_AUTH);
    ck_assert_str_eq(xs_purpose_name(xs_policy_purpose(p)), "serverAuth");
    unsigned want = XS_FLAG(x509_strict) | XS_FLAG(partial_chain) | XS_FLAG(trusted_first);
    ck_assert_uint_eq(p->flags & want, want);
    xs_policy_free(p);
}
END_TEST

START_TEST(unknown_builtin_is_a_policy_error)
{
    xs_policy *p = NULL;
    char err[ERR_CHARS] = "";
    ck_assert_int_eq(xs_policy_builtin(&p, "python-2.7", err, sizeof(err)), XS_ERR_POLICY);
    ck_assert_ptr_null(p);
    ck_assert_str_eq(err, "no builtin policy 'python-2.7'");
}
END_TEST

/* ------------------------------------------------------------------------ */
/* inherit                                                                   */

START_TEST(inherit_builtin_keeps_parent_settings)
{
    xs_policy *parent = builtin_ok("python-3.13");
    xs_policy *child = parse_ok("inherit python-3.13\n"
                                "severity CA_BCONS_NOT_CRITICAL warn\n",
                                "relaxed.policy", NULL);
    ck_assert_str_eq(xs_policy_name(child), "relaxed");
    ck_assert_int_eq(xs_policy_severity(child, "CA_BCONS_NOT_CRITICAL"), XS_SEV_WARN);
    expect_same_settings(child, parent, rule_id("CA_BCONS_NOT_CRITICAL"));
    xs_policy_free(parent);
    xs_policy_free(child);
}
END_TEST

START_TEST(inherit_chain_of_builtins)
{
    /* openssl-strict itself inherits openssl-default */
    xs_policy *strict = builtin_ok("openssl-strict");
    xs_policy *child = parse_ok("inherit openssl-strict\nmax_depth 3\n", "c.policy", NULL);
    ck_assert_int_eq(child->max_depth, 3);
    child->max_depth = strict->max_depth; /* everything else comes from openssl-strict */
    expect_same_settings(child, strict, XS_R__COUNT);
    ck_assert_uint_eq(strict->flags & XS_FLAG(x509_strict), XS_FLAG(x509_strict));
    xs_policy_free(strict);
    xs_policy_free(child);
}
END_TEST

START_TEST(inherit_file_beside_the_policy)
{
    char dir[PATH_CHARS], child_path[PATH_CHARS];
    new_scratch_dir(dir);
    write_policy(dir, "base", "name base-name-is-not-inherited\n"
                              "summary Base of the test\n"
                              "purpose clientAuth\n"
                              "max_depth 5\n"
                              "auth_level 3\n"
                              "flag x509_strict on\n"
                              "severity CA_BCONS_NOT_CRITICAL notice\n");
    write_policy(dir, "child", "inherit base\nseverity CA_BCONS_NOT_CRITICAL warn\n");
    policy_path(child_path, dir, "child");

    xs_policy *p = load_ok(child_path);
    ck_assert_str_eq(xs_policy_name(p), "child");
    ck_assert_str_eq(xs_policy_summary(p), "Base of the test");
    ck_assert_int_eq(xs_policy_purpose(p), XS_PURPOSE_CLIENT_AUTH);
    ck_assert_int_eq(p->max_depth, 5);
    ck_assert_int_eq(p->auth_level, 3);
    ck_assert_uint_eq(p->flags, XS_FLAG(x509_strict));
    ck_assert_int_eq(xs_policy_severity(p, "CA_BCONS_NOT_CRITICAL"), XS_SEV_WARN);
    xs_policy_free(p);
}
END_TEST

START_TEST(inherit_falls_back_to_builtin_beside_a_file)
{
    char dir[PATH_CHARS], path[PATH_CHARS];
    new_scratch_dir(dir);
    write_policy(dir, "mid", "inherit python-3.13\nsummary mid\n");
    write_policy(dir, "top", "inherit mid\nseverity CA_BCONS_NOT_CRITICAL off\n");
    policy_path(path, dir, "top");

    xs_policy *top = load_ok(path);
    xs_policy *python = builtin_ok("python-3.13");
    ck_assert_str_eq(xs_policy_name(top), "top");
    ck_assert_str_eq(xs_policy_summary(top), "mid");
    ck_assert_int_eq(xs_policy_severity(top, "CA_BCONS_NOT_CRITICAL"), XS_SEV_OFF);
    /* everything else comes from python-3.13 */
    snprintf(top->summary, sizeof(top->summary), "%s", xs_policy_summary(python));
    expect_same_settings(top, python, rule_id("CA_BCONS_NOT_CRITICAL"));
    xs_policy_free(top);
    xs_policy_free(python);
}
END_TEST

START_TEST(inherit_file_shadows_builtin_of_that_name)
{
    char dir[PATH_CHARS], path[PATH_CHARS];
    new_scratch_dir(dir);
    write_policy(dir, "openssl-default", "summary local copy\npurpose any\n");
    write_policy(dir, "site", "inherit openssl-default\n");
    policy_path(path, dir, "site");

    xs_policy *p = load_ok(path);
    ck_assert_str_eq(xs_policy_summary(p), "local copy");
    ck_assert_int_eq(xs_policy_purpose(p), XS_PURPOSE_ANY);
    ck_assert_uint_eq(p->flags, 0);
    xs_policy_free(p);
}
END_TEST

START_TEST(inherit_cycle_between_files_hits_the_depth_limit)
{
    char dir[PATH_CHARS], a_path[PATH_CHARS], b_path[PATH_CHARS], message[ERR_CHARS];
    new_scratch_dir(dir);
    write_policy(dir, "a", "# a, then b, then a...\ninherit b\n");
    write_policy(dir, "b", "inherit a\n");
    policy_path(a_path, dir, "a");
    policy_path(b_path, dir, "b");
    /* level 0 is a.policy (its `inherit` on line 2), level 1 b.policy (line
     * 1), ...: the file at the deepest level allowed is the one whose
     * `inherit` goes one level too far */
    bool last_is_a = XS_MAX_POLICY_INHERIT % 2 == 0;
    xt_format_into(message, sizeof(message), "%s:%d: more than %d levels of 'inherit' (a cycle?)",
                   last_is_a ? a_path : b_path, last_is_a ? 2 : 1, XS_MAX_POLICY_INHERIT);
    expect_load_error(a_path, message);
}
END_TEST

START_TEST(inherit_itself_hits_the_depth_limit)
{
    char dir[PATH_CHARS], path[PATH_CHARS], message[ERR_CHARS];
    new_scratch_dir(dir);
    write_policy(dir, "self", "inherit self\n");
    policy_path(path, dir, "self");
    xt_format_into(message, sizeof(message),
                   "%s:1: more than %d levels of 'inherit' (a cycle?)", path,
                   XS_MAX_POLICY_INHERIT);
    expect_load_error(path, message);
}
END_TEST

START_TEST(inherit_depth_limit_is_exact)
{
    /* p0 inherits p1 ... inherits p<LIMIT>: LIMIT levels load, one more fails */
    char dir[PATH_CHARS], path[PATH_CHARS], message[ERR_CHARS];
    new_scratch_dir(dir);
    for (int level = 0; level <= XS_MAX_POLICY_INHERIT + 1; level++) {
        char name[32], text[64];
        snprintf(name, sizeof(name), "p%d", level);
        snprintf(text, sizeof(text), "inherit p%d\n", level + 1);
        write_policy(dir, name, level < XS_MAX_POLICY_INHERIT ? text : "summary deepest\n");
    }
    policy_path(path, dir, "p0");
    xs_policy *p = load_ok(path);
    ck_assert_str_eq(xs_policy_summary(p), "deepest");
    xs_policy_free(p);

    char name[32], text[64];
    snprintf(name, sizeof(name), "p%d", XS_MAX_POLICY_INHERIT);
    snprintf(text, sizeof(text), "inherit p%d\n", XS_MAX_POLICY_INHERIT + 1);
    write_policy(dir, name, text);
    policy_path(path, dir, name);
    xt_format_into(message, sizeof(message),
                   "%s:1: more than %d levels of 'inherit' (a cycle?)", path,
                   XS_MAX_POLICY_INHERIT);
    policy_path(path, dir, "p0");
    expect_load_error(path, message);
}
END_TEST

START_TEST(inherit_unknown_name_beside_a_file)
{
    char dir[PATH_CHARS], path[PATH_CHARS], parent[PATH_CHARS], message[ERR_CHARS];
    new_scratch_dir(dir);
    write_policy(dir, "orphan", "\ninherit nowhere\n");
    policy_path(path, dir, "orphan");
    policy_path(parent, dir, "nowhere");
    xt_format_into(message, sizeof(message), "%s:2: no policy 'nowhere' (no builtin, no %s)", path,
                   parent);
    expect_load_error(path, message);
}
END_TEST

START_TEST(error_in_inherited_file_names_that_file)
{
    char dir[PATH_CHARS], path[PATH_CHARS], parent[PATH_CHARS], message[ERR_CHARS];
    new_scratch_dir(dir);
    write_policy(dir, "parent", "summary fine\n# still fine\nflag no_such_flag on\n");
    write_policy(dir, "kid", "inherit parent\n");
    policy_path(path, dir, "kid");
    policy_path(parent, dir, "parent");
    xt_format_into(message, sizeof(message), "%s:3: unknown flag 'no_such_flag'", parent);
    expect_load_error(path, message);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Malformed and well-formed text                                            */

/* Four of these are one letter more than a policy name may hold (63). */
#define SIXTEEN_LETTERS "abcdefghijklmnop"

typedef struct {
    const char *label;
    const char *text;
    size_t len; /* 0: strlen(text) */
    int line;
    const char *message; /* after "origin:line: " */
} bad_policy;

static const bad_policy bad_policies[] = {
    {"unknown directive", "purpose any\ncolour blue\n", 0, 2, "unknown directive 'colour'"},
    {"directive without value", "max_depth\n", 0, 1, "'max_depth' needs a value"},
    {"flag value not on|off", "flag x509_strict yes\n", 0, 1,
     "'flag' takes a flag name and on|off"},
    {"flag without value", "flag x509_strict\n", 0, 1, "'flag' takes a flag name and on|off"},
    {"unknown flag", "flag x509_stricter on\n", 0, 1, "unknown flag 'x509_stricter'"},
    {"flag names are lower case", "flag X509_STRICT on\n", 0, 1, "unknown flag 'X509_STRICT'"},
    {"unknown mnemonic", "severity NO_SUCH_RULE warn\n", 0, 1,
     "unknown rule mnemonic 'NO_SUCH_RULE'"},
    {"bad severity word", "severity CA_BCONS_NOT_CRITICAL fatal\n", 0, 1,
     "unknown severity 'fatal' (error|warn|notice|off)"},
    {"severity words are lower case", "severity CA_BCONS_NOT_CRITICAL WARN\n", 0, 1,
     "unknown severity 'WARN' (error|warn|notice|off)"},
    {"severity without level", "severity CA_BCONS_NOT_CRITICAL\n", 0, 1,
     "'severity' takes a rule mnemonic (or family:NAME, level:LEVEL, all) and "
     "error|warn|notice|off"},
    {"inherit after a directive", "# comments do not count\n\nsummary x\ninherit openssl-default\n",
     0, 4, "'inherit' must come before every other directive"},
    {"inherit twice", "inherit openssl-default\ninherit python-3.13\n", 0, 2,
     "'inherit' must come before every other directive"},
    {"inherit unknown builtin", "inherit no-such-policy\n", 0, 1,
     "no builtin policy 'no-such-policy'"},
    {"inherit a path", "inherit ../elsewhere\n", 0, 1, "'../elsewhere' is not a policy name"},
    {"inherit two names", "inherit openssl-default python-3.13\n", 0, 1,
     "'inherit' takes one policy name"},
    {"error after inherit counts own lines", "inherit openssl-strict\n\nflag bogus on\n", 0, 3,
     "unknown flag 'bogus'"},
    {"max_depth too large", "max_depth 1000\n", 0, 1,
     "max_depth must be a number from 0 to " STR(XS_MAX_DEPTH)},
    {"max_depth negative", "max_depth -1\n", 0, 1,
     "max_depth must be a number from 0 to " STR(XS_MAX_DEPTH)},
    {"max_depth trailing junk", "max_depth 5x\n", 0, 1,
     "max_depth must be a number from 0 to " STR(XS_MAX_DEPTH)},
    {"max_depth two values", "max_depth 5 6\n", 0, 1, "'max_depth' takes one value"},
    {"auth_level not a number", "auth_level high\n", 0, 1,
     "auth_level must be a number from -1 to 5"},
    {"auth_level too large", "auth_level 6\n", 0, 1, "auth_level must be a number from -1 to 5"},
    {"auth_level too small", "auth_level -2\n", 0, 1, "auth_level must be a number from -1 to 5"},
    {"unknown purpose", "purpose web\n", 0, 1,
     "unknown purpose 'web' (serverAuth|clientAuth|codeSigning|emailProtection|any)"},
    {"too many words", "severity CA_BCONS_NOT_CRITICAL warn because reasons\n", 0, 1,
     "too many words"},
    {"NUL byte", "summary fine\nsummary \0hidden\n", sizeof("summary fine\nsummary \0hidden\n") - 1,
     1, "contains a NUL byte; not a policy file"},
    {"name with a slash", "name my/policy\n", 0, 1,
     "'name' takes one name of letters, digits, '-', '_' or '.'"},
    {"name with a space", "name 'my policy'\n", 0, 1,
     "'name' takes one name of letters, digits, '-', '_' or '.'"},
    {"name too long", "name " SIXTEEN_LETTERS SIXTEEN_LETTERS SIXTEEN_LETTERS SIXTEEN_LETTERS "\n",
     0, 1,
     "'name' takes one name of letters, digits, '-', '_' or '.'"},
    {"CRLF line numbers", "purpose any\r\nflag nope on\r\n", 0, 2, "unknown flag 'nope'"},
};

static void expect_parse_error(const char *label, const char *text, size_t len, int line,
                               const char *message)
{
    char err[ERR_CHARS] = "", want[ERR_CHARS];
    xs_policy *p = &not_a_policy; /* the parser must reset it to NULL */
    xt_format_into(want, sizeof(want), "%s:%d: %s", CASE_ORIGIN, line, message);
    xs_status st = xs_policy_parse(&p, text, len, CASE_ORIGIN, NULL, err, sizeof(err));
    ck_assert_msg(st == XS_ERR_POLICY, "%s: status '%s', want '%s'", label, xs_status_string(st),
                  xs_status_string(XS_ERR_POLICY));
    ck_assert_ptr_null(p);
    ck_assert_msg(strcmp(err, want) == 0, "%s: message\n  '%s', want\n  '%s'", label, err, want);
}

/* Loop test: bad_policies[_i]. */
START_TEST(malformed_policy_is_rejected)
{
    const bad_policy *c = &bad_policies[_i];
    size_t len = c->len != 0 ? c->len : strlen(c->text);
    ck_assert_msg(len > 0, "%s", c->label);
    expect_parse_error(c->label, c->text, len, c->line, c->message);
}
END_TEST

typedef struct {
    const char *label;
    const char *text;
    const char *summary;
    xs_purpose purpose;
    int max_depth;
    int auth_level;
    unsigned flags;
} good_policy;

static const good_policy good_policies[] = {
    {"empty file", "", "", XS_PURPOSE_SERVER_AUTH, XS_MAX_DEPTH, -1, 0},
    {"only comments and blank lines", "# a comment\n\n   \n\t\n#flag x509_strict on\n# no newline",
     "", XS_PURPOSE_SERVER_AUTH, XS_MAX_DEPTH, -1, 0},
    {"comments and blank lines everywhere",
     "# leading comment\n"
     "\n"
     "   \t \n"
     "  summary   Strict web policy   # trailing comment\n"
     "#flag x509_strict on\n"
     "\tpurpose clientAuth# no space before the hash\n"
     "max_depth 7 \n"
     "\n"
     "auth_level 3",
     "Strict web policy", XS_PURPOSE_CLIENT_AUTH, 7, 3, 0},
    {"CRLF line endings", "summary CRLF policy\r\nflag x509_strict on\r\npurpose any\r\n",
     "CRLF policy", XS_PURPOSE_ANY, XS_MAX_DEPTH, -1, XS_FLAG(x509_strict)},
    {"later flag line wins",
     "flag x509_strict on\nflag partial_chain on\nflag x509_strict off\n", "",
     XS_PURPOSE_SERVER_AUTH, XS_MAX_DEPTH, -1, XS_FLAG(partial_chain)},
    {"smallest values", "max_depth 0\nauth_level -1\npurpose codeSigning\n", "",
     XS_PURPOSE_CODE_SIGNING, 0, -1, 0},
    {"largest values", "max_depth " STR(XS_MAX_DEPTH) "\nauth_level 5\npurpose emailProtection\n",
     "", XS_PURPOSE_EMAIL_PROTECTION, XS_MAX_DEPTH, 5, 0},
    {"summary keeps inner spacing", "summary a  b\tc # d\n", "a  b\tc", XS_PURPOSE_SERVER_AUTH,
     XS_MAX_DEPTH, -1, 0},
};

/* Loop test: good_policies[_i]. */
START_TEST(well_formed_policy_loads)
{
    const good_policy *c = &good_policies[_i];
    xs_policy *p = parse_ok(c->text, CASE_ORIGIN, NULL);
    ck_assert_str_eq(xs_policy_name(p), "case");
    ck_assert_str_eq(xs_policy_summary(p), c->summary);
    ck_assert_int_eq(xs_policy_purpose(p), c->purpose);
    ck_assert_int_eq(p->max_depth, c->max_depth);
    ck_assert_int_eq(p->auth_level, c->auth_level);
    ck_assert_uint_eq(p->flags, c->flags);
    expect_default_severities(p);
    xs_policy_free(p);
}
END_TEST

START_TEST(inherit_may_follow_comments_and_blank_lines)
{
    xs_policy *python = builtin_ok("python-3.13");
    xs_policy *p = parse_ok("# about this policy\n\n   \ninherit python-3.13 # the base\n",
                            CASE_ORIGIN, NULL);
    expect_same_settings(p, python, XS_R__COUNT);
    xs_policy_free(python);
    xs_policy_free(p);
}
END_TEST

START_TEST(null_text_of_length_zero_is_empty)
{
    xs_policy *p = NULL;
    char err[ERR_CHARS] = "";
    ck_assert_int_eq(xs_policy_parse(&p, NULL, 0, CASE_ORIGIN, NULL, err, sizeof(err)), XS_OK);
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(xs_policy_summary(p), "");
    xs_policy_free(p);
}
END_TEST

/* line_of builds "#xxx...x" of `chars` characters. */
static char *line_of(size_t chars)
{
    char *text = malloc(chars + 1);
    ck_assert_ptr_nonnull(text);
    memset(text, 'x', chars);
    text[0] = '#';
    text[chars] = 0;
    return text;
}

START_TEST(line_of_the_longest_length_loads)
{
    char *line = line_of(LONGEST_LINE);
    char text[LONGEST_LINE + 64];
    snprintf(text, sizeof(text), "purpose any\n%s\nmax_depth 4\n", line);
    xs_policy *p = parse_ok(text, CASE_ORIGIN, NULL);
    ck_assert_int_eq(xs_policy_purpose(p), XS_PURPOSE_ANY);
    ck_assert_int_eq(p->max_depth, 4);
    xs_policy_free(p);
    free(line);
}
END_TEST

START_TEST(line_one_character_too_long_is_rejected)
{
    char *line = line_of(LONGEST_LINE + 1);
    char text[LONGEST_LINE + 64];
    snprintf(text, sizeof(text), "purpose any\n%s\n", line);
    expect_parse_error("long line", text, strlen(text), 2,
                       "line longer than " STR(LONGEST_LINE) " characters");
    free(line);
}
END_TEST

START_TEST(max_depth_limit_is_exact)
{
    char text[64];
    snprintf(text, sizeof(text), "max_depth %d\n", XS_MAX_DEPTH);
    xs_policy *p = parse_ok(text, CASE_ORIGIN, NULL);
    ck_assert_int_eq(p->max_depth, XS_MAX_DEPTH);
    xs_policy_free(p);
    snprintf(text, sizeof(text), "\nmax_depth %d\n", XS_MAX_DEPTH + 1);
    expect_parse_error("max_depth over the limit", text, strlen(text), 2,
                       "max_depth must be a number from 0 to " STR(XS_MAX_DEPTH));
}
END_TEST

/* Loop test: the name a policy gets from its origin when it has no `name`. */
static const struct {
    const char *origin;
    const char *name;
} names_from_origin[] = {
    {"web.policy", "web"},
    {"/etc/x509strict/strict-web.policy", "strict-web"},
    {"relative/dir/v1.2_rc.policy", "v1.2_rc"},
    {"no-suffix", "no-suffix"},
    {"odd*chars.policy", "custom"},
    {"has space.policy", "custom"},
};

START_TEST(policy_name_comes_from_its_origin)
{
    xs_policy *p = parse_ok("", names_from_origin[_i].origin, NULL);
    ck_assert_str_eq(xs_policy_name(p), names_from_origin[_i].name);
    xs_policy_free(p);
}
END_TEST

START_TEST(name_directive_overrides_the_origin)
{
    xs_policy *p = parse_ok("name explicit_name-1.0\n", "web.policy", NULL);
    ck_assert_str_eq(xs_policy_name(p), "explicit_name-1.0");
    xs_policy_free(p);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* xs_policy_load of things that are not there                              */

START_TEST(load_missing_file_names_it)
{
    char dir[PATH_CHARS], path[PATH_CHARS], message[ERR_CHARS];
    new_scratch_dir(dir);
    policy_path(path, dir, "missing");
    xt_format_into(message, sizeof(message), "%s: %s", path, strerror(ENOENT));
    expect_load_error(path, message);
}
END_TEST

/* enter_scratch_cwd makes a fresh scratch directory as the working
 * directory (saving the old one), so bare names cannot meet a stray file. */
static void enter_scratch_cwd(char saved[PATH_CHARS], char dir[PATH_CHARS])
{
    ck_assert_ptr_nonnull(getcwd(saved, PATH_CHARS));
    new_scratch_dir(dir);
    ck_assert_int_eq(chdir(dir), 0);
}

START_TEST(load_unknown_bare_name_names_it)
{
    char saved[PATH_CHARS], dir[PATH_CHARS];
    enter_scratch_cwd(saved, dir);
    expect_load_error("python-2.7", "python-2.7: neither a builtin policy nor a readable file");
    ck_assert_int_eq(chdir(saved), 0);
}
END_TEST

START_TEST(load_bare_name_of_a_file_in_the_working_directory)
{
    char saved[PATH_CHARS], dir[PATH_CHARS];
    enter_scratch_cwd(saved, dir);
    write_policy(".", "base", "purpose clientAuth\n");
    write_policy(".", "local", "inherit base\nmax_depth 2\n");
    xs_policy *p = load_ok("local.policy");
    ck_assert_str_eq(xs_policy_name(p), "local");
    ck_assert_int_eq(xs_policy_purpose(p), XS_PURPOSE_CLIENT_AUTH);
    ck_assert_int_eq(p->max_depth, 2);
    xs_policy_free(p);
    ck_assert_int_eq(chdir(saved), 0);
}
END_TEST

START_TEST(load_builtin_by_name)
{
    for (size_t i = 0; i < xs_policy_builtin_count(); i++) {
        xs_policy *loaded = load_ok(xs_policy_builtin_name(i));
        xs_policy *builtin = builtin_ok(xs_policy_builtin_name(i));
        ck_assert_str_eq(xs_policy_name(loaded), xs_policy_name(builtin));
        expect_same_settings(loaded, builtin, XS_R__COUNT);
        xs_policy_free(loaded);
        xs_policy_free(builtin);
    }
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Size limit (XS_MAX_POLICY_BYTES)                                          */

/* big_policy_text is a policy of `len` bytes: comment lines. */
static char *big_policy_text(size_t len)
{
    char *text = malloc(len + 1);
    ck_assert_ptr_nonnull(text);
    for (size_t i = 0; i < len; i++) {
        text[i] = i % 64 == 63 ? '\n' : '#';
    }
    text[len] = 0;
    return text;
}

START_TEST(parse_over_the_size_limit)
{
    size_t len = (size_t)XS_MAX_POLICY_BYTES + 1;
    char *text = big_policy_text(len);
    char err[ERR_CHARS] = "", want[ERR_CHARS];
    xs_policy *p = &not_a_policy;
    ck_assert_int_eq(xs_policy_parse(&p, text, len, CASE_ORIGIN, NULL, err, sizeof(err)),
                     XS_ERR_LIMIT);
    ck_assert_ptr_null(p);
    xt_format_into(want, sizeof(want), "%s: policy larger than %u bytes", CASE_ORIGIN,
                   XS_MAX_POLICY_BYTES);
    ck_assert_str_eq(err, want);
    free(text);
}
END_TEST

START_TEST(parse_at_the_size_limit)
{
    char *text = big_policy_text(XS_MAX_POLICY_BYTES);
    xs_policy *p = parse_ok(text, CASE_ORIGIN, NULL);
    ck_assert_str_eq(xs_policy_summary(p), "");
    xs_policy_free(p);
    free(text);
}
END_TEST

START_TEST(load_file_over_the_size_limit)
{
    char dir[PATH_CHARS], path[PATH_CHARS], want[ERR_CHARS], err[ERR_CHARS] = "";
    new_scratch_dir(dir);
    char *text = big_policy_text((size_t)XS_MAX_POLICY_BYTES + 1);
    write_policy(dir, "big", text);
    free(text);
    policy_path(path, dir, "big");
    xs_policy *p = &not_a_policy;
    ck_assert_int_eq(xs_policy_load(&p, path, err, sizeof(err)), XS_ERR_LIMIT);
    ck_assert_ptr_null(p);
    xt_format_into(want, sizeof(want), "%s: larger than %u bytes", path, XS_MAX_POLICY_BYTES);
    ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(inherit_file_over_the_size_limit)
{
    /* x509strict_limits.h: hitting a cap is XS_ERR_LIMIT with a message
     * naming the cap; here the cap is hit by the inherited file */
    char dir[PATH_CHARS], path[PATH_CHARS], parent[PATH_CHARS], limit[32];
    char err[ERR_CHARS] = "";
    new_scratch_dir(dir);
    char *text = big_policy_text((size_t)XS_MAX_POLICY_BYTES + 1);
    write_policy(dir, "big", text);
    free(text);
    write_policy(dir, "small", "inherit big\n");
    policy_path(path, dir, "small");
    policy_path(parent, dir, "big");
    xt_format_into(limit, sizeof(limit), "%u", XS_MAX_POLICY_BYTES);
    xs_policy *p = &not_a_policy;
    xs_status st = xs_policy_load(&p, path, err, sizeof(err));
    ck_assert_ptr_null(p);
    ck_assert_msg(st == XS_ERR_LIMIT, "status '%s', want '%s' (%s)", xs_status_string(st),
                  xs_status_string(XS_ERR_LIMIT), err);
    ck_assert_msg(strstr(err, parent) != NULL && strstr(err, limit) != NULL,
                  "'%s' names neither %s nor the limit %s", err, parent, limit);
}
END_TEST

/* ------------------------------------------------------------------------ */

static Suite *policy_suite(void)
{
    Suite *s = suite_create("policy");

    TCase *builtin = tcase_create("builtin");
    tcase_add_test(builtin, builtin_names_are_the_shipped_files_sorted);
    tcase_add_loop_test(builtin, builtin_policy_loads, 0, (int)xs_policy_builtin_count());
    tcase_add_loop_test(builtin, builtin_policy_equals_its_file, 0,
                        (int)xs_policy_builtin_count());
    tcase_add_test(builtin, python_3_13_is_strict_partial_chain_server_auth);
    tcase_add_test(builtin, unknown_builtin_is_a_policy_error);
    suite_add_tcase(s, builtin);

    TCase *inheritance = tcase_create("inherit");
    tcase_add_test(inheritance, inherit_builtin_keeps_parent_settings);
    tcase_add_test(inheritance, inherit_chain_of_builtins);
    tcase_add_test(inheritance, inherit_file_beside_the_policy);
    tcase_add_test(inheritance, inherit_falls_back_to_builtin_beside_a_file);
    tcase_add_test(inheritance, inherit_file_shadows_builtin_of_that_name);
    tcase_add_test(inheritance, inherit_cycle_between_files_hits_the_depth_limit);
    tcase_add_test(inheritance, inherit_itself_hits_the_depth_limit);
    tcase_add_test(inheritance, inherit_depth_limit_is_exact);
    tcase_add_test(inheritance, inherit_unknown_name_beside_a_file);
    tcase_add_test(inheritance, error_in_inherited_file_names_that_file);
    tcase_add_test(inheritance, inherit_may_follow_comments_and_blank_lines);
    suite_add_tcase(s, inheritance);

    TCase *syntax = tcase_create("syntax");
    tcase_add_loop_test(syntax, malformed_policy_is_rejected, 0, (int)ARRAY_LEN(bad_policies));
    tcase_add_loop_test(syntax, well_formed_policy_loads, 0, (int)ARRAY_LEN(good_policies));
    tcase_add_test(syntax, null_text_of_length_zero_is_empty);
    tcase_add_test(syntax, line_of_the_longest_length_loads);
    tcase_add_test(syntax, line_one_character_too_long_is_rejected);
    tcase_add_test(syntax, max_depth_limit_is_exact);
    tcase_add_loop_test(syntax, policy_name_comes_from_its_origin, 0,
                        (int)ARRAY_LEN(names_from_origin));
    tcase_add_test(syntax, name_directive_overrides_the_origin);
    suite_add_tcase(s, syntax);

    TCase *load = tcase_create("load");
    tcase_add_test(load, load_missing_file_names_it);
    tcase_add_test(load, load_unknown_bare_name_names_it);
    tcase_add_test(load, load_bare_name_of_a_file_in_the_working_directory);
    tcase_add_test(load, load_builtin_by_name);
    suite_add_tcase(s, load);

    TCase *limits = tcase_create("limits");
    tcase_add_test(limits, parse_over_the_size_limit);
    tcase_add_test(limits, parse_at_the_size_limit);
    tcase_add_test(limits, load_file_over_the_size_limit);
    tcase_add_test(limits, inherit_file_over_the_size_limit);
    suite_add_tcase(s, limits);
    return s;
}

int main(void)
{
    return xt_run_in_scratch(policy_suite, scratch_root, sizeof(scratch_root),
                             XS_TEST_SCRATCH_PARENT, "unit_policy");
}
