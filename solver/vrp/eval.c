/*
 * eval.c — evaluation of one route: a stop sequence driven by one vehicle
 * type, with unload trips to facilities, the break, time windows, shift,
 * per-trip and per-day load and the stop limit.
 *
 * The search uses the greedy rule (unload at the best facility just before a
 * stop that does not fit), and on routes of at most VRP_DP_SEARCH stops the
 * better of it and the DP below. A final route is built with a dynamic
 * program over the unload positions (state: unloaded right after stop j; one
 * label, the cheapest penalised, per state; every facility of the stream
 * tried), kept when it beats the greedy placement. A route is driven under
 * every start rule (in the search: on routes of more than VRP_MODES_SEARCH
 * stops only while none keeps every rule) and the best kept, one that
 * keeps every rule before a cheaper penalised one: the break rule (as soon
 * as its window opens, as late as possible, where it fills waiting at the
 * next visit, or at the start depot before leaving; always before a leg
 * that would pass its latest start),
 * each with every window of the first stop that the vehicle can reach. The
 * departure is then delayed by the largest amount that waiting absorbs
 * without making any visit late (forward slack), which shortens the paid
 * route duration.
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
 * Violations are measured,
 * never hidden: time warp (late service, closed facility, shift end, shift
 * length, late break), load excess and misc (stop limit, stream, facility
 * capacity).
 */
#include "solver/vrp/internal.h"

#include <math.h>
#include <string.h>

/* Facilities whose use the route tracks itself against c->fac_rem (the
 * others are checked trip by trip, and the final build shortens a route
 * that overdraws them). */
#define VRP_FAC_TRACK 16

/* Running state of a route being driven. */
typedef struct sim {
    int loc;                    /* current location                    */
    int stream;                 /* the route's stream                  */
    double t;                   /* current time                        */
    double dep;                 /* departure from the start depot      */
    double dist;                /* metres driven                       */
    double load[WO_VRP_DIMS];   /* on board                            */
    double day[WO_VRP_DIMS];    /* collected since the start           */
    int nstops;                 /* stops served                        */
    int brk;                    /* break taken (or none required)      */
    int nmodes;                 /* start rules of this route (in a
                                   stored state: the rules stored)     */
    int brk_rule;               /* when to take the break (sim_break)  */
    int brk_at;                 /* BRK_AT: visits made before it       */
    int mode;                   /* start rule (sim_start)              */
    int nunl;                   /* unloads made                        */
    double tw;                  /* time warp so far                    */
    double loadx;               /* load excess so far                  */
    double misc;                /* misc violations so far              */
    double wait;                /* waiting so far                      */
    double fslack;              /* largest delay of the departure that
                                   makes no visit so far later than its
                                   latest start (waiting absorbs it)   */
    double delay;               /* departure delay chosen at the end   */
    double fac_used[VRP_FAC_TRACK][WO_VRP_DIMS]; /* unloaded per facility */
    wo_vrp_visit *vis;          /* visit output or NULL                */
    int nvis;                   /* visits written                      */
} sim;

static int lim_over(double v, double limit)
{
    return limit != WO_VRP_UNLIMITED && v > limit + 1e-9;
}

static double dist_of(const wo_vrp_problem *pb, int a, int b)
{
    return pb->dist_m[(size_t)a * (size_t)pb->n_loc + (size_t)b];
}

static void emit(sim *s, wo_vrp_visit_kind kind, int index, double arr,
                 double start, double dep)
{
    wo_vrp_visit *v;
    if (!s->vis)
        return;
    v = &s->vis[s->nvis++];
    v->kind = kind;
    v->index = index;
    v->arrival_s = arr;
    v->start_s = start;
    v->depart_s = dep;
    memcpy(v->load_after, s->load, sizeof v->load_after);
}

/* Break rules (sim_break): the start rules use the first BRK_RULES; BRK_AT
 * places it after a given number of visits (the exact schedule). */
#define BRK_RULES 4
#define BRK_AT 4

/* Break rules tried for type t: all of them when it takes a break. */
static int n_brk_modes(const vrp_ctx *c, int t)
{
    return c->pb->types[t].break_s > 0 ? BRK_RULES : 1;
}

/* The first window of stop i that type t can reach from its depot, or its
 * window count when none (or 0 without windows). */
static int first_window(const vrp_ctx *c, int t, int i)
{
    const wo_vrp_problem *pb = c->pb;
    const wo_vrp_vehicle_type *v = &pb->types[t];
    const wo_vrp_stop *st = &pb->stops[i];
    double tt = vrp_travel_s(pb, t, v->start_loc, st->loc);
    int w;
    for (w = 0; w < st->n_tw; w++)
        if (v->shift_open_s + tt <= st->tw[w].close_s)
            break;
    return w;
}

/* Start rules of a route whose first stop is i: one per break rule and
 * reachable window of the first stop (the route starts in time for it). */
static int n_modes(const vrp_ctx *c, int t, int i)
{
    const wo_vrp_stop *st = &c->pb->stops[i];
    int nw = 1;
    if (!c->ignore_tw && st->n_tw > 0)
        nw = st->n_tw - first_window(c, t, i);
    return n_brk_modes(c, t) * (nw > 1 ? nw : 1);
}

/* Start a route at its depot under start rule mode (0..n_modes-1). */
static void sim_start(const vrp_ctx *c, int t, int first_stop, int mode,
                      sim *s)
{
    const wo_vrp_problem *pb = c->pb;
    const wo_vrp_vehicle_type *v = &pb->types[t];
    double dep = v->shift_open_s;
    int nb = n_brk_modes(c, t);
    memset(s->load, 0, sizeof s->load);
    memset(s->day, 0, sizeof s->day);
    memset(s->fac_used, 0, sizeof s->fac_used);
    s->loc = v->start_loc;
    s->stream = first_stop >= 0 ? pb->stops[first_stop].stream : -1;
    s->dist = 0;
    s->nstops = s->nunl = 0;
    s->brk = v->break_s <= 0;
    s->brk_rule = mode % nb;
    s->brk_at = -1;
    s->mode = mode;
    s->nmodes = first_stop >= 0 ? n_modes(c, t, first_stop) : 1;
    s->tw = s->loadx = s->misc = s->wait = s->delay = 0;
    s->fslack = INFINITY;
    s->nvis = 0;
    if (first_stop >= 0) {
        /* Leave late enough not to wait at the first stop, in the window
         * the mode names (the first reachable one for mode < nb); under
         * rule 3 the break comes first, at the depot. */
        const wo_vrp_stop *st = &pb->stops[first_stop];
        double tt = vrp_travel_s(pb, t, v->start_loc, st->loc);
        int w = first_window(c, t, first_stop) + mode / nb;
        if (s->brk_rule == 3)
            tt += v->break_s;
        if (w < st->n_tw && st->tw[w].open_s - tt > dep)
            dep = st->tw[w].open_s - tt;
    }
    s->dep = s->t = dep;
    emit(s, WO_VISIT_DEPOT, -1, dep, dep, dep);
}

/* Take the break now if forced, if the next leg (tt) would pass its latest
 * start, or else by the route's rule: 0, as soon as its window has opened;
 * 1, never earlier; 2, when the vehicle would wait at the next visit (it
 * could start service at next_s at the earliest) at least as long as for
 * the break window; 3, at the start depot; BRK_AT, after brk_at visits
 * and only there. */
static void sim_break(const vrp_ctx *c, int t, sim *s, double tt,
                      double next_s, int force)
{
    const wo_vrp_vehicle_type *v = &c->pb->types[t];
    double start, wn = next_s - (s->t + tt);
    int take;
    if (s->brk)
        return;
    if (s->brk_rule == BRK_AT) {
        if (!force && s->nstops + s->nunl != s->brk_at)
            return;
        take = 1;
    } else if (s->brk_rule == 0)
        take = s->t >= v->break_earliest_s;
    else if (s->brk_rule == 1)
        take = 0;
    else if (s->brk_rule == 2)
        take = wn > 0 && v->break_earliest_s - s->t <= wn;
    else
        take = 1;
    if (!force && !take && s->t + tt <= v->break_latest_s)
        return;
    start = s->t > v->break_earliest_s ? s->t : v->break_earliest_s;
    s->wait += start - s->t;
    if (start > v->break_latest_s)
        s->tw += start - v->break_latest_s;
    s->fslack = fmin(s->fslack, s->wait + fmax(0.0, v->break_latest_s - start));
    s->t = start + v->break_s;
    s->brk = 1;
    emit(s, WO_VISIT_BREAK, -1, start, start, s->t);
}

static void trip_excess(const vrp_ctx *c, int t, sim *s)
{
    const wo_vrp_vehicle_type *v = &c->pb->types[t];
    int d;
    for (d = 0; d < WO_VRP_DIMS; d++)
        if (lim_over(s->load[d], v->capacity[d]))
            s->loadx += (s->load[d] - v->capacity[d]) / c->cap_ref[d];
}

/* Service start at stop st when arriving at arr (window used in *w), or
 * -1 when every window has closed. */
static double stop_start(const vrp_ctx *c, const wo_vrp_stop *st, double arr,
                         int *w)
{
    *w = 0;
    if (st->n_tw == 0 || c->ignore_tw)
        return arr;
    for (*w = 0; *w < st->n_tw; (*w)++)
        if (arr <= st->tw[*w].close_s)
            return arr > st->tw[*w].open_s ? arr : st->tw[*w].open_s;
    return -1;
}

static void sim_stop(const vrp_ctx *c, int t, int i, sim *s)
{
    const wo_vrp_problem *pb = c->pb;
    const wo_vrp_stop *st = &pb->stops[i];
    double tt = vrp_travel_s(pb, t, s->loc, st->loc), arr, start;
    int w, d;
    if (!s->brk)
        sim_break(c, t, s, tt, stop_start(c, st, s->t + tt, &w), 0);
    s->dist += dist_of(pb, s->loc, st->loc);
    s->loc = st->loc;
    arr = s->t + tt;
    start = stop_start(c, st, arr, &w);
    if (start < 0) {
        w = st->n_tw - 1;
        start = st->tw[w].close_s;
        s->tw += arr - start;
    }
    if (start > arr)
        s->wait += start - arr;
    if (st->n_tw > 0 && !c->ignore_tw)
        s->fslack = fmin(s->fslack, s->wait + st->tw[w].close_s - start);
    s->t = start + st->service_s;
    for (d = 0; d < WO_VRP_DIMS; d++) {
        s->load[d] += st->demand[d];
        s->day[d] += st->demand[d];
    }
    s->nstops++;
    if (st->stream != s->stream || !vrp_type_allows(pb, t, st->stream))
        s->misc += 1;
    emit(s, WO_VISIT_STOP, i, arr, start, s->t);
}

static void sim_unload(const vrp_ctx *c, int t, int f, sim *s)
{
    const wo_vrp_problem *pb = c->pb;
    const wo_vrp_facility *fa = &pb->facilities[f];
    double tt = vrp_travel_s(pb, t, s->loc, fa->loc), arr, start;
    int d;
    sim_break(c, t, s, tt, fa->open_s, 0);
    s->dist += dist_of(pb, s->loc, fa->loc);
    s->loc = fa->loc;
    arr = s->t + tt;
    start = arr > fa->open_s ? arr : fa->open_s;
    s->wait += start - arr;
    if (start > fa->close_s) {
        s->tw += start - fa->close_s;
        start = fa->close_s;
    }
    s->fslack = fmin(s->fslack, s->wait + fa->close_s - start);
    s->t = start + fa->unload_s;
    trip_excess(c, t, s);
    if (c->fac_rem)
        for (d = 0; d < WO_VRP_DIMS; d++) {
            double rem = c->fac_rem[f * WO_VRP_DIMS + d], q = s->load[d];
            if (f < VRP_FAC_TRACK)
                q = s->fac_used[f][d] += s->load[d];
            if (rem != WO_VRP_UNLIMITED && q > rem + 1e-9)
                s->misc += 1;
        }
    memset(s->load, 0, sizeof s->load);
    s->nunl++;
    emit(s, WO_VISIT_UNLOAD, f, arr, start, s->t);
}

static void sim_end(const vrp_ctx *c, int t, sim *s, vrp_eval *ev)
{
    const wo_vrp_problem *pb = c->pb;
    const wo_vrp_vehicle_type *v = &pb->types[t];
    double tt = vrp_travel_s(pb, t, s->loc, v->end_loc), dur;
    int d;
    /* A break still owed is taken before the drive home (waiting for its
     * window where the vehicle is), so every route ends at its end depot. */
    sim_break(c, t, s, tt, -INFINITY, 1);
    s->dist += dist_of(pb, s->loc, v->end_loc);
    s->t += tt;
    s->loc = v->end_loc;
    if (pb->n_facilities == 0)
        trip_excess(c, t, s);
    else
        for (d = 0; d < WO_VRP_DIMS; d++)
            if (s->load[d] > 0)
                s->misc += 1; /* came back loaded: no facility reachable */
    emit(s, WO_VISIT_DEPOT, -1, s->t, s->t, s->t);
    for (d = 0; d < WO_VRP_DIMS; d++)
        if (lim_over(s->day[d], v->max_load_per_day[d]))
            s->loadx += (s->day[d] - v->max_load_per_day[d]) / c->cap_ref[d];
    if (v->max_stops > 0 && s->nstops > v->max_stops)
        s->misc += s->nstops - v->max_stops;
    if (s->t > v->shift_close_s)
        s->tw += s->t - v->shift_close_s;
    /* Leaving later by up to the waiting of the route shortens it as long
     * as no visit is pushed past its latest start. */
    s->delay = fmax(0.0, fmin(s->wait, s->fslack));
    dur = s->t - s->dep - s->delay;
    if (v->max_duration_s > 0 && dur > v->max_duration_s)
        s->tw += dur - v->max_duration_s;
    ev->dist_m = s->dist;
    ev->dur_s = dur;
    ev->cost = v->fixed_cost + v->cost_per_m * s->dist + v->cost_per_s * dur;
    ev->load_x = s->loadx;
    ev->tw_s = s->tw;
    ev->misc_x = s->misc;
    ev->n_unloads = s->nunl;
    ev->wait_s = s->wait - s->delay;
    ev->pcost = vrp_penalised(c, t, ev, 1);
}

static void empty_eval(vrp_eval *ev)
{
    memset(ev, 0, sizeof *ev);
}

/* Cheapest facility for the route's stream between locations a and b. */
static int best_facility(const vrp_ctx *c, int t, int stream, int a, int b)
{
    const wo_vrp_problem *pb = c->pb;
    const wo_vrp_vehicle_type *v = &pb->types[t];
    int k, best = -1, nf = pb->n_facilities;
    double bc = INFINITY;
    if (stream < 0)
        return -1;
    for (k = 0; k < c->fac_n[stream]; k++) {
        int f = c->fac_list[stream * nf + k];
        int fl = pb->facilities[f].loc;
        double q = v->cost_per_m * (dist_of(pb, a, fl) + dist_of(pb, fl, b)) +
                   v->cost_per_s * (vrp_travel_s(pb, t, a, fl) +
                                    vrp_travel_s(pb, t, fl, b)) +
                   1e-9 * (dist_of(pb, a, fl) + dist_of(pb, fl, b));
        if (c->fac_price)
            q += c->fac_price[f];
        if (q < bc) {
            bc = q;
            best = f;
        }
    }
    return best;
}

static int fits(const vrp_ctx *c, int t, const sim *s, int i)
{
    const wo_vrp_vehicle_type *v = &c->pb->types[t];
    int d;
    for (d = 0; d < WO_VRP_DIMS; d++)
        if (lim_over(s->load[d] + c->pb->stops[i].demand[d], v->capacity[d]))
            return 0;
    return 1;
}

static int loaded(const sim *s)
{
    int d;
    for (d = 0; d < WO_VRP_DIMS; d++)
        if (s->load[d] > 0)
            return 1;
    return 0;
}

/* Drive seq with unloads: plan[k] >= 0 unloads at that facility after stop
 * k; plan NULL uses the greedy rule; mode: the start rule (sim_start). */
static void drive_on(const vrp_ctx *c, int t, const int *seq, int len,
                     const int *plan, sim *s, vrp_eval *ev)
{
    const wo_vrp_problem *pb = c->pb;
    int k, f;
    for (k = 0; k < len; k++) {
        if (!plan && pb->n_facilities > 0 && k > 0 && loaded(s) &&
            !fits(c, t, s, seq[k])) {
            f = best_facility(c, t, s->stream, s->loc, pb->stops[seq[k]].loc);
            if (f >= 0)
                sim_unload(c, t, f, s);
        }
        sim_stop(c, t, seq[k], s);
        if (plan && plan[k] >= 0)
            sim_unload(c, t, plan[k], s);
    }
    if (!plan && pb->n_facilities > 0 && loaded(s)) {
        f = best_facility(c, t, s->stream, s->loc, pb->types[t].end_loc);
        if (f >= 0)
            sim_unload(c, t, f, s);
    }
    sim_end(c, t, s, ev);
}

static void drive(const vrp_ctx *c, int t, const int *seq, int len,
                  const int *plan, int mode, sim *s, vrp_eval *ev)
{
    sim_start(c, t, seq[0], mode, s);
    drive_on(c, t, seq, len, plan, s, ev);
}

/* Drive seq with the unloads of plan, leaving the depot at dep and taking
 * the break after brk_at visits (the exact schedule's choice). */
static void drive_at(const vrp_ctx *c, int t, const int *seq, int len,
                     const int *plan, double dep, int brk_at, sim *s,
                     vrp_eval *ev)
{
    wo_vrp_visit *vis = s->vis;
    s->vis = NULL;
    sim_start(c, t, seq[0], 0, s);
    s->vis = vis;
    s->dep = s->t = dep;
    s->brk_rule = BRK_AT;
    s->brk_at = brk_at;
    emit(s, WO_VISIT_DEPOT, -1, dep, dep, dep);
    drive_on(c, t, seq, len, plan, s, ev);
}

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
    int nv = 0, k, w, p, i, n, np;
    double best = INFINITY;

    if (len > VRP_EXACT_SCHED)
        return 0;
    for (k = 0; k < len; k++) {
        const wo_vrp_stop *st = &pb->stops[seq[k]];
        xvis *a = &x[nv++];
        a->loc = st->loc;
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
            a = &x[nv++];
            a->loc = fa->loc;
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
    x.dist_m += dist_of(pb, loc, st->loc);
    for (d = 0; d < WO_VRP_DIMS; d++) {
        x.load[d] += st->demand[d];
        if (lim_over(x.load[d], v->capacity[d]))
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
                    x.dist_m += dist_of(pb, loc, fa->loc);
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
                                       dist_of(pb, loc, v->end_loc)) +
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

/* The greedy rule from the current state: unload before a stop that does
 * not fit; the state after each stop k is copied to the slot[k]-th state
 * record of states (the part of start rule s->mode) when states is
 * given. */
static void greedy_steps(const vrp_ctx *c, int t, const int *seq, int len,
                         sim *s, unsigned char *states, const int *slot)
{
    const wo_vrp_problem *pb = c->pb;
    int k, f;
    for (k = 0; k < len; k++) {
        if (pb->n_facilities > 0 && s->nstops > 0 && loaded(s) &&
            !fits(c, t, s, seq[k])) {
            f = best_facility(c, t, s->stream, s->loc, pb->stops[seq[k]].loc);
            if (f >= 0)
                sim_unload(c, t, f, s);
        }
        sim_stop(c, t, seq[k], s);
        if (states)
            memcpy(states + (size_t)slot[k] * vrp_state_size() +
                       (size_t)s->mode * sizeof(sim),
                   s, sizeof(sim));
    }
}

static void greedy_end(const vrp_ctx *c, int t, sim *s, vrp_eval *ev)
{
    const wo_vrp_problem *pb = c->pb;
    if (pb->n_facilities > 0 && loaded(s)) {
        int f = best_facility(c, t, s->stream, s->loc, pb->types[t].end_loc);
        if (f >= 0)
            sim_unload(c, t, f, s);
    }
    sim_end(c, t, s, ev);
}

/* a breaks no rule. */
static int ev_ok(const vrp_eval *a)
{
    return a->load_x <= 1e-9 && a->tw_s <= 1e-6 && a->misc_x <= 0;
}

/* a is a better way to drive the route than b: one that breaks no rule
 * beats one that does (however low the penalties), then the lower
 * penalised cost by more than margin. */
static int ev_better(const vrp_eval *a, const vrp_eval *b, double margin)
{
    int oa = ev_ok(a), ob = ev_ok(b);
    if (oa != ob)
        return oa;
    return a->pcost < b->pcost - margin;
}

/* The other start rules can only differ from rule 0 by when the vehicle
 * waits: a route that keeps every rule without waiting needs no other. */
static int rules_done(const vrp_eval *ev)
{
    return ev_ok(ev) && ev->wait_s <= 1e-9;
}

/* After rule m of nm on a route of len stops evaluated so far as *ev: try
 * the next rule? A short route tries them all until one keeps every rule
 * without waiting; a long one only while none keeps every rule (the
 * waiting a later rule could save is left to the final build). */
static int more_modes(int m, int nm, int len, const vrp_eval *ev)
{
    if (m >= nm)
        return 0;
    if (m == 0)
        return 1;
    return len <= VRP_MODES_SEARCH ? !rules_done(ev) : !ev_ok(ev);
}

/* Finish the route from s with the rest of seq; keep the evaluation in
 * *ev when it is the first (first) or beats it. */
static void eval_rest(const vrp_ctx *c, int t, sim *s, const int *seq,
                      int len, int first, vrp_eval *ev)
{
    vrp_eval e;
    greedy_steps(c, t, seq, len, s, NULL, NULL);
    greedy_end(c, t, s, &e);
    if (first || ev_better(&e, ev, 0.0))
        *ev = e;
}

size_t vrp_state_size(void)
{
    return BRK_RULES * WO_VRP_MAX_TW * sizeof(sim);
}

void vrp_eval_states(vrp_ctx *c, int t, const int *seq, const int *slot,
                     int len, unsigned char *states)
{
    sim s;
    int m, nm;
    if (len == 0)
        return;
    s.vis = NULL;
    nm = n_modes(c, t, seq[0]);
    for (m = 0; m < nm; m++) {
        sim_start(c, t, seq[0], m, &s);
        s.nmodes = nm; /* the rules whose states are stored */
        greedy_steps(c, t, seq, len, &s, states, slot);
    }
}

void vrp_eval_from(vrp_ctx *c, int t, const unsigned char *from,
                   const int *seq, int len, vrp_eval *ev)
{
    sim s;
    int m, nm;
    if (!from) {
        vrp_eval_route(c, t, seq, len, ev);
        return;
    }
    memcpy(&s, from, sizeof s);
    nm = s.nmodes;
    for (m = 0; more_modes(m, nm, s.nstops + len, ev); m++) {
        memcpy(&s, from + (size_t)m * sizeof(sim), sizeof s);
        eval_rest(c, t, &s, seq, len, m == 0, ev);
    }
}

/* Score of a DP label: its penalised cost so far. */
static double label_score(const vrp_ctx *c, int t, const sim *s)
{
    const wo_vrp_vehicle_type *v = &c->pb->types[t];
    return v->cost_per_m * s->dist + v->cost_per_s * (s->t - s->dep) +
           c->pen_load * s->loadx + c->pen_tw * s->tw + c->pen_misc * s->misc +
           1e-9 * s->t;
}

/* The exact-placement DP; writes the plan to c->plan. Returns 1 if a plan
 * was found. */
static int dp_plan(vrp_ctx *c, int t, const int *seq, int len, int mode,
                   sim *lab, int *from, int *via, double *score)
{
    const wo_vrp_problem *pb = c->pb;
    const wo_vrp_vehicle_type *v = &pb->types[t];
    int j, k, q, nf = pb->n_facilities, stream = pb->stops[seq[0]].stream;
    for (j = 0; j <= len; j++)
        score[j] = INFINITY;
    sim_start(c, t, seq[0], mode, &lab[0]);
    score[0] = 0;
    for (j = 0; j < len; j++) {
        sim s;
        if (!isfinite(score[j]))
            continue;
        s = lab[j];
        for (k = j; k < len; k++) {
            int d, over_cap = 0;
            sim_stop(c, t, seq[k], &s);
            for (d = 0; d < WO_VRP_DIMS; d++)
                if (lim_over(s.load[d], v->capacity[d]))
                    over_cap = 1;
            if (over_cap && k > j)
                break;
            for (q = 0; q < c->fac_n[stream]; q++) {
                int f = c->fac_list[stream * nf + q];
                sim u = s;
                double sc;
                sim_unload(c, t, f, &u);
                if (k + 1 == len) {
                    sim e = u;
                    vrp_eval ev;
                    sim_end(c, t, &e, &ev);
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

/* Move the departure of a written route later by delay: every visit starts
 * as early as it can after the later arrival (never before its planned
 * start, so windows stay met as sim_end's slack guarantees). */
static void delay_visits(wo_vrp_visit *vis, int n, double delay)
{
    double shift = delay;
    int k;
    if (n <= 0 || delay <= 0)
        return;
    vis[0].arrival_s += delay;
    vis[0].start_s += delay;
    vis[0].depart_s += delay;
    for (k = 1; k < n; k++) {
        wo_vrp_visit *v = &vis[k];
        double ready = v->kind == WO_VISIT_BREAK ? vis[k - 1].depart_s
                                                  : v->arrival_s + shift;
        double start = fmax(v->start_s, ready), dep;
        if (v->kind == WO_VISIT_DEPOT)
            start = ready;
        dep = start + (v->depart_s - v->start_s);
        shift = dep - v->depart_s;
        v->arrival_s = v->kind == WO_VISIT_BREAK ? start : ready;
        v->start_s = start;
        v->depart_s = dep;
    }
}

/* The unload DP under every start rule: when one beats *ev (ev_better),
 * returns 1 with *ev, *bm (its rule) and its plan in c->plan; else 0. */
/* How the best drive of a route starts: a start rule, or the exact
 * schedule's departure and break position. */
typedef struct dp_start {
    int mode;    /* start rule whose unload plan is used   */
    int exact;   /* 1: driven with dep and brk_at below     */
    double dep;  /* departure from the start depot          */
    int brk_at;  /* visits before the break                 */
} dp_start;

/* Drive plan c->plan (made under rule m) by its exact schedule; keep it in
 * *bs and *ev when it beats *ev. Returns 1 when kept. */
static int try_exact(vrp_ctx *c, int t, const int *seq, int len, int m,
                     dp_start *bs, vrp_eval *ev)
{
    sim s;
    vrp_eval ed;
    double dep = 0;
    int brk_at = -1;
    s.vis = NULL;
    if (len > VRP_EXACT_SCHED ||
        !exact_schedule(c, t, seq, len, c->plan, &dep, &brk_at))
        return 0;
    drive_at(c, t, seq, len, c->plan, dep, brk_at, &s, &ed);
    if (!ev_better(&ed, ev, 1e-9))
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
 * of the best rule. When one beats *ev (ev_better), returns 1 with *ev,
 * *bs and its plan in c->plan; else 0. */
static int dp_best(vrp_ctx *c, int t, const int *seq, int len, sim *lab,
                   int *from, int *via, double *score, dp_start *bs,
                   vrp_eval *ev, int all_plans)
{
    sim s;
    vrp_eval ed, eb;
    int m, use_dp = 0, prev[VRP_EXACT_SCHED], have_prev = 0, mb = -1;
    int xplan_[VRP_EXACT_SCHED], brk_at = -1;
    double dep = 0;
    s.vis = NULL;
    /* The exact plan and schedule: when it keeps every rule no start rule
     * can do better. */
    if (exact_plan(c, t, seq, len, xplan_, &dep, &brk_at)) {
        drive_at(c, t, seq, len, xplan_, dep, brk_at, &s, &ed);
        if (ev_ok(&ed)) {
            if (!ev_better(&ed, ev, 1e-9))
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
    for (m = 0; m < n_modes(c, t, seq[0]); m++) {
        if (!dp_plan(c, t, seq, len, m, lab, from, via, score))
            continue;
        drive(c, t, seq, len, c->plan, m, &s, &ed);
        if (mb < 0 || ev_better(&ed, &eb, 1e-9)) {
            mb = m;
            eb = ed;
        }
        if (ev_better(&ed, ev, 1e-9)) {
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

void vrp_eval_route(vrp_ctx *c, int t, const int *seq, int len, vrp_eval *ev)
{
    sim s, lab[VRP_DP_SEARCH + 1];
    int m, from[VRP_DP_SEARCH + 1], via[VRP_DP_SEARCH + 1];
    double score[VRP_DP_SEARCH + 1];
    dp_start bs;
    if (len == 0) {
        empty_eval(ev);
        return;
    }
    s.vis = NULL;
    for (m = 0; more_modes(m, n_modes(c, t, seq[0]), len, ev);
         m++) {
        sim_start(c, t, seq[0], m, &s);
        eval_rest(c, t, &s, seq, len, m == 0, ev);
    }
    /* Short routes get the unload DP in the search too, unless facility
     * capacities are in play (surcharges and use accounting follow the
     * greedy placement), or the greedy drive is already the best one: a
     * single unload on the way home (at the cheapest facility between the
     * last stop and the depot), no rule broken and no waiting, so nothing
     * a placement or a schedule could save. */
    if (c->pb->n_facilities > 0 && len <= VRP_DP_SEARCH && !c->fac_rem &&
        !c->fac_price &&
        !(ev->n_unloads <= 1 && rules_done(ev))) {
        for (m = 0; m <= len; m++)
            lab[m].vis = NULL;
        dp_best(c, t, seq, len, lab, from, via, score, &bs, ev, 0);
    }
}

int vrp_build_route(vrp_ctx *c, int t, const int *seq, int len, vrp_eval *ev,
                    wo_vrp_route *out)
{
    sim s, *lab = NULL;
    int *from = NULL, *via = NULL, use_dp = 0, rc = WO_OK, m, bm = 0;
    double *score = NULL;
    vrp_eval eg, egb;
    dp_start bs = {0, 0, 0.0, -1};
    if (out) {
        memset(out, 0, sizeof *out);
        out->type = t;
        out->stream = len > 0 ? c->pb->stops[seq[0]].stream : -1;
    }
    if (len == 0) {
        empty_eval(ev);
        return WO_OK;
    }
    s.vis = NULL;
    for (m = 0; m < n_modes(c, t, seq[0]) && !(m > 0 && rules_done(&egb));
         m++) {
        drive(c, t, seq, len, NULL, m, &s, &eg);
        if (m == 0 || ev_better(&eg, &egb, 0.0)) {
            bm = m;
            egb = eg;
        }
    }
    /* With daily capacities shared by all routes, the greedy placement the
     * search checked is kept when it still fits: a cheaper placement here
     * could take room that a later route needs. */
    if (c->pb->n_facilities > 0 &&
        !(c->fac_rem && ev_ok(&egb))) {
        lab = wo_malloc(sizeof(sim) * (size_t)(len + 1));
        from = wo_malloc(sizeof(int) * (size_t)(len + 1));
        via = wo_malloc(sizeof(int) * (size_t)(len + 1));
        score = wo_malloc(sizeof(double) * (size_t)(len + 1));
        if (!lab || !from || !via || !score) {
            rc = WO_ENOMEM;
            goto done;
        }
        for (int k = 0; k <= len; k++)
            lab[k].vis = NULL;
        use_dp = dp_best(c, t, seq, len, lab, from, via, score, &bs, &egb, 1);
    }
    if (out) {
        out->visits = wo_malloc(sizeof(wo_vrp_visit) * (size_t)(2 * len + 4));
        if (!out->visits) {
            rc = WO_ENOMEM;
            goto done;
        }
    }
    s.vis = out ? out->visits : NULL;
    if (use_dp && bs.exact)
        drive_at(c, t, seq, len, c->plan, bs.dep, bs.brk_at, &s, ev);
    else
        drive(c, t, seq, len, use_dp ? c->plan : NULL, use_dp ? bs.mode : bm,
              &s, ev);
    if (out) {
        delay_visits(out->visits, s.nvis, s.delay);
        out->n_visits = s.nvis;
        out->dist_m = ev->dist_m;
        out->dur_s = ev->dur_s;
        out->cost = ev->cost;
    }
done:
    wo_free(lab);
    wo_free(from);
    wo_free(via);
    wo_free(score);
    return rc;
}

/* ------------------------------------------------------------ construction
 *
 * The first solution is built by regret insertion into all routes at once:
 * every mandatory stop not yet routed keeps its cheapest place that keeps
 * every rule (any position in a route holding one of its granular
 * neighbours, or a new route of a type that carries it) and the cheapest
 * in another route; the stop whose second place costs the most more than
 * its first (the regret; a stop with one place left first of all) goes in,
 * so stops with few places are placed while they still have one, and only
 * the stops whose places the insertion touched are evaluated again. Then
 * the optional stops, each while its cheapest place costs less than its
 * penalty (the mandatory ones get the fleet's time first). When
 * the facilities' daily capacities overflow, the facility surcharges are
 * raised and the routes built again (VRP_CONSTRUCT_ROUNDS at most). A
 * randomized start (the population of big instances), an instance of more
 * than VRP_CONSTRUCT_REGRET_MAX stops (where the regret insertion alone
 * outlasts a time limit: 10,000 stops took over 100 s) and a failed
 * allocation use the sequential builder at the end: routes one after the
 * other, each grown by the nearest stop that keeps every rule. */
#define VRP_CONSTRUCT_REGRET_MAX 2000

#define VRP_CONSTRUCT_ROUNDS 8 /* builds at most, facility surcharges raised
                                  between them                          */
#define REGRET_ONE 1e15        /* regret of a stop with one place left  */
#define VRP_TRACK_MAX 8000000  /* most facility x dimension x route
                                  cells tracked against daily capacity */

/* A place to insert a stop: an existing route, or a new one of a type. */
#define NEW_ROUTE(t) (-(t) - 2) /* option code of a new route of type t */
#define NO_OPTION (-1)

/* State of the regret insertion. */
typedef struct ins {
    vrp_ctx *c;                 /* context                              */
    int *next;                  /* [n_act] next stop of its route, -1   */
    int *slot_of;               /* [n_act] slot of a routed stop, -1    */
    int *head;                  /* [n_slots] first stop, -1: empty      */
    int *len;                   /* [n_slots] stops in the route         */
    double *rcost;              /* [n_slots] cost of the route now      */
    int *free_slot;             /* [n_types] lowest empty slot, -1 none */
    double *b_cost, *s_cost;    /* [n_act] added cost of the cheapest
                                   place and of the cheapest in another
                                   route (INFINITY: none)               */
    int *b_opt, *s_opt;         /* [n_act] their option (slot, NEW_ROUTE
                                   or NO_OPTION)                        */
    int *b_pos;                 /* [n_act] position of the cheapest     */
    int *rev, *rev_at;          /* stops listing k as a neighbour:
                                   rev[rev_at[k] .. rev_at[k+1])        */
    int *mark;                  /* [n_slots] stamp of the slots tried   */
    int stamp;                  /* current stamp                        */
    int *seq;                   /* [n_act+1] scratch (stop indices)     */
    int nfd;                    /* facilities x dimensions tracked, 0:
                                   no daily capacity in play            */
    double *used;               /* [nfd] unloaded by all routes         */
    double *slot_use;           /* [n_slots*nfd] unloaded by each route */
    double *scratch;            /* [nfd] use of a candidate route       */
    int *full;                  /* [n_fac] insertions refused for want
                                   of room at the facility, this build  */
    double *price;              /* [n_fac] surcharges of the best build */
    double *lo, *hi;            /* [n_fac] highest surcharge at which the
                                   facility lacked room, lowest above it
                                   at which it did not (INFINITY: none) */
} ins;

static void ins_free(ins *s)
{
    wo_free(s->next);
    wo_free(s->slot_of);
    wo_free(s->head);
    wo_free(s->len);
    wo_free(s->rcost);
    wo_free(s->free_slot);
    wo_free(s->b_cost);
    wo_free(s->s_cost);
    wo_free(s->b_opt);
    wo_free(s->s_opt);
    wo_free(s->b_pos);
    wo_free(s->rev);
    wo_free(s->rev_at);
    wo_free(s->mark);
    wo_free(s->seq);
    wo_free(s->used);
    wo_free(s->slot_use);
    wo_free(s->scratch);
    wo_free(s->full);
    wo_free(s->price);
    wo_free(s->lo);
    wo_free(s->hi);
}

static int ins_alloc(ins *s, vrp_ctx *c)
{
    size_t n = (size_t)c->n_act + 1, m = (size_t)c->n_slots + 1;
    size_t nt = (size_t)c->pb->n_types + 1;
    int k, j;
    memset(s, 0, sizeof *s);
    s->c = c;
    s->next = wo_malloc(n * sizeof(int));
    s->slot_of = wo_malloc(n * sizeof(int));
    s->head = wo_malloc(m * sizeof(int));
    s->len = wo_malloc(m * sizeof(int));
    s->rcost = wo_malloc(m * sizeof(double));
    s->free_slot = wo_malloc(nt * sizeof(int));
    s->b_cost = wo_malloc(n * sizeof(double));
    s->s_cost = wo_malloc(n * sizeof(double));
    s->b_opt = wo_malloc(n * sizeof(int));
    s->s_opt = wo_malloc(n * sizeof(int));
    s->b_pos = wo_malloc(n * sizeof(int));
    s->rev = wo_malloc(n * VRP_NB * sizeof(int));
    s->rev_at = wo_calloc(n + 1, sizeof(int));
    s->mark = wo_calloc(m, sizeof(int));
    s->seq = wo_malloc(n * sizeof(int));
    if (c->fac_price && (size_t)c->pb->n_facilities * WO_VRP_DIMS * m <=
                            VRP_TRACK_MAX) {
        size_t nf = (size_t)c->pb->n_facilities;
        s->nfd = (int)(nf * WO_VRP_DIMS);
        s->used = wo_malloc((size_t)s->nfd * sizeof(double));
        s->slot_use = wo_malloc((size_t)s->nfd * m * sizeof(double));
        s->scratch = wo_malloc((size_t)s->nfd * sizeof(double));
        s->full = wo_malloc(nf * sizeof(int));
        s->price = wo_malloc(nf * sizeof(double));
        s->lo = wo_malloc(nf * sizeof(double));
        s->hi = wo_malloc(nf * sizeof(double));
        if (!s->used || !s->slot_use || !s->scratch || !s->full || !s->price ||
            !s->lo || !s->hi)
            s->nfd = -1;
    }
    if (s->nfd < 0 || !s->next || !s->slot_of || !s->head || !s->len ||
        !s->rcost || !s->free_slot || !s->b_cost || !s->s_cost || !s->b_opt ||
        !s->s_opt || !s->b_pos || !s->rev || !s->rev_at || !s->mark ||
        !s->seq) {
        ins_free(s);
        return WO_ENOMEM;
    }
    /* reverse neighbour lists (counting sort) */
    for (k = 0; k < c->n_act; k++)
        for (j = 0; j < c->n_nb[k]; j++)
            s->rev_at[c->nb[(size_t)k * VRP_NB + (size_t)j] + 1]++;
    for (k = 0; k < c->n_act; k++)
        s->rev_at[k + 1] += s->rev_at[k];
    for (k = 0; k < c->n_act; k++)
        s->next[k] = s->rev_at[k];
    for (k = 0; k < c->n_act; k++)
        for (j = 0; j < c->n_nb[k]; j++) {
            int q = c->nb[(size_t)k * VRP_NB + (size_t)j];
            s->rev[s->next[q]++] = k;
        }
    return WO_OK;
}

static void ins_reset(ins *s)
{
    vrp_ctx *c = s->c;
    int k, t;
    for (k = 0; k < c->n_act; k++) {
        s->next[k] = -1;
        s->slot_of[k] = -1;
    }
    for (k = 0; k < c->n_slots; k++) {
        s->head[k] = -1;
        s->len[k] = 0;
        s->rcost[k] = 0;
    }
    for (t = 0; t < c->pb->n_types; t++)
        s->free_slot[t] = -1;
    for (k = c->n_slots - 1; k >= 0; k--)
        s->free_slot[c->slot_type[k]] = k;
    for (k = 0; k < s->nfd; k++)
        s->used[k] = 0;
    for (k = 0; k < s->nfd * c->n_slots; k++)
        s->slot_use[k] = 0;
    for (k = 0; k < s->nfd / WO_VRP_DIMS; k++)
        s->full[k] = 0;
}

/* What a route of seq on type t unloads at each facility (added to use)
 * under the greedy rule the search evaluates it with: its unload choices
 * depend on the loads and places only, not on the start rule. */
static void route_use(const vrp_ctx *c, int t, const int *seq, int len,
                      double *use)
{
    const wo_vrp_problem *pb = c->pb;
    sim s;
    int k, d, f;
    if (len == 0 || pb->n_facilities == 0)
        return;
    memset(s.load, 0, sizeof s.load);
    s.loc = pb->types[t].start_loc;
    s.stream = pb->stops[seq[0]].stream;
    for (k = 0; k < len; k++) {
        const wo_vrp_stop *st = &pb->stops[seq[k]];
        if (k > 0 && loaded(&s) && !fits(c, t, &s, seq[k]) &&
            (f = best_facility(c, t, s.stream, s.loc, st->loc)) >= 0)
            for (d = 0; d < WO_VRP_DIMS; d++) {
                use[f * WO_VRP_DIMS + d] += s.load[d];
                s.load[d] = 0;
            }
        s.loc = st->loc;
        for (d = 0; d < WO_VRP_DIMS; d++)
            s.load[d] += st->demand[d];
    }
    if (loaded(&s) &&
        (f = best_facility(c, t, s.stream, s.loc, pb->types[t].end_loc)) >= 0)
        for (d = 0; d < WO_VRP_DIMS; d++)
            use[f * WO_VRP_DIMS + d] += s.load[d];
}

/* Whether route slot rebuilt as s->seq[0..n) on type t keeps within the
 * facilities' daily capacities left by the other routes; the facilities
 * that refuse it are counted in s->full. With use_out, its use is copied
 * there. */
static int room_ok(ins *s, int slot, int t, int n, double *use_out)
{
    const wo_vrp_problem *pb = s->c->pb;
    const double *mine = s->slot_use + (size_t)slot * (size_t)s->nfd;
    int i, ok = 1;
    if (s->nfd == 0)
        return 1;
    for (i = 0; i < s->nfd; i++)
        s->scratch[i] = 0;
    route_use(s->c, t, s->seq, n, s->scratch);
    for (i = 0; i < s->nfd; i++) {
        double cap = pb->facilities[i / WO_VRP_DIMS].capacity[i % WO_VRP_DIMS];
        if (cap != WO_VRP_UNLIMITED &&
            s->used[i] - mine[i] + s->scratch[i] > cap + 1e-9) {
            s->full[i / WO_VRP_DIMS]++;
            ok = 0;
        }
    }
    if (use_out)
        for (i = 0; i < s->nfd; i++)
            use_out[i] = s->scratch[i];
    return ok;
}

/* Stop indices of route slot into s->seq with active stop k inserted at
 * position pos (k < 0: none); returns the length. */
static int ins_seq(const ins *s, int slot, int k, int pos)
{
    const vrp_ctx *c = s->c;
    int n = 0, q, i = 0;
    for (q = s->head[slot]; q >= 0; q = s->next[q], i++) {
        if (i == pos && k >= 0)
            s->seq[n++] = c->act[k];
        s->seq[n++] = c->act[q];
    }
    if (i == pos && k >= 0)
        s->seq[n++] = c->act[k];
    return n;
}

/* Cheapest rule-abiding insertion of active stop k into route slot:
 * added cost and position, or INFINITY. */
static double ins_try(ins *s, int k, int slot, int *pos)
{
    vrp_ctx *c = s->c;
    const wo_vrp_problem *pb = c->pb;
    int t = c->slot_type[slot], p, n, stream = pb->stops[c->act[k]].stream;
    double best = INFINITY;
    if (!vrp_type_allows(pb, t, stream) ||
        (s->head[slot] >= 0 &&
         pb->stops[c->act[s->head[slot]]].stream != stream))
        return INFINITY;
    if (pb->types[t].max_stops > 0 && s->len[slot] >= pb->types[t].max_stops)
        return INFINITY;
    for (p = 0; p <= s->len[slot]; p++) {
        vrp_eval ev;
        n = ins_seq(s, slot, k, p);
        vrp_eval_route(c, t, s->seq, n, &ev);
        if (ev_ok(&ev) && ev.cost - s->rcost[slot] < best &&
            room_ok(s, slot, t, n, NULL)) {
            best = ev.cost - s->rcost[slot];
            *pos = p;
        }
    }
    return best;
}

/* Fold option opt (added cost q at pos) into stop k's two cheapest. */
static void ins_offer(ins *s, int k, int opt, double q, int pos)
{
    if (!isfinite(q))
        return;
    if (q < s->b_cost[k]) {
        if (s->b_opt[k] != opt) {
            s->s_cost[k] = s->b_cost[k];
            s->s_opt[k] = s->b_opt[k];
        }
        s->b_cost[k] = q;
        s->b_opt[k] = opt;
        s->b_pos[k] = pos;
    } else if (q < s->s_cost[k] && opt != s->b_opt[k]) {
        s->s_cost[k] = q;
        s->s_opt[k] = opt;
    }
}

/* Every place of stop k evaluated anew. */
static void ins_full(ins *s, int k)
{
    vrp_ctx *c = s->c;
    const wo_vrp_problem *pb = c->pb;
    int j, t, pos = 0;
    s->b_cost[k] = s->s_cost[k] = INFINITY;
    s->b_opt[k] = s->s_opt[k] = NO_OPTION;
    s->stamp++;
    for (j = 0; j < c->n_nb[k]; j++) {
        int q = c->nb[(size_t)k * VRP_NB + (size_t)j], slot = s->slot_of[q];
        double v;
        if (slot < 0 || s->mark[slot] == s->stamp)
            continue;
        s->mark[slot] = s->stamp;
        v = ins_try(s, k, slot, &pos);
        ins_offer(s, k, slot, v, pos);
    }
    for (t = 0; t < pb->n_types; t++)
        if (s->free_slot[t] >= 0)
            ins_offer(s, k, NEW_ROUTE(t), ins_try(s, k, s->free_slot[t], &pos),
                      0);
}

/* Put stop k at its cheapest place and update the places of the others. */
static void ins_place(ins *s, int k)
{
    vrp_ctx *c = s->c;
    int opt = s->b_opt[k], slot, t, i, q, prev = -1, gone = NO_OPTION;
    vrp_eval ev;
    if (opt <= NEW_ROUTE(0)) {
        t = -opt - 2;
        slot = s->free_slot[t];
        for (i = slot + 1; i < c->n_slots && c->slot_type[i] == t &&
                           s->head[i] >= 0;
             i++)
            ;
        s->free_slot[t] = i < c->n_slots && c->slot_type[i] == t ? i : -1;
        if (s->free_slot[t] < 0)
            gone = opt;
    } else {
        slot = opt;
    }
    /* link k in at its position */
    for (q = s->head[slot], i = 0; q >= 0 && i < s->b_pos[k];
         prev = q, q = s->next[q], i++)
        ;
    s->next[k] = q;
    if (prev < 0)
        s->head[slot] = k;
    else
        s->next[prev] = k;
    s->len[slot]++;
    s->slot_of[k] = slot;
    i = ins_seq(s, slot, -1, 0);
    vrp_eval_route(c, c->slot_type[slot], s->seq, i, &ev);
    s->rcost[slot] = ev.cost;
    if (s->nfd > 0) {
        double *mine = s->slot_use + (size_t)slot * (size_t)s->nfd;
        int f;
        for (f = 0; f < s->nfd; f++)
            s->used[f] -= mine[f];
        room_ok(s, slot, c->slot_type[slot], i, mine);
        for (f = 0; f < s->nfd; f++)
            s->used[f] += mine[f];
    }
    /* stops whose places lay in this route (or in the type that ran out
     * of vehicles) are evaluated anew; those next to k may now join it */
    for (i = 0; i < c->n_act; i++) {
        if (s->slot_of[i] >= 0)
            continue;
        if (s->b_opt[i] == slot || s->s_opt[i] == slot ||
            (gone != NO_OPTION && (s->b_opt[i] == gone || s->s_opt[i] == gone)))
            ins_full(s, i);
    }
    for (i = s->rev_at[k]; i < s->rev_at[k + 1]; i++) {
        int w = s->rev[i], pos = 0;
        double qw;
        if (s->slot_of[w] >= 0 || s->b_opt[w] == slot || s->s_opt[w] == slot)
            continue;
        qw = ins_try(s, w, slot, &pos);
        ins_offer(s, w, slot, qw, pos);
    }
}

/* Whether stop k's cheapest place still leaves the facilities room (the
 * other routes' unloads have grown since it was found). */
static int ins_room_still(ins *s, int k)
{
    const vrp_ctx *c = s->c;
    int opt = s->b_opt[k], slot, n, t;
    if (opt <= NEW_ROUTE(0)) {
        t = -opt - 2;
        slot = s->free_slot[t];
        if (slot < 0)
            return 0;
    } else {
        slot = opt;
        t = c->slot_type[slot];
    }
    n = ins_seq(s, slot, k, s->b_pos[k]);
    return room_ok(s, slot, t, n, NULL);
}

/* One regret-insertion build into tour/rlen; returns 0 when stopped by
 * the deadline or the cancel flag (the stops left stay unserved). */
static int ins_build(ins *s, int *tour, int *rlen)
{
    vrp_ctx *c = s->c;
    int n = c->n_act, k, off = 0, slot, placed = 0, stopped = 0;
    ins_reset(s);
    for (k = 0; k < n; k++)
        ins_full(s, k);
    for (;;) {
        int pick = -1, phase;
        double br = -INFINITY, bc = INFINITY;
        /* mandatory stops first; then optional ones whose cheapest place
         * costs less than their penalty */
        for (phase = 0; phase < 2 && pick < 0; phase++)
            for (k = 0; k < n; k++) {
                const wo_vrp_stop *st = &c->pb->stops[c->act[k]];
                double r;
                if (s->slot_of[k] >= 0 || st->optional != phase ||
                    !isfinite(s->b_cost[k]) ||
                    (phase == 1 && s->b_cost[k] >= st->penalty))
                    continue;
                r = isfinite(s->s_cost[k]) ? s->s_cost[k] - s->b_cost[k]
                                           : REGRET_ONE;
                if (r > br || (r == br && s->b_cost[k] < bc)) {
                    br = r;
                    bc = s->b_cost[k];
                    pick = k;
                }
            }
        if (pick < 0)
            break;
        if (s->nfd > 0 && !ins_room_still(s, pick)) {
            ins_full(s, pick); /* others took the room since */
            continue;
        }
        ins_place(s, pick);
        if ((++placed & 15) == 0 && vrp_should_stop(c)) {
            stopped = 1;
            break;
        }
    }
    for (slot = 0; slot < c->n_slots; slot++) {
        rlen[slot] = s->len[slot];
        for (k = s->head[slot]; k >= 0; k = s->next[k])
            tour[off++] = k;
    }
    for (k = 0; k < n; k++)
        if (s->slot_of[k] < 0)
            tour[off++] = k;
    return !stopped;
}

/* Can the route in *s take stop i next and still end without a violation?
 * On success *s is advanced past i. */
static int try_append(const vrp_ctx *c, int t, sim *s, int i, int first)
{
    const wo_vrp_problem *pb = c->pb;
    sim a = *s, e;
    vrp_eval ev;
    int f;
    if (first) {
        sim_start(c, t, i, 0, &a);
    } else if (pb->n_facilities > 0 && loaded(&a) && !fits(c, t, &a, i)) {
        f = best_facility(c, t, a.stream, a.loc, pb->stops[i].loc);
        if (f >= 0)
            sim_unload(c, t, f, &a);
    }
    sim_stop(c, t, i, &a);
    e = a;
    if (pb->n_facilities > 0 && loaded(&e)) {
        f = best_facility(c, t, e.stream, e.loc, pb->types[t].end_loc);
        if (f >= 0)
            sim_unload(c, t, f, &e);
    }
    sim_end(c, t, &e, &ev);
    if (ev.load_x > 1e-9 || ev.tw_s > 1e-6 || ev.misc_x > 0)
        return 0;
    *s = a;
    return 1;
}

/* The sequential builder: routes one after the other, each from a seed
 * stop (the farthest, or a random one) grown by the nearest stop that keeps
 * every rule; stops left over stay unserved at the end of the tour. */
static void construct_sequential(vrp_ctx *c, int *tour, int *rlen,
                                 int randomize)
{
    const wo_vrp_problem *pb = c->pb;
    int n = c->n_act, off = 0, slot, k, j;
    int *routed = c->plan; /* n_act flags */
    sim s;
    s.vis = NULL;
    for (k = 0; k < n; k++)
        routed[k] = 0;
    for (slot = 0; slot < c->n_slots && off < n; slot++) {
        int t = c->slot_type[slot], len = 0, cur = -1;
        const wo_vrp_vehicle_type *v = &pb->types[t];
        double far = -1;
        /* seed: the farthest unrouted stop (or a random one) this type
         * can serve alone */
        int start = -1, cand = randomize ? (int)wo_rng_below(&c->rng, (uint32_t)n) : 0;
        for (j = 0; j < n; j++) {
            int q = (cand + j) % n, i = c->act[q];
            double d;
            if (routed[q] || pb->stops[i].optional ||
                !vrp_type_allows(pb, t, pb->stops[i].stream))
                continue;
            d = pb->dist_m[(size_t)v->start_loc * (size_t)pb->n_loc +
                           (size_t)pb->stops[i].loc];
            if (randomize ? far < 0 : d > far) {
                sim probe;
                probe.vis = NULL;
                if (!try_append(c, t, &probe, i, 1))
                    continue;
                far = d;
                start = q;
            }
        }
        rlen[slot] = 0;
        if (start < 0)
            continue;
        try_append(c, t, &s, c->act[start], 1);
        routed[start] = 1;
        tour[off + len++] = start;
        cur = start;
        for (;;) {
            /* the feasible stop that takes the least time to reach and
             * serve (travel + waiting + service), granular neighbours
             * first, then any stop of the stream */
            int next = -1, st = pb->stops[c->act[cur]].stream, pass;
            double best = INFINITY;
            sim bs = s;
            for (pass = 0; pass < 2 && next < 0; pass++) {
                int m = pass == 0 ? c->n_nb[cur] : n;
                for (j = 0; j < m; j++) {
                    int q = pass == 0 ? c->nb[(size_t)cur * VRP_NB + (size_t)j] : j;
                    sim probe = s;
                    if (routed[q] || pb->stops[c->act[q]].stream != st ||
                        pb->stops[c->act[q]].optional)
                        continue;
                    if (pass == 1 &&
                        vrp_travel_s(pb, t, s.loc, pb->stops[c->act[q]].loc) >=
                            best)
                        continue;
                    if (!try_append(c, t, &probe, c->act[q], 0))
                        continue;
                    if (probe.t - s.t < best) {
                        best = probe.t - s.t;
                        next = q;
                        bs = probe;
                    }
                }
            }
            s = bs;
            if (next < 0)
                break;
            routed[next] = 1;
            tour[off + len++] = next;
            cur = next;
        }
        rlen[slot] = len;
        off += len;
    }
    for (; slot < c->n_slots; slot++)
        rlen[slot] = 0;
    for (k = 0; k < n; k++)
        if (!routed[k])
            tour[off++] = k;
}

/* Stops a build left out, mandatory ones counting as many as there are
 * stops (a build that places one more of them is the better one). */
static long ins_left(const ins *s)
{
    const vrp_ctx *c = s->c;
    long n = 0;
    int k;
    for (k = 0; k < c->n_act; k++)
        if (s->slot_of[k] < 0)
            n += c->pb->stops[c->act[k]].optional ? 1 : c->n_act + 1;
    return n;
}

/* New surcharges after a build that left stops out: raised (by half plus
 * a step) at the facilities that lacked room, halfway back towards the
 * last surcharge that lacked room at those raised before that now have
 * room to spare. Returns 1 when some surcharge changed. */
static int ins_reprice(ins *s)
{
    vrp_ctx *c = s->c;
    int f, changed = 0;
    for (f = 0; f < c->pb->n_facilities; f++) {
        double p = c->fac_price[f], np = p;
        if (s->full[f] > 0) {
            s->lo[f] = p;
            np = isfinite(s->hi[f]) ? 0.5 * (p + s->hi[f])
                                    : 1.5 * p + c->fac_step;
        } else if (p > s->lo[f]) {
            s->hi[f] = p;
            np = 0.5 * (s->lo[f] + p);
        }
        if (fabs(np - p) > 1e-3 * (c->fac_step + fabs(p))) {
            c->fac_price[f] = np;
            changed = 1;
        }
    }
    return changed;
}

void vrp_construct(vrp_ctx *c, int *tour, int *rlen, int randomize)
{
    ins s;
    int round, f, best_round = -1, last = -1, done = 1;
    long left, best_left = -1;
    int nf = c->pb->n_facilities;
    if (randomize || c->n_act > VRP_CONSTRUCT_REGRET_MAX ||
        ins_alloc(&s, c) != WO_OK) {
        construct_sequential(c, tour, rlen, randomize);
        return;
    }
    for (f = 0; f < nf && s.nfd > 0; f++) {
        s.lo[f] = c->fac_price[f];
        s.hi[f] = INFINITY;
    }
    for (round = 0; round < VRP_CONSTRUCT_ROUNDS; round++) {
        done = ins_build(&s, tour, rlen);
        last = round;
        left = ins_left(&s);
        if (best_left < 0 || left < best_left) {
            best_left = left;
            best_round = round;
            for (f = 0; f < nf && s.nfd > 0; f++)
                s.price[f] = c->fac_price[f];
        }
        if (!done || left == 0 || s.nfd == 0 || !ins_reprice(&s))
            break;
    }
    if (s.nfd > 0 && best_round != last) {
        /* the best build again, with its surcharges (the search evaluates
         * the routes under them) */
        for (f = 0; f < nf; f++)
            c->fac_price[f] = s.price[f];
        if (done)
            ins_build(&s, tour, rlen);
    }
    ins_free(&s);
}

double vrp_facility_overflow(vrp_ctx *c, const int *tour, const int *rlen,
                             int reprice)
{
    const wo_vrp_problem *pb = c->pb;
    int s, i, f, d, off = 0;
    double total = 0;
    double *fuse;
    if (!c->fac_price)
        return 0.0;
    fuse = c->fac_price + pb->n_facilities;
    for (i = 0; i < pb->n_facilities * WO_VRP_DIMS; i++)
        fuse[i] = 0;
    for (s = 0; s < c->n_slots; s++) {
        for (i = 0; i < rlen[s]; i++)
            c->seq_b[i] = c->act[tour[off + i]];
        route_use(c, c->slot_type[s], c->seq_b, rlen[s], fuse);
        off += rlen[s];
    }
    for (f = 0; f < pb->n_facilities; f++) {
        double over = 0;
        for (d = 0; d < WO_VRP_DIMS; d++) {
            double cap = pb->facilities[f].capacity[d];
            double use = fuse[f * WO_VRP_DIMS + d];
            if (cap != WO_VRP_UNLIMITED && use > cap + 1e-9)
                over += (use - cap) / c->cap_ref[d];
        }
        total += over;
        if (!reprice)
            continue;
        if (over > 0)
            c->fac_price[f] = 1.5 * c->fac_price[f] + c->fac_step;
        else
            c->fac_price[f] *= 0.8;
    }
    return total;
}
