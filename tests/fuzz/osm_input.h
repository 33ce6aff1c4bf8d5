/* Shared by the OSM fuzz targets: readosm reads files only, so each input
 * is written to a per-process temporary file with the given suffix and
 * imported from there. */
#ifndef WO_FUZZ_OSM_INPUT_H
#define WO_FUZZ_OSM_INPUT_H

#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "geo/osm.h"

static void fuzz_osm_import(const uint8_t *data, size_t size,
                            const char *suffix)
{
    char path[80];
    FILE *f;
    wo_graph *g = NULL;
    wo_osm_opts o;
    wo_err err;
    snprintf(path, sizeof path, "/tmp/wo_fuzz_osm_%ld%s", (long)getpid(),
             suffix);
    f = fopen(path, "wb");
    if (!f)
        return;
    fwrite(data, 1, size, f);
    fclose(f);
    wo_osm_opts_init(&o);
    /* Odd sizes also exercise the graph without the SCC filter. */
    o.keep_all_components = (size & 1) != 0;
    if (wo_osm_import(path, &o, &g, NULL, &err) == WO_OK)
        wo_graph_free(g);
    unlink(path);
}

#endif /* WO_FUZZ_OSM_INPUT_H */
