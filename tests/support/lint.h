/*
 * lint.h: runs x509strict's rule families on one certificate, for the rule
 * tests: "does rule X fire on this certificate, and does it not fire on that
 * one". Uses the library's internal headers.
 */
#ifndef XS_TEST_LINT_H
#define XS_TEST_LINT_H

#include <openssl/x509.h>
#include <stdbool.h>
#include <stddef.h>

#include "rules/findings.h"

/* The mnemonics one lint produced, in order, as "A,B,C" (an empty string
 * for none); each with @OFFSET when `with_offsets`. */
typedef struct {
    char text[4096];
    size_t count;
} xt_mnemonics;

/* xt_lint_der lints DER bytes as `x509strict lint` would without a chain
 * (`tbs`: the bytes are a bare TBSCertificate); `issuer_der` may be NULL. */
void xt_lint_der(const unsigned char *der, size_t len, bool tbs, const unsigned char *issuer_der,
                 size_t issuer_len, xt_mnemonics *out);

/* xt_lint lints an OpenSSL certificate (its DER encoding). */
void xt_lint(X509 *cert, X509 *issuer, xt_mnemonics *out);

/* xt_run_checks runs every rule family on `cert` as the certificate at
 * `depth` of a chain of `chain_len` (0: a lint without chain), issued by
 * `issuer` (may be NULL), and calls `each` for every finding. It returns
 * false, having called nothing, when a certificate does not encode or its
 * model cannot be built. */
typedef void (*xt_each_finding)(const xs_raw_finding *finding, void *arg);
bool xt_run_checks(X509 *cert, X509 *issuer, int depth, int chain_len, xt_each_finding each,
                   void *arg);

/* xt_lint_at collects the mnemonics xt_run_checks finds; false as there. */
bool xt_lint_at(X509 *cert, X509 *issuer, int depth, int chain_len, xt_mnemonics *out);

/* xt_has says whether `mnemonic` is among the findings. */
bool xt_has(const xt_mnemonics *m, const char *mnemonic);

/* xt_fires: the certificate (linted alone) gets a finding of `mnemonic`. */
bool xt_fires(X509 *cert, const char *mnemonic);

#endif /* XS_TEST_LINT_H */
