/*
 * model.c: the Certificate and TBSCertificate walk (RFC 5280 4.1).
 *
 * Implementation notes. Each parse_* function reads one ASN.1 type and
 * reads like its definition, which is quoted above it. A missing required
 * element is reported (MISSING_ELEMENT, or UNEXPECTED_TAG when something
 * else is there) and ends the walk of the enclosing structure: what comes
 * after cannot be located reliably. Extensions are decoded in cert/ext.c.
 */
#include "cert/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert/model_internal.h"

static void record(xs_model *m, xs_issue_kind kind, xs_der_issue issue, size_t offset)
{
    if (m->issue_count == m->issue_cap) {
        if (m->issue_cap >= XS_MAX_PARSE_ISSUES) {
            m->issues_capped = true;
            return;
        }
        size_t cap = m->issue_cap ? m->issue_cap * 2 : 8;
        xs_parse_issue *grown = realloc(m->issues, cap * sizeof(*grown));
        if (grown == NULL) {
            m->issues_capped = true;
            return;
        }
        m->issues = grown;
        m->issue_cap = cap;
    }
    xs_parse_issue *x = &m->issues[m->issue_count++];
    x->kind = kind;
    x->der = issue;
    x->offset = offset;
    memcpy(x->path, m->path, sizeof(x->path));
}

void xs_model_issue(xs_model *m, xs_der_issue issue, size_t offset)
{
    record(m, XS_ISSUE_DER, issue, offset);
}

void xs_model_limit(xs_model *m, size_t offset)
{
    record(m, XS_ISSUE_LIMIT, XS_DER_TRUNCATED, offset);
}

static void sink_report(void *ctx, xs_der_issue issue, size_t offset)
{
    xs_model_issue(ctx, issue, offset);
}

size_t xs_path_push(xs_model *m, const char *component)
{
    size_t restore = strlen(m->path);
    snprintf(m->path + restore, sizeof(m->path) - restore, "%s%s", restore ? "." : "",
             component);
    return restore;
}

size_t xs_path_push_index(xs_model *m, const char *component, size_t index)
{
    size_t restore = strlen(m->path);
    bool dot = restore > 0 && component[0] != 0;
    snprintf(m->path + restore, sizeof(m->path) - restore, "%s%s[%zu]", dot ? "." : "",
             component, index);
    return restore;
}

void xs_path_pop(xs_model *m, size_t restore)
{
    if (restore < sizeof(m->path)) {
        m->path[restore] = 0;
    }
}

/* require_element reads a required element of `tag` named `field`, once:
 * the reader reports an element that does not fit; this reports one that is
 * missing or has another tag. */
bool xs_model_require_element(xs_model *m, xs_der *d, uint8_t tag, const char *field,
                              xs_der *out, xs_der *out_whole)
{
    size_t restore = xs_path_push(m, field);
    int found = xs_der_peek_tag(d);
    bool ok = xs_der_get_element(d, tag, out, out_whole);
    if (!ok && found < 0) {
        xs_model_issue(m, XS_DER_MISSING_ELEMENT, d->off);
    } else if (!ok && found != tag) {
        /* a string in constructed form was reported by the reader */
        bool constructed_string =
            xs_der_is_string_tag(tag) && found == (int)(tag | XS_TAG_CONSTRUCTED);
        if (!constructed_string) {
            xs_model_issue(m, XS_DER_UNEXPECTED_TAG, d->off);
        }
    }
    xs_path_pop(m, restore);
    return ok;
}

bool xs_model_require(xs_model *m, xs_der *d, uint8_t tag, const char *field, xs_der *out)
{
    return xs_model_require_element(m, d, tag, field, out, NULL);
}

bool xs_model_require_oid(xs_model *m, xs_der *d, const char *field, xs_der *out)
{
    if (xs_der_peek_tag(d) != XS_TAG_OID) {
        return xs_model_require(m, d, XS_TAG_OID, field, out);
    }
    size_t restore = xs_path_push(m, field);
    bool ok = xs_der_get_oid(d, out);
    xs_path_pop(m, restore);
    return ok;
}

bool xs_model_require_bit_string(xs_model *m, xs_der *d, const char *field, xs_der *out)
{
    unsigned unused = 0;
    if (xs_der_peek_tag(d) != XS_TAG_BIT_STRING) {
        return xs_model_require(m, d, XS_TAG_BIT_STRING, field, out);
    }
    size_t restore = xs_path_push(m, field);
    bool ok = xs_der_get_bit_string(d, out, &unused);
    xs_path_pop(m, restore);
    return ok;
}

/* expect_end reports trailing data inside `d` under the path `field`. */
void xs_model_expect_end(xs_model *m, const xs_der *d, const char *field)
{
    if (xs_der_at_end(d)) {
        return;
    }
    size_t restore = xs_path_push(m, field);
    xs_der_expect_end(d);
    xs_path_pop(m, restore);
}

/* AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER,
 *                                     parameters ANY DEFINED BY algorithm OPTIONAL } */
bool xs_model_parse_algid(xs_model *m, xs_der *d, const char *field, xs_algid *out)
{
    xs_der seq;
    if (!xs_model_require_element(m, d, XS_TAG_SEQUENCE, field, &seq, &out->whole)) {
        return false;
    }
    size_t restore = xs_path_push(m, field);
    bool ok = true;
    if (xs_model_require_oid(m, &seq, "algorithm", &out->oid)) {
        out->has_params = !xs_der_at_end(&seq);
        if (out->has_params) {
            ok = xs_der_get_any(&seq, NULL, NULL, &out->params);
        }
        xs_model_expect_end(m, &seq, "parameters");
    } else {
        ok = false;
    }
    xs_path_pop(m, restore);
    return ok;
}

/* Version ::= INTEGER { v1(0), v2(1), v3(2) }, as [0] EXPLICIT DEFAULT v1 */
static void parse_version(xs_model *m, xs_der *tbs)
{
    xs_der explicit_tag;
    m->version = 0;
    if (!xs_der_get(tbs, XS_TAG_CTX_CONSTRUCTED(0), &explicit_tag)) {
        return;
    }
    size_t restore = xs_path_push(m, "version");
    uint64_t v = 0;
    m->version_encoded = true;
    size_t at = explicit_tag.off;
    if (xs_der_get_uint64(&explicit_tag, &v) && v <= 2) {
        m->version = (int)v;
        if (v == 0) {
            xs_model_issue(m, XS_DER_DEFAULT_ENCODED, at);
        }
    } else {
        m->version = -1;
        xs_der skipped;
        if (!xs_der_get_integer(&explicit_tag, &skipped)) {
            xs_model_issue(m, XS_DER_UNEXPECTED_TAG, at);
        }
    }
    xs_der_expect_end(&explicit_tag);
    xs_path_pop(m, restore);
}

/* Validity ::= SEQUENCE { notBefore Time, notAfter Time }
 * Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime } */
static bool parse_time(xs_model *m, xs_der *d, const char *field, xs_time *out)
{
    int tag = xs_der_peek_tag(d);
    if (tag != XS_TAG_UTC_TIME && tag != XS_TAG_GENERALIZED_TIME) {
        return xs_model_require(m, d, XS_TAG_UTC_TIME, field, &out->value);
    }
    if (!xs_der_get(d, (uint8_t)tag, &out->value)) {
        return false;
    }
    out->present = true;
    out->tag = (uint8_t)tag;
    xs_time_decode(out);
    return true;
}

static bool parse_validity(xs_model *m, xs_der *tbs)
{
    xs_der seq;
    if (!xs_model_require(m, tbs, XS_TAG_SEQUENCE, "validity", &seq)) {
        return false;
    }
    size_t restore = xs_path_push(m, "validity");
    bool ok = parse_time(m, &seq, "notBefore", &m->not_before) &&
              parse_time(m, &seq, "notAfter", &m->not_after);
    if (ok) {
        xs_der_expect_end(&seq);
    }
    xs_path_pop(m, restore);
    return ok;
}

/* SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier,
 *                                      subjectPublicKey BIT STRING } */
static bool parse_spki(xs_model *m, xs_der *tbs)
{
    xs_der seq;
    if (!xs_model_require_element(m, tbs, XS_TAG_SEQUENCE, "subjectPublicKeyInfo", &seq,
                                  &m->spki)) {
        return false;
    }
    size_t restore = xs_path_push(m, "subjectPublicKeyInfo");
    bool ok = xs_model_parse_algid(m, &seq, "algorithm", &m->key_alg) &&
         xs_model_require_bit_string(m, &seq, "subjectPublicKey", &m->key_bits);
    if (ok) {
        xs_der_expect_end(&seq);
    }
    xs_path_pop(m, restore);
    return ok;
}

/* get_optional reads an OPTIONAL element of `tag` named `field`; *present
 * says whether it is there. One that is there but cannot be read (its length
 * overruns the TBSCertificate, or is indefinite) is not absent: it fails the
 * parse, as an unreadable required element does, instead of leaving a model
 * that seems to lack it. */
static bool get_optional(xs_model *m, xs_der *tbs, uint8_t tag, const char *field,
                         xs_der *out, bool *present)
{
    *present = xs_der_peek_tag(tbs) == tag;
    if (!*present) {
        return true;
    }
    size_t restore = xs_path_push(m, field);
    bool read = xs_der_get(tbs, tag, out);
    xs_path_pop(m, restore);
    return read;
}

/* issuerUniqueID [1] IMPLICIT UniqueIdentifier OPTIONAL,
 * subjectUniqueID [2] IMPLICIT UniqueIdentifier OPTIONAL */
static bool parse_unique_ids(xs_model *m, xs_der *tbs)
{
    xs_der skipped;
    return get_optional(m, tbs, XS_TAG_CTX_PRIMITIVE(1), "issuerUniqueID", &skipped,
                        &m->issuer_uid) &&
           get_optional(m, tbs, XS_TAG_CTX_PRIMITIVE(2), "subjectUniqueID", &skipped,
                        &m->subject_uid);
}

/* every_extension_kept: each element of the Extensions list in
 * `explicit_tag` is in m->exts. cert/ext.c reports and skips an Extension it
 * cannot read, and stops at XS_MAX_EXTENSIONS; either leaves the list
 * shorter than the encoding. The elements are counted with a cursor that
 * reports nothing: the walk of the list reported already. */
static bool every_extension_kept(const xs_model *m, xs_der explicit_tag)
{
    xs_der list, element;
    explicit_tag.sink = NULL;
    if (!xs_der_get(&explicit_tag, XS_TAG_SEQUENCE, &list)) {
        return false;
    }
    size_t count = 0;
    while (!xs_der_at_end(&list)) {
        if (!xs_der_get_any(&list, NULL, &element, NULL)) {
            return false;
        }
        count++;
    }
    return count == m->ext_count;
}

/* TBSCertificate ::= SEQUENCE { version, serialNumber, signature, issuer,
 *   validity, subject, subjectPublicKeyInfo, issuerUniqueID,
 *   subjectUniqueID, extensions [3] EXPLICIT Extensions OPTIONAL } */
static bool parse_tbs_fields(xs_model *m, xs_der *tbs)
{
    parse_version(m, tbs);
    size_t restore = xs_path_push(m, "serialNumber");
    bool ok = xs_der_get_integer(tbs, &m->serial);
    xs_path_pop(m, restore);
    ok = (ok || xs_model_require(m, tbs, XS_TAG_INTEGER, "serialNumber", &m->serial)) &&
         xs_model_parse_algid(m, tbs, "signature", &m->sig_inner) &&
         xs_model_parse_name(m, tbs, "issuer", &m->issuer) && parse_validity(m, tbs) &&
         xs_model_parse_name(m, tbs, "subject", &m->subject) && parse_spki(m, tbs);
    if (!ok) {
        return false;
    }
    xs_der explicit_tag;
    if (!parse_unique_ids(m, tbs) ||
        !get_optional(m, tbs, XS_TAG_CTX_CONSTRUCTED(3), "extensions", &explicit_tag,
                      &m->extensions_encoded)) {
        return false;
    }
    m->extensions_read = true; /* none, unless [3] is there */
    if (m->extensions_encoded) {
        xs_der list = explicit_tag;
        restore = xs_path_push(m, "extensions");
        ok = xs_model_parse_extensions(m, &explicit_tag);
        xs_path_pop(m, restore);
        m->extensions_read = ok && every_extension_kept(m, list);
    }
    xs_der_expect_end(tbs);
    return ok;
}

static bool parse_tbs(xs_model *m, xs_der *d)
{
    xs_der tbs;
    if (!xs_model_require_element(m, d, XS_TAG_SEQUENCE, "tbsCertificate", &tbs, &m->tbs)) {
        return false;
    }
    size_t restore = xs_path_push(m, "tbsCertificate");
    bool ok = parse_tbs_fields(m, &tbs);
    xs_path_pop(m, restore);
    return ok;
}

/* Certificate ::= SEQUENCE { tbsCertificate TBSCertificate,
 *   signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING } */
static bool parse_certificate(xs_model *m, xs_der *in)
{
    xs_der cert;
    if (!xs_model_require_element(m, in, XS_TAG_SEQUENCE, "certificate", &cert, &m->whole)) {
        return false;
    }
    if (!parse_tbs(m, &cert) || !xs_model_parse_algid(m, &cert, "signatureAlgorithm", &m->sig_outer)) {
        return false;
    }
    if (!xs_model_require_bit_string(m, &cert, "signatureValue", &m->signature)) {
        return false;
    }
    xs_der_expect_end(&cert);
    return true;
}

xs_status xs_model_parse(xs_model *m, const uint8_t *der, size_t len, bool tbs_only)
{
    memset(m, 0, sizeof(*m));
    m->version = -1;
    m->sink.report = sink_report;
    m->sink.ctx = m;
    m->is_tbs_only = tbs_only;
    xs_der in;
    xs_der_init(&in, der, len, &m->sink);
    m->complete = tbs_only ? parse_tbs(m, &in) : parse_certificate(m, &in);
    if (m->complete) {
        xs_der_expect_end(&in); /* bytes after the outer element */
        xs_model_decode_extensions(m);
    }
    m->extensions_read = m->extensions_read && m->complete && !m->alloc_failed;
    if (m->key_alg.oid.p != NULL) {
        xs_key_decode(m); /* the key was read, even if what follows broke */
    }
    if (tbs_only) {
        m->whole = m->tbs;
    }
    return m->alloc_failed ? XS_ERR_NOMEM : XS_OK;
}

void xs_model_cleanup(xs_model *m)
{
    xs_model_cleanup_extensions(m);
    free(m->issues);
    free(m->exts);
    free(m->issuer.attrs);
    free(m->subject.attrs);
    memset(m, 0, sizeof(*m));
}

bool xs_model_knows_ext(const xs_model *m, xs_ext_kind kind)
{
    return m->extensions_read || (m->complete && xs_model_find_ext(m, kind) != NULL);
}

const xs_ext *xs_model_find_ext(const xs_model *m, xs_ext_kind kind)
{
    for (size_t i = 0; i < m->ext_count; i++) {
        if (m->exts[i].kind == kind) {
            return &m->exts[i];
        }
    }
    return NULL;
}

bool xs_model_is_self_issued(const xs_model *m)
{
    return m->issuer.present && m->subject.present &&
           xs_der_equal(&m->issuer.whole, &m->subject.whole);
}
