/* bf16_pack_fast.c - float32 to bf16 with AVX512-BF16's vcvtne2ps2bf16 where
 * the CPU has it (gemm_bf16.h): 32 values an instruction, about 3x the
 * portable loop of bf16.c on an AVX-512 Xeon. It rounds to nearest even
 * and quiets NaNs as inr_bf16_from_float does; it differs only on float32
 * denormals (|x| < 1.2e-38), which it flushes to zero: a product's term of
 * that size is below any fp32 sum it joins. */
#include <immintrin.h>
#include <stdatomic.h>

#include "bf16.h"
#include "cpu_features.h"
#include "gemm_bf16.h"

__attribute__((target("avx512f,avx512bf16")))
static void pack_avx512bf16(const float *x, uint16_t *out, size_t n)
{
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m512bh v = _mm512_cvtne2ps_pbh(_mm512_loadu_ps(x + i + 16), _mm512_loadu_ps(x + i));
        _mm512_storeu_si512((void *)(out + i), (__m512i)v);
    }
    if (i < n) inr_bf16_pack(x + i, out + i, n - i);
}

void inr_bf16_pack_fast(const float *x, uint16_t *out, size_t n)
{
    static _Atomic int has = -1;   /* racing first calls store the same value */
    int h = atomic_load_explicit(&has, memory_order_relaxed);
    if (h < 0) {
        const inr_cpu *c = inr_cpu_features();
        h = inr_cpu_has_avx512(c) && c->avx512_bf16;
        atomic_store_explicit(&has, h, memory_order_relaxed);
    }
    if (h) pack_avx512bf16(x, out, n);
    else inr_bf16_pack(x, out, n);
}
