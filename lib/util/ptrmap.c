/*
 * ptrmap.c: see ptrmap.h. Linear probing; the table doubles when half full.
 */
#include "util/ptrmap.h"

#include <stdlib.h>
#include <string.h>

#define FIRST_CAPACITY 64

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= UINT64_C(0xff51afd7ed558ccd);
    x ^= x >> 33;
    x *= UINT64_C(0xc4ceb9fe1a85ec53);
    x ^= x >> 33;
    return x;
}

static size_t slot_of(const xs_ptrmap *m, const void *a, const void *b)
{
    uint64_t h = mix64((uint64_t)(uintptr_t)a ^ mix64((uint64_t)(uintptr_t)b));
    return (size_t)h & (m->cap - 1);
}

xs_ptrmap_slot *xs_ptrmap_find(const xs_ptrmap *m, const void *a, const void *b)
{
    if (m->cap == 0) {
        return NULL;
    }
    for (size_t i = slot_of(m, a, b);; i = (i + 1) & (m->cap - 1)) {
        xs_ptrmap_slot *s = &m->slots[i];
        if (s->a == NULL) {
            return NULL;
        }
        if (s->a == a && s->b == b) {
            return s;
        }
    }
}

/* place puts (a, b) into a table with room for it. */
static void place(xs_ptrmap *m, const void *a, const void *b, void *value)
{
    size_t i = slot_of(m, a, b);
    while (m->slots[i].a != NULL && !(m->slots[i].a == a && m->slots[i].b == b)) {
        i = (i + 1) & (m->cap - 1);
    }
    if (m->slots[i].a == NULL) {
        m->count++;
    }
    m->slots[i] = (xs_ptrmap_slot){a, b, value};
}

static bool grow(xs_ptrmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : FIRST_CAPACITY;
    if (cap < m->cap || cap > SIZE_MAX / sizeof(xs_ptrmap_slot)) {
        return false;
    }
    xs_ptrmap bigger = {calloc(cap, sizeof(xs_ptrmap_slot)), cap, 0};
    if (bigger.slots == NULL) {
        return false;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (m->slots[i].a != NULL) {
            place(&bigger, m->slots[i].a, m->slots[i].b, m->slots[i].value);
        }
    }
    free(m->slots);
    *m = bigger;
    return true;
}

bool xs_ptrmap_put(xs_ptrmap *m, const void *a, const void *b, void *value)
{
    if (a == NULL || ((m->count + 1) * 2 > m->cap && !grow(m))) {
        return false;
    }
    place(m, a, b, value);
    return true;
}

void xs_ptrmap_cleanup(xs_ptrmap *m)
{
    free(m->slots);
    memset(m, 0, sizeof(*m));
}
