/*
 * cmd_matrix.c — `wasteopt matrix`: distance/duration matrix between the
 * points of a CSV file, over a road graph (CH or Dijkstra) or, without a
 * graph, great-circle distance x circuity factor.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli.h"
#include "cli/out.h"
#include "cli/points.h"
#include "geo/matrix.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *f)
{
    fprintf(
        f,
        "usage: wasteopt matrix [--graph GRAPH] --points POINTS.csv -o "
        "OUT.csv\n"
        "                       [--algo ch|dijkstra|great-circle] [--circuity "
        "F]\n"
        "                       [--speed-kmh V] [--max-snap-m M] "
        "[--allow-far]\n"
        "                       [--snap-report SNAP.csv] [--threads N] "
        "[--quiet]\n"
        "\n"
        "POINTS.csv has a header with the columns id,lon,lat (WGS84 degrees).\n"
        "OUT.csv gets one row per ordered pair: "
        "from_id,to_id,distance_m,duration_s\n"
        "(written atomically). With --graph (from 'wasteopt osm import') "
        "points\n"
        "are snapped to the nearest road segment and routed by contraction\n"
        "hierarchies (default) or Dijkstra; a point farther than --max-snap-m\n"
        "(default 1000 m) from every road is an error unless --allow-far, "
        "which\n"
        "flags it instead. Without --graph: great-circle distance x circuity\n"
        "(default %.2f for Chongqing, see geo/matrix.h), duration at "
        "--speed-kmh\n"
        "(default %.0f km/h). --snap-report writes\n"
        "id,lon,lat,snap_lon,snap_lat,snap_m,far for every point.\n",
        WO_CIRCUITY_CHONGQING, WO_FALLBACK_KMH);
}

/* Open path for an atomic write; prints the reason and returns NULL on
 * failure. */
static FILE *open_out(wo_outfile *o, const char *path)
{
    wo_err err;
    if (wo_out_open(o, path, &err) != WO_OK) {
        fprintf(stderr, "wasteopt matrix: %s\n", err.msg);
        return NULL;
    }
    return o->f;
}

/* Commit o; prints and returns nonzero on error. */
static int commit_out(wo_outfile *o)
{
    wo_err err;
    if (ferror(o->f)) {
        fprintf(stderr, "wasteopt matrix: %s: write failed\n", o->path);
        wo_out_abort(o);
        return 1;
    }
    if (wo_out_commit(o, &err) != WO_OK) {
        fprintf(stderr, "wasteopt matrix: %s\n", err.msg);
        return 1;
    }
    return 0;
}

static int write_matrix(const char *path, const wo_points *p,
                        const wo_matrix *m)
{
    wo_outfile o;
    FILE *f = open_out(&o, path);
    size_t i, j;
    if (!f)
        return 1;
    fputs("from_id,to_id,distance_m,duration_s\n", f);
    for (i = 0; i < m->n_src; i++)
        for (j = 0; j < m->n_dst; j++) {
            double d = m->dist_m[i * m->n_dst + j],
                   t = m->dur_s[i * m->n_dst + j];
            if (isinf(d))
                fprintf(f, "%s,%s,inf,inf\n", p->id[i], p->id[j]);
            else
                fprintf(f, "%s,%s,%.3f,%.3f\n", p->id[i], p->id[j], d, t);
        }
    return commit_out(&o);
}

static int write_snap_report(const char *path, const wo_points *p,
                             const wo_matrix *m)
{
    wo_outfile o;
    FILE *f = open_out(&o, path);
    size_t i;
    if (!f)
        return 1;
    fputs("id,lon,lat,snap_lon,snap_lat,snap_m,far\n", f);
    for (i = 0; i < p->n; i++) {
        if (m->src_snap)
            fprintf(f, "%s,%.7f,%.7f,%.7f,%.7f,%.2f,%d\n", p->id[i], p->lon[i],
                    p->lat[i], m->src_snap[i].lon_deg, m->src_snap[i].lat_deg,
                    m->src_snap[i].snap_m, m->src_far[i]);
        else
            fprintf(f, "%s,%.7f,%.7f,,,,0\n", p->id[i], p->lon[i], p->lat[i]);
    }
    return commit_out(&o);
}

/* Value of option argv[*i] or an error. */
static const char *optval(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        fprintf(stderr, "wasteopt matrix: %s needs a value\n", argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

static int parse_num(const char *opt, const char *s, double lo, double hi,
                     double *out)
{
    if (wo_parse_double(s, out) || !(*out >= lo) || !(*out <= hi)) {
        fprintf(stderr,
                "wasteopt matrix: %s: '%s' is not a number in "
                "[%g, %g]\n",
                opt, s, lo, hi);
        return 1;
    }
    return 0;
}

int wo_cmd_matrix(int argc, char **argv)
{
    const char *graph_path = NULL, *pts_path = NULL, *out_path = NULL,
               *snap_path = NULL, *v;
    int i, quiet = 0, algo_set = 0, rc = WO_EXIT_ERROR;
    double num;
    wo_matrix_opts o;
    wo_graph *g = NULL;
    wo_matrix *m = NULL;
    wo_points p;
    wo_err err;
    double t0;
    memset(&p, 0, sizeof p);
    wo_matrix_opts_init(&o);
    wo_err_clear(&err);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return WO_EXIT_OK;
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            quiet = 1;
        } else if (!strcmp(a, "--allow-far")) {
            o.allow_far = 1;
        } else if (!strcmp(a, "--graph") || !strcmp(a, "--points") ||
                   !strcmp(a, "-o") || !strcmp(a, "--output") ||
                   !strcmp(a, "--snap-report") || !strcmp(a, "--algo") ||
                   !strcmp(a, "--circuity") || !strcmp(a, "--speed-kmh") ||
                   !strcmp(a, "--max-snap-m") || !strcmp(a, "--threads")) {
            if (!(v = optval(argc, argv, &i)))
                return WO_EXIT_USAGE;
            if (!strcmp(a, "--graph"))
                graph_path = v;
            else if (!strcmp(a, "--points"))
                pts_path = v;
            else if (!strcmp(a, "-o") || !strcmp(a, "--output"))
                out_path = v;
            else if (!strcmp(a, "--snap-report"))
                snap_path = v;
            else if (!strcmp(a, "--algo")) {
                if (wo_matrix_algo_parse(v, &o.algo)) {
                    fprintf(stderr,
                            "wasteopt matrix: --algo: '%s' is not "
                            "ch, dijkstra or great-circle\n",
                            v);
                    return WO_EXIT_USAGE;
                }
                algo_set = 1;
            } else if (!strcmp(a, "--circuity")) {
                if (parse_num(a, v, 1, 10, &o.circuity))
                    return WO_EXIT_USAGE;
            } else if (!strcmp(a, "--speed-kmh")) {
                if (parse_num(a, v, 1, 200, &o.fallback_kmh))
                    return WO_EXIT_USAGE;
            } else if (!strcmp(a, "--max-snap-m")) {
                if (parse_num(a, v, 0, 1e7, &o.max_snap_m))
                    return WO_EXIT_USAGE;
            } else {
                if (parse_num(a, v, 1, 16, &num))
                    return WO_EXIT_USAGE;
                o.n_threads = (int)num;
            }
        } else {
            fprintf(stderr, "wasteopt matrix: unknown argument '%s'\n", a);
            usage(stderr);
            return WO_EXIT_USAGE;
        }
    }
    if (!pts_path || !out_path) {
        usage(stderr);
        return WO_EXIT_USAGE;
    }
    if (!graph_path) {
        if (algo_set && o.algo != WO_MATRIX_GREAT_CIRCLE) {
            fprintf(stderr, "wasteopt matrix: --algo %s needs --graph\n",
                    o.algo == WO_MATRIX_CH ? "ch" : "dijkstra");
            return WO_EXIT_USAGE;
        }
        o.algo = WO_MATRIX_GREAT_CIRCLE;
    } else if (o.algo == WO_MATRIX_GREAT_CIRCLE) {
        fprintf(stderr, "wasteopt matrix: --algo great-circle does not use "
                        "--graph\n");
        return WO_EXIT_USAGE;
    }
    if (wo_points_read(pts_path, &p, &err) != WO_OK) {
        fprintf(stderr, "wasteopt matrix: %s\n", err.msg);
        return WO_EXIT_ERROR;
    }
    if (graph_path && wo_graph_load(graph_path, &g, &err)) {
        fprintf(stderr, "wasteopt matrix: %s\n", err.msg);
        goto out;
    }
    t0 = wo_now_s();
    if (wo_matrix_compute(g, NULL, NULL, &o, p.n, p.lon, p.lat,
                          (const char *const *)p.id, p.n, p.lon, p.lat,
                          (const char *const *)p.id, &m, &err)) {
        fprintf(stderr, "wasteopt matrix: %s: %s\n", pts_path, err.msg);
        goto out;
    }
    if (write_matrix(out_path, &p, m))
        goto out;
    if (snap_path && write_snap_report(snap_path, &p, m))
        goto out;
    if (!quiet) {
        double mx = 0, sum = 0;
        size_t k, n_far = 0;
        if (m->src_snap)
            for (k = 0; k < p.n; k++) {
                n_far += m->src_far[k];
                sum += m->src_snap[k].snap_m;
                if (m->src_snap[k].snap_m > mx)
                    mx = m->src_snap[k].snap_m;
            }
        fprintf(stderr, "wasteopt matrix: %zu x %zu by %s in %.2f s -> %s\n",
                p.n, p.n,
                o.algo == WO_MATRIX_CH         ? "contraction hierarchies"
                : o.algo == WO_MATRIX_DIJKSTRA ? "Dijkstra"
                                               : "great circle x circuity",
                wo_now_s() - t0, out_path);
        if (m->src_snap)
            fprintf(stderr,
                    "  snapping: mean %.1f m, max %.1f m, %zu "
                    "point(s) beyond %.0f m\n",
                    sum / (double)p.n, mx, n_far, o.max_snap_m);
        for (k = 0; m->src_far && k < p.n; k++)
            if (m->src_far[k])
                fprintf(stderr, "  far from the road: '%s' (%.0f m)\n", p.id[k],
                        m->src_snap[k].snap_m);
        if (m->n_unreachable)
            fprintf(stderr, "  %zu unreachable pair(s) written as inf\n",
                    m->n_unreachable);
    }
    rc = WO_EXIT_OK;
out:
    wo_matrix_free(m);
    wo_graph_free(g);
    wo_points_free(&p);
    return rc;
}
