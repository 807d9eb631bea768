/*
 * der.h: the strict DER reader. A bounded cursor over bytes that only moves
 * forward; the only code in libx509strict that indexes raw certificate
 * bytes. It includes nothing of ours.
 *
 * Scope (so far): reading one TLV element with a definite length and
 * checking that it fits. The strict checks of X.690 (minimal lengths,
 * canonical BOOLEAN, ...) are added here as the rule families need them.
 */
#ifndef XS_DER_H
#define XS_DER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    const uint8_t *p; /* next unread byte */
    size_t len;       /* bytes left in this element */
    size_t off;       /* offset of p from the start of the input */
} xs_der;

#define XS_DER_SEQUENCE 0x30u

void xs_der_init(xs_der *d, const uint8_t *in, size_t len);

/* xs_der_get_element reads the next element, whatever its tag: *out_tag is
 * its first identifier byte, *out_whole spans header and contents. Returns
 * false, leaving `d` unchanged, when the element is truncated, uses the
 * indefinite form, a high tag number, or a length that does not fit. */
bool xs_der_get_element(xs_der *d, uint8_t *out_tag, xs_der *out_whole);

/* xs_der_peek_byte is the next byte without consuming it, or -1 at the end. */
int xs_der_peek_byte(const xs_der *d);

/* xs_der_skip_space consumes ASCII whitespace (used between concatenated
 * DER certificates in a file). */
void xs_der_skip_space(xs_der *d);

#endif /* XS_DER_H */
