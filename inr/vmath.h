/* vmath.h - vectorised sine and cosine for the sine layers.
 *
 * Own polynomial (Cephes-style minimax on [-pi/4, pi/4]) with the argument
 * reduction done in double, so that first-layer arguments of several
 * thousand radians (audio SIREN, w0_first = 3000) stay accurate to ~1e-6.
 * Plain loops that GCC vectorises, built for AVX2 and AVX-512 and picked
 * at run time (elementwise.h; the polynomial is in vmath_poly.h). */
#ifndef INR_VMATH_H
#define INR_VMATH_H

#include <stddef.h>

/* s[i] = sin(x[i]), c[i] = cos(x[i]); s or c may be NULL. In-place allowed. */
void vsincos(const float *x, float *s, float *c, size_t n);

#endif
