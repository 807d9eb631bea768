/*
 * cases_tbs.c: the TBSCertificate fields that are neither names nor
 * extensions (family tbs): version, serial number, validity, unique
 * identifiers, the signature algorithm fields. Lint cases.
 */
#include "gen.h"

#define TBS(n) .folder = "malformed-tbs", .name = n, .mode = "lint"

static const gcase cases[] = {
    {TBS("version-unknown"), .defect = "the version is 4 ([0] INTEGER 3)",
     .carries = "VERSION_UNKNOWN", .carrier = "the certificate",
     .certs = {LINT(.edit = "set=a003020103@tbs.version"), LINT_CA()}},
    {TBS("version-2-without-unique-ids"), .defect = "a version 2 certificate with neither extensions nor unique identifiers",
     .carries = "VERSION_2_WITHOUT_UNIQUE_IDS", .carrier = "the certificate",
     .certs = {LINT(.profile = P_V1, .version = 2), LINT_CA()}},
    {TBS("serial-negative"), .defect = "the serial number is negative (-2)",
     .carries = "SERIAL_NUMBER_NOT_POSITIVE", .carrier = "the certificate",
     .certs = {LINT(.edit = "val=fe@tbs.serial"), LINT_CA()}},
    {TBS("serial-zero"), .defect = "the serial number is zero",
     .carries = "SERIAL_NUMBER_NOT_POSITIVE", .carrier = "the certificate",
     .certs = {LINT(.serial = "00"), LINT_CA()}},
    {TBS("serial-21-octets"), .defect = "the serial number has 21 octets",
     .carries = "SERIAL_NUMBER_TOO_LONG", .carrier = "the certificate",
     .certs = {LINT(.serial = "0102030405060708090a0b0c0d0e0f101112131415"), LINT_CA()}},
    {TBS("serial-20-octets-top-bit"), .defect = "a 20-octet serial number whose top bit is set: its encoding needs 21 octets",
     .carries = "SERIAL_NUMBER_TOO_LONG", .carrier = "the certificate",
     .certs = {LINT(.serial = "8102030405060708090a0b0c0d0e0f1011121314"), LINT_CA()}},
    {TBS("serial-20-octets"), .defect = "none: a 20-octet serial number with its top bit clear, the longest allowed",
     .carries = "none", .carrier = "the certificate",
     .certs = {LINT(.serial = "7102030405060708090a0b0c0d0e0f1011121314"), LINT_CA()}},
    {TBS("unique-id-present"), .defect = "a v3 certificate with an issuerUniqueID",
     .carries = "UNIQUE_ID_PRESENT", .carrier = "the certificate",
     .certs = {LINT(.edit = "after=8103004142@tbs.spki"), LINT_CA()}},
    {TBS("unique-ids-v2"), .defect = "a version 2 certificate with both unique identifiers (the one reason v2 exists)",
     .carries = "UNIQUE_ID_PRESENT", .carrier = "the certificate",
     .certs = {LINT(.profile = P_V1, .version = 2, .edit = "after=8203004142@tbs.spki;after=8103004142@tbs.spki"),
               LINT_CA()}},
    {TBS("unique-id-in-version-1"), .defect = "a version 1 certificate with a subjectUniqueID",
     .carries = "UNIQUE_ID_IN_VERSION_1", .carrier = "the certificate",
     .certs = {LINT(.profile = P_V1, .edit = "after=8203004142@tbs.spki"), LINT_CA()}},
    {TBS("generalized-time-before-2050"), .defect = "notBefore 2025 written as GeneralizedTime; RFC 5280 wants UTCTime before 2050",
     .carries = "VALIDITY_GENERALIZED_TIME_BEFORE_2050", .carrier = "the certificate",
     .certs = {LINT(.nb = "G:2025-01-01"), LINT_CA()}},
    {TBS("validity-period-negative"), .defect = "notAfter (2025) is before notBefore (2026)",
     .carries = "VALIDITY_PERIOD_NEGATIVE", .carrier = "the certificate",
     .certs = {LINT(.nb = "2026-01-01", .na = "2025-01-01"), LINT_CA()}},
    {TBS("utctime-without-seconds"), .defect = "notBefore is a UTCTime without seconds (YYMMDDHHMMZ), which DER forbids",
     .carries = "ERROR_IN_CERT_NOT_BEFORE_FIELD", .carrier = "the certificate",
     .certs = {LINT(.nb = "utc:2501010000Z"), LINT_CA()}},
    {TBS("utctime-with-offset"), .defect = "notAfter is a UTCTime with a +0100 offset instead of Z",
     .carries = "ERROR_IN_CERT_NOT_AFTER_FIELD", .carrier = "the certificate",
     .certs = {LINT(.na = "utc:300101000000+0100"), LINT_CA()}},
    {TBS("generalized-time-fraction"), .defect = "notAfter is a GeneralizedTime with fractional seconds",
     .carries = "ERROR_IN_CERT_NOT_AFTER_FIELD", .carrier = "the certificate",
     .certs = {LINT(.na = "gen:20500101000000.5Z"), LINT_CA()}},
    {TBS("signature-algorithms-differ"), .defect = "a CA's tbsCertificate.signature omits the NULL parameters that signatureAlgorithm has",
     .carries = "SIGNATURE_ALGORITHM_INCONSISTENCY SIGNATURE_RSA_PARAMETERS_NOT_NULL", .carrier = "the certificate",
     .note = "the rule's scope is CA certificates: for others OpenSSL's signature check reports it",
     .certs = {LINT_INT(.edit = "set=300b06092a864886f70d01010b@tbs.sigalg"), LINT_CA()}},
};

GEN_LIST(gen_cases_tbs, cases);
