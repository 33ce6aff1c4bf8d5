/* End-to-end tests of `wasteopt plan`: the real binary ($WO_BIN) on the
 * test scenarios, every written plan held against the scenario by the
 * independent checker (tests/support/plancheck.c); exit codes, --json,
 * determinism for a seed and an iteration limit, an unwritable --out, and
 * SIGTERM in the middle of a run. Kept to a few seconds: iteration limits
 * everywhere but in the signal test. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "data/model.h"
#include "tests/support/files.h"
#include "tests/support/scratch.h"
#include "tests/support/plancheck.h"

typedef ts_cli fixture;

static int setup(void **state) { return ts_cli_setup(state, "test_plan_cli"); }

static int teardown(void **state) { return ts_cli_teardown(state); }

/* Start `bin plan ARGS...` with stdout/stderr to files in the scratch dir;
 * returns the child's pid. */
static pid_t start_plan(const fixture *fx, const char *const *args)
{
    char *argv[32];
    char out[128], err[128];
    int n = 0;
    pid_t pid;
    argv[n++] = (char *)fx->bin;
    argv[n++] = "plan";
    while (*args && n < 30)
        argv[n++] = (char *)*args++;
    argv[n] = NULL;
    snprintf(out, sizeof out, "%s/stdout", fx->dir);
    snprintf(err, sizeof err, "%s/stderr", fx->dir);
    pid = fork();
    if (pid == 0) {
        int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fo < 0 || fe < 0)
            _exit(126);
        dup2(fo, 1);
        dup2(fe, 2);
        execv(fx->bin, argv);
        _exit(127);
    }
    return pid;
}

static int wait_status(pid_t pid)
{
    int st = 0;
    if (waitpid(pid, &st, 0) < 0)
        return -1;
    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

static int run_plan(const fixture *fx, const char *const *args)
{
    return wait_status(start_plan(fx, args));
}

static char *read_scratch(const fixture *fx, const char *name)
{
    char path[192];
    snprintf(path, sizeof path, "%s/%s", fx->dir, name);
    return ts_slurp(path, NULL);
}

static wo_scenario *load_small(void)
{
    wo_scenario *sc = ts_load_test_scenario("small");
    assert_non_null(sc);
    return sc;
}

static void check_outputs(const fixture *fx, const char *out_dir,
                          const wo_scenario *sc)
{
    static const char *const names[] = {"plan.json", "routes.geojson",
                                        "sites.geojson", "stops.csv",
                                        "map.svg", "map.html"};
    char path[256], msg[512];
    size_t i;
    struct stat st;
    (void)fx;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", out_dir, names[i]);
        assert_int_equal(stat(path, &st), 0);
        assert_true(st.st_size > 0);
    }
    snprintf(path, sizeof path, "%s/plan.json", out_dir);
    if (ts_plan_check_file(sc, path, msg, sizeof msg) != 0)
        fail_msg("plan check: %s", msg);
    {
        wo_json_error je;
        wo_json *doc = wo_json_load_file(path, 0, &je);
        assert_non_null(doc);
        assert_true(wo_json_is_array(
            wo_json_object_get(wo_json_object_get(doc, "indicators"), "indicators")));
        wo_json_decref(doc);
    }
}

/* Plan the small scenario with args (args[0] is set to its path; out, the
 * output directory, must be one of args), expect exit 0 or 3 and check
 * every output. */
static void plan_small_checked(const fixture *fx, const char **args,
                               const char *out)
{
    char path[512];
    wo_scenario *sc = load_small();
    int rc;
    snprintf(path, sizeof path, "%s/tests/data/scenarios/small", ts_top());
    args[0] = path;
    rc = run_plan(fx, args);
    assert_true(rc == 0 || rc == 3);
    check_outputs(fx, out, sc);
    wo_scenario_free(sc);
}

static void test_small_one_day(void **state)
{
    fixture *fx = *state;
    char out[128];
    const char *args[] = {NULL, "--out", out, "--iterations", "200",
                          "--quiet", NULL};
    snprintf(out, sizeof out, "%s/out", fx->dir);
    plan_small_checked(fx, args, out);
}

static void test_small_medical_horizon(void **state)
{
    fixture *fx = *state;
    char out[128];
    const char *args[] = {NULL, "--out", out, "--days", "5", "--iterations",
                          "150", "--json", NULL};
    wo_json *doc;
    wo_json_error je;
    char *stdout_text;
    snprintf(out, sizeof out, "%s/out", fx->dir);
    plan_small_checked(fx, args, out);
    /* --json: the summary on stdout */
    stdout_text = read_scratch(fx, "stdout");
    assert_non_null(stdout_text);
    doc = wo_json_loads(stdout_text, 0, &je);
    assert_non_null(doc);
    assert_int_equal(wo_json_integer_value(wo_json_object_get(doc, "days")), 5);
    assert_true(wo_json_is_number(wo_json_object_get(doc, "cost")));
    wo_json_decref(doc);
    free(stdout_text);
}

static void test_deterministic(void **state)
{
    fixture *fx = *state;
    char out1[128], out2[128], path[512], p1[256], p2[256];
    const char *a1[] = {NULL, "--out", out1, "--days", "2", "--seed", "11",
                        "--iterations", "150", "--quiet", NULL};
    const char *a2[] = {NULL, "--out", out2, "--days", "2", "--seed", "11",
                        "--iterations", "150", "--quiet", "--threads", "1",
                        NULL};
    wo_json *j1, *j2;
    wo_json_error je;
    snprintf(path, sizeof path, "%s/tests/data/scenarios/small", ts_top());
    snprintf(out1, sizeof out1, "%s/o1", fx->dir);
    snprintf(out2, sizeof out2, "%s/o2", fx->dir);
    a1[0] = a2[0] = path;
    run_plan(fx, a1);
    run_plan(fx, a2);
    snprintf(p1, sizeof p1, "%s/plan.json", out1);
    snprintf(p2, sizeof p2, "%s/plan.json", out2);
    j1 = wo_json_load_file(p1, 0, &je);
    j2 = wo_json_load_file(p2, 0, &je);
    assert_non_null(j1);
    assert_non_null(j2);
    /* same routes and totals, whatever the number of threads */
    assert_true(wo_json_equal(wo_json_object_get(j1, "routes"),
                           wo_json_object_get(j2, "routes")));
    assert_true(wo_json_equal(wo_json_object_get(wo_json_object_get(j1, "summary"),
                                           "cost"),
                           wo_json_object_get(wo_json_object_get(j2, "summary"),
                                           "cost")));
    wo_json_decref(j1);
    wo_json_decref(j2);
}

static void test_unwritable_out(void **state)
{
    fixture *fx = *state;
    char file[128], out[160];
    const char *args[] = {"--out", out, NULL};
    char *err_text;
    FILE *f;
    snprintf(file, sizeof file, "%s/plainfile", fx->dir);
    snprintf(out, sizeof out, "%s/sub", file);
    f = fopen(file, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(run_plan(fx, args), 1);
    err_text = read_scratch(fx, "stderr");
    assert_non_null(err_text);
    assert_non_null(strstr(err_text, "output directory"));
    assert_null(strstr(err_text, "planning")); /* failed before solving */
    free(err_text);
}

static void test_usage_errors(void **state)
{
    fixture *fx = *state;
    const char *bad_opt[] = {"--no-such-option", NULL};
    const char *bad_days[] = {"--days", "0", NULL};
    const char *bad_date[] = {"tests/data/scenarios/small", "--date",
                              "2026-02-30", "--out", NULL, NULL};
    char out[128];
    assert_int_equal(run_plan(fx, bad_opt), 2);
    assert_int_equal(run_plan(fx, bad_days), 2);
    snprintf(out, sizeof out, "%s/o", fx->dir);
    bad_date[4] = out;
    assert_int_equal(run_plan(fx, bad_date), 2);
}

/* Annex indicator 3 in plan.json: the incineration rate at or above the
 * scenario year's target, or the incineration target named under
 * "binding" (stream hh_other and the incinerators whose capacity binds). */
static void check_incineration(const char *out_dir)
{
    char path[256];
    wo_json_error je;
    wo_json *doc, *lines, *l, *bind, *b;
    size_t i;
    int found = 0, named = 0;
    snprintf(path, sizeof path, "%s/plan.json", out_dir);
    doc = wo_json_load_file(path, 0, &je);
    assert_non_null(doc);
    lines = wo_json_object_get(wo_json_object_get(doc, "indicators"), "indicators");
    bind = wo_json_object_get(doc, "binding");
    assert_true(wo_json_is_array(bind));
    wo_json_array_foreach(bind, i, b) {
        const char *t = wo_json_string_value(b);
        named |= t && strstr(t, "incineration rate target") &&
                 strstr(t, "hh_other");
    }
    wo_json_array_foreach(lines, i, l) {
        double v, target;
        if (strcmp(wo_json_string_value(wo_json_object_get(l, "key")), "3") != 0)
            continue;
        found = 1;
        v = wo_json_number_value(wo_json_object_get(l, "value_pct"));
        target = wo_json_number_value(
            wo_json_object_get(wo_json_object_get(l, "target"), "pct"));
        if (!(v >= target - 1e-9) && !named)
            fail_msg("incineration rate %.2f %% below target %.1f %% and no "
                     "binding reason given",
                     v, target);
    }
    assert_true(found);
    wo_json_decref(doc);
}

/* The embedded Chongqing default, every stream family, two days in
 * another season than the scenario's date: a short search, but the plan
 * must be valid all the same. */
static void test_default_checked(void **state)
{
    fixture *fx = *state;
    char out[128];
    const char *args[] = {"--out", out, "--days", "2", "--date", "2025-06-02",
                          "--time-limit", "4", "--quiet", NULL};
    wo_scenario *sc = NULL;
    wo_err err;
    int rc;
    snprintf(out, sizeof out, "%s/out", fx->dir);
    rc = run_plan(fx, args);
    assert_true(rc == 0 || rc == 3);
    assert_int_equal(wo_scenario_load_embedded(&sc, &err), WO_OK);
    check_outputs(fx, out, sc);
    wo_scenario_free(sc);
    check_incineration(out);
}

/* With a road graph (a synthetic street grid over the small scenario,
 * imported by `wasteopt osm import`): travel along the roads, a valid
 * plan, and routes drawn along the streets (more points than visits). */
static void test_road_graph(void **state)
{
    fixture *fx = *state;
    char out[128], graph[128], osm[512], cmd[2048], pj[192];
    const char *args[] = {NULL, "--graph", graph, "--out", out, "--days", "2",
                          "--iterations", "100", "--quiet", NULL};
    wo_json *fc, *plan;
    wo_json_error je;
    size_t i;
    int longer = 0;
    snprintf(osm, sizeof osm, "%s/tests/data/roads/grid_small.osm", ts_top());
    snprintf(graph, sizeof graph, "%s/grid.graph", fx->dir);
    snprintf(cmd, sizeof cmd, "'%s' osm import '%s' -o '%s' --quiet", fx->bin,
             osm, graph);
    assert_int_equal(system(cmd), 0);
    snprintf(out, sizeof out, "%s/out", fx->dir);
    plan_small_checked(fx, args, out);
    snprintf(pj, sizeof pj, "%s/routes.geojson", out);
    fc = wo_json_load_file(pj, 0, &je);
    snprintf(pj, sizeof pj, "%s/plan.json", out);
    plan = wo_json_load_file(pj, 0, &je);
    assert_non_null(fc);
    assert_non_null(plan);
    for (i = 0; i < wo_json_array_size(wo_json_object_get(plan, "routes")); i++) {
        wo_json *f = wo_json_array_get(wo_json_object_get(fc, "features"), i);
        wo_json *r = wo_json_array_get(wo_json_object_get(plan, "routes"), i);
        if (wo_json_array_size(wo_json_object_get(wo_json_object_get(f, "geometry"),
                                            "coordinates")) >
            wo_json_array_size(wo_json_object_get(r, "visits")))
            longer++;
    }
    assert_true(longer > 0);
    wo_json_decref(fc);
    wo_json_decref(plan);
    /* a graph file that is not one fails before planning */
    args[2] = osm;
    assert_int_equal(run_plan(fx, args), 1);
}

/* SIGTERM during the search: exit 130, a complete plan (the best so far)
 * that passes the checker, and an old file of the same name replaced
 * whole. */
static void test_sigterm_writes_best(void **state)
{
    fixture *fx = *state;
    char out[128], path[512], pj[192];
    wo_scenario *sc = load_small();
    /* no stop rule: the search must still run when the signal comes */
    const char *args[] = {NULL, "--out", out, "--days", "3", "--time-limit",
                          "60", "--threads", "1", "--stall-iterations", "0",
                          "--stall-seconds", "0", NULL};
    struct timespec ts = {0, 700 * 1000 * 1000};
    wo_json *doc;
    wo_json_error je;
    pid_t pid;
    FILE *f;
    snprintf(path, sizeof path, "%s/tests/data/scenarios/small", ts_top());
    snprintf(out, sizeof out, "%s/out", fx->dir);
    snprintf(pj, sizeof pj, "%s/plan.json", out);
    args[0] = path;
    mkdir(out, 0755);
    f = fopen(pj, "w");
    assert_non_null(f);
    fputs("{\"previous\": true}\n", f);
    fclose(f);
    pid = start_plan(fx, args);
    nanosleep(&ts, NULL);
    kill(pid, SIGTERM);
    assert_int_equal(wait_status(pid), 130);
    doc = wo_json_load_file(pj, 0, &je);
    assert_non_null(doc);
    assert_true(wo_json_is_true(
        wo_json_object_get(wo_json_object_get(doc, "summary"), "interrupted")));
    wo_json_decref(doc);
    check_outputs(fx, out, sc);
    wo_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_small_one_day, setup, teardown),
        cmocka_unit_test_setup_teardown(test_small_medical_horizon, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unwritable_out, setup, teardown),
        cmocka_unit_test_setup_teardown(test_usage_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sigterm_writes_best, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_default_checked, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_road_graph, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
