/*
 * plan_out.h — the files of a plan in the output directory, each written
 * atomically (cli/out.h):
 *
 *   plan.json       summary, routes with visits, transfers, unserved with
 *                   reasons, indicators
 *   routes.geojson  one LineString per route (and per transfer), with
 *                   vehicle, stream, km, tonnes
 *   sites.geojson   sites, facilities and depots as points
 *   stops.csv       one row per visit (UTF-8 with BOM: opens in Excel)
 *   routes.csv      one row per vehicle route (UTF-8 with BOM)
 *   map.svg         a panel per stream family: its routes coloured by
 *                   stream (aggregated above a number) over the
 *                   districts
 *   map.html        the plan in a browser: Leaflet map, layers per stream,
 *                   route list with visits, unserved stops, indicators
 *                   (cli/maphtml.h)
 *
 * The six files are one output set (base/atomic.h): written into a
 * staging directory beside the output directory and swapped with it in one
 * rename, so the output directory holds the previous complete set or the
 * new complete set at every instant, never a mix. Its manifest
 * .wasteopt-set names the run and lists each file with its size and
 * FNV-1a digest.
 */
#ifndef WO_CLI_PLAN_OUT_H
#define WO_CLI_PLAN_OUT_H

#include "data/indicators.h"
#include "data/model.h"
#include "solver/plan/plan.h"

#include "cli/json.h"
#include "cli/maphtml.h"
#include "geo/coord.h"

/* How the files are written; NULL where one is asked for stands for all
 * defaults (zero). */
typedef struct wo_plan_out_opts {
    wo_datum datum;  /* datum of the coordinates of stops.csv,
                        routes.geojson and sites.geojson: WGS84 (the
                        default), GCJ-02 (Amap, Tencent) or BD-09 (Baidu);
                        the GeoJSON files then carry "datum" beside
                        "features". map.svg is drawn in WGS84 whatever
                        this says (its districts are)                  */
    const wo_maphtml_opts *map; /* map.html's page options (NULL: the
                        defaults, see cli/maphtml.h)                  */
    int n_map_districts; /* > 0: map.svg shows only these districts
                        (zoomed to them) and the routes and transfers
                        with a visit or an end in one of them; the
                        other files stay complete                     */
    const int *map_districts; /* [n_map_districts] district indices   */
    int map_max_lines;  /* routes a panel of map.svg draws as lines at
                        most before drawing them aggregated (0:
                        WO_SVGMAP_MAX_ROUTE_LINES, cli/svgmap.h)       */
} wo_plan_out_opts;

/* An earlier plan.json read as a baseline (wasteopt plan --baseline):
 * the stop visits of its collection routes. */
typedef struct wo_plan_baseline_file {
    wo_plan_baseline bl;          /* what wo_plan_params.baseline points to */
    wo_plan_baseline_stop *stops; /* [bl.n_stops] owned                     */
    wo_json *root;                /* the document; the strings point in it  */
} wo_plan_baseline_file;

/* Read `path`, a plan.json of format "wasteopt-plan" version 1 made on
 * scenario sc (summary.scenario equal to its name), into *out (release
 * with wo_plan_baseline_file_free, also after a failure). Collection
 * routes are read (vehicle, stream, day, cost, the visits of kind "stop"
 * and their site); the other routes are passed over. WO_EINVAL (or
 * WO_EIO for a file that cannot be read) with a message naming the file
 * and the JSON path ($.routes[3].visits[2].site) of the first problem;
 * WO_ENOMEM. */
int wo_plan_baseline_read(const wo_scenario *sc, const char *path,
                          wo_plan_baseline_file *out, wo_err *err);
void wo_plan_baseline_file_free(wo_plan_baseline_file *f);

/* The plan as a JSON document (new reference; NULL when out of memory).
 * `indicators` (may be NULL: null in the document) is added as is, with a
 * new reference taken. */
wo_json *wo_plan_to_json(const wo_scenario *sc, const wo_plan *p,
                        const wo_json *indicators);

/* An indicators report (data/indicators.h) as the JSON document of its
 * JSON format, the form plan.json, the site summary and whatif embed.
 * New reference, or NULL with err (may be NULL) set. */
wo_json *wo_plan_ind_report_json(const wo_ind_report *rep, wo_err *err);

/* The annex indicators the plan implies (solver/plan/indicator_flows.h:
 * recycling, incineration, film, straw, C&D and medical rates from what
 * was collected and treated), held against the targets of the scenario's
 * year, as the indicators report's JSON. New reference, or NULL with err
 * set. */
wo_json *wo_plan_indicators_json(const wo_scenario *sc, const wo_plan *p,
                                wo_err *err);

/* The summary alone (plan.json's "summary", and `--json` on stdout). It
 * holds only what the plan is, never the run's wall time, so that the
 * same seed and iteration limit give a byte-identical plan.json. New
 * reference. */
wo_json *wo_plan_summary_json(const wo_scenario *sc, const wo_plan *p);

/* The individual files; `path` is the full file name, o the options (may
 * be NULL). A conversion to o->datum that fails is WO_ERANGE with err
 * naming the point. */
int wo_plan_write_routes_geojson(const char *path, const wo_scenario *sc,
                                 const wo_plan *p, const wo_plan_out_opts *o,
                                 wo_err *err);
int wo_plan_write_sites_geojson(const char *path, const wo_scenario *sc,
                                const wo_plan *p, const wo_plan_out_opts *o,
                                wo_err *err);
int wo_plan_write_stops_csv(const char *path, const wo_scenario *sc,
                            const wo_plan *p, const wo_plan_out_opts *o,
                            wo_err *err);
/* routes.csv: one row per vehicle route of the plan (whatever the route
 * carries: collection or transfer), UTF-8 with BOM: day, date, vehicle,
 * vehicle_type, stream, depot, start and end (clock with day offset,
 * wo_plan_format_clock), start_at and end_at (ISO 8601), km, hours,
 * tonnes, stops, unloads, cost_cny. */
int wo_plan_write_routes_csv(const char *path, const wo_plan *p,
                             wo_err *err);
/* map.svg: small multiples, a panel per stream family (cli/svgmap.h),
 * within o's districts and route-line limit (o may be NULL). */
int wo_plan_write_map_svg(const char *path, const wo_scenario *sc,
                          const wo_plan *p, const wo_plan_out_opts *o,
                          wo_err *err);
/* The page of the plan (map.html), with the what-if comparison
 * `whatif_json` (NULL: none) and the options `map` (NULL: Leaflet
 * inlined, OpenStreetMap tiles); written without its map when Leaflet is
 * not found (see cli/maphtml.h). */
int wo_plan_write_map_html(const char *path, const wo_scenario *sc,
                           const wo_plan *p, const char *whatif_json,
                           const wo_maphtml_opts *map, wo_err *err);

/* All seven files into directory `dir` (which must exist), each file
 * atomic on its own but not as a set: the caller stages them (dir is the
 * stage of a wo_atomic_set). o: the options (NULL: defaults). Stops at the
 * first failure. */
int wo_plan_write_files(const char *dir, const wo_scenario *sc,
                        const wo_plan *p, const wo_json *indicators,
                        const wo_plan_out_opts *o, wo_err *err);

/* All seven files (default options) as one output set replacing directory `dir` (created
 * when missing; entries of dir that are not part of a plan's set are
 * kept): on any failure dir keeps its previous complete set. */
int wo_plan_write_all(const char *dir, const wo_scenario *sc,
                      const wo_plan *p, const wo_json *indicators,
                      wo_err *err);

/* Display name of a visit's place: its site, facility or depot. */
const char *wo_plan_visit_name(const wo_scenario *sc, const wo_plan_visit *x);

/* "HH:MM:SS" of seconds from midnight (hours may pass 24) into buf[16]. */
void wo_plan_format_hms(double s, char buf[16]);

/* The clock time of seconds s from midnight of a route's day, with the day
 * offset a spreadsheet cannot get wrong: "23:10:00" on the day itself,
 * "+1 01:10:12" after the next midnight (s = 90612), into buf[24].
 * Rounded to the second; negative or non-finite s is 00:00:00, s beyond
 * 28 days is cut there. */
void wo_plan_format_clock(double s, char buf[24]);

/* Scenario times are the local clock of Chongqing: China Standard Time,
 * UTC+8 all year (no daylight saving). */
#define WO_PLAN_UTC_OFFSET "+08:00"

/* ISO 8601 date-time of seconds s from midnight of day `day` (0-based)
 * after `date` (YYYY-MM-DD), with the offset WO_PLAN_UTC_OFFSET:
 * "2025-06-17T01:10:12+08:00", into buf[32]. An unparsable date gives "".
 * Rounding as wo_plan_format_clock. */
void wo_plan_format_iso(const char *date, int day, double s, char buf[32]);

#endif /* WO_CLI_PLAN_OUT_H */
