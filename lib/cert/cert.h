/*
 * cert.h: the certificate model. A certificate is the DER bytes that were
 * really encoded, plus OpenSSL's parse of them (NULL when OpenSSL cannot
 * parse them), plus what every report prints about it.
 *
 * Certificates are shared between lists by reference count (atomic, so lists
 * in different threads may share certificates).
 */
#ifndef XS_CERT_H
#define XS_CERT_H

#include <openssl/x509.h>
#include <stdatomic.h>

#include "internal.h"

typedef struct xs_cert {
    atomic_int refs;
    uint8_t *der; /* owned: the exact bytes of the Certificate element */
    size_t der_len;
    X509 *x509;   /* owned: OpenSSL's parse of `der`, or NULL */
    char sha256[65];
    char *subject; /* RFC 2253, valid UTF-8, at most XS_MAX_NAME_CHARS */
    char *issuer;
} xs_cert;

/* xs_cert_new takes a copy of der[0..der_len) and, unless `flags` has
 * XS_LOAD_RAW, parses it with OpenSSL: XS_ERR_PARSE (with a message in err)
 * if OpenSSL cannot parse it or it does not consume exactly der_len bytes.
 * A raw certificate has x509 NULL and its subject and issuer empty. */
xs_status xs_cert_new(xs_cert **out, const uint8_t *der, size_t der_len, unsigned flags,
                      char *err, size_t err_len);
xs_cert *xs_cert_ref(xs_cert *c);
void xs_cert_unref(xs_cert *c);

/* xs_name_to_string renders a Name the way reports show it (RFC 2253,
 * sanitised UTF-8, capped). Returns NULL when out of memory. */
char *xs_name_to_string(const X509_NAME *name);

struct xs_certs {
    xs_cert **items;
    size_t count;
    size_t cap;
};

/* xs_certs_push appends `c`, taking a new reference. */
xs_status xs_certs_push(xs_certs *list, xs_cert *c);
xs_cert *xs_certs_get(const xs_certs *list, size_t i);

#endif /* XS_CERT_H */
