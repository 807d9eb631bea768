/*
 * util.c: the generator's arena, byte buffers and hex decoding.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

typedef struct block {
    struct block *next;
    size_t used, cap;
    unsigned char data[];
} block;

static block *arena;

void gen_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("corpus_gen: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

void *ga_alloc(size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (arena == NULL || arena->cap - arena->used < n) {
        size_t cap = n > 65536 ? n : 65536;
        block *b = malloc(sizeof(*b) + cap);
        if (b == NULL) {
            gen_die("out of memory");
        }
        b->next = arena;
        b->used = 0;
        b->cap = cap;
        arena = b;
    }
    void *p = arena->data + arena->used;
    arena->used += n;
    memset(p, 0, n);
    return p;
}

void ga_reset(void)
{
    while (arena != NULL) {
        block *next = arena->next;
        free(arena);
        arena = next;
    }
}

void *ga_memdup(const void *p, size_t n)
{
    void *q = ga_alloc(n + 1);
    if (n > 0) {
        memcpy(q, p, n);
    }
    return q;
}

char *ga_strndup(const char *s, size_t n)
{
    return ga_memdup(s, n);
}

char *ga_strdup(const char *s)
{
    return ga_strndup(s, strlen(s));
}

/* ga_vprintf formats into the arena and says how long the text is. */
GEN_PRINTF(2, 0) static char *ga_vprintf(size_t *len, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    if (n < 0) {
        va_end(again);
        gen_die("bad format");
    }
    char *s = ga_alloc((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, again);
    va_end(again);
    *len = (size_t)n;
    return s;
}

char *ga_printf(const char *fmt, ...)
{
    size_t len;
    va_list ap;
    va_start(ap, fmt);
    char *s = ga_vprintf(&len, fmt, ap);
    va_end(ap);
    return s;
}

void gb_put(gbuf *b, const void *p, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1) {
            cap *= 2;
        }
        unsigned char *q = ga_alloc(cap);
        if (b->len > 0) {
            memcpy(q, b->p, b->len);
        }
        b->p = q;
        b->cap = cap;
    }
    if (n > 0) {
        memcpy(b->p + b->len, p, n);
    }
    b->len += n;
    b->p[b->len] = 0;
}

void gb_byte(gbuf *b, unsigned char c)
{
    gb_put(b, &c, 1);
}

void gb_str(gbuf *b, const char *s)
{
    gb_put(b, s, strlen(s));
}

void gb_printf(gbuf *b, const char *fmt, ...)
{
    size_t len;
    va_list ap;
    va_start(ap, fmt);
    char *s = ga_vprintf(&len, fmt, ap);
    va_end(ap);
    gb_put(b, s, len);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

unsigned char *gen_hex(const char *hex, size_t *out_len)
{
    gbuf b = {0};
    int hi = -1;
    for (const char *p = hex; *p; p++) {
        if (*p == ' ' || *p == ':' || *p == '\n' || *p == '\t') {
            continue;
        }
        int v = hexval((unsigned char)*p);
        if (v < 0) {
            gen_die("bad hex digit '%c' in \"%s\"", *p, hex);
        }
        if (hi < 0) {
            hi = v;
        } else {
            gb_byte(&b, (unsigned char)(hi << 4 | v));
            hi = -1;
        }
    }
    if (hi >= 0) {
        gen_die("odd number of hex digits in \"%s\"", hex);
    }
    if (b.p == NULL) {
        b.p = ga_alloc(1);
    }
    *out_len = b.len;
    return b.p;
}

unsigned char *gen_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    gbuf b = {0};
    unsigned char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0) {
        gb_put(&b, tmp, n);
    }
    fclose(f);
    if (b.p == NULL) {
        b.p = ga_alloc(1);
    }
    *len = b.len;
    return b.p;
}
