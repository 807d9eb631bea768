/*
 * cases_chains.c: path validation across certificates, each case with its
 * own trust store: path length, name constraints, partial-chain anchors
 * (an intermediate or the leaf trusted directly), cross-signed roots,
 * expired and not-yet-valid certificates, wrong purpose, host and IP
 * mismatch, trusted-first chain building hiding a bad root or a bad
 * intermediate, chains that cannot be built.
 */
#include <string.h>

#include "gen.h"

#define CH(n) .folder = "chains", .name = n

/* The old root (pre-5280: basicConstraints not critical) and the new one,
 * which the old one cross-signs. */
#define NEW_ROOT_NAME "C=US,O=x509strict corpus,CN=Corpus Root CA R2"
#define OLD_ROOT(...)                                                                            \
    ROOT(.subject = "C=US,O=x509strict corpus,CN=Corpus Legacy Root", .ext = "bc=ca",           \
         .nb = "2005-01-01", .na = "2035-01-01", __VA_ARGS__)
#define NEW_ROOT(...)                                                                            \
    {.id = "root2", .profile = P_ROOT, .subject = NEW_ROOT_NAME, __VA_ARGS__}
#define CROSS(...)                                                                               \
    {.id = "root2x", .profile = P_INT, .by = "root", .subject = NEW_ROOT_NAME, .key = "rsa2048-d", \
     .in = IN_CHAIN, __VA_ARGS__}

/* deep_chain: a leaf below 104 intermediates, longer than the policies'
 * max_depth (100). Ed25519 keeps the files small. */
static void deep_chain(gbuild *b)
{
    enum { DEPTH = 104 };
    gbuilt *certs = ga_alloc((DEPTH + 2) * sizeof(*certs));
    gcert root = {.id = "root", .profile = P_ROOT, .key = "ed25519-a",
                  .subject = "O=x509strict corpus,CN=Deep Root"};
    gen_build_spec(b, &root, NULL, &certs[0]);
    gbuf chain = {0}, trust = {0};
    gen_append_pem(&trust, "CERTIFICATE", certs[0].der, certs[0].der_len);
    for (int i = 1; i <= DEPTH; i++) {
        gcert *s = ga_alloc(sizeof(*s));
        s->id = ga_printf("int%d", i);
        s->profile = P_INT;
        s->by = i == 1 ? "root" : ga_printf("int%d", i - 1);
        s->key = "ed25519-b";
        s->subject = ga_printf("O=x509strict corpus,CN=Deep CA %d", i);
        gen_build_spec(b, s, &certs[i - 1], &certs[i]);
    }
    gcert leaf = {.id = "leaf", .profile = P_LEAF, .by = "int104", .key = "ed25519-c"};
    gen_build_spec(b, &leaf, &certs[DEPTH], &certs[DEPTH + 1]);
    gen_append_pem(&chain, "CERTIFICATE", certs[DEPTH + 1].der, certs[DEPTH + 1].der_len);
    for (int i = DEPTH; i >= 1; i--) {
        gen_append_pem(&chain, "CERTIFICATE", certs[i].der, certs[i].der_len);
    }
    gen_add_file(b, "chain.pem", chain.p, chain.len,
                 "the peer's chain, leaf first: leaf, int104 .. int1");
    gen_add_file(b, "trust.pem", trust.p, trust.len, "trust anchors: root");
    size_t klen;
    unsigned char *k = gen_key_pem(certs[DEPTH + 1].key, &klen);
    gen_add_file(b, "key.pem", k, klen, "the leaf's private key (for a TLS handshake)");
    gb_str(&b->recipe, certs[DEPTH + 1].recipe);
    gb_str(&b->recipe, "recipe: int104 .. int2: profile intermediate, key ed25519-b, each issued by the one above it (Ed25519), subject \"O=x509strict corpus,CN=Deep CA N\"\n");
    gb_str(&b->recipe, certs[1].recipe);
    gb_str(&b->recipe, certs[0].recipe);
}

static const gcase cases[] = {
    /* ---- path length -------------------------------------------------- */
    {CH("pathlen-exceeded-root"), .defect = "the root's pathLenConstraint 0 forbids the intermediate below it",
     .carries = "PATH_LENGTH_EXCEEDED", .carrier = "root (depth 2)",
     .certs = {LEAF(), INTER(), ROOT(.ext = "bc!=ca,pathlen:0")}},
    {CH("pathlen-exceeded-intermediate"), .defect = "the first intermediate's pathLenConstraint 0 forbids the second",
     .carries = "PATH_LENGTH_EXCEEDED", .carrier = "intermediate (depth 2)",
     .certs = {LEAF(.by = "int2"),
               {.id = "int2", .profile = P_INT, .by = "int", .in = IN_CHAIN,
                .subject = "C=US,O=x509strict corpus,CN=Corpus Issuing CA"},
               INTER(.ext = "bc!=ca,pathlen:0"), ROOT()}},
    {CH("pathlen-zero-issues-leaf"), .defect = "none: pathLenConstraint 0 on the intermediate that issues the leaf",
     .carries = "none", .carrier = "intermediate (depth 1)",
     .certs = {LEAF(), INTER(.ext = "bc!=ca,pathlen:0"), ROOT()}},
    {CH("chain-too-long"), .defect = "a four-certificate chain verified with max-depth 1",
     .carries = "CERT_CHAIN_TOO_LONG", .carrier = "the chain", .max_depth = 1,
     .certs = {LEAF(.by = "int2"),
               {.id = "int2", .profile = P_INT, .by = "int", .in = IN_CHAIN,
                .subject = "C=US,O=x509strict corpus,CN=Corpus Issuing CA"},
               INTER(), ROOT()}},
    {CH("deep-chain"), .defect = "a leaf below 104 intermediates, deeper than the policies' max_depth of 100",
     .carries = "CERT_CHAIN_TOO_LONG", .carrier = "the chain", .hook = deep_chain},

    /* ---- name constraints ------------------------------------------- */
    {CH("nc-dns-permitted-violation"), .defect = "the leaf's dNSName lies outside the intermediate's permitted subtree",
     .carries = "PERMITTED_VIOLATION", .carrier = "leaf (depth 0), constrained by the intermediate",
     .certs = {LEAF(), INTER(.ext = "nc!=permit:dns:example.org"), ROOT()}},
    {CH("nc-dns-excluded-violation"), .defect = "the leaf's dNSName lies inside the intermediate's excluded subtree",
     .carries = "EXCLUDED_VIOLATION", .carrier = "leaf (depth 0)",
     .certs = {LEAF(), INTER(.ext = "nc!=exclude:dns:example.com"), ROOT()}},
    {CH("nc-root-constrains"), .defect = "the root's own name constraints exclude the leaf's name (anchor constraints apply)",
     .carries = "EXCLUDED_VIOLATION", .carrier = "leaf (depth 0), constrained by the root",
     .certs = {LEAF(), INTER(), ROOT(.ext = "nc!=exclude:dns:www.example.com")}},
    {CH("nc-ip-permitted-violation"), .defect = "the leaf's iPAddress lies outside the permitted 10.0.0.0/8",
     .carries = "PERMITTED_VIOLATION", .carrier = "leaf (depth 0)", .host = "192.0.2.10",
     .certs = {LEAF(.subject = "CN=192.0.2.10", .ext = "san=ip:192.0.2.10"),
               INTER(.ext = "nc!=permit:ip:10.0.0.0/8"), ROOT()}},
    {CH("nc-email-excluded"), .defect = "the leaf's rfc822Name is in an excluded domain",
     .carries = "EXCLUDED_VIOLATION", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.ext = "san=dns:www.example.com,email:admin@example.net"),
               INTER(.ext = "nc!=exclude:email:example.net"), ROOT()}},
    {CH("nc-dirname-permitted-violation"), .defect = "the leaf's subject lies outside the permitted directoryName subtree",
     .carries = "PERMITTED_VIOLATION", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.subject = "O=Elsewhere,CN=www.example.com"),
               INTER(.ext = "nc!=permit:dn:/O=x509strict corpus"), ROOT()}},
    {CH("nc-cn-checked-as-dns"), .defect = "a leaf without SAN: OpenSSL checks its CN, a host name, against the dNSName constraints",
     .carries = "PERMITTED_VIOLATION", .carrier = "leaf (depth 0)", .host = "-",
     .certs = {LEAF(.ext = "-san"), INTER(.ext = "nc!=permit:dns:example.org"), ROOT()}},
    {CH("nc-smtputf8-mailbox-violation"), .defect = "an rfc822Name constraint and a leaf whose SmtpUTF8Mailbox otherName (RFC 8398) lies outside it",
     .carries = "PERMITTED_VIOLATION", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.ext = "san=dns:www.example.com,other:1.3.6.1.5.5.7.8.9:0c11616c696365406578616d706c652e6f7267"),
               INTER(.ext = "nc!=permit:email:example.com,permit:dns:example.com"), ROOT()}},
    {CH("nc-smtputf8-mailbox-not-utf8"), .defect = "an rfc822Name constraint and a leaf whose SmtpUTF8Mailbox otherName is an IA5String instead of a UTF8String",
     .carries = "UNSUPPORTED_NAME_SYNTAX", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.ext = "san=dns:www.example.com,other:1.3.6.1.5.5.7.8.9:1611616c696365406578616d706c652e636f6d"),
               INTER(.ext = "nc!=permit:email:example.com,permit:dns:example.com"), ROOT()}},
    {CH("nc-subject-email-not-ia5"), .defect = "rfc822Name constraints, and a leaf whose subject emailAddress is a UTF8String: OpenSSL cannot match it",
     .carries = "UNSUPPORTED_NAME_SYNTAX NAME_ATTRIBUTE_WRONG_STRING_TYPE", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.subject = "CN=www.example.com,emailAddress:utf8=alice@example.com"),
               INTER(.ext = "nc!=permit:email:example.com,permit:dns:example.com"), ROOT()}},
    {CH("nc-uri-without-host"), .defect = "URI constraints, and a leaf whose URI (a URN) has no host",
     .carries = "UNSUPPORTED_NAME_SYNTAX", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.ext = "san=dns:www.example.com,uri:urn:example:a"),
               INTER(.ext = "nc!=permit:uri:example.com,permit:dns:example.com"), ROOT()}},
    {CH("nc-minimum-maximum"), .defect = "the constraints give minimum 1 and a maximum, which OpenSSL does not support",
     .carries = "SUBTREE_MINMAX", .carrier = "intermediate (depth 1)",
     .certs = {LEAF(), INTER(.ext = "nc!=permit:dns:example.com,min:1,max:3"), ROOT()}},
    {CH("nc-unsupported-type"), .defect = "a registeredID constraint, and a leaf with a registeredID name",
     .carries = "UNSUPPORTED_CONSTRAINT_TYPE", .carrier = "intermediate (depth 1) and leaf (depth 0)",
     .certs = {LEAF(.ext = "san=dns:www.example.com,rid:1.2.3.4"),
               INTER(.ext = "nc!=permit:rid:1.2.3"), ROOT()}},
    {CH("nc-unsupported-name-syntax"), .defect = "an rfc822Name constraint, and a leaf whose rfc822Name has no '@'",
     .carries = "UNSUPPORTED_NAME_SYNTAX", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.ext = "san=dns:www.example.com,email:not-an-address"),
               INTER(.ext = "nc!=permit:email:example.com"), ROOT()}},
    {CH("nc-uri-constraint-with-scheme"), .defect = "a URI constraint written as a URI (scheme and path), not as the host name RFC 5280 asks for",
     .carries = "PERMITTED_VIOLATION NAME_CONSTRAINTS_URI_NOT_HOST", .carrier = "intermediate (depth 1)",
     .certs = {LEAF(.ext = "san=dns:www.example.com,uri:https://www.example.com/a"),
               INTER(.ext = "nc!=permit:uri:https://example.com/"), ROOT()}},

    /* ---- partial-chain anchors ---------------------------------------- */
    {CH("anchor-intermediate"), .defect = "only the intermediate is trusted (partial chain): Python 3.13 accepts, OpenSSL's default does not",
     .carries = "UNABLE_TO_GET_ISSUER_CERT CHAIN_PARTIAL_ANCHOR", .carrier = "intermediate (depth 1, the trust anchor)",
     .certs = {LEAF(), INTER(.in = IN_CHAIN | IN_TRUST), ROOT(.in = IN_NONE)}},
    {CH("anchor-intermediate-bc-not-critical"), .defect = "the directly trusted intermediate has a non-critical basicConstraints: strict checks apply to the anchor",
     .carries = "CA_BCONS_NOT_CRITICAL", .carrier = "intermediate (depth 1, the trust anchor)",
     .certs = {LEAF(), INTER(.in = IN_CHAIN | IN_TRUST, .ext = "bc=ca"), ROOT(.in = IN_NONE)}},
    {CH("anchor-intermediate-no-aki"), .defect = "the directly trusted intermediate has no AKI: the anchor needs none",
     .carries = "CHAIN_PARTIAL_ANCHOR", .carrier = "intermediate (depth 1, the trust anchor)",
     .certs = {LEAF(), INTER(.in = IN_CHAIN | IN_TRUST, .ext = "-aki"), ROOT(.in = IN_NONE)}},
    {CH("anchor-intermediate-not-sent"), .defect = "the server sends only its leaf; the intermediate is trusted directly",
     .carries = "CHAIN_PARTIAL_ANCHOR", .carrier = "intermediate (the trust anchor)",
     .certs = {LEAF(), INTER(.in = IN_TRUST), ROOT(.in = IN_NONE)}},
    {CH("anchor-leaf-pinned"), .defect = "the leaf itself is trusted (pinned), not self-signed",
     .carries = "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", .carrier = "leaf (depth 0, the trust anchor)",
     .certs = {LEAF(.in = IN_CHAIN | IN_TRUST), INTER(.in = IN_NONE), ROOT(.in = IN_NONE)}},
    {CH("anchor-leaf-pinned-no-aki"), .defect = "the pinned leaf has no AKI: a one-certificate chain skips the strict checks",
     .carries = "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", .carrier = "leaf (depth 0, the trust anchor)",
     .certs = {LEAF(.in = IN_CHAIN | IN_TRUST, .ext = "-aki"), INTER(.in = IN_NONE), ROOT(.in = IN_NONE)}},
    {CH("anchor-leaf-aux-trusted"), .defect = "the leaf is trusted through OpenSSL trust settings (TRUSTED CERTIFICATE, serverAuth), not self-signed",
     .carries = "UNABLE_TO_VERIFY_LEAF_SIGNATURE", .carrier = "leaf (depth 0, the trust anchor)",
     .certs = {LEAF(.in = IN_CHAIN | IN_TRUST, .aux = "trust:serverAuth"), INTER(.in = IN_NONE),
               ROOT(.in = IN_NONE)}},

    /* ---- cross-signed roots ------------------------------------------- */
    {CH("cross-signed-old-root-trusted"), .defect = "the peer sends the new root cross-signed by an old root (non-critical basicConstraints), the client trusts only the old root",
     .carries = "CA_BCONS_NOT_CRITICAL", .carrier = "old root (depth 3)",
     .note = "shape of the cross-signed public roots in leeguooooo/chatgpt-imagegen#20",
     .certs = {LEAF(), INTER(.by = "root2"), CROSS(), OLD_ROOT(), NEW_ROOT(.in = IN_NONE)}},
    {CH("cross-signed-new-root-trusted"), .defect = "the same chain, the client trusts the new root: trusted-first stops at it",
     .carries = "none", .carrier = "new root (depth 2)",
     .certs = {LEAF(), INTER(.by = "root2"), CROSS(), OLD_ROOT(.in = IN_NONE), NEW_ROOT(.in = IN_TRUST)}},
    {CH("cross-signed-both-trusted"), .defect = "the client trusts both roots: trusted-first picks the new root, the old one is never examined",
     .carries = "none", .carrier = "new root (depth 2)",
     .certs = {LEAF(), INTER(.by = "root2"), CROSS(), OLD_ROOT(), NEW_ROOT(.in = IN_TRUST)}},
    {CH("cross-signed-new-root-expired-cross"), .defect = "the cross-signature has expired; the old root is the only anchor",
     .carries = "CERT_HAS_EXPIRED", .carrier = "cross-signed root (depth 2)",
     .certs = {LEAF(), INTER(.by = "root2"), CROSS(.nb = "2015-01-01", .na = "2025-01-01"),
               OLD_ROOT(.ext = "bc!=ca"), NEW_ROOT(.in = IN_NONE)}},

    /* ---- trusted first ------------------------------------------------ */
    {CH("trusted-first-hides-bad-root"), .defect = "the store holds a bad root (non-critical basicConstraints) and its good intermediate: with partial chain the chain ends at the intermediate",
     .carries = "CA_BCONS_NOT_CRITICAL", .carrier = "root (depth 2), seen only without partial chain",
     .certs = {LEAF(), INTER(.in = IN_CHAIN | IN_TRUST), ROOT(.ext = "bc=ca")}},
    {CH("trusted-first-hides-bad-intermediate"), .defect = "the peer sends an intermediate with a non-critical basicConstraints, the store holds a good re-issue of it (same name and key): trusted-first uses the store's",
     .carries = "none", .carrier = "intermediate (depth 1)",
     .certs = {LEAF(), INTER(.ext = "bc=ca"),
               {.id = "int-good", .profile = P_INT, .by = "root", .in = IN_TRUST, .key = "rsa2048-b",
                .subject = "C=US,O=x509strict corpus,CN=Corpus Intermediate CA", .serial = "0a0b0c"},
               ROOT()}},

    /* ---- validity ------------------------------------------------------ */
    {CH("expired-leaf"), .defect = "the leaf expired on 2026-01-01",
     .carries = "CERT_HAS_EXPIRED", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.nb = "2025-01-01", .na = "2026-01-01"), INTER(), ROOT()}},
    {CH("expired-intermediate"), .defect = "the intermediate expired on 2026-01-01",
     .carries = "CERT_HAS_EXPIRED CHAIN_VALIDITY_NOT_NESTED", .carrier = "intermediate (depth 1)",
     .certs = {LEAF(), INTER(.nb = "2016-01-01", .na = "2026-01-01"), ROOT()}},
    {CH("expired-root"), .defect = "the root expired on 2025-05-12 (the anchor's validity is checked too)",
     .carries = "CERT_HAS_EXPIRED CHAIN_VALIDITY_NOT_NESTED", .carrier = "root (depth 2)",
     .note = "Baltimore CyberTrust Root's date",
     .certs = {LEAF(), INTER(), ROOT(.nb = "2000-05-12", .na = "2025-05-12T23:59:00")}},
    {CH("expired-everything"), .defect = "every certificate has expired by 2041-01-01, the verification time",
     .carries = "CERT_HAS_EXPIRED", .carrier = "every certificate", .at = "2041-01-01T00:00:00Z",
     .certs = {LEAF(), INTER(), ROOT()}},
    {CH("not-yet-valid-leaf"), .defect = "the leaf is valid from 2026-07-01, after the verification time",
     .carries = "CERT_NOT_YET_VALID", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.nb = "2026-07-01", .na = "2027-07-01"), INTER(), ROOT()}},
    {CH("not-yet-valid-intermediate"), .defect = "the intermediate is valid from 2026-07-01",
     .carries = "CERT_NOT_YET_VALID CHAIN_VALIDITY_NOT_NESTED", .carrier = "intermediate (depth 1)",
     .certs = {LEAF(), INTER(.nb = "2026-07-01"), ROOT()}},
    {CH("leaf-outlives-intermediate"), .defect = "the leaf's validity ends after the intermediate's (accepted; a notice)",
     .carries = "CHAIN_VALIDITY_NOT_NESTED", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.na = "2037-01-01"), INTER(), ROOT()}},
    {CH("verified-at-expiry-second"), .defect = "verified at the leaf's notAfter second itself: OpenSSL reports it expired, though RFC 5280 4.1.2.5 counts that second in",
     .carries = "CERT_HAS_EXPIRED", .carrier = "leaf (depth 0)", .at = "2030-01-01T00:00:00Z",
     .certs = {LEAF(), INTER(), ROOT()}},

    /* ---- purpose -------------------------------------------------------- */
    {CH("wrong-purpose-leaf-client-auth"), .defect = "the leaf's extendedKeyUsage is clientAuth only",
     .carries = "INVALID_PURPOSE", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.ext = "eku=clientAuth"), INTER(), ROOT()}},
    {CH("wrong-purpose-leaf-code-signing"), .defect = "the leaf's extendedKeyUsage is codeSigning only",
     .carries = "INVALID_PURPOSE", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.ext = "eku=codeSigning"), INTER(), ROOT()}},
    {CH("wrong-purpose-intermediate-eku"), .defect = "the intermediate's extendedKeyUsage allows clientAuth only",
     .carries = "INVALID_PURPOSE", .carrier = "intermediate (depth 1)",
     .certs = {LEAF(), INTER(.ext = "eku=clientAuth"), ROOT()}},
    {CH("wrong-purpose-root-eku"), .defect = "the root's extendedKeyUsage allows emailProtection only",
     .carries = "INVALID_PURPOSE", .carrier = "root (depth 2)",
     .certs = {LEAF(), INTER(), ROOT(.ext = "eku=emailProtection")}},
    {CH("wrong-purpose-verified-as-client"), .defect = "a server-only leaf verified for clientAuth",
     .carries = "INVALID_PURPOSE", .carrier = "leaf (depth 0)", .purpose = "clientAuth", .host = "-",
     .certs = {LEAF(), INTER(), ROOT()}},
    {CH("wrong-purpose-key-usage"), .defect = "the RSA leaf's keyUsage is dataEncipherment only: neither digitalSignature nor keyEncipherment, which TLS needs",
     .carries = "INVALID_PURPOSE", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.key = "rsa2048-c", .ext = "ku!=dataEncipherment"), INTER(), ROOT()}},
    {CH("eku-any-only"), .defect = "the leaf's extendedKeyUsage is anyExtendedKeyUsage only",
     .carries = "INVALID_PURPOSE", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.ext = "eku=any"), INTER(), ROOT()}},
    {CH("no-eku-leaf"), .defect = "none: a leaf without extendedKeyUsage may be used for any purpose",
     .carries = "none", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.ext = "-eku"), INTER(), ROOT()}},

    /* ---- host and IP ---------------------------------------------------- */
    {CH("hostname-mismatch"), .defect = "the leaf is for www.example.com, the client asks for www.example.net",
     .carries = "HOSTNAME_MISMATCH", .carrier = "leaf (depth 0)", .host = "www.example.net",
     .certs = {LEAF(.host = "www.example.com"), INTER(), ROOT()}},
    {CH("hostname-mismatch-strict-first"), .defect = "a host mismatch and a non-critical basicConstraints on the intermediate: Python names the strict error",
     .carries = "HOSTNAME_MISMATCH CA_BCONS_NOT_CRITICAL", .carrier = "leaf (depth 0) and intermediate (depth 1)",
     .host = "wrong.example",
     .certs = {LEAF(.host = "www.example.com"), INTER(.ext = "bc=ca"), ROOT()}},
    {CH("ip-mismatch"), .defect = "the leaf's iPAddress is 192.0.2.10, the client asks for 192.0.2.11",
     .carries = "IP_ADDRESS_MISMATCH", .carrier = "leaf (depth 0)", .host = "192.0.2.11",
     .certs = {LEAF(.subject = "CN=192.0.2.10", .ext = "san=ip:192.0.2.10"), INTER(), ROOT()}},
    {CH("ip-in-dns-san"), .defect = "the IP address is written as a dNSName, not an iPAddress",
     .carries = "IP_ADDRESS_MISMATCH ALT_NAME_DNS_IP_LITERAL", .carrier = "leaf (depth 0)", .host = "192.0.2.10",
     .certs = {LEAF(.subject = "CN=192.0.2.10", .ext = "san=dns:192.0.2.10"), INTER(), ROOT()}},
    {CH("wildcard-partial-label"), .defect = "a partial-label wildcard (w*.example.com), which Python does not match",
     .carries = "HOSTNAME_MISMATCH", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.ext = "san=dns:w*.example.com"), INTER(), ROOT()}},
    {CH("wildcard-two-labels"), .defect = "a wildcard matches one label only: *.example.com does not match a.b.example.com",
     .carries = "HOSTNAME_MISMATCH", .carrier = "leaf (depth 0)", .host = "a.b.example.com",
     .certs = {LEAF(.subject = "CN=*.example.com", .ext = "san=dns:*.example.com"), INTER(), ROOT()}},
    {CH("cn-only-no-san"), .defect = "none: the host is only in the subject CN (no SAN): OpenSSL falls back to the CN, as Python lets it (hostname_checks_common_name)",
     .carries = "none", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.ext = "-san"), INTER(), ROOT()}},

    /* ---- chains that cannot be built ------------------------------------ */
    {CH("missing-intermediate"), .defect = "the server does not send its intermediate",
     .carries = "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", .carrier = "leaf (depth 0)",
     .certs = {LEAF(), INTER(.in = IN_NONE), ROOT()}},
    {CH("self-signed-leaf-untrusted"), .defect = "a self-signed server certificate that is not trusted",
     .carries = "DEPTH_ZERO_SELF_SIGNED_CERT", .carrier = "leaf (depth 0)",
     .certs = {{.id = "leaf", .profile = P_LEAF, .in = IN_CHAIN, .key = "rsa2048-c"},
               ROOT(.in = IN_TRUST)}},
    {CH("self-signed-root-in-chain"), .defect = "the peer sends its root, which the client does not trust",
     .carries = "SELF_SIGNED_CERT_IN_CHAIN", .carrier = "root (depth 2)",
     .certs = {LEAF(), INTER(), ROOT(.in = IN_CHAIN),
               {.id = "other", .profile = P_ROOT, .in = IN_TRUST, .key = "rsa2048-e",
                .subject = "C=US,O=Elsewhere,CN=Unrelated Root"}}},
    {CH("wrong-root-trusted"), .defect = "the client trusts an unrelated root",
     .carries = "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", .carrier = "intermediate (depth 1)",
     .certs = {LEAF(), INTER(), ROOT(.in = IN_NONE),
               {.id = "other", .profile = P_ROOT, .in = IN_TRUST, .key = "rsa2048-e",
                .subject = "C=US,O=Elsewhere,CN=Unrelated Root"}}},
    {CH("cross-signed-loop"), .defect = "two CAs that have cross-signed each other, and no anchor for either: chain building goes round the loop",
     .carries = "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", .carrier = "the chain",
     .certs = {LEAF(.by = "ca-a"),
               {.id = "ca-a", .profile = P_INT, .by = "ca-b", .in = IN_CHAIN, .key = "rsa2048-e",
                .subject = "C=US,O=x509strict corpus,CN=Loop CA A"},
               {.id = "ca-b", .profile = P_INT, .by = "ca-a-self", .in = IN_CHAIN, .key = "rsa2048-f",
                .subject = "C=US,O=x509strict corpus,CN=Loop CA B"},
               {.id = "ca-a-self", .profile = P_ROOT, .in = IN_NONE, .key = "rsa2048-e",
                .subject = "C=US,O=x509strict corpus,CN=Loop CA A"},
               {.id = "other", .profile = P_ROOT, .in = IN_TRUST, .key = "rsa2048-g",
                .subject = "C=US,O=Elsewhere,CN=Unrelated Root"}}},
    {CH("chain-out-of-order"), .defect = "none: the peer sends root and intermediate in the wrong order, and the root too",
     .carries = "none", .carrier = "the chain",
     .certs = {LEAF(), ROOT(.in = IN_CHAIN | IN_TRUST), INTER()}},
    {CH("chain-with-unrelated-certificate"), .defect = "none: the peer's chain carries an unrelated certificate too",
     .carries = "none", .carrier = "the chain",
     .certs = {LEAF(), {.id = "other", .profile = P_LEAF, .by = "root", .in = IN_CHAIN, .key = "p256-b",
                        .host = "unrelated.example.com"},
               INTER(), ROOT()}},
    {CH("two-roots-same-name"), .defect = "none: two trusted roots share a name; the AKI picks the right key",
     .carries = "none", .carrier = "root (depth 2)",
     .certs = {LEAF(), INTER(), ROOT(),
               {.id = "twin", .profile = P_ROOT, .in = IN_TRUST, .key = "rsa2048-e",
                .subject = "C=US,O=x509strict corpus,CN=Corpus Root CA"}}},
    {CH("issuer-name-encoding-differs"), .defect = "the leaf's issuer name is PrintableString where the intermediate's subject is UTF8String (same text): OpenSSL matches them, RFC 5280 wants them identical",
     .carries = "CHAIN_ISSUER_NAME_NOT_IDENTICAL", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.issuer = "C=US,O:printable=x509strict corpus,CN:printable=Corpus Intermediate CA"),
               INTER(), ROOT()}},
    {CH("intermediate-not-ca"), .defect = "the intermediate's basicConstraints says cA FALSE",
     .carries = "INVALID_CA", .carrier = "intermediate (depth 1)",
     .certs = {LEAF(), INTER(.ext = "bc!="), ROOT()}},
    {CH("intermediate-no-key-cert-sign"), .defect = "the intermediate's keyUsage lacks keyCertSign",
     .carries = "INVALID_CA KEYUSAGE_NO_CERTSIGN", .carrier = "intermediate (depth 1)",
     .certs = {LEAF(), INTER(.ext = "ku!=digitalSignature,cRLSign"), ROOT()}},
    {CH("leaf-is-ca"), .defect = "none: the leaf is itself a CA (cA TRUE, keyCertSign) used as a server certificate",
     .carries = "none", .carrier = "leaf (depth 0)",
     .certs = {LEAF(.ext = "bc!=ca;ku!=digitalSignature,keyCertSign"), INTER(), ROOT()}},
};

GEN_LIST(gen_cases_chains, cases);
