/* elementwise.h - the elementwise passes (sine, ReLU, Adam), built once per
 * vector ISA and chosen at run time from the CPU's features.
 *
 * The same source (elementwise_body.h) is compiled for x86-64-v3 (AVX2,
 * what this build needs anyway) and for x86-64-v4 (AVX-512, 512-bit
 * vectors). The operations are the same IEEE operations in the same order
 * (no contraction under -std=c11), so every ISA gives bit-identical results;
 * only the vector width differs. INRFIT_ISA=avx2|avx512 forces one. */
#ifndef INR_ELEMENTWISE_H
#define INR_ELEMENTWISE_H

#include <stdbool.h>
#include <stddef.h>

/* One Adam step's scalars (adam.c computes the bias corrections). */
typedef struct {
    float beta1, beta2, step_size, inv_sqrt_bc2, eps;
} inr_adam_step;

typedef struct {
    const char *isa; /* "avx2", "avx512" */
    /* s = sin(x), c = cos(x); s or c may be NULL; in place allowed. */
    void (*sincos)(const float *x, float *s, float *c, size_t n);
    /* z = sin(w0 z) in place; cos_scaled = w0 cos(w0 z) unless NULL. */
    void (*sine_forward)(float *z, float *cos_scaled, float w0, size_t n);
    void (*sine_backward)(const float *dy, const float *cos_scaled, float *dz, size_t n);
    void (*relu_forward)(float *y, size_t n);
    void (*relu_backward)(const float *dy, const float *y, float *dz, size_t n);
    /* Adam on n values: m, v, p updated in place from g. */
    void (*adam)(float *p, const float *g, float *m, float *v, size_t n,
                 const inr_adam_step *s);
    /* The same, leaving p, m and v alone where g is exactly 0. */
    void (*adam_sparse)(float *p, const float *g, float *m, float *v, size_t n,
                        const inr_adam_step *s);
} inr_elementwise;

/* The kernels in use: the widest this CPU runs, or INRFIT_ISA's. */
const inr_elementwise *inr_elementwise_kernels(void);

/* The kernels of one ISA, or NULL when not built in or the CPU lacks it. */
const inr_elementwise *inr_elementwise_for_isa(const char *isa);

/* The ISAs built in, widest last (for tests and --version). */
extern const char *const inr_elementwise_isas[];
extern const int inr_elementwise_n_isas;

/* Why INRFIT_ISA was not followed (NULL when it was, or is unset). */
const char *inr_elementwise_warning(void);

#endif
