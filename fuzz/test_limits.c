/*
 * test_limits.c: the caps of x509strict_limits.h hold, hitting one is a
 * finding or XS_ERR_LIMIT, and the work of the library grows linearly with
 * its inputs where they can be large: SAN entries, certificates in a bundle,
 * extensions, name attributes, nesting, the untrusted pool.
 *
 * Why counting blocks is a sound measure of work. This program links a
 * second copy of libx509strict compiled with -fsanitize-coverage=trace-pc:
 * the compiler inserts a call to __sanitizer_cov_trace_pc() into every basic
 * block of the library, and this file (compiled without the flag) counts the
 * calls. A loop body that runs k times executes at least k blocks, and every
 * block is a bounded number of instructions, so the count is the library's
 * instruction count up to a constant factor: exact, repeatable, and blind to
 * timing, machine load and sanitizers. What it does not see is code outside
 * the library (OpenSSL, libc: qsort, memcpy); CPU time from getrusage is
 * compared as well, with a generous factor, only as a sanity check on that.
 *
 * Why two sizes with a bound of 20. Each case runs at N and 10N. Linear work
 * gives a ratio of at most 10 (fixed costs make it less), n log n work from
 * sorting about 12.5. If the work is a*n + b*n^2 and the quadratic part is a
 * fraction q of it at N, the ratio is 10 (1 + 10q) / (1 + q), which passes 20
 * once q > 1/8. So a quadratic loop fails the test as soon as it costs an
 * eighth of the work at the smaller size, and at N = 10,000 any quadratic
 * loop over the entries does (10^8 steps against some 10^6).
 *
 * Prints one line per case; exits 0, or 1 naming what failed.
 */
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "derb.h"
#include "x509strict.h"
#include "x509strict_limits.h"

/* ---- the work counter --------------------------------------------------- */

static unsigned long long blocks;

void __sanitizer_cov_trace_pc(void);
void __sanitizer_cov_trace_pc(void)
{
    blocks++;
}

typedef struct {
    unsigned long long blocks;
    double cpu;
} work;

static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static work begin(void)
{
    return (work){blocks, cpu_seconds()};
}

static work since(work start)
{
    return (work){blocks - start.blocks, cpu_seconds() - start.cpu};
}

static int failures;

#define CHECK(cond, ...)                                                                         \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                                          \
            printf(__VA_ARGS__);                                                                 \
            printf("\n");                                                                        \
            failures++;                                                                          \
        }                                                                                        \
    } while (0)

/* N for the SAN cases (10,000: 10N is the cap's 100,000). A smaller N can be
 * given at build time to try the test on a deliberately quadratic library. */
#ifndef LIMITS_SAN_N
#define LIMITS_SAN_N 10000
#endif

/* The bound on the ratio of work at 10N to work at N (see the top). */
#define MAX_RATIO 20.0
/* CPU time may be noisy and includes OpenSSL: only a gross blow-up counts. */
#define MAX_CPU_RATIO 60.0

static void check_ratio(const char *what, size_t n, work small, work large)
{
    double ratio = small.blocks ? (double)large.blocks / (double)small.blocks : 0;
    double cpu_ratio = small.cpu > 0.02 ? large.cpu / small.cpu : 0;
    printf("%-44s n=%-7zu %12llu blocks %7.3fs | 10n: %13llu blocks %7.3fs | ratio %5.2f (cpu %5.2f)\n",
           what, n, small.blocks, small.cpu, large.blocks, large.cpu, ratio, cpu_ratio);
    CHECK(small.blocks > 0, "%s: no library work counted (is the library instrumented?)", what);
    CHECK(ratio <= MAX_RATIO, "%s: work grows %.1f times for 10 times the input", what, ratio);
    CHECK(cpu_ratio <= MAX_CPU_RATIO, "%s: CPU time grows %.1f times for 10 times the input",
          what, cpu_ratio);
}

/* ---- certificates ---------------------------------------------------------- */

static EVP_PKEY *fixed_key(void)
{
    static const unsigned char seed[32] = "x509strict test_limits fixed key";
    return EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, sizeof(seed));
}

static void add_raw_ext(X509 *x, const char *oid, int critical, const uint8_t *value, size_t len)
{
    ASN1_OBJECT *obj = OBJ_txt2obj(oid, 1);
    ASN1_OCTET_STRING *os = ASN1_OCTET_STRING_new();
    if (obj == NULL || os == NULL || !ASN1_OCTET_STRING_set(os, value, (int)len)) {
        abort();
    }
    X509_EXTENSION *ext = X509_EXTENSION_create_by_OBJ(NULL, obj, critical, os);
    if (ext == NULL || !X509_add_ext(x, ext, -1)) {
        abort();
    }
    X509_EXTENSION_free(ext);
    ASN1_OCTET_STRING_free(os);
    ASN1_OBJECT_free(obj);
}

/* make_cert issues a certificate; `extra` adds extensions or attributes. */
static X509 *make_cert(const char *cn, const char *issuer_cn, long serial, EVP_PKEY *key,
                       void (*extra)(X509 *, size_t), size_t n)
{
    X509 *x = X509_new();
    X509_NAME *subject = X509_NAME_new(), *issuer = X509_NAME_new();
    if (x == NULL || subject == NULL || issuer == NULL ||
        !X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1,
                                    -1, 0) ||
        !X509_NAME_add_entry_by_txt(issuer, "CN", MBSTRING_ASC,
                                    (const unsigned char *)issuer_cn, -1, -1, 0) ||
        !X509_set_version(x, X509_VERSION_3) ||
        !ASN1_INTEGER_set(X509_get_serialNumber(x), serial) || !X509_set_subject_name(x, subject) ||
        !X509_set_issuer_name(x, issuer) ||
        !ASN1_TIME_set_string(X509_getm_notBefore(x), "250101000000Z") ||
        !ASN1_TIME_set_string(X509_getm_notAfter(x), "350101000000Z") || !X509_set_pubkey(x, key)) {
        abort();
    }
    if (extra != NULL) {
        extra(x, n);
    }
    if (X509_sign(x, key, NULL) <= 0) {
        abort();
    }
    X509_NAME_free(subject);
    X509_NAME_free(issuer);
    return x;
}

static uint8_t *der_of(X509 *x, size_t *len)
{
    unsigned char *der = NULL;
    int n = i2d_X509(x, &der);
    if (n <= 0) {
        abort();
    }
    *len = (size_t)n;
    return der;
}

/* base36 writes a short distinct label for i. */
static size_t base36(size_t i, char *out)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    char tmp[16];
    size_t n = 0;
    do {
        tmp[n++] = digits[i % 36];
        i /= 36;
    } while (i > 0);
    for (size_t k = 0; k < n; k++) {
        out[k] = tmp[n - 1 - k];
    }
    out[n] = 0;
    return n;
}

typedef enum { SAN_DISTINCT, SAN_SAME, SAN_MALFORMED } san_kind;
static san_kind san_mode;

static void san_entries(X509 *x, size_t n)
{
    derb v;
    derb_init(&v);
    derb_open(&v, 0x30);
    for (size_t i = 0; i < n; i++) {
        char label[32];
        switch (san_mode) {
        case SAN_DISTINCT:
            base36(i, label);
            break;
        case SAN_SAME: /* short: 100,000 of them stay under XS_MAX_CERT_BYTES */
            snprintf(label, sizeof(label), "a");
            break;
        case SAN_MALFORMED:
            base36(i, label);
            strcat(label, "..");
            break;
        }
        derb_string(&v, 0x82, label);
    }
    derb_close(&v);
    if (v.failed) {
        abort();
    }
    add_raw_ext(x, "2.5.29.17", 0, v.p, v.len);
    derb_free(&v);
}

static void many_extensions(X509 *x, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char oid[64];
        uint8_t value[2] = {0x05, 0x00};
        snprintf(oid, sizeof(oid), "1.3.6.1.4.1.99999.%zu", i + 1);
        add_raw_ext(x, oid, 0, value, sizeof(value));
    }
}

static void many_attributes(X509 *x, size_t n)
{
    X509_NAME *name = X509_get_subject_name(x);
    for (size_t i = 0; i < n; i++) {
        char ou[32];
        base36(i, ou);
        if (!X509_NAME_add_entry_by_txt(name, "OU", MBSTRING_ASC, (const unsigned char *)ou, -1,
                                        -1, 0)) {
            abort();
        }
    }
}

/* deep_nesting: a subjectAltName whose directoryName nests n SEQUENCEs. */
static void deep_nesting(X509 *x, size_t n)
{
    /* written inside out, each level's header in front of the last */
    size_t cap = n * 6 + 64, len = 0;
    uint8_t *buf = malloc(cap);
    if (buf == NULL) {
        abort();
    }
    size_t start = cap;
    for (size_t i = 0; i < n; i++) {
        uint8_t hdr[6];
        size_t h = 0;
        hdr[h++] = 0x30;
        if (len < 0x80) {
            hdr[h++] = (uint8_t)len;
        } else if (len < 0x10000) {
            hdr[h++] = 0x82;
            hdr[h++] = (uint8_t)(len >> 8);
            hdr[h++] = (uint8_t)len;
        } else {
            hdr[h++] = 0x83;
            hdr[h++] = (uint8_t)(len >> 16);
            hdr[h++] = (uint8_t)(len >> 8);
            hdr[h++] = (uint8_t)len;
        }
        start -= h;
        memcpy(buf + start, hdr, h);
        len += h;
    }
    derb v;
    derb_init(&v);
    derb_open(&v, 0x30);
    derb_open(&v, 0xA4);
    derb_raw(&v, buf + start, len);
    derb_close(&v);
    derb_close(&v);
    if (v.failed) {
        abort();
    }
    add_raw_ext(x, "2.5.29.17", 0, v.p, v.len);
    derb_free(&v);
    free(buf);
}

/* ---- the cases ------------------------------------------------------------- */

static xs_policy *all_rules;

/* lint_work loads DER raw, lints it, renders JSON; returns the work and
 * whether a LIMIT_EXCEEDED finding was reported. */
static work lint_work(const uint8_t *der, size_t len, bool *limit_finding, size_t *findings)
{
    xs_certs *certs = NULL;
    xs_report *r = NULL;
    uint8_t *out = NULL;
    size_t out_len = 0;
    char err[256] = "";
    work w = begin();
    if (xs_certs_new(&certs) != XS_OK ||
        xs_certs_load_ex(certs, der, len, "test", XS_LOAD_RAW, err, sizeof(err)) != XS_OK ||
        xs_lint(all_rules, &r, certs, 0, NULL, 0) != XS_OK ||
        xs_report_emit(r, XS_FORMAT_JSON, 0, &out, &out_len) != XS_OK) {
        printf("FAIL: lint of %zu bytes: %s\n", len, err);
        failures++;
    }
    w = since(w);
    *limit_finding = false;
    *findings = r != NULL ? xs_report_finding_count(r) : 0;
    for (size_t i = 0; i < *findings; i++) {
        *limit_finding |= strcmp(xs_report_finding(r, i)->mnemonic, "LIMIT_EXCEEDED") == 0;
    }
    xs_free(out);
    xs_report_free(r);
    xs_certs_free(certs);
    return w;
}

static work lint_case(void (*extra)(X509 *, size_t), size_t n, EVP_PKEY *key, bool *limit,
                      size_t *findings, size_t *der_len)
{
    X509 *x = make_cert("limits", "limits", 1, key, extra, n);
    uint8_t *der = der_of(x, der_len);
    work w = lint_work(der, *der_len, limit, findings);
    OPENSSL_free(der);
    X509_free(x);
    return w;
}

static void ratio_case(const char *what, void (*extra)(X509 *, size_t), size_t n, EVP_PKEY *key,
                       bool expect_limit_at_10n)
{
    bool limit_small, limit_large;
    size_t f_small, f_large, len_small, len_large;
    work small = lint_case(extra, n, key, &limit_small, &f_small, &len_small);
    work large = lint_case(extra, n * 10, key, &limit_large, &f_large, &len_large);
    check_ratio(what, n, small, large);
    if (expect_limit_at_10n) {
        CHECK(limit_large, "%s: %zu entries without a LIMIT_EXCEEDED finding", what, n * 10);
    }
}

static char *pem_of(X509 *x, size_t *len)
{
    BIO *bio = BIO_new(BIO_s_mem());
    char *data = NULL;
    if (bio == NULL || !PEM_write_bio_X509(bio, x)) {
        abort();
    }
    long n = BIO_get_mem_data(bio, &data);
    char *copy = malloc((size_t)n);
    if (copy == NULL) {
        abort();
    }
    memcpy(copy, data, (size_t)n);
    *len = (size_t)n;
    BIO_free(bio);
    return copy;
}

static work load_bundle(const uint8_t *one, size_t one_len, size_t count, unsigned flags,
                        bool pem)
{
    size_t len = one_len * count + (pem ? 0 : count);
    uint8_t *bundle = malloc(len);
    if (bundle == NULL) {
        abort();
    }
    size_t at = 0;
    for (size_t i = 0; i < count; i++) {
        memcpy(bundle + at, one, one_len);
        at += one_len;
        if (!pem) {
            bundle[at++] = '\n'; /* whitespace between DER certificates is allowed */
        }
    }
    xs_certs *certs = NULL;
    char err[256] = "";
    work w = begin();
    xs_status st = xs_certs_new(&certs);
    if (st == XS_OK) {
        st = xs_certs_load_ex(certs, bundle, at, "bundle", flags, err, sizeof(err));
    }
    w = since(w);
    CHECK(st == XS_OK && xs_certs_count(certs) == count, "bundle of %zu: %s (%zu loaded)", count,
          err, xs_certs_count(certs));
    xs_certs_free(certs);
    free(bundle);
    return w;
}

static void bundle_cases(EVP_PKEY *key)
{
    X509 *x = make_cert("bundled", "bundled", 2, key, NULL, 0);
    size_t der_len = 0, pem_len = 0;
    uint8_t *der = der_of(x, &der_len);
    char *pem = pem_of(x, &pem_len);
    const size_t n = 10000;
    struct {
        const char *what;
        bool pem;
        unsigned flags;
    } kinds[] = {
        {"bundle: PEM, parsed", true, 0},
        {"bundle: PEM, raw", true, XS_LOAD_RAW},
        {"bundle: DER, parsed", false, 0},
        {"bundle: DER, raw", false, XS_LOAD_RAW},
    };
    for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        const uint8_t *one = kinds[k].pem ? (const uint8_t *)pem : der;
        size_t one_len = kinds[k].pem ? pem_len : der_len;
        work small = load_bundle(one, one_len, n, kinds[k].flags, kinds[k].pem);
        work large = load_bundle(one, one_len, 10 * n, kinds[k].flags, kinds[k].pem);
        check_ratio(kinds[k].what, n, small, large);
    }
    free(pem);
    OPENSSL_free(der);
    X509_free(x);
}

/* chain_case: a leaf whose issuer name matches every certificate of an
 * untrusted pool; OpenSSL's chain builder searches the pool at every step.
 * The work is OpenSSL's, so CPU time is the measure; the pool cap
 * (XS_MAX_UNTRUSTED) is what bounds it. */
static work verify_with_pool(EVP_PKEY *key, size_t pool_size, xs_status *st_out)
{
    xs_certs *pool = NULL, *anchors = NULL, *chain = NULL;
    xs_policy *policy = NULL;
    xs_ctx *ctx = NULL;
    xs_report *r = NULL;
    char err[256] = "";
    if (xs_certs_new(&pool) != XS_OK || xs_certs_new(&anchors) != XS_OK ||
        xs_certs_new(&chain) != XS_OK ||
        xs_policy_builtin(&policy, "rfc5280", err, sizeof(err)) != XS_OK) {
        abort();
    }
    X509 *root = make_cert("Root", "Root", 1, key, NULL, 0);
    X509 *leaf = make_cert("leaf.example", "Int", 2, key, NULL, 0);
    size_t len;
    uint8_t *der = der_of(root, &len);
    xs_certs_load(anchors, der, len, "root", err, sizeof(err));
    OPENSSL_free(der);
    der = der_of(leaf, &len);
    xs_certs_load(chain, der, len, "leaf", err, sizeof(err));
    OPENSSL_free(der);
    for (size_t i = 0; i < pool_size; i++) {
        X509 *in = make_cert("Int", "Root", (long)(100 + i), key, NULL, 0);
        der = der_of(in, &len);
        if (xs_certs_load(pool, der, len, "pool", err, sizeof(err)) != XS_OK) {
            abort();
        }
        OPENSSL_free(der);
        X509_free(in);
    }
    work w = begin();
    xs_status st = xs_ctx_new(&ctx, policy);
    if (st == XS_OK) {
        st = xs_ctx_add_trust(ctx, anchors);
    }
    if (st == XS_OK) {
        st = xs_ctx_add_untrusted(ctx, pool);
    }
    if (st == XS_OK) {
        st = xs_verify(ctx, &r, chain, 1748779200);
    }
    w = since(w);
    *st_out = st;
    xs_report_free(r);
    xs_ctx_free(ctx);
    xs_policy_free(policy);
    xs_certs_free(pool);
    xs_certs_free(anchors);
    xs_certs_free(chain);
    X509_free(root);
    X509_free(leaf);
    return w;
}

static void chain_cases(EVP_PKEY *key)
{
    xs_status st_small, st_large, st_over;
    work small = verify_with_pool(key, XS_MAX_UNTRUSTED / 40, &st_small);
    work large = verify_with_pool(key, XS_MAX_UNTRUSTED / 4, &st_large);
    CHECK(st_small == XS_OK && st_large == XS_OK, "verify with a pool: %s / %s",
          xs_status_string(st_small), xs_status_string(st_large));
    check_ratio("verify: untrusted pool (cap 4096)", XS_MAX_UNTRUSTED / 40, small, large);
    verify_with_pool(key, XS_MAX_UNTRUSTED, &st_over); /* the leaf makes it one too many */
    CHECK(st_over == XS_ERR_LIMIT, "a pool at the cap plus the leaf gives %s, not XS_ERR_LIMIT",
          xs_status_string(st_over));
}

/* cap_cases: the caps that are not about growth. */
static void cap_cases(EVP_PKEY *key)
{
    char err[512] = "";
    xs_certs *certs = NULL;
    if (xs_certs_new(&certs) != XS_OK) {
        abort();
    }
    /* XS_MAX_INPUT_BYTES: refused before a byte is read */
    static const uint8_t tiny[1] = {0x30};
    xs_status st = xs_certs_load(certs, tiny, (size_t)XS_MAX_INPUT_BYTES + 1, "huge", err,
                                 sizeof(err));
    CHECK(st == XS_ERR_LIMIT, "input over XS_MAX_INPUT_BYTES: %s", xs_status_string(st));
    /* XS_MAX_CERT_BYTES: a DER certificate one byte over */
    size_t body = (size_t)XS_MAX_CERT_BYTES + 1 - 5;
    uint8_t *big = calloc(1, body + 5);
    if (big == NULL) {
        abort();
    }
    big[0] = 0x30;
    big[1] = 0x83;
    big[2] = (uint8_t)(body >> 16);
    big[3] = (uint8_t)(body >> 8);
    big[4] = (uint8_t)body;
    st = xs_certs_load_ex(certs, big, body + 5, "big", XS_LOAD_RAW, err, sizeof(err));
    CHECK(st == XS_ERR_LIMIT, "a certificate over XS_MAX_CERT_BYTES: %s (%s)",
          xs_status_string(st), err);
    free(big);
    printf("%-44s input and certificate size caps give XS_ERR_LIMIT\n", "caps: bytes");
    /* XS_MAX_POLICY_BYTES */
    size_t policy_len = (size_t)XS_MAX_POLICY_BYTES + 1;
    char *text = malloc(policy_len);
    if (text == NULL) {
        abort();
    }
    memset(text, '\n', policy_len);
    xs_policy *p = NULL;
    st = xs_policy_parse(&p, text, policy_len, "big.policy", NULL, err, sizeof(err));
    CHECK(st == XS_ERR_LIMIT && p == NULL, "a policy over XS_MAX_POLICY_BYTES: %s",
          xs_status_string(st));
    free(text);
    /* XS_MAX_DEPTH, for a policy and for a context */
    static const char deep[] = "max_depth 256\n";
    st = xs_policy_parse(&p, deep, strlen(deep), "deep.policy", NULL, err, sizeof(err));
    CHECK(st == XS_ERR_POLICY, "max_depth past XS_MAX_DEPTH in a policy: %s",
          xs_status_string(st));
    xs_ctx *ctx = NULL;
    if (xs_ctx_new(&ctx, all_rules) == XS_OK) {
        st = xs_ctx_set_max_depth(ctx, XS_MAX_DEPTH + 1);
        CHECK(st == XS_ERR_LIMIT, "xs_ctx_set_max_depth past XS_MAX_DEPTH: %s",
              xs_status_string(st));
    }
    xs_ctx_free(ctx);
    printf("%-44s policy size and depth caps hold\n", "caps: policy, depth");
    /* XS_MAX_DIR_DEPTH: a directory tree one level too deep */
    char dir[4096];
    snprintf(dir, sizeof(dir), "/tmp/xs-limits-XXXXXX");
    if (mkdtemp(dir) == NULL) {
        abort();
    }
    char path[4096];
    snprintf(path, sizeof(path), "%s", dir);
    for (int i = 0; i <= XS_MAX_DIR_DEPTH + 1; i++) {
        strcat(path, "/d");
        mkdir(path, 0700);
    }
    X509 *x = make_cert("deep", "deep", 3, key, NULL, 0);
    size_t len = 0;
    uint8_t *der = der_of(x, &len);
    char file[4200];
    snprintf(file, sizeof(file), "%s/c.der", path);
    FILE *f = fopen(file, "wb");
    if (f != NULL) {
        fwrite(der, 1, len, f);
        fclose(f);
    }
    st = xs_certs_load_path(certs, dir, err, sizeof(err));
    CHECK(st == XS_ERR_LIMIT, "a tree deeper than XS_MAX_DIR_DEPTH: %s (%s)",
          xs_status_string(st), err);
    unlink(file);
    for (int i = XS_MAX_DIR_DEPTH + 1; i >= 0; i--) {
        rmdir(path);
        char *slash = strrchr(path, '/');
        if (slash != NULL) {
            *slash = 0;
        }
    }
    rmdir(dir);
    OPENSSL_free(der);
    X509_free(x);
    printf("%-44s directory depth cap gives XS_ERR_LIMIT\n", "caps: directories");
    xs_certs_free(certs);
}

int main(void)
{
    char err[256] = "";
    static const char all_text[] = "severity all error\nchecks error\neffective_dates off\n";
    if (xs_policy_parse(&all_rules, all_text, strlen(all_text), "all.policy", NULL, err,
                        sizeof(err)) != XS_OK) {
        printf("FAIL: policy: %s\n", err);
        return 1;
    }
    EVP_PKEY *key = fixed_key();
    if (key == NULL) {
        abort();
    }
    san_mode = SAN_DISTINCT;
    ratio_case("lint: SAN entries, distinct", san_entries, LIMITS_SAN_N, key, false);
    san_mode = SAN_SAME;
    ratio_case("lint: SAN entries, all equal", san_entries, LIMITS_SAN_N, key, false);
    san_mode = SAN_MALFORMED;
    ratio_case("lint: SAN entries, each a finding", san_entries, LIMITS_SAN_N, key, false);
    san_mode = SAN_DISTINCT;
    /* past XS_MAX_GENERAL_NAMES: 15,000 and 150,000 entries */
    ratio_case("lint: SAN entries, past the cap", san_entries, XS_MAX_GENERAL_NAMES / 20 * 3, key,
               true);
    ratio_case("lint: extensions, past the cap", many_extensions, XS_MAX_EXTENSIONS, key, true);
    ratio_case("lint: name attributes, past the cap", many_attributes, XS_MAX_NAME_ATTRS, key,
               true);
    ratio_case("lint: nesting depth", deep_nesting, 10000, key, false);
    bundle_cases(key);
    chain_cases(key);
    cap_cases(key);
    EVP_PKEY_free(key);
    xs_policy_free(all_rules);
    printf("test_limits: %s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
