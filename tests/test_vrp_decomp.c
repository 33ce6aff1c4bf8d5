/* Tests of the decomposition of large instances (solver/vrp/decomp.c): on
 * a generated instance of 300 stops (75 collection points x 4 streams,
 * time windows, optional stops, facilities with daily capacities), rounds
 * of subproblems under an iteration budget give the same answer on one
 * thread and on two, an answer the independent checker accepts, never a
 * worse one than the first search they start from, and serving the same
 * mandatory stops. All limits are iteration limits: nothing depends on
 * the wall clock. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "solver/vrp/vrp.h"

#define POINTS 75
#define STREAMS 4
#define N_FAC 3
#define N_LOC (1 + N_FAC + POINTS)
#define N_STOPS (POINTS * STREAMS)

/* The instance and the storage it points into. */
typedef struct inst {
    wo_vrp_problem pb;
    double *dist, *dur;
    wo_vrp_stop *stops;
    wo_vrp_facility fac[N_FAC];
    wo_vrp_vehicle_type types[2];
} inst;

/* Points on a 12 km square around a depot in the middle, three facilities
 * (one takes every stream without limit, two take two streams each with a
 * daily capacity), two vehicle types with shifts and breaks. */
static void make_instance(inst *in)
{
    double x[N_LOC], y[N_LOC];
    wo_rng rng;
    int i, j, k;
    memset(in, 0, sizeof *in);
    in->dist = malloc(sizeof(double) * N_LOC * N_LOC);
    in->dur = malloc(sizeof(double) * N_LOC * N_LOC);
    in->stops = calloc(N_STOPS, sizeof(wo_vrp_stop));
    assert_non_null(in->dist);
    assert_non_null(in->dur);
    assert_non_null(in->stops);
    wo_rng_seed(&rng, 16);
    x[0] = y[0] = 6000;
    for (i = 0; i < N_FAC; i++) {
        x[1 + i] = 6000 + 4000 * cos(2.1 * i);
        y[1 + i] = 6000 + 4000 * sin(2.1 * i);
    }
    for (i = 1 + N_FAC; i < N_LOC; i++) {
        x[i] = 12000 * wo_rng_unit(&rng);
        y[i] = 12000 * wo_rng_unit(&rng);
    }
    for (i = 0; i < N_LOC; i++)
        for (j = 0; j < N_LOC; j++) {
            double d = floor(1.3 * hypot(x[i] - x[j], y[i] - y[j]));
            in->dist[i * N_LOC + j] = d;
            in->dur[i * N_LOC + j] = floor(d / 8.0);
        }
    for (k = 0; k < N_STOPS; k++) {
        wo_vrp_stop *s = &in->stops[k];
        double u = wo_rng_unit(&rng);
        s->loc = 1 + N_FAC + k / STREAMS;
        s->stream = k % STREAMS;
        s->demand[0] = 20 + 80 * wo_rng_unit(&rng);
        s->demand[1] = s->demand[0] / 250.0;
        s->service_s = 30 + 30 * wo_rng_unit(&rng);
        s->ext_id = k;
        if (u < 0.2) {
            s->n_tw = 1;
            s->tw[0].open_s = (u < 0.1 ? 6 : 13) * 3600.0;
            s->tw[0].close_s = s->tw[0].open_s + 4 * 3600.0;
        }
        if (wo_rng_unit(&rng) < 0.1) {
            s->optional = 1;
            s->penalty = 50;
        }
    }
    for (i = 0; i < N_FAC; i++) {
        wo_vrp_facility *f = &in->fac[i];
        f->loc = 1 + i;
        f->streams = i == 0 ? 0xF : (3u << (2 * (i - 1)));
        f->unload_s = 900;
        f->open_s = 5 * 3600;
        f->close_s = 22 * 3600;
        f->capacity[0] = i == 0 ? WO_VRP_UNLIMITED : 20000;
        f->capacity[1] = WO_VRP_UNLIMITED;
        f->ext_id = i;
    }
    for (i = 0; i < 2; i++) {
        wo_vrp_vehicle_type *t = &in->types[i];
        t->count = 2;
        t->capacity[0] = i == 0 ? 9000 : 5000;
        t->capacity[1] = t->capacity[0] / 200.0;
        t->max_load_per_day[0] = t->max_load_per_day[1] = WO_VRP_UNLIMITED;
        t->max_stops = 260;
        t->fixed_cost = i == 0 ? 400 : 250;
        t->cost_per_m = i == 0 ? 0.004 : 0.003;
        t->cost_per_s = 0.012;
        t->start_loc = t->end_loc = 0;
        t->shift_open_s = 5 * 3600;
        t->shift_close_s = 21 * 3600;
        t->max_duration_s = 13 * 3600;
        t->break_s = 2700;
        t->break_earliest_s = 11 * 3600;
        t->break_latest_s = 13 * 3600;
        t->streams = 0xF;
        t->ext_id = i;
    }
    in->pb.n_loc = N_LOC;
    in->pb.dist_m = in->dist;
    in->pb.dur_s = in->dur;
    in->pb.n_stops = N_STOPS;
    in->pb.stops = in->stops;
    in->pb.n_facilities = N_FAC;
    in->pb.facilities = in->fac;
    in->pb.n_types = 2;
    in->pb.types = in->types;
}

static void free_instance(inst *in)
{
    free(in->dist);
    free(in->dur);
    free(in->stops);
}

static void params(wo_vrp_params *p, int decompose, int threads)
{
    wo_vrp_params_init(p);
    p->time_limit_s = 0; /* the iterations decide */
    p->max_iterations = 5;
    p->seed = 5;
    p->threads = threads;
    p->decompose = decompose;
    p->decomp_stops = 70;
    p->decomp_iterations = 8;
    p->decomp_rounds = 2;
}

static void solve_checked(const wo_vrp_problem *pb, const wo_vrp_params *p,
                          wo_vrp_solution *sol)
{
    wo_err e;
    double cost;
    wo_vrp_solution_init(sol);
    if (wo_vrp_solve(pb, p, sol, &e) != WO_OK)
        fail_msg("solve: %s", e.msg);
    if (wo_vrp_check(pb, sol, &cost, &e) != WO_OK)
        fail_msg("checker: %s", e.msg);
    /* the totals rebuilt after the merge are the checker's */
    assert_true(fabs(cost - sol->cost) <= 1e-6 * (1 + fabs(cost)));
}

static int mandatory_out(const wo_vrp_problem *pb, const wo_vrp_solution *s)
{
    int u, n = 0;
    for (u = 0; u < s->n_unserved; u++)
        n += !pb->stops[s->unserved[u].stop].optional;
    return n;
}

/* Same routes, visit for visit. */
static void assert_same(const wo_vrp_solution *a, const wo_vrp_solution *b)
{
    int r, v;
    assert_int_equal(a->n_routes, b->n_routes);
    assert_int_equal(a->n_unserved, b->n_unserved);
    assert_true(a->cost == b->cost);
    for (r = 0; r < a->n_routes; r++) {
        assert_int_equal(a->routes[r].type, b->routes[r].type);
        assert_int_equal(a->routes[r].vehicle, b->routes[r].vehicle);
        assert_int_equal(a->routes[r].n_visits, b->routes[r].n_visits);
        for (v = 0; v < a->routes[r].n_visits; v++) {
            assert_int_equal(a->routes[r].visits[v].kind,
                             b->routes[r].visits[v].kind);
            assert_int_equal(a->routes[r].visits[v].index,
                             b->routes[r].visits[v].index);
        }
    }
}

static void test_decomp_threads_same_and_better(void **state)
{
    inst in;
    wo_vrp_params p;
    wo_vrp_solution s0, s1, s2;
    (void)state;
    make_instance(&in);
    /* the first search alone: the solution the rounds start from */
    params(&p, WO_VRP_DECOMP_OFF, 1);
    solve_checked(&in.pb, &p, &s0);
    params(&p, WO_VRP_DECOMP_ALWAYS, 1);
    solve_checked(&in.pb, &p, &s1);
    params(&p, WO_VRP_DECOMP_ALWAYS, 2);
    solve_checked(&in.pb, &p, &s2);
    assert_same(&s1, &s2);
    assert_int_equal(mandatory_out(&in.pb, &s1), mandatory_out(&in.pb, &s0));
    /* the rounds improved on their start (a group's answer is taken only
     * when it costs less) */
    assert_true(s1.cost < s0.cost);
    assert_true(s1.iterations > s0.iterations);
    wo_vrp_solution_free(&s0);
    wo_vrp_solution_free(&s1);
    wo_vrp_solution_free(&s2);
    free_instance(&in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decomp_threads_same_and_better),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
