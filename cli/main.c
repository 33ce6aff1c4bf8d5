/*
 * main.c — `wasteopt SUBCOMMAND ...`: dispatch to the subcommands.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "base/alloc.h"

typedef struct subcommand {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} subcommand;

static const subcommand commands[] = {
    {"plan", wo_cmd_plan, "plan tonight's collection and transfer routes"},
    {"site", wo_cmd_site, "benchmark facility siting and flows"},
    {"whatif", wo_cmd_whatif, "compare a base scenario with changed variants"},
    {"indicators", wo_cmd_indicators,
     "compute the annex indicators against their targets"},
    {"validate", wo_cmd_validate, "check a scenario before a run"},
    {"osm", wo_cmd_osm, "fetch or import OpenStreetMap road data"},
    {"matrix", wo_cmd_matrix, "travel distance/duration matrices"},
    {"solve", wo_cmd_solve, "solve a VROOM-format routing problem (JSON)"},
    {"geo", wo_cmd_geo, "coordinate conversion (WGS84, GCJ-02, BD-09, CGCS2000)"},
    {"serve", wo_cmd_serve, "HTTP service: VROOM problems and scenarios in, "
                            "solutions and plans out"},
};

static void usage(FILE *f)
{
    size_t i;
    fprintf(f, "usage: wasteopt COMMAND [OPTIONS]\n\ncommands:\n");
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-11s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n'wasteopt COMMAND --help' describes each command.\n"
               "Without a SCENARIO argument, commands use the embedded "
               "Chongqing default.\n");
}

int main(int argc, char **argv)
{
    size_t i;
    int rc;
    /* jansson's allocator is the process's: set before any JSON value */
    wo_alloc_hook_jansson();
    if ((rc = wo_cli_opening(argc, argv, "wasteopt", usage)) >= 0)
        return rc;
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "wasteopt: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return WO_EXIT_USAGE;
}
