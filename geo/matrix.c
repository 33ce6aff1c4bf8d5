/*
 * matrix.c — distance/duration matrices by CH, Dijkstra or great circle.
 * See matrix.h.
 */
#include "geo/matrix.h"

#include <math.h>
#include <string.h>
#include <strings.h>

void wo_matrix_opts_init(wo_matrix_opts *o)
{
    o->algo = WO_MATRIX_CH;
    o->circuity = WO_CIRCUITY_CHONGQING;
    o->fallback_kmh = WO_FALLBACK_KMH;
    o->max_snap_m = 1000;
    o->allow_far = 0;
    o->n_threads = 2;
}

int wo_matrix_algo_parse(const char *s, wo_matrix_algo *out)
{
    if (!strcasecmp(s, "ch"))
        *out = WO_MATRIX_CH;
    else if (!strcasecmp(s, "dijkstra"))
        *out = WO_MATRIX_DIJKSTRA;
    else if (!strcasecmp(s, "great-circle") || !strcasecmp(s, "gc"))
        *out = WO_MATRIX_GREAT_CIRCLE;
    else
        return WO_EINVAL;
    return WO_OK;
}

void wo_matrix_free(wo_matrix *m)
{
    if (!m)
        return;
    wo_free(m->dist_m);
    wo_free(m->dur_s);
    wo_free(m->src_snap);
    wo_free(m->dst_snap);
    wo_free(m->src_far);
    wo_free(m->dst_far);
    wo_free(m);
}

/* Snap n points; far ones are flagged, or listed in an error. */
static int snap_all(const wo_snap_index *ix, const wo_matrix_opts *o,
                    const char *what, size_t n, const double *lon,
                    const double *lat, const char *const *ids, wo_snap *out,
                    uint8_t *far, size_t *n_far, wo_err *err)
{
    wo_buf msg;
    size_t i, bad = 0;
    int rc = WO_OK;
    wo_buf_init(&msg, 600);
    for (i = 0; i < n; i++) {
        rc = wo_snap_point(ix, lon[i], lat[i], &out[i], err);
        if (rc) {
            if (ids)
                wo_err_prefix(err, "%s '%s'", what, ids[i]);
            else
                wo_err_prefix(err, "%s #%zu", what, i + 1);
            goto out;
        }
        if (o->max_snap_m > 0 && out[i].snap_m > o->max_snap_m) {
            far[i] = 1;
            (*n_far)++;
            if (bad++ < 8) {
                if (ids)
                    (void)wo_buf_printf(&msg, " '%s' (%.0f m)", ids[i],
                                        out[i].snap_m);
                else
                    (void)wo_buf_printf(&msg, " #%zu (%.0f m)", i + 1,
                                        out[i].snap_m);
            }
        }
    }
    if (bad && !o->allow_far) {
        const char *list = wo_buf_cstr(&msg);
        rc = wo_err_set(err, WO_ERANGE,
                        "%zu %s point(s) are farther than %.0f m from any road "
                        "of the graph (outside the graph?):%s%s",
                        bad, what, o->max_snap_m, list ? list : "",
                        bad > 8 ? " ..." : "");
    }
out:
    wo_buf_free(&msg);
    return rc;
}

/* Fill the doubles of m from packed weights, with the same-segment
 * shortcut applied. */
static void unpack(const wo_graph *g, wo_matrix *m, const wo_weight *w)
{
    size_t i, j;
    for (i = 0; i < m->n_src; i++)
        for (j = 0; j < m->n_dst; j++) {
            size_t k = i * m->n_dst + j;
            wo_weight x = w[k],
                      d = wo_snap_direct(g, &m->src_snap[i], &m->dst_snap[j]);
            if (d < x)
                x = d;
            if (x == WO_W_INF) {
                m->dist_m[k] = INFINITY;
                m->dur_s[k] = INFINITY;
                m->n_unreachable++;
            } else {
                m->dist_m[k] = (double)wo_w_dist_mm(x) / 1000.0;
                m->dur_s[k] = (double)wo_w_dur_ms(x) / 1000.0;
            }
        }
}

int wo_matrix_compute(const wo_graph *g, const wo_snap_index *ix,
                      const wo_ch *ch, const wo_matrix_opts *opts, size_t n_src,
                      const double *src_lon, const double *src_lat,
                      const char *const *src_ids, size_t n_dst,
                      const double *dst_lon, const double *dst_lat,
                      const char *const *dst_ids, wo_matrix **out, wo_err *err)
{
    wo_matrix_opts defaults;
    wo_matrix *m = NULL;
    wo_snap_index *own_ix = NULL;
    wo_ch *own_ch = NULL;
    wo_ch_stats st;
    wo_endpoint *se = NULL, *de = NULL;
    wo_weight *w = NULL;
    size_t cells, i, j;
    int rc;
    *out = NULL;
    if (!opts) {
        wo_matrix_opts_init(&defaults);
        opts = &defaults;
    }
    if (!wo_mul_ok(n_src, n_dst, &cells) ||
        !wo_mul_ok(cells, sizeof(double), &i))
        return wo_err_set(err, WO_ETOOBIG, "matrix of %zu x %zu is too large",
                          n_src, n_dst);
    if (opts->algo == WO_MATRIX_GREAT_CIRCLE &&
        (!(opts->circuity >= 1) || !(opts->circuity <= 10) ||
         !(opts->fallback_kmh > 0)))
        return wo_err_set(err, WO_EINVAL,
                          "circuity factor %g (expected 1..10) or fallback "
                          "speed %g km/h (expected > 0) is invalid",
                          opts->circuity, opts->fallback_kmh);
    if (opts->algo != WO_MATRIX_GREAT_CIRCLE && !g)
        return wo_err_set(err, WO_EINVAL,
                          "a road graph is needed for CH or Dijkstra "
                          "matrices");
    m = wo_calloc(1, sizeof *m);
    if (!m)
        goto oom;
    m->n_src = n_src;
    m->n_dst = n_dst;
    m->dist_m = wo_malloc((cells + 1) * sizeof *m->dist_m);
    m->dur_s = wo_malloc((cells + 1) * sizeof *m->dur_s);
    m->src_far = wo_calloc(n_src + 1, 1);
    m->dst_far = wo_calloc(n_dst + 1, 1);
    if (!m->dist_m || !m->dur_s || !m->src_far || !m->dst_far)
        goto oom;
    if (opts->algo == WO_MATRIX_GREAT_CIRCLE) {
        double mps = opts->fallback_kmh / 3.6;
        for (i = 0; i < n_src; i++)
            for (j = 0; j < n_dst; j++) {
                double d = wo_haversine_m(src_lon[i], src_lat[i], dst_lon[j],
                                          dst_lat[j]) *
                           opts->circuity;
                m->dist_m[i * n_dst + j] = d;
                m->dur_s[i * n_dst + j] = d / mps;
            }
        *out = m;
        return WO_OK;
    }
    if (!ix) {
        rc = wo_snap_index_new(g, &own_ix, err);
        if (rc)
            goto fail;
        ix = own_ix;
    }
    m->src_snap = wo_calloc(n_src + 1, sizeof *m->src_snap);
    m->dst_snap = wo_calloc(n_dst + 1, sizeof *m->dst_snap);
    se = wo_calloc(n_src + 1, sizeof *se);
    de = wo_calloc(n_dst + 1, sizeof *de);
    w = wo_malloc((cells + 1) * sizeof *w);
    if (!m->src_snap || !m->dst_snap || !se || !de || !w)
        goto oom;
    rc = snap_all(ix, opts, "source", n_src, src_lon, src_lat, src_ids,
                  m->src_snap, m->src_far, &m->n_far, err);
    if (rc)
        goto fail;
    rc = snap_all(ix, opts, "target", n_dst, dst_lon, dst_lat, dst_ids,
                  m->dst_snap, m->dst_far, &m->n_far, err);
    if (rc)
        goto fail;
    for (i = 0; i < n_src; i++)
        wo_snap_source(g, &m->src_snap[i], &se[i]);
    for (j = 0; j < n_dst; j++)
        wo_snap_target(g, &m->dst_snap[j], &de[j]);
    if (opts->algo == WO_MATRIX_CH) {
        if (!ch) {
            rc = wo_ch_build(g, &own_ch, &st, NULL, err);
            if (rc)
                goto fail;
            m->ch_seconds = st.seconds;
            ch = own_ch;
        }
        rc = wo_ch_many_to_many(ch, se, n_src, de, n_dst, opts->n_threads, w,
                                err);
    } else {
        rc = wo_sp_many_to_many(g, se, n_src, de, n_dst, opts->n_threads, w,
                                err);
    }
    if (rc)
        goto fail;
    unpack(g, m, w);
    *out = m;
    m = NULL;
    rc = WO_OK;
    goto done;
oom:
    rc = wo_err_set(err, WO_ENOMEM, "out of memory for a %zu x %zu matrix",
                    n_src, n_dst);
fail:
    wo_matrix_free(m);
done:
    wo_snap_index_free(own_ix);
    wo_ch_free(own_ch);
    wo_free(se);
    wo_free(de);
    wo_free(w);
    return rc;
}
