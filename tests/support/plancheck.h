/*
 * plancheck.h — an independent checker of a written plan: it reads
 * plan.json (not the in-memory plan) and holds it against the scenario,
 * using none of solver/plan/ nor data/calendar.c. What it verifies:
 *
 *  - every route: starts at its vehicle type's start depot and ends empty
 *    at its end depot; the last visit before the end depot is an unload
 *    when anything was collected; loads follow the visits (a stop adds its
 *    amount, an unload removes its amount) and stay within the type's
 *    capacity; times are ordered (arrival <= start <= depart, each visit
 *    after the previous departure); the route lies in the shift window and
 *    within the shift length;
 *  - streams: the type may carry the route's stream, every stop collects a
 *    demand of that stream at that site, every unload is at a facility
 *    accepting it (or, for cd_spoil, a site that needs fill; for medical
 *    waste, a hospital or health centre with storage); a vehicle
 *    runs at most one route a day (so one stream a day), and one that
 *    carries medical waste carries nothing else over the whole plan;
 *  - time windows: stop service starts in one of the demand's windows
 *    (the site's when the demand has none), unloads in opening hours;
 *  - facility capacity: per day, what is unloaded at a facility stays
 *    within the sum of its processes' capacities, and what is left at a
 *    medical storage node within its storage capacity;
 *  - spoil (cd_spoil) and slurry (cd_slurry) move in truckload transfers
 *    from their site (to a site needing fill or a facility), never more
 *    per trip than the largest vehicle carrying the stream holds;
 *  - full loads: transfer routes run on transfer-role types, haul routes
 *    on the others, collection routes on collection types; on transfer
 *    and haul routes every load (at a station in its hours, a spoil or
 *    slurry site in its windows, a medical storage node) is followed by
 *    the unload of all of it; a station loads no more of a stream a day
 *    than the routes unloaded there; and the routes carry, per day,
 *    stream, origin and destination, exactly the trips and tonnes that
 *    the transfers list;
 *  - demand: for every demand row and day, served (stops, and spoil and
 *    slurry transfers) + unserved is either 0
 *    or one full visit (rate x interval, interval = frequency or the
 *    storage limit when shorter); the visit days of a periodic demand are
 *    exactly `interval` apart, the first within the first interval and the
 *    last within the last one (so medical waste never waits longer than
 *    its storage limit); a reservation only on its date; nothing outside
 *    the demand's months;
 *  - the summary: routes and vehicles counted as listed.
 */
#ifndef WO_TEST_PLANCHECK_H
#define WO_TEST_PLANCHECK_H

#include "data/model.h"

#include "cli/json.h"
#include <stddef.h>

/* Check the plan document `doc` (parsed plan.json) against `sc` (the
 * scenario it was made from, with the plan's date). Returns 0 when every
 * rule holds, else -1 with the first violation in msg. */
int ts_plan_check(const wo_scenario *sc, const wo_json *doc, char *msg,
                  size_t msg_size);

/* The same for a plan.json file. */
int ts_plan_check_file(const wo_scenario *sc, const char *path, char *msg,
                       size_t msg_size);

#endif /* WO_TEST_PLANCHECK_H */
