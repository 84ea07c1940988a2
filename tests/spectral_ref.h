/* spectral_ref.h - double-precision reference transforms for the spectral tests.
 *
 * Naive O(n^2) DFTs written straight from the definition, and a small
 * deterministic generator, so that FFTW's float results have an independent check.
 */
#ifndef INR_TEST_SPECTRAL_REF_H
#define INR_TEST_SPECTRAL_REF_H

#include <math.h>
#include <stdint.h>

#define REF_TWO_PI 6.283185307179586476925

/* Uniform in [-1, 1) from a 64-bit LCG (Knuth's MMIX constants). */
static inline double ref_uniform(uint64_t *state)
{
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*state >> 11) / 9007199254740992.0 * 2.0 - 1.0;
}

/* |sum_t x[t*stride] exp(-2 pi i k t / n)|, k = 0..n-1. mag is (n). */
static inline void ref_dft_mag(const float *x, int n, int stride, double *mag)
{
    for (int k = 0; k < n; k++) {
        double re = 0.0, im = 0.0;
        for (int t = 0; t < n; t++) {
            double a = -REF_TWO_PI * (double)((long)k * t % n) / n;
            re += x[(long)t * stride] * cos(a);
            im += x[(long)t * stride] * sin(a);
        }
        mag[k] = hypot(re, im);
    }
}

/* mag[u][v] = |DFT2 of channel ch of an interleaved (h,w,c) image|, full (h,w). */
static inline void ref_dft2_mag(const float *x, int h, int w, int c, int ch, double *mag)
{
    for (int u = 0; u < h; u++) {
        for (int v = 0; v < w; v++) {
            double re = 0.0, im = 0.0;
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    double a = -REF_TWO_PI * ((double)((long)u * y % h) / h +
                                              (double)((long)v * xx % w) / w);
                    double val = x[((long)y * w + xx) * c + ch];
                    re += val * cos(a);
                    im += val * sin(a);
                }
            }
            mag[u * w + v] = hypot(re, im);
        }
    }
}

#endif
