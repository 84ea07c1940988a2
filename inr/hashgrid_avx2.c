/* hashgrid_avx2.c - the hash-grid kernels for x86-64-v3 (AVX2, 8 points a
 * block; what this build needs anyway). */
#include <immintrin.h>

#define HG_ISA "avx2"
#define HG(name) hg_avx2_##name
#define HG_W 8

typedef __m256 vf;
typedef __m256i vi;

#define VFN static inline __attribute__((always_inline))
VFN vf vf_set(float a) { return _mm256_set1_ps(a); }
VFN vf vf_load(const float *p) { return _mm256_loadu_ps(p); }
VFN void vf_store(float *p, vf a) { _mm256_storeu_ps(p, a); }
VFN vf vf_add(vf a, vf b) { return _mm256_add_ps(a, b); }
VFN vf vf_sub(vf a, vf b) { return _mm256_sub_ps(a, b); }
VFN vf vf_mul(vf a, vf b) { return _mm256_mul_ps(a, b); }
VFN vf vf_min(vf a, vf b) { return _mm256_min_ps(a, b); }
VFN vf vf_pos(vf p) { return _mm256_and_ps(_mm256_cmp_ps(p, _mm256_setzero_ps(), _CMP_GT_OQ), p); }
VFN vi vf_trunc(vf a) { return _mm256_cvttps_epi32(a); }
VFN vf vi_float(vi a) { return _mm256_cvtepi32_ps(a); }
VFN vi vi_set(int a) { return _mm256_set1_epi32(a); }
VFN void vi_store(int *p, vi a) { _mm256_storeu_si256((__m256i *)p, a); }
VFN vi vi_add(vi a, vi b) { return _mm256_add_epi32(a, b); }
VFN vi vi_mul(vi a, vi b) { return _mm256_mullo_epi32(a, b); }
VFN vi vi_xor(vi a, vi b) { return _mm256_xor_si256(a, b); }
VFN vi vi_and(vi a, vi b) { return _mm256_and_si256(a, b); }
VFN vi vi_min(vi a, vi b) { return _mm256_min_epi32(a, b); }
VFN vf vf_gather(const float *base, vi idx) { return _mm256_i32gather_ps(base, idx, 4); }
/* F = 2: the pairs at p[0] + off .. p[3] + off, point-major. */
VFN __m128i two_pairs(const float *a, const float *b)
{
    __m128d lo = _mm_castsi128_pd(_mm_loadl_epi64((const __m128i *)(const void *)a));
    return _mm_castpd_si128(_mm_loadh_pd(lo, (const double *)(const void *)b));
}
VFN vf vp_load(const float *const *p, size_t off)
{
    return _mm256_castsi256_ps(_mm256_inserti128_si256(
        _mm256_castsi128_si256(two_pairs(p[0] + off, p[1] + off)), two_pairs(p[2] + off, p[3] + off), 1));
}
/* F = 2, dense: the 16 bytes (two rows) at p[0] + off, p[1] + off. */
VFN vf vq_load(const float *const *p, size_t off)
{
    return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(p[0] + off)),
                                _mm_loadu_ps(p[1] + off), 1);
}
/* For the quads of points 2q, 2q+1: a a b b of each point. */
VFN vf vq_weights(vf a, vf b, int q)
{
    __m256i i = _mm256_add_epi32(_mm256_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1), _mm256_set1_epi32(2 * q));
    return _mm256_blend_ps(_mm256_permutevar8x32_ps(a, i), _mm256_permutevar8x32_ps(b, i), 0xcc);
}
/* Per 128 bits: the two 64-bit halves swapped. */
VFN vf vf_swap64(vf a) { return _mm256_permute_ps(a, 0x4e); }
VFN vf vp_dup(vf w, int h)
{
    return _mm256_permutevar8x32_ps(w, h ? _mm256_setr_epi32(4, 4, 5, 5, 6, 6, 7, 7)
                                         : _mm256_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3));
}
/* out[j] = base + row[j] * F (row >= 0). */
VFN void vi_store_ptrs(void *out, vi row, const float *base, int F)
{
    const __m256i b = _mm256_set1_epi64x((long long)base), f = _mm256_set1_epi64x(4 * F);
    __m256i lo = _mm256_cvtepi32_epi64(_mm256_castsi256_si128(row));
    __m256i hi = _mm256_cvtepi32_epi64(_mm256_extracti128_si256(row, 1));
    _mm256_storeu_si256((__m256i *)out, _mm256_add_epi64(b, _mm256_mul_epu32(lo, f)));
    _mm256_storeu_si256((__m256i *)((char *)out + 32), _mm256_add_epi64(b, _mm256_mul_epu32(hi, f)));
}
#undef VFN

#include "hashgrid_simd_body.h"
