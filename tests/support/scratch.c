#include "scratch.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHILD_PATH_CHARS 4096

bool xt_make_temp_dir(char *out, size_t out_len, const char *parent, const char *prefix)
{
    int n = snprintf(out, out_len, "%s/%s.XXXXXX", parent, prefix);
    if (n < 0 || (size_t)n >= out_len) {
        errno = ENAMETOOLONG;
        return false;
    }
    return mkdtemp(out) != NULL;
}

static int remove_entries(const char *dir_path)
{
    DIR *dir = opendir(dir_path);
    if (dir == NULL) {
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        char child[CHILD_PATH_CHARS];
        int n = snprintf(child, sizeof(child), "%s/%s", dir_path, e->d_name);
        rc |= n > 0 && (size_t)n < sizeof(child) ? xt_remove_tree(child) : -1;
    }
    closedir(dir);
    return rc;
}

int xt_remove_tree(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0) {
        return -1;
    }
    if (S_ISDIR(sb.st_mode)) {
        int rc = remove_entries(path);
        return rmdir(path) == 0 ? rc : -1;
    }
    return unlink(path);
}
