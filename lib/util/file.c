#include "util/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static xs_status read_stream(FILE *f, const char *path, size_t max, uint8_t **out,
                             size_t *out_len, char *err, size_t err_len)
{
    size_t cap = 64 * 1024, len = 0;
    uint8_t *buf = malloc(cap + 1);
    if (buf == NULL) {
        return XS_ERR_NOMEM;
    }
    for (;;) {
        if (len == cap) {
            if (cap > max) {
                free(buf);
                return xs_set_err(XS_ERR_LIMIT, err, err_len,
                                  "%s: larger than %zu bytes", path, max);
            }
            cap *= 2;
            uint8_t *grown = realloc(buf, cap + 1);
            if (grown == NULL) {
                free(buf);
                return XS_ERR_NOMEM;
            }
            buf = grown;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0) {
            break;
        }
    }
    if (ferror(f)) {
        free(buf);
        return xs_set_err(XS_ERR_IO, err, err_len, "%s: read error", path);
    }
    if (len > max) {
        free(buf);
        return xs_set_err(XS_ERR_LIMIT, err, err_len, "%s: larger than %zu bytes", path, max);
    }
    buf[len] = 0;
    *out = buf;
    *out_len = len;
    return XS_OK;
}

xs_status xs_read_file(const char *path, size_t max, uint8_t **out, size_t *out_len,
                       char *err, size_t err_len)
{
    *out = NULL;
    *out_len = 0;
    if (strcmp(path, "-") == 0) {
        return read_stream(stdin, "-", max, out, out_len, err, err_len);
    }
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return xs_set_err(XS_ERR_IO, err, err_len, "%s: %s", path, strerror(errno));
    }
    xs_status st = read_stream(f, path, max, out, out_len, err, err_len);
    fclose(f);
    return st;
}
