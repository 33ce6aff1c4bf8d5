/*
 * decomp.c — decomposition for large instances: the routes of a solution
 * are split into groups of neighbouring routes, each group is solved as a
 * problem of its own (its stops, the same matrix and facilities, the
 * vehicles of its routes as the fleet, the facilities' daily capacities
 * less what the other routes unload), started from its current routes,
 * with the unserved stops nearest to its routes, and its answer replaces
 * the group's routes when it leaves fewer mandatory stops unserved, or as
 * many at a lower cost (with no more vehicles in lexicographic mode). A
 * round covers every route once; rounds repeat with new groups.
 *
 * Groups: each route is represented by its medoid stop (the stop with
 * the least distance to and from a sample of the route's stops); the
 * routes are taken in a random order of the round, and each route still
 * free opens a group that takes the free routes nearest to it (same
 * stream first) until the group holds about decomp_stops stops.
 *
 * Determinism: the groups of a round are disjoint, each is solved on one
 * thread with its own seed (seed, round, group) and an iteration budget,
 * and the answers are merged in group order, so under an iteration limit
 * the result does not depend on the thread count.
 */
#include "solver/vrp/internal.h"

#include "solver/lp.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define MAX_THREADS 64
#define MEDOID_SAMPLE 16      /* stops of a route the medoid is measured on */
#define OTHER_STREAM 1e12     /* added to the distance of routes of another
                                 stream: they come last                     */

/* One group of a round and its subproblem. */
typedef struct group {
    int n_routes;              /* routes of the solution in the group      */
    int *routes;               /* [n_routes] their indices, in group order  */
    int n_stops;               /* stops served by them, then n_extra more   */
    int n_extra;               /* stops unserved in the solution, nearest to
                                  these routes, given to the subproblem     */
    int start_out;             /* mandatory stops among them                */
    int *stop_of;              /* [n_stops] subproblem stop -> stop of pb   */
    wo_vrp_stop *stops;        /* [n_stops] the subproblem's stops          */
    wo_vrp_vehicle_type *types;/* [n_types] counts: the group's routes      */
    wo_vrp_facility *facs;     /* [n_fac] capacities less the other routes  */
    int *veh_of;               /* [n_routes] (type, j-th) -> vehicle of pb,
                                  by type in group order                    */
    wo_vrp_problem sub;        /* the subproblem                            */
    wo_vrp_solution start;     /* the group's routes as a solution of sub   */
    double start_cost;         /* their cost                                */
    wo_vrp_params prm;         /* its limits and seed                       */
    wo_vrp_solution sol;       /* its answer                                */
    int ran;                   /* 1: solved (0: the time was up first)      */
    int rc;                    /* vrp_solve_single's return                 */
    wo_err err;
    int take;                  /* 1: its answer replaces its routes         */
} group;

/* What the threads of a round share. */
typedef struct round_work {
    group *g;                  /* [n] groups                                */
    int n;
    double deadline;           /* wo_now_s() limit, or 0                    */
    atomic_int next;           /* next group to take                        */
} round_work;

int vrp_decomp_applies(const wo_vrp_problem *pb, const wo_vrp_params *prm)
{
    /* the subproblems know nothing of the stops' preferred vehicles */
    if (pb->stability_penalty > 0)
        return 0;
    if (prm->decompose == WO_VRP_DECOMP_ALWAYS)
        return 1;
    return prm->decompose == WO_VRP_DECOMP_AUTO &&
           pb->n_stops >= VRP_DECOMP_FROM;
}

static int route_stops(const wo_vrp_route *r)
{
    int v, n = 0;
    for (v = 0; v < r->n_visits; v++)
        n += r->visits[v].kind == WO_VISIT_STOP;
    return n;
}

/* The stop of route r with the least summed distance to and from a sample
 * of its stops, or -1 when it serves none. */
static int route_medoid(const wo_vrp_problem *pb, const wo_vrp_route *r)
{
    int st[MEDOID_SAMPLE], n = 0, v, i, best = -1, n_stops = route_stops(r);
    double bv = INFINITY;
    if (n_stops == 0)
        return -1;
    for (v = 0, i = 0; v < r->n_visits; v++) {
        if (r->visits[v].kind != WO_VISIT_STOP)
            continue;
        /* evenly spread over the route */
        if (n < MEDOID_SAMPLE &&
            (long)i * MEDOID_SAMPLE >= (long)n * n_stops)
            st[n++] = pb->stops[r->visits[v].index].loc;
        i++;
    }
    for (v = 0; v < r->n_visits; v++) {
        double s = 0;
        int a;
        if (r->visits[v].kind != WO_VISIT_STOP)
            continue;
        a = pb->stops[r->visits[v].index].loc;
        for (i = 0; i < n; i++)
            s += vrp_dist_m(pb, a, st[i]) + vrp_dist_m(pb, st[i], a);
        if (s < bv) {
            bv = s;
            best = a;
        }
    }
    return best;
}

/* Add what route r unloads at each facility to used[f*DIMS + d]. */
static void route_unloads(const wo_vrp_problem *pb, const wo_vrp_route *r,
                          double *used)
{
    double acc[WO_VRP_DIMS] = {0};
    int v, d;
    for (v = 0; v < r->n_visits; v++) {
        const wo_vrp_visit *x = &r->visits[v];
        if (x->kind == WO_VISIT_STOP) {
            for (d = 0; d < WO_VRP_DIMS; d++)
                acc[d] += pb->stops[x->index].demand[d];
        } else if (x->kind == WO_VISIT_UNLOAD) {
            for (d = 0; d < WO_VRP_DIMS; d++) {
                used[x->index * WO_VRP_DIMS + d] += acc[d];
                acc[d] = 0;
            }
        }
    }
}

/* Split the routes of sol into groups (see the top of the file). Writes
 * the medoid location of each route into med, its group into grp_of and
 * returns the number of groups, or -1 when out of memory. */
static int make_groups(const wo_vrp_problem *pb, const wo_vrp_solution *sol,
                       int target, wo_rng *rng, int *med, int *grp_of)
{
    int nr = sol->n_routes, i, j, n_grp = 0, rc = -1;
    int *order = wo_malloc(sizeof(int) * ((size_t)nr + 1));
    int *len = wo_malloc(sizeof(int) * ((size_t)nr + 1));
    double *key = wo_malloc(sizeof(double) * ((size_t)nr + 1));
    if (!order || !len || !key)
        goto out;
    for (i = 0; i < nr; i++) {
        med[i] = route_medoid(pb, &sol->routes[i]);
        len[i] = route_stops(&sol->routes[i]);
        order[i] = i;
        grp_of[i] = -1;
    }
    for (i = nr - 1; i > 0; i--) {
        int k = (int)wo_rng_below(rng, (uint32_t)i + 1), t = order[i];
        order[i] = order[k];
        order[k] = t;
    }
    for (i = 0; i < nr; i++) {
        int seed = order[i], have;
        if (grp_of[seed] >= 0)
            continue;
        grp_of[seed] = n_grp;
        have = len[seed];
        for (j = 0; j < nr; j++) {
            const wo_vrp_route *a = &sol->routes[seed], *b = &sol->routes[j];
            key[j] = INFINITY;
            if (grp_of[j] >= 0 || med[j] < 0 || med[seed] < 0)
                continue;
            key[j] = vrp_dist_m(pb, med[seed], med[j]) +
                     vrp_dist_m(pb, med[j], med[seed]) +
                     (a->stream == b->stream ? 0 : OTHER_STREAM);
        }
        while (have < target) {
            int bj = -1;
            for (j = 0; j < nr; j++)
                if (grp_of[j] < 0 && key[j] < INFINITY &&
                    (bj < 0 || key[j] < key[bj]))
                    bj = j;
            if (bj < 0)
                break;
            grp_of[bj] = n_grp;
            have += len[bj];
        }
        n_grp++;
    }
    rc = n_grp;
out:
    wo_free(order);
    wo_free(len);
    wo_free(key);
    return rc;
}

static void group_free(group *g)
{
    int r;
    for (r = 0; r < g->start.n_routes; r++)
        wo_free(g->start.routes[r].visits);
    wo_free(g->start.routes);
    wo_vrp_solution_free(&g->sol);
    wo_free(g->routes);
    wo_free(g->stop_of);
    wo_free(g->stops);
    wo_free(g->types);
    wo_free(g->facs);
    wo_free(g->veh_of);
    memset(g, 0, sizeof *g);
}

/* The group of each unserved stop of sol (uns_grp[u], -1: none): the
 * group of the route whose medoid is nearest, among the routes that carry
 * its stream when there are some; at most cap stops per group. */
static void assign_unserved(const wo_vrp_problem *pb,
                            const wo_vrp_solution *sol, const int *med,
                            const int *grp_of, int n_grp, int cap,
                            int *uns_grp, int *per_grp)
{
    int u, r;
    memset(per_grp, 0, sizeof(int) * (size_t)n_grp);
    for (u = 0; u < sol->n_unserved; u++) {
        const wo_vrp_stop *st = &pb->stops[sol->unserved[u].stop];
        double bv = INFINITY;
        int best = -1;
        uns_grp[u] = -1;
        if (sol->unserved[u].reason != WO_UNSERVED_CAPACITY &&
            sol->unserved[u].reason != WO_UNSERVED_PENALTY &&
            sol->unserved[u].reason != WO_UNSERVED_TIME)
            continue; /* no vehicle could ever serve it */
        for (r = 0; r < sol->n_routes; r++) {
            double dv;
            if (med[r] < 0)
                continue;
            dv = vrp_dist_m(pb, med[r], st->loc) +
                 vrp_dist_m(pb, st->loc, med[r]) +
                 (sol->routes[r].stream == st->stream ? 0 : OTHER_STREAM);
            if (dv < bv) {
                bv = dv;
                best = r;
            }
        }
        if (best >= 0 && per_grp[grp_of[best]] < cap) {
            uns_grp[u] = grp_of[best];
            per_grp[grp_of[best]]++;
        }
    }
}

/* Build group g's subproblem from the routes with grp_of[r] == id and the
 * unserved stops u with uns_grp[u] == id; used holds what every route of
 * sol unloads per facility. Returns WO_OK or WO_ENOMEM. */
static int group_build(const wo_vrp_problem *pb, const wo_vrp_solution *sol,
                       const int *grp_of, const int *uns_grp, int id,
                       const double *used, group *g)
{
    int r, v, t, f, d, u, n = 0, k = 0;
    double *mine = NULL;
    for (r = 0; r < sol->n_routes; r++)
        if (grp_of[r] == id) {
            n++;
            k += route_stops(&sol->routes[r]);
        }
    for (u = 0; u < sol->n_unserved; u++)
        k += uns_grp[u] == id;
    g->routes = wo_malloc(sizeof(int) * ((size_t)n + 1));
    g->veh_of = wo_malloc(sizeof(int) * ((size_t)n + 1));
    g->stop_of = wo_malloc(sizeof(int) * ((size_t)k + 1));
    g->stops = wo_malloc(sizeof(wo_vrp_stop) * ((size_t)k + 1));
    g->types = wo_malloc(sizeof(wo_vrp_vehicle_type) * ((size_t)pb->n_types + 1));
    g->facs = wo_malloc(sizeof(wo_vrp_facility) *
                        ((size_t)pb->n_facilities + 1));
    g->start.routes = wo_calloc((size_t)n + 1, sizeof(wo_vrp_route));
    mine = wo_calloc((size_t)pb->n_facilities * WO_VRP_DIMS + 1,
                     sizeof(double));
    if (!g->routes || !g->veh_of || !g->stop_of || !g->stops || !g->types ||
        !g->facs || !g->start.routes || !mine)
        goto nomem;
    g->n_routes = 0;
    g->n_stops = 0;
    memcpy(g->types, pb->types, sizeof(wo_vrp_vehicle_type) * (size_t)pb->n_types);
    for (t = 0; t < pb->n_types; t++)
        g->types[t].count = 0;
    /* the routes by type, so that the j-th route of type t in the group is
     * the subproblem's vehicle j of that type */
    for (t = 0; t < pb->n_types; t++)
        for (r = 0; r < sol->n_routes; r++) {
            const wo_vrp_route *src = &sol->routes[r];
            wo_vrp_route *dst;
            if (grp_of[r] != id || src->type != t)
                continue;
            dst = &g->start.routes[g->n_routes];
            *dst = *src;
            dst->vehicle = g->types[t].count++;
            dst->visits = wo_malloc(sizeof(wo_vrp_visit) *
                                    ((size_t)src->n_visits + 1));
            if (!dst->visits)
                goto nomem;
            g->start.n_routes++;
            memcpy(dst->visits, src->visits,
                   sizeof(wo_vrp_visit) * (size_t)src->n_visits);
            for (v = 0; v < src->n_visits; v++) {
                if (dst->visits[v].kind != WO_VISIT_STOP)
                    continue;
                g->stop_of[g->n_stops] = src->visits[v].index;
                g->stops[g->n_stops] = pb->stops[src->visits[v].index];
                dst->visits[v].index = g->n_stops++;
            }
            g->veh_of[g->n_routes] = src->vehicle;
            g->routes[g->n_routes++] = r;
            g->start_cost += src->cost;
            route_unloads(pb, src, mine);
        }
    for (u = 0; u < sol->n_unserved; u++) {
        const wo_vrp_stop *st;
        if (uns_grp[u] != id)
            continue;
        st = &pb->stops[sol->unserved[u].stop];
        g->stop_of[g->n_stops] = sol->unserved[u].stop;
        g->stops[g->n_stops++] = *st;
        g->n_extra++;
        if (st->optional)
            g->start_cost += st->penalty;
        else
            g->start_out++;
    }
    memcpy(g->facs, pb->facilities,
           sizeof(wo_vrp_facility) * (size_t)pb->n_facilities);
    for (f = 0; f < pb->n_facilities; f++)
        for (d = 0; d < WO_VRP_DIMS; d++) {
            double *cap = &g->facs[f].capacity[d];
            if (*cap == WO_VRP_UNLIMITED)
                continue;
            *cap -= used[f * WO_VRP_DIMS + d] - mine[f * WO_VRP_DIMS + d];
            if (*cap < 0)
                *cap = 0;
        }
    g->start.status = WO_VRP_FEASIBLE;
    g->start.cost = g->start_cost;
    g->start.lower_bound = NAN;
    memset(&g->sub, 0, sizeof g->sub);
    g->sub.n_loc = pb->n_loc;
    g->sub.dist_m = pb->dist_m;
    g->sub.dur_s = pb->dur_s;
    g->sub.n_stops = g->n_stops;
    g->sub.stops = g->stops;
    g->sub.n_facilities = pb->n_facilities;
    g->sub.facilities = g->facs;
    g->sub.n_types = pb->n_types;
    g->sub.types = g->types;
    g->sub.lexicographic = pb->lexicographic;
    wo_vrp_solution_init(&g->sol);
    wo_free(mine);
    return WO_OK;
nomem:
    wo_free(mine);
    return WO_ENOMEM;
}

static void *round_main(void *arg)
{
    round_work *w = arg;
    for (;;) {
        int i = atomic_fetch_add(&w->next, 1);
        group *g;
        if (i >= w->n)
            break;
        g = &w->g[i];
        if (w->deadline > 0) {
            /* the time left when this group's turn comes */
            double left = w->deadline - wo_now_s();
            if (left <= 0.01)
                continue;
            g->prm.time_limit_s = left;
        }
        g->ran = 1;
        g->rc = vrp_solve_single(&g->sub, &g->prm, &g->start, -1,
                                 VRP_SEARCH_AUTO, &g->sol, &g->err);
    }
    wo_lp_thread_done();
    return NULL;
}

/* Group g's answer is to be taken: it leaves fewer mandatory stops
 * unserved, or as many at a lower cost (with no more vehicles when
 * lexicographic). */
static int group_better(const group *g)
{
    int out;
    if (!g->ran || g->rc != WO_OK || g->sol.n_routes > g->n_routes)
        return 0;
    out = vrp_mandatory_out(&g->sub, &g->sol);
    if (out != g->start_out)
        return out < g->start_out;
    if (g->sub.lexicographic && g->sol.n_routes > g->start.n_routes)
        return 0;
    return g->sol.cost < g->start_cost - 1e-6 * (1 + fabs(g->start_cost));
}

static int cmp_route(const void *a, const void *b)
{
    const wo_vrp_route *x = a, *y = b;
    if (x->type != y->type)
        return x->type < y->type ? -1 : 1;
    return x->vehicle < y->vehicle ? -1 : x->vehicle > y->vehicle;
}

static int cmp_unserved(const void *a, const void *b)
{
    const wo_vrp_unserved *x = a, *y = b;
    return x->stop < y->stop ? -1 : x->stop > y->stop;
}

/* Replace the routes of the groups taken by their answers (group order);
 * the totals of sol are recomputed. Returns WO_OK or WO_ENOMEM (sol
 * unchanged). */
static int merge(const wo_vrp_problem *pb, wo_vrp_solution *sol, group *g,
                 int n_grp)
{
    int i, r, u, n_routes = 0, n_uns = sol->n_unserved, nr = 0;
    wo_vrp_route *routes;
    wo_vrp_unserved *uns;
    char *drop = wo_calloc((size_t)sol->n_routes + 1, 1);
    char *in_sub = wo_calloc((size_t)pb->n_stops + 1, 1);
    for (i = 0; i < n_grp; i++)
        if (g[i].take)
            n_uns += g[i].sol.n_unserved;
    routes = wo_calloc((size_t)sol->n_routes + 1, sizeof *routes);
    uns = wo_calloc((size_t)n_uns + 1, sizeof *uns);
    if (!drop || !in_sub || !routes || !uns) {
        wo_free(drop);
        wo_free(in_sub);
        wo_free(routes);
        wo_free(uns);
        return WO_ENOMEM;
    }
    for (i = 0; i < n_grp; i++) /* the extra stops are in stop_of's tail */
        if (g[i].take)
            for (u = g[i].n_stops - g[i].n_extra; u < g[i].n_stops; u++)
                in_sub[g[i].stop_of[u]] = 1;
    nr = 0;
    for (u = 0; u < sol->n_unserved; u++)
        if (!in_sub[sol->unserved[u].stop])
            uns[nr++] = sol->unserved[u];
    for (i = 0; i < n_grp; i++) {
        group *x = &g[i];
        if (!x->take)
            continue;
        for (r = 0; r < x->n_routes; r++)
            drop[x->routes[r]] = 1;
        for (r = 0; r < x->sol.n_routes; r++) {
            wo_vrp_route *s = &x->sol.routes[r];
            int t = s->type, j = 0, q, v;
            /* vehicle j of type t in the subproblem is the j-th route of
             * type t in the group */
            for (q = 0; q < x->n_routes; q++)
                if (x->start.routes[q].type == t && j++ == s->vehicle)
                    break;
            routes[n_routes] = *s;
            routes[n_routes].vehicle = x->veh_of[q];
            for (v = 0; v < s->n_visits; v++)
                if (s->visits[v].kind == WO_VISIT_STOP)
                    s->visits[v].index = x->stop_of[s->visits[v].index];
            n_routes++;
            s->visits = NULL; /* now owned by sol */
        }
        for (u = 0; u < x->sol.n_unserved; u++) {
            uns[nr] = x->sol.unserved[u];
            uns[nr++].stop = x->stop_of[x->sol.unserved[u].stop];
        }
    }
    for (r = 0; r < sol->n_routes; r++) {
        if (drop[r])
            wo_free(sol->routes[r].visits);
        else
            routes[n_routes++] = sol->routes[r];
    }
    qsort(routes, (size_t)n_routes, sizeof *routes, cmp_route);
    qsort(uns, (size_t)nr, sizeof *uns, cmp_unserved);
    wo_free(sol->routes);
    wo_free(sol->unserved);
    wo_free(drop);
    wo_free(in_sub);
    sol->routes = routes;
    sol->n_routes = n_routes;
    sol->unserved = uns;
    sol->n_unserved = nr;
    sol->cost = sol->dist_m = sol->dur_s = 0;
    for (r = 0; r < n_routes; r++) {
        sol->cost += routes[r].cost;
        sol->dist_m += routes[r].dist_m;
        sol->dur_s += routes[r].dur_s;
    }
    sol->status = WO_VRP_FEASIBLE;
    for (u = 0; u < nr; u++)
        if (pb->stops[uns[u].stop].optional)
            sol->cost += pb->stops[uns[u].stop].penalty;
        else
            sol->status = WO_VRP_PARTIAL;
    sol->vehicles_used = n_routes;
    return WO_OK;
}

static int no_memory(wo_err *err)
{
    return wo_err_set(err, WO_ENOMEM, "vrp: out of memory (decomposition)");
}

int vrp_decompose(const wo_vrp_problem *pb, const wo_vrp_params *prm,
                  double deadline, const vrp_relay *rl, wo_vrp_solution *sol,
                  wo_err *err)
{
    int round, rounds, n_thr, rc = WO_OK;
    int *grp_of = NULL, *med = NULL, *uns_grp = NULL, *per_grp = NULL;
    double *used = NULL;
    group *g = NULL;
    long iters = sol->iterations;
    wo_rng rng;
    rounds = prm->decomp_rounds > 0 ? prm->decomp_rounds
             : prm->max_iterations > 0 ? VRP_DECOMP_ROUNDS
                                       : 0;
    n_thr = prm->threads < 1 ? 1 : prm->threads > MAX_THREADS ? MAX_THREADS
                                                              : prm->threads;
    used = wo_malloc(sizeof(double) * ((size_t)pb->n_facilities * WO_VRP_DIMS + 1));
    if (!used) {
        rc = no_memory(err);
        goto out;
    }
    wo_rng_seed(&rng, prm->seed ^ 0x5deece66dULL);
    for (round = 0; rounds <= 0 || round < rounds; round++) {
        int n_grp, i, r, started = 0, taken = 0;
        pthread_t tid[MAX_THREADS];
        round_work w;
        if ((prm->cancel && *prm->cancel) || atomic_load(rl->stop) ||
            (deadline > 0 && wo_now_s() >= deadline) || sol->n_routes < 2)
            break;
        wo_free(grp_of);
        wo_free(med);
        wo_free(uns_grp);
        wo_free(per_grp);
        grp_of = wo_malloc(sizeof(int) * ((size_t)sol->n_routes + 1));
        med = wo_malloc(sizeof(int) * ((size_t)sol->n_routes + 1));
        per_grp = wo_malloc(sizeof(int) * ((size_t)sol->n_routes + 1));
        uns_grp = wo_malloc(sizeof(int) * ((size_t)sol->n_unserved + 1));
        if (!grp_of || !med || !per_grp || !uns_grp) {
            rc = no_memory(err);
            goto out;
        }
        n_grp = make_groups(pb, sol, prm->decomp_stops, &rng, med, grp_of);
        if (n_grp < 0) {
            rc = no_memory(err);
            goto out;
        }
        assign_unserved(pb, sol, med, grp_of, n_grp,
                        prm->decomp_stops / 2 + 1, uns_grp, per_grp);
        memset(used, 0, sizeof(double) * (size_t)pb->n_facilities * WO_VRP_DIMS);
        for (r = 0; r < sol->n_routes; r++)
            route_unloads(pb, &sol->routes[r], used);
        g = wo_calloc((size_t)n_grp + 1, sizeof *g);
        if (!g) {
            rc = no_memory(err);
            goto out;
        }
        for (i = 0; i < n_grp; i++) {
            if (group_build(pb, sol, grp_of, uns_grp, i, used, &g[i])) {
                for (r = 0; r <= i; r++)
                    group_free(&g[r]);
                rc = no_memory(err);
                goto out;
            }
            g[i].prm = *prm;
            g[i].prm.threads = 1;
            g[i].prm.seed = prm->seed + 1000003ULL * (uint64_t)(round + 1) +
                            (uint64_t)i;
            g[i].prm.max_iterations = prm->decomp_iterations;
            g[i].prm.time_limit_s = 0; /* set when its turn comes */
            g[i].prm.set_partitioning = 0;
            g[i].prm.progress = NULL;
            g[i].prm.progress_ud = NULL;
            g[i].prm.decompose = WO_VRP_DECOMP_OFF;
        }
        w.g = g;
        w.n = n_grp;
        w.deadline = deadline;
        atomic_init(&w.next, 0);
        if (n_thr == 1) {
            round_main(&w);
        } else {
            for (i = 0; i < n_thr && i < n_grp; i++) {
                if (pthread_create(&tid[i], NULL, round_main, &w) != 0)
                    break;
                started++;
            }
            if (started == 0)
                round_main(&w);
            for (i = 0; i < started; i++)
                pthread_join(tid[i], NULL);
        }
        for (i = 0; i < n_grp; i++) {
            if (g[i].rc == WO_ENOMEM) {
                *err = g[i].err;
                rc = WO_ENOMEM;
                break;
            }
            iters += g[i].sol.iterations;
            g[i].take = group_better(&g[i]);
            taken += g[i].take;
        }
        if (rc == WO_OK && taken && merge(pb, sol, g, n_grp) != WO_OK)
            rc = no_memory(err);
        for (i = 0; i < n_grp; i++)
            group_free(&g[i]);
        wo_free(g);
        g = NULL;
        if (rc)
            goto out;
        sol->iterations = iters;
        if (rl->forward && rl->user->progress) {
            wo_progress p;
            p.phase = "vrp";
            p.fraction = rounds > 0 ? (double)(round + 1) / rounds : -1;
            p.best_cost = sol->status == WO_VRP_PARTIAL ? NAN : sol->cost;
            p.elapsed_s = wo_now_s() - rl->t0;
            p.iteration = iters;
            if (rl->user->progress(&p, rl->user->progress_ud))
                atomic_store(rl->stop, 1);
        }
    }
out:
    wo_free(g); /* left by a failed group_build */
    wo_free(grp_of);
    wo_free(med);
    wo_free(uns_grp);
    wo_free(per_grp);
    wo_free(used);
    return rc;
}
