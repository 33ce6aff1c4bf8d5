/*
 * plan.c — the nightly plan over every stream family. See plan.h for what a
 * plan is and how it is made.
 *
 * Structure: jobs (one routing problem per unit and day) are built first,
 * on the calling thread; workers then solve them (the routing core is
 * called through prm->solve); the results are assembled into the plan in
 * job order, so the plan does not depend on which worker ran what.
 */
#define _POSIX_C_SOURCE 200809L
#include "solver/plan.h"

#include "data/indicators.h"
#include "geo/ch.h"
#include "geo/matrix.h"
#include "geo/snap.h"
#include "solver/flow/earthwork.h"
#include "solver/flow/transfer.h"
#include "solver/lp.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define EARTH_RADIUS_M 6371008.8
#define DEG_TO_RAD (3.14159265358979323846 / 180.0)
#define REF_SPEED_KMH 30.0     /* speed of the travel-time matrix          */
#define DEFAULT_TRAILER_KG 20000.0 /* transfer load when no type carries it */
#define MIN_JOB_TIME_S 0.05    /* never give a routing problem less        */
#define ROUTING_SHARE 0.9      /* of the time limit; the rest: flow MIPs   */
#define MANDATORY_PRIZE_CNY 1e6 /* prize of a mandatory stop in the routing
                                   core: above the cost of any route        */
#define FIRST_SHARE 0.8        /* of the time limit: the first problems;
                                  the rescue pass up to ROUTING_SHARE      */
#define MIP_MAX_S 5.0          /* longest time of one flow MIP             */
#define EW_UNPLACED_PRICE 1e6   /* price of unplaced spoil in the earthwork
                                   MIP's cost stage (solver/flow)           */
#define MIP_MIN_S 0.5          /* shortest time of one flow MIP            */
#define EW_MIN_S 2.5           /* of each earthwork stage: below it the MIP
                                  of the default's 27 sites was seen to end
                                  without a solution, all spoil unserved   */
#define END_MARGIN_S 0.3       /* kept at the end for assembling the plan  */
#define NO_ROUTE_M 1e8         /* stands for "no road route": 100,000 km    */
#define NO_ROUTE_S 1e7         /* and 115 days, beyond any shift            */

/* ---------------------------------------------------------------- helpers */

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
    }
    return "?";
}

/* Days from civil date (proleptic Gregorian), after H. Hinnant's
 * public-domain algorithm description. */
static long days_from_civil(long y, int m, int d)
{
    long era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int wo_plan_date_to_days(const char *date, long *days_out)
{
    static const int mdays[12] = {31, 29, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
    int i, y, m, d;
    if (!date || strlen(date) != 10 || date[4] != '-' || date[7] != '-')
        return WO_EPARSE;
    for (i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (date[i] < '0' || date[i] > '9'))
            return WO_EPARSE;
    y = (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 +
        (date[3] - '0');
    m = (date[5] - '0') * 10 + (date[6] - '0');
    d = (date[8] - '0') * 10 + (date[9] - '0');
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return WO_EPARSE;
    if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
        return WO_EPARSE;
    *days_out = days_from_civil(y, m, d);
    return WO_OK;
}

void wo_plan_days_to_date(long days, char buf[11], int *month_out)
{
    long z = days + 719468, era, doe, yoe, y, doy, mp, d, m;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)(y % 10000 + 10000) % 10000u,
             (unsigned)m % 100u, (unsigned)d % 100u);
    if (month_out)
        *month_out = (int)m;
}

/* FNV-1a of a string: the fixed per-site phase of periodic collection. */
static uint32_t str_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; s && *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h;
}

int wo_plan_demand_due(const wo_scenario *sc, const wo_demand *d, long day,
                       int *days_collected)
{
    char date[11];
    int month, every;
    wo_plan_days_to_date(day, date, &month);
    *days_collected = 0;
    if (d->kg_per_day <= 0 && d->m3_per_day <= 0)
        return 0;
    if (!(d->months & (1u << (month - 1))))
        return 0;
    if (d->date[0]) { /* a reservation: that day only, its own amount */
        if (strcmp(d->date, date) != 0)
            return 0;
        *days_collected = 1;
        return 1;
    }
    every = d->frequency_d > 0 ? d->frequency_d : 1;
    if (d->storage_limit_d > 0 && d->storage_limit_d < every)
        every = d->storage_limit_d;
    if (every > 1) {
        long phase = (long)(str_hash(sc->sites[d->site].id) % (uint32_t)every);
        if (((day + phase) % every + every) % every != 0)
            return 0;
    }
    *days_collected = every;
    return 1;
}

double wo_plan_great_circle_m(double lon1_deg, double lat1_deg,
                              double lon2_deg, double lat2_deg)
{
    double p1 = lat1_deg * DEG_TO_RAD, p2 = lat2_deg * DEG_TO_RAD;
    double dp = p2 - p1, dl = (lon2_deg - lon1_deg) * DEG_TO_RAD;
    double a = sin(dp / 2) * sin(dp / 2) +
               cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    if (a > 1)
        a = 1;
    return 2 * EARTH_RADIUS_M * asin(sqrt(a));
}

void wo_plan_params_init(wo_plan_params *p, const wo_scenario *sc)
{
    memset(p, 0, sizeof *p);
    p->time_limit_s = sc && sc->plan.time_limit_s > 0 ? sc->plan.time_limit_s
                                                      : 60;
    p->max_iterations = sc ? sc->plan.max_iterations : 0;
    p->seed = sc ? sc->plan.seed : 1;
    p->days = sc && sc->plan.horizon_d > 0 ? sc->plan.horizon_d : 1;
    p->threads = 2;
}

/* ---------------------------------------------------------------- jobs */

/* What a matrix location is. */
typedef enum loc_kind { LOC_DEPOT, LOC_SITE, LOC_FACILITY } loc_kind;

/* One routing problem: a unit (set of streams) on one day. */
typedef struct job {
    int unit;                  /* unit number (for the phase name)          */
    int day;                   /* 0-based day                               */
    wo_stream_mask streams;    /* streams of the unit                       */
    int n_loc;                 /* locations                                 */
    loc_kind *loc_kind;        /* [n_loc] what each location is             */
    int *loc_index;            /* [n_loc] index in its scenario table       */
    double *dist_m, *dur_s;    /* [n_loc^2] travel matrix                   */
    int n_stops, cap_stops;    /* stops                                     */
    wo_vrp_stop *stops;
    int n_facs;                /* unload facilities                         */
    wo_vrp_facility *facs;
    int n_types;               /* vehicle types                             */
    wo_vrp_vehicle_type *types;
    wo_vrp_problem pb;         /* the problem handed to the solver          */
    wo_vrp_solution sol;       /* its solution                              */
    int started;               /* 1: the solver ran                         */
    int rc;                    /* solver's return code                      */
    wo_err err;                /* solver's message                          */
    uint64_t seed;             /* seed of this problem                      */
    double weight;             /* share of the work (stops + 1)             */
    double frac;               /* progress 0..1                             */
    double time_limit_s;       /* given when it starts                      */
    int rescue;                /* index of its rescue job in run.rescue, -1 */
    int shared;                /* 1: a rescue job, whose locations and
                                  matrix are its parent's (not owned)      */
    int *vehicle_of;           /* rescue job: [sum of type counts] the
                                  parent's vehicle number of each of its
                                  vehicles, by type (veh_at[t] + v)         */
    int *veh_at;               /* rescue job: [n_types] offsets in it       */
    int *why;                  /* rescue job: [n_stops] why the parent's
                                  solution left each stop out              */
} job;

/* Pre-routing findings: demand that cannot enter a routing problem. */
typedef struct pre_unserved {
    int demand;                /* demand row                                */
    int day;                   /* 0-based day                               */
    double amount_kg;          /* amount due                                */
    const char *reason;        /* reason code                               */
    char detail[240];          /* sentence with the figures, "" for the
                                  reason's standard sentence              */
} pre_unserved;

/* Shared state of a run. */
typedef struct run {
    const wo_scenario *sc;     /* the scenario                              */
    const wo_plan_params *prm; /* the parameters                            */
    long day0;                 /* first day, days since 1970-01-01          */
    int n_jobs;                /* routing problems                          */
    job *jobs;
    int *order;                /* job indices, largest first                */
    int next;                  /* next position in order to start           */
    double deadline_s;         /* wo_now_s() value at which time is up      */
    double pending_weight;     /* weight of jobs not started yet            */
    pthread_mutex_t lock;      /* guards next, pending_weight, progress     */
    int n_pre, cap_pre;        /* demand rejected before routing            */
    pre_unserved *pre;
    double start_s;            /* run start                                 */
    wo_snap_index *snap;       /* road graph index (graph runs only)        */
    wo_ch *ch;                 /* contraction hierarchy (graph runs only)   */
    int far_points;            /* points far from the road, all jobs        */
    int n_rescue;              /* rescue jobs (see rescue_build)            */
    job *rescue;
} run;

/* Progress hook data of one job. */
typedef struct job_hook {
    run *r;                    /* the run                                   */
    job *j;                    /* the job reporting                         */
} job_hook;

static void job_free(job *j)
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

static int add_pre(run *r, int demand, int day, double amount_kg,
                   const char *reason)
{
    if (r->n_pre == r->cap_pre) {
        int cap = r->cap_pre ? 2 * r->cap_pre : 64;
        pre_unserved *p = wo_realloc(r->pre, (size_t)cap * sizeof *p);
        if (!p)
            return WO_ENOMEM;
        r->pre = p;
        r->cap_pre = cap;
    }
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
        if (vt->count <= 0)
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

static int facility_usable(const wo_facility *f)
{
    return f->status == WO_FSTATUS_OPERATING || f->status == WO_FSTATUS_PLANNED;
}

/* Find or add the location of (kind, index); returns its matrix index or
 * -1 when out of memory. map has one slot per depot, facility and site. */
static int job_loc(job *j, int *map, const wo_scenario *sc, loc_kind kind,
                   int index)
{
    int slot = kind == LOC_DEPOT      ? index
               : kind == LOC_FACILITY ? sc->n_depots + index
                                      : sc->n_depots + sc->n_facilities + index;
    if (map[slot] >= 0)
        return map[slot];
    j->loc_kind[j->n_loc] = kind;
    j->loc_index[j->n_loc] = index;
    map[slot] = j->n_loc;
    return j->n_loc++;
}

static const wo_point *loc_pos(const wo_scenario *sc, loc_kind kind, int index)
{
    switch (kind) {
    case LOC_DEPOT:
        return &sc->depots[index].pos;
    case LOC_FACILITY:
        return &sc->facilities[index].pos;
    case LOC_SITE:
        break;
    }
    return &sc->sites[index].pos;
}

/* Road-graph matrix of a job: the job's points (WGS84 since loading)
 * snapped and routed by geo/matrix.h; pairs without a route become
 * NO_ROUTE. */
static int job_road_matrix(run *r, job *j, wo_err *err)
{
    const wo_scenario *sc = r->sc;
    size_t n = (size_t)j->n_loc, i, cells = n * n;
    double *lon = wo_malloc(n * sizeof *lon), *lat = wo_malloc(n * sizeof *lat);
    wo_matrix_opts opts;
    wo_matrix *m = NULL;
    int rc = WO_OK;
    if (!lon || !lat) {
        rc = wo_err_set(err, WO_ENOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < n; i++) {
        const wo_point *p = loc_pos(sc, j->loc_kind[i], j->loc_index[i]);
        lon[i] = p->lon_deg; /* WGS84, as the graph */
        lat[i] = p->lat_deg;
    }
    wo_matrix_opts_init(&opts);
    opts.algo = WO_MATRIX_CH;
    opts.allow_far = 1;
    opts.n_threads = r->prm->threads;
    rc = wo_matrix_compute(r->prm->graph, r->snap, r->ch, &opts, n, lon, lat,
                           NULL, n, lon, lat, NULL, &m, err);
    if (rc != WO_OK)
        goto done;
    for (i = 0; i < cells; i++) {
        int ok = isfinite(m->dist_m[i]) && isfinite(m->dur_s[i]);
        j->dist_m[i] = ok ? m->dist_m[i] : NO_ROUTE_M;
        j->dur_s[i] = ok ? m->dur_s[i] : NO_ROUTE_S;
    }
    r->far_points += (int)m->n_far;
done:
    wo_matrix_free(m);
    wo_free(lon);
    wo_free(lat);
    return rc;
}

/* The travel matrix of a job: the road graph's when there is one, else
 * great-circle distance times the circuity factor, durations at
 * REF_SPEED_KMH (vehicle types scale them by their speed). */
static int job_matrix(run *r, job *j, wo_err *err)
{
    const wo_scenario *sc = r->sc;
    size_t n = (size_t)j->n_loc, cells;
    int a, b;
    double circuity = sc->circuity_factor >= 1 ? sc->circuity_factor : 1.4;
    double mps = REF_SPEED_KMH / 3.6;
    if (!wo_mul_ok(n, n, &cells) || !wo_mul_ok(cells, sizeof(double), &cells))
        return wo_err_set(err, WO_ETOOBIG, "travel matrix of %d locations "
                          "is too large", j->n_loc);
    j->dist_m = wo_malloc(cells);
    j->dur_s = wo_malloc(cells);
    if (!j->dist_m || !j->dur_s)
        return wo_err_set(err, WO_ENOMEM, "out of memory for the travel "
                          "matrix of %d locations", j->n_loc);
    if (r->prm->graph)
        return job_road_matrix(r, j, err);
    for (a = 0; a < j->n_loc; a++) {
        const wo_point *pa = loc_pos(sc, j->loc_kind[a], j->loc_index[a]);
        for (b = 0; b < j->n_loc; b++) {
            const wo_point *pb = loc_pos(sc, j->loc_kind[b], j->loc_index[b]);
            double d = a == b ? 0
                              : circuity * wo_plan_great_circle_m(
                                               pa->lon_deg, pa->lat_deg,
                                               pb->lon_deg, pb->lat_deg);
            j->dist_m[(size_t)a * n + (size_t)b] = d;
            j->dur_s[(size_t)a * n + (size_t)b] = d / mps;
        }
    }
    return WO_OK;
}

/* Largest payload (kg, m3) per visit among the job's types carrying s. */
static void max_payload(const job *j, int s, double *kg, double *m3)
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

static int push_stop(job *j, const wo_vrp_stop *st)
{
    if (j->n_stops == j->cap_stops) {
        int cap = j->cap_stops ? 2 * j->cap_stops : 32;
        wo_vrp_stop *p = wo_realloc(j->stops, (size_t)cap * sizeof *p);
        if (!p)
            return WO_ENOMEM;
        j->stops = p;
        j->cap_stops = cap;
    }
    j->stops[j->n_stops++] = *st;
    return WO_OK;
}

/* Per-day demand totals (kg) of each stream over all units, for sharing
 * facility capacity. */
typedef struct day_totals {
    double kg[WO_STREAM_COUNT]; /* due on the day, per stream */
} day_totals;

/* A site where vehicles of one stream may unload (a medical storage
 * node), open in the site's windows, up to capacity_kg a day. Its ext_id
 * is -(site + 1). */
static void site_unload(job *j, int *map, const wo_scenario *sc, int site,
                        wo_stream stream, double capacity_kg, double unload_s)
{
    const wo_site *si = &sc->sites[site];
    wo_vrp_facility *o = &j->facs[j->n_facs++];
    o->loc = job_loc(j, map, sc, LOC_SITE, site);
    o->streams = WO_STREAM_BIT(stream);
    o->unload_s = unload_s > 0 ? unload_s : 600;
    o->open_s = si->n_tw > 0 ? si->tw[0].open_s : 0;
    o->close_s = si->n_tw > 0 ? si->tw[si->n_tw - 1].close_s : 2 * 86400.0;
    o->capacity[0] = capacity_kg;
    o->capacity[1] = WO_VRP_UNLIMITED;
    o->ext_id = -(long)site - 1;
}

/* Travel time of vehicle type o between job locations a and b. */
static double type_travel_s(const job *j, const wo_vrp_vehicle_type *o, int a,
                            int b)
{
    double d = j->dur_s[(size_t)a * (size_t)j->n_loc + (size_t)b];
    return o->speed_factor > 0 ? d * o->speed_factor : d;
}

/* The least a route of type o serving stop st alone needs: *work_s, the
 * driving, service, unload and break time (a lower bound of the route's
 * duration), *end_s, its earliest return to the depot leaving at the shift
 * start (without the break), *fac the facility of that bound (-1: none).
 * Returns 0 when no window of the stop can be reached in the shift. */
static int single_stop_need(const job *j, const wo_vrp_vehicle_type *o,
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
static int drop_unservable(run *r, job *j)
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
static int build_job(run *r, job *j, const day_totals *tot, wo_err *err)
{
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
        if (vt->count <= 0 || !(vt->streams & j->streams))
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
        o->start_loc = job_loc(j, map, sc, LOC_DEPOT, vt->start_depot);
        o->end_loc = job_loc(j, map, sc, LOC_DEPOT, vt->end_depot);
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
            !wo_plan_demand_due(sc, d, day, &every))
            continue;
        kg = d->kg_per_day * every;
        m3 = d->m3_per_day * every;
        unit_kg[d->stream] += kg;
        max_payload(j, d->stream, &cap_kg, &cap_m3);
        for (f = 0; f < sc->n_facilities; f++)
            if (facility_usable(&sc->facilities[f]) &&
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
        st.loc = job_loc(j, map, sc, LOC_SITE, d->site);
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
        if (!facility_usable(fa) || !(fa->streams & j->streams))
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
        o->loc = job_loc(j, map, sc, LOC_FACILITY, f);
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

    rc = job_matrix(r, j, err);
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

/* ---------------------------------------------------------------- solving */

static const char *job_phase(const run *r, const job *j)
{
    int s;
    (void)r;
    for (s = 0; s < WO_STREAM_PRIMARY_COUNT; s++)
        if (j->streams & WO_STREAM_BIT(s))
            return wo_family_name(wo_stream_get(s)->family);
    return "plan";
}

/* Overall progress from the jobs' fractions; call with r->lock held. */
static int report_locked(run *r, const job *j, double best_cost, long iter)
{
    wo_progress p;
    double done = 0, all = 0;
    int i;
    if (!r->prm->progress)
        return 0;
    for (i = 0; i < r->n_jobs; i++) {
        done += r->jobs[i].weight * r->jobs[i].frac;
        all += r->jobs[i].weight;
    }
    p.phase = job_phase(r, j);
    p.fraction = all > 0 ? done / all : 1.0;
    p.best_cost = best_cost;
    p.elapsed_s = wo_now_s() - r->start_s;
    p.iteration = iter;
    return r->prm->progress(&p, r->prm->progress_ud);
}

static int job_progress(const wo_progress *p, void *ud)
{
    job_hook *h = ud;
    int stop;
    pthread_mutex_lock(&h->r->lock);
    if (p->fraction >= 0)
        h->j->frac = fmin(p->fraction, 1.0);
    else if (h->j->time_limit_s > 0)
        h->j->frac = fmin(p->elapsed_s / h->j->time_limit_s, 1.0);
    /* One problem's best cost says little about the plan: not shown. */
    stop = report_locked(h->r, h->j, NAN, p->iteration);
    pthread_mutex_unlock(&h->r->lock);
    return stop;
}

static void solve_job(run *r, job *j)
{
    wo_vrp_params vp;
    job_hook hook;
    hook.r = r;
    hook.j = j;
    memset(&vp, 0, sizeof vp);
    vp.time_limit_s = j->time_limit_s;
    vp.max_iterations = r->prm->max_iterations;
    vp.seed = j->seed;
    vp.threads = 1;
    vp.progress = job_progress;
    vp.progress_ud = &hook;
    vp.cancel = r->prm->cancel;
    wo_err_clear(&j->err);
    j->rc = r->prm->solve(&j->pb, &vp, &j->sol, &j->err);
    pthread_mutex_lock(&r->lock);
    j->frac = 1.0;
    report_locked(r, j, NAN, j->sol.iterations);
    pthread_mutex_unlock(&r->lock);
}

static void *worker(void *arg)
{
    run *r = arg;
    for (;;) {
        job *j;
        double now, left;
        pthread_mutex_lock(&r->lock);
        if (r->next >= r->n_jobs ||
            (r->prm->cancel && *r->prm->cancel)) {
            pthread_mutex_unlock(&r->lock);
            /* The routing core's set-partitioning MIP left GLPK state in
             * this thread, which ends now. */
            wo_lp_thread_done();
            return NULL;
        }
        j = &r->jobs[r->order[r->next++]];
        /* This job's share of the time left: its weight over the weight
         * still to do, times the workers that share the wall clock. */
        now = wo_now_s();
        left = r->deadline_s - now;
        j->time_limit_s = left * r->prm->threads * j->weight /
                          (r->pending_weight > 0 ? r->pending_weight : 1);
        if (j->time_limit_s > left)
            j->time_limit_s = left;
        if (j->time_limit_s < MIN_JOB_TIME_S)
            j->time_limit_s = MIN_JOB_TIME_S;
        r->pending_weight -= j->weight;
        j->started = 1;
        pthread_mutex_unlock(&r->lock);
        if (j->n_stops > 0)
            solve_job(r, j);
        else
            j->frac = 1.0;
    }
}

/* Solve the run's jobs (r->jobs, taken in r->order) on prm->threads
 * workers until they are done. Always on threads of our own, even one:
 * GLPK state is per thread and is released when each worker ends, never
 * in the caller's thread. */
static int run_workers(run *r, wo_err *err)
{
    pthread_t th[64];
    int i, n = r->prm->threads < 1    ? 1
               : r->prm->threads > 64 ? 64
                                      : r->prm->threads,
           started = 0;
    if (n > r->n_jobs)
        n = r->n_jobs > 0 ? r->n_jobs : 1;
    for (i = 0; i < n; i++) {
        if (pthread_create(&th[i], NULL, worker, r) != 0)
            break;
        started++;
    }
    for (i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    if (started == 0)
        return wo_err_set(err, WO_EINTERNAL, "plan: cannot start a thread");
    return WO_OK;
}

/* ---------------------------------------------------------------- rescue */

/* The stops of job j's solution that a rescue job takes on: mandatory
 * ones (in the scenario) left out for time, capacity or their prize. */
static int rescued(const wo_scenario *sc, const job *j,
                   const wo_vrp_unserved *u)
{
    return !sc->demands[j->stops[u->stop].ext_id].optional &&
           (u->reason == WO_UNSERVED_TIME ||
            u->reason == WO_UNSERVED_CAPACITY ||
            u->reason == WO_UNSERVED_PENALTY);
}

/* A rescue job for job j: the mandatory stops its solution left out for
 * time or capacity, offered to the vehicles it did not use, with the
 * facilities' daily capacity its routes left. Locations and the matrix
 * are the parent's. Returns 1 when there is such a job, 0 when not, or
 * WO_ENOMEM as a negative number. */
static int rescue_build(const wo_scenario *sc, const job *j, job *rj)
{
    int k, t, v, total = 0, *used = NULL;
    memset(rj, 0, sizeof *rj);
    rj->rescue = -1;
    if (!j->started || j->rc != WO_OK || j->n_stops == 0)
        return 0;
    for (k = 0; k < j->sol.n_unserved; k++)
        if (rescued(sc, j, &j->sol.unserved[k]))
            rj->n_stops++;
    if (rj->n_stops == 0)
        return 0;
    for (t = 0; t < j->n_types; t++)
        total += j->types[t].count;
    rj->unit = j->unit;
    rj->day = j->day;
    rj->streams = j->streams;
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
        if (rescued(sc, j, &j->sol.unserved[k])) {
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

/* Rescue pass: every job whose solution left mandatory stops out for time
 * or capacity gets a second, small problem of those stops on its unused
 * vehicles (the search of a ~500-stop problem with unload trips can end
 * in a solution breaking rules, whose repair takes stops out; on their
 * own, with the fleet's slack, most of them fit). Solved by the workers
 * like the first problems, until the routing deadline. */
static int rescue_run(run *r, double deadline_s, wo_err *err)
{
    job *saved_jobs = r->jobs;
    int saved_n = r->n_jobs, i, k, rc;
    r->rescue = wo_calloc((size_t)r->n_jobs + 1, sizeof *r->rescue);
    if (!r->rescue)
        return wo_err_set(err, WO_ENOMEM, "out of memory planning");
    for (i = 0; i < r->n_jobs; i++) {
        int got = rescue_build(r->sc, &r->jobs[i], &r->rescue[r->n_rescue]);
        r->jobs[i].rescue = -1;
        if (got < 0) {
            job_free(&r->rescue[r->n_rescue]);
            return wo_err_set(err, WO_ENOMEM, "out of memory planning");
        }
        if (got)
            r->jobs[i].rescue = r->n_rescue++;
        else
            job_free(&r->rescue[r->n_rescue]);
    }
    if (r->n_rescue == 0 || (r->prm->cancel && *r->prm->cancel))
        return WO_OK;
    r->jobs = r->rescue;
    r->n_jobs = r->n_rescue;
    r->next = 0;
    r->pending_weight = 0;
    for (k = 0; k < r->n_rescue; k++) {
        r->order[k] = k;
        r->pending_weight += r->rescue[k].weight;
    }
    r->deadline_s = deadline_s;
    rc = run_workers(r, err);
    r->jobs = saved_jobs;
    r->n_jobs = saved_n;
    return rc;
}

/* ---------------------------------------------------------------- assembly */

static const char *arena_str(wo_plan *p, const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = wo_arena_alloc(&p->mem, n);
    if (c)
        memcpy(c, s, n);
    return c;
}

static int grow(void **arr, int *cap, int need, size_t elem)
{
    void *n;
    int c;
    if (need <= *cap)
        return WO_OK;
    c = *cap ? *cap * 2 : 16;
    while (c < need)
        c *= 2;
    n = wo_realloc(*arr, (size_t)c * elem);
    if (!n)
        return WO_ENOMEM;
    memset((char *)n + (size_t)*cap * elem, 0, (size_t)(c - *cap) * elem);
    *arr = n;
    *cap = c;
    return WO_OK;
}

/* Paths of a flow MIP's files into lp / mps (size bytes each): *lp_out and
 * *mps_out point there, or are NULL when not asked for or when a path does
 * not fit (the model is then not written). */
static void model_paths(const wo_plan_params *prm, const char *name, char *lp,
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

/* Sentence for an unserved reason code. */
static const char *reason_detail(const char *code)
{
    if (!strcmp(code, "no_vehicle"))
        return "no vehicle type with vehicles is allowed to carry this stream";
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
    if (!strcmp(code, "treatment_capacity"))
        return "no treating facility has capacity left for it after the "
               "transfer, storage or collection";
    return code;
}

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

/* Builder state while assembling. */
typedef struct asm_state {
    wo_plan *p;                /* the plan being filled                     */
    int cap_routes, cap_transfers, cap_unserved, cap_binding, cap_models;
                               /* array capacities                         */
    const wo_plan_params *prm; /* the run's parameters                      */
    double mip_limit_s;        /* time limit of each flow MIP               */
    double end_s;              /* wo_now_s() at which the plan's time is up,
                                  0: no time limit                          */
} asm_state;

/* Time limit of the next flow MIP: its share, but never past half of what
 * is left of the plan's time, nor less than floor_s. */
static double mip_time(const asm_state *a, double floor_s)
{
    if (a->end_s <= 0)
        return fmax(floor_s, a->mip_limit_s);
    return fmax(floor_s, fmin(a->mip_limit_s, 0.5 * (a->end_s - wo_now_s())));
}

static int add_unserved(asm_state *a, const wo_scenario *sc, int demand,
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
    if (grow((void **)&p->unserved, &a->cap_unserved, p->n_unserved + 1,
             sizeof *p->unserved) != WO_OK)
        return WO_ENOMEM;
    u = &p->unserved[p->n_unserved];
    u->site = arena_str(p, site ? site : sc->sites[sc->demands[demand].site].id);
    u->demand = demand;
    u->stream = stream;
    u->day = day;
    u->amount_kg = amount_kg;
    u->reason = reason;
    u->detail = reason_detail(reason);
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

/* Id and position of a job location. */
static void loc_info(const wo_scenario *sc, const job *j, int loc,
                     const char **id, double *lon, double *lat)
{
    loc_kind k = j->loc_kind[loc];
    int i = j->loc_index[loc];
    const wo_point *pos = loc_pos(sc, k, i);
    *id = k == LOC_DEPOT      ? sc->depots[i].id
          : k == LOC_FACILITY ? sc->facilities[i].id
                              : sc->sites[i].id;
    *lon = pos->lon_deg;
    *lat = pos->lat_deg;
}

static int add_route(asm_state *a, const wo_scenario *sc, const job *j,
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
    if (grow((void **)&p->routes, &a->cap_routes, p->n_routes + 1,
             sizeof *p->routes) != WO_OK)
        return WO_ENOMEM;
    ro = &p->routes[p->n_routes];
    snprintf(name, sizeof name, "%s/%d", st->id, vehicle + 1);
    ro->vehicle = arena_str(p, name);
    ro->vehicle_type = arena_str(p, st->id);
    ro->type = (int)vt->ext_id;
    ro->stream = (wo_stream)vr->stream;
    ro->depot = arena_str(p, sc->depots[st->start_depot].id);
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
            p->summary.served_kg[j->stops[x->index].stream] += o->amount_kg;
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
        o->site = arena_str(p, id);
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

/* Treatment of stream s at facility f: the first process accepting it
 * (-1: none). */
static int process_for(const wo_scenario *sc, int f, int s)
{
    const wo_facility *fa = &sc->facilities[f];
    int p;
    for (p = fa->process_first; p < fa->process_first + fa->process_count; p++)
        if (sc->processes[p].streams & WO_STREAM_BIT(s))
            return p;
    return -1;
}

static int is_intermediate(const wo_scenario *sc, int proc)
{
    const wo_treatment_info *ti = wo_treatment_get(sc->processes[proc].treatment);
    return ti && ti->intermediate;
}

/* The onward vehicle of stream s: the largest payload among the types
 * carrying it (kg) and its cost per km. */
static void trailer_of(const wo_scenario *sc, int s, double *kg, double *per_km)
{
    int t;
    *kg = 0;
    *per_km = 0;
    for (t = 0; t < sc->n_vehicle_types; t++) {
        const wo_vehicle_type *vt = &sc->vehicle_types[t];
        if ((vt->streams & WO_STREAM_BIT(s)) && vt->count > 0 &&
            vt->capacity_kg > *kg) {
            *kg = vt->capacity_kg;
            *per_km = vt->cost_cny_per_km;
        }
    }
    if (*kg <= 0)
        *kg = DEFAULT_TRAILER_KG;
}

/* A place where waste waits for the second echelon: a facility with a
 * transfer or storage process, or a medical storage-node site. */
typedef struct station {
    int facility;              /* facility index, -1: a site          */
    int site;                  /* site index when facility < 0        */
    double load_kg;            /* received today                      */
} station;

static const wo_point *station_pos(const wo_scenario *sc, const station *st)
{
    return st->facility >= 0 ? &sc->facilities[st->facility].pos
                             : &sc->sites[st->site].pos;
}

static const char *station_id(const wo_scenario *sc, const station *st)
{
    return st->facility >= 0 ? sc->facilities[st->facility].id
                             : sc->sites[st->site].id;
}

/* Record `kg` of stream s moved in `trips` from station st to facility g
 * (process proc). */
static int add_transfer(asm_state *a, const wo_scenario *sc, int day,
                        const station *st, int g, int proc, int s, double kg,
                        int trips, double per_km, double *used)
{
    wo_plan *p = a->p;
    const wo_point *from = station_pos(sc, st);
    double circuity = sc->circuity_factor >= 1 ? sc->circuity_factor : 1.4;
    wo_plan_transfer *tr;
    if (grow((void **)&p->transfers, &a->cap_transfers, p->n_transfers + 1,
             sizeof *p->transfers) != WO_OK)
        return WO_ENOMEM;
    tr = &p->transfers[p->n_transfers++];
    tr->from = arena_str(p, station_id(sc, st));
    tr->to = arena_str(p, sc->facilities[g].id);
    if (!tr->from || !tr->to)
        return WO_ENOMEM;
    tr->from_facility = st->facility;
    tr->to_facility = g;
    tr->from_lon_deg = from->lon_deg;
    tr->from_lat_deg = from->lat_deg;
    tr->to_lon_deg = sc->facilities[g].pos.lon_deg;
    tr->to_lat_deg = sc->facilities[g].pos.lat_deg;
    tr->stream = (wo_stream)s;
    tr->day = day;
    tr->trips = trips;
    tr->tonnes = kg / 1000.0;
    tr->dist_m = circuity * wo_plan_great_circle_m(from->lon_deg,
                                                   from->lat_deg,
                                                   tr->to_lon_deg,
                                                   tr->to_lat_deg);
    tr->cost_cny = tr->trips * 2 * tr->dist_m / 1000.0 * per_km;
    used[proc] += kg;
    p->summary.transferred_kg[s] += kg;
    p->summary.treated_kg[s][sc->processes[proc].treatment] += kg;
    p->summary.cost_cny += tr->cost_cny;
    p->summary.dist_m += tr->trips * 2 * tr->dist_m;
    return WO_OK;
}

/* Waste a station could not send on: no treating facility had room. */
static int leave_unsent(asm_state *a, const wo_scenario *sc, int day,
                        const station *st, int s, double kg)
{
    a->p->summary.served_kg[s] -= kg;
    return add_unserved(a, sc, -1, day, kg, station_id(sc, st), (wo_stream)s,
                        "treatment_capacity");
}

/* Plants for stream s: usable facilities treating it (not passing it on)
 * with room left; proc[] receives their process. Returns how many. */
static int plants_for(const wo_scenario *sc, int s, const double *used,
                      int *fac, int *proc)
{
    int g, n = 0;
    for (g = 0; g < sc->n_facilities; g++) {
        int pg;
        if (!facility_usable(&sc->facilities[g]) ||
            (pg = process_for(sc, g, s)) < 0 || is_intermediate(sc, pg) ||
            sc->processes[pg].capacity_kg_per_d - used[pg] <= 1e-6)
            continue;
        fac[n] = g;
        proc[n] = pg;
        n++;
    }
    return n;
}

/* Greedy fallback: the nearest plant with room first. */
static int send_greedy(asm_state *a, const wo_scenario *sc, int day,
                       const station *st, int s, double *used)
{
    double trailer_kg, per_km, left = st->load_kg;
    int *fac = wo_malloc(((size_t)sc->n_facilities + 1) * sizeof *fac);
    int *proc = wo_malloc(((size_t)sc->n_facilities + 1) * sizeof *proc);
    int rc = WO_OK;
    if (!fac || !proc) {
        rc = WO_ENOMEM;
        goto done;
    }
    trailer_of(sc, s, &trailer_kg, &per_km);
    while (left > 1e-6 && rc == WO_OK) {
        const wo_point *from = station_pos(sc, st);
        int k, n = plants_for(sc, s, used, fac, proc), best = -1;
        double best_d = HUGE_VAL, moved;
        for (k = 0; k < n; k++) {
            double d;
            if (fac[k] == st->facility)
                continue;
            d = wo_plan_great_circle_m(from->lon_deg, from->lat_deg,
                                       sc->facilities[fac[k]].pos.lon_deg,
                                       sc->facilities[fac[k]].pos.lat_deg);
            if (d < best_d) {
                best_d = d;
                best = k;
            }
        }
        if (best < 0) {
            rc = leave_unsent(a, sc, day, st, s, left);
            break;
        }
        moved = fmin(left, sc->processes[proc[best]].capacity_kg_per_d -
                               used[proc[best]]);
        rc = add_transfer(a, sc, day, st, fac[best], proc[best], s, moved,
                          (int)ceil(moved / trailer_kg - 1e-9), per_km, used);
        left -= moved;
    }
done:
    wo_free(fac);
    wo_free(proc);
    return rc;
}

/* The incineration share the annex asks of residual waste (hh_other) in
 * the scenario's year, as a fraction (indicator 3; 0 when it sets none). */
static double incin_target(const wo_scenario *sc, int s)
{
    const wo_ind_def *d = wo_ind_def_get(WO_IND_INCINERATION);
    int y = wo_ind_year_index(wo_ind_target_year_for(sc->year));
    if (s != WO_STREAM_HH_OTHER || !d || y < 0 ||
        d->target[y].cmp == WO_IND_CMP_NONE)
        return 0;
    return d->target[y].pct / 100.0;
}

/* Record a flow MIP written out: its name, how the solve ended and the
 * objective the plan used. */
static int add_model(asm_state *a, const char *name, const char *kind, int day,
                     int stream, int rc, wo_lp_status st, double objective)
{
    wo_plan *p = a->p;
    wo_plan_model *m;
    if (grow((void **)&p->models, &a->cap_models, p->n_models + 1,
             sizeof *p->models) != WO_OK)
        return WO_ENOMEM;
    m = &p->models[p->n_models];
    m->name = arena_str(p, name);
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

/* Record what binds of a policy target (day 1-based in the sentence). */
static int add_binding(asm_state *a, int day, const char *text)
{
    wo_plan *p = a->p;
    char buf[600];
    snprintf(buf, sizeof buf, "day %d: %s", day + 1, text);
    if (grow((void **)&p->binding, &a->cap_binding, p->n_binding + 1,
             sizeof *p->binding) != WO_OK ||
        !(p->binding[p->n_binding] = arena_str(p, buf)))
        return WO_ENOMEM;
    p->n_binding++;
    return WO_OK;
}

/* Send what the stations received of stream s on to the plants by the
 * truckload transfer MIP (solver/flow/transfer.h): fewest trip plus
 * processing costs less revenue, plant intakes respected, and for residual
 * waste the annex's incineration share of the scenario's year (what binds
 * is recorded by name); the greedy rule when the MIP finds nothing. */
static int send_on(asm_state *a, const wo_scenario *sc, int day,
                   const station *sts, int n_st, int s, double *used)
{
    wo_transfer_problem tp;
    wo_transfer_result tr;
    double trailer_kg, per_km, circuity;
    double *load = NULL, *intake = NULL, *dist = NULL, *pcost = NULL;
    unsigned char *incin = NULL;
    const char **pid = NULL;
    int *fac = NULL, *proc = NULL, n_pl, i, k, rc = WO_OK, mrc;
    char name[64], lp_path[4096], mps_path[4096];
    memset(&tr, 0, sizeof tr);
    circuity = sc->circuity_factor >= 1 ? sc->circuity_factor : 1.4;
    fac = wo_malloc(((size_t)sc->n_facilities + 1) * sizeof *fac);
    proc = wo_malloc(((size_t)sc->n_facilities + 1) * sizeof *proc);
    if (!fac || !proc) {
        rc = WO_ENOMEM;
        goto done;
    }
    n_pl = plants_for(sc, s, used, fac, proc);
    if (n_pl == 0) {
        for (i = 0; rc == WO_OK && i < n_st; i++)
            rc = leave_unsent(a, sc, day, &sts[i], s, sts[i].load_kg);
        goto done;
    }
    trailer_of(sc, s, &trailer_kg, &per_km);
    load = wo_malloc((size_t)n_st * sizeof *load);
    intake = wo_malloc((size_t)n_pl * sizeof *intake);
    dist = wo_malloc((size_t)n_st * (size_t)n_pl * sizeof *dist);
    pcost = wo_malloc((size_t)n_pl * sizeof *pcost);
    incin = wo_malloc((size_t)n_pl * sizeof *incin);
    pid = wo_malloc((size_t)n_pl * sizeof *pid);
    if (!load || !intake || !dist || !pcost || !incin || !pid) {
        rc = WO_ENOMEM;
        goto done;
    }
    for (i = 0; i < n_st; i++) {
        const wo_point *from = station_pos(sc, &sts[i]);
        load[i] = sts[i].load_kg / 1000.0;
        for (k = 0; k < n_pl; k++)
            dist[(size_t)i * (size_t)n_pl + (size_t)k] =
                fac[k] == sts[i].facility
                    ? -1.0
                    : circuity * wo_plan_great_circle_m(
                                     from->lon_deg, from->lat_deg,
                                     sc->facilities[fac[k]].pos.lon_deg,
                                     sc->facilities[fac[k]].pos.lat_deg) /
                          1000.0;
    }
    for (k = 0; k < n_pl; k++) {
        const wo_process *pr = &sc->processes[proc[k]];
        const wo_treatment_info *ti = wo_treatment_get(pr->treatment);
        intake[k] = (pr->capacity_kg_per_d - used[proc[k]]) / 1000.0;
        pcost[k] = pr->cost_cny_per_t - pr->revenue_cny_per_t;
        incin[k] = ti && ti->incineration;
        pid[k] = sc->facilities[fac[k]].id;
    }
    wo_transfer_problem_init(&tp);
    tp.nstations = n_st;
    tp.nplants = n_pl;
    tp.load_t = load;
    tp.intake_t = intake;
    tp.dist_km = dist;
    tp.trailer_t = trailer_kg / 1000.0;
    tp.cost_per_km = per_km;
    tp.time_limit_s = mip_time(a, MIP_MIN_S);
    tp.proc_cost_per_t = pcost;
    tp.incinerates = incin;
    tp.incin_min = incin_target(sc, s);
    tp.stream = wo_stream_get(s) ? wo_stream_get(s)->code : NULL;
    tp.plant_id = pid;
    snprintf(name, sizeof name, "transfer_d%d_%s", day + 1,
             wo_stream_get(s) ? wo_stream_get(s)->code : "stream");
    model_paths(a->prm, name, lp_path, mps_path, sizeof lp_path, &tp.write_lp,
                &tp.write_mps);
    mrc = wo_transfer_solve(&tp, &tr, NULL);
    if ((tp.write_lp || tp.write_mps) &&
        (rc = add_model(a, name, "transfer", day, s, mrc, tr.status,
                        tr.obj)) != WO_OK)
        goto done;
    if (mrc != WO_OK || !tr.q_t) {
        for (i = 0; rc == WO_OK && i < n_st; i++)
            rc = send_greedy(a, sc, day, &sts[i], s, used);
        goto done;
    }
    for (i = 0; rc == WO_OK && i < n_st; i++) {
        for (k = 0; rc == WO_OK && k < n_pl; k++) {
            size_t at = (size_t)i * (size_t)n_pl + (size_t)k;
            if (tr.q_t[at] > 1e-9)
                rc = add_transfer(a, sc, day, &sts[i], fac[k], proc[k], s,
                                  tr.q_t[at] * 1000.0, tr.trips[at], per_km,
                                  used);
        }
        if (rc == WO_OK && tr.unshipped_t[i] > 1e-9)
            rc = leave_unsent(a, sc, day, &sts[i], s,
                              tr.unshipped_t[i] * 1000.0);
    }
    for (i = 0; rc == WO_OK && i < tr.nviol; i++)
        rc = add_binding(a, day, tr.viol[i].text);
done:
    wo_free(pcost);
    wo_free(incin);
    wo_free(pid);
    wo_transfer_result_free(&tr);
    wo_free(load);
    wo_free(intake);
    wo_free(dist);
    wo_free(fac);
    wo_free(proc);
    return rc;
}

/* Slurry (cd_slurry) of one day: every site with slurry due is a station
 * whose tanker loads go straight to the dewatering plants (truckload trips
 * by the transfer MIP, no routes); appended to sts. What is due counts as
 * served until the MIP leaves some of it unshipped. */
static int slurry_stations(asm_state *a, const run *r, int day, station *sts,
                           int *n_st)
{
    const wo_scenario *sc = r->sc;
    const int s = WO_STREAM_CD_SLURRY;
    int i, t, every, carried = 0, rc = WO_OK;
    for (t = 0; t < sc->n_vehicle_types; t++)
        carried |= sc->vehicle_types[t].count > 0 &&
                   (sc->vehicle_types[t].streams & WO_STREAM_BIT(s));
    for (i = 0; rc == WO_OK && i < sc->n_demands; i++) {
        const wo_demand *d = &sc->demands[i];
        double kg;
        if (d->stream != s || !wo_plan_demand_due(sc, d, r->day0 + day, &every))
            continue;
        kg = d->kg_per_day * every;
        if (!carried) {
            rc = add_unserved(a, sc, i, day, kg, NULL, (wo_stream)s,
                              "no_vehicle");
            continue;
        }
        sts[*n_st].facility = -1;
        sts[*n_st].site = d->site;
        sts[*n_st].load_kg = kg;
        (*n_st)++;
        a->p->summary.served_kg[s] += kg;
    }
    return rc;
}

/* Second echelon of one day: what transfer and storage processes and the
 * medical storage nodes received goes on to treatment. */
static int second_echelon(asm_state *a, const run *r, int day,
                          int first_route)
{
    const wo_scenario *sc = r->sc;
    wo_plan *p = a->p;
    size_t nf = (size_t)sc->n_facilities;
    double *inflow = NULL, *used = NULL, *stored = NULL;
    station *sts = NULL;
    int q, v, f, s, rc = WO_OK;
    inflow = wo_calloc(nf * WO_STREAM_COUNT + 1, sizeof *inflow);
    used = wo_calloc((size_t)sc->n_processes + 1, sizeof *used);
    stored = wo_calloc((size_t)sc->n_sites + 1, sizeof *stored);
    if (!inflow || !used || !stored) {
        rc = WO_ENOMEM;
        goto done;
    }
    for (q = first_route; q < p->n_routes; q++) {
        const wo_plan_route *ro = &p->routes[q];
        for (v = 0; v < ro->n_visits; v++) {
            const wo_plan_visit *x = &ro->visits[v];
            int proc, site;
            if (x->kind != WO_PLAN_UNLOAD)
                continue;
            if ((f = x->facility) < 0) { /* a medical storage node */
                if ((site = wo_scenario_find_site(sc, x->site)) >= 0)
                    stored[site] += x->amount_kg;
                continue;
            }
            if ((proc = process_for(sc, f, (int)ro->stream)) < 0)
                continue;
            if (is_intermediate(sc, proc)) {
                inflow[(size_t)f * WO_STREAM_COUNT + ro->stream] += x->amount_kg;
            } else {
                used[proc] += x->amount_kg;
                p->summary.treated_kg[ro->stream][sc->processes[proc].treatment] +=
                    x->amount_kg;
            }
        }
    }
    sts = wo_malloc(((size_t)sc->n_facilities + (size_t)sc->n_sites +
                     (size_t)sc->n_demands + 1) *
                    sizeof *sts);
    if (!sts) {
        rc = WO_ENOMEM;
        goto done;
    }
    for (s = 0; rc == WO_OK && s < WO_STREAM_COUNT; s++) {
        int n_st = 0, k;
        for (f = 0; f < sc->n_facilities; f++)
            if (inflow[(size_t)f * WO_STREAM_COUNT + (size_t)s] > 1e-6) {
                sts[n_st].facility = f;
                sts[n_st].site = -1;
                sts[n_st].load_kg =
                    inflow[(size_t)f * WO_STREAM_COUNT + (size_t)s];
                n_st++;
            }
        if (s == WO_STREAM_MEDICAL)
            for (k = 0; k < sc->n_sites; k++)
                if (stored[k] > 1e-6) {
                    sts[n_st].facility = -1;
                    sts[n_st].site = k;
                    sts[n_st].load_kg = stored[k];
                    n_st++;
                }
        if (s == WO_STREAM_CD_SLURRY) {
            rc = slurry_stations(a, r, day, sts, &n_st);
            if (rc != WO_OK)
                break;
        }
        if (n_st > 0)
            rc = send_on(a, sc, day, sts, n_st, s, used);
    }
done:
    wo_free(inflow);
    wo_free(used);
    wo_free(stored);
    wo_free(sts);
    return rc;
}

/* Spoil of one day (土方平衡): surplus at construction sites goes in whole
 * truckloads to sites that need fill first, then to disposal (spoil)
 * facilities, by the earthwork MIP of solver/flow/earthwork.h; recorded as
 * transfers from the site, what finds no place as unserved. */
static int earthwork_day(asm_state *a, const run *r, int day)
{
    const wo_scenario *sc = r->sc;
    wo_plan *p = a->p;
    const int s = WO_STREAM_CD_SPOIL;
    wo_earthwork_problem ep;
    wo_earthwork_result er;
    double circuity = sc->circuity_factor >= 1 ? sc->circuity_factor : 1.4;
    double truck_kg, per_km, *surplus = NULL, *need = NULL, *cap = NULL,
                              *fee = NULL, *dr = NULL, *dd = NULL;
    int *src = NULL, *fill = NULL, *dump = NULL, *proc = NULL;
    int n_src = 0, n_fill = 0, n_dump = 0, i, k, rc = WO_OK, every, t,
        carried = 0, mrc;
    char name[64], lp_path[4096], mps_path[4096];
    size_t nd = (size_t)sc->n_demands + 1, nf = (size_t)sc->n_facilities + 1;
    char date[11];
    int month;
    memset(&er, 0, sizeof er);
    wo_plan_days_to_date(r->day0 + day, date, &month);
    src = wo_malloc(nd * sizeof *src);
    fill = wo_malloc(nd * sizeof *fill);
    surplus = wo_malloc(nd * sizeof *surplus);
    need = wo_malloc(nd * sizeof *need);
    dump = wo_malloc(nf * sizeof *dump);
    proc = wo_malloc(nf * sizeof *proc);
    cap = wo_malloc(nf * sizeof *cap);
    fee = wo_malloc(nf * sizeof *fee);
    if (!src || !fill || !surplus || !need || !dump || !proc || !cap || !fee)
        goto oom;
    for (i = 0; i < sc->n_demands; i++) {
        const wo_demand *d = &sc->demands[i];
        if (d->stream != s)
            continue;
        if (wo_plan_demand_due(sc, d, r->day0 + day, &every)) {
            src[n_src] = i;
            surplus[n_src++] = d->kg_per_day * every / 1000.0;
        }
        if (d->need_kg_per_day > 0 && (d->months & (1u << (month - 1)))) {
            fill[n_fill] = i;
            need[n_fill++] = d->need_kg_per_day / 1000.0;
        }
    }
    if (n_src == 0)
        goto done;
    for (t = 0; t < sc->n_vehicle_types; t++)
        carried |= sc->vehicle_types[t].count > 0 &&
                   (sc->vehicle_types[t].streams & WO_STREAM_BIT(s));
    if (!carried) {
        for (i = 0; rc == WO_OK && i < n_src; i++)
            rc = add_unserved(a, sc, src[i], day, surplus[i] * 1000.0, NULL,
                              (wo_stream)s, "no_vehicle");
        goto done;
    }
    for (k = 0; k < sc->n_facilities; k++) {
        int pk;
        if (!facility_usable(&sc->facilities[k]) ||
            (pk = process_for(sc, k, s)) < 0 || is_intermediate(sc, pk))
            continue;
        dump[n_dump] = k;
        proc[n_dump] = pk;
        cap[n_dump] = sc->processes[pk].capacity_kg_per_d / 1000.0;
        fee[n_dump++] = sc->processes[pk].cost_cny_per_t;
    }
    dr = wo_malloc(((size_t)n_src * (size_t)n_fill + 1) * sizeof *dr);
    dd = wo_malloc(((size_t)n_src * (size_t)n_dump + 1) * sizeof *dd);
    if (!dr || !dd)
        goto oom;
    for (i = 0; i < n_src; i++) {
        const wo_point *a_pos = &sc->sites[sc->demands[src[i]].site].pos;
        for (k = 0; k < n_fill; k++) {
            const wo_point *b = &sc->sites[sc->demands[fill[k]].site].pos;
            dr[(size_t)i * (size_t)n_fill + (size_t)k] =
                sc->demands[fill[k]].site == sc->demands[src[i]].site
                    ? -1.0
                    : circuity * wo_plan_great_circle_m(a_pos->lon_deg,
                                                        a_pos->lat_deg,
                                                        b->lon_deg,
                                                        b->lat_deg) /
                          1000.0;
        }
        for (k = 0; k < n_dump; k++) {
            const wo_point *b = &sc->facilities[dump[k]].pos;
            dd[(size_t)i * (size_t)n_dump + (size_t)k] =
                circuity * wo_plan_great_circle_m(a_pos->lon_deg,
                                                  a_pos->lat_deg, b->lon_deg,
                                                  b->lat_deg) /
                1000.0;
        }
    }
    trailer_of(sc, s, &truck_kg, &per_km);
    wo_earthwork_problem_init(&ep);
    ep.nsurplus = n_src;
    ep.nneed = n_fill;
    ep.ndump = n_dump;
    ep.surplus_t = surplus;
    ep.need_t = need;
    ep.dump_cap_t = cap;
    ep.dump_fee_per_t = fee;
    ep.dist_reuse_km = dr;
    ep.dist_dump_km = dd;
    ep.truck_t = truck_kg / 1000.0;
    ep.cost_per_km = per_km;
    ep.time_limit_s = mip_time(a, EW_MIN_S);
    snprintf(name, sizeof name, "earthwork_d%d", day + 1);
    model_paths(a->prm, name, lp_path, mps_path, sizeof lp_path, &ep.write_lp,
                &ep.write_mps);
    mrc = wo_earthwork_solve(&ep, &er, NULL);
    /* the cost stage's objective: trips and fees, unplaced spoil at the
     * price its row carries there */
    if ((ep.write_lp || ep.write_mps) &&
        (rc = add_model(a, name, "earthwork", day, s, mrc, er.status,
                        er.cost + EW_UNPLACED_PRICE * er.unplaced_t)) != WO_OK)
        goto done;
    if (mrc != WO_OK || !er.reuse_t) {
        for (i = 0; rc == WO_OK && i < n_src; i++)
            rc = add_unserved(a, sc, src[i], day, surplus[i] * 1000.0, NULL,
                              (wo_stream)s, "capacity");
        goto done;
    }
    for (i = 0; rc == WO_OK && i < n_src; i++) {
        const wo_site *from = &sc->sites[sc->demands[src[i]].site];
        double unplaced = fmax(er.unplaced_site_t[i], 0.0), total, scale;
        /* The MIP's tonnes carry solver rounding (a slack of -2e-8 t):
         * scale them so that a site's shipments and its unplaced rest add
         * up to its surplus exactly. */
        total = unplaced;
        for (k = 0; k < n_fill; k++)
            total += fmax(er.reuse_t[(size_t)i * (size_t)n_fill + (size_t)k],
                          0.0);
        for (k = 0; k < n_dump; k++)
            total += fmax(er.dump_t[(size_t)i * (size_t)n_dump + (size_t)k],
                          0.0);
        scale = total > 0 ? surplus[i] / total : 1.0;
        for (k = 0; rc == WO_OK && k < n_fill + n_dump; k++) {
            int reuse = k < n_fill, kk = reuse ? k : k - n_fill;
            size_t at = (size_t)i * (size_t)(reuse ? n_fill : n_dump) +
                        (size_t)kk;
            double q = scale * (reuse ? er.reuse_t[at] : er.dump_t[at]);
            int trips = reuse ? er.reuse_trips[at] : er.dump_trips[at];
            const wo_point *to;
            wo_plan_transfer *tr;
            if (q <= 1e-9)
                continue;
            to = reuse ? &sc->sites[sc->demands[fill[kk]].site].pos
                       : &sc->facilities[dump[kk]].pos;
            if (grow((void **)&p->transfers, &a->cap_transfers,
                     p->n_transfers + 1, sizeof *p->transfers) != WO_OK)
                goto oom;
            tr = &p->transfers[p->n_transfers++];
            tr->from = arena_str(p, from->id);
            tr->to = arena_str(p, reuse ? sc->sites[sc->demands[fill[kk]].site].id
                                        : sc->facilities[dump[kk]].id);
            if (!tr->from || !tr->to)
                goto oom;
            tr->from_facility = -1;
            tr->to_facility = reuse ? -1 : dump[kk];
            tr->from_lon_deg = from->pos.lon_deg;
            tr->from_lat_deg = from->pos.lat_deg;
            tr->to_lon_deg = to->lon_deg;
            tr->to_lat_deg = to->lat_deg;
            tr->stream = (wo_stream)s;
            tr->day = day;
            tr->trips = trips;
            tr->tonnes = q;
            tr->dist_m = 1000.0 * (reuse ? dr : dd)[at];
            tr->cost_cny = trips * 2 * tr->dist_m / 1000.0 * per_km +
                           (reuse ? 0 : q * fee[kk]);
            p->summary.served_kg[s] += q * 1000.0;
            p->summary.treated_kg[s][reuse ? WO_TREAT_BACKFILL
                                           : sc->processes[proc[kk]].treatment] +=
                q * 1000.0;
            p->summary.cost_cny += tr->cost_cny;
            p->summary.dist_m += trips * 2 * tr->dist_m;
        }
        if (rc == WO_OK && unplaced > 1e-9)
            rc = add_unserved(a, sc, src[i], day, scale * unplaced * 1000.0,
                              NULL, (wo_stream)s, "capacity");
    }
    goto done;
oom:
    rc = WO_ENOMEM;
done:
    wo_earthwork_result_free(&er);
    wo_free(src);
    wo_free(fill);
    wo_free(surplus);
    wo_free(need);
    wo_free(dump);
    wo_free(proc);
    wo_free(cap);
    wo_free(fee);
    wo_free(dr);
    wo_free(dd);
    return rc;
}

/* Routes and unserved stops of a solved job, and those of its rescue job
 * when that one ran: the rescue's in place of the stops it took on. */
static int add_job_result(asm_state *a, const run *r, const job *j,
                          wo_err *err)
{
    const wo_scenario *sc = r->sc;
    const job *rj = j->rescue >= 0 ? &r->rescue[j->rescue] : NULL;
    int k, rc = WO_OK, pass;
    if (rj && (!rj->started || rj->rc != WO_OK))
        rj = NULL;
    for (pass = 0; pass < (rj ? 2 : 1); pass++) {
        const job *x = pass == 0 ? j : rj;
        for (k = 0; rc == WO_OK && k < x->sol.n_routes; k++) {
            const wo_vrp_route *vr = &x->sol.routes[k];
            if (vr->n_visits < 2 || vr->stream < 0)
                continue;
            rc = add_route(a, sc, x, vr,
                           pass == 0 ? vr->vehicle
                                     : x->vehicle_of[x->veh_at[vr->type] +
                                                     vr->vehicle],
                           err);
        }
        for (k = 0; rc == WO_OK && k < x->sol.n_unserved; k++) {
            const wo_vrp_stop *st = &x->stops[x->sol.unserved[k].stop];
            int dm = (int)st->ext_id;
            wo_vrp_unserved_reason why = x->sol.unserved[k].reason;
            if (pass == 0 && rj && rescued(sc, j, &x->sol.unserved[k]))
                continue;
            if (pass == 1 && (why == WO_UNSERVED_PENALTY ||
                              why == WO_UNSERVED_NO_VEHICLE))
                why = (wo_vrp_unserved_reason)x->why[x->sol.unserved[k].stop];
            rc = add_unserved(a, sc, dm, j->day, st->demand[0], NULL,
                              sc->demands[dm].stream,
                              why == WO_UNSERVED_PENALTY &&
                                      !sc->demands[dm].optional
                                  ? "no_route"
                                  : vrp_reason_code(why));
        }
    }
    return rc;
}

/* Collect the jobs' results into the plan, in job order (deterministic). */
static int assemble(run *r, wo_plan *p, wo_err *err)
{
    const wo_scenario *sc = r->sc;
    asm_state a;
    int i, k, rc, day, *seen = NULL;
    size_t n_seen = 0;
    memset(&a, 0, sizeof a);
    a.p = p;
    a.prm = r->prm;
    /* The flow MIPs share what routing left of the limit (a tenth), one
     * per stream and day at most; never less than half a second each. */
    a.mip_limit_s = r->prm->time_limit_s > 0
                        ? (1 - ROUTING_SHARE) * r->prm->time_limit_s /
                              (2.0 * p->days)
                        : MIP_MAX_S;
    a.mip_limit_s = fmax(MIP_MIN_S, fmin(MIP_MAX_S, a.mip_limit_s));
    a.end_s = r->prm->time_limit_s > 0
                  ? r->start_s + r->prm->time_limit_s - END_MARGIN_S
                  : 0;
    for (i = 0; i < r->n_pre; i++) {
        const wo_demand *d = &sc->demands[r->pre[i].demand];
        rc = add_unserved(&a, sc, r->pre[i].demand, r->pre[i].day,
                          r->pre[i].amount_kg, NULL, d->stream,
                          r->pre[i].reason);
        if (rc != WO_OK)
            goto oom;
        if (r->pre[i].detail[0] &&
            !(p->unserved[p->n_unserved - 1].detail =
                  arena_str(p, r->pre[i].detail)))
            goto oom;
    }
    for (day = 0; day < p->days; day++) {
        int first_route = p->n_routes;
        for (i = 0; i < r->n_jobs; i++) {
            job *j = &r->jobs[i];
            if (j->day != day)
                continue;
            if (!j->started || (j->rc != WO_OK && j->n_stops > 0)) {
                /* Not planned (interrupted) or the solver failed. */
                for (k = 0; k < j->n_stops; k++) {
                    int dm = (int)j->stops[k].ext_id;
                    rc = add_unserved(&a, sc, dm, day, j->stops[k].demand[0],
                                      NULL, sc->demands[dm].stream,
                                      j->started ? "solver_error"
                                                 : "interrupted");
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
        rc = second_echelon(&a, r, day, first_route);
        if (rc == WO_OK)
            rc = earthwork_day(&a, r, day);
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
    run *r;                    /* the run                                   */
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

static int assemble_on_thread(run *r, wo_plan *p, wo_err *err)
{
    assemble_job aj;
    pthread_t th;
    aj.r = r;
    aj.p = p;
    aj.err = err;
    aj.rc = WO_OK;
    if (pthread_create(&th, NULL, assemble_main, &aj) != 0)
        return wo_err_set(err, WO_EINTERNAL, "plan: cannot start a thread");
    pthread_join(th, NULL);
    return aj.rc;
}

/* ---------------------------------------------------------------- run */

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

static int cmp_weight_desc(const job *jobs, int a, int b)
{
    if (jobs[a].weight != jobs[b].weight)
        return jobs[a].weight > jobs[b].weight ? -1 : 1;
    return a - b;
}

int wo_plan_run(const wo_scenario *sc, const wo_plan_params *prm,
                wo_plan **out, wo_err *err)
{
    run r;
    wo_plan *p = NULL;
    int unit_of[WO_STREAM_COUNT], unit_ids[WO_STREAM_COUNT];
    int n_units = 0, s, u, day, i, k, rc = WO_OK;
    day_totals *tot = NULL;

    *out = NULL;
    memset(&r, 0, sizeof r);
    if (!prm->solve || !prm->release)
        return wo_err_set(err, WO_EINVAL, "plan: no routing solver given");
    if (prm->days < 1 || prm->days > 28)
        return wo_err_set(err, WO_EINVAL,
                          "plan: days = %d is outside [1, 28]", prm->days);
    if (!(prm->time_limit_s > 0) && prm->max_iterations <= 0)
        return wo_err_set(err, WO_EINVAL,
                          "plan: a time limit or an iteration limit is needed");
    if (wo_plan_date_to_days(sc->date, &r.day0) != WO_OK)
        return wo_err_set(err, WO_EINVAL, "plan: scenario date '%s' is not "
                          "a valid YYYY-MM-DD date", sc->date);
    r.sc = sc;
    r.prm = prm;
    r.start_s = wo_now_s();
    /* Routing gets 90 % of the time; the flow MIPs of the assembly (second
     * echelon, earthwork) the rest, each at most 5 s. */
    r.deadline_s = r.start_s + (prm->time_limit_s > 0
                                    ? FIRST_SHARE * prm->time_limit_s
                                    : 1e9);
    pthread_mutex_init(&r.lock, NULL);

    /* Due amounts per day and stream, for capacity sharing. */
    tot = wo_calloc((size_t)prm->days, sizeof *tot);
    if (!tot)
        goto oom;
    for (day = 0; day < prm->days; day++)
        for (i = 0; i < sc->n_demands; i++) {
            int every;
            if (wo_plan_demand_due(sc, &sc->demands[i], r.day0 + day, &every))
                tot[day].kg[sc->demands[i].stream] +=
                    sc->demands[i].kg_per_day * every;
        }

    /* The road graph's search structures, once for every problem. */
    if (prm->graph) {
        if ((rc = wo_snap_index_new(prm->graph, &r.snap, err)) != WO_OK ||
            (rc = wo_ch_build(prm->graph, &r.ch, NULL, prm->cancel, err)) !=
                WO_OK) {
            wo_err_prefix(err, "road graph");
            goto fail;
        }
    }

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
    r.jobs = wo_calloc((size_t)(n_units * prm->days) + 1, sizeof *r.jobs);
    r.order = wo_calloc((size_t)(n_units * prm->days) + 1, sizeof *r.order);
    if (!r.jobs || !r.order)
        goto oom;
    for (day = 0; day < prm->days; day++)
        for (u = 0; u < n_units; u++) {
            job *j = &r.jobs[r.n_jobs];
            j->unit = u;
            j->day = day;
            for (s = 0; s < WO_STREAM_PRIMARY_COUNT; s++)
                if (s != WO_STREAM_CD_SPOIL && s != WO_STREAM_CD_SLURRY &&
                    unit_ids[unit_of[s]] == u)
                    j->streams |= WO_STREAM_BIT(s);
            j->seed = prm->seed + (uint64_t)r.n_jobs;
            r.n_jobs++;
            rc = build_job(&r, j, &tot[day], err);
            if (rc != WO_OK)
                goto fail;
            r.pending_weight += j->weight;
        }

    /* Largest problems first (insertion sort: few jobs). */
    for (i = 0; i < r.n_jobs; i++) {
        int v = i;
        for (k = i; k > 0 && cmp_weight_desc(r.jobs, v, r.order[k - 1]) < 0;
             k--)
            r.order[k] = r.order[k - 1];
        r.order[k] = v;
    }
    if ((rc = run_workers(&r, err)) != WO_OK)
        goto fail;
    /* A failing solver is an error of the run, except when the run was
     * cancelled (the jobs' best routes still count). */
    for (i = 0; i < r.n_jobs; i++)
        if (r.jobs[i].started && r.jobs[i].n_stops > 0 &&
            r.jobs[i].rc != WO_OK && r.jobs[i].rc != WO_ECANCELLED) {
            rc = wo_err_set(err, r.jobs[i].rc, "routing %s on day %d: %s",
                            job_phase(&r, &r.jobs[i]), r.jobs[i].day + 1,
                            r.jobs[i].err.msg);
            goto fail;
        }

    rc = rescue_run(&r, r.start_s + (prm->time_limit_s > 0
                                         ? ROUTING_SHARE * prm->time_limit_s
                                         : 1e9),
                    err);
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
    rc = assemble_on_thread(&r, p, err);
    if (rc != WO_OK)
        goto fail;
    p->summary.interrupted = prm->cancel && *prm->cancel;
    p->summary.far_points = r.far_points;
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
    for (i = 0; i < r.n_jobs; i++) {
        if (r.jobs[i].started && r.jobs[i].n_stops > 0)
            prm->release(&r.jobs[i].sol);
        job_free(&r.jobs[i]);
    }
    for (i = 0; i < r.n_rescue; i++) {
        if (r.rescue[i].started && r.rescue[i].n_stops > 0)
            prm->release(&r.rescue[i].sol);
        job_free(&r.rescue[i]);
    }
    wo_free(r.rescue);
    wo_free(r.jobs);
    wo_free(r.order);
    wo_free(r.pre);
    wo_free(tot);
    wo_ch_free(r.ch);
    wo_snap_index_free(r.snap);
    pthread_mutex_destroy(&r.lock);
    return rc;
}
