/*
 * main.c — `mpirun -n N wasteopt-mpi plan|whatif ...`: the plan and the
 * what-if study of wasteopt, their routing problems solved on the ranks of
 * an MPI job.
 *
 * Rank 0 runs the ordinary command (cli/cmd_plan.c, cli/cmd_whatif.c: the
 * same options, outputs and exit codes): it reads the scenario, shares the
 * facility capacities and builds the routing problems, and after the
 * routing it rescues, re-checks the shared capacities, assembles and
 * writes the plan, all as wasteopt does. Only the routing function
 * differs: each problem goes, as a message (cli/vrp_wire.h), to a free
 * worker rank, which solves it with the routing core and sends the
 * solution back, or is solved by rank 0 itself. One process per core:
 * every rank solves one problem at a time, rank 0 included, so N ranks
 * use N cores (-n 1 one core; --threads is replaced). The plan's worker
 * threads on rank 0, one per rank (one of them solving in rank 0, the
 * others driving a worker rank each), take the problems largest first, so
 * the ranks are handed work as they become free; a free worker rank is
 * preferred to rank 0, which also reads and writes the messages. A
 * problem is solved single-threaded with its own seed (seed + k) wherever
 * it runs, so under --iterations the plan is the same byte for byte for
 * any number of ranks and for wasteopt itself. A what-if study plans its
 * variants one after the other, each variant's routing problems spread
 * over the ranks in the same way.
 *
 * MPI is called from rank 0's worker threads one call at a time (a mutex;
 * MPI_THREAD_SERIALIZED suffices) and an answer is awaited by polling, so
 * that no thread holds the lock while another rank works.
 *
 * Failures: errors are returned (MPI_ERRORS_RETURN). A worker rank that
 * cannot answer — an MPI error on its messages, an answer that does not
 * read, a failure it reports itself, or no answer long after its
 * problem's time limit — is named on stderr and no longer used, and its
 * problem is solved again on another rank (on rank 0 when none is left).
 * When a rank's process ends, mpirun ends the whole job: rank 0 then has
 * written nothing (every output is replaced atomically at the end) and
 * mpirun names the rank that ended.
 *
 * WO_MPI_JOB_LOG=FILE (environment of rank 0) appends one CSV line per
 * routing problem to FILE — stops, the rank that answered, seconds from
 * sending to the answer, seconds the routing core reported, iterations —
 * for measurements (benches/RESULTS.md); no part of the plan.
 *
 * Test hooks (environment, read by the worker ranks):
 *   WO_MPI_TEST_EXIT=R:N    rank R ends its process (_exit(3)) when its
 *                           (N+1)-th problem arrives
 *   WO_MPI_TEST_REFUSE=R    rank R reports a failure for every problem
 */
#define _POSIX_C_SOURCE 200809L
#include <mpi.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/clock.h"
#include "cli/cli.h"
#include "cli/vrp_wire.h"
#include "solver/lp.h"
#include "solver/plan/plan.h"

enum {
    TAG_JOB = 1,    /* rank 0 -> worker: a problem (vrp_wire.h)           */
    TAG_RESULT = 2, /* worker -> rank 0: its answer (vrp_wire.h)          */
    TAG_FAILED = 3, /* worker -> rank 0: it could not solve (text)        */
    TAG_STOP = 4    /* rank 0 -> worker: no more problems                 */
};

/* A rank's state, as rank 0 sees it ([0]: rank 0's own solver slot,
 * never failed nor lost). */
enum { RANK_FREE = 0, RANK_BUSY = 1, RANK_FAILED = 2, RANK_LOST = 3 };

/* An answer is awaited this long past the problem's time limit (the
 * set-partitioning finish and the message), then the rank is lost. */
#define GRACE_S 60.0
#define POLL_NS 2000000L /* between two looks for a message (2 ms) */

/* Rank 0's view of the worker ranks. */
typedef struct farm {
    pthread_mutex_t mpi;       /* held around every MPI call              */
    pthread_mutex_t lock;      /* guards state                            */
    pthread_cond_t freed;      /* a rank became free or failed            */
    int size;                  /* ranks of the job                        */
    int *state;                /* [size] RANK_*, [0] rank 0's own solver  */
    wo_plan_solve_fn local;    /* the routing core, in this process       */
    FILE *job_log;             /* WO_MPI_JOB_LOG, or NULL (under lock)     */
} farm;

static farm the_farm;

/* The text of MPI error code rc. */
static void mpi_text(int rc, char *out, size_t cap)
{
    char s[MPI_MAX_ERROR_STRING];
    int n = 0;
    if (MPI_Error_string(rc, s, &n) != MPI_SUCCESS)
        snprintf(s, sizeof s, "MPI error %d", rc);
    snprintf(out, cap, "%s", s);
}

/* A free rank, marked busy, waiting for one while every rank is busy: a
 * worker rank first, rank 0 (0: solve here) when none is free. Rank 0's
 * slot never fails, so a rank always comes free. */
static int take_rank(farm *f)
{
    int r, got = -1;
    pthread_mutex_lock(&f->lock);
    for (;;) {
        for (r = 1; r < f->size && got < 0; r++)
            if (f->state[r] == RANK_FREE)
                got = r;
        if (got < 0 && f->state[0] == RANK_FREE)
            got = 0;
        if (got >= 0)
            break;
        pthread_cond_wait(&f->freed, &f->lock);
    }
    f->state[got] = RANK_BUSY;
    pthread_mutex_unlock(&f->lock);
    return got;
}

static void give_rank(farm *f, int r, int state)
{
    pthread_mutex_lock(&f->lock);
    f->state[r] = state;
    pthread_cond_broadcast(&f->freed);
    pthread_mutex_unlock(&f->lock);
}

/* Send problem message b to rank r and await the answer. Returns the
 * routing core's code with *sol filled, or -1 when the rank failed (why
 * in why; *lost set when the rank may still be busy or unreachable).
 * The answer is awaited even after a signal sets *cancel: the rank ends
 * its search by its own limit, and the plan needs its routes. */
static int exchange(farm *f, int r, const wo_buf *b, double limit_s,
                    const wo_cancel_flag *cancel, wo_vrp_solution *sol,
                    wo_err *err, char *why, size_t why_cap, int *lost)
{
    struct timespec nap = {0, POLL_NS};
    double t0 = wo_now_s();
    MPI_Status st;
    char *data = NULL;
    int rc, flag = 0, count = 0, code = WO_OK, told = 0;
    wo_err rerr;
    *lost = 0;
    if (b->len > (size_t)0x7fffffff) {
        snprintf(why, why_cap, "problem of %zu bytes exceeds a message",
                 b->len);
        return -1;
    }
    pthread_mutex_lock(&f->mpi);
    rc = MPI_Send(b->data, (int)b->len, MPI_BYTE, r, TAG_JOB, MPI_COMM_WORLD);
    pthread_mutex_unlock(&f->mpi);
    if (rc != MPI_SUCCESS) {
        mpi_text(rc, why, why_cap);
        *lost = 1;
        return -1;
    }
    for (;;) {
        pthread_mutex_lock(&f->mpi);
        rc = MPI_Iprobe(r, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
        if (rc == MPI_SUCCESS && flag) {
            rc = MPI_Get_count(&st, MPI_BYTE, &count);
            if (rc == MPI_SUCCESS && !(data = wo_malloc(count > 0
                                                            ? (size_t)count
                                                            : 1))) {
                pthread_mutex_unlock(&f->mpi);
                snprintf(why, why_cap, "out of memory for its answer");
                *lost = 1;
                return -1;
            }
            if (rc == MPI_SUCCESS)
                rc = MPI_Recv(data, count, MPI_BYTE, r, st.MPI_TAG,
                              MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        }
        pthread_mutex_unlock(&f->mpi);
        if (rc != MPI_SUCCESS) {
            mpi_text(rc, why, why_cap);
            wo_free(data);
            *lost = 1;
            return -1;
        }
        if (flag)
            break;
        if (cancel && *cancel && !told) {
            /* Under mpirun a signal usually means the job is ending. */
            fprintf(stderr, "wasteopt-mpi: signal received while rank %d "
                            "solves a routing problem: nothing is written "
                            "unless every rank answers\n", r);
            told = 1;
        }
        if (limit_s > 0 && wo_now_s() - t0 > limit_s * 1.5 + GRACE_S) {
            snprintf(why, why_cap, "no answer %.0f s after its problem "
                                   "was sent", wo_now_s() - t0);
            *lost = 1;
            return -1;
        }
        nanosleep(&nap, NULL);
    }
    if (st.MPI_TAG == TAG_FAILED) {
        snprintf(why, why_cap, "%.*s", count, data);
        wo_free(data);
        return -1;
    }
    wo_err_clear(&rerr);
    if (st.MPI_TAG != TAG_RESULT ||
        wo_wire_get_result(data, (size_t)count, &code, err->msg,
                           sizeof err->msg, sol, &rerr) != WO_OK) {
        snprintf(why, why_cap, "%s", st.MPI_TAG != TAG_RESULT
                                         ? "a message of an unknown kind"
                                         : rerr.msg);
        wo_free(data);
        *lost = st.MPI_TAG != TAG_RESULT;
        return -1;
    }
    wo_free(data);
    if (code != WO_OK)
        err->code = code;
    return code;
}

static void log_job(farm *f, const wo_vrp_problem *pb, int r, double t0,
                    const wo_vrp_solution *sol)
{
    pthread_mutex_lock(&f->lock);
    if (f->job_log)
        fprintf(f->job_log, "%d,%d,%.3f,%.3f,%ld\n", pb->n_stops, r,
                wo_now_s() - t0, sol->seconds, sol->iterations);
    pthread_mutex_unlock(&f->lock);
}

/* The problem solved in rank 0 by the routing core (its slot taken). */
static int solve_here(farm *f, const wo_vrp_problem *pb,
                      const wo_vrp_params *prm, wo_vrp_solution *sol,
                      wo_err *err)
{
    double t0 = wo_now_s();
    int rc = f->local(pb, prm, sol, err);
    if (rc == WO_OK)
        log_job(f, pb, 0, t0, sol);
    give_rank(f, 0, RANK_FREE);
    return rc;
}

/* The plan's routing function on rank 0: the problem to a free worker
 * rank (to another one when that rank fails) or, when none is free, to
 * this process. */
static int farm_solve(const wo_vrp_problem *pb, const wo_vrp_params *prm,
                      wo_vrp_solution *sol, wo_err *err)
{
    farm *f = &the_farm;
    wo_buf b;
    int rc;
    wo_buf_init(&b, 0);
    if ((rc = wo_wire_put_job(&b, pb, prm)) != WO_OK) {
        wo_buf_free(&b);
        return wo_err_set(err, rc, "wasteopt-mpi: no room for a routing "
                                   "problem of %d stops", pb->n_stops);
    }
    for (;;) {
        char why[WO_ERR_MSG_MAX];
        double t0 = wo_now_s();
        int lost = 0, r = take_rank(f);
        if (r == 0) {
            wo_buf_free(&b);
            return solve_here(f, pb, prm, sol, err);
        }
        wo_err_clear(err);
        rc = exchange(f, r, &b, prm->time_limit_s, prm->cancel, sol, err, why,
                      sizeof why, &lost);
        if (rc >= 0) {
            log_job(f, pb, r, t0, sol);
            give_rank(f, r, RANK_FREE);
            break;
        }
        wo_vrp_solution_free(sol);
        give_rank(f, r, lost ? RANK_LOST : RANK_FAILED);
        fprintf(stderr, "wasteopt-mpi: rank %d failed (%s); its routing "
                        "problem (%d stops) is solved again elsewhere\n",
                r, why, pb->n_stops);
    }
    wo_buf_free(&b);
    return rc;
}

/* Installed by rank 0 into plan and whatif (cli.h: wo_cli_plan_solver):
 * one plan thread per rank, rank 0's own among them. */
static void farm_install(wo_plan_params *prm)
{
    the_farm.local = prm->solve;
    prm->solve = farm_solve;
    prm->release = wo_vrp_solution_free;
    prm->threads = the_farm.size;
}

/* Alone, rank 0 solves every problem itself, one at a time (one core). */
static void alone_install(wo_plan_params *prm)
{
    prm->threads = 1;
}

/* ----------------------------------------------------------- worker ranks */

/* Whether environment hook name names this rank (and its count, after a
 * colon, into *n). */
static int hook_for(const char *name, int rank, long *n)
{
    const char *v = getenv(name);
    char *end;
    long r;
    if (!v || !*v)
        return 0;
    r = strtol(v, &end, 10);
    if (r != rank)
        return 0;
    *n = *end == ':' ? strtol(end + 1, NULL, 10) : 0;
    return 1;
}

static int send_failed(const char *text)
{
    return MPI_Send(text, (int)strlen(text), MPI_BYTE, 0, TAG_FAILED,
                    MPI_COMM_WORLD);
}

/* Answer problems from rank 0 until it says stop. 0, or 1 when MPI
 * fails. */
static int serve(int rank)
{
    struct timespec nap = {0, POLL_NS};
    wo_plan_params pp;
    long solved = 0, exit_after = -1, n;
    int refuse = hook_for("WO_MPI_TEST_REFUSE", rank, &n);
    if (hook_for("WO_MPI_TEST_EXIT", rank, &n))
        exit_after = n;
    memset(&pp, 0, sizeof pp);
    wo_plan_use_vrp(&pp);
    for (;;) {
        MPI_Status st;
        wo_wire_job job;
        wo_vrp_solution sol;
        wo_buf out;
        wo_err err;
        char *data;
        int count = 0, rc, flag = 0;
        /* Polled with naps, not MPI_Probe: Open MPI's blocking probe
         * spins, and an idle rank would take a core from rank 0 (one
         * process per core) while it reads the scenario or writes the
         * plan. */
        for (;;) {
            if (MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st) !=
                MPI_SUCCESS)
                return 1;
            if (flag)
                break;
            nanosleep(&nap, NULL);
        }
        if (MPI_Get_count(&st, MPI_BYTE, &count) != MPI_SUCCESS)
            return 1;
        if (!(data = wo_malloc(count > 0 ? (size_t)count : 1))) {
            /* Taken off the line all the same, then reported. */
            char one;
            MPI_Recv(&one, 0, MPI_BYTE, 0, st.MPI_TAG, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE);
            if (send_failed("out of memory for the problem") != MPI_SUCCESS)
                return 1;
            continue;
        }
        if (MPI_Recv(data, count, MPI_BYTE, 0, st.MPI_TAG, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE) != MPI_SUCCESS) {
            wo_free(data);
            return 1;
        }
        if (st.MPI_TAG == TAG_STOP) {
            wo_free(data);
            break;
        }
        if (exit_after >= 0 && solved >= exit_after)
            _exit(3);
        wo_err_clear(&err);
        rc = refuse ? WO_EIO
                    : wo_wire_get_job(data, (size_t)count, &job, &err);
        wo_free(data);
        if (rc != WO_OK) {
            if (send_failed(refuse ? "test hook WO_MPI_TEST_REFUSE"
                                   : err.msg) != MPI_SUCCESS)
                return 1;
            continue;
        }
        wo_vrp_solution_init(&sol);
        rc = pp.solve(&job.pb, &job.prm, &sol, &err);
        wo_buf_init(&out, 0);
        if (rc == WO_ENOMEM ||
            wo_wire_put_result(&out, rc, rc == WO_OK ? NULL : err.msg,
                               &sol) != WO_OK)
            rc = send_failed("out of memory");
        else
            rc = MPI_Send(out.data, (int)out.len, MPI_BYTE, 0, TAG_RESULT,
                          MPI_COMM_WORLD);
        wo_buf_free(&out);
        wo_vrp_solution_free(&sol);
        wo_wire_job_free(&job);
        solved++;
        if (rc != MPI_SUCCESS)
            return 1;
    }
    wo_lp_thread_done();
    return 0;
}

/* ----------------------------------------------------------------- rank 0 */

static void usage(FILE *f)
{
    fprintf(f, "usage: mpirun -n N wasteopt-mpi plan|whatif [OPTIONS]\n\n"
               "The options and outputs of 'wasteopt plan' and 'wasteopt "
               "whatif'; the\nrouting problems are solved on the N ranks, "
               "one at a time each (one core a\nrank; --threads is "
               "replaced). Rank 0 reads the scenario and writes the\n"
               "results.\n");
}

/* The command on rank 0; its exit code. */
static int run_command(int argc, char **argv, int size)
{
    int rc;
    if ((rc = wo_cli_opening(argc, argv, "wasteopt-mpi", usage)) >= 0)
        return rc;
    wo_cli_plan_solver = size > 1 ? farm_install : alone_install;
    if (!strcmp(argv[1], "plan"))
        return wo_cmd_plan(argc - 1, argv + 1);
    if (!strcmp(argv[1], "whatif"))
        return wo_cmd_whatif(argc - 1, argv + 1);
    fprintf(stderr, "wasteopt-mpi: unknown command '%s' (plan or whatif)\n\n",
            argv[1]);
    usage(stderr);
    return WO_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    int provided = 0, rank = 0, size = 1, status, r, lost = 0;
    wo_alloc_hook_jansson();
    if (MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided) !=
        MPI_SUCCESS) {
        fprintf(stderr, "wasteopt-mpi: MPI could not start\n");
        return WO_EXIT_ERROR;
    }
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (provided < MPI_THREAD_SERIALIZED) {
        if (rank == 0)
            fprintf(stderr, "wasteopt-mpi: this MPI library does not allow "
                            "calls from several threads (MPI_THREAD_"
                            "SERIALIZED)\n");
        MPI_Finalize();
        return WO_EXIT_ERROR;
    }
    if (rank != 0) {
        status = serve(rank);
        if (status != 0)
            fprintf(stderr, "wasteopt-mpi: rank %d lost its link to rank 0\n",
                    rank);
        MPI_Finalize();
        return status ? WO_EXIT_ERROR : WO_EXIT_OK;
    }
    the_farm.size = size;
    pthread_mutex_init(&the_farm.mpi, NULL);
    pthread_mutex_init(&the_farm.lock, NULL);
    pthread_cond_init(&the_farm.freed, NULL);
    if (!(the_farm.state = wo_calloc((size_t)size, sizeof(int)))) {
        fprintf(stderr, "wasteopt-mpi: out of memory\n");
        MPI_Abort(MPI_COMM_WORLD, WO_EXIT_ERROR);
        return WO_EXIT_ERROR;
    }
    if (getenv("WO_MPI_JOB_LOG") && *getenv("WO_MPI_JOB_LOG")) {
        the_farm.job_log = fopen(getenv("WO_MPI_JOB_LOG"), "a");
        if (!the_farm.job_log)
            fprintf(stderr, "wasteopt-mpi: WO_MPI_JOB_LOG: cannot open "
                            "'%s'\n", getenv("WO_MPI_JOB_LOG"));
    }
    status = run_command(argc, argv, size);
    if (the_farm.job_log)
        fclose(the_farm.job_log);
    for (r = 1; r < size; r++) {
        if (the_farm.state[r] == RANK_LOST)
            lost++;
        else if (MPI_Send(NULL, 0, MPI_BYTE, r, TAG_STOP, MPI_COMM_WORLD) !=
                 MPI_SUCCESS)
            lost++;
    }
    wo_free(the_farm.state);
    fflush(stdout);
    if (lost > 0) {
        /* A rank that never answered may still be busy: the job ends
         * here, after everything was written. */
        fprintf(stderr, "wasteopt-mpi: %d rank%s lost; ending the job\n",
                lost, lost == 1 ? "" : "s");
        MPI_Abort(MPI_COMM_WORLD, status ? status : WO_EXIT_ERROR);
    }
    MPI_Finalize();
    return status;
}
