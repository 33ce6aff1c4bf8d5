/*
 * common.h — what every wasteopt module shares: error codes, per-handle
 * error messages, the allocation hook, a deterministic RNG, a monotonic
 * timer, a bump arena, growable buffers with a hard maximum, checked number
 * parsing, progress callbacks and cancellation.
 *
 * Nothing here prints or exits. Fallible functions return an int that is
 * WO_OK (0) or one of the WO_E... codes below; the detail goes into a
 * wo_err message buffer owned by the caller.
 */
#ifndef WO_COMMON_H
#define WO_COMMON_H

#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------- errors */

/* One list, expanded into the enum and into wo_strerror(). */
#define WO_ERRNO_MAP(X)                                                        \
    X(OK, "success")                                                           \
    X(NOMEM, "out of memory")                                                  \
    X(IO, "input/output error")                                                \
    X(PARSE, "malformed input")                                                \
    X(INVAL, "invalid argument or value")                                      \
    X(RANGE, "value out of range")                                             \
    X(NOTFOUND, "not found")                                                   \
    X(DUP, "duplicate identifier")                                             \
    X(ENCODING, "unsupported text encoding")                                   \
    X(INFEASIBLE, "infeasible input")                                          \
    X(UNSUPPORTED, "unsupported operation or format")                          \
    X(VERSION, "incompatible file version")                                    \
    X(CHECKSUM, "checksum mismatch")                                           \
    X(NET, "network error")                                                    \
    X(TIMEOUT, "timed out")                                                    \
    X(TOOBIG, "size limit exceeded")                                           \
    X(SOLVER, "solver failure")                                                \
    X(CANCELLED, "cancelled")                                                  \
    X(INTERNAL, "internal error")

typedef enum wo_errno {
#define WO_ERR_ENUM_(name, text) WO_E##name,
    WO_ERRNO_MAP(WO_ERR_ENUM_)
#undef WO_ERR_ENUM_
    WO_ERRNO_COUNT_
} wo_errno;

#define WO_OK WO_EOK

/* Static text of an error code; never NULL. */
const char *wo_strerror(int code);

/* A caller-owned message buffer that fallible functions fill. */
#define WO_ERR_MSG_MAX 1024
typedef struct wo_err {
    int code;                  /* last WO_E... code set, WO_OK if none   */
    char msg[WO_ERR_MSG_MAX];  /* human-readable detail, NUL-terminated  */
} wo_err;

/* Reset to WO_OK and an empty message. err may be NULL. */
void wo_err_clear(wo_err *err);

/* Set code and a printf-style message; returns code so callers can write
 * `return wo_err_set(err, WO_EPARSE, "...")`. err may be NULL. */
int wo_err_set(wo_err *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
int wo_err_vset(wo_err *err, int code, const char *fmt, va_list ap);

/* Prefix the current message with "prefix: " (for adding context). */
void wo_err_prefix(wo_err *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ---------------------------------------------------------------- memory */

/* Every allocation of the library goes through these so tests can inject
 * out-of-memory. They behave like malloc/calloc/realloc/free; wo_malloc(0)
 * returns a unique pointer or NULL like malloc. */
void *wo_malloc(size_t size);
void *wo_calloc(size_t n, size_t size);
void *wo_realloc(void *p, size_t size);
void wo_free(void *p);
/* Duplicate a string (NULL in, NULL out). */
char *wo_strdup(const char *s);

/* Replace the allocator (NULL restores libc). Not thread-safe; set it once
 * before any other call. */
typedef struct wo_alloc_hooks {
    void *(*malloc_fn)(size_t size, void *ud);
    void *(*realloc_fn)(void *p, size_t size, void *ud);
    void (*free_fn)(void *p, void *ud);
    void *ud;
} wo_alloc_hooks;
void wo_set_alloc_hooks(const wo_alloc_hooks *hooks);

/* Overflow-checked n*size for array allocations; returns 0 on overflow. */
int wo_mul_ok(size_t n, size_t size, size_t *out);

/* A growable byte buffer with a hard maximum size. */
typedef struct wo_buf {
    char *data;     /* owned; NUL-terminated when len > 0 via wo_buf_cstr */
    size_t len;     /* bytes used                                          */
    size_t cap;     /* bytes allocated                                     */
    size_t max;     /* hard maximum of len (0 = SIZE_MAX/2)                */
} wo_buf;
void wo_buf_init(wo_buf *b, size_t max);
void wo_buf_free(wo_buf *b);
int wo_buf_append(wo_buf *b, const void *p, size_t n);  /* WO_ETOOBIG/NOMEM */
int wo_buf_printf(wo_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
const char *wo_buf_cstr(wo_buf *b); /* "" when empty; never NULL unless OOM */

/* A bump arena: many small allocations, freed together by reset. Blocks
 * are kept across resets so a solver loop does not call malloc once warm. */
typedef struct wo_arena_block wo_arena_block;
typedef struct wo_arena {
    wo_arena_block *head;   /* current block               */
    wo_arena_block *spare;  /* blocks kept by wo_arena_reset */
    size_t block_size;      /* default block payload size    */
} wo_arena;
void wo_arena_init(wo_arena *a, size_t block_size);
void *wo_arena_alloc(wo_arena *a, size_t size); /* 16-byte aligned, zeroed */
void wo_arena_reset(wo_arena *a);
void wo_arena_free(wo_arena *a);

/* ---------------------------------------------------------------- random */

/* xoshiro256** seeded by splitmix64: same seed, same sequence, on every
 * platform. Lives in the handle that uses it; no global state. */
typedef struct wo_rng {
    uint64_t s[4];
} wo_rng;
void wo_rng_seed(wo_rng *r, uint64_t seed);
uint64_t wo_rng_next(wo_rng *r);
/* Uniform integer in [0, n); n > 0. */
uint32_t wo_rng_below(wo_rng *r, uint32_t n);
/* Uniform double in [0, 1). */
double wo_rng_unit(wo_rng *r);

/* ---------------------------------------------------------------- time */

/* Seconds from an arbitrary fixed point (CLOCK_MONOTONIC). */
double wo_now_s(void);

/* ---------------------------------------------------------------- parsing */

/* Parse a whole string as a finite double / a long; leading and trailing
 * blanks are allowed, anything else is WO_EPARSE; overflow is WO_ERANGE. */
int wo_parse_double(const char *s, double *out);
int wo_parse_long(const char *s, long *out);
/* Parse "HH:MM" or "HH:MM:SS" (HH may exceed 23 for overnight shifts) to
 * seconds. */
int wo_parse_hhmm(const char *s, double *out_s);

/* Bounded string copy that always NUL-terminates; returns strlen(src). */
size_t wo_strlcpy(char *dst, const char *src, size_t size);

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

/* ---------------------------------------------------------------- progress */

/* Progress report from a long computation. Return nonzero to ask it to
 * stop (same effect as the cancel flag). */
typedef struct wo_progress {
    const char *phase;     /* e.g. "vrp", "flow", "ch"            */
    double fraction;       /* 0..1, or -1 when unknown             */
    double best_cost;      /* best objective so far, or NaN        */
    double elapsed_s;      /* seconds since start                  */
    long iteration;        /* iterations done                      */
} wo_progress;
typedef int (*wo_progress_fn)(const wo_progress *p, void *ud);

/* A cancel flag that a signal handler may set (it is only ever read by the
 * library). */
typedef volatile sig_atomic_t wo_cancel_flag;

#endif /* WO_COMMON_H */
