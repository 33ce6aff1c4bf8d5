/*
 * budget.c — shares of a plan's deadline. See budget.h for the table.
 */
#include "solver/plan/budget.h"

#include <math.h>

double wo_plan_budget_limit_s(const wo_scenario *sc)
{
    return sc && sc->plan.time_limit_s > 0 ? sc->plan.time_limit_s
                                           : WO_PLAN_DEFAULT_LIMIT_S;
}

wo_deadline wo_plan_budget_phase(wo_deadline d, double share)
{
    if (!isfinite(d.at_s))
        return wo_deadline_in(WO_PLAN_NO_LIMIT_S);
    return wo_deadline_share(d, share);
}

wo_deadline wo_plan_budget_before(wo_deadline d, double margin_s)
{
    if (isfinite(d.at_s))
        d.at_s -= margin_s;
    return d;
}

wo_deadline wo_plan_budget_command(wo_deadline command, int with_graph)
{
    wo_deadline d = wo_plan_budget_before(command, WO_PLAN_WRITE_MARGIN_S);
    if (with_graph)
        d = wo_deadline_share(d, WO_PLAN_SHARE_GRAPH);
    if (wo_deadline_left(d) < WO_PLAN_MIN_S)
        d = wo_deadline_in(WO_PLAN_MIN_S);
    return d;
}

double wo_plan_budget_variant_s(double scenario_limit_s, int n)
{
    return fmax(WO_PLAN_VARIANT_MIN_S, scenario_limit_s / n);
}

double wo_plan_budget_mip_s(double budget_s, int days)
{
    double s = isfinite(budget_s) ? (1 - WO_PLAN_SHARE_ROUTING) * budget_s /
                                        (WO_PLAN_MIPS_PER_DAY * days)
                                  : WO_PLAN_MIP_MAX_S;
    return fmax(WO_PLAN_MIP_MIN_S, fmin(WO_PLAN_MIP_MAX_S, s));
}

void wo_plan_budget_next_mip(wo_deadline end, double mip_s, int counted,
                             double *time_limit_s, long *node_limit)
{
    double left = fmin(wo_deadline_left(end), WO_PLAN_NO_LIMIT_S);
    if (counted) {
        *node_limit = WO_PLAN_MIP_NODES;
        *time_limit_s = fmax(left, WO_PLAN_JOB_MIN_S);
        return;
    }
    *node_limit = 0;
    *time_limit_s = fmax(WO_PLAN_JOB_MIN_S,
                         fmin(fmax(mip_s, WO_PLAN_MIP_MIN_S), 0.5 * left));
}

double wo_plan_budget_job_s(double left_s, int threads, double weight,
                            double pending_weight, int counted)
{
    double s = counted ? left_s
                       : left_s * threads * weight /
                             (pending_weight > 0 ? pending_weight : 1);
    if (s > left_s)
        s = left_s;
    if (s < WO_PLAN_JOB_MIN_S)
        s = WO_PLAN_JOB_MIN_S;
    return s;
}
