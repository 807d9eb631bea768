/*
 * spill.c: the document's parts (its records, its list of changes), held
 * until the end: in memory, then in a temporary file.
 */
#include <stdlib.h>
#include <string.h>

#include "audit.h"

#define SPILL_IN_MEMORY (8u << 20)

static void spill_write(spill *s, const void *data, size_t len)
{
    if (s->failed || len == 0) {
        return;
    }
    if (s->file == NULL && s->len + len > SPILL_IN_MEMORY) {
        if ((s->file = tmpfile()) == NULL || fwrite(s->mem, 1, s->len, s->file) != s->len) {
            s->failed = true;
            return;
        }
        free(s->mem);
        s->mem = NULL;
        s->len = s->cap = 0;
    }
    if (s->file != NULL) {
        s->failed = fwrite(data, 1, len, s->file) != len;
        return;
    }
    if (s->cap - s->len < len) {
        size_t cap = s->cap ? s->cap : 65536;
        while (cap - s->len < len) {
            cap *= 2;
        }
        uint8_t *p = realloc(s->mem, cap);
        if (p == NULL) {
            s->failed = true;
            return;
        }
        s->mem = p;
        s->cap = cap;
    }
    memcpy(s->mem + s->len, data, len);
    s->len += len;
}

/* spill_item adds one rendered item: for JSON, one line of an array. */
void spill_item(spill *s, const uint8_t *data, size_t len, int format)
{
    if (format == FMT_JSON) {
        spill_write(s, s->items ? ",\n    " : "    ", s->items ? 6 : 4);
        spill_write(s, data, len > 0 && data[len - 1] == '\n' ? len - 1 : len);
    } else {
        spill_write(s, data, len);
    }
    s->items++;
}

bool spill_copy(spill *s, FILE *out)
{
    if (s->failed) {
        return false;
    }
    if (s->file == NULL) {
        return fwrite(s->mem, 1, s->len, out) == s->len;
    }
    char buf[65536];
    size_t n;
    if (fflush(s->file) != 0 || fseek(s->file, 0, SEEK_SET) != 0) {
        return false;
    }
    while ((n = fread(buf, 1, sizeof(buf), s->file)) > 0) {
        if (fwrite(buf, 1, n, out) != n) {
            return false;
        }
    }
    return !ferror(s->file);
}

void spill_free(spill *s)
{
    free(s->mem);
    if (s->file != NULL) {
        fclose(s->file);
    }
    memset(s, 0, sizeof(*s));
}
