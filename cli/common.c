#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "common.h"

int cli_fail(const char *fmt, ...)
{
    va_list ap;
    fputs("x509strict: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return EXIT_INPUT;
}

int64_t cli_now(void)
{
    return (int64_t)time(NULL);
}

int cli_write_all(const uint8_t *data, size_t len)
{
    return fwrite(data, 1, len, stdout) == len && fflush(stdout) == 0 ? 0 : -1;
}

bool cli_use_color(void)
{
    const char *no_color = getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) && (no_color == NULL || *no_color == 0);
}

xs_policy *cli_load_policy(const char *name_or_path)
{
    char err[512] = "";
    xs_policy *policy = NULL;
    xs_status st = xs_policy_load(&policy, name_or_path, err, sizeof(err));
    if (st != XS_OK) {
        cli_fail("%s", err[0] ? err : xs_status_string(st));
        return NULL;
    }
    return policy;
}

int cli_load_certs(xs_certs *certs, const char *path)
{
    char err[512] = "";
    xs_status st = xs_certs_load_path(certs, path, err, sizeof(err));
    if (st != XS_OK) {
        cli_fail("%s", err[0] ? err : xs_status_string(st));
        return -1;
    }
    return 0;
}

void cli_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            fputc('\\', out);
            fputc(*p, out);
        } else if (*p < 0x20) {
            fprintf(out, "\\u%04x", *p);
        } else {
            fputc(*p, out);
        }
    }
    fputc('"', out);
}

void cli_cbor_head(FILE *out, uint8_t major, uint64_t n)
{
    /* additional information 24..27: the argument follows in 1, 2, 4, 8 bytes */
    int extra = n < 24 ? 0 : n <= 0xFF ? 1 : n <= 0xFFFF ? 2 : n <= 0xFFFFFFFFu ? 4 : 8;
    uint8_t info = extra == 0 ? (uint8_t)n : extra == 1 ? 24 : extra == 2 ? 25 : extra == 4 ? 26 : 27;
    fputc((uint8_t)(major << 5 | info), out);
    for (int i = extra - 1; i >= 0; i--) {
        fputc((uint8_t)(n >> (8 * i)), out);
    }
}

void cli_cbor_text(FILE *out, const char *s)
{
    cli_cbor_head(out, 3, strlen(s));
    fputs(s, out);
}
