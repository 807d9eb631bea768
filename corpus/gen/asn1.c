/*
 * asn1.c: DER node trees, their encoding, and edits that break an encoding
 * on purpose (length forms, tags, trailing bytes, removed or raw elements).
 */
#include <stdlib.h>
#include <string.h>

#include "gen.h"

static gnode *node_new(unsigned tag)
{
    gnode *n = ga_alloc(sizeof(*n));
    n->bits_unused = -1;
    if (tag > 0xFF) {
        /* two identifier octets given as 0xXXYY (only for raw high tags) */
        n->id[0] = (unsigned char)(tag >> 8);
        n->id[1] = (unsigned char)tag;
        n->id_len = 2;
    } else {
        n->id[0] = (unsigned char)tag;
        n->id_len = 1;
    }
    return n;
}

gnode *gn_prim(unsigned tag, const void *val, size_t len)
{
    gnode *n = node_new(tag);
    n->val = ga_memdup(val != NULL ? val : "", len);
    n->val_len = len;
    return n;
}

gnode *gn_cons(unsigned tag)
{
    gnode *n = node_new(tag);
    n->cons = true;
    return n;
}

gnode *gn_seq(void)
{
    return gn_cons(0x30);
}

gnode *gn_set(void)
{
    return gn_cons(0x31);
}

gnode *gn_raw(const void *tlv, size_t len)
{
    gnode *n = node_new(0);
    n->raw = ga_memdup(tlv, len);
    n->raw_len = len;
    return n;
}

gnode *gn_rawhex(const char *hex)
{
    size_t len;
    unsigned char *p = gen_hex(hex, &len);
    return gn_raw(p, len);
}

gnode *gn_add(gnode *parent, gnode *kid)
{
    if (kid == NULL) {
        return parent;
    }
    if (parent->nkids == parent->capk) {
        size_t cap = parent->capk ? parent->capk * 2 : 4;
        gnode **k = ga_alloc(cap * sizeof(*k));
        if (parent->nkids > 0) {
            memcpy(k, parent->kids, parent->nkids * sizeof(*k));
        }
        parent->kids = k;
        parent->capk = cap;
    }
    parent->kids[parent->nkids++] = kid;
    return parent;
}

gnode *gn_named(gnode *n, const char *name)
{
    n->name = name;
    return n;
}

gnode *gn_int_mag(const unsigned char *mag, size_t len)
{
    while (len > 1 && mag[0] == 0) {
        mag++;
        len--;
    }
    gbuf b = {0};
    if (len == 0 || (mag[0] & 0x80) != 0) {
        gb_byte(&b, 0);
    }
    gb_put(&b, mag, len);
    return gn_prim(0x02, b.p, b.len);
}

gnode *gn_int_u64(uint64_t v)
{
    unsigned char mag[8];
    for (int i = 7; i >= 0; i--) {
        mag[i] = (unsigned char)v;
        v >>= 8;
    }
    return gn_int_mag(mag, 8);
}

unsigned char *gn_oid_der(const char *dotted, size_t *out_len)
{
    uint64_t arcs[64];
    size_t n = 0;
    const char *p = dotted;
    while (*p) {
        char *end;
        unsigned long long v = strtoull(p, &end, 10);
        if (end == p || n == 64) {
            gen_die("bad OID \"%s\"", dotted);
        }
        arcs[n++] = v;
        p = *end == '.' ? end + 1 : end;
        if (*end != '.' && *end != 0) {
            gen_die("bad OID \"%s\"", dotted);
        }
    }
    if (n < 2) {
        gen_die("bad OID \"%s\"", dotted);
    }
    gbuf b = {0};
    for (size_t i = 1; i < n; i++) {
        uint64_t v = i == 1 ? arcs[0] * 40 + arcs[1] : arcs[i];
        unsigned char tmp[10];
        int k = 0;
        do {
            tmp[k++] = (unsigned char)(v & 0x7F);
            v >>= 7;
        } while (v != 0);
        while (k > 0) {
            k--;
            gb_byte(&b, (unsigned char)(tmp[k] | (k > 0 ? 0x80 : 0)));
        }
    }
    *out_len = b.len;
    return b.p;
}

gnode *gn_oid(const char *dotted)
{
    size_t len;
    unsigned char *p = gn_oid_der(dotted, &len);
    return gn_prim(0x06, p, len);
}

gnode *gn_bool(bool v)
{
    unsigned char c = v ? 0xFF : 0x00;
    return gn_prim(0x01, &c, 1);
}

gnode *gn_null(void)
{
    return gn_prim(0x05, NULL, 0);
}

gnode *gn_octets(const void *p, size_t len)
{
    return gn_prim(0x04, p, len);
}

gnode *gn_bits(int unused, const void *p, size_t len)
{
    gbuf b = {0};
    gb_byte(&b, (unsigned char)unused);
    gb_put(&b, p, len);
    return gn_prim(0x03, b.p, b.len);
}

gnode *gn_str(unsigned tag, const char *s)
{
    return gn_prim(tag, s, strlen(s));
}

gnode *gn_encap_octets(gnode *inner)
{
    gnode *n = node_new(0x04);
    n->encap = true;
    gn_add(n, inner);
    return n;
}

/* parse reads one well-formed DER element into a tree (constructed
 * elements recursively); NULL when it is not. */
static gnode *parse(const unsigned char *p, size_t n, size_t *used, int depth)
{
    if (n < 2 || (p[0] & 0x1F) == 0x1F || depth > 64) {
        return NULL;
    }
    size_t hdr = 2, len = p[1];
    if (p[1] & 0x80) {
        size_t k = p[1] & 0x7F;
        if (k == 0 || k > 4 || n < 2 + k) {
            return NULL;
        }
        len = 0;
        for (size_t i = 0; i < k; i++) {
            len = len << 8 | p[2 + i];
        }
        hdr = 2 + k;
    }
    if (len > n - hdr) {
        return NULL;
    }
    *used = hdr + len;
    if ((p[0] & 0x20) == 0) {
        return gn_prim(p[0], p + hdr, len);
    }
    gnode *node = gn_cons(p[0]);
    for (size_t off = 0; off < len;) {
        size_t k = 0;
        gnode *kid = parse(p + hdr + off, len - off, &k, depth + 1);
        if (kid == NULL) {
            return NULL;
        }
        gn_add(node, kid);
        off += k;
    }
    return node;
}

gnode *gn_parse(const unsigned char *der, size_t len)
{
    size_t used = 0;
    gnode *n = parse(der, len, &used, 0);
    return n != NULL && used == len ? n : NULL;
}

gnode *gn_copy(const gnode *n)
{
    gnode *c = ga_alloc(sizeof(*c));
    *c = *n;
    c->kids = NULL;
    c->nkids = c->capk = 0;
    for (size_t i = 0; i < n->nkids; i++) {
        gn_add(c, gn_copy(n->kids[i]));
    }
    return c;
}

static void encode(const gnode *n, gbuf *out)
{
    if (n->raw != NULL) {
        gb_put(out, n->raw, n->raw_len);
        return;
    }
    gbuf content = {0};
    if (n->cons || n->encap) {
        if (n->encap && n->bits_unused >= 0) {
            gb_byte(&content, (unsigned char)n->bits_unused);
        }
        for (size_t i = 0; i < n->nkids; i++) {
            encode(n->kids[i], &content);
        }
    } else {
        gb_put(&content, n->val, n->val_len);
    }
    gb_put(&content, n->trail, n->trail_len);
    gb_put(out, n->id, n->id_len);
    size_t len = content.len;
    if (n->lenform < 0) {
        gb_byte(out, 0x80);
        gb_put(out, content.p, content.len);
        gb_byte(out, 0);
        gb_byte(out, 0);
        return;
    }
    int octets = 0;
    for (size_t v = len; v != 0; v >>= 8) {
        octets++;
    }
    if (n->lenform > 0) {
        octets = n->lenform;
    } else if (len < 128) {
        octets = 0;
    }
    if (octets == 0) {
        gb_byte(out, (unsigned char)len);
    } else {
        gb_byte(out, (unsigned char)(0x80 | octets));
        for (int i = octets - 1; i >= 0; i--) {
            gb_byte(out, i >= 8 ? 0 : (unsigned char)(len >> (8 * i)));
        }
    }
    gb_put(out, content.p, content.len);
}

unsigned char *gn_encode(const gnode *n, size_t *out_len)
{
    gbuf b = {0};
    encode(n, &b);
    *out_len = b.len;
    return b.p;
}

/* ------------------------------------------------------------------------ */
/* Edits: "op[=arg]@path" separated by ';'. A path is a dot-separated list of
 * steps from the root: a number is a child index, a name is the first
 * descendant (depth first) of that name. */

static gnode *find_named(gnode *n, const char *name, gnode **parent, size_t *index)
{
    for (size_t i = 0; i < n->nkids; i++) {
        if (n->kids[i]->name != NULL && strcmp(n->kids[i]->name, name) == 0) {
            *parent = n;
            *index = i;
            return n->kids[i];
        }
    }
    for (size_t i = 0; i < n->nkids; i++) {
        gnode *f = find_named(n->kids[i], name, parent, index);
        if (f != NULL) {
            return f;
        }
    }
    return NULL;
}

static gnode *resolve(gnode *root, const char *path, gnode **parent, size_t *index)
{
    gnode *n = root;
    *parent = NULL;
    *index = 0;
    char *copy = ga_strdup(path);
    char *save = NULL;
    for (char *step = strtok_r(copy, ".", &save); step != NULL;
         step = strtok_r(NULL, ".", &save)) {
        char *end;
        long i = strtol(step, &end, 10);
        if (*end == 0) {
            if (i < 0 || (size_t)i >= n->nkids) {
                return NULL;
            }
            *parent = n;
            *index = (size_t)i;
            n = n->kids[i];
        } else {
            n = find_named(n, step, parent, index);
            if (n == NULL) {
                return NULL;
            }
        }
    }
    return n;
}

static void remove_kid(gnode *parent, size_t index)
{
    memmove(parent->kids + index, parent->kids + index + 1,
            (parent->nkids - index - 1) * sizeof(*parent->kids));
    parent->nkids--;
}

static void insert_kid(gnode *parent, size_t index, gnode *kid)
{
    gn_add(parent, kid);
    memmove(parent->kids + index + 1, parent->kids + index,
            (parent->nkids - index - 1) * sizeof(*parent->kids));
    parent->kids[index] = kid;
}

static void apply(gnode *root, const char *op, const char *arg, const char *path, const char *what)
{
    gnode *parent;
    size_t index;
    gnode *n = resolve(root, path, &parent, &index);
    if (n == NULL) {
        gen_die("%s: edit %s: no element at '%s'", what, op, path);
    }
    size_t len = 0;
    bool numeric = strcmp(op, "long") == 0;
    unsigned char *bytes = arg != NULL && !numeric ? gen_hex(arg, &len) : NULL;
    if (strcmp(op, "set") == 0) { /* replace the element with raw bytes */
        gnode *r = gn_raw(bytes, len);
        r->name = n->name;
        if (parent == NULL) {
            *root = *r;
        } else {
            parent->kids[index] = r;
        }
    } else if (strcmp(op, "del") == 0) {
        if (parent == NULL) {
            gen_die("%s: cannot delete the root", what);
        }
        remove_kid(parent, index);
    } else if (strcmp(op, "ins") == 0) { /* raw element before this one */
        if (parent == NULL) {
            gen_die("%s: cannot insert before the root", what);
        }
        insert_kid(parent, index, gn_raw(bytes, len));
    } else if (strcmp(op, "after") == 0) { /* raw element after this one */
        if (parent == NULL) {
            gen_die("%s: cannot insert after the root", what);
        }
        insert_kid(parent, index + 1, gn_raw(bytes, len));
    } else if (strcmp(op, "add") == 0) { /* raw element as the last child */
        gn_add(n, gn_raw(bytes, len));
    } else if (strcmp(op, "tag") == 0) {
        if (len == 0 || len > sizeof(n->id)) {
            gen_die("%s: bad tag", what);
        }
        memcpy(n->id, bytes, len);
        n->id_len = len;
    } else if (strcmp(op, "long") == 0) {
        n->lenform = atoi(arg);
    } else if (strcmp(op, "indef") == 0) {
        n->lenform = -1;
    } else if (strcmp(op, "trail") == 0) {
        n->trail = bytes;
        n->trail_len = len;
    } else if (strcmp(op, "val") == 0) {
        n->val = bytes;
        n->val_len = len;
        n->cons = n->encap = false;
        n->nkids = 0;
    } else if (strcmp(op, "dup") == 0) {
        if (parent == NULL) {
            gen_die("%s: cannot duplicate the root", what);
        }
        insert_kid(parent, index + 1, gn_copy(n));
    } else if (strcmp(op, "swap") == 0) { /* with the next sibling */
        if (parent == NULL || index + 1 >= parent->nkids) {
            gen_die("%s: nothing to swap with at '%s'", what, path);
        }
        parent->kids[index] = parent->kids[index + 1];
        parent->kids[index + 1] = n;
    } else if (strcmp(op, "flip") == 0) { /* flip the last contents bit */
        if (n->cons || n->encap || n->val_len == 0) {
            gen_die("%s: flip needs a primitive with contents", what);
        }
        unsigned char *v = ga_memdup(n->val, n->val_len);
        v[n->val_len - 1] ^= 0x01;
        n->val = v;
    } else if (strcmp(op, "prim") == 0) { /* make a constructed element primitive */
        size_t clen;
        gnode tmp = *n;
        tmp.id[0] = 0x30;
        tmp.id_len = 1;
        tmp.lenform = 0;
        tmp.trail_len = 0;
        unsigned char *enc = gn_encode(&tmp, &clen);
        /* the contents of the SEQUENCE-encoded children */
        size_t hdr = enc[1] < 0x80 ? 2 : 2 + (enc[1] & 0x7F);
        n->val = enc + hdr;
        n->val_len = clen - hdr;
        n->cons = n->encap = false;
        n->nkids = 0;
    } else {
        gen_die("%s: unknown edit '%s'", what, op);
    }
}

void gn_edit(gnode *root, const char *edits, const char *what)
{
    if (edits == NULL) {
        return;
    }
    char *copy = ga_strdup(edits);
    char *save = NULL;
    for (char *e = strtok_r(copy, ";", &save); e != NULL; e = strtok_r(NULL, ";", &save)) {
        while (*e == ' ') {
            e++;
        }
        if (*e == 0) {
            continue;
        }
        char *at = strrchr(e, '@');
        if (at == NULL) {
            gen_die("%s: edit '%s' has no @path", what, e);
        }
        *at = 0;
        char *path = at + 1;
        char *eq = strchr(e, '=');
        char *arg = NULL;
        if (eq != NULL) {
            *eq = 0;
            arg = eq + 1;
        }
        char *end = e + strlen(e);
        while (end > e && end[-1] == ' ') {
            *--end = 0;
        }
        apply(root, e, arg, path, what);
    }
}
