/* gemm_bf16.h - matrix products in bf16 with fp32 accumulation, for
 * `fit --precision bf16` (mixed precision: fp32 master weights, Adam and
 * activations; only the products' operands are rounded to bf16).
 *
 * Engines: NATIVE, oneDNN on AVX512-BF16 or AMX-BF16 (dnnl_matmul.h);
 * EMULATED, operands rounded to bf16 and multiplied by fp32 sgemm, the same
 * numbers up to the order of the fp32 sums, at fp32 speed. Training picks
 * NATIVE where the CPU has it; EMULATED only when asked for with
 * INRFIT_BF16=emulate (tests, and CI machines without bf16 hardware). */
#ifndef INR_GEMM_BF16_H
#define INR_GEMM_BF16_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { INR_BF16_NONE, INR_BF16_NATIVE, INR_BF16_EMULATED } inr_bf16_engine;

/* The engine bf16 products run on here (INRFIT_BF16=emulate|native|none
 * overrides); desc (n bytes, may be NULL) names it or says why none. */
inr_bf16_engine inr_bf16_engine_get(char *desc, size_t n);

/* Row-major C (M,N) = op(A) op(B) + beta C (beta 0 or 1) with A and B
 * rounded to bf16, on the engine above. Exits with one line if the engine
 * fails mid-fit (it was checked before training started). */
void inr_gemm_bf16(bool trans_a, bool trans_b, int M, int N, int K, const float *A, int lda,
                   const float *B, int ldb, float beta, float *C, int ldc);

/* The two products of a dense layer's backward pass in bf16: dW (O,I) +=
 * dy^T x and, unless dx is NULL, dx (N,I) = dy W; dy (N,O) is rounded to
 * bf16 once for both. x (N,I), W (O,I), row-major, contiguous. */
void inr_gemm_bf16_backward(const float *x, const float *W, const float *dy, float *dW, float *dx,
                            int N, int I, int O);

/* out = bf16(x), n values: inr_bf16_pack (bf16.h), with AVX512-BF16's
 * conversion where the CPU has it (bf16_pack_fast.c). */
void inr_bf16_pack_fast(const float *x, uint16_t *out, size_t n);

/* The emulation alone (tests compare the native engine with it). */
void inr_gemm_bf16_emulated(bool trans_a, bool trans_b, int M, int N, int K, const float *A,
                            int lda, const float *B, int ldb, float beta, float *C, int ldc);

#endif
