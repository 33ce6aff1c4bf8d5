/*
 * cmd_osm.c — `wasteopt osm import FILE -o GRAPH [--json]` and the
 * dispatch of `wasteopt osm fetch ...` (cli/cmd_osm_fetch.c).
 */
#include "cli/cli.h"
#include "cli/json.h"
#include "geo/osm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(
        f, "usage: wasteopt osm import FILE.osm|FILE.osm.pbf -o GRAPH "
           "[--json] [--quiet]\n"
           "                      [--all-components]\n"
           "       wasteopt osm fetch ...   (see 'wasteopt osm fetch --help')\n"
           "\n"
           "import reads an OpenStreetMap extract (XML or PBF), keeps the "
           "roads a\n"
           "waste truck may drive (highway class, access/hgv, maxweight "
           "25 t,\n"
           "maxheight 3.8 m, oneway, maxspeed), keeps the largest strongly\n"
           "connected component and writes the binary road graph GRAPH.\n"
           "It prints nodes, edges, km of road and what was dropped.\n"
           "--all-components keeps every component (some pairs of points may\n"
           "then have no route: matrices report them as inf).\n");
}

static void print_text(const char *in, const char *outp, const wo_osm_report *r)
{
    printf("imported %s -> %s\n", in, outp);
    printf("  nodes %u, directed edges %u, road %.1f km (bridges %.1f km, "
           "tunnels %.1f km)\n",
           (unsigned)r->nodes, (unsigned)r->edges, r->road_km, r->bridge_km,
           r->tunnel_km);
    printf("  read %ld nodes, %ld ways (%ld with a highway tag), kept %ld "
           "ways\n",
           r->nodes_read, r->ways_read, r->ways_highway, r->ways_kept);
    printf("  dropped ways: %ld not drivable by trucks, %ld by access/hgv, "
           "%ld by maxweight, %ld by maxheight, %ld reversible\n",
           r->ways_not_drivable, r->ways_access, r->ways_maxweight,
           r->ways_maxheight, r->ways_reversible);
    if (r->components)
        printf("  dropped outside the largest strongly connected component "
               "(of %u): %u nodes, %u edges\n",
               (unsigned)r->components, (unsigned)r->scc_nodes_dropped,
               (unsigned)r->scc_edges_dropped);
    else
        printf("  all components kept (--all-components)\n");
    if (r->refs_missing || r->tags_unparsed)
        printf("  warnings: %ld way node references without a node in the "
               "file, %ld maxspeed/maxweight/maxheight values not "
               "understood (class default or no limit used)\n",
               r->refs_missing, r->tags_unparsed);
}

/* Warn on stderr when the largest component is a small part of the road
 * network (one-way carriageways cut at the edge of an extract). */
static void warn_small_component(const wo_osm_report *r)
{
    if (r->components && r->scc_nodes_dropped > r->nodes)
        fprintf(stderr,
                "wasteopt osm import: warning: the largest strongly "
                "connected component keeps only %u of %u road nodes; "
                "the extract may cut one-way roads at its edge. "
                "--all-components keeps every component.\n",
                (unsigned)r->nodes,
                (unsigned)(r->nodes + r->scc_nodes_dropped));
}

/* The --json summary (cli/json.h). Returns 0 or -1 (out of memory). */
static int print_json(const char *in, const char *outp, const wo_osm_report *r)
{
    wo_json *o = wo_json_pack(
        "{s:s, s:s, s:I, s:I, s:f, s:f, s:f, s:I, s:I, s:I, s:I, "
        "s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I}, s:I, s:I, s:I}",
        "input", in, "graph", outp, "nodes", (wo_json_int)r->nodes, "edges",
        (wo_json_int)r->edges, "road_km", r->road_km, "bridge_km",
        r->bridge_km, "tunnel_km", r->tunnel_km, "nodes_read",
        (wo_json_int)r->nodes_read, "ways_read", (wo_json_int)r->ways_read,
        "ways_highway", (wo_json_int)r->ways_highway, "ways_kept",
        (wo_json_int)r->ways_kept, "dropped", "ways_not_drivable",
        (wo_json_int)r->ways_not_drivable, "ways_access",
        (wo_json_int)r->ways_access, "ways_maxweight",
        (wo_json_int)r->ways_maxweight, "ways_maxheight",
        (wo_json_int)r->ways_maxheight, "ways_reversible",
        (wo_json_int)r->ways_reversible, "scc_nodes",
        (wo_json_int)r->scc_nodes_dropped, "scc_edges",
        (wo_json_int)r->scc_edges_dropped, "components",
        (wo_json_int)r->components, "refs_missing",
        (wo_json_int)r->refs_missing, "tags_unparsed",
        (wo_json_int)r->tags_unparsed);
    char *text;
    if (!o)
        return -1;
    text = wo_json_dumps(o, WO_JSON_COMPACT | WO_JSON_REAL_PRECISION(10));
    wo_json_decref(o);
    if (!text)
        return -1;
    puts(text);
    wo_json_free_text(text);
    return 0;
}

static int cmd_import(int argc, char **argv)
{
    const char *in = NULL, *outp = NULL;
    int json = 0, quiet = 0, i, rc;
    wo_osm_report rep;
    wo_osm_opts opts;
    wo_graph *g = NULL;
    wo_err err;
    wo_osm_opts_init(&opts);
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return WO_EXIT_OK;
        } else if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "wasteopt osm import: %s needs a file name\n",
                        argv[i]);
                return WO_EXIT_USAGE;
            }
            outp = argv[++i];
        } else if (!strcmp(argv[i], "--all-components")) {
            opts.keep_all_components = 1;
        } else if (!strcmp(argv[i], "--json")) {
            json = 1;
        } else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
            quiet = 1;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "wasteopt osm import: unknown option '%s'\n",
                    argv[i]);
            return WO_EXIT_USAGE;
        } else if (!in) {
            in = argv[i];
        } else {
            fprintf(stderr, "wasteopt osm import: unexpected argument '%s'\n",
                    argv[i]);
            return WO_EXIT_USAGE;
        }
    }
    if (!in || !outp) {
        usage(stderr);
        return WO_EXIT_USAGE;
    }
    wo_err_clear(&err);
    rc = wo_osm_import(in, &opts, &g, &rep, &err);
    if (rc) {
        fprintf(stderr, "wasteopt osm import: %s\n", err.msg);
        return WO_EXIT_ERROR;
    }
    rc = wo_graph_save(g, outp, &err);
    wo_graph_free(g);
    if (rc) {
        fprintf(stderr, "wasteopt osm import: %s\n", err.msg);
        return WO_EXIT_ERROR;
    }
    warn_small_component(&rep);
    if (json && print_json(in, outp, &rep) != 0) {
        fprintf(stderr, "wasteopt osm import: out of memory\n");
        return WO_EXIT_ERROR;
    } else if (!json && !quiet)
        print_text(in, outp, &rep);
    return WO_EXIT_OK;
}

int wo_cmd_osm(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? WO_EXIT_USAGE : WO_EXIT_OK;
    }
    if (!strcmp(argv[1], "import"))
        return cmd_import(argc - 1, argv + 1);
    if (!strcmp(argv[1], "fetch"))
        return wo_cmd_osm_fetch(argc - 1, argv + 1);
    fprintf(stderr, "wasteopt osm: unknown subcommand '%s' (import, fetch)\n",
            argv[1]);
    return WO_EXIT_USAGE;
}
