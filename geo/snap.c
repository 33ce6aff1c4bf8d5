/*
 * snap.c — nearest point on a road segment through a uniform grid. See
 * snap.h.
 */
#include "geo/snap.h"

#include <math.h>
#include <string.h>

/* Metres per degree of the grid's local equirectangular frame, on a sphere
 * of 6371000 m (6371000 * pi / 180, bit for bit). Great-circle distances
 * are wo_haversine_m's (geo/graph.h, mean radius 6371008.8 m); this frame
 * only ranks nearby segments, and keeps its own figure so that snapped
 * positions stay exactly as they were. */
#define M_PER_DEG (6371000.0 * 3.14159265358979323846 / 180)
#define MAX_CELLS 4000000.0

struct wo_snap_index {
    const wo_graph *g;    /* the graph                                   */
    double lon0;          /* grid origin (west), degrees                 */
    double lat0;          /* grid origin (south), degrees                */
    double kx;            /* metres per degree of longitude (grid frame) */
    double cell_m;        /* cell side, metres                           */
    uint32_t nx;          /* cells west-east                             */
    uint32_t ny;          /* cells south-north                           */
    uint32_t *cell_first; /* [nx*ny+1] CSR of segments per cell          */
    uint32_t *cell_seg;   /* segment indexes                             */
    uint32_t n_seg;       /* segments                                    */
    uint32_t *seg_a;      /* [n_seg] start node                          */
    uint32_t *seg_e;      /* [n_seg] edge seg_a -> its head               */
};

void wo_snap_index_free(wo_snap_index *ix)
{
    if (!ix)
        return;
    wo_free(ix->cell_first);
    wo_free(ix->cell_seg);
    wo_free(ix->seg_a);
    wo_free(ix->seg_e);
    wo_free(ix);
}

/* Edge v->u of smallest weight, or UINT32_MAX. */
static uint32_t reverse_edge(const wo_graph *g, uint32_t v, uint32_t u)
{
    uint32_t e, best = UINT32_MAX;
    for (e = g->first_out[v]; e < g->first_out[v + 1]; e++)
        if (g->head[e] == u &&
            (best == UINT32_MAX || wo_graph_w(g, e) < wo_graph_w(g, best)))
            best = e;
    return best;
}

/* Cell range covered by a segment (clamped to the grid). */
static void seg_cells(const wo_snap_index *ix, uint32_t s, uint32_t *x0,
                      uint32_t *x1, uint32_t *y0, uint32_t *y1)
{
    const wo_graph *g = ix->g;
    uint32_t a = ix->seg_a[s], b = g->head[ix->seg_e[s]];
    double ax = (g->lon_deg[a] - ix->lon0) * ix->kx / ix->cell_m;
    double bx = (g->lon_deg[b] - ix->lon0) * ix->kx / ix->cell_m;
    double ay = (g->lat_deg[a] - ix->lat0) * M_PER_DEG / ix->cell_m;
    double by = (g->lat_deg[b] - ix->lat0) * M_PER_DEG / ix->cell_m;
    double lo, hi;
    lo = fmin(ax, bx);
    hi = fmax(ax, bx);
    *x0 = lo < 0 ? 0 : (uint32_t)fmin(lo, ix->nx - 1);
    *x1 = hi < 0 ? 0 : (uint32_t)fmin(hi, ix->nx - 1);
    lo = fmin(ay, by);
    hi = fmax(ay, by);
    *y0 = lo < 0 ? 0 : (uint32_t)fmin(lo, ix->ny - 1);
    *y1 = hi < 0 ? 0 : (uint32_t)fmin(hi, ix->ny - 1);
}

int wo_snap_index_new(const wo_graph *g, wo_snap_index **out, wo_err *err)
{
    wo_snap_index *ix;
    double minx = 180, maxx = -180, miny = 90, maxy = -90, w_m, h_m, ncell;
    uint32_t u, e, s, x, y, x0, x1, y0, y1;
    size_t cells, total = 0;
    *out = NULL;
    if (g->n_edges == 0)
        return wo_err_set(err, WO_EINVAL,
                          "cannot snap to a graph without "
                          "edges");
    ix = wo_calloc(1, sizeof *ix);
    if (!ix)
        goto oom;
    ix->g = g;
    ix->seg_a = wo_malloc(((size_t)g->n_edges + 1) * sizeof *ix->seg_a);
    ix->seg_e = wo_malloc(((size_t)g->n_edges + 1) * sizeof *ix->seg_e);
    if (!ix->seg_a || !ix->seg_e)
        goto oom;
    /* One segment per road piece: a two-way pair is indexed once, from
     * its smaller end. */
    for (u = 0; u < g->n_nodes; u++)
        for (e = g->first_out[u]; e < g->first_out[u + 1]; e++) {
            uint32_t v = g->head[e];
            if (u < v || reverse_edge(g, v, u) == UINT32_MAX) {
                ix->seg_a[ix->n_seg] = u;
                ix->seg_e[ix->n_seg] = e;
                ix->n_seg++;
            }
        }
    for (u = 0; u < g->n_nodes; u++) {
        minx = fmin(minx, g->lon_deg[u]);
        maxx = fmax(maxx, g->lon_deg[u]);
        miny = fmin(miny, g->lat_deg[u]);
        maxy = fmax(maxy, g->lat_deg[u]);
    }
    ix->lon0 = minx;
    ix->lat0 = miny;
    ix->kx = M_PER_DEG * cos((miny + maxy) / 2 * 3.14159265358979323846 / 180);
    w_m = (maxx - minx) * ix->kx + 1;
    h_m = (maxy - miny) * M_PER_DEG + 1;
    /* About two segments per cell, at least 25 m, at most MAX_CELLS. */
    ix->cell_m = sqrt(w_m * h_m / (ix->n_seg / 2.0 + 1));
    if (ix->cell_m < 25)
        ix->cell_m = 25;
    ncell = (w_m / ix->cell_m + 1) * (h_m / ix->cell_m + 1);
    if (ncell > MAX_CELLS)
        ix->cell_m *= sqrt(ncell / MAX_CELLS);
    ix->nx = (uint32_t)(w_m / ix->cell_m) + 1;
    ix->ny = (uint32_t)(h_m / ix->cell_m) + 1;
    cells = (size_t)ix->nx * ix->ny;
    ix->cell_first = wo_calloc(cells + 2, sizeof *ix->cell_first);
    if (!ix->cell_first)
        goto oom;
    for (s = 0; s < ix->n_seg; s++) {
        seg_cells(ix, s, &x0, &x1, &y0, &y1);
        for (y = y0; y <= y1; y++)
            for (x = x0; x <= x1; x++)
                ix->cell_first[(size_t)y * ix->nx + x + 2]++;
        total += (size_t)(x1 - x0 + 1) * (y1 - y0 + 1);
    }
    if (total >= UINT32_MAX)
        goto oom;
    for (cells = 0; cells < (size_t)ix->nx * ix->ny; cells++)
        ix->cell_first[cells + 2] += ix->cell_first[cells + 1];
    ix->cell_seg = wo_malloc((total + 1) * sizeof *ix->cell_seg);
    if (!ix->cell_seg)
        goto oom;
    for (s = 0; s < ix->n_seg; s++) {
        seg_cells(ix, s, &x0, &x1, &y0, &y1);
        for (y = y0; y <= y1; y++)
            for (x = x0; x <= x1; x++)
                ix->cell_seg[ix->cell_first[(size_t)y * ix->nx + x + 1]++] = s;
    }
    *out = ix;
    return WO_OK;
oom:
    wo_snap_index_free(ix);
    return wo_err_set(err, WO_ENOMEM, "out of memory building the snap index");
}

/* Best candidate of a query so far. */
typedef struct cand {
    double d2;    /* squared local distance, m^2 */
    uint32_t seg; /* segment                      */
    double t;     /* fraction from seg_a          */
} cand;

/* Project the query point (in the local frame, at the origin) onto
 * segment s. */
static void try_seg(const wo_snap_index *ix, uint32_t s, double plon,
                    double plat, double kx, cand *best)
{
    const wo_graph *g = ix->g;
    uint32_t a = ix->seg_a[s], b = g->head[ix->seg_e[s]];
    double ax = (g->lon_deg[a] - plon) * kx,
           ay = (g->lat_deg[a] - plat) * M_PER_DEG;
    double bx = (g->lon_deg[b] - plon) * kx,
           by = (g->lat_deg[b] - plat) * M_PER_DEG;
    double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy, t = 0, qx, qy,
           d2;
    if (l2 > 0) {
        t = -(ax * dx + ay * dy) / l2;
        t = t < 0 ? 0 : (t > 1 ? 1 : t);
    }
    qx = ax + t * dx;
    qy = ay + t * dy;
    d2 = qx * qx + qy * qy;
    if (d2 < best->d2 || (d2 == best->d2 && s < best->seg)) {
        best->d2 = d2;
        best->seg = s;
        best->t = t;
    }
}

static void scan_cell(const wo_snap_index *ix, long cx, long cy, double plon,
                      double plat, double kx, cand *best)
{
    uint32_t k;
    size_t c;
    if (cx < 0 || cy < 0 || cx >= (long)ix->nx || cy >= (long)ix->ny)
        return;
    c = (size_t)cy * ix->nx + (size_t)cx;
    for (k = ix->cell_first[c]; k < ix->cell_first[c + 1]; k++)
        try_seg(ix, ix->cell_seg[k], plon, plat, kx, best);
}

int wo_snap_point(const wo_snap_index *ix, double lon_deg, double lat_deg,
                  wo_snap *out, wo_err *err)
{
    const wo_graph *g = ix->g;
    double kx, px, py;
    long cx, cy, r, r0, rmax;
    cand best = {INFINITY, UINT32_MAX, 0};
    uint32_t a, b;
    if (!(fabs(lon_deg) <= 180) || !(fabs(lat_deg) <= 90))
        return wo_err_set(err, WO_ERANGE,
                          "point (%g, %g) is not a WGS84 longitude/latitude",
                          lon_deg, lat_deg);
    kx = M_PER_DEG * cos(lat_deg * 3.14159265358979323846 / 180);
    px = (lon_deg - ix->lon0) * ix->kx / ix->cell_m;
    py = (lat_deg - ix->lat0) * M_PER_DEG / ix->cell_m;
    /* Clamp far-away points so the ring arithmetic stays in range. */
    px = fmax(-1e7, fmin(px, 1e7));
    py = fmax(-1e7, fmin(py, 1e7));
    cx = (long)floor(px);
    cy = (long)floor(py);
    r0 = 0;
    if (-cx > r0)
        r0 = -cx;
    if (cx - (long)ix->nx + 1 > r0)
        r0 = cx - (long)ix->nx + 1;
    if (-cy > r0)
        r0 = -cy;
    if (cy - (long)ix->ny + 1 > r0)
        r0 = cy - (long)ix->ny + 1;
    rmax = r0 + (long)ix->nx + (long)ix->ny;
    for (r = r0; r <= rmax; r++) {
        long i;
        if (r == 0) {
            scan_cell(ix, cx, cy, lon_deg, lat_deg, kx, &best);
        } else {
            for (i = -r; i <= r; i++) {
                scan_cell(ix, cx + i, cy - r, lon_deg, lat_deg, kx, &best);
                scan_cell(ix, cx + i, cy + r, lon_deg, lat_deg, kx, &best);
            }
            for (i = -r + 1; i <= r - 1; i++) {
                scan_cell(ix, cx - r, cy + i, lon_deg, lat_deg, kx, &best);
                scan_cell(ix, cx + r, cy + i, lon_deg, lat_deg, kx, &best);
            }
        }
        /* Anything in ring r+1 is at least r cells away in the grid frame;
         * 0.8 covers the difference of scale between the grid frame and
         * the local frame over a city-sized area. */
        if (best.seg != UINT32_MAX &&
            sqrt(best.d2) <= (double)r * ix->cell_m * 0.8)
            break;
    }
    if (best.seg == UINT32_MAX)
        return wo_err_set(err, WO_EINTERNAL, "no road segment found");
    a = ix->seg_a[best.seg];
    b = g->head[ix->seg_e[best.seg]];
    out->a = a;
    out->b = b;
    out->e_ab = ix->seg_e[best.seg];
    out->e_ba = reverse_edge(g, b, a);
    out->t = best.t;
    out->lon_deg = g->lon_deg[a] + best.t * (g->lon_deg[b] - g->lon_deg[a]);
    out->lat_deg = g->lat_deg[a] + best.t * (g->lat_deg[b] - g->lat_deg[a]);
    out->snap_m = wo_haversine_m(lon_deg, lat_deg, out->lon_deg, out->lat_deg);
    return WO_OK;
}

/* Weight of a part of edge e of length len_m (rounded up to mm), with the
 * duration in proportion. */
static wo_weight part(const wo_graph *g, uint32_t e, double len_m)
{
    double mm = ceil(len_m * 1000.0), ms = 0;
    if (g->dist_mm[e] > 0)
        ms = floor((double)g->dur_ms[e] * mm / g->dist_mm[e] + 0.5);
    return wo_w_pack((uint64_t)ms, (uint64_t)mm);
}

void wo_snap_source(const wo_graph *g, const wo_snap *s, wo_endpoint *out)
{
    memset(out, 0, sizeof *out);
    if (s->e_ab != UINT32_MAX) {
        out->seed[out->n].node = s->b;
        out->seed[out->n].w =
            part(g, s->e_ab,
                 wo_haversine_m(s->lon_deg, s->lat_deg, g->lon_deg[s->b],
                                g->lat_deg[s->b]));
        out->n++;
    }
    if (s->e_ba != UINT32_MAX) {
        out->seed[out->n].node = s->a;
        out->seed[out->n].w =
            part(g, s->e_ba,
                 wo_haversine_m(s->lon_deg, s->lat_deg, g->lon_deg[s->a],
                                g->lat_deg[s->a]));
        out->n++;
    }
}

void wo_snap_target(const wo_graph *g, const wo_snap *s, wo_endpoint *out)
{
    memset(out, 0, sizeof *out);
    if (s->e_ab != UINT32_MAX) {
        out->seed[out->n].node = s->a;
        out->seed[out->n].w =
            part(g, s->e_ab,
                 wo_haversine_m(g->lon_deg[s->a], g->lat_deg[s->a], s->lon_deg,
                                s->lat_deg));
        out->n++;
    }
    if (s->e_ba != UINT32_MAX) {
        out->seed[out->n].node = s->b;
        out->seed[out->n].w =
            part(g, s->e_ba,
                 wo_haversine_m(g->lon_deg[s->b], g->lat_deg[s->b], s->lon_deg,
                                s->lat_deg));
        out->n++;
    }
}

wo_weight wo_snap_direct(const wo_graph *g, const wo_snap *s, const wo_snap *d)
{
    wo_weight best = WO_W_INF, w;
    double len;
    if (s->a != d->a || s->b != d->b)
        return WO_W_INF;
    len = wo_haversine_m(s->lon_deg, s->lat_deg, d->lon_deg, d->lat_deg);
    if (s->e_ab != UINT32_MAX && s->t <= d->t) {
        w = part(g, s->e_ab, len);
        if (w < best)
            best = w;
    }
    if (s->e_ba != UINT32_MAX && s->t >= d->t) {
        w = part(g, s->e_ba, len);
        if (w < best)
            best = w;
    }
    return best;
}
