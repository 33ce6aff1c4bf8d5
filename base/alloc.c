/*
 * alloc.c — The allocation hook. See alloc.h for the contracts.
 */
#define _POSIX_C_SOURCE 200809L
#include "base/alloc.h"

#include <jansson.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static wo_alloc_hooks g_hooks; /* all NULL: libc */
static _Thread_local int g_failed_mark; /* a marked allocation failed */
static pthread_once_t g_jansson_once = PTHREAD_ONCE_INIT;

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

void *wo_malloc_marked(size_t size)
{
    void *p = wo_malloc(size);
    if (!p)
        g_failed_mark = 1;
    return p;
}

int wo_alloc_mark_take(void)
{
    int m = g_failed_mark;
    g_failed_mark = 0;
    return m;
}

static void hook_jansson_once(void)
{
    json_malloc_t m;
    json_free_t f;
    json_get_alloc_funcs(&m, &f);
    if (m == malloc && f == free)
        json_set_alloc_funcs(wo_malloc_marked, wo_free);
}

void wo_alloc_hook_jansson(void)
{
    pthread_once(&g_jansson_once, hook_jansson_once);
}

int wo_mul_ok(size_t n, size_t size, size_t *out)
{
    if (size && n > SIZE_MAX / size)
        return 0;
    *out = n * size;
    return 1;
}
