/*
 * stores.c: STORE arguments into the list of files to read: a file, standard
 * input, or every file below a directory; by default the system trust store.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"

/* no_certificate_name: files of a certificate folder that say by their
 * name that they hold none (as the library's directory loader skips them):
 * CRLs (.crl, and .rN in hashed directories), keys, requests, notes. */
static bool no_certificate_name(const char *path)
{
    static const char *const suffixes[] = {".crl", ".key", ".csr", ".txt", ".md"};
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (dot == NULL || (slash != NULL && dot < slash)) {
        return false;
    }
    for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
        if (strcmp(dot, suffixes[i]) == 0) {
            return true;
        }
    }
    return dot[1] == 'r' && dot[2] >= '0' && dot[2] <= '9';
}

static int add_source(run *R, const char *path, int group, uint64_t size)
{
    store_file *s = realloc(R->sources, (R->nsources + 1) * sizeof(*s));
    if (s == NULL || (s[R->nsources].path = strdup(path)) == NULL) {
        R->sources = s != NULL ? s : R->sources;
        return cli_fail("out of memory");
    }
    R->sources = s;
    s[R->nsources].group = group;
    s[R->nsources].size = size;
    R->nsources++;
    R->bytes_total += size;
    return -1;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* add_dir adds every file below `dir`, in name order, each (device, inode)
 * once: an OpenSSL hashed directory links several names to one file. */
static int add_dir(run *R, const char *dir, int group, int depth, dev_t *devs, ino_t *inos,
                   size_t *nids, size_t cap_ids)
{
    if (depth > XS_MAX_DIR_DEPTH) {
        return cli_fail("%s: more than %d directory levels", dir, XS_MAX_DIR_DEPTH);
    }
    DIR *d = opendir(dir);
    if (d == NULL) {
        return cli_fail("%s: cannot open directory: %s", dir, strerror(errno));
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' && (e->d_name[1] == 0 || strcmp(e->d_name, "..") == 0)) {
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **grown = realloc(names, cap * sizeof(*names));
            if (grown == NULL) {
                break;
            }
            names = grown;
        }
        if ((names[n] = strdup(e->d_name)) != NULL) {
            n++;
        }
    }
    closedir(d);
    if (n > 1) {
        qsort(names, n, sizeof(*names), compare_names);
    }
    int status = -1;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        struct stat sb;
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        free(names[i]);
        if (status >= 0 || stat(path, &sb) != 0) {
            continue; /* a dangling link of a hashed directory is no certificate */
        }
        if (S_ISDIR(sb.st_mode)) {
            status = add_dir(R, path, group, depth + 1, devs, inos, nids, cap_ids);
            continue;
        }
        if (!S_ISREG(sb.st_mode) || sb.st_size == 0 || no_certificate_name(path)) {
            continue;
        }
        bool seen = false;
        for (size_t k = 0; k < *nids && !seen; k++) {
            seen = devs[k] == sb.st_dev && inos[k] == sb.st_ino;
        }
        if (seen) {
            continue;
        }
        if (*nids < cap_ids) {
            devs[*nids] = sb.st_dev;
            inos[(*nids)++] = sb.st_ino;
        }
        status = add_source(R, path, group, (uint64_t)sb.st_size);
    }
    free(names);
    return status;
}

int add_store(run *R, const char *path)
{
    struct stat sb;
    if (strcmp(path, "-") == 0) {
        R->any_stdin = true;
        return add_source(R, "-", -1, 0);
    }
    if (stat(path, &sb) != 0) {
        return cli_fail("%s: %s", path, strerror(errno));
    }
    if (!S_ISDIR(sb.st_mode)) {
        if (access(path, R_OK) != 0) {
            return cli_fail("%s: %s", path, strerror(errno));
        }
        return add_source(R, path, -1, S_ISREG(sb.st_mode) ? (uint64_t)sb.st_size : 0);
    }
    int group = (int)R->ngroups++;
    sha_set *seen = realloc(R->seen, R->ngroups * sizeof(*seen));
    if (seen == NULL) {
        return cli_fail("out of memory");
    }
    R->seen = seen;
    memset(&R->seen[group], 0, sizeof(R->seen[group]));
    size_t cap_ids = 1u << 16, nids = 0;
    dev_t *devs = calloc(cap_ids, sizeof(*devs));
    ino_t *inos = calloc(cap_ids, sizeof(*inos));
    size_t before = R->nsources;
    int status = devs != NULL && inos != NULL
                     ? add_dir(R, path, group, 0, devs, inos, &nids, cap_ids)
                     : cli_fail("out of memory");
    free(devs);
    free(inos);
    if (status < 0 && R->nsources == before) {
        return cli_fail("%s: no certificate found", path);
    }
    return status;
}

/* add_default_store adds the system trust store: OpenSSL's default file,
 * or, when it holds nothing, its default directories. */
int add_default_store(run *R)
{
    char file[4096], dirs[4096];
    struct stat sb;
    xs_audit_default_store(file, sizeof(file), dirs, sizeof(dirs));
    if (stat(file, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0) {
        snprintf(R->origin, sizeof(R->origin), "%.500s", file);
        return add_store(R, file);
    }
    int status = -1;
    for (char *save = NULL, *dir = strtok_r(dirs, ":", &save); dir != NULL && status < 0;
         dir = strtok_r(NULL, ":", &save)) {
        if (stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode)) {
            snprintf(R->origin, sizeof(R->origin), "%.500s", dir);
            status = add_store(R, dir);
        }
    }
    if (R->nsources == 0 && status < 0) {
        return cli_fail("audit: no system trust store: %s holds no certificate and %s does not "
                        "exist",
                        file, dirs);
    }
    return status;
}
