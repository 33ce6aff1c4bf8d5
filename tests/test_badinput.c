/*
 * Table-driven bad-input test: every directory under tests/data/bad/ holds
 * expected.txt, the exact message the reader must give, and either
 *  - a statistics case: only stats.csv (the stats_* cases), read with
 *    wo_ind_stats_load, or
 *  - a reader case: only one of the inputs of the `readers` table below
 *    (a what-if change, an OSM extract, a graph cache, a CVRPLIB, Kim or
 *    CFL instance), given to its reader; the case directory is left out
 *    of paths in the message, or
 *  - a scenario case: the files that differ from the good scenario
 *    tests/data/scenarios/small, loaded in memory (base overlaid with the
 *    case's files). An optional env.txt holds NAME=VALUE lines set in the
 *    environment during that load (e.g. PROJ_DATA pointing nowhere).
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benches/support/cfl.h"
#include "benches/support/cvrplib.h"
#include "benches/support/kim.h"
#include "data/indicators.h"
#include "data/model.h"
#include "geo/graph.h"
#include "geo/osm.h"
#include "solver/plan/whatif.h"
#include "tests/support/files.h"

#define MAX_CASES 256
#define MAX_ENV 8

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names of the case directories, sorted. */
static int list_cases(const char *bad, char **names)
{
    DIR *d = opendir(bad);
    struct dirent *e;
    int n = 0;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL && n < MAX_CASES) {
        size_t len = strlen(e->d_name) + 1;
        if (e->d_name[0] == '.')
            continue;
        names[n] = malloc(len);
        assert_non_null(names[n]);
        memcpy(names[n], e->d_name, len);
        n++;
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    return n;
}

/* 1 when case directory dir holds the file `input` and nothing but
 * expected.txt besides. */
static int is_single_case(const char *dir, const char *input)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int found = 0, other = 0;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !strcmp(e->d_name, "expected.txt"))
            continue;
        if (!strcmp(e->d_name, input))
            found = 1;
        else
            other = 1;
    }
    closedir(d);
    return found && !other;
}

static int is_stats_case(const char *dir)
{
    return is_single_case(dir, "stats.csv");
}

/* A what-if change (change.txt, its first line) applied to the good
 * scenario. */
static int read_change(const char *top, const char *path, wo_err *err)
{
    char base[4096], *text = ts_slurp(path, NULL);
    wo_scenario *sc = NULL;
    int rc;
    assert_non_null(text);
    text[strcspn(text, "\r\n")] = '\0';
    snprintf(base, sizeof base, "%s/tests/data/scenarios/small", top);
    assert_int_equal(wo_scenario_load_dir(base, &sc, err), WO_OK);
    rc = wo_plan_apply_change(sc, text, err);
    wo_scenario_free(sc);
    free(text);
    return rc;
}

static int read_osm(const char *top, const char *path, wo_err *err)
{
    wo_graph *g = NULL;
    int rc = wo_osm_import(path, NULL, &g, NULL, err);
    (void)top;
    wo_graph_free(g);
    return rc;
}

static int read_graph(const char *top, const char *path, wo_err *err)
{
    wo_graph *g = NULL;
    int rc = wo_graph_load(path, &g, err);
    (void)top;
    wo_graph_free(g);
    return rc;
}

static int read_cvrplib(const char *top, const char *path, wo_err *err)
{
    wo_cvrplib inst;
    int rc;
    (void)top;
    memset(&inst, 0, sizeof inst);
    rc = wo_cvrplib_read(path, &inst, err);
    if (rc == WO_OK)
        wo_cvrplib_free(&inst);
    return rc;
}

static int read_kim(const char *top, const char *path, wo_err *err)
{
    wo_kim_instance ki;
    int rc;
    (void)top;
    memset(&ki, 0, sizeof ki);
    rc = wo_kim_read(path, NULL, &ki, err);
    if (rc == WO_OK)
        wo_kim_free(&ki);
    return rc;
}

static int read_cfl(const char *top, const char *path, wo_err *err)
{
    wo_cfl c;
    int rc;
    (void)top;
    memset(&c, 0, sizeof c);
    rc = wo_cfl_read(path, 0, &c, err);
    if (rc == WO_OK)
        wo_cfl_free(&c);
    return rc;
}

/* The reader cases: the one input file of the case and its reader. */
static const struct {
    const char *input;
    int (*read)(const char *top, const char *path, wo_err *err);
} readers[] = {
    {"change.txt", read_change},     {"roads.osm", read_osm},
    {"roads.osm.pbf", read_osm},     {"graph.wog", read_graph},
    {"instance.vrp", read_cvrplib},  {"kim.txt", read_kim},
    {"cfl.txt", read_cfl},
};

/* Remove every "dir/" from msg, so that messages naming a case's file
 * compare whatever the checkout's path. */
static void strip_dir(char *msg, const char *dir)
{
    size_t n = strlen(dir);
    char *at;
    while ((at = strstr(msg, dir)) != NULL && at[n] == '/')
        memmove(at, at + n + 1, strlen(at + n + 1) + 1);
}

/* The environment of a case: env.txt's NAME=VALUE lines, with the values
 * they replace so they can be put back. */
typedef struct case_env {
    int n;                    /* variables set                        */
    char *name[MAX_ENV];      /* variable names (malloc'ed)           */
    char *old[MAX_ENV];       /* previous values, NULL when unset     */
} case_env;

static void env_apply(const char *dir, case_env *ce)
{
    char path[4200], *text, *line, *next;
    ce->n = 0;
    snprintf(path, sizeof path, "%s/env.txt", dir);
    text = ts_slurp(path, NULL);
    if (!text)
        return;
    for (line = text; *line; line = next) {
        char *eq, *nl = strchr(line, '\n');
        const char *old;
        next = nl ? nl + 1 : line + strlen(line);
        if (nl)
            *nl = '\0';
        if (!(eq = strchr(line, '=')))
            continue;
        *eq = '\0';
        assert_true(ce->n < MAX_ENV);
        ce->name[ce->n] = strdup(line);
        old = getenv(line);
        ce->old[ce->n] = old ? strdup(old) : NULL;
        assert_int_equal(setenv(line, eq + 1, 1), 0);
        ce->n++;
    }
    free(text);
}

static void env_restore(case_env *ce)
{
    int i;
    for (i = ce->n - 1; i >= 0; i--) {
        if (ce->old[i])
            assert_int_equal(setenv(ce->name[i], ce->old[i], 1), 0);
        else
            assert_int_equal(unsetenv(ce->name[i]), 0);
        free(ce->name[i]);
        free(ce->old[i]);
    }
    ce->n = 0;
}

/* Run one case; returns 1 when it failed with exactly the expected
 * message. */
static int run_case(const char *top, const char *name)
{
    char base[4096], dir[4096], path[4200];
    ts_files files;
    wo_scenario *sc = NULL;
    case_env ce;
    wo_err err;
    char *expected;
    size_t len, k;
    int rc, ok;

    snprintf(base, sizeof base, "%s/tests/data/scenarios/small", top);
    snprintf(dir, sizeof dir, "%s/tests/data/bad/%s", top, name);
    snprintf(path, sizeof path, "%s/expected.txt", dir);
    expected = ts_slurp(path, &len);
    assert_non_null(expected);
    while (len > 0 && (expected[len - 1] == '\n' || expected[len - 1] == '\r'))
        expected[--len] = '\0';
    wo_err_clear(&err);
    for (k = 0; k < sizeof readers / sizeof readers[0]; k++)
        if (is_single_case(dir, readers[k].input))
            break;
    if (k < sizeof readers / sizeof readers[0]) {
        snprintf(path, sizeof path, "%s/%s", dir, readers[k].input);
        rc = readers[k].read(top, path, &err);
        strip_dir(err.msg, dir);
        ok = rc != WO_OK && err.code == rc && strcmp(err.msg, expected) == 0;
    } else if (is_stats_case(dir)) {
        wo_ind_stats st;
        snprintf(path, sizeof path, "%s/stats.csv", dir);
        rc = wo_ind_stats_load(path, &st, &err);
        ok = rc != WO_OK && err.code == rc && strcmp(err.msg, expected) == 0;
    } else {
        ts_files_init(&files);
        assert_int_equal(ts_files_add_dir(&files, base, NULL), 0);
        assert_int_equal(ts_files_add_dir(&files, dir, "expected.txt"), 0);
        env_apply(dir, &ce);
        rc = wo_scenario_load_files(files.f, name, &sc, &err);
        env_restore(&ce);
        ok = rc != WO_OK && sc == NULL && err.code == rc &&
             strcmp(err.msg, expected) == 0;
        wo_scenario_free(sc);
        ts_files_free(&files);
    }
    if (!ok)
        printf("case %s:\n  expected: %s\n  got (%s): %s\n", name, expected,
               wo_strerror(rc), rc == WO_OK ? "(loaded)" : err.msg);
    free(expected);
    return ok;
}

static void test_bad_cases(void **state)
{
    char *names[MAX_CASES];
    char bad[4096];
    const char *top = ts_top();
    int n, i, failed = 0, n_stats = 0, n_readers = 0;
    size_t k;
    (void)state;
    snprintf(bad, sizeof bad, "%s/tests/data/bad", top);
    n = list_cases(bad, names);
    assert_true(n >= 30);
    for (i = 0; i < n; i++) {
        char dir[4200];
        snprintf(dir, sizeof dir, "%s/%s", bad, names[i]);
        n_stats += is_stats_case(dir);
        for (k = 0; k < sizeof readers / sizeof readers[0]; k++)
            n_readers += is_single_case(dir, readers[k].input);
        if (!run_case(top, names[i]))
            failed++;
        free(names[i]);
    }
    printf("%d bad-input cases (%d statistics files, %d other readers' "
           "inputs), %d failed\n",
           n, n_stats, n_readers, failed);
    assert_true(n_stats >= 6);
    assert_int_equal(failed, 0);
}

/* The good base itself loads, so each case fails for its own reason. */
static void test_base_is_good(void **state)
{
    char base[4096];
    wo_scenario *sc = NULL;
    wo_err err;
    (void)state;
    snprintf(base, sizeof base, "%s/tests/data/scenarios/small", ts_top());
    assert_int_equal(wo_scenario_load_dir(base, &sc, &err), WO_OK);
    assert_non_null(sc);
    wo_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base_is_good),
        cmocka_unit_test(test_bad_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
