/*
 * svgmap.c — the SVG map of a plan. See svgmap.h.
 *
 * Layout (pixels): a heading band on top, the panels in a grid of one to
 * three columns on the left (each with its heading above its frame), the
 * legend on the right. Everything is plain SVG 1.1 (no scripts, no
 * external resources) so that browsers, Inkscape and rsvg show the same.
 */
#include "cli/svgmap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EARTH_RADIUS_M 6371008.8
#define DEG_TO_RAD (3.14159265358979323846 / 180.0)

#define DEFAULT_WIDTH_PX 1400
#define LEGEND_W_PX 320     /* legend panel width                        */
#define PAD_PX 16           /* outer padding                             */
#define HEAD_H_PX 74        /* heading band height                       */
#define MIN_MAP_H_PX 480
#define MAX_MAP_H_PX 1300
#define MIN_EXTENT_M 2000.0 /* never zoom in closer than 2 km across     */
#define PANEL_W_PX 760      /* panel width of small multiples           */
#define PANEL_HEAD_H_PX 30  /* a panel's heading above its frame        */
#define GAP_PX 16           /* between panels                           */
#define HEAT_CELL_PX 12     /* heat cells of stops: a round length on the
                               ground of at most this many pixels          */

/* Fixed stream colours, indexed by wo_stream id. Chosen to be told apart
 * on a light background; families share a hue range where possible
 * (household: blue/green/red/grey, construction: browns/oranges/pinks,
 * medical: magenta, agricultural: cyan/gold/teal/navy). */
static const char *const stream_colours[WO_STREAM_COUNT] = {
    "#1f77b4", /* hh_recyclable      blue        */
    "#2ca02c", /* hh_kitchen         green       */
    "#d62728", /* hh_hazardous       red         */
    "#4d4d4d", /* hh_other           dark grey   */
    "#8c564b", /* cd_spoil           brown       */
    "#7f7f00", /* cd_slurry          olive       */
    "#ff7f0e", /* cd_construction    orange      */
    "#f781bf", /* cd_demolition      pink        */
    "#9467bd", /* cd_renovation      purple      */
    "#e6007e", /* medical            magenta     */
    "#17becf", /* ag_film            cyan        */
    "#e6b800", /* ag_straw           gold        */
    "#00665e", /* ag_manure          dark teal   */
    "#000080", /* ag_pesticide_pack  navy        */
    "#a6a6a6", /* bottom_ash         light grey  */
    "#600000", /* fly_ash            maroon      */
    "#6d4c41", /* sludge             dark brown  */
    "#8fbc8f", /* digestate          sea green   */
    "#c0a080", /* reject             tan         */
};

const char *wo_svgmap_stream_colour(int stream)
{
    if (stream < 0 || stream >= WO_STREAM_COUNT)
        return "#999999";
    return stream_colours[stream];
}

double wo_svgmap_round_length(double max_m)
{
    double p, steps[3] = {5.0, 2.0, 1.0};
    int i;
    if (!(max_m > 0))
        return 0;
    p = pow(10.0, floor(log10(max_m)));
    for (i = 0; i < 3; i++)
        if (steps[i] * p <= max_m * (1 + 1e-12))
            return steps[i] * p;
    return p;
}

/* ------------------------------------------------------------ facilities */

/* Marker groups: one shape and colour per group of facility kinds. */
typedef enum marker_shape {
    SHAPE_SQUARE,
    SHAPE_TRIANGLE,
    SHAPE_CIRCLE,
    SHAPE_DIAMOND,
    SHAPE_CROSS,
    SHAPE_TRIANGLE_DOWN
} marker_shape;

typedef struct marker_group {
    const char *label;      /* legend text          */
    marker_shape shape;     /* symbol               */
    const char *fill;       /* fill colour          */
} marker_group;

enum {
    GROUP_INCINERATION,
    GROUP_TRANSFER,
    GROUP_ORGANIC,
    GROUP_RECYCLING,
    GROUP_HAZARDOUS,
    GROUP_CD,
    GROUP_DISPOSAL,
    GROUP_DEPOT,
    GROUP_COUNT
};

static const marker_group groups[GROUP_COUNT] = {
    {"incineration 焚烧", SHAPE_SQUARE, "#c62828"},
    {"transfer / storage 转运", SHAPE_TRIANGLE, "#455a64"},
    {"kitchen waste, manure, straw", SHAPE_CIRCLE, "#2e7d32"},
    {"sorting / recycling 分拣", SHAPE_DIAMOND, "#1565c0"},
    {"medical / hazardous 危废", SHAPE_CROSS, "#ad1457"},
    {"C&D: recycling, spoil, slurry", SHAPE_SQUARE, "#ef6c00"},
    {"landfill, sludge, other", SHAPE_TRIANGLE_DOWN, "#6d4c41"},
    {"vehicle depot 车场", SHAPE_CIRCLE, "#000000"},
};

static int group_of_kind(wo_facility_kind k)
{
    switch (k) {
    case WO_FAC_INCINERATOR:
        return GROUP_INCINERATION;
    case WO_FAC_TRANSFER_STATION:
    case WO_FAC_STORAGE:
        return GROUP_TRANSFER;
    case WO_FAC_KITCHEN_WASTE_PLANT:
    case WO_FAC_FERTILIZER_PLANT:
    case WO_FAC_STRAW_UTILIZATION:
        return GROUP_ORGANIC;
    case WO_FAC_SORTING_CENTRE:
    case WO_FAC_FILM_CENTRE:
    case WO_FAC_ASH_UTILIZATION:
        return GROUP_RECYCLING;
    case WO_FAC_HAZARDOUS_WASTE:
    case WO_FAC_MEDICAL_DISPOSAL:
    case WO_FAC_PESTICIDE_PACK_CENTRE:
        return GROUP_HAZARDOUS;
    case WO_FAC_CD_RECYCLING:
    case WO_FAC_SPOIL_SITE:
    case WO_FAC_SLURRY_PLANT:
        return GROUP_CD;
    case WO_FAC_LANDFILL:
    case WO_FAC_SLUDGE_PLANT:
    case WO_FAC_CEMENT_KILN:
    case WO_FAC_OTHER:
    case WO_FAC_KIND_COUNT:
        break;
    }
    return GROUP_DISPOSAL;
}

/* --------------------------------------------------------------- drawing */

/* The projection and the frame of the map. */
typedef struct view {
    double lon0_deg, lat0_deg;   /* centre of the extent                   */
    double coslat;               /* cos of the centre latitude             */
    double scale_px_per_m;       /* map scale                              */
    double map_x, map_y;         /* top-left of the map frame (px)         */
    double map_w, map_h;         /* size of the map frame (px)             */
} view;

static double proj_x(const view *v, double lon_deg)
{
    return v->map_x + v->map_w / 2 +
           (lon_deg - v->lon0_deg) * DEG_TO_RAD * EARTH_RADIUS_M * v->coslat *
               v->scale_px_per_m;
}

static double proj_y(const view *v, double lat_deg)
{
    return v->map_y + v->map_h / 2 -
           (lat_deg - v->lat0_deg) * DEG_TO_RAD * EARTH_RADIUS_M *
               v->scale_px_per_m;
}

void wo_svgmap_put_text(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&apos;", f);
            break;
        default:
            if (c >= 0x20 || c == '\t')
                fputc(c, f);
        }
    }
}

/* Text element with the font stack and a white halo for legibility over
 * lines. */
static void text_at(FILE *f, double x, double y, double size_px,
                    const char *anchor, const char *fill, int bold,
                    int halo, const char *s)
{
    fprintf(f,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" "
            "text-anchor=\"%s\" fill=\"%s\"%s%s>",
            x, y, size_px, anchor, fill, bold ? " font-weight=\"bold\"" : "",
            halo ? " stroke=\"#ffffff\" stroke-width=\"3\" "
                   "stroke-linejoin=\"round\" paint-order=\"stroke\""
                 : "");
    wo_svgmap_put_text(f, s);
    fputs("</text>\n", f);
}

static void draw_symbol(FILE *f, marker_shape shape, double x, double y,
                        double r, const char *fill)
{
    const char *stroke = "stroke=\"#ffffff\" stroke-width=\"1.5\"";
    switch (shape) {
    case SHAPE_SQUARE:
        fprintf(f,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                "fill=\"%s\" %s/>\n",
                x - r, y - r, 2 * r, 2 * r, fill, stroke);
        break;
    case SHAPE_TRIANGLE:
        fprintf(f,
                "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"%s\" %s/>\n",
                x, y - 1.2 * r, x + 1.1 * r, y + 0.8 * r, x - 1.1 * r,
                y + 0.8 * r, fill, stroke);
        break;
    case SHAPE_TRIANGLE_DOWN:
        fprintf(f,
                "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"%s\" %s/>\n",
                x, y + 1.2 * r, x + 1.1 * r, y - 0.8 * r, x - 1.1 * r,
                y - 0.8 * r, fill, stroke);
        break;
    case SHAPE_CIRCLE:
        fprintf(f,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" %s/>\n",
                x, y, r, fill, stroke);
        break;
    case SHAPE_DIAMOND:
        fprintf(f,
                "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" "
                "fill=\"%s\" %s/>\n",
                x, y - 1.3 * r, x + 1.3 * r, y, x, y + 1.3 * r, x - 1.3 * r, y,
                fill, stroke);
        break;
    case SHAPE_CROSS: {
        double a = 0.4 * r;
        fprintf(f,
                "<path d=\"M%.1f %.1fH%.1fV%.1fH%.1fV%.1fH%.1fV%.1fH%.1fV%.1f"
                "H%.1fV%.1fH%.1fZ\" fill=\"%s\" %s/>\n",
                x - a, y - 1.2 * r, x + a, y - a, x + 1.2 * r, y + a, x + a,
                y + 1.2 * r, x - a, y + a, x - 1.2 * r, y - a, x - a, fill,
                stroke);
        break;
    }
    }
}

/* Extent of what is drawn, in degrees. */
typedef struct extent {
    double min_lon, min_lat, max_lon, max_lat; /* bounds             */
    int n;                                     /* points included    */
} extent;

static void extent_add(extent *e, double lon, double lat)
{
    if (e->n++ == 0) {
        e->min_lon = e->max_lon = lon;
        e->min_lat = e->max_lat = lat;
        return;
    }
    e->min_lon = fmin(e->min_lon, lon);
    e->max_lon = fmax(e->max_lon, lon);
    e->min_lat = fmin(e->min_lat, lat);
    e->max_lat = fmax(e->max_lat, lat);
}

static int check_inputs(const wo_svgmap *m, wo_err *err)
{
    int i, j;
    for (i = 0; i < m->n_lines; i++) {
        const wo_svg_line *l = &m->lines[i];
        if (!wo_stream_get(l->stream))
            return wo_err_set(err, WO_EINVAL,
                              "map line %d: stream %d is not a stream", i,
                              l->stream);
        for (j = 0; j < 2 * l->n_pts; j++)
            if (!isfinite(l->lonlat[j]))
                return wo_err_set(err, WO_EINVAL,
                                  "map line %d: point %d is not finite", i,
                                  j / 2);
        for (j = 0; j < 2 * l->n_stops; j++)
            if (!isfinite(l->stops_lonlat[j]))
                return wo_err_set(err, WO_EINVAL,
                                  "map line %d: stop %d is not finite", i,
                                  j / 2);
    }
    for (i = 0; i < m->n_markers; i++)
        if (!isfinite(m->markers[i].lon_deg) ||
            !isfinite(m->markers[i].lat_deg))
            return wo_err_set(err, WO_EINVAL,
                              "map marker %d ('%s'): position is not finite",
                              i, m->markers[i].label ? m->markers[i].label
                                                     : "");
    for (i = 0; i < m->n_focus; i++)
        if (m->focus[i] < 0 || m->focus[i] >= m->n_districts)
            return wo_err_set(err, WO_EINVAL,
                              "map focus %d: district %d out of range", i,
                              m->focus[i]);
    return WO_OK;
}

/* ---------------------------------------------------------------- panels */

/* Family names in Chinese, indexed by wo_family. */
static const char *const family_zh[WO_FAMILY_COUNT] = {
    "生活垃圾", "建筑垃圾", "医疗废物", "农业废弃物", "处理残余物"};

/* One panel of the small multiples. */
typedef struct panel {
    int family;        /* wo_family shown, -1: everything (no routes)    */
    int n_routes;      /* vehicle routes of the family                   */
    double tonnes;     /* tonnes they collected                          */
    int aggregated;    /* 1: more routes than lines allowed              */
    int n_fac;         /* facilities drawn in its frame                  */
    double cell_px;    /* side of a heat cell                            */
    view v;            /* projection and frame                           */
} panel;

/* The whole page. */
typedef struct page {
    double width, height;     /* document size (px)                      */
    double legend_x, legend_y; /* top-left of the legend's first line    */
    double cell_m;            /* side of a heat cell on the ground       */
    int any_aggregated;       /* some panel draws its routes aggregated  */
    int any_lines;            /* some panel draws its routes as lines    */
} page;

static int family_of(int stream)
{
    const wo_stream_info *s = wo_stream_get(stream);
    return s ? (int)s->family : -1;
}

static int line_in(const wo_svg_line *l, const panel *pn)
{
    return pn->family < 0 || family_of(l->stream) == pn->family;
}

static int marker_in(const wo_svg_marker *k, const panel *pn)
{
    return k->families == 0 || pn->family < 0 ||
           (k->families >> pn->family & 1u);
}

/* The panels: one per family with something to draw, in family order;
 * one panel of everything when no family has. Returns their number. */
static int make_panels(const wo_svgmap *m, panel pn[WO_FAMILY_COUNT])
{
    int has[WO_FAMILY_COUNT] = {0}, routes[WO_FAMILY_COUNT] = {0};
    double tonnes[WO_FAMILY_COUNT] = {0};
    int max_lines = m->max_route_lines > 0 ? m->max_route_lines
                                           : WO_SVGMAP_MAX_ROUTE_LINES;
    int i, n = 0;
    for (i = 0; i < m->n_lines; i++) {
        const wo_svg_line *l = &m->lines[i];
        int fam = family_of(l->stream);
        if (l->n_pts < 2 && l->n_stops == 0)
            continue;
        has[fam] = 1;
        if (!l->flow) {
            routes[fam]++;
            tonnes[fam] += l->tonnes;
        }
    }
    memset(pn, 0, WO_FAMILY_COUNT * sizeof *pn);
    for (i = 0; i < WO_FAMILY_COUNT; i++) {
        if (!has[i])
            continue;
        pn[n].family = i;
        pn[n].n_routes = routes[i];
        pn[n].tonnes = tonnes[i];
        pn[n].aggregated = routes[i] > max_lines;
        n++;
    }
    if (n == 0) {
        pn[0].family = -1;
        n = 1;
    }
    return n;
}

/* The extent shared by the panels: the focus districts, else the routes
 * and markers, else the districts, else central Chongqing. */
static void map_extent(const wo_svgmap *m, extent *e)
{
    int i, j;
    memset(e, 0, sizeof *e);
    for (i = 0; i < m->n_focus; i++) {
        const wo_district *d = &m->districts[m->focus[i]];
        extent_add(e, d->min_lon_deg, d->min_lat_deg);
        extent_add(e, d->max_lon_deg, d->max_lat_deg);
    }
    if (e->n > 0)
        return;
    for (i = 0; i < m->n_lines; i++)
        for (j = 0; j < m->lines[i].n_pts; j++)
            extent_add(e, m->lines[i].lonlat[2 * j],
                       m->lines[i].lonlat[2 * j + 1]);
    for (i = 0; i < m->n_markers; i++)
        extent_add(e, m->markers[i].lon_deg, m->markers[i].lat_deg);
    if (e->n == 0)
        for (i = 0; i < m->n_districts; i++) {
            extent_add(e, m->districts[i].min_lon_deg,
                       m->districts[i].min_lat_deg);
            extent_add(e, m->districts[i].max_lon_deg,
                       m->districts[i].max_lat_deg);
        }
    if (e->n == 0) {
        extent_add(e, 106.3, 29.3);
        extent_add(e, 106.8, 29.8);
    }
}

static double legend_height(const wo_svgmap *m, const page *pg);

/* Place the panels in a grid (1, 2 or 3 columns) left of the legend, all
 * at the extent's scale; fills pn[].v and *pg. */
static void layout(const wo_svgmap *m, panel *pn, int np, page *pg)
{
    extent e;
    double w_m, h_m, lon0, lat0, coslat, panel_w, panel_h, scale, legend_h;
    int cols = np <= 1 ? 1 : np <= 4 ? 2 : 3, rows = (np + cols - 1) / cols;
    int k;
    map_extent(m, &e);
    lon0 = (e.min_lon + e.max_lon) / 2;
    lat0 = (e.min_lat + e.max_lat) / 2;
    coslat = cos(lat0 * DEG_TO_RAD);
    w_m = (e.max_lon - e.min_lon) * DEG_TO_RAD * EARTH_RADIUS_M * coslat;
    h_m = (e.max_lat - e.min_lat) * DEG_TO_RAD * EARTH_RADIUS_M;
    /* 6 % margin on every side; a minimum extent for a single point. */
    w_m = fmax(w_m * 1.12, MIN_EXTENT_M);
    h_m = fmax(h_m * 1.12, MIN_EXTENT_M);
    if (m->width_px > 0)
        panel_w = (fmax(m->width_px, LEGEND_W_PX + 400) - LEGEND_W_PX -
                   2 * PAD_PX - (cols - 1) * GAP_PX) / cols;
    else
        panel_w = cols == 1 ? DEFAULT_WIDTH_PX - LEGEND_W_PX - 2 * PAD_PX
                            : PANEL_W_PX;
    panel_h = fmin(fmax(panel_w * h_m / w_m, 0.6 * panel_w), 1.5 * panel_w);
    if (cols == 1)
        panel_h = fmin(fmax(panel_h, MIN_MAP_H_PX), MAX_MAP_H_PX);
    scale = fmin(panel_w / w_m, panel_h / h_m);
    pg->cell_m = wo_svgmap_round_length(HEAT_CELL_PX / scale);
    for (k = 0; k < np; k++) {
        view *v = &pn[k].v;
        v->lon0_deg = lon0;
        v->lat0_deg = lat0;
        v->coslat = coslat;
        v->scale_px_per_m = scale;
        v->map_x = PAD_PX + (k % cols) * (panel_w + GAP_PX);
        v->map_y = HEAD_H_PX + PANEL_HEAD_H_PX +
                   (k / cols) * (PANEL_HEAD_H_PX + panel_h + GAP_PX);
        v->map_w = panel_w;
        v->map_h = panel_h;
        pn[k].cell_px = pg->cell_m * scale;
        pg->any_aggregated |= pn[k].aggregated;
        pg->any_lines |= !pn[k].aggregated;
    }
    pg->legend_x = PAD_PX + cols * panel_w + (cols - 1) * GAP_PX + PAD_PX + 8;
    pg->legend_y = HEAD_H_PX + PANEL_HEAD_H_PX + 20;
    pg->width = pg->legend_x - 8 + LEGEND_W_PX;
    pg->height = HEAD_H_PX + rows * (PANEL_HEAD_H_PX + panel_h) +
                 (rows - 1) * GAP_PX + PAD_PX;
    legend_h = legend_height(m, pg);
    if (pg->height < pg->legend_y + legend_h + PAD_PX)
        pg->height = pg->legend_y + legend_h + PAD_PX;
}

/* A label point of a district: the vertex average of its largest ring
 * (by point count), good enough for a name tag. */
static void district_label_point(const wo_district *d, double *lon,
                                 double *lat)
{
    int r, best = 0, best_n = -1, k;
    double sx = 0, sy = 0;
    for (r = 0; r < d->n_rings; r++) {
        int n = d->ring_start[r + 1] - d->ring_start[r];
        if (n > best_n) {
            best_n = n;
            best = r;
        }
    }
    for (k = d->ring_start[best]; k < d->ring_start[best + 1]; k++) {
        sx += d->lon_deg[k];
        sy += d->lat_deg[k];
    }
    if (best_n > 0) {
        *lon = sx / best_n;
        *lat = sy / best_n;
    } else {
        *lon = (d->min_lon_deg + d->max_lon_deg) / 2;
        *lat = (d->min_lat_deg + d->max_lat_deg) / 2;
    }
}


int wo_svgmap_district_in(const int *focus, int n_focus, int d)
{
    int k;
    if (n_focus == 0)
        return 1;
    for (k = 0; d >= 0 && k < n_focus; k++)
        if (focus[k] == d)
            return 1;
    return 0;
}

int wo_svgmap_point_in(const wo_district *districts, const int *focus,
                       int n_focus, double lon, double lat)
{
    int k;
    if (n_focus == 0)
        return 1;
    for (k = 0; k < n_focus; k++)
        if (wo_district_contains(&districts[focus[k]], lon, lat))
            return 1;
    return 0;
}

/* 1 when district i is drawn: every district, or only the focus. */
static int district_shown(const wo_svgmap *m, int i)
{
    return wo_svgmap_district_in(m->focus, m->n_focus, i);
}

static void draw_districts(FILE *f, const wo_svgmap *m, const view *v,
                           double name_px)
{
    int i, r, k;
    double x0 = v->map_x, y0 = v->map_y, x1 = x0 + v->map_w,
           y1 = y0 + v->map_h;
    fputs("<g class=\"districts\" stroke=\"#6f6f6f\" stroke-width=\"1\" "
          "fill-rule=\"evenodd\">\n",
          f);
    for (i = 0; i < m->n_districts; i++) {
        const wo_district *d = &m->districts[i];
        /* Skip districts entirely outside the frame. */
        if (!district_shown(m, i) || proj_x(v, d->max_lon_deg) < x0 ||
            proj_x(v, d->min_lon_deg) > x1 || proj_y(v, d->min_lat_deg) < y0 ||
            proj_y(v, d->max_lat_deg) > y1)
            continue;
        fputs("<path class=\"district\" data-id=\"", f);
        wo_svgmap_put_text(f, d->id);
        fprintf(f, "\" fill=\"%s\" d=\"", d->urban ? "#ebe6da" : "#f4f2ec");
        for (r = 0; r < d->n_rings; r++) {
            double lx = 0, ly = 0;
            int first = 1;
            for (k = d->ring_start[r]; k < d->ring_start[r + 1]; k++) {
                double x = proj_x(v, d->lon_deg[k]), y = proj_y(v, d->lat_deg[k]);
                /* Drop vertices closer than 0.7 px to the last one kept. */
                if (!first && fabs(x - lx) < 0.7 && fabs(y - ly) < 0.7 &&
                    k + 1 < d->ring_start[r + 1])
                    continue;
                fprintf(f, "%s%.1f %.1f", first ? "M" : "L", x, y);
                first = 0;
                lx = x;
                ly = y;
            }
            if (!first)
                fputc('Z', f);
        }
        fputs("\"/>\n", f);
    }
    fputs("</g>\n", f);
    fputs("<g class=\"district-names\">\n", f);
    for (i = 0; i < m->n_districts; i++) {
        double lon, lat, x, y;
        if (!district_shown(m, i))
            continue;
        district_label_point(&m->districts[i], &lon, &lat);
        x = proj_x(v, lon);
        y = proj_y(v, lat);
        if (x < x0 + 30 || x > x1 - 30 || y < y0 + 14 || y > y1 - 6)
            continue;
        text_at(f, x, y, name_px, "middle", "#7a7a7a", 0, 1,
                m->districts[i].name);
    }
    fputs("</g>\n", f);
}

/* The lines of panel pn: every one (routes only when not aggregated, the
 * flows always). n_routes: routes in the whole panel, for the width. */
static void draw_lines(FILE *f, const wo_svgmap *m, const panel *pn)
{
    const view *v = &pn->v;
    int i, j, pass;
    fputs("<g class=\"routes\" fill=\"none\" stroke-linejoin=\"round\" "
          "stroke-linecap=\"round\">\n",
          f);
    /* Transfers (dashed) first, so that collection routes stay on top. */
    for (pass = 1; pass >= 0; pass--)
        for (i = 0; i < m->n_lines; i++) {
            const wo_svg_line *l = &m->lines[i];
            double lx = 0, ly = 0;
            if (l->dashed != pass || l->n_pts < 2 || !line_in(l, pn) ||
                (pn->aggregated && !l->flow))
                continue;
            fprintf(f,
                    "<path class=\"%s\" stroke=\"%s\" stroke-width=\"%.1f\" "
                    "stroke-opacity=\"0.85\"%s d=\"",
                    l->flow ? "flow" : "route",
                    wo_svgmap_stream_colour(l->stream),
                    l->width_px > 0 ? l->width_px
                    : pass          ? 2.5
                                    : (pn->n_routes > 60 ? 1.3 : 2.0),
                    pass ? " stroke-dasharray=\"8 5\"" : "");
            for (j = 0; j < l->n_pts; j++) {
                double x = proj_x(v, l->lonlat[2 * j]),
                       y = proj_y(v, l->lonlat[2 * j + 1]);
                if (j > 0 && j + 1 < l->n_pts && fabs(x - lx) < 0.4 &&
                    fabs(y - ly) < 0.4)
                    continue;
                fprintf(f, "%s%.1f %.1f", j ? "L" : "M", x, y);
                lx = x;
                ly = y;
            }
            fputs("\"/>\n", f);
        }
    fputs("</g>\n", f);
}

/* --------------------------------------------------------- aggregation */

static int cmp_xy(const void *a, const void *b)
{
    const double *p = a, *q = b;
    if (p[0] != q[0])
        return p[0] < q[0] ? -1 : 1;
    if (p[1] != q[1])
        return p[1] < q[1] ? -1 : 1;
    return 0;
}

/* Cross product of (a->b) x (a->c). */
static double cross(const double *a, const double *b, const double *c)
{
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/* Convex hull of the n points xy[2n] (monotone chain): sorts xy and
 * writes the hull's vertices in order to out[2 * (n + 1)]; returns their
 * number (1 or 2 for degenerate input; duplicates dropped). */
static int convex_hull(double *xy, int n, double *out)
{
    int i, k = 0, lower;
    qsort(xy, (size_t)n, 2 * sizeof *xy, cmp_xy);
    for (i = 0; i < n; i++) { /* lower chain */
        while (k >= 2 && cross(out + 2 * (k - 2), out + 2 * (k - 1),
                               xy + 2 * i) <= 0)
            k--;
        out[2 * k] = xy[2 * i];
        out[2 * k + 1] = xy[2 * i + 1];
        k++;
    }
    lower = k + 1;
    for (i = n - 2; i >= 0; i--) { /* upper chain */
        while (k >= lower && cross(out + 2 * (k - 2), out + 2 * (k - 1),
                                   xy + 2 * i) <= 0)
            k--;
        out[2 * k] = xy[2 * i];
        out[2 * k + 1] = xy[2 * i + 1];
        k++;
    }
    if (k > 1)
        k--; /* the last point is the first again */
    if (k == 2 && out[0] == out[2] && out[1] == out[3])
        k = 1;
    return k;
}

/* Heat classes: lowest count of each class, and its colour. */
#define HEAT_CLASSES 5
static const int heat_min[HEAT_CLASSES] = {1, 2, 4, 8, 16};
static const char *const heat_colour[HEAT_CLASSES] = {
    "#ffe98a", "#fcc05a", "#f68d3a", "#d9531e", "#8f2a10"};

static int heat_class(int n)
{
    int c = HEAT_CLASSES - 1;
    while (c > 0 && n < heat_min[c])
        c--;
    return c;
}

/* One hull per route of panel pn around its stops (light, beneath), then
 * the heat of the stops (of the focus districts when there are some) on
 * top. Returns WO_OK or WO_ENOMEM. */
static int draw_aggregated(FILE *f, const wo_svgmap *m, const panel *pn)
{
    const view *v = &pn->v;
    double c_px = pn->cell_px;
    int nx = (int)ceil(v->map_w / c_px), ny = (int)ceil(v->map_h / c_px);
    int i, j, k, n_max = 0, *cell;
    double *xy, *hull;
    for (i = 0; i < m->n_lines; i++)
        if (m->lines[i].n_stops > n_max)
            n_max = m->lines[i].n_stops;
    cell = calloc((size_t)nx * (size_t)ny, sizeof *cell);
    xy = malloc(2 * ((size_t)n_max + 1) * sizeof *xy);
    hull = malloc(2 * ((size_t)n_max + 2) * sizeof *hull);
    if (!cell || !xy || !hull) {
        free(cell);
        free(xy);
        free(hull);
        return WO_ENOMEM;
    }
    fputs("<g class=\"hulls\" stroke-linejoin=\"round\" "
          "stroke-width=\"0.8\" fill-opacity=\"0.04\" "
          "stroke-opacity=\"0.45\">\n",
          f);
    for (i = 0; i < m->n_lines; i++) {
        const wo_svg_line *l = &m->lines[i];
        const char *c = wo_svgmap_stream_colour(l->stream);
        int n;
        if (l->flow || !line_in(l, pn) || l->n_stops == 0)
            continue;
        for (j = 0; j < l->n_stops; j++) {
            double lon = l->stops_lonlat[2 * j], lat = l->stops_lonlat[2 * j + 1];
            int ix, iy;
            xy[2 * j] = proj_x(v, lon);
            xy[2 * j + 1] = proj_y(v, lat);
            ix = (int)floor((xy[2 * j] - v->map_x) / c_px);
            iy = (int)floor((xy[2 * j + 1] - v->map_y) / c_px);
            if (ix >= 0 && iy >= 0 && ix < nx && iy < ny &&
                wo_svgmap_point_in(m->districts, m->focus, m->n_focus, lon,
                                   lat))
                cell[iy * nx + ix]++;
        }
        n = convex_hull(xy, l->n_stops, hull);
        if (n == 1) {
            fprintf(f,
                    "<circle class=\"hull\" cx=\"%.1f\" cy=\"%.1f\" "
                    "r=\"2\" fill=\"%s\" stroke=\"%s\"/>\n",
                    hull[0], hull[1], c, c);
            continue;
        }
        fprintf(f, "<path class=\"hull\" fill=\"%s\" stroke=\"%s\" d=\"", c,
                c);
        for (j = 0; j < n; j++)
            fprintf(f, "%s%.1f %.1f", j ? "L" : "M", hull[2 * j],
                    hull[2 * j + 1]);
        fputs("Z\"/>\n", f);
    }
    /* One path per heat class, each row's run of cells of the class one
     * rectangle: the size grows with the cells, not with the stops. */
    fputs("</g>\n<g class=\"heat-grid\" fill-opacity=\"0.9\">\n", f);
    for (k = 0; k < HEAT_CLASSES; k++) {
        int n_cells = 0;
        for (i = 0; i < nx * ny; i++)
            n_cells += cell[i] > 0 && heat_class(cell[i]) == k;
        if (n_cells == 0)
            continue;
        fprintf(f, "<path class=\"heat\" data-cells=\"%d\" fill=\"%s\" d=\"",
                n_cells, heat_colour[k]);
        for (j = 0; j < ny; j++)
            for (i = 0; i < nx; i++) {
                int run = 0;
                while (i + run < nx && cell[j * nx + i + run] > 0 &&
                       heat_class(cell[j * nx + i + run]) == k)
                    run++;
                if (run == 0)
                    continue;
                fprintf(f, "M%.1f %.1fh%.1fv%.1fh%.1fz", v->map_x + i * c_px,
                        v->map_y + j * c_px, run * c_px, c_px, -run * c_px);
                i += run - 1;
            }
        fputs("\"/>\n", f);
    }
    fputs("</g>\n", f);
    free(cell);
    free(xy);
    free(hull);
    return WO_OK;
}

/* Characters (not bytes) of a UTF-8 string; CJK glyphs count double, as
 * they are about twice as wide as Latin ones. */
static int utf8_chars(const char *s)
{
    int n = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c & 0xC0) == 0x80)
            continue;
        n += c >= 0xE0 ? 2 : 1;
    }
    return n;
}

/* The markers of panel pn: its collection sites (when its routes are
 * lines: the heat stands for them otherwise), facilities and depots. */
static void draw_markers(FILE *f, const wo_svgmap *m, const panel *pn)
{
    const view *v = &pn->v;
    int i;
    fputs("<g class=\"sites\">\n", f);
    for (i = 0; i < m->n_markers && !pn->aggregated; i++)
        if (m->markers[i].type == WO_SVG_SITE && marker_in(&m->markers[i], pn))
            fprintf(f,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.6\" "
                    "fill=\"#222222\" stroke=\"#ffffff\" "
                    "stroke-width=\"0.8\"/>\n",
                    proj_x(v, m->markers[i].lon_deg),
                    proj_y(v, m->markers[i].lat_deg));
    fputs("</g>\n<g class=\"facilities\">\n", f);
    for (i = 0; i < m->n_markers; i++) {
        const wo_svg_marker *k = &m->markers[i];
        double x = proj_x(v, k->lon_deg), y = proj_y(v, k->lat_deg);
        const marker_group *g;
        if (k->type == WO_SVG_SITE || !marker_in(k, pn))
            continue;
        g = &groups[k->type == WO_SVG_DEPOT ? GROUP_DEPOT
                                            : group_of_kind(k->kind)];
        draw_symbol(f, g->shape, x, y, k->type == WO_SVG_DEPOT ? 4.5 : 6.5,
                    g->fill);
        /* Names only when they cannot crowd the panel; to the left of the
         * marker when they would run off the frame. */
        if (k->label && k->type == WO_SVG_FACILITY && pn->n_fac <= 40) {
            int right = x + 9 + 7.5 * utf8_chars(k->label) >
                        v->map_x + v->map_w - 4;
            text_at(f, right ? x - 9 : x + 9, y + 4, 12,
                    right ? "end" : "start", "#222222", 0, 1, k->label);
        }
    }
    fputs("</g>\n", f);
}

static void draw_scale_bar(FILE *f, const view *v)
{
    double len_m = wo_svgmap_round_length(v->map_w * 0.22 / v->scale_px_per_m);
    double len_px = len_m * v->scale_px_per_m;
    double x = v->map_x + 18, y = v->map_y + v->map_h - 22;
    char label[64];
    if (len_m >= 1000)
        snprintf(label, sizeof label, "%g km", len_m / 1000);
    else
        snprintf(label, sizeof label, "%g m", len_m);
    fprintf(f,
            "<g id=\"scale-bar\">\n"
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"30\" "
            "fill=\"#ffffff\" fill-opacity=\"0.8\"/>\n"
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"6\" "
            "fill=\"#000000\"/>\n"
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"6\" "
            "fill=\"#ffffff\" stroke=\"#000000\" stroke-width=\"1\"/>\n",
            x - 8, y - 20, len_px + 16 + 60, x, y, len_px / 2, x + len_px / 2,
            y, len_px / 2);
    text_at(f, x + len_px + 8, y + 6, 13, "start", "#000000", 0, 0, label);
    text_at(f, x, y - 6, 11, "start", "#000000", 0, 0, "0");
    fputs("</g>\n", f);
}

static void draw_north_arrow(FILE *f, const view *v)
{
    double x = v->map_x + v->map_w - 28, y = v->map_y + 22;
    fprintf(f,
            "<g id=\"north-arrow\"><path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1f"
            "L%.1f %.1fZ\" fill=\"#000000\"/>\n",
            x, y, x + 8, y + 24, x, y + 18, x - 8, y + 24);
    text_at(f, x, y + 40, 14, "middle", "#000000", 1, 0, "N");
    fputs("</g>\n", f);
}


/* What the legend lists, shared by its height and its drawing. */
typedef struct legend_items {
    int present[WO_STREAM_COUNT]; /* streams with a line or hull        */
    int dashed;                   /* some dashed line                   */
    int group_used[GROUP_COUNT];  /* facility groups shown              */
    int sites;                    /* some collection site drawn         */
} legend_items;

static void legend_collect(const wo_svgmap *m, const page *pg,
                           legend_items *it)
{
    int i;
    memset(it, 0, sizeof *it);
    for (i = 0; i < m->n_lines; i++) {
        const wo_svg_line *l = &m->lines[i];
        if (l->n_pts >= 2 || l->n_stops > 0)
            it->present[l->stream] = 1;
        it->dashed |= l->dashed && l->n_pts >= 2;
    }
    for (i = 0; i < m->n_markers; i++) {
        if (m->markers[i].type == WO_SVG_SITE)
            it->sites |= pg->any_lines;
        else
            it->group_used[m->markers[i].type == WO_SVG_DEPOT
                               ? GROUP_DEPOT
                               : group_of_kind(m->markers[i].kind)] = 1;
    }
}

static double legend_height(const wo_svgmap *m, const page *pg)
{
    legend_items it;
    double h = 24 + 14 + 24 + 14 + 44;
    int i;
    legend_collect(m, pg, &it);
    for (i = 0; i < WO_STREAM_COUNT; i++)
        h += 21 * it.present[i];
    h += 21 * it.dashed;
    for (i = 0; i < GROUP_COUNT; i++)
        h += 22 * it.group_used[i];
    h += 22 * it.sites;
    if (pg->any_aggregated)
        h += 14 + 24 + 22 * 3 + 22 * HEAT_CLASSES;
    return h;
}

static void draw_legend(FILE *f, const wo_svgmap *m, const page *pg)
{
    legend_items it;
    double x = pg->legend_x, y = pg->legend_y;
    int i;
    char buf[160];
    legend_collect(m, pg, &it);
    fputs("<g id=\"legend\">\n", f);
    text_at(f, x, y, 16, "start", "#000000", 1, 0, "Streams 垃圾类别");
    y += 24;
    for (i = 0; i < WO_STREAM_COUNT; i++) {
        const wo_stream_info *s = wo_stream_get(i);
        if (!it.present[i] || !s)
            continue;
        fprintf(f,
                "<path d=\"M%.1f %.1fH%.1f\" stroke=\"%s\" stroke-width=\"4\" "
                "stroke-linecap=\"round\"/>\n",
                x, y - 5, x + 28, wo_svgmap_stream_colour(i));
        snprintf(buf, sizeof buf, "%s %s", s->code, s->name_zh);
        text_at(f, x + 38, y, 14, "start", "#000000", 0, 0, buf);
        y += 21;
    }
    if (it.dashed) {
        fprintf(f,
                "<path d=\"M%.1f %.1fH%.1f\" stroke=\"#555555\" "
                "stroke-width=\"2.5\" stroke-dasharray=\"8 5\"/>\n",
                x, y - 5, x + 28);
        text_at(f, x + 38, y, 14, "start", "#000000", 0, 0,
                "transfer trips 二次转运");
        y += 21;
    }
    if (pg->any_aggregated) {
        y += 14;
        snprintf(buf, sizeof buf, "Panels over %d routes 路线汇总",
                 m->max_route_lines > 0 ? m->max_route_lines
                                        : WO_SVGMAP_MAX_ROUTE_LINES);
        text_at(f, x, y, 16, "start", "#000000", 1, 0, buf);
        y += 24;
        fprintf(f,
                "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" "
                "fill=\"#1f77b4\" fill-opacity=\"0.04\" stroke=\"#1f77b4\" "
                "stroke-opacity=\"0.45\"/>\n",
                x + 2, y - 2, x + 10, y - 13, x + 26, y - 10, x + 22, y + 1);
        text_at(f, x + 38, y, 14, "start", "#000000", 0, 0,
                "one route: hull of its stops");
        y += 22;
        text_at(f, x + 38, y, 14, "start", "#000000", 0, 0,
                "单车路线服务范围（颜色=类别）");
        y += 22;
        if (pg->cell_m >= 1000)
            snprintf(buf, sizeof buf, "stops per %g km cell 收集点密度",
                     pg->cell_m / 1000);
        else
            snprintf(buf, sizeof buf, "stops per %g m cell 收集点密度",
                     pg->cell_m);
        text_at(f, x, y, 14, "start", "#000000", 0, 0, buf);
        y += 22;
        for (i = 0; i < HEAT_CLASSES; i++) {
            fprintf(f,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"28\" height=\"14\" "
                    "fill=\"%s\"/>\n",
                    x, y - 12, heat_colour[i]);
            if (i + 1 < HEAT_CLASSES && heat_min[i + 1] - 1 > heat_min[i])
                snprintf(buf, sizeof buf, "%d–%d", heat_min[i],
                         heat_min[i + 1] - 1);
            else if (i + 1 < HEAT_CLASSES)
                snprintf(buf, sizeof buf, "%d", heat_min[i]);
            else
                snprintf(buf, sizeof buf, "%d or more", heat_min[i]);
            text_at(f, x + 38, y, 14, "start", "#000000", 0, 0, buf);
            y += 22;
        }
    }
    y += 14;
    text_at(f, x, y, 16, "start", "#000000", 1, 0, "Facilities 设施");
    y += 24;
    for (i = 0; i < GROUP_COUNT; i++) {
        if (!it.group_used[i])
            continue;
        draw_symbol(f, groups[i].shape, x + 14, y - 5,
                    i == GROUP_DEPOT ? 4.5 : 6.5, groups[i].fill);
        text_at(f, x + 38, y, 14, "start", "#000000", 0, 0, groups[i].label);
        y += 22;
    }
    if (it.sites) {
        fprintf(f,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#333333\"/>\n",
                x + 14, y - 5);
        text_at(f, x + 38, y, 14, "start", "#000000", 0, 0,
                "collection site 收集点");
        y += 22;
    }
    y += 14;
    fprintf(f,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"28\" height=\"14\" "
            "fill=\"#ebe6da\" stroke=\"#8a8a8a\"/>\n",
            x, y - 12);
    text_at(f, x + 38, y, 14, "start", "#000000", 0, 0,
            "central urban district 中心城区");
    y += 22;
    fprintf(f,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"28\" height=\"14\" "
            "fill=\"#f4f2ec\" stroke=\"#8a8a8a\"/>\n",
            x, y - 12);
    text_at(f, x + 38, y, 14, "start", "#000000", 0, 0, "other district 区县");
    fputs("</g>\n", f);
}

/* Facilities of panel pn inside its frame (their names are shown when
 * few). */
static int facilities_in_frame(const wo_svgmap *m, const panel *pn)
{
    const view *v = &pn->v;
    int i, n = 0;
    for (i = 0; i < m->n_markers; i++) {
        const wo_svg_marker *k = &m->markers[i];
        double x = proj_x(v, k->lon_deg), y = proj_y(v, k->lat_deg);
        n += k->type == WO_SVG_FACILITY && marker_in(k, pn) &&
             x >= v->map_x && x <= v->map_x + v->map_w && y >= v->map_y &&
             y <= v->map_y + v->map_h;
    }
    return n;
}

/* One panel: heading, frame, districts, the family's routes (lines or
 * aggregated), flows, markers, scale bar, north arrow. */
static int draw_panel(FILE *f, const wo_svgmap *m, panel *pn, int k,
                      int n_panels)
{
    const view *v = &pn->v;
    const char *code = pn->family >= 0 ? wo_family_name(pn->family) : "all";
    char head[256];
    int rc = WO_OK;
    pn->n_fac = facilities_in_frame(m, pn);
    fprintf(f,
            "<g class=\"panel\" id=\"panel-%s\" data-family=\"%s\" "
            "data-routes=\"%d\" data-mode=\"%s\">\n"
            "<clipPath id=\"clip-%d\"><rect x=\"%.1f\" y=\"%.1f\" "
            "width=\"%.1f\" height=\"%.1f\"/></clipPath>\n"
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            "fill=\"#dfe9f2\"/>\n",
            code, code, pn->n_routes, pn->aggregated ? "aggregated" : "lines",
            k, v->map_x, v->map_y, v->map_w, v->map_h, v->map_x, v->map_y,
            v->map_w, v->map_h);
    if (pn->family >= 0)
        snprintf(head, sizeof head, "%s %s · %d route%s · %.1f t collected%s",
                 family_zh[pn->family], code, pn->n_routes,
                 pn->n_routes == 1 ? "" : "s", pn->tonnes,
                 pn->aggregated ? " · aggregated: hulls, heat of stops" : "");
    else
        snprintf(head, sizeof head, "no routes 无路线");
    text_at(f, v->map_x, v->map_y - 9, 17, "start", "#000000", 1, 0, head);
    fprintf(f, "<g clip-path=\"url(#clip-%d)\">\n", k);
    draw_districts(f, m, v, n_panels > 1 ? 11 : 13);
    if (pn->aggregated)
        rc = draw_aggregated(f, m, pn);
    if (rc == WO_OK) {
        draw_lines(f, m, pn);
        draw_markers(f, m, pn);
    }
    fputs("</g>\n", f);
    fprintf(f,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            "fill=\"none\" stroke=\"#444444\" stroke-width=\"1\"/>\n",
            v->map_x, v->map_y, v->map_w, v->map_h);
    draw_scale_bar(f, v);
    draw_north_arrow(f, v);
    fputs("</g>\n", f);
    return rc;
}

int wo_svgmap_write(FILE *f, const wo_svgmap *m, wo_err *err)
{
    panel pn[WO_FAMILY_COUNT];
    page pg;
    char heading[512];
    int rc, k, np;
    rc = check_inputs(m, err);
    if (rc != WO_OK)
        return rc;
    memset(&pg, 0, sizeof pg);
    np = make_panels(m, pn);
    layout(m, pn, np, &pg);
    fprintf(f,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
            "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
            "font-family=\"'Noto Sans CJK SC','Source Han Sans SC',"
            "'WenQuanYi Micro Hei','Microsoft YaHei','PingFang SC',"
            "sans-serif\">\n",
            pg.width, pg.height, pg.width, pg.height);
    fputs("<title>", f);
    wo_svgmap_put_text(f, m->title ? m->title : "wasteopt plan");
    fputs("</title>\n", f);
    fprintf(f,
            "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" "
            "fill=\"#ffffff\"/>\n",
            pg.width, pg.height);
    snprintf(heading, sizeof heading, "%s%s%s",
             m->title ? m->title : "wasteopt plan", m->date ? " — " : "",
             m->date ? m->date : "");
    text_at(f, PAD_PX, 32, 22, "start", "#000000", 1, 0, heading);
    if (m->subtitle)
        text_at(f, PAD_PX, 58, 15, "start", "#333333", 0, 0, m->subtitle);
    for (k = 0; k < np; k++) {
        rc = draw_panel(f, m, &pn[k], k, np);
        if (rc != WO_OK)
            return wo_err_set(err, rc, "out of memory drawing the map");
    }
    draw_legend(f, m, &pg);
    fputs("</svg>\n", f);
    if (ferror(f))
        return wo_err_set(err, WO_EIO, "cannot write the SVG map");
    return WO_OK;
}

