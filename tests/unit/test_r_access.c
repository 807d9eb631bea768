/*
 * test_r_access.c: the access rules (rules/r_access.c over
 * cert/ext_policy.c): cRLDistributionPoints, freshestCRL,
 * authorityInfoAccess, subjectInfoAccess, subjectDirectoryAttributes and
 * the Certificate Transparency extensions. Each rule fires on a certificate
 * whose extension value is built to break it, and stays silent on one that
 * keeps it; values OpenSSL itself encodes must decode without findings.
 */
#include <check.h>
#include <openssl/conf.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "derbuild.h"
#include "lint.h"
#include "xt_check.h"

static EVP_PKEY *key;

/* ---- certificates and expectations ----------------------------------- */

#define CRL_DISTRIBUTION_POINTS "2.5.29.31"
#define FRESHEST_CRL "2.5.29.46"
#define AUTHORITY_INFO_ACCESS "1.3.6.1.5.5.7.1.1"
#define SUBJECT_INFO_ACCESS "1.3.6.1.5.5.7.1.11"
#define SUBJECT_DIRECTORY_ATTRIBUTES "2.5.29.9"
#define CT_POISON "1.3.6.1.4.1.11129.2.4.3"
#define CT_SCT_LIST "1.3.6.1.4.1.11129.2.4.2"

#define AD_OCSP "1.3.6.1.5.5.7.48.1"
#define AD_CA_ISSUERS "1.3.6.1.5.5.7.48.2"
#define AD_CA_REPOSITORY "1.3.6.1.5.5.7.48.5"

typedef xt_ext ext;

/* lint_exts issues an end-entity certificate with the extensions and
 * lints it. */
static void lint_exts(const ext *exts, size_t count, xt_mnemonics *out)
{
    xt_lint_with_exts((xt_spec){.subject = "CN=leaf.example"}, exts, count, key, out);
}

static void expect_exts(const ext *exts, size_t count, const char *mnemonic, bool fires)
{
    xt_mnemonics m;
    lint_exts(exts, count, &m);
    xt_expect_found(&m, mnemonic, fires);
}

static void fires(const char *ext_oid, bool critical, xt_bytes value, const char *mnemonic)
{
    const ext one = {ext_oid, critical, value};
    expect_exts(&one, 1, mnemonic, true);
}

static void silent(const char *ext_oid, bool critical, xt_bytes value, const char *mnemonic)
{
    const ext one = {ext_oid, critical, value};
    expect_exts(&one, 1, mnemonic, false);
}

/* GeneralNames and distribution points. */
static xt_bytes uri(const char *s)
{
    return xt_text(0x86, s);
}

static xt_bytes directory_name(const char *cn)
{
    return xt_tlv(0xA4, XT_SEQ(1, xt_tlv(0x31, XT_SEQ(2, xt_oid("2.5.4.3"), xt_text(0x0C, cn)))));
}

/* full_name is a DistributionPoint naming the CRL with `names`. */
static xt_bytes full_name(xt_bytes names)
{
    return XT_SEQ(1, xt_tlv(0xA0, xt_tlv(0xA0, names)));
}

static xt_bytes reasons(const char *bits, size_t len)
{
    return xt_tlv(0x81, xt_bytes_of(bits, len));
}

#define HTTP_CRL uri("http://crl.example/ca.crl")

/* ---- OpenSSL's own encodings ------------------------------------------ */

START_TEST(openssl_encodings_decode)
{
    const xt_openssl_ext cases[] = {
        {CRL_DISTRIBUTION_POINTS, NID_crl_distribution_points, "URI:http://crl.example/ca.crl"},
        {FRESHEST_CRL, NID_freshest_crl, "URI:http://crl.example/delta.crl"},
        {AUTHORITY_INFO_ACCESS, NID_info_access,
         "OCSP;URI:http://ocsp.example/,caIssuers;URI:http://ca.example/ca.crt"},
        {SUBJECT_INFO_ACCESS, NID_sinfo_access, "caRepository;URI:http://repo.example/"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        xt_mnemonics m;
        const ext e = {cases[i].oid, false, xt_openssl_value(cases[i].nid, cases[i].conf)};
        lint_exts(&e, 1, &m);
        /* none of this family's rules, no DER issue, and the value decodes */
        ck_assert_msg(strstr(m.text, "DIST_POINT") == NULL && strstr(m.text, "CRL") == NULL &&
                          strstr(m.text, "ACCESS") == NULL && strstr(m.text, "AIA_") == NULL &&
                          strstr(m.text, "SIA_") == NULL && strstr(m.text, "DER_") == NULL &&
                          !xt_has(&m, "INVALID_EXTENSION"),
                      "%s: findings: [%s]", cases[i].conf, m.text);
    }
}
END_TEST

/* ---- cRLDistributionPoints ------------------------------------------- */

START_TEST(crl_dp_critical)
{
    xt_bytes dp = xt_openssl_value(NID_crl_distribution_points, "URI:http://crl.example/ca.crl");
    fires(CRL_DISTRIBUTION_POINTS, true, dp, "CRL_DISTRIBUTION_POINTS_CRITICAL");
    silent(CRL_DISTRIBUTION_POINTS, false, dp, "CRL_DISTRIBUTION_POINTS_CRITICAL");
}
END_TEST

START_TEST(crl_dp_empty)
{
    fires(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, XT_NONE), "CRL_DISTRIBUTION_POINTS_EMPTY");
    silent(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, full_name(HTTP_CRL)),
           "CRL_DISTRIBUTION_POINTS_EMPTY");
}
END_TEST

START_TEST(dist_point_without_name)
{
    xt_bytes only_reasons = XT_SEQ(1, XT_SEQ(1, reasons("\x06\x40", 2)));
    xt_bytes nothing = XT_SEQ(1, XT_SEQ(1, XT_NONE));
    xt_bytes issuer_only = XT_SEQ(1, XT_SEQ(1, xt_tlv(0xA2, directory_name("Indirect CRL Issuer"))));
    fires(CRL_DISTRIBUTION_POINTS, false, only_reasons, "DIST_POINT_WITHOUT_NAME_OR_ISSUER");
    fires(CRL_DISTRIBUTION_POINTS, false, nothing, "DIST_POINT_WITHOUT_NAME_OR_ISSUER");
    silent(CRL_DISTRIBUTION_POINTS, false, issuer_only, "DIST_POINT_WITHOUT_NAME_OR_ISSUER");
    silent(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, full_name(HTTP_CRL)),
           "DIST_POINT_WITHOUT_NAME_OR_ISSUER");
}
END_TEST

START_TEST(dist_point_names_empty)
{
    xt_bytes empty_full = XT_SEQ(1, full_name(XT_NONE));
    xt_bytes empty_issuer = XT_SEQ(1, XT_SEQ(2, xt_tlv(0xA0, xt_tlv(0xA0, HTTP_CRL)), xt_tlv(0xA2, XT_NONE)));
    fires(CRL_DISTRIBUTION_POINTS, false, empty_full, "DIST_POINT_GENERAL_NAMES_EMPTY");
    fires(CRL_DISTRIBUTION_POINTS, false, empty_issuer, "DIST_POINT_GENERAL_NAMES_EMPTY");
    silent(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, full_name(HTTP_CRL)),
           "DIST_POINT_GENERAL_NAMES_EMPTY");
}
END_TEST

START_TEST(dist_point_http_or_ldap)
{
    const char *rule = "DIST_POINT_NO_HTTP_OR_LDAP_URI";
    fires(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, full_name(uri("ftp://crl.example/ca.crl"))), rule);
    fires(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, full_name(directory_name("CRL"))), rule);
    fires(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, full_name(uri("https://crl.example/ca.crl"))),
          rule);
    silent(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, full_name(uri("HTTP://crl.example/ca.crl"))),
           rule);
    xt_bytes ldap = uri("ldap://ldap.example/cn=CA?certificateRevocationList;binary");
    silent(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, full_name(xt_cat(2, directory_name("CRL"), ldap))),
           rule);
}
END_TEST

/* nameRelativeToCRLIssuer: an RDN appended to the CRL issuer's name. */
static xt_bytes relative_dp(xt_bytes crl_issuers)
{
    xt_bytes atv = XT_SEQ(2, xt_oid("2.5.4.3"), xt_text(0x0C, "CRL1"));
    xt_bytes name = xt_tlv(0xA0, xt_tlv(0xA1, atv)); /* [1] IMPLICIT SET OF */
    return crl_issuers.n > 0 ? XT_SEQ(1, XT_SEQ(2, name, xt_tlv(0xA2, crl_issuers))) : XT_SEQ(1, XT_SEQ(1, name));
}

START_TEST(dist_point_relative_name)
{
    xt_bytes one_issuer = relative_dp(directory_name("Issuer A"));
    xt_bytes two_issuers = relative_dp(xt_cat(2, directory_name("Issuer A"), directory_name("Issuer B")));
    fires(CRL_DISTRIBUTION_POINTS, false, relative_dp(XT_NONE), "DIST_POINT_RELATIVE_NAME");
    silent(CRL_DISTRIBUTION_POINTS, false, relative_dp(XT_NONE), "INVALID_EXTENSION");
    silent(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, full_name(HTTP_CRL)), "DIST_POINT_RELATIVE_NAME");
    fires(CRL_DISTRIBUTION_POINTS, false, two_issuers, "DIST_POINT_RELATIVE_NAME_MULTIPLE_ISSUERS");
    silent(CRL_DISTRIBUTION_POINTS, false, one_issuer, "DIST_POINT_RELATIVE_NAME_MULTIPLE_ISSUERS");

    /* the RDN is a SET OF: DER sorts its members */
    xt_bytes unsorted = xt_cat(2, XT_SEQ(2, xt_oid("2.5.4.3"), xt_text(0x0C, "z")),
                       XT_SEQ(2, xt_oid("2.5.4.3"), xt_text(0x0C, "a")));
    xt_bytes sorted = xt_cat(2, XT_SEQ(2, xt_oid("2.5.4.3"), xt_text(0x0C, "a")),
                     XT_SEQ(2, xt_oid("2.5.4.3"), xt_text(0x0C, "z")));
    fires(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, XT_SEQ(1, xt_tlv(0xA0, xt_tlv(0xA1, unsorted)))),
          "DER_SET_NOT_SORTED");
    silent(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, XT_SEQ(1, xt_tlv(0xA0, xt_tlv(0xA1, sorted)))),
           "DER_SET_NOT_SORTED");
    /* a SET where the RDN's members belong does not decode */
    xt_bytes wrapped = xt_tlv(0x31, XT_SEQ(2, xt_oid("2.5.4.3"), xt_text(0x0C, "CRL1")));
    fires(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, XT_SEQ(1, xt_tlv(0xA0, xt_tlv(0xA1, wrapped)))),
          "INVALID_EXTENSION");
}
END_TEST

START_TEST(dist_point_crl_issuer)
{
    xt_bytes name = xt_tlv(0xA0, xt_tlv(0xA0, HTTP_CRL));
    xt_bytes by_uri = XT_SEQ(1, XT_SEQ(2, name, xt_tlv(0xA2, uri("http://issuer.example/"))));
    xt_bytes by_two = XT_SEQ(1, XT_SEQ(2, name, xt_tlv(0xA2, xt_cat(2, directory_name("A"), directory_name("B")))));
    xt_bytes by_one = XT_SEQ(1, XT_SEQ(2, name, xt_tlv(0xA2, directory_name("A"))));
    fires(CRL_DISTRIBUTION_POINTS, false, by_uri, "DIST_POINT_CRL_ISSUER_NOT_ONE_DN");
    fires(CRL_DISTRIBUTION_POINTS, false, by_two, "DIST_POINT_CRL_ISSUER_NOT_ONE_DN");
    silent(CRL_DISTRIBUTION_POINTS, false, by_one, "DIST_POINT_CRL_ISSUER_NOT_ONE_DN");
}
END_TEST

START_TEST(dist_point_reasons)
{
    /* keyCompromise is bit 1: 06 40; bits 1-8 (all reasons): 07 7F 80 */
    xt_bytes key_compromise = XT_SEQ(2, xt_tlv(0xA0, xt_tlv(0xA0, HTTP_CRL)), reasons("\x06\x40", 2));
    xt_bytes all = XT_SEQ(2, xt_tlv(0xA0, xt_tlv(0xA0, HTTP_CRL)), reasons("\x07\x7F\x80", 3));
    xt_bytes plain = full_name(uri("http://crl.example/full.crl"));

    fires(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, key_compromise), "DIST_POINT_SEGMENTED_BY_REASON");
    silent(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, plain), "DIST_POINT_SEGMENTED_BY_REASON");

    const char *incomplete = "CRL_DISTRIBUTION_POINTS_REASONS_INCOMPLETE";
    fires(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, key_compromise), incomplete);
    silent(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(2, key_compromise, plain), incomplete);
    silent(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, all), incomplete);
    silent(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, all), "DIST_POINT_REASONS_INVALID");

    /* only the unused bit 0; a bit past aACompromise; no bit at all */
    xt_bytes unused = XT_SEQ(2, xt_tlv(0xA0, xt_tlv(0xA0, HTTP_CRL)), reasons("\x07\x80", 2));
    xt_bytes past = XT_SEQ(2, xt_tlv(0xA0, xt_tlv(0xA0, HTTP_CRL)), reasons("\x06\x40\x00\x40", 4));
    xt_bytes none = XT_SEQ(2, xt_tlv(0xA0, xt_tlv(0xA0, HTTP_CRL)), reasons("\x00", 1));
    fires(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, unused), "DIST_POINT_REASONS_INVALID");
    fires(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, past), "DIST_POINT_REASONS_INVALID");
    fires(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, none), "DIST_POINT_REASONS_INVALID");
    silent(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, key_compromise), "DIST_POINT_REASONS_INVALID");
}
END_TEST

/* ReasonFlags is a named bit list in a BIT STRING: its DER is checked
 * like any other. */
START_TEST(dist_point_reasons_der)
{
    xt_bytes name = xt_tlv(0xA0, xt_tlv(0xA0, HTTP_CRL));
    xt_bytes trailing = XT_SEQ(1, XT_SEQ(2, name, reasons("\x00\x40", 2)));
    xt_bytes padding = XT_SEQ(1, XT_SEQ(2, name, reasons("\x06\x41", 2)));
    xt_bytes unused_bits = XT_SEQ(1, XT_SEQ(2, name, reasons("\x09\x40", 2)));
    xt_bytes good = XT_SEQ(1, XT_SEQ(2, name, reasons("\x06\x40", 2)));
    fires(CRL_DISTRIBUTION_POINTS, false, trailing, "DER_NAMED_BITS_TRAILING_ZERO");
    fires(CRL_DISTRIBUTION_POINTS, false, padding, "DER_BIT_STRING_PADDING");
    fires(CRL_DISTRIBUTION_POINTS, false, unused_bits, "DER_BIT_STRING_UNUSED_BITS");
    silent(CRL_DISTRIBUTION_POINTS, false, good, "DER_NAMED_BITS_TRAILING_ZERO");
    silent(CRL_DISTRIBUTION_POINTS, false, good, "DER_BIT_STRING_PADDING");
    silent(CRL_DISTRIBUTION_POINTS, false, good, "INVALID_EXTENSION");

    /* a constructed reasons [1] is no DER, and is not read */
    xt_bytes constructed = XT_SEQ(1, XT_SEQ(2, name, xt_tlv(0xA1, xt_tlv(0x03, xt_bytes_of("\x06\x40", 2)))));
    fires(CRL_DISTRIBUTION_POINTS, false, constructed, "DER_CONSTRUCTED_STRING");
    fires(CRL_DISTRIBUTION_POINTS, false, constructed, "INVALID_EXTENSION");

    /* a reasons field too long for the stack copy, its one bit far past
     * aACompromise */
    unsigned char big[100] = {0};
    big[99] = 0x01;
    xt_bytes huge = XT_SEQ(1, XT_SEQ(2, name, reasons((const char *)big, sizeof(big))));
    fires(CRL_DISTRIBUTION_POINTS, false, huge, "DIST_POINT_REASONS_INVALID");
    silent(CRL_DISTRIBUTION_POINTS, false, huge, "DER_NAMED_BITS_TRAILING_ZERO");
    silent(CRL_DISTRIBUTION_POINTS, false, huge, "INVALID_EXTENSION");
}
END_TEST

START_TEST(dist_point_general_name_tags)
{
    /* [9] is no GeneralName */
    fires(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, full_name(xt_text(0x89, "x"))), "INVALID_EXTENSION");
    fires(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, full_name(xt_text(0x89, "x"))), "DER_UNEXPECTED_TAG");
    silent(CRL_DISTRIBUTION_POINTS, false, XT_SEQ(1, full_name(xt_text(0x82, "crl.example"))),
           "INVALID_EXTENSION");
}
END_TEST

/* ---- freshestCRL ----------------------------------------------------- */

START_TEST(freshest_crl)
{
    xt_bytes delta = xt_openssl_value(NID_freshest_crl, "URI:http://crl.example/delta.crl");
    fires(FRESHEST_CRL, true, delta, "FRESHEST_CRL_CRITICAL");
    silent(FRESHEST_CRL, false, delta, "FRESHEST_CRL_CRITICAL");
    fires(FRESHEST_CRL, false, XT_SEQ(1, XT_NONE), "FRESHEST_CRL_EMPTY");
    silent(FRESHEST_CRL, false, delta, "FRESHEST_CRL_EMPTY");
    /* the same conventions as cRLDistributionPoints */
    fires(FRESHEST_CRL, false, XT_SEQ(1, XT_SEQ(1, reasons("\x06\x40", 2))),
          "DIST_POINT_WITHOUT_NAME_OR_ISSUER");
    silent(FRESHEST_CRL, false, delta, "CRL_DISTRIBUTION_POINTS_EMPTY");
    /* the all-reasons requirement is stated for cRLDistributionPoints only */
    xt_bytes segmented = XT_SEQ(1, XT_SEQ(2, xt_tlv(0xA0, xt_tlv(0xA0, HTTP_CRL)), reasons("\x06\x40", 2)));
    silent(FRESHEST_CRL, false, segmented, "CRL_DISTRIBUTION_POINTS_REASONS_INCOMPLETE");
}
END_TEST

/* ---- authorityInfoAccess --------------------------------------------- */

static xt_bytes access(const char *method, xt_bytes location)
{
    return XT_SEQ(2, xt_oid(method), location);
}

START_TEST(aia_critical_and_empty)
{
    xt_bytes aia = xt_openssl_value(NID_info_access, "OCSP;URI:http://ocsp.example/");
    fires(AUTHORITY_INFO_ACCESS, true, aia, "AUTHORITY_INFO_ACCESS_CRITICAL");
    silent(AUTHORITY_INFO_ACCESS, false, aia, "AUTHORITY_INFO_ACCESS_CRITICAL");
    fires(AUTHORITY_INFO_ACCESS, false, XT_SEQ(1, XT_NONE), "AUTHORITY_INFO_ACCESS_EMPTY");
    silent(AUTHORITY_INFO_ACCESS, false, aia, "AUTHORITY_INFO_ACCESS_EMPTY");
}
END_TEST

START_TEST(aia_ca_issuers)
{
    const char *rule = "AIA_CA_ISSUERS_NO_HTTP_OR_LDAP_URI";
    xt_bytes by_dn = access(AD_CA_ISSUERS, directory_name("Issuing CA"));
    xt_bytes by_ftp = access(AD_CA_ISSUERS, uri("ftp://ca.example/ca.crt"));
    xt_bytes by_http = access(AD_CA_ISSUERS, uri("http://ca.example/ca.crt"));
    xt_bytes ocsp = access(AD_OCSP, uri("http://ocsp.example/"));
    fires(AUTHORITY_INFO_ACCESS, false, XT_SEQ(1, by_dn), rule);
    fires(AUTHORITY_INFO_ACCESS, false, XT_SEQ(2, ocsp, by_ftp), rule);
    silent(AUTHORITY_INFO_ACCESS, false, XT_SEQ(2, by_dn, by_http), rule);
    silent(AUTHORITY_INFO_ACCESS, false, XT_SEQ(1, ocsp), rule);
}
END_TEST

START_TEST(aia_ocsp_location)
{
    const char *rule = "AIA_OCSP_NOT_HTTP_URI";
    fires(AUTHORITY_INFO_ACCESS, false, XT_SEQ(1, access(AD_OCSP, directory_name("Responder"))), rule);
    fires(AUTHORITY_INFO_ACCESS, false, XT_SEQ(1, access(AD_OCSP, uri("ldap://ocsp.example/"))), rule);
    silent(AUTHORITY_INFO_ACCESS, false, XT_SEQ(1, access(AD_OCSP, uri("http://ocsp.example/"))),
           rule);
    /* a missing accessLocation does not decode */
    fires(AUTHORITY_INFO_ACCESS, false, XT_SEQ(1, XT_SEQ(1, xt_oid(AD_OCSP))), "INVALID_EXTENSION");
}
END_TEST

/* ---- subjectInfoAccess ----------------------------------------------- */

START_TEST(sia)
{
    xt_bytes repo = XT_SEQ(1, access(AD_CA_REPOSITORY, uri("ldap://repo.example/cn=CA")));
    fires(SUBJECT_INFO_ACCESS, true, repo, "SUBJECT_INFO_ACCESS_CRITICAL");
    silent(SUBJECT_INFO_ACCESS, false, repo, "SUBJECT_INFO_ACCESS_CRITICAL");
    fires(SUBJECT_INFO_ACCESS, false, XT_SEQ(1, XT_NONE), "SUBJECT_INFO_ACCESS_EMPTY");
    silent(SUBJECT_INFO_ACCESS, false, repo, "SUBJECT_INFO_ACCESS_EMPTY");
    xt_bytes by_mail = XT_SEQ(1, access(AD_CA_REPOSITORY, xt_text(0x81, "repo@example.com")));
    fires(SUBJECT_INFO_ACCESS, false, by_mail, "SIA_CA_REPOSITORY_NO_HTTP_OR_LDAP_URI");
    silent(SUBJECT_INFO_ACCESS, false, repo, "SIA_CA_REPOSITORY_NO_HTTP_OR_LDAP_URI");
}
END_TEST

/* ---- subjectDirectoryAttributes -------------------------------------- */

static xt_bytes attribute(const char *type, xt_bytes values)
{
    return XT_SEQ(2, xt_oid(type), xt_tlv(0x31, values));
}

START_TEST(subject_directory_attributes)
{
    /* countryOfCitizenship (1.3.6.1.5.5.7.9.4) */
    xt_bytes citizenship = XT_SEQ(1, attribute("1.3.6.1.5.5.7.9.4", xt_text(0x13, "DE")));
    fires(SUBJECT_DIRECTORY_ATTRIBUTES, true, citizenship, "SUBJECT_DIRECTORY_ATTRIBUTES_CRITICAL");
    silent(SUBJECT_DIRECTORY_ATTRIBUTES, false, citizenship,
           "SUBJECT_DIRECTORY_ATTRIBUTES_CRITICAL");
    silent(SUBJECT_DIRECTORY_ATTRIBUTES, false, citizenship, "INVALID_EXTENSION");
    fires(SUBJECT_DIRECTORY_ATTRIBUTES, false, XT_SEQ(1, XT_NONE), "SUBJECT_DIRECTORY_ATTRIBUTES_EMPTY");
    silent(SUBJECT_DIRECTORY_ATTRIBUTES, false, citizenship, "SUBJECT_DIRECTORY_ATTRIBUTES_EMPTY");
    fires(SUBJECT_DIRECTORY_ATTRIBUTES, false, XT_SEQ(1, attribute("1.3.6.1.5.5.7.9.4", XT_NONE)),
          "SUBJECT_DIRECTORY_ATTRIBUTE_NO_VALUES");
    silent(SUBJECT_DIRECTORY_ATTRIBUTES, false, citizenship,
           "SUBJECT_DIRECTORY_ATTRIBUTE_NO_VALUES");
    xt_bytes fr_de = xt_cat(2, xt_text(0x13, "FR"), xt_text(0x13, "DE"));
    xt_bytes de_fr = xt_cat(2, xt_text(0x13, "DE"), xt_text(0x13, "FR"));
    xt_bytes unsorted = XT_SEQ(1, attribute("1.3.6.1.5.5.7.9.4", fr_de));
    xt_bytes sorted = XT_SEQ(1, attribute("1.3.6.1.5.5.7.9.4", de_fr));
    fires(SUBJECT_DIRECTORY_ATTRIBUTES, false, unsorted, "DER_SET_NOT_SORTED");
    silent(SUBJECT_DIRECTORY_ATTRIBUTES, false, sorted, "DER_SET_NOT_SORTED");
}
END_TEST

/* ---- Certificate Transparency ---------------------------------------- */

#define POISON xt_bytes_of("\x05\x00", 2)
/* an SCT list with one three-byte SCT */
#define ONE_SCT xt_tlv(0x04, xt_bytes_of("\x00\x05\x00\x03\x01\x02\x03", 7))

START_TEST(ct_poison)
{
    fires(CT_POISON, false, POISON, "CT_POISON_NOT_CRITICAL");
    silent(CT_POISON, true, POISON, "CT_POISON_NOT_CRITICAL");
    silent(CT_POISON, true, POISON, "CT_POISON_NOT_NULL");
    silent(CT_POISON, true, POISON, "INVALID_EXTENSION");
    fires(CT_POISON, true, xt_bytes_of("\x05\x01\x00", 3), "CT_POISON_NOT_NULL");
    fires(CT_POISON, true, xt_bytes_of("\x05\x01\x00", 3), "DER_NULL_NOT_EMPTY");
    fires(CT_POISON, true, XT_SEQ(1, XT_NONE), "CT_POISON_NOT_NULL");
    fires(CT_POISON, true, xt_bytes_of("\x05\x00\x00", 3), "CT_POISON_NOT_NULL");
}
END_TEST

START_TEST(ct_precert_with_scts)
{
    const ext precert[] = {{CT_POISON, true, POISON}, {CT_SCT_LIST, false, ONE_SCT}};
    expect_exts(precert, 2, "CT_PRECERT_HAS_SCT_LIST", true);
    expect_exts(&precert[0], 1, "CT_PRECERT_HAS_SCT_LIST", false);
    expect_exts(&precert[1], 1, "CT_PRECERT_HAS_SCT_LIST", false);
}
END_TEST

START_TEST(ct_sct_list)
{
    fires(CT_SCT_LIST, false, xt_tlv(0x04, xt_bytes_of("\x00\x00", 2)), "CT_SCT_LIST_EMPTY");
    fires(CT_SCT_LIST, false, xt_tlv(0x04, XT_NONE), "CT_SCT_LIST_EMPTY");
    silent(CT_SCT_LIST, false, ONE_SCT, "CT_SCT_LIST_EMPTY");
    silent(CT_SCT_LIST, false, ONE_SCT, "INVALID_EXTENSION");
    /* a list whose lengths do not add up does not decode, and is not "empty" */
    xt_bytes short_sct = xt_tlv(0x04, xt_bytes_of("\x00\x05\x00\x04\x01\x02\x03", 7));
    xt_bytes zero_sct = xt_tlv(0x04, xt_bytes_of("\x00\x02\x00\x00", 4));
    fires(CT_SCT_LIST, false, short_sct, "INVALID_EXTENSION");
    silent(CT_SCT_LIST, false, short_sct, "CT_SCT_LIST_EMPTY");
    fires(CT_SCT_LIST, false, zero_sct, "INVALID_EXTENSION");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("r_access");
    TCase *tc = tcase_create("rules");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, openssl_encodings_decode);
    tcase_add_test(tc, crl_dp_critical);
    tcase_add_test(tc, crl_dp_empty);
    tcase_add_test(tc, dist_point_without_name);
    tcase_add_test(tc, dist_point_names_empty);
    tcase_add_test(tc, dist_point_http_or_ldap);
    tcase_add_test(tc, dist_point_relative_name);
    tcase_add_test(tc, dist_point_crl_issuer);
    tcase_add_test(tc, dist_point_reasons);
    tcase_add_test(tc, dist_point_reasons_der);
    tcase_add_test(tc, dist_point_general_name_tags);
    tcase_add_test(tc, freshest_crl);
    tcase_add_test(tc, aia_critical_and_empty);
    tcase_add_test(tc, aia_ca_issuers);
    tcase_add_test(tc, aia_ocsp_location);
    tcase_add_test(tc, sia);
    tcase_add_test(tc, subject_directory_attributes);
    tcase_add_test(tc, ct_poison);
    tcase_add_test(tc, ct_precert_with_scts);
    tcase_add_test(tc, ct_sct_list);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return xt_run_with_key(&key, "EC", suite);
}
