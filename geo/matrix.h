/*
 * matrix.h — travel distance and duration matrices between points (WGS84
 * lon/lat): one API for the planner, three methods.
 *
 *  - WO_MATRIX_CH: points are snapped to the road graph (geo/snap.h), then
 *    a contraction-hierarchy bucket many-to-many query (geo/ch.h) on
 *    threads. The default.
 *  - WO_MATRIX_DIJKSTRA: the same snapping, one Dijkstra per source; the
 *    reference CH is tested against (same results, bit for bit).
 *  - WO_MATRIX_GREAT_CIRCLE: no graph; distance = great-circle distance x
 *    circuity factor, duration = that distance / a mean truck speed.
 *
 * Road results minimise duration (ms) and break ties by distance (mm)
 * (geo/graph.h), so distance_m is the length of the fastest route.
 *
 * Points far from the road: a point whose snap distance exceeds
 * opts.max_snap_m is an ERROR (WO_ERANGE, the message lists the first
 * offending point ids and their distances) unless opts.allow_far is set,
 * in which case the point is flagged in the result (far[]) and routed
 * from its snapped position. Unreachable pairs (impossible on a graph
 * reduced to its largest strongly connected component, but possible on
 * another graph) are not an error: the entry is INFINITY and counted in
 * n_unreachable.
 *
 * Circuity default for Chongqing, WO_CIRCUITY_CHONGQING = 1.6. Network
 * circuity (road distance / straight-line distance) of SHORTEST paths is
 * about 1.2-1.4 (Boscoe, Henry & Zdeb 2012 find a mean of about 1.4 for
 * US driving trips, higher for short ones; the country factors of Ballou,
 * Rahardja & Sakai 2002 are of the same order). The road distance here is
 * that of the FASTEST truck route, which is longer; it was measured on
 * this project's truck graphs with bench_matrix (median road / great
 * circle over up to a million pairs of random points more than 1 km
 * apart, benches/RESULTS.md):
 * London clip (flat, dense) 1.43, Liechtenstein (one alpine valley) 1.45,
 * Andorra (steep mountain valleys) 1.77. Chongqing's central districts
 * are dense like London but sit on ridges and valleys cut by the Yangtze
 * and Jialing, crossed only at bridges and tunnels, with switchbacks up
 * the hills: between the valley and the mountain figures, hence 1.6. It is
 * a fallback only; a road graph is always preferred, and --circuity
 * overrides it.
 */
#ifndef WO_MATRIX_H
#define WO_MATRIX_H

#include <stddef.h>

#include "geo/ch.h"
#include "geo/graph.h"
#include "geo/snap.h"

/* Circuity factors (road distance / great-circle distance) used where no
 * road graph is: the one home of their defaults, each for its own use.
 *  - WO_CIRCUITY_CHONGQING, 1.6: the matrix fallback above (fastest truck
 *    routes over Chongqing's ridges and rivers).
 *  - WO_CIRCUITY_DEFAULT, 1.4: a scenario whose scenario.json gives no
 *    circuity_factor (data/SCHEMA.md): the general figure of shortest
 *    paths (Boscoe, Henry & Zdeb 2012). The flow network's default
 *    (solver/flow/network.c) is the same figure.
 *  - The embedded Chongqing scenario declares its own factor, 1.5, in its
 *    scenario.json (written by data/tools/gen_chongqing.c): a scenario's
 *    value always overrides the default. */
#define WO_CIRCUITY_CHONGQING 1.6
#define WO_CIRCUITY_DEFAULT 1.4
/* Mean truck speed of the great-circle fallback, km/h (urban collection
 * with hills; the class speeds of geo/osm.h average about this). */
#define WO_FALLBACK_KMH 30.0

typedef enum wo_matrix_algo {
    WO_MATRIX_CH = 0,
    WO_MATRIX_DIJKSTRA,
    WO_MATRIX_GREAT_CIRCLE
} wo_matrix_algo;

/* Options; fill with wo_matrix_opts_init(). */
typedef struct wo_matrix_opts {
    wo_matrix_algo algo; /* method                                     */
    double circuity;     /* great-circle factor (>= 1)                 */
    double fallback_kmh; /* great-circle speed (> 0)                   */
    double max_snap_m;   /* farther snaps are errors/flags; <= 0: none */
    int allow_far;       /* 1: flag far points instead of failing      */
    int n_threads;       /* threads (<= 0: 2)                          */
} wo_matrix_opts;

/* CH, circuity WO_CIRCUITY_CHONGQING, WO_FALLBACK_KMH, max_snap_m 1000,
 * allow_far 0, 2 threads. */
void wo_matrix_opts_init(wo_matrix_opts *o);

/* "ch", "dijkstra", "great-circle" -> algo (WO_EINVAL otherwise). */
int wo_matrix_algo_parse(const char *s, wo_matrix_algo *out);

/* A computed matrix. */
typedef struct wo_matrix {
    size_t n_src;         /* rows                                            */
    size_t n_dst;         /* columns                                         */
    double *dist_m;       /* [n_src*n_dst] row-major metres (INFINITY: none) */
    double *dur_s;        /* [n_src*n_dst] row-major seconds                 */
    wo_snap *src_snap;    /* [n_src] snapping of sources (NULL: no graph)    */
    wo_snap *dst_snap;    /* [n_dst] snapping of targets (NULL: no graph)    */
    uint8_t *src_far;     /* [n_src] 1 when beyond max_snap_m (allow_far)    */
    uint8_t *dst_far;     /* [n_dst] same for targets                        */
    size_t n_far;         /* points flagged far                              */
    size_t n_unreachable; /* INFINITY entries                              */
    double ch_seconds;    /* CH preprocessing time when built here, else 0   */
} wo_matrix;

/* Compute the matrix from sources to targets. g may be NULL only with
 * WO_MATRIX_GREAT_CIRCLE. ix (snap index) and ch may be NULL: they are
 * built (and freed) here when needed; pass them to reuse across calls.
 * src_ids/dst_ids (may be NULL) name points in messages. On success *out
 * is a new matrix the caller frees with wo_matrix_free(). */
int wo_matrix_compute(const wo_graph *g, const wo_snap_index *ix,
                      const wo_ch *ch, const wo_matrix_opts *opts, size_t n_src,
                      const double *src_lon, const double *src_lat,
                      const char *const *src_ids, size_t n_dst,
                      const double *dst_lon, const double *dst_lat,
                      const char *const *dst_ids, wo_matrix **out, wo_err *err);
/* Free a matrix (NULL is fine). */
void wo_matrix_free(wo_matrix *m);

#endif /* WO_MATRIX_H */
