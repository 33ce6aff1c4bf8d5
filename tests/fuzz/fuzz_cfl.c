/* libFuzzer target: the OR-Library facility-location reader of
 * benches/support/cfl, then, for small accepted instances, the solver itself
 * (Lagrangian path against GLPK on the plain strong model). */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "benches/support/cfl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wo_cfl c;
    wo_cfl_params p;
    wo_cfl_result a, b;
    wo_err err;
    int i, j;
    if (wo_cfl_parse((const char *)data, size, "fuzz.txt", 100.0, &c, &err) !=
        WO_OK)
        return 0;
    if (c.m > 6 || c.n > 12) {
        wo_cfl_free(&c);
        return 0;
    }
    /* keep magnitudes where a comparison means something: GLPK's plain
     * big-M model is not exact with capacities of 1e8 and costs of 1 */
    for (i = 0; i < c.m; i++)
        for (j = 0; j < c.n; j++)
            if (c.cost[(size_t)i * (size_t)c.n + (size_t)j] > 1e6 ||
                c.fixed[i] > 1e6 || c.cap[i] > 1e6 || c.demand[j] > 1e6) {
                wo_cfl_free(&c);
                return 0;
            }
    wo_cfl_params_init(&p);
    p.time_limit_s = 5;
    if (wo_cfl_solve(&c, &p, &a, &err) != WO_OK)
        abort();
    p.use_lagrangian = 0;
    p.lazy_cuts = 0;
    if (wo_cfl_solve(&c, &p, &b, &err) != WO_OK)
        abort();
    /* The Lagrangian path may never beat GLPK on the plain model: it
     * would be an invalid solution. It may come out above it: GLPK accepts
     * capacity rows violated within its tolerance (8001 t into 8000 t),
     * which with extreme cost ratios is worth more than a percent, so no
     * upper check here (the unit tests and the benchmark check optimality
     * on sane data). */
    if (a.status == WO_LP_OPTIMAL && b.status == WO_LP_OPTIMAL &&
        a.obj < b.obj - 1e-6 * (1 + fabs(b.obj)))
        abort();
    if ((a.status == WO_LP_INFEASIBLE) != (b.status == WO_LP_INFEASIBLE))
        abort();
    wo_cfl_result_free(&a);
    wo_cfl_result_free(&b);
    wo_cfl_free(&c);
    return 0;
}
