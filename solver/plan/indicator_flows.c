/*
 * indicator_flows.c — from a plan or a siting run to the annex
 * indicators. See indicator_flows.h.
 */
#include "solver/plan/indicator_flows.h"

#include <string.h>

/* 1 when the scenario is the central urban area: it has districts and
 * every one is flagged central. */
static int central_urban(const wo_scenario *sc)
{
    int d;
    if (sc->n_districts == 0)
        return 0;
    for (d = 0; d < sc->n_districts; d++)
        if (!sc->districts[d].central)
            return 0;
    return 1;
}

/* The report of fl against the targets that apply to `year`. */
static int report(const wo_ind_flows *fl, int year, wo_ind_report *out,
                  wo_err *err)
{
    wo_ind_stats st;
    int rc = wo_ind_stats_from_flows(fl, &st, err);
    if (rc != WO_OK)
        return rc;
    return wo_ind_compute(&st, wo_ind_target_year_for(year), out, err);
}

void wo_plan_indicator_flows(const wo_scenario *sc, const wo_plan *p,
                             wo_ind_flows *out)
{
    int s, t;
    memset(out, 0, sizeof *out);
    for (s = 0; s < WO_STREAM_PRIMARY_COUNT; s++) {
        out->generated_t[s] = p->summary.due_kg[s] / 1000.0;
        for (t = 0; t < WO_TREAT_COUNT; t++)
            out->treated_t[s][t] = p->summary.treated_kg[s][t] / 1000.0;
    }
    out->central_urban = central_urban(sc);
}

int wo_plan_indicators(const wo_scenario *sc, const wo_plan *p,
                       wo_ind_report *out, wo_err *err)
{
    wo_ind_flows fl;
    wo_plan_indicator_flows(sc, p, &fl);
    return report(&fl, sc->year, out, err);
}

void wo_site_indicator_flows(const wo_scenario *sc, const wo_flow_map *map,
                             const wo_net_result *r, wo_ind_flows *out)
{
    int i;
    memset(out, 0, sizeof *out);
    for (i = 0; i < sc->n_demands; i++) {
        const wo_demand *dm = &sc->demands[i];
        if (wo_demand_active(sc, dm) &&
            (int)dm->stream < WO_STREAM_PRIMARY_COUNT)
            out->generated_t[dm->stream] += dm->kg_per_day / 1000.0;
    }
    for (i = 0; i < r->nflows; i++) {
        const wo_net_flow *f = &r->flows[i];
        int pi;
        if (f->to_kind != WO_NODE_FACILITY ||
            f->stream >= WO_STREAM_PRIMARY_COUNT || f->to >= map->nfac)
            continue;
        pi = map->fac_process[f->to];
        out->treated_t[f->stream][sc->processes[pi].treatment] += f->t_d;
    }
    out->central_urban = central_urban(sc);
}

int wo_site_indicators(const wo_scenario *sc, const wo_flow_map *map,
                       const wo_net_result *r, int year, wo_ind_report *out,
                       wo_err *err)
{
    wo_ind_flows fl;
    wo_site_indicator_flows(sc, map, r, &fl);
    return report(&fl, year, out, err);
}
