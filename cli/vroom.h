/*
 * vroom.h — VROOM's problem JSON in, VROOM's solution JSON out, on the
 * routing core (solver/vrp): what `wasteopt solve` runs and what an HTTP
 * server can call without the command line.
 *
 * The fields taken, ignored (a warning) and refused (an error naming the
 * JSON path) are listed in cli/VROOM.md, with the waste extension: a
 * top-level `facilities` array and `unload` steps.
 *
 * Thread-safe: no global mutable state; any number of calls may run at
 * once (each allocates its own memory; jansson's allocator is set once
 * for the process before the first value). Each call releases the GLPK
 * environment of its thread when it ends (solver/lp.h,
 * wo_lp_thread_done), so a long-lived worker thread holds nothing between
 * solves; a GLPK model of the caller's own on that thread would become
 * invalid.
 */
#ifndef WO_CLI_VROOM_H
#define WO_CLI_VROOM_H

#include <stddef.h>

/* Options of one solve; fill with wo_vroom_opts_init(). */
typedef struct wo_vroom_opts {
    double time_limit_s;  /* search time cap, <= 0: none (then iterations
                             must be set)                                */
    long iterations;      /* search iterations, <= 0: none; with a seed the
                             answer is then the same on any machine      */
    unsigned long seed;   /* seed of the search                          */
    double circuity;      /* without matrices and graph: road distance =
                             great-circle distance x circuity (>= 1)      */
    const char *graph_path; /* road graph (`wasteopt osm import`) for the
                             matrices when the problem has none, or NULL  */
    int threads;          /* independent searches at once (>= 1)         */
} wo_vroom_opts;

/* Defaults: a 5 s cap on 2,000 iterations, seed 1, circuity
 * WO_CIRCUITY_CHONGQING (geo/matrix.h), no graph, one thread. */
void wo_vroom_opts_init(wo_vroom_opts *o);

/* Solve the VROOM problem in[0..in_len) (need not be NUL-terminated).
 *
 * 0: *out is the solution JSON (*out_len bytes, NUL-terminated, malloc'd
 * by wo_malloc: the caller frees it with wo_free) and err holds the
 * warnings, one per line ("" when none). Otherwise *out is NULL and err
 * holds the message, naming the JSON path (`vehicles[2].capacity[1]: ...`)
 * or the line and column of a syntax error: 2 for a bad problem (HTTP
 * 400), 1 for an internal failure (out of memory, HTTP 500). err may be
 * NULL when err_len is 0; a long message is cut to err_len - 1 bytes. */
int wo_vroom_solve_text(const char *in, size_t in_len, const wo_vroom_opts *opts,
                        char **out, size_t *out_len, char *err, size_t err_len);

#endif /* WO_CLI_VROOM_H */
