/*
 * load_internal.h — shared state of the scenario loader (scenario.c,
 * scenario_json.c, tables.c). Not part of the public API.
 */
#ifndef WO_LOAD_INTERNAL_H
#define WO_LOAD_INTERNAL_H

#include "data/model.h"

#include <stddef.h>

/* Where the loader reads files from: a directory or an in-memory table. */
typedef struct wo_ld_source {
    const char *dir;                  /* directory, or NULL                 */
    const wo_embedded_file *files;    /* in-memory table, or NULL           */
} wo_ld_source;

/* One loading run. */
typedef struct wo_ld {
    wo_scenario *sc;                  /* scenario being filled              */
    const wo_ld_source *src;          /* file source                        */
    wo_err *err;                      /* first error                        */
    size_t cap_warnings;              /* allocated slots of sc->warnings    */
    int n_serves;                     /* fleet_sharing.also_serves pairs    */
    const char **serves_depot;        /* [n_serves] depot id of each (in the
                                         scenario's arena)                  */
    const char **serves_district;     /* [n_serves] district id of each     */
    int *serves_at;                   /* [n_serves] position in its depot's
                                         list (for messages)                */
} wo_ld;

/* Read file `name` of the source into a new NUL-terminated buffer
 * (*data owned by the caller, wo_free). WO_ENOTFOUND when it does not
 * exist ("NAME: file not found"); on disk a symbolic link, FIFO, device or
 * directory is WO_EINVAL, refused before reading; WO_EIO / WO_ETOOBIG
 * otherwise. key is the key of scenario.json's "files" that named the file
 * ("sites"), which then prefixes every error, or NULL. */
int wo_ld_read(wo_ld *L, const char *key, const char *name, char **data,
               size_t *len);

/* The key of table t in scenario.json's "files" ("sites"). */
const char *wo_ld_table_key(wo_table t);

/* Copy a string into the scenario's arena; NULL on out-of-memory. */
char *wo_ld_strdup(wo_ld *L, const char *s);

/* Record a warning (printf-style); WO_OK or WO_ENOMEM. */
int wo_ld_warn(wo_ld *L, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* "YYYY-MM-DD" with a real calendar day -> WO_OK, else WO_EPARSE. */
int wo_ld_date_check(const char *s, int *month);

/* scenario.json: fills name, year, date, datums, files, options. */
int wo_ld_scenario_json(wo_ld *L, const char *text, size_t len);

/* After the depots: resolve the depot and district ids of
 * fleet_sharing.also_serves into sc->depot_serves; an unknown id is an
 * error naming its JSON path. */
int wo_ld_fleet_sharing(wo_ld *L);

/* districts.geojson: fills sc->districts. */
int wo_ld_districts(wo_ld *L, const char *name, const char *text, size_t len);

/* The CSV tables, in dependency order. */
int wo_ld_facilities(wo_ld *L);
int wo_ld_processes(wo_ld *L);
int wo_ld_capacity_levels(wo_ld *L);
int wo_ld_depots(wo_ld *L);
int wo_ld_vehicle_types(wo_ld *L);
int wo_ld_sites(wo_ld *L);
int wo_ld_demand(wo_ld *L);

/* After the tables: convert every district vertex, facility, depot and
 * site from its file's datum to WGS84 (convert.c), keeping the values as
 * written in wo_point.lon_in_deg / lat_in_deg. A failure (PROJ unavailable
 * for cgcs2000 ...) names the file and line, or the GeoJSON feature. */
int wo_ld_to_wgs84(wo_ld *L);

#endif /* WO_LOAD_INTERNAL_H */
