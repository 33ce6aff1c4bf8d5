/*
 * truckload.h — internal helpers of the truckload MIPs (transfer.c,
 * earthwork.c): an arc that moves tonnes in whole trips, and input checks.
 */
#ifndef WO_FLOW_TRUCKLOAD_H
#define WO_FLOW_TRUCKLOAD_H

#include "base/base.h"
#include "solver/lp.h"

/* Add the columns q (t, cost_per_t per tonne, 0 <= q <= max_t) and trips
 * (integer, trip_cost each) and the row q - cap_t * trips <= 0. Returns
 * q's column (trips is the next one) or -1 on error. */
int wo_truck_arc(wo_lp *lp, const char *name, double cap_t, double trip_cost,
                 double cost_per_t, double max_t);

/* WO_OK when every v[i] (i < n) is finite and >= 0, else WO_EINVAL with
 * "<what> <i+1>: <value> must be a finite number >= 0". v may be NULL
 * when n == 0. */
int wo_truck_check(const double *v, int n, const char *what, wo_err *err);

/* Sum of the stage values of the q columns and the trips columns of an
 * arc block: cols[k] is q's column or -1. */
double wo_truck_sum(const wo_lp *lp, const int *cols, int n);

#endif /* WO_FLOW_TRUCKLOAD_H */
