/*
 * civil.c: calendar arithmetic without the C library's time zone state
 * (timegm is not C11, and mktime reads the local zone).
 */
#include "util/civil.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "internal.h"

int64_t xs_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void xs_civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static bool is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool xs_valid_date(int64_t y, int m, int d)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1) {
        return false;
    }
    return d <= days[m - 1] + (m == 2 && is_leap(y));
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

int xs_parse_time(const char *text, int64_t *out)
{
    if (text == NULL || out == NULL) {
        return -1;
    }
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
    if (!xs_valid_date(y, mo, d) || h > 23 || mi > 59 || s > 60 || parse_offset(p, &offset) != 0) {
        return -1;
    }
    *out = xs_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset;
    return 0;
}
