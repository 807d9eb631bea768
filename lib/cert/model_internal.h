/*
 * model_internal.h: what the files of the certificate model share while
 * parsing. Not for the layers above.
 */
#ifndef XS_MODEL_INTERNAL_H
#define XS_MODEL_INTERNAL_H

#include "cert/model.h"

/* xs_model_require reads a required element, or reports it missing or
 * unexpected under `field`. */
bool xs_model_require(xs_model *m, xs_der *d, uint8_t tag, const char *field, xs_der *out);
bool xs_model_require_element(xs_model *m, xs_der *d, uint8_t tag, const char *field,
                              xs_der *out, xs_der *out_whole);

/* xs_model_require_oid and _bit_string read a required OBJECT IDENTIFIER or
 * BIT STRING with their DER checks, reporting under `field`. */
bool xs_model_require_oid(xs_model *m, xs_der *d, const char *field, xs_der *out);
bool xs_model_require_bit_string(xs_model *m, xs_der *d, const char *field, xs_der *out);

/* xs_model_expect_end reports trailing data in `d` under `field`. */
void xs_model_expect_end(xs_model *m, const xs_der *d, const char *field);

bool xs_model_parse_algid(xs_model *m, xs_der *d, const char *field, xs_algid *out);

/* cert/name.c */
bool xs_model_parse_name(xs_model *m, xs_der *d, const char *field, xs_name *out);

/* cert/time.c: fills seconds and defects from tag and value. */
void xs_time_decode(xs_time *t);

/* cert/ext.c: the Extensions list, then each known extension's value. */
bool xs_model_parse_extensions(xs_model *m, xs_der *explicit_tag);
void xs_model_decode_extensions(xs_model *m);
void xs_model_cleanup_extensions(xs_model *m);

/* Decoders (cert/ext_basic.c, ext_usage.c, ext_names.c, ext_policy.c): each
 * decodes m->exts[index].value into the model, reporting DER issues under
 * the current path, and sets m->exts[index].value_ok when the value was
 * read completely. */
void xs_ext_decode_basic_constraints(xs_model *m, size_t index);
void xs_ext_decode_key_usage(xs_model *m, size_t index);
void xs_ext_decode_ski(xs_model *m, size_t index);
void xs_ext_decode_aki(xs_model *m, size_t index);

/* xs_ext_value_cursor starts a cursor over an extension's value. */
void xs_ext_value_cursor(xs_model *m, size_t index, xs_der *out);

#endif /* XS_MODEL_INTERNAL_H */
