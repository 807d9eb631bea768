/* Target: xs_policy_parse (lib/policy/policy.c), the policy-file parser,
 *   with `inherit` resolved against the builtin policies and against a
 *   directory of parent policies this harness writes once with fixed
 *   contents: a chain of parents, a parent that shadows a builtin, a
 *   parent with an error, cycles, and a chain deeper than
 *   XS_MAX_POLICY_INHERIT.
 * Property: the status is XS_OK or XS_ERR_POLICY (XS_ERR_LIMIT past
 *   XS_MAX_POLICY_BYTES); a failure leaves no policy and one line
 *   "ORIGIN:LINE: message"; a policy that loads is a fixed point: written
 *   back as policy text (every setting, and a severity line per rule the
 *   policy changed) and parsed again, it is the same policy; parsing the
 *   same text twice gives the same policy.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "policy/policy.h"

static char parent_dir[64];

static const struct {
    const char *name;
    const char *text;
} parents[] = {
    {"base", "summary base of the fuzzing parents\nflag x509_strict on\nflag crl_check on\n"
             "severity family:der warn\nchecks warn\npurpose clientAuth\n"},
    {"mid", "inherit base\nname mid-level\nmax_depth 7\nauth_level 3\n"},
    {"top", "# a comment\ninherit mid\nseverity level:SHOULD error\neffective_dates off\n"},
    {"python-3.13", "inherit openssl-default\nsummary shadows the builtin\n"},
    {"broken", "inherit rfc5280\nflag nonsense on\n"},
    {"self", "inherit self\n"},
    {"ping", "inherit pong\n"},
    {"pong", "inherit ping\n"},
    {"d1", "inherit d2\n"}, {"d2", "inherit d3\n"}, {"d3", "inherit d4\n"},
    {"d4", "inherit d5\n"}, {"d5", "inherit d6\n"}, {"d6", "inherit d7\n"},
    {"d7", "inherit d8\n"}, {"d8", "inherit d9\n"}, {"d9", "inherit d10\n"},
    {"d10", "inherit rfc5280\n"},
    {"nul", "summary has a\0NUL\n"},
};

static void remove_parents(void)
{
    char path[256];
    for (size_t i = 0; i < sizeof(parents) / sizeof(parents[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s.policy", parent_dir, parents[i].name);
        unlink(path);
    }
    rmdir(parent_dir);
}

static void write_parents(void)
{
    if (parent_dir[0] != 0) {
        return;
    }
    snprintf(parent_dir, sizeof(parent_dir), "/tmp/xs-fuzz-policy-XXXXXX");
    FUZZ_CHECK(mkdtemp(parent_dir) != NULL, "mkdtemp");
    for (size_t i = 0; i < sizeof(parents) / sizeof(parents[0]); i++) {
        char path[256];
        snprintf(path, sizeof(path), "%s/%s.policy", parent_dir, parents[i].name);
        FILE *f = fopen(path, "wb");
        FUZZ_CHECK(f != NULL, "cannot write %s", path);
        /* "nul" holds a NUL byte: its length is that of the whole literal */
        size_t len = strcmp(parents[i].name, "nul") == 0 ? sizeof("summary has a\0NUL\n") - 1
                                                          : strlen(parents[i].text);
        fwrite(parents[i].text, 1, len, f);
        fclose(f);
    }
    atexit(remove_parents);
}

typedef struct {
    char *p;
    size_t len;
    size_t cap;
} text_buf;

FUZZ_PRINTF(2, 3) static void add(text_buf *b, const char *fmt, ...)
{
    char line[1200];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    FUZZ_CHECK(n >= 0 && (size_t)n < sizeof(line), "rendered line too long");
    if (b->len + (size_t)n + 1 > b->cap) {
        b->cap = (b->len + (size_t)n + 1) * 2;
        b->p = realloc(b->p, b->cap);
        FUZZ_CHECK(b->p != NULL, "out of memory");
    }
    memcpy(b->p + b->len, line, (size_t)n + 1);
    b->len += (size_t)n;
}

/* render writes `p` as policy text that sets everything it decides. */
static void render(const xs_policy *p, const xs_policy *defaults, text_buf *out)
{
    add(out, "name %s\n", p->name);
    add(out, "summary %s\n", p->summary);
    for (unsigned i = 0; i < XS_FLAG__COUNT; i++) {
        add(out, "flag %s %s\n", xs_policy_flag_name((xs_flag_bit)i),
            (p->flags >> i) & 1u ? "on" : "off");
    }
    add(out, "purpose %s\n", xs_purpose_name(p->purpose));
    add(out, "max_depth %d\n", p->max_depth);
    add(out, "auth_level %d\n", p->auth_level);
    add(out, "checks %s\n", xs_severity_name(p->checks_cap));
    add(out, "effective_dates %s\n", p->effective_dates ? "on" : "off");
    for (size_t i = 0; i < XS_R__COUNT; i++) {
        if (p->severity[i] != defaults->severity[i]) {
            add(out, "severity %s %s\n", xs_rule_get(i)->mnemonic,
                xs_severity_name(p->severity[i]));
        }
    }
}

static void check_same(const xs_policy *a, const xs_policy *b, const char *what)
{
    FUZZ_CHECK(strcmp(a->name, b->name) == 0, "%s: name %s vs %s", what, a->name, b->name);
    FUZZ_CHECK(strcmp(a->summary, b->summary) == 0, "%s: summary \"%s\" vs \"%s\"", what,
               a->summary, b->summary);
    FUZZ_CHECK(a->flags == b->flags, "%s: flags %#x vs %#x", what, a->flags, b->flags);
    FUZZ_CHECK(a->purpose == b->purpose && a->max_depth == b->max_depth &&
                   a->auth_level == b->auth_level && a->checks_cap == b->checks_cap &&
                   a->effective_dates == b->effective_dates,
               "%s: settings differ", what);
    for (size_t i = 0; i < XS_R__COUNT; i++) {
        FUZZ_CHECK(a->severity[i] == b->severity[i], "%s: severity of %s %s vs %s", what,
                   xs_rule_get(i)->mnemonic, xs_severity_name(a->severity[i]),
                   xs_severity_name(b->severity[i]));
    }
}

/* check_error: one line, "ORIGIN:LINE: message" or "ORIGIN: message". */
static void check_error(const char *err, xs_status st)
{
    FUZZ_CHECK(fuzz_is_one_line(err), "%s without a one-line message: \"%s\"",
               xs_status_string(st), err);
    const char *colon = strstr(err, ": ");
    FUZZ_CHECK(colon != NULL && colon != err && colon[2] != 0, "error without origin: \"%s\"",
               err);
    if (st == XS_ERR_POLICY) {
        const char *digits = colon;
        while (digits > err && isdigit((unsigned char)digits[-1])) {
            digits--;
        }
        FUZZ_CHECK(digits < colon && digits > err && digits[-1] == ':',
                   "policy error without a line number: \"%s\"", err);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    write_parents();
    static xs_policy *defaults;
    char err[1024] = "";
    if (defaults == NULL) {
        FUZZ_CHECK(xs_policy_parse(&defaults, "", 0, "defaults.policy", NULL, err,
                                   sizeof(err)) == XS_OK,
                   "the empty policy does not load: %s", err);
    }
    const char *text = (const char *)data;
    xs_policy *p = NULL, *again = NULL;
    err[0] = 0;
    xs_status st = xs_policy_parse(&p, text, size, "fuzz.policy", parent_dir, err, sizeof(err));
    if (st != XS_OK) {
        FUZZ_CHECK(st == XS_ERR_POLICY || (st == XS_ERR_LIMIT && size > XS_MAX_POLICY_BYTES),
                   "parse status %s: %s", xs_status_string(st), err);
        FUZZ_CHECK(p == NULL, "a failed parse returned a policy");
        check_error(err, st);
        return 0;
    }
    FUZZ_CHECK(p != NULL, "XS_OK without a policy");
    FUZZ_CHECK(xs_policy_parse(&again, text, size, "fuzz.policy", parent_dir, err,
                               sizeof(err)) == XS_OK,
               "the same text fails the second time: %s", err);
    check_same(p, again, "parsed twice");
    xs_policy_free(again);
    again = NULL;

    FUZZ_CHECK(strcmp(xs_policy_name(p), p->name) == 0 && xs_policy_purpose(p) == p->purpose,
               "accessors");
    FUZZ_CHECK(p->max_depth >= 0 && p->max_depth <= XS_MAX_DEPTH && p->auth_level >= -1 &&
                   p->auth_level <= 5,
               "settings out of range: max_depth %d auth_level %d", p->max_depth,
               p->auth_level);
    size_t probe = fuzz_pick(data, size, XS_R__COUNT);
    FUZZ_CHECK(xs_policy_severity(p, xs_rule_get(probe)->mnemonic) == (int)p->severity[probe],
               "xs_policy_severity");

    text_buf out = {NULL, 0, 0};
    render(p, defaults, &out);
    st = xs_policy_parse(&again, out.p, out.len, "render.policy", NULL, err, sizeof(err));
    FUZZ_CHECK(st == XS_OK, "the policy written back does not load: %s\n%s", err, out.p);
    check_same(p, again, "written back and parsed again");
    free(out.p);
    xs_policy_free(again);
    xs_policy_free(p);
    return 0;
}
