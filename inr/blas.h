/* blas.h - the fp32 matrix products: oneDNN's sgemm where it is built in,
 * else OpenBLAS, each running kernels chosen from the CPU's features.
 *
 * oneDNN JIT-compiles its kernels for the ISA cpuid reports (AVX2,
 * AVX-512, AMX). Measured on the 2-core AMD EPYC (Zen 1) the project runs
 * on, the chunk-shaped products (512x256x256, one per thread) ran at 35
 * GFLOP per CPU-second in oneDNN against 9.6 in OpenBLAS 0.3.21 (Zen or
 * Haswell kernels), and a SIREN 256x4 fit took 3.1x less CPU time
 * (bench/REPORT_cpu.md); so oneDNN runs them, and INRFIT_GEMM=openblas
 * picks OpenBLAS.
 *
 * OpenBLAS picks its kernels when it loads, from a table of CPU model
 * numbers; a CPU newer than the table gets its generic (Prescott) kernels,
 * 3-4x slower. So inrfit does not link it: on first use it sets
 * OPENBLAS_CORETYPE from cpuid's feature bits (AVX-512 -> SkylakeX, AVX2 +
 * FMA -> Haswell, or Zen on AMD/Hygon, whose tuning it is) and only then
 * opens the library. A core set in the environment by the user is kept. */
#ifndef INR_BLAS_H
#define INR_BLAS_H

#include <stdbool.h>

#include "cpu_features.h"

/* Row-major C (M,N) = alpha op(A) op(B) + beta C, op = transpose when asked. */
void inr_sgemm(bool trans_a, bool trans_b, int M, int N, int K, float alpha,
               const float *A, int lda, const float *B, int ldb, float beta,
               float *C, int ldc);

/* Whether oneDNN's sgemm runs the products (else OpenBLAS). */
bool inr_products_onednn(void);
/* "oneDNN 2.6.3 sgemm, avx2 kernels" or "OpenBLAS Zen kernels". */
const char *inr_products_name(void);
/* A one-line warning when oneDNN's ISA is narrower than the CPU's
 * features allow (NULL otherwise, or when OpenBLAS runs the products). */
const char *inr_products_warning(void);

/* Threads OpenBLAS itself may use in one product (inrfit's chunks run one
 * product per thread, so it asks for 1 while training). */
void inr_blas_set_threads(int threads);

/* The OpenBLAS core name for a CPU's features (what inrfit asks for). */
const char *inr_blas_core_for(const inr_cpu *cpu);

/* Opens the library (done by the first product otherwise). Returns false
 * with the reason in inr_blas_error() when it cannot be opened. */
bool inr_blas_load(void);
const char *inr_blas_error(void);

/* What runs: the library's file and configuration, the kernel (core) it
 * runs and the one the features asked for, and a one-line warning when
 * they differ (NULL otherwise). */
const char *inr_blas_library(void);
const char *inr_blas_core(void);
const char *inr_blas_wanted_core(void);
const char *inr_blas_warning(void);

#endif
