/* vmath_poly.h - sin and cos of one argument, branch-free so that loops
 * over arrays vectorise (included by the elementwise kernels; see vmath.h). */
#ifndef INR_VMATH_POLY_H
#define INR_VMATH_POLY_H

#include <stdint.h>
#include <string.h>

/* sin and cos of one reduced argument |r| <= pi/4 plus quadrant q. */
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
    int32_t q = (int32_t)(uint32_t)bits;
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

#endif
