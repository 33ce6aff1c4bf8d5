/*
 * bench_vrp_scale — the routing core at city scale on a generated instance:
 * 2,500 collection points on a 30 km x 30 km plane, each with bins of the
 * 4 household streams (10,000 stops; 10 % optional, 20 % with a time
 * window), 5 facilities with opening hours and daily capacities, 60
 * vehicles of 3 types with shifts, breaks, stop and per-trip limits. With
 * --points the fleet and the facilities' daily capacities are scaled with
 * the points (x points / 2,500), so that the instance stays servable.
 *
 *   bench_vrp_scale [--time-limit S] [--iterations N] [--seed N] [--points N]
 *                   [--threads N] [--decompose off|auto|on]
 *                   [--decomp-stops N] [--decomp-iterations N]
 *
 * Prints a line at each improvement of the best feasible cost (seconds,
 * iteration, cost), then the time to the first feasible solution, the final
 * cost, routes, unserved stops, the wall time against the limit, the peak
 * resident memory, and the local-search moves of the solve (bounded, then
 * driven in full) per second of its processor time.
 */
#define _POSIX_C_SOURCE 200809L
#include "solver/vrp/vrp.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#define STREAMS 4
#define N_FAC 5
#define N_TYPES 3

static wo_cancel_flag g_cancel;

static void on_sigint(int sig)
{
    (void)sig;
    g_cancel = 1;
}

typedef struct watch {
    double first_s;   /* seconds to the first feasible cost, -1 before */
    double best;      /* best cost reported                            */
} watch;

static int on_progress(const wo_progress *p, void *ud)
{
    watch *w = ud;
    if (!isnan(p->best_cost) && (w->first_s < 0 || p->best_cost < w->best)) {
        if (w->first_s < 0)
            w->first_s = p->elapsed_s;
        w->best = p->best_cost;
        printf("%8.1f s  iteration %6ld  best %.1f\n", p->elapsed_s,
               p->iteration, p->best_cost);
        fflush(stdout);
    }
    return 0;
}

/* User and system processor time in ru. */
static double cpu_s(const struct rusage *ru)
{
    return (double)ru->ru_utime.tv_sec + ru->ru_utime.tv_usec * 1e-6 +
           (double)ru->ru_stime.tv_sec + ru->ru_stime.tv_usec * 1e-6;
}

int main(int argc, char **argv)
{
    int points = 2500, i, j, k, n_loc, n_stops, fleet = 0;
    double scale, wall;
    double *x, *y, *dist, *dur;
    wo_vrp_stop *stops;
    wo_vrp_facility fac[N_FAC];
    wo_vrp_vehicle_type types[N_TYPES];
    wo_vrp_problem pb;
    wo_vrp_params prm;
    wo_vrp_solution sol;
    wo_rng rng;
    wo_err e;
    watch w = {-1, 0};
    struct rusage ru;
    double cpu0;
    wo_vrp_params_init(&prm);
    prm.time_limit_s = 120;
    for (i = 1; i < argc; i++) {
        long v;
        double d;
        if (!strcmp(argv[i], "--time-limit") && i + 1 < argc &&
            wo_parse_double(argv[i + 1], &d) == WO_OK) {
            prm.time_limit_s = d;
            i++;
        } else if (!strcmp(argv[i], "--iterations") && i + 1 < argc &&
                   wo_parse_long(argv[i + 1], &v) == WO_OK && v > 0) {
            prm.max_iterations = v;
            prm.time_limit_s = 0;
            i++;
        } else if (!strcmp(argv[i], "--seed") && i + 1 < argc &&
                   wo_parse_long(argv[i + 1], &v) == WO_OK) {
            prm.seed = (uint64_t)v;
            i++;
        } else if (!strcmp(argv[i], "--points") && i + 1 < argc &&
                   wo_parse_long(argv[i + 1], &v) == WO_OK && v > 0 &&
                   v <= 20000) {
            points = (int)v;
            i++;
        } else if (!strcmp(argv[i], "--threads") && i + 1 < argc &&
                   wo_parse_long(argv[i + 1], &v) == WO_OK && v > 0 &&
                   v <= 64) {
            prm.threads = (int)v;
            i++;
        } else if (!strcmp(argv[i], "--decompose") && i + 1 < argc &&
                   (!strcmp(argv[i + 1], "off") || !strcmp(argv[i + 1], "auto") ||
                    !strcmp(argv[i + 1], "on"))) {
            prm.decompose = !strcmp(argv[i + 1], "off")    ? WO_VRP_DECOMP_OFF
                            : !strcmp(argv[i + 1], "auto") ? WO_VRP_DECOMP_AUTO
                                                           : WO_VRP_DECOMP_ALWAYS;
            i++;
        } else if (!strcmp(argv[i], "--decomp-stops") && i + 1 < argc &&
                   wo_parse_long(argv[i + 1], &v) == WO_OK && v > 0 &&
                   v <= 100000) {
            prm.decomp_stops = (int)v;
            i++;
        } else if (!strcmp(argv[i], "--decomp-iterations") && i + 1 < argc &&
                   wo_parse_long(argv[i + 1], &v) == WO_OK && v > 0) {
            prm.decomp_iterations = v;
            i++;
        } else {
            fprintf(stderr, "usage: bench_vrp_scale [--time-limit S] "
                            "[--iterations N] [--seed N] [--points N] "
                            "[--threads N] [--decompose off|auto|on] "
                            "[--decomp-stops N] [--decomp-iterations N]\n");
            return 2;
        }
    }
    scale = points / 2500.0;
    n_loc = points + 1 + N_FAC;
    n_stops = points * STREAMS;
    x = malloc(sizeof(double) * (size_t)n_loc);
    y = malloc(sizeof(double) * (size_t)n_loc);
    dist = malloc(sizeof(double) * (size_t)n_loc * (size_t)n_loc);
    dur = malloc(sizeof(double) * (size_t)n_loc * (size_t)n_loc);
    stops = calloc((size_t)n_stops, sizeof(wo_vrp_stop));
    if (!x || !y || !dist || !dur || !stops) {
        fprintf(stderr, "bench_vrp_scale: out of memory\n");
        return 1;
    }
    wo_rng_seed(&rng, 20261123);
    /* location 0: depot in the middle; 1..5 facilities on a ring; then the
     * collection points */
    x[0] = y[0] = 15000;
    for (i = 0; i < N_FAC; i++) {
        double a = 2 * 3.14159265358979 * i / N_FAC;
        x[1 + i] = 15000 + 11000 * cos(a);
        y[1 + i] = 15000 + 11000 * sin(a);
    }
    for (i = 1 + N_FAC; i < n_loc; i++) {
        x[i] = 30000 * wo_rng_unit(&rng);
        y[i] = 30000 * wo_rng_unit(&rng);
    }
    for (i = 0; i < n_loc; i++)
        for (j = 0; j < n_loc; j++) {
            double dx = x[i] - x[j], dy = y[i] - y[j];
            double d = floor(1.3 * sqrt(dx * dx + dy * dy));
            dist[(size_t)i * (size_t)n_loc + (size_t)j] = d;
            dur[(size_t)i * (size_t)n_loc + (size_t)j] = floor(d / 8.0);
        }
    for (k = 0; k < n_stops; k++) {
        wo_vrp_stop *s = &stops[k];
        double u = wo_rng_unit(&rng);
        s->loc = 1 + N_FAC + k / STREAMS;
        s->stream = k % STREAMS;
        s->demand[0] = 20 + 80 * wo_rng_unit(&rng);
        s->demand[1] = s->demand[0] / 250.0;
        s->service_s = 30 + 30 * wo_rng_unit(&rng);
        s->ext_id = k;
        if (u < 0.2) {
            s->n_tw = 1;
            s->tw[0].open_s = (u < 0.1 ? 6 : 13) * 3600.0;
            s->tw[0].close_s = s->tw[0].open_s + 4 * 3600.0;
        }
        if (wo_rng_unit(&rng) < 0.1) {
            s->optional = 1;
            s->penalty = 50;
        }
    }
    for (i = 0; i < N_FAC; i++) {
        memset(&fac[i], 0, sizeof fac[i]);
        fac[i].loc = 1 + i;
        fac[i].streams = i == 0 ? 0xF : ((uint64_t)1 << (i % STREAMS)) |
                                            ((uint64_t)1 << ((i + 1) % STREAMS));
        fac[i].unload_s = 900;
        fac[i].open_s = 5 * 3600;
        fac[i].close_s = 22 * 3600;
        fac[i].capacity[0] = i == 0 ? WO_VRP_UNLIMITED : 300000 * scale;
        fac[i].capacity[1] = WO_VRP_UNLIMITED;
        fac[i].ext_id = i;
    }
    for (i = 0; i < N_TYPES; i++) {
        wo_vrp_vehicle_type *t = &types[i];
        memset(t, 0, sizeof *t);
        t->count = (int)lround((i == 0 ? 30 : (i == 1 ? 20 : 10)) * scale);
        if (t->count < 1)
            t->count = 1;
        fleet += t->count;
        t->capacity[0] = i == 0 ? 9000 : (i == 1 ? 6000 : 3000);
        t->capacity[1] = t->capacity[0] / 200.0;
        t->max_load_per_day[0] = t->max_load_per_day[1] = WO_VRP_UNLIMITED;
        t->max_stops = 260;
        t->fixed_cost = i == 0 ? 400 : (i == 1 ? 300 : 200);
        t->cost_per_m = i == 0 ? 0.004 : (i == 1 ? 0.003 : 0.002);
        t->cost_per_s = 0.012;
        t->speed_factor = i == 2 ? 0.9 : 1.0;
        t->start_loc = t->end_loc = 0;
        t->shift_open_s = 5 * 3600;
        t->shift_close_s = 21 * 3600;
        t->max_duration_s = 13 * 3600;
        t->break_s = 2700;
        t->break_earliest_s = 11 * 3600;
        t->break_latest_s = 13 * 3600;
        t->streams = 0xF;
        t->ext_id = i;
    }
    memset(&pb, 0, sizeof pb);
    pb.n_loc = n_loc;
    pb.dist_m = dist;
    pb.dur_s = dur;
    pb.n_stops = n_stops;
    pb.stops = stops;
    pb.n_facilities = N_FAC;
    pb.facilities = fac;
    pb.n_types = N_TYPES;
    pb.types = types;
    prm.progress = on_progress;
    prm.progress_ud = &w;
    prm.cancel = &g_cancel;
    signal(SIGINT, on_sigint);
    printf("instance: %d stops at %d points, %d facilities, %d vehicles, "
           "time limit %.0f s, iterations %ld, threads %d, decompose %s\n",
           n_stops, points, N_FAC, fleet, prm.time_limit_s,
           prm.max_iterations, prm.threads,
           prm.decompose == WO_VRP_DECOMP_OFF    ? "off"
           : prm.decompose == WO_VRP_DECOMP_AUTO ? "auto"
                                                 : "on");
    wo_vrp_solution_init(&sol);
    getrusage(RUSAGE_SELF, &ru);
    cpu0 = cpu_s(&ru);
    wall = wo_now_s();
    if (wo_vrp_solve(&pb, &prm, &sol, &e) != WO_OK) {
        fprintf(stderr, "bench_vrp_scale: %s\n", e.msg);
        return 1;
    }
    wall = wo_now_s() - wall;
    getrusage(RUSAGE_SELF, &ru);
    for (i = 0, k = 0; i < sol.n_unserved; i++)
        k += !stops[sol.unserved[i].stop].optional;
    printf("first feasible after %.1f s\n", w.first_s);
    printf("final cost %.1f, %d routes, %d unserved (%d mandatory), "
           "%ld iterations, %.1f s, peak RSS %.0f MiB\n",
           sol.cost, sol.n_routes, sol.n_unserved, k, sol.iterations,
           sol.seconds,
           ru.ru_maxrss / 1024.0);
    if (prm.time_limit_s > 0)
        printf("wall %.1f s for a %.0f s limit (%+.1f %%)\n", wall,
               prm.time_limit_s,
               100.0 * (wall - prm.time_limit_s) / prm.time_limit_s);
    else
        printf("wall %.1f s\n", wall);
    {
        /* per second of processor time: a loaded machine distorts it
         * less than a rate per second of wall clock */
        double cpu = cpu_s(&ru) - cpu0;
        printf("moves: %ld screened (%.0f per cpu s), %ld driven in full "
               "(%.0f per cpu s), %.1f cpu s\n", sol.moves_screened,
               cpu > 0 ? (double)sol.moves_screened / cpu : 0.0,
               sol.moves_evaluated,
               cpu > 0 ? (double)sol.moves_evaluated / cpu : 0.0, cpu);
    }
    {
        int count[WO_UNSERVED_CAPACITY + 1] = {0};
        for (i = 0; i < sol.n_unserved; i++)
            count[sol.unserved[i].reason]++;
        for (i = 0; i <= WO_UNSERVED_CAPACITY; i++)
            if (count[i])
                printf("  unserved: %d x %s\n", count[i],
                       wo_vrp_unserved_reason_name((wo_vrp_unserved_reason)i));
    }
    wo_vrp_solution_free(&sol);
    free(x);
    free(y);
    free(dist);
    free(dur);
    free(stops);
    return 0;
}
