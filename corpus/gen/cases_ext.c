/*
 * cases_ext.c: the extension list as a whole (family ext and the OpenSSL
 * rows it checks): duplicates, an empty list, extensions in v1/v2,
 * unknown critical extensions, known extensions that do not decode.
 */
#include "gen.h"

#define EXT(n) .folder = "malformed-ext", .name = n, .mode = "lint"

static const gcase cases[] = {
    {EXT("duplicate-extension"), .defect = "basicConstraints appears twice",
     .carries = "EXT_DUPLICATE", .carrier = "the certificate",
     .certs = {LINT(.edit = "dup@tbs.bc"), LINT_CA()}},
    {EXT("duplicate-san"), .defect = "subjectAltName appears twice, with different names",
     .carries = "EXT_DUPLICATE", .carrier = "the certificate",
     .certs = {LINT(.ext = "rawext=301a0603551d1104133011820f7777772e6578616d706c652e6f7267"), LINT_CA()}},
    {EXT("extension-list-empty"), .defect = "the extensions field is present with no extension in it",
     .carries = "EXT_LIST_EMPTY", .carrier = "the certificate",
     .certs = {LINT(.profile = P_BARE, .edit = "add=a3023000@tbs"), LINT_CA()}},
    {EXT("extensions-in-version-1"), .defect = "a version 1 certificate with extensions",
     .carries = "EXTENSIONS_REQUIRE_VERSION_3", .carrier = "the certificate",
     .certs = {LINT(.version = 1), LINT_CA()}},
    {EXT("unknown-critical-extension"), .defect = "a critical extension with a private OID",
     .carries = "UNHANDLED_CRITICAL_EXTENSION", .carrier = "the certificate",
     .certs = {LINT(.ext = "raw:1.3.6.1.4.1.55555.1.1!=hex:0500"), LINT_CA()}},
    {EXT("unknown-non-critical-extension"), .defect = "none: a non-critical extension with a private OID may be ignored",
     .carries = "none", .carrier = "the certificate",
     .certs = {LINT(.ext = "raw:1.3.6.1.4.1.55555.1.1=hex:0c0568656c6c6f"), LINT_CA()}},
    {EXT("invalid-basic-constraints"), .defect = "basicConstraints' value is a NULL, not a BasicConstraints SEQUENCE",
     .carries = "INVALID_EXTENSION", .carrier = "the certificate",
     .certs = {LINT(.ext = "bc!=hex:0500"), LINT_CA()}},
    {EXT("invalid-key-usage"), .defect = "keyUsage's value is an INTEGER, not a BIT STRING",
     .carries = "INVALID_EXTENSION", .carrier = "the certificate",
     .certs = {LINT(.ext = "ku!=hex:020101"), LINT_CA()}},
    {EXT("invalid-san-not-der"), .defect = "subjectAltName's value is not DER at all",
     .carries = "INVALID_EXTENSION", .carrier = "the certificate",
     .certs = {LINT(.ext = "san=hex:ffff"), LINT_CA()}},
    {EXT("aki-critical"), .defect = "authorityKeyIdentifier marked critical",
     .carries = "AUTHORITY_KEY_IDENTIFIER_CRITICAL", .carrier = "the certificate",
     .certs = {LINT(.ext = "aki!"), LINT_CA()}},
    {EXT("ski-critical"), .defect = "subjectKeyIdentifier marked critical",
     .carries = "SUBJECT_KEY_IDENTIFIER_CRITICAL", .carrier = "the certificate",
     .certs = {LINT(.ext = "ski!"), LINT_CA()}},
};

GEN_LIST(gen_cases_ext, cases);
