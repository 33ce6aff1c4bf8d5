/*
 * plan.c — the entry of the plan layer: wo_plan_run and the plan's
 * lifetime. See plan.h for what a plan is and how it is made.
 *
 * Structure: jobs (one routing problem per unit and day, jobs.c) are built
 * first, on the calling thread; workers (workers.c) then solve them, the
 * rescue pass (rescue.c) takes on what they left out, and the results are
 * assembled into the plan in job order (assembly.c), so the plan does not
 * depend on which worker ran what.
 */
#define _POSIX_C_SOURCE 200809L
#include "solver/plan/internal.h"

#include <math.h>
#include <string.h>

const char *wo_plan_visit_kind_name(wo_plan_visit_kind k)
{
    switch (k) {
    case WO_PLAN_DEPOT:
        return "depot";
    case WO_PLAN_STOP:
        return "stop";
    case WO_PLAN_UNLOAD:
        return "unload";
    case WO_PLAN_BREAK:
        return "break";
    case WO_PLAN_LOAD:
        return "load";
    }
    return "?";
}

const char *wo_plan_route_kind_name(wo_plan_route_kind k)
{
    switch (k) {
    case WO_PLAN_ROUTE_COLLECTION:
        return "collection";
    case WO_PLAN_ROUTE_TRANSFER:
        return "transfer";
    case WO_PLAN_ROUTE_HAUL:
        return "haul";
    }
    return "?";
}

void wo_plan_params_init(wo_plan_params *p, const wo_scenario *sc)
{
    memset(p, 0, sizeof *p);
    p->deadline = wo_deadline_in(wo_plan_budget_limit_s(sc));
    p->max_iterations = sc ? sc->plan.max_iterations : 0;
    p->seed = sc ? sc->plan.seed : 1;
    p->days = sc && sc->plan.horizon_d > 0 ? sc->plan.horizon_d : 1;
    p->threads = 2;
    p->max_snap_m = 1000;
    p->stall_iterations = WO_PLAN_STALL_ITERATIONS;
    p->stall_s = WO_PLAN_STALL_S;
    p->stability_pct = 2.0;
}

void wo_plan_free(wo_plan *p)
{
    int i;
    if (!p)
        return;
    for (i = 0; i < p->n_routes; i++)
        wo_free(p->routes[i].path_lonlat);
    wo_free(p->routes);
    wo_free(p->transfers);
    wo_free(p->unserved);
    wo_free(p->binding);
    wo_free(p->models);
    wo_arena_free(&p->mem);
    wo_free(p);
}

/* The run's far places into the plan (its arena). WO_ENOMEM. */
static int copy_far(const plan_run *r, wo_plan *p)
{
    int i;
    if (r->n_far == 0)
        return WO_OK;
    p->far = wo_arena_alloc(&p->mem, (size_t)r->n_far * sizeof *p->far);
    if (!p->far)
        return WO_ENOMEM;
    for (i = 0; i < r->n_far; i++) {
        wo_plan_far *o = &p->far[i];
        const wo_point *pos =
            plan_loc_pos(r->sc, r->far[i].kind, r->far[i].index);
        const char *id, *file;
        plan_far_place(r->sc, &r->far[i], &id, &o->kind, &file, &o->line);
        o->id = plan_str(p, id);
        o->file = plan_str(p, file ? file : "");
        if (!o->id || !o->file)
            return WO_ENOMEM;
        o->lon_deg = pos->lon_deg;
        o->lat_deg = pos->lat_deg;
        o->dist_m = r->far[i].dist_m;
    }
    p->n_far = r->n_far;
    return WO_OK;
}

/* What a run and a precheck share: r set up for sc and prm (date, the due
 * amounts per day into *tot, owned by the caller; with a graph its search
 * structures, far places first), and the routing problems with the
 * demand they reject before routing (r->pre). Release with run_end. */
static int run_begin(plan_run *r, const wo_scenario *sc,
                     const wo_plan_params *prm, plan_day_totals **tot,
                     wo_err *err)
{
    int day, i, rc;
    memset(r, 0, sizeof *r);
    *tot = NULL;
    pthread_mutex_init(&r->lock, NULL);
    r->sc = sc;
    r->prm = prm;
    r->start_s = wo_now_s();
    if (prm->days < 1 || prm->days > 28)
        return wo_err_set(err, WO_EINVAL,
                          "plan: days = %d is outside [1, 28]", prm->days);
    if (wo_calendar_parse(sc->date, &r->day0, NULL) != WO_OK)
        return wo_err_set(err, WO_EINVAL, "plan: scenario date '%s' is not "
                          "a valid YYYY-MM-DD date", sc->date);

    /* Due amounts per day and stream, for capacity sharing. */
    *tot = wo_calloc((size_t)prm->days, sizeof **tot);
    if (!*tot)
        return wo_err_set(err, WO_ENOMEM, "out of memory planning");
    for (day = 0; day < prm->days; day++)
        for (i = 0; i < sc->n_demands; i++) {
            int every;
            if (wo_calendar_demand_due(sc, &sc->demands[i], r->day0 + day,
                                       &every))
                (*tot)[day].kg[sc->demands[i].stream] +=
                    sc->demands[i].kg_per_day * every;
        }

    /* The road graph's search structures, once for every problem. */
    if (prm->graph) {
        /* Far places first: a graph of another region fails before the
         * hierarchy is built. */
        if ((rc = wo_snap_index_new(prm->graph, &r->snap, err)) != WO_OK ||
            (rc = plan_far_check(r, err)) != WO_OK ||
            (rc = wo_ch_build(prm->graph, &r->ch, NULL, prm->cancel, err)) !=
                WO_OK) {
            wo_err_prefix(err, "road graph");
            return rc;
        }
    }
    return plan_jobs_make(r, *tot, err);
}

/* Release what run_begin and the run took (solutions through
 * prm->release). */
static void run_end(plan_run *r, plan_day_totals *tot)
{
    const wo_plan_params *prm = r->prm;
    int i;
    for (i = 0; i < r->n_jobs; i++) {
        if (r->jobs[i].started && r->jobs[i].n_stops > 0)
            prm->release(&r->jobs[i].sol);
        if (r->jobs[i].has_free)
            prm->release(&r->jobs[i].free_sol);
        plan_job_free(&r->jobs[i]);
    }
    for (i = 0; i < r->n_rescue; i++) {
        if (r->rescue[i].started && r->rescue[i].n_stops > 0)
            prm->release(&r->rescue[i].sol);
        plan_job_free(&r->rescue[i]);
    }
    wo_free(r->rescue);
    wo_free(r->jobs);
    wo_free(r->order);
    wo_free(r->pre);
    wo_free(r->far);
    wo_free(tot);
    wo_ch_free(r->ch);
    wo_snap_index_free(r->snap);
    pthread_mutex_destroy(&r->lock);
}

int wo_plan_precheck(const wo_scenario *sc, const wo_plan_params *prm,
                     wo_plan_unservable **out, int *n_out, wo_err *err)
{
    plan_run r;
    plan_day_totals *tot = NULL;
    int rc;
    *out = NULL;
    *n_out = 0;
    rc = run_begin(&r, sc, prm, &tot, err);
    if (rc == WO_OK && r.n_pre > 0) {
        *out = r.pre; /* handed over */
        *n_out = r.n_pre;
        r.pre = NULL;
    }
    run_end(&r, tot);
    return rc;
}

int wo_plan_run(const wo_scenario *sc, const wo_plan_params *prm,
                wo_plan **out, wo_err *err)
{
    plan_run r;
    wo_deadline routing_end;
    double mip_limit_s;
    wo_plan *p = NULL;
    int s, day, i, rc = WO_OK;
    plan_day_totals *tot = NULL;

    *out = NULL;
    if (!prm->solve || !prm->release)
        return wo_err_set(err, WO_EINVAL, "plan: no routing solver given");
    if (!isfinite(prm->deadline.at_s) && prm->max_iterations <= 0)
        return wo_err_set(err, WO_EINVAL,
                          "plan: a time limit or an iteration limit is needed");
    if (prm->baseline &&
        (!isfinite(prm->stability_pct) || prm->stability_pct < 0))
        return wo_err_set(err, WO_EINVAL,
                          "plan: stability cost %g %%: expected a finite "
                          "value >= 0",
                          prm->stability_pct);
    /* The first problems' share of the time (budget.h); the rescue pass
     * and the flow MIPs of the assembly follow. Both shares are of the
     * plan's whole time, taken now: a share of what the first problems
     * left would push the rescue pass into the flow MIPs' time. */
    routing_end = wo_plan_budget_phase(prm->deadline, WO_PLAN_SHARE_ROUTING);
    mip_limit_s = wo_plan_budget_mip_s(wo_deadline_left(prm->deadline),
                                       prm->days);
    if ((rc = run_begin(&r, sc, prm, &tot, err)) != WO_OK)
        goto fail;
    if (prm->baseline && (rc = plan_baseline_match(&r, err)) != WO_OK)
        goto fail;
    r.deadline = wo_plan_budget_phase(prm->deadline, WO_PLAN_SHARE_FIRST);
    r.mip_limit_s = mip_limit_s;
    if ((rc = plan_run_workers(&r, err)) != WO_OK)
        goto fail;
    /* A failing solver is an error of the run, except when the run was
     * cancelled (the jobs' best routes still count). */
    for (i = 0; i < r.n_jobs; i++)
        if (r.jobs[i].started && r.jobs[i].n_stops > 0 &&
            r.jobs[i].rc != WO_OK && r.jobs[i].rc != WO_ECANCELLED) {
            rc = wo_err_set(err, r.jobs[i].rc, "routing %s on day %d: %s",
                            plan_job_phase(&r, &r.jobs[i]), r.jobs[i].day + 1,
                            r.jobs[i].err.msg);
            goto fail;
        }

    if (prm->baseline && (rc = plan_baseline_choose(&r, err)) != WO_OK)
        goto fail;
    rc = plan_rescue_run(&r, routing_end, err);
    if (rc != WO_OK)
        goto fail;

    p = wo_calloc(1, sizeof *p);
    if (!p)
        goto oom;
    wo_arena_init(&p->mem, 1 << 16);
    wo_strlcpy(p->date, sc->date, sizeof p->date);
    p->days = prm->days;
    for (day = 0; day < prm->days; day++)
        for (s = 0; s < WO_STREAM_COUNT; s++)
            p->summary.due_kg[s] += tot[day].kg[s];
    rc = plan_assemble(&r, p, err);
    if (rc != WO_OK)
        goto fail;
    p->summary.interrupted = prm->cancel && *prm->cancel;
    if ((rc = copy_far(&r, p)) != WO_OK)
        goto oom;
    p->summary.far_points = p->n_far;
    plan_count_searches(&r, &p->summary);
    if (prm->baseline && (rc = plan_baseline_compare(&r, p, err)) != WO_OK)
        goto fail;
    p->summary.seconds = wo_now_s() - r.start_s;
    *out = p;
    p = NULL;
    rc = WO_OK;
    goto done;
oom:
    rc = wo_err_set(err, WO_ENOMEM, "out of memory planning");
fail:
    wo_plan_free(p);
done:
    run_end(&r, tot);
    return rc;
}
