/*
 * ptrmap.h: an open-addressing hash map keyed by a pointer or a pair of
 * pointers (compared by address, never dereferenced). Caches that key
 * OpenSSL objects by identity use it.
 */
#ifndef XS_PTRMAP_H
#define XS_PTRMAP_H

#include "internal.h"

typedef struct {
    const void *a, *b; /* key: a pointer, or a pair; NULL a: empty slot */
    void *value;
} xs_ptrmap_slot;

typedef struct {
    xs_ptrmap_slot *slots;
    size_t cap;   /* a power of two, or 0 */
    size_t count;
} xs_ptrmap;      /* zero-initialised: empty */

/* xs_ptrmap_find returns the slot of key (a, b), or NULL. */
xs_ptrmap_slot *xs_ptrmap_find(const xs_ptrmap *m, const void *a, const void *b);

/* xs_ptrmap_put sets key (a, b), a != NULL, to `value`; false when out of
 * memory (the map is unchanged then). */
bool xs_ptrmap_put(xs_ptrmap *m, const void *a, const void *b, void *value);

void xs_ptrmap_cleanup(xs_ptrmap *m);

#endif /* XS_PTRMAP_H */
