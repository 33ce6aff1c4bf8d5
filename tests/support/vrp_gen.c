/* vrp_gen.c — seeded small rich routing instances (see vrp_gen.h). */
#include "tests/support/vrp_gen.h"

#include <math.h>
#include <string.h>

void vrp_gen_random_opts(uint64_t seed, int min_stops, int max_stops,
                         vrp_gen_opts *o)
{
    wo_rng r;
    wo_rng_seed(&r, seed ^ 0x9e3779b97f4a7c15ull);
    memset(o, 0, sizeof *o);
    o->n_stops = min_stops +
                 (int)wo_rng_below(&r, (uint32_t)(max_stops - min_stops + 1));
    o->n_facilities = 1 + (int)wo_rng_below(&r, 2);
    o->n_types = 1 + (int)wo_rng_below(&r, 2);
    o->two_streams = o->n_types == 2 && wo_rng_below(&r, 3) == 0;
    o->time_windows = wo_rng_below(&r, 4) != 0;
    o->breaks = wo_rng_below(&r, 3) != 0;
    o->optional = wo_rng_below(&r, 3) == 0;
    o->facility_cap = 0;
    o->lexicographic = wo_rng_below(&r, 4) == 0;
}

void vrp_gen_make(vrp_gen *g, uint64_t seed, const vrp_gen_opts *o)
{
    wo_rng r;
    double x[VRP_GEN_MAX_LOC], y[VRP_GEN_MAX_LOC];
    int n = o->n_stops, nf = o->n_facilities > 1 ? 2 : 1;
    int nt = o->n_types > 1 ? 2 : 1, nloc, i, j;

    if (n < 1)
        n = 1;
    if (n > VRP_GEN_MAX_STOPS)
        n = VRP_GEN_MAX_STOPS;
    memset(g, 0, sizeof *g);
    wo_rng_seed(&r, seed);
    nloc = 1 + nf + n;
    /* depot in the middle of a 12 km square, facilities towards its edge */
    x[0] = 6000;
    y[0] = 6000;
    for (i = 1; i < nloc; i++) {
        x[i] = 12000.0 * wo_rng_unit(&r);
        y[i] = 12000.0 * wo_rng_unit(&r);
    }
    for (i = 0; i < nloc; i++)
        for (j = 0; j < nloc; j++) {
            double d = floor(hypot(x[i] - x[j], y[i] - y[j]));
            g->dist_m[i * nloc + j] = d;
            g->dur_s[i * nloc + j] = floor(d / 8.0); /* about 29 km/h */
        }

    for (i = 0; i < n; i++) {
        wo_vrp_stop *s = &g->stops[i];
        uint32_t k = wo_rng_below(&r, 10);
        s->loc = 1 + nf + i;
        s->stream = o->two_streams ? (int)wo_rng_below(&r, 2) : 0;
        s->demand[0] = 200.0 + 100.0 * wo_rng_below(&r, 14);
        s->demand[1] = 0.5 * (double)(1 + wo_rng_below(&r, 6));
        s->service_s = 60.0 * (double)(2 + wo_rng_below(&r, 9));
        s->ext_id = 100 + i;
        if (o->time_windows && k < 4) {
            double open = 3600.0 * (7 + wo_rng_below(&r, 5));
            s->n_tw = 1;
            s->tw[0].open_s = open;
            s->tw[0].close_s = open + 1800.0 * (3 + wo_rng_below(&r, 4));
        } else if (o->time_windows && k < 6) {
            s->n_tw = 2;
            s->tw[0].open_s = 7 * 3600.0;
            s->tw[0].close_s = 7 * 3600.0 + 1800.0 * (1 + wo_rng_below(&r, 3));
            s->tw[1].open_s = 3600.0 * (12 + wo_rng_below(&r, 2));
            s->tw[1].close_s = s->tw[1].open_s + 5400.0;
        }
        if (o->optional && wo_rng_below(&r, 5) == 0) {
            s->optional = 1;
            s->penalty = 10.0 + (double)wo_rng_below(&r, 60);
        }
    }

    for (i = 0; i < nf; i++) {
        wo_vrp_facility *f = &g->facilities[i];
        f->loc = 1 + i;
        f->streams = o->two_streams && i == 1 ? 2u : 3u;
        f->unload_s = 600.0 + 300.0 * i;
        f->open_s = 6 * 3600.0;
        f->close_s = (i == 0 ? 17 : 15) * 3600.0;
        f->capacity[0] = WO_VRP_UNLIMITED;
        f->capacity[1] = WO_VRP_UNLIMITED;
        f->ext_id = 900 + i;
    }
    if (o->facility_cap) {
        double total = 0;
        for (i = 0; i < n; i++)
            total += g->stops[i].demand[0];
        g->facilities[0].capacity[0] = floor(total * 0.6);
    }

    for (i = 0; i < nt; i++) {
        wo_vrp_vehicle_type *t = &g->types[i];
        t->count = i == 0 ? 2 : 1 + (int)wo_rng_below(&r, 2);
        t->capacity[0] = i == 0 ? 3500.0 : 2500.0;
        t->capacity[1] = i == 0 ? 12.0 : 8.0;
        t->max_load_per_day[0] = WO_VRP_UNLIMITED;
        t->max_load_per_day[1] = WO_VRP_UNLIMITED;
        t->max_stops = i == 0 ? 0 : 6;
        t->fixed_cost = i == 0 ? 60.0 : 40.0;
        t->cost_per_m = i == 0 ? 0.004 : 0.003;
        t->cost_per_s = i == 0 ? 0.01 : 0.008;
        t->speed_factor = i == 0 ? 1.0 : 1.25;
        t->start_loc = 0;
        t->end_loc = 0;
        t->shift_open_s = 6 * 3600.0;
        t->shift_close_s = 18 * 3600.0;
        t->max_duration_s = i == 0 ? 0 : 9 * 3600.0;
        if (o->breaks && i == 0) {
            t->break_s = 1800.0;
            t->break_earliest_s = 11 * 3600.0;
            t->break_latest_s = 13 * 3600.0;
        }
        t->streams = o->two_streams ? (1u << i) : 1u;
        t->ext_id = 50 + i;
    }

    g->pb.n_loc = nloc;
    g->pb.dist_m = g->dist_m;
    g->pb.dur_s = g->dur_s;
    g->pb.n_stops = n;
    g->pb.stops = g->stops;
    g->pb.n_facilities = nf;
    g->pb.facilities = g->facilities;
    g->pb.n_types = nt;
    g->pb.types = g->types;
    g->pb.lexicographic = o->lexicographic;
}

void vrp_gen_solution_release(wo_vrp_solution *sol)
{
    int r;
    if (sol->routes)
        for (r = 0; r < sol->n_routes; r++)
            wo_free(sol->routes[r].visits);
    wo_free(sol->routes);
    wo_free(sol->unserved);
    memset(sol, 0, sizeof *sol);
    sol->lower_bound = NAN;
}

void vrp_gen_cvrp(wo_vrp_problem *pb, double *dist, const double *x,
                  const double *y, int n_loc, wo_vrp_stop *stops,
                  wo_vrp_vehicle_type *t, int count, double cap)
{
    int i, j;
    for (i = 0; i < n_loc; i++)
        for (j = 0; j < n_loc; j++)
            dist[i * n_loc + j] = floor(hypot(x[i] - x[j], y[i] - y[j]) + 0.5);
    t->count = count;
    t->capacity[0] = cap;
    t->capacity[1] = WO_VRP_UNLIMITED;
    t->max_load_per_day[0] = WO_VRP_UNLIMITED;
    t->max_load_per_day[1] = WO_VRP_UNLIMITED;
    t->cost_per_m = 1.0;
    t->shift_close_s = 1e15;
    t->streams = ~(uint64_t)0;
    pb->n_loc = n_loc;
    pb->dist_m = dist;
    pb->dur_s = dist;
    pb->n_stops = n_loc - 1;
    pb->stops = stops;
    pb->n_types = 1;
    pb->types = t;
}
