/*
 * bench_wcvrptw — the routing core on the Kim et al. (2006) waste-collection
 * VRPTW benchmark.
 *
 *   bench_wcvrptw [--time-limit S] [--iterations N] [--seed N]
 *                 [--out-dir DIR] [--no-route-capacity]
 *                 [--objective lex|cost] [--vehicles N] FILE...
 *
 * Options apply to the files after them. --objective lex (the default)
 * minimises vehicles, then distance (Kim's objective); cost minimises the
 * distance alone within the fleet offered. --vehicles N offers N vehicles
 * (default one per stop): with cost, the distance within N vehicles (the
 * comparison with papers that minimise distance at a given fleet). --no-route-capacity lifts the
 * limit on the yards a vehicle may collect per day (header line 2): Kim et
 * al.'s Algorithm 1, as transcribed, uses fewer vehicles than that limit
 * allows on 102 and 335, so this is the rule its figures can be compared
 * under.
 *
 * For each instance file: read it (benches/support/kim.h), solve with
 * wo_vrp_solve under the objective chosen, check the solution with
 * wo_vrp_check and recount here, route by route, the yards collected
 * against the route capacity (header line 2) and the stops against the
 * stop limit (header line 3), print one line
 *   RESULT <file> vehicles <n> miles <x> seconds <s> unserved <u> check <ok|FAIL>
 *          min_vehicles <k> day_limits <ok|FAIL> objective <lex|cost>
 *          max_day_yd3 <y> max_stops <m>
 * (k: the fewest vehicles the route capacity and the stop limit allow; y
 * and m: the most yards and stops of any route), then
 *   MOVES <file> screened <a> evaluated <b> cpu_s <c> screened_per_cpu_s
 *          <a/c> evaluated_per_cpu_s <b/c>
 * (local-search moves whose cost was bounded, of those the ones driven in
 * full, and the processor time of the solve: a rate that a loaded machine
 * distorts less than one per second of wall clock) and, with --out-dir,
 * write DIR/<file base name>.json (the format of wo_kim_solution_json).
 * Exits 1 when an instance cannot be read or solved, or a solution fails
 * the checker or the recount or leaves a stop unserved.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/base.h"
#include "benches/support/kim.h"
#include "solver/vrp/vrp.h"

static void usage(void)
{
    fprintf(stderr, "usage: bench_wcvrptw [--time-limit S] [--iterations N] "
                    "[--seed N] [--out-dir DIR] [--no-route-capacity] "
                    "[--objective lex|cost] [--vehicles N] FILE...\n");
}

/* What a run asks for beyond the solver's parameters. */
typedef struct bench_opts {
    const char *out_dir;  /* JSON solutions go here, or NULL              */
    int no_route_cap;     /* 1: the route capacity lifted                 */
    int lexicographic;    /* 1: vehicles, then distance; 0: distance      */
    int vehicles;         /* fleet offered; <= 0: one per stop            */
} bench_opts;

/* Recount, apart from the checker, each route's yards collected and stops
 * served against the route capacity and the stop limit of the file (the
 * lifted route capacity not counted); the largest of each go to *yd3 and
 * *stops. Returns 1 when every route keeps both. */
static int day_limits_ok(const wo_kim_instance *ki, const wo_vrp_solution *sol,
                         double *yd3, int *stops)
{
    int r, v, ok = 1;
    *yd3 = 0;
    *stops = 0;
    for (r = 0; r < sol->n_routes; r++) {
        const wo_vrp_route *rt = &sol->routes[r];
        double load = 0;
        int n = 0;
        for (v = 0; v < rt->n_visits; v++) {
            if (rt->visits[v].kind != WO_VISIT_STOP)
                continue;
            load += ki->stops[rt->visits[v].index].demand[0];
            n++;
        }
        if (ki->route_capacity_yd3 > 0 && load > ki->route_capacity_yd3 + 1e-6)
            ok = 0;
        if (ki->max_stops > 0 && n > ki->max_stops)
            ok = 0;
        if (load > *yd3)
            *yd3 = load;
        if (n > *stops)
            *stops = n;
    }
    return ok;
}

/* Base name of path without its extension, into out. */
static void base_name(const char *path, char *out, size_t size)
{
    const char *b = strrchr(path, '/');
    char *dot;
    wo_strlcpy(out, b ? b + 1 : path, size);
    dot = strrchr(out, '.');
    if (dot)
        *dot = '\0';
}

/* Fewest vehicles any solution can use: the total load over the route
 * capacity (yd3 a vehicle may collect per day), and the stops over the
 * stops a vehicle may serve per day. */
static int min_vehicles(const wo_kim_instance *ki)
{
    double load = 0;
    int i, k = 1, by_stops;
    for (i = 0; i < ki->pb.n_stops; i++)
        load += ki->stops[i].demand[0];
    if (ki->route_capacity_yd3 > 0 && ceil(load / ki->route_capacity_yd3 - 1e-9) > k)
        k = (int)ceil(load / ki->route_capacity_yd3 - 1e-9);
    by_stops = ki->max_stops > 0
                   ? (int)((ki->pb.n_stops + ki->max_stops - 1) / ki->max_stops)
                   : 1;
    return by_stops > k ? by_stops : k;
}

static int run_one(const char *file, const wo_vrp_params *prm,
                   const bench_opts *bo)
{
    wo_kim_instance ki;
    wo_kim_params kp;
    wo_vrp_solution sol;
    wo_err e;
    double cost = 0, t0, max_yd3, cpu;
    clock_t c0;
    int rc, ok = 1, day_ok, max_n;
    const char *out_dir = bo->out_dir;

    wo_kim_params_init(&kp);
    kp.vehicles = bo->vehicles;
    if (wo_kim_read(file, &kp, &ki, &e) != WO_OK) {
        fprintf(stderr, "bench_wcvrptw: %s\n", e.msg);
        return 1;
    }
    ki.pb.lexicographic = bo->lexicographic;
    if (bo->no_route_cap) {
        ki.type.max_load_per_day[0] = WO_VRP_UNLIMITED;
        ki.route_capacity_yd3 = 0;
    }
    wo_vrp_solution_init(&sol);
    t0 = wo_now_s();
    c0 = clock();
    rc = wo_vrp_solve(&ki.pb, prm, &sol, &e);
    cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
    if (rc != WO_OK) {
        fprintf(stderr, "bench_wcvrptw: %s: %s\n", file, e.msg);
        wo_kim_free(&ki);
        return 1;
    }
    t0 = wo_now_s() - t0;
    rc = wo_vrp_check(&ki.pb, &sol, &cost, &e);
    if (rc != WO_OK) {
        fprintf(stderr, "bench_wcvrptw: %s: checker: %s\n", file, e.msg);
        ok = 0;
    }
    if (sol.n_unserved > 0)
        ok = 0;
    day_ok = day_limits_ok(&ki, &sol, &max_yd3, &max_n);
    if (!day_ok)
        ok = 0;
    printf("RESULT %s vehicles %d miles %.1f seconds %.1f unserved %d check "
           "%s min_vehicles %d day_limits %s objective %s max_day_yd3 %.1f "
           "max_stops %d\n", file, sol.vehicles_used,
           sol.dist_m / WO_KIM_M_PER_MI, t0, sol.n_unserved,
           rc == WO_OK ? "ok" : "FAIL", min_vehicles(&ki),
           day_ok ? "ok" : "FAIL", bo->lexicographic ? "lex" : "cost",
           max_yd3, max_n);
    printf("MOVES %s screened %ld evaluated %ld cpu_s %.1f "
           "screened_per_cpu_s %.0f evaluated_per_cpu_s %.0f\n", file,
           sol.moves_screened, sol.moves_evaluated, cpu,
           cpu > 0 ? (double)sol.moves_screened / cpu : 0.0,
           cpu > 0 ? (double)sol.moves_evaluated / cpu : 0.0);
    fflush(stdout);
    if (out_dir) {
        char base[256], path[1024];
        base_name(file, base, sizeof base);
        if ((size_t)snprintf(path, sizeof path, "%s/%s.json", out_dir, base) >=
                sizeof path ||
            wo_kim_write_json(path, &ki, &sol, &e) != WO_OK) {
            fprintf(stderr, "bench_wcvrptw: %s: cannot write the solution: "
                            "%s\n", file, e.msg);
            ok = 0;
        }
    }
    wo_vrp_solution_free(&sol);
    wo_kim_free(&ki);
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    wo_vrp_params prm;
    bench_opts bo;
    int i, status = 0, nfiles = 0;

    wo_vrp_params_init(&prm);
    prm.time_limit_s = 60;
    memset(&bo, 0, sizeof bo);
    bo.lexicographic = 1;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if ((!strcmp(a, "--time-limit") || !strcmp(a, "--iterations") ||
             !strcmp(a, "--seed") || !strcmp(a, "--out-dir") ||
             !strcmp(a, "--objective") || !strcmp(a, "--vehicles")) &&
            i + 1 >= argc) {
            usage();
            return 2;
        }
        if (!strcmp(a, "--time-limit")) {
            if (wo_parse_double(argv[++i], &prm.time_limit_s) != WO_OK) {
                fprintf(stderr, "bench_wcvrptw: --time-limit '%s' is not a "
                                "number\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(a, "--iterations")) {
            if (wo_parse_long(argv[++i], &prm.max_iterations) != WO_OK) {
                fprintf(stderr, "bench_wcvrptw: --iterations '%s' is not an "
                                "integer\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(a, "--seed")) {
            long s;
            if (wo_parse_long(argv[++i], &s) != WO_OK || s < 0) {
                fprintf(stderr, "bench_wcvrptw: --seed '%s' is not a "
                                "non-negative integer\n", argv[i]);
                return 2;
            }
            prm.seed = (uint64_t)s;
        } else if (!strcmp(a, "--out-dir")) {
            bo.out_dir = argv[++i];
        } else if (!strcmp(a, "--objective")) {
            i++;
            if (!strcmp(argv[i], "lex") || !strcmp(argv[i], "cost")) {
                bo.lexicographic = !strcmp(argv[i], "lex");
            } else {
                fprintf(stderr, "bench_wcvrptw: --objective '%s' is neither "
                                "'lex' nor 'cost'\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(a, "--vehicles")) {
            long v;
            if (wo_parse_long(argv[++i], &v) != WO_OK || v < 1 ||
                v > WO_KIM_MAX_ROWS) {
                fprintf(stderr, "bench_wcvrptw: --vehicles '%s' is not an "
                                "integer in 1..%d\n", argv[i], WO_KIM_MAX_ROWS);
                return 2;
            }
            bo.vehicles = (int)v;
        } else if (!strcmp(a, "--no-route-capacity")) {
            bo.no_route_cap = 1;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage();
            return 0;
        } else if (a[0] == '-') {
            fprintf(stderr, "bench_wcvrptw: unknown option '%s'\n", a);
            usage();
            return 2;
        } else {
            nfiles++;
            if (run_one(a, &prm, &bo) != 0)
                status = 1;
        }
    }
    if (nfiles == 0) {
        usage();
        return 2;
    }
    return status;
}
