/*
 * certgen.h: builds certificates for x509strict's tests with OpenSSL, so
 * every test makes the exact defect it needs. Not part of the product.
 */
#ifndef XS_TEST_CERTGEN_H
#define XS_TEST_CERTGEN_H

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdbool.h>

/* An extension given as raw bytes: any OID, any criticality, any value
 * (which need not be valid DER), added after the configured ones. */
typedef struct {
    const char *oid;              /* dotted ("2.5.29.17") */
    bool critical;
    const unsigned char *value;   /* the extnValue contents */
    size_t value_len;
} xt_raw_ext;

#define XT_MAX_RAW_EXTS 4

/* One certificate. Extension values use OpenSSL's configuration syntax
 * ("critical,CA:TRUE"); NULL leaves the extension out. */
typedef struct {
    const char *subject;        /* e.g. "CN=Root" (comma-separated RDNs); "" = empty */
    const char *issuer;         /* NULL: the issuer certificate's subject (or own) */
    int version;                /* 1 or 3 (0 means 3) */
    long serial;                /* 0 means 1 */
    const char *basic_constraints;
    const char *key_usage;
    const char *ext_key_usage;
    const char *subject_alt_name;
    bool no_ski;                /* leave out the SKI (default: present) */
    bool no_aki;                /* leave out the AKI (default: present when issued) */
    long not_before_days;       /* relative to now; default -1 */
    long not_after_days;        /* relative to now; 0 means 365 */
    const char *digest;         /* "SHA256" (default), "SHA1", "MD5" */
    xt_raw_ext raw[XT_MAX_RAW_EXTS]; /* raw extensions; an entry with oid NULL ends the list */
} xt_spec;

/* xt_key makes a key: "EC" (P-256), "RSA" (2048 bits), "RSA1024", "ED25519". */
EVP_PKEY *xt_key(const char *type);

/* xt_cert issues a certificate for `key` as described by `spec`, signed by
 * `issuer_key` under `issuer` (NULL, NULL: self-signed with `key`). */
X509 *xt_cert(const xt_spec *spec, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key);

/* xt_write_pem writes certificates as one PEM file; xt_write_der writes one
 * certificate as DER. Return 0 on success. */
int xt_write_pem(const char *path, X509 *const *certs, int count);
int xt_write_der(const char *path, X509 *cert);
int xt_write_key(const char *path, EVP_PKEY *key);
/* xt_write_bytes writes `len` bytes as the whole file; 0 on success. */
int xt_write_bytes(const char *path, const void *data, size_t len);

/* xt_path_in is "dir/name" in a buffer of its own, valid until the next
 * call (for fixture writers that name many files in one directory). */
const char *xt_path_in(const char *dir, const char *name);

/* xt_pem returns a certificate's PEM as a NUL-terminated string (free with
 * free), or NULL. */
char *xt_pem(X509 *cert);

/* xt_der returns a certificate's DER in a new buffer (free with
 * OPENSSL_free), or NULL. */
unsigned char *xt_der(X509 *cert, int *out_len);

#endif /* XS_TEST_CERTGEN_H */
