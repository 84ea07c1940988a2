/* ops_cuda.h - the CUDA twins of the CPU layer ops (inr/ops_cpu.h,
 * inr/adam.h, inr/hashgrid.h), callable from C, plus the device context and
 * memory helpers the CUDA trainer and the tests use.
 *
 * Every pointer an op takes is device memory; ops are asynchronous on the
 * context's stream (inr_cuda_sync waits). Letters as in ops_cpu.h: N rows,
 * I inputs, O outputs, C channels, M Fourier mapping size; row-major, W is
 * (O,I). A CUDA failure inside an op is a bug: it aborts with file:line
 * (CUDA_CHECK); only context creation and allocation return a status.
 * Built only when nvcc is found (INR_HAVE_CUDA). */
#ifndef INR_OPS_CUDA_H
#define INR_OPS_CUDA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {  /* the inr/ headers are C: give their functions C linkage in .cu files */
#endif

#include "adam.h"
#include "hashgrid.h"
#include "model.h"
#include "status.h"

/* ---- device, context, memory ------------------------------------------ */

/* INR_OK when cudaGetDeviceCount finds a GPU, device 0 can run this build's
 * kernels (compute capability 8.0 or newer) and cuBLAS loads; desc (n bytes) gets "NVIDIA H100 80GB HBM3 (sm_90, 132 SMs,
 * 79.2 GiB)". Otherwise INR_ERR_UNSUPPORTED with the reason. */
inr_status inr_cuda_probe(char *desc, size_t n);

/* A stream, a cuBLAS handle bound to it, and reduction scratch. */
typedef struct inr_cuda_ctx inr_cuda_ctx;
/* allow_tf32: let cuBLAS use TF32 tensor cores for the float32 products
 * (about 10 bits of mantissa in the products; off by default). */
inr_status inr_cuda_ctx_create(inr_cuda_ctx **ctx, int allow_tf32);
void inr_cuda_ctx_free(inr_cuda_ctx *ctx);
/* Waits for everything queued on the context's stream. */
void inr_cuda_sync(inr_cuda_ctx *ctx);

/* Device memory; NULL with inr_fail(INR_ERR_NOMEM, ...) when out of memory. */
void *inr_cuda_malloc(size_t bytes);
void inr_cuda_free(void *p);
/* Free device memory in bytes (0 when unknown). */
size_t inr_cuda_free_memory(void);
/* Host <-> device copies on the context's stream; download waits for the
 * copy (and everything queued before it). Host memory may be pageable. */
void inr_cuda_upload(inr_cuda_ctx *ctx, void *dst, const void *src, size_t bytes);
void inr_cuda_download(inr_cuda_ctx *ctx, void *dst, const void *src, size_t bytes);
/* dst = 0 (bytes), asynchronously. */
void inr_cuda_memset0(inr_cuda_ctx *ctx, void *dst, size_t bytes);
/* Device to device, asynchronously. */
void inr_cuda_copy(inr_cuda_ctx *ctx, void *dst, const void *src, size_t bytes);
/* Pinned host memory for asynchronous downloads (NULL when it fails). */
void *inr_cuda_host_alloc(size_t bytes);
void inr_cuda_host_free(void *p);
/* Asynchronous download into pinned host memory; inr_cuda_sync before use. */
void inr_cuda_download_async(inr_cuda_ctx *ctx, void *dst, const void *src, size_t bytes);

/* ---- dense layers ------------------------------------------------------ */

/* y (N,O) = x (N,I) W^T (+ b (O) when b is not NULL). The trainer passes
 * b = NULL and lets the activation that follows add the bias (one pass over
 * y fewer). cuBLAS sgemm, except a direct kernel when I <= 4 (the
 * coordinate layer, where a product with k = 2 is all memory traffic). */
void linear_forward_cuda(inr_cuda_ctx *ctx, const float *x, const float *W, const float *b,
                         float *y, int N, int I, int O);
/* From dy (N,O): dW (O,I) += dy^T x, db (O) += column sums of dy (skipped
 * when db is NULL: act_backward_bias_cuda did it), dx (N,I) = dy W
 * (overwritten; skipped when dx is NULL). As the CPU twin. */
void linear_backward_cuda(inr_cuda_ctx *ctx, const float *x, const float *W, const float *dy,
                          float *dW, float *db, float *dx, int N, int I, int O);
/* Column sums: rows are cut into at most COLSUM_SEGMENTS segments of at
 * least COLSUM_MIN_ROWS, one block per (32 columns, segment); the
 * context's scratch holds the per-segment sums of up to COLSUM_MAX_O
 * columns (8 MiB). */
enum { COLSUM_SEGMENTS = 256, COLSUM_MIN_ROWS = 64, COLSUM_MAX_O = 8192 };

/* db (O) += column sums of dy (N,O): two deterministic passes (row
 * segments into scratch, then the segments in order). */
void bias_backward_cuda(inr_cuda_ctx *ctx, const float *dy, float *db, int N, int O);

/* In place on z (N,O): z = sin(w0 (z + b)), cos_scaled = w0 cos(w0 (z + b))
 * (skipped when NULL, at inference); b (O) may be NULL. Fused bias + sine. */
void sine_forward_cuda(inr_cuda_ctx *ctx, float *z, const float *b, float *cos_scaled,
                       float w0, int N, int O);
/* In place on y (N,O): y = max(y + b, 0); b may be NULL. Fused bias + ReLU. */
void relu_forward_cuda(inr_cuda_ctx *ctx, float *y, const float *b, int N, int O);
/* In place on y (N,O): y += b (the linear output layer). */
void bias_forward_cuda(inr_cuda_ctx *ctx, float *y, const float *b, int N, int O);
/* A dense layer's activation backward and its bias gradient in one pass
 * over dy (N,O): dz = dy * aux for ACT_SINE (aux: sine_forward_cuda's
 * cos_scaled), dy where aux > 0 else 0 for ACT_RELU (aux: the ReLU output),
 * dy for ACT_NONE; db (O) += the column sums of dz, as bias_backward_cuda.
 * dz may alias dy. As sine_backward_cpu / relu_backward_cpu and the bias
 * sum of linear_backward_cpu. */
void act_backward_bias_cuda(inr_cuda_ctx *ctx, inr_activation act, const float *dy,
                            const float *aux, float *dz, float *db, int N, int O);
/* act_backward_bias_cuda for a layer under a linear one with C <= 4
 * outputs (the output layer) whose dx was not formed: the incoming
 * gradient is dy (N,C) times that layer's weights wtop (C,O), formed
 * value by value inside the pass; dz (N,O) must not alias dy. */
void act_backward_rank_bias_cuda(inr_cuda_ctx *ctx, inr_activation act, const float *dy,
                                 const float *wtop, int C, const float *aux, float *dz,
                                 float *db, int N, int O);
/* A small-input dense layer (1 <= I <= 4, the coordinate layer) in one
 * pass each way. Forward: y (N,O) = act(x W^T + b), aux = w0 cos(...) for
 * the sine (skipped when NULL), as linear_forward_cuda then
 * sine_forward_cuda / relu_forward_cuda / bias_forward_cuda. Backward
 * (no dx): dz as act_backward_bias_cuda, db (O) += its column sums and
 * dW (O,I) += dz^T x, all in one pass over dy (dz may alias dy); the sums
 * in a fixed order. (1 + I) O <= COLSUM_MAX_O. */
void dense_small_forward_cuda(inr_cuda_ctx *ctx, const float *x, const float *W, const float *b,
                              float *y, float *aux, inr_activation act, float w0, int N, int I,
                              int O);
void dense_small_backward_cuda(inr_cuda_ctx *ctx, inr_activation act, const float *dy,
                               const float *aux, float *dz, const float *x, float *dW,
                               float *db, int N, int I, int O);

/* gamma (N,2M) = [cos(2 pi x B^T), sin(2 pi x B^T)], x (N,I), B (M,I). */
void fourier_forward_cuda(inr_cuda_ctx *ctx, const float *x, const float *B, float *gamma,
                          int N, int I, int M);

/* ---- loss, optimizer, sampling ----------------------------------------- */

/* *sse (one double, device) += sum over n values of (y - t)^2, summed in
 * double in a fixed order; dy = scale * 2 (y - t) when dy is not NULL. */
void mse_forward_backward_cuda(inr_cuda_ctx *ctx, const float *y, const float *t, float *dy,
                               float scale, size_t n, double *sse);

/* Adam at 1-based step t over the whole flat buffer in one kernel, frozen
 * tensors of `model` skipped; same arithmetic as adam_update_cpu. */
void adam_update_cuda(inr_cuda_ctx *ctx, const inr_model *model, float *params,
                      const float *grad, float *m, float *v, long t,
                      const inr_adam_options *opt);

/* A random minibatch with replacement: row i of (bx (B,d), bt (B,C)) is
 * row inr_batch_index(seed, step, i, n_points) of (coords, targets). */
void gather_minibatch_cuda(inr_cuda_ctx *ctx, const float *coords, const float *targets,
                           float *bx, float *bt, long n_points, long B, int d, int C,
                           uint64_t seed, uint64_t step);

/* ---- hash grid (METHODS 2.3) ---------------------------------------------- */

/* feat (N, L*F) = interpolated features of x (N,d); tables at params +
 * g->offset[l]. One thread per (point, level), as hashgrid_forward_cpu. */
void hashgrid_forward_cuda(inr_cuda_ctx *ctx, const inr_grid *g, const float *params,
                           const float *x, float *feat, int N);
/* dparams += dfeat scattered with the interpolation weights (atomicAdd:
 * the order of additions, hence the last bits, vary from run to run);
 * dx (N,d) = dfeat . dfeat/dx (overwritten; skipped when NULL). */
void hashgrid_backward_cuda(inr_cuda_ctx *ctx, const inr_grid *g, const float *params,
                            const float *x, const float *dfeat, float *dparams, float *dx,
                            int N);

/* Dense levels summed, thread per (point, feature) (NSTR's spectrum field
 * S, METHODS 2.4; twins in inr/nstr.c: the per-level features of
 * hashgrid_forward_cpu summed over levels, and so on). */
/* S (N,F) = sum over levels of the interpolated features of x (N,d). */
void grid_sum_levels_cuda(inr_cuda_ctx *ctx, const inr_grid *g, const float *params,
                          const float *x, float *S, int N);
/* Its backward: every level's table += dS (N,F) scattered (atomicAdd). */
void grid_sum_levels_backward_cuda(inr_cuda_ctx *ctx, const inr_grid *g, const float *x,
                                   const float *dS, float *dparams, int N);
/* S (N,F) as grid_sum_levels_cuda (skipped when NULL) and J (N,d,F) =
 * unit * dS/dx (axis-major, as hashgrid_jacobian_cpu) in one pass. */
void grid_sum_jacobian_cuda(inr_cuda_ctx *ctx, const inr_grid *g, const float *params,
                            const float *x, float unit, float *S, float *J, int N);
/* Its backward for dL/dS = dS (N,F; NULL: none) and dL/d(sum of the
 * levels' jacobians) = scale * dJ (N,d,F): the tables += both parts, one
 * atomicAdd per corner. */
void grid_sum_jacobian_backward_cuda(inr_cuda_ctx *ctx, const inr_grid *g, const float *x,
                                     const float *dS, const float *dJ, float scale,
                                     float *dparams, int N);

/* ---- NSTR (METHODS 2.4), columns ------------------------------------------- */

/* theta = x Omega^T + phase (+ phi(x)) (x (N,d), Omega (K,d), phase (K));
 * sn, cs (N,K) = sin, cos theta; feat (N,K) = a sn. S (N,W): amplitudes a
 * in columns 0..K-1, phases phi in P..P+K-1 (P = 0: none, W = K). */
void nstr_modulate_cuda(inr_cuda_ctx *ctx, const float *x, const float *omega,
                        const float *phase, const float *S, float *sn, float *cs, float *feat,
                        int N, int d, int K, int W, int P);
/* From dfeat (N,K): dS (N,W) gets dfeat sn in the amplitudes' columns; cs
 * becomes dtheta = dfeat a cs, also written to the phases' columns when
 * P > 0. dfeat may be dS when P = 0 (in place, as before the phase field). */
void nstr_modulate_backward_cuda(inr_cuda_ctx *ctx, const float *dfeat, float *dS,
                                 const float *sn, float *cs, const float *S, int N, int K,
                                 int W, int P);
/* out (N, A+B) = [a (N,A), b (N,B)]. */
void concat_cols_cuda(inr_cuda_ctx *ctx, const float *a, const float *b, float *out, int N,
                      int A, int B);
/* dst (N,W) += columns [c0, c0 + W) of src (N,S). */
void add_cols_cuda(inr_cuda_ctx *ctx, const float *src, int S, int c0, float *dst, int N,
                   int W);

/* ---- metrics (METHODS 4) ---------------------------------------------------- */

/* SSIM of two H x W x C images (device, interleaved) with values in
 * [0, range], as metric_ssim (inr/metrics.h); waits for the result. */
double metric_ssim_cuda(inr_cuda_ctx *ctx, const float *a, const float *b, int H, int W,
                        int C, double range);
/* Sum of squared differences of n values (device), as metric_mse * n;
 * waits for the result. */
double metric_sse_cuda(inr_cuda_ctx *ctx, const float *a, const float *b, size_t n);

#ifdef __cplusplus
}
#endif

#endif
