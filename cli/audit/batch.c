/*
 * batch.c: members framed into batches, and a batch judged into a frame
 * of rendered records (the same whether a worker or this process judges).
 */
#include <string.h>

#include "audit.h"

#define BATCH_MEMBERS 128
#define BATCH_BYTES (1u << 20)

/* frame_begin starts a frame: a length (patched by frame_end), a type. */
size_t frame_begin(bytes *b, uint8_t type)
{
    size_t at = b->len;
    bytes_u32(b, 0);
    bytes_u8(b, type);
    return at;
}

void frame_end(bytes *b, size_t at)
{
    uint32_t len = (uint32_t)(b->len - at - sizeof(uint32_t));
    memcpy(b->p + at, &len, sizeof(len));
}

static void put_member(bytes *b, const member *m, uint64_t position, const char *source)
{
    bytes_u8(b, (uint8_t)m->kind);
    bytes_u64(b, position);
    bytes_u64(b, m->offset);
    bytes_u64(b, m->line);
    bytes_blob(b, source, strlen(source), true);
    bytes_blob(b, m->key, m->key != NULL ? strlen(m->key) : 0, m->key != NULL);
    bytes_blob(b, m->data, m->len, true);
    bytes_blob(b, m->error, m->error != NULL ? strlen(m->error) : 0, m->error != NULL);
}

/* fill_batch makes one frame of members in `batch` (*count of them):
 * returns 1 when it is full, 0 when the input would block, -1 when the
 * input ended, -2 on a read error. */
int fill_batch(run *R, bytes *batch, uint32_t *count, bool wait)
{
    batch->len = 0;
    *count = 0;
    size_t at = frame_begin(batch, FRAME_MEMBERS);
    bytes_u64(batch, R->next_seq);
    size_t count_at = batch->len;
    bytes_u32(batch, 0);
    int got = 1;
    while (*count < BATCH_MEMBERS && batch->len < BATCH_BYTES) {
        member m;
        got = next_member(R, &m, wait && *count == 0);
        if (got != 1) {
            break;
        }
        put_member(batch, &m, ++R->next_position, R->sources[R->cur].path);
        (*count)++;
    }
    if (got == -1) {
        R->input_done = true;
    }
    memcpy(batch->p + count_at, count, sizeof(*count));
    frame_end(batch, at);
    return got == 1 ? 1 : got;
}

static xs_format library_format(int format)
{
    return format == FMT_TEXT ? XS_FORMAT_TEXT
           : format == FMT_JSON || format == FMT_JSONL ? XS_FORMAT_JSON
                                                      : XS_FORMAT_CBOR;
}

static bool emit_ok(xs_status st)
{
    if (st != XS_OK) {
        cli_fail("audit: cannot render a record: %s", xs_status_string(st));
        return false;
    }
    return true;
}

/* render writes what the output needs of one record: the record (or, when
 * comparing in a stream, its change), then its change, each a blob. */
static bool render(run *R, const xs_audit_record *rec, bool color, bytes *out)
{
    xs_format f = library_format(R->format);
    unsigned flags = (R->stream ? XS_AUDIT_EMIT_STREAM : 0) |
                     (R->compare_mode ? XS_AUDIT_EMIT_COMPARE : 0) | (color ? XS_EMIT_COLOR : 0);
    bool pair = R->from >= 0 && R->to >= 0;
    size_t from = (size_t)R->from, to = (size_t)R->to;
    bool changed = pair && (R->compare_mode ? xs_audit_record_changes(rec, from, to)
                                            : xs_audit_record_breaks(rec, from, to));
    uint8_t *text = NULL, *change = NULL;
    size_t text_len = 0, change_len = 0;
    bool ok = true;
    if (!R->compare_mode) {
        ok = emit_ok(xs_audit_record_emit(rec, f, flags, &text, &text_len));
    }
    if (ok && changed) {
        ok = emit_ok(xs_audit_record_emit_change(rec, from, to, f, flags, &change, &change_len));
    }
    if (R->stream && R->compare_mode) {
        bytes_blob(out, change, change_len, change != NULL);
        bytes_blob(out, NULL, 0, false);
    } else {
        bytes_blob(out, text, text_len, text != NULL);
        bytes_blob(out, change, change_len, change != NULL);
    }
    xs_free(text);
    xs_free(change);
    return ok;
}

/* copy_text copies a blob into a NUL-terminated buffer. */
static const char *copy_text(char *buf, size_t size, const uint8_t *p, size_t len)
{
    if (p == NULL) {
        return NULL;
    }
    len = len < size ? len : size - 1;
    memcpy(buf, p, len);
    buf[len] = 0;
    return buf;
}

/* A member as a batch carries it (put_member wrote it). */
typedef struct {
    uint8_t kind;
    uint64_t position, offset, line;
    const uint8_t *source, *key, *data, *error;
    size_t source_len, key_len, data_len, error_len;
} framed_member;

static bool take_member(cursor *c, framed_member *fm)
{
    const uint8_t *kind = take(c, 1);
    fm->kind = kind != NULL ? *kind : MEMBER_MALFORMED;
    fm->position = take_u64(c);
    fm->offset = take_u64(c);
    fm->line = take_u64(c);
    fm->source = take_blob(c, &fm->source_len);
    fm->key = take_blob(c, &fm->key_len);
    fm->data = take_blob(c, &fm->data_len);
    fm->error = take_blob(c, &fm->error_len);
    return !c->bad && kind != NULL;
}

/* decode_pem turns a PEM body into DER (in `der`), or the member into a
 * malformed one when its base64 is bad. */
static void decode_pem(framed_member *fm, bytes *der)
{
    if (fm->kind != MEMBER_PEM && fm->kind != MEMBER_PEM_AUX) {
        return;
    }
    der->len = 0;
    if (b64_decode(fm->data, fm->data_len, der)) {
        fm->kind = fm->kind == MEMBER_PEM ? MEMBER_CERT : MEMBER_AUX;
        fm->data = der->p;
        fm->data_len = der->len;
    } else {
        fm->kind = MEMBER_MALFORMED;
        fm->error = (const uint8_t *)"PEM block with invalid base64";
        fm->error_len = strlen((const char *)fm->error);
    }
}

/* judge_member judges one member into its record and renders it. */
static bool judge_member(run *R, framed_member *fm, bool color, bytes *der, bytes *out)
{
    char source_text[4096], key_text[256], error_text[320];
    xs_audit_origin origin = {
        copy_text(source_text, sizeof(source_text), fm->source, fm->source_len), fm->position,
        fm->offset, fm->line, copy_text(key_text, sizeof(key_text), fm->key, fm->key_len)};
    xs_audit_record *rec = NULL;
    xs_status st;
    decode_pem(fm, der);
    if (fm->kind == MEMBER_MALFORMED) {
        st = xs_audit_malformed(R->auditor, &rec, fm->data, fm->data_len,
                                copy_text(error_text, sizeof(error_text), fm->error, fm->error_len),
                                &origin, R->at);
    } else {
        st = xs_audit_judge(R->auditor, &rec, fm->data, fm->data_len,
                            fm->kind == MEMBER_AUX ? XS_AUDIT_TRUSTED_AUX : 0, &origin, R->at);
    }
    if (st != XS_OK) {
        cli_fail("audit: %s: certificate %llu: %s", origin.source,
                 (unsigned long long)fm->position, xs_status_string(st));
        return false;
    }
    xs_audit_summary_add(R->summary, rec);
    bool ok = render(R, rec, color, out);
    xs_audit_record_free(rec);
    return ok;
}

bool process_batch(run *R, const uint8_t *payload, size_t len, bool color, bytes *der,
                   bytes *out)
{
    cursor c = {payload, len, false};
    uint64_t seq = take_u64(&c);
    uint32_t count = take_u32(&c);
    size_t at = frame_begin(out, FRAME_RESULTS);
    bytes_u64(out, seq);
    bytes_u32(out, count);
    bool ok = !c.bad;
    for (uint32_t i = 0; ok && i < count; i++) {
        framed_member fm;
        ok = take_member(&c, &fm) && judge_member(R, &fm, color, der, out);
    }
    frame_end(out, at);
    return ok;
}
