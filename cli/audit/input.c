/*
 * input.c: the members of every source, in input order; a certificate met
 * again within one directory argument is counted once and skipped.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"

static size_t sha_hash(const char *sha)
{
    uint64_t h = 0;
    for (int i = 0; i < 16 && sha[i] != 0; i++) {
        h = h * 16 + (uint64_t)(sha[i] <= '9' ? sha[i] - '0' : (sha[i] | 0x20) - 'a' + 10);
    }
    return (size_t)h;
}

/* sha_set_grow doubles the table; false when there is no memory for it. */
static bool sha_set_grow(sha_set *s)
{
    size_t cap = s->cap ? s->cap * 2 : 1024;
    char(*slots)[65] = calloc(cap, sizeof(*slots));
    if (slots == NULL) {
        return false;
    }
    for (size_t i = 0; i < s->cap; i++) {
        if (s->slots[i][0] != 0) {
            size_t j = sha_hash(s->slots[i]) & (cap - 1);
            while (slots[j][0] != 0) {
                j = (j + 1) & (cap - 1);
            }
            memcpy(slots[j], s->slots[i], 65);
        }
    }
    free(s->slots);
    s->slots = slots;
    s->cap = cap;
    return true;
}

/* sha_set_insert adds `sha` and says whether it was new. */
static bool sha_set_insert(sha_set *s, const char *sha)
{
    if ((s->count + 1) * 2 > s->cap && !sha_set_grow(s)) {
        return true; /* no room to remember: keep the member */
    }
    size_t j = sha_hash(sha) & (s->cap - 1);
    for (; s->slots[j][0] != 0; j = (j + 1) & (s->cap - 1)) {
        if (memcmp(s->slots[j], sha, 64) == 0) {
            return false;
        }
    }
    memcpy(s->slots[j], sha, 64);
    s->slots[j][64] = 0;
    s->count++;
    return true;
}

/* open_source starts reading the current source; a file that cannot be
 * opened is a malformed member (*m), reported with its name. */
static int open_source(run *R, member *m)
{
    store_file *s = &R->sources[R->cur];
    int fd = strcmp(s->path, "-") == 0 ? STDIN_FILENO : open(s->path, O_RDONLY);
    if (fd < 0) {
        reader_init(&R->rd, -1, s->path);
        snprintf(R->rd.error, sizeof(R->rd.error), "cannot read %s: %s", s->path,
                 strerror(errno));
        *m = (member){MEMBER_MALFORMED, NULL, 0, R->rd.error, 0, 0, NULL};
        R->rd.eof = true;
        R->rd_open = true;
        return 1;
    }
    reader_init(&R->rd, fd, s->path);
    R->rd_open = true;
    return 0;
}

static void close_source(run *R)
{
    if (R->rd.fd > STDIN_FILENO) {
        close(R->rd.fd);
    }
    xs_audit_summary_count(R->summary, XS_AUDIT_SKIPPED_BLOCKS, R->rd.skipped_blocks);
    R->bytes_done += R->rd.bytes_read;
    reader_cleanup(&R->rd);
    R->rd_open = false;
    R->cur++;
}

/* first_time says whether a member of a directory is met for the first
 * time (by its certificate's fingerprint). */
static bool first_time(run *R, member *m)
{
    int group = R->sources[R->cur].group;
    if (group < 0 || !member_der(&R->rd, m)) {
        return true;
    }
    xs_certs *one = NULL;
    bool first = true;
    if (xs_certs_new(&one) == XS_OK &&
        xs_certs_load_ex(one, m->data, m->len, "", XS_LOAD_RAW, NULL, 0) == XS_OK &&
        xs_certs_count(one) == 1) {
        char sha[65];
        xs_certs_sha256_hex(one, 0, sha);
        first = sha_set_insert(&R->seen[group], sha);
    }
    xs_certs_free(one);
    return first;
}

/* next_member: 1 a member (*m), 0 the input would block, -1 no more input,
 * -2 a read error (said on stderr). */
int next_member(run *R, member *m, bool wait)
{
    for (;;) {
        if (!R->rd_open) {
            if (R->cur >= R->nsources) {
                return -1;
            }
            if (open_source(R, m) == 1) {
                return 1;
            }
        }
        int got = reader_next(&R->rd, m);
        if (got == RD_MEMBER) {
            if (first_time(R, m)) {
                return 1;
            }
            R->duplicates++;
            continue;
        }
        if (got == RD_END) {
            close_source(R);
            continue;
        }
        int filled = reader_fill(&R->rd, wait);
        if (filled == 0) {
            return 0;
        }
        if (filled == -2) {
            cli_fail("%s: %s", R->rd.name, strerror(errno));
            return -2;
        }
    }
}
