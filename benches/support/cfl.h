/*
 * cfl.h — the capacitated facility-location problem with split demand
 * (OR-Library "cap" instances) and its exact solver.
 *
 *   min  sum_i f_i y_i + sum_ij c_ij x_ij
 *   s.t. sum_i x_ij = 1            (every customer j served)
 *        sum_j d_j x_ij <= s_i y_i (capacity of facility i)
 *        0 <= x_ij <= 1, y_i binary
 *
 * The solver brings GLPK a Lagrangian bound (demand rows relaxed, one
 * continuous knapsack per facility plus a 0/1 cover knapsack on the
 * facility capacities), a Lagrangian + local-search incumbent evaluated
 * with exact transportation LPs, reduced-cost fixing of the y_i from the
 * Lagrangian bound, and the x_ij <= y_i inequalities: as rows where the
 * Lagrangian reduced cost c_ij - u_j is negative, the others added lazily
 * through the cut callback when violated (measured fastest on capa; both
 * "all rows" and "all lazy" remain as options).
 *
 * It lives in benches/support, not in the library: only bench_cfl, the
 * unit tests and the fuzz target use it (the Makefile links
 * the sources of benches/support into those programs). It measures the MIP layer
 * (solver/lp) on a textbook siting problem; the plan never calls it.
 */
#ifndef WO_BENCH_CFL_H
#define WO_BENCH_CFL_H

#include "base/base.h"
#include "solver/lp.h"

typedef struct wo_cfl {
    int m;          /* number of facilities                                */
    int n;          /* number of customers                                 */
    double *cap;    /* capacity s_i [m], same unit as demand               */
    double *fixed;  /* fixed opening cost f_i [m]                          */
    double *demand; /* demand d_j [n], > 0                                 */
    double *cost;   /* c_ij = cost of serving all of j from i, [i*n + j]   */
} wo_cfl;

/* Read an OR-Library cap file (format in shared/bench/README.md §3). A
 * facility whose capacity is the literal word "capacity" (capa/capb/capc)
 * gets capacity_override; if that is <= 0 such a file is an error. On
 * success *out owns its arrays (free with wo_cfl_free). Errors name the
 * file, the line and the token. */
int wo_cfl_read(const char *path, double capacity_override, wo_cfl *out,
                wo_err *err);

/* The same from memory: data[0..len) (need not be NUL-terminated; a NUL
 * byte is an error); name stands for the file in messages. */
int wo_cfl_parse(const char *data, size_t len, const char *name,
                 double capacity_override, wo_cfl *out, wo_err *err);

/* Allocate the arrays of an m x n instance (zeroed); WO_ENOMEM/WO_EINVAL. */
int wo_cfl_alloc(wo_cfl *c, int m, int n, wo_err *err);

/* Free the arrays of c (c itself is caller-owned); c may be zeroed. */
void wo_cfl_free(wo_cfl *c);

typedef struct wo_cfl_params {
    double time_limit_s;  /* whole solve; <= 0: no limit                    */
    int lagr_iters;       /* subgradient iterations (default 600)           */
    int use_lagrangian;   /* bound, fixing and heuristic (default 1)        */
    int lazy_cuts;        /* 1 (default): x_ij <= y_i as rows only where
                             the Lagrangian reduced cost is negative, the
                             rest added by the cut callback when violated;
                             0: all of them as rows up front               */
    int verbose;          /* GLPK terminal output (default 0)               */
    const char *write_lp;  /* if non-NULL, write the (full) MIP here        */
    const char *write_mps; /* if non-NULL, write the (full) MIP here        */
} wo_cfl_params;

void wo_cfl_params_init(wo_cfl_params *p);

typedef struct wo_cfl_result {
    wo_lp_status status;  /* optimal / feasible / infeasible / ...          */
    double obj;           /* best objective found                          */
    double bound;         /* proven lower bound                            */
    double seconds;       /* wall time of the whole solve                  */
    double lagr_bound;    /* Lagrangian bound (before the MIP)             */
    double heur_obj;      /* objective of the heuristic incumbent          */
    double lagr_seconds;  /* time spent in the Lagrangian phase            */
    int fixed_open;       /* facilities fixed open by reduced costs        */
    int fixed_closed;     /* facilities fixed closed by reduced costs      */
    long nodes;           /* branch-and-bound nodes (approximate)          */
    unsigned char *open;  /* [m] 1 if facility i is open; owned, free with
                             wo_cfl_result_free                           */
} wo_cfl_result;

/* Solve c to optimality within the time limit. On WO_OK, r holds the
 * outcome (r->open is NULL when no solution was found). */
int wo_cfl_solve(const wo_cfl *c, const wo_cfl_params *p, wo_cfl_result *r,
                 wo_err *err);

void wo_cfl_result_free(wo_cfl_result *r);

#endif /* WO_BENCH_CFL_H */
