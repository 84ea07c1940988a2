/* hashgrid_avx512.c - the hash-grid kernels for x86-64-v4 (AVX-512, 16
 * points a block); the Makefile compiles this file with -march=x86-64-v4,
 * and nothing here runs unless cpuid says the CPU and the OS support
 * AVX-512 (hashgrid.c). */
#include <immintrin.h>

#define HG_ISA "avx512"
#define HG(name) hg_avx512_##name
#define HG_W 16

typedef __m512 vf;
typedef __m512i vi;

#define VFN static inline __attribute__((always_inline))
VFN vf vf_set(float a) { return _mm512_set1_ps(a); }
VFN vf vf_load(const float *p) { return _mm512_loadu_ps(p); }
VFN void vf_store(float *p, vf a) { _mm512_storeu_ps(p, a); }
VFN vf vf_add(vf a, vf b) { return _mm512_add_ps(a, b); }
VFN vf vf_sub(vf a, vf b) { return _mm512_sub_ps(a, b); }
VFN vf vf_mul(vf a, vf b) { return _mm512_mul_ps(a, b); }
VFN vf vf_min(vf a, vf b) { return _mm512_min_ps(a, b); }
VFN vf vf_pos(vf p) { return _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(p, _mm512_setzero_ps(), _CMP_GT_OQ), p); }
VFN vi vf_trunc(vf a) { return _mm512_cvttps_epi32(a); }
VFN vf vi_float(vi a) { return _mm512_cvtepi32_ps(a); }
VFN vi vi_set(int a) { return _mm512_set1_epi32(a); }
VFN void vi_store(int *p, vi a) { _mm512_storeu_si512(p, a); }
VFN vi vi_add(vi a, vi b) { return _mm512_add_epi32(a, b); }
VFN vi vi_mul(vi a, vi b) { return _mm512_mullo_epi32(a, b); }
VFN vi vi_xor(vi a, vi b) { return _mm512_xor_si512(a, b); }
VFN vi vi_and(vi a, vi b) { return _mm512_and_si512(a, b); }
VFN vi vi_min(vi a, vi b) { return _mm512_min_epi32(a, b); }
VFN vf vf_gather(const float *base, vi idx) { return _mm512_i32gather_ps(idx, base, 4); }
/* F = 2: the pairs at p[0] + off .. p[7] + off, point-major (loads and
 * inserts: faster than vpgatherdq here). */
VFN __m128i two_pairs(const float *a, const float *b)
{
    __m128d lo = _mm_castsi128_pd(_mm_loadl_epi64((const __m128i *)(const void *)a));
    return _mm_castpd_si128(_mm_loadh_pd(lo, (const double *)(const void *)b));
}
VFN vf vp_load(const float *const *p, size_t off)
{
    __m256i lo = _mm256_inserti128_si256(_mm256_castsi128_si256(two_pairs(p[0] + off, p[1] + off)),
                                         two_pairs(p[2] + off, p[3] + off), 1);
    __m256i hi = _mm256_inserti128_si256(_mm256_castsi128_si256(two_pairs(p[4] + off, p[5] + off)),
                                         two_pairs(p[6] + off, p[7] + off), 1);
    return _mm512_castsi512_ps(_mm512_inserti64x4(_mm512_castsi256_si512(lo), hi, 1));
}
/* F = 2, dense: the 16 bytes (two rows) at p[0] + off .. p[3] + off. */
VFN vf vq_load(const float *const *p, size_t off)
{
    __m256 lo = _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(p[0] + off)),
                                     _mm_loadu_ps(p[1] + off), 1);
    __m256 hi = _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(p[2] + off)),
                                     _mm_loadu_ps(p[3] + off), 1);
    return _mm512_insertf32x8(_mm512_castps256_ps512(lo), hi, 1);
}
/* For the quads of points 4q .. 4q+3: a a b b of each point. */
VFN vf vq_weights(vf a, vf b, int q)
{
    const vi i = _mm512_setr_epi32(0, 0, 16, 16, 1, 1, 17, 17, 2, 2, 18, 18, 3, 3, 19, 19);
    return _mm512_permutex2var_ps(a, _mm512_add_epi32(i, _mm512_set1_epi32(4 * q)), b);
}
/* Per 128 bits: the two 64-bit halves swapped. */
VFN vf vf_swap64(vf a) { return _mm512_permute_ps(a, 0x4e); }
VFN vf vp_dup(vf w, int h)
{
    const vi lo = _mm512_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7);
    return _mm512_permutexvar_ps(h ? _mm512_add_epi32(lo, vi_set(8)) : lo, w);
}
/* out[j] = base + row[j] * F (row >= 0). */
VFN void vi_store_ptrs(void *out, vi row, const float *base, int F)
{
    const __m512i b = _mm512_set1_epi64((long long)base), f = _mm512_set1_epi64(4 * F);
    __m512i lo = _mm512_cvtepi32_epi64(_mm512_castsi512_si256(row));
    __m512i hi = _mm512_cvtepi32_epi64(_mm512_extracti64x4_epi64(row, 1));
    _mm512_storeu_si512(out, _mm512_add_epi64(b, _mm512_mul_epu32(lo, f)));
    _mm512_storeu_si512((char *)out + 64, _mm512_add_epi64(b, _mm512_mul_epu32(hi, f)));
}
#undef VFN

#include "hashgrid_simd_body.h"
