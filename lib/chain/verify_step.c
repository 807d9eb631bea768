/*
 * verify_step.c: OpenSSL 3.0's internal_verify() (the signature-and-time
 * step of X509_verify_cert), for X509_STORE_set_verify: the same checks,
 * in the same order, reported to the same callback, except that what an
 * xs_verify_memo remembers is not computed again (signatures per
 * (certificate, issuer) pair, "likely self-issued", validity comparisons
 * at one time) and the stand-in leaf's placeholder signature is not
 * computed at all. Without a memo every signature is verified.
 */
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "chain/chain.h"

/* signature_ok is X509_verify(subject, key of issuer) > 0, remembered. The
 * stand-in leaf's placeholder signature is never computed: it fails, and
 * the bridge ignores that failure. */
static bool signature_ok(xs_verify_memo *memo, X509 *subject, X509 *issuer, EVP_PKEY *key)
{
    if (memo != NULL) {
        xs_verify_cert_memo *ci = memo->cert(memo, subject);
        if (ci != NULL && ci->placeholder_signature) {
            return false;
        }
        int known = memo->signature(memo, subject, issuer);
        if (known >= 0) {
            return known == 1;
        }
    }
    bool ok = X509_verify(subject, key) > 0;
    if (!ok) {
        ERR_clear_error();
    }
    if (memo != NULL) {
        memo->remember_signature(memo, subject, issuer, ok);
    }
    return ok;
}

/* report_error tells the verify callback about `err` at `depth`, as OpenSSL
 * does; returns 0 when the callback says stop. */
static int report_error(X509_STORE_CTX *ctx, X509 *cert, int depth, int err)
{
    X509_STORE_CTX_set_error_depth(ctx, depth);
    X509_STORE_CTX_set_current_cert(ctx, cert);
    X509_STORE_CTX_set_error(ctx, err);
    return X509_STORE_CTX_get_verify_cb(ctx)(0, ctx);
}

/* OpenSSL's "likely issued" test of a certificate by itself (names, AKID
 * and signature algorithm; not key usage). X509_check_issued adds the key
 * usage test, whose only outcomes are these two codes. */
static bool likely_self_issued(xs_verify_memo *memo, X509 *x)
{
    xs_verify_cert_memo *ci = memo != NULL ? memo->cert(memo, x) : NULL;
    if (ci != NULL && ci->self_issued != 0) {
        return ci->self_issued > 0;
    }
    int r = X509_check_issued(x, x);
    bool yes = r == X509_V_OK || r == X509_V_ERR_KEYUSAGE_NO_CERTSIGN ||
               r == X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE;
    if (ci != NULL) {
        ci->self_issued = yes ? 1 : -1;
    }
    return yes;
}

/* signing_allowed: may `issuer`'s key usage sign `subject` (RFC 5280
 * 6.1.4 (n))? Returns OpenSSL's code. */
static int signing_allowed(X509 *issuer, X509 *subject)
{
    uint32_t ku = X509_get_key_usage(issuer);
    if (ku == UINT32_MAX) {
        return X509_V_OK; /* no keyUsage: anything goes */
    }
    if (X509_get_extension_flags(subject) & EXFLAG_PROXY) {
        return ku & KU_DIGITAL_SIGNATURE ? X509_V_OK : X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE;
    }
    return ku & KU_KEY_CERT_SIGN ? X509_V_OK : X509_V_ERR_KEYUSAGE_NO_CERTSIGN;
}

/* compare_times is X509_cmp_time on both ends of the validity, kept for
 * the last time asked when the auditor knows the certificate. */
static void compare_times(xs_verify_memo *memo, X509 *x, time_t *ptime, int *nb, int *na)
{
    xs_verify_cert_memo *ci = memo != NULL && ptime != NULL ? memo->cert(memo, x) : NULL;
    if (ci != NULL && ci->times_known && ci->times_at == (int64_t)*ptime) {
        *nb = ci->not_before_cmp;
        *na = ci->not_after_cmp;
        return;
    }
    *nb = X509_cmp_time(X509_get0_notBefore(x), ptime);
    *na = X509_cmp_time(X509_get0_notAfter(x), ptime);
    if (ci != NULL) {
        ci->times_known = true;
        ci->times_at = (int64_t)*ptime;
        ci->not_before_cmp = *nb;
        ci->not_after_cmp = *na;
    }
}

/* check_time reports the validity period's errors for `x` at `depth`. */
static int check_time(X509_STORE_CTX *ctx, xs_verify_memo *memo, X509 *x, int depth)
{
    X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(ctx);
    unsigned long flags = X509_VERIFY_PARAM_get_flags(param);
    time_t when = 0;
    time_t *ptime = NULL;
    if (flags & X509_V_FLAG_USE_CHECK_TIME) {
        when = X509_VERIFY_PARAM_get_time(param);
        ptime = &when;
    } else if (flags & X509_V_FLAG_NO_CHECK_TIME) {
        return 1;
    }
    int i, after;
    compare_times(memo, x, ptime, &i, &after);
    if (i == 0 && !report_error(ctx, x, depth, X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD)) {
        return 0;
    }
    if (i > 0 && !report_error(ctx, x, depth, X509_V_ERR_CERT_NOT_YET_VALID)) {
        return 0;
    }
    i = after;
    if (i == 0 && !report_error(ctx, x, depth, X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD)) {
        return 0;
    }
    if (i < 0 && !report_error(ctx, x, depth, X509_V_ERR_CERT_HAS_EXPIRED)) {
        return 0;
    }
    return 1;
}

/* check_signature checks `subject`'s signature by `issuer` (at depth n+1,
 * or n for a self-signed top): key usage, then the key, then the
 * signature. */
static int check_signature(X509_STORE_CTX *ctx, xs_verify_memo *memo, X509 *subject,
                           X509 *issuer, int n)
{
    int issuer_depth = n + (subject == issuer ? 0 : 1);
    bool issuer_is_ca = (X509_get_extension_flags(issuer) & EXFLAG_CA) != 0;
    int ret = subject == issuer && !issuer_is_ca ? X509_V_OK : signing_allowed(issuer, subject);
    if (ret != X509_V_OK && !report_error(ctx, issuer, issuer_depth, ret)) {
        return 0;
    }
    EVP_PKEY *key = X509_get0_pubkey(issuer);
    if (key == NULL) {
        ERR_clear_error();
        return report_error(ctx, issuer, issuer_depth,
                            X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY);
    }
    if (!signature_ok(memo, subject, issuer, key)) {
        return report_error(ctx, subject, n, X509_V_ERR_CERT_SIGNATURE_FAILURE);
    }
    return 1;
}

int xs_chain_verify_step(X509_STORE_CTX *ctx)
{
    xs_verify_memo *memo = X509_STORE_get_ex_data(X509_STORE_CTX_get0_store(ctx), 0);
    STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(ctx);
    unsigned long flags = X509_VERIFY_PARAM_get_flags(X509_STORE_CTX_get0_param(ctx));
    int n = sk_X509_num(chain) - 1;
    X509 *issuer = sk_X509_value(chain, n);
    X509 *subject = issuer;
    X509_STORE_CTX_set_error_depth(ctx, n);
    /* The top certificate is checked against itself only when it is
     * self-issued; with a partial chain, a trusted top needs no issuer. */
    if (!likely_self_issued(memo, issuer) && (flags & X509_V_FLAG_PARTIAL_CHAIN) == 0) {
        if (n > 0) {
            n--;
            X509_STORE_CTX_set_error_depth(ctx, n);
            subject = sk_X509_value(chain, n);
        } else if (!report_error(ctx, issuer, 0, X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE)) {
            return 0;
        }
    }
    while (n >= 0) {
        bool self_check = (flags & X509_V_FLAG_CHECK_SS_SIGNATURE) != 0 &&
                          (X509_get_extension_flags(issuer) & EXFLAG_SS) != 0;
        if ((subject != issuer || self_check) && !check_signature(ctx, memo, subject, issuer, n)) {
            return 0;
        }
        if (!check_time(ctx, memo, subject, n)) {
            return 0;
        }
        X509_STORE_CTX_set_current_cert(ctx, subject);
        X509_STORE_CTX_set_error_depth(ctx, n);
        if (!X509_STORE_CTX_get_verify_cb(ctx)(1, ctx)) {
            return 0;
        }
        if (--n >= 0) {
            issuer = subject;
            subject = sk_X509_value(chain, n);
        }
    }
    return 1;
}

bool xs_chain_use_verify_step(X509_STORE *store, xs_verify_memo *memo)
{
    X509_STORE_set_verify(store, xs_chain_verify_step);
    return X509_STORE_set_ex_data(store, 0, memo) == 1;
}
