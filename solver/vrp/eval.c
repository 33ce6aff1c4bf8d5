/*
 * eval.c — evaluation of one route: a stop sequence driven by one vehicle
 * type, with unload trips to facilities, the break, time windows, shift,
 * per-trip and per-day load and the stop limit.
 *
 * The search drives a route with the greedy unload rule (drive.c), and on
 * routes of at most VRP_DP_SEARCH stops keeps the better of it and the
 * unload placement of unload.c. A route is driven under every start rule
 * (in the search: on routes of more than VRP_MODES_SEARCH stops only while
 * none keeps every rule, and the final build tries all) and the best kept,
 * one that keeps every rule before a cheaper penalised one. The local
 * search continues a route from the driving state stored after each stop
 * (vrp_eval_states, vrp_eval_from). A final route (vrp_build_route) gets
 * its unloads placed by unload.c and its visits written, the departure
 * delayed by the forward slack.
 */
#include "solver/vrp/internal.h"

#include <math.h>
#include <string.h>

static void empty_eval(vrp_eval *ev)
{
    memset(ev, 0, sizeof *ev);
}

/* The other start rules can only differ from rule 0 by when the vehicle
 * waits: a route that keeps every rule without waiting needs no other. */
static int rules_done(const vrp_eval *ev)
{
    return vrp_eval_ok(ev) && ev->wait_s <= 1e-9;
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
    return len <= VRP_MODES_SEARCH ? !rules_done(ev) : !vrp_eval_ok(ev);
}

/* Finish the route from s with the rest of seq; keep the evaluation in
 * *ev when it is the first (first) or beats it. */
static void eval_rest(const vrp_ctx *c, int t, vrp_sim *s, const int *seq,
                      int len, int first, vrp_eval *ev)
{
    vrp_eval e;
    vrp_drive_greedy(c, t, seq, len, s, NULL, NULL);
    vrp_drive_greedy_end(c, t, s, &e);
    if (first || vrp_eval_better(&e, ev, 0.0))
        *ev = e;
}

void vrp_eval_states(vrp_ctx *c, int t, const int *seq, const int *slot,
                     int len, unsigned char *states)
{
    vrp_sim s;
    int m, nm;
    if (len == 0)
        return;
    s.vis = NULL;
    nm = vrp_drive_modes(c, t, seq[0]);
    for (m = 0; m < nm; m++) {
        vrp_sim_start(c, t, seq[0], m, &s);
        s.nmodes = nm; /* the rules whose states are stored */
        vrp_drive_greedy(c, t, seq, len, &s, states, slot);
    }
}

void vrp_eval_from(vrp_ctx *c, int t, const unsigned char *from,
                   const int *seq, int len, vrp_eval *ev)
{
    vrp_sim s;
    int m, nm;
    if (!from) {
        vrp_eval_route(c, t, seq, len, ev);
        return;
    }
    memcpy(&s, from, sizeof s);
    nm = s.nmodes;
    for (m = 0; more_modes(m, nm, s.nstops + len, ev); m++) {
        memcpy(&s, from + (size_t)m * sizeof(vrp_sim), sizeof s);
        eval_rest(c, t, &s, seq, len, m == 0, ev);
    }
}

/* Move the departure of a written route later by delay: every visit starts
 * as early as it can after the later arrival (never before its planned
 * start, so windows stay met as vrp_sim_end's slack guarantees). */
static void delay_visits(wo_vrp_visit *vis, int n, double delay)
{
    if (n <= 0 || delay <= 0)
        return;
    vis[0].arrival_s += delay;
    vis[0].start_s += delay;
    vis[0].depart_s += delay;
    vrp_visits_shift(vis + 1, n - 1, delay);
}


void vrp_eval_route(vrp_ctx *c, int t, const int *seq, int len, vrp_eval *ev)
{
    vrp_sim s, lab[VRP_DP_SEARCH + 1];
    int m, from[VRP_DP_SEARCH + 1], via[VRP_DP_SEARCH + 1];
    double score[VRP_DP_SEARCH + 1];
    vrp_drive_start bs;
    if (len == 0) {
        empty_eval(ev);
        return;
    }
    s.vis = NULL;
    for (m = 0; more_modes(m, vrp_drive_modes(c, t, seq[0]), len, ev);
         m++) {
        vrp_sim_start(c, t, seq[0], m, &s);
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
        vrp_unload_best(c, t, seq, len, lab, from, via, score, &bs, ev, 0);
    }
}

int vrp_build_route(vrp_ctx *c, int t, const int *seq, int len, vrp_eval *ev,
                    wo_vrp_route *out)
{
    vrp_sim s, *lab = NULL;
    int *from = NULL, *via = NULL, use_dp = 0, rc = WO_OK, m, bm = 0;
    double *score = NULL;
    vrp_eval eg, egb;
    vrp_drive_start bs = {0, 0, 0.0, -1};
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
    for (m = 0; m < vrp_drive_modes(c, t, seq[0]) && !(m > 0 && rules_done(&egb));
         m++) {
        vrp_drive(c, t, seq, len, NULL, m, &s, &eg);
        if (m == 0 || vrp_eval_better(&eg, &egb, 0.0)) {
            bm = m;
            egb = eg;
        }
    }
    /* With daily capacities shared by all routes, the greedy placement the
     * search checked is kept when it still fits: a cheaper placement here
     * could take room that a later route needs. */
    if (c->pb->n_facilities > 0 &&
        !(c->fac_rem && vrp_eval_ok(&egb))) {
        lab = wo_malloc(sizeof(vrp_sim) * (size_t)(len + 1));
        from = wo_malloc(sizeof(int) * (size_t)(len + 1));
        via = wo_malloc(sizeof(int) * (size_t)(len + 1));
        score = wo_malloc(sizeof(double) * (size_t)(len + 1));
        if (!lab || !from || !via || !score) {
            rc = WO_ENOMEM;
            goto done;
        }
        for (int k = 0; k <= len; k++)
            lab[k].vis = NULL;
        use_dp = vrp_unload_best(c, t, seq, len, lab, from, via, score, &bs,
                                 &egb, 1);
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
        vrp_drive_at(c, t, seq, len, c->plan, bs.dep, bs.brk_at, &s, ev);
    else
        vrp_drive(c, t, seq, len, use_dp ? c->plan : NULL, use_dp ? bs.mode : bm,
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
