/* hcinr_cuda.h - the kernels of HC-INR's warp chain (METHODS 2.5) on CUDA
 * (hcinr_cuda_ops.cu; tests/emul_cuda_ops.c emulates them), for its CUDA
 * walk (hcinr_cuda.c), whose kind only the CUDA kind table names. */
#ifndef INR_HCINR_CUDA_H
#define INR_HCINR_CUDA_H

#include "ops_cuda.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The warp chain (inr/hcinr_warp.h), one thread per point: u, th
 * (N, S d) from x (N,d) and the hypernetwork output p (N, S (d d + d)). */
void hcinr_warp_forward_cuda(inr_cuda_ctx *ctx, const float *x, const float *p, float *u,
                             float *th, int N, int d, int S);
/* dp (N,P) (overwritten) from du (N, S d) = dL/d[u_1..u_S]. */
void hcinr_warp_backward_cuda(inr_cuda_ctx *ctx, const float *x, const float *p,
                              const float *u, const float *th, const float *du, float *dp,
                              int N, int d, int S);

#ifdef __cplusplus
}
#endif

#endif
