/* Tests of the routing core's stop rule (wo_vrp_params stall_iterations,
 * stall_s; solver/vrp/hgs.c): a search that stops improving ends before
 * its iteration limit and says so, the counted rule gives the same answer
 * on every run, the seconds rule is ignored under an iteration limit, and
 * with the rule off the limit is run to the end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "solver/vrp/vrp.h"
#include "tests/support/vrp_gen.h"

/* A 12-stop instance with windows, breaks and two facilities. */
static void instance(vrp_gen *g, int lexicographic)
{
    vrp_gen_opts o;
    memset(&o, 0, sizeof o);
    o.n_stops = 12;
    o.n_facilities = 2;
    o.n_types = 1;
    o.time_windows = 1;
    o.breaks = 1;
    o.lexicographic = lexicographic;
    vrp_gen_make(g, 11, &o);
}

static void solve(const vrp_gen *g, const wo_vrp_params *p,
                  wo_vrp_solution *sol)
{
    wo_err e;
    double cost;
    wo_vrp_solution_init(sol);
    if (wo_vrp_solve(&g->pb, p, sol, &e) != WO_OK)
        fail_msg("solve: %s", e.msg);
    if (wo_vrp_check(&g->pb, sol, &cost, &e) != WO_OK)
        fail_msg("checker: %s", e.msg);
}

/* Under a large iteration limit the counted rule ends the search long
 * before it, the solution says so, and a second run is the same. */
static void test_counted_rule(void **state)
{
    static vrp_gen g;
    wo_vrp_params p;
    wo_vrp_solution a, b;
    int lex;
    (void)state;
    for (lex = 0; lex <= 1; lex++) {
        instance(&g, lex);
        wo_vrp_params_init(&p);
        p.time_limit_s = 0;
        p.max_iterations = 200000;
        p.stall_iterations = 40;
        solve(&g, &p, &a);
        solve(&g, &p, &b);
        assert_int_equal(a.stalled, 1);
        assert_true(a.iterations >= 40);
        assert_true(a.iterations < 200000);
        assert_int_equal(a.iterations, b.iterations);
        assert_true(a.cost == b.cost);
        assert_int_equal(a.n_routes, b.n_routes);
        vrp_gen_solution_release(&a);
        vrp_gen_solution_release(&b);
    }
}

/* The 12-stop instance solved under limits (time_limit_s,
 * max_iterations) and the rule (stall_iterations, stall_s): whether it
 * ended by the rule, and its iterations into *iters. */
static int stalled_under(double time_limit_s, long max_iterations,
                         long stall_iterations, double stall_s, long *iters)
{
    static vrp_gen g;
    wo_vrp_params p;
    wo_vrp_solution a;
    int stalled;
    instance(&g, 0);
    wo_vrp_params_init(&p);
    p.time_limit_s = time_limit_s;
    p.max_iterations = max_iterations;
    p.stall_iterations = stall_iterations;
    p.stall_s = stall_s;
    solve(&g, &p, &a);
    stalled = a.stalled;
    *iters = a.iterations;
    vrp_gen_solution_release(&a);
    return stalled;
}

/* Under an iteration limit the seconds rule decides nothing (a run must
 * not depend on the machine's load), and without any rule the limit is
 * run to its end. */
static void test_seconds_ignored_when_counted(void **state)
{
    long iters;
    (void)state;
    assert_int_equal(stalled_under(0, 300, 0, 1e-9, &iters), 0);
    assert_int_equal(iters, 300);
    assert_int_equal(stalled_under(0, 300, 0, 0, &iters), 0);
    assert_int_equal(iters, 300);
}

/* Under a time limit alone the seconds rule ends a converged search (a
 * 12-stop instance settles within milliseconds; the limit is 600 times
 * the rule's 0.05 s). */
static void test_seconds_rule(void **state)
{
    long iters;
    (void)state;
    assert_int_equal(stalled_under(30, 0, 0, 0.05, &iters), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counted_rule),
        cmocka_unit_test(test_seconds_ignored_when_counted),
        cmocka_unit_test(test_seconds_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
