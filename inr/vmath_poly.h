/* vmath_poly.h - sin and cos of one argument, branch-free so that loops
 * over arrays vectorise (included by the elementwise kernels; see vmath.h). */
#ifndef INR_VMATH_POLY_H
#define INR_VMATH_POLY_H

#include <math.h>
#include <stdint.h>
#include <string.h>

/* sin and cos of r (|r| <= pi/4, reduced) in quadrant q of x. */
static inline void sincos_poly(float r, int32_t q, float *sin_out, float *cos_out)
{
    float r2 = r * r;
    /* Cephes sinf/cosf minimax coefficients on [-pi/4, pi/4]. */
    float s = r + r * r2 * (-1.6666654611e-1f +
                            r2 * (8.3321608736e-3f + r2 * -1.9515295891e-4f));
    float c = 1.0f - 0.5f * r2 +
              r2 * r2 * (4.166664568298827e-2f +
                         r2 * (-1.388731625493765e-3f + r2 * 2.443315711809948e-5f));
    /* Quadrant q: odd quadrants swap sin and cos; signs follow q and q+1.
     * Arithmetic selects (one term is exactly zero) keep the loop free of
     * branches so that it vectorises. */
    float swap = (float)(q & 1), keep = 1.0f - swap;
    float sin_sign = 1.0f - (float)(q & 2), cos_sign = 1.0f - (float)((q + 1) & 2);
    *sin_out = sin_sign * (keep * s + swap * c);
    *cos_out = cos_sign * (keep * c + swap * s);
}

/* sin and cos of any x: the argument reduction in double, accurate for
 * |x| < 1e7. */
static inline void sincos_reduced(float x, float *sin_out, float *cos_out)
{
    /* j = round(x * 2/pi) via the 1.5*2^52 trick (vectorises, unlike
     * nearbyint); r = x - j*pi/2 in double loses nothing for |x| < 1e7. */
    const double round_magic = 6755399441055744.0;
    double xd = (double)x;
    double j = (xd * 0.63661977236758134308 + round_magic) - round_magic;
    float r = (float)(xd - j * 1.57079632679489661923);
    /* The quadrant from the low mantissa bits of the rounded sum, which hold
     * j in two's complement for |j| < 2^51: unlike (int32_t)j this is
     * defined for any x (a huge or non-finite x, possible with a hostile
     * checkpoint, gives a meaningless quadrant but no undefined behaviour). */
    double rounded = xd * 0.63661977236758134308 + round_magic;
    uint64_t bits;
    memcpy(&bits, &rounded, sizeof bits);
    sincos_poly(r, (int32_t)(uint32_t)bits, sin_out, cos_out);
}

/* Where the float reduction below is as accurate as the double one. */
#define SINCOS_SMALL_LIMIT 8192.0f

/* sin and cos of |x| <= SINCOS_SMALL_LIMIT with the reduction in float,
 * Cody-Waite with pi/2 in three parts (the first two short, so j times
 * them is exact) and explicit fused multiply-adds (the same result on
 * every ISA); about 1.4x the speed of the double reduction on AVX-512,
 * whose vectors it halves. */
static inline void sincos_small(float x, float *sin_out, float *cos_out)
{
    const float round_magic = 12582912.0f;   /* 1.5 * 2^23 */
    float rounded = x * 0.636619772f + round_magic;
    float j = rounded - round_magic;
    float r = fmaf(j, -1.5703125f, x);
    r = fmaf(j, -4.837512969970703125e-4f, r);
    r = fmaf(j, -7.549789948768648e-8f, r);
    uint32_t bits;
    memcpy(&bits, &rounded, sizeof bits);
    sincos_poly(r, (int32_t)bits, sin_out, cos_out);
}

#endif
