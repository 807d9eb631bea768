/*
 * emit_json.c: JSON (RFC 8259) behind report.h's xs_writer, indented or on
 * one line (JSON Lines), and the report as an indented document. Strings
 * in a report are valid UTF-8 already (cert/ sanitises names); the writer
 * still escapes every control character.
 */
#include <string.h>

#include "report/report.h"

static void newline(xs_json_writer *j)
{
    if (j->indent > 0) {
        xs_buf_putc(&j->base.out, '\n');
        xs_buf_pad(&j->base.out, ' ', (size_t)(j->depth * j->indent));
    }
}

/* before_value writes the separator an element needs at this position. */
static void before_value(xs_json_writer *j)
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
    xs_json_writer *j = (xs_json_writer *)w;
    before_value(j);
    xs_buf_putc(&w->out, opener);
    if (j->depth + 1 >= XS_JSON_MAX_NESTING) {
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
    xs_json_writer *j = (xs_json_writer *)w;
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

/* put_escaped copies runs of plain bytes at once: audits write millions of
 * strings. */
static void put_escaped(xs_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    xs_buf_putc(b, '"');
    const unsigned char *p = (const unsigned char *)s;
    while (*p != 0) {
        const unsigned char *run = p;
        while (*p >= 0x20 && *p != '"' && *p != '\\' && *p != 0x7F) {
            p++;
        }
        xs_buf_append(b, run, (size_t)(p - run));
        if (*p == 0) {
            break;
        }
        char esc[7] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 0xF], 0};
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
            xs_buf_puts(b, esc);
        }
        p++;
    }
    xs_buf_putc(b, '"');
}

static void json_key(xs_writer *w, const char *key)
{
    xs_json_writer *j = (xs_json_writer *)w;
    before_value(j);
    put_escaped(&w->out, key);
    xs_buf_puts(&w->out, j->indent > 0 ? ": " : ":");
    j->after_key = true;
}

static void json_string(xs_writer *w, const char *value)
{
    before_value((xs_json_writer *)w);
    put_escaped(&w->out, value);
}

static void json_integer(xs_writer *w, int64_t value)
{
    char digits[24];
    size_t n = sizeof(digits);
    uint64_t v = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
    do {
        digits[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    if (value < 0) {
        digits[--n] = '-';
    }
    before_value((xs_json_writer *)w);
    xs_buf_append(&w->out, digits + n, sizeof(digits) - n);
}

static void json_boolean(xs_writer *w, bool value)
{
    before_value((xs_json_writer *)w);
    xs_buf_puts(&w->out, value ? "true" : "false");
}

static void json_null(xs_writer *w)
{
    before_value((xs_json_writer *)w);
    xs_buf_puts(&w->out, "null");
}

void xs_json_writer_init(xs_json_writer *j, int indent)
{
    memset(j, 0, sizeof(*j));
    j->base = (xs_writer){json_map, json_array, json_end, json_key, json_string, json_integer,
                          json_boolean, json_null, {0}};
    xs_buf_init(&j->base.out);
    j->indent = indent;
}

xs_status xs_emit_json(const xs_report *report, xs_buf *out)
{
    xs_json_writer j;
    xs_json_writer_init(&j, 2);
    j.base.out = *out;
    xs_report_walk(report, &j.base);
    xs_buf_putc(&j.base.out, '\n');
    *out = j.base.out;
    return out->failed ? XS_ERR_NOMEM : XS_OK;
}
