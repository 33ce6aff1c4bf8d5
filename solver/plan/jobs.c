/*
 * jobs.c — turning a scenario into routing problems ("jobs"): one per
 * routing unit (the streams that share a vehicle type) and day, with the
 * stops due that day, the unit's vehicle types, the unload facilities and
 * their share of each facility's capacity. Stops that no vehicle can serve
 * even alone leave here as unserved, with the figures.
 */
#include "solver/plan/internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MANDATORY_PRIZE_CNY 1e6 /* prize of a mandatory stop in the routing
                                   core: above the cost of any route        */

static int add_pre(plan_run *r, int demand, int day, double amount_kg,
                   const char *reason)
{
    if (WO_RESERVE(r->pre, r->cap_pre, (size_t)r->n_pre + 1) != WO_OK)
        return WO_ENOMEM;
    r->pre[r->n_pre].demand = demand;
    r->pre[r->n_pre].day = day;
    r->pre[r->n_pre].amount_kg = amount_kg;
    r->pre[r->n_pre].reason = reason;
    r->pre[r->n_pre].detail[0] = '\0';
    r->n_pre++;
    return WO_OK;
}

/* Union-find over streams: streams sharing a usable vehicle type form one
 * routing unit. unit_of[s] receives the root stream of s. */
static void stream_units(const wo_scenario *sc, int unit_of[WO_STREAM_COUNT])
{
    int s, t;
    for (s = 0; s < WO_STREAM_COUNT; s++)
        unit_of[s] = s;
    for (t = 0; t < sc->n_vehicle_types; t++) {
        const wo_vehicle_type *vt = &sc->vehicle_types[t];
        int first = -1;
        if (vt->count <= 0 || vt->role != WO_ROLE_COLLECTION)
            continue;
        for (s = 0; s < WO_STREAM_PRIMARY_COUNT; s++) {
            int a, b;
            if (!(vt->streams & WO_STREAM_BIT(s)))
                continue;
            if (first < 0) {
                first = s;
                continue;
            }
            for (a = first; unit_of[a] != a; a = unit_of[a])
                ;
            for (b = s; unit_of[b] != b; b = unit_of[b])
                ;
            if (a != b)
                unit_of[a > b ? a : b] = a < b ? a : b;
        }
    }
    for (s = 0; s < WO_STREAM_COUNT; s++) {
        int a = s;
        while (unit_of[a] != a)
            a = unit_of[a];
        unit_of[s] = a;
    }
}

int plan_facility_usable(const wo_facility *f)
{
    return f->status == WO_FSTATUS_OPERATING || f->status == WO_FSTATUS_PLANNED;
}

/* Find or add the location of (kind, index); returns its matrix index or
 * -1 when out of memory. map has one slot per depot, facility and site. */
static int job_loc(plan_job *j, int *map, const wo_scenario *sc,
                   plan_loc_kind kind, int index) {
    int slot = kind == PLAN_LOC_DEPOT      ? index
               : kind == PLAN_LOC_FACILITY ? sc->n_depots + index
                                      : sc->n_depots + sc->n_facilities + index;
    if (map[slot] >= 0)
        return map[slot];
    j->loc_kind[j->n_loc] = kind;
    j->loc_index[j->n_loc] = index;
    map[slot] = j->n_loc;
    return j->n_loc++;
}

/* Largest payload (kg, m3) per visit among the job's types carrying s. */
static void max_payload(const plan_job *j, int s, double *kg, double *m3)
{
    int t;
    *kg = 0;
    *m3 = 0;
    for (t = 0; t < j->n_types; t++) {
        const wo_vrp_vehicle_type *vt = &j->types[t];
        double k = vt->capacity[0], m = vt->capacity[1];
        if (!(vt->streams & WO_STREAM_BIT(s)))
            continue;
        if (vt->max_load_per_day[0] > 0 && vt->max_load_per_day[0] < k)
            k = vt->max_load_per_day[0];
        if (vt->max_load_per_day[1] > 0 && vt->max_load_per_day[1] < m)
            m = vt->max_load_per_day[1];
        if (k > *kg)
            *kg = k;
        if (m > *m3)
            *m3 = m;
    }
}

static int push_stop(plan_job *j, const wo_vrp_stop *st)
{
    if (WO_RESERVE(j->stops, j->cap_stops, (size_t)j->n_stops + 1) != WO_OK)
        return WO_ENOMEM;
    j->stops[j->n_stops++] = *st;
    return WO_OK;
}

/* A site where vehicles of one stream may unload (a medical storage
 * node), open in the site's windows, up to capacity_kg a day. Its ext_id
 * is -(site + 1). */
static void site_unload(plan_job *j, int *map, const wo_scenario *sc, int site,
                        wo_stream stream, double capacity_kg, double unload_s)
{
    const wo_site *si = &sc->sites[site];
    wo_vrp_facility *o = &j->facs[j->n_facs++];
    o->loc = job_loc(j, map, sc, PLAN_LOC_SITE, site);
    o->streams = WO_STREAM_BIT(stream);
    o->unload_s = unload_s > 0 ? unload_s : 600;
    o->open_s = si->n_tw > 0 ? si->tw[0].open_s : 0;
    o->close_s = si->n_tw > 0 ? si->tw[si->n_tw - 1].close_s : 2 * 86400.0;
    o->capacity[0] = capacity_kg;
    o->capacity[1] = WO_VRP_UNLIMITED;
    o->ext_id = -(long)site - 1;
}

/* Travel time of vehicle type o between job locations a and b. */
static double type_travel_s(const plan_job *j, const wo_vrp_vehicle_type *o,
                            int a, int b) {
    double d = j->dur_s[(size_t)a * (size_t)j->n_loc + (size_t)b];
    return o->speed_factor > 0 ? d * o->speed_factor : d;
}

/* The least a route of type o serving stop st alone needs: *work_s, the
 * driving, service, unload and break time (a lower bound of the route's
 * duration), *end_s, its earliest return to the depot leaving at the shift
 * start (without the break), *fac the facility of that bound (-1: none).
 * Returns 0 when no window of the stop can be reached in the shift. */
static int single_stop_need(const plan_job *j, const wo_vrp_vehicle_type *o,
                            const wo_vrp_stop *st, double *work_s,
                            double *end_s, int *fac)
{
    double t1 = type_travel_s(j, o, o->start_loc, st->loc), arr, start = -1;
    double best_work = INFINITY, best_end = INFINITY;
    int w, f;
    arr = o->shift_open_s + t1;
    if (st->n_tw == 0)
        start = arr;
    for (w = 0; w < st->n_tw && start < 0; w++)
        if (arr <= st->tw[w].close_s)
            start = arr > st->tw[w].open_s ? arr : st->tw[w].open_s;
    *fac = -1;
    if (start < 0)
        return 0;
    if (j->n_facs == 0) {
        best_work = t1 + st->service_s +
                    type_travel_s(j, o, st->loc, o->end_loc);
        best_end = start + st->service_s +
                   type_travel_s(j, o, st->loc, o->end_loc);
    }
    for (f = 0; f < j->n_facs; f++) {
        const wo_vrp_facility *fa = &j->facs[f];
        double t2, t3, a;
        if (!(fa->streams & WO_STREAM_BIT(st->stream)))
            continue;
        t2 = type_travel_s(j, o, st->loc, fa->loc);
        t3 = type_travel_s(j, o, fa->loc, o->end_loc);
        a = start + st->service_s + t2;
        if (a < fa->open_s)
            a = fa->open_s;
        if (a > fa->close_s)
            continue;
        if (t1 + st->service_s + t2 + fa->unload_s + t3 < best_work) {
            best_work = t1 + st->service_s + t2 + fa->unload_s + t3;
            *fac = f;
        }
        if (a + fa->unload_s + t3 < best_end)
            best_end = a + fa->unload_s + t3;
    }
    *work_s = best_work + (o->break_s > 0 ? o->break_s : 0);
    *end_s = best_end;
    return 1;
}

/* Stops that no vehicle of the job can serve even alone (the round trip
 * from its depot through the stop and the nearest facility, with the
 * break, is longer than the shift allows, or no window can be reached)
 * leave the job as unserved with the figures in the sentence: the routing
 * core would otherwise search for what cannot exist. */
static int drop_unservable(plan_run *r, plan_job *j)
{
    const wo_scenario *sc = r->sc;
    int i, t, kept = 0, rc = WO_OK;
    for (i = 0; i < j->n_stops; i++) {
        const wo_vrp_stop *st = &j->stops[i];
        double least = INFINITY, limit = 0;
        int ok = 0, reached = 0, fac = -1, ty = -1;
        for (t = 0; t < j->n_types && !ok; t++) {
            const wo_vrp_vehicle_type *o = &j->types[t];
            double work, end, lim = o->shift_close_s - o->shift_open_s;
            int f;
            if (!(o->streams & WO_STREAM_BIT(st->stream)) || o->count <= 0)
                continue;
            if (o->max_duration_s > 0 && o->max_duration_s < lim)
                lim = o->max_duration_s;
            if (!single_stop_need(j, o, st, &work, &end, &f))
                continue;
            reached = 1;
            ok = work <= lim + 1e-6 && end <= o->shift_close_s + 1e-6;
            if (work - lim < least - limit) {
                least = work;
                limit = lim;
                fac = f;
                ty = t;
            }
        }
        if (ok || ty < 0) {
            j->stops[kept++] = *st;
            continue;
        }
        rc = add_pre(r, (int)st->ext_id, j->day, st->demand[0],
                     reached ? "shift" : "time");
        if (rc != WO_OK)
            return rc;
        if (reached)
            snprintf(r->pre[r->n_pre - 1].detail,
                     sizeof r->pre[r->n_pre - 1].detail,
                     "the shortest trip for it alone (%s -> site -> %s -> "
                     "depot, with service, unloading and the break) takes "
                     "%.1f h, more than the %.1f h shift of vehicle type %s",
                     sc->depots[sc->vehicle_types[j->types[ty].ext_id]
                                    .start_depot].id,
                     fac >= 0 && j->facs[fac].ext_id >= 0
                         ? sc->facilities[j->facs[fac].ext_id].id
                         : "a facility",
                     least / 3600.0, limit / 3600.0,
                     sc->vehicle_types[j->types[ty].ext_id].id);
    }
    j->n_stops = kept;
    return WO_OK;
}

/* Build the routing problem of unit `streams` on day `day`. */
static int build_job(plan_run *r, plan_job *j, const plan_day_totals *tot,
                     wo_err *err) {
    const wo_scenario *sc = r->sc;
    int *map = NULL, rc = WO_OK, i, t, f, n_slots;
    size_t n_max;
    double unit_kg[WO_STREAM_COUNT] = {0};
    long day = r->day0 + j->day;

    n_slots = sc->n_depots + sc->n_facilities + sc->n_sites;
    n_max = (size_t)n_slots + 1;
    map = wo_malloc(n_max * sizeof *map);
    j->loc_kind = wo_malloc(n_max * sizeof *j->loc_kind);
    j->loc_index = wo_malloc(n_max * sizeof *j->loc_index);
    j->types = wo_calloc((size_t)sc->n_vehicle_types + 1, sizeof *j->types);
    j->facs = wo_calloc((size_t)sc->n_facilities + (size_t)sc->n_demands +
                            (size_t)sc->n_sites + 1,
                        sizeof *j->facs);
    if (!map || !j->loc_kind || !j->loc_index || !j->types || !j->facs) {
        rc = wo_err_set(err, WO_ENOMEM, "out of memory building the plan");
        goto done;
    }
    for (i = 0; i < n_slots; i++)
        map[i] = -1;

    /* Vehicle types of the unit. */
    for (t = 0; t < sc->n_vehicle_types; t++) {
        const wo_vehicle_type *vt = &sc->vehicle_types[t];
        wo_vrp_vehicle_type *o = &j->types[j->n_types];
        if (vt->count <= 0 || !(vt->streams & j->streams) ||
            vt->role != WO_ROLE_COLLECTION)
            continue;
        o->count = vt->count;
        o->capacity[0] = vt->capacity_kg;
        o->capacity[1] = vt->capacity_m3;
        o->max_load_per_day[0] = vt->max_load_kg_per_day > 0
                                     ? vt->max_load_kg_per_day
                                     : WO_VRP_UNLIMITED;
        o->max_load_per_day[1] = WO_VRP_UNLIMITED;
        o->max_stops = vt->max_stops;
        o->fixed_cost = vt->fixed_cost_cny;
        o->cost_per_m = vt->cost_cny_per_km / 1000.0;
        o->cost_per_s = vt->cost_cny_per_h / 3600.0;
        /* Road-graph times already follow the roads' speeds; the
         * great-circle matrix runs at REF_SPEED_KMH. */
        if (r->prm->graph)
            o->speed_factor = vt->speed_factor > 0 ? vt->speed_factor : 1.0;
        else
            o->speed_factor = vt->speed_kmh > 0 ? REF_SPEED_KMH / vt->speed_kmh
                                                : 1.0;
        o->start_loc = job_loc(j, map, sc, PLAN_LOC_DEPOT, vt->start_depot);
        o->end_loc = job_loc(j, map, sc, PLAN_LOC_DEPOT, vt->end_depot);
        o->shift_open_s = vt->shift_start_s;
        o->shift_close_s = vt->shift_end_s;
        o->max_duration_s = vt->shift_max_s > 0 ? vt->shift_max_s : 0;
        o->break_s = vt->break_s;
        o->break_earliest_s = vt->break_earliest_s;
        o->break_latest_s = vt->break_latest_s;
        /* A night shift's break written as the next morning's clock time
         * (22:00-30:00 with a break at 01:00-03:00) lies a day later. */
        if (o->break_s > 0 && o->break_latest_s < o->shift_open_s &&
            o->break_earliest_s + 86400 < o->shift_close_s) {
            o->break_earliest_s += 86400;
            o->break_latest_s += 86400;
        }
        o->streams = vt->streams & j->streams;
        o->ext_id = t;
        j->n_types++;
    }

    /* Stops: the unit's demand due on the day. */
    for (i = 0; i < sc->n_demands; i++) {
        const wo_demand *d = &sc->demands[i];
        wo_vrp_stop st;
        double cap_kg, cap_m3, kg, m3;
        int every, k, pieces, w, has_facility = 0;
        if (!(j->streams & WO_STREAM_BIT(d->stream)) ||
            !wo_calendar_demand_due(sc, d, day, &every))
            continue;
        kg = d->kg_per_day * every;
        m3 = d->m3_per_day * every;
        unit_kg[d->stream] += kg;
        max_payload(j, d->stream, &cap_kg, &cap_m3);
        for (f = 0; f < sc->n_facilities; f++)
            if (plan_facility_usable(&sc->facilities[f]) &&
                (sc->facilities[f].streams & WO_STREAM_BIT(d->stream)))
                has_facility = 1;
        if (cap_kg <= 0 || !has_facility) {
            rc = add_pre(r, i, j->day, kg,
                         cap_kg <= 0 ? "no_vehicle" : "no_facility");
            if (rc != WO_OK)
                goto oom;
            continue;
        }
        memset(&st, 0, sizeof st);
        st.loc = job_loc(j, map, sc, PLAN_LOC_SITE, d->site);
        st.stream = (int)d->stream;
        st.service_s = d->service_s;
        st.n_tw = d->n_tw;
        for (w = 0; w < d->n_tw && w < WO_VRP_MAX_TW; w++) {
            st.tw[w].open_s = d->tw[w].open_s;
            st.tw[w].close_s = d->tw[w].close_s;
        }
        /* Mandatory demand goes to the routing core as optional at a prize
         * no route can cost: a solution that leaves a stop out still keeps
         * every rule, so the search never has to hold (and finally cut
         * down) routes that break them, and serving comes before cost. */
        st.optional = 1;
        st.penalty = d->optional ? d->penalty_cny : MANDATORY_PRIZE_CNY;
        st.ext_id = i;
        /* Heavier than any vehicle: full loads, one visit each. */
        pieces = 1;
        if (cap_kg > 0 && kg > cap_kg)
            pieces = (int)ceil(kg / cap_kg - 1e-9);
        if (cap_m3 > 0 && m3 > cap_m3 && (int)ceil(m3 / cap_m3 - 1e-9) > pieces)
            pieces = (int)ceil(m3 / cap_m3 - 1e-9);
        for (k = 0; k < pieces; k++) {
            st.demand[0] = kg / pieces;
            st.demand[1] = m3 / pieces;
            if (push_stop(j, &st) != WO_OK)
                goto oom;
        }
    }

    /* Unload facilities, with their capacity shared among units. */
    for (f = 0; f < sc->n_facilities; f++) {
        const wo_facility *fa = &sc->facilities[f];
        wo_vrp_facility *o = &j->facs[j->n_facs];
        double cap = 0;
        int p;
        if (!plan_facility_usable(fa) || !(fa->streams & j->streams))
            continue;
        for (p = fa->process_first; p < fa->process_first + fa->process_count;
             p++) {
            const wo_process *pr = &sc->processes[p];
            double mine = 0, all = 0;
            int s;
            if (!(pr->streams & j->streams))
                continue;
            for (s = 0; s < WO_STREAM_COUNT; s++)
                if (pr->streams & WO_STREAM_BIT(s)) {
                    mine += unit_kg[s];
                    all += tot->kg[s];
                }
            cap += all > 0 ? pr->capacity_kg_per_d * mine / all
                           : pr->capacity_kg_per_d;
        }
        o->loc = job_loc(j, map, sc, PLAN_LOC_FACILITY, f);
        o->streams = fa->streams & j->streams;
        o->unload_s = fa->unload_s;
        o->open_s = fa->open_s;
        o->close_s = fa->close_s;
        /* Open round the clock: also after midnight, for night shifts
         * (times run past 24:00 within one plan day). */
        if (fa->open_s <= 0 && fa->close_s >= 86400)
            o->close_s = 2 * 86400.0;
        o->capacity[0] = cap;
        o->capacity[1] = WO_VRP_UNLIMITED;
        o->ext_id = f;
        j->n_facs++;
    }
    /* Medical transfer-storage nodes (中转贮存): hospitals and township
     * health centres with storage take the waste of the dedicated fleet,
     * up to their storage capacity; it goes on to disposal by transfer. */
    if (j->streams & WO_STREAM_BIT(WO_STREAM_MEDICAL))
        for (i = 0; i < sc->n_sites; i++)
            if (sc->sites[i].storage_capacity_kg > 0)
                site_unload(j, map, sc, i, WO_STREAM_MEDICAL,
                            sc->sites[i].storage_capacity_kg,
                            sc->sites[i].service_s);

    rc = plan_job_matrix(r, j, err);
    if (rc != WO_OK)
        goto done;
    if (drop_unservable(r, j) != WO_OK)
        goto oom;
    j->pb.n_loc = j->n_loc;
    j->pb.dist_m = j->dist_m;
    j->pb.dur_s = j->dur_s;
    j->pb.n_stops = j->n_stops;
    j->pb.stops = j->stops;
    j->pb.n_facilities = j->n_facs;
    j->pb.facilities = j->facs;
    j->pb.n_types = j->n_types;
    j->pb.types = j->types;
    j->pb.lexicographic = sc->plan.lexicographic;
    j->weight = j->n_stops + 1.0;
    goto done;
oom:
    rc = wo_err_set(err, WO_ENOMEM, "out of memory building the plan");
done:
    wo_free(map);
    return rc;
}

void plan_job_free(plan_job *j)
{
    if (!j->shared) {
        wo_free(j->loc_kind);
        wo_free(j->loc_index);
        wo_free(j->dist_m);
        wo_free(j->dur_s);
    }
    wo_free(j->vehicle_of);
    wo_free(j->veh_at);
    wo_free(j->why);
    wo_free(j->stops);
    wo_free(j->facs);
    wo_free(j->types);
}

static int cmp_weight_desc(const plan_job *jobs, int a, int b)
{
    if (jobs[a].weight != jobs[b].weight)
        return jobs[a].weight > jobs[b].weight ? -1 : 1;
    return a - b;
}

int plan_jobs_make(plan_run *r, const plan_day_totals *tot, wo_err *err)
{
    const wo_scenario *sc = r->sc;
    const wo_plan_params *prm = r->prm;
    int unit_of[WO_STREAM_COUNT], unit_ids[WO_STREAM_COUNT];
    int n_units = 0, s, u, day, i, k, rc;

    /* Units: one per union-find root that has demand on some day. */
    stream_units(sc, unit_of);
    for (s = 0; s < WO_STREAM_COUNT; s++)
        unit_ids[s] = -1;
    for (s = 0; s < WO_STREAM_PRIMARY_COUNT; s++) {
        int any = 0;
        if (s == WO_STREAM_CD_SPOIL || s == WO_STREAM_CD_SLURRY)
            continue; /* truckloads: earthwork / transfer MIP, not routes */
        for (day = 0; day < prm->days; day++)
            any |= tot[day].kg[s] > 0;
        if (any && unit_ids[unit_of[s]] < 0)
            unit_ids[unit_of[s]] = n_units++;
    }
    r->jobs = wo_calloc((size_t)(n_units * prm->days) + 1, sizeof *r->jobs);
    r->order = wo_calloc((size_t)(n_units * prm->days) + 1, sizeof *r->order);
    if (!r->jobs || !r->order)
        return wo_err_set(err, WO_ENOMEM, "out of memory planning");
    for (day = 0; day < prm->days; day++)
        for (u = 0; u < n_units; u++) {
            plan_job *j = &r->jobs[r->n_jobs];
            j->unit = u;
            j->day = day;
            for (s = 0; s < WO_STREAM_PRIMARY_COUNT; s++)
                if (s != WO_STREAM_CD_SPOIL && s != WO_STREAM_CD_SLURRY &&
                    unit_ids[unit_of[s]] == u)
                    j->streams |= WO_STREAM_BIT(s);
            j->seed = prm->seed + (uint64_t)r->n_jobs;
            r->n_jobs++;
            rc = build_job(r, j, &tot[day], err);
            if (rc != WO_OK)
                return rc;
            r->pending_weight += j->weight;
        }

    /* Largest problems first (insertion sort: few jobs). */
    for (i = 0; i < r->n_jobs; i++) {
        int v = i;
        for (k = i; k > 0 && cmp_weight_desc(r->jobs, v, r->order[k - 1]) < 0;
             k--)
            r->order[k] = r->order[k - 1];
        r->order[k] = v;
    }
    return WO_OK;
}
