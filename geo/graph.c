/*
 * graph.c — CSR road graph, strongly connected components and the binary
 * cache file. See graph.h for the contracts and the file layout.
 */
#define _POSIX_C_SOURCE 200809L
#include "geo/graph.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EARTH_RADIUS_M 6371008.8
#define DEG2RAD (3.14159265358979323846 / 180.0)
#define GRAPH_MAGIC "WOGRAPH" /* 7 chars + NUL = 8 bytes */
#define GRAPH_HDR_BYTES 64u
#define GRAPH_MAX_NODES (UINT32_C(1) << 31)
#define GRAPH_MAX_EDGES (UINT32_C(1) << 31)

static const char *const class_names[WO_ROAD_CLASS_COUNT_] = {
    "motorway",      "trunk",        "primary",     "secondary",
    "tertiary",      "unclassified", "residential", "service",
    "living_street", "link",         "other"};

const char *wo_road_class_name(wo_road_class c)
{
    if ((unsigned)c >= WO_ROAD_CLASS_COUNT_)
        return "unknown";
    return class_names[c];
}

double wo_haversine_m(double lon1_deg, double lat1_deg, double lon2_deg,
                      double lat2_deg)
{
    double p1 = lat1_deg * DEG2RAD, p2 = lat2_deg * DEG2RAD;
    double dp = p2 - p1, dl = (lon2_deg - lon1_deg) * DEG2RAD;
    double s1 = sin(dp / 2), s2 = sin(dl / 2);
    double a = s1 * s1 + cos(p1) * cos(p2) * s2 * s2;
    if (a > 1)
        a = 1;
    return 2 * EARTH_RADIUS_M * asin(sqrt(a));
}

/* Allocate the arrays of a graph of n nodes and m edges (zeroed). */
static wo_graph *graph_alloc(uint32_t n, uint32_t m)
{
    wo_graph *g = wo_calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->n_nodes = n;
    g->n_edges = m;
    g->lon_deg = wo_calloc((size_t)n + 1, sizeof *g->lon_deg);
    g->lat_deg = wo_calloc((size_t)n + 1, sizeof *g->lat_deg);
    g->first_out = wo_calloc((size_t)n + 1, sizeof *g->first_out);
    g->head = wo_calloc((size_t)m + 1, sizeof *g->head);
    g->dist_mm = wo_calloc((size_t)m + 1, sizeof *g->dist_mm);
    g->dur_ms = wo_calloc((size_t)m + 1, sizeof *g->dur_ms);
    g->flags = wo_calloc((size_t)m + 1, sizeof *g->flags);
    if (!g->lon_deg || !g->lat_deg || !g->first_out || !g->head ||
        !g->dist_mm || !g->dur_ms || !g->flags) {
        wo_graph_free(g);
        return NULL;
    }
    return g;
}

void wo_graph_free(wo_graph *g)
{
    if (!g)
        return;
    wo_free(g->lon_deg);
    wo_free(g->lat_deg);
    wo_free(g->first_out);
    wo_free(g->head);
    wo_free(g->dist_mm);
    wo_free(g->dur_ms);
    wo_free(g->flags);
    wo_free(g);
}

int wo_graph_build(uint32_t n_nodes, const double *lon_deg,
                   const double *lat_deg, size_t n_arcs, const wo_arc *arcs,
                   wo_graph **out, wo_err *err)
{
    wo_graph *g;
    uint32_t *pos = NULL;
    size_t i;
    *out = NULL;
    if (n_nodes >= GRAPH_MAX_NODES || n_arcs >= GRAPH_MAX_EDGES)
        return wo_err_set(err, WO_ETOOBIG,
                          "graph of %u nodes and %zu edges is too large",
                          (unsigned)n_nodes, n_arcs);
    for (i = 0; i < n_arcs; i++)
        if (arcs[i].tail >= n_nodes || arcs[i].head >= n_nodes)
            return wo_err_set(err, WO_EINVAL,
                              "arc %zu (%u->%u) names a node >= %u", i,
                              (unsigned)arcs[i].tail, (unsigned)arcs[i].head,
                              (unsigned)n_nodes);
    g = graph_alloc(n_nodes, (uint32_t)n_arcs);
    pos = wo_calloc((size_t)n_nodes + 1, sizeof *pos);
    if (!g || !pos) {
        wo_graph_free(g);
        wo_free(pos);
        return wo_err_set(err, WO_ENOMEM, "out of memory building the graph");
    }
    if (n_nodes) {
        memcpy(g->lon_deg, lon_deg, n_nodes * sizeof *lon_deg);
        memcpy(g->lat_deg, lat_deg, n_nodes * sizeof *lat_deg);
    }
    for (i = 0; i < n_arcs; i++)
        g->first_out[arcs[i].tail + 1]++;
    for (i = 0; i < n_nodes; i++)
        g->first_out[i + 1] += g->first_out[i];
    memcpy(pos, g->first_out, (size_t)n_nodes * sizeof *pos);
    for (i = 0; i < n_arcs; i++) {
        uint32_t e = pos[arcs[i].tail]++;
        g->head[e] = arcs[i].head;
        g->dist_mm[e] = arcs[i].dist_mm;
        g->dur_ms[e] = arcs[i].dur_ms;
        g->flags[e] = arcs[i].flags;
    }
    wo_free(pos);
    *out = g;
    return WO_OK;
}

double wo_graph_edge_km(const wo_graph *g)
{
    double s = 0;
    uint32_t e;
    for (e = 0; e < g->n_edges; e++)
        s += g->dist_mm[e];
    return s / 1e6;
}

/* Is there an edge v->u? */
static int has_edge(const wo_graph *g, uint32_t v, uint32_t u)
{
    uint32_t e;
    for (e = g->first_out[v]; e < g->first_out[v + 1]; e++)
        if (g->head[e] == u)
            return 1;
    return 0;
}

double wo_graph_road_km(const wo_graph *g)
{
    double s = 0;
    uint32_t u, e;
    for (u = 0; u < g->n_nodes; u++)
        for (e = g->first_out[u]; e < g->first_out[u + 1]; e++) {
            uint32_t v = g->head[e];
            /* A two-way segment is counted from its smaller end only. */
            if (u < v || !has_edge(g, v, u))
                s += g->dist_mm[e];
        }
    return s / 1e6;
}

/* ------------------------------------------------------------ SCC */

/* Tarjan's algorithm, iterative: comp[u] receives the component index.
 * Returns the number of components, or -1 when out of memory. */
static long tarjan(const wo_graph *g, uint32_t *comp)
{
    uint32_t n = g->n_nodes, idx = 0, ncomp = 0, sp = 0, cs = 0;
    uint32_t *index = wo_malloc(((size_t)n + 1) * sizeof *index);
    uint32_t *low = wo_malloc(((size_t)n + 1) * sizeof *low);
    uint32_t *stack = wo_malloc(((size_t)n + 1) * sizeof *stack);
    uint32_t *call = wo_malloc(((size_t)n + 1) * sizeof *call);
    uint32_t *edge = wo_malloc(((size_t)n + 1) * sizeof *edge);
    uint8_t *on = wo_calloc((size_t)n + 1, 1);
    uint32_t s;
    long rc = -1;
    if (!index || !low || !stack || !call || !edge || !on)
        goto out;
    for (s = 0; s < n; s++)
        index[s] = UINT32_MAX;
    for (s = 0; s < n; s++) {
        if (index[s] != UINT32_MAX)
            continue;
        call[cs] = s;
        edge[cs] = g->first_out[s];
        cs++;
        index[s] = low[s] = idx++;
        stack[sp++] = s;
        on[s] = 1;
        while (cs) {
            uint32_t u = call[cs - 1];
            if (edge[cs - 1] < g->first_out[u + 1]) {
                uint32_t v = g->head[edge[cs - 1]++];
                if (index[v] == UINT32_MAX) {
                    index[v] = low[v] = idx++;
                    stack[sp++] = v;
                    on[v] = 1;
                    call[cs] = v;
                    edge[cs] = g->first_out[v];
                    cs++;
                } else if (on[v] && index[v] < low[u]) {
                    low[u] = index[v];
                }
                continue;
            }
            cs--;
            if (low[u] == index[u]) {
                uint32_t w;
                do {
                    w = stack[--sp];
                    on[w] = 0;
                    comp[w] = ncomp;
                } while (w != u);
                ncomp++;
            }
            if (cs) {
                uint32_t p = call[cs - 1];
                if (low[u] < low[p])
                    low[p] = low[u];
            }
        }
    }
    rc = (long)ncomp;
out:
    wo_free(index);
    wo_free(low);
    wo_free(stack);
    wo_free(call);
    wo_free(edge);
    wo_free(on);
    return rc;
}

int wo_graph_largest_scc(const wo_graph *g, wo_graph **out,
                         uint32_t *dropped_nodes, uint32_t *dropped_edges,
                         uint32_t *n_components, wo_err *err)
{
    uint32_t n = g->n_nodes, u, e, best = 0, kept = 0;
    uint32_t *comp = wo_malloc(((size_t)n + 1) * sizeof *comp);
    uint32_t *size = NULL, *newid = NULL;
    double *lon = NULL, *lat = NULL;
    wo_arc *arcs = NULL;
    size_t na = 0;
    long nc;
    int rc = WO_ENOMEM;
    *out = NULL;
    if (!comp)
        goto err;
    nc = tarjan(g, comp);
    if (nc < 0)
        goto err;
    size = wo_calloc((size_t)nc + 1, sizeof *size);
    newid = wo_malloc(((size_t)n + 1) * sizeof *newid);
    lon = wo_malloc(((size_t)n + 1) * sizeof *lon);
    lat = wo_malloc(((size_t)n + 1) * sizeof *lat);
    arcs = wo_malloc(((size_t)g->n_edges + 1) * sizeof *arcs);
    if (!size || !newid || !lon || !lat || !arcs)
        goto err;
    for (u = 0; u < n; u++)
        size[comp[u]]++;
    for (u = 1; u < (uint32_t)nc; u++)
        if (size[u] > size[best])
            best = u;
    for (u = 0; u < n; u++) {
        newid[u] = UINT32_MAX;
        if (comp[u] == best) {
            newid[u] = kept;
            lon[kept] = g->lon_deg[u];
            lat[kept] = g->lat_deg[u];
            kept++;
        }
    }
    for (u = 0; u < n; u++) {
        if (newid[u] == UINT32_MAX)
            continue;
        for (e = g->first_out[u]; e < g->first_out[u + 1]; e++) {
            uint32_t v = g->head[e];
            if (newid[v] == UINT32_MAX)
                continue;
            arcs[na].tail = newid[u];
            arcs[na].head = newid[v];
            arcs[na].dist_mm = g->dist_mm[e];
            arcs[na].dur_ms = g->dur_ms[e];
            arcs[na].flags = g->flags[e];
            na++;
        }
    }
    rc = wo_graph_build(kept, lon, lat, na, arcs, out, err);
    if (rc)
        goto done;
    if (dropped_nodes)
        *dropped_nodes = n - kept;
    if (dropped_edges)
        *dropped_edges = g->n_edges - (uint32_t)na;
    if (n_components)
        *n_components = (uint32_t)nc;
    goto done;
err:
    rc = wo_err_set(err, WO_ENOMEM,
                    "out of memory finding strongly connected components");
done:
    wo_free(comp);
    wo_free(size);
    wo_free(newid);
    wo_free(lon);
    wo_free(lat);
    wo_free(arcs);
    return rc;
}

/* ------------------------------------------------------------ cache */

/* A fuzz build (make fuzz defines WO_FUZZING) skips both checksums, so that
 * mutated inputs reach the structure checks the checksums would otherwise
 * hide; every other build verifies them. */
#ifdef WO_FUZZING
#define GRAPH_VERIFY_CHECKSUMS 0
#else
#define GRAPH_VERIFY_CHECKSUMS 1
#endif

static void put_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static void put_u64(unsigned char *p, uint64_t v)
{
    put_u32(p, (uint32_t)v);
    put_u32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t get_u64(const unsigned char *p)
{
    return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32;
}

static void put_f64(unsigned char *p, double d)
{
    uint64_t v;
    memcpy(&v, &d, sizeof v);
    put_u64(p, v);
}

static double get_f64(const unsigned char *p)
{
    uint64_t v = get_u64(p);
    double d;
    memcpy(&d, &v, sizeof d);
    return d;
}

/* Payload bytes of a graph of n nodes and m edges. */
static uint64_t payload_bytes(uint64_t n, uint64_t m)
{
    return n * 16 + (n + 1) * 4 + m * 13;
}

int wo_graph_save(const wo_graph *g, const char *path, wo_err *err)
{
    uint64_t n = g->n_nodes, m = g->n_edges, plen = payload_bytes(n, m);
    unsigned char *buf = wo_malloc((size_t)(GRAPH_HDR_BYTES + plen));
    unsigned char *p;
    int rc;
    uint64_t i;
    if (!buf)
        return wo_err_set(err, WO_ENOMEM, "%s: out of memory", path);
    memset(buf, 0, GRAPH_HDR_BYTES);
    p = buf + GRAPH_HDR_BYTES;
    for (i = 0; i < n; i++, p += 8)
        put_f64(p, g->lon_deg[i]);
    for (i = 0; i < n; i++, p += 8)
        put_f64(p, g->lat_deg[i]);
    for (i = 0; i <= n; i++, p += 4)
        put_u32(p, g->first_out[i]);
    for (i = 0; i < m; i++, p += 4)
        put_u32(p, g->head[i]);
    for (i = 0; i < m; i++, p += 4)
        put_u32(p, g->dist_mm[i]);
    for (i = 0; i < m; i++, p += 4)
        put_u32(p, g->dur_ms[i]);
    for (i = 0; i < m; i++)
        *p++ = g->flags[i];
    memcpy(buf, GRAPH_MAGIC, 8);
    put_u32(buf + 8, WO_GRAPH_FORMAT_VERSION);
    put_u32(buf + 12, WO_W_DIST_BITS);
    put_u64(buf + 16, n);
    put_u64(buf + 24, m);
    put_u64(buf + 32, plen);
    put_u64(buf + 40, wo_fnv1a64(buf + GRAPH_HDR_BYTES, (size_t)plen));
    put_u64(buf + 48, wo_fnv1a64(buf, 48));

    rc = wo_atomic_write(path, buf, (size_t)(GRAPH_HDR_BYTES + plen), err);
    wo_free(buf);
    return rc;
}

int wo_graph_load_mem(const void *data, size_t len, const char *name,
                      wo_graph **out, wo_err *err)
{
    const unsigned char *b = data, *p;
    uint64_t n, m, plen, i;
    uint32_t version, bits;
    wo_graph *g;
    *out = NULL;
    if (len < GRAPH_HDR_BYTES || memcmp(b, GRAPH_MAGIC, 8) != 0)
        return wo_err_set(
            err, WO_EPARSE,
            "%s: not a wasteopt graph cache (bad magic or shorter "
            "than the %u-byte header)",
            name, GRAPH_HDR_BYTES);
    version = get_u32(b + 8);
    if (version != WO_GRAPH_FORMAT_VERSION)
        return wo_err_set(err, WO_EVERSION,
                          "%s: graph cache format version %u, this wasteopt "
                          "reads version %u; re-run 'wasteopt osm import'",
                          name, (unsigned)version,
                          (unsigned)WO_GRAPH_FORMAT_VERSION);
    if (GRAPH_VERIFY_CHECKSUMS && get_u64(b + 48) != wo_fnv1a64(b, 48))
        return wo_err_set(err, WO_ECHECKSUM,
                          "%s: graph cache header checksum mismatch (corrupt "
                          "file)",
                          name);
    bits = get_u32(b + 12);
    if (bits != WO_W_DIST_BITS)
        return wo_err_set(
            err, WO_EVERSION,
            "%s: graph cache packs weights with %u distance bits, "
            "expected %u; re-run 'wasteopt osm import'",
            name, (unsigned)bits, (unsigned)WO_W_DIST_BITS);
    n = get_u64(b + 16);
    m = get_u64(b + 24);
    plen = get_u64(b + 32);
    if (n >= GRAPH_MAX_NODES || m >= GRAPH_MAX_EDGES ||
        plen != payload_bytes(n, m))
        return wo_err_set(err, WO_EPARSE,
                          "%s: graph cache header is inconsistent (%llu nodes, "
                          "%llu edges, %llu payload bytes)",
                          name, (unsigned long long)n, (unsigned long long)m,
                          (unsigned long long)plen);
    if (len - GRAPH_HDR_BYTES != plen)
        return wo_err_set(err, WO_EPARSE,
                          "%s: graph cache is %zu bytes, the header announces "
                          "%llu (truncated or extended file)",
                          name, len,
                          (unsigned long long)(plen + GRAPH_HDR_BYTES));
    if (GRAPH_VERIFY_CHECKSUMS &&
        get_u64(b + 40) != wo_fnv1a64(b + GRAPH_HDR_BYTES, (size_t)plen))
        return wo_err_set(err, WO_ECHECKSUM,
                          "%s: graph cache payload checksum mismatch (corrupt "
                          "file)",
                          name);
    g = graph_alloc((uint32_t)n, (uint32_t)m);
    if (!g)
        return wo_err_set(err, WO_ENOMEM, "%s: out of memory", name);
    p = b + GRAPH_HDR_BYTES;
    for (i = 0; i < n; i++, p += 8)
        g->lon_deg[i] = get_f64(p);
    for (i = 0; i < n; i++, p += 8)
        g->lat_deg[i] = get_f64(p);
    for (i = 0; i <= n; i++, p += 4)
        g->first_out[i] = get_u32(p);
    for (i = 0; i < m; i++, p += 4)
        g->head[i] = get_u32(p);
    for (i = 0; i < m; i++, p += 4)
        g->dist_mm[i] = get_u32(p);
    for (i = 0; i < m; i++, p += 4)
        g->dur_ms[i] = get_u32(p);
    for (i = 0; i < m; i++)
        g->flags[i] = *p++;
    /* Structure: the checksum proves integrity, not that the writer was
     * sane; a crafted file must still not make a search read out of
     * bounds. */
    if (g->first_out[0] != 0 || g->first_out[n] != m)
        goto bad;
    for (i = 0; i < n; i++) {
        if (g->first_out[i] > g->first_out[i + 1])
            goto bad;
        if (!(fabs(g->lon_deg[i]) <= 180) || !(fabs(g->lat_deg[i]) <= 90))
            goto bad;
    }
    for (i = 0; i < m; i++)
        if (g->head[i] >= n ||
            (g->flags[i] & WO_EDGE_CLASS_MASK) >= WO_ROAD_CLASS_COUNT_)
            goto bad;
    *out = g;
    return WO_OK;
bad:
    wo_graph_free(g);
    return wo_err_set(err, WO_EPARSE,
                      "%s: graph cache structure is invalid (edge index, node "
                      "index or coordinate out of range)",
                      name);
}

int wo_graph_load(const char *path, wo_graph **out, wo_err *err)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data = NULL;
    long sz;
    int rc;
    *out = NULL;
    if (!f)
        return wo_err_set(err, WO_EIO, "%s: cannot open: %s", path,
                          strerror(errno));
    if (fseek(f, 0, SEEK_END) != 0 || (sz = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return wo_err_set(err, WO_EIO, "%s: cannot read: %s", path,
                          strerror(errno));
    }
    data = wo_malloc((size_t)sz + 1);
    if (!data) {
        fclose(f);
        return wo_err_set(err, WO_ENOMEM, "%s: out of memory (%ld bytes)", path,
                          sz);
    }
    if (fread(data, 1, (size_t)sz, f) != (size_t)sz) {
        fclose(f);
        wo_free(data);
        return wo_err_set(err, WO_EIO, "%s: read failed", path);
    }
    fclose(f);
    rc = wo_graph_load_mem(data, (size_t)sz, path, out, err);
    wo_free(data);
    return rc;
}
