/*
 * site.c — the facility-siting study: a scenario's flow network solved in
 * one mode at a time, and the indicators of each run. See site.h.
 */
#include "solver/plan/site.h"

#include "solver/plan/indicator_flows.h"

#include <string.h>

int wo_site_open(const wo_scenario *sc, wo_site_study *st, wo_err *err)
{
    int rc;
    memset(st, 0, sizeof *st);
    st->sc = sc;
    rc = wo_flow_from_scenario(sc, &st->net, &st->map, err);
    if (rc != WO_OK)
        memset(st, 0, sizeof *st);
    return rc;
}

int wo_site_solve(const wo_site_study *st, const wo_net_params *p,
                  wo_net_result *res, int *solved, wo_err *err)
{
    int rc = wo_net_solve(st->net, p, res, err);
    *solved = rc == WO_OK && (res->status == WO_LP_OPTIMAL ||
                              res->status == WO_LP_FEASIBLE);
    return rc;
}

int wo_site_run_indicators(const wo_site_study *st, const wo_net_result *res,
                           int year, wo_ind_report *rep, wo_err *err)
{
    return wo_site_indicators(st->sc, &st->map, res, year, rep, err);
}

double wo_site_total_cost(const wo_net_result *r)
{
    return r->cost_fixed_d + r->cost_processing_d + r->cost_transport_d -
           r->revenue_d;
}

void wo_site_close(wo_site_study *st)
{
    wo_flow_map_free(&st->map);
    wo_net_free(st->net);
    memset(st, 0, sizeof *st);
}
