/*
 * svgmap.c — the SVG map of a plan. See svgmap.h.
 *
 * Layout (pixels): a heading band on top, the map frame on the left, the
 * legend panel on the right. Everything is plain SVG 1.1 (no scripts, no
 * external resources) so that browsers, Inkscape and rsvg show the same.
 */
#include "cli/svgmap.h"

#include <math.h>
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
    for (i = 0; i < m->n_lines; i++)
        for (j = 0; j < 2 * m->lines[i].n_pts; j++)
            if (!isfinite(m->lines[i].lonlat[j]))
                return wo_err_set(err, WO_EINVAL,
                                  "map line %d: point %d is not finite", i,
                                  j / 2);
    for (i = 0; i < m->n_markers; i++)
        if (!isfinite(m->markers[i].lon_deg) ||
            !isfinite(m->markers[i].lat_deg))
            return wo_err_set(err, WO_EINVAL,
                              "map marker %d ('%s'): position is not finite",
                              i, m->markers[i].label ? m->markers[i].label
                                                     : "");
    return WO_OK;
}

/* Choose the extent and the scale; fills *v and returns the total height
 * of the document. */
static double layout(const wo_svgmap *m, double width_px, view *v)
{
    extent e = {0, 0, 0, 0, 0};
    double w_m, h_m, map_h;
    int i, j;
    for (i = 0; i < m->n_lines; i++)
        for (j = 0; j < m->lines[i].n_pts; j++)
            extent_add(&e, m->lines[i].lonlat[2 * j],
                       m->lines[i].lonlat[2 * j + 1]);
    for (i = 0; i < m->n_markers; i++)
        extent_add(&e, m->markers[i].lon_deg, m->markers[i].lat_deg);
    if (e.n == 0)
        for (i = 0; i < m->n_districts; i++) {
            extent_add(&e, m->districts[i].min_lon_deg,
                       m->districts[i].min_lat_deg);
            extent_add(&e, m->districts[i].max_lon_deg,
                       m->districts[i].max_lat_deg);
        }
    if (e.n == 0) { /* nothing at all: central Chongqing */
        extent_add(&e, 106.3, 29.3);
        extent_add(&e, 106.8, 29.8);
    }
    v->lon0_deg = (e.min_lon + e.max_lon) / 2;
    v->lat0_deg = (e.min_lat + e.max_lat) / 2;
    v->coslat = cos(v->lat0_deg * DEG_TO_RAD);
    w_m = (e.max_lon - e.min_lon) * DEG_TO_RAD * EARTH_RADIUS_M * v->coslat;
    h_m = (e.max_lat - e.min_lat) * DEG_TO_RAD * EARTH_RADIUS_M;
    /* 6 % margin on every side; a minimum extent for a single point. */
    w_m = fmax(w_m * 1.12, MIN_EXTENT_M);
    h_m = fmax(h_m * 1.12, MIN_EXTENT_M);
    v->map_x = PAD_PX;
    v->map_y = HEAD_H_PX;
    v->map_w = width_px - LEGEND_W_PX - 2 * PAD_PX;
    map_h = v->map_w * h_m / w_m;
    if (map_h < MIN_MAP_H_PX)
        map_h = MIN_MAP_H_PX;
    if (map_h > MAX_MAP_H_PX)
        map_h = MAX_MAP_H_PX;
    v->map_h = map_h;
    v->scale_px_per_m = fmin(v->map_w / w_m, v->map_h / h_m);
    return HEAD_H_PX + map_h + PAD_PX;
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

static void draw_districts(FILE *f, const wo_svgmap *m, const view *v)
{
    int i, r, k;
    double x0 = v->map_x, y0 = v->map_y, x1 = x0 + v->map_w,
           y1 = y0 + v->map_h;
    fputs("<g id=\"districts\" stroke=\"#6f6f6f\" stroke-width=\"1\" "
          "fill-rule=\"evenodd\">\n",
          f);
    for (i = 0; i < m->n_districts; i++) {
        const wo_district *d = &m->districts[i];
        /* Skip districts entirely outside the frame. */
        if (proj_x(v, d->max_lon_deg) < x0 || proj_x(v, d->min_lon_deg) > x1 ||
            proj_y(v, d->min_lat_deg) < y0 || proj_y(v, d->max_lat_deg) > y1)
            continue;
        fprintf(f, "<path fill=\"%s\" d=\"", d->urban ? "#ebe6da" : "#f4f2ec");
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
    fputs("<g id=\"district-names\">\n", f);
    for (i = 0; i < m->n_districts; i++) {
        double lon, lat, x, y;
        district_label_point(&m->districts[i], &lon, &lat);
        x = proj_x(v, lon);
        y = proj_y(v, lat);
        if (x < x0 + 30 || x > x1 - 30 || y < y0 + 14 || y > y1 - 6)
            continue;
        text_at(f, x, y, 13, "middle", "#7a7a7a", 0, 1, m->districts[i].name);
    }
    fputs("</g>\n", f);
}

static void draw_lines(FILE *f, const wo_svgmap *m, const view *v)
{
    int i, j, pass;
    fputs("<g id=\"routes\" fill=\"none\" stroke-linejoin=\"round\" "
          "stroke-linecap=\"round\">\n",
          f);
    /* Transfers (dashed) first, so that collection routes stay on top. */
    for (pass = 1; pass >= 0; pass--)
        for (i = 0; i < m->n_lines; i++) {
            const wo_svg_line *l = &m->lines[i];
            double lx = 0, ly = 0;
            if (l->dashed != pass || l->n_pts < 2)
                continue;
            fprintf(f,
                    "<path stroke=\"%s\" stroke-width=\"%.1f\" "
                    "stroke-opacity=\"0.85\"%s d=\"",
                    wo_svgmap_stream_colour(l->stream),
                    l->width_px > 0 ? l->width_px
                    : pass          ? 2.5
                                    : (m->n_lines > 150 ? 1.3 : 2.0),
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

static void draw_markers(FILE *f, const wo_svgmap *m, const view *v)
{
    int i, n_fac = 0;
    for (i = 0; i < m->n_markers; i++)
        n_fac += m->markers[i].type == WO_SVG_FACILITY;
    fputs("<g id=\"sites\">\n", f);
    for (i = 0; i < m->n_markers; i++)
        if (m->markers[i].type == WO_SVG_SITE)
            fprintf(f,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.6\" "
                    "fill=\"#222222\" stroke=\"#ffffff\" "
                    "stroke-width=\"0.8\"/>\n",
                    proj_x(v, m->markers[i].lon_deg),
                    proj_y(v, m->markers[i].lat_deg));
    fputs("</g>\n<g id=\"facilities\">\n", f);
    for (i = 0; i < m->n_markers; i++) {
        const wo_svg_marker *k = &m->markers[i];
        double x = proj_x(v, k->lon_deg), y = proj_y(v, k->lat_deg);
        const marker_group *g;
        if (k->type == WO_SVG_SITE)
            continue;
        g = &groups[k->type == WO_SVG_DEPOT ? GROUP_DEPOT
                                            : group_of_kind(k->kind)];
        draw_symbol(f, g->shape, x, y, k->type == WO_SVG_DEPOT ? 4.5 : 6.5,
                    g->fill);
        /* Names only when they cannot crowd the map; to the left of the
         * marker when they would run off the frame. */
        if (k->label && k->type == WO_SVG_FACILITY && n_fac <= 40) {
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

static void draw_legend(FILE *f, const wo_svgmap *m, const view *v)
{
    int present[WO_STREAM_COUNT] = {0}, dashed = 0;
    int group_used[GROUP_COUNT] = {0}, sites = 0;
    double x = v->map_x + v->map_w + PAD_PX + 8, y = v->map_y + 20;
    int i;
    char buf[160];
    for (i = 0; i < m->n_lines; i++) {
        if (m->lines[i].stream >= 0 && m->lines[i].stream < WO_STREAM_COUNT &&
            m->lines[i].n_pts >= 2)
            present[m->lines[i].stream] = 1;
        dashed |= m->lines[i].dashed && m->lines[i].n_pts >= 2;
    }
    for (i = 0; i < m->n_markers; i++) {
        if (m->markers[i].type == WO_SVG_SITE)
            sites = 1;
        else
            group_used[m->markers[i].type == WO_SVG_DEPOT
                           ? GROUP_DEPOT
                           : group_of_kind(m->markers[i].kind)] = 1;
    }
    fputs("<g id=\"legend\">\n", f);
    text_at(f, x, y, 16, "start", "#000000", 1, 0, "Streams 垃圾类别");
    y += 24;
    for (i = 0; i < WO_STREAM_COUNT; i++) {
        const wo_stream_info *s = wo_stream_get(i);
        if (!present[i] || !s)
            continue;
        fprintf(f,
                "<path d=\"M%.1f %.1fH%.1f\" stroke=\"%s\" stroke-width=\"4\" "
                "stroke-linecap=\"round\"/>\n",
                x, y - 5, x + 28, wo_svgmap_stream_colour(i));
        snprintf(buf, sizeof buf, "%s %s", s->code, s->name_zh);
        text_at(f, x + 38, y, 14, "start", "#000000", 0, 0, buf);
        y += 21;
    }
    if (dashed) {
        fprintf(f,
                "<path d=\"M%.1f %.1fH%.1f\" stroke=\"#555555\" "
                "stroke-width=\"2.5\" stroke-dasharray=\"8 5\"/>\n",
                x, y - 5, x + 28);
        text_at(f, x + 38, y, 14, "start", "#000000", 0, 0,
                "transfer trips 二次转运");
        y += 21;
    }
    y += 14;
    text_at(f, x, y, 16, "start", "#000000", 1, 0, "Facilities 设施");
    y += 24;
    for (i = 0; i < GROUP_COUNT; i++) {
        if (!group_used[i])
            continue;
        draw_symbol(f, groups[i].shape, x + 14, y - 5,
                    i == GROUP_DEPOT ? 4.5 : 6.5, groups[i].fill);
        text_at(f, x + 38, y, 14, "start", "#000000", 0, 0, groups[i].label);
        y += 22;
    }
    if (sites) {
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

int wo_svgmap_write(FILE *f, const wo_svgmap *m, wo_err *err)
{
    view v;
    double width = m->width_px > 0 ? m->width_px : DEFAULT_WIDTH_PX;
    double height;
    char heading[512];
    int rc;
    if (width < LEGEND_W_PX + 400)
        width = LEGEND_W_PX + 400;
    rc = check_inputs(m, err);
    if (rc != WO_OK)
        return rc;
    height = layout(m, width, &v);
    fprintf(f,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
            "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
            "font-family=\"'Noto Sans CJK SC','Source Han Sans SC',"
            "'Microsoft YaHei','PingFang SC',sans-serif\">\n",
            width, height, width, height);
    fputs("<title>", f);
    wo_svgmap_put_text(f, m->title ? m->title : "wasteopt plan");
    fputs("</title>\n", f);
    fprintf(f,
            "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" "
            "fill=\"#ffffff\"/>\n"
            "<defs><clipPath id=\"map-clip\"><rect x=\"%.1f\" y=\"%.1f\" "
            "width=\"%.1f\" height=\"%.1f\"/></clipPath></defs>\n"
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            "fill=\"#dfe9f2\"/>\n",
            width, height, v.map_x, v.map_y, v.map_w, v.map_h, v.map_x,
            v.map_y, v.map_w, v.map_h);
    snprintf(heading, sizeof heading, "%s%s%s",
             m->title ? m->title : "wasteopt plan", m->date ? " — " : "",
             m->date ? m->date : "");
    text_at(f, PAD_PX, 32, 22, "start", "#000000", 1, 0, heading);
    if (m->subtitle)
        text_at(f, PAD_PX, 58, 15, "start", "#333333", 0, 0, m->subtitle);
    fputs("<g clip-path=\"url(#map-clip)\">\n", f);
    draw_districts(f, m, &v);
    draw_lines(f, m, &v);
    draw_markers(f, m, &v);
    fputs("</g>\n", f);
    fprintf(f,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            "fill=\"none\" stroke=\"#444444\" stroke-width=\"1\"/>\n",
            v.map_x, v.map_y, v.map_w, v.map_h);
    draw_scale_bar(f, &v);
    draw_north_arrow(f, &v);
    draw_legend(f, m, &v);
    fputs("</svg>\n", f);
    if (ferror(f))
        return wo_err_set(err, WO_EIO, "cannot write the SVG map");
    return WO_OK;
}
