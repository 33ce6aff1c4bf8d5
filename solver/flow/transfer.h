/*
 * transfer.h — second echelon of the nightly plan: transfer stations ->
 * plants as an integer truckload transportation MIP (GLPK via solver/lp).
 *
 *   min  sum_sp trips_sp * (2 * dist_sp * cost_per_km + cost_per_trip)
 *        + sum_sp q_sp * proc_cost_p            (processing less revenue)
 *        + penalty * (sum_s unshipped_s + short)
 *   s.t. sum_p q_sp + unshipped_s = load_s      (every station emptied)
 *        sum_s q_sp <= intake_p                 (plant intake per day)
 *        sum_s trips_sp <= max_trips_p          (unloading slots, if set)
 *        q_sp <= trailer_t * trips_sp, trips integer
 *        sum_{s, p incinerates} q_sp + short
 *            >= incin_min * sum_sp q_sp         (annex indicator 3, if set)
 *
 * A plant marked restricted takes the stream only in an emergency: a rule
 * of the city's policy keeps it out (raw household waste into a landfill)
 * and each tonne sent there costs emergency_per_t more; what goes there is
 * named in the result (0 per tonne: the rule is only reported).
 *
 * A trip is a round trip (loaded out, empty back). An arc with a negative
 * distance is not allowed (the plant does not accept that station's
 * stream). Unshipped load is a result, named per station, not an error.
 */
#ifndef WO_FLOW_TRANSFER_H
#define WO_FLOW_TRANSFER_H

#include "base/base.h"
#include "solver/flow/network.h"
#include "solver/lp.h"

typedef struct wo_transfer_problem {
    int nstations;              /* transfer stations                        */
    int nplants;                /* plants                                   */
    const double *load_t;       /* [nstations] tonnes to ship today         */
    const double *intake_t;     /* [nplants] intake limit per day (t)       */
    const int *max_trips;       /* [nplants] trips a plant can unload per
                                   day, <= 0: no limit; NULL: none         */
    const double *dist_km;      /* [nstations * nplants] station s to plant
                                   p at [s * nplants + p]; < 0: forbidden  */
    double trailer_t;           /* trailer payload (t), > 0                 */
    double cost_per_km;         /* trailer cost per km driven, >= 0         */
    double cost_per_trip;       /* fixed cost per trip (loading, tolls)     */
    double penalty_per_t;       /* cost of a tonne left unshipped, and of a
                                   tonne short of the incineration target
                                   (> 0)                                   */
    const double *proc_cost_per_t; /* [nplants] processing cost less revenue
                                   per t at the plant (finite, may be < 0);
                                   NULL: 0                                 */
    const unsigned char *incinerates; /* [nplants] 1: the plant incinerates;
                                   NULL: none does                         */
    double incin_min;           /* incineration share of what is shipped,
                                   0..1; 0: no policy row                  */
    const unsigned char *restricted; /* [nplants] 1: the plant takes the
                                   stream only in an emergency; NULL: none */
    double emergency_per_t;     /* added cost of a tonne into a restricted
                                   plant, >= 0 (0: reported only)          */
    const char *rule;           /* the rule restricting, for messages      */
    const char *stream;         /* stream code for messages, or NULL        */
    const char *const *plant_id; /* [nplants] plant ids for messages, or
                                   NULL ("plant N")                        */
    double time_limit_s;        /* <= 0: none                               */
    long node_limit;            /* branch-and-bound subproblems at most
                                   (wo_lp_params.node_limit); <= 0: none   */
    const char *write_lp;       /* write the MIP here, or NULL              */
    const char *write_mps;      /* write the MIP here, or NULL              */
} wo_transfer_problem;

/* Defaults: trailer 20 t, 6 CNY/km, 0 per trip, penalty 1e5 per t. */
void wo_transfer_problem_init(wo_transfer_problem *p);

typedef struct wo_transfer_result {
    wo_lp_status status;        /* of the MIP                               */
    double cost;                /* trip costs (without penalties)           */
    double proc_cost;           /* processing less revenue of what is sent  */
    double obj;                 /* objective incl. penalties                */
    double bound;               /* proven bound on obj                      */
    double *q_t;                /* [ns * np] tonnes shipped                 */
    int *trips;                 /* [ns * np] trips                          */
    double *unshipped_t;        /* [ns] left at the station                 */
    int total_trips;            /* sum of trips                             */
    double incin_rate;          /* share of the shipped tonnes incinerated,
                                   -1 when nothing is shipped              */
    double restricted_t;        /* tonnes into restricted plants            */
    int nviol;                  /* what binds: the incineration target, the
                                   restricted plants used (0 to 2)         */
    wo_net_violation *viol;     /* [nviol] named shortfalls, or NULL        */
} wo_transfer_result;

/* Solve p. On WO_OK, r is filled (free with wo_transfer_result_free); the
 * arrays are NULL when no solution was found. Bad sizes, negative loads or
 * a non-positive trailer are WO_EINVAL with a message naming the item. */
int wo_transfer_solve(const wo_transfer_problem *p, wo_transfer_result *r,
                      wo_err *err);

void wo_transfer_result_free(wo_transfer_result *r);

#endif /* WO_FLOW_TRANSFER_H */
