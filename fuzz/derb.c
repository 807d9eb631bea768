/*
 * derb.c: the DER writer of the fuzzing tools (derb.h).
 */
#include "derb.h"

#include <stdlib.h>
#include <string.h>

void derb_init(derb *b)
{
    memset(b, 0, sizeof(*b));
}

void derb_free(derb *b)
{
    free(b->p);
    derb_init(b);
}

static bool reserve(derb *b, size_t more)
{
    if (b->failed) {
        return false;
    }
    if (more > SIZE_MAX / 2 - b->len) {
        b->failed = true;
        return false;
    }
    if (b->len + more <= b->cap) {
        return true;
    }
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + more) {
        cap *= 2;
    }
    uint8_t *grown = realloc(b->p, cap);
    if (grown == NULL) {
        b->failed = true;
        return false;
    }
    b->p = grown;
    b->cap = cap;
    return true;
}

void derb_raw(derb *b, const void *data, size_t len)
{
    if (len > 0 && reserve(b, len)) {
        memcpy(b->p + b->len, data, len);
        b->len += len;
    }
}

static size_t length_size(size_t len)
{
    size_t n = 1;
    if (len >= 0x80) {
        for (size_t v = len; v > 0; v >>= 8) {
            n++;
        }
    }
    return n;
}

static void put_length(uint8_t *out, size_t len)
{
    if (len < 0x80) {
        out[0] = (uint8_t)len;
        return;
    }
    size_t n = length_size(len) - 1;
    out[0] = (uint8_t)(0x80u | n);
    for (size_t i = 0; i < n; i++) {
        out[1 + i] = (uint8_t)(len >> (8 * (n - 1 - i)));
    }
}

void derb_length_octets(derb *b, size_t len)
{
    uint8_t octets[1 + sizeof(size_t)];
    put_length(octets, len);
    derb_raw(b, octets, length_size(len));
}

void derb_tlv(derb *b, uint8_t tag, const void *contents, size_t len)
{
    derb_raw(b, &tag, 1);
    derb_length_octets(b, len);
    derb_raw(b, contents, len);
}

void derb_open(derb *b, uint8_t tag)
{
    if (b->depth >= DERB_MAX_NESTING) {
        b->failed = true;
        return;
    }
    derb_raw(b, &tag, 1);
    b->open_at[b->depth++] = b->len;
}

void derb_close(derb *b)
{
    if (b->depth <= 0) {
        b->failed = true;
        return;
    }
    size_t at = b->open_at[--b->depth];
    if (b->failed) {
        return;
    }
    size_t len = b->len - at, n = length_size(len);
    if (!reserve(b, n)) {
        return;
    }
    memmove(b->p + at + n, b->p + at, len);
    put_length(b->p + at, len);
    b->len += n;
}

/* parse_arc reads one decimal arc; false when there is none. */
static bool parse_arc(const char **s, uint64_t *out)
{
    const char *c = *s;
    uint64_t v = 0;
    if (*c < '0' || *c > '9') {
        return false;
    }
    for (; *c >= '0' && *c <= '9'; c++) {
        if (v > (UINT64_MAX - 9) / 10) {
            return false;
        }
        v = v * 10 + (uint64_t)(*c - '0');
    }
    *s = c;
    *out = v;
    return true;
}

static void put_subidentifier(derb *b, uint64_t v)
{
    uint8_t tmp[10];
    size_t n = 0;
    do {
        tmp[n++] = (uint8_t)(v & 0x7F);
        v >>= 7;
    } while (v > 0);
    while (n > 0) {
        uint8_t octet = tmp[--n];
        if (n > 0) {
            octet |= 0x80;
        }
        derb_raw(b, &octet, 1);
    }
}

void derb_oid_contents(derb *b, const char *dotted)
{
    uint64_t first = 0, second = 0;
    const char *s = dotted;
    if (!parse_arc(&s, &first) || *s++ != '.' || !parse_arc(&s, &second) || first > 2 ||
        (first < 2 && second > 39) || second > UINT64_MAX - 80) {
        b->failed = true;
        return;
    }
    put_subidentifier(b, first * 40 + second);
    while (*s == '.') {
        s++;
        uint64_t arc = 0;
        if (!parse_arc(&s, &arc)) {
            b->failed = true;
            return;
        }
        put_subidentifier(b, arc);
    }
    if (*s != 0) {
        b->failed = true;
    }
}

void derb_oid(derb *b, const char *dotted)
{
    derb_open(b, 0x06);
    derb_oid_contents(b, dotted);
    derb_close(b);
}

void derb_string(derb *b, uint8_t tag, const char *text)
{
    derb_tlv(b, tag, text, strlen(text));
}

void derb_int(derb *b, long long value)
{
    uint8_t tmp[9];
    size_t n = 0;
    unsigned long long u = (unsigned long long)value;
    /* two's complement, big-endian, in the fewest octets */
    for (int i = 7; i >= 0; i--) {
        tmp[n++] = (uint8_t)(u >> (8 * i));
    }
    size_t start = 0;
    while (start + 1 < n && ((tmp[start] == 0x00 && (tmp[start + 1] & 0x80) == 0) ||
                             (tmp[start] == 0xFF && (tmp[start + 1] & 0x80) != 0))) {
        start++;
    }
    derb_tlv(b, 0x02, tmp + start, n - start);
}

void derb_bool(derb *b, bool value)
{
    uint8_t v = value ? 0xFF : 0x00;
    derb_tlv(b, 0x01, &v, 1);
}

void derb_null(derb *b)
{
    derb_tlv(b, 0x05, NULL, 0);
}
