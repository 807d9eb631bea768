/*
 * r_name.c: issuer and subject (RFC 5280 4.1.2.4, 4.1.2.6): empty names
 * with OpenSSL's exact conditions, empty RDNs, and every attribute's
 * string type, contents and upper bound (Appendix A.1, X.520, X.680 41,
 * RFC 3629), and the legacy emailAddress attribute.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cert/name_text.h"
#include "rules/check.h"

/* ---- empty names, as OpenSSL's check_extensions() sees them ------------ */

/* name_is_empty: OpenSSL's X509_NAME_entry_count() == 0. Empty RDNs hold no
 * entry, so "SEQUENCE { SET {} }" is empty too; a name whose attributes did
 * not decode is not. */
static bool name_is_empty(const xs_name *n)
{
    if (!n->present || n->attr_count > 0) {
        return false;
    }
    xs_der whole = n->whole, rdns, rdn;
    whole.sink = NULL; /* the model is read, never written */
    if (!xs_der_get(&whole, XS_TAG_SEQUENCE, &rdns)) {
        return false;
    }
    while (!xs_der_at_end(&rdns)) {
        if (!xs_der_get(&rdns, XS_TAG_SET, &rdn) || !xs_der_at_end(&rdn)) {
            return false;
        }
    }
    return true;
}

static bool decoded(const xs_model *m, bool present, size_t ext)
{
    return present && ext < m->ext_count && m->exts[ext].value_ok;
}

/* openssl_san is OpenSSL's x->altname: the subjectAltName that
 * X509_get_ext_d2i decodes, which it does not when the extension is
 * malformed or repeated. */
static const xs_ext *openssl_san(const xs_model *m)
{
    const xs_ext *san = xs_model_find_ext(m, XS_EXT_SUBJECT_ALT_NAME);
    if (san == NULL || !san->value_ok) {
        return NULL;
    }
    for (size_t i = 0; i < m->ext_count; i++) {
        if (m->exts[i].kind == XS_EXT_SUBJECT_ALT_NAME && m->exts[i].duplicate) {
            return NULL;
        }
    }
    return san;
}

/* RFC 5280 4.1.2.4: the issuer MUST be a non-empty distinguished name.
 * OpenSSL: X509_NAME_entry_count(issuer) == 0, on every certificate. */
static void issuer_not_empty(xs_check_ctx *c)
{
    const xs_name *issuer = &c->cert->issuer;
    if (name_is_empty(issuer)) {
        xs_emit_path(c, XS_R_ISSUER_NAME_EMPTY, issuer->whole.off, "tbsCertificate.issuer", NULL);
    }
}

/* RFC 5280 4.1.2.6, 4.2.1.6: a CA's subject MUST NOT be empty; an empty
 * subject needs a critical subjectAltName. OpenSSL reports an empty subject
 * when cA is TRUE, keyUsage has cRLSign, or there is no subjectAltName; and
 * separately an empty subject whose subjectAltName is not critical. */
static void subject_not_empty(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    if (!name_is_empty(&m->subject)) {
        return;
    }
    bool ca = decoded(m, m->bc.present, m->bc.ext) && m->bc.ca;
    bool crl_sign = decoded(m, m->ku.present, m->ku.ext) && (m->ku.bits & XS_KU_CRL_SIGN) != 0;
    const xs_ext *san = openssl_san(m);
    const char *path = "tbsCertificate.subject";
    bool no_san = san == NULL && xs_model_knows_ext(m, XS_EXT_SUBJECT_ALT_NAME);
    if (ca || crl_sign || no_san) {
        xs_emit_path(c, XS_R_SUBJECT_NAME_EMPTY, m->subject.whole.off, path,
                     ca         ? "the subject of a CA certificate is empty"
                     : crl_sign ? "the subject is empty and keyUsage asserts cRLSign"
                                : "the subject is empty and there is no subjectAltName");
    }
    if (san != NULL && !san->critical) {
        char san_path[48];
        snprintf(san_path, sizeof(san_path), "tbsCertificate.extensions[%zu]",
                 (size_t)(san - m->exts));
        xs_emit_path(c, XS_R_EMPTY_SUBJECT_SAN_NOT_CRITICAL, san->whole.off, san_path, NULL);
    }
}

/* RFC 5280 4.1.2.4: RelativeDistinguishedName ::= SET SIZE (1..MAX). */
static void rdn_not_empty(xs_check_ctx *c, const xs_name *name, const char *path)
{
    if (name->empty_rdn) {
        xs_emit_path(c, XS_R_NAME_RDN_EMPTY, name->whole.off, path,
                     "an RDN of the name is an empty SET");
    }
}

static void rdns_not_empty(xs_check_ctx *c)
{
    rdn_not_empty(c, &c->cert->issuer, "tbsCertificate.issuer");
    rdn_not_empty(c, &c->cert->subject, "tbsCertificate.subject");
}

/* ---- attribute values --------------------------------------------------- */

/* What one pass over a value's characters found. */
typedef struct {
    size_t chars;
    bool invalid;       /* a unit that is no character of the string type */
    bool not_printable; /* a character outside PrintableString's alphabet */
    bool nul;
    bool control;       /* C0 other than NUL, DEL, C1 */
    bool only_capitals; /* A-Z only */
} value_facts;

/* X.680 41: A-Z a-z 0-9 space ' ( ) + , - . / : = ? */
static bool in_printable_alphabet(uint32_t ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
           (ch < 0x80 && ch != 0 && strchr(" '()+,-./:=?", (int)ch) != NULL);
}

static value_facts scan_value(const xs_attr *a)
{
    value_facts f = {.only_capitals = true};
    xs_chars it;
    uint32_t ch;
    xs_chars_init(&it, a->tag, &a->value);
    while (xs_chars_next(&it, &ch)) {
        f.chars++;
        if (ch == XS_CHAR_INVALID) {
            f.invalid = true;
            f.only_capitals = false;
            continue;
        }
        f.not_printable |= !in_printable_alphabet(ch);
        f.nul |= ch == 0;
        f.control |= (ch > 0 && ch < 0x20) || (ch >= 0x7F && ch <= 0x9F);
        f.only_capitals &= ch >= 'A' && ch <= 'Z';
    }
    return f;
}

static const char *tag_name(uint8_t tag)
{
    switch (tag) {
    case XS_TAG_UTF8_STRING:
        return "UTF8String";
    case XS_TAG_PRINTABLE_STRING:
        return "PrintableString";
    case XS_TAG_T61_STRING:
        return "TeletexString";
    case XS_TAG_IA5_STRING:
        return "IA5String";
    case XS_TAG_VISIBLE_STRING:
        return "VisibleString";
    case XS_TAG_UNIVERSAL_STRING:
        return "UniversalString";
    case XS_TAG_BMP_STRING:
        return "BMPString";
    case 0x12:
        return "NumericString";
    default:
        return "not a character string";
    }
}

static bool is_directory_string(uint8_t tag)
{
    return tag == XS_TAG_PRINTABLE_STRING || tag == XS_TAG_UTF8_STRING ||
           tag == XS_TAG_T61_STRING || tag == XS_TAG_BMP_STRING || tag == XS_TAG_UNIVERSAL_STRING;
}

static bool tag_allowed(xs_attr_syntax syntax, uint8_t tag)
{
    switch (syntax) {
    case XS_ATTR_DIRECTORY_STRING:
        return is_directory_string(tag);
    case XS_ATTR_PRINTABLE_STRING:
    case XS_ATTR_COUNTRY:
        return tag == XS_TAG_PRINTABLE_STRING;
    case XS_ATTR_IA5_STRING:
        return tag == XS_TAG_IA5_STRING;
    case XS_ATTR_ANY:
        break;
    }
    return true;
}

static const char *syntax_name(xs_attr_syntax syntax)
{
    switch (syntax) {
    case XS_ATTR_DIRECTORY_STRING:
        return "DirectoryString (PrintableString, UTF8String, TeletexString, BMPString or "
               "UniversalString)";
    case XS_ATTR_PRINTABLE_STRING:
    case XS_ATTR_COUNTRY:
        return "PrintableString";
    case XS_ATTR_IA5_STRING:
        return "IA5String";
    case XS_ATTR_ANY:
        break;
    }
    return "any string";
}

/* One attribute being checked, and where to report it. */
typedef struct {
    xs_check_ctx *c;
    const xs_attr *attr;
    const xs_attr_type *type; /* NULL for a type x509strict does not know */
    bool in_subject;
    char path[64]; /* "tbsCertificate.subject[2]" */
    char what[96]; /* "subject commonName" */
} attr_check;

XS_PRINTF(3, 4)
static void report(const attr_check *a, xs_rule_id rule, const char *fmt, ...)
{
    char detail[320];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof(detail), fmt, ap);
    va_end(ap);
    xs_emit_path(a->c, rule, a->attr->value.off, a->path, detail);
}

/* RFC 5280 Appendix A.1: each attribute's syntax. */
static void string_type_allowed(const attr_check *a)
{
    if (a->type != NULL && !tag_allowed(a->type->syntax, a->attr->tag)) {
        report(a, XS_R_NAME_ATTRIBUTE_WRONG_STRING_TYPE, "%s is %s; it must be %s", a->what,
               tag_name(a->attr->tag), syntax_name(a->type->syntax));
    }
}

/* X.680 41, RFC 3629: the octets are characters of the string type. */
static void characters_of_type(const attr_check *a, const value_facts *f)
{
    uint8_t tag = a->attr->tag;
    if (tag == XS_TAG_PRINTABLE_STRING && (f->invalid || f->not_printable)) {
        report(a, XS_R_NAME_PRINTABLE_STRING_BAD_CHARACTER,
               "%s holds a character PrintableString does not have", a->what);
    } else if (tag == XS_TAG_IA5_STRING && f->invalid) {
        report(a, XS_R_NAME_IA5_STRING_NOT_ASCII, "%s is an IA5String with octets above 0x7F",
               a->what);
    } else if (tag == XS_TAG_UTF8_STRING && f->invalid) {
        report(a, XS_R_NAME_UTF8_STRING_MALFORMED, "%s is not well-formed UTF-8", a->what);
    } else if (tag == XS_TAG_BMP_STRING && f->invalid) {
        report(a, XS_R_NAME_BMP_STRING_MALFORMED, "%s is a BMPString of %zu octets%s", a->what,
               a->attr->value.len,
               a->attr->value.len % 2 ? " (an odd number)" : " holding surrogates");
    } else if (tag == XS_TAG_UNIVERSAL_STRING && f->invalid) {
        report(a, XS_R_NAME_UNIVERSAL_STRING_MALFORMED, "%s is a UniversalString of %zu octets%s",
               a->what, a->attr->value.len,
               a->attr->value.len % 4 ? " (not a multiple of 4)"
                                      : " holding a value that is no character");
    }
}

/* No RFC rule: NUL and control characters, which no real name has.
 * PrintableString cannot hold them and is reported above instead. */
static void no_control_characters(const attr_check *a, const value_facts *f)
{
    if (a->attr->tag == XS_TAG_PRINTABLE_STRING) {
        return;
    }
    if (f->nul) {
        report(a, XS_R_NAME_VALUE_HAS_NUL, "%s contains U+0000", a->what);
    }
    if (f->control) {
        report(a, XS_R_NAME_VALUE_HAS_CONTROL_CHARACTER, "%s contains a control character",
               a->what);
    }
}

/* RFC 5280 Appendix A.1: SIZE (1..ub), counted in characters; countryName
 * is exactly two letters of ISO 3166. */
static void size_within_bounds(const attr_check *a, const value_facts *f)
{
    const xs_attr_type *t = a->type;
    if (t == NULL) {
        return;
    }
    if (t->syntax == XS_ATTR_COUNTRY) {
        if (f->chars != 2 || !f->only_capitals) {
            report(a, XS_R_NAME_COUNTRY_NOT_ISO3166_ALPHA2,
                   "%s is not two capital letters A-Z (it has %zu characters)", a->what, f->chars);
        }
        return;
    }
    if (f->chars == 0 && (t->syntax == XS_ATTR_DIRECTORY_STRING || t->upper_bound > 0)) {
        report(a, XS_R_NAME_ATTRIBUTE_VALUE_EMPTY, "%s is empty", a->what);
    } else if (t->upper_bound > 0 && f->chars > t->upper_bound) {
        report(a, XS_R_NAME_ATTRIBUTE_TOO_LONG,
               "%s has %zu characters; its upper bound is %zu (%s)", a->what, f->chars,
               t->upper_bound, t->bound_source);
    }
}

/* RFC 5280 4.1.2.4: new subjects use PrintableString or UTF8String; the
 * other DirectoryString choices are kept only for names issued before. The
 * issuer field copies the issuer's subject, where this is reported. */
static void modern_string_type(const attr_check *a)
{
    uint8_t tag = a->attr->tag;
    bool legacy =
        tag == XS_TAG_T61_STRING || tag == XS_TAG_BMP_STRING || tag == XS_TAG_UNIVERSAL_STRING;
    bool directory = a->type == NULL || a->type->syntax == XS_ATTR_DIRECTORY_STRING ||
                     a->type->syntax == XS_ATTR_ANY;
    if (a->in_subject && legacy && directory) {
        report(a, XS_R_NAME_STRING_TYPE_NOT_PRINTABLE_OR_UTF8, "%s is %s", a->what, tag_name(tag));
    }
}

static void check_attribute(xs_check_ctx *c, const xs_attr *attr, const char *field)
{
    attr_check a = {.c = c, .attr = attr, .type = xs_attr_type_of(&attr->type)};
    a.in_subject = strcmp(field, "subject") == 0;
    snprintf(a.path, sizeof(a.path), "tbsCertificate.%s[%zu]", field, attr->rdn);
    if (a.type != NULL) {
        snprintf(a.what, sizeof(a.what), "%s %s", field, a.type->name);
    } else {
        char oid[64];
        xs_oid_text(&attr->type, oid, sizeof(oid));
        snprintf(a.what, sizeof(a.what), "%s attribute %s", field, oid);
    }
    string_type_allowed(&a);
    if (!xs_string_is_text(attr->tag)) {
        return;
    }
    value_facts f = scan_value(attr);
    characters_of_type(&a, &f);
    no_control_characters(&a, &f);
    size_within_bounds(&a, &f);
    modern_string_type(&a);
}

static void attribute_values(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    for (size_t i = 0; i < m->issuer.attr_count; i++) {
        check_attribute(c, &m->issuer.attrs[i], "issuer");
    }
    for (size_t i = 0; i < m->subject.attr_count; i++) {
        check_attribute(c, &m->subject.attrs[i], "subject");
    }
}

/* ---- emailAddress ------------------------------------------------------- */

static const uint8_t oid_email_address[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x01};

static size_t last_at(const xs_der *s)
{
    for (size_t i = s->len; i-- > 0;) {
        if (s->p[i] == '@') {
            return i;
        }
    }
    return s->len;
}

static char lower(uint8_t ch)
{
    return (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
}

/* same_mailbox: equal local parts, and domains equal ignoring ASCII case
 * (RFC 5280 7.5). */
static bool same_mailbox(const xs_der *x, const xs_der *y)
{
    size_t at = last_at(x);
    if (x->len != y->len || at != last_at(y) || memcmp(x->p, y->p, at) != 0) {
        return false;
    }
    for (size_t i = at; i < x->len; i++) {
        if (lower(x->p[i]) != lower(y->p[i])) {
            return false;
        }
    }
    return true;
}

static bool san_has_mailbox(const xs_model *m, const xs_der *address)
{
    const xs_general_names *names = &m->names.san.names;
    for (size_t i = 0; m->names.san_present && i < names->count; i++) {
        if (names->items[i].form == XS_GN_RFC822_NAME &&
            same_mailbox(&names->items[i].value, address)) {
            return true;
        }
    }
    return false;
}

/* san_fully_read: the model holds every name the subjectAltName has: it
 * decoded it, or knows there is none. */
static bool san_fully_read(const xs_model *m)
{
    if (m->names.san_present) {
        return m->exts[m->names.san_ext].value_ok;
    }
    return xs_model_knows_ext(m, XS_EXT_SUBJECT_ALT_NAME);
}

/* RFC 5280 4.1.2.6: e-mail addresses MUST be rfc822Names of subjectAltName;
 * emailAddress in the subject is deprecated, allowed only in addition. */
static void subject_email_in_san(xs_check_ctx *c)
{
    const xs_model *m = c->cert;
    for (size_t i = 0; i < m->subject.attr_count; i++) {
        const xs_attr *a = &m->subject.attrs[i];
        if (!xs_der_oid_is(&a->type, oid_email_address, sizeof(oid_email_address))) {
            continue;
        }
        char path[64];
        snprintf(path, sizeof(path), "tbsCertificate.subject[%zu]", a->rdn);
        xs_emit_path(c, XS_R_NAME_SUBJECT_HAS_EMAIL_ADDRESS, a->value.off, path, NULL);
        if (san_fully_read(m) && !san_has_mailbox(m, &a->value)) {
            xs_emit_path(c, XS_R_NAME_SUBJECT_EMAIL_NOT_IN_SAN, a->value.off, path,
                         "the subject's emailAddress is not an rfc822Name of subjectAltName");
        }
    }
}

static const xs_check checks[] = {
    {"issuer_not_empty", issuer_not_empty},
    {"subject_not_empty", subject_not_empty},
    {"rdns_not_empty", rdns_not_empty},
    {"attribute_values", attribute_values},
    {"subject_email_in_san", subject_email_in_san},
};
const xs_check *const xs_checks_name = checks;
const size_t xs_checks_name_count = XS_ARRAY_LEN(checks);
