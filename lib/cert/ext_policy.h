/*
 * ext_policy.h: certificatePolicies, policyMappings, policyConstraints,
 * inhibitAnyPolicy (RFC 5280 4.2.1.4-5, 4.2.1.11, 4.2.1.14),
 * cRLDistributionPoints and freshestCRL (4.2.1.13, 4.2.1.15),
 * authorityInfoAccess and subjectInfoAccess (4.2.2), subjectDirectoryAttributes
 * (4.2.1.8), and the Certificate Transparency extensions (RFC 6962).
 *
 * Each extension is decoded once, into spans of the certificate's DER and
 * the facts the rules need (string types and character counts, reason
 * bits, GeneralName kinds), so no rule parses a value again.
 *
 * Important caveats:
 *  - Lists are stored up to XS_MAX_POLICY_ENTRIES items each; past the cap
 *    the walk stops and a limit issue is recorded.
 *  - GeneralNames (fullName, cRLIssuer, accessLocation) are classified by
 *    their CHOICE tag only; their syntax is the general-name family's.
 */
#ifndef XS_EXT_POLICY_H
#define XS_EXT_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "der/der.h"

/* Items stored per list extension (policies, qualifiers, mappings,
 * distribution points, access descriptions, directory attributes). Real
 * certificates carry a handful. */

/* What a GeneralName is, as far as these extensions care: a URI, and
 * which scheme (RFC 3986 3.1, compared without regard to case). */
typedef enum {
    XS_LOCATION_NOT_URI = 0,
    XS_LOCATION_URI_HTTP,
    XS_LOCATION_URI_HTTPS,
    XS_LOCATION_URI_LDAP,
    XS_LOCATION_URI_OTHER,
} xs_location_kind;

/* A DisplayText (RFC 5280 4.2.1.4, updated by RFC 6818 3): which string
 * type was used, and what its characters are. */
typedef struct {
    bool present;
    uint8_t tag;        /* IA5, Visible, BMP or UTF8 String */
    xs_der whole;       /* the element */
    size_t chars;       /* characters: bytes, BMP code units or UTF-8 code points */
    bool bad_encoding;  /* not valid for its type (bad UTF-8, odd BMP length, ...) */
    bool has_control;   /* U+0000-U+001F or U+007F-U+009F */
} xs_display_text;

typedef enum {
    XS_QUALIFIER_OTHER = 0,
    XS_QUALIFIER_CPS,         /* id-qt-cps */
    XS_QUALIFIER_USER_NOTICE, /* id-qt-unotice */
} xs_qualifier_kind;

typedef struct {
    size_t policy;              /* index of its PolicyInformation */
    xs_qualifier_kind kind;
    xs_der whole;               /* the PolicyQualifierInfo element */
    xs_der cps_uri;             /* CPS: the IA5String contents */
    bool has_notice_ref;        /* userNotice: noticeRef present */
    xs_der notice_ref;          /* the NoticeReference element */
    xs_display_text organization;
    xs_display_text explicit_text;
} xs_policy_qualifier;

typedef struct {
    xs_der whole;               /* the PolicyInformation element */
    xs_der oid;                 /* policyIdentifier contents */
    bool any_policy;            /* 2.5.29.32.0 */
    bool has_qualifiers;        /* the policyQualifiers field is there */
    size_t qualifier_count;
    size_t first_qualifier;     /* its first entry in xs_cert_policies.qualifiers */
} xs_policy_info;

typedef struct {
    bool present;
    size_t ext;
    size_t count;
    xs_policy_info *items;
    size_t qualifier_count;
    xs_policy_qualifier *qualifiers;
    size_t cap, qualifier_cap;
} xs_cert_policies;

typedef struct {
    xs_der whole;
    xs_der issuer_policy;       /* issuerDomainPolicy contents */
    xs_der subject_policy;      /* subjectDomainPolicy contents */
} xs_policy_mapping;

typedef struct {
    bool present;
    size_t ext;
    size_t count;
    xs_policy_mapping *items;
    size_t cap;
} xs_policy_mappings;

/* SkipCerts ::= INTEGER (0..MAX) */
typedef struct {
    bool present;
    size_t offset;
    bool negative;
    uint64_t value;             /* saturates at UINT64_MAX */
} xs_skip_certs;

typedef struct {
    bool present;
    size_t ext;
    xs_skip_certs require_explicit; /* requireExplicitPolicy [0] */
    xs_skip_certs inhibit_mapping;  /* inhibitPolicyMapping [1] */
} xs_policy_constraints;

typedef struct {
    bool present;
    size_t ext;
    xs_skip_certs skip;
} xs_inhibit_any_policy;

/* ReasonFlags bits (RFC 5280 4.2.1.13), bit 0 first. */
enum {
    XS_REASON_UNUSED = 1u << 0,
    XS_REASON_ALL = 0x1FEu, /* keyCompromise (1) .. aACompromise (8) */
};

typedef struct {
    xs_der whole;               /* the DistributionPoint element */
    bool has_name;              /* distributionPoint */
    bool relative_name;         /* nameRelativeToCRLIssuer (else fullName) */
    xs_der full_name;           /* fullName GeneralNames contents */
    size_t full_name_count;
    bool full_name_http_or_ldap; /* some fullName entry is an http: or ldap: URI */
    bool has_reasons;
    size_t reasons_offset;
    uint32_t reasons;           /* XS_REASON_* mask */
    bool reasons_extra;         /* bits past aACompromise */
    bool has_crl_issuer;
    xs_der crl_issuer;          /* cRLIssuer GeneralNames contents */
    size_t crl_issuer_count;
    size_t crl_issuer_directory_names;
} xs_dist_point;

/* CRLDistributionPoints, also the syntax of freshestCRL. */
typedef struct {
    bool present;
    size_t ext;
    size_t count;
    xs_dist_point *items;
    size_t cap;
} xs_dist_points;

typedef enum {
    XS_AD_OTHER = 0,
    XS_AD_OCSP,           /* id-ad-ocsp */
    XS_AD_CA_ISSUERS,     /* id-ad-caIssuers */
    XS_AD_TIME_STAMPING,  /* id-ad-timeStamping */
    XS_AD_CA_REPOSITORY,  /* id-ad-caRepository */
} xs_access_method;

typedef struct {
    xs_der whole;               /* the AccessDescription element */
    xs_der method;              /* accessMethod contents */
    xs_access_method kind;
    uint8_t location_tag;       /* accessLocation's GeneralName CHOICE tag octet */
    xs_der location;            /* its contents */
    xs_location_kind location_kind;
} xs_access_desc;

/* AuthorityInfoAccessSyntax, also SubjectInfoAccessSyntax. */
typedef struct {
    bool present;
    size_t ext;
    size_t count;
    xs_access_desc *items;
    size_t cap;
} xs_info_access;

typedef struct {
    xs_der whole;               /* the Attribute element */
    xs_der type;                /* type OID contents */
    size_t value_count;
} xs_directory_attr;

typedef struct {
    bool present;
    size_t ext;
    size_t count;
    xs_directory_attr *items;
    size_t cap;
} xs_subject_dir_attrs;

typedef struct {
    bool present;
    size_t ext;
    bool is_null;               /* extnValue is exactly 05 00 */
} xs_ct_poison;

/* SignedCertificateTimestampList (RFC 6962 3.3), a TLS structure inside an
 * OCTET STRING. */
typedef struct {
    bool present;
    size_t ext;
    bool empty;                 /* no SCT: an empty OCTET STRING or list */
    size_t count;               /* SCTs read */
} xs_sct_list;

typedef struct {
    xs_cert_policies policies;
    xs_policy_mappings mappings;
    xs_policy_constraints constraints;
    xs_inhibit_any_policy inhibit_any;
    xs_dist_points crl_dp;
    xs_dist_points freshest_crl;
    xs_info_access aia;
    xs_info_access sia;
    xs_subject_dir_attrs sda;
    xs_ct_poison poison;
    xs_sct_list scts;
} xs_ext_policy;

struct xs_model;
void xs_ext_decode_certificate_policies(struct xs_model *m, size_t index);
void xs_ext_decode_policy_mappings(struct xs_model *m, size_t index);
void xs_ext_decode_policy_constraints(struct xs_model *m, size_t index);
void xs_ext_decode_inhibit_any_policy(struct xs_model *m, size_t index);
void xs_ext_decode_crl_distribution_points(struct xs_model *m, size_t index);
void xs_ext_decode_freshest_crl(struct xs_model *m, size_t index);
void xs_ext_decode_authority_info_access(struct xs_model *m, size_t index);
void xs_ext_decode_subject_info_access(struct xs_model *m, size_t index);
void xs_ext_decode_subject_directory_attributes(struct xs_model *m, size_t index);
void xs_ext_decode_ct_precert_poison(struct xs_model *m, size_t index);
void xs_ext_decode_ct_sct_list(struct xs_model *m, size_t index);
void xs_ext_policy_cleanup(xs_ext_policy *p);

#endif /* XS_EXT_POLICY_H */
