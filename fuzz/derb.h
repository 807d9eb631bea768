/*
 * derb.h: a small DER writer for the fuzzing tools: the structure-aware
 * mutator's extension templates and OID table, and the seed generator's
 * extension values. Elements are opened and closed; closing one writes its
 * length in the fewest octets.
 *
 * Important caveats:
 *  - Errors are sticky: after an allocation failure or a close without an
 *    open, `failed` is set and the bytes are not to be used.
 *  - Not part of libx509strict, and deliberately independent of its DER
 *    reader, so the two do not share a mistake.
 */
#ifndef XS_FUZZ_DERB_H
#define XS_FUZZ_DERB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DERB_MAX_NESTING 32

typedef struct {
    uint8_t *p;
    size_t len;
    size_t cap;
    bool failed;
    size_t open_at[DERB_MAX_NESTING]; /* offset of each open element's contents */
    int depth;
} derb;

void derb_init(derb *b);
void derb_free(derb *b);

void derb_raw(derb *b, const void *data, size_t len);
/* derb_tlv writes one element with the given contents. */
void derb_tlv(derb *b, uint8_t tag, const void *contents, size_t len);
/* derb_open starts an element whose contents follow; derb_close ends the
 * innermost open element. */
void derb_open(derb *b, uint8_t tag);
void derb_close(derb *b);

/* derb_oid writes an OBJECT IDENTIFIER from dotted text ("2.5.29.19");
 * derb_oid_contents writes only its contents octets. Both fail on text
 * that is not an OID. */
void derb_oid(derb *b, const char *dotted);
void derb_oid_contents(derb *b, const char *dotted);

void derb_string(derb *b, uint8_t tag, const char *text);
void derb_int(derb *b, long long value);
void derb_bool(derb *b, bool value);
void derb_null(derb *b);

/* derb_length_octets writes a definite length in the fewest octets. */
void derb_length_octets(derb *b, size_t len);

#endif /* XS_FUZZ_DERB_H */
