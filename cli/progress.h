/*
 * progress.h — what a long command shows while it runs, and how it stops.
 *
 * Progress goes to stderr: a bar redrawn in place on a terminal, plain
 * lines at a modest rate otherwise (logs of a nightly cron job stay
 * readable), nothing with --quiet. SIGINT and SIGTERM set a cancel flag
 * that the solvers poll, so the run stops searching and still writes the
 * best plan found; a second signal gets the default action (the process
 * ends at once).
 */
#ifndef WO_CLI_PROGRESS_H
#define WO_CLI_PROGRESS_H

#include "base/base.h"

#include <pthread.h>
#include <stdio.h>

/* The progress display. Thread-safe: solver threads may report at once. */
typedef struct wo_cli_progress {
    FILE *out;              /* where to write (stderr; not owned)           */
    int quiet;              /* 1: print nothing                             */
    int tty;                /* 1: draw a bar in place, 0: plain lines       */
    double start_s;         /* wo_now_s() at init                           */
    double last_s;          /* time of the last output                      */
    double interval_s;      /* minimum time between two outputs             */
    int bar_shown;          /* 1: a bar is on the current line              */
    int done_shown;         /* 1: the 100 % line was printed (logs)         */
    char phase[48];         /* phase of the last report                     */
    pthread_mutex_t lock;   /* serialises reports from several threads      */
} wo_cli_progress;

/* Set up a display on `out` (usually stderr). tty < 0 detects whether out
 * is a terminal; 0/1 force plain lines / the bar (tests). */
void wo_cli_progress_init(wo_cli_progress *p, FILE *out, int quiet, int tty);

/* A wo_progress_fn: ud is the wo_cli_progress. Redraws at most every
 * interval (and on a phase change). Always returns 0: cancellation goes
 * through the cancel flag. */
int wo_cli_progress_report(const wo_progress *pr, void *ud);

/* Print a message line (printf-style), clearing the bar first; not shown
 * with --quiet. */
void wo_cli_progress_note(wo_cli_progress *p, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Finish: end the bar's line. Call once, before printing anything else. */
void wo_cli_progress_finish(wo_cli_progress *p);

/* ---------------------------------------------------------------- signals */

/* Route SIGINT and SIGTERM to *flag (set to 1). The first signal restores
 * the default action of both, so a second one ends the process. Returns 0,
 * or -1 when sigaction fails. */
int wo_cli_signals_install(wo_cancel_flag *flag);

/* Put the default actions back and stop writing to the flag. */
void wo_cli_signals_restore(void);

/* The signal number received since install (0: none). */
int wo_cli_signal_received(void);

#endif /* WO_CLI_PROGRESS_H */
