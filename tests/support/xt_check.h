/*
 * xt_check.h: what the check-based unit tests repeat: run a suite, build a
 * certificate that must build, assert that a rule fires or stays silent,
 * format into a buffer that must be large enough, make a scratch directory
 * that must be made. Header-only, so that xs_test_support itself does not
 * need check.
 */
#ifndef XS_TEST_XT_CHECK_H
#define XS_TEST_XT_CHECK_H

#include <check.h>
#include <errno.h>
#include <openssl/x509.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "derbuild.h"
#include "dertree.h"
#include "lint.h"
#include "scratch.h"

/* xt_run_suite_as runs `s` with output `mode` and returns the process's
 * exit status; xt_run_suite is the same in CK_NORMAL. */
static inline int xt_run_suite_as(Suite *s, enum print_output mode)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, mode);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

static inline int xt_run_suite(Suite *s)
{
    return xt_run_suite_as(s, CK_NORMAL);
}

/* xt_run_with_key is the main() of a test whose certificates share one key:
 * it makes a `key_type` key in *key, runs the suite `make_suite` builds,
 * frees the key and returns the exit status. */
static inline int xt_run_with_key(EVP_PKEY **key, const char *key_type, Suite *(*make_suite)(void))
{
    *key = xt_key(key_type);
    int status = xt_run_suite(make_suite());
    EVP_PKEY_free(*key);
    *key = NULL;
    return status;
}

/* xt_must_cert is xt_cert, and fails the test if the certificate cannot be
 * built. */
static inline X509 *xt_must_cert(const xt_spec *spec, EVP_PKEY *key, X509 *issuer,
                                 EVP_PKEY *issuer_key)
{
    X509 *cert = xt_cert(spec, key, issuer, issuer_key);
    ck_assert_ptr_nonnull(cert);
    return cert;
}

/* One extension written by hand with derbuild.h. */
typedef struct {
    const char *oid;
    bool critical;
    xt_bytes value;
} xt_ext;

/* An extension as OpenSSL encodes it from its configuration syntax
 * (xt_openssl_value). */
typedef struct {
    const char *oid;
    int nid;
    const char *conf;
} xt_openssl_ext;

/* xt_lint_with_exts issues the self-signed certificate `spec` describes,
 * with `exts` added, for `key`, and lints it. */
static inline void xt_lint_with_exts(xt_spec spec, const xt_ext *exts, size_t count,
                                     EVP_PKEY *key, xt_mnemonics *out)
{
    ck_assert_uint_le(count, XT_MAX_RAW_EXTS);
    for (size_t i = 0; i < count; i++) {
        spec.raw[i] = (xt_raw_ext){exts[i].oid, exts[i].critical, exts[i].value.b, exts[i].value.n};
    }
    X509 *cert = xt_must_cert(&spec, key, NULL, NULL);
    xt_lint(cert, NULL, out);
    X509_free(cert);
}

/* xt_expect_found: `mnemonic` is among the findings `m` exactly when
 * `fires`. */
static inline void xt_expect_found(const xt_mnemonics *m, const char *mnemonic, bool fires)
{
    ck_assert_msg(xt_has(m, mnemonic) == fires, "%s should %sfire; findings: [%s]", mnemonic,
                  fires ? "" : "not ", m->text);
}

/* xt_expect_lint: linting `cert` (against `issuer`, which may be NULL)
 * finds `mnemonic` exactly when `fires`. */
static inline void xt_expect_lint(X509 *cert, X509 *issuer, const char *mnemonic, bool fires)
{
    xt_mnemonics m;
    xt_lint(cert, issuer, &m);
    xt_expect_found(&m, mnemonic, fires);
}

/* xt_expect_at: the rules, run on `cert` as the certificate at `depth` of a
 * chain of `chain_len` issued by `issuer` (may be NULL), find `mnemonic`
 * exactly when `fires`. */
static inline void xt_expect_at(X509 *cert, X509 *issuer, int depth, int chain_len,
                                const char *mnemonic, bool fires)
{
    xt_mnemonics m;
    ck_assert_msg(xt_lint_at(cert, issuer, depth, chain_len, &m),
                  "the certificate or its issuer does not encode and parse");
    ck_assert_msg(xt_has(&m, mnemonic) == fires,
                  "%s should %sfire at depth %d of %d; findings: [%s]", mnemonic,
                  fires ? "" : "not ", depth, chain_len, m.text);
}

/* xt_must_tree parses a certificate's DER into the dertree.h editor. */
static inline xt_node *xt_must_tree(X509 *cert)
{
    int len = 0;
    unsigned char *der = xt_der(cert, &len);
    ck_assert_ptr_nonnull(der);
    xt_node *root = xt_der_parse(der, (size_t)len);
    ck_assert_ptr_nonnull(root);
    OPENSSL_free(der);
    return root;
}

/* xt_must_node_at is xt_node_at, and fails the test if there is no such
 * node. */
static inline xt_node *xt_must_node_at(xt_node *root, const int *path, size_t steps)
{
    xt_node *n = xt_node_at(root, path, steps);
    ck_assert_ptr_nonnull(n);
    return n;
}

/* xt_must_serialize is xt_der_serialize (free the result with free), and
 * fails the test if it cannot. */
static inline unsigned char *xt_must_serialize(const xt_node *root, size_t *len)
{
    unsigned char *der = xt_der_serialize(root, len);
    ck_assert_ptr_nonnull(der);
    return der;
}

/* xt_expect_tree: linting the certificate `root` encodes finds `mnemonic`
 * exactly when `fires`. */
static inline void xt_expect_tree(const xt_node *root, const char *mnemonic, bool fires)
{
    size_t len = 0;
    unsigned char *der = xt_must_serialize(root, &len);
    xt_mnemonics m;
    xt_lint_der(der, len, false, NULL, 0, &m);
    free(der);
    xt_expect_found(&m, mnemonic, fires);
}

/* xt_format_into is snprintf that fails the test instead of truncating. */
__attribute__((format(printf, 3, 4)))
static inline void xt_format_into(char *out, size_t out_len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out, out_len, fmt, ap);
    va_end(ap);
    ck_assert_msg(n >= 0 && (size_t)n < out_len, "%d characters do not fit in %zu", n, out_len);
}

/* xt_must_make_temp_dir is xt_make_temp_dir, and fails the test if the
 * directory cannot be made. */
static inline void xt_must_make_temp_dir(char *out, size_t out_len, const char *parent,
                                         const char *prefix)
{
    ck_assert_msg(xt_make_temp_dir(out, out_len, parent, prefix), "mkdtemp %s/%s.XXXXXX: %s",
                  parent, prefix, strerror(errno));
}

/* xt_run_in_scratch is the main() of a test that writes files: it makes
 * the directory "<parent>/<prefix>.XXXXXX" in root[0..root_len), runs the
 * suite `make_suite` builds with CK_ENV output (CK_VERBOSITY=verbose lists
 * every test), removes the directory with everything below it, and returns
 * the exit status. */
static inline int xt_run_in_scratch(Suite *(*make_suite)(void), char *root, size_t root_len,
                                    const char *parent, const char *prefix)
{
    if (!xt_make_temp_dir(root, root_len, parent, prefix)) {
        fprintf(stderr, "mkdtemp %s/%s.XXXXXX: %s\n", parent, prefix, strerror(errno));
        return EXIT_FAILURE;
    }
    int status = xt_run_suite_as(make_suite(), CK_ENV);
    if (xt_remove_tree(root) != 0) {
        fprintf(stderr, "could not remove %s\n", root);
        status = EXIT_FAILURE;
    }
    return status;
}

#endif /* XS_TEST_XT_CHECK_H */
