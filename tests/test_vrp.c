/* Unit tests of the routing metaheuristic (wo_vrp_solve and friends):
 * hand-made tiny instances for every rule of the rich model (CVRP, time
 * windows, unload trips at facilities, the break, optional stops, streams,
 * heterogeneous fleet, lexicographic mode, stop limit, facility capacity),
 * each solution checked by a small feasibility recount written here;
 * pinned A-set costs with a fixed seed and iteration budget; bad input;
 * determinism; cancellation; the CVRPLIB reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benches/support/cvrplib.h"
#include "solver/vrp/vrp.h"

#define MAXL 40

typedef struct inst {
    int n_loc;
    double dist[MAXL * MAXL], dur[MAXL * MAXL];
    wo_vrp_stop stops[MAXL];
    wo_vrp_facility fac[4];
    wo_vrp_vehicle_type types[4];
    wo_vrp_problem pb;
} inst;

/* Locations on a plane (km); distance in m, 10 m/s. */
static void inst_init(inst *I, int n, const double xy[][2])
{
    int i, j;
    memset(I, 0, sizeof *I);
    I->n_loc = n;
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++) {
            double dx = xy[i][0] - xy[j][0], dy = xy[i][1] - xy[j][1];
            I->dist[i * n + j] = floor(1000.0 * sqrt(dx * dx + dy * dy));
            I->dur[i * n + j] = I->dist[i * n + j] / 10.0;
        }
    I->pb.n_loc = n;
    I->pb.dist_m = I->dist;
    I->pb.dur_s = I->dur;
    I->pb.stops = I->stops;
    I->pb.facilities = I->fac;
    I->pb.types = I->types;
}

static wo_vrp_stop *add_stop(inst *I, int loc, double kg)
{
    wo_vrp_stop *s = &I->stops[I->pb.n_stops];
    memset(s, 0, sizeof *s);
    s->loc = loc;
    s->demand[0] = kg;
    s->service_s = 60;
    s->ext_id = 100 + I->pb.n_stops++;
    return s;
}

static wo_vrp_vehicle_type *add_type(inst *I, int count, double cap, int depot)
{
    wo_vrp_vehicle_type *t = &I->types[I->pb.n_types++];
    memset(t, 0, sizeof *t);
    t->count = count;
    t->capacity[0] = cap;
    t->capacity[1] = WO_VRP_UNLIMITED;
    t->max_load_per_day[0] = t->max_load_per_day[1] = WO_VRP_UNLIMITED;
    t->cost_per_m = 0.001;
    t->cost_per_s = 0.01;
    t->start_loc = t->end_loc = depot;
    t->shift_open_s = 6 * 3600;
    t->shift_close_s = 22 * 3600;
    t->streams = ~(uint64_t)0;
    return t;
}

static wo_vrp_facility *add_fac(inst *I, int loc)
{
    wo_vrp_facility *f = &I->fac[I->pb.n_facilities++];
    memset(f, 0, sizeof *f);
    f->loc = loc;
    f->streams = ~(uint64_t)0;
    f->unload_s = 600;
    f->open_s = 0;
    f->close_s = 24 * 3600;
    f->capacity[0] = f->capacity[1] = WO_VRP_UNLIMITED;
    return f;
}

static void params(wo_vrp_params *p, long iters)
{
    wo_vrp_params_init(p);
    p->time_limit_s = 0;
    p->max_iterations = iters;
    p->seed = 7;
}

static double dm(const inst *I, int a, int b)
{
    return I->dist[a * I->n_loc + b];
}

/* Recount every rule of vrp.h on the solution; returns the cost. */
static double check(const inst *I, const wo_vrp_solution *sol)
{
    const wo_vrp_problem *pb = &I->pb;
    int served[MAXL] = {0}, r, v, i, d;
    double total = 0, fac_used[4][WO_VRP_DIMS] = {{0}};
    int per_type[4] = {0};
    for (r = 0; r < sol->n_routes; r++) {
        const wo_vrp_route *rt = &sol->routes[r];
        const wo_vrp_vehicle_type *t = &pb->types[rt->type];
        double load[WO_VRP_DIMS] = {0}, day[WO_VRP_DIMS] = {0}, dist = 0;
        int prev = t->start_loc, nstops = 0, brk = 0;
        per_type[rt->type]++;
        assert_true(rt->n_visits >= 3);
        assert_int_equal(rt->visits[0].kind, WO_VISIT_DEPOT);
        assert_int_equal(rt->visits[rt->n_visits - 1].kind, WO_VISIT_DEPOT);
        assert_true(rt->visits[0].depart_s >= t->shift_open_s - 1e-6);
        assert_true(rt->visits[rt->n_visits - 1].arrival_s <=
                    t->shift_close_s + 1e-6);
        for (v = 1; v < rt->n_visits; v++) {
            const wo_vrp_visit *x = &rt->visits[v];
            int loc = x->kind == WO_VISIT_STOP     ? pb->stops[x->index].loc
                      : x->kind == WO_VISIT_UNLOAD ? pb->facilities[x->index].loc
                      : x->kind == WO_VISIT_DEPOT  ? t->end_loc
                                                   : prev;
            assert_true(x->arrival_s <= x->start_s + 1e-6);
            assert_true(x->start_s <= x->depart_s + 1e-6);
            assert_true(x->arrival_s >= rt->visits[v - 1].depart_s - 1e-6);
            dist += dm(I, prev, loc);
            prev = loc;
            if (x->kind == WO_VISIT_STOP) {
                const wo_vrp_stop *s = &pb->stops[x->index];
                int ok = s->n_tw == 0, w;
                for (w = 0; w < s->n_tw; w++)
                    if (x->start_s >= s->tw[w].open_s - 1e-6 &&
                        x->start_s <= s->tw[w].close_s + 1e-6)
                        ok = 1;
                assert_true(ok);
                assert_int_equal(s->stream, rt->stream);
                assert_true((t->streams >> s->stream) & 1u);
                assert_int_equal(served[x->index], 0);
                served[x->index] = 1;
                nstops++;
                for (d = 0; d < WO_VRP_DIMS; d++) {
                    load[d] += s->demand[d];
                    day[d] += s->demand[d];
                    if (t->capacity[d] != WO_VRP_UNLIMITED)
                        assert_true(load[d] <= t->capacity[d] + 1e-9);
                    assert_true(fabs(x->load_after[d] - load[d]) < 1e-6);
                }
            } else if (x->kind == WO_VISIT_UNLOAD) {
                const wo_vrp_facility *f = &pb->facilities[x->index];
                assert_true((f->streams >> rt->stream) & 1u);
                assert_true(x->start_s >= f->open_s - 1e-6);
                assert_true(x->start_s <= f->close_s + 1e-6);
                for (d = 0; d < WO_VRP_DIMS; d++) {
                    fac_used[x->index][d] += load[d];
                    load[d] = 0;
                }
            } else if (x->kind == WO_VISIT_BREAK) {
                brk++;
                assert_true(x->start_s >= t->break_earliest_s - 1e-6);
                assert_true(x->start_s <= t->break_latest_s + 1e-6);
                assert_true(fabs(x->depart_s - x->start_s - t->break_s) < 1e-6);
            }
        }
        if (pb->n_facilities > 0)
            for (d = 0; d < WO_VRP_DIMS; d++)
                assert_true(load[d] < 1e-9); /* returns empty */
        if (t->break_s > 0)
            assert_int_equal(brk, 1);
        if (t->max_stops > 0)
            assert_true(nstops <= t->max_stops);
        for (d = 0; d < WO_VRP_DIMS; d++)
            if (t->max_load_per_day[d] != WO_VRP_UNLIMITED)
                assert_true(day[d] <= t->max_load_per_day[d] + 1e-9);
        assert_true(fabs(dist - rt->dist_m) < 1e-6);
        if (t->max_duration_s > 0)
            assert_true(rt->dur_s <= t->max_duration_s + 1e-6);
        assert_true(fabs(rt->cost - (t->fixed_cost + t->cost_per_m * rt->dist_m +
                                     t->cost_per_s * rt->dur_s)) < 1e-6);
        total += rt->cost;
    }
    for (i = 0; i < pb->n_types; i++)
        assert_true(per_type[i] <= pb->types[i].count);
    for (i = 0; i < pb->n_facilities; i++)
        for (d = 0; d < WO_VRP_DIMS; d++)
            if (pb->facilities[i].capacity[d] != WO_VRP_UNLIMITED)
                assert_true(fac_used[i][d] <=
                            pb->facilities[i].capacity[d] + 1e-9);
    for (i = 0; i < sol->n_unserved; i++) {
        int s = sol->unserved[i].stop;
        assert_int_equal(served[s], 0);
        served[s] = 2;
        if (pb->stops[s].optional)
            total += pb->stops[s].penalty;
    }
    for (i = 0; i < pb->n_stops; i++)
        assert_true(served[i] != 0);
    assert_true(fabs(total - sol->cost) < 1e-6 * (1 + total));
    assert_int_equal(sol->vehicles_used, sol->n_routes);
    return total;
}

static int reason_of(const wo_vrp_solution *sol, int stop)
{
    int i;
    for (i = 0; i < sol->n_unserved; i++)
        if (sol->unserved[i].stop == stop)
            return (int)sol->unserved[i].reason;
    return -1;
}

static void solve_ok(inst *I, long iters, wo_vrp_solution *sol)
{
    wo_vrp_params p;
    wo_err e;
    params(&p, iters);
    wo_vrp_solution_init(sol);
    assert_int_equal(wo_vrp_solve(&I->pb, &p, sol, &e), WO_OK);
    check(I, sol);
}

/* Depot at 0; a ring of 8 stops. */
static const double ring[][2] = {{0, 0},  {5, 0},  {5, 5},  {0, 5},
                                 {-5, 5}, {-5, 0}, {-5, -5}, {0, -5},
                                 {5, -5}, {20, 20}, {10, 0}, {-10, 0}};

static void test_cvrp(void **state)
{
    inst I;
    wo_vrp_solution sol;
    int i;
    (void)state;
    inst_init(&I, 9, ring);
    for (i = 1; i <= 8; i++)
        add_stop(&I, i, 10);
    add_type(&I, 5, 40, 0);
    solve_ok(&I, 200, &sol);
    assert_int_equal(sol.n_routes, 2);
    assert_int_equal(sol.n_unserved, 0);
    assert_int_equal(sol.status, WO_VRP_FEASIBLE);
    wo_vrp_solution_free(&sol);
}

static void test_time_windows(void **state)
{
    inst I;
    wo_vrp_solution sol;
    wo_vrp_stop *s;
    int i;
    (void)state;
    inst_init(&I, 9, ring);
    for (i = 1; i <= 8; i++) {
        s = add_stop(&I, i, 1);
        s->n_tw = 1;
        /* reverse ring order forced by the windows */
        s->tw[0].open_s = 8 * 3600 + (9 - i) * 1800;
        s->tw[0].close_s = s->tw[0].open_s + 900;
    }
    I.stops[0].n_tw = 2; /* two windows, the second one reachable */
    I.stops[0].tw[0].open_s = 3600;
    I.stops[0].tw[0].close_s = 3700;
    I.stops[0].tw[1].open_s = 8 * 3600 + 8 * 1800;
    I.stops[0].tw[1].close_s = 8 * 3600 + 8 * 1800 + 900;
    add_type(&I, 1, 100, 0);
    solve_ok(&I, 200, &sol);
    assert_int_equal(sol.n_unserved, 0);
    assert_int_equal(sol.n_routes, 1);
    wo_vrp_solution_free(&sol);
}

static int count_kind(const wo_vrp_route *r, wo_vrp_visit_kind k)
{
    int v, n = 0;
    for (v = 0; v < r->n_visits; v++)
        n += r->visits[v].kind == k;
    return n;
}

static void test_unload_midroute(void **state)
{
    inst I;
    wo_vrp_solution sol;
    int i;
    (void)state;
    inst_init(&I, 12, ring);
    for (i = 1; i <= 8; i++)
        add_stop(&I, i, 5);
    add_fac(&I, 10);
    add_fac(&I, 11);
    add_type(&I, 1, 15, 0); /* 40 kg collected, 15 per trip: 3 unloads */
    solve_ok(&I, 200, &sol);
    assert_int_equal(sol.n_routes, 1);
    assert_int_equal(sol.n_unserved, 0);
    assert_true(count_kind(&sol.routes[0], WO_VISIT_UNLOAD) >= 3);
    assert_int_equal(sol.routes[0].visits[sol.routes[0].n_visits - 2].kind,
                     WO_VISIT_UNLOAD);
    wo_vrp_solution_free(&sol);
}

static void test_break(void **state)
{
    inst I;
    wo_vrp_solution sol;
    wo_vrp_vehicle_type *t;
    int i;
    (void)state;
    inst_init(&I, 9, ring);
    for (i = 1; i <= 8; i++)
        add_stop(&I, i, 1)->service_s = 1200;
    t = add_type(&I, 1, 100, 0);
    t->break_s = 1800;
    t->break_earliest_s = 6 * 3600 + 5400;
    t->break_latest_s = 6 * 3600 + 7200;
    solve_ok(&I, 100, &sol);
    assert_int_equal(sol.n_routes, 1);
    assert_int_equal(count_kind(&sol.routes[0], WO_VISIT_BREAK), 1);
    wo_vrp_solution_free(&sol);
}

static void test_optional(void **state)
{
    inst I;
    wo_vrp_solution sol;
    wo_vrp_stop *far;
    int i;
    (void)state;
    inst_init(&I, 10, ring);
    for (i = 1; i <= 8; i++)
        add_stop(&I, i, 1);
    far = add_stop(&I, 9, 1); /* (20,20): far away, cheap to skip */
    far->optional = 1;
    far->penalty = 5;
    add_type(&I, 2, 100, 0);
    solve_ok(&I, 200, &sol);
    assert_int_equal(sol.n_unserved, 1);
    assert_int_equal(reason_of(&sol, 8), WO_UNSERVED_PENALTY);
    wo_vrp_solution_free(&sol);
    far->penalty = 1e6; /* now worth the detour */
    solve_ok(&I, 200, &sol);
    assert_int_equal(sol.n_unserved, 0);
    wo_vrp_solution_free(&sol);
}

static void test_streams(void **state)
{
    inst I;
    wo_vrp_solution sol;
    int i, r;
    (void)state;
    inst_init(&I, 12, ring);
    for (i = 1; i <= 8; i++)
        add_stop(&I, i, 1)->stream = i % 2 ? 3 : 5;
    add_fac(&I, 10)->streams = (uint64_t)1 << 3;
    add_fac(&I, 11)->streams = (uint64_t)1 << 5;
    add_type(&I, 2, 100, 0)->streams = (uint64_t)1 << 3;
    add_type(&I, 2, 100, 0)->streams = (uint64_t)1 << 5;
    solve_ok(&I, 200, &sol);
    assert_int_equal(sol.n_unserved, 0);
    assert_int_equal(sol.n_routes, 2);
    for (r = 0; r < sol.n_routes; r++)
        assert_int_equal(sol.routes[r].stream,
                         sol.routes[r].type == 0 ? 3 : 5);
    wo_vrp_solution_free(&sol);
}

static void test_heterogeneous(void **state)
{
    inst I;
    wo_vrp_solution sol;
    int i;
    (void)state;
    inst_init(&I, 9, ring);
    for (i = 1; i <= 8; i++)
        add_stop(&I, i, 10);
    add_type(&I, 1, 80, 0)->fixed_cost = 1000; /* one big, dear truck */
    add_type(&I, 4, 20, 0)->fixed_cost = 10;   /* small cheap ones    */
    solve_ok(&I, 300, &sol);
    assert_int_equal(sol.n_unserved, 0);
    assert_int_equal(sol.n_routes, 4);
    for (i = 0; i < sol.n_routes; i++)
        assert_int_equal(sol.routes[i].type, 1);
    wo_vrp_solution_free(&sol);
    I.types[1].count = 2; /* 40 kg on small trucks: the big one is needed */
    solve_ok(&I, 300, &sol);
    assert_int_equal(sol.n_unserved, 0);
    wo_vrp_solution_free(&sol);
}

static void test_lexicographic(void **state)
{
    inst I;
    wo_vrp_solution sol;
    wo_vrp_stop *s;
    (void)state;
    /* an early and a late stop: two short routes cost less than one that
     * waits all day, but one vehicle is fewer */
    inst_init(&I, 12, ring);
    s = add_stop(&I, 10, 1);
    s->n_tw = 1;
    s->tw[0].open_s = 8 * 3600;
    s->tw[0].close_s = 8 * 3600 + 900;
    s = add_stop(&I, 11, 1);
    s->n_tw = 1;
    s->tw[0].open_s = 16 * 3600;
    s->tw[0].close_s = 16 * 3600 + 900;
    add_type(&I, 3, 100, 0);
    solve_ok(&I, 100, &sol);
    assert_int_equal(sol.n_routes, 2);
    wo_vrp_solution_free(&sol);
    I.pb.lexicographic = 1;
    solve_ok(&I, 100, &sol);
    assert_int_equal(sol.n_routes, 1);
    wo_vrp_solution_free(&sol);
}

static void test_max_stops_and_day_load(void **state)
{
    inst I;
    wo_vrp_solution sol;
    wo_vrp_vehicle_type *t;
    int i;
    (void)state;
    inst_init(&I, 12, ring);
    for (i = 1; i <= 8; i++)
        add_stop(&I, i, 10);
    add_fac(&I, 10);
    t = add_type(&I, 4, 100, 0);
    t->max_stops = 3;
    t->max_load_per_day[0] = 25;
    solve_ok(&I, 200, &sol);
    assert_int_equal(sol.n_unserved, 0);
    assert_int_equal(sol.n_routes, 4);
    wo_vrp_solution_free(&sol);
}

static void test_facility_capacity(void **state)
{
    inst I;
    wo_vrp_solution sol;
    int i;
    (void)state;
    inst_init(&I, 12, ring);
    for (i = 1; i <= 8; i++)
        add_stop(&I, i, 10);
    add_fac(&I, 10)->capacity[0] = 30; /* near the east half only */
    add_fac(&I, 11);
    add_type(&I, 2, 20, 0);
    solve_ok(&I, 200, &sol);
    assert_int_equal(sol.n_unserved, 0);
    wo_vrp_solution_free(&sol);
    I.fac[1].capacity[0] = 20; /* 80 kg collected, 50 kg of room: report */
    solve_ok(&I, 200, &sol);
    assert_true(sol.n_unserved >= 3);
    assert_int_equal(sol.status, WO_VRP_PARTIAL);
    for (i = 0; i < sol.n_unserved; i++)
        assert_int_equal(sol.unserved[i].reason, WO_UNSERVED_CAPACITY);
    wo_vrp_solution_free(&sol);
}

static void test_unservable(void **state)
{
    inst I;
    wo_vrp_solution sol;
    wo_vrp_stop *s;
    (void)state;
    inst_init(&I, 12, ring);
    add_stop(&I, 1, 10);
    add_stop(&I, 2, 500);                  /* heavier than every vehicle */
    add_stop(&I, 3, 1)->stream = 9;        /* no vehicle for stream 9    */
    s = add_stop(&I, 4, 1);                /* window before the shift    */
    s->n_tw = 1;
    s->tw[0].open_s = 3600;
    s->tw[0].close_s = 4000;
    add_stop(&I, 5, 1)->stream = 2;        /* no facility for stream 2   */
    add_fac(&I, 10)->streams = 1;
    add_type(&I, 2, 100, 0)->streams = 1 | 4;
    solve_ok(&I, 50, &sol);
    assert_int_equal(sol.status, WO_VRP_PARTIAL);
    assert_int_equal(sol.n_unserved, 4);
    assert_int_equal(reason_of(&sol, 1), WO_UNSERVED_TOO_HEAVY);
    assert_int_equal(reason_of(&sol, 2), WO_UNSERVED_NO_VEHICLE);
    assert_int_equal(reason_of(&sol, 3), WO_UNSERVED_TIME);
    assert_int_equal(reason_of(&sol, 4), WO_UNSERVED_NO_FACILITY);
    assert_non_null(strstr(wo_vrp_unserved_reason_name(WO_UNSERVED_TIME),
                           "time window"));
    wo_vrp_solution_free(&sol);
    /* no vehicles at all */
    I.pb.n_types = 0;
    solve_ok(&I, 50, &sol);
    assert_int_equal(sol.n_unserved, 5);
    assert_int_equal(sol.n_routes, 0);
    wo_vrp_solution_free(&sol);
}

static void expect_invalid(inst *I, const char *needle)
{
    wo_vrp_params p;
    wo_vrp_solution sol;
    wo_err e;
    params(&p, 10);
    assert_int_equal(wo_vrp_validate(&I->pb, &e), WO_EINVAL);
    assert_non_null(strstr(e.msg, needle));
    assert_int_equal(wo_vrp_solve(&I->pb, &p, &sol, &e), WO_EINVAL);
    assert_int_equal(sol.n_routes, 0);
}

static void test_bad_input(void **state)
{
    inst I;
    wo_err e;
    (void)state;
    inst_init(&I, 9, ring);
    add_stop(&I, 1, 10);
    add_type(&I, 1, 0, 0); /* capacity 0 */
    expect_invalid(&I, "capacity[0] = 0");
    I.types[0].capacity[0] = 10;
    assert_int_equal(wo_vrp_validate(&I.pb, &e), WO_OK);
    I.stops[0].n_tw = 1;
    I.stops[0].tw[0].open_s = 5000;
    I.stops[0].tw[0].close_s = 4000;
    expect_invalid(&I, "closes");
    I.stops[0].n_tw = 0;
    I.dist[3] = -1;
    expect_invalid(&I, "dist_m[0][3]");
    I.dist[3] = NAN;
    expect_invalid(&I, "dist_m[0][3]");
    I.dist[3] = 1000;
    I.dur[5] = INFINITY;
    expect_invalid(&I, "dur_s[0][5]");
    I.dur[5] = 100;
    I.stops[0].loc = 99;
    expect_invalid(&I, "outside the matrix");
    I.stops[0].loc = 1;
    I.stops[0].demand[1] = -2;
    expect_invalid(&I, "demand[1]");
    I.stops[0].demand[1] = 0;
    I.types[0].break_s = 600;
    I.types[0].break_earliest_s = 9000;
    I.types[0].break_latest_s = 8000;
    expect_invalid(&I, "break");
    I.types[0].break_s = 0;
    assert_int_equal(wo_vrp_validate(&I.pb, &e), WO_OK);
    assert_int_equal(wo_vrp_validate(NULL, &e), WO_EINVAL);
    {
        wo_vrp_params p;
        wo_vrp_solution sol;
        wo_vrp_params_init(&p);
        p.time_limit_s = 0;
        p.max_iterations = 0;
        assert_int_equal(wo_vrp_solve(&I.pb, &p, &sol, &e), WO_EINVAL);
    }
}

static void test_empty(void **state)
{
    inst I;
    wo_vrp_solution sol;
    (void)state;
    inst_init(&I, 3, ring);
    add_type(&I, 2, 10, 0);
    solve_ok(&I, 10, &sol); /* no stops: no route, nothing unserved */
    assert_int_equal(sol.n_routes, 0);
    assert_int_equal(sol.n_unserved, 0);
    assert_int_equal(sol.status, WO_VRP_FEASIBLE);
    wo_vrp_solution_free(&sol);
    add_stop(&I, 1, 5);
    I.types[0].count = 0; /* no vehicle at all */
    solve_ok(&I, 10, &sol);
    assert_int_equal(sol.n_unserved, 1);
    assert_int_equal(sol.unserved[0].reason, WO_UNSERVED_NO_VEHICLE);
    wo_vrp_solution_free(&sol);
}

static void test_determinism(void **state)
{
    inst I;
    wo_vrp_solution a, b;
    int i, r, v;
    (void)state;
    inst_init(&I, 12, ring);
    for (i = 1; i <= 11; i++)
        add_stop(&I, i, 7 + i % 3);
    add_type(&I, 6, 25, 0);
    solve_ok(&I, 300, &a);
    solve_ok(&I, 300, &b);
    assert_true(a.cost == b.cost);
    assert_int_equal(a.n_routes, b.n_routes);
    for (r = 0; r < a.n_routes; r++) {
        assert_int_equal(a.routes[r].n_visits, b.routes[r].n_visits);
        for (v = 0; v < a.routes[r].n_visits; v++)
            assert_int_equal(a.routes[r].visits[v].index,
                             b.routes[r].visits[v].index);
    }
    wo_vrp_solution_free(&a);
    wo_vrp_solution_free(&b);
}

static int veto(const wo_progress *p, void *ud)
{
    (*(int *)ud)++;
    return p->iteration >= 50;
}

static void test_cancel_and_progress(void **state)
{
    inst I;
    wo_vrp_params p;
    wo_vrp_solution sol;
    wo_cancel_flag flag = 1;
    wo_err e;
    int i, calls = 0;
    (void)state;
    inst_init(&I, 12, ring);
    for (i = 1; i <= 11; i++)
        add_stop(&I, i, 5);
    add_type(&I, 6, 25, 0);
    params(&p, 1000000);
    p.cancel = &flag; /* cancelled from the start: still a full answer */
    assert_int_equal(wo_vrp_solve(&I.pb, &p, &sol, &e), WO_OK);
    check(&I, &sol);
    assert_int_equal(sol.n_unserved, 0);
    wo_vrp_solution_free(&sol);
    params(&p, 1000000);
    p.progress = veto;
    p.progress_ud = &calls;
    assert_int_equal(wo_vrp_solve(&I.pb, &p, &sol, &e), WO_OK);
    check(&I, &sol);
    assert_true(calls >= 1);
    assert_true(sol.iterations < 1000);
    wo_vrp_solution_free(&sol);
}

/* CVRPLIB instances of set A or X, pinned with seed 1 and a small
 * iteration budget; sp = 0: no set-partitioning finish (without a time
 * limit its MIP is not bounded in time). */
static void solve_a(const char *set, const char *name, long iters, int sp,
                    double expect)
{
    const char *shared = getenv("WO_SHARED");
    char path[1024];
    wo_cvrplib in;
    wo_vrp_problem pb;
    wo_vrp_vehicle_type type;
    wo_vrp_stop *stops;
    double *dist;
    wo_vrp_params p;
    wo_vrp_solution sol;
    wo_err e;
    snprintf(path, sizeof path, "%s/bench/cvrp/%s/%s.vrp",
             shared ? shared : "../shared", set, name);
    assert_int_equal(wo_cvrplib_read(path, &in, &e), WO_OK);
    assert_int_equal(wo_cvrplib_problem(&in, &pb, &dist, &stops, &type, &e),
                     WO_OK);
    wo_vrp_params_init(&p);
    p.time_limit_s = 0;
    p.max_iterations = iters;
    p.seed = 1;
    p.set_partitioning = sp;
    assert_int_equal(wo_vrp_solve(&pb, &p, &sol, &e), WO_OK);
    assert_int_equal(sol.status, WO_VRP_FEASIBLE);
    assert_int_equal(sol.n_unserved, 0);
    printf("# %s: %.0f\n", name, sol.cost);
    assert_true(sol.cost == expect);
    wo_vrp_solution_free(&sol);
    wo_free(dist);
    wo_free(stops);
    wo_cvrplib_free(&in);
}

static void test_a_set_pinned(void **state)
{
    const char *shared = getenv("WO_SHARED");
    char path[1024];
    FILE *probe;
    (void)state;
    /* Skipped, like the other real-data tests, when the shared data is not
     * there (a clone outside the project tree). */
    snprintf(path, sizeof path, "%s/bench/cvrp/A/A-n32-k5.vrp",
             shared ? shared : "../shared");
    probe = fopen(path, "r");
    if (!probe) {
        print_message("%s not found: A-set test skipped\n", path);
        skip();
        return;
    }
    fclose(probe);
    solve_a("A", "A-n32-k5", 300, 1, 784);
    solve_a("A", "A-n45-k6", 300, 1, 948);
    solve_a("A", "A-n63-k10", 300, 1, 1317);
    /* above 200 stops: polish, then ruin and recreate (BKS 38684) */
    solve_a("X", "X-n251-k28", 300, 0, 39334);
}

static void test_cvrplib_reader(void **state)
{
    static const char ok[] =
        "NAME : t1\nTYPE : CVRP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EUC_2D\n"
        "CAPACITY : 10\nNODE_COORD_SECTION\n1 0 0\n2 3 4\n3 0 1\n"
        "DEMAND_SECTION\n1 0\n2 4\n3 5\nDEPOT_SECTION\n1\n-1\nEOF\n";
    wo_cvrplib in;
    wo_err e;
    (void)state;
    assert_int_equal(wo_cvrplib_parse(ok, sizeof ok - 1, "t1.vrp", &in, &e),
                     WO_OK);
    assert_int_equal(in.n, 3);
    assert_true(in.capacity == 10);
    assert_true(in.demand[2] == 5);
    assert_string_equal(in.name, "t1");
    wo_cvrplib_free(&in);
    assert_int_equal(wo_cvrplib_parse("CAPACITY : x\n", 13, "b.vrp", &in, &e),
                     WO_EPARSE);
    assert_string_equal(e.msg, "b.vrp:1: 'x' is not a number");
    assert_int_equal(wo_cvrplib_parse("NODE_COORD_SECTION\n1 0 0\n", 25,
                                      "c.vrp", &in, &e),
                     WO_EPARSE);
    assert_non_null(strstr(e.msg, "before DIMENSION"));
    {
        static const char dup[] = "DIMENSION : 2\nCAPACITY : 5\n"
                                  "NODE_COORD_SECTION\n1 0 0\n1 1 1\n";
        assert_int_equal(wo_cvrplib_parse(dup, sizeof dup - 1, "d.vrp", &in, &e),
                         WO_EPARSE);
        assert_non_null(strstr(e.msg, "d.vrp:5: node 1 given twice"));
    }
    {
        static const char miss[] = "DIMENSION : 2\nCAPACITY : 5\n"
                                   "NODE_COORD_SECTION\n1 0 0\n2 1 1\n"
                                   "DEMAND_SECTION\n1 0\n";
        assert_int_equal(
            wo_cvrplib_parse(miss, sizeof miss - 1, "m.vrp", &in, &e),
            WO_EPARSE);
        assert_non_null(strstr(e.msg, "node 2 lacks"));
    }
    {
        static const char big[] = "DIMENSION : 3\nCAPACITY : 5\n"
                                  "NODE_COORD_SECTION\n4 0 0\n";
        assert_int_equal(wo_cvrplib_parse(big, sizeof big - 1, "n.vrp", &in, &e),
                         WO_EPARSE);
        assert_non_null(strstr(e.msg, "expected an integer in 1..3"));
    }
    assert_int_equal(wo_cvrplib_read("/nonexistent/x.vrp", &in, &e), WO_EIO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cvrp),
        cmocka_unit_test(test_time_windows),
        cmocka_unit_test(test_unload_midroute),
        cmocka_unit_test(test_break),
        cmocka_unit_test(test_optional),
        cmocka_unit_test(test_streams),
        cmocka_unit_test(test_heterogeneous),
        cmocka_unit_test(test_lexicographic),
        cmocka_unit_test(test_max_stops_and_day_load),
        cmocka_unit_test(test_facility_capacity),
        cmocka_unit_test(test_unservable),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_cancel_and_progress),
        cmocka_unit_test(test_a_set_pinned),
        cmocka_unit_test(test_cvrplib_reader),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
