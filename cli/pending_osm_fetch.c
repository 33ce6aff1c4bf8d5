/* Placeholder until 'osm fetch' lands; the file is deleted then. */
#include "cli/cli.h"

#include <stdio.h>

int wo_cmd_osm_fetch(int argc, char **argv)
{
    (void)argc;
    fprintf(stderr, "wasteopt osm %s: not available in this build\n", argv[0]);
    return WO_EXIT_ERROR;
}
