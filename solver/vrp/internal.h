/*
 * internal.h — shared internals of the routing metaheuristic (not public).
 *
 * The files of solver/vrp/, from the entry down (each uses only those
 * below it):
 *   vrp.h        the public interface: problem, solution, parameters
 *   solve.c      wo_vrp_solve: checks, one search per thread, the best kept
 *   decomp.c     decomposition of large instances: groups of neighbouring
 *                routes improved as subproblems, in parallel
 *   strategy.c   the lexicographic phases (fewest vehicles, then cost)
 *   search.c     one search: genetic search, set-partitioning finish, the
 *                final solution (routes rebuilt, facility capacities,
 *                repair listing unserved stops)
 *   hgs.c        population, crossover, penalties, ruin and recreate
 *   ls.c         granular local search (relocate, swap, 2-opt, 2-opt*,
 *                SWAP*), and the totals of a solution
 *   split.c      giant tour -> routes
 *   pool.c       route pool and the set-partitioning MIP
 *   construct.c  first solutions (regret insertion, sequential builder),
 *                facility daily capacity over a solution
 *   eval.c       route evaluation: start rules, states for the local
 *                search, the visits of a final route
 *   tws.c        time-window segments: least time warp of a sequence,
 *                joined in constant time (the local search's bound)
 *   unload.c     unload and break placement (exact schedule, exact
 *                labelling, unload DP)
 *   drive.c      one route driven step by step (vrp_sim), the greedy
 *                unload rule
 *   model.c      parameters, solution memory, validation, the prepared
 *                context (vrp_ctx)
 *   check.c      wo_vrp_check, the independent checker (shares nothing)
 * The readers of benchmark formats (CVRPLIB, Kim, VRPLIB) live in
 * benches/support/ and the exact references in tests/support/: only
 * benches and tests use them.
 *
 * In the search a stop is named by its "active" index k (0..n_act-1): the
 * stops that some vehicle can serve at all. Routes are bound to vehicle
 * "slots" (one per vehicle of each type, at most n_act per type), so the
 * fleet size of each type is never exceeded.
 */
#ifndef WO_VRP_INTERNAL_H
#define WO_VRP_INTERNAL_H

#include "solver/vrp/vrp.h"

#include <stdatomic.h>

#define VRP_NB 20          /* granular neighbours per stop               */
#define VRP_MU 25          /* population: minimum size                   */
#define VRP_LAMBDA 40      /* population: generation size                */
#define VRP_ELITE 4        /* elite individuals in the biased fitness    */
#define VRP_CLOSE 5        /* individuals for the diversity contribution */
#define VRP_POP_CAP (VRP_MU + VRP_LAMBDA + 1) /* per subpopulation     */

/* Measures of one evaluated route. */
typedef struct vrp_eval {
    double cost;    /* fixed + distance + time cost (real money)          */
    double dist_m;  /* distance driven                                    */
    double dur_s;   /* departure from start depot to arrival at end depot */
    double load_x;  /* load excess, in fractions of the reference capacity */
    double tw_s;    /* time warp: lateness at windows, hours, shift, break */
    double misc_x;  /* excess stops + stream mismatches (counts)          */
    double pcost;   /* penalised cost the search minimises                */
    int n_unloads;  /* unload visits                                      */
    double wait_s;  /* waiting for windows, opening hours and the break   */
} vrp_eval;

/* The prepared problem and the search state shared by the modules. */
typedef struct vrp_ctx {
    const wo_vrp_problem *pb;  /* the caller's problem (read only)        */
    int n_act;                 /* stops in the search                     */
    int *act;                  /* [n_act] stop index of active k          */
    int *act_of;               /* [n_stops] active index or -1            */
    int *pre_reason;           /* [n_stops] reason of an inactive stop    */
    int fast;                  /* 1: plain CVRP, additive evaluation      */
    int has_release;           /* some active stop has a release date     */
    int n_slots;               /* routes available                        */
    int *slot_type;            /* [n_slots] vehicle type                  */
    int *slot_vehicle;         /* [n_slots] index within the type         */
    int *nb;                   /* [n_act*VRP_NB] neighbour active indices */
    int *n_nb;                 /* [n_act] neighbours actually listed      */
    int *fac_list;             /* [64*n_fac] facilities accepting stream s */
    int *fac_n;                /* [64] count per stream                   */
    double cap_ref[WO_VRP_DIMS]; /* load unit of load_x per dimension     */
    double lex_w;              /* cost per vehicle in lexicographic mode  */
    double pen_load;           /* adaptive penalty per unit of load_x     */
    double pen_tw;             /* adaptive penalty per second of warp     */
    double pen_misc;           /* fixed penalty per unit of misc_x        */
    double *fac_rem;           /* [n_fac*DIMS] remaining daily capacity, or NULL */
    double *fac_price;         /* [n_fac*(1+DIMS)] surcharge on choosing a
                                  facility in the search (its daily
                                  capacity), then use buffer; or NULL */
    double fac_step;           /* surcharge step                          */
    int *seq_a, *seq_b;        /* [n_act] scratch sequences               */
    int *plan;                 /* [n_act] scratch unload plan             */
    double *pot;               /* [n_act+1] scratch of the split          */
    int *tmp;                  /* [n_act+3*n_slots+n_types+4] split scratch */
    wo_rng rng;                /* the only randomness of the search       */
    double t0;                 /* start time                              */
    double deadline;           /* wo_now_s() limit, or 0 when none        */
    const wo_vrp_params *prm;  /* parameters                              */
    int stop_flag;             /* set when cancelled or out of time       */
    int ignore_tw;             /* evaluate as if stops had no time window
                                  (nor release date)                      */
    int *pref_slot;            /* [n_act] slot of each stop's preferred
                                  vehicle (wo_vrp_problem.pref_vehicle),
                                  -1: none or beyond the slots; NULL when
                                  the problem has no preferences        */
    double stab_pen;           /* wo_vrp_problem.stability_penalty        */
    const int *init_tour;      /* [n_act] a first solution (slot order,
                                  unserved at the end) or NULL           */
    const int *init_rlen;      /* [n_slots] its route lengths            */
    int search;                /* VRP_SEARCH_*: which search vrp_hgs runs */
    int stalled;               /* set by vrp_hgs when the stall rule ended
                                  it (wo_vrp_params stall_*)              */
    long n_screened;           /* local-search moves bounded (try_move)   */
    long n_evaluated;          /* ... and then driven in full             */
} vrp_ctx;

/* Above this many stops vrp_hgs (VRP_SEARCH_AUTO) polishes one solution
 * and then improves it by ruin and recreate instead of running the
 * genetic search. Plain CVRP: on the X instances of 251 to 1001 stops it
 * got within 0.8 to 4.8 % of the best known in 20 s where the genetic
 * search was at 2.4 to 7 % (the genetic search is kept up to 200, where
 * the set-partitioning finish runs). Rich routes: one genetic child's
 * local search takes tenths of a second at 400-500 stops; on the Kim
 * instances of 275 to 1,048 stops ruin and recreate drove 2 to 22 % less
 * at 60 s, and on the embedded Chongqing default (household problems of
 * about 500 stops) the plan left 44 t unserved instead of 101 t, at 0.9 %
 * less cost. */
#define VRP_RR_FROM 200

/* The search of vrp_hgs. AUTO: the genetic search up to VRP_RR_FROM
 * stops, ruin and recreate above; GENETIC at any size; RUIN: ruin and
 * recreate at any size, accepting slightly worse steps on rich routes too
 * (hgs.c, VRP_RR_MARGIN); FEASIBLE: the genetic search until it holds a
 * solution that keeps every rule and serves every mandatory stop (without
 * the set-partitioning finish). */
enum {
    VRP_SEARCH_AUTO = 0,
    VRP_SEARCH_GENETIC,
    VRP_SEARCH_RUIN,
    VRP_SEARCH_FEASIBLE
};

/* model.c */
/* Stability cost of active stop k on slot s (0 without preferences). */
static inline double vrp_stab_cost(const vrp_ctx *c, int k, int s)
{
    return c->pref_slot && c->pref_slot[k] >= 0 && c->pref_slot[k] != s
               ? c->stab_pen
               : 0.0;
}
/* The routes of the problem's preferences (pref_vehicle, pref_pos) as a
 * first solution: tour in slot order (stops without a slot unserved at
 * the end), rlen per slot. */
void vrp_pref_tour(const vrp_ctx *c, int *tour, int *rlen);
int vrp_ctx_init(vrp_ctx *c, const wo_vrp_problem *pb,
                 const wo_vrp_params *prm, wo_err *err);
void vrp_ctx_free(vrp_ctx *c);
/* 1 when the search must stop (cancel flag, progress veto, deadline). */
int vrp_should_stop(vrp_ctx *c);
/* Type t may carry stream s (and has vehicles). */
static inline int vrp_type_allows(const wo_vrp_problem *pb, int t, int stream)
{
    return pb->types[t].count > 0 && ((pb->types[t].streams >> stream) & 1u);
}

/* Travel time of type t from a to b. */
static inline double vrp_travel_s(const wo_vrp_problem *pb, int t, int a,
                                  int b)
{
    double f = pb->types[t].speed_factor;
    double d = pb->dur_s[(size_t)a * (size_t)pb->n_loc + (size_t)b];
    return f > 0 ? d * f : d;
}

/* Penalised cost from measures (0 for an empty route). */
static inline double vrp_penalised(const vrp_ctx *c, int t, vrp_eval *ev,
                                   int nonempty)
{
    (void)t;
    if (!nonempty)
        return 0.0;
    return ev->cost + c->lex_w + c->pen_load * ev->load_x +
           c->pen_tw * ev->tw_s + c->pen_misc * ev->misc_x;
}

/* Evaluation ev breaks no rule. */
static inline int vrp_eval_ok(const vrp_eval *a)
{
    return a->load_x <= 1e-9 && a->tw_s <= 1e-6 && a->misc_x <= 0;
}

/* a is a better way to drive the route than b: one that breaks no rule
 * beats one that does (however low the penalties), then the lower
 * penalised cost by more than margin. */
static inline int vrp_eval_better(const vrp_eval *a, const vrp_eval *b,
                                  double margin)
{
    int oa = vrp_eval_ok(a), ob = vrp_eval_ok(b);
    if (oa != ob)
        return oa;
    return a->pcost < b->pcost - margin;
}

/* v exceeds limit (which may be WO_VRP_UNLIMITED). */
static inline int vrp_lim_over(double v, double limit)
{
    return limit != WO_VRP_UNLIMITED && v > limit + 1e-9;
}

/* Distance from a to b. */
static inline double vrp_dist_m(const wo_vrp_problem *pb, int a, int b)
{
    return pb->dist_m[(size_t)a * (size_t)pb->n_loc + (size_t)b];
}

/* drive.c: one route driven step by step. */
/* Facilities whose use the route tracks itself against c->fac_rem (the
 * others are checked trip by trip, and the final build shortens a route
 * that overdraws them). */
#define VRP_FAC_TRACK 16

/* Running state of a route being driven. */
typedef struct vrp_sim {
    int loc;                    /* current location                    */
    int stream;                 /* the route's stream                  */
    double t;                   /* current time                        */
    double dep;                 /* departure from the start depot      */
    double dist;                /* metres driven                       */
    double load[WO_VRP_DIMS];   /* on board                            */
    double day[WO_VRP_DIMS];    /* collected since the start           */
    int nstops;                 /* stops served                        */
    int brk;                    /* break taken (or none required)      */
    int nmodes;                 /* start rules of this route (in a
                                   stored state: the rules stored)     */
    int brk_rule;               /* when to take the break (drive.c)    */
    int brk_at;                 /* visits before it (exact schedule)   */
    int mode;                   /* start rule (vrp_sim_start)          */
    int nunl;                   /* unloads made                        */
    double tw;                  /* time warp so far                    */
    double loadx;               /* load excess so far                  */
    double misc;                /* misc violations so far              */
    double wait;                /* waiting so far                      */
    double fslack;              /* largest delay of the departure that
                                   makes no visit so far later than its
                                   latest start (waiting absorbs it)   */
    double delay;               /* departure delay chosen at the end   */
    double trip_dep;            /* departure from the current trip's
                                   start (the depot or the last unload),
                                   release dates included              */
    double trip_wait;           /* waiting in this trip after trip_dep */
    double trip_slack;          /* largest delay of trip_dep that makes
                                   no visit of the trip late           */
    double trip_w0;             /* s->wait when the trip started       */
    int trip_vis;               /* visit that starts the trip (in vis) */
    double fac_used[VRP_FAC_TRACK][WO_VRP_DIMS]; /* unloaded per facility */
    wo_vrp_visit *vis;          /* visit output or NULL                */
    int nvis;                   /* visits written                      */
} vrp_sim;

/* Move the visits vis[0..n) later after the departure before them moved
 * later by shift: each starts as early as it can after the later arrival,
 * never before its planned start. */
void vrp_visits_shift(wo_vrp_visit *vis, int n, double shift);
/* Start rules of a route of type t whose first stop is i (stop index):
 * one per break rule and reachable window of the first stop. */
int vrp_drive_modes(const vrp_ctx *c, int t, int i);
/* Start a route of type t at its depot under start rule mode
 * (0..vrp_drive_modes-1), timed for first_stop (-1: none); the depot visit
 * is written when s->vis is set. */
void vrp_sim_start(const vrp_ctx *c, int t, int first_stop, int mode,
                   vrp_sim *s);
/* Drive on to stop i and serve it (the break first when due). */
void vrp_sim_stop(const vrp_ctx *c, int t, int i, vrp_sim *s);
/* Drive on to facility f and unload (the break first when due). */
void vrp_sim_unload(const vrp_ctx *c, int t, int f, vrp_sim *s);
/* Drive home (a break still owed first) and write the route's measures. */
void vrp_sim_end(const vrp_ctx *c, int t, vrp_sim *s, vrp_eval *ev);
/* The cheapest facility for stream between locations a and b (with the
 * surcharges of c->fac_price), or -1. */
int vrp_best_facility(const vrp_ctx *c, int t, int stream, int a, int b);
/* Stop i fits on board of type t in state s. */
int vrp_sim_fits(const vrp_ctx *c, int t, const vrp_sim *s, int i);
/* Something is on board. */
int vrp_sim_loaded(const vrp_sim *s);
/* Drive seq[0..len) (len >= 1) on type t under start rule mode: unload at
 * plan[k] >= 0 after stop k, or by the greedy rule when plan is NULL. */
void vrp_drive(const vrp_ctx *c, int t, const int *seq, int len,
               const int *plan, int mode, vrp_sim *s, vrp_eval *ev);
/* Drive seq with the unloads of plan, leaving the depot at dep and taking
 * the break after brk_at visits (the exact schedule's choice). */
void vrp_drive_at(const vrp_ctx *c, int t, const int *seq, int len,
                  const int *plan, double dep, int brk_at, vrp_sim *s,
                  vrp_eval *ev);
/* The greedy rule from state s on with seq[0..len): unload before a stop
 * that does not fit; with states, the state after each stop k is copied to
 * the slot[k]-th record of states (the part of start rule s->mode). */
void vrp_drive_greedy(const vrp_ctx *c, int t, const int *seq, int len,
                      vrp_sim *s, unsigned char *states, const int *slot);
/* End a greedy drive: unload what is on board, drive home, measure. */
void vrp_drive_greedy_end(const vrp_ctx *c, int t, vrp_sim *s, vrp_eval *ev);
/* Bytes of the driving state stored per stop for the local search (every
 * start rule's). */
size_t vrp_state_size(void);

/* unload.c: unload and break placement for a fixed sequence. */
/* How the best drive of a route starts: a start rule, or the exact
 * schedule's departure and break position. */
typedef struct vrp_drive_start {
    int mode;    /* start rule whose unload plan is used   */
    int exact;   /* 1: driven with dep and brk_at below     */
    double dep;  /* departure from the start depot          */
    int brk_at;  /* visits before the break                 */
} vrp_drive_start;
/* The exact labelling, then the unload DP under every start rule, each
 * plan driven by that rule and by its exact schedule: every distinct plan
 * when all_plans, else the plan of the best rule. lab, from, via and score
 * are scratch of len + 1 entries (lab[].vis NULL). When one beats *ev
 * (vrp_eval_better), returns 1 with *ev, *bs and its plan in c->plan;
 * else 0. */
int vrp_unload_best(vrp_ctx *c, int t, const int *seq, int len, vrp_sim *lab,
                    int *from, int *via, double *score, vrp_drive_start *bs,
                    vrp_eval *ev, int all_plans);

/* eval.c: route evaluation. */
/* Routes of at most this many stops are evaluated with the unload DP in
 * the search as well (vrp_eval_route; the local search drives them from
 * the start instead of from a stored state). 12, the exact references'
 * limit: with 8, routes of 9-10 stops whose best unload placement is not
 * the greedy one were never found (test_vrp_vs_exact). */
#define VRP_DP_SEARCH 12
/* Routes of at most this many stops are evaluated in the search under
 * every start rule (break rule x window of the first stop) until one keeps
 * every rule without waiting; longer ones try the other rules only while
 * none keeps every rule, and the final build tries all. */
#define VRP_MODES_SEARCH 16
/* Evaluate stop sequence seq[0..len) (stop indices) on type t with the
 * greedy unload rule (unload just before a stop that does not fit), or
 * the better of it and the unload DP for routes of at most VRP_DP_SEARCH
 * stops when no facility capacity is in play. */
void vrp_eval_route(vrp_ctx *c, int t, const int *seq, int len,
                    vrp_eval *ev);
/* Incremental evaluation for the local search: the driving state after
 * each stop of seq is stored at states + slot[k] * vrp_state_size();
 * vrp_eval_from() continues from such a state (NULL: from the start) with
 * more stops and evaluates the whole route as vrp_eval_route() would. */
void vrp_eval_states(vrp_ctx *c, int t, const int *seq, const int *slot,
                     int len, unsigned char *states);
void vrp_eval_from(vrp_ctx *c, int t, const unsigned char *from,
                   const int *seq, int len, vrp_eval *ev);

/* Final route: the unload trips placed by the exact DP (and facility
 * capacities in c->fac_rem respected when set), the visits written to *out
 * (allocated; freed by wo_vrp_solution_free) unless out is NULL. Returns
 * WO_OK or WO_ENOMEM. */
int vrp_build_route(vrp_ctx *c, int t, const int *seq, int len,
                    vrp_eval *ev, wo_vrp_route *out);

/* tws.c: time-window segments (Vidal et al. 2013). A segment is a stop
 * sequence with its windows relaxed as tws.c's head says; its least time
 * warp is a lower bound of the drive's time warp. */
/* "No limit" for a segment's earliest or latest start (finite, so that
 * the arithmetic of vrp_tws_join stays exact enough). */
#define VRP_TWS_FAR 1e12
typedef struct vrp_tws {
    double dur_s;   /* travel, service and waiting (time warped included) */
    double tw_s;    /* least time warp                                    */
    double early_s; /* earliest start of the first visit (no waiting)     */
    double late_s;  /* latest start of the first visit (no more warp)     */
} vrp_tws;

/* *out = a, then a leg of travel_s, then b (out may be a or b). */
static inline void vrp_tws_join(vrp_tws *out, const vrp_tws *a,
                                double travel_s, const vrp_tws *b)
{
    double delta = a->dur_s - a->tw_s + travel_s;
    double wait = b->early_s - delta - a->late_s;
    double warp = a->early_s + delta - b->late_s;
    double e = b->early_s - delta, l = b->late_s - delta;
    wait = wait > 0 ? wait : 0.0;
    warp = warp > 0 ? warp : 0.0;
    out->dur_s = a->dur_s + b->dur_s + travel_s + wait;
    out->tw_s = a->tw_s + b->tw_s + warp;
    out->early_s = (e > a->early_s ? e : a->early_s) - wait;
    out->late_s = (l < a->late_s ? l : a->late_s) + warp;
}
/* The segment of stop i alone (stop index). */
void vrp_tws_stop(const vrp_ctx *c, int i, vrp_tws *s);
/* The segments of type t's start depot (shift opening) and end depot
 * (shift closing). */
void vrp_tws_depots(const vrp_ctx *c, int t, vrp_tws *start, vrp_tws *end);
/* Least time warp of the whole route seq[0..len) on type t, depots
 * included (0 for an empty route), by joining stop after stop. */
double vrp_tws_route(const vrp_ctx *c, int t, const int *seq, int len);

/* construct.c */
/* A first solution for rich problems: every mandatory stop placed by
 * regret insertion into all routes at once, keeping every rule and the
 * facilities' daily capacities (their surcharges in c->fac_price adjusted
 * between builds); with randomize, routes built one after the other from a
 * random seed stop by appending the nearest stop that keeps every rule.
 * Stops left over stay unserved at the end of the tour. */
void vrp_construct(vrp_ctx *c, int *tour, int *rlen, int randomize);

/* Overflow of the facilities' daily capacities by the solution tour/rlen
 * (in load_x units; 0 when no facility has a capacity). With reprice, the
 * facility surcharges are adapted: raised where it overflows, lowered
 * elsewhere. */
double vrp_facility_overflow(vrp_ctx *c, const int *tour, const int *rlen,
                             int reprice);

/* split.c: giant tour (active indices) -> route lengths per slot, with the
 * tour reordered so routes are contiguous in slot order. */
void vrp_split(vrp_ctx *c, int *tour, int *rlen);
/* Plain CVRP with one vehicle type (c->fast): the cheapest cut of the
 * whole tour (every active stop, in its order) into routes that keep the
 * capacity and the stop limit, lengths into rlen; returns 1, or 0 (rlen
 * untouched) when there is no such cut or the problem is not of that
 * kind. */
int vrp_split_feasible(vrp_ctx *c, const int *tour, int *rlen);

/* pool.c */
typedef struct vrp_pool vrp_pool;

/* Totals of a whole solution. */
typedef struct vrp_totals {
    double base;     /* cost + lexicographic weight + fixed penalties      */
    double cost;     /* real cost incl. penalties of unserved optional stops */
    double load_x;   /* total load excess                                  */
    double tw_s;     /* total time warp                                    */
    int feasible;    /* no violation and every mandatory stop served       */
    int vehicles;    /* non-empty routes                                   */
} vrp_totals;

/* Penalised cost of totals under the current penalties. */
double vrp_totals_pcost(const vrp_ctx *c, const vrp_totals *t);

/* ls.c */
typedef struct vrp_ls vrp_ls;
vrp_ls *vrp_ls_new(vrp_ctx *c);
void vrp_ls_free(vrp_ls *ls);
/* Improve the solution (tour in slot order + rlen, unserved at the end)
 * with at most max_loops passes (0: until no move improves); writes it
 * back the same way with its totals; returns the moves applied. */
long vrp_ls_run(vrp_ls *ls, int *tour, int *rlen, vrp_totals *tot,
                int max_loops);
/* Ruin and recreate: take the stops ks[0..n) (active indices) out of the
 * solution tour/rlen, put each back at its cheapest place near its
 * granular neighbours (in the order given), then improve where the
 * solution changed (a stop is tried only when its route or a neighbour's
 * route changed); writes it back with its totals as vrp_ls_run does.
 * Returns the moves applied. */
long vrp_ls_ruin(vrp_ls *ls, int *tour, int *rlen, vrp_totals *tot,
                 const int *ks, int n);
/* Refuse (on = 1) moves that make a rule-abiding route break a rule. */
void vrp_ls_keep_feasible(vrp_ls *ls, int on);
/* Totals of the solution as it is (no move). */
void vrp_ls_measure(vrp_ls *ls, int *tour, int *rlen, vrp_totals *tot);

/* hgs.c: the genetic search; the best solution found is left in tour/rlen
 * (and its totals in *best). It runs until the limits of c->prm, or until
 * the stall rule (stall_iterations, and stall_s without an iteration
 * limit) finds it no longer improving, which sets c->stalled. Returns
 * WO_OK or WO_ENOMEM. */
int vrp_hgs(vrp_ctx *c, int *tour, int *rlen, vrp_totals *best, long *iters,
            vrp_pool *pool);

vrp_pool *vrp_pool_new(int max_routes);
void vrp_pool_free(vrp_pool *p);
/* Add the routes of a feasible solution (tour/rlen in slot order). */
void vrp_pool_add(vrp_pool *p, vrp_ctx *c, const int *tour, const int *rlen);
/* Solve the SP MIP over the pool within time_limit_s and node_limit
 * (each <= 0: none; with neither, to its proven optimum); on improvement
 * over best_cost writes the new solution into tour/rlen and returns 1; 0
 * otherwise. */
int vrp_pool_solve(vrp_pool *p, vrp_ctx *c, int *tour, int *rlen,
                   double best_cost, double time_limit_s, long node_limit);

/* search.c: one genetic search with its set-partitioning finish and the
 * final solution (wo_vrp_solve's contract, on one thread, without the
 * lexicographic phases of strategy.c). start (or NULL) is a solution of a
 * problem with the same stops and types whose routes seed the search,
 * except route drop (-1: none), whose stops start unserved; routes beyond
 * a type's count here start unserved too. search is a VRP_SEARCH_*
 * value. The problem and the limits in prm (not NULL) must have been
 * checked (wo_vrp_solve does). */
int vrp_solve_single(const wo_vrp_problem *pb, const wo_vrp_params *prm,
                     const wo_vrp_solution *start, int drop, int search,
                     wo_vrp_solution *sol, wo_err *err);

/* strategy.c: the lexicographic phases of one seed. */
/* What a search of one phase reports through, and the stop shared by
 * the threads. */
typedef struct vrp_relay {
    const wo_vrp_params *user;  /* the caller's parameters               */
    int forward;                /* 1: pass progress on to the caller     */
    double lo, hi;              /* part of the whole this phase covers   */
    long it_base;               /* iterations of the earlier phases      */
    double t0;                  /* start of wo_vrp_solve                 */
    atomic_int *stop;           /* set when the caller vetoes            */
    int stalled;                /* the last phase run ended by the stall
                                   rule (its solution's stalled)         */
    long moves_screened;        /* local-search moves of the phases run  */
    long moves_evaluated;       /* (vrp_strategy_run sets them to 0)     */
} vrp_relay;

/* One seed's search (wo_vrp_solve's contract, on the calling thread): the
 * lexicographic phases when pb->lexicographic, else one search of
 * search.c; progress goes through rl (set by the caller: user, forward,
 * t0, stop). The problem and the limits in base must have been checked. */
int vrp_strategy_run(const wo_vrp_problem *pb, const wo_vrp_params *base,
                     vrp_relay *rl, wo_vrp_solution *sol, wo_err *err);
/* Mandatory stops that s (a solution of pb) leaves unserved. */
int vrp_mandatory_out(const wo_vrp_problem *pb, const wo_vrp_solution *s);
/* Keep *cand in *best when it is better (fewer mandatory stops unserved,
 * then, when lexicographic, fewer vehicles, then a lower cost) or *have is
 * 0 (then set); frees the loser and leaves *cand empty. */
void vrp_keep_better(const wo_vrp_problem *pb, wo_vrp_solution *best,
                     int *have, wo_vrp_solution *cand);

/* decomp.c */
/* WO_VRP_DECOMP_AUTO decomposes from this many stops. */
#define VRP_DECOMP_FROM 3000
/* Rounds under an iteration limit when decomp_rounds is not set. */
#define VRP_DECOMP_ROUNDS 4
/* Under a time limit: the first search's share of it, and its iterations
 * at most when no iteration limit is set. */
#define VRP_DECOMP_FIRST 0.3
#define VRP_DECOMP_FIRST_ITERS 2
/* prm asks for decomposition on pb. */
int vrp_decomp_applies(const wo_vrp_problem *pb, const wo_vrp_params *prm);
/* Improve sol (a solution of pb) by rounds of subproblems (decomp.c's
 * top comment) until prm's decomp_rounds, the deadline (wo_now_s() value,
 * 0: none), the cancel flag or a veto through rl. Progress goes to the
 * caller through rl after each round. sol stays a solution of pb that
 * keeps every rule and serves the same mandatory stops. Returns WO_OK or
 * WO_ENOMEM (sol then as after the last round completed). */
int vrp_decompose(const wo_vrp_problem *pb, const wo_vrp_params *prm,
                  double deadline, const vrp_relay *rl, wo_vrp_solution *sol,
                  wo_err *err);

#endif /* WO_VRP_INTERNAL_H */
