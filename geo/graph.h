/*
 * graph.h — the road graph: a compact CSR (compressed sparse row) directed
 * graph with node coordinates, integer edge costs and edge attributes, and
 * its binary cache file.
 *
 * Costs. Every edge has a length in millimetres (dist_mm, the haversine
 * length of the straight segment between its two nodes, rounded UP so that
 * a road distance is never shorter than the great-circle distance) and a
 * travel time in milliseconds (dur_ms, from the truck speed of the way).
 * Integers make "CH equals Dijkstra exactly" well defined.
 *
 * Routing weight. Searches minimise duration and break ties by distance:
 * the two are packed into one 64-bit weight, duration in the high
 * WO_W_DUR_BITS bits, distance in the low WO_W_DIST_BITS bits. Adding two
 * packed weights adds both parts as long as neither part overflows (a path
 * of at most 2^36 mm = 68,719 km and 2^28 ms = 74.5 h), and comparing two
 * packed weights is the lexicographic comparison (duration, then distance).
 * So "the distance of a path" is always the distance of the fastest path,
 * with the shortest among equally fast ones: unique, whatever the
 * algorithm. wo_w_add() saturates to WO_W_INF on overflow.
 *
 * The graph is read-only once built; every field is public for fast reads.
 */
#ifndef WO_GRAPH_H
#define WO_GRAPH_H

#include <stdint.h>

#include "base/base.h"

/* Packed routing weight: (dur_ms << WO_W_DIST_BITS) | dist_mm. */
typedef uint64_t wo_weight;
#define WO_W_DIST_BITS 36
#define WO_W_DUR_BITS 28
#define WO_W_DIST_MASK ((UINT64_C(1) << WO_W_DIST_BITS) - 1)
#define WO_W_INF UINT64_MAX

/* Pack / unpack a weight. */
static inline wo_weight wo_w_pack(uint64_t dur_ms, uint64_t dist_mm)
{
    return (dur_ms << WO_W_DIST_BITS) | dist_mm;
}
static inline uint64_t wo_w_dur_ms(wo_weight w)
{
    return w >> WO_W_DIST_BITS;
}
static inline uint64_t wo_w_dist_mm(wo_weight w)
{
    return w & WO_W_DIST_MASK;
}

/* a + b, or WO_W_INF when either is WO_W_INF or a part overflows. */
static inline wo_weight wo_w_add(wo_weight a, wo_weight b)
{
    wo_weight s;
    if (a == WO_W_INF || b == WO_W_INF)
        return WO_W_INF;
    if ((a & WO_W_DIST_MASK) + (b & WO_W_DIST_MASK) > WO_W_DIST_MASK)
        return WO_W_INF;
    s = a + b;
    if (s < a || s == WO_W_INF)
        return WO_W_INF;
    return s;
}

/* Road classes (low 4 bits of an edge's flags). */
typedef enum wo_road_class {
    WO_ROAD_MOTORWAY = 0,
    WO_ROAD_TRUNK,
    WO_ROAD_PRIMARY,
    WO_ROAD_SECONDARY,
    WO_ROAD_TERTIARY,
    WO_ROAD_UNCLASSIFIED,
    WO_ROAD_RESIDENTIAL,
    WO_ROAD_SERVICE,
    WO_ROAD_LIVING_STREET,
    WO_ROAD_LINK,  /* any *_link ramp */
    WO_ROAD_OTHER, /* highway=road and the like */
    WO_ROAD_CLASS_COUNT_
} wo_road_class;
#define WO_EDGE_CLASS_MASK 0x0Fu
#define WO_EDGE_BRIDGE 0x10u
#define WO_EDGE_TUNNEL 0x20u

/* Name of a road class ("motorway", ...). */
const char *wo_road_class_name(wo_road_class c);

typedef struct wo_graph {
    uint32_t n_nodes;    /* number of nodes                                 */
    uint32_t n_edges;    /* number of directed edges                        */
    double *lon_deg;     /* [n_nodes] WGS84 longitude                       */
    double *lat_deg;     /* [n_nodes] WGS84 latitude                        */
    uint32_t *first_out; /* [n_nodes+1] edges of u are first_out[u]..[u+1]-1 */
    uint32_t *head;      /* [n_edges] target node of each edge              */
    uint32_t *dist_mm;   /* [n_edges] length, millimetres (rounded up)      */
    uint32_t *dur_ms;    /* [n_edges] truck travel time, milliseconds       */
    uint8_t *flags;      /* [n_edges] class | WO_EDGE_BRIDGE | WO_EDGE_TUNNEL */
} wo_graph;

/* One directed edge given to wo_graph_build(). */
typedef struct wo_arc {
    uint32_t tail;    /* from node                 */
    uint32_t head;    /* to node                   */
    uint32_t dist_mm; /* length, millimetres       */
    uint32_t dur_ms;  /* travel time, milliseconds */
    uint8_t flags;    /* as wo_graph.flags         */
} wo_arc;

/* Packed weight of edge e. */
static inline wo_weight wo_graph_w(const wo_graph *g, uint32_t e)
{
    return wo_w_pack(g->dur_ms[e], g->dist_mm[e]);
}

/* Great-circle distance in metres (haversine, mean Earth radius 6371008.8
 * m) between two WGS84 points given in degrees. */
double wo_haversine_m(double lon1_deg, double lat1_deg, double lon2_deg,
                      double lat2_deg);

/* Build a graph from node coordinates and an arc list (any order; the arcs
 * are sorted into CSR, stable by input order). Copies everything; the
 * caller keeps its arrays. Every arc must name nodes < n_nodes (WO_EINVAL
 * otherwise). On success *out is a new graph the caller frees with
 * wo_graph_free(). */
int wo_graph_build(uint32_t n_nodes, const double *lon_deg,
                   const double *lat_deg, size_t n_arcs, const wo_arc *arcs,
                   wo_graph **out, wo_err *err);

/* Free a graph (NULL is fine). */
void wo_graph_free(wo_graph *g);

/* Total length of all directed edges in km (a two-way road counts twice:
 * see wo_graph_road_km for the length of road). */
double wo_graph_edge_km(const wo_graph *g);

/* Length of road in km: a two-way segment (both u->v and v->u present)
 * counts once. */
double wo_graph_road_km(const wo_graph *g);

/* Keep the largest strongly connected component of g: *out is a new graph
 * (node order kept, renumbered). *dropped_nodes / *dropped_edges (may be
 * NULL) receive what was removed and *n_components the number of strongly
 * connected components of g. The caller frees *out. */
int wo_graph_largest_scc(const wo_graph *g, wo_graph **out,
                         uint32_t *dropped_nodes, uint32_t *dropped_edges,
                         uint32_t *n_components, wo_err *err);

/* ------------------------------------------------------------ cache file */

/* Format version of the cache file; a file of another version is rejected
 * with WO_EVERSION. */
#define WO_GRAPH_FORMAT_VERSION 1u

/* Write g to path atomically (wo_atomic_write of base/atomic.h: temporary
 * file beside it, fsync, rename). Layout (little-endian): a 64-byte header — magic "WOGRAPH\0",
 * u32 format version, u32 WO_W_DIST_BITS, u64 nodes, u64 edges, u64 payload
 * bytes, u64 FNV-1a-64 of the payload, u64 FNV-1a-64 of the first 48 header
 * bytes, 8 zero bytes — then the arrays lon, lat, first_out, head, dist_mm,
 * dur_ms, flags. WO_EIO with the path and errno text on failure. */
int wo_graph_save(const wo_graph *g, const char *path, wo_err *err);

/* Read a cache file written by wo_graph_save(). Every size is bounds-checked
 * against the file size before use, the checksums are verified and the CSR
 * structure is validated, so a truncated, corrupt or foreign file gives
 * WO_EPARSE / WO_ECHECKSUM / WO_EVERSION with a message naming the file,
 * never a crash. On success *out is a new graph the caller frees. */
int wo_graph_load(const char *path, wo_graph **out, wo_err *err);

/* The same from a memory image (name is used in messages only). */
int wo_graph_load_mem(const void *data, size_t len, const char *name,
                      wo_graph **out, wo_err *err);

#endif /* WO_GRAPH_H */
