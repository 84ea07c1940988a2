/* bf16.h - bfloat16: the top 16 bits of a float32 (8-bit exponent, 7-bit
 * mantissa), rounded to nearest even as AVX512-BF16 (vcvtne2ps2bf16),
 * AMX and PyTorch round. A bf16 product accumulated in fp32 is exactly an
 * fp32 product of operands rounded to bf16 (each product of two 8-bit
 * mantissas fits in fp32), which is how the tests emulate it. */
#ifndef INR_BF16_H
#define INR_BF16_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint16_t inr_bf16_from_float(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((u >> 16) | 0x40); /* quiet NaN */
    u += 0x7fffu + ((u >> 16) & 1u); /* round to nearest, ties to even */
    return (uint16_t)(u >> 16);
}

static inline float inr_bf16_to_float(uint16_t h)
{
    uint32_t u = (uint32_t)h << 16;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

/* out[i] = bf16(x[i]) (n values). */
void inr_bf16_pack(const float *x, uint16_t *out, size_t n);
/* out[i] = float(bf16(x[i])): x rounded to bf16, kept as float (the
 * emulation's operands; in place allowed). */
void inr_bf16_round(const float *x, float *out, size_t n);

#endif
