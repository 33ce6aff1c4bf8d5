/* Tests of the routing core's answer when its search is cut short
 * (wo_vrp_solve; solver/vrp/hgs.c make_complete, search.c finish): after
 * one iteration, a few, or a cancel raised before it starts, the solution
 * serves every mandatory stop exactly once or lists each one it leaves out
 * with a reason, and wo_vrp_check accepts it. The short searches are
 * counted (an iteration limit, the cancel flag), never timed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "solver/vrp/vrp.h"
#include "tests/support/vrp_gen.h"

/* Customers of the generated CVRP: above the size where the search
 * polishes one solution instead of breeding a population (VRP_RR_FROM). */
#define N_CUST 320
#define N_NODE (N_CUST + 1)

/* A plain CVRP like the X set's tight ones (X-n936-k151: about six
 * customers a route): customers scattered over 1000 x 1000 around a
 * central depot, demands 1..100, capacity 300, as many vehicles as
 * customers, rounded Euclidean distances. */
typedef struct cvrp {
    wo_vrp_problem pb;
    double dist_m[N_NODE * N_NODE];
    wo_vrp_stop stops[N_CUST];
    wo_vrp_vehicle_type type;
} cvrp;

/* xorshift64*: the instance's own numbers, same seed same instance. */
static uint64_t next_u64(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

static void cvrp_make(cvrp *g, uint64_t seed)
{
    double x[N_NODE], y[N_NODE];
    uint64_t s = seed * 2654435761u + 1;
    int i;
    memset(g, 0, sizeof *g);
    x[0] = y[0] = 500;
    for (i = 1; i < N_NODE; i++) {
        x[i] = (double)(next_u64(&s) % 1001);
        y[i] = (double)(next_u64(&s) % 1001);
    }
    for (i = 0; i < N_CUST; i++) {
        g->stops[i].loc = i + 1;
        g->stops[i].demand[0] = (double)(1 + next_u64(&s) % 100);
        g->stops[i].ext_id = i + 2;
    }
    vrp_gen_cvrp(&g->pb, g->dist_m, x, y, N_NODE, g->stops, &g->type, N_CUST,
                 300);
}

/* Solve and check: wo_vrp_check accepts the solution (each stop served
 * once or listed unserved, every rule kept, the cost recomputed) and each
 * listed stop has a reason of the enum. */
static void solve_checked(const wo_vrp_problem *pb, const wo_vrp_params *p,
                          wo_vrp_solution *sol)
{
    wo_err e;
    double cost;
    int i;
    wo_vrp_solution_init(sol);
    if (wo_vrp_solve(pb, p, sol, &e) != WO_OK)
        fail_msg("solve: %s", e.msg);
    if (wo_vrp_check(pb, sol, &cost, &e) != WO_OK)
        fail_msg("checker: %s", e.msg);
    assert_true(fabs(cost - sol->cost) <= 1e-6 * (1.0 + fabs(cost)));
    for (i = 0; i < sol->n_unserved; i++) {
        assert_true(sol->unserved[i].reason >= WO_UNSERVED_PENALTY &&
                    sol->unserved[i].reason <= WO_UNSERVED_CAPACITY);
        assert_non_null(wo_vrp_unserved_reason_name(sol->unserved[i].reason));
    }
}

/* Every customer served, once, within the capacity, counted here apart
 * from the checker. */
static void assert_all_served(const cvrp *g, const wo_vrp_solution *sol)
{
    int seen[N_CUST];
    int r, v;
    memset(seen, 0, sizeof seen);
    assert_int_equal(sol->status, WO_VRP_FEASIBLE);
    assert_int_equal(sol->n_unserved, 0);
    for (r = 0; r < sol->n_routes; r++) {
        double load = 0;
        for (v = 0; v < sol->routes[r].n_visits; v++) {
            const wo_vrp_visit *x = &sol->routes[r].visits[v];
            if (x->kind != WO_VISIT_STOP)
                continue;
            assert_true(x->index >= 0 && x->index < N_CUST);
            seen[x->index]++;
            load += g->stops[x->index].demand[0];
        }
        assert_true(load <= g->type.capacity[0] + 1e-9);
    }
    for (r = 0; r < N_CUST; r++)
        assert_int_equal(seen[r], 1);
}

/* The search stopped after 1, 2, 3, 5 and 20 iterations (the first
 * solution is cut at up to 1.5 times the capacity, so it is not yet one
 * that keeps it): every customer is served all the same, with or without
 * the set-partitioning finish. */
static void test_cvrp_cut_short(void **state)
{
    static cvrp g;
    static const long iters[] = {1, 2, 3, 5, 20};
    wo_vrp_params p;
    wo_vrp_solution sol;
    size_t i;
    int sp;
    (void)state;
    cvrp_make(&g, 7);
    for (sp = 0; sp <= 1; sp++)
        for (i = 0; i < sizeof iters / sizeof iters[0]; i++) {
            wo_vrp_params_init(&p);
            p.time_limit_s = 0;
            p.max_iterations = iters[i];
            p.set_partitioning = sp;
            solve_checked(&g.pb, &p, &sol);
            assert_all_served(&g, &sol);
            vrp_gen_solution_release(&sol);
        }
}

/* A cancel raised before the solve starts: the first solution is all
 * there is, and it serves every customer. */
static void test_cvrp_cancelled(void **state)
{
    static cvrp g;
    wo_cancel_flag cancel = 1;
    wo_vrp_params p;
    wo_vrp_solution sol;
    uint64_t seed;
    (void)state;
    for (seed = 1; seed <= 3; seed++) {
        cvrp_make(&g, seed);
        wo_vrp_params_init(&p);
        p.time_limit_s = 30;
        p.cancel = &cancel;
        solve_checked(&g.pb, &p, &sol);
        assert_all_served(&g, &sol);
        vrp_gen_solution_release(&sol);
    }
}

/* Rich instances (windows, breaks, facilities, optional stops, two
 * streams; one vehicle of each type serving at most 4 stops, so some
 * stops do not fit) after one
 * iteration, in both objectives: each mandatory stop is served or listed
 * with its reason, and the status says partial exactly when one is
 * listed. */
static void test_rich_cut_short(void **state)
{
    static vrp_gen g;
    wo_vrp_params p;
    wo_vrp_solution sol;
    vrp_gen_opts o;
    uint64_t seed;
    int lex, t, i, n_partial = 0;
    (void)state;
    for (seed = 1; seed <= 12; seed++)
        for (lex = 0; lex <= 1; lex++) {
            int mand_out = 0;
            vrp_gen_random_opts(seed, 8, VRP_GEN_MAX_STOPS, &o);
            o.lexicographic = lex;
            vrp_gen_make(&g, seed, &o);
            for (t = 0; t < g.pb.n_types; t++) {
                g.types[t].count = 1;
                g.types[t].max_stops = 4;
            }
            wo_vrp_params_init(&p);
            p.time_limit_s = 0;
            p.max_iterations = 1;
            solve_checked(&g.pb, &p, &sol);
            for (i = 0; i < sol.n_unserved; i++)
                mand_out += !g.pb.stops[sol.unserved[i].stop].optional;
            assert_int_equal(sol.status == WO_VRP_PARTIAL, mand_out > 0);
            n_partial += mand_out > 0;
            vrp_gen_solution_release(&sol);
        }
    /* the small fleet leaves mandatory stops out somewhere:
     * the listing is what is under test */
    assert_true(n_partial > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cvrp_cut_short),
        cmocka_unit_test(test_cvrp_cancelled),
        cmocka_unit_test(test_rich_cut_short),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
