/*
 * baseline.c — stable territories: a plan made against an earlier one
 * (wo_plan_params.baseline). Each stop of the new plan is matched with
 * the earlier plan's visit of the same day, site and stream (the k-th of
 * that key with the k-th), its earlier vehicle becomes its preferred
 * vehicle in the routing problem (solver/vrp: pref_vehicle, a warm start
 * from the earlier routes and a penalty per stop that changes vehicle),
 * and each such problem is also solved free so that the anchored
 * solution is only kept within the tolerance (stability_pct) of the free
 * one's cost. The summary then counts the stops compared and those that
 * changed vehicle.
 */
#include "solver/plan/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Share of the matched stops whose moving costs stability_pct % of their
 * baseline route cost: the penalty per stop is stability_pct % of its
 * share of the route cost divided by this. A hundredth: at 2 % a stop
 * changes vehicle only where that saves twice its share of the route
 * cost (a route given up, its fixed cost saved, can still pay for its
 * stops). Measured on the embedded default against the same baseline and
 * free plan, with the tolerance then applied job by job
 * (benches/RESULTS.md, "Stable territories"): a tenth, a
 * twentieth, a fiftieth and a hundredth moved 10.0, 10.5, 8.2 and 7.4 %
 * of the stops at 4.3, 4.2, 1.9 and 0.6 % below the free plan's cost;
 * planned against itself, the scenario of tests/e2e_baseline.sh moved 2
 * of its 58 stops at a tenth, none from a twentieth on. */
#define STAB_MOVED_SHARE 0.01

/* A baseline visit's key against (day, stream, site). */
static int key_cmp(const wo_plan_baseline_stop *a, int day, wo_stream stream,
                   const char *site)
{
    if (a->day != day)
        return a->day < day ? -1 : 1;
    if (a->stream != stream)
        return a->stream < stream ? -1 : 1;
    return strcmp(a->site, site);
}

static int sort_cmp(const void *pa, const void *pb)
{
    const wo_plan_baseline_stop *a = *(const wo_plan_baseline_stop *const *)pa;
    const wo_plan_baseline_stop *b = *(const wo_plan_baseline_stop *const *)pb;
    int c = key_cmp(a, b->day, b->stream, b->site);
    if (c)
        return c;
    /* one array: its order is the baseline's order */
    return a < b ? -1 : a > b;
}

/* The baseline's visits sorted by key, with a counter per entry of the
 * occurrences already matched. */
typedef struct bl_index {
    const wo_plan_baseline_stop **by_key; /* [n] sorted                    */
    int *taken;                /* [n] at a key's first entry: matched      */
    int n;
} bl_index;

static int index_make(const wo_plan_baseline *bl, bl_index *x)
{
    int i;
    x->n = bl->n_stops;
    x->by_key = wo_malloc(sizeof *x->by_key * ((size_t)x->n + 1));
    x->taken = wo_calloc((size_t)x->n + 1, sizeof *x->taken);
    if (!x->by_key || !x->taken) {
        wo_free(x->by_key);
        wo_free(x->taken);
        return WO_ENOMEM;
    }
    for (i = 0; i < x->n; i++)
        x->by_key[i] = &bl->stops[i];
    qsort(x->by_key, (size_t)x->n, sizeof *x->by_key, sort_cmp);
    return WO_OK;
}

static void index_free(bl_index *x)
{
    wo_free(x->by_key);
    wo_free(x->taken);
}

/* The next unmatched baseline visit of key (day, stream, site), or NULL. */
static const wo_plan_baseline_stop *index_take(bl_index *x, int day,
                                               wo_stream stream,
                                               const char *site)
{
    int lo = 0, hi = x->n, at;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (key_cmp(x->by_key[mid], day, stream, site) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo >= x->n || key_cmp(x->by_key[lo], day, stream, site) != 0)
        return NULL;
    at = lo + x->taken[lo];
    if (at >= x->n || key_cmp(x->by_key[at], day, stream, site) != 0)
        return NULL;
    x->taken[lo]++;
    return x->by_key[at];
}

/* Fleet number in job j of the vehicle named `name` ("TYPE/N"), or -1
 * when the job does not have it (another unit, another sector's slice,
 * a type or number the scenario no longer has). */
static int job_vehicle(const wo_scenario *sc, const plan_job *j,
                       const char *name)
{
    const char *slash = strrchr(name, '/');
    char *end;
    long num;
    int t, fleet = 0;
    size_t len;
    if (!slash || !slash[1])
        return -1;
    len = (size_t)(slash - name);
    errno = 0;
    num = strtol(slash + 1, &end, 10);
    if (*end || errno || num < 1)
        return -1;
    for (t = 0; t < j->n_types; t++) {
        const char *id = sc->vehicle_types[j->types[t].ext_id].id;
        long v = num - 1 - j->veh_base[t];
        if (strlen(id) == len && !strncmp(id, name, len) && v >= 0 &&
            v < j->types[t].count)
            return fleet + (int)v;
        fleet += j->types[t].count;
    }
    return -1;
}

/* Preferences of job j from the index; the job keeps them when at least
 * one stop has a vehicle in it. */
static int match_job(const plan_run *r, plan_job *j, bl_index *x)
{
    const wo_scenario *sc = r->sc;
    double cost = 0;
    int i, matched = 0;
    j->pref_vehicle = wo_malloc(sizeof(int) * ((size_t)j->n_stops + 1));
    j->pref_pos = wo_malloc(sizeof(int) * ((size_t)j->n_stops + 1));
    if (!j->pref_vehicle || !j->pref_pos)
        return WO_ENOMEM;
    for (i = 0; i < j->n_stops; i++) {
        const wo_demand *d = &sc->demands[j->stops[i].ext_id];
        const wo_plan_baseline_stop *b =
            index_take(x, j->day, d->stream, sc->sites[d->site].id);
        j->pref_vehicle[i] = b ? job_vehicle(sc, j, b->vehicle) : -1;
        j->pref_pos[i] = b ? b->pos : 0;
        if (j->pref_vehicle[i] >= 0) {
            matched++;
            cost += b->cost_share;
        }
    }
    if (matched == 0) {
        wo_free(j->pref_vehicle);
        wo_free(j->pref_pos);
        j->pref_vehicle = j->pref_pos = NULL;
        return WO_OK;
    }
    j->pb.pref_vehicle = j->pref_vehicle;
    j->pb.pref_pos = j->pref_pos;
    j->pb.warm_start = 1;
    j->pb.stability_penalty = r->prm->stability_pct / 100.0 * cost /
                              (STAB_MOVED_SHARE * matched);
    return WO_OK;
}

int plan_baseline_match(plan_run *r, wo_err *err)
{
    bl_index x;
    int i, rc = WO_OK;
    if (index_make(r->prm->baseline, &x) != WO_OK)
        return wo_err_set(err, WO_ENOMEM, "out of memory planning");
    for (i = 0; i < r->n_jobs && rc == WO_OK; i++)
        if (r->jobs[i].n_stops > 0)
            rc = match_job(r, &r->jobs[i], &x);
    index_free(&x);
    if (rc != WO_OK)
        return wo_err_set(err, rc, "out of memory planning");
    return WO_OK;
}

/* Route cost of a solution (its routes, not the prizes of the stops it
 * leaves). */
static double routes_cost(const wo_vrp_solution *s)
{
    double c = 0;
    int k;
    for (k = 0; k < s->n_routes; k++)
        c += s->routes[k].cost;
    return c;
}

/* A candidate pairing of route k with vehicle u of its type, sharing
 * `common` baseline stops. */
typedef struct pairing {
    int common, k, u;
} pairing;

static int pairing_cmp(const void *pa, const void *pb)
{
    const pairing *a = pa, *b = pb;
    if (a->common != b->common)
        return a->common > b->common ? -1 : 1;
    if (a->k != b->k)
        return a->k < b->k ? -1 : 1;
    return (a->u > b->u) - (a->u < b->u);
}

/* The vehicles of one type are alike in the routing problem, so which of
 * them drives which route costs nothing: number the routes of sol so that
 * as many stops as possible keep their baseline vehicle (largest overlap
 * first, ties by route and vehicle: one answer), the others on the free
 * vehicles of their type in order. A free solution so keeps the
 * territories its routes happen to share with the baseline. WO_ENOMEM
 * (sol then unchanged). */
static int renumber(const plan_job *j, wo_vrp_solution *sol)
{
    int *first = NULL, *taken = NULL, *fleet_of = NULL, *done = NULL;
    pairing *pr = NULL;
    int t, k, v, n = 0, fleet = 0, rc = WO_ENOMEM;
    size_t cap = 0;
    first = wo_malloc(sizeof(int) * ((size_t)j->n_types + 1));
    done = wo_calloc((size_t)sol->n_routes + 1, sizeof(int));
    for (t = 0; first && t < j->n_types; t++) {
        first[t] = fleet;
        fleet += j->types[t].count;
    }
    taken = wo_calloc((size_t)fleet + 1, sizeof(int));
    fleet_of = wo_malloc(sizeof(int) * ((size_t)fleet + 1));
    for (k = 0; k < sol->n_routes; k++)
        cap += (size_t)sol->routes[k].n_visits;
    pr = wo_malloc(sizeof *pr * (cap + 1));
    if (!first || !done || !taken || !fleet_of || !pr)
        goto out;
    /* the pairs: for each route, the baseline vehicles of its stops */
    for (k = 0; k < sol->n_routes; k++) {
        const wo_vrp_route *ro = &sol->routes[k];
        int lo = first[ro->type], hi = lo + j->types[ro->type].count, m = n;
        for (v = 0; v < ro->n_visits; v++) {
            int f, q;
            if (ro->visits[v].kind != WO_VISIT_STOP)
                continue;
            f = j->pref_vehicle[ro->visits[v].index];
            if (f < lo || f >= hi)
                continue;
            for (q = m; q < n && pr[q].u != f - lo; q++)
                ;
            if (q == n) {
                pr[n].common = 0;
                pr[n].k = k;
                pr[n++].u = f - lo;
            }
            pr[q].common++;
        }
    }
    qsort(pr, (size_t)n, sizeof *pr, pairing_cmp);
    for (k = 0; k < sol->n_routes; k++)
        fleet_of[k] = -1;
    for (v = 0; v < n; v++) {
        int f = first[sol->routes[pr[v].k].type] + pr[v].u;
        if (done[pr[v].k] || taken[f])
            continue;
        done[pr[v].k] = 1;
        taken[f] = 1;
        fleet_of[pr[v].k] = pr[v].u;
    }
    for (k = 0; k < sol->n_routes; k++) {
        int ty = sol->routes[k].type, u = 0;
        if (done[k])
            continue;
        while (taken[first[ty] + u])
            u++;
        taken[first[ty] + u] = 1;
        fleet_of[k] = u;
    }
    for (k = 0; k < sol->n_routes; k++)
        sol->routes[k].vehicle = fleet_of[k];
    rc = WO_OK;
out:
    wo_free(first);
    wo_free(done);
    wo_free(taken);
    wo_free(fleet_of);
    wo_free(pr);
    return rc;
}

void plan_baseline_solve(plan_run *r, plan_job *j, const wo_vrp_params *vp)
{
    wo_vrp_params half = *vp;
    wo_vrp_problem free_pb = j->pb;
    wo_vrp_solution free_sol;
    wo_err free_err;
    int rc;
    /* Under a time limit each solve gets half the job's time; under an
     * iteration limit each gets the whole limit and the time stays the
     * cap, so that the plan depends on counts only. */
    if (vp->max_iterations <= 0)
        half.time_limit_s = vp->time_limit_s / 2;
    free_pb.pref_vehicle = free_pb.pref_pos = NULL;
    free_pb.stability_penalty = 0;
    free_pb.warm_start = 0;
    memset(&free_sol, 0, sizeof free_sol);
    wo_err_clear(&free_err);
    rc = r->prm->solve(&free_pb, &half, &free_sol, &free_err);
    if (rc != WO_OK) {
        j->rc = rc;
        j->err = free_err;
        j->sol = free_sol;
        return;
    }
    j->rc = r->prm->solve(&j->pb, &half, &j->sol, &j->err);
    if (j->rc != WO_OK) {
        r->prm->release(&free_sol);
        return;
    }
    j->free_sol = free_sol;
    j->has_free = 1;
    j->free_cost = routes_cost(&j->free_sol);
    j->kept_cost = routes_cost(&j->sol);
}

/* 1 when job j had baseline stops and its solve succeeded. */
static int anchored_ok(const plan_job *j)
{
    return j->pref_vehicle && j->started && j->rc == WO_OK;
}

/* Job j keeps its free solution. */
static void use_free(plan_run *r, plan_job *j)
{
    r->prm->release(&j->sol);
    j->sol = j->free_sol;
    memset(&j->free_sol, 0, sizeof j->free_sol);
    j->has_free = 0;
    j->kept_cost = j->free_cost;
    j->kept_free = 1;
}

int plan_baseline_choose(plan_run *r, wo_err *err)
{
    double tol = 1.0 + r->prm->stability_pct / 100.0, kept = 0, free_cost = 0;
    int i;
    /* serving more stops comes first (a stop left out costs the prize of
     * a mandatory stop, above any route) */
    for (i = 0; i < r->n_jobs; i++) {
        plan_job *j = &r->jobs[i];
        if (!j->has_free)
            continue;
        if (j->sol.n_unserved > j->free_sol.n_unserved)
            use_free(r, j);
        kept += j->kept_cost;
        free_cost += j->free_cost;
    }
    /* then the tolerance over the whole plan: while the kept routes cost
     * more than it allows above the free ones, the problem whose anchored
     * solution costs the most above its free one goes back to the free
     * one (ties: the first problem) */
    while (kept > tol * free_cost) {
        int worst = -1;
        double over = 0;
        for (i = 0; i < r->n_jobs; i++) {
            plan_job *j = &r->jobs[i];
            if (j->has_free && j->kept_cost - j->free_cost > over) {
                over = j->kept_cost - j->free_cost;
                worst = i;
            }
        }
        if (worst < 0)
            break;
        kept -= over;
        use_free(r, &r->jobs[worst]);
    }
    for (i = 0; i < r->n_jobs; i++) {
        plan_job *j = &r->jobs[i];
        if (j->has_free) {
            r->prm->release(&j->free_sol);
            j->has_free = 0;
        }
        if (anchored_ok(j) && renumber(j, &j->sol) != WO_OK)
            return wo_err_set(err, WO_ENOMEM, "out of memory planning");
    }
    return WO_OK;
}

int plan_baseline_compare(const plan_run *r, wo_plan *p, wo_err *err)
{
    const wo_scenario *sc = r->sc;
    wo_plan_summary *s = &p->summary;
    double kept = 0, free_cost = 0;
    bl_index x;
    int i, v;
    if (index_make(r->prm->baseline, &x) != WO_OK)
        return wo_err_set(err, WO_ENOMEM, "out of memory planning");
    s->has_baseline = 1;
    s->stops_compared = s->stops_changed_vehicle = 0;
    s->problems_anchored = s->problems_free = 0;
    for (i = 0; i < p->n_routes; i++) {
        const wo_plan_route *ro = &p->routes[i];
        if (ro->kind != WO_PLAN_ROUTE_COLLECTION)
            continue;
        for (v = 0; v < ro->n_visits; v++) {
            const wo_plan_visit *vi = &ro->visits[v];
            const wo_plan_baseline_stop *b;
            if (vi->kind != WO_PLAN_STOP || vi->demand < 0)
                continue;
            b = index_take(&x, ro->day, sc->demands[vi->demand].stream,
                           vi->site);
            if (!b)
                continue;
            s->stops_compared++;
            s->stops_changed_vehicle += strcmp(b->vehicle, ro->vehicle) != 0;
        }
    }
    index_free(&x);
    for (i = 0; i < r->n_jobs; i++)
        if (anchored_ok(&r->jobs[i])) {
            kept += r->jobs[i].kept_cost;
            free_cost += r->jobs[i].free_cost;
            s->problems_anchored++;
            s->problems_free += r->jobs[i].kept_free;
        }
    s->cost_vs_free_pct =
        free_cost > 0 ? 100.0 * (kept - free_cost) / free_cost : 0.0;
    return WO_OK;
}
