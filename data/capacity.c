/*
 * capacity.c — trip capacity of a vehicle type and what binds it for a
 * stream. See capacity.h.
 */
#include "data/capacity.h"

#include <string.h>

void wo_vehicle_trip_capacity(const wo_vehicle_type *vt, double *kg,
                              double *m3)
{
    double c = vt->compaction_kg_per_m3;
    *kg = vt->capacity_kg;
    *m3 = vt->capacity_m3;
    if (c > 0) {
        if (c * vt->capacity_m3 < *kg)
            *kg = c * vt->capacity_m3;
        *m3 = 0;
    }
}

const char *wo_bind_name(wo_bind b)
{
    switch (b) {
    case WO_BIND_NONE:
        return "none";
    case WO_BIND_T:
        return "t";
    case WO_BIND_M3:
        return "m3";
    case WO_BIND_MIXED:
        return "t and m3";
    }
    return "?";
}

void wo_stream_trip_binding(const wo_scenario *sc, int s,
                            double density_kg_per_m3, wo_trip_binding *out)
{
    double rho = density_kg_per_m3 > 0 ? density_kg_per_m3
                                       : wo_stream_get(s)->density_kg_per_m3;
    int t;
    memset(out, 0, sizeof *out);
    out->density_kg_per_m3 = rho;
    for (t = 0; t < sc->n_vehicle_types; t++) {
        const wo_vehicle_type *vt = &sc->vehicle_types[t];
        double load_rho, by_volume, trip;
        if (!wo_vehicle_loads_at_sites(vt, s))
            continue;
        load_rho = vt->compaction_kg_per_m3 > 0 ? vt->compaction_kg_per_m3
                                                : rho;
        by_volume = load_rho * vt->capacity_m3;
        trip = vt->capacity_kg;
        if (by_volume < trip * (1 - 1e-9)) { /* a tie is the payload's */
            trip = by_volume;
            out->n_types_m3++;
        }
        out->n_types++;
        out->nominal_kg += vt->count * vt->capacity_kg;
        out->payload_kg += vt->count * trip;
    }
    if (out->n_types == 0)
        out->binds = WO_BIND_NONE;
    else if (out->n_types_m3 == 0)
        out->binds = WO_BIND_T;
    else if (out->n_types_m3 == out->n_types)
        out->binds = WO_BIND_M3;
    else
        out->binds = WO_BIND_MIXED;
}
