/*
 * hash.c — FNV-1a 64. See hash.h.
 */
#include "base/hash.h"

uint64_t wo_fnv1a64_update(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= b[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

uint64_t wo_fnv1a64(const void *p, size_t n)
{
    return wo_fnv1a64_update(WO_FNV1A64_INIT, p, n);
}
