/* Tests of how wo_vrp_solve runs its searches (solver/vrp/solve.c and
 * strategy.c): the lexicographic phases reach the vehicle lower bound on
 * Kim et al.'s 102-stop instance, several threads give the same answer on
 * every run under an iteration limit and never a worse one than the first
 * thread alone, a search slowed down (as on a loaded machine or under a
 * sanitizer) gives the same answer under an iteration limit, and a veto
 * from the progress callback stops every thread. All limits that decide
 * are iteration limits: no test depends on the wall clock. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "benches/support/kim.h"
#include "solver/vrp/vrp.h"

/* Kim's 102-stop instance, or 0 when WO_SHARED is not set. */
static int load_102(wo_kim_instance *ki)
{
    const char *shared = getenv("WO_SHARED");
    char path[1024];
    wo_err e;
    if (!shared) {
        print_message("WO_SHARED is not set: Kim instance tests skipped\n");
        return 0;
    }
    snprintf(path, sizeof path, "%s/bench/wcvrptw/102_stop.txt", shared);
    if (wo_kim_read(path, NULL, ki, &e) != WO_OK)
        fail_msg("%s", e.msg);
    return 1;
}

/* The 102-stop instance and parameters for it; 0 when skipped. */
static int setup(wo_kim_instance *ki, wo_vrp_params *p, int lexicographic,
                 uint64_t seed, long iterations)
{
    if (!load_102(ki))
        return 0;
    ki->pb.lexicographic = lexicographic;
    wo_vrp_params_init(p);
    p->seed = seed;
    p->max_iterations = iterations;
    return 1;
}

static void solve_checked(const wo_vrp_problem *pb, const wo_vrp_params *p,
                          wo_vrp_solution *sol, double *cost)
{
    wo_err e;
    wo_vrp_solution_init(sol);
    if (wo_vrp_solve(pb, p, sol, &e) != WO_OK)
        fail_msg("solve: %s", e.msg);
    if (wo_vrp_check(pb, sol, cost, &e) != WO_OK)
        fail_msg("checker: %s", e.msg);
}

/* 897 yd3 at 400 yd3 per vehicle and day need 3 vehicles; the phases
 * find a solution with exactly 3 that serves every stop. */
static void test_lexicographic_reaches_bound(void **state)
{
    wo_kim_instance ki;
    wo_vrp_params p;
    wo_vrp_solution sol;
    double cost;
    (void)state;
    if (!setup(&ki, &p, 1, 3, 200))
        return;
    /* the iterations decide; the time limit is a cap far above the run */
    p.time_limit_s = 600;
    solve_checked(&ki.pb, &p, &sol, &cost);
    assert_int_equal(sol.status, WO_VRP_FEASIBLE);
    assert_int_equal(sol.n_unserved, 0);
    assert_int_equal(sol.vehicles_used, 3);
    assert_true(sol.iterations <= 200);
    wo_vrp_solution_free(&sol);
    wo_kim_free(&ki);
}

/* Two threads: the same solution on two runs, and no worse than the
 * first thread's seed alone. */
static void test_threads_deterministic_and_no_worse(void **state)
{
    wo_kim_instance ki;
    wo_vrp_params p;
    wo_vrp_solution one, a, b;
    double c1, ca, cb;
    int r;
    (void)state;
    if (!setup(&ki, &p, 0, 11, 60))
        return;
    /* No time limit (not the default 10 s): under a sanitizer on a busy
     * machine it cut the two-thread search short of its iterations. */
    p.time_limit_s = 0;
    p.threads = 1;
    solve_checked(&ki.pb, &p, &one, &c1);
    p.threads = 2;
    solve_checked(&ki.pb, &p, &a, &ca);
    solve_checked(&ki.pb, &p, &b, &cb);
    assert_true(ca <= c1 + 1e-6);
    assert_true(fabs(ca - cb) <= 1e-9);
    assert_int_equal(a.n_routes, b.n_routes);
    for (r = 0; r < a.n_routes; r++)
        assert_int_equal(a.routes[r].n_visits, b.routes[r].n_visits);
    wo_vrp_solution_free(&one);
    wo_vrp_solution_free(&a);
    wo_vrp_solution_free(&b);
    wo_kim_free(&ki);
}

static int slow_calls;

/* A progress callback whose second call (the first report after the
 * search's start) takes 10 s: the search loses that much wall time, as on
 * a loaded machine. */
static int slow_second(const wo_progress *pr, void *ud)
{
    struct timespec ts = {10, 0};
    (void)pr;
    (void)ud;
    if (slow_calls++ == 1)
        nanosleep(&ts, NULL);
    return 0;
}

/* Under an iteration limit the time limit is only a cap: a lexicographic
 * search that loses 10 s of a 60 s cap early on (more than one phase's
 * share of the time, and the cap far above the search's own time even
 * under a sanitizer on a busy machine) gives the answer of the same search
 * with no time limit at all. */
static void test_slowed_search_same_answer(void **state)
{
    wo_kim_instance ki;
    wo_vrp_params p;
    wo_vrp_solution free_run, slowed;
    double cf, cs;
    int r, v;
    (void)state;
    if (!setup(&ki, &p, 1, 3, 30))
        return;
    p.time_limit_s = 0;
    solve_checked(&ki.pb, &p, &free_run, &cf);
    p.time_limit_s = 60;
    p.progress = slow_second;
    slow_calls = 0;
    solve_checked(&ki.pb, &p, &slowed, &cs);
    assert_true(slow_calls >= 1);
    assert_true(fabs(cf - cs) <= 1e-9);
    assert_int_equal(free_run.iterations, slowed.iterations);
    assert_int_equal(free_run.n_routes, slowed.n_routes);
    for (r = 0; r < free_run.n_routes; r++) {
        assert_int_equal(free_run.routes[r].n_visits,
                         slowed.routes[r].n_visits);
        for (v = 0; v < free_run.routes[r].n_visits; v++)
            assert_int_equal(free_run.routes[r].visits[v].index,
                             slowed.routes[r].visits[v].index);
    }
    wo_vrp_solution_free(&free_run);
    wo_vrp_solution_free(&slowed);
    wo_kim_free(&ki);
}

static int veto_calls;

static int veto(const wo_progress *pr, void *ud)
{
    (void)pr;
    (void)ud;
    veto_calls++;
    return 1;
}

/* A veto at the first report stops both threads long before their
 * iteration limit, and a checked solution is still returned. */
static void test_veto_stops_all_threads(void **state)
{
    wo_kim_instance ki;
    wo_vrp_params p;
    wo_vrp_solution sol;
    double cost;
    (void)state;
    if (!setup(&ki, &p, 1, 5, 100000))
        return;
    p.threads = 2;
    p.progress = veto;
    veto_calls = 0;
    solve_checked(&ki.pb, &p, &sol, &cost);
    assert_true(veto_calls >= 1);
    assert_true(sol.iterations < 1000);
    assert_true(sol.n_routes > 0);
    wo_vrp_solution_free(&sol);
    wo_kim_free(&ki);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lexicographic_reaches_bound),
        cmocka_unit_test(test_threads_deterministic_and_no_worse),
        cmocka_unit_test(test_slowed_search_same_answer),
        cmocka_unit_test(test_veto_stops_all_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
