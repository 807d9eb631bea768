/*
 * dermut.c: the structure-aware DER mutator (dermut.h).
 *
 * Implementation notes. The input is copied into an arena and parsed into a
 * tree of nodes (an array; siblings are a doubly linked list; node 0 is a
 * virtual root holding the top-level elements). Each node remembers how its
 * length was written (fewest octets, or long form with k octets), so an
 * unchanged tree writes back the same bytes. A mutation edits the tree;
 * contents it makes are appended to the arena, which never moves while a
 * tree points into it. Writing measures every node bottom-up, then emits.
 */
#include "dermut.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "derb.h"
#include "fuzz_util.h"
#include "oids.h"

#define MAX_NODES 8192
#define MAX_PARSE_DEPTH 40
#define MAX_TREE_DEPTH 96

typedef struct {
    uint8_t id[6];
    uint8_t id_len;      /* 0: opaque bytes written verbatim, or the root */
    uint8_t len_octets;  /* 0: the fewest octets; k: long form with (at least) k octets */
    bool indefinite;     /* 0x80 ... 00 00 */
    int len_delta;       /* the length written is the real one plus this (at least 0) */
    uint8_t encap;       /* 1: OCTET STRING holding DER; 2: BIT STRING (octet 0) holding DER */
    bool has_children;   /* the contents are the children, not `data` */
    const uint8_t *data; /* contents of a leaf, or the verbatim bytes of an opaque node */
    size_t data_len;
    size_t size;         /* measured: the whole encoding */
    size_t csize;        /* measured: the contents */
    int parent, first, last, next, prev;
} node;

typedef struct {
    node n[MAX_NODES];
    int count;
    bool overflow; /* the input had more elements than MAX_NODES */
    uint8_t *arena;
    size_t arena_len, arena_cap;
    int order[MAX_NODES]; /* reachable nodes, depth first (root excluded) */
    int order_count;
} tree;

static tree *trees[2];
static uint64_t rng_state = 1;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static size_t below(size_t n)
{
    return n > 0 ? (size_t)(rnd() % n) : 0;
}

static void seed_rng(unsigned int seed)
{
    rng_state = 0x9E3779B97F4A7C15u ^ ((uint64_t)seed << 17) ^ seed;
    if (rng_state == 0) {
        rng_state = 1;
    }
    rnd();
}

/* ---- the OID table and extension templates --------------------------------- */

#define N_OIDS FUZZ_OID_COUNT
#define MAX_TEMPLATES 48

typedef struct {
    uint8_t *der;
    size_t len;
} blob;

static blob oids[N_OIDS];         /* contents octets */
static blob templates[MAX_TEMPLATES]; /* whole Extension elements */
static size_t template_count;
static bool tables_ready;

static void add_template(derb *ext)
{
    if (!ext->failed && template_count < MAX_TEMPLATES) {
        templates[template_count].der = ext->p;
        templates[template_count].len = ext->len;
        template_count++;
        ext->p = NULL; /* ownership moves to the table */
    }
    derb_free(ext);
}

/* extension writes Extension { oid, critical, OCTET STRING { value } }
 * where the value was written by the caller into `value`. */
static void extension(const char *oid, bool critical, derb *value)
{
    derb e;
    derb_init(&e);
    derb_open(&e, 0x30);
    derb_oid(&e, oid);
    if (critical) {
        derb_bool(&e, true);
    }
    derb_tlv(&e, 0x04, value->p, value->len);
    derb_close(&e);
    e.failed |= value->failed;
    derb_free(value);
    add_template(&e);
}

static void general_names_sample(derb *v)
{
    derb_open(v, 0x30);
    derb_string(v, 0x82, "www.example.com");
    derb_string(v, 0x82, "*.example.com");
    derb_tlv(v, 0x87, "\xC0\x00\x02\x01", 4);
    derb_string(v, 0x81, "user@example.com");
    derb_string(v, 0x86, "https://example.com/");
    derb_open(v, 0xA4);
    derb_open(v, 0x30);
    derb_open(v, 0x31);
    derb_open(v, 0x30);
    derb_oid(v, "2.5.4.3");
    derb_string(v, 0x0C, "dir");
    derb_close(v);
    derb_close(v);
    derb_close(v);
    derb_close(v);
    derb_open(v, 0xA0);
    derb_oid(v, "1.3.6.1.4.1.311.20.2.3");
    derb_open(v, 0xA0);
    derb_string(v, 0x0C, "upn@example.com");
    derb_close(v);
    derb_close(v);
    derb_tlv(v, 0x88, "\x2A\x03\x04", 3);
    derb_close(v);
}

static void build_templates(void)
{
    derb v;
    /* basicConstraints: CA, CA with pathLen, empty, cA FALSE encoded */
    derb_init(&v);
    derb_open(&v, 0x30);
    derb_bool(&v, true);
    derb_close(&v);
    extension("2.5.29.19", true, &v);
    derb_init(&v);
    derb_open(&v, 0x30);
    derb_bool(&v, true);
    derb_int(&v, 0);
    derb_close(&v);
    extension("2.5.29.19", false, &v);
    derb_init(&v);
    derb_tlv(&v, 0x30, NULL, 0);
    extension("2.5.29.19", true, &v);
    derb_init(&v);
    derb_open(&v, 0x30);
    derb_bool(&v, false);
    derb_int(&v, -1);
    derb_close(&v);
    extension("2.5.29.19", true, &v);
    /* keyUsage: CA bits, leaf bit, nine bits, trailing zero */
    derb_init(&v);
    derb_tlv(&v, 0x03, "\x01\x06", 2);
    extension("2.5.29.15", true, &v);
    derb_init(&v);
    derb_tlv(&v, 0x03, "\x07\x80", 2);
    extension("2.5.29.15", true, &v);
    derb_init(&v);
    derb_tlv(&v, 0x03, "\x07\xFF\x80", 3);
    extension("2.5.29.15", false, &v);
    derb_init(&v);
    derb_tlv(&v, 0x03, "\x00\x80", 2);
    extension("2.5.29.15", true, &v);
    /* extKeyUsage */
    derb_init(&v);
    derb_open(&v, 0x30);
    derb_oid(&v, "1.3.6.1.5.5.7.3.1");
    derb_oid(&v, "1.3.6.1.5.5.7.3.2");
    derb_close(&v);
    extension("2.5.29.37", false, &v);
    derb_init(&v);
    derb_open(&v, 0x30);
    derb_oid(&v, "2.5.29.37.0");
    derb_oid(&v, "1.3.6.1.5.5.7.3.3");
    derb_close(&v);
    extension("2.5.29.37", true, &v);
    /* subjectAltName, issuerAltName */
    derb_init(&v);
    general_names_sample(&v);
    extension("2.5.29.17", false, &v);
    derb_init(&v);
    derb_open(&v, 0x30);
    derb_string(&v, 0x82, "a..b");
    derb_string(&v, 0x82, " ");
    derb_string(&v, 0x82, "foo_bar.example");
    derb_tlv(&v, 0x87, "\x01\x02\x03", 3);
    derb_close(&v);
    extension("2.5.29.17", true, &v);
    derb_init(&v);
    general_names_sample(&v);
    extension("2.5.29.18", false, &v);
    /* subjectKeyIdentifier, authorityKeyIdentifier */
    derb_init(&v);
    derb_tlv(&v, 0x04, "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0A\x0B\x0C\x0D\x0E\x0F\x10\x11\x12"
                       "\x13\x14", 20);
    extension("2.5.29.14", false, &v);
    derb_init(&v);
    derb_open(&v, 0x30);
    derb_tlv(&v, 0x80, "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0A\x0B\x0C\x0D\x0E\x0F\x10\x11\x12"
                       "\x13\x14", 20);
    derb_close(&v);
    extension("2.5.29.35", false, &v);
    derb_init(&v);
    derb_open(&v, 0x30);
    derb_open(&v, 0xA1);
    derb_string(&v, 0x82, "ca.example");
    derb_close(&v);
    derb_tlv(&v, 0x82, "\x01", 1);
    derb_close(&v);
    extension("2.5.29.35", true, &v);
    /* nameConstraints */
    derb_init(&v);
    derb_open(&v, 0x30);
    derb_open(&v, 0xA0);
    derb_open(&v, 0x30);
    derb_string(&v, 0x82, ".example.com");
    derb_close(&v);
    derb_open(&v, 0x30);
    derb_tlv(&v, 0x87, "\x0A\x00\x00\x00\xFF\x00\x00\x00", 8);
    derb_close(&v);
    derb_open(&v, 0x30);
    derb_string(&v, 0x81, "example.org");
    derb_tlv(&v, 0x80, "\x00", 1);
    derb_tlv(&v, 0x81, "\x05", 1);
    derb_close(&v);
    derb_close(&v);
    derb_open(&v, 0xA1);
    derb_open(&v, 0x30);
    derb_string(&v, 0x86, "bad.example.com");
    derb_close(&v);
    derb_open(&v, 0x30);
    derb_tlv(&v, 0x87, "\x0A\x00\x00\x00\xFF\x00\xFF\x00", 8);
    derb_close(&v);
    derb_close(&v);
    derb_close(&v);
    extension("2.5.29.30", true, &v);
    /* certificatePolicies: a CPS pointer and a user notice */
    derb_init(&v);
    derb_open(&v, 0x30);
    derb_open(&v, 0x30);
    derb_oid(&v, "2.23.140.1.2.1");
    derb_close(&v);
    derb_open(&v, 0x30);
    derb_oid(&v, "2.5.29.32.0");
    derb_open(&v, 0x30);
    derb_open(&v, 0x30);
    derb_oid(&v, "1.3.6.1.5.5.7.2.1");
    derb_string(&v, 0x16, "https://cps.example/");
    derb_close(&v);
    derb_open(&v, 0x30);
    derb_oid(&v, "1.3.6.1.5.5.7.2.2");
    derb_open(&v, 0x30);
    derb_open(&v, 0x30);
    derb_string(&v, 0x0C, "Org");
    derb_open(&v, 0x30);
    derb_int(&v, 1);
    derb_int(&v, 2);
    derb_close(&v);
    derb_close(&v);
    derb_string(&v, 0x1E, "\x00T\x00e\x00x\x00t");
    derb_close(&v);
    derb_close(&v);
    derb_close(&v);
    derb_close(&v);
    derb_close(&v);
    extension("2.5.29.32", false, &v);
    /* policyMappings, policyConstraints, inhibitAnyPolicy */
    derb_init(&v);
    derb_open(&v, 0x30);
    derb_open(&v, 0x30);
    derb_oid(&v, "1.2.3.4");
    derb_oid(&v, "2.5.29.32.0");
    derb_close(&v);
    derb_close(&v);
    extension("2.5.29.33", true, &v);
    derb_init(&v);
    derb_open(&v, 0x30);
    derb_tlv(&v, 0x80, "\x00", 1);
    derb_tlv(&v, 0x81, "\x02", 1);
    derb_close(&v);
    extension("2.5.29.36", true, &v);
    derb_init(&v);
    derb_int(&v, 0);
    extension("2.5.29.54", true, &v);
    /* cRLDistributionPoints, freshestCRL */
    derb_init(&v);
    derb_open(&v, 0x30);
    derb_open(&v, 0x30);
    derb_open(&v, 0xA0);
    derb_open(&v, 0xA0);
    derb_string(&v, 0x86, "http://crl.example/ca.crl");
    derb_close(&v);
    derb_close(&v);
    derb_tlv(&v, 0x81, "\x06\x40", 2);
    derb_close(&v);
    derb_close(&v);
    extension("2.5.29.31", false, &v);
    derb_init(&v);
    derb_open(&v, 0x30);
    derb_open(&v, 0x30);
    derb_open(&v, 0xA0);
    derb_open(&v, 0xA1);
    derb_open(&v, 0x30);
    derb_oid(&v, "2.5.4.3");
    derb_string(&v, 0x13, "delta");
    derb_close(&v);
    derb_close(&v);
    derb_close(&v);
    derb_close(&v);
    derb_close(&v);
    extension("2.5.29.46", false, &v);
    /* authorityInfoAccess, subjectInfoAccess */
    derb_init(&v);
    derb_open(&v, 0x30);
    derb_open(&v, 0x30);
    derb_oid(&v, "1.3.6.1.5.5.7.48.1");
    derb_string(&v, 0x86, "http://ocsp.example/");
    derb_close(&v);
    derb_open(&v, 0x30);
    derb_oid(&v, "1.3.6.1.5.5.7.48.2");
    derb_string(&v, 0x86, "http://ca.example/ca.cer");
    derb_close(&v);
    derb_close(&v);
    extension("1.3.6.1.5.5.7.1.1", false, &v);
    derb_init(&v);
    derb_open(&v, 0x30);
    derb_open(&v, 0x30);
    derb_oid(&v, "1.3.6.1.5.5.7.48.5");
    derb_string(&v, 0x86, "rsync://repo.example/");
    derb_close(&v);
    derb_close(&v);
    extension("1.3.6.1.5.5.7.1.11", false, &v);
    /* nsCertType, CT poison, SCT list, subjectDirectoryAttributes */
    derb_init(&v);
    derb_tlv(&v, 0x03, "\x05\xA0", 2);
    extension("2.16.840.1.113730.1.1", false, &v);
    derb_init(&v);
    derb_null(&v);
    extension("1.3.6.1.4.1.11129.2.4.3", true, &v);
    derb_init(&v);
    derb_tlv(&v, 0x04, "\x00\x08\x00\x06\x00\x01\x02\x03\x04\x05", 10);
    extension("1.3.6.1.4.1.11129.2.4.2", false, &v);
    derb_init(&v);
    derb_open(&v, 0x30);
    derb_open(&v, 0x30);
    derb_oid(&v, "1.3.6.1.5.5.7.9.1");
    derb_open(&v, 0x31);
    derb_string(&v, 0x18, "19700101000000Z");
    derb_close(&v);
    derb_close(&v);
    derb_close(&v);
    extension("2.5.29.9", false, &v);
    /* an extension nobody knows, critical */
    derb_init(&v);
    derb_null(&v);
    extension("1.3.6.1.4.1.99999.1", true, &v);
}

static void build_tables(void)
{
    if (tables_ready) {
        return;
    }
    for (size_t i = 0; i < N_OIDS; i++) {
        derb b;
        derb_init(&b);
        derb_oid_contents(&b, fuzz_oids[i]);
        if (b.failed) {
            abort(); /* a typo in the table */
        }
        oids[i].der = b.p;
        oids[i].len = b.len;
    }
    build_templates();
    tables_ready = true;
}

/* ---- the tree -------------------------------------------------------------- */

static void tree_reset(tree *t, size_t arena_cap)
{
    /* the arena is kept between calls: a fresh large block per mutation
     * costs a mapping and its page faults under ASan */
    if (t->arena_cap < arena_cap) {
        free(t->arena);
        t->arena = malloc(arena_cap);
        t->arena_cap = t->arena != NULL ? arena_cap : 0;
    }
    t->arena_len = 0;
    t->count = 1;
    t->overflow = false;
    memset(&t->n[0], 0, sizeof(t->n[0]));
    t->n[0].has_children = true;
    t->n[0].parent = t->n[0].first = t->n[0].last = t->n[0].next = t->n[0].prev = -1;
}

static const uint8_t *arena_copy(tree *t, const uint8_t *p, size_t len)
{
    if (t->arena == NULL || len > t->arena_cap - t->arena_len) {
        return NULL;
    }
    uint8_t *at = t->arena + t->arena_len;
    if (len > 0) {
        memcpy(at, p, len);
    }
    t->arena_len += len;
    return at;
}

static int new_node(tree *t)
{
    if (t->count >= MAX_NODES) {
        t->overflow = true;
        return -1;
    }
    int x = t->count++;
    memset(&t->n[x], 0, sizeof(t->n[x]));
    t->n[x].parent = t->n[x].first = t->n[x].last = t->n[x].next = t->n[x].prev = -1;
    return x;
}

static void link_after(tree *t, int parent, int ref, int x)
{
    node *n = &t->n[x];
    node *p = &t->n[parent];
    n->parent = parent;
    n->prev = ref;
    n->next = ref >= 0 ? t->n[ref].next : p->first;
    if (n->next >= 0) {
        t->n[n->next].prev = x;
    } else {
        p->last = x;
    }
    if (ref >= 0) {
        t->n[ref].next = x;
    } else {
        p->first = x;
    }
}

static void append_child(tree *t, int parent, int x)
{
    link_after(t, parent, t->n[parent].last, x);
}

static void unlink_node(tree *t, int x)
{
    node *n = &t->n[x];
    node *p = &t->n[n->parent];
    if (n->prev >= 0) {
        t->n[n->prev].next = n->next;
    } else {
        p->first = n->next;
    }
    if (n->next >= 0) {
        t->n[n->next].prev = n->prev;
    } else {
        p->last = n->prev;
    }
    n->parent = n->prev = n->next = -1;
}

static size_t child_count(const tree *t, int x)
{
    size_t n = 0;
    for (int c = t->n[x].first; c >= 0; c = t->n[c].next) {
        n++;
    }
    return n;
}

static int child_at(const tree *t, int x, size_t i)
{
    int c = t->n[x].first;
    while (c >= 0 && i-- > 0) {
        c = t->n[c].next;
    }
    return c;
}

static bool is_ancestor(const tree *t, int a, int x)
{
    for (int p = x; p >= 0; p = t->n[p].parent) {
        if (p == a) {
            return true;
        }
    }
    return false;
}

static int depth_of(const tree *t, int x)
{
    int d = 0;
    for (int p = t->n[x].parent; p >= 0; p = t->n[p].parent) {
        d++;
    }
    return d;
}

/* ---- reading ------------------------------------------------------------- */

/* read_header decodes a definite-length header at p[0..len). */
static bool read_header(const uint8_t *p, size_t len, size_t *id_len, size_t *len_len,
                        size_t *content_len, bool *minimal)
{
    size_t i = 1;
    if (len < 2) {
        return false;
    }
    if ((p[0] & 0x1F) == 0x1F) {
        for (;;) {
            if (i >= len || i >= 6) {
                return false;
            }
            if ((p[i++] & 0x80) == 0) {
                break;
            }
        }
    }
    if (i >= len) {
        return false;
    }
    *id_len = i;
    uint8_t first = p[i++];
    if (first < 0x80) {
        *content_len = first;
        *minimal = true;
    } else {
        size_t k = first & 0x7Fu;
        if (k == 0 || k > 4 || k > len - i) {
            return false;
        }
        size_t v = 0;
        for (size_t j = 0; j < k; j++) {
            v = (v << 8) | p[i + j];
        }
        *minimal = v >= 0x80 && p[i] != 0;
        *content_len = v;
        i += k;
    }
    *len_len = i - *id_len;
    return *content_len <= len - i;
}

static bool single_element(const uint8_t *p, size_t len)
{
    size_t il, ll, cl;
    bool minimal;
    return read_header(p, len, &il, &ll, &cl, &minimal) && il + ll + cl == len;
}

static void parse_list(tree *t, int parent, const uint8_t *p, size_t len, int depth)
{
    size_t pos = 0;
    while (pos < len && !t->overflow) {
        int x = new_node(t);
        if (x < 0) {
            return;
        }
        node *n = &t->n[x];
        size_t il, ll, cl;
        bool minimal;
        if (!read_header(p + pos, len - pos, &il, &ll, &cl, &minimal)) {
            n->data = p + pos;
            n->data_len = len - pos;
            append_child(t, parent, x);
            return;
        }
        memcpy(n->id, p + pos, il);
        n->id_len = (uint8_t)il;
        n->len_octets = minimal ? 0 : (uint8_t)(ll - 1);
        append_child(t, parent, x);
        const uint8_t *c = p + pos + il + ll;
        uint8_t tag = p[pos];
        if ((tag & 0x20) && depth < MAX_PARSE_DEPTH) {
            n->has_children = true;
            parse_list(t, x, c, cl, depth + 1);
        } else if (tag == 0x04 && depth < MAX_PARSE_DEPTH && cl >= 2 && single_element(c, cl)) {
            n->has_children = true;
            n->encap = 1;
            parse_list(t, x, c, cl, depth + 1);
        } else if (tag == 0x03 && depth < MAX_PARSE_DEPTH && cl >= 3 && c[0] == 0 &&
                   single_element(c + 1, cl - 1)) {
            n->has_children = true;
            n->encap = 2;
            parse_list(t, x, c + 1, cl - 1, depth + 1);
        } else {
            n->data = c;
            n->data_len = cl;
        }
        pos += il + ll + cl;
    }
}

/* tree_parse reads bytes (copied into the arena first) into t. */
static bool tree_parse(tree *t, const uint8_t *data, size_t size, size_t max_size)
{
    tree_reset(t, 2 * size + 2 * max_size + 65536);
    const uint8_t *copy = arena_copy(t, data, size);
    if (copy == NULL) {
        return false;
    }
    parse_list(t, 0, copy, size, 0);
    return !t->overflow && t->n[0].first >= 0;
}

static void collect(tree *t)
{
    t->order_count = 0;
    int x = t->n[0].first;
    while (x >= 0) {
        t->order[t->order_count++] = x;
        if (t->n[x].has_children && t->n[x].first >= 0) {
            x = t->n[x].first;
            continue;
        }
        while (x >= 0 && t->n[x].next < 0) {
            x = t->n[x].parent;
            if (x == 0) {
                x = -1;
            }
        }
        if (x >= 0) {
            x = t->n[x].next;
        }
    }
}

/* ---- writing ------------------------------------------------------------- */

static size_t octets_for(size_t v)
{
    size_t n = 0;
    do {
        n++;
        v >>= 8;
    } while (v > 0);
    return n;
}

static size_t written_length(const node *n)
{
    long long v = (long long)n->csize + n->len_delta;
    return v < 0 ? 0 : (size_t)v;
}

static size_t length_field_size(const node *n)
{
    size_t v = written_length(n);
    if (n->len_octets == 0) {
        return v < 0x80 ? 1 : 1 + octets_for(v);
    }
    size_t need = octets_for(v);
    return 1 + (n->len_octets > need ? n->len_octets : need);
}

static size_t measure(tree *t, int x)
{
    node *n = &t->n[x];
    size_t c = 0;
    if (n->has_children) {
        c = n->encap == 2 ? 1 : 0;
        for (int k = n->first; k >= 0; k = t->n[k].next) {
            c += measure(t, k);
        }
    } else {
        c = n->data_len;
    }
    n->csize = c;
    if (n->id_len == 0) {
        n->size = c;
    } else if (n->indefinite) {
        n->size = n->id_len + 1 + c + 2;
    } else {
        n->size = n->id_len + length_field_size(n) + c;
    }
    return n->size;
}

static void emit(const tree *t, int x, uint8_t *out, size_t *pos)
{
    const node *n = &t->n[x];
    if (n->id_len > 0) {
        memcpy(out + *pos, n->id, n->id_len);
        *pos += n->id_len;
        if (n->indefinite) {
            out[(*pos)++] = 0x80;
        } else {
            size_t v = written_length(n);
            size_t fld = length_field_size(n);
            if (fld == 1) {
                out[(*pos)++] = (uint8_t)v;
            } else {
                size_t k = fld - 1;
                out[(*pos)++] = (uint8_t)(0x80u | k);
                for (size_t i = 0; i < k; i++) {
                    size_t shift = 8 * (k - 1 - i);
                    out[(*pos)++] = shift < 8 * sizeof(size_t) ? (uint8_t)(v >> shift) : 0;
                }
            }
        }
    }
    if (n->has_children) {
        if (n->encap == 2) {
            out[(*pos)++] = 0;
        }
        for (int k = n->first; k >= 0; k = t->n[k].next) {
            emit(t, k, out, pos);
        }
    } else if (n->data_len > 0) {
        memcpy(out + *pos, n->data, n->data_len);
        *pos += n->data_len;
    }
    if (n->id_len > 0 && n->indefinite) {
        out[(*pos)++] = 0;
        out[(*pos)++] = 0;
    }
}

/* tree_write writes the tree into out[0..max); 0 when it does not fit. */
static size_t tree_write(tree *t, uint8_t *out, size_t max)
{
    size_t total = measure(t, 0);
    if (total == 0 || total > max) {
        return 0;
    }
    size_t pos = 0;
    emit(t, 0, out, &pos);
    return pos;
}

/* ---- mutations --------------------------------------------------------------- */

static int pick_node(tree *t)
{
    return t->order_count > 0 ? t->order[below((size_t)t->order_count)] : -1;
}

/* copy_subtree copies node x of `from` (and its subtree) into t; the copy
 * is unlinked. Contents are shared (the arenas outlive the mutation). */
static int copy_subtree(tree *t, const tree *from, int x, int depth)
{
    int y = new_node(t);
    if (y < 0 || depth > MAX_TREE_DEPTH) {
        return -1;
    }
    node *dst = &t->n[y];
    const node *src = &from->n[x];
    *dst = *src;
    dst->parent = dst->first = dst->last = dst->next = dst->prev = -1;
    if (src->has_children) {
        for (int k = src->first; k >= 0; k = from->n[k].next) {
            int c = copy_subtree(t, from, k, depth + 1);
            if (c < 0) {
                return -1;
            }
            append_child(t, y, c);
        }
    }
    return y;
}

static size_t subtree_nodes(const tree *t, int x)
{
    size_t n = 1;
    for (int k = t->n[x].has_children ? t->n[x].first : -1; k >= 0; k = t->n[k].next) {
        n += subtree_nodes(t, k);
    }
    return n;
}

static bool fits_nodes(const tree *t, size_t more)
{
    return (size_t)t->count + more < MAX_NODES;
}

static bool op_drop(tree *t)
{
    int x = pick_node(t);
    if (x < 0 || (t->n[x].parent == 0 && child_count(t, 0) < 2)) {
        return false;
    }
    unlink_node(t, x);
    return true;
}

static bool op_repeat(tree *t, size_t copies)
{
    int x = pick_node(t);
    if (x < 0 || !fits_nodes(t, copies * subtree_nodes(t, x))) {
        return false;
    }
    for (size_t i = 0; i < copies; i++) {
        int y = copy_subtree(t, t, x, depth_of(t, x));
        if (y < 0) {
            return false;
        }
        link_after(t, t->n[x].parent, x, y);
    }
    return true;
}

static bool op_swap(tree *t)
{
    int x = pick_node(t);
    if (x < 0) {
        return false;
    }
    int parent = t->n[x].parent;
    size_t n = child_count(t, parent);
    if (n < 2) {
        return false;
    }
    int y = child_at(t, parent, below(n));
    if (y == x) {
        y = t->n[x].next >= 0 ? t->n[x].next : t->n[x].prev;
    }
    /* put y where x was, then x where y was */
    int x_prev = t->n[x].prev;
    unlink_node(t, x);
    int y_prev = t->n[y].prev;
    unlink_node(t, y);
    if (x_prev == y) {
        /* y came right before x: y_prev, y, x becomes y_prev, x, y */
        link_after(t, parent, y_prev, x);
        link_after(t, parent, x, y);
    } else if (y_prev == x) {
        link_after(t, parent, x_prev, y);
        link_after(t, parent, y, x);
    } else {
        link_after(t, parent, x_prev, y);
        link_after(t, parent, y_prev, x);
    }
    return true;
}

/* pick_container picks a node whose contents are children (or the root). */
static int pick_container(tree *t)
{
    for (int tries = 0; tries < 16; tries++) {
        int x = pick_node(t);
        if (x >= 0 && t->n[x].has_children) {
            return x;
        }
    }
    return 0;
}

static bool op_move(tree *t)
{
    int x = pick_node(t), to = pick_container(t);
    if (x < 0 || is_ancestor(t, x, to) || (t->n[x].parent == 0 && child_count(t, 0) < 2)) {
        return false;
    }
    unlink_node(t, x);
    size_t n = child_count(t, to);
    link_after(t, to, n > 0 ? child_at(t, to, below(n + 1) ) : -1, x);
    return true;
}

static bool op_copy_into(tree *t, const tree *from)
{
    if (from->order_count == 0) {
        return false;
    }
    int x = from->order[below((size_t)from->order_count)];
    int to = pick_container(t);
    if (!fits_nodes(t, subtree_nodes(from, x)) || depth_of(t, to) > MAX_TREE_DEPTH / 2) {
        return false;
    }
    int y = copy_subtree(t, from, x, depth_of(t, to));
    if (y < 0) {
        return false;
    }
    size_t n = child_count(t, to);
    link_after(t, to, n > 0 ? child_at(t, to, below(n + 1)) : -1, y);
    return true;
}

static bool op_replace(tree *t, const tree *from)
{
    if (from->order_count == 0) {
        return false;
    }
    int src = from->order[below((size_t)from->order_count)];
    int dst = pick_node(t);
    if (dst < 0 || (from == t && (is_ancestor(t, src, dst) || is_ancestor(t, dst, src))) ||
        !fits_nodes(t, subtree_nodes(from, src))) {
        return false;
    }
    int y = copy_subtree(t, from, src, depth_of(t, dst));
    if (y < 0) {
        return false;
    }
    int parent = t->n[dst].parent, prev = t->n[dst].prev;
    unlink_node(t, dst);
    link_after(t, parent, prev, y);
    return true;
}

static bool op_wrap(tree *t)
{
    static const uint8_t wrappers[] = {0x30, 0x31, 0xA0, 0xA1, 0xA3, 0x04, 0x30, 0xA4};
    int x = pick_node(t);
    if (x < 0 || depth_of(t, x) > MAX_TREE_DEPTH / 2) {
        return false;
    }
    int w = new_node(t);
    if (w < 0) {
        return false;
    }
    uint8_t tag = wrappers[below(sizeof(wrappers))];
    t->n[w].id[0] = tag;
    t->n[w].id_len = 1;
    t->n[w].has_children = true;
    t->n[w].encap = tag == 0x04 ? 1 : 0;
    int parent = t->n[x].parent, prev = t->n[x].prev;
    unlink_node(t, x);
    link_after(t, parent, prev, w);
    append_child(t, w, x);
    return true;
}

static bool op_unwrap(tree *t)
{
    int x = pick_node(t);
    if (x < 0 || !t->n[x].has_children || t->n[x].first < 0) {
        return false;
    }
    int parent = t->n[x].parent, at = x;
    while (t->n[x].first >= 0) {
        int c = t->n[x].first;
        unlink_node(t, c);
        link_after(t, parent, at, c);
        at = c;
    }
    unlink_node(t, x);
    return true;
}

/* is_extension: SEQUENCE { OID, [BOOLEAN,] OCTET STRING } */
static bool is_extension(const tree *t, int x)
{
    const node *n = &t->n[x];
    if (n->id_len != 1 || n->id[0] != 0x30 || !n->has_children || n->first < 0) {
        return false;
    }
    const node *first = &t->n[n->first], *last = &t->n[n->last];
    size_t count = child_count(t, x);
    return (count == 2 || count == 3) && first->id_len == 1 && first->id[0] == 0x06 &&
           last->id_len == 1 && last->id[0] == 0x04;
}

static int pick_matching(tree *t, bool (*match)(const tree *, int))
{
    int found = -1;
    size_t seen = 0;
    for (int i = 0; i < t->order_count; i++) {
        if (match(t, t->order[i]) && below(++seen) == 0) {
            found = t->order[i]; /* reservoir sampling: uniform over matches */
        }
    }
    return found;
}

static bool set_leaf(tree *t, int x, const void *data, size_t len)
{
    const uint8_t *copy = arena_copy(t, data, len);
    if (copy == NULL && len > 0) {
        return false;
    }
    node *n = &t->n[x];
    n->has_children = false;
    n->encap = 0;
    n->first = n->last = -1;
    n->data = copy;
    n->data_len = len;
    return true;
}

static int new_leaf(tree *t, uint8_t tag, const void *data, size_t len)
{
    int x = new_node(t);
    if (x < 0) {
        return -1;
    }
    t->n[x].id[0] = tag;
    t->n[x].id_len = 1;
    return set_leaf(t, x, data, len) ? x : -1;
}

static bool op_critical(tree *t)
{
    static const uint8_t values[] = {0xFF, 0x00, 0x01, 0x80};
    int x = pick_matching(t, is_extension);
    if (x < 0) {
        return false;
    }
    int mid = t->n[t->n[x].first].next;
    if (child_count(t, x) == 3) {
        switch (below(4)) {
        case 0:
            unlink_node(t, mid);
            return true;
        case 1: {
            uint8_t two[2] = {0xFF, 0xFF};
            return set_leaf(t, mid, two, 2);
        }
        default: {
            uint8_t v = values[below(sizeof(values))];
            return set_leaf(t, mid, &v, 1);
        }
        }
    }
    uint8_t v = below(4) == 0 ? 0x00 : 0xFF;
    int b = new_leaf(t, 0x01, &v, 1);
    if (b < 0) {
        return false;
    }
    link_after(t, x, t->n[x].first, b);
    return true;
}

static bool op_length(tree *t)
{
    int x = pick_node(t);
    if (x < 0 || t->n[x].id_len == 0) {
        return false;
    }
    node *n = &t->n[x];
    switch (below(6)) {
    case 0:
    case 1:
        n->len_octets = (uint8_t)(1 + below(4));
        break;
    case 2:
        n->indefinite = !n->indefinite;
        break;
    case 3: {
        static const int deltas[] = {-1, 1, -2, 2, -128, 127, 1000};
        n->len_delta = deltas[below(sizeof(deltas) / sizeof(deltas[0]))];
        break;
    }
    case 4:
        n->len_delta = (int)below(64) - 32;
        break;
    default:
        n->len_octets = 0;
        n->indefinite = false;
        n->len_delta = 0;
        break;
    }
    return true;
}

static const uint8_t string_tags[] = {0x0C, 0x12, 0x13, 0x14, 0x16, 0x1A, 0x1C, 0x1E, 0x15};

static bool is_string_leaf(const tree *t, int x)
{
    const node *n = &t->n[x];
    if (n->id_len != 1 || n->has_children) {
        return false;
    }
    for (size_t i = 0; i < sizeof(string_tags); i++) {
        if (n->id[0] == string_tags[i]) {
            return true;
        }
    }
    /* IA5String forms of GeneralName: rfc822Name, dNSName, URI */
    return n->id[0] == 0x81 || n->id[0] == 0x82 || n->id[0] == 0x86;
}

static bool is_time_leaf(const tree *t, int x)
{
    const node *n = &t->n[x];
    return n->id_len == 1 && !n->has_children && (n->id[0] == 0x17 || n->id[0] == 0x18);
}

static bool is_integer_leaf(const tree *t, int x)
{
    const node *n = &t->n[x];
    return n->id_len == 1 && !n->has_children && n->id[0] == 0x02;
}

static bool is_oid_leaf(const tree *t, int x)
{
    const node *n = &t->n[x];
    return n->id_len == 1 && !n->has_children && n->id[0] == 0x06;
}

static bool is_leaf(const tree *t, int x)
{
    const node *n = &t->n[x];
    return n->id_len > 0 && !n->has_children;
}

static bool op_string_type(tree *t)
{
    int x = pick_matching(t, is_string_leaf);
    if (x < 0) {
        return false;
    }
    t->n[x].id[0] = string_tags[below(sizeof(string_tags))];
    return true;
}

typedef struct {
    const char *text;
    size_t len; /* some values hold a NUL */
} string_value;

#define SV(s) {s, sizeof(s) - 1}

static const string_value interesting_strings[] = {
    SV(""), SV(" "), SV("a"), SV("*"), SV("*.example.com"), SV("a.*.example.com"),
    SV("f*o.example.com"), SV("a..b"), SV(".example.com"), SV("example.com."),
    SV("-a.example.com"), SV("a-.example.com"), SV("foo_bar.example.com"), SV("127.0.0.1"),
    SV("::1"), SV("2001:db8::1"), SV("xn--nxasmq6b.example"), SV("EXAMPLE.COM"),
    SV("user@example.com"), SV("@example.com"), SV("user@"), SV("user@[127.0.0.1]"),
    SV("\"quoted user\"@example.com"), SV("http://example.com/"), SV("https://[::1]:443/p"),
    SV("mailto:user@example.com"), SV("//no.scheme"), SV("ldap:///cn=x"), SV("http://"),
    SV("\xC3\xA9t\xC3\xA9"), SV("\xFF\xFE"), SV("a\0b"), SV("\xED\xA0\x80"),
    SV("\xF4\x90\x80\x80"), SV("\x1B[31m"), SV("line\nbreak"), SV("tab\there"),
    SV("0123456789012345678901234567890123456789012345678901234567890123.example.com"),
};

typedef struct {
    uint8_t tag;
    const char *text;
} time_value;

static const time_value interesting_times[] = {
    {0x17, "250601120000Z"},     {0x17, "491231235959Z"},       {0x17, "500101000000Z"},
    {0x17, "700101000000Z"},     {0x17, "250601120000"},        {0x17, "2506011200Z"},
    {0x17, "250601120000+0100"}, {0x17, "250601120000.5Z"},     {0x17, "251301000000Z"},
    {0x17, "250230000000Z"},     {0x17, "250601240000Z"},       {0x17, ""},
    {0x18, "20250601120000Z"},   {0x18, "20491231235959Z"},     {0x18, "20500101000000Z"},
    {0x18, "19500101000000Z"},   {0x18, "99991231235959Z"},     {0x18, "00000101000000Z"},
    {0x18, "20250601120000.123Z"}, {0x18, "20250601120000-0500"}, {0x18, "2025060112Z"},
    {0x18, "2025O601120000Z"},   {0x18, "20240229120000Z"},     {0x18, "20230229120000Z"},
};

static bool op_string_value(tree *t)
{
    int x = pick_matching(t, is_string_leaf);
    if (x < 0) {
        return false;
    }
    if (below(8) == 0) {
        /* a long value: past every length cap a rule has */
        static uint8_t long_value[300];
        memset(long_value, 'a', sizeof(long_value));
        for (size_t i = 63; i < sizeof(long_value); i += 64) {
            long_value[i] = '.';
        }
        return set_leaf(t, x, long_value, 60 + below(sizeof(long_value) - 60));
    }
    const string_value *v =
        &interesting_strings[below(sizeof(interesting_strings) / sizeof(interesting_strings[0]))];
    return set_leaf(t, x, v->text, v->len);
}

static bool op_time(tree *t)
{
    int x = pick_matching(t, is_time_leaf);
    if (x < 0) {
        return false;
    }
    node *n = &t->n[x];
    if (below(3) == 0) {
        /* switch the type, converting the value */
        uint8_t buf[64];
        size_t len = n->data_len < 40 ? n->data_len : 40;
        if (n->id[0] == 0x17) {
            const char *century = len >= 1 && n->data[0] >= '5' ? "19" : "20";
            memcpy(buf, century, 2);
            memcpy(buf + 2, n->data, len);
            n->id[0] = 0x18;
            return set_leaf(t, x, buf, len + 2);
        }
        n->id[0] = 0x17;
        if (len < 2) {
            return true;
        }
        memcpy(buf, n->data + 2, len - 2);
        return set_leaf(t, x, buf, len - 2);
    }
    const time_value *v =
        &interesting_times[below(sizeof(interesting_times) / sizeof(interesting_times[0]))];
    n->id[0] = v->tag;
    return set_leaf(t, x, v->text, strlen(v->text));
}

static bool op_integer(tree *t)
{
    int x = pick_matching(t, is_integer_leaf);
    if (x < 0) {
        return false;
    }
    node *n = &t->n[x];
    uint8_t buf[72] = {0};
    switch (below(8)) {
    case 0: /* a redundant 0x00 */
        if (n->data_len > 60) {
            return false;
        }
        buf[0] = 0x00;
        memcpy(buf + 1, n->data, n->data_len);
        return set_leaf(t, x, buf, n->data_len + 1);
    case 1: /* a redundant 0xFF */
        buf[0] = 0xFF;
        buf[1] = 0x80;
        return set_leaf(t, x, buf, 2 + below(3));
    case 2:
        return set_leaf(t, x, buf, 0);
    case 3: /* negative */
        buf[0] = 0x80 | (uint8_t)below(128);
        return set_leaf(t, x, buf, 1 + below(3));
    case 4: /* long: serial numbers over 20 octets */
        memset(buf, 0x7F, sizeof(buf));
        return set_leaf(t, x, buf, 20 + below(3));
    case 5:
        buf[0] = 0x00;
        return set_leaf(t, x, buf, 1);
    case 6:
        buf[0] = (uint8_t)below(4);
        return set_leaf(t, x, buf, 1);
    default: /* large but fitting 64 bits, and just past */
        buf[0] = 0x00;
        memset(buf + 1, 0xFF, 8);
        return set_leaf(t, x, buf, 8 + below(2));
    }
}

static bool op_oid(tree *t)
{
    int x = pick_matching(t, is_oid_leaf);
    if (x < 0) {
        return false;
    }
    const blob *o = &oids[below(N_OIDS)];
    return set_leaf(t, x, o->der, o->len);
}

static bool op_content(tree *t)
{
    int x = pick_matching(t, is_leaf);
    if (x < 0) {
        return false;
    }
    node *n = &t->n[x];
    size_t cap = n->data_len * 2 + 32;
    if (cap > 8192) {
        cap = n->data_len + 64;
    }
    uint8_t *buf = malloc(cap);
    if (buf == NULL) {
        return false;
    }
    size_t len = n->data_len;
    if (len > 0) {
        memcpy(buf, n->data, len);
        len = LLVMFuzzerMutate(buf, len, cap);
    } else {
        buf[0] = (uint8_t)rnd();
        len = 1;
    }
    bool ok = set_leaf(t, x, buf, len);
    free(buf);
    return ok;
}

static bool op_tag(tree *t)
{
    int x = pick_node(t);
    if (x < 0 || t->n[x].id_len == 0) {
        return false;
    }
    node *n = &t->n[x];
    uint8_t constructed = n->id[0] & 0x20;
    switch (below(5)) {
    case 0:
        n->id[0] ^= 0x20;
        n->id_len = 1;
        break;
    case 1:
        n->id[0] = (uint8_t)(0x80 | constructed | below(9));
        n->id_len = 1;
        break;
    case 2:
        n->id[0] = (uint8_t)(constructed | (1 + below(30)));
        n->id_len = 1;
        break;
    case 3: /* high tag number form */
        n->id[0] = (uint8_t)((n->id[0] & 0xE0) | 0x1F);
        n->id[1] = below(2) ? 0x81 : (uint8_t)below(0x80);
        n->id[2] = (uint8_t)below(0x80);
        n->id_len = n->id[1] & 0x80 ? 3 : 2;
        break;
    default:
        n->id[0] = (uint8_t)rnd();
        if ((n->id[0] & 0x1F) == 0x1F) {
            n->id[0] &= 0xFE;
        }
        n->id_len = 1;
        break;
    }
    return true;
}

static bool is_extension_list(const tree *t, int x)
{
    const node *n = &t->n[x];
    if (n->id_len != 1 || n->id[0] != 0x30 || !n->has_children) {
        return false;
    }
    int parent = n->parent;
    if (parent > 0 && t->n[parent].id_len == 1 && t->n[parent].id[0] == 0xA3) {
        return true;
    }
    return n->first >= 0 && is_extension(t, n->first);
}

/* insert_template parses a template extension into t, unlinked. */
static int template_node(tree *t)
{
    if (template_count == 0) {
        return -1;
    }
    const blob *b = &templates[below(template_count)];
    int before = t->n[0].last;
    const uint8_t *copy = arena_copy(t, b->der, b->len);
    if (copy == NULL) {
        return -1;
    }
    parse_list(t, 0, copy, b->len, 1);
    int x = t->n[0].last;
    if (t->overflow || x == before) {
        return -1;
    }
    unlink_node(t, x);
    return x;
}

/* tbs_node finds Certificate.tbsCertificate (or a bare TBSCertificate). */
static int tbs_node(const tree *t)
{
    int outer = t->n[0].first;
    if (outer < 0 || !t->n[outer].has_children) {
        return -1;
    }
    int first = t->n[outer].first;
    if (first >= 0 && t->n[first].id_len == 1 && t->n[first].id[0] == 0x30 &&
        t->n[first].has_children) {
        return first;
    }
    return outer;
}

static bool op_insert_extension(tree *t)
{
    int list = pick_matching(t, is_extension_list);
    if (list < 0) {
        /* no extensions yet: add [3] { SEQUENCE { } } to the TBS */
        int tbs = tbs_node(t);
        int a3 = new_node(t), seq = new_node(t);
        if (tbs < 0 || a3 < 0 || seq < 0) {
            return false;
        }
        t->n[a3].id[0] = 0xA3;
        t->n[seq].id[0] = 0x30;
        t->n[a3].id_len = t->n[seq].id_len = 1;
        t->n[a3].has_children = t->n[seq].has_children = true;
        append_child(t, tbs, a3);
        append_child(t, a3, seq);
        list = seq;
    }
    int ext = template_node(t);
    if (ext < 0) {
        return false;
    }
    size_t n = child_count(t, list);
    link_after(t, list, n > 0 ? child_at(t, list, below(n + 1)) : -1, ext);
    return true;
}

static bool mutate_once(tree *t)
{
    collect(t);
    switch (below(24)) {
    case 0:
    case 1:
        return op_drop(t);
    case 2:
        return op_repeat(t, 1);
    case 3:
        return op_repeat(t, below(8) == 0 ? 100 + below(400) : 2 + below(30));
    case 4:
        return op_swap(t);
    case 5:
        return op_move(t);
    case 6:
        return op_copy_into(t, t);
    case 7:
        return op_replace(t, t);
    case 8:
        return below(2) ? op_wrap(t) : op_unwrap(t);
    case 9:
    case 10:
        return op_critical(t);
    case 11:
        return op_length(t);
    case 12:
        return op_string_type(t);
    case 13:
    case 14:
        return op_string_value(t);
    case 15:
        return op_time(t);
    case 16:
        return op_integer(t);
    case 17:
        return op_oid(t);
    case 18:
    case 19:
        return op_insert_extension(t);
    case 20:
        return op_tag(t);
    default:
        return op_content(t);
    }
}

static tree *get_tree(int i)
{
    if (trees[i] == NULL) {
        trees[i] = calloc(1, sizeof(tree));
        if (trees[i] == NULL) {
            abort();
        }
    }
    return trees[i];
}

size_t dermut_mutate(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    build_tables();
    seed_rng(seed);
    tree *t = get_tree(0);
    if (size == 0 || !tree_parse(t, data, size, max_size)) {
        return LLVMFuzzerMutate(data, size, max_size);
    }
    const uint8_t *original = t->arena; /* the input's copy */
    bool changed = false;
    size_t rounds = 1 + (below(3) == 0) + (below(8) == 0);
    for (size_t i = 0; i < rounds * 4 && !changed; i++) {
        changed = mutate_once(t);
    }
    for (size_t i = 1; i < rounds; i++) {
        mutate_once(t);
    }
    size_t out = changed ? tree_write(t, data, max_size) : 0;
    if (out == 0) {
        memcpy(data, original, size);
        return LLVMFuzzerMutate(data, size, max_size);
    }
    if (below(64) == 0 && out > 1) {
        out = 1 + below(out - 1); /* cut short: truncation at every depth */
    }
    return out;
}

size_t dermut_crossover(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len,
                        uint8_t *out, size_t max_out, unsigned int seed)
{
    build_tables();
    seed_rng(seed);
    tree *ta = get_tree(0), *tb = get_tree(1);
    if (a_len == 0 || b_len == 0 || !tree_parse(ta, a, a_len, max_out) ||
        !tree_parse(tb, b, b_len, max_out)) {
        size_t n = a_len < max_out ? a_len : max_out;
        memcpy(out, a, n);
        return n;
    }
    collect(ta);
    collect(tb);
    bool ok = below(2) ? op_replace(ta, tb) : op_copy_into(ta, tb);
    size_t n = ok ? tree_write(ta, out, max_out) : 0;
    if (n == 0) {
        n = a_len < max_out ? a_len : max_out;
        memcpy(out, a, n);
    }
    return n;
}

int dermut_roundtrip_ok(const uint8_t *data, size_t size)
{
    tree *t = get_tree(0);
    if (size == 0 || !tree_parse(t, data, size, size)) {
        return 1; /* not DER, nothing to round-trip */
    }
    uint8_t *out = malloc(size);
    size_t n = out != NULL ? tree_write(t, out, size) : 0;
    int ok = n == size && memcmp(out, data, size) == 0;
    free(out);
    return ok;
}
