/* grid_elem.h - per-element bodies of the grid kernels (hashgrid_cuda.cu),
 * shared with the host emulation (hd.h): the corners of a point on a level,
 * and one (point, level) or (point, feature) of each grid op.
 *
 * Shapes: N points, d dims (<= 3), L levels, F features per level; tables
 * at params + g->offset[l], as inr/hashgrid.h. */
#ifndef INR_GRID_ELEM_H
#define INR_GRID_ELEM_H

#include <stddef.h>
#include <stdint.h>

#include "hashgrid.h"
#include "hd.h"

/* The 2^d vertices around a point on one level: table rows, d-linear
 * weights and, when wanted, the weights' derivatives along each axis.
 * Loops over them run to 1 << d with d a literal in the kernels, so they
 * unroll and the arrays stay in registers (ptxas: 0 bytes stack frame). */
typedef struct {
    size_t row[1 << INR_GRID_MAX_DIMS];
    float w[1 << INR_GRID_MAX_DIMS];
    float dw[1 << INR_GRID_MAX_DIMS][INR_GRID_MAX_DIMS];
} grid_corners;

static inline INR_HD uint32_t grid_elem_hash(const uint32_t *c, int dims)
{
    const uint32_t PI[INR_GRID_MAX_DIMS] = { 1u, 2654435761u, 805459861u };
    uint32_t h = 0;
    for (int i = 0; i < dims; i++) h ^= c[i] * PI[i];
    return h;
}

/* The same float operations, in the same order, as level_corners in
 * inr/hashgrid.c. d (== g->dims) is a separate argument so that kernels
 * can pass a literal: the corner loops then unroll and the arrays stay in
 * registers (the *_d functions below; the others read g->dims). */
static inline INR_HD void grid_level_corners(const inr_grid *g, int l, const float *x,
                                             grid_corners *c, int want_dw, const int d)
{
    int res = g->res[l];
    float s = g->scale[l];
    uint32_t cell[INR_GRID_MAX_DIMS];
    float frac[INR_GRID_MAX_DIMS], dfrac[INR_GRID_MAX_DIMS];
    for (int i = 0; i < d; i++) {
        float p = (x[i] + 1.0f) * 0.5f * s;
        dfrac[i] = 0.5f * s;
        if (!(p > 0.0f)) { p = 0.0f; dfrac[i] = 0.0f; }  /* also catches NaN */
        if (p > s) { p = s; dfrac[i] = 0.0f; }
        p += g->shift;
        int k = (int)p;
        if (k > res - 2) k = res - 2;
        cell[i] = (uint32_t)k;
        frac[i] = p - (float)k;
    }
    for (int k = 0; k < (1 << d); k++) {
        uint32_t v[INR_GRID_MAX_DIMS];
        float w = 1.0f;
        for (int i = 0; i < d; i++) {
            int hi = (k >> i) & 1;
            v[i] = cell[i] + (uint32_t)hi;
            w *= hi ? frac[i] : 1.0f - frac[i];
        }
        c->w[k] = w;
        if (g->hashed[l]) {
            c->row[k] = grid_elem_hash(v, d) & (uint32_t)(g->rows[l] - 1);
        } else {
            size_t row = 0, stride = 1;
            for (int i = 0; i < d; i++, stride *= (size_t)res) row += v[i] * stride;
            c->row[k] = row;
        }
        if (!want_dw) continue;
        for (int i = 0; i < d; i++) {
            float p = ((k >> i) & 1) ? dfrac[i] : -dfrac[i];
            for (int j = 0; j < d; j++)
                if (j != i) p *= ((k >> j) & 1) ? frac[j] : 1.0f - frac[j];
            c->dw[k][i] = p;
        }
    }
}

/* ---- hash encoding: one (point n, level l) ------------------------------ */

/* 1 when F == 2 features can move as one float2 (inr_load2 and friends):
 * every table offset even and both buffers 8-byte aligned. */
static inline int grid_pairs(const inr_grid *g, const float *a, const float *b)
{
    if (g->features != 2 || ((uintptr_t)a & 7) || ((uintptr_t)b & 7)) return 0;
    for (int l = 0; l < g->levels; l++)
        if (g->offset[l] & 1) return 0;
    return 1;
}

/* The backward of the coarse levels goes through shared memory: their
 * few cells are shared by thousands of points, whose atomics would queue
 * on the same addresses. A block sums GRID_SHARED_POINTS points' parts in
 * its own copy of the level's table gradient, then adds the non-zero
 * entries to the table. grid_shared_levels: how many leading levels do,
 * the dense ones whose table gradient fits in GRID_SHARED_FLOATS and needs
 * at most half the atomics that the block's points would. */
enum { GRID_SHARED_FLOATS = 8192, GRID_SHARED_POINTS = 2048 };

static inline int grid_shared_levels(const inr_grid *g)
{
    size_t cap = (size_t)GRID_SHARED_POINTS * ((size_t)1 << g->dims) * g->features / 2;
    if (cap > GRID_SHARED_FLOATS) cap = GRID_SHARED_FLOATS;
    int l = 0;
    while (l < g->levels && !g->hashed[l] && g->rows[l] * g->features <= cap) l++;
    return l;
}


/* feat (N, L*F), level-major per point. pair (F == 2, tables and feat
 * 8-byte aligned: grid_pairs) moves both features with one load/store. */
static inline INR_HD void grid_forward_elem_d(const inr_grid *g, const float *params,
                                              const float *x, float *feat, int n, int l,
                                              const int d, const int pair)
{
    int L = g->levels, F = g->features;
    grid_corners c;
    grid_level_corners(g, l, x + (size_t)n * d, &c, 0, d);
    const float *table = params + g->offset[l];
    float *out = feat + ((size_t)n * L + l) * F;
    if (pair) {
        float a = 0.0f, b = 0.0f;
        for (int k = 0; k < (1 << d); k++) {
            float va, vb;
            inr_load2(table + c.row[k] * 2, &va, &vb);
            a += c.w[k] * va;
            b += c.w[k] * vb;
        }
        inr_store2(out, a, b);
        return;
    }
    for (int f = 0; f < F; f++) {
        float acc = 0.0f;
        for (int k = 0; k < (1 << d); k++) acc += c.w[k] * table[c.row[k] * F + f];
        out[f] = acc;
    }
}

/* Level l's table gradient dtable (global memory, or a block's copy of it
 * in shared memory) += dfeat of point n scattered with the weights
 * (atomics: points share vertices); dx (N,d), zeroed by the caller, +=
 * this level's dL/dx. pair: F == 2 and dtable 8-byte aligned in global
 * memory (one vector atomic per corner on sm_90). */
static inline INR_HD void grid_backward_elem_to_d(const inr_grid *g, const float *params,
                                                  const float *x, const float *dfeat,
                                                  float *dtable, float *dx, int n, int l,
                                                  const int d, const int pair)
{
    int L = g->levels, F = g->features;
    grid_corners c;
    grid_level_corners(g, l, x + (size_t)n * d, &c, dx != NULL, d);
    const float *dout = dfeat + ((size_t)n * L + l) * F;
    const float *table = params + g->offset[l];
    float gx[INR_GRID_MAX_DIMS] = { 0.0f, 0.0f, 0.0f };
    for (int k = 0; k < (1 << d); k++) {
        float w = c.w[k], dot = 0.0f;
        if (pair) {
            inr_atomic_add2(&dtable[c.row[k] * 2], w * dout[0], w * dout[1]);
        } else {
            for (int f = 0; f < F; f++) inr_atomic_add(&dtable[c.row[k] * F + f], w * dout[f]);
        }
        if (dx) {
            for (int f = 0; f < F; f++) dot += dout[f] * table[c.row[k] * F + f];
            for (int i = 0; i < d; i++) gx[i] += dot * c.dw[k][i];
        }
    }
    if (dx)
        for (int i = 0; i < d; i++) inr_atomic_add(&dx[(size_t)n * d + i], gx[i]);
}

/* The same into the level's table in dparams. */
static inline INR_HD void grid_backward_elem_d(const inr_grid *g, const float *params,
                                               const float *x, const float *dfeat,
                                               float *dparams, float *dx, int n, int l,
                                               const int d, const int pair)
{
    grid_backward_elem_to_d(g, params, x, dfeat, dparams + g->offset[l], dx, n, l, d, pair);
}

/* ---- level sums (NSTR's S, METHODS 2.4): one (point n, feature f) ----------
 * Neighbouring threads take neighbouring features of one point: same
 * corners, consecutive table entries (coalesced loads and atomics). */

/* S (N,F) = sum over levels of the interpolated feature f, levels in order
 * (as the CPU's per-level features summed in nstr.c). */
static inline INR_HD void grid_sum_levels_elem_d(const inr_grid *g, const float *params,
                                                 const float *x, float *S, int n, int f,
                                                 const int d)
{
    int F = g->features;
    float sum = 0.0f;
    for (int l = 0; l < g->levels; l++) {
        grid_corners c;
        grid_level_corners(g, l, x + (size_t)n * d, &c, 0, d);
        const float *table = params + g->offset[l];
        float acc = 0.0f;
        for (int k = 0; k < (1 << d); k++) acc += c.w[k] * table[c.row[k] * F + f];
        sum = l == 0 ? acc : sum + acc;
    }
    S[(size_t)n * F + f] = sum;
}

/* Backward of the level sum: every level's table += dS (N,F) scattered. */
static inline INR_HD void grid_sum_levels_backward_elem_d(const inr_grid *g, const float *x,
                                                          const float *dS, float *dparams,
                                                          int n, int f, const int d)
{
    int F = g->features;
    float gf = dS[(size_t)n * F + f];
    for (int l = 0; l < g->levels; l++) {
        grid_corners c;
        grid_level_corners(g, l, x + (size_t)n * d, &c, 0, d);
        float *dtable = dparams + g->offset[l];
        for (int k = 0; k < (1 << d); k++) inr_atomic_add(&dtable[c.row[k] * F + f], c.w[k] * gf);
    }
}

/* S (N,F) as grid_sum_levels_elem_d and J (N,d,F) = unit * dS/dx (d rows
 * of F per point, axis-major as hashgrid_jacobian_cpu) from the same
 * corners and table loads; each summed over levels in order, J then
 * scaled. S may be NULL. */
static inline INR_HD void grid_sum_jacobian_elem_d(const inr_grid *g, const float *params,
                                                   const float *x, float unit, float *S,
                                                   float *J, int n, int f, const int d)
{
    int F = g->features;
    float sum = 0.0f, jac[INR_GRID_MAX_DIMS] = { 0.0f, 0.0f, 0.0f };
    for (int l = 0; l < g->levels; l++) {
        grid_corners c;
        grid_level_corners(g, l, x + (size_t)n * d, &c, 1, d);
        const float *table = params + g->offset[l];
        float acc = 0.0f, accj[INR_GRID_MAX_DIMS] = { 0.0f, 0.0f, 0.0f };
        for (int k = 0; k < (1 << d); k++) {
            float v = table[c.row[k] * F + f];
            acc += c.w[k] * v;
            for (int i = 0; i < d; i++) accj[i] += c.dw[k][i] * v;
        }
        sum = l == 0 ? acc : sum + acc;
        for (int i = 0; i < d; i++) jac[i] = l == 0 ? accj[i] : jac[i] + accj[i];
    }
    if (S) S[(size_t)n * F + f] = sum;
    for (int i = 0; i < d; i++) J[((size_t)n * d + i) * F + f] = jac[i] * unit;
}

/* Backward of grid_sum_jacobian for dL/dS = dS (N,F; NULL: none) and
 * dL/dJ = scale * dJ (N,d,F): every level's table += w dS + scale sum_i
 * dw_i dJ_i at each corner, one atomic per corner for both. */
static inline INR_HD void grid_sum_jacobian_backward_elem_d(const inr_grid *g, const float *x,
                                                            const float *dS, const float *dJ,
                                                            float scale, float *dparams, int n,
                                                            int f, const int d)
{
    int F = g->features;
    float gs = dS ? dS[(size_t)n * F + f] : 0.0f, gi[INR_GRID_MAX_DIMS];
    for (int i = 0; i < d; i++) gi[i] = scale * dJ[((size_t)n * d + i) * F + f];
    for (int l = 0; l < g->levels; l++) {
        grid_corners c;
        grid_level_corners(g, l, x + (size_t)n * d, &c, 1, d);
        float *dtable = dparams + g->offset[l];
        for (int k = 0; k < (1 << d); k++) {
            float v = dS ? c.w[k] * gs : 0.0f;
            for (int i = 0; i < d; i++) v += c.dw[k][i] * gi[i];
            inr_atomic_add(&dtable[c.row[k] * F + f], v);
        }
    }
}

/* ---- the same with d = g->dims (host emulation, tests) ------------------ */

static inline INR_HD void grid_sum_levels_elem(const inr_grid *g, const float *params,
                                               const float *x, float *S, int n, int f)
{
    grid_sum_levels_elem_d(g, params, x, S, n, f, g->dims);
}

static inline INR_HD void grid_sum_levels_backward_elem(const inr_grid *g, const float *x,
                                                        const float *dS, float *dparams,
                                                        int n, int f)
{
    grid_sum_levels_backward_elem_d(g, x, dS, dparams, n, f, g->dims);
}

static inline INR_HD void grid_sum_jacobian_elem(const inr_grid *g, const float *params,
                                                 const float *x, float unit, float *S, float *J,
                                                 int n, int f)
{
    grid_sum_jacobian_elem_d(g, params, x, unit, S, J, n, f, g->dims);
}

static inline INR_HD void grid_sum_jacobian_backward_elem(const inr_grid *g, const float *x,
                                                          const float *dS, const float *dJ,
                                                          float scale, float *dparams, int n,
                                                          int f)
{
    grid_sum_jacobian_backward_elem_d(g, x, dS, dJ, scale, dparams, n, f, g->dims);
}

#endif
