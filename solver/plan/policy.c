/*
 * policy.c — the annex targets of a year (data/indicators) made into the
 * policy rows of the network MIP. See policy.h.
 */
#include "solver/plan/policy.h"

#include "data/indicators.h"

#include <string.h>

/* The target of indicator id in year index yi as a fraction; *on is set
 * when the year has a target for it. */
static double target_fraction(int id, int yi, int *on)
{
    const wo_ind_def *d = wo_ind_def_get(id);
    if (!d || d->target[yi].cmp == WO_IND_CMP_NONE) {
        *on = 0;
        return 0;
    }
    *on = 1;
    return d->target[yi].pct / 100.0;
}

int wo_policy_for_year(int year, wo_net_policy *pol, wo_err *err)
{
    int yi = wo_ind_year_index(year);
    memset(pol, 0, sizeof *pol);
    if (yi < 0)
        return wo_err_set(err, WO_EINVAL,
                          "year %d: the annex has targets for 2022, 2025 and "
                          "2027",
                          year);
    pol->incineration_min =
        target_fraction(WO_IND_INCINERATION, yi, &pol->incineration);
    pol->recycling_min = target_fraction(WO_IND_RECYCLING, yi, &pol->recycling);
    pol->cd_min = target_fraction(WO_IND_CD, yi, &pol->cd);
    pol->medical = 1;
    return WO_OK;
}
