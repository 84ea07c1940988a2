/* metrics_cuda.cu - reconstruction metrics on the GPU (METHODS 4), twins of
 * inr/metrics.c: the sum of squared differences and SSIM, for images that
 * already live in device memory (the end of a fit).
 *
 * Both are one fixed-grid pass that sums per-item values in double (each
 * thread its grid-stride items in order, then a tree in the block), and one
 * block that adds the block sums in a fixed order: the result does not
 * depend on the GPU or on the run. Scratch: the context's MSE partials
 * (stream order keeps it apart from the trainer's loss). */
#include <math.h>

#include "cuda_ctx.h"
#include "hd.h"
#include "ops_cuda.h"

/* ---- fixed-order double reduction -------------------------------------- */

/* Sum of a block's doubles in a fixed tree order; the result in sh[0]
 * (blockDim.x a power of two). */
static __device__ void metric_block_sum(double *sh)
{
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        __syncthreads();
        if ((int)threadIdx.x < s) sh[threadIdx.x] += sh[threadIdx.x + s];
    }
    __syncthreads();
}

/* partial[0] = the sum of partial[0 .. MSE_BLOCKS), in a fixed order (all
 * reads happen before the one write). */
__global__ void metric_finish_kernel(double *partial)
{
    __shared__ double sh[MSE_BLOCKS];
    sh[threadIdx.x] = partial[threadIdx.x];
    metric_block_sum(sh);
    if (threadIdx.x == 0) partial[0] = sh[0];
}

/* Adds the block sums, waits and returns the total. */
static double finish(inr_cuda_ctx *ctx)
{
    metric_finish_kernel<<<1, MSE_BLOCKS, 0, ctx->stream>>>(ctx->sse_partial);
    LAUNCH_CHECK();
    double total = 0.0;
    inr_cuda_download(ctx, &total, ctx->sse_partial, sizeof total);
    return total;
}

/* ---- sum of squared differences ----------------------------------------- */

/* The difference in double, as metric_mse. */
__global__ void sse_partial_kernel(const float *__restrict__ a, const float *__restrict__ b,
                                   size_t n, double *__restrict__ partial)
{
    __shared__ double sh[MSE_THREADS];
    double acc = 0.0;
    for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n;
         i += (size_t)gridDim.x * blockDim.x) {
        double e = (double)a[i] - (double)b[i];
        acc += e * e;
    }
    sh[threadIdx.x] = acc;
    metric_block_sum(sh);
    if (threadIdx.x == 0) partial[blockIdx.x] = sh[0];
}

double metric_sse_cuda(inr_cuda_ctx *ctx, const float *a, const float *b, size_t n)
{
    if (n == 0) return 0.0;
    sse_partial_kernel<<<MSE_BLOCKS, MSE_THREADS, 0, ctx->stream>>>(a, b, n, ctx->sse_partial);
    LAUNCH_CHECK();
    return finish(ctx);
}

/* ---- SSIM --------------------------------------------------------------- */

/* The 11-tap Gaussian (sigma 1.5) and the constants, computed on the host
 * exactly as metric_ssim does; passed by value to the kernel. */
typedef struct {
    double g[11];
    double c1, c2;
} ssim_window;

/* The SSIM map at valid pixel (y, x) of channel c: the five blurred planes
 * (x, y, xx, yy, xy) summed as blur_valid in metrics.c does, the row pass
 * (taps along x) inside the column pass (taps along y), then the SSIM
 * formula. a, b (H,W,C) interleaved. */
static INR_HD double ssim_at(const float *a, const float *b, int W, int C, int y, int x, int c,
                             const ssim_window *win)
{
    double mu[5] = { 0, 0, 0, 0, 0 };
    for (int ky = 0; ky < 11; ky++) {
        double row[5] = { 0, 0, 0, 0, 0 };
        size_t base = ((size_t)(y + ky) * W + x) * C + c;
        for (int kx = 0; kx < 11; kx++) {
            double u = a[base + (size_t)kx * C], v = b[base + (size_t)kx * C], g = win->g[kx];
            row[0] += g * u;
            row[1] += g * v;
            row[2] += g * (u * u);
            row[3] += g * (v * v);
            row[4] += g * (u * v);
        }
        for (int p = 0; p < 5; p++) mu[p] += win->g[ky] * row[p];
    }
    double mx = mu[0], my = mu[1];
    double vx = mu[2] - mx * mx, vy = mu[3] - my * my, cxy = mu[4] - mx * my;
    return ((2 * mx * my + win->c1) * (2 * cxy + win->c2)) /
           ((mx * mx + my * my + win->c1) * (vx + vy + win->c2));
}

/* Item i = (y Wv + x) C + c over the (H-10) x (W-10) valid pixels: adjacent
 * threads read adjacent floats. */
__global__ void ssim_partial_kernel(const float *__restrict__ a, const float *__restrict__ b,
                                    int H, int W, int C, ssim_window win,
                                    double *__restrict__ partial)
{
    __shared__ double sh[MSE_THREADS];
    int Wv = W - 10;
    size_t items = (size_t)(H - 10) * Wv * C;
    double acc = 0.0;
    for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < items;
         i += (size_t)gridDim.x * blockDim.x) {
        size_t pix = i / C;
        int c = (int)(i - pix * C);
        int y = (int)(pix / Wv), x = (int)(pix - (size_t)y * Wv);
        acc += ssim_at(a, b, W, C, y, x, c, &win);
    }
    sh[threadIdx.x] = acc;
    metric_block_sum(sh);
    if (threadIdx.x == 0) partial[blockIdx.x] = sh[0];
}

double metric_ssim_cuda(inr_cuda_ctx *ctx, const float *a, const float *b, int H, int W, int C,
                        double range)
{
    if (H < 11 || W < 11 || C < 1) return NAN;  /* as metric_ssim */
    ssim_window win;
    double gsum = 0;
    for (int k = 0; k < 11; k++) gsum += win.g[k] = exp(-(k - 5) * (k - 5) / (2 * 1.5 * 1.5));
    for (int k = 0; k < 11; k++) win.g[k] /= gsum;
    win.c1 = (0.01 * range) * (0.01 * range);
    win.c2 = (0.03 * range) * (0.03 * range);
    ssim_partial_kernel<<<MSE_BLOCKS, MSE_THREADS, 0, ctx->stream>>>(a, b, H, W, C, win,
                                                                       ctx->sse_partial);
    LAUNCH_CHECK();
    /* Every channel has the same nv valid pixels, so the mean over all
     * nv C values is metric_ssim's mean over channels of per-channel means. */
    double nv = (double)(H - 10) * (W - 10);
    return finish(ctx) / nv / C;
}
