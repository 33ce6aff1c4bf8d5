/*
 * vroom.h — VROOM's problem JSON in, VROOM's solution JSON out: the entry
 * `wasteopt solve` and `POST /` of `wasteopt serve` share.
 */
#ifndef WO_CLI_VROOM_H
#define WO_CLI_VROOM_H

#include <stddef.h>

/* Options of one solve; fill with wo_vroom_opts_init, then set. */
typedef struct wo_vroom_opts { double time_limit_s; long iterations;
    unsigned long seed; double circuity; const char *graph_path; int threads; }
    wo_vroom_opts;

/* Defaults of every option. */
void wo_vroom_opts_init(wo_vroom_opts *o);

/* Solve the problem text in[0..in_len).
 * 0: *out is the solution JSON (malloc'd, caller frees); 2: bad problem (HTTP 400),
   err holds the message with the JSON path; 1: internal failure (HTTP 500). */
int wo_vroom_solve_text(const char *in, size_t in_len, const wo_vroom_opts *opts,
                        char **out, size_t *out_len, char *err, size_t err_len);

#endif /* WO_CLI_VROOM_H */
