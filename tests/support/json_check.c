/*
 * json_check: exits 0 when standard input is exactly one strict JSON value,
 * 1 (with the offset of the problem) when it is not. For the command-line
 * tests.
 */
#include <stdio.h>
#include <stdlib.h>

#include "json.h"

int main(void)
{
    size_t cap = 1 << 16, len = 0, n;
    char *buf = malloc(cap);
    while (buf != NULL && (n = fread(buf + len, 1, cap - len, stdin)) > 0) {
        len += n;
        if (len < cap) {
            continue;
        }
        char *grown = realloc(buf, cap * 2);
        if (grown == NULL) {
            free(buf);
        }
        buf = grown;
        cap *= 2;
    }
    if (buf == NULL) {
        fprintf(stderr, "json_check: out of memory\n");
        return 2;
    }
    tj_error err;
    tj_doc *doc = tj_parse(buf, len, &err);
    if (doc == NULL) {
        fprintf(stderr, "json_check: invalid JSON at byte %zu: %s\n", err.offset, err.reason);
    }
    int status = doc != NULL ? 0 : 1;
    tj_free(doc);
    free(buf);
    return status;
}
