/* Unit tests of cli/vrp_wire: a routing problem and a solution of the
 * routing core written as messages and read back are equal, doubles bit
 * for bit (NaN, -0, subnormals, infinities included); damaged, truncated,
 * foreign and newer messages are refused with the field named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "cli/vrp_wire.h"

/* The same 64 bits. */
static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* A problem of 4 places: a depot, two stops (one with two time windows,
 * one optional) and a facility; unusual doubles in places the routing
 * core does not read as numbers that matter. */
static double dist[16], dur[16];
static wo_vrp_stop stops[2];
static wo_vrp_facility fac[1];
static wo_vrp_vehicle_type types[1];

static void make_problem(wo_vrp_problem *pb, wo_vrp_params *prm)
{
    int i, j;
    static const double x[4] = {0, 1200, 2500, 4000};
    for (i = 0; i < 4; i++)
        for (j = 0; j < 4; j++) {
            dist[i * 4 + j] = fabs(x[i] - x[j]) + (i != j ? 0.1 * (i + j) : 0);
            dur[i * 4 + j] = dist[i * 4 + j] / 8.3;
        }
    memset(stops, 0, sizeof stops);
    stops[0].loc = 1;
    stops[0].stream = 3;
    stops[0].demand[0] = 700.25;
    stops[0].demand[1] = 1.5;
    stops[0].service_s = 300;
    stops[0].n_tw = 2;
    stops[0].tw[0].open_s = 20000;
    stops[0].tw[0].close_s = 30000;
    stops[0].tw[1].open_s = 40000;
    stops[0].tw[1].close_s = 50000;
    stops[0].ext_id = 1234567890123L;
    stops[1].loc = 2;
    stops[1].stream = 3;
    stops[1].demand[0] = 400;
    stops[1].demand[1] = DBL_MIN / 4; /* subnormal */
    stops[1].service_s = 200;
    stops[1].optional = 1;
    stops[1].penalty = 1e6;
    stops[1].ext_id = -7;
    memset(fac, 0, sizeof fac);
    fac[0].loc = 3;
    fac[0].streams = (uint64_t)1 << 3 | (uint64_t)1 << 63;
    fac[0].unload_s = 600;
    fac[0].open_s = 0;
    fac[0].close_s = 86400;
    fac[0].capacity[0] = WO_VRP_UNLIMITED;
    fac[0].capacity[1] = -0.0;
    fac[0].ext_id = 9;
    memset(types, 0, sizeof types);
    types[0].count = 2;
    types[0].capacity[0] = 5000;
    types[0].capacity[1] = WO_VRP_UNLIMITED;
    types[0].max_load_per_day[0] = WO_VRP_UNLIMITED;
    types[0].max_load_per_day[1] = WO_VRP_UNLIMITED;
    types[0].fixed_cost = 300;
    types[0].cost_per_m = 0.004;
    types[0].cost_per_s = 0.02;
    types[0].speed_factor = 1.1;
    types[0].shift_open_s = 18000;
    types[0].shift_close_s = 64800;
    types[0].max_duration_s = 8 * 3600;
    types[0].break_s = 1800;
    types[0].break_earliest_s = 36000;
    types[0].break_latest_s = 46800;
    types[0].streams = (uint64_t)1 << 3;
    types[0].ext_id = 42;
    memset(pb, 0, sizeof *pb);
    pb->n_loc = 4;
    pb->dist_m = dist;
    pb->dur_s = dur;
    pb->n_stops = 2;
    pb->stops = stops;
    pb->n_facilities = 1;
    pb->facilities = fac;
    pb->n_types = 1;
    pb->types = types;
    pb->lexicographic = 1;
    memset(prm, 0, sizeof *prm);
    prm->time_limit_s = 12.75;
    prm->max_iterations = 300;
    prm->stall_iterations = 50;
    prm->stall_s = INFINITY;
    prm->seed = UINT64_C(0xfedcba9876543210);
    prm->threads = 1;
}

static void test_job_round_trip(void **state)
{
    wo_vrp_problem pb;
    wo_vrp_params prm;
    wo_wire_job job;
    wo_buf b, b2;
    wo_err err;
    int k;
    (void)state;
    make_problem(&pb, &prm);
    wo_buf_init(&b, 0);
    wo_buf_init(&b2, 0);
    assert_int_equal(wo_wire_put_job(&b, &pb, &prm), WO_OK);
    assert_int_equal(wo_wire_get_job(b.data, b.len, &job, &err), WO_OK);
    assert_int_equal(job.pb.n_loc, 4);
    for (k = 0; k < 16; k++) {
        assert_true(same_bits(job.pb.dist_m[k], dist[k]));
        assert_true(same_bits(job.pb.dur_s[k], dur[k]));
    }
    assert_int_equal(job.pb.n_stops, 2);
    assert_int_equal(job.pb.stops[0].n_tw, 2);
    assert_true(same_bits(job.pb.stops[0].tw[1].close_s, 50000));
    assert_true(job.pb.stops[0].ext_id == 1234567890123L);
    assert_true(same_bits(job.pb.stops[1].demand[1], DBL_MIN / 4));
    assert_int_equal(job.pb.stops[1].optional, 1);
    assert_true(job.pb.stops[1].ext_id == -7);
    assert_true(job.pb.facilities[0].streams == fac[0].streams);
    assert_true(same_bits(job.pb.facilities[0].capacity[1], -0.0));
    assert_int_equal(job.pb.types[0].count, 2);
    assert_true(same_bits(job.pb.types[0].break_latest_s, 46800));
    assert_int_equal(job.pb.lexicographic, 1);
    assert_true(same_bits(job.prm.time_limit_s, 12.75));
    assert_true(job.prm.max_iterations == 300);
    assert_true(job.prm.stall_iterations == 50);
    assert_true(isinf(job.prm.stall_s));
    assert_true(job.prm.seed == UINT64_C(0xfedcba9876543210));
    assert_null(job.prm.progress);
    assert_null(job.prm.cancel);
    /* Written again from what was read: the same bytes. */
    assert_int_equal(wo_wire_put_job(&b2, &job.pb, &job.prm), WO_OK);
    assert_int_equal(b2.len, b.len);
    assert_memory_equal(b2.data, b.data, b.len);
    wo_wire_job_free(&job);
    wo_buf_free(&b);
    wo_buf_free(&b2);
}

/* The stability fields of --baseline travel with the problem: absent,
 * they are absent on arrival; present, every value comes back. */
static void test_job_stability(void **state)
{
    static const int veh[2] = {1, -1}, pos[2] = {0, 3};
    wo_vrp_problem pb;
    wo_vrp_params prm;
    wo_wire_job job;
    wo_buf b;
    wo_err err;
    (void)state;
    make_problem(&pb, &prm);
    wo_buf_init(&b, 0);
    assert_int_equal(wo_wire_put_job(&b, &pb, &prm), WO_OK);
    assert_int_equal(wo_wire_get_job(b.data, b.len, &job, &err), WO_OK);
    assert_null(job.pb.pref_vehicle);
    assert_null(job.pb.pref_pos);
    assert_true(job.pb.stability_penalty == 0 && job.pb.warm_start == 0);
    wo_wire_job_free(&job);
    pb.pref_vehicle = veh;
    pb.pref_pos = pos;
    pb.stability_penalty = 812.5;
    pb.warm_start = 1;
    wo_buf_free(&b);
    wo_buf_init(&b, 0);
    assert_int_equal(wo_wire_put_job(&b, &pb, &prm), WO_OK);
    assert_int_equal(wo_wire_get_job(b.data, b.len, &job, &err), WO_OK);
    assert_non_null(job.pb.pref_vehicle);
    assert_non_null(job.pb.pref_pos);
    assert_memory_equal(job.pb.pref_vehicle, veh, sizeof veh);
    assert_memory_equal(job.pb.pref_pos, pos, sizeof pos);
    assert_true(job.pb.stability_penalty == 812.5);
    assert_int_equal(job.pb.warm_start, 1);
    wo_wire_job_free(&job);
    /* cut inside the preferences: a named error, nothing kept */
    assert_int_equal(wo_wire_get_job(b.data, b.len - 4, &job, &err),
                     WO_EPARSE);
    assert_null(job.pref_vehicle);
    wo_buf_free(&b);
}

/* A solution of the routing core, written, read and written again. */
static void test_result_round_trip(void **state)
{
    wo_vrp_problem pb;
    wo_vrp_params prm;
    wo_vrp_solution sol, back;
    wo_buf b, b2;
    wo_err err;
    char msg[64];
    int rc = -1, r, v;
    (void)state;
    make_problem(&pb, &prm);
    prm.time_limit_s = 60;
    prm.stall_s = 0;
    wo_vrp_solution_init(&sol);
    assert_int_equal(wo_vrp_solve(&pb, &prm, &sol, &err), WO_OK);
    assert_true(sol.n_routes >= 1);
    sol.lower_bound = NAN;
    wo_buf_init(&b, 0);
    wo_buf_init(&b2, 0);
    assert_int_equal(wo_wire_put_result(&b, WO_OK, NULL, &sol), WO_OK);
    assert_int_equal(wo_wire_get_result(b.data, b.len, &rc, msg, sizeof msg,
                                        &back, &err),
                     WO_OK);
    assert_int_equal(rc, WO_OK);
    assert_string_equal(msg, "");
    assert_int_equal(back.status, sol.status);
    assert_true(same_bits(back.cost, sol.cost));
    assert_true(isnan(back.lower_bound));
    assert_true(back.iterations == sol.iterations);
    assert_int_equal(back.n_routes, sol.n_routes);
    for (r = 0; r < sol.n_routes; r++) {
        assert_int_equal(back.routes[r].n_visits, sol.routes[r].n_visits);
        assert_true(same_bits(back.routes[r].cost, sol.routes[r].cost));
        for (v = 0; v < sol.routes[r].n_visits; v++) {
            const wo_vrp_visit *a = &sol.routes[r].visits[v];
            const wo_vrp_visit *c = &back.routes[r].visits[v];
            assert_int_equal(c->kind, a->kind);
            assert_int_equal(c->index, a->index);
            assert_true(same_bits(c->start_s, a->start_s));
            assert_true(same_bits(c->load_after[0], a->load_after[0]));
        }
    }
    assert_int_equal(back.n_unserved, sol.n_unserved);
    /* The routing core's own check passes on the solution read back. */
    back.lower_bound = sol.lower_bound;
    assert_int_equal(wo_vrp_check(&pb, &back, NULL, &err), WO_OK);
    assert_int_equal(wo_wire_put_result(&b2, WO_OK, NULL, &back), WO_OK);
    assert_int_equal(b2.len, b.len);
    assert_memory_equal(b2.data, b.data, b.len);
    wo_vrp_solution_free(&back);
    wo_vrp_solution_free(&sol);
    wo_buf_free(&b);
    wo_buf_free(&b2);
}

/* An error of the routing core travels as its code and message. */
static void test_result_error(void **state)
{
    wo_vrp_solution back;
    wo_buf b;
    wo_err err;
    char msg[16];
    int rc = 0;
    (void)state;
    wo_buf_init(&b, 0);
    assert_int_equal(wo_wire_put_result(&b, WO_EINVAL,
                                        "vrp: stop 3: loc out of range",
                                        NULL),
                     WO_OK);
    assert_int_equal(wo_wire_get_result(b.data, b.len, &rc, msg, sizeof msg,
                                        &back, &err),
                     WO_OK);
    assert_int_equal(rc, WO_EINVAL);
    assert_string_equal(msg, "vrp: stop 3: lo"); /* cut to the room given */
    assert_int_equal(back.n_routes, 0);
    wo_buf_free(&b);
}

/* Every cut of a message, a changed magic, version or count, and a byte
 * too many: an error naming the problem, nothing kept. */
static void test_damaged(void **state)
{
    wo_vrp_problem pb;
    wo_vrp_params prm;
    wo_wire_job job;
    wo_vrp_solution back;
    wo_buf b;
    wo_err err;
    char msg[8];
    size_t n;
    int rc;
    (void)state;
    make_problem(&pb, &prm);
    wo_buf_init(&b, 0);
    assert_int_equal(wo_wire_put_job(&b, &pb, &prm), WO_OK);
    for (n = 0; n < b.len; n++) {
        wo_err_clear(&err);
        assert_int_equal(wo_wire_get_job(b.data, n, &job, &err), WO_EPARSE);
        assert_non_null(strstr(err.msg, "problem message"));
        assert_null(job.stops);
    }
    /* An answer is not a problem. */
    assert_int_equal(wo_wire_get_result(b.data, b.len, &rc, msg, sizeof msg,
                                        &back, &err),
                     WO_EPARSE);
    assert_non_null(strstr(err.msg, "magic"));
    /* A newer format. */
    b.data[4] = WO_WIRE_VERSION + 1;
    assert_int_equal(wo_wire_get_job(b.data, b.len, &job, &err), WO_EVERSION);
    assert_non_null(strstr(err.msg, "version 3"));
    b.data[4] = WO_WIRE_VERSION;
    /* n_loc (after the 16-byte header and 48 bytes of parameters and flags) far
     * larger than the matrices sent. */
    b.data[16 + 48 + 2] = 0x7f;
    assert_int_equal(wo_wire_get_job(b.data, b.len, &job, &err), WO_EPARSE);
    assert_non_null(strstr(err.msg, "n_loc"));
    b.data[16 + 48 + 2] = 0;
    assert_int_equal(wo_wire_get_job(b.data, b.len, &job, &err), WO_OK);
    wo_wire_job_free(&job);
    /* A byte more than the header says. */
    assert_int_equal(wo_buf_append(&b, "", 1), WO_OK);
    assert_int_equal(wo_wire_get_job(b.data, b.len, &job, &err), WO_EPARSE);
    assert_non_null(strstr(err.msg, "length"));
    wo_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_job_round_trip),
        cmocka_unit_test(test_job_stability),
        cmocka_unit_test(test_result_round_trip),
        cmocka_unit_test(test_result_error),
        cmocka_unit_test(test_damaged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
