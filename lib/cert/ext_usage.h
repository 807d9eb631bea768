/*
 * ext_usage.h: extKeyUsage (RFC 5280 4.2.1.12) and Netscape's nsCertType,
 * and what OpenSSL 3.0 makes of a certificate's usage extensions.
 *
 * The extKeyUsage decoder keeps facts, not a copy of every KeyPurposeId:
 * how many there are, which of the purposes RFC 5280 names are among them,
 * and whether one repeats (found by sorting, so in O(n log n) whatever the
 * input).
 *
 * xs_openssl_usage_of() recomputes, from the model alone, the flags that
 * OpenSSL 3.0's ossl_x509v3_cache_extensions() derives (EXFLAG_CA,
 * ex_kusage, ex_pathlen, EXFLAG_SS, ...) so that rules can mirror OpenSSL's
 * strict checks (OPENSSL-STRICT.md 1.2, 1.6) without calling OpenSSL.
 *
 * Important caveats:
 *  - OpenSSL's own decoders accept some non-DER input that x509strict's
 *    refuse; an extension counts as "not decoded by OpenSSL" when
 *    x509strict could not read its structure, which is the closest the
 *    model can tell.
 *  - Names are compared byte for byte (OpenSSL compares canonical forms).
 */
#ifndef XS_EXT_USAGE_H
#define XS_EXT_USAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "der/der.h"

/* The KeyPurposeIds of RFC 5280 4.2.1.12 that rules tell apart. */
enum {
    XS_EKU_ANY = 1u << 0, /* anyExtendedKeyUsage */
    XS_EKU_SERVER_AUTH = 1u << 1,
    XS_EKU_CLIENT_AUTH = 1u << 2,
    XS_EKU_CODE_SIGNING = 1u << 3,
    XS_EKU_EMAIL_PROTECTION = 1u << 4,
    XS_EKU_TIME_STAMPING = 1u << 5,
    XS_EKU_OCSP_SIGNING = 1u << 6,
};

/* nsCertType bits (Netscape Certificate Extensions), bit 0 first. */
enum {
    XS_NS_SSL_CLIENT = 1u << 0,
    XS_NS_SSL_SERVER = 1u << 1,
    XS_NS_SMIME = 1u << 2,
    XS_NS_OBJECT_SIGNING = 1u << 3,
    XS_NS_SSL_CA = 1u << 5,
    XS_NS_SMIME_CA = 1u << 6,
    XS_NS_OBJECT_SIGNING_CA = 1u << 7,
};
#define XS_NS_ANY_CA (XS_NS_SSL_CA | XS_NS_SMIME_CA | XS_NS_OBJECT_SIGNING_CA)

typedef struct {
    bool eku_present;
    size_t eku_ext;
    size_t eku_count;          /* KeyPurposeIds in the sequence */
    unsigned eku_purposes;     /* XS_EKU_* among them */
    size_t eku_others;         /* KeyPurposeIds that are none of XS_EKU_* */
    bool eku_repeats;          /* some KeyPurposeId appears more than once */
    size_t eku_repeat_offset;  /* where the first repetition is */

    bool ns_cert_type_present;
    size_t ns_cert_type_ext;
    uint32_t ns_cert_type;     /* XS_NS_* bits, padding bits left out */

    /* authorityKeyIdentifier facts xs_ext_aki has no field for yet (decoded
     * by cert/ext_basic.c): authorityCertSerialNumber's contents, valid when
     * aki.has_serial; the first directoryName of authorityCertIssuer (the
     * Name element), which OpenSSL compares with the issuer's issuer. */
    xs_der aki_serial;
    bool aki_has_dir_name;
    xs_der aki_dir_name;
} xs_ext_usage;

struct xs_model;
void xs_ext_decode_ext_key_usage(struct xs_model *m, size_t index);
void xs_ext_decode_netscape_cert_type(struct xs_model *m, size_t index);
void xs_ext_usage_cleanup(xs_ext_usage *u);

/* xs_ext_get_named_bits is xs_der_get_named_bits (which it calls, for its
 * DER reports) with the BIT STRING's unused (padding) bits left out of the
 * mask, as X.690 8.6.2.2 says they are not part of the value. */
bool xs_ext_get_named_bits(xs_der *d, uint32_t *out_mask, bool *out_extra_bits);

/* What OpenSSL 3.0 would cache for a certificate (v3_purp.c). */
typedef struct {
    bool invalid;        /* EXFLAG_INVALID: an extension it reads fails, repeats, ... */
    bool v1;             /* EXFLAG_V1 */
    bool bcons;          /* EXFLAG_BCONS: basicConstraints decoded */
    bool ca;             /* EXFLAG_CA */
    bool bcons_critical; /* EXFLAG_BCONS_CRITICAL (see xs_openssl_usage_of) */
    int64_t pathlen;     /* ex_pathlen: -1 when absent, negative or too large */
    bool kusage;         /* EXFLAG_KUSAGE: keyUsage decoded */
    uint32_t ku_bits;    /* ex_kusage as XS_KU_* bits; 0 without keyUsage */
    bool nscert;         /* EXFLAG_NSCERT */
    uint32_t ns_bits;    /* ex_nscert as XS_NS_* bits */
    bool skid;           /* x->skid != NULL */
    bool akid;           /* x->akid != NULL */
    bool akid_keyid;     /* x->akid->keyid != NULL */
    bool self_issued;    /* EXFLAG_SI */
    bool self_signed;    /* EXFLAG_SS */
} xs_openssl_usage;

/* xs_openssl_usage_of fills `out` for model `m`. */
void xs_openssl_usage_of(const struct xs_model *m, xs_openssl_usage *out);

/* xs_openssl_check_ca is OpenSSL 3.0's X509_check_ca(): 0 not a CA (or an
 * invalid certificate), 1 a CA by basicConstraints, 3 no basicConstraints
 * but a self-signed v1 certificate, 4 no basicConstraints but keyUsage
 * (with keyCertSign), 5 no basicConstraints but nsCertType CA bits. */
int xs_openssl_check_ca(const xs_openssl_usage *u);

#endif /* XS_EXT_USAGE_H */
