/*
 * trust.c: where OpenSSL looks for the system trust store.
 */
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chain/chain.h"

static const char *env_or(const char *env_name, const char *fallback)
{
    const char *v = getenv(env_name);
    return v != NULL && *v != 0 ? v : fallback;
}

static bool exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* load_dirs loads every existing directory of a colon-separated list, as
 * SSL_CERT_DIR may hold several, like PATH. */
static xs_status load_dirs(xs_certs *certs, const char *dirs, bool *any, char *err, size_t err_len)
{
    char list[4096];
    snprintf(list, sizeof(list), "%s", dirs);
    xs_status st = XS_OK;
    char *save = NULL;
    for (char *d = strtok_r(list, ":", &save); d != NULL && st == XS_OK;
         d = strtok_r(NULL, ":", &save)) {
        if (exists(d)) {
            st = xs_certs_load_path(certs, d, err, err_len);
            *any = true;
        }
    }
    return st;
}

xs_status xs_certs_load_default_store(xs_certs *certs, char *origin, size_t origin_len, char *err,
                                      size_t err_len)
{
    if (certs == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    const char *file = env_or(X509_get_default_cert_file_env(), X509_get_default_cert_file());
    const char *dir = env_or(X509_get_default_cert_dir_env(), X509_get_default_cert_dir());
    size_t before = xs_certs_count(certs);
    if (exists(file) && xs_certs_load_path(certs, file, NULL, 0) == XS_OK &&
        xs_certs_count(certs) > before) {
        xs_set_err(XS_OK, origin, origin_len, "%s", file);
        return XS_OK;
    }
    bool any = false;
    xs_status st = load_dirs(certs, dir, &any, err, err_len);
    if (st == XS_OK && !any) {
        return xs_set_err(XS_ERR_IO, err, err_len,
                          "no system trust store: %s holds no certificate and %s does not exist",
                          file, dir);
    }
    if (st == XS_OK) {
        xs_set_err(XS_OK, origin, origin_len, "%s", dir);
    }
    return st;
}
