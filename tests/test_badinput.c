/*
 * Table-driven bad-input test: every directory under tests/data/bad/ holds
 * the files that differ from the good scenario tests/data/scenarios/small
 * and expected.txt, the exact message the loader must give. The case is
 * loaded in memory (base overlaid with the case's files) and, for a few
 * cases, from a real directory too; both must fail with that message.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/model.h"
#include "tests/support/files.h"

#define MAX_CASES 256

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

/* Load one case; returns 1 when it failed with exactly the expected
 * message. */
static int run_case(const char *top, const char *name)
{
    char base[4096], dir[4096], path[4200];
    ts_files files;
    wo_scenario *sc = NULL;
    wo_err err;
    char *expected;
    size_t len;
    int rc, ok;

    snprintf(base, sizeof base, "%s/tests/data/scenarios/small", top);
    snprintf(dir, sizeof dir, "%s/tests/data/bad/%s", top, name);
    snprintf(path, sizeof path, "%s/expected.txt", dir);
    expected = ts_slurp(path, &len);
    assert_non_null(expected);
    while (len > 0 && (expected[len - 1] == '\n' || expected[len - 1] == '\r'))
        expected[--len] = '\0';
    ts_files_init(&files);
    assert_int_equal(ts_files_add_dir(&files, base, NULL), 0);
    assert_int_equal(ts_files_add_dir(&files, dir, "expected.txt"), 0);
    rc = wo_scenario_load_files(files.f, name, &sc, &err);
    ok = rc != WO_OK && sc == NULL && err.code == rc &&
         strcmp(err.msg, expected) == 0;
    if (!ok)
        printf("case %s:\n  expected: %s\n  got (%s): %s\n", name, expected,
               wo_strerror(rc), rc == WO_OK ? "(loaded)" : err.msg);
    wo_scenario_free(sc);
    ts_files_free(&files);
    free(expected);
    return ok;
}

static void test_bad_cases(void **state)
{
    char *names[MAX_CASES];
    char bad[4096];
    const char *top = ts_top();
    int n, i, failed = 0;
    (void)state;
    snprintf(bad, sizeof bad, "%s/tests/data/bad", top);
    n = list_cases(bad, names);
    assert_true(n >= 30);
    for (i = 0; i < n; i++) {
        if (!run_case(top, names[i]))
            failed++;
        free(names[i]);
    }
    printf("%d bad-input cases, %d failed\n", n, failed);
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
