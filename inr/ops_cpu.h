/* ops_cpu.h - the CPU reference ops of the network layers.
 *
 * Letters: N rows (points), I inputs, O outputs (H when hidden width), C
 * channels, M Fourier mapping size. Matrices are row-major; a weight W is
 * (O,I) as in PyTorch, so a layer computes y = x W^T + b. Each op is plain
 * single-threaded code (callers split rows across threads); matrix products
 * go through BLAS. Backward passes say whether they overwrite or add. */
#ifndef INR_OPS_CPU_H
#define INR_OPS_CPU_H

#include <stdbool.h>
#include <stddef.h>

/* Selects single-threaded BLAS: inrfit parallelises over row chunks itself. */
void blas_use_single_thread(void);

/* y (N,O) = x (N,I) W^T (W is (O,I)) + b (O). */
void linear_forward_cpu(const float *x, const float *W, const float *b,
                        float *y, int N, int I, int O);
/* From dy (N,O): dW (O,I) += dy^T x, db (O) += column sums of dy,
 * dx (N,I) = dy W (overwritten; skipped when dx is NULL). */
void linear_backward_cpu(const float *x, const float *W, const float *dy,
                         float *dW, float *db, float *dx, int N, int I, int O);

/* The same with the three products in bf16, fp32 accumulation
 * (gemm_bf16.h); bias and its gradient stay fp32. */
void linear_forward_bf16_cpu(const float *x, const float *W, const float *b,
                             float *y, int N, int I, int O);
void linear_backward_bf16_cpu(const float *x, const float *W, const float *dy,
                              float *dW, float *db, float *dx, int N, int I, int O);

/* In place on z (n values): z = sin(w0 * z); cos_scaled = w0 * cos(w0 * z),
 * the derivative the backward pass needs (NULL at inference). */
void sine_forward_cpu(float *z, float *cos_scaled, float w0, size_t n);
/* dz = dy * cos_scaled (n values; dz may alias dy). */
void sine_backward_cpu(const float *dy, const float *cos_scaled, float *dz, size_t n);

/* In place: y = max(y, 0). */
void relu_forward_cpu(float *y, size_t n);
/* dz = dy where y > 0, else 0 (y is the ReLU output; dz may alias dy). */
void relu_backward_cpu(const float *dy, const float *y, float *dz, size_t n);

/* gamma (N,2M) = [cos(2 pi x B^T), sin(2 pi x B^T)], x (N,I), B (M,I). */
void fourier_forward_cpu(const float *x, const float *B, float *gamma,
                         int N, int I, int M);

/* Sum over n values of (y - t)^2; writes dy = scale * 2 (y - t) when dy is
 * not NULL (scale = 1 / (number of values in the whole batch) for a mean). */
double mse_forward_backward_cpu(const float *y, const float *t, float *dy,
                                float scale, size_t n);

#endif
