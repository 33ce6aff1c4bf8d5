/*
 * Unit tests of the loader's datum conversion (data/convert.c) on
 * tests/data/scenarios/datums: the small scenario with sites in GCJ-02 (or
 * BD-09), facilities in CGCS2000 and depots in BD-09 against WGS84
 * districts. Positions must come out as wo_coord_to_wgs84 gives them and
 * within a millimetre of the WGS84 values the files were made from; the
 * district checks must then agree.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/model.h"
#include "data/validate.h"
#include "tests/support/files.h"

/* 1e-8 degrees is about 1 mm: the files hold 9 decimals. */
#define TOL_DEG 1e-8

static char datums_dir[4096];

/* WGS84 positions the test files were converted from. */
typedef struct known {
    const char *id;  /* site, facility or depot id */
    double lon_deg;  /* WGS84 longitude            */
    double lat_deg;  /* WGS84 latitude             */
} known;

static const known known_sites[] = {
    {"P1", 106.575, 29.557}, {"P2", 106.570, 29.552}, {"P3", 106.530, 29.581},
    {"P4", 106.560, 29.590}, {"H1", 106.560, 29.560}, {"C1", 106.540, 29.600},
    {"E1", 106.550, 29.5815}};
static const known known_depots[] = {{"D1", 106.55, 29.56},
                                     {"D2", 106.60, 29.64}};
static const known known_facilities[] = {
    {"TS1", 106.56, 29.55}, {"INC", 106.62, 29.66}, {"KW", 106.60, 29.62},
    {"SORT", 106.55, 29.60}, {"LF", 106.70, 29.69}, {"ASH", 106.64, 29.67},
    {"MED", 106.66, 29.64}, {"HAZ", 106.67, 29.64}, {"CAND", 106.58, 29.63}};

#define NKNOWN(a) ((int)(sizeof a / sizeof a[0]))

/* p is what wo_coord_to_wgs84 makes of the written values, and near the
 * known WGS84 position. */
static void check_point(const wo_point *p, wo_datum datum, const known *k)
{
    double lon, lat;
    wo_err err;
    assert_int_equal(p->datum, datum);
    assert_int_equal(wo_coord_to_wgs84(datum, p->lon_in_deg, p->lat_in_deg,
                                       &lon, &lat, &err),
                     WO_OK);
    if (p->lon_deg != lon || p->lat_deg != lat)
        fail_msg("%s: loaded %.12f, %.12f, converted %.12f, %.12f", k->id,
                 p->lon_deg, p->lat_deg, lon, lat);
    if (fabs(p->lon_deg - k->lon_deg) > TOL_DEG ||
        fabs(p->lat_deg - k->lat_deg) > TOL_DEG)
        fail_msg("%s: loaded %.12f, %.12f, expected %.9f, %.9f", k->id,
                 p->lon_deg, p->lat_deg, k->lon_deg, k->lat_deg);
}

/* The datums scenario with the files of `over` (may be NULL) replacing
 * or adding to its own; fails the test when it does not load. */
static wo_scenario *load_datums_with(const ts_files *over)
{
    ts_files files;
    wo_scenario *sc = NULL;
    wo_err err;
    int i;
    ts_files_init(&files);
    assert_int_equal(ts_files_add_dir(&files, datums_dir, NULL), 0);
    for (i = 0; over && i < over->n; i++)
        assert_int_equal(ts_files_put(&files, over->f[i].name,
                                      over->f[i].data,
                                      (size_t)over->f[i].size),
                         0);
    if (wo_scenario_load_files(files.f, "datums", &sc, &err) != WO_OK)
        fail_msg("load: %s", err.msg);
    ts_files_free(&files);
    return sc;
}

static wo_scenario *load_datums(void)
{
    return load_datums_with(NULL);
}

static void test_positions(void **state)
{
    wo_scenario *sc = load_datums();
    int i, j;
    (void)state;
    assert_int_equal(sc->n_sites, NKNOWN(known_sites));
    for (i = 0; i < NKNOWN(known_sites); i++) {
        j = wo_scenario_find_site(sc, known_sites[i].id);
        assert_true(j >= 0);
        check_point(&sc->sites[j].pos, WO_DATUM_GCJ02, &known_sites[i]);
    }
    for (i = 0; i < NKNOWN(known_depots); i++) {
        j = wo_scenario_find_depot(sc, known_depots[i].id);
        assert_true(j >= 0);
        check_point(&sc->depots[j].pos, WO_DATUM_BD09, &known_depots[i]);
    }
    for (i = 0; i < NKNOWN(known_facilities); i++) {
        j = wo_scenario_find_facility(sc, known_facilities[i].id);
        assert_true(j >= 0);
        check_point(&sc->facilities[j].pos, WO_DATUM_CGCS2000,
                    &known_facilities[i]);
    }
    /* the values as written stay available */
    j = wo_scenario_find_site(sc, "P1");
    assert_true(sc->sites[j].pos.lon_in_deg == 106.578689006);
    assert_true(sc->sites[j].pos.lat_in_deg == 29.554113775);
    /* districts were WGS84 already: unchanged */
    assert_int_equal(sc->districts[0].datum, WO_DATUM_WGS84);
    assert_true(sc->districts[0].lon_deg[0] == 106.52);
    assert_true(sc->districts[0].min_lat_deg == 29.53);
    wo_scenario_free(sc);
}

/* The same sites written in BD-09 land on the same WGS84 positions. */
static void test_bd09_sites(void **state)
{
    static const char key_gcj[] = "\"sites\": \"gcj02\"";
    static const char key_bd[] = "\"sites\": \"bd09\" "; /* same length */
    char path[4200], *json, *sites;
    char *at;
    ts_files over;
    wo_scenario *sc;
    size_t len;
    int i, j;
    (void)state;
    snprintf(path, sizeof path, "%s/scenario.json", datums_dir);
    json = ts_slurp(path, &len);
    assert_non_null(json);
    at = strstr(json, key_gcj);
    assert_non_null(at);
    memcpy(at, key_bd, sizeof key_bd - 1);
    snprintf(path, sizeof path, "%s/sites_bd09.csv", datums_dir);
    sites = ts_slurp(path, NULL);
    assert_non_null(sites);
    ts_files_init(&over);
    assert_int_equal(ts_files_put(&over, "scenario.json", json, len), 0);
    assert_int_equal(ts_files_put(&over, "sites.csv", sites, strlen(sites)),
                     0);
    sc = load_datums_with(&over);
    assert_int_equal(sc->datums[WO_TABLE_SITES], WO_DATUM_BD09);
    for (i = 0; i < NKNOWN(known_sites); i++) {
        j = wo_scenario_find_site(sc, known_sites[i].id);
        assert_true(j >= 0);
        check_point(&sc->sites[j].pos, WO_DATUM_BD09, &known_sites[i]);
    }
    wo_scenario_free(sc);
    ts_files_free(&over);
    free(sites);
    free(json);
}

/* P3 and E1 lie in 500105; their GCJ-02 values, read unconverted, would
 * fall in 500103. After conversion validate agrees with the files. */
static void test_districts_agree(void **state)
{
    wo_scenario *sc = load_datums();
    int d103 = wo_scenario_find_district(sc, "500103");
    int d105 = wo_scenario_find_district(sc, "500105");
    const char *ids[2] = {"P3", "E1"};
    wo_check c;
    wo_err err;
    int i;
    (void)state;
    for (i = 0; i < 2; i++) {
        const wo_site *s = &sc->sites[wo_scenario_find_site(sc, ids[i])];
        assert_true(wo_district_contains(&sc->districts[d103],
                                         s->pos.lon_in_deg,
                                         s->pos.lat_in_deg));
        assert_false(wo_district_contains(&sc->districts[d103],
                                          s->pos.lon_deg, s->pos.lat_deg));
        assert_true(wo_district_contains(&sc->districts[d105],
                                         s->pos.lon_deg, s->pos.lat_deg));
        assert_int_equal(s->district, d105);
    }
    assert_int_equal(wo_scenario_check(sc, &c, &err), WO_OK);
    assert_int_equal(c.n_sites_outside, 0);
    for (i = 0; i < c.n_issues; i++)
        if (!strcmp(c.issues[i].code, "wrong_district") ||
            !strcmp(c.issues[i].code, "outside_districts") ||
            !strcmp(c.issues[i].code, "datum_mismatch"))
            fail_msg("unexpected finding: %s", c.issues[i].msg);
    wo_check_free(&c);
    wo_scenario_free(sc);
}

/* A site outside every district is reported with the values as written
 * and their datum. */
static void test_outside_message(void **state)
{
    static const char *const text =
        "id,name,kind,district,area,lon,lat,service_s,time_windows,"
        "storage_capacity_kg\n"
        "P1,p,collection_point,,urban,106.9,29.9,300,,\n";
    static const char *const demand =
        "site_id,stream,kg_per_day\nP1,hh_other,10\n";
    ts_files over;
    wo_scenario *sc;
    wo_check c;
    wo_err err;
    int i, found = 0;
    (void)state;
    ts_files_init(&over);
    assert_int_equal(ts_files_put(&over, "sites.csv", text, strlen(text)), 0);
    assert_int_equal(
        ts_files_put(&over, "demand.csv", demand, strlen(demand)), 0);
    sc = load_datums_with(&over);
    assert_int_equal(wo_scenario_check(sc, &c, &err), WO_OK);
    for (i = 0; i < c.n_issues; i++)
        if (!strcmp(c.issues[i].code, "outside_districts") &&
            !strcmp(c.issues[i].msg,
                    "site P1 (sites.csv:2) at 106.900000, 29.900000 (gcj02) "
                    "lies outside every district"))
            found = 1;
    assert_true(found);
    wo_check_free(&c);
    wo_scenario_free(sc);
    ts_files_free(&over);
}

/* Without PROJ's database the CGCS2000 facilities cannot be converted:
 * the load fails naming the file and line. */
static void test_proj_missing(void **state)
{
    static const char *const want =
        "facilities.csv:2: columns 'lon', 'lat': '106.56', '29.55' in "
        "cgcs2000 cannot be converted to WGS84: PROJ: cannot look up "
        "EPSG:4490";
    const char *old = getenv("PROJ_DATA");
    char *saved = old ? strdup(old) : NULL;
    wo_scenario *sc = NULL;
    wo_err err;
    int rc;
    (void)state;
    assert_int_equal(setenv("PROJ_DATA", "/nonexistent-proj-data", 1), 0);
    rc = wo_scenario_load_dir(datums_dir, &sc, &err);
    if (saved)
        assert_int_equal(setenv("PROJ_DATA", saved, 1), 0);
    else
        assert_int_equal(unsetenv("PROJ_DATA"), 0);
    free(saved);
    assert_int_equal(rc, WO_EINTERNAL);
    assert_null(sc);
    if (strncmp(err.msg, want, strlen(want)) != 0)
        fail_msg("got: %s", err.msg);
    /* and with PROJ back, it loads */
    sc = load_datums();
    wo_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_bd09_sites),
        cmocka_unit_test(test_districts_agree),
        cmocka_unit_test(test_outside_message),
        cmocka_unit_test(test_proj_missing),
    };
    snprintf(datums_dir, sizeof datums_dir, "%s/tests/data/scenarios/datums",
             ts_top());
    return cmocka_run_group_tests(tests, NULL, NULL);
}
