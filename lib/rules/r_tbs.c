/*
 * r_tbs.c: the TBSCertificate fields that are neither names nor
 * extensions: version (RFC 5280 4.1.2.1), serialNumber (4.1.2.2), the two
 * signature AlgorithmIdentifiers (4.1.1.2, 4.1.2.3), validity (4.1.2.5,
 * X.690 11.7-11.8) and the unique identifiers (4.1.2.8).
 */
#include <stdio.h>

#include "rules/check.h"
#include "util/civil.h"

enum { VERSION_1 = 0, VERSION_2 = 1 };

/* RFC 5280 4.1.2.1: Version ::= INTEGER { v1(0), v2(1), v3(2) }. The model
 * keeps -1 for a version field it found but could not read as one of these. */
static void version_known(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (m->version_encoded && m->version < 0) {
        xs_emit(c, XS_R_VERSION_UNKNOWN, m->tbs.off, NULL);
    }
}

/* RFC 5280 4.1.2.1: without extensions and unique identifiers the version
 * SHOULD be 1 but MAY be 2 or 3; extensions in a v2 certificate are
 * EXTENSIONS_REQUIRE_VERSION_3 (rules/r_ext.c). */
static void version_2_has_unique_ids(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    /* the unique identifiers come before [3]: knowing the extensions, the walk read them */
    if (m->version == VERSION_2 && !m->issuer_uid && !m->subject_uid && !m->extensions_encoded &&
        xs_model_knows_ext(m, XS_EXT_UNKNOWN)) {
        xs_emit(c, XS_R_VERSION_2_WITHOUT_UNIQUE_IDS, m->tbs.off, NULL);
    }
}

/* RFC 5280 4.1.2.2: the serial number MUST be a positive integer. An
 * INTEGER without contents is DER_INTEGER_EMPTY already. */
static void serial_positive(xs_check_ctx *c)
{
    const xs_der *serial = &c->cert->serial;
    if (serial->p == NULL || serial->len == 0) {
        return;
    }
    if (xs_der_integer_is_negative(serial)) {
        xs_emit(c, XS_R_SERIAL_NUMBER_NOT_POSITIVE, serial->off, "the serial number is negative");
    } else if (xs_der_integer_is_zero(serial)) {
        xs_emit(c, XS_R_SERIAL_NUMBER_NOT_POSITIVE, serial->off, "the serial number is zero");
    }
}

/* RFC 5280 4.1.2.2: at most 20 octets, counted as encoded (BoringSSL and
 * pkilint count the same way): a 20-octet magnitude with its top bit set
 * needs a sign octet and is too long. */
static void serial_length(xs_check_ctx *c)
{
    const xs_der *serial = &c->cert->serial;
    if (serial->p != NULL && serial->len > 20) {
        xs_emit(c, XS_R_SERIAL_NUMBER_TOO_LONG, serial->off,
                "the serial number has %zu contents octets", serial->len);
    }
}

/* RFC 5280 4.1.1.2: signatureAlgorithm MUST be the same algorithm identifier
 * as TBSCertificate.signature. OpenSSL's X509_ALGOR_cmp compares the OID and
 * the parameters, so NULL parameters and absent ones differ; comparing the
 * encodings is that comparison for DER. */
static void signature_algorithms_agree(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (m->is_tbs_only || m->sig_outer.whole.p == NULL || m->sig_inner.whole.p == NULL) {
        return;
    }
    if (!xs_der_equal(&m->sig_outer.whole, &m->sig_inner.whole)) {
        xs_emit(c, XS_R_SIGNATURE_ALGORITHM_INCONSISTENCY, m->sig_outer.whole.off,
                "signatureAlgorithm differs from tbsCertificate.signature");
    }
}

/* RFC 5280 4.1.2.8: CAs MUST NOT generate certificates with unique
 * identifiers, which MUST only appear in versions 2 and 3. */
static const char *unique_ids_named(const xs_model *m)
{
    return m->issuer_uid && m->subject_uid ? "issuerUniqueID and subjectUniqueID"
           : m->issuer_uid                 ? "issuerUniqueID"
                                           : "subjectUniqueID";
}

static void unique_ids_absent(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (m->issuer_uid || m->subject_uid) {
        xs_emit(c, XS_R_UNIQUE_ID_PRESENT, m->tbs.off, "the certificate has %s",
                unique_ids_named(m));
    }
}

static void unique_ids_need_version_2(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if ((m->issuer_uid || m->subject_uid) && m->version == VERSION_1) {
        xs_emit(c, XS_R_UNIQUE_ID_IN_VERSION_1, m->tbs.off, "a version 1 certificate has %s",
                unique_ids_named(m));
    }
}

static bool time_readable(const xs_time *t)
{
    return t->present && (t->defects & (XS_TIME_BAD_SYNTAX | XS_TIME_BAD_CALENDAR)) == 0;
}

/* describe_defects lists a time's defects as "has no seconds, is not in
 * UTC (Z)". */
static void describe_defects(unsigned defects, char *out, size_t out_len)
{
    static const struct {
        unsigned flag;
        const char *text;
    } names[] = {
        {XS_TIME_BAD_SYNTAX, "is not of the form YYMMDDHHMMSSZ or YYYYMMDDHHMMSSZ"},
        {XS_TIME_NO_SECONDS, "has no seconds"},
        {XS_TIME_NOT_ZULU, "is not in UTC (Z)"},
        {XS_TIME_FRACTION, "has fractional seconds"},
        {XS_TIME_BAD_CALENDAR, "names a date or time that does not exist"},
    };
    size_t used = 0;
    out[0] = 0;
    for (size_t i = 0; i < XS_ARRAY_LEN(names) && used < out_len; i++) {
        if (defects & names[i].flag) {
            int n = snprintf(out + used, out_len - used, "%s%s", used ? ", " : "", names[i].text);
            used += n > 0 ? (size_t)n : 0;
        }
    }
}

/* RFC 5280 4.1.2.5.1-2, X.690 11.7-11.8: YYMMDDHHMMSSZ or YYYYMMDDHHMMSSZ,
 * seconds present, Zulu, no fractions, a real date. OpenSSL's X509_cmp_time
 * refuses exactly these, so they are its codes 13 and 14. */
static void time_well_formed(xs_check_ctx *c, const xs_time *t, const char *field, xs_rule_id rule)
{
    if (!t->present || t->defects == 0) {
        return;
    }
    char defects[200];
    describe_defects(t->defects, defects, sizeof(defects));
    xs_emit(c, rule, t->value.off, "%s (%s) %s", field,
            t->tag == XS_TAG_UTC_TIME ? "UTCTime" : "GeneralizedTime", defects);
}

static void times_well_formed(xs_check_ctx *c)
{
    time_well_formed(c, &c->cert->not_before, "notBefore", XS_R_ERROR_IN_CERT_NOT_BEFORE_FIELD);
    time_well_formed(c, &c->cert->not_after, "notAfter", XS_R_ERROR_IN_CERT_NOT_AFTER_FIELD);
}

/* RFC 5280 4.1.2.5: dates through 2049 MUST be UTCTime. (A UTCTime cannot
 * name 2050 or later: RFC 5280 4.1.2.5.1 reads YY >= 50 as 19YY.) */
static void date_before_2050_is_utc(xs_check_ctx *c, const xs_time *t, const char *field)
{
    int64_t year_2050 = xs_days_from_civil(2050, 1, 1) * 86400;
    if (time_readable(t) && t->tag == XS_TAG_GENERALIZED_TIME && t->seconds < year_2050) {
        xs_emit(c, XS_R_VALIDITY_GENERALIZED_TIME_BEFORE_2050, t->value.off,
                "%s is GeneralizedTime %.*s", field, (int)t->value.len, (const char *)t->value.p);
    }
}

static void dates_before_2050_are_utc(xs_check_ctx *c)
{
    date_before_2050_is_utc(c, &c->cert->not_before, "notBefore");
    date_before_2050_is_utc(c, &c->cert->not_after, "notAfter");
}

/* RFC 5280 4.1.2.5: the period runs from notBefore through notAfter,
 * inclusive; equal times are a one-second period. 99991231235959Z (no
 * well-defined expiration) is an ordinary notAfter here. */
static void validity_period_not_negative(xs_check_ctx *c)
{
    const xs_time *from = &c->cert->not_before, *to = &c->cert->not_after;
    if (time_readable(from) && time_readable(to) && from->seconds > to->seconds) {
        xs_emit(c, XS_R_VALIDITY_PERIOD_NEGATIVE, from->value.off,
                "notBefore %.*s is later than notAfter %.*s", (int)from->value.len,
                (const char *)from->value.p, (int)to->value.len, (const char *)to->value.p);
    }
}

static const xs_check checks[] = {
    {"version_known", version_known},
    {"version_2_has_unique_ids", version_2_has_unique_ids},
    {"serial_positive", serial_positive},
    {"serial_length", serial_length},
    {"signature_algorithms_agree", signature_algorithms_agree},
    {"unique_ids_absent", unique_ids_absent},
    {"unique_ids_need_version_2", unique_ids_need_version_2},
    {"times_well_formed", times_well_formed},
    {"dates_before_2050_are_utc", dates_before_2050_are_utc},
    {"validity_period_not_negative", validity_period_not_negative},
};
const xs_check *const xs_checks_tbs = checks;
const size_t xs_checks_tbs_count = XS_ARRAY_LEN(checks);
