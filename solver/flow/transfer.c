/*
 * transfer.c — transfer stations -> plants as an integer truckload
 * transportation MIP. See transfer.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "solver/flow/transfer.h"

#include "solver/flow/truckload.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void wo_transfer_problem_init(wo_transfer_problem *p)
{
    memset(p, 0, sizeof *p);
    p->trailer_t = 20;
    p->cost_per_km = 6;
    p->penalty_per_t = 1e5;
}

void wo_transfer_result_free(wo_transfer_result *r)
{
    if (!r)
        return;
    wo_free(r->q_t);
    wo_free(r->trips);
    wo_free(r->unshipped_t);
    wo_free(r->viol);
    memset(r, 0, sizeof *r);
}

static int check(const wo_transfer_problem *p, wo_err *err)
{
    int rc, k;
    if (p->nstations < 0 || p->nplants < 0 || p->nstations > 100000 ||
        p->nplants > 100000 ||
        (p->nstations > 0 && p->nplants > 0 && !p->dist_km) ||
        (p->nstations > 0 && !p->load_t) || (p->nplants > 0 && !p->intake_t))
        return wo_err_set(err, WO_EINVAL,
                          "transfer: %d stations x %d plants with missing "
                          "arrays",
                          p->nstations, p->nplants);
    if (!(p->trailer_t > 0) || !isfinite(p->trailer_t))
        return wo_err_set(err, WO_EINVAL,
                          "transfer: trailer payload %g t must be > 0",
                          p->trailer_t);
    if (!(p->cost_per_km >= 0) || !(p->cost_per_trip >= 0) ||
        !(p->penalty_per_t > 0) || !isfinite(p->cost_per_km) ||
        !isfinite(p->cost_per_trip) || !isfinite(p->penalty_per_t))
        return wo_err_set(err, WO_EINVAL,
                          "transfer: costs must be finite and >= 0 (per km "
                          "%g, per trip %g, penalty %g)",
                          p->cost_per_km, p->cost_per_trip, p->penalty_per_t);
    if ((rc = wo_truck_check(p->load_t, p->nstations, "transfer station",
                             err)) ||
        (rc = wo_truck_check(p->intake_t, p->nplants, "plant intake", err)))
        return rc;
    if (!(p->incin_min >= 0 && p->incin_min <= 1))
        return wo_err_set(err, WO_EINVAL,
                          "transfer: incineration share %g must be in 0..1",
                          p->incin_min);
    if (!(p->emergency_per_t >= 0) || !isfinite(p->emergency_per_t))
        return wo_err_set(err, WO_EINVAL,
                          "transfer: emergency price %g must be finite and "
                          ">= 0",
                          p->emergency_per_t);
    for (k = 0; p->proc_cost_per_t && k < p->nplants; k++)
        if (!isfinite(p->proc_cost_per_t[k]))
            return wo_err_set(err, WO_EINVAL,
                              "transfer: processing cost of plant %d is not "
                              "finite",
                              k + 1);
    for (k = 0; k < p->nstations * p->nplants; k++)
        if (isnan(p->dist_km[k]) || isinf(p->dist_km[k]))
            return wo_err_set(err, WO_EINVAL,
                              "transfer: distance station %d -> plant %d is "
                              "not finite",
                              k / p->nplants + 1, k % p->nplants + 1);
    return WO_OK;
}

static int restricted(const wo_transfer_problem *p, int q)
{
    return p->restricted && p->restricted[q];
}

/* Processing cost less revenue per tonne at plant q, with the emergency
 * price of a restricted plant. */
static double proc_cost(const wo_transfer_problem *p, int q)
{
    return (p->proc_cost_per_t ? p->proc_cost_per_t[q] : 0) +
           (restricted(p, q) ? p->emergency_per_t : 0);
}

static int incinerates(const wo_transfer_problem *p, int q)
{
    return p->incinerates && p->incinerates[q];
}

/* The row sum_{s, p incinerates} q_sp + short >= incin_min * sum_sp q_sp;
 * returns the column of `short`, or -1 on out of memory. */
static int add_incin_row(wo_lp *lp, const wo_transfer_problem *p,
                         const int *col, int *idx, double *val)
{
    int k, n = 0, sh;
    sh = wo_lp_add_col(lp, "incin_short", WO_LP_CONT, 0, WO_LP_INF,
                       p->penalty_per_t);
    if (sh < 0)
        return -1;
    for (k = 0; k < p->nstations * p->nplants; k++)
        if (col[k] >= 0) {
            idx[n] = col[k];
            val[n++] = (incinerates(p, k % p->nplants) ? 1.0 : 0.0) -
                       p->incin_min;
        }
    idx[n] = sh;
    val[n++] = 1;
    if (wo_lp_add_row(lp, "incin_min", 0, WO_LP_INF, n, idx, val) < 0)
        return -1;
    return sh;
}

/* Tonnes the result sends to plant q. */
static double plant_load(const wo_transfer_problem *p,
                         const wo_transfer_result *r, int q)
{
    double load = 0;
    int s;
    for (s = 0; s < p->nstations; s++)
        load += r->q_t[s * p->nplants + q];
    return load;
}

/* Append plant q with its intake used of its limit to v. */
static void plant_site(const wo_transfer_problem *p,
                       const wo_transfer_result *r, int q, const char *sep,
                       wo_net_violation *v)
{
    char nm[32];
    snprintf(nm, sizeof nm, "plant %d", q + 1);
    wo_net_viol_site(v, sep, p->plant_id ? p->plant_id[q] : nm,
                     plant_load(p, r, q), p->intake_t[q]);
}

/* A new named violation of r (room for two); NULL on out of memory. */
static wo_net_violation *new_viol(wo_transfer_result *r)
{
    if (!r->viol && !(r->viol = wo_calloc(2, sizeof *r->viol)))
        return NULL;
    return &r->viol[r->nviol++];
}

/* Name the tonnes sent to restricted plants: the rule, each plant with
 * what it took, and the plants the rule allows with their intake used. */
static int name_restricted(const wo_transfer_problem *p,
                           wo_transfer_result *r)
{
    int q, any = 0;
    char nm[32];
    wo_net_violation *v = new_viol(r);
    if (!v)
        return WO_ENOMEM;
    v->kind = WO_VIOL_RAW_LANDFILL;
    v->stream = -1;
    v->node = -1;
    v->amount_t_d = r->restricted_t;
    wo_net_viol_append(v, "%s: %.2f t of stream %s sent where the rule "
                       "forbids it",
                       p->rule ? p->rule : "policy", r->restricted_t,
                       p->stream ? p->stream : "?");
    if (p->emergency_per_t > 0)
        wo_net_viol_append(v, ", as an emergency at %.0f per t (%.0f):",
                           p->emergency_per_t,
                           p->emergency_per_t * r->restricted_t);
    else
        wo_net_viol_append(v, " (reported):");
    for (q = 0; q < p->nplants; q++) {
        double load = plant_load(p, r, q);
        snprintf(nm, sizeof nm, "plant %d", q + 1);
        if (restricted(p, q) && load > 1e-9)
            wo_net_viol_append(v, "%s %s took %.2f t", any++ ? ";" : "",
                               p->plant_id ? p->plant_id[q] : nm, load);
    }
    wo_net_viol_append(v, "; allowed plants:");
    for (q = 0, any = 0; q < p->nplants; q++)
        if (!restricted(p, q))
            plant_site(p, r, q, any++ ? ";" : "", v);
    if (!any)
        wo_net_viol_append(v, " none accepts it");
    return WO_OK;
}

/* Name the shortfall of the incineration target: the stream, the share
 * reached and each incinerator with its intake used of its limit. */
static int name_incin_short(const wo_transfer_problem *p,
                            wo_transfer_result *r, double short_t)
{
    int q, any = 0;
    wo_net_violation *v = new_viol(r);
    if (!v)
        return WO_ENOMEM;
    v->kind = WO_VIOL_INCINERATION;
    v->stream = -1;
    v->node = -1;
    v->amount_t_d = short_t;
    wo_net_viol_append(v,
                       "incineration rate target %.1f %% not met for stream "
                       "%s: %.1f %% reached, short by %.2f t/d:",
                       100 * p->incin_min, p->stream ? p->stream : "?",
                       100 * (r->incin_rate > 0 ? r->incin_rate : 0), short_t);
    for (q = 0; q < p->nplants; q++)
        if (incinerates(p, q))
            plant_site(p, r, q, any++ ? ";" : "", v);
    if (!any)
        wo_net_viol_append(v, " no incinerator accepts it");
    return WO_OK;
}

int wo_transfer_solve(const wo_transfer_problem *p, wo_transfer_result *r,
                      wo_err *err)
{
    int ns = p->nstations, np = p->nplants, s, q, k, rc;
    int *col = NULL, *idx = NULL, *uns = NULL, sh = -1;
    size_t nidx;
    double *val = NULL, shipped = 0, incin = 0;
    wo_lp *lp = NULL;
    wo_lp_params lpp;
    wo_lp_result lr;
    char nm[64];
    memset(r, 0, sizeof *r);
    if ((rc = check(p, err)))
        return rc;
    lp = wo_lp_new("transfer", WO_LP_MIN);
    col = wo_malloc(sizeof(int) * (size_t)(ns * np + 1));
    uns = wo_malloc(sizeof(int) * (size_t)(ns + 1));
    nidx = (size_t)(2 * (ns + np) + 2);
    if ((size_t)(ns * np + 1) > nidx)
        nidx = (size_t)(ns * np + 1);
    idx = wo_malloc(sizeof(int) * nidx);
    val = wo_malloc(sizeof(double) * nidx);
    if (!lp || !col || !uns || !idx || !val)
        goto nomem;
    for (s = 0; s < ns; s++)
        for (q = 0; q < np; q++) {
            double d = p->dist_km[s * np + q];
            col[s * np + q] = -1;
            if (d < 0)
                continue;
            snprintf(nm, sizeof nm, "s%d_p%d", s + 1, q + 1);
            col[s * np + q] = wo_truck_arc(
                lp, nm, p->trailer_t, 2 * d * p->cost_per_km + p->cost_per_trip,
                proc_cost(p, q),
                p->load_t[s] < p->intake_t[q] ? p->load_t[s] : p->intake_t[q]);
            if (col[s * np + q] < 0)
                goto nomem;
        }
    for (s = 0; s < ns; s++) {
        snprintf(nm, sizeof nm, "unshipped_s%d", s + 1);
        uns[s] = wo_lp_add_col(lp, nm, WO_LP_CONT, 0, WO_LP_INF,
                               p->penalty_per_t);
        if (uns[s] < 0)
            goto nomem;
        k = 0;
        for (q = 0; q < np; q++)
            if (col[s * np + q] >= 0) {
                idx[k] = col[s * np + q];
                val[k++] = 1;
            }
        idx[k] = uns[s];
        val[k++] = 1;
        snprintf(nm, sizeof nm, "ship_s%d", s + 1);
        if (wo_lp_add_row(lp, nm, p->load_t[s], p->load_t[s], k, idx, val) < 0)
            goto nomem;
    }
    for (q = 0; q < np; q++) {
        int kt = 0, *tidx = idx + ns + 1;
        double *tval = val + ns + 1;
        k = 0;
        for (s = 0; s < ns; s++)
            if (col[s * np + q] >= 0) {
                idx[k] = col[s * np + q];
                val[k++] = 1;
                tidx[kt] = col[s * np + q] + 1;
                tval[kt++] = 1;
            }
        snprintf(nm, sizeof nm, "intake_p%d", q + 1);
        if (wo_lp_add_row(lp, nm, -WO_LP_INF, p->intake_t[q], k, idx, val) < 0)
            goto nomem;
        if (p->max_trips && p->max_trips[q] > 0) {
            snprintf(nm, sizeof nm, "slots_p%d", q + 1);
            if (wo_lp_add_row(lp, nm, -WO_LP_INF, p->max_trips[q], kt, tidx,
                              tval) < 0)
                goto nomem;
        }
    }
    if (p->incin_min > 0 && (sh = add_incin_row(lp, p, col, idx, val)) < 0)
        goto nomem;
    if (p->write_lp && (rc = wo_lp_write_lp(lp, p->write_lp, err)))
        goto out;
    if (p->write_mps && (rc = wo_lp_write_mps(lp, p->write_mps, err)))
        goto out;
    wo_lp_params_init(&lpp);
    lpp.time_limit_s = p->time_limit_s;
    lpp.node_limit = p->node_limit;
    if ((rc = wo_lp_solve(lp, &lpp, &lr, err)))
        goto out;
    r->status = lr.status;
    r->obj = lr.obj;
    r->bound = lr.bound;
    if (lr.status == WO_LP_OPTIMAL || lr.status == WO_LP_FEASIBLE) {
        r->q_t = wo_calloc((size_t)(ns * np + 1), sizeof(double));
        r->trips = wo_calloc((size_t)(ns * np + 1), sizeof(int));
        r->unshipped_t = wo_calloc((size_t)(ns + 1), sizeof(double));
        if (!r->q_t || !r->trips || !r->unshipped_t)
            goto nomem;
        for (k = 0; k < ns * np; k++) {
            if (col[k] < 0)
                continue;
            r->q_t[k] = wo_lp_value(lp, col[k]);
            r->trips[k] = (int)lround(wo_lp_value(lp, col[k] + 1));
            r->total_trips += r->trips[k];
            r->cost += r->trips[k] *
                       (2 * p->dist_km[k] * p->cost_per_km + p->cost_per_trip);
            r->proc_cost += r->q_t[k] * (proc_cost(p, k % np) -
                                         (restricted(p, k % np)
                                              ? p->emergency_per_t
                                              : 0));
            if (restricted(p, k % np))
                r->restricted_t += r->q_t[k];
            shipped += r->q_t[k];
            if (incinerates(p, k % np))
                incin += r->q_t[k];
        }
        for (s = 0; s < ns; s++)
            r->unshipped_t[s] = wo_lp_value(lp, uns[s]);
        r->incin_rate = shipped > 1e-9 ? incin / shipped : -1;
        if (sh >= 0 && wo_lp_value(lp, sh) > 1e-6 &&
            name_incin_short(p, r, wo_lp_value(lp, sh)) != WO_OK)
            goto nomem;
        if (r->restricted_t > 1e-6 && name_restricted(p, r) != WO_OK)
            goto nomem;
    }
    rc = WO_OK;
    goto out;
nomem:
    rc = wo_err_set(err, WO_ENOMEM, "out of memory (transfer MIP)");
out:
    if (rc)
        wo_transfer_result_free(r);
    wo_lp_free(lp);
    wo_free(col);
    wo_free(uns);
    wo_free(idx);
    wo_free(val);
    return rc;
}
