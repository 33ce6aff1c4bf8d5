/*
 * atomic.c — Output files and output sets. See atomic.h for the contracts
 * and the layout on disk.
 */
#define _GNU_SOURCE
#include "base/atomic.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/hash.h"
#include "base/parse.h"

/* Longest path handled. */
#define PATH_BYTES 4096
/* Longest part of a target's file name kept in a temporary name, so that
 * ".NAME.woPID-RANDOM.tmp" stays within NAME_MAX (255). */
#define NAME_KEEP 200
/* List of the entries a set's staging directory received from the target
 * (moved back if the run dies before the swap). */
#define CARRIED ".wasteopt-carried"
/* First line of a manifest. */
#define MANIFEST_HEAD "wasteopt output set 1\n"

/* ------------------------------------------------------------ test hooks */

static atomic_int renames_done;
static atomic_int commits_done;

/* A positive integer from the environment, or 0. */
static long env_count(const char *name)
{
    const char *s = getenv(name);
    long v;
    if (!s || wo_parse_long(s, &v) != WO_OK || v < 0)
        return 0;
    return v;
}

/* One more rename (or link) step done: WO_TEST_KILL_AFTER_RENAME. */
static void step_done(void)
{
    int n = atomic_fetch_add(&renames_done, 1) + 1;
    if (n == env_count("WO_TEST_KILL_AFTER_RENAME"))
        raise(SIGKILL);
}

/* rename(2) that counts as a step. */
static int counted_rename(const char *from, const char *to)
{
    if (rename(from, to) != 0)
        return -1;
    step_done();
    return 0;
}

/* renameat2(RENAME_EXCHANGE) that counts as a step. */
static int counted_exchange(const char *a, const char *b)
{
    if (renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) != 0)
        return -1;
    step_done();
    return 0;
}

/* Carry entry from into to: a regular file gets a second link, so it never
 * leaves the target; anything else (or where links are refused) is
 * renamed. Counts as a step. */
static int counted_carry(const char *from, const char *to)
{
    struct stat st;
    if (lstat(from, &st) == 0 && S_ISREG(st.st_mode) && link(from, to) == 0) {
        step_done();
        return 0;
    }
    return counted_rename(from, to);
}

/* 1 when this file commit is the one WO_TEST_ENOSPC_AT fails. */
static int injected_enospc(void)
{
    int n = atomic_fetch_add(&commits_done, 1) + 1;
    return n == env_count("WO_TEST_ENOSPC_AT");
}

/* ---------------------------------------------------------------- names */

/* 64 unpredictable bits (getrandom; the clock, pid and a counter mixed
 * when the kernel has none to give). */
static uint64_t random64(void)
{
    static atomic_uint_fast64_t counter;
    uint64_t v;
    if (getrandom(&v, sizeof v, GRND_NONBLOCK) == (ssize_t)sizeof v)
        return v;
    v = (uint64_t)(wo_now_s() * 1e9) ^ ((uint64_t)getpid() << 32) ^
        (uint64_t)atomic_fetch_add(&counter, 1);
    return wo_fnv1a64(&v, sizeof v);
}

/* Split path into its directory ("." when none) and its last component. */
static int split_path(const char *path, char dir[PATH_BYTES],
                      const char **base)
{
    const char *slash = strrchr(path, '/');
    size_t n;
    if (!slash) {
        wo_strlcpy(dir, ".", PATH_BYTES);
        *base = path;
        return 0;
    }
    n = slash == path ? 1 : (size_t)(slash - path);
    if (n >= PATH_BYTES)
        return -1;
    memcpy(dir, path, n);
    dir[n] = '\0';
    *base = slash + 1;
    return 0;
}

/* dir/name into out; -1 when it does not fit. */
static int join(char out[PATH_BYTES], const char *dir, const char *name)
{
    int n = snprintf(out, PATH_BYTES, "%s/%s", dir, name);
    return n < 0 || n >= PATH_BYTES ? -1 : 0;
}

/* ".NAME.woPID-RANDOM<suffix>" for the target's file name base. */
static void temp_name(char out[PATH_BYTES], const char *base,
                      const char *suffix)
{
    snprintf(out, PATH_BYTES, ".%.*s.wo%ld-%016llx%s", NAME_KEEP, base,
             (long)getpid(), (unsigned long long)random64(), suffix);
}

/* Skip a run of decimal digits; NULL when there is none. */
static const char *digits(const char *s, long *value)
{
    long v = 0;
    const char *p = s;
    while (*p >= '0' && *p <= '9' && v < 100000000L)
        v = v * 10 + (*p++ - '0');
    if (p == s || (*p >= '0' && *p <= '9'))
        return NULL;
    *value = v;
    return p;
}

/* When name is one of ours for target file name base with this suffix
 * (".tmp" or ".set"), the pid of the run that made it; else 0. Besides the
 * current pattern, the temporary files of earlier versions are known:
 * ".NAME.PID.N.tmp" and "NAME.tmp.PID". */
static long our_name_pid(const char *name, const char *base,
                         const char *suffix)
{
    size_t nb = strlen(base), keep = nb < NAME_KEEP ? nb : NAME_KEEP;
    const char *p;
    long pid = 0, n;
    size_t i;
    if (name[0] == '.' && !strncmp(name + 1, base, keep)) {
        p = name + 1 + keep;
        if (!strncmp(p, ".wo", 3) && (p = digits(p + 3, &pid)) && *p == '-') {
            for (i = 1; i <= 16; i++)
                if (!((p[i] >= '0' && p[i] <= '9') ||
                      (p[i] >= 'a' && p[i] <= 'f')))
                    return 0;
            return strcmp(p + 17, suffix) ? 0 : pid;
        }
        if (!strcmp(suffix, ".tmp") && keep == nb && *p == '.' &&
            (p = digits(p + 1, &pid)) && *p == '.' &&
            (p = digits(p + 1, &n)) && !strcmp(p, ".tmp"))
            return pid;
        return 0;
    }
    if (!strcmp(suffix, ".tmp") && !strncmp(name, base, nb) &&
        !strncmp(name + nb, ".tmp.", 5) && (p = digits(name + nb + 5, &pid)) &&
        !*p)
        return pid;
    return 0;
}

/* 1 when name has the form of one of our temporary files, whatever its
 * target: ".NAME.woPID-RANDOM.tmp" or ".NAME.PID.N.tmp". */
static int any_temp_name(const char *name)
{
    size_t n = strlen(name), i;
    const char *p;
    if (name[0] != '.' || n < 8 || strcmp(name + n - 4, ".tmp") != 0)
        return 0;
    if (n >= 27 && name[n - 21] == '-') {
        for (i = n - 20; i < n - 4; i++)
            if (!((name[i] >= '0' && name[i] <= '9') ||
                  (name[i] >= 'a' && name[i] <= 'f')))
                return 0;
        for (p = name + n - 22; p > name && *p >= '0' && *p <= '9'; p--)
            ;
        return p < name + n - 22 && p - name >= 3 && !strncmp(p - 2, ".wo", 3);
    }
    /* ".NAME.PID.N.tmp" */
    for (p = name + n - 5; p > name && *p >= '0' && *p <= '9'; p--)
        ;
    if (p == name + n - 5 || *p != '.')
        return 0;
    for (p--; p > name && *p >= '0' && *p <= '9'; p--)
        ;
    return *p == '.' && p > name;
}

/* 1 when process pid is gone (and is not us). */
static int dead(long pid)
{
    return pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) != 0 &&
           errno == ESRCH;
}

/* ---------------------------------------------------------------- files */

int wo_path_is_special(const char *path)
{
    struct stat st;
    return path && stat(path, &st) == 0 && !S_ISREG(st.st_mode) &&
           !S_ISDIR(st.st_mode);
}

/* fsync fd; a file system or device that refuses fsync (EINVAL, ENOTSUP)
 * is not an error. 0, or -1 with errno. */
static int sync_fd(int fd)
{
    if (fsync(fd) == 0 || errno == EINVAL || errno == ENOTSUP ||
        errno == EROFS)
        return 0;
    return -1;
}

void wo_atomic_sync_dir(const char *path)
{
    char dir[PATH_BYTES];
    const char *base;
    int fd;
    if (split_path(path, dir, &base) != 0)
        return;
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return;
    (void)sync_fd(fd);
    close(fd);
}

/* Remove the temporary files of dead runs for the target dir/base. */
static void clean_stale_files(const char *dir, const char *base)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        char p[PATH_BYTES];
        struct stat st;
        long pid = our_name_pid(e->d_name, base, ".tmp");
        if (pid && dead(pid) && join(p, dir, e->d_name) == 0 &&
            lstat(p, &st) == 0 && S_ISREG(st.st_mode) &&
            st.st_uid == geteuid())
            unlink(p);
    }
    closedir(d);
}

int wo_atomic_open(wo_atomic_file *a, const char *path, wo_err *err)
{
    char dir[PATH_BYTES], tmp[PATH_BYTES], name[PATH_BYTES];
    const char *base;
    int fd = -1, attempt;
    memset(a, 0, sizeof *a);
    if (!path || split_path(path, dir, &base) != 0 || strlen(path) >= 3000)
        return wo_err_set(err, WO_EINVAL, "'%s': path too long",
                          path ? path : "");
    if (!*base || !strcmp(base, ".") || !strcmp(base, ".."))
        return wo_err_set(err, WO_EINVAL, "'%s': not a file name", path);
    a->path = wo_strdup(path);
    if (!a->path)
        return wo_err_set(err, WO_ENOMEM, "out of memory");
    if (wo_path_is_special(path)) {
        fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (fd < 0 || !(a->f = fdopen(fd, "wb"))) {
            int e = errno;
            if (fd >= 0)
                close(fd);
            wo_atomic_abort(a);
            return wo_err_set(err, wo_errno_code(e), "cannot open '%s': %s",
                              path, wo_errno_text(e));
        }
        return WO_OK;
    }
    clean_stale_files(dir, base);
    for (attempt = 0; attempt < 100; attempt++) {
        temp_name(name, base, ".tmp");
        if (join(tmp, dir, name) != 0)
            break;
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                  0666);
        if (fd >= 0 || errno != EEXIST)
            break;
    }
    if (fd < 0) {
        int e = errno;
        wo_atomic_abort(a);
        return wo_err_set(err, wo_errno_code(e),
                          "cannot create a file beside '%s': %s", path,
                          wo_errno_text(e));
    }
    a->tmp_path = wo_strdup(tmp);
    a->f = a->tmp_path ? fdopen(fd, "wb") : NULL;
    if (!a->f) {
        close(fd);
        unlink(tmp);
        wo_atomic_abort(a);
        return wo_err_set(err, WO_ENOMEM, "out of memory");
    }
    return WO_OK;
}

void wo_atomic_abort(wo_atomic_file *a)
{
    if (a->f)
        fclose(a->f);
    if (a->tmp_path)
        unlink(a->tmp_path);
    wo_free(a->tmp_path);
    wo_free(a->path);
    memset(a, 0, sizeof *a);
}

/* 1 when path names (without following a symlink) the file of st. */
static int same_file(const char *path, const struct stat *st)
{
    struct stat now;
    return lstat(path, &now) == 0 && now.st_dev == st->st_dev &&
           now.st_ino == st->st_ino;
}

int wo_atomic_commit(wo_atomic_file *a, wo_err *err)
{
    struct stat st;
    int e = 0, fd;
    if (!a->f)
        return wo_err_set(err, WO_EINVAL, "output file is not open");
    fd = fileno(a->f);
    if (fflush(a->f) != 0 || ferror(a->f))
        e = errno ? errno : EIO;
    else if (sync_fd(fd) != 0)
        e = errno;
    else if (injected_enospc())
        e = ENOSPC;
    if (e == 0 && a->tmp_path && fstat(fd, &st) != 0)
        e = errno;
    if (fclose(a->f) != 0 && e == 0)
        e = errno;
    a->f = NULL;
    if (e != 0) {
        int code = wo_errno_code(e);
        wo_err_set(err, code, "cannot write '%s': %s", a->path,
                   wo_errno_text(e));
        wo_atomic_abort(a);
        return code;
    }
    if (a->tmp_path) {
        /* The name must still be the file we created: someone able to
         * write in the directory may have swapped it. */
        if (!same_file(a->tmp_path, &st))
            e = EEXIST;
        else if (counted_rename(a->tmp_path, a->path) != 0)
            e = errno;
        if (e != 0) {
            wo_err_set(err, WO_EIO, "cannot replace '%s': %s", a->path,
                       e == EEXIST ? "its temporary file was replaced"
                                   : wo_errno_text(e));
            if (e == EEXIST) {
                wo_free(a->tmp_path);
                a->tmp_path = NULL;
            }
            wo_atomic_abort(a);
            return WO_EIO;
        }
        wo_atomic_sync_dir(a->path);
        wo_free(a->tmp_path);
        a->tmp_path = NULL;
    }
    wo_free(a->path);
    memset(a, 0, sizeof *a);
    return WO_OK;
}

const char *wo_atomic_fd_name(const wo_atomic_file *a, char buf[32])
{
    snprintf(buf, 32, "/proc/self/fd/%d", a->f ? fileno(a->f) : -1);
    return buf;
}

int wo_atomic_write(const char *path, const void *data, size_t len,
                    wo_err *err)
{
    wo_atomic_file a;
    int rc = wo_atomic_open(&a, path, err);
    if (rc != WO_OK)
        return rc;
    if (len > 0 && fwrite(data, 1, len, a.f) != len) {
        rc = wo_err_set(err, WO_EIO, "cannot write '%s': %s", path,
                        wo_errno_text(errno));
        wo_atomic_abort(&a);
        return rc;
    }
    return wo_atomic_commit(&a, err);
}

int wo_atomic_mkdirs(const char *dir, wo_err *err)
{
    char p[PATH_BYTES];
    struct stat st;
    size_t i, n = wo_strlcpy(p, dir, sizeof p);
    if (n >= sizeof p)
        return wo_err_set(err, WO_EINVAL, "'%s': path too long", dir);
    for (i = 1; i <= n; i++) {
        if (p[i] != '/' && p[i] != '\0')
            continue;
        p[i] = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            return wo_err_set(err, WO_EIO, "cannot create directory '%s': %s",
                              p, wo_errno_text(errno));
        p[i] = i < n ? '/' : '\0';
    }
    if (stat(dir, &st) != 0)
        return wo_err_set(err, WO_EIO, "cannot create directory '%s': %s",
                          dir, wo_errno_text(errno));
    if (!S_ISDIR(st.st_mode))
        return wo_err_set(err, WO_EIO, "'%s' exists and is not a directory",
                          dir);
    return WO_OK;
}

/* ------------------------------------------------------- partial files */

int wo_atomic_open_partial(const char *path, FILE **out, wo_err *err)
{
    struct stat st;
    int fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_NOFOLLOW |
                            O_NONBLOCK | O_NOCTTY | O_CLOEXEC,
                  0666);
    *out = NULL;
    if (fd < 0 && errno == ELOOP)
        return wo_err_set(err, WO_EIO,
                          "'%s' is not a regular file of this user with a "
                          "single link: remove it",
                          path);
    if (fd < 0)
        return wo_err_set(err, WO_EIO, "cannot create '%s': %s", path,
                          wo_errno_text(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        st.st_uid != geteuid() || st.st_nlink != 1) {
        close(fd);
        return wo_err_set(err, WO_EIO,
                          "'%s' is not a regular file of this user with a "
                          "single link: remove it",
                          path);
    }
    if (fcntl(fd, F_SETFL, O_APPEND) != 0 || !(*out = fdopen(fd, "a+b"))) {
        int e = errno;
        close(fd);
        return wo_err_set(err, WO_EIO, "cannot open '%s': %s", path,
                          wo_errno_text(e));
    }
    return WO_OK;
}

int wo_atomic_commit_partial(const char *part, unsigned long long dev,
                             unsigned long long ino, const char *path,
                             wo_err *err)
{
    struct stat st;
    if (lstat(part, &st) != 0 || (unsigned long long)st.st_dev != dev ||
        (unsigned long long)st.st_ino != ino)
        return wo_err_set(err, WO_EIO,
                          "cannot replace '%s': '%s' was replaced during the "
                          "download",
                          path, part);
    if (counted_rename(part, path) != 0)
        return wo_err_set(err, WO_EIO, "cannot replace '%s': %s", path,
                          wo_errno_text(errno));
    wo_atomic_sync_dir(path);
    return WO_OK;
}

/* ----------------------------------------------------------------- sets */

/* The names listed in dir/file as "\nNAME\n" lines in names (which
 * starts with "\n"): of the manifest (file is WO_ATOMIC_MANIFEST) the
 * NAME of each "file\tNAME\t..." line, of a CARRIED list every line.
 * 1 when the file exists, 0 when not, -1 when out of memory. */
static int read_names(const char *dir, const char *file, wo_buf *names)
{
    char p[PATH_BYTES], line[PATH_BYTES];
    int manifest = !strcmp(file, WO_ATOMIC_MANIFEST);
    FILE *f;
    names->len = 0;
    if (wo_buf_append(names, "\n", 1) != WO_OK)
        return -1;
    if (join(p, dir, file) != 0 || !(f = fopen(p, "rbe")))
        return 0;
    while (fgets(line, sizeof line, f)) {
        const char *name = line, *end = line + strcspn(line, "\n");
        if (manifest) {
            if (strncmp(line, "file\t", 5) != 0 ||
                !(end = strchr(line + 5, '\t')))
                continue;
            name = line + 5;
        }
        if (wo_buf_append(names, name, (size_t)(end - name)) != WO_OK ||
            wo_buf_append(names, "\n", 1) != WO_OK) {
            fclose(f);
            return -1;
        }
    }
    fclose(f);
    return 1;
}

/* 1 when name is one of the "\nNAME\n" lines of names. */
static int listed(wo_buf *names, const char *name)
{
    const char *s = wo_buf_cstr(names), *p = s;
    size_t n = strlen(name);
    while ((p = strstr(p, name)) != NULL) {
        if (p > s && p[-1] == '\n' && p[n] == '\n')
            return 1;
        p++;
    }
    return 0;
}

/* Empty the staging directory stage of target (a dead run's, an aborted
 * one's or, after the swap, the previous set) and remove it: the files of
 * a set are deleted, the entries of a user that were moved in are moved
 * back to target (left in place when target has such a name again, and
 * stage with them). */
static void clean_stage(const char *stage, const char *target)
{
    wo_buf own, cur, carried;
    int committed, ok = 1;
    DIR *d;
    struct dirent *e;
    wo_buf_init(&own, 0);
    wo_buf_init(&cur, 0);
    wo_buf_init(&carried, 0);
    committed = read_names(stage, WO_ATOMIC_MANIFEST, &own);
    if (committed < 0 || read_names(target, WO_ATOMIC_MANIFEST, &cur) < 0 ||
        read_names(stage, CARRIED, &carried) < 0 || !(d = opendir(stage))) {
        ok = 0;
        goto done;
    }
    while ((e = readdir(d)) != NULL) {
        char p[PATH_BYTES], back[PATH_BYTES];
        struct stat st;
        const char *n = e->d_name;
        if (!strcmp(n, ".") || !strcmp(n, "..") ||
            !strcmp(n, WO_ATOMIC_MANIFEST) || !strcmp(n, CARRIED))
            continue;
        if (join(p, stage, n) != 0 || lstat(p, &st) != 0) {
            ok = 0;
            continue;
        }
        if (committed == 1 && !listed(&own, n) &&
            !any_temp_name(n) &&
            (listed(&carried, n) || !listed(&cur, n))) {
            /* a user's entry: a second link of the target's is dropped,
             * one that left the target goes back */
            struct stat there;
            if (join(back, target, n) != 0)
                ok = 0;
            else if (lstat(back, &there) == 0)
                ok = there.st_dev == st.st_dev && there.st_ino == st.st_ino &&
                     unlink(p) == 0;
            else if (errno != ENOENT || rename(p, back) != 0)
                ok = 0;
        } else if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) {
            if (unlink(p) != 0)
                ok = 0;
        } else {
            ok = 0;
        }
    }
    closedir(d);
done:
    if (ok) {
        char p[PATH_BYTES];
        if (join(p, stage, CARRIED) == 0)
            unlink(p);
        if (join(p, stage, WO_ATOMIC_MANIFEST) == 0)
            unlink(p);
        rmdir(stage);
    }
    wo_buf_free(&own);
    wo_buf_free(&cur);
    wo_buf_free(&carried);
}

/* Staging directories of dead runs beside target (in parent, named for
 * base): when target is missing (a run died between the two renames of
 * the fallback), a committed one becomes the target again; the others are
 * emptied by clean_stage. */
static void clean_stale_sets(const char *parent, const char *base,
                             const char *target)
{
    DIR *d = opendir(parent);
    struct dirent *e;
    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        char p[PATH_BYTES], m[PATH_BYTES];
        struct stat st;
        long pid = our_name_pid(e->d_name, base, ".set");
        if (!pid || !dead(pid) || join(p, parent, e->d_name) != 0 ||
            lstat(p, &st) != 0 || !S_ISDIR(st.st_mode) ||
            st.st_uid != geteuid())
            continue;
        if (access(target, F_OK) != 0 && errno == ENOENT &&
            join(m, p, WO_ATOMIC_MANIFEST) == 0 && access(m, F_OK) == 0 &&
            rename(p, target) == 0)
            continue;
        clean_stage(p, target);
    }
    closedir(d);
}

/* Mode bits of a new directory: 0777 less the umask (read without
 * changing it, from /proc; 022 when that is not available). */
static mode_t new_dir_mode(void)
{
    char line[128];
    unsigned long mask = 022;
    FILE *f = fopen("/proc/self/status", "re");
    if (f) {
        while (fgets(line, sizeof line, f))
            if (!strncmp(line, "Umask:", 6)) {
                mask = strtoul(line + 6, NULL, 8);
                break;
            }
        fclose(f);
    }
    return (mode_t)(0777 & ~mask);
}

/* The target directory a set for dir replaces, in a new string *out: an
 * existing directory by its real path (a symlink to it, ".", ".." and
 * "a/.." all name the directory itself), without trailing slashes; its
 * parent into parent and its name into *base (pointing into the result).
 * WO_OK, WO_ENOMEM, or WO_EINVAL when dir names no directory that can be
 * swapped, with err set. */
static int set_target(const char *dir, char **out, char parent[PATH_BYTES],
                      const char **base, wo_err *err)
{
    char *real = NULL, *t;
    struct stat st;
    size_t n;
    *out = NULL;
    if (!dir || !*dir)
        return wo_err_set(err, WO_EINVAL, "empty output directory name");
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        real = realpath(dir, NULL);
    t = wo_strdup(real ? real : dir);
    free(real);
    if (!t)
        return wo_err_set(err, WO_ENOMEM, "out of memory");
    while ((n = strlen(t)) > 1 && t[n - 1] == '/')
        t[n - 1] = '\0';
    if (split_path(t, parent, base) != 0 || !**base || !strcmp(*base, ".") ||
        !strcmp(*base, "..")) {
        wo_free(t);
        return wo_err_set(err, WO_EINVAL,
                          "output directory '%s': give it by a name that "
                          "ends in the directory itself",
                          dir);
    }
    *out = t;
    return WO_OK;
}

void wo_atomic_set_clean(const char *dir)
{
    char parent[PATH_BYTES];
    const char *base;
    char *target;
    if (set_target(dir, &target, parent, &base, NULL) == WO_OK)
        clean_stale_sets(parent, base, target);
    wo_free(target);
}

int wo_atomic_set_begin(wo_atomic_set *s, const char *dir, wo_err *err)
{
    char parent[PATH_BYTES], name[PATH_BYTES], stage[PATH_BYTES];
    const char *base;
    struct stat st;
    int rc, attempt;
    memset(s, 0, sizeof *s);
    if ((rc = set_target(dir, &s->target, parent, &base, err)) != WO_OK)
        return rc;
    if ((rc = wo_atomic_mkdirs(parent, err)) != WO_OK)
        goto fail;
    if (lstat(s->target, &st) == 0 && !S_ISDIR(st.st_mode)) {
        rc = wo_err_set(err, WO_EIO,
                        "output directory '%s' exists and is not a directory",
                        dir);
        goto fail;
    }
    clean_stale_sets(parent, base, s->target);
    for (attempt = 0; attempt < 100; attempt++) {
        temp_name(name, base, ".set");
        if (join(stage, parent, name) != 0) {
            errno = ENAMETOOLONG;
            break;
        }
        if (mkdir(stage, 0700) == 0) {
            s->stage = wo_strdup(stage);
            if (!s->stage) {
                rmdir(stage);
                rc = wo_err_set(err, WO_ENOMEM, "out of memory");
                goto fail;
            }
            snprintf(s->run_id, sizeof s->run_id, "%016llx",
                     (unsigned long long)random64());
            return WO_OK;
        }
        if (errno != EEXIST)
            break;
    }
    rc = wo_err_set(err, WO_EIO, "output directory '%s': cannot create a "
                    "directory beside it: %s",
                    dir, wo_errno_text(errno));
fail:
    wo_free(s->target);
    memset(s, 0, sizeof *s);
    return rc;
}

void wo_atomic_set_abort(wo_atomic_set *s)
{
    if (s->stage)
        clean_stage(s->stage, s->target);
    wo_free(s->stage);
    wo_free(s->target);
    memset(s, 0, sizeof *s);
}

/* Append "file\tNAME\tSIZE\tDIGEST\n" for every file of the staging
 * directory to b. */
static int list_files(const char *stage, wo_buf *b, wo_err *err)
{
    DIR *d = opendir(stage);
    struct dirent *e;
    int rc = WO_OK;
    if (!d)
        return wo_err_set(err, WO_EIO, "cannot read '%s': %s", stage,
                          wo_errno_text(errno));
    while (rc == WO_OK && (e = readdir(d)) != NULL) {
        char p[PATH_BYTES], chunk[65536];
        uint64_t h = WO_FNV1A64_INIT, size = 0;
        size_t n;
        FILE *f;
        if (e->d_name[0] == '.' || strchr(e->d_name, '\t') ||
            strchr(e->d_name, '\n') || join(p, stage, e->d_name) != 0)
            continue;
        if (!(f = fopen(p, "rbe"))) {
            rc = wo_err_set(err, WO_EIO, "cannot read '%s': %s", p,
                            wo_errno_text(errno));
            break;
        }
        while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
            h = wo_fnv1a64_update(h, chunk, n);
            size += n;
        }
        if (ferror(f))
            rc = wo_err_set(err, WO_EIO, "cannot read '%s'", p);
        fclose(f);
        if (rc == WO_OK &&
            wo_buf_printf(b, "file\t%s\t%llu\t%016llx\n", e->d_name,
                          (unsigned long long)size,
                          (unsigned long long)h) != WO_OK)
            rc = wo_err_set(err, WO_ENOMEM, "out of memory");
    }
    closedir(d);
    return rc;
}

/* Carry the entries of target the new set does not own into the staging
 * directory (listing them in CARRIED first, so a dead run's are put
 * back): a regular file by a second link, so that it never leaves the
 * target; a directory or other entry is moved, and is missing from the
 * target for the moment until the swap. Entries of the previous set and temporary files stay behind and
 * leave with the previous set. */
static int carry_over(const wo_atomic_set *s, wo_err *err)
{
    wo_buf old, list;
    DIR *d;
    struct dirent *e;
    char p[PATH_BYTES], q[PATH_BYTES];
    int rc = WO_OK, pass;
    wo_buf_init(&old, 0);
    wo_buf_init(&list, 0);
    if (read_names(s->target, WO_ATOMIC_MANIFEST, &old) < 0 ||
        wo_buf_append(&list, "\n", 1) != WO_OK) {
        rc = wo_err_set(err, WO_ENOMEM, "out of memory");
        goto done;
    }
    for (pass = 0; pass < 2 && rc == WO_OK; pass++) {
        if (!(d = opendir(s->target))) {
            rc = wo_err_set(err, WO_EIO, "cannot read '%s': %s", s->target,
                            wo_errno_text(errno));
            break;
        }
        while (rc == WO_OK && (e = readdir(d)) != NULL) {
            const char *n = e->d_name;
            if (!strcmp(n, ".") || !strcmp(n, "..") ||
                !strcmp(n, WO_ATOMIC_MANIFEST) || !strcmp(n, CARRIED) ||
                listed(&old, n) || any_temp_name(n) ||
                strchr(n, '\n') || join(p, s->stage, n) != 0 ||
                join(q, s->target, n) != 0)
                continue;
            if (access(p, F_OK) == 0)
                continue;
            if (pass == 0) {
                if (wo_buf_printf(&list, "%s\n", n) != WO_OK)
                    rc = wo_err_set(err, WO_ENOMEM, "out of memory");
            } else if (listed(&list, n) && counted_carry(q, p) != 0) {
                rc = wo_err_set(err, WO_EIO, "cannot move '%s' into the new "
                                "set: %s",
                                q, wo_errno_text(errno));
            }
        }
        closedir(d);
        if (pass == 0 && rc == WO_OK && list.len > 1 &&
            join(p, s->stage, CARRIED) == 0)
            rc = wo_atomic_write(p, list.data + 1, list.len - 1, err);
    }
done:
    wo_buf_free(&old);
    wo_buf_free(&list);
    return rc;
}

int wo_atomic_set_commit(wo_atomic_set *s, wo_err *err)
{
    char p[PATH_BYTES], name[PATH_BYTES], parent[PATH_BYTES];
    const char *base;
    wo_buf man;
    struct stat st;
    int rc, exists;
    if (!s->stage)
        return wo_err_set(err, WO_EINVAL, "output set is not open");
    wo_buf_init(&man, 0);
    split_path(s->target, parent, &base);
    /* 1. the manifest, last file of the new set */
    if (wo_buf_printf(&man, MANIFEST_HEAD "run %s\n", s->run_id) != WO_OK) {
        rc = wo_err_set(err, WO_ENOMEM, "out of memory");
        goto fail;
    }
    if (join(p, s->stage, WO_ATOMIC_MANIFEST) != 0 ||
        join(name, s->target, WO_ATOMIC_MANIFEST) != 0) {
        rc = wo_err_set(err, WO_EINVAL, "path too long");
        goto fail;
    }
    if ((rc = list_files(s->stage, &man, err)) != WO_OK ||
        (rc = wo_atomic_write(p, man.data, man.len, err)) != WO_OK)
        goto fail;
    exists = lstat(s->target, &st) == 0;
    if (chmod(s->stage, exists ? (st.st_mode & 07777) : new_dir_mode()) !=
        0) {
        rc = wo_err_set(err, WO_EIO, "cannot set the mode of '%s': %s",
                        s->stage, wo_errno_text(errno));
        goto fail;
    }
    if (!exists) {
        /* 2a. nothing to replace: one rename publishes the set */
        if (counted_rename(s->stage, s->target) == 0) {
            wo_atomic_sync_dir(s->target);
            wo_free(s->stage);
            s->stage = NULL;
            wo_atomic_set_abort(s);
            wo_buf_free(&man);
            return WO_OK;
        }
        if (errno != EEXIST && errno != ENOTEMPTY) {
            rc = wo_err_set(err, WO_EIO, "cannot create '%s': %s", s->target,
                            wo_errno_text(errno));
            goto fail;
        }
    }
    /* 2b. a previous target without a manifest gets an empty one, so that
     * once swapped out it is known for a set (of no files) */
    if (access(name, F_OK) != 0 &&
        (rc = wo_atomic_write(name, MANIFEST_HEAD, strlen(MANIFEST_HEAD),
                              err)) != WO_OK)
        goto fail;
    /* 3. entries of the user, then the swap */
    if ((rc = carry_over(s, err)) != WO_OK)
        goto fail;
    if (counted_exchange(s->stage, s->target) != 0) {
        if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP) {
            rc = wo_err_set(err, WO_EIO, "cannot replace '%s': %s",
                            s->target, wo_errno_text(errno));
            goto fail;
        }
        /* no RENAME_EXCHANGE here: aside, then in */
        temp_name(name, base, ".set");
        if (join(p, parent, name) != 0 || counted_rename(s->target, p) != 0) {
            rc = wo_err_set(err, WO_EIO, "cannot replace '%s': %s",
                            s->target, wo_errno_text(errno));
            goto fail;
        }
        if (counted_rename(s->stage, s->target) != 0) {
            rc = wo_err_set(err, WO_EIO, "cannot replace '%s': %s",
                            s->target, wo_errno_text(errno));
            rename(p, s->target);
            goto fail;
        }
        wo_free(s->stage);
        s->stage = wo_strdup(p);
    }
    /* 4. the previous set leaves */
    if (join(p, s->target, CARRIED) == 0)
        unlink(p);
    wo_atomic_sync_dir(s->target);
    wo_buf_free(&man);
    wo_atomic_set_abort(s);
    return WO_OK;
fail:
    wo_buf_free(&man);
    wo_err_prefix(err, "output directory '%s' keeps its previous contents",
                  s->target);
    wo_atomic_set_abort(s);
    return rc;
}
