/*
 * servable.c — per district, the most a district-run fleet can load in a
 * day against the demand due there (servable.h). The city-wide bounds of
 * validate.c take the least leg between any site of a stream and any
 * place that takes it; a district-run fleet serves its own district only,
 * from its own depot, so its bound takes the legs of that district and the
 * places the city's rules allow.
 */
#include "solver/plan/servable.h"

#include "data/calendar.h"
#include "data/capacity.h"
#include "geo/graph.h"
#include "solver/plan/policy.h"

#include <math.h>
#include <string.h>

/* The least legs of one district's day (m, great circle x circuity). */
typedef struct district_legs {
    double kg, m3;       /* due in the district                           */
    int rows;            /* due demand rows                               */
    double svc_s;        /* least service time of those rows              */
    double leg_m;        /* least site -> allowed place                   */
    double unload_s;     /* least unload time of an allowed place         */
} district_legs;

static double road_m(const wo_scenario *sc, const wo_point *a,
                     const wo_point *b)
{
    return wo_scenario_circuity(sc) *
           wo_haversine_m(a->lon_deg, a->lat_deg, b->lon_deg, b->lat_deg);
}

/* Places where stream s may be unloaded on a day with all_kg of it due in
 * the city: usable facilities accepting it (of them, those an enforced
 * rule keeps s out of only when the others cannot hold all_kg: the plan's
 * emergency) and, for medical waste, storage sites. ok[f] (facilities,
 * then sites) receives 1 for each; returns how many. */
static int allowed_places(const wo_scenario *sc, int s, double all_kg,
                          unsigned char *ok)
{
    wo_policy_rules r;
    double free_kg = 0;
    int f, p, n = 0;
    wo_policy_rules_of(sc, &r);
    for (f = 0; f < sc->n_facilities; f++) {
        const wo_facility *fa = &sc->facilities[f];
        int any = 0, open = 0;
        ok[f] = 0;
        if (!wo_facility_usable(fa) || !(fa->streams & WO_STREAM_BIT(s)))
            continue;
        for (p = fa->process_first; p < fa->process_first + fa->process_count;
             p++) {
            int k;
            if (!(sc->processes[p].streams & WO_STREAM_BIT(s)))
                continue;
            any = 1;
            k = wo_policy_restricts(&r, sc, p, s);
            if (k < 0 || wo_pol_rule_mode(&r, (wo_pol_rule)k) !=
                             WO_RULE_ENFORCE) {
                open = 1;
                free_kg += sc->processes[p].capacity_kg_per_d;
            }
        }
        ok[f] = (unsigned char)(any ? (open ? 1 : 2) : 0);
    }
    for (f = 0; f < sc->n_facilities; f++) {
        if (ok[f] == 2)
            ok[f] = free_kg < all_kg - 1e-6; /* an emergency opens them */
        n += ok[f];
    }
    for (f = 0; f < sc->n_sites; f++) {
        ok[sc->n_facilities + f] = (unsigned char)(
            s == WO_STREAM_MEDICAL && sc->sites[f].storage_capacity_kg > 0);
        n += ok[sc->n_facilities + f];
    }
    return n;
}

static const wo_point *place_pos(const wo_scenario *sc, int f)
{
    return f < sc->n_facilities ? &sc->facilities[f].pos
                                : &sc->sites[f - sc->n_facilities].pos;
}

static double place_unload_s(const wo_scenario *sc, int f)
{
    const wo_site *si;
    if (f < sc->n_facilities)
        return sc->facilities[f].unload_s;
    si = &sc->sites[f - sc->n_facilities];
    return si->service_s > 0 ? si->service_s : 600;
}

/* Loads of one vehicle of type v in a day: out_m from its depot to the
 * nearest due site, back_m from the nearest allowed place to its end
 * depot, the district's least legs in g. INFINITY when a load takes no
 * time. */
static double vehicle_loads(const wo_vehicle_type *v, const district_legs *g,
                            double out_m, double back_m)
{
    double mps = (v->speed_kmh > 0 ? v->speed_kmh : 30.0) / 3.6;
    double len = v->shift_end_s - v->shift_start_s, leg = g->leg_m / mps;
    double cycle = g->svc_s + g->unload_s + 2 * leg, n;
    if (v->shift_max_s > 0 && v->shift_max_s < len)
        len = v->shift_max_s;
    if (v->break_s > 0)
        len -= v->break_s;
    if (cycle <= 0)
        return INFINITY;
    /* out, n visits, n legs to an unload, n unloads, n - 1 legs back,
     * back */
    n = floor((len - out_m / mps - back_m / mps + leg) / cycle + 1e-9);
    return n > 0 ? n : 0;
}

/* Kg and m3 the vehicles allowed stream s in district d (-1: outside
 * all) can load on a day with the district's due sites due[] (1 each) and
 * legs g; ok[] the allowed places. *vehicles receives their number. */
static void district_capacity(const wo_scenario *sc, const wo_territory *t,
                              int s, int d, const unsigned char *due,
                              const unsigned char *ok,
                              const district_legs *g, double *kg, double *m3,
                              int *vehicles)
{
    int v, i, f, n_places = sc->n_facilities + sc->n_sites;
    *kg = *m3 = 0;
    *vehicles = 0;
    for (v = 0; v < sc->n_vehicle_types; v++) {
        const wo_vehicle_type *vt = &sc->vehicle_types[v];
        const wo_point *a = &sc->depots[vt->start_depot].pos,
                       *b = &sc->depots[vt->end_depot].pos;
        double out = INFINITY, back = INFINITY, loads, one_kg, trip_kg,
               trip_m3;
        if (vt->count <= 0 || !wo_territory_serves(sc, t, v, s, d))
            continue;
        for (i = 0; i < sc->n_sites; i++)
            if (due[i])
                out = fmin(out, road_m(sc, a, &sc->sites[i].pos));
        for (f = 0; f < n_places; f++)
            if (ok[f])
                back = fmin(back, road_m(sc, place_pos(sc, f), b));
        loads = vehicle_loads(vt, g, out, back);
        /* a trip as the routing problems see it: a compacting body's
         * volume is in its payload (no loose-volume bound: m3 unlimited) */
        wo_vehicle_trip_capacity(vt, &trip_kg, &trip_m3);
        one_kg = trip_kg * loads;
        if (vt->max_load_kg_per_day > 0 && one_kg > vt->max_load_kg_per_day)
            one_kg = vt->max_load_kg_per_day;
        *kg += vt->count * one_kg;
        *m3 += trip_m3 > 0 ? vt->count * trip_m3 * loads : INFINITY;
        *vehicles += vt->count;
    }
}

/* The mandatory rows of stream s due in district d on day: their sites
 * into due[], the least legs to the allowed places ok[] into *g. */
static void district_day(const wo_scenario *sc, const wo_territory *t, int s,
                         int d, long day, const unsigned char *ok,
                         unsigned char *due, district_legs *g)
{
    int i, f, every, n_places = sc->n_facilities + sc->n_sites;
    memset(g, 0, sizeof *g);
    memset(due, 0, (size_t)sc->n_sites);
    g->svc_s = g->leg_m = g->unload_s = INFINITY;
    for (f = 0; f < n_places; f++)
        if (ok[f])
            g->unload_s = fmin(g->unload_s, place_unload_s(sc, f));
    for (i = 0; i < sc->n_demands; i++) {
        const wo_demand *dm = &sc->demands[i];
        if ((int)dm->stream != s || dm->optional ||
            t->site_district[dm->site] != d ||
            !wo_calendar_demand_due(sc, dm, day, &every))
            continue;
        g->kg += dm->kg_per_day * every;
        g->m3 += dm->m3_per_day * every;
        g->rows++;
        g->svc_s = fmin(g->svc_s, dm->service_s);
        if (due[dm->site])
            continue;
        due[dm->site] = 1;
        for (f = 0; f < n_places; f++)
            if (ok[f])
                g->leg_m = fmin(g->leg_m,
                                road_m(sc, &sc->sites[dm->site].pos,
                                       place_pos(sc, f)));
    }
}

/* City-wide kg of stream s due on day. */
static double city_due_kg(const wo_scenario *sc, int s, long day)
{
    double kg = 0;
    int i, every;
    for (i = 0; i < sc->n_demands; i++)
        if ((int)sc->demands[i].stream == s &&
            wo_calendar_demand_due(sc, &sc->demands[i], day, &every))
            kg += sc->demands[i].kg_per_day * every;
    return kg;
}

/* The sentence of stream s short in district d (-1: outside all) on day
 * number day_no (1-based) into why (size bytes); short enough for the
 * plan's reasons. */
static void short_sentence(const wo_scenario *sc, int s, int d, int day_no,
                           const district_legs *g, double kg, double m3,
                           int vehicles, char *why, size_t size)
{
    char where[160];
    if (d >= 0)
        snprintf(where, sizeof where, "district %s (%s)", sc->districts[d].id,
                 sc->districts[d].name);
    else
        snprintf(where, sizeof where, "outside every district");
    snprintf(why, size,
             "%s is district-run: %s has %.2f t, %.1f m3 due on day %d but "
             "its %d vehicle%s can load at most %.2f t, %.1f m3 (a load: a "
             "visit, %.1f km to an allowed place, the unload; depot legs and "
             "break in the shift)",
             wo_stream_get(s)->code, where, g->kg / 1000, g->m3, day_no,
             vehicles, vehicles == 1 ? "" : "s", kg / 1000, m3,
             g->leg_m / 1000);
}

/* 1 when district d's mandatory demand of s due on day is above what its
 * vehicles can load (ok, due: scratch of n_facilities + n_sites and
 * n_sites bytes); the sentence then goes to why. */
static int district_short(const wo_scenario *sc, const wo_territory *t,
                          int s, int d, long day, long day0,
                          unsigned char *ok, unsigned char *due, char *why,
                          size_t size)
{
    district_legs g;
    double kg, m3;
    int vehicles;
    if (wo_fleet_scope_of(sc, s) != WO_FLEET_DISTRICT ||
        s == WO_STREAM_CD_SPOIL || s == WO_STREAM_CD_SLURRY ||
        allowed_places(sc, s, city_due_kg(sc, s, day), ok) == 0)
        return 0; /* spoil, slurry: truckloads; no place: no_facility */
    district_day(sc, t, s, d, day, ok, due, &g);
    if (g.rows == 0 || !isfinite(g.leg_m))
        return 0;
    district_capacity(sc, t, s, d, due, ok, &g, &kg, &m3, &vehicles);
    if (vehicles == 0 || (g.kg <= kg + 1e-6 && g.m3 <= m3 + 1e-6))
        return 0; /* none: district_fleet says it */
    short_sentence(sc, s, d, (int)(day - day0) + 1, &g, kg, m3, vehicles,
                   why, size);
    return 1;
}

int wo_check_district_loads(const wo_scenario *sc, wo_check *c)
{
    wo_territory t;
    unsigned char *ok = NULL, *due = NULL, *said = NULL;
    char why[WO_ERR_MSG_MAX];
    long day0;
    int days = sc->plan.horizon_d > 0 ? sc->plan.horizon_d : 1;
    int s, d, day, rc = WO_OK;
    if (wo_calendar_parse(sc->date, &day0, NULL) != WO_OK)
        return WO_OK; /* the loader checked it; nothing to add */
    if (wo_territory_init(&t, sc) != WO_OK)
        return WO_ENOMEM;
    ok = wo_malloc((size_t)sc->n_facilities + (size_t)sc->n_sites + 1);
    due = wo_malloc((size_t)sc->n_sites + 1);
    said = wo_malloc((size_t)sc->n_districts + 1);
    if (!ok || !due || !said) {
        rc = WO_ENOMEM;
        goto out;
    }
    for (s = 0; s < WO_STREAM_PRIMARY_COUNT && rc == WO_OK; s++) {
        if (wo_fleet_scope_of(sc, s) != WO_FLEET_DISTRICT)
            continue;
        memset(said, 0, (size_t)sc->n_districts + 1);
        for (day = 0; day < days && rc == WO_OK; day++)
            for (d = -1; d < sc->n_districts && rc == WO_OK; d++)
                if (!said[d + 1] &&
                    district_short(sc, &t, s, d, day0 + day, day0, ok, due,
                                   why, sizeof why)) {
                    said[d + 1] = 1;
                    rc = wo_check_add(
                        c, WO_SEV_ERROR, "district_fleet_capacity", s,
                        "stream %s; add vehicles or a depot nearer, or let "
                        "fleet_sharing.also_serves lend another district's",
                        why);
                }
    }
out:
    wo_free(ok);
    wo_free(due);
    wo_free(said);
    wo_territory_free(&t);
    return rc;
}

int wo_district_day_short(const wo_scenario *sc, int s, int site, long day,
                          char *why, size_t size)
{
    wo_territory t;
    unsigned char *ok = NULL, *due = NULL;
    long day0;
    int res = 0;
    if (wo_calendar_parse(sc->date, &day0, NULL) != WO_OK ||
        wo_fleet_scope_of(sc, s) != WO_FLEET_DISTRICT ||
        wo_territory_init(&t, sc) != WO_OK)
        return 0;
    ok = wo_malloc((size_t)sc->n_facilities + (size_t)sc->n_sites + 1);
    due = wo_malloc((size_t)sc->n_sites + 1);
    if (ok && due)
        res = district_short(sc, &t, s, t.site_district[site], day, day0, ok,
                             due, why, size);
    wo_free(ok);
    wo_free(due);
    wo_territory_free(&t);
    return res;
}
