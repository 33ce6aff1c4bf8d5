/*
 * vrp_gen.h — seeded generator of small rich routing instances for the
 * tests: at most VRP_GEN_MAX_STOPS stops around one depot, one or two
 * facilities, time windows (some stops with two), breaks, one or two
 * vehicle types, one stream or two streams with dedicated types. The
 * instance owns all its arrays (no allocation), so it can live on the
 * stack; same seed and options, same instance.
 */
#ifndef VRP_GEN_H
#define VRP_GEN_H

#include "solver/vrp/vrp.h"

#include <stdint.h>

#define VRP_GEN_MAX_STOPS 12
#define VRP_GEN_MAX_LOC (1 + 2 + VRP_GEN_MAX_STOPS)

/* What to put into an instance. */
typedef struct vrp_gen_opts {
    int n_stops;        /* 1..VRP_GEN_MAX_STOPS                          */
    int n_facilities;   /* 1 or 2                                        */
    int n_types;        /* 1 or 2                                        */
    int two_streams;    /* 1: streams 0 and 1, type t carries stream t   */
    int time_windows;   /* 1: about half the stops get windows           */
    int breaks;         /* 1: type 0 takes a 30 min break 11:00-13:00     */
    int optional;       /* 1: about a fifth of the stops are optional    */
    int facility_cap;   /* 1: facility 0 has a daily capacity            */
    int lexicographic;  /* copied to the problem                         */
} vrp_gen_opts;

/* An instance and the storage it points into. */
typedef struct vrp_gen {
    wo_vrp_problem pb;                               /* points into below */
    double dist_m[VRP_GEN_MAX_LOC * VRP_GEN_MAX_LOC]; /* row-major         */
    double dur_s[VRP_GEN_MAX_LOC * VRP_GEN_MAX_LOC];
    wo_vrp_stop stops[VRP_GEN_MAX_STOPS];
    wo_vrp_facility facilities[2];
    wo_vrp_vehicle_type types[2];
} vrp_gen;

/* Options drawn from the seed: every feature switched on or off at
 * random, n_stops in [min_stops, max_stops]. */
void vrp_gen_random_opts(uint64_t seed, int min_stops, int max_stops,
                         vrp_gen_opts *o);

/* Fill g from seed and o (o->n_stops is clamped to 1..VRP_GEN_MAX_STOPS). */
void vrp_gen_make(vrp_gen *g, uint64_t seed, const vrp_gen_opts *o);

/* Free what a solver put in sol (routes, visits, unserved list) and reset
 * it; the tests use it instead of the library's wo_vrp_solution_free. */
void vrp_gen_solution_release(wo_vrp_solution *sol);

/* Wire pb as a plain CVRP over the points (x[i], y[i]), i < n_loc, with
 * the depot at location 0 and stops[0..n_loc-1) (filled by the caller)
 * at the others: dist (n_loc x n_loc, row-major, also the durations)
 * gets the Euclidean distances rounded to the metre; *t, the one type,
 * count vehicles of capacity cap (dimension 0; dimension 1 and the daily
 * loads unlimited) at 1 per metre, carrying every stream, with a shift
 * that never closes. Fields not named here are left as they are. */
void vrp_gen_cvrp(wo_vrp_problem *pb, double *dist, const double *x,
                  const double *y, int n_loc, wo_vrp_stop *stops,
                  wo_vrp_vehicle_type *t, int count, double cap);

#endif /* VRP_GEN_H */
