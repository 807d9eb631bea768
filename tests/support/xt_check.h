/*
 * xt_check.h: what the check-based rule tests (tests/unit/test_r_*.c) repeat:
 * run a suite, build a certificate that must build, and assert that a rule
 * fires or stays silent. Header-only, so that xs_test_support itself does
 * not need check.
 */
#ifndef XS_TEST_XT_CHECK_H
#define XS_TEST_XT_CHECK_H

#include <check.h>
#include <openssl/x509.h>
#include <stdbool.h>
#include <stdlib.h>

#include "certgen.h"
#include "lint.h"

/* xt_run_suite runs `s` and returns the process's exit status. */
static inline int xt_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
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

#endif /* XS_TEST_XT_CHECK_H */
