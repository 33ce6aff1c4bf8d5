/* Unit tests of cli/maphtml: the page of a plan of the small test scenario
 * (tests/data/scenarios/small, planned with the one-stop routing stand-in
 * over two days): its data block read back as JSON and held against the
 * plan, Leaflet inlined (from a stand-in directory holding hostile text),
 * referenced or missing, the escaping of every "</script" and "</style",
 * the what-if table's input, the tile options and the errors. The page in
 * a real browser is tests/e2e_browser.sh. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/maphtml.h"
#include "cli/plan_out.h"
#include "tests/support/files.h"
#include "tests/support/one_stop.h"
#include "tests/support/scratch.h"

typedef struct fixture {
    char dir[64];          /* stand-in Leaflet directory and outputs */
    wo_scenario *sc;       /* the small scenario                     */
    wo_plan *plan;         /* its plan                               */
} fixture;

/* A stand-in for Leaflet that tries to end its element early. */
static const char fake_js[] =
    "window.L = undefined; /* </script><script>alert(1)</SCRIPT> */\n"
    "//# sourceMappingURL=leaflet.min.js.map\n";
static const char fake_css[] = ".fake-leaflet{color:red}/* </style><b> */\n"
                               "/*# sourceMappingURL=leaflet.css.map */\n";

static void put_file(const char *dir, const char *name, const char *text)
{
    char path[256];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx || !(fx->sc = ts_load_test_scenario("small")) ||
        !(fx->plan = wo_test_one_stop_plan(fx->sc, 2)))
        return -1;
    wo_strlcpy(fx->dir, "/tmp/wo_test_maphtml.XXXXXX", sizeof fx->dir);
    if (!mkdtemp(fx->dir))
        return -1;
    put_file(fx->dir, "leaflet.min.js", fake_js);
    put_file(fx->dir, "leaflet.css", fake_css);
    setenv("WO_LEAFLET_DIR", fx->dir, 1);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    unsetenv("WO_LEAFLET_DIR");
    ts_remove_tree(fx->dir);
    wo_plan_free(fx->plan);
    wo_scenario_free(fx->sc);
    free(fx);
    return 0;
}

/* The page as a string (free it), or NULL when wo_maphtml_write failed
 * (its errno kept). */
static char *page(const wo_scenario *sc, const wo_plan *p, const char *whatif,
                  const wo_maphtml_opts *o)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    int rc, e;
    assert_non_null(f);
    rc = wo_maphtml_write(f, sc, p, whatif, o);
    e = errno;
    fclose(f);
    if (rc != 0) {
        assert_int_equal(rc, -1);
        free(text);
        errno = e;
        return NULL;
    }
    return text;
}

/* Occurrences of needle in hay, ignoring case. */
static int count_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    int c = 0;
    for (; *hay; hay++)
        c += strncasecmp(hay, needle, n) == 0;
    return c;
}

/* The data block of a page, parsed. */
static wo_json *data_of(const char *html)
{
    static const char open[] = "<script type=\"application/json\" id=\"wo-data\">";
    const char *a = strstr(html, open), *b;
    wo_json_error je;
    wo_json *doc;
    assert_non_null(a);
    a += strlen(open);
    b = strstr(a, "</script>");
    assert_non_null(b);
    doc = wo_json_loadb(a, (size_t)(b - a), 0, &je);
    if (!doc)
        fail_msg("data block: %d:%d %s", je.line, je.column, je.text);
    return doc;
}

static const char *str_at(const wo_json *o, const char *key)
{
    const char *s = wo_json_string_value(wo_json_object_get(o, key));
    assert_non_null(s);
    return s;
}

/* The data block carries the plan as plan.json does, and per route and
 * visit the places the map draws, by the same indices. */
static void test_data_matches_plan(void **state)
{
    fixture *fx = *state;
    char *html = page(fx->sc, fx->plan, NULL, NULL);
    wo_json *doc, *plan, *routes, *geo;
    size_t i, v;
    int stops = 0;
    assert_non_null(html);
    assert_true(fx->plan->n_routes > 0);
    doc = data_of(html);
    assert_string_equal(str_at(doc, "leaflet"), "inline");
    plan = wo_json_object_get(doc, "plan");
    routes = wo_json_object_get(plan, "routes");
    geo = wo_json_object_get(wo_json_object_get(doc, "geo"), "routes");
    assert_int_equal(wo_json_array_size(routes), fx->plan->n_routes);
    assert_int_equal(wo_json_array_size(geo), fx->plan->n_routes);
    for (i = 0; i < wo_json_array_size(routes); i++) {
        const wo_plan_route *r = &fx->plan->routes[i];
        wo_json *visits = wo_json_object_get(wo_json_array_get(routes, i), "visits");
        wo_json *places = wo_json_object_get(wo_json_array_get(geo, i), "visits");
        assert_string_equal(str_at(wo_json_array_get(routes, i), "vehicle"),
                            r->vehicle);
        assert_int_equal(wo_json_array_size(visits), r->n_visits);
        assert_int_equal(wo_json_array_size(places), r->n_visits);
        for (v = 0; v < wo_json_array_size(places); v++) {
            wo_json *pl = wo_json_array_get(places, v);
            assert_float_equal(wo_json_number_value(wo_json_array_get(pl, 0)),
                               r->visits[v].lat_deg, 1e-5);
            assert_float_equal(wo_json_number_value(wo_json_array_get(pl, 1)),
                               r->visits[v].lon_deg, 1e-5);
            assert_string_equal(wo_json_string_value(wo_json_array_get(pl, 2)),
                                wo_plan_visit_name(fx->sc, &r->visits[v]));
            stops += r->visits[v].kind == WO_PLAN_STOP;
        }
    }
    assert_true(stops > 0);
    assert_int_equal(wo_json_array_size(wo_json_object_get(doc, "districts")),
                     fx->sc->n_districts);
    assert_int_equal(wo_json_array_size(wo_json_object_get(doc, "facilities")),
                     fx->sc->n_facilities);
    assert_int_equal(
        wo_json_array_size(wo_json_object_get(plan, "unserved")),
        wo_json_array_size(wo_json_object_get(wo_json_object_get(doc, "geo"),
                                              "unserved")));
    /* The annex indicators of the plan. */
    assert_true(wo_json_array_size(wo_json_object_get(
                    wo_json_object_get(plan, "indicators"), "indicators")) > 0);
    /* Chinese text arrives as UTF-8, not escaped away. */
    assert_non_null(strstr(html, "渝中区"));
    assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
    wo_json_decref(doc);
    free(html);
}

/* A route with road geometry carries it as [lat, lon] points, without
 * the repeats the rounding would make; one without it carries null (the
 * page joins its visits). */
static void test_road_path(void **state)
{
    fixture *fx = *state;
    double path[12] = {106.5, 29.5, 106.500003, 29.500003, 106.500006,
                       29.500006, 106.51, 29.52, 106.52, 29.53, 106.52, 29.53};
    wo_plan_route *r = &fx->plan->routes[0];
    char *html;
    wo_json *doc, *geo, *pts;
    r->n_path = 6;
    r->path_lonlat = path;
    html = page(fx->sc, fx->plan, NULL, NULL);
    r->n_path = 0;
    r->path_lonlat = NULL;
    assert_non_null(html);
    doc = data_of(html);
    geo = wo_json_object_get(wo_json_object_get(doc, "geo"), "routes");
    pts = wo_json_object_get(wo_json_array_get(geo, 0), "path");
    /* The second point is within 1e-5 degree of the first and dropped; the
     * third is not (the first is the last kept); the last is kept (a path
     * ends where it ends) although it repeats the one before. */
    assert_int_equal(wo_json_array_size(pts), 5);
    assert_float_equal(wo_json_number_value(wo_json_array_get(
                           wo_json_array_get(pts, 1), 0)), 29.50001, 1e-9);
    assert_float_equal(wo_json_number_value(wo_json_array_get(
                           wo_json_array_get(pts, 2), 0)), 29.52, 1e-9);
    assert_float_equal(wo_json_number_value(wo_json_array_get(
                           wo_json_array_get(pts, 2), 1)), 106.51, 1e-9);
    if (fx->plan->n_routes > 1)
        assert_true(wo_json_is_null(
            wo_json_object_get(wo_json_array_get(geo, 1), "path")));
    wo_json_decref(doc);
    free(html);
}

/* Leaflet inlined from WO_LEAFLET_DIR: its text is in the page, every
 * "</script" and "</style" in it is escaped so that each element ends
 * where it should, and the source-map comments are dropped. */
static void test_inline_escaped(void **state)
{
    fixture *fx = *state;
    char *html = page(fx->sc, fx->plan, NULL, NULL);
    assert_non_null(html);
    assert_non_null(strstr(html, "window.L = undefined; /* <\\/script><script>"
                                 "alert(1)<\\/SCRIPT> */"));
    assert_non_null(strstr(html, ".fake-leaflet{color:red}/* <\\/style><b> */"));
    assert_null(strstr(html, "sourceMappingURL"));
    /* Three scripts (data, Leaflet, the page), two styles. */
    assert_int_equal(count_ci(html, "</script"), 3);
    assert_int_equal(count_ci(html, "<script"), 4); /* one inside Leaflet */
    assert_int_equal(count_ci(html, "</style"), 2);
    assert_null(strstr(html, "src=\"/leaflet/"));
    assert_int_equal(wo_maphtml_leaflet_check(), 0);
    free(html);
}

/* Hostile names and labels reach the data block without a raw '<' and
 * read back unchanged; the title escapes them as HTML. */
static void test_hostile_text(void **state)
{
    fixture *fx = *state;
    const char *evil = "</script><img src=x onerror=alert(1)>&amp;";
    char whatif[512], *html, *saved = fx->sc->name, *data;
    wo_json *doc;
    snprintf(whatif, sizeof whatif,
             "{\"variants\": [{\"label\": \"base\", \"summary\": null},"
             " {\"label\": \"%s\", \"summary\": null}]}",
             "<\\/script><img src=x onerror=alert(1)>&amp;");
    fx->sc->name = (char *)evil;
    html = page(fx->sc, fx->plan, whatif, NULL);
    fx->sc->name = saved;
    assert_non_null(html);
    assert_non_null(strstr(html, "<title>wasteopt plan: &lt;/script&gt;&lt;img "
                                 "src=x onerror=alert(1)&gt;&amp;amp; "));
    assert_int_equal(count_ci(html, "</script"), 3);
    data = strstr(html, "id=\"wo-data\">") + strlen("id=\"wo-data\">");
    assert_true(strchr(data, '<') == strstr(data, "</script>"));
    doc = data_of(html);
    assert_string_equal(str_at(wo_json_object_get(doc, "scenario"), "name"), evil);
    assert_string_equal(
        str_at(wo_json_array_get(wo_json_object_get(wo_json_object_get(doc, "whatif"),
                                                    "variants"), 1), "label"),
        evil);
    wo_json_decref(doc);
    free(html);
}

/* A server's page references Leaflet under its prefix and carries none of
 * it; tile options go to the data. */
static void test_served_and_tiles(void **state)
{
    fixture *fx = *state;
    wo_maphtml_opts o = {"/leaflet/", "http://127.0.0.1:8080/{z}/{x}/{y}.png",
                         "tiles © somebody"};
    char *html = page(fx->sc, fx->plan, NULL, &o);
    wo_json *doc, *tiles;
    assert_non_null(html);
    assert_non_null(strstr(html, "<script src=\"/leaflet/leaflet.js\"></script>"));
    assert_non_null(strstr(html, "<link rel=\"stylesheet\" href=\"/leaflet/leaflet.css\">"));
    assert_null(strstr(html, "fake-leaflet"));
    doc = data_of(html);
    assert_string_equal(str_at(doc, "leaflet"), "served");
    tiles = wo_json_object_get(doc, "tiles");
    assert_string_equal(str_at(tiles, "url"), o.tile_url);
    assert_string_equal(str_at(tiles, "attribution"), o.tile_attribution);
    wo_json_decref(doc);
    free(html);
    /* Defaults: OpenStreetMap's tiles and attribution; a URL without an
     * attribution gets none rather than OpenStreetMap's. */
    html = page(fx->sc, fx->plan, NULL, NULL);
    doc = data_of(html);
    tiles = wo_json_object_get(doc, "tiles");
    assert_non_null(strstr(str_at(tiles, "url"), "tile.openstreetmap.org"));
    assert_non_null(strstr(str_at(tiles, "attribution"), "OpenStreetMap"));
    wo_json_decref(doc);
    free(html);
    o.tile_attribution = NULL;
    html = page(fx->sc, fx->plan, NULL, &o);
    doc = data_of(html);
    assert_string_equal(str_at(wo_json_object_get(doc, "tiles"), "attribution"), "");
    wo_json_decref(doc);
    free(html);
}

/* Without Leaflet the page is still written, with everything but the map,
 * and says so in its data (the script shows the notice). */
static void test_leaflet_missing(void **state)
{
    fixture *fx = *state;
    char *html, dir[128];
    wo_json *doc;
    snprintf(dir, sizeof dir, "%s/nowhere", fx->dir);
    setenv("WO_LEAFLET_DIR", dir, 1);
    assert_int_equal(wo_maphtml_leaflet_check(), -1);
    assert_int_equal(errno, ENOENT);
    html = page(fx->sc, fx->plan, NULL, NULL);
    setenv("WO_LEAFLET_DIR", fx->dir, 1);
    assert_non_null(html);
    assert_null(strstr(html, "fake-leaflet"));
    assert_int_equal(count_ci(html, "</script"), 2);
    doc = data_of(html);
    assert_string_equal(str_at(doc, "leaflet"), "missing");
    assert_string_equal(str_at(doc, "leaflet_dir"), dir);
    assert_int_equal(wo_json_array_size(wo_json_object_get(
                         wo_json_object_get(doc, "plan"), "routes")),
                     fx->plan->n_routes);
    wo_json_decref(doc);
    free(html);
}

/* Only the scenario, or nothing at all, still makes a page. */
static void test_no_plan(void **state)
{
    fixture *fx = *state;
    char *html = page(fx->sc, NULL, NULL, NULL);
    wo_json *doc;
    assert_non_null(html);
    doc = data_of(html);
    assert_null(wo_json_object_get(doc, "plan"));
    assert_int_equal(wo_json_array_size(wo_json_object_get(doc, "districts")),
                     fx->sc->n_districts);
    wo_json_decref(doc);
    free(html);
    html = page(NULL, NULL, NULL, NULL);
    assert_non_null(html);
    doc = data_of(html);
    assert_null(wo_json_object_get(doc, "scenario"));
    wo_json_decref(doc);
    free(html);
}

/* Errors: a what-if text that is not a JSON object, a plan without its
 * scenario, a stream that cannot be written. */
static void test_errors(void **state)
{
    fixture *fx = *state;
    FILE *full;
    errno = 0;
    assert_null(page(fx->sc, fx->plan, "{\"variants\": [", NULL));
    assert_int_equal(errno, EINVAL);
    errno = 0;
    assert_null(page(fx->sc, fx->plan, "[1, 2]", NULL));
    assert_int_equal(errno, EINVAL);
    errno = 0;
    assert_null(page(NULL, fx->plan, NULL, NULL));
    assert_int_equal(errno, EINVAL);
    full = fopen("/dev/full", "w");
    if (full) {
        errno = 0;
        assert_int_equal(wo_maphtml_write(full, fx->sc, fx->plan, NULL, NULL), -1);
        assert_int_equal(errno, EIO);
        fclose(full);
    }
}

/* The plan's output set holds map.html, with the page options given. */
static void test_in_output_set(void **state)
{
    fixture *fx = *state;
    wo_maphtml_opts o = {NULL, "", NULL};
    wo_plan_out_opts po;
    char out[128], path[192], *html;
    wo_json *doc;
    wo_err err;
    wo_err_clear(&err);
    snprintf(out, sizeof out, "%s/out", fx->dir);
    assert_int_equal(mkdir(out, 0755), 0);
    memset(&po, 0, sizeof po);
    po.map = &o;
    assert_int_equal(wo_plan_write_files(out, fx->sc, fx->plan, NULL, &po, &err),
                     WO_OK);
    snprintf(path, sizeof path, "%s/map.html", out);
    html = ts_slurp(path, NULL);
    assert_non_null(html);
    doc = data_of(html);
    assert_string_equal(str_at(wo_json_object_get(doc, "tiles"), "url"), "");
    assert_non_null(strstr(html, "fake-leaflet"));
    wo_json_decref(doc);
    free(html);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_data_matches_plan),
        cmocka_unit_test(test_road_path),
        cmocka_unit_test(test_inline_escaped),
        cmocka_unit_test(test_hostile_text),
        cmocka_unit_test(test_served_and_tiles),
        cmocka_unit_test(test_leaflet_missing),
        cmocka_unit_test(test_no_plan),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_in_output_set),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
