/*
 * policy.c — the annex targets of a year (data/indicators) and the city's
 * rules of a scenario made into the policy rows of the flow MIPs. See
 * policy.h.
 */
#include "solver/plan/policy.h"

#include "data/indicators.h"

#include <stdio.h>
#include <string.h>

/* The target of indicator id in year index yi as a fraction; *on is set
 * when the year has a target for it. */
static double target_fraction(int id, int yi, int *on)
{
    const wo_ind_def *d = wo_ind_def_get(id);
    if (!d || d->target[yi].cmp == WO_IND_CMP_NONE) {
        *on = 0;
        return 0;
    }
    *on = 1;
    return d->target[yi].pct / 100.0;
}

int wo_policy_for_year(int year, wo_net_policy *pol, wo_err *err)
{
    int yi = wo_ind_year_index(year);
    memset(pol, 0, sizeof *pol);
    if (yi < 0)
        return wo_err_set(err, WO_EINVAL,
                          "year %d: the annex has targets for 2022, 2025 and "
                          "2027",
                          year);
    pol->incineration_min =
        target_fraction(WO_IND_INCINERATION, yi, &pol->incineration);
    pol->recycling_min = target_fraction(WO_IND_RECYCLING, yi, &pol->recycling);
    pol->cd_min = target_fraction(WO_IND_CD, yi, &pol->cd);
    pol->medical = 1;
    return WO_OK;
}

void wo_policy_rules_of(const wo_scenario *sc, wo_policy_rules *r)
{
    if (sc->policy.given) {
        *r = sc->policy;
        return;
    }
    memset(r, 0, sizeof *r);
    r->incineration = WO_RULE_ENFORCE;
    r->incineration_pct = r->recycling_pct = r->cd_pct = -1;
    r->medical_pct = 100;
    r->emergency_cny_per_t = WO_POLICY_EMERGENCY_CNY_PER_T;
}

const char *wo_pol_rule_name(wo_pol_rule k)
{
    switch (k) {
    case WO_POL_RAW_LANDFILL:
        return "no_raw_household_to_landfill";
    case WO_POL_MEDICAL:
        return "medical_harmless_pct";
    case WO_POL_INCINERATION:
        return "incineration_rate";
    case WO_POL_RECYCLING:
        return "recycling_rate";
    case WO_POL_CD:
        return "cd_utilization_rate";
    case WO_POL_LANDFILL_CAP:
        return "landfill_cap_t_per_d";
    case WO_POL_COUNT:
        break;
    }
    return "?";
}

const char *wo_rule_mode_name(wo_rule_mode m)
{
    switch (m) {
    case WO_RULE_OFF:
        return "off";
    case WO_RULE_REPORT:
        return "report";
    case WO_RULE_ENFORCE:
        return "enforce";
    }
    return "?";
}

/* The mode field of rule k, and its figure (NULL for the raw rule). */
static wo_rule_mode *mode_of(wo_policy_rules *r, wo_pol_rule k, double **fig)
{
    *fig = NULL;
    switch (k) {
    case WO_POL_RAW_LANDFILL:
        return &r->no_raw_landfill;
    case WO_POL_MEDICAL:
        *fig = &r->medical_pct;
        return &r->medical;
    case WO_POL_INCINERATION:
        *fig = &r->incineration_pct;
        return &r->incineration;
    case WO_POL_RECYCLING:
        *fig = &r->recycling_pct;
        return &r->recycling;
    case WO_POL_CD:
        *fig = &r->cd_pct;
        return &r->cd;
    case WO_POL_LANDFILL_CAP:
        *fig = &r->landfill_cap_t_d;
        return &r->landfill_cap;
    case WO_POL_COUNT:
        break;
    }
    return NULL;
}

wo_rule_mode wo_pol_rule_mode(const wo_policy_rules *r, wo_pol_rule k)
{
    double *fig;
    wo_rule_mode *m = mode_of((wo_policy_rules *)r, k, &fig);
    return m ? *m : WO_RULE_OFF;
}

void wo_pol_rule_set(wo_policy_rules *r, wo_pol_rule k, wo_rule_mode mode)
{
    double *fig;
    wo_rule_mode *m = mode_of(r, k, &fig);
    if (m)
        *m = mode;
}

double wo_pol_rule_target(const wo_policy_rules *r, wo_pol_rule k, int year)
{
    static const int ind[WO_POL_COUNT] = {-1, -1, WO_IND_INCINERATION,
                                          WO_IND_RECYCLING, WO_IND_CD, -1};
    double *fig;
    int on, yi;
    if (!mode_of((wo_policy_rules *)r, k, &fig))
        return -1;
    if (!fig)
        return 0;
    if (k == WO_POL_LANDFILL_CAP)
        return *fig;
    if (*fig >= 0)
        return *fig / 100.0;
    yi = wo_ind_year_index(wo_ind_target_year_for(year));
    if (ind[k] < 0 || yi < 0)
        return -1;
    {
        double t = target_fraction(ind[k], yi, &on);
        return on ? t : -1;
    }
}

int wo_policy_net(const wo_policy_rules *r, int year, wo_net_policy *pol,
                  wo_err *err)
{
    int k;
    memset(pol, 0, sizeof *pol);
    pol->emergency_per_t = r->emergency_cny_per_t;
    for (k = 0; k < WO_POL_COUNT; k++) {
        double t;
        if (wo_pol_rule_mode(r, (wo_pol_rule)k) != WO_RULE_ENFORCE)
            continue;
        t = wo_pol_rule_target(r, (wo_pol_rule)k, year);
        if (t < 0)
            return wo_err_set(err, WO_EINVAL,
                              "policy rule '%s': the annex has no target for "
                              "year %d; give one ({\"mode\": \"enforce\", "
                              "\"pct\": N})",
                              wo_pol_rule_name((wo_pol_rule)k), year);
        switch ((wo_pol_rule)k) {
        case WO_POL_RAW_LANDFILL:
            pol->raw_landfill = 1;
            break;
        case WO_POL_MEDICAL:
            pol->medical_rate = 1;
            pol->medical_min = t;
            break;
        case WO_POL_INCINERATION:
            pol->incineration = 1;
            pol->incineration_min = t;
            break;
        case WO_POL_RECYCLING:
            pol->recycling = 1;
            pol->recycling_min = t;
            break;
        case WO_POL_CD:
            pol->cd = 1;
            pol->cd_min = t;
            break;
        case WO_POL_LANDFILL_CAP:
            pol->landfill_cap = 1;
            pol->landfill_max_t_d = t;
            break;
        case WO_POL_COUNT:
            break;
        }
    }
    return WO_OK;
}

/* Tonnes per day short of a rate: target x base - reached x base. */
static double short_t(double target, double reached, double base)
{
    double d = (target - (reached > 0 ? reached : 0)) * base;
    return d > 1e-6 ? d : 0;
}

int wo_policy_lines(const wo_policy_rules *r, int year,
                    const wo_net_result *res, wo_pol_line *out)
{
    int k, n = 0;
    for (k = 0; k < WO_POL_COUNT; k++) {
        wo_pol_line *l = &out[n];
        l->rule = (wo_pol_rule)k;
        l->mode = wo_pol_rule_mode(r, l->rule);
        if (l->mode == WO_RULE_OFF)
            continue;
        l->target = wo_pol_rule_target(r, l->rule, year);
        l->gap_t_d = 0;
        switch (l->rule) {
        case WO_POL_RAW_LANDFILL:
            l->reached = l->gap_t_d = res->raw_landfill_t_d;
            break;
        case WO_POL_LANDFILL_CAP:
            l->reached = res->landfill_t_d;
            if (l->target >= 0 && res->landfill_t_d > l->target + 1e-6)
                l->gap_t_d = res->landfill_t_d - l->target;
            break;
        default: {
            int bi = l->rule == WO_POL_INCINERATION ? 0
                   : l->rule == WO_POL_RECYCLING    ? 1
                   : l->rule == WO_POL_CD           ? 2
                                                    : 3;
            l->reached = l->rule == WO_POL_MEDICAL ? res->medical_rate
                       : l->rule == WO_POL_INCINERATION ? res->incineration_rate
                       : l->rule == WO_POL_RECYCLING    ? res->recycling_rate
                                                        : res->cd_rate;
            if (l->target >= 0 && l->reached >= 0)
                l->gap_t_d = short_t(l->target, l->reached, res->base_t_d[bi]);
            break;
        }
        case WO_POL_COUNT:
            break;
        }
        n++;
    }
    return n;
}

int wo_policy_restricts(const wo_policy_rules *r, const wo_scenario *sc,
                        int proc, int s)
{
    const wo_process *pr = &sc->processes[proc];
    const wo_treatment_info *ti = wo_treatment_get((int)pr->treatment);
    const wo_stream_info *si = wo_stream_get(s);
    if (!ti || !si || ti->intermediate)
        return -1;
    if (r->no_raw_landfill != WO_RULE_OFF &&
        si->family == WO_FAMILY_HOUSEHOLD && ti->landfill)
        return WO_POL_RAW_LANDFILL;
    if (r->medical != WO_RULE_OFF && r->medical_pct >= 100 &&
        s == WO_STREAM_MEDICAL && pr->treatment != WO_TREAT_HARMLESS_DISPOSAL)
        return WO_POL_MEDICAL;
    return -1;
}
