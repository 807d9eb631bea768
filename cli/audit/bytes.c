/*
 * bytes.c: growable byte buffers, cursors over received frames, and whole
 * reads and writes on a file descriptor.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"

void bytes_reserve(bytes *b, size_t extra)
{
    if (b->cap - b->len >= extra) {
        return;
    }
    size_t cap = b->cap ? b->cap : 4096;
    while (cap - b->len < extra) {
        cap *= 2;
    }
    uint8_t *p = realloc(b->p, cap);
    if (p == NULL) {
        fputs("x509strict: out of memory\n", stderr);
        exit(EXIT_INPUT);
    }
    b->p = p;
    b->cap = cap;
}

void bytes_put(bytes *b, const void *data, size_t len)
{
    if (len > 0) {
        bytes_reserve(b, len);
        memcpy(b->p + b->len, data, len);
        b->len += len;
    }
}

void bytes_u8(bytes *b, uint8_t v)
{
    bytes_put(b, &v, 1);
}

void bytes_u32(bytes *b, uint32_t v)
{
    bytes_put(b, &v, sizeof(v));
}

void bytes_u64(bytes *b, uint64_t v)
{
    bytes_put(b, &v, sizeof(v));
}

void bytes_blob(bytes *b, const void *data, size_t len, bool present)
{
    bytes_u32(b, present ? (uint32_t)len : UINT32_MAX);
    bytes_put(b, data, present ? len : 0);
}

void bytes_free(bytes *b)
{
    free(b->p);
    memset(b, 0, sizeof(*b));
}

const uint8_t *take(cursor *c, size_t n)
{
    if (c->bad || c->len < n) {
        c->bad = true;
        return NULL;
    }
    const uint8_t *p = c->p;
    c->p += n;
    c->len -= n;
    return p;
}

/* take_into copies the next `n` bytes to `out`, or leaves it as it is. */
static void take_into(cursor *c, void *out, size_t n)
{
    const uint8_t *p = take(c, n);
    if (p != NULL) {
        memcpy(out, p, n);
    }
}

uint32_t take_u32(cursor *c)
{
    uint32_t v = 0;
    take_into(c, &v, sizeof(v));
    return v;
}

uint64_t take_u64(cursor *c)
{
    uint64_t v = 0;
    take_into(c, &v, sizeof(v));
    return v;
}

const uint8_t *take_blob(cursor *c, size_t *len)
{
    uint32_t n = take_u32(c);
    *len = 0;
    if (n == UINT32_MAX || c->bad) {
        return NULL;
    }
    const uint8_t *p = take(c, n);
    *len = p != NULL ? n : 0;
    return p;
}

/* transfer_all writes `len` bytes from `from`, or (from NULL) reads them
 * into `into`; false at the end of input or on an error. */
static bool transfer_all(int fd, const uint8_t *from, uint8_t *into, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = from != NULL ? write(fd, from + done, len - done)
                                 : read(fd, into + done, len - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        done += (size_t)n;
    }
    return true;
}

bool write_all(int fd, const void *data, size_t len)
{
    return transfer_all(fd, data, NULL, len);
}

bool read_all(int fd, void *data, size_t len)
{
    return transfer_all(fd, NULL, data, len);
}
