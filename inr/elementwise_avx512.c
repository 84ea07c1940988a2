/* elementwise_avx512.c - the elementwise kernels for x86-64-v4 (AVX-512,
 * 512-bit vectors); the Makefile compiles this file with
 * -march=x86-64-v4 -mprefer-vector-width=512, and nothing here runs unless
 * cpuid says the CPU and the OS support AVX-512 (elementwise.c). */
#include <math.h>

#define EW_ISA "avx512"
#define EW(name) ew_avx512_##name
#include "elementwise_body.h"
