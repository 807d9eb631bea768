/*
 * audit.h: what the audit (report/audit.c) shares with the tests. The
 * public interface is the "Audit" section of x509strict.h.
 *
 * The audit judges many certificates against a few CAs, so it runs
 * OpenSSL's chain builder with its own signature-and-time step
 * (X509_STORE_set_verify): the same checks, in the same order, reported to
 * the same callback as OpenSSL 3.0's internal_verify(), except that a
 * signature already verified for the same (certificate, issuer) pair is not
 * verified again, and the synthetic leaf's placeholder signature is not
 * computed at all (it is reported as failed, which the bridge ignores).
 */
#ifndef XS_AUDIT_H
#define XS_AUDIT_H

#include <openssl/x509_vfy.h>

#include "report/report.h"

/* xs_audit_verify is the signature-and-time step. A store that carries an
 * auditor in its ex_data slot 0 uses the auditor's signature cache; any
 * other store verifies every signature. */
int xs_audit_verify(X509_STORE_CTX *ctx);

/* xs_audit_synthetic_leaf makes the audit's stand-in leaf below `issuer`,
 * valid around `at`: deterministic, with a placeholder signature.
 * XS_ERR_INVALID_ARG (with a message) for a key type with no signature
 * algorithm to stand in for. */
xs_status xs_audit_synthetic_leaf(X509 *issuer, int64_t at, X509 **out, char *err, size_t err_len);

/* xs_audit_in_validity is the instant at which a certificate valid from
 * `not_before` to `not_after` is judged when `at` lies outside that period:
 * a minute inside the end it passed (or the start it has not reached). */
int64_t xs_audit_in_validity(int64_t not_before, int64_t not_after, int64_t at);

#endif /* XS_AUDIT_H */
