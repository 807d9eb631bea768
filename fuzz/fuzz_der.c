/* Target: lib/der/der.c, the strict DER reader (xs_der_*), walked over any
 *   element tree the way the schema walkers use it: every element read with
 *   xs_der_get_any, constructed ones descended into, universal primitives
 *   also read with their typed getter.
 * Property: a walk that reports no DER violation re-encodes to the same
 *   bytes, and a walk that reports one does not. The re-encoding is this
 *   harness's own canonical DER (fewest length octets; BOOLEAN 00/FF;
 *   minimal INTEGER; zero BIT STRING padding; minimal OID subidentifiers;
 *   empty NULL; no trailing data), written without the reader. Also: the
 *   reader reports every element it refuses to read; reported offsets lie in
 *   the input; the getters (uint64, integer facts, compare) agree with the
 *   bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "der/der.h"
#include "fuzz_util.h"

#define MAX_WALK_DEPTH 256

typedef struct {
    size_t count;   /* violations reported */
    size_t len;     /* input length, for offsets */
    unsigned kinds; /* bit per xs_der_issue */
} issues;

static void on_issue(void *ctx, xs_der_issue issue, size_t offset)
{
    issues *st = ctx;
    FUZZ_CHECK(offset <= st->len, "%s reported at offset %zu of a %zu-byte input",
               xs_der_issue_name(issue), offset, st->len);
    FUZZ_CHECK((unsigned)issue < XS_DER__ISSUE_COUNT, "issue %d out of range", (int)issue);
    st->count++;
    st->kinds |= 1u << issue;
}

typedef struct {
    uint8_t *p;
    size_t len;
    size_t cap;
    bool canonical; /* false once the input cannot be written canonically */
} out_buf;

static void put(out_buf *o, const void *data, size_t len)
{
    if (len == 0) {
        return;
    }
    if (o->len + len > o->cap) {
        size_t cap = o->cap ? o->cap : 256;
        while (cap < o->len + len) {
            cap *= 2;
        }
        uint8_t *grown = realloc(o->p, cap);
        FUZZ_CHECK(grown != NULL, "out of memory");
        o->p = grown;
        o->cap = cap;
    }
    memcpy(o->p + o->len, data, len);
    o->len += len;
}

static void put_byte(out_buf *o, uint8_t b)
{
    put(o, &b, 1);
}

static void put_length(out_buf *o, size_t len)
{
    if (len < 0x80) {
        put_byte(o, (uint8_t)len);
        return;
    }
    uint8_t octets[sizeof(size_t)];
    size_t n = 0;
    for (size_t v = len; v > 0; v >>= 8) {
        octets[n++] = (uint8_t)v;
    }
    put_byte(o, (uint8_t)(0x80u | n));
    while (n > 0) {
        put_byte(o, octets[--n]);
    }
}

/* The string types the reader keeps primitive (X.690 10.2). */
static bool reader_string_tag(uint8_t tag)
{
    static const uint8_t tags[] = {0x03, 0x04, 0x0C, 0x13, 0x14, 0x16, 0x17, 0x18, 0x1A, 0x1C, 0x1E};
    for (size_t i = 0; i < sizeof(tags); i++) {
        if (tags[i] == tag) {
            return true;
        }
    }
    return false;
}

/* canonical_contents writes the canonical contents of a universal
 * primitive element of `tag`. */
static void canonical_contents(out_buf *o, uint8_t tag, const uint8_t *c, size_t len)
{
    switch (tag) {
    case XS_TAG_BOOLEAN:
        if (len != 1) {
            o->canonical = false;
            return;
        }
        put_byte(o, c[0] ? 0xFF : 0x00);
        return;
    case XS_TAG_INTEGER: {
        if (len == 0) {
            o->canonical = false;
            return;
        }
        size_t start = 0;
        while (start + 1 < len && ((c[start] == 0x00 && (c[start + 1] & 0x80) == 0) ||
                                   (c[start] == 0xFF && (c[start + 1] & 0x80) != 0))) {
            start++;
        }
        put(o, c + start, len - start);
        return;
    }
    case XS_TAG_BIT_STRING: {
        if (len == 0 || c[0] > 7 || (c[0] > 0 && len == 1)) {
            o->canonical = false;
            return;
        }
        put(o, c, len - 1);
        put_byte(o, (uint8_t)(c[len - 1] & ~((1u << c[0]) - 1)));
        return;
    }
    case XS_TAG_NULL:
        return;
    case XS_TAG_OID: {
        if (len == 0 || (c[len - 1] & 0x80) != 0) {
            o->canonical = false;
            return;
        }
        bool start = true;
        for (size_t i = 0; i < len; i++) {
            if (!(start && c[i] == 0x80)) {
                put_byte(o, c[i]);
            }
            start = (c[i] & 0x80) == 0;
        }
        return;
    }
    default:
        put(o, c, len);
        return;
    }
}

/* check_getters reads the element at `at` again with its typed getter, so
 * the type's DER rules are checked, and checks what the getters say. */
static void check_getters(const xs_der *at, uint8_t tag, const xs_der *contents)
{
    xs_der probe = *at, c;
    switch (tag) {
    case XS_TAG_BOOLEAN: {
        bool v = false;
        FUZZ_CHECK(xs_der_get_bool(&probe, &v), "get_bool refuses what get_any read");
        FUZZ_CHECK(v == (contents->len > 0 && contents->p[0] != 0), "BOOLEAN value");
        break;
    }
    case XS_TAG_NULL:
        FUZZ_CHECK(xs_der_get_null(&probe), "get_null refuses what get_any read");
        break;
    case XS_TAG_INTEGER: {
        FUZZ_CHECK(xs_der_get_integer(&probe, &c) && c.len == contents->len,
                   "get_integer disagrees with get_any");
        bool negative = c.len > 0 && (c.p[0] & 0x80) != 0;
        FUZZ_CHECK(xs_der_integer_is_negative(&c) == negative, "integer sign");
        bool zero = true;
        for (size_t i = 0; i < c.len; i++) {
            zero &= c.p[i] == 0;
        }
        FUZZ_CHECK(xs_der_integer_is_zero(&c) == zero, "integer zero");
        size_t mag = xs_der_integer_magnitude_len(&c);
        FUZZ_CHECK(mag == (c.len > 1 && c.p[0] == 0 ? c.len - 1 : c.len), "magnitude length");
        xs_der copy = *at;
        uint64_t v = 0;
        bool fits = c.len > 0 && !negative && mag <= 8;
        FUZZ_CHECK(xs_der_get_uint64(&copy, &v) == fits, "get_uint64 on a %zu-octet INTEGER",
                   c.len);
        if (fits) {
            uint64_t want = 0;
            for (size_t i = 0; i < c.len; i++) {
                want = (want << 8) | c.p[i];
            }
            FUZZ_CHECK(v == want && copy.off == probe.off, "get_uint64 value or position");
        }
        break;
    }
    case XS_TAG_BIT_STRING: {
        unsigned unused = 99;
        FUZZ_CHECK(xs_der_get_bit_string(&probe, &c, &unused), "get_bit_string refuses");
        FUZZ_CHECK(unused <= 7, "unused bits %u", unused);
        /* as a named bit list too, with its reports kept apart */
        xs_der named = *at;
        named.sink = NULL;
        uint32_t mask = 0;
        bool extra = false;
        FUZZ_CHECK(xs_der_get_named_bits(&named, &mask, &extra), "get_named_bits refuses");
        if (c.len > 0 && c.len <= 4 && unused == 0) {
            uint32_t want = 0;
            for (size_t i = 0; i < c.len * 8; i++) {
                if (c.p[i / 8] & (0x80u >> (i % 8))) {
                    want |= 1u << i;
                }
            }
            FUZZ_CHECK(mask == want && !extra, "named bits mask %x, want %x", mask, want);
        }
        break;
    }
    case XS_TAG_OID:
        FUZZ_CHECK(xs_der_get_oid(&probe, &c) && xs_der_oid_is(&c, contents->p, contents->len),
                   "get_oid disagrees with get_any");
        break;
    case XS_TAG_OCTET_STRING:
        FUZZ_CHECK(xs_der_get_octet_string(&probe, &c) && xs_der_equal(&c, contents),
                   "get_octet_string disagrees with get_any");
        break;
    default:
        if (reader_string_tag((uint8_t)(tag & ~XS_TAG_CONSTRUCTED)) &&
            (tag & XS_TAG_CONSTRUCTED) != 0) {
            /* asking for the primitive form reports the constructed one */
            FUZZ_CHECK(!xs_der_get(&probe, (uint8_t)(tag & ~XS_TAG_CONSTRUCTED), &c),
                       "get of a primitive tag read a constructed element");
        }
        break;
    }
}

static bool walk_list(xs_der *d, out_buf *o, issues *st, int depth);

/* walk_element reads one element and writes its canonical encoding. */
static bool walk_element(xs_der *d, out_buf *o, issues *st, int depth)
{
    xs_der start = *d, contents, whole;
    size_t before = st->count;
    uint8_t tag = 0;
    if (!xs_der_get_any(d, &tag, &contents, &whole)) {
        FUZZ_CHECK(st->count > before, "the reader refused an element at offset %zu silently",
                   start.off);
        FUZZ_CHECK(d->off == start.off && d->len == start.len, "a refused read moved the cursor");
        o->canonical = false;
        return false;
    }
    FUZZ_CHECK(whole.off == start.off && whole.p == start.p &&
                   contents.p + contents.len == whole.p + whole.len &&
                   d->off == whole.off + whole.len && contents.off == whole.off + (size_t)(contents.p - whole.p),
               "element spans inconsistent at offset %zu", start.off);
    xs_der skipped = start;
    FUZZ_CHECK(xs_der_skip(&skipped) && skipped.off == d->off, "skip disagrees with get_any");
    if ((tag & 0x1F) == 0x1F) {
        o->canonical = false; /* high tag number form: X.509 has none */
    }
    if (tag < 0x40 && (tag & XS_TAG_CONSTRUCTED) == 0) {
        check_getters(&start, tag, &contents);
    } else if ((tag & 0xC0) == 0 && (tag & XS_TAG_CONSTRUCTED) != 0 &&
               reader_string_tag((uint8_t)(tag & 0x1F))) {
        check_getters(&start, tag, &contents);
        o->canonical = false; /* a constructed string (X.690 10.2) */
    }
    out_buf inner = {NULL, 0, 0, true};
    if ((tag & XS_TAG_CONSTRUCTED) != 0 && depth < MAX_WALK_DEPTH) {
        walk_list(&contents, &inner, st, depth + 1);
    } else if ((tag & XS_TAG_CONSTRUCTED) != 0 || tag >= 0x40) {
        put(&inner, contents.p, contents.len); /* contents without a universal type */
    } else {
        canonical_contents(&inner, tag, contents.p, contents.len);
    }
    o->canonical &= inner.canonical;
    put_byte(o, tag); /* high tag numbers were made non-canonical above */
    put_length(o, inner.len);
    put(o, inner.p, inner.len);
    free(inner.p);
    return true;
}

/* walk_list reads every element of a constructed element's contents. */
static bool walk_list(xs_der *d, out_buf *o, issues *st, int depth)
{
    xs_der previous = {0};
    bool have_previous = false;
    while (!xs_der_at_end(d)) {
        xs_der at = *d, whole;
        if (!walk_element(d, o, st, depth)) {
            return false;
        }
        whole.p = at.p;
        whole.len = at.len - d->len;
        if (have_previous) {
            int ab = xs_der_compare(&previous, &whole), ba = xs_der_compare(&whole, &previous);
            FUZZ_CHECK((ab > 0) == (ba < 0) && (ab == 0) == (ba == 0), "compare is not antisymmetric");
            FUZZ_CHECK((ab == 0) == xs_der_equal(&previous, &whole), "compare and equal disagree");
        }
        previous = whole;
        have_previous = true;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    issues st = {0, size, 0};
    xs_der_sink sink = {on_issue, &st};
    xs_der d;
    xs_der_init(&d, data, size, &sink);
    FUZZ_CHECK(xs_der_peek_tag(&d) == data[0] && !xs_der_at_end(&d), "peek at the start");
    out_buf o = {NULL, 0, 0, true};
    if (walk_element(&d, &o, &st, 0)) {
        xs_der_expect_end(&d);
    }
    bool same = o.canonical && o.len == size && memcmp(o.p, data, size) == 0;
    if (st.count == 0) {
        size_t at = 0;
        while (at < o.len && at < size && o.p[at] == data[at]) {
            at++;
        }
        FUZZ_CHECK(same, "no violation reported, yet the canonical re-encoding differs at byte "
                         "%zu (%zu bytes, input %zu)", at, o.len, size);
    } else {
        FUZZ_CHECK(!same, "%zu violations reported (kinds %#x) on canonical DER", st.count,
                   st.kinds);
    }
    free(o.p);
    return 0;
}
