/*
 * alloc.h — the allocation hook every allocation of the library goes through,
 * so that tests can inject out-of-memory.
 */
#ifndef WO_BASE_ALLOC_H
#define WO_BASE_ALLOC_H

#include <stddef.h>

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

/* For a library with an allocator of its own that reports running out of
 * memory no better than any other failure (jansson): wo_malloc_marked is
 * wo_malloc that also marks a failure on the calling thread;
 * wo_alloc_mark_take returns 1 when a marked allocation failed on this
 * thread since its last call, and clears the mark. Take the mark before
 * calling into the library and again when the call fails. */
void *wo_malloc_marked(size_t size);
int wo_alloc_mark_take(void);

/* Route jansson's allocations through the hook, marked (above). jansson's
 * allocator is one setting of the whole process: it is set once, before
 * the first JSON value of wasteopt, and only when it is still jansson's
 * default (malloc and free), so a program that set its own keeps it.
 * Thread-safe; call it before reading or writing JSON. */
void wo_alloc_hook_jansson(void);

/* Overflow-checked n*size for array allocations; returns 0 on overflow. */
int wo_mul_ok(size_t n, size_t size, size_t *out);

#endif /* WO_BASE_ALLOC_H */
