/*
 * record.c — recording into a plan being assembled: strings in its arena,
 * unserved demand with its reason, and the flow MIPs written out. The
 * assembly (assembly.c), the second echelon (echelon.c) and the earthwork
 * (earthwork.c) all record through these.
 */
#include "solver/plan/internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *plan_str(wo_plan *p, const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = wo_arena_alloc(&p->mem, n);
    if (c)
        memcpy(c, s, n);
    return c;
}

/* Paths of a flow MIP's files into lp / mps (size bytes each): *lp_out and
 * *mps_out point there, or are NULL when not asked for or when a path does
 * not fit (the model is then not written). */
void plan_model_paths(const wo_plan_params *prm, const char *name, char *lp,
                        char *mps, size_t size, const char **lp_out,
                        const char **mps_out)
{
    int n1 = 0, n2 = 0;
    *lp_out = *mps_out = NULL;
    if (prm->write_lp_dir) {
        n1 = snprintf(lp, size, "%s/%s.lp", prm->write_lp_dir, name);
        *lp_out = lp;
    }
    if (prm->write_mps_dir) {
        n2 = snprintf(mps, size, "%s/%s.mps", prm->write_mps_dir, name);
        *mps_out = mps;
    }
    if (n1 < 0 || (size_t)n1 >= size || n2 < 0 || (size_t)n2 >= size)
        *lp_out = *mps_out = NULL;
}

const char *wo_plan_reason_text(const char *code)
{
    if (!strcmp(code, "no_vehicle"))
        return "no vehicle type with vehicles is allowed to carry this stream";
    if (!strcmp(code, "district_fleet"))
        return "the stream is district-run and no vehicle of the site's "
               "district (or of a depot that also serves it) may carry it";
    if (!strcmp(code, "no_facility"))
        return "no operating facility accepts this stream";
    if (!strcmp(code, "too_heavy"))
        return "the amount exceeds every allowed vehicle's capacity";
    if (!strcmp(code, "time"))
        return "no time window can be reached within a shift";
    if (!strcmp(code, "no_route"))
        return "the search found no route of the fleet, within the shifts "
               "and the facilities' capacity, that could also take it in "
               "the time given";
    if (!strcmp(code, "shift"))
        return "no vehicle allowed to carry the stream can serve it within "
               "its shift, even alone";
    if (!strcmp(code, "unreachable"))
        return "the site cannot be reached by road";
    if (!strcmp(code, "capacity"))
        return "fleet or facility capacity is exhausted";
    if (!strcmp(code, "penalty"))
        return "optional, and cheaper to leave than to collect";
    if (!strcmp(code, "interrupted"))
        return "the run was stopped before this stream was planned";
    if (!strcmp(code, "solver_error"))
        return "the routing core failed on this stream's problem";
    if (!strcmp(code, "fleet_capacity"))
        return "the vehicles that carry this stream's full loads have no "
               "shift time left for it";
    if (!strcmp(code, "treatment_capacity"))
        return "no treating facility has capacity left for it after the "
               "transfer, storage or collection";
    return code;
}

int plan_add_unserved(plan_asm *a, const wo_scenario *sc, int demand,
                        int day, double amount_kg, const char *site,
                        wo_stream stream, const char *reason)
{
    wo_plan *p = a->p;
    wo_plan_unserved *u;
    /* Pieces of one split demand with the same reason merge. */
    if (p->n_unserved > 0) {
        u = &p->unserved[p->n_unserved - 1];
        if (demand >= 0 && u->demand == demand && u->day == day &&
            !strcmp(u->reason, reason)) {
            u->amount_kg += amount_kg;
            p->summary.unserved_kg[stream] += amount_kg;
            return WO_OK;
        }
    }
    if (WO_RESERVE(p->unserved, a->cap_unserved,
                   (size_t)p->n_unserved + 1) != WO_OK)
        return WO_ENOMEM;
    u = &p->unserved[p->n_unserved];
    u->site = plan_str(p, site ? site : sc->sites[sc->demands[demand].site].id);
    u->demand = demand;
    u->stream = stream;
    u->day = day;
    u->amount_kg = amount_kg;
    u->reason = reason;
    u->detail = wo_plan_reason_text(reason);
    if (!u->site)
        return WO_ENOMEM;
    p->summary.unserved_kg[stream] += amount_kg;
    if (demand >= 0 && sc->demands[demand].optional)
        p->summary.cost_cny += sc->demands[demand].penalty_cny *
                               (amount_kg / fmax(sc->demands[demand].kg_per_day,
                                                 1e-9)) /
                               fmax(1, sc->demands[demand].frequency_d);
    p->n_unserved++;
    return WO_OK;
}

/* Record a flow MIP written out: its name, how the solve ended and the
 * objective the plan used. */
int plan_add_model(plan_asm *a, const char *name, const char *kind, int day,
                     int stream, int rc, wo_lp_status st, double objective)
{
    wo_plan *p = a->p;
    wo_plan_model *m;
    if (WO_RESERVE(p->models, a->cap_models, (size_t)p->n_models + 1) !=
        WO_OK)
        return WO_ENOMEM;
    m = &p->models[p->n_models];
    m->name = plan_str(p, name);
    m->kind = kind;
    m->day = day;
    m->stream = (wo_stream)stream;
    m->status = rc != WO_OK ? "error" : wo_lp_status_name(st);
    m->objective = rc == WO_OK && (st == WO_LP_OPTIMAL || st == WO_LP_FEASIBLE)
                       ? objective
                       : NAN;
    if (!m->name)
        return WO_ENOMEM;
    p->n_models++;
    return WO_OK;
}
