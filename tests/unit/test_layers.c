/*
 * test_layers.c: the library's folders are layers (lib/CMakeLists.txt):
 *   util -> der -> cert -> rules -> policy -> chain -> report -> audit
 * A file may include its own folder's headers and those of lower folders,
 * never a higher one's; and every folder of lib/ (but include/) is a layer,
 * so a new folder must be given its place here and in lib/CMakeLists.txt.
 */
#include <check.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef XS_SOURCE_DIR
#error "XS_SOURCE_DIR must name the source tree"
#endif

static const char *const LAYERS[] = {"util", "der",   "cert",   "rules",
                                     "policy", "chain", "report", "audit"};
#define NLAYERS (sizeof(LAYERS) / sizeof(LAYERS[0]))

/* layer_of is the rank of folder `name` (n bytes), or -1. */
static int layer_of(const char *name, size_t n)
{
    for (size_t i = 0; i < NLAYERS; i++) {
        if (strlen(LAYERS[i]) == n && strncmp(LAYERS[i], name, n) == 0) {
            return (int)i;
        }
    }
    return -1;
}

static bool is_source(const char *name)
{
    size_t n = strlen(name);
    return n > 2 && name[n - 2] == '.' && (name[n - 1] == 'c' || name[n - 1] == 'h');
}

/* check_file counts (and prints) every `#include "folder/..."` of a
 * folder above `rank` or of no layer at all; *seen counts the includes of
 * a folder it read. */
static size_t check_file(const char *path, int rank, size_t *seen)
{
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot read %s", path);
    char line[1024];
    size_t wrong = 0;
    while (fgets(line, sizeof(line), f) != NULL) {
        const char *p = line;
        while (*p == ' ' || *p == '\t') {
            p++;
        }
        if (strncmp(p, "#include \"", 10) != 0) {
            continue;
        }
        const char *name = p + 10;
        const char *slash = strchr(name, '/');
        const char *quote = strchr(name, '"');
        if (slash == NULL || (quote != NULL && quote < slash)) {
            continue; /* "internal.h", "x509strict.h": shared by every layer */
        }
        int included = layer_of(name, (size_t)(slash - name));
        if (included < 0 || included > rank) {
            fprintf(stderr, "%s (layer %s) includes %.*s, %s\n", path, LAYERS[rank],
                    (int)(slash - name), name, included < 0 ? "no layer" : "a layer above it");
            wrong++;
        }
        (*seen)++;
    }
    fclose(f);
    return wrong;
}

START_TEST(no_file_includes_a_layer_above_its_own)
{
    size_t files = 0, includes = 0, wrong = 0;
    for (size_t i = 0; i < NLAYERS; i++) {
        char dir[4096];
        snprintf(dir, sizeof(dir), "%s/lib/%s", XS_SOURCE_DIR, LAYERS[i]);
        DIR *d = opendir(dir);
        ck_assert_msg(d != NULL, "layer folder %s is missing", dir);
        for (struct dirent *e = readdir(d); e != NULL; e = readdir(d)) {
            if (is_source(e->d_name)) {
                char path[8192];
                snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
                wrong += check_file(path, (int)i, &includes);
                files++;
            }
        }
        closedir(d);
    }
    ck_assert_uint_eq(wrong, 0);
    ck_assert_uint_gt(files, 50);
    ck_assert_uint_gt(includes, 100);
}
END_TEST

START_TEST(every_folder_of_lib_is_a_layer)
{
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/lib", XS_SOURCE_DIR);
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    size_t folders = 0;
    for (struct dirent *e = readdir(d); e != NULL; e = readdir(d)) {
        char path[8192];
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        DIR *sub = e->d_name[0] != '.' ? opendir(path) : NULL;
        if (sub == NULL) {
            continue;
        }
        closedir(sub);
        if (strcmp(e->d_name, "include") != 0) {
            ck_assert_msg(layer_of(e->d_name, strlen(e->d_name)) >= 0,
                          "lib/%s is not one of the layers", e->d_name);
            folders++;
        }
    }
    closedir(d);
    ck_assert_uint_eq(folders, NLAYERS);
}
END_TEST

/* The check itself: a higher include in a file of a lower layer fails. */
START_TEST(an_include_from_above_is_caught)
{
    char path[] = "/tmp/xs_layers_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    ck_assert_ptr_nonnull(f);
    fputs("#include \"internal.h\"\n#include \"util/buf.h\"\n", f);
    fclose(f);
    size_t seen = 0;
    ck_assert_uint_eq(check_file(path, 0, &seen), 0); /* util may include util */
    ck_assert_uint_eq(seen, 1);
    f = fopen(path, "a");
    ck_assert_ptr_nonnull(f);
    fputs("#include \"audit/audit_internal.h\"\n#include \"nowhere/x.h\"\n", f);
    fclose(f);
    ck_assert_uint_eq(check_file(path, 0, &seen), 2);
    ck_assert_uint_eq(check_file(path, 7, &seen), 1); /* audit may include util and audit */
    remove(path);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("layers");
    TCase *tc = tcase_create("includes");
    tcase_add_test(tc, no_file_includes_a_layer_above_its_own);
    tcase_add_test(tc, every_folder_of_lib_is_a_layer);
    suite_add_tcase(s, tc);
    tcase_add_test(tc, an_include_from_above_is_caught);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
