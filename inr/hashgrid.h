/* hashgrid.h - multiresolution grids of trainable feature vectors: the hash
 * encoding of Instant-NGP (METHODS 2.3), also used with dense levels only for
 * NSTR's spectrum field S (METHODS 2.4) and HC-INR's latent grid Z (METHODS 2.5).
 *
 * Level l has scale s_l = N_min b^l - 1 and res_l = ceil(s_l) + 1 vertices
 * per axis. Its table holds rows of F floats: res_l^d rows indexed densely
 * (x_0 fastest) when that fits in T = 2^log2_T, else T rows indexed by the
 * spatial hash XOR_i(c_i pi_i) mod T, pi = {1, 2654435761, 805459861}.
 * A coordinate x in [-1,1]^d sits at pos_i = (x_i + 1)/2 * s_l + o on
 * level l ((x_i + 1)/2 * s_l clamped to [0, s_l] first), and its features
 * are the d-linear interpolation of the 2^d surrounding vertices. o is 0
 * (METHODS 2.3: the vertices span exactly [0, s_l]) or tiny-cuda-nn's 0.5,
 * which shifts each level by half a cell, so that the levels' vertices do
 * not all meet at x = -1; then res_l = ceil(s_l + 0.5) + 1 (tiny-cuda-nn
 * keeps ceil(s_l) + 1 and wraps the top vertex of a dense level around).
 *
 * Shapes: N points, d dims, L levels, F features per level, T table rows.
 * Tables live in the model's flat parameter buffer at offset[l]; the ops
 * receive the whole buffer. Backward passes ADD into the table gradients
 * (sparse: only the rows a point touches), which is safe with the trainer's
 * per-thread gradient buffers. */
#ifndef INR_HASHGRID_H
#define INR_HASHGRID_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define INR_GRID_MAX_LEVELS 32
#define INR_GRID_MAX_DIMS 3

typedef struct {
    int dims;                           /* d (1..3)                        */
    int levels;                         /* L                               */
    int features;                       /* F                               */
    float shift;                        /* o: 0 or 0.5 (tiny-cuda-nn)      */
    float scale[INR_GRID_MAX_LEVELS];   /* s_l = N_min b^l - 1             */
    int res[INR_GRID_MAX_LEVELS];       /* ceil(s_l + o) + 1 per axis      */
    int hashed[INR_GRID_MAX_LEVELS];    /* 1: spatial hash, 0: dense       */
    size_t rows[INR_GRID_MAX_LEVELS];   /* table rows (res^d or T)         */
    size_t offset[INR_GRID_MAX_LEVELS]; /* table start in the param buffer */
} inr_grid;

/* METHODS 2.3: b = exp((ln N_max - ln N_min) / (L - 1)) (1 when L = 1). */
float inr_grid_growth_for(float base_res, float max_res, int levels);

/* Fills dims, levels, features, scale, res, hashed and rows (offsets are
 * left 0 for the caller). force_dense indexes every level densely, whatever
 * its size (NSTR, HC-INR). Fails on sizes that do not fit in memory. */
inr_status inr_grid_layout(inr_grid *g, int dims, int levels, int features,
                           float base_res, float growth, int log2_table,
                           int force_dense);

/* The same with the position offset o (0 or 0.5). */
inr_status inr_grid_layout_offset(inr_grid *g, int dims, int levels, int features,
                                  float base_res, float growth, int log2_table,
                                  int force_dense, float offset);

/* Total table floats over all levels (sum rows * F). */
size_t inr_grid_floats(const inr_grid *g);

/* The spatial hash of vertex c (dims coordinates), before the mod T:
 * XOR_i c_i * pi_i in 32-bit unsigned arithmetic (as tiny-cuda-nn). */
uint32_t hashgrid_hash(const uint32_t *c, int dims);

/* feat (N, L*F) = interpolated features of x (N,d), level-major per point. */
void hashgrid_forward_cpu(const inr_grid *g, const float *params, const float *x,
                          float *feat, int N);

/* From dfeat (N, L*F): dparams (the tables) += dfeat scattered with the
 * interpolation weights; dx (N,d) = dfeat . d feat/dx (overwritten;
 * skipped when NULL; 0 where x was clamped). */
void hashgrid_backward_cpu(const inr_grid *g, const float *params, const float *x,
                           const float *dfeat, float *dparams, float *dx, int N);

/* jac (N, L, d, F) = d feat / d x, in closed form (the derivative of the
 * d-linear weights; piecewise constant along each axis): per point and
 * level, d rows of F (axis-major, so the F loop vectorises). Overwrites. */
void hashgrid_jacobian_cpu(const inr_grid *g, const float *params, const float *x,
                           float *jac, int N);

/* From djac (N, L, d, F): dparams += d(sum jac . djac)/d tables (jac is
 * linear in the tables, so this needs only x). Adds. */
void hashgrid_jacobian_backward_cpu(const inr_grid *g, const float *x, const float *djac,
                                    float *dparams, int N);

#endif
