/*
 * replay.c: a main() for the fuzz harnesses where libFuzzer is not linked,
 * so that any compiler builds them and every test run replays the seed
 * corpus and every past crash.
 *
 *   fuzz_<name>_replay [--mutate N] [--quiet] PATH...
 *
 * Each PATH is a file or a directory (its regular files, recursively, in
 * name order). Files named README*, *.md, *.expect and dot-files are not
 * inputs. Each input goes through LLVMFuzzerTestOneInput once, exactly as
 * libFuzzer would pass it; a property the harness asserts aborts the run.
 *
 * Expected outcomes. A regression input NAME may sit beside NAME.expect,
 * whose first word says what replaying it does:
 *   ok          the default (no .expect needed): the harness returns
 *   crash       a known, unfixed bug: the input must still crash (abort,
 *               signal or sanitizer report) in any build
 *   crash-sanitizer  a known memory or UB bug that only a sanitizer build
 *               detects: it must crash there; elsewhere it is not run,
 *               since undefined behaviour may do anything
 * An input expected to crash runs in a child process. When it stops
 * crashing the replay fails and says so: the bug was fixed, so change its
 * .expect to ok (or delete it) and keep the input as a regression test.
 *
 * --mutate N also runs N rounds of the harness's custom mutator (when it
 * has one) on each input that is expected to pass, feeding every mutant to
 * the harness: a cheap, deterministic fuzzing pass that tests the mutator.
 * --save PATH writes each mutant to PATH before it runs, so the one that
 * fails is there afterwards. Inputs are replayed strictly (a known bug's
 * input crashes); mutants tolerantly (fuzz_tolerate: a mutant that meets a
 * bug already filed does not fail the run).
 *
 * Prints "replay: R inputs ran, K known bugs still crash, M mutants" and
 * exits 0, or 1 when an input did not do what was expected.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz_util.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define REPLAY_SANITIZED 1
#endif
#endif
#if !defined(REPLAY_SANITIZED) && defined(__SANITIZE_ADDRESS__)
#define REPLAY_SANITIZED 1
#endif
#ifndef REPLAY_SANITIZED
#define REPLAY_SANITIZED 0
#endif

/* Optional hooks: defined by the harnesses that have them. */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);
__attribute__((weak)) size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size,
                                                     size_t max_size, unsigned int seed);

#define MUTANT_MAX (64u * 1024u)

/* ---- LLVMFuzzerMutate for replay builds ----------------------------------- */

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint64_t rng(void)
{
    /* xorshift64*: deterministic, so the --mutate pass is reproducible */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717u;
}

/* libFuzzer's own mutator is not here; this stand-in flips, inserts and
 * erases bytes, which is all the custom mutators ask of it. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size)
{
    switch (rng() % 4) {
    case 0:
        if (size > 0) {
            data[rng() % size] ^= (uint8_t)(1u << (rng() % 8));
        }
        break;
    case 1:
        if (size > 0) {
            data[rng() % size] = (uint8_t)rng();
        }
        break;
    case 2:
        if (size < max_size) {
            size_t at = size > 0 ? rng() % (size + 1) : 0;
            memmove(data + at + 1, data + at, size - at);
            data[at] = (uint8_t)rng();
            size++;
        }
        break;
    default:
        if (size > 1) {
            size_t at = rng() % size;
            memmove(data + at, data + at + 1, size - at - 1);
            size--;
        }
        break;
    }
    return size;
}

/* ---- inputs ---------------------------------------------------------------- */

typedef enum { EXPECT_OK, EXPECT_CRASH, EXPECT_CRASH_SANITIZER } expectation;

typedef struct {
    size_t ran;
    size_t known_bugs;
    size_t skipped;
    size_t mutants;
    size_t failures;
    unsigned long mutate_rounds;
    bool quiet;
    const char *save; /* --save PATH: each mutant is written there before it runs */
} replay_state;

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool is_input_name(const char *base)
{
    return base[0] != '.' && strncmp(base, "README", 6) != 0 && !ends_with(base, ".md") &&
           !ends_with(base, ".expect");
}

static uint8_t *read_all(const char *path, size_t *out_len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    while (buf != NULL) {
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (len < cap) {
            break;
        }
        uint8_t *grown = realloc(buf, cap * 2);
        if (grown == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = grown;
        cap *= 2;
    }
    bool failed = ferror(f) != 0;
    fclose(f);
    if (failed) {
        free(buf);
        return NULL;
    }
    *out_len = len;
    return buf;
}

static expectation expectation_of(const char *path)
{
    char name[4096];
    snprintf(name, sizeof(name), "%s.expect", path);
    FILE *f = fopen(name, "r");
    if (f == NULL) {
        return EXPECT_OK;
    }
    char word[64] = "";
    if (fscanf(f, "%63s", word) != 1) {
        word[0] = 0;
    }
    fclose(f);
    if (strcmp(word, "crash") == 0) {
        return EXPECT_CRASH;
    }
    if (strcmp(word, "crash-sanitizer") == 0) {
        return EXPECT_CRASH_SANITIZER;
    }
    if (strcmp(word, "ok") != 0) {
        fprintf(stderr, "replay: %s: unknown expectation '%s' (ok|crash|crash-sanitizer)\n",
                name, word);
        exit(1);
    }
    return EXPECT_OK;
}

/* run_mutants feeds `rounds` mutants of the input to the harness. */
static void run_mutants(replay_state *st, const uint8_t *data, size_t len)
{
    if (LLVMFuzzerCustomMutator == NULL || st->mutate_rounds == 0 || len > MUTANT_MAX) {
        return;
    }
    uint8_t *buf = malloc(MUTANT_MAX);
    if (buf == NULL) {
        return;
    }
    memcpy(buf, data, len);
    size_t size = len;
    fuzz_set_tolerate(true); /* mutants may meet bugs already filed */
    for (unsigned long i = 0; i < st->mutate_rounds; i++) {
        size = LLVMFuzzerCustomMutator(buf, size, MUTANT_MAX, (unsigned int)rng());
        if (size > MUTANT_MAX) {
            fprintf(stderr, "replay: the custom mutator returned %zu bytes (max %u)\n", size,
                    MUTANT_MAX);
            abort();
        }
        if (st->save != NULL) {
            FILE *f = fopen(st->save, "wb");
            if (f != NULL) {
                fwrite(buf, 1, size, f);
                fclose(f);
            }
        }
        LLVMFuzzerTestOneInput(buf, size);
        st->mutants++;
        if (i % 8 == 7) {
            /* start again from the input now and then, so mutants stay near it */
            memcpy(buf, data, len);
            size = len;
        }
    }
    fuzz_set_tolerate(false);
    free(buf);
}

/* run_child replays an input expected to crash in a child process and
 * returns whether it crashed. */
static bool crashes_in_child(const uint8_t *data, size_t len)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        perror("replay: fork");
        exit(1);
    }
    if (pid == 0) {
        /* the crash is expected: keep its report short */
        if (freopen("/dev/null", "w", stderr) == NULL) {
            _exit(3);
        }
        LLVMFuzzerTestOneInput(data, len);
        _exit(0);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            perror("replay: waitpid");
            exit(1);
        }
    }
    return WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0);
}

static void run_file(replay_state *st, const char *path)
{
    expectation want = expectation_of(path);
    if (want == EXPECT_CRASH_SANITIZER && !REPLAY_SANITIZED) {
        if (!st->quiet) {
            printf("replay: %s: skipped (a known bug only a sanitizer build detects)\n", path);
        }
        st->skipped++;
        return;
    }
    size_t len = 0;
    uint8_t *data = read_all(path, &len);
    if (data == NULL) {
        fprintf(stderr, "replay: %s: cannot read\n", path);
        st->failures++;
        return;
    }
    if (!st->quiet) {
        printf("replay: %s (%zu bytes)\n", path, len);
        fflush(stdout);
    }
    if (want == EXPECT_OK) {
        LLVMFuzzerTestOneInput(data, len);
        run_mutants(st, data, len);
        st->ran++;
    } else if (crashes_in_child(data, len)) {
        printf("replay: %s: known bug, still crashes (see %s.expect)\n", path, path);
        st->known_bugs++;
        st->ran++;
    } else {
        fprintf(stderr,
                "replay: %s no longer crashes: the bug is fixed; change %s.expect to ok "
                "(keep the input as a regression test)\n",
                path, path);
        st->failures++;
    }
    free(data);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_path(replay_state *st, const char *path, int depth)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        st->failures++;
        return;
    }
    if (!S_ISDIR(sb.st_mode)) {
        run_file(st, path);
        return;
    }
    if (depth > 8) {
        return;
    }
    DIR *dir = opendir(path);
    if (dir == NULL) {
        fprintf(stderr, "replay: %s: cannot open\n", path);
        st->failures++;
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (!is_input_name(e->d_name)) {
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
        size_t need = strlen(path) + strlen(e->d_name) + 2;
        if ((names[n] = malloc(need)) == NULL) {
            break;
        }
        snprintf(names[n], need, "%s/%s", path, e->d_name);
        n++;
    }
    closedir(dir);
    if (n > 1) {
        qsort(names, n, sizeof(*names), compare_names);
    }
    for (size_t i = 0; i < n; i++) {
        run_path(st, names[i], depth + 1);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    replay_state st = {0};
    int first = 1;
    while (first < argc && strncmp(argv[first], "--", 2) == 0) {
        if (strcmp(argv[first], "--mutate") == 0 && first + 1 < argc) {
            st.mutate_rounds = strtoul(argv[first + 1], NULL, 10);
            first += 2;
        } else if (strcmp(argv[first], "--save") == 0 && first + 1 < argc) {
            st.save = argv[first + 1];
            first += 2;
        } else if (strcmp(argv[first], "--quiet") == 0) {
            st.quiet = true;
            first++;
        } else {
            fprintf(stderr, "usage: %s [--mutate N [--save PATH]] [--quiet] PATH...\n", argv[0]);
            return 2;
        }
    }
    if (LLVMFuzzerInitialize != NULL) {
        LLVMFuzzerInitialize(&argc, &argv);
    }
    fuzz_set_tolerate(false); /* seeds and regressions: known bugs must still crash */
    for (int i = first; i < argc; i++) {
        run_path(&st, argv[i], 0);
    }
    printf("replay: %zu inputs ran, %zu known bugs still crash, %zu skipped, %zu mutants%s\n",
           st.ran, st.known_bugs, st.skipped, st.mutants, st.failures ? ", FAILED" : "");
    return st.failures ? 1 : 0;
}
