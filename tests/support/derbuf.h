/*
 * derbuf.h: a growing DER writer for check-based tests that build long or
 * deeply nested values (many GeneralNames, NameConstraints subtrees), where
 * derbuild.h's fixed 1400-octet values would not do; and the GeneralName
 * tags. Header-only, so that xs_test_support itself does not need check; a
 * failed allocation fails the test.
 */
#ifndef XS_TEST_DERBUF_H
#define XS_TEST_DERBUF_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* GeneralName tags (RFC 5280 4.2.1.6), as context-specific tags. */
enum {
    OTHER_NAME = 0xA0,
    RFC822 = 0x81,
    DNS = 0x82,
    X400 = 0xA3,
    DIRECTORY = 0xA4,
    EDI_PARTY = 0xA5,
    URI = 0x86,
    IP = 0x87,
    REGISTERED_ID = 0x88,
};

typedef struct {
    unsigned char *p;
    size_t len, cap;
} xt_buf;

/* A read-only view of fixed bytes, for values written out in a test. */
typedef struct {
    const unsigned char *p;
    size_t len;
} xt_view;

static inline xt_view xt_view_of(const xt_buf *b)
{
    return (xt_view){b->p, b->len};
}

static inline void xt_put(xt_buf *b, const void *data, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n) {
            cap *= 2;
        }
        b->p = realloc(b->p, cap);
        ck_assert_ptr_nonnull(b->p);
        b->cap = cap;
    }
    if (n > 0) {
        memcpy(b->p + b->len, data, n);
    }
    b->len += n;
}

/* xt_put_header appends a tag and a definite length below 2^24. */
static inline void xt_put_header(xt_buf *b, unsigned char tag, size_t len)
{
    unsigned char h[5] = {tag};
    size_t n = 1;
    ck_assert_uint_lt(len, 0x1000000);
    if (len < 0x80) {
        h[n++] = (unsigned char)len;
    } else {
        size_t octets = len > 0xFFFF ? 3 : len > 0xFF ? 2 : 1;
        h[n++] = (unsigned char)(0x80 | octets);
        for (size_t i = octets; i > 0; i--) {
            h[n++] = (unsigned char)(len >> (8 * (i - 1)));
        }
    }
    xt_put(b, h, n);
}

static inline void xt_put_tlv(xt_buf *b, unsigned char tag, const void *value, size_t len)
{
    xt_put_header(b, tag, len);
    xt_put(b, value, len);
}

/* xt_wrap replaces b's contents with tag { contents }. */
static inline void xt_wrap(xt_buf *b, unsigned char tag)
{
    xt_buf out = {0};
    xt_put_tlv(&out, tag, b->p, b->len);
    free(b->p);
    *b = out;
}

#endif /* XS_TEST_DERBUF_H */
