/* Tests of what-if studies: each change of solver/plan_whatif on the small
 * test scenario (and its error messages), then `wasteopt whatif` run for
 * real, checking the direction of the changes: closing a plant cannot
 * lower the cost, scaling a stream up cannot lower its tonnes. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "cli/json.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "solver/plan_whatif.h"
#include "tests/support/files.h"
#include "tests/support/scratch.h"

static wo_scenario *load_small(void)
{
    wo_scenario *sc = ts_load_test_scenario("small");
    assert_non_null(sc);
    return sc;
}

static void test_close_open_capacity(void **state)
{
    wo_scenario *sc = load_small();
    wo_err err;
    int f = wo_scenario_find_facility(sc, "TS1");
    (void)state;
    assert_true(f >= 0);
    assert_int_equal(wo_plan_apply_change(sc, "close TS1", &err), WO_OK);
    assert_int_equal(sc->facilities[f].status, WO_FSTATUS_CLOSED);
    assert_int_equal(wo_plan_apply_change(sc, "open TS1", &err), WO_OK);
    assert_int_equal(sc->facilities[f].status, WO_FSTATUS_OPERATING);
    assert_int_equal(wo_plan_apply_change(sc, "  capacity   TS1  250 ", &err),
                     WO_OK);
    assert_true(sc->processes[sc->facilities[f].process_first]
                    .capacity_kg_per_d == 250000);
    assert_int_equal(wo_plan_apply_change(sc, "close NOPE", &err),
                     WO_ENOTFOUND);
    assert_non_null(strstr(err.msg, "NOPE"));
    assert_int_equal(wo_plan_apply_change(sc, "capacity TS1 lots", &err),
                     WO_EINVAL);
    assert_non_null(strstr(err.msg, "lots"));
    wo_scenario_free(sc);
}

static void test_scale_fleet_year_date(void **state)
{
    wo_scenario *sc = load_small();
    wo_err err;
    double before = 0, after = 0;
    int i, t = wo_scenario_find_vehicle_type(sc, "medvan"), count;
    (void)state;
    for (i = 0; i < sc->n_demands; i++)
        if (sc->demands[i].stream == WO_STREAM_HH_KITCHEN)
            before += sc->demands[i].kg_per_day;
    count = sc->vehicle_types[t].count;
    assert_int_equal(wo_plan_apply_change(
                         sc, "scale hh_kitchen 1.1; fleet medvan +2; year 2027;"
                             " date 2025-11-03",
                         &err),
                     WO_OK);
    for (i = 0; i < sc->n_demands; i++)
        if (sc->demands[i].stream == WO_STREAM_HH_KITCHEN)
            after += sc->demands[i].kg_per_day;
    assert_true(fabs(after - 1.1 * before) < 1e-6);
    assert_int_equal(sc->vehicle_types[t].count, count + 2);
    assert_int_equal(sc->year, 2027);
    assert_string_equal(sc->date, "2025-11-03");
    assert_int_equal(sc->month, 11);
    /* by stream, and never below zero */
    assert_int_equal(wo_plan_apply_change(sc, "fleet medical -100", &err),
                     WO_OK);
    assert_int_equal(sc->vehicle_types[t].count, 0);
    assert_int_equal(wo_plan_apply_change(sc, "fleet medvan 3", &err),
                     WO_EINVAL);
    assert_int_equal(wo_plan_apply_change(sc, "scale nothing 2", &err),
                     WO_EINVAL);
    assert_int_equal(wo_plan_apply_change(sc, "year 1900", &err), WO_EINVAL);
    assert_int_equal(wo_plan_apply_change(sc, "date 2025-02-30", &err),
                     WO_EINVAL);
    assert_int_equal(wo_plan_apply_change(sc, "demolish TS1", &err),
                     WO_EINVAL);
    assert_non_null(strstr(err.msg, "demolish"));
    assert_int_equal(wo_plan_apply_change(sc, "close", &err), WO_EINVAL);
    wo_scenario_free(sc);
}

static void test_replans(void **state)
{
    (void)state;
    assert_int_equal(wo_plan_change_replans("year 2027"), 0);
    assert_int_equal(wo_plan_change_replans(" year 2027 ;year 2025"), 0);
    assert_int_equal(wo_plan_change_replans("year 2027; close X"), 1);
    assert_int_equal(wo_plan_change_replans("scale hh_other 2"), 1);
}

static void test_add_site(void **state)
{
    wo_scenario *sc = load_small();
    wo_err err;
    int s, n = sc->n_sites, nd = sc->n_demands;
    (void)state;
    assert_int_equal(wo_plan_apply_change(
                         sc, "add-site NEW1 106.55 29.555 hh_other 1200", &err),
                     WO_OK);
    assert_int_equal(sc->n_sites, n + 1);
    assert_int_equal(sc->n_demands, nd + 1);
    s = wo_scenario_find_site(sc, "NEW1");
    assert_int_equal(s, n);
    assert_int_equal(sc->sites[s].demand_first, nd);
    assert_int_equal(sc->demands[nd].site, s);
    assert_true(sc->demands[nd].kg_per_day == 1200);
    assert_true(sc->demands[nd].m3_per_day > 0);
    assert_true(sc->sites[s].district >= 0); /* inside 渝中区 */
    assert_int_equal(wo_plan_apply_change(
                         sc, "add-site NEW1 106.55 29.555 hh_other 1", &err),
                     WO_EDUP);
    assert_int_equal(wo_plan_apply_change(
                         sc, "add-site N2 east 29.5 hh_other 1", &err),
                     WO_EINVAL);
    wo_scenario_free(sc);
}

/* Run `wasteopt whatif ... --json` and return the parsed output. */
static wo_json *run_whatif(const char *changes)
{
    char cmd[4096], *out;
    const char *bin = getenv("WO_BIN");
    wo_json *doc;
    wo_json_error je;
    FILE *p;
    size_t len = 0, cap = 1 << 16;
    snprintf(cmd, sizeof cmd,
             "'%s' whatif '%s/tests/data/scenarios/small' %s --iterations 100 "
             "--seed 3 --json --quiet",
             bin ? bin : "build/wasteopt", ts_top(), changes);
    p = popen(cmd, "r");
    assert_non_null(p);
    out = malloc(cap);
    assert_non_null(out);
    while (len + 1 < cap) {
        size_t got = fread(out + len, 1, cap - 1 - len, p);
        if (got == 0)
            break;
        len += got;
    }
    out[len] = '\0';
    assert_int_equal(pclose(p), 0);
    doc = wo_json_loads(out, 0, &je);
    free(out);
    assert_non_null(doc);
    return doc;
}

static double summary_num(const wo_json *doc, int k, const char *key)
{
    return wo_json_number_value(wo_json_object_get(
        wo_json_object_get(wo_json_array_get(wo_json_object_get(doc, "variants"), k),
                        "summary"),
        key));
}

static double stream_t(const wo_json *doc, int k, const char *stream,
                       const char *key)
{
    const wo_json *s = wo_json_object_get(
        wo_json_object_get(
            wo_json_object_get(wo_json_array_get(wo_json_object_get(doc, "variants"), k),
                            "summary"),
            "streams"),
        stream);
    return wo_json_number_value(wo_json_object_get(s, key));
}

static void test_whatif_directions(void **state)
{
    wo_json *doc = run_whatif("--change 'close TS1' --change "
                             "'scale hh_other 1.5' --change 'year 2027'");
    const wo_json *vars = wo_json_object_get(doc, "variants");
    (void)state;
    assert_int_equal(wo_json_array_size(vars), 4);
    assert_string_equal(
        wo_json_string_value(wo_json_object_get(wo_json_array_get(vars, 0), "label")),
        "base");
    /* closing the transfer station cannot make the plan cheaper */
    assert_true(summary_num(doc, 1, "cost") >= summary_num(doc, 0, "cost"));
    /* scaling other waste up cannot lower its tonnes */
    assert_true(stream_t(doc, 2, "hh_other", "due_t") >=
                stream_t(doc, 0, "hh_other", "due_t"));
    assert_true(stream_t(doc, 2, "hh_other", "served_t") +
                    stream_t(doc, 2, "hh_other", "unserved_t") >=
                stream_t(doc, 0, "hh_other", "served_t") +
                    stream_t(doc, 0, "hh_other", "unserved_t"));
    /* the year changes the targets, not the plan */
    assert_int_equal(wo_json_integer_value(wo_json_object_get(
                         wo_json_object_get(wo_json_array_get(vars, 3), "indicators"),
                         "year")),
                     2027);
    assert_true(summary_num(doc, 3, "cost") == summary_num(doc, 0, "cost"));
    wo_json_decref(doc);
}

/* --site: the network MIP per variant; closing the incinerator cannot
 * make the optimal network cheaper (cost + penalties), and the 2027
 * targets cannot either. */
static void test_whatif_site(void **state)
{
    wo_json *doc = run_whatif("--site --change 'close INC' --change "
                             "'year 2027'");
    wo_json *vars = wo_json_object_get(doc, "variants");
    double total[3];
    int k;
    (void)state;
    assert_int_equal(wo_json_array_size(vars), 3);
    for (k = 0; k < 3; k++) {
        wo_json *fig = wo_json_object_get(wo_json_array_get(vars, k), "siting");
        total[k] = wo_json_number_value(wo_json_object_get(fig, "cost (CNY/d)")) +
                   wo_json_number_value(wo_json_object_get(
                       fig, "penalty: targets short (CNY/d)"));
    }
    assert_true(total[1] >= total[0] - 1e-6);
    assert_true(total[2] >= total[0] - 1e-6);
    wo_json_decref(doc);
}

static void test_whatif_bad_change(void **state)
{
    char cmd[2048];
    const char *bin = getenv("WO_BIN");
    (void)state;
    snprintf(cmd, sizeof cmd,
             "'%s' whatif '%s/tests/data/scenarios/small' --change 'close "
             "NOPE' --quiet >/dev/null 2>&1",
             bin ? bin : "build/wasteopt", ts_top());
    assert_int_equal(WEXITSTATUS(system(cmd)), 2);
    snprintf(cmd, sizeof cmd, "'%s' whatif --quiet >/dev/null 2>&1",
             bin ? bin : "build/wasteopt");
    assert_int_equal(WEXITSTATUS(system(cmd)), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_close_open_capacity),
        cmocka_unit_test(test_scale_fleet_year_date),
        cmocka_unit_test(test_add_site),
        cmocka_unit_test(test_replans),
        cmocka_unit_test(test_whatif_directions),
        cmocka_unit_test(test_whatif_site),
        cmocka_unit_test(test_whatif_bad_change),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
