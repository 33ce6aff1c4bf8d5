/*
 * strategy.c — the lexicographic phases: how the searches of search.c are
 * run for one seed (vrp_strategy_run; solve.c runs it on each thread).
 *
 * Lexicographic objective (fewest vehicles, then cost). A weight per
 * vehicle far above any distance makes the genetic search trade rule
 * violations for one vehicle less, so on its own it finds few vehicles but
 * leaves the distance poorly optimised. It is therefore solved in phases:
 *  A. the weighted search on a part of the budget: few vehicles, k (on
 *     a short budget a large instance can end that part with mandatory
 *     stops still out: A then goes on from its best while that places
 *     more of them, and when they stay out the rest of the budget goes to
 *     the weighted search, phases B and C left out);
 *  B. while k is above a lower bound (daily load per vehicle, stops per
 *     vehicle) and the fleet has one vehicle type: a search for fewer
 *     vehicles (halfway to the bound, or k - 1 next to it; the fleet
 *     capped there, cost objective, started from the best solution with
 *     its lightest route's stops unplaced; a failure halfway raises the
 *     bound, a failure at k - 1 gets a second seed); success lowers k and
 *     is tried again. A miss at k - 1 by at most 1 % of the stops (at
 *     least one) is kept, and the next attempts start from the closest
 *     such miss with its left-out stops unplaced (a pool of stops to
 *     insert, k - 1 routes already packed) instead of from scratch, up to
 *     NEAR_ATTEMPTS attempts in all;
 *  C. the cost objective with each type capped at the vehicles the best
 *     solution so far uses, on the rest of the budget: fewest vehicles
 *     kept, distance and time optimised.
 * Above VRP_RR_FROM stops phases A and C run ruin and recreate accepting
 * slightly worse steps (VRP_SEARCH_RUIN), and phase B runs the genetic
 * search, whose penalised infeasible children are what packs the stops
 * into a vehicle fewer, only until it holds such a solution: its distance
 * is left to phase C (Kim 444: about 150 genetic children in 30 s,
 * against about 10,000 ruin and recreate steps).
 * Each phase ends early when its search stops improving (the stall rule
 * of wo_vrp_params, hgs.c); the solution is marked stalled when the last
 * phase run ended that way.
 * The best solution of all phases is returned (all mandatory stops served
 * first, then fewer vehicles, then cost). Under an iteration limit the
 * phases share the iterations in fixed proportions and a time limit is
 * only a cap that each phase may run until, so a fixed seed and iteration
 * limit give the same answer however loaded the machine; under a time
 * limit alone they share the time in the same proportions.
 */
#include "solver/vrp/internal.h"

#include <math.h>
#include <stdatomic.h>
#include <string.h>

#define SHARE_A 0.15     /* of the budget: the weighted search       */
#define SHARE_FEWER 0.15 /* of the budget: one attempt at k - 1      */
#define FEWER_ATTEMPTS 2 /* attempts at each k - 1 (other seeds)     */
#define KEEP_FOR_C 0.25  /* of the budget kept for phase C at least  */
#define NEAR_ATTEMPTS 4  /* attempts at k - 1 once one missed by at most
                            1 % of the stops (at least 1)            */

static int relay_progress(const wo_progress *p, void *ud)
{
    vrp_relay *r = ud;
    if (r->forward && r->user->progress) {
        wo_progress q = *p;
        if (q.fraction >= 0)
            q.fraction = r->lo + (r->hi - r->lo) * q.fraction;
        q.iteration += r->it_base;
        q.elapsed_s = wo_now_s() - r->t0;
        if (r->user->progress(&q, r->user->progress_ud))
            atomic_store(r->stop, 1);
    }
    return atomic_load(r->stop);
}

int vrp_mandatory_out(const wo_vrp_problem *pb, const wo_vrp_solution *s)
{
    int i, n = 0;
    for (i = 0; i < s->n_unserved; i++)
        n += !pb->stops[s->unserved[i].stop].optional;
    return n;
}

/* a is better than b: fewer mandatory stops unserved, then (lexicographic)
 * fewer vehicles, then a lower cost. */
static int sol_better(const wo_vrp_problem *pb, const wo_vrp_solution *a,
                      const wo_vrp_solution *b)
{
    int ma = vrp_mandatory_out(pb, a), mb = vrp_mandatory_out(pb, b);
    if (ma != mb)
        return ma < mb;
    if (pb->lexicographic && a->vehicles_used != b->vehicles_used)
        return a->vehicles_used < b->vehicles_used;
    return a->cost < b->cost - 1e-9 * (1.0 + fabs(b->cost));
}

/* Keep *cand in *best when it is better (or best is empty); frees the
 * loser. */
void vrp_keep_better(const wo_vrp_problem *pb, wo_vrp_solution *best,
                     int *have, wo_vrp_solution *cand)
{
    if (!*have || sol_better(pb, cand, best)) {
        if (*have)
            wo_vrp_solution_free(best);
        *best = *cand;
        *have = 1;
    } else {
        wo_vrp_solution_free(cand);
    }
    wo_vrp_solution_init(cand);
}

/* Fewest vehicles any solution serving every mandatory stop needs, from
 * the daily load and stop limits (1 when nothing binds). */
static int vehicle_lower_bound(const wo_vrp_problem *pb)
{
    double total[WO_VRP_DIMS] = {0}, best_day[WO_VRP_DIMS] = {0};
    int unlimited[WO_VRP_DIMS] = {0}, d, i, t, n_mand = 0, max_stops = 0;
    int stops_bind = 1, lb = 1;
    for (i = 0; i < pb->n_stops; i++) {
        if (pb->stops[i].optional)
            continue;
        n_mand++;
        for (d = 0; d < WO_VRP_DIMS; d++)
            total[d] += pb->stops[i].demand[d];
    }
    if (n_mand == 0)
        return 0;
    for (t = 0; t < pb->n_types; t++) {
        const wo_vrp_vehicle_type *v = &pb->types[t];
        if (v->count <= 0)
            continue;
        for (d = 0; d < WO_VRP_DIMS; d++) {
            if (v->max_load_per_day[d] == WO_VRP_UNLIMITED)
                unlimited[d] = 1;
            else if (v->max_load_per_day[d] > best_day[d])
                best_day[d] = v->max_load_per_day[d];
        }
        if (v->max_stops <= 0)
            stops_bind = 0;
        else if (v->max_stops > max_stops)
            max_stops = v->max_stops;
    }
    for (d = 0; d < WO_VRP_DIMS; d++)
        if (!unlimited[d] && best_day[d] > 0) {
            double k = ceil(total[d] / best_day[d] - 1e-9);
            if (k > lb)
                lb = (int)fmin(k, 1e9);
        }
    if (stops_bind && max_stops > 0 && (n_mand + max_stops - 1) / max_stops > lb)
        lb = (n_mand + max_stops - 1) / max_stops;
    return lb;
}

/* The limits of a phase: share of the caller's budget (of the iterations
 * when there is an iteration limit, else of the time), never past what is
 * left of the time limit. */
static void phase_limits(const wo_vrp_params *all, double t0, long it_used,
                         double share, int last, wo_vrp_params *ph)
{
    if (all->time_limit_s > 0) {
        double left = all->time_limit_s - (wo_now_s() - t0);
        double want = last || all->max_iterations > 0
                          ? left
                          : share * all->time_limit_s;
        ph->time_limit_s = fmax(0.01, fmin(want, left));
    }
    if (all->max_iterations > 0) {
        long left = all->max_iterations - it_used;
        long want = last ? left : (long)(share * (double)all->max_iterations);
        if (want > left)
            want = left;
        ph->max_iterations = want > 1 ? want : 1;
    }
}

/* Budget left as a fraction of the whole: of the iterations when there is
 * an iteration limit (the time limit is then only a cap), else of the
 * time. */
static double budget_left(const wo_vrp_params *all, double t0, long it_used)
{
    if (all->max_iterations > 0)
        return 1.0 - (double)it_used / (double)all->max_iterations;
    if (all->time_limit_s > 0)
        return 1.0 - (wo_now_s() - t0) / all->time_limit_s;
    return 1.0;
}

/* One search of a phase on pb2 (same stops as the caller's problem). */
static int run_phase(const wo_vrp_problem *pb2, const wo_vrp_params *base,
                     vrp_relay *rl, double share, int last, long *it_used,
                     const wo_vrp_solution *start, int drop, int search,
                     wo_vrp_solution *out, wo_err *err)
{
    wo_vrp_params ph = *base;
    int rc;
    double f0 = 1.0 - budget_left(rl->user, rl->t0, *it_used);
    phase_limits(rl->user, rl->t0, *it_used, share, last, &ph);
    rl->lo = fmin(1.0, f0);
    rl->hi = last ? 1.0 : fmin(1.0, f0 + share);
    rl->it_base = *it_used;
    ph.progress = relay_progress;
    ph.progress_ud = rl;
    rc = vrp_solve_single(pb2, &ph, start, drop, search, out, err);
    if (rc == WO_OK) {
        *it_used += out->iterations;
        rl->moves_screened += out->moves_screened;
        rl->moves_evaluated += out->moves_evaluated;
        rl->stalled = out->stalled;
    }
    return rc;
}

/* Vehicles of each type a solution uses. */
static void used_per_type(const wo_vrp_solution *s, int *used, int n_types)
{
    int r;
    memset(used, 0, sizeof(int) * (size_t)n_types);
    for (r = 0; r < s->n_routes; r++)
        if (s->routes[r].type >= 0 && s->routes[r].type < n_types)
            used[s->routes[r].type]++;
}

/* The route with the fewest stop visits (its stops are the ones to place
 * elsewhere when one vehicle fewer is tried). */
static int lightest_route(const wo_vrp_solution *s)
{
    int r, best = -1, bn = 0;
    for (r = 0; r < s->n_routes; r++) {
        int v, n = 0;
        for (v = 0; v < s->routes[r].n_visits; v++)
            n += s->routes[r].visits[v].kind == WO_VISIT_STOP;
        if (best < 0 || n < bn) {
            best = r;
            bn = n;
        }
    }
    return best;
}

static int stopped(const vrp_relay *rl)
{
    return atomic_load(rl->stop) ||
           (rl->user->cancel && *rl->user->cancel);
}

/* The lexicographic phases (see the header). */
static int solve_lex(const wo_vrp_problem *pb, const wo_vrp_params *base,
                     vrp_relay *rl, wo_vrp_solution *sol, wo_err *err)
{
    wo_vrp_problem p2 = *pb;
    wo_vrp_vehicle_type *types = NULL;
    wo_vrp_solution cand, best;
    int *used = NULL, have = 0, rc, t, k, lb, single = -1, n_live = 0;
    int attempt, big = pb->n_stops > VRP_RR_FROM, out, prev_out;
    int near_out = 0, near_limit;
    wo_vrp_solution near; /* the closest miss at k - 1 (near_out > 0) */
    int cost_search = big ? VRP_SEARCH_RUIN : VRP_SEARCH_AUTO;
    int fewer_search = big ? VRP_SEARCH_FEASIBLE : VRP_SEARCH_GENETIC;
    long it_used = 0;
    wo_vrp_solution_init(&cand);
    wo_vrp_solution_init(&best);
    wo_vrp_solution_init(&near);
    types = wo_malloc(sizeof *types * (size_t)(pb->n_types + 1));
    used = wo_malloc(sizeof(int) * (size_t)(pb->n_types + 1));
    if (!types || !used) {
        rc = wo_err_set(err, WO_ENOMEM, "vrp: out of memory");
        goto out;
    }
    memcpy(types, pb->types, sizeof *types * (size_t)pb->n_types);
    p2.types = types;
    /* the phases change the fleet counts, which number the preferred
     * vehicles: lexicographic problems are solved without preferences */
    p2.pref_vehicle = p2.pref_pos = NULL;
    p2.stability_penalty = 0;
    p2.warm_start = 0;
    for (t = 0; t < pb->n_types; t++)
        if (pb->types[t].count > 0) {
            single = t;
            n_live++;
        }
    /* A: the weighted search */
    rc = run_phase(pb, base, rl, SHARE_A, 0, &it_used, NULL, -1, cost_search,
                   &cand, err);
    if (rc)
        goto out;
    vrp_keep_better(pb, &best, &have, &cand);
    /* A large instance on a short budget can end its share still placing
     * the first solution's stops: A goes on from its best, share after
     * share, while that places more mandatory stops and leaves C its
     * part (stops no vehicle can serve stay out, and end this at once) */
    for (out = vrp_mandatory_out(pb, &best), prev_out = out + 1;
         out > 0 && out < prev_out && !stopped(rl) &&
         budget_left(rl->user, rl->t0, it_used) >= SHARE_A + KEEP_FOR_C;
         prev_out = out, out = vrp_mandatory_out(pb, &best)) {
        rc = run_phase(pb, base, rl, SHARE_A, 0, &it_used, &best, -1,
                       cost_search, &cand, err);
        if (rc)
            goto out;
        vrp_keep_better(pb, &best, &have, &cand);
    }
    if (stopped(rl))
        goto out;
    if (out > 0) {
        /* still incomplete: the rest of the budget on the weighted
         * search, the fleet as given */
        rc = run_phase(pb, base, rl, 1.0, 1, &it_used, &best, -1,
                       cost_search, &cand, err);
        if (rc == WO_OK)
            vrp_keep_better(pb, &best, &have, &cand);
        goto out;
    }
    /* B: one vehicle fewer while the bound allows */
    lb = vehicle_lower_bound(pb);
    near_limit = pb->n_stops / 100 > 1 ? pb->n_stops / 100 : 1;
    p2.lexicographic = 0;
    for (k = best.vehicles_used, attempt = 0;
         n_live == 1 && k > lb && k > 1 && !stopped(rl) &&
         budget_left(rl->user, rl->t0, it_used) >= SHARE_FEWER + KEEP_FOR_C;) {
        wo_vrp_params pa = *base;
        /* halfway to the bound first: far above it, one vehicle at a
         * time would spend the budget on easy steps */
        int target = k - ((k - lb) / 2 > 1 ? (k - lb) / 2 : 1);
        pa.seed = base->seed + 7919u * (uint64_t)(attempt + 1);
        types[single].count = target;
        /* from the closest miss at k - 1 when there is one (its stops
         * left out start unplaced), else from the best without its
         * lightest route */
        rc = run_phase(&p2, &pa, rl, SHARE_FEWER, 0, &it_used,
                       near_out ? &near : &best,
                       near_out ? -1 : lightest_route(&best), fewer_search,
                       &cand, err);
        if (rc)
            goto out;
        out = vrp_mandatory_out(pb, &cand);
        if (out > 0) {
            if (target == k - 1 && out <= near_limit &&
                (!near_out || out <= near_out)) {
                /* a near miss: kept as the next attempt's start */
                wo_vrp_solution_free(&near);
                near = cand;
                near_out = out;
            } else {
                wo_vrp_solution_free(&cand);
            }
            wo_vrp_solution_init(&cand);
            if (target < k - 1) {
                lb = target; /* not found there: aim between */
                continue;
            }
            if (++attempt >= (near_out ? NEAR_ATTEMPTS : FEWER_ATTEMPTS))
                break;
            continue; /* once more, other seed */
        }
        wo_vrp_solution_free(&near);
        wo_vrp_solution_init(&near);
        near_out = 0;
        vrp_keep_better(pb, &best, &have, &cand);
        k = best.vehicles_used; /* the search may have saved more than one */
        attempt = 0;
    }
    /* C: the cost objective within the vehicles found */
    if (stopped(rl) || budget_left(rl->user, rl->t0, it_used) <= 0)
        goto out;
    used_per_type(&best, used, pb->n_types);
    for (t = 0; t < pb->n_types; t++)
        types[t].count = pb->types[t].count < used[t] ? pb->types[t].count
                                                      : used[t];
    rc = run_phase(&p2, base, rl, 1.0, 1, &it_used, &best, -1, cost_search,
                   &cand, err);
    if (rc)
        goto out;
    vrp_keep_better(pb, &best, &have, &cand);
out:
    wo_free(types);
    wo_free(used);
    wo_vrp_solution_free(&cand);
    wo_vrp_solution_free(&near);
    if (rc == WO_OK && have) {
        best.iterations = it_used;
        best.moves_screened = rl->moves_screened;
        best.moves_evaluated = rl->moves_evaluated;
        best.seconds = wo_now_s() - rl->t0;
        best.stalled = rl->stalled;
        *sol = best;
    } else {
        wo_vrp_solution_free(&best);
    }
    return rc;
}

/* One search: the phases when lexicographic, else one genetic search. */
int vrp_strategy_run(const wo_vrp_problem *pb, const wo_vrp_params *base,
                     vrp_relay *rl, wo_vrp_solution *sol, wo_err *err)
{
    long it_used = 0;
    int rc;
    rl->moves_screened = rl->moves_evaluated = 0;
    if (pb->lexicographic)
        return solve_lex(pb, base, rl, sol, err);
    rc = run_phase(pb, base, rl, 1.0, 1, &it_used, NULL, -1, VRP_SEARCH_AUTO,
                   sol, err);
    if (rc == WO_OK)
        sol->seconds = wo_now_s() - rl->t0;
    return rc;
}
