/*
 * envelope.c: the chain harness's CBOR envelope (envelope.h).
 *
 * Implementation notes. cbor_stream_decode() decodes one item head (and a
 * definite string whole) per call and reports it through a callback; the
 * callbacks below only record what the item was, and the walk checks it
 * against the shape it expects next.
 */
#include "envelope.h"

#include <cbor.h>
#include <string.h>

typedef enum {
    ITEM_NONE,
    ITEM_UINT,
    ITEM_NEGINT,
    ITEM_BYTES,
    ITEM_TEXT,
    ITEM_ARRAY,
    ITEM_MAP,
    ITEM_BOOL,
    ITEM_NULL,
    ITEM_OTHER, /* floats, tags, indefinite items, undefined */
} item_kind;

typedef struct {
    item_kind kind;
    uint64_t value; /* ITEM_UINT, ITEM_NEGINT (CBOR's n for -1-n), counts */
    const uint8_t *p;
    size_t len;
    bool flag;
} item;

static void on_uint8(void *c, uint8_t v)
{
    *(item *)c = (item){.kind = ITEM_UINT, .value = v};
}
static void on_uint16(void *c, uint16_t v)
{
    *(item *)c = (item){.kind = ITEM_UINT, .value = v};
}
static void on_uint32(void *c, uint32_t v)
{
    *(item *)c = (item){.kind = ITEM_UINT, .value = v};
}
static void on_uint64(void *c, uint64_t v)
{
    *(item *)c = (item){.kind = ITEM_UINT, .value = v};
}
static void on_negint8(void *c, uint8_t v)
{
    *(item *)c = (item){.kind = ITEM_NEGINT, .value = v};
}
static void on_negint16(void *c, uint16_t v)
{
    *(item *)c = (item){.kind = ITEM_NEGINT, .value = v};
}
static void on_negint32(void *c, uint32_t v)
{
    *(item *)c = (item){.kind = ITEM_NEGINT, .value = v};
}
static void on_negint64(void *c, uint64_t v)
{
    *(item *)c = (item){.kind = ITEM_NEGINT, .value = v};
}
static void on_bytes(void *c, cbor_data p, size_t len)
{
    *(item *)c = (item){.kind = ITEM_BYTES, .p = p, .len = len};
}
static void on_text(void *c, cbor_data p, size_t len)
{
    *(item *)c = (item){.kind = ITEM_TEXT, .p = p, .len = len};
}
static void on_array(void *c, size_t n)
{
    *(item *)c = (item){.kind = ITEM_ARRAY, .value = n};
}
static void on_map(void *c, size_t n)
{
    *(item *)c = (item){.kind = ITEM_MAP, .value = n};
}
static void on_bool(void *c, bool v)
{
    *(item *)c = (item){.kind = ITEM_BOOL, .flag = v};
}
static void on_null(void *c)
{
    *(item *)c = (item){.kind = ITEM_NULL};
}
static void on_other(void *c)
{
    *(item *)c = (item){.kind = ITEM_OTHER};
}
static void on_other_u64(void *c, uint64_t v)
{
    (void)v;
    on_other(c);
}
static void on_other_float(void *c, float v)
{
    (void)v;
    on_other(c);
}
static void on_other_double(void *c, double v)
{
    (void)v;
    on_other(c);
}

static const struct cbor_callbacks callbacks = {
    .uint8 = on_uint8,
    .uint16 = on_uint16,
    .uint32 = on_uint32,
    .uint64 = on_uint64,
    .negint8 = on_negint8,
    .negint16 = on_negint16,
    .negint32 = on_negint32,
    .negint64 = on_negint64,
    .byte_string_start = on_other,
    .byte_string = on_bytes,
    .string = on_text,
    .string_start = on_other,
    .indef_array_start = on_other,
    .array_start = on_array,
    .indef_map_start = on_other,
    .map_start = on_map,
    .tag = on_other_u64,
    .float2 = on_other_float,
    .float4 = on_other_float,
    .float8 = on_other_double,
    .undefined = on_other,
    .null = on_null,
    .boolean = on_bool,
    .indef_break = on_other,
};

typedef struct {
    const uint8_t *p;
    size_t len;
    size_t pos;
} cursor;

static bool next_item(cursor *c, item *out)
{
    if (c->pos >= c->len) {
        return false;
    }
    *out = (item){.kind = ITEM_NONE};
    struct cbor_decoder_result r =
        cbor_stream_decode(c->p + c->pos, c->len - c->pos, &callbacks, out);
    if (r.status != CBOR_DECODER_FINISHED || r.read == 0 || r.read > c->len - c->pos ||
        out->kind == ITEM_NONE) {
        return false;
    }
    c->pos += r.read;
    return true;
}

static const char *const list_names[ENV__LISTS] = {"intermediates", "pool", "anchors"};

const char *env_list_name(env_list list)
{
    return (unsigned)list < ENV__LISTS ? list_names[list] : "?";
}

static bool key_is(const item *k, const char *name)
{
    return k->len == strlen(name) && memcmp(k->p, name, k->len) == 0;
}

static bool read_int(cursor *c, int64_t *out)
{
    item v;
    if (!next_item(c, &v) || v.value > (uint64_t)INT64_MAX) {
        return false;
    }
    if (v.kind == ITEM_UINT) {
        *out = (int64_t)v.value;
        return true;
    }
    if (v.kind == ITEM_NEGINT) {
        *out = -1 - (int64_t)v.value;
        return true;
    }
    return false;
}

static bool read_text(cursor *c, env_text *out)
{
    item v;
    if (!next_item(c, &v) || v.kind != ITEM_TEXT || v.len > ENV_MAX_TEXT) {
        return false;
    }
    *out = (env_text){v.p, v.len, true};
    return true;
}

static bool read_list(cursor *c, envelope *e, env_list list)
{
    item v;
    if (!next_item(c, &v) || v.kind != ITEM_ARRAY || v.value > ENV_MAX_CERTS) {
        return false;
    }
    e->count[list] = (size_t)v.value;
    for (size_t i = 0; i < e->count[list]; i++) {
        item b;
        if (!next_item(c, &b) || b.kind != ITEM_BYTES) {
            return false;
        }
        e->certs[list][i] = (env_bytes){b.p, b.len};
    }
    return true;
}

static bool read_value(cursor *c, envelope *e, const item *key)
{
    for (int l = 0; l < ENV__LISTS; l++) {
        if (key_is(key, list_names[l])) {
            return read_list(c, e, (env_list)l);
        }
    }
    if (key_is(key, "leaf")) {
        item v;
        if (!next_item(c, &v) || v.kind != ITEM_BYTES) {
            return false;
        }
        e->leaf = (env_bytes){v.p, v.len};
        e->has_leaf = true;
        return true;
    }
    if (key_is(key, "policy")) {
        return read_text(c, &e->policy);
    }
    if (key_is(key, "purpose")) {
        return read_text(c, &e->purpose);
    }
    if (key_is(key, "host")) {
        return read_text(c, &e->host);
    }
    if (key_is(key, "time")) {
        return (e->has_time = read_int(c, &e->time));
    }
    if (key_is(key, "max_depth")) {
        return (e->has_max_depth = read_int(c, &e->max_depth));
    }
    item v;
    if (!next_item(c, &v)) {
        return false;
    }
    if (key_is(key, "audit")) {
        e->audit = v.kind == ITEM_BOOL && v.flag;
        return v.kind == ITEM_BOOL;
    }
    /* an unknown key: a scalar or a string value is skipped */
    return v.kind != ITEM_ARRAY && v.kind != ITEM_MAP && v.kind != ITEM_OTHER;
}

bool envelope_decode(const uint8_t *data, size_t size, envelope *out)
{
    memset(out, 0, sizeof(*out));
    cursor c = {data, size, 0};
    item map;
    if (!next_item(&c, &map) || map.kind != ITEM_MAP || map.value > 32) {
        return false;
    }
    for (uint64_t i = 0; i < map.value; i++) {
        item key;
        if (!next_item(&c, &key) || key.kind != ITEM_TEXT || !read_value(&c, out, &key)) {
            return false;
        }
    }
    return out->has_leaf && c.pos == size;
}

/* ---- encoding ---------------------------------------------------------------- */

typedef struct {
    uint8_t *p;
    size_t len;
    size_t max;
    bool failed;
} writer;

static void put(writer *w, size_t n)
{
    if (n == 0) {
        w->failed = true;
    }
    w->len += n;
}

static uint8_t *at(writer *w)
{
    return w->p + w->len;
}

static size_t room(const writer *w)
{
    return w->failed || w->len > w->max ? 0 : w->max - w->len;
}

static void put_raw(writer *w, const uint8_t *p, size_t n)
{
    if (n > room(w)) {
        w->failed = true;
        return;
    }
    if (n > 0) {
        memmove(at(w), p, n);
    }
    w->len += n;
}

static void put_key(writer *w, const char *key)
{
    size_t n = strlen(key);
    put(w, cbor_encode_string_start(n, at(w), room(w)));
    put_raw(w, (const uint8_t *)key, n);
}

static void put_bytes(writer *w, const uint8_t *p, size_t n)
{
    put(w, cbor_encode_bytestring_start(n, at(w), room(w)));
    put_raw(w, p, n);
}

static void put_text(writer *w, const env_text *t)
{
    put(w, cbor_encode_string_start(t->len, at(w), room(w)));
    put_raw(w, t->p, t->len);
}

static void put_int(writer *w, int64_t v)
{
    if (v >= 0) {
        put(w, cbor_encode_uint((uint64_t)v, at(w), room(w)));
    } else {
        put(w, cbor_encode_negint((uint64_t)(-(v + 1)), at(w), room(w)));
    }
}

size_t envelope_encode(const envelope *e, uint8_t *out, size_t max)
{
    writer w = {out, 0, max, false};
    size_t members = 1 + (e->policy.present ? 1 : 0) + (e->purpose.present ? 1 : 0) +
                     (e->host.present ? 1 : 0) + (e->has_time ? 1 : 0) +
                     (e->has_max_depth ? 1 : 0) + (e->audit ? 1 : 0);
    for (int l = 0; l < ENV__LISTS; l++) {
        members += e->count[l] > 0;
    }
    put(&w, cbor_encode_map_start(members, at(&w), room(&w)));
    put_key(&w, "leaf");
    put_bytes(&w, e->leaf.p, e->leaf.len);
    for (int l = 0; l < ENV__LISTS; l++) {
        if (e->count[l] == 0) {
            continue;
        }
        put_key(&w, list_names[l]);
        put(&w, cbor_encode_array_start(e->count[l], at(&w), room(&w)));
        for (size_t i = 0; i < e->count[l]; i++) {
            put_bytes(&w, e->certs[l][i].p, e->certs[l][i].len);
        }
    }
    if (e->policy.present) {
        put_key(&w, "policy");
        put_text(&w, &e->policy);
    }
    if (e->purpose.present) {
        put_key(&w, "purpose");
        put_text(&w, &e->purpose);
    }
    if (e->host.present) {
        put_key(&w, "host");
        put_text(&w, &e->host);
    }
    if (e->has_time) {
        put_key(&w, "time");
        put_int(&w, e->time);
    }
    if (e->has_max_depth) {
        put_key(&w, "max_depth");
        put_int(&w, e->max_depth);
    }
    if (e->audit) {
        put_key(&w, "audit");
        put(&w, cbor_encode_bool(true, at(&w), room(&w)));
    }
    return w.failed ? 0 : w.len;
}
