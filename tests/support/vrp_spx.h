/*
 * vrp_spx.h — a second exact reference for small routing instances,
 * independent of the compact MIP (tests/support/vrp_exact.c) and of the
 * heuristic's route evaluation (solver/vrp/drive.c, unload.c, eval.c):
 *  1. for every vehicle type, stream and set of stops of that stream, the
 *     cheapest feasible route serving exactly that set, found by a
 *     labelling enumeration of elementary routes with dominance (every
 *     stop order, every unload placement at every facility, the break after
 *     any visit, every time window of a stop, the best departure time);
 *  2. a set-partitioning MIP over those routes in GLPK (solver/lp.h): each
 *     mandatory stop on exactly one route, an optional one on at most one
 *     (else its penalty), at most `count` routes per type; lexicographic
 *     problems are solved twice (fewest vehicles, then cost).
 * It answers the same model as wo_vrp_solve_exact (unloads only right
 * after a stop, never two in a row or straight after the start depot; the
 * break after the start depot, a stop or an unload) except that it has no
 * bound on the unload visits per facility, and it refuses problems with a
 * daily facility capacity (a route's cost would then depend on where it
 * unloads, which the partitioning does not see).
 */
#ifndef VRP_SPX_H
#define VRP_SPX_H

#include "solver/vrp/vrp.h"

#define VRP_SPX_MAX_STOPS 12

/* Solve pb exactly. On WO_OK sol holds the routes (release them with
 * vrp_gen_solution_release), status WO_VRP_OPTIMAL, cost recomputed from
 * the routes, lower_bound = cost and iterations = routes enumerated (the
 * MIP's columns). WO_EINVAL: more than VRP_SPX_MAX_STOPS stops or a
 * facility capacity; WO_EINFEASIBLE: a mandatory stop lies on no feasible
 * route or the fleet cannot serve them all; WO_ENOMEM. */
int vrp_spx_solve(const wo_vrp_problem *pb, wo_vrp_solution *sol, wo_err *err);

#endif /* VRP_SPX_H */
