/*
 * scratch.c — scratch directories for tests. See scratch.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "tests/support/scratch.h"

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
