/*
 * limbo_common.c: the parts of the x509-limbo tests that do not depend on
 * what a test compares (see limbo_common.h).
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */

#include "limbo_common.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#ifndef MAP_ANONYMOUS
#define MAP_ANONYMOUS MAP_ANON
#endif

/* CMake passes where shared/ is, and how to name it in messages. */
#ifndef XS_DEFAULT_SHARED_DIR
#define XS_DEFAULT_SHARED_DIR "../shared"
#endif
#ifndef XS_DEFAULT_SHARED_DIR_DISPLAY
#define XS_DEFAULT_SHARED_DIR_DISPLAY XS_DEFAULT_SHARED_DIR
#endif

#define LIMBO_FILE "/limbo/limbo.json"
#define PATH_CHARS 4096

const char *const NAMESPACE_NAMES[NS_COUNT] = {
    "bettertls", "webpki", "rfc5280", "pathlen", "pathological",
    "cve",       "online", "crl",     "invalid", "other",
};

namespace_id namespace_of(const char *id)
{
    const char *sep = strstr(id, "::");
    size_t len = sep != NULL ? (size_t)(sep - id) : strlen(id);
    for (int ns = 0; ns < NS_OTHER; ns++)
        if (strlen(NAMESPACE_NAMES[ns]) == len && memcmp(NAMESPACE_NAMES[ns], id, len) == 0)
            return (namespace_id)ns;
    return NS_OTHER;
}

/* ------------------------------------------------------------------------ */
/* RFC 3339 time, read here rather than by the library under test            */

static bool read_digits(const char **p, int count, int *out)
{
    int v = 0;
    for (int i = 0; i < count; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *p += count;
    *out = v;
    return true;
}

static bool skip_char(const char **p, char c)
{
    if (**p != c)
        return false;
    (*p)++;
    return true;
}

static bool is_leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return days[m - 1] + (m == 2 && is_leap_year(y));
}

/* leap_years_through counts leap years in 1..y (y >= 0). */
static int64_t leap_years_through(int y)
{
    return y / 4 - y / 100 + y / 400;
}

static int64_t days_since_epoch(int y, int m, int d)
{
    int64_t days = (int64_t)365 * (y - 1970) + leap_years_through(y - 1) - leap_years_through(1969);
    for (int i = 1; i < m; i++)
        days += days_in_month(y, i);
    return days + d - 1;
}

/* read_utc_offset reads "Z" or "+HH:MM"/"-HH:MM" as seconds east of UTC. */
static bool read_utc_offset(const char **p, int *seconds)
{
    int sign = 1, hours, minutes;
    if (skip_char(p, 'Z') || skip_char(p, 'z')) {
        *seconds = 0;
        return true;
    }
    if (!skip_char(p, '+')) {
        if (!skip_char(p, '-'))
            return false;
        sign = -1;
    }
    if (!read_digits(p, 2, &hours) || !skip_char(p, ':') || !read_digits(p, 2, &minutes) ||
        hours > 23 || minutes > 59)
        return false;
    *seconds = sign * (hours * 3600 + minutes * 60);
    return true;
}

/* A fraction is dropped because xs_verify() and X509_VERIFY_PARAM_set_time()
 * both take whole seconds. */
bool limbo_parse_rfc3339(const char *s, int64_t *out)
{
    int year, month, day, hour, minute, second, offset;
    const char *p = s;
    if (!read_digits(&p, 4, &year) || !skip_char(&p, '-') || !read_digits(&p, 2, &month) ||
        !skip_char(&p, '-') || !read_digits(&p, 2, &day) ||
        !(skip_char(&p, 'T') || skip_char(&p, 't')) || !read_digits(&p, 2, &hour) ||
        !skip_char(&p, ':') || !read_digits(&p, 2, &minute) || !skip_char(&p, ':') ||
        !read_digits(&p, 2, &second))
        return false;
    if (skip_char(&p, '.')) {
        if (*p < '0' || *p > '9')
            return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (!read_utc_offset(&p, &offset) || *p != '\0')
        return false;
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) ||
        hour > 23 || minute > 59 || second > 60)
        return false;
    *out = days_since_epoch(year, month, day) * 86400 + hour * 3600 + minute * 60 + second -
           offset;
    return true;
}

/* ------------------------------------------------------------------------ */
/* One limbo test case                                                       */

static bool is_pem_array(const tj_value *v)
{
    if (tj_type_of(v) != TJ_ARRAY)
        return false;
    for (size_t i = 0; i < tj_len(v); i++)
        if (tj_type_of(tj_at(v, i)) != TJ_STRING)
            return false;
    return true;
}

static bool read_validation_kind(const tj_value *tc, limbo_case *lc)
{
    const tj_value *kind = tj_get(tc, "validation_kind");
    if (tj_string_is(kind, "SERVER")) {
        lc->purpose = XS_PURPOSE_SERVER_AUTH;
        lc->openssl_param_name = "ssl_server";
        return true;
    }
    if (tj_string_is(kind, "CLIENT")) {
        lc->purpose = XS_PURPOSE_CLIENT_AUTH;
        lc->openssl_param_name = "ssl_client";
        return true;
    }
    return false;
}

/* RFC822 names are ignored: a TLS client never checks an email address. */
static bool read_peer_name(const tj_value *tc, limbo_case *lc)
{
    const tj_value *name = tj_get(tc, "expected_peer_name");
    lc->host_kind = PEER_NAME_NONE;
    lc->host = NULL;
    if (name == NULL || tj_is_null(name))
        return true;
    const tj_value *kind = tj_get(name, "kind");
    const char *value = tj_string(tj_get(name, "value"), NULL);
    if (value == NULL)
        return false;
    if (tj_string_is(kind, "DNS"))
        lc->host_kind = PEER_NAME_DNS;
    else if (tj_string_is(kind, "IP"))
        lc->host_kind = PEER_NAME_IP;
    else if (!tj_string_is(kind, "RFC822"))
        return false;
    if (lc->host_kind != PEER_NAME_NONE)
        lc->host = value;
    return true;
}

static bool read_max_depth(const tj_value *tc, limbo_case *lc)
{
    const tj_value *depth = tj_get(tc, "max_chain_depth");
    long long d;
    lc->has_max_depth = false;
    if (depth == NULL || tj_is_null(depth))
        return true;
    if (!tj_integer(depth, &d) || d < 0 || d > INT_MAX)
        return false;
    lc->has_max_depth = true;
    lc->max_depth = (int)d;
    return true;
}

static bool read_validation_time(const tj_value *tc, int64_t default_time, limbo_case *lc)
{
    const tj_value *t = tj_get(tc, "validation_time");
    if (t == NULL || tj_is_null(t)) {
        lc->at = default_time;
        return true;
    }
    const char *s = tj_string(t, NULL);
    return s != NULL && limbo_parse_rfc3339(s, &lc->at);
}

static bool read_expected_result(const tj_value *tc, limbo_case *lc)
{
    const tj_value *r = tj_get(tc, "expected_result");
    lc->expect_success = tj_string_is(r, "SUCCESS");
    return lc->expect_success || tj_string_is(r, "FAILURE");
}

const char *limbo_read_case(const limbo_file *limbo, size_t index, limbo_case *lc)
{
    const tj_value *tc = tj_at(limbo->testcases, index);
    memset(lc, 0, sizeof *lc);
    lc->id = tj_string(tj_get(tc, "id"), NULL);
    if (lc->id == NULL)
        return "id";
    lc->ns = namespace_of(lc->id);
    lc->trusted = tj_get(tc, "trusted_certs");
    lc->untrusted = tj_get(tc, "untrusted_intermediates");
    lc->peer = tj_get(tc, "peer_certificate");
    if (!is_pem_array(lc->trusted))
        return "trusted_certs";
    if (!is_pem_array(lc->untrusted))
        return "untrusted_intermediates";
    if (tj_type_of(lc->peer) != TJ_STRING)
        return "peer_certificate";
    if (!read_validation_kind(tc, lc))
        return "validation_kind";
    if (!read_peer_name(tc, lc))
        return "expected_peer_name";
    if (!read_max_depth(tc, lc))
        return "max_chain_depth";
    if (!read_validation_time(tc, limbo->default_time, lc))
        return "validation_time";
    if (!read_expected_result(tc, lc))
        return "expected_result";
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* Verifying with the library                                                */

void limbo_certs_free(limbo_certs *certs)
{
    xs_certs_free(certs->trusted);
    xs_certs_free(certs->untrusted);
    xs_certs_free(certs->leaf);
    memset(certs, 0, sizeof *certs);
}

bool limbo_certs_new(limbo_certs *certs)
{
    memset(certs, 0, sizeof *certs);
    if (xs_certs_new(&certs->trusted) == XS_OK && xs_certs_new(&certs->untrusted) == XS_OK &&
        xs_certs_new(&certs->leaf) == XS_OK)
        return true;
    limbo_certs_free(certs);
    return false;
}

static xs_status configure(xs_ctx *ctx, const limbo_certs *certs, const limbo_case *lc,
                           const char **step)
{
    xs_status st;
    *step = "xs_ctx_add_trust";
    if ((st = xs_ctx_add_trust(ctx, certs->trusted)) != XS_OK)
        return st;
    *step = "xs_ctx_add_untrusted";
    if ((st = xs_ctx_add_untrusted(ctx, certs->untrusted)) != XS_OK)
        return st;
    *step = "xs_ctx_set_purpose";
    if ((st = xs_ctx_set_purpose(ctx, lc->purpose)) != XS_OK)
        return st;
    *step = "xs_ctx_set_host";
    if (lc->host_kind != PEER_NAME_NONE && (st = xs_ctx_set_host(ctx, lc->host)) != XS_OK)
        return st;
    *step = "xs_ctx_set_max_depth";
    if (lc->has_max_depth && (st = xs_ctx_set_max_depth(ctx, lc->max_depth)) != XS_OK)
        return st;
    return XS_OK;
}

xs_status limbo_verify(const xs_policy *policy, const limbo_certs *certs, const limbo_case *lc,
                       xs_report **report, const char **step)
{
    xs_ctx *ctx = NULL;
    *report = NULL;
    *step = "xs_ctx_new";
    xs_status st = xs_ctx_new(&ctx, policy);
    if (st == XS_OK)
        st = configure(ctx, certs, lc, step);
    if (st == XS_OK) {
        *step = "xs_verify";
        st = xs_verify(ctx, report, certs->leaf, lc->at);
    }
    xs_ctx_free(ctx);
    if (st != XS_OK) {
        xs_report_free(*report);
        *report = NULL;
    }
    return st;
}

void limbo_free_policies(xs_policy *policies[], int count)
{
    for (int p = 0; p < count; p++) {
        xs_policy_free(policies[p]);
        policies[p] = NULL;
    }
}

void limbo_chunk_bounds(int chunk, size_t case_count, size_t *first, size_t *end)
{
    *first = (size_t)chunk * LIMBO_CASES_PER_CHUNK;
    *end = *first + LIMBO_CASES_PER_CHUNK < case_count ? *first + LIMBO_CASES_PER_CHUNK
                                                        : case_count;
}

/* ------------------------------------------------------------------------ */
/* Finding and parsing limbo.json                                            */

static bool read_whole_file(const char *path, char **out, size_t *out_len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0;
    if (f == NULL)
        return false;
    for (;;) {
        if (len == cap) {
            size_t new_cap = cap ? cap * 2 : (size_t)1 << 20;
            char *p = realloc(buf, new_cap);
            if (p == NULL)
                goto err;
            buf = p;
            cap = new_cap;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    if (ferror(f))
        goto err;
    fclose(f);
    *out = buf;
    *out_len = len;
    return true;
err:
    free(buf);
    fclose(f);
    return false;
}

/* load_limbo parses limbo.json and checks its top level. */
static tj_doc *load_limbo(const char *test_name, const char *path)
{
    char *text = NULL;
    size_t len = 0;
    tj_error err = {0, NULL};
    if (!read_whole_file(path, &text, &len)) {
        fprintf(stderr, "%s: cannot read %s: %s\n", test_name, path, strerror(errno));
        return NULL;
    }
    tj_doc *doc = tj_parse(text, len, &err);
    free(text);
    if (doc == NULL) {
        fprintf(stderr, "%s: %s: invalid JSON at byte %zu: %s\n", test_name, path, err.offset,
                err.reason);
        return NULL;
    }
    const tj_value *root = tj_root(doc);
    long long version;
    if (!tj_integer(tj_get(root, "version"), &version) || version != 1 ||
        tj_type_of(tj_get(root, "testcases")) != TJ_ARRAY) {
        fprintf(stderr, "%s: %s: not an x509-limbo version 1 file\n", test_name, path);
        tj_free(doc);
        return NULL;
    }
    return doc;
}

/* limbo_path resolves limbo.json from $XS_SHARED_DIR or the build's
 * default, and a name for it in messages. */
static bool limbo_path(char *path, size_t path_len, char *shown, size_t shown_len)
{
    const char *env = getenv("XS_SHARED_DIR");
    bool from_env = env != NULL && env[0] != '\0';
    const char *dir = from_env ? env : XS_DEFAULT_SHARED_DIR;
    const char *display = from_env ? env : XS_DEFAULT_SHARED_DIR_DISPLAY;
    int n = snprintf(path, path_len, "%s" LIMBO_FILE, dir);
    int m = snprintf(shown, shown_len, "%s" LIMBO_FILE, display);
    return n > 0 && (size_t)n < path_len && m > 0 && (size_t)m < shown_len;
}

static bool file_exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return false;
    fclose(f);
    return true;
}

int limbo_open(const char *test_name, limbo_file *out)
{
    char path[PATH_CHARS], shown[PATH_CHARS];
    memset(out, 0, sizeof *out);
    if (!limbo_path(path, sizeof path, shown, sizeof shown)) {
        fprintf(stderr, "%s: the limbo path is too long\n", test_name);
        return EXIT_FAILURE;
    }
    if (!file_exists(path)) {
        printf("%s: SKIPPED: %s not found\n", test_name, shown);
        return LIMBO_SKIP_EXIT_CODE;
    }
    if (!limbo_parse_rfc3339(LIMBO_DEFAULT_VALIDATION_TIME, &out->default_time))
        return EXIT_FAILURE;
    out->doc = load_limbo(test_name, path);
    if (out->doc == NULL)
        return EXIT_FAILURE;
    out->testcases = tj_get(tj_root(out->doc), "testcases");
    out->case_count = tj_len(out->testcases);
    out->chunk_count = (out->case_count + LIMBO_CASES_PER_CHUNK - 1) / LIMBO_CASES_PER_CHUNK;
    if (out->chunk_count > INT_MAX) {
        fprintf(stderr, "%s: cannot set up: too many cases\n", test_name);
        tj_free(out->doc);
        out->doc = NULL;
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}

/* ------------------------------------------------------------------------ */
/* Running the chunks                                                        */

int limbo_run_chunks(const char *suite_name, const char *tcase_name, const TTest *chunk_test,
                     size_t chunk_count)
{
    Suite *s = suite_create(suite_name);
    TCase *tc = tcase_create(tcase_name);
    tcase_set_timeout(tc, LIMBO_CHUNK_TIMEOUT_SECONDS);
    tcase_add_loop_test(tc, chunk_test, 0, (int)chunk_count);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    if (sr == NULL)
        return -1;
    fflush(stdout); /* forked children must not inherit unflushed output */
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed;
}

void *limbo_map_shared(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void limbo_unmap_shared(void *p, size_t size)
{
    munmap(p, size);
}
