/*
 * buf.c — Growable buffers and the arena. See buf.h for the contracts.
 */
#define _POSIX_C_SOURCE 200809L
#include "base/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/err.h"

int wo_array_reserve(void *parr, size_t *cap, size_t need, size_t elem,
                     size_t min_cap)
{
    void *old, *p;
    size_t ncap, bytes;
    if (need <= *cap)
        return WO_OK;
    ncap = *cap > min_cap ? *cap : min_cap;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    if (!wo_mul_ok(ncap, elem, &bytes))
        return WO_ENOMEM;
    memcpy(&old, parr, sizeof old);
    p = wo_realloc(old, bytes);
    if (!p)
        return WO_ENOMEM;
    memset((char *)p + *cap * elem, 0, (ncap - *cap) * elem);
    memcpy(parr, &p, sizeof p);
    *cap = ncap;
    return WO_OK;
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
    if (extra > b->max || b->len > b->max - extra)
        return WO_ETOOBIG;
    /* room for a terminating NUL */
    return wo_array_reserve(&b->data, &b->cap, b->len + extra + 1, 1, 64);
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
