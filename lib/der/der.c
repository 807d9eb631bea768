/*
 * der.c: the strict DER reader.
 *
 * Implementation notes. Every read goes through read_header(), which
 * decodes the identifier and length octets of the element at the cursor
 * without moving it; the getters then check the contents and advance. A
 * cursor never reads outside [p, p + len).
 */
#include "der/der.h"

#include <string.h>

static const char *const issue_names[] = {
#define XS_DER_ISSUE_NAME(name, clause, summary) #name,
    XS_DER_ISSUES(XS_DER_ISSUE_NAME)
#undef XS_DER_ISSUE_NAME
};
static const char *const issue_clauses[] = {
#define XS_DER_ISSUE_CLAUSE(name, clause, summary) clause,
    XS_DER_ISSUES(XS_DER_ISSUE_CLAUSE)
#undef XS_DER_ISSUE_CLAUSE
};
static const char *const issue_summaries[] = {
#define XS_DER_ISSUE_SUMMARY(name, clause, summary) summary,
    XS_DER_ISSUES(XS_DER_ISSUE_SUMMARY)
#undef XS_DER_ISSUE_SUMMARY
};

const char *xs_der_issue_name(xs_der_issue issue)
{
    return (unsigned)issue < XS_DER__ISSUE_COUNT ? issue_names[issue] : "?";
}

const char *xs_der_issue_clause(xs_der_issue issue)
{
    return (unsigned)issue < XS_DER__ISSUE_COUNT ? issue_clauses[issue] : "";
}

const char *xs_der_issue_summary(xs_der_issue issue)
{
    return (unsigned)issue < XS_DER__ISSUE_COUNT ? issue_summaries[issue] : "";
}

void xs_der_init(xs_der *d, const uint8_t *in, size_t len, const xs_der_sink *sink)
{
    d->p = in;
    d->len = in != NULL ? len : 0;
    d->off = 0;
    d->sink = sink;
}

void xs_der_report(const xs_der *d, xs_der_issue issue, size_t offset)
{
    if (d->sink != NULL && d->sink->report != NULL) {
        d->sink->report(d->sink->ctx, issue, offset);
    }
}

bool xs_der_at_end(const xs_der *d)
{
    return d->len == 0;
}

int xs_der_peek_tag(const xs_der *d)
{
    return d->len > 0 ? d->p[0] : -1;
}

static void advance(xs_der *d, size_t n)
{
    d->p += n;
    d->len -= n;
    d->off += n;
}

void xs_der_skip_bytes(xs_der *d, size_t n)
{
    advance(d, n < d->len ? n : d->len);
}

void xs_der_skip_space(xs_der *d)
{
    while (d->len > 0 && (d->p[0] == ' ' || d->p[0] == '\t' || d->p[0] == '\r' ||
                          d->p[0] == '\n')) {
        advance(d, 1);
    }
}

/* A decoded header of the element at the cursor. */
typedef struct {
    uint8_t tag;        /* first identifier octet */
    size_t header_len;  /* identifier and length octets */
    size_t content_len;
} header;

/* skip_high_tag_number reads the subsequent identifier octets of a tag in
 * high-tag-number form (X.690 8.1.2.4); X.509 uses none, so it is reported,
 * and read so that the rest stays reachable. */
static bool skip_high_tag_number(const xs_der *d, size_t *pos)
{
    xs_der_report(d, XS_DER_HIGH_TAG_NUMBER, d->off);
    for (size_t i = 0; *pos < d->len; i++) {
        uint8_t b = d->p[(*pos)++];
        if (i == 0 && b == 0x80) {
            return false; /* leading zero subidentifier bits */
        }
        if ((b & 0x80) == 0) {
            return true;
        }
        if (i >= 4) {
            return false;
        }
    }
    return false;
}

/* read_length decodes the length octets at d->p[*pos] (X.690 8.1.3, 10.1). */
static bool read_length(const xs_der *d, size_t *pos, size_t *out_len)
{
    if (*pos >= d->len) {
        return false;
    }
    uint8_t first = d->p[(*pos)++];
    if (first < 0x80) {
        *out_len = first;
        return true;
    }
    size_t count = first & 0x7Fu;
    if (count == 0) {
        xs_der_report(d, XS_DER_LENGTH_INDEFINITE, d->off + *pos - 1);
        return false;
    }
    if (count > sizeof(size_t) || count > d->len - *pos) {
        return false;
    }
    size_t len = 0;
    for (size_t i = 0; i < count; i++) {
        len = (len << 8) | d->p[*pos + i];
    }
    if (d->p[*pos] == 0 || len < 0x80) {
        xs_der_report(d, XS_DER_LENGTH_NOT_MINIMAL, d->off + *pos - 1);
    }
    *pos += count;
    *out_len = len;
    return true;
}

/* read_header decodes the header at the cursor without consuming it.
 * A header that cannot be decoded, or contents that do not fit, are
 * reported as TRUNCATED (unless already reported as indefinite). */
static bool read_header(const xs_der *d, header *h)
{
    if (d->len == 0) {
        return false;
    }
    size_t pos = 1;
    h->tag = d->p[0];
    bool ok = (h->tag & 0x1Fu) != 0x1Fu || skip_high_tag_number(d, &pos);
    size_t len_at = pos;
    ok = ok && read_length(d, &pos, &h->content_len);
    if (ok && h->content_len > d->len - pos) {
        ok = false;
    }
    if (!ok) {
        bool indefinite = len_at < d->len && d->p[len_at] == 0x80;
        if (!indefinite) {
            xs_der_report(d, XS_DER_TRUNCATED, d->off);
        }
        return false;
    }
    h->header_len = pos;
    return true;
}

static void take(xs_der *d, const header *h, xs_der *contents, xs_der *whole)
{
    if (whole != NULL) {
        whole->p = d->p;
        whole->len = h->header_len + h->content_len;
        whole->off = d->off;
        whole->sink = d->sink;
    }
    if (contents != NULL) {
        contents->p = d->p + h->header_len;
        contents->len = h->content_len;
        contents->off = d->off + h->header_len;
        contents->sink = d->sink;
    }
    advance(d, h->header_len + h->content_len);
}

bool xs_der_get_any(xs_der *d, uint8_t *out_tag, xs_der *out_contents, xs_der *out_whole)
{
    header h;
    if (!read_header(d, &h)) {
        return false;
    }
    if (out_tag != NULL) {
        *out_tag = h.tag;
    }
    take(d, &h, out_contents, out_whole);
    return true;
}

bool xs_der_is_string_tag(uint8_t tag)
{
    switch (tag) {
    case XS_TAG_BIT_STRING:
    case XS_TAG_OCTET_STRING:
    case XS_TAG_UTF8_STRING:
    case XS_TAG_PRINTABLE_STRING:
    case XS_TAG_T61_STRING:
    case XS_TAG_IA5_STRING:
    case XS_TAG_UTC_TIME:
    case XS_TAG_GENERALIZED_TIME:
    case XS_TAG_VISIBLE_STRING:
    case XS_TAG_UNIVERSAL_STRING:
    case XS_TAG_BMP_STRING:
        return true;
    default:
        return false;
    }
}

bool xs_der_get_element(xs_der *d, uint8_t tag, xs_der *out_contents, xs_der *out_whole)
{
    if (d->len == 0) {
        return false;
    }
    if (d->p[0] != tag) {
        if (xs_der_is_string_tag(tag) && d->p[0] == (tag | XS_TAG_CONSTRUCTED)) {
            xs_der_report(d, XS_DER_CONSTRUCTED_STRING, d->off);
        }
        return false;
    }
    header h;
    if (!read_header(d, &h)) {
        return false;
    }
    take(d, &h, out_contents, out_whole);
    return true;
}

bool xs_der_get(xs_der *d, uint8_t tag, xs_der *out_contents)
{
    return xs_der_get_element(d, tag, out_contents, NULL);
}

bool xs_der_skip(xs_der *d)
{
    return xs_der_get_any(d, NULL, NULL, NULL);
}

bool xs_der_get_bool(xs_der *d, bool *out)
{
    xs_der c;
    if (!xs_der_get(d, XS_TAG_BOOLEAN, &c)) {
        return false;
    }
    if (c.len != 1) {
        xs_der_report(d, XS_DER_BOOLEAN_BAD_LENGTH, c.off);
        *out = c.len > 0 && c.p[0] != 0;
        return true;
    }
    if (c.p[0] != 0x00 && c.p[0] != 0xFF) {
        xs_der_report(d, XS_DER_BOOLEAN_NOT_CANONICAL, c.off);
    }
    *out = c.p[0] != 0;
    return true;
}

bool xs_der_get_null(xs_der *d)
{
    xs_der c;
    if (!xs_der_get(d, XS_TAG_NULL, &c)) {
        return false;
    }
    if (c.len != 0) {
        xs_der_report(d, XS_DER_NULL_NOT_EMPTY, c.off);
    }
    return true;
}

/* check_integer reports empty and non-minimal INTEGER contents (X.690
 * 8.3.2: the first nine bits must not be all zero or all one). */
static void check_integer(const xs_der *d, const xs_der *c)
{
    if (c->len == 0) {
        xs_der_report(d, XS_DER_INTEGER_EMPTY, c->off);
        return;
    }
    if (c->len > 1 && ((c->p[0] == 0x00 && (c->p[1] & 0x80) == 0) ||
                       (c->p[0] == 0xFF && (c->p[1] & 0x80) != 0))) {
        xs_der_report(d, XS_DER_INTEGER_NOT_MINIMAL, c->off);
    }
}

bool xs_der_get_integer(xs_der *d, xs_der *out_contents)
{
    if (!xs_der_get(d, XS_TAG_INTEGER, out_contents)) {
        return false;
    }
    check_integer(d, out_contents);
    return true;
}

bool xs_der_get_uint64(xs_der *d, uint64_t *out)
{
    xs_der copy = *d, c;
    if (!xs_der_get(&copy, XS_TAG_INTEGER, &c) || c.len == 0 || xs_der_integer_is_negative(&c) ||
        xs_der_integer_magnitude_len(&c) > 8) {
        return false;
    }
    check_integer(d, &c);
    uint64_t v = 0;
    for (size_t i = 0; i < c.len; i++) {
        v = (v << 8) | c.p[i];
    }
    *out = v;
    *d = copy;
    return true;
}

bool xs_der_get_bit_string(xs_der *d, xs_der *out_bits, unsigned *out_unused)
{
    xs_der c;
    if (!xs_der_get(d, XS_TAG_BIT_STRING, &c)) {
        return false;
    }
    if (c.len == 0) {
        xs_der_report(d, XS_DER_BIT_STRING_EMPTY, c.off);
        *out_unused = 0;
        *out_bits = c;
        return true;
    }
    unsigned unused = c.p[0];
    if (unused > 7 || (unused > 0 && c.len == 1)) {
        xs_der_report(d, XS_DER_BIT_STRING_UNUSED_BITS, c.off);
        unused = 0;
    } else if (unused > 0 && (c.p[c.len - 1] & ((1u << unused) - 1)) != 0) {
        xs_der_report(d, XS_DER_BIT_STRING_PADDING, c.off + c.len - 1);
    }
    out_bits->p = c.p + 1;
    out_bits->len = c.len - 1;
    out_bits->off = c.off + 1;
    out_bits->sink = d->sink;
    *out_unused = unused;
    return true;
}

bool xs_der_get_named_bits(xs_der *d, uint32_t *out_mask, bool *out_extra_bits)
{
    xs_der bits;
    unsigned unused;
    size_t at = d->off;
    if (!xs_der_get_bit_string(d, &bits, &unused)) {
        return false;
    }
    uint32_t mask = 0;
    bool extra = false;
    for (size_t i = 0; i < bits.len; i++) {
        unsigned used = i + 1 == bits.len ? 8 - unused : 8; /* padding is not a bit */
        for (unsigned b = 0; b < used; b++) {
            if ((bits.p[i] & (0x80u >> b)) == 0) {
                continue;
            }
            size_t n = i * 8 + b;
            if (n < 32) {
                mask |= 1u << n;
            } else {
                extra = true;
            }
        }
    }
    /* X.690 11.2.2: trailing zero bits are removed, so the last bit is 1 */
    bool last_bit_set = bits.len > 0 && (bits.p[bits.len - 1] & (1u << unused)) != 0;
    if (bits.len > 0 && !last_bit_set) {
        xs_der_report(d, XS_DER_NAMED_BITS_TRAILING_ZERO, at);
    }
    *out_mask = mask;
    *out_extra_bits = extra;
    return true;
}

bool xs_der_get_oid(xs_der *d, xs_der *out_contents)
{
    if (!xs_der_get(d, XS_TAG_OID, out_contents)) {
        return false;
    }
    const xs_der *c = out_contents;
    if (c->len == 0) {
        xs_der_report(d, XS_DER_OID_EMPTY, c->off);
        return true;
    }
    bool start = true;
    for (size_t i = 0; i < c->len; i++) {
        if (start && c->p[i] == 0x80) {
            xs_der_report(d, XS_DER_OID_NOT_MINIMAL, c->off + i);
        }
        start = (c->p[i] & 0x80) == 0;
    }
    if (!start) {
        xs_der_report(d, XS_DER_OID_TRUNCATED, c->off + c->len - 1);
    }
    return true;
}

bool xs_der_get_octet_string(xs_der *d, xs_der *out_contents)
{
    return xs_der_get(d, XS_TAG_OCTET_STRING, out_contents);
}

bool xs_der_expect_end(const xs_der *d)
{
    if (d->len == 0) {
        return true;
    }
    xs_der_report(d, XS_DER_TRAILING_DATA, d->off);
    return false;
}

bool xs_der_integer_is_negative(const xs_der *c)
{
    return c->len > 0 && (c->p[0] & 0x80) != 0;
}

bool xs_der_integer_is_zero(const xs_der *c)
{
    for (size_t i = 0; i < c->len; i++) {
        if (c->p[i] != 0) {
            return false;
        }
    }
    return true;
}

size_t xs_der_integer_magnitude_len(const xs_der *c)
{
    return c->len > 1 && c->p[0] == 0x00 ? c->len - 1 : c->len;
}

bool xs_der_equal(const xs_der *a, const xs_der *b)
{
    return a->len == b->len && (a->len == 0 || memcmp(a->p, b->p, a->len) == 0);
}

int xs_der_compare(const xs_der *a, const xs_der *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int c = n > 0 ? memcmp(a->p, b->p, n) : 0;
    if (c != 0) {
        return c;
    }
    return a->len < b->len ? -1 : a->len > b->len;
}

bool xs_der_oid_is(const xs_der *c, const uint8_t *oid, size_t oid_len)
{
    return c->len == oid_len && memcmp(c->p, oid, oid_len) == 0;
}
