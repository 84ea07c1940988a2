/* batch_hash.h - the counter-based random index of GPU minibatches, shared
 * by the kernel and by the host (the test recomputes it).
 *
 * Row i of step s draws inr_batch_index(seed, s, i, n): a stateless hash,
 * so every thread draws its own row without a generator state to keep or
 * to seed, and the same (seed, step) always gives the same batch. */
#ifndef INR_BATCH_HASH_H
#define INR_BATCH_HASH_H

#include <stdint.h>

#include "hd.h"

/* splitmix64's finaliser: a bijection of 64-bit words with full avalanche. */
static inline INR_HD uint64_t inr_mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* High 64 bits of a * b. */
static inline INR_HD uint64_t inr_mulhi64(uint64_t a, uint64_t b)
{
#ifdef __CUDA_ARCH__
    return __umul64hi(a, b);
#else
    return (uint64_t)(((unsigned __int128)a * b) >> 64);
#endif
}

/* Uniform index in [0, n): Lemire's multiply-shift of a 64-bit hash of
 * (seed, step, i); its bias, below n / 2^64, is negligible for n < 2^40. */
static inline INR_HD uint64_t inr_batch_index(uint64_t seed, uint64_t step, uint64_t i,
                                              uint64_t n)
{
    uint64_t h = inr_mix64(seed ^ inr_mix64(step * 0x9e3779b97f4a7c15ULL + i));
    return inr_mulhi64(h, n);
}

#endif
