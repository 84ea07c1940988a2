/* hashgrid_simd_body.h - the hash-grid kernels (hashgrid_simd.h), compiled
 * once per ISA.
 *
 * Included by hashgrid_<isa>.c after it defines HG_ISA, HG(name), HG_W (the
 * lanes) and the vector helpers: vf (W floats), vi (W int32), vf_* / vi_*
 * arithmetic, vf_pos (p > 0 ? p : 0, NaN -> 0), vf_gather (W floats at
 * base[idx]), vi_store_ptrs (W row addresses) and, for F = 2: vp_load (W/2
 * points' pairs of features, point-major, from their addresses), vp_dup
 * (the weights of half h, each twice), vq_load (W/4 points' two adjacent
 * rows), vq_weights (their two weights, each twice) and vf_swap64.
 *
 * Each level's vertex rows and weights come from level_corners's operations
 * on W points in vectors (tail lanes repeat the last point and are not
 * written). Forward runs level by level over up to SUB points, as the scalar
 * code does (one level's table at a time in cache). Backward takes a block
 * of W points through LEVEL_GROUP levels, then adds into the tables in
 * scalar code point by point, so that each row receives its terms in the
 * scalar order while the additions of one point's levels overlap. With
 * F = 2 the tables are read by loads, not gathers (vpgatherdq was slower on
 * the Zen 5 here). */
#include <stdint.h>
#include <string.h>

#include "hashgrid_simd.h"

#define HG_INLINE static inline __attribute__((always_inline))

/* Forward's points per pass over the levels; backward's levels per block. */
enum { SUB = 512, LEVEL_GROUP = 8 };

/* Coordinates of n points, axis-major (xt[i][j] = x[j d + i]), padded to
 * whole blocks with the last point. */
HG_INLINE void HG(transpose_x)(const float *x, int n, float (*xt)[SUB + HG_W], const int d)
{
    int padded = (n + HG_W - 1) / HG_W * HG_W;
    for (int j = 0; j < padded; j++)
        for (int i = 0; i < d; i++) xt[i][j] = x[(size_t)(j < n ? j : n - 1) * d + i];
}

/* level_corners (hashgrid.c) for W points: the 2^d rows and weights. */
HG_INLINE void HG(corners)(const inr_grid *g, int l, const vf *x, vi *row, vf *w, const int d)
{
    static const uint32_t PI[INR_GRID_MAX_DIMS] = { 1u, 2654435761u, 805459861u };
    const int hashed = g->hashed[l];
    const vf s = vf_set(g->scale[l]), one = vf_set(1.0f);
    vi lo[INR_GRID_MAX_DIMS], hi[INR_GRID_MAX_DIMS];
    vf frac[INR_GRID_MAX_DIMS];
    int stride = 1;
    for (int i = 0; i < d; i++) {
        vf p = vf_mul(vf_mul(vf_add(x[i], one), vf_set(0.5f)), s);
        p = vf_add(vf_min(vf_pos(p), s), vf_set(g->shift));
        vi k = vi_min(vf_trunc(p), vi_set(g->res[l] - 2));
        frac[i] = vf_sub(p, vi_float(k));
        if (hashed) {
            lo[i] = i ? vi_mul(k, vi_set((int)PI[i])) : k;   /* mod 2^32, as uint32 */
            hi[i] = vi_add(lo[i], vi_set((int)PI[i]));
        } else {
            lo[i] = stride == 1 ? k : vi_mul(k, vi_set(stride));
            hi[i] = vi_add(lo[i], vi_set(stride));
            stride *= g->res[l];
        }
    }
    const vi mask = vi_set((int)(uint32_t)(g->rows[l] - 1));
    for (int c = 0; c < (1 << d); c++) {
        vi r = (c & 1) ? hi[0] : lo[0];
        vf wc = (c & 1) ? frac[0] : vf_sub(one, frac[0]);
        for (int i = 1; i < d; i++) {
            int up = (c >> i) & 1;
            r = hashed ? vi_xor(r, up ? hi[i] : lo[i]) : vi_add(r, up ? hi[i] : lo[i]);
            wc = vf_mul(wc, up ? frac[i] : vf_sub(one, frac[i]));
        }
        row[c] = hashed ? vi_and(r, mask) : r;
        w[c] = wc;
    }
}

/* Lanes 0, 1 of every group of `every` lanes of a (F = 2: pair or quad
 * lanes) to out + q * stride, q < n. */
HG_INLINE void HG(store_pairs)(float *out, size_t stride, vf a, int every, int n)
{
    float t[HG_W];
    vf_store(t, a);
    for (int q = 0; q < n; q++) memcpy(out + q * stride, t + every * q, 2 * sizeof(float));
}

/* Dense level, F = 2: corner 2k + 1 is the row after corner 2k, which is
 * off[k] floats past corner 0 (the strides of the axes above the first). */
HG_INLINE void pair_offsets(const inr_grid *g, int l, size_t *off, const int d)
{
    size_t res = (size_t)g->res[l];
    for (int k = 0; k < (1 << (d - 1)); k++)
        off[k] = 2 * ((k & 1 ? res : 0) + (k & 2 ? res * res : 0));
}

HG_INLINE int min_int(int a, int b) { return a < b ? a : b; }

/* One level for the block of W points at xt[.][b]: feat's rows of its nv
 * points (feat at the block's first point and the level's features). */
HG_INLINE void HG(forward_level)(const inr_grid *g, int l, const float *table,
                                 float (*xt)[SUB + HG_W], int b, float *out, int nv,
                                 const int d, const int F)
{
    enum { CMAX = 1 << INR_GRID_MAX_DIMS };
    const int C = 1 << d;
    const size_t LF = (size_t)g->levels * F;
    vf xs[INR_GRID_MAX_DIMS], w[CMAX];
    vi row[CMAX];
    for (int i = 0; i < d; i++) xs[i] = vf_load(xt[i] + b);
    HG(corners)(g, l, xs, row, w, d);
    if (F == 2 && !g->hashed[l]) {
        /* Quads: corners 2k, 2k+1 of W/4 points in one vector, one 16-byte
         * load each; a sums w_2k v_2k, then w_2k+1 v_2k+1 (the swapped
         * halves), as the scalar order. */
        enum { Q = HG_W / 4 };
        const float *p0[HG_W];
        size_t off[CMAX / 2];
        vi_store_ptrs(p0, row[0], table, 2);
        pair_offsets(g, l, off, d);
        for (int q = 0; q * Q < nv; q++) {
            vf a = vf_set(0.0f);
            for (int k = 0; k < C / 2; k++) {
                vf t = vf_mul(vq_load(p0 + q * Q, off[k]), vq_weights(w[2 * k], w[2 * k + 1], q));
                a = vf_add(vf_add(a, t), vf_swap64(t));
            }
            HG(store_pairs)(out + q * Q * LF, LF, a, 4, min_int(nv - q * Q, Q));
        }
    } else if (F == 2) {
        const float *ptr[CMAX][HG_W];
        for (int c = 0; c < C; c++) vi_store_ptrs(ptr[c], row[c], table, 2);
        for (int h = 0; h < 2; h++) {
            vf a = vf_set(0.0f);
            for (int c = 0; c < C; c++)
                a = vf_add(a, vf_mul(vp_dup(w[c], h), vp_load(ptr[c] + h * (HG_W / 2), 0)));
            int n = min_int(nv - h * (HG_W / 2), HG_W / 2);
            if (n > 0) HG(store_pairs)(out + h * (HG_W / 2) * LF, LF, a, 2, n);
        }
    } else if (F == 1) {
        vf a = vf_set(0.0f);
        for (int c = 0; c < C; c++) a = vf_add(a, vf_mul(w[c], vf_gather(table, row[c])));
        float t[HG_W];
        vf_store(t, a);
        for (int j = 0; j < nv; j++) out[j * LF] = t[j];
    } else {
        /* Rows of F > 2 floats: the scalar loop over F per point. */
        const float *ptr[CMAX][HG_W];
        float wt[CMAX][HG_W];
        for (int c = 0; c < C; c++) {
            vi_store_ptrs(ptr[c], row[c], table, F);
            vf_store(wt[c], w[c]);
        }
        for (int j = 0; j < nv; j++) {
            float *restrict o = out + j * LF;
            for (int f = 0; f < F; f++) o[f] = 0.0f;
            for (int c = 0; c < C; c++) {
                const float *restrict v = ptr[c][j];
                float wc = wt[c][j];
                for (int f = 0; f < F; f++) o[f] += wc * v[f];
            }
        }
    }
}

HG_INLINE void HG(forward_df)(const inr_grid *g, const float *params, const float *x,
                              float *feat, int N, const int d, const int F)
{
    const size_t LF = (size_t)g->levels * F;
    float xt[INR_GRID_MAX_DIMS][SUB + HG_W];
    for (int s0 = 0; s0 < N; s0 += SUB) {
        int ns = min_int(N - s0, SUB);
        HG(transpose_x)(x + (size_t)s0 * d, ns, xt, d);
        for (int l = 0; l < g->levels; l++)
            for (int b = 0; b < ns; b += HG_W)
                HG(forward_level)(g, l, params + g->offset[l], xt, b,
                                  feat + (size_t)(s0 + b) * LF + (size_t)l * F,
                                  min_int(ns - b, HG_W), d, F);
    }
}

/* dv[0..1] += t[0..1] (F = 2; t may be read to t[3]). */
HG_INLINE void pair_add(float *dv, const float *t)
{
    __m128 a = _mm_castsi128_ps(_mm_loadl_epi64((const __m128i *)(const void *)dv));
    a = _mm_add_ps(a, _mm_loadu_ps(t));
    _mm_storel_epi64((__m128i *)(void *)dv, _mm_castps_si128(a));
}

/* Levels l0 .. l0+nl-1 of a block: the rows' addresses and (F = 2) the terms
 * w * dfeat, or the weights; then the additions point by point. (16-byte
 * additions of a dense level's row pairs were slower: a pair overlapping the
 * previous point's is not forwarded from the store.) */
HG_INLINE void HG(backward_group)(const inr_grid *g, const vf *xs, const float *dfeat,
                                  float *dparams, int nv, int l0, int nl, const int d,
                                  const int F)
{
    enum { CMAX = 1 << INR_GRID_MAX_DIMS, H = HG_W / 2 };
    const int L = g->levels, C = 1 << d;
    const size_t LF = (size_t)L * F;
    float *ptr[LEVEL_GROUP][CMAX][HG_W];
    /* t[(gl * CMAX + c) * 2W + 2j]: the pair of (level l0+gl, corner c, point j),
     * or the weight at + j; 4 floats more, as pair_add reads 4. */
    float t[LEVEL_GROUP * CMAX * 2 * HG_W + 4];
    const float *drow[HG_W];   /* dfeat of each point (the last for tail lanes) */
    for (int j = 0; j < HG_W; j++) drow[j] = dfeat + (size_t)min_int(j, nv - 1) * LF;
    vf w[CMAX];
    vi row[CMAX];
    for (int gl = 0; gl < nl; gl++) {
        int l = l0 + gl;
        float *tl = t + (size_t)gl * CMAX * 2 * HG_W;
        HG(corners)(g, l, xs, row, w, d);
        for (int c = 0; c < C; c++) vi_store_ptrs(ptr[gl][c], row[c], dparams + g->offset[l], F);
        if (F == 2) {
            for (int h = 0; h < 2; h++) {
                vf gr = vp_load(drow + h * H, 2 * (size_t)l);
                for (int c = 0; c < C; c++)
                    vf_store(tl + c * 2 * HG_W + h * HG_W, vf_mul(vp_dup(w[c], h), gr));
            }
        } else {
            for (int c = 0; c < C; c++) vf_store(tl + c * 2 * HG_W, w[c]);
        }
    }
    for (int j = 0; j < nv; j++)
        for (int gl = 0; gl < nl; gl++) {
            const float *restrict dout = drow[j] + (size_t)(l0 + gl) * F;
            const float *tl = t + (size_t)gl * CMAX * 2 * HG_W;
            for (int c = 0; c < C; c++) {
                float *restrict dv = ptr[gl][c][j];
                if (F == 2) {
                    pair_add(dv, tl + c * 2 * HG_W + 2 * j);
                    continue;
                }
                float wc = tl[c * 2 * HG_W + j];
                for (int f = 0; f < F; f++) dv[f] += wc * dout[f];
            }
        }
}

HG_INLINE void HG(backward_df)(const inr_grid *g, const float *x, const float *dfeat,
                               float *dparams, int N, const int d, const int F)
{
    const int L = g->levels;
    const size_t LF = (size_t)L * F;
    float xt[INR_GRID_MAX_DIMS][SUB + HG_W];
    for (int s0 = 0; s0 < N; s0 += SUB) {
        int ns = min_int(N - s0, SUB);
        HG(transpose_x)(x + (size_t)s0 * d, ns, xt, d);
        for (int b = 0; b < ns; b += HG_W) {
            vf xs[INR_GRID_MAX_DIMS];
            for (int i = 0; i < d; i++) xs[i] = vf_load(xt[i] + b);
            for (int l0 = 0; l0 < L; l0 += LEVEL_GROUP)
                HG(backward_group)(g, xs, dfeat + (size_t)(s0 + b) * LF, dparams,
                                   min_int(ns - b, HG_W), l0, min_int(L - l0, LEVEL_GROUP),
                                   d, F);
        }
    }
}

/* One instance per dimension and common F (constants unroll the loops). */
#define HG_BY_F(fn, d, ...)                           \
    switch (g->features) {                            \
    case 1: fn(__VA_ARGS__, d, 1); break;             \
    case 2: fn(__VA_ARGS__, d, 2); break;             \
    case 4: fn(__VA_ARGS__, d, 4); break;             \
    case 8: fn(__VA_ARGS__, d, 8); break;             \
    default: fn(__VA_ARGS__, d, g->features); break;  \
    }
#define HG_BY_DF(fn, ...)                                    \
    switch (g->dims) {                                       \
    case 1: HG_BY_F(fn, 1, __VA_ARGS__) break;               \
    case 2: HG_BY_F(fn, 2, __VA_ARGS__) break;               \
    default: HG_BY_F(fn, 3, __VA_ARGS__) break;              \
    }

static void HG(forward)(const inr_grid *g, const float *params, const float *x, float *feat,
                        int N)
{
    HG_BY_DF(HG(forward_df), g, params, x, feat, N)
}

static void HG(backward)(const inr_grid *g, const float *x, const float *dfeat, float *dparams,
                         int N)
{
    HG_BY_DF(HG(backward_df), g, x, dfeat, dparams, N)
}

const inr_hashgrid_kernels HG(kernels) = { HG_ISA, HG(forward), HG(backward) };
