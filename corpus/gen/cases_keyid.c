/*
 * cases_keyid.c: key identifiers (family keyid, RFC 5280 4.2.1.1-2).
 */
#include "gen.h"

#define KID(n) .folder = "malformed-keyid", .name = n, .mode = "lint"

/* AKI with authorityCertIssuer (the corpus root's name) and no serial */
#define AKI_ISSUER_ONLY                                                                          \
    "3048a146a4443042310b3009060355040613025553311a3018060355040a0c117835303973747269637420636f" \
    "727075733117301506035504030c0e436f7270757320526f6f74204341"

static const gcase cases[] = {
    {KID("aki-issuer-without-serial"), .defect = "the AKI names the issuer's issuer without the issuer's serial",
     .carries = "AKI_ISSUER_SERIAL_NOT_PAIRED MISSING_AUTHORITY_KEY_IDENTIFIER", .carrier = "the certificate",
     .certs = {LINT(.ext = "aki=hex:" AKI_ISSUER_ONLY), LINT_CA()}},
    {KID("aki-serial-without-issuer"), .defect = "the AKI has a keyIdentifier and a serial number without authorityCertIssuer",
     .carries = "AKI_ISSUER_SERIAL_NOT_PAIRED", .carrier = "the certificate",
     .certs = {LINT(.ext = "aki=hex:301a8014000102030405060708090a0b0c0d0e0f1011121382020102"), LINT_CA()}},
    {KID("aki-key-id-empty"), .defect = "the AKI keyIdentifier is empty",
     .carries = "AKI_KEY_ID_EMPTY", .carrier = "the certificate",
     .certs = {LINT(.ext = "aki=keyid:"), LINT_CA()}},
    {KID("ski-empty"), .defect = "the subjectKeyIdentifier is an empty OCTET STRING",
     .carries = "SKI_EMPTY", .carrier = "the certificate",
     .certs = {LINT(.ext = "ski=keyid:"), LINT_CA()}},
    {KID("ski-missing-end-entity"), .defect = "an end-entity certificate without subjectKeyIdentifier",
     .carries = "SKI_MISSING_END_ENTITY", .carrier = "the certificate",
     .certs = {LINT(.ext = "-ski"), LINT_CA()}},
    {KID("ca-ski-missing"), .defect = "a CA certificate without subjectKeyIdentifier",
     .carries = "MISSING_SUBJECT_KEY_IDENTIFIER", .carrier = "the certificate",
     .certs = {LINT_INT(.ext = "-ski"), LINT_CA()}},
    {KID("aki-missing"), .defect = "a certificate below its root without authorityKeyIdentifier",
     .carries = "MISSING_AUTHORITY_KEY_IDENTIFIER", .carrier = "the certificate",
     .certs = {LINT(.ext = "-aki"), LINT_CA()}},
    {KID("self-issued-other-key-no-aki"), .defect = "a self-issued certificate (a key rollover) signed by the previous key, without AKI (linted with that issuer)",
     .carries = "AKI_KEY_ID_MISSING_NOT_SELF_SIGNED", .carrier = "the certificate (linted alone, it is the top)",
     .certs = {LINT_INT(.subject = "C=US,O=x509strict corpus,CN=Corpus Root CA", .key = "rsa2048-e",
                        .ext = "-aki"),
               LINT_CA(.in = IN_ISSUER)}},
    {KID("aki-key-id-mismatch"), .defect = "the AKI keyIdentifier is not the issuer's SKI (linted with the issuer)",
     .carries = "AKID_SKID_MISMATCH", .carrier = "the certificate",
     .certs = {LINT(.ext = "aki=keyid:0102030405060708090a0b0c0d0e0f1011121314"),
               LINT_CA(.in = IN_ISSUER)}},
};

GEN_LIST(gen_cases_keyid, cases);
