/*
 * time.c: UTCTime and GeneralizedTime read strictly (X.690 11.7, 11.8;
 * RFC 5280 4.1.2.5). Every defect is noted; a value is still decoded when
 * its date and time fields can be read, so that rules on validity periods
 * keep working on sloppy encodings.
 */
#include "cert/model_internal.h"
#include "util/civil.h"

typedef struct {
    const uint8_t *p;
    size_t len;
    size_t pos;
} reader;

static bool digits(reader *r, int count, int *out)
{
    int v = 0;
    for (int i = 0; i < count; i++) {
        if (r->pos >= r->len || r->p[r->pos] < '0' || r->p[r->pos] > '9') {
            return false;
        }
        v = v * 10 + (r->p[r->pos++] - '0');
    }
    *out = v;
    return true;
}

static bool next_is_digit(const reader *r)
{
    return r->pos < r->len && r->p[r->pos] >= '0' && r->p[r->pos] <= '9';
}

/* read_zone reads what follows the time: 'Z', an offset, or nothing (local
 * time). Returns the offset in seconds east of UTC. */
static int64_t read_zone(reader *r, unsigned *defects)
{
    if (r->pos < r->len && r->p[r->pos] == 'Z') {
        r->pos++;
        return 0;
    }
    *defects |= XS_TIME_NOT_ZULU;
    if (r->pos < r->len && (r->p[r->pos] == '+' || r->p[r->pos] == '-')) {
        int sign = r->p[r->pos++] == '-' ? -1 : 1, hh, mm;
        if (!digits(r, 2, &hh) || !digits(r, 2, &mm) || hh > 23 || mm > 59) {
            *defects |= XS_TIME_BAD_SYNTAX;
            return 0;
        }
        return sign * (hh * 3600 + mm * 60);
    }
    return 0;
}

void xs_time_decode(xs_time *t)
{
    reader r = {t->value.p, t->value.len, 0};
    bool utc = t->tag == XS_TAG_UTC_TIME;
    int y, mo, d, h, mi, s = 0;
    unsigned defects = 0;
    if (!digits(&r, utc ? 2 : 4, &y) || !digits(&r, 2, &mo) || !digits(&r, 2, &d) ||
        !digits(&r, 2, &h) || !digits(&r, 2, &mi)) {
        t->defects = XS_TIME_BAD_SYNTAX;
        return;
    }
    if (utc) {
        y += y >= 50 ? 1900 : 2000; /* RFC 5280 4.1.2.5.1 */
    }
    if (!next_is_digit(&r)) {
        defects |= XS_TIME_NO_SECONDS;
    } else if (!digits(&r, 2, &s)) {
        defects |= XS_TIME_BAD_SYNTAX;
    }
    if (!utc && r.pos < r.len && (r.p[r.pos] == '.' || r.p[r.pos] == ',')) {
        defects |= XS_TIME_FRACTION;
        for (r.pos++; next_is_digit(&r); r.pos++) {
        }
    }
    int64_t offset = read_zone(&r, &defects);
    if (r.pos != r.len) {
        defects |= XS_TIME_BAD_SYNTAX;
    }
    if (!xs_valid_date(y, mo, d) || h > 23 || mi > 59 || s > 59) {
        defects |= XS_TIME_BAD_CALENDAR;
    }
    t->defects = defects;
    t->seconds = xs_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset;
}
