#include "cert/cert.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *xs_name_to_string(const X509_NAME *name)
{
    BIO *bio = BIO_new(BIO_s_mem());
    if (bio == NULL) {
        return NULL;
    }
    unsigned long flags = XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB;
    char *out = NULL;
    if (X509_NAME_print_ex(bio, name, 0, flags) >= 0) {
        char *text = NULL;
        long len = BIO_get_mem_data(bio, &text);
        size_t n = len > 0 ? (size_t)len : 0;
        if (n > XS_MAX_NAME_CHARS) {
            n = XS_MAX_NAME_CHARS;
        }
        out = xs_utf8_sanitize(text != NULL ? text : "", n);
    }
    BIO_free(bio);
    return out;
}

static void hex_encode(const unsigned char *in, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 0xF];
    }
    out[2 * len] = 0;
}

static bool fingerprint(xs_cert *c)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    if (!EVP_Digest(c->der, c->der_len, md, &md_len, EVP_sha256(), NULL) || md_len != 32) {
        return false;
    }
    hex_encode(md, md_len, c->sha256);
    return true;
}

static xs_status parse_with_openssl(xs_cert *c, char *err, size_t err_len)
{
    const unsigned char *p = c->der;
    c->x509 = d2i_X509(NULL, &p, (long)c->der_len);
    if (c->x509 == NULL) {
        return xs_set_err(XS_ERR_PARSE, err, err_len,
                          "not a certificate OpenSSL can parse");
    }
    if ((size_t)(p - c->der) != c->der_len) {
        return xs_set_err(XS_ERR_PARSE, err, err_len,
                          "%zu bytes of trailing data after the certificate",
                          c->der_len - (size_t)(p - c->der));
    }
    c->subject = xs_name_to_string(X509_get_subject_name(c->x509));
    c->issuer = xs_name_to_string(X509_get_issuer_name(c->x509));
    if (c->subject == NULL || c->issuer == NULL) {
        return XS_ERR_NOMEM;
    }
    return XS_OK;
}

xs_status xs_cert_new(xs_cert **out, const uint8_t *der, size_t der_len, unsigned flags,
                      char *err, size_t err_len)
{
    *out = NULL;
    if (der_len == 0 || der_len > XS_MAX_CERT_BYTES) {
        return xs_set_err(der_len ? XS_ERR_LIMIT : XS_ERR_PARSE, err, err_len,
                          "certificate of %zu bytes (limit %u)", der_len,
                          XS_MAX_CERT_BYTES);
    }
    xs_cert *c = calloc(1, sizeof(*c));
    if (c == NULL || (c->der = malloc(der_len)) == NULL) {
        free(c);
        return XS_ERR_NOMEM;
    }
    atomic_init(&c->refs, 1);
    memcpy(c->der, der, der_len);
    c->der_len = der_len;
    xs_status st = XS_ERR_CRYPTO;
    if (fingerprint(c)) {
        st = flags & XS_LOAD_RAW ? XS_OK : parse_with_openssl(c, err, err_len);
    }
    if (st != XS_OK) {
        xs_cert_unref(c);
        return st;
    }
    *out = c;
    return XS_OK;
}

xs_cert *xs_cert_ref(xs_cert *c)
{
    atomic_fetch_add(&c->refs, 1);
    return c;
}

void xs_cert_unref(xs_cert *c)
{
    if (c == NULL || atomic_fetch_sub(&c->refs, 1) != 1) {
        return;
    }
    X509_free(c->x509);
    free(c->der);
    free(c->subject);
    free(c->issuer);
    free(c);
}

xs_status xs_certs_new(xs_certs **out)
{
    *out = calloc(1, sizeof(**out));
    return *out != NULL ? XS_OK : XS_ERR_NOMEM;
}

void xs_certs_free(xs_certs *list)
{
    if (list == NULL) {
        return;
    }
    for (size_t i = 0; i < list->count; i++) {
        xs_cert_unref(list->items[i]);
    }
    free(list->items);
    free(list);
}

xs_status xs_certs_push(xs_certs *list, xs_cert *c)
{
    if (list->count >= XS_MAX_CERTS) {
        return XS_ERR_LIMIT;
    }
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 8;
        xs_cert **items = realloc(list->items, cap * sizeof(*items));
        if (items == NULL) {
            return XS_ERR_NOMEM;
        }
        list->items = items;
        list->cap = cap;
    }
    list->items[list->count++] = xs_cert_ref(c);
    return XS_OK;
}

xs_status xs_certs_append(xs_certs *list, const xs_certs *from)
{
    for (size_t i = 0; i < from->count; i++) {
        xs_status st = xs_certs_push(list, from->items[i]);
        if (st != XS_OK) {
            return st;
        }
    }
    return XS_OK;
}

xs_cert *xs_certs_get(const xs_certs *list, size_t i)
{
    return i < list->count ? list->items[i] : NULL;
}

size_t xs_certs_count(const xs_certs *list)
{
    return list != NULL ? list->count : 0;
}

void xs_certs_subject(const xs_certs *list, size_t i, char *out, size_t out_len)
{
    const xs_cert *c = xs_certs_get(list, i);
    if (out_len > 0) {
        snprintf(out, out_len, "%s", c != NULL && c->subject != NULL ? c->subject : "");
    }
}

void xs_certs_sha256_hex(const xs_certs *list, size_t i, char out[65])
{
    const xs_cert *c = xs_certs_get(list, i);
    memcpy(out, c != NULL ? c->sha256 : "", c != NULL ? 65 : 1);
}

const uint8_t *xs_certs_der(const xs_certs *list, size_t i, size_t *out_len)
{
    const xs_cert *c = xs_certs_get(list, i);
    *out_len = c != NULL ? c->der_len : 0;
    return c != NULL ? c->der : NULL;
}
