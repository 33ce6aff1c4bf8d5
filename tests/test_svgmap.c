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
        {r1, 3, WO_STREAM_HH_KITCHEN, 0, 0, 0, NULL, 0, 0},
        {r2, 3, WO_STREAM_MEDICAL, 0, 0, 0, NULL, 0, 0},
        {r3, 2, WO_STREAM_HH_OTHER, 1, 3.0, 1, NULL, 0, 0},
    };
    wo_svg_marker marks[4] = {
        {WO_SVG_FACILITY, WO_FAC_INCINERATOR, 106.56, 29.57, "A&B <plant>", 0},
        {WO_SVG_FACILITY, WO_FAC_TRANSFER_STATION, 106.45, 29.55, "鸡冠石", 0},
        {WO_SVG_DEPOT, WO_FAC_OTHER, 106.42, 29.52, "D1", 0},
        {WO_SVG_SITE, WO_FAC_OTHER, 106.48, 29.52, NULL, 0},
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
    assert_non_null(strstr(svg, "clip-path=\"url(#clip-0)\""));
    assert_int_equal(count(svg, "<g class=\"panel\""), 2);
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
    wo_svg_marker mk = {WO_SVG_DEPOT, WO_FAC_OTHER, 106.5, 29.5, "D", 0};
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
    wo_svg_line l = {bad, 2, WO_STREAM_HH_OTHER, 0, 0, 0, NULL, 0, 0};
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

/* Heat cells of svg: the sum of its heat paths' data-cells. */
static int heat_cells(const char *svg)
{
    static const char key[] = "class=\"heat\" data-cells=\"";
    int n = 0;
    for (svg = strstr(svg, key); svg; svg = strstr(svg + 1, key))
        n += (int)strtol(svg + sizeof key - 1, NULL, 10);
    return n;
}

/* The part of svg that is panel `family` (from its group to the next
 * panel or the legend), as a new string; NULL when there is none. */
static char *panel_of(const char *svg, const char *family)
{
    char key[64];
    const char *a, *b, *c;
    char *out;
    snprintf(key, sizeof key, "<g class=\"panel\" id=\"panel-%s\"", family);
    a = strstr(svg, key);
    if (!a)
        return NULL;
    b = strstr(a + 1, "<g class=\"panel\"");
    c = strstr(a + 1, "<g id=\"legend\"");
    if (!b || (c && c < b))
        b = c;
    assert_non_null(b);
    out = malloc((size_t)(b - a) + 1);
    assert_non_null(out);
    memcpy(out, a, (size_t)(b - a));
    out[b - a] = '\0';
    return out;
}

/* Household routes over two districts: four collection routes with
 * their stops, a flow; one medical route. */
static const double hh_a[] = {106.41, 29.51, 106.44, 29.53, 106.47, 29.52,
                              106.45, 29.56};
static const double hh_b[] = {106.52, 29.52, 106.55, 29.58, 106.58, 29.53};
static const double hh_c[] = {106.43, 29.58, 106.46, 29.59};
static const double hh_d[] = {106.57, 29.57};
static const double flow_pts[] = {106.45, 29.55, 106.56, 29.57};
static const double med[] = {106.42, 29.52, 106.55, 29.55, 106.42, 29.52};

static void small_multiples(wo_svgmap *m, wo_district d[2],
                            wo_svg_line lines[6], wo_svg_marker marks[2])
{
    memset(lines, 0, 6 * sizeof *lines);
    lines[0] = (wo_svg_line){hh_a, 4, WO_STREAM_HH_KITCHEN, 0, 0, 0, hh_a, 4,
                             2.5};
    lines[1] = (wo_svg_line){hh_b, 3, WO_STREAM_HH_OTHER, 0, 0, 0, hh_b, 3,
                             1.5};
    lines[2] = (wo_svg_line){hh_c, 2, WO_STREAM_HH_RECYCLABLE, 0, 0, 0, hh_c,
                             2, 1.0};
    lines[3] = (wo_svg_line){hh_d, 1, WO_STREAM_HH_OTHER, 0, 0, 0, hh_d, 1,
                             0.5};
    lines[4] = (wo_svg_line){flow_pts, 2, WO_STREAM_HH_OTHER, 1, 3.0, 1, NULL,
                             0, 40};
    lines[5] = (wo_svg_line){med, 3, WO_STREAM_MEDICAL, 0, 0, 0, med + 2, 1,
                             0.25};
    marks[0] = (wo_svg_marker){WO_SVG_FACILITY, WO_FAC_MEDICAL_DISPOSAL,
                               106.55, 29.55, "MedPlant",
                               1u << WO_FAMILY_MEDICAL};
    marks[1] = (wo_svg_marker){WO_SVG_FACILITY, WO_FAC_INCINERATOR, 106.56,
                               29.57, "Burner", 1u << WO_FAMILY_HOUSEHOLD};
    make_districts(d);
    memset(m, 0, sizeof *m);
    m->title = "panels";
    m->n_districts = 2;
    m->districts = d;
    m->n_lines = 6;
    m->lines = lines;
    m->n_markers = 2;
    m->markers = marks;
}

static void test_panels_lines_and_aggregated(void **state)
{
    wo_district d[2];
    wo_svg_line lines[6];
    wo_svg_marker marks[2];
    wo_svgmap m;
    char *svg, *hh, *md;
    int rc;
    (void)state;
    small_multiples(&m, d, lines, marks);
    /* under the limit: every route a line, one panel per family */
    svg = render(&m, &rc);
    assert_int_equal(rc, WO_OK);
    assert_true(xml_well_formed(svg));
    assert_int_equal(count(svg, "<g class=\"panel\""), 2);
    hh = panel_of(svg, "household");
    md = panel_of(svg, "medical");
    assert_non_null(hh);
    assert_non_null(md);
    assert_null(panel_of(svg, "construction"));
    assert_non_null(strstr(hh, "data-routes=\"4\" data-mode=\"lines\""));
    assert_non_null(strstr(hh, "生活垃圾 household · 4 routes · 5.5 t"));
    assert_int_equal(count(hh, "class=\"route\""), 3); /* hh_d: one point */
    assert_int_equal(count(hh, "class=\"flow\""), 1);
    assert_int_equal(count(hh, "class=\"hull\""), 0);
    assert_int_equal(count(md, "class=\"route\""), 1);
    assert_non_null(strstr(md, "医疗废物 medical · 1 route · 0.2 t"));
    /* each facility in its family's panel only */
    assert_non_null(strstr(hh, "Burner"));
    assert_null(strstr(hh, "MedPlant"));
    assert_non_null(strstr(md, "MedPlant"));
    assert_null(strstr(md, "Burner"));
    /* both panels hold both districts */
    assert_int_equal(count(hh, "class=\"district\""), 2);
    assert_null(strstr(svg, "stops per"));
    free(hh);
    free(md);
    free(svg);

    /* over the limit of 3: household aggregated, medical still lines */
    m.max_route_lines = 3;
    svg = render(&m, &rc);
    assert_int_equal(rc, WO_OK);
    assert_true(xml_well_formed(svg));
    hh = panel_of(svg, "household");
    md = panel_of(svg, "medical");
    assert_non_null(strstr(hh, "data-routes=\"4\" data-mode=\"aggregated\""));
    assert_int_equal(count(hh, "class=\"route\""), 0);
    assert_int_equal(count(hh, "class=\"hull\""), 4);
    /* a hull of 4 points, a triangle, a segment and a dot */
    assert_int_equal(count(hh, "<circle class=\"hull\""), 1);
    assert_int_equal(count(hh, "class=\"flow\""), 1);
    /* 10 stops in at least 8 cells (the four of hh_a are apart) */
    assert_true(heat_cells(hh) >= 8);
    assert_true(heat_cells(hh) <= 10);
    assert_true(count(hh, "class=\"heat\"") <= 5); /* a path per class */
    assert_int_equal(count(md, "class=\"route\""), 1);
    assert_int_equal(count(md, "class=\"heat\""), 0);
    assert_non_null(strstr(svg, "Panels over 3 routes"));
    assert_non_null(strstr(svg, "stops per "));
    free(hh);
    free(md);
    free(svg);
}

/* Horizontal span (px) of the first district path of svg with this id. */
static double district_span(const char *svg, const char *id)
{
    char key[64];
    const char *p;
    double lo = 1e9, hi = -1e9;
    snprintf(key, sizeof key, "class=\"district\" data-id=\"%s\"", id);
    p = strstr(svg, key);
    assert_non_null(p);
    p = strstr(p, " d=\"");
    assert_non_null(p);
    for (p += 4; *p && *p != '"';) {
        char *end;
        double x;
        if (*p == 'M' || *p == 'L')
            p++;
        x = strtod(p, &end);
        if (end == p) {
            p++;
            continue;
        }
        lo = fmin(lo, x);
        hi = fmax(hi, x);
        p = end;
        strtod(p, &end); /* y */
        p = end;
    }
    return hi - lo;
}

static void test_focus_district(void **state)
{
    wo_district d[2];
    wo_svg_line lines[6];
    wo_svg_marker marks[2];
    wo_svgmap m;
    int focus = 1, bad = 2, rc;
    double span_all, span_one;
    char *svg, *hh;
    wo_err err;
    FILE *f;
    (void)state;
    small_multiples(&m, d, lines, marks);
    svg = render(&m, &rc);
    assert_int_equal(rc, WO_OK);
    span_all = district_span(svg, "500108");
    free(svg);
    m.n_focus = 1;
    m.focus = &focus;
    svg = render(&m, &rc);
    assert_int_equal(rc, WO_OK);
    assert_true(xml_well_formed(svg));
    hh = panel_of(svg, "household");
    /* only the focus district, in every panel, zoomed to it: the extent
     * is half as wide, so the district about twice */
    assert_int_equal(count(svg, "class=\"district\""), 2);
    assert_int_equal(count(hh, "class=\"district\" data-id=\"500108\""), 1);
    assert_null(strstr(svg, "data-id=\"500103\""));
    assert_null(strstr(svg, "渝中区"));
    span_one = district_span(svg, "500108");
    assert_true(span_one > 1.6 * span_all);
    free(hh);
    free(svg);
    /* heat counts only the focus district's stops: 4 of household's 10 */
    m.max_route_lines = 3;
    svg = render(&m, &rc);
    hh = panel_of(svg, "household");
    assert_int_equal(count(hh, "class=\"hull\""), 4);
    assert_true(heat_cells(hh) >= 3);
    assert_true(heat_cells(hh) <= 4);
    free(hh);
    free(svg);
    /* a focus index out of range is refused */
    m.focus = &bad;
    f = fopen("/dev/null", "w");
    wo_err_clear(&err);
    assert_int_equal(wo_svgmap_write(f, &m, &err), WO_EINVAL);
    assert_non_null(strstr(err.msg, "out of range"));
    /* so is a line of no stream */
    m.n_focus = 0;
    lines[2].stream = WO_STREAM_COUNT;
    wo_err_clear(&err);
    assert_int_equal(wo_svgmap_write(f, &m, &err), WO_EINVAL);
    assert_non_null(strstr(err.msg, "not a stream"));
    fclose(f);
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
        cmocka_unit_test(test_panels_lines_and_aggregated),
        cmocka_unit_test(test_focus_district),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
