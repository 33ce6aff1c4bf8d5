/*
 * unload.c — where a route unloads and takes its break: the placement of
 * unload trips at intermediate facilities (and of the break among the
 * visits) for a fixed stop sequence, the heart of waste routing.
 *
 * The search drives a route with the greedy rule (drive.c: unload at the
 * best facility just before a stop that does not fit), and on routes of at
 * most VRP_DP_SEARCH stops keeps the better of it and the placement here
 * (eval.c). A final route is built with a dynamic program over the unload
 * positions (dp_plan; state: unloaded right after stop j; one label, the
 * cheapest penalised, per state; every facility of the stream tried), kept
 * when it beats the greedy placement.
 *
 * The start rules and the one-label DP miss drives that use a later window
 * of a later stop, take the break at the depot to meet the first stop's
 * window, or unload early to reach a facility before it closes. So
 * wherever the DP runs, on routes of at most VRP_EXACT_SCHED stops, an
 * exact labelling comes first (exact_plan: per position, unloaded or not
 * and where, break taken or not, the labels that no other beats in
 * distance, load and departure function; every window of every stop, the
 * break after any visit, the latest useful departure). When its drive
 * keeps every rule it is the route's best and the start rules are not
 * tried; otherwise the rules run as before and the plan of the best rule
 * (in the final build: of every rule) is also driven by its exact schedule
 * (exact_schedule: departure and break position for a fixed plan).
 */
#include "solver/vrp/internal.h"

#include <math.h>
#include <string.h>

/* Routes of at most this many stops get the exact schedule of their unload
 * plan (exact_schedule) wherever the unload DP runs. */
#define VRP_EXACT_SCHED 16

/* Departure functions of the exact schedule: leaving the current visit at
 * max(e, t + d) when the vehicle left the start depot at t <= l. Travel,
 * waiting for a window, service and the break map one to another of the
 * same form, so a schedule is exact; a stop with several windows gives one
 * per window (a set of at most XS_MAX, the dominated ones dropped). */
#define XS_MAX 16

/* One departure function. */
typedef struct xfn {
    double e, d, l; /* departure max(e, t + d), for t <= l */
} xfn;

/* Add f to set[0..*n) unless one there is no worse (e, d no later, l no
 * earlier); drop those f beats. */
static void xs_add(xfn *set, int *n, const xfn *f)
{
    int i, k = 0;
    for (i = 0; i < *n; i++)
        if (set[i].e <= f->e && set[i].d <= f->d && set[i].l >= f->l)
            return;
    for (i = 0; i < *n; i++)
        if (!(f->e <= set[i].e && f->d <= set[i].d && f->l >= set[i].l))
            set[k++] = set[i];
    if (k < XS_MAX)
        set[k++] = *f;
    *n = k;
}

/* One visit of a fixed sequence for the exact schedule. */
typedef struct xvis {
    int loc;                      /* where                               */
    double rel_s;                 /* an unload: release date of the trip
                                     it starts (0: none)                 */
    double serv_s;                /* service or unload duration          */
    int n_tw;                     /* windows (1 with open = -inf: none)  */
    double open_s[WO_VRP_MAX_TW]; /* window starts                       */
    double close_s[WO_VRP_MAX_TW];/* window ends                         */
} xvis;

/* Map the set in[0..n) through a leg of tr and visit x into out. */
static int xs_visit(const vrp_ctx *c, int t, const xfn *in, int n,
                    double tr, const xvis *x, xfn *out)
{
    const wo_vrp_vehicle_type *v = &c->pb->types[t];
    int i, w, m = 0;
    for (i = 0; i < n; i++)
        for (w = 0; w < x->n_tw; w++) {
            xfn g;
            if (in[i].e + tr > x->close_s[w] + 1e-9)
                continue;
            g.e = fmax(x->open_s[w], in[i].e + tr) + x->serv_s;
            g.d = in[i].d + tr + x->serv_s;
            g.l = fmin(in[i].l, x->close_s[w] - in[i].d - tr);
            g.e = fmax(g.e, v->shift_open_s + g.d);
            if (g.l >= v->shift_open_s - 1e-9)
                xs_add(out, &m, &g);
        }
    return m;
}

/* The break where the vehicle is: set[0..n) mapped in place. */
static int xs_break(const vrp_ctx *c, int t, xfn *set, int n)
{
    const wo_vrp_vehicle_type *v = &c->pb->types[t];
    int i, m = 0;
    for (i = 0; i < n; i++) {
        xfn g;
        if (set[i].e > v->break_latest_s + 1e-9)
            continue;
        g.e = fmax(v->break_earliest_s, set[i].e) + v->break_s;
        g.d = set[i].d + v->break_s;
        g.l = fmin(set[i].l, v->break_latest_s - set[i].d);
        if (g.l >= v->shift_open_s - 1e-9)
            set[m++] = g;
    }
    return m;
}

/* The shortest route duration over the set at the end depot (reached tr
 * after the last departure), and the departure giving it; INFINITY when no
 * departure keeps the shift. */
static double xs_end(const vrp_ctx *c, int t, const xfn *set, int n,
                     double tr, double *dep)
{
    const wo_vrp_vehicle_type *v = &c->pb->types[t];
    double best = INFINITY;
    int i;
    for (i = 0; i < n; i++) {
        double e = set[i].e + tr, d = set[i].d + tr;
        double hi = fmin(set[i].l, v->shift_close_s - d), lo = v->shift_open_s;
        if (v->max_duration_s > 0) {
            lo = fmax(lo, e - v->max_duration_s);
            if (d > v->max_duration_s + 1e-9)
                continue;
        }
        if (e > v->shift_close_s + 1e-9 || lo > hi + 1e-9)
            continue;
        if (fmax(e - hi, d) < best) {
            best = fmax(e - hi, d);
            *dep = hi;
        }
    }
    return best;
}

/* The exact schedule of seq with the unloads of plan: the departure and
 * the break position (visits before it) of the shortest route that keeps
 * every time rule (windows, opening hours, break window, shift). Returns
 * 0 when there is none; *dep and *brk_at are set otherwise. */
static int exact_schedule(const vrp_ctx *c, int t, const int *seq, int len,
                          const int *plan, double *dep, int *brk_at)
{
    const wo_vrp_problem *pb = c->pb;
    const wo_vrp_vehicle_type *v = &pb->types[t];
    xvis x[2 * VRP_EXACT_SCHED];
    xfn cur[XS_MAX], nxt[XS_MAX];
    int nv = 0, k, w, p, i, n, np, trip = -1;
    double best = INFINITY, rel0 = 0;

    if (len > VRP_EXACT_SCHED)
        return 0;
    for (k = 0; k < len; k++) {
        const wo_vrp_stop *st = &pb->stops[seq[k]];
        xvis *a = &x[nv++];
        /* the trip's release date on the visit that starts it */
        if (trip < 0)
            rel0 = fmax(rel0, st->release_s);
        else
            x[trip].rel_s = fmax(x[trip].rel_s, st->release_s);
        a->loc = st->loc;
        a->rel_s = 0;
        a->serv_s = st->service_s;
        a->n_tw = st->n_tw > 0 && !c->ignore_tw ? st->n_tw : 1;
        for (w = 0; w < a->n_tw; w++) {
            a->open_s[w] = st->n_tw > 0 && !c->ignore_tw ? st->tw[w].open_s
                                                          : -INFINITY;
            a->close_s[w] = st->n_tw > 0 && !c->ignore_tw ? st->tw[w].close_s
                                                           : INFINITY;
        }
        if (plan[k] >= 0) {
            const wo_vrp_facility *fa = &pb->facilities[plan[k]];
            trip = nv;
            a = &x[nv++];
            a->loc = fa->loc;
            a->rel_s = 0;
            a->serv_s = fa->unload_s;
            a->n_tw = 1;
            a->open_s[0] = fa->open_s;
            a->close_s[0] = fa->close_s;
        }
    }
    np = v->break_s > 0 ? nv + 1 : 1;
    for (p = 0; p < np; p++) {
        int loc = v->start_loc;
        double d0, tr;
        cur[0].e = v->shift_open_s;
        cur[0].d = 0;
        cur[0].l = v->shift_close_s;
        n = 1;
        for (i = 0; i <= nv && n > 0; i++) {
            /* a trip leaves its start once released */
            double rel = i == 0 ? rel0 : x[i - 1].rel_s;
            int j;
            for (j = 0; j < n && rel > 0 && i < nv; j++)
                cur[j].e = fmax(cur[j].e, rel);
            if (v->break_s > 0 && i == p)
                n = xs_break(c, t, cur, n);
            if (i == nv || n == 0)
                break;
            tr = vrp_travel_s(pb, t, loc, x[i].loc);
            n = xs_visit(c, t, cur, n, tr, &x[i], nxt);
            memcpy(cur, nxt, sizeof(xfn) * (size_t)n);
            loc = x[i].loc;
        }
        if (n == 0)
            continue;
        tr = vrp_travel_s(pb, t, loc, v->end_loc);
        if (xs_end(c, t, cur, n, tr, &d0) < best - 1e-9) {
            best = xs_end(c, t, cur, n, tr, &d0);
            *dep = d0;
            *brk_at = p;
        }
    }
    return isfinite(best);
}

/* The exact unload plan: facilities of a stream it handles, and labels
 * kept per state. */
#define XP_MAX_FAC 4
#define XP_CAP 6
#define XP_POOL (2 + 2 * VRP_EXACT_SCHED * (1 + XP_MAX_FAC) * 2 * XP_CAP)

/* A partial drive of a fixed sequence for exact_plan. */
typedef struct xlab {
    xfn f;                       /* departure function                */
    double dist_m;               /* driven so far                     */
    double load[WO_VRP_DIMS];    /* on board                          */
    int from;                    /* label it extends, -1 at the start */
    int k;                       /* last stop served (position), -1   */
    int node;                    /* 0: at that stop, 1+q: unloaded at
                                    the stream's facility q after it  */
    int brk;                     /* break taken                       */
    int brk_here;                /* the break was taken right here    */
} xlab;

/* Labels of exact_plan, grouped by state (position, node, break). */
typedef struct xplan {
    xlab lab[XP_POOL];
    int n_lab;
    int bucket[VRP_EXACT_SCHED * (1 + XP_MAX_FAC) * 2][XP_CAP];
    int n_in[VRP_EXACT_SCHED * (1 + XP_MAX_FAC) * 2];
    int nf;                      /* facilities of the stream          */
} xplan;

/* Keep label x in its state unless one there is no worse in distance,
 * load and departure function; drop those it beats. */
static void xp_add(xplan *xp, const xlab *x)
{
    int b = (x->k * (1 + xp->nf) + x->node) * 2 + x->brk, i, d, m = 0;
    int *bk = xp->bucket[b];
    for (i = 0; i < xp->n_in[b]; i++) {
        const xlab *y = &xp->lab[bk[i]];
        int y_dom = y->dist_m <= x->dist_m && y->f.e <= x->f.e &&
                    y->f.d <= x->f.d && y->f.l >= x->f.l;
        for (d = 0; d < WO_VRP_DIMS; d++)
            y_dom &= y->load[d] <= x->load[d];
        if (y_dom)
            return;
    }
    for (i = 0; i < xp->n_in[b]; i++) {
        const xlab *y = &xp->lab[bk[i]];
        int x_dom = x->dist_m <= y->dist_m && x->f.e <= y->f.e &&
                    x->f.d <= y->f.d && x->f.l >= y->f.l;
        for (d = 0; d < WO_VRP_DIMS; d++)
            x_dom &= x->load[d] <= y->load[d];
        if (!x_dom)
            bk[m++] = bk[i];
    }
    xp->n_in[b] = m;
    if (m == XP_CAP || xp->n_lab == XP_POOL)
        return; /* full: the plan found may then not be the best */
    xp->lab[xp->n_lab] = *x;
    bk[xp->n_in[b]++] = xp->n_lab++;
}

/* The break right after label x (in place); 0 when too late. */
static int xp_break(const vrp_ctx *c, int t, xlab *x)
{
    if (xs_break(c, t, &x->f, 1) == 0)
        return 0;
    x->brk = 1;
    x->brk_here = 1;
    return 1;
}

/* Where label x stands. */
static int xp_loc(const vrp_ctx *c, int t, const int *seq, const xlab *x)
{
    const wo_vrp_problem *pb = c->pb;
    int stream = pb->stops[seq[0]].stream;
    if (x->k < 0)
        return pb->types[t].start_loc;
    if (x->node == 0)
        return pb->stops[seq[x->k]].loc;
    return pb->facilities[c->fac_list[stream * pb->n_facilities + x->node - 1]]
        .loc;
}

/* Extend label li to stop k (every window). */
static void xp_to_stop(const vrp_ctx *c, int t, const int *seq, xplan *xp,
                       int li, int k)
{
    const wo_vrp_problem *pb = c->pb;
    const wo_vrp_vehicle_type *v = &pb->types[t];
    const wo_vrp_stop *st = &pb->stops[seq[k]];
    xlab x = xp->lab[li];
    int loc = xp_loc(c, t, seq, &x), d, w, nw, tw = st->n_tw > 0 && !c->ignore_tw;
    double tr = vrp_travel_s(pb, t, loc, st->loc);
    xvis a;
    xfn out[WO_VRP_MAX_TW];
    x.from = li;
    x.k = k;
    x.node = 0;
    x.brk_here = 0;
    x.dist_m += vrp_dist_m(pb, loc, st->loc);
    for (d = 0; d < WO_VRP_DIMS; d++) {
        x.load[d] += st->demand[d];
        if (vrp_lim_over(x.load[d], v->capacity[d]))
            return;
    }
    a.loc = st->loc;
    a.serv_s = st->service_s;
    a.n_tw = tw ? st->n_tw : 1;
    for (w = 0; w < a.n_tw; w++) {
        a.open_s[w] = tw ? st->tw[w].open_s : -INFINITY;
        a.close_s[w] = tw ? st->tw[w].close_s : INFINITY;
    }
    nw = xs_visit(c, t, &xp->lab[li].f, 1, tr, &a, out);
    for (w = 0; w < nw; w++) {
        x.f = out[w];
        xp_add(xp, &x);
    }
}

/* The exact unload plan and schedule of seq on type t: the unloads (at
 * most XP_MAX_FAC facilities for the stream), departure and break position
 * of the cheapest drive (distance and duration) that keeps the capacity
 * and every time rule. On success writes the plan to plan[0..len) and
 * returns 1; 0 when there is none or the route is outside its reach. */
static int exact_plan(const vrp_ctx *c, int t, const int *seq, int len,
                      int *plan, double *dep, int *brk_at)
{
    const wo_vrp_problem *pb = c->pb;
    const wo_vrp_vehicle_type *v = &pb->types[t];
    int stream = pb->stops[seq[0]].stream, k, q, i, b, nb, best = -1, d;
    int path[2 * VRP_EXACT_SCHED + 2], np = 0, nvis;
    double best_cost = INFINITY;
    xplan *xp = NULL, xps;
    xlab x;

    if (len > VRP_EXACT_SCHED || c->fac_n[stream] > XP_MAX_FAC ||
        c->fac_n[stream] == 0)
        return 0;
    xp = &xps;
    xp->nf = c->fac_n[stream];
    xp->n_lab = 0;
    memset(xp->n_in, 0, sizeof(int) * (size_t)(len * (1 + xp->nf) * 2));
    memset(&x, 0, sizeof x);
    x.f.e = v->shift_open_s;
    x.f.l = v->shift_close_s;
    x.from = -1;
    x.k = -1;
    xp->lab[xp->n_lab++] = x;
    if (v->break_s > 0 && xp_break(c, t, &x))
        xp->lab[xp->n_lab++] = x;
    nb = xp->n_lab;
    for (i = 0; i < nb; i++)
        xp_to_stop(c, t, seq, xp, i, 0);
    for (k = 0; k < len; k++) {
        int base = k * (1 + xp->nf) * 2;
        /* the break after the stop, unloads after it, the break after
         * those, then on to the next stop */
        for (i = 0; i < xp->n_in[base]; i++) {
            x = xp->lab[xp->bucket[base][i]];
            x.from = xp->bucket[base][i];
            if (v->break_s > 0 && xp_break(c, t, &x))
                xp_add(xp, &x);
        }
        for (b = 0; b < 2; b++)
            for (i = 0; i < xp->n_in[base + b]; i++) {
                int li = xp->bucket[base + b][i];
                int loc = pb->stops[seq[k]].loc;
                for (q = 0; q < xp->nf; q++) {
                    const wo_vrp_facility *fa =
                        &pb->facilities[c->fac_list[stream * pb->n_facilities + q]];
                    xvis a;
                    xfn out;
                    a.loc = fa->loc;
                    a.serv_s = fa->unload_s;
                    a.n_tw = 1;
                    a.open_s[0] = fa->open_s;
                    a.close_s[0] = fa->close_s;
                    if (!xs_visit(c, t, &xp->lab[li].f, 1,
                                  vrp_travel_s(pb, t, loc, fa->loc), &a, &out))
                        continue;
                    x = xp->lab[li];
                    x.f = out;
                    x.from = li;
                    x.node = 1 + q;
                    x.brk_here = 0;
                    x.dist_m += vrp_dist_m(pb, loc, fa->loc);
                    for (d = 0; d < WO_VRP_DIMS; d++)
                        x.load[d] = 0;
                    xp_add(xp, &x);
                }
            }
        for (q = 0; q < xp->nf; q++) {
            int bq = base + (1 + q) * 2;
            for (i = 0; i < xp->n_in[bq] && v->break_s > 0; i++) {
                x = xp->lab[xp->bucket[bq][i]];
                x.from = xp->bucket[bq][i];
                if (xp_break(c, t, &x))
                    xp_add(xp, &x);
            }
        }
        for (b = base; b < base + (1 + xp->nf) * 2; b++)
            for (i = 0; i < xp->n_in[b]; i++) {
                int li = xp->bucket[b][i];
                if (k + 1 < len) {
                    xp_to_stop(c, t, seq, xp, li, k + 1);
                } else if ((b - base) / 2 > 0 &&
                           xp->lab[li].brk == (v->break_s > 0)) {
                    /* at a facility after the last stop: home */
                    int loc = xp_loc(c, t, seq, &xp->lab[li]);
                    double dd0, dur = xs_end(c, t, &xp->lab[li].f, 1,
                                             vrp_travel_s(pb, t, loc, v->end_loc),
                                             &dd0);
                    double cost = v->cost_per_m *
                                      (xp->lab[li].dist_m +
                                       vrp_dist_m(pb, loc, v->end_loc)) +
                                  v->cost_per_s * dur;
                    if (cost < best_cost - 1e-9) {
                        best_cost = cost;
                        best = li;
                        *dep = dd0;
                    }
                }
            }
    }
    if (best < 0)
        return 0;
    for (i = best; i >= 0 && np < 2 * VRP_EXACT_SCHED + 2; i = xp->lab[i].from)
        path[np++] = i;
    for (k = 0; k < len; k++)
        plan[k] = -1;
    *brk_at = -1;
    nvis = 0;
    for (i = np - 1; i >= 0; i--) {
        const xlab *y = &xp->lab[path[i]];
        if (y->brk_here) {
            *brk_at = nvis;
            continue;
        }
        if (y->k < 0)
            continue;
        nvis++;
        if (y->node > 0)
            plan[y->k] = c->fac_list[stream * pb->n_facilities + y->node - 1];
    }
    return 1;
}

/* Score of a DP label: its penalised cost so far. */
static double label_score(const vrp_ctx *c, int t, const vrp_sim *s)
{
    const wo_vrp_vehicle_type *v = &c->pb->types[t];
    return v->cost_per_m * s->dist + v->cost_per_s * (s->t - s->dep) +
           c->pen_load * s->loadx + c->pen_tw * s->tw + c->pen_misc * s->misc +
           1e-9 * s->t;
}

/* The exact-placement DP; writes the plan to c->plan. Returns 1 if a plan
 * was found. */
static int dp_plan(vrp_ctx *c, int t, const int *seq, int len, int mode,
                   vrp_sim *lab, int *from, int *via, double *score)
{
    const wo_vrp_problem *pb = c->pb;
    const wo_vrp_vehicle_type *v = &pb->types[t];
    int j, k, q, nf = pb->n_facilities, stream = pb->stops[seq[0]].stream;
    for (j = 0; j <= len; j++)
        score[j] = INFINITY;
    vrp_sim_start(c, t, seq[0], mode, &lab[0]);
    score[0] = 0;
    for (j = 0; j < len; j++) {
        vrp_sim s;
        if (!isfinite(score[j]))
            continue;
        s = lab[j];
        for (k = j; k < len; k++) {
            int d, over_cap = 0;
            vrp_sim_stop(c, t, seq[k], &s);
            for (d = 0; d < WO_VRP_DIMS; d++)
                if (vrp_lim_over(s.load[d], v->capacity[d]))
                    over_cap = 1;
            if (over_cap && k > j)
                break;
            for (q = 0; q < c->fac_n[stream]; q++) {
                int f = c->fac_list[stream * nf + q];
                vrp_sim u = s;
                double sc;
                vrp_sim_unload(c, t, f, &u);
                if (k + 1 == len) {
                    vrp_sim e = u;
                    vrp_eval ev;
                    vrp_sim_end(c, t, &e, &ev);
                    sc = label_score(c, t, &e);
                } else {
                    sc = label_score(c, t, &u);
                }
                if (sc < score[k + 1]) {
                    score[k + 1] = sc;
                    lab[k + 1] = u;
                    from[k + 1] = j;
                    via[k + 1] = f;
                }
            }
        }
    }
    if (!isfinite(score[len]))
        return 0;
    for (k = 0; k < len; k++)
        c->plan[k] = -1;
    for (j = len; j > 0; j = from[j])
        c->plan[j - 1] = via[j];
    return 1;
}

/* Drive plan c->plan (made under rule m) by its exact schedule; keep it in
 * *bs and *ev when it beats *ev. Returns 1 when kept. */
static int try_exact(vrp_ctx *c, int t, const int *seq, int len, int m,
                     vrp_drive_start *bs, vrp_eval *ev)
{
    vrp_sim s;
    vrp_eval ed;
    double dep = 0;
    int brk_at = -1;
    s.vis = NULL;
    if (len > VRP_EXACT_SCHED ||
        !exact_schedule(c, t, seq, len, c->plan, &dep, &brk_at))
        return 0;
    vrp_drive_at(c, t, seq, len, c->plan, dep, brk_at, &s, &ed);
    if (!vrp_eval_better(&ed, ev, 1e-9))
        return 0;
    bs->mode = m;
    bs->exact = 1;
    bs->dep = dep;
    bs->brk_at = brk_at;
    *ev = ed;
    return 1;
}

/* The unload DP under every start rule, each plan driven by that rule, and
 * by its exact schedule: every distinct plan when all_plans, else the plan
 * of the best rule. When one beats *ev (vrp_eval_better), returns 1 with *ev,
 * *bs and its plan in c->plan; else 0. */
int vrp_unload_best(vrp_ctx *c, int t, const int *seq, int len, vrp_sim *lab,
                    int *from, int *via, double *score, vrp_drive_start *bs,
                    vrp_eval *ev, int all_plans)
{
    vrp_sim s;
    vrp_eval ed, eb;
    int m, use_dp = 0, prev[VRP_EXACT_SCHED], have_prev = 0, mb = -1;
    int xplan_[VRP_EXACT_SCHED], brk_at = -1;
    double dep = 0;
    s.vis = NULL;
    memset(&eb, 0, sizeof eb); /* read only once mb >= 0 has set it */
    /* The exact plan and schedule: when it keeps every rule no start rule
     * can do better. It knows no release dates: its drive honours them,
     * and when the route pays for time, its plan may not be the best. */
    if (exact_plan(c, t, seq, len, xplan_, &dep, &brk_at)) {
        vrp_drive_at(c, t, seq, len, xplan_, dep, brk_at, &s, &ed);
        if (vrp_eval_ok(&ed) &&
            (!c->has_release || c->pb->types[t].cost_per_s <= 0)) {
            if (!vrp_eval_better(&ed, ev, 1e-9))
                return 0;
            bs->mode = 0;
            bs->exact = 1;
            bs->dep = dep;
            bs->brk_at = brk_at;
            *ev = ed;
            memcpy(c->plan, xplan_, sizeof(int) * (size_t)len);
            return 1;
        }
    }
    for (m = 0; m < vrp_drive_modes(c, t, seq[0]); m++) {
        if (!dp_plan(c, t, seq, len, m, lab, from, via, score))
            continue;
        vrp_drive(c, t, seq, len, c->plan, m, &s, &ed);
        if (mb < 0 || vrp_eval_better(&ed, &eb, 1e-9)) {
            mb = m;
            eb = ed;
        }
        if (vrp_eval_better(&ed, ev, 1e-9)) {
            bs->mode = m;
            bs->exact = 0;
            *ev = ed;
            use_dp = 1;
        }
        /* the same plan as the rule before has the same exact schedule */
        if (!all_plans || len > VRP_EXACT_SCHED ||
            (have_prev && !memcmp(prev, c->plan, sizeof(int) * (size_t)len)))
            continue;
        memcpy(prev, c->plan, sizeof(int) * (size_t)len);
        have_prev = 1;
        use_dp |= try_exact(c, t, seq, len, m, bs, ev);
    }
    if (!all_plans && mb >= 0 && len <= VRP_EXACT_SCHED) {
        dp_plan(c, t, seq, len, mb, lab, from, via, score);
        use_dp |= try_exact(c, t, seq, len, mb, bs, ev);
    }
    /* the plan of the chosen rule again (c->plan holds the last one) */
    if (use_dp)
        dp_plan(c, t, seq, len, bs->mode, lab, from, via, score);
    return use_dp;
}
