/*
 * calendar.c — dates and due days. See calendar.h.
 *
 * The day arithmetic follows H. Hinnant's public-domain description of the
 * civil-date algorithms (days from civil date and back), valid for every
 * proleptic Gregorian date.
 */
#include "data/calendar.h"

#include <stdio.h>
#include <string.h>

/* Days from civil date (proleptic Gregorian). */
static long days_from_civil(long y, int m, int d)
{
    long era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int wo_calendar_parse(const char *date, long *days_out, int *month_out)
{
    static const int mdays[12] = {31, 29, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
    int i, y, m, d;
    if (!date || strlen(date) != 10 || date[4] != '-' || date[7] != '-')
        return WO_EPARSE;
    for (i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (date[i] < '0' || date[i] > '9'))
            return WO_EPARSE;
    y = (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 +
        (date[3] - '0');
    m = (date[5] - '0') * 10 + (date[6] - '0');
    d = (date[8] - '0') * 10 + (date[9] - '0');
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return WO_EPARSE;
    if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
        return WO_EPARSE;
    if (days_out)
        *days_out = days_from_civil(y, m, d);
    if (month_out)
        *month_out = m;
    return WO_OK;
}

void wo_calendar_format(long days, char buf[11], int *month_out)
{
    long z = days + 719468, era, doe, yoe, y, doy, mp, d, m;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)(y % 10000 + 10000) % 10000u,
             (unsigned)m % 100u, (unsigned)d % 100u);
    if (month_out)
        *month_out = (int)m;
}

/* FNV-1a of a string: the fixed per-site phase of periodic collection. */
static uint32_t str_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; s && *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h;
}

int wo_calendar_demand_due(const wo_scenario *sc, const wo_demand *d,
                           long day, int *days_collected)
{
    char date[11];
    int month, every;
    wo_calendar_format(day, date, &month);
    *days_collected = 0;
    if (d->kg_per_day <= 0 && d->m3_per_day <= 0)
        return 0;
    if (!(d->months & (1u << (month - 1))))
        return 0;
    if (d->date[0]) { /* a reservation: that day only, its own amount */
        if (strcmp(d->date, date) != 0)
            return 0;
        *days_collected = 1;
        return 1;
    }
    every = d->frequency_d > 0 ? d->frequency_d : 1;
    if (d->storage_limit_d > 0 && d->storage_limit_d < every)
        every = d->storage_limit_d;
    if (every > 1) {
        long phase = (long)(str_hash(sc->sites[d->site].id) % (uint32_t)every);
        if (((day + phase) % every + every) % every != 0)
            return 0;
    }
    *days_collected = every;
    return 1;
}
