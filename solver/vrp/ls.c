/*
 * ls.c — granular local search over routes bound to vehicle slots.
 *
 * Routes are doubly linked lists of nodes with prefix data (load, distance
 * and travel time forward and reversed, service time). A candidate route is
 * described as a list of "pieces" (runs of existing routes, forward or
 * reversed); in the plain-CVRP case its cost is computed from the prefix
 * data in time linear in the number of pieces (constant per move). In the
 * rich case the same prefix data give a lower bound in constant time
 * (approx_cost: distance, travel, service, the final unload, the load and
 * stop-count penalties). A move that passes it is bounded further
 * (piece_bounds) from data stored per stop for the run from its route's
 * first stop to it and from it to the last, both ways: the time-window
 * segment of tws.c, whose joined least time warp is a lower bound of the
 * drive's, and the least unload detour of the run's arcs, which bounds
 * the unloads between stops that the load needs. Only a move that passes
 * both has its sequence materialised and driven (eval.c) from the stored
 * state before the first change.
 *
 * Moves, for a stop u and each of its granular neighbours v (and the start
 * depot of v's route): relocate u, relocate (u,x) and (x,u), swap u/v,
 * swap (u,x)/v, swap (u,x)/(v,y), 2-opt inside a route, 2-opt* both ways;
 * move u to an empty vehicle of any type; insert an unserved stop; drop an
 * optional stop when its penalty is cheaper. First improvement, until no
 * move improves the penalised cost. Once those find nothing, SWAP* between
 * near routes (exchange of two stops, each put at its cheapest place in the
 * other route; on rich routes the places are estimated from arc costs and
 * loads, and the best exchange is then evaluated exactly). vrp_ls_ruin
 * takes a set of stops out, puts them back at their cheapest places and
 * searches only where the order changed.
 */
#include "solver/vrp/internal.h"

#include <math.h>
#include <string.h>

typedef struct node {
    int k;                      /* active index, -1 for a depot            */
    int stop;                   /* stop index, -1 for a depot              */
    int loc;                    /* matrix index                            */
    int route;                  /* route (slot) index, -1 when unserved    */
    int pos;                    /* 0 = start depot                         */
    struct node *prev, *next;   /* neighbours in the route                 */
    double cl[WO_VRP_DIMS];     /* load collected up to here, inclusive    */
    double cd, crd;             /* prefix distance forward / reversed      */
    double ct, crt;             /* prefix travel time forward / reversed   */
    double cs;                  /* prefix service time                     */
    double dem0;                /* demand in dimension 0                   */
    long tested;                /* move counter when last tested           */
    double rem;                 /* SWAP*: arc cost saved by taking it out  */
    long touched;               /* move counter when a move last ended a
                                   piece at it (ruin and recreate)         */
    vrp_tws tw_one;             /* rich: time-window segment of the stop   */
    vrp_tws tw_head, tw_tail;   /* ... of the first stop of its route to
                                   it, of it to the last (route order)     */
    vrp_tws tw_rhead, tw_rtail; /* ... the same runs driven backwards: it
                                   to the first stop, the last to it       */
    double fac_out_m, fac_in_m; /* rich with facilities: metres to the
                                   nearest facility, from the nearest one */
    double fac_out_s, fac_in_s; /* ... the same in matrix travel time      */
    double arc_head, arc_tail;  /* least arc_unload of the arcs of the runs
                                   of tw_head and tw_tail (HUGE_VAL: none) */
    double arc_rhead, arc_rtail; /* ... of tw_rhead and tw_rtail           */
} node;

typedef struct route {
    int type;                   /* vehicle type of the slot                */
    node start, end;            /* depot nodes                             */
    int len;                    /* stops                                   */
    vrp_eval ev;                /* measures                                */
    double approx;              /* approx_cost of the route                */
    double stab;                /* route_stab of the route (set only with
                                   preferred vehicles)                     */
    long modified;              /* move counter at the last change         */
    long sw_tested;             /* move counter when its SWAP* pairs were
                                   last tested                             */
    int off, cap;               /* rich: its stops in order are
                                   seq[off..off+len), room for cap         */
} route;

typedef struct piece {
    node *a, *b;                /* first and last node in route order      */
    int rev;                    /* traversed b -> a                        */
} piece;

struct vrp_ls {
    vrp_ctx *c;                 /* context                                 */
    node *nodes;                /* [n_act]                                 */
    route *routes;              /* [n_slots]                               */
    int *order;                 /* [n_act] visiting order of u             */
    node **buf_a, **buf_b;      /* [n_act] new sequences while applying    */
    int *empty_hint;            /* [n_types] a slot that may be empty      */
    unsigned char *states;      /* [n_act] driving state after each stop (rich) */
    int *kseq;                  /* [n_act] active indices scratch          */
    int plain;                  /* distance and one load dimension only    */
    long counter;               /* moves applied                           */
    int keep_feasible;          /* refuse moves that break a clean route   */
    int loop;                   /* passes done in this run                 */
    double *ins_cost;           /* [3*n_act] SWAP*: the three cheapest
                                   insertions of a stop into the other
                                   route of the pair, ascending            */
    node **ins_after;           /* [3*n_act] ... the node each follows     */
    int *near;                  /* [n_act*VRP_NB] SWAP*: routes near each
                                   route (holding a neighbour of a stop)   */
    int *near_off;              /* [n_slots+1] route r's list in near      */
    int *mark;                  /* [n_slots] stamps while listing near     */
    int *seq;                   /* [seq_size] rich: the routes' stop
                                   indices in order, one slice per route  */
    int *seq_tmp;               /* [seq_size] scratch of the compaction    */
    int seq_size, seq_top;      /* size of seq, first unused entry         */
    int dry;                    /* 1: try_move only measures (dry_delta)   */
    double dry_delta;           /* change of the last move measured dry    */
    double *fin;                /* [n_types*n_act] rich with facilities:
                                   least cost of ending a route after stop
                                   k through a facility instead of driving
                                   home directly (its final unload)        */
    double unload_min_s;        /* shortest unload time of a facility      */
};

static double dd(const wo_vrp_problem *pb, int a, int b)
{
    return pb->dist_m[(size_t)a * (size_t)pb->n_loc + (size_t)b];
}

static double tt(const wo_vrp_problem *pb, int a, int b)
{
    return pb->dur_s[(size_t)a * (size_t)pb->n_loc + (size_t)b];
}

/* fin of struct vrp_ls: for each type and stop, the cheapest final
 * unload (detour to a facility accepting the stop's stream on the way to
 * the end depot, and the unload time); HUGE_VAL when none accepts it. */
static double *final_unload_costs(const vrp_ctx *c)
{
    const wo_vrp_problem *pb = c->pb;
    double *fin = wo_malloc(sizeof(double) * (size_t)pb->n_types *
                            (size_t)(c->n_act + 1));
    int t, k, i;
    if (!fin)
        return NULL;
    for (t = 0; t < pb->n_types; t++) {
        const wo_vrp_vehicle_type *v = &pb->types[t];
        double sf = v->speed_factor > 0 ? v->speed_factor : 1.0;
        for (k = 0; k < c->n_act; k++) {
            const wo_vrp_stop *st = &pb->stops[c->act[k]];
            double best = HUGE_VAL;
            for (i = 0; i < pb->n_facilities; i++) {
                const wo_vrp_facility *f = &pb->facilities[i];
                double x;
                if (!((f->streams >> st->stream) & 1u))
                    continue;
                x = v->cost_per_m * (dd(pb, st->loc, f->loc) +
                                     dd(pb, f->loc, v->end_loc) -
                                     dd(pb, st->loc, v->end_loc)) +
                    v->cost_per_s * ((tt(pb, st->loc, f->loc) +
                                      tt(pb, f->loc, v->end_loc) -
                                      tt(pb, st->loc, v->end_loc)) * sf +
                                     f->unload_s);
                if (x < best)
                    best = x;
            }
            fin[(size_t)t * (size_t)c->n_act + (size_t)k] = best;
        }
    }
    return fin;
}

/* The distances and travel times of node x to and from its nearest
 * facility (any facility: a route of another stream may unload there). */
static void nearest_facility(const vrp_ctx *c, node *x)
{
    const wo_vrp_problem *pb = c->pb;
    int f;
    x->fac_out_m = x->fac_in_m = x->fac_out_s = x->fac_in_s = HUGE_VAL;
    for (f = 0; f < pb->n_facilities; f++) {
        int fl = pb->facilities[f].loc;
        x->fac_out_m = fmin(x->fac_out_m, dd(pb, x->loc, fl));
        x->fac_in_m = fmin(x->fac_in_m, dd(pb, fl, x->loc));
        x->fac_out_s = fmin(x->fac_out_s, tt(pb, x->loc, fl));
        x->fac_in_s = fmin(x->fac_in_s, tt(pb, fl, x->loc));
    }
}

vrp_ls *vrp_ls_new(vrp_ctx *c)
{
    vrp_ls *ls = wo_calloc(1, sizeof *ls);
    size_t n = (size_t)c->n_act + 1;
    int s;
    if (!ls)
        return NULL;
    ls->c = c;
    ls->nodes = wo_calloc(n, sizeof(node));
    ls->routes = wo_calloc((size_t)c->n_slots + 1, sizeof(route));
    ls->order = wo_malloc(sizeof(int) * n);
    ls->buf_a = wo_malloc(sizeof(node *) * n);
    ls->buf_b = wo_malloc(sizeof(node *) * n);
    ls->empty_hint = wo_calloc((size_t)c->pb->n_types + 1, sizeof(int));
    ls->kseq = wo_malloc(sizeof(int) * n);
    ls->ins_cost = wo_malloc(sizeof(double) * 3 * n);
    ls->ins_after = wo_malloc(sizeof(node *) * 3 * n);
    ls->near = wo_malloc(sizeof(int) * n * VRP_NB);
    ls->near_off = wo_malloc(sizeof(int) * ((size_t)c->n_slots + 1));
    ls->mark = wo_calloc((size_t)c->n_slots + 1, sizeof(int));
    if (!c->fast) {
        ls->states = wo_malloc(vrp_state_size() * n);
        ls->seq_size = 2 * (c->n_act + 8 * c->n_slots) + 2;
        ls->seq = wo_malloc(sizeof(int) * (size_t)ls->seq_size);
        ls->seq_tmp = wo_malloc(sizeof(int) * (size_t)ls->seq_size);
        if (c->pb->n_facilities > 0 && !(ls->fin = final_unload_costs(c))) {
            vrp_ls_free(ls);
            return NULL;
        }
    }
    if (!ls->nodes || !ls->routes || !ls->order || !ls->buf_a ||
        !ls->buf_b || !ls->empty_hint || !ls->kseq || !ls->ins_cost ||
        !ls->ins_after || !ls->near || !ls->near_off || !ls->mark ||
        (!c->fast && (!ls->states || !ls->seq || !ls->seq_tmp))) {
        vrp_ls_free(ls);
        return NULL;
    }
    for (s = 0; s < c->n_act; s++) {
        ls->nodes[s].k = s;
        ls->nodes[s].stop = c->act[s];
        ls->nodes[s].loc = c->pb->stops[c->act[s]].loc;
        ls->nodes[s].dem0 = c->pb->stops[c->act[s]].demand[0];
        vrp_tws_stop(c, c->act[s], &ls->nodes[s].tw_one);
        nearest_facility(c, &ls->nodes[s]);
        ls->order[s] = s;
    }
    ls->unload_min_s = HUGE_VAL;
    for (s = 0; s < c->pb->n_facilities; s++)
        ls->unload_min_s = fmin(ls->unload_min_s,
                                c->pb->facilities[s].unload_s);
    ls->plain = c->fast;
    for (s = 0; s < c->pb->n_types; s++) {
        const wo_vrp_vehicle_type *v = &c->pb->types[s];
        if (v->cost_per_s != 0 || v->max_stops > 0 ||
            v->capacity[0] == WO_VRP_UNLIMITED ||
            v->capacity[1] != WO_VRP_UNLIMITED ||
            v->max_load_per_day[0] != WO_VRP_UNLIMITED ||
            v->max_load_per_day[1] != WO_VRP_UNLIMITED)
            ls->plain = 0;
    }
    for (s = 0; s < c->n_slots; s++) {
        route *r = &ls->routes[s];
        r->type = c->slot_type[s];
        r->start.k = r->end.k = -1;
        r->start.stop = r->end.stop = -1;
        r->start.loc = c->pb->types[r->type].start_loc;
        r->end.loc = c->pb->types[r->type].end_loc;
        r->start.route = r->end.route = s;
    }
    return ls;
}

void vrp_ls_free(vrp_ls *ls)
{
    if (!ls)
        return;
    wo_free(ls->nodes);
    wo_free(ls->routes);
    wo_free(ls->order);
    wo_free(ls->buf_a);
    wo_free(ls->buf_b);
    wo_free(ls->empty_hint);
    wo_free(ls->states);
    wo_free(ls->seq);
    wo_free(ls->seq_tmp);
    wo_free(ls->kseq);
    wo_free(ls->ins_cost);
    wo_free(ls->ins_after);
    wo_free(ls->near);
    wo_free(ls->near_off);
    wo_free(ls->mark);
    wo_free(ls->fin);
    wo_free(ls);
}

static double unserved_pen(const vrp_ctx *c, int k)
{
    const wo_vrp_stop *s = &c->pb->stops[c->act[k]];
    return s->optional ? s->penalty : c->pen_misc;
}

/* ------------------------------------------------------------ pieces */

static int add_piece(piece *p, int np, node *a, node *b, int rev)
{
    if (a->k < 0 || b->k < 0)
        return np;
    if (a != b && (a->route != b->route || a->route < 0 || a->pos > b->pos))
        return np;
    p[np].a = a;
    p[np].b = b;
    p[np].rev = rev;
    return np + 1;
}

/* Additive measures of a route made of pieces (depot legs included). */
typedef struct agg {
    double dist, trav, serv;        /* metres, raw travel s, service s */
    double load[WO_VRP_DIMS];       /* collected                       */
    int n;                          /* stops                           */
    int last;                       /* active index of the last stop   */
} agg;

static void aggregate(vrp_ls *ls, int r, const piece *p, int np, agg *g)
{
    const wo_vrp_problem *pb = ls->c->pb;
    const wo_vrp_vehicle_type *v = &pb->types[ls->routes[r].type];
    int prev = v->start_loc, i, d;
    memset(g, 0, sizeof *g);
    for (i = 0; i < np; i++) {
        node *a = p[i].a, *b = p[i].b;
        node *first = p[i].rev ? b : a, *last = p[i].rev ? a : b;
        const wo_vrp_stop *sa = &pb->stops[a->stop];
        g->dist += dd(pb, prev, first->loc);
        g->trav += tt(pb, prev, first->loc);
        if (p[i].rev) {
            g->dist += b->crd - a->crd;
            g->trav += b->crt - a->crt;
        } else {
            g->dist += b->cd - a->cd;
            g->trav += b->ct - a->ct;
        }
        g->serv += b->cs - a->cs + sa->service_s;
        for (d = 0; d < WO_VRP_DIMS; d++)
            g->load[d] += b->cl[d] - a->cl[d] + sa->demand[d];
        g->n += a == b ? 1 : b->pos - a->pos + 1;
        prev = last->loc;
        g->last = last->k;
    }
    if (g->n > 0) {
        g->dist += dd(pb, prev, v->end_loc);
        g->trav += tt(pb, prev, v->end_loc);
    }
}

/* Fixed, distance and time cost of the aggregate, without unload trips,
 * waiting or break: the exact cost on plain CVRP, a quick estimate else. */
static double agg_cost(const vrp_ls *ls, int r, const agg *g)
{
    const vrp_ctx *c = ls->c;
    const wo_vrp_vehicle_type *v = &c->pb->types[ls->routes[r].type];
    double sf = v->speed_factor > 0 ? v->speed_factor : 1.0;
    if (g->n == 0)
        return 0.0;
    return v->fixed_cost + c->lex_w + v->cost_per_m * g->dist +
           v->cost_per_s * (g->trav * sf + g->serv);
}

/* Plain CVRP: distance and the load of dimension 0 only. */
static double plain_cost(vrp_ls *ls, int r, const piece *p, int np,
                         vrp_eval *ev)
{
    const vrp_ctx *c = ls->c;
    const wo_vrp_problem *pb = c->pb;
    const wo_vrp_vehicle_type *v = &pb->types[ls->routes[r].type];
    const double *dm = pb->dist_m;
    size_t nl = (size_t)pb->n_loc;
    double dist = 0, load = 0;
    int prev = v->start_loc, i;
    if (np == 0) {
        memset(ev, 0, sizeof *ev);
        return 0.0;
    }
    for (i = 0; i < np; i++) {
        const node *a = p[i].a, *b = p[i].b;
        if (p[i].rev) {
            dist += dm[(size_t)prev * nl + (size_t)b->loc] + b->crd - a->crd;
            prev = a->loc;
        } else {
            dist += dm[(size_t)prev * nl + (size_t)a->loc] + b->cd - a->cd;
            prev = b->loc;
        }
        load += b->cl[0] - a->cl[0] + a->dem0;
    }
    dist += dm[(size_t)prev * nl + (size_t)v->end_loc];
    ev->dist_m = dist;
    ev->dur_s = 0;
    ev->cost = v->fixed_cost + v->cost_per_m * dist;
    ev->load_x = load > v->capacity[0] ? (load - v->capacity[0]) / c->cap_ref[0]
                                       : 0.0;
    ev->tw_s = ev->misc_x = ev->wait_s = 0;
    ev->n_unloads = 0;
    ev->pcost = ev->cost + c->lex_w + c->pen_load * ev->load_x;
    return ev->pcost;
}

/* Cost of route r made of the pieces (fast additive path). */
static double fast_cost(vrp_ls *ls, int r, const piece *p, int np,
                        vrp_eval *ev)
{
    const vrp_ctx *c = ls->c;
    const wo_vrp_vehicle_type *v = &c->pb->types[ls->routes[r].type];
    double sf = v->speed_factor > 0 ? v->speed_factor : 1.0, lx = 0;
    agg g;
    int d;
    aggregate(ls, r, p, np, &g);
    memset(ev, 0, sizeof *ev);
    if (g.n == 0)
        return 0.0;
    for (d = 0; d < WO_VRP_DIMS; d++) {
        if (v->capacity[d] != WO_VRP_UNLIMITED && g.load[d] > v->capacity[d])
            lx += (g.load[d] - v->capacity[d]) / c->cap_ref[d];
        if (v->max_load_per_day[d] != WO_VRP_UNLIMITED &&
            g.load[d] > v->max_load_per_day[d])
            lx += (g.load[d] - v->max_load_per_day[d]) / c->cap_ref[d];
    }
    ev->dist_m = g.dist;
    ev->dur_s = g.trav * sf + g.serv;
    ev->cost = v->fixed_cost + v->cost_per_m * g.dist + v->cost_per_s * ev->dur_s;
    ev->load_x = lx;
    ev->misc_x = v->max_stops > 0 && g.n > v->max_stops ? g.n - v->max_stops : 0;
    ev->pcost = vrp_penalised(c, ls->routes[r].type, ev, 1);
    return ev->pcost;
}

/* Load part of the penalised cost of a route of type t collecting load[]
 * (an estimate on rich routes: per-trip capacities count only when there
 * is no facility, i.e. when the route is one trip). */
static double load_pen(const vrp_ls *ls, int t, const double *load)
{
    const vrp_ctx *c = ls->c;
    const wo_vrp_vehicle_type *v = &c->pb->types[t];
    double lx = 0;
    int d;
    if (ls->plain)
        return load[0] > v->capacity[0]
                   ? c->pen_load * (load[0] - v->capacity[0]) / c->cap_ref[0]
                   : 0.0;
    for (d = 0; d < WO_VRP_DIMS; d++) {
        if (c->pb->n_facilities == 0 && v->capacity[d] != WO_VRP_UNLIMITED &&
            load[d] > v->capacity[d])
            lx += (load[d] - v->capacity[d]) / c->cap_ref[d];
        if (v->max_load_per_day[d] != WO_VRP_UNLIMITED &&
            load[d] > v->max_load_per_day[d])
            lx += (load[d] - v->max_load_per_day[d]) / c->cap_ref[d];
    }
    return c->pen_load * lx;
}

/* A lower bound of the cost that an unload between stops x and y (in
 * that order) adds to a route of type t: the detour through the nearest
 * facilities (the matrices keeping the triangle inequality) and the
 * shortest unload time. */
static double arc_unload(const vrp_ls *ls, int t, const node *x,
                         const node *y)
{
    const wo_vrp_problem *pb = ls->c->pb;
    const wo_vrp_vehicle_type *v = &pb->types[t];
    double sf = v->speed_factor > 0 ? v->speed_factor : 1.0;
    return v->cost_per_m *
               (x->fac_out_m + y->fac_in_m - dd(pb, x->loc, y->loc)) +
           v->cost_per_s * (sf * (x->fac_out_s + y->fac_in_s -
                                  tt(pb, x->loc, y->loc)) +
                            ls->unload_min_s);
}

/* Travel times of types a and b are the same. */
static int same_speed(const wo_vrp_problem *pb, int a, int b)
{
    double fa = pb->types[a].speed_factor, fb = pb->types[b].speed_factor;
    return a == b || (fa > 0 ? fa : 1.0) == (fb > 0 ? fb : 1.0);
}

/* What the stored data of piece p give on a route of type t, in the
 * order it is driven: its time-window segment (*tw_ok: known), and the
 * least arc_unload of its arcs (*arc_ok: known; HUGE_VAL without arcs).
 * Known for one or two stops, and for a run from its route's first stop
 * or to its last, driven at the same speed (the segment) or by the same
 * type (the arcs). */
static void piece_data(const vrp_ls *ls, int t, const piece *p, vrp_tws *tw,
                       int *tw_ok, double *arc, int *arc_ok)
{
    const wo_vrp_problem *pb = ls->c->pb;
    const node *a = p->a, *b = p->b;
    const route *rt;
    *tw_ok = *arc_ok = 1;
    if (a == b) {
        *tw = a->tw_one;
        *arc = HUGE_VAL;
        return;
    }
    if (a->next == b) {
        const node *f = p->rev ? b : a, *l = p->rev ? a : b;
        vrp_tws_join(tw, &f->tw_one, vrp_travel_s(pb, t, f->loc, l->loc),
                     &l->tw_one);
        *arc = ls->fin ? arc_unload(ls, t, f, l) : HUGE_VAL;
        return;
    }
    rt = &ls->routes[a->route];
    *tw_ok = same_speed(pb, rt->type, t);
    *arc_ok = rt->type == t;
    if (a == rt->start.next) {
        *tw = p->rev ? b->tw_rhead : b->tw_head;
        *arc = p->rev ? b->arc_rhead : b->arc_head;
    } else if (b == rt->end.prev) {
        *tw = p->rev ? a->tw_rtail : a->tw_tail;
        *arc = p->rev ? a->arc_rtail : a->arc_tail;
    } else {
        *tw_ok = *arc_ok = 0;
    }
}

/* Trips that a route of type t collecting load[] needs so that none
 * exceeds the capacity per trip (1 when unlimited); 0 past 256. */
static int trips_needed(const vrp_ctx *c, int t, const double *load)
{
    const wo_vrp_vehicle_type *v = &c->pb->types[t];
    double m = 1;
    int d;
    for (d = 0; d < WO_VRP_DIMS; d++)
        if (v->capacity[d] != WO_VRP_UNLIMITED && v->capacity[d] > 0)
            m = fmax(m, ceil(load[d] / v->capacity[d] - 1e-9));
    return m > 256 ? 0 : (int)m;
}

/* Least cost of the unload trips beyond the last on a route of type t
 * collecting load[] whose arcs each cost at least arc (arc_unload) to
 * unload on: with m trips, m - 1 unloads between stops, or else the load
 * excess of trips over capacity (in load_x, at the load penalty) — the
 * least over m up to the trips needed (need). */
static double unload_bound(const vrp_ls *ls, int t, const double *load,
                           double arc, int need)
{
    const vrp_ctx *c = ls->c;
    const wo_vrp_vehicle_type *v = &c->pb->types[t];
    double best = HUGE_VAL;
    int m, d;
    arc = fmax(arc, 0.0);
    for (m = 1; m <= need; m++) {
        double x = m > 1 ? (m - 1) * arc : 0.0;
        for (d = 0; d < WO_VRP_DIMS; d++)
            if (v->capacity[d] != WO_VRP_UNLIMITED &&
                load[d] > m * v->capacity[d])
                x += c->pen_load * (load[d] - m * v->capacity[d]) /
                     c->cap_ref[d];
        best = fmin(best, x);
    }
    return best;
}

/* The parts of approx_cost that the pieces' stored data give (route r,
 * collecting load[]): the least time warp of the joined time-window
 * segments (tws.c), a lower bound of the drive's, at the penalty per
 * second less the cost per second (a warp moves the clock back and so
 * also shortens the paid duration that approx_cost counts in full); and
 * with facilities, the unloads between stops that the load needs
 * (unload_bound, each on an arc of the route). Each is 0 when a piece's
 * data are not at hand or it does not apply. g is the pieces' aggregate
 * that approx_cost has filled. */
static double piece_bounds(vrp_ls *ls, int r, const piece *p, int np,
                           const agg *g)
{
    const vrp_ctx *c = ls->c;
    const wo_vrp_problem *pb = c->pb;
    int t = ls->routes[r].type, prev = pb->types[t].start_loc, i, tw_ok,
        arc_ok, need = 0;
    int do_tw = !c->ignore_tw && c->pen_tw > pb->types[t].cost_per_s;
    int do_arc;
    double amin = HUGE_VAL, arc, x = 0.0;
    const node *last = NULL;
    vrp_tws acc, seg, end;
    if (np == 0)
        return 0.0;
    if (ls->fin)
        need = trips_needed(c, t, g->load);
    do_arc = need >= 2;
    if (!do_tw && !do_arc)
        return 0.0;
    vrp_tws_depots(c, t, &acc, &end);
    for (i = 0; i < np && (do_tw || do_arc); i++) {
        const node *first = p[i].rev ? p[i].b : p[i].a;
        piece_data(ls, t, &p[i], &seg, &tw_ok, &arc, &arc_ok);
        do_tw = do_tw && tw_ok;
        do_arc = do_arc && arc_ok;
        if (do_tw)
            vrp_tws_join(&acc, &acc, vrp_travel_s(pb, t, prev, first->loc),
                         &seg);
        if (do_arc) {
            amin = fmin(amin, arc);
            if (last)
                amin = fmin(amin, arc_unload(ls, t, last, first));
        }
        last = p[i].rev ? p[i].a : p[i].b;
        prev = last->loc;
    }
    if (do_tw) {
        vrp_tws_join(&acc, &acc,
                     vrp_travel_s(pb, t, prev, pb->types[t].end_loc), &end);
        if (acc.tw_s > 1e-6)
            x += (c->pen_tw - pb->types[t].cost_per_s) * (acc.tw_s - 1e-6);
    }
    if (do_arc)
        x += unload_bound(ls, t, g->load, amin, need);
    return x;
}

/* A lower bound of the penalised cost of route r made of the pieces
 * (rich case; the matrix keeping the triangle inequality): the additive
 * cost; the cheapest final unload when the last stop collects something
 * (the vehicle leaves it loaded and must come home empty); and the
 * penalties that depend on the totals only: load (load_pen) and stop
 * count. Computed from the pieces' prefix data in time linear in the
 * number of pieces, it screens every move before the route is driven;
 * piece_bounds adds to it for the moves that pass, from the same
 * aggregate (*g, filled here). */
static double approx_cost(vrp_ls *ls, int r, const piece *p, int np,
                          agg *g)
{
    const vrp_ctx *c = ls->c;
    const wo_vrp_vehicle_type *v = &c->pb->types[ls->routes[r].type];
    const double *last_dem;
    double x;
    int d;
    aggregate(ls, r, p, np, g);
    x = agg_cost(ls, r, g);
    if (g->n == 0)
        return x;
    x += load_pen(ls, ls->routes[r].type, g->load);
    /* the last stop collects: the vehicle unloads after it */
    last_dem = c->pb->stops[c->act[g->last]].demand;
    for (d = 0; ls->fin && d < WO_VRP_DIMS; d++)
        if (last_dem[d] > 0) {
            double f = ls->fin[(size_t)ls->routes[r].type * (size_t)c->n_act +
                               (size_t)g->last];
            if (f < HUGE_VAL)
                x += f;
            break;
        }
    if (v->max_stops > 0 && g->n > v->max_stops)
        x += c->pen_misc * (g->n - v->max_stops);
    return x;
}

static int clean(const route *r)
{
    return r->ev.load_x <= 1e-9 && r->ev.tw_s <= 1e-6 && r->ev.misc_x <= 0;
}

static int collect(const piece *p, int np, node **buf)
{
    int i, n = 0;
    node *x;
    for (i = 0; i < np; i++) {
        if (p[i].rev) {
            for (x = p[i].b;; x = x->prev) {
                buf[n++] = x;
                if (x == p[i].a)
                    break;
            }
        } else {
            for (x = p[i].a;; x = x->next) {
                buf[n++] = x;
                if (x == p[i].b)
                    break;
            }
        }
    }
    return n;
}

/* The stop indices of the pieces in order into out (rich: from the
 * routes' slices of ls->seq); returns their count. */
static int collect_stops(const vrp_ls *ls, const piece *p, int np, int *out)
{
    int i, j, n = 0;
    for (i = 0; i < np; i++) {
        const node *a = p[i].a, *b = p[i].b;
        const int *s;
        if (a->route < 0) {
            out[n++] = a->stop;
            continue;
        }
        s = ls->seq + ls->routes[a->route].off;
        if (p[i].rev) {
            for (j = b->pos - 1; j >= a->pos - 1; j--)
                out[n++] = s[j];
        } else {
            memcpy(out + n, s + a->pos - 1,
                   sizeof(int) * (size_t)(b->pos - a->pos + 1));
            n += b->pos - a->pos + 1;
        }
    }
    return n;
}

static double piece_cost(vrp_ls *ls, int r, const piece *p, int np,
                         vrp_eval *ev)
{
    vrp_ctx *c = ls->c;
    const unsigned char *from = NULL;
    int n;
    if (ls->plain)
        return plain_cost(ls, r, p, np, ev);
    if (c->fast)
        return fast_cost(ls, r, p, np, ev);
    n = -1;
    if (np > 0 && !p[0].rev && p[0].a == ls->routes[r].start.next) {
        /* the route keeps its first stops: drive on from the stored state
         * (unless it is short enough for the unload DP, vrp_eval_route) */
        n = collect_stops(ls, p + 1, np - 1, c->seq_a);
        if (c->pb->n_facilities == 0 || p[0].b->pos + n > VRP_DP_SEARCH) {
            from = ls->states + (size_t)p[0].b->k * vrp_state_size();
            p++;
            np--;
        } else {
            n = -1;
        }
    }
    if (n < 0)
        n = collect_stops(ls, p, np, c->seq_a);
    vrp_eval_from(c, ls->routes[r].type, from, c->seq_a, n, ev);
    ev->pcost = vrp_penalised(c, ls->routes[r].type, ev, n > 0 || from != NULL);
    return ev->pcost;
}

/* Store the driving states of route r (rich evaluation only). */
static void update_states(vrp_ls *ls, int r)
{
    vrp_ctx *c = ls->c;
    route *rt = &ls->routes[r];
    node *x;
    int n = 0;
    if (c->fast)
        return;
    for (x = rt->start.next; x->k >= 0; x = x->next) {
        c->seq_b[n] = x->stop;
        ls->kseq[n++] = x->k;
    }
    vrp_eval_states(c, rt->type, c->seq_b, ls->kseq, n, ls->states);
}

/* Give route r a slice of ls->seq with room for n stops (its old content
 * is not kept), compacting the other routes' slices when seq is full. */
static void seq_room(vrp_ls *ls, int r, int n)
{
    const vrp_ctx *c = ls->c;
    int s, top = 0;
    if (ls->seq_top + n + 8 > ls->seq_size) {
        for (s = 0; s < c->n_slots; s++) {
            route *R = &ls->routes[s];
            int len = s == r ? 0 : R->len;
            memcpy(ls->seq_tmp + top, ls->seq + R->off, sizeof(int) * (size_t)len);
            R->off = top;
            R->cap = len + 8;
            top += R->cap;
        }
        memcpy(ls->seq, ls->seq_tmp, sizeof(int) * (size_t)top);
        ls->seq_top = top;
    }
    ls->routes[r].off = ls->seq_top;
    ls->routes[r].cap = n + 8;
    ls->seq_top += n + 8;
}

/* The time-window segments of route r's stops buf[0..n) (in order),
 * driven by its type, and the least arc_unload of their runs. */
static void link_segments(vrp_ls *ls, int r, node **buf, int n)
{
    const wo_vrp_problem *pb = ls->c->pb;
    int t = ls->routes[r].type, i, fac = pb->n_facilities > 0;
    for (i = 0; i < n; i++) {
        node *x = buf[i], *p = i > 0 ? buf[i - 1] : NULL;
        if (!p) {
            x->tw_head = x->tw_rhead = x->tw_one;
            x->arc_head = x->arc_rhead = HUGE_VAL;
            continue;
        }
        if (fac) {
            x->arc_head = fmin(p->arc_head, arc_unload(ls, t, p, x));
            x->arc_rhead = fmin(p->arc_rhead, arc_unload(ls, t, x, p));
        }
        vrp_tws_join(&x->tw_head, &p->tw_head,
                     vrp_travel_s(pb, t, p->loc, x->loc), &x->tw_one);
        vrp_tws_join(&x->tw_rhead, &x->tw_one,
                     vrp_travel_s(pb, t, x->loc, p->loc), &p->tw_rhead);
    }
    for (i = n - 1; i >= 0; i--) {
        node *x = buf[i], *q = i + 1 < n ? buf[i + 1] : NULL;
        if (!q) {
            x->tw_tail = x->tw_rtail = x->tw_one;
            x->arc_tail = x->arc_rtail = HUGE_VAL;
            continue;
        }
        if (fac) {
            x->arc_tail = fmin(q->arc_tail, arc_unload(ls, t, x, q));
            x->arc_rtail = fmin(q->arc_rtail, arc_unload(ls, t, q, x));
        }
        vrp_tws_join(&x->tw_tail, &x->tw_one,
                     vrp_travel_s(pb, t, x->loc, q->loc), &q->tw_tail);
        vrp_tws_join(&x->tw_rtail, &q->tw_rtail,
                     vrp_travel_s(pb, t, q->loc, x->loc), &x->tw_one);
    }
}

/* Relink route r from nodes buf[0..n) and refresh its prefix data. */
static void relink(vrp_ls *ls, int r, node **buf, int n)
{
    const wo_vrp_problem *pb = ls->c->pb;
    route *rt = &ls->routes[r];
    node *prev = &rt->start;
    int i, d;
    rt->start.cd = rt->start.crd = rt->start.ct = rt->start.crt = 0;
    rt->start.cs = 0;
    memset(rt->start.cl, 0, sizeof rt->start.cl);
    for (i = 0; i <= n; i++) {
        node *x = i < n ? buf[i] : &rt->end;
        x->prev = prev;
        prev->next = x;
        x->route = r;
        x->pos = i + 1;
        x->cd = prev->cd + dd(pb, prev->loc, x->loc);
        x->crd = prev->crd + dd(pb, x->loc, prev->loc);
        x->ct = prev->ct + tt(pb, prev->loc, x->loc);
        x->crt = prev->crt + tt(pb, x->loc, prev->loc);
        x->cs = prev->cs + (x->stop >= 0 ? pb->stops[x->stop].service_s : 0);
        for (d = 0; d < WO_VRP_DIMS; d++)
            x->cl[d] = prev->cl[d] +
                       (x->stop >= 0 ? pb->stops[x->stop].demand[d] : 0);
        prev = x;
    }
    rt->start.next = n > 0 ? buf[0] : &rt->end;
    rt->end.next = NULL;
    rt->start.prev = NULL;
    rt->len = n;
    if (!ls->c->fast)
        link_segments(ls, r, buf, n);
    if (ls->seq) {
        if (n > rt->cap)
            seq_room(ls, r, n);
        for (i = 0; i < n; i++)
            ls->seq[rt->off + i] = buf[i]->stop;
    }
}

/* Stability cost of route r as it is. */
static double route_stab(const vrp_ls *ls, int r)
{
    double sum = 0;
    const node *x;
    for (x = ls->routes[r].start.next; x->k >= 0; x = x->next)
        sum += vrp_stab_cost(ls->c, x->k, r);
    return sum;
}

/* Refresh what the screening keeps of route r: approx, and stab. */
static void set_approx(vrp_ls *ls, int r)
{
    route *rt = &ls->routes[r];
    piece p;
    agg g;
    int np;
    if (ls->c->pref_slot)
        rt->stab = route_stab(ls, r);
    np = add_piece(&p, 0, rt->start.next, rt->end.prev, 0);
    rt->approx = approx_cost(ls, r, &p, np, &g);
}

static void refresh_cost(vrp_ls *ls, int r)
{
    route *rt = &ls->routes[r];
    piece p;
    int np = add_piece(&p, 0, rt->start.next, rt->end.prev, 0);
    piece_cost(ls, r, &p, np, &rt->ev);
    set_approx(ls, r);
    rt->modified = ls->counter;
}

/* Stability cost of the stops of pieces p[0..np) on slot r. */
static double pieces_stab(const vrp_ls *ls, int r, const piece *p, int np)
{
    double sum = 0;
    int i;
    for (i = 0; i < np; i++) {
        const node *x = p[i].a;
        for (;;) {
            sum += vrp_stab_cost(ls->c, x->k, r);
            if (x == p[i].b)
                break;
            x = x->next;
        }
    }
    return sum;
}

/* Evaluate the new routes ru (pieces pu) and rv (pieces pv, rv < 0: none);
 * apply when the penalised cost drops by more than a tolerance. With
 * preferred vehicles the change of the stability cost (vrp_stab_cost)
 * counts as part of extra. */
static int try_move(vrp_ls *ls, int ru, const piece *pu, int npu, int rv,
                    const piece *pv, int npv, double extra)
{
    vrp_eval eu, ev;
    double old = ls->routes[ru].ev.pcost + (rv >= 0 ? ls->routes[rv].ev.pcost : 0);
    double nu, nv = 0;
    int na, nb = 0;
    node *x;
    ls->c->n_screened++;
    if (ls->c->pref_slot)
        extra += pieces_stab(ls, ru, pu, npu) - ls->routes[ru].stab +
                 (rv >= 0 ? pieces_stab(ls, rv, pv, npv) - ls->routes[rv].stab
                          : 0.0);
    if (!ls->c->fast) {
        /* approx_cost is a lower bound of the penalised cost when the
         * matrix keeps the triangle inequality. */
        const wo_vrp_problem *pb = ls->c->pb;
        agg gu, gv;
        double an = approx_cost(ls, ru, pu, npu, &gu) +
                    (rv >= 0 ? approx_cost(ls, rv, pv, npv, &gv) : 0);
        double ao, w;
        if (an + extra >= old - 1e-9)
            return 0;
        /* Both routes keep every rule: a move that does not shorten them
         * by more than their waiting costs (unload trips aside) is not
         * worth a full evaluation. */
        if (extra >= 0 && clean(&ls->routes[ru]) &&
            (rv < 0 || clean(&ls->routes[rv]))) {
            ao = ls->routes[ru].approx + (rv >= 0 ? ls->routes[rv].approx : 0);
            w = pb->types[ls->routes[ru].type].cost_per_s *
                ls->routes[ru].ev.wait_s;
            if (rv >= 0)
                w += pb->types[ls->routes[rv].type].cost_per_s *
                     ls->routes[rv].ev.wait_s;
            if (an + extra >= ao + w - 1e-9)
                return 0;
        }
        /* The moves left: the time warp and the unloads between stops
         * that the stored segments bound (piece_bounds). */
        an += piece_bounds(ls, ru, pu, npu, &gu) +
              (rv >= 0 ? piece_bounds(ls, rv, pv, npv, &gv) : 0);
        if (an + extra >= old - 1e-9)
            return 0;
    }
    ls->c->n_evaluated++;
    nu = piece_cost(ls, ru, pu, npu, &eu);
    if (rv >= 0) {
        if (nu + extra >= old + 1e-7 && ls->c->fast &&
            nu + extra - ls->routes[ru].ev.pcost > ls->routes[rv].ev.pcost)
            return 0; /* even an empty rv could not pay for it */
        nv = piece_cost(ls, rv, pv, npv, &ev);
    }
    if (nu + nv + extra > old - 1e-7 * (1.0 + fabs(old)))
        return 0;
    if (ls->keep_feasible && clean(&ls->routes[ru]) &&
        (rv < 0 || clean(&ls->routes[rv]))) {
        route tu, tv;
        tu.ev = eu;
        tv.ev = ev;
        if (!clean(&tu) || (rv >= 0 && !clean(&tv)))
            return 0;
    }
    if (ls->dry) {
        ls->dry_delta = nu + nv + extra - old;
        return 1;
    }
    na = collect(pu, npu, ls->buf_a);
    if (rv >= 0)
        nb = collect(pv, npv, ls->buf_b);
    for (x = ls->routes[ru].start.next; x->k >= 0; x = x->next)
        x->route = -1;
    if (rv >= 0)
        for (x = ls->routes[rv].start.next; x->k >= 0; x = x->next)
            x->route = -1;
    for (int i = 0; i < na; i++)
        ls->buf_a[i]->route = -2;
    for (int i = 0; i < nb; i++)
        ls->buf_b[i]->route = -2;
    ls->counter++;
    for (int i = 0; i < npu; i++)
        pu[i].a->touched = pu[i].b->touched = ls->counter;
    for (int i = 0; i < npv; i++)
        pv[i].a->touched = pv[i].b->touched = ls->counter;
    relink(ls, ru, ls->buf_a, na);
    update_states(ls, ru);
    ls->routes[ru].ev = eu;
    ls->routes[ru].modified = ls->counter;
    set_approx(ls, ru);
    if (rv >= 0) {
        relink(ls, rv, ls->buf_b, nb);
        update_states(ls, rv);
        ls->routes[rv].ev = ev;
        ls->routes[rv].modified = ls->counter;
        set_approx(ls, rv);
    }
    return 1;
}

/* ------------------------------------------------------------ moves */

#define F(a, b) np = add_piece(p, np, (a), (b), 0)
#define R(a, b) np = add_piece(p, np, (a), (b), 1)
#define G(a, b) nq = add_piece(q, nq, (a), (b), 0)
#define H(a, b) nq = add_piece(q, nq, (a), (b), 1)

static int moves_inter(vrp_ls *ls, node *u, node *v)
{
    route *U = &ls->routes[u->route], *V = &ls->routes[v->route];
    int ru = u->route, rv = v->route, np, nq;
    node *x = u->next, *y = v->next, *pu = u->prev, *pv = v->prev;
    node *fU = U->start.next, *lU = U->end.prev;
    node *fV = V->start.next, *lV = V->end.prev;
    piece p[6], q[6];
    /* relocate u after v */
    np = 0, nq = 0;
    F(fU, pu); F(x, lU);
    G(fV, v); G(u, u); G(y, lV);
    if (try_move(ls, ru, p, np, rv, q, nq, 0))
        return 1;
    if (x->k >= 0) {
        /* relocate (u,x) after v, as is and reversed */
        np = 0, nq = 0;
        F(fU, pu); F(x->next, lU);
        G(fV, v); G(u, x); G(y, lV);
        if (try_move(ls, ru, p, np, rv, q, nq, 0))
            return 1;
        nq = 0;
        G(fV, v); H(u, x); G(y, lV);
        if (try_move(ls, ru, p, np, rv, q, nq, 0))
            return 1;
    }
    if (v->k >= 0) {
        /* swap u and v */
        np = 0, nq = 0;
        F(fU, pu); F(v, v); F(x, lU);
        G(fV, pv); G(u, u); G(y, lV);
        if (try_move(ls, ru, p, np, rv, q, nq, 0))
            return 1;
        if (x->k >= 0) {
            /* swap (u,x) and v */
            np = 0, nq = 0;
            F(fU, pu); F(v, v); F(x->next, lU);
            G(fV, pv); G(u, x); G(y, lV);
            if (try_move(ls, ru, p, np, rv, q, nq, 0))
                return 1;
            if (y->k >= 0) {
                /* swap (u,x) and (v,y) */
                np = 0, nq = 0;
                F(fU, pu); F(v, y); F(x->next, lU);
                G(fV, pv); G(u, x); G(y->next, lV);
                if (try_move(ls, ru, p, np, rv, q, nq, 0))
                    return 1;
            }
        }
    }
    /* 2-opt*: tails exchanged, and heads joined reversed */
    np = 0, nq = 0;
    F(fU, u); F(y, lV);
    G(fV, v); G(x, lU);
    if (try_move(ls, ru, p, np, rv, q, nq, 0))
        return 1;
    np = 0, nq = 0;
    F(fU, u); R(fV, v);
    H(x, lU); G(y, lV);
    if (try_move(ls, ru, p, np, rv, q, nq, 0))
        return 1;
    return 0;
}

static int moves_intra(vrp_ls *ls, node *u, node *v)
{
    route *U = &ls->routes[u->route];
    int ru = u->route, np;
    node *x = u->next, *y = v->next, *pu = u->prev;
    node *f = U->start.next, *l = U->end.prev;
    piece p[6];
    if (v != pu) {
        np = 0;
        if (v->pos < u->pos) {
            F(f, v); F(u, u); F(y, pu); F(x, l);
        } else {
            F(f, pu); F(x, v); F(u, u); F(y, l);
        }
        if (try_move(ls, ru, p, np, -1, NULL, 0, 0))
            return 1;
    }
    if (x->k >= 0 && v != x && v != pu) {
        int rev;
        for (rev = 0; rev < 2; rev++) {
            np = 0;
            if (v->pos < u->pos) {
                F(f, v);
                np = add_piece(p, np, u, x, rev);
                F(y, pu); F(x->next, l);
            } else {
                F(f, pu); F(x->next, v);
                np = add_piece(p, np, u, x, rev);
                F(y, l);
            }
            if (try_move(ls, ru, p, np, -1, NULL, 0, 0))
                return 1;
        }
    }
    if (v->k >= 0) {
        node *a = u->pos < v->pos ? u : v, *b = u->pos < v->pos ? v : u;
        np = 0;
        if (a->next == b) {
            F(f, a->prev); F(b, b); F(a, a); F(b->next, l);
        } else {
            F(f, a->prev); F(b, b); F(a->next, b->prev); F(a, a);
            F(b->next, l);
        }
        if (try_move(ls, ru, p, np, -1, NULL, 0, 0))
            return 1;
        /* 2-opt: reverse the stretch after a up to b */
        np = 0;
        F(f, a); R(a->next, b); F(b->next, l);
        if (a->next != b && try_move(ls, ru, p, np, -1, NULL, 0, 0))
            return 1;
    }
    return 0;
}

/* Move u to an empty vehicle (one per type that carries its stream). */
static int move_to_empty(vrp_ls *ls, node *u)
{
    const vrp_ctx *c = ls->c;
    const wo_vrp_problem *pb = c->pb;
    int t, s, np, nq, stream = pb->stops[u->stop].stream;
    route *U = u->route >= 0 ? &ls->routes[u->route] : NULL;
    piece p[4], q[2];
    for (t = 0; t < pb->n_types; t++) {
        if (!vrp_type_allows(pb, t, stream))
            continue;
        for (s = ls->empty_hint[t]; s < c->n_slots; s++)
            if (ls->routes[s].type == t && ls->routes[s].len == 0)
                break;
        if (s >= c->n_slots) {
            for (s = 0; s < c->n_slots; s++)
                if (ls->routes[s].type == t && ls->routes[s].len == 0)
                    break;
            if (s >= c->n_slots)
                continue;
        }
        ls->empty_hint[t] = s;
        np = 0, nq = 0;
        G(u, u);
        if (U) {
            F(U->start.next, u->prev); F(u->next, U->end.prev);
            if (U->len == 1 && U->type == t)
                continue;
            if (try_move(ls, u->route, p, np, s, q, nq, 0))
                return 1;
        } else if (try_move(ls, s, q, nq, -1, NULL, 0,
                            -unserved_pen(c, u->k))) {
            return 1;
        }
    }
    return 0;
}

/* Give a whole route to an empty vehicle of another type when cheaper. */
static int change_types(vrp_ls *ls)
{
    const vrp_ctx *c = ls->c;
    int r, s, improved = 0;
    piece p[1];
    for (r = 0; r < c->n_slots; r++) {
        route *R = &ls->routes[r];
        int t, stream, np;
        if (R->len == 0)
            continue;
        stream = c->pb->stops[R->start.next->stop].stream;
        for (t = 0; t < c->pb->n_types; t++) {
            if (t == R->type || !vrp_type_allows(c->pb, t, stream))
                continue;
            for (s = 0; s < c->n_slots; s++)
                if (ls->routes[s].type == t && ls->routes[s].len == 0)
                    break;
            if (s == c->n_slots)
                continue;
            np = add_piece(p, 0, R->start.next, R->end.prev, 0);
            if (try_move(ls, s, p, np, r, NULL, 0, 0)) {
                improved = 1;
                break;
            }
        }
    }
    return improved;
}

/* Candidate insertion i of unserved u (i / 2: neighbour; even: after it,
 * odd: at the start of its route) as pieces of that route, or -1. */
static int insert_pieces(vrp_ls *ls, node *u, int i, piece *p)
{
    const vrp_ctx *c = ls->c;
    node *v = &ls->nodes[c->nb[(size_t)u->k * VRP_NB + (size_t)(i / 2)]];
    route *V;
    int np = 0;
    if (v->route < 0)
        return -1;
    V = &ls->routes[v->route];
    if (i % 2 == 0) {
        F(V->start.next, v); F(u, u); F(v->next, V->end.prev);
    } else {
        F(u, u); F(V->start.next, V->end.prev);
    }
    return np;
}

/* Insert unserved u after one of its neighbours (or at a route start):
 * the first place that improves, or with best set the cheapest of them. */
static int try_insert(vrp_ls *ls, node *u, int best)
{
    const vrp_ctx *c = ls->c;
    int i, np, at = -1;
    piece p[3];
    double gain = -unserved_pen(c, u->k), low = INFINITY;
    for (i = 0; i < 2 * c->n_nb[u->k]; i++) {
        np = insert_pieces(ls, u, i, p);
        if (np < 0)
            continue;
        ls->dry = best;
        if (try_move(ls, ls->nodes[c->nb[(size_t)u->k * VRP_NB +
                                         (size_t)(i / 2)]].route,
                     p, np, -1, NULL, 0, gain)) {
            if (!best)
                return 1;
            if (ls->dry_delta < low) {
                low = ls->dry_delta;
                at = i;
            }
        }
    }
    ls->dry = 0;
    if (at >= 0) {
        np = insert_pieces(ls, u, at, p);
        if (try_move(ls, ls->nodes[c->nb[(size_t)u->k * VRP_NB +
                                         (size_t)(at / 2)]].route,
                     p, np, -1, NULL, 0, gain))
            return 1;
    }
    return move_to_empty(ls, u);
}

static int try_remove(vrp_ls *ls, node *u)
{
    route *U = &ls->routes[u->route];
    piece p[2];
    int np = 0;
    F(U->start.next, u->prev); F(u->next, U->end.prev);
    return try_move(ls, u->route, p, np, -1, NULL, 0,
                    unserved_pen(ls->c, u->k));
}

/* ------------------------------------------------------------ SWAP* */

/* Two routes are near when a stop of one has one of its SWAP_STAR_NB
 * nearest granular neighbours in the other. */
#define SWAP_STAR_NB 5

/* Arc cost of a vehicle type: per metre and per second of matrix time. */
typedef struct arcw {
    const double *dm, *tm;      /* the matrices                            */
    size_t n;                   /* their side                              */
    double wm, wt;              /* cost per metre, per matrix second       */
} arcw;

static void arcw_init(const vrp_ls *ls, int r, arcw *w)
{
    const wo_vrp_problem *pb = ls->c->pb;
    const wo_vrp_vehicle_type *v = &pb->types[ls->routes[r].type];
    w->dm = pb->dist_m;
    w->tm = pb->dur_s;
    w->n = (size_t)pb->n_loc;
    w->wm = v->cost_per_m;
    w->wt = v->cost_per_s * (v->speed_factor > 0 ? v->speed_factor : 1.0);
}

static double arc(const arcw *w, int a, int b)
{
    size_t i = (size_t)a * w->n + (size_t)b;
    double x = w->wm * w->dm[i];
    return w->wt != 0 ? x + w->wt * w->tm[i] : x;
}

/* The three cheapest places to insert x into route R (after which node),
 * ascending, into cost[0..3) / after[0..3) (NULL when R has fewer); the
 * arc cost saved by taking each stop of R out into its rem. */
static void top3(const arcw *w, route *R, node *x, double *cost,
                 node **after)
{
    node *p;
    cost[0] = cost[1] = cost[2] = INFINITY;
    after[0] = after[1] = after[2] = NULL;
    for (p = &R->start; p->next; p = p->next) {
        double d = arc(w, p->loc, x->loc) + arc(w, x->loc, p->next->loc) -
                   arc(w, p->loc, p->next->loc);
        int i;
        if (d >= cost[2])
            continue;
        for (i = 2; i > 0 && cost[i - 1] > d; i--) {
            cost[i] = cost[i - 1];
            after[i] = after[i - 1];
        }
        cost[i] = d;
        after[i] = p;
    }
}

static void removal_gains(const arcw *w, route *R)
{
    node *x;
    for (x = R->start.next; x->k >= 0; x = x->next)
        x->rem = arc(w, x->prev->loc, x->next->loc) -
                 arc(w, x->prev->loc, x->loc) - arc(w, x->loc, x->next->loc);
}

/* Cheapest insertion of x into the route of y once y is taken out: in y's
 * place, or the best of x's three listed places not next to y. */
static double insert_without(const arcw *w, const double *cost,
                             node *const *after, node *y, node *x,
                             node **at)
{
    double best = arc(w, y->prev->loc, x->loc) +
                  arc(w, x->loc, y->next->loc) -
                  arc(w, y->prev->loc, y->next->loc);
    int i;
    *at = y->prev;
    for (i = 0; i < 3 && after[i]; i++)
        if (after[i] != y && after[i] != y->prev) {
            if (cost[i] < best) {
                best = cost[i];
                *at = after[i];
            }
            break;
        }
    return best;
}

/* Pieces of route R with node out taken out (NULL: none) and node in
 * inserted after node at of R (in NULL: none). */
static int exchange_pieces(route *R, node *out, node *in, node *at,
                           piece *p)
{
    node *f = R->start.next, *l = R->end.prev;
    int np = 0;
    if (!in) {
        F(f, out->prev); F(out->next, l);
    } else if (!out) {
        F(f, at); F(in, in); F(at->next, l);
    } else if (at->pos < out->pos) {
        F(f, at); F(in, in); F(at->next, out->prev); F(out->next, l);
    } else {
        F(f, out->prev); F(out->next, at); F(in, in); F(at->next, l);
    }
    return np;
}

/* Estimated change when stop x leaves route F (saving x->rem) for its
 * cheapest place in route T (listed by top3); pf0, pt0: their load parts
 * now. */
static double relocate_delta(const vrp_ls *ls, const route *F,
                             const route *T, const node *x, double pf0,
                             double pt0)
{
    const wo_vrp_problem *pb = ls->c->pb;
    const wo_vrp_stop *sx = &pb->stops[x->stop];
    double lf[WO_VRP_DIMS], lt[WO_VRP_DIMS], delta;
    int d;
    for (d = 0; d < WO_VRP_DIMS; d++) {
        lf[d] = F->end.cl[d] - sx->demand[d];
        lt[d] = T->end.cl[d] + sx->demand[d];
    }
    delta = load_pen(ls, F->type, lf) - pf0 + load_pen(ls, T->type, lt) -
            pt0 + x->rem + ls->ins_cost[3 * (size_t)x->k] +
            (pb->types[T->type].cost_per_s - pb->types[F->type].cost_per_s) *
                sx->service_s;
    if (F->len == 1)
        delta -= pb->types[F->type].fixed_cost + ls->c->lex_w;
    return delta;
}

/* SWAP* between routes ru and rv (Vidal 2022): the best exchange of a stop
 * u of ru with a stop v of rv, each inserted at its cheapest place in the
 * other route (not necessarily the other's place), or the best relocation
 * of one stop to its cheapest place in the other route; estimated from arc
 * costs and loads, then evaluated exactly and applied when it improves. */
static int swap_star(vrp_ls *ls, int ru, int rv)
{
    const wo_vrp_problem *pb = ls->c->pb;
    route *U = &ls->routes[ru], *V = &ls->routes[rv];
    const wo_vrp_vehicle_type *tu = &pb->types[U->type];
    const wo_vrp_vehicle_type *tv = &pb->types[V->type];
    double *ic = ls->ins_cost, best = 0, pu0, pv0, delta, lu[WO_VRP_DIMS],
           lv[WO_VRP_DIMS];
    node **ia = ls->ins_after, *u, *v, *bu = NULL, *bv = NULL, *atu = NULL,
         *atv = NULL, *a1, *a2;
    piece p[4], q[4];
    arcw wu, wv;
    int np, nq, d;
    arcw_init(ls, ru, &wu);
    arcw_init(ls, rv, &wv);
    removal_gains(&wu, U);
    removal_gains(&wv, V);
    for (u = U->start.next; u->k >= 0; u = u->next)
        top3(&wv, V, u, ic + 3 * (size_t)u->k, ia + 3 * (size_t)u->k);
    for (v = V->start.next; v->k >= 0; v = v->next)
        top3(&wu, U, v, ic + 3 * (size_t)v->k, ia + 3 * (size_t)v->k);
    pu0 = load_pen(ls, U->type, U->end.cl);
    pv0 = load_pen(ls, V->type, V->end.cl);
    for (u = U->start.next; u->k >= 0; u = u->next) {
        const wo_vrp_stop *su = &pb->stops[u->stop];
        for (d = 0; d < WO_VRP_DIMS; d++) {
            lu[d] = U->end.cl[d] - su->demand[d];
            lv[d] = V->end.cl[d] + su->demand[d];
        }
        /* relocate u to its best place in rv */
        if ((delta = relocate_delta(ls, U, V, u, pu0, pv0)) < best - 1e-9) {
            best = delta;
            bu = u;
            bv = NULL;
            atv = ia[3 * (size_t)u->k];
        }
        for (v = V->start.next; v->k >= 0; v = v->next) {
            const wo_vrp_stop *sv = &pb->stops[v->stop];
            double lu2[WO_VRP_DIMS], lv2[WO_VRP_DIMS], cu, cv;
            for (d = 0; d < WO_VRP_DIMS; d++) {
                lu2[d] = lu[d] + sv->demand[d];
                lv2[d] = lv[d] - sv->demand[d];
            }
            delta = load_pen(ls, U->type, lu2) - pu0 +
                    load_pen(ls, V->type, lv2) - pv0 +
                    (tu->cost_per_s - tv->cost_per_s) *
                        (sv->service_s - su->service_s);
            if (delta + u->rem + v->rem >= best - 1e-9)
                continue; /* insertions cost at least 0 (triangle) */
            cu = insert_without(&wu, ic + 3 * (size_t)v->k,
                                ia + 3 * (size_t)v->k, u, v, &a1);
            cv = insert_without(&wv, ic + 3 * (size_t)u->k,
                                ia + 3 * (size_t)u->k, v, u, &a2);
            delta += cu + cv;
            if (delta < best - 1e-9) {
                best = delta;
                bu = u;
                bv = v;
                atu = a1;
                atv = a2;
            }
        }
    }
    /* relocate v to its best place in ru */
    for (v = V->start.next; v->k >= 0; v = v->next)
        if ((delta = relocate_delta(ls, V, U, v, pv0, pu0)) < best - 1e-9) {
            best = delta;
            bu = NULL;
            bv = v;
            atu = ia[3 * (size_t)v->k];
        }
    if (!bu && !bv)
        return 0;
    np = exchange_pieces(U, bu, bv, atu, p);
    nq = exchange_pieces(V, bv, bu, atv, q);
    return try_move(ls, ru, p, np, rv, q, nq, 0);
}

/* Route rv lists route ru among its near routes. */
static int near_lists(const vrp_ls *ls, int rv, int ru)
{
    int i;
    for (i = ls->near_off[rv]; i < ls->near_off[rv + 1]; i++)
        if (ls->near[i] == ru)
            return 1;
    return 0;
}

/* SWAP* over the pairs of near routes (the matrix has no coordinates for
 * the polar sectors of the original), for pairs changed since they were
 * tested. */
static int swap_star_pass(vrp_ls *ls)
{
    vrp_ctx *c = ls->c;
    int r, i, j, n = 0, improved = 0;
    memset(ls->mark, 0, sizeof(int) * (size_t)c->n_slots);
    for (r = 0; r < c->n_slots; r++) {
        node *x;
        ls->near_off[r] = n;
        for (x = ls->routes[r].start.next; x->k >= 0; x = x->next)
            for (j = 0; j < c->n_nb[x->k] && j < SWAP_STAR_NB; j++) {
                node *y = &ls->nodes[c->nb[(size_t)x->k * VRP_NB + (size_t)j]];
                if (y->route < 0 || y->route == r || ls->mark[y->route] == r + 1)
                    continue;
                ls->mark[y->route] = r + 1;
                ls->near[n++] = y->route;
            }
    }
    ls->near_off[c->n_slots] = n;
    for (r = 0; r < c->n_slots && !c->stop_flag; r++) {
        route *U = &ls->routes[r];
        long since = U->sw_tested;
        for (i = ls->near_off[r]; i < ls->near_off[r + 1] && U->len > 0; i++) {
            int s = ls->near[i];
            if (ls->routes[s].len == 0 || (s < r && near_lists(ls, s, r)))
                continue;
            if (U->modified <= since && ls->routes[s].modified <= since)
                continue;
            if (swap_star(ls, r, s))
                improved = 1;
        }
        U->sw_tested = ls->counter;
    }
    return improved;
}

#undef F
#undef R
#undef G
#undef H

/* ------------------------------------------------------------ driver */

static void load(vrp_ls *ls, const int *tour, const int *rlen)
{
    vrp_ctx *c = ls->c;
    int s, off = 0, i;
    for (i = 0; i < c->n_act; i++) {
        ls->nodes[i].route = -1;
        ls->nodes[i].prev = ls->nodes[i].next = NULL;
        ls->nodes[i].tested = -1;
    }
    ls->counter = 0;
    ls->seq_top = 0;
    for (s = 0; s < c->n_slots; s++) {
        ls->routes[s].sw_tested = -1;
        ls->routes[s].cap = 0;
    }
    for (s = 0; s < c->n_slots; s++) {
        for (i = 0; i < rlen[s]; i++)
            ls->buf_a[i] = &ls->nodes[tour[off + i]];
        relink(ls, s, ls->buf_a, rlen[s]);
        update_states(ls, s);
        refresh_cost(ls, s);
        off += rlen[s];
    }
    for (i = 0; i < ls->c->pb->n_types; i++)
        ls->empty_hint[i] = 0;
}

double vrp_totals_pcost(const vrp_ctx *c, const vrp_totals *t)
{
    return t->base + c->pen_load * t->load_x + c->pen_tw * t->tw_s;
}

static void store(vrp_ls *ls, int *tour, int *rlen, vrp_totals *tot)
{
    vrp_ctx *c = ls->c;
    int s, off = 0, i;
    node *x;
    memset(tot, 0, sizeof *tot);
    tot->feasible = 1;
    for (s = 0; s < c->n_slots; s++) {
        route *r = &ls->routes[s];
        rlen[s] = r->len;
        for (x = r->start.next; x->k >= 0; x = x->next) {
            tour[off++] = x->k;
            tot->base += vrp_stab_cost(c, x->k, s);
        }
        if (r->len > 0) {
            tot->vehicles++;
            tot->cost += r->ev.cost;
            tot->base += r->ev.cost + c->lex_w + c->pen_misc * r->ev.misc_x;
            tot->load_x += r->ev.load_x;
            tot->tw_s += r->ev.tw_s;
            if (r->ev.load_x > 1e-9 || r->ev.tw_s > 1e-6 || r->ev.misc_x > 0)
                tot->feasible = 0;
        }
    }
    for (i = 0; i < c->n_act; i++)
        if (ls->nodes[i].route < 0) {
            tour[off++] = i;
            tot->base += unserved_pen(c, i);
            if (c->pb->stops[c->act[i]].optional)
                tot->cost += c->pb->stops[c->act[i]].penalty;
            else
                tot->feasible = 0;
        }
}

/* The last move (counter) that changed the order next to u or next to
 * one of its granular neighbours. */
static long newest_change(const vrp_ls *ls, const node *u)
{
    const vrp_ctx *c = ls->c;
    long mod = u->touched;
    int j;
    for (j = 0; j < c->n_nb[u->k]; j++) {
        const node *v = &ls->nodes[c->nb[(size_t)u->k * VRP_NB + (size_t)j]];
        if (v->touched > mod)
            mod = v->touched;
    }
    return mod;
}

/* Passes of the local search over the loaded solution until no move
 * improves (or max_loops passes, 0: no limit). With focus set, a stop is
 * tried only when its route or a neighbour's route changed after it was
 * last tried, from the first pass on (vrp_ls_ruin marks where). */
static void passes(vrp_ls *ls, int max_loops, int focus)
{
    vrp_ctx *c = ls->c;
    int improved = 1, i, j, n = c->n_act;
    for (ls->loop = 0; improved && !c->stop_flag &&
                       (max_loops <= 0 || ls->loop < max_loops);
         ls->loop++) {
        int skip = focus || ls->loop > 0;
        improved = 0;
        for (i = n - 1; i > 0; i--) {
            j = (int)wo_rng_below(&c->rng, (uint32_t)(i + 1));
            int tmp = ls->order[i];
            ls->order[i] = ls->order[j];
            ls->order[j] = tmp;
        }
        for (i = 0; i < n; i++) {
            node *u = &ls->nodes[ls->order[i]];
            long last = u->tested;
            if ((i & 63) == 0 && vrp_should_stop(c))
                break;
            if (focus) {
                if (last >= 0 && newest_change(ls, u) <= last)
                    continue;
                u->tested = ls->counter;
            }
            if (u->route < 0) {
                improved |= try_insert(ls, u, focus);
                continue;
            }
            if (c->pb->stops[u->stop].optional && try_remove(ls, u)) {
                improved = 1;
                continue;
            }
            u->tested = ls->counter;
            for (j = 0; j < c->n_nb[u->k] && u->route >= 0; j++) {
                node *v = &ls->nodes[c->nb[(size_t)u->k * VRP_NB + (size_t)j]];
                long mod;
                if (v->route < 0)
                    continue;
                if (focus) {
                    mod = u->touched > v->touched ? u->touched : v->touched;
                } else {
                    mod = ls->routes[u->route].modified;
                    if (ls->routes[v->route].modified > mod)
                        mod = ls->routes[v->route].modified;
                }
                if (skip && mod <= last)
                    continue;
                if (u->route == v->route ? moves_intra(ls, u, v)
                                         : moves_inter(ls, u, v)) {
                    improved = 1;
                    continue;
                }
                if (v->prev->k < 0) {
                    node *d = v->prev;
                    if (u->route == v->route ? moves_intra(ls, u, d)
                                             : moves_inter(ls, u, d))
                        improved = 1;
                }
            }
            if (ls->loop > 0 && u->route >= 0 && move_to_empty(ls, u))
                improved = 1;
        }
        /* SWAP* only once the moves above find nothing (it costs about as
         * much as all of them), and not after a ruin, where it slowed the
         * search more than it helped */
        if (!focus && !improved && !c->stop_flag &&
            swap_star_pass(ls))
            improved = 1;
        if (c->pb->n_types > 1 && !c->stop_flag && change_types(ls))
            improved = 1;
    }
}

long vrp_ls_run(vrp_ls *ls, int *tour, int *rlen, vrp_totals *tot,
                int max_loops)
{
    load(ls, tour, rlen);
    passes(ls, max_loops, 0);
    store(ls, tour, rlen, tot);
    return ls->counter;
}

long vrp_ls_ruin(vrp_ls *ls, int *tour, int *rlen, vrp_totals *tot,
                 const int *ks, int n)
{
    vrp_ctx *c = ls->c;
    int i, r, m;
    node *x;
    load(ls, tour, rlen);
    /* counter 1 from here: routes changed below and every move after this
     * are newer than the tests (0) of the stops left alone */
    ls->counter = 1;
    for (i = 0; i < c->n_act; i++)
        ls->nodes[i].tested = ls->nodes[i].touched = 0;
    for (r = 0; r < c->n_slots; r++)
        ls->routes[r].modified = ls->routes[r].sw_tested = 0;
    for (i = 0; i < n; i++) {
        x = &ls->nodes[ks[i]];
        x->tested = -1;
        x->touched = 1;
        if (x->route >= 0) {
            ls->routes[x->route].modified = 1;
            x->prev->touched = x->next->touched = 1;
        }
    }
    for (r = 0; r < c->n_slots; r++) {
        route *R = &ls->routes[r];
        if (R->modified == 0)
            continue;
        m = 0;
        for (x = R->start.next; x->k >= 0; x = x->next)
            if (x->tested >= 0)
                ls->buf_a[m++] = x;
        relink(ls, r, ls->buf_a, m);
        update_states(ls, r);
        refresh_cost(ls, r);
    }
    for (i = 0; i < n; i++) {
        x = &ls->nodes[ks[i]];
        x->route = -1;
        x->prev = x->next = NULL;
    }
    for (i = 0; i < n && !c->stop_flag; i++)
        if (ls->nodes[ks[i]].route < 0)
            try_insert(ls, &ls->nodes[ks[i]], 1);
    passes(ls, 0, 1);
    store(ls, tour, rlen, tot);
    return ls->counter;
}

void vrp_ls_measure(vrp_ls *ls, int *tour, int *rlen, vrp_totals *tot)
{
    load(ls, tour, rlen);
    store(ls, tour, rlen, tot);
}

void vrp_ls_keep_feasible(vrp_ls *ls, int on)
{
    ls->keep_feasible = on;
}
