/*
 * cases_access.c: CRL distribution points, freshest CRL, authority and
 * subject information access, subject directory attributes, Certificate
 * Transparency (family access).
 */
#include "gen.h"

#define ACC(n) .folder = "malformed-access", .name = n, .mode = "lint"

#define CRL_URI "uri:http://crl.example.com/a.crl"
/* DistributionPoint values (DER, from the structures of RFC 5280 4.2.1.13) */
#define DP_NOTHING "30023000"
#define DP_FULLNAME_EMPTY "30063004a002a000"
#define DP_RELATIVE "30133011a00fa10d300b06035504030c0443524c31"
#define DP_RELATIVE_TWO_ISSUERS                                                                  \
    "304b3049a00fa10d300b06035504030c0443524c31a236a41930173115301306035504030c0c43524c20497373" \
    "7565722041a41930173115301306035504030c0c43524c204973737565722042"
#define DP_CRL_ISSUER_URI                                                                        \
    "30423040a020a01e861c687474703a2f2f63726c2e6578616d706c652e636f6d2f612e63726ca21c861a687474" \
    "703a2f2f6973737565722e6578616d706c652e636f6d2f"
#define DP_REASONS_KEY_COMPROMISE                                                                \
    "30283026a020a01e861c687474703a2f2f63726c2e6578616d706c652e636f6d2f612e63726c81020640"
#define DP_REASONS_UNUSED_BIT                                                                    \
    "30283026a020a01e861c687474703a2f2f63726c2e6578616d706c652e636f6d2f612e63726c81020780"
/* SubjectDirectoryAttributes: dateOfBirth 1970-01-01, and one with no value */
#define SDA_DATE_OF_BIRTH "301f301d06082b060105050709013111180f31393730303130313030303030305a"
#define SDA_NO_VALUES "300e300c06082b060105050709013100"

static const gcase cases[] = {
    {ACC("crldp-critical"), .defect = "cRLDistributionPoints marked critical",
     .carries = "CRL_DISTRIBUTION_POINTS_CRITICAL", .carrier = "the certificate",
     .certs = {LINT(.ext = "crldp!=" CRL_URI), LINT_CA()}},
    {ACC("crldp-empty"), .defect = "cRLDistributionPoints with no distribution point",
     .carries = "CRL_DISTRIBUTION_POINTS_EMPTY", .carrier = "the certificate",
     .certs = {LINT(.ext = "crldp=hex:3000"), LINT_CA()}},
    {ACC("freshest-crl-critical"), .defect = "freshestCRL marked critical",
     .carries = "FRESHEST_CRL_CRITICAL", .carrier = "the certificate",
     .certs = {LINT(.ext = "freshest!=" CRL_URI), LINT_CA()}},
    {ACC("freshest-crl-empty"), .defect = "freshestCRL with no distribution point",
     .carries = "FRESHEST_CRL_EMPTY", .carrier = "the certificate",
     .certs = {LINT(.ext = "freshest=hex:3000"), LINT_CA()}},
    {ACC("dp-without-name-or-issuer"), .defect = "a distribution point with neither distributionPoint nor cRLIssuer",
     .carries = "DIST_POINT_WITHOUT_NAME_OR_ISSUER", .carrier = "the certificate",
     .certs = {LINT(.ext = "crldp=hex:" DP_NOTHING), LINT_CA()}},
    {ACC("dp-full-name-empty"), .defect = "a distribution point whose fullName holds no name",
     .carries = "DIST_POINT_GENERAL_NAMES_EMPTY", .carrier = "the certificate",
     .certs = {LINT(.ext = "crldp=hex:" DP_FULLNAME_EMPTY), LINT_CA()}},
    {ACC("dp-no-http-or-ldap"), .defect = "a distribution point reachable by FTP only",
     .carries = "DIST_POINT_NO_HTTP_OR_LDAP_URI", .carrier = "the certificate",
     .certs = {LINT(.ext = "crldp=uri:ftp://crl.example.com/a.crl"), LINT_CA()}},
    {ACC("dp-relative-name"), .defect = "a distribution point named relative to the CRL issuer",
     .carries = "DIST_POINT_RELATIVE_NAME", .carrier = "the certificate",
     .certs = {LINT(.ext = "crldp=hex:" DP_RELATIVE), LINT_CA()}},
    {ACC("dp-relative-name-two-issuers"), .defect = "a relative distribution point name beside a cRLIssuer of two names",
     .carries = "DIST_POINT_RELATIVE_NAME_MULTIPLE_ISSUERS DIST_POINT_CRL_ISSUER_NOT_ONE_DN", .carrier = "the certificate",
     .certs = {LINT(.ext = "crldp=hex:" DP_RELATIVE_TWO_ISSUERS), LINT_CA()}},
    {ACC("dp-crl-issuer-not-dn"), .defect = "a cRLIssuer that is a URI, not a distinguished name",
     .carries = "DIST_POINT_CRL_ISSUER_NOT_ONE_DN", .carrier = "the certificate",
     .certs = {LINT(.ext = "crldp=hex:" DP_CRL_ISSUER_URI), LINT_CA()}},
    {ACC("dp-segmented-by-reason"), .defect = "the only distribution point covers keyCompromise only",
     .carries = "DIST_POINT_SEGMENTED_BY_REASON CRL_DISTRIBUTION_POINTS_REASONS_INCOMPLETE", .carrier = "the certificate",
     .certs = {LINT(.ext = "crldp=hex:" DP_REASONS_KEY_COMPROMISE), LINT_CA()}},
    {ACC("dp-reasons-unused-bit"), .defect = "a distribution point's reasons assert only the unused bit 0",
     .carries = "DIST_POINT_REASONS_INVALID", .carrier = "the certificate",
     .certs = {LINT(.ext = "crldp=hex:" DP_REASONS_UNUSED_BIT), LINT_CA()}},
    {ACC("aia-critical"), .defect = "authorityInfoAccess marked critical",
     .carries = "AUTHORITY_INFO_ACCESS_CRITICAL", .carrier = "the certificate",
     .certs = {LINT(.ext = "aia!=ocsp:http://ocsp.example.com"), LINT_CA()}},
    {ACC("aia-empty"), .defect = "authorityInfoAccess with no access description",
     .carries = "AUTHORITY_INFO_ACCESS_EMPTY", .carrier = "the certificate",
     .certs = {LINT(.ext = "aia=hex:3000"), LINT_CA()}},
    {ACC("aia-ca-issuers-ftp"), .defect = "caIssuers reachable by FTP only",
     .carries = "AIA_CA_ISSUERS_NO_HTTP_OR_LDAP_URI", .carrier = "the certificate",
     .certs = {LINT(.ext = "aia=ca:ftp://ca.example.com/ca.crt"), LINT_CA()}},
    {ACC("aia-ocsp-ldap"), .defect = "an OCSP responder named by an LDAP URI",
     .carries = "AIA_OCSP_NOT_HTTP_URI", .carrier = "the certificate",
     .certs = {LINT(.ext = "aia=ocsp:ldap://ocsp.example.com/"), LINT_CA()}},
    {ACC("sia-critical"), .defect = "subjectInfoAccess marked critical",
     .carries = "SUBJECT_INFO_ACCESS_CRITICAL", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "sia!=repo:http://repo.example.com/"), LINT_CA()}},
    {ACC("sia-empty"), .defect = "subjectInfoAccess with no access description",
     .carries = "SUBJECT_INFO_ACCESS_EMPTY", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "sia=hex:3000"), LINT_CA()}},
    {ACC("sia-ca-repository-ftp"), .defect = "caRepository reachable by FTP only",
     .carries = "SIA_CA_REPOSITORY_NO_HTTP_OR_LDAP_URI", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "sia=repo:ftp://repo.example.com/"), LINT_CA()}},
    {ACC("sda-critical"), .defect = "subjectDirectoryAttributes marked critical",
     .carries = "SUBJECT_DIRECTORY_ATTRIBUTES_CRITICAL", .carrier = "the certificate",
     .certs = {LINT(.ext = "sda!=hex:" SDA_DATE_OF_BIRTH), LINT_CA()}},
    {ACC("sda-empty"), .defect = "subjectDirectoryAttributes with no attribute",
     .carries = "SUBJECT_DIRECTORY_ATTRIBUTES_EMPTY", .carrier = "the certificate",
     .certs = {LINT(.ext = "sda=hex:3000"), LINT_CA()}},
    {ACC("sda-attribute-no-values"), .defect = "a subject directory attribute with an empty SET of values",
     .carries = "SUBJECT_DIRECTORY_ATTRIBUTE_NO_VALUES", .carrier = "the certificate",
     .certs = {LINT(.ext = "sda=hex:" SDA_NO_VALUES), LINT_CA()}},
    {ACC("ct-poison-not-critical"), .defect = "the Certificate Transparency poison extension is not critical",
     .carries = "CT_POISON_NOT_CRITICAL", .carrier = "the certificate",
     .certs = {LINT(.ext = "ctpoison"), LINT_CA()}},
    {ACC("ct-poison-not-null"), .defect = "the poison extension's value is not NULL",
     .carries = "CT_POISON_NOT_NULL", .carrier = "the certificate",
     .certs = {LINT(.ext = "ctpoison!=hex:0400"), LINT_CA()}},
    {ACC("ct-precertificate-with-scts"), .defect = "a precertificate (poison) that carries an SCT list",
     .carries = "CT_PRECERT_HAS_SCT_LIST", .carrier = "the certificate",
     .certs = {LINT(.ext = "ctpoison!;sct=000500030a0b0c"), LINT_CA()}},
    {ACC("ct-sct-list-empty"), .defect = "an SCT list extension with no SCT",
     .carries = "CT_SCT_LIST_EMPTY", .carrier = "the certificate",
     .certs = {LINT(.ext = "sct=0000"), LINT_CA()}},
};

GEN_LIST(gen_cases_access, cases);
