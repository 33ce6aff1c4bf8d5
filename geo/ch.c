/*
 * ch.c — contraction hierarchies: preprocessing, one-to-one and bucket
 * many-to-many queries. See ch.h.
 */
#include "geo/ch.h"

#include <pthread.h>
#include <string.h>

#define WITNESS_SETTLE_SIM 60   /* settled-node limit when estimating   */
#define WITNESS_SETTLE_REAL 400 /* settled-node limit when contracting  */
#define WITNESS_HOPS_SIM 5      /* edge limit of a witness, estimating  */
#define WITNESS_HOPS_REAL 250   /* edge limit of a witness, contracting */
#define PRIO_OFFSET (UINT64_C(1) << 62)

struct wo_ch {
    uint32_t n;         /* nodes                                        */
    uint32_t *rank;     /* [n] graph node -> rank (contraction order)   */
    uint32_t *up_first; /* [n+1] by rank: upward edges of each node     */
    uint32_t *up_head;  /* higher-ranked head of each upward edge       */
    wo_weight *up_w;    /* weight of each upward edge                   */
    uint32_t *dn_first; /* [n+1] by rank: edges x->v from higher x      */
    uint32_t *dn_head;  /* the higher-ranked tail x of each such edge   */
    wo_weight *dn_w;    /* weight of each such edge                     */
};

/* ------------------------------------------------------------ dynamic graph */

/* One adjacency entry of the graph under contraction. */
typedef struct adj_e {
    uint32_t v;  /* neighbour */
    wo_weight w; /* weight    */
} adj_e;

/* An adjacency list of the graph under contraction. */
typedef struct adj {
    adj_e *e;     /* entries    */
    uint32_t n;   /* used       */
    uint32_t cap; /* allocated  */
} adj;

/* Add v with weight w, or lower the weight of an existing v.
 * Returns 0, or -1 when out of memory. */
static int adj_add(adj *a, uint32_t v, wo_weight w)
{
    size_t cap = a->cap; /* adj keeps 32 bits: two lists a node */
    uint32_t i;
    for (i = 0; i < a->n; i++)
        if (a->e[i].v == v) {
            if (w < a->e[i].w)
                a->e[i].w = w;
            return 0;
        }
    if (wo_array_reserve(&a->e, &cap, (size_t)a->n + 1, sizeof *a->e, 4) !=
        WO_OK)
        return -1;
    a->cap = (uint32_t)cap;
    a->e[a->n].v = v;
    a->e[a->n].w = w;
    a->n++;
    return 0;
}

static void adj_remove(adj *a, uint32_t v)
{
    uint32_t i;
    for (i = 0; i < a->n; i++)
        if (a->e[i].v == v) {
            a->e[i] = a->e[--a->n];
            return;
        }
}

/* A shortcut or a hierarchy edge waiting to be stored. */
typedef struct pend {
    uint32_t a;  /* tail (or node whose list it joins) */
    uint32_t b;  /* head                              */
    wo_weight w; /* weight                            */
} pend;

/* A growable array of pend. */
typedef struct pend_vec {
    pend *p;    /* entries   */
    size_t n;   /* used      */
    size_t cap; /* allocated */
} pend_vec;

static int pend_push(pend_vec *v, uint32_t a, uint32_t b, wo_weight w)
{
    if (WO_RESERVE(v->p, v->cap, v->n + 1) != WO_OK)
        return -1;
    v->p[v->n].a = a;
    v->p[v->n].b = b;
    v->p[v->n].w = w;
    v->n++;
    return 0;
}

/* Preprocessing state. */
typedef struct builder {
    uint32_t n;         /* nodes                                   */
    adj *out;           /* [n] out-edges of uncontracted nodes     */
    adj *in;            /* [n] in-edges of uncontracted nodes      */
    uint32_t *cn;       /* [n] contracted neighbours               */
    uint32_t *level;    /* [n] hierarchy level                     */
    uint8_t *done;      /* [n] contracted                          */
    wo_weight *wdist;   /* [n] witness search weights              */
    uint32_t *touched;  /* witness search touched nodes            */
    uint32_t n_touched; /* used entries of touched                 */
    uint32_t *tmark;    /* [n] witness targets, marked with tgen   */
    uint8_t *hops;      /* [n] edges on the witness path so far    */
    uint32_t tgen;      /* current target generation               */
    wo_heap wheap;      /* witness search queue                    */
    wo_heap order;      /* contraction order queue                 */
    pend_vec sc;        /* shortcuts of the node being contracted  */
    pend_vec up;        /* upward edges (a = lower, b = higher)    */
    pend_vec dn;        /* downward edges (a = lower, b = higher)  */
} builder;

/* Dijkstra from s avoiding node skip, up to weight bound or the settle
 * limit, or until the `targets` nodes marked with b->tgen in b->tmark are
 * settled; results in b->wdist. */
static void witness(builder *b, uint32_t s, uint32_t skip, wo_weight bound,
                    int limit, int max_hops, uint32_t targets)
{
    uint32_t k;
    int settled = 0;
    for (k = 0; k < b->n_touched; k++)
        b->wdist[b->touched[k]] = WO_W_INF;
    b->n_touched = 0;
    wo_heap_clear(&b->wheap);
    b->wdist[s] = 0;
    b->hops[s] = 0;
    b->touched[b->n_touched++] = s;
    wo_heap_push(&b->wheap, s, 0);
    while (b->wheap.size) {
        uint64_t du;
        uint32_t u;
        const adj *a;
        if (wo_heap_min(&b->wheap) > bound || settled >= limit)
            break;
        u = wo_heap_pop(&b->wheap, &du);
        settled++;
        /* Once every target is settled its weight is final: stop. */
        if (b->tmark[u] == b->tgen && --targets == 0)
            break;
        if (b->hops[u] >= max_hops)
            continue;
        a = &b->out[u];
        for (k = 0; k < a->n; k++) {
            uint32_t v = a->e[k].v;
            wo_weight nd;
            if (v == skip)
                continue;
            nd = wo_w_add(du, a->e[k].w);
            if (nd < b->wdist[v]) {
                if (b->wdist[v] == WO_W_INF)
                    b->touched[b->n_touched++] = v;
                b->wdist[v] = nd;
                b->hops[v] = (uint8_t)(b->hops[u] + 1);
                wo_heap_push(&b->wheap, v, nd);
            }
        }
    }
}

/* Shortcuts needed to contract v: counted, and stored in b->sc when
 * store is set. Returns the count, or -1 when out of memory. */
static long shortcuts(builder *b, uint32_t v, int store, int limit)
{
    const adj *in = &b->in[v], *out = &b->out[v];
    uint32_t i, k, ntgt;
    long count = 0;
    if (store)
        b->sc.n = 0;
    for (i = 0; i < in->n; i++) {
        uint32_t u = in->e[i].v;
        wo_weight wu = in->e[i].w, bound = 0;
        if (++b->tgen == 0) {
            memset(b->tmark, 0, (size_t)b->n * sizeof *b->tmark);
            b->tgen = 1;
        }
        ntgt = 0;
        for (k = 0; k < out->n; k++) {
            uint32_t x = out->e[k].v;
            wo_weight via;
            if (x == u)
                continue;
            via = wo_w_add(wu, out->e[k].w);
            if (via > bound)
                bound = via;
            if (b->tmark[x] != b->tgen) {
                b->tmark[x] = b->tgen;
                ntgt++;
            }
        }
        /* No target but u itself. A bound of 0 is not "nothing to do":
         * a path of zero-weight edges (coincident nodes) is a path. */
        if (ntgt == 0)
            continue;
        witness(b, u, v, bound, limit,
                store ? WITNESS_HOPS_REAL : WITNESS_HOPS_SIM, ntgt);
        for (k = 0; k < out->n; k++) {
            uint32_t x = out->e[k].v;
            wo_weight via;
            if (x == u)
                continue;
            via = wo_w_add(wu, out->e[k].w);
            if (via == WO_W_INF || b->wdist[x] <= via)
                continue;
            count++;
            if (store && pend_push(&b->sc, u, x, via))
                return -1;
        }
    }
    return count;
}

/* Priority key of v (smaller contracts earlier), or UINT64_MAX on OOM. */
static uint64_t priority(builder *b, uint32_t v)
{
    long s = shortcuts(b, v, 0, WITNESS_SETTLE_SIM);
    long ed;
    if (s < 0)
        return UINT64_MAX;
    ed = s - (long)b->in[v].n - (long)b->out[v].n;
    /* Unsigned wrap-around keeps the order of negative values. */
    return PRIO_OFFSET +
           (uint64_t)(long long)(2 * ed + (long)b->cn[v] + (long)b->level[v]);
}

/* Contract v. Returns 0, or -1 when out of memory. */
static int contract(builder *b, uint32_t v)
{
    adj *in = &b->in[v], *out = &b->out[v];
    uint32_t k;
    size_t i;
    if (shortcuts(b, v, 1, WITNESS_SETTLE_REAL) < 0)
        return -1;
    for (k = 0; k < out->n; k++) {
        if (pend_push(&b->up, v, out->e[k].v, out->e[k].w))
            return -1;
        adj_remove(&b->in[out->e[k].v], v);
    }
    for (k = 0; k < in->n; k++) {
        if (pend_push(&b->dn, v, in->e[k].v, in->e[k].w))
            return -1;
        adj_remove(&b->out[in->e[k].v], v);
    }
    for (i = 0; i < b->sc.n; i++) {
        const pend *p = &b->sc.p[i];
        if (adj_add(&b->out[p->a], p->b, p->w) ||
            adj_add(&b->in[p->b], p->a, p->w))
            return -1;
    }
    b->done[v] = 1;
    return 0;
}

/* After contracting v (whose own lists still hold its neighbours): each
 * neighbour counts one more contracted neighbour, rises above v's level
 * and gets its priority recomputed. Returns 0, or -1 when out of memory. */
static int update_neighbours(builder *b, uint32_t v)
{
    const adj *out = &b->out[v], *in = &b->in[v];
    uint32_t i, k, n = out->n + in->n;
    for (i = 0; i < n; i++) {
        uint32_t x = i < out->n ? out->e[i].v : in->e[i - out->n].v;
        uint64_t p;
        int seen = 0;
        /* A two-way neighbour is in both lists: handle it once. */
        for (k = 0; i >= out->n && k < out->n && !seen; k++)
            seen = out->e[k].v == x;
        if (seen)
            continue;
        b->cn[x]++;
        if (b->level[x] < b->level[v] + 1)
            b->level[x] = b->level[v] + 1;
        if (!wo_heap_contains(&b->order, x))
            continue;
        p = priority(b, x);
        if (p == UINT64_MAX)
            return -1;
        wo_heap_push(&b->order, x, p);
    }
    return 0;
}

/* Build CSR arrays by rank from a pend list (a = lower node, b = higher
 * node, both graph ids). */
static int to_csr(const pend_vec *pv, const uint32_t *rank, uint32_t n,
                  uint32_t **first, uint32_t **headp, wo_weight **wp)
{
    uint32_t *f = wo_calloc((size_t)n + 2, sizeof *f);
    uint32_t *h = wo_malloc((pv->n + 1) * sizeof *h);
    wo_weight *w = wo_malloc((pv->n + 1) * sizeof *w);
    size_t i;
    uint32_t r;
    if (!f || !h || !w) {
        wo_free(f);
        wo_free(h);
        wo_free(w);
        return -1;
    }
    for (i = 0; i < pv->n; i++)
        f[rank[pv->p[i].a] + 2]++;
    for (r = 0; r < n; r++)
        f[r + 2] += f[r + 1];
    for (i = 0; i < pv->n; i++) {
        uint32_t e = f[rank[pv->p[i].a] + 1]++;
        h[e] = rank[pv->p[i].b];
        w[e] = pv->p[i].w;
    }
    *first = f;
    *headp = h;
    *wp = w;
    return 0;
}

static void builder_free(builder *b)
{
    uint32_t i;
    if (b->out)
        for (i = 0; i < b->n; i++)
            wo_free(b->out[i].e);
    if (b->in)
        for (i = 0; i < b->n; i++)
            wo_free(b->in[i].e);
    wo_free(b->out);
    wo_free(b->in);
    wo_free(b->cn);
    wo_free(b->level);
    wo_free(b->done);
    wo_free(b->wdist);
    wo_free(b->touched);
    wo_free(b->tmark);
    wo_free(b->hops);
    wo_heap_free(&b->wheap);
    wo_heap_free(&b->order);
    wo_free(b->sc.p);
    wo_free(b->up.p);
    wo_free(b->dn.p);
}

void wo_ch_free(wo_ch *ch)
{
    if (!ch)
        return;
    wo_free(ch->rank);
    wo_free(ch->up_first);
    wo_free(ch->up_head);
    wo_free(ch->up_w);
    wo_free(ch->dn_first);
    wo_free(ch->dn_head);
    wo_free(ch->dn_w);
    wo_free(ch);
}

int wo_ch_build(const wo_graph *g, wo_ch **out, wo_ch_stats *stats,
                const wo_cancel_flag *cancel, wo_err *err)
{
    builder b;
    wo_ch *ch = NULL;
    uint32_t n = g->n_nodes, u, e, next_rank = 0;
    double t0 = wo_now_s();
    size_t n_short = 0;
    int rc = WO_ENOMEM;
    *out = NULL;
    memset(&b, 0, sizeof b);
    b.n = n;
    b.out = wo_calloc((size_t)n + 1, sizeof *b.out);
    b.in = wo_calloc((size_t)n + 1, sizeof *b.in);
    b.cn = wo_calloc((size_t)n + 1, sizeof *b.cn);
    b.level = wo_calloc((size_t)n + 1, sizeof *b.level);
    b.done = wo_calloc((size_t)n + 1, 1);
    b.wdist = wo_malloc(((size_t)n + 1) * sizeof *b.wdist);
    b.touched = wo_malloc(((size_t)n + 1) * sizeof *b.touched);
    b.tmark = wo_calloc((size_t)n + 1, sizeof *b.tmark);
    b.hops = wo_calloc((size_t)n + 1, 1);
    ch = wo_calloc(1, sizeof *ch);
    if (!b.out || !b.in || !b.cn || !b.level || !b.done || !b.wdist ||
        !b.touched || !b.tmark || !b.hops || !ch || wo_heap_init(&b.wheap, n) ||
        wo_heap_init(&b.order, n))
        goto err;
    ch->n = n;
    ch->rank = wo_malloc(((size_t)n + 1) * sizeof *ch->rank);
    if (!ch->rank)
        goto err;
    for (u = 0; u < n; u++)
        b.wdist[u] = WO_W_INF;
    for (u = 0; u < n; u++)
        for (e = g->first_out[u]; e < g->first_out[u + 1]; e++) {
            uint32_t v = g->head[e];
            if (v == u)
                continue;
            if (adj_add(&b.out[u], v, wo_graph_w(g, e)) ||
                adj_add(&b.in[v], u, wo_graph_w(g, e)))
                goto err;
        }
    for (u = 0; u < n; u++) {
        uint64_t p = priority(&b, u);
        if (p == UINT64_MAX)
            goto err;
        wo_heap_push(&b.order, u, p);
    }
    while (b.order.size) {
        uint64_t key, p;
        uint32_t v = wo_heap_pop(&b.order, &key);
        if (cancel && *cancel) {
            rc = WO_ECANCELLED;
            goto err;
        }
        /* Lazy update: re-evaluate, and put back if no longer smallest. */
        p = priority(&b, v);
        if (p == UINT64_MAX)
            goto err;
        if (b.order.size && p > wo_heap_min(&b.order)) {
            wo_heap_push(&b.order, v, p);
            continue;
        }
        if (contract(&b, v))
            goto err;
        n_short += b.sc.n;
        ch->rank[v] = next_rank++;
        if (update_neighbours(&b, v))
            goto err;
        wo_free(b.out[v].e);
        wo_free(b.in[v].e);
        b.out[v] = (adj){NULL, 0, 0};
        b.in[v] = (adj){NULL, 0, 0};
    }
    if (to_csr(&b.up, ch->rank, n, &ch->up_first, &ch->up_head, &ch->up_w) ||
        to_csr(&b.dn, ch->rank, n, &ch->dn_first, &ch->dn_head, &ch->dn_w))
        goto err;
    if (stats) {
        stats->nodes = n;
        stats->shortcuts = (uint32_t)n_short;
        stats->up_edges = (uint32_t)b.up.n;
        stats->down_edges = (uint32_t)b.dn.n;
        stats->seconds = wo_now_s() - t0;
    }
    builder_free(&b);
    *out = ch;
    return WO_OK;
err:
    builder_free(&b);
    wo_ch_free(ch);
    if (rc == WO_ECANCELLED)
        return wo_err_set(err, rc, "contraction hierarchy: cancelled");
    return wo_err_set(err, WO_ENOMEM,
                      "out of memory building the contraction hierarchy");
}

/* ------------------------------------------------------------ searches */

/* One upward search direction: forward over (up_first, up_head, up_w),
 * stalled through (dn_*) — or backward with the roles swapped. */
typedef struct dir_graph {
    const uint32_t *first;       /* CSR of the searched edges          */
    const uint32_t *head;        /* heads (higher ranks)               */
    const wo_weight *w;          /* weights                            */
    const uint32_t *stall_first; /* CSR of the opposite edges          */
    const uint32_t *stall_head;  /* their other (higher) ends          */
    const wo_weight *stall_w;    /* their weights                      */
} dir_graph;

/* Workspace of one upward search. */
typedef struct up_ws {
    wo_weight *dist;    /* [n] tentative weights by rank             */
    uint32_t *touched;  /* ranks whose dist was set                  */
    uint32_t n_touched; /* used entries of touched                   */
    uint32_t *settled;  /* settled, not stalled ranks in order        */
    uint32_t n_settled; /* used entries of settled                   */
    wo_heap heap;       /* queue                                     */
} up_ws;

static int ws_init(up_ws *s, uint32_t n)
{
    uint32_t i;
    memset(s, 0, sizeof *s);
    s->dist = wo_malloc(((size_t)n + 1) * sizeof *s->dist);
    s->touched = wo_malloc(((size_t)n + 1) * sizeof *s->touched);
    s->settled = wo_malloc(((size_t)n + 1) * sizeof *s->settled);
    if (!s->dist || !s->touched || !s->settled || wo_heap_init(&s->heap, n))
        return -1;
    for (i = 0; i < n; i++)
        s->dist[i] = WO_W_INF;
    return 0;
}

static void ws_free(up_ws *s)
{
    wo_free(s->dist);
    wo_free(s->touched);
    wo_free(s->settled);
    wo_heap_free(&s->heap);
}

static void ws_reset(up_ws *s)
{
    uint32_t k;
    for (k = 0; k < s->n_touched; k++)
        s->dist[s->touched[k]] = WO_W_INF;
    s->n_touched = 0;
    s->n_settled = 0;
    wo_heap_clear(&s->heap);
}

static void ws_relax(up_ws *s, uint32_t v, wo_weight w)
{
    if (s->dist[v] == WO_W_INF)
        s->touched[s->n_touched++] = v;
    s->dist[v] = w;
    wo_heap_push(&s->heap, v, w);
}

/* Seed a search with an endpoint (seed nodes are graph ids). */
static void ws_seed(up_ws *s, const wo_ch *ch, const wo_endpoint *ep)
{
    uint32_t k;
    for (k = 0; k < ep->n; k++) {
        uint32_t r = ch->rank[ep->seed[k].node];
        if (ep->seed[k].w < s->dist[r])
            ws_relax(s, r, ep->seed[k].w);
    }
}

/* Settle the smallest node of the queue; returns 1 when it was stalled
 * (its weight is provably not final, so it is neither relaxed nor
 * recorded). */
static int ws_step(up_ws *s, const dir_graph *d, uint32_t *out_u)
{
    uint64_t du;
    uint32_t u = wo_heap_pop(&s->heap, &du), e;
    *out_u = u;
    for (e = d->stall_first[u]; e < d->stall_first[u + 1]; e++) {
        wo_weight dx = s->dist[d->stall_head[e]];
        if (dx != WO_W_INF && wo_w_add(dx, d->stall_w[e]) < du)
            return 1;
    }
    s->settled[s->n_settled++] = u;
    for (e = d->first[u]; e < d->first[u + 1]; e++) {
        uint32_t v = d->head[e];
        wo_weight nd = wo_w_add(du, d->w[e]);
        if (nd < s->dist[v])
            ws_relax(s, v, nd);
    }
    return 0;
}

/* Run an upward search to exhaustion. */
static void ws_run(up_ws *s, const wo_ch *ch, const dir_graph *d,
                   const wo_endpoint *ep)
{
    uint32_t u;
    ws_reset(s);
    ws_seed(s, ch, ep);
    while (s->heap.size)
        ws_step(s, d, &u);
}

static dir_graph fwd_graph(const wo_ch *ch)
{
    dir_graph d = {ch->up_first, ch->up_head, ch->up_w,
                   ch->dn_first, ch->dn_head, ch->dn_w};
    return d;
}

static dir_graph bwd_graph(const wo_ch *ch)
{
    dir_graph d = {ch->dn_first, ch->dn_head, ch->dn_w,
                   ch->up_first, ch->up_head, ch->up_w};
    return d;
}

/* ------------------------------------------------------------ one-to-one */

struct wo_ch_query {
    const wo_ch *ch; /* the hierarchy        */
    up_ws f;         /* forward search       */
    up_ws b;         /* backward search      */
};

int wo_ch_query_new(const wo_ch *ch, wo_ch_query **out, wo_err *err)
{
    wo_ch_query *q = wo_calloc(1, sizeof *q);
    *out = NULL;
    if (!q)
        goto oom;
    q->ch = ch;
    if (ws_init(&q->f, ch->n) || ws_init(&q->b, ch->n)) {
        wo_ch_query_free(q);
        goto oom;
    }
    *out = q;
    return WO_OK;
oom:
    return wo_err_set(err, WO_ENOMEM, "out of memory for a CH query");
}

void wo_ch_query_free(wo_ch_query *q)
{
    if (!q)
        return;
    ws_free(&q->f);
    ws_free(&q->b);
    wo_free(q);
}

wo_weight wo_ch_query_run(wo_ch_query *q, const wo_endpoint *src,
                          const wo_endpoint *dst)
{
    dir_graph fd = fwd_graph(q->ch), bd = bwd_graph(q->ch);
    wo_weight best = WO_W_INF;
    uint32_t u;
    ws_reset(&q->f);
    ws_reset(&q->b);
    ws_seed(&q->f, q->ch, src);
    ws_seed(&q->b, q->ch, dst);
    for (;;) {
        uint64_t mf = wo_heap_min(&q->f.heap), mb = wo_heap_min(&q->b.heap);
        int can_f = mf < best, can_b = mb < best, fwd;
        if (!can_f && !can_b)
            break;
        fwd = can_f && (!can_b || mf <= mb);
        if (fwd) {
            if (ws_step(&q->f, &fd, &u) == 0) {
                wo_weight c = wo_w_add(q->f.dist[u], q->b.dist[u]);
                if (c < best)
                    best = c;
            }
        } else {
            if (ws_step(&q->b, &bd, &u) == 0) {
                wo_weight c = wo_w_add(q->f.dist[u], q->b.dist[u]);
                if (c < best)
                    best = c;
            }
        }
    }
    return best;
}

/* ------------------------------------------------------------ many-to-many */

/* A bucket entry: target index and weight node -> target. */
typedef struct bucket_e {
    uint32_t t;  /* target index */
    wo_weight w; /* weight       */
} bucket_e;

/* Entries produced by one backward thread, before bucketing. */
typedef struct raw_e {
    uint32_t node; /* rank of the settled node */
    uint32_t t;    /* target index             */
    wo_weight w;   /* weight                   */
} raw_e;

/* Work of one thread of wo_ch_many_to_many. */
typedef struct m2m_job {
    const wo_ch *ch;         /* hierarchy                                */
    const wo_endpoint *ep;   /* targets (phase 1) or sources (phase 2)  */
    size_t n_ep;             /* their number                            */
    size_t first;            /* first index of this thread              */
    size_t step;             /* stride                                  */
    raw_e *raw;              /* phase 1 output                          */
    size_t n_raw;            /* used                                    */
    size_t cap_raw;          /* allocated                               */
    const uint32_t *b_first; /* phase 2: bucket CSR by rank             */
    const bucket_e *b;       /* phase 2: bucket entries                 */
    size_t n_dst;            /* phase 2: row length                     */
    wo_weight *out;          /* phase 2: result matrix                  */
    int rc;                  /* WO_OK or WO_ENOMEM                      */
} m2m_job;

static void *backward_thread(void *arg)
{
    m2m_job *j = arg;
    dir_graph d = bwd_graph(j->ch);
    up_ws s;
    size_t i;
    uint32_t k;
    if (ws_init(&s, j->ch->n)) {
        ws_free(&s);
        j->rc = WO_ENOMEM;
        return NULL;
    }
    for (i = j->first; i < j->n_ep; i += j->step) {
        ws_run(&s, j->ch, &d, &j->ep[i]);
        if (WO_RESERVE(j->raw, j->cap_raw, j->n_raw + s.n_settled) != WO_OK) {
            j->rc = WO_ENOMEM;
            break;
        }
        for (k = 0; k < s.n_settled; k++) {
            raw_e *r = &j->raw[j->n_raw++];
            r->node = s.settled[k];
            r->t = (uint32_t)i;
            r->w = s.dist[s.settled[k]];
        }
    }
    ws_free(&s);
    return NULL;
}

static void *forward_thread(void *arg)
{
    m2m_job *j = arg;
    dir_graph d = fwd_graph(j->ch);
    up_ws s;
    size_t i;
    uint32_t k, e;
    if (ws_init(&s, j->ch->n)) {
        ws_free(&s);
        j->rc = WO_ENOMEM;
        return NULL;
    }
    for (i = j->first; i < j->n_ep; i += j->step) {
        wo_weight *row = j->out + i * j->n_dst;
        size_t t;
        for (t = 0; t < j->n_dst; t++)
            row[t] = WO_W_INF;
        ws_run(&s, j->ch, &d, &j->ep[i]);
        for (k = 0; k < s.n_settled; k++) {
            uint32_t u = s.settled[k];
            wo_weight du = s.dist[u];
            for (e = j->b_first[u]; e < j->b_first[u + 1]; e++) {
                wo_weight c = wo_w_add(du, j->b[e].w);
                if (c < row[j->b[e].t])
                    row[j->b[e].t] = c;
            }
        }
    }
    ws_free(&s);
    return NULL;
}

/* Run fn over n_threads jobs: thread 0 in the caller; a thread that cannot
 * be started runs in the caller too. */
static void run_jobs(void *(*fn)(void *), m2m_job *jobs, int n_threads)
{
    pthread_t tid[16];
    int started[16] = {0}, t;
    for (t = 1; t < n_threads; t++)
        if (pthread_create(&tid[t], NULL, fn, &jobs[t]) == 0)
            started[t] = 1;
    fn(&jobs[0]);
    for (t = 1; t < n_threads; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
        else
            fn(&jobs[t]);
    }
}

int wo_ch_many_to_many(const wo_ch *ch, const wo_endpoint *src, size_t n_src,
                       const wo_endpoint *dst, size_t n_dst, int n_threads,
                       wo_weight *out, wo_err *err)
{
    m2m_job jobs[16];
    uint32_t *b_first = NULL;
    bucket_e *b = NULL;
    size_t total = 0, i;
    int t, rc = WO_OK;
    if (n_threads <= 0)
        n_threads = 2;
    if (n_threads > 16)
        n_threads = 16;
    memset(jobs, 0, sizeof jobs);
    for (t = 0; t < n_threads; t++) {
        jobs[t].ch = ch;
        jobs[t].ep = dst;
        jobs[t].n_ep = n_dst;
        jobs[t].first = (size_t)t;
        jobs[t].step = (size_t)n_threads;
    }
    run_jobs(backward_thread, jobs, n_threads);
    for (t = 0; t < n_threads; t++) {
        if (jobs[t].rc)
            rc = jobs[t].rc;
        total += jobs[t].n_raw;
    }
    if (rc)
        goto out;
    b_first = wo_calloc((size_t)ch->n + 2, sizeof *b_first);
    b = wo_malloc((total + 1) * sizeof *b);
    if (!b_first || !b) {
        rc = WO_ENOMEM;
        goto out;
    }
    for (t = 0; t < n_threads; t++)
        for (i = 0; i < jobs[t].n_raw; i++)
            b_first[jobs[t].raw[i].node + 2]++;
    for (i = 0; i < ch->n; i++)
        b_first[i + 2] += b_first[i + 1];
    for (t = 0; t < n_threads; t++)
        for (i = 0; i < jobs[t].n_raw; i++) {
            const raw_e *r = &jobs[t].raw[i];
            uint32_t e = b_first[r->node + 1]++;
            b[e].t = r->t;
            b[e].w = r->w;
        }
    for (t = 0; t < n_threads; t++) {
        wo_free(jobs[t].raw);
        jobs[t].raw = NULL;
        jobs[t].ep = src;
        jobs[t].n_ep = n_src;
        jobs[t].b_first = b_first;
        jobs[t].b = b;
        jobs[t].n_dst = n_dst;
        jobs[t].out = out;
    }
    run_jobs(forward_thread, jobs, n_threads);
    for (t = 0; t < n_threads; t++)
        if (jobs[t].rc)
            rc = jobs[t].rc;
out:
    for (t = 0; t < n_threads; t++)
        wo_free(jobs[t].raw);
    wo_free(b_first);
    wo_free(b);
    if (rc)
        return wo_err_set(err, rc, "out of memory in a CH matrix");
    return WO_OK;
}
