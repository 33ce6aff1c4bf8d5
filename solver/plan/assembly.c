/*
 * assembly.c — the plan put together from the solved problems, in job
 * order (so it does not depend on which worker ran what): routes with
 * their visits, the unserved demand with its reasons, then per day the
 * second echelon (echelon.c) and the spoil balance (earthwork.c).
 */
#define _POSIX_C_SOURCE 200809L
#include "solver/plan/internal.h"

#include "solver/plan/servable.h"
#include "data/validate.h"
#include "solver/lp.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static const char *vrp_reason_code(wo_vrp_unserved_reason why)
{
    switch (why) {
    case WO_UNSERVED_PENALTY:
        return "penalty";
    case WO_UNSERVED_NO_VEHICLE:
        return "no_vehicle";
    case WO_UNSERVED_TOO_HEAVY:
        return "too_heavy";
    case WO_UNSERVED_NO_FACILITY:
        return "no_facility";
    case WO_UNSERVED_TIME:
        return "time";
    case WO_UNSERVED_UNREACHABLE:
        return "unreachable";
    case WO_UNSERVED_CAPACITY:
        break;
    }
    return "capacity";
}

/* Id and position of a job location. */
static void loc_info(const wo_scenario *sc, const plan_job *j, int loc,
                     const char **id, double *lon, double *lat)
{
    plan_loc_kind k = j->loc_kind[loc];
    int i = j->loc_index[loc];
    const wo_point *pos = plan_loc_pos(sc, k, i);
    *id = k == PLAN_LOC_DEPOT      ? sc->depots[i].id
          : k == PLAN_LOC_FACILITY ? sc->facilities[i].id
                              : sc->sites[i].id;
    *lon = pos->lon_deg;
    *lat = pos->lat_deg;
}

static int add_route(plan_asm *a, const wo_scenario *sc, const plan_job *j,
                     const wo_vrp_route *vr, int vehicle, wo_err *err)
{
    wo_plan *p = a->p;
    wo_plan_route *ro;
    const wo_vrp_vehicle_type *vt = &j->types[vr->type];
    const wo_vehicle_type *st = &sc->vehicle_types[vt->ext_id];
    char name[160];
    int v, n_visits, prev_loc = vt->start_loc, after_end, rc;
    double prev_load = 0;
    if ((rc = wo_plan_vrp_route_breaks(vt, vr, &after_end, err)) != WO_OK)
        return rc;
    if (WO_RESERVE(p->routes, a->cap_routes, (size_t)p->n_routes + 1) !=
        WO_OK)
        return WO_ENOMEM;
    ro = &p->routes[p->n_routes];
    snprintf(name, sizeof name, "%s/%d", st->id, vehicle + 1);
    ro->vehicle = plan_str(p, name);
    ro->vehicle_type = plan_str(p, st->id);
    ro->type = (int)vt->ext_id;
    ro->stream = plan_job_stream(j, vr->stream);
    ro->depot = plan_str(p, sc->depots[st->start_depot].id);
    ro->day = j->day;
    ro->dist_m = vr->dist_m;
    ro->dur_s = vr->dur_s;
    ro->cost_cny = vr->cost;
    /* A break after the end depot (the route ended before the window
     * opened) is taken at the depot before the route ends there: listed
     * before the end depot visit, which then ends with the break. */
    n_visits = vr->n_visits;
    ro->n_visits = n_visits;
    ro->visits = wo_arena_alloc(&p->mem, (size_t)(n_visits > 0 ? n_visits : 1) *
                                             sizeof *ro->visits);
    if (!ro->vehicle || !ro->vehicle_type || !ro->depot || !ro->visits)
        return WO_ENOMEM;
    for (v = 0; v < n_visits; v++) {
        int from = after_end && v >= n_visits - 2 ? 2 * n_visits - 3 - v : v;
        const wo_vrp_visit *x = &vr->visits[from];
        wo_plan_visit *o = &ro->visits[v];
        const char *id = "";
        int loc = prev_loc;
        o->demand = -1;
        o->facility = -1;
        switch (x->kind) {
        case WO_VISIT_DEPOT:
            o->kind = WO_PLAN_DEPOT;
            loc = v == 0 ? vt->start_loc : vt->end_loc;
            break;
        case WO_VISIT_STOP:
            o->kind = WO_PLAN_STOP;
            loc = j->stops[x->index].loc;
            o->amount_kg = j->stops[x->index].demand[0];
            o->demand = (int)j->stops[x->index].ext_id;
            ro->collected_kg += o->amount_kg;
            p->summary.served_kg[sc->demands[o->demand].stream] +=
                o->amount_kg;
            break;
        case WO_VISIT_UNLOAD:
            o->kind = WO_PLAN_UNLOAD;
            loc = j->facs[x->index].loc;
            o->amount_kg = prev_load - x->load_after[0];
            if (j->facs[x->index].ext_id >= 0)
                o->facility = (int)j->facs[x->index].ext_id;
            break;
        case WO_VISIT_BREAK:
            o->kind = WO_PLAN_BREAK;
            if (after_end)
                loc = vt->end_loc;
            break;
        }
        loc_info(sc, j, loc, &id, &o->lon_deg, &o->lat_deg);
        o->site = plan_str(p, id);
        if (!o->site)
            return WO_ENOMEM;
        o->arrival_s = x->arrival_s;
        o->start_s = x->start_s;
        o->depart_s = x->depart_s;
        if (after_end && v == n_visits - 2) /* waits at the depot for it */
            o->arrival_s = vr->visits[n_visits - 2].arrival_s;
        if (after_end && v == n_visits - 1) /* ends with the break */
            o->arrival_s = o->start_s = o->depart_s =
                vr->visits[n_visits - 1].depart_s;
        o->load_after_kg = x->load_after[0];
        prev_load = x->load_after[0];
        prev_loc = loc;
    }
    p->summary.cost_cny += vr->cost;
    p->summary.dist_m += vr->dist_m;
    p->summary.dur_s += vr->dur_s;
    p->n_routes++;
    return WO_OK;
}

/* Routes and unserved stops of a solved job, and those of its rescue job
 * when that one ran: the rescue's in place of the stops it took on. */
/* The fleet verdicts of one job's unserved stops (wo_fleet_day_short,
 * wo_district_day_short), asked once per stream and district: each scans
 * every demand row, and a job of thousands of stops may leave hundreds. */
#define SHORT_MEMO 16
typedef struct short_memo {
    int n;
    struct {
        int stream, district, verdict;
        char why[240];
    } e[SHORT_MEMO];
} short_memo;

/* 1 with the reason in why when the fleet cannot carry stream s of the
 * day (the whole city's, or the district's of `site`), as
 * wo_fleet_day_short || wo_district_day_short. */
static int short_verdict(const wo_scenario *sc, short_memo *m, int s,
                         int site, long day, char *why, size_t size)
{
    int d = wo_point_district(sc, sc->sites[site].district,
                              &sc->sites[site].pos),
        i, v;
    for (i = 0; i < m->n; i++)
        if (m->e[i].stream == s && m->e[i].district == d) {
            wo_strlcpy(why, m->e[i].why, size);
            return m->e[i].verdict;
        }
    why[0] = '\0';
    v = wo_fleet_day_short(sc, s, day, why, size) ||
        wo_district_day_short(sc, s, site, day, why, size);
    if (m->n < SHORT_MEMO) {
        m->e[m->n].stream = s;
        m->e[m->n].district = d;
        m->e[m->n].verdict = v;
        wo_strlcpy(m->e[m->n].why, why, sizeof m->e[m->n].why);
        m->n++;
    }
    return v;
}

static int add_job_result(plan_asm *a, const plan_run *r, const plan_job *j,
                          wo_err *err)
{
    const wo_scenario *sc = r->sc;
    const plan_job *rj = j->rescue >= 0 ? &r->rescue[j->rescue] : NULL;
    const char *reason;
    char detail[240];
    short_memo memo;
    int k, rc = WO_OK, pass;
    memo.n = 0;
    if (rj && (!rj->started || rj->rc != WO_OK))
        rj = NULL;
    for (pass = 0; pass < (rj ? 2 : 1); pass++) {
        const plan_job *x = pass == 0 ? j : rj;
        for (k = 0; rc == WO_OK && k < x->sol.n_routes; k++) {
            const wo_vrp_route *vr = &x->sol.routes[k];
            if (vr->n_visits < 2 || vr->stream < 0)
                continue;
            /* numbered in the type's whole fleet: a sector's vehicles
             * are a slice of it (jobs.c) */
            rc = add_route(a, sc, x, vr,
                           j->veh_base[vr->type] +
                               (pass == 0
                                    ? vr->vehicle
                                    : x->vehicle_of[x->veh_at[vr->type] +
                                                    vr->vehicle]),
                           err);
        }
        for (k = 0; rc == WO_OK && k < x->sol.n_unserved; k++) {
            const wo_vrp_stop *st = &x->stops[x->sol.unserved[k].stop];
            int dm = (int)st->ext_id;
            wo_vrp_unserved_reason why = x->sol.unserved[k].reason;
            if (pass == 0 && rj && plan_rescued(sc, j, &x->sol.unserved[k]))
                continue;
            if (pass == 1 && (why == WO_UNSERVED_PENALTY ||
                              why == WO_UNSERVED_NO_VEHICLE))
                why = (wo_vrp_unserved_reason)x->why[x->sol.unserved[k].stop];
            /* Every stop routed has passed the plan's own single-stop
             * check (jobs.c): a mandatory one the core leaves for its
             * prize or for time lacked room in the routes found, not a
             * reachable window; "time" stays the pre-routing verdict. */
            reason = (why == WO_UNSERVED_PENALTY ||
                      why == WO_UNSERVED_TIME) &&
                             !sc->demands[dm].optional
                         ? "no_route"
                         : vrp_reason_code(why);
            detail[0] = '\0';
            if ((!strcmp(reason, "no_route") ||
                 !strcmp(reason, "capacity")) &&
                short_verdict(sc, &memo, (int)sc->demands[dm].stream,
                              sc->demands[dm].site, r->day0 + j->day, detail,
                              sizeof detail))
                reason = "capacity";
            rc = plan_add_unserved(a, sc, dm, j->day, st->demand[0], NULL,
                                   sc->demands[dm].stream, reason);
            if (rc == WO_OK && detail[0] &&
                !(a->p->unserved[a->p->n_unserved - 1].detail =
                      plan_str(a->p, detail)))
                rc = WO_ENOMEM;
        }
    }
    return rc;
}

/* Collect the jobs' results into the plan, in job order (deterministic). */
static int assemble(plan_run *r, wo_plan *p, wo_err *err)
{
    const wo_scenario *sc = r->sc;
    plan_asm a;
    int i, k, rc, day, *seen = NULL;
    size_t n_seen = 0;
    memset(&a, 0, sizeof a);
    a.p = p;
    a.prm = r->prm;
    /* The flow MIPs share what routing left of the plan's time (budget.h),
     * each within what is left before the end margin. */
    a.mip_limit_s = r->mip_limit_s;
    a.end = wo_plan_budget_before(r->prm->deadline, WO_PLAN_END_MARGIN_S);
    for (i = 0; i < r->n_pre; i++) {
        const wo_demand *d = &sc->demands[r->pre[i].demand];
        rc = plan_add_unserved(&a, sc, r->pre[i].demand, r->pre[i].day,
                               r->pre[i].amount_kg, NULL, d->stream,
                               r->pre[i].reason);
        if (rc != WO_OK)
            goto oom;
        if (r->pre[i].detail[0] &&
            !(p->unserved[p->n_unserved - 1].detail =
                  plan_str(p, r->pre[i].detail)))
            goto oom;
    }
    for (day = 0; day < p->days; day++) {
        int first_route = p->n_routes;
        for (i = 0; i < r->n_jobs; i++) {
            plan_job *j = &r->jobs[i];
            if (j->day != day)
                continue;
            if (!j->started || (j->rc != WO_OK && j->n_stops > 0)) {
                /* Not planned (interrupted) or the solver failed. */
                for (k = 0; k < j->n_stops; k++) {
                    int dm = (int)j->stops[k].ext_id;
                    rc = plan_add_unserved(
                        &a, sc, dm, day, j->stops[k].demand[0], NULL,
                        sc->demands[dm].stream,
                        j->started ? "solver_error" : "interrupted");
                    if (rc != WO_OK)
                        goto oom;
                }
                continue;
            }
            rc = add_job_result(&a, r, j, err);
            if (rc == WO_EINTERNAL)
                goto fail;
            if (rc != WO_OK)
                goto oom;
        }
        {
            /* the day's full loads on the vehicles the collection left */
            plan_fleet *fl;
            rc = plan_fleet_begin(r, p, day, first_route, &fl);
            if (rc == WO_OK)
                rc = plan_second_echelon(&a, r, day, first_route, fl);
            if (rc == WO_OK)
                rc = plan_earthwork_day(&a, r, day, fl);
            if (fl && (k = plan_fleet_end(&a, fl)) != WO_OK && rc == WO_OK)
                rc = k;
        }
        if (rc != WO_OK)
            goto oom;
    }
    /* Distinct vehicles over the days. */
    seen = wo_calloc((size_t)p->n_routes + 1, sizeof *seen);
    if (!seen)
        goto oom;
    for (i = 0; i < p->n_routes; i++) {
        size_t q;
        for (q = 0; q < n_seen; q++)
            if (!strcmp(p->routes[seen[q]].vehicle, p->routes[i].vehicle))
                break;
        if (q == n_seen)
            seen[n_seen++] = i;
    }
    p->summary.vehicles_used = (int)n_seen;
    p->summary.routes = p->n_routes;
    wo_free(seen);
    return WO_OK;
fail:
    wo_free(seen);
    return rc;
oom:
    wo_free(seen);
    return wo_err_set(err, WO_ENOMEM, "out of memory assembling the plan");
}

/* assemble() on a thread of its own: the second echelon's transfer MIP
 * leaves GLPK state in the thread that solves it, released when it ends,
 * never in the caller's thread. */
typedef struct assemble_job {
    plan_run *r;               /* the run                                   */
    wo_plan *p;                /* the plan to fill                          */
    wo_err *err;               /* message on failure                        */
    int rc;                    /* assemble's result                         */
} assemble_job;

static void *assemble_main(void *arg)
{
    assemble_job *aj = arg;
    aj->rc = assemble(aj->r, aj->p, aj->err);
    wo_lp_thread_done();
    return NULL;
}

int plan_assemble(plan_run *r, wo_plan *p, wo_err *err)
{
    assemble_job aj;
    pthread_t th;
    int why;
    aj.r = r;
    aj.p = p;
    aj.err = err;
    aj.rc = WO_OK;
    why = pthread_create(&th, NULL, assemble_main, &aj);
    if (why != 0)
        return plan_thread_failed(why, err);
    pthread_join(th, NULL);
    return aj.rc;
}
