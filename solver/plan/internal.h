/*
 * internal.h — shared internals of the plan layer (not public): the
 * routing problems ("jobs") of a run, the run's state, the assembly's
 * state, and the functions one file of solver/plan/ lends another.
 *
 * A run goes: plan.c (wo_plan_run) -> jobs.c (the problems, with
 * travel.c's matrices) -> workers.c (solved in parallel) -> rescue.c
 * (the stops left out, on the unused vehicles) -> assembly.c (the plan,
 * with echelon.c's second echelon and earthwork.c's spoil balance, their
 * full loads on the vehicles by haul.c).
 */
#ifndef WO_PLAN_INTERNAL_H
#define WO_PLAN_INTERNAL_H

#include "data/calendar.h"
#include "geo/ch.h"
#include "geo/snap.h"
#include "solver/plan/budget.h"
#include "solver/flow/transfer.h"
#include "solver/lp.h"
#include "solver/plan/plan.h"

#include <pthread.h>

#define REF_SPEED_KMH 30.0     /* speed of the great-circle travel matrix  */

/* What a matrix location is. */
typedef enum plan_loc_kind {
    PLAN_LOC_DEPOT,
    PLAN_LOC_SITE,
    PLAN_LOC_FACILITY
} plan_loc_kind;

/* Stream ids the routing core can tell apart (its 64-bit masks). */
#define PLAN_LANES 64

/* One routing problem: a unit on one day. A unit is a set of vehicle
 * types and of (stream, district) stop groups that only serve each other
 * (fleet sharing, data/model.h): its streams, split by district where the
 * stream is district-run. */
typedef struct plan_job {
    int unit;                  /* unit number                               */
    int day;                   /* 0-based day                               */
    wo_stream_mask streams;    /* streams of the unit                       */
    int lane_stream[PLAN_LANES]; /* the stream of each stream id the
                                  routing core sees (-1: unused). Stops of
                                  one stream that different sets of the
                                  unit's vehicles may serve (a depot that
                                  also serves a district) get ids of their
                                  own, so the core keeps each vehicle to
                                  the stops it may serve; otherwise the id
                                  is the stream's                         */
    int n_loc;                 /* locations                                 */
    plan_loc_kind *loc_kind;   /* [n_loc] what each location is             */
    int *loc_index;            /* [n_loc] index in its scenario table       */
    double *dist_m, *dur_s;    /* [n_loc^2] travel matrix                   */
    int n_stops;               /* stops                                     */
    size_t cap_stops;          /* their capacity                            */
    wo_vrp_stop *stops;
    int n_facs;                /* unload facilities                         */
    wo_vrp_facility *facs;
    int n_types;               /* vehicle types                             */
    wo_vrp_vehicle_type *types;
    wo_vrp_problem pb;         /* the problem handed to the solver          */
    wo_vrp_solution sol;       /* its solution                              */
    int started;               /* 1: the solver ran                         */
    int rc;                    /* solver's return code                      */
    wo_err err;                /* solver's message                          */
    uint64_t seed;             /* seed of this problem                      */
    double weight;             /* share of the work (stops + 1)             */
    double frac;               /* progress 0..1                             */
    double time_limit_s;       /* given when it starts                      */
    int rescue;                /* index of its rescue job in run.rescue, -1 */
    int shared;                /* 1: a rescue job, whose locations and
                                  matrix are its parent's (not owned)      */
    int *vehicle_of;           /* rescue job: [sum of type counts] the
                                  parent's vehicle number of each of its
                                  vehicles, by type (veh_at[t] + v)         */
    int *veh_at;               /* rescue job: [n_types] offsets in it       */
    int *why;                  /* rescue job: [n_stops] why the parent's
                                  solution left each stop out              */
    int sector, n_sectors;     /* geographic sector of the unit's stops
                                  this job routes (0 .. n_sectors - 1; one
                                  sector: all of them)                      */
    double sec_lon, sec_lat;   /* the sectors' centre (mean stop position)  */
    double sec_lo, sec_hi;     /* bearing range from it, [lo, hi) radians   */
    int *veh_base;             /* [n_types] number of the first vehicle of
                                  each type in this sector (its vehicles
                                  are a slice of the type's fleet)          */
    int *pref_vehicle;         /* [n_stops] fleet number of each stop's
                                  baseline vehicle in this job (pb's
                                  pref_vehicle), -1; NULL: no baseline
                                  stop (baseline.c)                        */
    int *pref_pos;             /* [n_stops] its baseline position           */
    wo_vrp_solution free_sol;  /* with a baseline: the free solve's
                                  solution until plan_baseline_choose      */
    int has_free;              /* 1: free_sol holds one                    */
    double free_cost;          /* route cost of the free solve, and of the
                                  solution kept (sol)                      */
    double kept_cost;
    int kept_free;             /* 1: the free solution was kept            */
} plan_job;

/* Per-day demand totals (kg) of each stream over all units, for sharing
 * facility capacity. */
typedef struct plan_day_totals {
    double kg[WO_STREAM_COUNT]; /* due on the day, per stream */
} plan_day_totals;

/* Pre-routing findings: demand that cannot enter a routing problem. */
typedef wo_plan_unservable plan_pre;

/* A place of the run far from every road (road graph runs). */
typedef struct plan_far {
    plan_loc_kind kind;        /* depot, site or facility                   */
    int index;                 /* index in its scenario table               */
    double dist_m;             /* snap distance                             */
} plan_far;

/* Shared state of a run. */
typedef struct plan_run {
    const wo_scenario *sc;     /* the scenario                              */
    const wo_plan_params *prm; /* the parameters                            */
    long day0;                 /* first day, days since 1970-01-01          */
    int n_jobs;                /* routing problems                          */
    plan_job *jobs;
    int *order;                /* job indices, largest first                */
    int next;                  /* next position in order to start           */
    wo_deadline deadline;      /* end of the phase that runs: the first
                                  problems' or the rescue pass's           */
    double pending_weight;     /* weight of jobs not started yet            */
    pthread_mutex_t lock;      /* guards next, pending_weight, progress     */
    int n_pre;                 /* demand rejected before routing            */
    size_t cap_pre;            /* its capacity                              */
    plan_pre *pre;
    double start_s;            /* wo_now_s() at the start: for the elapsed
                                  time reported, not for the budget        */
    double mip_limit_s;        /* time limit of each flow MIP, from the
                                  plan's time at the start (budget.h)      */
    wo_snap_index *snap;       /* road graph index (graph runs only)        */
    wo_ch *ch;                 /* contraction hierarchy (graph runs only)   */
    int n_far;                 /* places far from the road (plan_far_check) */
    plan_far *far;             /* [n_far], farthest first                   */
    int n_rescue;              /* rescue jobs (rescue.c)                    */
    plan_job *rescue;
} plan_run;

/* Builder state while assembling. */
typedef struct plan_asm {
    wo_plan *p;                /* the plan being filled                     */
    size_t cap_routes, cap_transfers, cap_unserved, cap_binding, cap_models;
                               /* array capacities                         */
    const wo_plan_params *prm; /* the run's parameters                      */
    double mip_limit_s;        /* time limit of each flow MIP               */
    wo_deadline end;           /* the plan's deadline less
                                  WO_PLAN_END_MARGIN_S (budget.h)          */
} plan_asm;

/* ---------------------------------------------------------- haul.c */

/* The vehicles of one day that carry full loads: transfer-role types
 * (second echelon) and the types carrying spoil or slurry (collection or
 * haul role), each vehicle chaining trips in one route within its shift. */
typedef struct plan_fleet plan_fleet;

/* One movement in full loads: from a place to a place, stream `stream`,
 * on the vehicles of role `role` (WO_ROLE_TRANSFER: transfer types; else
 * the non-transfer types, for a residue stream the haul types only). Loading follows `from_tw` (none: the facility's
 * hours, or always), unloading the destination facility's hours (a fill
 * site: always). */
typedef struct plan_haul {
    wo_stream stream;          /* stream moved                              */
    wo_vehicle_role role;      /* which vehicles may carry it               */
    int from_facility;         /* facility loaded at, -1: a site            */
    int from_site;             /* site loaded at when from_facility < 0     */
    int from_demand;           /* demand row loaded (spoil, slurry), -1     */
    int to_facility;           /* facility unloaded at, -1: a site          */
    int to_site;               /* fill site when to_facility < 0            */
    double load_s;             /* loading time of one load                  */
    double unload_s;           /* unloading time of one load                */
} plan_haul;

/* A movement a flow MIP decided, from origin `from` to destination `to`
 * (indices of the caller's lists). */
typedef struct plan_move {
    int from;                  /* origin                                    */
    int to;                    /* destination                               */
    double t;                  /* tonnes                                    */
    double dist_km;            /* one-way distance                          */
} plan_move;

/* Sort moves for the vehicles: the longest first (they fit fewer shifts),
 * then by origin and destination, so the order depends on nothing else. */
void plan_moves_sort(plan_move *m, int n);

/* The fleet of day `day`: every vehicle of a type that may carry full
 * loads, less those that run a collection route of the day (routes from
 * first_route on). WO_ENOMEM. */
int plan_fleet_begin(const plan_run *r, const wo_plan *p, int day,
                     int first_route, plan_fleet **out);

/* Payload (kg) and cost per km of the largest vehicle of fl able to carry
 * stream s in role `role` (0 when none has vehicles); n_vehicles gets how
 * many vehicles may carry it (may be NULL). */
void plan_fleet_largest(const plan_fleet *fl, int s, wo_vehicle_role role,
                        double *kg, double *per_km, int *n_vehicles);

/* 1 when an unused vehicle of a type that may carry h could make one trip
 * of h alone within its shift (from its depot: load, drive, unload within
 * the hours, return), else 0: the flow MIPs then leave that movement out. */
int plan_fleet_reaches(const plan_fleet *fl, const plan_haul *h);

/* The same for scenario sc without a fleet of the day: the first vehicle
 * type that could make one trip of h alone within its shift, or -1 (the
 * check validate runs, haulcheck.c). */
int plan_haul_alone(const wo_scenario *sc, const plan_haul *h);

/* The roles of the types that may carry h, for messages: "transfer",
 * "haul" (a residue) or "collection or haul" (spoil, slurry). */
const char *plan_haul_roles(const plan_haul *h);

/* 1 when vehicle type t may carry h (its role, stream and count). */
int plan_haul_fits_type(const wo_scenario *sc, const plan_haul *h, int t);

/* Seconds of one trip of h by type t from its start depot (drive there,
 * load, drive, unload, drive to its end depot, its break), without
 * waiting for opening hours: the figure of validate's message. */
double plan_haul_solo_s(const wo_scenario *sc, const plan_haul *h, int t);

/* Carry `kg` of h in loads of at most each vehicle's payload: each load on
 * the vehicle that fits it best (one already on the road for the stream
 * that reaches the origin soonest, else the unused vehicle nearest to it),
 * while a vehicle can still load, drive, unload within the hours and
 * return to its depot within its shift. *moved_kg and *trips get what was
 * carried; for the rest, *reason gets a reason code ("fleet_capacity": the
 * vehicles have no shift time left; "shift": not even an unused vehicle
 * can make the trip; "no_vehicle": none free carries the stream) and
 * detail (size bytes) the sentence with the figures. WO_ENOMEM. */
int plan_haul_carry(plan_asm *a, plan_fleet *fl, const plan_haul *h,
                    double kg, double *moved_kg, int *trips,
                    const char **reason, char *detail, size_t size);

/* List kg of stream s left at `site` (demand row `demand`, or -1 and the
 * site's id) as unserved for `reason` with the sentence `detail` (""
 * keeps the reason's own). WO_ENOMEM. */
int plan_haul_unserved(plan_asm *a, const wo_scenario *sc, int demand,
                       int day, double kg, const char *site, wo_stream s,
                       const char *reason, const char *detail);

/* Close every used vehicle's route (break if still due, back to its end
 * depot) into a->p's routes, count them in the summary, and free fl.
 * WO_ENOMEM (fl is freed all the same). */
int plan_fleet_end(plan_asm *a, plan_fleet *fl);

/* ---------------------------------------------------------- jobs.c */

/* 1 when facility f can take deliveries (operating or planned). */
int plan_facility_usable(const wo_facility *f);

/* Build every routing problem of the run: one per unit (vehicle types
 * and the stops they may serve, joined by the streams the types carry and
 * split by district where a stream is district-run; spoil and slurry are
 * not routed) and day with stops due, into r->jobs (r->n_jobs, r->order
 * largest first, r->pending_weight); stops that no vehicle may serve go
 * to r->pre. tot[day] are the day's due amounts per stream, for sharing
 * facility capacity. WO_ENOMEM, WO_ETOOBIG (more than PLAN_LANES stream
 * ids in one unit), or the travel matrix's error. */
int plan_jobs_make(plan_run *r, const plan_day_totals *tot, wo_err *err);

/* The stream of routing-core stream id `lane` of job j. */
wo_stream plan_job_stream(const plan_job *j, int lane);

/* Release what a job owns (not the solver's solution). */
void plan_job_free(plan_job *j);

/* ---------------------------------------------------------- travel.c */

/* Position of a job location: depot, site or facility `index` of sc. */
const wo_point *plan_loc_pos(const wo_scenario *sc, plan_loc_kind kind,
                             int index);

/* Road distance from a to b estimated without a road graph: great-circle
 * distance times the scenario's circuity factor (1.4 when it sets none,
 * as in a scenario built in memory). */
double plan_estimated_road_m(const wo_scenario *sc, const wo_point *a,
                             const wo_point *b);

/* With a road graph (r->snap): snap every place the run may route to (the
 * depots of vehicle types with vehicles, usable facilities, sites with
 * demand active on the date or medical storage) and list those farther
 * than prm->max_snap_m in r->far, farthest first. Unless prm->allow_far,
 * any such place is WO_ERANGE with a message naming how many there are and
 * the farthest, its file, line and distance, before anything is solved.
 * WO_ENOMEM. */
int plan_far_check(plan_run *r, wo_err *err);

/* Id, kind ("depot", "facility", "site"), file and line of far place f. */
void plan_far_place(const wo_scenario *sc, const plan_far *f,
                    const char **id, const char **kind, const char **file,
                    int *line);

/* Fill j->dist_m and j->dur_s for j's locations: the road graph's
 * (r->snap, r->ch) when the run has one, else great-circle distance times
 * the circuity factor, durations at REF_SPEED_KMH. WO_ENOMEM, WO_ETOOBIG
 * or the matrix's error. */
int plan_job_matrix(plan_run *r, plan_job *j, wo_err *err);

/* ---------------------------------------------------------- workers.c */

/* Name of a job's phase for progress: its first stream's family. */
const char *plan_job_phase(const plan_run *r, const plan_job *j);

/* Solve the run's jobs (r->jobs, taken in r->order) on prm->threads
 * workers until they are done or r->deadline has passed (each job then
 * gets WO_PLAN_JOB_MIN_S). Always on threads of our own, even one: GLPK
 * state is per thread and is released when each worker ends, never in the
 * caller's thread. When no thread starts: WO_ENOMEM or WO_EINTERNAL
 * (plan_thread_failed). */
int plan_run_workers(plan_run *r, wo_err *err);

/* Count into s->searches the routing problems of r (first pass and rescue)
 * that were searched, and into s->converged those whose search ended by
 * the stall rule. */
void plan_count_searches(const plan_run *r, wo_plan_summary *s);

/* A thread pthread_create could not start (its error why), into err:
 * WO_ENOMEM for EAGAIN and ENOMEM (out of memory or a limit on threads),
 * else WO_EINTERNAL. Returns the code. */
int plan_thread_failed(int why, wo_err *err);

/* ---------------------------------------------------------- baseline.c */

/* Match the stops of r's jobs with r->prm->baseline: each job with
 * matched stops gets pref_vehicle / pref_pos, its problem the warm start
 * and the stability penalty (sized so that moving a hundredth of its matched
 * stops costs stability_pct % of their baseline route cost). A baseline
 * vehicle outside a job's slice of the fleet is no preference. WO_ENOMEM. */
int plan_baseline_match(plan_run *r, wo_err *err);

/* Solve job j with a baseline: free (into free_sol) and anchored (into
 * sol), each on half of vp's time (each on vp's iteration limit, the
 * time then only a cap); workers.c calls it. */
void plan_baseline_solve(plan_run *r, plan_job *j, const wo_vrp_params *vp);

/* Once every job is solved: each job keeps its anchored solution unless
 * it serves fewer stops than the free one; then, while the route cost
 * kept exceeds the free solves' by more than stability_pct %, the job
 * whose anchored solution costs the most above its free one keeps the
 * free one. The other solutions are released, and the routes kept are
 * numbered within their types to keep as many stops on their baseline
 * vehicles as possible. WO_ENOMEM. */
int plan_baseline_choose(plan_run *r, wo_err *err);

/* summary.stops_compared, stops_changed_vehicle and cost_vs_free_pct of
 * p against r->prm->baseline. WO_ENOMEM. */
int plan_baseline_compare(const plan_run *r, wo_plan *p, wo_err *err);

/* ---------------------------------------------------------- rescue.c */

/* Travel time (s) of vehicle type o of job j between its locations a and
 * b (jobs.c). */
double plan_type_travel_s(const plan_job *j, const wo_vrp_vehicle_type *o,
                          int a, int b);
/* The capacity shares by regret (jobs.c, rescue.c): v into the two
 * least values seen, *best <= *second (both INFINITY at first). */
void plan_least_two(double v, double *best, double *second);
/* A stop's regret, second - best; 1e12 when it has no second choice
 * (second still INFINITY), so that it goes first. */
double plan_regret(double best, double second);
/* 1 when a rescue job takes on stop u of job j's solution: mandatory in
 * the scenario and left out for time, capacity or its prize. */
int plan_rescued(const wo_scenario *sc, const plan_job *j,
                 const wo_vrp_unserved *u);

/* The rescue pass: every job whose solution left stops plan_rescued
 * gets a rescue job (r->rescue, the job's `rescue` index) on its unused
 * vehicles, solved by the workers until `deadline`. WO_ENOMEM or the
 * workers' error. */
int plan_rescue_run(plan_run *r, wo_deadline deadline, wo_err *err);

/* ---------------------------------------------------------- assembly.c */

/* Copy of s in the plan's arena; NULL when out of memory. */
const char *plan_str(wo_plan *p, const char *s);

/* Paths of a flow MIP's files into lp / mps (size bytes each): *lp_out and
 * *mps_out point there, or are NULL when not asked for or when a path does
 * not fit (the model is then not written). */
void plan_model_paths(const wo_plan_params *prm, const char *name, char *lp,
                      char *mps, size_t size, const char **lp_out,
                      const char **mps_out);

/* List amount_kg of demand row `demand` (-1: none, then `site` names the
 * place) due on `day` as unserved for `reason` (a code, e.g.
 * "no_vehicle"); pieces of one split demand with the same reason merge.
 * Counts it in the summary (and an optional demand's penalty in the
 * cost). WO_ENOMEM. */
int plan_add_unserved(plan_asm *a, const wo_scenario *sc, int demand,
                      int day, double amount_kg, const char *site,
                      wo_stream stream, const char *reason);

/* Record a flow MIP written out: its name, how the solve ended (rc, st)
 * and the objective the plan used. WO_ENOMEM. */
int plan_add_model(plan_asm *a, const char *name, const char *kind, int day,
                   int stream, int rc, wo_lp_status st, double objective);

/* Collect the jobs' results into p, in job order, with each day's second
 * echelon and earthwork; on a thread of its own (the flow MIPs leave GLPK
 * state in the thread that solves them, released when it ends). WO_ENOMEM,
 * or WO_EINTERNAL when the routing core broke its contract. */
int plan_assemble(plan_run *r, wo_plan *p, wo_err *err);

/* ---------------------------------------------------------- echelon.c */

/* Treatment of stream s at facility f: the first process accepting it
 * (-1: none). */
int plan_process_for(const wo_scenario *sc, int f, int s);

/* 1 when process proc only passes waste on (transfer, storage). */
int plan_is_intermediate(const wo_scenario *sc, int proc);

/* Second echelon of one day: what transfer and storage processes and the
 * medical storage nodes received in the routes from first_route on, and
 * the day's slurry, goes on to treatment in full loads on the vehicles of
 * fl (haul.c). WO_ENOMEM. */
int plan_second_echelon(plan_asm *a, const plan_run *r, int day,
                        int first_route, plan_fleet *fl);

/* ---------------------------------------------------------- rules.c */

/* Append "day D: text" to the plan's binding sentences. WO_ENOMEM. */
int plan_add_binding(plan_asm *a, int day, const char *text);

/* Streams collection vehicles may not unload at facility f under the
 * scenario's enforced rules, given the day's demand per stream day_kg
 * ([WO_STREAM_COUNT]): none of a stream when the facilities the rules
 * allow cannot hold its demand (an emergency, named after routing). */
wo_stream_mask plan_rules_blocked(const wo_scenario *sc, int f,
                                  const double *day_kg);

/* What facility f may take of `streams` in an emergency (kg/d): the
 * shortfall of the capacity the enforced rules allow for those of them a
 * rule keeps out of f; -1 when no rule keeps any of them out. */
double plan_rules_emergency_kg(const wo_scenario *sc, int f,
                               wo_stream_mask streams, const double *day_kg);

/* The transfer MIP's policy for stream s among the plants whose processes
 * are proc[0..n): restricted[] (n bytes, the caller's) flags the plants a
 * rule keeps it out of, with the emergency price when the rule is
 * enforced, and the incineration share when that rule is enforced. */
void plan_rules_transfer(const wo_scenario *sc, int s, const int *proc,
                         int n, unsigned char *restricted,
                         wo_transfer_problem *tp);

/* 1 when an enforced rule keeps stream s out of process proc. */
int plan_rules_enforced(const wo_scenario *sc, int proc, int s);

/* Name kg of stream s sent by the transfer fallback to facility f
 * (process proc) when a rule keeps it out of there. WO_ENOMEM. */
int plan_rules_fallback(plan_asm *a, const wo_scenario *sc, int day, int f,
                        int proc, int s, double kg);

/* Name in the binding sentences the tonnes the routes from first_route on
 * unloaded where a rule keeps them out. WO_ENOMEM. */
int plan_rules_routes(plan_asm *a, const plan_run *run, int day,
                      int first_route);

/* ---------------------------------------------------------- earthwork.c */

/* Spoil of one day: the earthwork MIP's loads, carried on the vehicles of
 * fl, as transfers from the sites; what finds no place or no vehicle as
 * unserved. WO_ENOMEM. */
int plan_earthwork_day(plan_asm *a, const plan_run *r, int day,
                       plan_fleet *fl);

#endif /* WO_PLAN_INTERNAL_H */
