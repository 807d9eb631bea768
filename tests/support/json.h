/*
 * json.h: a small, strict JSON (RFC 8259) DOM parser for x509strict's tests.
 *
 * Strict means: exactly one value with optional surrounding whitespace, no
 * comments, no trailing commas, no leading zeros, no control characters or
 * invalid UTF-8 inside strings, no unpaired surrogate escapes, no duplicate
 * keys within one object, no number that overflows a double, and at most
 * TJ_MAX_DEPTH nested arrays/objects. Any of these gives NULL and an error
 * offset instead of a document.
 *
 * A document owns every value in it; values stay valid until tj_free().
 * Every accessor accepts NULL and answers "absent", so lookups chain:
 * tj_string(tj_get(tj_at(cases, 3), "id"), NULL).
 */
#ifndef XS_TEST_JSON_H
#define XS_TEST_JSON_H

#include <stdbool.h>
#include <stddef.h>

#define TJ_MAX_DEPTH 256

typedef enum {
    TJ_NONE = 0, /* no value: what the accessors report for NULL */
    TJ_NULL,
    TJ_BOOL,
    TJ_NUMBER,
    TJ_STRING,
    TJ_ARRAY,
    TJ_OBJECT
} tj_type;

typedef struct tj_value tj_value;
typedef struct tj_doc tj_doc;

typedef struct {
    size_t offset;      /* byte offset in the input where parsing failed */
    const char *reason; /* static text, lower case */
} tj_error;

/* tj_parse parses `len` bytes of `text` (which need not be NUL-terminated).
 * On failure it returns NULL and, when `err` is not NULL, fills it in. */
tj_doc *tj_parse(const char *text, size_t len, tj_error *err);
void tj_free(tj_doc *doc);
const tj_value *tj_root(const tj_doc *doc);

/* tj_validate says whether `text` is exactly one strict JSON value. */
bool tj_validate(const char *text, size_t len);

tj_type tj_type_of(const tj_value *v);
const char *tj_type_name(tj_type type);

/* tj_len: members of an object, items of an array, bytes of a string;
 * 0 for anything else. */
size_t tj_len(const tj_value *v);

/* tj_get returns the member of object `obj` named `key`, or NULL. */
const tj_value *tj_get(const tj_value *obj, const char *key);

/* tj_at returns item `i` of array `arr`, or NULL. */
const tj_value *tj_at(const tj_value *arr, size_t i);

/* tj_member_key / tj_member_value walk an object in document order. */
const char *tj_member_key(const tj_value *obj, size_t i, size_t *key_len);
const tj_value *tj_member_value(const tj_value *obj, size_t i);

/* tj_string returns the decoded UTF-8 bytes of a string value, followed by a
 * NUL that is not counted in *len (a string may itself hold "\u0000"), or
 * NULL when `v` is not a string. `len` may be NULL. */
const char *tj_string(const tj_value *v, size_t *len);

/* tj_string_is says whether `v` is a string equal to the C string `s`. */
bool tj_string_is(const tj_value *v, const char *s);

/* The scalar getters return false, leaving *out alone, on a type mismatch.
 * tj_integer also fails for a number that is not integral or does not fit a
 * long long. */
bool tj_number(const tj_value *v, double *out);
bool tj_integer(const tj_value *v, long long *out);
bool tj_bool(const tj_value *v, bool *out);
bool tj_is_null(const tj_value *v);

#endif /* XS_TEST_JSON_H */
