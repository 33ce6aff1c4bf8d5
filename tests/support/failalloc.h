/*
 * failalloc.h — test support: an allocator for wo_set_alloc_hooks that
 * fails once a budget of successful allocations is spent, to drive every
 * out-of-memory path of a function.
 */
#ifndef WO_TEST_FAILALLOC_H
#define WO_TEST_FAILALLOC_H

/* Install the failing allocator with `budget` successful allocations
 * (malloc or realloc) before every further one fails. */
void ts_failalloc_start(long budget);

/* Install an allocator that fails only the allocation after `skip`
 * successful ones and lets every later one succeed: the code must not go
 * on as if nothing had happened (a library that swallows the failure). */
void ts_failalloc_once(long skip);

/* 1 when the allocator never reached its failing allocation (the code ran
 * through with fewer allocations than the budget). */
int ts_failalloc_unreached(void);

/* Restore the default allocator. */
void ts_failalloc_stop(void);

#endif /* WO_TEST_FAILALLOC_H */
