/*
 * construct.c — the first solution of rich problems (vrp_construct) and the
 * facilities' daily capacity over a whole solution (vrp_facility_overflow).
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
 * other, each grown by the nearest stop that keeps every rule.
 *
 * Both price a facility's daily capacity by surcharges (c->fac_price) on
 * choosing it in the greedy unload rule of drive.c; route_use replays that
 * rule to count what each route unloads where.
 */
#include "solver/vrp/internal.h"

#include <math.h>
#include <string.h>

/* Above this many stops the sequential builder only (see above). */
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
    vrp_sim s;
    int k, d, f;
    if (len == 0 || pb->n_facilities == 0)
        return;
    memset(s.load, 0, sizeof s.load);
    s.loc = pb->types[t].start_loc;
    s.stream = pb->stops[seq[0]].stream;
    for (k = 0; k < len; k++) {
        const wo_vrp_stop *st = &pb->stops[seq[k]];
        if (k > 0 && vrp_sim_loaded(&s) && !vrp_sim_fits(c, t, &s, seq[k]) &&
            (f = vrp_best_facility(c, t, s.stream, s.loc, st->loc)) >= 0)
            for (d = 0; d < WO_VRP_DIMS; d++) {
                use[f * WO_VRP_DIMS + d] += s.load[d];
                s.load[d] = 0;
            }
        s.loc = st->loc;
        for (d = 0; d < WO_VRP_DIMS; d++)
            s.load[d] += st->demand[d];
    }
    if (vrp_sim_loaded(&s) &&
        (f = vrp_best_facility(c, t, s.stream, s.loc, pb->types[t].end_loc)) >= 0)
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
    const double *mine;
    int i, ok = 1;
    if (s->nfd == 0)
        return 1; /* no facility: slot_use is NULL */
    mine = s->slot_use + (size_t)slot * (size_t)s->nfd;
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
        if (vrp_eval_ok(&ev) && ev.cost - s->rcost[slot] < best &&
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
static int try_append(const vrp_ctx *c, int t, vrp_sim *s, int i, int first)
{
    const wo_vrp_problem *pb = c->pb;
    vrp_sim a = *s, e;
    vrp_eval ev;
    int f;
    if (first) {
        vrp_sim_start(c, t, i, 0, &a);
    } else if (pb->n_facilities > 0 && vrp_sim_loaded(&a) && !vrp_sim_fits(c, t, &a, i)) {
        f = vrp_best_facility(c, t, a.stream, a.loc, pb->stops[i].loc);
        if (f >= 0)
            vrp_sim_unload(c, t, f, &a);
    }
    vrp_sim_stop(c, t, i, &a);
    e = a;
    if (pb->n_facilities > 0 && vrp_sim_loaded(&e)) {
        f = vrp_best_facility(c, t, e.stream, e.loc, pb->types[t].end_loc);
        if (f >= 0)
            vrp_sim_unload(c, t, f, &e);
    }
    vrp_sim_end(c, t, &e, &ev);
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
    vrp_sim s;
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
                vrp_sim probe;
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
            vrp_sim bs = s;
            for (pass = 0; pass < 2 && next < 0; pass++) {
                int m = pass == 0 ? c->n_nb[cur] : n;
                for (j = 0; j < m; j++) {
                    int q = pass == 0 ? c->nb[(size_t)cur * VRP_NB + (size_t)j] : j;
                    vrp_sim probe = s;
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
