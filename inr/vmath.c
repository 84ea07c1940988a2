/* vmath.c - vsincos through the elementwise kernels of this CPU's ISA. */
#include "vmath.h"

#include "elementwise.h"

void vsincos(const float *x, float *s, float *c, size_t n)
{
    inr_elementwise_kernels()->sincos(x, s, c, n);
}
