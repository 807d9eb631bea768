/*
 * oids.h: the X.509 OIDs the fuzzing tools know (dotted): extensions, name
 * attributes, signature and key algorithms, curves, key purposes, policy
 * qualifiers and access methods. The structure-aware mutator puts them
 * into certificates; the seed generator writes them as dictionary entries.
 */
#ifndef XS_FUZZ_OIDS_H
#define XS_FUZZ_OIDS_H

#include <stddef.h>

#define FUZZ_OID_COUNT 86

extern const char *const fuzz_oids[FUZZ_OID_COUNT];

#endif /* XS_FUZZ_OIDS_H */
