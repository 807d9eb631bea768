#include "der/der.h"

void xs_der_init(xs_der *d, const uint8_t *in, size_t len)
{
    d->p = in;
    d->len = len;
    d->off = 0;
}

int xs_der_peek_byte(const xs_der *d)
{
    return d->len > 0 ? d->p[0] : -1;
}

void xs_der_skip_space(xs_der *d)
{
    while (d->len > 0 && (d->p[0] == ' ' || d->p[0] == '\t' || d->p[0] == '\r' ||
                          d->p[0] == '\n')) {
        d->p++;
        d->len--;
        d->off++;
    }
}

/* read_length decodes the definite length that starts at d->p[at]; X.690
 * 8.1.3. Sets *header to the bytes the length itself took. */
static bool read_length(const xs_der *d, size_t at, size_t *out_len, size_t *header)
{
    if (at >= d->len) {
        return false;
    }
    uint8_t first = d->p[at];
    if (first < 0x80) {
        *out_len = first;
        *header = 1;
        return true;
    }
    size_t num = first & 0x7Fu;
    if (num == 0 || num > sizeof(size_t) || num > d->len - at - 1) {
        return false; /* indefinite form, or more length bytes than we have */
    }
    size_t len = 0;
    for (size_t i = 0; i < num; i++) {
        len = (len << 8) | d->p[at + 1 + i];
    }
    *out_len = len;
    *header = 1 + num;
    return true;
}

bool xs_der_get_element(xs_der *d, uint8_t *out_tag, xs_der *out_whole)
{
    if (d->len < 2 || (d->p[0] & 0x1Fu) == 0x1Fu) {
        return false;
    }
    size_t content_len = 0, len_bytes = 0;
    if (!read_length(d, 1, &content_len, &len_bytes)) {
        return false;
    }
    size_t header = 1 + len_bytes;
    if (content_len > d->len - header) {
        return false;
    }
    *out_tag = d->p[0];
    out_whole->p = d->p;
    out_whole->len = header + content_len;
    out_whole->off = d->off;
    d->p += out_whole->len;
    d->len -= out_whole->len;
    d->off += out_whole->len;
    return true;
}
