/*
 * dertree.h: a DER element tree for tests that need to break an encoding on
 * purpose: parse a certificate, change one element (its length form, tag or
 * contents), and serialize it again with every enclosing length fixed.
 */
#ifndef XS_TEST_DERTREE_H
#define XS_TEST_DERTREE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct xt_node xt_node;

/* xt_der_parse reads one element (constructed elements recursively);
 * NULL when the bytes are not well-formed BER with definite lengths. */
xt_node *xt_der_parse(const unsigned char *der, size_t len);
void xt_node_free(xt_node *node);

/* xt_node_at walks child indices from `root`: {0, 0, 4} is
 * Certificate.tbsCertificate.validity. NULL when a step is missing. */
xt_node *xt_node_at(xt_node *root, const int *path, size_t steps);

size_t xt_node_children(const xt_node *node);
unsigned char xt_node_tag(const xt_node *node);

/* Edits. */
void xt_node_set_tag(xt_node *node, unsigned char tag);
/* xt_node_set_long_length encodes the length in long form with `octets`
 * length octets (non-minimal when the length is below 128, or octets > 1
 * needed). */
void xt_node_set_long_length(xt_node *node, int octets);
/* xt_node_set_indefinite encodes a constructed element with the indefinite
 * length form and an end-of-contents marker. */
void xt_node_set_indefinite(xt_node *node);
/* xt_node_set_content replaces a primitive element's contents (a
 * constructed one becomes primitive). Returns false when out of memory. */
bool xt_node_set_content(xt_node *node, const unsigned char *content, size_t len);
/* xt_node_insert inserts a copy of DER element `der` as child `index` of a
 * constructed node (index = children count appends). */
bool xt_node_insert(xt_node *parent, size_t index, const unsigned char *der, size_t len);
void xt_node_remove(xt_node *parent, size_t index);
/* xt_node_append_raw adds bytes after the node's contents (trailing data
 * inside it), counted in its length. */
bool xt_node_append_raw(xt_node *node, const unsigned char *bytes, size_t len);

/* xt_der_serialize encodes the tree; the caller frees the buffer. */
unsigned char *xt_der_serialize(const xt_node *root, size_t *out_len);

/* xt_node_offset is the byte offset `node` gets when `root` is serialized. */
size_t xt_node_offset(const xt_node *root, const xt_node *node);

#endif /* XS_TEST_DERTREE_H */
