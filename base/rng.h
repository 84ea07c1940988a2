/* rng.h - deterministic random numbers (xoshiro256** seeded by splitmix64).
 *
 * Same seed, same sequence on every machine: initialisation, minibatch
 * sampling and FreSh draws all come from here. The state is four words so a
 * checkpoint can store it and a resumed fit continues the same sequence. */
#ifndef INR_RNG_H
#define INR_RNG_H

#include <stdint.h>

typedef struct { uint64_t s[4]; } inr_rng;

void inr_rng_seed(inr_rng *rng, uint64_t seed);
uint64_t inr_rng_next(inr_rng *rng);
/* Uniform in [0, 1) with 24 random bits (exact in float). */
float inr_rng_uniform(inr_rng *rng);
/* Uniform in [lo, hi). */
float inr_rng_range(inr_rng *rng, float lo, float hi);
/* Standard normal (Box-Muller, computed in double). */
float inr_rng_normal(inr_rng *rng);
/* Uniform integer in [0, n) without modulo bias. */
uint64_t inr_rng_below(inr_rng *rng, uint64_t n);

#endif
