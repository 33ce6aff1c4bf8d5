/*
 * routing.c — the plan's link to the routing core: wo_vrp_solve with its
 * own defaults for every parameter the plan does not set, and the check of
 * its routes' breaks.
 */
#include "solver/plan/plan.h"

#include "solver/plan/budget.h"

#include <math.h>

#define BREAK_EPS_S 1e-3 /* tolerance on break times (s) */

static int plan_vrp_solve(const wo_vrp_problem *pb, const wo_vrp_params *prm,
                          wo_vrp_solution *sol, wo_err *err)
{
    wo_vrp_params vp;
    wo_vrp_params_init(&vp);
    vp.time_limit_s = prm->time_limit_s;
    vp.max_iterations = prm->max_iterations;
    vp.stall_iterations = prm->stall_iterations;
    vp.stall_s = prm->stall_s;
    vp.seed = prm->seed;
    vp.threads = prm->threads;
    vp.progress = prm->progress;
    vp.progress_ud = prm->progress_ud;
    vp.cancel = prm->cancel;
    vp.sp_share = WO_PLAN_SHARE_SP;
    vp.sp_share_max = WO_PLAN_SHARE_SP_MAX;
    wo_vrp_solution_init(sol);
    return wo_vrp_solve(pb, &vp, sol, err);
}

void wo_plan_use_vrp(wo_plan_params *prm)
{
    prm->solve = plan_vrp_solve;
    prm->release = wo_vrp_solution_free;
}

int wo_plan_vrp_route_breaks(const wo_vrp_vehicle_type *vt,
                             const wo_vrp_route *vr, int *after_end,
                             wo_err *err)
{
    int v, at = -1, n = vr->n_visits;
    const wo_vrp_visit *b;
    *after_end = 0;
    for (v = 0; v < n; v++) {
        if (vr->visits[v].kind != WO_VISIT_BREAK)
            continue;
        if (at >= 0)
            return wo_err_set(err, WO_EINTERNAL,
                              "routing core: vehicle %d of type %d has a "
                              "second break (visits %d and %d)",
                              vr->vehicle + 1, vr->type + 1, at + 1, v + 1);
        at = v;
    }
    if (vt->break_s <= 0) {
        if (at >= 0)
            return wo_err_set(err, WO_EINTERNAL,
                              "routing core: vehicle %d of type %d takes a "
                              "break (visit %d) its type does not have",
                              vr->vehicle + 1, vr->type + 1, at + 1);
        return WO_OK;
    }
    if (at < 0)
        return wo_err_set(err, WO_EINTERNAL,
                          "routing core: vehicle %d of type %d has no break "
                          "(%.0f s due between %.0f and %.0f s)",
                          vr->vehicle + 1, vr->type + 1, vt->break_s,
                          vt->break_earliest_s, vt->break_latest_s);
    b = &vr->visits[at];
    if (at == 0 || (at == n - 1 && vr->visits[n - 2].kind != WO_VISIT_DEPOT))
        return wo_err_set(err, WO_EINTERNAL,
                          "routing core: vehicle %d of type %d: break at "
                          "visit %d lies outside the route",
                          vr->vehicle + 1, vr->type + 1, at + 1);
    if (fabs(b->depart_s - b->start_s - vt->break_s) > BREAK_EPS_S ||
        b->start_s < vt->break_earliest_s - BREAK_EPS_S ||
        b->start_s > vt->break_latest_s + BREAK_EPS_S)
        return wo_err_set(err, WO_EINTERNAL,
                          "routing core: vehicle %d of type %d: break at "
                          "visit %d, %.0f-%.0f s, is not %.0f s starting in "
                          "[%.0f, %.0f] s",
                          vr->vehicle + 1, vr->type + 1, at + 1, b->start_s,
                          b->depart_s, vt->break_s, vt->break_earliest_s,
                          vt->break_latest_s);
    *after_end = at == n - 1;
    return WO_OK;
}
