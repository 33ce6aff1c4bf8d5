/* failalloc.c — test support: a failing allocator. See failalloc.h. */
#include "tests/support/failalloc.h"

#include "base/base.h"

#include <stdlib.h>

static long budget_left;

static void *fail_malloc(size_t size, void *ud)
{
    (void)ud;
    if (budget_left-- <= 0)
        return NULL;
    return malloc(size ? size : 1);
}

static void *fail_realloc(void *p, size_t size, void *ud)
{
    (void)ud;
    if (budget_left-- <= 0)
        return NULL;
    return realloc(p, size ? size : 1);
}

static void plain_free(void *p, void *ud)
{
    (void)ud;
    free(p);
}

void ts_failalloc_start(long budget)
{
    wo_alloc_hooks h = {fail_malloc, fail_realloc, plain_free, NULL};
    budget_left = budget;
    wo_set_alloc_hooks(&h);
}

void ts_failalloc_stop(void)
{
    wo_set_alloc_hooks(NULL);
}
