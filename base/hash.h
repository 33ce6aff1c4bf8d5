/*
 * hash.h — FNV-1a 64, the project's one fast non-cryptographic checksum
 * (graph cache sections, the digests of an output set's manifest). Not for
 * anything an adversary chooses: downloads are checked with SHA-256
 * (geo/sha256.h).
 */
#ifndef WO_BASE_HASH_H
#define WO_BASE_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The FNV-1a 64 offset basis: the hash of no bytes, and the h to start
 * wo_fnv1a64_update with. */
#define WO_FNV1A64_INIT UINT64_C(14695981039346656037)

/* Continue the FNV-1a 64 hash h over n bytes of p; returns the new hash.
 * wo_fnv1a64_update(WO_FNV1A64_INIT, p, n) is the hash of p[0..n). */
uint64_t wo_fnv1a64_update(uint64_t h, const void *p, size_t n);

/* FNV-1a 64 of p[0..n). */
uint64_t wo_fnv1a64(const void *p, size_t n);

#endif /* WO_BASE_HASH_H */
