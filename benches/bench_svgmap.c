/*
 * bench_svgmap — map.svg at the size the default will grow to: a
 * generated plan of N routes (default 3,000) of 12 stops each over a
 * 50 km x 50 km square of central Chongqing, spread over the 4 household
 * streams and 4 construction streams, plus 60 transfer flows, drawn once
 * with the default limit of route lines per panel (aggregated: a hull per
 * route, a heat grid of the stops) and once with every route as a line.
 *
 *   bench_svgmap [--routes N] [--stops N] [--seed N]
 *
 * Prints, for each drawing, the panels' modes, the SVG's size in bytes and
 * its elements (route lines, hulls, heat cells), and the seconds it took
 * (best of 3).
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/svgmap.h"
#include "base/clock.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A small deterministic generator (xorshift64*), uniform in [0, 1). */
static double rnd(unsigned long long *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return (double)((*s * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

static long count(const char *hay, const char *needle)
{
    long n = 0;
    for (hay = strstr(hay, needle); hay; hay = strstr(hay + 1, needle))
        n++;
    return n;
}

/* Heat cells: the sum of the heat paths' data-cells. */
static long heat_cells(const char *svg)
{
    static const char key[] = "class=\"heat\" data-cells=\"";
    long n = 0;
    for (svg = strstr(svg, key); svg; svg = strstr(svg + 1, key))
        n += strtol(svg + sizeof key - 1, NULL, 10);
    return n;
}

/* Render m; prints one line with the figures. Returns 0 or 1 on failure. */
static int measure(const char *what, const wo_svgmap *m)
{
    double best = 1e9;
    int rep;
    for (rep = 0; rep < 3; rep++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        wo_err err;
        double t0 = wo_now_s(), t;
        int rc;
        if (!f)
            return 1;
        wo_err_clear(&err);
        rc = wo_svgmap_write(f, m, &err);
        fclose(f);
        t = wo_now_s() - t0;
        if (rc != WO_OK) {
            fprintf(stderr, "bench_svgmap: %s\n", err.msg);
            free(buf);
            return 1;
        }
        best = fmin(best, t);
        if (rep == 2)
            printf("%-28s %9zu bytes  %6ld route lines  %5ld hulls  %5ld "
                   "heat cells  %5ld aggregated panels  %.3f s\n",
                   what, len, count(buf, "class=\"route\""),
                   count(buf, "class=\"hull\""), heat_cells(buf),
                   count(buf, "data-mode=\"aggregated\""), best);
        free(buf);
    }
    return 0;
}

int main(int argc, char **argv)
{
    static const int streams[] = {
        WO_STREAM_HH_RECYCLABLE, WO_STREAM_HH_KITCHEN, WO_STREAM_HH_HAZARDOUS,
        WO_STREAM_HH_OTHER,      WO_STREAM_CD_SPOIL,   WO_STREAM_CD_SLURRY,
        WO_STREAM_CD_CONSTRUCTION, WO_STREAM_CD_RENOVATION};
    long n_routes = 3000, n_stops = 12, seed = 1;
    unsigned long long s;
    wo_svg_line *lines;
    double *pts;
    int i, j, n_flows = 60, rc = 0;
    wo_svgmap m;
    for (i = 1; i + 1 < argc; i += 2) {
        long *v = !strcmp(argv[i], "--routes") ? &n_routes
                  : !strcmp(argv[i], "--stops") ? &n_stops
                  : !strcmp(argv[i], "--seed")  ? &seed
                                                : NULL;
        char *end;
        if (!v) {
            fprintf(stderr, "usage: bench_svgmap [--routes N] [--stops N] "
                            "[--seed N]\n");
            return 2;
        }
        *v = strtol(argv[i + 1], &end, 10);
        if (*end || *v < 1 || *v > 1000000) {
            fprintf(stderr, "bench_svgmap: %s needs a count\n", argv[i]);
            return 2;
        }
    }
    s = 0x9E3779B97F4A7C15ULL ^ (unsigned long long)seed;
    lines = calloc((size_t)(n_routes + n_flows), sizeof *lines);
    pts = malloc((size_t)n_routes * (size_t)(n_stops + 2) * 2 * sizeof *pts);
    if (!lines || !pts)
        return 1;
    for (i = 0; i < n_routes; i++) {
        /* a depot, n_stops stops around a centre within 3 km, a plant */
        double *p = pts + (size_t)i * (size_t)(n_stops + 2) * 2;
        double cx = 106.30 + 0.5 * rnd(&s), cy = 29.35 + 0.45 * rnd(&s);
        p[0] = cx + 0.02 * (rnd(&s) - 0.5);
        p[1] = cy + 0.02 * (rnd(&s) - 0.5);
        for (j = 1; j <= n_stops; j++) {
            p[2 * j] = cx + 0.06 * (rnd(&s) - 0.5);
            p[2 * j + 1] = cy + 0.05 * (rnd(&s) - 0.5);
        }
        p[2 * (n_stops + 1)] = 106.55;
        p[2 * (n_stops + 1) + 1] = 29.60;
        lines[i].lonlat = p;
        lines[i].n_pts = (int)n_stops + 2;
        lines[i].stream = streams[i % 8];
        lines[i].stops_lonlat = p + 2;
        lines[i].n_stops = (int)n_stops;
        lines[i].tonnes = 5;
    }
    for (i = 0; i < n_flows; i++) {
        double *p = pts + 2 * (size_t)(i % n_routes) * (size_t)(n_stops + 2);
        lines[n_routes + i].lonlat = p + 2 * n_stops;
        lines[n_routes + i].n_pts = 2;
        lines[n_routes + i].stream = streams[i % 8];
        lines[n_routes + i].dashed = 1;
        lines[n_routes + i].flow = 1;
    }
    memset(&m, 0, sizeof m);
    m.title = "bench_svgmap";
    m.n_lines = (int)n_routes + n_flows;
    m.lines = lines;
    printf("%ld routes of %ld stops, %d flows\n", n_routes, n_stops, n_flows);
    rc |= measure("aggregated (default limit)", &m);
    m.max_route_lines = 1000000000;
    rc |= measure("every route a line", &m);
    free(lines);
    free(pts);
    return rc;
}
