/*
 * derbuild.h: a small DER builder for tests that write extension values and
 * other elements by hand: xt_tlv(tag, contents), XT_SEQ(n, a, b, ...).
 * Values live on the stack (xt_bytes holds up to 1400 octets); a test that
 * overflows one aborts.
 */
#ifndef XS_TEST_DERBUILD_H
#define XS_TEST_DERBUILD_H

#include <stddef.h>

typedef struct {
    unsigned char b[1400];
    size_t n;
} xt_bytes;

xt_bytes xt_bytes_of(const void *p, size_t n);
/* xt_cat joins `count` values (each an xt_bytes). */
xt_bytes xt_cat(int count, ...);
xt_bytes xt_tlv(unsigned char tag, xt_bytes content);
/* xt_text is a string element: tag and the string's bytes. */
xt_bytes xt_text(unsigned char tag, const char *s);
/* xt_oid encodes a dotted OID as a whole element. */
xt_bytes xt_oid(const char *dotted);
/* xt_openssl_value is the extension value OpenSSL encodes from its
 * configuration syntax for extension `nid`. */
xt_bytes xt_openssl_value(int nid, const char *conf);

#define XT_NONE xt_bytes_of("", 0)
#define XT_SEQ(...) xt_tlv(0x30, xt_cat(__VA_ARGS__))

#endif /* XS_TEST_DERBUILD_H */
