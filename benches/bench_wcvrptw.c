/*
 * bench_wcvrptw — the routing core on the Kim et al. (2006) waste-collection
 * VRPTW benchmark.
 *
 *   bench_wcvrptw [--time-limit S] [--iterations N] [--seed N]
 *                 [--out-dir DIR] [--no-route-capacity] FILE...
 *
 * Options apply to the files after them. --no-route-capacity lifts the
 * limit on the yards a vehicle may collect per day (header line 2): Kim et
 * al.'s Algorithm 1, as transcribed, uses fewer vehicles than that limit
 * allows on 102 and 335, so this is the rule its figures can be compared
 * under.
 *
 * For each instance file: read it (benches/support/kim.h), solve with
 * wo_vrp_solve and lexicographic = 1 (Kim's objective: vehicles first, then
 * distance), check the solution with wo_vrp_check, print one line
 *   RESULT <file> vehicles <n> miles <x> seconds <s> unserved <u> check <ok|FAIL>
 *          min_vehicles <k>
 * (k: the fewest vehicles the route capacity and the stop limit allow)
 * and, with --out-dir, write DIR/<file base name>.json (the format of
 * wo_kim_solution_json). Exits 1 when an instance cannot be read or
 * solved, or a solution fails the checker or leaves a stop unserved.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "benches/support/kim.h"
#include "solver/vrp/vrp.h"

static void usage(void)
{
    fprintf(stderr, "usage: bench_wcvrptw [--time-limit S] [--iterations N] "
                    "[--seed N] [--out-dir DIR] [--no-route-capacity] "
                    "FILE...\n");
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
                   const char *out_dir, int no_route_cap)
{
    wo_kim_instance ki;
    wo_vrp_solution sol;
    wo_err e;
    double cost = 0, t0;
    int rc, ok = 1;

    if (wo_kim_read(file, NULL, &ki, &e) != WO_OK) {
        fprintf(stderr, "bench_wcvrptw: %s\n", e.msg);
        return 1;
    }
    ki.pb.lexicographic = 1;
    if (no_route_cap) {
        ki.type.max_load_per_day[0] = WO_VRP_UNLIMITED;
        ki.route_capacity_yd3 = 0;
    }
    wo_vrp_solution_init(&sol);
    t0 = wo_now_s();
    rc = wo_vrp_solve(&ki.pb, prm, &sol, &e);
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
    printf("RESULT %s vehicles %d miles %.1f seconds %.1f unserved %d check "
           "%s min_vehicles %d\n", file, sol.vehicles_used,
           sol.dist_m / WO_KIM_M_PER_MI, t0, sol.n_unserved,
           rc == WO_OK ? "ok" : "FAIL", min_vehicles(&ki));
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
    const char *out_dir = NULL;
    int i, status = 0, nfiles = 0, no_route_cap = 0;

    wo_vrp_params_init(&prm);
    prm.time_limit_s = 60;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if ((!strcmp(a, "--time-limit") || !strcmp(a, "--iterations") ||
             !strcmp(a, "--seed") || !strcmp(a, "--out-dir")) &&
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
            out_dir = argv[++i];
        } else if (!strcmp(a, "--no-route-capacity")) {
            no_route_cap = 1;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage();
            return 0;
        } else if (a[0] == '-') {
            fprintf(stderr, "bench_wcvrptw: unknown option '%s'\n", a);
            usage();
            return 2;
        } else {
            nfiles++;
            if (run_one(a, &prm, out_dir, no_route_cap) != 0)
                status = 1;
        }
    }
    if (nfiles == 0) {
        usage();
        return 2;
    }
    return status;
}
