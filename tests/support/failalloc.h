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

/* Restore the default allocator. */
void ts_failalloc_stop(void);

#endif /* WO_TEST_FAILALLOC_H */
