/*
 * cases_policy.c: certificatePolicies, policyMappings, policyConstraints
 * and inhibitAnyPolicy (family policy, RFC 5280 4.2.1.4, 4.2.1.5,
 * 4.2.1.11, 4.2.1.14).
 */
#include "gen.h"

#define POL(n) .folder = "malformed-policy", .name = n, .mode = "lint"

/* 201 characters: one more than DisplayText allows */
#define TEXT_201                                                                                 \
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" \
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" \
    "AAAAAAAAAAAAAAAAA"

static const gcase cases[] = {
    {POL("policies-empty"), .defect = "certificatePolicies with no policy",
     .carries = "CERT_POLICIES_EMPTY", .carrier = "the certificate",
     .certs = {LINT(.ext = "cp=hex:3000"), LINT_CA()}},
    {POL("policy-duplicate"), .defect = "the same policy OID twice",
     .carries = "CERT_POLICY_DUPLICATE", .carrier = "the certificate",
     .certs = {LINT(.ext = "cp=2.23.140.1.2.1,2.23.140.1.2.1"), LINT_CA()}},
    {POL("qualifiers-empty"), .defect = "policyQualifiers present and empty",
     .carries = "CERT_POLICY_QUALIFIERS_EMPTY", .carrier = "the certificate",
     .certs = {LINT(.ext = "cp=hex:3009300706032a03043000"), LINT_CA()}},
    {POL("qualifier-unknown"), .defect = "a policy qualifier that is neither CPS nor user notice",
     .carries = "CERT_POLICY_QUALIFIER_UNKNOWN", .carrier = "the certificate",
     .certs = {LINT(.ext = "cp=2.23.140.1.2.1|raw=300e06092b0601040183b203020c0178"), LINT_CA()}},
    {POL("any-policy-unknown-qualifier"), .defect = "anyPolicy with a qualifier other than CPS and user notice",
     .carries = "ANY_POLICY_QUALIFIER_NOT_ALLOWED", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "cp=any|raw=300e06092b0601040183b203020c0178"), LINT_CA()}},
    {POL("notice-reference"), .defect = "a user notice with a noticeRef, which RFC 5280 says not to use",
     .carries = "CERT_POLICY_NOTICE_REF_USED", .carrier = "the certificate",
     .certs = {LINT(.ext = "cp=1.3.6.1.4.1.55555.10|noticeref=Example Org"), LINT_CA()}},
    {POL("explicit-text-ia5"), .defect = "a user notice's explicitText is an IA5String",
     .carries = "EXPLICIT_TEXT_IA5_STRING", .carrier = "the certificate",
     .certs = {LINT(.ext = "cp=1.3.6.1.4.1.55555.10|notice-ia5=Use at your own risk"), LINT_CA()}},
    {POL("explicit-text-bmp"), .defect = "a user notice's explicitText is a BMPString, not UTF8String",
     .carries = "EXPLICIT_TEXT_NOT_UTF8", .carrier = "the certificate",
     .certs = {LINT(.ext = "cp=1.3.6.1.4.1.55555.10|notice-bmp=Use at your own risk"), LINT_CA()}},
    {POL("explicit-text-visible"), .defect = "a user notice's explicitText is a VisibleString, not UTF8String",
     .carries = "EXPLICIT_TEXT_NOT_UTF8", .carrier = "the certificate",
     .certs = {LINT(.ext = "cp=1.3.6.1.4.1.55555.10|notice-visible=Use at your own risk"), LINT_CA()}},
    {POL("explicit-text-control-character"), .defect = "a user notice's explicitText holds a line feed",
     .carries = "EXPLICIT_TEXT_CONTROL_CHARACTER", .carrier = "the certificate",
     .certs = {LINT(.ext = "cp=1.3.6.1.4.1.55555.10|notice=Line one\\x0aLine two"), LINT_CA()}},
    {POL("display-text-too-long"), .defect = "a user notice's explicitText of 201 characters",
     .carries = "DISPLAY_TEXT_LENGTH", .carrier = "the certificate",
     .certs = {LINT(.ext = "cp=1.3.6.1.4.1.55555.10|notice=" TEXT_201), LINT_CA()}},
    {POL("display-text-empty"), .defect = "a user notice's explicitText is empty",
     .carries = "DISPLAY_TEXT_LENGTH", .carrier = "the certificate",
     .certs = {LINT(.ext = "cp=1.3.6.1.4.1.55555.10|notice="), LINT_CA()}},
    {POL("display-text-bad-utf8"), .defect = "a user notice's UTF8String explicitText holds 0xFF",
     .carries = "DISPLAY_TEXT_BAD_ENCODING", .carrier = "the certificate",
     .certs = {LINT(.ext = "cp=1.3.6.1.4.1.55555.10|notice=caf\\xff"), LINT_CA()}},
    {POL("mappings-empty"), .defect = "policyMappings with no mapping",
     .carries = "POLICY_MAPPINGS_EMPTY", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "pm!=hex:3000"), LINT_CA()}},
    {POL("mapping-any-policy"), .defect = "a policy mapping from anyPolicy",
     .carries = "POLICY_MAPPING_ANY_POLICY", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "cp=any;pm!=any>1.3.6.1.4.1.55555.10"), LINT_CA()}},
    {POL("mappings-not-critical"), .defect = "policyMappings not critical",
     .carries = "POLICY_MAPPINGS_NOT_CRITICAL", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "cp=1.3.6.1.4.1.55555.10;pm=1.3.6.1.4.1.55555.10>1.3.6.1.4.1.55555.11"), LINT_CA()}},
    {POL("mapping-not-asserted"), .defect = "a mapping from a policy the certificate does not assert",
     .carries = "POLICY_MAPPING_NOT_ASSERTED", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "cp=1.3.6.1.4.1.55555.12;pm!=1.3.6.1.4.1.55555.10>1.3.6.1.4.1.55555.11"), LINT_CA()}},
    {POL("mappings-in-leaf"), .defect = "policyMappings in an end-entity certificate",
     .carries = "POLICY_MAPPINGS_IN_LEAF", .carrier = "the certificate",
     .certs = {LINT(.ext = "cp=1.3.6.1.4.1.55555.10;pm!=1.3.6.1.4.1.55555.10>1.3.6.1.4.1.55555.11"), LINT_CA()}},
    {POL("constraints-not-critical"), .defect = "policyConstraints not critical",
     .carries = "POLICY_CONSTRAINTS_NOT_CRITICAL", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "pc=require:0"), LINT_CA()}},
    {POL("constraints-empty"), .defect = "policyConstraints with neither field",
     .carries = "POLICY_CONSTRAINTS_EMPTY", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "pc!="), LINT_CA()}},
    {POL("constraints-negative"), .defect = "requireExplicitPolicy -1",
     .carries = "POLICY_CONSTRAINTS_NEGATIVE", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "pc!=require:-1"), LINT_CA()}},
    {POL("constraints-in-leaf"), .defect = "policyConstraints in an end-entity certificate",
     .carries = "POLICY_CONSTRAINTS_IN_LEAF", .carrier = "the certificate",
     .certs = {LINT(.ext = "pc!=require:0"), LINT_CA()}},
    {POL("inhibit-any-not-critical"), .defect = "inhibitAnyPolicy not critical",
     .carries = "INHIBIT_ANY_POLICY_NOT_CRITICAL", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "iap=0"), LINT_CA()}},
    {POL("inhibit-any-negative"), .defect = "inhibitAnyPolicy -1",
     .carries = "INHIBIT_ANY_POLICY_NEGATIVE", .carrier = "the CA certificate",
     .certs = {LINT_INT(.ext = "iap!=-1"), LINT_CA()}},
    {POL("inhibit-any-in-leaf"), .defect = "inhibitAnyPolicy in an end-entity certificate",
     .carries = "INHIBIT_ANY_POLICY_IN_LEAF", .carrier = "the certificate",
     .certs = {LINT(.ext = "iap!=0"), LINT_CA()}},
};

GEN_LIST(gen_cases_policy, cases);
