/* elementwise_avx2.c - the elementwise kernels for x86-64-v3 (AVX2, FMA). */
#include <math.h>

#define EW_ISA "avx2"
#define EW(name) ew_avx2_##name
#include "elementwise_body.h"
