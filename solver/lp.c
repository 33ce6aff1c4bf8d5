/*
 * lp.c — the only file of wasteopt that calls GLPK. Builds LP/MIP models,
 * solves them with glp_simplex / glp_intopt, exposes node callbacks for
 * heuristics and cuts, and writes MPS / CPLEX-LP files atomically.
 *
 * GLPK aborts on a bad call (xerror), so every argument is checked here
 * before it reaches GLPK; a library must not die on a planner's input.
 *
 * GLPK also aborts when it runs out of memory (glp_alloc). As the GLPK
 * reference manual describes for glp_error_hook, the hook may leave by
 * longjmp, after which the thread's GLPK environment must be freed with
 * glp_free_env, every GLPK object of the thread with it. So every call of
 * this file that may allocate inside GLPK runs under a guard (guarded()):
 * the hook jumps back to it, the environment is freed, every model of the
 * thread is lost (its `gen` is older than the thread's env_gen: each later
 * call on it fails, wo_lp_free frees only wasteopt's part) and the call
 * fails with WO_ENOMEM ("out of memory inside GLPK"), or WO_ESOLVER for
 * another fatal error, with the text GLPK gave. The callbacks of
 * wo_lp_solve run inside its guard and arm none of their own.
 */
#define _POSIX_C_SOURCE 200809L
#include "solver/lp.h"

#include <glpk.h>
#include <math.h>
#include <setjmp.h>
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
    unsigned long gen; /* env_gen of the thread when p was made   */
    int fail;          /* why the last call failed: WO_E..., or 0 */
    char why[160];     /* its message                             */
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

/* ------------------------------------------------- GLPK's fatal errors */

static _Thread_local jmp_buf *guard_at;     /* the armed guard, or NULL  */
static _Thread_local unsigned long env_gen; /* +1 at each glp_free_env   */
static _Thread_local char fatal_text[160];  /* GLPK's fatal message      */
static _Thread_local int lost_code;         /* why the last env was lost */
static _Thread_local char lost_why[160];

/* GLPK's terminal output: in the error state (the message of a fatal
 * error) kept in fatal_text and not printed; otherwise GLPK's own. */
static int on_term(void *info, const char *s)
{
    size_t n;
    (void)info;
    if (!glp_at_error())
        return 0;
    n = strlen(fatal_text);
    wo_strlcpy(fatal_text + n, s, sizeof fatal_text - n);
    return 1;
}

/* GLPK's error hook: back to the armed guard (GLPK aborts without one). */
static void on_fatal(void *info)
{
    (void)info;
    if (guard_at)
        longjmp(*guard_at, 1);
}

/* The thread's GLPK environment with the hooks above; WO_ENOMEM when it
 * cannot be created. */
static int env_ready(void)
{
    int r = glp_init_env();
    if (r != 0 && r != 1)
        return WO_ENOMEM;
    glp_error_hook(on_fatal, NULL);
    glp_term_hook(on_term, NULL);
    fatal_text[0] = '\0';
    return WO_OK;
}

/* One guarded call: body(ctx) runs the GLPK calls; on a fatal error of
 * GLPK, code and why receive the failure. */
typedef struct guard_call {
    void (*body)(void *ctx);
    void *ctx;
    int code;
    char why[160];
} guard_call;

/* After the jump: the environment freed (every model of the thread lost)
 * and the failure into g. */
static void env_lost(guard_call *g)
{
    char *nl = strchr(fatal_text, '\n');
    if (nl)
        *nl = '\0';
    glp_free_env();
    env_gen++;
    /* "no memory available", "memory allocation limit exceeded" */
    g->code = strstr(fatal_text, "memory") ? WO_ENOMEM : WO_ESOLVER;
    snprintf(g->why, sizeof g->why, "%s (%.100s)",
             g->code == WO_ENOMEM ? "out of memory inside GLPK"
                                  : "GLPK failed",
             fatal_text);
    lost_code = g->code;
    wo_strlcpy(lost_why, g->why, sizeof lost_why);
}

/* Run g->body under the guard: WO_OK, or g->code after a fatal error of
 * GLPK (the environment freed) or when the environment cannot be made. */
static int guarded(guard_call *g)
{
    jmp_buf jb;
    g->code = WO_OK;
    if (env_ready() != WO_OK) {
        g->code = WO_ENOMEM;
        wo_strlcpy(g->why, "out of memory inside GLPK (its environment)",
                   sizeof g->why);
        return g->code;
    }
    if (setjmp(jb)) {
        guard_at = NULL;
        env_lost(g);
        return g->code;
    }
    guard_at = &jb;
    g->body(g->ctx);
    guard_at = NULL;
    return WO_OK;
}

/* The model's GLPK object exists (not lost with its environment). */
#define LIVE(lp) ((lp)->p && (lp)->gen == env_gen)

/* Record why a call on lp failed; returns code. */
static int failed(wo_lp *lp, int code, const char *why)
{
    lp->fail = code;
    wo_strlcpy(lp->why, why, sizeof lp->why);
    return code;
}

/* A call on a model lost with its environment: the loss recorded in lp
 * as its failure; returns the code. */
static int lost(wo_lp *lp)
{
    return failed(lp, lost_code ? lost_code : WO_ESOLVER,
                  lost_code ? lost_why
                            : "the model was lost with the solver's "
                              "environment");
}

/* guarded() for a call on lp: its failure recorded in lp. */
static int guarded_on(wo_lp *lp, void (*body)(void *), void *ctx)
{
    guard_call g;
    g.body = body;
    g.ctx = ctx;
    if (guarded(&g) != WO_OK)
        return failed(lp, g.code, g.why);
    return WO_OK;
}

/* The failure of the model's last call into err (see lp.h). */
int wo_lp_error(const wo_lp *lp, wo_err *err)
{
    if (!lp)
        return wo_err_set(err, WO_ENOMEM, "out of memory creating a model");
    if (!lp->fail)
        return WO_OK;
    return wo_err_set(err, lp->fail, "%s", lp->why);
}

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

typedef struct new_ctx {
    wo_lp *lp;
    const char *name;
    wo_lp_sense sense;
} new_ctx;

static void new_body(void *ctx)
{
    new_ctx *c = ctx;
    c->lp->p = glp_create_prob();
    c->lp->gen = env_gen;
    if (c->name)
        glp_set_prob_name(c->lp->p, c->name);
    glp_set_obj_dir(c->lp->p, c->sense == WO_LP_MAX ? GLP_MAX : GLP_MIN);
}

wo_lp *wo_lp_new(const char *name, wo_lp_sense sense)
{
    wo_lp *lp = wo_calloc(1, sizeof *lp);
    new_ctx c;
    if (!lp)
        return NULL;
    c.lp = lp;
    c.name = name;
    c.sense = sense;
    if (guarded_on(lp, new_body, &c) != WO_OK) {
        wo_free(lp);
        return NULL;
    }
    return lp;
}

void wo_lp_free(wo_lp *lp)
{
    if (!lp)
        return;
    if (LIVE(lp))
        glp_delete_prob(lp->p);
    wo_free(lp->x);
    wo_free(lp->rowact);
    wo_free(lp->dual);
    wo_free(lp);
}

int wo_lp_ncols(const wo_lp *lp)
{
    return LIVE(lp) ? glp_get_num_cols(lp->p) : 0;
}

int wo_lp_nrows(const wo_lp *lp)
{
    return LIVE(lp) ? glp_get_num_rows(lp->p) : 0;
}

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

/* The GLPK name of column or row k: name cleaned (set_name), or the
 * prefix and k when the caller gave none. */
static void make_name(char *nm, size_t n, const char *name, char prefix,
                      int k)
{
    if (name)
        set_name(nm, n, name);
    else
        snprintf(nm, n, "%c%d", prefix, k);
}

/* One column (row 0) or row (row 1) added under the guard; k its GLPK
 * index. */
typedef struct item_ctx {
    wo_lp *lp;
    const char *name;
    int row, glp_kind, nnz, k;
    const int *gi;
    const double *gv;
    double lb, ub, obj;
} item_ctx;

static void item_body(void *ctx)
{
    item_ctx *c = ctx;
    glp_prob *p = c->lp->p;
    int bt = bound_type(c->lb, c->ub);
    char nm[256];
    c->k = c->row ? glp_add_rows(p, 1) : glp_add_cols(p, 1);
    make_name(nm, sizeof nm, c->name, c->row ? 'r' : 'x', c->k);
    if (c->row) {
        if (nm[0])
            glp_set_row_name(p, c->k, nm);
        glp_set_row_bnds(p, c->k, bt, c->lb, c->ub);
        if (c->nnz)
            glp_set_mat_row(p, c->k, c->nnz, c->gi, c->gv);
    } else {
        if (nm[0])
            glp_set_col_name(p, c->k, nm);
        glp_set_col_kind(p, c->k, c->glp_kind);
        glp_set_col_bnds(p, c->k, bt, c->lb, c->ub);
        glp_set_obj_coef(p, c->k, c->obj);
    }
}

int wo_lp_add_col(wo_lp *lp, const char *name, wo_lp_kind kind, double lb,
                  double ub, double obj)
{
    item_ctx c;
    if (kind == WO_LP_BIN) {
        lb = lb < 0 ? 0 : lb;
        ub = ub > 1 ? 1 : ub;
    }
    if (!LIVE(lp))
        return lost(lp), -1;
    if (!bounds_ok(lb, ub) || !isfinite(obj)) {
        failed(lp, WO_EINVAL, "invalid bounds or objective of a column");
        return -1;
    }
    memset(&c, 0, sizeof c);
    c.lp = lp;
    c.name = name;
    c.glp_kind = kind == WO_LP_CONT ? GLP_CV : GLP_IV;
    c.lb = lb;
    c.ub = ub;
    c.obj = obj;
    if (guarded_on(lp, item_body, &c) != WO_OK)
        return -1;
    return c.k - 1;
}

int wo_lp_add_row(wo_lp *lp, const char *name, double lb, double ub, int nnz,
                  const int *idx, const double *val)
{
    int k, ncols = wo_lp_ncols(lp);
    int *gi;
    double *gv;
    item_ctx c;
    if (!LIVE(lp))
        return lost(lp), -1;
    if (!bounds_ok(lb, ub) || nnz < 0) {
        failed(lp, WO_EINVAL, "invalid bounds of a row");
        return -1;
    }
    gi = wo_malloc(sizeof(int) * (size_t)(nnz + 1));
    gv = wo_malloc(sizeof(double) * (size_t)(nnz + 1));
    if (!gi || !gv) {
        wo_free(gi);
        wo_free(gv);
        failed(lp, WO_ENOMEM, "out of memory adding a row");
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
        if (!seen) {
            failed(lp, WO_ENOMEM, "out of memory adding a row");
            goto out;
        }
        for (k = 1; k <= nnz; k++) {
            if (seen[gi[k]]) {
                wo_free(seen);
                goto bad;
            }
            seen[gi[k]] = 1;
        }
        wo_free(seen);
    }
    memset(&c, 0, sizeof c);
    c.lp = lp;
    c.name = name;
    c.row = 1;
    c.nnz = nnz;
    c.gi = gi;
    c.gv = gv;
    c.lb = lb;
    c.ub = ub;
    if (guarded_on(lp, item_body, &c) != WO_OK)
        goto out;
    wo_free(gi);
    wo_free(gv);
    return c.k - 1;
bad:
    failed(lp, WO_EINVAL, "a row has an index out of range, a duplicate "
                          "index or a non-finite coefficient");
out:
    wo_free(gi);
    wo_free(gv);
    return -1;
}

void wo_lp_set_obj(wo_lp *lp, int col, double coef)
{
    if (col >= 0 && col < wo_lp_ncols(lp) && isfinite(coef))
        glp_set_obj_coef(lp->p, col + 1, coef);
}

void wo_lp_set_obj_const(wo_lp *lp, double c)
{
    if (!LIVE(lp))
        return;
    if (isfinite(c))
        glp_set_obj_coef(lp->p, 0, c);
}

void wo_lp_set_col_bounds(wo_lp *lp, int col, double lb, double ub)
{
    if (col < 0 || col >= wo_lp_ncols(lp) || !bounds_ok(lb, ub))
        return;
    glp_set_col_bnds(lp->p, col + 1, bound_type(lb, ub), lb, ub);
}

void wo_lp_set_row_bounds(wo_lp *lp, int row, double lb, double ub)
{
    if (row < 0 || row >= wo_lp_nrows(lp) || !bounds_ok(lb, ub))
        return;
    glp_set_row_bnds(lp->p, row + 1, bound_type(lb, ub), lb, ub);
}

double wo_lp_col_lb(const wo_lp *lp, int col)
{
    int t;
    if (col < 0 || col >= wo_lp_ncols(lp))
        return 0;
    t = glp_get_col_type(lp->p, col + 1);
    return (t == GLP_FR || t == GLP_UP) ? -WO_LP_INF
                                        : glp_get_col_lb(lp->p, col + 1);
}

double wo_lp_col_ub(const wo_lp *lp, int col)
{
    int t;
    if (col < 0 || col >= wo_lp_ncols(lp))
        return 0;
    t = glp_get_col_type(lp->p, col + 1);
    return (t == GLP_FR || t == GLP_LO) ? WO_LP_INF
                                        : glp_get_col_ub(lp->p, col + 1);
}

const char *wo_lp_col_name(const wo_lp *lp, int col)
{
    const char *s;
    if (col < 0 || col >= wo_lp_ncols(lp))
        return "";
    s = glp_get_col_name(lp->p, col + 1);
    return s ? s : "";
}

const char *wo_lp_row_name(const wo_lp *lp, int row)
{
    const char *s;
    if (row < 0 || row >= wo_lp_nrows(lp))
        return "";
    s = glp_get_row_name(lp->p, row + 1);
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
     * the search at the next call back once the limit has passed. GLPK has
     * no node limit: the count is checked when the next subproblem is
     * selected, where the same model always stops at the same node. */
    if ((prm->cancel && *prm->cancel) ||
        (prm->time_limit_s > 0 && wo_now_s() - st->t0 > prm->time_limit_s) ||
        (prm->node_limit > 0 && reason == GLP_ISELECT &&
         st->nodes >= prm->node_limit)) {
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
    if (prm->it_limit > 0)
        smcp.it_lim = prm->it_limit > 2000000000L ? 2000000000
                                                  : (int)prm->it_limit;
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

/* The start of a solve: WO_OK, or the failure of a lost model or of the
 * environment into err. */
static int solve_ready(wo_lp *lp, wo_err *err)
{
    if (!LIVE(lp)) {
        lost(lp);
        return wo_lp_error(lp, err);
    }
    if (env_ready() != WO_OK)
        return wo_err_set(err, failed(lp, WO_ENOMEM, "out of memory inside "
                                                     "GLPK"),
                          "%s", lp->why);
    return WO_OK;
}

/* A solve under the guard: run(ctx) is the GLPK part and sets rc. */
typedef struct solve_ctx {
    wo_lp *lp;
    const wo_lp_params *prm;
    wo_lp_result *res;
    wo_err *err;
    double t0;
    int rc;
} solve_ctx;

/* The start of a solve of lp: prm defaulted (into *def when NULL), res
 * cleared, c filled; then solve_ready. */
static int solve_start(solve_ctx *c, wo_lp *lp, const wo_lp_params *prm,
                       wo_lp_params *def, wo_lp_result *res, wo_err *err)
{
    c->t0 = wo_now_s();
    if (!prm) {
        wo_lp_params_init(def);
        prm = def;
    }
    memset(res, 0, sizeof *res);
    c->lp = lp;
    c->prm = prm;
    c->res = res;
    c->err = err;
    c->rc = WO_OK;
    return solve_ready(lp, err);
}

/* Run body on c under the guard: c->rc, or the failure of GLPK into
 * c->err. */
static int solve_guarded(solve_ctx *c, void (*body)(void *))
{
    if (guarded_on(c->lp, body, c) != WO_OK)
        return wo_lp_error(c->lp, c->err);
    return c->rc;
}

static void relaxation_body(void *ctx)
{
    solve_ctx *c = ctx;
    glp_term_out(c->prm->verbose ? GLP_ON : GLP_OFF);
    /* Without presolve so that duals are those of the model as given. */
    c->rc = run_simplex(c->lp, c->prm, 0, c->res, c->err);
}

int wo_lp_solve_relaxation(wo_lp *lp, const wo_lp_params *prm,
                           wo_lp_result *res, wo_err *err)
{
    wo_lp_params def;
    int rc;
    solve_ctx c;
    if ((rc = solve_start(&c, lp, prm, &def, res, err)) != WO_OK)
        return rc;
    rc = solve_guarded(&c, relaxation_body);
    if (rc)
        return rc;
    if (res->status == WO_LP_OPTIMAL) {
        rc = store_solution(lp, 0);
        if (rc)
            return wo_err_set(err, rc, "out of memory storing LP solution");
    }
    res->seconds = wo_now_s() - c.t0;
    return WO_OK;
}

/* The GLPK part of a MIP solve: the root LP when it must come first, then
 * the branch-and-cut. c->rc: an error of the root LP; c->glp_rc: what
 * glp_intopt returned; c->done when the root LP ended the solve. */
typedef struct mip_ctx {
    solve_ctx s;
    cb_state st;
    int glp_rc, done;
} mip_ctx;

static void mip_body(void *ctx)
{
    mip_ctx *c = ctx;
    wo_lp *lp = c->s.lp;
    const wo_lp_params *prm = c->s.prm;
    wo_lp_result *res = c->s.res;
    glp_iocp iocp;
    int use_cb, min;
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
    c->st.lp = lp;
    c->st.prm = prm;
    c->st.bound = min ? -INFINITY : INFINITY;
    c->st.start_given = 0;
    c->st.nodes = 0;
    c->st.t0 = c->s.t0;
    iocp.cb_func = ios_callback;
    iocp.cb_info = &c->st;

    /* With callbacks the tree must see the model as given (column indices
     * unchanged), so the MIP presolver stays off and the root LP is solved
     * first by the simplex. */
    if (use_cb || !prm->presolve) {
        c->s.rc = run_simplex(lp, prm, prm->presolve, res, c->s.err);
        if (c->s.rc || res->status != WO_LP_OPTIMAL) {
            c->done = 1;
            return;
        }
        iocp.presolve = GLP_OFF;
    } else {
        iocp.presolve = GLP_ON;
    }
    if (prm->time_limit_s > 0) {
        double left = prm->time_limit_s - (wo_now_s() - c->s.t0);
        double ms_d = left * 1000.0;
        iocp.tm_lim = ms_d < 1 ? 1 : (ms_d > 2e9 ? 2000000000 : (int)ms_d);
    }
    c->glp_rc = glp_intopt(lp->p, &iocp);
}

int wo_lp_solve(wo_lp *lp, const wo_lp_params *prm, wo_lp_result *res,
                wo_err *err)
{
    wo_lp_params def;
    mip_ctx c;
    double t0;
    int rc, ms;
    memset(&c, 0, sizeof c);
    if ((rc = solve_start(&c.s, lp, prm, &def, res, err)) != WO_OK)
        return rc;
    t0 = c.s.t0;
    if (!has_integers(lp))
        return wo_lp_solve_relaxation(lp, c.s.prm, res, err);
    if ((rc = solve_guarded(&c.s, mip_body)) != WO_OK)
        return rc;
    if (c.done) {
        res->obj = res->bound = 0;
        res->seconds = wo_now_s() - t0;
        return WO_OK;
    }
    rc = c.glp_rc;
    res->seconds = wo_now_s() - t0;
    res->nodes = c.st.nodes;
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
            res->bound = isfinite(c.st.bound) ? c.st.bound : res->obj;
        } else {
            res->status = WO_LP_FEASIBLE;
            res->bound = isfinite(c.st.bound) ? c.st.bound : -INFINITY;
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
        res->bound = c.st.bound;
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

typedef struct write_ctx {
    const wo_lp *lp;
    const char *name;
    int mps, rc;
} write_ctx;

static void write_body(void *ctx)
{
    write_ctx *c = ctx;
    glp_term_out(GLP_OFF);
    c->rc = c->mps ? glp_write_mps(c->lp->p, GLP_MPS_FILE, NULL, c->name)
                   : glp_write_lp(c->lp->p, NULL, c->name);
}

/* GLPK writes by file name: it is given the /proc/self/fd name of our
 * safe temporary file (base/atomic.h), so it never opens a name in the
 * target's directory itself; it runs under the guard, so that its fatal
 * errors come back as an error. */
static int write_atomic(const wo_lp *lp, const char *path, int mps,
                        wo_err *err)
{
    wo_atomic_file a;
    char name[32];
    write_ctx c;
    guard_call g;
    int rc;
    if (!LIVE(lp))
        return wo_err_set(err, lost_code ? lost_code : WO_ESOLVER, "%s: %s",
                          path,
                          lost_code ? lost_why
                                    : "the model was lost with the "
                                      "solver's environment");
    if ((rc = wo_atomic_open(&a, path, err)) != WO_OK)
        return rc;
    wo_atomic_fd_name(&a, name);
    c.lp = lp;
    c.name = name;
    c.mps = mps;
    g.body = write_body;
    g.ctx = &c;
    if (guarded(&g) != WO_OK) {
        wo_atomic_abort(&a);
        return wo_err_set(err, g.code, "%s: %s", path, g.why);
    }
    if (c.rc != 0) {
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
    env_gen++;
}
