/*
 * atomic.h — atomic replacement of output files, the library's one way of
 * doing it: the new contents go to a temporary file beside the target,
 * which is flushed to disk (fsync) and renamed over the target, and the
 * directory is synced so that the rename survives a crash. A reader (or a
 * killed nightly run) only ever sees the previous complete file or the new
 * complete file. Special targets (devices, FIFOs) are written in place.
 */
#ifndef WO_BASE_ATOMIC_H
#define WO_BASE_ATOMIC_H

#include <stddef.h>

#include "base/err.h"

/* 1 when path names an existing file that is not a regular file (a device
 * such as /dev/null or /dev/stdout, a FIFO). Writers that replace their
 * output atomically (temp file + rename) write such a target in place
 * instead: renaming onto it would replace the device. */
int wo_path_is_special(const char *path);

/* The library's atomic writes. wo_atomic_tmp puts into tmp the name to
 * write the new contents of path under: path.tmp.PID beside it, or path
 * itself when wo_path_is_special(path). Returns WO_OK, or WO_EINVAL (with
 * a message in err) when that name does not fit in size. */
int wo_atomic_tmp(const char *path, char *tmp, size_t size, wo_err *err);

/* Make a complete, closed file tmp the contents of path: fsync tmp, rename
 * it over path and fsync path's directory (nothing to rename when tmp is
 * path; a file system that refuses fsync, EINVAL, is not an error). tmp is
 * left in place when this fails. WO_OK, or WO_EIO with "cannot sync
 * 'path': reason" or "cannot replace 'path': reason" in err. */
int wo_atomic_commit(const char *tmp, const char *path, wo_err *err);

/* Finish a write under tmp (from wo_atomic_tmp): when ok, commit it
 * (wo_atomic_commit); otherwise, or when the commit fails, remove it
 * (never path itself). Returns WO_OK, or WO_EIO when not ok or the commit
 * failed; the caller words the message. */
int wo_atomic_finish(const char *tmp, const char *path, int ok);

/* fsync the directory holding path, so that a rename into it is durable.
 * Best effort: errors are ignored. */
void wo_atomic_sync_dir(const char *path);

/* Write len bytes of data as the new contents of path: wo_atomic_tmp,
 * write, wo_atomic_finish. WO_OK, WO_EINVAL (path too long) or WO_EIO,
 * with "path: reason" in err; path is untouched on failure. */
int wo_atomic_write(const char *path, const void *data, size_t len,
                    wo_err *err);

#endif /* WO_BASE_ATOMIC_H */
