/*
 * key.c: the subject public key's type and parameters.
 */
#include "cert/model_internal.h"

void xs_key_decode(xs_model *m)
{
    m->key.type = XS_KEY_UNKNOWN;
}
