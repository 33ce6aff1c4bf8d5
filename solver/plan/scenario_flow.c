/*
 * scenario_flow.c — scenario -> network model: the formulation layer of
 * the siting MIP (stream classes, distances, costs and capacities from the
 * domain model). See scenario_flow.h for the mapping rules.
 */
#define _POSIX_C_SOURCE 200809L
#include "solver/plan/scenario_flow.h"

#include "geo/graph.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void wo_flow_map_free(wo_flow_map *m)
{
    if (!m)
        return;
    wo_free(m->fac_facility);
    wo_free(m->fac_process);
    wo_free(m->tr_facility);
    wo_free(m->src_district);
    memset(m, 0, sizeof *m);
}

/* Collection and trailer cost per t.km of stream s from the fleet. */
static void stream_costs(const wo_scenario *sc, int s, double *coll,
                         double *trailer)
{
    double small = INFINITY, large = -1, c_small = 0, c_large = 0;
    int v;
    for (v = 0; v < sc->n_vehicle_types; v++) {
        const wo_vehicle_type *vt = &sc->vehicle_types[v];
        double cap_t = vt->capacity_kg / 1000.0;
        if (!(vt->streams & WO_STREAM_BIT(s)) || !(cap_t > 0))
            continue;
        if (cap_t < small) {
            small = cap_t;
            c_small = vt->cost_cny_per_km * 2.0 / cap_t;
        }
        if (cap_t > large) {
            large = cap_t;
            c_large = vt->cost_cny_per_km * 2.0 / cap_t;
        }
    }
    if (!isfinite(small)) {
        *coll = WO_FLOW_DEFAULT_TKM_CNY;
        *trailer = WO_FLOW_DEFAULT_TKM_CNY * WO_FLOW_DEFAULT_TRAILER_FACTOR;
    } else {
        *coll = c_small;
        *trailer = large > small ? c_large
                                 : c_small * WO_FLOW_DEFAULT_TRAILER_FACTOR;
    }
}

/* The network classes of stream s (WO_NET_CLASS_... bits). */
static unsigned stream_classes(int s)
{
    const wo_stream_info *si = wo_stream_get(s);
    unsigned c = 0;
    if (!si)
        return 0;
    if (si->family == WO_FAMILY_HOUSEHOLD)
        c |= WO_NET_CLASS_HOUSEHOLD;
    if (s == WO_STREAM_HH_OTHER)
        c |= WO_NET_CLASS_RESIDUAL;
    if (s == WO_STREAM_HH_RECYCLABLE || s == WO_STREAM_HH_KITCHEN)
        c |= WO_NET_CLASS_UTILIZABLE;
    if (si->family == WO_FAMILY_CONSTRUCTION)
        c |= WO_NET_CLASS_CD;
    if (s == WO_STREAM_MEDICAL)
        c |= WO_NET_CLASS_MEDICAL;
    return c;
}

/* The network's distance: great-circle x the circuity factor at ud (a
 * double the network owns). */
static double road_estimate_km(double lon1_deg, double lat1_deg,
                               double lon2_deg, double lat2_deg, void *ud)
{
    return wo_haversine_m(lon1_deg, lat1_deg, lon2_deg, lat2_deg) / 1000.0 *
           *(const double *)ud;
}

static wo_net_proc_kind kind_of(wo_treatment t)
{
    const wo_treatment_info *ti = wo_treatment_get((int)t);
    if (!ti)
        return WO_PROC_OTHER;
    if (ti->incineration)
        return WO_PROC_INCINERATE;
    if (ti->landfill)
        return WO_PROC_LANDFILL;
    if (ti->recovery)
        return WO_PROC_RECYCLE;
    if (t == WO_TREAT_HARMLESS_DISPOSAL)
        return WO_PROC_DISPOSE;
    return WO_PROC_OTHER;
}

/* Grow an int array to hold index i. */
static int put_int(int **a, size_t *cap, int i, int v)
{
    if (WO_RESERVE(*a, *cap, (size_t)i + 1) != WO_OK)
        return WO_ENOMEM;
    (*a)[i] = v;
    return WO_OK;
}

typedef struct builder {
    const wo_scenario *sc;  /* the scenario                            */
    wo_net *net;            /* network being built                      */
    wo_flow_map *map;       /* back references                          */
    size_t cap_fac, cap_fac2, cap_tr, cap_src; /* allocated map lengths */
    double per_day;         /* 1 / days_per_year                        */
    int group;              /* next transfer group id                   */
} builder;

/* One transfer option of process pi (facility fi): a network transfer
 * station accepting the process's streams, in exclusive group g (or none
 * when g < 0). */
static int transfer_option(builder *b, int fi, int pi, const char *id,
                           double cap_kg_d, double fixed_y, int existing,
                           int g, wo_err *err)
{
    const wo_facility *fa = &b->sc->facilities[fi];
    const wo_process *pr = &b->sc->processes[pi];
    int s, rc, t;
    t = wo_net_add_transfer(b->net, id, fa->pos.lon_deg, fa->pos.lat_deg,
                            cap_kg_d / 1000.0, fixed_y * b->per_day,
                            pr->cost_cny_per_t, existing, err);
    if (t < 0)
        return -t;
    if ((rc = put_int(&b->map->tr_facility, &b->cap_tr, t, fi)))
        return wo_err_set(err, rc, "out of memory");
    b->map->ntr = t + 1;
    for (s = 0; s < WO_STREAM_COUNT; s++)
        if ((pr->streams & WO_STREAM_BIT(s)) &&
            (rc = wo_net_transfer_accept(b->net, t, s, err)) < 0)
            return -rc;
    if (g >= 0 && (rc = wo_net_transfer_group(b->net, t, g, err)) < 0)
        return -rc;
    return WO_OK;
}

/* Transfer and storage processes: today's capacity (existing sites) and
 * each capacity level are exclusive options; a candidate without levels
 * has its process capacity as its one option. */
static int add_transfer(builder *b, int fi, int pi, wo_err *err)
{
    const wo_scenario *sc = b->sc;
    const wo_facility *fa = &sc->facilities[fi];
    const wo_process *pr = &sc->processes[pi];
    int existing = fa->status == WO_FSTATUS_OPERATING ||
                   fa->status == WO_FSTATUS_PLANNED;
    int l, rc, nopt = 0, g = b->group++;
    char id[64];
    if (existing) {
        if ((rc = transfer_option(b, fi, pi, fa->id, pr->capacity_kg_per_d,
                                  fa->fixed_cost_cny_per_year, 1, g, err)))
            return rc;
        nopt++;
    }
    for (l = 0; l < sc->n_levels; l++) {
        const wo_capacity_level *lv = &sc->levels[l];
        if (lv->process != pi)
            continue;
        snprintf(id, sizeof id, "%s@%s", fa->id, lv->level);
        if ((rc = transfer_option(b, fi, pi, id, lv->capacity_kg_per_d,
                                  fa->fixed_cost_cny_per_year +
                                      lv->fixed_cost_cny_per_year,
                                  0, g, err)))
            return rc;
        nopt++;
    }
    if (nopt == 0)
        return transfer_option(b, fi, pi, fa->id, pr->capacity_kg_per_d,
                               fa->fixed_cost_cny_per_year, 0, -1, err);
    return WO_OK;
}

/* Levels of a treating process: today's capacity first (existing), then
 * the listed levels above it, in increasing order. */
static int add_treatment(builder *b, int fi, int pi, wo_err *err)
{
    const wo_scenario *sc = b->sc;
    const wo_facility *fa = &sc->facilities[fi];
    const wo_process *pr = &sc->processes[pi];
    int existing = fa->status == WO_FSTATUS_OPERATING ||
                   fa->status == WO_FSTATUS_PLANNED;
    int f, l, s, r, rc, nlev = 0;
    char last_what[96] = "today's capacity";
    double last = existing ? pr->capacity_kg_per_d : 0;
    double fixed0 = fa->process_first == pi ? fa->fixed_cost_cny_per_year : 0;
    char id[64];
    if (fa->process_count > 1)
        snprintf(id, sizeof id, "%s/%s", fa->id, pr->id);
    else
        snprintf(id, sizeof id, "%s", fa->id);
    f = wo_net_add_facility(b->net, id, fa->pos.lon_deg, fa->pos.lat_deg,
                            existing ? 0 : -1, err);
    if (f < 0)
        return -f;
    if (existing) {
        if ((rc = wo_net_add_level(b->net, f, pr->capacity_kg_per_d / 1000.0,
                                   fixed0 * b->per_day, err)) < 0)
            return -rc;
        nlev++;
    }
    /* listed levels, in file order, each above the one before */
    for (l = 0; l < sc->n_levels; l++) {
        const wo_capacity_level *lv = &sc->levels[l];
        if (lv->process != pi)
            continue;
        if (!(lv->capacity_kg_per_d > last))
            return wo_err_set(
                err, WO_EINVAL,
                "%s:%d: level '%s' of facility '%s' process '%s': capacity "
                "%.1f t/d is not above %s (%.1f t/d): capacity levels must "
                "increase",
                sc->files[WO_TABLE_CAPACITY_LEVELS], lv->line, lv->level,
                fa->id, pr->id, lv->capacity_kg_per_d / 1000.0,
                last_what, last / 1000.0);
        if ((rc = wo_net_add_level(
                 b->net, f, lv->capacity_kg_per_d / 1000.0,
                 (fixed0 + lv->fixed_cost_cny_per_year) * b->per_day, err)) <
            0)
            return -rc;
        last = lv->capacity_kg_per_d;
        snprintf(last_what, sizeof last_what, "level '%s'", lv->level);
        nlev++;
    }
    if (nlev == 0 &&
        (rc = wo_net_add_level(b->net, f, pr->capacity_kg_per_d / 1000.0,
                               fixed0 * b->per_day, err)) < 0)
        return -rc;
    for (s = 0; s < WO_STREAM_COUNT; s++) {
        if (!(pr->streams & WO_STREAM_BIT(s)))
            continue;
        if ((rc = wo_net_add_process(b->net, f, s, kind_of(pr->treatment),
                                     pr->cost_cny_per_t, pr->revenue_cny_per_t,
                                     1.0, err)) < 0)
            return -rc;
        for (r = 0; r < pr->n_residues; r++)
            if ((int)pr->residues[r].stream != s &&
                (rc = wo_net_add_yield(b->net, f, s, (int)pr->residues[r].stream,
                                       pr->residues[r].fraction, err)) < 0)
                return -rc;
    }
    if ((rc = put_int(&b->map->fac_facility, &b->cap_fac, f, fi)) ||
        (rc = put_int(&b->map->fac_process, &b->cap_fac2, f, pi)))
        return wo_err_set(err, rc, "out of memory");
    b->map->nfac = f + 1;
    return WO_OK;
}

/* One source per (district, stream) with active demand. */
static int add_sources(builder *b, wo_err *err)
{
    const wo_scenario *sc = b->sc;
    int nd = sc->n_districts + 1, d, s, i, k, rc = WO_OK;
    size_t cells = (size_t)nd * WO_STREAM_COUNT;
    double *t = wo_calloc(cells, sizeof(double));
    double *lon = wo_calloc(cells, sizeof(double));
    double *lat = wo_calloc(cells, sizeof(double));
    if (!t || !lon || !lat) {
        rc = wo_err_set(err, WO_ENOMEM, "out of memory");
        goto out;
    }
    for (i = 0; i < sc->n_demands; i++) {
        const wo_demand *dm = &sc->demands[i];
        const wo_site *si = &sc->sites[dm->site];
        size_t cell;
        if (!wo_demand_active(sc, dm) || !(dm->kg_per_day > 0))
            continue;
        d = si->district >= 0 ? si->district : sc->n_districts;
        cell = (size_t)d * WO_STREAM_COUNT + (size_t)dm->stream;
        t[cell] += dm->kg_per_day / 1000.0;
        lon[cell] += si->pos.lon_deg * dm->kg_per_day / 1000.0;
        lat[cell] += si->pos.lat_deg * dm->kg_per_day / 1000.0;
    }
    for (d = 0; d < nd; d++)
        for (s = 0; s < WO_STREAM_COUNT; s++) {
            size_t cell = (size_t)d * WO_STREAM_COUNT + (size_t)s;
            const char *zone;
            char id[64];
            if (!(t[cell] > 0))
                continue;
            zone = d < sc->n_districts ? (sc->districts[d].name &&
                                                  sc->districts[d].name[0]
                                              ? sc->districts[d].name
                                              : sc->districts[d].id)
                                       : "no-district";
            snprintf(id, sizeof id, "%s", zone);
            k = wo_net_add_source(b->net, id, s, t[cell], lon[cell] / t[cell],
                                  lat[cell] / t[cell], err);
            if (k < 0) {
                rc = -k;
                goto out;
            }
            if ((rc = put_int(&b->map->src_district, &b->cap_src, k,
                              d < sc->n_districts ? d : -1))) {
                rc = wo_err_set(err, rc, "out of memory");
                goto out;
            }
            b->map->nsrc = k + 1;
        }
out:
    wo_free(t);
    wo_free(lon);
    wo_free(lat);
    return rc;
}

int wo_flow_from_scenario(const wo_scenario *sc, wo_net **out,
                          wo_flow_map *mapout, wo_err *err)
{
    builder b;
    wo_flow_map mapl;
    double *circuity;
    int s, fi, pi, rc = WO_OK;
    *out = NULL;
    memset(&b, 0, sizeof b);
    memset(&mapl, 0, sizeof mapl);
    b.sc = sc;
    b.map = &mapl;
    b.per_day = sc->days_per_year > 0 ? 1.0 / sc->days_per_year : 1.0 / 365;
    b.net = wo_net_new();
    circuity = wo_malloc(sizeof *circuity);
    if (!b.net || !circuity) {
        wo_net_free(b.net);
        wo_free(circuity);
        return wo_err_set(err, WO_ENOMEM, "out of memory");
    }
    *circuity = wo_scenario_circuity(sc);
    wo_net_set_dist_fn(b.net, road_estimate_km, circuity, wo_free);
    for (s = 0; s < WO_STREAM_COUNT; s++) {
        double coll, trailer;
        stream_costs(sc, s, &coll, &trailer);
        if ((rc = wo_net_add_stream(b.net, wo_stream_get(s)->code,
                                    stream_classes(s), coll, trailer,
                                    err)) < 0) {
            rc = -rc;
            goto err;
        }
    }
    for (fi = 0; fi < sc->n_facilities; fi++) {
        const wo_facility *fa = &sc->facilities[fi];
        if (fa->status == WO_FSTATUS_CLOSED)
            continue;
        for (pi = fa->process_first; pi < fa->process_first + fa->process_count;
             pi++) {
            const wo_treatment_info *ti =
                wo_treatment_get((int)sc->processes[pi].treatment);
            rc = (ti && ti->intermediate) ? add_transfer(&b, fi, pi, err)
                                          : add_treatment(&b, fi, pi, err);
            if (rc)
                goto err;
        }
    }
    if ((rc = add_sources(&b, err)))
        goto err;
    if ((rc = wo_net_validate(b.net, err))) {
        wo_err_prefix(err, "scenario '%s'", sc->name);
        goto err;
    }
    *out = b.net;
    if (mapout)
        *mapout = mapl;
    else
        wo_flow_map_free(&mapl);
    return WO_OK;
err:
    wo_flow_map_free(&mapl);
    wo_net_free(b.net);
    return rc;
}
