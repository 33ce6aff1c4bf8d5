/* Acceptance test of the routing core against an exact optimum.
 * On 50 random instances of 3 to VS_MAX_STOPS stops (time windows, one or
 * two intermediate facilities, breaks, one or two vehicle types, optional
 * stops, sometimes two streams or lexicographic objectives; at least
 * VS_MIN_LARGE of them with 8 stops or more) the metaheuristic's cost must
 * equal the proven optimum (and its vehicle count in lexicographic mode),
 * and every returned solution must pass the independent checker.
 * The optimum comes from the route-labelling + set-partitioning reference
 * (tests/support/vrp_spx.c), which answers these sizes in well under a
 * second; the compact MIP (wo_vrp_solve_exact) needs minutes beyond about
 * 6 stops, and test_vrp_exact cross-checks the two references on smaller
 * instances. The heuristic runs on a fixed seed and iteration budget (no
 * wall clock). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "solver/vrp/vrp.h"
#include "tests/support/vrp_gen.h"
#include "tests/support/vrp_spx.h"

#define VS_INSTANCES 50
#define VS_MAX_STOPS 10
#define VS_MIN_LARGE 15
#define VS_ITERATIONS 300

static void test_heuristic_equals_exact(void **state)
{
    uint64_t seed;
    int n_lex = 0, n_two_fac = 0, n_large = 0;
    (void)state;
    for (seed = 1; seed <= VS_INSTANCES; seed++) {
        vrp_gen g;
        vrp_gen_opts o;
        wo_vrp_solution ex, he;
        wo_vrp_params prm;
        wo_err e;
        double c_ex, c_he;
        vrp_gen_random_opts(seed + 1000, 3, VS_MAX_STOPS, &o);
        o.time_windows = 1;
        o.breaks = 1;
        vrp_gen_make(&g, seed * 104729u, &o);
        n_lex += o.lexicographic;
        n_two_fac += o.n_facilities == 2;
        n_large += g.pb.n_stops >= 8;

        if (vrp_spx_solve(&g.pb, &ex, &e) != WO_OK)
            fail_msg("seed %lu: exact: %s", (unsigned long)seed, e.msg);
        assert_int_equal(ex.status, WO_VRP_OPTIMAL);
        if (wo_vrp_check(&g.pb, &ex, &c_ex, &e) != WO_OK)
            fail_msg("seed %lu: exact solution: %s", (unsigned long)seed,
                     e.msg);

        wo_vrp_params_init(&prm);
        prm.seed = seed;
        prm.time_limit_s = 0;
        prm.max_iterations = VS_ITERATIONS;
        wo_vrp_solution_init(&he);
        if (wo_vrp_solve(&g.pb, &prm, &he, &e) != WO_OK)
            fail_msg("seed %lu: heuristic: %s", (unsigned long)seed, e.msg);
        if (wo_vrp_check(&g.pb, &he, &c_he, &e) != WO_OK)
            fail_msg("seed %lu: heuristic solution: %s", (unsigned long)seed,
                     e.msg);
        if (fabs(c_he - c_ex) > 1e-6 * fmax(1.0, fabs(c_ex)) ||
            (g.pb.lexicographic && he.vehicles_used != ex.vehicles_used))
            fail_msg("seed %lu (%d stops): heuristic %.6f with %d vehicles, "
                     "exact optimum %.6f with %d vehicles",
                     (unsigned long)seed, g.pb.n_stops, c_he,
                     he.vehicles_used, c_ex, ex.vehicles_used);
        vrp_gen_solution_release(&ex);
        wo_vrp_solution_free(&he);
    }
    assert_true(n_lex > 0 && n_two_fac > 0 && n_large >= VS_MIN_LARGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heuristic_equals_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
