/* holdout.c - the seeded training / held-out split of fit --holdout. */
#include "holdout.h"

#include <string.h>

/* splitmix64's finaliser: a well-mixed 64-bit hash of x. */
static uint64_t mix64(uint64_t x)
{
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

int inr_holdout_is_held(uint64_t seed, long i, double fraction)
{
    uint64_t h = mix64(mix64(seed) + (uint64_t)i * 0x9e3779b97f4a7c15ULL);
    return (double)(h >> 11) * 0x1.0p-53 < fraction;
}

long inr_holdout_mask(uint64_t seed, long n, double fraction, unsigned char *mask)
{
    long held = 0;
    for (long i = 0; i < n; i++) {
        mask[i] = (unsigned char)inr_holdout_is_held(seed, i, fraction);
        held += mask[i];
    }
    return held;
}

long inr_holdout_gather(const float *src, long n, int width, const unsigned char *mask,
                        int which, float *dst)
{
    long k = 0;
    for (long i = 0; i < n; i++) {
        if (mask[i] != which) continue;
        memcpy(dst + (size_t)k * width, src + (size_t)i * width, (size_t)width * sizeof(float));
        k++;
    }
    return k;
}
