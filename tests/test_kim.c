/* Unit tests of the Kim et al. waste-collection reader (benches/support/kim.c):
 * the benchmark files in $WO_SHARED/bench/wcvrptw (counts, the worked
 * distance example of the benchmark's page, the lunch rule), malformed
 * inputs each rejected with its line and reason, and the JSON writer. */
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

#include "benches/support/kim.h"

#define HDR                                                                    \
    "280.0\t\t// vehicle capacity\r\n"                                         \
    "400.0\t\t// route capacity\r\n"                                           \
    "500\t\t// max stops\r\n"                                                  \
    "3600\t\t// lunch\r\n"                                                     \
    "40\t\t// speed\r\n"                                                       \
    "Stop_ID\tX(feet)\tY(feet)\tEarly\tLate\tSvc\tLoad\tType\r\n"

static const char GOOD[] = HDR
    "0   0.00   0.00  0400 1500 0  9999.00 0\r\n"
    "1   5280.00   0.00  0000 2400 1600  9999.00 2\r\n"
    "3   0.00   10560.00  700 2400 180    12.00 1\r\n"
    "5   5280.00   5280.00  0 0700 120     6.00 1\r\n";

static int parse(const char *text, wo_kim_instance *ki, wo_err *e)
{
    return wo_kim_parse(text, strlen(text), "t.txt", NULL, ki, e);
}

static void test_small(void **state)
{
    wo_kim_instance ki;
    wo_err e;
    const wo_vrp_vehicle_type *t;
    (void)state;
    if (parse(GOOD, &ki, &e) != WO_OK)
        fail_msg("%s", e.msg);
    assert_int_equal(ki.pb.n_loc, 4);
    assert_int_equal(ki.pb.n_stops, 2);
    assert_int_equal(ki.pb.n_facilities, 1);
    assert_int_equal(ki.depot_id, 0);
    assert_int_equal(ki.stops[0].ext_id, 3);
    assert_int_equal(ki.stops[1].ext_id, 5);
    assert_int_equal(ki.facilities[0].ext_id, 1);
    /* 700 -> 07:00, 0 -> 00:00, 0700 -> 07:00 */
    assert_true(ki.stops[0].tw[0].open_s == 7 * 3600.0);
    assert_true(ki.stops[0].tw[0].close_s == 24 * 3600.0);
    assert_true(ki.stops[1].tw[0].open_s == 0);
    assert_true(ki.stops[1].tw[0].close_s == 7 * 3600.0);
    assert_true(ki.stops[0].demand[0] == 12.0);
    assert_true(ki.facilities[0].unload_s == 1600);
    /* depot -> facility: 1 mile, 90 s at 40 mph */
    assert_true(fabs(ki.dist_m[0 * 4 + 1] - WO_KIM_M_PER_MI) < 1e-9);
    assert_true(fabs(ki.dur_s[0 * 4 + 1] - 90.0) < 1e-9);
    /* stop 3 -> stop 5: 1 + 1 miles Manhattan */
    assert_true(fabs(ki.dist_m[2 * 4 + 3] - 2 * WO_KIM_M_PER_MI) < 1e-9);
    t = &ki.type;
    assert_true(t->capacity[0] == 280 && t->max_load_per_day[0] == 400);
    assert_int_equal(t->max_stops, 500);
    assert_true(t->shift_open_s == 4 * 3600.0 && t->shift_close_s == 15 * 3600.0);
    assert_true(t->break_s == 3600);
    assert_true(t->break_earliest_s == 11 * 3600.0);
    assert_true(t->break_latest_s == 12 * 3600.0);
    assert_int_equal(t->count, 2);
    assert_int_equal(ki.pb.lexicographic, 1);
    wo_kim_free(&ki);

    /* the lunch window is a parameter; LF line ends are accepted too */
    {
        wo_kim_params p;
        const char *lf = "200\n400\n10\n1800\n40\nStop_ID x\n"
                         "0 0 0 0400 1500 0 0 0\n1 1 1 0 2400 60 0 2\n"
                         "2 2 2 0 2400 60 1.5 1\n\n";
        wo_kim_params_init(&p);
        p.lunch_open_s = 11 * 3600.0;
        p.lunch_close_s = 12 * 3600.0;
        p.vehicles = 7;
        if (wo_kim_parse(lf, strlen(lf), "lf.txt", &p, &ki, &e) != WO_OK)
            fail_msg("%s", e.msg);
        assert_true(ki.type.break_latest_s == 11.5 * 3600.0);
        assert_int_equal(ki.type.count, 7);
        wo_kim_free(&ki);
    }
}

/* Each malformed input and a piece of its message. */
typedef struct bad_case {
    const char *text;
    int code;
    const char *expect;
} bad_case;

static const bad_case BAD[] = {
    {"", WO_EPARSE, "t.txt:0: truncated header"},
    {"280.0\r\n400.0\r\n500\r\n", WO_EPARSE, "t.txt:3: truncated header"},
    {"280.0\r\n400.0\r\n\r\n", WO_EPARSE, "t.txt:3: header: expected the maximum stops per day, found an empty line"},
    {"28O.0\r\n", WO_EPARSE, "t.txt:1: header: vehicle capacity '28O.0' is not a number"},
    {"280\r\n400\r\n5.5\r\n", WO_EPARSE, "t.txt:3: header: maximum stops per day '5.5' is not an integer"},
    {"280\r\n400\r\n500\r\n3600\r\n40\r\nX Y\r\n", WO_EPARSE, "t.txt:6: expected the column header"},
    {"280\r\n400\r\n500\r\n3600\r\n-40\r\nStop_ID\r\n0 0 0 0400 1500 0 0 0\r\n", WO_ERANGE, "speed -40"},
    {HDR "0 0 0 0400 1500 0 0 0\r\n1 1 1 0 2400 60 0 2\r\n2 2 2 0 2400 60 abc 1\r\n", WO_EPARSE, "t.txt:9: field 7 'Load': 'abc' is not a number"},
    {HDR "0 0 0 0400 1500 0 0 0\r\n1 1 1 0 2400 60 0 2\r\n2 2 2 0 2400 60 1 3\r\n", WO_EPARSE, "t.txt:9: field 8 'Stop_Type': unknown stop type 3"},
    {HDR "0 0 0 0400 1500 0 0 0\r\n1 1 1 0 2400 60 0 2\r\n2 2 2 0 2400 60 1\r\n", WO_EPARSE, "t.txt:9: 7 fields, expected 8"},
    {HDR "0 0 0 0400 1500 0 0 0\r\n1 1 1 0 2400 60 0 2\r\n2 2 2 0 2400 60 1 1 9\r\n", WO_EPARSE, "t.txt:9: more than 8 fields"},
    {HDR "1 1 1 0 2400 60 0 2\r\n2 2 2 0 2400 60 1 1\r\n", WO_EINVAL, "t.txt: no depot"},
    {HDR "0 0 0 0400 1500 0 0 0\r\n2 2 2 0 2400 60 1 1\r\n", WO_EINVAL, "t.txt: no disposal site"},
    {HDR "0 0 0 0400 1500 0 0 0\r\n1 1 1 0 2400 60 0 2\r\n", WO_EINVAL, "t.txt: no regular stop"},
    {HDR "0 0 0 0400 1500 0 0 0\r\n1 1 1 0 2400 60 0 2\r\n2 2 2 1300 1200 60 1 1\r\n", WO_EINVAL, "t.txt:9: time window closes at 1200 before it opens at 1300"},
    {HDR "0 0 0 0400 1500 0 0 0\r\n1 1 1 0 2400 60 0 2\r\n2 2 2 0760 1200 60 1 1\r\n", WO_EPARSE, "t.txt:9: field 4 'Early_St_Time': '0760' is not an HHMM time"},
    {HDR "0 0 0 0400 1500 0 0 0\r\n1 1 1 0 2400 60 0 2\r\n2 2 2 07:00 1200 60 1 1\r\n", WO_EPARSE, "'07:00' is not an HHMM time"},
    {HDR "0 0 0 0400 1500 0 0 0\r\n1 1 1 0 2400 60 0 2\r\n2 2 2 0 24000 60 1 1\r\n", WO_EPARSE, "'24000' is not an HHMM time"},
    {HDR "0 0 0 0400 1500 0 0 0\r\n1 1 1 0 2400 60 0 2\r\n1 2 2 0 2400 60 1 1\r\n", WO_EDUP, "t.txt:9: Stop_ID 1 already used on line 8"},
    {HDR "0 0 0 0400 1500 0 0 0\r\n1 1 1 0 2400 60 0 2\r\n2 2 2 0 2400 60 1 0\r\n", WO_EINVAL, "t.txt:9: second depot (the first is on line 7)"},
    {HDR "0 0 0 0400 1500 0 0 0\r\n1 1 1 0 2400 60 0 2\r\n-2 2 2 0 2400 60 1 1\r\n", WO_ERANGE, "t.txt:9: field 1 'Stop_ID': -2 is negative"},
    {HDR "0 0 0 0400 1500 0 0 0\r\n1 1 1 0 2400 60 0 2\r\n2 2 2 0 2400 60 -1 1\r\n", WO_ERANGE, "field 7 'Load': -1 is negative"},
    {HDR "0 0 0 0400 1500 0 0 0\r\n1 1 1 0 2400 60 0 2\r\n2 2 2 0 2400 x60 1 1\r\n", WO_EPARSE, "field 6 'Svc_Time': 'x60' is not a number"},
    {"280\r\n400\r\n500\r\n9000\r\n40\r\nStop_ID\r\n", WO_EINVAL, "t.txt:4: lunch of 9000 s does not fit"},
};

static void test_bad_inputs(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        wo_kim_instance ki;
        wo_err e;
        int rc;
        memset(&e, 0, sizeof e);
        rc = parse(BAD[i].text, &ki, &e);
        if (rc != BAD[i].code || !strstr(e.msg, BAD[i].expect))
            fail_msg("case %zu: rc %d (expected %d), message '%s', expected "
                     "'%s'", i, rc, BAD[i].code, e.msg, BAD[i].expect);
        assert_null(ki.stops);
        assert_null(ki.dist_m);
    }
    {
        wo_kim_instance ki;
        wo_err e;
        assert_int_equal(wo_kim_read("/nonexistent/x.txt", NULL, &ki, &e),
                         WO_EIO);
        assert_non_null(strstr(e.msg, "/nonexistent/x.txt: cannot open"));
    }
}

static const char *shared(void)
{
    const char *s = getenv("WO_SHARED");
    return s ? s : "../shared";
}

static void test_benchmark_files(void **state)
{
    static const struct {
        const char *file;
        int stops, disposal;
        double cap, route_cap, open_h, close_h;
    } F[] = {
        {"102_stop.txt", 99, 2, 280, 400, 4, 15},
        {"277_stop.txt", 275, 1, 200, 2200, 8, 17},
        {"335_stop.txt", 330, 4, 243, 400, 6, 15},
        {"444_stop.txt", 442, 1, 200, 400, 8, 17},
        {"804_stop.txt", 784, 19, 280, 10000, 4, 15},
        {"1051_stop.txt", 1048, 2, 200, 800, 4, 17},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof F / sizeof F[0]; i++) {
        char path[1024];
        wo_kim_instance ki;
        wo_err e;
        snprintf(path, sizeof path, "%s/bench/wcvrptw/%s", shared(), F[i].file);
        if (access(path, R_OK) != 0)
            continue;
        if (wo_kim_read(path, NULL, &ki, &e) != WO_OK)
            fail_msg("%s", e.msg);
        assert_int_equal(ki.pb.n_stops, F[i].stops);
        assert_int_equal(ki.pb.n_facilities, F[i].disposal);
        assert_true(ki.vehicle_capacity_yd3 == F[i].cap);
        assert_true(ki.route_capacity_yd3 == F[i].route_cap);
        assert_true(ki.type.shift_open_s == F[i].open_h * 3600);
        assert_true(ki.type.shift_close_s == F[i].close_h * 3600);
        if (i == 0) {
            /* the page's worked example: stop 0 -> stop 1 is 15387 ft =
             * 2.914 mi = 262.3 s (matrix rows: depot 0, disposal 1) */
            double mi = ki.dist_m[1] / WO_KIM_M_PER_MI;
            assert_int_equal(ki.facilities[0].ext_id, 1);
            assert_true(fabs(mi * 5280 - 15387) < 1e-6);
            assert_true(fabs(ki.dur_s[1] - 262.3) < 0.05);
        }
        wo_kim_free(&ki);
    }
}

static void test_json(void **state)
{
    wo_kim_instance ki;
    wo_err e;
    wo_vrp_visit v[6];
    wo_vrp_route rt;
    wo_vrp_solution sol;
    wo_buf b;
    char path[] = "/tmp/wo_kim_json_XXXXXX";
    char text[512];
    FILE *f;
    size_t n;
    int fd;
    (void)state;
    assert_int_equal(parse(GOOD, &ki, &e), WO_OK);
    memset(v, 0, sizeof v);
    memset(&rt, 0, sizeof rt);
    memset(&sol, 0, sizeof sol);
    v[0].kind = WO_VISIT_DEPOT;
    v[0].index = -1;
    v[1].kind = WO_VISIT_STOP;
    v[1].index = 1;
    v[1].start_s = 21600;
    v[2].kind = WO_VISIT_STOP;
    v[2].index = 0;
    v[2].start_s = 25200;
    v[3].kind = WO_VISIT_UNLOAD;
    v[3].index = 0;
    v[3].start_s = 26000.5;
    v[4].kind = WO_VISIT_BREAK;
    v[4].index = -1;
    v[4].start_s = 39600;
    v[5].kind = WO_VISIT_DEPOT;
    v[5].index = -1;
    rt.n_visits = 6;
    rt.visits = v;
    sol.n_routes = 1;
    sol.routes = &rt;
    sol.dist_m = 3 * WO_KIM_M_PER_MI;
    wo_buf_init(&b, 0);
    assert_int_equal(wo_kim_solution_json(&ki, &sol, &b, &e), WO_OK);
    assert_string_equal(wo_buf_cstr(&b),
                        "{\"vehicles\":1,\"distance_mi\":3.000000,\"routes\":"
                        "[{\"visits\":[{\"id\":5,\"start_s\":21600.000},"
                        "{\"id\":3,\"start_s\":25200.000},{\"id\":1,"
                        "\"start_s\":26000.500}],\"break_start_s\":"
                        "39600.000}]}");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(wo_kim_write_json(path, &ki, &sol, &e), WO_OK);
    f = fopen(path, "rb");
    assert_non_null(f);
    n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    assert_true(n == b.len + 1 && text[n - 1] == '\n');
    assert_memory_equal(text, b.data, b.len);
    unlink(path);
    wo_buf_free(&b);
    wo_kim_free(&ki);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_benchmark_files),
        cmocka_unit_test(test_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
