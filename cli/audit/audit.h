/*
 * audit.h: the parts of the audit command (cli/cmd_audit.c) and the state
 * they share. One file per concern:
 *
 *   options.c   the command line and the policies it names
 *   stores.c    STORE arguments into the list of files to read
 *   reader.c    one source split into members (PEM, base64 lines, DER,
 *               PKCS#7), malformed ones included; base64.c decodes
 *   input.c     the members of every source in input order, once each
 *   context.c   the CAs that intermediates and leaves are chained against
 *   batch.c     members framed into batches, judged into records
 *   workers.c   judging in this process or in worker processes, in order
 *   output.c    records to the stream or to the document (text, JSON, CBOR)
 *   progress.c  the progress line and --stats
 *   spill.c     the document's parts, held until the end
 *   bytes.c     growable buffers, cursors over received frames, whole reads
 *               and writes
 *
 * Functions that return an exit status return -1 to mean "go on".
 */
#ifndef XS_CLI_AUDIT_H
#define XS_CLI_AUDIT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "cli.h"

enum { FMT_TEXT, FMT_JSON, FMT_CBOR, FMT_JSONL, FMT_CBOR_SEQ };

#define MAX_PATHS 64

/* ------------------------------------------------------------------------ */
/* bytes.c                                                                   */

typedef struct {
    uint8_t *p;
    size_t len, cap;
} bytes;

/* bytes_reserve makes room for `extra` more bytes; out of memory ends the
 * process with EXIT_INPUT. */
void bytes_reserve(bytes *b, size_t extra);
void bytes_put(bytes *b, const void *data, size_t len);
void bytes_u8(bytes *b, uint8_t v);
void bytes_u32(bytes *b, uint32_t v);
void bytes_u64(bytes *b, uint64_t v);
/* bytes_blob writes a length (UINT32_MAX: none) and the bytes. */
void bytes_blob(bytes *b, const void *data, size_t len, bool present);
void bytes_free(bytes *b);

/* A cursor over a received frame; once a read runs past its end it is bad
 * and every later read gives nothing. */
typedef struct {
    const uint8_t *p;
    size_t len;
    bool bad;
} cursor;

const uint8_t *take(cursor *c, size_t n);
uint32_t take_u32(cursor *c);
uint64_t take_u64(cursor *c);
/* take_blob returns the bytes of a blob, or NULL (*len 0) for none. */
const uint8_t *take_blob(cursor *c, size_t *len);

/* write_all and read_all move all `len` bytes, retrying after signals. */
bool write_all(int fd, const void *data, size_t len);
bool read_all(int fd, void *data, size_t len);

/* ------------------------------------------------------------------------ */
/* base64.c                                                                  */

bool is_base64_char(uint8_t c);
/* b64_decode appends the decoded bytes to `out`; returns false for a
 * character outside the alphabet, data after padding, or a cut quantum. */
bool b64_decode(const uint8_t *in, size_t len, bytes *out);

/* ------------------------------------------------------------------------ */
/* reader.c                                                                  */

/* A member is a certificate's DER (with OpenSSL's trust settings after it
 * for AUX), the base64 body of a PEM block that the worker decodes (PEM,
 * PEM_AUX), or what could not be read (MALFORMED). */
enum { MEMBER_CERT = 0, MEMBER_AUX, MEMBER_MALFORMED, MEMBER_PEM, MEMBER_PEM_AUX };

typedef struct {
    int kind;
    const uint8_t *data; /* DER, or the member's bytes when malformed */
    size_t len;
    const char *error;   /* malformed: why */
    uint64_t offset;     /* byte offset of the member in its source */
    uint64_t line;       /* its first line (text), 0 (binary) */
    const char *key;     /* keyed line, or NULL */
} member;

enum { RD_UNKNOWN, RD_TEXT, RD_BINARY };
enum { RD_MEMBER = 1, RD_NEED_MORE = 0, RD_END = -1 };

typedef struct {
    int fd;
    const char *name;
    bool poll_first;     /* a pipe or terminal: poll before reading */
    uint8_t *buf;
    size_t cap, start, end; /* unread data: buf[start, end) */
    bool eof;
    uint64_t buf_offset;  /* source offset of buf[0] */
    uint64_t line;        /* line number of buf[start] */
    int mode;
    /* text: the PEM block being read */
    bool in_block;
    char label[64];
    uint64_t block_offset, block_line;
    bytes block_text;
    bool block_too_long;
    bool skipping_line;   /* the rest of an over-long line is ignored */
    /* binary: bytes of an oversized element still to skip */
    uint64_t skip;
    /* certificates of a PKCS#7 bundle, handed out one by one */
    xs_certs *p7;
    size_t p7_next;
    uint64_t p7_offset, p7_line;
    /* the member handed out last */
    bytes der;
    char error[300];
    char key[256];
    uint64_t skipped_blocks;
    uint64_t bytes_read;
} reader;

void reader_init(reader *r, int fd, const char *name);
void reader_cleanup(reader *r);
/* reader_fill reads more input: 1 some was read, 0 it would block, -1 end
 * of input, -2 a read error (errno). */
int reader_fill(reader *r, bool wait);
/* reader_next hands out the next member: RD_MEMBER, RD_NEED_MORE (call
 * reader_fill), or RD_END. */
int reader_next(reader *r, member *m);
/* member_der makes sure a member is DER (decoding a PEM body); false, and
 * the member malformed, when its base64 is bad. */
bool member_der(reader *r, member *m);

/* ------------------------------------------------------------------------ */
/* The run: everything one audit holds                                       */

typedef struct {
    char *path;    /* "-" for standard input */
    int group;     /* members are met once within a group (one directory argument); -1: none */
    uint64_t size; /* bytes of a regular file, else 0 */
} store_file;

/* A set of fingerprints (64 hex digits), open addressing. */
typedef struct {
    char (*slots)[65];
    size_t cap, count;
} sha_set;

typedef struct {
    uint8_t *mem;
    size_t len, cap;
    FILE *file; /* past SPILL_IN_MEMORY bytes, everything goes to a temporary file */
    uint64_t items;
    bool failed;
} spill;

typedef struct {
    pid_t pid;
    int sock;      /* a stream socket: batches to it, results from it */
    bytes outq;    /* frames not yet written */
    size_t outq_off;
    bytes inbuf;   /* bytes of frames not yet complete */
    size_t inflight;
    bool ended;    /* sent its summary */
    bool closed;
} worker;

typedef struct {
    /* options */
    const char *policy_args[XS_AUDIT_MAX_POLICIES];
    size_t npolicy_args;
    const char *compare[2];
    bool compare_mode, lint_only, stats;
    int progress; /* -1: when standard error is a terminal */
    int format;
    long jobs;
    int64_t at;
    const char *trust[MAX_PATHS], *untrusted[MAX_PATHS];
    size_t ntrust, nuntrusted;
    /* the audit */
    xs_policy *policies[XS_AUDIT_MAX_POLICIES];
    size_t npol;
    xs_auditor *auditor;
    xs_audit_summary *summary;
    int from, to; /* the two policies whose changes are listed, or -1 */
    store_file *sources;
    size_t nsources;
    char origin[600];
    bool any_stdin;
    /* reading */
    size_t cur;
    reader rd;
    bool rd_open;
    bool input_done;
    sha_set *seen; /* per group */
    size_t ngroups;
    uint64_t next_position;
    uint64_t next_seq;
    uint64_t bytes_total, bytes_done;
    uint64_t duplicates;
    /* output */
    bytes out;          /* a batch of streamed records */
    bool write_failed;
    spill records, changes;
    uint64_t emitted;
    bool stream;
    double started, last_progress;
    bool progress_shown;
    worker *workers;
    size_t nworkers;
} run;

/* ------------------------------------------------------------------------ */
/* options.c                                                                 */

/* parse_options reads the command line into R (the stores start at
 * optind); load_policies loads the policies it names, or the defaults. */
int parse_options(run *R, int argc, char **argv);
int load_policies(run *R);

/* ------------------------------------------------------------------------ */
/* stores.c                                                                  */

/* add_store adds a STORE argument's files to R->sources ("-": standard
 * input); add_default_store adds the system trust store's. */
int add_store(run *R, const char *path);
int add_default_store(run *R);

/* ------------------------------------------------------------------------ */
/* input.c                                                                   */

/* next_member: 1 a member (*m), 0 the input would block, -1 no more input,
 * -2 a read error (said on stderr). */
int next_member(run *R, member *m, bool wait);

/* ------------------------------------------------------------------------ */
/* context.c                                                                 */

/* load_context reads --trust, --untrusted (for standard input, the system
 * store by default) and the CAs of the stores given as files and
 * directories: what intermediates and leaves are chained against. */
int load_context(run *R);

/* ------------------------------------------------------------------------ */
/* batch.c                                                                   */

enum { FRAME_MEMBERS = 'M', FRAME_RESULTS = 'R', FRAME_SUMMARY = 'S', FRAME_END = 'E' };
/* A frame is a 4-byte length, then its type (one byte), then its payload. */
enum { FRAME_HEADER = 5 };

/* frame_begin starts a frame: a length (patched by frame_end), a type. */
size_t frame_begin(bytes *b, uint8_t type);
void frame_end(bytes *b, size_t at);
/* fill_batch makes one frame of members in `batch` (*count of them):
 * returns 1 when it is full, 0 when the input would block, -1 when the
 * input ended, -2 on a read error. */
int fill_batch(run *R, bytes *batch, uint32_t *count, bool wait);
/* process_batch judges the members of one frame (its payload, after the
 * type) into a results frame appended to `out`. */
bool process_batch(run *R, const uint8_t *payload, size_t len, bool color, bytes *der,
                   bytes *out);

/* ------------------------------------------------------------------------ */
/* workers.c                                                                 */

/* judge_all judges every member, in this process (jobs 1) or in `jobs`
 * worker processes, and hands the results to output.c in input order. */
int judge_all(run *R, long jobs);

/* ------------------------------------------------------------------------ */
/* output.c                                                                  */

/* handle_results writes the records of one results frame (its payload) in
 * their place: to the stream, or to the document's parts. */
bool handle_results(run *R, const uint8_t *payload, size_t len);
/* write_document writes the text, JSON or CBOR document once all is
 * judged. */
bool write_document(run *R);

/* ------------------------------------------------------------------------ */
/* progress.c                                                                */

double seconds_now(void);
/* progress redraws the progress line (at most four times a second), or
 * clears it when `final`. */
void progress(run *R, bool final);
void print_stats(const run *R);

/* ------------------------------------------------------------------------ */
/* spill.c                                                                   */

/* spill_item adds one rendered item: for JSON, one line of an array. */
void spill_item(spill *s, const uint8_t *data, size_t len, int format);
bool spill_copy(spill *s, FILE *out);
void spill_free(spill *s);

#endif /* XS_CLI_AUDIT_H */
