/* hashgrid_cuda.cu - the multiresolution hash / dense grid encoding on the
 * GPU (METHODS 2.3): forward interpolation and the scatter-add backward, twins
 * of hashgrid_forward_cpu / hashgrid_backward_cpu (inr/hashgrid.c), and the
 * level sums and jacobians of NSTR's spectrum field. The per-element bodies
 * are in grid_elem.h.
 *
 * Encoding: one thread per (point, level), the level on blockIdx.y so that
 * a block reads one level's table (coarse tables stay in L1/L2); F == 2
 * moves as float2 (one load, one sm_90 vector atomic per corner). The
 * coarse levels' backward sums in shared memory first (grid_elem.h). Level
 * sums: one thread per (point, feature), features fastest. The inr_grid
 * description travels by value as a kernel parameter (< 1 KiB). */
#include "cuda_ctx.h"
#include "grid_elem.h"
#include "ops_cuda.h"

enum { GRID_THREADS = 128 };

/* Runs `call` with D a compile-time copy of dims (1..3): the corner loops
 * of grid_elem.h unroll and their arrays stay in registers. */
#define WITH_DIMS(dims, call)                    \
    switch (dims) {                              \
    case 1: { const int D = 1; call; } break;    \
    case 2: { const int D = 2; call; } break;    \
    default: { const int D = 3; call; } break;   \
    }

__global__ void hashgrid_forward_kernel(const __grid_constant__ inr_grid g,
                                        const float *__restrict__ params,
                                        const float *__restrict__ x, float *__restrict__ feat,
                                        int N, int pair)
{
    int n = blockIdx.x * blockDim.x + threadIdx.x;
    if (n >= N) return;
    if (pair) {
        WITH_DIMS(g.dims, grid_forward_elem_d(&g, params, x, feat, n, blockIdx.y, D, 1));
    } else {
        WITH_DIMS(g.dims, grid_forward_elem_d(&g, params, x, feat, n, blockIdx.y, D, 0));
    }
}

void hashgrid_forward_cuda(inr_cuda_ctx *ctx, const inr_grid *g, const float *params,
                           const float *x, float *feat, int N)
{
    if (N <= 0) return;
    dim3 grid((N + GRID_THREADS - 1) / GRID_THREADS, g->levels);
    hashgrid_forward_kernel<<<grid, GRID_THREADS, 0, ctx->stream>>>(*g, params, x, feat, N,
                                                                     grid_pairs(g, params, feat));
    LAUNCH_CHECK();
}

/* Levels [first, L), one per blockIdx.y: atomics straight into dparams. */
__global__ void hashgrid_backward_kernel(const __grid_constant__ inr_grid g,
                                         const float *__restrict__ params,
                                         const float *__restrict__ x,
                                         const float *__restrict__ dfeat, float *dparams, float *dx,
                                         int N, int first, int pair)
{
    int n = blockIdx.x * blockDim.x + threadIdx.x;
    int l = first + blockIdx.y;
    if (n >= N) return;
    if (pair) {
        WITH_DIMS(g.dims, grid_backward_elem_d(&g, params, x, dfeat, dparams, dx, n, l, D, 1));
    } else {
        WITH_DIMS(g.dims, grid_backward_elem_d(&g, params, x, dfeat, dparams, dx, n, l, D, 0));
    }
}

/* Levels [0, grid_shared_levels): block (b, l) sums points [b P, b P + P)
 * (P = GRID_SHARED_POINTS) into shared memory, then adds the non-zero sums
 * to the table (NaN included). */
__global__ void hashgrid_backward_shared_kernel(const __grid_constant__ inr_grid g,
                                                const float *__restrict__ params,
                                                const float *__restrict__ x,
                                                const float *__restrict__ dfeat, float *dparams,
                                                float *dx, int N)
{
    extern __shared__ float block_dtable[];
    int l = blockIdx.y, floats = (int)(g.rows[l] * g.features);
    for (int i = threadIdx.x; i < floats; i += blockDim.x) block_dtable[i] = 0.0f;
    __syncthreads();
    int begin = blockIdx.x * GRID_SHARED_POINTS, end = min(N, begin + GRID_SHARED_POINTS);
    for (int n = begin + threadIdx.x; n < end; n += blockDim.x)
        WITH_DIMS(g.dims, grid_backward_elem_to_d(&g, params, x, dfeat, block_dtable, dx, n, l, D, 0));
    __syncthreads();
    float *dtable = dparams + g.offset[l];
    for (int i = threadIdx.x; i < floats; i += blockDim.x)
        if (block_dtable[i] != 0.0f) atomicAdd(&dtable[i], block_dtable[i]);
}

enum { SHARED_THREADS = 256 };

void hashgrid_backward_cuda(inr_cuda_ctx *ctx, const inr_grid *g, const float *params,
                            const float *x, const float *dfeat, float *dparams, float *dx,
                            int N)
{
    if (N <= 0) return;
    /* dx is overwritten: zero it, then every level adds its part. */
    if (dx) inr_cuda_memset0(ctx, dx, sizeof(float) * (size_t)N * g->dims);
    int shared = grid_shared_levels(g);
    if (shared > 0) {
        size_t bytes = g->rows[shared - 1] * g->features * sizeof(float);  /* the largest */
        dim3 grid((N + GRID_SHARED_POINTS - 1) / GRID_SHARED_POINTS, shared);
        hashgrid_backward_shared_kernel<<<grid, SHARED_THREADS, bytes, ctx->stream>>>(
            *g, params, x, dfeat, dparams, dx, N);
        LAUNCH_CHECK();
    }
    if (shared < g->levels) {
        dim3 grid((N + GRID_THREADS - 1) / GRID_THREADS, g->levels - shared);
        hashgrid_backward_kernel<<<grid, GRID_THREADS, 0, ctx->stream>>>(
            *g, params, x, dfeat, dparams, dx, N, shared, grid_pairs(g, params, dparams));
        LAUNCH_CHECK();
    }
}

/* ---- level sums: thread i = n F + f ------------------------------------ */

static unsigned blocks_for(size_t items)
{
    return (unsigned)((items + GRID_THREADS - 1) / GRID_THREADS);
}

__global__ void grid_sum_levels_kernel(const __grid_constant__ inr_grid g,
                                       const float *__restrict__ params,
                                       const float *__restrict__ x, float *__restrict__ S,
                                       size_t items)
{
    size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
    int n = (int)(i / g.features), f = (int)(i % g.features);
    if (i < items) WITH_DIMS(g.dims, grid_sum_levels_elem_d(&g, params, x, S, n, f, D));
}

void grid_sum_levels_cuda(inr_cuda_ctx *ctx, const inr_grid *g, const float *params,
                          const float *x, float *S, int N)
{
    size_t items = (size_t)N * g->features;
    if (!items) return;
    grid_sum_levels_kernel<<<blocks_for(items), GRID_THREADS, 0, ctx->stream>>>(*g, params, x, S,
                                                                                items);
    LAUNCH_CHECK();
}

__global__ void grid_sum_levels_backward_kernel(const __grid_constant__ inr_grid g,
                                                const float *__restrict__ x,
                                                const float *__restrict__ dS, float *dparams,
                                                size_t items)
{
    size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
    int n = (int)(i / g.features), f = (int)(i % g.features);
    if (i < items)
        WITH_DIMS(g.dims, grid_sum_levels_backward_elem_d(&g, x, dS, dparams, n, f, D));
}

void grid_sum_levels_backward_cuda(inr_cuda_ctx *ctx, const inr_grid *g, const float *x,
                                   const float *dS, float *dparams, int N)
{
    size_t items = (size_t)N * g->features;
    if (!items) return;
    grid_sum_levels_backward_kernel<<<blocks_for(items), GRID_THREADS, 0, ctx->stream>>>(
        *g, x, dS, dparams, items);
    LAUNCH_CHECK();
}

__global__ void grid_sum_jacobian_kernel(const __grid_constant__ inr_grid g,
                                         const float *__restrict__ params,
                                         const float *__restrict__ x, float unit,
                                         float *__restrict__ S, float *__restrict__ J,
                                         size_t items)
{
    size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
    int n = (int)(i / g.features), f = (int)(i % g.features);
    if (i < items)
        WITH_DIMS(g.dims, grid_sum_jacobian_elem_d(&g, params, x, unit, S, J, n, f, D));
}

void grid_sum_jacobian_cuda(inr_cuda_ctx *ctx, const inr_grid *g, const float *params,
                            const float *x, float unit, float *S, float *J, int N)
{
    size_t items = (size_t)N * g->features;
    if (!items) return;
    grid_sum_jacobian_kernel<<<blocks_for(items), GRID_THREADS, 0, ctx->stream>>>(
        *g, params, x, unit, S, J, items);
    LAUNCH_CHECK();
}

__global__ void grid_sum_jacobian_backward_kernel(const __grid_constant__ inr_grid g,
                                                  const float *__restrict__ x,
                                                  const float *__restrict__ dS,
                                                  const float *__restrict__ dJ, float scale,
                                                  float *dparams, size_t items)
{
    size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
    int n = (int)(i / g.features), f = (int)(i % g.features);
    if (i < items)
        WITH_DIMS(g.dims,
                  grid_sum_jacobian_backward_elem_d(&g, x, dS, dJ, scale, dparams, n, f, D));
}

void grid_sum_jacobian_backward_cuda(inr_cuda_ctx *ctx, const inr_grid *g, const float *x,
                                     const float *dS, const float *dJ, float scale,
                                     float *dparams, int N)
{
    size_t items = (size_t)N * g->features;
    if (!items) return;
    grid_sum_jacobian_backward_kernel<<<blocks_for(items), GRID_THREADS, 0, ctx->stream>>>(
        *g, x, dS, dJ, scale, dparams, items);
    LAUNCH_CHECK();
}
