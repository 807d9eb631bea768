/*
 * policy.c: the policy loader. One directive per line; '#' starts a comment.
 *
 *   name NAME                    (default: the file name without .policy)
 *   summary TEXT...
 *   inherit NAME                 (first directive only; a builtin policy, or
 *                                 NAME.policy beside the file)
 *   flag FLAG on|off
 *   purpose serverAuth|clientAuth|codeSigning|emailProtection|any
 *   max_depth N                  (0..XS_MAX_DEPTH)
 *   auth_level N                 (-1..5; OpenSSL security level)
 *   severity SELECTOR error|warn|notice|off
 *                                (SELECTOR: a rule mnemonic, family:NAME,
 *                                 level:MUST|SHOULD|NONE, or all; later
 *                                 lines override earlier ones)
 *   checks error|warn|notice|off (cap on the severity of x509strict's own
 *                                 checks; OpenSSL's findings are not capped)
 *   effective_dates on|off       (rules do not apply to certificates issued
 *                                 before the RFC that introduced them)
 */
#include "policy/policy.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "policy/builtin.h"
#include "util/file.h"

#define MAX_TOKENS 4

static bool is_space(char c);

static const char *const flag_names[XS_FLAG__COUNT] = {
#define XS_FLAG_NAME(name) #name,
    XS_POLICY_FLAGS(XS_FLAG_NAME)
#undef XS_FLAG_NAME
};

const char *xs_policy_flag_name(xs_flag_bit bit)
{
    return (unsigned)bit < XS_FLAG__COUNT ? flag_names[bit] : "?";
}

xs_severity xs_policy_resolve(const xs_policy *policy, xs_rule_id rule)
{
    return (unsigned)rule < XS_R__COUNT ? policy->severity[rule] : XS_SEV_ERROR;
}

/* openssl_would_check: the rule mirrors an OpenSSL verify error that
 * OpenSSL reports under this policy's flags (codes 78-93 need strict mode). */
static bool openssl_would_check(const xs_policy *policy, xs_rule_id rule)
{
    int code = xs_rule_info_of(rule)->openssl_code;
    if (code < 0) {
        return false;
    }
    bool strict_only = code >= 78 && code <= 93;
    return !strict_only || (policy->flags & XS_FLAG(x509_strict)) != 0;
}

xs_severity xs_policy_resolve_own(const xs_policy *policy, xs_rule_id rule, bool predates,
                                  bool openssl_ran)
{
    xs_severity sev = xs_policy_resolve(policy, rule);
    if (predates && policy->effective_dates) {
        return XS_SEV_OFF;
    }
    if (!openssl_ran && openssl_would_check(policy, rule)) {
        return sev;
    }
    return sev < policy->checks_cap ? sev : policy->checks_cap;
}

static void set_defaults(xs_policy *p, const char *name)
{
    memset(p, 0, sizeof(*p));
    snprintf(p->name, sizeof(p->name), "%s", name);
    p->purpose = XS_PURPOSE_SERVER_AUTH;
    p->max_depth = XS_MAX_DEPTH;
    p->auth_level = -1;
    p->checks_cap = XS_SEV_ERROR;
    p->effective_dates = true;
    for (size_t i = 0; i < XS_R__COUNT; i++) {
        p->severity[i] = xs_rule_info_of((xs_rule_id)i)->default_severity;
    }
}

/* A parse in progress: where we are, for "origin:line: message" errors. */
typedef struct {
    xs_policy *policy;
    const char *origin;
    const char *dir; /* where `inherit` looks for NAME.policy, or NULL */
    int line;
    int inherit_depth;
    bool seen_directive;
    char *err;
    size_t err_len;
} parse_state;

XS_PRINTF(2, 3)
static xs_status fail(parse_state *ps, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return xs_set_err(XS_ERR_POLICY, ps->err, ps->err_len, "%s:%d: %s", ps->origin, ps->line, msg);
}

static xs_status parse_text(parse_state *ps, const char *text, size_t len);

static const xs_builtin_policy *find_builtin(const char *name)
{
    for (size_t i = 0; i < xs_builtin_policy_count; i++) {
        if (strcmp(xs_builtin_policies[i].name, name) == 0) {
            return &xs_builtin_policies[i];
        }
    }
    return NULL;
}

static bool valid_policy_name(const char *name)
{
    if (*name == 0 || strlen(name) >= sizeof(((xs_policy *)0)->name)) {
        return false;
    }
    for (const char *c = name; *c; c++) {
        if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_' && *c != '.') {
            return false;
        }
    }
    return true;
}

/* parse_parent_file parses the policy file `path` into the policy being
 * built. A file that cannot be read is an error at the `inherit` line. */
static xs_status parse_parent_file(parse_state *ps, parse_state *sub, const char *path)
{
    uint8_t *data = NULL;
    size_t len = 0;
    char why[512] = "";
    xs_status st = xs_read_file(path, XS_MAX_POLICY_BYTES, &data, &len, why, sizeof(why));
    if (st != XS_OK) {
        fail(ps, "%s", why);
        return st == XS_ERR_IO ? XS_ERR_POLICY : st;
    }
    sub->origin = path;
    st = parse_text(sub, (const char *)data, len);
    free(data);
    return st;
}

/* inherit replaces the policy being parsed with the named parent: NAME.policy
 * beside the file when there is one, else the builtin NAME. Parsing then
 * goes on with the child's own lines. */
static xs_status inherit(parse_state *ps, const char *parent)
{
    if (ps->seen_directive) {
        return fail(ps, "'inherit' must come before every other directive");
    }
    if (!valid_policy_name(parent)) {
        return fail(ps, "'%s' is not a policy name", parent);
    }
    if (ps->inherit_depth >= XS_MAX_POLICY_INHERIT) {
        return fail(ps, "more than %d levels of 'inherit' (a cycle?)", XS_MAX_POLICY_INHERIT);
    }
    char name[sizeof(ps->policy->name)];
    memcpy(name, ps->policy->name, sizeof(name));
    parse_state sub = *ps;
    sub.inherit_depth++;
    sub.line = 0;
    sub.seen_directive = false;
    char path[4096] = "";
    struct stat sb;
    xs_status st;
    const xs_builtin_policy *b = find_builtin(parent);
    if (ps->dir != NULL) {
        snprintf(path, sizeof(path), "%s/%s.policy", ps->dir, parent);
    }
    if (path[0] != 0 && stat(path, &sb) == 0) {
        st = parse_parent_file(ps, &sub, path);
    } else if (b != NULL) {
        sub.origin = b->name;
        sub.dir = NULL;
        st = parse_text(&sub, b->text, b->text_len);
    } else if (path[0] != 0) {
        st = fail(ps, "no policy '%s' (no builtin, no %s)", parent, path);
    } else {
        st = fail(ps, "no builtin policy '%s'", parent);
    }
    memcpy(ps->policy->name, name, sizeof(name));
    return st;
}

static int parse_int(const char *s, long lo, long hi, int *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != 0 || v < lo || v > hi) {
        return -1;
    }
    *out = (int)v;
    return 0;
}

static int parse_severity(const char *s, xs_severity *out)
{
    static const xs_severity all[] = {XS_SEV_OFF, XS_SEV_NOTICE, XS_SEV_WARN, XS_SEV_ERROR};
    for (size_t i = 0; i < XS_ARRAY_LEN(all); i++) {
        if (strcmp(s, xs_severity_name(all[i])) == 0) {
            *out = all[i];
            return 0;
        }
    }
    return -1;
}

static xs_status directive_flag(parse_state *ps, char **tok, int n)
{
    if (n != 3 || (strcmp(tok[2], "on") != 0 && strcmp(tok[2], "off") != 0)) {
        return fail(ps, "'flag' takes a flag name and on|off");
    }
    for (unsigned i = 0; i < XS_FLAG__COUNT; i++) {
        if (strcmp(tok[1], flag_names[i]) == 0) {
            if (strcmp(tok[2], "on") == 0) {
                ps->policy->flags |= 1u << i;
            } else {
                ps->policy->flags &= ~(1u << i);
            }
            return XS_OK;
        }
    }
    return fail(ps, "unknown flag '%s'", tok[1]);
}

/* selector_matches: a `severity` line's selector against rule `i`. */
static bool selector_matches(const char *selector, size_t i)
{
    const xs_rule_info *r = xs_rule_get(i);
    if (strcmp(selector, "all") == 0) {
        return true;
    }
    if (strncmp(selector, "family:", 7) == 0) {
        return strcmp(selector + 7, r->family) == 0;
    }
    if (strncmp(selector, "level:", 6) == 0) {
        const char *level = r->level[0] ? r->level : "NONE";
        return strcmp(selector + 6, level) == 0;
    }
    return strcmp(selector, r->mnemonic) == 0;
}

static bool selector_valid(const char *selector)
{
    static const char *const levels[] = {"level:MUST", "level:SHOULD", "level:NONE"};
    if (strcmp(selector, "all") == 0) {
        return true;
    }
    for (size_t i = 0; i < XS_ARRAY_LEN(levels); i++) {
        if (strcmp(selector, levels[i]) == 0) {
            return true;
        }
    }
    for (size_t i = 0; i < xs_rule_count(); i++) {
        if (selector_matches(selector, i)) {
            return true;
        }
    }
    return false;
}

static xs_status directive_severity(parse_state *ps, char **tok, int n)
{
    xs_severity sev;
    if (n != 3) {
        return fail(ps, "'severity' takes a rule mnemonic (or family:NAME, level:LEVEL, all) "
                        "and error|warn|notice|off");
    }
    if (!selector_valid(tok[1]) && strchr(tok[1], ':') != NULL) {
        return fail(ps, "no rule matches '%s'", tok[1]);
    }
    if (!selector_valid(tok[1])) {
        return fail(ps, "unknown rule mnemonic '%s'", tok[1]);
    }
    if (parse_severity(tok[2], &sev) != 0) {
        return fail(ps, "unknown severity '%s' (error|warn|notice|off)", tok[2]);
    }
    for (size_t i = 0; i < XS_R__COUNT; i++) {
        if (selector_matches(tok[1], i)) {
            ps->policy->severity[i] = sev;
        }
    }
    return XS_OK;
}

static xs_status directive_on_off(parse_state *ps, char **tok, int n, bool *out)
{
    if (n != 2 || (strcmp(tok[1], "on") != 0 && strcmp(tok[1], "off") != 0)) {
        return fail(ps, "'%s' takes on|off", tok[0]);
    }
    *out = strcmp(tok[1], "on") == 0;
    return XS_OK;
}

static xs_status directive(parse_state *ps, char **tok, int n, const char *rest)
{
    const char *d = tok[0];
    xs_policy *p = ps->policy;
    if (strcmp(d, "inherit") == 0) {
        return n == 2 ? inherit(ps, tok[1]) : fail(ps, "'inherit' takes one policy name");
    }
    if (strcmp(d, "summary") == 0) {
        snprintf(p->summary, sizeof(p->summary), "%s", rest);
        for (size_t end = strlen(p->summary); end > 0 && is_space(p->summary[end - 1]); end--) {
            p->summary[end - 1] = 0;
        }
        return XS_OK;
    }
    if (n == 1) {
        return fail(ps, "'%s' needs a value", d);
    }
    if (strcmp(d, "name") == 0) {
        if (n != 2 || !valid_policy_name(tok[1])) {
            return fail(ps, "'name' takes one name of letters, digits, '-', '_' or '.'");
        }
        snprintf(p->name, sizeof(p->name), "%s", tok[1]);
        return XS_OK;
    }
    if (strcmp(d, "flag") == 0) {
        return directive_flag(ps, tok, n);
    }
    if (strcmp(d, "severity") == 0) {
        return directive_severity(ps, tok, n);
    }
    if (strcmp(d, "effective_dates") == 0) {
        return directive_on_off(ps, tok, n, &p->effective_dates);
    }
    if (strcmp(d, "checks") == 0) {
        return n == 2 && parse_severity(tok[1], &p->checks_cap) == 0
                   ? XS_OK
                   : fail(ps, "'checks' takes error|warn|notice|off");
    }
    if (n != 2) {
        return fail(ps, "'%s' takes one value", d);
    }
    if (strcmp(d, "purpose") == 0) {
        return xs_purpose_parse(tok[1], &p->purpose) == 0
                   ? XS_OK
                   : fail(ps, "unknown purpose '%s' (serverAuth|clientAuth|codeSigning|"
                              "emailProtection|any)", tok[1]);
    }
    if (strcmp(d, "max_depth") == 0) {
        return parse_int(tok[1], 0, XS_MAX_DEPTH, &p->max_depth) == 0
                   ? XS_OK
                   : fail(ps, "max_depth must be a number from 0 to %d", XS_MAX_DEPTH);
    }
    if (strcmp(d, "auth_level") == 0) {
        return parse_int(tok[1], -1, 5, &p->auth_level) == 0
                   ? XS_OK
                   : fail(ps, "auth_level must be a number from -1 to 5");
    }
    return fail(ps, "unknown directive '%s'", d);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* parse_line splits one line (already without its comment) into words and
 * applies it; `rest` is everything after the first word, for `summary`.
 * `line` is modified. */
static xs_status parse_line(parse_state *ps, char *line)
{
    char *tok[MAX_TOKENS];
    const char *rest = "";
    int n = 0;
    char *s = line;
    for (;;) {
        while (is_space(*s)) {
            *s++ = 0;
        }
        if (*s == 0) {
            break;
        }
        if (n == 1) {
            rest = s;
            if (strcmp(tok[0], "summary") == 0) {
                break;
            }
        }
        if (n == MAX_TOKENS) {
            return fail(ps, "too many words");
        }
        tok[n++] = s;
        while (*s != 0 && !is_space(*s)) {
            s++;
        }
    }
    if (n == 0) {
        return XS_OK;
    }
    xs_status st = directive(ps, tok, n, rest);
    ps->seen_directive = true;
    return st;
}

static xs_status parse_text(parse_state *ps, const char *text, size_t len)
{
    if (memchr(text, 0, len) != NULL) {
        ps->line = 1;
        return fail(ps, "contains a NUL byte; not a policy file");
    }
    char line[1024];
    size_t pos = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl != NULL ? (size_t)(nl - (text + pos)) : len - pos;
        ps->line++;
        if (n >= sizeof(line)) {
            return fail(ps, "line longer than %zu characters", sizeof(line) - 1);
        }
        memcpy(line, text + pos, n);
        line[n] = 0;
        char *hash = strchr(line, '#');
        if (hash != NULL) {
            *hash = 0;
        }
        xs_status st = parse_line(ps, line);
        if (st != XS_OK) {
            return st;
        }
        pos += n + (nl != NULL);
    }
    return XS_OK;
}

static xs_status parse_new(xs_policy **out, const char *text, size_t len, const char *origin,
                           const char *default_name, const char *dir, char *err, size_t err_len)
{
    *out = NULL;
    if (len > XS_MAX_POLICY_BYTES) {
        return xs_set_err(XS_ERR_LIMIT, err, err_len, "%s: policy larger than %u bytes", origin,
                          XS_MAX_POLICY_BYTES);
    }
    xs_policy *p = malloc(sizeof(*p));
    if (p == NULL) {
        return XS_ERR_NOMEM;
    }
    set_defaults(p, default_name);
    parse_state ps = {.policy = p, .origin = origin, .dir = dir, .err = err, .err_len = err_len};
    xs_status st = parse_text(&ps, text, len);
    if (st != XS_OK) {
        free(p);
        return st;
    }
    *out = p;
    return XS_OK;
}

/* base_name returns the file name of `path` without its directory and
 * without a .policy suffix, in out[out_len]. */
static void base_name(const char *path, char *out, size_t out_len)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash != NULL ? slash + 1 : path;
    snprintf(out, out_len, "%s", base);
    size_t n = strlen(out);
    if (n > 7 && strcmp(out + n - 7, ".policy") == 0) {
        out[n - 7] = 0;
    }
    if (!valid_policy_name(out)) {
        snprintf(out, out_len, "custom");
    }
}

xs_status xs_policy_parse(xs_policy **out, const char *text, size_t text_len, const char *origin,
                          const char *dir, char *err, size_t err_len)
{
    if (out == NULL || (text == NULL && text_len > 0) || origin == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    char name[64];
    base_name(origin, name, sizeof(name));
    return parse_new(out, text != NULL ? text : "", text_len, origin, name, dir, err, err_len);
}

xs_status xs_policy_builtin(xs_policy **out, const char *name, char *err, size_t err_len)
{
    const xs_builtin_policy *b = name != NULL ? find_builtin(name) : NULL;
    if (b == NULL) {
        *out = NULL;
        return xs_set_err(XS_ERR_POLICY, err, err_len, "no builtin policy '%s'",
                          name != NULL ? name : "(null)");
    }
    return parse_new(out, b->text, b->text_len, b->name, b->name, NULL, err, err_len);
}

xs_status xs_policy_load(xs_policy **out, const char *name_or_path, char *err, size_t err_len)
{
    if (out == NULL || name_or_path == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    if (strchr(name_or_path, '/') == NULL && find_builtin(name_or_path) != NULL) {
        return xs_policy_builtin(out, name_or_path, err, err_len);
    }
    uint8_t *data = NULL;
    size_t len = 0;
    xs_status st = xs_read_file(name_or_path, XS_MAX_POLICY_BYTES, &data, &len, err, err_len);
    if (st == XS_ERR_IO && strchr(name_or_path, '/') == NULL) {
        st = xs_set_err(XS_ERR_POLICY, err, err_len,
                        "%s: neither a builtin policy nor a readable file", name_or_path);
    }
    if (st != XS_OK) {
        *out = NULL;
        return st == XS_ERR_IO ? XS_ERR_POLICY : st;
    }
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s", name_or_path);
    char *slash = strrchr(dir, '/');
    if (slash != NULL) {
        *slash = 0;
    } else {
        snprintf(dir, sizeof(dir), ".");
    }
    st = xs_policy_parse(out, (const char *)data, len, name_or_path, dir, err, err_len);
    free(data);
    return st;
}

void xs_policy_free(xs_policy *policy)
{
    free(policy);
}

const char *xs_policy_name(const xs_policy *policy)
{
    return policy->name;
}

const char *xs_policy_summary(const xs_policy *policy)
{
    return policy->summary;
}

xs_purpose xs_policy_purpose(const xs_policy *policy)
{
    return policy->purpose;
}

int xs_policy_severity(const xs_policy *policy, const char *mnemonic)
{
    xs_rule_id rule;
    if (policy == NULL || mnemonic == NULL || xs_rule_by_mnemonic(mnemonic, &rule) != 0) {
        return -1;
    }
    return (int)policy->severity[rule];
}

size_t xs_policy_builtin_count(void)
{
    return xs_builtin_policy_count;
}

const char *xs_policy_builtin_name(size_t i)
{
    return i < xs_builtin_policy_count ? xs_builtin_policies[i].name : NULL;
}

static const char *const purpose_names[] = {
    [XS_PURPOSE_SERVER_AUTH] = "serverAuth",
    [XS_PURPOSE_CLIENT_AUTH] = "clientAuth",
    [XS_PURPOSE_CODE_SIGNING] = "codeSigning",
    [XS_PURPOSE_EMAIL_PROTECTION] = "emailProtection",
    [XS_PURPOSE_ANY] = "any",
};

const char *xs_purpose_name(xs_purpose purpose)
{
    return (unsigned)purpose < XS_ARRAY_LEN(purpose_names) ? purpose_names[purpose] : "?";
}

int xs_purpose_parse(const char *name, xs_purpose *out)
{
    for (size_t i = 0; i < XS_ARRAY_LEN(purpose_names); i++) {
        if (name != NULL && strcmp(name, purpose_names[i]) == 0) {
            *out = (xs_purpose)i;
            return 0;
        }
    }
    return -1;
}
