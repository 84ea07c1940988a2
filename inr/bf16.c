/* bf16.c - array conversions to bfloat16 (bf16.h). */
#include "bf16.h"

void inr_bf16_pack(const float *x, uint16_t *out, size_t n)
{
#pragma omp simd
    for (size_t i = 0; i < n; i++) out[i] = inr_bf16_from_float(x[i]);
}

void inr_bf16_round(const float *x, float *out, size_t n)
{
#pragma omp simd
    for (size_t i = 0; i < n; i++) out[i] = inr_bf16_to_float(inr_bf16_from_float(x[i]));
}
