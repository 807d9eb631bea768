/*
 * ext_names.h: subjectAltName, issuerAltName (RFC 5280 4.2.1.6-7) and
 * nameConstraints (4.2.1.10).
 */
#ifndef XS_EXT_NAMES_H
#define XS_EXT_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "der/der.h"

typedef struct {
    bool san_present;
    size_t san_ext;
    bool ian_present;
    size_t ian_ext;
    bool nc_present;
    size_t nc_ext;
} xs_ext_names;

struct xs_model;
void xs_ext_decode_subject_alt_name(struct xs_model *m, size_t index);
void xs_ext_decode_issuer_alt_name(struct xs_model *m, size_t index);
void xs_ext_decode_name_constraints(struct xs_model *m, size_t index);
void xs_ext_names_cleanup(xs_ext_names *n);

#endif /* XS_EXT_NAMES_H */
