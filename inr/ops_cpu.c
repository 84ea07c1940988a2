/* ops_cpu.c - CPU reference implementations of the layer ops (ops_cpu.h). */
#include "ops_cpu.h"

#include <math.h>

#include "blas.h"
#include "elementwise.h"
#include "gemm_bf16.h"
#include "profile.h"
#include "vmath.h"

/* oneDNN's sgemm runs single-threaded inside inrfit's parallel chunks by
 * itself; only OpenBLAS needs telling (and only then is it opened). */
void blas_use_single_thread(void)
{
    if (!inr_products_onednn()) inr_blas_set_threads(1);
}

/* A product as the layers use it: C (M,N) = op(A) op(B) + beta C. */
typedef void (*product_fn)(bool trans_a, bool trans_b, int M, int N, int K, const float *A,
                           int lda, const float *B, int ldb, float beta, float *C, int ldc);

static void product_fp32(bool trans_a, bool trans_b, int M, int N, int K, const float *A, int lda,
                         const float *B, int ldb, float beta, float *C, int ldc)
{
    inr_sgemm(trans_a, trans_b, M, N, K, 1.0f, A, lda, B, ldb, beta, C, ldc);
}

/* bf16: the product's operands in bf16 (inr_gemm_bf16), else fp32. */
static void linear_forward(int bf16, const float *x, const float *W, const float *b, float *y,
                           int N, int I, int O)
{
    uint64_t t0 = inr_prof_begin();
    product_fn product = bf16 ? inr_gemm_bf16 : product_fp32;
    for (int n = 0; n < N; n++)
        for (int o = 0; o < O; o++) y[(size_t)n * O + o] = b[o];
    if (I <= 4) {
        /* Tiny fan-in (the coordinate layer): a direct loop beats BLAS. */
        for (int n = 0; n < N; n++)
            for (int i = 0; i < I; i++) {
                float xi = x[(size_t)n * I + i];
                float *yn = y + (size_t)n * O;
#pragma omp simd
                for (int o = 0; o < O; o++) yn[o] += xi * W[(size_t)o * I + i];
            }
        inr_prof_end(INR_PHASE_PRODUCTS_FWD, t0, 2.0 * N * I * O, 0);
        return;
    }
    product(false, true, N, O, I, x, I, W, I, 1.0f, y, O);
    inr_prof_end(INR_PHASE_PRODUCTS_FWD, t0, 2.0 * N * I * O, bf16);
}

static void linear_backward(int bf16, const float *x, const float *W, const float *dy,
                            float *dW, float *db, float *dx, int N, int I, int O)
{
    uint64_t t0 = inr_prof_begin();
    for (int n = 0; n < N; n++) {
        const float *dyn = dy + (size_t)n * O;
#pragma omp simd
        for (int o = 0; o < O; o++) db[o] += dyn[o];
    }
    if (bf16) {
        inr_gemm_bf16_backward(x, W, dy, dW, dx, N, I, O);   /* dy rounded once */
    } else {
        product_fp32(true, false, O, I, N, dy, O, x, I, 1.0f, dW, I);
        if (dx) product_fp32(false, false, N, I, O, dy, O, W, I, 0.0f, dx, I);
    }
    inr_prof_end(INR_PHASE_PRODUCTS_BWD, t0, 2.0 * N * I * O * (dx ? 2 : 1), bf16);
}

void linear_forward_cpu(const float *x, const float *W, const float *b, float *y, int N, int I,
                        int O)
{
    linear_forward(0, x, W, b, y, N, I, O);
}

void linear_backward_cpu(const float *x, const float *W, const float *dy, float *dW, float *db,
                         float *dx, int N, int I, int O)
{
    linear_backward(0, x, W, dy, dW, db, dx, N, I, O);
}

void linear_forward_bf16_cpu(const float *x, const float *W, const float *b, float *y, int N,
                             int I, int O)
{
    linear_forward(1, x, W, b, y, N, I, O);
}

void linear_backward_bf16_cpu(const float *x, const float *W, const float *dy, float *dW,
                              float *db, float *dx, int N, int I, int O)
{
    linear_backward(1, x, W, dy, dW, db, dx, N, I, O);
}

void sine_forward_cpu(float *z, float *cos_scaled, float w0, size_t n)
{
    uint64_t t0 = inr_prof_begin();
    inr_elementwise_kernels()->sine_forward(z, cos_scaled, w0, n);
    inr_prof_end(INR_PHASE_ACTIVATIONS, t0, 0, 0);
}

void sine_backward_cpu(const float *dy, const float *cos_scaled, float *dz, size_t n)
{
    uint64_t t0 = inr_prof_begin();
    inr_elementwise_kernels()->sine_backward(dy, cos_scaled, dz, n);
    inr_prof_end(INR_PHASE_ACTIVATIONS, t0, 0, 0);
}

void relu_forward_cpu(float *y, size_t n)
{
    uint64_t t0 = inr_prof_begin();
    inr_elementwise_kernels()->relu_forward(y, n);
    inr_prof_end(INR_PHASE_ACTIVATIONS, t0, 0, 0);
}

void relu_backward_cpu(const float *dy, const float *y, float *dz, size_t n)
{
    uint64_t t0 = inr_prof_begin();
    inr_elementwise_kernels()->relu_backward(dy, y, dz, n);
    inr_prof_end(INR_PHASE_ACTIVATIONS, t0, 0, 0);
}

void fourier_forward_cpu(const float *x, const float *B, float *gamma,
                         int N, int I, int M)
{
    const float two_pi = 6.28318530717958647692f;
    uint64_t t0 = inr_prof_begin();
    for (int n = 0; n < N; n++) {
        float *g = gamma + (size_t)n * 2 * M;
        for (int m = 0; m < M; m++) {
            float a = 0.0f;
            for (int i = 0; i < I; i++) a += B[(size_t)m * I + i] * x[(size_t)n * I + i];
            g[m] = two_pi * a;
        }
        /* g[0..M) holds the angles; the cos half overwrites them last. */
        vsincos(g, g + M, g, (size_t)M);
    }
    inr_prof_end(INR_PHASE_ENCODING, t0, 0, 0);
}

double mse_forward_backward_cpu(const float *y, const float *t, float *dy,
                                float scale, size_t n)
{
    uint64_t t0 = inr_prof_begin();
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        float e = y[i] - t[i];
        sum += (double)e * e;
        if (dy) dy[i] = 2.0f * scale * e;
    }
    inr_prof_end(INR_PHASE_LOSS, t0, 0, 0);
    return sum;
}
