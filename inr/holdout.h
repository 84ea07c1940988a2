/* holdout.h - a seeded split of a signal's points into training and
 * held-out points (fit --holdout F): the interpolation test INR papers use.
 *
 * Point i is held out when a hash of (seed, i) falls below F, so the split
 * needs no memory beyond the mask, does not depend on the order or the
 * thread count it is computed in, and is the same on every device. */
#ifndef INR_HOLDOUT_H
#define INR_HOLDOUT_H

#include <stdint.h>

/* The largest fraction fit --holdout takes (and a checkpoint may hold). */
#define INR_HOLDOUT_MAX 0.99f

/* The split's seed, from the model's seed ("holdout"). */
static inline uint64_t inr_holdout_seed(uint64_t model_seed)
{
    return model_seed ^ 0x686f6c646f7574ULL;
}

/* Is point i held out, for this seed and fraction in [0, 1)? */
int inr_holdout_is_held(uint64_t seed, long i, double fraction);

/* mask[i] = 1 for each held-out point of n; returns their count. */
long inr_holdout_mask(uint64_t seed, long n, double fraction, unsigned char *mask);

/* Copies the rows i of src (n rows of `width` floats) whose mask[i] equals
 * `which` into dst, in order; returns how many. */
long inr_holdout_gather(const float *src, long n, int width, const unsigned char *mask,
                        int which, float *dst);

#endif
