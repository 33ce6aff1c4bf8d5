/*
 * bench_vrplib — the routing core on rich VRPLIB instances (VRPTW,
 * MTVRPTWR, HFVRP in PyVRP's dialect; benches/support/vrplib.h).
 *
 *   bench_vrplib [--time-limit S] [--iterations N] [--threads N]
 *                [--seed N] [--sol-dir DIR] FILE.vrp...
 *
 * For each instance: read it (quirks normalised with warnings on stderr),
 * solve it with wo_vrp_solve, check the solution with wo_vrp_check, write
 * it as a .sol in the reference format (DIR/NAME.sol; without --sol-dir
 * into a temporary directory removed afterwards), then recount that file
 * with the instance's own conventions (wo_vrplib_recount, which shares
 * nothing with the core) and compare with the cost printed. One line per
 * instance:
 *   name cost bks gap% seconds iterations vehicles reloads check bks_check
 * check is "ok" only when the core's checker and the recount both accept
 * the solution and agree on its cost; otherwise FAILED, and no gap is
 * printed. bks is the cost of NAME.sol beside the instance, and
 * bks_check whether that reference recounts to its stated cost under the
 * same conventions ("-" when there is none). Then the mean gap over the
 * instances that passed. Exits 1 when an instance cannot be read or
 * solved or a solution fails its check.
 */
#define _POSIX_C_SOURCE 200809L
#include "benches/support/benchopt.h"
#include "benches/support/cvrplib.h"
#include "benches/support/vrplib.h"
#include "solver/vrp/vrp.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static wo_cancel_flag g_cancel;

static void on_sigint(int sig)
{
    (void)sig;
    g_cancel = 1;
}

static void warn_stderr(void *ud, const char *msg)
{
    (void)ud;
    fprintf(stderr, "bench_vrplib: warning: %s\n", msg);
}

/* path with its extension .vrp replaced by .sol, into out. */
static int sol_beside(const char *path, char *out, size_t size)
{
    size_t n = strlen(path);
    if (n < 4 || strcmp(path + n - 4, ".vrp") != 0 || n + 1 > size)
        return 0;
    memcpy(out, path, n - 4);
    memcpy(out + n - 4, ".sol", 5);
    return 1;
}

static void base_name(const char *path, char *out, size_t size)
{
    const char *b = strrchr(path, '/');
    size_t n;
    wo_strlcpy(out, b ? b + 1 : path, size);
    n = strlen(out);
    if (n > 4 && !strcmp(out + n - 4, ".vrp"))
        out[n - 4] = '\0';
}

/* Solve one instance and print its line; adds to the mean gap. Returns 0
 * when it passed. */
static int run_one(const char *file, const wo_vrp_params *prm,
                   const char *sol_dir, double *sum_gap, int *n_gap)
{
    wo_vrplib in;
    wo_vrplib_model m;
    wo_vrp_solution sol;
    wo_vrplib_count cnt, bcnt;
    wo_err e;
    char name[160], path[4096], ref[4096], cost_s[64], bks_s[64];
    double bks = NAN, check_cost, sol_cost;
    const char *bks_chk = "-";
    int ok = 1;

    if (wo_vrplib_read(file, &in, warn_stderr, NULL, &e) != WO_OK) {
        fprintf(stderr, "bench_vrplib: %s\n", e.msg);
        return 1;
    }
    base_name(file, name, sizeof name);
    if (wo_vrplib_model_build(&in, &m, &e) != WO_OK) {
        fprintf(stderr, "bench_vrplib: %s: %s\n", name, e.msg);
        wo_vrplib_free(&in);
        return 1;
    }
    if (sol_beside(file, ref, sizeof ref)) {
        if (wo_cvrplib_read_sol_cost(ref, &bks, &e) != WO_OK) {
            bks = NAN;
        } else if (wo_vrplib_recount(&in, ref, &bcnt, &e) == WO_OK) {
            bks_chk = "ok";
        } else {
            bks_chk = "FAILED";
            fprintf(stderr, "bench_vrplib: reference: %s\n", e.msg);
        }
    }
    wo_vrp_solution_init(&sol);
    if (wo_vrp_solve(&m.pb, prm, &sol, &e) != WO_OK) {
        fprintf(stderr, "bench_vrplib: %s: %s\n", name, e.msg);
        wo_vrp_solution_free(&sol);
        wo_vrplib_model_free(&m);
        wo_vrplib_free(&in);
        return 1;
    }
    sol_cost = wo_vrplib_sol_cost(&in, sol.cost);
    if (sol.status != WO_VRP_FEASIBLE && sol.status != WO_VRP_OPTIMAL) {
        fprintf(stderr, "bench_vrplib: %s: %d clients unserved\n", name,
                sol.n_unserved);
        ok = 0;
    }
    if (wo_vrp_check(&m.pb, &sol, &check_cost, &e) != WO_OK) {
        fprintf(stderr, "bench_vrplib: %s: checker: %s\n", name, e.msg);
        ok = 0;
    }
    memset(&cnt, 0, sizeof cnt);
    if ((size_t)snprintf(path, sizeof path, "%s/%s.sol", sol_dir, name) >=
        sizeof path) {
        fprintf(stderr, "bench_vrplib: %s: path too long\n", name);
        ok = 0;
    } else if (wo_vrplib_write_sol(path, &in, &m, &sol, &e) != WO_OK) {
        fprintf(stderr, "bench_vrplib: %s\n", e.msg);
        ok = 0;
    } else if (wo_vrplib_recount(&in, path, &cnt, &e) != WO_OK) {
        fprintf(stderr, "bench_vrplib: %s: recount: %s\n", name, e.msg);
        ok = 0;
    } else if (fabs(cnt.cost - sol_cost) > 1e-6 * fmax(1.0, fabs(sol_cost))) {
        fprintf(stderr, "bench_vrplib: %s: recounted cost %.6f, the solver "
                        "says %.6f\n", name, cnt.cost, sol_cost);
        ok = 0;
    }
    wo_vrplib_format_cost(&in, ok ? cnt.cost : sol_cost, cost_s, sizeof cost_s);
    if (isnan(bks))
        wo_strlcpy(bks_s, "-", sizeof bks_s);
    else
        wo_vrplib_format_cost(&in, bks, bks_s, sizeof bks_s);
    if (ok && !isnan(bks) && bks > 0) {
        double gap = 100.0 * (cnt.cost - bks) / bks;
        if (fabs(gap) < 5e-5)
            gap = 0; /* the sums of one-decimal distances differ in the
                        last bits: no "-0.00" */
        printf("%-16s %12s %12s %8.2f %8.1f %9ld %8d %7d %-6s %s\n", name,
               cost_s, bks_s, gap, sol.seconds, sol.iterations, cnt.vehicles,
               cnt.reloads, "ok", bks_chk);
        *sum_gap += gap;
        (*n_gap)++;
    } else {
        printf("%-16s %12s %12s %8s %8.1f %9ld %8d %7d %-6s %s\n", name,
               cost_s, bks_s, "-", sol.seconds, sol.iterations,
               ok ? cnt.vehicles : sol.vehicles_used, cnt.reloads,
               ok ? "ok" : "FAILED", bks_chk);
    }
    fflush(stdout);
    wo_vrp_solution_free(&sol);
    wo_vrplib_model_free(&m);
    wo_vrplib_free(&in);
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    wo_vrp_params prm;
    const char *sol_dir = NULL;
    char tmp_dir[64] = "";
    double sum_gap = 0;
    int i, n_gap = 0, n_files = 0, n_run = 0, status = 0;
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
        } else if (a[0] == '-') {
            goto usage;
        } else {
            n_files++;
        }
    }
    if (n_files == 0)
        goto usage;
    if (!sol_dir) {
        const char *t = getenv("TMPDIR");
        snprintf(tmp_dir, sizeof tmp_dir, "%s/bench_vrplib.XXXXXX",
                 t && strlen(t) < 32 ? t : "/tmp");
        if (!mkdtemp(tmp_dir)) {
            fprintf(stderr, "bench_vrplib: cannot create %s\n", tmp_dir);
            return 1;
        }
        sol_dir = tmp_dir;
    }
    printf("%-16s %12s %12s %8s %8s %9s %8s %7s %-6s %s\n", "instance",
           "cost", "bks", "gap%", "seconds", "iters", "vehicles", "reloads",
           "check", "bks_check");
    for (i = 1; i < argc && !g_cancel; i++) {
        if (argv[i][0] == '-') {
            i++;
            continue;
        }
        n_run++;
        if (run_one(argv[i], &prm, sol_dir, &sum_gap, &n_gap))
            status = 1;
    }
    if (n_gap > 0)
        printf("mean gap %.2f %% over %d of %d instances\n", sum_gap / n_gap,
               n_gap, n_run);
    else
        printf("mean gap - (no instance passed with a reference)\n");
    if (tmp_dir[0]) {
        for (i = 1; i < argc; i++) {
            char name[160], path[4096];
            if (argv[i][0] == '-') {
                i++;
                continue;
            }
            base_name(argv[i], name, sizeof name);
            if ((size_t)snprintf(path, sizeof path, "%s/%s.sol", tmp_dir,
                                 name) < sizeof path)
                remove(path);
        }
        rmdir(tmp_dir);
    }
    return status;
usage:
    fprintf(stderr, "usage: bench_vrplib [--time-limit S] [--iterations N] "
                    "[--threads N] [--seed N] [--sol-dir DIR] FILE.vrp...\n");
    return 2;
}
