/*
 * bench_lint: lint throughput, one thread, beside OpenSSL's d2i_X509 on the
 * same certificates in the same run. Not a test: it measures.
 *
 *   bench_lint [--count N] [--seconds S] [FILE...]
 *
 * Without FILE it generates N ordinary TLS leaves (half RSA-2048, half
 * P-256; SAN, EKU, AKI/SKI, CRL and OCSP pointers, as public CAs issue them).
 */
#include <openssl/pem.h>
#include <stdbool.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cert/model.h"
#include "certgen.h"
#include "rules/check.h"
#include "x509strict.h"

typedef struct {
    unsigned char **der;
    size_t *len;
    size_t count;
} corpus;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void add(corpus *c, X509 *x)
{
    c->der = realloc(c->der, (c->count + 1) * sizeof(*c->der));
    c->len = realloc(c->len, (c->count + 1) * sizeof(*c->len));
    int len = 0;
    c->der[c->count] = xt_der(x, &len);
    c->len[c->count] = (size_t)len;
    c->count++;
}

static void generate(corpus *c, size_t n)
{
    EVP_PKEY *ca_key = xt_key("RSA"), *rsa = xt_key("RSA"), *ec = xt_key("EC");
    xt_spec ca_spec = {.subject = "CN=Bench Issuing CA,O=Bench,C=US",
                       .basic_constraints = "critical,CA:TRUE,pathlen:0",
                       .key_usage = "critical,keyCertSign,cRLSign"};
    X509 *ca = xt_cert(&ca_spec, ca_key, NULL, NULL);
    for (size_t i = 0; i < n; i++) {
        char subject[64], san[160];
        snprintf(subject, sizeof(subject), "CN=host%zu.bench.example", i);
        snprintf(san, sizeof(san), "DNS:host%zu.bench.example,DNS:www.host%zu.bench.example", i, i);
        xt_spec leaf = {.subject = subject, .serial = (long)(i + 2),
                        .basic_constraints = "critical,CA:FALSE",
                        .key_usage = "critical,digitalSignature,keyEncipherment",
                        .ext_key_usage = "serverAuth,clientAuth", .subject_alt_name = san};
        X509 *x = xt_cert(&leaf, i % 2 ? ec : rsa, ca, ca_key);
        add(c, x);
        X509_free(x);
    }
    X509_free(ca);
    EVP_PKEY_free(ca_key);
    EVP_PKEY_free(rsa);
    EVP_PKEY_free(ec);
}

static void load(corpus *c, const char *path)
{
    FILE *f = fopen(path, "r");
    X509 *x;
    while (f != NULL && (x = PEM_read_X509(f, NULL, NULL, NULL)) != NULL) {
        add(c, x);
        X509_free(x);
    }
    if (f != NULL) {
        fclose(f);
    }
}

typedef size_t (*pass_fn)(const corpus *c);

static size_t pass_d2i(const corpus *c)
{
    size_t ok = 0;
    for (size_t i = 0; i < c->count; i++) {
        const unsigned char *p = c->der[i];
        X509 *x = d2i_X509(NULL, &p, (long)c->len[i]);
        ok += x != NULL;
        X509_free(x);
    }
    return ok;
}

static size_t pass_lint_rules(const corpus *c)
{
    size_t findings = 0;
    for (size_t i = 0; i < c->count; i++) {
        xs_model m;
        xs_findings f;
        xs_findings_init(&f);
        xs_model_parse(&m, c->der[i], c->len[i], false);
        xs_lint_model(&m, NULL, 0, 0, &f);
        findings += f.count;
        xs_findings_cleanup(&f);
        xs_model_cleanup(&m);
    }
    return findings;
}

static xs_policy *policy;

static size_t pass_lint_report(const corpus *c)
{
    size_t rejected = 0;
    for (size_t i = 0; i < c->count; i++) {
        xs_certs *one = NULL;
        xs_report *r = NULL;
        xs_certs_new(&one);
        xs_certs_load_ex(one, c->der[i], c->len[i], "bench", XS_LOAD_RAW, NULL, 0);
        if (xs_lint(policy, &r, one, 0, NULL, 0) == XS_OK) {
            rejected += xs_report_verdict(r) == XS_VERDICT_REJECT;
        }
        xs_report_free(r);
        xs_certs_free(one);
    }
    return rejected;
}

/* measure runs `pass` until `seconds` have gone by; certificates/second. */
static double measure(const corpus *c, pass_fn pass, double seconds)
{
    size_t done = 0;
    double start = now(), elapsed = 0;
    volatile size_t sink = 0;
    while (elapsed < seconds) {
        sink += pass(c);
        done += c->count;
        elapsed = now() - start;
    }
    (void)sink;
    return (double)done / elapsed;
}

int main(int argc, char **argv)
{
    corpus c = {0};
    size_t count = 2000;
    double seconds = 2.0;
    int i = 1;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        if (i + 1 >= argc) {
            fprintf(stderr, "usage: bench_lint [--count N] [--seconds S] [FILE...]\n");
            return 2;
        }
        if (strcmp(argv[i], "--count") == 0) {
            count = (size_t)strtoul(argv[i + 1], NULL, 10);
        } else {
            seconds = strtod(argv[i + 1], NULL);
        }
    }
    for (; i < argc; i++) {
        load(&c, argv[i]);
    }
    bool generated = c.count == 0;
    if (generated) {
        generate(&c, count);
    }
    if (xs_policy_builtin(&policy, "rfc5280", NULL, 0) != XS_OK || c.count == 0) {
        fprintf(stderr, "bench_lint: no certificates or no policy\n");
        return 1;
    }
    double d2i = measure(&c, pass_d2i, seconds);
    double rules = measure(&c, pass_lint_rules, seconds);
    double report = measure(&c, pass_lint_report, seconds);
    printf("certificates: %zu (%s)\n", c.count, generated ? "generated TLS leaves" : "from files");
    printf("%-44s %12.0f certificates/s\n", "OpenSSL d2i_X509 + X509_free", d2i);
    printf("%-44s %12.0f certificates/s  (%.1fx d2i)\n", "x509strict model + every rule", rules,
           rules / d2i);
    printf("%-44s %12.0f certificates/s  (%.1fx d2i)\n", "x509strict xs_lint (load, rules, report)",
           report, report / d2i);
    for (size_t k = 0; k < c.count; k++) {
        OPENSSL_free(c.der[k]);
    }
    free(c.der);
    free(c.len);
    xs_policy_free(policy);
    return 0;
}
