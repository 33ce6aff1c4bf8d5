/*
 * haulcheck.c — validate's check of the full-load trips (haulcheck.h):
 * each origin of spoil, slurry, second-echelon or residue loads against
 * every place that may take its loads, by plan_haul_alone (haul.c), the test
 * the plan itself applies before it offers a movement to its flow MIPs.
 */
#include "solver/plan/haulcheck.h"

#include "data/calendar.h"
#include "solver/plan/internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Places a load of h (origin set) may go to: a fill site or a facility. */
typedef struct haul_dest {
    int facility;              /* facility index, -1: a fill site           */
    int site;                  /* fill site when facility < 0               */
    double unload_s;           /* unloading time there                      */
} haul_dest;

/* 1 when facility f treats stream s for good (not passing it on). */
static int treats(const wo_scenario *sc, int f, int s)
{
    int p;
    if (!plan_facility_usable(&sc->facilities[f]) ||
        (p = plan_process_for(sc, f, s)) < 0)
        return 0;
    return !plan_is_intermediate(sc, p) &&
           sc->processes[p].capacity_kg_per_d > 0;
}

/* Places taking stream s from site `site` (-1: a station, facility
 * `from_fac`) into dst; spoil also goes to the fill sites needing it in
 * month (1..12; 0: any). Returns how many. */
static int destinations(const wo_scenario *sc, int s, int site, int from_fac,
                        int month, haul_dest *dst)
{
    int n = 0, f, i;
    for (f = 0; f < sc->n_facilities; f++)
        if (f != from_fac && treats(sc, f, s)) {
            dst[n].facility = f;
            dst[n].site = -1;
            dst[n++].unload_s = sc->facilities[f].unload_s;
        }
    for (i = 0; s == WO_STREAM_CD_SPOIL && i < sc->n_demands; i++) {
        const wo_demand *d = &sc->demands[i];
        if (d->stream != (wo_stream)s || d->need_kg_per_day <= 0 ||
            d->site == site ||
            (month > 0 && !(d->months & (1u << (month - 1)))))
            continue;
        dst[n].facility = -1;
        dst[n].site = d->site;
        dst[n++].unload_s = d->service_s;
    }
    return n;
}

static void set_dest(plan_haul *h, const haul_dest *d)
{
    h->to_facility = d->facility;
    h->to_site = d->site;
    h->unload_s = d->unload_s;
}

static const char *dest_id(const wo_scenario *sc, const haul_dest *d)
{
    return d->facility >= 0 ? sc->facilities[d->facility].id
                            : sc->sites[d->site].id;
}

static const wo_point *haul_from(const wo_scenario *sc, const plan_haul *h)
{
    return h->from_facility >= 0 ? &sc->facilities[h->from_facility].pos
                                 : &sc->sites[h->from_site].pos;
}

/* How many vehicle types may carry stream s in role `role`. */
static int fit_types(const wo_scenario *sc, int s, wo_vehicle_role role)
{
    plan_haul h;
    int t, n = 0;
    memset(&h, 0, sizeof h);
    h.stream = (wo_stream)s;
    h.role = role;
    for (t = 0; t < sc->n_vehicle_types; t++)
        n += plan_haul_fits_type(sc, &h, t);
    return n;
}

/* Check the origin of h against dst[0..n-1]; an error naming `where`
 * when no type makes a trip to any of them alone. */
static int check_origin(const wo_scenario *sc, wo_check *c, plan_haul *h,
                        const haul_dest *dst, int n, const char *where)
{
    const wo_stream_info *si = wo_stream_get(h->stream);
    const wo_point *from = haul_from(sc, h);
    char types[WO_ERR_MSG_MAX];
    size_t len = 0;
    double near_m = HUGE_VAL;
    int k, t, nearest = -1;
    if (n == 0 || fit_types(sc, (int)h->stream, h->role) == 0)
        return WO_OK; /* no place or no vehicle: a stream error already */
    for (k = 0; k < n; k++) {
        const wo_point *to = dst[k].facility >= 0
                                 ? &sc->facilities[dst[k].facility].pos
                                 : &sc->sites[dst[k].site].pos;
        double m = plan_estimated_road_m(sc, from, to);
        set_dest(h, &dst[k]);
        if (plan_haul_alone(sc, h) >= 0)
            return WO_OK;
        if (m < near_m) {
            near_m = m;
            nearest = k;
        }
    }
    set_dest(h, &dst[nearest]);
    types[0] = '\0';
    for (t = 0; t < sc->n_vehicle_types && len < sizeof types; t++) {
        const wo_vehicle_type *vt = &sc->vehicle_types[t];
        double shift_h = (vt->shift_end_s - vt->shift_start_s) / 3600.0;
        int w;
        if (!plan_haul_fits_type(sc, h, t))
            continue;
        if (vt->shift_max_s > 0 && vt->shift_max_s / 3600.0 < shift_h)
            shift_h = vt->shift_max_s / 3600.0;
        w = snprintf(types + len, sizeof types - len,
                     "%s%s (depot %s) %.1f h of a %.1f h shift", len ? "; " : "",
                     vt->id, sc->depots[vt->start_depot].id,
                     plan_haul_solo_s(sc, h, t) / 3600.0, shift_h);
        if (w < 0)
            break;
        len += (size_t)w;
    }
    return wo_check_add(
        c, WO_SEV_ERROR, "haul_shift", (int)h->stream,
        "stream %s: %s: no vehicle with role %s carrying "
        "it can make one full-load trip alone within its shift to any of "
        "the %d place%s taking it (from its depot: load, drive, unload, "
        "return, break; the hours of both ends); the nearest is %s at "
        "%.1f km; vehicle types tried: %s",
        si ? si->code : "?", where, plan_haul_roles(h), n,
        n == 1 ? "" : "s", dest_id(sc, &dst[nearest]), near_m / 1000.0,
        types);
}

/* 1 when stream s has demand in the scenario. */
static int has_demand(const wo_scenario *sc, int s)
{
    int i;
    for (i = 0; i < sc->n_demands; i++)
        if (sc->demands[i].stream == (wo_stream)s &&
            sc->demands[i].kg_per_day > 0)
            return 1;
    return 0;
}

/* Check facility f as the origin of the full loads of stream s on the
 * types of `role` (what a station passes on, a plant's residue); `where`
 * names it. */
static int check_facility(const wo_scenario *sc, wo_check *c, int s,
                          wo_vehicle_role role, int f, int month,
                          haul_dest *dst, const char *where)
{
    plan_haul h;
    int n = destinations(sc, s, -1, f, month, dst);
    memset(&h, 0, sizeof h);
    h.stream = (wo_stream)s;
    h.role = role;
    h.from_facility = f;
    h.from_site = -1;
    h.from_demand = -1;
    h.load_s = sc->facilities[f].unload_s;
    return check_origin(sc, c, &h, dst, n, where);
}

/* The residue stream s that the plants yield (c->streams: the yield at
 * their expected load): without a haul-role type with vehicles carrying
 * it, an error "no_vehicle" (the plan leaves it at the plants); else each
 * usable plant yielding it checked as an origin (check_origin). */
static int check_residue(const wo_scenario *sc, wo_check *c, int s,
                         int month, haul_dest *dst)
{
    const wo_stream_info *si = wo_stream_get(s);
    char where[200];
    int f, q, r, rc = WO_OK;
    if (c->streams[s].kg_per_day <= 0)
        return WO_OK;
    if (fit_types(sc, s, WO_ROLE_HAUL) == 0)
        return wo_check_add(
            c, WO_SEV_ERROR, "no_vehicle", s,
            "stream %s: %.1f t/d of residue yielded by the plants (at their "
            "expected load) but no vehicle type of role haul with vehicles "
            "carries it (vehicle_types.csv: role haul, streams, count): the "
            "plan leaves it at the plants, unserved",
            si ? si->code : "?", c->streams[s].kg_per_day / 1000.0);
    for (f = 0; rc == WO_OK && f < sc->n_facilities; f++) {
        const wo_facility *fa = &sc->facilities[f];
        int yields = 0;
        if (!plan_facility_usable(fa))
            continue;
        for (q = fa->process_first; q < fa->process_first + fa->process_count;
             q++)
            for (r = 0; r < sc->processes[q].n_residues; r++)
                yields |= (int)sc->processes[q].residues[r].stream == s &&
                          sc->processes[q].residues[r].fraction > 0 &&
                          sc->processes[q].capacity_kg_per_d > 0;
        if (!yields)
            continue;
        snprintf(where, sizeof where,
                 "the residue of plant %s (%s:%d) cannot go on", fa->id,
                 sc->files[WO_TABLE_FACILITIES], fa->line);
        rc = check_facility(sc, c, s, WO_ROLE_HAUL, f, month, dst, where);
    }
    return rc;
}

int wo_check_haul_trips(const wo_scenario *sc, wo_check *c)
{
    haul_dest *dst =
        wo_malloc(((size_t)sc->n_facilities + (size_t)sc->n_demands + 1) *
                  sizeof *dst);
    char where[200];
    long days;
    int month = 0, i, f, s, n, rc = WO_OK;
    plan_haul h;
    if (!dst)
        return WO_ENOMEM;
    if (wo_calendar_parse(sc->date, &days, &month) != WO_OK)
        month = 0;
    /* spoil and slurry from the sites (earthwork.c, echelon.c) */
    for (i = 0; rc == WO_OK && i < sc->n_demands; i++) {
        const wo_demand *d = &sc->demands[i];
        if ((d->stream != WO_STREAM_CD_SPOIL &&
             d->stream != WO_STREAM_CD_SLURRY) ||
            d->kg_per_day <= 0)
            continue;
        memset(&h, 0, sizeof h);
        h.stream = d->stream;
        h.role = WO_ROLE_HAUL;
        h.from_facility = -1;
        h.from_site = d->site;
        h.from_demand = i;
        h.load_s = d->service_s;
        n = destinations(sc, (int)d->stream, d->site, -1, month, dst);
        snprintf(where, sizeof where, "site %s (%s:%d) cannot be served",
                 sc->sites[d->site].id, sc->files[WO_TABLE_DEMAND], d->line);
        rc = check_origin(sc, c, &h, dst, n, where);
    }
    /* the second echelon: what a station passes on (echelon.c) */
    for (s = 0; rc == WO_OK && s < WO_STREAM_COUNT; s++) {
        if (s == WO_STREAM_CD_SLURRY || s == WO_STREAM_CD_SPOIL ||
            !has_demand(sc, s))
            continue;
        for (f = 0; rc == WO_OK && f < sc->n_facilities; f++) {
            int p;
            if (!plan_facility_usable(&sc->facilities[f]) ||
                (p = plan_process_for(sc, f, s)) < 0 ||
                !plan_is_intermediate(sc, p))
                continue;
            snprintf(where, sizeof where,
                     "what station %s (%s:%d) receives cannot go on",
                     sc->facilities[f].id, sc->files[WO_TABLE_FACILITIES],
                     sc->facilities[f].line);
            rc = check_facility(sc, c, s, WO_ROLE_TRANSFER, f, month, dst,
                                where);
        }
    }
    /* the residues of the plants (echelon.c) */
    for (s = WO_STREAM_PRIMARY_COUNT; rc == WO_OK && s < WO_STREAM_COUNT;
         s++)
        rc = check_residue(sc, c, s, month, dst);
    wo_free(dst);
    return rc;
}
