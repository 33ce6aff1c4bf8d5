/*
 * progress.c — progress display and signal handling. See progress.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/progress.h"

#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#define BAR_WIDTH 30
#define TTY_INTERVAL_S 0.2   /* bar redraw rate                          */
#define PLAIN_INTERVAL_S 10  /* plain line rate (cron logs)              */

void wo_cli_progress_init(wo_cli_progress *p, FILE *out, int quiet, int tty)
{
    memset(p, 0, sizeof *p);
    p->out = out;
    p->quiet = quiet;
    p->tty = tty >= 0 ? tty : isatty(fileno(out));
    p->start_s = wo_now_s();
    p->last_s = -1e9;
    p->interval_s = p->tty ? TTY_INTERVAL_S : PLAIN_INTERVAL_S;
    pthread_mutex_init(&p->lock, NULL);
}

/* Erase the bar line (terminal only); call with the lock held. */
static void clear_bar(wo_cli_progress *p)
{
    if (p->bar_shown) {
        fputs("\r\033[K", p->out);
        p->bar_shown = 0;
    }
}

int wo_cli_progress_report(const wo_progress *pr, void *ud)
{
    wo_cli_progress *p = ud;
    double now, frac;
    int phase_changed;
    const char *phase = pr->phase ? pr->phase : "";
    char cost[48] = "";
    if (p->quiet)
        return 0;
    pthread_mutex_lock(&p->lock);
    now = wo_now_s();
    /* On a terminal a new phase redraws at once; in a log, lines keep
     * their pace even when parallel phases take turns reporting. */
    phase_changed = p->tty && strncmp(p->phase, phase, sizeof p->phase - 1);
    if ((!phase_changed && now - p->last_s < p->interval_s &&
         pr->fraction < 1.0) ||
        (!p->tty && pr->fraction >= 1.0 && p->done_shown)) {
        pthread_mutex_unlock(&p->lock);
        return 0;
    }
    wo_strlcpy(p->phase, phase, sizeof p->phase);
    p->last_s = now;
    frac = pr->fraction;
    if (isfinite(pr->best_cost))
        snprintf(cost, sizeof cost, "  best %.0f", pr->best_cost);
    if (p->tty) {
        char bar[BAR_WIDTH + 1];
        int i, filled = frac >= 0 ? (int)(fmin(frac, 1.0) * BAR_WIDTH + 0.5) : 0;
        for (i = 0; i < BAR_WIDTH; i++)
            bar[i] = i < filled ? '#' : '-';
        bar[BAR_WIDTH] = '\0';
        fprintf(p->out, "\r\033[K[%s] %3.0f%%  %-14s %6.1f s%s", bar,
                frac >= 0 ? fmin(frac, 1.0) * 100 : 0.0, phase,
                now - p->start_s, cost);
        p->bar_shown = 1;
    } else if (frac >= 0) {
        p->done_shown = frac >= 1.0;
        fprintf(p->out, "progress: %3.0f%% %s, %.1f s elapsed%s\n",
                fmin(frac, 1.0) * 100, phase, now - p->start_s, cost);
    } else {
        fprintf(p->out, "progress: %s, %.1f s elapsed%s\n", phase,
                now - p->start_s, cost);
    }
    fflush(p->out);
    pthread_mutex_unlock(&p->lock);
    return 0;
}

void wo_cli_progress_note(wo_cli_progress *p, const char *fmt, ...)
{
    va_list ap;
    if (p->quiet)
        return;
    pthread_mutex_lock(&p->lock);
    clear_bar(p);
    va_start(ap, fmt);
    vfprintf(p->out, fmt, ap);
    va_end(ap);
    fputc('\n', p->out);
    fflush(p->out);
    /* Redraw the bar on the next report. */
    p->last_s = -1e9;
    pthread_mutex_unlock(&p->lock);
}

void wo_cli_progress_finish(wo_cli_progress *p)
{
    pthread_mutex_lock(&p->lock);
    if (p->bar_shown) {
        fputc('\n', p->out);
        p->bar_shown = 0;
        fflush(p->out);
    }
    pthread_mutex_unlock(&p->lock);
    pthread_mutex_destroy(&p->lock);
}

/* ---------------------------------------------------------------- signals */

/* A signal handler can reach only globals; these are the CLI's, never the
 * library's. */
static wo_cancel_flag *volatile signal_flag;
static volatile sig_atomic_t signal_number;

static void set_default(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static void on_signal(int sig)
{
    wo_cancel_flag *flag = signal_flag;
    if (flag)
        *flag = 1;
    signal_number = sig;
    /* sigaction is async-signal-safe: the next signal ends the process. */
    set_default(SIGINT);
    set_default(SIGTERM);
}

int wo_cli_signals_install(wo_cancel_flag *flag)
{
    struct sigaction sa;
    signal_flag = flag;
    signal_number = 0;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGTERM);
    if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0)
        return -1;
    return 0;
}

void wo_cli_signals_restore(void)
{
    set_default(SIGINT);
    set_default(SIGTERM);
    signal_flag = NULL;
}

int wo_cli_signal_received(void)
{
    return (int)signal_number;
}
