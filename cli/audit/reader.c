/*
 * reader.c: one source (a file or a stream) split into members,
 * incrementally, never read whole: PEM blocks (a well-formed one taken at
 * once, its base64 left for the worker to decode; an unusual one line by
 * line), one-line base64 certificates (optionally KEY<TAB>BASE64),
 * concatenated DER, and the certificates of PKCS#7 bundles. What cannot be
 * read becomes a malformed member that says why.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"

#define READ_CHUNK (256u * 1024u)
/* a PEM block or a line longer than this is a malformed member */
#define MAX_MEMBER_TEXT (2u * XS_MAX_CERT_BYTES)

void reader_init(reader *r, int fd, const char *name)
{
    memset(r, 0, sizeof(r[0]));
    struct stat sb;
    r->fd = fd;
    r->name = name;
    r->poll_first = fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode);
    r->line = 1;
}

void reader_cleanup(reader *r)
{
    free(r->buf);
    bytes_free(&r->block_text);
    bytes_free(&r->der);
    xs_certs_free(r->p7);
    memset(r, 0, sizeof(*r));
}

/* reader_fill reads more input: 1 some was read, 0 it would block, -1 end
 * of input, -2 a read error (errno). */
int reader_fill(reader *r, bool wait)
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
bool member_der(reader *r, member *m)
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
int reader_next(reader *r, member *m)
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
