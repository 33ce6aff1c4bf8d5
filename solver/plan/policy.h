/*
 * policy.h — the annex targets of a year as a policy of the siting MIP.
 *
 * The targets of the municipal plan's annex exist once, in data/indicators
 * (the table of the 2022 / 2025 / 2027 targets behind `wasteopt
 * indicators`). The network MIP (solver/flow/network.h) takes its policy
 * as plain fractions and knows no year; this is where a year's targets
 * become those rows, for `wasteopt site` and `wasteopt whatif --site`.
 */
#ifndef WO_PLAN_POLICY_H
#define WO_PLAN_POLICY_H

#include "base/base.h"
#include "solver/flow/network.h"

/* The annex targets of year (2022, 2025 or 2027) as a network policy:
 * incineration (indicator 3), recycling (indicator 1) and C&D resource
 * utilization (indicator 7) switched on at the year's targets as
 * fractions, medical on, landfill cap off. On any other year *pol is all
 * off and the result is WO_EINVAL with a message naming the target
 * years. */
int wo_policy_for_year(int year, wo_net_policy *pol, wo_err *err);

#endif /* WO_PLAN_POLICY_H */
