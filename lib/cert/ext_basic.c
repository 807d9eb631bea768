/*
 * ext_basic.c: basicConstraints, keyUsage, subjectKeyIdentifier and
 * authorityKeyIdentifier (RFC 5280 4.2.1.1-3, 4.2.1.9).
 */
#include "cert/model_internal.h"

void xs_ext_value_cursor(xs_model *m, size_t index, xs_der *out)
{
    *out = m->exts[index].value;
    out->sink = &m->sink;
}

/* read_pathlen reads pathLenConstraint's value: its sign, and its size
 * (saturated at UINT64_MAX past 64 bits). */
static bool read_pathlen(xs_model *m, xs_der *seq, xs_ext_bc *bc)
{
    xs_der n;
    size_t restore = xs_path_push(m, "pathLenConstraint");
    bool ok = xs_der_get_integer(seq, &n) && n.len > 0;
    xs_path_pop(m, restore);
    if (!ok) {
        return false;
    }
    bc->has_pathlen = true;
    bc->pathlen_negative = xs_der_integer_is_negative(&n);
    bc->pathlen = 0;
    if (bc->pathlen_negative) {
        return true;
    }
    if (xs_der_integer_magnitude_len(&n) > 8) {
        bc->pathlen = UINT64_MAX;
        return true;
    }
    for (size_t i = 0; i < n.len; i++) {
        bc->pathlen = (bc->pathlen << 8) | n.p[i];
    }
    return true;
}

/* BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE,
 *   pathLenConstraint INTEGER (0..MAX) OPTIONAL }
 * Anything else in the sequence (a pathLenConstraint that is not an
 * INTEGER, fields out of order) is an unexpected element, and the value
 * does not decode. */
void xs_ext_decode_basic_constraints(xs_model *m, size_t index)
{
    xs_der value, seq;
    xs_ext_bc *bc = &m->bc;
    xs_ext_value_cursor(m, index, &value);
    bc->present = true;
    bc->ext = index;
    if (!xs_model_require(m, &value, XS_TAG_SEQUENCE, "value", &seq)) {
        return;
    }
    if (xs_der_peek_tag(&seq) == XS_TAG_BOOLEAN) {
        size_t at = seq.off;
        xs_der probe = seq, contents;
        probe.sink = NULL;
        /* a BOOLEAN of another length is reported by the reader, and no
         * decoder (OpenSSL's included) can take it as cA */
        bool one_octet = xs_der_get(&probe, XS_TAG_BOOLEAN, &contents) && contents.len == 1;
        size_t restore = xs_path_push(m, "cA");
        bool ok = xs_der_get_bool(&seq, &bc->ca) && one_octet;
        if (ok && !bc->ca) {
            xs_model_issue(m, XS_DER_DEFAULT_ENCODED, at);
        }
        xs_path_pop(m, restore);
        if (!ok) {
            return;
        }
    }
    if (xs_der_peek_tag(&seq) == XS_TAG_INTEGER && !read_pathlen(m, &seq, bc)) {
        return;
    }
    if (!xs_der_at_end(&seq)) {
        size_t restore = xs_path_push(m, "pathLenConstraint");
        xs_model_issue(m, XS_DER_UNEXPECTED_TAG, seq.off);
        xs_path_pop(m, restore);
        return;
    }
    xs_der_expect_end(&value);
    m->exts[index].value_ok = true;
}

/* KeyUsage ::= BIT STRING { digitalSignature (0), ..., decipherOnly (8) } */
void xs_ext_decode_key_usage(xs_model *m, size_t index)
{
    xs_der value;
    xs_ext_value_cursor(m, index, &value);
    m->ku.present = true;
    m->ku.ext = index;
    bool extra = false;
    if (!xs_ext_get_named_bits(&value, &m->ku.bits, &extra)) {
        xs_der ignored;
        xs_model_require(m, &value, XS_TAG_BIT_STRING, "value", &ignored);
        return;
    }
    m->ku.unknown_bits = extra || (m->ku.bits & ~0x1FFu) != 0;
    xs_der_expect_end(&value);
    m->exts[index].value_ok = true;
}

/* SubjectKeyIdentifier ::= KeyIdentifier ::= OCTET STRING */
void xs_ext_decode_ski(xs_model *m, size_t index)
{
    xs_der value;
    xs_ext_value_cursor(m, index, &value);
    m->ski.present = true;
    m->ski.ext = index;
    if (!xs_model_require(m, &value, XS_TAG_OCTET_STRING, "value", &m->ski.key_id)) {
        return;
    }
    xs_der_expect_end(&value);
    m->exts[index].value_ok = true;
}

/* first_dir_name finds the first directoryName ([4] EXPLICIT Name) among
 * GeneralNames and returns its Name element. The GeneralNames' own DER is
 * not judged here. */
static bool first_dir_name(xs_der names, xs_der *out_name)
{
    names.sink = NULL;
    while (!xs_der_at_end(&names)) {
        uint8_t tag;
        xs_der contents;
        if (!xs_der_get_any(&names, &tag, &contents, NULL)) {
            return false;
        }
        if (tag == XS_TAG_CTX_CONSTRUCTED(4)) {
            xs_der name;
            return xs_der_get_element(&contents, XS_TAG_SEQUENCE, &name, out_name);
        }
    }
    return false;
}

/* AuthorityKeyIdentifier ::= SEQUENCE {
 *   keyIdentifier             [0] KeyIdentifier           OPTIONAL,
 *   authorityCertIssuer       [1] GeneralNames            OPTIONAL,
 *   authorityCertSerialNumber [2] CertificateSerialNumber OPTIONAL }
 * An element that is none of these, or out of order, makes the value not
 * decode. */
void xs_ext_decode_aki(xs_model *m, size_t index)
{
    xs_der value, seq, names;
    xs_ext_aki *aki = &m->aki;
    xs_ext_value_cursor(m, index, &value);
    aki->present = true;
    aki->ext = index;
    if (!xs_model_require(m, &value, XS_TAG_SEQUENCE, "value", &seq)) {
        return;
    }
    aki->has_key_id = xs_der_get(&seq, XS_TAG_CTX_PRIMITIVE(0), &aki->key_id);
    aki->has_issuer = xs_der_get(&seq, XS_TAG_CTX_CONSTRUCTED(1), &names);
    if (aki->has_issuer) {
        m->usage.aki_has_dir_name = first_dir_name(names, &m->usage.aki_dir_name);
    }
    aki->has_serial = xs_der_get(&seq, XS_TAG_CTX_PRIMITIVE(2), &m->usage.aki_serial);
    if (!xs_der_at_end(&seq)) {
        size_t restore = xs_path_push(m, "value");
        xs_model_issue(m, XS_DER_UNEXPECTED_TAG, seq.off);
        xs_path_pop(m, restore);
        return;
    }
    xs_der_expect_end(&value);
    m->exts[index].value_ok = true;
}
