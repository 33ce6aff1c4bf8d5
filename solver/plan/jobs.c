/*
 * jobs.c — turning a scenario into routing problems ("jobs"): one per
 * routing unit and day, with the stops due that day, the unit's vehicle
 * types, the unload facilities and their share of each facility's
 * capacity. A unit is what the fleet sharing of the scenario lets serve
 * each other: the vehicle types and the stops of the streams they carry,
 * split by district where a stream is district-run (data/model.h). Stops
 * that no vehicle may serve, or can serve even alone, leave here as
 * unserved, with the figures.
 */
#include "solver/plan/internal.h"
#include "data/capacity.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define PLAN_PI 3.14159265358979323846
/* A unit's stops of a day beyond this many are routed in geographic
 * sectors of about equal size, each with its slice of the fleet: the
 * routing core's search does best on problems of a few hundred to about a
 * thousand stops, and the sectors keep both cores busy. */
#define PLAN_SECTOR_STOPS 1200
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

/* How the run's stops and vehicle types fall into units: a union-find
 * over the nodes, vehicle types 0 .. nt - 1, then one per (stream,
 * district) stop group, nt + group_of(s, district). */
typedef struct plan_split {
    wo_territory terr;         /* districts of the sites and depots         */
    int nt;                    /* vehicle types                             */
    int nd;                    /* districts + 1 (stops outside every one)   */
    int *node_unit;            /* [nodes] union-find parents, then the unit
                                  of each node (-1: none)                   */
    unsigned char *active;     /* [groups] 1: a stop due in the horizon     */
    unsigned char *served;     /* [groups] 1: some vehicle may serve it     */
    double *share;             /* [units x processes] each unit's share of
                                  each process's daily capacity on the day
                                  being built (share_capacity), kg         */
    int n_nodes;               /* medical transfer-storage nodes            */
    int *node_site;            /* [n_nodes] their sites                     */
    int *near_node;            /* [n_demands] a medical demand's nearest
                                  node (estimated road metres), -1         */
    double *room;              /* [units x n_nodes] each unit's share of
                                  each node's room on the day being built
                                  (share_room), kg                          */
} plan_split;

/* 1 when process pr takes one of the streams in m. */
static int pr_accepts(const wo_process *pr, wo_stream_mask m)
{
    return (pr->streams & m) != 0;
}

/* Stop group of stream s in district `district` (-1: outside all). */
static int group_of(const plan_split *x, int s, int district)
{
    return s * x->nd + district + 1;
}

static int uf_find(int *parent, int a)
{
    while (parent[a] != a) {
        parent[a] = parent[parent[a]];
        a = parent[a];
    }
    return a;
}

/* 1 when stop group g of stream s belongs to unit u. */
static int group_in(const plan_split *x, int g, int u)
{
    return x->active[g] && x->served[g] && x->node_unit[x->nt + g] == u;
}

/* 1 when the vehicle types of unit u that may serve stream s in district
 * a are the ones that may serve it in district b. */
static int same_fleet(const wo_scenario *sc, const plan_split *x, int u,
                      int s, int a, int b)
{
    int t;
    for (t = 0; t < x->nt; t++)
        if (x->node_unit[t] == u &&
            wo_territory_serves(sc, &x->terr, t, s, a) !=
                wo_territory_serves(sc, &x->terr, t, s, b))
            return 0;
    return 1;
}

/* The routing core's stream ids of job j (j->lane_stream) and of each of
 * its stop groups (lane[group]): one per stream and set of the unit's
 * vehicles that may serve its stops, the stream's own id for the first. */
static int job_lanes(const wo_scenario *sc, const plan_split *x, plan_job *j,
                     int *lane, wo_err *err)
{
    int s, d, e, k, next = 0;
    for (k = 0; k < PLAN_LANES; k++)
        j->lane_stream[k] = -1;
    for (s = 0; s < WO_STREAM_PRIMARY_COUNT; s++) {
        int own = 0;
        if (!(j->streams & WO_STREAM_BIT(s)))
            continue;
        for (d = -1; d < x->nd - 1; d++) {
            int g = group_of(x, s, d), l = -1;
            if (!group_in(x, g, j->unit))
                continue;
            for (e = -1; e < d && l < 0; e++)
                if (group_in(x, group_of(x, s, e), j->unit) &&
                    same_fleet(sc, x, j->unit, s, d, e))
                    l = lane[group_of(x, s, e)];
            if (l < 0 && !own) {
                l = s;
                own = 1;
            } else if (l < 0) {
                while (next < PLAN_LANES &&
                       (j->lane_stream[next] >= 0 ||
                        (j->streams & WO_STREAM_BIT(next))))
                    next++;
                if (next >= PLAN_LANES)
                    return wo_err_set(err, WO_ETOOBIG,
                                      "plan: fleet_sharing splits the stops "
                                      "of one routing problem (stream %s) "
                                      "among more than %d sets of vehicles",
                                      wo_stream_get(s)->code, PLAN_LANES);
                l = next;
            }
            j->lane_stream[l] = s;
            lane[g] = l;
        }
    }
    return WO_OK;
}

/* The routing core's stream ids of job j for the streams in `real`. */
static wo_stream_mask lanes_of(const plan_job *j, wo_stream_mask real)
{
    wo_stream_mask m = 0;
    int k;
    for (k = 0; k < PLAN_LANES; k++)
        if (j->lane_stream[k] >= 0 && (real & WO_STREAM_BIT(j->lane_stream[k])))
            m |= WO_STREAM_BIT(k);
    return m;
}

/* The routing core's stream ids vehicle type t may serve in job j. */
static wo_stream_mask type_lanes(const wo_scenario *sc, const plan_split *x,
                                 const plan_job *j, const int *lane, int t)
{
    wo_stream_mask m = 0;
    int s, d;
    for (s = 0; s < WO_STREAM_PRIMARY_COUNT; s++)
        for (d = -1; d < x->nd - 1; d++)
            if ((j->streams & WO_STREAM_BIT(s)) &&
                group_in(x, group_of(x, s, d), j->unit) &&
                wo_territory_serves(sc, &x->terr, t, s, d))
                m |= WO_STREAM_BIT(lane[group_of(x, s, d)]);
    return m;
}

wo_stream plan_job_stream(const plan_job *j, int lane)
{
    if (lane >= 0 && lane < PLAN_LANES && j->lane_stream[lane] >= 0)
        return (wo_stream)j->lane_stream[lane];
    return (wo_stream)lane;
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

/* A site where vehicles of one stream (its routing-core ids `lanes`) may
 * unload (a medical storage node), open in the site's windows, up to
 * capacity_kg a day. Its ext_id is -(site + 1). */
static void site_unload(plan_job *j, int *map, const wo_scenario *sc, int site,
                        wo_stream_mask lanes, double capacity_kg,
                        double unload_s)
{
    const wo_site *si = &sc->sites[site];
    wo_vrp_facility *o = &j->facs[j->n_facs++];
    o->loc = job_loc(j, map, sc, PLAN_LOC_SITE, site);
    o->streams = lanes;
    o->unload_s = unload_s > 0 ? unload_s : 600;
    o->open_s = si->n_tw > 0 ? si->tw[0].open_s : 0;
    o->close_s = si->n_tw > 0 ? si->tw[si->n_tw - 1].close_s : 2 * 86400.0;
    o->capacity[0] = capacity_kg;
    o->capacity[1] = WO_VRP_UNLIMITED;
    o->ext_id = -(long)site - 1;
}

/* Travel time of vehicle type o between job locations a and b. */
double plan_type_travel_s(const plan_job *j, const wo_vrp_vehicle_type *o,
                          int a, int b) {
    double d = j->dur_s[(size_t)a * (size_t)j->n_loc + (size_t)b];
    return o->speed_factor > 0 ? d * o->speed_factor : d;
}

void plan_least_two(double v, double *best, double *second)
{
    if (v < *best) {
        *second = *best;
        *best = v;
    } else if (v < *second) {
        *second = v;
    }
}

double plan_regret(double best, double second)
{
    return isfinite(second) ? second - best : 1e12;
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
    double t1 = plan_type_travel_s(j, o, o->start_loc, st->loc), arr, start = -1;
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
                    plan_type_travel_s(j, o, st->loc, o->end_loc);
        best_end = start + st->service_s +
                   plan_type_travel_s(j, o, st->loc, o->end_loc);
    }
    for (f = 0; f < j->n_facs; f++) {
        const wo_vrp_facility *fa = &j->facs[f];
        double t2, t3, a;
        if (!(fa->streams & WO_STREAM_BIT(st->stream)))
            continue;
        t2 = plan_type_travel_s(j, o, st->loc, fa->loc);
        t3 = plan_type_travel_s(j, o, fa->loc, o->end_loc);
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
        double least = INFINITY, limit = 0, first_s = INFINITY;
        int ok = 0, reached = 0, fac = -1, ty = -1, first_ty = -1;
        for (t = 0; t < j->n_types && !ok; t++) {
            const wo_vrp_vehicle_type *o = &j->types[t];
            double work, end, lim = o->shift_close_s - o->shift_open_s;
            int f;
            if (!(o->streams & WO_STREAM_BIT(st->stream)) || o->count <= 0)
                continue;
            if (o->max_duration_s > 0 && o->max_duration_s < lim)
                lim = o->max_duration_s;
            if (!single_stop_need(j, o, st, &work, &end, &f)) {
                /* the earliest arrival of an allowed type, for the
                 * sentence when no type reaches a window */
                double arr = o->shift_open_s +
                             plan_type_travel_s(j, o, o->start_loc, st->loc);
                if (arr < first_s) {
                    first_s = arr;
                    first_ty = t;
                }
                continue;
            }
            reached = 1;
            ok = work <= lim + 1e-6 && end <= o->shift_close_s + 1e-6;
            if (work - lim < least - limit) {
                least = work;
                limit = lim;
                fac = f;
                ty = t;
            }
        }
        if (ok || (ty < 0 && first_ty < 0)) {
            j->stops[kept++] = *st; /* served, or no type: the core says */
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
        else
            snprintf(r->pre[r->n_pre - 1].detail,
                     sizeof r->pre[r->n_pre - 1].detail,
                     "no vehicle reaches it within a time window: the "
                     "earliest arrival, vehicle type %s leaving %s at its "
                     "shift start, is at %02d:%02d (plan-day clock), after "
                     "its last window closes",
                     sc->vehicle_types[j->types[first_ty].ext_id].id,
                     sc->depots[sc->vehicle_types[j->types[first_ty].ext_id]
                                    .start_depot].id,
                     (int)(first_s / 3600), (int)fmod(first_s / 60, 60));
    }
    j->n_stops = kept;
    return WO_OK;
}

/* Build the routing problem of unit j->unit (streams j->streams) on day
 * j->day. */
/* Bearing of point a from the sector centre of j, in (-pi, pi]. */
static double sector_bearing(const plan_job *j, const wo_point *a)
{
    return atan2(a->lat_deg - j->sec_lat,
                 (a->lon_deg - j->sec_lon) * cos(j->sec_lat * PLAN_PI / 180));
}

/* 1 when a site at a belongs to the sector of job j. */
static int in_sector(const plan_job *j, const wo_point *a)
{
    double b;
    if (j->n_sectors <= 1)
        return 1;
    b = sector_bearing(j, a);
    return b >= j->sec_lo && b < j->sec_hi;
}

static int build_job(plan_run *r, plan_job *j, const plan_split *x,
                     const plan_day_totals *tot, wo_err *err) {
    const wo_scenario *sc = r->sc;
    int *map = NULL, *lane = NULL, rc = WO_OK, i, t, f, n_slots;
    size_t n_max;
    long day = r->day0 + j->day;

    n_slots = sc->n_depots + sc->n_facilities + sc->n_sites;
    n_max = (size_t)n_slots + 1;
    map = wo_malloc(n_max * sizeof *map);
    j->loc_kind = wo_malloc(n_max * sizeof *j->loc_kind);
    j->loc_index = wo_malloc(n_max * sizeof *j->loc_index);
    j->types = wo_calloc((size_t)sc->n_vehicle_types + 1, sizeof *j->types);
    j->veh_base =
        wo_calloc((size_t)sc->n_vehicle_types + 1, sizeof *j->veh_base);
    j->facs = wo_calloc((size_t)sc->n_facilities + (size_t)sc->n_demands +
                            (size_t)sc->n_sites + 1,
                        sizeof *j->facs);
    lane = wo_calloc((size_t)WO_STREAM_PRIMARY_COUNT * (size_t)x->nd,
                     sizeof *lane);
    if (!map || !j->loc_kind || !j->loc_index || !j->types || !j->facs ||
        !lane || !j->veh_base) {
        rc = wo_err_set(err, WO_ENOMEM, "out of memory building the plan");
        goto done;
    }
    for (i = 0; i < n_slots; i++)
        map[i] = -1;
    if ((rc = job_lanes(sc, x, j, lane, err)) != WO_OK)
        goto done;

    /* Vehicle types of the unit. */
    for (t = 0; t < sc->n_vehicle_types; t++) {
        const wo_vehicle_type *vt = &sc->vehicle_types[t];
        wo_vrp_vehicle_type *o = &j->types[j->n_types];
        int base, count;
        if (vt->count <= 0 || x->node_unit[t] != j->unit ||
            vt->role != WO_ROLE_COLLECTION)
            continue;
        /* a sector's slice of the fleet: the sectors hold equal numbers
         * of stops, so equal slices, together the whole fleet */
        base = (int)((long)vt->count * j->sector / j->n_sectors);
        count = (int)((long)vt->count * (j->sector + 1) / j->n_sectors) - base;
        if (count <= 0)
            continue;
        j->veh_base[j->n_types] = base;
        o->count = count;
        /* a compacting body's volume is a limit in kg (data/capacity.h) */
        wo_vehicle_trip_capacity(vt, &o->capacity[0], &o->capacity[1]);
        if (o->capacity[1] <= 0)
            o->capacity[1] = WO_VRP_UNLIMITED;
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
        o->streams = type_lanes(sc, x, j, lane, t);
        o->ext_id = t;
        j->n_types++;
    }

    /* Stops: the unit's demand due on the day. */
    for (i = 0; i < sc->n_demands; i++) {
        const wo_demand *d = &sc->demands[i];
        wo_vrp_stop st;
        double cap_kg, cap_m3, kg, m3;
        int every, k, pieces, w, has_facility = 0, g;
        if (!(j->streams & WO_STREAM_BIT(d->stream)))
            continue;
        g = group_of(x, (int)d->stream, x->terr.site_district[d->site]);
        if (!group_in(x, g, j->unit) ||
            !wo_calendar_demand_due(sc, d, day, &every) ||
            !in_sector(j, &sc->sites[d->site].pos))
            continue;
        kg = d->kg_per_day * every;
        m3 = d->m3_per_day * every;
        max_payload(j, lane[g], &cap_kg, &cap_m3);
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
        st.stream = lane[g];
        st.service_s = d->service_s;
        st.n_tw = d->n_tw;
        for (w = 0; w < d->n_tw && w < WO_VRP_MAX_TW; w++) {
            st.tw[w].open_s = d->tw[w].open_s;
            st.tw[w].close_s = d->tw[w].close_s;
        }
        /* Mandatory demand goes to the routing core as optional at a prize
         * no route can cost: a solution that leaves a stop out still keeps
         * every rule, so the search never has to hold (and finally cut
         * down) routes that break them, and serving comes before cost.
         * Not in lexicographic mode: its fewest-vehicles phase ranks the
         * vehicle count above any prize and would serve nothing. */
        st.optional = !sc->plan.lexicographic || d->optional;
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
        /* the streams the city's rules let the unit unload here (rules.c) */
        wo_stream_mask ok;
        if (!plan_facility_usable(fa) || !(fa->streams & j->streams))
            continue;
        ok = fa->streams & j->streams & ~plan_rules_blocked(sc, f, tot->kg);
        if (!ok)
            continue;
        for (p = fa->process_first; p < fa->process_first + fa->process_count;
             p++)
            if (pr_accepts(&sc->processes[p], ok))
                cap += x->share[(size_t)j->unit * (size_t)sc->n_processes +
                                (size_t)p] /
                       j->n_sectors;
        o->loc = job_loc(j, map, sc, PLAN_LOC_FACILITY, f);
        o->streams = lanes_of(j, ok);
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
     * up to the unit's share of their room (share_room); it goes on to
     * disposal by transfer. */
    if (j->streams & WO_STREAM_BIT(WO_STREAM_MEDICAL))
        for (i = 0; i < x->n_nodes; i++) {
            double room =
                x->room[(size_t)j->unit * (size_t)x->n_nodes + (size_t)i];
            if (room > 0)
                site_unload(j, map, sc, x->node_site[i],
                            lanes_of(j, WO_STREAM_BIT(WO_STREAM_MEDICAL)),
                            room / j->n_sectors,
                            sc->sites[x->node_site[i]].service_s);
        }

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
    wo_free(lane);
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
    wo_free(j->veh_base);
    wo_free(j->pref_vehicle);
    wo_free(j->pref_pos);
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

/* 1 when stream s is routed (spoil and slurry go as truckloads through
 * the earthwork and transfer models). */
static int routed(int s)
{
    return s < WO_STREAM_PRIMARY_COUNT && s != WO_STREAM_CD_SPOIL &&
           s != WO_STREAM_CD_SLURRY;
}

/* A stop and a process that may take its stream, for share_capacity. */
typedef struct share_pair {
    double dist_m;             /* estimated road distance, site to facility */
    double regret_m;           /* its stop's second nearest less nearest    */
    int demand;                /* demand row                                */
    int process;               /* process                                   */
} share_pair;

/* The shortest single trip for demand d unloading at process p, by a
 * vehicle of its unit that may serve it: from the vehicle's depot to the
 * site, on to the process's facility and back to its end depot (estimated
 * road metres). *fits: 1 when that vehicle's shift, less its break, holds
 * the trip at its speed with the stop's service and the unloading (a
 * district fleet cannot use a plant it cannot reach and leave again in a
 * shift). INFINITY when no vehicle of the unit may serve d. */
static double share_trip_m(const wo_scenario *sc, const plan_split *x,
                           const wo_demand *d, int p, int *fits)
{
    const wo_facility *fa = &sc->facilities[sc->processes[p].facility];
    const wo_point *site = &sc->sites[d->site].pos;
    int dist = x->terr.site_district[d->site], u, t;
    double best = INFINITY, leg = plan_estimated_road_m(sc, site, &fa->pos);
    *fits = 0;
    u = x->node_unit[x->nt + group_of(x, (int)d->stream, dist)];
    for (t = 0; t < x->nt; t++) {
        const wo_vehicle_type *vt = &sc->vehicle_types[t];
        double m, work_s, lim;
        int ok;
        if (x->node_unit[t] != u || vt->count <= 0 ||
            vt->role != WO_ROLE_COLLECTION ||
            !(vt->streams & WO_STREAM_BIT(d->stream)) ||
            !wo_territory_serves(sc, &x->terr, t, (int)d->stream, dist))
            continue;
        m = plan_estimated_road_m(sc, &sc->depots[vt->start_depot].pos,
                                  site) +
            leg +
            plan_estimated_road_m(sc, &fa->pos,
                                  &sc->depots[vt->end_depot].pos);
        work_s = m / ((vt->speed_kmh > 0 ? vt->speed_kmh : REF_SPEED_KMH) /
                      3.6) +
                 d->service_s + fa->unload_s;
        lim = vt->shift_end_s - vt->shift_start_s;
        if (vt->shift_max_s > 0 && vt->shift_max_s < lim)
            lim = vt->shift_max_s;
        ok = work_s <= lim - (vt->break_s > 0 ? vt->break_s : 0);
        if ((ok && !*fits) || (ok == *fits && m < best)) {
            best = m;
            *fits = ok;
        }
    }
    return best;
}

/* Pairs by their stop's regret (the extra distance to its second nearest
 * process over its nearest) largest first, then nearest first within a
 * stop: the stops with no good second choice take their plant first. */
static int cmp_pair(const void *a, const void *b)
{
    const share_pair *p = a, *q = b;
    if (p->regret_m != q->regret_m)
        return p->regret_m > q->regret_m ? -1 : 1;
    if (p->demand != q->demand)
        return p->demand < q->demand ? -1 : 1;
    if (p->dist_m != q->dist_m)
        return p->dist_m < q->dist_m ? -1 : 1;
    return p->process - q->process;
}

/* Each unit's share of each usable process's capacity on day `day`, into
 * x->share: first the stops' amounts go to the nearest processes taking
 * their stream with capacity left (the stops that lose most by a second
 * choice first), so that a district's problem gets the capacity of the
 * plants near it. Near is the shortest single trip of a vehicle of the
 * stop's unit (share_trip_m: its depot legs count), and a process that no
 * such trip reaches within a shift is no choice for a stop that has one
 * that is: a stop whose fleet can reach one plant only takes it before
 * stops that could go elsewhere. What is
 * left is shared in proportion to each unit's due amount of the process's
 * streams over all that is due of them (tot). WO_OK or WO_ENOMEM. */
static int share_capacity(plan_run *r, const plan_split *x, int n_units,
                          int day, const plan_day_totals *tot)
{
    const wo_scenario *sc = r->sc;
    size_t np = (size_t)sc->n_processes, n_pairs = 0, k;
    share_pair *pairs = NULL;
    double *left_row = NULL, *left_cap = NULL, *due = NULL;
    wo_stream_mask *allowed = NULL;
    int i, p, u, rc = WO_OK;
    memset(x->share, 0, (size_t)n_units * np * sizeof *x->share);
    left_row = wo_calloc((size_t)sc->n_demands + 1, sizeof *left_row);
    left_cap = wo_calloc(np + 1, sizeof *left_cap);
    due = wo_calloc((size_t)n_units * WO_STREAM_COUNT + 1, sizeof *due);
    allowed = wo_calloc(np + 1, sizeof *allowed);
    if (!left_row || !left_cap || !due || !allowed)
        goto oom;
    /* what the city's rules leave of each process (rules.c): a stream an
     * enforced rule keeps out of it takes no share of it, and a facility
     * opened by an emergency holds the shortfall only */
    for (p = 0; p < sc->n_processes; p++) {
        const wo_process *pr = &sc->processes[p];
        double em;
        if (!plan_facility_usable(&sc->facilities[pr->facility]))
            continue;
        allowed[p] = pr->streams & ~plan_rules_blocked(sc, pr->facility,
                                                       tot->kg);
        left_cap[p] = pr->capacity_kg_per_d;
        em = plan_rules_emergency_kg(sc, pr->facility, allowed[p], tot->kg);
        if (em >= 0 && em < left_cap[p])
            left_cap[p] = em;
    }
    for (i = 0; i < sc->n_demands; i++) {
        const wo_demand *d = &sc->demands[i];
        int every;
        if (!routed((int)d->stream))
            continue;
        u = x->node_unit[x->nt + group_of(x, (int)d->stream,
                                          x->terr.site_district[d->site])];
        if (u < 0 || !wo_calendar_demand_due(sc, d, r->day0 + day, &every))
            continue;
        left_row[i] = d->kg_per_day * every;
        due[(size_t)u * WO_STREAM_COUNT + d->stream] += left_row[i];
        for (p = 0; p < sc->n_processes; p++)
            n_pairs += left_cap[p] > 0 &&
                       (allowed[p] & WO_STREAM_BIT(d->stream));
    }
    pairs = wo_malloc((n_pairs + 1) * sizeof *pairs);
    if (!pairs)
        goto oom;
    for (i = 0, n_pairs = 0; i < sc->n_demands; i++) {
        const wo_demand *d = &sc->demands[i];
        size_t first = n_pairs;
        double best = INFINITY, second = INFINITY;
        int any_fits = 0, fits;
        if (left_row[i] <= 0)
            continue;
        for (p = 0; p < sc->n_processes; p++)
            if (left_cap[p] > 0 && (allowed[p] & WO_STREAM_BIT(d->stream))) {
                share_trip_m(sc, x, d, p, &fits);
                any_fits |= fits;
            }
        for (p = 0; p < sc->n_processes; p++) {
            double m;
            if (left_cap[p] <= 0 || !(allowed[p] & WO_STREAM_BIT(d->stream)))
                continue;
            m = share_trip_m(sc, x, d, p, &fits);
            if (any_fits && !fits)
                continue;
            pairs[n_pairs].dist_m = m;
            pairs[n_pairs].demand = i;
            pairs[n_pairs].process = p;
            n_pairs++;
            plan_least_two(m, &best, &second);
        }
        /* a stop with one process has no second choice at all */
        for (k = first; k < n_pairs; k++)
            pairs[k].regret_m = plan_regret(best, second);
    }
    qsort(pairs, n_pairs, sizeof *pairs, cmp_pair);
    for (k = 0; k < n_pairs; k++) {
        const wo_demand *d = &sc->demands[pairs[k].demand];
        double a;
        i = pairs[k].demand;
        p = pairs[k].process;
        a = fmin(left_row[i], left_cap[p]);
        if (a <= 0)
            continue;
        u = x->node_unit[x->nt + group_of(x, (int)d->stream,
                                          x->terr.site_district[d->site])];
        x->share[(size_t)u * np + (size_t)p] += a;
        left_row[i] -= a;
        left_cap[p] -= a;
    }
    for (p = 0; p < sc->n_processes; p++) {
        double all = 0;
        int s;
        if (left_cap[p] <= 0)
            continue;
        for (s = 0; s < WO_STREAM_COUNT; s++)
            if (allowed[p] & WO_STREAM_BIT(s))
                all += tot->kg[s];
        for (u = 0; u < n_units && all > 0; u++) {
            double mine = 0;
            for (s = 0; s < WO_STREAM_COUNT; s++)
                if (allowed[p] & WO_STREAM_BIT(s))
                    mine += due[(size_t)u * WO_STREAM_COUNT + (size_t)s];
            x->share[(size_t)u * np + (size_t)p] += left_cap[p] * mine / all;
        }
    }
    goto done;
oom:
    rc = WO_ENOMEM;
done:
    wo_free(pairs);
    wo_free(left_row);
    wo_free(left_cap);
    wo_free(due);
    wo_free(allowed);
    return rc;
}

/* Each medical demand's nearest transfer-storage node into x->near_node
 * (-1 for the others), once for all the days of share_room. */
static void nearest_nodes(const wo_scenario *sc, plan_split *x)
{
    int i, n;
    for (i = 0; i < sc->n_demands; i++) {
        const wo_demand *d = &sc->demands[i];
        double best = INFINITY;
        x->near_node[i] = -1;
        if (d->stream != WO_STREAM_MEDICAL)
            continue;
        for (n = 0; n < x->n_nodes; n++) {
            double m = plan_estimated_road_m(
                sc, &sc->sites[d->site].pos,
                &sc->sites[x->node_site[n]].pos);
            if (m < best) {
                best = m;
                x->near_node[i] = n;
            }
        }
    }
}

/* Each unit's share of each medical transfer-storage node's room on day
 * `day`, into x->room. A node's room goes to the units in proportion to
 * the medical waste due that day at the stops it is the nearest node of
 * (estimated road metres): with medical district-run, the districts'
 * problems around a node split its room instead of each getting all of
 * it. A node nearest to no due stop goes to the unit of its own
 * district, else in equal parts to the units with medical waste due.
 * WO_OK or WO_ENOMEM. */
static int share_room(plan_run *r, plan_split *x, int n_units, int day)
{
    const wo_scenario *sc = r->sc;
    size_t nn = (size_t)x->n_nodes;
    double *near = NULL, *all = NULL;
    int i, n, u, every, n_med = 0;
    if (nn == 0)
        return WO_OK;
    memset(x->room, 0, (size_t)n_units * nn * sizeof *x->room);
    near = wo_calloc((size_t)n_units * nn + 1, sizeof *near);
    all = wo_calloc(nn + (size_t)n_units + 1, sizeof *all);
    if (!near || !all) {
        wo_free(near);
        wo_free(all);
        return WO_ENOMEM;
    }
    for (i = 0; i < sc->n_demands; i++) {
        const wo_demand *d = &sc->demands[i];
        double kg;
        int at;
        if (d->stream != WO_STREAM_MEDICAL)
            continue;
        u = x->node_unit[x->nt + group_of(x, (int)d->stream,
                                          x->terr.site_district[d->site])];
        if (u < 0 || !wo_calendar_demand_due(sc, d, r->day0 + day, &every))
            continue;
        kg = d->kg_per_day * every;
        at = x->near_node[i];
        near[(size_t)u * nn + (size_t)at] += kg;
        all[at] += kg;
        if (all[nn + (size_t)u] == 0 && kg > 0)
            n_med++;
        all[nn + (size_t)u] += kg;
    }
    for (n = 0; n < x->n_nodes; n++) {
        int site = x->node_site[n];
        double cap = sc->sites[site].storage_capacity_kg;
        int own = x->node_unit[x->nt + group_of(x, WO_STREAM_MEDICAL,
                                                x->terr.site_district[site])];
        for (u = 0; u < n_units; u++) {
            size_t at = (size_t)u * nn + (size_t)n;
            if (all[n] > 0)
                x->room[at] = cap * near[at] / all[n];
            else if (own >= 0)
                x->room[at] = u == own ? cap : 0;
            else if (all[nn + (size_t)u] > 0)
                x->room[at] = cap / n_med;
        }
    }
    wo_free(near);
    wo_free(all);
    return WO_OK;
}

/* Demand due in the horizon that no vehicle may serve (its stream has no
 * vehicles, or is district-run and no vehicle may serve its district)
 * goes to r->pre, with the district in the sentence. */
static int unserved_groups(plan_run *r, const plan_split *x)
{
    const wo_scenario *sc = r->sc;
    int i, day, t, any;
    for (i = 0; i < sc->n_demands; i++) {
        const wo_demand *d = &sc->demands[i];
        int dist = x->terr.site_district[d->site], every;
        if (!routed((int)d->stream) ||
            x->served[group_of(x, (int)d->stream, dist)])
            continue;
        for (t = 0, any = 0; t < x->nt && !any; t++)
            any = sc->vehicle_types[t].count > 0 &&
                  (sc->vehicle_types[t].streams & WO_STREAM_BIT(d->stream));
        for (day = 0; day < r->prm->days; day++) {
            plan_pre *pr;
            if (!wo_calendar_demand_due(sc, d, r->day0 + day, &every))
                continue;
            if (add_pre(r, i, day, d->kg_per_day * every,
                        any ? "district_fleet" : "no_vehicle") != WO_OK)
                return WO_ENOMEM;
            pr = &r->pre[r->n_pre - 1];
            if (any && dist >= 0)
                snprintf(pr->detail, sizeof pr->detail,
                         "%s is district-run (fleet_sharing) and no vehicle "
                         "based in district %s (%s), or at a depot that "
                         "fleet_sharing.also_serves lists for it, may carry "
                         "it",
                         wo_stream_get(d->stream)->code, sc->districts[dist].id,
                         sc->districts[dist].name);
            else if (any)
                snprintf(pr->detail, sizeof pr->detail,
                         "%s is district-run (fleet_sharing), the site lies "
                         "outside every district and no vehicle based "
                         "outside every district may carry it",
                         wo_stream_get(d->stream)->code);
        }
    }
    return WO_OK;
}

/* Units: the vehicle types and the stop groups with stops due, joined
 * where a type may serve a group; numbered in group order. *n_units
 * receives their number, x->node_unit each node's unit. */
static void split_units(plan_run *r, plan_split *x, int *n_units)
{
    const wo_scenario *sc = r->sc;
    int n_groups = WO_STREAM_PRIMARY_COUNT * x->nd, i, g, t, day;
    int *root_unit = x->node_unit + x->nt + n_groups; /* [nodes] */
    for (i = 0; i < x->nt + n_groups; i++) {
        x->node_unit[i] = i;
        root_unit[i] = -1;
    }
    for (i = 0; i < sc->n_demands; i++) {
        const wo_demand *d = &sc->demands[i];
        int every;
        if (!routed((int)d->stream))
            continue;
        g = group_of(x, (int)d->stream, x->terr.site_district[d->site]);
        for (day = 0; day < r->prm->days && !x->active[g]; day++)
            x->active[g] = (unsigned char)wo_calendar_demand_due(
                sc, d, r->day0 + day, &every) != 0;
    }
    for (g = 0; g < n_groups; g++) {
        int s = g / x->nd, dist = g % x->nd - 1;
        if (!x->active[g])
            continue;
        for (t = 0; t < x->nt; t++) {
            int a, b;
            if (sc->vehicle_types[t].count <= 0 ||
                !wo_territory_serves(sc, &x->terr, t, s, dist))
                continue;
            x->served[g] = 1;
            a = uf_find(x->node_unit, t);
            b = uf_find(x->node_unit, x->nt + g);
            if (a != b)
                x->node_unit[a > b ? a : b] = a < b ? a : b;
        }
    }
    *n_units = 0;
    for (g = 0; g < n_groups; g++)
        if (x->active[g] && x->served[g]) {
            int root = uf_find(x->node_unit, x->nt + g);
            if (root_unit[root] < 0)
                root_unit[root] = (*n_units)++;
        }
    /* every node straight under its root, then the root's unit */
    for (i = 0; i < x->nt + n_groups; i++)
        x->node_unit[i] = uf_find(x->node_unit, i);
    for (i = 0; i < x->nt + n_groups; i++)
        x->node_unit[i] = root_unit[x->node_unit[i]];
    for (g = 0; g < n_groups; g++)
        if (!x->active[g] || !x->served[g])
            x->node_unit[x->nt + g] = -1;
}

#define PLAN_MAX_SECTORS 16

/* Sectors of a unit's n stops of a day (1: none). */
static int n_sectors(int n)
{
    int k = (n + PLAN_SECTOR_STOPS - 1) / PLAN_SECTOR_STOPS;
    return k < 1 ? 1 : k > PLAN_MAX_SECTORS ? PLAN_MAX_SECTORS : k;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The sectors of unit u's stops due on day: their mean position into
 * *lon, *lat, and k bearing ranges from it holding about equal numbers
 * of stops, [cut[i], cut[i + 1]), cut[0] below and cut[k] above every
 * bearing. */
static int sector_cuts(const plan_run *r, const plan_split *x, int u, int day,
                       int k, double *lon, double *lat, double *cut)
{
    const wo_scenario *sc = r->sc;
    plan_job probe;
    double *b;
    int i, n = 0, every;
    b = wo_malloc(((size_t)sc->n_demands + 1) * sizeof *b);
    if (!b)
        return WO_ENOMEM;
    *lon = *lat = 0;
    for (i = 0; i < sc->n_demands; i++) {
        const wo_demand *d = &sc->demands[i];
        int g;
        if (!routed((int)d->stream))
            continue;
        g = group_of(x, (int)d->stream, x->terr.site_district[d->site]);
        if (x->node_unit[x->nt + g] != u ||
            !wo_calendar_demand_due(sc, d, r->day0 + day, &every))
            continue;
        *lon += sc->sites[d->site].pos.lon_deg;
        *lat += sc->sites[d->site].pos.lat_deg;
        b[n++] = i;
    }
    if (n > 0) {
        *lon /= n;
        *lat /= n;
    }
    memset(&probe, 0, sizeof probe);
    probe.sec_lon = *lon;
    probe.sec_lat = *lat;
    for (i = 0; i < n; i++)
        b[i] = sector_bearing(&probe,
                              &sc->sites[sc->demands[(int)b[i]].site].pos);
    qsort(b, (size_t)n, sizeof *b, cmp_double);
    cut[0] = -4; /* below -pi */
    for (i = 1; i < k; i++)
        cut[i] = n > 0 ? b[(size_t)i * (size_t)n / (size_t)k] : 0;
    cut[k] = 4; /* above pi */
    wo_free(b);
    return WO_OK;
}

int plan_jobs_make(plan_run *r, const plan_day_totals *tot, wo_err *err)
{
    const wo_scenario *sc = r->sc;
    const wo_plan_params *prm = r->prm;
    plan_split x;
    int n_units = 0, n_groups, u, day, i, k, g, n_jobs, rc = WO_OK;
    int *due = NULL;

    memset(&x, 0, sizeof x);
    x.nt = sc->n_vehicle_types;
    x.nd = sc->n_districts + 1;
    n_groups = WO_STREAM_PRIMARY_COUNT * x.nd;
    if (wo_territory_init(&x.terr, sc) != WO_OK)
        return wo_err_set(err, WO_ENOMEM, "out of memory planning");
    /* node_unit holds the union-find, then root -> unit behind it */
    x.node_unit = wo_malloc(2 * ((size_t)x.nt + (size_t)n_groups) *
                            sizeof *x.node_unit);
    x.active = wo_calloc((size_t)n_groups, 1);
    x.served = wo_calloc((size_t)n_groups, 1);
    if (!x.node_unit || !x.active || !x.served)
        goto oom;
    split_units(r, &x, &n_units);
    if (unserved_groups(r, &x) != WO_OK)
        goto oom;

    /* A job per unit, day with stops due and sector. */
    due = wo_calloc((size_t)n_units * (size_t)prm->days + 1, sizeof *due);
    if (!due)
        goto oom;
    for (i = 0; i < sc->n_demands; i++) {
        const wo_demand *d = &sc->demands[i];
        int every;
        if (!routed((int)d->stream))
            continue;
        g = group_of(&x, (int)d->stream, x.terr.site_district[d->site]);
        if ((u = x.node_unit[x.nt + g]) < 0)
            continue;
        for (day = 0; day < prm->days; day++)
            if (wo_calendar_demand_due(sc, d, r->day0 + day, &every))
                due[(size_t)day * (size_t)n_units + (size_t)u]++;
    }
    for (i = 0, n_jobs = 0; i < n_units * prm->days; i++)
        n_jobs += n_sectors(due[i]);
    r->jobs = wo_calloc((size_t)n_jobs + 1, sizeof *r->jobs);
    r->order = wo_calloc((size_t)n_jobs + 1, sizeof *r->order);
    if (!r->jobs || !r->order)
        goto oom;
    x.share = wo_malloc(((size_t)n_units * (size_t)sc->n_processes + 1) *
                        sizeof *x.share);
    if (!x.share)
        goto oom;
    for (i = 0; i < sc->n_sites; i++)
        x.n_nodes += sc->sites[i].storage_capacity_kg > 0;
    x.node_site = wo_malloc(((size_t)x.n_nodes + 1) * sizeof *x.node_site);
    x.room = wo_malloc(((size_t)n_units * (size_t)x.n_nodes + 1) *
                       sizeof *x.room);
    x.near_node = wo_malloc(((size_t)sc->n_demands + 1) *
                            sizeof *x.near_node);
    if (!x.node_site || !x.room || !x.near_node)
        goto oom;
    for (i = 0, k = 0; i < sc->n_sites; i++)
        if (sc->sites[i].storage_capacity_kg > 0)
            x.node_site[k++] = i;
    nearest_nodes(sc, &x);
    for (day = 0; day < prm->days; day++) {
        if (share_capacity(r, &x, n_units, day, &tot[day]) != WO_OK ||
            share_room(r, &x, n_units, day) != WO_OK)
            goto oom;
        for (u = 0; u < n_units; u++) {
            int n_due = due[(size_t)day * (size_t)n_units + (size_t)u], sec;
            int n_sec = n_sectors(n_due);
            double cut[PLAN_MAX_SECTORS + 1], lon = 0, lat = 0;
            if (n_sec > 1 && sector_cuts(r, &x, u, day, n_sec, &lon, &lat,
                                         cut) != WO_OK)
                goto oom;
            for (sec = 0; sec < n_sec; sec++) {
                plan_job *j = &r->jobs[r->n_jobs];
                j->unit = u;
                j->day = day;
                j->sector = sec;
                j->n_sectors = n_sec;
                j->sec_lon = lon;
                j->sec_lat = lat;
                j->sec_lo = n_sec > 1 ? cut[sec] : 0;
                j->sec_hi = n_sec > 1 ? cut[sec + 1] : 0;
                for (g = 0; g < n_groups; g++)
                    if (x.node_unit[x.nt + g] == u)
                        j->streams |= WO_STREAM_BIT(g / x.nd);
                j->seed = prm->seed + (uint64_t)r->n_jobs;
                r->n_jobs++;
                rc = build_job(r, j, &x, &tot[day], err);
                if (rc != WO_OK)
                    goto done;
                r->pending_weight += j->weight;
            }
        }
    }

    /* Largest problems first (insertion sort: few jobs). */
    for (i = 0; i < r->n_jobs; i++) {
        int v = i;
        for (k = i; k > 0 && cmp_weight_desc(r->jobs, v, r->order[k - 1]) < 0;
             k--)
            r->order[k] = r->order[k - 1];
        r->order[k] = v;
    }
    goto done;
oom:
    rc = wo_err_set(err, WO_ENOMEM, "out of memory planning");
done:
    wo_free(due);
    wo_free(x.node_unit);
    wo_free(x.active);
    wo_free(x.served);
    wo_free(x.share);
    wo_free(x.node_site);
    wo_free(x.near_node);
    wo_free(x.room);
    wo_territory_free(&x.terr);
    return rc;
}
