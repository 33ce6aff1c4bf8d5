/*
 * benchopt.h — the start-up the routing benches share: solver options,
 * SIGINT cancelling the search, instance names. Only benches use it: linked into them, not into the library.
 */
#ifndef WO_BENCH_BENCHOPT_H
#define WO_BENCH_BENCHOPT_H

#include "solver/vrp/vrp.h"

#include <stddef.h>

/* wo_vrp_params_init with the time limit time_limit_s, and SIGINT
 * cancelling the search: prm->cancel is a flag the handler raises. */
void wo_bench_params_init(wo_vrp_params *prm, double time_limit_s);
/* Nonzero once SIGINT arrived (after wo_bench_params_init). */
int wo_bench_cancelled(void);

/* The option at argv[*i] when it is one of --time-limit S (>= 0),
 * --iterations N (>= 0), --seed N (>= 0) or --threads N (1..64), into
 * prm. Returns 1 when it was (*i then at its value), 0 when argv[*i] is
 * none of them, -1 when its value is missing or malformed. */
int wo_bench_solver_option(int argc, char **argv, int *i, wo_vrp_params *prm);

/* The instance name of path: its base name without a ".vrp" ending. */
void wo_bench_instance_name(const char *path, char *out, size_t size);

#endif /* WO_BENCH_BENCHOPT_H */
