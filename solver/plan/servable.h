/*
 * servable.h — what a district-run fleet can carry in a day, against
 * what its district has due: the per-district side of validate's fleet
 * bounds (data/validate.h), so that a scenario that validates OK has no
 * district whose household waste its own vehicles cannot haul.
 */
#ifndef WO_PLAN_SERVABLE_H
#define WO_PLAN_SERVABLE_H

#include "data/validate.h"

/* For each district-run stream (scenario.json fleet_sharing), district and
 * day of the scenario's horizon: an error "district_fleet_capacity" in c
 * when the kg or m3 due in the district is above the most the vehicles
 * allowed there can load in a day. Each vehicle drives from its depot to
 * the nearest due site of the district, makes n loads (a visit, a drive to
 * the nearest place the city's rules let it unload the stream, the unload,
 * and but for the last the drive back) and drives from the nearest such
 * place to its end depot, with its break, within its shift; all legs are
 * the least of their kind (great circle x the circuity factor at the
 * type's speed, as the plan without a road graph), so the figure is an
 * upper bound and an error means no routing can serve the district.
 * A stream of the rules kept out of a facility counts the facility only
 * when the others cannot hold the day's demand (the plan's emergency).
 * One error per stream and district (the first day short). Returns WO_OK
 * or WO_ENOMEM. */
int wo_check_district_loads(const wo_scenario *sc, wo_check *c);

/* The same bound for the district of site `site` (a site of stream s):
 * 1 when the mandatory demand of s due there on `day` (days since
 * 1970-01-01) is above what the vehicles allowed there can load, with the
 * sentence in why (size bytes); 0 otherwise (also when out of memory).
 * The plan gives it as the reason ("capacity") of what routing leaves. */
int wo_district_day_short(const wo_scenario *sc, int s, int site, long day,
                          char *why, size_t size);

#endif /* WO_PLAN_SERVABLE_H */
