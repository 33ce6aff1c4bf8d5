#define _POSIX_C_SOURCE 200809L
/* Unit tests of geo/snap and geo/matrix: projection onto segments,
 * one-way handling of snapped points, CH = Dijkstra matrices, road >=
 * great circle, points outside the graph, the great-circle fallback. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/points.h"
#include "geo/matrix.h"
#include "geo/osm.h"

/* a(0) <-> b(1) two-way, b(1) -> c(2) one-way, along latitude 29.5. */
static wo_graph *line_graph(void)
{
    double lon[3] = {106.50, 106.51, 106.52}, lat[3] = {29.5, 29.5, 29.5};
    wo_arc arcs[3];
    uint32_t d =
        (uint32_t)ceil(wo_haversine_m(106.5, 29.5, 106.51, 29.5) * 1000);
    wo_graph *g = NULL;
    arcs[0] = (wo_arc){0, 1, d, d / 10, 0};
    arcs[1] = (wo_arc){1, 0, d, d / 10, 0};
    arcs[2] = (wo_arc){1, 2, d, d / 20, 0};
    assert_int_equal(wo_graph_build(3, lon, lat, 3, arcs, &g, NULL), WO_OK);
    return g;
}

static void test_snap_projection(void **state)
{
    wo_graph *g = line_graph();
    wo_snap_index *ix = NULL;
    wo_snap s, t;
    wo_endpoint e;
    wo_err err;
    (void)state;
    assert_int_equal(wo_snap_index_new(g, &ix, &err), WO_OK);
    /* 55.6 m north of the middle of a-b: projected, not the nearest node. */
    assert_int_equal(wo_snap_point(ix, 106.505, 29.5005, &s, &err), WO_OK);
    assert_int_equal(s.a, 0);
    assert_int_equal(s.b, 1);
    assert_true(fabs(s.t - 0.5) < 1e-9);
    assert_true(fabs(s.snap_m - 55.6) < 0.1);
    assert_true(s.e_ab != UINT32_MAX && s.e_ba != UINT32_MAX);
    wo_snap_source(g, &s, &e);
    assert_int_equal(e.n, 2);
    /* On the one-way b->c: leave only towards c, arrive only from b. */
    assert_int_equal(wo_snap_point(ix, 106.5175, 29.4999, &t, &err), WO_OK);
    assert_int_equal(t.a, 1);
    assert_int_equal(t.b, 2);
    assert_true(t.e_ba == UINT32_MAX);
    wo_snap_source(g, &t, &e);
    assert_int_equal(e.n, 1);
    assert_int_equal(e.seed[0].node, 2);
    wo_snap_target(g, &t, &e);
    assert_int_equal(e.n, 1);
    assert_int_equal(e.seed[0].node, 1);
    /* Bad coordinates. */
    assert_int_equal(wo_snap_point(ix, 200, 0, &t, &err), WO_ERANGE);
    assert_int_equal(wo_snap_point(ix, NAN, 0, &t, &err), WO_ERANGE);
    wo_snap_index_free(ix);
    wo_graph_free(g);
}

static void test_matrix_line(void **state)
{
    wo_graph *g = line_graph();
    double lon[3] = {106.5025, 106.5075, 106.515}, lat[3] = {29.5, 29.5, 29.5};
    const char *ids[3] = {"p", "q", "r"};
    wo_matrix_opts o;
    wo_matrix *a = NULL, *b = NULL;
    double half = wo_haversine_m(106.5, 29.5, 106.51, 29.5) / 2;
    wo_err err;
    size_t k;
    (void)state;
    wo_matrix_opts_init(&o);
    assert_int_equal(wo_matrix_compute(g, NULL, NULL, &o, 3, lon, lat, ids, 3,
                                       lon, lat, ids, &a, &err),
                     WO_OK);
    o.algo = WO_MATRIX_DIJKSTRA;
    assert_int_equal(wo_matrix_compute(g, NULL, NULL, &o, 3, lon, lat, ids, 3,
                                       lon, lat, ids, &b, &err),
                     WO_OK);
    for (k = 0; k < 9; k++) {
        assert_true(a->dist_m[k] == b->dist_m[k] ||
                    (isinf(a->dist_m[k]) && isinf(b->dist_m[k])));
        assert_true(a->dur_s[k] == b->dur_s[k] ||
                    (isinf(a->dur_s[k]) && isinf(b->dur_s[k])));
    }
    /* p -> q on the same two-way segment, both directions. */
    assert_true(fabs(a->dist_m[0 * 3 + 1] - half) < 0.01);
    assert_true(fabs(a->dist_m[1 * 3 + 0] - half) < 0.01);
    /* p -> r: three quarters of a-b to b, then half of b->c. */
    assert_true(fabs(a->dist_m[0 * 3 + 2] - 2.5 * half) < 0.01);
    /* r is on a one-way dead end: nothing is reachable from it except
     * itself. */
    assert_true(isinf(a->dist_m[2 * 3 + 0]));
    assert_true(a->dist_m[2 * 3 + 2] == 0);
    assert_int_equal(a->n_unreachable, 2);
    wo_matrix_free(a);
    wo_matrix_free(b);
    wo_graph_free(g);
}

static void test_matrix_outside(void **state)
{
    wo_graph *g = line_graph();
    double lon[2] = {106.505, 107.5}, lat[2] = {29.5, 29.5};
    const char *ids[2] = {"near", "far-away"};
    wo_matrix_opts o;
    wo_matrix *m = NULL;
    wo_err err;
    (void)state;
    wo_matrix_opts_init(&o);
    assert_int_equal(wo_matrix_compute(g, NULL, NULL, &o, 2, lon, lat, ids, 2,
                                       lon, lat, ids, &m, &err),
                     WO_ERANGE);
    assert_null(m);
    assert_non_null(strstr(err.msg, "'far-away'"));
    o.allow_far = 1;
    assert_int_equal(wo_matrix_compute(g, NULL, NULL, &o, 2, lon, lat, ids, 2,
                                       lon, lat, ids, &m, &err),
                     WO_OK);
    assert_int_equal(m->src_far[1], 1);
    assert_int_equal(m->src_far[0], 0);
    assert_int_equal(m->n_far, 2);
    wo_matrix_free(m);
    /* No graph with a road method. */
    o.allow_far = 0;
    assert_int_equal(wo_matrix_compute(NULL, NULL, NULL, &o, 2, lon, lat, ids,
                                       2, lon, lat, ids, &m, &err),
                     WO_EINVAL);
    wo_graph_free(g);
}

static void test_matrix_great_circle(void **state)
{
    double lon[2] = {106.55, 106.45}, lat[2] = {29.56, 29.52};
    wo_matrix_opts o;
    wo_matrix *m = NULL;
    double d = wo_haversine_m(106.55, 29.56, 106.45, 29.52);
    wo_err err;
    wo_matrix_algo algo;
    (void)state;
    wo_matrix_opts_init(&o);
    o.algo = WO_MATRIX_GREAT_CIRCLE;
    assert_int_equal(wo_matrix_compute(NULL, NULL, NULL, &o, 2, lon, lat, NULL,
                                       2, lon, lat, NULL, &m, &err),
                     WO_OK);
    assert_true(fabs(m->dist_m[1] - d * WO_CIRCUITY_CHONGQING) < 1e-6);
    assert_true(fabs(m->dur_s[1] - d * WO_CIRCUITY_CHONGQING /
                                       (WO_FALLBACK_KMH / 3.6)) < 1e-6);
    assert_true(m->dist_m[0] == 0);
    wo_matrix_free(m);
    o.circuity = 0.5;
    assert_int_equal(wo_matrix_compute(NULL, NULL, NULL, &o, 2, lon, lat, NULL,
                                       2, lon, lat, NULL, &m, &err),
                     WO_EINVAL);
    assert_int_equal(wo_matrix_algo_parse("dijkstra", &algo), WO_OK);
    assert_int_equal(algo, WO_MATRIX_DIJKSTRA);
    assert_int_equal(wo_matrix_algo_parse("astar", &algo), WO_EINVAL);
}

/* Local distance of a point to a segment, brute force. */
static double seg_dist(const wo_graph *g, uint32_t a, uint32_t b, double lon,
                       double lat)
{
    double k = 111194.92664455873,
           kx = k * cos(lat * 3.14159265358979323846 / 180);
    double ax = (g->lon_deg[a] - lon) * kx, ay = (g->lat_deg[a] - lat) * k;
    double bx = (g->lon_deg[b] - lon) * kx, by = (g->lat_deg[b] - lat) * k;
    double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy, t = 0;
    if (l2 > 0) {
        t = -(ax * dx + ay * dy) / l2;
        t = t < 0 ? 0 : (t > 1 ? 1 : t);
    }
    return hypot(ax + t * dx, ay + t * dy);
}

/* Andorra: the grid finds the same nearest segment as brute force; a
 * 120 x 120 matrix of points near roads is identical by CH and Dijkstra,
 * and every road distance is at least the great-circle distance between
 * the snapped points. */
static void test_matrix_andorra(void **state)
{
    const char *shared = getenv("WO_SHARED");
    char path[1024];
    enum { N = 120 };
    double lon[N], lat[N];
    wo_graph *g = NULL;
    wo_snap_index *ix = NULL;
    wo_matrix_opts o;
    wo_matrix *a = NULL, *b = NULL;
    wo_err err;
    wo_rng r;
    size_t i, j;
    (void)state;
    if (!shared) {
        print_message("WO_SHARED is not set: Andorra matrix test skipped\n");
        skip();
    }
    snprintf(path, sizeof path, "%s/geo/osm/andorra.osm.pbf", shared);
    if (wo_osm_import(path, NULL, &g, NULL, &err) == WO_EIO)
        skip();
    assert_non_null(g);
    assert_int_equal(wo_snap_index_new(g, &ix, &err), WO_OK);
    wo_rng_seed(&r, 99);
    for (i = 0; i < N; i++) {
        uint32_t u = wo_rng_below(&r, g->n_nodes), e;
        double best = INFINITY, got;
        wo_snap s;
        lon[i] = g->lon_deg[u] + (wo_rng_unit(&r) - 0.5) * 0.002;
        lat[i] = g->lat_deg[u] + (wo_rng_unit(&r) - 0.5) * 0.002;
        assert_int_equal(wo_snap_point(ix, lon[i], lat[i], &s, &err), WO_OK);
        for (u = 0; u < g->n_nodes; u++)
            for (e = g->first_out[u]; e < g->first_out[u + 1]; e++)
                best = fmin(best, seg_dist(g, u, g->head[e], lon[i], lat[i]));
        got = seg_dist(g, s.a, s.b, lon[i], lat[i]);
        assert_true(fabs(got - best) < 1e-6);
    }
    wo_matrix_opts_init(&o);
    assert_int_equal(wo_matrix_compute(g, ix, NULL, &o, N, lon, lat, NULL, N,
                                       lon, lat, NULL, &a, &err),
                     WO_OK);
    o.algo = WO_MATRIX_DIJKSTRA;
    assert_int_equal(wo_matrix_compute(g, ix, NULL, &o, N, lon, lat, NULL, N,
                                       lon, lat, NULL, &b, &err),
                     WO_OK);
    assert_int_equal(a->n_unreachable, 0);
    for (i = 0; i < N; i++)
        for (j = 0; j < N; j++) {
            size_t k = i * N + j;
            const wo_snap *s = &a->src_snap[i], *t = &a->dst_snap[j];
            assert_true(a->dist_m[k] == b->dist_m[k]);
            assert_true(a->dur_s[k] == b->dur_s[k]);
            assert_true(a->dist_m[k] >= wo_haversine_m(s->lon_deg, s->lat_deg,
                                                       t->lon_deg, t->lat_deg));
        }
    wo_matrix_free(a);
    wo_matrix_free(b);
    wo_snap_index_free(ix);
    wo_graph_free(g);
}

/* Allocation hook that fails the fail_at-th allocation. */
static long alloc_count, alloc_fail_at;

static void *oom_malloc(size_t n, void *ud)
{
    (void)ud;
    if (alloc_count++ == alloc_fail_at)
        return NULL;
    return malloc(n);
}

static void *oom_realloc(void *p, size_t n, void *ud)
{
    (void)ud;
    if (alloc_count++ == alloc_fail_at)
        return NULL;
    return realloc(p, n);
}

static void oom_free(void *p, void *ud)
{
    (void)ud;
    free(p);
}

/* The whole pipeline (import, cache write and read, snap index, CH,
 * matrices) with every single allocation failing in turn: each failure is
 * WO_ENOMEM with nothing leaked (checked by the ASan build), never a
 * crash. Single-threaded, as the hook is global. */
static int pipeline(const char *osm, const char *cache)
{
    double lon[3] = {106.5001, 106.5098, 106.5049},
           lat[3] = {29.5001, 29.5052, 29.5099};
    wo_graph *g = NULL, *h = NULL;
    wo_snap_index *ix = NULL;
    wo_ch *ch = NULL;
    wo_matrix *m = NULL;
    wo_matrix_opts o;
    wo_err err;
    int rc, algo;
    rc = wo_osm_import(osm, NULL, &g, NULL, &err);
    if (!rc)
        rc = wo_graph_save(g, cache, &err);
    if (!rc)
        rc = wo_graph_load(cache, &h, &err);
    if (!rc)
        rc = wo_snap_index_new(h, &ix, &err);
    if (!rc)
        rc = wo_ch_build(h, &ch, NULL, NULL, &err);
    wo_matrix_opts_init(&o);
    o.n_threads = 1;
    for (algo = 0; algo < 3 && !rc; algo++) {
        o.algo = (wo_matrix_algo)algo;
        rc = wo_matrix_compute(h, ix, algo == 0 ? ch : NULL, &o, 3, lon, lat,
                               NULL, 3, lon, lat, NULL, &m, &err);
        wo_matrix_free(m);
        m = NULL;
    }
    wo_ch_free(ch);
    wo_snap_index_free(ix);
    wo_graph_free(h);
    wo_graph_free(g);
    return rc;
}

static void test_out_of_memory(void **state)
{
    static const char *const files[2] = {"loop.osm", "square.osm.pbf"};
    char osm[1024], cache[256];
    const char *top = getenv("WO_TOP");
    wo_alloc_hooks hooks = {oom_malloc, oom_realloc, oom_free, NULL};
    int rc, k;
    (void)state;
    snprintf(cache, sizeof cache, "/tmp/wo_test_oom_%ld.wog", (long)getpid());
    for (k = 0; k < 2; k++) {
        snprintf(osm, sizeof osm, "%s/tests/data/osm/%s", top ? top : ".",
                 files[k]);
        for (alloc_fail_at = 0;; alloc_fail_at++) {
            alloc_count = 0;
            wo_set_alloc_hooks(&hooks);
            rc = pipeline(osm, cache);
            wo_set_alloc_hooks(NULL);
            if (rc == WO_OK)
                break;
            assert_int_equal(rc, WO_ENOMEM);
            assert_true(alloc_fail_at < 100000);
        }
        assert_true(alloc_fail_at > 50);
    }
    unlink(cache);
}

/* POINTS.csv of `wasteopt matrix`: columns found by name, BOM, CRLF and
 * blank lines accepted; a bad row named by file, line and column. */
static void test_points_csv(void **state)
{
    static char good[] = "\xef\xbb\xbfname,lat,id,lon\r\nA,29.5,a,106.5\r\n"
                         "\r\nB,29.6,b,106.6\r\n";
    static char bad[] = "id,lon,lat\n,1,2\n";
    wo_points p;
    wo_err err;
    FILE *f;
    (void)state;
    f = fmemopen(good, strlen(good), "r");
    assert_non_null(f);
    assert_int_equal(wo_points_read_stream(f, "p.csv", &p, &err), WO_OK);
    fclose(f);
    assert_int_equal(p.n, 2);
    assert_string_equal(p.id[1], "b");
    assert_true(p.lon[1] == 106.6 && p.lat[0] == 29.5);
    wo_points_free(&p);
    f = fmemopen(bad, strlen(bad), "r");
    assert_non_null(f);
    assert_int_equal(wo_points_read_stream(f, "p.csv", &p, &err), WO_EPARSE);
    fclose(f);
    assert_string_equal(err.msg, "p.csv:2: column 'id' is empty");
    assert_int_equal(p.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_snap_projection),
        cmocka_unit_test(test_matrix_line),
        cmocka_unit_test(test_matrix_outside),
        cmocka_unit_test(test_matrix_great_circle),
        cmocka_unit_test(test_matrix_andorra),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_points_csv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
