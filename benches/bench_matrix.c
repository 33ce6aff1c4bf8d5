/*
 * bench_matrix — OSM import, CH preprocessing and many-to-many matrices on
 * a real extract (Andorra by default via benches/run_matrix.sh).
 *
 * usage: bench_matrix FILE.osm.pbf [--threads N] [--dump-pgr EDGES.csv
 *                     NODES.csv]
 *
 * Prints one "key value" line per figure: import time, graph size, CH
 * preprocessing, 1000x1000 CH (best of 5) vs one Dijkstra per source
 * (best of 2; both on the same threads, checked equal), 5000x5000 CH
 * (best of 3), 5000x5000 Dijkstra
 * extrapolated from 500 sources, the circuity (road / great circle) of
 * the 1000x1000 pairs, and peak RSS. --dump-pgr writes the edges
 * (id,source,target,cost,reverse_cost with cost = duration in s, -1 when
 * absent) and 1000 random node ids for pgr_dijkstraCostMatrix, and times
 * CH on exactly those nodes for the comparison.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "geo/ch.h"
#include "geo/matrix.h"
#include "geo/osm.h"

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Write the pgRouting inputs; returns 0 or -1. */
static int dump_pgr(const wo_graph *g, const char *edges, const char *nodes,
                    const uint32_t *ids, size_t n)
{
    FILE *f = fopen(edges, "w");
    uint32_t u, e;
    size_t i;
    long id = 1;
    if (!f)
        return -1;
    fprintf(f, "id,source,target,cost,reverse_cost\n");
    for (u = 0; u < g->n_nodes; u++)
        for (e = g->first_out[u]; e < g->first_out[u + 1]; e++)
            fprintf(f, "%ld,%u,%u,%.3f,-1\n", id++, (unsigned)u,
                    (unsigned)g->head[e], g->dur_ms[e] / 1000.0);
    if (fclose(f))
        return -1;
    f = fopen(nodes, "w");
    if (!f)
        return -1;
    fprintf(f, "vid\n");
    for (i = 0; i < n; i++)
        fprintf(f, "%u\n", (unsigned)ids[i]);
    return fclose(f) ? -1 : 0;
}

int main(int argc, char **argv)
{
    const char *path = NULL, *pgr_edges = NULL, *pgr_nodes = NULL;
    int threads = 2, i;
    wo_graph *g = NULL;
    wo_ch *ch = NULL;
    wo_ch_stats cs;
    wo_osm_report rep;
    wo_snap_index *ix = NULL;
    wo_err err;
    wo_rng r;
    enum { NBIG = 5000, NSMALL = 1000, NDIJ5 = 500 };
    wo_endpoint *src, *dst;
    wo_snap *snaps;
    wo_weight *m1, *m2;
    double t0, t_ch1, t_dj1, t_ch5, t_dj5, *ratio;
    size_t k, mism = 0, nr = 0;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
            long v;
            if (wo_parse_long(argv[++i], &v) != WO_OK || v < 1 || v > 256) {
                fprintf(stderr, "bench_matrix: --threads: '%s' is not a "
                                "thread count (1..256)\n", argv[i]);
                return 2;
            }
            threads = (int)v;
        } else if (!strcmp(argv[i], "--dump-pgr") && i + 2 < argc) {
            pgr_edges = argv[++i];
            pgr_nodes = argv[++i];
        } else
            path = argv[i];
    }
    if (!path) {
        fprintf(stderr, "usage: bench_matrix FILE.osm.pbf [--threads N] "
                        "[--dump-pgr EDGES.csv NODES.csv]\n");
        return 2;
    }
    wo_err_clear(&err);
    t0 = wo_now_s();
    if (wo_osm_import(path, NULL, &g, &rep, &err)) {
        fprintf(stderr, "bench_matrix: %s\n", err.msg);
        return 1;
    }
    printf("import_s %.3f\n", wo_now_s() - t0);
    printf("nodes %u\nedges %u\nroad_km %.1f\n", (unsigned)g->n_nodes,
           (unsigned)g->n_edges, rep.road_km);
    if (wo_ch_build(g, &ch, &cs, NULL, &err)) {
        fprintf(stderr, "bench_matrix: %s\n", err.msg);
        return 1;
    }
    printf("ch_build_s %.3f\nch_shortcuts %u\nch_up_edges %u\n", cs.seconds,
           (unsigned)cs.shortcuts, (unsigned)cs.up_edges);
    if (wo_snap_index_new(g, &ix, &err))
        return 1;
    src = calloc(NBIG, sizeof *src);
    dst = calloc(NBIG, sizeof *dst);
    snaps = calloc(NBIG, sizeof *snaps);
    m1 = calloc((size_t)NBIG * NBIG, sizeof *m1);
    m2 = calloc((size_t)NSMALL * NBIG, sizeof *m2);
    ratio = calloc((size_t)NSMALL * NSMALL, sizeof *ratio);
    if (!src || !dst || !snaps || !m1 || !m2 || !ratio)
        return 1;
    /* Points: random nodes moved by up to ~100 m, snapped to the road. */
    wo_rng_seed(&r, 12345);
    t0 = wo_now_s();
    for (k = 0; k < NBIG; k++) {
        uint32_t u = wo_rng_below(&r, g->n_nodes);
        double lon = g->lon_deg[u] + (wo_rng_unit(&r) - 0.5) * 0.002;
        double lat = g->lat_deg[u] + (wo_rng_unit(&r) - 0.5) * 0.002;
        if (wo_snap_point(ix, lon, lat, &snaps[k], &err))
            return 1;
        wo_snap_source(g, &snaps[k], &src[k]);
        wo_snap_target(g, &snaps[k], &dst[k]);
    }
    printf("snap_5000_s %.4f\n", wo_now_s() - t0);

    /* The machine is shared: the best of 5 CH runs and of 2 Dijkstra
     * runs. */
    t_ch1 = t_dj1 = INFINITY;
    for (i = 0; i < 5; i++) {
        t0 = wo_now_s();
        if (wo_ch_many_to_many(ch, src, NSMALL, dst, NSMALL, threads, m1, &err))
            return 1;
        t_ch1 = fmin(t_ch1, wo_now_s() - t0);
    }
    for (i = 0; i < 2; i++) {
        t0 = wo_now_s();
        if (wo_sp_many_to_many(g, src, NSMALL, dst, NSMALL, threads, m2, &err))
            return 1;
        t_dj1 = fmin(t_dj1, wo_now_s() - t0);
    }
    for (k = 0; k < (size_t)NSMALL * NSMALL; k++) {
        size_t a = k / NSMALL, b = k % NSMALL;
        double gc;
        if (m1[k] != m2[k])
            mism++;
        gc = wo_haversine_m(snaps[a].lon_deg, snaps[a].lat_deg,
                            snaps[b].lon_deg, snaps[b].lat_deg);
        if (gc > 1000 && m1[k] != WO_W_INF)
            ratio[nr++] = (double)wo_w_dist_mm(m1[k]) / 1000.0 / gc;
    }
    printf("m1000_ch_s %.3f\nm1000_dijkstra_s %.3f\nm1000_speedup %.1f\n"
           "m1000_mismatches %zu\n",
           t_ch1, t_dj1, t_dj1 / t_ch1, mism);
    if (nr) {
        double sum = 0;
        for (k = 0; k < nr; k++)
            sum += ratio[k];
        qsort(ratio, nr, sizeof *ratio, cmp_double);
        printf("circuity_pairs %zu\ncircuity_mean %.3f\ncircuity_median "
               "%.3f\ncircuity_p90 %.3f\n",
               nr, sum / (double)nr, ratio[nr / 2], ratio[nr * 9 / 10]);
    }

    t_ch5 = INFINITY;
    for (i = 0; i < 3; i++) {
        t0 = wo_now_s();
        if (wo_ch_many_to_many(ch, src, NBIG, dst, NBIG, threads, m1, &err))
            return 1;
        t_ch5 = fmin(t_ch5, wo_now_s() - t0);
    }
    t0 = wo_now_s();
    if (wo_sp_many_to_many(g, src, NDIJ5, dst, NBIG, threads, m2, &err))
        return 1;
    t_dj5 = (wo_now_s() - t0) * (NBIG / NDIJ5);
    mism = 0;
    for (k = 0; k < (size_t)NDIJ5 * NBIG; k++)
        if (m1[k] != m2[k])
            mism++;
    printf("m5000_ch_s %.3f\nm5000_dijkstra_s_extrapolated %.1f\n"
           "m5000_dijkstra_sources_timed %d\nm5000_mismatches_checked %zu\n",
           t_ch5, t_dj5, NDIJ5, mism);

    if (pgr_edges) {
        uint32_t ids[NSMALL];
        wo_endpoint ns[NSMALL], nd[NSMALL];
        wo_rng_seed(&r, 777);
        for (k = 0; k < NSMALL; k++) {
            size_t q;
            /* Distinct nodes: pgr_dijkstraCostMatrix drops duplicates. */
            do {
                ids[k] = wo_rng_below(&r, g->n_nodes);
                for (q = 0; q < k && ids[q] != ids[k]; q++)
                    ;
            } while (q < k);
            memset(&ns[k], 0, sizeof ns[k]);
            ns[k].n = 1;
            ns[k].seed[0].node = ids[k];
            nd[k] = ns[k];
        }
        if (dump_pgr(g, pgr_edges, pgr_nodes, ids, NSMALL)) {
            fprintf(stderr, "bench_matrix: cannot write the pgRouting files\n");
            return 1;
        }
        t0 = wo_now_s();
        if (wo_ch_many_to_many(ch, ns, NSMALL, nd, NSMALL, threads, m1, &err))
            return 1;
        printf("m1000_nodes_ch_s %.3f\n", wo_now_s() - t0);
        {
            double sum_s = 0;
            for (k = 0; k < (size_t)NSMALL * NSMALL; k++)
                if (m1[k] != WO_W_INF)
                    sum_s += (double)wo_w_dur_ms(m1[k]) / 1000.0;
            printf("m1000_nodes_ch_sum_dur_s %.1f\n", sum_s);
        }
    }
    printf("threads %d\npeak_rss_mb %.1f\n", threads, peak_rss_kb() / 1024.0);
    free(src);
    free(dst);
    free(snaps);
    free(m1);
    free(m2);
    free(ratio);
    wo_snap_index_free(ix);
    wo_ch_free(ch);
    wo_graph_free(g);
    return 0;
}
