/*
 * ext_usage.h: extKeyUsage (RFC 5280 4.2.1.12) and Netscape's nsCertType.
 */
#ifndef XS_EXT_USAGE_H
#define XS_EXT_USAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "der/der.h"

typedef struct {
    bool eku_present;
    size_t eku_ext;
    bool ns_cert_type_present;
    size_t ns_cert_type_ext;
} xs_ext_usage;

struct xs_model;
void xs_ext_decode_ext_key_usage(struct xs_model *m, size_t index);
void xs_ext_decode_netscape_cert_type(struct xs_model *m, size_t index);
void xs_ext_usage_cleanup(xs_ext_usage *u);

#endif /* XS_EXT_USAGE_H */
