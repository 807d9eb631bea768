/*
 * dermut.h: a structure-aware mutator for DER. It reads the input as a tree
 * of elements (descending into constructed elements, and into OCTET and BIT
 * STRINGs that hold exactly one DER element, such as every extnValue),
 * changes the tree, and writes it back with every enclosing length fixed.
 * Nothing is signed again: x509strict's rules read the bytes, so a mutant
 * reaches the rule it breaks instead of dying at the outer SEQUENCE.
 *
 * Mutations: drop, duplicate, repeat (up to hundreds of copies), swap and
 * move elements; copy an element from elsewhere (or from another input);
 * wrap and unwrap; flip an extension's criticality; change a length's form
 * (non-minimal, indefinite) or its value (off by a few, which breaks the
 * enclosing structure on purpose); change string and time types; change
 * tags; mutate contents through libFuzzer's byte mutator; tweak INTEGERs;
 * replace OIDs from the table of X.509 OIDs (oids.h); insert template extensions.
 *
 * Important caveats:
 *  - Bytes that do not parse as DER (a truncated tail, an indefinite
 *    length) are kept verbatim as opaque nodes, so any input round-trips:
 *    parsing and writing an unchanged tree gives the same bytes.
 *  - Not thread-safe (one static arena), as libFuzzer calls mutators from
 *    one thread.
 */
#ifndef XS_FUZZ_DERMUT_H
#define XS_FUZZ_DERMUT_H

#include <stddef.h>
#include <stdint.h>

/* dermut_mutate mutates data[0..size) in place into at most max_size
 * bytes and returns the new size. Falls back to LLVMFuzzerMutate when the
 * input holds no element or a mutant would not fit. */
size_t dermut_mutate(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

/* dermut_crossover writes into out[0..max_out) a copy of `a` in which one
 * element is replaced by (or joined with) an element of `b`. */
size_t dermut_crossover(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len,
                        uint8_t *out, size_t max_out, unsigned int seed);

/* dermut_roundtrip_ok parses data and writes it back unchanged, and says
 * whether the bytes are identical (for the mutator's own test). */
int dermut_roundtrip_ok(const uint8_t *data, size_t size);

#endif /* XS_FUZZ_DERMUT_H */
