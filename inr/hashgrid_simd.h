/* hashgrid_simd.h - the hash-grid encoding's forward pass and table
 * backward pass, built once per vector ISA (hashgrid_simd_body.h) beside the
 * scalar reference of hashgrid.c.
 *
 * Each kernel computes blocks of W points (16 for AVX-512, 8 for AVX2) at
 * once: vertex rows and weights in vectors, table rows read into vectors. The
 * operations are the scalar ones in the same order (no contraction under
 * -std=c11), and each table row gets its additions in the same order as in
 * the scalar loops, so results are bit-identical to the reference.
 * hashgrid_forward_cpu and hashgrid_backward_cpu pick the kernels of the
 * elementwise ISA (elementwise.h: cpuid, or INRFIT_ISA). */
#ifndef INR_HASHGRID_SIMD_H
#define INR_HASHGRID_SIMD_H

#include "hashgrid.h"

typedef struct {
    const char *isa; /* "avx2", "avx512" */
    void (*forward)(const inr_grid *g, const float *params, const float *x, float *feat, int N);
    /* hashgrid_backward_cpu with dx = NULL: the tables only. */
    void (*backward)(const inr_grid *g, const float *x, const float *dfeat, float *dparams,
                     int N);
} inr_hashgrid_kernels;

/* The kernels of one ISA, or NULL when the CPU lacks it or it is unknown. */
const inr_hashgrid_kernels *inr_hashgrid_kernels_for_isa(const char *isa);

/* The scalar reference (hashgrid.c), which the ops use where no kernel is. */
void hashgrid_forward_scalar(const inr_grid *g, const float *params, const float *x,
                             float *feat, int N);
void hashgrid_backward_scalar(const inr_grid *g, const float *params, const float *x,
                              const float *dfeat, float *dparams, float *dx, int N);

#endif
