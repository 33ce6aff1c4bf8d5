/*
 * budget.h — the budget of a plan, in one table. A command's time
 * limit becomes one absolute deadline (base/clock.h) where the limit is
 * known (cli/cmd_plan.c, or wo_plan_params_init from the scenario); the
 * plan and its layers take shares of what is left of it, by the constants
 * below, instead of keeping start times of their own.
 *
 * Under an iteration budget (wo_plan_params.max_iterations) every decision
 * comes from counts instead: the routing core's iterations and its
 * set-partitioning MIP's node limit, and the flow MIPs' node limit below,
 * so that a seed and an iteration limit give the same plan however loaded
 * the machine. The deadline is then only a cap: each stage may run until
 * it, and it stops a stage only when the run overruns it.
 *
 * Order of a plan's time: the first routing problems until
 * WO_PLAN_SHARE_FIRST, the rescue pass until WO_PLAN_SHARE_ROUTING, the
 * flow MIPs of the assembly (second echelon, earthwork) in the rest, each
 * within [WO_PLAN_MIP_MIN_S, WO_PLAN_MIP_MAX_S].
 */
#ifndef WO_PLAN_BUDGET_H
#define WO_PLAN_BUDGET_H

#include "base/clock.h"
#include "data/model.h"

/* ------------------------------------------------------ the command */

/* The time limit of a scenario that sets none is WO_PLAN_DEFAULT_LIMIT_S
 * (data/model.h), where the loader sets it. */

/* With a road graph, the share of the time left after loading that the
 * plan gets: drawing the routes along the roads takes the rest. */
#define WO_PLAN_SHARE_GRAPH 0.85
/* Kept at the end of the command for the indicators and writing the
 * outputs: the plan, and the road geometry after it, stop this long before
 * the deadline. */
#define WO_PLAN_WRITE_MARGIN_S 1.0
/* The least a plan is given, even when loading took the whole limit: a
 * plan of the first problems still beats none. */
#define WO_PLAN_MIN_S 0.5
/* A what-if variant without its own limit gets the scenario's limit
 * shared among the variants, but never less than this: below it the
 * default's problems get too little search to compare. */
#define WO_PLAN_VARIANT_MIN_S 5.0

/* ------------------------------------------------------ the plan */

/* The first routing problems run until this share of the plan's time;
 * the rescue pass, which only takes on what they left, gets what follows. */
#define WO_PLAN_SHARE_FIRST 0.8
/* Routing (first problems and rescue) ends at this share: the flow MIPs
 * of the assembly take the rest. */
#define WO_PLAN_SHARE_ROUTING 0.9
/* Within one routing problem: the set-partitioning MIP that finishes the
 * search over its pool of routes gets this share of the problem's time,
 * and never more than the second share (the search that fills the pool
 * needs the rest; wo_vrp_params.sp_share and sp_share_max). */
#define WO_PLAN_SHARE_SP 0.1
#define WO_PLAN_SHARE_SP_MAX 0.5
/* Flow MIPs that share a day's part of the rest: the second echelon and
 * the earthwork balance. */
#define WO_PLAN_MIPS_PER_DAY 2.0
/* The shortest time of one flow MIP (of each earthwork stage) when the
 * deadline leaves that much: less and GLPK stops before its first
 * incumbent on the default's transfer problems. Past the deadline a MIP
 * gets WO_PLAN_JOB_MIN_S (an earthwork whose cost stage finds nothing
 * keeps its placement stage's answer). */
#define WO_PLAN_MIP_MIN_S 0.5
/* The longest time of one flow MIP: the plan's MIPs are small and are
 * solved or as good as solved by then. */
#define WO_PLAN_MIP_MAX_S 5.0
/* Kept at the end of the plan for assembling it: a flow MIP never takes
 * more than half of what is left before this margin. */
#define WO_PLAN_END_MARGIN_S 0.3
/* The least a routing problem or a flow MIP is given, even past the
 * deadline: the routing core still returns its construction. */
#define WO_PLAN_JOB_MIN_S 0.05
/* Stands for "no time limit" where the routing core needs a finite one
 * (about 31 years). */
#define WO_PLAN_NO_LIMIT_S 1e9

/* The stop rule of a plan's routing searches (wo_plan_params stall_*):
 * a search, each phase of it, ends once its best solution has not improved
 * for WO_PLAN_STALL_ITERATIONS iterations or, when set and without an
 * iteration limit, WO_PLAN_STALL_S seconds; the time it leaves goes to the
 * problems not started yet, or the plan ends sooner. Counts decide by
 * default, as they hold under any load: on the default night (75 s, a
 * loaded machine) the household problems of about 500 stops that still
 * improved did so at most 28 iterations apart until their limit, while a
 * 516-stop one had its last improvement at iteration 20 of 91 and problems
 * of 1 to 6 stops ran 100 to 28,000 iterations after their optimum; a
 * 30-stop night settles within about 60 (benches/run_stall.sh). Seconds
 * are off by default: under load one ruin-and-recreate step of a 517-stop
 * problem took up to 2 s, and a 10 s rule ended that search 7 steps after
 * an improvement, with a stop it would have served later still out. */
#define WO_PLAN_STALL_ITERATIONS 50L
#define WO_PLAN_STALL_S 0.0

/* ------------------------------------------------------ counts */

/* Under an iteration budget: the branch-and-bound subproblems of each
 * flow MIP (each earthwork stage). The default's earthwork cost stage
 * takes about 2 s for them on an idle machine (its placement stage and the
 * transfer MIPs end well before); the cost it then reaches is 0.04 % of
 * the plan's above where 5 s of branching took it. */
#define WO_PLAN_MIP_NODES 2000

/* The scenario's time limit (its plan options), WO_PLAN_DEFAULT_LIMIT_S
 * when it sets none or sc is NULL. */
double wo_plan_budget_limit_s(const wo_scenario *sc);

/* The deadline of a phase that ends after `share` (0..1) of what is left
 * of d; without a limit, WO_PLAN_NO_LIMIT_S from now. */
wo_deadline wo_plan_budget_phase(wo_deadline d, double share);

/* The deadline margin_s before d (no limit stays no limit). */
wo_deadline wo_plan_budget_before(wo_deadline d, double margin_s);

/* The plan's deadline within a command's: WO_PLAN_WRITE_MARGIN_S before
 * it, and with a road graph WO_PLAN_SHARE_GRAPH of what is left until
 * then; at least WO_PLAN_MIN_S from now. */
wo_deadline wo_plan_budget_command(wo_deadline command, int with_graph);

/* Seconds of one what-if variant without a limit of its own: the
 * scenario's limit shared among n variants, at least
 * WO_PLAN_VARIANT_MIN_S. */
double wo_plan_budget_variant_s(double scenario_limit_s, int n);

/* Time limit of each flow MIP of a plan of `days` days whose whole
 * budget is budget_s seconds (+infinity: no limit): the MIPs' part of it
 * (1 - WO_PLAN_SHARE_ROUTING) shared among WO_PLAN_MIPS_PER_DAY a day,
 * within [WO_PLAN_MIP_MIN_S, WO_PLAN_MIP_MAX_S]; WO_PLAN_MIP_MAX_S
 * without a limit. */
double wo_plan_budget_mip_s(double budget_s, int days);

/* Limits of the next flow MIP (of each earthwork stage). Under an
 * iteration budget (counted != 0): WO_PLAN_MIP_NODES subproblems, and what
 * is left before `end` as its time cap. Else no node limit and its time
 * share mip_s (at least WO_PLAN_MIP_MIN_S), but never past half of what is
 * left before `end` (so that two earthwork stages end by `end`), and at
 * least WO_PLAN_JOB_MIN_S. */
void wo_plan_budget_next_mip(wo_deadline end, double mip_s, int counted,
                             double *time_limit_s, long *node_limit);

/* Time limit of a routing problem of `weight` starting now, with left_s
 * seconds left to the phase's deadline and pending_weight of problems not
 * started yet (this one included) on `threads` workers: its weight's
 * share of the time left times the workers that share the wall clock;
 * under an iteration budget (counted != 0) all of left_s, only its cap.
 * Never more than left_s nor less than WO_PLAN_JOB_MIN_S. */
double wo_plan_budget_job_s(double left_s, int threads, double weight,
                            double pending_weight, int counted);

#endif /* WO_PLAN_BUDGET_H */
