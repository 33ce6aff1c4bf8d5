/*
 * api.c — the thin layer behind include/wasteopt.h where the public
 * interface is not an internal function as it stands: the version, the
 * scenario's read accessors and check, the run parameters, the plan's
 * accessors, the siting study and the indicators as opaque handles.
 *
 * Each function here only translates: public parameters into the internal
 * ones (wo_plan_params, wo_net_params), internal results into the figures
 * a library user reads. The work is done by the functions called, with
 * their contracts. The public functions that are internal ones unchanged
 * (scenario loading, wo_plan_free, the what-if changes, the errors) are
 * declared in include/wasteopt.h and defined where they live.
 */
#include "include/wasteopt.h"

#include <string.h>

#include "base/base.h"
#include "data/indicators.h"
#include "data/model.h"
#include "data/validate.h"
#include "solver/flow/network.h"
#include "solver/plan/budget.h"
#include "solver/plan/plan.h"
#include "solver/plan/policy.h"
#include "solver/plan/site.h"

#define WO_STR_(x) #x
#define WO_XSTR_(x) WO_STR_(x)

const char *wo_version(void)
{
    return WO_XSTR_(WO_VERSION_MAJOR) "." WO_XSTR_(WO_VERSION_MINOR) "."
        WO_XSTR_(WO_VERSION_PATCH);
}

/* ---------------------------------------------------------------- scenario */

const char *wo_scenario_name(const wo_scenario *sc)
{
    return sc->name;
}

const char *wo_scenario_date(const wo_scenario *sc)
{
    return sc->date;
}

int wo_scenario_site_count(const wo_scenario *sc)
{
    return sc->n_sites;
}

int wo_scenario_validate(const wo_scenario *sc, int *n_errors,
                         int *n_warnings, wo_err *err)
{
    wo_check c;
    int rc = wo_scenario_check(sc, &c, err);
    if (rc != WO_OK)
        return rc;
    if (n_errors)
        *n_errors = c.n_errors;
    if (n_warnings)
        *n_warnings = c.n_warnings;
    for (int i = 0; i < c.n_issues; i++) {
        if (c.issues[i].severity == WO_SEV_ERROR) {
            rc = wo_err_set(err, WO_EINFEASIBLE, "%s: %s", c.issues[i].code,
                            c.issues[i].msg);
            break;
        }
    }
    wo_check_free(&c);
    return rc;
}

/* -------------------------------------------------------------- parameters */

void wo_params_init(wo_params *p, const wo_scenario *sc)
{
    wo_plan_params pp;
    wo_plan_params_init(&pp, sc);
    memset(p, 0, sizeof *p);
    p->time_limit_s = wo_plan_budget_limit_s(sc);
    p->max_iterations = pp.max_iterations;
    p->seed = pp.seed;
    p->days = pp.days;
    p->threads = pp.threads;
    p->stall_iterations = pp.stall_iterations;
    p->stall_s = pp.stall_s;
}

/* -------------------------------------------------------------------- plan */

int wo_plan_make(const wo_scenario *sc, const wo_params *prm, wo_plan **out,
                 wo_err *err)
{
    wo_params def;
    wo_plan_params pp;
    if (!prm) {
        wo_params_init(&def, sc);
        prm = &def;
    }
    wo_plan_params_init(&pp, sc);
    wo_plan_use_vrp(&pp);
    pp.deadline = wo_deadline_in(prm->time_limit_s);
    pp.max_iterations = prm->max_iterations;
    pp.seed = prm->seed;
    pp.days = prm->days;
    pp.threads = prm->threads;
    pp.stall_iterations = prm->stall_iterations;
    pp.stall_s = prm->stall_s;
    return wo_plan_run(sc, &pp, out, err);
}

double wo_plan_cost_cny(const wo_plan *p)
{
    return p->summary.cost_cny;
}

double wo_plan_dist_m(const wo_plan *p)
{
    return p->summary.dist_m;
}

double wo_plan_duration_s(const wo_plan *p)
{
    return p->summary.dur_s;
}

int wo_plan_days(const wo_plan *p)
{
    return p->days;
}

int wo_plan_route_count(const wo_plan *p)
{
    return p->n_routes;
}

int wo_plan_vehicles_used(const wo_plan *p)
{
    return p->summary.vehicles_used;
}

int wo_plan_transfer_count(const wo_plan *p)
{
    return p->n_transfers;
}

int wo_plan_unserved_count(const wo_plan *p)
{
    return p->n_unserved;
}

double wo_plan_served_kg(const wo_plan *p)
{
    double kg = 0;
    for (int s = 0; s < WO_STREAM_COUNT; s++)
        kg += p->summary.served_kg[s];
    return kg;
}

double wo_plan_unserved_kg(const wo_plan *p)
{
    double kg = 0;
    for (int s = 0; s < WO_STREAM_COUNT; s++)
        kg += p->summary.unserved_kg[s];
    return kg;
}

/* ------------------------------------------------------------------ siting */

/* The siting study of the scenario and the outcome of its MIP. */
struct wo_siting {
    wo_site_study study;
    wo_net_result result;
};

int wo_siting_run(const wo_scenario *sc, wo_siting_mode mode,
                  const wo_params *prm, wo_siting **out, wo_err *err)
{
    wo_params def;
    wo_net_params np;
    wo_siting *s;
    int rc, solved = 0;
    *out = NULL;
    if (!prm) {
        wo_params_init(&def, sc);
        prm = &def;
    }
    wo_net_params_init(&np);
    np.mode = mode == WO_SITING_OPTIMISE ? WO_NET_OPTIMISE : WO_NET_CURRENT;
    np.time_limit_s = prm->time_limit_s;
    if (prm->policy_year &&
        (rc = wo_policy_for_year(prm->policy_year, &np.policy, err)))
        return rc;
    s = wo_calloc(1, sizeof *s);
    if (!s)
        return wo_err_set(err, WO_ENOMEM, "out of memory");
    if ((rc = wo_site_open(sc, &s->study, err)) != WO_OK) {
        wo_free(s);
        return rc;
    }
    if ((rc = wo_site_solve(&s->study, &np, &s->result, &solved, err)) !=
        WO_OK) {
        wo_siting_free(s);
        return rc;
    }
    if (!solved) {
        rc = wo_err_set(err, WO_ESOLVER, "siting: no solution (%s)",
                        wo_lp_status_name(s->result.status));
        wo_siting_free(s);
        return rc;
    }
    *out = s;
    return WO_OK;
}

void wo_siting_free(wo_siting *s)
{
    if (!s)
        return;
    wo_net_result_free(&s->result);
    wo_site_close(&s->study);
    wo_free(s);
}

int wo_siting_feasible(const wo_siting *s)
{
    return s->result.feasible;
}

double wo_siting_cost_cny_per_d(const wo_siting *s)
{
    return wo_site_total_cost(&s->result);
}

int wo_siting_open_count(const wo_siting *s)
{
    wo_site_figures f;
    wo_site_figures_of(&s->study, &s->result, &f);
    return f.facilities_open;
}

int wo_siting_facility_count(const wo_siting *s)
{
    return wo_net_nfacilities(s->study.net);
}

/* -------------------------------------------------------------- indicators */

struct wo_indicators {
    wo_ind_report report;
};

int wo_indicators_compute(const wo_scenario *sc, long year,
                          wo_indicators **out, wo_err *err)
{
    wo_indicators *ind;
    int rc;
    *out = NULL;
    if (!sc->stats)
        return wo_err_set(err, WO_ENOTFOUND,
                          "scenario '%s' names no statistics file",
                          sc->name);
    ind = wo_calloc(1, sizeof *ind);
    if (!ind)
        return wo_err_set(err, WO_ENOMEM, NULL);
    rc = wo_ind_compute(sc->stats, wo_ind_target_year_for(year),
                        &ind->report, err);
    if (rc != WO_OK) {
        wo_free(ind);
        return rc;
    }
    *out = ind;
    return WO_OK;
}

void wo_indicators_free(wo_indicators *ind)
{
    wo_free(ind);
}

int wo_indicators_count(const wo_indicators *ind)
{
    (void)ind;
    return WO_IND_COUNT;
}

long wo_indicators_year(const wo_indicators *ind)
{
    return ind->report.year;
}

/* Line i of ind, or NULL when i is out of range. */
static const wo_ind_result *line_at(const wo_indicators *ind, int i)
{
    return i >= 0 && i < WO_IND_COUNT ? &ind->report.line[i] : NULL;
}

const char *wo_indicators_key(const wo_indicators *ind, int i)
{
    const wo_ind_result *l = line_at(ind, i);
    return l ? l->def->key : NULL;
}

const char *wo_indicators_name(const wo_indicators *ind, int i)
{
    const wo_ind_result *l = line_at(ind, i);
    return l ? l->def->name_en : NULL;
}

int wo_indicators_value(const wo_indicators *ind, int i, double *value_pct)
{
    const wo_ind_result *l = line_at(ind, i);
    if (!l || !l->has_value)
        return 0;
    *value_pct = l->value_pct;
    return 1;
}

wo_indicator_status wo_indicators_status(const wo_indicators *ind, int i)
{
    const wo_ind_result *l = line_at(ind, i);
    if (!l)
        return WO_INDICATOR_NA;
    switch (l->status) {
    case WO_IND_MET:
        return WO_INDICATOR_MET;
    case WO_IND_NOT_MET:
        return WO_INDICATOR_NOT_MET;
    case WO_IND_NO_TARGET:
        return WO_INDICATOR_NO_TARGET;
    case WO_IND_NA:
        break;
    }
    return WO_INDICATOR_NA;
}

int wo_indicators_binding_unmet(const wo_indicators *ind)
{
    return ind->report.binding_unmet;
}
