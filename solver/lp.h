/*
 * lp.h — linear and mixed-integer programs. solver/lp.c is the only file
 * that touches GLPK; every model of wasteopt (VRP set partitioning, the
 * compact VRP MIP, flows, siting, transfers, earthwork) is built here, so
 * it can be solved, written as MPS / CPLEX-LP, or moved to another solver.
 *
 * Indices are 0-based. A model is one opaque handle (wo_lp). Parameters
 * come in a struct filled by wo_lp_params_init(). Outcomes such as
 * "infeasible" or "time limit" are results (wo_lp_result.status), not
 * errors; errors (bad arguments, GLPK failure, out of memory) are WO_E...
 * codes with a message.
 */
#ifndef WO_LP_H
#define WO_LP_H

#include "base/base.h"

typedef struct wo_lp wo_lp;

#define WO_LP_INF 1e300 /* use +-WO_LP_INF for a free bound */

typedef enum wo_lp_sense { WO_LP_MIN = 0, WO_LP_MAX = 1 } wo_lp_sense;

typedef enum wo_lp_kind {
    WO_LP_CONT = 0, /* continuous        */
    WO_LP_INT = 1,  /* general integer   */
    WO_LP_BIN = 2   /* 0/1 (bounds forced to [0,1]) */
} wo_lp_kind;

typedef enum wo_lp_status {
    WO_LP_OPTIMAL = 0,    /* proven optimal (within mip_gap)              */
    WO_LP_FEASIBLE,       /* a solution, not proven optimal (limit hit)   */
    WO_LP_INFEASIBLE,     /* proven infeasible                            */
    WO_LP_UNBOUNDED,      /* LP relaxation unbounded                      */
    WO_LP_NOSOLUTION      /* limit hit before any solution was found      */
} wo_lp_status;

const char *wo_lp_status_name(wo_lp_status s);

/* Create an empty model; NULL on out of memory. name may be NULL. */
wo_lp *wo_lp_new(const char *name, wo_lp_sense sense);

/* Why the last failed call on lp (wo_lp_add_col, wo_lp_add_row, a solve)
 * failed, into err: WO_ENOMEM (out of memory, in wasteopt or inside GLPK),
 * WO_ESOLVER (another fatal error of GLPK) or WO_EINVAL (an invalid
 * argument); WO_OK when none failed. lp NULL (wo_lp_new failed): WO_ENOMEM.
 * After an out-of-memory inside GLPK the thread's GLPK environment is
 * freed and every model of the thread is lost: later calls on them fail
 * (solves with this error), wo_lp_free still frees them. */
int wo_lp_error(const wo_lp *lp, wo_err *err);
void wo_lp_free(wo_lp *lp);

int wo_lp_ncols(const wo_lp *lp);
int wo_lp_nrows(const wo_lp *lp);

/* Add one column; returns its index, or -1 on error (bad bounds, OOM).
 * name may be NULL (a name "x<j>" is made for file export). Names longer
 * than 255 bytes are cut. */
int wo_lp_add_col(wo_lp *lp, const char *name, wo_lp_kind kind, double lb,
                  double ub, double obj);

/* Add a row lb <= sum val[k]*x[idx[k]] <= ub (use +-WO_LP_INF for one-sided
 * rows, lb == ub for equality). Returns its index or -1 on error (index out
 * of range, duplicate index, non-finite coefficient, OOM). */
int wo_lp_add_row(wo_lp *lp, const char *name, double lb, double ub, int nnz,
                  const int *idx, const double *val);

void wo_lp_set_obj(wo_lp *lp, int col, double coef);
void wo_lp_set_obj_const(wo_lp *lp, double c);
void wo_lp_set_col_bounds(wo_lp *lp, int col, double lb, double ub);
void wo_lp_set_row_bounds(wo_lp *lp, int row, double lb, double ub);
double wo_lp_col_lb(const wo_lp *lp, int col);
double wo_lp_col_ub(const wo_lp *lp, int col);
const char *wo_lp_col_name(const wo_lp *lp, int col);
const char *wo_lp_row_name(const wo_lp *lp, int row);

/* ---------------------------------------------------------- callbacks */

/* Inside a MIP callback: the node's LP relaxation and what may be done
 * with it. Valid only during the callback. */
typedef struct wo_lp_cb wo_lp_cb;

/* Value of column j in the current node's LP relaxation. */
double wo_lp_cb_value(const wo_lp_cb *cb, int col);
/* Objective of the current node's LP relaxation. */
double wo_lp_cb_obj(const wo_lp_cb *cb);
/* Best global bound known so far and best incumbent (+-inf when none). */
double wo_lp_cb_bound(const wo_lp_cb *cb);
double wo_lp_cb_incumbent(const wo_lp_cb *cb);
/* Node depth (0 at the root). */
int wo_lp_cb_depth(const wo_lp_cb *cb);
/* Offer an integer-feasible solution x[ncols] (heuristic callback only).
 * Returns 0 if accepted as new incumbent, 1 if rejected or not better. */
int wo_lp_cb_submit(wo_lp_cb *cb, const double *x);
/* Add a cut lb <= a.x <= ub (cut callback only); returns WO_OK. */
int wo_lp_cb_add_cut(wo_lp_cb *cb, int nnz, const int *idx, const double *val,
                     double lb, double ub);

typedef void (*wo_lp_cb_fn)(wo_lp_cb *cb, void *ud);

typedef enum wo_lp_branching {
    WO_LP_BRANCH_PSEUDOCOST = 0, /* hybrid pseudocost (GLPK's best)   */
    WO_LP_BRANCH_MOSTFRAC,       /* most fractional                   */
    WO_LP_BRANCH_DRIEBECK        /* Driebeck-Tomlin                   */
} wo_lp_branching;

typedef struct wo_lp_params {
    double time_limit_s;        /* <= 0: no limit                       */
    long node_limit;            /* > 0: branch and bound stops once this
                                   many subproblems exist (a count, so the
                                   result does not depend on the machine's
                                   speed or load); <= 0: none            */
    long it_limit;              /* > 0: simplex iterations of an LP (and of
                                   a MIP's root LP) at most; <= 0: none  */
    double mip_gap;             /* relative gap to stop at (default 0)  */
    int presolve;               /* run the LP presolver (default 1)     */
    int cuts;                   /* GLPK's own cuts: GMI, MIR, clique (default 1) */
    int cover_cuts;             /* also GLPK's cover cuts (default 0: GLPK 5.0
                                   aborts inside them on some small models) */
    int fp_heur;                /* feasibility pump (default 0)         */
    int prox_heur;              /* proximity search (default 0)         */
    wo_lp_branching branching;  /* default pseudocost                   */
    int best_bound_search;      /* 1: best-bound node selection; 0: best projection (default) */
    const double *start;        /* optional incumbent x[ncols] to start from (checked) */
    wo_lp_cb_fn heur_cb;        /* primal heuristic at each node, or NULL */
    wo_lp_cb_fn cut_cb;         /* cut generation at each node, or NULL   */
    void *cb_ud;                /* passed to both callbacks             */
    wo_cancel_flag *cancel;     /* stop when *cancel != 0, or NULL      */
    int verbose;                /* GLPK terminal output (default 0)     */
} wo_lp_params;

void wo_lp_params_init(wo_lp_params *p);

typedef struct wo_lp_result {
    wo_lp_status status;
    double obj;       /* objective of the solution (incl. constant)      */
    double bound;     /* best proven bound (== obj when optimal)         */
    double gap;       /* relative gap |obj-bound|/max(1,|obj|)            */
    double seconds;   /* wall time of the solve                          */
    long nodes;       /* branch-and-bound subproblems created            */
} wo_lp_result;

/* Solve as a MIP (columns of kind INT/BIN integral); a model with only
 * continuous columns is solved as an LP. After it returns WO_OK, column
 * values of the solution (if any) are available with wo_lp_value(). */
int wo_lp_solve(wo_lp *lp, const wo_lp_params *prm, wo_lp_result *res,
                wo_err *err);

/* Solve the LP relaxation only (integrality ignored); row duals become
 * available through wo_lp_dual(). */
int wo_lp_solve_relaxation(wo_lp *lp, const wo_lp_params *prm,
                           wo_lp_result *res, wo_err *err);

double wo_lp_value(const wo_lp *lp, int col);
double wo_lp_row_activity(const wo_lp *lp, int row);
double wo_lp_dual(const wo_lp *lp, int row);

/* Write the model as free MPS / CPLEX-LP. The file appears only when
 * complete (written to a temporary name, then renamed). */
int wo_lp_write_mps(const wo_lp *lp, const char *path, wo_err *err);
int wo_lp_write_lp(const wo_lp *lp, const char *path, wo_err *err);

/* GLPK keeps a working environment per thread. A thread that solved
 * models and is about to end calls this to release it; every model the
 * thread still holds becomes invalid. */
void wo_lp_thread_done(void);

#endif /* WO_LP_H */
