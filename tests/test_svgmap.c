/* Unit tests of cli/svgmap: a well-formed SVG with every part the planner
 * needs (districts, routes by stream, markers, legend, scale bar, title). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/svgmap.h"

/* A minimal XML well-formedness check: tags nest and close in order,
 * attribute values are quoted, '&' starts one of the five entities. Enough
 * for the subset of XML the renderer writes. Returns 1 when well formed. */
static int xml_well_formed(const char *s)
{
    char stack[64][32];
    int depth = 0, roots = 0;
    while (*s) {
        if (*s == '&') {
            if (strncmp(s, "&amp;", 5) && strncmp(s, "&lt;", 4) &&
                strncmp(s, "&gt;", 4) && strncmp(s, "&quot;", 6) &&
                strncmp(s, "&apos;", 6))
                return 0;
            s++;
            continue;
        }
        if (*s != '<') {
            if (*s == '>')
                return 0;
            s++;
            continue;
        }
        if (s[1] == '?') {
            const char *e = strstr(s, "?>");
            if (!e)
                return 0;
            s = e + 2;
        } else if (s[1] == '/') {
            size_t n = strcspn(s + 2, ">");
            if (depth == 0 || s[2 + n] != '>' || n != strlen(stack[depth - 1]) ||
                strncmp(s + 2, stack[depth - 1], n))
                return 0;
            depth--;
            s += n + 3;
        } else {
            size_t n = strcspn(s + 1, " \t\n/>");
            char quote = 0;
            if (n == 0 || n >= sizeof stack[0] || depth == 64)
                return 0;
            if (depth == 0 && roots++ > 0)
                return 0;
            memcpy(stack[depth], s + 1, n);
            stack[depth][n] = '\0';
            s += n + 1;
            for (; *s; s++) {
                if (quote) {
                    if (*s == quote)
                        quote = 0;
                    else if (*s == '<')
                        return 0;
                } else if (*s == '"' || *s == '\'') {
                    quote = *s;
                } else if (*s == '>') {
                    break;
                }
            }
            if (!*s)
                return 0;
            if (s[-1] != '/')
                depth++;
            s++;
        }
    }
    return depth == 0 && roots == 1;
}

static void test_checker_itself(void **state)
{
    (void)state;
    assert_true(xml_well_formed("<?xml version=\"1.0\"?><a><b x=\"1\"/>t</a>"));
    assert_false(xml_well_formed("<a><b></a></b>"));
    assert_false(xml_well_formed("<a>&nbsp;</a>"));
    assert_false(xml_well_formed("<a><b></a>"));
    assert_false(xml_well_formed("<a/><b/>"));
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (hay = strstr(hay, needle); hay; hay = strstr(hay + 1, needle))
        n++;
    return n;
}

/* Render m into a malloc'd string. */
static char *render(const wo_svgmap *m, int *rc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    wo_err err;
    wo_err_clear(&err);
    assert_non_null(f);
    *rc = wo_svgmap_write(f, m, &err);
    fclose(f);
    return buf;
}

/* Two square districts side by side near Chongqing's centre. */
static int ring_start[2] = {0, 5};
static double d1_lon[5] = {106.40, 106.50, 106.50, 106.40, 106.40};
static double d1_lat[5] = {29.50, 29.50, 29.60, 29.60, 29.50};
static double d2_lon[5] = {106.50, 106.60, 106.60, 106.50, 106.50};
static double d2_lat[5] = {29.50, 29.50, 29.60, 29.60, 29.50};

static void make_districts(wo_district d[2])
{
    memset(d, 0, 2 * sizeof *d);
    d[0].id = "500103";
    d[0].name = "渝中区";
    d[0].urban = 1;
    d[0].n_rings = 1;
    d[0].ring_start = ring_start;
    d[0].lon_deg = d1_lon;
    d[0].lat_deg = d1_lat;
    d[0].min_lon_deg = 106.40;
    d[0].max_lon_deg = 106.50;
    d[0].min_lat_deg = 29.50;
    d[0].max_lat_deg = 29.60;
    d[1] = d[0];
    d[1].id = "500108";
    d[1].name = "南岸区";
    d[1].lon_deg = d2_lon;
    d[1].lat_deg = d2_lat;
    d[1].min_lon_deg = 106.50;
    d[1].max_lon_deg = 106.60;
}

static void test_full_map(void **state)
{
    static const double r1[] = {106.42, 29.52, 106.45, 29.55, 106.48, 29.52};
    static const double r2[] = {106.52, 29.52, 106.55, 29.58, 106.58, 29.53};
    static const double r3[] = {106.45, 29.55, 106.56, 29.57};
    wo_district d[2];
    wo_svg_line lines[3] = {
        {r1, 3, WO_STREAM_HH_KITCHEN, 0, 0},
        {r2, 3, WO_STREAM_MEDICAL, 0, 0},
        {r3, 2, WO_STREAM_HH_OTHER, 1, 3.0},
    };
    wo_svg_marker marks[4] = {
        {WO_SVG_FACILITY, WO_FAC_INCINERATOR, 106.56, 29.57, "A&B <plant>"},
        {WO_SVG_FACILITY, WO_FAC_TRANSFER_STATION, 106.45, 29.55, "鸡冠石"},
        {WO_SVG_DEPOT, WO_FAC_OTHER, 106.42, 29.52, "D1"},
        {WO_SVG_SITE, WO_FAC_OTHER, 106.48, 29.52, NULL},
    };
    wo_svgmap m;
    char *svg;
    int rc;
    (void)state;
    make_districts(d);
    memset(&m, 0, sizeof m);
    m.title = "Chongqing nightly plan";
    m.date = "2026-11-24";
    m.subtitle = "cost 1,234 CNY";
    m.n_districts = 2;
    m.districts = d;
    m.n_lines = 3;
    m.lines = lines;
    m.n_markers = 4;
    m.markers = marks;
    svg = render(&m, &rc);
    assert_int_equal(rc, WO_OK);
    assert_true(xml_well_formed(svg));
    assert_non_null(strstr(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_non_null(strstr(svg, "Chongqing nightly plan — 2026-11-24"));
    assert_non_null(strstr(svg, "cost 1,234 CNY"));
    /* each stream in its colour, on the map and in the legend */
    assert_int_equal(count(svg, wo_svgmap_stream_colour(WO_STREAM_HH_KITCHEN)),
                     2);
    assert_int_equal(count(svg, wo_svgmap_stream_colour(WO_STREAM_MEDICAL)), 2);
    assert_non_null(strstr(svg, "hh_kitchen 厨余垃圾"));
    assert_non_null(strstr(svg, "medical 医疗废物"));
    assert_non_null(strstr(svg, "hh_other 其他垃圾"));
    assert_null(strstr(svg, "cd_spoil"));
    assert_non_null(strstr(svg, "stroke-dasharray"));
    assert_non_null(strstr(svg, "transfer trips"));
    /* districts and their names, escaped labels, legend entries */
    assert_non_null(strstr(svg, "渝中区"));
    assert_non_null(strstr(svg, "南岸区"));
    assert_non_null(strstr(svg, "A&amp;B &lt;plant&gt;"));
    assert_non_null(strstr(svg, "鸡冠石"));
    assert_non_null(strstr(svg, "incineration"));
    assert_non_null(strstr(svg, "vehicle depot"));
    assert_non_null(strstr(svg, "collection site"));
    assert_null(strstr(svg, "landfill, sludge"));
    /* the extent is about 16 km wide: a round scale bar */
    assert_true(strstr(svg, "2 km") || strstr(svg, "5 km"));
    assert_non_null(strstr(svg, "id=\"north-arrow\""));
    assert_non_null(strstr(svg, "clip-path=\"url(#map-clip)\""));
    free(svg);
}

static void test_empty_map(void **state)
{
    wo_svgmap m;
    char *svg;
    int rc;
    (void)state;
    memset(&m, 0, sizeof m);
    svg = render(&m, &rc);
    assert_int_equal(rc, WO_OK);
    assert_true(xml_well_formed(svg));
    assert_non_null(strstr(svg, "wasteopt plan"));
    assert_non_null(strstr(svg, "km"));
    free(svg);
}

static void test_single_point(void **state)
{
    wo_svg_marker mk = {WO_SVG_DEPOT, WO_FAC_OTHER, 106.5, 29.5, "D"};
    wo_svgmap m;
    char *svg;
    int rc;
    (void)state;
    memset(&m, 0, sizeof m);
    m.n_markers = 1;
    m.markers = &mk;
    m.width_px = 100; /* raised to the minimum width */
    svg = render(&m, &rc);
    assert_int_equal(rc, WO_OK);
    assert_true(xml_well_formed(svg));
    assert_null(strstr(svg, "nan"));
    assert_null(strstr(svg, "inf"));
    free(svg);
}

static void test_non_finite_rejected(void **state)
{
    static const double bad[] = {106.4, 29.5, NAN, 29.6};
    wo_svg_line l = {bad, 2, WO_STREAM_HH_OTHER, 0, 0};
    wo_svgmap m;
    wo_err err;
    FILE *f = fopen("/dev/null", "w");
    (void)state;
    memset(&m, 0, sizeof m);
    m.n_lines = 1;
    m.lines = &l;
    wo_err_clear(&err);
    assert_int_equal(wo_svgmap_write(f, &m, &err), WO_EINVAL);
    assert_non_null(strstr(err.msg, "not finite"));
    fclose(f);
}

static void test_palette_distinct(void **state)
{
    int i, j;
    (void)state;
    for (i = 0; i < WO_STREAM_COUNT; i++) {
        assert_int_equal(strlen(wo_svgmap_stream_colour(i)), 7);
        for (j = 0; j < i; j++)
            assert_string_not_equal(wo_svgmap_stream_colour(i),
                                    wo_svgmap_stream_colour(j));
    }
    assert_string_equal(wo_svgmap_stream_colour(-1), "#999999");
    assert_string_equal(wo_svgmap_stream_colour(WO_STREAM_COUNT), "#999999");
}

static void test_round_length(void **state)
{
    (void)state;
    assert_true(wo_svgmap_round_length(7300) == 5000);
    assert_true(wo_svgmap_round_length(2000) == 2000);
    assert_true(wo_svgmap_round_length(1999) == 1000);
    assert_true(fabs(wo_svgmap_round_length(0.3) - 0.2) < 1e-12);
    assert_true(wo_svgmap_round_length(1) == 1);
    assert_true(wo_svgmap_round_length(0) == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checker_itself),
        cmocka_unit_test(test_full_map),
        cmocka_unit_test(test_empty_map),
        cmocka_unit_test(test_single_point),
        cmocka_unit_test(test_non_finite_rejected),
        cmocka_unit_test(test_palette_distinct),
        cmocka_unit_test(test_round_length),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
