/* elementwise_body.h - the elementwise kernels, compiled once per ISA.
 *
 * Included by elementwise_<isa>.c after defining EW_ISA (its name) and
 * EW(name) (a suffixed name); the file's compiler flags pick the vectors.
 * Plain loops under `omp simd`: GCC vectorises each at the file's width. */
#include "elementwise.h"
#include "vmath_poly.h"

static void EW(sincos)(const float *x, float *s, float *c, size_t n)
{
    if (s && c) {
#pragma omp simd
        for (size_t i = 0; i < n; i++) sincos_reduced(x[i], &s[i], &c[i]);
    } else if (s) {
#pragma omp simd
        for (size_t i = 0; i < n; i++) {
            float unused;
            sincos_reduced(x[i], &s[i], &unused);
        }
    } else if (c) {
#pragma omp simd
        for (size_t i = 0; i < n; i++) {
            float unused;
            sincos_reduced(x[i], &unused, &c[i]);
        }
    }
}

static void EW(sine_forward)(float *z, float *cos_scaled, float w0, size_t n)
{
#pragma omp simd
    for (size_t i = 0; i < n; i++) z[i] *= w0;
    EW(sincos)(z, z, cos_scaled, n);
    if (cos_scaled) {
#pragma omp simd
        for (size_t i = 0; i < n; i++) cos_scaled[i] *= w0;
    }
}

static void EW(sine_backward)(const float *dy, const float *cos_scaled, float *dz, size_t n)
{
#pragma omp simd
    for (size_t i = 0; i < n; i++) dz[i] = dy[i] * cos_scaled[i];
}

static void EW(relu_forward)(float *y, size_t n)
{
#pragma omp simd
    for (size_t i = 0; i < n; i++) y[i] = y[i] > 0.0f ? y[i] : 0.0f;
}

static void EW(relu_backward)(const float *dy, const float *y, float *dz, size_t n)
{
#pragma omp simd
    for (size_t i = 0; i < n; i++) dz[i] = y[i] > 0.0f ? dy[i] : 0.0f;
}

static void EW(adam)(float *p, const float *g, float *m, float *v, size_t n,
                     const inr_adam_step *s)
{
    const float b1 = s->beta1, b2 = s->beta2, step_size = s->step_size;
    const float inv_sqrt_bc2 = s->inv_sqrt_bc2, eps = s->eps;
#pragma omp simd
    for (size_t i = 0; i < n; i++) {
        float gi = g[i];
        m[i] = b1 * m[i] + (1.0f - b1) * gi;
        v[i] = b2 * v[i] + (1.0f - b2) * gi * gi;
        p[i] -= step_size * m[i] / (sqrtf(v[i]) * inv_sqrt_bc2 + eps);
    }
}

static void EW(adam_sparse)(float *p, const float *g, float *m, float *v, size_t n,
                            const inr_adam_step *s)
{
    const float b1 = s->beta1, b2 = s->beta2, step_size = s->step_size;
    const float inv_sqrt_bc2 = s->inv_sqrt_bc2, eps = s->eps;
    for (size_t i = 0; i < n; i++) {
        float gi = g[i];
        if (gi == 0.0f) continue;
        m[i] = b1 * m[i] + (1.0f - b1) * gi;
        v[i] = b2 * v[i] + (1.0f - b2) * gi * gi;
        p[i] -= step_size * m[i] / (sqrtf(v[i]) * inv_sqrt_bc2 + eps);
    }
}

const inr_elementwise EW(kernels) = {
    EW_ISA, EW(sincos), EW(sine_forward), EW(sine_backward),
    EW(relu_forward), EW(relu_backward), EW(adam), EW(adam_sparse),
};
