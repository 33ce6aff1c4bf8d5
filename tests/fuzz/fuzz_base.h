/*
 * fuzz_base.h — shared by the scenario fuzz targets: the small good
 * scenario (tests/data/scenarios/small, read once at start-up from
 * $WO_TOP or the current directory) as an in-memory file table that a
 * target overlays with fuzzed bytes. The test-support table code is
 * compiled in here because the fuzz build links only library sources.
 */
#ifndef WO_FUZZ_BASE_H
#define WO_FUZZ_BASE_H

/* first: it sets _POSIX_C_SOURCE before any system header */
#include "tests/support/files.c"

#include "data/model.h"
#include "data/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ts_files fuzz_base;

static int fuzz_by_name(const void *a, const void *b)
{
    return strcmp(((const wo_embedded_file *)a)->name,
                  ((const wo_embedded_file *)b)->name);
}

/* Load the base scenario files; aborts when they cannot be read, since
 * the target would otherwise test nothing. */
static void fuzz_base_init(void)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/tests/data/scenarios/small", ts_top());
    ts_files_init(&fuzz_base);
    if (ts_files_add_dir(&fuzz_base, dir, NULL) != 0 || fuzz_base.n == 0) {
        fprintf(stderr, "fuzz: cannot read %s\n", dir);
        abort();
    }
    /* sorted, so that a selector byte names the same file everywhere */
    qsort(fuzz_base.f, (size_t)fuzz_base.n, sizeof *fuzz_base.f,
          fuzz_by_name);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

/* libFuzzer's start-up hook: read the base scenario once. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_base_init();
    return 0;
}

/* After a load that returned rc: a failure must have a message and no
 * scenario; a loaded scenario is checked, then freed. */
static void fuzz_check_load(int rc, wo_scenario *sc, wo_err *err)
{
    if (rc != WO_OK) {
        if (!err->msg[0] || sc)
            __builtin_trap();
    } else {
        wo_check c;
        if (wo_scenario_check(sc, &c, err) == WO_OK)
            wo_check_free(&c);
        wo_scenario_free(sc);
    }
}

/* Load the base with file `name` replaced by data[0..size) and, when it
 * loads, check it; traps when a failure has no message. */
static void fuzz_load_with(const char *name, const uint8_t *data, size_t size)
{
    ts_files files;
    wo_scenario *sc = NULL;
    wo_err err;
    int i, rc;
    ts_files_init(&files);
    for (i = 0; i < fuzz_base.n; i++)
        if (ts_files_put(&files, fuzz_base.f[i].name, fuzz_base.f[i].data,
                         (size_t)fuzz_base.f[i].size) != 0)
            abort();
    if (ts_files_put(&files, name, data, size) != 0)
        abort();
    rc = wo_scenario_load_files(files.f, "fuzz", &sc, &err);
    fuzz_check_load(rc, sc, &err);
    ts_files_free(&files);
}

#endif /* WO_FUZZ_BASE_H */
