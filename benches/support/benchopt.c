/*
 * benchopt.c — the start-up the routing benches share: solver options,
 * SIGINT cancelling the search, instance names (benchopt.h).
 */
#include "benches/support/benchopt.h"

#include <signal.h>
#include <string.h>

static wo_cancel_flag g_cancel;

static void on_sigint(int sig)
{
    (void)sig;
    g_cancel = 1;
}

void wo_bench_params_init(wo_vrp_params *prm, double time_limit_s)
{
    wo_vrp_params_init(prm);
    prm->time_limit_s = time_limit_s;
    prm->cancel = &g_cancel;
    signal(SIGINT, on_sigint);
}

int wo_bench_cancelled(void)
{
    return g_cancel != 0;
}

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

void wo_bench_instance_name(const char *path, char *out, size_t size)
{
    const char *b = strrchr(path, '/');
    size_t n;
    wo_strlcpy(out, b ? b + 1 : path, size);
    n = strlen(out);
    if (n > 4 && !strcmp(out + n - 4, ".vrp"))
        out[n - 4] = '\0';
}
