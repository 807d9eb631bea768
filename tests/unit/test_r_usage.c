/*
 * test_r_usage.c: the keyUsage, basicConstraints, extKeyUsage and
 * nsCertType rules (rules/r_usage.c) and their decoders. Each rule fires on
 * a certificate made to break it and stays silent on one that keeps it.
 *
 * The OpenSSL rows this family and the keyid family emit are also compared
 * with OpenSSL 3.0 itself: chains are verified with X509_V_FLAG_X509_STRICT,
 * every error OpenSSL reports is collected, and the checks, run on each
 * certificate of the chain OpenSSL built, must report the same codes at the
 * same depths.
 */
#include <check.h>
#include <openssl/x509_vfy.h>
#include <stdlib.h>
#include <string.h>

#include "cert/model.h"
#include "certgen.h"
#include "lint.h"
#include "xt_check.h"
#include "xt_unread.h"
#include "rules/check.h"

static EVP_PKEY *root_key, *int_key, *key, *rsa_key;
static X509 *root;

static X509 *issued(const xt_spec *spec)
{
    return xt_must_cert(spec, key, root, root_key);
}

static X509 *self_signed(const xt_spec *spec)
{
    return xt_must_cert(spec, key, NULL, NULL);
}

/* as_v1 turns a self-signed certificate into version 1, extensions kept,
 * and signs it again with `key`. */
static X509 *as_v1(X509 *cert)
{
    ck_assert(X509_set_version(cert, X509_VERSION_1));
    ck_assert(X509_sign(cert, key, EVP_sha256()));
    return cert;
}

/* AKIs of a self-signed certificate whose issuer is not CN=x and whose
 * serial is 1: authorityCertIssuer a dNSName (no directoryName) or CN=x. */
static const unsigned char aki_dns_serial_1[] = {0x30, 0x08, 0xA1, 0x03, 0x82, 0x01, 0x78,
                                                 0x82, 0x01, 0x01};
static const unsigned char aki_dns_serial_5[] = {0x30, 0x08, 0xA1, 0x03, 0x82, 0x01, 0x78,
                                                 0x82, 0x01, 0x05};
static const unsigned char aki_cn_x_serial_1[] = {0x30, 0x15, 0xA1, 0x10, 0xA4, 0x0E, 0x30, 0x0C,
                                                  0x31, 0x0A, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04,
                                                  0x03, 0x0C, 0x01, 0x78, 0x82, 0x01, 0x01};
static const unsigned char aki_other_key_id[] = {0x30, 0x04, 0x80, 0x02, 0xAA, 0xBB};

/* expect lints `cert` alone and checks one mnemonic; it frees `cert`. */
static void expect(X509 *cert, const char *mnemonic, bool fires)
{
    xt_expect_lint(cert, NULL, mnemonic, fires);
    X509_free(cert);
}

#define CA_BC "critical,CA:TRUE"
#define CA_KU "critical,keyCertSign,cRLSign"

/* ---- OpenSSL's strict rows, linted ---- */

static const unsigned char bc_pathlen_0_no_ca[] = {0x30, 0x03, 0x02, 0x01, 0x00};
static const unsigned char bc_ca[] = {0x30, 0x03, 0x01, 0x01, 0xFF};
static const unsigned char ski_value[] = {0x04, 0x02, 0x01, 0x02};

START_TEST(pathlen_for_non_ca)
{
    xt_spec not_ca = {.subject = "CN=leaf", .key_usage = "critical,keyCertSign",
                      .raw = {{"2.5.29.19", true, bc_pathlen_0_no_ca,
                               sizeof(bc_pathlen_0_no_ca)}}};
    xt_spec ca = {.subject = "CN=CA", .basic_constraints = "critical,CA:TRUE,pathlen:0",
                  .key_usage = CA_KU};
    expect(issued(&not_ca), "PATHLEN_INVALID_FOR_NON_CA", true);
    expect(issued(&ca), "PATHLEN_INVALID_FOR_NON_CA", false);
}
END_TEST

START_TEST(pathlen_without_key_cert_sign)
{
    xt_spec no_ku = {.subject = "CN=CA", .basic_constraints = "critical,CA:TRUE,pathlen:0"};
    xt_spec ku_without = {.subject = "CN=CA", .basic_constraints = "critical,CA:TRUE,pathlen:0",
                          .key_usage = "critical,cRLSign"};
    xt_spec ku_with = {.subject = "CN=CA", .basic_constraints = "critical,CA:TRUE,pathlen:0",
                       .key_usage = CA_KU};
    xt_spec no_pathlen = {.subject = "CN=CA", .basic_constraints = CA_BC};
    expect(issued(&no_ku), "PATHLEN_WITHOUT_KU_KEY_CERT_SIGN", true);
    expect(issued(&ku_without), "PATHLEN_WITHOUT_KU_KEY_CERT_SIGN", true);
    expect(issued(&ku_with), "PATHLEN_WITHOUT_KU_KEY_CERT_SIGN", false);
    expect(issued(&no_pathlen), "PATHLEN_WITHOUT_KU_KEY_CERT_SIGN", false);
}
END_TEST

START_TEST(ca_basic_constraints_not_critical)
{
    xt_spec plain = {.subject = "CN=CA", .basic_constraints = "CA:TRUE", .key_usage = CA_KU};
    xt_spec critical = {.subject = "CN=CA", .basic_constraints = CA_BC, .key_usage = CA_KU};
    xt_spec leaf_plain = {.subject = "CN=leaf", .basic_constraints = "CA:FALSE"};
    /* OpenSSL stops reading criticality at the first critical extension it
     * does not support: a critical SKI before a critical basicConstraints */
    xt_spec hidden = {.subject = "CN=CA", .key_usage = CA_KU, .no_ski = true,
                      .raw = {{"2.5.29.14", true, ski_value, sizeof(ski_value)},
                              {"2.5.29.19", true, bc_ca, sizeof(bc_ca)}}};
    xt_spec not_hidden = {.subject = "CN=CA", .key_usage = CA_KU, .no_ski = true,
                          .raw = {{"2.5.29.19", true, bc_ca, sizeof(bc_ca)},
                                  {"2.5.29.14", true, ski_value, sizeof(ski_value)}}};
    expect(issued(&plain), "CA_BCONS_NOT_CRITICAL", true);
    expect(issued(&critical), "CA_BCONS_NOT_CRITICAL", false);
    expect(issued(&leaf_plain), "CA_BCONS_NOT_CRITICAL", false);
    expect(issued(&hidden), "CA_BCONS_NOT_CRITICAL", true);
    expect(issued(&not_hidden), "CA_BCONS_NOT_CRITICAL", false);
    X509 *cert = issued(&plain);
    xt_expect_at(cert, NULL, 1, 3, "CA_BCONS_NOT_CRITICAL", true);
    xt_expect_at(cert, NULL, 0, 1, "CA_BCONS_NOT_CRITICAL", false); /* a chain of one */
    X509_free(cert);
}
END_TEST

START_TEST(ca_missing_key_usage)
{
    xt_spec without = {.subject = "CN=CA", .basic_constraints = CA_BC};
    xt_spec with = {.subject = "CN=CA", .basic_constraints = CA_BC, .key_usage = CA_KU};
    xt_spec leaf = {.subject = "CN=leaf"};
    expect(issued(&without), "CA_CERT_MISSING_KEY_USAGE", true);
    expect(self_signed(&without), "CA_CERT_MISSING_KEY_USAGE", true);
    expect(issued(&with), "CA_CERT_MISSING_KEY_USAGE", false);
    expect(issued(&leaf), "CA_CERT_MISSING_KEY_USAGE", false);
}
END_TEST

START_TEST(key_cert_sign_for_non_ca)
{
    xt_spec no_bc = {.subject = "CN=leaf", .key_usage = "critical,digitalSignature,keyCertSign"};
    xt_spec not_ca = {.subject = "CN=leaf", .basic_constraints = "critical,CA:FALSE",
                      .key_usage = "critical,keyCertSign"};
    xt_spec ca = {.subject = "CN=CA", .basic_constraints = CA_BC, .key_usage = CA_KU};
    xt_spec leaf = {.subject = "CN=leaf", .key_usage = "critical,digitalSignature"};
    expect(issued(&no_bc), "KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA", true);
    expect(issued(&not_ca), "KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA", true);
    expect(issued(&ca), "KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA", false);
    expect(issued(&leaf), "KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA", false);
}
END_TEST

/* nsCertType sslCA: bit 5, so two unused bits */
static const unsigned char ns_ssl_ca[] = {0x03, 0x02, 0x02, 0x04};
static const unsigned char ns_ssl_client[] = {0x03, 0x02, 0x07, 0x80};

START_TEST(invalid_ca_at_depth_zero)
{
    xt_spec v1 = {.subject = "CN=v1", .version = 1};
    xt_spec v3_ca = {.subject = "CN=CA", .basic_constraints = CA_BC, .key_usage = CA_KU};
    xt_spec ku_ca_no_bc = {.subject = "CN=leaf", .key_usage = "critical,keyCertSign"};
    xt_spec ku_leaf_no_bc = {.subject = "CN=leaf", .key_usage = "critical,digitalSignature"};
    xt_spec ns_ca = {.subject = "CN=leaf", .raw = {{"2.16.840.1.113730.1.1", false, ns_ssl_ca,
                                                    sizeof(ns_ssl_ca)}}};
    xt_spec ns_client = {.subject = "CN=leaf", .raw = {{"2.16.840.1.113730.1.1", false,
                                                        ns_ssl_client, sizeof(ns_ssl_client)}}};
    expect(self_signed(&v1), "INVALID_CA", true);
    expect(self_signed(&v3_ca), "INVALID_CA", false);
    expect(issued(&ku_ca_no_bc), "INVALID_CA", true);
    expect(issued(&ku_leaf_no_bc), "INVALID_CA", false);
    expect(issued(&ns_ca), "INVALID_CA", true);
    expect(issued(&ns_client), "INVALID_CA", false);
    /* a v1 certificate that names itself as issuer but was signed with an
     * RSA key while it holds an EC key is not self-signed for OpenSSL */
    xt_spec v1_root_name = {.subject = "CN=Root", .version = 1};
    X509 *cross = xt_cert(&v1_root_name, key, NULL, rsa_key);
    ck_assert_ptr_nonnull(cross);
    expect(cross, "INVALID_CA", false);
    /* also at depth 0 of a chain of one (outside OpenSSL's strict block) */
    X509 *cert = self_signed(&v1);
    xt_expect_at(cert, NULL, 0, 1, "INVALID_CA", true);
    X509_free(cert);
}
END_TEST

/* OpenSSL's "self-signed" (EXFLAG_SS) also needs the AKI, if any, to
 * match the certificate itself: a v1 certificate whose AKI names another
 * key, serial or issuer is no v1 root for it. */
START_TEST(invalid_ca_v1_self_signed_needs_matching_aki)
{
    xt_spec matching = {.subject = "CN=v1",
                        .raw = {{"2.5.29.35", false, aki_dns_serial_1, sizeof(aki_dns_serial_1)}}};
    xt_spec other_serial = {.subject = "CN=v1", .raw = {{"2.5.29.35", false, aki_dns_serial_5,
                                                         sizeof(aki_dns_serial_5)}}};
    xt_spec other_issuer = {.subject = "CN=v1", .raw = {{"2.5.29.35", false, aki_cn_x_serial_1,
                                                         sizeof(aki_cn_x_serial_1)}}};
    xt_spec other_key_id = {.subject = "CN=v1", .raw = {{"2.5.29.35", false, aki_other_key_id,
                                                         sizeof(aki_other_key_id)}}};
    expect(as_v1(self_signed(&matching)), "INVALID_CA", true);
    expect(as_v1(self_signed(&other_serial)), "INVALID_CA", false);
    expect(as_v1(self_signed(&other_issuer)), "INVALID_CA", false);
    expect(as_v1(self_signed(&other_key_id)), "INVALID_CA", false);
}
END_TEST

START_TEST(invalid_ca_above_the_leaf)
{
    xt_spec not_ca = {.subject = "CN=Int", .basic_constraints = "critical,CA:FALSE"};
    xt_spec ca_without_cert_sign = {.subject = "CN=Int", .basic_constraints = CA_BC,
                                    .key_usage = "critical,cRLSign"};
    xt_spec no_bc = {.subject = "CN=Int"};
    xt_spec ca = {.subject = "CN=Int", .basic_constraints = CA_BC, .key_usage = CA_KU};
    X509 *certs[] = {issued(&not_ca), issued(&ca_without_cert_sign), issued(&no_bc)};
    for (size_t i = 0; i < XS_ARRAY_LEN(certs); i++) {
        xt_expect_at(certs[i], NULL, 1, 3, "INVALID_CA", true); /* intermediate */
        xt_expect_at(certs[i], NULL, 1, 2, "INVALID_CA", true); /* anchor */
        /* as a leaf, OpenSSL lets ret 0 pass */
        xt_expect_at(certs[i], NULL, 0, 3, "INVALID_CA", false);
        X509_free(certs[i]);
    }
    X509 *good = issued(&ca);
    xt_expect_at(good, NULL, 1, 3, "INVALID_CA", false);
    X509_free(good);
}
END_TEST

/* ---- keyUsage ---- */

static const unsigned char ku_no_bits[] = {0x03, 0x01, 0x00};
static const unsigned char ku_bit_9[] = {0x03, 0x03, 0x06, 0x80, 0x40};
/* padding bits set: in the first, where encipherOnly would be; in the
 * second, where a tenth bit would be. Neither is part of the value. */
static const unsigned char ku_padding[] = {0x03, 0x02, 0x06, 0x81};
static const unsigned char ku_padding_past_nine[] = {0x03, 0x03, 0x07, 0x80, 0x40};

START_TEST(ku_without_bits)
{
    xt_spec none = {.subject = "CN=leaf", .raw = {{"2.5.29.15", true, ku_no_bits,
                                                   sizeof(ku_no_bits)}}};
    xt_spec some = {.subject = "CN=leaf", .key_usage = "critical,digitalSignature"};
    expect(issued(&none), "KU_NO_BITS_SET", true);
    expect(issued(&some), "KU_NO_BITS_SET", false);
}
END_TEST

START_TEST(ku_unknown_bits)
{
    xt_spec bit_9 = {.subject = "CN=leaf", .raw = {{"2.5.29.15", true, ku_bit_9,
                                                    sizeof(ku_bit_9)}}};
    xt_spec padding = {.subject = "CN=leaf", .raw = {{"2.5.29.15", true, ku_padding,
                                                      sizeof(ku_padding)}}};
    xt_spec nine = {.subject = "CN=leaf", .key_usage = "critical,digitalSignature,decipherOnly,"
                                                       "keyAgreement"};
    expect(issued(&bit_9), "KU_UNKNOWN_BITS", true);
    xt_spec padding_past_nine = {.subject = "CN=leaf",
                                 .raw = {{"2.5.29.15", true, ku_padding_past_nine,
                                          sizeof(ku_padding_past_nine)}}};
    expect(issued(&nine), "KU_UNKNOWN_BITS", false);
    expect(issued(&padding_past_nine), "KU_UNKNOWN_BITS", false);
    expect(issued(&padding_past_nine), "DER_BIT_STRING_PADDING", true);
    expect(issued(&padding), "KU_ONLY_BIT_WITHOUT_KEY_AGREEMENT", false);
    expect(issued(&padding), "DER_BIT_STRING_PADDING", true);
}
END_TEST

START_TEST(ku_not_critical)
{
    xt_spec plain = {.subject = "CN=leaf", .key_usage = "digitalSignature"};
    xt_spec critical = {.subject = "CN=leaf", .key_usage = "critical,digitalSignature"};
    expect(issued(&plain), "KU_NOT_CRITICAL", true);
    expect(issued(&critical), "KU_NOT_CRITICAL", false);
}
END_TEST

START_TEST(ku_only_bits)
{
    xt_spec encipher = {.subject = "CN=leaf",
                        .key_usage = "critical,digitalSignature,encipherOnly"};
    xt_spec decipher = {.subject = "CN=leaf",
                        .key_usage = "critical,digitalSignature,decipherOnly"};
    xt_spec with_agreement = {.subject = "CN=leaf",
                              .key_usage = "critical,keyAgreement,encipherOnly"};
    expect(issued(&encipher), "KU_ONLY_BIT_WITHOUT_KEY_AGREEMENT", true);
    expect(issued(&decipher), "KU_ONLY_BIT_WITHOUT_KEY_AGREEMENT", true);
    expect(issued(&with_agreement), "KU_ONLY_BIT_WITHOUT_KEY_AGREEMENT", false);
}
END_TEST

START_TEST(ca_without_key_cert_sign)
{
    xt_spec crl_only = {.subject = "CN=CA", .basic_constraints = CA_BC,
                        .key_usage = "critical,cRLSign"};
    xt_spec signs = {.subject = "CN=CA", .basic_constraints = CA_BC, .key_usage = CA_KU};
    xt_spec leaf = {.subject = "CN=leaf", .key_usage = "critical,digitalSignature"};
    expect(issued(&crl_only), "KU_CA_WITHOUT_KEY_CERT_SIGN", true);
    expect(issued(&signs), "KU_CA_WITHOUT_KEY_CERT_SIGN", false);
    expect(issued(&leaf), "KU_CA_WITHOUT_KEY_CERT_SIGN", false);
}
END_TEST

/* ---- basicConstraints ---- */

static const unsigned char bc_pathlen_negative[] = {0x30, 0x06, 0x01, 0x01, 0xFF, 0x02, 0x01, 0xFF};
static const unsigned char bc_pathlen_0[] = {0x30, 0x06, 0x01, 0x01, 0xFF, 0x02, 0x01, 0x00};
static const unsigned char bc_pathlen_octets[] = {0x30, 0x06, 0x01, 0x01, 0xFF, 0x04, 0x01, 0x00};
static const unsigned char bc_pathlen_huge_no_ca[] = {0x30, 0x0b, 0x02, 0x09, 0x01, 0x00, 0x00,
                                                      0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
static const unsigned char bc_pathlen_huge[] = {0x30, 0x0e, 0x01, 0x01, 0xFF, 0x02, 0x09, 0x01,
                                                0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

START_TEST(pathlen_negative)
{
    xt_spec negative = {.subject = "CN=CA", .key_usage = CA_KU,
                        .raw = {{"2.5.29.19", true, bc_pathlen_negative,
                                 sizeof(bc_pathlen_negative)}}};
    xt_spec zero = {.subject = "CN=CA", .key_usage = CA_KU,
                    .raw = {{"2.5.29.19", true, bc_pathlen_0, sizeof(bc_pathlen_0)}}};
    expect(issued(&negative), "PATHLEN_NEGATIVE", true);
    expect(issued(&zero), "PATHLEN_NEGATIVE", false);
}
END_TEST

START_TEST(basic_constraints_decoder)
{
    xt_spec not_integer = {.subject = "CN=CA", .key_usage = CA_KU,
                           .raw = {{"2.5.29.19", true, bc_pathlen_octets,
                                    sizeof(bc_pathlen_octets)}}};
    xt_spec zero = {.subject = "CN=CA", .key_usage = CA_KU,
                    .raw = {{"2.5.29.19", true, bc_pathlen_0, sizeof(bc_pathlen_0)}}};
    expect(issued(&not_integer), "INVALID_EXTENSION", true);
    expect(issued(&not_integer), "DER_UNEXPECTED_TAG", true);
    expect(issued(&zero), "INVALID_EXTENSION", false);
    static const unsigned char bc_two_octet_bool[] = {0x30, 0x04, 0x01, 0x02, 0xFF, 0xFF};
    xt_spec long_bool = {.subject = "CN=CA", .key_usage = CA_KU,
                         .raw = {{"2.5.29.19", true, bc_two_octet_bool,
                                  sizeof(bc_two_octet_bool)}}};
    expect(issued(&long_bool), "INVALID_EXTENSION", true);
    expect(issued(&long_bool), "DER_BOOLEAN_BAD_LENGTH", true);
    /* a pathLenConstraint past 2^64 is read (and is no negative number) */
    xt_spec huge = {.subject = "CN=CA", .key_usage = CA_KU,
                    .raw = {{"2.5.29.19", true, bc_pathlen_huge, sizeof(bc_pathlen_huge)}}};
    expect(issued(&huge), "INVALID_EXTENSION", false);
    expect(issued(&huge), "PATHLEN_NEGATIVE", false);
}
END_TEST

/* ---- extKeyUsage ---- */

static const unsigned char eku_empty[] = {0x30, 0x00};

START_TEST(eku_empty_sequence)
{
    xt_spec empty = {.subject = "CN=leaf", .raw = {{"2.5.29.37", false, eku_empty,
                                                    sizeof(eku_empty)}}};
    xt_spec server = {.subject = "CN=leaf", .ext_key_usage = "serverAuth"};
    expect(issued(&empty), "EKU_EMPTY", true);
    expect(issued(&server), "EKU_EMPTY", false);
}
END_TEST

START_TEST(eku_any_critical)
{
    xt_spec critical_any = {.subject = "CN=leaf", .ext_key_usage = "critical,anyExtendedKeyUsage"};
    xt_spec plain_any = {.subject = "CN=leaf", .ext_key_usage = "anyExtendedKeyUsage"};
    xt_spec critical_server = {.subject = "CN=leaf", .ext_key_usage = "critical,serverAuth"};
    expect(issued(&critical_any), "EKU_ANY_CRITICAL", true);
    expect(issued(&plain_any), "EKU_ANY_CRITICAL", false);
    expect(issued(&critical_server), "EKU_ANY_CRITICAL", false);
}
END_TEST

/* make_eku writes an extKeyUsage of `count` distinct private OIDs
 * (1.3.6.1.4.1.99999.(128+N)), then `repeat` again if it is below count. */
static size_t make_eku(unsigned char *out, size_t cap, size_t count, size_t repeat)
{
    size_t body = 0;
    unsigned char oid[16];
    size_t total = count + (repeat < count ? 1 : 0);
    size_t header = 4; /* 30 82 LL LL */
    for (size_t i = 0; i < total; i++) {
        size_t n = 128 + (i < count ? i : repeat); /* two octets, the first not 0x80 */
        size_t len = 0;
        const unsigned char prefix[] = {0x2b, 0x06, 0x01, 0x04, 0x01, 0x86, 0x8d, 0x1f};
        memcpy(oid, prefix, sizeof(prefix));
        len = sizeof(prefix);
        oid[len++] = (unsigned char)(0x80 | (n >> 7));
        oid[len++] = (unsigned char)(n & 0x7f);
        ck_assert_uint_le(header + body + 2 + len, cap);
        out[header + body] = 0x06;
        out[header + body + 1] = (unsigned char)len;
        memcpy(out + header + body + 2, oid, len);
        body += 2 + len;
    }
    out[0] = 0x30;
    out[1] = 0x82;
    out[2] = (unsigned char)(body >> 8);
    out[3] = (unsigned char)(body & 0xff);
    return header + body;
}

START_TEST(eku_repeated_purpose)
{
    xt_spec twice = {.subject = "CN=leaf", .ext_key_usage = "serverAuth,clientAuth,serverAuth"};
    xt_spec once = {.subject = "CN=leaf", .ext_key_usage = "serverAuth,clientAuth"};
    expect(issued(&twice), "EKU_PURPOSE_REPEATED", true);
    expect(issued(&once), "EKU_PURPOSE_REPEATED", false);
    /* a long list of unknown purposes: the repeat is the last entry */
    static unsigned char long_list[1000 * 12 + 16];
    size_t distinct = make_eku(long_list, sizeof(long_list), 1000, 1000);
    xt_spec many = {.subject = "CN=leaf", .raw = {{"2.5.29.37", false, long_list, distinct}}};
    expect(issued(&many), "EKU_PURPOSE_REPEATED", false);
    expect(issued(&many), "INVALID_EXTENSION", false);
    size_t repeated = make_eku(long_list, sizeof(long_list), 1000, 3);
    xt_spec many_twice = {.subject = "CN=leaf", .raw = {{"2.5.29.37", false, long_list, repeated}}};
    expect(issued(&many_twice), "EKU_PURPOSE_REPEATED", true);
}
END_TEST

START_TEST(eku_decoder)
{
    static const unsigned char not_oid[] = {0x30, 0x03, 0x02, 0x01, 0x01};
    xt_spec broken = {.subject = "CN=leaf", .raw = {{"2.5.29.37", false, not_oid,
                                                     sizeof(not_oid)}}};
    xt_spec fine = {.subject = "CN=leaf", .ext_key_usage = "serverAuth"};
    expect(issued(&broken), "INVALID_EXTENSION", true);
    expect(issued(&fine), "INVALID_EXTENSION", false);
}
END_TEST

START_TEST(ku_eku_no_common_purpose)
{
    xt_spec none = {.subject = "CN=leaf", .key_usage = "critical,keyEncipherment",
                    .ext_key_usage = "codeSigning,timeStamping"};
    xt_spec one = {.subject = "CN=leaf", .key_usage = "critical,digitalSignature",
                   .ext_key_usage = "codeSigning"};
    xt_spec unknown_purpose = {.subject = "CN=leaf", .key_usage = "critical,keyEncipherment",
                               .ext_key_usage = "codeSigning,1.3.6.1.4.1.99999.1"};
    xt_spec any = {.subject = "CN=leaf", .key_usage = "critical,keyEncipherment",
                   .ext_key_usage = "codeSigning,anyExtendedKeyUsage"};
    xt_spec ca = {.subject = "CN=CA", .basic_constraints = CA_BC, .key_usage = CA_KU,
                  .ext_key_usage = "serverAuth"};
    expect(issued(&none), "KU_EKU_NO_COMMON_PURPOSE", true);
    expect(issued(&one), "KU_EKU_NO_COMMON_PURPOSE", false);
    expect(issued(&unknown_purpose), "KU_EKU_NO_COMMON_PURPOSE", false);
    expect(issued(&any), "KU_EKU_NO_COMMON_PURPOSE", false);
    expect(issued(&ca), "KU_EKU_NO_COMMON_PURPOSE", false); /* scope LEAF */
}
END_TEST

START_TEST(ku_eku_purpose_inconsistent)
{
    xt_spec some = {.subject = "CN=leaf", .key_usage = "critical,keyEncipherment",
                    .ext_key_usage = "serverAuth,codeSigning"};
    xt_spec all = {.subject = "CN=leaf", .key_usage = "critical,digitalSignature",
                   .ext_key_usage = "serverAuth,clientAuth,codeSigning,emailProtection,"
                                    "timeStamping,OCSPSigning"};
    xt_spec none = {.subject = "CN=leaf", .key_usage = "critical,keyEncipherment",
                    .ext_key_usage = "codeSigning"};
    expect(issued(&some), "KU_EKU_PURPOSE_INCONSISTENT", true);
    expect(issued(&some), "KU_EKU_NO_COMMON_PURPOSE", false);
    expect(issued(&all), "KU_EKU_PURPOSE_INCONSISTENT", false);
    expect(issued(&none), "KU_EKU_PURPOSE_INCONSISTENT", false); /* NO_COMMON_PURPOSE's */
}
END_TEST

START_TEST(ns_cert_type)
{
    xt_spec with = {.subject = "CN=leaf", .raw = {{"2.16.840.1.113730.1.1", false, ns_ssl_client,
                                                   sizeof(ns_ssl_client)}}};
    xt_spec without = {.subject = "CN=leaf"};
    expect(issued(&with), "NS_CERT_TYPE_PRESENT", true);
    expect(issued(&with), "INVALID_EXTENSION", false);
    expect(issued(&without), "NS_CERT_TYPE_PRESENT", false);
}
END_TEST

/* ---- agreement with OpenSSL 3.0 ---- */

/* The codes of the OPENSSL rows that the keyid and usage families emit and
 * OpenSSL reports (AUTHORITY/SUBJECT_KEY_IDENTIFIER_CRITICAL it never does). */
static const int mirrored[] = {
    X509_V_ERR_INVALID_CA,
    X509_V_ERR_PATHLEN_INVALID_FOR_NON_CA,
    X509_V_ERR_PATHLEN_WITHOUT_KU_KEY_CERT_SIGN,
    X509_V_ERR_KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA,
    X509_V_ERR_MISSING_AUTHORITY_KEY_IDENTIFIER,
    X509_V_ERR_MISSING_SUBJECT_KEY_IDENTIFIER,
    X509_V_ERR_CA_BCONS_NOT_CRITICAL,
    X509_V_ERR_CA_CERT_MISSING_KEY_USAGE,
};

static bool is_mirrored(int code)
{
    for (size_t i = 0; i < XS_ARRAY_LEN(mirrored); i++) {
        if (mirrored[i] == code) {
            return true;
        }
    }
    return false;
}

/* Found codes, as "depth:code" entries, sorted so both sides compare. */
typedef struct {
    char text[1024];
    int entries[64];
    size_t count;
} code_set;

static void code_add(code_set *s, int depth, int code)
{
    int entry = depth * 1000 + code;
    for (size_t i = 0; i < s->count; i++) {
        if (s->entries[i] == entry) {
            return;
        }
    }
    ck_assert_uint_lt(s->count, XS_ARRAY_LEN(s->entries));
    size_t at = s->count++;
    while (at > 0 && s->entries[at - 1] > entry) {
        s->entries[at] = s->entries[at - 1];
        at--;
    }
    s->entries[at] = entry;
}

static const char *code_text(code_set *s)
{
    s->text[0] = 0;
    for (size_t i = 0; i < s->count; i++) {
        size_t used = strlen(s->text);
        snprintf(s->text + used, sizeof(s->text) - used, "%s%d:%d", i ? "," : "",
                 s->entries[i] / 1000, s->entries[i] % 1000);
    }
    return s->text;
}

static int openssl_codes_index = -1;

static int collect(int ok, X509_STORE_CTX *ctx)
{
    int err = X509_STORE_CTX_get_error(ctx);
    code_set *s = X509_STORE_CTX_get_ex_data(ctx, openssl_codes_index);
    if (!ok && is_mirrored(err)) {
        code_add(s, X509_STORE_CTX_get_error_depth(ctx), err);
    }
    return 1;
}

typedef struct {
    code_set *set;
    int depth;
} own_arg;

static void own_code(const xs_raw_finding *f, void *arg)
{
    own_arg *a = arg;
    int code = xs_rule_info_of(f->rule)->openssl_code;
    if (is_mirrored(code)) {
        code_add(a->set, a->depth, code);
    }
}

/* agree verifies leaf <- intermediate (NULL: none) <- anchor with OpenSSL
 * in strict mode (and, for a non-self-signed anchor, partial-chain mode),
 * then runs the checks on the chain it built. */
static void agree(const char *name, X509 *leaf, X509 *intermediate, X509 *anchor)
{
    X509_STORE *store = X509_STORE_new();
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    STACK_OF(X509) *untrusted = sk_X509_new_null();
    ck_assert(store != NULL && ctx != NULL && untrusted != NULL);
    ck_assert(X509_STORE_add_cert(store, anchor));
    if (intermediate != NULL) {
        ck_assert(sk_X509_push(untrusted, intermediate));
    }
    ck_assert(X509_STORE_CTX_init(ctx, store, leaf, untrusted));
    X509_VERIFY_PARAM_set_flags(X509_STORE_CTX_get0_param(ctx),
                                X509_V_FLAG_X509_STRICT | X509_V_FLAG_PARTIAL_CHAIN);
    X509_STORE_CTX_set_verify_cb(ctx, collect);
    code_set theirs = {0}, ours = {0};
    X509_STORE_CTX_set_ex_data(ctx, openssl_codes_index, &theirs);
    X509_verify_cert(ctx);
    STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(ctx);
    int n = sk_X509_num(chain);
    ck_assert_msg(n >= 1, "%s: OpenSSL built no chain", name);
    for (int depth = 0; depth < n; depth++) {
        own_arg arg = {&ours, depth};
        X509 *issuer = depth + 1 < n ? sk_X509_value(chain, depth + 1) : NULL;
        ck_assert(xt_run_checks(sk_X509_value(chain, depth), issuer, depth, n, own_code, &arg));
    }
    const char *expected = code_text(&theirs);
    ck_assert_msg(strcmp(expected, code_text(&ours)) == 0, "%s: OpenSSL [%s], x509strict [%s]",
                  name, expected, ours.text);
    X509_STORE_CTX_free(ctx);
    X509_STORE_free(store);
    sk_X509_free(untrusted);
}

/* chain_case describes a root <- intermediate <- leaf chain; NULL fields
 * take the defaults (a well-formed chain). */
typedef struct {
    const char *name;
    xt_spec root, intermediate, leaf;
    bool no_intermediate;
    bool anchor_is_intermediate; /* trust the intermediate (partial chain) */
} chain_case;

static void run_case(const chain_case *k)
{
    xt_spec root_default = {.subject = "CN=Root", .basic_constraints = CA_BC, .key_usage = CA_KU};
    xt_spec int_default = {.subject = "CN=Int", .basic_constraints = CA_BC, .key_usage = CA_KU};
    xt_spec leaf_default = {.subject = "CN=leaf", .key_usage = "critical,digitalSignature"};
    const xt_spec *r = k->root.subject != NULL ? &k->root : &root_default;
    const xt_spec *i = k->intermediate.subject != NULL ? &k->intermediate : &int_default;
    const xt_spec *l = k->leaf.subject != NULL ? &k->leaf : &leaf_default;
    X509 *root_cert = xt_cert(r, root_key, NULL, NULL);
    X509 *int_cert = k->no_intermediate ? NULL : xt_cert(i, int_key, root_cert, root_key);
    X509 *leaf_cert = k->no_intermediate ? xt_cert(l, key, root_cert, root_key)
                                         : xt_cert(l, key, int_cert, int_key);
    ck_assert_msg(root_cert != NULL && leaf_cert != NULL, "%s: certgen failed", k->name);
    if (k->anchor_is_intermediate) {
        agree(k->name, leaf_cert, NULL, int_cert);
    } else {
        agree(k->name, leaf_cert, int_cert, root_cert);
    }
    X509_free(root_cert);
    X509_free(int_cert);
    X509_free(leaf_cert);
}

START_TEST(agrees_with_openssl)
{
    const chain_case cases[] = {
        {.name = "well formed"},
        {.name = "leaf pathlen without cA",
         .leaf = {.subject = "CN=leaf", .key_usage = "critical,digitalSignature",
                  .raw = {{"2.5.29.19", true, bc_pathlen_0_no_ca, sizeof(bc_pathlen_0_no_ca)}}}},
        {.name = "intermediate pathlen without keyUsage",
         .intermediate = {.subject = "CN=Int", .basic_constraints = "critical,CA:TRUE,pathlen:0"}},
        {.name = "intermediate basicConstraints not critical",
         .intermediate = {.subject = "CN=Int", .basic_constraints = "CA:TRUE", .key_usage = CA_KU}},
        {.name = "root basicConstraints not critical",
         .root = {.subject = "CN=Root", .basic_constraints = "CA:TRUE", .key_usage = CA_KU}},
        {.name = "root without keyUsage",
         .root = {.subject = "CN=Root", .basic_constraints = CA_BC}},
        {.name = "leaf keyCertSign without basicConstraints",
         .leaf = {.subject = "CN=leaf", .key_usage = "critical,digitalSignature,keyCertSign"}},
        {.name = "leaf with nsCertType sslCA",
         .leaf = {.subject = "CN=leaf",
                  .raw = {{"2.16.840.1.113730.1.1", false, ns_ssl_ca, sizeof(ns_ssl_ca)}}}},
        {.name = "leaf with nsCertType sslCA and keyUsage without keyCertSign",
         .leaf = {.subject = "CN=leaf", .key_usage = "critical,digitalSignature",
                  .raw = {{"2.16.840.1.113730.1.1", false, ns_ssl_ca, sizeof(ns_ssl_ca)}}}},
        {.name = "v1 leaf", .leaf = {.subject = "CN=leaf", .version = 1}},
        {.name = "leaf pathlen past 2^63 without cA",
         .leaf = {.subject = "CN=leaf", .key_usage = "critical,digitalSignature",
                  .raw = {{"2.5.29.19", true, bc_pathlen_huge_no_ca,
                           sizeof(bc_pathlen_huge_no_ca)}}}},
        {.name = "leaf with an empty keyUsage (OpenSSL cannot build the chain)",
         .leaf = {.subject = "CN=leaf",
                  .raw = {{"2.5.29.15", true, ku_no_bits, sizeof(ku_no_bits)},
                          {"2.5.29.19", true, bc_pathlen_0_no_ca, sizeof(bc_pathlen_0_no_ca)}}}},
        {.name = "intermediate with cA FALSE",
         .intermediate = {.subject = "CN=Int", .basic_constraints = "critical,CA:FALSE",
                          .key_usage = CA_KU}},
        {.name = "intermediate without basicConstraints",
         .intermediate = {.subject = "CN=Int", .key_usage = CA_KU}},
        {.name = "intermediate with a negative pathLenConstraint",
         .intermediate = {.subject = "CN=Int", .key_usage = CA_KU,
                          .raw = {{"2.5.29.19", true, bc_pathlen_negative,
                                   sizeof(bc_pathlen_negative)}}}},
        {.name = "leaf without AKI",
         .leaf = {.subject = "CN=leaf", .key_usage = "critical,digitalSignature", .no_aki = true}},
        {.name = "intermediate without SKI",
         .intermediate = {.subject = "CN=Int", .basic_constraints = CA_BC, .key_usage = CA_KU,
                          .no_ski = true}},
        {.name = "root without SKI",
         .root = {.subject = "CN=Root", .basic_constraints = CA_BC, .key_usage = CA_KU,
                  .no_ski = true}},
        {.name = "intermediate keyUsage without keyCertSign",
         .intermediate = {.subject = "CN=Int", .basic_constraints = CA_BC,
                          .key_usage = "critical,digitalSignature,cRLSign"}},
        {.name = "v1 root", .root = {.subject = "CN=Root", .version = 1}},
        {.name = "critical SKI before critical basicConstraints",
         .intermediate = {.subject = "CN=Int", .key_usage = CA_KU, .no_ski = true,
                          .raw = {{"2.5.29.14", true, ski_value, sizeof(ski_value)},
                                  {"2.5.29.19", true, bc_ca, sizeof(bc_ca)}}}},
        {.name = "partial chain: anchor without AKI and with plain basicConstraints",
         .intermediate = {.subject = "CN=Int", .basic_constraints = "CA:TRUE", .key_usage = CA_KU,
                          .no_aki = true},
         .anchor_is_intermediate = true},
        {.name = "two certificates, root without keyUsage and leaf without AKI",
         .root = {.subject = "CN=Root", .basic_constraints = CA_BC},
         .leaf = {.subject = "CN=leaf", .key_usage = "critical,digitalSignature", .no_aki = true},
         .no_intermediate = true},
    };
    for (size_t i = 0; i < XS_ARRAY_LEN(cases); i++) {
        run_case(&cases[i]);
    }
}
END_TEST

START_TEST(agrees_with_openssl_on_one_certificate)
{
    /* a pinned self-signed certificate: only INVALID_CA runs */
    xt_spec v1 = {.subject = "CN=pinned", .version = 1};
    xt_spec plain_ca = {.subject = "CN=pinned", .basic_constraints = "CA:TRUE"};
    xt_spec no_bc = {.subject = "CN=pinned", .key_usage = "critical,digitalSignature"};
    const xt_spec *specs[] = {&v1, &plain_ca, &no_bc};
    for (size_t i = 0; i < XS_ARRAY_LEN(specs); i++) {
        X509 *cert = self_signed(specs[i]);
        agree(specs[i]->subject, cert, NULL, cert);
        X509_free(cert);
    }
    /* version 1 with extensions: its AKI decides whether it is self-signed */
    const struct {
        const char *name;
        const unsigned char *aki;
        size_t len;
    } akis[] = {
        {"v1, AKI matching", aki_dns_serial_1, sizeof(aki_dns_serial_1)},
        {"v1, AKI with another serial", aki_dns_serial_5, sizeof(aki_dns_serial_5)},
        {"v1, AKI with another issuer", aki_cn_x_serial_1, sizeof(aki_cn_x_serial_1)},
        {"v1, AKI with another key id", aki_other_key_id, sizeof(aki_other_key_id)},
    };
    for (size_t i = 0; i < XS_ARRAY_LEN(akis); i++) {
        xt_spec spec = {.subject = "CN=pinned", .raw = {{"2.5.29.35", false, akis[i].aki,
                                                         akis[i].len}}};
        X509 *cert = as_v1(self_signed(&spec));
        agree(akis[i].name, cert, NULL, cert);
        X509_free(cert);
    }
}
END_TEST

/* Where extension bytes could not be read, a keyUsage or basicConstraints
 * they may hold is not reported missing, and a certificate is no leaf for
 * want of a basicConstraints. */
START_TEST(usage_not_missing_where_unread)
{
    const struct {
        xt_spec spec;
        const char *mnemonic;
    } cases[] = {
        {{.subject = "CN=CA", .basic_constraints = CA_BC, .raw = {XT_FILLER_EXT}},
         "CA_CERT_MISSING_KEY_USAGE"},
        {{.subject = "CN=CA", .basic_constraints = "critical,CA:TRUE,pathlen:0",
          .raw = {XT_FILLER_EXT}},
         "PATHLEN_WITHOUT_KU_KEY_CERT_SIGN"},
        {{.subject = "CN=leaf", .key_usage = "critical,digitalSignature,keyCertSign",
          .raw = {XT_FILLER_EXT}},
         "KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA"},
        {{.subject = "CN=leaf", .key_usage = "critical,keyCertSign", .raw = {XT_FILLER_EXT}},
         "INVALID_CA"},
        {{.subject = "CN=leaf", .key_usage = "critical,cRLSign", .ext_key_usage = "serverAuth",
          .raw = {XT_FILLER_EXT}},
         "KU_EKU_NO_COMMON_PURPOSE"},
    };
    for (size_t i = 0; i < XS_ARRAY_LEN(cases); i++) {
        X509 *cert = issued(&cases[i].spec);
        xt_expect_silent_unread(cert, NULL, cases[i].mnemonic);
        X509_free(cert);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("r_usage");
    TCase *tc = tcase_create("rules");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, pathlen_for_non_ca);
    tcase_add_test(tc, pathlen_without_key_cert_sign);
    tcase_add_test(tc, ca_basic_constraints_not_critical);
    tcase_add_test(tc, ca_missing_key_usage);
    tcase_add_test(tc, key_cert_sign_for_non_ca);
    tcase_add_test(tc, invalid_ca_at_depth_zero);
    tcase_add_test(tc, invalid_ca_v1_self_signed_needs_matching_aki);
    tcase_add_test(tc, invalid_ca_above_the_leaf);
    tcase_add_test(tc, ku_without_bits);
    tcase_add_test(tc, ku_unknown_bits);
    tcase_add_test(tc, ku_not_critical);
    tcase_add_test(tc, ku_only_bits);
    tcase_add_test(tc, ca_without_key_cert_sign);
    tcase_add_test(tc, pathlen_negative);
    tcase_add_test(tc, basic_constraints_decoder);
    tcase_add_test(tc, eku_empty_sequence);
    tcase_add_test(tc, eku_any_critical);
    tcase_add_test(tc, eku_repeated_purpose);
    tcase_add_test(tc, eku_decoder);
    tcase_add_test(tc, ku_eku_no_common_purpose);
    tcase_add_test(tc, ku_eku_purpose_inconsistent);
    tcase_add_test(tc, ns_cert_type);
    tcase_add_test(tc, agrees_with_openssl);
    tcase_add_test(tc, agrees_with_openssl_on_one_certificate);
    tcase_add_test(tc, usage_not_missing_where_unread);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    root_key = xt_key("EC");
    int_key = xt_key("EC");
    key = xt_key("EC");
    rsa_key = xt_key("RSA");
    xt_spec root_spec = {.subject = "CN=Root", .basic_constraints = CA_BC, .key_usage = CA_KU};
    root = root_key != NULL ? xt_cert(&root_spec, root_key, NULL, NULL) : NULL;
    openssl_codes_index = X509_STORE_CTX_get_ex_new_index(0, NULL, NULL, NULL, NULL);
    if (root == NULL || int_key == NULL || key == NULL || rsa_key == NULL ||
        openssl_codes_index < 0) {
        return EXIT_FAILURE;
    }
    int status = xt_run_suite(suite());
    X509_free(root);
    EVP_PKEY_free(root_key);
    EVP_PKEY_free(int_key);
    EVP_PKEY_free(key);
    EVP_PKEY_free(rsa_key);
    return status;
}
