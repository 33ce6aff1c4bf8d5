/*
 * cvrplib.h — CVRPLIB / TSPLIB capacitated VRP instances (.vrp) and
 * solutions (.sol), with the conventions of ../shared/bench/README.md:
 * EUC_2D coordinates, edge cost nint(Euclidean distance), depot node 1,
 * .sol customer c = .vrp node c+1 (0-based node index c). Only benches,
 * tests and fuzz targets use it: linked into them, not into the library.
 */
#ifndef WO_VRP_CVRPLIB_H
#define WO_VRP_CVRPLIB_H

#include "solver/vrp/vrp.h"

#include <stddef.h>

#define WO_CVRPLIB_MAX_NODES 100000 /* DIMENSION accepted at most */

typedef struct wo_cvrplib {
    char name[128];       /* NAME                                      */
    int n;                /* DIMENSION: nodes including the depot      */
    double capacity;      /* CAPACITY                                  */
    double *x, *y;        /* [n] coordinates (owned)                   */
    double *demand;       /* [n] demands (owned)                       */
    int depot;            /* 0-based depot node                        */
} wo_cvrplib;

/* Parse an instance from text[0..len) (need not be NUL-terminated);
 * `file` names it in messages ("file:line: ..."). On success *inst owns
 * its arrays (free with wo_cvrplib_free); on error nothing is kept. */
int wo_cvrplib_parse(const char *text, size_t len, const char *file,
                     wo_cvrplib *inst, wo_err *err);

/* Read and parse a .vrp file (at most 64 MiB). */
int wo_cvrplib_read(const char *path, wo_cvrplib *inst, wo_err *err);

void wo_cvrplib_free(wo_cvrplib *inst);

/* The instance as a wo_vrp_problem: one location per node, rounded
 * Euclidean distances (also used as durations), one stop per customer
 * (ext_id = node number), one vehicle type with capacity and no fleet
 * limit, cost 1 per unit of distance, depot start and end. *dist_out and
 * *stops_out (allocated) must outlive *pb and be freed with wo_free; *type
 * is filled in place. */
int wo_cvrplib_problem(const wo_cvrplib *inst, wo_vrp_problem *pb,
                       double **dist_out, wo_vrp_stop **stops_out,
                       wo_vrp_vehicle_type *type, wo_err *err);

/* Read a whole text file of at most 64 MiB into *out (allocated,
 * NUL-terminated, freed with wo_free) and its length into *len. */
int wo_cvrplib_read_text(const char *path, char **out, size_t *len,
                         wo_err *err);

/* Cost line of a CVRPLIB .sol file. */
int wo_cvrplib_read_sol_cost(const char *path, double *cost, wo_err *err);

/* Write a solution of a problem made by wo_cvrplib_problem as a .sol file
 * ("Route #i: c1 c2 ...", "Cost N"); atomic (temporary file + rename). */
int wo_cvrplib_write_sol(const char *path, const wo_vrp_problem *pb,
                         const wo_vrp_solution *sol, wo_err *err);

#endif /* WO_VRP_CVRPLIB_H */
