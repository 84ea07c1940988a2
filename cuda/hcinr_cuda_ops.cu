/* hcinr_cuda_ops.cu - HC-INR's warp chain (METHODS 2.5) on CUDA, one thread
 * per point (declared in hcinr_cuda.h); the bodies are inr/hcinr_warp.h's,
 * shared with the CPU. */
#include "cuda_ctx.h"
#include "hcinr_cuda.h"
#include "hcinr_warp.h"

enum { KIND_THREADS = 256 };

static unsigned blocks_for(size_t items)
{
    return (unsigned)((items + KIND_THREADS - 1) / KIND_THREADS);
}

#define ELEMENT_INDEX(items)                                          \
    size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;         \
    if (i >= (items)) return

__global__ void hcinr_warp_forward_kernel(const float *__restrict__ x, const float *__restrict__ p,
                                          float *__restrict__ u, float *__restrict__ th, int d,
                                          int S, size_t items)
{
    ELEMENT_INDEX(items);
    hcinr_warp_forward_elem(x, p, u, th, d, S, i);
}

void hcinr_warp_forward_cuda(inr_cuda_ctx *ctx, const float *x, const float *p, float *u,
                             float *th, int N, int d, int S)
{
    if (N <= 0) return;
    hcinr_warp_forward_kernel<<<blocks_for((size_t)N), KIND_THREADS, 0, ctx->stream>>>(
        x, p, u, th, d, S, (size_t)N);
    LAUNCH_CHECK();
}

__global__ void hcinr_warp_backward_kernel(const float *__restrict__ x,
                                           const float *__restrict__ p,
                                           const float *__restrict__ u,
                                           const float *__restrict__ th,
                                           const float *__restrict__ du, float *__restrict__ dp,
                                           int d, int S, size_t items)
{
    ELEMENT_INDEX(items);
    hcinr_warp_backward_elem(x, p, u, th, du, dp, d, S, i);
}

void hcinr_warp_backward_cuda(inr_cuda_ctx *ctx, const float *x, const float *p,
                              const float *u, const float *th, const float *du, float *dp,
                              int N, int d, int S)
{
    if (N <= 0) return;
    hcinr_warp_backward_kernel<<<blocks_for((size_t)N), KIND_THREADS, 0, ctx->stream>>>(
        x, p, u, th, du, dp, d, S, (size_t)N);
    LAUNCH_CHECK();
}
