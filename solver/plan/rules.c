/*
 * rules.c — the city's rules (solver/plan/policy.h) in the nightly plan:
 * which facilities collection vehicles may unload a stream at, which
 * plants the transfer MIP may send it to, and the sentences of
 * plan.json's "binding" that name what broke a rule, by how much and why.
 *
 * An enforced rule keeps a stream out of a facility (raw household waste
 * out of a landfill, medical waste out of anything but harmless disposal)
 * except in an emergency: for the routes, when the facilities the rule
 * allows cannot hold the day's demand of the stream; for the transfer MIP,
 * at the rules' emergency price per tonne. A reported rule keeps nothing
 * out; what went against it is named all the same.
 */
#include "solver/plan/internal.h"

#include "solver/plan/policy.h"

#include <stdio.h>
#include <string.h>

int plan_add_binding(plan_asm *a, int day, const char *text)
{
    wo_plan *p = a->p;
    char buf[600];
    snprintf(buf, sizeof buf, "day %d: %s", day + 1, text);
    if (WO_RESERVE(p->binding, a->cap_binding, (size_t)p->n_binding + 1) !=
            WO_OK ||
        !(p->binding[p->n_binding] = plan_str(p, buf)))
        return WO_ENOMEM;
    p->n_binding++;
    return WO_OK;
}

/* Capacity (kg/d) of the usable facilities where stream s may go under r
 * (treating or passing it on), and whether some facility is restricted. */
static double allowed_kg(const wo_scenario *sc, const wo_policy_rules *r,
                         int s, int *any_restricted)
{
    double kg = 0;
    int f, p;
    *any_restricted = 0;
    for (f = 0; f < sc->n_facilities; f++) {
        const wo_facility *fa = &sc->facilities[f];
        if (!plan_facility_usable(fa))
            continue;
        for (p = fa->process_first; p < fa->process_first + fa->process_count;
             p++) {
            if (!(sc->processes[p].streams & WO_STREAM_BIT(s)))
                continue;
            if (wo_policy_restricts(r, sc, p, s) >= 0)
                *any_restricted = 1;
            else
                kg += sc->processes[p].capacity_kg_per_d;
        }
    }
    return kg;
}

/* 1 when the rules let the routes unload stream s at restricted
 * facilities on a day with day_kg of it due: the others cannot hold it. */
static int emergency(const wo_scenario *sc, const wo_policy_rules *r, int s,
                     double day_kg)
{
    int any;
    return allowed_kg(sc, r, s, &any) < day_kg - 1e-6;
}

wo_stream_mask plan_rules_blocked(const wo_scenario *sc, int f,
                                  const double *day_kg)
{
    const wo_facility *fa = &sc->facilities[f];
    wo_policy_rules r;
    wo_stream_mask out = 0;
    int p, s, k;
    wo_policy_rules_of(sc, &r);
    for (p = fa->process_first; p < fa->process_first + fa->process_count;
         p++)
        for (s = 0; s < WO_STREAM_COUNT; s++) {
            if (!(sc->processes[p].streams & WO_STREAM_BIT(s)) ||
                (k = wo_policy_restricts(&r, sc, p, s)) < 0 ||
                wo_pol_rule_mode(&r, (wo_pol_rule)k) != WO_RULE_ENFORCE ||
                emergency(sc, &r, s, day_kg[s]))
                continue;
            out |= WO_STREAM_BIT(s);
        }
    return out;
}

void plan_rules_transfer(const wo_scenario *sc, int s, const int *proc,
                         int n, unsigned char *restricted,
                         wo_transfer_problem *tp)
{
    wo_policy_rules r;
    int k, rule = -1;
    double t;
    wo_policy_rules_of(sc, &r);
    for (k = 0; k < n; k++) {
        int q = wo_policy_restricts(&r, sc, proc[k], s);
        restricted[k] = q >= 0;
        if (q >= 0)
            rule = q;
    }
    tp->restricted = rule >= 0 ? restricted : NULL;
    tp->rule = rule >= 0 ? wo_pol_rule_name((wo_pol_rule)rule) : NULL;
    tp->emergency_per_t =
        rule >= 0 && wo_pol_rule_mode(&r, (wo_pol_rule)rule) == WO_RULE_ENFORCE
            ? r.emergency_cny_per_t
            : 0;
    tp->incin_min = 0;
    if (s == WO_STREAM_HH_OTHER && r.incineration == WO_RULE_ENFORCE &&
        (t = wo_pol_rule_target(&r, WO_POL_INCINERATION, sc->year)) > 0)
        tp->incin_min = t;
}

int plan_rules_routes(plan_asm *a, const plan_run *run, int day,
                      int first_route)
{
    const wo_scenario *sc = run->sc;
    const wo_plan *p = a->p;
    wo_policy_rules r;
    double *kg, day_kg[WO_STREAM_COUNT];
    int q, v, f, s, rc = WO_OK;
    char text[512];
    wo_policy_rules_of(sc, &r);
    kg = wo_calloc((size_t)sc->n_facilities * WO_STREAM_COUNT + 1,
                   sizeof *kg);
    if (!kg)
        return WO_ENOMEM;
    memset(day_kg, 0, sizeof day_kg);
    for (q = first_route; q < p->n_routes; q++) {
        const wo_plan_route *ro = &p->routes[q];
        for (v = 0; v < ro->n_visits; v++) {
            const wo_plan_visit *x = &ro->visits[v];
            int proc;
            if (x->kind == WO_PLAN_STOP)
                day_kg[ro->stream] += x->amount_kg;
            if (x->kind != WO_PLAN_UNLOAD || (f = x->facility) < 0 ||
                (proc = plan_process_for(sc, f, (int)ro->stream)) < 0 ||
                wo_policy_restricts(&r, sc, proc, (int)ro->stream) < 0)
                continue;
            kg[(size_t)f * WO_STREAM_COUNT + ro->stream] += x->amount_kg;
        }
    }
    for (f = 0; rc == WO_OK && f < sc->n_facilities; f++)
        for (s = 0; rc == WO_OK && s < WO_STREAM_COUNT; s++) {
            double t = kg[(size_t)f * WO_STREAM_COUNT + (size_t)s] / 1000.0;
            int any, k, proc = plan_process_for(sc, f, s);
            double allowed;
            if (t <= 1e-9 || proc < 0)
                continue;
            k = wo_policy_restricts(&r, sc, proc, s);
            allowed = allowed_kg(sc, &r, s, &any) / 1000.0;
            if (wo_pol_rule_mode(&r, (wo_pol_rule)k) == WO_RULE_ENFORCE)
                snprintf(text, sizeof text,
                         "%s: %.2f t of stream %s unloaded by collection "
                         "routes at %s as an emergency: the facilities the "
                         "rule allows take %.1f t/d, %.1f t were collected",
                         wo_pol_rule_name((wo_pol_rule)k), t,
                         wo_stream_get(s)->code, sc->facilities[f].id,
                         allowed, day_kg[s] / 1000.0);
            else
                snprintf(text, sizeof text,
                         "%s (reported): %.2f t of stream %s unloaded by "
                         "collection routes at %s",
                         wo_pol_rule_name((wo_pol_rule)k), t,
                         wo_stream_get(s)->code, sc->facilities[f].id);
            rc = plan_add_binding(a, day, text);
        }
    wo_free(kg);
    return rc;
}

double plan_rules_emergency_kg(const wo_scenario *sc, int f,
                               wo_stream_mask streams, const double *day_kg)
{
    const wo_facility *fa = &sc->facilities[f];
    wo_policy_rules r;
    double kg = 0;
    int p, s, any = 0, restricted;
    wo_policy_rules_of(sc, &r);
    for (p = fa->process_first; p < fa->process_first + fa->process_count;
         p++)
        for (s = 0; s < WO_STREAM_COUNT; s++) {
            int k;
            double short_kg;
            if (!(streams & sc->processes[p].streams & WO_STREAM_BIT(s)) ||
                (k = wo_policy_restricts(&r, sc, p, s)) < 0 ||
                wo_pol_rule_mode(&r, (wo_pol_rule)k) != WO_RULE_ENFORCE)
                continue;
            short_kg = day_kg[s] - allowed_kg(sc, &r, s, &restricted);
            any = 1;
            if (short_kg > 0)
                kg += short_kg;
        }
    return any ? kg : -1;
}

int plan_rules_enforced(const wo_scenario *sc, int proc, int s)
{
    wo_policy_rules r;
    int k;
    wo_policy_rules_of(sc, &r);
    k = wo_policy_restricts(&r, sc, proc, s);
    return k >= 0 && wo_pol_rule_mode(&r, (wo_pol_rule)k) == WO_RULE_ENFORCE;
}

int plan_rules_fallback(plan_asm *a, const wo_scenario *sc, int day, int f,
                        int proc, int s, double kg)
{
    wo_policy_rules r;
    int k;
    char text[400];
    wo_policy_rules_of(sc, &r);
    if ((k = wo_policy_restricts(&r, sc, proc, s)) < 0)
        return WO_OK;
    snprintf(text, sizeof text,
             "%s%s: %.2f t of stream %s sent to %s by the nearest-plant "
             "fallback (the transfer MIP found no solution)%s",
             wo_pol_rule_name((wo_pol_rule)k),
             wo_pol_rule_mode(&r, (wo_pol_rule)k) == WO_RULE_ENFORCE
                 ? ""
                 : " (reported)",
             kg / 1000.0, wo_stream_get(s)->code, sc->facilities[f].id,
             wo_pol_rule_mode(&r, (wo_pol_rule)k) == WO_RULE_ENFORCE
                 ? ", as an emergency: no other plant had room"
                 : "");
    return plan_add_binding(a, day, text);
}
