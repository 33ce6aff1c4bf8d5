/*
 * site.c — the facility-siting study: a scenario's flow network solved in
 * one mode at a time, and the indicators of each run. See site.h.
 */
#include "solver/plan/site.h"

#include "solver/plan/indicator_flows.h"
#include "solver/plan/policy.h"

#include <math.h>
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
    f->raw_landfill_t_d = r->raw_landfill_t_d;
    f->penalty_cny_d = r->penalty_d;
}

int wo_site_policy(const wo_scenario *sc, int year, wo_net_policy *pol,
                   wo_policy_rules *rules, wo_err *err)
{
    wo_policy_rules r;
    int rc;
    if (rules)
        memset(rules, 0, sizeof *rules);
    if (!sc->policy.given) {
        if (wo_policy_for_year(year, pol, NULL) != WO_OK)
            memset(pol, 0, sizeof *pol);
        return WO_OK;
    }
    wo_policy_rules_of(sc, &r);
    if ((rc = wo_policy_net(&r, year, pol, err)) != WO_OK)
        return rc;
    if (rules)
        *rules = r;
    return WO_OK;
}

int wo_site_keep(const wo_site_study *st, const char *id,
                 unsigned char *keep_fac, unsigned char *keep_tr,
                 wo_err *err)
{
    const wo_scenario *sc = st->sc;
    int i, found = 0;
    for (i = 0; i < st->map.nfac; i++)
        if (!strcmp(sc->facilities[st->map.fac_facility[i]].id, id)) {
            keep_fac[i] = 1;
            found = 1;
        }
    for (i = 0; i < st->map.ntr; i++)
        if (!strcmp(sc->facilities[st->map.tr_facility[i]].id, id)) {
            keep_tr[i] = 1;
            found = 1;
        }
    if (found)
        return WO_OK;
    for (i = 0; i < sc->n_facilities; i++)
        if (!strcmp(sc->facilities[i].id, id))
            return wo_err_set(err, WO_ENOTFOUND,
                              "facility '%s' is closed in the scenario: "
                              "there is nothing to keep open",
                              id);
    return wo_err_set(err, WO_ENOTFOUND, "no facility has the id '%s'", id);
}

/* 1 when scenario facility fi is in service today. */
static int existing(const wo_scenario *sc, int fi)
{
    return sc->facilities[fi].status == WO_FSTATUS_OPERATING ||
           sc->facilities[fi].status == WO_FSTATUS_PLANNED;
}

int wo_site_keep_existing(const wo_site_study *st, unsigned char *keep_fac,
                          unsigned char *keep_tr)
{
    int i, n = 0;
    for (i = 0; i < st->map.nfac; i++)
        if (existing(st->sc, st->map.fac_facility[i])) {
            keep_fac[i] = 1;
            n++;
        }
    for (i = 0; i < st->map.ntr; i++)
        if (existing(st->sc, st->map.tr_facility[i])) {
            keep_tr[i] = 1;
            n++;
        }
    return n;
}

int wo_site_rule_costs(const wo_site_study *st, const wo_net_params *p,
                       const wo_policy_rules *rules, int year,
                       const wo_net_result *with, double *cost_d,
                       double *obj_d, wo_err *err)
{
    int k, rc, solved;
    for (k = 0; k < WO_POL_COUNT; k++) {
        wo_policy_rules relaxed = *rules;
        wo_net_params q = *p;
        wo_net_result res;
        cost_d[k] = obj_d[k] = NAN;
        if (wo_pol_rule_mode(rules, (wo_pol_rule)k) != WO_RULE_ENFORCE)
            continue;
        wo_pol_rule_set(&relaxed, (wo_pol_rule)k, WO_RULE_OFF);
        if ((rc = wo_policy_net(&relaxed, year, &q.policy, err)) != WO_OK)
            return rc;
        q.write_lp = q.write_mps = NULL;
        if ((rc = wo_site_solve(st, &q, &res, &solved, err)) != WO_OK)
            return rc;
        if (solved) {
            cost_d[k] = wo_site_total_cost(with) - wo_site_total_cost(&res);
            obj_d[k] = with->obj - res.obj;
        }
        wo_net_result_free(&res);
    }
    return WO_OK;
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
    if ((rc = wo_site_policy(sc, sc->year, &np.policy, NULL, err)) != WO_OK) {
        wo_site_close(&study);
        return rc;
    }
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
