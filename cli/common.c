#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

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

/* days_from_civil counts days from 1970-01-01 to y-m-d (proleptic
 * Gregorian), so the command needs no timegm(). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int read_digits(const char **p, int count, int *out)
{
    int v = 0;
    for (int i = 0; i < count; i++) {
        if (!isdigit((unsigned char)**p)) {
            return -1;
        }
        v = v * 10 + (*(*p)++ - '0');
    }
    *out = v;
    return 0;
}

static int parse_unix(const char *text, int64_t *out)
{
    char *end = NULL;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != 0) {
        return -1;
    }
    *out = v;
    return 0;
}

/* parse_offset reads "Z", "+hh:mm" or "-hh:mm" into seconds east of UTC. */
static int parse_offset(const char *p, int64_t *out)
{
    int hh, mm;
    if ((*p == 'Z' || *p == 'z') && p[1] == 0) {
        *out = 0;
        return 0;
    }
    if (*p != '+' && *p != '-') {
        return -1;
    }
    int sign = *p++ == '-' ? -1 : 1;
    if (read_digits(&p, 2, &hh) || *p++ != ':' || read_digits(&p, 2, &mm) || *p != 0 ||
        hh > 23 || mm > 59) {
        return -1;
    }
    *out = sign * (hh * 3600 + mm * 60);
    return 0;
}

int cli_parse_time(const char *text, int64_t *out)
{
    if (text[0] == '@') {
        return parse_unix(text + 1, out);
    }
    int y, mo, d, h, mi, s;
    const char *p = text;
    if (read_digits(&p, 4, &y) || *p++ != '-' || read_digits(&p, 2, &mo) || *p++ != '-' ||
        read_digits(&p, 2, &d) || (*p != 'T' && *p != 't' && *p != ' ')) {
        return -1;
    }
    p++;
    if (read_digits(&p, 2, &h) || *p++ != ':' || read_digits(&p, 2, &mi) || *p++ != ':' ||
        read_digits(&p, 2, &s)) {
        return -1;
    }
    if (*p == '.') {
        for (p++; isdigit((unsigned char)*p); p++) {
        }
    }
    int64_t offset;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 ||
        parse_offset(p, &offset) != 0) {
        return -1;
    }
    *out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset;
    return 0;
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
