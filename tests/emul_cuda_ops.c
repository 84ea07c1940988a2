/* emul_cuda_ops.c - a host emulation of every op of cuda/ops_cuda.h, for
 * tests only: "device" memory is host memory and each op runs on the CPU.
 * Linked (before libinr.a) into tests/test_cuda_host, it lets CI without a
 * GPU run the CUDA backend's host code (the .c files of cuda/) and the
 * kernels' per-element bodies.
 *
 * Ops whose kernel body is an INR_HD function (cuda/..._elem.h,
 * inr/hcinr_warp.h, cuda/batch_hash.h) call that same function in a loop
 * over the kernel's index space, so the kernel arithmetic itself is what
 * runs. The others (cuBLAS products, activations, loss, Adam) reproduce
 * the documented semantics through their CPU twins or a direct loop.
 *
 * Fresh "device" allocations are filled with NaN bytes (cudaMalloc leaves
 * memory undefined), so host code that reads a buffer it never wrote shows
 * up as NaN in the results. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch_hash.h"
#include "cols_elem.h"
#include "dense_elem.h"
#include "grid_elem.h"
#include "hcinr_cuda.h"
#include "hcinr_warp.h"
#include "metrics.h"
#include "nstr_elem.h"
#include "ops_cpu.h"
#include "ops_cuda.h"

/* The real context (cuda/cuda_ctx.h) holds a stream and cuBLAS; here
 * nothing is needed. */
struct inr_cuda_ctx {
    int dummy;
};

/* ---- device, context, memory ------------------------------------------ */

inr_status inr_cuda_probe(char *desc, size_t n)
{
    if (desc && n) snprintf(desc, n, "host emulation of the CUDA ops (tests only)");
    return INR_OK;
}

inr_status inr_cuda_ctx_create(inr_cuda_ctx **ctx, int allow_tf32)
{
    (void)allow_tf32;
    *ctx = calloc(1, sizeof **ctx);
    return *ctx ? INR_OK : inr_fail(INR_ERR_NOMEM, "out of memory for the CUDA context");
}

void inr_cuda_ctx_free(inr_cuda_ctx *ctx) { free(ctx); }

void inr_cuda_sync(inr_cuda_ctx *ctx) { (void)ctx; }

void *inr_cuda_malloc(size_t bytes)
{
    void *p = malloc(bytes ? bytes : 1);
    if (!p) {
        inr_fail(INR_ERR_NOMEM, "out of (emulated) GPU memory allocating %.1f MiB",
                 (double)bytes / (1 << 20));
        return NULL;
    }
    memset(p, 0xff, bytes);  /* NaN as float and double */
    return p;
}

void inr_cuda_free(void *p) { free(p); }

/* What inr_cuda_free_memory reports; a test lowers it to make the trainer
 * and evaluation split their work into several passes. */
size_t emul_cuda_free_bytes = (size_t)8 << 30;

size_t inr_cuda_free_memory(void) { return emul_cuda_free_bytes; }

void inr_cuda_upload(inr_cuda_ctx *ctx, void *dst, const void *src, size_t bytes)
{
    (void)ctx;
    if (bytes) memcpy(dst, src, bytes);
}

void inr_cuda_download(inr_cuda_ctx *ctx, void *dst, const void *src, size_t bytes)
{
    (void)ctx;
    if (bytes) memcpy(dst, src, bytes);
}

void inr_cuda_memset0(inr_cuda_ctx *ctx, void *dst, size_t bytes)
{
    (void)ctx;
    if (bytes) memset(dst, 0, bytes);
}

void inr_cuda_copy(inr_cuda_ctx *ctx, void *dst, const void *src, size_t bytes)
{
    (void)ctx;
    if (bytes) memmove(dst, src, bytes);
}

void *inr_cuda_host_alloc(size_t bytes)
{
    void *p = malloc(bytes ? bytes : 1);
    if (!p) inr_fail(INR_ERR_NOMEM, "out of pinned host memory (%zu bytes)", bytes);
    return p;
}

void inr_cuda_host_free(void *p) { free(p); }

void inr_cuda_download_async(inr_cuda_ctx *ctx, void *dst, const void *src, size_t bytes)
{
    inr_cuda_download(ctx, dst, src, bytes);
}

/* ---- dense layers ------------------------------------------------------ */

void linear_forward_cuda(inr_cuda_ctx *ctx, const float *x, const float *W, const float *b,
                         float *y, int N, int I, int O)
{
    (void)ctx;
    if (N <= 0) return;
    float *zero = b ? NULL : calloc((size_t)O, sizeof(float));
    INR_ASSERT(b || zero);
    linear_forward_cpu(x, W, b ? b : zero, y, N, I, O);
    free(zero);
}

void linear_backward_cuda(inr_cuda_ctx *ctx, const float *x, const float *W, const float *dy,
                          float *dW, float *db, float *dx, int N, int I, int O)
{
    (void)ctx;
    if (N <= 0) return;
    float *scratch = db ? NULL : calloc((size_t)O, sizeof(float));
    INR_ASSERT(db || scratch);
    linear_backward_cpu(x, W, dy, dW, db ? db : scratch, dx, N, I, O);
    free(scratch);
}

/* As the kernels: each column summed in float, then added to db. */
void bias_backward_cuda(inr_cuda_ctx *ctx, const float *dy, float *db, int N, int O)
{
    (void)ctx;
    for (int o = 0; o < O; o++) {
        float s = 0.0f;
        for (int n = 0; n < N; n++) s += dy[(size_t)n * O + o];
        db[o] += s;
    }
}

void sine_forward_cuda(inr_cuda_ctx *ctx, float *z, const float *b, float *cos_scaled,
                       float w0, int N, int O)
{
    (void)ctx;
    size_t n = (size_t)N * O;
    for (size_t i = 0; i < n; i++) {
        float a = (z[i] + (b ? b[i % O] : 0.0f)) * w0;
        z[i] = sinf(a);
        if (cos_scaled) cos_scaled[i] = cosf(a) * w0;
    }
}

void relu_forward_cuda(inr_cuda_ctx *ctx, float *y, const float *b, int N, int O)
{
    (void)ctx;
    size_t n = (size_t)N * O;
    for (size_t i = 0; i < n; i++) {
        float v = y[i] + (b ? b[i % O] : 0.0f);
        y[i] = v > 0.0f ? v : 0.0f;
    }
}

void bias_forward_cuda(inr_cuda_ctx *ctx, float *y, const float *b, int N, int O)
{
    (void)ctx;
    if (!b) return;
    size_t n = (size_t)N * O;
    for (size_t i = 0; i < n; i++) y[i] += b[i % O];
}

/* The CPU's activation backward, then the column sums as bias_backward_cuda. */
void act_backward_bias_cuda(inr_cuda_ctx *ctx, inr_activation act, const float *dy,
                            const float *aux, float *dz, float *db, int N, int O)
{
    size_t n = (size_t)N * O;
    if (act == ACT_SINE) sine_backward_cpu(dy, aux, dz, n);
    else if (act == ACT_RELU) relu_backward_cpu(dy, aux, dz, n);
    else if (dz != dy) memcpy(dz, dy, n * sizeof(float));
    bias_backward_cuda(ctx, dz, db, N, O);
}

/* dy W (the product with K = C, j in order), then act_backward_bias_cuda. */
void act_backward_rank_bias_cuda(inr_cuda_ctx *ctx, inr_activation act, const float *dy,
                                 const float *wtop, int C, const float *aux, float *dz,
                                 float *db, int N, int O)
{
    INR_ASSERT(C >= 1 && C <= 4 && dz != dy);
    for (int r = 0; r < N; r++)
        for (int o = 0; o < O; o++) {
            float v = 0.0f;
            for (int j = 0; j < C; j++) v += dy[(size_t)r * C + j] * wtop[(size_t)j * O + o];
            dz[(size_t)r * O + o] = v;
        }
    act_backward_bias_cuda(ctx, act, dz, aux, dz, db, N, O);
}

/* The kernels' element body in a loop. */
void dense_small_forward_cuda(inr_cuda_ctx *ctx, const float *x, const float *W, const float *b,
                              float *y, float *aux, inr_activation act, float w0, int N, int I,
                              int O)
{
    (void)ctx;
    INR_ASSERT(I >= 1 && I <= 4);
    for (size_t k = 0; k < (size_t)N * O; k++) dense_small_elem(x, W, b, y, aux, (int)act, w0, I, O, k);
}

/* The activation's backward and the bias sums as act_backward_bias_cuda,
 * then the weight gradient column by column in row order, as the kernel. */
void dense_small_backward_cuda(inr_cuda_ctx *ctx, inr_activation act, const float *dy,
                               const float *aux, float *dz, const float *x, float *dW,
                               float *db, int N, int I, int O)
{
    INR_ASSERT(I >= 1 && I <= 4 && (size_t)(1 + I) * O <= COLSUM_MAX_O);
    act_backward_bias_cuda(ctx, act, dy, aux, dz, db, N, O);
    for (int o = 0; o < O; o++)
        for (int i = 0; i < I; i++) {
            float s = 0.0f;
            for (int n = 0; n < N; n++) s += dz[(size_t)n * O + o] * x[(size_t)n * I + i];
            dW[(size_t)o * I + i] += s;
        }
}

void fourier_forward_cuda(inr_cuda_ctx *ctx, const float *x, const float *B, float *gamma,
                          int N, int I, int M)
{
    (void)ctx;
    if (N > 0 && M > 0) fourier_forward_cpu(x, B, gamma, N, I, M);
}

/* ---- loss, optimizer, sampling ----------------------------------------- */

void mse_forward_backward_cuda(inr_cuda_ctx *ctx, const float *y, const float *t, float *dy,
                               float scale, size_t n, double *sse)
{
    (void)ctx;
    *sse += mse_forward_backward_cpu(y, t, dy, scale, n);
}

void adam_update_cuda(inr_cuda_ctx *ctx, const inr_model *model, float *params,
                      const float *grad, float *m, float *v, long t,
                      const inr_adam_options *opt)
{
    (void)ctx;
    adam_update_cpu(model, params, grad, m, v, t, opt);
}

/* As gather_kernel: row i from inr_batch_index. */
void gather_minibatch_cuda(inr_cuda_ctx *ctx, const float *coords, const float *targets,
                           float *bx, float *bt, long n_points, long B, int d, int C,
                           uint64_t seed, uint64_t step)
{
    (void)ctx;
    for (long i = 0; i < B; i++) {
        size_t k = (size_t)inr_batch_index(seed, step, (uint64_t)i, (uint64_t)n_points);
        for (int j = 0; j < d; j++) bx[(size_t)i * d + j] = coords[k * d + j];
        for (int j = 0; j < C; j++) bt[(size_t)i * C + j] = targets[k * C + j];
    }
}

/* ---- hash grid: the kernels of hashgrid_cuda.cu ------------------------- */

/* Thread (n, l): level on blockIdx.y, point on x. */
void hashgrid_forward_cuda(inr_cuda_ctx *ctx, const inr_grid *g, const float *params,
                           const float *x, float *feat, int N)
{
    (void)ctx;
    int pair = grid_pairs(g, params, feat);
    for (int l = 0; l < g->levels; l++)
        for (int n = 0; n < N; n++) grid_forward_elem_d(g, params, x, feat, n, l, g->dims, pair);
}

/* The shared-memory levels block by block (a zeroed block table, its
 * points, then its non-zero sums added), the others point by point. */
void hashgrid_backward_cuda(inr_cuda_ctx *ctx, const inr_grid *g, const float *params,
                            const float *x, const float *dfeat, float *dparams, float *dx,
                            int N)
{
    if (N <= 0) return;
    if (dx) inr_cuda_memset0(ctx, dx, sizeof(float) * (size_t)N * g->dims);
    int shared = grid_shared_levels(g), pair = grid_pairs(g, params, dparams);
    float *block = malloc(sizeof(float) * GRID_SHARED_FLOATS);
    for (int l = 0; l < shared; l++) {
        size_t floats = g->rows[l] * g->features;
        for (int begin = 0; begin < N; begin += GRID_SHARED_POINTS) {
            memset(block, 0, sizeof(float) * floats);
            int end = begin + GRID_SHARED_POINTS < N ? begin + GRID_SHARED_POINTS : N;
            for (int n = begin; n < end; n++)
                grid_backward_elem_to_d(g, params, x, dfeat, block, dx, n, l, g->dims, 0);
            for (size_t i = 0; i < floats; i++)
                if (block[i] != 0.0f) dparams[g->offset[l] + i] += block[i];
        }
    }
    free(block);
    for (int l = shared; l < g->levels; l++)
        for (int n = 0; n < N; n++)
            grid_backward_elem_d(g, params, x, dfeat, dparams, dx, n, l, g->dims, pair);
}

/* Level sums and jacobians: thread i = n F + f. */
void grid_sum_levels_cuda(inr_cuda_ctx *ctx, const inr_grid *g, const float *params,
                          const float *x, float *S, int N)
{
    (void)ctx;
    size_t items = (size_t)N * g->features;
    for (size_t i = 0; i < items; i++)
        grid_sum_levels_elem(g, params, x, S, (int)(i / g->features), (int)(i % g->features));
}

void grid_sum_levels_backward_cuda(inr_cuda_ctx *ctx, const inr_grid *g, const float *x,
                                   const float *dS, float *dparams, int N)
{
    (void)ctx;
    size_t items = (size_t)N * g->features;
    for (size_t i = 0; i < items; i++)
        grid_sum_levels_backward_elem(g, x, dS, dparams, (int)(i / g->features),
                                      (int)(i % g->features));
}

void grid_sum_jacobian_cuda(inr_cuda_ctx *ctx, const inr_grid *g, const float *params,
                            const float *x, float unit, float *S, float *J, int N)
{
    (void)ctx;
    for (size_t i = 0; i < (size_t)N * g->features; i++)
        grid_sum_jacobian_elem(g, params, x, unit, S, J, (int)(i / g->features),
                               (int)(i % g->features));
}

void grid_sum_jacobian_backward_cuda(inr_cuda_ctx *ctx, const inr_grid *g, const float *x,
                                     const float *dS, const float *dJ, float scale,
                                     float *dparams, int N)
{
    (void)ctx;
    for (size_t i = 0; i < (size_t)N * g->features; i++)
        grid_sum_jacobian_backward_elem(g, x, dS, dJ, scale, dparams, (int)(i / g->features),
                                        (int)(i % g->features));
}

/* ---- NSTR, HC-INR, columns: the kernels of nstr_hcinr_ops_cuda.cu ------- */

void nstr_modulate_cuda(inr_cuda_ctx *ctx, const float *x, const float *omega,
                        const float *phase, const float *S, float *sn, float *cs, float *feat,
                        int N, int d, int K, int W, int P)
{
    (void)ctx;
    size_t items = (size_t)N * K;
    for (size_t i = 0; i < items; i++)
        nstr_modulate_elem(x, omega, phase, S, sn, cs, feat, d, K, W, P, i);
}

void nstr_modulate_backward_cuda(inr_cuda_ctx *ctx, const float *dfeat, float *dS,
                                 const float *sn, float *cs, const float *S, int N, int K,
                                 int W, int P)
{
    (void)ctx;
    size_t items = (size_t)N * K;
    for (size_t i = 0; i < items; i++)
        nstr_modulate_backward_elem(dfeat, dS, sn, cs, S, K, W, P, i);
}

void hcinr_warp_forward_cuda(inr_cuda_ctx *ctx, const float *x, const float *p, float *u,
                             float *th, int N, int d, int S)
{
    (void)ctx;
    for (size_t n = 0; n < (size_t)(N > 0 ? N : 0); n++) hcinr_warp_forward_elem(x, p, u, th, d, S, n);
}

void hcinr_warp_backward_cuda(inr_cuda_ctx *ctx, const float *x, const float *p,
                              const float *u, const float *th, const float *du, float *dp,
                              int N, int d, int S)
{
    (void)ctx;
    for (size_t n = 0; n < (size_t)(N > 0 ? N : 0); n++)
        hcinr_warp_backward_elem(x, p, u, th, du, dp, d, S, n);
}

void concat_cols_cuda(inr_cuda_ctx *ctx, const float *a, const float *b, float *out, int N,
                      int A, int B)
{
    (void)ctx;
    size_t items = (size_t)N * (A + B);
    for (size_t i = 0; i < items; i++) concat_cols_elem(a, b, out, A, B, i);
}

void add_cols_cuda(inr_cuda_ctx *ctx, const float *src, int S, int c0, float *dst, int N, int W)
{
    (void)ctx;
    size_t items = (size_t)N * W;
    for (size_t i = 0; i < items; i++) add_cols_elem(src, S, c0, dst, W, i);
}

/* ---- metrics ----------------------------------------------------------- */

double metric_ssim_cuda(inr_cuda_ctx *ctx, const float *a, const float *b, int H, int W,
                        int C, double range)
{
    (void)ctx;
    return metric_ssim(a, b, H, W, C, range);
}

double metric_sse_cuda(inr_cuda_ctx *ctx, const float *a, const float *b, size_t n)
{
    (void)ctx;
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        double e = (double)a[i] - b[i];
        s += e * e;
    }
    return s;
}
