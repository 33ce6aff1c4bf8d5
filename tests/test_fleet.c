/*
 * Fleet sharing (scenario.json "fleet_sharing"): the loader's scopes per
 * family and stream and their defaults, also_serves resolved to indices,
 * every refusal with its JSON path; which vehicle type may serve which
 * district; validate's district_fleet check; and the plan: district-run
 * streams are served only from the district's own depots (or the depots
 * that also serve it), on the small test scenario (two districts, D1 in
 * 500103, D2 in 500105).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/model.h"
#include "data/validate.h"
#include "solver/plan/plan.h"
#include "tests/support/files.h"

/* scenario.json of the small scenario with `sharing` as its
 * fleet_sharing member ("" for none). */
static void small_json(char *out, size_t size, const char *sharing)
{
    snprintf(out, size,
             "{\"format\": \"wasteopt-scenario\", \"version\": 1,"
             " \"name\": \"fleet-test\", \"year\": 2025,"
             " \"date\": \"2025-06-16\", \"circuity_factor\": 1.45,"
             " \"files\": {\"districts\": \"districts.geojson\","
             " \"facilities\": \"facilities.csv\","
             " \"processes\": \"processes.csv\","
             " \"capacity_levels\": \"capacity_levels.csv\","
             " \"depots\": \"depots.csv\","
             " \"vehicle_types\": \"vehicle_types.csv\","
             " \"sites\": \"sites.csv\", \"demand\": \"demand.csv\"}%s%s}",
             sharing[0] ? ", \"fleet_sharing\": " : "", sharing);
}

/* Load the small scenario with fleet_sharing `sharing` and, when extra
 * is not NULL, the vehicle type rows `extra` appended; returns the load's
 * code, the scenario in *out and the message in err. */
static int load_small(const char *sharing, const char *extra,
                      wo_scenario **out, wo_err *err)
{
    char dir[4096], json[2048];
    ts_files files;
    int rc;
    snprintf(dir, sizeof dir, "%s/tests/data/scenarios/small", ts_top());
    ts_files_init(&files);
    assert_int_equal(ts_files_add_dir(&files, dir, NULL), 0);
    small_json(json, sizeof json, sharing);
    assert_int_equal(ts_files_put(&files, "scenario.json", json, strlen(json)),
                     0);
    if (extra) {
        char path[4200], *vt, *all;
        size_t len;
        snprintf(path, sizeof path, "%s/vehicle_types.csv", dir);
        vt = ts_slurp(path, &len);
        assert_non_null(vt);
        all = test_malloc(len + strlen(extra) + 1);
        memcpy(all, vt, len);
        memcpy(all + len, extra, strlen(extra) + 1);
        assert_int_equal(ts_files_put(&files, "vehicle_types.csv", all,
                                      strlen(all)),
                         0);
        test_free(all);
        free(vt);
    }
    *out = NULL;
    rc = wo_scenario_load_files(files.f, "fleet-test", out, err);
    ts_files_free(&files);
    return rc;
}

static void expect_error(const char *sharing, const char *expected)
{
    wo_scenario *sc;
    wo_err err;
    assert_int_not_equal(load_small(sharing, NULL, &sc, &err), WO_OK);
    assert_null(sc);
    assert_string_equal(err.msg, expected);
}

static void test_defaults(void **state)
{
    wo_scenario *sc;
    wo_err err;
    int s;
    (void)state;
    assert_int_equal(load_small("", NULL, &sc, &err), WO_OK);
    for (s = 0; s < WO_STREAM_PRIMARY_COUNT; s++)
        assert_int_equal(wo_fleet_scope_of(sc, s), wo_fleet_default(s));
    assert_int_equal(wo_fleet_default(WO_STREAM_HH_OTHER), WO_FLEET_DISTRICT);
    assert_int_equal(wo_fleet_default(WO_STREAM_HH_KITCHEN),
                     WO_FLEET_DISTRICT);
    assert_int_equal(wo_fleet_default(WO_STREAM_HH_RECYCLABLE),
                     WO_FLEET_DISTRICT);
    assert_int_equal(wo_fleet_default(WO_STREAM_HH_HAZARDOUS),
                     WO_FLEET_MUNICIPAL);
    assert_int_equal(wo_fleet_default(WO_STREAM_MEDICAL), WO_FLEET_MUNICIPAL);
    assert_int_equal(wo_fleet_default(WO_STREAM_CD_CONSTRUCTION),
                     WO_FLEET_MUNICIPAL);
    assert_int_equal(wo_fleet_default(WO_STREAM_AG_FILM), WO_FLEET_MUNICIPAL);
    assert_int_equal(sc->n_depot_serves, 0);
    wo_scenario_free(sc);
}

/* A family sets its streams; a stream's key overrides it whatever the
 * order of the keys; spoil keeps municipal under "construction". */
static void test_family_and_stream(void **state)
{
    wo_scenario *sc;
    wo_err err;
    (void)state;
    assert_int_equal(load_small("{\"hh_kitchen\": \"municipal\","
                                " \"household\": \"district\","
                                " \"construction\": \"district\","
                                " \"medical\": \"district\"}",
                                NULL, &sc, &err),
                     WO_OK);
    assert_int_equal(wo_fleet_scope_of(sc, WO_STREAM_HH_KITCHEN),
                     WO_FLEET_MUNICIPAL);
    assert_int_equal(wo_fleet_scope_of(sc, WO_STREAM_HH_HAZARDOUS),
                     WO_FLEET_DISTRICT);
    assert_int_equal(wo_fleet_scope_of(sc, WO_STREAM_CD_RENOVATION),
                     WO_FLEET_DISTRICT);
    assert_int_equal(wo_fleet_scope_of(sc, WO_STREAM_CD_SPOIL),
                     WO_FLEET_MUNICIPAL);
    assert_int_equal(wo_fleet_scope_of(sc, WO_STREAM_MEDICAL),
                     WO_FLEET_DISTRICT);
    assert_int_equal(wo_fleet_scope_of(sc, WO_STREAM_AG_STRAW),
                     WO_FLEET_MUNICIPAL);
    wo_scenario_free(sc);
}

/* also_serves resolves to the depot and district indices, and a vehicle
 * type then serves the district of its depot and the listed one only. */
static void test_also_serves(void **state)
{
    wo_scenario *sc;
    wo_territory t;
    wo_err err;
    int c, tk, d3, d5;
    (void)state;
    assert_int_equal(load_small("{\"also_serves\": {\"D1\": [\"500105\"]}}",
                                NULL, &sc, &err),
                     WO_OK);
    assert_int_equal(sc->n_depot_serves, 1);
    assert_int_equal(sc->depot_serves[0].depot,
                     wo_scenario_find_depot(sc, "D1"));
    d3 = wo_scenario_find_district(sc, "500103");
    d5 = wo_scenario_find_district(sc, "500105");
    assert_int_equal(sc->depot_serves[0].district, d5);
    assert_int_equal(wo_territory_init(&t, sc), WO_OK);
    assert_int_equal(t.depot_district[wo_scenario_find_depot(sc, "D1")], d3);
    assert_int_equal(t.depot_district[wo_scenario_find_depot(sc, "D2")], d5);
    assert_int_equal(t.site_district[wo_scenario_find_site(sc, "P3")], d5);
    c = wo_scenario_find_vehicle_type(sc, "compactor"); /* D1, hh_other */
    tk = wo_scenario_find_vehicle_type(sc, "tanker");   /* D2, hh_kitchen */
    assert_true(wo_territory_serves(sc, &t, c, WO_STREAM_HH_OTHER, d3));
    assert_true(wo_territory_serves(sc, &t, c, WO_STREAM_HH_OTHER, d5));
    assert_false(wo_territory_serves(sc, &t, c, WO_STREAM_HH_OTHER, -1));
    assert_false(wo_territory_serves(sc, &t, c, WO_STREAM_HH_KITCHEN, d3));
    assert_true(wo_territory_serves(sc, &t, tk, WO_STREAM_HH_KITCHEN, d5));
    assert_false(wo_territory_serves(sc, &t, tk, WO_STREAM_HH_KITCHEN, d3));
    wo_territory_free(&t);
    wo_scenario_free(sc);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("[\"district\"]",
                 "scenario.json: key 'fleet_sharing': [\"district\"] is not "
                 "an object");
    expect_error("{\"hh_other\": \"city\"}",
                 "scenario.json: key 'fleet_sharing.hh_other': \"city\" is "
                 "not \"district\" or \"municipal\"");
    expect_error("{\"household\": 1}",
                 "scenario.json: key 'fleet_sharing.household': 1 is not "
                 "\"district\" or \"municipal\"");
    expect_error("{\"hh_othr\": \"district\"}",
                 "scenario.json: key 'fleet_sharing.hh_othr': 'hh_othr' is "
                 "not a primary stream code, a family (household, "
                 "construction, medical, agricultural) or 'also_serves'");
    expect_error("{\"fly_ash\": \"municipal\"}",
                 "scenario.json: key 'fleet_sharing.fly_ash': 'fly_ash' is "
                 "not a primary stream code, a family (household, "
                 "construction, medical, agricultural) or 'also_serves'");
    expect_error("{\"cd_spoil\": \"district\"}",
                 "scenario.json: key 'fleet_sharing.cd_spoil': \"district\" "
                 "is not possible: its truckloads are planned city-wide by "
                 "the earthwork and transfer models (use \"municipal\")");
    expect_error("{\"also_serves\": [\"D1\"]}",
                 "scenario.json: key 'fleet_sharing.also_serves': [\"D1\"] "
                 "is not an object of depot id -> list of district ids");
    expect_error("{\"also_serves\": {\"D1\": \"500105\"}}",
                 "scenario.json: key 'fleet_sharing.also_serves.D1': "
                 "\"500105\" is not a list of district ids");
    expect_error("{\"also_serves\": {\"D1\": [\"500105\", 7]}}",
                 "scenario.json: key 'fleet_sharing.also_serves.D1[1]': 7 "
                 "is not a district id");
    expect_error("{\"also_serves\": {\"D9\": [\"500105\"]}}",
                 "scenario.json: key 'fleet_sharing.also_serves.D9': 'D9' "
                 "is not a depot of the depots file");
    expect_error("{\"also_serves\": {\"D1\": [\"500105\", \"500199\"]}}",
                 "scenario.json: key 'fleet_sharing.also_serves.D1[1]': "
                 "'500199' is not a district of the districts file");
}

/* Count of issues with code `code` and stream s whose message holds
 * `part`. */
static int count_issues(const wo_check *c, const char *code, int s,
                        const char *part)
{
    int i, n = 0;
    for (i = 0; i < c->n_issues; i++)
        if (!strcmp(c->issues[i].code, code) && c->issues[i].stream == s &&
            strstr(c->issues[i].msg, part))
            n++;
    return n;
}

/* The small scenario's household fleets each sit in one district: by
 * default (district-run) validate names every district left without one;
 * also_serves and municipal scopes clear them. */
static void test_validate(void **state)
{
    wo_scenario *sc;
    wo_check c;
    wo_err err;
    (void)state;
    assert_int_equal(load_small("", NULL, &sc, &err), WO_OK);
    assert_int_equal(wo_scenario_check(sc, &c, &err), WO_OK);
    assert_int_equal(count_issues(&c, "district_fleet", WO_STREAM_HH_OTHER,
                                  "district 500105"),
                     1);
    assert_int_equal(count_issues(&c, "district_fleet", WO_STREAM_HH_KITCHEN,
                                  "district 500103"),
                     1);
    assert_int_equal(count_issues(&c, "district_fleet",
                                  WO_STREAM_HH_RECYCLABLE, "district 500103"),
                     1);
    /* hazardous is municipal by default: its one van serves both */
    assert_int_equal(count_issues(&c, "district_fleet",
                                  WO_STREAM_HH_HAZARDOUS, ""),
                     0);
    assert_int_equal(count_issues(&c, "district_fleet", WO_STREAM_MEDICAL, ""),
                     0);
    wo_check_free(&c);
    wo_scenario_free(sc);

    assert_int_equal(load_small("{\"hh_other\": \"municipal\","
                                " \"also_serves\": {\"D2\": [\"500103\"]}}",
                                NULL, &sc, &err),
                     WO_OK);
    assert_int_equal(wo_scenario_check(sc, &c, &err), WO_OK);
    assert_int_equal(count_issues(&c, "district_fleet", -1, ""), 0);
    assert_int_equal(c.n_errors, 0);
    wo_check_free(&c);
    wo_scenario_free(sc);
}

/* 1 when every stop of route r lies in a district of `allowed` (indices
 * as declared in sites.csv, -2 ends the list). */
static int route_within(const wo_scenario *sc, const wo_plan_route *r,
                        const int *allowed)
{
    int v, k;
    for (v = 0; v < r->n_visits; v++) {
        const wo_site *si;
        int ok = 0;
        if (r->visits[v].kind != WO_PLAN_STOP)
            continue;
        si = &sc->sites[sc->demands[r->visits[v].demand].site];
        for (k = 0; allowed[k] != -2; k++)
            ok |= si->district == allowed[k];
        if (!ok)
            return 0;
    }
    return 1;
}

static wo_plan *plan_small(wo_scenario *sc)
{
    wo_plan_params prm;
    wo_plan *p = NULL;
    wo_err err;
    wo_plan_params_init(&prm, sc);
    wo_plan_use_vrp(&prm);
    prm.max_iterations = 300;
    assert_int_equal(wo_plan_run(sc, &prm, &p, &err), WO_OK);
    return p;
}

/* Unserved tonnes of stream s for reason `why` in p. */
static double unserved_kg(const wo_plan *p, int s, const char *why)
{
    double kg = 0;
    int i;
    for (i = 0; i < p->n_unserved; i++)
        if ((int)p->unserved[i].stream == s &&
            !strcmp(p->unserved[i].reason, why))
            kg += p->unserved[i].amount_kg;
    return kg;
}

/* District-run by default: the compactors of D1 (500103) never serve
 * 500105, whose hh_other is unserved as district_fleet; D1 also serving
 * 500105 lets them. With a second compactor type at D2 (500105 only), its
 * routes stay in 500105 while D1's may cover both: the problem splits its
 * hh_other stops into those two vehicle sets. */
static void test_plan(void **state)
{
    static const int only3[] = {0, -2}, only5[] = {1, -2}, both[] = {0, 1, -2};
    wo_scenario *sc;
    wo_plan *p;
    wo_err err;
    int i, d1_in_5 = 0, d2_routes = 0;
    (void)state;
    assert_int_equal(load_small("", NULL, &sc, &err), WO_OK);
    assert_int_equal(wo_scenario_find_district(sc, "500103"), 0);
    assert_int_equal(wo_scenario_find_district(sc, "500105"), 1);
    p = plan_small(sc);
    for (i = 0; i < p->n_routes; i++)
        if (p->routes[i].stream == WO_STREAM_HH_OTHER)
            assert_true(route_within(sc, &p->routes[i], only3));
    /* P3 5000 kg and P4 2500 kg (optional) of 500105 */
    assert_true(unserved_kg(p, WO_STREAM_HH_OTHER, "district_fleet") >=
                5000 - 1e-6);
    assert_true(unserved_kg(p, WO_STREAM_HH_KITCHEN, "district_fleet") >=
                1500 - 1e-6);
    wo_plan_free(p);
    wo_scenario_free(sc);

    assert_int_equal(
        load_small("{\"also_serves\": {\"D1\": [\"500105\"]}}",
                   "compactor2,8 t compactor,hh_other,2,D2,,8000,16,25,4.5,"
                   "80,300,20:00,30:00,8,30,24:00,26:00,60,2,collection\n",
                   &sc, &err),
        WO_OK);
    p = plan_small(sc);
    assert_true(unserved_kg(p, WO_STREAM_HH_OTHER, "district_fleet") == 0);
    for (i = 0; i < p->n_routes; i++) {
        const wo_plan_route *r = &p->routes[i];
        if (r->stream != WO_STREAM_HH_OTHER)
            continue;
        if (!strcmp(r->vehicle_type, "compactor2")) {
            d2_routes++;
            assert_true(route_within(sc, r, only5));
        } else {
            assert_true(route_within(sc, r, both));
            d1_in_5 += !route_within(sc, r, only3);
        }
    }
    /* someone serves 500105's hh_other: D2's own or D1's */
    assert_true(d1_in_5 + d2_routes > 0);
    wo_plan_free(p);
    wo_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_family_and_stream),
        cmocka_unit_test(test_also_serves),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_plan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
