/* Unit tests of the rich VRPLIB reader (benches/support/vrplib.c) on the
 * small files of tests/data/vrplib/ (one per type, a quirky one accepted
 * with warnings, an ambiguous one refused), the independent recount of
 * .sol files, and release dates in the routing core: the drive, the
 * checker and validation. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "benches/support/vrplib.h"
#include "tests/support/files.h"

/* Warnings collected by a parse. */
typedef struct warns {
    int n;
    char text[8][WO_ERR_MSG_MAX];
} warns;

static void collect(void *ud, const char *msg)
{
    warns *w = ud;
    if (w->n < 8)
        wo_strlcpy(w->text[w->n], msg, sizeof w->text[0]);
    w->n++;
}

static void data_path(const char *name, char *out, size_t size)
{
    snprintf(out, size, "%s/tests/data/vrplib/%s", ts_top(), name);
}

static void read_ok(const char *name, wo_vrplib *in, warns *w)
{
    char path[1024];
    wo_err e;
    data_path(name, path, sizeof path);
    memset(w, 0, sizeof *w);
    if (wo_vrplib_read(path, in, collect, w, &e) != WO_OK)
        fail_msg("%s", e.msg);
}

static int any_warn(const warns *w, const char *a, const char *b)
{
    int i;
    for (i = 0; i < w->n && i < 8; i++)
        if (strstr(w->text[i], a) && (!b || strstr(w->text[i], b)))
            return 1;
    return 0;
}

/* The reference NAME.sol recounts against in to want. */
static void recount_ref(const wo_vrplib *in, const char *name, double want,
                        wo_vrplib_count *c)
{
    char sol[1024];
    wo_err e;
    data_path(name, sol, sizeof sol);
    if (wo_vrplib_recount(in, sol, c, &e) != WO_OK)
        fail_msg("%s", e.msg);
    assert_true(fabs(c->cost - want) < 1e-9);
}

static void test_vrptw(void **state)
{
    wo_vrplib in;
    wo_vrplib_model m;
    wo_vrplib_count c;
    warns w;
    wo_err e;
    (void)state;
    read_ok("vrptw_small.vrp", &in, &w);
    assert_int_equal(w.n, 0);
    assert_string_equal(in.name, "vrptw_small");
    assert_int_equal(in.kind, WO_VRPLIB_VRPTW);
    assert_int_equal(in.n, 5);
    assert_int_equal(in.n_vehicles, 2);
    assert_true(in.capacity == 10);
    assert_true(in.service[1] == 10 && in.service[0] == 0);
    assert_true(in.tw_open[3] == 20 && in.tw_close[3] == 60);
    assert_int_equal(wo_vrplib_model_build(&in, &m, &e), WO_OK);
    assert_int_equal(m.pb.n_stops, 4);
    assert_int_equal(m.pb.n_facilities, 0);
    assert_int_equal(m.pb.stops[0].ext_id, 1);
    /* node 4 (-5,0) to node 5 (-5,-5): 5; node 5 to the depot: 7.07 -> 7.0 */
    assert_true(fabs(m.pb.dist_m[3 * 5 + 4] - 5.0) < 1e-12);
    assert_true(fabs(m.pb.dist_m[4 * 5 + 0] - 7.0) < 1e-12);
    assert_true(m.pb.types[0].shift_close_s == 200);
    recount_ref(&in, "vrptw_small.sol", 37.0, &c);
    assert_int_equal(c.vehicles, 2);
    wo_vrplib_model_free(&m);
    wo_vrplib_free(&in);
}

static void test_hfvrp(void **state)
{
    wo_vrplib in;
    wo_vrplib_model m;
    wo_vrplib_count c;
    warns w;
    wo_err e;
    (void)state;
    read_ok("hfvrp_small.vrp", &in, &w);
    assert_int_equal(in.kind, WO_VRPLIB_HFVRP);
    assert_int_equal(wo_vrplib_model_build(&in, &m, &e), WO_OK);
    /* vehicles 1 and 2 alike, 3 apart; costs divided by 100 */
    assert_int_equal(m.pb.n_types, 2);
    assert_int_equal(m.pb.types[0].count, 2);
    assert_int_equal(m.pb.types[1].count, 1);
    assert_true(m.pb.types[1].capacity[0] == 20);
    assert_true(fabs(m.pb.types[1].fixed_cost - 25.0) < 1e-12);
    assert_true(fabs(m.pb.types[1].cost_per_m - 1.5) < 1e-12);
    assert_int_equal(m.veh_of[m.type_first[1]], 2);
    /* exact distances: (3,4) is 5 from the depot */
    assert_true(fabs(m.pb.dist_m[1] - 5.0) < 1e-12);
    recount_ref(&in, "hfvrp_small.sol", 60.0, &c);
    wo_vrplib_model_free(&m);
    wo_vrplib_free(&in);
}

/* Write text to a scratch file; returns its path in out. */
static void scratch(const char *text, char *out, size_t size)
{
    FILE *f;
    snprintf(out, size, "/tmp/wo_vrplib_%ld.sol", (long)getpid());
    f = fopen(out, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_mtvrptwr_recount(void **state)
{
    wo_vrplib in;
    wo_vrplib_count c;
    warns w;
    wo_err e;
    char sol[1024];
    (void)state;
    read_ok("mtvrptwr_small.vrp", &in, &w);
    assert_int_equal(in.kind, WO_VRPLIB_MTVRPTWR);
    assert_true(in.release[3] == 200 && in.release[1] == 0);
    /* 2 x (10 + 14.1 + 10), stated x 10 */
    recount_ref(&in, "mtvrptwr_small.sol", 682.0, &c);
    assert_int_equal(c.reloads, 1);
    /* the trip with client 3 (node 4) leaves at 200: client 1 (closes
     * at 100) is then late */
    scratch("Route #1: 1 3 0 2 4\nCost 800\n", sol, sizeof sol);
    assert_int_equal(wo_vrplib_recount(&in, sol, &c, &e), WO_EINFEASIBLE);
    assert_non_null(strstr(e.msg, "client 1 "));
    assert_non_null(strstr(e.msg, ":1:"));
    /* a wrong cost, a client twice, a client missing */
    scratch("Route #1: 1 2 0 3 4\nCost 681\n", sol, sizeof sol);
    assert_int_equal(wo_vrplib_recount(&in, sol, &c, &e), WO_EINFEASIBLE);
    assert_non_null(strstr(e.msg, "recounted 682"));
    scratch("Route #1: 1 2 0 3 4 2\nCost 682\n", sol, sizeof sol);
    assert_int_equal(wo_vrplib_recount(&in, sol, &c, &e), WO_EINFEASIBLE);
    scratch("Route #1: 1 2 0 3\nCost 682\n", sol, sizeof sol);
    assert_int_equal(wo_vrplib_recount(&in, sol, &c, &e), WO_EINFEASIBLE);
    assert_non_null(strstr(e.msg, "client 4 not served"));
    /* over capacity in one trip */
    scratch("Route #1: 1 0 2 3 4\nCost 682\n", sol, sizeof sol);
    assert_int_equal(wo_vrplib_recount(&in, sol, &c, &e), WO_EINFEASIBLE);
    assert_non_null(strstr(e.msg, "capacity"));
    remove(sol);
    wo_vrplib_free(&in);
}

/* The core on the MTVRPTWR file: every solution honours the release dates
 * (checked by wo_vrp_check, and by the recount of its .sol), and finds the
 * optimum, whose second trip waits for the release at 200. */
static void test_mtvrptwr_solve(void **state)
{
    wo_vrplib in;
    wo_vrplib_model m;
    wo_vrplib_count c;
    wo_vrp_params prm;
    wo_vrp_solution sol;
    warns w;
    wo_err e;
    double cost;
    char path[1024];
    int v, nunl = 0;
    (void)state;
    read_ok("mtvrptwr_small.vrp", &in, &w);
    assert_int_equal(wo_vrplib_model_build(&in, &m, &e), WO_OK);
    assert_int_equal(m.pb.n_facilities, 1);
    wo_vrp_params_init(&prm);
    prm.max_iterations = 200;
    prm.time_limit_s = 30;
    wo_vrp_solution_init(&sol);
    assert_int_equal(wo_vrp_solve(&m.pb, &prm, &sol, &e), WO_OK);
    assert_int_equal(sol.status, WO_VRP_FEASIBLE);
    if (wo_vrp_check(&m.pb, &sol, &cost, &e) != WO_OK)
        fail_msg("%s", e.msg);
    assert_true(fabs(sol.cost - 68.2) < 1e-9);
    assert_int_equal(sol.n_routes, 1);
    for (v = 0; v < sol.routes[0].n_visits; v++) {
        const wo_vrp_visit *x = &sol.routes[0].visits[v];
        if (x->kind == WO_VISIT_UNLOAD && ++nunl == 1)
            assert_true(x->depart_s >= 200 - 1e-9);
        if (x->kind == WO_VISIT_STOP && (x->index == 2 || x->index == 3))
            assert_true(x->start_s >= 200 - 1e-9);
    }
    assert_int_equal(nunl, 2);
    snprintf(path, sizeof path, "/tmp/wo_vrplib_solve_%ld.sol", (long)getpid());
    assert_int_equal(wo_vrplib_write_sol(path, &in, &m, &sol, &e), WO_OK);
    if (wo_vrplib_recount(&in, path, &c, &e) != WO_OK)
        fail_msg("%s", e.msg);
    assert_true(fabs(c.cost - 682) < 1e-9);
    remove(path);
    wo_vrp_solution_free(&sol);
    wo_vrplib_model_free(&m);
    wo_vrplib_free(&in);
}

/* A route that pays for time: the release date of its second trip's stop
 * makes the vehicle wait after its unload, and the first trip's release
 * delays the departure itself (no pay for waiting at the depot). */
static void test_release_drive(void **state)
{
    /* depot 0, stops at 1 and 2 (10 away), the facility at the depot */
    static const double d[9] = {0, 10, 10, 10, 0, 14, 10, 14, 0};
    wo_vrp_stop st[2];
    wo_vrp_facility fa;
    wo_vrp_vehicle_type ty;
    wo_vrp_problem pb;
    wo_vrp_params prm;
    wo_vrp_solution sol;
    wo_err e;
    double cost;
    int k;
    (void)state;
    memset(st, 0, sizeof st);
    memset(&fa, 0, sizeof fa);
    memset(&ty, 0, sizeof ty);
    memset(&pb, 0, sizeof pb);
    for (k = 0; k < 2; k++) {
        st[k].loc = k + 1;
        st[k].demand[0] = 1;
        st[k].ext_id = k;
    }
    st[0].release_s = 50;
    st[0].n_tw = 1; /* served first: its window closes before 300 */
    st[0].tw[0].close_s = 100;
    st[1].release_s = 300;
    fa.loc = 0;
    fa.streams = ~(uint64_t)0;
    fa.close_s = 1000;
    fa.capacity[0] = fa.capacity[1] = WO_VRP_UNLIMITED;
    ty.count = 1;
    ty.capacity[0] = 1;
    ty.capacity[1] = WO_VRP_UNLIMITED;
    ty.max_load_per_day[0] = ty.max_load_per_day[1] = WO_VRP_UNLIMITED;
    ty.cost_per_m = 1;
    ty.cost_per_s = 1;
    ty.shift_close_s = 1000;
    ty.streams = ~(uint64_t)0;
    pb.n_loc = 3;
    pb.dist_m = d;
    pb.dur_s = d;
    pb.n_stops = 2;
    pb.stops = st;
    pb.n_facilities = 1;
    pb.facilities = &fa;
    pb.n_types = 1;
    pb.types = &ty;
    wo_vrp_params_init(&prm);
    prm.max_iterations = 50;
    wo_vrp_solution_init(&sol);
    assert_int_equal(wo_vrp_solve(&pb, &prm, &sol, &e), WO_OK);
    if (wo_vrp_check(&pb, &sol, &cost, &e) != WO_OK)
        fail_msg("%s", e.msg);
    assert_int_equal(sol.n_routes, 1);
    /* released at 50, it leaves as late as the first window allows
     * (90), unloads at 110, waits there for the release at 300 and is
     * back at 320: 40 m and 230 s */
    assert_true(fabs(sol.routes[0].visits[0].depart_s - 90) < 1e-9);
    assert_true(fabs(sol.routes[0].visits[2].depart_s - 300) < 1e-9);
    assert_true(fabs(sol.dist_m - 40) < 1e-9);
    assert_true(fabs(sol.dur_s - 230) < 1e-9);
    assert_true(fabs(sol.cost - 270) < 1e-9);
    /* the checker refuses a trip that leaves before its release */
    sol.routes[0].visits[0].arrival_s = sol.routes[0].visits[0].start_s = 0;
    sol.routes[0].visits[0].depart_s = 0;
    sol.routes[0].visits[1].arrival_s = 10;
    sol.routes[0].visits[1].start_s = 10;
    assert_int_equal(wo_vrp_check(&pb, &sol, &cost, &e), WO_EINFEASIBLE);
    assert_non_null(strstr(e.msg, "released at 50"));
    wo_vrp_solution_free(&sol);
    /* validation names the stop */
    st[1].release_s = -1;
    assert_int_equal(wo_vrp_validate(&pb, &e), WO_EINVAL);
    assert_non_null(strstr(e.msg, "stop 1"));
    assert_non_null(strstr(e.msg, "release_s"));
    st[1].release_s = NAN;
    assert_int_equal(wo_vrp_validate(&pb, &e), WO_EINVAL);
}

static void test_quirks(void **state)
{
    wo_vrplib in;
    warns w;
    (void)state;
    read_ok("quirky.vrp", &in, &w);
    /* CRLF (line 1), stray whitespace (line 3), unknown key (line 8) and
     * clock times (line 21) each warned about with file and line */
    assert_true(any_warn(&w, "quirky.vrp:1:", "CRLF"));
    assert_true(any_warn(&w, "quirky.vrp:3:", "whitespace"));
    assert_true(any_warn(&w, "quirky.vrp:8:", "DISTANCE_UNIT"));
    assert_true(any_warn(&w, "quirky.vrp:21:", "24:00"));
    assert_true(any_warn(&w, "clock time", "lines in all"));
    assert_true(in.tw_close[0] == 1440);
    assert_true(in.tw_open[1] == 525 && in.tw_close[1] == 720);
    assert_true(in.tw_open[2] == 525 && in.tw_close[2] == 570);
    /* 875 cannot be HHMM (minute 75): a plain number */
    assert_true(in.tw_open[3] == 875 && in.tw_close[3] == 990);
    assert_true(in.x[2] == 60 && in.release[2] == 30);
    wo_vrplib_free(&in);
}

static void test_ambiguous(void **state)
{
    wo_vrplib in;
    wo_err e;
    char path[1024];
    (void)state;
    data_path("ambiguous.vrp", path, sizeof path);
    assert_int_equal(wo_vrplib_read(path, &in, NULL, NULL, &e), WO_EPARSE);
    assert_non_null(strstr(e.msg, "ambiguous.vrp:24:"));
    assert_non_null(strstr(e.msg, "TIME_WINDOW_SECTION node 4 open"));
    assert_non_null(strstr(e.msg, "'845' is ambiguous"));
    assert_null(in.x);
}

/* Malformed text: each refused with its line and field. */
static void test_bad(void **state)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"TYPE: CVRP\n", "t.vrp:1: TYPE: 'CVRP'"},
        {"DIMENSION: 3\nVEHICLES: 1\nCAPACITY: 5\nNODE_COORD_SECTION\n1 0 0\n"
         "2 1 x\n",
         "t.vrp:6: NODE_COORD_SECTION node 2: 'x' is not a number"},
        {"DIMENSION: 3\nNODE_COORD_SECTION\n1 0 0\n4 1 1\n",
         "t.vrp:4: NODE_COORD_SECTION: node '4'"},
        {"DIMENSION: 3\nNODE_COORD_SECTION\n1 0 0\n1 1 1\n",
         "t.vrp:4: NODE_COORD_SECTION: node 1 given twice"},
        {"DIMENSION: 2\nDEMAND_SECTION\n1 0\n2 -3\n",
         "t.vrp:4: DEMAND_SECTION node 2: '-3' is negative"},
        {"DIMENSION: 2\nTIME_WINDOW_SECTION\n1 0 100\n2 50 40\n",
         "t.vrp:4: TIME_WINDOW_SECTION node 2 close: '40' is before"},
        {"DIMENSION: 2\nTIME_WINDOW_SECTION\n1 0 100\n2 7:5 40\n",
         "t.vrp:4: TIME_WINDOW_SECTION node 2 open: '7:5'"},
        {"DIMENSION: 2\nTIME_WINDOW_SECTION\n1 0 100\n2 07:75 40\n",
         "t.vrp:4: TIME_WINDOW_SECTION node 2 open: '07:75' is not a clock"},
        {"DIMENSION: 2\nDEMAND_SECTION\n1 0 4\n",
         "t.vrp:3: DEMAND_SECTION: 3 fields, expected 2"},
        {"CAPACITY_SECTION\n1 4\n", "t.vrp:1: CAPACITY_SECTION: before VEHICLES"},
        {"DIMENSION: 2\nVEHICLES: 1\nCAPACITY: 5\nNODE_COORD_SECTION\n1 0 0\n"
         "2 1 1\nDEMAND_SECTION\n1 0\n2 1\nDEPOT_SECTION\n1\n-1\n",
         "t.vrp: VRPTW without TIME_WINDOW_SECTION"},
        {"DIMENSION: 3\nVEHICLES: 1\nCAPACITY: 5\nNODE_COORD_SECTION\n1 0 0\n"
         "2 1 1\nDEMAND_SECTION\n1 0\n2 1\n3 1\nDEPOT_SECTION\n1\n",
         "NODE_COORD_SECTION: node 3 missing"},
        {"DIMENSION: 0\n", "t.vrp:1: DIMENSION: '0'"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wo_vrplib in;
        wo_err e;
        int rc = wo_vrplib_parse(cases[i].text, strlen(cases[i].text), "t.vrp",
                                 &in, NULL, NULL, &e);
        if (rc == WO_OK || !strstr(e.msg, cases[i].want))
            fail_msg("case %zu: rc %d, '%s', expected '%s'", i, rc,
                     rc ? e.msg : "", cases[i].want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vrptw),
        cmocka_unit_test(test_hfvrp),
        cmocka_unit_test(test_mtvrptwr_recount),
        cmocka_unit_test(test_mtvrptwr_solve),
        cmocka_unit_test(test_release_drive),
        cmocka_unit_test(test_quirks),
        cmocka_unit_test(test_ambiguous),
        cmocka_unit_test(test_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
