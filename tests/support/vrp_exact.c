/*
 * vrp_exact.c — wo_vrp_solve_exact: a compact vehicle-indexed MIP of the
 * full routing model, solved by GLPK through solver/lp.h. It is the tests'
 * first exact reference (linked into tests only, not into the library),
 * so it favours being exact over being fast; it refuses instances of more
 * than 12 stops.
 *
 * How far it reaches (measured on tests/support/vrp_gen instances with time
 * windows, facilities and breaks): 3-5 stops in under a second each (a
 * few seconds at worst), 6-7 stops from a fraction of a second to more
 * than 20 s, and of nine instances of 8-10 stops one proven within 20 s
 * (the time and load big-M rows make the relaxation weak). The acceptance
 * test of the metaheuristic at up to 10 stops (test_vrp_vs_exact) therefore
 * takes its optimum from a second exact method, route labelling + set
 * partitioning (tests/support/vrp_spx.c); test_vrp_exact checks that both
 * agree with each other and with a brute-force enumeration on 2-5 stops.
 *
 * Formulation, per vehicle k (every vehicle of every type whose streams
 * meet some stop; at most as many vehicles of a type as it has stops):
 *  - nodes: the start depot S, the end depot E, the compatible stops, and
 *    for each facility accepting one of the type's streams a few copies
 *    (visits of that facility by k, copy c+1 used only after copy c);
 *  - arcs x: S->stop, stop->stop, stop->copy, copy->stop, copy->E; no
 *    S->E (an unused vehicle has no arcs), no copy->copy (an unload
 *    empties the vehicle, so two in a row never help in a metric matrix),
 *    and stops reach E only through an unload (the vehicle returns empty);
 *  - loads L (per dimension, per stop, the stop being on one vehicle):
 *    L_j >= L_i + q_j on stop->stop arcs, L_j >= q_j after an unload, and
 *    L_j <= capacity of the vehicle serving j;
 *  - times: start T and departure D per stop (global) and per copy, the
 *    departure T0 from S and the arrival TE at E per vehicle; T_j >= D_i +
 *    travel on every arc with the smallest valid big-M; windows of a stop
 *    with more than one window are chosen by binaries;
 *  - the break is taken after one node chosen by binaries b (S, a stop or
 *    a copy): its start lies in its window and after that node's service,
 *    and the departure from that node waits for the end of the break;
 *  - shift window, shift length (TE - T0), maximum stops and load per day,
 *    one stream per route (binaries when a type may carry several), daily
 *    facility capacities (unloaded amounts), fleet counts by construction;
 *  - valid inequalities for the relaxation: a stop or unload copy is
 *    entered only by a used vehicle, the route duration covers its
 *    travel, services and break, a route unloads at least load/capacity
 *    times, no two-stop cycles;
 *  - position variables (MTZ) only when some arc could close a cycle of
 *    zero duration, which the time constraints would not cut;
 *  - objective: fixed costs + cost per metre + cost per second of route
 *    duration + penalties of unserved optional stops. With lexicographic
 *    set it is solved twice: first the fewest vehicles, then the cost with
 *    the vehicles capped at that number (exact, unlike a big weight that
 *    GLPK's tolerances could blur).
 *
 * Times are in hours and loads in fractions of the largest capacity
 * inside the MIP (a scaled copy of the problem), which keeps the big-M
 * rows well conditioned; routes are read back in seconds and loads by a
 * forward pass over the chosen sequence (start = max(arrival, MIP start)),
 * so the returned times, loads and costs are recomputed, never rounded
 * MIP values.
 *
 * Copies per facility per vehicle: min(stops of the vehicle, max(2,
 * ceil(its stops' demand / capacity) + 1)). The MIP is exact for every
 * solution that does not need more unload visits of one facility by one
 * vehicle than that (tests cross-check it against enumeration without
 * that bound).
 */
#include "tests/support/vrp_exact.h"

#include "solver/lp.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define EX_MAX_STOPS 12
/* The MIP counts time in hours and loads as fractions of the largest
 * capacity, so that its big-M coefficients stay small. */
#define EX_HOUR_S 3600.0

/* Kind of a node in one vehicle's graph. */
enum { EN_START = 0, EN_END, EN_STOP, EN_COPY };

/* A node of one vehicle's graph. */
typedef struct ex_node {
    int kind;        /* EN_...                                        */
    int idx;         /* stop or facility index (-1 for depots)        */
    int loc;         /* matrix index                                  */
    double serv_s;   /* service / unload duration                     */
    int col_t;       /* column of the start time (T0 for S, TE for E) */
    int col_d;       /* column of the departure (-1 for E)            */
    int col_b;       /* break-after binary, -1 when no break          */
    int col_p;       /* position column (zero-time cycles only), -1   */
    int copy;        /* copy number of a facility node                */
} ex_node;

/* An arc of one vehicle's graph. */
typedef struct ex_arc {
    int from, to;    /* node indices in the vehicle's node array */
    int col;         /* binary column                              */
} ex_arc;

/* One vehicle of the model. */
typedef struct ex_veh {
    int type;        /* vehicle type                                 */
    int vehicle;     /* number within the type                       */
    int col_y;       /* used binary                                  */
    int col_tb;      /* break start, -1 when the type has no break    */
    int n_nodes;
    ex_node *nodes;
    int n_arcs;
    ex_arc *arcs;
    int col_w[64];   /* stream binaries, -1 when not needed           */
} ex_veh;

/* The whole model and its scratch arrays. */
typedef struct ex_model {
    const wo_vrp_problem *pb;           /* the scaled problem the MIP sees */
    const wo_vrp_problem *orig;         /* the caller's problem            */
    wo_lp *lp;
    int n_veh;
    ex_veh *veh;
    int *stop_t, *stop_d, *stop_served; /* [n_stops] columns            */
    int *stop_l;                        /* [n_stops * DIMS] load columns */
    int *stop_p;                        /* [n_stops] position or -1      */
    double horizon_s;                   /* latest time anywhere          */
    int *idx;                           /* row scratch                   */
    double *val;
    int cap_row;                        /* scratch capacity              */
    int nnz;                            /* entries in the scratch row    */
    int phase1;                         /* minimise the vehicles only    */
    double obj_const;                   /* penalties of all optional stops */
    int failed;                         /* a column or row could not be added */
    int max_nodes;                      /* nodes of the largest vehicle graph */
} ex_model;

static double tt(const wo_vrp_problem *pb, const wo_vrp_vehicle_type *t,
                 int a, int b)
{
    double f = t->speed_factor > 0 ? t->speed_factor : 1.0;
    return pb->dur_s[(size_t)a * (size_t)pb->n_loc + (size_t)b] * f;
}

static double dd(const wo_vrp_problem *pb, int a, int b)
{
    return pb->dist_m[(size_t)a * (size_t)pb->n_loc + (size_t)b];
}

/* Add a column; in the first phase of a lexicographic solve only the
 * vehicle columns carry an objective (set by the caller). */
static int col(ex_model *m, wo_lp_kind kind, double lb, double ub, double obj)
{
    int c = wo_lp_add_col(m->lp, NULL, kind, lb, ub, m->phase1 ? 0.0 : obj);
    if (c < 0)
        m->failed = 1;
    return c;
}

static void row_begin(ex_model *m)
{
    m->nnz = 0;
}

/* Add coef * x[c] to the scratch row, merging repeated columns. */
static void row_put(ex_model *m, int c, double coef)
{
    int k;
    if (c < 0)
        return;
    for (k = 0; k < m->nnz; k++)
        if (m->idx[k] == c) {
            m->val[k] += coef;
            return;
        }
    if (m->nnz >= m->cap_row) {
        m->failed = 1;
        return;
    }
    m->idx[m->nnz] = c;
    m->val[m->nnz] = coef;
    m->nnz++;
}

static void row_end(ex_model *m, double lb, double ub)
{
    if (m->failed)
        return;
    if (wo_lp_add_row(m->lp, NULL, lb, ub, m->nnz, m->idx, m->val) < 0)
        m->failed = 1;
}

static int stop_fits_type(const wo_vrp_stop *s, const wo_vrp_vehicle_type *t)
{
    return s->stream >= 0 && s->stream < 64 && ((t->streams >> s->stream) & 1u);
}

static double stop_open(const wo_vrp_stop *s)
{
    return s->n_tw > 0 ? s->tw[0].open_s : 0.0;
}

static double stop_close(const wo_vrp_stop *s, double horizon)
{
    return s->n_tw > 0 ? fmin(s->tw[s->n_tw - 1].close_s, horizon) : horizon;
}

/* Bounds of the start time of node n. */
static void node_tbounds(const ex_model *m, const ex_node *n, double *lb,
                         double *ub)
{
    *lb = wo_lp_col_lb(m->lp, n->col_t);
    *ub = wo_lp_col_ub(m->lp, n->col_t);
}

/* Columns and rows of vehicle v. */
static void build_vehicle(ex_model *m, ex_veh *v)
{
    const wo_vrp_problem *pb = m->pb;
    const wo_vrp_vehicle_type *t = &pb->types[v->type];
    double hz = fmin(m->horizon_s, t->shift_close_s);
    double dem[WO_VRP_DIMS] = {0, 0};
    int nstops = 0, ncopies, i, j, f, c, s, d, a, nstreams = 0;
    int zero_cycle = 0;
    ex_node *nd;

    for (s = 0; s < 64; s++)
        v->col_w[s] = -1;
    for (i = 0; i < pb->n_stops; i++)
        if (stop_fits_type(&pb->stops[i], t)) {
            nstops++;
            for (d = 0; d < WO_VRP_DIMS; d++)
                dem[d] += pb->stops[i].demand[d];
        }
    ncopies = 2;
    for (d = 0; d < WO_VRP_DIMS; d++)
        if (t->capacity[d] > 0) {
            int need = (int)ceil(dem[d] / t->capacity[d] - 1e-9) + 1;
            if (need > ncopies)
                ncopies = need;
        }
    if (ncopies > nstops)
        ncopies = nstops;

    v->col_y = col(m, WO_LP_BIN, 0, 1, t->fixed_cost);
    if (m->phase1 && v->col_y >= 0)
        wo_lp_set_obj(m->lp, v->col_y, 1.0);
    v->col_tb = -1;
    if (t->break_s > 0)
        v->col_tb = col(m, WO_LP_CONT, t->break_earliest_s,
                        fmax(t->break_earliest_s, t->break_latest_s), 0);

    /* nodes: S, E, stops, copies */
    nd = v->nodes;
    v->n_nodes = 0;
    nd[0].kind = EN_START;
    nd[0].idx = -1;
    nd[0].loc = t->start_loc;
    nd[0].serv_s = 0;
    nd[0].col_t = col(m, WO_LP_CONT, t->shift_open_s, hz, -t->cost_per_s);
    nd[0].col_d = col(m, WO_LP_CONT, t->shift_open_s, hz, 0);
    nd[1].kind = EN_END;
    nd[1].idx = -1;
    nd[1].loc = t->end_loc;
    nd[1].serv_s = 0;
    nd[1].col_t = col(m, WO_LP_CONT, t->shift_open_s, hz, t->cost_per_s);
    nd[1].col_d = -1;
    v->n_nodes = 2;
    for (i = 0; i < pb->n_stops; i++) {
        if (!stop_fits_type(&pb->stops[i], t))
            continue;
        nd[v->n_nodes].kind = EN_STOP;
        nd[v->n_nodes].idx = i;
        nd[v->n_nodes].loc = pb->stops[i].loc;
        nd[v->n_nodes].serv_s = pb->stops[i].service_s;
        nd[v->n_nodes].col_t = m->stop_t[i];
        nd[v->n_nodes].col_d = m->stop_d[i];
        v->n_nodes++;
    }
    for (f = 0; f < pb->n_facilities; f++) {
        const wo_vrp_facility *fa = &pb->facilities[f];
        if (!(fa->streams & t->streams) || nstops == 0)
            continue;
        double fub = fmin(fa->close_s,
                          hz - fa->unload_s - tt(pb, t, fa->loc, t->end_loc));
        if (fub < fa->open_s)
            continue;
        for (c = 0; c < ncopies; c++) {
            ex_node *n = &nd[v->n_nodes++];
            n->kind = EN_COPY;
            n->idx = f;
            n->copy = c;
            n->loc = fa->loc;
            n->serv_s = fa->unload_s;
            n->col_t = col(m, WO_LP_CONT, fa->open_s, fub, 0);
            n->col_d = col(m, WO_LP_CONT, fa->open_s + fa->unload_s,
                           fmax(fa->open_s + fa->unload_s, hz), 0);
        }
    }
    for (i = 0; i < v->n_nodes; i++) {
        nd[i].col_b = -1;
        nd[i].col_p = -1;
        /* a break after a node is possible only if the node can be done
         * by the break's latest start */
        if (t->break_s > 0 && nd[i].kind != EN_END)
            nd[i].col_b = col(m, WO_LP_BIN, 0,
                              wo_lp_col_lb(m->lp, nd[i].col_t) + nd[i].serv_s <=
                                      t->break_latest_s + 1e-9
                                  ? 1
                                  : 0,
                              0);
    }

    /* arcs, dropping those no schedule can use */
    v->n_arcs = 0;
    for (i = 0; i < v->n_nodes; i++)
        for (j = 0; j < v->n_nodes; j++) {
            int ki = nd[i].kind, kj = nd[j].kind;
            double lbt, ubt, lbj, ubj, tr;
            if (i == j || ki == EN_END || kj == EN_START)
                continue;
            if (ki == EN_START && kj != EN_STOP)
                continue;
            if (ki == EN_STOP && kj == EN_END)
                continue;
            if (ki == EN_COPY && kj == EN_COPY)
                continue;
            if (ki == EN_STOP && kj == EN_STOP &&
                pb->stops[nd[i].idx].stream != pb->stops[nd[j].idx].stream)
                continue;
            if (ki == EN_STOP && kj == EN_COPY &&
                !((pb->facilities[nd[j].idx].streams >>
                   pb->stops[nd[i].idx].stream) & 1u))
                continue;
            if (ki == EN_COPY && kj == EN_STOP &&
                !((pb->facilities[nd[i].idx].streams >>
                   pb->stops[nd[j].idx].stream) & 1u))
                continue;
            node_tbounds(m, &nd[i], &lbt, &ubt);
            node_tbounds(m, &nd[j], &lbj, &ubj);
            tr = tt(pb, t, nd[i].loc, nd[j].loc);
            if (lbt + nd[i].serv_s + tr > ubj + 1e-9)
                continue;
            if (ki != EN_START && nd[i].serv_s + tr <= 0)
                zero_cycle = 1;
            v->arcs[v->n_arcs].from = i;
            v->arcs[v->n_arcs].to = j;
            v->arcs[v->n_arcs].col =
                col(m, WO_LP_BIN, 0, 1, t->cost_per_m * dd(pb, nd[i].loc,
                                                           nd[j].loc));
            v->n_arcs++;
        }

    /* S leaves once when used, E entered once, flow conservation */
    for (i = 0; i < v->n_nodes; i++) {
        row_begin(m);
        for (a = 0; a < v->n_arcs; a++) {
            if (v->arcs[a].from == i)
                row_put(m, v->arcs[a].col, 1);
            if (v->arcs[a].to == i)
                row_put(m, v->arcs[a].col, -1);
        }
        if (nd[i].kind == EN_START)
            row_put(m, v->col_y, -1);
        if (nd[i].kind == EN_END)
            row_put(m, v->col_y, 1);
        row_end(m, 0, 0);
        if (nd[i].kind == EN_STOP || nd[i].kind == EN_COPY) {
            /* at most one visit, and only by a used vehicle: this also
             * keeps the relaxation from serving stops on cycles detached
             * from the depot at no vehicle cost */
            row_begin(m);
            for (a = 0; a < v->n_arcs; a++)
                if (v->arcs[a].to == i)
                    row_put(m, v->arcs[a].col, 1);
            row_put(m, v->col_y, -1);
            row_end(m, -WO_LP_INF, 0);
        }
    }
    /* copy c+1 only after copy c, and later */
    for (i = 2; i + 1 < v->n_nodes; i++) {
        ex_node *p = &nd[i], *q = &nd[i + 1];
        double bigm;
        if (p->kind != EN_COPY || q->kind != EN_COPY || p->idx != q->idx)
            continue;
        row_begin(m);
        for (a = 0; a < v->n_arcs; a++) {
            if (v->arcs[a].to == i + 1)
                row_put(m, v->arcs[a].col, 1);
            if (v->arcs[a].to == i)
                row_put(m, v->arcs[a].col, -1);
        }
        row_end(m, -WO_LP_INF, 0);
        /* T_q >= D_p when q used */
        bigm = wo_lp_col_ub(m->lp, p->col_d) - wo_lp_col_lb(m->lp, q->col_t);
        if (bigm > 0) {
            row_begin(m);
            row_put(m, q->col_t, 1);
            row_put(m, p->col_d, -1);
            for (a = 0; a < v->n_arcs; a++)
                if (v->arcs[a].to == i + 1)
                    row_put(m, v->arcs[a].col, -bigm);
            row_end(m, -bigm, WO_LP_INF);
        }
    }
    /* departure after service */
    for (i = 0; i < v->n_nodes; i++) {
        if (nd[i].kind == EN_END || nd[i].kind == EN_STOP)
            continue;
        row_begin(m);
        row_put(m, nd[i].col_d, 1);
        row_put(m, nd[i].col_t, -1);
        row_end(m, nd[i].serv_s, WO_LP_INF);
    }
    /* time propagation along arcs */
    for (a = 0; a < v->n_arcs; a++) {
        ex_node *p = &nd[v->arcs[a].from], *q = &nd[v->arcs[a].to];
        double tr = tt(pb, t, p->loc, q->loc);
        double bigm = wo_lp_col_ub(m->lp, p->col_d) + tr -
                      wo_lp_col_lb(m->lp, q->col_t);
        if (bigm <= 0)
            continue;
        row_begin(m);
        row_put(m, q->col_t, 1);
        row_put(m, p->col_d, -1);
        row_put(m, v->arcs[a].col, -bigm);
        row_end(m, tr - bigm, WO_LP_INF);
    }
    /* loads along stop->stop arcs, and facility capacities */
    for (d = 0; d < WO_VRP_DIMS; d++) {
        for (a = 0; a < v->n_arcs; a++) {
            ex_node *p = &nd[v->arcs[a].from], *q = &nd[v->arcs[a].to];
            double bigm;
            if (p->kind != EN_STOP || q->kind != EN_STOP)
                continue;
            bigm = wo_lp_col_ub(m->lp, m->stop_l[p->idx * WO_VRP_DIMS + d]);
            if (bigm <= 0)
                continue;
            row_begin(m);
            row_put(m, m->stop_l[q->idx * WO_VRP_DIMS + d], 1);
            row_put(m, m->stop_l[p->idx * WO_VRP_DIMS + d], -1);
            row_put(m, v->arcs[a].col, -bigm);
            row_end(m, pb->stops[q->idx].demand[d] - bigm, WO_LP_INF);
        }
        /* load of a stop within this vehicle's capacity when it serves it */
        if (t->capacity[d] >= 0) {
            for (i = 0; i < v->n_nodes; i++) {
                double ubl;
                if (nd[i].kind != EN_STOP)
                    continue;
                ubl = wo_lp_col_ub(m->lp, m->stop_l[nd[i].idx * WO_VRP_DIMS + d]);
                if (ubl <= t->capacity[d])
                    continue;
                row_begin(m);
                row_put(m, m->stop_l[nd[i].idx * WO_VRP_DIMS + d], 1);
                for (a = 0; a < v->n_arcs; a++)
                    if (v->arcs[a].to == i)
                        row_put(m, v->arcs[a].col, ubl - t->capacity[d]);
                row_end(m, -WO_LP_INF, ubl);
            }
        }
        if (t->max_load_per_day[d] >= 0) {
            row_begin(m);
            for (a = 0; a < v->n_arcs; a++)
                if (nd[v->arcs[a].to].kind == EN_STOP)
                    row_put(m, v->arcs[a].col,
                            pb->stops[nd[v->arcs[a].to].idx].demand[d]);
            row_end(m, -WO_LP_INF, t->max_load_per_day[d]);
        }
    }
    if (t->max_stops > 0) {
        row_begin(m);
        for (a = 0; a < v->n_arcs; a++)
            if (nd[v->arcs[a].to].kind == EN_STOP)
                row_put(m, v->arcs[a].col, 1);
        row_end(m, -WO_LP_INF, t->max_stops);
    }
    /* shift: TE >= T0, TE - T0 <= shift length */
    row_begin(m);
    row_put(m, nd[1].col_t, 1);
    row_put(m, nd[0].col_t, -1);
    row_end(m, 0, t->max_duration_s > 0 ? t->max_duration_s : WO_LP_INF);
    /* valid for the relaxation: the duration covers every travel, service
     * and unload on the route, and the break */
    row_begin(m);
    row_put(m, nd[1].col_t, 1);
    row_put(m, nd[0].col_t, -1);
    for (a = 0; a < v->n_arcs; a++)
        row_put(m, v->arcs[a].col,
                -(nd[v->arcs[a].from].serv_s +
                  tt(pb, t, nd[v->arcs[a].from].loc, nd[v->arcs[a].to].loc)));
    if (t->break_s > 0)
        row_put(m, v->col_y, -t->break_s);
    row_end(m, 0, WO_LP_INF);
    /* valid: unload visits >= load collected / capacity */
    for (d = 0; d < WO_VRP_DIMS; d++) {
        if (t->capacity[d] <= 0)
            continue;
        row_begin(m);
        for (a = 0; a < v->n_arcs; a++) {
            const ex_node *q = &nd[v->arcs[a].to];
            if (q->kind == EN_COPY)
                row_put(m, v->arcs[a].col, 1);
            else if (q->kind == EN_STOP)
                row_put(m, v->arcs[a].col,
                        -pb->stops[q->idx].demand[d] / t->capacity[d]);
        }
        row_end(m, 0, WO_LP_INF);
    }
    /* no two-stop cycles */
    for (a = 0; a < v->n_arcs; a++) {
        int b;
        if (nd[v->arcs[a].from].kind != EN_STOP ||
            nd[v->arcs[a].to].kind != EN_STOP ||
            v->arcs[a].from > v->arcs[a].to)
            continue;
        for (b = 0; b < v->n_arcs; b++)
            if (v->arcs[b].from == v->arcs[a].to &&
                v->arcs[b].to == v->arcs[a].from) {
                row_begin(m);
                row_put(m, v->arcs[a].col, 1);
                row_put(m, v->arcs[b].col, 1);
                row_end(m, -WO_LP_INF, 1);
            }
    }

    /* break after exactly one node of a used vehicle */
    if (t->break_s > 0) {
        row_begin(m);
        for (i = 0; i < v->n_nodes; i++)
            row_put(m, nd[i].col_b, 1);
        row_put(m, v->col_y, -1);
        row_end(m, 0, 0);
        for (i = 0; i < v->n_nodes; i++) {
            ex_node *n = &nd[i];
            double bm1, bm2;
            if (n->col_b < 0)
                continue;
            /* only after a node the vehicle visits */
            row_begin(m);
            row_put(m, n->col_b, 1);
            if (n->kind == EN_START)
                row_put(m, v->col_y, -1);
            else
                for (a = 0; a < v->n_arcs; a++)
                    if (v->arcs[a].to == i)
                        row_put(m, v->arcs[a].col, -1);
            row_end(m, -WO_LP_INF, 0);
            /* tb >= T_n + serv */
            bm1 = wo_lp_col_ub(m->lp, n->col_t) + n->serv_s -
                  wo_lp_col_lb(m->lp, v->col_tb);
            if (bm1 > 0) {
                row_begin(m);
                row_put(m, v->col_tb, 1);
                row_put(m, n->col_t, -1);
                row_put(m, n->col_b, -bm1);
                row_end(m, n->serv_s - bm1, WO_LP_INF);
            }
            /* D_n >= tb + break */
            bm2 = wo_lp_col_ub(m->lp, v->col_tb) + t->break_s -
                  wo_lp_col_lb(m->lp, n->col_d);
            if (bm2 > 0) {
                row_begin(m);
                row_put(m, n->col_d, 1);
                row_put(m, v->col_tb, -1);
                row_put(m, n->col_b, -bm2);
                row_end(m, t->break_s - bm2, WO_LP_INF);
            }
        }
    }
    /* one stream per route */
    for (s = 0; s < 64; s++) {
        int has = 0;
        for (i = 0; i < v->n_nodes; i++)
            if (nd[i].kind == EN_STOP && pb->stops[nd[i].idx].stream == s)
                has = 1;
        nstreams += has;
    }
    if (nstreams > 1) {
        row_begin(m);
        for (s = 0; s < 64; s++) {
            int has = 0;
            for (i = 0; i < v->n_nodes; i++)
                if (nd[i].kind == EN_STOP && pb->stops[nd[i].idx].stream == s)
                    has = 1;
            if (has) {
                v->col_w[s] = col(m, WO_LP_BIN, 0, 1, 0);
                row_put(m, v->col_w[s], 1);
            }
        }
        row_put(m, v->col_y, -1);
        row_end(m, -WO_LP_INF, 0);
        for (i = 0; i < v->n_nodes; i++) {
            if (nd[i].kind == EN_STOP) {
                row_begin(m);
                for (a = 0; a < v->n_arcs; a++)
                    if (v->arcs[a].to == i)
                        row_put(m, v->arcs[a].col, 1);
                row_put(m, v->col_w[pb->stops[nd[i].idx].stream], -1);
                row_end(m, -WO_LP_INF, 0);
            } else if (nd[i].kind == EN_COPY) {
                row_begin(m);
                for (a = 0; a < v->n_arcs; a++)
                    if (v->arcs[a].to == i)
                        row_put(m, v->arcs[a].col, 1);
                for (s = 0; s < 64; s++)
                    if (v->col_w[s] >= 0 &&
                        ((pb->facilities[nd[i].idx].streams >> s) & 1u))
                        row_put(m, v->col_w[s], -1);
                row_end(m, -WO_LP_INF, 0);
            }
        }
    }
    /* positions against cycles of zero duration */
    if (zero_cycle) {
        double np = (double)m->max_nodes;
        for (i = 2; i < v->n_nodes; i++) {
            if (nd[i].kind == EN_STOP) {
                if (m->stop_p[nd[i].idx] < 0)
                    m->stop_p[nd[i].idx] = col(m, WO_LP_CONT, 1, np, 0);
                nd[i].col_p = m->stop_p[nd[i].idx];
            } else {
                nd[i].col_p = col(m, WO_LP_CONT, 1, np, 0);
            }
        }
        for (a = 0; a < v->n_arcs; a++) {
            ex_node *p = &nd[v->arcs[a].from], *q = &nd[v->arcs[a].to];
            if (p->col_p < 0 || q->col_p < 0)
                continue;
            row_begin(m);
            row_put(m, q->col_p, 1);
            row_put(m, p->col_p, -1);
            row_put(m, v->arcs[a].col, -np);
            row_end(m, 1 - np, WO_LP_INF);
        }
    }
}

/* Stop columns and rows that do not depend on the vehicle. */
static void build_stops(ex_model *m)
{
    const wo_vrp_problem *pb = m->pb;
    int i, d, w, k;
    for (i = 0; i < pb->n_stops; i++) {
        const wo_vrp_stop *s = &pb->stops[i];
        double lb = stop_open(s), ub = stop_close(s, m->horizon_s);
        double ubl[WO_VRP_DIMS], first = INFINITY, last = -INFINITY;
        int servable, any = 0;
        /* the earliest arrival from a depot and the latest start that
         * still leaves time to unload and return bound the start */
        for (k = 0; k < pb->n_types; k++) {
            const wo_vrp_vehicle_type *t = &pb->types[k];
            int f;
            if (!stop_fits_type(s, t) || t->count <= 0)
                continue;
            first = fmin(first, t->shift_open_s + tt(pb, t, t->start_loc, s->loc));
            for (f = 0; f < pb->n_facilities; f++) {
                const wo_vrp_facility *fa = &pb->facilities[f];
                if (!((fa->streams >> s->stream) & 1u))
                    continue;
                last = fmax(last, t->shift_close_s - s->service_s -
                                      tt(pb, t, s->loc, fa->loc) - fa->unload_s -
                                      tt(pb, t, fa->loc, t->end_loc));
            }
        }
        lb = fmax(lb, first);
        ub = fmin(ub, last);

        servable = lb <= ub;
        for (d = 0; d < WO_VRP_DIMS; d++) {
            double sum = 0, capmax = 0;
            int j;
            for (j = 0; j < pb->n_stops; j++)
                if (pb->stops[j].stream == s->stream)
                    sum += pb->stops[j].demand[d];
            for (k = 0; k < pb->n_types; k++) {
                const wo_vrp_vehicle_type *t = &pb->types[k];
                if (!stop_fits_type(s, t) || t->count <= 0)
                    continue;
                any = 1;
                capmax = t->capacity[d] < 0 ? sum : fmax(capmax, t->capacity[d]);
            }
            ubl[d] = fmin(sum, capmax);
            if (ubl[d] < s->demand[d])
                servable = 0;
        }
        if (!any)
            servable = 0;
        m->stop_served[i] = col(m, WO_LP_BIN, s->optional || !servable ? 0 : 1,
                                servable ? 1 : 0,
                                s->optional ? -s->penalty : 0);
        if (!servable && !s->optional)
            m->failed = m->failed ? m->failed : 2;
        if (s->optional && !m->phase1)
            m->obj_const += s->penalty;
        if (ub < lb)
            ub = lb;
        m->stop_t[i] = col(m, WO_LP_CONT, lb, ub, 0);
        m->stop_d[i] = col(m, WO_LP_CONT, lb + s->service_s,
                           fmax(lb, m->horizon_s) + s->service_s, 0);
        row_begin(m);
        row_put(m, m->stop_d[i], 1);
        row_put(m, m->stop_t[i], -1);
        row_end(m, s->service_s, WO_LP_INF);
        for (d = 0; d < WO_VRP_DIMS; d++) {
            m->stop_l[i * WO_VRP_DIMS + d] =
                col(m, WO_LP_CONT, 0, fmax(ubl[d], s->demand[d]), 0);
            row_begin(m);
            row_put(m, m->stop_l[i * WO_VRP_DIMS + d], 1);
            row_put(m, m->stop_served[i], -s->demand[d]);
            row_end(m, 0, WO_LP_INF);
        }
        if (s->n_tw >= 2) {
            int cw[WO_VRP_MAX_TW];
            for (w = 0; w < s->n_tw; w++)
                cw[w] = col(m, WO_LP_BIN, 0, 1, 0);
            row_begin(m);
            for (w = 0; w < s->n_tw; w++)
                row_put(m, cw[w], 1);
            row_put(m, m->stop_served[i], -1);
            row_end(m, 0, 0);
            row_begin(m);
            row_put(m, m->stop_t[i], 1);
            for (w = 0; w < s->n_tw; w++)
                row_put(m, cw[w], -s->tw[w].open_s);
            row_end(m, 0, WO_LP_INF);
            row_begin(m);
            row_put(m, m->stop_t[i], 1);
            for (w = 0; w < s->n_tw; w++)
                row_put(m, cw[w], -fmin(s->tw[w].close_s, ub));
            row_put(m, m->stop_served[i], ub);
            row_end(m, -WO_LP_INF, ub);
        }
    }
}

/* Rows linking vehicles: each stop served by one vehicle, symmetry of
 * identical vehicles, daily facility capacities, the vehicle cap of the
 * second lexicographic phase. */
static void build_links(ex_model *m, int max_vehicles)
{
    const wo_vrp_problem *pb = m->pb;
    int i, k, a, f, d, n;
    for (i = 0; i < pb->n_stops; i++) {
        row_begin(m);
        for (k = 0; k < m->n_veh; k++) {
            ex_veh *v = &m->veh[k];
            for (a = 0; a < v->n_arcs; a++)
                if (v->nodes[v->arcs[a].to].kind == EN_STOP &&
                    v->nodes[v->arcs[a].to].idx == i)
                    row_put(m, v->arcs[a].col, 1);
        }
        row_put(m, m->stop_served[i], -1);
        row_end(m, 0, 0);
    }
    for (k = 0; k + 1 < m->n_veh; k++)
        if (m->veh[k].type == m->veh[k + 1].type) {
            row_begin(m);
            row_put(m, m->veh[k + 1].col_y, 1);
            row_put(m, m->veh[k].col_y, -1);
            row_end(m, -WO_LP_INF, 0);
        }
    for (f = 0; f < pb->n_facilities; f++)
        for (d = 0; d < WO_VRP_DIMS; d++) {
            int *acol, na = 0, r;
            double cap = pb->facilities[f].capacity[d];
            if (cap < 0)
                continue;
            acol = wo_malloc(sizeof(int) * (size_t)(m->max_nodes * m->n_veh + 1));
            if (!acol) {
                m->failed = 1;
                return;
            }
            for (k = 0; k < m->n_veh; k++) {
                ex_veh *v = &m->veh[k];
                for (n = 0; n < v->n_nodes; n++) {
                    if (v->nodes[n].kind != EN_COPY || v->nodes[n].idx != f)
                        continue;
                    acol[na] = col(m, WO_LP_CONT, 0, WO_LP_INF, 0);
                    for (a = 0; a < v->n_arcs; a++) {
                        const ex_node *p = &v->nodes[v->arcs[a].from];
                        double bigm;
                        if (v->arcs[a].to != n || p->kind != EN_STOP)
                            continue;
                        bigm = wo_lp_col_ub(m->lp,
                                            m->stop_l[p->idx * WO_VRP_DIMS + d]);
                        row_begin(m);
                        row_put(m, acol[na], 1);
                        row_put(m, m->stop_l[p->idx * WO_VRP_DIMS + d], -1);
                        row_put(m, v->arcs[a].col, -bigm);
                        row_end(m, -bigm, WO_LP_INF);
                    }
                    na++;
                }
            }
            row_begin(m);
            for (r = 0; r < na; r++)
                row_put(m, acol[r], 1);
            row_end(m, -WO_LP_INF, cap);
            wo_free(acol);
        }
    if (max_vehicles >= 0) {
        row_begin(m);
        for (k = 0; k < m->n_veh; k++)
            row_put(m, m->veh[k].col_y, 1);
        row_end(m, -WO_LP_INF, max_vehicles);
    }
}

static void model_free(ex_model *m)
{
    int k;
    if (m->veh)
        for (k = 0; k < m->n_veh; k++) {
            wo_free(m->veh[k].nodes);
            wo_free(m->veh[k].arcs);
        }
    wo_free(m->veh);
    wo_free(m->stop_t);
    wo_free(m->stop_d);
    wo_free(m->stop_served);
    wo_free(m->stop_l);
    wo_free(m->stop_p);
    wo_free(m->idx);
    wo_free(m->val);
    wo_lp_free(m->lp);
    memset(m, 0, sizeof *m);
}

/* Build the whole model (phase1: objective = vehicles; max_vehicles >= 0
 * caps the vehicles used). Returns WO_OK, WO_ENOMEM, or WO_EINFEASIBLE
 * when a mandatory stop can be served by no vehicle. */
static int model_build(ex_model *m, const wo_vrp_problem *pb,
                       const wo_vrp_problem *orig, int phase1,
                       int max_vehicles, wo_err *err)
{
    int t, i, k, nveh = 0, ncompat;
    size_t cap;
    memset(m, 0, sizeof *m);
    m->pb = pb;
    m->orig = orig;
    m->phase1 = phase1;
    m->horizon_s = 0;
    for (t = 0; t < pb->n_types; t++)
        m->horizon_s = fmax(m->horizon_s, pb->types[t].shift_close_s);
    m->max_nodes = 2 + pb->n_stops + pb->n_facilities * pb->n_stops;
    for (t = 0; t < pb->n_types; t++) {
        ncompat = 0;
        for (i = 0; i < pb->n_stops; i++)
            ncompat += stop_fits_type(&pb->stops[i], &pb->types[t]);
        nveh += pb->types[t].count < ncompat ? pb->types[t].count : ncompat;
    }
    cap = (size_t)(nveh + 1) * (size_t)m->max_nodes * (size_t)m->max_nodes +
          (size_t)pb->n_stops * 16 + 64;
    m->lp = wo_lp_new("vrp_exact", WO_LP_MIN);
    m->veh = wo_calloc((size_t)nveh + 1, sizeof(ex_veh));
    m->stop_t = wo_malloc(sizeof(int) * (size_t)(pb->n_stops + 1));
    m->stop_d = wo_malloc(sizeof(int) * (size_t)(pb->n_stops + 1));
    m->stop_served = wo_malloc(sizeof(int) * (size_t)(pb->n_stops + 1));
    m->stop_l = wo_malloc(sizeof(int) * (size_t)(pb->n_stops * WO_VRP_DIMS + 1));
    m->stop_p = wo_malloc(sizeof(int) * (size_t)(pb->n_stops + 1));
    m->idx = wo_malloc(sizeof(int) * cap);
    m->val = wo_malloc(sizeof(double) * cap);
    m->cap_row = (int)cap;
    if (!m->lp || !m->veh || !m->stop_t || !m->stop_d || !m->stop_served ||
        !m->stop_l || !m->stop_p || !m->idx || !m->val)
        goto nomem;
    for (i = 0; i < pb->n_stops; i++)
        m->stop_p[i] = -1;
    build_stops(m);
    for (t = 0; t < pb->n_types; t++) {
        int nk;
        ncompat = 0;
        for (i = 0; i < pb->n_stops; i++)
            ncompat += stop_fits_type(&pb->stops[i], &pb->types[t]);
        nk = pb->types[t].count < ncompat ? pb->types[t].count : ncompat;
        for (k = 0; k < nk; k++) {
            ex_veh *v = &m->veh[m->n_veh++];
            v->type = t;
            v->vehicle = k;
            v->nodes = wo_calloc((size_t)m->max_nodes, sizeof(ex_node));
            v->arcs = wo_calloc((size_t)m->max_nodes * (size_t)m->max_nodes,
                                sizeof(ex_arc));
            if (!v->nodes || !v->arcs)
                goto nomem;
            build_vehicle(m, v);
        }
    }
    build_links(m, max_vehicles);
    wo_lp_set_obj_const(m->lp, m->phase1 ? 0.0 : m->obj_const);
    if (m->failed == 2)
        return wo_err_set(err, WO_EINFEASIBLE, "wo_vrp_solve_exact: a "
                          "mandatory stop fits no vehicle or no time window");
    if (m->failed)
        goto nomem;
    return WO_OK;
nomem:
    return wo_err_set(err, WO_ENOMEM, "wo_vrp_solve_exact: could not build "
                      "the model (out of memory)");
}

/* Inputs the model relies on; a full validation is wo_vrp_validate's. */
static int check_input(const wo_vrp_problem *pb, wo_err *err)
{
    int i;
    if (pb->n_stops > EX_MAX_STOPS)
        return wo_err_set(err, WO_EINVAL, "wo_vrp_solve_exact: %d stops; the "
                          "exact MIP handles at most %d", pb->n_stops,
                          EX_MAX_STOPS);
    if (pb->n_loc <= 0 || !pb->dist_m || !pb->dur_s || pb->n_stops < 0 ||
        pb->n_facilities < 0 || pb->n_types < 0 ||
        (pb->n_stops && !pb->stops) || (pb->n_facilities && !pb->facilities) ||
        (pb->n_types && !pb->types))
        return wo_err_set(err, WO_EINVAL, "wo_vrp_solve_exact: malformed "
                          "problem (sizes or NULL arrays)");
    for (i = 0; i < pb->n_stops; i++) {
        const wo_vrp_stop *s = &pb->stops[i];
        if (s->loc < 0 || s->loc >= pb->n_loc || s->n_tw < 0 ||
            s->n_tw > WO_VRP_MAX_TW || s->stream < 0 || s->stream > 63)
            return wo_err_set(err, WO_EINVAL, "wo_vrp_solve_exact: stop %d "
                              "(id %ld): location, windows or stream out of "
                              "range", i, s->ext_id);
    }
    for (i = 0; i < pb->n_facilities; i++)
        if (pb->facilities[i].loc < 0 || pb->facilities[i].loc >= pb->n_loc)
            return wo_err_set(err, WO_EINVAL, "wo_vrp_solve_exact: facility "
                              "%d: location out of range", i);
    for (i = 0; i < pb->n_types; i++) {
        const wo_vrp_vehicle_type *t = &pb->types[i];
        if (t->start_loc < 0 || t->start_loc >= pb->n_loc || t->end_loc < 0 ||
            t->end_loc >= pb->n_loc || t->count < 0)
            return wo_err_set(err, WO_EINVAL, "wo_vrp_solve_exact: type %d: "
                              "depot or count out of range", i);
    }
    return WO_OK;
}

/* Next node on vehicle v after node n, or -1. */
static int next_node(const ex_model *m, const ex_veh *v, int n)
{
    int a;
    for (a = 0; a < v->n_arcs; a++)
        if (v->arcs[a].from == n && wo_lp_value(m->lp, v->arcs[a].col) > 0.5)
            return v->arcs[a].to;
    return -1;
}

/* Append a break visit after the last visit of rt if node n carries it. */
static void put_break(const ex_model *m, const ex_veh *v, const ex_node *n,
                      wo_vrp_route *rt)
{
    const wo_vrp_vehicle_type *t = &m->orig->types[v->type];
    wo_vrp_visit *prev = &rt->visits[rt->n_visits - 1], *b;
    if (n->col_b < 0 || wo_lp_value(m->lp, n->col_b) < 0.5)
        return;
    b = &rt->visits[rt->n_visits++];
    b->kind = WO_VISIT_BREAK;
    b->index = -1;
    b->arrival_s = prev->depart_s;
    b->start_s = fmax(prev->depart_s, EX_HOUR_S * wo_lp_value(m->lp, v->col_tb));
    b->start_s = fmin(fmax(b->start_s, t->break_earliest_s),
                      fmax(t->break_latest_s, prev->depart_s));
    b->depart_s = b->start_s + t->break_s;
    memcpy(b->load_after, prev->load_after, sizeof b->load_after);
}

/* Read the routes of the solved model into sol. */
static int extract(const ex_model *m, wo_vrp_solution *sol, wo_err *err)
{
    const wo_vrp_problem *pb = m->orig;
    int k, used = 0, i, d, r = 0;
    double pen = 0;

    for (k = 0; k < m->n_veh; k++)
        used += wo_lp_value(m->lp, m->veh[k].col_y) > 0.5;
    sol->routes = wo_calloc((size_t)used + 1, sizeof(wo_vrp_route));
    sol->unserved = wo_calloc((size_t)pb->n_stops + 1, sizeof(wo_vrp_unserved));
    if (!sol->routes || !sol->unserved)
        goto nomem;
    sol->n_routes = 0;
    sol->n_unserved = 0;
    sol->cost = sol->dist_m = sol->dur_s = 0;
    for (k = 0; k < m->n_veh; k++) {
        const ex_veh *v = &m->veh[k];
        const wo_vrp_vehicle_type *t = &pb->types[v->type];
        wo_vrp_route *rt;
        int n = 0, guard = 0;
        double load[WO_VRP_DIMS] = {0, 0};
        if (wo_lp_value(m->lp, v->col_y) < 0.5)
            continue;
        rt = &sol->routes[r++];
        sol->n_routes = r;
        rt->type = v->type;
        rt->vehicle = v->vehicle;
        rt->stream = -1;
        rt->visits = wo_calloc((size_t)(2 * v->n_nodes + 4), sizeof(wo_vrp_visit));
        if (!rt->visits)
            goto nomem;
        rt->visits[0].kind = WO_VISIT_DEPOT;
        rt->visits[0].index = -1;
        rt->visits[0].arrival_s = rt->visits[0].start_s =
            rt->visits[0].depart_s =
                fmax(t->shift_open_s,
                     EX_HOUR_S * wo_lp_value(m->lp, v->nodes[0].col_t));
        rt->n_visits = 1;
        put_break(m, v, &v->nodes[0], rt);
        while ((n = next_node(m, v, n)) >= 0 && guard++ < v->n_nodes) {
            const ex_node *nd = &v->nodes[n];
            wo_vrp_visit *prev = &rt->visits[rt->n_visits - 1];
            wo_vrp_visit *vi = &rt->visits[rt->n_visits++];
            int from = rt->n_visits == 2 ? t->start_loc : -1, j;
            for (j = rt->n_visits - 2; from < 0 && j >= 0; j--) {
                const wo_vrp_visit *q = &rt->visits[j];
                if (q->kind == WO_VISIT_STOP)
                    from = pb->stops[q->index].loc;
                else if (q->kind == WO_VISIT_UNLOAD)
                    from = pb->facilities[q->index].loc;
                else if (q->kind == WO_VISIT_DEPOT)
                    from = t->start_loc;
            }
            vi->arrival_s = prev->depart_s + tt(pb, t, from, nd->loc);
            rt->dist_m += dd(pb, from, nd->loc);
            vi->start_s = vi->arrival_s;
            if (nd->kind == EN_END) {
                vi->kind = WO_VISIT_DEPOT;
                vi->index = -1;
                vi->depart_s = vi->arrival_s;
                break;
            }
            vi->start_s = fmax(vi->arrival_s,
                               EX_HOUR_S * wo_lp_value(m->lp, nd->col_t));
            vi->index = nd->idx;
            vi->depart_s = vi->start_s + (nd->kind == EN_STOP
                                              ? pb->stops[nd->idx].service_s
                                              : pb->facilities[nd->idx].unload_s);
            if (nd->kind == EN_STOP) {
                const wo_vrp_stop *s = &pb->stops[nd->idx];
                vi->kind = WO_VISIT_STOP;
                rt->stream = s->stream;
                for (d = 0; d < WO_VRP_DIMS; d++)
                    load[d] += s->demand[d];
            } else {
                vi->kind = WO_VISIT_UNLOAD;
                for (d = 0; d < WO_VRP_DIMS; d++)
                    load[d] = 0;
            }
            memcpy(vi->load_after, load, sizeof load);
            put_break(m, v, nd, rt);
        }
        if (rt->visits[rt->n_visits - 1].kind != WO_VISIT_DEPOT ||
            rt->n_visits < 2)
            return wo_err_set(err, WO_EINTERNAL, "wo_vrp_solve_exact: "
                              "vehicle %d of type %d: the MIP's arcs do not "
                              "form a path", v->vehicle, v->type);
        rt->dur_s = rt->visits[rt->n_visits - 1].arrival_s -
                    rt->visits[0].depart_s;
        rt->cost = t->fixed_cost + t->cost_per_m * rt->dist_m +
                   t->cost_per_s * rt->dur_s;
        sol->cost += rt->cost;
        sol->dist_m += rt->dist_m;
        sol->dur_s += rt->dur_s;
    }
    for (i = 0; i < pb->n_stops; i++)
        if (wo_lp_value(m->lp, m->stop_served[i]) < 0.5) {
            sol->unserved[sol->n_unserved].stop = i;
            sol->unserved[sol->n_unserved].reason = WO_UNSERVED_PENALTY;
            sol->n_unserved++;
            pen += pb->stops[i].penalty;
        }
    sol->cost += pen;
    sol->vehicles_used = sol->n_routes;
    return WO_OK;
nomem:
    return wo_err_set(err, WO_ENOMEM, "wo_vrp_solve_exact: out of memory");
}

/* Free what extract() may have allocated in sol. */
static void release(wo_vrp_solution *sol)
{
    int r;
    if (sol->routes)
        for (r = 0; r < sol->n_routes; r++)
            wo_free(sol->routes[r].visits);
    wo_free(sol->routes);
    wo_free(sol->unserved);
    sol->routes = NULL;
    sol->unserved = NULL;
    sol->n_routes = sol->n_unserved = 0;
}

/* Solve one built model; maps outcomes to codes. */
static int run(ex_model *m, const wo_vrp_params *prm, double t0,
               wo_lp_result *res, wo_err *err)
{
    wo_lp_params lpp;
    int rc;
    wo_lp_params_init(&lpp);
    lpp.mip_gap = 0;
    if (prm) {
        if (prm->time_limit_s > 0)
            lpp.time_limit_s = fmax(0.01, prm->time_limit_s - (wo_now_s() - t0));
        lpp.cancel = prm->cancel;
    }
    /* GLPK's general cuts cost more time than they save on this model
     * (measured on the test instances) */
    lpp.cuts = 0;
    rc = wo_lp_solve(m->lp, &lpp, res, err);
    if (rc != WO_OK)
        return rc;
    if (res->status == WO_LP_INFEASIBLE)
        return wo_err_set(err, WO_EINFEASIBLE, "wo_vrp_solve_exact: no "
                          "solution serves every mandatory stop");
    if (res->status == WO_LP_NOSOLUTION || res->status == WO_LP_UNBOUNDED)
        return wo_err_set(err, WO_ETIMEOUT, "wo_vrp_solve_exact: no solution "
                          "found within the limits (%s)",
                          wo_lp_status_name(res->status));
    return WO_OK;
}

/* The problem with times in hours and loads scaled per dimension: what
 * the MIP is built from. Arrays owned by *sc, released by scaled_free. */
typedef struct ex_scaled {
    wo_vrp_problem pb;          /* points into the arrays below */
    double *dur;                /* [n_loc^2] hours              */
    wo_vrp_stop *stops;
    wo_vrp_facility *facs;
    wo_vrp_vehicle_type *types;
} ex_scaled;

static void scaled_free(ex_scaled *sc)
{
    wo_free(sc->dur);
    wo_free(sc->stops);
    wo_free(sc->facs);
    wo_free(sc->types);
}

static double sc_load(double v, double f)
{
    return v < 0 ? v : v * f;
}

static int scaled_make(const wo_vrp_problem *pb, ex_scaled *sc, wo_err *err)
{
    const double h = 1.0 / EX_HOUR_S;
    double lf[WO_VRP_DIMS];
    size_t nn = (size_t)pb->n_loc * (size_t)pb->n_loc, k;
    int i, d, w;
    memset(sc, 0, sizeof *sc);
    sc->dur = wo_malloc(sizeof(double) * nn);
    sc->stops = wo_malloc(sizeof(wo_vrp_stop) * (size_t)(pb->n_stops + 1));
    sc->facs = wo_malloc(sizeof(wo_vrp_facility) * (size_t)(pb->n_facilities + 1));
    sc->types = wo_malloc(sizeof(wo_vrp_vehicle_type) * (size_t)(pb->n_types + 1));
    if (!sc->dur || !sc->stops || !sc->facs || !sc->types) {
        scaled_free(sc);
        return wo_err_set(err, WO_ENOMEM, "wo_vrp_solve_exact: out of memory");
    }
    for (d = 0; d < WO_VRP_DIMS; d++) {
        double big = 0;
        for (i = 0; i < pb->n_types; i++)
            big = fmax(big, pb->types[i].capacity[d]);
        for (i = 0; i < pb->n_stops; i++)
            big = fmax(big, pb->stops[i].demand[d]);
        lf[d] = big > 0 ? 1.0 / big : 1.0;
    }
    for (k = 0; k < nn; k++)
        sc->dur[k] = pb->dur_s[k] * h;
    for (i = 0; i < pb->n_stops; i++) {
        wo_vrp_stop *s = &sc->stops[i];
        *s = pb->stops[i];
        s->service_s *= h;
        for (w = 0; w < s->n_tw; w++) {
            s->tw[w].open_s *= h;
            s->tw[w].close_s *= h;
        }
        for (d = 0; d < WO_VRP_DIMS; d++)
            s->demand[d] *= lf[d];
    }
    for (i = 0; i < pb->n_facilities; i++) {
        wo_vrp_facility *f = &sc->facs[i];
        *f = pb->facilities[i];
        f->unload_s *= h;
        f->open_s *= h;
        f->close_s *= h;
        for (d = 0; d < WO_VRP_DIMS; d++)
            f->capacity[d] = sc_load(f->capacity[d], lf[d]);
    }
    for (i = 0; i < pb->n_types; i++) {
        wo_vrp_vehicle_type *t = &sc->types[i];
        *t = pb->types[i];
        t->cost_per_s *= EX_HOUR_S;
        t->shift_open_s *= h;
        t->shift_close_s *= h;
        t->max_duration_s *= h;
        t->break_s *= h;
        t->break_earliest_s *= h;
        t->break_latest_s *= h;
        for (d = 0; d < WO_VRP_DIMS; d++) {
            t->capacity[d] = sc_load(t->capacity[d], lf[d]);
            t->max_load_per_day[d] = sc_load(t->max_load_per_day[d], lf[d]);
        }
    }
    sc->pb = *pb;
    sc->pb.dur_s = sc->dur;
    sc->pb.stops = sc->stops;
    sc->pb.facilities = sc->facs;
    sc->pb.types = sc->types;
    return WO_OK;
}

int wo_vrp_solve_exact(const wo_vrp_problem *pb, const wo_vrp_params *prm,
                       wo_vrp_solution *sol, wo_err *err)
{
    ex_scaled sc;
    ex_model m;
    wo_lp_result res;
    double t0 = wo_now_s();
    int rc, cap = -1, proven = 1;
    long nodes = 0;

    memset(&m, 0, sizeof m);
    if (!pb || !sol)
        return wo_err_set(err, WO_EINVAL, "wo_vrp_solve_exact: NULL argument");
    rc = check_input(pb, err);
    if (rc != WO_OK)
        return rc;
    rc = scaled_make(pb, &sc, err);
    if (rc != WO_OK)
        return rc;
    if (pb->lexicographic) {
        rc = model_build(&m, &sc.pb, pb, 1, -1, err);
        if (rc == WO_OK)
            rc = run(&m, prm, t0, &res, err);
        if (rc != WO_OK)
            goto out;
        cap = (int)floor(res.obj + 0.5);
        proven = res.status == WO_LP_OPTIMAL;
        nodes += res.nodes;
        model_free(&m);
    }
    rc = model_build(&m, &sc.pb, pb, 0, cap, err);
    if (rc == WO_OK)
        rc = run(&m, prm, t0, &res, err);
    if (rc != WO_OK)
        goto out;
    nodes += res.nodes;
    proven = proven && res.status == WO_LP_OPTIMAL;
    rc = extract(&m, sol, err);
    if (rc != WO_OK) {
        release(sol);
        goto out;
    }
    sol->status = proven ? WO_VRP_OPTIMAL : WO_VRP_FEASIBLE;
    sol->lower_bound = proven ? fmin(res.bound, sol->cost)
                              : (pb->lexicographic ? NAN : res.bound);
    sol->iterations = nodes;
    sol->seconds = wo_now_s() - t0;
out:
    model_free(&m);
    scaled_free(&sc);
    return rc;
}
