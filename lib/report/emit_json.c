/*
 * emit_json.c: the report as JSON (RFC 8259), indented two spaces. Strings
 * in a report are valid UTF-8 already (cert/ sanitises names); the writer
 * still escapes every control character.
 */
#include <stdio.h>

#include "report/report.h"

#define MAX_NESTING 16

typedef struct {
    xs_writer base; /* first: the walker sees an xs_writer */
    int depth;
    bool first[MAX_NESTING]; /* no element written yet at this level */
    char closer[MAX_NESTING]; /* '}' or ']' */
    bool after_key;
} json_writer;

static void newline(json_writer *j)
{
    xs_buf_putc(&j->base.out, '\n');
    xs_buf_pad(&j->base.out, ' ', (size_t)j->depth * 2);
}

/* before_value writes the separator an element needs at this position. */
static void before_value(json_writer *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (j->depth > 0) {
        if (!j->first[j->depth]) {
            xs_buf_putc(&j->base.out, ',');
        }
        j->first[j->depth] = false;
        newline(j);
    }
}

static void open_container(xs_writer *w, char opener, char closer)
{
    json_writer *j = (json_writer *)w;
    before_value(j);
    xs_buf_putc(&w->out, opener);
    if (j->depth + 1 >= MAX_NESTING) {
        w->out.failed = true;
        return;
    }
    j->depth++;
    j->first[j->depth] = true;
    j->closer[j->depth] = closer;
}

static void json_map(xs_writer *w, size_t count)
{
    (void)count;
    open_container(w, '{', '}');
}

static void json_array(xs_writer *w, size_t count)
{
    (void)count;
    open_container(w, '[', ']');
}

static void json_end(xs_writer *w)
{
    json_writer *j = (json_writer *)w;
    if (j->depth == 0) {
        w->out.failed = true;
        return;
    }
    bool empty = j->first[j->depth];
    char closer = j->closer[j->depth];
    j->depth--;
    if (!empty) {
        newline(j);
    }
    xs_buf_putc(&w->out, closer);
}

static void put_escaped(xs_buf *b, const char *s)
{
    xs_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            xs_buf_puts(b, "\\\"");
            break;
        case '\\':
            xs_buf_puts(b, "\\\\");
            break;
        case '\n':
            xs_buf_puts(b, "\\n");
            break;
        case '\t':
            xs_buf_puts(b, "\\t");
            break;
        default:
            if (*p < 0x20 || *p == 0x7F) {
                xs_buf_printf(b, "\\u%04x", *p);
            } else {
                xs_buf_putc(b, (char)*p);
            }
        }
    }
    xs_buf_putc(b, '"');
}

static void json_key(xs_writer *w, const char *key)
{
    json_writer *j = (json_writer *)w;
    before_value(j);
    put_escaped(&w->out, key);
    xs_buf_puts(&w->out, ": ");
    j->after_key = true;
}

static void json_string(xs_writer *w, const char *value)
{
    before_value((json_writer *)w);
    put_escaped(&w->out, value);
}

static void json_integer(xs_writer *w, int64_t value)
{
    before_value((json_writer *)w);
    xs_buf_printf(&w->out, "%lld", (long long)value);
}

static void json_boolean(xs_writer *w, bool value)
{
    before_value((json_writer *)w);
    xs_buf_puts(&w->out, value ? "true" : "false");
}

static void json_null(xs_writer *w)
{
    before_value((json_writer *)w);
    xs_buf_puts(&w->out, "null");
}

xs_status xs_emit_json(const xs_report *report, xs_buf *out)
{
    json_writer j = {
        .base = {json_map, json_array, json_end, json_key, json_string, json_integer, json_boolean,
                 json_null, *out},
    };
    xs_report_walk(report, &j.base);
    xs_buf_putc(&j.base.out, '\n');
    *out = j.base.out;
    return out->failed ? XS_ERR_NOMEM : XS_OK;
}
