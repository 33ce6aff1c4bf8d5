/*
 * atomic.h — output files and output sets, the library's one way of
 * writing what a user keeps.
 *
 * A file: the new contents go to a temporary file beside the target,
 * created with O_CREAT|O_EXCL|O_NOFOLLOW under an unpredictable name
 * (".NAME.woPID-RANDOM.tmp"), so a symlink or file planted at any name we
 * might use is never followed nor reused; it is flushed to disk (fsync),
 * checked to be still the file we created, renamed over the target, and
 * the directory is synced so that the rename survives a crash. A reader
 * (or a killed nightly run) only ever sees the previous complete file or
 * the new complete file.
 *
 * Special targets, one rule for every writer: a target that exists and is
 * neither a regular file nor a directory (a device such as /dev/null or
 * /dev/stdout, a FIFO, a socket) is written in place, never replaced:
 * renaming onto it would replace the device.
 *
 * A set (several files a reader must see together, such as a plan's five
 * files): the files are written into a private staging directory beside
 * the target directory (".NAME.woPID-RANDOM.set", mode 0700 while it is
 * being filled), a manifest ".wasteopt-set" naming the run and every file
 * with its size and FNV-1a digest is added last, entries of the target
 * the set does not own (a user's files, other outputs) are carried over
 * (a regular file by a second hard link, so it never leaves the target; a
 * directory is moved, and is missing from the target for the instant
 * before the swap), and the staging directory is swapped with the target
 * in one renameat2(RENAME_EXCHANGE). The target therefore holds the
 * previous complete set or the new complete set at every instant. Where the file system refuses RENAME_EXCHANGE the target
 * is renamed aside and the new set renamed in: a kill between those two
 * renames leaves no target until the next run, which renames a complete
 * set back first.
 *
 * Temporary files and staging directories of dead runs are removed at the
 * start of the next write to the same target: only names of this pattern
 * (or the ".NAME.PID.N.tmp" of earlier versions), regular files owned by
 * us, whose process is gone. Entries of a user that a dead run had moved
 * into its staging directory are moved back, never deleted.
 *
 * Test hooks, compiled into every build and read from the environment on
 * each use: WO_TEST_KILL_AFTER_RENAME=K makes the process kill itself
 * (SIGKILL) right after the K-th rename (or carrying link) this library
 * makes (file commits and the steps of a set); WO_TEST_ENOSPC_AT=K makes the K-th file commit
 * fail as a full disk does (ENOSPC). Counts start at 1 and run over the
 * whole process.
 */
#ifndef WO_BASE_ATOMIC_H
#define WO_BASE_ATOMIC_H

#include <stddef.h>
#include <stdio.h>

#include "base/err.h"

/* File name of the manifest of an output set, inside the set's directory. */
#define WO_ATOMIC_MANIFEST ".wasteopt-set"

/* 1 when path names an existing file that is neither a regular file nor a
 * directory (following symlinks: /dev/stdout counts): the special targets
 * written in place. */
int wo_path_is_special(const char *path);

/* One output file being written. Open with wo_atomic_open; finish with
 * exactly one of wo_atomic_commit / wo_atomic_abort. */
typedef struct wo_atomic_file {
    FILE *f;        /* write the new contents through this            */
    char *path;     /* the target (owned)                             */
    char *tmp_path; /* the temporary file (owned), or NULL when a special
                       target is written in place                     */
} wo_atomic_file;

/* Create the temporary file for path (its directory must exist), after
 * removing stale temporary files of path left by dead runs. On failure *a
 * is closed and err names the path and the reason: WO_EINVAL (no file
 * name), WO_ENOMEM, WO_EIO. */
int wo_atomic_open(wo_atomic_file *a, const char *path, wo_err *err);

/* Flush the contents, fsync them, make sure the temporary name still
 * names the file we created, rename it over the target and fsync the
 * directory. Any write error seen on the way (disk full, ...) fails the
 * commit and removes the temporary file, so the previous target stays
 * intact. *a is closed afterwards in every case. WO_OK, or WO_EIO with
 * "cannot write 'PATH': reason" / "cannot replace 'PATH': reason". */
int wo_atomic_commit(wo_atomic_file *a, wo_err *err);

/* Close and remove the temporary file; the target is untouched. Safe on a
 * closed or zeroed wo_atomic_file. */
void wo_atomic_abort(wo_atomic_file *a);

/* A name under which another library (GLPK writes by file name) can open
 * the open file of a for writing without going through its temporary
 * name: "/proc/self/fd/N" (Linux), written into buf. */
const char *wo_atomic_fd_name(const wo_atomic_file *a, char buf[32]);

/* Write len bytes of data as the new contents of path: open, write,
 * commit. WO_OK, or an error as above; path is untouched on failure. */
int wo_atomic_write(const char *path, const void *data, size_t len,
                    wo_err *err);

/* fsync the directory holding path, so that a rename into it is durable.
 * Best effort: errors are ignored. */
void wo_atomic_sync_dir(const char *path);

/* Make sure directory dir exists, creating it and its missing parents
 * (mode 0777 less the umask). WO_OK, or WO_EIO with "cannot create
 * directory 'D': reason" / "'D' exists and is not a directory". */
int wo_atomic_mkdirs(const char *dir, wo_err *err);

/* Open a resumable partial file (a download's PATH.part) for reading and
 * appending without following a symlink at its name: created when
 * missing, refused (WO_EIO, "'PATH' is not a regular file of this user
 * with a single link: remove it") when it is a symlink, not a regular
 * file, owned by another user or hard-linked elsewhere. On success *out
 * is open ("a+b"). */
int wo_atomic_open_partial(const char *path, FILE **out, wo_err *err);

/* Rename the closed, complete partial file part over path once it is
 * checked to be still the file of device dev and inode ino (the fstat of
 * the open file), then fsync the directory. WO_OK, or WO_EIO with "cannot
 * replace 'PATH': reason". */
int wo_atomic_commit_partial(const char *part, unsigned long long dev,
                             unsigned long long ino, const char *path,
                             wo_err *err);

/* An output set being written: see the file comment. */
typedef struct wo_atomic_set {
    char *target; /* the directory the set replaces (owned)            */
    char *stage;  /* the staging directory: write the files here (owned) */
    char run_id[17]; /* the run's id (hex), in the manifest            */
} wo_atomic_set;

/* Start a set replacing directory dir (created with its parents when
 * missing; an existing one is taken by its real path, so a symlink, "."
 * or ".." name the directory itself): clean what dead runs left beside
 * it, create the staging directory in its parent (which must be on the
 * same file system: a mount point cannot be swapped, its commit fails and
 * it keeps its previous contents). On failure *s is
 * closed and err says why (WO_EINVAL, WO_ENOMEM, WO_EIO). */
int wo_atomic_set_begin(wo_atomic_set *s, const char *dir, wo_err *err);

/* Clean what dead runs left beside directory dir (their staging
 * directories, as wo_atomic_set_begin does first), for a run that checks
 * its output directory before it starts a set. Best effort. */
void wo_atomic_set_clean(const char *dir);

/* Publish the files written into s->stage as the new contents of the
 * target: manifest, entries the set does not own moved over, exchange,
 * the previous set removed. A file of the previous set that the new set
 * lacks goes with the previous set. On failure the target keeps the
 * previous complete set and the staging directory is removed. *s is
 * closed in every case. WO_OK, or WO_EIO / WO_ENOMEM with the directory
 * and the reason in err. */
int wo_atomic_set_commit(wo_atomic_set *s, wo_err *err);

/* Drop the staging directory and what was written into it; the target is
 * untouched. Safe on a closed or zeroed set. */
void wo_atomic_set_abort(wo_atomic_set *s);

#endif /* WO_BASE_ATOMIC_H */
