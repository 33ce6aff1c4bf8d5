/*
 * rng.h — the deterministic random number generator of the solvers.
 */
#ifndef WO_BASE_RNG_H
#define WO_BASE_RNG_H

#include <stdint.h>

/* xoshiro256** seeded by splitmix64: same seed, same sequence, on every
 * platform. Lives in the handle that uses it; no global state. */
typedef struct wo_rng {
    uint64_t s[4];
} wo_rng;
void wo_rng_seed(wo_rng *r, uint64_t seed);
uint64_t wo_rng_next(wo_rng *r);
/* Uniform integer in [0, n); n > 0. */
uint32_t wo_rng_below(wo_rng *r, uint32_t n);
/* Uniform double in [0, 1). */
double wo_rng_unit(wo_rng *r);

#endif /* WO_BASE_RNG_H */
