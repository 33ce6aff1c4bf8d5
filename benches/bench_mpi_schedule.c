/*
 * bench_mpi_schedule — what a plan would take on more MPI ranks than this
 * machine has: the schedule of wasteopt-mpi (cli/mpi/main.c) simulated on
 * the per-problem times of a measured run.
 *
 *   bench_mpi_schedule LOG [--ranks N[,N...]] [--serial S | --wall W]
 *
 * LOG is the CSV that WO_MPI_JOB_LOG appends to, one line per routing
 * problem: stops, rank, seconds to the answer, seconds of the routing
 * core, iterations (no header). The task time of a problem is the routing
 * core's seconds (what it costs on one core wherever it runs). The plan
 * hands the problems out largest first (most stops; equal sizes in the
 * log's order), each to the next free rank: the simulation gives each
 * problem in that order to the rank that is free first (the lowest rank
 * among those free at the same moment) and reports the makespan, the last
 * rank's finish.
 *
 * Expected wall time = serial part + makespan. The serial part (reading
 * the scenario, the flow MIPs, the rescue, writing the plan) is --serial S
 * seconds, or derived from the measured run's wall time W: W minus the
 * simulated makespan on the measured run's rank count (the highest rank
 * in the log + 1). Without either it is 0. Efficiency on P ranks is the
 * speed-up over one rank divided by P; the parallel efficiency is the
 * sum of the task times over P x makespan.
 *
 * Simplifications: the problems are taken as one batch (the rescue
 * problems, which wait for the first pass in the plan, are scheduled with
 * it; they are small) and message times are left out (the log's
 * seconds-to-answer column shows them: answer minus core seconds).
 *
 * Output: one line per rank count (default 8, 32, 128): ranks, makespan,
 * lower bound max(sum / P, largest task), expected wall, speed-up,
 * efficiency, parallel efficiency. Exit 0, 1 on a malformed log (file,
 * line and field named), 2 on usage.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RANKS 100000
#define MAX_COUNTS 16

/* One routing problem of the log. */
typedef struct task {
    long stops;   /* size: the order of hand-out                        */
    long line;    /* line of the log: the order among equal sizes       */
    int rank;     /* rank that answered in the measured run             */
    double core_s; /* routing core's seconds: the task time             */
} task;

static int by_size(const void *a, const void *b)
{
    const task *x = a, *y = b;
    if (x->stops != y->stops)
        return x->stops > y->stops ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* A number from field text s (its end at the comma or line end). */
static int field_num(const char *s, const char **next, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    if (end == s || errno || !isfinite(*v) ||
        (*end && *end != ',' && *end != '\n' && *end != '\r'))
        return -1;
    *next = *end == ',' ? end + 1 : end;
    return 0;
}

/* Read the log into *out (owned by the caller, free); its count, or -1
 * after printing the file, line and field that do not read. */
static long read_log(const char *path, task **out)
{
    static const char *const names[] = {"stops", "rank", "answer_s",
                                        "core_s", "iterations"};
    FILE *f = fopen(path, "r");
    char line[512];
    task *t = NULL;
    long n = 0, cap = 0, ln = 0;
    if (!f) {
        fprintf(stderr, "bench_mpi_schedule: %s: %s\n", path,
                strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof line, f)) {
        double v[5];
        const char *p = line;
        int k;
        ln++;
        if (line[0] == '\n' || line[0] == '#')
            continue;
        for (k = 0; k < 5; k++) {
            if (field_num(p, &p, &v[k]) != 0 || v[k] < 0 ||
                ((k < 2 || k == 3) && v[k] > 1e9)) {
                fprintf(stderr, "bench_mpi_schedule: %s:%ld: field %d "
                                "(%s): not a number >= 0\n",
                        path, ln, k + 1, names[k]);
                fclose(f);
                free(t);
                return -1;
            }
        }
        if (n == cap) {
            task *g;
            cap = cap ? cap * 2 : 256;
            if (!(g = realloc(t, (size_t)cap * sizeof *t))) {
                fprintf(stderr, "bench_mpi_schedule: out of memory\n");
                fclose(f);
                free(t);
                return -1;
            }
            t = g;
        }
        t[n].stops = (long)v[0];
        t[n].rank = (int)v[1];
        t[n].core_s = v[3];
        t[n].line = ln;
        n++;
    }
    fclose(f);
    if (n == 0) {
        fprintf(stderr, "bench_mpi_schedule: %s: no problem in the log\n",
                path);
        free(t);
        return -1;
    }
    *out = t;
    return n;
}

/* Makespan of tasks t[0..n) (largest first) on p ranks; -1 when out of
 * memory. The rank free first takes the next task (a linear scan: the
 * logs hold hundreds of problems and p is at most a few hundred). */
static double makespan(const task *t, long n, int p)
{
    double *free_at = calloc((size_t)p, sizeof *free_at), end = 0;
    long i;
    int r, best;
    if (!free_at)
        return -1;
    for (i = 0; i < n; i++) {
        best = 0;
        for (r = 1; r < p; r++)
            if (free_at[r] < free_at[best])
                best = r;
        free_at[best] += t[i].core_s;
        if (free_at[best] > end)
            end = free_at[best];
    }
    free(free_at);
    return end;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: bench_mpi_schedule LOG [--ranks N[,N...]] "
               "[--serial S | --wall W]\n");
}

int main(int argc, char **argv)
{
    int counts[MAX_COUNTS] = {8, 32, 128}, ncounts = 3, i, k, measured = 1;
    double serial = 0, wall = -1, sum = 0, largest = 0, one;
    const char *path = NULL;
    task *t = NULL;
    long n, j;
    for (i = 1; i < argc; i++) {
        char *end;
        if (!strcmp(argv[i], "--ranks") && i + 1 < argc) {
            const char *p = argv[++i];
            ncounts = 0;
            for (;;) {
                long v;
                errno = 0;
                v = strtol(p, &end, 10);
                if (end == p || errno || v < 1 || v > MAX_RANKS ||
                    ncounts == MAX_COUNTS || (*end && *end != ',')) {
                    fprintf(stderr, "bench_mpi_schedule: --ranks: '%s' is "
                                    "not a list of 1..%d (at most %d)\n",
                            argv[i], MAX_RANKS, MAX_COUNTS);
                    return 2;
                }
                counts[ncounts++] = (int)v;
                if (!*end)
                    break;
                p = end + 1;
            }
        } else if ((!strcmp(argv[i], "--serial") ||
                    !strcmp(argv[i], "--wall")) && i + 1 < argc) {
            double v;
            errno = 0;
            v = strtod(argv[i + 1], &end);
            if (end == argv[i + 1] || *end || errno || !isfinite(v) ||
                v < 0) {
                fprintf(stderr, "bench_mpi_schedule: %s: '%s' is not "
                                "seconds >= 0\n", argv[i], argv[i + 1]);
                return 2;
            }
            if (argv[i][2] == 's')
                serial = v;
            else
                wall = v;
            i++;
        } else if (argv[i][0] == '-' || path) {
            usage(stderr);
            return 2;
        } else {
            path = argv[i];
        }
    }
    if (!path) {
        usage(stderr);
        return 2;
    }
    if ((n = read_log(path, &t)) < 0)
        return 1;
    qsort(t, (size_t)n, sizeof *t, by_size);
    for (j = 0; j < n; j++) {
        sum += t[j].core_s;
        if (t[j].core_s > largest)
            largest = t[j].core_s;
        if (t[j].rank + 1 > measured)
            measured = t[j].rank + 1;
    }
    if (wall >= 0) {
        double m = makespan(t, n, measured);
        if (m < 0)
            goto oom;
        serial = wall > m ? wall - m : 0;
    }
    one = serial + sum;
    printf("problems %ld, task time %.3f s in all, largest %.3f s, "
           "serial part %.3f s%s\n", n, sum, largest, serial,
           wall >= 0 ? " (from the measured wall)" : "");
    if (wall >= 0)
        printf("measured: %d ranks, wall %.3f s\n", measured, wall);
    printf("ranks  makespan_s  bound_s  wall_s  speedup  efficiency  "
           "parallel_eff\n");
    for (k = 0; k < ncounts; k++) {
        int p = counts[k];
        double m = makespan(t, n, p), bound = sum / p;
        if (m < 0)
            goto oom;
        if (largest > bound)
            bound = largest;
        printf("%5d  %10.3f  %7.3f  %6.3f  %7.3f  %10.3f  %12.3f\n", p, m,
               bound, serial + m, one / (serial + m),
               one / (serial + m) / p, m > 0 ? sum / (p * m) : 1.0);
    }
    free(t);
    return 0;
oom:
    fprintf(stderr, "bench_mpi_schedule: out of memory\n");
    free(t);
    return 1;
}
