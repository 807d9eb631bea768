/* Target: xs_lint (lib/report/lint.c): the certificate model (lib/cert/),
 *   every rule family (lib/rules/) and every emitter (lib/report/emit_*.c).
 *   The input is a DER Certificate, or a bare TBSCertificate (when the outer
 *   SEQUENCE starts with a version [0] or an INTEGER), optionally followed
 *   by its issuer's certificate, which the issuer-comparing rules then use.
 *   Loaded as `x509strict lint` loads (XS_LOAD_RAW), linted under a policy
 *   where every rule is an error and nothing is exempt, and under one
 *   builtin policy picked by the input's hash.
 * Property: a fatal finding if and only if parsing failed. Parsing failed
 *   means the model is incomplete (a required element of Certificate or
 *   TBSCertificate, or an optional one that is there, could not be read); a
 *   fatal finding is a DER finding that says an element could not be read
 *   (TRUNCATED, MISSING_ELEMENT, UNEXPECTED_TAG, LENGTH_INDEFINITE,
 *   CONSTRUCTED_STRING) at such an element's path (not inside the
 *   subjectPublicKey bits the key decoder reads). A report whose DER violations were capped
 *   (LIMIT_EXCEEDED) may stand in for the fatal finding. Also: JSON output
 *   parses and CBOR output decodes, each to the report's verdict and
 *   findings; the report's invariants hold (fuzz_check_report); a builtin
 *   policy shows a subset of the findings the all-rules policy shows.
 */
#include <stdlib.h>
#include <string.h>

#include "cert/cert.h"
#include "cert/model.h"
#include "dermut.h"
#include "fuzz_util.h"

/* What the reader or the model reports when an element cannot be read. A
 * high tag number is reported on elements that are read all the same; at a
 * required element it comes with UNEXPECTED_TAG. */
static const char *const fatal_mnemonics[] = {
    "DER_TRUNCATED",         "DER_MISSING_ELEMENT",    "DER_UNEXPECTED_TAG",
    "DER_LENGTH_INDEFINITE", "DER_CONSTRUCTED_STRING",
};

/* The paths of the required elements of Certificate and TBSCertificate
 * (cert/model.c, cert/ext.c), below "tbsCertificate". */
static const char *const tbs_paths[] = {
    "",
    ".serialNumber",
    ".signature",
    ".signature.algorithm",
    ".issuer",
    ".validity",
    ".validity.notBefore",
    ".validity.notAfter",
    ".subject",
    ".subjectPublicKeyInfo",
    ".subjectPublicKeyInfo.algorithm",
    ".subjectPublicKeyInfo.algorithm.algorithm",
    ".subjectPublicKeyInfo.subjectPublicKey",
    /* OPTIONAL, but one that is there and cannot be read fails the parse */
    ".issuerUniqueID",
    ".subjectUniqueID",
    ".extensions",
    ".extensions.list",
};

static const char *const cert_paths[] = {
    "certificate",
    "signatureAlgorithm",
    "signatureAlgorithm.algorithm",
    "signatureValue",
};

/* Of an Extension, only the element itself: a malformed Extension whose
 * element was read is reported and skipped, and the list goes on. */
static const char *const extension_fields[] = {"extension"};

static bool is_required_path(const char *path)
{
    if (path == NULL) {
        return false;
    }
    for (size_t i = 0; i < sizeof(cert_paths) / sizeof(cert_paths[0]); i++) {
        if (strcmp(path, cert_paths[i]) == 0) {
            return true;
        }
    }
    static const char tbs[] = "tbsCertificate";
    if (strncmp(path, tbs, sizeof(tbs) - 1) != 0) {
        return false;
    }
    const char *rest = path + sizeof(tbs) - 1;
    for (size_t i = 0; i < sizeof(tbs_paths) / sizeof(tbs_paths[0]); i++) {
        if (strcmp(rest, tbs_paths[i]) == 0) {
            return true;
        }
    }
    /* tbsCertificate.extensions[N].FIELD */
    static const char ext[] = ".extensions[";
    if (strncmp(rest, ext, sizeof(ext) - 1) != 0) {
        return false;
    }
    const char *p = rest + sizeof(ext) - 1;
    if (*p < '0' || *p > '9') {
        return false;
    }
    while (*p >= '0' && *p <= '9') {
        p++;
    }
    if (p[0] != ']' || p[1] != '.') {
        return false;
    }
    for (size_t i = 0; i < sizeof(extension_fields) / sizeof(extension_fields[0]); i++) {
        if (strcmp(p + 2, extension_fields[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* is_fatal: a DER finding that says a required element could not be read.
 * The key decoder (cert/key.c) reports what it finds inside the
 * subjectPublicKey bits under that element's own path: those findings lie
 * past the start of the bits and are not about the element. */
static bool is_fatal(const xs_finding *f, const xs_model *m)
{
    if (strcmp(f->source, "der") != 0 || !is_required_path(f->path)) {
        return false;
    }
    static const char key_bits[] = "tbsCertificate.subjectPublicKeyInfo.subjectPublicKey";
    if (m->key_bits.p != NULL && strcmp(f->path, key_bits) == 0 && f->offset >= 0 &&
        (size_t)f->offset >= m->key_bits.off) {
        return false;
    }
    for (size_t i = 0; i < sizeof(fatal_mnemonics) / sizeof(fatal_mnemonics[0]); i++) {
        if (strcmp(f->mnemonic, fatal_mnemonics[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* element_len is the length of the DER element at the start of data, or 0. */
static size_t element_len(const uint8_t *data, size_t size)
{
    xs_der d, whole;
    uint8_t tag;
    xs_der_init(&d, data, size, NULL);
    return xs_der_get_any(&d, &tag, NULL, &whole) ? whole.len : 0;
}

/* looks_like_tbs: the outer SEQUENCE starts with version [0] or serial. */
static bool looks_like_tbs(const uint8_t *data, size_t size)
{
    xs_der d, contents;
    uint8_t tag;
    xs_der_init(&d, data, size, NULL);
    if (!xs_der_get_any(&d, &tag, &contents, NULL) || tag != XS_TAG_SEQUENCE) {
        return false;
    }
    int first = xs_der_peek_tag(&contents);
    return first == XS_TAG_CTX_CONSTRUCTED(0) || first == XS_TAG_INTEGER;
}

static xs_certs *raw_certs(const uint8_t *der, size_t len)
{
    xs_certs *list = NULL;
    xs_cert *c = NULL;
    char err[256] = "";
    FUZZ_CHECK(xs_certs_new(&list) == XS_OK, "out of memory");
    xs_status st = xs_cert_new(&c, der, len, XS_LOAD_RAW, err, sizeof(err));
    FUZZ_CHECK(st == XS_OK || (st == XS_ERR_LIMIT && len > XS_MAX_CERT_BYTES),
               "a raw load of %zu bytes fails: %s", len, err);
    if (st == XS_OK) {
        FUZZ_CHECK(xs_certs_push(list, c) == XS_OK, "out of memory");
        xs_cert_unref(c);
    }
    return list;
}

/* A finding reduced to what a policy cannot change. */
typedef struct {
    const char *mnemonic;
    int depth;
    long long offset;
    const char *path;
    const char *message;
} finding_key;

static int compare_keys(const void *a, const void *b)
{
    const finding_key *x = a, *y = b;
    int c = strcmp(x->mnemonic, y->mnemonic);
    if (c == 0) {
        c = (x->offset > y->offset) - (x->offset < y->offset);
    }
    if (c == 0) {
        c = strcmp(x->path ? x->path : "", y->path ? y->path : "");
    }
    if (c == 0) {
        c = strcmp(x->message, y->message);
    }
    if (c == 0) {
        c = (x->depth > y->depth) - (x->depth < y->depth);
    }
    return c;
}

static finding_key *sorted_keys(const xs_report *r)
{
    size_t n = xs_report_finding_count(r);
    finding_key *keys = calloc(n ? n : 1, sizeof(*keys));
    FUZZ_CHECK(keys != NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const xs_finding *f = xs_report_finding(r, i);
        keys[i] = (finding_key){f->mnemonic, f->depth, f->offset, f->path, f->message};
    }
    qsort(keys, n, sizeof(*keys), compare_keys);
    return keys;
}

/* check_subset: every finding of `part` is in `all` (as many times). */
static void check_subset(const xs_report *part, const xs_report *all)
{
    size_t np = xs_report_finding_count(part), na = xs_report_finding_count(all);
    finding_key *p = sorted_keys(part), *a = sorted_keys(all);
    size_t j = 0;
    for (size_t i = 0; i < np; i++) {
        while (j < na && compare_keys(&a[j], &p[i]) < 0) {
            j++;
        }
        FUZZ_CHECK(j < na && compare_keys(&a[j], &p[i]) == 0,
                   "policy %s shows %s (%s) that the all-rules policy does not",
                   xs_report_policy(part), p[i].mnemonic, p[i].message);
        j++;
    }
    free(p);
    free(a);
}

static void check_fatal_iff_incomplete(const xs_report *r, const uint8_t *der, size_t len,
                                       bool tbs)
{
    xs_model m;
    FUZZ_CHECK(xs_model_parse(&m, der, len, tbs) == XS_OK, "model parse out of memory");
    bool fatal = false, capped = false;
    const xs_finding *first_fatal = NULL;
    for (size_t i = 0; i < xs_report_finding_count(r); i++) {
        const xs_finding *f = xs_report_finding(r, i);
        if (is_fatal(f, &m)) {
            fatal = true;
            first_fatal = first_fatal ? first_fatal : f;
        }
        capped |= strcmp(f->mnemonic, "LIMIT_EXCEEDED") == 0 && f->offset < 0;
    }
    if (!m.complete) {
        FUZZ_CHECK(fatal || (capped && m.issues_capped),
                   "parsing failed (%s), yet no finding says an element could not be read",
                   tbs ? "TBSCertificate" : "Certificate");
    } else {
        FUZZ_CHECK(!fatal, "parsing succeeded, yet %s at %s (byte %lld): %s",
                   first_fatal->mnemonic, first_fatal->path, first_fatal->offset,
                   first_fatal->message);
    }
    xs_model_cleanup(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 2 * (size_t)XS_MAX_CERT_BYTES) {
        return 0;
    }
    size_t cert_len = element_len(data, size), issuer_len = 0;
    if (cert_len > 0 && cert_len < size &&
        element_len(data + cert_len, size - cert_len) == size - cert_len) {
        issuer_len = size - cert_len;
    } else {
        cert_len = size; /* one certificate, trailing bytes and all */
    }
    if (cert_len > XS_MAX_CERT_BYTES || issuer_len > XS_MAX_CERT_BYTES) {
        return 0;
    }
    bool tbs = looks_like_tbs(data, cert_len);
    xs_certs *certs = raw_certs(data, cert_len);
    xs_certs *issuer = issuer_len > 0 ? raw_certs(data + cert_len, issuer_len) : NULL;
    unsigned flags = tbs ? XS_LINT_TBS : 0;

    xs_report *all = NULL, *one = NULL;
    xs_status st = xs_lint(fuzz_policy_all(), &all, certs, 0, issuer, flags);
    FUZZ_CHECK(st == XS_OK, "lint fails: %s", xs_status_string(st));
    fuzz_check_report(all, FUZZ_REPORT_LINT, cert_len);
    check_fatal_iff_incomplete(all, data, cert_len, tbs);
    fuzz_check_emitters(all);

    const xs_policy *builtin = fuzz_policy_builtin(fuzz_pick(data, size, xs_policy_builtin_count()));
    st = xs_lint(builtin, &one, certs, 0, issuer, flags);
    FUZZ_CHECK(st == XS_OK, "lint under %s fails: %s", xs_policy_name(builtin),
               xs_status_string(st));
    fuzz_check_report(one, FUZZ_REPORT_LINT, cert_len);
    check_subset(one, all);

    xs_report_free(one);
    xs_report_free(all);
    xs_certs_free(issuer);
    xs_certs_free(certs);
    return 0;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    return dermut_mutate(data, size, max_size, seed);
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2,
                                 size_t size2, uint8_t *out, size_t max_out_size,
                                 unsigned int seed)
{
    return dermut_crossover(data1, size1, data2, size2, out, max_out_size, seed);
}
