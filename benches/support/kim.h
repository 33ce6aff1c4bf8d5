/*
 * kim.h — the waste-collection VRPTW benchmark format of Kim, Kim & Sahoo
 * (2006) (files NNN_stop.txt): a reader that builds a wo_vrp_problem, and
 * a writer of solutions as JSON for the benchmark. Only benches, tests and
 * fuzz targets use it: linked into them, not into the library.
 *
 * File: five header lines whose first token is a number (vehicle capacity
 * yd3, route capacity yd3 per day, maximum regular stops per day, lunch
 * duration s, speed mph), a column-header line starting with "Stop_ID",
 * then one row per location: Stop_ID X(ft) Y(ft) Early(HHMM) Late(HHMM)
 * Service(s) Load(yd3) Type, separated by blanks or tabs, CRLF or LF.
 * HHMM values may have fewer than 4 digits (600 = 06:00); 2400 is the end
 * of the day. Type 0 is the depot (exactly one; its window is the shift),
 * type 2 a disposal site (at least one; its service time is the unload
 * time, its window the opening hours), type 1 a regular stop. The load
 * column of depot and disposal rows holds no load (the files put 9999.00
 * there) and is not read.
 *
 * Model built (the conventions of the benchmark's page):
 *  - distances are Manhattan |dx| + |dy| in feet / 5280 = miles, stored in
 *    the matrix in METRES (x 1609.344) as vrp.h requires; travel time (s)
 *    = miles / speed_mph * 3600;
 *  - stops carry their load in demand[0] (yd3; demand[1] = 0), one stream
 *    (0), one window [Early, Late] on the start of service;
 *  - one vehicle type: capacity[0] = vehicle capacity, max_load_per_day[0]
 *    = route capacity, max_stops, shift = the depot's window, cost_per_m =
 *    1 / 1609.344 so a route's cost is its length in miles, no fixed cost
 *    (set lexicographic on the problem to minimise vehicles first);
 *  - lunch: break_s = the header's lunch duration, taken inside the window
 *    [lunch_open_s, lunch_close_s] (default 11:00-13:00, the page's rule),
 *    so it starts between lunch_open_s and lunch_close_s - break_s: with
 *    the default one hour that is 11:00-12:00, which is also what the
 *    files' own comment says. Both ends are parameters.
 */
#ifndef WO_KIM_H
#define WO_KIM_H

#include "base/base.h"
#include "solver/vrp/vrp.h"

#define WO_KIM_M_PER_MI 1609.344
#define WO_KIM_MAX_ROWS 3000 /* rows (locations) accepted in one file */

/* Reader options; fill with wo_kim_params_init. */
typedef struct wo_kim_params {
    double lunch_open_s;  /* the lunch lies inside [open, close] (11:00)  */
    double lunch_close_s; /* (13:00)                                     */
    int vehicles;         /* fleet size offered; <= 0: one per stop      */
} wo_kim_params;

void wo_kim_params_init(wo_kim_params *p);

/* An instance read from a file; owns every array the problem points to. */
typedef struct wo_kim_instance {
    wo_vrp_problem pb;             /* the model (arrays below)              */
    double *dist_m;                /* [n_loc^2] metres                       */
    double *dur_s;                 /* [n_loc^2] seconds                      */
    wo_vrp_stop *stops;            /* [pb.n_stops] regular stops             */
    wo_vrp_facility *facilities;   /* [pb.n_facilities] disposal sites      */
    wo_vrp_vehicle_type type;      /* the one vehicle type                   */
    long depot_id;                 /* Stop_ID of the depot                   */
    double vehicle_capacity_yd3;   /* header line 1                          */
    double route_capacity_yd3;     /* header line 2                          */
    long max_stops;                /* header line 3                          */
    double lunch_s;                /* header line 4                          */
    double speed_mph;              /* header line 5                          */
} wo_kim_instance;

/* Parse the text of a file (len bytes, need not be NUL-terminated); name
 * is used in messages ("name:line: ..."). On success *ki owns its arrays
 * (release with wo_kim_free); on error *ki is left empty and err says
 * which line and field is wrong. Returns WO_OK, WO_EPARSE (malformed),
 * WO_ERANGE / WO_EINVAL (value out of range or inconsistent), WO_ETOOBIG
 * (more than WO_KIM_MAX_ROWS rows) or WO_ENOMEM. prm may be NULL. */
int wo_kim_parse(const char *text, size_t len, const char *name,
                 const wo_kim_params *prm, wo_kim_instance *ki, wo_err *err);

/* Read and parse a file (same contract; WO_EIO when it cannot be read). */
int wo_kim_read(const char *path, const wo_kim_params *prm,
                wo_kim_instance *ki, wo_err *err);

void wo_kim_free(wo_kim_instance *ki);

/* Append the solution as one JSON object to out:
 * {"vehicles":n,"distance_mi":x,"routes":[{"visits":[{"id":STOP_ID,
 * "start_s":S},...],"break_start_s":S},...]} — visits in order, disposal
 * visits included (their Stop_ID), depots and the break left out
 * (break_start_s is null for a route without one). */
int wo_kim_solution_json(const wo_kim_instance *ki, const wo_vrp_solution *sol,
                         wo_buf *out, wo_err *err);

/* Write that JSON (plus a newline) to path atomically (temporary file in
 * the same directory, then rename). */
int wo_kim_write_json(const char *path, const wo_kim_instance *ki,
                      const wo_vrp_solution *sol, wo_err *err);

#endif /* WO_KIM_H */
