/*
 * vrp_wire.h — routing problems and their solutions as byte messages, so
 * that a routing problem of the plan can be solved in another process
 * (wasteopt-mpi, cli/mpi/) and its answer brought back unchanged.
 *
 * A message is a header (a magic word naming the kind, the format version
 * and the message's total length) followed by the fields in a fixed
 * order, every integer as little-endian 32 or 64 bits and every double as
 * the 64 bits of its IEEE-754 value, so that a solution read back is bit
 * for bit the one written. The reader checks the magic, the version, the
 * length, every count against the bytes left and every enumeration
 * against its values: a damaged or foreign message is WO_EPARSE (or
 * WO_EVERSION) with the field named, never a crash. Indices into the
 * problem are the routing core's to check (wo_vrp_validate).
 *
 * Only what the routing core reads crosses: the problem, the parameters
 * the plan sets (time limit, iterations, stall rule, seed, threads; no
 * progress hook or cancel flag, which belong to the sending process) and,
 * back, the solution with the routing core's return code and message.
 */
#ifndef WO_CLI_VRP_WIRE_H
#define WO_CLI_VRP_WIRE_H

#include <stddef.h>

#include "base/buf.h"
#include "solver/vrp/vrp.h"

#define WO_WIRE_VERSION 2

/* A problem read from a message: pb's arrays point into the owned arrays
 * below (release with wo_wire_job_free). */
typedef struct wo_wire_job {
    wo_vrp_problem pb;         /* the problem                               */
    wo_vrp_params prm;         /* the parameters sent, the rest zero        */
    double *dist_m, *dur_s;    /* owned matrices                            */
    wo_vrp_stop *stops;        /* owned                                     */
    wo_vrp_facility *facilities; /* owned                                   */
    wo_vrp_vehicle_type *types; /* owned                                    */
    int *pref_vehicle, *pref_pos; /* owned, NULL when the problem has none */
} wo_wire_job;

/* Append the message of problem pb with the parameters of prm to b
 * (wo_buf_init(b, 0) before). WO_ENOMEM / WO_ETOOBIG from the buffer. */
int wo_wire_put_job(wo_buf *b, const wo_vrp_problem *pb,
                    const wo_vrp_params *prm);

/* Read a problem message of len bytes into *job (zeroed first). WO_OK, or
 * WO_EPARSE / WO_EVERSION naming the field, WO_ENOMEM; on error *job holds
 * nothing. */
int wo_wire_get_job(const void *data, size_t len, wo_wire_job *job,
                    wo_err *err);

/* Release what wo_wire_get_job allocated (zeroed job allowed). */
void wo_wire_job_free(wo_wire_job *job);

/* Append the answer to a problem: the routing core's return code rc, its
 * message msg (may be NULL or "") and, when rc is WO_OK, solution sol. */
int wo_wire_put_result(wo_buf *b, int rc, const char *msg,
                       const wo_vrp_solution *sol);

/* Read an answer: *rc and the message (truncated to msg_cap - 1 bytes,
 * always terminated) and, when *rc is WO_OK, the solution into *sol (an
 * initialised solution, released with wo_vrp_solution_free). WO_OK when
 * the message reads; its own error (WO_EPARSE, WO_EVERSION, WO_ENOMEM)
 * otherwise, with *sol left empty. */
int wo_wire_get_result(const void *data, size_t len, int *rc, char *msg,
                       size_t msg_cap, wo_vrp_solution *sol, wo_err *err);

#endif /* WO_CLI_VRP_WIRE_H */
