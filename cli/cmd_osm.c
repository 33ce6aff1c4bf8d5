/*
 * cmd_osm.c — `wasteopt osm import FILE -o GRAPH [--json]` and the
 * dispatch of `wasteopt osm fetch ...` (cli/cmd_osm_fetch.c).
 */
#include "cli/cli.h"
#include "geo/osm.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f,
            "usage: wasteopt osm import FILE.osm|FILE.osm.pbf -o GRAPH "
            "[--json] [--quiet]\n"
            "       wasteopt osm fetch ...   (see 'wasteopt osm fetch --help')\n"
            "\n"
            "import reads an OpenStreetMap extract (XML or PBF), keeps the "
            "roads a\n"
            "waste truck may drive (highway class, access/hgv, maxweight "
            "25 t,\n"
            "maxheight 3.8 m, oneway, maxspeed), keeps the largest strongly\n"
            "connected component and writes the binary road graph GRAPH.\n"
            "It prints nodes, edges, km of road and what was dropped.\n");
}

static void print_text(const char *in, const char *outp,
                       const wo_osm_report *r)
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
    printf("  dropped outside the largest strongly connected component "
           "(of %u): %u nodes, %u edges\n",
           (unsigned)r->components, (unsigned)r->scc_nodes_dropped,
           (unsigned)r->scc_edges_dropped);
    if (r->refs_missing || r->tags_unparsed)
        printf("  warnings: %ld way node references without a node in the "
               "file, %ld maxspeed/maxweight/maxheight values not "
               "understood (class default or no limit used)\n",
               r->refs_missing, r->tags_unparsed);
}

static void print_json(const char *in, const char *outp,
                       const wo_osm_report *r)
{
    /* File names are printed as given; escape the two JSON specials. */
    const char *names[2] = {in, outp};
    int k;
    printf("{");
    for (k = 0; k < 2; k++) {
        const char *s = names[k];
        printf("\"%s\":\"", k ? "graph" : "input");
        for (; *s; s++) {
            if (*s == '"' || *s == '\\')
                putchar('\\');
            if ((unsigned char)*s < 0x20)
                printf("\\u%04x", (unsigned)(unsigned char)*s);
            else
                putchar(*s);
        }
        printf("\",");
    }
    printf("\"nodes\":%u,\"edges\":%u,\"road_km\":%.3f,\"bridge_km\":%.3f,"
           "\"tunnel_km\":%.3f,\"nodes_read\":%ld,\"ways_read\":%ld,"
           "\"ways_highway\":%ld,\"ways_kept\":%ld,"
           "\"dropped\":{\"ways_not_drivable\":%ld,\"ways_access\":%ld,"
           "\"ways_maxweight\":%ld,\"ways_maxheight\":%ld,"
           "\"ways_reversible\":%ld,\"scc_nodes\":%u,\"scc_edges\":%u},"
           "\"components\":%u,\"refs_missing\":%ld,\"tags_unparsed\":%ld}\n",
           (unsigned)r->nodes, (unsigned)r->edges, r->road_km, r->bridge_km,
           r->tunnel_km, r->nodes_read, r->ways_read, r->ways_highway,
           r->ways_kept, r->ways_not_drivable, r->ways_access,
           r->ways_maxweight, r->ways_maxheight, r->ways_reversible,
           (unsigned)r->scc_nodes_dropped, (unsigned)r->scc_edges_dropped,
           (unsigned)r->components, r->refs_missing, r->tags_unparsed);
}

static int cmd_import(int argc, char **argv)
{
    const char *in = NULL, *outp = NULL;
    int json = 0, quiet = 0, i, rc;
    wo_osm_report rep;
    wo_graph *g = NULL;
    wo_err err;
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
    rc = wo_osm_import(in, NULL, &g, &rep, &err);
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
    if (json)
        print_json(in, outp, &rep);
    else if (!quiet)
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
