/* truckload.c — see truckload.h. */
#define _POSIX_C_SOURCE 200809L
#include "solver/flow/truckload.h"

#include <math.h>
#include <stdio.h>

int wo_truck_arc(wo_lp *lp, const char *name, double cap_t, double trip_cost,
                 double cost_per_t, double max_t)
{
    char nm[96];
    int q, n, idx[2];
    double val[2];
    snprintf(nm, sizeof nm, "q_%s", name);
    q = wo_lp_add_col(lp, nm, WO_LP_CONT, 0, max_t, cost_per_t);
    snprintf(nm, sizeof nm, "trips_%s", name);
    n = wo_lp_add_col(lp, nm, WO_LP_INT, 0, ceil(max_t / cap_t - 1e-9),
                      trip_cost);
    if (q < 0 || n < 0)
        return -1;
    idx[0] = q;
    idx[1] = n;
    val[0] = 1.0;
    val[1] = -cap_t;
    snprintf(nm, sizeof nm, "load_%s", name);
    if (wo_lp_add_row(lp, nm, -WO_LP_INF, 0, 2, idx, val) < 0)
        return -1;
    return q;
}

int wo_truck_check(const double *v, int n, const char *what, wo_err *err)
{
    int i;
    for (i = 0; i < n; i++)
        if (!isfinite(v[i]) || v[i] < 0)
            return wo_err_set(err, WO_EINVAL,
                              "%s %d: %g must be a finite number >= 0", what,
                              i + 1, v[i]);
    return WO_OK;
}

double wo_truck_sum(const wo_lp *lp, const int *cols, int n)
{
    double s = 0;
    int k;
    for (k = 0; k < n; k++)
        if (cols[k] >= 0)
            s += wo_lp_value(lp, cols[k]);
    return s;
}
