/*
 * site.h — the facility-siting study of a scenario (`wasteopt site`, and
 * `wasteopt whatif --site`): the scenario's flow network
 * (solver/plan/scenario_flow.h) solved by the network MIP of
 * solver/flow/network.h in one or more modes (today's sites fixed, or
 * open / close / expand among all sites and candidates), each run with
 * the annex indicators its flows imply (indicator_flows.c).
 */
#ifndef WO_PLAN_SITE_H
#define WO_PLAN_SITE_H

#include "data/indicators.h"
#include "data/model.h"
#include "solver/flow/network.h"
#include "solver/plan/policy.h"
#include "solver/plan/scenario_flow.h"

/* The study: the network of one scenario and where its nodes came from. */
typedef struct wo_site_study {
    const wo_scenario *sc;     /* the scenario (not owned)                  */
    wo_net *net;               /* its flow network (owned)                  */
    wo_flow_map map;           /* network nodes -> scenario tables (owned)  */
} wo_site_study;

/* Build the study of sc (which must outlive it). On WO_OK release it with
 * wo_site_close; on failure nothing is left to release. The errors of
 * wo_flow_from_scenario. */
int wo_site_open(const wo_scenario *sc, wo_site_study *st, wo_err *err);

/* Solve the study's network with p (its mode, policy, limits, files and
 * cancel flag) into *res (release with wo_net_result_free). WO_OK when
 * the MIP ran, *solved then 1 when res holds a solution (optimal or
 * feasible), 0 when not; else the error of wo_net_solve. */
int wo_site_solve(const wo_site_study *st, const wo_net_params *p,
                  wo_net_result *res, int *solved, wo_err *err);

/* The annex indicators the flows of a solved result imply, against the
 * targets of `year` (data/indicators.h), into *rep. The errors of
 * wo_ind_stats_from_flows and wo_ind_compute. */
int wo_site_run_indicators(const wo_site_study *st, const wo_net_result *res,
                           int year, wo_ind_report *rep, wo_err *err);

/* Total daily cost of a result: fixed, processing and transport costs
 * less the revenue (CNY/d; penalties apart). */
double wo_site_total_cost(const wo_net_result *r);

/* The figures of one siting result, as a what-if compares them. Rates are
 * fractions (negative: no denominator). */
typedef struct wo_site_figures {
    double cost_cny_d;         /* fixed + transport + processing - revenue */
    double fixed_cny_d;        /* fixed costs of the open sites           */
    double transport_cny_d;    /* transport                               */
    double processing_cny_d;   /* processing                              */
    double revenue_cny_d;      /* revenue of recovered material           */
    int facilities_open;       /* facilities open (any capacity level)    */
    int transfers_open;        /* transfer stations open                  */
    double unserved_t_d;       /* demand left unserved                    */
    double landfill_t_d;       /* landfilled                              */
    double incineration_rate;  /* the policy rates of the result          */
    double recycling_rate;
    double cd_rate;
    double medical_rate;
    double raw_landfill_t_d;   /* of it, raw household waste (emergency)  */
    double penalty_cny_d;      /* penalty of missed policy targets and
                                  emergency tonnes                       */
    int targets_short;         /* policy rows missed (unserved apart)     */
} wo_site_figures;

/* The figures of result r of the study's network. */
void wo_site_figures_of(const wo_site_study *st, const wo_net_result *r,
                        wo_site_figures *f);

/* Site sc as a what-if variant does: open, close or expand among all
 * sites, under the policy of wo_site_policy for the scenario's year,
 * within time_limit_s (cancel may be NULL), into *f. WO_OK when the MIP
 * ran (a result without a solution gives the figures of what it holds);
 * else the errors of wo_site_open and wo_net_solve. */
int wo_site_optimise_figures(const wo_scenario *sc, double time_limit_s,
                             wo_cancel_flag *cancel, wo_site_figures *f,
                             wo_err *err);

/* The network policy a study of sc runs by when the caller gives none:
 * the scenario's rules (scenario.json "policy", solver/plan/policy.h) for
 * `year` when it states them, else the annex targets of year as
 * wo_policy_for_year gives them (all off for a year without targets).
 * *rules (may be NULL) receives the rules the lines are reported by
 * (given 0: none). WO_EINVAL when an enforced rule has no target. */
int wo_site_policy(const wo_scenario *sc, int year, wo_net_policy *pol,
                   wo_policy_rules *rules, wo_err *err);

/* Mark scenario facility `id` to stay open in optimise mode: its network
 * facilities in keep_fac ([nfacilities]) and its transfer options in
 * keep_tr ([ntransfers]). WO_ENOTFOUND naming the id when it is no
 * facility of the study's network (unknown or closed). */
int wo_site_keep(const wo_site_study *st, const char *id,
                 unsigned char *keep_fac, unsigned char *keep_tr,
                 wo_err *err);

/* Mark every site existing today (operating or planned) to stay open;
 * returns how many network nodes were marked. */
int wo_site_keep_existing(const wo_site_study *st, unsigned char *keep_fac,
                          unsigned char *keep_tr);

/* What each enforced rule of rules costs in result `with` (solved with p
 * under the rules' policy for year): the study solved again with that one
 * rule relaxed (off), and cost_d[k] = total cost with the rule - total
 * cost relaxed (CNY/d, penalties apart), obj_d[k] the same of the
 * objective (penalties included). NAN for rules not enforced or when the
 * relaxed study has no solution. The errors of wo_net_solve. */
int wo_site_rule_costs(const wo_site_study *st, const wo_net_params *p,
                       const wo_policy_rules *rules, int year,
                       const wo_net_result *with, double *cost_d,
                       double *obj_d, wo_err *err);

/* Release the study. */
void wo_site_close(wo_site_study *st);

#endif /* WO_PLAN_SITE_H */
