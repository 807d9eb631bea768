/*
 * buf.h: a growable byte buffer with a sticky failure flag, so emitters can
 * append without checking every call and test once at the end.
 */
#ifndef XS_BUF_H
#define XS_BUF_H

#include "internal.h"

typedef struct {
    uint8_t *data;
    size_t len;
    size_t cap;
    bool failed; /* an allocation failed; contents are incomplete */
} xs_buf;

void xs_buf_init(xs_buf *b);
void xs_buf_cleanup(xs_buf *b);

void xs_buf_append(xs_buf *b, const void *data, size_t len);
void xs_buf_puts(xs_buf *b, const char *s);
void xs_buf_putc(xs_buf *b, char c);
XS_PRINTF(2, 3) void xs_buf_printf(xs_buf *b, const char *fmt, ...);
void xs_buf_pad(xs_buf *b, char c, size_t count);

/* xs_buf_finish NUL-terminates the buffer (the NUL is not counted in len)
 * and hands its memory to the caller: XS_OK with *out and *out_len set, or
 * XS_ERR_NOMEM (and the buffer is freed) if any append had failed. */
xs_status xs_buf_finish(xs_buf *b, uint8_t **out, size_t *out_len);

#endif /* XS_BUF_H */
