/*
 * haul.c — full-truckload trips on the scenario's vehicles: the second
 * echelon's loads from the transfer and storage stations to the plants,
 * the slurry tankers' and the spoil trucks' loads from the sites, the
 * residues (ash, sludge, rejects, digestate) from the plants to their
 * sinks, chained into one route per vehicle and day.
 *
 * A trip loads at its origin (within the origin's hours), drives to the
 * destination, waits for its opening hours, unloads; the vehicle then
 * drives empty to the origin of its next trip, or back to its end depot.
 * The driver's break (when the type has one) is taken before the trip that
 * would end after the break window, where the vehicle is, or after the
 * last unload. Travel is the great-circle distance times the scenario's
 * circuity factor at the type's speed (speed_kmh), as the flow MIPs count
 * their distances, also when the collection routes use a road graph.
 *
 * Loads are placed one at a time (the callers give the longest movements
 * first): on the vehicle already carrying the stream that reaches the
 * origin soonest, else on the unused vehicle whose depot is nearest, as
 * long as the vehicle still returns to its end depot within its shift
 * window and its shift length. A load that fits no vehicle is left to the
 * caller, who lists it as unserved: a smaller fleet carries less.
 */
#include "solver/plan/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HAUL_EPS_S 1e-6        /* time tolerance of the shift checks (s)    */
#define HAUL_MIN_KG 1e-6       /* loads below this are rounding, not loads  */

/* One vehicle of the day. */
typedef struct haul_veh {
    int type;                  /* scenario vehicle type                     */
    int number;                /* 0-based number within its type            */
    int stream;                /* stream carried today, -1: not used yet,
                                  -2: busy on a collection route today     */
    wo_plan_route_kind kind;   /* transfer or haul, once used               */
    const wo_point *at;        /* where it is after its last trip           */
    const char *at_id;         /* that place's id (owned by the plan)       */
    double free_s;             /* free from (after its last unload)         */
    double start_s;            /* departure from its start depot            */
    int brk;                   /* 1: its break is taken                     */
    double dist_m;             /* driven so far                             */
    double loaded_kg;          /* loaded so far                             */
    int n_vis;                 /* visits so far                             */
    size_t cap_vis;            /* their capacity                            */
    wo_plan_visit *vis;        /* owned (copied into the plan at the end)   */
} haul_veh;

struct plan_fleet {
    const wo_scenario *sc;     /* the scenario                              */
    int day;                   /* 0-based day                               */
    int n;                     /* vehicles                                  */
    haul_veh *v;               /* [n] by type, then number                  */
};

/* A trip of one vehicle, simulated. */
typedef struct haul_sim {
    int brk_before;            /* 1: the break comes first, where it is     */
    double brk_start_s;        /* its start                                 */
    double depart_s;           /* departure towards the origin              */
    double arr_o_s, load_s, load_end_s;   /* at the origin                 */
    double arr_d_s, unl_s, unl_end_s;     /* at the destination            */
    double dead_m, full_m;     /* empty and loaded distance                 */
    double ready_s;            /* when it could leave the origin area: the
                                  score of a used vehicle                  */
} haul_sim;

/* 1 when type vt may carry stream s in role `role`: transfer types for
 * the second echelon, haul types for the residues of the plants, the
 * others (collection or haul) for site loads. */
static int type_fits(const wo_vehicle_type *vt, int s, wo_vehicle_role role)
{
    if (vt->count <= 0 || !(vt->streams & WO_STREAM_BIT(s)))
        return 0;
    if (role == WO_ROLE_TRANSFER)
        return vt->role == WO_ROLE_TRANSFER;
    if (s >= WO_STREAM_PRIMARY_COUNT) /* a residue */
        return vt->role == WO_ROLE_HAUL;
    return vt->role != WO_ROLE_TRANSFER;
}

const char *plan_haul_roles(const plan_haul *h)
{
    if (h->role == WO_ROLE_TRANSFER)
        return "transfer";
    return (int)h->stream >= WO_STREAM_PRIMARY_COUNT ? "haul"
                                                     : "collection or haul";
}

/* 1 when type vt takes part in the full-load trips at all. */
static int type_hauls(const wo_vehicle_type *vt)
{
    const wo_stream_mask loads =
        WO_STREAM_BIT(WO_STREAM_CD_SPOIL) | WO_STREAM_BIT(WO_STREAM_CD_SLURRY);
    return vt->count > 0 &&
           (vt->role != WO_ROLE_COLLECTION || (vt->streams & loads));
}

/* qsort order of plan_moves_sort. */
static int move_cmp(const void *x, const void *y)
{
    const plan_move *a = x, *b = y;
    if (a->dist_km != b->dist_km)
        return a->dist_km > b->dist_km ? -1 : 1;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    return (a->to > b->to) - (a->to < b->to);
}

void plan_moves_sort(plan_move *m, int n)
{
    if (n > 1)
        qsort(m, (size_t)n, sizeof *m, move_cmp);
}

int plan_fleet_begin(const plan_run *r, const wo_plan *p, int day,
                     int first_route, plan_fleet **out)
{
    const wo_scenario *sc = r->sc;
    plan_fleet *fl = wo_calloc(1, sizeof *fl);
    size_t n = 0;
    int t, k, q;
    *out = NULL;
    if (!fl)
        return WO_ENOMEM;
    fl->sc = sc;
    fl->day = day;
    for (t = 0; t < sc->n_vehicle_types; t++)
        if (type_hauls(&sc->vehicle_types[t]))
            n += (size_t)sc->vehicle_types[t].count;
    fl->v = wo_calloc(n + 1, sizeof *fl->v);
    if (!fl->v) {
        wo_free(fl);
        return WO_ENOMEM;
    }
    for (t = 0; t < sc->n_vehicle_types; t++) {
        const wo_vehicle_type *vt = &sc->vehicle_types[t];
        if (!type_hauls(vt))
            continue;
        for (k = 0; k < vt->count; k++) {
            haul_veh *v = &fl->v[fl->n++];
            v->type = t;
            v->number = k;
            v->stream = -1;
        }
    }
    /* A vehicle that runs a collection route today (a collection type that
     * also carries spoil) is not free for loads: one route a day. */
    for (q = first_route; q < p->n_routes; q++) {
        const wo_plan_route *ro = &p->routes[q];
        const char *slash = strrchr(ro->vehicle, '/');
        long num;
        int i;
        if (!slash || wo_parse_long(slash + 1, &num) != WO_OK)
            continue;
        for (i = 0; i < fl->n; i++)
            if (fl->v[i].type == ro->type && fl->v[i].number == num - 1)
                fl->v[i].stream = -2; /* busy: never chosen */
    }
    *out = fl;
    return WO_OK;
}

void plan_fleet_largest(const plan_fleet *fl, int s, wo_vehicle_role role,
                        double *kg, double *per_km, int *n_vehicles)
{
    const wo_scenario *sc = fl->sc;
    int i, n = 0;
    *kg = 0;
    *per_km = 0;
    for (i = 0; i < fl->n; i++) {
        const wo_vehicle_type *vt = &sc->vehicle_types[fl->v[i].type];
        if (fl->v[i].stream == -2 || !type_fits(vt, s, role))
            continue;
        n++;
        if (vt->capacity_kg > *kg) {
            *kg = vt->capacity_kg;
            *per_km = vt->cost_cny_per_km;
        }
    }
    if (n_vehicles)
        *n_vehicles = n;
}

/* Earliest start at or after t within windows tw[0..n-1] (absolute times
 * of the plan day, as the plan checks them); n == 0: t. HUGE_VAL when
 * every window has closed. */
static double next_start(int n, const wo_tw *tw, double t)
{
    int w;
    if (n == 0)
        return t;
    for (w = 0; w < n; w++)
        if (t <= tw[w].close_s)
            return t > tw[w].open_s ? t : tw[w].open_s;
    return HUGE_VAL;
}

/* The hours of facility f as windows: none when it is open round the
 * clock (00:00-24:00 or longer). */
static int fac_hours(const wo_scenario *sc, int f, wo_tw *tw)
{
    const wo_facility *fa = &sc->facilities[f];
    if (fa->open_s <= 0 && fa->close_s >= 86400)
        return 0;
    tw[0].open_s = fa->open_s;
    tw[0].close_s = fa->close_s;
    return 1;
}

/* Loading windows of h's origin into tw; returns how many (0: always). */
static int from_hours(const wo_scenario *sc, const plan_haul *h, wo_tw *tw)
{
    int w;
    if (h->from_facility >= 0)
        return fac_hours(sc, h->from_facility, tw);
    if (h->from_demand >= 0) {
        const wo_demand *d = &sc->demands[h->from_demand];
        for (w = 0; w < d->n_tw; w++)
            tw[w] = d->tw[w];
        return d->n_tw;
    }
    return 0;
}

static const wo_point *from_pos(const wo_scenario *sc, const plan_haul *h)
{
    return h->from_facility >= 0 ? &sc->facilities[h->from_facility].pos
                                 : &sc->sites[h->from_site].pos;
}

static const wo_point *to_pos(const wo_scenario *sc, const plan_haul *h)
{
    return h->to_facility >= 0 ? &sc->facilities[h->to_facility].pos
                               : &sc->sites[h->to_site].pos;
}

/* The break window of type vt on the plan day: a night shift's window
 * written as the next morning's clock time (shift 22:00-30:00, break
 * 01:00-03:00) lies a day later. */
static void break_window(const wo_vehicle_type *vt, double *lo, double *hi)
{
    *lo = vt->break_earliest_s;
    *hi = vt->break_latest_s;
    if (*hi < vt->shift_start_s && *lo + 86400 < vt->shift_end_s) {
        *lo += 86400;
        *hi += 86400;
    }
}

/* Seconds to drive m metres at the type's speed (REF_SPEED_KMH when a
 * scenario built in code leaves it unset). */
static double drive_s(const wo_vehicle_type *vt, double m)
{
    double kmh = vt->speed_kmh > 0 ? vt->speed_kmh : REF_SPEED_KMH;
    return m / (kmh / 3.6);
}

/* Simulate h on vehicle v: 1 and *out when it fits v's shift (with its
 * return to the end depot and a break still due), else 0. */
static int simulate(const plan_fleet *fl, const haul_veh *v,
                    const plan_haul *h, haul_sim *out)
{
    const wo_scenario *sc = fl->sc;
    const wo_vehicle_type *vt = &sc->vehicle_types[v->type];
    const wo_point *from = from_pos(sc, h), *to = to_pos(sc, h);
    const wo_point *at = v->stream >= 0 ? v->at : &sc->depots[vt->start_depot].pos;
    const wo_point *home = &sc->depots[vt->end_depot].pos;
    wo_tw ftw[WO_MAX_TW], ttw[1];
    int n_ftw = from_hours(sc, h, ftw), n_ttw, fresh = v->stream < 0, brk;
    int has_brk = vt->break_s > 0, pass;
    double t = fresh ? vt->shift_start_s : v->free_s, lo = 0, hi = 0, start,
           end, back;
    n_ttw = h->to_facility >= 0 ? fac_hours(sc, h->to_facility, ttw) : 0;
    if (has_brk)
        break_window(vt, &lo, &hi);
    brk = v->brk || !has_brk;
    memset(out, 0, sizeof *out);
    out->dead_m = plan_estimated_road_m(sc, at, from);
    out->full_m = plan_estimated_road_m(sc, from, to);
    for (pass = 0; pass < 2; pass++) {
        out->depart_s = t;
        out->arr_o_s = t + drive_s(vt, out->dead_m);
        out->load_s = next_start(n_ftw, ftw, out->arr_o_s);
        if (out->load_s == HUGE_VAL)
            return 0;
        if (fresh && !out->brk_before) { /* leave the depot just in time */
            out->depart_s = out->load_s - drive_s(vt, out->dead_m);
            out->arr_o_s = out->load_s;
        }
        out->load_end_s = out->load_s + h->load_s;
        out->arr_d_s = out->load_end_s + drive_s(vt, out->full_m);
        out->unl_s = next_start(n_ttw, ttw, out->arr_d_s);
        if (out->unl_s == HUGE_VAL)
            return 0;
        out->unl_end_s = out->unl_s + h->unload_s;
        if (brk || out->unl_end_s <= hi + HAUL_EPS_S || pass > 0)
            break;
        /* the trip would end after the break window: break first */
        out->brk_before = 1;
        out->brk_start_s = t > lo ? t : lo;
        if (out->brk_start_s > hi + HAUL_EPS_S)
            return 0;
        t = out->brk_start_s + vt->break_s;
        brk = 1;
    }
    back = drive_s(vt, plan_estimated_road_m(sc, to, home));
    end = out->unl_end_s + back;
    if (!brk) { /* still due: after the unload, where it is */
        double bs = out->unl_end_s > lo ? out->unl_end_s : lo;
        if (bs > hi + HAUL_EPS_S)
            return 0;
        end = bs + vt->break_s + back;
    }
    start = !fresh ? v->start_s
            : out->brk_before ? out->brk_start_s
                              : out->depart_s;
    if (start < vt->shift_start_s - HAUL_EPS_S ||
        end > vt->shift_end_s + HAUL_EPS_S ||
        (vt->shift_max_s > 0 && end - start > vt->shift_max_s + HAUL_EPS_S))
        return 0;
    out->ready_s = out->load_s;
    return 1;
}

int plan_haul_alone(const wo_scenario *sc, const plan_haul *h)
{
    plan_fleet fl;
    haul_veh v;
    haul_sim sm;
    int t;
    memset(&fl, 0, sizeof fl);
    fl.sc = sc;
    for (t = 0; t < sc->n_vehicle_types; t++) {
        if (!type_fits(&sc->vehicle_types[t], (int)h->stream, h->role))
            continue;
        memset(&v, 0, sizeof v);
        v.type = t;
        v.stream = -1;
        if (simulate(&fl, &v, h, &sm))
            return t;
    }
    return -1;
}

int plan_haul_fits_type(const wo_scenario *sc, const plan_haul *h, int t)
{
    return type_fits(&sc->vehicle_types[t], (int)h->stream, h->role);
}

double plan_haul_solo_s(const wo_scenario *sc, const plan_haul *h, int t)
{
    const wo_vehicle_type *vt = &sc->vehicle_types[t];
    const wo_point *from = from_pos(sc, h), *to = to_pos(sc, h);
    double m = plan_estimated_road_m(sc, &sc->depots[vt->start_depot].pos,
                                     from) +
               plan_estimated_road_m(sc, from, to) +
               plan_estimated_road_m(sc, to, &sc->depots[vt->end_depot].pos);
    return drive_s(vt, m) + h->load_s + h->unload_s + vt->break_s;
}

int plan_fleet_reaches(const plan_fleet *fl, const plan_haul *h)
{
    return plan_haul_alone(fl->sc, h) >= 0;
}

/* Append a visit to v. WO_ENOMEM. */
static int add_visit(haul_veh *v, wo_plan_visit_kind kind, const char *site,
                     const wo_point *pos, double arr, double start,
                     double dep, double amount, double after, int demand,
                     int facility)
{
    wo_plan_visit *x;
    if (WO_RESERVE(v->vis, v->cap_vis, (size_t)v->n_vis + 1) != WO_OK)
        return WO_ENOMEM;
    x = &v->vis[v->n_vis++];
    x->kind = kind;
    x->site = site;
    x->lon_deg = pos->lon_deg;
    x->lat_deg = pos->lat_deg;
    x->arrival_s = arr;
    x->start_s = start;
    x->depart_s = dep;
    x->amount_kg = amount;
    x->load_after_kg = after;
    x->demand = demand;
    x->facility = facility;
    return WO_OK;
}

/* Put a load of kg on v as simulated in sm. WO_ENOMEM. */
static int apply(plan_asm *a, plan_fleet *fl, haul_veh *v, const plan_haul *h,
                 const haul_sim *sm, double kg)
{
    const wo_scenario *sc = fl->sc;
    const wo_vehicle_type *vt = &sc->vehicle_types[v->type];
    wo_plan *p = a->p;
    const char *from_id =
        plan_str(p, h->from_facility >= 0 ? sc->facilities[h->from_facility].id
                                          : sc->sites[h->from_site].id);
    const char *to_id =
        plan_str(p, h->to_facility >= 0 ? sc->facilities[h->to_facility].id
                                        : sc->sites[h->to_site].id);
    int rc;
    if (!from_id || !to_id)
        return WO_ENOMEM;
    if (v->stream < 0) {
        const wo_depot *dp = &sc->depots[vt->start_depot];
        double t0 = sm->brk_before ? sm->brk_start_s : sm->depart_s;
        v->at = &dp->pos;
        if (!(v->at_id = plan_str(p, dp->id)))
            return WO_ENOMEM;
        v->stream = (int)h->stream;
        v->kind = h->role == WO_ROLE_TRANSFER ? WO_PLAN_ROUTE_TRANSFER
                                              : WO_PLAN_ROUTE_HAUL;
        v->start_s = t0;
        v->free_s = t0;
        if ((rc = add_visit(v, WO_PLAN_DEPOT, v->at_id, v->at, t0, t0, t0, 0,
                            0, -1, -1)) != WO_OK)
            return rc;
    }
    if (sm->brk_before) {
        if ((rc = add_visit(v, WO_PLAN_BREAK, v->at_id, v->at, v->free_s,
                            sm->brk_start_s, sm->brk_start_s + vt->break_s, 0,
                            0, -1, -1)) != WO_OK)
            return rc;
        v->brk = 1;
    }
    if ((rc = add_visit(v, WO_PLAN_LOAD, from_id, from_pos(sc, h), sm->arr_o_s,
                        sm->load_s, sm->load_end_s, kg, kg, h->from_demand,
                        h->from_facility)) != WO_OK ||
        (rc = add_visit(v, WO_PLAN_UNLOAD, to_id, to_pos(sc, h), sm->arr_d_s,
                        sm->unl_s, sm->unl_end_s, kg, 0, -1,
                        h->to_facility)) != WO_OK)
        return rc;
    v->at = to_pos(sc, h);
    v->at_id = to_id;
    v->free_s = sm->unl_end_s;
    v->dist_m += sm->dead_m + sm->full_m;
    v->loaded_kg += kg;
    return WO_OK;
}

int plan_haul_carry(plan_asm *a, plan_fleet *fl, const plan_haul *h,
                    double kg, double *moved_kg, int *trips,
                    const char **reason, char *detail, size_t size)
{
    const wo_scenario *sc = fl->sc;
    const wo_stream_info *si = wo_stream_get(h->stream);
    double left = kg;
    int n_fit = 0, n_fresh = 0, i, rc;
    *moved_kg = 0;
    *trips = 0;
    *reason = "fleet_capacity";
    if (size > 0)
        detail[0] = '\0';
    while (left > HAUL_MIN_KG) {
        haul_sim best_sm, sm;
        int best = -1, best_used = 0;
        double best_score = HUGE_VAL, load;
        memset(&best_sm, 0, sizeof best_sm);
        for (i = 0; i < fl->n; i++) {
            haul_veh *v = &fl->v[i];
            const wo_vehicle_type *vt = &sc->vehicle_types[v->type];
            int used = v->stream >= 0;
            double score;
            if (v->stream == -2 || (used && v->stream != (int)h->stream) ||
                !type_fits(vt, (int)h->stream, h->role))
                continue;
            if (best_used && !used)
                continue; /* a vehicle on the road first */
            if (!simulate(fl, v, h, &sm))
                continue;
            score = used ? sm.ready_s
                         : drive_s(vt, sm.dead_m) + 1e-3 * (double)i;
            if ((used && !best_used) || score < best_score) {
                best = i;
                best_used = used;
                best_score = score;
                best_sm = sm;
            }
        }
        if (best < 0)
            break;
        load = fmin(left, sc->vehicle_types[fl->v[best].type].capacity_kg);
        if ((rc = apply(a, fl, &fl->v[best], h, &best_sm, load)) != WO_OK)
            return rc;
        left -= load;
        *moved_kg += load;
        (*trips)++;
    }
    if (left > HAUL_MIN_KG && size > 0) {
        char role[40], what[200];
        snprintf(role, sizeof role, "role %s", plan_haul_roles(h));
        for (i = 0; i < fl->n; i++)
            if (fl->v[i].stream != -2 &&
                type_fits(&sc->vehicle_types[fl->v[i].type], (int)h->stream,
                          h->role)) {
                n_fit++;
                n_fresh += fl->v[i].stream == -1;
            }
        snprintf(what, sizeof what, "%.3f t of %s from %s to %s",
                 left / 1000.0, si ? si->code : "?",
                 h->from_facility >= 0 ? sc->facilities[h->from_facility].id
                                       : sc->sites[h->from_site].id,
                 h->to_facility >= 0 ? sc->facilities[h->to_facility].id
                                     : sc->sites[h->to_site].id);
        if (n_fit == 0) {
            *reason = "no_vehicle";
            snprintf(detail, size, "%s not carried: no vehicle of a type "
                     "with %s carries %s (vehicle_types.csv)", what, role,
                     si ? si->code : "?");
        } else if (n_fresh > 0 && plan_haul_alone(sc, h) < 0) {
            /* an unused vehicle cannot make even this one trip */
            *reason = "shift";
            snprintf(detail, size, "%s not carried: no vehicle with %s "
                     "carrying it can make the trip within its shift even "
                     "alone (from its depot: load, drive %.1f km, unload, "
                     "return; %d trip%s carried by vehicles already out)",
                     what, role,
                     plan_estimated_road_m(sc, from_pos(sc, h),
                                           to_pos(sc, h)) / 1000.0,
                     *trips, *trips == 1 ? "" : "s");
        } else if (n_fresh > 0) {
            /* a type could make it alone, but its vehicles are out */
            snprintf(detail, size, "%s not carried: the vehicles with %s "
                     "that can make the trip are all out on other loads and "
                     "none can fit another trip into its shift; the %d "
                     "unused one%s cannot make it even alone (%d trip%s "
                     "carried)", what, role, n_fresh, n_fresh == 1 ? "" : "s",
                     *trips, *trips == 1 ? "" : "s");
        } else
            snprintf(detail, size, "%s not carried: none of the %d "
                     "vehicle%s with %s carrying it can fit another trip "
                     "into its shift (%d trip%s carried)", what, n_fit,
                     n_fit == 1 ? "" : "s", role, *trips,
                     *trips == 1 ? "" : "s");
    }
    return WO_OK;
}

int plan_haul_unserved(plan_asm *a, const wo_scenario *sc, int demand,
                       int day, double kg, const char *site, wo_stream s,
                       const char *reason, const char *detail)
{
    wo_plan *p = a->p;
    int n = p->n_unserved, rc;
    rc = plan_add_unserved(a, sc, demand, day, kg, site, s, reason);
    if (rc == WO_OK && p->n_unserved > n) {
        p->unserved[n].onward = demand < 0;
        if (detail[0] && !(p->unserved[n].detail = plan_str(p, detail)))
            rc = WO_ENOMEM;
    }
    return rc;
}

/* Close v's route into the plan. WO_ENOMEM. */
static int close_route(plan_asm *a, plan_fleet *fl, haul_veh *v)
{
    const wo_scenario *sc = fl->sc;
    const wo_vehicle_type *vt = &sc->vehicle_types[v->type];
    const wo_depot *home = &sc->depots[vt->end_depot];
    wo_plan *p = a->p;
    wo_plan_route *ro;
    char name[160];
    double back = plan_estimated_road_m(sc, v->at, &home->pos), t = v->free_s,
           end;
    const char *home_id = plan_str(p, home->id);
    int rc;
    if (!home_id)
        return WO_ENOMEM;
    if (vt->break_s > 0 && !v->brk) {
        double lo, hi, bs;
        break_window(vt, &lo, &hi);
        bs = t > lo ? t : lo;
        if ((rc = add_visit(v, WO_PLAN_BREAK, v->at_id, v->at, t, bs,
                            bs + vt->break_s, 0, 0, -1, -1)) != WO_OK)
            return rc;
        t = bs + vt->break_s;
        v->brk = 1;
    }
    end = t + drive_s(vt, back);
    if ((rc = add_visit(v, WO_PLAN_DEPOT, home_id, &home->pos, end, end, end,
                        0, 0, -1, -1)) != WO_OK)
        return rc;
    v->dist_m += back;
    if (WO_RESERVE(p->routes, a->cap_routes, (size_t)p->n_routes + 1) !=
        WO_OK)
        return WO_ENOMEM;
    ro = &p->routes[p->n_routes];
    snprintf(name, sizeof name, "%s/%d", vt->id, v->number + 1);
    ro->vehicle = plan_str(p, name);
    ro->vehicle_type = plan_str(p, vt->id);
    ro->depot = plan_str(p, sc->depots[vt->start_depot].id);
    ro->visits = wo_arena_alloc(&p->mem, (size_t)v->n_vis * sizeof *ro->visits);
    if (!ro->vehicle || !ro->vehicle_type || !ro->depot || !ro->visits)
        return WO_ENOMEM;
    memcpy(ro->visits, v->vis, (size_t)v->n_vis * sizeof *ro->visits);
    ro->n_visits = v->n_vis;
    ro->type = v->type;
    ro->stream = (wo_stream)v->stream;
    ro->kind = v->kind;
    ro->day = fl->day;
    ro->dist_m = v->dist_m;
    ro->dur_s = end - v->start_s;
    ro->cost_cny = vt->fixed_cost_cny + v->dist_m / 1000.0 * vt->cost_cny_per_km +
                   ro->dur_s / 3600.0 * vt->cost_cny_per_h;
    ro->collected_kg = v->loaded_kg;
    p->summary.cost_cny += ro->cost_cny;
    p->summary.dist_m += ro->dist_m;
    p->summary.dur_s += ro->dur_s;
    p->n_routes++;
    return WO_OK;
}

int plan_fleet_end(plan_asm *a, plan_fleet *fl)
{
    int i, rc = WO_OK;
    if (!fl)
        return WO_OK;
    for (i = 0; i < fl->n; i++) {
        if (rc == WO_OK && fl->v[i].stream >= 0)
            rc = close_route(a, fl, &fl->v[i]);
        wo_free(fl->v[i].vis);
    }
    wo_free(fl->v);
    wo_free(fl);
    return rc;
}
