/*
 * plan_solve.c — the plan's link to the routing core: wo_vrp_solve with its
 * own defaults for every parameter the plan does not set.
 */
#include "solver/plan.h"

static int plan_vrp_solve(const wo_vrp_problem *pb, const wo_vrp_params *prm,
                          wo_vrp_solution *sol, wo_err *err)
{
    wo_vrp_params vp;
    wo_vrp_params_init(&vp);
    vp.time_limit_s = prm->time_limit_s;
    vp.max_iterations = prm->max_iterations;
    vp.seed = prm->seed;
    vp.threads = prm->threads;
    vp.progress = prm->progress;
    vp.progress_ud = prm->progress_ud;
    vp.cancel = prm->cancel;
    wo_vrp_solution_init(sol);
    return wo_vrp_solve(pb, &vp, sol, err);
}

void wo_plan_use_vrp(wo_plan_params *prm)
{
    prm->solve = plan_vrp_solve;
    prm->release = wo_vrp_solution_free;
}
