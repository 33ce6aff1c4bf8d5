/* Unit tests of solver/flow: hand-built networks of a few nodes whose
 * optimum is computed by hand (co-processing, residues, policy targets,
 * infeasibility diagnosis, siting modes, transfer stations), model export
 * checked with glpsol, bad input, and the facility-location solver against
 * the plain MIP and OR-Library cap41.
 *
 * Distances: every network here uses dist = |lon1 - lon2| km, so a node's
 * longitude is its position on a line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "benches/support/cfl.h"
#include "solver/flow/earthwork.h"
#include "solver/flow/transfer.h"
#include "solver/flow/network.h"
#include "tests/support/failalloc.h"
#include "tests/support/glpsol_run.h"

static double line_km(double lon1, double lat1, double lon2, double lat2,
                      void *ud)
{
    (void)lat1;
    (void)lat2;
    (void)ud;
    return fabs(lon1 - lon2);
}

static wo_net *line_net(void)
{
    wo_net *n = wo_net_new();
    assert_non_null(n);
    wo_net_set_dist_fn(n, line_km, NULL, NULL);
    return n;
}

/* The classes of a residual household stream (as the formulation layer
 * gives hh_other). */
#define HH_OTHER (WO_NET_CLASS_HOUSEHOLD | WO_NET_CLASS_RESIDUAL)

#define OK(x) assert_true((x) >= 0)
static void near(double a, double b, int line)
{
    if (!(fabs(a - b) < 1e-6 * (1 + fabs(b))))
        fail_msg("line %d: %.9g != %.9g", line, a, b);
}
#define NEAR(a, b) near((a), (b), __LINE__)

static int facility(wo_net *n, const char *id, double lon, int level,
                    double cap, double fixed)
{
    int f = wo_net_add_facility(n, id, lon, 0, level, NULL);
    OK(f);
    OK(wo_net_add_level(n, f, cap, fixed, NULL));
    return f;
}

/* Stream hh_other (1/t.km both legs) with one zone Z1 at km 0. */
static int other_zone(wo_net *n, double t_d)
{
    int so = wo_net_add_stream(n, "hh_other", HH_OTHER, 1, 1, NULL);
    OK(so);
    OK(wo_net_add_source(n, "Z1", so, t_d, 0, 0, NULL));
    return so;
}

/* A facility with one process for stream s. */
static int plant(wo_net *n, const char *id, double lon, double cap,
                 double fixed, int s, wo_net_proc_kind kind, double cost_t)
{
    int f = facility(n, id, lon, 0, cap, fixed);
    OK(wo_net_add_process(n, f, s, kind, cost_t, 0, 1, NULL));
    return f;
}

static void solve(const wo_net *n, const wo_net_params *p, wo_net_result *r)
{
    wo_err e;
    wo_err_clear(&e);
    if (wo_net_solve(n, p, r, &e) != WO_OK)
        fail_msg("wo_net_solve: %s", e.msg);
    assert_int_equal(r->status, WO_LP_OPTIMAL);
}

static double flow_t(const wo_net_result *r, int stream, int to_kind, int to)
{
    double v = 0;
    int i;
    for (i = 0; i < r->nflows; i++)
        if (r->flows[i].stream == stream && (int)r->flows[i].to_kind == to_kind &&
            r->flows[i].to == to)
            v += r->flows[i].t_d;
    return v;
}

/* Incinerator (cap 100) co-processes sludge: 80 t other + 40 t sludge.
 * INC: 10 km + 10/t = 20/t; LF: 20 km + 20/t = 40/t for other, 80/t for
 * sludge. Optimum: all sludge + 60 other to INC, 20 other to LF:
 * 1000 + 500 + 100*20 + 20*40 = 4300. */
static wo_net *coprocessing_net(int *so, int *sl, int *inc, int *lf)
{
    wo_net *n = line_net();
    *so = wo_net_add_stream(n, "hh_other", HH_OTHER, 1, 1, NULL);
    *sl = wo_net_add_stream(n, "sludge", 0, 1, 1, NULL);
    OK(wo_net_add_source(n, "Z1", *so, 80, 0, 0, NULL));
    OK(wo_net_add_source(n, "W1", *sl, 40, 0, 0, NULL));
    *inc = facility(n, "INC", 10, 0, 100, 1000);
    OK(wo_net_add_process(n, *inc, *so, WO_PROC_INCINERATE, 10, 0, 1, NULL));
    OK(wo_net_add_process(n, *inc, *sl, WO_PROC_INCINERATE, 10, 0, 1, NULL));
    *lf = facility(n, "LF", 20, 0, 1000, 500);
    OK(wo_net_add_process(n, *lf, *so, WO_PROC_LANDFILL, 20, 0, 1, NULL));
    OK(wo_net_add_process(n, *lf, *sl, WO_PROC_LANDFILL, 60, 0, 1, NULL));
    return n;
}

static void test_coprocessing_shares_capacity(void **state)
{
    int so, sl, inc, lf;
    wo_net *n = coprocessing_net(&so, &sl, &inc, &lf);
    wo_net_result r;
    (void)state;
    solve(n, NULL, &r);
    NEAR(r.obj, 4300);
    assert_true(r.feasible);
    NEAR(r.fac_load_t_d[inc], 100);
    NEAR(flow_t(&r, sl, WO_NODE_FACILITY, inc), 40);
    NEAR(flow_t(&r, so, WO_NODE_FACILITY, inc), 60);
    NEAR(flow_t(&r, so, WO_NODE_FACILITY, lf), 20);
    NEAR(r.cost_fixed_d, 1500);
    NEAR(r.cost_transport_d, 100 * 10 + 20 * 20);
    NEAR(r.cost_processing_d, 100 * 10 + 20 * 20);
    NEAR(r.incineration_rate, 0.75);
    NEAR(r.landfill_t_d, 20);
    wo_net_result_free(&r);
    wo_net_free(n);
}

/* 50 t other to INC (10 km, 10/t); bottom ash 0.2 t/t to ASH (5 km on,
 * 5/t), fly ash 0.03 t/t to HW (20 km on, 100/t).
 * 1300 fixed + 50*20 + 10*(5+5) + 1.5*(20+100) = 2580. */
static void test_residues_reach_sinks(void **state)
{
    wo_net *n = line_net();
    int so, ba, fa, inc, ash, hw;
    wo_net_result r;
    (void)state;
    so = wo_net_add_stream(n, "hh_other", HH_OTHER, 1, 1, NULL);
    ba = wo_net_add_stream(n, "bottom_ash", 0, 1, 1, NULL);
    fa = wo_net_add_stream(n, "fly_ash", 0, 1, 1, NULL);
    OK(wo_net_add_source(n, "Z1", so, 50, 0, 0, NULL));
    inc = plant(n, "INC", 10, 100, 1000, so, WO_PROC_INCINERATE, 10);
    OK(wo_net_add_yield(n, inc, so, ba, 0.2, NULL));
    OK(wo_net_add_yield(n, inc, so, fa, 0.03, NULL));
    ash = plant(n, "ASH", 15, 100, 100, ba, WO_PROC_RECYCLE, 5);
    hw = plant(n, "HW", 30, 100, 200, fa, WO_PROC_DISPOSE, 100);
    solve(n, NULL, &r);
    assert_true(r.feasible);
    NEAR(r.obj, 2580);
    NEAR(flow_t(&r, ba, WO_NODE_FACILITY, ash), 10);
    NEAR(flow_t(&r, fa, WO_NODE_FACILITY, hw), 1.5);
    wo_net_result_free(&r);
    wo_net_free(n);
}

/* 100 t other; LF at 5 km (10/t -> 15/t), INC at 10 km (30/t -> 40/t).
 * Free: all to LF, 1500 + 200 fixed. Incineration >= 80 %: 80 to INC,
 * 20 to LF: 3500 + 200. A landfill cap of 10 t/d with the target off:
 * 90 to INC, 10 to LF: 3750 + 200. */
static void test_policy_changes_answer(void **state)
{
    wo_net *n = line_net();
    int so, inc;
    wo_net_params p;
    wo_net_result r;
    (void)state;
    so = other_zone(n, 100);
    inc = plant(n, "INC", 10, 500, 100, so, WO_PROC_INCINERATE, 30);
    OK(plant(n, "LF", 5, 500, 100, so, WO_PROC_LANDFILL, 10));
    wo_net_params_init(&p);
    solve(n, &p, &r);
    NEAR(r.obj, 1700);
    NEAR(r.incineration_rate, 0);
    wo_net_result_free(&r);
    p.policy.incineration = 1;
    p.policy.incineration_min = 0.8;
    solve(n, &p, &r);
    assert_true(r.feasible);
    NEAR(r.obj, 3700);
    NEAR(r.incineration_rate, 0.8);
    NEAR(flow_t(&r, so, WO_NODE_FACILITY, inc), 80);
    wo_net_result_free(&r);
    p.policy.incineration = 0;
    p.policy.landfill_cap = 1;
    p.policy.landfill_max_t_d = 10;
    solve(n, &p, &r);
    NEAR(r.obj, 3950);
    NEAR(r.landfill_t_d, 10);
    wo_net_result_free(&r);
    wo_net_free(n);
}

/* INC (cap 50) is the only home of 80 t: 30 t/d unserved, and the
 * diagnosis names the stream, the zone and the binding facility. A 90 %
 * incineration target with a big landfill beside it names INC too. */
static void test_infeasible_names_binding(void **state)
{
    wo_net *n = line_net();
    int so;
    wo_net_params p;
    wo_net_result r;
    (void)state;
    so = other_zone(n, 80);
    OK(plant(n, "INC", 10, 50, 100, so, WO_PROC_INCINERATE, 30));
    solve(n, NULL, &r);
    assert_false(r.feasible);
    assert_int_equal(r.nviol, 1);
    assert_int_equal(r.viol[0].kind, WO_VIOL_UNSERVED);
    NEAR(r.viol[0].amount_t_d, 30);
    assert_non_null(strstr(r.viol[0].text, "hh_other"));
    assert_non_null(strstr(r.viol[0].text, "Z1"));
    assert_non_null(strstr(r.viol[0].text, "INC capacity binds"));
    wo_net_result_free(&r);
    OK(plant(n, "LF", 5, 500, 100, so, WO_PROC_LANDFILL, 10));
    wo_net_params_init(&p);
    p.policy.incineration = 1;
    p.policy.incineration_min = 0.9;
    solve(n, &p, &r);
    assert_false(r.feasible);
    assert_int_equal(r.nviol, 1);
    assert_int_equal(r.viol[0].kind, WO_VIOL_INCINERATION);
    NEAR(r.viol[0].amount_t_d, 22); /* 72 needed, 50 possible */
    assert_non_null(strstr(r.viol[0].text, "INC capacity binds"));
    wo_net_result_free(&r);
    wo_net_free(n);
}

/* Fly ash 0.1 t/t of 50 t with a hazardous-waste sink of 2 t/d: 3 t/d of
 * residue cannot be placed and the diagnosis names the residue, its
 * facility and the full sink. */
static void test_residue_sink_full(void **state)
{
    wo_net *n = line_net();
    int so, fa, inc;
    wo_net_result r;
    (void)state;
    so = other_zone(n, 50);
    fa = wo_net_add_stream(n, "fly_ash", 0, 1, 1, NULL);
    inc = plant(n, "INC", 10, 100, 0, so, WO_PROC_INCINERATE, 10);
    OK(wo_net_add_yield(n, inc, so, fa, 0.1, NULL));
    OK(plant(n, "HW", 20, 2, 0, fa, WO_PROC_DISPOSE, 10));
    solve(n, NULL, &r);
    assert_false(r.feasible);
    assert_int_equal(r.nviol, 1);
    assert_int_equal(r.viol[0].kind, WO_VIOL_RESIDUE);
    NEAR(r.viol[0].amount_t_d, 3);
    assert_non_null(strstr(r.viol[0].text, "fly_ash"));
    assert_non_null(strstr(r.viol[0].text, "INC"));
    assert_non_null(strstr(r.viol[0].text, "HW capacity binds"));
    wo_net_result_free(&r);
    wo_net_free(n);
}

/* Existing plant A far away (50 km, fixed 100); candidate B at 5 km with
 * levels 100 t (300) and 200 t (400). 150 t: current = 7600; optimise
 * opens B at its 200 t level and closes A: 750 + 400 = 1150. */
static void test_modes_current_optimise(void **state)
{
    wo_net *n = line_net();
    int so, a, b;
    wo_net_params p;
    wo_net_result r;
    (void)state;
    so = other_zone(n, 150);
    a = plant(n, "A", 50, 200, 100, so, WO_PROC_INCINERATE, 0);
    b = wo_net_add_facility(n, "B", 5, 0, -1, NULL);
    OK(wo_net_add_level(n, b, 100, 300, NULL));
    OK(wo_net_add_level(n, b, 200, 400, NULL));
    OK(wo_net_add_process(n, b, so, WO_PROC_INCINERATE, 0, 0, 1, NULL));
    wo_net_params_init(&p);
    solve(n, &p, &r);
    NEAR(r.obj, 7600);
    assert_int_equal(r.fac_level[b], -1);
    wo_net_result_free(&r);
    p.mode = WO_NET_OPTIMISE;
    solve(n, &p, &r);
    NEAR(r.obj, 1150);
    assert_int_equal(r.fac_level[a], -1);
    assert_int_equal(r.fac_level[b], 1);
    wo_net_result_free(&r);
    wo_net_free(n);
}

/* A candidate transfer station at 1 km (handling 5/t, fixed 100) in front
 * of a plant at 41 km; collection 2/t.km, trailer 0.5/t.km, 100 t.
 * Direct: 8200. Through the station: 100*(2 + 5 + 20) + 100 = 2800. */
static void test_transfer_station(void **state)
{
    wo_net *n = line_net();
    int so, t;
    wo_net_params p;
    wo_net_result r;
    (void)state;
    so = wo_net_add_stream(n, "hh_other", HH_OTHER, 2, 0.5, NULL);
    OK(wo_net_add_source(n, "Z1", so, 100, 0, 0, NULL));
    t = wo_net_add_transfer(n, "T1", 1, 0, 500, 100, 5, 0, NULL);
    OK(t);
    OK(wo_net_transfer_accept(n, t, so, NULL));
    OK(plant(n, "P", 41, 500, 0, so, WO_PROC_INCINERATE, 0));
    wo_net_params_init(&p);
    solve(n, &p, &r);
    NEAR(r.obj, 8200);
    wo_net_result_free(&r);
    p.mode = WO_NET_OPTIMISE;
    solve(n, &p, &r);
    NEAR(r.obj, 2800);
    assert_int_equal(r.tr_open[t], 1);
    NEAR(r.tr_load_t_d[t], 100);
    wo_net_result_free(&r);
    wo_net_free(n);
}

/* The written MPS and LP files, solved by glpsol, give wasteopt's value. */
static void test_export_glpsol(void **state)
{
    int so, sl, inc, lf;
    wo_net *n = coprocessing_net(&so, &sl, &inc, &lf);
    wo_net_params p;
    wo_net_result r;
    char mps[128], lpf[128];
    (void)state;
    snprintf(mps, sizeof mps, "/tmp/wo_test_flow_%ld.mps", (long)getpid());
    snprintf(lpf, sizeof lpf, "/tmp/wo_test_flow_%ld.lp", (long)getpid());
    wo_net_params_init(&p);
    p.mode = WO_NET_OPTIMISE;
    p.policy.incineration = 1;
    p.policy.incineration_min = 0.8;
    p.write_mps = mps;
    p.write_lp = lpf;
    solve(n, &p, &r);
    if (wo_test_have_glpsol()) {
        NEAR(wo_test_glpsol_obj("--freemps", mps), r.obj);
        NEAR(wo_test_glpsol_obj("--lp", lpf), r.obj);
    }
    remove(mps);
    remove(lpf);
    wo_net_result_free(&r);
    wo_net_free(n);
}

static void test_bad_input(void **state)
{
    wo_net *n = line_net();
    int so, med, f;
    wo_err e;
    wo_net_result r;
    (void)state;
    so = wo_net_add_stream(n, "hh_other", HH_OTHER, 1, 1, NULL);
    med = wo_net_add_stream(n, "medical", WO_NET_CLASS_MEDICAL, 1, 1, NULL);
    f = facility(n, "INC", 10, 0, 100, 10);
    /* negative cost */
    wo_err_clear(&e);
    assert_true(wo_net_add_process(n, f, so, WO_PROC_INCINERATE, -5, 0, 1,
                                   &e) < 0);
    assert_non_null(strstr(e.msg, "INC"));
    assert_non_null(strstr(e.msg, "-5"));
    OK(wo_net_add_process(n, f, so, WO_PROC_INCINERATE, 5, 0, 1, NULL));
    /* capacity levels out of order */
    wo_err_clear(&e);
    assert_true(wo_net_add_level(n, f, 50, 10, &e) < 0);
    assert_non_null(strstr(e.msg, "levels must increase"));
    /* a stream no facility accepts */
    OK(wo_net_add_source(n, "H1", med, 2, 0, 0, NULL));
    wo_err_clear(&e);
    assert_int_equal(wo_net_solve(n, NULL, &r, &e), WO_EINVAL);
    assert_non_null(strstr(e.msg, "medical"));
    assert_non_null(strstr(e.msg, "H1"));
    assert_non_null(strstr(e.msg, "no facility"));
    /* class bits the network does not know */
    wo_err_clear(&e);
    assert_true(wo_net_add_stream(n, "odd", 0x100, 1, 1, &e) < 0);
    assert_non_null(strstr(e.msg, "odd"));
    wo_net_free(n);
    /* no distance function: the caller owns the geography */
    n = wo_net_new();
    assert_non_null(n);
    OK(wo_net_add_stream(n, "hh_other", HH_OTHER, 1, 1, NULL));
    wo_err_clear(&e);
    assert_int_equal(wo_net_validate(n, &e), WO_EINVAL);
    assert_non_null(strstr(e.msg, "distance"));
    wo_net_free(n);
}

/* Medical waste may only go to licensed disposal under the policy. */
static void test_medical_policy(void **state)
{
    wo_net *n = line_net();
    int med;
    wo_net_params p;
    wo_net_result r;
    (void)state;
    med = wo_net_add_stream(n, "medical", WO_NET_CLASS_MEDICAL, 1, 1, NULL);
    OK(wo_net_add_source(n, "H1", med, 10, 0, 0, NULL));
    OK(plant(n, "INC", 1, 100, 0, med, WO_PROC_INCINERATE, 0));
    OK(plant(n, "MED", 20, 100, 0, med, WO_PROC_DISPOSE, 0));
    wo_net_params_init(&p);
    solve(n, &p, &r);
    NEAR(r.obj, 10);
    NEAR(r.medical_rate, 0);
    wo_net_result_free(&r);
    p.policy.medical = 1;
    solve(n, &p, &r);
    NEAR(r.obj, 200);
    NEAR(r.medical_rate, 1);
    wo_net_result_free(&r);
    wo_net_free(n);
}

/* The rule "no raw household waste to landfill": 100 t of hh_other and
 * 10 t of rejects (a residue stream, no household class) from Z1 at km 0;
 * LF at 5 km (10/t) takes both, INC at 10 km (30/t) only 60 t. Without the
 * rule all goes to LF (110 * 15 = 1650 + 200 fixed). With it 60 t go to
 * INC, 40 t of hh_other to LF as an emergency at 1000/t (named, with INC
 * full), the rejects to LF freely. In optimise mode without the rule INC
 * closes; kept open, it stays. */
static void test_raw_landfill_policy(void **state)
{
    wo_net *n = line_net();
    int so, rj, inc, lf;
    unsigned char keep[2] = {0, 0};
    wo_net_params p;
    wo_net_result r;
    (void)state;
    so = other_zone(n, 100);
    rj = wo_net_add_stream(n, "reject", 0, 1, 1, NULL);
    OK(rj);
    OK(wo_net_add_source(n, "R1", rj, 10, 0, 0, NULL));
    inc = plant(n, "INC", 10, 60, 100, so, WO_PROC_INCINERATE, 30);
    lf = plant(n, "LF", 5, 500, 100, so, WO_PROC_LANDFILL, 10);
    OK(wo_net_add_process(n, lf, rj, WO_PROC_LANDFILL, 10, 0, 1, NULL));
    wo_net_params_init(&p);
    solve(n, &p, &r);
    NEAR(r.obj, 1850);
    NEAR(r.raw_landfill_t_d, 100);
    assert_true(r.feasible);
    wo_net_result_free(&r);
    p.policy.raw_landfill = 1;
    p.policy.emergency_per_t = 1000;
    solve(n, &p, &r);
    NEAR(flow_t(&r, so, WO_NODE_FACILITY, inc), 60);
    NEAR(flow_t(&r, so, WO_NODE_FACILITY, lf), 40);
    NEAR(flow_t(&r, rj, WO_NODE_FACILITY, lf), 10);
    NEAR(r.raw_landfill_t_d, 40);
    NEAR(r.penalty_d, 40000);
    assert_false(r.feasible);
    assert_int_equal(r.nviol, 1);
    assert_int_equal(r.viol[0].kind, WO_VIOL_RAW_LANDFILL);
    NEAR(r.viol[0].amount_t_d, 40);
    assert_non_null(strstr(r.viol[0].text, "40.00 t/d into LF"));
    assert_non_null(strstr(r.viol[0].text, "INC capacity binds (60.0 of 60.0"));
    wo_net_result_free(&r);
    /* optimise: INC closes without the rule, unless kept open */
    p.policy.raw_landfill = 0;
    p.mode = WO_NET_OPTIMISE;
    solve(n, &p, &r);
    assert_int_equal(r.fac_level[inc], -1);
    wo_net_result_free(&r);
    keep[inc] = 1;
    p.keep_facility = keep;
    solve(n, &p, &r);
    assert_int_equal(r.fac_level[inc], 0);
    NEAR(r.cost_fixed_d, 200);
    wo_net_result_free(&r);
    wo_net_free(n);
}

/* ------------------------------------------------------------ transfer */

/* Stations A 30 t, B 25 t; plants P1 (intake 40) and P2; trailer 20 t,
 * 1 per km, round trips. Trip costs: A-P1 20, A-P2 60, B-P1 20, B-P2 40.
 * Optimum (by enumeration): A->P1 30 t in 2 trips (40), B->P1 10 t (20),
 * B->P2 15 t (40) = 100; the LP relaxation would give 70. With P1 limited
 * to 2 unloading trips: A->P1 (40), B->P2 in 2 trips (80) = 120. */
static void test_transfer_truckloads(void **state)
{
    double load[2] = {30, 25}, intake[2] = {40, 1000};
    double dist[4] = {10, 30, 10, 20};
    int slots[2] = {2, 0};
    wo_transfer_problem p;
    wo_transfer_result r;
    wo_err e;
    (void)state;
    wo_transfer_problem_init(&p);
    p.nstations = 2;
    p.nplants = 2;
    p.load_t = load;
    p.intake_t = intake;
    p.dist_km = dist;
    p.trailer_t = 20;
    p.cost_per_km = 1;
    assert_int_equal(wo_transfer_solve(&p, &r, NULL), WO_OK);
    assert_int_equal(r.status, WO_LP_OPTIMAL);
    NEAR(r.cost, 100);
    assert_int_equal(r.total_trips, 4);
    NEAR(r.q_t[0], 30);
    assert_int_equal(r.trips[0], 2);
    wo_transfer_result_free(&r);
    p.max_trips = slots;
    assert_int_equal(wo_transfer_solve(&p, &r, NULL), WO_OK);
    NEAR(r.cost, 120);
    assert_int_equal(r.trips[0] + r.trips[2], 2);
    wo_transfer_result_free(&r);
    /* intake too small for everything: the rest is unshipped, named */
    p.max_trips = NULL;
    intake[1] = 5;
    assert_int_equal(wo_transfer_solve(&p, &r, NULL), WO_OK);
    NEAR(r.unshipped_t[0] + r.unshipped_t[1], 10);
    wo_transfer_result_free(&r);
    p.trailer_t = 0;
    wo_err_clear(&e);
    assert_int_equal(wo_transfer_solve(&p, &r, &e), WO_EINVAL);
    assert_non_null(strstr(e.msg, "trailer"));
    p.trailer_t = 20;
    load[1] = -3;
    assert_int_equal(wo_transfer_solve(&p, &r, &e), WO_EINVAL);
    assert_non_null(strstr(e.msg, "transfer station 2: -3"));
}

/* One station, two plants (ids L and I), trailer 20 t, 1 per km, stream
 * hh_other: the set-up of the policy tests below. */
static void one_station(wo_transfer_problem *p, double *load, double *intake,
                        double *dist, double *proc, const char **ids)
{
    wo_transfer_problem_init(p);
    p->nstations = 1;
    p->nplants = 2;
    p->load_t = load;
    p->intake_t = intake;
    p->dist_km = dist;
    p->trailer_t = 20;
    p->cost_per_km = 1;
    p->proc_cost_per_t = proc;
    p->stream = "hh_other";
    p->plant_id = ids;
}

/* One station with 100 t of residual waste (hh_other); a landfill L at
 * 5 km (processing 20/t) and an incinerator I at 20 km (processing 80/t
 * less 30/t power sales); trailer 20 t, 1 per km. By cost alone all goes
 * to L (5 trips * 10 + 2000 = 2050 against 5 * 40 + 5000 = 5200). With the
 * policy at 80 %, 80 t go to I and 20 t to L. With I limited to 50 t the
 * target is short by 30 t: reported naming the stream and I. */
static void test_transfer_incineration_policy(void **state)
{
    double load[1] = {100}, intake[2] = {1000, 1000}, dist[2] = {5, 20};
    double proc[2] = {20, 80 - 30};
    unsigned char inc[2] = {0, 1};
    const char *ids[2] = {"L", "I"};
    wo_transfer_problem p;
    wo_transfer_result r;
    (void)state;
    one_station(&p, load, intake, dist, proc, ids);
    p.incinerates = inc;
    assert_int_equal(wo_transfer_solve(&p, &r, NULL), WO_OK);
    NEAR(r.q_t[0], 100);
    NEAR(r.proc_cost, 2000);
    NEAR(r.incin_rate, 0);
    assert_int_equal(r.nviol, 0);
    wo_transfer_result_free(&r);
    p.incin_min = 0.8;
    assert_int_equal(wo_transfer_solve(&p, &r, NULL), WO_OK);
    NEAR(r.q_t[1], 80);
    NEAR(r.q_t[0], 20);
    assert_true(r.incin_rate >= 0.8 - 1e-9);
    assert_int_equal(r.nviol, 0);
    wo_transfer_result_free(&r);
    intake[1] = 50;
    assert_int_equal(wo_transfer_solve(&p, &r, NULL), WO_OK);
    NEAR(r.q_t[1], 50);
    NEAR(r.unshipped_t[0], 0);
    assert_int_equal(r.nviol, 1);
    assert_int_equal(r.viol[0].kind, WO_VIOL_INCINERATION);
    NEAR(r.viol[0].amount_t_d, 30);
    assert_non_null(strstr(r.viol[0].text, "stream hh_other"));
    assert_non_null(strstr(r.viol[0].text, "I capacity binds (50.0 of 50.0"));
    wo_transfer_result_free(&r);
}

/* A plant a rule keeps the stream out of: 100 t at one station, landfill
 * L at 5 km (20/t) restricted, incinerator I at 20 km (50/t) with room for
 * 60 t; trailer 20 t, 1 per km. Enforced at 1000/t: 60 t to I, 40 t to L
 * as an emergency, named with the rule and I full; the processing cost
 * leaves the emergency price out (40 * 20 + 60 * 50). With room at I
 * nothing goes to L. Reported only (price 0): all to L, named. */
static void test_transfer_restricted_plant(void **state)
{
    double load[1] = {100}, intake[2] = {1000, 60}, dist[2] = {5, 20};
    double proc[2] = {20, 50};
    unsigned char restr[2] = {1, 0};
    const char *ids[2] = {"L", "I"};
    wo_transfer_problem p;
    wo_transfer_result r;
    wo_err e;
    (void)state;
    one_station(&p, load, intake, dist, proc, ids);
    p.restricted = restr;
    p.emergency_per_t = 1000;
    p.rule = "no_raw_household_to_landfill";
    assert_int_equal(wo_transfer_solve(&p, &r, NULL), WO_OK);
    NEAR(r.q_t[1], 60);
    NEAR(r.q_t[0], 40);
    NEAR(r.restricted_t, 40);
    NEAR(r.proc_cost, 3800);
    assert_int_equal(r.nviol, 1);
    assert_int_equal(r.viol[0].kind, WO_VIOL_RAW_LANDFILL);
    assert_non_null(strstr(r.viol[0].text, "no_raw_household_to_landfill: "
                                           "40.00 t of stream hh_other"));
    assert_non_null(strstr(r.viol[0].text, "as an emergency"));
    assert_non_null(strstr(r.viol[0].text, "L took 40.00 t"));
    assert_non_null(strstr(r.viol[0].text, "I capacity binds (60.0 of 60.0"));
    wo_transfer_result_free(&r);
    intake[1] = 1000;
    assert_int_equal(wo_transfer_solve(&p, &r, NULL), WO_OK);
    NEAR(r.q_t[1], 100);
    NEAR(r.restricted_t, 0);
    assert_int_equal(r.nviol, 0);
    wo_transfer_result_free(&r);
    p.emergency_per_t = 0;
    assert_int_equal(wo_transfer_solve(&p, &r, NULL), WO_OK);
    NEAR(r.q_t[0], 100);
    assert_int_equal(r.nviol, 1);
    assert_non_null(strstr(r.viol[0].text, "(reported)"));
    wo_transfer_result_free(&r);
    p.emergency_per_t = -1;
    wo_err_clear(&e);
    assert_int_equal(wo_transfer_solve(&p, &r, &e), WO_EINVAL);
    assert_non_null(strstr(e.msg, "emergency price -1"));
}

/* ------------------------------------------------------------ earthwork */

/* Surplus S1 100 t, S2 50 t; need N1 80 t; dump D1 (fee 10/t); truck 20 t,
 * 1 per km. Distances S1-N1 10, S2-N1 5, S1-D1 2, S2-D1 1. All 80 t of
 * need is filled; by enumeration the cheapest split is 40 + 40:
 * 700 fees + 40 + 20 + 12 + 2 = 774. */
static void test_earthwork_reuse_first(void **state)
{
    double surplus[2] = {100, 50}, need[1] = {80}, cap[1] = {1000},
           fee[1] = {10}, dr[2] = {10, 5}, dd[2] = {2, 1};
    wo_earthwork_problem p;
    wo_earthwork_result r;
    wo_err e;
    (void)state;
    wo_earthwork_problem_init(&p);
    p.nsurplus = 2;
    p.nneed = 1;
    p.ndump = 1;
    p.surplus_t = surplus;
    p.need_t = need;
    p.dump_cap_t = cap;
    p.dump_fee_per_t = fee;
    p.dist_reuse_km = dr;
    p.dist_dump_km = dd;
    p.truck_t = 20;
    p.cost_per_km = 1;
    assert_int_equal(wo_earthwork_solve(&p, &r, NULL), WO_OK);
    assert_int_equal(r.status, WO_LP_OPTIMAL);
    NEAR(r.reused_t, 80);
    NEAR(r.dumped_t, 70);
    NEAR(r.unplaced_t, 0);
    NEAR(r.cost, 774);
    NEAR(r.reuse_t[0], 40);
    assert_int_equal(r.reuse_trips[0] + r.reuse_trips[1], 4);
    wo_earthwork_result_free(&r);
    /* a need site far away and free dumping: still reused before dumped */
    dr[0] = dr[1] = 500;
    fee[0] = 0;
    assert_int_equal(wo_earthwork_solve(&p, &r, NULL), WO_OK);
    NEAR(r.reused_t, 80);
    wo_earthwork_result_free(&r);
    /* dumps too small: unplaced spoil is reported, not an error */
    cap[0] = 30;
    need[0] = 0;
    assert_int_equal(wo_earthwork_solve(&p, &r, NULL), WO_OK);
    NEAR(r.unplaced_t, 120);
    wo_earthwork_result_free(&r);
    surplus[1] = NAN;
    wo_err_clear(&e);
    assert_int_equal(wo_earthwork_solve(&p, &r, &e), WO_EINVAL);
    assert_non_null(strstr(e.msg, "surplus site 2"));
}

/* ------------------------------------------------------------ CFL */

static void random_cfl(wo_cfl *c, int m, int n, uint64_t seed)
{
    wo_rng g;
    int i, j;
    double dsum = 0;
    wo_rng_seed(&g, seed);
    assert_int_equal(wo_cfl_alloc(c, m, n, NULL), WO_OK);
    for (j = 0; j < n; j++) {
        c->demand[j] = 5 + (double)wo_rng_below(&g, 30);
        dsum += c->demand[j];
    }
    for (i = 0; i < m; i++) {
        c->cap[i] = 10 * (double)(4 + wo_rng_below(&g, 8));
        c->cap[i] = ceil(dsum / 3 / c->cap[i]) * c->cap[i];
        c->fixed[i] = 200 + (double)wo_rng_below(&g, 800);
        for (j = 0; j < n; j++)
            c->cost[(size_t)i * (size_t)n + (size_t)j] =
                c->demand[j] * (1 + (double)wo_rng_below(&g, 50));
    }
}

/* The Lagrangian path (bound, heuristic, fixing, lazy cuts) agrees with
 * GLPK on the plain strong model. */
static void test_cfl_against_plain_mip(void **state)
{
    uint64_t seed;
    (void)state;
    for (seed = 1; seed <= 6; seed++) {
        wo_cfl c;
        wo_cfl_params p;
        wo_cfl_result a, b;
        random_cfl(&c, 8, 25, seed);
        wo_cfl_params_init(&p);
        assert_int_equal(wo_cfl_solve(&c, &p, &a, NULL), WO_OK);
        p.use_lagrangian = 0;
        p.lazy_cuts = 0;
        assert_int_equal(wo_cfl_solve(&c, &p, &b, NULL), WO_OK);
        assert_int_equal(a.status, WO_LP_OPTIMAL);
        assert_int_equal(b.status, WO_LP_OPTIMAL);
        NEAR(a.obj, b.obj);
        assert_true(a.lagr_bound <= a.obj + 1e-6);
        wo_cfl_result_free(&a);
        wo_cfl_result_free(&b);
        wo_cfl_free(&c);
    }
}

/* The facility-location model written as MPS / LP solves, by glpsol, to
 * the optimum wasteopt proves. */
static void test_cfl_export_glpsol(void **state)
{
    wo_cfl c;
    wo_cfl_params p;
    wo_cfl_result r;
    char mps[128], lpf[128];
    (void)state;
    snprintf(mps, sizeof mps, "/tmp/wo_test_cfl_%ld.mps", (long)getpid());
    snprintf(lpf, sizeof lpf, "/tmp/wo_test_cfl_%ld.lp", (long)getpid());
    random_cfl(&c, 6, 15, 42);
    wo_cfl_params_init(&p);
    p.write_lp = lpf;
    p.write_mps = mps;
    assert_int_equal(wo_cfl_solve(&c, &p, &r, NULL), WO_OK);
    assert_int_equal(r.status, WO_LP_OPTIMAL);
    if (wo_test_have_glpsol()) {
        NEAR(wo_test_glpsol_obj("--freemps", mps), r.obj);
        NEAR(wo_test_glpsol_obj("--lp", lpf), r.obj);
    }
    remove(mps);
    remove(lpf);
    wo_cfl_result_free(&r);
    wo_cfl_free(&c);
}

static void test_cfl_cap41(void **state)
{
    const char *sh = getenv("WO_SHARED");
    char path[1024];
    wo_cfl c;
    wo_cfl_result r;
    wo_err e;
    (void)state;
    if (!sh) {
        skip();
        return;
    }
    snprintf(path, sizeof path, "%s/bench/cfl/cap41.txt", sh);
    if (access(path, R_OK) != 0) {
        skip();
        return;
    }
    wo_err_clear(&e);
    if (wo_cfl_read(path, 0, &c, &e) != WO_OK)
        fail_msg("%s", e.msg);
    assert_int_equal(c.m, 16);
    assert_int_equal(c.n, 50);
    assert_int_equal(wo_cfl_solve(&c, NULL, &r, NULL), WO_OK);
    assert_int_equal(r.status, WO_LP_OPTIMAL);
    assert_true(fabs(r.obj - 1040444.375) / 1040444.375 < 1e-6);
    wo_cfl_result_free(&r);
    wo_cfl_free(&c);
}

static void test_cfl_reader_errors(void **state)
{
    char path[128];
    FILE *f;
    wo_cfl c;
    wo_err e;
    (void)state;
    snprintf(path, sizeof path, "/tmp/wo_test_cfl_%ld.txt", (long)getpid());
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("2 1\n capacity 10.\n capacity 12.\n5\n 1 2\n", f);
    fclose(f);
    wo_err_clear(&e);
    assert_int_equal(wo_cfl_read(path, 0, &c, &e), WO_EINVAL);
    assert_non_null(strstr(e.msg, ":2:"));
    assert_non_null(strstr(e.msg, "capacity"));
    assert_int_equal(wo_cfl_read(path, 20, &c, &e), WO_OK);
    assert_true(c.cap[0] == 20 && c.cap[1] == 20 && c.fixed[1] == 12);
    assert_true(c.cost[1] == 2);
    wo_cfl_free(&c);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("2 1\n 10 10.\n 10 12.\n5\n 1 x2\n", f);
    fclose(f);
    wo_err_clear(&e);
    assert_int_equal(wo_cfl_read(path, 0, &c, &e), WO_EPARSE);
    assert_non_null(strstr(e.msg, "'x2' is not a number"));
    remove(path);
}

/* Every allocation of a solve may fail: the solve then returns an error
 * and leaks nothing (the sanitizer run checks the leaks), until the
 * budget is large enough to succeed with the known optimum. */
static void test_out_of_memory(void **state)
{
    int so, sl, inc, lf, ok = 0;
    long b;
    wo_net *n = coprocessing_net(&so, &sl, &inc, &lf);
    wo_net_params p;
    wo_net_result r;
    wo_cfl c;
    wo_cfl_result cr;
    (void)state;
    wo_net_params_init(&p);
    p.mode = WO_NET_OPTIMISE;
    p.policy.incineration = 1;
    p.policy.incineration_min = 0.5;
    for (b = 0; b < 2000 && !ok; b++) {
        int rc;
        ts_failalloc_start(b);
        rc = wo_net_solve(n, &p, &r, NULL);
        ts_failalloc_stop();
        if (rc == WO_OK) {
            ok = 1;
            near(r.obj, 4300, __LINE__);
            wo_net_result_free(&r);
        }
    }
    assert_true(ok);
    assert_true(b > 20); /* the failures did happen */
    wo_net_free(n);
    random_cfl(&c, 5, 12, 7);
    for (b = 0, ok = 0; b < 5000 && !ok; b++) {
        int rc;
        ts_failalloc_start(b);
        rc = wo_cfl_solve(&c, NULL, &cr, NULL);
        ts_failalloc_stop();
        if (rc == WO_OK) {
            ok = 1;
            assert_int_equal(cr.status, WO_LP_OPTIMAL);
            wo_cfl_result_free(&cr);
        }
    }
    assert_true(ok);
    assert_true(b > 20);
    wo_cfl_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coprocessing_shares_capacity),
        cmocka_unit_test(test_residues_reach_sinks),
        cmocka_unit_test(test_policy_changes_answer),
        cmocka_unit_test(test_infeasible_names_binding),
        cmocka_unit_test(test_residue_sink_full),
        cmocka_unit_test(test_modes_current_optimise),
        cmocka_unit_test(test_transfer_station),
        cmocka_unit_test(test_export_glpsol),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_medical_policy),
        cmocka_unit_test(test_transfer_truckloads),
        cmocka_unit_test(test_earthwork_reuse_first),
        cmocka_unit_test(test_transfer_incineration_policy),
        cmocka_unit_test(test_transfer_restricted_plant),
        cmocka_unit_test(test_raw_landfill_policy),
        cmocka_unit_test(test_cfl_against_plain_mip),
        cmocka_unit_test(test_cfl_export_glpsol),
        cmocka_unit_test(test_cfl_cap41),
        cmocka_unit_test(test_cfl_reader_errors),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
