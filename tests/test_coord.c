/*
 * Unit tests of geo/coord, geo/gcj02 and geo/crs: GCJ-02/BD-09 forward
 * values against an independent implementation, round trips over
 * Chongqing, Gauss-Krueger zones and coordinates against PROJ's cs2cs,
 * the CSV batch conversion and bad input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "geo/coord.h"
#include "geo/crs.h"
#include "geo/gcj02.h"

#define DEG_TO_RAD (3.14159265358979323846 / 180.0)

/* Distance in metres between two nearby lon/lat points (local plane on a
 * 6371 km sphere: accurate far below the 0.5 m tolerance at these sizes). */
static double dist_m(double lon1, double lat1, double lon2, double lat2)
{
    double dx = (lon2 - lon1) * DEG_TO_RAD * cos(lat1 * DEG_TO_RAD);
    double dy = (lat2 - lat1) * DEG_TO_RAD;
    return 6371000.0 * sqrt(dx * dx + dy * dy);
}

/* Reference values: WGS84 points and their GCJ-02 and BD-09 images as
 * computed by the independent JavaScript library gcoord 1.0.7 (npm),
 * `gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02)` and
 * `... gcoord.BD09)`, printed with toFixed(9). */
static const struct {
    double lon, lat, gcj_lon, gcj_lat, bd_lon, bd_lat;
} refs[] = {
    {106.5516, 29.5630, 106.555317650, 29.560151274, 106.561748234,
     29.566465989},
    {106.5049, 29.5332, 106.508733108, 29.530462539, 106.515322635,
     29.536178623},
    {108.3800, 30.8100, 108.384580042, 30.807729632, 108.391035062,
     30.813815244},
    {105.3, 28.2, 105.303305708, 28.196596521, 105.309885609, 28.202284414},
    {110.2, 32.2, 110.205087394, 32.197844720, 110.211673608, 32.203615015},
    {107.0, 29.0, 107.004146300, 28.996934455, 107.010657587, 29.002833544},
};
#define NREFS (sizeof refs / sizeof refs[0])

static void test_gcj_bd_forward_reference(void **state)
{
    size_t i;
    double a, b;
    (void)state;
    for (i = 0; i < NREFS; i++) {
        wo_gcj02_from_wgs84(refs[i].lon, refs[i].lat, &a, &b);
        assert_true(fabs(a - refs[i].gcj_lon) < 2e-9);
        assert_true(fabs(b - refs[i].gcj_lat) < 2e-9);
        wo_bd09_from_wgs84(refs[i].lon, refs[i].lat, &a, &b);
        assert_true(fabs(a - refs[i].bd_lon) < 2e-9);
        assert_true(fabs(b - refs[i].bd_lat) < 2e-9);
        /* The offset in Chongqing is a few hundred metres. */
        assert_true(dist_m(refs[i].lon, refs[i].lat, refs[i].gcj_lon,
                           refs[i].gcj_lat) > 200.0);
    }
}

static void test_gcj_bd_inverse_reference(void **state)
{
    size_t i;
    double a, b;
    wo_err err;
    (void)state;
    for (i = 0; i < NREFS; i++) {
        assert_int_equal(wo_coord_to_wgs84(WO_DATUM_GCJ02, refs[i].gcj_lon,
                                           refs[i].gcj_lat, &a, &b, &err),
                         WO_OK);
        assert_true(dist_m(a, b, refs[i].lon, refs[i].lat) < 0.01);
        assert_int_equal(wo_coord_to_wgs84(WO_DATUM_BD09, refs[i].bd_lon,
                                           refs[i].bd_lat, &a, &b, &err),
                         WO_OK);
        assert_true(dist_m(a, b, refs[i].lon, refs[i].lat) < 0.01);
    }
}

/* Error (m) of one round trip of (lon, lat) through datum d: WGS84 -> d ->
 * WGS84, or when web_first, d -> WGS84 -> d. */
static double round_trip_m(wo_coord_conv *cv, wo_datum d, int web_first,
                           double lon, double lat)
{
    double a, b, c, e;
    wo_err err;
    int (*first)(wo_coord_conv *, wo_datum, double, double, double *,
                 double *, wo_err *) =
        web_first ? wo_coord_conv_to_wgs84 : wo_coord_conv_from_wgs84;
    int (*second)(wo_coord_conv *, wo_datum, double, double, double *,
                  double *, wo_err *) =
        web_first ? wo_coord_conv_from_wgs84 : wo_coord_conv_to_wgs84;
    assert_int_equal(first(cv, d, lon, lat, &a, &b, &err), WO_OK);
    assert_int_equal(second(cv, d, a, b, &c, &e, &err), WO_OK);
    return dist_m(lon, lat, c, e);
}

/* Round trips on a 50 x 40 grid over Chongqing's bounding box
 * (105.3..110.2 E, 28.2..32.2 N), both directions, both datums. */
static void test_round_trip_grid(void **state)
{
    int i, j, k;
    double worst = 0.0;
    wo_coord_conv *cv = NULL;
    wo_err err;
    (void)state;
    assert_int_equal(wo_coord_conv_open(&cv, &err), WO_OK);
    for (i = 0; i <= 49; i++)
        for (j = 0; j <= 39; j++) {
            double lon = 105.3 + 4.9 * i / 49.0, lat = 28.2 + 4.0 * j / 39.0;
            for (k = WO_DATUM_GCJ02; k <= WO_DATUM_BD09; k++) {
                double e = round_trip_m(cv, (wo_datum)k, 0, lon, lat);
                worst = e > worst ? e : worst;
                /* The other way: treat the grid point as a web-map
                 * coordinate, go to WGS84 and back. */
                e = round_trip_m(cv, (wo_datum)k, 1, lon, lat);
                worst = e > worst ? e : worst;
            }
        }
    wo_coord_conv_close(cv);
    assert_true(worst < 0.5);
    /* The iteration converges far below the requirement. */
    assert_true(worst < 1e-3);
}

static void test_outside_china_identity(void **state)
{
    double a, b;
    wo_err err;
    (void)state;
    assert_false(wo_gcj02_in_china(2.35, 48.85));
    assert_int_equal(wo_coord_from_wgs84(WO_DATUM_GCJ02, 2.35, 48.85, &a, &b,
                                         &err),
                     WO_OK);
    assert_true(a == 2.35 && b == 48.85);
    assert_int_equal(wo_coord_to_wgs84(WO_DATUM_BD09, -122.4, 37.8, &a, &b,
                                       &err),
                     WO_OK);
    assert_true(a == -122.4 && b == 37.8);
    assert_true(wo_gcj02_in_china(106.55, 29.56));
}

static void test_datum_parse(void **state)
{
    wo_datum d = WO_DATUM_WGS84;
    (void)state;
    assert_int_equal(wo_datum_parse("GCJ02", &d), WO_OK);
    assert_int_equal(d, WO_DATUM_GCJ02);
    assert_int_equal(wo_datum_parse("bd09", &d), WO_OK);
    assert_int_equal(d, WO_DATUM_BD09);
    assert_int_equal(wo_datum_parse("CGCS2000", &d), WO_OK);
    assert_int_equal(d, WO_DATUM_CGCS2000);
    assert_int_equal(wo_datum_parse("wgs84", &d), WO_OK);
    assert_int_equal(d, WO_DATUM_WGS84);
    assert_int_equal(wo_datum_parse("gcj", &d), WO_EINVAL);
    assert_int_equal(wo_datum_parse("", &d), WO_EINVAL);
    assert_int_equal(wo_datum_parse(NULL, &d), WO_EINVAL);
    assert_string_equal(wo_datum_name(WO_DATUM_BD09), "bd09");
    assert_string_equal(wo_datum_name((wo_datum)42), "unknown");
}

static void test_bad_ranges(void **state)
{
    double a, b;
    wo_err err;
    (void)state;
    wo_err_clear(&err);
    assert_int_equal(wo_coord_to_wgs84(WO_DATUM_GCJ02, 181.0, 30.0, &a, &b,
                                       &err),
                     WO_ERANGE);
    assert_non_null(strstr(err.msg, "181"));
    assert_int_equal(wo_coord_from_wgs84(WO_DATUM_CGCS2000, 100.0, -91.0, &a,
                                         &b, &err),
                     WO_ERANGE);
    assert_int_equal(wo_coord_to_wgs84(WO_DATUM_WGS84, NAN, 0.0, &a, &b,
                                       &err),
                     WO_ERANGE);
    assert_int_equal(wo_coord_to_wgs84((wo_datum)9, 1.0, 1.0, &a, &b, &err),
                     WO_EINVAL);
}

/* CGCS2000 <-> WGS84 is PROJ's ballpark (no shift) operation. */
static void test_cgcs2000(void **state)
{
    double a, b;
    wo_err err;
    (void)state;
    assert_int_equal(wo_coord_from_wgs84(WO_DATUM_CGCS2000, 106.5516,
                                         29.5630, &a, &b, &err),
                     WO_OK);
    assert_true(fabs(a - 106.5516) < 1e-9 && fabs(b - 29.5630) < 1e-9);
    assert_int_equal(wo_coord_to_wgs84(WO_DATUM_CGCS2000, a, b, &a, &b,
                                       &err),
                     WO_OK);
    assert_true(fabs(a - 106.5516) < 1e-9 && fabs(b - 29.5630) < 1e-9);
}

static void test_gk_zones(void **state)
{
    int cm = 0;
    wo_err err;
    (void)state;
    assert_int_equal(wo_crs_gk_zone_for_lon(105.3, &cm, &err), WO_OK);
    assert_int_equal(cm, 105);
    assert_int_equal(wo_crs_gk_zone_for_lon(106.4999, &cm, &err), WO_OK);
    assert_int_equal(cm, 105);
    assert_int_equal(wo_crs_gk_zone_for_lon(106.5, &cm, &err), WO_OK);
    assert_int_equal(cm, 108);
    assert_int_equal(wo_crs_gk_zone_for_lon(109.4, &cm, &err), WO_OK);
    assert_int_equal(cm, 108);
    assert_int_equal(wo_crs_gk_zone_for_lon(110.0, &cm, &err), WO_OK);
    assert_int_equal(cm, 111);
    assert_int_equal(wo_crs_gk_zone_for_lon(10.0, &cm, &err), WO_ERANGE);
    assert_int_equal(wo_crs_gk_epsg(105), 4544);
    assert_int_equal(wo_crs_gk_epsg(108), 4545);
    assert_int_equal(wo_crs_gk_epsg(111), 4546);
    assert_int_equal(wo_crs_gk_epsg(106), 0);
    assert_int_equal(wo_crs_gk_epsg(72), 0);
}

/* Expected values from PROJ 9.1.1's command line, run once:
 *   echo "29.5630 106.5516" | cs2cs -f %.4f EPSG:4490 EPSG:4544
 *     -> 3272677.1820  650369.1778
 *   echo "29.5630 106.5516" | cs2cs -f %.4f EPSG:4490 EPSG:4545
 *     -> 3272547.9533  359633.3157
 *   echo "30.8100 108.3800" | cs2cs -f %.4f EPSG:4490 EPSG:4545
 *     -> 3409971.1989  536363.5035
 * (cs2cs prints northing first, the EPSG axis order.) */
static void test_gk_known(void **state)
{
    wo_crs *crs = NULL;
    wo_err err;
    double e, n, lon, lat;
    int cm = 0;
    (void)state;
    assert_int_equal(wo_crs_open(&crs, NULL, &err), WO_OK);
    assert_int_equal(wo_crs_wgs84_to_gk(crs, 106.5516, 29.5630, 105, &e, &n,
                                        &cm, &err),
                     WO_OK);
    assert_int_equal(cm, 105);
    assert_true(fabs(e - 650369.1778) < 1e-3 && fabs(n - 3272677.1820) < 1e-3);
    assert_int_equal(wo_crs_wgs84_to_gk(crs, 106.5516, 29.5630, 0, &e, &n,
                                        &cm, &err),
                     WO_OK);
    assert_int_equal(cm, 108);
    assert_true(fabs(e - 359633.3157) < 1e-3 && fabs(n - 3272547.9533) < 1e-3);
    assert_int_equal(wo_crs_wgs84_to_gk(crs, 108.38, 30.81, 0, &e, &n, &cm,
                                        &err),
                     WO_OK);
    assert_true(fabs(e - 536363.5035) < 1e-3 && fabs(n - 3409971.1989) < 1e-3);
    assert_int_equal(wo_crs_gk_to_wgs84(crs, 108, e, n, &lon, &lat, &err),
                     WO_OK);
    assert_true(fabs(lon - 108.38) < 1e-9 && fabs(lat - 30.81) < 1e-9);
    /* Forced zone too far from the point, bad zone, bad metres. */
    assert_int_equal(wo_crs_wgs84_to_gk(crs, 110.2, 30.0, 105, &e, &n, &cm,
                                        &err),
                     WO_ERANGE);
    assert_non_null(strstr(err.msg, "central meridian 105"));
    assert_int_equal(wo_crs_wgs84_to_gk(crs, 106.0, 30.0, 106, &e, &n, &cm,
                                        &err),
                     WO_EINVAL);
    assert_int_equal(wo_crs_gk_to_wgs84(crs, 108, 5e6, 3e6, &lon, &lat, &err),
                     WO_ERANGE);
    wo_crs_close(crs);
}

/* GCJ-02 input projected to GK goes through WGS84 first. */
static void test_gk_from_gcj(void **state)
{
    wo_coord_conv *cv = NULL;
    wo_err err;
    double e, n;
    int cm = 0;
    (void)state;
    assert_int_equal(wo_coord_conv_open(&cv, &err), WO_OK);
    assert_int_equal(wo_coord_conv_to_gk(cv, WO_DATUM_GCJ02, refs[0].gcj_lon,
                                         refs[0].gcj_lat, 105, &e, &n, &cm,
                                         &err),
                     WO_OK);
    assert_true(fabs(e - 650369.1778) < 0.01 && fabs(n - 3272677.1820) < 0.01);
    wo_coord_conv_close(cv);
}

/* Each thread has its own handle (own PROJ context): run two at once. */
static void *gk_worker(void *ud)
{
    wo_crs *crs = NULL;
    wo_err err;
    double e, n, lon, lat;
    int i, *bad = ud;
    if (wo_crs_open(&crs, NULL, &err) != WO_OK) {
        *bad = 1;
        return NULL;
    }
    for (i = 0; i < 2000; i++) {
        double lon0 = 105.3 + 4.9 * (i % 50) / 49.0, lat0 = 28.2 + i / 500.0;
        int cm = 0;
        if (wo_crs_wgs84_to_gk(crs, lon0, lat0, 0, &e, &n, &cm, &err) !=
                WO_OK ||
            wo_crs_gk_to_wgs84(crs, cm, e, n, &lon, &lat, &err) != WO_OK ||
            fabs(lon - lon0) > 1e-9 || fabs(lat - lat0) > 1e-9)
            *bad = 1;
    }
    wo_crs_close(crs);
    return NULL;
}

static void test_crs_threads(void **state)
{
    pthread_t t[2];
    int bad[2] = {0, 0}, i;
    (void)state;
    for (i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&t[i], NULL, gk_worker, &bad[i]), 0);
    for (i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    assert_int_equal(bad[0] + bad[1], 0);
}

static void test_proj_db_missing(void **state)
{
    wo_crs *crs = NULL;
    wo_err err;
    (void)state;
    wo_err_clear(&err);
    assert_int_equal(wo_crs_open(&crs, "/nonexistent/proj.db", &err),
                     WO_EINTERNAL);
    assert_null(crs);
    assert_non_null(strstr(err.msg, "proj.db"));
    assert_non_null(strstr(err.msg, "proj-data"));
}

static int csv_run(const char *text, const wo_coord_csv_opts *o, wo_buf *out,
                   wo_err *err)
{
    wo_coord_conv *cv = NULL;
    int rc;
    wo_err_clear(err);
    assert_int_equal(wo_coord_conv_open(&cv, err), WO_OK);
    rc = wo_coord_csv_convert(cv, o, text, strlen(text), out, err);
    wo_coord_conv_close(cv);
    return rc;
}

static void test_csv_convert(void **state)
{
    wo_coord_csv_opts o;
    wo_buf out;
    wo_err err;
    (void)state;
    memset(&o, 0, sizeof o);
    o.name = "pts.csv";
    o.from = WO_DATUM_WGS84;
    o.to = WO_DATUM_GCJ02;
    wo_buf_init(&out, 0);
    assert_int_equal(csv_run("\xEF\xBB\xBFname,lat,lon,id\r\n"
                             "x,29.5630,106.5516,\"a,1\"\r\n\r\n"
                             "y,29.0,107.0,b\n",
                             &o, &out, &err),
                     WO_OK);
    assert_string_equal(wo_buf_cstr(&out),
                        "id,lon,lat\n"
                        "\"a,1\",106.555317650,29.560151274\n"
                        "b,107.004146300,28.996934455\n");
    wo_buf_free(&out);

    o.to_gk = 1;
    o.gk_cm_deg = 0;
    wo_buf_init(&out, 0);
    assert_int_equal(csv_run("id,lon,lat\np,106.5516,29.5630\n", &o, &out,
                             &err),
                     WO_OK);
    assert_string_equal(wo_buf_cstr(&out), "id,x_m,y_m,zone_cm\n"
                                           "p,359633.316,3272547.953,108\n");
    wo_buf_free(&out);
}

static void expect_csv_error(const char *text, int code, const char *needle)
{
    wo_coord_csv_opts o;
    wo_buf out;
    wo_err err;
    memset(&o, 0, sizeof o);
    o.name = "pts.csv";
    o.from = WO_DATUM_GCJ02;
    o.max_rows = 3;
    wo_buf_init(&out, 0);
    assert_int_equal(csv_run(text, &o, &out, &err), code);
    if (!strstr(err.msg, needle))
        fail_msg("message '%s' lacks '%s'", err.msg, needle);
    wo_buf_free(&out);
}

static void test_csv_errors(void **state)
{
    (void)state;
    expect_csv_error("", WO_EPARSE, "pts.csv: empty file");
    expect_csv_error("id,lon\n1,2\n", WO_EPARSE,
                     "pts.csv:1: the header has no column 'lat'");
    expect_csv_error("id,lon,lat\n1,106.5,29.5\n2,abc,29.5\n", WO_EPARSE,
                     "pts.csv:3: column 'lon': 'abc' is not a number");
    expect_csv_error("id,lon,lat\n1,106.5\n", WO_EPARSE,
                     "pts.csv:2: column 'lat' is missing");
    expect_csv_error("id,lon,lat\n1,106.5,95\n", WO_ERANGE,
                     "pts.csv:2: coordinate");
    expect_csv_error("id,lon,lat\n\"1,106.5,29\n", WO_EPARSE,
                     "unterminated quoted field");
    expect_csv_error("id,lon,lat\n\"1\"x,106.5,29\n", WO_EPARSE,
                     "text after a closing quote");
    expect_csv_error("id,lon,lat\n1,1e999,29\n", WO_ERANGE,
                     "'1e999' is not a number");
    expect_csv_error("id,lon,lat\n1,106,29\n2,106,29\n3,106,29\n4,106,29\n",
                     WO_ETOOBIG, "pts.csv:5: more than 3 rows");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gcj_bd_forward_reference),
        cmocka_unit_test(test_gcj_bd_inverse_reference),
        cmocka_unit_test(test_round_trip_grid),
        cmocka_unit_test(test_outside_china_identity),
        cmocka_unit_test(test_datum_parse),
        cmocka_unit_test(test_bad_ranges),
        cmocka_unit_test(test_cgcs2000),
        cmocka_unit_test(test_gk_zones),
        cmocka_unit_test(test_gk_known),
        cmocka_unit_test(test_gk_from_gcj),
        cmocka_unit_test(test_crs_threads),
        cmocka_unit_test(test_proj_db_missing),
        cmocka_unit_test(test_csv_convert),
        cmocka_unit_test(test_csv_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
