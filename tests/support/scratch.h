/*
 * scratch.h: scratch directories for tests that write files (unit_load,
 * unit_policy): make a fresh one, and remove it with everything below it.
 */
#ifndef XS_TEST_SCRATCH_H
#define XS_TEST_SCRATCH_H

#include <stdbool.h>
#include <stddef.h>

/* xt_make_temp_dir makes a new directory "<parent>/<prefix>.XXXXXX" and
 * writes its path to out[0..out_len). It returns false, with errno set,
 * when the path does not fit or the directory cannot be made. */
bool xt_make_temp_dir(char *out, size_t out_len, const char *parent, const char *prefix);

/* xt_remove_tree deletes `path` and, for a directory, everything below it
 * (symbolic links are removed, never followed). Returns 0, or -1 when
 * something could not be removed. */
int xt_remove_tree(const char *path);

#endif /* XS_TEST_SCRATCH_H */
