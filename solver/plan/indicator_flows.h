/*
 * indicator_flows.h — the annex indicators (data/indicators.h) that a
 * plan or a siting run implies: the tonnage generated and treated by
 * stream and treatment class, computed from the result structures, and
 * the report held against a year's targets.
 *
 * The central-urban line (household-waste recycling of the central urban
 * districts) is computed only when the scenario is that area: it has
 * districts and every one carries the `central` flag (data/SCHEMA.md,
 * districts.geojson). A scenario without the flag gets no such line.
 */
#ifndef WO_PLAN_INDICATOR_FLOWS_H
#define WO_PLAN_INDICATOR_FLOWS_H

#include "data/indicators.h"
#include "solver/flow/network.h"
#include "solver/plan/scenario_flow.h"
#include "solver/plan/plan.h"

/* What plan p of sc implies: the demand due over its days and what was
 * delivered to each treatment class (directly or by transfer). */
void wo_plan_indicator_flows(const wo_scenario *sc, const wo_plan *p,
                             wo_ind_flows *out);

/* The report of p against the targets of the scenario's year. The errors
 * of wo_ind_stats_from_flows and wo_ind_compute. */
int wo_plan_indicators(const wo_scenario *sc, const wo_plan *p,
                       wo_ind_report *out, wo_err *err);

/* What siting result r on the network of sc (map: its nodes in the
 * scenario's tables) implies, per day: the active demand, and the
 * tonnage reaching each treating process by treatment class (transfer
 * stations are not treatment). */
void wo_site_indicator_flows(const wo_scenario *sc, const wo_flow_map *map,
                             const wo_net_result *r, wo_ind_flows *out);

/* The report of r against the targets of `year`. The errors of
 * wo_ind_stats_from_flows and wo_ind_compute. */
int wo_site_indicators(const wo_scenario *sc, const wo_flow_map *map,
                       const wo_net_result *r, int year, wo_ind_report *out,
                       wo_err *err);

#endif /* WO_PLAN_INDICATOR_FLOWS_H */
