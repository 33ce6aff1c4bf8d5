/* Unit tests of the time-window segments (solver/vrp/tws.c) that the local
 * search bounds rich moves with: on random rich routes (windows, some of
 * two, breaks, one or two facilities, release dates, two vehicle types) the
 * least time warp of a route's segment never exceeds the time warp of its
 * drive (vrp_eval_route); with single windows and no break, facility,
 * release date or shift length it equals it; and joining the segments of
 * any cut of a route gives the segment of the whole (what the stored
 * head and tail segments of the local search rely on). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "base/rng.h"
#include "solver/vrp/internal.h"
#include "tests/support/vrp_gen.h"

#define TWS_SEEDS 300
#define TWS_ROUTES 20

/* A random order of a random non-empty subset of the stops into seq;
 * returns its length. */
static int random_route(wo_rng *r, int n_stops, int *seq)
{
    int k, len = 1 + (int)wo_rng_below(r, (uint32_t)n_stops);
    for (k = 0; k < n_stops; k++)
        seq[k] = k;
    for (k = 0; k < len; k++) {
        int j = k + (int)wo_rng_below(r, (uint32_t)(n_stops - k)), x = seq[k];
        seq[k] = seq[j];
        seq[j] = x;
    }
    return len;
}

/* Tighter windows than the generator's, so that many routes warp: each
 * stop with windows keeps them shifted and cut to at most an hour. */
static void tighten(vrp_gen *g, wo_rng *r)
{
    int i, w;
    for (i = 0; i < g->pb.n_stops; i++) {
        wo_vrp_stop *st = &g->stops[i];
        for (w = 0; w < st->n_tw; w++)
            if (st->tw[w].close_s - st->tw[w].open_s > 3600.0)
                st->tw[w].close_s = st->tw[w].open_s + 1800.0 +
                                    (double)wo_rng_below(r, 1800);
    }
}

/* The segment of seq[from..to) on type t, stop after stop (no depot). */
static vrp_tws fold(const vrp_ctx *c, int t, const int *seq, int from,
                    int to)
{
    vrp_tws acc, one;
    int k;
    vrp_tws_stop(c, seq[from], &acc);
    for (k = from + 1; k < to; k++) {
        vrp_tws_stop(c, seq[k], &one);
        vrp_tws_join(&acc, &acc,
                     vrp_travel_s(c->pb, t, c->pb->stops[seq[k - 1]].loc,
                                  c->pb->stops[seq[k]].loc),
                     &one);
    }
    return acc;
}

/* The context of g under prm (kept by the context: the caller's). */
static void init_ctx(vrp_ctx *c, const vrp_gen *g, wo_vrp_params *prm)
{
    wo_err e;
    wo_vrp_params_init(prm);
    prm->max_iterations = 1;
    assert_int_equal(vrp_ctx_init(c, &g->pb, prm, &e), WO_OK);
}

/* TWS_ROUTES random routes of g (context c) driven and bounded: fails
 * when a segment's warp is above the drive's, or (exact) differs from it;
 * returns how many bounds were above one second. */
static int compare_routes(vrp_ctx *c, const vrp_gen *g, wo_rng *r,
                          uint64_t seed, int exact)
{
    int seq[VRP_GEN_MAX_STOPS], k, n_pos = 0;
    for (k = 0; k < TWS_ROUTES; k++) {
        int t = (int)wo_rng_below(r, (uint32_t)g->pb.n_types);
        int len = random_route(r, g->pb.n_stops, seq);
        vrp_eval ev;
        double lb = vrp_tws_route(c, t, seq, len);
        vrp_eval_route(c, t, seq, len, &ev);
        if (lb > ev.tw_s + 1e-6 || (exact && fabs(lb - ev.tw_s) > 1e-6))
            fail_msg("seed %lu route %d: segment warp %.3f, drive %.3f",
                     (unsigned long)seed, k, lb, ev.tw_s);
        n_pos += lb > 1.0;
    }
    return n_pos;
}

/* Only what the segments relax left out of g: single windows, no break,
 * no facility (so no unload), no shift length, no release date. */
static void strip_extras(vrp_gen *g)
{
    int i;
    g->pb.n_facilities = 0;
    for (i = 0; i < g->pb.n_stops; i++)
        if (g->stops[i].n_tw > 1)
            g->stops[i].n_tw = 1;
    for (i = 0; i < g->pb.n_types; i++) {
        g->types[i].break_s = 0;
        g->types[i].max_duration_s = 0;
    }
}

/* Random routes on TWS_SEEDS random instances: rich ones with release
 * dates (exact 0), or stripped of what the segments relax (exact 1);
 * returns how many bounds were above one second. */
static int compare_instances(int exact)
{
    uint64_t seed;
    int n_pos = 0;
    for (seed = 1; seed <= TWS_SEEDS; seed++) {
        vrp_gen g;
        vrp_gen_opts o;
        vrp_ctx c;
        wo_vrp_params prm;
        wo_rng r;
        int i;
        wo_rng_seed(&r, seed + (exact ? 1000 : 0));
        vrp_gen_random_opts(seed, 1, VRP_GEN_MAX_STOPS, &o);
        o.time_windows = 1;
        if (exact) {
            o.breaks = 0;
            o.two_streams = 0;
            o.facility_cap = 0;
        }
        vrp_gen_make(&g, seed, &o);
        tighten(&g, &r);
        if (exact)
            strip_extras(&g);
        else
            for (i = 0; i < g.pb.n_stops; i++)
                if (wo_rng_below(&r, 4) == 0)
                    g.stops[i].release_s =
                        6 * 3600.0 + (double)wo_rng_below(&r, 4 * 3600);
        init_ctx(&c, &g, &prm);
        n_pos += compare_routes(&c, &g, &r, seed, exact);
        vrp_ctx_free(&c);
    }
    return n_pos;
}

static void test_bound_below_drive(void **state)
{
    (void)state;
    /* the bound says something on a good share of the routes */
    assert_true(compare_instances(0) * 5 > TWS_SEEDS * TWS_ROUTES);
}

static void test_exact_without_extras(void **state)
{
    (void)state;
    assert_true(compare_instances(1) > 100);
}

static void test_join_any_cut(void **state)
{
    uint64_t seed;
    (void)state;
    for (seed = 1; seed <= TWS_SEEDS; seed++) {
        vrp_gen g;
        vrp_gen_opts o;
        vrp_ctx c;
        wo_vrp_params prm;
        wo_rng r;
        int seq[VRP_GEN_MAX_STOPS], k;
        wo_rng_seed(&r, seed + 2000);
        vrp_gen_random_opts(seed, 2, VRP_GEN_MAX_STOPS, &o);
        o.time_windows = 1;
        vrp_gen_make(&g, seed, &o);
        tighten(&g, &r);
        init_ctx(&c, &g, &prm);
        for (k = 0; k < TWS_ROUTES; k++) {
            int t = (int)wo_rng_below(&r, (uint32_t)g.pb.n_types);
            int len = random_route(&r, g.pb.n_stops, seq), cut;
            vrp_tws whole, head, tail, joined;
            if (len < 2)
                continue;
            cut = 1 + (int)wo_rng_below(&r, (uint32_t)(len - 1));
            whole = fold(&c, t, seq, 0, len);
            head = fold(&c, t, seq, 0, cut);
            tail = fold(&c, t, seq, cut, len);
            vrp_tws_join(&joined, &head,
                         vrp_travel_s(c.pb, t, g.stops[seq[cut - 1]].loc,
                                      g.stops[seq[cut]].loc),
                         &tail);
            assert_float_equal(joined.tw_s, whole.tw_s, 1e-6);
            assert_float_equal(joined.dur_s, whole.dur_s, 1e-6);
            assert_float_equal(joined.early_s, whole.early_s, 1e-6);
            assert_float_equal(joined.late_s, whole.late_s, 1e-6);
        }
        vrp_ctx_free(&c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bound_below_drive),
        cmocka_unit_test(test_exact_without_extras),
        cmocka_unit_test(test_join_any_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
