/*
 * snap.h — put a point (a site, a depot) onto the road graph: the nearest
 * point ON a road segment (the projection onto the segment, not the
 * nearest node), found through a uniform grid over the segments.
 *
 * Distances for the choice are computed in a local equirectangular frame
 * centred on the query point (exact enough below a few km, which is all a
 * snap needs); the reported snap distance is the haversine distance.
 *
 * A snapped point lies on the segment a-b at fraction t from a. It is
 * reached from the graph through the edges of that segment: leaving the
 * point, a truck drives to b along a->b (if that edge exists) or to a along
 * b->a (if it exists); arriving, it comes from a along a->b or from b along
 * b->a. One-way roads thus only offer their one direction. Partial
 * lengths are haversine lengths of the two parts (rounded up to mm), the
 * partial durations are proportional.
 */
#ifndef WO_SNAP_H
#define WO_SNAP_H

#include "geo/graph.h"
#include "geo/sp.h"

typedef struct wo_snap_index wo_snap_index;

/* A point snapped onto a road segment. */
typedef struct wo_snap {
    uint32_t a;     /* segment start node                             */
    uint32_t b;     /* segment end node                               */
    uint32_t e_ab;  /* edge a->b, or UINT32_MAX when a one-way b->a   */
    uint32_t e_ba;  /* edge b->a, or UINT32_MAX when a one-way a->b   */
    double t;       /* fraction of the segment from a (0..1)          */
    double lon_deg; /* the snapped point                              */
    double lat_deg; /* the snapped point                              */
    double snap_m;  /* haversine distance input point -> snapped point */
} wo_snap;

/* Build the index of every road segment of g (g must outlive it). The
 * caller frees *out with wo_snap_index_free(). WO_ENOMEM; WO_EINVAL for a
 * graph without edges. */
int wo_snap_index_new(const wo_graph *g, wo_snap_index **out, wo_err *err);
/* Free an index (NULL is fine). */
void wo_snap_index_free(wo_snap_index *ix);

/* Snap (lon, lat) to the nearest point on a road segment. Thread-safe for
 * concurrent calls on one index. WO_ERANGE for coordinates outside
 * [-180,180]x[-90,90] or not finite. */
int wo_snap_point(const wo_snap_index *ix, double lon_deg, double lat_deg,
                  wo_snap *out, wo_err *err);

/* The search endpoints of a snapped point, leaving it (as a source) or
 * arriving at it (as a target). */
void wo_snap_source(const wo_graph *g, const wo_snap *s, wo_endpoint *out);
void wo_snap_target(const wo_graph *g, const wo_snap *s, wo_endpoint *out);

/* Weight of driving from s to d along their common segment without
 * passing a node (s before d on a->b, or s after d on b->a), or WO_W_INF
 * when they are not on the same segment or the direction is not allowed.
 * A matrix entry is min(search result, this). */
wo_weight wo_snap_direct(const wo_graph *g, const wo_snap *s, const wo_snap *d);

#endif /* WO_SNAP_H */
