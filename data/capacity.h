/*
 * capacity.h — what one trip of a vehicle type carries: its payload (kg)
 * and its body volume (m3), with the compaction of compacting bodies, and
 * which of the two binds for a stream.
 *
 * A body without compaction holds the waste's loose volume (demand.csv
 * m3_per_day, else the stream's bulk density): a light stream fills it
 * before the payload is reached. A compacting body (vehicle_types.csv
 * compaction_kg_per_m3) presses the load to that density whatever its
 * loose volume, so a trip carries at most compaction x capacity_m3 kg: the
 * volume becomes a second limit in kg, and the loose volume no longer
 * counts.
 */
#ifndef WO_DATA_CAPACITY_H
#define WO_DATA_CAPACITY_H

#include "data/model.h"

/* Capacity of one trip of vt as the routing problems use it: *kg the
 * payload (capacity_kg, and for a compacting body at most compaction x
 * capacity_m3), *m3 the loose volume the body holds (capacity_m3), or 0
 * for a compacting body, whose volume is already in *kg. */
void wo_vehicle_trip_capacity(const wo_vehicle_type *vt, double *kg,
                              double *m3);

/* What limits the trips of one stream's fleet. */
typedef enum wo_bind {
    WO_BIND_NONE = 0,   /* no vehicle carries the stream               */
    WO_BIND_T,          /* the payload in tonnes, on every type         */
    WO_BIND_M3,         /* the body volume, on every type               */
    WO_BIND_MIXED       /* tonnes on some types, volume on others       */
} wo_bind;

/* "none", "t", "m3", "t and m3". */
const char *wo_bind_name(wo_bind b);

/* The trip capacity of the fleet allowed to carry one stream. */
typedef struct wo_trip_binding {
    wo_bind binds;              /* what limits the trips                 */
    int n_types;                /* types (with vehicles) allowed         */
    int n_types_m3;             /* of which the volume binds             */
    double density_kg_per_m3;   /* of the stream as collected (loose)    */
    double nominal_kg;          /* sum of count x capacity_kg            */
    double payload_kg;          /* sum of count x what one trip carries
                                   of the stream: capacity_kg or less
                                   when the volume binds                 */
} wo_trip_binding;

/* The binding of stream s for the vehicle types of sc allowed to carry it
 * (count > 0), the stream's loose density being density_kg_per_m3 (its
 * demand's kg over m3; <= 0: the stream's bulk density of data/model.h).
 * The volume binds a type when it holds less of the stream than the
 * payload: capacity_m3 x the load's density (the compaction factor of a
 * compacting body, else the loose density) < capacity_kg. */
void wo_stream_trip_binding(const wo_scenario *sc, int s,
                            double density_kg_per_m3, wo_trip_binding *out);

#endif /* WO_DATA_CAPACITY_H */
