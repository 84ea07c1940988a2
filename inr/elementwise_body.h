/* elementwise_body.h - the elementwise kernels, compiled once per ISA.
 *
 * Included by elementwise_<isa>.c after defining EW_ISA (its name) and
 * EW(name) (a suffixed name); the file's compiler flags pick the vectors.
 * Plain loops under `omp simd`: GCC vectorises each at the file's width. */
#include "elementwise.h"
#include "vmath_poly.h"

/* max |x[i]| * scale, to choose sincos_small (below SINCOS_SMALL_LIMIT) or
 * sincos_reduced for a whole array (NaN entries do not count). */
static float EW(max_abs)(const float *x, float scale, size_t n)
{
    float m = 0.0f;
#pragma omp simd reduction(max : m)
    for (size_t i = 0; i < n; i++) {
        float a = fabsf(x[i]);
        m = a > m ? a : m;   /* vmaxps; fmaxf's NaN rules would not vectorise */
    }
    return m * fabsf(scale);
}

/* One pass of sin and cos of scale * x[i] with reduction SINCOS, storing
 * them by STORE (s and c may alias x: each x[i] is read first). */
#define EW_SINCOS_LOOP(SINCOS, STORE)                                   \
    _Pragma("omp simd")                                                 \
    for (size_t i = 0; i < n; i++) {                                    \
        float si, co;                                                   \
        SINCOS(x[i] * scale, &si, &co);                                 \
        STORE;                                                          \
    }
/* The three stores (both, sine only, cosine only: no branch in a loop,
 * so that it vectorises), for one reduction. */
#define EW_SINCOS_STORES(SINCOS)                                        \
    if (s && c) {                                                       \
        EW_SINCOS_LOOP(SINCOS, (s[i] = si, c[i] = c_scale * co))        \
    } else if (s) {                                                     \
        EW_SINCOS_LOOP(SINCOS, (s[i] = si, (void)co))                   \
    } else if (c) {                                                     \
        EW_SINCOS_LOOP(SINCOS, (c[i] = c_scale * co, (void)si))         \
    }

/* s = sin(scale x), c = c_scale cos(scale x); s or c may be NULL. */
static void EW(sincos_scaled)(const float *x, float *s, float *c, float scale, float c_scale,
                              size_t n)
{
    if (EW(max_abs)(x, scale, n) <= SINCOS_SMALL_LIMIT) {
        EW_SINCOS_STORES(sincos_small)
    } else {
        EW_SINCOS_STORES(sincos_reduced)
    }
}

static void EW(sincos)(const float *x, float *s, float *c, size_t n)
{
    EW(sincos_scaled)(x, s, c, 1.0f, 1.0f, n);
}

/* One pass: z = sin(w0 z), cos_scaled = w0 cos(w0 z). */
static void EW(sine_forward)(float *z, float *cos_scaled, float w0, size_t n)
{
    EW(sincos_scaled)(z, z, cos_scaled, w0, w0, n);
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
    /* Selects rather than a branch, so that the loop vectorises. */
#pragma omp simd
    for (size_t i = 0; i < n; i++) {
        float gi = g[i], mi = b1 * m[i] + (1.0f - b1) * gi, vi = b2 * v[i] + (1.0f - b2) * gi * gi;
        float pi = p[i] - step_size * mi / (sqrtf(vi) * inv_sqrt_bc2 + eps);
        int keep = gi == 0.0f;
        m[i] = keep ? m[i] : mi;
        v[i] = keep ? v[i] : vi;
        p[i] = keep ? p[i] : pi;
    }
}

const inr_elementwise EW(kernels) = {
    EW_ISA, EW(sincos), EW(sine_forward), EW(sine_backward),
    EW(relu_forward), EW(relu_backward), EW(adam), EW(adam_sparse),
};
