/* Tests of the routing core's stability terms (wo_vrp_problem
 * pref_vehicle, pref_pos, stability_penalty, warm_start): a solve
 * anchored on given routes keeps its stops on their vehicles when moving
 * them gains nothing or less than the penalty, and moves them when there
 * is no penalty. Every search runs under an iteration limit (counted,
 * never timed), and every solution passes wo_vrp_check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "solver/vrp/vrp.h"
#include "tests/support/vrp_gen.h"

#define N_CUST 40
#define N_NODE (N_CUST + 1)
#define N_VEH 5

/* A CVRP of N_CUST customers around a central depot, N_VEH vehicles of
 * capacity 1000 (demands 1..100: any eight customers fit one vehicle),
 * the baseline routes given by pref_vehicle / pref_pos. With flat set,
 * every place is the depot: all solutions cost the same. */
typedef struct inst {
    wo_vrp_problem pb;
    double dist_m[N_NODE * N_NODE];
    wo_vrp_stop stops[N_CUST];
    wo_vrp_vehicle_type type;
    int pref_vehicle[N_CUST];
    int pref_pos[N_CUST];
} inst;

static void inst_make(inst *g, uint64_t seed, int flat)
{
    double x[N_NODE], y[N_NODE];
    wo_rng r;
    int i;
    memset(g, 0, sizeof *g);
    wo_rng_seed(&r, seed);
    x[0] = y[0] = 500;
    for (i = 1; i < N_NODE; i++) {
        x[i] = flat ? 500 : (double)wo_rng_below(&r, 1001);
        y[i] = flat ? 500 : (double)wo_rng_below(&r, 1001);
    }
    for (i = 0; i < N_CUST; i++) {
        g->stops[i].loc = i + 1;
        g->stops[i].demand[0] = (double)(1 + wo_rng_below(&r, 100));
        g->stops[i].ext_id = i;
        /* the baseline: customers dealt round-robin, so that each route
         * crosses the whole square (far from any good solution) */
        g->pref_vehicle[i] = i % N_VEH;
        g->pref_pos[i] = i / N_VEH;
    }
    vrp_gen_cvrp(&g->pb, g->dist_m, x, y, N_NODE, g->stops, &g->type, N_VEH,
                 1000);
}

/* Anchor g on its baseline routes with the given penalty. */
static void anchor(inst *g, double penalty)
{
    g->pb.pref_vehicle = g->pref_vehicle;
    g->pb.pref_pos = g->pref_pos;
    g->pb.stability_penalty = penalty;
    g->pb.warm_start = 1;
}

/* Solve g under an iteration limit and check the solution; returns the
 * served stops whose vehicle is not their baseline vehicle. */
static int solve_changed(inst *g, long iterations, wo_vrp_solution *sol)
{
    wo_vrp_params prm;
    wo_err err;
    double cost;
    int r, v, changed = 0, served = 0;
    wo_vrp_params_init(&prm);
    prm.time_limit_s = 0;
    prm.max_iterations = iterations;
    prm.seed = 3;
    assert_int_equal(wo_vrp_solve(&g->pb, &prm, sol, &err), WO_OK);
    assert_int_equal(wo_vrp_check(&g->pb, sol, &cost, &err), WO_OK);
    assert_true(fabs(cost - sol->cost) < 1e-6 * (1 + fabs(cost)));
    for (r = 0; r < sol->n_routes; r++)
        for (v = 0; v < sol->routes[r].n_visits; v++) {
            const wo_vrp_visit *x = &sol->routes[r].visits[v];
            if (x->kind != WO_VISIT_STOP)
                continue;
            served++;
            changed += g->pref_vehicle[x->index] != sol->routes[r].vehicle;
        }
    assert_int_equal(served, N_CUST);
    return changed;
}

/* Route cost of the baseline routes of g, driven in pref_pos order. */
static double baseline_cost(const inst *g)
{
    double sum = 0;
    int veh, p, prev;
    for (veh = 0; veh < N_VEH; veh++) {
        prev = 0;
        for (p = 0; p * N_VEH + veh < N_CUST; p++) {
            int i = p * N_VEH + veh;
            sum += g->dist_m[prev * N_NODE + g->stops[i].loc];
            prev = g->stops[i].loc;
        }
        sum += g->dist_m[prev * N_NODE];
    }
    return sum;
}

/* Every solution costs the same: the anchored solve keeps every stop on
 * its baseline vehicle (a move would have to gain to be made). */
static void test_flat_keeps_all(void **state)
{
    inst *g = test_malloc(sizeof *g);
    wo_vrp_solution sol;
    (void)state;
    inst_make(g, 11, 1);
    anchor(g, 1.0);
    assert_int_equal(solve_changed(g, 200, &sol), 0);
    assert_int_equal(sol.n_routes, N_VEH);
    assert_true(sol.cost < 1e-9);
    vrp_gen_solution_release(&sol);
    test_free(g);
}

/* A huge penalty keeps every stop on its vehicle (and the routes improve
 * only in their order: no worse than the baseline); no penalty lets the
 * search leave the crossing routes: most stops change vehicle, at a
 * lower cost. */
static void test_penalty_decides(void **state)
{
    inst *g = test_malloc(sizeof *g);
    wo_vrp_solution huge, none, free_sol;
    int ch_huge, ch_none, ch_free;
    double base;
    (void)state;
    inst_make(g, 5, 0);
    base = baseline_cost(g);
    anchor(g, 1e7);
    ch_huge = solve_changed(g, 300, &huge);
    anchor(g, 0);
    ch_none = solve_changed(g, 300, &none);
    g->pb.warm_start = 0;
    g->pb.pref_vehicle = g->pb.pref_pos = NULL;
    ch_free = solve_changed(g, 300, &free_sol);
    assert_int_equal(ch_huge, 0);
    assert_true(huge.cost <= base + 1e-6);
    assert_true(ch_none > N_CUST / 2);
    assert_true(ch_free > N_CUST / 2);
    assert_true(none.cost < 0.8 * huge.cost);
    vrp_gen_solution_release(&huge);
    vrp_gen_solution_release(&none);
    vrp_gen_solution_release(&free_sol);
    test_free(g);
}

/* A moderate penalty lies in between: fewer stops change vehicle than
 * with none, and the stability cost is never counted in the solution's
 * cost (which wo_vrp_check recomputes from the routes alone). */
static void test_moderate_between(void **state)
{
    inst *g = test_malloc(sizeof *g);
    wo_vrp_solution mid, none;
    int ch_mid, ch_none;
    (void)state;
    inst_make(g, 5, 0);
    anchor(g, 0);
    ch_none = solve_changed(g, 300, &none);
    anchor(g, 150);
    ch_mid = solve_changed(g, 300, &mid);
    assert_true(ch_mid < ch_none);
    assert_true(mid.cost >= none.cost - 1e-6);
    vrp_gen_solution_release(&mid);
    vrp_gen_solution_release(&none);
    test_free(g);
}

/* A vehicle number beyond the fleet, or a negative penalty, is refused
 * with a message naming the stop or the field. */
static void test_validate(void **state)
{
    inst *g = test_malloc(sizeof *g);
    wo_err err;
    (void)state;
    inst_make(g, 5, 0);
    anchor(g, 1);
    assert_int_equal(wo_vrp_validate(&g->pb, &err), WO_OK);
    g->pref_vehicle[7] = N_VEH;
    assert_int_equal(wo_vrp_validate(&g->pb, &err), WO_EINVAL);
    assert_non_null(strstr(err.msg, "stop 7"));
    g->pref_vehicle[7] = -1;
    assert_int_equal(wo_vrp_validate(&g->pb, &err), WO_OK);
    g->pb.stability_penalty = -1;
    assert_int_equal(wo_vrp_validate(&g->pb, &err), WO_EINVAL);
    assert_non_null(strstr(err.msg, "stability_penalty"));
    test_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flat_keeps_all),
        cmocka_unit_test(test_penalty_decides),
        cmocka_unit_test(test_moderate_between),
        cmocka_unit_test(test_validate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
