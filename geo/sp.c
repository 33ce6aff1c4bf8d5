/*
 * sp.c — indexed binary heap and Dijkstra. See sp.h.
 */
#include "geo/sp.h"

#include <pthread.h>
#include <string.h>

/* ------------------------------------------------------------ heap */

int wo_heap_init(wo_heap *h, uint32_t cap)
{
    uint32_t i;
    h->item = wo_malloc(((size_t)cap + 1) * sizeof *h->item);
    h->key = wo_malloc(((size_t)cap + 1) * sizeof *h->key);
    h->pos = wo_malloc(((size_t)cap + 1) * sizeof *h->pos);
    h->size = 0;
    h->cap = cap;
    if (!h->item || !h->key || !h->pos) {
        wo_heap_free(h);
        return WO_ENOMEM;
    }
    for (i = 0; i < cap; i++)
        h->pos[i] = UINT32_MAX;
    return WO_OK;
}

void wo_heap_free(wo_heap *h)
{
    wo_free(h->item);
    wo_free(h->key);
    wo_free(h->pos);
    h->item = NULL;
    h->key = NULL;
    h->pos = NULL;
    h->size = h->cap = 0;
}

static void sift_up(wo_heap *h, uint32_t i)
{
    uint32_t it = h->item[i];
    uint64_t k = h->key[i];
    while (i > 0) {
        uint32_t p = (i - 1) / 2;
        if (h->key[p] <= k)
            break;
        h->item[i] = h->item[p];
        h->key[i] = h->key[p];
        h->pos[h->item[i]] = i;
        i = p;
    }
    h->item[i] = it;
    h->key[i] = k;
    h->pos[it] = i;
}

static void sift_down(wo_heap *h, uint32_t i)
{
    uint32_t it = h->item[i];
    uint64_t k = h->key[i];
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= h->size)
            break;
        if (c + 1 < h->size && h->key[c + 1] < h->key[c])
            c++;
        if (h->key[c] >= k)
            break;
        h->item[i] = h->item[c];
        h->key[i] = h->key[c];
        h->pos[h->item[i]] = i;
        i = c;
    }
    h->item[i] = it;
    h->key[i] = k;
    h->pos[it] = i;
}

void wo_heap_push(wo_heap *h, uint32_t item, uint64_t key)
{
    uint32_t i = h->pos[item];
    if (i == UINT32_MAX) {
        i = h->size++;
        h->item[i] = item;
        h->key[i] = key;
        sift_up(h, i);
    } else if (key < h->key[i]) {
        h->key[i] = key;
        sift_up(h, i);
    } else if (key > h->key[i]) {
        h->key[i] = key;
        sift_down(h, i);
    }
}

uint32_t wo_heap_pop(wo_heap *h, uint64_t *key)
{
    uint32_t top = h->item[0];
    if (key)
        *key = h->key[0];
    h->pos[top] = UINT32_MAX;
    h->size--;
    if (h->size) {
        h->item[0] = h->item[h->size];
        h->key[0] = h->key[h->size];
        h->pos[h->item[0]] = 0;
        sift_down(h, 0);
    }
    return top;
}

void wo_heap_clear(wo_heap *h)
{
    uint32_t i;
    for (i = 0; i < h->size; i++)
        h->pos[h->item[i]] = UINT32_MAX;
    h->size = 0;
}

/* ------------------------------------------------------------ Dijkstra */

struct wo_sp {
    const wo_graph *g;  /* the graph searched                           */
    wo_weight *dist;    /* [n] tentative weights, WO_W_INF when untouched */
    uint32_t *touched;  /* nodes whose dist was set by the last run      */
    uint32_t n_touched; /* used entries of touched                       */
    uint32_t *stop_gen; /* [n] generation stamp of stop nodes            */
    uint32_t gen;       /* current generation                            */
    wo_heap heap;       /* the priority queue                            */
};

int wo_sp_new(const wo_graph *g, wo_sp **out, wo_err *err)
{
    wo_sp *s = wo_calloc(1, sizeof *s);
    uint32_t i, n = g->n_nodes;
    *out = NULL;
    if (!s)
        goto oom;
    s->g = g;
    s->dist = wo_malloc(((size_t)n + 1) * sizeof *s->dist);
    s->touched = wo_malloc(((size_t)n + 1) * sizeof *s->touched);
    s->stop_gen = wo_calloc((size_t)n + 1, sizeof *s->stop_gen);
    if (!s->dist || !s->touched || !s->stop_gen ||
        wo_heap_init(&s->heap, n) != WO_OK)
        goto oom;
    for (i = 0; i < n; i++)
        s->dist[i] = WO_W_INF;
    *out = s;
    return WO_OK;
oom:
    wo_sp_free(s);
    return wo_err_set(err, WO_ENOMEM, "out of memory for a Dijkstra workspace");
}

void wo_sp_free(wo_sp *s)
{
    if (!s)
        return;
    wo_free(s->dist);
    wo_free(s->touched);
    wo_free(s->stop_gen);
    wo_heap_free(&s->heap);
    wo_free(s);
}

/* Set dist[v] = w (known smaller) and queue v. */
static void relax(wo_sp *s, uint32_t v, wo_weight w)
{
    if (s->dist[v] == WO_W_INF)
        s->touched[s->n_touched++] = v;
    s->dist[v] = w;
    wo_heap_push(&s->heap, v, w);
}

void wo_sp_run(wo_sp *s, const wo_endpoint *src, const uint32_t *stop,
               size_t n_stop)
{
    const wo_graph *g = s->g;
    size_t remaining = 0, i;
    uint32_t k;
    for (k = 0; k < s->n_touched; k++)
        s->dist[s->touched[k]] = WO_W_INF;
    s->n_touched = 0;
    wo_heap_clear(&s->heap);
    if (++s->gen == 0) {
        memset(s->stop_gen, 0, (size_t)g->n_nodes * sizeof *s->stop_gen);
        s->gen = 1;
    }
    if (stop) {
        for (i = 0; i < n_stop; i++)
            if (s->stop_gen[stop[i]] != s->gen) {
                s->stop_gen[stop[i]] = s->gen;
                remaining++;
            }
    }
    for (k = 0; k < src->n; k++)
        if (src->seed[k].w < s->dist[src->seed[k].node])
            relax(s, src->seed[k].node, src->seed[k].w);
    while (s->heap.size) {
        uint64_t du;
        uint32_t u = wo_heap_pop(&s->heap, &du), e;
        if (stop && s->stop_gen[u] == s->gen) {
            s->stop_gen[u] = 0;
            if (--remaining == 0)
                break;
        }
        for (e = g->first_out[u]; e < g->first_out[u + 1]; e++) {
            uint32_t v = g->head[e];
            wo_weight nd = wo_w_add(du, wo_graph_w(g, e));
            if (nd < s->dist[v])
                relax(s, v, nd);
        }
    }
}

wo_weight wo_sp_dist(const wo_sp *s, uint32_t node)
{
    return s->dist[node];
}

wo_weight wo_sp_to(const wo_sp *s, const wo_endpoint *dst)
{
    wo_weight best = WO_W_INF;
    uint32_t k;
    for (k = 0; k < dst->n; k++) {
        wo_weight w = wo_w_add(s->dist[dst->seed[k].node], dst->seed[k].w);
        if (w < best)
            best = w;
    }
    return best;
}

wo_weight wo_sp_node_to_node(wo_sp *s, uint32_t from, uint32_t to)
{
    wo_endpoint src;
    src.n = 1;
    src.seed[0].node = from;
    src.seed[0].w = 0;
    wo_sp_run(s, &src, &to, 1);
    return s->dist[to];
}

/* Work of one thread of wo_sp_many_to_many. */
typedef struct m2m_job {
    const wo_graph *g;      /* graph                                  */
    const wo_endpoint *src; /* sources                                */
    size_t n_src;           /* number of sources                      */
    const wo_endpoint *dst; /* targets                                */
    size_t n_dst;           /* number of targets                      */
    const uint32_t *stop;   /* every target seed node                 */
    size_t n_stop;          /* entries of stop                        */
    size_t first;           /* first source of this thread            */
    size_t step;            /* sources first, first+step, ...         */
    wo_weight *out;         /* n_src x n_dst result                   */
    int rc;                 /* WO_OK or WO_ENOMEM                     */
} m2m_job;

static void *m2m_thread(void *arg)
{
    m2m_job *j = arg;
    wo_sp *s = NULL;
    size_t i, t;
    j->rc = wo_sp_new(j->g, &s, NULL);
    if (j->rc)
        return NULL;
    for (i = j->first; i < j->n_src; i += j->step) {
        wo_sp_run(s, &j->src[i], j->stop, j->n_stop);
        for (t = 0; t < j->n_dst; t++)
            j->out[i * j->n_dst + t] = wo_sp_to(s, &j->dst[t]);
    }
    wo_sp_free(s);
    return NULL;
}

int wo_sp_many_to_many(const wo_graph *g, const wo_endpoint *src, size_t n_src,
                       const wo_endpoint *dst, size_t n_dst, int n_threads,
                       wo_weight *out, wo_err *err)
{
    m2m_job jobs[16];
    pthread_t tid[16];
    int started[16] = {0};
    uint32_t *stop;
    size_t n_stop = 0, i;
    int t, rc = WO_OK;
    uint32_t k;
    if (n_threads <= 0)
        n_threads = 2;
    if (n_threads > 16)
        n_threads = 16;
    stop = wo_malloc((2 * n_dst + 1) * sizeof *stop);
    if (!stop)
        return wo_err_set(err, WO_ENOMEM, "out of memory for a matrix");
    for (i = 0; i < n_dst; i++)
        for (k = 0; k < dst[i].n; k++)
            stop[n_stop++] = dst[i].seed[k].node;
    for (t = 0; t < n_threads; t++) {
        jobs[t] = (m2m_job){g,      src,       n_src,
                            dst,    n_dst,     stop,
                            n_stop, (size_t)t, (size_t)n_threads,
                            out,    WO_OK};
        if (t > 0 && pthread_create(&tid[t], NULL, m2m_thread, &jobs[t]) == 0)
            started[t] = 1;
    }
    /* Thread 0 works in the caller; a thread that could not be started
     * has its share done here too. */
    m2m_thread(&jobs[0]);
    for (t = 1; t < n_threads; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
        else
            m2m_thread(&jobs[t]);
    }
    for (t = 0; t < n_threads; t++)
        if (jobs[t].rc)
            rc = jobs[t].rc;
    wo_free(stop);
    if (rc)
        return wo_err_set(err, rc, "out of memory in a Dijkstra matrix");
    return WO_OK;
}
