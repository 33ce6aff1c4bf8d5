/*
 * vrp_spx.c — exact reference by route enumeration and set partitioning
 * (see vrp_spx.h).
 *
 * The labelling works on one vehicle type and one stream at a time. A
 * label is a partial route from the start depot: the set of stops served,
 * where it stands (a stop, or a facility right after unloading), whether
 * the break is taken, the load on board, the distance driven and its
 * schedule as a function of the departure t from the start depot:
 * departure from the current node = max(e_s, t + d_s), feasible for
 * t <= l_s. Every step (travel, waiting for a window, service, unload,
 * break) maps such a function to one of the same form, so the family is
 * exact; a stop with several windows branches, one label per window. At
 * the end the best t is the latest feasible one (the duration max(e - t,
 * d) only falls with t). A label dominates another at the same set, node
 * and break state when it is no worse in load, distance, e and d and no
 * narrower in l: every completion of the other is then feasible for it at
 * no higher cost.
 */
#include "tests/support/vrp_spx.h"

#include "solver/lp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SPX_EPS 1e-9
#define SPX_MAX_TOK (3 * VRP_SPX_MAX_STOPS + 2)

/* One visit of a route being rebuilt. */
typedef struct spx_tok {
    int kind;  /* WO_VISIT_STOP, WO_VISIT_UNLOAD or WO_VISIT_BREAK */
    int idx;   /* stop or facility index (-1 for a break)          */
    int win;   /* window taken at a stop, -1 when it has none      */
} spx_tok;

/* A partial route (see the file comment). */
typedef struct spx_label {
    double load[WO_VRP_DIMS]; /* on board                                */
    double dist_m;            /* driven so far                           */
    double e_s, d_s, l_s;     /* departure = max(e_s, t + d_s), t <= l_s */
    int parent;               /* label it extends, -1 at the start       */
    int next;                 /* next label of its bucket, -1            */
    int node;                 /* local node (stops, facilities, start)   */
    int tok;                  /* kind of the step that made it, -1 start */
    int win;                  /* window taken when it reached a stop     */
    int dead;                 /* dominated after it was stored           */
} spx_label;

/* The cheapest route of one type over one set of stops: a MIP column. */
typedef struct spx_col {
    int type;                 /* vehicle type                         */
    int stream;               /* stream served                        */
    unsigned mask;            /* stops, as bits of the global index   */
    double cost;              /* fixed + distance + duration costs    */
    double start_s;           /* departure from the start depot       */
    int n_tok;
    spx_tok tok[SPX_MAX_TOK];
} spx_col;

/* State of the enumeration for one type and stream. */
typedef struct spx {
    const wo_vrp_problem *pb;
    const wo_vrp_vehicle_type *t;
    int type;
    int stream;
    int ns, nf, nn;           /* local stops, facilities, nodes (+start) */
    int stop[VRP_SPX_MAX_STOPS]; /* local stop -> global index        */
    int *fac;                 /* [nf] local facility -> global index    */
    int *head;                /* [2^ns * nn * 2] bucket heads           */
    spx_label *lab;           /* all labels                             */
    int n_lab, cap_lab;
    spx_col **best;           /* [2^ns] cheapest route per set or NULL  */
    int oom;                  /* an allocation failed                   */
} spx;

static double spx_tt(const spx *s, int a, int b)
{
    double f = s->t->speed_factor > 0 ? s->t->speed_factor : 1.0;
    return s->pb->dur_s[(size_t)a * (size_t)s->pb->n_loc + (size_t)b] * f;
}

static double spx_dd(const spx *s, int a, int b)
{
    return s->pb->dist_m[(size_t)a * (size_t)s->pb->n_loc + (size_t)b];
}

static int node_loc(const spx *s, int node)
{
    if (node < s->ns)
        return s->pb->stops[s->stop[node]].loc;
    if (node < s->ns + s->nf)
        return s->pb->facilities[s->fac[node - s->ns]].loc;
    return s->t->start_loc;
}

static int bucket(const spx *s, unsigned mask, int node, int brk)
{
    return ((int)mask * s->nn + node) * 2 + brk;
}

/* Store label *x (parent, node, tok, win, load, dist and schedule set) in
 * bucket (mask, node, brk) unless it is infeasible or dominated. */
static void push(spx *s, unsigned mask, int brk, spx_label *x)
{
    const wo_vrp_vehicle_type *t = s->t;
    int b, i, d;
    x->e_s = fmax(x->e_s, t->shift_open_s + x->d_s);
    if (x->l_s < t->shift_open_s - SPX_EPS ||
        x->e_s > t->shift_close_s + SPX_EPS ||
        (t->max_duration_s > 0 && x->d_s > t->max_duration_s + SPX_EPS))
        return;
    b = bucket(s, mask, x->node, brk);
    for (i = s->head[b]; i >= 0; i = s->lab[i].next) {
        spx_label *y = &s->lab[i];
        int y_dom = 1, x_dom = 1;
        if (y->dead)
            continue;
        for (d = 0; d < WO_VRP_DIMS; d++) {
            y_dom &= y->load[d] <= x->load[d];
            x_dom &= x->load[d] <= y->load[d];
        }
        y_dom &= y->dist_m <= x->dist_m && y->e_s <= x->e_s &&
                 y->d_s <= x->d_s && y->l_s >= x->l_s;
        if (y_dom)
            return;
        x_dom &= x->dist_m <= y->dist_m && x->e_s <= y->e_s &&
                 x->d_s <= y->d_s && x->l_s >= y->l_s;
        if (x_dom)
            y->dead = 1;
    }
    if (s->n_lab == s->cap_lab) {
        int nc = s->cap_lab ? 2 * s->cap_lab : 4096;
        spx_label *nl = realloc(s->lab, sizeof *nl * (size_t)nc);
        if (!nl) {
            s->oom = 1;
            return;
        }
        s->lab = nl;
        s->cap_lab = nc;
    }
    x->dead = 0;
    x->next = s->head[b];
    s->lab[s->n_lab] = *x;
    s->head[b] = s->n_lab++;
}

/* Departure from the current node after arriving tr later and starting
 * within [open, close]: e, d and l of the next label. Returns 0 when no
 * departure time makes it. */
static int step(const spx_label *p, double tr, double open, double close,
                double serv, spx_label *x)
{
    if (p->e_s + tr > close + SPX_EPS)
        return 0;
    x->e_s = fmax(open, p->e_s + tr) + serv;
    x->d_s = p->d_s + tr + serv;
    x->l_s = fmin(p->l_s, close - p->d_s - tr);
    return 1;
}

/* Close label li at the end depot; keep it if it is the cheapest route of
 * its set so far. */
static void finish(spx *s, int li, unsigned mask)
{
    const wo_vrp_vehicle_type *t = s->t;
    const spx_label *p = &s->lab[li];
    int loc = node_loc(s, p->node), n = 0, j, i;
    double tr = spx_tt(s, loc, t->end_loc);
    double e = p->e_s + tr, d = p->d_s + tr, tmax, tmin, cost;
    spx_tok rev[SPX_MAX_TOK];
    spx_col *c;
    unsigned gmask = 0;

    tmax = fmin(p->l_s, t->shift_close_s - d);
    tmin = t->shift_open_s;
    if (t->max_duration_s > 0)
        tmin = fmax(tmin, e - t->max_duration_s);
    if (e > t->shift_close_s + SPX_EPS || tmin > tmax + SPX_EPS)
        return;
    cost = t->fixed_cost + t->cost_per_m * (p->dist_m + spx_dd(s, loc, t->end_loc)) +
           t->cost_per_s * fmax(e - tmax, d);
    if (s->best[mask] && s->best[mask]->cost <= cost)
        return;
    for (i = li; s->lab[i].parent >= 0 && n < SPX_MAX_TOK; i = s->lab[i].parent) {
        const spx_label *q = &s->lab[i];
        rev[n].kind = q->tok;
        rev[n].win = q->win;
        rev[n].idx = q->tok == WO_VISIT_BREAK ? -1
                     : q->node < s->ns        ? s->stop[q->node]
                                              : s->fac[q->node - s->ns];
        n++;
    }
    if (!s->best[mask]) {
        s->best[mask] = malloc(sizeof(spx_col));
        if (!s->best[mask]) {
            s->oom = 1;
            return;
        }
    }
    c = s->best[mask];
    for (j = 0; j < s->ns; j++)
        if (mask & (1u << j))
            gmask |= 1u << s->stop[j];
    c->type = s->type;
    c->stream = s->stream;
    c->mask = gmask;
    c->cost = cost;
    c->start_s = tmax;
    c->n_tok = n;
    for (j = 0; j < n; j++)
        c->tok[j] = rev[n - 1 - j];
}

/* Route limits that depend on the whole set: stops and load per day. */
static int set_ok(const spx *s, unsigned mask)
{
    double sum[WO_VRP_DIMS] = {0, 0};
    int j, d, n = 0;
    for (j = 0; j < s->ns; j++)
        if (mask & (1u << j)) {
            n++;
            for (d = 0; d < WO_VRP_DIMS; d++)
                sum[d] += s->pb->stops[s->stop[j]].demand[d];
        }
    if (s->t->max_stops > 0 && n > s->t->max_stops)
        return 0;
    for (d = 0; d < WO_VRP_DIMS; d++)
        if (s->t->max_load_per_day[d] >= 0 &&
            sum[d] > s->t->max_load_per_day[d] + SPX_EPS)
            return 0;
    return 1;
}

/* Every extension of label li (at set mask, break state brk). */
static void extend(spx *s, int li, unsigned mask, int brk)
{
    const wo_vrp_problem *pb = s->pb;
    const wo_vrp_vehicle_type *t = s->t;
    spx_label p = s->lab[li], x;
    int loc = node_loc(s, p.node), j, w, d, at_stop = p.node < s->ns;

    /* the break here */
    if (t->break_s > 0 && !brk && p.e_s <= t->break_latest_s + SPX_EPS) {
        x = p;
        x.parent = li;
        x.tok = WO_VISIT_BREAK;
        x.win = -1;
        x.e_s = fmax(t->break_earliest_s, p.e_s) + t->break_s;
        x.d_s = p.d_s + t->break_s;
        x.l_s = fmin(p.l_s, t->break_latest_s - p.d_s);
        push(s, mask, 1, &x);
    }
    /* the next stop */
    for (j = 0; j < s->ns; j++) {
        const wo_vrp_stop *st = &pb->stops[s->stop[j]];
        double tr = spx_tt(s, loc, st->loc);
        int fits = 1;
        if (mask & (1u << j) || !set_ok(s, mask | (1u << j)))
            continue;
        x = p;
        x.parent = li;
        x.node = j;
        x.tok = WO_VISIT_STOP;
        x.dist_m = p.dist_m + spx_dd(s, loc, st->loc);
        for (d = 0; d < WO_VRP_DIMS; d++) {
            x.load[d] = p.load[d] + st->demand[d];
            if (t->capacity[d] >= 0 && x.load[d] > t->capacity[d] + SPX_EPS)
                fits = 0;
        }
        if (!fits)
            continue;
        for (w = 0; w < (st->n_tw > 0 ? st->n_tw : 1); w++) {
            double open = st->n_tw > 0 ? st->tw[w].open_s : -INFINITY;
            double close = st->n_tw > 0 ? st->tw[w].close_s : INFINITY;
            x.win = st->n_tw > 0 ? w : -1;
            if (step(&p, tr, open, close, st->service_s, &x))
                push(s, mask | (1u << j), brk, &x);
        }
    }
    /* an unload, only right after a stop */
    if (!at_stop)
        return;
    for (j = 0; j < s->nf; j++) {
        const wo_vrp_facility *fa = &pb->facilities[s->fac[j]];
        x = p;
        x.parent = li;
        x.node = s->ns + j;
        x.tok = WO_VISIT_UNLOAD;
        x.win = -1;
        x.dist_m = p.dist_m + spx_dd(s, loc, fa->loc);
        for (d = 0; d < WO_VRP_DIMS; d++)
            x.load[d] = 0;
        if (step(&p, spx_tt(s, loc, fa->loc), fa->open_s, fa->close_s,
                 fa->unload_s, &x))
            push(s, mask, brk, &x);
    }
}

/* Enumerate type `type` on stream `stream`; the cheapest route of each set
 * goes to s->best (allocated here, freed by the caller). */
static void enumerate(spx *s)
{
    const wo_vrp_problem *pb = s->pb;
    unsigned mask, nmask;
    int node, brk, i, need_brk = s->t->break_s > 0, no_fac = pb->n_facilities == 0;
    spx_label x;

    nmask = 1u << s->ns;
    memset(&x, 0, sizeof x);
    x.parent = -1;
    x.node = s->nn - 1;
    x.tok = -1;
    x.win = -1;
    x.e_s = s->t->shift_open_s;
    x.l_s = s->t->shift_close_s;
    push(s, 0, 0, &x);
    for (mask = 0; mask < nmask && !s->oom; mask++)
        for (node = 0; node < s->nn; node++)
            for (brk = 0; brk < 2; brk++)
                for (i = s->head[bucket(s, mask, node, brk)]; i >= 0;
                     i = s->lab[i].next) {
                    if (s->lab[i].dead)
                        continue;
                    if (brk == need_brk && mask &&
                        ((node >= s->ns && node < s->ns + s->nf) ||
                         (no_fac && node < s->ns)))
                        finish(s, i, mask);
                    extend(s, i, mask, brk);
                }
}

/* The route of column c as visits, recomputed from its departure time. */
static int build_route(const wo_vrp_problem *pb, const spx_col *c, int vehicle,
                       wo_vrp_route *rt)
{
    const wo_vrp_vehicle_type *t = &pb->types[c->type];
    double f = t->speed_factor > 0 ? t->speed_factor : 1.0;
    double load[WO_VRP_DIMS] = {0, 0};
    int loc = t->start_loc, k, d;
    wo_vrp_visit *v;

    memset(rt, 0, sizeof *rt);
    rt->visits = wo_calloc((size_t)c->n_tok + 2, sizeof(wo_vrp_visit));
    if (!rt->visits)
        return WO_ENOMEM;
    rt->type = c->type;
    rt->vehicle = vehicle;
    rt->stream = c->stream;
    v = &rt->visits[0];
    v->kind = WO_VISIT_DEPOT;
    v->index = -1;
    v->arrival_s = v->start_s = v->depart_s = c->start_s;
    for (k = 0; k <= c->n_tok; k++) {
        const spx_tok *tk = &c->tok[k < c->n_tok ? k : 0];
        double dep = rt->visits[k].depart_s, open = -INFINITY, serv = 0;
        int to = t->end_loc;
        v = &rt->visits[k + 1];
        if (k == c->n_tok) {
            v->kind = WO_VISIT_DEPOT;
            v->index = -1;
        } else {
            v->kind = tk->kind;
            v->index = tk->idx;
        }
        if (v->kind == WO_VISIT_STOP) {
            const wo_vrp_stop *st = &pb->stops[tk->idx];
            to = st->loc;
            serv = st->service_s;
            if (tk->win >= 0)
                open = st->tw[tk->win].open_s;
            for (d = 0; d < WO_VRP_DIMS; d++)
                load[d] += st->demand[d];
        } else if (v->kind == WO_VISIT_UNLOAD) {
            const wo_vrp_facility *fa = &pb->facilities[tk->idx];
            to = fa->loc;
            serv = fa->unload_s;
            open = fa->open_s;
            for (d = 0; d < WO_VRP_DIMS; d++)
                load[d] = 0;
        } else if (v->kind == WO_VISIT_BREAK) {
            to = loc;
            serv = t->break_s;
            open = t->break_earliest_s;
        }
        v->arrival_s = dep + pb->dur_s[(size_t)loc * (size_t)pb->n_loc + (size_t)to] * f;
        rt->dist_m += pb->dist_m[(size_t)loc * (size_t)pb->n_loc + (size_t)to];
        v->start_s = fmax(v->arrival_s, open);
        v->depart_s = v->start_s + serv;
        if (v->kind == WO_VISIT_DEPOT)
            v->start_s = v->depart_s = v->arrival_s;
        memcpy(v->load_after, load, sizeof load);
        loc = to;
    }
    rt->n_visits = c->n_tok + 2;
    rt->dur_s = rt->visits[rt->n_visits - 1].arrival_s - c->start_s;
    rt->cost = t->fixed_cost + t->cost_per_m * rt->dist_m + t->cost_per_s * rt->dur_s;
    return WO_OK;
}

/* Solve the partitioning over cols (phase1: fewest routes; cap >= 0: at
 * most cap routes). chosen[k] set to 1 for the routes taken. */
static int partition(const wo_vrp_problem *pb, spx_col **cols, int n_cols,
                     int phase1, int cap, int *chosen, double *obj, wo_err *err)
{
    wo_lp *lp = wo_lp_new("vrp_spx", WO_LP_MIN);
    wo_lp_params prm;
    wo_lp_result res;
    int *idx = malloc(sizeof(int) * (size_t)(n_cols + 1));
    double *one = malloc(sizeof(double) * (size_t)(n_cols + 1));
    double pen_all = 0;
    int rc = WO_ENOMEM, k, i, n;

    if (!lp || !idx || !one)
        goto out;
    for (k = 0; k < n_cols; k++) {
        double c = phase1 ? 1.0 : cols[k]->cost;
        for (i = 0; i < pb->n_stops && !phase1; i++)
            if ((cols[k]->mask >> i) & 1u && pb->stops[i].optional)
                c -= pb->stops[i].penalty;
        if (wo_lp_add_col(lp, NULL, WO_LP_BIN, 0, 1, c) != k)
            goto out;
        one[k] = 1.0;
    }
    for (i = 0; i < pb->n_stops; i++) {
        const wo_vrp_stop *st = &pb->stops[i];
        n = 0;
        for (k = 0; k < n_cols; k++)
            if ((cols[k]->mask >> i) & 1u)
                idx[n++] = k;
        if (st->optional)
            pen_all += st->penalty;
        if (n == 0 && !st->optional) {
            rc = wo_err_set(err, WO_EINFEASIBLE, "vrp_spx: stop %d lies on no "
                            "feasible route", i);
            goto out;
        }
        if (n > 0 && wo_lp_add_row(lp, NULL, st->optional ? 0 : 1, 1, n, idx,
                                   one) < 0)
            goto out;
    }
    for (i = 0; i < pb->n_types; i++) {
        n = 0;
        for (k = 0; k < n_cols; k++)
            if (cols[k]->type == i)
                idx[n++] = k;
        if (n > 0 && wo_lp_add_row(lp, NULL, -WO_LP_INF, pb->types[i].count, n,
                                   idx, one) < 0)
            goto out;
    }
    if (cap >= 0 && n_cols > 0) {
        for (k = 0; k < n_cols; k++)
            idx[k] = k;
        if (wo_lp_add_row(lp, NULL, -WO_LP_INF, cap, n_cols, idx, one) < 0)
            goto out;
    }
    if (!phase1)
        wo_lp_set_obj_const(lp, pen_all);
    wo_lp_params_init(&prm);
    prm.mip_gap = 0;
    rc = wo_lp_solve(lp, &prm, &res, err);
    if (rc != WO_OK)
        goto out;
    if (res.status != WO_LP_OPTIMAL) {
        rc = wo_err_set(err, res.status == WO_LP_INFEASIBLE ? WO_EINFEASIBLE
                                                            : WO_EINTERNAL,
                        "vrp_spx: partitioning MIP: %s",
                        wo_lp_status_name(res.status));
        goto out;
    }
    for (k = 0; k < n_cols; k++)
        chosen[k] = wo_lp_value(lp, k) > 0.5;
    *obj = res.obj;
    rc = WO_OK;
out:
    if (rc == WO_ENOMEM && err && !err->msg[0])
        wo_err_set(err, WO_ENOMEM, "vrp_spx: out of memory");
    free(idx);
    free(one);
    wo_lp_free(lp);
    return rc;
}

/* Append the enumerated routes of s to *cols; frees s->best. */
static int collect(spx *s, spx_col ***cols, int *n_cols, int *cap_cols)
{
    unsigned mask, nmask = 1u << s->ns;
    int rc = WO_OK;
    for (mask = 0; mask < nmask; mask++) {
        if (!s->best[mask])
            continue;
        if (rc == WO_OK && *n_cols == *cap_cols) {
            int nc = *cap_cols ? 2 * *cap_cols : 256;
            spx_col **nw = realloc(*cols, sizeof *nw * (size_t)nc);
            if (!nw)
                rc = WO_ENOMEM;
            else {
                *cols = nw;
                *cap_cols = nc;
            }
        }
        if (rc == WO_OK)
            (*cols)[(*n_cols)++] = s->best[mask];
        else
            free(s->best[mask]);
        s->best[mask] = NULL;
    }
    return rc;
}

int vrp_spx_solve(const wo_vrp_problem *pb, wo_vrp_solution *sol, wo_err *err)
{
    spx s;
    spx_col **cols = NULL;
    int n_cols = 0, cap_cols = 0, *chosen = NULL, *used = NULL, *served = NULL;
    int rc = WO_OK, ty, st, i, k, cap = -1;
    double obj;

    memset(&s, 0, sizeof s);
    memset(sol, 0, sizeof *sol);
    if (pb->n_stops > VRP_SPX_MAX_STOPS)
        return wo_err_set(err, WO_EINVAL, "vrp_spx: %d stops; at most %d",
                          pb->n_stops, VRP_SPX_MAX_STOPS);
    for (i = 0; i < pb->n_facilities; i++)
        for (k = 0; k < WO_VRP_DIMS; k++)
            if (pb->facilities[i].capacity[k] >= 0)
                return wo_err_set(err, WO_EINVAL, "vrp_spx: facility %d has a "
                                  "daily capacity", i);
    s.pb = pb;
    s.fac = malloc(sizeof(int) * (size_t)(pb->n_facilities + 1));
    s.best = calloc((size_t)1 << VRP_SPX_MAX_STOPS, sizeof(spx_col *));
    if (!s.fac || !s.best)
        goto nomem;
    for (ty = 0; ty < pb->n_types && rc == WO_OK; ty++)
        for (st = 0; st < 64 && rc == WO_OK; st++) {
            const wo_vrp_vehicle_type *t = &pb->types[ty];
            size_t nb;
            int *nh;
            if (!((t->streams >> st) & 1u) || t->count <= 0)
                continue;
            s.t = t;
            s.type = ty;
            s.stream = st;
            s.ns = s.nf = 0;
            for (i = 0; i < pb->n_stops; i++)
                if (pb->stops[i].stream == st)
                    s.stop[s.ns++] = i;
            for (i = 0; i < pb->n_facilities; i++)
                if ((pb->facilities[i].streams >> st) & 1u)
                    s.fac[s.nf++] = i;
            if (s.ns == 0 || (pb->n_facilities > 0 && s.nf == 0))
                continue;
            s.nn = s.ns + s.nf + 1;
            nb = ((size_t)1 << s.ns) * (size_t)s.nn * 2;
            nh = realloc(s.head, sizeof(int) * nb);
            if (!nh)
                goto nomem;
            s.head = nh;
            memset(s.head, 0xff, sizeof(int) * nb);
            s.n_lab = 0;
            enumerate(&s);
            if (s.oom)
                rc = WO_ENOMEM;
            if (collect(&s, &cols, &n_cols, &cap_cols) != WO_OK)
                rc = WO_ENOMEM;
        }
    if (rc != WO_OK)
        goto nomem;
    chosen = calloc((size_t)n_cols + 1, sizeof(int));
    used = calloc((size_t)pb->n_types + 1, sizeof(int));
    served = calloc((size_t)pb->n_stops + 1, sizeof(int));
    if (!chosen || !used || !served)
        goto nomem;
    if (pb->lexicographic) {
        rc = partition(pb, cols, n_cols, 1, -1, chosen, &obj, err);
        if (rc != WO_OK)
            goto out;
        cap = (int)floor(obj + 0.5);
    }
    rc = partition(pb, cols, n_cols, 0, cap, chosen, &obj, err);
    if (rc != WO_OK)
        goto out;
    sol->routes = wo_calloc((size_t)n_cols + 1, sizeof(wo_vrp_route));
    sol->unserved = wo_calloc((size_t)pb->n_stops + 1, sizeof(wo_vrp_unserved));
    if (!sol->routes || !sol->unserved)
        goto nomem;
    for (k = 0; k < n_cols; k++) {
        wo_vrp_route *rt;
        if (!chosen[k])
            continue;
        rt = &sol->routes[sol->n_routes];
        if (build_route(pb, cols[k], used[cols[k]->type]++, rt) != WO_OK)
            goto nomem;
        sol->n_routes++;
        sol->cost += rt->cost;
        sol->dist_m += rt->dist_m;
        sol->dur_s += rt->dur_s;
        for (i = 0; i < pb->n_stops; i++)
            if ((cols[k]->mask >> i) & 1u)
                served[i] = 1;
    }
    for (i = 0; i < pb->n_stops; i++)
        if (!served[i]) {
            sol->unserved[sol->n_unserved].stop = i;
            sol->unserved[sol->n_unserved].reason = WO_UNSERVED_PENALTY;
            sol->n_unserved++;
            sol->cost += pb->stops[i].penalty;
        }
    sol->vehicles_used = sol->n_routes;
    sol->status = WO_VRP_OPTIMAL;
    sol->lower_bound = sol->cost;
    sol->iterations = n_cols;
    goto out;
nomem:
    rc = wo_err_set(err, WO_ENOMEM, "vrp_spx: out of memory");
out:
    if (rc != WO_OK) {
        for (k = 0; sol->routes && k < sol->n_routes; k++)
            wo_free(sol->routes[k].visits);
        wo_free(sol->routes);
        wo_free(sol->unserved);
        memset(sol, 0, sizeof *sol);
    }
    free(served);
    for (k = 0; k < n_cols; k++)
        free(cols[k]);
    free(cols);
    free(chosen);
    free(used);
    free(s.fac);
    free(s.head);
    free(s.lab);
    free(s.best);
    return rc;
}
