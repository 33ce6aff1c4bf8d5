/*
 * split.c — cut a giant tour into routes bound to vehicle slots.
 *
 * Plain CVRP with one vehicle type: the Bellman split (shortest path over
 * the tour, a route per arc, load up to 1.5 capacity allowed at a penalty).
 * Otherwise a greedy split: fill slot after slot in tour order, closing a
 * route before the first stop that would make it violate a rule (or change
 * the stream); stops left over when the slots run out are appended to the
 * last route (the penalties and the local search deal with them).
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

/* Bellman split; returns 1 when the routes fit in the slots. Uses seq_a as
 * predecessor array and plan as a scratch (n_act+1 ints each). */
static int bellman(vrp_ctx *c, const int *tour, int *rlen, double *pot)
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
            if (big && j > i)
                break;
            dist += dm(pb, prev, s->loc);
            tim += vrp_travel_s(pb, t, prev, s->loc) + s->service_s;
            prev = s->loc;
            if (v->max_stops > 0 && j - i + 1 > v->max_stops)
                over = j - i + 1 - v->max_stops;
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

static void greedy(vrp_ctx *c, int *tour, int *rlen)
{
    const wo_vrp_problem *pb = c->pb;
    int n = c->n_act, slot = 0, pos = 0, len = 0, last = -1;
    int *seq = c->seq_b;
    vrp_eval ev;
    memset(rlen, 0, sizeof(int) * (size_t)(c->n_slots > 0 ? c->n_slots : 1));
    while (pos < n && slot < c->n_slots) {
        int k = tour[pos], st = pb->stops[c->act[k]].stream;
        int t = c->slot_type[slot];
        if (len == 0 && !vrp_type_allows(pb, t, st)) {
            slot++;
            continue;
        }
        if (len > 0 && st != pb->stops[seq[0]].stream) {
            rlen[slot++] = len;
            len = 0;
            continue;
        }
        seq[len] = c->act[k];
        vrp_eval_route(c, t, seq, len + 1, &ev);
        if (len > 0 && bad(&ev)) {
            rlen[slot++] = len;
            len = 0;
            continue;
        }
        last = slot;
        len++;
        pos++;
    }
    if (len > 0 && slot < c->n_slots)
        rlen[slot] = len;
    if (pos < n && last >= 0) {
        /* Out of slots: the last route takes the rest, optional ones are
         * left at the end of the tour as unserved. */
        int keep = pos, r;
        for (r = pos; r < n; r++)
            if (!pb->stops[c->act[tour[r]]].optional) {
                int tmp = tour[keep];
                tour[keep] = tour[r];
                tour[r] = tmp;
                keep++;
            }
        rlen[last] += keep - pos;
    }
}

void vrp_split(vrp_ctx *c, int *tour, int *rlen)
{
    if (c->n_slots == 0)
        return;
    if (c->fast && single_type(c) && bellman(c, tour, rlen, c->pot))
        return;
    greedy(c, tour, rlen);
}
