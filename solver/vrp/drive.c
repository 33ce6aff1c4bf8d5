/*
 * drive.c — driving one route step by step: the running state of a vehicle
 * (vrp_sim) and its steps (start, stop, unload, break, end), the start
 * rules, and the greedy unload rule (unload at the cheapest facility just
 * before a stop that does not fit, and on the way home).
 *
 * Every evaluation of a route is such a drive: eval.c picks the start rule
 * and stores the states the local search continues from, unload.c drives
 * the unload plans it places, construct.c grows routes one stop at a time.
 * Violations are measured, never hidden: time warp (late service, closed
 * facility, shift end, shift length, late break), load excess and misc
 * (stop limit, stream, facility capacity).
 *
 * Start rules: the break rule (as soon as its window opens, as late as
 * possible, where it fills waiting at the next visit, or at the start depot
 * before leaving; always before a leg that would pass its latest start),
 * each with every window of the first stop that the vehicle can reach. The
 * departure can then be delayed by the largest amount that waiting absorbs
 * without making any visit late (forward slack, s->delay), which shortens
 * the paid route duration.
 *
 * Release dates: a trip leaves its start (the start depot or an unload) no
 * earlier than the release dates of its stops. The drive learns them stop
 * by stop, so a stop released later than the trip's departure moves that
 * departure later, and the trip driven so far with it: the waiting of the
 * trip absorbs the move, the rest delays the vehicle, and a move beyond
 * the trip's slack makes a visit late (time warp). The first trip moves
 * the route's departure itself.
 */
#include "solver/vrp/internal.h"

#include <math.h>
#include <string.h>

static void emit(vrp_sim *s, wo_vrp_visit_kind kind, int index, double arr,
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
int vrp_drive_modes(const vrp_ctx *c, int t, int i)
{
    const wo_vrp_stop *st = &c->pb->stops[i];
    int nw = 1;
    if (!c->ignore_tw && st->n_tw > 0)
        nw = st->n_tw - first_window(c, t, i);
    return n_brk_modes(c, t) * (nw > 1 ? nw : 1);
}

/* Start a route at its depot under start rule mode (0..n_modes-1). */
void vrp_sim_start(const vrp_ctx *c, int t, int first_stop, int mode,
                   vrp_sim *s)
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
    s->nmodes = first_stop >= 0 ? vrp_drive_modes(c, t, first_stop) : 1;
    s->tw = s->loadx = s->misc = s->wait = s->delay = 0;
    s->fslack = INFINITY;
    s->trip_wait = 0;
    s->trip_slack = INFINITY;
    s->trip_w0 = 0;
    s->trip_vis = 0;
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
    s->dep = s->t = s->trip_dep = dep;
    emit(s, WO_VISIT_DEPOT, -1, dep, dep, dep);
}

void vrp_visits_shift(wo_vrp_visit *vis, int n, double shift)
{
    int k;
    for (k = 0; k < n && shift > 0; k++) {
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

/* A trip starts here (the vehicle ready to leave at s->t). */
static void trip_begin(vrp_sim *s)
{
    s->trip_dep = s->t;
    s->trip_wait = 0;
    s->trip_slack = INFINITY;
    s->trip_w0 = s->wait;
    s->trip_vis = s->nvis - 1;
}

/* The trip's departure moves to rel (> s->trip_dep), the release date of
 * its next stop: see the head of the file. */
static void trip_release(vrp_sim *s, double rel)
{
    double delta = rel - s->trip_dep;
    double absorbed = fmin(s->trip_wait, delta), late = delta - s->trip_slack;
    double sh = delta - absorbed;
    if (s->nunl == 0) {
        /* the route leaves later: no waiting at the depot */
        s->dep += delta;
        s->wait -= absorbed;
        s->fslack -= delta;
    } else {
        s->wait += sh;
        /* a later start of the route reaches this trip only past the
         * waiting before it */
        s->fslack = fmin(s->fslack, s->trip_w0);
    }
    if (late > 0) {
        s->tw += late;
        delta -= late;
    }
    s->trip_wait -= absorbed;
    s->trip_slack = fmax(0.0, s->trip_slack - delta);
    s->t += sh;
    s->trip_dep = rel;
    if (s->vis && s->trip_vis >= 0) {
        wo_vrp_visit *v = &s->vis[s->trip_vis];
        double old = v->depart_s;
        if (v->kind == WO_VISIT_DEPOT)
            v->arrival_s = v->start_s = rel;
        v->depart_s = rel;
        vrp_visits_shift(v + 1, s->nvis - s->trip_vis - 1, rel - old);
    }
}

/* Take the break now if forced, if the next leg (tt) would pass its latest
 * start, or else by the route's rule: 0, as soon as its window has opened;
 * 1, never earlier; 2, when the vehicle would wait at the next visit (it
 * could start service at next_s at the earliest) at least as long as for
 * the break window; 3, at the start depot; BRK_AT, after brk_at visits
 * and only there. */
static void sim_break(const vrp_ctx *c, int t, vrp_sim *s, double tt,
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
    s->trip_wait += start - s->t;
    if (start > v->break_latest_s)
        s->tw += start - v->break_latest_s;
    s->fslack = fmin(s->fslack, s->wait + fmax(0.0, v->break_latest_s - start));
    s->trip_slack = fmin(s->trip_slack,
                         s->trip_wait + fmax(0.0, v->break_latest_s - start));
    s->t = start + v->break_s;
    s->brk = 1;
    emit(s, WO_VISIT_BREAK, -1, start, start, s->t);
}

static void trip_excess(const vrp_ctx *c, int t, vrp_sim *s)
{
    const wo_vrp_vehicle_type *v = &c->pb->types[t];
    int d;
    for (d = 0; d < WO_VRP_DIMS; d++)
        if (vrp_lim_over(s->load[d], v->capacity[d]))
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

static void sim_stop(const vrp_ctx *c, int t, int i, vrp_sim *s)
{
    const wo_vrp_problem *pb = c->pb;
    const wo_vrp_stop *st = &pb->stops[i];
    double tt = vrp_travel_s(pb, t, s->loc, st->loc), arr, start;
    int w, d;
    if (st->release_s > s->trip_dep && st->release_s > 0 && !c->ignore_tw)
        trip_release(s, st->release_s);
    if (!s->brk)
        sim_break(c, t, s, tt, stop_start(c, st, s->t + tt, &w), 0);
    s->dist += vrp_dist_m(pb, s->loc, st->loc);
    s->loc = st->loc;
    arr = s->t + tt;
    start = stop_start(c, st, arr, &w);
    if (start < 0) {
        w = st->n_tw - 1;
        start = st->tw[w].close_s;
        s->tw += arr - start;
    }
    if (start > arr) {
        s->wait += start - arr;
        s->trip_wait += start - arr;
    }
    if (st->n_tw > 0 && !c->ignore_tw) {
        s->fslack = fmin(s->fslack, s->wait + st->tw[w].close_s - start);
        s->trip_slack = fmin(s->trip_slack,
                             s->trip_wait + st->tw[w].close_s - start);
    }
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

static void sim_unload(const vrp_ctx *c, int t, int f, vrp_sim *s)
{
    const wo_vrp_problem *pb = c->pb;
    const wo_vrp_facility *fa = &pb->facilities[f];
    double tt = vrp_travel_s(pb, t, s->loc, fa->loc), arr, start;
    int d;
    sim_break(c, t, s, tt, fa->open_s, 0);
    s->dist += vrp_dist_m(pb, s->loc, fa->loc);
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
    trip_begin(s);
}

static void sim_end(const vrp_ctx *c, int t, vrp_sim *s, vrp_eval *ev)
{
    const wo_vrp_problem *pb = c->pb;
    const wo_vrp_vehicle_type *v = &pb->types[t];
    double tt = vrp_travel_s(pb, t, s->loc, v->end_loc), dur;
    int d;
    /* A break still owed is taken before the drive home (waiting for its
     * window where the vehicle is), so every route ends at its end depot. */
    sim_break(c, t, s, tt, -INFINITY, 1);
    s->dist += vrp_dist_m(pb, s->loc, v->end_loc);
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
        if (vrp_lim_over(s->day[d], v->max_load_per_day[d]))
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
        double q = v->cost_per_m * (vrp_dist_m(pb, a, fl) + vrp_dist_m(pb, fl, b)) +
                   v->cost_per_s * (vrp_travel_s(pb, t, a, fl) +
                                    vrp_travel_s(pb, t, fl, b)) +
                   1e-9 * (vrp_dist_m(pb, a, fl) + vrp_dist_m(pb, fl, b));
        if (c->fac_price)
            q += c->fac_price[f];
        if (q < bc) {
            bc = q;
            best = f;
        }
    }
    return best;
}

static int fits(const vrp_ctx *c, int t, const vrp_sim *s, int i)
{
    const wo_vrp_vehicle_type *v = &c->pb->types[t];
    int d;
    for (d = 0; d < WO_VRP_DIMS; d++)
        if (vrp_lim_over(s->load[d] + c->pb->stops[i].demand[d], v->capacity[d]))
            return 0;
    return 1;
}

static int loaded(const vrp_sim *s)
{
    int d;
    for (d = 0; d < WO_VRP_DIMS; d++)
        if (s->load[d] > 0)
            return 1;
    return 0;
}

/* Drive seq with unloads: plan[k] >= 0 unloads at that facility after stop
 * k; plan NULL uses the greedy rule; mode: the start rule (vrp_sim_start). */
static void drive_on(const vrp_ctx *c, int t, const int *seq, int len,
                     const int *plan, vrp_sim *s, vrp_eval *ev)
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

void vrp_drive(const vrp_ctx *c, int t, const int *seq, int len,
               const int *plan, int mode, vrp_sim *s, vrp_eval *ev)
{
    vrp_sim_start(c, t, seq[0], mode, s);
    drive_on(c, t, seq, len, plan, s, ev);
}

/* Drive seq with the unloads of plan, leaving the depot at dep and taking
 * the break after brk_at visits (the exact schedule's choice). */
void vrp_drive_at(const vrp_ctx *c, int t, const int *seq, int len,
                  const int *plan, double dep, int brk_at, vrp_sim *s,
                  vrp_eval *ev)
{
    wo_vrp_visit *vis = s->vis;
    s->vis = NULL;
    vrp_sim_start(c, t, seq[0], 0, s);
    s->vis = vis;
    s->dep = s->t = s->trip_dep = dep;
    s->brk_rule = BRK_AT;
    s->brk_at = brk_at;
    emit(s, WO_VISIT_DEPOT, -1, dep, dep, dep);
    drive_on(c, t, seq, len, plan, s, ev);
}


/* The greedy rule from the current state: unload before a stop that does
 * not fit; the state after each stop k is copied to the slot[k]-th state
 * record of states (the part of start rule s->mode) when states is
 * given. */
void vrp_drive_greedy(const vrp_ctx *c, int t, const int *seq, int len,
                      vrp_sim *s, unsigned char *states, const int *slot)
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
                       (size_t)s->mode * sizeof(vrp_sim),
                   s, sizeof(vrp_sim));
    }
}

void vrp_drive_greedy_end(const vrp_ctx *c, int t, vrp_sim *s, vrp_eval *ev)
{
    const wo_vrp_problem *pb = c->pb;
    if (pb->n_facilities > 0 && loaded(s)) {
        int f = best_facility(c, t, s->stream, s->loc, pb->types[t].end_loc);
        if (f >= 0)
            sim_unload(c, t, f, s);
    }
    sim_end(c, t, s, ev);
}

size_t vrp_state_size(void)
{
    return BRK_RULES * WO_VRP_MAX_TW * sizeof(vrp_sim);
}

/* The steps above for the other files (internal.h); drive.c calls the
 * static ones, which the compiler can inline in its loops. */

void vrp_sim_stop(const vrp_ctx *c, int t, int i, vrp_sim *s)
{
    sim_stop(c, t, i, s);
}

void vrp_sim_unload(const vrp_ctx *c, int t, int f, vrp_sim *s)
{
    sim_unload(c, t, f, s);
}

void vrp_sim_end(const vrp_ctx *c, int t, vrp_sim *s, vrp_eval *ev)
{
    sim_end(c, t, s, ev);
}

int vrp_best_facility(const vrp_ctx *c, int t, int stream, int a, int b)
{
    return best_facility(c, t, stream, a, b);
}

int vrp_sim_fits(const vrp_ctx *c, int t, const vrp_sim *s, int i)
{
    return fits(c, t, s, i);
}

int vrp_sim_loaded(const vrp_sim *s)
{
    return loaded(s);
}
