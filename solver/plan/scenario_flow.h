/*
 * scenario_flow.h — the network model (solver/flow/network.h) of a loaded
 * scenario (data/model.h), for `wasteopt site` and `wasteopt whatif --site`.
 *
 * This is the formulation layer of the siting MIP: the network model is a
 * pure algorithm that knows no stream name, place or year, so what the
 * domain model means for it is decided here, where data/ may be used.
 *
 * Mapping:
 *  - sources: the active demand of each (district, stream), in t/d, at the
 *    demand-weighted centre of its sites (zone "district name");
 *  - one network facility per scenario process that treats (facility id,
 *    or "facility/process" when the facility has several); its capacity
 *    levels are today's capacity (operating / planned sites) and the rows
 *    of capacity_levels.csv; annual fixed costs become daily with
 *    days_per_year; the treatment class gives the process kind
 *    (incineration, recovery -> recycle, landfill, harmless disposal ->
 *    dispose, other);
 *  - transfer and storage processes become transfer stations, one per
 *    capacity option in an exclusive group;
 *  - costs per t.km from the fleet: for each stream, the vehicle type with
 *    the smallest payload carrying it sets the collection cost and the one
 *    with the largest payload the onward (trailer) cost, as cost per km x
 *    2 (loaded out, empty back) / payload in t; streams no vehicle carries
 *    (residues) use the defaults below;
 *  - stream classes (the policy rows and indicators a stream counts in):
 *    the household family is HOUSEHOLD, hh_other RESIDUAL, hh_recyclable
 *    and hh_kitchen UTILIZABLE, the construction family CD, medical
 *    MEDICAL;
 *  - distances: great-circle x the scenario's circuity factor (the
 *    default below when it is not a finite factor >= 1).
 * Closed facilities are left out.
 */
#ifndef WO_PLAN_SCENARIO_FLOW_H
#define WO_PLAN_SCENARIO_FLOW_H

#include "data/model.h"
#include "solver/flow/network.h"

/* Default cost per t.km of a stream no vehicle type carries (CNY). */
#define WO_FLOW_DEFAULT_TKM_CNY 0.8
/* Default trailer cost per t.km when only one vehicle type carries it. */
#define WO_FLOW_DEFAULT_TRAILER_FACTOR 0.6

/* Where each network node came from, for reports. */
typedef struct wo_flow_map {
    int nfac;            /* network facilities                           */
    int *fac_facility;   /* [nfac] scenario facility index               */
    int *fac_process;    /* [nfac] scenario process index                */
    int ntr;             /* network transfer stations                    */
    int *tr_facility;    /* [ntr] scenario facility index                */
    int nsrc;            /* network sources                              */
    int *src_district;   /* [nsrc] district index, -1: sites without one */
} wo_flow_map;

/* Build the network of sc. On WO_OK *out is a new network (caller frees
 * with wo_net_free; it keeps no reference to sc) and map (may be NULL) is
 * filled (wo_flow_map_free). */
int wo_flow_from_scenario(const wo_scenario *sc, wo_net **out,
                          wo_flow_map *map, wo_err *err);

void wo_flow_map_free(wo_flow_map *m);

#endif /* WO_PLAN_SCENARIO_FLOW_H */
