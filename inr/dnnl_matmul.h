/* dnnl_matmul.h - one matrix product through oneDNN (Intel's deep-learning
 * primitives, Debian's libdnnl): its JIT picks AMX tiles or AVX512-BF16
 * from the CPU it runs on. inrfit uses it for bf16 products; the same code
 * runs fp32 operands, which is how CI (without bf16 hardware) tests it.
 *
 * Row-major C (M,N) f32 = op(A) op(B) + beta C, beta 0 or 1, A and B both
 * of `type`: fp32 (float) or bf16 (uint16_t, bf16.h). Primitives are cached
 * per thread and shape, so a training step creates none after the first. */
#ifndef INR_DNNL_MATMUL_H
#define INR_DNNL_MATMUL_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { INR_DNNL_F32, INR_DNNL_BF16 } inr_dnnl_type;

/* Whether oneDNN is built in and has a product for `type` on this CPU;
 * impl (n bytes, may be NULL) gets oneDNN's implementation name or why not. */
bool inr_dnnl_available(inr_dnnl_type type, char *impl, size_t n);

/* The product; false (with the reason in inr_error()) when oneDNN fails. */
bool inr_dnnl_matmul(inr_dnnl_type type, bool trans_a, bool trans_b, int M, int N, int K,
                     const void *A, int lda, const void *B, int ldb, float beta, float *C,
                     int ldc);

/* fp32 C (M,N) = alpha op(A) op(B) + beta C, row-major, through oneDNN's
 * sgemm (JIT kernels for the ISA cpuid reports); false when not built in. */
bool inr_dnnl_sgemm(bool trans_a, bool trans_b, int M, int N, int K, float alpha,
                    const float *A, int lda, const float *B, int ldb, float beta, float *C,
                    int ldc);

/* The ISA oneDNN's kernels use here ("avx2", "avx512_core_amx", ...), or
 * why there is none. */
const char *inr_dnnl_isa(void);

#endif
