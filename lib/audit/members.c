/*
 * members.c: the context an auditor chains against (trust anchors, an
 * untrusted pool, the CAs among a store's members), reading one member's
 * DER, and where OpenSSL's default store lies.
 */
#include "audit/audit_internal.h"

#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool xs_audit_is_self_issued(X509 *x)
{
    return (X509_get_extension_flags(x) & EXFLAG_SI) != 0;
}

/* add_context_cert puts a CA into the chaining context: a self-issued one
 * as a trust anchor, any other into the untrusted pool. */
static xs_status add_context_cert(xs_auditor *a, xs_cert *cert, bool trusted)
{
    X509 *x = cert->x509;
    if (x == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    xs_ptrmap_slot *same = xs_ptrmap_find(&a->by_sha, xs_audit_sha_key(cert->sha256), NULL);
    const cert_info *known = same != NULL ? same->value : NULL;
    if (xs_audit_persistent_info(a, x) != NULL ||
        (known != NULL && known->cert != NULL && strcmp(known->cert->sha256, cert->sha256) == 0)) {
        return XS_OK; /* met before */
    }
    if (trusted) {
        if (!X509_STORE_add_cert(a->store, x)) {
            ERR_clear_error();
            return XS_ERR_CRYPTO;
        }
    } else {
        if ((size_t)sk_X509_num(a->pool) + 1 >= XS_MAX_UNTRUSTED) {
            return XS_ERR_LIMIT;
        }
        if (!X509_up_ref(x)) {
            return XS_ERR_CRYPTO;
        }
        if (!sk_X509_push(a->pool, x)) {
            X509_free(x);
            return XS_ERR_NOMEM;
        }
    }
    return xs_audit_add_persistent(a, x, cert) != NULL ? XS_OK : XS_ERR_NOMEM;
}

xs_status xs_auditor_add_trust(xs_auditor *a, const xs_certs *anchors)
{
    if (a == NULL || anchors == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    for (size_t i = 0; i < anchors->count; i++) {
        xs_status st = add_context_cert(a, anchors->items[i], true);
        if (st != XS_OK) {
            return st;
        }
    }
    return XS_OK;
}

xs_status xs_auditor_add_untrusted(xs_auditor *a, const xs_certs *pool)
{
    if (a == NULL || pool == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    for (size_t i = 0; i < pool->count; i++) {
        xs_status st = add_context_cert(a, pool->items[i], false);
        if (st != XS_OK) {
            return st;
        }
    }
    return XS_OK;
}

/* use_default_trust: the system store as OpenSSL's default file gives it,
 * loaded once; only when that file holds nothing, OpenSSL's default
 * directories, searched at each lookup (a stream of leaves whose issuers
 * are not there would otherwise cost a directory search per leaf). */
xs_status xs_auditor_use_default_trust(xs_auditor *a)
{
    if (a == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    char file[4096], dirs[4096];
    xs_audit_default_store(file, sizeof(file), dirs, sizeof(dirs));
    int before = sk_X509_OBJECT_num(X509_STORE_get0_objects(a->store));
    int ok = X509_STORE_load_file(a->store, file);
    if (!ok || sk_X509_OBJECT_num(X509_STORE_get0_objects(a->store)) == before) {
        ok = X509_STORE_set_default_paths(a->store);
    }
    ERR_clear_error(); /* a missing default file or directory is not fatal */
    return ok ? XS_OK : XS_ERR_CRYPTO;
}

/* may_be_ca reads just enough of a certificate's DER to say whether OpenSSL
 * could take it for a CA (X509_check_ca), or build a chain through it:
 * basicConstraints with cA, or, without basicConstraints, a keyUsage, a
 * Netscape certificate type, or version 1. Unreadable DER is not a CA. */
static bool may_be_ca(const uint8_t *der, size_t len)
{
    static const uint8_t ns_cert_type[] = {0x60, 0x86, 0x48, 0x01, 0x86, 0xf8, 0x42, 0x01, 0x01};
    static const uint8_t oid_bc[] = {0x55, 0x1d, 0x13};
    static const uint8_t oid_ku[] = {0x55, 0x1d, 0x0f};
    xs_der cur, cert, tbs, exts, list, ext, oid, value, bc;
    uint64_t version = 0;
    xs_der_init(&cur, der, len, NULL);
    if (!xs_der_get(&cur, XS_TAG_SEQUENCE, &cert) || !xs_der_get(&cert, XS_TAG_SEQUENCE, &tbs)) {
        return false;
    }
    xs_der v;
    if (xs_der_get(&tbs, XS_TAG_CTX_CONSTRUCTED(0), &v) && !xs_der_get_uint64(&v, &version)) {
        return false;
    }
    for (int field = 0; field < 5; field++) { /* serial .. subject */
        if (!xs_der_skip(&tbs)) {
            return false;
        }
    }
    bool has_bc = false, ca = false, hint = false;
    while (!xs_der_at_end(&tbs)) {
        if (!xs_der_get(&tbs, XS_TAG_CTX_CONSTRUCTED(3), &exts)) {
            if (!xs_der_skip(&tbs)) {
                break;
            }
            continue;
        }
        if (!xs_der_get(&exts, XS_TAG_SEQUENCE, &list)) {
            break;
        }
        while (xs_der_get(&list, XS_TAG_SEQUENCE, &ext)) {
            bool critical;
            if (!xs_der_get_oid(&ext, &oid)) {
                break;
            }
            if (xs_der_peek_tag(&ext) == XS_TAG_BOOLEAN) {
                xs_der_get_bool(&ext, &critical);
            }
            if (!xs_der_get_octet_string(&ext, &value)) {
                break;
            }
            if (xs_der_oid_is(&oid, oid_bc, sizeof(oid_bc))) {
                has_bc = true;
                if (xs_der_get(&value, XS_TAG_SEQUENCE, &bc) &&
                    xs_der_peek_tag(&bc) == XS_TAG_BOOLEAN) {
                    xs_der_get_bool(&bc, &ca);
                }
            } else if (xs_der_oid_is(&oid, oid_ku, sizeof(oid_ku)) ||
                       xs_der_oid_is(&oid, ns_cert_type, sizeof(ns_cert_type))) {
                hint = true;
            }
        }
    }
    if (has_bc) {
        return ca;
    }
    return hint || version == 0;
}

xs_status xs_auditor_add_store_member(xs_auditor *a, const uint8_t *der, size_t der_len,
                                      unsigned flags, bool *added)
{
    if (added != NULL) {
        *added = false;
    }
    if (a == NULL || der == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    if ((a->flags & XS_AUDIT_LINT_ONLY) || !may_be_ca(der, der_len)) {
        return XS_OK;
    }
    xs_cert *cert = NULL;
    if (xs_audit_load_member(a, der, der_len, flags, &cert, NULL, 0) != XS_OK) {
        return XS_OK; /* not for OpenSSL: its own record says so */
    }
    xs_status st = XS_OK;
    /* a v1 certificate cannot say it is a CA, and OpenSSL builds chains
     * through v1 intermediates (and then judges them) */
    bool ca = X509_check_ca(cert->x509) != 0;
    bool v1 = X509_get_version(cert->x509) == X509_VERSION_1;
    if (ca || v1) {
        st = add_context_cert(a, cert, ca && xs_audit_is_self_issued(cert->x509));
        if (st == XS_ERR_LIMIT && !ca) {
            st = XS_OK; /* a v1 certificate only might be an issuer: no room, no harm */
        } else if (st == XS_OK && added != NULL) {
            *added = true;
        }
    }
    xs_cert_unref(cert);
    return st;
}

/* load_member makes the certificate of one member's DER: OpenSSL's parse
 * unless the audit lints only; with `aux`, OpenSSL's trust settings that
 * follow it. */
xs_status xs_audit_load_member(const xs_auditor *a, const uint8_t *der, size_t len, unsigned flags,
                             xs_cert **out, char *err, size_t err_len)
{
    xs_der cur, whole;
    xs_der_init(&cur, der, len, NULL);
    uint8_t tag = 0;
    bool raw = (a->flags & XS_AUDIT_LINT_ONLY) != 0;
    if (!xs_der_get_any(&cur, &tag, NULL, &whole) || tag != XS_TAG_SEQUENCE) {
        if (!raw || len == 0 || der[0] != XS_TAG_SEQUENCE) {
            return xs_set_err(XS_ERR_PARSE, err, err_len,
                              "not a DER certificate (bad outer SEQUENCE)");
        }
        /* a lint still reports what it can of a certificate cut short */
        xs_der_init(&whole, der, len, NULL);
        xs_der_skip_bytes(&cur, cur.len);
    }
    bool aux = (flags & XS_AUDIT_TRUSTED_AUX) != 0;
    if (!aux && !xs_der_at_end(&cur)) {
        return xs_set_err(XS_ERR_PARSE, err, err_len, "%zu bytes after the certificate", cur.len);
    }
    /* the bytes and their fingerprint; OpenSSL's parse is made here, without
     * the printed names xs_cert_new would add (reports print the model's) */
    xs_status st = xs_cert_new(out, whole.p, whole.len, XS_LOAD_RAW, err, err_len);
    if (st == XS_OK && !raw && !aux) {
        const unsigned char *p = (*out)->der;
        (*out)->x509 = d2i_X509(NULL, &p, (long)(*out)->der_len);
        if ((*out)->x509 == NULL || (size_t)(p - (*out)->der) != (*out)->der_len) {
            xs_cert_unref(*out);
            *out = NULL;
            st = xs_set_err(XS_ERR_PARSE, err, err_len, "not a certificate OpenSSL can parse");
        }
    }
    if (st == XS_OK && aux && !raw) {
        const unsigned char *p = der;
        X509 *with_aux = d2i_X509_AUX(NULL, &p, (long)len);
        if (with_aux == NULL) {
            xs_cert_unref(*out);
            *out = NULL;
            st = xs_set_err(XS_ERR_PARSE, err, err_len,
                            "not a certificate OpenSSL can parse, or malformed trust settings");
        } else {
            (*out)->x509 = with_aux;
        }
    }
    ERR_clear_error();
    return st;
}

void xs_audit_default_store(char *file, size_t file_len, char *dirs, size_t dirs_len)
{
    const char *f = getenv(X509_get_default_cert_file_env());
    const char *d = getenv(X509_get_default_cert_dir_env());
    if (file != NULL && file_len > 0) {
        snprintf(file, file_len, "%s", f != NULL && f[0] ? f : X509_get_default_cert_file());
    }
    if (dirs != NULL && dirs_len > 0) {
        snprintf(dirs, dirs_len, "%s", d != NULL && d[0] ? d : X509_get_default_cert_dir());
    }
}
