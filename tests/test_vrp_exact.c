/* Unit tests of the exact routing MIP (tests/support/vrp_exact.c): every exact
 * solution passes the independent checker, and its cost equals the
 * optimum found by an enumeration written here apart from the MIP (every
 * stop order, every unload placement at every facility, every break
 * position, and the exact best departure time of each route), on small
 * random rich instances; plus the refusals (too many stops, infeasible).
 * The second exact reference (tests/support/vrp_spx.c: route labelling and
 * set partitioning, the one the acceptance test uses beyond the MIP's
 * reach) is cross-checked against both on the same kind of instances. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "solver/vrp/vrp.h"
#include "tests/support/vrp_exact.h"
#include "tests/support/vrp_gen.h"
#include "tests/support/vrp_spx.h"

#define BF_MAX_STOPS 6
#define BF_MAX_SEQ 24

/* One element of a route in the enumeration. */
typedef struct bf_tok {
    int kind; /* WO_VISIT_STOP, WO_VISIT_UNLOAD or WO_VISIT_BREAK */
    int idx;  /* stop or facility index                            */
} bf_tok;

/* Enumeration state for one vehicle type. */
typedef struct bf {
    const wo_vrp_problem *pb;
    const wo_vrp_vehicle_type *t;
    bf_tok seq[BF_MAX_SEQ];
    int len;
    double best[1 << BF_MAX_STOPS]; /* cheapest route serving exactly mask */
} bf;

static double bf_tt(const bf *b, int from, int to)
{
    double f = b->t->speed_factor > 0 ? b->t->speed_factor : 1.0;
    return b->pb->dur_s[from * b->pb->n_loc + to] * f;
}

static int tok_loc(const bf *b, const bf_tok *k, int prev)
{
    if (k->kind == WO_VISIT_STOP)
        return b->pb->stops[k->idx].loc;
    if (k->kind == WO_VISIT_UNLOAD)
        return b->pb->facilities[k->idx].loc;
    return prev;
}

/* Earliest start >= at of token k; -1 when impossible. */
static double tok_start(const bf *b, const bf_tok *k, double at)
{
    int w;
    if (k->kind == WO_VISIT_STOP) {
        const wo_vrp_stop *s = &b->pb->stops[k->idx];
        if (s->n_tw == 0)
            return at;
        for (w = 0; w < s->n_tw; w++)
            if (at <= s->tw[w].close_s)
                return at > s->tw[w].open_s ? at : s->tw[w].open_s;
        return -1;
    }
    if (k->kind == WO_VISIT_UNLOAD) {
        const wo_vrp_facility *f = &b->pb->facilities[k->idx];
        if (at > f->close_s)
            return -1;
        return at > f->open_s ? at : f->open_s;
    }
    if (at > b->t->break_latest_s)
        return -1;
    return at > b->t->break_earliest_s ? at : b->t->break_earliest_s;
}

static double tok_dur(const bf *b, const bf_tok *k)
{
    if (k->kind == WO_VISIT_STOP)
        return b->pb->stops[k->idx].service_s;
    if (k->kind == WO_VISIT_UNLOAD)
        return b->pb->facilities[k->idx].unload_s;
    return b->t->break_s;
}

/* Arrival at the end depot when leaving at t0, or -1. */
static double bf_forward(const bf *b, double t0)
{
    double at = t0;
    int loc = b->t->start_loc, i;
    for (i = 0; i < b->len; i++) {
        int nl = tok_loc(b, &b->seq[i], loc);
        double st;
        at += nl == loc ? 0 : bf_tt(b, loc, nl);
        st = tok_start(b, &b->seq[i], at);
        if (st < 0)
            return -1;
        at = st + tok_dur(b, &b->seq[i]);
        loc = nl;
    }
    at += loc == b->t->end_loc ? 0 : bf_tt(b, loc, b->t->end_loc);
    return at <= b->t->shift_close_s ? at : -1;
}

/* Shortest feasible duration of the current sequence over all departure
 * times (-1 if none): the duration is piecewise linear in the departure
 * and changes slope only where a visit starts exactly at a bound of one
 * of its windows with no waiting before it, so those departures, the
 * shift bounds, are the candidates. */
static double bf_min_duration(const bf *b)
{
    double best = -1, off = 0;
    double cand[BF_MAX_SEQ * 2 * WO_VRP_MAX_TW + 2];
    int nc = 0, loc = b->t->start_loc, i, w;
    cand[nc++] = b->t->shift_open_s;
    cand[nc++] = b->t->shift_close_s;
    for (i = 0; i < b->len; i++) {
        const bf_tok *k = &b->seq[i];
        int nl = tok_loc(b, k, loc);
        off += nl == loc ? 0 : bf_tt(b, loc, nl);
        if (k->kind == WO_VISIT_STOP) {
            const wo_vrp_stop *s = &b->pb->stops[k->idx];
            for (w = 0; w < s->n_tw; w++) {
                cand[nc++] = s->tw[w].open_s - off;
                cand[nc++] = s->tw[w].close_s - off;
            }
        } else if (k->kind == WO_VISIT_UNLOAD) {
            cand[nc++] = b->pb->facilities[k->idx].open_s - off;
            cand[nc++] = b->pb->facilities[k->idx].close_s - off;
        } else {
            cand[nc++] = b->t->break_earliest_s - off;
            cand[nc++] = b->t->break_latest_s - off;
        }
        off += tok_dur(b, k);
        loc = nl;
    }
    for (i = 0; i < nc; i++) {
        double t0 = cand[i], end, dur;
        if (t0 < b->t->shift_open_s || t0 > b->t->shift_close_s)
            continue;
        end = bf_forward(b, t0);
        if (end < 0)
            continue;
        dur = end - t0;
        if (b->t->max_duration_s > 0 && dur > b->t->max_duration_s + 1e-9)
            continue;
        if (best < 0 || dur < best)
            best = dur;
    }
    return best;
}

static void bf_close_route(bf *b, int mask)
{
    double dist = 0, dur, cost;
    int loc = b->t->start_loc, i;
    dur = bf_min_duration(b);
    if (dur < 0)
        return;
    for (i = 0; i < b->len; i++) {
        int nl = tok_loc(b, &b->seq[i], loc);
        dist += b->pb->dist_m[loc * b->pb->n_loc + nl];
        loc = nl;
    }
    dist += b->pb->dist_m[loc * b->pb->n_loc + b->t->end_loc];
    cost = b->t->fixed_cost + b->t->cost_per_m * dist + b->t->cost_per_s * dur;
    if (cost < b->best[mask])
        b->best[mask] = cost;
}

/* Depth-first over every route: at is the earliest departure from the
 * last token when leaving the depot at the shift opening (a necessary
 * condition, used to prune). */
static void bf_dfs(bf *b, int mask, int stream, const double *load,
                   const double *day, int nst, int brk, double at, int loc)
{
    const wo_vrp_problem *pb = b->pb;
    const wo_vrp_vehicle_type *t = b->t;
    int i, d, last = -1;
    double nload[WO_VRP_DIMS], nday[WO_VRP_DIMS];

    if (b->len >= BF_MAX_SEQ - 1)
        return;
    for (i = b->len - 1; i >= 0 && last < 0; i--)
        if (b->seq[i].kind != WO_VISIT_BREAK)
            last = b->seq[i].kind;
    /* end the route */
    if (last == WO_VISIT_UNLOAD && (t->break_s <= 0 || brk))
        bf_close_route(b, mask);
    /* take the break here */
    if (t->break_s > 0 && !brk) {
        bf_tok k = {WO_VISIT_BREAK, -1};
        double st = tok_start(b, &k, at);
        if (st >= 0) {
            b->seq[b->len++] = k;
            bf_dfs(b, mask, stream, load, day, nst, 1, st + t->break_s, loc);
            b->len--;
        }
    }
    /* unload */
    if (last == WO_VISIT_STOP)
        for (i = 0; i < pb->n_facilities; i++) {
            bf_tok k = {WO_VISIT_UNLOAD, i};
            const wo_vrp_facility *f = &pb->facilities[i];
            double st;
            if (!((f->streams >> stream) & 1u))
                continue;
            st = tok_start(b, &k, at + bf_tt(b, loc, f->loc));
            if (st < 0)
                continue;
            memset(nload, 0, sizeof nload);
            b->seq[b->len++] = k;
            bf_dfs(b, mask, stream, nload, day, nst, brk, st + f->unload_s,
                   f->loc);
            b->len--;
        }
    /* serve another stop */
    if (t->max_stops > 0 && nst >= t->max_stops)
        return;
    for (i = 0; i < pb->n_stops; i++) {
        const wo_vrp_stop *s = &pb->stops[i];
        bf_tok k = {WO_VISIT_STOP, i};
        double st;
        int ok = 1;
        if ((mask >> i) & 1 || !((t->streams >> s->stream) & 1u) ||
            (stream >= 0 && s->stream != stream))
            continue;
        for (d = 0; d < WO_VRP_DIMS; d++) {
            nload[d] = load[d] + s->demand[d];
            nday[d] = day[d] + s->demand[d];
            if (t->capacity[d] >= 0 && nload[d] > t->capacity[d] + 1e-9)
                ok = 0;
            if (t->max_load_per_day[d] >= 0 &&
                nday[d] > t->max_load_per_day[d] + 1e-9)
                ok = 0;
        }
        if (!ok)
            continue;
        st = tok_start(b, &k, at + (s->loc == loc ? 0 : bf_tt(b, loc, s->loc)));
        if (st < 0)
            continue;
        b->seq[b->len++] = k;
        bf_dfs(b, mask | (1 << i), s->stream, nload, nday, nst + 1, brk,
               st + s->service_s, s->loc);
        b->len--;
    }
}

/* Best (vehicles, cost) serving the stops of mask with used[] vehicles
 * of each type taken; unserved optional stops pay their penalty. */
typedef struct bf_val {
    int veh;
    double cost;
} bf_val;

static int bf_better(const wo_vrp_problem *pb, bf_val a, bf_val b)
{
    if (b.cost >= INFINITY)
        return a.cost < INFINITY;
    if (pb->lexicographic && a.veh != b.veh)
        return a.veh < b.veh;
    return a.cost < b.cost - 1e-9;
}

static bf_val bf_partition(const wo_vrp_problem *pb, bf *types, int mask,
                           int *used)
{
    bf_val best = {0, INFINITY}, v;
    int i = 0, t, sub;
    if (mask == 0) {
        best.cost = 0;
        return best;
    }
    while (!((mask >> i) & 1))
        i++;
    if (pb->stops[i].optional) {
        v = bf_partition(pb, types, mask & ~(1 << i), used);
        v.cost += pb->stops[i].penalty;
        if (bf_better(pb, v, best))
            best = v;
    }
    for (t = 0; t < pb->n_types; t++) {
        if (used[t] >= pb->types[t].count)
            continue;
        for (sub = mask; sub; sub = (sub - 1) & mask) {
            if (!((sub >> i) & 1) || types[t].best[sub] >= INFINITY)
                continue;
            used[t]++;
            v = bf_partition(pb, types, mask & ~sub, used);
            used[t]--;
            v.veh += 1;
            v.cost += types[t].best[sub];
            if (bf_better(pb, v, best))
                best = v;
        }
    }
    return best;
}

static bf_val brute_force(const wo_vrp_problem *pb)
{
    static bf types[2];
    double zero[WO_VRP_DIMS] = {0, 0};
    int used[2] = {0, 0}, t, k;
    assert_true(pb->n_stops <= BF_MAX_STOPS && pb->n_types <= 2);
    for (t = 0; t < pb->n_types; t++) {
        bf *b = &types[t];
        b->pb = pb;
        b->t = &pb->types[t];
        b->len = 0;
        for (k = 0; k < (1 << BF_MAX_STOPS); k++)
            b->best[k] = INFINITY;
        bf_dfs(b, 0, -1, zero, zero, 0, 0, b->t->shift_open_s,
               b->t->start_loc);
    }
    return bf_partition(pb, types, (1 << pb->n_stops) - 1, used);
}

static int rel_eq(double a, double b, double tol)
{
    return fabs(a - b) <= tol * fmax(1.0, fmax(fabs(a), fabs(b)));
}

/* Solve exactly, check, and return the cost. */
static double solve_checked(const wo_vrp_problem *pb, wo_vrp_solution *sol)
{
    wo_err e;
    double cost = NAN;
    int rc = wo_vrp_solve_exact(pb, NULL, sol, &e);
    if (rc != WO_OK)
        fail_msg("exact: %s", e.msg);
    assert_int_equal(sol->status, WO_VRP_OPTIMAL);
    rc = wo_vrp_check(pb, sol, &cost, &e);
    if (rc != WO_OK)
        fail_msg("checker: %s", e.msg);
    assert_true(rel_eq(cost, sol->cost, 1e-9));
    assert_true(sol->lower_bound <= sol->cost + 1e-6 * fmax(1, sol->cost));
    return cost;
}

/* The labelling + partitioning reference and its routes through the
 * checker; returns its cost. */
static double spx_checked(const wo_vrp_problem *pb, wo_vrp_solution *sol)
{
    wo_err e;
    double cost = NAN;
    if (vrp_spx_solve(pb, sol, &e) != WO_OK)
        fail_msg("spx: %s", e.msg);
    if (wo_vrp_check(pb, sol, &cost, &e) != WO_OK)
        fail_msg("spx solution: %s", e.msg);
    assert_true(rel_eq(cost, sol->cost, 1e-9));
    return cost;
}

static void test_exact_vs_enumeration(void **state)
{
    uint64_t seed;
    int n_lex = 0;
    (void)state;
    for (seed = 1; seed <= 12; seed++) {
        vrp_gen g;
        vrp_gen_opts o;
        wo_vrp_solution sol, sp;
        bf_val ref;
        double cost, c_sp;
        memset(&sol, 0, sizeof sol);
        vrp_gen_random_opts(seed, 2, 5, &o);
        vrp_gen_make(&g, seed * 7919u, &o);
        cost = solve_checked(&g.pb, &sol);
        c_sp = spx_checked(&g.pb, &sp);
        ref = brute_force(&g.pb);
        if (!rel_eq(cost, ref.cost, 1e-6) || !rel_eq(c_sp, ref.cost, 1e-6) ||
            (g.pb.lexicographic && (ref.veh != sol.vehicles_used ||
                                    ref.veh != sp.vehicles_used)))
            fail_msg("seed %lu: exact %.6f (%d vehicles), route labelling "
                     "%.6f (%d vehicles), enumeration %.6f (%d vehicles)",
                     (unsigned long)seed, cost, sol.vehicles_used, c_sp,
                     sp.vehicles_used, ref.cost, ref.veh);
        n_lex += g.pb.lexicographic;
        vrp_gen_solution_release(&sol);
        vrp_gen_solution_release(&sp);
    }
    assert_true(n_lex > 0);
}

static void test_spx_vs_exact(void **state)
{
    uint64_t seed;
    int n_lex = 0, n_two = 0;
    (void)state;
    /* against the compact MIP, windows and breaks always on */
    for (seed = 1; seed <= 12; seed++) {
        vrp_gen g;
        vrp_gen_opts o;
        wo_vrp_solution sol, ex;
        double cost, c_ex;
        vrp_gen_random_opts(seed + 300, 3, 5, &o);
        o.time_windows = 1;
        o.breaks = 1;
        vrp_gen_make(&g, seed * 6007u, &o);
        memset(&ex, 0, sizeof ex);
        cost = spx_checked(&g.pb, &sol);
        c_ex = solve_checked(&g.pb, &ex);
        if (!rel_eq(cost, c_ex, 1e-6) ||
            (g.pb.lexicographic && ex.vehicles_used != sol.vehicles_used))
            fail_msg("seed %lu: spx %.6f (%d vehicles), exact MIP %.6f "
                     "(%d vehicles)", (unsigned long)seed, cost,
                     sol.vehicles_used, c_ex, ex.vehicles_used);
        n_lex += g.pb.lexicographic;
        n_two += o.n_facilities == 2;
        vrp_gen_solution_release(&sol);
        vrp_gen_solution_release(&ex);
    }
    assert_true(n_lex > 0 && n_two > 0);
}

static void test_spx_refusals(void **state)
{
    vrp_gen g;
    vrp_gen_opts o;
    wo_vrp_solution sol;
    wo_err e;
    (void)state;
    memset(&o, 0, sizeof o);
    o.n_stops = 4;
    o.n_facilities = 1;
    o.n_types = 1;
    o.facility_cap = 1;
    vrp_gen_make(&g, 11, &o);
    assert_int_equal(vrp_spx_solve(&g.pb, &sol, &e), WO_EINVAL);
    assert_non_null(strstr(e.msg, "capacity"));
    g.facilities[0].capacity[0] = WO_VRP_UNLIMITED;
    g.stops[2].n_tw = 1;
    g.stops[2].tw[0].open_s = 3600;
    g.stops[2].tw[0].close_s = 4000;
    assert_int_equal(vrp_spx_solve(&g.pb, &sol, &e), WO_EINFEASIBLE);
    g.stops[2].optional = 1;
    g.stops[2].penalty = 500;
    spx_checked(&g.pb, &sol);
    assert_int_equal(sol.n_unserved, 1);
    assert_int_equal(sol.unserved[0].stop, 2);
    vrp_gen_solution_release(&sol);
}

static void test_exact_features(void **state)
{
    /* every feature on at once, facility capacity included (the checker
     * verifies it; the enumeration does not model it) */
    vrp_gen g;
    vrp_gen_opts o;
    wo_vrp_solution sol;
    int r, v, unloads[2] = {0, 0}, breaks = 0;
    (void)state;
    memset(&o, 0, sizeof o);
    o.n_stops = 5;
    o.n_facilities = 2;
    o.n_types = 1;
    o.time_windows = 1;
    o.breaks = 1;
    o.optional = 1;
    o.facility_cap = 1;
    vrp_gen_make(&g, 4242, &o);
    memset(&sol, 0, sizeof sol);
    solve_checked(&g.pb, &sol);
    for (r = 0; r < sol.n_routes; r++)
        for (v = 0; v < sol.routes[r].n_visits; v++) {
            const wo_vrp_visit *vi = &sol.routes[r].visits[v];
            if (vi->kind == WO_VISIT_UNLOAD)
                unloads[vi->index]++;
            breaks += vi->kind == WO_VISIT_BREAK;
        }
    assert_int_equal(breaks, sol.n_routes);
    assert_true(unloads[0] + unloads[1] >= sol.n_routes);
    vrp_gen_solution_release(&sol);
}

static void test_exact_refusals(void **state)
{
    vrp_gen g;
    vrp_gen_opts o;
    wo_vrp_solution sol;
    wo_vrp_stop many[13];
    wo_err e;
    int i;
    (void)state;
    memset(&o, 0, sizeof o);
    o.n_stops = 3;
    o.n_facilities = 1;
    o.n_types = 1;
    vrp_gen_make(&g, 7, &o);
    memset(&sol, 0, sizeof sol);

    /* more than 12 stops */
    for (i = 0; i < 13; i++)
        many[i] = g.stops[i % 3];
    g.pb.stops = many;
    g.pb.n_stops = 13;
    assert_int_equal(wo_vrp_solve_exact(&g.pb, NULL, &sol, &e), WO_EINVAL);
    assert_non_null(strstr(e.msg, "at most 12"));
    g.pb.stops = g.stops;
    g.pb.n_stops = 3;

    /* a mandatory stop whose window closes before any vehicle can come */
    g.stops[1].n_tw = 1;
    g.stops[1].tw[0].open_s = 3600;
    g.stops[1].tw[0].close_s = 4000;
    assert_int_equal(wo_vrp_solve_exact(&g.pb, NULL, &sol, &e),
                     WO_EINFEASIBLE);
    assert_int_equal(sol.n_routes, 0);

    /* the same stop optional: skipped, its penalty paid */
    g.stops[1].optional = 1;
    g.stops[1].penalty = 1000;
    solve_checked(&g.pb, &sol);
    assert_int_equal(sol.n_unserved, 1);
    assert_int_equal(sol.unserved[0].stop, 1);
    assert_int_equal(sol.unserved[0].reason, WO_UNSERVED_PENALTY);
    vrp_gen_solution_release(&sol);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_vs_enumeration),
        cmocka_unit_test(test_exact_features),
        cmocka_unit_test(test_exact_refusals),
        cmocka_unit_test(test_spx_vs_exact),
        cmocka_unit_test(test_spx_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
