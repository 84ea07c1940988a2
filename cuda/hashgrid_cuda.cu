/* hashgrid_cuda.cu - the multiresolution hash / dense grid encoding on the
 * GPU (SPEC 2.3): forward interpolation and the scatter-add backward, twins
 * of hashgrid_forward_cpu / hashgrid_backward_cpu (inr/hashgrid.c).
 *
 * One thread per (point, level), the level on blockIdx.y so that a block
 * reads one level's table (coarse tables stay in L1/L2). The inr_grid
 * description travels by value as a kernel parameter (< 1 KiB). */
#include "cuda_ctx.h"
#include "ops_cuda.h"

enum { GRID_THREADS = 128 };

/* The 2^d vertices around x on level l: rows, d-linear weights and, when
 * want_dw, the weights' derivatives along each axis. The same float
 * operations, in the same order, as level_corners in inr/hashgrid.c. */
struct corners {
    int n;
    size_t row[1 << INR_GRID_MAX_DIMS];
    float w[1 << INR_GRID_MAX_DIMS];
    float dw[1 << INR_GRID_MAX_DIMS][INR_GRID_MAX_DIMS];
};

__device__ __forceinline__ uint32_t grid_hash(const uint32_t *c, int dims)
{
    const uint32_t PI[INR_GRID_MAX_DIMS] = { 1u, 2654435761u, 805459861u };
    uint32_t h = 0;
    for (int i = 0; i < dims; i++) h ^= c[i] * PI[i];
    return h;
}

__device__ void level_corners(const inr_grid &g, int l, const float *x, corners &c, bool want_dw)
{
    int d = g.dims, res = g.res[l];
    float s = g.scale[l];
    uint32_t cell[INR_GRID_MAX_DIMS];
    float frac[INR_GRID_MAX_DIMS], dfrac[INR_GRID_MAX_DIMS];
    for (int i = 0; i < d; i++) {
        float p = (x[i] + 1.0f) * 0.5f * s;
        dfrac[i] = 0.5f * s;
        if (!(p > 0.0f)) { p = 0.0f; dfrac[i] = 0.0f; }  /* also catches NaN */
        if (p > s) { p = s; dfrac[i] = 0.0f; }
        int k = (int)p;
        if (k > res - 2) k = res - 2;
        cell[i] = (uint32_t)k;
        frac[i] = p - (float)k;
    }
    c.n = 1 << d;
    for (int k = 0; k < c.n; k++) {
        uint32_t v[INR_GRID_MAX_DIMS];
        float w = 1.0f;
        for (int i = 0; i < d; i++) {
            int hi = (k >> i) & 1;
            v[i] = cell[i] + (uint32_t)hi;
            w *= hi ? frac[i] : 1.0f - frac[i];
        }
        c.w[k] = w;
        if (g.hashed[l]) {
            c.row[k] = grid_hash(v, d) & (uint32_t)(g.rows[l] - 1);
        } else {
            size_t row = 0, stride = 1;
            for (int i = 0; i < d; i++, stride *= (size_t)res) row += v[i] * stride;
            c.row[k] = row;
        }
        if (!want_dw) continue;
        for (int i = 0; i < d; i++) {
            float p = ((k >> i) & 1) ? dfrac[i] : -dfrac[i];
            for (int j = 0; j < d; j++)
                if (j != i) p *= ((k >> j) & 1) ? frac[j] : 1.0f - frac[j];
            c.dw[k][i] = p;
        }
    }
}

__global__ void hashgrid_forward_kernel(const inr_grid g, const float *__restrict__ params,
                                        const float *__restrict__ x, float *__restrict__ feat,
                                        int N)
{
    int n = blockIdx.x * blockDim.x + threadIdx.x, l = blockIdx.y;
    if (n >= N) return;
    int L = g.levels, F = g.features;
    corners c;
    level_corners(g, l, x + (size_t)n * g.dims, c, false);
    const float *table = params + g.offset[l];
    float *out = feat + ((size_t)n * L + l) * F;
    for (int f = 0; f < F; f++) {
        float acc = 0.0f;
        for (int k = 0; k < c.n; k++) acc += c.w[k] * table[c.row[k] * F + f];
        out[f] = acc;
    }
}

void hashgrid_forward_cuda(inr_cuda_ctx *ctx, const inr_grid *g, const float *params,
                           const float *x, float *feat, int N)
{
    if (N <= 0) return;
    dim3 grid((N + GRID_THREADS - 1) / GRID_THREADS, g->levels);
    hashgrid_forward_kernel<<<grid, GRID_THREADS, 0, ctx->stream>>>(*g, params, x, feat, N);
    LAUNCH_CHECK();
}

__global__ void hashgrid_backward_kernel(const inr_grid g, const float *__restrict__ params,
                                         const float *__restrict__ x,
                                         const float *__restrict__ dfeat,
                                         float *__restrict__ dparams, float *__restrict__ dx,
                                         int N)
{
    int n = blockIdx.x * blockDim.x + threadIdx.x, l = blockIdx.y;
    if (n >= N) return;
    int d = g.dims, L = g.levels, F = g.features;
    corners c;
    level_corners(g, l, x + (size_t)n * d, c, dx != NULL);
    const float *dout = dfeat + ((size_t)n * L + l) * F;
    const float *table = params + g.offset[l];
    float *dtable = dparams + g.offset[l];
    float gx[INR_GRID_MAX_DIMS] = { 0.0f, 0.0f, 0.0f };
    for (int k = 0; k < c.n; k++) {
        float w = c.w[k], dot = 0.0f;
        for (int f = 0; f < F; f++) {
            /* Points share vertices (always on coarse levels, by hash
             * collision on fine ones): scatter with atomics. */
            atomicAdd(&dtable[c.row[k] * F + f], w * dout[f]);
            if (dx) dot += dout[f] * table[c.row[k] * F + f];
        }
        if (dx)
            for (int i = 0; i < d; i++) gx[i] += dot * c.dw[k][i];
    }
    if (dx)
        for (int i = 0; i < d; i++) atomicAdd(&dx[(size_t)n * d + i], gx[i]);
}

void hashgrid_backward_cuda(inr_cuda_ctx *ctx, const inr_grid *g, const float *params,
                            const float *x, const float *dfeat, float *dparams, float *dx,
                            int N)
{
    if (N <= 0) return;
    /* dx is overwritten: zero it, then every level adds its part. */
    if (dx) inr_cuda_memset0(ctx, dx, sizeof(float) * (size_t)N * g->dims);
    dim3 grid((N + GRID_THREADS - 1) / GRID_THREADS, g->levels);
    hashgrid_backward_kernel<<<grid, GRID_THREADS, 0, ctx->stream>>>(
        *g, params, x, dfeat, dparams, dx, N);
    LAUNCH_CHECK();
}
