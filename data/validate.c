/*
 * validate.c — pre-run checks of a loaded scenario. See validate.h.
 */
#include "data/validate.h"

#include "data/load_internal.h"

#include "data/calendar.h"
#include "data/capacity.h"
#include "geo/graph.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Individual messages per kind of site-level finding before summarising. */
#define MAX_LISTED 50

/* Plausible payloads of a collection vehicle (a handcart to the heaviest
 * road truck) and loaded densities; outside them a unit was probably
 * mistyped (t as kg, litres as m3). */
#define PLAUSIBLE_MIN_KG 100.0
#define PLAUSIBLE_MAX_KG 60000.0
#define PLAUSIBLE_MIN_KG_PER_M3 20.0
#define PLAUSIBLE_MAX_KG_PER_M3 3000.0

/* One check run. */
typedef struct chk {
    const wo_scenario *sc; /* scenario checked                 */
    wo_check *c;           /* result being filled              */
} chk;

static int vissue(wo_check *c, wo_severity sev, const char *code, int stream,
                  const char *fmt, va_list ap)
{
    char msg[WO_ERR_MSG_MAX];
    if (WO_RESERVE(c->issues, c->cap_issues, (size_t)c->n_issues + 1) !=
        WO_OK)
        return WO_ENOMEM;
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (!(c->issues[c->n_issues].msg = wo_strdup(msg)))
        return WO_ENOMEM;
    c->issues[c->n_issues].severity = sev;
    c->issues[c->n_issues].code = code;
    c->issues[c->n_issues].stream = stream;
    c->n_issues++;
    if (sev == WO_SEV_ERROR)
        c->n_errors++;
    else
        c->n_warnings++;
    return WO_OK;
}

int wo_check_add(wo_check *c, wo_severity sev, const char *code, int stream,
                 const char *fmt, ...)
{
    va_list ap;
    int rc;
    va_start(ap, fmt);
    rc = vissue(c, sev, code, stream, fmt, ap);
    va_end(ap);
    return rc;
}

static int issue(chk *k, wo_severity sev, const char *code, int stream,
                 const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static int issue(chk *k, wo_severity sev, const char *code, int stream,
                 const char *fmt, ...)
{
    va_list ap;
    int rc;
    va_start(ap, fmt);
    rc = vissue(k->c, sev, code, stream, fmt, ap);
    va_end(ap);
    return rc;
}

int wo_facility_usable(const wo_facility *f)
{
    return f->status == WO_FSTATUS_OPERATING ||
           f->status == WO_FSTATUS_PLANNED;
}

/* The least times of one load of stream s: *svc_s the least service of
 * its demand rows, *unload_s the least unload time of a place accepting
 * it (usable facility; medical: also a storage site), *leg_m the least
 * road distance (great circle x the circuity factor, as the plan without
 * a road graph) between a site with its demand and such a place. */
static void least_load_times(const wo_scenario *sc, int s, double *svc_s,
                             double *unload_s, double *leg_m)
{
    int i, f;
    *svc_s = *unload_s = *leg_m = INFINITY;
    for (i = 0; i < sc->n_demands; i++) {
        const wo_demand *d = &sc->demands[i];
        const wo_point *a = &sc->sites[d->site].pos;
        if ((int)d->stream != s)
            continue;
        if (d->service_s < *svc_s)
            *svc_s = d->service_s;
        /* storage sites take medical waste only: the others look at the
         * facilities alone (thousands of collection points) */
        for (f = 0; f < sc->n_facilities +
                            (s == WO_STREAM_MEDICAL ? sc->n_sites : 0);
             f++) {
            const wo_point *b;
            double u, m;
            if (f < sc->n_facilities) {
                const wo_facility *fa = &sc->facilities[f];
                if (!wo_facility_usable(fa) || !(fa->streams & WO_STREAM_BIT(s)))
                    continue;
                b = &fa->pos;
                u = fa->unload_s;
            } else {
                const wo_site *si = &sc->sites[f - sc->n_facilities];
                if (s != WO_STREAM_MEDICAL || si->storage_capacity_kg <= 0)
                    continue;
                b = &si->pos;
                u = si->service_s > 0 ? si->service_s : 600;
            }
            if (u < *unload_s)
                *unload_s = u;
            m = wo_scenario_circuity(sc) *
                wo_haversine_m(a->lon_deg, a->lat_deg, b->lon_deg, b->lat_deg);
            if (m < *leg_m)
                *leg_m = m;
        }
    }
    if (!isfinite(*svc_s))
        *svc_s = 0;
    if (!isfinite(*unload_s))
        *unload_s = 0;
    if (!isfinite(*leg_m))
        *leg_m = 0;
}

/* wo_vehicle_day_capacity with the least times of s given. */
static void vehicle_bound(const wo_vehicle_type *v, double svc_s,
                          double unload_s, double leg_m, double *kg,
                          double *m3)
{
    double len = v->shift_end_s - v->shift_start_s, leg_s, cycle, loads;
    leg_s = leg_m / ((v->speed_kmh > 0 ? v->speed_kmh : 30.0) / 3.6);
    cycle = svc_s + unload_s + 2 * leg_s;
    if (cycle <= 0) {
        *kg = *m3 = INFINITY;
        return;
    }
    if (v->shift_max_s > 0 && v->shift_max_s < len)
        len = v->shift_max_s;
    /* n loads: n visits, n legs to an unload, n unloads, n - 1 legs back */
    loads = len > 0 ? floor((len + leg_s) / cycle) : 0;
    *kg = v->capacity_kg * loads;
    if (v->max_load_kg_per_day > 0 && *kg > v->max_load_kg_per_day)
        *kg = v->max_load_kg_per_day;
    *m3 = v->capacity_m3 * loads;
}

void wo_vehicle_day_capacity(const wo_scenario *sc, int type, int s,
                             double *kg, double *m3)
{
    double svc, unload, leg;
    least_load_times(sc, s, &svc, &unload, &leg);
    vehicle_bound(&sc->vehicle_types[type], svc, unload, leg, kg, m3);
}

void wo_fleet_day_capacity(const wo_scenario *sc, int s, double *kg,
                           double *m3)
{
    double svc, unload, leg;
    int i;
    least_load_times(sc, s, &svc, &unload, &leg);
    *kg = 0;
    *m3 = 0;
    for (i = 0; i < sc->n_vehicle_types; i++) {
        const wo_vehicle_type *v = &sc->vehicle_types[i];
        double k, m;
        if (!wo_vehicle_loads_at_sites(v, s))
            continue;
        vehicle_bound(v, svc, unload, leg, &k, &m);
        *kg += v->count * k;
        *m3 += v->count * m;
    }
}

static const char *code_of(int s)
{
    return wo_stream_get(s)->code;
}

/* Demand, fleet and facility totals per stream. */
static void totals(chk *k)
{
    const wo_scenario *sc = k->sc;
    wo_stream_summary *sum = k->c->streams;
    int last_site[WO_STREAM_COUNT];
    int i, s;
    for (s = 0; s < WO_STREAM_COUNT; s++)
        last_site[s] = -1;
    for (i = 0; i < sc->n_demands; i++) {
        const wo_demand *d = &sc->demands[i];
        if (!wo_demand_active(sc, d)) {
            k->c->n_inactive_rows++;
            continue;
        }
        sum[d->stream].n_rows++;
        sum[d->stream].kg_per_day += d->kg_per_day;
        sum[d->stream].m3_per_day += d->m3_per_day;
        if (d->need_kg_per_day > 0) {
            sum[d->stream].need_kg_per_day += d->need_kg_per_day;
            sum[d->stream].n_need_sites++;
        }
        if (last_site[d->stream] != d->site) {
            last_site[d->stream] = d->site;
            sum[d->stream].n_sites++;
        }
    }
    for (i = 0; i < sc->n_vehicle_types; i++) {
        const wo_vehicle_type *v = &sc->vehicle_types[i];
        double t_kg, t_m3, kg;
        wo_vehicle_trip_capacity(v, &t_kg, &t_m3);
        kg = t_kg * v->trips_per_day;
        if (v->max_load_kg_per_day > 0 && kg > v->max_load_kg_per_day)
            kg = v->max_load_kg_per_day;
        for (s = 0; s < WO_STREAM_COUNT; s++)
            if ((v->streams & WO_STREAM_BIT(s)) &&
                v->role != WO_ROLE_TRANSFER) { /* transfer: onward only */
                sum[s].n_vehicle_types++;
                sum[s].n_vehicles += v->count;
                sum[s].fleet_kg_per_day += v->count * kg;
                sum[s].fleet_m3_per_day +=
                    t_m3 > 0 ? v->count * t_m3 * v->trips_per_day : INFINITY;
            }
    }
    for (i = 0; i < sc->n_facilities; i++) {
        const wo_facility *f = &sc->facilities[i];
        int p;
        if (!wo_facility_usable(f))
            continue;
        for (s = 0; s < WO_STREAM_COUNT; s++)
            if (f->streams & WO_STREAM_BIT(s))
                sum[s].n_facilities++;
        for (p = f->process_first; p < f->process_first + f->process_count;
             p++) {
            const wo_process *pr = &sc->processes[p];
            for (s = 0; s < WO_STREAM_COUNT; s++)
                if (pr->streams & WO_STREAM_BIT(s)) {
                    sum[s].facility_kg_per_day += pr->capacity_kg_per_d;
                    if (!wo_treatment_get(pr->treatment)->intermediate)
                        sum[s].treat_kg_per_day += pr->capacity_kg_per_d;
                }
        }
    }
    /* residue yields at the expected load of each producing process:
     * min(capacity, demand of the primary streams it accepts) */
    for (i = 0; i < sc->n_processes; i++) {
        const wo_process *pr = &sc->processes[i];
        double load = 0;
        int r;
        if (!wo_facility_usable(&sc->facilities[pr->facility]))
            continue;
        for (s = 0; s < WO_STREAM_PRIMARY_COUNT; s++)
            if (pr->streams & WO_STREAM_BIT(s))
                load += sum[s].kg_per_day;
        if (load > pr->capacity_kg_per_d)
            load = pr->capacity_kg_per_d;
        for (r = 0; r < pr->n_residues; r++) {
            wo_stream rs = pr->residues[r].stream;
            double kg = load * pr->residues[r].fraction;
            sum[rs].kg_per_day += kg;
            sum[rs].m3_per_day += kg / wo_stream_get(rs)->density_kg_per_m3;
        }
    }
}

/* 1 when collection may leave stream s at a station for the second
 * echelon (a usable facility passing it on, or a medical storage node)
 * and no vehicle of role transfer carries it on: the plan then leaves
 * what the station receives there. */
static int lacks_transfer(const wo_scenario *sc, int s)
{
    int i, p, station = 0;
    for (i = 0; i < sc->n_vehicle_types; i++)
        if (sc->vehicle_types[i].role == WO_ROLE_TRANSFER &&
            sc->vehicle_types[i].count > 0 &&
            (sc->vehicle_types[i].streams & WO_STREAM_BIT(s)))
            return 0;
    for (i = 0; i < sc->n_facilities && !station; i++) {
        const wo_facility *f = &sc->facilities[i];
        if (!wo_facility_usable(f))
            continue;
        for (p = f->process_first; p < f->process_first + f->process_count;
             p++) {
            const wo_treatment_info *ti =
                wo_treatment_get(sc->processes[p].treatment);
            station |= (sc->processes[p].streams & WO_STREAM_BIT(s)) && ti &&
                       ti->intermediate;
        }
    }
    for (i = 0; i < sc->n_sites && !station && s == WO_STREAM_MEDICAL; i++)
        station = sc->sites[i].storage_capacity_kg > 0;
    return station;
}

static int stream_issues(chk *k)
{
    const wo_stream_summary *sum = k->c->streams;
    int s, rc = WO_OK;
    for (s = 0; s < WO_STREAM_COUNT && rc == WO_OK; s++) {
        const wo_stream_summary *m = &sum[s];
        const char *code = code_of(s);
        int residue = s >= WO_STREAM_PRIMARY_COUNT;
        if (m->kg_per_day <= 0)
            continue;
        if (m->n_facilities == 0) {
            rc = issue(k, WO_SEV_ERROR,
                       residue ? "no_residue_sink" : "no_facility", s,
                       "stream %s: %.1f t/d %s but no operating or planned "
                       "facility accepts it",
                       code, m->kg_per_day / 1000,
                       residue ? "of residue is yielded" : "of demand");
            continue;
        }
        if (m->treat_kg_per_day <= 0)
            rc = issue(k, WO_SEV_ERROR, "no_treatment", s,
                       "stream %s: only transfer or storage processes accept "
                       "it; nothing treats it",
                       code);
        else if (m->kg_per_day > m->treat_kg_per_day + 1e-6)
            rc = issue(k, residue ? WO_SEV_WARNING : WO_SEV_ERROR,
                       "facility_capacity", s,
                       "stream %s: %s %.1f t/d is above the %.1f t/d that "
                       "usable facilities can treat",
                       code, residue ? "residue" : "demand",
                       m->kg_per_day / 1000, m->treat_kg_per_day / 1000);
        if (rc != WO_OK || residue)
            continue;
        if (m->n_vehicle_types == 0)
            rc = issue(k, WO_SEV_ERROR, "no_vehicle", s,
                       "stream %s: %.1f t/d of demand but no vehicle type "
                       "may carry it",
                       code, m->kg_per_day / 1000);
        else if (m->n_vehicles == 0)
            rc = issue(k, WO_SEV_ERROR, "no_vehicle", s,
                       "stream %s: the vehicle types that may carry it have "
                       "no vehicles (count 0)",
                       code);
        else if (m->kg_per_day > m->fleet_kg_per_day + 1e-6 ||
                 m->m3_per_day > m->fleet_m3_per_day + 1e-6)
            rc = issue(k, WO_SEV_WARNING, "fleet_capacity", s,
                       "stream %s: demand %.1f t/d, %.1f m3/d is above the "
                       "fleet's %.1f t/d, %.1f m3/d (count x capacity x "
                       "trips_per_day)",
                       code, m->kg_per_day / 1000, m->m3_per_day,
                       m->fleet_kg_per_day / 1000, m->fleet_m3_per_day);
        if (rc == WO_OK && lacks_transfer(k->sc, s))
            rc = issue(k, WO_SEV_ERROR, "no_transfer_vehicle", s,
                       "stream %s: collection may unload it at a transfer "
                       "or storage station, but no vehicle type of role "
                       "transfer carries it on: what a station receives "
                       "stays there (vehicle_types.csv role)",
                       code);
    }
    return rc;
}

/* Index of the first district containing the point, or -1. */
static int district_of(const wo_scenario *sc, const wo_point *p)
{
    int i;
    for (i = 0; i < sc->n_districts; i++)
        if (wo_district_contains(&sc->districts[i], p->lon_deg, p->lat_deg))
            return i;
    return -1;
}

/* "lon, lat" of p as its file wrote it, with the datum unless WGS84. */
static const char *written_at(const wo_point *p, char *buf, size_t size)
{
    if (p->datum == WO_DATUM_WGS84)
        snprintf(buf, size, "%.6f, %.6f", p->lon_in_deg, p->lat_in_deg);
    else
        snprintf(buf, size, "%.6f, %.6f (%s)", p->lon_in_deg, p->lat_in_deg,
                 wo_datum_name(p->datum));
    return buf;
}

/* Point-in-polygon checks of sites, facilities and depots, all in WGS84
 * after loading whatever datum their files declared; messages show the
 * coordinates as written. */
static int geography(chk *k)
{
    const wo_scenario *sc = k->sc;
    int i, rc, listed = 0, wrong = 0, outside_other = 0;
    char at[96];
    for (i = 0; i < sc->n_sites; i++) {
        const wo_site *s = &sc->sites[i];
        int d = district_of(sc, &s->pos);
        if (d < 0) {
            k->c->n_sites_outside++;
            if (listed++ < MAX_LISTED &&
                (rc = issue(k, WO_SEV_WARNING, "outside_districts", -1,
                            "site %s (%s:%d) at %s lies outside every "
                            "district",
                            s->id, sc->files[WO_TABLE_SITES], s->line,
                            written_at(&s->pos, at, sizeof at))) != WO_OK)
                return rc;
        } else if (s->district >= 0 &&
                   !wo_district_contains(&sc->districts[s->district],
                                         s->pos.lon_deg, s->pos.lat_deg)) {
            if (wrong++ < MAX_LISTED &&
                (rc = issue(k, WO_SEV_WARNING, "wrong_district", -1,
                            "site %s (%s:%d) is declared in district %s but "
                            "lies in %s",
                            s->id, sc->files[WO_TABLE_SITES], s->line,
                            sc->districts[s->district].id,
                            sc->districts[d].id)) != WO_OK)
                return rc;
        }
    }
    if (listed > MAX_LISTED &&
        (rc = issue(k, WO_SEV_WARNING, "outside_districts", -1,
                    "... and %d more sites outside every district",
                    listed - MAX_LISTED)) != WO_OK)
        return rc;
    if (wrong > MAX_LISTED &&
        (rc = issue(k, WO_SEV_WARNING, "wrong_district", -1,
                    "... and %d more sites in another district than "
                    "declared",
                    wrong - MAX_LISTED)) != WO_OK)
        return rc;
    for (i = 0; i < sc->n_facilities; i++) {
        const wo_facility *f = &sc->facilities[i];
        if (district_of(sc, &f->pos) < 0 && outside_other++ < MAX_LISTED &&
            (rc = issue(k, WO_SEV_WARNING, "outside_districts", -1,
                        "facility %s (%s:%d) lies outside every district",
                        f->id, sc->files[WO_TABLE_FACILITIES], f->line)) !=
                WO_OK)
            return rc;
    }
    for (i = 0; i < sc->n_depots; i++) {
        const wo_depot *d = &sc->depots[i];
        if (district_of(sc, &d->pos) < 0 && outside_other++ < MAX_LISTED &&
            (rc = issue(k, WO_SEV_WARNING, "outside_districts", -1,
                        "depot %s (%s:%d) lies outside every district", d->id,
                        sc->files[WO_TABLE_DEPOTS], d->line)) != WO_OK)
            return rc;
    }
    return WO_OK;
}

/* 1 when some window of d, moved by shift_s, overlaps the shift of a type
 * allowed its stream. */
static int reachable_in_time(const wo_scenario *sc, const wo_demand *d,
                             double shift_s)
{
    int i, w;
    for (i = 0; i < sc->n_vehicle_types; i++) {
        const wo_vehicle_type *v = &sc->vehicle_types[i];
        if (!wo_vehicle_loads_at_sites(v, d->stream))
            continue;
        if (d->n_tw == 0)
            return 1;
        for (w = 0; w < d->n_tw; w++)
            if (d->tw[w].close_s + shift_s >= v->shift_start_s &&
                d->tw[w].open_s + shift_s <= v->shift_end_s)
                return 1;
    }
    return 0;
}

/* Row-level findings: visits heavier than every allowed vehicle, windows
 * outside every allowed shift. Summarised per stream. */
static int rows(chk *k)
{
    const wo_scenario *sc = k->sc;
    int heavy[WO_STREAM_COUNT] = {0}, late[WO_STREAM_COUNT] = {0};
    int next_day[WO_STREAM_COUNT] = {0};
    int first_heavy[WO_STREAM_COUNT], first_late[WO_STREAM_COUNT];
    double cap_kg[WO_STREAM_COUNT] = {0}, cap_m3[WO_STREAM_COUNT] = {0};
    int i, s, rc;
    for (i = 0; i < sc->n_vehicle_types; i++) {
        const wo_vehicle_type *v = &sc->vehicle_types[i];
        for (s = 0; s < WO_STREAM_COUNT; s++)
            if (wo_vehicle_loads_at_sites(v, s)) {
                /* a trip as the routing problems see it: a compacting
                 * body's volume is in its payload */
                double t_kg, t_m3;
                wo_vehicle_trip_capacity(v, &t_kg, &t_m3);
                if (t_kg > cap_kg[s])
                    cap_kg[s] = t_kg;
                if ((t_m3 > 0 ? t_m3 : INFINITY) > cap_m3[s])
                    cap_m3[s] = t_m3 > 0 ? t_m3 : INFINITY;
            }
    }
    for (i = 0; i < sc->n_demands; i++) {
        const wo_demand *d = &sc->demands[i];
        s = d->stream;
        if (!wo_demand_active(sc, d) || k->c->streams[s].n_vehicles == 0)
            continue;
        if ((d->kg_per_day * d->frequency_d > cap_kg[s] ||
             d->m3_per_day * d->frequency_d > cap_m3[s]) &&
            heavy[s]++ == 0)
            first_heavy[s] = i;
        if (!reachable_in_time(sc, d, 0)) {
            if (late[s]++ == 0)
                first_late[s] = i;
            if (reachable_in_time(sc, d, 86400))
                next_day[s] = 1;
        }
    }
    for (s = 0; s < WO_STREAM_COUNT; s++) {
        if (heavy[s]) {
            const wo_demand *d = &sc->demands[first_heavy[s]];
            rc = issue(k, WO_SEV_WARNING, "visit_above_capacity", s,
                       "stream %s: %d demand row%s more per visit "
                       "than the largest allowed vehicle (%.0f kg, %.1f m3) "
                       "holds, e.g. site %s (%s:%d): they need several "
                       "trips",
                       code_of(s), heavy[s],
                       heavy[s] == 1 ? " collects" : "s collect", cap_kg[s],
                       cap_m3[s], sc->sites[d->site].id,
                       sc->files[WO_TABLE_DEMAND], d->line);
            if (rc != WO_OK)
                return rc;
        }
        if (late[s]) {
            const wo_demand *d = &sc->demands[first_late[s]];
            rc = issue(k, WO_SEV_ERROR, "time_window", s,
                       "stream %s: %d demand row%s time windows outside "
                       "every shift of the vehicles allowed to carry it, "
                       "e.g. site %s (%s:%d)%s",
                       code_of(s), late[s], late[s] == 1 ? " has" : "s have",
                       sc->sites[d->site].id, sc->files[WO_TABLE_DEMAND],
                       d->line,
                       next_day[s] ? "; times after midnight of a night "
                                     "shift are written from 24:00 on, e.g. "
                                     "29:00-31:00 for 05:00-07:00"
                                   : "");
            if (rc != WO_OK)
                return rc;
        }
    }
    return WO_OK;
}

/* Payloads outside what a collection vehicle carries: tonnes typed as
 * kg, litres as m3. */
static int plausible_fleet(chk *k)
{
    const wo_scenario *sc = k->sc;
    const char *file = k->sc->files[WO_TABLE_VEHICLE_TYPES];
    int i, rc = WO_OK;
    for (i = 0; i < sc->n_vehicle_types && rc == WO_OK; i++) {
        const wo_vehicle_type *v = &sc->vehicle_types[i];
        double density = v->capacity_m3 > 0 ? v->capacity_kg / v->capacity_m3
                                            : 0;
        if (v->capacity_kg < PLAUSIBLE_MIN_KG ||
            v->capacity_kg > PLAUSIBLE_MAX_KG)
            rc = issue(k, WO_SEV_WARNING, "implausible_capacity", -1,
                       "vehicle type %s (%s:%d): capacity_kg %g is %s a "
                       "collection vehicle carries (%.0f to %.0f kg)%s",
                       v->id, file, v->line, v->capacity_kg,
                       v->capacity_kg < PLAUSIBLE_MIN_KG ? "below what"
                                                         : "above what",
                       PLAUSIBLE_MIN_KG, PLAUSIBLE_MAX_KG,
                       v->capacity_kg < PLAUSIBLE_MIN_KG
                           ? "; tonnes typed as kg?"
                           : "");
        else if (density > 0 && (density < PLAUSIBLE_MIN_KG_PER_M3 ||
                                 density > PLAUSIBLE_MAX_KG_PER_M3))
            rc = issue(k, WO_SEV_WARNING, "implausible_capacity", -1,
                       "vehicle type %s (%s:%d): %g kg in %g m3 is %.1f "
                       "kg/m3 loaded, outside %.0f to %.0f kg/m3; check the "
                       "units of capacity_kg and capacity_m3",
                       v->id, file, v->line, v->capacity_kg, v->capacity_m3,
                       density, PLAUSIBLE_MIN_KG_PER_M3,
                       PLAUSIBLE_MAX_KG_PER_M3);
    }
    return rc;
}

/* Due kg and m3 of stream s on day (days since 1970). */
static void due_on(const wo_scenario *sc, int s, long day, double *kg,
                   double *m3)
{
    int i, every;
    *kg = *m3 = 0;
    for (i = 0; i < sc->n_demands; i++)
        if ((int)sc->demands[i].stream == s &&
            wo_calendar_demand_due(sc, &sc->demands[i], day, &every)) {
            *kg += sc->demands[i].kg_per_day * every;
            *m3 += sc->demands[i].m3_per_day * every;
        }
}

/* Vehicles stream s needs at least on a day it has kg, m3 due: a vehicle
 * carries one stream a day (one route, one stream), at most what the best
 * type allowed s loads in a day (wo_vehicle_day_capacity). */
static double vehicles_needed(const wo_scenario *sc, int s, double kg,
                              double m3)
{
    double best_kg = 0, best_m3 = 0, n, svc, unload, leg;
    int t;
    if (kg <= 0 && m3 <= 0)
        return 0;
    least_load_times(sc, s, &svc, &unload, &leg);
    for (t = 0; t < sc->n_vehicle_types; t++) {
        double a, b;
        if (!wo_vehicle_loads_at_sites(&sc->vehicle_types[t], s))
            continue;
        vehicle_bound(&sc->vehicle_types[t], svc, unload, leg, &a, &b);
        if (a > best_kg)
            best_kg = a;
        if (b > best_m3)
            best_m3 = b;
    }
    n = 1;
    if (best_kg > 0 && isfinite(best_kg) && ceil(kg / best_kg - 1e-9) > n)
        n = ceil(kg / best_kg - 1e-9);
    if (best_m3 > 0 && isfinite(best_m3) && ceil(m3 / best_m3 - 1e-9) > n)
        n = ceil(m3 / best_m3 - 1e-9);
    return n;
}

/* Of the streams type t carries (spoil and slurry aside), the vehicles
 * they need together on day (vehicles_needed) into *need, with "code n"
 * pairs into list, and the vehicles of the types carrying any of them
 * into *have. Returns the number of such streams. */
static int type_split(const wo_scenario *sc, int t, long day, double *need,
                      double *have, char *list, size_t size)
{
    wo_stream_mask set = sc->vehicle_types[t].streams &
                         ~(WO_STREAM_BIT(WO_STREAM_CD_SPOIL) |
                           WO_STREAM_BIT(WO_STREAM_CD_SLURRY));
    size_t len = 0;
    int s, u, n_streams = 0;
    *need = *have = 0;
    list[0] = '\0';
    if (sc->vehicle_types[t].role == WO_ROLE_TRANSFER)
        return 0;
    for (u = 0; u < sc->n_vehicle_types; u++)
        if (sc->vehicle_types[u].count > 0 &&
            sc->vehicle_types[u].role != WO_ROLE_TRANSFER &&
            (sc->vehicle_types[u].streams & set))
            *have += sc->vehicle_types[u].count;
    for (s = 0; s < WO_STREAM_PRIMARY_COUNT; s++) {
        double n, kg, m3;
        if (!(set & WO_STREAM_BIT(s)))
            continue;
        n_streams++;
        due_on(sc, s, day, &kg, &m3);
        if ((n = vehicles_needed(sc, s, kg, m3)) <= 0)
            continue;
        *need += n;
        if (len < size)
            len += (size_t)snprintf(list + len, size - len, "%s%s %.0f",
                                    len ? ", " : "", code_of(s), n);
    }
    return n_streams;
}

int wo_fleet_day_short(const wo_scenario *sc, int s, long day, char *why,
                       size_t size)
{
    double kg, m3, cap_kg, cap_m3, need, have;
    char list[160];
    int t;
    due_on(sc, s, day, &kg, &m3);
    if (kg <= 0 && m3 <= 0)
        return 0;
    wo_fleet_day_capacity(sc, s, &cap_kg, &cap_m3);
    if (kg > cap_kg + 1e-6 || m3 > cap_m3 + 1e-6) {
        snprintf(why, size,
                 "%.2f t, %.1f m3 of %s are due but the vehicles allowed to "
                 "carry it can load at most %.2f t, %.1f m3 a day (each load "
                 "needs a visit, a drive to an unload place and the unload, "
                 "within the shift)",
                 kg / 1000, m3, code_of(s), cap_kg / 1000, cap_m3);
        return 1;
    }
    for (t = 0; t < sc->n_vehicle_types; t++) {
        if (!wo_vehicle_loads_at_sites(&sc->vehicle_types[t], s) ||
            type_split(sc, t, day, &need, &have, list, sizeof list) < 2 ||
            need <= have)
            continue;
        snprintf(why, size,
                 "the streams of vehicle type %s need at least %.0f vehicles "
                 "on the day (%s) but the types carrying them have %.0f; a "
                 "vehicle carries one stream a day",
                 sc->vehicle_types[t].id, need, list, have);
        return 1;
    }
    return 0;
}

/* Streams sharing vehicles: a vehicle carries one stream a day, so the
 * streams a type carries need, together, no more vehicles than the types
 * carrying any of them have (for each type's set of streams, each day). */
static int shared_fleet(chk *k, long day0, int days)
{
    const wo_scenario *sc = k->sc;
    double need, have;
    char list[160];
    int t, day, rc;
    for (t = 0; t < sc->n_vehicle_types; t++) {
        if (sc->vehicle_types[t].count <= 0)
            continue;
        for (day = 0; day < days; day++) {
            if (type_split(sc, t, day0 + day, &need, &have, list,
                           sizeof list) < 2 ||
                need <= have)
                continue;
            rc = issue(k, WO_SEV_ERROR, "fleet_capacity", -1,
                       "vehicle type %s (%s:%d): on day %d its streams need "
                       "at least %.0f vehicles (%s) but the types carrying "
                       "them have %.0f; a vehicle carries one stream a day",
                       sc->vehicle_types[t].id,
                       sc->files[WO_TABLE_VEHICLE_TYPES],
                       sc->vehicle_types[t].line, day + 1, need, list, have);
            if (rc != WO_OK)
                return rc;
            break;
        }
    }
    return WO_OK;
}

/* Streams whose demand due on some day of the scenario's horizon is
 * above wo_fleet_day_capacity: no routing can collect it. */
static int fleet_bound(chk *k)
{
    const wo_scenario *sc = k->sc;
    long day0;
    int days = sc->plan.horizon_d > 0 ? sc->plan.horizon_d : 1, s, day, rc;
    if (wo_calendar_parse(sc->date, &day0, NULL) != WO_OK)
        return WO_OK; /* the loader checked it; nothing to add */
    for (s = 0; s < WO_STREAM_PRIMARY_COUNT; s++) {
        double cap_kg, cap_m3;
        if (s == WO_STREAM_CD_SPOIL || s == WO_STREAM_CD_SLURRY ||
            k->c->streams[s].n_vehicles == 0)
            continue; /* truckloads of the flow MIPs; no_vehicle */
        wo_fleet_day_capacity(sc, s, &cap_kg, &cap_m3);
        for (day = 0; day < days; day++) {
            double kg, m3;
            due_on(sc, s, day0 + day, &kg, &m3);
            if (kg <= cap_kg + 1e-6 && m3 <= cap_m3 + 1e-6)
                continue;
            rc = issue(k, WO_SEV_ERROR, "fleet_capacity", s,
                       "stream %s: %.2f t, %.1f m3 due on day %d but its "
                       "fleet can load at most %.2f t, %.1f m3 a day (each "
                       "load needs a visit, a drive to an unload place and "
                       "the unload, within the shift)",
                       code_of(s), kg / 1000, m3, day + 1, cap_kg / 1000,
                       cap_m3);
            if (rc != WO_OK)
                return rc;
            break;
        }
    }
    return shared_fleet(k, day0, days);
}

static int fleet_and_sites(chk *k)
{
    const wo_scenario *sc = k->sc;
    int i, j, rc;
    if ((rc = plausible_fleet(k)) != WO_OK || (rc = fleet_bound(k)) != WO_OK)
        return rc;
    for (i = 0; i < sc->n_vehicle_types; i++) {
        const wo_vehicle_type *v = &sc->vehicle_types[i];
        if (v->count == 0 &&
            (rc = issue(k, WO_SEV_WARNING, "no_vehicles", -1,
                        "vehicle type %s (%s:%d) has count 0", v->id,
                        sc->files[WO_TABLE_VEHICLE_TYPES], v->line)) != WO_OK)
            return rc;
    }
    for (i = 0; i < sc->n_facilities; i++) {
        const wo_facility *f = &sc->facilities[i];
        int has = 0;
        if (f->status != WO_FSTATUS_CANDIDATE)
            continue;
        for (j = 0; j < sc->n_levels; j++)
            if (sc->levels[j].facility == i)
                has = 1;
        if (!has &&
            (rc = issue(k, WO_SEV_WARNING, "no_levels", -1,
                        "candidate facility %s (%s:%d) has no capacity "
                        "levels: it can only be built at its process "
                        "capacity",
                        f->id, sc->files[WO_TABLE_FACILITIES], f->line)) !=
                WO_OK)
            return rc;
    }
    return WO_OK;
}

/* 1 when facility f is open for unloading at some moment of [a, b]; its
 * hours repeat the next day, for shifts that pass midnight. */
static int open_during(const wo_facility *f, double a, double b)
{
    return (f->close_s >= a && f->open_s <= b) ||
           (f->close_s + 86400 >= a && f->open_s + 86400 <= b);
}

/* Streams whose vehicles can never unload: every usable facility
 * accepting the stream is closed throughout every shift of every type
 * allowed to carry it. */
static int unload_hours(chk *k)
{
    const wo_scenario *sc = k->sc;
    int s, i, j, rc;
    for (s = 0; s < WO_STREAM_PRIMARY_COUNT; s++) {
        const wo_stream_summary *m = &k->c->streams[s];
        int possible = 0;
        if (m->kg_per_day <= 0 || m->n_vehicles == 0 || m->n_facilities == 0)
            continue;
        for (i = 0; i < sc->n_vehicle_types && !possible; i++) {
            const wo_vehicle_type *v = &sc->vehicle_types[i];
            if (!(v->streams & WO_STREAM_BIT(s)) || v->count == 0)
                continue;
            for (j = 0; j < sc->n_facilities && !possible; j++) {
                const wo_facility *f = &sc->facilities[j];
                possible = wo_facility_usable(f) &&
                           (f->streams & WO_STREAM_BIT(s)) &&
                           open_during(f, v->shift_start_s, v->shift_end_s);
            }
        }
        if (!possible &&
            (rc = issue(k, WO_SEV_ERROR, "unload_hours", s,
                        "stream %s: every facility accepting it is closed "
                        "during every shift of the vehicles allowed to carry "
                        "it, so no load can be unloaded",
                        wo_stream_get(s)->code)) != WO_OK)
            return rc;
    }
    return WO_OK;
}

/* District-run streams (fleet_sharing): every district with active
 * demand of such a stream needs a vehicle allowed there, one based in the
 * district or listed in fleet_sharing.also_serves. Streams without any
 * vehicle are left to stream_issues' no_vehicle. */
static int district_fleets(chk *k)
{
    const wo_scenario *sc = k->sc;
    wo_territory t;
    double *kg = NULL;
    int *rows = NULL, s, i, d, nd = sc->n_districts + 1, rc = WO_OK;
    if (wo_territory_init(&t, sc) != WO_OK)
        return WO_ENOMEM;
    kg = wo_calloc((size_t)nd, sizeof *kg);
    rows = wo_calloc((size_t)nd, sizeof *rows);
    if (!kg || !rows) {
        rc = WO_ENOMEM;
        goto out;
    }
    for (s = 0; s < WO_STREAM_PRIMARY_COUNT && rc == WO_OK; s++) {
        if (wo_fleet_scope_of(sc, s) != WO_FLEET_DISTRICT ||
            k->c->streams[s].n_vehicles == 0)
            continue;
        memset(kg, 0, (size_t)nd * sizeof *kg);
        memset(rows, 0, (size_t)nd * sizeof *rows);
        for (i = 0; i < sc->n_demands; i++) {
            const wo_demand *dm = &sc->demands[i];
            if ((int)dm->stream != s || !wo_demand_active(sc, dm))
                continue;
            d = t.site_district[dm->site];
            kg[d + 1] += dm->kg_per_day;
            rows[d + 1]++;
        }
        for (d = -1; d < sc->n_districts && rc == WO_OK; d++) {
            int v, served = 0;
            if (rows[d + 1] == 0)
                continue;
            for (v = 0; v < sc->n_vehicle_types && !served; v++)
                served = sc->vehicle_types[v].count > 0 &&
                         wo_territory_serves(sc, &t, v, s, d);
            if (served)
                continue;
            if (d >= 0)
                rc = issue(k, WO_SEV_ERROR, "district_fleet", s,
                           "stream %s is district-run (fleet_sharing): "
                           "district %s (%s) has %d demand row%s (%.1f t/d) "
                           "but no vehicle based there, or at a depot that "
                           "fleet_sharing.also_serves lists for it, may "
                           "carry it",
                           code_of(s), sc->districts[d].id,
                           sc->districts[d].name, rows[d + 1],
                           rows[d + 1] == 1 ? "" : "s", kg[d + 1] / 1000);
            else
                rc = issue(k, WO_SEV_ERROR, "district_fleet", s,
                           "stream %s is district-run (fleet_sharing): %d "
                           "demand row%s (%.1f t/d) at sites outside every "
                           "district, and no vehicle based outside every "
                           "district may carry it",
                           code_of(s), rows[0], rows[0] == 1 ? "" : "s",
                           kg[0] / 1000);
        }
    }
out:
    wo_free(kg);
    wo_free(rows);
    wo_territory_free(&t);
    return rc;
}

int wo_scenario_check(const wo_scenario *sc, wo_check *out, wo_err *err)
{
    chk k;
    int rc;
    memset(out, 0, sizeof *out);
    k.sc = sc;
    k.c = out;
    out->n_sites = sc->n_sites;
    totals(&k);
    if ((rc = stream_issues(&k)) != WO_OK || (rc = rows(&k)) != WO_OK ||
        (rc = unload_hours(&k)) != WO_OK || (rc = geography(&k)) != WO_OK ||
        (rc = fleet_and_sites(&k)) != WO_OK ||
        (rc = district_fleets(&k)) != WO_OK) {
        wo_check_free(out);
        return wo_err_set(err, rc, "validate: %s", wo_strerror(rc));
    }
    return WO_OK;
}

void wo_check_free(wo_check *c)
{
    int i;
    for (i = 0; i < c->n_issues; i++)
        wo_free(c->issues[i].msg);
    wo_free(c->issues);
    memset(c, 0, sizeof *c);
}
