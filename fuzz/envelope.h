/*
 * envelope.h: the input of the chain harness, a CBOR (RFC 8949) map:
 *
 *   {
 *     "leaf":          bstr,       ; the peer's certificate, DER or PEM (required)
 *     "intermediates": [* bstr],   ; what the peer sends after its leaf
 *     "pool":          [* bstr],   ; an untrusted pool (xs_ctx_add_untrusted)
 *     "anchors":       [* bstr],   ; trust anchors (xs_ctx_add_trust)
 *     "policy":        tstr,       ; a builtin policy name, or "all"
 *     "time":          int,        ; seconds since the epoch
 *     "purpose":       tstr,       ; serverAuth | clientAuth | ...
 *     "host":          tstr,       ; DNS name or IP literal the leaf must match
 *     "max_depth":     int,
 *     "audit":         bool,       ; also judge anchors[0] as `audit` does
 *   }
 *
 * Decoded with libcbor's streaming decoder (one item head at a time), so
 * hostile nesting costs nothing: anything outside this shape is refused.
 * Unknown keys with scalar or string values are skipped.
 */
#ifndef XS_FUZZ_ENVELOPE_H
#define XS_FUZZ_ENVELOPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ENV_MAX_CERTS 8     /* per list */
#define ENV_MAX_TEXT 256    /* policy, purpose, host */

typedef struct {
    const uint8_t *p;
    size_t len;
} env_bytes;

typedef struct {
    const uint8_t *p;
    size_t len; /* may hold NUL bytes */
    bool present;
} env_text;

typedef enum { ENV_INTERMEDIATES, ENV_POOL, ENV_ANCHORS, ENV__LISTS } env_list;

typedef struct {
    bool has_leaf;
    env_bytes leaf;
    env_bytes certs[ENV__LISTS][ENV_MAX_CERTS];
    size_t count[ENV__LISTS];
    env_text policy, purpose, host;
    bool has_time, has_max_depth;
    int64_t time, max_depth;
    bool audit;
} envelope;

/* env_list_name is the key of a list ("intermediates", ...). */
const char *env_list_name(env_list list);

/* envelope_decode reads data[0..size) (spans point into it). Returns false
 * for anything but the map above; trailing bytes are refused too. */
bool envelope_decode(const uint8_t *data, size_t size, envelope *out);

/* envelope_encode writes `e` into out[0..max); returns its length, or 0
 * when it does not fit. */
size_t envelope_encode(const envelope *e, uint8_t *out, size_t max);

#endif /* XS_FUZZ_ENVELOPE_H */
