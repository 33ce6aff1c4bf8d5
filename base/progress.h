/*
 * progress.h — progress reports of long computations and the cancel flag.
 */
#ifndef WO_BASE_PROGRESS_H
#define WO_BASE_PROGRESS_H

#include <signal.h>

/* Progress report from a long computation. Return nonzero to ask it to
 * stop (same effect as the cancel flag). */
typedef struct wo_progress {
    const char *phase;     /* e.g. "vrp", "flow", "ch"            */
    double fraction;       /* 0..1, or -1 when unknown             */
    double best_cost;      /* best objective so far, or NaN        */
    double elapsed_s;      /* seconds since start                  */
    long iteration;        /* iterations done                      */
} wo_progress;
typedef int (*wo_progress_fn)(const wo_progress *p, void *ud);

/* A cancel flag that a signal handler may set (it is only ever read by the
 * library). */
typedef volatile sig_atomic_t wo_cancel_flag;

#endif /* WO_BASE_PROGRESS_H */
