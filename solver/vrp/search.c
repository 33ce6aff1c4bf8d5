/*
 * search.c — one search (vrp_solve_single): the genetic search, the
 * set-partitioning finish, and the final solution: each route rebuilt with
 * the exact unload placement, facility daily capacities shared in route
 * order, and any route still breaking a rule repaired by taking out stops,
 * which are then listed as unserved with their reason (never dropped
 * silently).
 */
#include "solver/vrp/internal.h"

#include <math.h>
#include <string.h>

static int route_ok(const vrp_eval *ev)
{
    return ev->load_x <= 1e-9 && ev->tw_s <= 1e-6 && ev->misc_x <= 0;
}

static double violation(const vrp_ctx *c, const vrp_eval *ev)
{
    return c->pen_load * ev->load_x + c->pen_tw * ev->tw_s +
           c->pen_misc * ev->misc_x;
}

static int add_unserved(wo_vrp_solution *sol, int stop, int reason)
{
    sol->unserved[sol->n_unserved].stop = stop;
    sol->unserved[sol->n_unserved].reason = (wo_vrp_unserved_reason)reason;
    sol->n_unserved++;
    return WO_OK;
}

/* Take stops out of seq until the route keeps every rule; each removed
 * stop is listed as unserved. Returns the new length. */
static int repair(vrp_ctx *c, int t, int *seq, int len, wo_vrp_solution *sol)
{
    vrp_eval ev;
    vrp_build_route(c, t, seq, len, &ev, NULL);
    while (len > 0 && !route_ok(&ev)) {
        int best = 0, i, reason;
        double bv = INFINITY;
        reason = ev.tw_s > 1e-6 ? WO_UNSERVED_TIME : WO_UNSERVED_CAPACITY;
        if (c->fac_rem && reason == WO_UNSERVED_TIME) {
            /* fine with the facilities' room ignored: their daily
             * capacity, not time, is what this stop lacks */
            double *rem = c->fac_rem;
            vrp_eval e0;
            c->fac_rem = NULL;
            vrp_eval_route(c, t, seq, len, &e0);
            c->fac_rem = rem;
            if (route_ok(&e0))
                reason = WO_UNSERVED_CAPACITY;
        }
        for (i = 0; i < len; i++) {
            vrp_eval e2;
            int tmp = seq[i];
            memmove(&seq[i], &seq[i + 1], sizeof(int) * (size_t)(len - i - 1));
            vrp_eval_route(c, t, seq, len - 1, &e2);
            memmove(&seq[i + 1], &seq[i], sizeof(int) * (size_t)(len - i - 1));
            seq[i] = tmp;
            if (violation(c, &e2) < bv) {
                bv = violation(c, &e2);
                best = i;
            }
        }
        add_unserved(sol, seq[best], reason);
        memmove(&seq[best], &seq[best + 1],
                sizeof(int) * (size_t)(len - best - 1));
        len--;
        vrp_build_route(c, t, seq, len, &ev, NULL);
    }
    return len;
}

static int init_fac_rem(vrp_ctx *c)
{
    const wo_vrp_problem *pb = c->pb;
    int f, d, limited = 0;
    for (f = 0; f < pb->n_facilities; f++)
        for (d = 0; d < WO_VRP_DIMS; d++)
            if (pb->facilities[f].capacity[d] != WO_VRP_UNLIMITED)
                limited = 1;
    if (!limited)
        return WO_OK;
    c->fac_rem = wo_malloc(sizeof(double) * (size_t)pb->n_facilities *
                           WO_VRP_DIMS);
    if (!c->fac_rem)
        return WO_ENOMEM;
    for (f = 0; f < pb->n_facilities; f++)
        for (d = 0; d < WO_VRP_DIMS; d++)
            c->fac_rem[f * WO_VRP_DIMS + d] = pb->facilities[f].capacity[d];
    return WO_OK;
}

static void use_facilities(vrp_ctx *c, const wo_vrp_route *r)
{
    double acc[WO_VRP_DIMS] = {0};
    int v, d;
    if (!c->fac_rem)
        return;
    for (v = 0; v < r->n_visits; v++) {
        const wo_vrp_visit *x = &r->visits[v];
        if (x->kind == WO_VISIT_STOP) {
            for (d = 0; d < WO_VRP_DIMS; d++)
                acc[d] += c->pb->stops[x->index].demand[d];
        } else if (x->kind == WO_VISIT_UNLOAD) {
            for (d = 0; d < WO_VRP_DIMS; d++) {
                double *rem = &c->fac_rem[x->index * WO_VRP_DIMS + d];
                if (*rem != WO_VRP_UNLIMITED)
                    *rem -= acc[d];
                acc[d] = 0;
            }
        }
    }
}

static int fac_overdrawn(const vrp_ctx *c)
{
    int i, n = c->pb->n_facilities * WO_VRP_DIMS;
    if (!c->fac_rem)
        return 0;
    for (i = 0; i < n; i++)
        if (c->fac_rem[i] != WO_VRP_UNLIMITED && c->fac_rem[i] < -1e-9)
            return 1;
    return 0;
}

/* Build the public solution from tour/rlen. */
static int finish(vrp_ctx *c, const int *tour, const int *rlen,
                  wo_vrp_solution *sol, wo_err *err)
{
    const wo_vrp_problem *pb = c->pb;
    int s, i, off = 0, rc, mandatory_out = 0;
    int *seq = c->seq_a;
    size_t fbytes = sizeof(double) * (size_t)pb->n_facilities * WO_VRP_DIMS;
    double *saved = wo_malloc(fbytes + sizeof(double));
    char *in = wo_calloc((size_t)pb->n_stops + 1, 1);
    sol->routes = wo_calloc((size_t)c->n_slots + 1, sizeof(wo_vrp_route));
    sol->unserved = wo_calloc((size_t)pb->n_stops + 1, sizeof(wo_vrp_unserved));
    if (!saved || !in || !sol->routes || !sol->unserved || init_fac_rem(c))
        goto nomem;
    for (s = 0; s < c->n_slots; s++) {
        int t = c->slot_type[s], len = rlen[s];
        wo_vrp_route *r = &sol->routes[sol->n_routes];
        vrp_eval ev;
        for (i = 0; i < len; i++)
            seq[i] = c->act[tour[off + i]];
        off += len;
        for (;;) {
            len = repair(c, t, seq, len, sol);
            if (len == 0)
                break;
            if (c->fac_rem)
                memcpy(saved, c->fac_rem, fbytes);
            rc = vrp_build_route(c, t, seq, len, &ev, r);
            if (rc)
                goto nomem;
            use_facilities(c, r);
            if (!fac_overdrawn(c))
                break;
            /* Two trips of this route overdrew one facility: shorten it. */
            memcpy(c->fac_rem, saved, fbytes);
            wo_free(r->visits);
            memset(r, 0, sizeof *r);
            add_unserved(sol, seq[len - 1], WO_UNSERVED_CAPACITY);
            len--;
        }
        if (len == 0)
            continue;
        r->vehicle = c->slot_vehicle[s];
        for (i = 0; i < len; i++)
            in[seq[i]] = 1;
        sol->dist_m += r->dist_m;
        sol->dur_s += r->dur_s;
        sol->cost += r->cost;
        sol->n_routes++;
    }
    for (i = 0; i < pb->n_stops; i++) {
        int listed = 0, u;
        if (in[i])
            continue;
        for (u = 0; u < sol->n_unserved && !listed; u++)
            listed = sol->unserved[u].stop == i;
        if (!listed)
            add_unserved(sol, i,
                         c->act_of[i] < 0
                             ? c->pre_reason[i]
                             : (pb->stops[i].optional ? WO_UNSERVED_PENALTY
                                                      : WO_UNSERVED_CAPACITY));
    }
    for (i = 1; i < sol->n_unserved; i++) { /* list in stop order */
        wo_vrp_unserved x = sol->unserved[i];
        int j = i;
        for (; j > 0 && sol->unserved[j - 1].stop > x.stop; j--)
            sol->unserved[j] = sol->unserved[j - 1];
        sol->unserved[j] = x;
    }
    for (i = 0; i < sol->n_unserved; i++) {
        const wo_vrp_stop *st = &pb->stops[sol->unserved[i].stop];
        if (st->optional)
            sol->cost += st->penalty;
        else
            mandatory_out = 1;
    }
    sol->vehicles_used = sol->n_routes;
    sol->status = mandatory_out ? WO_VRP_PARTIAL : WO_VRP_FEASIBLE;
    wo_free(in);
    wo_free(saved);
    return WO_OK;
nomem:
    wo_free(in);
    wo_free(saved);
    return wo_err_set(err, WO_ENOMEM, "vrp: out of memory building the "
                                      "solution");
}

/* The routes of start (see vrp_solve_single) as tour/rlen of c: the
 * routes of each type fill that type's slots in their order. */
static void seed_from(const vrp_ctx *c, const wo_vrp_solution *start,
                      int drop, int *tour, int *rlen)
{
    const wo_vrp_problem *pb = c->pb;
    char *placed = (char *)c->plan; /* n_act bytes fit in n_act ints */
    int s, r = 0, v, off = 0, k, t = -1;
    memset(placed, 0, (size_t)c->n_act);
    for (s = 0; s < c->n_slots; s++) {
        const wo_vrp_route *rt = NULL;
        rlen[s] = 0;
        if (c->slot_type[s] != t) {
            t = c->slot_type[s];
            r = 0;
        }
        for (; r < start->n_routes && !rt; r++)
            if (r != drop && start->routes[r].type == t)
                rt = &start->routes[r];
        if (!rt)
            continue;
        for (v = 0; v < rt->n_visits; v++) {
            int i = rt->visits[v].index;
            if (rt->visits[v].kind != WO_VISIT_STOP || i < 0 ||
                i >= pb->n_stops)
                continue;
            k = c->act_of[i];
            if (k < 0 || placed[k])
                continue;
            placed[k] = 1;
            tour[off++] = k;
            rlen[s]++;
        }
    }
    for (k = 0; k < c->n_act; k++)
        if (!placed[k])
            tour[off++] = k;
}

int vrp_solve_single(const wo_vrp_problem *pb, const wo_vrp_params *prm_in,
                     const wo_vrp_solution *start, int drop, int search,
                     wo_vrp_solution *sol, wo_err *err)
{
    wo_vrp_params prm;
    vrp_ctx c;
    vrp_pool *pool = NULL;
    vrp_totals best;
    int *tour = NULL, *rlen = NULL, *bak_t = NULL, *bak_r = NULL, rc;
    long iters = 0;
    double sp_s = 0;
    long sp_nodes;
    /* wo_vrp_solve has checked the problem and the limits */
    wo_vrp_solution_init(sol);
    prm = *prm_in;
    rc = vrp_ctx_init(&c, pb, &prm, err);
    if (rc)
        return rc;
    c.t0 = wo_now_s();
    c.search = search;
    /* Under an iteration limit the set-partitioning MIP stops at its node
     * limit, at any size, so that a seed and an iteration limit give one
     * answer however loaded the machine; a time limit is then only a cap
     * (the search runs until it, the MIP gets part of what it leaves).
     * With no node limit and no time limit the MIP runs until GLPK proves
     * its optimum; above 200 stops that proof can take hours, so it is
     * left out there. Under a time limit alone it runs at any size on its
     * share of the time. */
    sp_nodes = prm.max_iterations > 0 && prm.sp_node_limit > 0
                   ? prm.sp_node_limit
                   : 0;
    /* the pool's routes are priced without the stability penalty */
    if ((prm.time_limit_s <= 0 && !sp_nodes && pb->n_stops > 200) ||
        search == VRP_SEARCH_FEASIBLE || pb->stability_penalty > 0)
        prm.set_partitioning = 0;
    if (prm.set_partitioning && !sp_nodes) {
        sp_s = prm.sp_time_limit_s > 0 ? prm.sp_time_limit_s
                                       : prm.sp_share * prm.time_limit_s;
        if (prm.time_limit_s > 0 &&
            sp_s > prm.sp_share_max * prm.time_limit_s)
            sp_s = prm.sp_share_max * prm.time_limit_s;
    }
    if (prm.time_limit_s > 0)
        c.deadline = c.t0 + prm.time_limit_s - sp_s;
    tour = wo_malloc(sizeof(int) * ((size_t)c.n_act + 1));
    rlen = wo_calloc((size_t)c.n_slots + 1, sizeof(int));
    bak_t = wo_malloc(sizeof(int) * ((size_t)c.n_act + 1));
    bak_r = wo_calloc((size_t)c.n_slots + 1, sizeof(int));
    if (!tour || !rlen || !bak_t || !bak_r) {
        rc = wo_err_set(err, WO_ENOMEM, "vrp: out of memory");
        goto out;
    }
    for (int k = 0; k < c.n_act; k++)
        tour[k] = k;
    if (start) {
        seed_from(&c, start, drop, bak_t, bak_r);
        c.init_tour = bak_t;
        c.init_rlen = bak_r;
    } else if (pb->warm_start && c.pref_slot) {
        vrp_pref_tour(&c, bak_t, bak_r);
        c.init_tour = bak_t;
        c.init_rlen = bak_r;
    }
    memset(&best, 0, sizeof best);
    if (c.n_act > 0 && c.n_slots > 0) {
        if (prm.set_partitioning) {
            pool = vrp_pool_new(3000);
            if (!pool) {
                rc = wo_err_set(err, WO_ENOMEM, "vrp: out of memory");
                goto out;
            }
        }
        rc = vrp_hgs(&c, tour, rlen, &best, &iters, pool);
        c.init_tour = c.init_rlen = NULL;
        if (rc) {
            wo_err_set(err, rc, "vrp: out of memory in the search");
            goto out;
        }
        if (pool && best.feasible && !(prm.cancel && *prm.cancel)) {
            memcpy(bak_t, tour, sizeof(int) * (size_t)c.n_act);
            memcpy(bak_r, rlen, sizeof(int) * (size_t)c.n_slots);
            c.stop_flag = 0;
            c.deadline = 0;
            if (prm.time_limit_s > 0) {
                /* GLPK may overrun its limit a little (model build, root
                 * LP): give it part of what is left of the time limit */
                double left = c.t0 + prm.time_limit_s - wo_now_s();
                sp_s = 0.6 * (sp_nodes || left < sp_s ? left : sp_s);
            }
            if ((prm.time_limit_s <= 0 || sp_s > 0.05) &&
                vrp_pool_solve(pool, &c, tour, rlen, best.base, sp_s,
                               sp_nodes) != 1) {
                memcpy(tour, bak_t, sizeof(int) * (size_t)c.n_act);
                memcpy(rlen, bak_r, sizeof(int) * (size_t)c.n_slots);
            }
        }
    }
    rc = finish(&c, tour, rlen, sol, err);
    sol->iterations = iters;
    sol->moves_screened = c.n_screened;
    sol->moves_evaluated = c.n_evaluated;
    sol->stalled = c.stalled;
    sol->seconds = wo_now_s() - c.t0;
out:
    if (rc)
        wo_vrp_solution_free(sol);
    vrp_pool_free(pool);
    wo_free(tour);
    wo_free(rlen);
    wo_free(bak_t);
    wo_free(bak_r);
    vrp_ctx_free(&c);
    return rc;
}
