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

/* BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE,
 *   pathLenConstraint INTEGER (0..MAX) OPTIONAL } */
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
        size_t restore = xs_path_push(m, "cA");
        if (xs_der_get_bool(&seq, &bc->ca) && !bc->ca) {
            xs_model_issue(m, XS_DER_DEFAULT_ENCODED, at);
        }
        xs_path_pop(m, restore);
    }
    if (xs_der_peek_tag(&seq) == XS_TAG_INTEGER) {
        xs_der n;
        size_t restore = xs_path_push(m, "pathLenConstraint");
        if (xs_der_get_integer(&seq, &n)) {
            bc->has_pathlen = true;
            bc->pathlen_negative = xs_der_integer_is_negative(&n);
            bc->pathlen = 0;
            for (size_t i = 0; i < n.len && !bc->pathlen_negative; i++) {
                bc->pathlen = bc->pathlen > UINT32_MAX ? bc->pathlen : (bc->pathlen << 8) | n.p[i];
            }
        }
        xs_path_pop(m, restore);
    }
    xs_der_expect_end(&seq);
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
    if (!xs_der_get_named_bits(&value, &m->ku.bits, &extra)) {
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

/* AuthorityKeyIdentifier ::= SEQUENCE {
 *   keyIdentifier             [0] KeyIdentifier           OPTIONAL,
 *   authorityCertIssuer       [1] GeneralNames            OPTIONAL,
 *   authorityCertSerialNumber [2] CertificateSerialNumber OPTIONAL } */
void xs_ext_decode_aki(xs_model *m, size_t index)
{
    xs_der value, seq, skipped;
    xs_ext_aki *aki = &m->aki;
    xs_ext_value_cursor(m, index, &value);
    aki->present = true;
    aki->ext = index;
    if (!xs_model_require(m, &value, XS_TAG_SEQUENCE, "value", &seq)) {
        return;
    }
    aki->has_key_id = xs_der_get(&seq, XS_TAG_CTX_PRIMITIVE(0), &aki->key_id);
    aki->has_issuer = xs_der_get(&seq, XS_TAG_CTX_CONSTRUCTED(1), &skipped);
    aki->has_serial = xs_der_get(&seq, XS_TAG_CTX_PRIMITIVE(2), &skipped);
    xs_der_expect_end(&seq);
    xs_der_expect_end(&value);
    m->exts[index].value_ok = true;
}
