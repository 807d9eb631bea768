#ifndef XS_CIVIL_H
#define XS_CIVIL_H

#include <stdbool.h>
#include <stdint.h>

/* xs_days_from_civil counts days from 1970-01-01 to y-m-d in the proleptic
 * Gregorian calendar (negative before 1970). */
int64_t xs_days_from_civil(int64_t y, int m, int d);

/* xs_civil_from_days is the inverse: the date `days` after 1970-01-01. */
void xs_civil_from_days(int64_t days, int64_t *y, int *m, int *d);

/* xs_valid_date says whether y-m-d exists (leap years included). */
bool xs_valid_date(int64_t y, int m, int d);

#endif /* XS_CIVIL_H */
