/*
 * geometry.c — road geometry of the routes of a plan: the fastest road
 * path of every leg, for the GeoJSON and the map. See plan.h.
 *
 * One Dijkstra per leg from the node nearest the first place, stopped when
 * the node nearest the second place is settled; parent edges give the
 * path. Arrays are reused across legs (a stamp marks the nodes a search
 * touched), so nothing is allocated per leg but the output.
 */
#include "solver/plan/plan.h"

#include "geo/snap.h"
#include "geo/sp.h"

#include <string.h>

/* Search state reused by every leg. */
typedef struct search {
    const wo_graph *g;         /* the graph                               */
    wo_heap heap;              /* frontier                                */
    uint64_t *dist;            /* [n_nodes] tentative weight              */
    uint32_t *parent;          /* [n_nodes] previous node on the path     */
    uint32_t *stamp;           /* [n_nodes] search that set dist/parent   */
    uint32_t now;              /* current search number                   */
    uint32_t *rev;             /* [n_nodes] path nodes, target first      */
} search;

/* Nearest graph node to (lon, lat) in WGS84, UINT32_MAX when snapping
 * fails. */
static uint32_t nearest_node(const wo_snap_index *ix, double lon, double lat)
{
    wo_snap sn;
    if (wo_snap_point(ix, lon, lat, &sn, NULL) != WO_OK)
        return UINT32_MAX;
    return sn.t < 0.5 ? sn.a : sn.b;
}

/* Fastest path from node a to node b; writes its nodes to s->rev (target
 * first) and returns their count, 0 when b cannot be reached. */
static uint32_t shortest_path(search *s, uint32_t a, uint32_t b)
{
    const wo_graph *g = s->g;
    uint32_t n = 0, u;
    uint64_t key;
    s->now++;
    wo_heap_clear(&s->heap);
    s->dist[a] = 0;
    s->parent[a] = UINT32_MAX;
    s->stamp[a] = s->now;
    wo_heap_push(&s->heap, a, 0);
    while (s->heap.size > 0) {
        uint32_t e;
        u = wo_heap_pop(&s->heap, &key);
        if (u == b)
            break;
        for (e = g->first_out[u]; e < g->first_out[u + 1]; e++) {
            uint32_t v = g->head[e];
            wo_weight w = wo_w_add(key, wo_graph_w(g, e));
            if (w == WO_W_INF)
                continue;
            if (s->stamp[v] != s->now || w < s->dist[v]) {
                s->stamp[v] = s->now;
                s->dist[v] = w;
                s->parent[v] = u;
                wo_heap_push(&s->heap, v, w);
            }
        }
    }
    if (s->stamp[b] != s->now)
        return 0;
    for (u = b; u != UINT32_MAX && n < g->n_nodes; u = s->parent[u])
        s->rev[n++] = u;
    return n;
}

/* Append a point to a growable lon,lat array (*cap counts values). */
static int push_pt(double **pts, int *n, size_t *cap, double lon, double lat)
{
    if (WO_RESERVE(*pts, *cap, 2 * (size_t)*n + 2) != WO_OK)
        return WO_ENOMEM;
    (*pts)[2 * *n] = lon;
    (*pts)[2 * *n + 1] = lat;
    (*n)++;
    return WO_OK;
}

int wo_plan_road_geometry(wo_plan *p, const wo_graph *g,
                          const wo_cancel_flag *cancel, wo_deadline deadline,
                          wo_err *err)
{
    search s;
    wo_snap_index *ix = NULL;
    int r, rc;
    memset(&s, 0, sizeof s);
    s.g = g;
    if ((rc = wo_snap_index_new(g, &ix, err)) != WO_OK)
        return rc;
    s.dist = wo_malloc((size_t)g->n_nodes * sizeof *s.dist);
    s.parent = wo_malloc((size_t)g->n_nodes * sizeof *s.parent);
    s.stamp = wo_calloc((size_t)g->n_nodes, sizeof *s.stamp);
    s.rev = wo_malloc((size_t)g->n_nodes * sizeof *s.rev);
    if (!s.dist || !s.parent || !s.stamp || !s.rev ||
        wo_heap_init(&s.heap, g->n_nodes) != WO_OK) {
        rc = wo_err_set(err, WO_ENOMEM, "out of memory for road geometry");
        goto done;
    }
    for (r = 0; r < p->n_routes; r++) {
        wo_plan_route *ro = &p->routes[r];
        double *pts = NULL, plon = 0, plat = 0;
        int n = 0, v, have_prev = 0;
        size_t cap = 0;
        uint32_t prev_node = UINT32_MAX;
        if (cancel && *cancel) {
            rc = wo_err_set(err, WO_ECANCELLED, "road geometry cancelled");
            goto done;
        }
        for (v = 0; v < ro->n_visits; v++) {
            const wo_plan_visit *x = &ro->visits[v];
            double lon = x->lon_deg, lat = x->lat_deg;
            uint32_t node, k, len;
            if (x->kind == WO_PLAN_BREAK)
                continue;
            if (wo_deadline_passed(deadline)) {
                /* out of time: this route and the rest stay straight */
                wo_free(pts);
                rc = WO_OK;
                goto done;
            }
            node = nearest_node(ix, lon, lat);
            if (have_prev && (lon != plon || lat != plat) &&
                prev_node != UINT32_MAX && node != UINT32_MAX &&
                (len = shortest_path(&s, prev_node, node)) > 0) {
                for (k = len; k-- > 0;)
                    if (push_pt(&pts, &n, &cap, g->lon_deg[s.rev[k]],
                                g->lat_deg[s.rev[k]]) != WO_OK)
                        goto oom;
            }
            if (push_pt(&pts, &n, &cap, lon, lat) != WO_OK)
                goto oom;
            plon = lon;
            plat = lat;
            prev_node = node;
            have_prev = 1;
        }
        wo_free(ro->path_lonlat);
        ro->path_lonlat = pts;
        ro->n_path = n;
        continue;
    oom:
        wo_free(pts);
        rc = wo_err_set(err, WO_ENOMEM, "out of memory for road geometry");
        goto done;
    }
    rc = WO_OK;
done:
    wo_heap_free(&s.heap);
    wo_free(s.dist);
    wo_free(s.parent);
    wo_free(s.stamp);
    wo_free(s.rev);
    wo_snap_index_free(ix);
    return rc;
}
