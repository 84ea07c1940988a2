/* nstr_ops_cuda.cu - the kernels of NSTR (METHODS 2.4) beyond its grid and
 * MLPs, and the column kernels the kinds use to join and split activations
 * (declared in ops_cuda.h). The bodies are in nstr_elem.h and cols_elem.h;
 * each kernel runs one thread per element. */
#include "cols_elem.h"
#include "cuda_ctx.h"
#include "nstr_elem.h"
#include "ops_cuda.h"

enum { KIND_THREADS = 256 };

static unsigned blocks_for(size_t items)
{
    return (unsigned)((items + KIND_THREADS - 1) / KIND_THREADS);
}

#define ELEMENT_INDEX(items)                                          \
    size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;         \
    if (i >= (items)) return

__global__ void nstr_modulate_kernel(const float *__restrict__ x, const float *__restrict__ omega,
                                     const float *__restrict__ phase, const float *__restrict__ S,
                                     float *__restrict__ sn, float *__restrict__ cs,
                                     float *__restrict__ feat, int d, int K, int W, int P,
                                     size_t items)
{
    ELEMENT_INDEX(items);
    nstr_modulate_elem(x, omega, phase, S, sn, cs, feat, d, K, W, P, i);
}

void nstr_modulate_cuda(inr_cuda_ctx *ctx, const float *x, const float *omega,
                        const float *phase, const float *S, float *sn, float *cs, float *feat,
                        int N, int d, int K, int W, int P)
{
    size_t items = (size_t)N * K;
    if (!items) return;
    nstr_modulate_kernel<<<blocks_for(items), KIND_THREADS, 0, ctx->stream>>>(
        x, omega, phase, S, sn, cs, feat, d, K, W, P, items);
    LAUNCH_CHECK();
}

/* dfeat and dS are the same buffer without the phase field: no
 * __restrict__ on them (each element reads its dfeat before it writes). */
__global__ void nstr_modulate_backward_kernel(const float *dfeat, float *dS,
                                              const float *__restrict__ sn,
                                              float *__restrict__ cs, const float *__restrict__ S,
                                              int K, int W, int P, size_t items)
{
    ELEMENT_INDEX(items);
    nstr_modulate_backward_elem(dfeat, dS, sn, cs, S, K, W, P, i);
}

void nstr_modulate_backward_cuda(inr_cuda_ctx *ctx, const float *dfeat, float *dS,
                                 const float *sn, float *cs, const float *S, int N, int K,
                                 int W, int P)
{
    size_t items = (size_t)N * K;
    if (!items) return;
    nstr_modulate_backward_kernel<<<blocks_for(items), KIND_THREADS, 0, ctx->stream>>>(
        dfeat, dS, sn, cs, S, K, W, P, items);
    LAUNCH_CHECK();
}

__global__ void concat_cols_kernel(const float *__restrict__ a, const float *__restrict__ b,
                                   float *__restrict__ out, int A, int B, size_t items)
{
    ELEMENT_INDEX(items);
    concat_cols_elem(a, b, out, A, B, i);
}

void concat_cols_cuda(inr_cuda_ctx *ctx, const float *a, const float *b, float *out, int N,
                      int A, int B)
{
    size_t items = (size_t)N * (A + B);
    if (!items) return;
    concat_cols_kernel<<<blocks_for(items), KIND_THREADS, 0, ctx->stream>>>(a, b, out, A, B,
                                                                            items);
    LAUNCH_CHECK();
}

__global__ void add_cols_kernel(const float *__restrict__ src, int S, int c0,
                                float *__restrict__ dst, int W, size_t items)
{
    ELEMENT_INDEX(items);
    add_cols_elem(src, S, c0, dst, W, i);
}

void add_cols_cuda(inr_cuda_ctx *ctx, const float *src, int S, int c0, float *dst, int N, int W)
{
    size_t items = (size_t)N * W;
    if (!items) return;
    add_cols_kernel<<<blocks_for(items), KIND_THREADS, 0, ctx->stream>>>(src, S, c0, dst, W,
                                                                         items);
    LAUNCH_CHECK();
}
