/*
 * benchopt.c — the solver options the routing benches share (benchopt.h).
 */
#include "benches/support/benchopt.h"

#include <string.h>

int wo_bench_solver_option(int argc, char **argv, int *i, wo_vrp_params *prm)
{
    const char *a = argv[*i], *val;
    long lv = 0;
    double dv = 0;
    int is_time = !strcmp(a, "--time-limit");
    if (!is_time && strcmp(a, "--iterations") != 0 && strcmp(a, "--seed") != 0 &&
        strcmp(a, "--threads") != 0)
        return 0;
    if (*i + 1 >= argc)
        return -1;
    val = argv[++*i];
    if (is_time) {
        if (wo_parse_double(val, &dv) != WO_OK || dv < 0)
            return -1;
        prm->time_limit_s = dv;
        return 1;
    }
    if (wo_parse_long(val, &lv) != WO_OK || lv < 0)
        return -1;
    if (!strcmp(a, "--iterations")) {
        prm->max_iterations = lv;
    } else if (!strcmp(a, "--seed")) {
        prm->seed = (uint64_t)lv;
    } else {
        if (lv < 1 || lv > 64)
            return -1;
        prm->threads = (int)lv;
    }
    return 1;
}
