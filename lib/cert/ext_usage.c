/*
 * ext_usage.c: extKeyUsage and nsCertType decoders.
 */
#include "cert/model_internal.h"

void xs_ext_decode_ext_key_usage(xs_model *m, size_t index)
{
    m->usage.eku_present = true;
    m->usage.eku_ext = index;
}

void xs_ext_decode_netscape_cert_type(xs_model *m, size_t index)
{
    m->usage.ns_cert_type_present = true;
    m->usage.ns_cert_type_ext = index;
}

void xs_ext_usage_cleanup(xs_ext_usage *u)
{
    (void)u;
}
