/*
 * buf.h — a growable byte buffer with a hard maximum, growable arrays and a
 * bump arena.
 */
#ifndef WO_BASE_BUF_H
#define WO_BASE_BUF_H

#include <stddef.h>

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

/* Growable arrays. wo_array_reserve makes the array *parr of *cap elements
 * of elem bytes hold at least need elements: when *cap < need it grows
 * (doubling, at least min_cap) through wo_realloc and updates *parr and
 * *cap; new elements are zeroed. parr is the address of the array pointer
 * (any object pointer type; passed as void * so that no cast is needed).
 * Returns WO_OK, or WO_ENOMEM (overflow or allocation failure) leaving the
 * array as it was. WO_RESERVE(arr, cap, need) is the usual call, with cap
 * a size_t. */
int wo_array_reserve(void *parr, size_t *cap, size_t need, size_t elem,
                     size_t min_cap);
#define WO_RESERVE(arr, cap, need)                                             \
    wo_array_reserve(&(arr), &(cap), (need), sizeof *(arr), 16)

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

#endif /* WO_BASE_BUF_H */
