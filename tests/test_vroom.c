/*
 * Tests of the VROOM-format solve (cli/vroom.c, wo_vroom_solve_text) and of
 * the independent checker of tests/support/vroomcheck.c: every problem of
 * tests/data/vroom/ solved and checked, the content that must be there
 * (every job assigned where the fleet can serve it, unload steps with
 * facilities, breaks, open routes, priorities), bad problems answered with
 * rc 2 and a message naming the JSON path, the checker catching tampered
 * solutions, the same answer for a seed and an iteration limit (from
 * several threads at once) and every allocation failure answered cleanly.
 *
 * Run as `test_vroom --check PROBLEM SOLUTION` it only checks a solution
 * file against a problem file (for tests/e2e_solve.sh) and prints the
 * first violation.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "cli/json.h"
#include "cli/vroom.h"
#include "tests/support/failalloc.h"
#include "tests/support/files.h"
#include "tests/support/vroomcheck.h"

#define MSG 4096

/* The text of tests/data/vroom/<name> (malloc'd). */
static char *problem_text(const char *name, size_t *len)
{
    char path[1024];
    char *t;
    snprintf(path, sizeof path, "%s/tests/data/vroom/%s", ts_top(), name);
    t = ts_slurp(path, len);
    if (!t)
        fail_msg("cannot read %s", path);
    return t;
}

static void opts_fixed(wo_vroom_opts *o, long iterations)
{
    wo_vroom_opts_init(o);
    o->time_limit_s = 0;
    o->iterations = iterations;
    o->seed = 3;
}

/* Solve name, check the solution independently; returns the parsed
 * solution (caller decrefs) and the warnings in warn. */
static wo_json *solve_checked(const char *name, long iterations, char *warn)
{
    wo_vroom_opts o;
    size_t len, out_len;
    char *in = problem_text(name, &len), *out = NULL, msg[MSG];
    wo_json *sol;
    int rc;
    opts_fixed(&o, iterations);
    rc = wo_vroom_solve_text(in, len, &o, &out, &out_len, warn, MSG);
    if (rc != 0)
        fail_msg("%s: rc %d: %s", name, rc, warn);
    assert_int_equal(strlen(out), out_len);
    if (wo_vroomcheck(in, len, out, out_len, msg, sizeof msg) != 0)
        fail_msg("%s: checker: %s", name, msg);
    sol = wo_json_loads(out, 0, NULL);
    assert_non_null(sol);
    wo_free(out);
    free(in);
    return sol;
}

static long long summary_int(const wo_json *sol, const char *key)
{
    return wo_json_integer_value(
        wo_json_object_get(wo_json_object_get(sol, "summary"), key));
}

/* Steps of all routes with this type. */
static int count_steps(const wo_json *sol, const char *type)
{
    const wo_json *routes = wo_json_object_get(sol, "routes"), *r, *s;
    size_t i, j;
    int n = 0;
    wo_json_array_foreach(routes, i, r)
    {
        const wo_json *steps = wo_json_object_get(r, "steps");
        wo_json_array_foreach(steps, j, s)
        n += !strcmp(wo_json_string_value(wo_json_object_get(s, "type")), type);
    }
    return n;
}

static void test_cvrp(void **state)
{
    char warn[MSG];
    wo_json *sol = solve_checked("cvrp.json", 300, warn);
    (void)state;
    assert_int_equal(summary_int(sol, "unassigned"), 0);
    assert_int_equal(count_steps(sol, "job"), 14);
    assert_true(summary_int(sol, "routes") >= 3); /* 14 jobs, 12.5 t > 2 x 4 t */
    assert_true(summary_int(sol, "distance") > 0);
    assert_int_equal(summary_int(sol, "cost"), summary_int(sol, "duration"));
    assert_string_equal(warn, "");
    wo_json_decref(sol);
}

static void test_vrptw_breaks_skills(void **state)
{
    char warn[MSG];
    wo_json *sol = solve_checked("vrptw_breaks_skills.json", 500, warn);
    (void)state;
    /* jobs 11 (two windows, neither reachable within a shift once served
     * with its neighbours) may stay out; most must be in */
    assert_true(count_steps(sol, "job") >= 12);
    assert_true(count_steps(sol, "break") >= 1);
    assert_non_null(strstr(warn, "skills:"));
    wo_json_decref(sol);
}

static void test_facilities(void **state)
{
    char warn[MSG];
    wo_json *sol = solve_checked("facilities.json", 300, warn);
    (void)state;
    assert_int_equal(summary_int(sol, "unassigned"), 0);
    assert_int_equal(count_steps(sol, "job"), 20);
    assert_true(count_steps(sol, "unload") >= 2);
    assert_int_equal(count_steps(sol, "break"), summary_int(sol, "routes"));
    wo_json_decref(sol);
}

static void test_vroom_users(void **state)
{
    char warn[MSG];
    wo_json *sol = solve_checked("vroom_users.json", 300, warn);
    const wo_json *r0 = wo_json_array_get(wo_json_object_get(sol, "routes"), 0);
    const wo_json *s0 = wo_json_array_get(wo_json_object_get(r0, "steps"), 0);
    (void)state;
    assert_int_equal(summary_int(sol, "unassigned"), 0);
    assert_int_equal(count_steps(sol, "job"), 10);
    /* no capacities: no load; no distances: no distance */
    assert_null(wo_json_object_get(s0, "load"));
    assert_null(wo_json_object_get(wo_json_object_get(sol, "summary"),
                                   "distance"));
    assert_non_null(wo_json_object_get(s0, "location_index"));
    assert_string_equal(warn, "");
    wo_json_decref(sol);
}

static void test_open_priority(void **state)
{
    char warn[MSG];
    wo_json *sol = solve_checked("open_priority.json", 2000, warn);
    const wo_json *un = wo_json_object_get(sol, "unassigned"), *u;
    size_t i;
    int heavy = 0;
    (void)state;
    /* 40 units of delivery for 20 of capacity: every priority-50 job is
     * in, the 50-unit job is out for its weight */
    wo_json_array_foreach(un, i, u)
    {
        long long id = wo_json_integer_value(wo_json_object_get(u, "id"));
        assert_true(id % 3 != 0 || id == 99);
        heavy += id == 99;
        if (id == 99)
            assert_non_null(strstr(wo_json_string_value(
                                       wo_json_object_get(u, "reason")),
                                   "capacity"));
    }
    assert_int_equal(heavy, 1);
    assert_int_equal(summary_int(sol, "priority"), 4 * 50);
    wo_json_decref(sol);
}

/* ------------------------------------------------------------- bad input */

typedef struct bad_case {
    const char *json;
    const char *want; /* substring of the message */
} bad_case;

static const bad_case bad_cases[] = {
    {"{\"vehicles\": [{\"id\": 1, \"start\": [106.5, 29.5]}], \"jobs\": [",
     "line 1, column"},
    {"[1, 2]", "the problem: expected an object"},
    {"{\"jobs\": []}", "vehicles: missing"},
    {"{\"vehicles\": [{\"id\": 1, \"start\": [106.5, 29.5]}], \"jobs\": "
     "null}",
     "jobs: expected an array, got null"},
    {"{\"vehicles\": [], \"jobs\": []}", "vehicles: empty"},
    {"{\"vehicles\": [{\"id\": \"a\", \"start\": [106.5, 29.5]}]}",
     "vehicles[0].id: expected an integer, got a string"},
    {"{\"vehicles\": [{\"id\": 1, \"start\": [106.5, 29.5], \"capacity\": "
     "[10]}], \"jobs\": [{\"id\": 1, \"location\": [106.5, 29.6], "
     "\"pickup\": [-3]}]}",
     "jobs[0].pickup[0]: -3 is negative"},
    {"{\"vehicles\": [{\"id\": 1, \"start\": [106.5, 29.5], \"capacity\": "
     "[10, 2, 5]}]}",
     "vehicles[0].capacity[2]: 3 amount dimensions; at most 2"},
    {"{\"vehicles\": [{\"id\": 1, \"start\": [106.5, 29.5], \"capacity\": "
     "[10]}], \"jobs\": [{\"id\": 1, \"location\": [106.5, 29.6], "
     "\"pickup\": [1, 2]}]}",
     "jobs[0].pickup: 2 value(s), but vehicles[0].capacity has 1"},
    {"{\"vehicles\": [{\"id\": 1, \"start_index\": 0}], \"jobs\": [{\"id\": "
     "1, \"location_index\": 5}], \"matrices\": {\"car\": {\"durations\": "
     "[[0, 1], [1, 0]]}}}",
     "jobs[0].location_index: 5 is outside the matrices (0..1)"},
    {"{\"vehicles\": [{\"id\": 1, \"start_index\": 0}], \"jobs\": [{\"id\": "
     "1, \"location_index\": 1}], \"matrices\": {\"car\": {\"durations\": "
     "[[0, 1], [1]]}}}",
     "matrices.car.durations[1]: 1 values, expected 2"},
    {"{\"vehicles\": [{\"id\": 1, \"start_index\": 0}], \"jobs\": [{\"id\": "
     "1, \"location_index\": 1}], \"matrices\": {\"car\": {\"durations\": "
     "[[0, 1], [1, 0]], \"distances\": [[0, 1, 2], [1, 0, 2], [1, 1, 0]]}}}",
     "matrices.car.distances: 3 rows, but the durations have 2"},
    {"{\"vehicles\": [{\"id\": 1}]}", "vehicles[0]: neither start nor end"},
    {"{\"vehicles\": [{\"id\": 1, \"start\": [106.5, 29.5]}], \"jobs\": "
     "[{\"id\": 1, \"location\": [106.5, 29.6]}], \"shipments\": [{}]}",
     "shipments: not supported"},
    {"{\"vehicles\": [{\"id\": 1, \"start\": [106.5, 29.5], \"breaks\": "
     "[{\"id\": 1, \"service\": 60}, {\"id\": 2, \"service\": 60}]}]}",
     "vehicles[0].breaks[1]: not supported"},
    {"{\"vehicles\": [{\"id\": 1, \"start\": [106.5, 29.5]}], \"jobs\": "
     "[{\"id\": 1, \"location\": [106.5, 29.6]}, {\"id\": 1, \"location\": "
     "[106.5, 29.7]}]}",
     "jobs[1].id: 1 is used twice"},
    {"{\"vehicles\": [{\"id\": 1, \"start\": [106.5, 29.5]}], \"jobs\": "
     "[{\"id\": 1, \"location\": [106.5, 29.6], \"time_windows\": [[100, "
     "50]]}]}",
     "jobs[0].time_windows[0]: ends (50) before it starts (100)"},
    {"{\"vehicles\": [{\"id\": 1, \"start\": [186.5, 29.5]}]}",
     "vehicles[0].start[0]: 186.5 is outside [-180, 180]"},
    {"{\"vehicles\": [{\"id\": 1, \"start\": [106.5, 29.5], \"unload\": "
     "true}]}",
     "vehicles[0].unload: true, but the problem has no facilities"},
    {"{\"vehicles\": [{\"id\": 1, \"start\": [106.5, 29.5], \"profile\": "
     "\"car\"}, {\"id\": 2, \"start\": [106.5, 29.5], \"profile\": "
     "\"bike\"}]}",
     "vehicles[1].profile: 'bike' differs"},
    {"{\"vehicles\": [{\"id\": 1, \"start\": [106.5, 29.5], "
     "\"max_distance\": 5000}]}",
     "vehicles[0].max_distance: not supported"},
    {"{\"vehicles\": [{\"id\": 1, \"start\": [106.5, 29.5]}], \"jobs\": "
     "[{\"id\": 1, \"location\": [106.5, 29.6], \"setup\": 30}]}",
     "jobs[0].setup: not supported"},
};

static void test_bad_problems(void **state)
{
    wo_vroom_opts o;
    size_t i;
    (void)state;
    opts_fixed(&o, 10);
    for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        char msg[MSG], *out = (char *)1;
        size_t out_len = 7;
        int rc = wo_vroom_solve_text(bad_cases[i].json,
                                     strlen(bad_cases[i].json), &o, &out,
                                     &out_len, msg, sizeof msg);
        if (rc != 2 || !strstr(msg, bad_cases[i].want))
            fail_msg("case %zu: rc %d, message '%s', expected '%s'", i, rc,
                     msg, bad_cases[i].want);
        assert_null(out);
        assert_int_equal(out_len, 0);
    }
}

static void test_warnings(void **state)
{
    static const char *pb =
        "{\"vehicles\": [{\"id\": 1, \"start\": [106.5, 29.5], \"steps\": [], "
        "\"colour\": \"red\"}], \"jobs\": [{\"id\": 4, \"location\": "
        "[106.5, 29.6]}, {\"id\": 5, \"location\": [106.5, 29.7], "
        "\"skills\": [7]}], \"options\": {\"g\": true}}";
    wo_vroom_opts o;
    char msg[MSG], *out = NULL;
    size_t n;
    (void)state;
    opts_fixed(&o, 10);
    assert_int_equal(wo_vroom_solve_text(pb, strlen(pb), &o, &out, &n, msg,
                                         sizeof msg),
                     0);
    assert_non_null(strstr(msg, "vehicles[0].steps: ignored"));
    assert_non_null(strstr(msg, "vehicles[0].colour: unknown field, ignored"));
    assert_non_null(strstr(msg, "options: ignored"));
    /* an open end: no end step, the route stops at the job */
    assert_null(strstr(out, "\"end\""));
    assert_non_null(strstr(out, "\"id\": 4"));
    /* job 5 needs a skill no vehicle has */
    assert_non_null(strstr(out, "\"reason\": \"no vehicle has the job's skills\""));
    wo_free(out);
}

/* ------------------------------------------------------------- the checker */

/* A copy of s with text inserted after the first occurrence of key. */
static char *with_inserted(const char *s, const char *key, const char *text)
{
    const char *p = strstr(s, key);
    size_t at, n = strlen(s), m = strlen(text);
    char *t = malloc(n + m + 1);
    assert_non_null(p);
    assert_non_null(t);
    at = (size_t)(p - s) + strlen(key);
    memcpy(t, s, at);
    memcpy(t + at, text, m);
    memcpy(t + at + m, s + at, n - at + 1);
    return t;
}

/* Change the first digit after the first occurrence of key in s. */
static void bump(char *s, const char *key)
{
    char *p = strstr(s, key);
    assert_non_null(p);
    p += strlen(key);
    while (*p == ' ')
        p++;
    assert_true(*p >= '0' && *p <= '9');
    *p = *p == '9' ? '1' : (char)(*p + 1);
}

static void test_checker_catches(void **state)
{
    wo_vroom_opts o;
    size_t len, n;
    char *in = problem_text("vroom_users.json", &len), *out = NULL, msg[MSG];
    char *t;
    (void)state;
    opts_fixed(&o, 100);
    assert_int_equal(wo_vroom_solve_text(in, len, &o, &out, &n, msg, sizeof msg),
                     0);
    assert_int_equal(wo_vroomcheck(in, len, out, n, msg, sizeof msg), 0);
    /* a job listed twice */
    t = with_inserted(out, "\"unassigned\": [", "{\"id\": 1}");
    assert_int_equal(wo_vroomcheck(in, len, t, strlen(t), msg, sizeof msg), 1);
    assert_non_null(strstr(msg, "job 1"));
    free(t);
    /* an arrival moved */
    t = strdup(out);
    bump(t, "\"arrival\":");
    assert_int_equal(wo_vroomcheck(in, len, t, strlen(t), msg, sizeof msg), 1);
    free(t);
    /* a cost that is not VROOM's */
    t = strdup(out);
    bump(strstr(t, "\"routes\": ["), "\"cost\":");
    assert_int_equal(wo_vroomcheck(in, len, t, strlen(t), msg, sizeof msg), 1);
    free(t);
    wo_free(out);
    free(in);
}

/* --------------------------------------------------- determinism, threads */

typedef struct run {
    const char *in;
    size_t len;
    char *out;
    int rc;
} run;

/* The text without computing_times (the only part that varies). */
static void strip_times(char *s)
{
    char *p = strstr(s, "\"computing_times\"");
    if (p)
        *p = '\0';
}

static void *run_main(void *arg)
{
    run *r = arg;
    wo_vroom_opts o;
    char msg[MSG];
    size_t n;
    opts_fixed(&o, 200);
    r->rc = wo_vroom_solve_text(r->in, r->len, &o, &r->out, &n, msg, sizeof msg);
    if (r->rc == 0)
        strip_times(r->out);
    return NULL;
}

static void test_same_answer_threads(void **state)
{
    size_t len;
    char *in = problem_text("facilities.json", &len);
    run r[4];
    pthread_t tid[4];
    int i;
    (void)state;
    for (i = 0; i < 4; i++) {
        r[i].in = in;
        r[i].len = len;
        r[i].out = NULL;
        assert_int_equal(pthread_create(&tid[i], NULL, run_main, &r[i]), 0);
    }
    for (i = 0; i < 4; i++)
        pthread_join(tid[i], NULL);
    for (i = 0; i < 4; i++) {
        assert_int_equal(r[i].rc, 0);
        assert_string_equal(r[i].out, r[0].out);
    }
    for (i = 0; i < 4; i++)
        wo_free(r[i].out);
    free(in);
}

/* ------------------------------------------------------------ out of memory */

static void test_out_of_memory(void **state)
{
    static const char *pb =
        "{\"vehicles\": [{\"id\": 1, \"start\": [106.5, 29.5], \"end\": "
        "[106.5, 29.5], \"capacity\": [5], \"breaks\": [{\"id\": 3, "
        "\"service\": 60}]}], \"jobs\": [{\"id\": 1, \"location\": [106.51, "
        "29.6], \"pickup\": [2], \"skills\": [1]}, {\"id\": 2, \"location\": "
        "[106.52, 29.55], \"pickup\": [2]}], \"facilities\": [{\"id\": 9, "
        "\"location\": [106.6, 29.6], \"service\": 300}]}";
    wo_vroom_opts o;
    long budget;
    int done = 0;
    (void)state;
    opts_fixed(&o, 5);
    for (budget = 0; budget < 20000 && !done; budget += 1 + budget / 40) {
        char msg[MSG], *out = NULL;
        size_t n;
        int rc;
        ts_failalloc_start(budget);
        rc = wo_vroom_solve_text(pb, strlen(pb), &o, &out, &n, msg, sizeof msg);
        done = ts_failalloc_unreached();
        ts_failalloc_stop();
        if (rc == 0) {
            assert_non_null(out);
            wo_free(out);
        } else if (rc != 1 || !strstr(msg, "out of memory")) {
            fail_msg("budget %ld: rc %d, '%s'", budget, rc, msg);
        }
    }
    assert_true(done);
}

/* --check PROBLEM SOLUTION */
static int check_main(const char *pb_path, const char *sol_path)
{
    size_t a, b;
    char *pb = ts_slurp(pb_path, &a), *sol = ts_slurp(sol_path, &b), msg[MSG];
    int rc;
    if (!pb || !sol) {
        fprintf(stderr, "cannot read %s or %s\n", pb_path, sol_path);
        return 2;
    }
    rc = wo_vroomcheck(pb, a, sol, b, msg, sizeof msg);
    if (rc)
        printf("%s: %s\n", sol_path, msg);
    free(pb);
    free(sol);
    return rc;
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cvrp),
        cmocka_unit_test(test_vrptw_breaks_skills),
        cmocka_unit_test(test_facilities),
        cmocka_unit_test(test_vroom_users),
        cmocka_unit_test(test_open_priority),
        cmocka_unit_test(test_bad_problems),
        cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_checker_catches),
        cmocka_unit_test(test_same_answer_threads),
        cmocka_unit_test(test_out_of_memory),
    };
    if (argc == 4 && !strcmp(argv[1], "--check"))
        return check_main(argv[2], argv[3]);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
