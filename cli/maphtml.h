/*
 * maphtml.h — map.html, the plan as one page in a browser: a Leaflet map
 * with OpenStreetMap tiles when online and the scenario's district
 * boundaries always, one switchable layer per stream, the route list
 * (vehicle, stream, stops, km, hours, tonnes; a click highlights the route
 * and lists its visits with their times), the unserved stops with their
 * reasons, the annex indicators of the plan and, when one is given, the
 * comparison table of a what-if study.
 *
 * The page is one UTF-8 file: its script and style (cli/maphtml.js and
 * cli/maphtml.css, compiled in) and the plan's data, a JSON document
 * written by cli/json.h and escaped so that no "</script" can end its
 * block. Leaflet itself is either
 *   - inlined (leaflet_base NULL): leaflet.min.js (else leaflet.js) and
 *     leaflet.css are read at the time of writing from
 *     wo_maphtml_leaflet_dir(), Debian's libjs-leaflet, so the file opens
 *     offline and follows the distribution's security updates of Leaflet.
 *     When they cannot be read there the page is still written, with the
 *     route list, the unserved stops, the indicators and the comparison,
 *     and says at its top why the map is missing; or
 *   - referenced (leaflet_base "/leaflet/"): <base>leaflet.js and
 *     <base>leaflet.css, for a page served beside them.
 * Routes, stops and boundaries are drawn on one canvas (Leaflet's canvas
 * renderer), so a plan of hundreds of routes and thousands of stops stays
 * responsive.
 */
#ifndef WO_CLI_MAPHTML_H
#define WO_CLI_MAPHTML_H

#include "data/model.h"
#include "solver/plan/plan.h"

#include <stdio.h>

/* How the page gets Leaflet and its background tiles. */
typedef struct wo_maphtml_opts {
    const char *leaflet_base;      /* NULL: Leaflet inlined (a file that
                                      opens offline); else a URL prefix such
                                      as "/leaflet/"                        */
    const char *tile_url;          /* tile URL template ({z}/{x}/{y}, {s}),
                                      NULL: OpenStreetMap's; "": no tiles  */
    const char *tile_attribution;  /* text shown for the tiles, NULL: that
                                      of OpenStreetMap (with tile_url NULL)
                                      or none                              */
} wo_maphtml_opts;

/* Write the page of `plan` (may be NULL: the scenario's districts, sites
 * and facilities only) of scenario `sc` (may be NULL with plan NULL: an
 * empty page saying so) to f. `whatif_json` (may be NULL) is a what-if
 * comparison as `wasteopt whatif --json` prints it ({"variants": [...]});
 * it must be one JSON object. `o` may be NULL (all defaults). Writes
 * to f only; the caller makes the file atomic. Returns 0, or -1 with
 * errno set: EINVAL (whatif_json not a JSON object, a text that is not
 * UTF-8), ENOMEM, EIO (f reported a write error), or the error of reading
 * Leaflet other than its absence (ENOMEM of fopen, EIO). */
int wo_maphtml_write(FILE *f, const wo_scenario *sc, const wo_plan *plan,
                     const char *whatif_json, const wo_maphtml_opts *o);

/* The directory an inlined Leaflet is read from: $WO_LEAFLET_DIR when set
 * and not empty, else /usr/share/javascript/leaflet (Debian's
 * libjs-leaflet). A server may serve its files at "/leaflet/". */
const char *wo_maphtml_leaflet_dir(void);

/* 0 when Leaflet's script and style can be read in
 * wo_maphtml_leaflet_dir(), else -1 with errno (ENOENT when missing). */
int wo_maphtml_leaflet_check(void);

#endif /* WO_CLI_MAPHTML_H */
