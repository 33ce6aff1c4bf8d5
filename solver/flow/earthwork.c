/*
 * earthwork.c — cd_spoil earthwork balance: reuse before dumping, in
 * truckloads. See earthwork.h for the two stages.
 */
#define _POSIX_C_SOURCE 200809L
#include "solver/flow/earthwork.h"

#include "solver/flow/truckload.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void wo_earthwork_problem_init(wo_earthwork_problem *p)
{
    memset(p, 0, sizeof *p);
    p->truck_t = 20;
    p->cost_per_km = 5;
}

void wo_earthwork_result_free(wo_earthwork_result *r)
{
    if (!r)
        return;
    wo_free(r->reuse_t);
    wo_free(r->reuse_trips);
    wo_free(r->dump_t);
    wo_free(r->dump_trips);
    wo_free(r->unplaced_site_t);
    memset(r, 0, sizeof *r);
}

static int check(const wo_earthwork_problem *p, wo_err *err)
{
    int rc;
    if (p->nsurplus < 0 || p->nneed < 0 || p->ndump < 0 ||
        p->nsurplus > 100000 || p->nneed > 100000 || p->ndump > 100000 ||
        (p->nsurplus > 0 && !p->surplus_t) || (p->nneed > 0 && !p->need_t) ||
        (p->ndump > 0 && !p->dump_cap_t) ||
        (p->nsurplus > 0 && p->nneed > 0 && !p->dist_reuse_km) ||
        (p->nsurplus > 0 && p->ndump > 0 && !p->dist_dump_km))
        return wo_err_set(err, WO_EINVAL,
                          "earthwork: %d surplus x %d need x %d dump sites "
                          "with missing arrays",
                          p->nsurplus, p->nneed, p->ndump);
    if (!(p->truck_t > 0) || !isfinite(p->truck_t) || !(p->cost_per_km >= 0) ||
        !(p->cost_per_trip >= 0) || !isfinite(p->cost_per_km) ||
        !isfinite(p->cost_per_trip))
        return wo_err_set(err, WO_EINVAL,
                          "earthwork: truck %g t must be > 0 and costs (per "
                          "km %g, per trip %g) >= 0",
                          p->truck_t, p->cost_per_km, p->cost_per_trip);
    if ((rc = wo_truck_check(p->surplus_t, p->nsurplus, "surplus site", err)) ||
        (rc = wo_truck_check(p->need_t, p->nneed, "need site", err)) ||
        (rc = wo_truck_check(p->dump_cap_t, p->ndump, "disposal site capacity",
                             err)) ||
        (p->dump_fee_per_t &&
         (rc = wo_truck_check(p->dump_fee_per_t, p->ndump,
                              "disposal site fee", err))))
        return rc;
    return WO_OK;
}

typedef struct ew_model {
    wo_lp *lp;       /* the MIP                                    */
    int *reuse;      /* [ns * nn] q column of surplus -> need, -1  */
    int *dump;       /* [ns * nd] q column of surplus -> dump, -1  */
    int *left;       /* [ns] unplaced slack                        */
} ew_model;

static double min2(double a, double b) { return a < b ? a : b; }

/* Columns and rows of both stages (objective of stage 2 set later). */
static int build(const wo_earthwork_problem *p, ew_model *m)
{
    int ns = p->nsurplus, nn = p->nneed, nd = p->ndump, i, j, k;
    int nmax = (nn > nd ? nn : nd) + 1, *idx = NULL;
    double *val = NULL;
    char nm[64];
    int rc = WO_ENOMEM;
    m->lp = wo_lp_new("earthwork", WO_LP_MIN);
    m->reuse = wo_malloc(sizeof(int) * (size_t)(ns * nn + 1));
    m->dump = wo_malloc(sizeof(int) * (size_t)(ns * nd + 1));
    m->left = wo_malloc(sizeof(int) * (size_t)(ns + 1));
    idx = wo_malloc(sizeof(int) * (size_t)(nmax + ns + 1));
    val = wo_malloc(sizeof(double) * (size_t)(nmax + ns + 1));
    if (!m->lp || !m->reuse || !m->dump || !m->left || !idx || !val)
        goto out;
    for (i = 0; i < ns; i++) {
        for (j = 0; j < nn; j++) {
            double d = p->dist_reuse_km[i * nn + j];
            m->reuse[i * nn + j] = -1;
            if (!(d >= 0) || !isfinite(d))
                continue;
            snprintf(nm, sizeof nm, "s%d_n%d", i + 1, j + 1);
            if ((m->reuse[i * nn + j] = wo_truck_arc(
                     m->lp, nm, p->truck_t,
                     2 * d * p->cost_per_km + p->cost_per_trip, 0,
                     min2(p->surplus_t[i], p->need_t[j]))) < 0)
                goto out;
        }
        for (j = 0; j < nd; j++) {
            double d = p->dist_dump_km[i * nd + j];
            m->dump[i * nd + j] = -1;
            if (!(d >= 0) || !isfinite(d))
                continue;
            snprintf(nm, sizeof nm, "s%d_d%d", i + 1, j + 1);
            if ((m->dump[i * nd + j] = wo_truck_arc(
                     m->lp, nm, p->truck_t,
                     2 * d * p->cost_per_km + p->cost_per_trip,
                     p->dump_fee_per_t ? p->dump_fee_per_t[j] : 0,
                     min2(p->surplus_t[i], p->dump_cap_t[j]))) < 0)
                goto out;
        }
        snprintf(nm, sizeof nm, "unplaced_s%d", i + 1);
        if ((m->left[i] = wo_lp_add_col(m->lp, nm, WO_LP_CONT, 0, WO_LP_INF,
                                        0)) < 0)
            goto out;
    }
    for (i = 0; i < ns; i++) {
        k = 0;
        for (j = 0; j < nn; j++)
            if (m->reuse[i * nn + j] >= 0) {
                idx[k] = m->reuse[i * nn + j];
                val[k++] = 1;
            }
        for (j = 0; j < nd; j++)
            if (m->dump[i * nd + j] >= 0) {
                idx[k] = m->dump[i * nd + j];
                val[k++] = 1;
            }
        idx[k] = m->left[i];
        val[k++] = 1;
        snprintf(nm, sizeof nm, "move_s%d", i + 1);
        if (wo_lp_add_row(m->lp, nm, p->surplus_t[i], p->surplus_t[i], k, idx,
                          val) < 0)
            goto out;
    }
    for (j = 0; j < nn + nd; j++) {
        int reuse = j < nn, jj = reuse ? j : j - nn, nj = reuse ? nn : nd;
        const int *cols = reuse ? m->reuse : m->dump;
        k = 0;
        for (i = 0; i < ns; i++)
            if (cols[i * nj + jj] >= 0) {
                idx[k] = cols[i * nj + jj];
                val[k++] = 1;
            }
        snprintf(nm, sizeof nm, "%s%d", reuse ? "need_n" : "cap_d", jj + 1);
        if (wo_lp_add_row(m->lp, nm, -WO_LP_INF,
                          reuse ? p->need_t[jj] : p->dump_cap_t[jj], k, idx,
                          val) < 0)
            goto out;
    }
    rc = WO_OK;
out:
    wo_free(idx);
    wo_free(val);
    return rc;
}

/* Objective of a stage: 1 = place, then reuse; 2 = cost. */
static void stage_objective(const wo_earthwork_problem *p, ew_model *m,
                            int stage)
{
    int ns = p->nsurplus, nn = p->nneed, nd = p->ndump, i, j;
    for (i = 0; i < ns; i++) {
        for (j = 0; j < nn; j++) {
            int c = m->reuse[i * nn + j];
            double d = p->dist_reuse_km[i * nn + j];
            if (c < 0)
                continue;
            wo_lp_set_obj(m->lp, c, stage == 1 ? -1.0 : 0.0);
            wo_lp_set_obj(m->lp, c + 1,
                          stage == 1 ? 0.0
                                     : 2 * d * p->cost_per_km + p->cost_per_trip);
        }
        for (j = 0; j < nd; j++) {
            int c = m->dump[i * nd + j];
            double d = p->dist_dump_km[i * nd + j];
            if (c < 0)
                continue;
            wo_lp_set_obj(m->lp, c,
                          stage == 1 || !p->dump_fee_per_t
                              ? 0.0
                              : p->dump_fee_per_t[j]);
            wo_lp_set_obj(m->lp, c + 1,
                          stage == 1 ? 0.0
                                     : 2 * d * p->cost_per_km + p->cost_per_trip);
        }
        /* in stage 2 unplaced spoil is held by a row; its price keeps the
         * solver from using that row's tolerance to save a fee */
        wo_lp_set_obj(m->lp, m->left[i], stage == 1 ? 2.0 : 1e6);
    }
}

/* Hold a stage-1 total: sum of cols within [lb, ub]. */
static int hold(ew_model *m, const char *name, const int *cols, int n,
                double lb, double ub)
{
    int *idx = wo_malloc(sizeof(int) * (size_t)(n + 1)), k = 0, i, r;
    double *val = wo_malloc(sizeof(double) * (size_t)(n + 1));
    if (!idx || !val) {
        wo_free(idx);
        wo_free(val);
        return WO_ENOMEM;
    }
    for (i = 0; i < n; i++)
        if (cols[i] >= 0) {
            idx[k] = cols[i];
            val[k++] = 1;
        }
    r = wo_lp_add_row(m->lp, name, lb, ub, k, idx, val);
    wo_free(idx);
    wo_free(val);
    return r < 0 ? WO_ENOMEM : WO_OK;
}

int wo_earthwork_solve(const wo_earthwork_problem *p, wo_earthwork_result *r,
                       wo_err *err)
{
    int ns = p->nsurplus, nn = p->nneed, nd = p->ndump, k, rc;
    ew_model m;
    wo_lp_params lpp;
    wo_lp_result lr;
    double reused, left, tol, *x = NULL;
    memset(r, 0, sizeof *r);
    memset(&m, 0, sizeof m);
    if ((rc = check(p, err)))
        return rc;
    if ((rc = build(p, &m)))
        goto nomem;
    wo_lp_params_init(&lpp);
    lpp.time_limit_s = p->time_limit_s;
    lpp.node_limit = p->node_limit;
    stage_objective(p, &m, 1);
    if ((rc = wo_lp_solve(m.lp, &lpp, &lr, err)))
        goto out;
    r->status = lr.status;
    if (lr.status != WO_LP_OPTIMAL && lr.status != WO_LP_FEASIBLE)
        goto out;
    /* Stage 1's answer keeps the rows that hold its totals: it is the
     * answer when stage 2 is cut short by its limit before it finds one. */
    x = wo_malloc(sizeof *x * ((size_t)wo_lp_ncols(m.lp) + 1));
    if (!x)
        goto nomem;
    for (k = 0; k < wo_lp_ncols(m.lp); k++)
        x[k] = wo_lp_value(m.lp, k);
    reused = wo_truck_sum(m.lp, m.reuse, ns * nn);
    left = wo_truck_sum(m.lp, m.left, ns);
    tol = 1e-9 * (1 + reused + left);
    if ((rc = hold(&m, "hold_reuse", m.reuse, ns * nn, reused - tol,
                   WO_LP_INF)) ||
        (rc = hold(&m, "hold_unplaced", m.left, ns, -WO_LP_INF, left + tol)))
        goto nomem;
    stage_objective(p, &m, 2);
    if (p->write_lp && (rc = wo_lp_write_lp(m.lp, p->write_lp, err)))
        goto out;
    if (p->write_mps && (rc = wo_lp_write_mps(m.lp, p->write_mps, err)))
        goto out;
    if ((rc = wo_lp_solve(m.lp, &lpp, &lr, err)))
        goto out;
    if (lr.status == WO_LP_OPTIMAL || lr.status == WO_LP_FEASIBLE) {
        r->status = lr.status;
        for (k = 0; k < wo_lp_ncols(m.lp); k++)
            x[k] = wo_lp_value(m.lp, k);
    } else {
        r->status = WO_LP_FEASIBLE; /* stage 1's answer */
    }
    r->reuse_t = wo_calloc((size_t)(ns * nn + 1), sizeof(double));
    r->reuse_trips = wo_calloc((size_t)(ns * nn + 1), sizeof(int));
    r->dump_t = wo_calloc((size_t)(ns * nd + 1), sizeof(double));
    r->dump_trips = wo_calloc((size_t)(ns * nd + 1), sizeof(int));
    r->unplaced_site_t = wo_calloc((size_t)(ns + 1), sizeof(double));
    if (!r->reuse_t || !r->reuse_trips || !r->dump_t || !r->dump_trips ||
        !r->unplaced_site_t) {
        rc = WO_ENOMEM;
        goto nomem;
    }
    for (k = 0; k < ns * nn; k++)
        if (m.reuse[k] >= 0) {
            r->reuse_t[k] = x[m.reuse[k]];
            r->reuse_trips[k] = (int)lround(x[m.reuse[k] + 1]);
            r->reused_t += r->reuse_t[k];
            r->cost += r->reuse_trips[k] *
                       (2 * p->dist_reuse_km[k] * p->cost_per_km +
                        p->cost_per_trip);
        }
    for (k = 0; k < ns * nd; k++)
        if (m.dump[k] >= 0) {
            r->dump_t[k] = x[m.dump[k]];
            r->dump_trips[k] = (int)lround(x[m.dump[k] + 1]);
            r->dumped_t += r->dump_t[k];
            r->cost += r->dump_trips[k] *
                           (2 * p->dist_dump_km[k] * p->cost_per_km +
                            p->cost_per_trip) +
                       r->dump_t[k] *
                           (p->dump_fee_per_t ? p->dump_fee_per_t[k % nd] : 0);
        }
    for (k = 0; k < ns; k++) {
        r->unplaced_site_t[k] = x[m.left[k]];
        r->unplaced_t += r->unplaced_site_t[k];
    }
    rc = WO_OK;
    goto out;
nomem:
    rc = wo_err_set(err, WO_ENOMEM, "out of memory (earthwork MIP)");
out:
    if (rc)
        wo_earthwork_result_free(r);
    wo_lp_free(m.lp);
    wo_free(m.reuse);
    wo_free(m.dump);
    wo_free(m.left);
    wo_free(x);
    return rc;
}
