/*
 * one_stop.h — a stand-in for the routing core in tests of the layers
 * above it: every stop gets its own route, depot -> stop -> nearest
 * facility accepting the stream with room left -> depot, while vehicles
 * last, waiting for time windows and opening hours; a stop it cannot fit
 * in the shift is unserved. A type with a break takes it after the
 * return, at the depot (the routing core's form when a route ends before
 * the break window; a stop whose route would end after the window is
 * unserved). Its solutions obey the rules of solver/vrp/vrp.h otherwise.
 */
#ifndef WO_TEST_ONE_STOP_H
#define WO_TEST_ONE_STOP_H

#include "solver/plan/plan.h"
#include "solver/vrp/vrp.h"

/* Same contract as wo_vrp_solve (prm is ignored); free with
 * wo_test_one_stop_release. */
int wo_test_one_stop_solve(const wo_vrp_problem *pb, const wo_vrp_params *prm,
                           wo_vrp_solution *sol, wo_err *err);
void wo_test_one_stop_release(wo_vrp_solution *sol);

/* The plan of sc over `days` days routed by this stand-in (release with
 * wo_plan_free), or NULL with the message on stderr. */
wo_plan *wo_test_one_stop_plan(const wo_scenario *sc, int days);

#endif /* WO_TEST_ONE_STOP_H */
