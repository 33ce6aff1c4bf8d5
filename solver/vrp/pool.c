/*
 * pool.c — the pool of good routes met during the search and the
 * set-partitioning MIP over it (GLPK through solver/lp.h).
 *
 * A route is kept once per (vehicle type, set of stops): the cheapest
 * sequence seen. The MIP picks routes covering every mandatory stop exactly
 * once and every optional stop at most once (a continuous slack pays its
 * penalty), with at most `count` routes per type; it starts from the best
 * solution of the search and its answer is kept only when cheaper.
 */
#include "solver/vrp/internal.h"
#include "solver/lp.h"

#include <math.h>
#include <string.h>

typedef struct proute {
    int type;            /* vehicle type                          */
    int len;             /* stops                                 */
    size_t off;          /* offset of the stops in pool->stops    */
    double cost;         /* cost incl. the lexicographic weight   */
    uint64_t key;        /* set hash                              */
} proute;

struct vrp_pool {
    proute *r;           /* [max] routes                          */
    int n, max;          /* used, routes kept from the search     */
    int cap;             /* allocated: max plus room for the incumbent */
    int *stops;          /* active indices of all routes          */
    size_t n_stops, cap_stops; /* used, capacity                  */
    int *table;          /* [tsize] open-addressing index, -1 empty */
    size_t tsize;        /* power of two >= 2 max                 */
};

static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

vrp_pool *vrp_pool_new(int max_routes)
{
    vrp_pool *p = wo_calloc(1, sizeof *p);
    size_t i;
    if (!p)
        return NULL;
    p->max = max_routes;
    p->cap = 2 * max_routes;
    p->tsize = 1;
    while (p->tsize < 2 * (size_t)p->cap)
        p->tsize <<= 1;
    p->r = wo_malloc(sizeof(proute) * (size_t)p->cap);
    p->table = wo_malloc(sizeof(int) * p->tsize);
    p->cap_stops = 1024;
    p->stops = wo_malloc(sizeof(int) * p->cap_stops);
    if (!p->r || !p->table || !p->stops) {
        vrp_pool_free(p);
        return NULL;
    }
    for (i = 0; i < p->tsize; i++)
        p->table[i] = -1;
    return p;
}

void vrp_pool_free(vrp_pool *p)
{
    if (!p)
        return;
    wo_free(p->r);
    wo_free(p->table);
    wo_free(p->stops);
    wo_free(p);
}

static uint64_t route_key(int type, const int *k, int len)
{
    uint64_t h = mix((uint64_t)type + 0x51ed);
    int i;
    for (i = 0; i < len; i++)
        h += mix((uint64_t)k[i] * 0x2545f4914f6cdd1dull + 7);
    return h;
}

/* Slot of key in the table (existing entry or the empty slot to use). */
static size_t find(const vrp_pool *p, uint64_t key)
{
    size_t i = (size_t)key & (p->tsize - 1);
    while (p->table[i] >= 0 && p->r[p->table[i]].key != key)
        i = (i + 1) & (p->tsize - 1);
    return i;
}

static void add_route(vrp_pool *p, int type, const int *k, int len,
                      double cost, int force)
{
    uint64_t key = route_key(type, k, len);
    size_t i = find(p, key);
    proute *r;
    if (p->table[i] >= 0) {
        r = &p->r[p->table[i]];
        if (cost < r->cost - 1e-9 && r->len == len) {
            memcpy(&p->stops[r->off], k, sizeof(int) * (size_t)len);
            r->cost = cost;
        }
        return;
    }
    if (p->n >= (force ? p->cap : p->max))
        return;
    if (WO_RESERVE(p->stops, p->cap_stops, p->n_stops + (size_t)len) != WO_OK)
        return;
    r = &p->r[p->n];
    r->type = type;
    r->len = len;
    r->off = p->n_stops;
    r->cost = cost;
    r->key = key;
    memcpy(&p->stops[p->n_stops], k, sizeof(int) * (size_t)len);
    p->n_stops += (size_t)len;
    p->table[i] = p->n++;
}

static void add_solution(vrp_pool *p, vrp_ctx *c, const int *tour,
                         const int *rlen, int force)
{
    int s, off = 0, i;
    for (s = 0; s < c->n_slots; s++) {
        int len = rlen[s], t = c->slot_type[s];
        vrp_eval ev;
        if (len == 0)
            continue;
        for (i = 0; i < len; i++)
            c->seq_b[i] = c->act[tour[off + i]];
        vrp_eval_route(c, t, c->seq_b, len, &ev);
        if (ev.load_x <= 1e-9 && ev.tw_s <= 1e-6 && ev.misc_x <= 0)
            add_route(p, t, &tour[off], len, ev.cost + c->lex_w, force);
        off += len;
    }
}

void vrp_pool_add(vrp_pool *p, vrp_ctx *c, const int *tour, const int *rlen)
{
    add_solution(p, c, tour, rlen, 0);
}

static double stop_penalty(const vrp_ctx *c, int k)
{
    const wo_vrp_stop *s = &c->pb->stops[c->act[k]];
    return s->optional ? s->penalty : c->pen_misc;
}

/* Build the model; columns 0..n-1 are routes, then one slack per stop. */
static wo_lp *build(vrp_pool *p, vrp_ctx *c, int **rows_out)
{
    const wo_vrp_problem *pb = c->pb;
    wo_lp *lp = wo_lp_new("vrp_sp", WO_LP_MIN);
    int *cnt = NULL, *start = NULL, *idx = NULL, *fill = NULL;
    double *val = NULL;
    int i, j, k, t, nact = c->n_act, ok = lp != NULL;
    for (i = 0; ok && i < p->n; i++)
        ok = wo_lp_add_col(lp, NULL, WO_LP_BIN, 0, 1, p->r[i].cost) >= 0;
    for (k = 0; ok && k < nact; k++)
        ok = wo_lp_add_col(lp, NULL, WO_LP_CONT, 0, 1, stop_penalty(c, k)) >= 0;
    cnt = wo_calloc((size_t)nact + 1, sizeof(int));
    start = wo_calloc((size_t)nact + 2, sizeof(int));
    fill = wo_calloc((size_t)nact + 1, sizeof(int));
    idx = wo_malloc(sizeof(int) * (p->n_stops + (size_t)nact + (size_t)p->n + 1));
    val = wo_malloc(sizeof(double) * (p->n_stops + (size_t)nact + (size_t)p->n + 1));
    if (!ok || !cnt || !start || !fill || !idx || !val)
        goto fail;
    for (i = 0; i < p->n; i++)
        for (j = 0; j < p->r[i].len; j++)
            cnt[p->stops[p->r[i].off + (size_t)j]]++;
    for (k = 0; k < nact; k++)
        start[k + 1] = start[k] + cnt[k] + 1;
    for (i = 0; i < p->n; i++)
        for (j = 0; j < p->r[i].len; j++) {
            int s = p->stops[p->r[i].off + (size_t)j];
            idx[start[s] + fill[s]++] = i;
        }
    for (k = 0; ok && k < nact; k++) {
        int b = start[k];
        idx[b + fill[k]] = p->n + k;
        for (j = 0; j <= fill[k]; j++)
            val[b + j] = 1.0;
        ok = wo_lp_add_row(lp, NULL, 1, 1, fill[k] + 1, &idx[b], &val[b]) >= 0;
    }
    for (t = 0; ok && t < pb->n_types; t++) {
        int n = 0, m = 0, s;
        for (s = 0; s < c->n_slots; s++)
            m += c->slot_type[s] == t;
        for (i = 0; i < p->n; i++)
            if (p->r[i].type == t) {
                idx[n] = i;
                val[n++] = 1.0;
            }
        if (n > m)
            ok = wo_lp_add_row(lp, NULL, -WO_LP_INF, m, n, idx, val) >= 0;
    }
    if (!ok)
        goto fail;
    wo_free(cnt);
    wo_free(start);
    wo_free(fill);
    wo_free(val);
    *rows_out = idx;
    return lp;
fail:
    wo_free(cnt);
    wo_free(start);
    wo_free(fill);
    wo_free(idx);
    wo_free(val);
    wo_lp_free(lp);
    return NULL;
}

int vrp_pool_solve(vrp_pool *p, vrp_ctx *c, int *tour, int *rlen,
                   double best_cost, double time_limit_s, long node_limit)
{
    wo_lp_params prm;
    wo_lp_result res;
    wo_lp *lp;
    int *scratch = NULL, s, i, j, off = 0, ok = 0, limited;
    double *x0 = NULL;
    char *served = NULL;
    if (p->n == 0)
        return 0;
    add_solution(p, c, tour, rlen, 1); /* the incumbent, even when full */
    lp = build(p, c, &scratch);
    if (!lp)
        return 0;
    x0 = wo_calloc((size_t)(p->n + c->n_act), sizeof(double));
    served = wo_calloc((size_t)c->n_act + 1, 1);
    if (!x0 || !served)
        goto out;
    for (s = 0; s < c->n_slots; s++) {
        int len = rlen[s];
        if (len > 0) {
            size_t h = find(p, route_key(c->slot_type[s], &tour[off], len));
            if (p->table[h] < 0)
                goto out; /* the incumbent was not feasible route by route */
            x0[p->table[h]] = 1;
            for (i = 0; i < len; i++)
                served[tour[off + i]] = 1;
        }
        off += len;
    }
    for (i = 0; i < c->n_act; i++)
        if (!served[i])
            x0[p->n + i] = 1;
    wo_lp_params_init(&prm);
    prm.time_limit_s = time_limit_s;
    prm.node_limit = node_limit;
    limited = time_limit_s > 0 || node_limit > 0;
    /* GLPK checks its limits between nodes; root cut rounds on a big pool
     * could overrun the share, so only the branching runs limited */
    prm.cuts = !limited;
    prm.start = x0;
    /* Pseudocost branching first solves an LP per fractional column at the
     * root, with no time check (28 s for a 1.8 s limit on 3,000 columns x
     * 502 rows); Driebeck-Tomlin ends on its limit. */
    if (limited)
        prm.branching = WO_LP_BRANCH_DRIEBECK;
    prm.cancel = c->prm->cancel;
    if (wo_lp_solve(lp, &prm, &res, NULL) != WO_OK ||
        (res.status != WO_LP_OPTIMAL && res.status != WO_LP_FEASIBLE) ||
        res.obj >= best_cost - 1e-6 * (1 + fabs(best_cost)))
        goto out;
    for (i = 0; i < c->n_act; i++)
        if (wo_lp_value(lp, p->n + i) > 0.5 &&
            !c->pb->stops[c->act[i]].optional)
            goto out; /* a mandatory stop left out: not an improvement */
    /* Write the chosen routes into the slots of their types. */
    memset(served, 0, (size_t)c->n_act);
    memset(rlen, 0, sizeof(int) * (size_t)c->n_slots);
    off = 0;
    for (s = 0; s < c->n_slots; s++) {
        for (j = 0; j < p->n; j++) {
            proute *r = &p->r[j];
            if (r->type != c->slot_type[s] || wo_lp_value(lp, j) < 0.5 ||
                x0[j] < 0)
                continue;
            x0[j] = -1; /* used */
            for (i = 0; i < r->len; i++) {
                int k = p->stops[r->off + (size_t)i];
                if (served[k])
                    goto out_bad;
                served[k] = 1;
                tour[off++] = k;
            }
            rlen[s] = r->len;
            break;
        }
    }
    for (i = 0; i < c->n_act; i++)
        if (!served[i])
            tour[off++] = i;
    ok = 1;
    goto out;
out_bad:
    ok = -1;
out:
    wo_free(scratch);
    wo_free(x0);
    wo_free(served);
    wo_lp_free(lp);
    return ok;
}
