/*
 * split.c — cut a giant tour into routes bound to vehicle slots.
 *
 * Plain CVRP with one vehicle type: the Bellman split (shortest path over
 * the tour, a route per arc, load up to 1.5 capacity allowed at a penalty;
 * vrp_split_feasible allows none).
 * Otherwise a greedy split: fill slot after slot in tour order, closing a
 * route before the first stop that would make it violate a rule (or change
 * the stream); stops left over when the slots run out stay unserved and
 * the local search inserts them (a mandatory one at a high penalty).
 */
#include "solver/vrp/internal.h"

#include <math.h>
#include <string.h>

static int single_type(const vrp_ctx *c)
{
    int s;
    for (s = 1; s < c->n_slots; s++)
        if (c->slot_type[s] != c->slot_type[0])
            return 0;
    return c->n_slots > 0;
}

static double dm(const wo_vrp_problem *pb, int a, int b)
{
    return pb->dist_m[(size_t)a * (size_t)pb->n_loc + (size_t)b];
}

/* Bellman split; returns 1 when the routes fit in the slots. With hard, no
 * route goes over the capacity or the stop limit (else up to 1.5 times the
 * capacity at a penalty). Uses seq_a as predecessor array. */
static int bellman(vrp_ctx *c, const int *tour, int *rlen, double *pot,
                   int hard)
{
    const wo_vrp_problem *pb = c->pb;
    int t = c->slot_type[0], n = c->n_act, i, j, d, nr, *pred = c->seq_a;
    const wo_vrp_vehicle_type *v = &pb->types[t];
    double cap[WO_VRP_DIMS];
    for (d = 0; d < WO_VRP_DIMS; d++) {
        cap[d] = v->capacity[d];
        if (v->max_load_per_day[d] != WO_VRP_UNLIMITED &&
            (cap[d] == WO_VRP_UNLIMITED || v->max_load_per_day[d] < cap[d]))
            cap[d] = v->max_load_per_day[d];
    }
    for (i = 0; i <= n; i++)
        pot[i] = INFINITY;
    pot[0] = 0;
    for (i = 0; i < n; i++) {
        double load[WO_VRP_DIMS] = {0}, dist = 0, tim = 0;
        int prev = v->start_loc;
        if (!isfinite(pot[i]))
            continue;
        for (j = i; j < n; j++) {
            const wo_vrp_stop *s = &pb->stops[c->act[tour[j]]];
            double lx = 0, cost, over = 0;
            int big = 0;
            for (d = 0; d < WO_VRP_DIMS; d++) {
                load[d] += s->demand[d];
                if (cap[d] != WO_VRP_UNLIMITED && load[d] > cap[d]) {
                    lx += (load[d] - cap[d]) / c->cap_ref[d];
                    if (load[d] > 1.5 * cap[d])
                        big = 1;
                }
            }
            if ((big && j > i) || (hard && lx > 0))
                break;
            dist += dm(pb, prev, s->loc);
            tim += vrp_travel_s(pb, t, prev, s->loc) + s->service_s;
            prev = s->loc;
            if (v->max_stops > 0 && j - i + 1 > v->max_stops) {
                if (hard)
                    break;
                over = j - i + 1 - v->max_stops;
            }
            cost = v->fixed_cost + c->lex_w +
                   v->cost_per_m * (dist + dm(pb, prev, v->end_loc)) +
                   v->cost_per_s *
                       (tim + vrp_travel_s(pb, t, prev, v->end_loc)) +
                   c->pen_load * lx + c->pen_misc * over;
            if (pot[i] + cost < pot[j + 1]) {
                pot[j + 1] = pot[i] + cost;
                pred[j + 1] = i;
            }
        }
    }
    if (!isfinite(pot[n]))
        return 0;
    nr = 0;
    for (j = n; j > 0; j = pred[j])
        nr++;
    if (nr > c->n_slots)
        return 0;
    memset(rlen, 0, sizeof(int) * (size_t)c->n_slots);
    for (j = n; j > 0; j = pred[j])
        rlen[--nr] = j - pred[j];
    return 1;
}

static int bad(const vrp_eval *ev)
{
    return ev->load_x > 1e-9 || ev->tw_s > 1e-6 || ev->misc_x > 0;
}

/* Longest run of the tour from pos that type t serves without a violation
 * (at least one stop; time windows are left to the local search, so that
 * one early stop does not cut a route short); its cost goes to *cost. */
static int fill(vrp_ctx *c, int t, const int *tour, int pos, double *cost)
{
    const wo_vrp_problem *pb = c->pb;
    int *seq = c->seq_b, len = 0, stream = pb->stops[c->act[tour[pos]]].stream;
    vrp_eval ev;
    *cost = 0;
    c->ignore_tw = 1;
    while (pos + len < c->n_act) {
        int i = c->act[tour[pos + len]];
        if (pb->stops[i].stream != stream)
            break;
        seq[len] = i;
        vrp_eval_route(c, t, seq, len + 1, &ev);
        if (len > 0 && bad(&ev))
            break;
        *cost = ev.cost + c->lex_w;
        len++;
    }
    c->ignore_tw = 0;
    return len;
}

/* Greedy split: route after route, the vehicle type with a free slot that
 * serves the next run of the tour at the lowest cost per stop. */
static void greedy(vrp_ctx *c, int *tour, int *rlen)
{
    const wo_vrp_problem *pb = c->pb;
    int n = c->n_act, ns = c->n_slots, pos = 0, s, t, nseg = 0, off, r;
    int *seg_slot = c->tmp, *seg_start = c->tmp + ns, *seg_len = c->tmp + 2 * ns;
    int *copy = c->tmp + 3 * ns, *free_slot = c->tmp + 3 * ns + n;
    memset(rlen, 0, sizeof(int) * (size_t)ns);
    for (t = 0; t < pb->n_types; t++)
        free_slot[t] = -1;
    for (s = ns - 1; s >= 0; s--)
        free_slot[c->slot_type[s]] = s; /* first slot of each type */
    while (pos < n) {
        int st = pb->stops[c->act[tour[pos]]].stream, bt = -1, blen = 0;
        double bratio = INFINITY;
        for (t = 0; t < pb->n_types; t++) {
            double cost;
            int len;
            if (free_slot[t] < 0 || !vrp_type_allows(pb, t, st))
                continue;
            len = fill(c, t, tour, pos, &cost);
            if (cost / len < bratio - 1e-9) {
                bratio = cost / len;
                bt = t;
                blen = len;
            }
        }
        if (bt < 0)
            break;
        s = free_slot[bt];
        seg_slot[nseg] = s;
        seg_start[nseg] = pos;
        seg_len[nseg++] = blen;
        rlen[s] = blen;
        pos += blen;
        for (s = s + 1; s < ns && c->slot_type[s] != bt; s++)
            ;
        free_slot[bt] = s < ns ? s : -1;
    }
    /* Rebuild the tour in slot order; stops left over when the slots ran
     * out stay at the end, unserved: the local search inserts them. */
    off = 0;
    for (s = 0; s < ns; s++) {
        for (r = 0; r < nseg && seg_slot[r] != s; r++)
            ;
        if (r == nseg)
            continue;
        memcpy(&copy[off], &tour[seg_start[r]], sizeof(int) * (size_t)seg_len[r]);
        off += seg_len[r];
    }
    memcpy(&copy[off], &tour[pos], sizeof(int) * (size_t)(n - pos));
    memcpy(tour, copy, sizeof(int) * (size_t)n);
}

void vrp_split(vrp_ctx *c, int *tour, int *rlen)
{
    if (c->n_slots == 0)
        return;
    if (c->fast && single_type(c) && bellman(c, tour, rlen, c->pot, 0))
        return;
    greedy(c, tour, rlen);
}

int vrp_split_feasible(vrp_ctx *c, const int *tour, int *rlen)
{
    return c->n_slots > 0 && c->fast && single_type(c) &&
           bellman(c, tour, rlen, c->pot, 1);
}
