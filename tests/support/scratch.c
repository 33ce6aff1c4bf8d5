/*
 * scratch.c — scratch directories for tests. See scratch.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "tests/support/scratch.h"

#include "base/parse.h"
#include "tests/support/files.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void ts_remove_tree(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    char sub[1024];
    if (!d) {
        unlink(path);
        return;
    }
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        ts_remove_tree(sub);
    }
    closedir(d);
    rmdir(path);
}

wo_scenario *ts_load_test_scenario(const char *name)
{
    char path[1024];
    wo_scenario *sc = NULL;
    wo_err err;
    snprintf(path, sizeof path, "%s/tests/data/scenarios/%s", ts_top(), name);
    if (wo_scenario_load_dir(path, &sc, &err) != WO_OK) {
        fprintf(stderr, "cannot load %s: %s\n", path, err.msg);
        return NULL;
    }
    return sc;
}

int ts_cli_setup(void **state, const char *name)
{
    ts_cli *fx = calloc(1, sizeof *fx);
    const char *bin = getenv("WO_BIN");
    if (!fx)
        return -1;
    if (bin)
        wo_strlcpy(fx->bin, bin, sizeof fx->bin);
    else
        snprintf(fx->bin, sizeof fx->bin, "%s/build/wasteopt", ts_top());
    snprintf(fx->dir, sizeof fx->dir, "/tmp/wo_%.40s.XXXXXX", name);
    if (!mkdtemp(fx->dir)) {
        free(fx);
        return -1;
    }
    *state = fx;
    return 0;
}

int ts_cli_teardown(void **state)
{
    ts_cli *fx = *state;
    ts_remove_tree(fx->dir);
    free(fx);
    return 0;
}
