#ifndef XS_FILE_H
#define XS_FILE_H

#include "internal.h"

/* xs_read_file reads all of `path` ("-" is standard input) into a new
 * NUL-terminated buffer, refusing more than `max` bytes (XS_ERR_LIMIT). */
xs_status xs_read_file(const char *path, size_t max, uint8_t **out, size_t *out_len,
                       char *err, size_t err_len);

#endif /* XS_FILE_H */
