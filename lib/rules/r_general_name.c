/*
 * r_general_name.c: subjectAltName and issuerAltName (RFC 5280 4.2.1.6,
 * 4.2.1.7): emptiness, criticality, and the syntax of each GeneralName.
 *
 * The decoder (cert/ext_names.c) judged every entry once; these checks only
 * read its verdict bits. A rule reports at most REPORTED_MAX entries of one
 * extension, then one finding counting the rest, so that a hostile list of
 * 100,000 bad names gives a short report.
 */
#include <stdio.h>

#include "rules/check.h"

#define REPORTED_MAX 8
#define FORM(f) (1u << (f))
#define IA5_FORMS (FORM(XS_GN_RFC822_NAME) | FORM(XS_GN_DNS_NAME) | FORM(XS_GN_URI))

/* A rule on single entries: it fires on an entry of one of `forms` (0: any)
 * that has one of `defects` (0: whatever its defects). */
typedef struct {
    xs_rule_id rule;
    unsigned forms;
    uint32_t defects;
    const char *problem; /* ends "subjectAltName[3]: dNSName "a..b" ..." */
} entry_rule;

static bool matches(const xs_general_name *gn, const entry_rule *r)
{
    if ((gn->defects & XS_GN_MALFORMED) != 0) {
        return false; /* reported by the DER family, judged no further */
    }
    if (r->forms != 0 && (r->forms & FORM(gn->form)) == 0) {
        return false;
    }
    return r->defects == 0 || (gn->defects & r->defects) != 0;
}

static void emit_entry(xs_check_ctx *c, size_t ext, const char *list, size_t i,
                       const xs_general_name *gn, const entry_rule *r)
{
    char path[XS_PATH_MAX + 32], name[200], detail[320];
    snprintf(path, sizeof(path), "tbsCertificate.extensions[%zu].%s[%zu]", ext, list, i);
    xs_general_name_describe(gn, name, sizeof(name));
    snprintf(detail, sizeof(detail), "%s[%zu]: %s %s", list, i, name, r->problem);
    xs_emit_path(c, r->rule, gn->off, path, detail);
}

static void report_entries(xs_check_ctx *c, size_t ext, const char *list,
                           const xs_general_names *names, const entry_rule *r)
{
    size_t reported = 0, unlisted = 0, first_unlisted = 0;
    for (size_t i = 0; i < names->count; i++) {
        if (!matches(&names->items[i], r)) {
            continue;
        }
        if (reported < REPORTED_MAX) {
            emit_entry(c, ext, list, i, &names->items[i], r);
            reported++;
        } else if (unlisted++ == 0) {
            first_unlisted = i;
        }
    }
    if (unlisted > 0) {
        char path[XS_PATH_MAX + 32], detail[200];
        snprintf(path, sizeof(path), "tbsCertificate.extensions[%zu].%s[%zu]", ext, list,
                 first_unlisted);
        snprintf(detail, sizeof(detail),
                 "%s: %zu more entries like these from [%zu] on, not listed", list, unlisted,
                 first_unlisted);
        xs_emit_path(c, r->rule, names->items[first_unlisted].off, path, detail);
    }
}

/* report_alt_names runs entry rules over subjectAltName and issuerAltName:
 * RFC 5280 4.2.1.7 encodes issuer alternative names as 4.2.1.6 does. */
static void report_alt_names(xs_check_ctx *c, const entry_rule *rules, size_t count)
{
    const xs_ext_names *n = &c->cert->names;
    for (size_t r = 0; r < count; r++) {
        if (n->san_present) {
            report_entries(c, n->san_ext, "subjectAltName", &n->san.names, &rules[r]);
        }
        if (n->ian_present) {
            report_entries(c, n->ian_ext, "issuerAltName", &n->ian.names, &rules[r]);
        }
    }
}

static bool extension_repeated(const xs_model *m, xs_ext_kind kind)
{
    for (size_t i = 0; i < m->ext_count; i++) {
        if (m->exts[i].kind == kind && m->exts[i].duplicate) {
            return true;
        }
    }
    return false;
}

/* RFC 5280 4.2.1.6: GeneralNames is SIZE (1..MAX). Emitted as OpenSSL's
 * strict check does: the extension decodes (OpenSSL's d2i succeeds, which
 * it does not for a repeated extension) and holds no name. */
static void san_has_names(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    const xs_alt_names *san = &m->names.san;
    if (m->names.san_present && san->read && san->names.count == 0 &&
        m->exts[m->names.san_ext].value_ok && !extension_repeated(m, XS_EXT_SUBJECT_ALT_NAME)) {
        xs_emit(c, XS_R_EMPTY_SUBJECT_ALT_NAME, m->exts[m->names.san_ext].value.off, NULL);
    }
}

/* RFC 5280 4.2.1.7: issuerAltName is GeneralNames too. */
static void ian_has_names(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (m->names.ian_present && m->names.ian.read && m->names.ian.names.count == 0) {
        xs_emit(c, XS_R_EMPTY_ISSUER_ALT_NAME, m->exts[m->names.ian_ext].value.off, NULL);
    }
}

/* RFC 5280 4.2.1.6: with a non-empty subject, SAN SHOULD be non-critical.
 * "Empty" is OpenSSL's: no attribute at all. */
static void san_critical_only_without_subject(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (!m->names.san_present || !m->subject.present || m->subject.attr_count == 0) {
        return;
    }
    const xs_ext *e = &m->exts[m->names.san_ext];
    if (e->critical) {
        xs_emit(c, XS_R_SAN_CRITICAL_WITH_NONEMPTY_SUBJECT, e->whole.off, NULL);
    }
}

/* RFC 5280 4.2.1.7: issuerAltName SHOULD be non-critical. */
static void ian_not_critical(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (m->names.ian_present && m->exts[m->names.ian_ext].critical) {
        xs_emit(c, XS_R_ISSUER_ALT_NAME_CRITICAL, m->exts[m->names.ian_ext].whole.off, NULL);
    }
}

/* RFC 5280 4.2.1.6: no empty GeneralName fields. */
static void values_not_empty(xs_check_ctx *c)
{
    static const entry_rule rules[] = {
        {XS_R_ALT_NAME_EMPTY_VALUE, 0, XS_GN_EMPTY, "is empty"},
    };
    report_alt_names(c, rules, XS_ARRAY_LEN(rules));
}

/* RFC 5280 4.2.1.6, Appendix A.1: IA5String forms hold ASCII. */
static void ia5_only(xs_check_ctx *c)
{
    static const entry_rule rules[] = {
        {XS_R_ALT_NAME_NOT_IA5, IA5_FORMS, XS_GN_NOT_IA5, "holds octets above 0x7F"},
    };
    report_alt_names(c, rules, XS_ARRAY_LEN(rules));
}

/* RFC 5280 4.2.1.6: dNSName in the preferred name syntax (RFC 1034 3.5,
 * RFC 1123 2.1), not " ". */
static void dns_name_syntax(xs_check_ctx *c)
{
    static const entry_rule rules[] = {
        {XS_R_ALT_NAME_DNS_SPACE, FORM(XS_GN_DNS_NAME), XS_GN_DNS_SPACE, "is a single space"},
        {XS_R_ALT_NAME_DNS_BAD_CHARACTER, FORM(XS_GN_DNS_NAME), XS_GN_DNS_BAD_CHAR,
         "holds a character other than a letter, digit, hyphen or period"},
        {XS_R_ALT_NAME_DNS_UNDERSCORE, FORM(XS_GN_DNS_NAME), XS_GN_DNS_UNDERSCORE,
         "holds an underscore"},
        {XS_R_ALT_NAME_DNS_EMPTY_LABEL, FORM(XS_GN_DNS_NAME), XS_GN_DNS_EMPTY_LABEL,
         "has an empty label"},
        {XS_R_ALT_NAME_DNS_LABEL_HYPHEN, FORM(XS_GN_DNS_NAME), XS_GN_DNS_LABEL_HYPHEN,
         "has a label that begins or ends with a hyphen"},
        {XS_R_ALT_NAME_DNS_LABEL_TOO_LONG, FORM(XS_GN_DNS_NAME), XS_GN_DNS_LABEL_TOO_LONG,
         "has a label longer than 63 octets"},
        {XS_R_ALT_NAME_DNS_TOO_LONG, FORM(XS_GN_DNS_NAME), XS_GN_DNS_TOO_LONG,
         "is longer than 253 octets"},
        {XS_R_ALT_NAME_DNS_BAD_WILDCARD, FORM(XS_GN_DNS_NAME), XS_GN_DNS_BAD_WILDCARD,
         "has a wildcard that is not the whole leftmost label"},
        {XS_R_ALT_NAME_DNS_IP_LITERAL, FORM(XS_GN_DNS_NAME), XS_GN_DNS_IP_LITERAL,
         "is an IP address written as text"},
    };
    report_alt_names(c, rules, XS_ARRAY_LEN(rules));
}

/* RFC 5280 4.2.1.6: rfc822Name is a Mailbox (RFC 2821 4.1.2). */
static void email_syntax(xs_check_ctx *c)
{
    static const entry_rule rules[] = {
        {XS_R_ALT_NAME_EMAIL_BAD_SYNTAX, FORM(XS_GN_RFC822_NAME), XS_GN_EMAIL_BAD_SYNTAX,
         "is not a bare mailbox local-part@domain"},
        {XS_R_ALT_NAME_EMAIL_BAD_DOMAIN, FORM(XS_GN_RFC822_NAME), XS_GN_EMAIL_BAD_DOMAIN,
         "has a domain that is not a host name or address literal"},
    };
    report_alt_names(c, rules, XS_ARRAY_LEN(rules));
}

/* RFC 5280 4.2.1.6: absolute URIs in RFC 3986 syntax, with an FQDN or IP
 * host wherever an authority is given. */
static void uri_syntax(xs_check_ctx *c)
{
    static const entry_rule rules[] = {
        {XS_R_ALT_NAME_URI_RELATIVE, FORM(XS_GN_URI), XS_GN_URI_RELATIVE, "has no scheme"},
        {XS_R_ALT_NAME_URI_BAD_SYNTAX, FORM(XS_GN_URI), XS_GN_URI_BAD_SYNTAX,
         "is not RFC 3986 syntax"},
        {XS_R_ALT_NAME_URI_BAD_HOST, FORM(XS_GN_URI), XS_GN_URI_BAD_HOST,
         "has a host that is not a fully qualified domain name or IP address"},
    };
    report_alt_names(c, rules, XS_ARRAY_LEN(rules));
}

/* RFC 5280 4.2.1.6: iPAddress is 4 or 16 octets. */
static void ip_lengths(xs_check_ctx *c)
{
    static const entry_rule rules[] = {
        {XS_R_ALT_NAME_IP_BAD_LENGTH, FORM(XS_GN_IP_ADDRESS), XS_GN_IP_BAD_LENGTH,
         "is neither 4 nor 16 octets"},
    };
    report_alt_names(c, rules, XS_ARRAY_LEN(rules));
}

/* Forms RFC 5280 defines no processing for (a notice, not a requirement). */
static void legacy_forms(xs_check_ctx *c)
{
    static const entry_rule rules[] = {
        {XS_R_ALT_NAME_LEGACY_FORM, FORM(XS_GN_X400_ADDRESS) | FORM(XS_GN_EDI_PARTY_NAME), 0,
         "is a form common verifiers do not process"},
    };
    report_alt_names(c, rules, XS_ARRAY_LEN(rules));
}

static void duplicates(xs_check_ctx *c)
{
    static const entry_rule rules[] = {
        {XS_R_ALT_NAME_DUPLICATE, 0, XS_GN_DUPLICATE, "repeats an earlier entry"},
    };
    report_alt_names(c, rules, XS_ARRAY_LEN(rules));
}

static const xs_check checks[] = {
    {"san_has_names", san_has_names},
    {"ian_has_names", ian_has_names},
    {"san_critical_only_without_subject", san_critical_only_without_subject},
    {"ian_not_critical", ian_not_critical},
    {"values_not_empty", values_not_empty},
    {"ia5_only", ia5_only},
    {"dns_name_syntax", dns_name_syntax},
    {"email_syntax", email_syntax},
    {"uri_syntax", uri_syntax},
    {"ip_lengths", ip_lengths},
    {"legacy_forms", legacy_forms},
    {"duplicates", duplicates},
};
const xs_check *const xs_checks_general_name = checks;
const size_t xs_checks_general_name_count = XS_ARRAY_LEN(checks);
