/*
 * vrp_exact.h — the exact compact MIP of the routing model (GLPK), the
 * tests' first exact reference for instances of at most 12 stops (see
 * vrp_exact.c for the formulation and its reach). Only tests use it: it
 * is linked into them, not into the library.
 */
#ifndef VRP_EXACT_H
#define VRP_EXACT_H

#include "solver/vrp/vrp.h"

/* Exact compact MIP (GLPK), for at most 12 stops: the tests' first exact
 * reference. It proves optima quickly up to about 6 stops (vrp_exact.c);
 * the tests cross-check it with a route-labelling + set-partitioning
 * reference, which the heuristic is tested against up to 10 stops. */
int wo_vrp_solve_exact(const wo_vrp_problem *pb, const wo_vrp_params *prm,
                       wo_vrp_solution *sol, wo_err *err);

#endif /* VRP_EXACT_H */
