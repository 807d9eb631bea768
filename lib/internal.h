/*
 * internal.h: what every file of libx509strict shares. Nothing here is
 * public API.
 */
#ifndef XS_INTERNAL_H
#define XS_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "x509strict.h"
#include "x509strict_limits.h"

#if defined(__GNUC__) || defined(__clang__)
#define XS_NODISCARD __attribute__((warn_unused_result))
#define XS_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define XS_NODISCARD
#define XS_PRINTF(fmt, args)
#endif

#define XS_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* xs_set_err writes one formatted line into err[err_len] (if err is not NULL)
 * and returns `st`, so that `return xs_set_err(...)` reads as one step. */
XS_PRINTF(4, 5)
xs_status xs_set_err(xs_status st, char *err, size_t err_len, const char *fmt, ...);

/* xs_strdup and xs_strndup return NULL when out of memory. */
char *xs_strdup(const char *s);

/* xs_utf8_sanitize replaces every byte sequence in s[0..len) that is not
 * well-formed UTF-8, and every C0 control character, with U+FFFD, and returns
 * a new NUL-terminated string. */
char *xs_utf8_sanitize(const char *s, size_t len);

#endif /* XS_INTERNAL_H */
