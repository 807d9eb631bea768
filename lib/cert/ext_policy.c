/*
 * ext_policy.c: decoders of the policy, distribution-point, access,
 * directory-attribute and CT extensions.
 *
 * Implementation notes. Every value is a SEQUENCE OF something; one walker
 * (walk_list) reads the list and hands each item to a parse_* function that
 * reads like the item's ASN.1 definition, quoted above it. An item whose
 * structure breaks (a missing field, an unexpected tag, data left inside a
 * SEQUENCE) ends the walk and leaves value_ok false, so the EXT family
 * reports the extension as not decoding. What the rules judge (string types,
 * counts, empty lists) is recorded, not judged, here.
 */
#include <stdlib.h>
#include <string.h>

#include "cert/model_internal.h"

/* What happened to a walk: it went on, the structure broke (the value does
 * not decode), or a cap or an allocation stopped it (already recorded). */
typedef enum { WALK_OK, WALK_BAD, WALK_STOP } walk;

typedef walk (*item_parser)(xs_model *m, xs_der *list, void *ctx);

static const uint8_t oid_any_policy[] = {0x55, 0x1d, 0x20, 0x00};
static const uint8_t oid_qt_cps[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x02, 0x01};
static const uint8_t oid_qt_unotice[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x02, 0x02};
static const uint8_t oid_ad_ocsp[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01};
static const uint8_t oid_ad_ca_issuers[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02};
static const uint8_t oid_ad_time_stamping[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x03};
static const uint8_t oid_ad_ca_repository[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x05};

/* GeneralName CHOICE tags (RFC 5280 4.2.1.6). */
enum {
    GN_OTHER_NAME = 0xA0,
    GN_RFC822_NAME = 0x81,
    GN_DNS_NAME = 0x82,
    GN_X400_ADDRESS = 0xA3,
    GN_DIRECTORY_NAME = 0xA4,
    GN_EDI_PARTY_NAME = 0xA5,
    GN_URI = 0x86,
    GN_IP_ADDRESS = 0x87,
    GN_REGISTERED_ID = 0x88,
};

/* ---- reading helpers ------------------------------------------------- */

/* missing reports that `field` (of `tag`) is not where the schema wants it,
 * and returns false. */
static bool missing(xs_model *m, xs_der *d, uint8_t tag, const char *field)
{
    xs_der ignored;
    xs_model_require(m, d, tag, field, &ignored);
    return false;
}

/* require reads a required element of `tag`; `whole` may be NULL. Only one
 * report is made for a missing, unexpected or truncated element. */
static bool require(xs_model *m, xs_der *d, uint8_t tag, const char *field, xs_der *contents,
                    xs_der *whole)
{
    if (xs_der_peek_tag(d) != tag) {
        return missing(m, d, tag, field);
    }
    return xs_der_get_element(d, tag, contents, whole);
}

static bool read_oid(xs_model *m, xs_der *d, const char *field, xs_der *out)
{
    if (xs_der_peek_tag(d) != XS_TAG_OID) {
        return missing(m, d, XS_TAG_OID, field);
    }
    size_t restore = xs_path_push(m, field);
    bool ok = xs_der_get_oid(d, out);
    xs_path_pop(m, restore);
    return ok;
}

/* done says whether a structure was read to its end, reporting trailing
 * data when it was not. */
static bool done(const xs_der *d)
{
    return xs_der_expect_end(d);
}

/* grow makes room for one more item of `size` bytes in *items, or records
 * why it cannot (the cap, or memory). */
static bool grow(xs_model *m, void **items, size_t *cap, size_t count, size_t size,
                 size_t offset)
{
    if (count < *cap) {
        return true;
    }
    if (*cap >= XS_MAX_POLICY_ENTRIES) {
        xs_model_limit(m, offset);
        return false;
    }
    size_t new_cap = *cap ? *cap * 2 : 4;
    if (new_cap > XS_MAX_POLICY_ENTRIES) {
        new_cap = XS_MAX_POLICY_ENTRIES;
    }
    void *grown = realloc(*items, new_cap * size);
    if (grown == NULL) {
        m->alloc_failed = true;
        return false;
    }
    *items = grown;
    *cap = new_cap;
    return true;
}

/* walk_list hands each element of `list` to `parse`, with the element's
 * index on the path. */
static walk walk_list(xs_model *m, xs_der *list, item_parser parse, void *ctx)
{
    walk w = WALK_OK;
    for (size_t i = 0; w == WALK_OK && !xs_der_at_end(list); i++) {
        size_t restore = xs_path_push_index(m, "", i);
        w = parse(m, list, ctx);
        xs_path_pop(m, restore);
    }
    return w;
}

/* decode_sequence_of decodes an extension whose value is SEQUENCE OF items. */
static void decode_sequence_of(xs_model *m, size_t index, item_parser parse, void *ctx)
{
    xs_der value, list;
    xs_ext_value_cursor(m, index, &value);
    if (!xs_model_require(m, &value, XS_TAG_SEQUENCE, "value", &list)) {
        return;
    }
    walk w = walk_list(m, &list, parse, ctx);
    xs_der_expect_end(&value);
    m->exts[index].value_ok = w != WALK_BAD;
}

/* read_implicit_integer reads an INTEGER under an implicit tag, with the
 * X.690 8.3 checks xs_der_get_integer makes on universal ones. */
static bool read_implicit_integer(xs_model *m, xs_der *d, uint8_t tag, xs_der *out)
{
    if (!xs_der_get(d, tag, out)) {
        return false;
    }
    if (out->len == 0) {
        xs_model_issue(m, XS_DER_INTEGER_EMPTY, out->off);
        return false;
    }
    if (out->len > 1 && ((out->p[0] == 0x00 && (out->p[1] & 0x80) == 0) ||
                         (out->p[0] == 0xFF && (out->p[1] & 0x80) != 0))) {
        xs_model_issue(m, XS_DER_INTEGER_NOT_MINIMAL, out->off);
    }
    return true;
}

/* skip_certs fills a SkipCerts from INTEGER contents. */
static void skip_certs(xs_skip_certs *out, const xs_der *n, size_t offset)
{
    out->present = true;
    out->offset = offset;
    out->negative = xs_der_integer_is_negative(n);
    out->value = 0;
    for (size_t i = 0; i < n->len && !out->negative; i++) {
        if (out->value > (UINT64_MAX >> 8)) {
            out->value = UINT64_MAX;
            break;
        }
        out->value = (out->value << 8) | n->p[i];
    }
}

/* read_implicit_named_bits reads a named bit list (ReasonFlags) under an
 * implicit tag. The DER rules of a BIT STRING do not depend on its tag, so
 * the element is copied with the universal tag and read with
 * xs_der_get_named_bits at its real offset. */
static walk read_implicit_named_bits(xs_model *m, xs_der *d, uint8_t tag, uint32_t *mask,
                                     bool *extra)
{
    xs_der whole;
    if (!xs_der_get_element(d, tag, NULL, &whole)) {
        return WALK_BAD;
    }
    uint8_t small[64];
    uint8_t *copy = whole.len <= sizeof(small) ? small : malloc(whole.len);
    if (copy == NULL) {
        m->alloc_failed = true;
        return WALK_STOP;
    }
    memcpy(copy, whole.p, whole.len);
    copy[0] = XS_TAG_BIT_STRING;
    xs_der retagged;
    xs_der_init(&retagged, copy, whole.len, &m->sink);
    retagged.off = whole.off;
    bool ok = xs_der_get_named_bits(&retagged, mask, extra);
    if (copy != small) {
        free(copy);
    }
    return ok ? WALK_OK : WALK_BAD;
}

/* ---- strings and names ----------------------------------------------- */

static bool is_control(uint32_t c)
{
    return c <= 0x1F || (c >= 0x7F && c <= 0x9F);
}

/* utf8_next decodes one UTF-8 sequence (RFC 3629: no overlong forms, no
 * surrogates, nothing past U+10FFFF). Returns its length, or 0 when the
 * bytes are not well-formed. */
static size_t utf8_next(const uint8_t *p, size_t len, uint32_t *out)
{
    uint8_t b = p[0];
    size_t n;
    uint32_t c, lo = 0x80, hi = 0xBF;
    if (b < 0x80) {
        *out = b;
        return 1;
    } else if (b >= 0xC2 && b <= 0xDF) {
        n = 2;
        c = b & 0x1Fu;
    } else if (b >= 0xE0 && b <= 0xEF) {
        n = 3;
        c = b & 0x0Fu;
        lo = b == 0xE0 ? 0xA0 : 0x80;
        hi = b == 0xED ? 0x9F : 0xBF;
    } else if (b >= 0xF0 && b <= 0xF4) {
        n = 4;
        c = b & 0x07u;
        lo = b == 0xF0 ? 0x90 : 0x80;
        hi = b == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (len < n) {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        uint8_t limit_lo = i == 1 ? (uint8_t)lo : 0x80, limit_hi = i == 1 ? (uint8_t)hi : 0xBF;
        if (p[i] < limit_lo || p[i] > limit_hi) {
            return 0;
        }
        c = (c << 6) | (p[i] & 0x3Fu);
    }
    *out = c;
    return n;
}

/* analyse_text counts the characters of a DisplayText and finds what is
 * wrong with them (X.680 41: each string type's character set). */
static void analyse_text(xs_display_text *t, const xs_der *v)
{
    t->chars = 0;
    if (t->tag == XS_TAG_UTF8_STRING) {
        for (size_t i = 0; i < v->len; t->chars++) {
            uint32_t c = 0;
            size_t n = utf8_next(v->p + i, v->len - i, &c);
            if (n == 0) {
                t->bad_encoding = true;
                n = 1; /* the byte counts as one (invalid) character */
            } else {
                t->has_control |= is_control(c);
            }
            i += n;
        }
        return;
    }
    if (t->tag == XS_TAG_BMP_STRING) {
        t->bad_encoding = v->len % 2 != 0;
        for (size_t i = 0; i + 1 < v->len; i += 2, t->chars++) {
            uint32_t c = ((uint32_t)v->p[i] << 8) | v->p[i + 1];
            t->bad_encoding |= c >= 0xD800 && c <= 0xDFFF;
            t->has_control |= is_control(c);
        }
        return;
    }
    /* IA5String: 0x00-0x7F; VisibleString: 0x20-0x7E */
    bool visible = t->tag == XS_TAG_VISIBLE_STRING;
    for (size_t i = 0; i < v->len; i++, t->chars++) {
        uint8_t c = v->p[i];
        t->bad_encoding |= c > 0x7F || (visible && (c < 0x20 || c == 0x7F));
        t->has_control |= is_control(c);
    }
}

/* DisplayText ::= CHOICE { ia5String IA5String (SIZE (1..200)),
 *   visibleString VisibleString (SIZE (1..200)),
 *   bmpString BMPString (SIZE (1..200)), utf8String UTF8String (SIZE (1..200)) } */
static bool read_display_text(xs_model *m, xs_der *d, const char *field, xs_display_text *out)
{
    static const uint8_t types[] = {XS_TAG_IA5_STRING, XS_TAG_VISIBLE_STRING, XS_TAG_BMP_STRING,
                                    XS_TAG_UTF8_STRING};
    int found = xs_der_peek_tag(d);
    for (size_t i = 0; i < XS_ARRAY_LEN(types); i++) {
        if (found != types[i] && found != (int)(types[i] | XS_TAG_CONSTRUCTED)) {
            continue;
        }
        /* the constructed form is reported by the reader and not read */
        xs_der value;
        size_t restore = xs_path_push(m, field);
        bool ok = xs_der_get_element(d, types[i], &value, &out->whole);
        xs_path_pop(m, restore);
        if (ok) {
            out->present = true;
            out->tag = types[i];
            analyse_text(out, &value);
        }
        return ok;
    }
    return missing(m, d, XS_TAG_UTF8_STRING, field);
}

static bool scheme_is(const xs_der *uri, size_t colon, const char *scheme)
{
    size_t n = strlen(scheme);
    if (colon != n) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        uint8_t c = uri->p[i];
        if ((c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c) != (uint8_t)scheme[i]) {
            return false;
        }
    }
    return true;
}

/* location_kind says whether a GeneralName is a URI, and of which scheme. */
static xs_location_kind location_kind(uint8_t tag, const xs_der *contents)
{
    if (tag != GN_URI) {
        return XS_LOCATION_NOT_URI;
    }
    const uint8_t *colon = memchr(contents->p, ':', contents->len);
    if (colon == NULL) {
        return XS_LOCATION_URI_OTHER;
    }
    size_t at = (size_t)(colon - contents->p);
    if (scheme_is(contents, at, "http")) {
        return XS_LOCATION_URI_HTTP;
    }
    if (scheme_is(contents, at, "https")) {
        return XS_LOCATION_URI_HTTPS;
    }
    if (scheme_is(contents, at, "ldap")) {
        return XS_LOCATION_URI_LDAP;
    }
    return XS_LOCATION_URI_OTHER;
}

/* read_general_name reads one GeneralName, checking only its CHOICE tag
 * (the names themselves are the general-name family's). */
static bool read_general_name(xs_model *m, xs_der *d, uint8_t *tag, xs_der *contents)
{
    size_t at = d->off;
    if (!xs_der_get_any(d, tag, contents, NULL)) {
        if (xs_der_at_end(d)) {
            xs_model_issue(m, XS_DER_MISSING_ELEMENT, at);
        }
        return false;
    }
    switch (*tag) {
    case GN_OTHER_NAME:
    case GN_RFC822_NAME:
    case GN_DNS_NAME:
    case GN_X400_ADDRESS:
    case GN_DIRECTORY_NAME:
    case GN_EDI_PARTY_NAME:
    case GN_URI:
    case GN_IP_ADDRESS:
    case GN_REGISTERED_ID:
        return true;
    case GN_RFC822_NAME | XS_TAG_CONSTRUCTED:
    case GN_DNS_NAME | XS_TAG_CONSTRUCTED:
    case GN_URI | XS_TAG_CONSTRUCTED:
    case GN_IP_ADDRESS | XS_TAG_CONSTRUCTED:
        xs_model_issue(m, XS_DER_CONSTRUCTED_STRING, at);
        return false;
    default:
        xs_model_issue(m, XS_DER_UNEXPECTED_TAG, at);
        return false;
    }
}

typedef struct {
    size_t count;
    size_t directory_names;
    bool http_or_ldap;
} names_summary;

/* GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName */
static walk read_general_names(xs_model *m, xs_der *names, names_summary *out)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; !xs_der_at_end(names); i++) {
        uint8_t tag = 0;
        xs_der contents;
        size_t restore = xs_path_push_index(m, "", i);
        bool ok = read_general_name(m, names, &tag, &contents);
        xs_path_pop(m, restore);
        if (!ok) {
            return WALK_BAD;
        }
        xs_location_kind kind = location_kind(tag, &contents);
        out->count++;
        out->directory_names += tag == GN_DIRECTORY_NAME;
        out->http_or_ldap |= kind == XS_LOCATION_URI_HTTP || kind == XS_LOCATION_URI_LDAP;
    }
    return WALK_OK;
}

/* ---- certificatePolicies (RFC 5280 4.2.1.4) -------------------------- */

static xs_qualifier_kind qualifier_kind(const xs_der *oid)
{
    if (xs_der_oid_is(oid, oid_qt_cps, sizeof(oid_qt_cps))) {
        return XS_QUALIFIER_CPS;
    }
    if (xs_der_oid_is(oid, oid_qt_unotice, sizeof(oid_qt_unotice))) {
        return XS_QUALIFIER_USER_NOTICE;
    }
    return XS_QUALIFIER_OTHER;
}

/* NoticeReference ::= SEQUENCE { organization DisplayText,
 *   noticeNumbers SEQUENCE OF INTEGER } */
static bool read_notice_ref(xs_model *m, xs_der *d, xs_policy_qualifier *q)
{
    xs_der ref, numbers = {0};
    if (!xs_der_get_element(d, XS_TAG_SEQUENCE, &ref, &q->notice_ref)) {
        return false;
    }
    q->has_notice_ref = true;
    size_t restore = xs_path_push(m, "noticeRef");
    bool ok = read_display_text(m, &ref, "organization", &q->organization) &&
              require(m, &ref, XS_TAG_SEQUENCE, "noticeNumbers", &numbers, NULL);
    size_t inner = xs_path_push(m, "noticeNumbers");
    while (ok && !xs_der_at_end(&numbers)) {
        xs_der n;
        if (xs_der_peek_tag(&numbers) != XS_TAG_INTEGER) {
            ok = missing(m, &numbers, XS_TAG_INTEGER, "noticeNumber");
        } else {
            ok = xs_der_get_integer(&numbers, &n);
        }
    }
    xs_path_pop(m, inner);
    ok = ok && done(&ref);
    xs_path_pop(m, restore);
    return ok;
}

/* UserNotice ::= SEQUENCE { noticeRef NoticeReference OPTIONAL,
 *   explicitText DisplayText OPTIONAL } */
static bool read_user_notice(xs_model *m, xs_der *d, xs_policy_qualifier *q)
{
    xs_der notice;
    if (!require(m, d, XS_TAG_SEQUENCE, "qualifier", &notice, NULL)) {
        return false;
    }
    size_t restore = xs_path_push(m, "qualifier");
    bool ok = true;
    if (xs_der_peek_tag(&notice) == XS_TAG_SEQUENCE) {
        ok = read_notice_ref(m, &notice, q);
    }
    if (ok && !xs_der_at_end(&notice)) {
        ok = read_display_text(m, &notice, "explicitText", &q->explicit_text);
    }
    ok = ok && done(&notice);
    xs_path_pop(m, restore);
    return ok;
}

static xs_policy_qualifier *push_qualifier(xs_model *m, xs_cert_policies *cp, size_t offset)
{
    if (!grow(m, (void **)&cp->qualifiers, &cp->qualifier_cap, cp->qualifier_count,
              sizeof(*cp->qualifiers), offset)) {
        return NULL;
    }
    xs_policy_qualifier *q = &cp->qualifiers[cp->qualifier_count++];
    memset(q, 0, sizeof(*q));
    return q;
}

/* PolicyQualifierInfo ::= SEQUENCE { policyQualifierId PolicyQualifierId,
 *   qualifier ANY DEFINED BY policyQualifierId }
 * with CPSuri ::= IA5String for id-qt-cps and UserNotice for id-qt-unotice */
static walk parse_qualifier(xs_model *m, xs_der *list, void *ctx)
{
    xs_cert_policies *cp = ctx;
    xs_der seq, whole, id, ignored;
    if (!require(m, list, XS_TAG_SEQUENCE, "policyQualifierInfo", &seq, &whole) ||
        !read_oid(m, &seq, "policyQualifierId", &id)) {
        return WALK_BAD;
    }
    xs_policy_qualifier *q = push_qualifier(m, cp, whole.off);
    if (q == NULL) {
        return WALK_STOP;
    }
    q->policy = cp->count - 1;
    q->whole = whole;
    q->kind = qualifier_kind(&id);
    bool ok;
    switch (q->kind) {
    case XS_QUALIFIER_CPS:
        ok = require(m, &seq, XS_TAG_IA5_STRING, "qualifier", &q->cps_uri, NULL);
        break;
    case XS_QUALIFIER_USER_NOTICE:
        ok = read_user_notice(m, &seq, q);
        break;
    default:
        ok = xs_der_at_end(&seq) ? missing(m, &seq, XS_TAG_SEQUENCE, "qualifier")
                                 : xs_der_get_any(&seq, NULL, NULL, &ignored);
        break;
    }
    return ok && done(&seq) ? WALK_OK : WALK_BAD;
}

/* PolicyInformation ::= SEQUENCE { policyIdentifier CertPolicyId,
 *   policyQualifiers SEQUENCE SIZE (1..MAX) OF PolicyQualifierInfo OPTIONAL } */
static walk parse_policy_info(xs_model *m, xs_der *list, void *ctx)
{
    xs_cert_policies *cp = ctx;
    xs_der seq, whole, oid, qualifiers;
    if (!require(m, list, XS_TAG_SEQUENCE, "policyInformation", &seq, &whole) ||
        !read_oid(m, &seq, "policyIdentifier", &oid)) {
        return WALK_BAD;
    }
    if (!grow(m, (void **)&cp->items, &cp->cap, cp->count, sizeof(*cp->items), whole.off)) {
        return WALK_STOP;
    }
    xs_policy_info *p = &cp->items[cp->count++];
    memset(p, 0, sizeof(*p));
    p->whole = whole;
    p->oid = oid;
    p->any_policy = xs_der_oid_is(&oid, oid_any_policy, sizeof(oid_any_policy));
    p->first_qualifier = cp->qualifier_count;
    if (xs_der_at_end(&seq)) {
        return WALK_OK;
    }
    if (!require(m, &seq, XS_TAG_SEQUENCE, "policyQualifiers", &qualifiers, NULL)) {
        return WALK_BAD;
    }
    p->has_qualifiers = true;
    size_t restore = xs_path_push(m, "policyQualifiers");
    walk w = walk_list(m, &qualifiers, parse_qualifier, cp);
    xs_path_pop(m, restore);
    p->qualifier_count = cp->qualifier_count - p->first_qualifier;
    if (w != WALK_OK) {
        return w;
    }
    return done(&seq) ? WALK_OK : WALK_BAD;
}

/* certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation */
void xs_ext_decode_certificate_policies(xs_model *m, size_t index)
{
    m->policy.policies.present = true;
    m->policy.policies.ext = index;
    decode_sequence_of(m, index, parse_policy_info, &m->policy.policies);
}

/* ---- policyMappings (4.2.1.5) ---------------------------------------- */

/* PolicyMappings ::= SEQUENCE SIZE (1..MAX) OF SEQUENCE {
 *   issuerDomainPolicy CertPolicyId, subjectDomainPolicy CertPolicyId } */
static walk parse_mapping(xs_model *m, xs_der *list, void *ctx)
{
    xs_policy_mappings *pm = ctx;
    xs_policy_mapping mapping;
    xs_der seq;
    if (!require(m, list, XS_TAG_SEQUENCE, "mapping", &seq, &mapping.whole) ||
        !read_oid(m, &seq, "issuerDomainPolicy", &mapping.issuer_policy) ||
        !read_oid(m, &seq, "subjectDomainPolicy", &mapping.subject_policy) || !done(&seq)) {
        return WALK_BAD;
    }
    if (!grow(m, (void **)&pm->items, &pm->cap, pm->count, sizeof(*pm->items),
              mapping.whole.off)) {
        return WALK_STOP;
    }
    pm->items[pm->count++] = mapping;
    return WALK_OK;
}

void xs_ext_decode_policy_mappings(xs_model *m, size_t index)
{
    m->policy.mappings.present = true;
    m->policy.mappings.ext = index;
    decode_sequence_of(m, index, parse_mapping, &m->policy.mappings);
}

/* ---- policyConstraints (4.2.1.11), inhibitAnyPolicy (4.2.1.14) ------- */

static bool read_optional_skip_certs(xs_model *m, xs_der *d, uint8_t tag, const char *field,
                                     xs_skip_certs *out)
{
    if (xs_der_peek_tag(d) != tag) {
        return true;
    }
    size_t at = d->off;
    size_t restore = xs_path_push(m, field);
    xs_der n;
    bool ok = read_implicit_integer(m, d, tag, &n);
    if (ok) {
        skip_certs(out, &n, at);
    }
    xs_path_pop(m, restore);
    return ok;
}

/* PolicyConstraints ::= SEQUENCE {
 *   requireExplicitPolicy [0] SkipCerts OPTIONAL,
 *   inhibitPolicyMapping  [1] SkipCerts OPTIONAL }
 * SkipCerts ::= INTEGER (0..MAX) */
void xs_ext_decode_policy_constraints(xs_model *m, size_t index)
{
    xs_policy_constraints *pc = &m->policy.constraints;
    xs_der value, seq;
    xs_ext_value_cursor(m, index, &value);
    pc->present = true;
    pc->ext = index;
    if (!xs_model_require(m, &value, XS_TAG_SEQUENCE, "value", &seq)) {
        return;
    }
    bool ok = read_optional_skip_certs(m, &seq, XS_TAG_CTX_PRIMITIVE(0), "requireExplicitPolicy",
                                       &pc->require_explicit) &&
              read_optional_skip_certs(m, &seq, XS_TAG_CTX_PRIMITIVE(1), "inhibitPolicyMapping",
                                       &pc->inhibit_mapping) &&
              done(&seq);
    xs_der_expect_end(&value);
    m->exts[index].value_ok = ok;
}

/* InhibitAnyPolicy ::= SkipCerts */
void xs_ext_decode_inhibit_any_policy(xs_model *m, size_t index)
{
    xs_inhibit_any_policy *iap = &m->policy.inhibit_any;
    xs_der value, n;
    xs_ext_value_cursor(m, index, &value);
    iap->present = true;
    iap->ext = index;
    size_t at = value.off;
    if (xs_der_peek_tag(&value) != XS_TAG_INTEGER) {
        missing(m, &value, XS_TAG_INTEGER, "value");
        return;
    }
    size_t restore = xs_path_push(m, "value");
    bool ok = xs_der_get_integer(&value, &n) && n.len > 0;
    xs_path_pop(m, restore);
    if (!ok) {
        return;
    }
    skip_certs(&iap->skip, &n, at);
    xs_der_expect_end(&value);
    m->exts[index].value_ok = true;
}

/* ---- cRLDistributionPoints (4.2.1.13), freshestCRL (4.2.1.15) -------- */

/* RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue,
 * its members in DER order (X.690 11.6). */
static bool read_relative_name(xs_model *m, xs_der *rdn)
{
    xs_der previous = {0};
    bool first = true;
    if (xs_der_at_end(rdn)) {
        xs_model_issue(m, XS_DER_MISSING_ELEMENT, rdn->off);
        return false;
    }
    while (!xs_der_at_end(rdn)) {
        xs_der atv, whole, type;
        if (!require(m, rdn, XS_TAG_SEQUENCE, "attribute", &atv, &whole) ||
            !read_oid(m, &atv, "type", &type) || !xs_der_skip(&atv) || !done(&atv)) {
            return false;
        }
        if (!first && xs_der_compare(&previous, &whole) > 0) {
            xs_model_issue(m, XS_DER_SET_NOT_SORTED, whole.off);
        }
        previous = whole;
        first = false;
    }
    return true;
}

/* DistributionPointName ::= CHOICE {
 *   fullName                [0] GeneralNames,
 *   nameRelativeToCRLIssuer [1] RelativeDistinguishedName } */
static walk read_dist_point_name(xs_model *m, xs_der *name, xs_dist_point *dp)
{
    xs_der contents;
    names_summary names;
    walk w = WALK_BAD;
    if (xs_der_get(name, XS_TAG_CTX_CONSTRUCTED(0), &contents)) {
        dp->full_name = contents;
        size_t restore = xs_path_push(m, "fullName");
        w = read_general_names(m, &contents, &names);
        xs_path_pop(m, restore);
        dp->full_name_count = names.count;
        dp->full_name_http_or_ldap = names.http_or_ldap;
    } else if (xs_der_get(name, XS_TAG_CTX_CONSTRUCTED(1), &contents)) {
        dp->relative_name = true;
        size_t restore = xs_path_push(m, "nameRelativeToCRLIssuer");
        w = read_relative_name(m, &contents) ? WALK_OK : WALK_BAD;
        xs_path_pop(m, restore);
    } else {
        missing(m, name, XS_TAG_CTX_CONSTRUCTED(0), "fullName");
    }
    return w == WALK_OK && !done(name) ? WALK_BAD : w;
}

/* DistributionPoint ::= SEQUENCE {
 *   distributionPoint [0] DistributionPointName OPTIONAL,
 *   reasons           [1] ReasonFlags OPTIONAL,
 *   cRLIssuer         [2] GeneralNames OPTIONAL } */
static walk parse_dist_point(xs_model *m, xs_der *list, void *ctx)
{
    xs_dist_points *dps = ctx;
    xs_der seq, whole, contents;
    if (!require(m, list, XS_TAG_SEQUENCE, "distributionPoint", &seq, &whole)) {
        return WALK_BAD;
    }
    if (!grow(m, (void **)&dps->items, &dps->cap, dps->count, sizeof(*dps->items), whole.off)) {
        return WALK_STOP;
    }
    xs_dist_point *dp = &dps->items[dps->count++];
    memset(dp, 0, sizeof(*dp));
    dp->whole = whole;
    walk w = WALK_OK;
    if (xs_der_get(&seq, XS_TAG_CTX_CONSTRUCTED(0), &contents)) {
        dp->has_name = true;
        size_t restore = xs_path_push(m, "distributionPoint");
        w = read_dist_point_name(m, &contents, dp);
        xs_path_pop(m, restore);
    }
    if (w == WALK_OK && xs_der_peek_tag(&seq) == XS_TAG_CTX_CONSTRUCTED(1)) {
        xs_model_issue(m, XS_DER_CONSTRUCTED_STRING, seq.off);
        return WALK_BAD;
    }
    if (w == WALK_OK && xs_der_peek_tag(&seq) == XS_TAG_CTX_PRIMITIVE(1)) {
        dp->has_reasons = true;
        dp->reasons_offset = seq.off;
        size_t restore = xs_path_push(m, "reasons");
        w = read_implicit_named_bits(m, &seq, XS_TAG_CTX_PRIMITIVE(1), &dp->reasons,
                                     &dp->reasons_extra);
        xs_path_pop(m, restore);
    }
    if (w == WALK_OK && xs_der_get(&seq, XS_TAG_CTX_CONSTRUCTED(2), &contents)) {
        names_summary names;
        dp->has_crl_issuer = true;
        dp->crl_issuer = contents;
        size_t restore = xs_path_push(m, "cRLIssuer");
        w = read_general_names(m, &contents, &names);
        xs_path_pop(m, restore);
        dp->crl_issuer_count = names.count;
        dp->crl_issuer_directory_names = names.directory_names;
    }
    return w == WALK_OK && !done(&seq) ? WALK_BAD : w;
}

/* CRLDistributionPoints ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint */
void xs_ext_decode_crl_distribution_points(xs_model *m, size_t index)
{
    m->policy.crl_dp.present = true;
    m->policy.crl_dp.ext = index;
    decode_sequence_of(m, index, parse_dist_point, &m->policy.crl_dp);
}

/* FreshestCRL ::= CRLDistributionPoints */
void xs_ext_decode_freshest_crl(xs_model *m, size_t index)
{
    m->policy.freshest_crl.present = true;
    m->policy.freshest_crl.ext = index;
    decode_sequence_of(m, index, parse_dist_point, &m->policy.freshest_crl);
}

/* ---- authorityInfoAccess, subjectInfoAccess (4.2.2) ------------------ */

static xs_access_method access_method(const xs_der *oid)
{
    static const struct {
        const uint8_t *oid;
        size_t len;
        xs_access_method kind;
    } methods[] = {
        {oid_ad_ocsp, sizeof(oid_ad_ocsp), XS_AD_OCSP},
        {oid_ad_ca_issuers, sizeof(oid_ad_ca_issuers), XS_AD_CA_ISSUERS},
        {oid_ad_time_stamping, sizeof(oid_ad_time_stamping), XS_AD_TIME_STAMPING},
        {oid_ad_ca_repository, sizeof(oid_ad_ca_repository), XS_AD_CA_REPOSITORY},
    };
    for (size_t i = 0; i < XS_ARRAY_LEN(methods); i++) {
        if (xs_der_oid_is(oid, methods[i].oid, methods[i].len)) {
            return methods[i].kind;
        }
    }
    return XS_AD_OTHER;
}

/* AccessDescription ::= SEQUENCE { accessMethod OBJECT IDENTIFIER,
 *   accessLocation GeneralName } */
static walk parse_access_desc(xs_model *m, xs_der *list, void *ctx)
{
    xs_info_access *ia = ctx;
    xs_access_desc desc = {0};
    xs_der seq;
    if (!require(m, list, XS_TAG_SEQUENCE, "accessDescription", &seq, &desc.whole) ||
        !read_oid(m, &seq, "accessMethod", &desc.method)) {
        return WALK_BAD;
    }
    size_t restore = xs_path_push(m, "accessLocation");
    bool ok = read_general_name(m, &seq, &desc.location_tag, &desc.location);
    xs_path_pop(m, restore);
    if (!ok || !done(&seq)) {
        return WALK_BAD;
    }
    desc.kind = access_method(&desc.method);
    desc.location_kind = location_kind(desc.location_tag, &desc.location);
    if (!grow(m, (void **)&ia->items, &ia->cap, ia->count, sizeof(*ia->items), desc.whole.off)) {
        return WALK_STOP;
    }
    ia->items[ia->count++] = desc;
    return WALK_OK;
}

/* AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription */
void xs_ext_decode_authority_info_access(xs_model *m, size_t index)
{
    m->policy.aia.present = true;
    m->policy.aia.ext = index;
    decode_sequence_of(m, index, parse_access_desc, &m->policy.aia);
}

/* SubjectInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription */
void xs_ext_decode_subject_info_access(xs_model *m, size_t index)
{
    m->policy.sia.present = true;
    m->policy.sia.ext = index;
    decode_sequence_of(m, index, parse_access_desc, &m->policy.sia);
}

/* ---- subjectDirectoryAttributes (4.2.1.8) ---------------------------- */

/* Attribute ::= SEQUENCE { type AttributeType,
 *   values SET OF AttributeValue -- at least one value is required -- },
 * the values in DER order (X.690 11.6). */
static walk parse_directory_attr(xs_model *m, xs_der *list, void *ctx)
{
    xs_subject_dir_attrs *sda = ctx;
    xs_directory_attr attr = {0};
    xs_der seq, values, previous = {0};
    if (!require(m, list, XS_TAG_SEQUENCE, "attribute", &seq, &attr.whole) ||
        !read_oid(m, &seq, "type", &attr.type) ||
        !require(m, &seq, XS_TAG_SET, "values", &values, NULL)) {
        return WALK_BAD;
    }
    size_t restore = xs_path_push(m, "values");
    bool ok = true;
    while (ok && !xs_der_at_end(&values)) {
        xs_der value;
        ok = xs_der_get_any(&values, NULL, NULL, &value);
        if (ok && attr.value_count > 0 && xs_der_compare(&previous, &value) > 0) {
            xs_model_issue(m, XS_DER_SET_NOT_SORTED, value.off);
        }
        previous = value;
        attr.value_count += ok;
    }
    xs_path_pop(m, restore);
    if (!ok || !done(&seq)) {
        return WALK_BAD;
    }
    if (!grow(m, (void **)&sda->items, &sda->cap, sda->count, sizeof(*sda->items),
              attr.whole.off)) {
        return WALK_STOP;
    }
    sda->items[sda->count++] = attr;
    return WALK_OK;
}

/* SubjectDirectoryAttributes ::= SEQUENCE SIZE (1..MAX) OF Attribute */
void xs_ext_decode_subject_directory_attributes(xs_model *m, size_t index)
{
    m->policy.sda.present = true;
    m->policy.sda.ext = index;
    decode_sequence_of(m, index, parse_directory_attr, &m->policy.sda);
}

/* ---- Certificate Transparency (RFC 6962 3.1, 3.3) -------------------- */

/* The precertificate poison's extnValue is an ASN.1 NULL (05 00). */
void xs_ext_decode_ct_precert_poison(xs_model *m, size_t index)
{
    xs_ct_poison *poison = &m->policy.poison;
    xs_der value;
    xs_ext_value_cursor(m, index, &value);
    poison->present = true;
    poison->ext = index;
    size_t total = value.len;
    if (xs_der_peek_tag(&value) != XS_TAG_NULL) {
        missing(m, &value, XS_TAG_NULL, "value");
        return;
    }
    size_t restore = xs_path_push(m, "value");
    bool ok = xs_der_get_null(&value);
    xs_path_pop(m, restore);
    if (!ok) {
        return;
    }
    xs_der_expect_end(&value);
    poison->is_null = total == 2;
    m->exts[index].value_ok = true;
}

static size_t be16(const uint8_t *p)
{
    return ((size_t)p[0] << 8) | p[1];
}

/* SignedCertificateTimestampList, a TLS structure in an OCTET STRING:
 *   opaque SerializedSCT<1..2^16-1>;
 *   struct { SerializedSCT sct_list <1..2^16-1>; } SignedCertificateTimestampList; */
void xs_ext_decode_ct_sct_list(xs_model *m, size_t index)
{
    xs_sct_list *scts = &m->policy.scts;
    xs_der value, list;
    xs_ext_value_cursor(m, index, &value);
    scts->present = true;
    scts->ext = index;
    if (!xs_model_require(m, &value, XS_TAG_OCTET_STRING, "value", &list)) {
        return;
    }
    xs_der_expect_end(&value);
    if (list.len == 0 || (list.len == 2 && be16(list.p) == 0)) {
        scts->empty = true;
        m->exts[index].value_ok = true;
        return;
    }
    if (list.len < 2 || be16(list.p) != list.len - 2) {
        return;
    }
    for (size_t at = 2; at < list.len; scts->count++) {
        if (list.len - at < 2) {
            return;
        }
        size_t n = be16(list.p + at);
        if (n == 0 || n > list.len - at - 2) {
            return;
        }
        at += 2 + n;
    }
    m->exts[index].value_ok = true;
}

void xs_ext_policy_cleanup(xs_ext_policy *p)
{
    free(p->policies.items);
    free(p->policies.qualifiers);
    free(p->mappings.items);
    free(p->crl_dp.items);
    free(p->freshest_crl.items);
    free(p->aia.items);
    free(p->sia.items);
    free(p->sda.items);
    memset(p, 0, sizeof(*p));
}
