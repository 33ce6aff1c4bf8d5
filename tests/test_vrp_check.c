/* Unit tests of the independent solution checker (solver/vrp/check.c): a
 * hand-made problem and a hand-made valid solution (times, loads and cost
 * worked out by hand), then one violation of each kind, each of which
 * must be rejected with WO_EINFEASIBLE and the right message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "solver/vrp/vrp.h"

/* Locations: 0 depot, 1 facility, 2 stop A (and optional C), 3 stop B. */
static const double DIST[16] = {
    0,    1000, 2000, 3000, /* */
    1000, 0,    1500, 1000, /* */
    2000, 1500, 0,    1200, /* */
    3000, 1000, 1200, 0,
};

/* A fixture: the problem and one solution, both freely mutable. */
typedef struct fx {
    double dur[16];
    wo_vrp_stop stops[3];
    wo_vrp_facility fac;
    wo_vrp_vehicle_type type;
    wo_vrp_problem pb;
    wo_vrp_visit visits[8];
    wo_vrp_visit visits2[8];
    wo_vrp_route routes[2];
    wo_vrp_unserved unserved[2];
    wo_vrp_solution sol;
} fx;

static void set_visit(wo_vrp_visit *v, wo_vrp_visit_kind kind, int index,
                      double arr, double start, double dep, double load)
{
    v->kind = kind;
    v->index = index;
    v->arrival_s = arr;
    v->start_s = start;
    v->depart_s = dep;
    v->load_after[0] = load;
    v->load_after[1] = 0;
}

/* depot 28000 -> A (wait to 28800) -> F -> B -> F -> break 39600 ->
 * depot 41500: 6500 m, 13500 s, cost 100 + 65 + 13.5 = 178.5, plus the
 * penalty 50 of the optional stop C left unserved. */
static void fx_init(fx *f)
{
    int i;
    memset(f, 0, sizeof *f);
    for (i = 0; i < 16; i++)
        f->dur[i] = DIST[i] / 10.0;
    f->stops[0].loc = 2;
    f->stops[0].demand[0] = 100;
    f->stops[0].service_s = 300;
    f->stops[0].n_tw = 1;
    f->stops[0].tw[0].open_s = 28800;
    f->stops[0].tw[0].close_s = 36000;
    f->stops[0].ext_id = 11;
    f->stops[1].loc = 3;
    f->stops[1].demand[0] = 200;
    f->stops[1].service_s = 300;
    f->stops[1].ext_id = 12;
    f->stops[2].loc = 2;
    f->stops[2].demand[0] = 50;
    f->stops[2].service_s = 60;
    f->stops[2].optional = 1;
    f->stops[2].penalty = 50;
    f->stops[2].ext_id = 13;
    f->fac.loc = 1;
    f->fac.streams = 1;
    f->fac.unload_s = 600;
    f->fac.open_s = 0;
    f->fac.close_s = 86400;
    f->fac.capacity[0] = 1000;
    f->fac.capacity[1] = WO_VRP_UNLIMITED;
    f->fac.ext_id = 90;
    f->type.count = 1;
    f->type.capacity[0] = 250;
    f->type.capacity[1] = WO_VRP_UNLIMITED;
    f->type.max_load_per_day[0] = WO_VRP_UNLIMITED;
    f->type.max_load_per_day[1] = WO_VRP_UNLIMITED;
    f->type.fixed_cost = 100;
    f->type.cost_per_m = 0.01;
    f->type.cost_per_s = 0.001;
    f->type.shift_open_s = 21600;
    f->type.shift_close_s = 64800;
    f->type.break_s = 1800;
    f->type.break_earliest_s = 39600;
    f->type.break_latest_s = 46800;
    f->type.streams = 1;
    f->pb.n_loc = 4;
    f->pb.dist_m = DIST;
    f->pb.dur_s = f->dur;
    f->pb.n_stops = 3;
    f->pb.stops = f->stops;
    f->pb.n_facilities = 1;
    f->pb.facilities = &f->fac;
    f->pb.n_types = 1;
    f->pb.types = &f->type;

    set_visit(&f->visits[0], WO_VISIT_DEPOT, -1, 28000, 28000, 28000, 0);
    set_visit(&f->visits[1], WO_VISIT_STOP, 0, 28200, 28800, 29100, 100);
    set_visit(&f->visits[2], WO_VISIT_UNLOAD, 0, 29250, 29250, 29850, 0);
    set_visit(&f->visits[3], WO_VISIT_STOP, 1, 29950, 29950, 30250, 200);
    set_visit(&f->visits[4], WO_VISIT_UNLOAD, 0, 30350, 30350, 30950, 0);
    set_visit(&f->visits[5], WO_VISIT_BREAK, -1, 30950, 39600, 41400, 0);
    set_visit(&f->visits[6], WO_VISIT_DEPOT, -1, 41500, 41500, 41500, 0);
    f->routes[0].type = 0;
    f->routes[0].vehicle = 0;
    f->routes[0].stream = 0;
    f->routes[0].n_visits = 7;
    f->routes[0].visits = f->visits;
    f->routes[0].dist_m = 6500;
    f->routes[0].dur_s = 13500;
    f->routes[0].cost = 178.5;
    f->unserved[0].stop = 2;
    f->unserved[0].reason = WO_UNSERVED_PENALTY;
    f->sol.status = WO_VRP_FEASIBLE;
    f->sol.n_routes = 1;
    f->sol.routes = f->routes;
    f->sol.n_unserved = 1;
    f->sol.unserved = f->unserved;
    f->sol.cost = 228.5;
    f->sol.dist_m = 6500;
    f->sol.dur_s = 13500;
    f->sol.vehicles_used = 1;
    f->sol.lower_bound = NAN;
}

static void test_valid(void **state)
{
    fx f;
    wo_err e;
    double cost = 0;
    (void)state;
    fx_init(&f);
    if (wo_vrp_check(&f.pb, &f.sol, &cost, &e) != WO_OK)
        fail_msg("%s", e.msg);
    assert_true(fabs(cost - 228.5) < 1e-9);
    /* arriving later than possible (driving slower) is fine */
    f.visits[1].arrival_s = 28300;
    f.visits[5].arrival_s = 31000;
    assert_int_equal(wo_vrp_check(&f.pb, &f.sol, &cost, &e), WO_OK);
    /* a value off by less than the tolerance passes */
    f.routes[0].cost = 178.5 + 1e-5;
    assert_int_equal(wo_vrp_check(&f.pb, &f.sol, &cost, &e), WO_OK);
}

/* Each violation: a mutation of the fixture and a piece of the message. */
typedef struct violation {
    const char *name;
    void (*mutate)(fx *f);
    const char *expect;
} violation;

static void m_not_listed(fx *f) { f->sol.n_unserved = 0; }
static void m_twice(fx *f) { f->visits[3].index = 0; }
static void m_served_unserved(fx *f) { f->unserved[0].stop = 0; }
static void m_mandatory_unserved(fx *f) { f->stops[2].optional = 0; }
static void m_window(fx *f)
{
    f->visits[1].start_s = 28700;
    f->visits[1].depart_s = 29000;
}
static void m_early(fx *f) { f->visits[3].arrival_s = 29900; }
static void m_load(fx *f) { f->visits[1].load_after[0] = 90; }
static void m_capacity(fx *f) { f->type.capacity[0] = 150; }
static void m_fac_stream(fx *f) { f->fac.streams = 2; }
static void m_fac_hours(fx *f) { f->fac.close_s = 30000; }
static void m_fac_capacity(fx *f) { f->fac.capacity[0] = 250; }
static void m_no_break(fx *f)
{
    f->visits[5] = f->visits[6];
    f->routes[0].n_visits = 6;
}
static void m_break_window(fx *f)
{
    f->visits[5].start_s = 38000;
    f->visits[5].depart_s = 39800;
}
static void m_break_short(fx *f) { f->visits[5].depart_s = 41000; }
static void m_break_type(fx *f) { f->type.break_s = 0; }
static void m_shift_close(fx *f) { f->type.shift_close_s = 41000; }
static void m_shift_open(fx *f) { f->type.shift_open_s = 28500; }
static void m_duration(fx *f) { f->type.max_duration_s = 10000; }
static void m_max_stops(fx *f) { f->type.max_stops = 1; }
static void m_day_load(fx *f) { f->type.max_load_per_day[0] = 250; }
static void m_not_empty(fx *f)
{
    /* drop the last unload: B -> break -> depot */
    set_visit(&f->visits[4], WO_VISIT_BREAK, -1, 30250, 39600, 41400, 200);
    set_visit(&f->visits[5], WO_VISIT_DEPOT, -1, 41700, 41700, 41700, 0);
    f->routes[0].n_visits = 6;
}
static void m_route_stream(fx *f) { f->routes[0].stream = 1; }
static void m_stop_stream(fx *f)
{
    f->stops[1].stream = 1;
    f->type.streams = 3;
}
static void m_vehicle(fx *f) { f->routes[0].vehicle = 1; }
static void m_same_vehicle(fx *f)
{
    f->routes[1] = f->routes[0];
    f->sol.n_routes = 2;
}
static void m_route_cost(fx *f) { f->routes[0].cost = 178; }
static void m_total_cost(fx *f) { f->sol.cost = 228; }
static void m_route_dist(fx *f) { f->routes[0].dist_m = 6400; }
static void m_vehicles_used(fx *f) { f->sol.vehicles_used = 2; }
static void m_speed(fx *f) { f->type.speed_factor = 2; }
static void m_first(fx *f) { f->visits[0].kind = WO_VISIT_STOP; }
static void m_inner_depot(fx *f) { f->visits[2].kind = WO_VISIT_DEPOT; }
static void m_bad_index(fx *f) { f->visits[3].index = 7; }
static void m_order(fx *f) { f->visits[3].start_s = 29900; }
static void m_unload_short(fx *f) { f->visits[2].depart_s = 29500; }
static void m_service_short(fx *f) { f->visits[3].depart_s = 30100; }

static const violation VIOLATIONS[] = {
    {"not listed", m_not_listed, "stop 2 (id 13) is neither served nor listed"},
    {"twice", m_twice, "visit 3 (stop 0, id 11): stop already served by route 0"},
    {"served+unserved", m_served_unserved, "is served by route 0 and listed as unserved"},
    {"mandatory unserved", m_mandatory_unserved, "mandatory stop 2 (id 13) is unserved"},
    {"window", m_window, "visit 1 (stop 0, id 11): service starts at 28700.000 outside every time window"},
    {"early", m_early, "route 0 (type 0, vehicle 0) visit 3 (stop 1, id 12): arrives at 29900.000 but cannot arrive before 29950.000"},
    {"load", m_load, "load_after 90 in dimension 0, expected 100"},
    {"capacity", m_capacity, "exceeds the vehicle capacity 150"},
    {"facility stream", m_fac_stream, "visit 2 (unload at facility 0, id 90): facility does not accept stream 0"},
    {"facility hours", m_fac_hours, "visit 4 (unload at facility 0, id 90): unload starts at 30350.000 outside the opening hours"},
    {"facility capacity", m_fac_capacity, "facility 0 (id 90) receives 300 in dimension 0, above its daily capacity 250"},
    {"no break", m_no_break, "0 breaks; the type requires exactly one"},
    {"break window", m_break_window, "break starts at 38000.000 outside its window"},
    {"break short", m_break_short, "before the break"},
    {"break type", m_break_type, "break on a vehicle type without breaks"},
    {"shift close", m_shift_close, "after the shift closes"},
    {"shift open", m_shift_open, "before the shift opens"},
    {"duration", m_duration, "duration 13500.000 s exceeds the shift length"},
    {"max stops", m_max_stops, "more than the 1 stops allowed"},
    {"day load", m_day_load, "exceeds the maximum load per day 250"},
    {"not empty", m_not_empty, "returns with load 200"},
    {"route stream", m_route_stream, "type 0 may not carry stream 1"},
    {"stop stream", m_stop_stream, "stop of stream 1 on a route carrying stream 0"},
    {"vehicle", m_vehicle, "vehicle 1 out of range"},
    {"same vehicle", m_same_vehicle, "route 1 (type 0, vehicle 0): vehicle used by two routes"},
    {"route cost", m_route_cost, "claims cost 178.000000, recomputed 178.500000"},
    {"total cost", m_total_cost, "solution: claims cost 228.000000, recomputed 228.500000"},
    {"route dist", m_route_dist, "claims 6400.000000 m, recomputed 6500.000000 m"},
    {"vehicles used", m_vehicles_used, "claims 2 vehicles used"},
    {"speed", m_speed, "cannot arrive before"},
    {"first", m_first, "first visit is a stop"},
    {"inner depot", m_inner_depot, "depot visit inside the route"},
    {"bad index", m_bad_index, "stop index 7 out of range"},
    {"order", m_order, "times out of order"},
    {"unload short", m_unload_short, "before the unload"},
    {"service short", m_service_short, "before service"},
};

static void test_violations(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof VIOLATIONS / sizeof VIOLATIONS[0]; i++) {
        fx f;
        wo_err e;
        int rc;
        fx_init(&f);
        VIOLATIONS[i].mutate(&f);
        memset(&e, 0, sizeof e);
        rc = wo_vrp_check(&f.pb, &f.sol, NULL, &e);
        if (rc != WO_EINFEASIBLE || !strstr(e.msg, VIOLATIONS[i].expect))
            fail_msg("%s: rc %d, message '%s', expected '%s'",
                     VIOLATIONS[i].name, rc, e.msg, VIOLATIONS[i].expect);
    }
}

static void test_bad_arguments(void **state)
{
    fx f;
    wo_err e;
    (void)state;
    fx_init(&f);
    assert_int_equal(wo_vrp_check(NULL, &f.sol, NULL, &e), WO_EINVAL);
    assert_int_equal(wo_vrp_check(&f.pb, NULL, NULL, &e), WO_EINVAL);
    f.sol.n_routes = 3;
    f.sol.routes = NULL;
    assert_int_equal(wo_vrp_check(&f.pb, &f.sol, NULL, &e), WO_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_violations),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
