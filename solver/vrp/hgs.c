/*
 * hgs.c — hybrid genetic search: a population of giant tours split into
 * routes and improved by the local search, feasible and infeasible
 * subpopulations ranked by a biased fitness (cost rank + diversity rank,
 * broken-pairs distance), binary tournaments, ordered crossover (OX),
 * adaptive penalties for load and time (target 20 % feasible), a repair
 * pass with ten-fold penalties, and restarts after long stagnation. On
 * large instances the best solution is instead improved one local-search
 * pass at a time, then by ruin and recreate (a cluster of stops taken out, put
 * back, searched locally; kept unless worse or less rule-abiding) until
 * the limit.
 *
 * Stop rule: the search ends early once its best solution has not
 * improved for prm->stall_iterations iterations or, without an iteration
 * limit, prm->stall_s seconds (c->stalled says so), instead of spending
 * the rest of its limit on a converged search.
 *
 * Everything random draws from c->rng. Under an iteration limit every
 * decision comes from the iteration count and a time limit only stops a
 * search that runs past it, so a fixed seed and iteration limit give the
 * same answer however loaded the machine; time steers the search only
 * when it is the one limit.
 */
#include "solver/vrp/internal.h"

#include <math.h>
#include <string.h>

#define N_INDIV (2 * VRP_POP_CAP + 2)
#define RESTART_AFTER 20000L
/* Ruin and recreate on plain CVRP, and under VRP_SEARCH_RUIN, keeps a
 * child up to this fraction worse than the current solution at the start,
 * shrinking linearly to 0 at the end; otherwise (rich instances under
 * VRP_SEARCH_AUTO) only a child that is not worse. On the Kim instances,
 * where the lexicographic phases pack the stops into the fewest vehicles,
 * strict descent got stuck (444 at 60 s, seeds 1-4: 79.8-84.0 miles; with
 * the margin 78.1-81.6); on the nightly plan's short per-problem budgets
 * the margin cost 0.8 % (75 s). */
#define VRP_RR_MARGIN 0.002

typedef struct indiv {
    int *tour;           /* [n_act] routes in slot order, then unserved  */
    int *rlen;           /* [n_slots] stops per slot                     */
    int *succ, *pred;    /* [n_act] neighbours (-1 depot, -2 unserved)   */
    vrp_totals tot;      /* measures                                     */
    double pcost;        /* penalised cost under the current penalties   */
    double biased;       /* biased fitness (lower is better)             */
    int id;              /* row in the distance matrix                   */
} indiv;

typedef struct subpop {
    indiv *ind[VRP_POP_CAP]; /* members                                 */
    int n;                   /* count                                   */
} subpop;

typedef struct hgs {
    vrp_ctx *c;              /* context                                 */
    vrp_ls *ls;              /* local search                            */
    indiv all[N_INDIV];      /* storage; ids index dist                 */
    int free_ids[N_INDIV];   /* unused individuals                      */
    int n_free;              /* count of free_ids                       */
    double *dist;            /* [N_INDIV^2] broken-pairs distances      */
    subpop feas, infeas;     /* the two subpopulations                  */
    int *tmp;                /* [n_act] crossover scratch               */
    char *used;              /* [n_act] crossover scratch               */
    double *best_price;      /* [n_facilities] facility surcharges when
                                the best solution was found, or NULL    */
    int hist_load[100];      /* load feasibility of recent children     */
    int hist_tw[100];        /* time feasibility of recent children     */
    int n_hist;              /* entries in the histories                */
} hgs;

static void indiv_free(indiv *x)
{
    wo_free(x->tour);
    wo_free(x->rlen);
    wo_free(x->succ);
    wo_free(x->pred);
}

static int indiv_alloc(indiv *x, const vrp_ctx *c)
{
    size_t n = (size_t)c->n_act + 1, r = (size_t)c->n_slots + 1;
    x->tour = wo_malloc(sizeof(int) * n);
    x->rlen = wo_calloc(r, sizeof(int));
    x->succ = wo_malloc(sizeof(int) * n);
    x->pred = wo_malloc(sizeof(int) * n);
    return x->tour && x->rlen && x->succ && x->pred ? WO_OK : WO_ENOMEM;
}

static void copy_sol(const vrp_ctx *c, indiv *dst, const indiv *src)
{
    memcpy(dst->tour, src->tour, sizeof(int) * (size_t)c->n_act);
    memcpy(dst->rlen, src->rlen, sizeof(int) * (size_t)c->n_slots);
    memcpy(dst->succ, src->succ, sizeof(int) * (size_t)c->n_act);
    memcpy(dst->pred, src->pred, sizeof(int) * (size_t)c->n_act);
    dst->tot = src->tot;
    dst->pcost = src->pcost;
}

static void links(const vrp_ctx *c, indiv *x)
{
    int s, i, off = 0;
    for (i = 0; i < c->n_act; i++)
        x->succ[i] = x->pred[i] = -2;
    for (s = 0; s < c->n_slots; s++) {
        int prev = -1;
        for (i = 0; i < x->rlen[s]; i++) {
            int k = x->tour[off + i];
            x->pred[k] = prev;
            if (prev >= 0)
                x->succ[prev] = k;
            prev = k;
        }
        if (prev >= 0)
            x->succ[prev] = -1;
        off += x->rlen[s];
    }
}

static double broken_pairs(const vrp_ctx *c, const indiv *a, const indiv *b)
{
    int k, d = 0;
    for (k = 0; k < c->n_act; k++) {
        if (a->succ[k] != b->succ[k] && a->succ[k] != b->pred[k])
            d++;
        if (a->pred[k] == -1 && b->pred[k] != -1 && b->succ[k] != -1)
            d++;
    }
    return c->n_act > 0 ? (double)d / c->n_act : 0.0;
}

/* The facilities' daily capacities are shared by all routes, so they are
 * checked on whole solutions: an overflow makes it infeasible and costs
 * the fixed penalty. */
static void facility_check(vrp_ctx *c, indiv *x)
{
    double over = vrp_facility_overflow(c, x->tour, x->rlen, 0);
    if (over > 0) {
        x->tot.base += c->pen_misc * over;
        x->tot.feasible = 0;
    }
}

/* Split the tour, run the local search, record totals and links. */
static long educate(hgs *h, indiv *x, int split, int max_loops)
{
    vrp_ctx *c = h->c;
    long moves;
    if (split)
        vrp_split(c, x->tour, x->rlen);
    moves = vrp_ls_run(h->ls, x->tour, x->rlen, &x->tot, max_loops);
    facility_check(c, x);
    x->pcost = vrp_totals_pcost(c, &x->tot);
    links(c, x);
    return moves;
}

/* ------------------------------------------------------------ population */

static double *dref(hgs *h, const indiv *a, const indiv *b)
{
    return &h->dist[(size_t)a->id * N_INDIV + (size_t)b->id];
}

static void update_biased(hgs *h, subpop *p)
{
    int i, j, n = p->n;
    double rank_fit[VRP_POP_CAP], div[VRP_POP_CAP];
    int order[VRP_POP_CAP];
    if (n == 1) {
        p->ind[0]->biased = 0;
        return;
    }
    for (i = 0; i < n; i++) {
        /* diversity: mean distance to the VRP_CLOSE nearest others */
        double best[VRP_CLOSE];
        int m = 0, k;
        for (j = 0; j < n; j++) {
            double d;
            if (j == i)
                continue;
            d = *dref(h, p->ind[i], p->ind[j]);
            if (m < VRP_CLOSE)
                k = m++;
            else if (d < best[m - 1])
                k = m - 1;
            else
                continue;
            while (k > 0 && best[k - 1] > d) {
                best[k] = best[k - 1];
                k--;
            }
            best[k] = d;
        }
        div[i] = 0;
        for (k = 0; k < m; k++)
            div[i] += best[k];
        div[i] = m > 0 ? div[i] / m : 0;
        order[i] = i;
    }
    /* members are kept sorted by pcost, so the fitness rank is i */
    for (i = 0; i < n; i++)
        rank_fit[i] = (double)i / (n - 1);
    for (i = 1; i < n; i++) { /* sort by diversity, descending */
        int o = order[i];
        for (j = i; j > 0 && div[order[j - 1]] < div[o]; j--)
            order[j] = order[j - 1];
        order[j] = o;
    }
    for (i = 0; i < n; i++) {
        int o = order[i];
        double dr = (double)i / (n - 1);
        p->ind[o]->biased =
            rank_fit[o] + (1.0 - (double)VRP_ELITE / n) * dr;
    }
}

static void remove_at(hgs *h, subpop *p, int i)
{
    h->free_ids[h->n_free++] = p->ind[i]->id;
    memmove(&p->ind[i], &p->ind[i + 1], sizeof(indiv *) * (size_t)(p->n - i - 1));
    p->n--;
}

static void survivors(hgs *h, subpop *p)
{
    while (p->n > VRP_MU) {
        int i, j, worst = -1, worst_clone = 0;
        update_biased(h, p);
        for (i = 1; i < p->n; i++) {
            int clone = 0;
            for (j = 0; j < p->n && !clone; j++)
                if (j != i && *dref(h, p->ind[i], p->ind[j]) < 1e-9)
                    clone = 1;
            if (worst < 0 || (clone && !worst_clone) ||
                (clone == worst_clone &&
                 p->ind[i]->biased > p->ind[worst]->biased)) {
                worst = i;
                worst_clone = clone;
            }
        }
        remove_at(h, p, worst);
    }
}

/* Copy x into a subpopulation (kept sorted by penalised cost). */
static void insert(hgs *h, const indiv *x)
{
    vrp_ctx *c = h->c;
    subpop *p = x->tot.feasible ? &h->feas : &h->infeas;
    indiv *y;
    int i, pos;
    if (h->n_free == 0)
        return;
    y = &h->all[h->free_ids[--h->n_free]];
    copy_sol(c, y, x);
    for (i = 0; i < p->n; i++) {
        double d = broken_pairs(c, y, p->ind[i]);
        *dref(h, y, p->ind[i]) = d;
        *dref(h, p->ind[i], y) = d;
    }
    for (pos = p->n; pos > 0 && p->ind[pos - 1]->pcost > y->pcost; pos--)
        p->ind[pos] = p->ind[pos - 1];
    p->ind[pos] = y;
    p->n++;
    if (p->n >= VRP_MU + VRP_LAMBDA)
        survivors(h, p);
}

static indiv *tournament(hgs *h)
{
    indiv *pick[2];
    int k;
    update_biased(h, &h->feas);
    update_biased(h, &h->infeas);
    for (k = 0; k < 2; k++) {
        int n = h->feas.n + h->infeas.n;
        int i = (int)wo_rng_below(&h->c->rng, (uint32_t)n);
        pick[k] = i < h->feas.n ? h->feas.ind[i] : h->infeas.ind[i - h->feas.n];
    }
    return pick[0]->biased <= pick[1]->biased ? pick[0] : pick[1];
}

/* Ordered crossover of two giant tours into child. */
static void crossover(hgs *h, const indiv *a, const indiv *b, indiv *child)
{
    vrp_ctx *c = h->c;
    int n = c->n_act, i, start, end, j, k;
    start = (int)wo_rng_below(&c->rng, (uint32_t)n);
    end = (int)wo_rng_below(&c->rng, (uint32_t)n);
    while (n > 1 && end == start)
        end = (int)wo_rng_below(&c->rng, (uint32_t)n);
    memset(h->used, 0, (size_t)n);
    for (i = start; i != end; i = (i + 1) % n) {
        child->tour[i] = a->tour[i];
        h->used[a->tour[i]] = 1;
    }
    child->tour[end] = a->tour[end];
    h->used[a->tour[end]] = 1;
    j = (end + 1) % n;
    for (k = 1; k <= n; k++) {
        int x = b->tour[(end + k) % n];
        if (h->used[x])
            continue;
        h->used[x] = 1;
        child->tour[j] = x;
        j = (j + 1) % n;
    }
}

static void adapt_penalties(hgs *h)
{
    vrp_ctx *c = h->c;
    int i, fl = 0, ft = 0, s;
    subpop *p = &h->infeas;
    for (i = 0; i < h->n_hist; i++) {
        fl += h->hist_load[i];
        ft += h->hist_tw[i];
    }
    if (fl < 0.15 * h->n_hist)
        c->pen_load = fmin(c->pen_load * 1.2, 1e12);
    else if (fl > 0.25 * h->n_hist)
        c->pen_load = fmax(c->pen_load * 0.85, 1e-3);
    if (ft < 0.15 * h->n_hist)
        c->pen_tw = fmin(c->pen_tw * 1.2, 1e12);
    else if (ft > 0.25 * h->n_hist)
        c->pen_tw = fmax(c->pen_tw * 0.85, 1e-6);
    h->n_hist = 0;
    for (i = 0; i < p->n; i++)
        p->ind[i]->pcost = vrp_totals_pcost(c, &p->ind[i]->tot);
    for (i = 1; i < p->n; i++) { /* re-sort by pcost */
        indiv *x = p->ind[i];
        for (s = i; s > 0 && p->ind[s - 1]->pcost > x->pcost; s--)
            p->ind[s] = p->ind[s - 1];
        p->ind[s] = x;
    }
}

/* A tour of nearest granular neighbour chains, each starting at the
 * lowest unused stop. */
static void nn_tour(vrp_ctx *c, int *tour, char *used)
{
    int n = c->n_act, pos = 0, seed = 0, cur, j;
    memset(used, 0, (size_t)n);
    while (pos < n) {
        while (used[seed])
            seed++;
        cur = seed;
        for (;;) {
            int nxt = -1;
            used[cur] = 1;
            tour[pos++] = cur;
            for (j = 0; j < c->n_nb[cur]; j++)
                if (!used[c->nb[(size_t)cur * VRP_NB + (size_t)j]]) {
                    nxt = c->nb[(size_t)cur * VRP_NB + (size_t)j];
                    break;
                }
            if (nxt < 0)
                break;
            cur = nxt;
        }
    }
}

/* Shuffle a[0..n) with c->rng (Fisher-Yates). */
static void shuffle(vrp_ctx *c, int *a, int n)
{
    int i, j, t;
    for (i = n - 1; i > 0; i--) {
        j = (int)wo_rng_below(&c->rng, (uint32_t)(i + 1));
        t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

static void random_tour(vrp_ctx *c, int *tour)
{
    int i;
    for (i = 0; i < c->n_act; i++)
        tour[i] = i;
    shuffle(c, tour, c->n_act);
}

static int better(const vrp_totals *a, double apc, const vrp_totals *b,
                  double bpc)
{
    if (a->feasible != b->feasible)
        return a->feasible;
    return apc < bpc - 1e-9;
}

static void report(vrp_ctx *c, long it, double best)
{
    wo_progress pr;
    const wo_vrp_params *prm = c->prm;
    if (!prm->progress)
        return;
    pr.phase = "vrp";
    pr.fraction = prm->max_iterations > 0
                      ? (double)it / (double)prm->max_iterations
                      : (c->deadline > 0 ? (wo_now_s() - c->t0) /
                                               (c->deadline - c->t0)
                                         : -1);
    if (pr.fraction > 1)
        pr.fraction = 1;
    pr.best_cost = best;
    pr.elapsed_s = wo_now_s() - c->t0;
    pr.iteration = it;
    if (prm->progress(&pr, prm->progress_ud))
        c->stop_flag = 1;
}

/* Demand of active stop k in units of the reference capacities. */
static double ruin_weight(const vrp_ctx *c, int k)
{
    const wo_vrp_stop *st = &c->pb->stops[c->act[k]];
    double w = 0;
    int d;
    for (d = 0; d < WO_VRP_DIMS; d++)
        w += st->demand[d] / c->cap_ref[d];
    return w;
}

/* Stops one ruin step takes out, at most. */
#define RUIN_MAX 30

/* A cluster of about m (at most RUIN_MAX) served stops of x around a
 * random served one, grown breadth first through the granular neighbours,
 * in random order into ks; returns its size. */
static int ruin_cluster(hgs *h, const indiv *x, int *ks, int m)
{
    vrp_ctx *c = h->c;
    int n = 0, head = 0, tries, j;
    int seed = (int)wo_rng_below(&c->rng, (uint32_t)c->n_act);
    if (m > RUIN_MAX)
        m = RUIN_MAX;
    for (tries = 0; tries < 10 && x->pred[seed] == -2; tries++)
        seed = (int)wo_rng_below(&c->rng, (uint32_t)c->n_act);
    memset(h->used, 0, (size_t)c->n_act);
    h->used[seed] = 1;
    ks[n++] = seed;
    while (head < n && n < m) {
        int a = ks[head++];
        for (j = 0; j < c->n_nb[a] && n < m; j++) {
            int b = c->nb[(size_t)a * VRP_NB + (size_t)j];
            if (h->used[b] || x->pred[b] == -2)
                continue;
            h->used[b] = 1;
            ks[n++] = b;
        }
    }
    shuffle(c, ks, n);
    if (!c->fast && wo_rng_below(&c->rng, 2) == 0) {
        /* rich routes, half the time: the largest demands first, so that
         * on tightly loaded routes the stops hardest to place get the
         * room (Kim 444, 99.8 % loaded: 81.9-82.1 miles at 60 s against
         * 81.0-85.6 in random order) */
        double w[RUIN_MAX];
        int i, k;
        for (i = 0; i < n; i++)
            w[i] = ruin_weight(c, ks[i]);
        for (i = 1; i < n; i++) {
            int kx = ks[i];
            double wx = w[i];
            for (k = i; k > 0 && w[k - 1] < wx; k--) {
                ks[k] = ks[k - 1];
                w[k] = w[k - 1];
            }
            ks[k] = kx;
            w[k] = wx;
        }
    }
    return n;
}

/* Fraction of the run done: of the iterations under an iteration limit
 * (a time limit is then only a cap and decides nothing), else of the
 * time. */
static double done(vrp_ctx *c, long it)
{
    double f = 0;
    if (c->prm->max_iterations > 0)
        f = (double)it / (double)c->prm->max_iterations;
    else if (c->deadline > c->t0)
        f = (wo_now_s() - c->t0) / (c->deadline - c->t0);
    return f < 1 ? f : 1;
}

/* Large instances once the local search has converged: take a cluster of
 * stops out of the current solution, put them back and improve where it
 * changed; the result becomes the current solution (returns 1) unless it
 * is worse or has more time warp or load excess (returns 0). */
static int ruin_recreate(hgs *h, indiv *child, indiv *cur, long it)
{
    vrp_ctx *c = h->c;
    int m = 5 + (int)wo_rng_below(&c->rng, RUIN_MAX - 4);
    int n;
    double margin;
    copy_sol(c, child, cur);
    n = ruin_cluster(h, child, h->tmp, m);
    vrp_ls_keep_feasible(h->ls, cur->tot.feasible);
    vrp_ls_ruin(h->ls, child->tour, child->rlen, &child->tot, h->tmp, n);
    vrp_ls_keep_feasible(h->ls, 0);
    facility_check(c, child);
    child->pcost = vrp_totals_pcost(c, &child->tot);
    links(c, child);
    cur->pcost = vrp_totals_pcost(c, &cur->tot);
    /* a child that breaks the rules more than the current solution is
     * refused whatever the penalties: the walk must not drift away from
     * feasibility */
    if (child->tot.tw_s > cur->tot.tw_s + 1e-6 ||
        child->tot.load_x > cur->tot.load_x + 1e-9 ||
        (cur->tot.feasible && !child->tot.feasible))
        return 0;
    /* record-to-record (see VRP_RR_MARGIN): a child a little worse is
     * kept too, by a margin that shrinks to nothing towards the end */
    margin = c->fast || c->search == VRP_SEARCH_RUIN
                 ? VRP_RR_MARGIN * (1.0 - done(c, it))
                 : 0.0;
    if (child->tot.feasible == cur->tot.feasible &&
        child->pcost > cur->pcost + margin * fabs(cur->pcost))
        return 0;
    copy_sol(c, cur, child);
    return 1;
}

static void hgs_free(hgs *h)
{
    int i;
    for (i = 0; i < N_INDIV; i++)
        indiv_free(&h->all[i]);
    wo_free(h->dist);
    wo_free(h->tmp);
    wo_free(h->used);
    wo_free(h->best_price);
    vrp_ls_free(h->ls);
    wo_free(h);
}

/* The facility surcharges steer which facility each trip unloads at, and
 * they are re-priced as the search goes: the best solution is stored with
 * the surcharges it was measured under (save = 1) and they are put back
 * (save = 0) before it is handed on, so that its routes are rebuilt with
 * the unloads that were accepted. */
static void keep_prices(hgs *h, int save)
{
    size_t n = sizeof(double) * (size_t)h->c->pb->n_facilities;
    if (!h->best_price)
        return;
    if (save)
        memcpy(h->best_price, h->c->fac_price, n);
    else
        memcpy(h->c->fac_price, h->best_price, n);
}

static int limit_hit(vrp_ctx *c, long it)
{
    if (c->prm->max_iterations > 0 && it >= c->prm->max_iterations)
        return 1;
    return vrp_should_stop(c);
}

/* The stop rule: 1 when the best solution, last improved at iteration
 * it_best (time t_best), has gone unimproved for stall_iterations
 * iterations or, without an iteration limit (where time must decide
 * nothing), stall_s seconds. */
static int stall_hit(const vrp_ctx *c, long it, long it_best, double t_best)
{
    const wo_vrp_params *prm = c->prm;
    if (prm->stall_iterations > 0 && it - it_best >= prm->stall_iterations)
        return 1;
    return prm->max_iterations <= 0 && prm->stall_s > 0 &&
           wo_now_s() - t_best >= prm->stall_s;
}

/* The search ended (its limit, a cancel, the stall rule) before any
 * solution kept every rule; on plain CVRP (whose first solution is cut at
 * up to 1.5 times the capacity) the best one's stops, in the order of its
 * routes, are cut again into routes that keep the capacity and the stop
 * limit, so that every stop is served instead of the final build taking
 * stops out of the overloaded routes. x is replaced when that cut keeps
 * every rule; tmp is scratch. */
static void make_complete(hgs *h, indiv *x, indiv *tmp)
{
    vrp_ctx *c = h->c;
    copy_sol(c, tmp, x);
    if (!vrp_split_feasible(c, tmp->tour, tmp->rlen))
        return;
    vrp_ls_keep_feasible(h->ls, 1);
    vrp_ls_run(h->ls, tmp->tour, tmp->rlen, &tmp->tot, 1);
    vrp_ls_keep_feasible(h->ls, 0);
    facility_check(c, tmp);
    if (!tmp->tot.feasible)
        return;
    tmp->pcost = vrp_totals_pcost(c, &tmp->tot);
    links(c, tmp);
    copy_sol(c, x, tmp);
}

int vrp_hgs(vrp_ctx *c, int *tour, int *rlen, vrp_totals *best, long *iters,
            vrp_pool *pool)
{
    hgs *h = wo_calloc(1, sizeof *h);
    indiv child, bestx, cur;
    double best_pc = INFINITY, t_best = 0;
    long it = 0, last_improve = 0, it_best = 0;
    int i, have = 0, rc = WO_ENOMEM, init_left = 4 * VRP_MU, presplit = 0;
    int big = c->search == VRP_SEARCH_RUIN ||
              (c->search == VRP_SEARCH_AUTO && c->n_act > VRP_RR_FROM);
    int polish = big, ruin = 0, kept = 1;
    memset(&child, 0, sizeof child);
    memset(&bestx, 0, sizeof bestx);
    memset(&cur, 0, sizeof cur);
    if (!h)
        return WO_ENOMEM;
    h->c = c;
    h->ls = vrp_ls_new(c);
    h->dist = wo_calloc((size_t)N_INDIV * N_INDIV, sizeof(double));
    h->tmp = wo_malloc(sizeof(int) * ((size_t)c->n_act + 1));
    h->used = wo_malloc((size_t)c->n_act + 1);
    if (!h->ls || !h->dist || !h->tmp || !h->used)
        goto out;
    if (c->fac_price) {
        h->best_price = wo_malloc(sizeof(double) *
                                  (size_t)(c->pb->n_facilities + 1));
        if (!h->best_price)
            goto out;
    }
    for (i = 0; i < N_INDIV; i++) {
        h->all[i].id = i;
        if (indiv_alloc(&h->all[i], c))
            goto out;
        h->free_ids[h->n_free++] = N_INDIV - 1 - i;
    }
    if (indiv_alloc(&child, c) || indiv_alloc(&bestx, c) ||
        indiv_alloc(&cur, c))
        goto out;
    rc = WO_OK;
    /* Initial population: one nearest-neighbour tour, then 4 mu random
     * ones. */
    while (it == 0 || !limit_hit(c, it)) {
        if (c->search == VRP_SEARCH_FEASIBLE && have && bestx.tot.feasible)
            break;
        if (it - last_improve >= RESTART_AFTER) {
            h->n_free = 0;
            for (i = 0; i < N_INDIV; i++)
                h->free_ids[h->n_free++] = N_INDIV - 1 - i;
            h->feas.n = h->infeas.n = 0;
            last_improve = it;
            init_left = 4 * VRP_MU;
        }
        if (it == 0) {
            /* The split of the first tour is the first answer held. */
            if (c->init_tour) {
                /* a given first solution (the routes of an earlier search) */
                memcpy(child.tour, c->init_tour, sizeof(int) * (size_t)c->n_act);
                memcpy(child.rlen, c->init_rlen,
                       sizeof(int) * (size_t)c->n_slots);
                presplit = 1;
            } else {
                nn_tour(c, child.tour, h->used);
                if (c->fast)
                    vrp_split(c, child.tour, child.rlen);
                else
                    vrp_construct(c, child.tour, child.rlen, 0);
                presplit = !c->fast;
            }
            vrp_ls_measure(h->ls, child.tour, child.rlen, &child.tot);
            facility_check(c, &child);
            child.pcost = vrp_totals_pcost(c, &child.tot);
            copy_sol(c, &bestx, &child);
            keep_prices(h, 1);
            best_pc = child.pcost;
            have = 1;
            t_best = wo_now_s(); /* the stall clock starts at the first */
            report(c, 0, bestx.tot.feasible ? bestx.tot.cost : NAN);
        } else if (polish || ruin) {
            /* large instance: the best or current solution is improved */
        } else if (init_left > 0 || h->feas.n + h->infeas.n < 2) {
            random_tour(c, child.tour);
            if (init_left > 0)
                init_left--;
        } else {
            indiv *a = tournament(h), *b = tournament(h);
            crossover(h, a, b, &child);
        }
        if (polish) {
            /* Large instance: one pass at a time on the best solution, so
             * that it improves (and is reported) between passes, while a
             * pass gains at least 0.5 %; ruin and recreate then gains more
             * per second than whole passes. */
            double before = vrp_totals_pcost(c, &bestx.tot);
            copy_sol(c, &child, &bestx);
            vrp_ls_keep_feasible(h->ls, bestx.tot.feasible);
            if (educate(h, &child, 0, 1) == 0 ||
                child.pcost > before - 0.005 * fabs(before)) {
                polish = 0;
                ruin = 1;
                copy_sol(c, &cur, child.pcost < before ? &child : &bestx);
            }
            vrp_ls_keep_feasible(h->ls, 0);
        } else if (ruin) {
            kept = ruin_recreate(h, &child, &cur, it);
        } else {
            educate(h, &child, !presplit, 0);
        }
        presplit = 0;
        it++;
        if (h->n_hist < 100) {
            h->hist_load[h->n_hist] = child.tot.load_x <= 1e-9;
            h->hist_tw[h->n_hist++] = child.tot.tw_s <= 1e-6;
        }
        if (!ruin)
            insert(h, &child);
        /* (no repair on large instances: a whole run of the local search
         * there takes longer than the passes and ruin and recreate) */
        if (!big && !child.tot.feasible && !c->stop_flag &&
            wo_rng_below(&c->rng, 2) == 0) {
            double pl = c->pen_load, pt = c->pen_tw;
            c->pen_load *= 10;
            c->pen_tw *= 10;
            vrp_ls_run(h->ls, child.tour, child.rlen, &child.tot, 0);
            facility_check(c, &child);
            c->pen_load = pl;
            c->pen_tw = pt;
            child.pcost = vrp_totals_pcost(c, &child.tot);
            links(c, &child);
            if (child.tot.feasible)
                insert(h, &child);
        }
        if (kept &&
            (!have || better(&child.tot, child.pcost, &bestx.tot, best_pc))) {
            if (have && child.tot.feasible)
                last_improve = it;
            copy_sol(c, &bestx, &child);
            keep_prices(h, 1);
            best_pc = child.pcost;
            have = 1;
            it_best = it;
            t_best = wo_now_s();
        }
        if (!bestx.tot.feasible)
            best_pc = vrp_totals_pcost(c, &bestx.tot);
        if (pool && child.tot.feasible &&
            child.pcost <= best_pc + 0.02 * fabs(best_pc))
            vrp_pool_add(pool, c, child.tour, child.rlen); /* near-elite */
        if (h->n_hist >= 100)
            adapt_penalties(h);
        if (it % 5 == 0)
            vrp_facility_overflow(c, bestx.tour, bestx.rlen, 1);
        if (it % 50 == 0 || c->n_act > 1000)
            report(c, it, bestx.tot.feasible ? bestx.tot.cost : NAN);
        if (stall_hit(c, it, it_best, t_best)) {
            c->stalled = 1;
            break;
        }
    }
    if (have && !bestx.tot.feasible)
        make_complete(h, &bestx, &child);
    if (have) {
        keep_prices(h, 0);
        memcpy(tour, bestx.tour, sizeof(int) * (size_t)c->n_act);
        memcpy(rlen, bestx.rlen, sizeof(int) * (size_t)c->n_slots);
        *best = bestx.tot;
    }
    *iters = it;
out:
    indiv_free(&child);
    indiv_free(&bestx);
    indiv_free(&cur);
    hgs_free(h);
    return rc;
}
