/*
 * cases_openssl.c: OpenSSL 3.0's verify errors, one chain each, for the
 * codes a TLS client can meet (strict codes 78-94 and the path-validation
 * codes). A few codes need verification flags no shipped policy sets (CRL
 * checking, policy checking, proxy certificates): those cases carry their
 * own policy (case.policy), judged besides the shipped ones.
 */
#include "gen.h"

#define OE(n) .folder = "openssl-errors", .name = n

/* sha256WithRSAEncryption without its NULL parameters */
#define SHA256_RSA_NO_NULL "300b06092a864886f70d01010b"

static const gcase cases[] = {
    /* ---- signatures ------------------------------------------------------ */
    {OE("leaf-bad-signature"), .defect = "the leaf's signature does not verify (one bit flipped)",
     .carries = "CERT_SIGNATURE_FAILURE", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.post = "flip@sig"), INTER(), ROOT()}},
    {OE("intermediate-bad-signature"), .defect = "the intermediate's signature does not verify",
     .carries = "CERT_SIGNATURE_FAILURE", .carrier = "intermediate (depth 1)",
     .certs = {LEAF(), INTER(.post = "flip@sig"), ROOT()}},
    {OE("root-bad-self-signature"), .defect = "the root's self-signature does not verify: never checked (accepted)",
     .carries = "none", .carrier = "root (depth 2)",
     .certs = {LEAF(), INTER(), ROOT(.post = "flip@sig")}},
    {OE("leaf-signed-by-other-key"), .defect = "the leaf (without AKI) names the intermediate as its issuer, but another key signed it",
     .carries = "CERT_SIGNATURE_FAILURE MISSING_AUTHORITY_KEY_IDENTIFIER", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.by = "fake", .ext = "-aki"), INTER(),
               {.id = "fake", .profile = P_INT, .by = "root", .in = IN_NONE, .key = "rsa2048-e",
                .subject = "C=US,O=x509strict corpus,CN=Corpus Intermediate CA"},
               ROOT()}},
    {OE("leaf-sigalg-inconsistent"), .defect = "the leaf's tbsCertificate.signature omits the NULL parameters that signatureAlgorithm has",
     .carries = "SIGNATURE_ALGORITHM_INCONSISTENCY CERT_SIGNATURE_FAILURE", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.edit = "set=" SHA256_RSA_NO_NULL "@tbs.sigalg"), INTER(), ROOT()}},
    {OE("root-sigalg-inconsistent"), .defect = "the root's two signature algorithm fields differ (the anchor's signature is not checked, strict mode still compares them)",
     .carries = "SIGNATURE_ALGORITHM_INCONSISTENCY", .carrier = "root (depth 2)",
     .certs = {LEAF(), INTER(), ROOT(.edit = "set=" SHA256_RSA_NO_NULL "@tbs.sigalg")}},
    {OE("leaf-unknown-signature-algorithm"), .defect = "the leaf's signature algorithm is an OID OpenSSL does not know",
     .carries = "UNABLE_TO_GET_ISSUER_CERT_LOCALLY SIGNATURE_ALGORITHM_UNRECOGNIZED", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.edit = "set=300d06092a864886f70d01016305 00@tbs.sigalg",
                    .post = "set=300d06092a864886f70d01016305 00@sigalg"),
               INTER(), ROOT()}},
    {OE("leaf-ecdsa-oid-under-rsa"), .defect = "the leaf claims an ECDSA signature, its issuer has an RSA key",
     .carries = "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.edit = "set=300a06082a8648ce3d040302@tbs.sigalg",
                    .post = "set=300a06082a8648ce3d040302@sigalg"),
               INTER(), ROOT()}},

    /* ---- strict checks (X509_V_FLAG_X509_STRICT) -------------------------- */
    {OE("leaf-unknown-critical-extension"), .defect = "the leaf has a critical extension nobody knows",
     .carries = "UNHANDLED_CRITICAL_EXTENSION", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.ext = "raw:1.3.6.1.4.1.55555.1.1!=hex:0500"), INTER(), ROOT()}},
    {OE("leaf-aki-critical"), .defect = "the leaf's authorityKeyIdentifier is marked critical",
     .carries = "UNHANDLED_CRITICAL_EXTENSION AUTHORITY_KEY_IDENTIFIER_CRITICAL", .carrier = "leaf (depth 0)",
     .note = "OpenSSL 3.0 reports 34 (AKI is not in its list of known critical extensions); 90 cannot fire in OpenSSL",
     .certs = {LEAF(.ext = "aki!"), INTER(), ROOT()}},
    {OE("root-ski-critical"), .defect = "the root's subjectKeyIdentifier is marked critical",
     .carries = "UNHANDLED_CRITICAL_EXTENSION SUBJECT_KEY_IDENTIFIER_CRITICAL", .carrier = "root (depth 2)",
     .certs = {LEAF(), INTER(), ROOT(.ext = "ski!")}},
    {OE("root-empty-names"), .defect = "the root's subject and issuer are empty; the intermediate's issuer is therefore empty too",
     .carries = "ISSUER_NAME_EMPTY SUBJECT_NAME_EMPTY", .carrier = "root (depth 2) and intermediate (depth 1)",
     .certs = {LEAF(), INTER(), ROOT(.subject = "")}},
    {OE("leaf-empty-subject-no-san"), .defect = "the leaf's subject is empty and it has no SAN (verified without a host)",
     .carries = "SUBJECT_NAME_EMPTY", .carrier = "leaf (depth 0)", .host = "-",
     .certs = {LEAF(.subject = "", .ext = "-san"), INTER(), ROOT()}},
    {OE("leaf-empty-subject-san-not-critical"), .defect = "the leaf's subject is empty and its SAN is not critical",
     .carries = "EMPTY_SUBJECT_SAN_NOT_CRITICAL", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.subject = ""), INTER(), ROOT()}},
    {OE("leaf-empty-subject-san-critical"), .defect = "none: the leaf's subject is empty and its SAN is critical, as RFC 5280 4.2.1.6 requires",
     .carries = "none", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.subject = "", .ext = "san!=dns:$HOST"), INTER(), ROOT()}},
    {OE("leaf-explicit-ec-parameters"), .defect = "the leaf's EC key carries explicit curve parameters (specifiedCurve)",
     .carries = "EC_KEY_EXPLICIT_PARAMS", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.key = "p256-a:explicit"), INTER(), ROOT()}},
    {OE("intermediate-explicit-ec-parameters"), .defect = "the intermediate's EC key carries explicit curve parameters",
     .carries = "EC_KEY_EXPLICIT_PARAMS", .carrier = "intermediate (depth 1)",
     .note = "ECDSA signatures are not deterministic: corpus_gen keeps the committed ones while the TBSCertificate is unchanged",
     .certs = {LEAF(), INTER(.key = "p256-c:explicit"), ROOT()}},
    {OE("leaf-no-bc-key-cert-sign"), .defect = "the leaf has no basicConstraints and asserts keyCertSign: OpenSSL takes it for a CA",
     .carries = "INVALID_CA KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.ext = "-bc;ku!=digitalSignature,keyCertSign"), INTER(), ROOT()}},
    {OE("leaf-netscape-ssl-ca"), .defect = "the leaf has no basicConstraints and nsCertType sslCA",
     .carries = "INVALID_CA", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.ext = "-bc;-ku;nsct=server,sslCA"), INTER(), ROOT()}},
    {OE("leaf-proxy-certificate"), .defect = "the leaf is an RFC 3820 proxy certificate (proxyCertInfo)",
     .carries = "PROXY_CERTIFICATES_NOT_ALLOWED", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.ext = "proxy!=inherit"), INTER(), ROOT()}},
    {OE("leaf-bad-not-before"), .defect = "the leaf's notBefore is a UTCTime with month 13",
     .carries = "ERROR_IN_CERT_NOT_BEFORE_FIELD", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.nb = "utc:251301000000Z"), INTER(), ROOT()}},
    {OE("leaf-bad-not-after"), .defect = "the leaf's notAfter is a UTCTime with day 32",
     .carries = "ERROR_IN_CERT_NOT_AFTER_FIELD", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.na = "utc:300132000000Z"), INTER(), ROOT()}},

    /* ---- RFC 3779 ------------------------------------------------------- */
    {OE("leaf-ip-resources-not-nested"), .defect = "the leaf claims IP address resources (RFC 3779) its issuers do not hold",
     .carries = "UNNESTED_RESOURCE", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.ext = "ipaddr!=v4:10.0.0.0/8"), INTER(), ROOT()}},
    {OE("ip-resources-nested"), .defect = "none: every certificate holds IP resources (critical, as RFC 3779 requires), each inside its issuer's",
     .carries = "none", .carrier = "every certificate",
     .certs = {LEAF(.ext = "ipaddr!=v4:10.1.0.0/16"), INTER(.ext = "ipaddr!=v4:10.0.0.0/8"),
               ROOT(.ext = "ipaddr!=v4:10.0.0.0/8")}},

    /* ---- trust settings ------------------------------------------------- */
    {OE("root-rejected-for-server-auth"), .defect = "the store's root carries OpenSSL trust settings that reject serverAuth",
     .carries = "CERT_REJECTED", .carrier = "root (depth 2)",
     .certs = {LEAF(), INTER(), ROOT(.aux = "reject:serverAuth")}},
    {OE("root-trusted-for-email-only"), .defect = "the store's root is trusted (trust settings) for emailProtection only: OpenSSL 3.0 rejects it for serverAuth",
     .carries = "CERT_REJECTED INVALID_PURPOSE", .carrier = "root (depth 2)",
     .certs = {LEAF(), INTER(), ROOT(.aux = "trust:emailProtection")}},

    /* ---- flags no shipped policy sets (case.policy) -------------------- */
    {OE("crl-check-without-crl"), .defect = "CRL checking is on and no CRL is available",
     .carries = "UNABLE_TO_GET_CRL", .carrier = "leaf (depth 0)",
     .policy = "# CRL checking of the leaf (X509_V_FLAG_CRL_CHECK); no CRL is given\n"
               "inherit   python-3.13\nname      case-crl-check\nflag      crl_check on\n",
     .certs = {LEAF(), INTER(), ROOT()}},
    {OE("explicit-policy-none"), .defect = "an explicit certificate policy is required and no certificate asserts one",
     .carries = "NO_EXPLICIT_POLICY", .carrier = "the chain",
     .policy = "# RFC 5280 6.1 policy processing with an explicit policy required\n"
               "inherit   python-3.13\nname      case-explicit-policy\n"
               "flag      policy_check on\nflag      explicit_policy on\n",
     .certs = {LEAF(), INTER(), ROOT()}},
    {OE("policy-duplicate-oid"), .defect = "the intermediate's certificatePolicies lists the same policy twice (policy checking on)",
     .carries = "INVALID_POLICY_EXTENSION CERT_POLICY_DUPLICATE", .carrier = "intermediate (depth 1)",
     .policy = "# RFC 5280 6.1 policy processing\n"
               "inherit   python-3.13\nname      case-policy-check\nflag      policy_check on\n",
     .certs = {LEAF(.ext = "cp=2.23.140.1.2.1"), INTER(.ext = "cp=2.23.140.1.2.1,2.23.140.1.2.1"), ROOT()}},
    {OE("proxy-allowed-path-length"), .defect = "proxy certificates allowed: the first proxy's pathLenConstraint 0 forbids the second",
     .carries = "PROXY_PATH_LENGTH_EXCEEDED", .carrier = "proxy (depth 1)",
     .policy = "# RFC 3820 proxy certificates allowed\n"
               "inherit   python-3.13\nname      case-proxy\nflag      allow_proxy_certs on\n",
     .certs = {{.id = "proxy2", .profile = P_LEAF, .by = "proxy1", .in = IN_CHAIN, .key = "p256-c",
                .subject = "CN=alice,CN=proxy1,CN=proxy2", .ext = "-bc;-san;eku=clientAuth;proxy!=inherit"},
               {.id = "proxy1", .profile = P_LEAF, .by = "user", .in = IN_CHAIN, .key = "p256-b",
                .subject = "CN=alice,CN=proxy1", .ext = "-bc;-san;eku=clientAuth;proxy!=pathlen:0"},
               {.id = "user", .profile = P_LEAF, .by = "int", .in = IN_CHAIN, .key = "p256-a",
                .subject = "CN=alice", .ext = "eku=clientAuth;san=email:alice@example.com"},
               INTER(), ROOT()},
     .purpose = "clientAuth", .host = "-"},
    {OE("proxy-allowed-subject-violation"), .defect = "proxy certificates allowed: the proxy's subject is not its issuer's plus one CN",
     .carries = "PROXY_SUBJECT_NAME_VIOLATION", .carrier = "proxy (depth 0)",
     .policy = "# RFC 3820 proxy certificates allowed\n"
               "inherit   python-3.13\nname      case-proxy\nflag      allow_proxy_certs on\n",
     .certs = {{.id = "proxy", .profile = P_LEAF, .by = "user", .in = IN_CHAIN, .key = "p256-b",
                .subject = "CN=mallory,CN=proxy", .ext = "-bc;-san;eku=clientAuth;proxy!=inherit"},
               {.id = "user", .profile = P_LEAF, .by = "int", .in = IN_CHAIN, .key = "p256-a",
                .subject = "CN=alice", .ext = "eku=clientAuth;san=email:alice@example.com"},
               INTER(), ROOT()},
     .purpose = "clientAuth", .host = "-"},
    {OE("proxy-allowed-issuer-no-digital-signature"), .defect = "proxy certificates allowed: the proxy's issuer has no digitalSignature in its keyUsage",
     .carries = "KEYUSAGE_NO_DIGITAL_SIGNATURE", .carrier = "end entity (depth 1)",
     .policy = "# RFC 3820 proxy certificates allowed\n"
               "inherit   python-3.13\nname      case-proxy\nflag      allow_proxy_certs on\n",
     .certs = {{.id = "proxy", .profile = P_LEAF, .by = "user", .in = IN_CHAIN, .key = "p256-b",
                .subject = "CN=alice,CN=proxy", .ext = "-bc;-san;eku=clientAuth;proxy!=inherit"},
               {.id = "user", .profile = P_LEAF, .by = "int", .in = IN_CHAIN, .key = "p256-a",
                .subject = "CN=alice", .ext = "ku!=keyAgreement;eku=clientAuth;san=email:alice@example.com"},
               INTER(), ROOT()},
     .purpose = "clientAuth", .host = "-"},
    {OE("proxy-allowed-issued-by-ca"), .defect = "proxy certificates allowed: a proxy certificate issued directly by a CA, not by an end entity",
     .carries = "INVALID_NON_CA", .carrier = "intermediate (depth 1), the proxy's issuer",
     .policy = "# RFC 3820 proxy certificates allowed\n"
               "inherit   python-3.13\nname      case-proxy\nflag      allow_proxy_certs on\n",
     .certs = {{.id = "proxy", .profile = P_LEAF, .by = "int", .in = IN_CHAIN, .key = "p256-b",
                .subject = "C=US,O=x509strict corpus,CN=Corpus Intermediate CA,CN=proxy",
                .ext = "-bc;-san;eku=clientAuth;proxy!=inherit"},
               INTER(), ROOT()},
     .purpose = "clientAuth", .host = "-"},
};

GEN_LIST(gen_cases_openssl, cases);
