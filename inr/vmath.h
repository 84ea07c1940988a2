/* vmath.h - vectorised sine and cosine for the sine layers.
 *
 * Own polynomial (Cephes-style minimax on [-pi/4, pi/4]). The argument
 * reduction runs in float (three-part Cody-Waite with fused multiply-adds)
 * when every |x| of the array is at most 8192, else in double, so that
 * first-layer arguments of many thousand radians (audio SIREN, w0_first =
 * 3000) stay accurate to ~1e-6 as well; one pass over the array either
 * way (vmath_poly.h, elementwise_body.h).
 * Plain loops that GCC vectorises, built for AVX2 and AVX-512 and picked
 * at run time (elementwise.h; the polynomial is in vmath_poly.h). */
#ifndef INR_VMATH_H
#define INR_VMATH_H

#include <stddef.h>

/* s[i] = sin(x[i]), c[i] = cos(x[i]); s or c may be NULL. In-place allowed. */
void vsincos(const float *x, float *s, float *c, size_t n);

#endif
