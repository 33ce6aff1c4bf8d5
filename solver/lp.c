/*
 * lp.c — the only file of wasteopt that calls GLPK. Builds LP/MIP models,
 * solves them with glp_simplex / glp_intopt, exposes node callbacks for
 * heuristics and cuts, and writes MPS / CPLEX-LP files atomically.
 *
 * GLPK aborts on a bad call (xerror), so every argument is checked here
 * before it reaches GLPK; a library must not die on a planner's input.
 */
#define _POSIX_C_SOURCE 200809L
#include "solver/lp.h"

#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

struct wo_lp {
    glp_prob *p;     /* the model, 1-based inside GLPK          */
    double *x;       /* solution values [ncols] after a solve    */
    double *rowact;  /* row activities [nrows] after a solve     */
    double *dual;    /* row duals [nrows] after an LP solve      */
    int nsol;        /* columns covered by x                     */
    int nsolrows;    /* rows covered by rowact/dual              */
    char namebuf[32];
};

struct wo_lp_cb {
    glp_tree *tree;
    wo_lp *lp;
    int reason;
};

typedef struct cb_state {
    wo_lp *lp;
    const wo_lp_params *prm;
    double bound;        /* best bound seen                        */
    int start_given;     /* start solution offered yet             */
    long nodes;          /* subproblems created so far             */
    double t0;
} cb_state;

const char *wo_lp_status_name(wo_lp_status s)
{
    switch (s) {
    case WO_LP_OPTIMAL:
        return "optimal";
    case WO_LP_FEASIBLE:
        return "feasible";
    case WO_LP_INFEASIBLE:
        return "infeasible";
    case WO_LP_UNBOUNDED:
        return "unbounded";
    case WO_LP_NOSOLUTION:
        return "no solution";
    }
    return "unknown";
}

wo_lp *wo_lp_new(const char *name, wo_lp_sense sense)
{
    wo_lp *lp = wo_calloc(1, sizeof *lp);
    if (!lp)
        return NULL;
    lp->p = glp_create_prob();
    if (name)
        glp_set_prob_name(lp->p, name);
    glp_set_obj_dir(lp->p, sense == WO_LP_MAX ? GLP_MAX : GLP_MIN);
    return lp;
}

void wo_lp_free(wo_lp *lp)
{
    if (!lp)
        return;
    glp_delete_prob(lp->p);
    wo_free(lp->x);
    wo_free(lp->rowact);
    wo_free(lp->dual);
    wo_free(lp);
}

int wo_lp_ncols(const wo_lp *lp) { return glp_get_num_cols(lp->p); }
int wo_lp_nrows(const wo_lp *lp) { return glp_get_num_rows(lp->p); }

static int bound_type(double lb, double ub)
{
    int lo = lb > -WO_LP_INF, hi = ub < WO_LP_INF;
    if (lo && hi)
        return lb == ub ? GLP_FX : GLP_DB;
    if (lo)
        return GLP_LO;
    if (hi)
        return GLP_UP;
    return GLP_FR;
}

static int bounds_ok(double lb, double ub)
{
    return !isnan(lb) && !isnan(ub) && lb <= ub && lb < WO_LP_INF &&
           ub > -WO_LP_INF;
}

/* GLPK names: at most 255 chars, no blanks (the LP writer needs that). */
static void set_name(char *dst, size_t n, const char *src)
{
    size_t i;
    for (i = 0; src[i] && i + 1 < n && i < 255; i++)
        dst[i] = (src[i] == ' ' || src[i] == '\t') ? '_' : src[i];
    dst[i] = '\0';
}

int wo_lp_add_col(wo_lp *lp, const char *name, wo_lp_kind kind, double lb,
                  double ub, double obj)
{
    int j;
    char nm[256];
    if (kind == WO_LP_BIN) {
        lb = lb < 0 ? 0 : lb;
        ub = ub > 1 ? 1 : ub;
    }
    if (!bounds_ok(lb, ub) || !isfinite(obj))
        return -1;
    j = glp_add_cols(lp->p, 1);
    if (name) {
        set_name(nm, sizeof nm, name);
    } else {
        snprintf(nm, sizeof nm, "x%d", j);
    }
    if (nm[0])
        glp_set_col_name(lp->p, j, nm);
    glp_set_col_kind(lp->p, j, kind == WO_LP_CONT ? GLP_CV : GLP_IV);
    glp_set_col_bnds(lp->p, j, bound_type(lb, ub), lb, ub);
    glp_set_obj_coef(lp->p, j, obj);
    return j - 1;
}

int wo_lp_add_row(wo_lp *lp, const char *name, double lb, double ub, int nnz,
                  const int *idx, const double *val)
{
    int i, k, ncols = glp_get_num_cols(lp->p);
    int *gi;
    double *gv;
    char nm[256];
    if (!bounds_ok(lb, ub) || nnz < 0)
        return -1;
    gi = wo_malloc(sizeof(int) * (size_t)(nnz + 1));
    gv = wo_malloc(sizeof(double) * (size_t)(nnz + 1));
    if (!gi || !gv) {
        wo_free(gi);
        wo_free(gv);
        return -1;
    }
    for (k = 0; k < nnz; k++) {
        if (idx[k] < 0 || idx[k] >= ncols || !isfinite(val[k]))
            goto bad;
        gi[k + 1] = idx[k] + 1;
        gv[k + 1] = val[k];
    }
    /* GLPK rejects duplicate indices with a fatal error: check first. */
    if (nnz > 1) {
        char *seen = wo_calloc((size_t)ncols + 1, 1);
        if (!seen)
            goto bad;
        for (k = 1; k <= nnz; k++) {
            if (seen[gi[k]]) {
                wo_free(seen);
                goto bad;
            }
            seen[gi[k]] = 1;
        }
        wo_free(seen);
    }
    i = glp_add_rows(lp->p, 1);
    if (name) {
        set_name(nm, sizeof nm, name);
    } else {
        snprintf(nm, sizeof nm, "r%d", i);
    }
    if (nm[0])
        glp_set_row_name(lp->p, i, nm);
    glp_set_row_bnds(lp->p, i, bound_type(lb, ub), lb, ub);
    if (nnz)
        glp_set_mat_row(lp->p, i, nnz, gi, gv);
    wo_free(gi);
    wo_free(gv);
    return i - 1;
bad:
    wo_free(gi);
    wo_free(gv);
    return -1;
}

void wo_lp_set_obj(wo_lp *lp, int col, double coef)
{
    if (col >= 0 && col < glp_get_num_cols(lp->p) && isfinite(coef))
        glp_set_obj_coef(lp->p, col + 1, coef);
}

void wo_lp_set_obj_const(wo_lp *lp, double c)
{
    if (isfinite(c))
        glp_set_obj_coef(lp->p, 0, c);
}

void wo_lp_set_col_bounds(wo_lp *lp, int col, double lb, double ub)
{
    if (col < 0 || col >= glp_get_num_cols(lp->p) || !bounds_ok(lb, ub))
        return;
    glp_set_col_bnds(lp->p, col + 1, bound_type(lb, ub), lb, ub);
}

void wo_lp_set_row_bounds(wo_lp *lp, int row, double lb, double ub)
{
    if (row < 0 || row >= glp_get_num_rows(lp->p) || !bounds_ok(lb, ub))
        return;
    glp_set_row_bnds(lp->p, row + 1, bound_type(lb, ub), lb, ub);
}

double wo_lp_col_lb(const wo_lp *lp, int col)
{
    int t = glp_get_col_type(lp->p, col + 1);
    return (t == GLP_FR || t == GLP_UP) ? -WO_LP_INF
                                        : glp_get_col_lb(lp->p, col + 1);
}

double wo_lp_col_ub(const wo_lp *lp, int col)
{
    int t = glp_get_col_type(lp->p, col + 1);
    return (t == GLP_FR || t == GLP_LO) ? WO_LP_INF
                                        : glp_get_col_ub(lp->p, col + 1);
}

const char *wo_lp_col_name(const wo_lp *lp, int col)
{
    const char *s = glp_get_col_name(lp->p, col + 1);
    return s ? s : "";
}

const char *wo_lp_row_name(const wo_lp *lp, int row)
{
    const char *s = glp_get_row_name(lp->p, row + 1);
    return s ? s : "";
}

void wo_lp_params_init(wo_lp_params *p)
{
    memset(p, 0, sizeof *p);
    p->presolve = 1;
    p->cuts = 1;
    p->branching = WO_LP_BRANCH_PSEUDOCOST;
}

/* ---------------------------------------------------------- callbacks */

double wo_lp_cb_value(const wo_lp_cb *cb, int col)
{
    glp_prob *p = glp_ios_get_prob(cb->tree);
    if (col < 0 || col >= glp_get_num_cols(p))
        return 0.0;
    return glp_get_col_prim(p, col + 1);
}

double wo_lp_cb_obj(const wo_lp_cb *cb)
{
    return glp_get_obj_val(glp_ios_get_prob(cb->tree));
}

double wo_lp_cb_bound(const wo_lp_cb *cb)
{
    int n = glp_ios_best_node(cb->tree);
    if (!n)
        return glp_get_obj_dir(cb->lp->p) == GLP_MIN ? -INFINITY : INFINITY;
    return glp_ios_node_bound(cb->tree, n);
}

double wo_lp_cb_incumbent(const wo_lp_cb *cb)
{
    glp_prob *p = glp_ios_get_prob(cb->tree);
    int st = glp_mip_status(p);
    if (st == GLP_FEAS || st == GLP_OPT)
        return glp_mip_obj_val(p);
    return glp_get_obj_dir(p) == GLP_MIN ? INFINITY : -INFINITY;
}

int wo_lp_cb_depth(const wo_lp_cb *cb)
{
    int cur = glp_ios_curr_node(cb->tree);
    return cur ? glp_ios_node_level(cb->tree, cur) : 0;
}

int wo_lp_cb_submit(wo_lp_cb *cb, const double *x)
{
    int n = glp_get_num_cols(cb->lp->p), r;
    double *gx;
    if (cb->reason != GLP_IHEUR)
        return 1;
    gx = wo_malloc(sizeof(double) * (size_t)(n + 1));
    if (!gx)
        return 1;
    gx[0] = 0;
    memcpy(gx + 1, x, sizeof(double) * (size_t)n);
    r = glp_ios_heur_sol(cb->tree, gx);
    wo_free(gx);
    return r ? 1 : 0;
}

int wo_lp_cb_add_cut(wo_lp_cb *cb, int nnz, const int *idx, const double *val,
                     double lb, double ub)
{
    int k, n = glp_get_num_cols(cb->lp->p), rc = WO_OK;
    int *gi;
    double *gv;
    if (cb->reason != GLP_ICUTGEN || nnz <= 0 || !bounds_ok(lb, ub))
        return WO_EINVAL;
    gi = wo_malloc(sizeof(int) * (size_t)(nnz + 1));
    gv = wo_malloc(sizeof(double) * (size_t)(nnz + 1));
    if (!gi || !gv) {
        rc = WO_ENOMEM;
        goto out;
    }
    for (k = 0; k < nnz; k++) {
        if (idx[k] < 0 || idx[k] >= n || !isfinite(val[k])) {
            rc = WO_EINVAL;
            goto out;
        }
        gi[k + 1] = idx[k] + 1;
        gv[k + 1] = val[k];
    }
    /* GLPK cuts are one-sided: add one row per finite side. */
    if (lb > -WO_LP_INF)
        glp_ios_add_row(cb->tree, NULL, 0, 0, nnz, gi, gv, GLP_LO, lb);
    if (ub < WO_LP_INF)
        glp_ios_add_row(cb->tree, NULL, 0, 0, nnz, gi, gv, GLP_UP, ub);
out:
    wo_free(gi);
    wo_free(gv);
    return rc;
}

static void track_bound(cb_state *st, glp_tree *tree)
{
    int n = glp_ios_best_node(tree), a_cnt, n_cnt, t_cnt;
    if (n)
        st->bound = glp_ios_node_bound(tree, n);
    glp_ios_tree_size(tree, &a_cnt, &n_cnt, &t_cnt);
    if (t_cnt > st->nodes)
        st->nodes = t_cnt;
}

static void ios_callback(glp_tree *tree, void *info)
{
    cb_state *st = info;
    const wo_lp_params *prm = st->prm;
    wo_lp_cb cb;
    int reason = glp_ios_reason(tree);
    cb.tree = tree;
    cb.lp = st->lp;
    cb.reason = reason;
    track_bound(st, tree);
    /* GLPK reads its own time limit only between subproblems; this stops
     * the search at the next call back once the limit has passed. */
    if ((prm->cancel && *prm->cancel) ||
        (prm->time_limit_s > 0 && wo_now_s() - st->t0 > prm->time_limit_s)) {
        glp_ios_terminate(tree);
        return;
    }
    if (reason == GLP_IHEUR) {
        if (prm->start && !st->start_given) {
            st->start_given = 1;
            wo_lp_cb_submit(&cb, prm->start);
        }
        if (prm->heur_cb)
            prm->heur_cb(&cb, prm->cb_ud);
    } else if (reason == GLP_ICUTGEN && prm->cut_cb) {
        prm->cut_cb(&cb, prm->cb_ud);
    }
}

/* ---------------------------------------------------------- solving */

static int store_solution(wo_lp *lp, int mip)
{
    int n = glp_get_num_cols(lp->p), m = glp_get_num_rows(lp->p), j;
    double *x = wo_realloc(lp->x, sizeof(double) * (size_t)(n + 1));
    double *ra, *du;
    if (!x)
        return WO_ENOMEM;
    lp->x = x;
    ra = wo_realloc(lp->rowact, sizeof(double) * (size_t)(m + 1));
    if (!ra)
        return WO_ENOMEM;
    lp->rowact = ra;
    du = wo_realloc(lp->dual, sizeof(double) * (size_t)(m + 1));
    if (!du)
        return WO_ENOMEM;
    lp->dual = du;
    for (j = 0; j < n; j++)
        x[j] = mip ? glp_mip_col_val(lp->p, j + 1)
                   : glp_get_col_prim(lp->p, j + 1);
    for (j = 0; j < m; j++) {
        ra[j] = mip ? glp_mip_row_val(lp->p, j + 1)
                    : glp_get_row_prim(lp->p, j + 1);
        du[j] = mip ? 0.0 : glp_get_row_dual(lp->p, j + 1);
    }
    lp->nsol = n;
    lp->nsolrows = m;
    return WO_OK;
}

static int has_integers(const wo_lp *lp)
{
    return glp_get_num_int(lp->p) > 0;
}

static double rel_gap(double obj, double bound)
{
    double d = fabs(obj - bound), s = fabs(obj);
    return d / (s > 1.0 ? s : 1.0);
}

/* Run the simplex on the relaxation; fills res for an LP. */
static int run_simplex(wo_lp *lp, const wo_lp_params *prm, int presolve,
                       wo_lp_result *res, wo_err *err)
{
    glp_smcp smcp;
    int rc, st;
    glp_init_smcp(&smcp);
    smcp.msg_lev = prm->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
    smcp.presolve = presolve ? GLP_ON : GLP_OFF;
    if (prm->time_limit_s > 0)
        smcp.tm_lim = (int)(prm->time_limit_s * 1000.0 > 2e9
                                ? 2e9
                                : prm->time_limit_s * 1000.0);
    rc = glp_simplex(lp->p, &smcp);
    if (rc == GLP_ENOPFS) {
        res->status = WO_LP_INFEASIBLE;
        return WO_OK;
    }
    if (rc == GLP_ENODFS) {
        res->status = WO_LP_UNBOUNDED;
        return WO_OK;
    }
    if (rc == GLP_ETMLIM) {
        res->status = WO_LP_NOSOLUTION;
        return WO_OK;
    }
    if (rc != 0 && rc != GLP_EITLIM)
        return wo_err_set(err, WO_ESOLVER, "LP solver failed (GLPK code %d)",
                          rc);
    st = glp_get_status(lp->p);
    if (st == GLP_OPT) {
        res->status = WO_LP_OPTIMAL;
        res->obj = res->bound = glp_get_obj_val(lp->p);
    } else if (st == GLP_NOFEAS || st == GLP_INFEAS) {
        res->status = WO_LP_INFEASIBLE;
    } else if (st == GLP_UNBND) {
        res->status = WO_LP_UNBOUNDED;
    } else {
        res->status = WO_LP_NOSOLUTION;
    }
    return WO_OK;
}

int wo_lp_solve_relaxation(wo_lp *lp, const wo_lp_params *prm,
                           wo_lp_result *res, wo_err *err)
{
    wo_lp_params def;
    double t0 = wo_now_s();
    int rc;
    if (!prm) {
        wo_lp_params_init(&def);
        prm = &def;
    }
    memset(res, 0, sizeof *res);
    glp_term_out(prm->verbose ? GLP_ON : GLP_OFF);
    /* Without presolve so that duals are those of the model as given. */
    rc = run_simplex(lp, prm, 0, res, err);
    if (rc)
        return rc;
    if (res->status == WO_LP_OPTIMAL) {
        rc = store_solution(lp, 0);
        if (rc)
            return wo_err_set(err, rc, "out of memory storing LP solution");
    }
    res->seconds = wo_now_s() - t0;
    return WO_OK;
}

int wo_lp_solve(wo_lp *lp, const wo_lp_params *prm, wo_lp_result *res,
                wo_err *err)
{
    wo_lp_params def;
    glp_iocp iocp;
    cb_state st;
    double t0 = wo_now_s();
    int rc, ms, use_cb, min;
    if (!prm) {
        wo_lp_params_init(&def);
        prm = &def;
    }
    memset(res, 0, sizeof *res);
    if (!has_integers(lp)) {
        rc = wo_lp_solve_relaxation(lp, prm, res, err);
        return rc;
    }
    glp_term_out(prm->verbose ? GLP_ON : GLP_OFF);
    min = glp_get_obj_dir(lp->p) == GLP_MIN;
    use_cb = prm->heur_cb || prm->cut_cb || prm->start;

    glp_init_iocp(&iocp);
    iocp.msg_lev = prm->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
    iocp.mip_gap = prm->mip_gap > 0 ? prm->mip_gap : 0.0;
    iocp.gmi_cuts = prm->cuts ? GLP_ON : GLP_OFF;
    iocp.mir_cuts = prm->cuts ? GLP_ON : GLP_OFF;
    /* GLPK 5.0's cover-cut generator can abort the process (glp_add_cols
     * with ncs = 0, e.g. on a 2 x 1 facility-location model): only on
     * explicit request */
    iocp.cov_cuts = prm->cuts && prm->cover_cuts ? GLP_ON : GLP_OFF;
    iocp.clq_cuts = prm->cuts ? GLP_ON : GLP_OFF;
    iocp.fp_heur = prm->fp_heur ? GLP_ON : GLP_OFF;
    iocp.ps_heur = prm->prox_heur ? GLP_ON : GLP_OFF;
    switch (prm->branching) {
    case WO_LP_BRANCH_MOSTFRAC:
        iocp.br_tech = GLP_BR_MFV;
        break;
    case WO_LP_BRANCH_DRIEBECK:
        iocp.br_tech = GLP_BR_DTH;
        break;
    case WO_LP_BRANCH_PSEUDOCOST:
        iocp.br_tech = GLP_BR_PCH;
        break;
    }
    iocp.bt_tech = prm->best_bound_search ? GLP_BT_BLB : GLP_BT_BPH;
    st.lp = lp;
    st.prm = prm;
    st.bound = min ? -INFINITY : INFINITY;
    st.start_given = 0;
    st.nodes = 0;
    st.t0 = t0;
    iocp.cb_func = ios_callback;
    iocp.cb_info = &st;

    /* With callbacks the tree must see the model as given (column indices
     * unchanged), so the MIP presolver stays off and the root LP is solved
     * first by the simplex. */
    if (use_cb || !prm->presolve) {
        rc = run_simplex(lp, prm, prm->presolve, res, err);
        if (rc)
            return rc;
        if (res->status != WO_LP_OPTIMAL) {
            res->obj = res->bound = 0;
            res->seconds = wo_now_s() - t0;
            return WO_OK;
        }
        iocp.presolve = GLP_OFF;
    } else {
        iocp.presolve = GLP_ON;
    }
    if (prm->time_limit_s > 0) {
        double left = prm->time_limit_s - (wo_now_s() - t0);
        double ms_d = left * 1000.0;
        iocp.tm_lim = ms_d < 1 ? 1 : (ms_d > 2e9 ? 2000000000 : (int)ms_d);
    }
    rc = glp_intopt(lp->p, &iocp);
    res->seconds = wo_now_s() - t0;
    res->nodes = st.nodes;
    if (rc == GLP_ENOPFS) {
        res->status = WO_LP_INFEASIBLE;
        return WO_OK;
    }
    if (rc == GLP_ENODFS) {
        res->status = WO_LP_UNBOUNDED;
        return WO_OK;
    }
    if (rc != 0 && rc != GLP_ETMLIM && rc != GLP_ESTOP && rc != GLP_EMIPGAP)
        return wo_err_set(err, WO_ESOLVER, "MIP solver failed (GLPK code %d)",
                          rc);
    ms = glp_mip_status(lp->p);
    if (ms == GLP_OPT || ms == GLP_FEAS) {
        res->obj = glp_mip_obj_val(lp->p);
        if (ms == GLP_OPT && rc == 0) {
            res->status = WO_LP_OPTIMAL;
            res->bound = res->obj;
        } else if (rc == GLP_EMIPGAP) {
            res->status = WO_LP_OPTIMAL;
            res->bound = isfinite(st.bound) ? st.bound : res->obj;
        } else {
            res->status = WO_LP_FEASIBLE;
            res->bound = isfinite(st.bound) ? st.bound : -INFINITY;
        }
        res->gap = isfinite(res->bound) ? rel_gap(res->obj, res->bound)
                                        : INFINITY;
        rc = store_solution(lp, 1);
        if (rc)
            return wo_err_set(err, rc, "out of memory storing MIP solution");
    } else if (ms == GLP_NOFEAS) {
        res->status = WO_LP_INFEASIBLE;
    } else {
        res->status = WO_LP_NOSOLUTION;
        res->bound = st.bound;
    }
    return WO_OK;
}

double wo_lp_value(const wo_lp *lp, int col)
{
    return (lp->x && col >= 0 && col < lp->nsol) ? lp->x[col] : 0.0;
}

double wo_lp_row_activity(const wo_lp *lp, int row)
{
    return (lp->rowact && row >= 0 && row < lp->nsolrows) ? lp->rowact[row]
                                                          : 0.0;
}

double wo_lp_dual(const wo_lp *lp, int row)
{
    return (lp->dual && row >= 0 && row < lp->nsolrows) ? lp->dual[row] : 0.0;
}

/* ---------------------------------------------------------- export */

/* GLPK writes by file name: it is given the /proc/self/fd name of our
 * safe temporary file (base/atomic.h), so it never opens a name in the
 * target's directory itself. */
static int write_atomic(const wo_lp *lp, const char *path, int mps,
                        wo_err *err)
{
    wo_atomic_file a;
    char name[32];
    int rc = wo_atomic_open(&a, path, err);
    if (rc != WO_OK)
        return rc;
    glp_term_out(GLP_OFF);
    wo_atomic_fd_name(&a, name);
    rc = mps ? glp_write_mps(lp->p, GLP_MPS_FILE, NULL, name)
             : glp_write_lp(lp->p, NULL, name);
    if (rc != 0) {
        wo_atomic_abort(&a);
        return wo_err_set(err, WO_EIO, "%s: cannot write %s file", path,
                          mps ? "MPS" : "LP");
    }
    return wo_atomic_commit(&a, err);
}

int wo_lp_write_mps(const wo_lp *lp, const char *path, wo_err *err)
{
    return write_atomic(lp, path, 1, err);
}

int wo_lp_write_lp(const wo_lp *lp, const char *path, wo_err *err)
{
    return write_atomic(lp, path, 0, err);
}

void wo_lp_thread_done(void)
{
    glp_free_env();
}
