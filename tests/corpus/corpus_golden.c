/*
 * corpus_golden: the golden findings of corpus/.
 *
 *   corpus_golden [--root DIR] --check    [CASE...]   compare with expected.txt
 *   corpus_golden [--root DIR] --update   [CASE...]   rewrite expected.txt
 *   corpus_golden [--root DIR] --show      CASE...    print the outcome
 *   corpus_golden [--root DIR] --coverage             every rule fires somewhere
 *   corpus_golden [--root DIR] --table                cases per rule family (markdown)
 *
 * Every case directory (DIR/FOLDER/CASE/ with a case.txt) is judged under
 * every shipped policy, and under its own case.policy when it has one:
 *   mode verify  xs_verify of chain.pem (leaf first) with trust.pem (and
 *                untrusted.pem), at the case's time, purpose, host and depth;
 *   mode lint    xs_lint of each certificate of cert.der / cert.pem, loaded
 *                raw, with issuer.pem when present;
 *   mode anchor  xs_verify_anchor of trust.pem's first certificate.
 * expected.txt records, per policy, the verdict, the chain's origins, every
 * finding as "MNEMONIC depth severity", and what Python 3.13 would raise.
 * CASE is FOLDER or FOLDER/NAME. Uses the public API only.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "x509strict.h"

#ifndef CORPUS_DIR
#define CORPUS_DIR "corpus"
#endif

/* ------------------------------------------------------------------------ */
/* Text buffers. */

typedef struct {
    char *p;
    size_t len, cap;
} text;

#if defined(__GNUC__) || defined(__clang__)
#define GOLDEN_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define GOLDEN_PRINTF(a, b)
#endif

GOLDEN_PRINTF(1, 2) static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("corpus_golden: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static void tput(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 1024;
        while (cap < t->len + n + 1) {
            cap *= 2;
        }
        char *p = realloc(t->p, cap);
        if (p == NULL) {
            die("out of memory");
        }
        t->p = p;
        t->cap = cap;
    }
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = 0;
}

static void tstr(text *t, const char *s)
{
    tput(t, s, strlen(s));
}

GOLDEN_PRINTF(2, 3) static void tprintf(text *t, const char *fmt, ...)
{
    char small[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0) {
        die("bad format");
    }
    if ((size_t)n < sizeof(small)) {
        tput(t, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (big == NULL) {
        die("out of memory");
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    tput(t, big, (size_t)n);
    free(big);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    text t = {0};
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        tput(&t, buf, n);
    }
    fclose(f);
    if (t.p == NULL) {
        tput(&t, "", 0);
    }
    if (len != NULL) {
        *len = t.len;
    }
    return t.p;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* ------------------------------------------------------------------------ */
/* case.txt */

#define MAX_CARRIES 16

typedef struct {
    char dir[4096];
    char name[512];     /* FOLDER/CASE */
    char defect[1024];
    char carries[1024];
    char mode[16];
    char at[64];
    char purpose[32];
    char host[256];
    int max_depth;
    bool has_policy;
} case_info;

static void field(const char *line, const char *key, char *out, size_t out_len)
{
    size_t k = strlen(key);
    if (strncmp(line, key, k) == 0 && line[k] == ':' && line[k + 1] == ' ') {
        snprintf(out, out_len, "%s", line + k + 2);
    }
}

static bool read_case(const char *dir, case_info *c)
{
    memset(c, 0, sizeof(*c));
    snprintf(c->dir, sizeof(c->dir), "%s", dir);
    char path[4200];
    snprintf(path, sizeof(path), "%s/case.txt", dir);
    char *txt = read_file(path, NULL);
    if (txt == NULL) {
        return false;
    }
    snprintf(c->mode, sizeof(c->mode), "verify");
    snprintf(c->purpose, sizeof(c->purpose), "serverAuth");
    snprintf(c->host, sizeof(c->host), "none");
    char depth[16] = "", policy[64] = "";
    for (char *save = NULL, *line = strtok_r(txt, "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save)) {
        field(line, "name", c->name, sizeof(c->name));
        field(line, "defect", c->defect, sizeof(c->defect));
        field(line, "carries", c->carries, sizeof(c->carries));
        field(line, "mode", c->mode, sizeof(c->mode));
        field(line, "at", c->at, sizeof(c->at));
        field(line, "purpose", c->purpose, sizeof(c->purpose));
        field(line, "host", c->host, sizeof(c->host));
        field(line, "max-depth", depth, sizeof(depth));
        field(line, "policy", policy, sizeof(policy));
    }
    free(txt);
    c->max_depth = depth[0] ? atoi(depth) : 0;
    c->has_policy = policy[0] != 0;
    return true;
}

/* ------------------------------------------------------------------------ */
/* Judging a case. */

/* load reads a file of the case into `certs`; the origin in messages is the
 * file's name, so outcomes do not depend on where the corpus lies. */
static bool load(const case_info *c, const char *file, unsigned flags, xs_certs *certs,
                 text *errors)
{
    char path[4200];
    snprintf(path, sizeof(path), "%s/%s", c->dir, file);
    size_t len;
    char *data = read_file(path, &len);
    if (data == NULL) {
        tprintf(errors, "load: %s: cannot read\n", file);
        return false;
    }
    char err[512] = "";
    xs_status st = xs_certs_load_ex(certs, (const uint8_t *)data, len, file, flags, err,
                                    sizeof(err));
    free(data);
    if (st != XS_OK) {
        tprintf(errors, "load: %s: %s: %s\n", file, xs_status_string(st), err);
        return false;
    }
    return true;
}

static void report_block(text *out, const xs_report *r, bool lint)
{
    tprintf(out, "verdict: %s\n",
            xs_report_verdict(r) == XS_VERDICT_ACCEPT ? "accept" : "reject");
    size_t n = xs_report_chain_length(r);
    tstr(out, "chain:");
    for (size_t i = 0; i < n; i++) {
        const xs_chain_cert *cc = xs_report_chain_cert(r, i);
        tprintf(out, "%s %s", i > 0 ? "," : "", cc->origin);
    }
    tstr(out, n == 0 ? " none\n" : "\n");
    size_t nf = xs_report_finding_count(r);
    tprintf(out, "findings: %zu\n", nf);
    for (size_t i = 0; i < nf; i++) {
        const xs_finding *f = xs_report_finding(r, i);
        tprintf(out, "  %s %d %s\n", f->mnemonic, f->depth, xs_severity_name(f->severity));
    }
    const xs_python_outcome *py = xs_report_python(r);
    if (lint || py == NULL || py->verify_code < 0) {
        tstr(out, "python: none (lint makes no prediction)\n");
    } else if (py->verify_code == 0) {
        tstr(out, "python: accept\n");
    } else {
        tprintf(out, "python: %d %s\n", py->verify_code,
                py->verify_message != NULL ? py->verify_message : "");
    }
}

/* The mnemonics a case produced, for --coverage. */
typedef struct {
    char **items;
    size_t count, cap;
} strset;

static void set_add(strset *s, const char *v)
{
    for (size_t i = 0; i < s->count; i++) {
        if (strcmp(s->items[i], v) == 0) {
            return;
        }
    }
    if (s->count == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->items = realloc(s->items, s->cap * sizeof(*s->items));
        if (s->items == NULL) {
            die("out of memory");
        }
    }
    s->items[s->count] = strdup(v);
    if (s->items[s->count] == NULL) {
        die("out of memory");
    }
    s->count++;
}

static bool set_has(const strset *s, const char *v)
{
    for (size_t i = 0; i < s->count; i++) {
        if (strcmp(s->items[i], v) == 0) {
            return true;
        }
    }
    return false;
}

static void set_free(strset *s)
{
    for (size_t i = 0; i < s->count; i++) {
        free(s->items[i]);
    }
    free(s->items);
    memset(s, 0, sizeof(*s));
}

typedef struct {
    strset fired;       /* every mnemonic, any policy */
    bool all_accept;    /* every policy accepted */
    bool load_error;
} outcome_facts;

static void facts_from(outcome_facts *facts, const xs_report *r)
{
    for (size_t i = 0; i < xs_report_finding_count(r); i++) {
        set_add(&facts->fired, xs_report_finding(r, i)->mnemonic);
    }
    if (xs_report_verdict(r) != XS_VERDICT_ACCEPT) {
        facts->all_accept = false;
    }
}

static void judge_policy(const case_info *c, const xs_policy *policy, const xs_certs *chain,
                         const xs_certs *trust, const xs_certs *untrusted, text *out,
                         outcome_facts *facts)
{
    tprintf(out, "\n[%s]\n", xs_policy_name(policy));
    int64_t at = 0;
    if (strcmp(c->mode, "lint") != 0 && xs_parse_time(c->at, &at) != 0) {
        die("%s: bad or missing time '%s'", c->name, c->at);
    }
    if (strcmp(c->mode, "lint") == 0) {
        for (size_t i = 0; i < xs_certs_count(chain); i++) {
            xs_report *r = NULL;
            xs_status st = xs_lint(policy, &r, chain, i, trust, 0);
            if (xs_certs_count(chain) > 1) {
                tprintf(out, "certificate: %zu\n", i);
            }
            if (st != XS_OK) {
                tprintf(out, "error: %s\n", xs_status_string(st));
                facts->all_accept = false;
                continue;
            }
            report_block(out, r, true);
            facts_from(facts, r);
            xs_report_free(r);
        }
        return;
    }
    xs_ctx *ctx = NULL;
    xs_report *r = NULL;
    xs_purpose purpose;
    if (xs_ctx_new(&ctx, policy) != XS_OK || xs_purpose_parse(c->purpose, &purpose) != 0 ||
        xs_ctx_set_purpose(ctx, purpose) != XS_OK ||
        (strcmp(c->host, "none") != 0 && xs_ctx_set_host(ctx, c->host) != XS_OK) ||
        (c->max_depth > 0 && xs_ctx_set_max_depth(ctx, c->max_depth) != XS_OK) ||
        (untrusted != NULL && xs_ctx_add_untrusted(ctx, untrusted) != XS_OK)) {
        die("%s: cannot set up the verification", c->name);
    }
    xs_status st;
    char err[512] = "";
    if (strcmp(c->mode, "anchor") == 0) {
        st = xs_ctx_add_trust(ctx, trust);
        if (st == XS_OK) {
            st = xs_verify_anchor(ctx, &r, trust, 0, at, err, sizeof(err));
        }
    } else {
        st = xs_ctx_add_trust(ctx, trust);
        if (st == XS_OK) {
            st = xs_verify(ctx, &r, chain, at);
        }
    }
    if (st != XS_OK) {
        tprintf(out, "error: %s%s%s\n", xs_status_string(st), err[0] ? ": " : "", err);
        facts->all_accept = false;
    } else {
        report_block(out, r, false);
        facts_from(facts, r);
    }
    xs_report_free(r);
    xs_ctx_free(ctx);
}

/* judge writes the whole expected outcome of a case into `out`. */
static void judge(const case_info *c, text *out, outcome_facts *facts)
{
    tprintf(out, "# Expected outcome of corpus case %s under every shipped policy.\n", c->name);
    tstr(out, "# Written by corpus_golden --update from the library: review every diff.\n");
    tprintf(out, "mode: %s\n", c->mode);
    if (strcmp(c->mode, "lint") != 0) {
        tprintf(out, "at: %s, purpose: %s, host: %s", c->at, c->purpose, c->host);
        if (c->max_depth > 0) {
            tprintf(out, ", max-depth: %d", c->max_depth);
        }
        tstr(out, "\n");
    }
    facts->all_accept = true;
    xs_certs *chain = NULL, *trust = NULL, *untrusted = NULL;
    text errors = {0};
    bool ok = xs_certs_new(&chain) == XS_OK && xs_certs_new(&trust) == XS_OK;
    if (!ok) {
        die("out of memory");
    }
    if (strcmp(c->mode, "lint") == 0) {
        char p1[4200];
        snprintf(p1, sizeof(p1), "%s/cert.der", c->dir);
        ok = load(c, exists(p1) ? "cert.der" : "cert.pem", XS_LOAD_RAW, chain, &errors);
        snprintf(p1, sizeof(p1), "%s/issuer.pem", c->dir);
        if (ok && exists(p1)) {
            ok = load(c, "issuer.pem", XS_LOAD_RAW, trust, &errors);
        } else if (ok) {
            xs_certs_free(trust);
            trust = NULL;
        }
    } else {
        ok = load(c, "trust.pem", 0, trust, &errors);
        if (ok && strcmp(c->mode, "verify") == 0) {
            ok = load(c, "chain.pem", 0, chain, &errors);
            char p1[4200];
            snprintf(p1, sizeof(p1), "%s/untrusted.pem", c->dir);
            if (ok && exists(p1)) {
                ok = xs_certs_new(&untrusted) == XS_OK &&
                     load(c, "untrusted.pem", 0, untrusted, &errors);
            }
        }
    }
    if (!ok) {
        tstr(out, "\n");
        tput(out, errors.p, errors.len);
        facts->load_error = true;
        facts->all_accept = false;
    } else {
        for (size_t i = 0; i < xs_policy_builtin_count(); i++) {
            xs_policy *policy = NULL;
            char err[512];
            if (xs_policy_builtin(&policy, xs_policy_builtin_name(i), err, sizeof(err)) != XS_OK) {
                die("policy %s: %s", xs_policy_builtin_name(i), err);
            }
            judge_policy(c, policy, chain, trust, untrusted, out, facts);
            xs_policy_free(policy);
        }
        if (c->has_policy) {
            char path[4200], err[512] = "";
            snprintf(path, sizeof(path), "%s/case.policy", c->dir);
            xs_policy *policy = NULL;
            if (xs_policy_load(&policy, path, err, sizeof(err)) != XS_OK) {
                die("%s: %s", c->name, err);
            }
            tstr(out, "\n# case.policy:");
            judge_policy(c, policy, chain, trust, untrusted, out, facts);
            xs_policy_free(policy);
        }
    }
    free(errors.p);
    xs_certs_free(chain);
    xs_certs_free(trust);
    xs_certs_free(untrusted);
}

/* ------------------------------------------------------------------------ */
/* Finding the cases. */

typedef struct {
    char **dirs;
    size_t count, cap;
} dirlist;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_dir(dirlist *l, const char *d)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->dirs = realloc(l->dirs, l->cap * sizeof(*l->dirs));
        if (l->dirs == NULL) {
            die("out of memory");
        }
    }
    l->dirs[l->count] = strdup(d);
    if (l->dirs[l->count] == NULL) {
        die("out of memory");
    }
    l->count++;
}

static void find_cases(const char *root, dirlist *out)
{
    DIR *r = opendir(root);
    if (r == NULL) {
        die("cannot open %s", root);
    }
    for (struct dirent *f; (f = readdir(r)) != NULL;) {
        if (f->d_name[0] == '.') {
            continue;
        }
        char folder[4200];
        snprintf(folder, sizeof(folder), "%s/%s", root, f->d_name);
        DIR *d = opendir(folder);
        for (struct dirent *e; d != NULL && (e = readdir(d)) != NULL;) {
            char dir[8400], txt[8500];
            snprintf(dir, sizeof(dir), "%s/%s", folder, e->d_name);
            snprintf(txt, sizeof(txt), "%s/case.txt", dir);
            if (e->d_name[0] != '.' && exists(txt)) {
                add_dir(out, dir);
            }
        }
        if (d != NULL) {
            closedir(d);
        }
    }
    closedir(r);
    qsort(out->dirs, out->count, sizeof(*out->dirs), cmp_str);
}

static bool wanted(const case_info *c, int argc, char **argv, int first)
{
    if (first >= argc) {
        return true;
    }
    for (int i = first; i < argc; i++) {
        size_t n = strlen(argv[i]);
        while (n > 0 && argv[i][n - 1] == '/') {
            n--;
        }
        if (strncmp(c->name, argv[i], n) == 0 && (c->name[n] == 0 || c->name[n] == '/')) {
            return true;
        }
    }
    return false;
}

/* ------------------------------------------------------------------------ */
/* A readable line diff (longest common subsequence, unified style). */

static size_t split_lines(char *s, char ***out)
{
    size_t n = 0, cap = 64;
    char **lines = malloc(cap * sizeof(*lines));
    for (char *p = s; lines != NULL && *p;) {
        char *nl = strchr(p, '\n');
        if (n == cap) {
            cap *= 2;
            lines = realloc(lines, cap * sizeof(*lines));
            if (lines == NULL) {
                break;
            }
        }
        lines[n++] = p;
        if (nl == NULL) {
            break;
        }
        *nl = 0;
        p = nl + 1;
    }
    if (lines == NULL) {
        die("out of memory");
    }
    *out = lines;
    return n;
}

static void print_diff(const char *path, char *old_text, char *new_text)
{
    char **a, **b;
    size_t na = split_lines(old_text, &a), nb = split_lines(new_text, &b);
    size_t *lcs = calloc((na + 1) * (nb + 1), sizeof(*lcs));
    if (lcs == NULL) {
        die("out of memory");
    }
#define L(i, j) lcs[(i) * (nb + 1) + (j)]
    for (size_t i = na; i-- > 0;) {
        for (size_t j = nb; j-- > 0;) {
            L(i, j) = strcmp(a[i], b[j]) == 0 ? L(i + 1, j + 1) + 1
                      : L(i + 1, j) > L(i, j + 1) ? L(i + 1, j)
                                                  : L(i, j + 1);
        }
    }
    printf("--- %s (committed)\n+++ %s (the library now)\n", path, path);
    /* walk, printing each change with up to 2 lines of context; a hunk
     * that does not start right after the last one says which policy's
     * block ("[name]") it is in */
    size_t i = 0, j = 0, run = 99; /* equal lines since the last change */
    const char *section = NULL;
    const char *ctx[2] = {NULL, NULL};
    while (i < na || j < nb) {
        if (i < na && j < nb && strcmp(a[i], b[j]) == 0) {
            if (a[i][0] == '[') {
                section = a[i];
            }
            if (run < 2) {
                printf(" %s\n", a[i]);
            } else {
                ctx[0] = ctx[1];
                ctx[1] = a[i];
            }
            run++;
            i++;
            j++;
            continue;
        }
        if (run >= 2) {
            if (run > 4 && ctx[0] != section && ctx[1] != section) {
                printf("@@ %s\n", section != NULL ? section : "(header)");
            }
            for (size_t k = run >= 4 ? 0 : 4 - run; k < 2; k++) {
                if (ctx[k] != NULL) {
                    printf(" %s\n", ctx[k]);
                }
            }
        }
        ctx[0] = ctx[1] = NULL;
        run = 0;
        if (i < na && (j == nb || L(i + 1, j) >= L(i, j + 1))) {
            printf("-%s\n", a[i++]);
        } else {
            printf("+%s\n", b[j++]);
        }
    }
#undef L
    free(lcs);
    free(a);
    free(b);
}

/* ------------------------------------------------------------------------ */

typedef enum { RUN_CHECK, RUN_UPDATE, RUN_SHOW, RUN_COVERAGE, RUN_TABLE } run_mode;

typedef struct {
    char mnemonic[128];
    char reason[512];
} exemption;

static size_t read_exemptions(const char *root, exemption **out)
{
    char path[4200];
    snprintf(path, sizeof(path), "%s/unreachable.txt", root);
    char *txt = read_file(path, NULL);
    size_t n = 0, cap = 0;
    exemption *ex = NULL;
    for (char *save = NULL, *line = txt != NULL ? strtok_r(txt, "\n", &save) : NULL;
         line != NULL; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#' || line[0] == 0) {
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            ex = realloc(ex, cap * sizeof(*ex));
            if (ex == NULL) {
                die("out of memory");
            }
        }
        size_t k = strcspn(line, " \t");
        snprintf(ex[n].mnemonic, sizeof(ex[n].mnemonic), "%.*s", (int)k, line);
        const char *r = line + k;
        r += strspn(r, " \t");
        snprintf(ex[n].reason, sizeof(ex[n].reason), "%s", r);
        n++;
    }
    free(txt);
    *out = ex;
    return n;
}

static const char *exempt(const exemption *ex, size_t n, const char *m)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(ex[i].mnemonic, m) == 0) {
            return ex[i].reason;
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    const char *root = CORPUS_DIR;
    run_mode mode = RUN_CHECK;
    int first = 1;
    for (; first < argc && argv[first][0] == '-'; first++) {
        if (strcmp(argv[first], "--root") == 0 && first + 1 < argc) {
            root = argv[++first];
        } else if (strcmp(argv[first], "--check") == 0) {
            mode = RUN_CHECK;
        } else if (strcmp(argv[first], "--update") == 0) {
            mode = RUN_UPDATE;
        } else if (strcmp(argv[first], "--show") == 0) {
            mode = RUN_SHOW;
        } else if (strcmp(argv[first], "--coverage") == 0) {
            mode = RUN_COVERAGE;
        } else if (strcmp(argv[first], "--table") == 0) {
            mode = RUN_TABLE;
        } else {
            fprintf(stderr, "usage: corpus_golden [--root DIR] "
                            "--check|--update|--show|--coverage|--table [CASE...]\n");
            return 2;
        }
    }
    dirlist dirs = {0};
    find_cases(root, &dirs);
    size_t passed = 0, failed = 0, updated = 0, seen = 0;
    strset fired = {0};
    strset family_cases = {0}; /* "family|case" for every rule a case carries */
    size_t nrules = xs_rule_count();
    text problems = {0};
    for (size_t d = 0; d < dirs.count; d++) {
        case_info c;
        if (!read_case(dirs.dirs[d], &c) || !wanted(&c, argc, argv, first)) {
            continue;
        }
        seen++;
        text out = {0};
        outcome_facts facts = {0};
        judge(&c, &out, &facts);
        char path[4200];
        snprintf(path, sizeof(path), "%s/expected.txt", c.dir);
        if (mode == RUN_SHOW) {
            fputs(out.p, stdout);
        } else if (mode == RUN_CHECK || mode == RUN_UPDATE) {
            char *old = read_file(path, NULL);
            bool same = old != NULL && strcmp(old, out.p) == 0;
            if (same) {
                passed++;
            } else if (mode == RUN_UPDATE) {
                FILE *f = fopen(path, "wb");
                if (f == NULL || fwrite(out.p, 1, out.len, f) != out.len || fclose(f) != 0) {
                    die("cannot write %s", path);
                }
                printf("updated %s\n", path);
                updated++;
            } else {
                failed++;
                printf("FAIL %s\n", c.name);
                if (old == NULL) {
                    printf("    no expected.txt (run corpus_golden --update %s)\n", c.name);
                } else {
                    char *copy = strdup(out.p);
                    print_diff(path, old, copy);
                    free(copy);
                }
            }
            free(old);
        } else {
            /* coverage: what fired, and does the case carry what it says */
            for (size_t i = 0; i < facts.fired.count; i++) {
                set_add(&fired, facts.fired.items[i]);
            }
            if (c.defect[0] == 0) {
                tprintf(&problems, "  %s: case.txt names no defect\n", c.name);
            }
            char carries[1024];
            snprintf(carries, sizeof(carries), "%s", c.carries);
            if (carries[0] == 0) {
                tprintf(&problems, "  %s: case.txt has no carries: line\n", c.name);
            }
            for (char *save = NULL, *m = strtok_r(carries, " ,", &save); m != NULL;
                 m = strtok_r(NULL, " ,", &save)) {
                if (strcmp(m, "none") == 0) {
                    if (!facts.all_accept) {
                        tprintf(&problems, "  %s: carries none, but some policy rejects it\n",
                                c.name);
                    }
                    continue;
                }
                if (strcmp(m, "load-error") == 0) {
                    if (!facts.load_error) {
                        tprintf(&problems, "  %s: carries load-error, but it loads\n", c.name);
                    }
                    continue;
                }
                const xs_rule_info *ri = xs_rule_find(m);
                if (ri == NULL) {
                    tprintf(&problems, "  %s: carries %s, which is not in the rule table\n",
                            c.name, m);
                    continue;
                }
                char key[700];
                snprintf(key, sizeof(key), "%s|%s", ri->family, c.name);
                set_add(&family_cases, key);
                if (!set_has(&facts.fired, m)) {
                    tprintf(&problems, "  %s: built to carry %s, but no policy reports it\n",
                            c.name, m);
                }
            }
        }
        set_free(&facts.fired);
        free(out.p);
    }

    int status = 0;
    if (mode == RUN_CHECK) {
        printf("corpus_regression: %zu cases under every shipped policy\n", seen);
        printf("%zu passed, %zu failed\n", passed, failed);
        if (failed > 0) {
            printf("(after reviewing the differences: corpus_golden --update)\n");
        }
        status = failed > 0 || seen == 0;
    } else if (mode == RUN_UPDATE) {
        printf("corpus_golden: %zu cases, %zu updated, %zu unchanged\n", seen, updated, passed);
    } else if (mode == RUN_COVERAGE || mode == RUN_TABLE) {
        exemption *ex = NULL;
        size_t nex = read_exemptions(root, &ex);
        text missing = {0}, stale = {0};
        size_t nmissing = 0, nexempt = 0;
        for (size_t i = 0; i < nrules; i++) {
            const char *m = xs_rule_get(i)->mnemonic;
            const char *why = exempt(ex, nex, m);
            if (set_has(&fired, m)) {
                if (why != NULL) {
                    tprintf(&stale, "  %s (fires on a case; remove it from unreachable.txt)\n", m);
                }
            } else if (why != NULL) {
                nexempt++;
            } else {
                tprintf(&missing, "  %s (%s)\n", m, xs_rule_get(i)->family);
                nmissing++;
            }
        }
        for (size_t k = 0; k < nex; k++) {
            if (xs_rule_find(ex[k].mnemonic) == NULL) {
                tprintf(&stale, "  %s (not in the rule table; remove it from unreachable.txt)\n",
                        ex[k].mnemonic);
            }
        }
        if (mode == RUN_TABLE) {
            /* families in table order */
            const char *fams[64];
            size_t nf = 0;
            for (size_t i = 0; i < nrules; i++) {
                const char *f = xs_rule_get(i)->family;
                size_t k = 0;
                while (k < nf && strcmp(fams[k], f) != 0) {
                    k++;
                }
                if (k == nf && nf < 64) {
                    fams[nf++] = f;
                }
            }
            printf("| family | rules | rules that fire on some case | cases built to carry a rule of the family | unreachable (unreachable.txt) |\n");
            printf("|---|---:|---:|---:|---:|\n");
            for (size_t k = 0; k < nf; k++) {
                size_t rules = 0, covered = 0, cases = 0, unreach = 0;
                for (size_t i = 0; i < nrules; i++) {
                    const xs_rule_info *ri = xs_rule_get(i);
                    if (strcmp(ri->family, fams[k]) != 0) {
                        continue;
                    }
                    rules++;
                    covered += set_has(&fired, ri->mnemonic);
                    unreach += !set_has(&fired, ri->mnemonic) && exempt(ex, nex, ri->mnemonic);
                }
                size_t flen = strlen(fams[k]);
                for (size_t e = 0; e < family_cases.count; e++) {
                    cases += strncmp(family_cases.items[e], fams[k], flen) == 0 &&
                             family_cases.items[e][flen] == '|';
                }
                printf("| %s | %zu | %zu | %zu | %zu |\n", fams[k], rules, covered, cases, unreach);
            }
        } else {
            printf("corpus_coverage: %zu cases, %zu rules, %zu fire on some case, %zu exempt "
                   "(unreachable.txt), %zu missing\n",
                   seen, nrules, fired.count, nexempt, nmissing);
            if (nmissing > 0) {
                printf("rules that no corpus case fires:\n%s", missing.p);
            }
            if (stale.len > 0) {
                printf("stale exemptions:\n%s", stale.p);
            }
            if (problems.len > 0) {
                printf("cases whose manifest entry does not match their outcome:\n%s",
                       problems.p);
            }
            size_t nproblems = 0;
            for (size_t i = 0; i < problems.len; i++) {
                nproblems += problems.p[i] == '\n';
            }
            printf("%zu passed, %zu failed\n", nrules - nmissing,
                   nmissing + nproblems + (stale.len > 0));
            status = nmissing > 0 || problems.len > 0 || stale.len > 0;
        }
        free(missing.p);
        free(stale.p);
        free(ex);
    }
    for (size_t d = 0; d < dirs.count; d++) {
        free(dirs.dirs[d]);
    }
    free(dirs.dirs);
    free(problems.p);
    set_free(&fired);
    set_free(&family_cases);
    return status;
}
