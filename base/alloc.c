/*
 * alloc.c — The allocation hook. See alloc.h for the contracts.
 */
#define _POSIX_C_SOURCE 200809L
#include "base/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
