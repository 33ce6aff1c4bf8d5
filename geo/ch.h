/*
 * ch.h — contraction hierarchies on the road graph, with one-to-one and
 * bucket-based many-to-many queries.
 *
 * The contracted weight is the packed wo_weight of geo/graph.h: duration
 * first, distance as tie-break, so the distance of a CH result is the
 * distance of the same fastest path Dijkstra finds, exactly.
 *
 * Preprocessing. Nodes are contracted in the order of a lazily updated
 * priority 2 * edge difference + contracted neighbours + level. Witness
 * searches are Dijkstra searches limited by a number of settled nodes, so a
 * few unnecessary shortcuts may be added (never a wrong distance). The
 * result is an upward graph (edges to higher nodes, searched forward from
 * sources) and a downward graph (edges from higher nodes, searched
 * backward from targets), numbered by rank for memory locality.
 *
 * Many-to-many. Backward upward searches from every target fill buckets
 * (node -> list of (target, weight)); forward upward searches from every
 * source scan the buckets of the nodes they settle. Both phases run on
 * threads.
 *
 * The CH is rebuilt from the graph at each run (a few seconds at most for
 * a city); it is not stored in the graph cache.
 */
#ifndef WO_CH_H
#define WO_CH_H

#include "geo/graph.h"
#include "geo/sp.h"

typedef struct wo_ch wo_ch;

/* Preprocessing statistics. */
typedef struct wo_ch_stats {
    uint32_t nodes;      /* nodes contracted                       */
    uint32_t shortcuts;  /* shortcut edges added                   */
    uint32_t up_edges;   /* edges of the upward graph              */
    uint32_t down_edges; /* edges of the downward graph            */
    double seconds;      /* wall-clock preprocessing time          */
} wo_ch_stats;

/* Contract g. On success *out is a new CH the caller frees with
 * wo_ch_free(); it does not reference g afterwards. stats may be NULL.
 * WO_ENOMEM; WO_ECANCELLED when cancel becomes nonzero (cancel may be
 * NULL). */
int wo_ch_build(const wo_graph *g, wo_ch **out, wo_ch_stats *stats,
                const wo_cancel_flag *cancel, wo_err *err);
/* Free a CH (NULL is fine). */
void wo_ch_free(wo_ch *ch);

/* Per-thread one-to-one query workspace. */
typedef struct wo_ch_query wo_ch_query;
/* New workspace on ch (ch must outlive it); WO_ENOMEM. The caller frees
 * it with wo_ch_query_free() (NULL is fine). */
int wo_ch_query_new(const wo_ch *ch, wo_ch_query **out, wo_err *err);
void wo_ch_query_free(wo_ch_query *q);

/* Weight from endpoint src to endpoint dst (graph node numbers in the
 * seeds), WO_W_INF when unreachable. */
wo_weight wo_ch_query_run(wo_ch_query *q, const wo_endpoint *src,
                          const wo_endpoint *dst);

/* out[i*n_dst + j] = weight from src[i] to dst[j] by bucket many-to-many on
 * n_threads threads (<= 0: 2). WO_ENOMEM. */
int wo_ch_many_to_many(const wo_ch *ch, const wo_endpoint *src, size_t n_src,
                       const wo_endpoint *dst, size_t n_dst, int n_threads,
                       wo_weight *out, wo_err *err);

#endif /* WO_CH_H */
