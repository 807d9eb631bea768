/*
 * key.h: what the model knows of the subject public key (RFC 3279, 4055,
 * 5480, 8410) and of the signature algorithm (RFC 3279, 4055, 5758, 8410),
 * read from the certificate's bytes without OpenSSL.
 *
 * Scope. The key's type, the parameters of its AlgorithmIdentifier, and the
 * few numbers the rules need (RSA modulus and exponent, EC curve and point
 * form, Ed/X key length, DSA prime length); the signature
 * AlgorithmIdentifiers' scheme, digest and RSASSA-PSS parameters. DER
 * violations met inside these (an RSAPublicKey INTEGER that is not minimal,
 * an RSASSA-PSS DEFAULT value encoded) are recorded in the model with their
 * field path, like every other DER issue.
 *
 * Important caveats:
 *  - Nothing is verified arithmetically: an EC point is not checked to be on
 *    its curve, a modulus is not factored.
 *  - Everything here is spans and numbers; xs_key_info owns no memory.
 */
#ifndef XS_KEY_H
#define XS_KEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "der/der.h"

typedef enum {
    XS_KEY_UNKNOWN = 0,
    XS_KEY_RSA,       /* rsaEncryption */
    XS_KEY_RSA_PSS,   /* id-RSASSA-PSS */
    XS_KEY_EC,        /* id-ecPublicKey */
    XS_KEY_ED25519,
    XS_KEY_ED448,
    XS_KEY_X25519,
    XS_KEY_X448,
    XS_KEY_DSA,
    XS_KEY_RSA_OAEP,  /* id-RSAES-OAEP */
    XS_KEY_EC_DH,     /* id-ecDH: an EC key restricted to key agreement */
    XS_KEY_EC_MQV,    /* id-ecMQV */
} xs_key_type;

/* How an AlgorithmIdentifier's parameters were encoded. */
typedef enum {
    XS_PARAMS_ABSENT = 0,
    XS_PARAMS_NULL,  /* NULL (05 00, or a NULL with contents) */
    XS_PARAMS_OTHER, /* anything else */
} xs_params_form;

/* Digests named by signature algorithms and RSASSA-PSS parameters. */
typedef enum {
    XS_HASH_UNKNOWN = 0,
    XS_HASH_MD2,
    XS_HASH_MD4,
    XS_HASH_MD5,
    XS_HASH_SHA1,
    XS_HASH_SHA224,
    XS_HASH_SHA256,
    XS_HASH_SHA384,
    XS_HASH_SHA512,
    XS_HASH_SHA512_224,
    XS_HASH_SHA512_256,
    XS_HASH_NONE, /* the scheme hashes internally (EdDSA) */
} xs_hash;

/* xs_hash_name is "SHA-256", ...; "unknown" for XS_HASH_UNKNOWN. */
const char *xs_hash_name(xs_hash hash);

/* RSASSA-PSS-params or RSAES-OAEP-params (RFC 4055 3.1, 4.1). `problem`
 * names the first defect that makes them unacceptable (NULL: none). */
typedef struct {
    bool present;          /* a parameters element is there */
    const char *problem;
    size_t problem_offset;
    xs_hash hash;          /* hashAlgorithm / hashFunc (default SHA-1) */
    bool mgf_is_mgf1;      /* maskGenAlgorithm is id-mgf1 (the default) */
    xs_hash mgf_hash;      /* MGF1's digest (default SHA-1) */
} xs_rsa_params;

/* EC point encodings (SEC 1 2.3.3; RFC 5480 2.2). */
typedef enum {
    XS_EC_POINT_EMPTY = 0,
    XS_EC_POINT_INFINITY,     /* 00 */
    XS_EC_POINT_COMPRESSED,   /* 02, 03 */
    XS_EC_POINT_UNCOMPRESSED, /* 04 */
    XS_EC_POINT_HYBRID,       /* 06, 07 */
    XS_EC_POINT_OTHER,
} xs_ec_point_form;

/* ECParameters ::= CHOICE { namedCurve OBJECT IDENTIFIER,
 *   implicitCurve NULL, specifiedCurve SpecifiedECDomain } (RFC 5480 2.1.1) */
typedef enum {
    XS_EC_PARAMS_ABSENT = 0,
    XS_EC_PARAMS_NAMED,
    XS_EC_PARAMS_IMPLICIT,
    XS_EC_PARAMS_SPECIFIED,
    XS_EC_PARAMS_OTHER,
} xs_ec_params;

/* Signature schemes x509strict knows. */
typedef enum {
    XS_SIG_UNKNOWN = 0,
    XS_SIG_RSA_PKCS1, /* md2/md4/md5/sha*WithRSAEncryption */
    XS_SIG_RSA_PSS,
    XS_SIG_ECDSA,
    XS_SIG_DSA,
    XS_SIG_ED25519,
    XS_SIG_ED448,
} xs_sig_scheme;

/* One signature AlgorithmIdentifier. */
typedef struct {
    bool present;
    bool same_as_inner;      /* the outer one, encoded exactly like the inner one */
    const char *field;       /* "tbsCertificate.signature" or "signatureAlgorithm" */
    size_t offset;           /* the AlgorithmIdentifier */
    xs_der oid;              /* its algorithm OID's contents */
    xs_sig_scheme scheme;
    const char *name;        /* "sha256WithRSAEncryption", ...; NULL when unknown */
    xs_hash hash;            /* for RSASSA-PSS, from its parameters */
    xs_params_form params;
    size_t params_offset;
    xs_rsa_params pss;       /* RSASSA-PSS only */
} xs_sig_alg;

typedef struct {
    xs_key_type type;
    bool present;            /* xs_key_decode ran (the TBSCertificate was read) */
    const char *name;        /* "rsaEncryption", ...; NULL when unknown */
    xs_params_form params;   /* of the SPKI AlgorithmIdentifier */
    size_t params_offset;    /* where the parameters are (or the algorithm) */
    size_t key_offset;       /* the subjectPublicKey BIT STRING's bits */
    unsigned unused_bits;    /* of the subjectPublicKey BIT STRING */
    bool key_ok;             /* the key's own encoding decoded */
    const char *key_problem; /* why not, when !key_ok and the type is known */
    unsigned bits;           /* RSA and DSA: modulus / prime length; EC: field size;
                                0 when not known */

    /* RSA, RSA-PSS, RSA-OAEP: RSAPublicKey (RFC 3279 2.3.1) */
    bool rsa_read;           /* the modulus and the exponent were read */
    bool rsa_modulus_negative;
    bool rsa_modulus_zero;
    bool rsa_modulus_even;
    bool rsa_exponent_negative;
    bool rsa_exponent_even;
    bool rsa_exponent_fits;  /* the exponent fits in 64 bits */
    uint64_t rsa_exponent;   /* when it fits */
    unsigned rsa_exponent_bits;
    bool rsa_exponent_not_below_modulus;
    xs_rsa_params rsa_params; /* RSA-PSS and RSA-OAEP keys */

    /* EC, EC-DH, EC-MQV */
    xs_ec_params ec_params;
    xs_der ec_curve;         /* namedCurve OID contents */
    const char *ec_curve_name; /* "P-256", ...; NULL when not one x509strict knows */
    xs_ec_point_form ec_point_form;
    size_t ec_point_len;     /* octets of the ECPoint */

    /* Ed25519, Ed448, X25519, X448: the key's octets */
    size_t raw_len;

    /* DSA */
    bool dsa_params_valid;   /* Dss-Parms decoded */

    xs_sig_alg sig[2];       /* [0] TBSCertificate.signature, [1] signatureAlgorithm */
} xs_key_info;

/* xs_key_type_name is "RSA", "EC", "Ed25519", ...; "unknown". */
const char *xs_key_type_name(xs_key_type type);

struct xs_model;
/* xs_key_decode fills m->key from m->key_alg, m->key_bits, m->sig_inner and
 * m->sig_outer, recording DER issues it meets in the model. */
void xs_key_decode(struct xs_model *m);

#endif /* XS_KEY_H */
