#include "certgen.h"

#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

EVP_PKEY *xt_key(const char *type)
{
    if (strcmp(type, "RSA") == 0) {
        return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
    }
    if (strcmp(type, "RSA1024") == 0) {
        return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
    }
    if (strcmp(type, "EC") == 0) {
        return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    }
    return EVP_PKEY_Q_keygen(NULL, NULL, type);
}

/* parse_name reads "CN=a,O=b" (no escaping: test names have no commas). */
static X509_NAME *parse_name(const char *text)
{
    X509_NAME *name = X509_NAME_new();
    char buf[512];
    snprintf(buf, sizeof(buf), "%s", text);
    char *save = NULL;
    for (char *rdn = strtok_r(buf, ",", &save); name != NULL && rdn != NULL;
         rdn = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(rdn, '=');
        if (eq == NULL) {
            X509_NAME_free(name);
            return NULL;
        }
        *eq = 0;
        if (!X509_NAME_add_entry_by_txt(name, rdn, MBSTRING_UTF8, (unsigned char *)eq + 1, -1, -1,
                                        0)) {
            X509_NAME_free(name);
            return NULL;
        }
    }
    return name;
}

static int add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
    if (value == NULL) {
        return 1;
    }
    X509V3_CTX v3;
    X509V3_set_ctx(&v3, issuer != NULL ? issuer : cert, cert, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
    int ok = ext != NULL && X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    return ok;
}

static int set_names(X509 *cert, const xt_spec *spec, X509 *issuer)
{
    X509_NAME *subject = parse_name(spec->subject);
    X509_NAME *issuer_name = spec->issuer != NULL ? parse_name(spec->issuer) : NULL;
    int ok = subject != NULL && X509_set_subject_name(cert, subject);
    if (ok && issuer_name != NULL) {
        ok = X509_set_issuer_name(cert, issuer_name);
    } else if (ok) {
        ok = X509_set_issuer_name(cert, issuer != NULL ? X509_get_subject_name(issuer) : subject);
    }
    X509_NAME_free(subject);
    X509_NAME_free(issuer_name);
    return ok;
}

static int set_validity(X509 *cert, const xt_spec *spec)
{
    time_t now = time(NULL);
    long before = spec->not_before_days != 0 ? spec->not_before_days : -1;
    long after = spec->not_after_days != 0 ? spec->not_after_days : 365;
    return X509_time_adj_ex(X509_getm_notBefore(cert), (int)before, 0, &now) != NULL &&
           X509_time_adj_ex(X509_getm_notAfter(cert), (int)after, 0, &now) != NULL;
}

/* add_aki adds an AKI keyIdentifier: the issuer's SKI, or for an issuer
 * without one the SHA-1 of its key, as a CA that computes it would. */
static int add_aki(X509 *cert, X509 *issuer)
{
    unsigned char md[20];
    unsigned int md_len = 0;
    const ASN1_OCTET_STRING *ski = X509_get0_subject_key_id(issuer);
    AUTHORITY_KEYID *aki = AUTHORITY_KEYID_new();
    int ok = aki != NULL && (aki->keyid = ASN1_OCTET_STRING_new()) != NULL;
    if (ok && ski != NULL) {
        ok = ASN1_OCTET_STRING_set(aki->keyid, ASN1_STRING_get0_data(ski), ASN1_STRING_length(ski));
    } else if (ok) {
        ok = X509_pubkey_digest(issuer, EVP_sha1(), md, &md_len) &&
             ASN1_OCTET_STRING_set(aki->keyid, md, (int)md_len);
    }
    ok = ok && X509_add1_ext_i2d(cert, NID_authority_key_identifier, aki, 0, 0) == 1;
    AUTHORITY_KEYID_free(aki);
    return ok;
}

static int add_raw_extensions(X509 *cert, const xt_spec *spec)
{
    for (int i = 0; i < XT_MAX_RAW_EXTS && spec->raw[i].oid != NULL; i++) {
        const xt_raw_ext *r = &spec->raw[i];
        ASN1_OBJECT *obj = OBJ_txt2obj(r->oid, 1);
        ASN1_OCTET_STRING *value = ASN1_OCTET_STRING_new();
        X509_EXTENSION *ext = NULL;
        int ok = obj != NULL && value != NULL &&
                 ASN1_OCTET_STRING_set(value, r->value, (int)r->value_len) &&
                 (ext = X509_EXTENSION_create_by_OBJ(NULL, obj, r->critical, value)) != NULL &&
                 X509_add_ext(cert, ext, -1);
        X509_EXTENSION_free(ext);
        ASN1_OCTET_STRING_free(value);
        ASN1_OBJECT_free(obj);
        if (!ok) {
            return 0;
        }
    }
    return 1;
}

static int add_extensions(X509 *cert, const xt_spec *spec, X509 *issuer)
{
    return add_ext(cert, issuer, NID_basic_constraints, spec->basic_constraints) &&
           add_ext(cert, issuer, NID_key_usage, spec->key_usage) &&
           add_ext(cert, issuer, NID_ext_key_usage, spec->ext_key_usage) &&
           add_ext(cert, issuer, NID_subject_alt_name, spec->subject_alt_name) &&
           add_ext(cert, issuer, NID_subject_key_identifier, spec->no_ski ? NULL : "hash") &&
           (spec->no_aki || issuer == NULL || add_aki(cert, issuer)) &&
           add_raw_extensions(cert, spec);
}

X509 *xt_cert(const xt_spec *spec, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key)
{
    X509 *cert = X509_new();
    EVP_PKEY *signer = issuer_key != NULL ? issuer_key : key;
    const char *digest = spec->digest != NULL ? spec->digest : "SHA256";
    bool ed = EVP_PKEY_is_a(signer, "ED25519") || EVP_PKEY_is_a(signer, "ED448");
    int version = spec->version == 1 ? X509_VERSION_1 : X509_VERSION_3;
    if (cert == NULL || !X509_set_version(cert, version) ||
        !ASN1_INTEGER_set(X509_get_serialNumber(cert), spec->serial ? spec->serial : 1) ||
        !set_names(cert, spec, issuer) || !set_validity(cert, spec) ||
        !X509_set_pubkey(cert, key) ||
        (version == X509_VERSION_3 && !add_extensions(cert, spec, issuer)) ||
        !X509_sign(cert, signer, ed ? NULL : EVP_get_digestbyname(digest))) {
        X509_free(cert);
        return NULL;
    }
    return cert;
}

int xt_write_pem(const char *path, X509 *const *certs, int count)
{
    FILE *f = fopen(path, "w");
    int ok = f != NULL;
    for (int i = 0; ok && i < count; i++) {
        ok = PEM_write_X509(f, certs[i]);
    }
    return f != NULL && fclose(f) == 0 && ok ? 0 : -1;
}

int xt_write_der(const char *path, X509 *cert)
{
    FILE *f = fopen(path, "wb");
    int ok = f != NULL && i2d_X509_fp(f, cert);
    return f != NULL && fclose(f) == 0 && ok ? 0 : -1;
}

int xt_write_key(const char *path, EVP_PKEY *key)
{
    FILE *f = fopen(path, "w");
    int ok = f != NULL && PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL);
    return f != NULL && fclose(f) == 0 && ok ? 0 : -1;
}

int xt_write_bytes(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    int ok = f != NULL && fwrite(data, 1, len, f) == len;
    return f != NULL && fclose(f) == 0 && ok ? 0 : -1;
}

const char *xt_path_in(const char *dir, const char *name)
{
    static char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return path;
}

char *xt_pem(X509 *cert)
{
    BIO *bio = BIO_new(BIO_s_mem());
    char *data = NULL, *copy = NULL;
    if (bio != NULL && PEM_write_bio_X509(bio, cert)) {
        long len = BIO_get_mem_data(bio, &data);
        copy = len >= 0 ? malloc((size_t)len + 1) : NULL;
        if (copy != NULL) {
            memcpy(copy, data, (size_t)len);
            copy[len] = 0;
        }
    }
    BIO_free(bio);
    return copy;
}

unsigned char *xt_der(X509 *cert, int *out_len)
{
    unsigned char *der = NULL;
    *out_len = i2d_X509(cert, &der);
    return *out_len > 0 ? der : NULL;
}
