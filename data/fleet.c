/*
 * fleet.c — which vehicles may serve which stops: the district each site
 * and depot belongs to and the scenario's fleet sharing (district-run or
 * municipal streams, depots that also serve other districts). The plan
 * splits its routing problems by it and validate checks that every
 * district-run demand has a fleet. See model.h.
 */
#include "data/model.h"

wo_fleet_scope wo_fleet_default(int s)
{
    switch (s) {
    case WO_STREAM_HH_RECYCLABLE:
    case WO_STREAM_HH_KITCHEN:
    case WO_STREAM_HH_OTHER:
        return WO_FLEET_DISTRICT;
    default:
        return WO_FLEET_MUNICIPAL;
    }
}

wo_fleet_scope wo_fleet_scope_of(const wo_scenario *sc, int s)
{
    if (s >= 0 && s < WO_STREAM_PRIMARY_COUNT &&
        sc->fleet_scope[s] != WO_FLEET_DEFAULT)
        return sc->fleet_scope[s];
    return wo_fleet_default(s);
}

const char *wo_fleet_scope_name(wo_fleet_scope f)
{
    switch (f) {
    case WO_FLEET_DEFAULT:
        return "default";
    case WO_FLEET_DISTRICT:
        return "district";
    case WO_FLEET_MUNICIPAL:
        return "municipal";
    case WO_FLEET_SCOPE_COUNT:
        break;
    }
    return "?";
}

int wo_point_district(const wo_scenario *sc, int declared, const wo_point *pos)
{
    int i;
    if (declared >= 0 && declared < sc->n_districts)
        return declared;
    for (i = 0; i < sc->n_districts; i++)
        if (wo_district_contains(&sc->districts[i], pos->lon_deg,
                                 pos->lat_deg))
            return i;
    return -1;
}

int wo_territory_init(wo_territory *t, const wo_scenario *sc)
{
    int i;
    t->site_district = wo_malloc(((size_t)sc->n_sites + 1) * sizeof(int));
    t->depot_district = wo_malloc(((size_t)sc->n_depots + 1) * sizeof(int));
    if (!t->site_district || !t->depot_district) {
        wo_territory_free(t);
        return WO_ENOMEM;
    }
    for (i = 0; i < sc->n_sites; i++)
        t->site_district[i] =
            wo_point_district(sc, sc->sites[i].district, &sc->sites[i].pos);
    for (i = 0; i < sc->n_depots; i++)
        t->depot_district[i] =
            wo_point_district(sc, sc->depots[i].district, &sc->depots[i].pos);
    return WO_OK;
}

void wo_territory_free(wo_territory *t)
{
    wo_free(t->site_district);
    wo_free(t->depot_district);
    t->site_district = NULL;
    t->depot_district = NULL;
}

int wo_territory_serves(const wo_scenario *sc, const wo_territory *t,
                        int type, int s, int district)
{
    const wo_vehicle_type *vt = &sc->vehicle_types[type];
    int k;
    /* transfer and haul vehicles move full loads, never serve stops */
    if (!(vt->streams & WO_STREAM_BIT(s)) || vt->role != WO_ROLE_COLLECTION)
        return 0;
    if (wo_fleet_scope_of(sc, s) != WO_FLEET_DISTRICT)
        return 1;
    if (t->depot_district[vt->start_depot] == district)
        return 1;
    for (k = 0; k < sc->n_depot_serves; k++)
        if (sc->depot_serves[k].depot == vt->start_depot &&
            sc->depot_serves[k].district == district)
            return 1;
    return 0;
}
