/*
 * bench_cvrp — run wo_vrp_solve on CVRPLIB instances.
 *
 *   bench_cvrp [--time-limit S] [--iterations N] [--seed N] [--threads N]
 *              [--no-sp] [--sol-dir DIR] FILE.vrp...
 *
 * Prints one line per instance (name, cost, BKS from FILE.sol or from a
 * bks.csv beside the file or one directory up, gap %, seconds, routes,
 * iterations, customers left unserved, and "ok" when an independent
 * recount of coverage, capacity and cost agrees and wo_vrp_check accepts
 * the solution, else "FAILED"), then the mean gap over the checked ones.
 * A solution that fails the check gets no gap ("-"): its cost is not a
 * cost of the instance. Writes each checked solution as a CVRPLIB .sol
 * into DIR when --sol-dir is given. Exits 1 when any instance fails.
 */
#define _POSIX_C_SOURCE 200809L
#include "benches/support/benchopt.h"
#include "benches/support/cvrplib.h"
#include "solver/vrp/vrp.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static wo_cancel_flag g_cancel;

static void on_sigint(int sig)
{
    (void)sig;
    g_cancel = 1;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* BKS of `name` in a bks.csv (first column name, third bks_cost). */
static double bks_from_csv(const char *csv, const char *name)
{
    FILE *f = fopen(csv, "r");
    char line[1024];
    double v = NAN;
    size_t nl = strlen(name);
    if (!f)
        return NAN;
    while (fgets(line, sizeof line, f)) {
        char *c1, *c2;
        if (strncmp(line, name, nl) != 0 || line[nl] != ',')
            continue;
        c1 = strchr(line + nl + 1, ',');
        if (!c1)
            break;
        c2 = strchr(c1 + 1, ',');
        if (c2)
            *c2 = '\0';
        if (wo_parse_double(c1 + 1, &v) != WO_OK)
            v = NAN;
        break;
    }
    fclose(f);
    return v;
}

static double find_bks(const char *path, const char *name)
{
    char buf[4096], dir[4096];
    const char *slash = strrchr(path, '/');
    size_t dl = slash ? (size_t)(slash - path) : 0;
    double v;
    wo_err e;
    if (dl >= sizeof dir)
        return NAN;
    memcpy(dir, path, dl);
    dir[dl] = '\0';
    if (!slash)
        wo_strlcpy(dir, ".", sizeof dir);
    if ((size_t)snprintf(buf, sizeof buf, "%s/%s.sol", dir, name) <
            sizeof buf &&
        wo_cvrplib_read_sol_cost(buf, &v, &e) == WO_OK)
        return v;
    if ((size_t)snprintf(buf, sizeof buf, "%s/bks.csv", dir) >= sizeof buf)
        return NAN;
    v = bks_from_csv(buf, name);
    if (!isnan(v))
        return v;
    if ((size_t)snprintf(buf, sizeof buf, "%s/../bks.csv", dir) >= sizeof buf)
        return NAN;
    return bks_from_csv(buf, name);
}

/* Recount coverage, capacity and cost from the visits and the matrix. */
static int recount(const wo_vrp_problem *pb, const wo_vrp_solution *sol,
                   double cap, double *cost)
{
    char *seen = calloc((size_t)pb->n_stops + 1, 1);
    int r, v, ok = seen != NULL;
    *cost = 0;
    for (r = 0; ok && r < sol->n_routes; r++) {
        const wo_vrp_route *rt = &sol->routes[r];
        int prev = pb->types[0].start_loc;
        double load = 0;
        for (v = 0; v < rt->n_visits; v++) {
            const wo_vrp_visit *x = &rt->visits[v];
            if (x->kind != WO_VISIT_STOP)
                continue;
            if (seen[x->index])
                ok = 0;
            seen[x->index] = 1;
            load += pb->stops[x->index].demand[0];
            *cost += pb->dist_m[(size_t)prev * (size_t)pb->n_loc +
                                (size_t)pb->stops[x->index].loc];
            prev = pb->stops[x->index].loc;
        }
        *cost += pb->dist_m[(size_t)prev * (size_t)pb->n_loc +
                            (size_t)pb->types[0].end_loc];
        if (load > cap + 1e-9)
            ok = 0;
    }
    for (r = 0; ok && r < pb->n_stops; r++)
        if (!seen[r])
            ok = 0;
    free(seen);
    return ok && fabs(*cost - sol->cost) < 0.5;
}

int main(int argc, char **argv)
{
    wo_vrp_params prm;
    const char *sol_dir = NULL;
    double sum_gap = 0;
    int i, n_gap = 0, n_files = 0, status = 0;
    wo_vrp_params_init(&prm);
    prm.time_limit_s = 60;
    prm.cancel = &g_cancel;
    signal(SIGINT, on_sigint);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r = wo_bench_solver_option(argc, argv, &i, &prm);
        if (r < 0)
            goto usage;
        if (r > 0)
            continue;
        if (!strcmp(a, "--sol-dir") && i + 1 < argc) {
            sol_dir = argv[++i];
        } else if (!strcmp(a, "--no-sp")) {
            prm.set_partitioning = 0;
        } else if (a[0] == '-') {
            goto usage;
        } else {
            n_files++;
        }
    }
    if (n_files == 0)
        goto usage;
    printf("%-14s %10s %10s %8s %8s %6s %9s %8s %s\n", "instance", "cost",
           "bks", "gap%", "seconds", "routes", "iters", "unserved", "check");
    for (i = 1; i < argc && !g_cancel; i++) {
        wo_cvrplib in;
        wo_vrp_problem pb;
        wo_vrp_vehicle_type type;
        wo_vrp_stop *stops = NULL;
        wo_vrp_solution sol;
        double *dist = NULL, bks, gap, recost;
        wo_err e;
        char name[160];
        int ok;
        if (argv[i][0] == '-') {
            if (strcmp(argv[i], "--no-sp") != 0)
                i++;
            continue;
        }
        if (wo_cvrplib_read(argv[i], &in, &e) != WO_OK ||
            wo_cvrplib_problem(&in, &pb, &dist, &stops, &type, &e) != WO_OK) {
            fprintf(stderr, "bench_cvrp: %s\n", e.msg);
            status = 1;
            continue;
        }
        wo_strlcpy(name, base_name(argv[i]), sizeof name);
        if (strlen(name) > 4 && !strcmp(name + strlen(name) - 4, ".vrp"))
            name[strlen(name) - 4] = '\0';
        wo_vrp_solution_init(&sol);
        if (wo_vrp_solve(&pb, &prm, &sol, &e) != WO_OK) {
            fprintf(stderr, "bench_cvrp: %s: %s\n", name, e.msg);
            status = 1;
        } else {
            char gap_s[32];
            bks = find_bks(argv[i], name);
            ok = recount(&pb, &sol, in.capacity, &recost) &&
                 sol.status == WO_VRP_FEASIBLE && sol.n_unserved == 0 &&
                 wo_vrp_check(&pb, &sol, NULL, &e) == WO_OK;
            gap = !ok || isnan(bks) ? NAN : 100.0 * (sol.cost - bks) / bks;
            if (isnan(gap))
                wo_strlcpy(gap_s, "-", sizeof gap_s);
            else
                snprintf(gap_s, sizeof gap_s, "%.2f", gap);
            printf("%-14s %10.0f %10.0f %8s %8.1f %6d %9ld %8d %s\n", name,
                   sol.cost, bks, gap_s, sol.seconds, sol.n_routes,
                   sol.iterations, sol.n_unserved, ok ? "ok" : "FAILED");
            fflush(stdout);
            if (!ok)
                status = 1;
            if (!isnan(gap)) {
                sum_gap += gap;
                n_gap++;
            }
            if (sol_dir && ok) {
                char path[4096];
                snprintf(path, sizeof path, "%s/%s.sol", sol_dir, name);
                if (wo_cvrplib_write_sol(path, &pb, &sol, &e) != WO_OK) {
                    fprintf(stderr, "bench_cvrp: %s\n", e.msg);
                    status = 1;
                }
            }
        }
        wo_vrp_solution_free(&sol);
        wo_free(dist);
        wo_free(stops);
        wo_cvrplib_free(&in);
    }
    if (n_gap > 0)
        printf("mean gap %.2f %% over %d checked instances\n",
               sum_gap / n_gap, n_gap);
    return status;
usage:
    fprintf(stderr, "usage: bench_cvrp [--time-limit S] [--iterations N] "
                    "[--seed N] [--threads N] [--no-sp] [--sol-dir DIR] "
                    "FILE.vrp...\n");
    return 2;
}
