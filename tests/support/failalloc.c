/* failalloc.c — test support: a failing allocator. See failalloc.h. */
#include "tests/support/failalloc.h"

#include "base/base.h"

#include <stdlib.h>

static long budget_left;
static int fail_once; /* only the allocation at budget 0 fails */

/* 1 when this allocation must fail. */
static int must_fail(void)
{
    long left = budget_left--;
    return fail_once ? left == 0 : left <= 0;
}

static void *fail_malloc(size_t size, void *ud)
{
    (void)ud;
    if (must_fail())
        return NULL;
    return malloc(size ? size : 1);
}

static void *fail_realloc(void *p, size_t size, void *ud)
{
    (void)ud;
    if (must_fail())
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
    fail_once = 0;
    wo_set_alloc_hooks(&h);
}

void ts_failalloc_once(long skip)
{
    ts_failalloc_start(skip);
    fail_once = 1;
}

int ts_failalloc_unreached(void)
{
    return budget_left >= 0;
}

void ts_failalloc_stop(void)
{
    wo_set_alloc_hooks(NULL);
}
