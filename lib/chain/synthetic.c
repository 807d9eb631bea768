/*
 * synthetic.c: a stand-in leaf for judging a trust anchor the way a TLS
 * client meets it. OpenSSL skips its strict checks on a one-certificate
 * chain, so verifying a root against itself says almost nothing; a leaf the
 * root appears to have issued makes a two-certificate chain in which the root
 * is the anchor. We hold no root's private key, so the leaf is signed with a
 * throw-away key of the root's key type (chain building checks the type, not
 * the signature) and the verification ignores that one signature.
 */
#include <openssl/evp.h>
#include <openssl/x509v3.h>
#include <string.h>

#include "chain/chain.h"

void xs_synthetic_keys_cleanup(xs_synthetic_keys *keys)
{
    EVP_PKEY_free(keys->rsa);
    EVP_PKEY_free(keys->ec);
    EVP_PKEY_free(keys->ed25519);
    EVP_PKEY_free(keys->ed448);
    memset(keys, 0, sizeof(*keys));
}

static EVP_PKEY *generate(const char *type)
{
    if (strcmp(type, "RSA") == 0) {
        return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
    }
    if (strcmp(type, "EC") == 0) {
        return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    }
    return EVP_PKEY_Q_keygen(NULL, NULL, type);
}

/* signing_key returns a cached throw-away key of the anchor's key type, or
 * NULL for a type we cannot stand in for (DSA, RSA-PSS, GOST, ...). */
static EVP_PKEY *signing_key(xs_synthetic_keys *keys, const EVP_PKEY *anchor_key)
{
    const struct {
        const char *type;
        EVP_PKEY **slot;
    } kinds[] = {
        {"RSA", &keys->rsa},
        {"EC", &keys->ec},
        {"ED25519", &keys->ed25519},
        {"ED448", &keys->ed448},
    };
    for (size_t i = 0; i < XS_ARRAY_LEN(kinds); i++) {
        if (EVP_PKEY_is_a(anchor_key, kinds[i].type)) {
            if (*kinds[i].slot == NULL) {
                *kinds[i].slot = generate(kinds[i].type);
            }
            return *kinds[i].slot;
        }
    }
    return NULL;
}

static bool add_conf_ext(X509 *leaf, X509 *anchor, int nid, const char *value)
{
    X509V3_CTX v3;
    X509V3_set_ctx(&v3, anchor, leaf, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
    bool ok = ext != NULL && X509_add_ext(leaf, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

/* add_aki gives the leaf an AKI keyIdentifier: the anchor's SKI, or, for an
 * anchor without one, the SHA-1 of its key (OpenSSL only compares the two
 * when the issuer has an SKI), so that the leaf itself never lacks an AKI. */
static bool add_aki(X509 *leaf, X509 *anchor)
{
    unsigned char digest[20];
    unsigned int digest_len = 0;
    const ASN1_OCTET_STRING *ski = X509_get0_subject_key_id(anchor);
    AUTHORITY_KEYID *aki = AUTHORITY_KEYID_new();
    bool ok = aki != NULL && (aki->keyid = ASN1_OCTET_STRING_new()) != NULL;
    if (ok && ski != NULL) {
        ok = ASN1_OCTET_STRING_set(aki->keyid, ASN1_STRING_get0_data(ski), ASN1_STRING_length(ski));
    } else if (ok) {
        ok = X509_pubkey_digest(anchor, EVP_sha1(), digest, &digest_len) &&
             ASN1_OCTET_STRING_set(aki->keyid, digest, (int)digest_len);
    }
    ok = ok && X509_add1_ext_i2d(leaf, NID_authority_key_identifier, aki, 0, 0) == 1;
    AUTHORITY_KEYID_free(aki);
    return ok;
}

static bool set_names_and_times(X509 *leaf, X509 *anchor, int64_t at)
{
    X509_NAME *subject = X509_get_subject_name(leaf);
    return X509_set_version(leaf, X509_VERSION_3) &&
           ASN1_INTEGER_set(X509_get_serialNumber(leaf), 0x5EED) &&
           X509_set_issuer_name(leaf, X509_get_subject_name(anchor)) &&
           X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                                      (const unsigned char *)"x509strict synthetic leaf", -1,
                                      -1, 0) &&
           ASN1_TIME_set(X509_getm_notBefore(leaf), (time_t)(at - 86400)) != NULL &&
           ASN1_TIME_set(X509_getm_notAfter(leaf), (time_t)(at + 30 * 86400)) != NULL;
}

static bool add_extensions(X509 *leaf, X509 *anchor)
{
    return add_conf_ext(leaf, anchor, NID_basic_constraints, "critical,CA:FALSE") &&
           add_conf_ext(leaf, anchor, NID_key_usage, "critical,digitalSignature,keyEncipherment") &&
           add_conf_ext(leaf, anchor, NID_ext_key_usage, "serverAuth") &&
           add_conf_ext(leaf, anchor, NID_subject_alt_name,
                        "DNS:synthetic-leaf.x509strict.invalid") &&
           add_conf_ext(leaf, anchor, NID_subject_key_identifier, "hash") &&
           add_aki(leaf, anchor);
}

xs_status xs_chain_synthetic_leaf(xs_synthetic_keys *keys, X509 *anchor, int64_t at, X509 **out,
                                  char *err, size_t err_len)
{
    *out = NULL;
    EVP_PKEY *anchor_key = X509_get0_pubkey(anchor);
    if (anchor_key == NULL) {
        return xs_set_err(XS_ERR_PARSE, err, err_len, "the anchor's public key cannot be decoded");
    }
    EVP_PKEY *key = signing_key(keys, anchor_key);
    if (key == NULL) {
        return xs_set_err(XS_ERR_INVALID_ARG, err, err_len,
                          "no stand-in leaf for a %s anchor key", EVP_PKEY_get0_type_name(anchor_key));
    }
    X509 *leaf = X509_new();
    bool is_ed = EVP_PKEY_is_a(key, "ED25519") || EVP_PKEY_is_a(key, "ED448");
    if (leaf == NULL || !set_names_and_times(leaf, anchor, at) || !X509_set_pubkey(leaf, key) ||
        !add_extensions(leaf, anchor) || !X509_sign(leaf, key, is_ed ? NULL : EVP_sha256())) {
        X509_free(leaf);
        return xs_set_err(XS_ERR_CRYPTO, err, err_len, "cannot make a stand-in leaf");
    }
    *out = leaf;
    return XS_OK;
}
