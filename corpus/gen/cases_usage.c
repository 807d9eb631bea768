/*
 * cases_usage.c: keyUsage, extendedKeyUsage, basicConstraints and
 * nsCertType (family usage, and the strict OpenSSL rows about them).
 */
#include "gen.h"

#define USE(n) .folder = "malformed-usage", .name = n, .mode = "lint"

static const gcase cases[] = {
    {USE("ku-no-bits"), .defect = "keyUsage with no bit set",
     .carries = "KU_NO_BITS_SET", .carrier = "the certificate",
     .certs = {LINT(.ext = "ku!="), LINT_CA()}},
    {USE("ku-unknown-bit"), .defect = "keyUsage sets bit 9, which RFC 5280 does not define",
     .carries = "KU_UNKNOWN_BITS", .carrier = "the certificate",
     .certs = {LINT(.ext = "ku!=digitalSignature,bit:9"), LINT_CA()}},
    {USE("ku-not-critical"), .defect = "keyUsage is not critical",
     .carries = "KU_NOT_CRITICAL", .carrier = "the certificate",
     .certs = {LINT(.ext = "ku=digitalSignature"), LINT_CA()}},
    {USE("ku-encipher-only-without-key-agreement"), .defect = "keyUsage sets encipherOnly without keyAgreement",
     .carries = "KU_ONLY_BIT_WITHOUT_KEY_AGREEMENT", .carrier = "the certificate",
     .certs = {LINT(.ext = "ku!=digitalSignature,encipherOnly"), LINT_CA()}},
    {USE("ku-ca-without-key-cert-sign"), .defect = "a CA whose keyUsage lacks keyCertSign",
     .carries = "KU_CA_WITHOUT_KEY_CERT_SIGN", .carrier = "the certificate",
     .certs = {LINT_INT(.ext = "ku!=digitalSignature,cRLSign"), LINT_CA()}},
    {USE("pathlen-negative"), .defect = "a CA's pathLenConstraint is -1",
     .carries = "PATHLEN_NEGATIVE", .carrier = "the certificate",
     .certs = {LINT_INT(.ext = "bc!=ca,pathlen:-1"), LINT_CA()}},
    {USE("pathlen-on-non-ca"), .defect = "a pathLenConstraint on a certificate that is not a CA",
     .carries = "PATHLEN_INVALID_FOR_NON_CA", .carrier = "the certificate",
     .certs = {LINT(.ext = "bc!=pathlen:2"), LINT_CA()}},
    {USE("ca-bc-not-critical"), .defect = "a CA whose basicConstraints is not critical",
     .carries = "CA_BCONS_NOT_CRITICAL", .carrier = "the certificate",
     .certs = {LINT_INT(.ext = "bc=ca"), LINT_CA()}},
    {USE("ca-no-key-usage"), .defect = "a CA without keyUsage",
     .carries = "CA_CERT_MISSING_KEY_USAGE", .carrier = "the certificate",
     .certs = {LINT_INT(.ext = "-ku"), LINT_CA()}},
    {USE("ca-pathlen-no-key-cert-sign"), .defect = "a CA with a pathLenConstraint and keyUsage cRLSign only",
     .carries = "PATHLEN_WITHOUT_KU_KEY_CERT_SIGN KU_CA_WITHOUT_KEY_CERT_SIGN", .carrier = "the certificate",
     .certs = {LINT_INT(.ext = "bc!=ca,pathlen:0;ku!=cRLSign"), LINT_CA()}},
    {USE("leaf-key-cert-sign"), .defect = "an end-entity certificate asserting keyCertSign",
     .carries = "KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA", .carrier = "the certificate",
     .certs = {LINT(.ext = "ku!=digitalSignature,keyCertSign"), LINT_CA()}},
    {USE("eku-empty"), .defect = "extendedKeyUsage with no purpose",
     .carries = "EKU_EMPTY", .carrier = "the certificate",
     .certs = {LINT(.ext = "eku=hex:3000"), LINT_CA()}},
    {USE("eku-any-critical"), .defect = "a critical extendedKeyUsage holding anyExtendedKeyUsage",
     .carries = "EKU_ANY_CRITICAL", .carrier = "the certificate",
     .certs = {LINT(.ext = "eku!=serverAuth,any"), LINT_CA()}},
    {USE("eku-purpose-repeated"), .defect = "extendedKeyUsage lists serverAuth twice",
     .carries = "EKU_PURPOSE_REPEATED", .carrier = "the certificate",
     .certs = {LINT(.ext = "eku=serverAuth,clientAuth,serverAuth"), LINT_CA()}},
    {USE("ku-eku-no-common-purpose"), .defect = "keyUsage dataEncipherment only with extendedKeyUsage serverAuth: no purpose is usable",
     .carries = "KU_EKU_NO_COMMON_PURPOSE", .carrier = "the certificate",
     .certs = {LINT(.key = "rsa2048-c", .ext = "ku!=dataEncipherment"), LINT_CA()}},
    {USE("ku-eku-purpose-inconsistent"), .defect = "extendedKeyUsage serverAuth and codeSigning, keyUsage keyEncipherment only: codeSigning is not usable",
     .carries = "KU_EKU_PURPOSE_INCONSISTENT", .carrier = "the certificate",
     .certs = {LINT(.key = "rsa2048-c", .ext = "ku!=keyEncipherment;eku=serverAuth,codeSigning"), LINT_CA()}},
    {USE("ns-cert-type"), .defect = "Netscape's nsCertType extension",
     .carries = "NS_CERT_TYPE_PRESENT", .carrier = "the certificate",
     .certs = {LINT(.ext = "nsct=server,client"), LINT_CA()}},
};

GEN_LIST(gen_cases_usage, cases);
