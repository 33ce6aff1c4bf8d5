/*
 * rescue.c — the rescue pass: the mandatory stops a problem's solution
 * left out for time or capacity form a second, small problem on the
 * vehicles that solution did not use and the facility capacity it left.
 * It keeps its problem's stream ids (plan_job.lane_stream), so a vehicle
 * never takes a stop of a district its fleet may not serve here either.
 */
#include "solver/plan/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The stops of job j's solution that a rescue job takes on: mandatory
 * ones (in the scenario) left out for time, capacity or their prize. */
int plan_rescued(const wo_scenario *sc, const plan_job *j,
                   const wo_vrp_unserved *u)
{
    return !sc->demands[j->stops[u->stop].ext_id].optional &&
           (u->reason == WO_UNSERVED_TIME ||
            u->reason == WO_UNSERVED_CAPACITY ||
            u->reason == WO_UNSERVED_PENALTY);
}

/* A rescue job for job j: the mandatory stops its solution left out for
 * time or capacity, offered to the vehicles it did not use, with the
 * facilities' daily capacity its routes left (pool_capacity then gives it
 * its part of what every problem of the day left). Locations and the
 * matrix are the parent's. Returns 1 when there is such a job, 0 when not, or
 * WO_ENOMEM as a negative number. */
static int rescue_build(const wo_scenario *sc, const plan_job *j, plan_job *rj)
{
    int k, t, v, total = 0, *used = NULL;
    memset(rj, 0, sizeof *rj);
    rj->rescue = -1;
    if (!j->started || j->rc != WO_OK || j->n_stops == 0)
        return 0;
    for (k = 0; k < j->sol.n_unserved; k++)
        if (plan_rescued(sc, j, &j->sol.unserved[k]))
            rj->n_stops++;
    if (rj->n_stops == 0)
        return 0;
    for (t = 0; t < j->n_types; t++)
        total += j->types[t].count;
    rj->unit = j->unit;
    rj->day = j->day;
    rj->streams = j->streams;
    memcpy(rj->lane_stream, j->lane_stream, sizeof rj->lane_stream);
    rj->shared = 1;
    rj->n_loc = j->n_loc;
    rj->loc_kind = j->loc_kind;
    rj->loc_index = j->loc_index;
    rj->dist_m = j->dist_m;
    rj->dur_s = j->dur_s;
    rj->seed = j->seed + 7919;
    rj->stops = wo_malloc((size_t)rj->n_stops * sizeof *rj->stops);
    rj->types = wo_malloc(((size_t)j->n_types + 1) * sizeof *rj->types);
    rj->facs = wo_malloc(((size_t)j->n_facs + 1) * sizeof *rj->facs);
    rj->vehicle_of = wo_malloc(((size_t)total + 1) * sizeof(int));
    rj->veh_at = wo_malloc(((size_t)j->n_types + 1) * sizeof(int));
    rj->why = wo_malloc(((size_t)rj->n_stops + 1) * sizeof(int));
    used = wo_calloc((size_t)total + 1, sizeof *used);
    if (!rj->stops || !rj->types || !rj->facs || !rj->vehicle_of ||
        !rj->veh_at || !rj->why || !used)
        goto oom;
    rj->n_stops = 0;
    for (k = 0; k < j->sol.n_unserved; k++)
        if (plan_rescued(sc, j, &j->sol.unserved[k])) {
            rj->why[rj->n_stops] = (int)j->sol.unserved[k].reason;
            rj->stops[rj->n_stops++] = j->stops[j->sol.unserved[k].stop];
        }
    /* vehicles: those of each type no route of j uses, renumbered */
    for (t = 0, total = 0; t < j->n_types; t++) {
        rj->veh_at[t] = total;
        total += j->types[t].count;
    }
    for (k = 0; k < j->sol.n_routes; k++) {
        const wo_vrp_route *vr = &j->sol.routes[k];
        if (vr->n_visits >= 2 && vr->type >= 0 && vr->type < j->n_types &&
            vr->vehicle >= 0 && vr->vehicle < j->types[vr->type].count)
            used[rj->veh_at[vr->type] + vr->vehicle] = 1;
    }
    rj->n_types = j->n_types;
    for (t = 0, total = 0; t < j->n_types; t++) {
        int n = 0;
        rj->types[t] = j->types[t];
        for (v = 0; v < j->types[t].count; v++)
            if (!used[rj->veh_at[t] + v])
                rj->vehicle_of[rj->veh_at[t] + n++] = v;
        rj->types[t].count = n;
        total += n;
    }
    if (total == 0) { /* the whole fleet is out already */
        wo_free(used);
        return 0;
    }
    /* facilities: what the routes unloaded comes off their capacity */
    rj->n_facs = j->n_facs;
    for (k = 0; k < j->n_facs; k++)
        rj->facs[k] = j->facs[k];
    for (k = 0; k < j->sol.n_routes; k++) {
        const wo_vrp_route *vr = &j->sol.routes[k];
        double prev[WO_VRP_DIMS] = {0};
        int d;
        for (v = 0; v < vr->n_visits; v++) {
            const wo_vrp_visit *x = &vr->visits[v];
            if (x->kind == WO_VISIT_UNLOAD)
                for (d = 0; d < WO_VRP_DIMS; d++) {
                    double *cap = &rj->facs[x->index].capacity[d];
                    if (*cap != WO_VRP_UNLIMITED)
                        *cap = fmax(0.0, *cap - (prev[d] - x->load_after[d]));
                }
            for (d = 0; d < WO_VRP_DIMS; d++)
                prev[d] = x->load_after[d];
        }
    }
    rj->pb = j->pb;
    /* the rescue stops go on the vehicles left over, whatever their
     * baseline vehicle */
    rj->pb.pref_vehicle = rj->pb.pref_pos = NULL;
    rj->pb.stability_penalty = 0;
    rj->pb.warm_start = 0;
    rj->pb.n_stops = rj->n_stops;
    rj->pb.stops = rj->stops;
    rj->pb.types = rj->types;
    rj->pb.facilities = rj->facs;
    rj->weight = rj->n_stops + 1.0;
    wo_free(used);
    return 1;
oom:
    wo_free(used);
    return -WO_ENOMEM;
}

/* The least time (s) a vehicle of rescue job rj takes from its depot
 * through stop k and unloading at facility f back to its depot, and in
 * *fits whether that fits the vehicle's shift less its break. INFINITY
 * when no vehicle of rj may carry the stop there. */
static double pool_trip_s(const plan_job *rj, int k, int f, int *fits)
{
    const wo_vrp_stop *st = &rj->stops[k];
    const wo_vrp_facility *fa = &rj->facs[f];
    double best = INFINITY;
    int t;
    *fits = 0;
    if (!(fa->streams & WO_STREAM_BIT(st->stream)))
        return INFINITY;
    for (t = 0; t < rj->n_types; t++) {
        const wo_vrp_vehicle_type *o = &rj->types[t];
        double s, lim = o->shift_close_s - o->shift_open_s;
        int ok;
        if (o->count <= 0 || !(o->streams & WO_STREAM_BIT(st->stream)))
            continue;
        if (o->max_duration_s > 0 && o->max_duration_s < lim)
            lim = o->max_duration_s;
        s = plan_type_travel_s(rj, o, o->start_loc, st->loc) + st->service_s +
            plan_type_travel_s(rj, o, st->loc, fa->loc) + fa->unload_s +
            plan_type_travel_s(rj, o, fa->loc, o->end_loc);
        ok = s <= lim - (o->break_s > 0 ? o->break_s : 0);
        if ((ok && !*fits) || (ok == *fits && s < best)) {
            best = s;
            *fits = ok;
        }
    }
    return best;
}

/* A rescue stop and one of its job's facilities, for pool_capacity. */
typedef struct pool_pair {
    double trip_s;             /* pool_trip_s                               */
    double regret_s;           /* its stop's second best less its best      */
    int job, stop, fac;        /* rescue job, its stop, its facility        */
} pool_pair;

/* Pairs by their stop's regret, largest first, then the shortest trip
 * first within a stop (as the first problems' shares in jobs.c). */
static int cmp_pool_pair(const void *a, const void *b)
{
    const pool_pair *p = a, *q = b;
    if (p->regret_s != q->regret_s)
        return p->regret_s > q->regret_s ? -1 : 1;
    if (p->job != q->job)
        return p->job - q->job;
    if (p->stop != q->stop)
        return p->stop - q->stop;
    if (p->trip_s != q->trip_s)
        return p->trip_s < q->trip_s ? -1 : 1;
    return p->fac - q->fac;
}

/* What the first problems of each day left of each facility's capacity
 * (their shares, less what their routes unloaded), pooled and shared out
 * among that day's rescue jobs: first each rescue stop takes its amount
 * at the facility of its shortest trip with room left (the stops that
 * lose most by a second choice first; a facility that no trip of the
 * stop's vehicles reaches within a shift is no choice when one is), then
 * what is still left goes in proportion to the amount each job takes on.
 * A stop left by a problem whose share of the station next to it ran out
 * thus gets that station's leftover, not a sliver of it beside every
 * other district's rescue. Medical storage nodes keep the job's own
 * leftover. WO_OK or WO_ENOMEM. */
static int pool_capacity(plan_run *r)
{
    const wo_scenario *sc = r->sc;
    size_t nf = (size_t)sc->n_facilities, n = (size_t)r->prm->days * nf + 1;
    size_t n_pairs = 0, q, *first = NULL;
    double *cap = wo_calloc(n, sizeof *cap), *used = wo_calloc(n, sizeof *used),
           *want = wo_calloc(n, sizeof *want), *given = NULL, *left_stop = NULL;
    pool_pair *pairs = NULL;
    int i, k, v, m, f, rc = WO_OK;
    if (!cap || !used || !want)
        goto oom;
    for (i = 0; i < r->n_jobs; i++) {
        const plan_job *j = &r->jobs[i];
        size_t at = (size_t)j->day * nf;
        for (k = 0; k < j->n_facs; k++)
            if (j->facs[k].ext_id >= 0 &&
                j->facs[k].capacity[0] != WO_VRP_UNLIMITED)
                cap[at + (size_t)j->facs[k].ext_id] += j->facs[k].capacity[0];
        if (!j->started || j->rc != WO_OK || j->n_stops == 0)
            continue;
        for (k = 0; k < j->sol.n_routes; k++) {
            const wo_vrp_route *vr = &j->sol.routes[k];
            double prev = 0;
            for (v = 0; v < vr->n_visits; v++) {
                const wo_vrp_visit *x = &vr->visits[v];
                if (x->kind == WO_VISIT_UNLOAD &&
                    j->facs[x->index].ext_id >= 0)
                    used[at + (size_t)j->facs[x->index].ext_id] +=
                        prev - x->load_after[0];
                prev = x->load_after[0];
            }
        }
    }
    for (q = 0; q < n; q++)
        cap[q] = fmax(0.0, cap[q] - used[q]); /* now: what is left */
    /* the rescue stops' pairs, and the job x facility amounts given */
    first = wo_calloc((size_t)r->n_rescue + 1, sizeof *first);
    if (!first)
        goto oom;
    for (m = 0; m < r->n_rescue; m++) {
        first[m] = n_pairs;
        n_pairs += (size_t)r->rescue[m].n_stops *
                   ((size_t)r->rescue[m].n_facs + 1);
    }
    first[r->n_rescue] = n_pairs;
    given = wo_calloc(n_pairs + 1, sizeof *given);
    left_stop = wo_calloc(n_pairs + 1, sizeof *left_stop);
    pairs = wo_malloc((n_pairs + 1) * sizeof *pairs);
    if (!given || !left_stop || !pairs)
        goto oom;
    for (m = 0, n_pairs = 0; m < r->n_rescue; m++) {
        const plan_job *rj = &r->rescue[m];
        for (k = 0; k < rj->n_stops; k++) {
            size_t from = n_pairs;
            double best = INFINITY, second = INFINITY;
            int fits, any_fits = 0;
            left_stop[first[m] + (size_t)k] = rj->stops[k].demand[0];
            for (f = 0; f < rj->n_facs; f++)
                if (rj->facs[f].ext_id >= 0 &&
                    rj->facs[f].capacity[0] != WO_VRP_UNLIMITED) {
                    pool_trip_s(rj, k, f, &fits);
                    any_fits |= fits;
                }
            for (f = 0; f < rj->n_facs; f++) {
                double s;
                if (rj->facs[f].ext_id < 0 ||
                    rj->facs[f].capacity[0] == WO_VRP_UNLIMITED)
                    continue;
                s = pool_trip_s(rj, k, f, &fits);
                if (!isfinite(s) || (any_fits && !fits))
                    continue;
                pairs[n_pairs].trip_s = s;
                pairs[n_pairs].job = m;
                pairs[n_pairs].stop = k;
                pairs[n_pairs].fac = f;
                n_pairs++;
                plan_least_two(s, &best, &second);
            }
            for (q = from; q < n_pairs; q++)
                pairs[q].regret_s = plan_regret(best, second);
        }
    }
    qsort(pairs, n_pairs, sizeof *pairs, cmp_pool_pair);
    for (q = 0; q < n_pairs; q++) {
        const plan_job *rj = &r->rescue[pairs[q].job];
        size_t fi = (size_t)rj->day * nf +
                    (size_t)rj->facs[pairs[q].fac].ext_id;
        double *need = &left_stop[first[pairs[q].job] + (size_t)pairs[q].stop];
        double a = fmin(*need, cap[fi]);
        if (a <= 0)
            continue;
        /* given[] is indexed job x facility (the first n_facs cells of
         * the job's block) */
        given[first[pairs[q].job] + (size_t)pairs[q].fac] += a;
        *need -= a;
        cap[fi] -= a;
    }
    /* the rest of each facility in proportion to the jobs' amounts */
    for (m = 0; m < r->n_rescue; m++) {
        const plan_job *rj = &r->rescue[m];
        double kg = 0;
        for (k = 0; k < rj->n_stops; k++)
            kg += rj->stops[k].demand[0];
        for (k = 0; k < rj->n_facs; k++)
            if (rj->facs[k].ext_id >= 0)
                want[(size_t)rj->day * nf + (size_t)rj->facs[k].ext_id] += kg;
    }
    for (m = 0; m < r->n_rescue; m++) {
        plan_job *rj = &r->rescue[m];
        double kg = 0;
        for (k = 0; k < rj->n_stops; k++)
            kg += rj->stops[k].demand[0];
        for (k = 0; k < rj->n_facs; k++) {
            size_t fi;
            if (rj->facs[k].ext_id < 0 ||
                rj->facs[k].capacity[0] == WO_VRP_UNLIMITED)
                continue;
            fi = (size_t)rj->day * nf + (size_t)rj->facs[k].ext_id;
            rj->facs[k].capacity[0] =
                given[first[m] + (size_t)k] +
                (want[fi] > 0 ? cap[fi] * kg / want[fi] : cap[fi]);
        }
    }
    goto done;
oom:
    rc = WO_ENOMEM;
done:
    wo_free(cap);
    wo_free(used);
    wo_free(want);
    wo_free(first);
    wo_free(given);
    wo_free(left_stop);
    wo_free(pairs);
    return rc;
}

/* Rescue pass: every job whose solution left mandatory stops out for time
 * or capacity gets a second, small problem of those stops on its unused
 * vehicles (the search of a ~500-stop problem with unload trips can end
 * in a solution breaking rules, whose repair takes stops out; on their
 * own, with the fleet's slack, most of them fit). Solved by the workers
 * like the first problems, until the routing deadline. */
int plan_rescue_run(plan_run *r, wo_deadline deadline, wo_err *err)
{
    plan_job *saved_jobs = r->jobs;
    int saved_n = r->n_jobs, i, k, rc;
    r->rescue = wo_calloc((size_t)r->n_jobs + 1, sizeof *r->rescue);
    if (!r->rescue)
        return wo_err_set(err, WO_ENOMEM, "out of memory planning");
    for (i = 0; i < r->n_jobs; i++) {
        int got = rescue_build(r->sc, &r->jobs[i], &r->rescue[r->n_rescue]);
        r->jobs[i].rescue = -1;
        if (got < 0) {
            plan_job_free(&r->rescue[r->n_rescue]);
            return wo_err_set(err, WO_ENOMEM, "out of memory planning");
        }
        if (got)
            r->jobs[i].rescue = r->n_rescue++;
        else
            plan_job_free(&r->rescue[r->n_rescue]);
    }
    if (r->n_rescue == 0 || (r->prm->cancel && *r->prm->cancel))
        return WO_OK;
    if (pool_capacity(r) != WO_OK)
        return wo_err_set(err, WO_ENOMEM, "out of memory planning");
    r->jobs = r->rescue;
    r->n_jobs = r->n_rescue;
    r->next = 0;
    r->pending_weight = 0;
    for (k = 0; k < r->n_rescue; k++) {
        r->order[k] = k;
        r->pending_weight += r->rescue[k].weight;
    }
    r->deadline = deadline;
    rc = plan_run_workers(r, err);
    r->jobs = saved_jobs;
    r->n_jobs = saved_n;
    return rc;
}
