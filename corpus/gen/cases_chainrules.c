/*
 * cases_chainrules.c: a certificate against its issuer (family chain, and
 * the OpenSSL rows it checks), linted with the issuer given (issuer.pem),
 * as `x509strict lint --issuer` does.
 */
#include "gen.h"

#define CR(n) .folder = "malformed-chain", .name = n, .mode = "lint"

static const gcase cases[] = {
    {CR("akid-skid-mismatch"), .defect = "the AKI keyIdentifier is not the issuer's SKI",
     .carries = "AKID_SKID_MISMATCH", .carrier = "the certificate",
     .certs = {LINT(.ext = "aki=keyid:00112233445566778899aabbccddeeff00112233"),
               LINT_CA(.in = IN_ISSUER)}},
    {CR("issuer-no-key-cert-sign"), .defect = "the issuer's keyUsage lacks keyCertSign",
     .carries = "KEYUSAGE_NO_CERTSIGN", .carrier = "the issuer",
     .certs = {LINT(), LINT_CA(.in = IN_ISSUER, .ext = "ku!=digitalSignature,cRLSign")}},
    {CR("issuer-name-encoding-differs"), .defect = "the issuer field is PrintableString where the issuer's subject is UTF8String (same text)",
     .carries = "CHAIN_ISSUER_NAME_NOT_IDENTICAL", .carrier = "the certificate",
     .certs = {LINT(.issuer = "C=US,O:printable=x509strict corpus,CN:printable=Corpus Root CA"),
               LINT_CA(.in = IN_ISSUER)}},
    {CR("validity-not-nested"), .defect = "the certificate's validity starts before its issuer's",
     .carries = "CHAIN_VALIDITY_NOT_NESTED", .carrier = "the certificate",
     .certs = {LINT(.nb = "2019-01-01"), LINT_CA(.in = IN_ISSUER)}},
    {CR("signature-algorithm-mismatch"), .defect = "the certificate claims an ECDSA signature, its issuer has an RSA key",
     .carries = "SIGNATURE_ALGORITHM_MISMATCH", .carrier = "the certificate",
     .certs = {LINT(.edit = "set=300a06082a8648ce3d040302@tbs.sigalg",
                    .post = "set=300a06082a8648ce3d040302@sigalg"),
               LINT_CA(.in = IN_ISSUER)}},
    {CR("clean-with-issuer"), .defect = "none: a good certificate linted with its issuer",
     .carries = "none", .carrier = "the certificate",
     .certs = {LINT(), LINT_CA(.in = IN_ISSUER)}},
};

GEN_LIST(gen_cases_chainrules, cases);
