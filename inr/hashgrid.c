/* hashgrid.c - multiresolution hash / dense grid encoding and its backward
 * passes (hashgrid.h, METHODS 2.3). Plain single-threaded loops, the scalar
 * reference; the forward pass and the table backward pass run on the
 * vector kernels of hashgrid_simd.h where the CPU has them. The trainer runs
 * one chunk of points per thread. */
#include "hashgrid.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

#include "cpu_features.h"
#include "elementwise.h"
#include "hashgrid_simd.h"
#include "profile.h"

/* Largest table we lay out, in floats (4 GiB of float32). */
#define GRID_MAX_FLOATS ((size_t)1 << 30)

float inr_grid_growth_for(float base_res, float max_res, int levels)
{
    if (levels <= 1 || !(base_res > 0) || !(max_res > 0)) return 1.0f;
    return (float)exp((log((double)max_res) - log((double)base_res)) / (levels - 1));
}

inr_status inr_grid_layout(inr_grid *g, int dims, int levels, int features,
                           float base_res, float growth, int log2_table,
                           int force_dense)
{
    return inr_grid_layout_offset(g, dims, levels, features, base_res, growth, log2_table,
                                  force_dense, 0.0f);
}

inr_status inr_grid_layout_offset(inr_grid *g, int dims, int levels, int features,
                                  float base_res, float growth, int log2_table,
                                  int force_dense, float offset)
{
    memset(g, 0, sizeof *g);
    if (offset != 0.0f && offset != 0.5f) return inr_fail(INR_ERR_INVALID, "grid offset must be 0 or 0.5");
    if (dims < 1 || dims > INR_GRID_MAX_DIMS) return inr_fail(INR_ERR_INVALID, "grid dimension must be 1..3");
    if (levels < 1 || levels > INR_GRID_MAX_LEVELS)
        return inr_fail(INR_ERR_INVALID, "--levels must be 1..%d", INR_GRID_MAX_LEVELS);
    if (features < 1 || features > 4096) return inr_fail(INR_ERR_INVALID, "grid features must be 1..4096");
    if (!(base_res >= 2) || !(base_res <= 1e6f))
        return inr_fail(INR_ERR_INVALID, "--base-res must be 2..1e6");
    if (!(growth >= 1) || !(growth <= 1e3f)) return inr_fail(INR_ERR_INVALID, "grid growth must be 1..1000");
    if (log2_table < 1 || log2_table > 26) return inr_fail(INR_ERR_INVALID, "--log2-table must be 1..26");
    g->dims = dims;
    g->levels = levels;
    g->features = features;
    g->shift = offset;
    size_t T = (size_t)1 << log2_table, total = 0;
    for (int l = 0; l < levels; l++) {
        /* METHODS 2.3: s_l = N_min b^l - 1, resolution ceil(s_l) + 1; computed in
         * double so that the level resolutions do not depend on rounding. */
        double s = (double)base_res * pow((double)growth, l) - 1.0;
        if (s > 1e7) return inr_fail(INR_ERR_INVALID, "grid level %d resolution %.3g is too fine", l, s + 1);
        /* A scale within 1e-4 of an integer counts as that integer: b is a
         * float, and N_max = 256 must give 256 vertices, not 257. */
        double res = ceil(s + offset - 1e-4) + 1.0, dense = pow(res, dims);
        g->scale[l] = (float)s;
        g->res[l] = (int)res;
        g->hashed[l] = !force_dense && dense > (double)T;
        if (!g->hashed[l] && dense * features > (double)GRID_MAX_FLOATS)
            return inr_fail(INR_ERR_NOMEM, "grid level %d (%.0f^%d vertices) is too large", l, res, dims);
        g->rows[l] = g->hashed[l] ? T : (size_t)dense;
        total += g->rows[l] * features;
        if (total > GRID_MAX_FLOATS) return inr_fail(INR_ERR_NOMEM, "grid tables are too large");
    }
    return INR_OK;
}

size_t inr_grid_floats(const inr_grid *g)
{
    size_t total = 0;
    for (int l = 0; l < g->levels; l++) total += g->rows[l] * g->features;
    return total;
}

uint32_t hashgrid_hash(const uint32_t *c, int dims)
{
    /* Instant-NGP's primes; pi_0 = 1 keeps x_0 coherent in memory. */
    static const uint32_t PI[INR_GRID_MAX_DIMS] = { 1u, 2654435761u, 805459861u };
    uint32_t h = 0;
    for (int i = 0; i < dims; i++) h ^= c[i] * PI[i];
    return h;
}

/* The 2^d vertices around one point on one level: table rows, d-linear
 * weights and, when asked, the weights' derivatives d w / d x_i. Inlined
 * with d a constant (ops below switch on it) so that the loops unroll. */
typedef struct {
    size_t row[1 << INR_GRID_MAX_DIMS];
    float w[1 << INR_GRID_MAX_DIMS];
    float dw[1 << INR_GRID_MAX_DIMS][INR_GRID_MAX_DIMS];
} corners;

#define ALWAYS_INLINE static inline __attribute__((always_inline))

ALWAYS_INLINE void level_corners(const inr_grid *g, int l, const float *x, corners *c,
                                 int want_dw, const int d)
{
    static const uint32_t PI[INR_GRID_MAX_DIMS] = { 1u, 2654435761u, 805459861u };
    int res = g->res[l], hashed = g->hashed[l];
    float s = g->scale[l];
    /* Per axis the index terms of the low and high vertex: dense c_i *
     * res^i (summed), hashed c_i * pi_i (XORed), as in hashgrid_hash. */
    size_t lo[INR_GRID_MAX_DIMS], hi[INR_GRID_MAX_DIMS], stride = 1;
    float frac[INR_GRID_MAX_DIMS], dfrac[INR_GRID_MAX_DIMS];
    for (int i = 0; i < d; i++) {
        float p = (x[i] + 1.0f) * 0.5f * s;
        dfrac[i] = 0.5f * s;
        if (!(p > 0.0f)) { p = 0.0f; dfrac[i] = 0.0f; }  /* also catches NaN */
        if (p > s) { p = s; dfrac[i] = 0.0f; }
        p += g->shift;
        int k = (int)p;                                   /* p >= 0: floor */
        if (k > res - 2) k = res - 2;                     /* p = s on an integer s */
        frac[i] = p - (float)k;
        if (hashed) {
            lo[i] = (uint32_t)k * PI[i];
            hi[i] = (uint32_t)(k + 1) * PI[i];
        } else {
            lo[i] = (size_t)k * stride;
            hi[i] = lo[i] + stride;
            stride *= (size_t)res;
        }
    }
    uint32_t mask = (uint32_t)(g->rows[l] - 1);  /* hashed: T = 2^log2_T */
    for (int k = 0; k < (1 << d); k++) {
        size_t row = 0;
        float w = 1.0f;
        for (int i = 0; i < d; i++) {
            int up = (k >> i) & 1;
            if (hashed) row ^= up ? hi[i] : lo[i];
            else row += up ? hi[i] : lo[i];
            w *= up ? frac[i] : 1.0f - frac[i];
        }
        c->row[k] = hashed ? ((uint32_t)row & mask) : row;
        c->w[k] = w;
        if (!want_dw) continue;
        for (int i = 0; i < d; i++) {
            float p = ((k >> i) & 1) ? dfrac[i] : -dfrac[i];
            for (int j = 0; j < d; j++)
                if (j != i) p *= ((k >> j) & 1) ? frac[j] : 1.0f - frac[j];
            c->dw[k][i] = p;
        }
    }
}

/* The ops run level-major: one level's table stays in cache while every
 * point of the chunk visits it. */
ALWAYS_INLINE void forward_d(const inr_grid *g, const float *params, const float *x,
                             float *feat, int N, const int d)
{
    int L = g->levels, F = g->features;
    corners c;
    for (int l = 0; l < L; l++) {
        const float *table = params + g->offset[l];
        for (int n = 0; n < N; n++) {
            float *out = feat + ((size_t)n * L + l) * F;
            level_corners(g, l, x + (size_t)n * d, &c, 0, d);
            if (F == 2) {
                /* The common hash-grid case in registers: the 2^d loads are
                 * independent and their cache misses overlap. */
                float a0 = 0.0f, a1 = 0.0f;
                for (int k = 0; k < (1 << d); k++) {
                    const float *v = table + c.row[k] * 2;
                    a0 += c.w[k] * v[0];
                    a1 += c.w[k] * v[1];
                }
                out[0] = a0;
                out[1] = a1;
                continue;
            }
            for (int f = 0; f < F; f++) out[f] = 0.0f;
            for (int k = 0; k < (1 << d); k++) {
                const float *v = table + c.row[k] * F;
                float w = c.w[k];
                for (int f = 0; f < F; f++) out[f] += w * v[f];
            }
        }
    }
}

void hashgrid_forward_scalar(const inr_grid *g, const float *params, const float *x,
                             float *feat, int N)
{
    switch (g->dims) {
    case 1: forward_d(g, params, x, feat, N, 1); break;
    case 2: forward_d(g, params, x, feat, N, 2); break;
    default: forward_d(g, params, x, feat, N, 3); break;
    }
}

extern const inr_hashgrid_kernels hg_avx2_kernels, hg_avx512_kernels;

const inr_hashgrid_kernels *inr_hashgrid_kernels_for_isa(const char *isa)
{
    const inr_cpu *cpu = inr_cpu_features();
    if (strcmp(isa, "avx2") == 0) return inr_cpu_has_v3(cpu) ? &hg_avx2_kernels : NULL;
    if (strcmp(isa, "avx512") == 0) return inr_cpu_has_avx512(cpu) ? &hg_avx512_kernels : NULL;
    return NULL;
}

/* The elementwise passes' ISA (cpuid or INRFIT_ISA) picks the kernels, once
 * a process (the encoding runs per chunk). */
static const inr_hashgrid_kernels *chosen_kernels;
static pthread_once_t kernels_once = PTHREAD_ONCE_INIT;

static void choose_kernels(void)
{
    chosen_kernels = inr_hashgrid_kernels_for_isa(inr_elementwise_kernels()->isa);
}

static const inr_hashgrid_kernels *kernels(void)
{
    pthread_once(&kernels_once, choose_kernels);
    return chosen_kernels;
}

void hashgrid_forward_cpu(const inr_grid *g, const float *params, const float *x,
                          float *feat, int N)
{
    uint64_t t0 = inr_prof_begin();
    const inr_hashgrid_kernels *k = kernels();
    if (k) k->forward(g, params, x, feat, N);
    else hashgrid_forward_scalar(g, params, x, feat, N);
    inr_prof_end(INR_PHASE_ENCODING, t0, 0, 0);
}

ALWAYS_INLINE void backward_d(const inr_grid *g, const float *params, const float *x,
                              const float *dfeat, float *dparams, float *dx, int N, const int d)
{
    int L = g->levels, F = g->features;
    corners c;
    if (dx)
        for (size_t i = 0; i < (size_t)N * d; i++) dx[i] = 0.0f;
    for (int l = 0; l < L; l++) {
        float *dtable = dparams + g->offset[l];
        const float *table = params + g->offset[l];
        for (int n = 0; n < N; n++) {
            const float *dout = dfeat + ((size_t)n * L + l) * F;
            level_corners(g, l, x + (size_t)n * d, &c, dx != NULL, d);
            if (F == 2 && !dx) {
                float g0 = dout[0], g1 = dout[1];
                for (int k = 0; k < (1 << d); k++) {
                    float *dv = dtable + c.row[k] * 2;
                    dv[0] += c.w[k] * g0;
                    dv[1] += c.w[k] * g1;
                }
                continue;
            }
            for (int k = 0; k < (1 << d); k++) {
                float *dv = dtable + c.row[k] * F, w = c.w[k];
                for (int f = 0; f < F; f++) dv[f] += w * dout[f];
                if (!dx) continue;
                const float *v = table + c.row[k] * F;
                float dot = 0.0f;
                for (int f = 0; f < F; f++) dot += dout[f] * v[f];
                for (int i = 0; i < d; i++) dx[(size_t)n * d + i] += dot * c.dw[k][i];
            }
        }
    }
}

void hashgrid_backward_scalar(const inr_grid *g, const float *params, const float *x,
                              const float *dfeat, float *dparams, float *dx, int N)
{
    switch (g->dims) {
    case 1: backward_d(g, params, x, dfeat, dparams, dx, N, 1); break;
    case 2: backward_d(g, params, x, dfeat, dparams, dx, N, 2); break;
    default: backward_d(g, params, x, dfeat, dparams, dx, N, 3); break;
    }
}

void hashgrid_backward_cpu(const inr_grid *g, const float *params, const float *x,
                           const float *dfeat, float *dparams, float *dx, int N)
{
    uint64_t t0 = inr_prof_begin();
    const inr_hashgrid_kernels *k = dx ? NULL : kernels();   /* dx: scalar only */
    if (k) k->backward(g, x, dfeat, dparams, N);
    else hashgrid_backward_scalar(g, params, x, dfeat, dparams, dx, N);
    inr_prof_end(INR_PHASE_ENCODING, t0, 0, 0);
}

ALWAYS_INLINE void jacobian_d(const inr_grid *g, const float *params, const float *x,
                              float *jac, int N, const int d)
{
    int L = g->levels, F = g->features;
    corners c;
    for (int l = 0; l < L; l++) {
        const float *table = params + g->offset[l];
        for (int n = 0; n < N; n++) {
            float *restrict J = jac + ((size_t)n * L + l) * d * F;
            level_corners(g, l, x + (size_t)n * d, &c, 1, d);
            for (int j = 0; j < d * F; j++) J[j] = 0.0f;
            for (int k = 0; k < (1 << d); k++) {
                const float *restrict v = table + c.row[k] * F;
                for (int i = 0; i < d; i++) {
                    float w = c.dw[k][i];
                    float *restrict Ji = J + i * F;
                    for (int f = 0; f < F; f++) Ji[f] += w * v[f];
                }
            }
        }
    }
}

void hashgrid_jacobian_cpu(const inr_grid *g, const float *params, const float *x,
                           float *jac, int N)
{
    uint64_t t0 = inr_prof_begin();
    switch (g->dims) {
    case 1: jacobian_d(g, params, x, jac, N, 1); break;
    case 2: jacobian_d(g, params, x, jac, N, 2); break;
    default: jacobian_d(g, params, x, jac, N, 3); break;
    }
    inr_prof_end(INR_PHASE_ENCODING, t0, 0, 0);
}

ALWAYS_INLINE void jacobian_backward_d(const inr_grid *g, const float *x, const float *djac,
                                       float *dparams, int N, const int d)
{
    int L = g->levels, F = g->features;
    corners c;
    for (int l = 0; l < L; l++) {
        float *dtable = dparams + g->offset[l];
        for (int n = 0; n < N; n++) {
            const float *restrict dJ = djac + ((size_t)n * L + l) * d * F;
            level_corners(g, l, x + (size_t)n * d, &c, 1, d);
            for (int k = 0; k < (1 << d); k++) {
                float *restrict dv = dtable + c.row[k] * F;
                for (int i = 0; i < d; i++) {
                    float w = c.dw[k][i];
                    const float *restrict dJi = dJ + i * F;
                    for (int f = 0; f < F; f++) dv[f] += w * dJi[f];
                }
            }
        }
    }
}

void hashgrid_jacobian_backward_cpu(const inr_grid *g, const float *x, const float *djac,
                                    float *dparams, int N)
{
    uint64_t t0 = inr_prof_begin();
    switch (g->dims) {
    case 1: jacobian_backward_d(g, x, djac, dparams, N, 1); break;
    case 2: jacobian_backward_d(g, x, djac, dparams, N, 2); break;
    default: jacobian_backward_d(g, x, djac, dparams, N, 3); break;
    }
    inr_prof_end(INR_PHASE_ENCODING, t0, 0, 0);
}
