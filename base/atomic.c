/*
 * atomic.c — Atomic output files. See atomic.h for the contracts.
 */
#define _POSIX_C_SOURCE 200809L
#include "base/atomic.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/parse.h"

int wo_path_is_special(const char *path)
{
    struct stat st;
    return path && stat(path, &st) == 0 && !S_ISREG(st.st_mode) &&
           !S_ISDIR(st.st_mode);
}

int wo_atomic_tmp(const char *path, char *tmp, size_t size, wo_err *err)
{
    int n = snprintf(tmp, size, "%s.tmp.%ld", path, (long)getpid());
    if (n < 0 || (size_t)n >= size)
        return wo_err_set(err, WO_EINVAL, "%s: path too long", path);
    if (wo_path_is_special(path))
        wo_strlcpy(tmp, path, size);
    return WO_OK;
}

int wo_atomic_finish(const char *tmp, const char *path, int ok)
{
    int in_place = strcmp(tmp, path) == 0;
    if (ok && (in_place || rename(tmp, path) == 0))
        return WO_OK;
    if (!in_place)
        remove(tmp);
    return WO_EIO;
}
