/*
 * emit_text.c: the report for a person. Columns are aligned; colour (ANSI)
 * only when the caller asks for it, which the command does on a terminal.
 */
#include <stdio.h>
#include <string.h>

#include "report/report.h"

#define PYTHON_PREFIX "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "

typedef struct {
    xs_buf *b;
    bool color;
} text_out;

static void paint(text_out *t, const char *ansi, const char *text)
{
    if (t->color) {
        xs_buf_printf(t->b, "\x1b[%sm%s\x1b[0m", ansi, text);
    } else {
        xs_buf_puts(t->b, text);
    }
}

static const char *severity_color(xs_severity sev)
{
    switch (sev) {
    case XS_SEV_ERROR:
        return "1;31";
    case XS_SEV_WARN:
        return "33";
    case XS_SEV_NOTICE:
        return "36";
    case XS_SEV_OFF:
        return "0";
    }
    return "0";
}

/* column writes `text` and pads it to `width` characters (bytes; names with
 * non-ASCII characters may sit a little off the column). */
static void column(text_out *t, const char *color, const char *text, size_t width)
{
    if (color != NULL) {
        paint(t, color, text);
    } else {
        xs_buf_puts(t->b, text);
    }
    size_t len = strlen(text);
    xs_buf_pad(t->b, ' ', len < width ? width - len + 1 : 1);
}

static void header(text_out *t, const xs_report *r)
{
    char at[XS_RFC3339_SIZE];
    xs_rfc3339(r->at, at);
    xs_buf_printf(t->b, "x509strict %s: ", r->command);
    if (r->verdict == XS_VERDICT_ACCEPT) {
        paint(t, "1;32", "ACCEPT");
    } else {
        paint(t, "1;31", "REJECT");
    }
    if (strcmp(r->command, "lint") == 0) {
        xs_buf_printf(t->b, " under %s\n", r->policy);
        return;
    }
    xs_buf_printf(t->b, " under %s (purpose %s%s%s, at %s)\n", r->policy,
                  xs_purpose_name(r->purpose), r->host != NULL ? ", host " : "",
                  r->host != NULL ? r->host : "", at);
}

static void chain(text_out *t, const xs_report *r)
{
    xs_buf_puts(t->b, strcmp(r->command, "lint") == 0 ? "\ncertificate:\n"
                                                        : "\nchain built by OpenSSL:\n");
    if (r->chain_len == 0) {
        xs_buf_puts(t->b, "  (none)\n");
    }
    for (size_t i = 0; i < r->chain_len; i++) {
        const xs_chain_cert *c = &r->chain[i];
        bool synthetic = r->synthetic_leaf && i == 0;
        char sha[24];
        snprintf(sha, sizeof(sha), "sha256:%.12s", c->sha256);
        xs_buf_printf(t->b, "  %zu  ", i);
        column(t, NULL, synthetic ? "synthetic" : c->origin, 9);
        column(t, NULL, sha, 19);
        xs_buf_printf(t->b, "%s\n", c->subject);
    }
}

static void findings(text_out *t, const xs_report *r)
{
    xs_buf_printf(t->b, "\nfindings (%zu):\n", r->finding_count);
    if (r->finding_count == 0) {
        xs_buf_puts(t->b, "  none\n");
    }
    for (size_t i = 0; i < r->finding_count; i++) {
        const xs_finding *f = &r->findings[i];
        char where[32], code[32];
        snprintf(where, sizeof(where), "depth %d", f->depth);
        snprintf(code, sizeof(code), f->openssl_code > 0 ? "%s %d" : "%s", f->source,
                 f->openssl_code);
        xs_buf_puts(t->b, "  ");
        column(t, severity_color(f->severity), xs_severity_name(f->severity), 6);
        column(t, NULL, f->mnemonic, 34);
        column(t, NULL, where, 8);
        column(t, NULL, f->section[0] ? f->section : "-", 18);
        xs_buf_printf(t->b, "[%s]\n", code);
        xs_buf_printf(t->b, "         %s\n", f->message);
        if (f->path != NULL || f->offset >= 0) {
            xs_buf_printf(t->b, "         at %s%s", f->path != NULL ? f->path : "",
                          f->path != NULL && f->offset >= 0 ? ", " : "");
            if (f->offset >= 0) {
                xs_buf_printf(t->b, "byte %lld", f->offset);
            }
            xs_buf_putc(t->b, '\n');
        }
        if (f->subject[0] != 0) {
            xs_buf_printf(t->b, "         %s  sha256:%s\n", f->subject, f->sha256);
        }
    }
}

static void python(text_out *t, const xs_report *r)
{
    if (r->python.verify_code < 0) {
        return;
    }
    xs_buf_puts(t->b, "\nPython 3.13 ssl: ");
    if (r->python.verify_code == 0) {
        xs_buf_puts(t->b, "accepts\n");
        return;
    }
    xs_buf_printf(t->b, "raises SSLCertVerificationError (verify_code %d)\n  %s%s\n",
                  r->python.verify_code, PYTHON_PREFIX, r->python.verify_message);
}

xs_status xs_emit_text(const xs_report *r, unsigned flags, xs_buf *out)
{
    text_out t = {out, (flags & XS_EMIT_COLOR) != 0};
    header(&t, r);
    chain(&t, r);
    findings(&t, r);
    python(&t, r);
    return out->failed ? XS_ERR_NOMEM : XS_OK;
}
