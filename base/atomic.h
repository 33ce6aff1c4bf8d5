/*
 * atomic.h — atomic replacement of output files (temp file + rename) and the
 * special targets (devices, FIFOs) that are written in place.
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

/* Finish a write under tmp (from wo_atomic_tmp): when ok, rename it over
 * path (nothing to do when tmp is path); otherwise, or when the rename
 * fails, remove it (never path itself). Returns WO_OK, or WO_EIO when not
 * ok or the rename failed; the caller words the message. */
int wo_atomic_finish(const char *tmp, const char *path, int ok);

#endif /* WO_BASE_ATOMIC_H */
