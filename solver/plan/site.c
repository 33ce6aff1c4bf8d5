/*
 * site.c — the facility-siting study: a scenario's flow network solved in
 * one mode at a time, and the indicators of each run. See site.h.
 */
#include "solver/plan/site.h"

#include "solver/plan/indicator_flows.h"
#include "solver/plan/policy.h"

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

void wo_site_figures_of(const wo_site_study *st, const wo_net_result *r,
                        wo_site_figures *f)
{
    int i;
    memset(f, 0, sizeof *f);
    for (i = 0; r->fac_level && i < wo_net_nfacilities(st->net); i++)
        f->facilities_open += r->fac_level[i] >= 0;
    for (i = 0; r->tr_open && i < wo_net_ntransfers(st->net); i++)
        f->transfers_open += r->tr_open[i] != 0;
    for (i = 0; i < r->nviol; i++) {
        if (r->viol[i].kind == WO_VIOL_UNSERVED)
            f->unserved_t_d += r->viol[i].amount_t_d;
        else
            f->targets_short++;
    }
    f->fixed_cny_d = r->cost_fixed_d;
    f->transport_cny_d = r->cost_transport_d;
    f->processing_cny_d = r->cost_processing_d;
    f->revenue_cny_d = r->revenue_d;
    f->cost_cny_d = f->fixed_cny_d + f->transport_cny_d + f->processing_cny_d -
                    f->revenue_cny_d;
    f->landfill_t_d = r->landfill_t_d;
    f->incineration_rate = r->incineration_rate;
    f->recycling_rate = r->recycling_rate;
    f->cd_rate = r->cd_rate;
    f->medical_rate = r->medical_rate;
    f->penalty_cny_d = r->penalty_d;
}

int wo_site_optimise_figures(const wo_scenario *sc, double time_limit_s,
                             wo_cancel_flag *cancel, wo_site_figures *f,
                             wo_err *err)
{
    wo_site_study study;
    wo_net_params np;
    wo_net_result res;
    int rc, solved;
    memset(&res, 0, sizeof res);
    if ((rc = wo_site_open(sc, &study, err)) != WO_OK)
        return rc;
    wo_net_params_init(&np);
    np.mode = WO_NET_OPTIMISE;
    if (wo_policy_for_year(sc->year, &np.policy, NULL) != WO_OK)
        memset(&np.policy, 0, sizeof np.policy);
    np.time_limit_s = time_limit_s;
    np.cancel = cancel;
    rc = wo_site_solve(&study, &np, &res, &solved, err);
    if (rc == WO_OK)
        wo_site_figures_of(&study, &res, f);
    wo_net_result_free(&res);
    wo_site_close(&study);
    return rc;
}

void wo_site_close(wo_site_study *st)
{
    wo_flow_map_free(&st->map);
    wo_net_free(st->net);
    memset(st, 0, sizeof *st);
}
