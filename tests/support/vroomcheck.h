/*
 * vroomcheck.h — an independent checker of a VROOM-format solution
 * against its VROOM-format problem (both read as JSON text with jansson;
 * nothing of cli/vroom.c or solver/vrp is used). What it verifies:
 *
 *  - the solution: code 0, summary, routes and unassigned present; every
 *    job exactly once, either on a route (a `job` step) or in unassigned;
 *    every route's vehicle exists and has one route at most;
 *  - steps: a `start` first exactly when the vehicle has a start, an `end`
 *    last exactly when it has an end, at the vehicle's place; a job step at
 *    its job's place; an `unload` step at a facility (the waste extension);
 *  - skills: the vehicle has every skill of each job it serves; a facility
 *    with skills shares one with each job whose load it takes;
 *  - loads: recomputed (start: the deliveries of the route; a job takes
 *    off its delivery and adds its pickup; an unload empties), equal to the
 *    reported ones, within the capacity; with facilities a route that
 *    picked anything up ends with an unload; what facilities take per day
 *    stays within their capacity;
 *  - time: arrival = previous departure + travel (the matrix's durations
 *    when the problem has them, else the difference of the reported
 *    cumulative durations, which must never decrease), departure = arrival
 *    + waiting + service; job service starts in one of its windows, an
 *    unload in the facility's window, the break in its window with its
 *    length, one break per used vehicle that has one; start and end within
 *    the vehicle's time window; at most max_tasks jobs;
 *  - totals: each route's service, waiting, duration (and distance with a
 *    distance matrix) are the sums of its steps; the route cost is VROOM's
 *    (fixed + per_hour x travel + per_km x distance, or the costs matrix)
 *    within 1; the summary is the sum of the routes.
 */
#ifndef WO_TEST_VROOMCHECK_H
#define WO_TEST_VROOMCHECK_H

#include <stddef.h>

/* 0 when the solution passes, else 1 with the first violation in
 * msg[0..msg_len) (a problem or solution that is not JSON is a violation
 * too). */
int wo_vroomcheck(const char *problem, size_t problem_len,
                  const char *solution, size_t solution_len, char *msg,
                  size_t msg_len);

#endif /* WO_TEST_VROOMCHECK_H */
