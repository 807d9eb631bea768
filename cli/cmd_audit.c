/*
 * x509strict audit: every certificate of whole stores judged under several
 * policies at once, the way a TLS client meets each of them; first the list
 * that matters (what passes plain OpenSSL but breaks under Python 3.13),
 * then a summary per policy and per mnemonic, then every certificate.
 *
 * Implementation notes.
 *  - Input is read member by member (a PEM block, a one-line base64
 *    certificate, a DER element), never whole, so a stream of any length
 *    runs in a bounded window of batches.
 *  - With chains (not --lint-only), stores given as files and directories
 *    are read twice: first for their CAs, which become the context that
 *    intermediates and leaves are chained against, then to judge them all.
 *    A stream on standard input cannot be read twice: its certificates are
 *    chained against --trust (default: the system store) and --untrusted.
 *  - --jobs N forks N worker processes. Threads were measured and do not
 *    scale: OpenSSL 3.0 decodes every public key (in d2i_X509) through its
 *    provider decoders, taking shared read-write locks hundreds of times per
 *    certificate, and two threads gained little or nothing over one, where
 *    two processes share nothing (tests/bench/bench_audit measures both).
 *  - The parent reads and splits the input, numbers the members, hands
 *    batches to the workers through socket pairs (a worker that dies cannot
 *    kill the parent with SIGPIPE), and writes the results back in input
 *    order, each batch in one write. A worker decodes the PEM, judges,
 *    renders its records itself and keeps its own summary, which it sends
 *    as counters when its input ends.
 *  - The document formats (text, JSON, CBOR) print the list that matters
 *    and the summary before the certificates, so records wait in memory and
 *    then in a temporary file; the streaming formats (JSON Lines, CBOR
 *    sequence) write each record as soon as it is judged.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char audit_usage[] =
    "usage: x509strict audit [options] [STORE...]\n"
    "\n"
    "Judges every certificate of each STORE under each policy, the way a TLS client\n"
    "meets it: a trust anchor (self-issued CA) as the top of a chain below which\n"
    "sits a synthetic leaf; another CA as the issuer of a synthetic leaf, chained to\n"
    "the store; any other certificate as a leaf chained to the store. An expired\n"
    "certificate is also judged at a time inside its validity.\n"
    "\n"
    "A STORE is a directory (searched recursively; OpenSSL hashed directories too),\n"
    "a PEM bundle, a DER file, a PKCS#7 bundle (.p7b), or - for a stream on standard\n"
    "input (PEM, one base64 certificate per line, optionally KEY<TAB>BASE64, or\n"
    "concatenated DER). Default: the system trust store.\n"
    "\n"
    "  --policy NAME|FILE   a policy to judge under (repeatable; default:\n"
    "                       openssl-default, python-3.13, rfc5280)\n"
    "  --compare A B        show only what changes from policy A to policy B\n"
    "  --lint-only          no chain building: every rule on each certificate's bytes\n"
    "  --at TIME            verification time, RFC 3339 or @UNIXSECONDS (default: now)\n"
    "  --format F           text (default), json, cbor, or a stream of one record per\n"
    "                       certificate: jsonl (JSON Lines) or cbor-seq (RFC 8742)\n"
    "  --jobs N             worker processes (default: every core; one for a store\n"
    "                       under 2 MiB)\n"
    "  --trust PATH         more trust anchors for intermediates and leaves (for a\n"
    "                       stream on standard input the default is the system store)\n"
    "  --untrusted PATH     more intermediates for chain building\n"
    "  --progress, --no-progress  a progress line on standard error (default: when\n"
    "                       it is a terminal)\n"
    "  --stats              print time, rate and peak memory on standard error\n"
    "\n"
    "Exit status: 0 no certificate rejected under any policy, 1 some certificate (or\n"
    "a malformed member of the input) rejected, 2 bad input or usage.\n";

static const char *const default_policies[] = {"openssl-default", "python-3.13", "rfc5280"};

enum { FMT_TEXT, FMT_JSON, FMT_CBOR, FMT_JSONL, FMT_CBOR_SEQ };

#define MAX_PATHS 64
#define BATCH_MEMBERS 128
#define BATCH_BYTES (1u << 20)
#define BATCHES_PER_WORKER 3
#define SPILL_IN_MEMORY (8u << 20)
#define READ_CHUNK (256u * 1024u)
/* Stores smaller than this (about 1,000 PEM certificates) run in one
 * process unless --jobs says otherwise. */
#define SMALL_STORE_BYTES (2u << 20)
/* a PEM block or a line longer than this is a malformed member */
#define MAX_MEMBER_TEXT (2u * XS_MAX_CERT_BYTES)

/* ------------------------------------------------------------------------ */
/* Bytes                                                                     */

typedef struct {
    uint8_t *p;
    size_t len, cap;
} bytes;

static void bytes_reserve(bytes *b, size_t extra)
{
    if (b->cap - b->len >= extra) {
        return;
    }
    size_t cap = b->cap ? b->cap : 4096;
    while (cap - b->len < extra) {
        cap *= 2;
    }
    uint8_t *p = realloc(b->p, cap);
    if (p == NULL) {
        fputs("x509strict: out of memory\n", stderr);
        exit(EXIT_INPUT);
    }
    b->p = p;
    b->cap = cap;
}

static void bytes_put(bytes *b, const void *data, size_t len)
{
    if (len > 0) {
        bytes_reserve(b, len);
        memcpy(b->p + b->len, data, len);
        b->len += len;
    }
}

static void bytes_u8(bytes *b, uint8_t v)
{
    bytes_put(b, &v, 1);
}

static void bytes_u32(bytes *b, uint32_t v)
{
    bytes_put(b, &v, sizeof(v));
}

static void bytes_u64(bytes *b, uint64_t v)
{
    bytes_put(b, &v, sizeof(v));
}

/* bytes_blob writes a length (UINT32_MAX: none) and the bytes. */
static void bytes_blob(bytes *b, const void *data, size_t len, bool present)
{
    bytes_u32(b, present ? (uint32_t)len : UINT32_MAX);
    bytes_put(b, data, present ? len : 0);
}

static void bytes_free(bytes *b)
{
    free(b->p);
    memset(b, 0, sizeof(*b));
}

/* A cursor over a received frame. */
typedef struct {
    const uint8_t *p;
    size_t len;
    bool bad;
} cursor;

static const uint8_t *take(cursor *c, size_t n)
{
    if (c->bad || c->len < n) {
        c->bad = true;
        return NULL;
    }
    const uint8_t *p = c->p;
    c->p += n;
    c->len -= n;
    return p;
}

static uint32_t take_u32(cursor *c)
{
    uint32_t v = 0;
    const uint8_t *p = take(c, sizeof(v));
    if (p != NULL) {
        memcpy(&v, p, sizeof(v));
    }
    return v;
}

static uint64_t take_u64(cursor *c)
{
    uint64_t v = 0;
    const uint8_t *p = take(c, sizeof(v));
    if (p != NULL) {
        memcpy(&v, p, sizeof(v));
    }
    return v;
}

/* take_blob returns the bytes of a blob, or NULL (*len 0) for none. */
static const uint8_t *take_blob(cursor *c, size_t *len)
{
    uint32_t n = take_u32(c);
    *len = 0;
    if (n == UINT32_MAX || c->bad) {
        return NULL;
    }
    const uint8_t *p = take(c, n);
    *len = p != NULL ? n : 0;
    return p;
}

static bool write_all(int fd, const void *data, size_t len)
{
    const uint8_t *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return true;
}

static bool read_all(int fd, void *data, size_t len)
{
    uint8_t *p = data;
    while (len > 0) {
        ssize_t n = read(fd, p, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return true;
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------------------ */
/* Base64 (RFC 4648), whitespace ignored                                     */

/* b64_table maps a byte to 1 + its 6-bit value; 65: whitespace (skipped);
 * 66: '=' (padding); 0: anything else. */
static const uint8_t b64_table[256] = {
    ['A'] = 1, ['B'] = 2, ['C'] = 3, ['D'] = 4, ['E'] = 5, ['F'] = 6, ['G'] = 7, ['H'] = 8,
    ['I'] = 9, ['J'] = 10, ['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14, ['O'] = 15,
    ['P'] = 16, ['Q'] = 17, ['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22,
    ['W'] = 23, ['X'] = 24, ['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28, ['c'] = 29,
    ['d'] = 30, ['e'] = 31, ['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36,
    ['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, ['p'] = 42, ['q'] = 43,
    ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48, ['w'] = 49, ['x'] = 50,
    ['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56, ['4'] = 57,
    ['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, ['9'] = 62, ['+'] = 63, ['/'] = 64,
    [' '] = 65, ['\t'] = 65, ['\r'] = 65, ['\n'] = 65, ['='] = 66,
};

static bool is_base64_char(uint8_t c)
{
    return b64_table[c] != 0 && b64_table[c] != 65;
}

/* b64_decode appends the decoded bytes to `out`; returns false for a
 * character outside the alphabet, data after padding, or a cut quantum. */
static bool b64_decode(const uint8_t *in, size_t len, bytes *out)
{
    uint32_t acc = 0;
    int bits = 0, pad = 0;
    size_t chars = 0;
    bytes_reserve(out, len / 4 * 3 + 3);
    uint8_t *o = out->p + out->len;
    for (size_t i = 0; i < len; i++) {
        uint8_t v = b64_table[in[i]];
        if (v >= 1 && v <= 64) {
            if (pad > 0) {
                return false;
            }
            chars++;
            acc = (acc << 6) | (uint32_t)(v - 1);
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                *o++ = (uint8_t)(acc >> bits);
            }
        } else if (v == 66) {
            pad++;
            chars++;
        } else if (v != 65) {
            return false;
        }
    }
    out->len = (size_t)(o - out->p);
    return chars % 4 == 0 && pad <= 2 && chars > 0;
}

/* ------------------------------------------------------------------------ */
/* The reader: members from a file or a stream, incrementally                */

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

static void reader_init(reader *r, int fd, const char *name)
{
    memset(r, 0, sizeof(r[0]));
    struct stat sb;
    r->fd = fd;
    r->name = name;
    r->poll_first = fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode);
    r->line = 1;
}

static void reader_cleanup(reader *r)
{
    free(r->buf);
    bytes_free(&r->block_text);
    bytes_free(&r->der);
    xs_certs_free(r->p7);
    memset(r, 0, sizeof(*r));
}

/* reader_fill reads more input: 1 some was read, 0 it would block, -1 end
 * of input, -2 a read error (errno). */
static int reader_fill(reader *r, bool wait)
{
    if (r->eof) {
        return -1;
    }
    if (r->poll_first && !wait) {
        struct pollfd pfd = {r->fd, POLLIN, 0};
        if (poll(&pfd, 1, 0) == 0) {
            return 0;
        }
    }
    if (r->start > 0 && r->start == r->end) {
        r->buf_offset += r->start;
        r->start = r->end = 0;
    }
    if (r->cap - r->end < READ_CHUNK) {
        if (r->start > 0) {
            memmove(r->buf, r->buf + r->start, r->end - r->start);
            r->buf_offset += r->start;
            r->end -= r->start;
            r->start = 0;
        }
        if (r->cap - r->end < READ_CHUNK) {
            size_t cap = r->cap ? r->cap * 2 : 2 * READ_CHUNK;
            uint8_t *p = realloc(r->buf, cap);
            if (p == NULL) {
                errno = ENOMEM;
                return -2;
            }
            r->buf = p;
            r->cap = cap;
        }
    }
    for (;;) {
        ssize_t n = read(r->fd, r->buf + r->end, r->cap - r->end);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return -2;
        }
        if (n == 0) {
            r->eof = true;
            return -1;
        }
        r->end += (size_t)n;
        r->bytes_read += (uint64_t)n;
        return 1;
    }
}

static uint64_t here(const reader *r)
{
    return r->buf_offset + r->start;
}

static int malformed(reader *r, member *m, uint64_t offset, uint64_t line, const uint8_t *data,
                     size_t len, const char *why)
{
    snprintf(r->error, sizeof(r->error), "%s", why);
    *m = (member){MEMBER_MALFORMED, data, len, r->error, offset, line, NULL};
    return RD_MEMBER;
}

/* next_from_p7 hands out the next certificate of a PKCS#7 bundle. */
static int next_from_p7(reader *r, member *m)
{
    if (r->p7 == NULL || r->p7_next >= xs_certs_count(r->p7)) {
        xs_certs_free(r->p7);
        r->p7 = NULL;
        return RD_NEED_MORE;
    }
    size_t len = 0;
    const uint8_t *der = xs_certs_der(r->p7, r->p7_next++, &len);
    r->der.len = 0;
    bytes_put(&r->der, der, len);
    *m = (member){MEMBER_CERT, r->der.p, r->der.len, NULL, r->p7_offset, r->p7_line, NULL};
    return RD_MEMBER;
}

/* pkcs7_member starts handing out the certificates of a PKCS#7 bundle
 * (held in r->der). */
static int pkcs7_member(reader *r, member *m, uint64_t offset, uint64_t line)
{
    char err[256] = "";
    if (xs_certs_new(&r->p7) != XS_OK ||
        xs_audit_split_pkcs7(r->p7, r->der.p, r->der.len, err, sizeof(err)) != XS_OK ||
        xs_certs_count(r->p7) == 0) {
        xs_certs_free(r->p7);
        r->p7 = NULL;
        char why[300];
        snprintf(why, sizeof(why), "PKCS#7 bundle: %s", err[0] ? err : "no certificate in it");
        return malformed(r, m, offset, line, r->der.p, r->der.len, why);
    }
    r->p7_next = 0;
    r->p7_offset = offset;
    r->p7_line = line;
    return next_from_p7(r, m);
}

static bool starts_with(const uint8_t *p, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(p, prefix, n) == 0;
}

/* finish_block turns the PEM block just ended into a member, or counts a
 * block that holds no certificate. */
static int finish_block(reader *r, member *m, const uint8_t *end_line, size_t end_len)
{
    r->in_block = false;
    char expected[96];
    snprintf(expected, sizeof(expected), "-----END %s-----", r->label);
    bool is_cert = strcmp(r->label, "CERTIFICATE") == 0 ||
                   strcmp(r->label, "X509 CERTIFICATE") == 0;
    bool is_aux = strcmp(r->label, "TRUSTED CERTIFICATE") == 0;
    bool is_p7 = strcmp(r->label, "PKCS7") == 0;
    if (!is_cert && !is_aux && !is_p7) {
        r->skipped_blocks++;
        return RD_NEED_MORE;
    }
    if (end_len != strlen(expected) || memcmp(end_line, expected, end_len) != 0) {
        return malformed(r, m, r->block_offset, r->block_line, r->block_text.p,
                         r->block_text.len, "PEM block ends with a different END line");
    }
    if (r->block_too_long) {
        return malformed(r, m, r->block_offset, r->block_line, NULL, 0,
                         "PEM block longer than the certificate size limit");
    }
    r->der.len = 0;
    if (!b64_decode(r->block_text.p, r->block_text.len, &r->der)) {
        return malformed(r, m, r->block_offset, r->block_line, r->block_text.p,
                         r->block_text.len, "PEM block with invalid base64");
    }
    if (is_p7) {
        return pkcs7_member(r, m, r->block_offset, r->block_line);
    }
    *m = (member){is_aux ? MEMBER_AUX : MEMBER_CERT, r->der.p, r->der.len, NULL,
                  r->block_offset, r->block_line, NULL};
    return RD_MEMBER;
}

/* one_line_member reads a certificate written on one line: base64 DER
 * ("MII..."), optionally after a key and a TAB. Other lines are not
 * members (comments of a bundle). */
static int one_line_member(reader *r, member *m, const uint8_t *line, size_t len,
                           uint64_t offset, uint64_t lineno)
{
    const uint8_t *tab = memchr(line, '\t', len);
    const uint8_t *value = tab != NULL ? tab + 1 : line;
    size_t value_len = len - (size_t)(value - line);
    bool keyed = tab != NULL;
    if (!keyed && !(value_len >= 32 && value[0] == 'M' && value[1] == 'I')) {
        return RD_NEED_MORE;
    }
    if (keyed) {
        size_t key_len = (size_t)(tab - line);
        if (key_len >= sizeof(r->key)) {
            key_len = sizeof(r->key) - 1;
        }
        memcpy(r->key, line, key_len);
        r->key[key_len] = 0;
    }
    const char *key = keyed ? r->key : NULL;
    for (size_t i = 0; i < value_len; i++) {
        if (!is_base64_char(value[i])) {
            malformed(r, m, offset, lineno, line, len, "line is not base64");
            m->key = key;
            return RD_MEMBER;
        }
    }
    r->der.len = 0;
    if (!b64_decode(value, value_len, &r->der)) {
        malformed(r, m, offset, lineno, line, len, "line is not base64");
        m->key = key;
        return RD_MEMBER;
    }
    *m = (member){MEMBER_CERT, r->der.p, r->der.len, NULL, offset, lineno, key};
    return RD_MEMBER;
}

/* text_line handles one line of text input. */
static int text_line(reader *r, member *m, const uint8_t *line, size_t len, uint64_t offset,
                     uint64_t lineno)
{
    while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' ')) {
        len--;
    }
    if (starts_with(line, len, "-----BEGIN ")) {
        int result = RD_NEED_MORE;
        if (r->in_block) {
            result = malformed(r, m, r->block_offset, r->block_line, r->block_text.p,
                               r->block_text.len, "PEM block without its END line");
        }
        size_t label_len = len >= 16 ? len - 16 : 0;
        if (label_len >= sizeof(r->label)) {
            label_len = sizeof(r->label) - 1;
        }
        memcpy(r->label, line + 11, label_len);
        r->label[label_len] = 0;
        r->in_block = true;
        r->block_too_long = false;
        r->block_offset = offset;
        r->block_line = lineno;
        r->block_text.len = 0;
        return result;
    }
    if (r->in_block) {
        if (starts_with(line, len, "-----END ")) {
            return finish_block(r, m, line, len);
        }
        if (memchr(line, ':', len) != NULL) {
            return RD_NEED_MORE; /* an RFC 1421 header line */
        }
        if (r->block_text.len + len > MAX_MEMBER_TEXT) {
            r->block_too_long = true;
        } else {
            bytes_put(&r->block_text, line, len);
        }
        return RD_NEED_MORE;
    }
    return len > 0 ? one_line_member(r, m, line, len, offset, lineno) : RD_NEED_MORE;
}

enum { FAST_NOT_HERE = 2, FAST_SKIPPED = 3 };

/* fast_block takes a whole well-formed PEM block at once, the BEGIN line at
 * `p` (`line_len` bytes, then a newline): its body is handed out as base64
 * for the worker to decode. Anything unusual (headers, a missing or
 * different END line, a block longer than the limit) is left to the line
 * by line reader: FAST_NOT_HERE. RD_NEED_MORE: read more first. */
static int fast_block(reader *r, member *m, const uint8_t *p, size_t line_len)
{
    size_t len = line_len;
    while (len > 0 && (p[len - 1] == '\r' || p[len - 1] == ' ')) {
        len--;
    }
    if (len < 16 || len - 16 >= sizeof(r->label) || memcmp(p + len - 5, "-----", 5) != 0) {
        return FAST_NOT_HERE;
    }
    const uint8_t *body = p + line_len + 1, *data_end = r->buf + r->end;
    size_t rest = (size_t)(data_end - body);
    const uint8_t *dash = memchr(body, '-', rest);
    if (dash == NULL) {
        return !r->eof && rest < MAX_MEMBER_TEXT ? RD_NEED_MORE : FAST_NOT_HERE;
    }
    const uint8_t *nl = memchr(dash, '\n', (size_t)(data_end - dash));
    if (nl == NULL && !r->eof) {
        return (size_t)(data_end - body) < MAX_MEMBER_TEXT ? RD_NEED_MORE : FAST_NOT_HERE;
    }
    size_t body_len = (size_t)(dash - body), end_len = (size_t)((nl ? nl : data_end) - dash);
    while (end_len > 0 && (dash[end_len - 1] == '\r' || dash[end_len - 1] == ' ')) {
        end_len--;
    }
    size_t label_len = len - 16;
    if ((dash != body && dash[-1] != '\n') || body_len > MAX_MEMBER_TEXT ||
        end_len != label_len + 14 || memcmp(dash, "-----END ", 9) != 0 ||
        memcmp(dash + 9, p + 11, label_len) != 0 || memchr(body, ':', body_len) != NULL) {
        return FAST_NOT_HERE;
    }
    memcpy(r->label, p + 11, label_len);
    r->label[label_len] = 0;
    uint64_t offset = here(r), lineno = r->line;
    size_t lines = 2;
    for (const uint8_t *q = body; (q = memchr(q, '\n', (size_t)(dash - q))) != NULL; q++) {
        lines++;
    }
    r->start = (size_t)((nl ? nl + 1 : data_end) - r->buf);
    r->line += lines;
    bool is_cert = strcmp(r->label, "CERTIFICATE") == 0 ||
                   strcmp(r->label, "X509 CERTIFICATE") == 0;
    bool is_aux = strcmp(r->label, "TRUSTED CERTIFICATE") == 0;
    if (strcmp(r->label, "PKCS7") == 0) {
        r->der.len = 0;
        if (!b64_decode(body, body_len, &r->der)) {
            return malformed(r, m, offset, lineno, body, body_len,
                             "PEM block with invalid base64");
        }
        return pkcs7_member(r, m, offset, lineno);
    }
    if (!is_cert && !is_aux) {
        r->skipped_blocks++;
        return FAST_SKIPPED;
    }
    *m = (member){is_aux ? MEMBER_PEM_AUX : MEMBER_PEM, body, body_len, NULL, offset, lineno,
                  NULL};
    return RD_MEMBER;
}

/* member_der makes sure a member is DER (decoding a PEM body); false, and
 * the member malformed, when its base64 is bad. */
static bool member_der(reader *r, member *m)
{
    if (m->kind != MEMBER_PEM && m->kind != MEMBER_PEM_AUX) {
        return m->kind != MEMBER_MALFORMED;
    }
    r->der.len = 0;
    if (!b64_decode(m->data, m->len, &r->der)) {
        malformed(r, m, m->offset, m->line, m->data, m->len, "PEM block with invalid base64");
        return false;
    }
    m->kind = m->kind == MEMBER_PEM ? MEMBER_CERT : MEMBER_AUX;
    m->data = r->der.p;
    m->len = r->der.len;
    return true;
}

static int next_text(reader *r, member *m)
{
    for (;;) {
        uint8_t *p = r->buf + r->start;
        size_t avail = r->end - r->start;
        uint8_t *nl = avail > 0 ? memchr(p, '\n', avail) : NULL;
        if (nl != NULL && !r->in_block && !r->skipping_line && starts_with(p, avail, "-----BEGIN ")) {
            int fast = fast_block(r, m, p, (size_t)(nl - p));
            if (fast == RD_MEMBER || fast == RD_NEED_MORE) {
                return fast;
            }
            if (fast == FAST_SKIPPED) {
                continue;
            }
        }
        if (nl == NULL && !r->eof) {
            if (avail > MAX_MEMBER_TEXT) {
                /* an over-long line: drop what we have, and the rest of it */
                r->start = r->end;
                r->skipping_line = true;
                if (!r->in_block) {
                    return malformed(r, m, here(r), r->line, NULL, 0,
                                     "line longer than the certificate size limit");
                }
                r->block_too_long = true;
            }
            return RD_NEED_MORE;
        }
        size_t len = nl != NULL ? (size_t)(nl - p) : avail;
        if (len == 0 && nl == NULL) {
            /* end of input */
            if (r->in_block) {
                r->in_block = false;
                return malformed(r, m, r->block_offset, r->block_line, r->block_text.p,
                                 r->block_text.len,
                                 "PEM block cut short: no END line before the end of input");
            }
            return RD_END;
        }
        uint64_t offset = here(r), lineno = r->line;
        r->start += len + (nl != NULL);
        r->line++;
        if (r->skipping_line) {
            r->skipping_line = false;
            continue;
        }
        int got = text_line(r, m, p, len, offset, lineno);
        if (got == RD_MEMBER) {
            return got;
        }
    }
}

/* der_header reads a tag and a definite length; returns the header length,
 * 0 when more bytes are needed, -1 for what cannot be a DER element. */
static int der_header(const uint8_t *p, size_t avail, uint64_t *content_len)
{
    if (avail < 2) {
        return 0;
    }
    if (p[1] < 0x80) {
        *content_len = p[1];
        return 2;
    }
    size_t n = p[1] & 0x7F;
    if (n == 0 || n > 4) {
        return -1; /* indefinite (BER) or absurd */
    }
    if (avail < 2 + n) {
        return 0;
    }
    uint64_t len = 0;
    for (size_t i = 0; i < n; i++) {
        len = len << 8 | p[2 + i];
    }
    *content_len = len;
    return (int)(2 + n);
}

static int next_binary(reader *r, member *m)
{
    for (;;) {
        size_t avail = r->end - r->start;
        if (r->skip > 0) {
            size_t n = avail < r->skip ? avail : (size_t)r->skip;
            r->start += n;
            r->skip -= n;
            if (r->skip > 0) {
                return r->eof ? RD_END : RD_NEED_MORE;
            }
            continue;
        }
        if (avail == 0) {
            return r->eof ? RD_END : RD_NEED_MORE;
        }
        const uint8_t *p = r->buf + r->start;
        uint64_t offset = here(r), content = 0;
        int h = der_header(p, avail, &content);
        if (h == 0 && !r->eof) {
            return RD_NEED_MORE;
        }
        if (h <= 0 || p[0] != 0x30) {
            /* no DER element starts here: nothing after it can be found */
            r->start = r->end;
            r->skip = UINT64_MAX;
            return malformed(r, m, offset, 0, NULL, 0,
                             h < 0 ? "not DER: indefinite or impossible length"
                                   : "not DER: no SEQUENCE where a certificate should start");
        }
        if (avail <= (size_t)h && !r->eof) {
            return RD_NEED_MORE;
        }
        uint64_t total = (uint64_t)h + content;
        bool container = avail > (size_t)h && p[h] == 0x06; /* a PKCS#7 ContentInfo */
        uint64_t limit = container ? XS_MAX_INPUT_BYTES : XS_MAX_CERT_BYTES + 16;
        if (avail < total && avail <= limit && !r->eof) {
            return RD_NEED_MORE;
        }
        if (avail < total && avail <= limit) {
            /* cut short by the end of input: the judge says what it can of it */
            r->start = r->end;
            r->der.len = 0;
            bytes_put(&r->der, p, avail);
            *m = (member){MEMBER_CERT, r->der.p, r->der.len, NULL, offset, 0, NULL};
            return RD_MEMBER;
        }
        if (total > limit) {
            r->skip = total;
            return malformed(r, m, offset, 0, NULL, 0, "DER element larger than the limit");
        }
        r->start += (size_t)total;
        r->der.len = 0;
        bytes_put(&r->der, p, (size_t)total);
        if (container) {
            return pkcs7_member(r, m, offset, 0);
        }
        *m = (member){MEMBER_CERT, r->der.p, r->der.len, NULL, offset, 0, NULL};
        return RD_MEMBER;
    }
}

/* reader_next hands out the next member: RD_MEMBER, RD_NEED_MORE (call
 * reader_fill), or RD_END. */
static int reader_next(reader *r, member *m)
{
    if (next_from_p7(r, m) == RD_MEMBER) {
        return RD_MEMBER;
    }
    if (r->mode == RD_UNKNOWN) {
        if (r->start == r->end) {
            return r->eof ? RD_END : RD_NEED_MORE;
        }
        r->mode = r->buf[r->start] == 0x30 ? RD_BINARY : RD_TEXT;
    }
    return r->mode == RD_BINARY ? next_binary(r, m) : next_text(r, m);
}

/* ------------------------------------------------------------------------ */
/* The run                                                                   */

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

static size_t sha_hash(const char *sha)
{
    uint64_t h = 0;
    for (int i = 0; i < 16 && sha[i] != 0; i++) {
        h = h * 16 + (uint64_t)(sha[i] <= '9' ? sha[i] - '0' : (sha[i] | 0x20) - 'a' + 10);
    }
    return (size_t)h;
}

/* sha_set_insert adds `sha` and says whether it was new. */
static bool sha_set_insert(sha_set *s, const char *sha)
{
    if ((s->count + 1) * 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        char(*slots)[65] = calloc(cap, sizeof(*slots));
        if (slots == NULL) {
            return true; /* no room to remember: keep the member */
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

/* ------------------------------------------------------------------------ */
/* Spilling the document's parts until the end                              */

static void spill_write(spill *s, const void *data, size_t len)
{
    if (s->failed || len == 0) {
        return;
    }
    if (s->file == NULL && s->len + len > SPILL_IN_MEMORY) {
        if ((s->file = tmpfile()) == NULL || fwrite(s->mem, 1, s->len, s->file) != s->len) {
            s->failed = true;
            return;
        }
        free(s->mem);
        s->mem = NULL;
        s->len = s->cap = 0;
    }
    if (s->file != NULL) {
        s->failed = fwrite(data, 1, len, s->file) != len;
        return;
    }
    if (s->cap - s->len < len) {
        size_t cap = s->cap ? s->cap : 65536;
        while (cap - s->len < len) {
            cap *= 2;
        }
        uint8_t *p = realloc(s->mem, cap);
        if (p == NULL) {
            s->failed = true;
            return;
        }
        s->mem = p;
        s->cap = cap;
    }
    memcpy(s->mem + s->len, data, len);
    s->len += len;
}

/* spill_item adds one rendered item: for JSON, one line of an array. */
static void spill_item(spill *s, const uint8_t *data, size_t len, int format)
{
    if (format == FMT_JSON) {
        spill_write(s, s->items ? ",\n    " : "    ", s->items ? 6 : 4);
        spill_write(s, data, len > 0 && data[len - 1] == '\n' ? len - 1 : len);
    } else {
        spill_write(s, data, len);
    }
    s->items++;
}

static bool spill_copy(spill *s, FILE *out)
{
    if (s->failed) {
        return false;
    }
    if (s->file == NULL) {
        return fwrite(s->mem, 1, s->len, out) == s->len;
    }
    char buf[65536];
    size_t n;
    if (fflush(s->file) != 0 || fseek(s->file, 0, SEEK_SET) != 0) {
        return false;
    }
    while ((n = fread(buf, 1, sizeof(buf), s->file)) > 0) {
        if (fwrite(buf, 1, n, out) != n) {
            return false;
        }
    }
    return !ferror(s->file);
}

static void spill_free(spill *s)
{
    free(s->mem);
    if (s->file != NULL) {
        fclose(s->file);
    }
    memset(s, 0, sizeof(*s));
}

/* ------------------------------------------------------------------------ */
/* Stores                                                                    */

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

static int add_store(run *R, const char *path)
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
static int add_default_store(run *R)
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

/* ------------------------------------------------------------------------ */
/* Members, in input order                                                   */

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
static int next_member(run *R, member *m, bool wait)
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

/* ------------------------------------------------------------------------ */
/* Batches: members to judge, and what comes back                           */

enum { FRAME_MEMBERS = 'M', FRAME_RESULTS = 'R', FRAME_SUMMARY = 'S', FRAME_END = 'E' };

/* frame_begin starts a frame: a length (patched by frame_end), a type. */
static size_t frame_begin(bytes *b, uint8_t type)
{
    size_t at = b->len;
    bytes_u32(b, 0);
    bytes_u8(b, type);
    return at;
}

static void frame_end(bytes *b, size_t at)
{
    uint32_t len = (uint32_t)(b->len - at - sizeof(uint32_t));
    memcpy(b->p + at, &len, sizeof(len));
}

static void put_member(bytes *b, const member *m, uint64_t position, const char *source)
{
    bytes_u8(b, (uint8_t)m->kind);
    bytes_u64(b, position);
    bytes_u64(b, m->offset);
    bytes_u64(b, m->line);
    bytes_blob(b, source, strlen(source), true);
    bytes_blob(b, m->key, m->key != NULL ? strlen(m->key) : 0, m->key != NULL);
    bytes_blob(b, m->data, m->len, true);
    bytes_blob(b, m->error, m->error != NULL ? strlen(m->error) : 0, m->error != NULL);
}

/* fill_batch makes one frame of members in `batch` (*count of them):
 * returns 1 when it is full, 0 when the input would block, -1 when the
 * input ended, -2 on a read error. */
static int fill_batch(run *R, bytes *batch, uint32_t *count, bool wait)
{
    batch->len = 0;
    *count = 0;
    size_t at = frame_begin(batch, FRAME_MEMBERS);
    bytes_u64(batch, R->next_seq);
    size_t count_at = batch->len;
    bytes_u32(batch, 0);
    int got = 1;
    while (*count < BATCH_MEMBERS && batch->len < BATCH_BYTES) {
        member m;
        got = next_member(R, &m, wait && *count == 0);
        if (got != 1) {
            break;
        }
        put_member(batch, &m, ++R->next_position, R->sources[R->cur].path);
        (*count)++;
    }
    if (got == -1) {
        R->input_done = true;
    }
    memcpy(batch->p + count_at, count, sizeof(*count));
    frame_end(batch, at);
    return got == 1 ? 1 : got;
}

static xs_format library_format(int format)
{
    return format == FMT_TEXT ? XS_FORMAT_TEXT
           : format == FMT_JSON || format == FMT_JSONL ? XS_FORMAT_JSON
                                                      : XS_FORMAT_CBOR;
}

static bool emit_ok(xs_status st)
{
    if (st != XS_OK) {
        cli_fail("audit: cannot render a record: %s", xs_status_string(st));
        return false;
    }
    return true;
}

/* render writes what the output needs of one record: the record (or, when
 * comparing in a stream, its change), then its change, each a blob. */
static bool render(run *R, const xs_audit_record *rec, bool color, bytes *out)
{
    xs_format f = library_format(R->format);
    unsigned flags = (R->stream ? XS_AUDIT_EMIT_STREAM : 0) |
                     (R->compare_mode ? XS_AUDIT_EMIT_COMPARE : 0) | (color ? XS_EMIT_COLOR : 0);
    bool pair = R->from >= 0 && R->to >= 0;
    size_t from = (size_t)R->from, to = (size_t)R->to;
    bool changed = pair && (R->compare_mode ? xs_audit_record_changes(rec, from, to)
                                            : xs_audit_record_breaks(rec, from, to));
    uint8_t *text = NULL, *change = NULL;
    size_t text_len = 0, change_len = 0;
    bool ok = true;
    if (!R->compare_mode) {
        ok = emit_ok(xs_audit_record_emit(rec, f, flags, &text, &text_len));
    }
    if (ok && changed) {
        ok = emit_ok(xs_audit_record_emit_change(rec, from, to, f, flags, &change, &change_len));
    }
    if (R->stream && R->compare_mode) {
        bytes_blob(out, change, change_len, change != NULL);
        bytes_blob(out, NULL, 0, false);
    } else {
        bytes_blob(out, text, text_len, text != NULL);
        bytes_blob(out, change, change_len, change != NULL);
    }
    xs_free(text);
    xs_free(change);
    return ok;
}

/* copy_text copies a blob into a NUL-terminated buffer. */
static const char *copy_text(char *buf, size_t size, const uint8_t *p, size_t len)
{
    if (p == NULL) {
        return NULL;
    }
    len = len < size ? len : size - 1;
    memcpy(buf, p, len);
    buf[len] = 0;
    return buf;
}

/* process_batch judges the members of one frame (its payload, after the
 * type) into a results frame appended to `out`. */
static bool process_batch(run *R, const uint8_t *payload, size_t len, bool color, bytes *der,
                          bytes *out)
{
    cursor c = {payload, len, false};
    uint64_t seq = take_u64(&c);
    uint32_t count = take_u32(&c);
    size_t at = frame_begin(out, FRAME_RESULTS);
    bytes_u64(out, seq);
    bytes_u32(out, count);
    bool ok = !c.bad;
    for (uint32_t i = 0; ok && i < count; i++) {
        const uint8_t *kind = take(&c, 1);
        uint64_t position = take_u64(&c), offset = take_u64(&c), line = take_u64(&c);
        size_t source_len, key_len, data_len, error_len;
        const uint8_t *source = take_blob(&c, &source_len), *key = take_blob(&c, &key_len);
        const uint8_t *data = take_blob(&c, &data_len), *error = take_blob(&c, &error_len);
        if (c.bad || kind == NULL) {
            ok = false;
            break;
        }
        char source_text[4096], key_text[256], error_text[320];
        xs_audit_origin origin = {copy_text(source_text, sizeof(source_text), source, source_len),
                                  position, offset, line,
                                  copy_text(key_text, sizeof(key_text), key, key_len)};
        xs_audit_record *rec = NULL;
        xs_status st;
        uint8_t member_kind = *kind;
        if (member_kind == MEMBER_PEM || member_kind == MEMBER_PEM_AUX) {
            der->len = 0;
            if (b64_decode(data, data_len, der)) {
                member_kind = member_kind == MEMBER_PEM ? MEMBER_CERT : MEMBER_AUX;
                data = der->p;
                data_len = der->len;
            } else {
                member_kind = MEMBER_MALFORMED;
                error = (const uint8_t *)"PEM block with invalid base64";
                error_len = strlen((const char *)error);
            }
        }
        if (member_kind == MEMBER_MALFORMED) {
            st = xs_audit_malformed(R->auditor, &rec, data, data_len,
                                    copy_text(error_text, sizeof(error_text), error, error_len),
                                    &origin, R->at);
        } else {
            st = xs_audit_judge(R->auditor, &rec, data, data_len,
                                member_kind == MEMBER_AUX ? XS_AUDIT_TRUSTED_AUX : 0, &origin,
                                R->at);
        }
        if (st != XS_OK) {
            cli_fail("audit: %s: certificate %llu: %s", origin.source,
                     (unsigned long long)position, xs_status_string(st));
            ok = false;
            break;
        }
        xs_audit_summary_add(R->summary, rec);
        ok = render(R, rec, color, out);
        xs_audit_record_free(rec);
    }
    frame_end(out, at);
    return ok;
}

/* handle_results writes the records of one results frame (its payload) in
 * their place: to the stream, or to the document's parts. */
static bool handle_results(run *R, const uint8_t *payload, size_t len)
{
    cursor c = {payload, len, false};
    (void)take_u64(&c);
    uint32_t count = take_u32(&c);
    R->out.len = 0;
    for (uint32_t i = 0; i < count && !c.bad; i++) {
        size_t rec_len, change_len;
        const uint8_t *rec = take_blob(&c, &rec_len);
        const uint8_t *change = take_blob(&c, &change_len);
        if (rec != NULL && R->stream) {
            bytes_put(&R->out, rec, rec_len);
        } else if (rec != NULL) {
            spill_item(&R->records, rec, rec_len, R->format);
        }
        if (change != NULL && !R->stream) {
            spill_item(&R->changes, change, change_len, R->format);
        }
    }
    R->emitted += count;
    /* a batch's records in one write, as soon as they are judged */
    if (R->out.len > 0 && !write_all(STDOUT_FILENO, R->out.p, R->out.len)) {
        R->write_failed = true;
    }
    return !c.bad;
}

/* ------------------------------------------------------------------------ */
/* Progress                                                                  */

static void progress(run *R, bool final)
{
    if (R->progress == 0) {
        return;
    }
    double now = seconds_now();
    if (!final && now - R->last_progress < 0.25) {
        return;
    }
    R->last_progress = now;
    if (final) {
        if (R->progress_shown) {
            fputs("\r\x1b[K", stderr);
        }
        return;
    }
    double elapsed = now - R->started;
    double rate = elapsed > 0 ? (double)R->emitted / elapsed : 0;
    uint64_t done = R->bytes_done + (R->rd_open ? R->rd.bytes_read : 0);
    char eta[48] = "";
    if (!R->any_stdin && R->bytes_total > 0 && done > 0 && elapsed > 0.5) {
        double left = elapsed * (double)(R->bytes_total - (done < R->bytes_total ? done : R->bytes_total)) / (double)done;
        snprintf(eta, sizeof(eta), ", ETA %d:%02d", (int)(left / 60), (int)left % 60);
    }
    fprintf(stderr, "\r\x1b[Kx509strict audit: %llu certificates, %.0f/s%s",
            (unsigned long long)R->emitted, rate, eta);
    fflush(stderr);
    R->progress_shown = true;
}

/* ------------------------------------------------------------------------ */
/* In one process                                                            */

static void wait_readable(int fd)
{
    struct pollfd pfd = {fd, POLLIN, 0};
    while (poll(&pfd, 1, -1) < 0 && errno == EINTR) {
    }
}

static int run_inline(run *R)
{
    bytes batch = {0}, out = {0}, der = {0};
    int status = -1;
    bool color = R->format == FMT_TEXT && cli_use_color();
    while (status < 0) {
        uint32_t count = 0;
        int got = fill_batch(R, &batch, &count, false);
        if (got == -2) {
            status = EXIT_INPUT;
            break;
        }
        if (count > 0) {
            out.len = 0;
            if (!process_batch(R, batch.p + 5, batch.len - 5, color, &der, &out) ||
                !handle_results(R, out.p + 5, out.len - 5)) {
                status = EXIT_INPUT;
            }
            R->next_seq++;
        }
        progress(R, false);
        if (got == -1) {
            break;
        }
        if (got == 0 && count == 0) {
            wait_readable(R->rd.fd);
        }
    }
    bytes_free(&batch);
    bytes_free(&out);
    bytes_free(&der);
    return status;
}

/* ------------------------------------------------------------------------ */
/* Worker processes                                                          */

static void set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0) {
        fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    }
}

/* worker_main judges the batches that come on `in` and sends the results
 * on `out`, then its summary's counters. It never returns. A worker reads
 * nothing else and writes nothing else. */
static _Noreturn void worker_main(run *R, int in, int out, bool color)
{
    bytes frame = {0}, results = {0}, der = {0};
    int code = 0;
    for (;;) {
        uint32_t len = 0;
        if (!read_all(in, &len, sizeof(len)) || len == 0) {
            code = 3;
            break;
        }
        frame.len = 0;
        bytes_reserve(&frame, len);
        if (!read_all(in, frame.p, len)) {
            code = 3;
            break;
        }
        if (frame.p[0] == FRAME_END) {
            break;
        }
        results.len = 0;
        if (!process_batch(R, frame.p + 1, len - 1, color, &der, &results) ||
            !write_all(out, results.p, results.len)) {
            code = 3;
            break;
        }
    }
    if (code == 0) {
        size_t n = 0;
        const uint64_t *counters = xs_audit_summary_counters(R->summary, &n);
        results.len = 0;
        size_t at = frame_begin(&results, FRAME_SUMMARY);
        bytes_u32(&results, (uint32_t)n);
        bytes_put(&results, counters, n * sizeof(*counters));
        frame_end(&results, at);
        code = write_all(out, results.p, results.len) ? 0 : 3;
    }
    bytes_free(&frame);
    bytes_free(&results);
    bytes_free(&der);
    /* exit, not _exit: a worker's standard output holds nothing (the parent
     * flushed before forking), and leak checkers run at exit */
    exit(code);
}

static int start_workers(run *R, long jobs)
{
    bool color = R->format == FMT_TEXT && cli_use_color();
    R->workers = calloc((size_t)jobs, sizeof(*R->workers));
    if (R->workers == NULL) {
        return cli_fail("out of memory");
    }
    fflush(stdout);
    fflush(stderr);
    for (long i = 0; i < jobs; i++) {
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
            return cli_fail("audit: cannot start workers: %s", strerror(errno));
        }
        pid_t pid = fork();
        if (pid < 0) {
            close(sv[0]);
            close(sv[1]);
            return cli_fail("audit: cannot start workers: %s", strerror(errno));
        }
        if (pid == 0) {
            for (size_t k = 0; k < R->nworkers; k++) {
                close(R->workers[k].sock);
            }
            close(sv[0]);
            worker_main(R, sv[1], sv[1], color);
        }
        close(sv[1]);
        set_nonblocking(sv[0]);
        R->workers[R->nworkers++] = (worker){.pid = pid, .sock = sv[0]};
    }
    return -1;
}

static worker *least_loaded(run *R)
{
    worker *best = &R->workers[0];
    for (size_t i = 1; i < R->nworkers; i++) {
        if (R->workers[i].inflight < best->inflight) {
            best = &R->workers[i];
        }
    }
    return best;
}

/* flush_worker writes what it can of the worker's queue. */
static bool flush_worker(worker *w)
{
    while (w->outq_off < w->outq.len) {
        /* a worker that died must not kill the parent with SIGPIPE */
        ssize_t n = send(w->sock, w->outq.p + w->outq_off, w->outq.len - w->outq_off,
                         MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return errno == EAGAIN || errno == EWOULDBLOCK;
        }
        w->outq_off += (size_t)n;
    }
    w->outq.len = w->outq_off = 0;
    return true;
}

typedef struct {
    bytes *slots;  /* results waiting for their turn, by batch number */
    bool *ready;
    size_t window;
    uint64_t next_emit;
} reorder;

/* read_worker takes in what the worker sent: results wait in `ro` for
 * their turn; a summary is merged. Returns false when it failed. */
static bool read_worker(run *R, worker *w, reorder *ro)
{
    bytes_reserve(&w->inbuf, 256 * 1024);
    ssize_t n = read(w->sock, w->inbuf.p + w->inbuf.len, w->inbuf.cap - w->inbuf.len);
    if (n < 0) {
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    }
    if (n == 0) {
        w->closed = true;
        return w->ended;
    }
    w->inbuf.len += (size_t)n;
    size_t off = 0;
    while (w->inbuf.len - off >= sizeof(uint32_t)) {
        uint32_t len;
        memcpy(&len, w->inbuf.p + off, sizeof(len));
        if (w->inbuf.len - off - sizeof(len) < len) {
            break;
        }
        const uint8_t *frame = w->inbuf.p + off + sizeof(len);
        if (len >= 1 + 8 && frame[0] == FRAME_RESULTS) {
            uint64_t seq;
            memcpy(&seq, frame + 1, sizeof(seq));
            size_t slot = (size_t)(seq % ro->window);
            ro->slots[slot].len = 0;
            bytes_put(&ro->slots[slot], frame + 1, len - 1);
            ro->ready[slot] = true;
            w->inflight--;
        } else if (len >= 1 + 4 && frame[0] == FRAME_SUMMARY) {
            cursor c = {frame + 1, len - 1, false};
            uint32_t count = take_u32(&c);
            const uint8_t *counters = take(&c, (size_t)count * sizeof(uint64_t));
            uint64_t *copy = counters != NULL ? malloc((size_t)count * sizeof(uint64_t) + 1) : NULL;
            if (copy == NULL) {
                return false;
            }
            memcpy(copy, counters, (size_t)count * sizeof(uint64_t));
            xs_status st = xs_audit_summary_merge(R->summary, copy, count);
            free(copy);
            if (st != XS_OK) {
                return false;
            }
            w->ended = true;
        } else {
            return false;
        }
        off += sizeof(len) + len;
    }
    memmove(w->inbuf.p, w->inbuf.p + off, w->inbuf.len - off);
    w->inbuf.len -= off;
    return true;
}

static int reap_workers(run *R, int status)
{
    for (size_t i = 0; i < R->nworkers; i++) {
        worker *w = &R->workers[i];
        int ws = 0;
        close(w->sock);
        if (status >= 0) {
            kill(w->pid, SIGTERM);
        }
        while (waitpid(w->pid, &ws, 0) < 0 && errno == EINTR) {
        }
        if (status < 0 && !(WIFEXITED(ws) && WEXITSTATUS(ws) == 0)) {
            status = cli_fail("audit: worker %zu failed (%s %d)", i + 1,
                              WIFSIGNALED(ws) ? "signal" : "exit status",
                              WIFSIGNALED(ws) ? WTERMSIG(ws) : WEXITSTATUS(ws));
        }
        bytes_free(&w->outq);
        bytes_free(&w->inbuf);
    }
    return status;
}

static int run_parallel(run *R)
{
    reorder ro = {NULL, NULL, R->nworkers * BATCHES_PER_WORKER, 0};
    ro.slots = calloc(ro.window, sizeof(*ro.slots));
    ro.ready = calloc(ro.window, sizeof(*ro.ready));
    struct pollfd *fds = calloc(2 * R->nworkers + 1, sizeof(*fds));
    bytes batch = {0};
    int status = ro.slots && ro.ready && fds ? -1 : cli_fail("out of memory");
    bool ended_sent = false;
    while (status < 0) {
        bool blocked = false;
        while (!R->input_done && R->next_seq - ro.next_emit < ro.window && status < 0) {
            uint32_t count = 0;
            int got = fill_batch(R, &batch, &count, false);
            if (got == -2) {
                status = EXIT_INPUT;
            } else if (count > 0) {
                worker *w = least_loaded(R);
                bytes_put(&w->outq, batch.p, batch.len);
                w->inflight++;
                R->next_seq++;
            }
            if (got == 0) {
                blocked = true;
                break;
            }
        }
        if (R->input_done && ro.next_emit == R->next_seq && !ended_sent) {
            static const uint8_t end_frame[] = {1, 0, 0, 0, FRAME_END};
            for (size_t i = 0; i < R->nworkers; i++) {
                bytes_put(&R->workers[i].outq, end_frame, sizeof(end_frame));
            }
            ended_sent = true;
        }
        bool all_closed = true;
        for (size_t i = 0; i < R->nworkers; i++) {
            all_closed = all_closed && R->workers[i].closed;
        }
        if (status >= 0 || all_closed) {
            break;
        }
        size_t nfds = 0;
        for (size_t i = 0; i < R->nworkers; i++) {
            worker *w = &R->workers[i];
            short events = (short)((w->closed ? 0 : POLLIN) |
                                   (w->outq.len > w->outq_off ? POLLOUT : 0));
            if (events != 0) {
                fds[nfds++] = (struct pollfd){w->sock, events, 0};
            }
        }
        if (blocked) {
            fds[nfds++] = (struct pollfd){R->rd.fd, POLLIN, 0};
        }
        if (poll(fds, nfds, 250) < 0 && errno != EINTR) {
            status = cli_fail("audit: poll: %s", strerror(errno));
            break;
        }
        for (size_t i = 0; i < R->nworkers && status < 0; i++) {
            worker *w = &R->workers[i];
            if (!flush_worker(w) || (!w->closed && !read_worker(R, w, &ro))) {
                status = cli_fail("audit: worker %zu stopped answering", i + 1);
            }
        }
        while (status < 0 && ro.ready[ro.next_emit % ro.window]) {
            size_t slot = (size_t)(ro.next_emit % ro.window);
            if (!handle_results(R, ro.slots[slot].p, ro.slots[slot].len)) {
                status = cli_fail("audit: a worker sent a bad frame");
            }
            ro.ready[slot] = false;
            ro.next_emit++;
        }
        progress(R, false);
    }
    status = reap_workers(R, status);
    for (size_t i = 0; ro.slots != NULL && i < ro.window; i++) {
        bytes_free(&ro.slots[i]);
    }
    free(ro.slots);
    free(ro.ready);
    free(fds);
    bytes_free(&batch);
    return status;
}

/* ------------------------------------------------------------------------ */
/* The document                                                              */

/* time_text writes `t` in RFC 3339, or as @SECONDS when no calendar date
 * can say it. */
static void time_text(int64_t t, char *out, size_t len)
{
    struct tm tm;
    time_t tt = (time_t)t;
    if (gmtime_r(&tt, &tm) == NULL || strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
        snprintf(out, len, "@%lld", (long long)t);
    }
}

/* put_emitted writes what a library emitter made (and frees it). */
static bool put_emitted(xs_status st, uint8_t *data, size_t len, bool strip_newline)
{
    if (st != XS_OK) {
        return false;
    }
    size_t n = strip_newline && len > 0 ? len - 1 : len;
    bool ok = fwrite(data, 1, n, stdout) == n;
    xs_free(data);
    return ok;
}

static bool put_summary(const run *R, xs_format format)
{
    uint8_t *data = NULL;
    size_t len = 0;
    xs_status st = xs_audit_summary_emit(R->summary, format, 0, &data, &len);
    if (st != XS_OK || format != XS_FORMAT_JSON) {
        return put_emitted(st, data, len, false);
    }
    /* one level deeper in the document: indent each line after the first */
    bool ok = true;
    for (size_t i = 0; ok && i + 1 < len; i++) {
        ok = putchar(data[i]) != EOF && (data[i] != '\n' || fputs("  ", stdout) != EOF);
    }
    xs_free(data);
    return ok;
}

static const char *changes_title(const run *R, char *buf, size_t size)
{
    const char *a = xs_auditor_policy_name(R->auditor, (size_t)R->from);
    const char *b = xs_auditor_policy_name(R->auditor, (size_t)R->to);
    if (R->compare_mode) {
        snprintf(buf, size, "Changes from %s to %s", a, b);
    } else {
        snprintf(buf, size, "Pass %s but fail %s", a, b);
    }
    return buf;
}

static bool write_text(run *R)
{
    char at[32], title[200];
    uint8_t *data = NULL;
    size_t len = 0;
    uint64_t certs = xs_audit_summary_get(R->summary, XS_AUDIT_CERTIFICATES);
    time_text(R->at, at, sizeof(at));
    printf("x509strict audit: %llu certificates from %s, at %s; %s\n", (unsigned long long)certs,
           R->origin, at,
           R->lint_only ? "each linted on its own, without a chain"
                        : "each anchor judged as the top of a chain with a synthetic leaf, other "
                          "certificates chained to the store");
    bool ok = true;
    if (R->from >= 0 && R->to >= 0) {
        printf("\n%s: %llu\n", changes_title(R, title, sizeof(title)),
               (unsigned long long)R->changes.items);
        ok = spill_copy(&R->changes, stdout);
    }
    putchar('\n');
    ok = ok && put_summary(R, XS_FORMAT_TEXT);
    if (ok && !R->compare_mode) {
        fputs("\ncertificates:\n", stdout);
        xs_status st = xs_auditor_emit_table_header(R->auditor, 0, &data, &len);
        ok = put_emitted(st, data, len, false) && spill_copy(&R->records, stdout);
    }
    return ok;
}

static void json_string_out(const char *s)
{
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            printf("\\%c", *p);
        } else if (*p < 0x20) {
            printf("\\u%04x", *p);
        } else {
            putchar(*p);
        }
    }
    putchar('"');
}

static bool write_json(run *R)
{
    char at[32];
    time_text(R->at, at, sizeof(at));
    printf("{\n  \"schema\": %d,\n  \"tool\": \"x509strict %s\",\n  \"openssl\": ",
           XS_SCHEMA_VERSION, XS_VERSION_STRING);
    json_string_out(xs_openssl_version());
    printf(",\n  \"command\": \"audit\",\n  \"at\": \"%s\",\n  \"mode\": \"%s\",\n  \"policies\": [",
           at, R->lint_only ? "lint-only" : "chain");
    for (size_t p = 0; p < R->npol; p++) {
        fputs(p ? ", " : "", stdout);
        json_string_out(xs_auditor_policy_name(R->auditor, p));
    }
    fputs("],\n  \"sources\": [", stdout);
    for (size_t i = 0; i < R->nsources && i < 1000; i++) {
        fputs(i ? ", " : "", stdout);
        json_string_out(R->sources[i].path);
    }
    fputs("],\n  \"changes\": ", stdout);
    bool ok = true;
    if (R->from >= 0 && R->to >= 0) {
        fputs("{\"from\": ", stdout);
        json_string_out(xs_auditor_policy_name(R->auditor, (size_t)R->from));
        fputs(", \"to\": ", stdout);
        json_string_out(xs_auditor_policy_name(R->auditor, (size_t)R->to));
        printf(", \"kind\": \"%s\", \"count\": %llu, \"certificates\": [\n",
               R->compare_mode ? "changes" : "breaks", (unsigned long long)R->changes.items);
        ok = spill_copy(&R->changes, stdout);
        fputs(R->changes.items ? "\n  ]}" : "]}", stdout);
    } else {
        fputs("null", stdout);
    }
    fputs(",\n  \"summary\": ", stdout);
    ok = ok && put_summary(R, XS_FORMAT_JSON);
    fputs(",\n  \"certificates\": ", stdout);
    if (R->compare_mode) {
        fputs("null", stdout);
    } else {
        fputs("[\n", stdout);
        ok = ok && spill_copy(&R->records, stdout);
        fputs(R->records.items ? "\n  ]" : "  ]", stdout);
    }
    fputs("\n}\n", stdout);
    return ok;
}

/* CBOR heads, written by hand: the CLI uses only the library's header. */
static void cbor_head_out(uint8_t major, uint64_t n)
{
    uint8_t b[9];
    size_t len = 1;
    if (n < 24) {
        b[0] = (uint8_t)(major << 5 | n);
    } else if (n <= 0xFF) {
        b[0] = (uint8_t)(major << 5 | 24);
        b[1] = (uint8_t)n;
        len = 2;
    } else if (n <= 0xFFFF) {
        b[0] = (uint8_t)(major << 5 | 25);
        b[1] = (uint8_t)(n >> 8);
        b[2] = (uint8_t)n;
        len = 3;
    } else if (n <= 0xFFFFFFFFu) {
        b[0] = (uint8_t)(major << 5 | 26);
        for (int i = 0; i < 4; i++) {
            b[1 + i] = (uint8_t)(n >> (24 - 8 * i));
        }
        len = 5;
    } else {
        b[0] = (uint8_t)(major << 5 | 27);
        for (int i = 0; i < 8; i++) {
            b[1 + i] = (uint8_t)(n >> (56 - 8 * i));
        }
        len = 9;
    }
    fwrite(b, 1, len, stdout);
}

static void cbor_text_out(const char *s)
{
    cbor_head_out(3, strlen(s));
    fputs(s, stdout);
}

static bool write_cbor(run *R)
{
    char at[32];
    time_text(R->at, at, sizeof(at));
    char tool[64];
    snprintf(tool, sizeof(tool), "x509strict %s", XS_VERSION_STRING);
    cbor_head_out(5, 11);
    cbor_text_out("schema");
    cbor_head_out(0, XS_SCHEMA_VERSION);
    cbor_text_out("tool");
    cbor_text_out(tool);
    cbor_text_out("openssl");
    cbor_text_out(xs_openssl_version());
    cbor_text_out("command");
    cbor_text_out("audit");
    cbor_text_out("at");
    cbor_text_out(at);
    cbor_text_out("mode");
    cbor_text_out(R->lint_only ? "lint-only" : "chain");
    cbor_text_out("policies");
    cbor_head_out(4, R->npol);
    for (size_t p = 0; p < R->npol; p++) {
        cbor_text_out(xs_auditor_policy_name(R->auditor, p));
    }
    cbor_text_out("sources");
    cbor_head_out(4, R->nsources);
    for (size_t i = 0; i < R->nsources; i++) {
        cbor_text_out(R->sources[i].path);
    }
    cbor_text_out("changes");
    bool ok = true;
    if (R->from >= 0 && R->to >= 0) {
        cbor_head_out(5, 5);
        cbor_text_out("from");
        cbor_text_out(xs_auditor_policy_name(R->auditor, (size_t)R->from));
        cbor_text_out("to");
        cbor_text_out(xs_auditor_policy_name(R->auditor, (size_t)R->to));
        cbor_text_out("kind");
        cbor_text_out(R->compare_mode ? "changes" : "breaks");
        cbor_text_out("count");
        cbor_head_out(0, R->changes.items);
        cbor_text_out("certificates");
        cbor_head_out(4, R->changes.items);
        ok = spill_copy(&R->changes, stdout);
    } else {
        putchar(0xF6);
    }
    cbor_text_out("summary");
    ok = ok && put_summary(R, XS_FORMAT_CBOR);
    cbor_text_out("certificates");
    if (R->compare_mode) {
        putchar(0xF6);
    } else {
        cbor_head_out(4, R->records.items);
        ok = ok && spill_copy(&R->records, stdout);
    }
    return ok;
}

/* ------------------------------------------------------------------------ */
/* Setting up                                                                */

enum {
    OPT_POLICY = 1000,
    OPT_AT,
    OPT_FORMAT,
    OPT_JOBS,
    OPT_COMPARE,
    OPT_LINT_ONLY,
    OPT_TRUST,
    OPT_UNTRUSTED,
    OPT_PROGRESS,
    OPT_NO_PROGRESS,
    OPT_STATS,
};

static const struct option long_options[] = {
    {"policy", required_argument, NULL, OPT_POLICY},
    {"at", required_argument, NULL, OPT_AT},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"jobs", required_argument, NULL, OPT_JOBS},
    {"compare", required_argument, NULL, OPT_COMPARE},
    {"lint-only", no_argument, NULL, OPT_LINT_ONLY},
    {"trust", required_argument, NULL, OPT_TRUST},
    {"untrusted", required_argument, NULL, OPT_UNTRUSTED},
    {"progress", no_argument, NULL, OPT_PROGRESS},
    {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
    {"stats", no_argument, NULL, OPT_STATS},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int parse_format(run *R, const char *name)
{
    static const char *const names[] = {"text", "json", "cbor", "jsonl", "cbor-seq"};
    for (int i = 0; i < (int)(sizeof(names) / sizeof(names[0])); i++) {
        if (strcmp(name, names[i]) == 0) {
            R->format = i;
            R->stream = i == FMT_JSONL || i == FMT_CBOR_SEQ;
            return -1;
        }
    }
    return cli_fail("audit: unknown format '%s' (text|json|cbor|jsonl|cbor-seq)", name);
}

static int add_path(const char **list, size_t *n, const char *path, const char *what)
{
    if (*n == MAX_PATHS) {
        return cli_fail("audit: at most %d %s paths", MAX_PATHS, what);
    }
    list[(*n)++] = path;
    return -1;
}

static int parse_options(run *R, int argc, char **argv)
{
    int c, status = -1;
    while (status < 0 && (c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        char *end = NULL;
        switch (c) {
        case OPT_POLICY:
            if (R->npolicy_args == XS_AUDIT_MAX_POLICIES) {
                status = cli_fail("audit: at most %d policies", XS_AUDIT_MAX_POLICIES);
            } else {
                R->policy_args[R->npolicy_args++] = optarg;
            }
            break;
        case OPT_AT:
            if (xs_parse_time(optarg, &R->at) != 0) {
                status = cli_fail("audit: bad --at '%s' (RFC 3339, or @UNIXSECONDS)", optarg);
            }
            break;
        case OPT_FORMAT:
            status = parse_format(R, optarg);
            break;
        case OPT_JOBS:
            R->jobs = strtol(optarg, &end, 10);
            if (end == optarg || *end != 0 || R->jobs < 1 || R->jobs > 256) {
                status = cli_fail("audit: bad --jobs '%s' (1..256)", optarg);
            }
            break;
        case OPT_COMPARE:
            if (optind >= argc) {
                status = cli_fail("audit: --compare takes two policies: --compare A B");
            } else {
                R->compare[0] = optarg;
                R->compare[1] = argv[optind++];
                R->compare_mode = true;
            }
            break;
        case OPT_LINT_ONLY:
            R->lint_only = true;
            break;
        case OPT_TRUST:
            status = add_path(R->trust, &R->ntrust, optarg, "--trust");
            break;
        case OPT_UNTRUSTED:
            status = add_path(R->untrusted, &R->nuntrusted, optarg, "--untrusted");
            break;
        case OPT_PROGRESS:
            R->progress = 1;
            break;
        case OPT_NO_PROGRESS:
            R->progress = 0;
            break;
        case OPT_STATS:
            R->stats = true;
            break;
        case 'h':
            fputs(audit_usage, stdout);
            return EXIT_ACCEPT;
        default:
            fputs(audit_usage, stderr);
            return EXIT_INPUT;
        }
    }
    return status;
}

/* add_policy loads a policy once (by its name, or by the name its file
 * gives it) and says where it is in *index (may be NULL). */
static int add_policy(run *R, const char *name, int *index)
{
    for (size_t p = 0; p < R->npol; p++) {
        if (strcmp(xs_policy_name(R->policies[p]), name) == 0) {
            if (index != NULL) {
                *index = (int)p;
            }
            return -1;
        }
    }
    xs_policy *p = cli_load_policy(name);
    if (p == NULL) {
        return EXIT_INPUT;
    }
    for (size_t i = 0; i < R->npol; i++) {
        if (strcmp(xs_policy_name(R->policies[i]), xs_policy_name(p)) == 0) {
            xs_policy_free(p);
            if (index != NULL) {
                *index = (int)i; /* the same policy, named by its file */
            }
            return -1;
        }
    }
    if (R->npol == XS_AUDIT_MAX_POLICIES) {
        xs_policy_free(p);
        return cli_fail("audit: at most %d policies", XS_AUDIT_MAX_POLICIES);
    }
    if (index != NULL) {
        *index = (int)R->npol;
    }
    R->policies[R->npol++] = p;
    return -1;
}

static int load_policies(run *R)
{
    int status = -1;
    for (size_t i = 0; status < 0 && i < R->npolicy_args; i++) {
        status = add_policy(R, R->policy_args[i], NULL);
    }
    if (R->npolicy_args == 0 && !R->compare_mode) {
        for (size_t i = 0; status < 0 && i < sizeof(default_policies) / sizeof(*default_policies);
             i++) {
            status = add_policy(R, default_policies[i], NULL);
        }
    }
    if (status < 0 && R->compare_mode) {
        status = add_policy(R, R->compare[0], &R->from);
    }
    if (status < 0 && R->compare_mode) {
        status = add_policy(R, R->compare[1], &R->to);
    }
    return status;
}

static int load_context_paths(run *R, const char *const *paths, size_t n, bool trusted)
{
    for (size_t i = 0; i < n; i++) {
        xs_certs *certs = NULL;
        if (xs_certs_new(&certs) != XS_OK) {
            return cli_fail("out of memory");
        }
        int status = cli_load_certs(certs, paths[i]) == 0 ? -1 : EXIT_INPUT;
        xs_status st = XS_OK;
        if (status < 0) {
            st = trusted ? xs_auditor_add_trust(R->auditor, certs)
                         : xs_auditor_add_untrusted(R->auditor, certs);
        }
        xs_certs_free(certs);
        if (st != XS_OK) {
            return cli_fail("audit: %s: %s", paths[i], xs_status_string(st));
        }
        if (status >= 0) {
            return status;
        }
    }
    return -1;
}

/* read_context reads the stores given as files and directories once for
 * their CAs: the context their intermediates and leaves are chained to. */
static int read_context(run *R)
{
    for (size_t i = 0; i < R->nsources; i++) {
        if (strcmp(R->sources[i].path, "-") == 0) {
            continue;
        }
        int fd = open(R->sources[i].path, O_RDONLY);
        if (fd < 0) {
            continue; /* its record will say so */
        }
        reader rd;
        reader_init(&rd, fd, R->sources[i].path);
        int status = -1;
        for (;;) {
            member m;
            int got = reader_next(&rd, &m);
            if (got == RD_END) {
                break;
            }
            if (got == RD_NEED_MORE) {
                if (reader_fill(&rd, true) == -2) {
                    status = cli_fail("%s: %s", rd.name, strerror(errno));
                    break;
                }
                continue;
            }
            if (!member_der(&rd, &m)) {
                continue;
            }
            xs_status st = xs_auditor_add_store_member(
                R->auditor, m.data, m.len, m.kind == MEMBER_AUX ? XS_AUDIT_TRUSTED_AUX : 0, NULL);
            if (st == XS_ERR_LIMIT) {
                status = cli_fail("audit: %s: more than %u intermediate CAs to chain against "
                                  "(XS_MAX_UNTRUSTED); use --lint-only, or split the store",
                                  rd.name, XS_MAX_UNTRUSTED);
                break;
            }
            if (st != XS_OK) {
                status = cli_fail("audit: %s: %s", rd.name, xs_status_string(st));
                break;
            }
        }
        close(fd);
        reader_cleanup(&rd);
        if (status >= 0) {
            return status;
        }
    }
    return -1;
}

static int setup(run *R, char **stores, int nstores)
{
    int status = load_policies(R);
    if (status >= 0) {
        return status;
    }
    char err[512] = "";
    xs_status st = xs_auditor_new(&R->auditor, (const xs_policy *const *)R->policies, R->npol,
                                  R->lint_only ? XS_AUDIT_LINT_ONLY : 0, err, sizeof(err));
    if (st != XS_OK) {
        return cli_fail("audit: %s", err[0] ? err : xs_status_string(st));
    }
    if (!R->compare_mode) {
        R->from = xs_auditor_policy_index(R->auditor, "openssl-default");
        R->to = xs_auditor_policy_index(R->auditor, "python-3.13");
    }
    if (xs_audit_summary_new(&R->summary, R->auditor, R->from, R->to,
                             R->compare_mode ? XS_AUDIT_EMIT_COMPARE : 0) != XS_OK) {
        return cli_fail("out of memory");
    }
    if (nstores == 0) {
        status = add_default_store(R);
    }
    for (int i = 0; status < 0 && i < nstores; i++) {
        status = add_store(R, stores[i]);
    }
    if (status < 0 && nstores > 0) {
        snprintf(R->origin, sizeof(R->origin), "%.500s%s",
                 strcmp(stores[0], "-") == 0 ? "standard input" : stores[0],
                 nstores > 1 ? ", ..." : "");
    }
    if (status < 0 && !R->lint_only) {
        status = load_context_paths(R, R->trust, R->ntrust, true);
        if (status < 0) {
            status = load_context_paths(R, R->untrusted, R->nuntrusted, false);
        }
        if (status < 0 && R->any_stdin && R->ntrust == 0 &&
            xs_auditor_use_default_trust(R->auditor) != XS_OK) {
            status = cli_fail("audit: cannot use the system trust store");
        }
        if (status < 0) {
            status = read_context(R);
        }
    }
    return status;
}

/* peak_rss_kib is this process's peak resident set: VmHWM where Linux
 * gives it (ru_maxrss survives exec, so it would count what ran before). */
static long peak_rss_kib(long fallback)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = fallback;
    while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
        if (strncmp(line, "VmHWM:", 6) == 0) {
            kib = strtol(line + 6, NULL, 10);
            break;
        }
    }
    if (f != NULL) {
        fclose(f);
    }
    return kib;
}

static void print_stats(const run *R)
{
    struct rusage self, children;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    double elapsed = seconds_now() - R->started;
    double cpu_self = (double)self.ru_utime.tv_sec + (double)self.ru_utime.tv_usec / 1e6 +
                      (double)self.ru_stime.tv_sec + (double)self.ru_stime.tv_usec / 1e6;
    double cpu_children = (double)children.ru_utime.tv_sec +
                          (double)children.ru_utime.tv_usec / 1e6 +
                          (double)children.ru_stime.tv_sec + (double)children.ru_stime.tv_usec / 1e6;
    fprintf(stderr,
            "x509strict audit: %llu records in %.3f s (%.0f/s) with %zu worker%s; CPU %.3f s "
            "(parent), %.3f s (workers); peak RSS %ld KiB (parent), %ld KiB (largest worker)\n",
            (unsigned long long)R->emitted, elapsed,
            elapsed > 0 ? (double)R->emitted / elapsed : 0.0, R->nworkers ? R->nworkers : 1,
            R->nworkers > 1 ? "s" : "", cpu_self, cpu_children, peak_rss_kib(self.ru_maxrss),
            children.ru_maxrss);
}

static int finish(run *R)
{
    if (R->format == FMT_JSONL || R->format == FMT_CBOR_SEQ) {
        if (R->write_failed) {
            return cli_fail("audit: cannot write the records: %s", strerror(errno));
        }
    } else {
        bool ok = R->format == FMT_TEXT   ? write_text(R)
                  : R->format == FMT_JSON ? write_json(R)
                                          : write_cbor(R);
        if (!ok || fflush(stdout) != 0 || ferror(stdout)) {
            return cli_fail("audit: cannot write the report");
        }
    }
    if (xs_audit_summary_get(R->summary, XS_AUDIT_CERTIFICATES) == 0) {
        return cli_fail("audit: %s: no certificate found", R->origin);
    }
    return xs_audit_summary_get(R->summary, XS_AUDIT_REJECTED) > 0 ? EXIT_REJECT : EXIT_ACCEPT;
}

static void cleanup(run *R)
{
    if (R->rd_open) {
        reader_cleanup(&R->rd);
    }
    for (size_t i = 0; i < R->nsources; i++) {
        free(R->sources[i].path);
    }
    free(R->sources);
    for (size_t i = 0; i < R->ngroups; i++) {
        free(R->seen[i].slots);
    }
    free(R->seen);
    free(R->workers);
    bytes_free(&R->out);
    spill_free(&R->records);
    spill_free(&R->changes);
    xs_audit_summary_free(R->summary);
    xs_auditor_free(R->auditor);
    for (size_t p = 0; p < R->npol; p++) {
        xs_policy_free(R->policies[p]);
    }
}

int cmd_audit(int argc, char **argv)
{
    run R;
    memset(&R, 0, sizeof(R));
    R.at = cli_now();
    R.progress = -1;
    R.from = R.to = -1;
    int status = parse_options(&R, argc, argv);
    if (status < 0) {
        R.started = R.last_progress = seconds_now();
        status = setup(&R, argv + optind, argc - optind);
    }
    if (status < 0) {
        long jobs = R.jobs > 0 ? R.jobs : sysconf(_SC_NPROCESSORS_ONLN);
        if (R.jobs == 0 && !R.any_stdin && R.bytes_total < SMALL_STORE_BYTES) {
            jobs = 1; /* a trust store: starting workers would cost more than it saves */
        }
        R.progress = R.progress < 0 ? isatty(STDERR_FILENO) : R.progress;
        if (jobs > 1) {
            status = start_workers(&R, jobs);
            if (status < 0) {
                status = run_parallel(&R);
            } else {
                reap_workers(&R, status);
            }
        } else {
            status = run_inline(&R);
        }
        progress(&R, true);
    }
    if (status < 0) {
        xs_audit_summary_count(R.summary, XS_AUDIT_SKIPPED_DUPLICATES, R.duplicates);
        status = finish(&R);
    }
    if (R.stats && R.summary != NULL) {
        print_stats(&R);
    }
    cleanup(&R);
    return status;
}
