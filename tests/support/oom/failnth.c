/*
 * failnth.c — test support: an LD_PRELOAD shim that fails the Nth heap
 * allocation of a process, counted from the entry of main (the dynamic
 * loader, the C library's start-up and the constructors of the shared
 * libraries are not counted, so the count of a run is the program's own).
 * Every malloc, calloc, realloc, reallocarray, posix_memalign,
 * aligned_alloc, memalign, valloc and pvalloc of every library of the
 * process counts (jansson, GLPK, PROJ, libcurl, the C library's fopen and
 * strdup...), from every thread.
 *
 * Environment:
 *   WO_FAILNTH=N        fail the Nth allocation (1-based); 0 or unset: none
 *   WO_FAILNTH_ALL=1    fail the Nth and every allocation after it
 *   WO_FAILNTH_COUNT=F  at exit, write to file F the number of allocations
 *                       counted and whether one was failed ("COUNT FAILED")
 *   WO_FAILNTH_TRACE=1  print the stack of the failed allocation to stderr
 *
 * A realloc to size 0 and free are passed on and not counted. Built as
 * build/tests/libfailnth.so by `make`; tests/oom_sweep.sh drives it.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef void *(*malloc_fn)(size_t);
typedef void *(*calloc_fn)(size_t, size_t);
typedef void *(*realloc_fn)(void *, size_t);
typedef void *(*reallocarray_fn)(void *, size_t, size_t);
typedef int (*posix_memalign_fn)(void **, size_t, size_t);
typedef void *(*aligned_fn)(size_t, size_t);
typedef void *(*valloc_fn)(size_t);
typedef int (*main_fn)(int, char **, char **);
typedef int (*start_fn)(main_fn, int, char **, void (*)(void),
                        void (*)(void), void (*)(void), void *);

static malloc_fn real_malloc;
static calloc_fn real_calloc;
static realloc_fn real_realloc;
static reallocarray_fn real_reallocarray;
static posix_memalign_fn real_posix_memalign;
static aligned_fn real_aligned_alloc, real_memalign;
static valloc_fn real_valloc, real_pvalloc;
static main_fn real_main;

static atomic_long counted;    /* allocations since main            */
static atomic_int armed;       /* 1 once main is entered            */
static atomic_int failed;      /* 1 once an allocation was failed   */
static long fail_at;           /* WO_FAILNTH                        */
static int fail_all;           /* WO_FAILNTH_ALL                    */
static int trace;              /* WO_FAILNTH_TRACE                  */

/* calloc is called by dlsym before the real one is known: a small static
 * pool serves those few early calls (never freed: free ignores it). */
static _Alignas(max_align_t) char boot_pool[4096];
static size_t boot_used;

static int in_boot_pool(const void *p)
{
    return (const char *)p >= boot_pool &&
           (const char *)p < boot_pool + sizeof boot_pool;
}

static void *boot_alloc(size_t size)
{
    size_t a = _Alignof(max_align_t);
    size_t n = (size + a - 1) / a * a;
    void *p;
    if (n > sizeof boot_pool - boot_used)
        return NULL;
    p = boot_pool + boot_used;
    boot_used += n;
    memset(p, 0, size);
    return p;
}

static int resolving;

/* The next definition of `name` after this library's, into the function
 * pointer fp (a copy of the object pointer dlsym returns). */
#define LOOKUP(fp, name)                                                       \
    do {                                                                       \
        void *sym_ = dlsym(RTLD_NEXT, name);                                   \
        memcpy(&(fp), &sym_, sizeof(fp));                                      \
    } while (0)

static void resolve(void)
{
    if (real_malloc || resolving)
        return;
    resolving = 1;
    LOOKUP(real_calloc, "calloc");
    LOOKUP(real_realloc, "realloc");
    LOOKUP(real_reallocarray, "reallocarray");
    LOOKUP(real_posix_memalign, "posix_memalign");
    LOOKUP(real_aligned_alloc, "aligned_alloc");
    LOOKUP(real_memalign, "memalign");
    LOOKUP(real_valloc, "valloc");
    LOOKUP(real_pvalloc, "pvalloc");
    LOOKUP(real_malloc, "malloc");
    resolving = 0;
}

/* Count one allocation; 1 when it must fail (errno set to ENOMEM, as the
 * C library's allocator does). */
static int must_fail(void)
{
    long n;
    if (!atomic_load(&armed))
        return 0;
    n = atomic_fetch_add(&counted, 1) + 1;
    if (fail_at > 0 && (n == fail_at || (fail_all && n > fail_at))) {
        atomic_store(&failed, 1);
        if (trace) {
            void *frames[32];
            /* backtrace_symbols_fd does not allocate */
            backtrace_symbols_fd(frames, backtrace(frames, 32), 2);
        }
        errno = ENOMEM;
        return 1;
    }
    return 0;
}

void *malloc(size_t size)
{
    resolve();
    if (!real_malloc)
        return boot_alloc(size);
    return must_fail() ? NULL : real_malloc(size);
}

void *calloc(size_t n, size_t size)
{
    resolve();
    if (!real_calloc)
        return size && n > (size_t)-1 / size ? NULL : boot_alloc(n * size);
    return must_fail() ? NULL : real_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
    resolve();
    if (in_boot_pool(p)) {
        void *q = malloc(size);
        if (q)
            memcpy(q, p, size < sizeof boot_pool ? size : sizeof boot_pool);
        return q;
    }
    if (p && size == 0)
        return real_realloc(p, size);
    return must_fail() ? NULL : real_realloc(p, size);
}

void *reallocarray(void *p, size_t n, size_t size)
{
    resolve();
    return must_fail() ? NULL : real_reallocarray(p, n, size);
}

int posix_memalign(void **out, size_t align, size_t size)
{
    resolve();
    return must_fail() ? ENOMEM : real_posix_memalign(out, align, size);
}

void *aligned_alloc(size_t align, size_t size)
{
    resolve();
    return must_fail() ? NULL : real_aligned_alloc(align, size);
}

void *memalign(size_t align, size_t size)
{
    resolve();
    return must_fail() ? NULL : real_memalign(align, size);
}

void *valloc(size_t size)
{
    resolve();
    return must_fail() ? NULL : real_valloc(size);
}

void *pvalloc(size_t size)
{
    resolve();
    return must_fail() ? NULL : real_pvalloc(size);
}

void free(void *p)
{
    static void (*real_free)(void *);
    if (!p || in_boot_pool(p))
        return;
    if (!real_free)
        LOOKUP(real_free, "free");
    real_free(p);
}

/* Write "COUNT FAILED\n" to the file WO_FAILNTH_COUNT names (no stdio: it
 * allocates). */
static void write_count(void)
{
    const char *path = getenv("WO_FAILNTH_COUNT");
    char buf[64], digits[24];
    long n = atomic_load(&counted);
    size_t len = 0, k = 0;
    int fd;
    if (!path || !*path)
        return;
    do
        digits[k++] = (char)('0' + n % 10);
    while ((n /= 10) > 0);
    while (k > 0)
        buf[len++] = digits[--k];
    buf[len++] = ' ';
    buf[len++] = atomic_load(&failed) ? '1' : '0';
    buf[len++] = '\n';
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return;
    if (write(fd, buf, len) < 0)
        buf[0] = 0;
    close(fd);
}

static long env_long(const char *name)
{
    const char *s = getenv(name);
    long v = 0;
    if (!s)
        return 0;
    for (; *s >= '0' && *s <= '9'; s++)
        v = v * 10 + (*s - '0');
    return v;
}

static int counted_main(int argc, char **argv, char **envp)
{
    int rc;
    fail_at = env_long("WO_FAILNTH");
    fail_all = env_long("WO_FAILNTH_ALL") != 0;
    trace = env_long("WO_FAILNTH_TRACE") != 0;
    if (trace) { /* the first backtrace loads libgcc: before counting */
        void *frame;
        backtrace(&frame, 1);
    }
    atexit(write_count);
    atomic_store(&armed, 1);
    rc = real_main(argc, argv, envp);
    return rc;
}

/* The C library's entry calls this with main: the shim puts its own main
 * in between, so that counting starts at main. */
int __libc_start_main(main_fn main_, int argc, char **argv,
                      void (*init)(void), void (*fini)(void),
                      void (*rtld_fini)(void), void *stack_end);
int __libc_start_main(main_fn main_, int argc, char **argv,
                      void (*init)(void), void (*fini)(void),
                      void (*rtld_fini)(void), void *stack_end)
{
    start_fn real_start;
    LOOKUP(real_start, "__libc_start_main");
    real_main = main_;
    return real_start(counted_main, argc, argv, init, fini, rtld_fini,
                      stack_end);
}
