/* test_arrays.h - host float arrays for the C tests: seeded random ones
 * (from test_rng, which the test seeds), NaN-filled ones (what is never
 * written shows) and copies. Each is malloc'd; the caller frees. */
#ifndef INR_TEST_ARRAYS_H
#define INR_TEST_ARRAYS_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "status.h"

static inr_rng test_rng;

static inline float *alloc_floats(size_t n)
{
    float *p = malloc((n ? n : 1) * sizeof(float));
    INR_ASSERT(p);
    return p;
}

/* n values uniform in [lo, hi). */
static inline float *random_floats(size_t n, float lo, float hi)
{
    float *p = alloc_floats(n);
    for (size_t i = 0; i < n; i++) p[i] = inr_rng_range(&test_rng, lo, hi);
    return p;
}

static inline float *nan_floats(size_t n)
{
    float *p = alloc_floats(n);
    for (size_t i = 0; i < n; i++) p[i] = NAN;
    return p;
}

static inline float *copy_floats(const float *src, size_t n)
{
    float *p = alloc_floats(n);
    memcpy(p, src, n * sizeof(float));
    return p;
}

#endif
