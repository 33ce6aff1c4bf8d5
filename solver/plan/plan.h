/*
 * plan.h — the nightly plan: from a loaded scenario, the collection routes
 * of every stream family, the second-echelon transfer trips, the stops that
 * cannot be served (with the reason) and a summary.
 *
 * The folder solver/plan/ is the plan layer, one file per job:
 *   plan.c             the entry, wo_plan_run, and the plan's lifetime
 *   jobs.c, travel.c   the routing problems per day and unit, and their
 *                      travel matrices
 *   workers.c          the worker threads that solve them
 *   rescue.c           the rescue pass of the stops left out
 *   assembly.c         routes, visits and unserved reasons into the plan
 *   echelon.c          second-echelon transfers and slurry
 *   earthwork.c        the spoil balance
 *   haul.c             their full loads on the vehicles, chained in
 *                      routes
 *   budget.{h,c}       the time shares of the plan's deadline
 *   routing.c          the link to the routing core (solver/vrp)
 *   baseline.c         stable territories: the stops of an earlier plan
 *                      on their vehicles (wo_plan_params.baseline)
 *   geometry.c         road geometry of the routes
 *   indicator_flows.c  the annex indicators of a plan or a siting study
 *   site.{h,c}         the facility-siting study (solver/flow/network.h)
 *   whatif.{h,c}       the changes of a what-if study
 *   internal.h         what these files share (not public)
 * The calendar of due days is data/calendar.h.
 *
 * How a plan is made (DESIGN.md, "Data flow of the main job"):
 *  - Days: the plan covers `days` consecutive days from the scenario date;
 *    each demand is due on the days of its calendar (data/calendar.h:
 *    frequency, storage limit, season, reservations), and each visit
 *    collects the days of generation since the last.
 *  - Routing units: streams that share a vehicle type are routed together
 *    (a vehicle still carries one stream per route); everything else is
 *    routed apart, so medical waste, with its dedicated fleet, is its own
 *    unit. One routing problem per unit and day.
 *  - A stop that no vehicle of its unit can serve even alone (the round
 *    trip from the depot through the site and the nearest facility, with
 *    service, unloading and the break, is longer than the shift) is not
 *    routed: it is listed as unserved ("shift") with those figures.
 *  - Each problem goes to the routing core (solve function below); the
 *    problems run in parallel on `threads` workers, and the first share of
 *    the plan's time (budget.h) is shared among them in proportion to
 *    their number of stops.
 *    Mandatory demand is handed to the routing core as optional stops at
 *    a prize (1e6 CNY) above the cost of any route: a solution leaving a
 *    stop out then still keeps every rule, so the search serves as many
 *    stops as it can fit instead of holding routes that break the rules
 *    (which the core's final repair would cut down). What is left out
 *    this way is listed as "no_route".
 *  - Rescue pass: the mandatory stops a problem's solution still left out
 *    for time or capacity form a second, small problem on the vehicles
 *    that solution did not use and the facility capacity the day's first
 *    problems left, each rescue stop first taking its nearest facility's
 *    leftover (the one of its shortest trip within a shift); it runs
 *    until the routing share of the plan's time (budget.h), and its
 *    routes join the plan.
 *  - Unloads: any usable (operating or planned) facility accepting the
 *    stream. A facility's daily capacity is shared between the units that
 *    use it in proportion to their demand.
 *  - Spoil (cd_spoil) is not collected on routes: it moves in full
 *    truckloads from each site to sites that need fill first, then to
 *    spoil facilities, by the earthwork-balance MIP of
 *    solver/flow/earthwork.h (土方平衡); the trips are listed as transfers
 *    from the site. Slurry (cd_slurry) likewise goes from each site in
 *    tanker loads to the dewatering plants, by the transfer MIP below.
 *  - Full loads on vehicles (haul.c): the trips of the transfer MIP and
 *    of the earthwork MIP, longest first, each go on a vehicle of the
 *    scenario (second echelon: types of role transfer; spoil and slurry:
 *    the other types carrying them, that run no collection route that
 *    day) which loads, drives, unloads within the facility's hours and
 *    still returns within its shift; a vehicle chains trips in one route
 *    (kind transfer or haul). What no vehicle can carry is unserved
 *    ("fleet_capacity", "shift", "no_vehicle"); the transfers list what
 *    the routes carry, and the summary counts those routes' costs.
 *  - Medical waste: hospitals and township health centres with storage
 *    capacity are transfer-storage nodes (中转贮存): the dedicated fleet may
 *    unload there, up to that capacity.
 *  - Second echelon: what was unloaded at a transfer or storage process or
 *    a medical storage node goes on in truckloads to facilities that treat
 *    the stream, by the transfer MIP of solver/flow/transfer.h (least trip
 *    cost within the plants' remaining intake, trucks of the largest
 *    transfer vehicle's payload; the nearest plant with room first when
 *    the MIP finds no solution); what finds no room is listed as unserved
 *    ("treatment_capacity").
 *  - Travel: with a road graph, the fastest road routes between the points
 *    snapped onto it (contraction hierarchies, geo/matrix.h), times the
 *    vehicle type's speed factor; a point farther from the road than
 *    max_snap_m (1 km) makes the run fail before any solving, naming the
 *    farthest place and its distance (a graph of another region), unless
 *    allow_far: then it is routed from its snapped position and listed
 *    in the plan's far[] (summary.far_points counts them); a pair with
 *    no road route is made so long that no shift can use it. Without a graph, great-circle distance times the
 *    scenario's circuity factor, at the vehicle type's speed.
 */
#ifndef WO_PLAN_H
#define WO_PLAN_H

#include "base/base.h"
#include "data/model.h"
#include "geo/graph.h"
#include "solver/vrp/vrp.h"

/* What a visit of a route is. */
typedef enum wo_plan_visit_kind {
    WO_PLAN_DEPOT = 0,    /* leaving or returning to the depot            */
    WO_PLAN_STOP = 1,     /* collecting at a site                         */
    WO_PLAN_UNLOAD = 2,   /* unloading at a facility (or a fill site)     */
    WO_PLAN_BREAK = 3,    /* the driver's break, where the vehicle is     */
    WO_PLAN_LOAD = 4      /* loading a full load at a transfer or storage
                             facility, a medical storage node or a site
                             (spoil, slurry) on a transfer or haul route */
} wo_plan_visit_kind;

/* "depot", "stop", "unload", "break", "load". */
const char *wo_plan_visit_kind_name(wo_plan_visit_kind k);

/* One visit of a route. */
typedef struct wo_plan_visit {
    wo_plan_visit_kind kind;   /* what happens                              */
    const char *site;          /* id of the depot, site or facility (owned
                                  by the plan)                              */
    double lon_deg, lat_deg;   /* position, WGS84                           */
    double arrival_s;          /* arrival, seconds from midnight of its day */
    double start_s;            /* service / unload / break start            */
    double depart_s;           /* departure                                 */
    double amount_kg;          /* collected (stop) or unloaded (unload)     */
    double load_after_kg;      /* on board after the visit                  */
    int demand;                /* demand row index (stop), else -1          */
    int facility;              /* facility index (unload at a facility),
                                  else -1 (fill sites are sites)            */
} wo_plan_visit;

/* What a route does. */
typedef enum wo_plan_route_kind {
    WO_PLAN_ROUTE_COLLECTION = 0, /* collects at sites, unloads at plants  */
    WO_PLAN_ROUTE_TRANSFER = 1,   /* second echelon: full loads from
                                     stations to the plants (haul.c)      */
    WO_PLAN_ROUTE_HAUL = 2        /* full loads from sites: spoil, slurry */
} wo_plan_route_kind;

/* "collection", "transfer", "haul". */
const char *wo_plan_route_kind_name(wo_plan_route_kind k);

/* One vehicle's route on one day. */
typedef struct wo_plan_route {
    const char *vehicle;       /* vehicle name "TYPE/N" (owned by the plan) */
    const char *vehicle_type;  /* vehicle type id                           */
    int type;                  /* vehicle type index in the scenario        */
    wo_stream stream;          /* the one stream it carries                 */
    const char *depot;         /* start depot id                            */
    int day;                   /* 0-based day of the horizon                */
    int n_visits;              /* visits, depot first and last              */
    wo_plan_visit *visits;     /* owned by the plan                         */
    double dist_m;             /* distance driven                           */
    double dur_s;              /* route duration                            */
    double cost_cny;           /* cost of the route (fixed + km + hours)    */
    double collected_kg;       /* total collected (transfer and haul
                                  routes: total loaded)                    */
    wo_plan_route_kind kind;   /* collection, transfer or haul route        */
    int n_path;                /* points of the road geometry, 0: none      */
    double *path_lonlat;       /* [2*n_path] lon,lat along the roads, from
                                  wo_plan_road_geometry (owned by the plan) */
} wo_plan_route;

/* Second-echelon trips from one facility to another. */
typedef struct wo_plan_transfer {
    const char *from;          /* transfer / storage facility id, or the id
                                  of a medical storage-node site            */
    const char *to;            /* treating facility id (or fill site id)    */
    int from_facility;         /* facility index, -1: from a site           */
    int to_facility;           /* facility index, -1: a site needing fill   */
    double from_lon_deg, from_lat_deg; /* where the trips start             */
    double to_lon_deg, to_lat_deg;     /* where they end                    */
    wo_stream stream;          /* stream moved                              */
    int day;                   /* 0-based day                               */
    int trips;                 /* truck loads, each on a vehicle's transfer
                                  or haul route of the day                 */
    double tonnes;             /* tonnes moved                              */
    double dist_m;             /* one-way distance                          */
    double cost_cny;           /* the trips as return journeys at the
                                  vehicle's cost per km, plus disposal fees
                                  (spoil); the routes carrying the trips
                                  hold their real cost, and the summary
                                  counts the routes and the fees once      */
} wo_plan_transfer;

/* Demand that could not be served, and why. */
typedef struct wo_plan_unserved {
    const char *site;          /* site id (owned by the plan)               */
    int demand;                /* demand row index                          */
    wo_stream stream;          /* stream                                    */
    int day;                   /* 0-based day it was due                    */
    double amount_kg;          /* amount left                               */
    const char *reason;        /* short code, e.g. "no_vehicle"             */
    const char *detail;        /* sentence for the planner (owned)          */
    int onward;                /* 1: waste collected and left at a transfer
                                  or storage station (second echelon), not
                                  the site's own demand                    */
} wo_plan_unserved;

/* A place of the plan farther from every road of the road graph than
 * wo_plan_params.max_snap_m (road graph runs with allow_far only). */
typedef struct wo_plan_far {
    const char *id;            /* depot, facility or site id (owned)        */
    const char *kind;          /* "depot", "facility" or "site"             */
    const char *file;          /* scenario file it comes from (owned)       */
    int line;                  /* its line there (0: unknown)               */
    double lon_deg, lat_deg;   /* position, WGS84                           */
    double dist_m;             /* distance to the nearest road              */
} wo_plan_far;

/* Totals of a plan. */
typedef struct wo_plan_summary {
    double cost_cny;           /* routes + transfers + unserved penalties   */
    double dist_m;             /* routes + transfer trips (return)          */
    double dur_s;              /* sum of route durations                    */
    int vehicles_used;         /* distinct vehicles over all days           */
    int routes;                /* routes over all days                      */
    double served_kg[WO_STREAM_COUNT];   /* collected per stream (residues:
                                            carried from the plants)       */
    double unserved_kg[WO_STREAM_COUNT]; /* left per stream                 */
    double transferred_kg[WO_STREAM_COUNT]; /* moved on by transfer trips   */
    double due_kg[WO_STREAM_COUNT];      /* generated and due in the plan
                                            (residues: yielded by the plants) */
    double treated_kg[WO_STREAM_COUNT][WO_TREAT_COUNT]; /* delivered to a
                                            treating process (directly or by
                                            transfer), by treatment class;
                                            spoil filling a site: backfill  */
    int far_points;            /* places farther than max_snap_m from every
                                  road (road graph only): n_far            */
    int interrupted;           /* 1: stopped by the cancel flag             */
    int searches;              /* routing problems searched (first pass and
                                  rescue)                                   */
    int converged;             /* of those, the searches that ended before
                                  their limit because they stopped improving
                                  (wo_plan_params stall_*)                  */
    double seconds;            /* wall-clock time of the run                */
    int has_baseline;          /* 1: planned against an earlier plan
                                  (wo_plan_params.baseline); the three
                                  figures below are then set               */
    int stops_compared;        /* stop visits of the routes present in both
                                  plans (same day, site, stream, occurrence) */
    int stops_changed_vehicle; /* of those, the ones on another vehicle     */
    int problems_anchored;     /* routing problems that had baseline stops */
    int problems_free;         /* of those, the ones whose free solution was
                                  kept (the anchored one cost more than the
                                  tolerance above it, or served fewer)    */
    double cost_vs_free_pct;   /* route cost of the problems that had
                                  baseline stops against their free solve
                                  (the same problems without baseline, on
                                  half their budget), in percent          */
} wo_plan_summary;

/* A flow MIP of the plan written out for checking (wo_plan_params
 * write_lp_dir / write_mps_dir): the model as solved, as NAME.lp and/or
 * NAME.mps (free MPS) in those directories. */
typedef struct wo_plan_model {
    const char *name;          /* file name without the extension:
                                  "transfer_dD_STREAM" (second echelon of
                                  day D, 1-based) or "earthwork_dD" (the
                                  cost stage of the spoil balance, with its
                                  first-stage totals held by rows); owned
                                  by the plan                              */
    const char *kind;          /* "transfer" or "earthwork"                 */
    int day;                   /* 0-based day                               */
    wo_stream stream;          /* stream moved                              */
    const char *status;        /* how the plan's solve ended: a
                                  wo_lp_status_name, or "error"             */
    double objective;          /* objective value of the solution the plan
                                  used (NaN when it had none)               */
} wo_plan_model;

/* A whole plan. Created by wo_plan_run, released by wo_plan_free. */
typedef struct wo_plan {
    char date[11];             /* first day planned, "YYYY-MM-DD"           */
    int days;                  /* days planned                              */
    wo_plan_summary summary;   /* totals                                    */
    int n_routes;              /* routes, ordered by day, unit, vehicle     */
    wo_plan_route *routes;
    int n_transfers;           /* transfer trips                            */
    wo_plan_transfer *transfers;
    int n_unserved;            /* unserved demand                           */
    wo_plan_unserved *unserved;
    int n_binding;             /* policy targets the plan could not meet    */
    const char **binding;      /* [n_binding] sentences naming the stream,
                                  target and facilities that bind (strings
                                  owned by the plan)                        */
    int n_models;              /* flow MIPs written out (0 unless asked)    */
    wo_plan_model *models;
    int n_far;                 /* places far from the road (allow_far)      */
    wo_plan_far *far;          /* [n_far], farthest first                   */
    wo_arena mem;              /* backing store of strings and visits       */
} wo_plan;

/* The routing function: wo_vrp_solve's contract, except that prm has only
 * time_limit_s, max_iterations, stall_iterations, stall_s, seed, threads,
 * progress, progress_ud and cancel set (the rest zero: the function applies its own defaults) and
 * *sol arrives zeroed. wo_plan_use_vrp (routing.c) wraps the routing
 * core; tests pass their own. */
typedef int (*wo_plan_solve_fn)(const wo_vrp_problem *pb,
                                const wo_vrp_params *prm,
                                wo_vrp_solution *sol, wo_err *err);
/* Releases what a wo_plan_solve_fn put into *sol. */
typedef void (*wo_plan_release_fn)(wo_vrp_solution *sol);

/* One stop visit of an earlier plan, to plan against (stable
 * territories: wo_plan_params.baseline). A stop is matched by day, site
 * and stream; the k-th such visit of the baseline with the k-th stop of
 * the new plan with that key (k counted in route order, i.e. by vehicle
 * and position, here; in problem order there). */
typedef struct wo_plan_baseline_stop {
    int day;                   /* 0-based day of the horizon                */
    const char *site;          /* site id (not owned)                       */
    wo_stream stream;          /* stream collected                          */
    const char *vehicle;       /* vehicle name "TYPE/N" (not owned)         */
    int pos;                   /* position among its route's stops, from 0  */
    double cost_share;         /* its route's cost over its stop count      */
} wo_plan_baseline_stop;

/* An earlier plan's collection stops (read from its plan.json by the
 * CLI, cli/plan_out.h). */
typedef struct wo_plan_baseline {
    int n_stops;
    const wo_plan_baseline_stop *stops; /* [n_stops] (not owned)          */
} wo_plan_baseline;

/* Options of a plan run; fill with wo_plan_params_init. */
typedef struct wo_plan_params {
    wo_deadline deadline;      /* when the whole plan must be done
                                  (base/clock.h); wo_deadline_none(): no
                                  limit, then max_iterations is needed     */
    long max_iterations;       /* per routing problem, <= 0: none           */
    long stall_iterations;     /* a routing search (each of its phases)
                                  ends once this many iterations in a row
                                  found no better solution, <= 0: never
                                  (wo_vrp_params.stall_iterations)          */
    double stall_s;            /* the same in seconds, <= 0: never; only
                                  without max_iterations (deterministic
                                  runs stay deterministic)                  */
    uint64_t seed;             /* base seed (problem k uses seed + k)       */
    int days;                  /* days planned, >= 1                        */
    int threads;               /* routing problems solved at once, >= 1     */
    wo_plan_solve_fn solve;    /* routing core (required)                   */
    wo_plan_release_fn release; /* frees its solutions (required)           */
    const wo_graph *graph;     /* road graph for travel times, NULL: great
                                  circle x circuity (not owned)             */
    double max_snap_m;         /* with a graph: a depot, usable facility or
                                  site with active demand farther than this
                                  from every road is "far" (default 1000)  */
    int allow_far;             /* 0: far places are an error before any
                                  solving (WO_ERANGE, naming the farthest);
                                  1: planned from their nearest road and
                                  listed in the plan's far[]               */
    wo_progress_fn progress;   /* may be NULL; called from worker threads,
                                  one call at a time                        */
    void *progress_ud;         /* passed to progress                        */
    wo_cancel_flag *cancel;    /* may be NULL                               */
    const char *write_lp_dir;  /* existing directory: every flow MIP of the
                                  plan written there as CPLEX LP, or NULL  */
    const char *write_mps_dir; /* the same as free MPS, or NULL             */
    const wo_plan_baseline *baseline; /* an earlier plan whose vehicles the
                                  stops keep where they can (NULL: none):
                                  each routing problem with baseline stops
                                  is solved twice on half its budget, free
                                  and anchored (warm start from the
                                  baseline routes, a penalty per stop that
                                  changes vehicle); a problem keeps its
                                  anchored solution unless that serves
                                  fewer stops, then the problems costing
                                  the most above their free solve take it
                                  while the route cost kept is above
                                  (1 + stability_pct / 100) times the free
                                  solves'; the routes kept are numbered
                                  within their types to keep as many stops
                                  on their baseline vehicles as possible  */
    double stability_pct;      /* that tolerance in percent (default 2)     */
} wo_plan_params;

/* Defaults from the scenario's plan options: a deadline its time limit
 * (else 60 s) from now, its iterations, seed and horizon; the stop rule
 * of budget.h (WO_PLAN_STALL_ITERATIONS, WO_PLAN_STALL_S); 2 threads; far
 * places (beyond 1000 m) an error; no solver, progress or cancel flag. */
void wo_plan_params_init(wo_plan_params *p, const wo_scenario *sc);

/* Make the plan of scenario `sc` for `prm->days` days from sc->date. On
 * success *out is a new plan (wo_plan_free). Unservable demand is listed,
 * not an error; WO_EINVAL for bad parameters, WO_ENOMEM, or the first error
 * of the routing core (with its message). When the cancel flag is set the
 * run stops searching, keeps the best routes found, lists what was not yet
 * planned as unserved ("interrupted") and sets summary.interrupted. */
int wo_plan_run(const wo_scenario *sc, const wo_plan_params *prm,
                wo_plan **out, wo_err *err);

/* Demand that cannot enter a routing problem, found before routing. */
typedef struct wo_plan_unservable {
    int demand;                /* demand row                                */
    int day;                   /* 0-based day                               */
    double amount_kg;          /* amount due                                */
    const char *reason;        /* reason code: "no_vehicle", "no_facility",
                                  "shift" (no vehicle serves it alone within
                                  its shift), "time" (no window reachable)  */
    char detail[240];          /* sentence with the figures, "" for the
                                  reason's standard sentence              */
} wo_plan_unservable;

/* The standard sentence of an unserved reason code ("shift", "time",
 * "no_route", ...); the code itself when unknown. */
const char *wo_plan_reason_text(const char *code);

/* Everything wo_plan_run decides before routing, without routing: the
 * same routing problems are built (with prm's days, graph, max_snap_m and
 * allow_far; solve, release and the deadline are not used) and the demand
 * they reject, which the plan would list as unserved, goes to *out
 * (wo_free; NULL when none) and *n_out. Returns WO_OK, WO_EINVAL (days,
 * date), WO_ERANGE (far places, unless allow_far), WO_ENOMEM or the travel
 * matrix's error. */
int wo_plan_precheck(const wo_scenario *sc, const wo_plan_params *prm,
                     wo_plan_unservable **out, int *n_out, wo_err *err);

/* Release a plan (NULL allowed). */
void wo_plan_free(wo_plan *p);

/* Road geometry of every route: for each leg between consecutive visits
 * (breaks excepted), the fastest road path on g between the road nodes
 * nearest the two places (WGS84, as the graph), from the first place to
 * the second. Fills n_path and path_lonlat of each route. Once the
 * deadline has passed (wo_deadline_none(): never) the route being drawn
 * and those after it keep n_path = 0 (straight lines between the visits)
 * and the call returns WO_OK. WO_ENOMEM, WO_ECANCELLED when cancel is set
 * (routes done so far keep theirs). */
int wo_plan_road_geometry(wo_plan *p, const wo_graph *g,
                          const wo_cancel_flag *cancel, wo_deadline deadline,
                          wo_err *err);

/* Use the routing core (wo_vrp_solve with its default parameters for what
 * the plan does not set) as prm->solve / prm->release. */
void wo_plan_use_vrp(wo_plan_params *prm);

/* ---------------------------------------------------------------- helpers */

/* Whether route vr of the routing core keeps the break rule of its type
 * vt: a type with a break has exactly one break visit, of break_s, starting
 * in [break_earliest_s, break_latest_s], after the start depot visit; a
 * type without one has none. *after_end is 1 when the break follows the end
 * depot (the route ended before the window opened: the vehicle waits at
 * the depot for it; the plan lists it before the end depot visit), else 0.
 * A violation is WO_EINTERNAL with a message naming the type, the vehicle
 * and the visit, as the routing core broke its contract. */
int wo_plan_vrp_route_breaks(const wo_vrp_vehicle_type *vt,
                             const wo_vrp_route *vr, int *after_end,
                             wo_err *err);

#endif /* WO_PLAN_H */
