/*
 * cases_name_constraints.c: nameConstraints (family name_constraints, RFC
 * 5280 4.2.1.10), on CA certificates linted alone.
 */
#include "gen.h"

#define NC(n) .folder = "malformed-name-constraints", .name = n, .mode = "lint"

static const gcase cases[] = {
    {NC("not-critical"), .defect = "nameConstraints is not critical",
     .carries = "NAME_CONSTRAINTS_NOT_CRITICAL", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "nc=permit:dns:example.com"), LINT_CA()}},
    {NC("in-non-ca"), .defect = "nameConstraints in an end-entity certificate",
     .carries = "NAME_CONSTRAINTS_IN_NON_CA", .carrier = "the certificate",
     .certs = {LINT(.ext = "nc!=permit:dns:example.com"), LINT_CA()}},
    {NC("empty"), .defect = "nameConstraints with neither permitted nor excluded subtrees",
     .carries = "NAME_CONSTRAINTS_EMPTY", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "nc!=hex:3000"), LINT_CA()}},
    {NC("subtrees-empty"), .defect = "permittedSubtrees present and empty",
     .carries = "NAME_CONSTRAINTS_SUBTREES_EMPTY", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "nc!=hex:3002a000"), LINT_CA()}},
    {NC("minimum-not-zero"), .defect = "a subtree with minimum 1",
     .carries = "NAME_CONSTRAINTS_MINIMUM_NOT_ZERO", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "nc!=permit:dns:example.com,min:1"), LINT_CA()}},
    {NC("maximum-present"), .defect = "a subtree with a maximum",
     .carries = "NAME_CONSTRAINTS_MAXIMUM_PRESENT", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "nc!=permit:dns:example.com,max:2"), LINT_CA()}},
    {NC("unsupported-form"), .defect = "a registeredID constraint, a form RFC 5280 gives no matching rule",
     .carries = "NAME_CONSTRAINTS_UNSUPPORTED_FORM", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "nc!=permit:rid:1.2.3.4"), LINT_CA()}},
    {NC("dns-bad-syntax"), .defect = "a dNSName constraint with a space",
     .carries = "NAME_CONSTRAINTS_DNS_NAME_BAD_SYNTAX", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "nc!=permit:dns:exa mple.com"), LINT_CA()}},
    {NC("dns-leading-period"), .defect = "a dNSName constraint with a leading period (a URI-style constraint)",
     .carries = "NAME_CONSTRAINTS_DNS_NAME_LEADING_PERIOD", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "nc!=permit:dns:.example.com"), LINT_CA()}},
    {NC("email-bad-syntax"), .defect = "an rfc822Name constraint with two '@'",
     .carries = "NAME_CONSTRAINTS_EMAIL_BAD_SYNTAX", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "nc!=permit:email:a@b@example.com"), LINT_CA()}},
    {NC("uri-not-host"), .defect = "a URI constraint written as a full URI",
     .carries = "NAME_CONSTRAINTS_URI_NOT_HOST", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "nc!=permit:uri:https://example.com/"), LINT_CA()}},
    {NC("ip-bad-length"), .defect = "an iPAddress constraint of 5 octets",
     .carries = "NAME_CONSTRAINTS_IP_BAD_LENGTH", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "nc!=permit:iphex:0a000000ff"), LINT_CA()}},
    {NC("ip-address-without-mask"), .defect = "an iPAddress constraint of 4 octets: an address without its mask",
     .carries = "NAME_CONSTRAINTS_IP_BAD_LENGTH", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "nc!=permit:ip:10.0.0.0"), LINT_CA()}},
    {NC("ip-mask-not-contiguous"), .defect = "an iPAddress constraint whose mask is 255.0.255.0",
     .carries = "NAME_CONSTRAINTS_IP_MASK_NOT_CONTIGUOUS", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "nc!=permit:iphex:0a000000ff00ff00"), LINT_CA()}},
};

GEN_LIST(gen_cases_name_constraints, cases);
