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
