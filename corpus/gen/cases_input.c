/*
 * cases_input.c: inputs that are barely certificates, or not at all:
 * truncated, oversized, deeply nested, garbage, empty, broken PEM. They are
 * judged as lint judges them (loaded raw, as the bytes are), so every one
 * must give a report or a clean input error, never a crash or a hang.
 */
#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

#define IN(n) .folder = "malformed-input", .name = n, .mode = "lint", .hook = input_case

/* A valid leaf and its issuer, the raw material of most cases here. */
static const gbuilt *valid_leaf(gbuild *b)
{
    gbuilt *ca = ga_alloc(sizeof(*ca)), *leaf = ga_alloc(sizeof(*leaf));
    static const gcert ca_spec = {.id = "ca", .profile = P_ROOT};
    static const gcert leaf_spec = {.id = "cert", .profile = P_LEAF, .by = "ca"};
    gen_build_spec(b, &ca_spec, NULL, ca);
    gen_build_spec(b, &leaf_spec, ca, leaf);
    gb_str(&b->recipe, leaf->recipe);
    gb_str(&b->recipe, ca->recipe);
    return leaf;
}

/* pseudo_random: deterministic bytes (SHA-256 in counter mode). */
static unsigned char *pseudo_random(const char *seed, size_t n)
{
    unsigned char *out = ga_alloc(n + SHA256_DIGEST_LENGTH);
    for (size_t i = 0; i < n; i += SHA256_DIGEST_LENGTH) {
        char *block = ga_printf("%s/%zu", seed, i);
        SHA256((const unsigned char *)block, strlen(block), out + i);
    }
    return out;
}

/* nested: `depth` SEQUENCEs inside each other around `inner`. */
static gnode *nested(size_t depth, gnode *inner)
{
    gnode *n = inner;
    for (size_t i = 0; i < depth; i++) {
        n = gn_add(gn_seq(), n);
    }
    return n;
}

static void recipe_line(gbuild *b, const char *text)
{
    gb_printf(&b->recipe, "recipe: cert: %s\n", text);
}

static void input_case(gbuild *b)
{
    const char *what = b->c->arg;
    gbuf out = {0};
    const char *file = "cert.der";
    if (strcmp(what, "truncated-half") == 0) {
        const gbuilt *leaf = valid_leaf(b);
        gb_put(&out, leaf->der, leaf->der_len / 2);
        recipe_line(b, "the first half of the valid leaf's DER");
    } else if (strcmp(what, "truncated-last-byte") == 0) {
        const gbuilt *leaf = valid_leaf(b);
        gb_put(&out, leaf->der, leaf->der_len - 1);
        recipe_line(b, "the valid leaf's DER without its last byte");
    } else if (strcmp(what, "truncated-in-header") == 0) {
        const gbuilt *leaf = valid_leaf(b);
        gb_put(&out, leaf->der, 3);
        recipe_line(b, "the first 3 bytes of the valid leaf: a tag and part of a long length");
    } else if (strcmp(what, "truncated-tbs") == 0) {
        const gbuilt *leaf = valid_leaf(b);
        /* keep the outer header and cut inside the TBSCertificate */
        gb_put(&out, leaf->der, 200);
        recipe_line(b, "the first 200 bytes of the valid leaf (ends inside the subject's key)");
    } else if (strcmp(what, "length-beyond-input") == 0) {
        const gbuilt *leaf = valid_leaf(b);
        gb_put(&out, "\x30\x84\x7f\xff\xff\xff", 6);
        gb_put(&out, leaf->der + 4, leaf->der_len - 4);
        recipe_line(b, "the valid leaf with its outer length rewritten to 0x7fffffff (four length octets)");
    } else if (strcmp(what, "trailing-garbage") == 0) {
        const gbuilt *leaf = valid_leaf(b);
        gb_put(&out, leaf->der, leaf->der_len);
        gb_put(&out, "\x00\x01\x02\x03garbage!", 12);
        recipe_line(b, "the valid leaf followed by 12 bytes that are not DER");
    } else if (strcmp(what, "empty") == 0) {
        recipe_line(b, "an empty file");
    } else if (strcmp(what, "empty-sequence") == 0) {
        gb_put(&out, "\x30\x00", 2);
        recipe_line(b, "an empty SEQUENCE (30 00)");
    } else if (strcmp(what, "garbage-random") == 0) {
        gb_put(&out, pseudo_random("corpus garbage", 512), 512);
        recipe_line(b, "512 pseudo-random bytes (SHA-256 of \"corpus garbage/N\")");
    } else if (strcmp(what, "garbage-random-sequence") == 0) {
        gb_put(&out, "\x30\x82\x01\xfc", 4);
        gb_put(&out, pseudo_random("corpus garbage sequence", 508), 508);
        recipe_line(b, "a SEQUENCE header of the right length around 508 pseudo-random bytes");
    } else if (strcmp(what, "garbage-text") == 0) {
        const char *t = "This is not a certificate.\nIt is a text file someone named cert.pem.\n";
        gb_str(&out, t);
        file = "cert.pem";
        recipe_line(b, "two lines of plain text");
    } else if (strcmp(what, "pem-bad-base64") == 0) {
        gb_str(&out, "-----BEGIN CERTIFICATE-----\nMIIB!!!!not*base64@@@@\n-----END CERTIFICATE-----\n");
        file = "cert.pem";
        recipe_line(b, "a PEM block whose body is not base64");
    } else if (strcmp(what, "pem-no-end-line") == 0) {
        const gbuilt *leaf = valid_leaf(b);
        size_t n;
        unsigned char *pem = gen_pem("CERTIFICATE", leaf->der, leaf->der_len, &n);
        char *end = strstr((char *)pem, "-----END");
        gb_put(&out, pem, (size_t)(end - (char *)pem));
        file = "cert.pem";
        recipe_line(b, "the valid leaf's PEM without its END line");
    } else if (strcmp(what, "pem-private-key-only") == 0) {
        size_t n;
        unsigned char *k = gen_key_pem(gen_key("p256-d"), &n);
        gb_put(&out, k, n);
        file = "cert.pem";
        recipe_line(b, "a PEM private key (p256-d) and no certificate");
    } else if (strcmp(what, "pem-truncated-body") == 0) {
        const gbuilt *leaf = valid_leaf(b);
        size_t n;
        unsigned char *pem = gen_pem("CERTIFICATE", leaf->der, leaf->der_len, &n);
        /* drop the second half of the base64 body, keep the END line */
        char *end = strstr((char *)pem, "-----END");
        size_t body = (size_t)(end - (char *)pem);
        gb_put(&out, pem, body / 2 - (body / 2) % 65);
        gb_str(&out, end);
        file = "cert.pem";
        recipe_line(b, "the valid leaf's PEM with the second half of its base64 lines removed");
    } else if (strcmp(what, "oversized") == 0) {
        /* a certificate over the 1 MiB cap of x509strict_limits.h */
        size_t big = 1024 * 1024 + 64;
        unsigned char *filler = ga_alloc(big);
        memset(filler, 'A', big);
        gbuilt *ca = ga_alloc(sizeof(*ca)), *leaf = ga_alloc(sizeof(*leaf));
        static const gcert ca_spec = {.id = "ca", .profile = P_ROOT};
        gcert spec = {.id = "cert", .profile = P_LEAF, .by = "ca"};
        gbuf ext = {0};
        gb_str(&ext, "nscomment=");
        gb_put(&ext, filler, big);
        spec.ext = (const char *)ext.p;
        gen_build_spec(b, &ca_spec, NULL, ca);
        gen_build_spec(b, &spec, ca, leaf);
        gb_put(&out, leaf->der, leaf->der_len);
        recipe_line(b, "a leaf with an nsComment of 1 MiB + 64 'A's: over the 1 MiB certificate cap (x509strict_limits.h)");
    } else if (strcmp(what, "nested-whole-file") == 0) {
        size_t len;
        unsigned char *p = gn_encode(nested(5000, gn_null()), &len);
        gb_put(&out, p, len);
        recipe_line(b, "5000 SEQUENCEs nested inside each other around a NULL");
    } else if (strcmp(what, "nested-in-san") == 0) {
        gbuilt *ca = ga_alloc(sizeof(*ca)), *leaf = ga_alloc(sizeof(*leaf));
        static const gcert ca_spec = {.id = "ca", .profile = P_ROOT};
        size_t len;
        unsigned char *inner = gn_encode(nested(2000, gn_null()), &len);
        gbuf hex = {0};
        gb_str(&hex, "san=dns:www.example.com,other:1.3.6.1.4.1.55555.7:");
        for (size_t i = 0; i < len; i++) {
            gb_printf(&hex, "%02x", inner[i]);
        }
        gcert spec = {.id = "cert", .profile = P_LEAF, .by = "ca", .ext = (const char *)hex.p};
        gen_build_spec(b, &ca_spec, NULL, ca);
        gen_build_spec(b, &spec, ca, leaf);
        gb_put(&out, leaf->der, leaf->der_len);
        recipe_line(b, "a leaf whose SAN has an otherName whose value is 2000 nested SEQUENCEs");
    } else if (strcmp(what, "many-extensions") == 0) {
        gbuilt *ca = ga_alloc(sizeof(*ca)), *leaf = ga_alloc(sizeof(*leaf));
        static const gcert ca_spec = {.id = "ca", .profile = P_ROOT};
        gbuf ext = {0};
        for (int i = 0; i < 300; i++) {
            gb_printf(&ext, "raw:1.3.6.1.4.1.55555.9.%d=hex:0500;", i);
        }
        gcert spec = {.id = "cert", .profile = P_LEAF, .by = "ca", .ext = (const char *)ext.p};
        gen_build_spec(b, &ca_spec, NULL, ca);
        gen_build_spec(b, &spec, ca, leaf);
        gb_put(&out, leaf->der, leaf->der_len);
        recipe_line(b, "a leaf with 300 private extensions (1.3.6.1.4.1.55555.9.N, NULL values) besides the usual ones: over the 256-extension cap");
    } else if (strcmp(what, "many-name-attributes") == 0) {
        gbuilt *ca = ga_alloc(sizeof(*ca)), *leaf = ga_alloc(sizeof(*leaf));
        static const gcert ca_spec = {.id = "ca", .profile = P_ROOT};
        gbuf name = {0};
        for (int i = 0; i < 300; i++) {
            gb_printf(&name, "OU=unit %d,", i);
        }
        gb_str(&name, "CN=www.example.com");
        gcert spec = {.id = "cert", .profile = P_LEAF, .by = "ca", .subject = (const char *)name.p};
        gen_build_spec(b, &ca_spec, NULL, ca);
        gen_build_spec(b, &spec, ca, leaf);
        gb_put(&out, leaf->der, leaf->der_len);
        recipe_line(b, "a leaf whose subject has 301 RDNs (300 OUs and a CN): over the 256-attribute cap");
    } else if (strncmp(what, "bitflip-", 8) == 0) {
        const gbuilt *leaf = valid_leaf(b);
        unsigned char *p = ga_memdup(leaf->der, leaf->der_len);
        size_t pos = (size_t)atoi(what + 8);
        p[pos % leaf->der_len] ^= 0x80;
        gb_put(&out, p, leaf->der_len);
        recipe_line(b, ga_printf("the valid leaf with the top bit of byte %zu flipped", pos % leaf->der_len));
    } else {
        gen_die("%s: unknown input case", what);
    }
    static const unsigned char nothing[1] = {0};
    gen_add_file(b, file, out.p != NULL ? out.p : nothing, out.len,
                 "the input linted");
}

static const gcase cases[] = {
    {IN("truncated-half"), .arg = "truncated-half", .defect = "a certificate cut in half",
     .carries = "DER_TRUNCATED", .carrier = "the file"},
    {IN("truncated-last-byte"), .arg = "truncated-last-byte", .defect = "a certificate without its last byte",
     .carries = "DER_TRUNCATED", .carrier = "the file"},
    {IN("truncated-in-header"), .arg = "truncated-in-header", .defect = "three bytes: a SEQUENCE tag and half of its length",
     .carries = "DER_TRUNCATED", .carrier = "the file"},
    {IN("truncated-in-tbs"), .arg = "truncated-tbs", .defect = "the first 200 bytes of a certificate",
     .carries = "DER_TRUNCATED", .carrier = "the file"},
    {IN("length-beyond-input"), .arg = "length-beyond-input", .defect = "the outer length claims 2 GiB",
     .carries = "DER_TRUNCATED", .carrier = "the file"},
    {IN("trailing-garbage"), .arg = "trailing-garbage", .defect = "a valid certificate followed by bytes that are not DER",
     .carries = "load-error", .carrier = "the file"},
    {IN("empty-file"), .arg = "empty", .defect = "an empty file",
     .carries = "load-error", .carrier = "the file"},
    {IN("empty-sequence"), .arg = "empty-sequence", .defect = "an empty SEQUENCE (30 00)",
     .carries = "DER_MISSING_ELEMENT", .carrier = "the file"},
    {IN("garbage-random"), .arg = "garbage-random", .defect = "512 pseudo-random bytes",
     .carries = "load-error", .carrier = "the file"},
    {IN("garbage-in-sequence"), .arg = "garbage-random-sequence", .defect = "a SEQUENCE of the right length around pseudo-random bytes",
     .carries = "DER_UNEXPECTED_TAG", .carrier = "the file"},
    {IN("garbage-text"), .arg = "garbage-text", .defect = "a text file named cert.pem",
     .carries = "load-error", .carrier = "the file"},
    {IN("pem-bad-base64"), .arg = "pem-bad-base64", .defect = "a PEM block whose body is not base64 (the decoder keeps the bytes before the first bad character)",
     .carries = "DER_TRUNCATED", .carrier = "the file"},
    {IN("pem-no-end-line"), .arg = "pem-no-end-line", .defect = "a PEM certificate without its END line",
     .carries = "load-error", .carrier = "the file"},
    {IN("pem-truncated-body"), .arg = "pem-truncated-body", .defect = "a PEM certificate with half its base64 lines removed",
     .carries = "load-error", .carrier = "the file"},
    {IN("pem-private-key-only"), .arg = "pem-private-key-only", .defect = "a PEM file holding a private key and no certificate",
     .carries = "load-error", .carrier = "the file"},
    {IN("oversized"), .arg = "oversized", .defect = "a certificate of more than 1 MiB (the cap of x509strict_limits.h)",
     .carries = "load-error", .carrier = "the file",
     .note = "1 MiB: fuzzers should skip it as a seed"},
    {IN("deeply-nested-file"), .arg = "nested-whole-file", .defect = "5000 nested SEQUENCEs",
     .carries = "DER_UNEXPECTED_TAG", .carrier = "the file"},
    {IN("deeply-nested-in-san"), .arg = "nested-in-san", .defect = "an otherName value of 2000 nested SEQUENCEs inside an otherwise valid leaf",
     .carries = "none", .carrier = "the file"},
    {IN("many-extensions"), .arg = "many-extensions", .defect = "306 extensions, over the cap of 256",
     .carries = "LIMIT_EXCEEDED", .carrier = "the file"},
    {IN("many-name-attributes"), .arg = "many-name-attributes", .defect = "a subject of 301 attributes, over the cap of 256",
     .carries = "LIMIT_EXCEEDED", .carrier = "the file"},
    {IN("bitflip-tbs-tag"), .arg = "bitflip-4", .defect = "one flipped bit: the TBSCertificate's SEQUENCE tag",
     .carries = "DER_UNEXPECTED_TAG", .carrier = "the file"},
    {IN("bitflip-version"), .arg = "bitflip-8", .defect = "one flipped bit in the version",
     .carries = "DER_UNEXPECTED_TAG", .carrier = "the file"},
    {IN("bitflip-serial-length"), .arg = "bitflip-14", .defect = "one flipped bit in the serial number's length",
     .carries = "DER_TRUNCATED", .carrier = "the file"},
    {IN("bitflip-middle"), .arg = "bitflip-300", .defect = "one flipped bit in the middle of the certificate (it lands in the keyUsage bits)",
     .carries = "DER_NAMED_BITS_TRAILING_ZERO KU_NO_BITS_SET", .carrier = "the file"},
};

GEN_LIST(gen_cases_input, cases);
