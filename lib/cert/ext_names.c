/*
 * ext_names.c: GeneralNames decoders.
 */
#include "cert/model_internal.h"

void xs_ext_decode_subject_alt_name(xs_model *m, size_t index)
{
    m->names.san_present = true;
    m->names.san_ext = index;
}

void xs_ext_decode_issuer_alt_name(xs_model *m, size_t index)
{
    m->names.ian_present = true;
    m->names.ian_ext = index;
}

void xs_ext_decode_name_constraints(xs_model *m, size_t index)
{
    m->names.nc_present = true;
    m->names.nc_ext = index;
}

void xs_ext_names_cleanup(xs_ext_names *n)
{
    (void)n;
}
