/*
 * vrplib.h — rich VRPLIB instances in PyVRP's dialect (the folders of
 * ../shared/bench/vrplib/): VRPTW (Gehring & Homberger), MTVRPTWR
 * (multi-trip VRPTW with release dates; a reload is a depot visit inside
 * a route) and HFVRP (heterogeneous fleet, one line per vehicle). Only
 * benches and tests use it: linked into them, not into the library.
 *
 * Conventions (each folder's README.source.md):
 *  - VRPTW and MTVRPTWR: Euclidean distances truncated to one decimal
 *    (DIMACS), durations equal to them, times in the file's units; a .sol
 *    states the total distance (VRPTW) or ten times it (MTVRPTWR, whose
 *    costs PyVRP keeps integral). The depot's window is the shift: routes
 *    leave and return inside it, reloads start inside it and take no time.
 *    A trip (from the depot or a reload to the next reload or the end)
 *    leaves no earlier than the release dates of its clients.
 *  - HFVRP: exact Euclidean distances; vehicle k has its own capacity,
 *    fixed cost and unit distance cost, both costs scaled by 100 in the
 *    file (a missing unit cost section means 1); a .sol states the cost
 *    divided by 100, and its route k is driven by vehicle k.
 *  - .sol node numbers are 0-based node indices (0 the depot); "Route #k:"
 *    lines, then "Cost X".
 *
 * Quirks of files in the wild. Accepted as they are: "KEY : VALUE" and
 * "KEY: VALUE", tabs or spaces. Normalised with a warning naming file and
 * line (the first of each kind, with a count when there are more): CRLF
 * line ends, stray whitespace (blank lines, leading or trailing blanks),
 * unknown header keys and sections (skipped), and clock times in the time
 * sections, "H:MM"/"HH:MM" or four digits with a leading zero ("0845"),
 * read as minutes since midnight (the file's time unit taken as the
 * minute). Refused with an error naming file, line and field: a bare time
 * of three or more digits that reads as HHMM too ("845": 845 or 08:45) in
 * a file that writes other times as clocks, since both readings are
 * plausible there; a bare time that cannot be HHMM ("875": minute 75) is
 * a plain number. Anything malformed or impossible is refused likewise.
 */
#ifndef WO_BENCH_VRPLIB_H
#define WO_BENCH_VRPLIB_H

#include "solver/vrp/vrp.h"

#define WO_VRPLIB_MAX_NODES 20000     /* DIMENSION accepted at most     */
#define WO_VRPLIB_MAX_VEHICLES 100000 /* VEHICLES accepted at most      */

typedef enum wo_vrplib_kind {
    WO_VRPLIB_VRPTW = 0,
    WO_VRPLIB_MTVRPTWR,
    WO_VRPLIB_HFVRP
} wo_vrplib_kind;

/* Receives each warning ("file:line: ..."). */
typedef void (*wo_vrplib_warn_fn)(void *ud, const char *msg);

typedef struct wo_vrplib {
    char name[128];          /* NAME (or the file's base name)           */
    wo_vrplib_kind kind;     /* TYPE                                     */
    int n;                   /* DIMENSION: nodes, the depot included     */
    int depot;               /* 0-based depot node                       */
    int n_vehicles;          /* VEHICLES                                 */
    double capacity;         /* CAPACITY (VRPTW, MTVRPTWR)               */
    double *x, *y;           /* [n] coordinates                          */
    double *demand;          /* [n]                                      */
    double *service;         /* [n] service time (0 at the depot)        */
    double *tw_open;         /* [n] window (the depot's: the shift), or
                                NULL without TIME_WINDOW_SECTION         */
    double *tw_close;        /* [n]                                      */
    double *release;         /* [n] release dates, or NULL               */
    double *veh_capacity;    /* [n_vehicles] (HFVRP), or NULL            */
    double *veh_fixed;       /* [n_vehicles] scaled by 100, or NULL      */
    double *veh_unit;        /* [n_vehicles] scaled by 100, or NULL      */
} wo_vrplib;

/* Parse text[0..len) (need not be NUL-terminated); `file` names it in
 * messages. Warnings go to warn (may be NULL). On success *in owns its
 * arrays (wo_vrplib_free); on error nothing is kept and err says
 * "file:line: field: ...". */
int wo_vrplib_parse(const char *text, size_t len, const char *file,
                    wo_vrplib *in, wo_vrplib_warn_fn warn, void *ud,
                    wo_err *err);
/* Read and parse a .vrp file. */
int wo_vrplib_read(const char *path, wo_vrplib *in, wo_vrplib_warn_fn warn,
                   void *ud, wo_err *err);
void wo_vrplib_free(wo_vrplib *in);

/* An instance as a routing problem. Locations are the nodes; one stop per
 * client (ext_id = node index); the depot's window is each type's shift.
 * MTVRPTWR: one facility at the depot (reloads, no unload time, open over
 * the depot's window). HFVRP: one type per distinct (capacity, fixed,
 * unit cost), costs divided by 100, veh_of[] lists the instance's
 * vehicles type after type. */
typedef struct wo_vrplib_model {
    wo_vrp_problem pb;           /* points into the arrays below           */
    double *dist;                /* [n*n] (owned)                          */
    wo_vrp_stop *stops;          /* (owned)                                */
    wo_vrp_vehicle_type *types;  /* (owned)                                */
    wo_vrp_facility fac;         /* the reload facility (MTVRPTWR)         */
    int *type_first;             /* [n_types+1] first veh_of entry of type */
    int *veh_of;                 /* [n_vehicles] 0-based vehicle index    */
} wo_vrplib_model;

int wo_vrplib_model_build(const wo_vrplib *in, wo_vrplib_model *m,
                          wo_err *err);
void wo_vrplib_model_free(wo_vrplib_model *m);

/* A cost of the core (model units) in the units a .sol states. */
double wo_vrplib_sol_cost(const wo_vrplib *in, double core_cost);
/* Print a .sol cost as the reference files do (VRPTW one decimal,
 * MTVRPTWR an integer, HFVRP two decimals) into buf. */
void wo_vrplib_format_cost(const wo_vrplib *in, double sol_cost, char *buf,
                           size_t size);

/* Write a solution of wo_vrplib_model_build's problem as a .sol: routes
 * with their clients and "0" for each reload (HFVRP: one line per vehicle
 * of the instance, route k its k-th), then "Cost X". Atomic. */
int wo_vrplib_write_sol(const char *path, const wo_vrplib *in,
                        const wo_vrplib_model *m, const wo_vrp_solution *sol,
                        wo_err *err);

/* What a recount found. */
typedef struct wo_vrplib_count {
    double cost;    /* in .sol units                      */
    int vehicles;   /* routes that serve a client          */
    int reloads;    /* depot visits inside routes          */
} wo_vrplib_count;

/* Recount the .sol at path against the instance by its own conventions,
 * from the coordinates and sections alone (nothing of the routing core):
 * every client once, capacity per trip, windows, release dates, the
 * depot's window, the fleet, and the cost. WO_OK with *out, or
 * WO_EINFEASIBLE / WO_EPARSE with "path:line: ..." in err. */
int wo_vrplib_recount(const wo_vrplib *in, const char *path,
                      wo_vrplib_count *out, wo_err *err);

#endif /* WO_BENCH_VRPLIB_H */
