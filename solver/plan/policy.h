/*
 * policy.h — the city's rules (scenario.json "policy", wo_policy_rules in
 * data/model.h) and the annex targets of a year, made into the rows of the
 * flow MIPs: the policy of the siting MIP (solver/flow/network.h) and the
 * plants the transfer MIP and the collection routes may use
 * (solver/flow/transfer.h, solver/plan).
 *
 * The targets of the municipal plan's annex exist once, in data/indicators
 * (the table of the 2022 / 2025 / 2027 targets behind `wasteopt
 * indicators`). The network MIP takes its policy as plain fractions and
 * knows no year; this is where a year's targets become those rows.
 *
 * A rule is off, reported (no row: the gap is computed from the result)
 * or enforced (a row whose slack is an emergency at the rules' price per
 * tonne, named in the result).
 */
#ifndef WO_PLAN_POLICY_H
#define WO_PLAN_POLICY_H

#include "base/base.h"
#include "data/model.h"
#include "solver/flow/network.h"

/* The rules of a scenario, by their scenario.json keys. */
typedef enum wo_pol_rule {
    WO_POL_RAW_LANDFILL = 0, /* no_raw_household_to_landfill              */
    WO_POL_MEDICAL,          /* medical_harmless_pct                       */
    WO_POL_INCINERATION,     /* incineration_rate (annex indicator 3)      */
    WO_POL_RECYCLING,        /* recycling_rate (annex indicator 1)         */
    WO_POL_CD,               /* cd_utilization_rate (annex indicator 7)    */
    WO_POL_LANDFILL_CAP,     /* landfill_cap_t_per_d                       */
    WO_POL_COUNT
} wo_pol_rule;

/* The annex targets of year (2022, 2025 or 2027) as a network policy:
 * incineration (indicator 3), recycling (indicator 1) and C&D resource
 * utilization (indicator 7) switched on at the year's targets as
 * fractions, medical on, landfill cap off. On any other year *pol is all
 * off and the result is WO_EINVAL with a message naming the target
 * years. */
int wo_policy_for_year(int year, wo_net_policy *pol, wo_err *err);

/* The rules sc runs by: its "policy" object, or without one the default
 * (incineration enforced at the annex target of the plan year, every other
 * rule off; given 0). */
void wo_policy_rules_of(const wo_scenario *sc, wo_policy_rules *r);

/* The scenario.json key of rule k ("no_raw_household_to_landfill" ...). */
const char *wo_pol_rule_name(wo_pol_rule k);
const char *wo_rule_mode_name(wo_rule_mode m);

/* Mode of rule k in r, and setting it. */
wo_rule_mode wo_pol_rule_mode(const wo_policy_rules *r, wo_pol_rule k);
void wo_pol_rule_set(wo_policy_rules *r, wo_pol_rule k, wo_rule_mode m);

/* The target of rule k: a fraction 0..1 for the rates and the medical
 * share (the annex target of the year the plan year falls under when the
 * rule gives none), t/d for the landfill cap, 0 for the raw landfill rule
 * (no household tonne). -1 when the annex has no target for it. */
double wo_pol_rule_target(const wo_policy_rules *r, wo_pol_rule k, int year);

/* The enforced rules of r as the rows of a network policy for year (the
 * reported ones make no row), their slack priced at r's emergency price.
 * WO_EINVAL naming the rule when an enforced rate has no target. */
int wo_policy_net(const wo_policy_rules *r, int year, wo_net_policy *pol,
                  wo_err *err);

/* One rule against a solved siting result. */
typedef struct wo_pol_line {
    wo_pol_rule rule;        /* which                                      */
    wo_rule_mode mode;       /* enforce or report                          */
    double target;           /* as wo_pol_rule_target                      */
    double reached;          /* the same measure in the result (fraction,
                                t/d); -1: no denominator                  */
    double gap_t_d;          /* tonnes per day against the rule, 0: kept   */
} wo_pol_line;

/* The rules of r that are on, against result res of year: fills out
 * (room for WO_POL_COUNT) and returns how many. */
int wo_policy_lines(const wo_policy_rules *r, int year,
                    const wo_net_result *res, wo_pol_line *out);

/* For the plan: the rule that keeps stream s out of process proc of sc
 * (raw household waste into a landfill process; medical waste into any
 * process but harmless disposal when all of it must be), or -1 when none
 * does. Reported rules count too: the caller asks their mode. */
int wo_policy_restricts(const wo_policy_rules *r, const wo_scenario *sc,
                        int proc, int s);

#endif /* WO_PLAN_POLICY_H */
