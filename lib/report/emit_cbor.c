/*
 * emit_cbor.c: CBOR (RFC 8949) behind report.h's xs_writer, and the report
 * as CBOR, through libcbor's streaming encoders: definite-length maps and
 * arrays, text strings, integers. The data model is the JSON one (README:
 * the CDDL sketch).
 */
#include <cbor.h>
#include <string.h>

#include "report/report.h"

/* The longest head libcbor writes: one initial byte and an 8-byte argument. */
#define HEAD_MAX 9

static void head(xs_writer *w, size_t (*encode)(uint64_t, unsigned char *, size_t), uint64_t v)
{
    unsigned char bytes[HEAD_MAX];
    size_t n = encode(v, bytes, sizeof(bytes));
    if (n == 0) {
        w->out.failed = true;
        return;
    }
    xs_buf_append(&w->out, bytes, n);
}

static size_t encode_map(uint64_t n, unsigned char *b, size_t len)
{
    return cbor_encode_map_start((size_t)n, b, len);
}

static size_t encode_array(uint64_t n, unsigned char *b, size_t len)
{
    return cbor_encode_array_start((size_t)n, b, len);
}

static size_t encode_text(uint64_t n, unsigned char *b, size_t len)
{
    return cbor_encode_string_start((size_t)n, b, len);
}

static void cbor_map(xs_writer *w, size_t count)
{
    head(w, encode_map, count);
}

static void cbor_array(xs_writer *w, size_t count)
{
    head(w, encode_array, count);
}

static void cbor_end(xs_writer *w)
{
    (void)w; /* definite lengths: nothing closes */
}

static void cbor_text(xs_writer *w, const char *s)
{
    size_t len = strlen(s);
    head(w, encode_text, len);
    xs_buf_append(&w->out, s, len);
}

static void cbor_integer(xs_writer *w, int64_t v)
{
    if (v >= 0) {
        head(w, cbor_encode_uint, (uint64_t)v);
    } else {
        /* CBOR stores a negative n as -1 - n */
        head(w, cbor_encode_negint, (uint64_t)(-(v + 1)));
    }
}

static void cbor_boolean(xs_writer *w, bool v)
{
    unsigned char b[1];
    if (cbor_encode_bool(v, b, sizeof(b)) != 1) {
        w->out.failed = true;
        return;
    }
    xs_buf_append(&w->out, b, 1);
}

static void cbor_null(xs_writer *w)
{
    unsigned char b[1];
    if (cbor_encode_null(b, sizeof(b)) != 1) {
        w->out.failed = true;
        return;
    }
    xs_buf_append(&w->out, b, 1);
}

void xs_cbor_writer_init(xs_writer *w)
{
    *w = (xs_writer){cbor_map,     cbor_array,   cbor_end,  cbor_text, cbor_text,
                     cbor_integer, cbor_boolean, cbor_null, {0}};
    xs_buf_init(&w->out);
}

xs_status xs_emit_cbor(const xs_report *report, xs_buf *out)
{
    xs_writer w;
    xs_cbor_writer_init(&w);
    w.out = *out;
    xs_report_walk(report, &w);
    *out = w.out;
    return out->failed ? XS_ERR_NOMEM : XS_OK;
}
