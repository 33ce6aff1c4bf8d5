/*
 * whatif.h — the changes of a what-if study, applied to a loaded
 * scenario before it is planned again.
 *
 * A change is one line of text; several may be joined by ';' into one
 * variant. The verbs:
 *
 *   close FACILITY            the facility goes out of service
 *   open FACILITY             a closed, planned or candidate facility
 *                             operates
 *   capacity FACILITY T_PER_D the facility's total daily capacity (its
 *                             processes keep their shares)
 *   scale STREAM FACTOR       the stream's demand times FACTOR (>= 0)
 *   fleet VEHICLE_TYPE +N|-N  vehicles added to / removed from the type
 *                             (never below 0); VEHICLE_TYPE may also be a
 *                             stream code: every type carrying it
 *   year YEAR                 the planning year (indicator targets)
 *   date YYYY-MM-DD           the plan date (season, reservations)
 *   add-site ID LON LAT STREAM KG_PER_DAY
 *                             a new collection point with a daily demand
 *                             of one stream, at WGS84 LON LAT
 *
 * Numbers are decimal, and what a change makes is held to the loader's
 * ranges (WO_RANGE_* in data/model.h): a capacity in [0, 100000] t/d, a
 * demand (added or scaled) at most 1e9 kg/d, a fleet at most 100000
 * vehicles of a type. A change outside them fails when applied, so that a
 * what-if study refuses it before any plan runs.
 */
#ifndef WO_PLAN_WHATIF_H
#define WO_PLAN_WHATIF_H

#include "data/model.h"

/* Apply `change` (one or more changes separated by ';') to sc. On failure
 * sc may be partly changed and err says which change and why, e.g.
 * "close 'X': no facility has this id". */
int wo_plan_apply_change(wo_scenario *sc, const char *change, wo_err *err);

/* 0 when `change` only changes what is held against the plan (the year of
 * the targets), so the plan of the unchanged scenario serves; 1 otherwise
 * (also for text that would not apply). */
int wo_plan_change_replans(const char *change);

#endif /* WO_PLAN_WHATIF_H */
