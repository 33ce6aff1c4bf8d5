/* Unit tests of cli/plan_out: the five output files of a plan of the small
 * test scenario (tests/data/scenarios/small), made with the one-stop
 * routing stand-in: their presence, shape and consistency with the plan. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/out.h"
#include "cli/plan_out.h"
#include "base/parse.h"
#include "cli/svgmap.h"
#include "data/calendar.h"
#include "geo/gcj02.h"
#include "solver/plan/indicator_flows.h"
#include "tests/support/scratch.h"
#include "tests/support/files.h"
#include "tests/support/one_stop.h"
#include "tests/support/plancheck.h"

typedef struct fixture {
    char dir[64];         /* temporary output directory */
    wo_scenario *sc;      /* the small scenario         */
    wo_plan *plan;        /* its plan                   */
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    char path[512];
    wo_err err;
    wo_err_clear(&err);
    snprintf(path, sizeof path, "%s/tests/data/scenarios/small", ts_top());
    if (!fx || wo_scenario_load_dir(path, &fx->sc, &err) != WO_OK) {
        fprintf(stderr, "cannot load %s: %s\n", path, err.msg);
        free(fx);
        return -1;
    }
    if (!(fx->plan = wo_test_one_stop_plan(fx->sc, 2))) {
        wo_scenario_free(fx->sc);
        free(fx);
        return -1;
    }
    wo_strlcpy(fx->dir, "/tmp/wo_test_plan_out.XXXXXX", sizeof fx->dir);
    if (!mkdtemp(fx->dir))
        return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    ts_remove_tree(fx->dir);
    wo_plan_free(fx->plan);
    wo_scenario_free(fx->sc);
    free(fx);
    return 0;
}

static char *slurp(const char *dir, const char *name)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return ts_slurp(path, NULL);
}

/* "YYYY-MM-DD" of `days` after date into buf[11]. */
static void day_after(const char *date, int days, char *buf)
{
    long d0;
    assert_int_equal(wo_calendar_parse(date, &d0, NULL), WO_OK);
    wo_calendar_format(d0 + days, buf, NULL);
}

static wo_json *load_json(const char *dir, const char *name)
{
    char path[128];
    wo_json_error je;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return wo_json_load_file(path, 0, &je);
}

static void test_plan_json(void **state)
{
    fixture *fx = *state;
    wo_json *doc, *sum, *routes, *v;
    wo_err err;
    size_t i, n_visits = 0;
    wo_err_clear(&err);
    assert_int_equal(wo_plan_write_all(fx->dir, fx->sc, fx->plan, NULL, &err),
                     WO_OK);
    doc = load_json(fx->dir, "plan.json");
    assert_non_null(doc);
    sum = wo_json_object_get(doc, "summary");
    assert_true(wo_json_is_number(wo_json_object_get(sum, "cost")));
    assert_true(wo_json_is_number(wo_json_object_get(sum, "distance_km")));
    assert_true(wo_json_is_number(wo_json_object_get(sum, "duration_h")));
    assert_int_equal(wo_json_integer_value(wo_json_object_get(sum, "vehicles_used")),
                     fx->plan->summary.vehicles_used);
    v = wo_json_object_get(wo_json_object_get(sum, "streams"), "hh_other");
    assert_true(wo_json_is_number(wo_json_object_get(v, "served_t")));
    assert_true(wo_json_is_number(wo_json_object_get(v, "unserved_t")));
    routes = wo_json_object_get(doc, "routes");
    assert_int_equal(wo_json_array_size(routes), (size_t)fx->plan->n_routes);
    assert_true(fx->plan->n_routes > 0);
    for (i = 0; i < wo_json_array_size(routes); i++) {
        wo_json *r = wo_json_array_get(routes, i), *vis = wo_json_object_get(r, "visits");
        static const char *const keys[] = {"site", "kind", "arrival_s",
                                           "start_s", "depart_s", "amount_kg",
                                           "load_after_kg"};
        size_t k;
        assert_non_null(wo_json_string_value(wo_json_object_get(r, "vehicle")));
        assert_non_null(wo_json_string_value(wo_json_object_get(r, "vehicle_type")));
        assert_non_null(wo_json_string_value(wo_json_object_get(r, "stream")));
        assert_non_null(wo_json_string_value(wo_json_object_get(r, "depot")));
        assert_string_equal(
            wo_json_string_value(wo_json_object_get(wo_json_array_get(vis, 0), "kind")),
            "depot");
        for (k = 0; k < sizeof keys / sizeof keys[0]; k++)
            assert_non_null(wo_json_object_get(wo_json_array_get(vis, 1), keys[k]));
        n_visits += wo_json_array_size(vis);
    }
    assert_int_equal(wo_json_array_size(wo_json_object_get(doc, "transfers")),
                     (size_t)fx->plan->n_transfers);
    v = wo_json_object_get(doc, "unserved");
    assert_int_equal(wo_json_array_size(v), (size_t)fx->plan->n_unserved);
    for (i = 0; i < wo_json_array_size(v); i++) {
        assert_non_null(wo_json_string_value(
            wo_json_object_get(wo_json_array_get(v, i), "reason")));
        assert_non_null(wo_json_string_value(
            wo_json_object_get(wo_json_array_get(v, i), "site")));
    }
    assert_true(wo_json_is_null(wo_json_object_get(doc, "indicators")));
    wo_json_decref(doc);
    /* stops.csv: BOM, header, one CRLF row per visit */
    {
        char *csv = slurp(fx->dir, "stops.csv"), *p;
        size_t rows = 0;
        assert_non_null(csv);
        assert_memory_equal(csv, "\xEF\xBB\xBF" "day,date,vehicle,", 20);
        for (p = csv; (p = strstr(p, "\r\n")) != NULL; p += 2)
            rows++;
        assert_int_equal(rows, n_visits + 1);
        free(csv);
    }
}

static void test_geojson_files(void **state)
{
    fixture *fx = *state;
    wo_json *fc;
    size_t i, lines = 0;
    wo_err err;
    wo_err_clear(&err);
    assert_int_equal(wo_plan_write_all(fx->dir, fx->sc, fx->plan, NULL, &err),
                     WO_OK);
    fc = load_json(fx->dir, "routes.geojson");
    assert_non_null(fc);
    assert_int_equal(wo_json_array_size(wo_json_object_get(fc, "features")),
                     (size_t)(fx->plan->n_routes + fx->plan->n_transfers));
    for (i = 0; i < wo_json_array_size(wo_json_object_get(fc, "features")); i++) {
        wo_json *f = wo_json_array_get(wo_json_object_get(fc, "features"), i);
        wo_json *pr = wo_json_object_get(f, "properties");
        assert_string_equal(
            wo_json_string_value(wo_json_object_get(wo_json_object_get(f, "geometry"),
                                              "type")),
            "LineString");
        assert_true(wo_json_is_number(wo_json_object_get(pr, "km")));
        assert_true(wo_json_is_number(wo_json_object_get(pr, "tonnes")));
        assert_non_null(wo_json_string_value(wo_json_object_get(pr, "stream")));
        if (!strcmp(wo_json_string_value(wo_json_object_get(pr, "kind")), "route")) {
            assert_non_null(wo_json_string_value(wo_json_object_get(pr, "vehicle")));
            lines++;
        }
    }
    assert_int_equal(lines, (size_t)fx->plan->n_routes);
    wo_json_decref(fc);
    fc = load_json(fx->dir, "sites.geojson");
    assert_non_null(fc);
    assert_int_equal(wo_json_array_size(wo_json_object_get(fc, "features")),
                     (size_t)(fx->sc->n_sites + fx->sc->n_facilities +
                              fx->sc->n_depots));
    wo_json_decref(fc);
}

static void test_map_svg(void **state)
{
    fixture *fx = *state;
    char *svg;
    wo_err err;
    wo_err_clear(&err);
    assert_int_equal(wo_plan_write_all(fx->dir, fx->sc, fx->plan, NULL, &err),
                     WO_OK);
    svg = slurp(fx->dir, "map.svg");
    assert_non_null(svg);
    assert_memory_equal(svg, "<?xml", 5);
    assert_non_null(strstr(svg, "</svg>\n"));
    assert_non_null(strstr(svg, wo_svgmap_stream_colour(WO_STREAM_HH_OTHER)));
    assert_non_null(strstr(svg, "渝中区"));
    assert_non_null(strstr(svg, fx->plan->date));
    assert_non_null(strstr(svg, "small-test"));
    free(svg);
}

/* A missing output directory is created with its parents; one under a
 * regular file cannot be, and the message names it. */
static void test_missing_dir_fails(void **state)
{
    fixture *fx = *state;
    char dir[128], file[96];
    FILE *f;
    wo_err err;
    wo_err_clear(&err);
    snprintf(dir, sizeof dir, "%s/does/not/exist", fx->dir);
    assert_int_equal(wo_plan_write_all(dir, fx->sc, fx->plan, NULL, &err),
                     WO_OK);
    snprintf(file, sizeof file, "%s/a-file", fx->dir);
    f = fopen(file, "w");
    assert_non_null(f);
    fclose(f);
    snprintf(dir, sizeof dir, "%s/under", file);
    assert_int_equal(wo_plan_write_all(dir, fx->sc, fx->plan, NULL, &err),
                     WO_EIO);
    assert_non_null(strstr(err.msg, "a-file"));
}

static void test_summary_json(void **state)
{
    fixture *fx = *state;
    wo_json *s = wo_plan_summary_json(fx->sc, fx->plan);
    assert_non_null(s);
    assert_string_equal(wo_json_string_value(wo_json_object_get(s, "scenario")),
                        "small-test");
    assert_int_equal(wo_json_integer_value(wo_json_object_get(s, "days")), 2);
    assert_true(wo_json_is_false(wo_json_object_get(s, "interrupted")));
    wo_json_decref(s);
}

/* The independent checker accepts the plan as written... */
static void test_checker_accepts(void **state)
{
    fixture *fx = *state;
    char path[128], msg[512];
    wo_err err;
    wo_err_clear(&err);
    assert_int_equal(wo_plan_write_all(fx->dir, fx->sc, fx->plan, NULL, &err),
                     WO_OK);
    snprintf(path, sizeof path, "%s/plan.json", fx->dir);
    if (ts_plan_check_file(fx->sc, path, msg, sizeof msg) != 0)
        fail_msg("checker: %s", msg);
}

/* ... and finds each kind of fault planted in it. */
static void test_checker_rejects(void **state)
{
    fixture *fx = *state;
    wo_json *doc = wo_plan_to_json(fx->sc, fx->plan, NULL), *m, *r, *v;
    char msg[512];
    size_t i, k;
    assert_non_null(doc);
    assert_int_equal(ts_plan_check(fx->sc, doc, msg, sizeof msg), 0);
    /* a route relabelled with another stream */
    m = wo_json_deep_copy(doc);
    r = wo_json_array_get(wo_json_object_get(m, "routes"), 0);
    wo_json_object_set_new(r, "stream", wo_json_string("medical"));
    assert_int_equal(ts_plan_check(fx->sc, m, msg, sizeof msg), -1);
    wo_json_decref(m);
    /* a load that does not follow the visits */
    m = wo_json_deep_copy(doc);
    r = wo_json_array_get(wo_json_object_get(m, "routes"), 0);
    v = wo_json_array_get(wo_json_object_get(r, "visits"), 1);
    wo_json_object_set_new(v, "load_after_kg", wo_json_real(1e6));
    assert_int_equal(ts_plan_check(fx->sc, m, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "load"));
    wo_json_decref(m);
    /* a route served twice (same vehicle, same day) */
    m = wo_json_deep_copy(doc);
    wo_json_array_append(wo_json_object_get(m, "routes"),
                      wo_json_array_get(wo_json_object_get(m, "routes"), 0));
    assert_int_equal(ts_plan_check(fx->sc, m, msg, sizeof msg), -1);
    wo_json_decref(m);
    /* an unserved entry dropped: its demand is no longer accounted for */
    if (wo_json_array_size(wo_json_object_get(doc, "unserved")) > 0) {
        m = wo_json_deep_copy(doc);
        wo_json_array_remove(wo_json_object_get(m, "unserved"), 0);
        assert_int_equal(ts_plan_check(fx->sc, m, msg, sizeof msg), -1);
        wo_json_decref(m);
    }
    /* a route that does not return empty: drop its last unload */
    m = wo_json_deep_copy(doc);
    r = wo_json_array_get(wo_json_object_get(m, "routes"), 0);
    v = wo_json_object_get(r, "visits");
    for (i = wo_json_array_size(v), k = 0; i-- > 0;)
        if (!strcmp(wo_json_string_value(wo_json_object_get(wo_json_array_get(v, i),
                                                      "kind")),
                    "unload")) {
            wo_json_array_remove(v, i);
            k = 1;
            break;
        }
    assert_int_equal(k, 1);
    assert_int_equal(ts_plan_check(fx->sc, m, msg, sizeof msg), -1);
    wo_json_decref(m);
    /* service outside the time window: shift a windowed stop by 12 h */
    m = wo_json_deep_copy(doc);
    for (i = 0, k = 0; !k && i < wo_json_array_size(wo_json_object_get(m, "routes"));
         i++) {
        r = wo_json_array_get(wo_json_object_get(m, "routes"), i);
        if (strcmp(wo_json_string_value(wo_json_object_get(r, "stream")), "medical"))
            continue;
        v = wo_json_array_get(wo_json_object_get(r, "visits"), 1);
        wo_json_object_set_new(v, "start_s",
                            wo_json_real(wo_json_number_value(wo_json_object_get(
                                          v, "start_s")) + 43200));
        wo_json_object_set_new(v, "depart_s",
                            wo_json_real(wo_json_number_value(wo_json_object_get(
                                          v, "depart_s")) + 43200));
        k = 1;
    }
    assert_int_equal(k, 1);
    assert_int_equal(ts_plan_check(fx->sc, m, msg, sizeof msg), -1);
    wo_json_decref(m);
    wo_json_decref(doc);
}

/* The first route of m with a break visit; *at receives the break's
 * index. */
static wo_json *route_with_break(wo_json *m, size_t *at)
{
    wo_json *routes = wo_json_object_get(m, "routes"), *r, *v;
    size_t i, k;
    wo_json_array_foreach(routes, i, r) {
        wo_json_array_foreach(wo_json_object_get(r, "visits"), k, v) {
            if (!strcmp(wo_json_string_value(wo_json_object_get(v, "kind")),
                        "break")) {
                *at = k;
                return r;
            }
        }
    }
    return NULL;
}

static void set_times(wo_json *v, double arr_s, double start_s, double dep_s)
{
    wo_json_object_set_new(v, "arrival_s", wo_json_real(arr_s));
    wo_json_object_set_new(v, "start_s", wo_json_real(start_s));
    wo_json_object_set_new(v, "depart_s", wo_json_real(dep_s));
}

/* Plant a break fault in a copy of doc: the checker must reject it with a
 * message containing `expect`. */
static void break_fault(const fixture *fx, const wo_json *doc, int fault,
                        const char *expect)
{
    wo_json *m = wo_json_deep_copy(doc), *r, *vis, *b, *end;
    char msg[512];
    size_t at = 0, n;
    double st, dep;
    r = route_with_break(m, &at);
    assert_non_null(r);
    vis = wo_json_object_get(r, "visits");
    n = wo_json_array_size(vis);
    b = wo_json_array_get(vis, at);
    end = wo_json_array_get(vis, n - 1);
    st = wo_json_number_value(wo_json_object_get(b, "start_s"));
    dep = wo_json_number_value(wo_json_object_get(b, "depart_s"));
    switch (fault) {
    case 0: /* dropped */
        wo_json_array_remove(vis, at);
        break;
    case 1: /* too short */
        set_times(b, wo_json_number_value(wo_json_object_get(b, "arrival_s")), st,
                  dep - 600);
        break;
    case 2: /* starts after its window (the route ends later too) */
        set_times(b, wo_json_number_value(wo_json_object_get(b, "arrival_s")),
                  st + 7201, dep + 7201);
        set_times(end, dep + 7201, dep + 7201, dep + 7201);
        break;
    case 3: /* after the end depot */
        wo_json_array_append(vis, b);
        wo_json_array_remove(vis, at);
        break;
    case 4: /* taken twice */
        wo_json_array_insert(vis, at, b);
        break;
    default: /* overlaps the previous visit, which now ends after the
                break has started */
        wo_json_object_set_new(wo_json_array_get(vis, at - 1), "depart_s",
                            wo_json_real(st + 60));
        break;
    }
    assert_int_equal(ts_plan_check(fx->sc, m, msg, sizeof msg), -1);
    if (!strstr(msg, expect))
        fail_msg("fault %d: '%s' does not say '%s'", fault, msg, expect);
    wo_json_decref(m);
}

/* Breaks: the plan of the small scenario takes them (compactors), and
 * each planted break fault is found. */
static void test_checker_breaks(void **state)
{
    fixture *fx = *state;
    wo_json *doc = wo_plan_to_json(fx->sc, fx->plan, NULL);
    char msg[512];
    size_t at;
    assert_non_null(doc);
    assert_int_equal(ts_plan_check(fx->sc, doc, msg, sizeof msg), 0);
    assert_non_null(route_with_break(doc, &at));
    break_fault(fx, doc, 0, "no break");
    break_fault(fx, doc, 1, "lasts");
    break_fault(fx, doc, 2, "outside its window");
    break_fault(fx, doc, 3, "outside the route");
    break_fault(fx, doc, 4, "second break");
    break_fault(fx, doc, 5, "out of order");
    wo_json_decref(doc);
}

static void test_indicators(void **state)
{
    fixture *fx = *state;
    wo_err err;
    wo_json *ind = wo_plan_indicators_json(fx->sc, fx->plan, &err), *lines;
    size_t i;
    int found = 0;
    assert_non_null(ind);
    lines = wo_json_object_get(ind, "indicators");
    assert_true(wo_json_array_size(lines) > 0);
    /* incineration rate: all other waste collected went to the incinerator
     * by way of the transfer station */
    for (i = 0; i < wo_json_array_size(lines); i++) {
        wo_json *l = wo_json_array_get(lines, i);
        if (!strcmp(wo_json_string_value(wo_json_object_get(l, "key")), "3")) {
            found = 1;
            assert_true(wo_json_number_value(wo_json_object_get(l, "value_pct")) >
                        99.999);
        }
    }
    assert_true(found);
    wo_json_decref(ind);
}

/* The central-urban line comes from the districts' `central` flag: the
 * small scenario's districts do not carry it; flagged all, they do. */
static void test_central_line(void **state)
{
    fixture *fx = *state;
    wo_ind_flows fl;
    wo_ind_report rep;
    wo_err err;
    int d;
    assert_true(fx->sc->n_districts > 1);
    wo_plan_indicator_flows(fx->sc, fx->plan, &fl);
    assert_int_equal(fl.central_urban, 0);
    assert_int_equal(wo_plan_indicators(fx->sc, fx->plan, &rep, &err), WO_OK);
    assert_false(rep.line[WO_IND_CENTRAL_RECYCLING].has_value);
    for (d = 0; d < fx->sc->n_districts; d++)
        fx->sc->districts[d].central = 1;
    wo_plan_indicator_flows(fx->sc, fx->plan, &fl);
    assert_int_equal(fl.central_urban, 1);
    assert_int_equal(wo_plan_indicators(fx->sc, fx->plan, &rep, &err), WO_OK);
    assert_true(rep.line[WO_IND_CENTRAL_RECYCLING].has_value);
    fx->sc->districts[0].central = 0;
    wo_plan_indicator_flows(fx->sc, fx->plan, &fl);
    assert_int_equal(fl.central_urban, 0);
}

/* The embedded default's 9 districts all carry the flag. */
static void test_default_central(void **state)
{
    wo_scenario *sc = NULL;
    wo_err err;
    int d;
    (void)state;
    assert_int_equal(wo_scenario_load_embedded(&sc, &err), WO_OK);
    assert_int_equal(sc->n_districts, 9);
    for (d = 0; d < sc->n_districts; d++)
        assert_true(sc->districts[d].central);
    wo_scenario_free(sc);
}

static void test_hms(void **state)
{
    char buf[16];
    (void)state;
    wo_plan_format_hms(0, buf);
    assert_string_equal(buf, "00:00:00");
    wo_plan_format_hms(30 * 3600 + 61, buf);
    assert_string_equal(buf, "30:01:01");
    wo_plan_format_hms(59.6, buf);
    assert_string_equal(buf, "00:01:00");
    wo_plan_format_hms(-5, buf);
    assert_string_equal(buf, "00:00:00");
}

static void test_clock_iso(void **state)
{
    char c[24], iso[32];
    (void)state;
    wo_plan_format_clock(0, c);
    assert_string_equal(c, "00:00:00");
    wo_plan_format_clock(23 * 3600 + 59 * 60 + 59, c);
    assert_string_equal(c, "23:59:59");
    wo_plan_format_clock(86399.6, c); /* rounds onto the next midnight */
    assert_string_equal(c, "+1 00:00:00");
    wo_plan_format_clock(90612, c);
    assert_string_equal(c, "+1 01:10:12");
    wo_plan_format_clock(2 * 86400 + 5, c);
    assert_string_equal(c, "+2 00:00:05");
    wo_plan_format_clock(-5, c);
    assert_string_equal(c, "00:00:00");
    wo_plan_format_clock(NAN, c);
    assert_string_equal(c, "00:00:00");
    wo_plan_format_iso("2025-06-16", 0, 72000, iso);
    assert_string_equal(iso, "2025-06-16T20:00:00+08:00");
    wo_plan_format_iso("2025-06-16", 1, 3600, iso);
    assert_string_equal(iso, "2025-06-17T01:00:00+08:00");
    wo_plan_format_iso("2025-12-31", 0, 90612, iso); /* year and month roll */
    assert_string_equal(iso, "2026-01-01T01:10:12+08:00");
    wo_plan_format_iso("2024-02-28", 0, 86400, iso);
    assert_string_equal(iso, "2024-02-29T00:00:00+08:00");
    wo_plan_format_iso("not a date", 0, 0, iso);
    assert_string_equal(iso, "");
}

/* Field k (0-based) of CSV line `line` (ends at CR or NUL; quoted fields
 * with doubled quotes) into buf. 0, or -1 when the line has fewer. */
static int csv_field(const char *line, int k, char *buf, size_t n)
{
    const char *p = line;
    int i;
    for (i = 0;; i++) {
        size_t len = 0;
        int q = *p == '"';
        if (q)
            p++;
        while (*p && *p != '\r' && *p != '\n' && (q || *p != ',')) {
            if (q && *p == '"') {
                if (p[1] != '"') {
                    p++;
                    break;
                }
                p++;
            }
            if (i == k && len + 1 < n)
                buf[len++] = *p;
            p++;
        }
        if (i == k) {
            buf[len] = '\0';
            return 0;
        }
        if (*p != ',')
            return -1;
        p++;
    }
}

/* Seconds of a clock cell "HH:MM:SS" or "+D HH:MM:SS" with HH < 24, or -1
 * for anything else. */
/* An integer CSV cell, checked (the test fails on anything else). */
static long cell_long(const char *cell)
{
    long v = 0;
    if (wo_parse_long(cell, &v) != 0)
        fail_msg("not an integer cell: '%s'", cell);
    return v;
}

static long clock_cell_s(const char *cell)
{
    int d = 0, h, m, s, used = 0;
    if (cell[0] == '+') {
        if (sscanf(cell, "+%d %d:%d:%d%n", &d, &h, &m, &s, &used) != 4 ||
            d < 1)
            return -1;
    } else if (sscanf(cell, "%d:%d:%d%n", &h, &m, &s, &used) != 3) {
        return -1;
    }
    if (cell[used] || h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59)
        return -1;
    return d * 86400L + h * 3600L + m * 60L + s;
}

/* stops.csv and routes.csv: clock cells never show an hour of 24 or more
 * (a spreadsheet reads "25:10:12" as 01:10:12 of the same day); past
 * midnight they carry the day, and the ISO column the next date. */
static void test_dispatch_times(void **state)
{
    fixture *fx = *state;
    wo_plan_route *r0 = &fx->plan->routes[0];
    wo_plan_visit *last = &r0->visits[r0->n_visits - 1];
    char *csv, *line, cell[64], iso[32], want[64];
    size_t rows = 0;
    wo_err err;
    wo_err_clear(&err);
    /* the first route returns at 25:10:12 */
    last->arrival_s = last->start_s = last->depart_s = 90612;
    assert_int_equal(wo_plan_write_all(fx->dir, fx->sc, fx->plan, NULL, &err),
                     WO_OK);
    csv = slurp(fx->dir, "stops.csv");
    assert_non_null(csv);
    assert_null(strstr(csv, "25:10:12"));
    assert_non_null(strstr(csv, "arrival_at,start_at,depart_at,datum\r\n"));
    for (line = strstr(csv, "\r\n") + 2; *line; line = strstr(line, "\r\n") + 2) {
        char secs[32], day[8];
        int c;
        for (c = 11; c <= 13; c++) { /* arrival, start, depart */
            long s;
            assert_int_equal(csv_field(line, c, cell, sizeof cell), 0);
            assert_int_equal(csv_field(line, c + 3, secs, sizeof secs), 0);
            s = clock_cell_s(cell);
            if (s < 0)
                fail_msg("stops.csv clock cell '%s'", cell);
            assert_int_equal(s, cell_long(secs));
            /* the ISO date-time of the same instant */
            assert_int_equal(csv_field(line, 0, day, sizeof day), 0);
            assert_int_equal(csv_field(line, c + 8, cell, sizeof cell), 0);
            wo_plan_format_iso(fx->plan->date, (int)cell_long(day) - 1, (double)s,
                               iso);
            assert_string_equal(cell, iso);
        }
        rows++;
    }
    assert_true(rows > 0);
    assert_non_null(strstr(csv, ",+1 01:10:12,"));
    day_after(fx->plan->date, r0->day + 1, iso);
    snprintf(want, sizeof want, "%.11sT01:10:12+08:00", iso);
    assert_non_null(strstr(csv, want));
    free(csv);
    /* routes.csv: one row per route, its end at the same clock */
    csv = slurp(fx->dir, "routes.csv");
    assert_non_null(csv);
    assert_memory_equal(csv, "\xEF\xBB\xBF" "day,date,vehicle,vehicle_type,"
                             "stream,depot,start,end,start_at,end_at,km,hours,"
                             "tonnes,stops,unloads,cost_cny\r\n", 111);
    line = strstr(csv, "\r\n") + 2;
    assert_int_equal(csv_field(line, 2, cell, sizeof cell), 0);
    assert_string_equal(cell, r0->vehicle);
    assert_int_equal(csv_field(line, 7, cell, sizeof cell), 0);
    assert_string_equal(cell, "+1 01:10:12");
    assert_int_equal(csv_field(line, 9, cell, sizeof cell), 0);
    assert_string_equal(cell, want);
    rows = 0;
    for (; *line; line = strstr(line, "\r\n") + 2) {
        const wo_plan_route *r = &fx->plan->routes[rows];
        char n[16];
        int v, stops = 0;
        for (v = 0; v < r->n_visits; v++)
            stops += r->visits[v].kind == WO_PLAN_STOP;
        assert_int_equal(csv_field(line, 13, n, sizeof n), 0);
        assert_int_equal(cell_long(n), stops);
        assert_int_equal(csv_field(line, 4, n, sizeof n), 0);
        assert_string_equal(n, wo_stream_get(r->stream)->code);
        rows++;
    }
    assert_int_equal(rows, (size_t)fx->plan->n_routes);
    free(csv);
}

/* --out-datum gcj02: stops.csv and the GeoJSON files in GCJ-02 (the
 * GeoJSON naming it); the default stays WGS84 without the member. */
static void test_out_datum(void **state)
{
    fixture *fx = *state;
    const wo_plan_visit *x = &fx->plan->routes[0].visits[1];
    wo_plan_out_opts o;
    char *csv, lon[32], lat[32], want[32];
    double glon, glat;
    wo_json *fc;
    wo_err err;
    wo_err_clear(&err);
    memset(&o, 0, sizeof o);
    o.datum = WO_DATUM_GCJ02;
    assert_int_equal(wo_plan_write_files(fx->dir, fx->sc, fx->plan, NULL, &o,
                                         &err),
                     WO_OK);
    csv = slurp(fx->dir, "stops.csv");
    assert_non_null(csv);
    /* the second line is the first route's first visit after its depot */
    {
        char *line = strstr(strstr(csv, "\r\n") + 2, "\r\n") + 2;
        assert_int_equal(csv_field(line, 9, lon, sizeof lon), 0);
        assert_int_equal(csv_field(line, 10, lat, sizeof lat), 0);
        assert_int_equal(csv_field(line, 22, want, sizeof want), 0);
        assert_string_equal(want, "gcj02");
    }
    wo_gcj02_from_wgs84(x->lon_deg, x->lat_deg, &glon, &glat);
    snprintf(want, sizeof want, "%.6f", glon);
    assert_string_equal(lon, want);
    snprintf(want, sizeof want, "%.6f", glat);
    assert_string_equal(lat, want);
    /* hundreds of metres from WGS84 in Chongqing */
    assert_true(fabs(glon - x->lon_deg) > 1e-3);
    free(csv);
    fc = load_json(fx->dir, "sites.geojson");
    assert_non_null(fc);
    assert_string_equal(wo_json_string_value(wo_json_object_get(fc, "datum")),
                        "gcj02");
    {
        wo_json *pt = wo_json_object_get(
            wo_json_object_get(
                wo_json_array_get(wo_json_object_get(fc, "features"), 0),
                "geometry"),
            "coordinates");
        wo_gcj02_from_wgs84(fx->sc->sites[0].pos.lon_deg,
                            fx->sc->sites[0].pos.lat_deg, &glon, &glat);
        assert_true(fabs(wo_json_number_value(wo_json_array_get(pt, 0)) -
                         glon) < 1e-6);
        assert_true(fabs(wo_json_number_value(wo_json_array_get(pt, 1)) -
                         glat) < 1e-6);
    }
    wo_json_decref(fc);
    fc = load_json(fx->dir, "routes.geojson");
    assert_non_null(fc);
    assert_string_equal(wo_json_string_value(wo_json_object_get(fc, "datum")),
                        "gcj02");
    wo_json_decref(fc);
    assert_int_equal(wo_plan_write_files(fx->dir, fx->sc, fx->plan, NULL,
                                         NULL, &err),
                     WO_OK);
    fc = load_json(fx->dir, "sites.geojson");
    assert_non_null(fc);
    assert_null(wo_json_object_get(fc, "datum"));
    wo_json_decref(fc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_plan_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_geojson_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_svg, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_dir_fails, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_summary_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_checker_accepts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_checker_rejects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_checker_breaks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_indicators, setup, teardown),
        cmocka_unit_test_setup_teardown(test_central_line, setup, teardown),
        cmocka_unit_test(test_default_central),
        cmocka_unit_test(test_hms),
        cmocka_unit_test(test_clock_iso),
        cmocka_unit_test_setup_teardown(test_dispatch_times, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_datum, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
