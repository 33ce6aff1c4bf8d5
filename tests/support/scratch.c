/*
 * scratch.c — scratch directories for tests. See scratch.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "tests/support/scratch.h"

#include "tests/support/files.h"

#include <dirent.h>
#include <stdio.h>
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
