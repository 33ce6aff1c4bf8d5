/*
 * convert.c — the loader's last geographic step: every coordinate of the
 * scenario (district boundaries, facilities, depots, sites) goes from the
 * datum its file declared to WGS84 through one geo/coord.h converter, so
 * PROJ is set up at most once per load. Points keep what the file said in
 * lon_in_deg / lat_in_deg.
 */
#include "data/load_internal.h"

#include <math.h>

/* Convert one table point in place; `file` and `line` locate it in
 * messages. */
static int point_to_wgs84(wo_ld *L, wo_coord_conv *cv, const char *file,
                          int line, wo_point *p)
{
    double lon, lat;
    wo_err e;
    int rc;
    p->lon_in_deg = p->lon_deg;
    p->lat_in_deg = p->lat_deg;
    if (p->datum == WO_DATUM_WGS84)
        return WO_OK;
    wo_err_clear(&e);
    rc = wo_coord_conv_to_wgs84(cv, p->datum, p->lon_deg, p->lat_deg, &lon,
                                &lat, &e);
    if (rc != WO_OK)
        return wo_err_set(L->err, rc,
                          "%s:%d: columns 'lon', 'lat': '%.9g', '%.9g' in %s "
                          "cannot be converted to WGS84: %s",
                          file, line, p->lon_deg, p->lat_deg,
                          wo_datum_name(p->datum), e.msg);
    p->lon_deg = lon;
    p->lat_deg = lat;
    return WO_OK;
}

/* Convert the boundary of district k in place and recompute its box. */
static int district_to_wgs84(wo_ld *L, wo_coord_conv *cv, int k)
{
    wo_district *d = &L->sc->districts[k];
    int r, i;
    if (d->datum != WO_DATUM_WGS84)
        for (r = 0; r < d->n_rings; r++)
            for (i = d->ring_start[r]; i < d->ring_start[r + 1]; i++) {
                double lon = d->lon_deg[i], lat = d->lat_deg[i];
                wo_err e;
                int rc;
                wo_err_clear(&e);
                rc = wo_coord_conv_to_wgs84(cv, d->datum, lon, lat,
                                            &d->lon_deg[i], &d->lat_deg[i],
                                            &e);
                if (rc != WO_OK)
                    return wo_err_set(
                        L->err, rc,
                        "%s: feature %d (id '%s'): ring %d, position %d "
                        "[%.9g, %.9g] in %s cannot be converted to WGS84: %s",
                        L->sc->files[WO_TABLE_DISTRICTS], k + 1, d->id, r + 1,
                        i - d->ring_start[r] + 1, lon, lat,
                        wo_datum_name(d->datum), e.msg);
            }
    d->min_lon_deg = d->max_lon_deg = d->lon_deg[0];
    d->min_lat_deg = d->max_lat_deg = d->lat_deg[0];
    for (i = 1; i < d->ring_start[d->n_rings]; i++) {
        d->min_lon_deg = fmin(d->min_lon_deg, d->lon_deg[i]);
        d->max_lon_deg = fmax(d->max_lon_deg, d->lon_deg[i]);
        d->min_lat_deg = fmin(d->min_lat_deg, d->lat_deg[i]);
        d->max_lat_deg = fmax(d->max_lat_deg, d->lat_deg[i]);
    }
    return WO_OK;
}

int wo_ld_to_wgs84(wo_ld *L)
{
    wo_scenario *sc = L->sc;
    wo_coord_conv *cv = NULL;
    int i, rc;
    if ((rc = wo_coord_conv_open(&cv, L->err)) != WO_OK)
        return rc;
    for (i = 0; i < sc->n_districts; i++)
        if ((rc = district_to_wgs84(L, cv, i)) != WO_OK)
            goto done;
    for (i = 0; i < sc->n_facilities; i++)
        if ((rc = point_to_wgs84(L, cv, sc->files[WO_TABLE_FACILITIES],
                                 sc->facilities[i].line,
                                 &sc->facilities[i].pos)) != WO_OK)
            goto done;
    for (i = 0; i < sc->n_depots; i++)
        if ((rc = point_to_wgs84(L, cv, sc->files[WO_TABLE_DEPOTS],
                                 sc->depots[i].line, &sc->depots[i].pos)) !=
            WO_OK)
            goto done;
    for (i = 0; i < sc->n_sites; i++)
        if ((rc = point_to_wgs84(L, cv, sc->files[WO_TABLE_SITES],
                                 sc->sites[i].line, &sc->sites[i].pos)) !=
            WO_OK)
            goto done;
done:
    wo_coord_conv_close(cv);
    return rc;
}
