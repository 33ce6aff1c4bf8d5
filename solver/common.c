/*
 * common.c — shared helpers: errors, allocation hook, buffers, arena, RNG,
 * timer and checked parsing. See common.h for the contracts.
 */
#define _POSIX_C_SOURCE 200809L
#include "solver/common.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---------------------------------------------------------------- errors */

const char *wo_strerror(int code)
{
    switch ((wo_errno)code) {
#define WO_ERR_CASE_(name, text)                                               \
    case WO_E##name:                                                           \
        return text;
        WO_ERRNO_MAP(WO_ERR_CASE_)
#undef WO_ERR_CASE_
    case WO_ERRNO_COUNT_:
        break;
    }
    return "unknown error";
}

void wo_err_clear(wo_err *err)
{
    if (!err)
        return;
    err->code = WO_OK;
    err->msg[0] = '\0';
}

int wo_err_vset(wo_err *err, int code, const char *fmt, va_list ap)
{
    if (!err)
        return code;
    err->code = code;
    if (fmt)
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    else
        wo_strlcpy(err->msg, wo_strerror(code), sizeof err->msg);
    return code;
}

int wo_err_set(wo_err *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    wo_err_vset(err, code, fmt, ap);
    va_end(ap);
    return code;
}

void wo_err_prefix(wo_err *err, const char *fmt, ...)
{
    char prefix[256];
    char old[WO_ERR_MSG_MAX];
    va_list ap;
    if (!err)
        return;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    wo_strlcpy(old, err->msg, sizeof old);
    {
        size_t n = wo_strlcpy(err->msg, prefix, sizeof err->msg);
        if (n < sizeof err->msg - 2) {
            err->msg[n] = ':';
            err->msg[n + 1] = ' ';
            wo_strlcpy(err->msg + n + 2, old, sizeof err->msg - n - 2);
        }
    }
}

/* ---------------------------------------------------------------- memory */

static wo_alloc_hooks g_hooks; /* all NULL: libc */

void wo_set_alloc_hooks(const wo_alloc_hooks *hooks)
{
    if (hooks)
        g_hooks = *hooks;
    else
        memset(&g_hooks, 0, sizeof g_hooks);
}

void *wo_malloc(size_t size)
{
    if (g_hooks.malloc_fn)
        return g_hooks.malloc_fn(size ? size : 1, g_hooks.ud);
    return malloc(size ? size : 1);
}

void *wo_calloc(size_t n, size_t size)
{
    size_t total;
    void *p;
    if (!wo_mul_ok(n, size, &total))
        return NULL;
    p = wo_malloc(total);
    if (p)
        memset(p, 0, total ? total : 1);
    return p;
}

void *wo_realloc(void *p, size_t size)
{
    if (g_hooks.realloc_fn)
        return g_hooks.realloc_fn(p, size ? size : 1, g_hooks.ud);
    return realloc(p, size ? size : 1);
}

void wo_free(void *p)
{
    if (!p)
        return;
    if (g_hooks.free_fn)
        g_hooks.free_fn(p, g_hooks.ud);
    else
        free(p);
}

char *wo_strdup(const char *s)
{
    size_t n;
    char *d;
    if (!s)
        return NULL;
    n = strlen(s) + 1;
    d = wo_malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

int wo_mul_ok(size_t n, size_t size, size_t *out)
{
    if (size && n > SIZE_MAX / size)
        return 0;
    *out = n * size;
    return 1;
}

void wo_buf_init(wo_buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max ? max : SIZE_MAX / 2;
}

void wo_buf_free(wo_buf *b)
{
    wo_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

static int buf_reserve(wo_buf *b, size_t extra)
{
    size_t need, ncap;
    char *nd;
    if (extra > b->max || b->len > b->max - extra)
        return WO_ETOOBIG;
    need = b->len + extra + 1; /* room for a terminating NUL */
    if (need <= b->cap)
        return WO_OK;
    ncap = b->cap ? b->cap : 64;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    nd = wo_realloc(b->data, ncap);
    if (!nd)
        return WO_ENOMEM;
    b->data = nd;
    b->cap = ncap;
    return WO_OK;
}

int wo_buf_append(wo_buf *b, const void *p, size_t n)
{
    int rc = buf_reserve(b, n);
    if (rc)
        return rc;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return WO_OK;
}

int wo_buf_printf(wo_buf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    int n, rc;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        va_end(ap2);
        return WO_EINVAL;
    }
    rc = buf_reserve(b, (size_t)n);
    if (rc) {
        va_end(ap2);
        return rc;
    }
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
    return WO_OK;
}

const char *wo_buf_cstr(wo_buf *b)
{
    if (!b->data && buf_reserve(b, 0) != WO_OK)
        return NULL;
    b->data[b->len] = '\0';
    return b->data;
}

/* ---------------------------------------------------------------- arena */

struct wo_arena_block {
    wo_arena_block *next;
    size_t size; /* payload bytes */
    size_t used;
    /* payload follows, 16-byte aligned */
};

#define ARENA_HDR ((sizeof(wo_arena_block) + 15u) & ~(size_t)15u)

void wo_arena_init(wo_arena *a, size_t block_size)
{
    a->head = NULL;
    a->spare = NULL;
    a->block_size = block_size ? block_size : 64 * 1024;
}

void *wo_arena_alloc(wo_arena *a, size_t size)
{
    wo_arena_block *b = a->head;
    size_t need = (size + 15u) & ~(size_t)15u;
    char *p;
    if (need < size)
        return NULL;
    if (!b || b->size - b->used < need) {
        /* take a spare block that fits, else allocate one */
        wo_arena_block **pp = &a->spare;
        b = NULL;
        while (*pp) {
            if ((*pp)->size >= need) {
                b = *pp;
                *pp = b->next;
                break;
            }
            pp = &(*pp)->next;
        }
        if (!b) {
            size_t payload = need > a->block_size ? need : a->block_size;
            if (payload > SIZE_MAX - ARENA_HDR)
                return NULL;
            b = wo_malloc(ARENA_HDR + payload);
            if (!b)
                return NULL;
            b->size = payload;
        }
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    p = (char *)b + ARENA_HDR + b->used;
    b->used += need;
    memset(p, 0, size);
    return p;
}

void wo_arena_reset(wo_arena *a)
{
    while (a->head) {
        wo_arena_block *b = a->head;
        a->head = b->next;
        b->next = a->spare;
        a->spare = b;
    }
}

void wo_arena_free(wo_arena *a)
{
    wo_arena_reset(a);
    while (a->spare) {
        wo_arena_block *b = a->spare;
        a->spare = b->next;
        wo_free(b);
    }
}

/* ---------------------------------------------------------------- random */

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void wo_rng_seed(wo_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t wo_rng_next(wo_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint32_t wo_rng_below(wo_rng *r, uint32_t n)
{
    /* Lemire's multiply-shift with rejection: unbiased. */
    uint64_t m = (uint64_t)(uint32_t)(wo_rng_next(r) >> 32) * n;
    uint32_t lo = (uint32_t)m;
    if (lo < n) {
        uint32_t t = (uint32_t)(-n) % n;
        while (lo < t) {
            m = (uint64_t)(uint32_t)(wo_rng_next(r) >> 32) * n;
            lo = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}

double wo_rng_unit(wo_rng *r)
{
    return (double)(wo_rng_next(r) >> 11) * 0x1.0p-53;
}

/* ---------------------------------------------------------------- time */

double wo_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---------------------------------------------------------------- parsing */

static const char *skip_blank(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

int wo_parse_double(const char *s, double *out)
{
    char *end;
    double v;
    if (!s)
        return WO_EPARSE;
    s = skip_blank(s);
    if (!*s)
        return WO_EPARSE;
    errno = 0;
    v = strtod(s, &end);
    if (end == s)
        return WO_EPARSE;
    end = (char *)skip_blank(end);
    if (*end)
        return WO_EPARSE;
    if (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL))
        return WO_ERANGE;
    if (!isfinite(v))
        return WO_EPARSE; /* "nan", "inf" are not numbers a planner means */
    *out = v;
    return WO_OK;
}

int wo_parse_long(const char *s, long *out)
{
    char *end;
    long v;
    if (!s)
        return WO_EPARSE;
    s = skip_blank(s);
    if (!*s)
        return WO_EPARSE;
    errno = 0;
    v = strtol(s, &end, 10);
    if (end == s)
        return WO_EPARSE;
    end = (char *)skip_blank(end);
    if (*end)
        return WO_EPARSE;
    if (errno == ERANGE)
        return WO_ERANGE;
    *out = v;
    return WO_OK;
}

int wo_parse_hhmm(const char *s, double *out_s)
{
    long part[3] = {0, 0, 0};
    int n = 0;
    if (!s)
        return WO_EPARSE;
    s = skip_blank(s);
    while (n < 3) {
        long v = 0;
        int digits = 0;
        while (isdigit((unsigned char)*s) && digits < 3) {
            v = v * 10 + (*s - '0');
            s++;
            digits++;
        }
        if (digits == 0)
            return WO_EPARSE;
        part[n++] = v;
        if (*s != ':')
            break;
        s++;
    }
    s = skip_blank(s);
    if (*s || n < 2)
        return WO_EPARSE;
    if (part[1] > 59 || part[2] > 59 || part[0] > 48)
        return WO_ERANGE;
    *out_s = (double)(part[0] * 3600 + part[1] * 60 + part[2]);
    return WO_OK;
}

size_t wo_strlcpy(char *dst, const char *src, size_t size)
{
    size_t n = strlen(src);
    if (size) {
        size_t k = n < size - 1 ? n : size - 1;
        memcpy(dst, src, k);
        dst[k] = '\0';
    }
    return n;
}

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
