#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void xs_buf_init(xs_buf *b)
{
    memset(b, 0, sizeof(*b));
}

void xs_buf_cleanup(xs_buf *b)
{
    free(b->data);
    xs_buf_init(b);
}

static bool reserve(xs_buf *b, size_t extra)
{
    if (b->failed) {
        return false;
    }
    if (extra <= b->cap - b->len) {
        return true;
    }
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len < extra) {
        if (cap > SIZE_MAX / 2) {
            b->failed = true;
            return false;
        }
        cap *= 2;
    }
    uint8_t *p = realloc(b->data, cap);
    if (p == NULL) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void xs_buf_append(xs_buf *b, const void *data, size_t len)
{
    if (len == 0 || !reserve(b, len)) {
        return;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
}

void xs_buf_puts(xs_buf *b, const char *s)
{
    xs_buf_append(b, s, strlen(s));
}

void xs_buf_putc(xs_buf *b, char c)
{
    xs_buf_append(b, &c, 1);
}

void xs_buf_pad(xs_buf *b, char c, size_t count)
{
    if (!reserve(b, count)) {
        return;
    }
    memset(b->data + b->len, c, count);
    b->len += count;
}

void xs_buf_printf(xs_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if (!reserve(b, (size_t)n + 1)) {
        return;
    }
    va_start(ap, fmt);
    vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

xs_status xs_buf_finish(xs_buf *b, uint8_t **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (!reserve(b, 1)) {
        xs_buf_cleanup(b);
        return XS_ERR_NOMEM;
    }
    b->data[b->len] = 0;
    *out = b->data;
    *out_len = b->len;
    xs_buf_init(b);
    return XS_OK;
}
