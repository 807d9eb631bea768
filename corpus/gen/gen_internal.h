/*
 * gen_internal.h: what the generator's own files share beyond gen.h.
 */
#ifndef XS_CORPUS_GEN_INTERNAL_H
#define XS_CORPUS_GEN_INTERNAL_H

#include "gen.h"

gnode *gen_name(const char *spec, const char *what);
gnode *gen_time(const char *spec, const char *what);
gnode *gen_general_name(const char *tok, const char *what);
gnode *gen_general_names(const char *list, const char *what);
size_t gen_split(const char *s, char sep, char **out, size_t max);
/* gen_string: a string of type `type` (utf8, printable, ia5, visible, bmp,
 * t61, universal, numeric) from escaped text ("\\xHH" is a byte). */
gnode *gen_string(const char *type, const char *text, const char *what);

/* What an extension builder may need to know. */
typedef struct {
    const char *what;         /* for errors */
    EVP_PKEY *key;            /* the subject key (NULL: raw SPKI) */
    const unsigned char *ski; /* the certificate's own key id */
    size_t ski_len;
    const gbuilt *issuer;     /* NULL: self-signed */
    const gnode *self_subject;
    const unsigned char *self_serial;
    size_t self_serial_len;
    const char *host;
} ext_ctx;

/* gen_extensions merges `profile` and `spec` and builds the Extensions
 * SEQUENCE (NULL when there is no extension). */
gnode *gen_extensions(const char *profile, const char *spec, const ext_ctx *x);

#endif /* XS_CORPUS_GEN_INTERNAL_H */
