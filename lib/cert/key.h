/*
 * key.h: what the model knows of the subject public key (RFC 3279, 4055,
 * 5480, 8410), read from the SubjectPublicKeyInfo bytes without OpenSSL.
 */
#ifndef XS_KEY_H
#define XS_KEY_H

#include <stdbool.h>
#include <stddef.h>

#include "der/der.h"

typedef enum {
    XS_KEY_UNKNOWN = 0,
    XS_KEY_RSA,
    XS_KEY_RSA_PSS,
    XS_KEY_EC,
    XS_KEY_ED25519,
    XS_KEY_ED448,
    XS_KEY_X25519,
    XS_KEY_X448,
    XS_KEY_DSA
} xs_key_type;

typedef struct {
    xs_key_type type;
} xs_key_info;

struct xs_model;
/* xs_key_decode fills m->key from m->key_alg and m->key_bits. */
void xs_key_decode(struct xs_model *m);

#endif /* XS_KEY_H */
