/*
 * travel.c — the travel matrix of a routing problem: road-graph times and
 * distances between its locations when the plan has a road graph, else
 * great-circle distance times the scenario's circuity factor.
 */
#include "solver/plan/internal.h"

#include "geo/graph.h"
#include "geo/matrix.h"

#include <math.h>

#define NO_ROUTE_M 1e8         /* stands for "no road route": 100,000 km    */
#define NO_ROUTE_S 1e7         /* and 115 days, beyond any shift            */

double plan_estimated_road_m(const wo_scenario *sc, const wo_point *a,
                             const wo_point *b)
{
    return wo_scenario_circuity(sc) *
           wo_haversine_m(a->lon_deg, a->lat_deg, b->lon_deg, b->lat_deg);
}

const wo_point *plan_loc_pos(const wo_scenario *sc, plan_loc_kind kind,
                             int index) {
    switch (kind) {
    case PLAN_LOC_DEPOT:
        return &sc->depots[index].pos;
    case PLAN_LOC_FACILITY:
        return &sc->facilities[index].pos;
    case PLAN_LOC_SITE:
        break;
    }
    return &sc->sites[index].pos;
}

/* Road-graph matrix of a job: the job's points (WGS84 since loading)
 * snapped and routed by geo/matrix.h; pairs without a route become
 * NO_ROUTE. */
static int job_road_matrix(plan_run *r, plan_job *j, wo_err *err)
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
        const wo_point *p = plan_loc_pos(sc, j->loc_kind[i], j->loc_index[i]);
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
done:
    wo_matrix_free(m);
    wo_free(lon);
    wo_free(lat);
    return rc;
}

/* 1 when the run may route to place (kind, index). */
static int place_used(const wo_scenario *sc, plan_loc_kind kind, int index)
{
    int i;
    switch (kind) {
    case PLAN_LOC_DEPOT:
        for (i = 0; i < sc->n_vehicle_types; i++)
            if (sc->vehicle_types[i].count > 0 &&
                (sc->vehicle_types[i].start_depot == index ||
                 sc->vehicle_types[i].end_depot == index))
                return 1;
        return 0;
    case PLAN_LOC_FACILITY:
        return plan_facility_usable(&sc->facilities[index]);
    case PLAN_LOC_SITE:
        break;
    }
    return sc->sites[index].storage_capacity_kg > 0;
}

static const char *kind_name(plan_loc_kind kind)
{
    switch (kind) {
    case PLAN_LOC_DEPOT:
        return "depot";
    case PLAN_LOC_FACILITY:
        return "facility";
    case PLAN_LOC_SITE:
        break;
    }
    return "site";
}

void plan_far_place(const wo_scenario *sc, const plan_far *f,
                    const char **id, const char **kind, const char **file,
                    int *line)
{
    *kind = kind_name(f->kind);
    switch (f->kind) {
    case PLAN_LOC_DEPOT:
        *id = sc->depots[f->index].id;
        *file = sc->files[WO_TABLE_DEPOTS];
        *line = sc->depots[f->index].line;
        return;
    case PLAN_LOC_FACILITY:
        *id = sc->facilities[f->index].id;
        *file = sc->files[WO_TABLE_FACILITIES];
        *line = sc->facilities[f->index].line;
        return;
    case PLAN_LOC_SITE:
        break;
    }
    *id = sc->sites[f->index].id;
    *file = sc->files[WO_TABLE_SITES];
    *line = sc->sites[f->index].line;
}

int plan_far_check(plan_run *r, wo_err *err)
{
    const wo_scenario *sc = r->sc;
    int n_max = sc->n_depots + sc->n_facilities + sc->n_sites, i, k, pass;
    unsigned char *site_used = NULL;
    size_t n_used = 0;
    int rc = WO_OK;
    r->n_far = 0;
    if (!r->snap)
        return WO_OK;
    r->far = wo_calloc((size_t)n_max + 1, sizeof *r->far);
    site_used = wo_calloc((size_t)sc->n_sites + 1, 1);
    if (!r->far || !site_used) {
        wo_free(site_used);
        return wo_err_set(err, WO_ENOMEM, "out of memory");
    }
    for (i = 0; i < sc->n_demands; i++)
        if (wo_demand_active(sc, &sc->demands[i]))
            site_used[sc->demands[i].site] = 1;
    for (pass = 0; pass < 3 && rc == WO_OK; pass++) {
        plan_loc_kind kind = pass == 0   ? PLAN_LOC_DEPOT
                             : pass == 1 ? PLAN_LOC_FACILITY
                                         : PLAN_LOC_SITE;
        int n = pass == 0 ? sc->n_depots
                : pass == 1 ? sc->n_facilities
                            : sc->n_sites;
        for (i = 0; i < n && rc == WO_OK; i++) {
            const wo_point *p = plan_loc_pos(sc, kind, i);
            wo_snap s;
            if (!(kind == PLAN_LOC_SITE && site_used[i]) &&
                !place_used(sc, kind, i))
                continue;
            n_used++;
            rc = wo_snap_point(r->snap, p->lon_deg, p->lat_deg, &s, err);
            if (rc != WO_OK) {
                wo_err_prefix(err, "%s '%s'", kind_name(kind),
                              kind == PLAN_LOC_DEPOT ? sc->depots[i].id
                              : kind == PLAN_LOC_FACILITY
                                  ? sc->facilities[i].id
                                  : sc->sites[i].id);
                break;
            }
            if (r->prm->max_snap_m > 0 && s.snap_m > r->prm->max_snap_m) {
                /* insertion, farthest first; ties keep table order */
                for (k = r->n_far; k > 0 && r->far[k - 1].dist_m < s.snap_m;
                     k--)
                    r->far[k] = r->far[k - 1];
                r->far[k].kind = kind;
                r->far[k].index = i;
                r->far[k].dist_m = s.snap_m;
                r->n_far++;
            }
        }
    }
    wo_free(site_used);
    if (rc == WO_OK && r->n_far > 0 && !r->prm->allow_far) {
        const char *id, *kind, *file;
        int line;
        plan_far_place(sc, &r->far[0], &id, &kind, &file, &line);
        rc = wo_err_set(err, WO_ERANGE,
                        "%d of the %zu places to route are farther than "
                        "%.0f m from every road of the graph (a graph of "
                        "another region?); the farthest: %s %s (%s:%d) at "
                        "%.0f m from the nearest road",
                        r->n_far, n_used, r->prm->max_snap_m, kind, id,
                        file && file[0] ? file : "scenario", line,
                        r->far[0].dist_m);
    }
    return rc;
}

/* The travel matrix of a job: the road graph's when there is one, else
 * great-circle distance times the circuity factor, durations at
 * REF_SPEED_KMH (vehicle types scale them by their speed). */
int plan_job_matrix(plan_run *r, plan_job *j, wo_err *err)
{
    const wo_scenario *sc = r->sc;
    size_t n = (size_t)j->n_loc, cells;
    int a, b;
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
        const wo_point *pa = plan_loc_pos(sc, j->loc_kind[a], j->loc_index[a]);
        for (b = 0; b < j->n_loc; b++) {
            const wo_point *pb =
                plan_loc_pos(sc, j->loc_kind[b], j->loc_index[b]);
            double d = a == b ? 0 : plan_estimated_road_m(sc, pa, pb);
            j->dist_m[(size_t)a * n + (size_t)b] = d;
            j->dur_s[(size_t)a * n + (size_t)b] = d / mps;
        }
    }
    return WO_OK;
}
