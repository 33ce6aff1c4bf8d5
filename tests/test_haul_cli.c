/*
 * End-to-end test of the full-load trips on the embedded default (the
 * real binary, $WO_BIN): cutting the spoil fleet by 60 trucks a type
 * leaves spoil unserved for lack of trucks, and with the trucks back the
 * same tonnes are served again (`whatif`); the household transfer trips
 * are on the hook-lift trucks' routes, listed in stops.csv with their
 * vehicle, the incinerators' bottom ash on the ash trucks' routes, and
 * the plan passes the independent checker (which holds the transfer and
 * haul routes against the transfers, and a plant's residue loads against
 * its yield). Iteration limits
 * everywhere (the flow MIPs then stop on node counts): the same answer on
 * any machine load; about a minute of CPU. Under the sanitizers (WO_SAN=1)
 * the what-if's three plans of the default are the plain pass's.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/json.h"
#include "data/model.h"
#include "tests/support/files.h"
#include "tests/support/plancheck.h"
#include "tests/support/scratch.h"

typedef ts_cli fixture;

static int setup(void **state) { return ts_cli_setup(state, "test_haul_cli"); }

static int teardown(void **state) { return ts_cli_teardown(state); }

/* Exit status of the shell command cmd. */
static int run(const char *cmd)
{
    int st = system(cmd);
    return st >= 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* summary.streams.STREAM.KEY of a plan summary. */
static double stream_t(const wo_json *summary, const char *stream,
                       const char *key)
{
    const wo_json *s = wo_json_object_get(
        wo_json_object_get(summary, "streams"), stream);
    const wo_json *v = wo_json_object_get(s, key);
    assert_non_null(v);
    return wo_json_number_value(v);
}

static void test_spoil_fleet_cut(void **state)
{
    fixture *fx = *state;
    char cmd[2048], path[192];
    wo_json *doc, *vars;
    wo_json_error je;
    const wo_json *base, *cut, *back;
    const char *san = getenv("WO_SAN");
    if (san && !strcmp(san, "1"))
        skip();
    snprintf(path, sizeof path, "%s/whatif.json", fx->dir);
    snprintf(cmd, sizeof cmd,
             "'%s' whatif --change 'fleet cd_spoil -60' "
             "--change 'fleet cd_spoil -60;fleet cd_spoil +60' "
             "--iterations 1 --time-limit 600 --json --quiet >'%s' "
             "2>'%s/err'",
             fx->bin, path, fx->dir);
    assert_int_equal(run(cmd), 0);
    doc = wo_json_load_file(path, 0, &je);
    assert_non_null(doc);
    vars = wo_json_object_get(doc, "variants");
    assert_int_equal(wo_json_array_size(vars), 3);
    base = wo_json_object_get(wo_json_array_get(vars, 0), "summary");
    cut = wo_json_object_get(wo_json_array_get(vars, 1), "summary");
    back = wo_json_object_get(wo_json_array_get(vars, 2), "summary");
    /* the full fleet serves most of the spoil; 60 fewer trucks a type
     * (4 x 96 -> 4 x 36) leave thousands of tonnes unserved */
    assert_true(stream_t(base, "cd_spoil", "served_t") >
                0.9 * stream_t(base, "cd_spoil", "due_t"));
    assert_true(stream_t(cut, "cd_spoil", "served_t") <
                stream_t(base, "cd_spoil", "served_t") - 1000);
    assert_true(stream_t(cut, "cd_spoil", "unserved_t") >
                stream_t(base, "cd_spoil", "unserved_t") + 1000);
    assert_true(fabs(stream_t(cut, "cd_spoil", "served_t") +
                     stream_t(cut, "cd_spoil", "unserved_t") -
                     stream_t(cut, "cd_spoil", "due_t")) < 0.01);
    /* the fleet back: the same tonnes served again */
    assert_true(fabs(stream_t(back, "cd_spoil", "served_t") -
                     stream_t(base, "cd_spoil", "served_t")) < 1e-6);
    /* the cut touches spoil only */
    assert_true(fabs(stream_t(cut, "hh_other", "transferred_t") -
                     stream_t(base, "hh_other", "transferred_t")) < 1e-6);
    wo_json_decref(doc);
}

/* Index of column `name` in the CSV header line h (fields without
 * quotes), -1 when absent. */
static int column(const char *h, const char *name)
{
    size_t n = strlen(name);
    int k = 0;
    for (;;) {
        if (!strncmp(h, name, n) && (h[n] == ',' || h[n] == '\n' ||
                                     h[n] == '\r' || h[n] == '\0'))
            return k;
        h = strchr(h, ',');
        if (!h)
            return -1;
        h++;
        k++;
    }
}

/* Field k of CSV line l (quotes honoured) into buf. */
static void field(const char *l, int k, char *buf, size_t size)
{
    size_t n = 0;
    int in_q = 0, at = 0;
    for (; *l && *l != '\n'; l++) {
        if (*l == '"') {
            in_q = !in_q;
            continue;
        }
        if (*l == ',' && !in_q) {
            if (at++ == k)
                break;
            continue;
        }
        if (at == k && n + 1 < size)
            buf[n++] = *l;
    }
    buf[n] = '\0';
}

static void test_transfer_trips_on_vehicles(void **state)
{
    fixture *fx = *state;
    char cmd[2048], path[192], msg[512], veh[128], kind[32], site[64],
        stream[32];
    const char *args = "--iterations 1 --time-limit 600 --quiet";
    char *csv, *line;
    int rc, c_veh, c_kind, c_site, c_stream, loads = 0, unloads = 0,
        ash_loads = 0;
    wo_scenario *sc = NULL;
    wo_err err;
    wo_json *plan;
    wo_json_error je;
    const wo_json *routes;
    size_t r, v;
    double on_routes = 0;
    snprintf(cmd, sizeof cmd, "'%s' plan --out '%s/out' %s 2>'%s/err'",
             fx->bin, fx->dir, args, fx->dir);
    rc = run(cmd);
    assert_true(rc == 0 || rc == 3);
    assert_int_equal(wo_scenario_load_embedded(&sc, &err), WO_OK);
    snprintf(path, sizeof path, "%s/out/plan.json", fx->dir);
    if (ts_plan_check_file(sc, path, msg, sizeof msg) != 0)
        fail_msg("plan check: %s", msg);
    wo_scenario_free(sc);
    /* household transfer routes on the hook-lift trucks carry what the
     * summary says was transferred */
    plan = wo_json_load_file(path, 0, &je);
    assert_non_null(plan);
    routes = wo_json_object_get(plan, "routes");
    for (r = 0; r < wo_json_array_size(routes); r++) {
        const wo_json *ro = wo_json_array_get(routes, r);
        const wo_json *vis = wo_json_object_get(ro, "visits");
        if (strcmp(wo_json_string_value(wo_json_object_get(ro, "kind")),
                   "transfer") ||
            strcmp(wo_json_string_value(wo_json_object_get(ro, "stream")),
                   "hh_other"))
            continue;
        assert_non_null(strstr(
            wo_json_string_value(wo_json_object_get(ro, "vehicle_type")),
            "-TS"));
        for (v = 0; v < wo_json_array_size(vis); v++) {
            const wo_json *x = wo_json_array_get(vis, v);
            if (!strcmp(wo_json_string_value(wo_json_object_get(x, "kind")),
                        "load"))
                on_routes += wo_json_number_value(
                    wo_json_object_get(x, "amount_kg"));
        }
    }
    assert_true(on_routes > 1e6); /* thousands of tonnes a day */
    assert_true(fabs(on_routes / 1000.0 -
                     stream_t(wo_json_object_get(plan, "summary"), "hh_other",
                              "transferred_t")) < 0.01);
    /* the incinerators' bottom ash (over a thousand tonnes) is all carried
     * on to its sinks */
    assert_true(stream_t(wo_json_object_get(plan, "summary"), "bottom_ash",
                         "due_t") > 1000);
    assert_true(fabs(stream_t(wo_json_object_get(plan, "summary"),
                              "bottom_ash", "served_t") -
                     stream_t(wo_json_object_get(plan, "summary"),
                              "bottom_ash", "due_t")) < 0.01);
    wo_json_decref(plan);
    /* stops.csv: one row per load at a transfer station and per unload,
     * each with its vehicle */
    snprintf(path, sizeof path, "%s/out/stops.csv", fx->dir);
    csv = ts_slurp(path, NULL);
    assert_non_null(csv);
    c_veh = column(csv, "vehicle");
    c_kind = column(csv, "kind");
    c_site = column(csv, "site");
    c_stream = column(csv, "stream");
    assert_true(c_veh >= 0 && c_kind >= 0 && c_site >= 0 && c_stream >= 0);
    for (line = strchr(csv, '\n'); line && line[1]; line = strchr(line, '\n')) {
        line++;
        field(line, c_veh, veh, sizeof veh);
        field(line, c_kind, kind, sizeof kind);
        field(line, c_site, site, sizeof site);
        field(line, c_stream, stream, sizeof stream);
        if (!strcmp(stream, "bottom_ash") && !strcmp(kind, "load")) {
            /* loaded at an incinerator by an ash truck */
            assert_true(!strncmp(site, "CQ-INC-", 7));
            assert_non_null(strstr(veh, "-ASH/"));
            ash_loads++;
        }
        if (strcmp(stream, "hh_other") || !strstr(veh, "-TS/"))
            continue;
        if (!strcmp(kind, "load")) {
            assert_true(!strncmp(site, "CQ-TS-", 6));
            loads++;
        } else if (!strcmp(kind, "unload")) {
            unloads++;
        }
    }
    assert_true(loads > 100);
    assert_int_equal(loads, unloads);
    assert_true(ash_loads > 40); /* 25 t each */
    free(csv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_spoil_fleet_cut, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_transfer_trips_on_vehicles,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
