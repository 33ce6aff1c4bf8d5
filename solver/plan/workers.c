/*
 * workers.c — the worker threads that solve a run's routing problems:
 * each takes the largest problem not yet started, with its share of the
 * time left, calls the routing core (prm->solve) and reports progress.
 */
#define _POSIX_C_SOURCE 200809L
#include "solver/plan/internal.h"

#include "solver/lp.h"

#include <errno.h>
#include <math.h>
#include <string.h>

/* Progress hook data of one job. */
typedef struct job_hook {
    plan_run *r;               /* the run                                   */
    plan_job *j;               /* the job reporting                         */
} job_hook;

const char *plan_job_phase(const plan_run *r, const plan_job *j)
{
    int s;
    (void)r;
    for (s = 0; s < WO_STREAM_PRIMARY_COUNT; s++)
        if (j->streams & WO_STREAM_BIT(s))
            return wo_family_name(wo_stream_get(s)->family);
    return "plan";
}

/* Overall progress from the jobs' fractions; call with r->lock held. */
static int report_locked(plan_run *r, const plan_job *j, double best_cost,
                         long iter) {
    wo_progress p;
    double done = 0, all = 0;
    int i;
    if (!r->prm->progress)
        return 0;
    for (i = 0; i < r->n_jobs; i++) {
        done += r->jobs[i].weight * r->jobs[i].frac;
        all += r->jobs[i].weight;
    }
    p.phase = plan_job_phase(r, j);
    p.fraction = all > 0 ? done / all : 1.0;
    p.best_cost = best_cost;
    p.elapsed_s = wo_now_s() - r->start_s;
    p.iteration = iter;
    return r->prm->progress(&p, r->prm->progress_ud);
}

static int job_progress(const wo_progress *p, void *ud)
{
    job_hook *h = ud;
    int stop;
    pthread_mutex_lock(&h->r->lock);
    if (p->fraction >= 0)
        h->j->frac = fmin(p->fraction, 1.0);
    else if (h->j->time_limit_s > 0)
        h->j->frac = fmin(p->elapsed_s / h->j->time_limit_s, 1.0);
    /* One problem's best cost says little about the plan: not shown. */
    stop = report_locked(h->r, h->j, NAN, p->iteration);
    pthread_mutex_unlock(&h->r->lock);
    return stop;
}

static void solve_job(plan_run *r, plan_job *j)
{
    wo_vrp_params vp;
    job_hook hook;
    hook.r = r;
    hook.j = j;
    memset(&vp, 0, sizeof vp);
    vp.time_limit_s = j->time_limit_s;
    vp.max_iterations = r->prm->max_iterations;
    vp.stall_iterations = r->prm->stall_iterations;
    vp.stall_s = r->prm->stall_s;
    vp.seed = j->seed;
    vp.threads = 1;
    vp.progress = job_progress;
    vp.progress_ud = &hook;
    vp.cancel = r->prm->cancel;
    wo_err_clear(&j->err);
    if (j->pref_vehicle)
        plan_baseline_solve(r, j, &vp);
    else
        j->rc = r->prm->solve(&j->pb, &vp, &j->sol, &j->err);
    pthread_mutex_lock(&r->lock);
    j->frac = 1.0;
    report_locked(r, j, NAN, j->sol.iterations);
    pthread_mutex_unlock(&r->lock);
}

static void *worker(void *arg)
{
    plan_run *r = arg;
    for (;;) {
        plan_job *j;
        pthread_mutex_lock(&r->lock);
        if (r->next >= r->n_jobs ||
            (r->prm->cancel && *r->prm->cancel)) {
            pthread_mutex_unlock(&r->lock);
            /* The routing core's set-partitioning MIP left GLPK state in
             * this thread, which ends now. */
            wo_lp_thread_done();
            return NULL;
        }
        j = &r->jobs[r->order[r->next++]];
        /* This job's share of the time left: its weight over the weight
         * still to do, times the workers that share the wall clock (under
         * an iteration budget the time left is only its cap). */
        j->time_limit_s = wo_plan_budget_job_s(
            wo_deadline_left(r->deadline), r->prm->threads, j->weight,
            r->pending_weight, r->prm->max_iterations > 0);
        r->pending_weight -= j->weight;
        j->started = 1;
        pthread_mutex_unlock(&r->lock);
        if (j->n_stops > 0)
            solve_job(r, j);
        else
            j->frac = 1.0;
    }
}

/* Solve the run's jobs (r->jobs, taken in r->order) on prm->threads
 * workers until they are done. Always on threads of our own, even one:
 * GLPK state is per thread and is released when each worker ends, never
 * in the caller's thread. */
/* A thread that pthread_create could not start (its error why), into err:
 * EAGAIN and ENOMEM are out of memory or a limit on threads. */
int plan_thread_failed(int why, wo_err *err)
{
    if (why == EAGAIN || why == ENOMEM)
        return wo_err_set(err, WO_ENOMEM, "plan: cannot start a thread: out "
                          "of memory or a limit on threads");
    return wo_err_set(err, WO_EINTERNAL, "plan: cannot start a thread: %s",
                      strerror(why));
}

void plan_count_searches(const plan_run *r, wo_plan_summary *s)
{
    int i, pass;
    for (pass = 0; pass < 2; pass++) {
        const plan_job *jobs = pass ? r->rescue : r->jobs;
        int n = pass ? r->n_rescue : r->n_jobs;
        for (i = 0; i < n; i++)
            if (jobs[i].started && jobs[i].n_stops > 0 &&
                jobs[i].rc == WO_OK) {
                s->searches++;
                s->converged += jobs[i].sol.stalled != 0;
            }
    }
}

int plan_run_workers(plan_run *r, wo_err *err)
{
    pthread_t th[64];
    int i, n = r->prm->threads < 1    ? 1
               : r->prm->threads > 64 ? 64
                                      : r->prm->threads,
           started = 0, why = 0;
    if (n > r->n_jobs)
        n = r->n_jobs > 0 ? r->n_jobs : 1;
    for (i = 0; i < n; i++) {
        if ((why = pthread_create(&th[i], NULL, worker, r)) != 0)
            break;
        started++;
    }
    for (i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    if (started == 0)
        return plan_thread_failed(why, err);
    return WO_OK;
}
