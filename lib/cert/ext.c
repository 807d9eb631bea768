/*
 * ext.c: the Extensions list (RFC 5280 4.1.2.9, 4.2) and the dispatch of
 * each known extension to its decoder (cert/ext_*.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert/model_internal.h"

typedef struct {
    xs_ext_kind kind;
    const char *name;
    const uint8_t *oid;
    size_t oid_len;
} known_ext;

#define XS_EXT_OID(id, name, ...) static const uint8_t oid_##id[] = {__VA_ARGS__};
XS_KNOWN_EXTENSIONS(XS_EXT_OID)
#undef XS_EXT_OID

static const known_ext known[] = {
#define XS_EXT_ROW(id, name, ...) {XS_EXT_##id, name, oid_##id, sizeof(oid_##id)},
    XS_KNOWN_EXTENSIONS(XS_EXT_ROW)
#undef XS_EXT_ROW
};

/* Decoders, one per known extension; NULL where x509strict only needs to
 * know the extension is there. */
static void (*const decoders[XS_EXT__COUNT])(xs_model *m, size_t index) = {
    [XS_EXT_BASIC_CONSTRAINTS] = xs_ext_decode_basic_constraints,
    [XS_EXT_KEY_USAGE] = xs_ext_decode_key_usage,
    [XS_EXT_SUBJECT_KEY_IDENTIFIER] = xs_ext_decode_ski,
    [XS_EXT_AUTHORITY_KEY_IDENTIFIER] = xs_ext_decode_aki,
    [XS_EXT_EXT_KEY_USAGE] = xs_ext_decode_ext_key_usage,
    [XS_EXT_NETSCAPE_CERT_TYPE] = xs_ext_decode_netscape_cert_type,
    [XS_EXT_SUBJECT_ALT_NAME] = xs_ext_decode_subject_alt_name,
    [XS_EXT_ISSUER_ALT_NAME] = xs_ext_decode_issuer_alt_name,
    [XS_EXT_NAME_CONSTRAINTS] = xs_ext_decode_name_constraints,
    [XS_EXT_CERTIFICATE_POLICIES] = xs_ext_decode_certificate_policies,
    [XS_EXT_POLICY_MAPPINGS] = xs_ext_decode_policy_mappings,
    [XS_EXT_POLICY_CONSTRAINTS] = xs_ext_decode_policy_constraints,
    [XS_EXT_INHIBIT_ANY_POLICY] = xs_ext_decode_inhibit_any_policy,
    [XS_EXT_CRL_DISTRIBUTION_POINTS] = xs_ext_decode_crl_distribution_points,
    [XS_EXT_FRESHEST_CRL] = xs_ext_decode_freshest_crl,
    [XS_EXT_AUTHORITY_INFO_ACCESS] = xs_ext_decode_authority_info_access,
    [XS_EXT_SUBJECT_INFO_ACCESS] = xs_ext_decode_subject_info_access,
    [XS_EXT_SUBJECT_DIRECTORY_ATTRIBUTES] = xs_ext_decode_subject_directory_attributes,
    [XS_EXT_CT_PRECERT_POISON] = xs_ext_decode_ct_precert_poison,
    [XS_EXT_CT_SCT_LIST] = xs_ext_decode_ct_sct_list,
};

const char *xs_ext_name(xs_ext_kind kind)
{
    for (size_t i = 0; i < XS_ARRAY_LEN(known); i++) {
        if (known[i].kind == kind) {
            return known[i].name;
        }
    }
    return NULL;
}

static xs_ext_kind kind_of(const xs_der *oid)
{
    for (size_t i = 0; i < XS_ARRAY_LEN(known); i++) {
        if (xs_der_oid_is(oid, known[i].oid, known[i].oid_len)) {
            return known[i].kind;
        }
    }
    return XS_EXT_UNKNOWN;
}

static bool push_ext(xs_model *m, const xs_ext *ext, size_t *cap)
{
    if (m->ext_count == *cap) {
        size_t grown_cap = *cap ? *cap * 2 : 16;
        xs_ext *grown = realloc(m->exts, grown_cap * sizeof(*grown));
        if (grown == NULL) {
            m->alloc_failed = true;
            return false;
        }
        m->exts = grown;
        *cap = grown_cap;
    }
    m->exts[m->ext_count++] = *ext;
    return true;
}

static bool seen_before(const xs_model *m, const xs_der *oid)
{
    for (size_t i = 0; i < m->ext_count; i++) {
        if (xs_der_equal(&m->exts[i].oid, oid)) {
            return true;
        }
    }
    return false;
}

/* Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER,
 *   critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
static bool parse_extension(xs_model *m, xs_der *list, xs_ext *out)
{
    xs_der seq;
    memset(out, 0, sizeof(*out));
    if (!xs_model_require_element(m, list, XS_TAG_SEQUENCE, "extension", &seq, &out->whole)) {
        return false;
    }
    if (!xs_model_require_oid(m, &seq, "extnID", &out->oid)) {
        return false;
    }
    if (xs_der_peek_tag(&seq) == XS_TAG_BOOLEAN) {
        size_t restore = xs_path_push(m, "critical");
        size_t at = seq.off;
        if (xs_der_get_bool(&seq, &out->critical) && !out->critical) {
            xs_model_issue(m, XS_DER_DEFAULT_ENCODED, at);
        }
        out->critical_encoded = true;
        xs_path_pop(m, restore);
    }
    if (!xs_model_require(m, &seq, XS_TAG_OCTET_STRING, "extnValue", &out->value)) {
        return false;
    }
    xs_model_expect_end(m, &seq, "extnValue");
    out->kind = kind_of(&out->oid);
    out->duplicate = seen_before(m, &out->oid);
    return true;
}

/* Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension */
bool xs_model_parse_extensions(xs_model *m, xs_der *explicit_tag)
{
    xs_der list;
    if (!xs_model_require(m, explicit_tag, XS_TAG_SEQUENCE, "list", &list)) {
        return false;
    }
    xs_model_expect_end(m, explicit_tag, "list");
    size_t cap = 0;
    for (size_t i = 0; !xs_der_at_end(&list); i++) {
        if (m->ext_count >= XS_MAX_EXTENSIONS) {
            xs_model_limit(m, list.off);
            return true;
        }
        size_t restore = xs_path_push_index(m, "", i);
        xs_ext ext;
        size_t before = list.len;
        bool parsed = parse_extension(m, &list, &ext);
        bool kept = parsed && push_ext(m, &ext, &cap);
        xs_path_pop(m, restore);
        if (m->alloc_failed || (!parsed && list.len == before)) {
            return false; /* the list itself is unreadable past here */
        }
        (void)kept; /* a malformed Extension is reported and skipped */
    }
    return true;
}

void xs_model_decode_extensions(xs_model *m)
{
    for (size_t i = 0; i < m->ext_count; i++) {
        xs_ext *ext = &m->exts[i];
        void (*decode)(xs_model *, size_t) = decoders[ext->kind];
        if (ext->duplicate || decode == NULL) {
            continue;
        }
        char component[80];
        snprintf(component, sizeof(component), "tbsCertificate.extensions[%zu].%s", i,
                 xs_ext_name(ext->kind));
        size_t restore = xs_path_push(m, component);
        decode(m, i);
        xs_path_pop(m, restore);
    }
}

void xs_model_cleanup_extensions(xs_model *m)
{
    xs_ext_usage_cleanup(&m->usage);
    xs_ext_names_cleanup(&m->names);
    xs_ext_policy_cleanup(&m->policy);
}
