/*
 * bench_cfl — solve OR-Library capacitated facility-location instances
 * (shared/bench/cfl) with wasteopt's facility-location solver and print,
 * per instance, the objective, the proven bound and the seconds.
 *
 *   bench_cfl [--time-limit S] [--capacity C] [--no-lagrangian]
 *             [--all-rows] [--verbose] [--write-lp F] [--write-mps F]
 *             FILE...
 *
 * --capacity replaces the literal word "capacity" of capa/capb/capc.
 * --no-lagrangian hands GLPK the plain model (no bound, incumbent or
 * fixing from the Lagrangian); --all-rows puts every x_ij <= y_i row in
 * the model up front instead of adding them lazily as cuts.
 * --write-lp/--write-mps write the full strong model (every x_ij <= y_i
 * row) of the last FILE for another solver.
 * Output: a header line, then one whitespace-separated line per file.
 * Exit status 1 if any file cannot be read or solved.
 */
#include <stdio.h>
#include <string.h>

#include "benches/support/cfl.h"

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static int usage(void)
{
    fprintf(stderr, "usage: bench_cfl [--time-limit S] [--capacity C] "
                    "[--no-lagrangian] [--all-rows] [--verbose] [--write-lp F] "
                    "[--write-mps F] FILE...\n");
    return 2;
}

int main(int argc, char **argv)
{
    wo_cfl_params p;
    double capacity = 0;
    int a, status = 0, nfiles = 0;
    wo_cfl_params_init(&p);
    for (a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--time-limit") == 0 && a + 1 < argc) {
            if (wo_parse_double(argv[++a], &p.time_limit_s) != WO_OK)
                return usage();
        } else if (strcmp(argv[a], "--capacity") == 0 && a + 1 < argc) {
            if (wo_parse_double(argv[++a], &capacity) != WO_OK ||
                capacity <= 0)
                return usage();
        } else if (strcmp(argv[a], "--write-lp") == 0 && a + 1 < argc) {
            p.write_lp = argv[++a];
        } else if (strcmp(argv[a], "--write-mps") == 0 && a + 1 < argc) {
            p.write_mps = argv[++a];
        } else if (strcmp(argv[a], "--no-lagrangian") == 0) {
            p.use_lagrangian = 0;
        } else if (strcmp(argv[a], "--all-rows") == 0) {
            p.lazy_cuts = 0;
        } else if (strcmp(argv[a], "--verbose") == 0) {
            p.verbose = 1;
        } else if (argv[a][0] == '-') {
            return usage();
        } else {
            nfiles++;
        }
    }
    if (nfiles == 0)
        return usage();
    printf("%-10s %9s %-11s %16s %16s %9s %9s %7s %16s %16s %5s %5s %7s\n",
           "instance", "capacity", "status", "objective", "bound", "gap_pct",
           "seconds", "lagr_s", "lagr_bound", "heuristic", "fix1", "fix0", "nodes");
    for (a = 1; a < argc; a++) {
        wo_cfl c;
        wo_cfl_result r;
        wo_err e;
        const char *f = argv[a];
        double gap;
        if (argv[a][0] == '-') {
            if (strcmp(argv[a], "--time-limit") == 0 ||
                strcmp(argv[a], "--capacity") == 0 ||
                strcmp(argv[a], "--write-lp") == 0 ||
                strcmp(argv[a], "--write-mps") == 0)
                a++;
            continue;
        }
        wo_err_clear(&e);
        if (wo_cfl_read(f, capacity, &c, &e) != WO_OK) {
            fprintf(stderr, "bench_cfl: %s\n", e.msg);
            status = 1;
            continue;
        }
        if (wo_cfl_solve(&c, &p, &r, &e) != WO_OK) {
            fprintf(stderr, "bench_cfl: %s: %s\n", f, e.msg);
            wo_cfl_free(&c);
            status = 1;
            continue;
        }
        gap = r.obj > 0 ? 100.0 * (r.obj - r.bound) / r.obj : 0.0;
        printf("%-10s %9.0f %-11s %16.4f %16.4f %9.5f %9.2f %7.2f %16.4f %16.4f "
               "%5d %5d %7ld\n",
               base_name(f), c.cap[0], wo_lp_status_name(r.status), r.obj,
               r.bound, gap, r.seconds, r.lagr_seconds, r.lagr_bound, r.heur_obj,
               r.fixed_open, r.fixed_closed, r.nodes);
        fflush(stdout);
        wo_cfl_result_free(&r);
        wo_cfl_free(&c);
    }
    return status;
}
