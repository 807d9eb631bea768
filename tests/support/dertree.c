#include "dertree.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 32

struct xt_node {
    unsigned char tag;
    bool constructed;
    int long_length_octets; /* 0: minimal form */
    bool indefinite;
    unsigned char *content; /* primitive contents */
    size_t content_len;
    unsigned char *trailing; /* raw bytes after the children (constructed) */
    size_t trailing_len;
    xt_node **children;
    size_t child_count;
};

static bool read_header(const unsigned char *p, size_t len, size_t *header, size_t *content_len)
{
    if (len < 2 || (p[0] & 0x1F) == 0x1F) {
        return false;
    }
    if (p[1] < 0x80) {
        *header = 2;
        *content_len = p[1];
    } else {
        size_t n = p[1] & 0x7F;
        if (n == 0 || n > 4 || len < 2 + n) {
            return false;
        }
        size_t v = 0;
        for (size_t i = 0; i < n; i++) {
            v = (v << 8) | p[2 + i];
        }
        *header = 2 + n;
        *content_len = v;
    }
    return *content_len <= len - *header;
}

static xt_node *parse(const unsigned char *p, size_t len, size_t *used, int depth)
{
    size_t header, clen;
    if (depth > MAX_DEPTH || !read_header(p, len, &header, &clen)) {
        return NULL;
    }
    xt_node *n = calloc(1, sizeof(*n));
    if (n == NULL) {
        return NULL;
    }
    n->tag = p[0];
    n->constructed = (p[0] & 0x20) != 0;
    *used = header + clen;
    if (!n->constructed) {
        n->content = malloc(clen ? clen : 1);
        if (n->content == NULL) {
            free(n);
            return NULL;
        }
        memcpy(n->content, p + header, clen);
        n->content_len = clen;
        return n;
    }
    for (size_t pos = 0; pos < clen;) {
        size_t child_used = 0;
        xt_node *child = parse(p + header + pos, clen - pos, &child_used, depth + 1);
        xt_node **grown = child ? realloc(n->children, (n->child_count + 1) * sizeof(*grown)) : NULL;
        if (grown == NULL) {
            xt_node_free(child);
            xt_node_free(n);
            return NULL;
        }
        n->children = grown;
        n->children[n->child_count++] = child;
        pos += child_used;
    }
    return n;
}

xt_node *xt_der_parse(const unsigned char *der, size_t len)
{
    size_t used = 0;
    return parse(der, len, &used, 0);
}

void xt_node_free(xt_node *node)
{
    if (node == NULL) {
        return;
    }
    for (size_t i = 0; i < node->child_count; i++) {
        xt_node_free(node->children[i]);
    }
    free(node->children);
    free(node->content);
    free(node->trailing);
    free(node);
}

xt_node *xt_node_at(xt_node *root, const int *path, size_t steps)
{
    xt_node *n = root;
    for (size_t i = 0; n != NULL && i < steps; i++) {
        n = path[i] >= 0 && (size_t)path[i] < n->child_count ? n->children[path[i]] : NULL;
    }
    return n;
}

size_t xt_node_children(const xt_node *node)
{
    return node->child_count;
}

unsigned char xt_node_tag(const xt_node *node)
{
    return node->tag;
}

void xt_node_set_tag(xt_node *node, unsigned char tag)
{
    node->tag = tag;
}

void xt_node_set_long_length(xt_node *node, int octets)
{
    node->long_length_octets = octets;
}

void xt_node_set_indefinite(xt_node *node)
{
    node->indefinite = true;
}

bool xt_node_set_content(xt_node *node, const unsigned char *content, size_t len)
{
    unsigned char *copy = malloc(len ? len : 1);
    if (copy == NULL) {
        return false;
    }
    memcpy(copy, content, len);
    for (size_t i = 0; i < node->child_count; i++) {
        xt_node_free(node->children[i]);
    }
    free(node->children);
    node->children = NULL;
    node->child_count = 0;
    free(node->content);
    node->content = copy;
    node->content_len = len;
    node->constructed = false;
    return true;
}

bool xt_node_insert(xt_node *parent, size_t index, const unsigned char *der, size_t len)
{
    xt_node *child = xt_der_parse(der, len);
    xt_node **grown = child ? realloc(parent->children, (parent->child_count + 1) * sizeof(*grown))
                            : NULL;
    if (grown == NULL || index > parent->child_count) {
        xt_node_free(child);
        if (grown != NULL) {
            parent->children = grown;
        }
        return false;
    }
    parent->children = grown;
    memmove(&grown[index + 1], &grown[index], (parent->child_count - index) * sizeof(*grown));
    grown[index] = child;
    parent->child_count++;
    return true;
}

void xt_node_remove(xt_node *parent, size_t index)
{
    if (index >= parent->child_count) {
        return;
    }
    xt_node_free(parent->children[index]);
    memmove(&parent->children[index], &parent->children[index + 1],
            (parent->child_count - index - 1) * sizeof(*parent->children));
    parent->child_count--;
}

bool xt_node_append_raw(xt_node *node, const unsigned char *bytes, size_t len)
{
    unsigned char **target = node->constructed ? &node->trailing : &node->content;
    size_t *target_len = node->constructed ? &node->trailing_len : &node->content_len;
    unsigned char *grown = realloc(*target, *target_len + len);
    if (grown == NULL) {
        return false;
    }
    memcpy(grown + *target_len, bytes, len);
    *target = grown;
    *target_len += len;
    return true;
}

/* A serializer over a growable buffer; a NULL data pointer only measures. */
typedef struct {
    unsigned char *data;
    size_t len;
} out_buf;

static void put(out_buf *o, const unsigned char *bytes, size_t n)
{
    if (o->data != NULL && n > 0) {
        memcpy(o->data + o->len, bytes, n);
    }
    o->len += n;
}

static size_t content_size(const xt_node *n);

static size_t length_octets(const xt_node *n, size_t len)
{
    if (n->indefinite) {
        return 1;
    }
    if (n->long_length_octets > 0) {
        return 1 + (size_t)n->long_length_octets;
    }
    size_t octets = 1;
    if (len >= 0x80) {
        for (size_t v = len; v > 0; v >>= 8) {
            octets++;
        }
    }
    return octets;
}

static size_t node_size(const xt_node *n)
{
    size_t c = content_size(n);
    return 1 + length_octets(n, c) + c + (n->indefinite ? 2 : 0);
}

static size_t content_size(const xt_node *n)
{
    if (!n->constructed) {
        return n->content_len;
    }
    size_t total = n->trailing_len;
    for (size_t i = 0; i < n->child_count; i++) {
        total += node_size(n->children[i]);
    }
    return total;
}

static void put_length(out_buf *o, const xt_node *n, size_t len)
{
    unsigned char b[9];
    if (n->indefinite) {
        b[0] = 0x80;
        put(o, b, 1);
        return;
    }
    size_t octets = length_octets(n, len) - 1;
    if (octets == 0) {
        b[0] = (unsigned char)len;
        put(o, b, 1);
        return;
    }
    b[0] = (unsigned char)(0x80 | octets);
    for (size_t i = 0; i < octets; i++) {
        b[1 + i] = (unsigned char)(len >> (8 * (octets - 1 - i)));
    }
    put(o, b, 1 + octets);
}

static void serialize(out_buf *o, const xt_node *n)
{
    static const unsigned char eoc[2] = {0, 0};
    put(o, &n->tag, 1);
    put_length(o, n, content_size(n));
    if (!n->constructed) {
        put(o, n->content, n->content_len);
    } else {
        for (size_t i = 0; i < n->child_count; i++) {
            serialize(o, n->children[i]);
        }
        put(o, n->trailing, n->trailing_len);
    }
    if (n->indefinite) {
        put(o, eoc, 2);
    }
}

unsigned char *xt_der_serialize(const xt_node *root, size_t *out_len)
{
    out_buf o = {malloc(node_size(root)), 0};
    if (o.data != NULL) {
        serialize(&o, root);
    }
    *out_len = o.len;
    return o.data;
}

static bool find_offset(const xt_node *n, const xt_node *target, size_t *pos)
{
    if (n == target) {
        return true;
    }
    size_t start = *pos;
    *pos += 1 + length_octets(n, content_size(n));
    for (size_t i = 0; n->constructed && i < n->child_count; i++) {
        if (find_offset(n->children[i], target, pos)) {
            return true;
        }
    }
    *pos = start + node_size(n);
    return false;
}

size_t xt_node_offset(const xt_node *root, const xt_node *node)
{
    size_t pos = 0;
    return find_offset(root, node, &pos) ? pos : SIZE_MAX;
}
