/*
 * pkcs7.c: the certificates of a PKCS#7 bundle, as a store member list.
 */
#include "audit/audit_internal.h"

#include <openssl/err.h>
#include <openssl/pkcs7.h>

xs_status xs_audit_split_pkcs7(xs_certs *certs, const uint8_t *in, size_t in_len, char *err,
                               size_t err_len)
{
    if (certs == NULL || in == NULL || in_len > XS_MAX_INPUT_BYTES) {
        return XS_ERR_INVALID_ARG;
    }
    const unsigned char *p = in;
    PKCS7 *p7 = d2i_PKCS7(NULL, &p, (long)in_len);
    if (p7 == NULL) {
        ERR_clear_error();
        return xs_set_err(XS_ERR_PARSE, err, err_len, "not a PKCS#7 structure");
    }
    STACK_OF(X509) *sk = NULL;
    if (PKCS7_type_is_signed(p7) && p7->d.sign != NULL) {
        sk = p7->d.sign->cert;
    } else if (PKCS7_type_is_signedAndEnveloped(p7) && p7->d.signed_and_enveloped != NULL) {
        sk = p7->d.signed_and_enveloped->cert;
    }
    xs_status st = sk == NULL ? xs_set_err(XS_ERR_PARSE, err, err_len,
                                          "a PKCS#7 structure without certificates")
                              : XS_OK;
    for (int i = 0; st == XS_OK && i < sk_X509_num(sk); i++) {
        unsigned char *der = NULL;
        int len = i2d_X509(sk_X509_value(sk, i), &der);
        xs_cert *c = NULL;
        st = len > 0 ? xs_cert_new(&c, der, (size_t)len, XS_LOAD_RAW, err, err_len) : XS_ERR_CRYPTO;
        if (st == XS_OK) {
            st = xs_certs_push(certs, c);
        }
        xs_cert_unref(c);
        OPENSSL_free(der);
    }
    PKCS7_free(p7);
    ERR_clear_error();
    return st;
}
