/* Unit tests of solver/lp (the GLPK wrapper): a knapsack MIP solved with
 * and without callbacks, a node limit that stops branch and bound at the
 * same node on every run, an LP with duals, infeasibility, bad rows, and
 * MPS/LP export read back by glpsol. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glpk.h>

#include "solver/lp.h"
#include "tests/support/glpsol_run.h"

/* max 5a + 4b + 3c  s.t. 2a + 3b + c <= 5, 4a + b + 2c <= 11, 3a + 4b + 2c <= 8,
 * binary -> optimum 9? (a=1,c=1 -> 8, a=1,b=1 infeasible? 2+3=5 ok, 4+1=5 ok, 3+4=7 ok -> 9;
 * a=1,b=1,c=1: 6 > 5). */
static wo_lp *knapsack(void)
{
    wo_lp *lp = wo_lp_new("knap", WO_LP_MAX);
    int idx[3] = {0, 1, 2};
    double r1[3] = {2, 3, 1}, r2[3] = {4, 1, 2}, r3[3] = {3, 4, 2};
    assert_int_equal(wo_lp_add_col(lp, "a", WO_LP_BIN, 0, 1, 5), 0);
    assert_int_equal(wo_lp_add_col(lp, "b", WO_LP_BIN, 0, 1, 4), 1);
    assert_int_equal(wo_lp_add_col(lp, "c", WO_LP_BIN, 0, 1, 3), 2);
    assert_int_equal(wo_lp_add_row(lp, "r1", -WO_LP_INF, 5, 3, idx, r1), 0);
    assert_int_equal(wo_lp_add_row(lp, "r2", -WO_LP_INF, 11, 3, idx, r2), 1);
    assert_int_equal(wo_lp_add_row(lp, "r3", -WO_LP_INF, 8, 3, idx, r3), 2);
    return lp;
}

static void test_mip(void **state)
{
    wo_lp *lp = knapsack();
    wo_lp_result r;
    wo_err e;
    (void)state;
    assert_int_equal(wo_lp_solve(lp, NULL, &r, &e), WO_OK);
    assert_int_equal(r.status, WO_LP_OPTIMAL);
    assert_true(fabs(r.obj - 9) < 1e-9);
    assert_true(fabs(wo_lp_value(lp, 0) - 1) < 1e-9);
    assert_true(fabs(wo_lp_value(lp, 1) - 1) < 1e-9);
    assert_true(fabs(wo_lp_value(lp, 2)) < 1e-9);
    wo_lp_free(lp);
}

static int heur_calls;
static void heur(wo_lp_cb *cb, void *ud)
{
    double x[3] = {1, 0, 1};
    (void)ud;
    heur_calls++;
    wo_lp_cb_submit(cb, x);
}

static void test_mip_callbacks(void **state)
{
    wo_lp *lp = knapsack();
    wo_lp_params p;
    wo_lp_result r;
    double start[3] = {0, 1, 1};
    (void)state;
    wo_lp_params_init(&p);
    p.heur_cb = heur;
    p.start = start;
    heur_calls = 0;
    assert_int_equal(wo_lp_solve(lp, &p, &r, NULL), WO_OK);
    assert_int_equal(r.status, WO_LP_OPTIMAL);
    assert_true(fabs(r.obj - 9) < 1e-9);
    wo_lp_free(lp);
}

/* Jeroslow's problem: min y with 2 (x1 + ... + x21) + y = 21, all binary;
 * no cut, no presolve: branch and bound needs thousands of nodes to prove
 * y = 1. */
static wo_lp *jeroslow(void)
{
    wo_lp *lp = wo_lp_new("jeroslow", WO_LP_MIN);
    int idx[22], j;
    double val[22];
    for (j = 0; j < 21; j++) {
        assert_int_equal(wo_lp_add_col(lp, NULL, WO_LP_BIN, 0, 1, 0), j);
        idx[j] = j;
        val[j] = 2;
    }
    assert_int_equal(wo_lp_add_col(lp, "y", WO_LP_BIN, 0, 1, 1), 21);
    idx[21] = 21;
    val[21] = 1;
    assert_int_equal(wo_lp_add_row(lp, "odd", 21, 21, 22, idx, val), 0);
    return lp;
}

/* A node limit stops branch and bound there, and at the same node with
 * the same outcome on every run (it is a count, not the clock). */
static void test_node_limit(void **state)
{
    wo_lp_params prm;
    wo_lp_result a, b;
    wo_lp *lp;
    (void)state;
    wo_lp_params_init(&prm);
    prm.cuts = 0;
    prm.presolve = 0;
    prm.node_limit = 40;
    lp = jeroslow();
    assert_int_equal(wo_lp_solve(lp, &prm, &a, NULL), WO_OK);
    wo_lp_free(lp);
    lp = jeroslow();
    assert_int_equal(wo_lp_solve(lp, &prm, &b, NULL), WO_OK);
    wo_lp_free(lp);
    assert_true(a.nodes >= 40 && a.nodes <= 42);
    assert_int_equal(a.nodes, b.nodes);
    assert_int_equal(a.status, b.status);
    assert_true(a.status == WO_LP_FEASIBLE || a.status == WO_LP_NOSOLUTION);
    if (a.status == WO_LP_FEASIBLE)
        assert_true(a.obj == b.obj);
}

static void test_lp_duals(void **state)
{
    /* min x + y s.t. x + 2y >= 4, 3x + y >= 6 -> x=1.6, y=1.2, obj 2.8 */
    wo_lp *lp = wo_lp_new(NULL, WO_LP_MIN);
    int idx[2] = {0, 1};
    double a[2] = {1, 2}, b[2] = {3, 1};
    wo_lp_result r;
    (void)state;
    wo_lp_add_col(lp, NULL, WO_LP_CONT, 0, WO_LP_INF, 1);
    wo_lp_add_col(lp, NULL, WO_LP_CONT, 0, WO_LP_INF, 1);
    wo_lp_add_row(lp, NULL, 4, WO_LP_INF, 2, idx, a);
    wo_lp_add_row(lp, NULL, 6, WO_LP_INF, 2, idx, b);
    assert_int_equal(wo_lp_solve(lp, NULL, &r, NULL), WO_OK);
    assert_int_equal(r.status, WO_LP_OPTIMAL);
    assert_true(fabs(r.obj - 2.8) < 1e-9);
    assert_true(fabs(wo_lp_dual(lp, 0) - 0.4) < 1e-9);
    assert_true(fabs(wo_lp_dual(lp, 1) - 0.2) < 1e-9);
    wo_lp_free(lp);
}

static void test_infeasible_and_bad_rows(void **state)
{
    wo_lp *lp = wo_lp_new(NULL, WO_LP_MIN);
    int idx[2] = {0, 0}, bad[1] = {5};
    double v[2] = {1, 1};
    wo_lp_result r;
    (void)state;
    wo_lp_add_col(lp, NULL, WO_LP_INT, 0, 3, 1);
    assert_int_equal(wo_lp_add_row(lp, NULL, 0, 1, 2, idx, v), -1); /* dup */
    assert_int_equal(wo_lp_add_row(lp, NULL, 0, 1, 1, bad, v), -1); /* range */
    assert_int_equal(wo_lp_add_row(lp, NULL, 2, 1, 1, idx, v), -1); /* lb>ub */
    assert_int_equal(wo_lp_add_col(lp, NULL, WO_LP_CONT, 1, 0, 0), -1);
    assert_int_equal(wo_lp_add_row(lp, NULL, 5, WO_LP_INF, 1, idx, v), 0);
    assert_int_equal(wo_lp_solve(lp, NULL, &r, NULL), WO_OK);
    assert_int_equal(r.status, WO_LP_INFEASIBLE);
    wo_lp_free(lp);
}

static void test_export(void **state)
{
    wo_lp *lp = knapsack();
    wo_err e;
    char mps[64], lpf[64];
    (void)state;
    snprintf(mps, sizeof mps, "/tmp/wo_test_lp_%ld.mps", (long)getpid());
    snprintf(lpf, sizeof lpf, "/tmp/wo_test_lp_%ld.lp", (long)getpid());
    assert_int_equal(wo_lp_write_mps(lp, mps, &e), WO_OK);
    assert_int_equal(wo_lp_write_lp(lp, lpf, &e), WO_OK);
    /* free MPS has no objective sense: glpsol minimises, so use LP file for
     * the sense and check the MPS objective row through --max. */
    assert_true(fabs(wo_test_glpsol_obj("--lp", lpf) - 9) < 1e-6);
    assert_true(fabs(wo_test_glpsol_obj("--max --freemps", mps) - 9) < 1e-6);
    assert_int_not_equal(wo_lp_write_lp(lp, "/nonexistent-dir/x.lp", &e), WO_OK);
    remove(mps);
    remove(lpf);
    wo_lp_free(lp);
}

/* GLPK out of memory (its allocator held to 1 MB by glp_mem_limit): the
 * call fails with WO_ENOMEM instead of GLPK aborting the process; the
 * thread's other models are lost with the environment and say so; a new
 * model solves as before. */
static void test_glpk_out_of_memory(void **state)
{
    wo_lp *lp = wo_lp_new("big", WO_LP_MIN), *other = knapsack(), *again;
    wo_lp_result r;
    wo_err e;
    int j, col = 0;
    (void)state;
    glp_mem_limit(1);
    for (j = 0; j < 1000000 && col >= 0; j++)
        col = wo_lp_add_col(lp, "a_column_with_a_long_name_to_fill_memory",
                            WO_LP_CONT, 0, 1, 1);
    assert_int_equal(col, -1);
    assert_int_equal(wo_lp_error(lp, &e), WO_ENOMEM);
    assert_non_null(strstr(e.msg, "out of memory"));
    assert_int_equal(wo_lp_solve(lp, NULL, &r, &e), WO_ENOMEM);
    assert_int_equal(wo_lp_solve(other, NULL, &r, &e), WO_ENOMEM);
    assert_non_null(strstr(e.msg, "out of memory"));
    assert_int_equal(wo_lp_ncols(other), 0);
    wo_lp_free(lp);
    wo_lp_free(other);
    again = knapsack();
    assert_int_equal(wo_lp_solve(again, NULL, &r, &e), WO_OK);
    assert_true(fabs(r.obj - 9) < 1e-9);
    wo_lp_free(again);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mip),
        cmocka_unit_test(test_mip_callbacks),
        cmocka_unit_test(test_node_limit),
        cmocka_unit_test(test_lp_duals),
        cmocka_unit_test(test_infeasible_and_bad_rows),
        cmocka_unit_test(test_export),
        cmocka_unit_test(test_glpk_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
