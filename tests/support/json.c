/*
 * json.c: a strict JSON DOM parser for tests (see json.h).
 *
 * Values live in an arena owned by the document. While a container is being
 * parsed, its children sit on a scratch stack (one for array items, one for
 * object members); when the container closes they are copied into the arena
 * in one piece, so every array and object is a contiguous block.
 */
#include "json.h"

#include <errno.h>
#include <math.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct tj_member tj_member;

struct tj_value {
    tj_type type;
    size_t len; /* string bytes, array items or object members */
    union {
        bool boolean;
        double number;
        const char *string;
        const tj_value *items;
        const tj_member *members;
    } as;
};

struct tj_member {
    const char *key;
    size_t key_len;
    tj_value value;
};

/* ------------------------------------------------------------------------ */
/* Arena                                                                     */

#define ARENA_MIN_BLOCK ((size_t)4 << 10)
#define ARENA_MAX_BLOCK ((size_t)1 << 20)

typedef struct arena_block {
    struct arena_block *next;
    size_t used;
    size_t cap;
    max_align_t data[];
} arena_block;

/* Blocks start small, so validating a short text stays cheap, and double up
 * to ARENA_MAX_BLOCK. */
typedef struct {
    arena_block *head;
    size_t next_block_size;
} doc_arena;

static arena_block *arena_block_new(size_t cap)
{
    if (cap > SIZE_MAX - sizeof(arena_block))
        return NULL;
    arena_block *b = malloc(sizeof(arena_block) + cap);
    if (b == NULL)
        return NULL;
    b->next = NULL;
    b->used = 0;
    b->cap = cap;
    return b;
}

static void arena_free(arena_block *head)
{
    while (head != NULL) {
        arena_block *next = head->next;
        free(head);
        head = next;
    }
}

static size_t arena_take_block_size(doc_arena *a)
{
    size_t size = a->next_block_size;
    if (size < ARENA_MIN_BLOCK)
        size = ARENA_MIN_BLOCK;
    if (size > ARENA_MAX_BLOCK)
        size = ARENA_MAX_BLOCK;
    a->next_block_size = size < ARENA_MAX_BLOCK / 2 ? size * 2 : ARENA_MAX_BLOCK;
    return size;
}

/* A request too big to share a block gets a block of its own, linked behind
 * the head so the head's free space stays in use. */
static void *arena_alloc(doc_arena *a, size_t n)
{
    const size_t align = alignof(max_align_t);
    if (n == 0 || n > SIZE_MAX - align)
        return NULL;
    size_t need = (n + align - 1) / align * align;
    arena_block *b = a->head;
    if (b != NULL && b->cap - b->used >= need) {
        void *p = (char *)b->data + b->used;
        b->used += need;
        return p;
    }
    size_t block_size = arena_take_block_size(a);
    bool dedicated = need > block_size / 4 && b != NULL;
    arena_block *fresh = arena_block_new(need > block_size ? need : block_size);
    if (fresh == NULL)
        return NULL;
    fresh->used = need;
    if (dedicated) {
        fresh->next = b->next;
        b->next = fresh;
    } else {
        fresh->next = b;
        a->head = fresh;
    }
    return fresh->data;
}

/* ------------------------------------------------------------------------ */
/* Parser state                                                              */

typedef struct {
    const char *start;
    const char *cur;
    const char *end;
    const char *fail_at;
    const char *reason;
    unsigned depth;
    doc_arena arena;
    tj_value *values;
    size_t values_len, values_cap;
    tj_member *members;
    size_t members_len, members_cap;
} parser;

static bool fail(parser *ps, const char *at, const char *reason)
{
    ps->fail_at = at;
    ps->reason = reason;
    return false;
}

static int peek(const parser *ps)
{
    return ps->cur < ps->end ? (unsigned char)*ps->cur : -1;
}

static void skip_whitespace(parser *ps)
{
    while (ps->cur < ps->end &&
           (*ps->cur == ' ' || *ps->cur == '\t' || *ps->cur == '\n' || *ps->cur == '\r'))
        ps->cur++;
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* grow_stack makes room for one more element of `elem_size` bytes. */
static bool grow_stack(void **buf, size_t *cap, size_t len, size_t elem_size)
{
    if (len < *cap)
        return true;
    size_t new_cap = *cap ? *cap * 2 : 64;
    if (new_cap > SIZE_MAX / elem_size)
        return false;
    void *p = realloc(*buf, new_cap * elem_size);
    if (p == NULL)
        return false;
    *buf = p;
    *cap = new_cap;
    return true;
}

static bool push_value(parser *ps, const tj_value *v)
{
    void *buf = ps->values;
    bool ok = grow_stack(&buf, &ps->values_cap, ps->values_len, sizeof *v);
    ps->values = buf;
    if (!ok)
        return fail(ps, ps->cur, "out of memory");
    ps->values[ps->values_len++] = *v;
    return true;
}

static bool push_member(parser *ps, const tj_member *m)
{
    void *buf = ps->members;
    bool ok = grow_stack(&buf, &ps->members_cap, ps->members_len, sizeof *m);
    ps->members = buf;
    if (!ok)
        return fail(ps, ps->cur, "out of memory");
    ps->members[ps->members_len++] = *m;
    return true;
}

/* copy_to_arena copies `n` elements of `size` bytes; n == 0 gives NULL. */
static bool copy_to_arena(parser *ps, const void *src, size_t n, size_t size, void **out)
{
    *out = NULL;
    if (n == 0)
        return true;
    if (n > SIZE_MAX / size)
        return fail(ps, ps->cur, "out of memory");
    *out = arena_alloc(&ps->arena, n * size);
    if (*out == NULL)
        return fail(ps, ps->cur, "out of memory");
    memcpy(*out, src, n * size);
    return true;
}

/* ------------------------------------------------------------------------ */
/* Strings                                                                   */

/* utf8_sequence_length returns the length of the well-formed UTF-8 sequence
 * at `s` (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF), or 0. */
static size_t utf8_sequence_length(const unsigned char *s, size_t avail)
{
    unsigned char lo = 0x80, hi = 0xBF;
    size_t n;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3;
        if (s[0] == 0xE0)
            lo = 0xA0;
        if (s[0] == 0xED)
            hi = 0x9F;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4;
        if (s[0] == 0xF0)
            lo = 0x90;
        if (s[0] == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (avail < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

static size_t encode_utf8(unsigned long cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* read_u_escape reads "\uXXXX" at `p` (which must lie before `limit`). */
static bool read_u_escape(const char *p, const char *limit, unsigned long *out)
{
    if (limit - p < 6 || p[0] != '\\' || p[1] != 'u')
        return false;
    unsigned long v = 0;
    for (int i = 2; i < 6; i++) {
        int h = hex_value(p[i]);
        if (h < 0)
            return false;
        v = v << 4 | (unsigned long)h;
    }
    *out = v;
    return true;
}

/* decode_u_escape decodes "\uXXXX", or a "\uD8xx\uDCxx" surrogate pair, at
 * *pp into UTF-8 at *out, advancing both. */
static bool decode_u_escape(parser *ps, const char **pp, const char *close, char **out)
{
    const char *p = *pp;
    unsigned long cp, low;
    if (!read_u_escape(p, close, &cp))
        return fail(ps, p, "invalid \\u escape");
    p += 6;
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return fail(ps, *pp, "unpaired low surrogate in \\u escape");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (!read_u_escape(p, close, &low) || low < 0xDC00 || low > 0xDFFF)
            return fail(ps, *pp, "unpaired high surrogate in \\u escape");
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        p += 6;
    }
    *out += encode_utf8(cp, *out);
    *pp = p;
    return true;
}

static bool decode_escape(parser *ps, const char **pp, const char *close, char **out)
{
    const char *p = *pp;
    char c;
    switch (p[1]) {
    case '"': c = '"'; break;
    case '\\': c = '\\'; break;
    case '/': c = '/'; break;
    case 'b': c = '\b'; break;
    case 'f': c = '\f'; break;
    case 'n': c = '\n'; break;
    case 'r': c = '\r'; break;
    case 't': c = '\t'; break;
    case 'u': return decode_u_escape(ps, pp, close, out);
    default: return fail(ps, p, "invalid escape in string");
    }
    *(*out)++ = c;
    *pp = p + 2;
    return true;
}

/* find_string_end finds the closing quote of the string whose opening quote
 * is at ps->cur, rejecting raw control characters on the way. */
static bool find_string_end(parser *ps, const char **close)
{
    const char *p = ps->cur + 1;
    while (p < ps->end) {
        unsigned char c = (unsigned char)*p;
        if (c == '"') {
            *close = p;
            return true;
        }
        if (c < 0x20)
            return fail(ps, p, "control character in string");
        if (c == '\\' && ps->end - p < 2)
            break;
        p += c == '\\' ? 2 : 1;
    }
    return fail(ps, ps->cur, "unterminated string");
}

/* Decoding never makes a string longer: every escape is at least as long as
 * the UTF-8 it stands for. */
static bool decode_string(parser *ps, const char *p, const char *close, char *dst, size_t *dst_len)
{
    char *o = dst;
    while (p < close) {
        unsigned char c = (unsigned char)*p;
        if (c == '\\') {
            if (!decode_escape(ps, &p, close, &o))
                return false;
        } else if (c < 0x80) {
            *o++ = (char)c;
            p++;
        } else {
            size_t n = utf8_sequence_length((const unsigned char *)p, (size_t)(close - p));
            if (n == 0)
                return fail(ps, p, "invalid UTF-8 in string");
            memcpy(o, p, n);
            o += n;
            p += n;
        }
    }
    *o = '\0';
    *dst_len = (size_t)(o - dst);
    return true;
}

static bool parse_string(parser *ps, const char **out, size_t *out_len)
{
    const char *close;
    if (!find_string_end(ps, &close))
        return false;
    const char *body = ps->cur + 1;
    char *dst = arena_alloc(&ps->arena, (size_t)(close - body) + 1);
    if (dst == NULL)
        return fail(ps, ps->cur, "out of memory");
    if (!decode_string(ps, body, close, dst, out_len))
        return false;
    *out = dst;
    ps->cur = close + 1;
    return true;
}

/* ------------------------------------------------------------------------ */
/* Numbers and literals                                                      */

static bool skip_digits(parser *ps)
{
    const char *s = ps->cur;
    while (ps->cur < ps->end && is_digit(*ps->cur))
        ps->cur++;
    return ps->cur > s;
}

/* convert_number runs strtod over text the grammar has already accepted.
 * strtod follows LC_NUMERIC; tests never change it from "C". */
static bool convert_number(parser *ps, const char *s, size_t len, tj_value *out)
{
    char small[64];
    char *buf = len < sizeof small ? small : malloc(len + 1);
    if (buf == NULL)
        return fail(ps, s, "out of memory");
    memcpy(buf, s, len);
    buf[len] = '\0';
    errno = 0;
    double d = strtod(buf, NULL);
    bool overflow = errno == ERANGE && isinf(d);
    if (buf != small)
        free(buf);
    if (overflow)
        return fail(ps, s, "number out of range");
    out->type = TJ_NUMBER;
    out->len = 0;
    out->as.number = d;
    return true;
}

static bool parse_number(parser *ps, tj_value *out)
{
    const char *s = ps->cur;
    if (peek(ps) == '-')
        ps->cur++;
    if (peek(ps) == '0') {
        ps->cur++;
        if (is_digit(peek(ps)))
            return fail(ps, ps->cur, "leading zero in number");
    } else if (!skip_digits(ps)) {
        return fail(ps, ps->cur, "expected a digit");
    }
    if (peek(ps) == '.') {
        ps->cur++;
        if (!skip_digits(ps))
            return fail(ps, ps->cur, "expected a digit after '.'");
    }
    if (peek(ps) == 'e' || peek(ps) == 'E') {
        ps->cur++;
        if (peek(ps) == '+' || peek(ps) == '-')
            ps->cur++;
        if (!skip_digits(ps))
            return fail(ps, ps->cur, "expected a digit in the exponent");
    }
    return convert_number(ps, s, (size_t)(ps->cur - s), out);
}

static bool parse_literal(parser *ps, const char *word, tj_type type, bool boolean,
                          tj_value *out)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->cur) < n || memcmp(ps->cur, word, n) != 0)
        return fail(ps, ps->cur, "invalid literal");
    ps->cur += n;
    out->type = type;
    out->len = 0;
    out->as.boolean = boolean;
    return true;
}

/* ------------------------------------------------------------------------ */
/* Containers                                                                */

static bool parse_value(parser *ps, tj_value *out);

static bool enter_container(parser *ps)
{
    if (ps->depth >= TJ_MAX_DEPTH)
        return fail(ps, ps->cur, "nesting deeper than TJ_MAX_DEPTH");
    ps->depth++;
    ps->cur++;
    skip_whitespace(ps);
    return true;
}

static bool finish_array(parser *ps, size_t base, tj_value *out)
{
    size_t n = ps->values_len - base;
    const tj_value *first = n ? ps->values + base : NULL;
    void *items;
    if (!copy_to_arena(ps, first, n, sizeof(tj_value), &items))
        return false;
    ps->values_len = base;
    ps->depth--;
    out->type = TJ_ARRAY;
    out->len = n;
    out->as.items = items;
    return true;
}

static bool parse_array(parser *ps, tj_value *out)
{
    size_t base = ps->values_len;
    if (!enter_container(ps))
        return false;
    if (peek(ps) == ']') {
        ps->cur++;
        return finish_array(ps, base, out);
    }
    for (;;) {
        tj_value item;
        if (!parse_value(ps, &item) || !push_value(ps, &item))
            return false;
        skip_whitespace(ps);
        int c = peek(ps);
        ps->cur += c == ',' || c == ']';
        if (c == ']')
            return finish_array(ps, base, out);
        if (c != ',')
            return fail(ps, ps->cur, "expected ',' or ']' in array");
        skip_whitespace(ps);
    }
}

static int compare_member_keys(const void *a, const void *b)
{
    const tj_member *x = *(const tj_member *const *)a;
    const tj_member *y = *(const tj_member *const *)b;
    size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    int c = memcmp(x->key, y->key, n);
    if (c != 0)
        return c;
    return (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

/* find_duplicate_key returns 1 if two members share a key, 0 if none do,
 * -1 when out of memory. */
static int find_duplicate_key(const tj_member *members, size_t n)
{
    if (n < 2)
        return 0;
    const tj_member **sorted = malloc(n * sizeof *sorted);
    if (sorted == NULL)
        return -1;
    for (size_t i = 0; i < n; i++)
        sorted[i] = &members[i];
    qsort(sorted, n, sizeof *sorted, compare_member_keys);
    int found = 0;
    for (size_t i = 1; i < n && !found; i++)
        found = compare_member_keys(&sorted[i - 1], &sorted[i]) == 0;
    free(sorted);
    return found;
}

static bool finish_object(parser *ps, size_t base, const char *open, tj_value *out)
{
    size_t n = ps->members_len - base;
    const tj_member *first = n ? ps->members + base : NULL;
    int dup = find_duplicate_key(first, n);
    if (dup < 0)
        return fail(ps, ps->cur, "out of memory");
    if (dup > 0)
        return fail(ps, open, "duplicate key in object");
    void *members;
    if (!copy_to_arena(ps, first, n, sizeof(tj_member), &members))
        return false;
    ps->members_len = base;
    ps->depth--;
    out->type = TJ_OBJECT;
    out->len = n;
    out->as.members = members;
    return true;
}

static bool parse_member(parser *ps)
{
    tj_member m;
    if (peek(ps) != '"')
        return fail(ps, ps->cur, "expected a string key");
    if (!parse_string(ps, &m.key, &m.key_len))
        return false;
    skip_whitespace(ps);
    if (peek(ps) != ':')
        return fail(ps, ps->cur, "expected ':' after key");
    ps->cur++;
    skip_whitespace(ps);
    if (!parse_value(ps, &m.value))
        return false;
    return push_member(ps, &m);
}

static bool parse_object(parser *ps, tj_value *out)
{
    size_t base = ps->members_len;
    const char *open = ps->cur;
    if (!enter_container(ps))
        return false;
    if (peek(ps) == '}') {
        ps->cur++;
        return finish_object(ps, base, open, out);
    }
    for (;;) {
        if (!parse_member(ps))
            return false;
        skip_whitespace(ps);
        int c = peek(ps);
        ps->cur += c == ',' || c == '}';
        if (c == '}')
            return finish_object(ps, base, open, out);
        if (c != ',')
            return fail(ps, ps->cur, "expected ',' or '}' in object");
        skip_whitespace(ps);
    }
}

static bool parse_string_value(parser *ps, tj_value *out)
{
    const char *s;
    size_t len;
    if (!parse_string(ps, &s, &len))
        return false;
    out->type = TJ_STRING;
    out->len = len;
    out->as.string = s;
    return true;
}

static bool parse_value(parser *ps, tj_value *out)
{
    int c = peek(ps);
    switch (c) {
    case -1: return fail(ps, ps->cur, "unexpected end of input");
    case '{': return parse_object(ps, out);
    case '[': return parse_array(ps, out);
    case '"': return parse_string_value(ps, out);
    case 't': return parse_literal(ps, "true", TJ_BOOL, true, out);
    case 'f': return parse_literal(ps, "false", TJ_BOOL, false, out);
    case 'n': return parse_literal(ps, "null", TJ_NULL, false, out);
    default:
        if (c == '-' || is_digit(c))
            return parse_number(ps, out);
        return fail(ps, ps->cur, "unexpected character");
    }
}

/* ------------------------------------------------------------------------ */
/* Documents                                                                 */

struct tj_doc {
    arena_block *arena;
    tj_value root;
};

static bool parse_document(parser *ps, tj_value *root)
{
    skip_whitespace(ps);
    if (!parse_value(ps, root))
        return false;
    skip_whitespace(ps);
    if (ps->cur != ps->end)
        return fail(ps, ps->cur, "trailing characters after the value");
    return true;
}

tj_doc *tj_parse(const char *text, size_t len, tj_error *err)
{
    if (text == NULL)
        text = "";
    parser ps = { .start = text, .cur = text, .end = text + len };
    ps.arena.next_block_size = len;
    tj_doc *doc = calloc(1, sizeof *doc);
    bool ok = doc != NULL ? parse_document(&ps, &doc->root)
                          : fail(&ps, text, "out of memory");
    free(ps.values);
    free(ps.members);
    if (!ok) {
        if (err != NULL) {
            err->offset = (size_t)(ps.fail_at - ps.start);
            err->reason = ps.reason;
        }
        arena_free(ps.arena.head);
        free(doc);
        return NULL;
    }
    doc->arena = ps.arena.head;
    return doc;
}

void tj_free(tj_doc *doc)
{
    if (doc == NULL)
        return;
    arena_free(doc->arena);
    free(doc);
}

const tj_value *tj_root(const tj_doc *doc)
{
    return doc != NULL ? &doc->root : NULL;
}

bool tj_validate(const char *text, size_t len)
{
    tj_doc *doc = tj_parse(text, len, NULL);
    bool valid = doc != NULL;
    tj_free(doc);
    return valid;
}

/* ------------------------------------------------------------------------ */
/* Accessors                                                                 */

tj_type tj_type_of(const tj_value *v)
{
    return v != NULL ? v->type : TJ_NONE;
}

const char *tj_type_name(tj_type type)
{
    switch (type) {
    case TJ_NONE: return "absent";
    case TJ_NULL: return "null";
    case TJ_BOOL: return "boolean";
    case TJ_NUMBER: return "number";
    case TJ_STRING: return "string";
    case TJ_ARRAY: return "array";
    case TJ_OBJECT: return "object";
    }
    return "unknown";
}

size_t tj_len(const tj_value *v)
{
    tj_type t = tj_type_of(v);
    return t == TJ_STRING || t == TJ_ARRAY || t == TJ_OBJECT ? v->len : 0;
}

const tj_value *tj_get(const tj_value *obj, const char *key)
{
    if (tj_type_of(obj) != TJ_OBJECT || key == NULL)
        return NULL;
    size_t key_len = strlen(key);
    for (size_t i = 0; i < obj->len; i++) {
        const tj_member *m = &obj->as.members[i];
        if (m->key_len == key_len && memcmp(m->key, key, key_len) == 0)
            return &m->value;
    }
    return NULL;
}

const tj_value *tj_at(const tj_value *arr, size_t i)
{
    if (tj_type_of(arr) != TJ_ARRAY || i >= arr->len)
        return NULL;
    return &arr->as.items[i];
}

const char *tj_member_key(const tj_value *obj, size_t i, size_t *key_len)
{
    if (tj_type_of(obj) != TJ_OBJECT || i >= obj->len)
        return NULL;
    if (key_len != NULL)
        *key_len = obj->as.members[i].key_len;
    return obj->as.members[i].key;
}

const tj_value *tj_member_value(const tj_value *obj, size_t i)
{
    if (tj_type_of(obj) != TJ_OBJECT || i >= obj->len)
        return NULL;
    return &obj->as.members[i].value;
}

const char *tj_string(const tj_value *v, size_t *len)
{
    if (tj_type_of(v) != TJ_STRING)
        return NULL;
    if (len != NULL)
        *len = v->len;
    return v->as.string;
}

bool tj_string_is(const tj_value *v, const char *s)
{
    size_t len;
    const char *str = tj_string(v, &len);
    return str != NULL && s != NULL && strlen(s) == len && memcmp(str, s, len) == 0;
}

bool tj_number(const tj_value *v, double *out)
{
    if (tj_type_of(v) != TJ_NUMBER)
        return false;
    *out = v->as.number;
    return true;
}

bool tj_integer(const tj_value *v, long long *out)
{
    double d;
    /* Both bounds are powers of two, so exact as doubles. */
    if (!tj_number(v, &d) || d < -9223372036854775808.0 || d >= 9223372036854775808.0)
        return false;
    long long i = (long long)d;
    if ((double)i != d)
        return false;
    *out = i;
    return true;
}

bool tj_bool(const tj_value *v, bool *out)
{
    if (tj_type_of(v) != TJ_BOOL)
        return false;
    *out = v->as.boolean;
    return true;
}

bool tj_is_null(const tj_value *v)
{
    return tj_type_of(v) == TJ_NULL;
}
