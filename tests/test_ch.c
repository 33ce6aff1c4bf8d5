/* Unit tests of geo/sp and geo/ch: CH distances equal Dijkstra's exactly,
 * on random small graphs and on the Andorra road graph. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/ch.h"
#include "geo/osm.h"
#include "geo/sp.h"
#include "tests/support/files.h"

/* A random strongly-connected-ish graph on a grid: two-way and one-way
 * streets with random weights, some parallel edges and zero weights. */
static wo_graph *random_graph(uint64_t seed, uint32_t side)
{
    wo_rng r;
    uint32_t n = side * side, x, y;
    double *lon = calloc(n, sizeof *lon), *lat = calloc(n, sizeof *lat);
    wo_arc *arcs = calloc((size_t)n * 6, sizeof *arcs);
    size_t na = 0;
    wo_graph *g = NULL;
    wo_rng_seed(&r, seed);
    assert_non_null(lon);
    assert_non_null(lat);
    assert_non_null(arcs);
    for (y = 0; y < side; y++)
        for (x = 0; x < side; x++) {
            uint32_t u = y * side + x;
            lon[u] = 106.5 + x * 0.001;
            lat[u] = 29.5 + y * 0.001;
            if (x + 1 < side) {
                uint32_t v = u + 1, d = 100000 + wo_rng_below(&r, 20000);
                uint32_t t = wo_rng_below(&r, 10) == 0 ? 0 : d / 10;
                arcs[na++] = (wo_arc){u, v, d, t, 0};
                if (wo_rng_below(&r, 4))
                    arcs[na++] = (wo_arc){v, u, d, t, 0};
            }
            if (y + 1 < side) {
                uint32_t v = u + side, d = 100000 + wo_rng_below(&r, 20000);
                uint32_t t = d / 12 + wo_rng_below(&r, 3);
                arcs[na++] = (wo_arc){v, u, d, t, 0};
                if (wo_rng_below(&r, 4))
                    arcs[na++] = (wo_arc){u, v, d, t, 0};
                if (wo_rng_below(&r, 8) == 0)
                    arcs[na++] = (wo_arc){u, v, d / 2, t, 0};
            }
        }
    assert_int_equal(wo_graph_build(n, lon, lat, na, arcs, &g, NULL), WO_OK);
    free(lon);
    free(lat);
    free(arcs);
    return g;
}

static wo_endpoint node_ep(uint32_t v)
{
    wo_endpoint e;
    memset(&e, 0, sizeof e);
    e.n = 1;
    e.seed[0].node = v;
    return e;
}

/* All pairs of g: CH one-to-one = Dijkstra (every pair reachable when
 * connected is set). */
static void check_all_pairs(const wo_graph *g, int connected)
{
    wo_ch *ch = NULL;
    wo_ch_query *q = NULL;
    wo_sp *sp = NULL;
    uint32_t s, t;
    assert_int_equal(wo_ch_build(g, &ch, NULL, NULL, NULL), WO_OK);
    assert_int_equal(wo_ch_query_new(ch, &q, NULL), WO_OK);
    assert_int_equal(wo_sp_new(g, &sp, NULL), WO_OK);
    for (s = 0; s < g->n_nodes; s++) {
        wo_endpoint es = node_ep(s);
        wo_sp_run(sp, &es, NULL, 0);
        for (t = 0; t < g->n_nodes; t++) {
            wo_endpoint et = node_ep(t);
            if (connected)
                assert_true(wo_sp_dist(sp, t) != WO_W_INF);
            assert_true(wo_ch_query_run(q, &es, &et) == wo_sp_dist(sp, t));
        }
    }
    wo_sp_free(sp);
    wo_ch_query_free(q);
    wo_ch_free(ch);
}

/* All pairs of small random graphs: CH one-to-one = Dijkstra. */
static void test_ch_small_all_pairs(void **state)
{
    uint64_t seed;
    (void)state;
    for (seed = 1; seed <= 6; seed++) {
        wo_graph *g = random_graph(seed, 9);
        check_all_pairs(g, 0);
        wo_graph_free(g);
    }
}

/* Three consecutive OSM nodes at one position (two zero-weight edges in
 * a row): CH answers Dijkstra's distance for every pair, never inf. */
static void test_ch_zero_weight_chain(void **state)
{
    char path[4096];
    wo_graph *g = NULL;
    wo_err err;
    (void)state;
    snprintf(path, sizeof path, "%s/tests/data/osm/coincident.osm", ts_top());
    assert_int_equal(wo_osm_import(path, NULL, &g, NULL, &err), WO_OK);
    assert_true(g->n_nodes >= 3);
    check_all_pairs(g, 1);
    wo_graph_free(g);
}

/* Random two-seed endpoints: many-to-many CH = many-to-many Dijkstra =
 * one-to-one CH. */
static void test_ch_m2m_endpoints(void **state)
{
    wo_graph *g = random_graph(42, 12);
    wo_ch *ch = NULL;
    wo_ch_query *q = NULL;
    enum { NS = 37, NT = 29 };
    wo_endpoint src[NS], dst[NT];
    wo_weight *a = calloc(NS * NT, sizeof *a), *b = calloc(NS * NT, sizeof *b);
    wo_rng r;
    size_t i, j;
    (void)state;
    wo_rng_seed(&r, 7);
    for (i = 0; i < NS + NT; i++) {
        wo_endpoint *e = i < NS ? &src[i] : &dst[i - NS];
        *e = node_ep(wo_rng_below(&r, g->n_nodes));
        e->seed[0].w =
            wo_w_pack(wo_rng_below(&r, 5000), wo_rng_below(&r, 9000));
        if (wo_rng_below(&r, 2)) {
            e->n = 2;
            e->seed[1].node = wo_rng_below(&r, g->n_nodes);
            e->seed[1].w =
                wo_w_pack(wo_rng_below(&r, 5000), wo_rng_below(&r, 9000));
        }
    }
    assert_int_equal(wo_ch_build(g, &ch, NULL, NULL, NULL), WO_OK);
    assert_int_equal(wo_ch_many_to_many(ch, src, NS, dst, NT, 2, a, NULL),
                     WO_OK);
    assert_int_equal(wo_sp_many_to_many(g, src, NS, dst, NT, 2, b, NULL),
                     WO_OK);
    assert_int_equal(wo_ch_query_new(ch, &q, NULL), WO_OK);
    for (i = 0; i < NS; i++)
        for (j = 0; j < NT; j++) {
            assert_true(a[i * NT + j] == b[i * NT + j]);
            assert_true(wo_ch_query_run(q, &src[i], &dst[j]) == a[i * NT + j]);
        }
    wo_ch_query_free(q);
    wo_ch_free(ch);
    wo_graph_free(g);
    free(a);
    free(b);
}

/* n_src random sources with 25 random targets each on the graph of an
 * extract: CH one-to-one equals Dijkstra exactly, and every road distance
 * is at least the great-circle distance. Returns the pairs checked, or -1
 * when the file is missing. */
static long check_pairs(const char *file, int n_src, uint64_t seed)
{
    const char *shared = getenv("WO_SHARED");
    char path[1024];
    wo_graph *g = NULL;
    wo_ch *ch = NULL;
    wo_ch_query *q = NULL;
    wo_sp *sp = NULL;
    wo_err err;
    wo_rng r;
    uint32_t stop[25];
    int s, k, rc;
    long checked = 0;
    snprintf(path, sizeof path, "%s/geo/osm/%s", shared, file);
    rc = wo_osm_import(path, NULL, &g, NULL, &err);
    if (rc == WO_EIO)
        return -1;
    assert_int_equal(rc, WO_OK);
    assert_int_equal(wo_ch_build(g, &ch, NULL, NULL, &err), WO_OK);
    assert_int_equal(wo_ch_query_new(ch, &q, NULL), WO_OK);
    assert_int_equal(wo_sp_new(g, &sp, NULL), WO_OK);
    wo_rng_seed(&r, seed);
    for (s = 0; s < n_src; s++) {
        wo_endpoint es = node_ep(wo_rng_below(&r, g->n_nodes));
        for (k = 0; k < 25; k++)
            stop[k] = wo_rng_below(&r, g->n_nodes);
        wo_sp_run(sp, &es, stop, 25);
        for (k = 0; k < 25; k++) {
            wo_endpoint et = node_ep(stop[k]);
            wo_weight d = wo_sp_dist(sp, stop[k]);
            uint32_t a = es.seed[0].node, b = stop[k];
            assert_true(d != WO_W_INF);
            assert_true(wo_ch_query_run(q, &es, &et) == d);
            assert_true((double)wo_w_dist_mm(d) / 1000.0 >=
                        wo_haversine_m(g->lon_deg[a], g->lat_deg[a],
                                       g->lon_deg[b], g->lat_deg[b]));
            checked++;
        }
    }
    wo_sp_free(sp);
    wo_ch_query_free(q);
    wo_ch_free(ch);
    wo_graph_free(g);
    return checked;
}

/* 10,000 random pairs of the Andorra graph (400 random sources with 25
 * random targets each). */
static void test_ch_andorra_10000_pairs(void **state)
{
    long n;
    (void)state;
    if (!getenv("WO_SHARED")) {
        print_message("WO_SHARED is not set: Andorra CH test skipped\n");
        skip();
    }
    n = check_pairs("andorra.osm.pbf", 400, 2024);
    if (n < 0) {
        print_message("andorra.osm.pbf missing: CH test skipped\n");
        skip();
    }
    assert_int_equal(n, 10000);
}

/* 2,000 random pairs on each other extract. */
static void test_ch_other_extracts(void **state)
{
    static const char *const files[] = {"liechtenstein.osm.pbf",
                                        "london.osm.pbf", "munchen.osm.pbf"};
    size_t i;
    (void)state;
    if (!getenv("WO_SHARED"))
        skip();
    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        long n = check_pairs(files[i], 80, 7 + i);
        if (n >= 0)
            assert_int_equal(n, 2000);
    }
}

/* Packed weights: addition adds both parts, saturates on overflow. */
static void test_weight_pack(void **state)
{
    wo_weight a = wo_w_pack(1500, 20000), b = wo_w_pack(10, 5);
    (void)state;
    assert_true(wo_w_dur_ms(wo_w_add(a, b)) == 1510);
    assert_true(wo_w_dist_mm(wo_w_add(a, b)) == 20005);
    assert_true(wo_w_add(a, WO_W_INF) == WO_W_INF);
    assert_true(wo_w_add(wo_w_pack(0, WO_W_DIST_MASK), wo_w_pack(0, 1)) ==
                WO_W_INF);
    assert_true(wo_w_pack(1, 0) > wo_w_pack(0, WO_W_DIST_MASK));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weight_pack),
        cmocka_unit_test(test_ch_small_all_pairs),
        cmocka_unit_test(test_ch_zero_weight_chain),
        cmocka_unit_test(test_ch_m2m_endpoints),
        cmocka_unit_test(test_ch_andorra_10000_pairs),
        cmocka_unit_test(test_ch_other_extracts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
