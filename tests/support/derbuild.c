#include "derbuild.h"

#include <openssl/conf.h>
#include <openssl/x509v3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fail(const char *what)
{
    fprintf(stderr, "derbuild: %s\n", what);
    abort();
}

xt_bytes xt_bytes_of(const void *p, size_t n)
{
    xt_bytes d = {.n = n};
    if (n > sizeof(d.b)) {
        fail("value larger than xt_bytes holds");
    }
    if (n > 0) {
        memcpy(d.b, p, n);
    }
    return d;
}

xt_bytes xt_cat(int count, ...)
{
    xt_bytes out = {.n = 0};
    va_list ap;
    va_start(ap, count);
    for (int i = 0; i < count; i++) {
        xt_bytes part = va_arg(ap, xt_bytes);
        if (out.n + part.n > sizeof(out.b)) {
            fail("joined value larger than xt_bytes holds");
        }
        memcpy(out.b + out.n, part.b, part.n);
        out.n += part.n;
    }
    va_end(ap);
    return out;
}

xt_bytes xt_tlv(unsigned char tag, xt_bytes content)
{
    unsigned char head[4] = {tag};
    size_t h = 1;
    if (content.n < 0x80) {
        head[h++] = (unsigned char)content.n;
    } else if (content.n < 0x100) {
        head[h++] = 0x81;
        head[h++] = (unsigned char)content.n;
    } else {
        head[h++] = 0x82;
        head[h++] = (unsigned char)(content.n >> 8);
        head[h++] = (unsigned char)content.n;
    }
    return xt_cat(2, xt_bytes_of(head, h), content);
}

xt_bytes xt_text(unsigned char tag, const char *s)
{
    return xt_tlv(tag, xt_bytes_of(s, strlen(s)));
}

xt_bytes xt_oid(const char *dotted)
{
    ASN1_OBJECT *obj = OBJ_txt2obj(dotted, 1);
    unsigned char *p = NULL;
    int len = obj != NULL ? i2d_ASN1_OBJECT(obj, &p) : -1;
    if (len <= 0) {
        fail("cannot encode the OID");
    }
    xt_bytes d = xt_bytes_of(p, (size_t)len);
    OPENSSL_free(p);
    ASN1_OBJECT_free(obj);
    return d;
}

xt_bytes xt_openssl_value(int nid, const char *conf)
{
    X509V3_CTX ctx;
    CONF *db = NCONF_new(NULL); /* empty: some methods want a database */
    if (db == NULL) {
        fail("out of memory");
    }
    X509V3_set_ctx(&ctx, NULL, NULL, NULL, NULL, 0);
    X509V3_set_nconf(&ctx, db);
    X509_EXTENSION *ext = X509V3_EXT_nconf_nid(db, &ctx, nid, conf);
    if (ext == NULL) {
        fail(conf);
    }
    const ASN1_OCTET_STRING *v = X509_EXTENSION_get_data(ext);
    xt_bytes d = xt_bytes_of(ASN1_STRING_get0_data(v), (size_t)ASN1_STRING_length(v));
    X509_EXTENSION_free(ext);
    NCONF_free(db);
    return d;
}
