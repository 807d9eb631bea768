/*
 * name.c: Name (RFC 5280 4.1.2.4), kept as a flat list of attributes with
 * the index of the RDN each belongs to.
 */
#include <stdlib.h>

#include "cert/model_internal.h"

static bool push_attr(xs_model *m, xs_name *name, const xs_attr *attr, size_t offset)
{
    if (name->attr_count == name->attr_cap) {
        if (name->attr_cap >= XS_MAX_NAME_ATTRS) {
            xs_model_limit(m, offset);
            return false;
        }
        size_t cap = name->attr_cap ? name->attr_cap * 2 : 8;
        xs_attr *grown = realloc(name->attrs, cap * sizeof(*grown));
        if (grown == NULL) {
            m->alloc_failed = true;
            return false;
        }
        name->attrs = grown;
        name->attr_cap = cap;
    }
    name->attrs[name->attr_count++] = *attr;
    return true;
}

/* AttributeTypeAndValue ::= SEQUENCE { type AttributeType, value AttributeValue } */
static bool parse_attr(xs_model *m, xs_der *set, xs_name *name, size_t rdn, xs_der *out_whole)
{
    xs_der seq;
    xs_attr attr = {.rdn = rdn};
    if (!xs_model_require_element(m, set, XS_TAG_SEQUENCE, "attribute", &seq, out_whole)) {
        return false;
    }
    xs_der value;
    if (!xs_model_require_oid(m, &seq, "type", &attr.type) ||
        !xs_der_get_any(&seq, &attr.tag, &value, NULL)) {
        if (xs_der_at_end(&seq)) {
            xs_model_issue(m, XS_DER_MISSING_ELEMENT, seq.off);
        }
        return false;
    }
    attr.value = value;
    uint8_t primitive = attr.tag & (uint8_t)~XS_TAG_CONSTRUCTED;
    if (attr.tag != primitive && xs_der_is_string_tag(primitive)) {
        xs_model_issue(m, XS_DER_CONSTRUCTED_STRING, value.off);
    }
    xs_model_expect_end(m, &seq, "value");
    return push_attr(m, name, &attr, seq.off);
}

/* RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue;
 * DER sorts the members (X.690 11.6). */
static bool parse_rdn(xs_model *m, xs_der *rdns, xs_name *name)
{
    xs_der set;
    if (!xs_model_require(m, rdns, XS_TAG_SET, "rdn", &set)) {
        return false;
    }
    size_t members = 0;
    xs_der previous = {0};
    while (!xs_der_at_end(&set)) {
        xs_der whole;
        size_t at = set.off;
        if (!parse_attr(m, &set, name, name->rdn_count, &whole)) {
            return false;
        }
        if (members > 0 && xs_der_compare(&previous, &whole) > 0) {
            xs_model_issue(m, XS_DER_SET_NOT_SORTED, at);
        }
        previous = whole;
        members++;
    }
    name->multi_valued_rdn |= members > 1;
    name->empty_rdn |= members == 0;
    name->rdn_count++;
    return true;
}

/* Name ::= CHOICE { rdnSequence RDNSequence }
 * RDNSequence ::= SEQUENCE OF RelativeDistinguishedName */
bool xs_model_parse_name(xs_model *m, xs_der *d, const char *field, xs_name *out)
{
    xs_der rdns;
    if (!xs_model_require_element(m, d, XS_TAG_SEQUENCE, field, &rdns, &out->whole)) {
        return false;
    }
    out->present = true;
    bool ok = true;
    for (size_t i = 0; ok && !xs_der_at_end(&rdns); i++) {
        size_t restore = xs_path_push_index(m, field, i);
        ok = parse_rdn(m, &rdns, out);
        xs_path_pop(m, restore);
    }
    /* a broken attribute breaks only the name: the rest of the TBS is still
     * found, because the Name element's length was read */
    return true;
}
