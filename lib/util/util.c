#include "internal.h"

#include <openssl/crypto.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

xs_status xs_set_err(xs_status st, char *err, size_t err_len, const char *fmt, ...)
{
    if (err != NULL && err_len > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, err_len, fmt, ap);
        va_end(ap);
    }
    return st;
}

char *xs_strdup(const char *s)
{
    size_t len = strlen(s) + 1;
    char *copy = malloc(len);
    if (copy != NULL) {
        memcpy(copy, s, len);
    }
    return copy;
}

void xs_free(void *p)
{
    free(p);
}

const char *xs_status_string(xs_status st)
{
    switch (st) {
    case XS_OK:
        return "ok";
    case XS_ERR_NOMEM:
        return "out of memory";
    case XS_ERR_INVALID_ARG:
        return "invalid argument";
    case XS_ERR_IO:
        return "cannot read input";
    case XS_ERR_PARSE:
        return "malformed input";
    case XS_ERR_POLICY:
        return "bad policy";
    case XS_ERR_CRYPTO:
        return "OpenSSL failure";
    case XS_ERR_LIMIT:
        return "resource limit reached";
    }
    return "unknown status";
}

/* utf8_sequence_len returns the length of the well-formed UTF-8 sequence at
 * s[0..len), or 0 if there is none (RFC 3629: no overlongs, no surrogates,
 * nothing above U+10FFFF). */
static size_t utf8_sequence_len(const unsigned char *s, size_t len)
{
    unsigned char c = s[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c < 0x80) {
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (len < need || s[1] < lo || s[1] > hi) {
        return 0;
    }
    for (size_t i = 2; i < need; i++) {
        if (s[i] < 0x80 || s[i] > 0xBF) {
            return 0;
        }
    }
    return need;
}

char *xs_utf8_sanitize(const char *s, size_t len)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    if (len > (SIZE_MAX - 1) / 3) {
        return NULL;
    }
    char *out = malloc(len * 3 + 1);
    if (out == NULL) {
        return NULL;
    }
    const unsigned char *in = (const unsigned char *)s;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        size_t n = utf8_sequence_len(in + i, len - i);
        if (n == 0 || (n == 1 && (in[i] < 0x20 || in[i] == 0x7F))) {
            memcpy(out + o, replacement, 3);
            o += 3;
            i += 1;
        } else {
            memcpy(out + o, in + i, n);
            o += n;
            i += n;
        }
    }
    out[o] = 0;
    return out;
}

const char *xs_openssl_version(void)
{
    return OpenSSL_version(OPENSSL_VERSION);
}
