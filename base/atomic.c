/*
 * atomic.c — Atomic output files. See atomic.h for the contracts.
 */
#define _POSIX_C_SOURCE 200809L
#include "base/atomic.h"

#include <errno.h>
#include <fcntl.h>
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

/* fsync the file or directory at path. A file system that refuses fsync
 * (EINVAL) is not an error. 0, or -1 with errno. */
static int sync_path(const char *path, int flags)
{
    int fd = open(path, flags), rc, e;
    if (fd < 0)
        return -1;
    rc = fsync(fd);
    e = errno;
    close(fd);
    if (rc != 0 && e == EINVAL)
        return 0;
    errno = e;
    return rc;
}

void wo_atomic_sync_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    if (!slash) {
        wo_strlcpy(dir, ".", sizeof dir);
    } else {
        size_t n = slash == path ? 1 : (size_t)(slash - path);
        if (n >= sizeof dir)
            return;
        memcpy(dir, path, n);
        dir[n] = '\0';
    }
    (void)sync_path(dir, O_RDONLY);
}

int wo_atomic_commit(const char *tmp, const char *path, wo_err *err)
{
    if (strcmp(tmp, path) == 0)
        return WO_OK;
    if (sync_path(tmp, O_RDONLY) != 0)
        return wo_err_set(err, WO_EIO, "cannot sync '%s': %s", path,
                          strerror(errno));
    if (rename(tmp, path) != 0)
        return wo_err_set(err, WO_EIO, "cannot replace '%s': %s", path,
                          strerror(errno));
    wo_atomic_sync_dir(path);
    return WO_OK;
}

int wo_atomic_finish(const char *tmp, const char *path, int ok)
{
    int in_place = strcmp(tmp, path) == 0;
    if (ok && wo_atomic_commit(tmp, path, NULL) == WO_OK)
        return WO_OK;
    if (!in_place)
        remove(tmp);
    return WO_EIO;
}

int wo_atomic_write(const char *path, const void *data, size_t len,
                    wo_err *err)
{
    char tmp[4096];
    FILE *f;
    int ok, rc = wo_atomic_tmp(path, tmp, sizeof tmp, err);
    if (rc != WO_OK)
        return rc;
    f = fopen(tmp, "wb");
    if (!f)
        return wo_err_set(err, WO_EIO, "%s: cannot create: %s", path,
                          strerror(errno));
    ok = (len == 0 || fwrite(data, 1, len, f) == len);
    ok = fflush(f) == 0 && ok;
    ok = fclose(f) == 0 && ok;
    if (wo_atomic_finish(tmp, path, ok) != WO_OK)
        return wo_err_set(err, WO_EIO, "%s: write failed: %s", path,
                          strerror(errno ? errno : EIO));
    return WO_OK;
}
