/*
 * load.c: certificates from bytes, files and directories. PEM is decoded
 * with OpenSSL's PEM reader; DER spans are found with our DER reader, so
 * each certificate keeps exactly the bytes that were encoded.
 */
#include <dirent.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cert/cert.h"
#include "der/der.h"
#include "util/file.h"

static bool is_certificate_block(const char *name)
{
    return strcmp(name, PEM_STRING_X509) == 0 || strcmp(name, PEM_STRING_X509_OLD) == 0 ||
           strcmp(name, PEM_STRING_X509_TRUSTED) == 0;
}

/* add_next reads the certificate at `cursor` and appends it. For a
 * TRUSTED CERTIFICATE the certificate is followed by OpenSSL's auxiliary
 * trust settings, which are kept in the X509 object (they decide trust). */
static xs_status add_next(xs_certs *list, xs_der *cursor, bool trusted_aux, unsigned flags,
                          char *err, size_t err_len)
{
    xs_der start = *cursor, whole;
    uint8_t tag;
    if (!xs_der_get_any(cursor, &tag, NULL, &whole) || tag != XS_TAG_SEQUENCE) {
        if ((flags & XS_LOAD_RAW) == 0 || xs_der_peek_tag(&start) != XS_TAG_SEQUENCE) {
            return xs_set_err(XS_ERR_PARSE, err, err_len,
                              "not a DER certificate (bad outer SEQUENCE)");
        }
        /* lint still reports what it can of a certificate cut short */
        whole = start;
        xs_der_skip_bytes(cursor, cursor->len);
    }
    xs_cert *c = NULL;
    xs_status st = xs_cert_new(&c, whole.p, whole.len, flags, err, err_len);
    if (st == XS_OK && trusted_aux && (flags & XS_LOAD_RAW) == 0) {
        const unsigned char *p = start.p;
        X509 *aux = d2i_X509_AUX(NULL, &p, (long)start.len);
        if (aux == NULL) {
            st = xs_set_err(XS_ERR_PARSE, err, err_len, "malformed trust settings");
        } else {
            X509_free(c->x509);
            c->x509 = aux;
        }
    }
    if (st == XS_OK) {
        st = xs_certs_push(list, c);
    }
    xs_cert_unref(c);
    return st;
}

static bool looks_like_der(const uint8_t *in, size_t len)
{
    xs_der cursor;
    xs_der_init(&cursor, in, len, NULL);
    return xs_der_peek_tag(&cursor) == XS_TAG_SEQUENCE;
}

static xs_status load_der(xs_certs *list, const uint8_t *in, size_t len, const char *origin,
                          unsigned flags, char *err, size_t err_len)
{
    char why[256] = "";
    xs_der cursor;
    xs_der_init(&cursor, in, len, NULL);
    for (size_t n = 1; !xs_der_at_end(&cursor); n++) {
        xs_status st = add_next(list, &cursor, false, flags, why, sizeof(why));
        if (st != XS_OK) {
            return xs_set_err(st, err, err_len, "%s: certificate %zu: %s", origin, n, why);
        }
        xs_der_skip_space(&cursor);
    }
    return XS_OK;
}

static void truncate_list(xs_certs *list, size_t count)
{
    while (list->count > count) {
        xs_cert_unref(list->items[--list->count]);
    }
}

/* pem_end_reached says whether the last PEM_read_bio_ex failure only meant
 * "no further BEGIN line". */
static bool pem_end_reached(void)
{
    unsigned long e = ERR_peek_last_error();
    return ERR_GET_LIB(e) == ERR_LIB_PEM && ERR_GET_REASON(e) == PEM_R_NO_START_LINE;
}

/* load_pem appends the certificates of every PEM certificate block; *blocks
 * counts the PEM blocks of any kind. */
static xs_status load_pem(xs_certs *list, const uint8_t *in, size_t len, const char *origin,
                          unsigned flags, size_t *blocks_out, char *err, size_t err_len)
{
    BIO *bio = BIO_new_mem_buf(in, (int)len);
    if (bio == NULL) {
        return XS_ERR_NOMEM;
    }
    xs_status st = XS_OK;
    size_t blocks = 0;
    for (;;) {
        char *name = NULL, *header = NULL;
        unsigned char *data = NULL;
        long data_len = 0;
        ERR_clear_error();
        if (!PEM_read_bio_ex(bio, &name, &header, &data, &data_len, PEM_FLAG_ONLY_B64)) {
            if (!pem_end_reached()) {
                st = xs_set_err(XS_ERR_PARSE, err, err_len,
                                "%s: PEM block %zu: truncated or malformed", origin, blocks + 1);
            }
            break;
        }
        blocks++;
        if (is_certificate_block(name)) {
            char why[256] = "";
            bool aux = strcmp(name, PEM_STRING_X509_TRUSTED) == 0;
            xs_der cursor;
            xs_der_init(&cursor, data, (size_t)data_len, NULL);
            st = add_next(list, &cursor, aux, flags, why, sizeof(why));
            if (st == XS_OK && !aux && !xs_der_at_end(&cursor)) {
                st = xs_set_err(XS_ERR_PARSE, why, sizeof(why), "%zu bytes after the certificate",
                                cursor.len);
            }
            if (st != XS_OK) {
                xs_set_err(st, err, err_len, "%s: PEM block %zu: %s", origin, blocks, why);
            }
        }
        OPENSSL_free(name);
        OPENSSL_free(header);
        OPENSSL_free(data);
        if (st != XS_OK) {
            break;
        }
    }
    ERR_clear_error();
    BIO_free(bio);
    *blocks_out = blocks;
    return st;
}

xs_status xs_certs_load(xs_certs *list, const uint8_t *in, size_t in_len, const char *origin,
                        char *err, size_t err_len)
{
    return xs_certs_load_ex(list, in, in_len, origin, 0, err, err_len);
}

xs_status xs_certs_load_ex(xs_certs *list, const uint8_t *in, size_t in_len, const char *origin,
                           unsigned flags, char *err, size_t err_len)
{
    if (list == NULL || (in == NULL && in_len > 0)) {
        return XS_ERR_INVALID_ARG;
    }
    if (in_len > XS_MAX_INPUT_BYTES || in_len > (size_t)INT32_MAX) {
        return xs_set_err(XS_ERR_LIMIT, err, err_len, "%s: input larger than %u bytes", origin,
                          XS_MAX_INPUT_BYTES);
    }
    if (in_len == 0) {
        return xs_set_err(XS_ERR_PARSE, err, err_len, "%s: empty input", origin);
    }
    size_t before = list->count, blocks = 0;
    xs_status st = load_pem(list, in, in_len, origin, flags, &blocks, err, err_len);
    if (st == XS_OK && blocks == 0 && looks_like_der(in, in_len)) {
        st = load_der(list, in, in_len, origin, flags, err, err_len);
    }
    if (st == XS_OK && list->count == before) {
        st = xs_set_err(XS_ERR_PARSE, err, err_len, "%s: no certificate found", origin);
    }
    if (st != XS_OK) {
        truncate_list(list, before);
    }
    return st;
}

static xs_status load_file(xs_certs *list, const char *path, unsigned flags, char *err,
                           size_t err_len)
{
    uint8_t *data = NULL;
    size_t len = 0;
    xs_status st = xs_read_file(path, XS_MAX_INPUT_BYTES, &data, &len, err, err_len);
    if (st == XS_OK) {
        st = xs_certs_load_ex(list, data, len, path, flags, err, err_len);
    }
    free(data);
    return st;
}

/* A directory walk keeps each certificate once: hashed directories link
 * several names to one file. The set holds fingerprints, open addressing. */
typedef struct {
    xs_certs *list;
    unsigned flags;
    char (*seen)[65];
    size_t seen_cap;  /* a power of two */
    size_t seen_count;
} dir_walk;

static size_t fingerprint_slot(const char *sha256, size_t cap)
{
    size_t h = 0;
    for (int i = 0; i < 16; i++) {
        h = h * 16 + (size_t)(sha256[i] <= '9' ? sha256[i] - '0' : sha256[i] - 'a' + 10);
    }
    return h & (cap - 1);
}

static bool seen_insert(dir_walk *w, const char *sha256);

static bool seen_grow(dir_walk *w)
{
    size_t old_cap = w->seen_cap;
    char (*old)[65] = w->seen;
    size_t cap = old_cap ? old_cap * 2 : 256;
    if ((w->seen = calloc(cap, sizeof(*w->seen))) == NULL) {
        w->seen = old;
        return false;
    }
    w->seen_cap = cap;
    w->seen_count = 0;
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i][0] != 0) {
            seen_insert(w, old[i]);
        }
    }
    free(old);
    return true;
}

/* seen_insert returns true if `sha256` was not in the set (and adds it). */
static bool seen_insert(dir_walk *w, const char *sha256)
{
    size_t i = fingerprint_slot(sha256, w->seen_cap);
    while (w->seen[i][0] != 0) {
        if (memcmp(w->seen[i], sha256, 64) == 0) {
            return false;
        }
        i = (i + 1) & (w->seen_cap - 1);
    }
    memcpy(w->seen[i], sha256, 65);
    w->seen_count++;
    return true;
}

static xs_status add_unique(dir_walk *w, const xs_certs *from)
{
    for (size_t i = 0; i < from->count; i++) {
        if ((w->seen_count + 1) * 2 > w->seen_cap && !seen_grow(w)) {
            return XS_ERR_NOMEM;
        }
        if (!seen_insert(w, from->items[i]->sha256)) {
            continue;
        }
        xs_status st = xs_certs_push(w->list, from->items[i]);
        if (st != XS_OK) {
            return st;
        }
    }
    return XS_OK;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* list_dir returns the sorted entry names of `path` (without . and ..). */
static xs_status list_dir(const char *path, char ***out, size_t *out_n, char *err, size_t err_len)
{
    DIR *dir = opendir(path);
    if (dir == NULL) {
        return xs_set_err(XS_ERR_IO, err, err_len, "%s: cannot open directory", path);
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    xs_status st = XS_OK;
    struct dirent *e;
    while (st == XS_OK && (e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **grown = realloc(names, cap * sizeof(*names));
            if (grown == NULL) {
                st = XS_ERR_NOMEM;
                break;
            }
            names = grown;
        }
        if ((names[n] = xs_strdup(e->d_name)) == NULL) {
            st = XS_ERR_NOMEM;
        } else {
            n++;
        }
    }
    closedir(dir);
    if (st == XS_OK) {
        if (n > 1) {
            qsort(names, n, sizeof(*names), compare_names);
        }
        *out = names;
        *out_n = n;
        return XS_OK;
    }
    for (size_t i = 0; i < n; i++) {
        free(names[i]);
    }
    free(names);
    return st;
}

static xs_status load_tree(dir_walk *w, const char *path, int depth, char *err, size_t err_len);

/* names_no_certificate: file names that say "not a certificate": CRLs
 * (.crl, and .rN in OpenSSL hashed directories) and keys. */
static bool names_no_certificate(const char *path)
{
    static const char *const suffixes[] = {".crl", ".key", ".csr", ".txt", ".md"};
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (dot == NULL || (slash != NULL && dot < slash)) {
        return false;
    }
    for (size_t i = 0; i < XS_ARRAY_LEN(suffixes); i++) {
        if (strcmp(dot, suffixes[i]) == 0) {
            return true;
        }
    }
    return dot[1] == 'r' && dot[2] >= '0' && dot[2] <= '9';
}

static xs_status load_dir_entry(dir_walk *w, const char *path, int depth, char *err,
                                size_t err_len)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        return XS_OK; /* a dangling link in a hashed directory is not a certificate */
    }
    if (S_ISDIR(sb.st_mode)) {
        return load_tree(w, path, depth + 1, err, err_len);
    }
    if (!S_ISREG(sb.st_mode)) {
        return XS_OK;
    }
    if (sb.st_size == 0 || names_no_certificate(path)) {
        return XS_OK;
    }
    xs_certs *found = NULL;
    uint8_t *data = NULL;
    size_t len = 0, blocks = 0;
    xs_status st = xs_certs_new(&found);
    if (st == XS_OK) {
        st = xs_read_file(path, XS_MAX_INPUT_BYTES, &data, &len, err, err_len);
    }
    if (st == XS_OK) {
        /* keys, CRLs and notes live in certificate folders too: a file with
         * PEM blocks but no certificate among them is skipped */
        st = load_pem(found, data, len, path, w->flags, &blocks, err, err_len);
        if (st == XS_OK && blocks == 0 && looks_like_der(data, len)) {
            st = load_der(found, data, len, path, w->flags, err, err_len);
        }
    }
    if (st == XS_OK) {
        st = add_unique(w, found);
    }
    free(data);
    xs_certs_free(found);
    return st;
}

static xs_status load_tree(dir_walk *w, const char *path, int depth, char *err, size_t err_len)
{
    if (depth > XS_MAX_DIR_DEPTH) {
        return xs_set_err(XS_ERR_LIMIT, err, err_len, "%s: more than %d directory levels", path,
                          XS_MAX_DIR_DEPTH);
    }
    char **names = NULL;
    size_t n = 0;
    xs_status st = list_dir(path, &names, &n, err, err_len);
    for (size_t i = 0; i < n; i++) {
        if (st == XS_OK) {
            size_t need = strlen(path) + strlen(names[i]) + 2;
            char *child = malloc(need);
            if (child == NULL) {
                st = XS_ERR_NOMEM;
            } else {
                snprintf(child, need, "%s/%s", path, names[i]);
                st = load_dir_entry(w, child, depth, err, err_len);
                free(child);
            }
        }
        free(names[i]);
    }
    free(names);
    return st;
}

xs_status xs_certs_load_path(xs_certs *list, const char *path, char *err, size_t err_len)
{
    return xs_certs_load_path_ex(list, path, 0, err, err_len);
}

xs_status xs_certs_load_path_ex(xs_certs *list, const char *path, unsigned flags, char *err,
                                size_t err_len)
{
    if (list == NULL || path == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    struct stat sb;
    if (strcmp(path, "-") != 0 && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        size_t before = list->count;
        dir_walk walk = {.list = list, .flags = flags};
        xs_status st = load_tree(&walk, path, 0, err, err_len);
        free(walk.seen);
        if (st == XS_OK && list->count == before) {
            st = xs_set_err(XS_ERR_PARSE, err, err_len, "%s: no certificate found", path);
        }
        if (st != XS_OK) {
            truncate_list(list, before);
        }
        return st;
    }
    return load_file(list, path, flags, err, err_len);
}
