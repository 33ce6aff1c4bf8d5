/*
 * sp.h — shortest paths on the road graph: an indexed binary heap shared
 * with the contraction hierarchy, and plain Dijkstra, the test oracle of
 * every faster method.
 *
 * Searches start from "seeds": a query point snapped onto an edge is
 * reached through one or both end nodes of that edge with a partial edge
 * weight (geo/snap.h), so a source or a target is a small set of
 * (node, initial weight) pairs — a wo_endpoint. All weights are packed
 * wo_weight values (geo/graph.h): minimal duration, ties by distance.
 */
#ifndef WO_SP_H
#define WO_SP_H

#include "geo/graph.h"

/* ------------------------------------------------------------ heap */

/* Indexed binary min-heap over items 0..cap-1 with 64-bit keys. */
typedef struct wo_heap {
    uint32_t *item; /* [cap] heap array of items                      */
    uint64_t *key;  /* [cap] key of the heap slot                      */
    uint32_t *pos;  /* [cap] slot of an item, UINT32_MAX when absent   */
    uint32_t size;  /* items in the heap                               */
    uint32_t cap;   /* number of possible items                        */
} wo_heap;

/* Allocate a heap for items 0..cap-1 (WO_ENOMEM). Free with wo_heap_free. */
int wo_heap_init(wo_heap *h, uint32_t cap);
/* Release the arrays of h (safe on a heap whose init failed). */
void wo_heap_free(wo_heap *h);
/* Insert item, or change its key (up or down) when already present. */
void wo_heap_push(wo_heap *h, uint32_t item, uint64_t key);
/* Remove and return the item of the smallest key; *key receives it. The
 * heap must not be empty. */
uint32_t wo_heap_pop(wo_heap *h, uint64_t *key);
/* Smallest key, UINT64_MAX when empty. */
static inline uint64_t wo_heap_min(const wo_heap *h)
{
    return h->size ? h->key[0] : UINT64_MAX;
}
/* Is item in the heap? */
static inline int wo_heap_contains(const wo_heap *h, uint32_t item)
{
    return h->pos[item] != UINT32_MAX;
}
/* Empty the heap (cost proportional to its size). */
void wo_heap_clear(wo_heap *h);

/* ------------------------------------------------------------ endpoints */

/* One way into (or out of) a query point: a graph node and the weight
 * between the point and that node. */
typedef struct wo_seed {
    uint32_t node; /* graph node                              */
    wo_weight w;   /* weight point->node (source) or node->point (target) */
} wo_seed;

/* A query point as seen by a search: one or two seeds. */
typedef struct wo_endpoint {
    wo_seed seed[2]; /* seeds; only the first n are valid */
    uint32_t n;      /* 1 or 2                            */
} wo_endpoint;

/* ------------------------------------------------------------ Dijkstra */

/* Per-thread Dijkstra workspace on one graph. */
typedef struct wo_sp wo_sp;

/* New workspace for g (g must outlive it). WO_ENOMEM. */
int wo_sp_new(const wo_graph *g, wo_sp **out, wo_err *err);
/* Free a workspace (NULL is fine). */
void wo_sp_free(wo_sp *s);

/* Run Dijkstra from the seeds of src. When stop is non-NULL the search
 * ends as soon as all n_stop nodes of stop are settled (or the graph is
 * exhausted); otherwise it settles every reachable node. */
void wo_sp_run(wo_sp *s, const wo_endpoint *src, const uint32_t *stop,
               size_t n_stop);

/* Weight of the best path found by the last run to node (WO_W_INF when
 * unreached; exact for settled nodes and for stop nodes). */
wo_weight wo_sp_dist(const wo_sp *s, uint32_t node);

/* Weight from a source endpoint to a target endpoint after a run from the
 * source: min over target seeds of dist(node) + seed weight. */
wo_weight wo_sp_to(const wo_sp *s, const wo_endpoint *dst);

/* Node-to-node weight (a convenience for tests): WO_W_INF if unreachable. */
wo_weight wo_sp_node_to_node(wo_sp *s, uint32_t from, uint32_t to);

/* Fill out[i*n_dst + j] with the weight from src[i] to dst[j] using one
 * Dijkstra per source, on n_threads threads (<= 0: 2). WO_ENOMEM. */
int wo_sp_many_to_many(const wo_graph *g, const wo_endpoint *src, size_t n_src,
                       const wo_endpoint *dst, size_t n_dst, int n_threads,
                       wo_weight *out, wo_err *err);

#endif /* WO_SP_H */
