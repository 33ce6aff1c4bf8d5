/* Tests of the compaction factor (vehicle_types.csv compaction_kg_per_m3,
 * data/capacity.h): the loader reads and checks it with file, line and
 * column; a compacting body's trip holds compaction x volume kg; validate's
 * "what binds" turns from m3 to t on the small scenario's 8 t compactor;
 * and the plan's routes carry what the compaction allows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/capacity.h"
#include "data/model.h"
#include "solver/plan/plan.h"
#include "tests/support/files.h"

static char small_dir[4096];

/* The compactor row of the small scenario and the header, with the
 * column added. */
#define OLD_HEAD                                                              \
    "shift_max_h,break_min,break_earliest,break_latest,max_stops,"            \
    "trips_per_day,role\n"
#define NEW_HEAD                                                              \
    "shift_max_h,break_min,break_earliest,break_latest,max_stops,"            \
    "trips_per_day,role,compaction_kg_per_m3\n"

/* The small scenario with vehicle_types.csv given the compaction column:
 * `compactor` (the 8 t, 16 m3 compactor's value) and empty for the other
 * types. Returns the loader's code. */
static int load_with(const char *compactor, wo_scenario **sc, wo_err *err)
{
    char path[4200], *text, *out, *p;
    const char *at;
    size_t len, cap;
    ts_files files;
    int rc;
    snprintf(path, sizeof path, "%s/vehicle_types.csv", small_dir);
    text = ts_slurp(path, &len);
    assert_non_null(text);
    cap = len + 4096;
    out = malloc(cap);
    assert_non_null(out);
    /* header */
    at = strstr(text, OLD_HEAD);
    assert_non_null(at);
    p = out;
    memcpy(p, text, (size_t)(at - text));
    p += at - text;
    p += snprintf(p, cap - (size_t)(p - out), "%s", NEW_HEAD);
    /* rows: the compactor's gets the value, every other row an empty
     * field */
    for (at += strlen(OLD_HEAD); *at;) {
        const char *eol = strchr(at, '\n');
        size_t n = eol ? (size_t)(eol - at) : strlen(at);
        int is_compactor = !strncmp(at, "compactor,", 10);
        memcpy(p, at, n);
        p += n;
        p += snprintf(p, cap - (size_t)(p - out), ",%s\n",
                      is_compactor ? compactor : "");
        at += n + (eol != NULL);
    }
    ts_files_init(&files);
    assert_int_equal(ts_files_add_dir(&files, small_dir, NULL), 0);
    assert_int_equal(
        ts_files_put(&files, "vehicle_types.csv", out, (size_t)(p - out)), 0);
    rc = wo_scenario_load_files(files.f, "variant", sc, err);
    ts_files_free(&files);
    free(out);
    free(text);
    return rc;
}

static const wo_vehicle_type *compactor(const wo_scenario *sc)
{
    int t;
    for (t = 0; t < sc->n_vehicle_types; t++)
        if (!strcmp(sc->vehicle_types[t].id, "compactor"))
            return &sc->vehicle_types[t];
    fail_msg("no compactor");
    return NULL;
}

static void test_trip_capacity(void **state)
{
    wo_vehicle_type v;
    double kg, m3;
    (void)state;
    memset(&v, 0, sizeof v);
    v.capacity_kg = 8000;
    v.capacity_m3 = 16;
    wo_vehicle_trip_capacity(&v, &kg, &m3);
    assert_true(kg == 8000 && m3 == 16);
    v.compaction_kg_per_m3 = 400; /* the body holds 6.4 t */
    wo_vehicle_trip_capacity(&v, &kg, &m3);
    assert_true(kg == 6400 && m3 == 0);
    v.compaction_kg_per_m3 = 625; /* 10 t: the payload binds */
    wo_vehicle_trip_capacity(&v, &kg, &m3);
    assert_true(kg == 8000 && m3 == 0);
}

static void test_loader(void **state)
{
    wo_scenario *sc = NULL;
    wo_err err;
    (void)state;
    wo_err_clear(&err);
    assert_int_equal(load_with("500", &sc, &err), WO_OK);
    assert_true(compactor(sc)->compaction_kg_per_m3 == 500);
    assert_true(sc->vehicle_types[1].compaction_kg_per_m3 == 0);
    wo_scenario_free(sc);
    sc = NULL;
    assert_int_equal(load_with("10", &sc, &err), WO_ERANGE);
    assert_null(sc);
    assert_non_null(strstr(err.msg, "vehicle_types.csv:2: column "
                                    "'compaction_kg_per_m3': '10' is below "
                                    "50 kg/m3"));
    assert_int_equal(load_with("dense", &sc, &err), WO_EPARSE);
    assert_string_equal(err.msg, "vehicle_types.csv:2: column "
                                 "'compaction_kg_per_m3': 'dense' is not a "
                                 "number");
    assert_int_equal(load_with("5000", &sc, &err), WO_ERANGE);
    assert_non_null(strstr(err.msg, "is outside [0, 2000]"));
    assert_int_equal(load_with("-400", &sc, &err), WO_ERANGE);
    assert_non_null(strstr(err.msg, "is negative"));
}

/* The small scenario's 8 t, 16 m3 compactor carries loose residual waste
 * of about 271 kg/m3: 4.3 t a trip, the volume binds. Compacted to 500
 * kg/m3 it carries its 8 t. */
static void test_binding(void **state)
{
    wo_scenario *sc = NULL;
    wo_trip_binding b;
    wo_err err;
    (void)state;
    assert_int_equal(load_with("", &sc, &err), WO_OK);
    wo_stream_trip_binding(sc, WO_STREAM_HH_OTHER, 15800.0 / 58.2, &b);
    assert_int_equal(b.binds, WO_BIND_M3);
    assert_string_equal(wo_bind_name(b.binds), "m3");
    assert_int_equal(b.n_types, 1);
    assert_true(b.nominal_kg == 4 * 8000.0);
    assert_true(b.payload_kg < 4 * 4400.0 && b.payload_kg > 4 * 4300.0);
    wo_scenario_free(sc);
    assert_int_equal(load_with("500", &sc, &err), WO_OK);
    wo_stream_trip_binding(sc, WO_STREAM_HH_OTHER, 15800.0 / 58.2, &b);
    assert_int_equal(b.binds, WO_BIND_T);
    assert_true(b.payload_kg == 4 * 8000.0);
    /* a stream no type carries */
    wo_stream_trip_binding(sc, WO_STREAM_CD_SPOIL, 0, &b);
    assert_int_equal(b.binds, WO_BIND_NONE);
    wo_scenario_free(sc);
}

/* Largest load unloaded in one collection trip of hh_other by the plan of
 * sc. */
static double largest_hh_other_trip(const wo_scenario *sc)
{
    wo_plan_params prm;
    wo_plan *p = NULL;
    wo_err err;
    double most = 0;
    int r, v;
    wo_plan_params_init(&prm, sc);
    wo_plan_use_vrp(&prm);
    prm.max_iterations = 60;
    prm.threads = 1;
    prm.seed = 3;
    if (wo_plan_run(sc, &prm, &p, &err) != WO_OK)
        fail_msg("plan: %s", err.msg);
    for (r = 0; r < p->n_routes; r++)
        for (v = 0; v < p->routes[r].n_visits; v++) {
            const wo_plan_visit *x = &p->routes[r].visits[v];
            if (p->routes[r].stream == WO_STREAM_HH_OTHER &&
                p->routes[r].kind == WO_PLAN_ROUTE_COLLECTION &&
                x->kind == WO_PLAN_UNLOAD && x->amount_kg > most)
                most = x->amount_kg;
        }
    wo_plan_free(p);
    return most;
}

/* Without compaction no trip of the compactor holds more than 16 m3 of
 * loose waste (P3's 5 t in 15 m3 is the most); compacted to 500 kg/m3 the
 * routes load it past that, up to its 8 t. */
static void test_plan_uses_compaction(void **state)
{
    wo_scenario *sc = NULL;
    wo_err err;
    double loose, packed;
    (void)state;
    assert_int_equal(load_with("", &sc, &err), WO_OK);
    loose = largest_hh_other_trip(sc);
    wo_scenario_free(sc);
    assert_int_equal(load_with("500", &sc, &err), WO_OK);
    packed = largest_hh_other_trip(sc);
    wo_scenario_free(sc);
    assert_true(loose > 0 && loose <= 5000.0 + 1e-6);
    assert_true(packed > 5000.0 + 1e-6);
    assert_true(packed <= 8000.0 + 1e-6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trip_capacity),
        cmocka_unit_test(test_loader),
        cmocka_unit_test(test_binding),
        cmocka_unit_test(test_plan_uses_compaction),
    };
    snprintf(small_dir, sizeof small_dir, "%s/tests/data/scenarios/small",
             ts_top());
    return cmocka_run_group_tests(tests, NULL, NULL);
}
