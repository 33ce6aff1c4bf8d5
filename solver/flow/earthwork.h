/*
 * earthwork.h — earthwork balance for cd_spoil (土方平衡): construction
 * sites with surplus spoil, sites with a fill need, and disposal (spoil)
 * sites, as a truckload transportation MIP that reuses spoil before it
 * dumps it.
 *
 * Two stages, both exact (GLPK via solver/lp):
 *  1. place as much spoil as possible (unplaced spoil is a penalised
 *     slack, named per site), and among such plans reuse the most;
 *  2. with placement and reuse held at their stage-1 values, minimise
 *     the cost: trips * (2 * dist * cost_per_km + cost_per_trip) + the
 *     disposal fee per tonne dumped.
 * Spoil moves in whole trips of up to one truckload: q <= truck_t * trips.
 */
#ifndef WO_FLOW_EARTHWORK_H
#define WO_FLOW_EARTHWORK_H

#include "base/base.h"
#include "solver/lp.h"

typedef struct wo_earthwork_problem {
    int nsurplus;               /* sites with surplus spoil                 */
    int nneed;                  /* sites needing fill                       */
    int ndump;                  /* disposal sites                           */
    const double *surplus_t;    /* [nsurplus] spoil to move                 */
    const double *need_t;       /* [nneed] fill that can be taken           */
    const double *dump_cap_t;   /* [ndump] capacity of each disposal site   */
    const double *dump_fee_per_t; /* [ndump] fee per tonne dumped (NULL: 0) */
    const double *dist_reuse_km; /* [nsurplus * nneed]; < 0: not allowed   */
    const double *dist_dump_km;  /* [nsurplus * ndump]; < 0: not allowed   */
    double truck_t;             /* payload per trip, > 0                    */
    double cost_per_km;         /* >= 0                                     */
    double cost_per_trip;       /* >= 0                                     */
    double time_limit_s;        /* per stage; <= 0: none                    */
    long node_limit;            /* per stage: branch-and-bound subproblems
                                   at most (wo_lp_params.node_limit); <= 0:
                                   none                                    */
    const char *write_lp;       /* stage-2 model here, or NULL              */
    const char *write_mps;      /* stage-2 model here, or NULL              */
} wo_earthwork_problem;

/* Defaults: truck 20 t, 5 CNY/km, 0 per trip. */
void wo_earthwork_problem_init(wo_earthwork_problem *p);

typedef struct wo_earthwork_result {
    wo_lp_status status;        /* of stage 2 (or stage 1 if it failed;
                                   FEASIBLE with stage 1's answer when stage
                                   2 found none within its limits)         */
    double reused_t;            /* spoil moved to need sites                */
    double dumped_t;            /* spoil moved to disposal sites            */
    double unplaced_t;          /* spoil nowhere to go                      */
    double cost;                /* trips + fees                             */
    double *reuse_t;            /* [nsurplus * nneed]                       */
    int *reuse_trips;           /* [nsurplus * nneed]                       */
    double *dump_t;             /* [nsurplus * ndump]                       */
    int *dump_trips;            /* [nsurplus * ndump]                       */
    double *unplaced_site_t;    /* [nsurplus]                               */
} wo_earthwork_result;

/* Solve p; same conventions as wo_transfer_solve. */
int wo_earthwork_solve(const wo_earthwork_problem *p, wo_earthwork_result *r,
                       wo_err *err);

void wo_earthwork_result_free(wo_earthwork_result *r);

#endif /* WO_FLOW_EARTHWORK_H */
