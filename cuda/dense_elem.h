/* dense_elem.h - per-element bodies of the dense-layer, optimizer and
 * sampling kernels (ops_cuda.cu), shared with the host (hd.h):
 * tests/test_cuda_host.c runs them in loops against the CPU twins
 * (inr/ops_cpu.h, inr/adam.c). Row-major; N rows, I inputs, O outputs, M
 * Fourier features; element i = row * O + o unless said otherwise. */
#ifndef INR_DENSE_ELEM_H
#define INR_DENSE_ELEM_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "batch_hash.h"
#include "hd.h"

/* sin and cos of a in one call: the accurate library versions (not the
 * __sinf intrinsics: first-layer arguments reach thousands of radians). */
static inline INR_HD void elem_sincos(float a, float *s, float *c)
{
#ifdef __CUDA_ARCH__
    sincosf(a, s, c);
#else
    *s = sinf(a);
    *c = cosf(a);
#endif
}

/* y = b + x_row . W_o for small I (the coordinate layer): the sum over i in
 * the CPU twin's order. b may be NULL. */
static inline INR_HD void linear_small_elem(const float *x, const float *W, const float *b,
                                            float *y, int I, int O, size_t k)
{
    size_t row = k / (size_t)O;
    int o = (int)(k - row * (size_t)O);
    float acc = b ? b[o] : 0.0f;
    for (int i = 0; i < I; i++) acc += x[row * I + i] * W[(size_t)o * I + i];
    y[k] = acc;
}

/* sin(w0 (z + bias)); *cs = w0 cos(...) when cs is not NULL. The same
 * float operations as the CPU twin (bias added by the product there, then
 * times w0). */
static inline INR_HD float sine_value(float z, float bias, float w0, float *cs)
{
    float s, c;
    elem_sincos((z + bias) * w0, &s, &c);
    if (cs) *cs = c * w0;
    return s;
}

/* In place: z[i] = sin(w0 (z[i] + b[i % O])), cs[i] = w0 cos(...); b and cs
 * may be NULL. */
static inline INR_HD void sine_elem(float *z, const float *b, float *cs, float w0, int O,
                                    size_t i)
{
    z[i] = sine_value(z[i], b ? b[i % (size_t)O] : 0.0f, w0, cs ? cs + i : NULL);
}

/* y + bias, then max(., 0) when relu. */
static inline INR_HD float bias_act_value(float y, float bias, int relu)
{
    float v = y + bias;
    return relu ? (v > 0.0f ? v : 0.0f) : v;
}

static inline INR_HD void bias_act_elem(float *y, const float *b, int O, int relu, size_t i)
{
    y[i] = bias_act_value(y[i], b ? b[i % (size_t)O] : 0.0f, relu);
}

/* A whole small-input dense layer (I <= 4) at element k = row * O + o:
 * the product without the bias as linear_small_elem, then the bias and
 * the activation as sine_elem / bias_act_elem (the same float operations
 * as the product and activation passes one after the other); aux[k] = w0
 * cos(...) for the sine when aux is not NULL. act: inr_activation's
 * values (0 none, 1 sine, 2 ReLU). */
static inline INR_HD float dense_small_value(const float *x, const float *W, const float *b,
                                             float *cs, int act, float w0, int I, size_t row,
                                             int o)
{
    float acc = 0.0f;
    for (int i = 0; i < I; i++) acc += x[row * I + i] * W[(size_t)o * I + i];
    float bias = b ? b[o] : 0.0f;
    if (act == 1) return sine_value(acc, bias, w0, cs);
    return bias_act_value(acc, bias, act == 2);
}

static inline INR_HD void dense_small_elem(const float *x, const float *W, const float *b,
                                           float *y, float *aux, int act, float w0, int I,
                                           int O, size_t k)
{
    size_t row = k / (size_t)O;
    int o = (int)(k - row * (size_t)O);
    y[k] = dense_small_value(x, W, b, aux ? aux + k : NULL, act, w0, I, row, o);
}

/* dL/dz of a ReLU from dL/dy and its output y. */
static inline INR_HD float relu_backward_value(float dy, float y) { return y > 0.0f ? dy : 0.0f; }

/* Element k = row * M + m: angle 2 pi (x_row . B_m), summed over i in the
 * CPU twin's order; cos to column m, sin to column M + m of gamma (N, 2M). */
static inline INR_HD void fourier_elem(const float *x, const float *B, float *gamma, int I,
                                       int M, size_t k)
{
    const float two_pi = 6.28318530717958647692f;
    size_t row = k / (size_t)M;
    int m = (int)(k - row * (size_t)M);
    float a = 0.0f, s, c;
    for (int i = 0; i < I; i++) a += B[(size_t)m * I + i] * x[row * I + i];
    elem_sincos(two_pi * a, &s, &c);
    gamma[row * 2 * M + m] = c;
    gamma[row * 2 * M + M + m] = s;
}

/* PyTorch's Adam on parameter i (inr/adam.c): step_size = lr / (1 -
 * beta1^t), inv_sqrt_bc2 = 1 / sqrt(1 - beta2^t), both from the host.
 * sparse: a zero gradient leaves p, m and v alone (hash grid tables). */
static inline INR_HD void adam_elem(float *p, const float *g, float *m, float *v, float b1,
                                    float b2, float eps, float step_size, float inv_sqrt_bc2,
                                    int sparse, size_t i)
{
    float gi = g[i];
    if (sparse && gi == 0.0f) return;
    float mi = b1 * m[i] + (1.0f - b1) * gi;
    float vi = b2 * v[i] + (1.0f - b2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    p[i] -= step_size * mi / (sqrtf(vi) * inv_sqrt_bc2 + eps);
}

/* Row i of a minibatch (bx (B,d), bt (B,C)): row inr_batch_index(seed,
 * step, i, n_points) of (coords, targets). */
static inline INR_HD void gather_elem(const float *coords, const float *targets, float *bx,
                                      float *bt, uint64_t n_points, int d, int C, uint64_t seed,
                                      uint64_t step, size_t i)
{
    size_t k = (size_t)inr_batch_index(seed, step, i, n_points);
    for (int j = 0; j < d; j++) bx[i * d + j] = coords[k * d + j];
    for (int j = 0; j < C; j++) bt[i * C + j] = targets[k * C + j];
}

#endif
