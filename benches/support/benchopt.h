/*
 * benchopt.h — the solver options the routing benches share. Only benches
 * use it: linked into them, not into the library.
 */
#ifndef WO_BENCH_BENCHOPT_H
#define WO_BENCH_BENCHOPT_H

#include "solver/vrp/vrp.h"

/* The option at argv[*i] when it is one of --time-limit S (>= 0),
 * --iterations N (>= 0), --seed N (>= 0) or --threads N (1..64), into
 * prm. Returns 1 when it was (*i then at its value), 0 when argv[*i] is
 * none of them, -1 when its value is missing or malformed. */
int wo_bench_solver_option(int argc, char **argv, int *i, wo_vrp_params *prm);

#endif /* WO_BENCH_BENCHOPT_H */
