/*
 * osm.h — import an OpenStreetMap extract (XML .osm or PBF .osm.pbf) into
 * a drivable road graph for waste-collection trucks. geo/osm.c is the only
 * file that touches readosm (XML) and zlib (its own PBF decoder).
 *
 * Tag rules (one way = one or more graph edges, one per pair of
 * consecutive way nodes; every way node becomes a graph node so snapping
 * works on the real geometry):
 *  - highway: motorway, trunk, primary, secondary, tertiary (and their
 *    _link ramps), unclassified, residential, service, living_street, road
 *    are drivable; everything else (footway, track, path, cycleway, steps,
 *    construction, proposed, ...) is not.
 *  - access: the most specific of hgv, motor_vehicle, vehicle, access
 *    decides; no/private/agricultural/forestry/emergency/military/psv/bus
 *    drop the way, anything else (yes, destination, delivery, designated,
 *    permissive, ...) keeps it.
 *  - maxweight (t; "kg" and "lbs" converted) below the truck weight and
 *    maxheight (m; feet'inches converted) below the truck height drop the
 *    way. Unparsable values keep the way and are counted.
 *  - oneway: yes/true/1 forward only, -1/reverse backward only, no/false/0
 *    both; reversible/alternating ways are dropped (time-dependent);
 *    junction=roundabout/circular and highway=motorway imply yes.
 *  - maxspeed: "50", "50 km/h", "30 mph", "none" (class default); missing,
 *    unparsable or a zone code gives the class default; the speed is then
 *    capped at the truck's maximum speed.
 *  - bridge=* (not "no") and tunnel=* (not "no") are kept as edge flags.
 * Finally only the largest strongly connected component is kept.
 */
#ifndef WO_OSM_H
#define WO_OSM_H

#include "geo/graph.h"
#include "base/base.h"

/* Truck parameters of the import. Fill with wo_osm_opts_init(). */
typedef struct wo_osm_opts {
    double truck_weight_t;   /* gross weight; ways with maxweight below drop */
    double truck_height_m;   /* height; ways with maxheight below drop       */
    double truck_max_kmh;    /* speed cap of the truck                       */
    int keep_all_components; /* 1: skip the largest-SCC filter (tests)      */
} wo_osm_opts;

/* Defaults: a loaded 3-axle rear-loader compactor, 25 t, 3.8 m, 80 km/h. */
void wo_osm_opts_init(wo_osm_opts *o);

/* Truck speed (km/h) on a road class when maxspeed is missing. */
double wo_osm_class_speed_kmh(wo_road_class c);

/* What the import kept and dropped. */
typedef struct wo_osm_report {
    long nodes_read;        /* OSM nodes in the file                      */
    long ways_read;         /* OSM ways in the file                       */
    long ways_highway;      /* ways with a highway tag                    */
    long ways_kept;         /* ways that became edges                     */
    long ways_not_drivable; /* highway class not for trucks               */
    long ways_access;       /* dropped by access/motor_vehicle/hgv        */
    long ways_maxweight;    /* dropped by maxweight                       */
    long ways_maxheight;    /* dropped by maxheight                       */
    long ways_reversible;   /* oneway=reversible/alternating              */
    long refs_missing;      /* way node references with no node in file  */
    long tags_unparsed;     /* maxspeed/maxweight/maxheight not understood */
    uint32_t components;    /* strongly connected components found        */
    uint32_t scc_nodes_dropped; /* nodes outside the largest component      */
    uint32_t scc_edges_dropped; /* edges outside the largest component      */
    uint32_t nodes;             /* nodes of the final graph                   */
    uint32_t edges;             /* directed edges of the final graph          */
    double road_km;             /* km of road (a two-way road counts once)    */
    double bridge_km;           /* km of road on bridges                      */
    double tunnel_km;           /* km of road in tunnels                      */
} wo_osm_report;

/* Read the OSM file at path (".osm" XML or ".pbf" / ".osm.pbf"; other
 * suffixes are WO_EUNSUPPORTED) into a truck graph. opts may be NULL for
 * the defaults, rep may be NULL. A missing file is WO_EIO, a corrupt file
 * WO_EPARSE, a file without any drivable way WO_EPARSE (message says how
 * many ways and nodes were read). On success *out is a new graph the
 * caller frees with wo_graph_free(). */
int wo_osm_import(const char *path, const wo_osm_opts *opts, wo_graph **out,
                  wo_osm_report *rep, wo_err *err);

#endif /* WO_OSM_H */
