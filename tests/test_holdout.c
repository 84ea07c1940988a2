/* test_holdout.c - the --holdout split (inr/holdout.h): it holds out close
 * to the fraction asked (within five binomial standard deviations), the same
 * points for the same seed whatever order they are asked in, other points
 * for another seed, a growing set as the fraction grows, and the gather
 * keeps the rows of each side in order. */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "holdout.h"

enum { N = 100000 };

int main(void)
{
    unsigned char *mask = malloc(N), *other = malloc(N), *more = malloc(N);
    if (!mask || !other || !more) FATAL("out of memory");
    const double fractions[] = { 0.01, 0.1, 0.25, 0.5, 0.9 };
    for (int f = 0; f < 5; f++) {
        double p = fractions[f];
        long held = inr_holdout_mask(inr_holdout_seed(0), N, p, mask);
        double sd = sqrt(N * p * (1 - p));
        CHECK(fabs(held - N * p) < 5 * sd, "fraction %g: %ld of %d held out", p, held, N);
    }

    uint64_t seed = inr_holdout_seed(7);
    long held = inr_holdout_mask(seed, N, 0.3, mask);
    int same = 1;
    for (long i = N - 1; i >= 0; i--) same &= inr_holdout_is_held(seed, i, 0.3) == mask[i];
    CHECK(same, "asked backwards, the split differs");
    inr_holdout_mask(inr_holdout_seed(8), N, 0.3, other);
    long differ = 0;
    for (long i = 0; i < N; i++) differ += mask[i] != other[i];
    /* Independent splits at 0.3 differ on 2 * 0.3 * 0.7 = 42% of points. */
    CHECK(differ > N / 3, "seeds 7 and 8 differ on only %ld points", differ);
    inr_holdout_mask(seed, N, 0.5, more);
    long lost = 0;
    for (long i = 0; i < N; i++) lost += mask[i] && !more[i];
    CHECK(lost == 0, "%ld points held out at 0.3 are trained on at 0.5", lost);
    CHECK(inr_holdout_mask(seed, N, 0.0, other) == 0, "fraction 0 holds points out");

    /* Rows of two floats: (i, -i). */
    float *rows = malloc(2 * sizeof(float) * N), *out = malloc(2 * sizeof(float) * N);
    if (!rows || !out) FATAL("out of memory");
    for (long i = 0; i < N; i++) rows[2 * i] = (float)i, rows[2 * i + 1] = (float)-i;
    for (int which = 0; which <= 1; which++) {
        long k = inr_holdout_gather(rows, N, 2, mask, which, out);
        CHECK(k == (which ? held : N - held), "gather %d: %ld rows", which, k);
        long j = 0, ok = 1;
        for (long i = 0; i < N; i++) {
            if (mask[i] != which) continue;
            ok &= out[2 * j] == (float)i && out[2 * j + 1] == (float)-i;
            j++;
        }
        CHECK(ok, "gather %d: rows out of order or mixed", which);
    }
    free(rows);
    free(out);
    free(mask);
    free(other);
    free(more);
    return check_result();
}
