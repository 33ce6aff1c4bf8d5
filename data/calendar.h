/*
 * calendar.h — dates and the calendar of due days: which demand is due on
 * which day of a plan, and how many days of generation one visit collects.
 *
 * Dates are "YYYY-MM-DD" (proleptic Gregorian) and day numbers count days
 * since 1970-01-01. Every "YYYY-MM-DD" of the project is parsed here: the
 * scenario loader, the plan, the what-if changes and the command line.
 *
 * Due days: a demand collected every N days (its frequency, or its storage
 * limit when shorter — medical waste at most WO_MEDICAL_STORAGE_LIMIT_D
 * days) is due on the days where (day number + a fixed per-site phase) is
 * a multiple of N, and each visit collects N days of generation; the phase
 * comes from the site id, so consecutive nights share the work and a
 * re-run plans the same days. Seasonal demand counts in its months,
 * reservations (预约收运) on their date.
 */
#ifndef WO_DATA_CALENDAR_H
#define WO_DATA_CALENDAR_H

#include "data/model.h"

/* Days since 1970-01-01 of a "YYYY-MM-DD" date; *month_out (may be NULL)
 * receives 1..12. WO_EPARSE when the text is not a valid date (nothing
 * written then). */
int wo_calendar_parse(const char *date, long *days_out, int *month_out);

/* "YYYY-MM-DD" of a day number into buf[11]; *month_out (may be NULL)
 * receives 1..12. */
void wo_calendar_format(long days, char buf[11], int *month_out);

/* Whether demand row d of sc is due on day `day` (days since 1970-01-01)
 * and how many days of generation one visit collects (*days_collected; 0
 * when not due). */
int wo_calendar_demand_due(const wo_scenario *sc, const wo_demand *d,
                           long day, int *days_collected);

#endif /* WO_DATA_CALENDAR_H */
