/*
 * solve.c — wo_vrp_solve, the routing core's entry: the checks of the
 * problem and the limits, then the search of strategy.c on one thread or
 * several.
 *
 * Threads: with threads > 1 that many independent searches run at once
 * (seeds seed, seed + 1, ...), each under the whole time limit, and the
 * best is kept (ties to the lowest seed), so the answer does not depend
 * on which thread ends first. Only the first thread reports progress; a
 * veto from the callback or the cancel flag stops them all.
 *
 * Large instances (decompose, decomp.c): one search on one thread under
 * part of the time limit (VRP_DECOMP_FIRST), then the rounds of
 * subproblems on the threads until the limit, so that the answer under
 * an iteration limit does not depend on the thread count.
 */
#include "solver/vrp/internal.h"

#include "solver/lp.h"

#include <pthread.h>
#include <stdatomic.h>

#define MAX_THREADS 64

/* A thread's search. */
typedef struct worker {
    const wo_vrp_problem *pb;   /* the caller's problem          */
    wo_vrp_params prm;          /* with this thread's seed       */
    vrp_relay rl;               /* progress and shared stop      */
    wo_vrp_solution sol;        /* result                        */
    wo_err err;                 /* its error                     */
    int rc;                     /* its return code               */
} worker;

static void *worker_main(void *arg)
{
    worker *w = arg;
    w->rc = vrp_strategy_run(w->pb, &w->prm, &w->rl, &w->sol, &w->err);
    wo_lp_thread_done();
    return NULL;
}

int wo_vrp_solve(const wo_vrp_problem *pb, const wo_vrp_params *prm_in,
                 wo_vrp_solution *sol, wo_err *err)
{
    wo_vrp_params prm;
    worker *w = NULL;
    pthread_t tid[MAX_THREADS];
    atomic_int stop;
    int n, i, rc, started = 0, have = 0;
    if (!sol)
        return wo_err_set(err, WO_EINVAL, "vrp: no solution given");
    wo_vrp_solution_init(sol);
    if (prm_in)
        prm = *prm_in;
    else
        wo_vrp_params_init(&prm);
    if (prm.time_limit_s <= 0 && prm.max_iterations <= 0)
        return wo_err_set(err, WO_EINVAL,
                          "vrp: neither a time limit nor an iteration limit "
                          "is set");
    rc = wo_vrp_validate(pb, err);
    if (rc)
        return rc;
    atomic_init(&stop, 0);
    n = prm.threads < 1 ? 1 : prm.threads > MAX_THREADS ? MAX_THREADS
                                                         : prm.threads;
    w = wo_calloc((size_t)n, sizeof *w);
    if (!w)
        return wo_err_set(err, WO_ENOMEM, "vrp: out of memory");
    for (i = 0; i < n; i++) {
        w[i].pb = pb;
        w[i].prm = prm;
        w[i].prm.seed = prm.seed + (uint64_t)i;
        w[i].prm.threads = 1;
        w[i].rl.user = prm_in ? prm_in : &prm;
        w[i].rl.forward = i == 0;
        w[i].rl.t0 = wo_now_s();
        w[i].rl.stop = &stop;
        wo_vrp_solution_init(&w[i].sol);
    }
    if (vrp_decomp_applies(pb, &prm)) {
        double deadline = 0;
        n = 1;
        w[0].prm.threads = prm.threads;
        if (prm.time_limit_s > 0) {
            deadline = w[0].rl.t0 + prm.time_limit_s;
            w[0].prm.time_limit_s = VRP_DECOMP_FIRST * prm.time_limit_s;
            /* one step of the whole search takes tens of seconds at
             * 50,000 stops and is not cut at its deadline: the rounds
             * take over after the first solution */
            if (prm.max_iterations <= 0)
                w[0].prm.max_iterations = VRP_DECOMP_FIRST_ITERS;
        }
        w[0].prm.set_partitioning = 0;
        w[0].rc = vrp_strategy_run(pb, &w[0].prm, &w[0].rl, &w[0].sol,
                                   &w[0].err);
        if (w[0].rc == WO_OK && !(prm.cancel && *prm.cancel)) {
            w[0].rc = vrp_decompose(pb, &prm, deadline, &w[0].rl, &w[0].sol,
                                    &w[0].err);
            w[0].sol.seconds = wo_now_s() - w[0].rl.t0;
        }
    } else if (n == 1) {
        w[0].rc = vrp_strategy_run(pb, &w[0].prm, &w[0].rl, &w[0].sol, &w[0].err);
    } else {
        for (i = 0; i < n; i++) {
            if (pthread_create(&tid[i], NULL, worker_main, &w[i]) != 0)
                break;
            started++;
        }
        if (started < n) {
            /* the threads that could not start run here, one by one */
            for (i = started; i < n; i++)
                worker_main(&w[i]);
        }
        for (i = 0; i < started; i++)
            pthread_join(tid[i], NULL);
    }
    rc = WO_OK;
    for (i = 0; i < n; i++) {
        if (w[i].rc != WO_OK) {
            if (rc == WO_OK) {
                rc = w[i].rc;
                *err = w[i].err;
            }
            wo_vrp_solution_free(&w[i].sol);
            continue;
        }
        vrp_keep_better(pb, sol, &have, &w[i].sol);
    }
    if (rc != WO_OK && have) {
        wo_vrp_solution_free(sol);
        wo_vrp_solution_init(sol);
    }
    wo_free(w);
    return rc;
}
