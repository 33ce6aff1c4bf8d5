/*
 * vrp.h — the routing core's public interface: a rich vehicle-routing
 * problem with intermediate facilities (unload trips chosen by the solver),
 * breaks, multiple time windows, a heterogeneous fleet and optional stops.
 *
 * The problem is a plain struct whose arrays the caller owns; the solver
 * never keeps a pointer into it after wo_vrp_solve() returns. Locations are
 * indices into one travel matrix (distance in metres, duration in seconds,
 * row-major n_loc x n_loc). Times are seconds from midnight of the plan day.
 *
 * The files behind it and what each holds: solver/vrp/internal.h.
 *
 * Rules every solution obeys (and wo_vrp_check verifies independently):
 *  - every mandatory stop is served exactly once; an optional stop is served
 *    once or listed as unserved (its penalty is paid);
 *  - a route serves stops of one stream only, and its vehicle type allows
 *    that stream; a route starts at its type's start depot and ends at its
 *    end depot;
 *  - the load (per dimension) never exceeds the vehicle capacity; the
 *    vehicle unloads at a facility accepting the stream (chosen by the
 *    solver) whenever needed, and the last visit before the end depot is an
 *    unload when anything was collected (it returns empty); a problem with
 *    no facility at all is a classical CVRP: the end depot takes the load
 *    and there are no unload visits;
 *  - service starts inside one of the stop's time windows (waiting allowed);
 *    a trip (the part of a route from its start depot or an unload to the
 *    next unload) leaves its start no earlier than the release dates of
 *    the stops it serves;
 *    unloads start inside the facility's opening hours; the route's start
 *    and end lie inside the vehicle's shift window and its duration is at
 *    most the shift length;
 *  - a break of break_s starts within [break_earliest_s, break_latest_s] when
 *    the type has one (taken where the vehicle is, after a visit);
 *  - at most max_stops stops and at most max_load_per_day collected per
 *    route; the amounts unloaded at a facility over all routes stay within
 *    its daily capacity.
 */
#ifndef WO_VRP_H
#define WO_VRP_H

#include "base/base.h"

#include <stdint.h>

#define WO_VRP_DIMS 2   /* demand dimensions: [0] kg, [1] m3            */
#define WO_VRP_MAX_TW 4 /* time windows per stop                         */
#define WO_VRP_UNLIMITED (-1.0) /* a limit that does not apply            */

typedef struct wo_vrp_tw {
    double open_s;  /* earliest service start */
    double close_s; /* latest service start   */
} wo_vrp_tw;

typedef struct wo_vrp_stop {
    int loc;                        /* matrix index                        */
    int stream;                     /* stream id, 0..63                    */
    double demand[WO_VRP_DIMS];     /* amount collected (kg, m3) >= 0      */
    double service_s;               /* service duration                    */
    double release_s;               /* release date, 0: none: the trip that
                                       serves it (from the start depot or
                                       an unload to the next unload) leaves
                                       its start no earlier               */
    int n_tw;                       /* 0 = always open                     */
    wo_vrp_tw tw[WO_VRP_MAX_TW];    /* sorted, disjoint                    */
    int optional;                   /* may be left unserved                */
    double penalty;                 /* cost when unserved (optional only)  */
    long ext_id;                    /* caller's identifier, echoed back    */
} wo_vrp_stop;

typedef struct wo_vrp_facility {
    int loc;                        /* matrix index                         */
    uint64_t streams;               /* bit s set: accepts stream s          */
    double unload_s;                /* duration of one unload               */
    double open_s, close_s;         /* opening hours (unload start in them) */
    double capacity[WO_VRP_DIMS];   /* per day over all vehicles, or WO_VRP_UNLIMITED */
    long ext_id;
} wo_vrp_facility;

typedef struct wo_vrp_vehicle_type {
    int count;                      /* vehicles available (>= 0)            */
    double capacity[WO_VRP_DIMS];   /* per trip; WO_VRP_UNLIMITED allowed   */
    double max_load_per_day[WO_VRP_DIMS]; /* per route, or WO_VRP_UNLIMITED */
    int max_stops;                  /* per route, <= 0: no limit             */
    double fixed_cost;              /* per vehicle used                      */
    double cost_per_m;              /* per metre driven                      */
    double cost_per_s;              /* per second of route duration          */
    double speed_factor;            /* travel time = matrix duration * factor (1 if 0) */
    int start_loc, end_loc;         /* depots (matrix indices)               */
    double shift_open_s;            /* earliest departure from start depot   */
    double shift_close_s;           /* latest return to end depot            */
    double max_duration_s;          /* shift length, <= 0: no limit          */
    double break_s;                 /* 0: no break                           */
    double break_earliest_s, break_latest_s; /* window for the break start  */
    uint64_t streams;               /* streams this type may carry           */
    long ext_id;
} wo_vrp_vehicle_type;

typedef struct wo_vrp_problem {
    int n_loc;                      /* matrix side                           */
    const double *dist_m;           /* [n_loc*n_loc], >= 0, finite           */
    const double *dur_s;            /* [n_loc*n_loc], >= 0, finite           */
    int n_stops;
    const wo_vrp_stop *stops;
    int n_facilities;
    const wo_vrp_facility *facilities;
    int n_types;
    const wo_vrp_vehicle_type *types;
    int lexicographic;              /* 1: fewest vehicles first, then cost
                                       (solved in phases, see strategy.c) */
    /* Stability against an earlier solution (all optional; zero: none).
     * A fleet vehicle is numbered over the types in order: types[0]'s
     * vehicles 0..count-1, then types[1]'s, and so on. */
    const int *pref_vehicle;        /* [n_stops] or NULL: the vehicle each
                                       stop had (fleet number), -1: none   */
    const int *pref_pos;            /* [n_stops] or NULL: its position on
                                       that vehicle's route (the order of
                                       the warm start; ties by stop index) */
    double stability_penalty;       /* cost added per served stop whose
                                       vehicle is not its pref_vehicle
                                       (>= 0); counted in the search's
                                       objective, never in the solution's
                                       cost. When > 0 the set-partitioning
                                       finish and the decomposition are
                                       left out (their routes ignore it)  */
    int warm_start;                 /* 1: with pref_vehicle, the search
                                       starts from those routes (stops in
                                       pref_pos order, those without a
                                       usable vehicle unserved, routes that
                                       break a rule repaired by the search)
                                       instead of its own first solution  */
} wo_vrp_problem;

typedef enum wo_vrp_visit_kind {
    WO_VISIT_DEPOT = 0,  /* index: unused (-1)          */
    WO_VISIT_STOP = 1,   /* index: stop                  */
    WO_VISIT_UNLOAD = 2, /* index: facility              */
    WO_VISIT_BREAK = 3   /* index: -1; at the previous visit's location */
} wo_vrp_visit_kind;

typedef struct wo_vrp_visit {
    wo_vrp_visit_kind kind;
    int index;
    double arrival_s;               /* arrival at the location              */
    double start_s;                 /* service / unload / break start        */
    double depart_s;                /* departure                             */
    double load_after[WO_VRP_DIMS]; /* on board after this visit             */
} wo_vrp_visit;

typedef struct wo_vrp_route {
    int type;                       /* vehicle type index                    */
    int vehicle;                    /* 0..count-1 within the type            */
    int stream;                     /* the one stream it carries (-1: empty) */
    int n_visits;                   /* including the two depot visits        */
    wo_vrp_visit *visits;           /* owned by the solution                 */
    double dist_m, dur_s, cost;
} wo_vrp_route;

typedef enum wo_vrp_status {
    WO_VRP_FEASIBLE = 0,   /* every mandatory stop served                     */
    WO_VRP_PARTIAL,        /* some mandatory stops could not be served        */
    WO_VRP_OPTIMAL         /* proven optimal (exact MIP)                      */
} wo_vrp_status;

/* Why a stop is unserved. */
typedef enum wo_vrp_unserved_reason {
    WO_UNSERVED_PENALTY = 0,   /* optional, cheaper to skip              */
    WO_UNSERVED_NO_VEHICLE,    /* no vehicle type allows its stream      */
    WO_UNSERVED_TOO_HEAVY,     /* demand above every allowed capacity    */
    WO_UNSERVED_NO_FACILITY,   /* no facility accepts its stream         */
    WO_UNSERVED_TIME,          /* no reachable time window / shift       */
    WO_UNSERVED_UNREACHABLE,   /* matrix says unreachable                */
    WO_UNSERVED_CAPACITY       /* fleet or facility capacity exhausted   */
} wo_vrp_unserved_reason;
const char *wo_vrp_unserved_reason_name(wo_vrp_unserved_reason r);

typedef struct wo_vrp_unserved {
    int stop;
    wo_vrp_unserved_reason reason;
} wo_vrp_unserved;

typedef struct wo_vrp_solution {
    wo_vrp_status status;
    int n_routes;
    wo_vrp_route *routes;           /* owned                                 */
    int n_unserved;
    wo_vrp_unserved *unserved;      /* owned                                 */
    double cost;                    /* total objective incl. penalties       */
    double dist_m, dur_s;
    int vehicles_used;
    double lower_bound;             /* proven bound when known, else NaN     */
    long iterations;
    double seconds;
    int stalled;                    /* 1: the search ended before its limits
                                       because it stopped improving
                                       (stall_iterations / stall_s)         */
    long moves_screened;            /* local-search moves whose cost was
                                       bounded (every phase of this seed)   */
    long moves_evaluated;           /* ... of those, the moves whose routes
                                       were driven in full                  */
} wo_vrp_solution;

/* Decomposition of large instances (wo_vrp_params.decompose). */
typedef enum wo_vrp_decomp {
    WO_VRP_DECOMP_OFF = 0,   /* never                                       */
    WO_VRP_DECOMP_AUTO,      /* from a few thousand stops (solver/vrp/
                                internal.h, VRP_DECOMP_FROM)                */
    WO_VRP_DECOMP_ALWAYS     /* at any size                                 */
} wo_vrp_decomp;

typedef struct wo_vrp_params {
    double time_limit_s;            /* <= 0: none (iteration limit must be set);
                                       with max_iterations only a cap: every
                                       decision then comes from counts, and
                                       the time limit merely stops a search
                                       that runs past it                    */
    long max_iterations;            /* <= 0: none                            */
    uint64_t seed;
    int threads;                    /* independent searches run at once
                                       (seeds seed, seed+1, ...; the best
                                       kept); any count is deterministic
                                       under an iteration limit            */
    int set_partitioning;           /* finish with the GLPK SP MIP (default 1) */
    double sp_time_limit_s;         /* its time (> 0), else sp_share below  */
    double sp_share;                /* under a time limit: the MIP's time as
                                       a share of time_limit_s when
                                       sp_time_limit_s is 0 (default 0.1)   */
    double sp_share_max;            /* under a time limit: the MIP's time is
                                       at most this share of time_limit_s
                                       (default 0.5)                        */
    long sp_node_limit;             /* under an iteration limit: the MIP's
                                       branch-and-bound subproblems at most
                                       (default 1000; <= 0: none)           */
    long stall_iterations;          /* stop rule: each search (each phase of
                                       strategy.c) ends once this many
                                       iterations in a row found no better
                                       solution (<= 0: none, the default)   */
    double stall_s;                 /* the same in seconds (<= 0: none, the
                                       default); ignored under an iteration
                                       limit, so that a seed and an
                                       iteration limit still give one
                                       answer                               */
    int decompose;                  /* wo_vrp_decomp (default AUTO): a first
                                       search on one thread, then rounds in
                                       which groups of neighbouring routes
                                       are improved as subproblems, in
                                       parallel on `threads` threads
                                       (solver/vrp/decomp.c)               */
    int decomp_stops;               /* stops per subproblem, about
                                       (default 400)                        */
    long decomp_iterations;         /* iterations of each subproblem's
                                       search (default 500)                 */
    int decomp_rounds;              /* rounds at most; <= 0 (the default):
                                       until the time limit, or 4 under an
                                       iteration limit                      */
    wo_progress_fn progress;        /* may be NULL                           */
    void *progress_ud;
    wo_cancel_flag *cancel;         /* may be NULL                           */
} wo_vrp_params;

/* The defaults: a 10 s time limit, no iteration limit, seed 1, one
 * thread, the set-partitioning finish on its default shares and node
 * limit, decomposition on AUTO. */
void wo_vrp_params_init(wo_vrp_params *p);

/* Validate a problem: returns WO_OK or WO_EINVAL with a message naming the
 * offending stop / type / facility / matrix entry. */
int wo_vrp_validate(const wo_vrp_problem *pb, wo_err *err);

/* Solve with the metaheuristic (+ SP MIP). The solution is written to *sol
 * (initialise with wo_vrp_solution_init; freed with wo_vrp_solution_free).
 * Returns WO_OK even when some stops are unserved (they are listed). */
int wo_vrp_solve(const wo_vrp_problem *pb, const wo_vrp_params *prm,
                 wo_vrp_solution *sol, wo_err *err);

/* Independent feasibility check of a solution against every rule above,
 * and recomputation of its cost; written apart from the solver's own
 * evaluation. Returns WO_OK or WO_EINFEASIBLE with the first violation. */
int wo_vrp_check(const wo_vrp_problem *pb, const wo_vrp_solution *sol,
                 double *cost_out, wo_err *err);

void wo_vrp_solution_init(wo_vrp_solution *sol);
void wo_vrp_solution_free(wo_vrp_solution *sol);

#endif /* WO_VRP_H */
