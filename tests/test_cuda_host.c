/* test_cuda_host.c - the CUDA backend without a GPU: linked against the
 * host emulation of the CUDA ops (tests/emul_cuda_ops.c), it checks
 *  (a) the kernels' per-element bodies (cuda/..._elem.h, inr/hcinr_warp.h),
 *      which the emulation runs over the kernels' index spaces, against the
 *      CPU twins or a double-precision reference;
 *  (b) the CUDA backend's host code (the .c files of cuda/: the trainer,
 *      the per-model walks, evaluation, optimizer state) against the CPU
 *      backend.
 *
 * Each comparison is |got - want| <= atol + rtol |want| element by element,
 * with the reason for its size beside it. Outputs start as NaN, so an
 * element an op never wrote fails; fresh emulated device memory is NaN too. */
#include "check.h"

#include <string.h>

#include "backend.h"
#include "batch_hash.h"
#include "grid_elem.h"
#include "hcinr_cuda.h"
#include "hashgrid.h"
#include "ops_cuda.h"
#include "rng.h"
#include "test_arrays.h"
#include "trainer.h"

extern size_t emul_cuda_free_bytes;   /* tests/emul_cuda_ops.c */

static inr_cuda_ctx *ctx;

/* ---- helpers ------------------------------------------------------------ */

/* The position shift of the grids make_grid lays out (0 or 0.5). */
static float grid_shift;

/* A grid with its tables laid out from offset 0; returns the table floats. */
static size_t make_grid(inr_grid *g, int dims, int levels, int F, float base, float growth,
                        int log2_table, int dense)
{
    INR_ASSERT(inr_grid_layout_offset(g, dims, levels, F, base, growth, log2_table, dense,
                                      grid_shift) == INR_OK);
    size_t total = 0;
    for (int l = 0; l < g->levels; l++) {
        g->offset[l] = total;
        total += g->rows[l] * g->features;
    }
    return total;
}

static int hashed_levels(const inr_grid *g)
{
    int k = 0;
    for (int l = 0; l < g->levels; l++) k += g->hashed[l];
    return k;
}

/* ---- (a) hash encoding: grid_forward_elem_d / grid_backward_elem_to_d ---- */

static void check_hashgrid(int dims, int log2_table)
{
    char what[96];
    inr_grid g;
    /* 5 levels from 4 to 64 vertices per axis: the small T makes the fine
     * levels hashed and leaves the coarse ones dense. */
    size_t total = make_grid(&g, dims, 5, 2, 4.0f, 2.0f, log2_table, 0);
    int h = hashed_levels(&g);
    CHECK(h > 0 && h < g.levels, "d=%d: %d of %d levels hashed, want both kinds", dims, h, g.levels);
    /* The backward's shared-memory levels (the dense ones here) and its
     * global ones both run, the former over several blocks of points. */
    CHECK(grid_shared_levels(&g) == g.levels - h, "d=%d: %d shared levels", dims, grid_shared_levels(&g));
    enum { N = 5 * GRID_SHARED_POINTS / 2 };
    size_t nf = (size_t)N * g.levels * g.features;
    /* Points slightly beyond [-1,1] exercise the clamping. */
    float *x = random_floats((size_t)N * dims, -1.05f, 1.05f), *params = random_floats(total, -1, 1);
    float *want = malloc(nf * sizeof(float)), *got = nan_floats(nf);
    hashgrid_forward_cpu(&g, params, x, want, N);
    hashgrid_forward_cuda(ctx, &g, params, x, got, N);
    /* The same weights and sums in the same order (grid_elem.h follows
     * level_corners): at most an ulp or two of values <= 2^d. */
    snprintf(what, sizeof what, "hashgrid_forward d=%d shift %g", dims, grid_shift);
    expect_close(what, got, want, nf, 1e-6, 1e-6);

    float *dfeat = random_floats(nf, -1, 1), *dp_want = random_floats(total, -1, 1);
    float *dp_got = copy_floats(dp_want, total), *dp_nodx = copy_floats(dp_want, total);
    float *dx_want = malloc(sizeof(float) * N * dims), *dx_got = nan_floats((size_t)N * dims);
    hashgrid_backward_cpu(&g, params, x, dfeat, dp_want, dx_want, N);
    hashgrid_backward_cuda(ctx, &g, params, x, dfeat, dp_got, dx_got, N);
    hashgrid_backward_cuda(ctx, &g, params, x, dfeat, dp_nodx, NULL, N);
    /* Table rows add their points' terms in point order on both sides
     * (exact with gcc), but a compiler may fuse multiply-adds differently
     * in the two: ~1 ulp per term of sums ~ 10: 1e-5. dx adds the levels'
     * terms, each up to 0.5 s_l |dfeat . v| ~ 30, with more products per
     * term: 1e-4 (as tests/test_cuda_ops.c on the GPU). */
    snprintf(what, sizeof what, "hashgrid_backward dtables d=%d", dims);
    expect_close(what, dp_got, dp_want, total, 1e-5, 1e-5);
    snprintf(what, sizeof what, "hashgrid_backward dtables d=%d, dx NULL", dims);
    expect_close(what, dp_nodx, dp_want, total, 1e-5, 1e-5);
    snprintf(what, sizeof what, "hashgrid_backward dx d=%d", dims);
    expect_close(what, dx_got, dx_want, (size_t)N * dims, 1e-4, 1e-4);

    free(x); free(params); free(want); free(got); free(dfeat);
    free(dp_want); free(dp_got); free(dp_nodx); free(dx_want); free(dx_got);
}

/* ---- (a) level sums and jacobians (NSTR's S) ---------------------------- */

/* out (N,F) or (N,d,F) = the sum over levels of per (N,L,rowlen) times
 * unit, levels in order as nstr.c. */
static void sum_levels(const float *per, float *out, int N, int L, int rowlen, float unit)
{
    for (int n = 0; n < N; n++)
        for (int j = 0; j < rowlen; j++) {
            float s = per[(size_t)n * L * rowlen + j];
            for (int l = 1; l < L; l++) s += per[((size_t)n * L + l) * rowlen + j];
            out[(size_t)n * rowlen + j] = s * unit;
        }
}

/* per (N,L,rowlen) = src (N,rowlen) * scale, copied to every level. */
static void replicate_levels(const float *src, float *per, int N, int L, int rowlen, float scale)
{
    for (int n = 0; n < N; n++)
        for (int l = 0; l < L; l++)
            for (int j = 0; j < rowlen; j++)
                per[((size_t)n * L + l) * rowlen + j] = src[(size_t)n * rowlen + j] * scale;
}

static void check_grid_sums(int dims, int dense)
{
    char what[128];
    inr_grid g;
    /* F = 5 (not a power of two) over 3 levels 4..16, as NSTR's S (dense)
     * or with hashed fine levels. */
    size_t total = make_grid(&g, dims, 3, 5, 4.0f, 2.0f, dims == 1 ? 3 : 6, dense);
    enum { N = 300 };
    int L = g.levels, F = g.features, dF = dims * F;
    float unit = 2.0f / g.scale[L - 1], scale = 0.37f;
    float *x = random_floats((size_t)N * dims, -1.05f, 1.05f), *params = random_floats(total, -1, 1);
    float *per = malloc(sizeof(float) * N * L * dF), *want = malloc(sizeof(float) * N * dF);
    float *got = nan_floats((size_t)N * dF);
    const char *kind = dense ? "dense" : "hashed";

    hashgrid_forward_cpu(&g, params, x, per, N);
    sum_levels(per, want, N, L, F, 1.0f);
    grid_sum_levels_cuda(ctx, &g, params, x, got, N);
    /* The same per-level sums, added in level order: an ulp or two. */
    snprintf(what, sizeof what, "grid_sum_levels d=%d %s", dims, kind);
    expect_close(what, got, want, (size_t)N * F, 1e-6, 1e-6);

    float *S_want = copy_floats(want, (size_t)N * F), *S_got = nan_floats((size_t)N * F);
    hashgrid_jacobian_cpu(&g, params, x, per, N);
    sum_levels(per, want, N, L, dF, unit);
    grid_sum_jacobian_cuda(ctx, &g, params, x, unit, S_got, got, N);
    /* Slopes up to 0.5 s_l 2^d ~ 30 per level; same operations in the same
     * order, but per-corner products may round differently: 1e-5. S as
     * grid_sum_levels. */
    snprintf(what, sizeof what, "grid_sum_jacobian J d=%d %s", dims, kind);
    expect_close(what, got, want, (size_t)N * dF, 1e-5, 1e-5);
    snprintf(what, sizeof what, "grid_sum_jacobian S d=%d %s", dims, kind);
    expect_close(what, S_got, S_want, (size_t)N * F, 1e-6, 1e-6);

    /* Backward passes add into tables that start random. */
    float *dS = random_floats((size_t)N * dF, -1, 1), *dp_want = random_floats(total, -1, 1);
    float *dp_got = copy_floats(dp_want, total);
    replicate_levels(dS, per, N, L, F, 1.0f);
    hashgrid_backward_cpu(&g, params, x, per, dp_want, NULL, N);
    grid_sum_levels_backward_cuda(ctx, &g, x, dS, dp_got, N);
    /* The CPU adds level by level, point by point; the elements (point,
     * feature) add every level: each table entry still gets its points in
     * point order (levels have separate tables): an ulp or two of ~10. */
    snprintf(what, sizeof what, "grid_sum_levels_backward d=%d %s", dims, kind);
    expect_close(what, dp_got, dp_want, total, 1e-5, 1e-5);

    memcpy(dp_got, dp_want, total * sizeof(float));
    replicate_levels(dS, per, N, L, dF, scale);
    hashgrid_jacobian_backward_cpu(&g, x, per, dp_want, N);
    grid_sum_jacobian_backward_cuda(ctx, &g, x, NULL, dS, scale, dp_got, N);
    /* The element sums its d axes before adding, the CPU adds each axis:
     * rounding of sums of ~N/16 terms up to ~30 each: 1e-4 of ~100. */
    snprintf(what, sizeof what, "grid_sum_jacobian_backward dS NULL d=%d %s", dims, kind);
    expect_close(what, dp_got, dp_want, total, 1e-4, 1e-5);

    /* Both parts in one atomic per corner against the CPU's two scatters
     * (dS: the first F of each point's dJ row stand in). */
    memcpy(dp_got, dp_want, total * sizeof(float));
    float *dS_only = malloc(sizeof(float) * N * F);
    for (int n = 0; n < N; n++) memcpy(dS_only + (size_t)n * F, dS + (size_t)n * dF, sizeof(float) * F);
    hashgrid_jacobian_backward_cpu(&g, x, per, dp_want, N);
    replicate_levels(dS_only, per, N, L, F, 1.0f);
    hashgrid_backward_cpu(&g, params, x, per, dp_want, NULL, N);
    grid_sum_jacobian_backward_cuda(ctx, &g, x, dS_only, dS, scale, dp_got, N);
    snprintf(what, sizeof what, "grid_sum_jacobian_backward d=%d %s", dims, kind);
    expect_close(what, dp_got, dp_want, total, 1e-4, 1e-5);

    free(S_want); free(S_got); free(dS_only);
    free(x); free(params); free(per); free(want); free(got); free(dS); free(dp_want); free(dp_got);
}

/* ---- (a) columns, NSTR modulation --------------------------------------- */

static void check_cols(void)
{
    enum { N = 37, A = 5, B = 3 };
    float *a = random_floats(N * A, -1, 1), *b = random_floats(N * B, -1, 1);
    float *got = nan_floats(N * (A + B)), *want = malloc(sizeof(float) * N * (A + B));
    for (int n = 0; n < N; n++)
        for (int j = 0; j < A + B; j++)
            want[n * (A + B) + j] = j < A ? a[n * A + j] : b[n * B + j - A];
    concat_cols_cuda(ctx, a, b, got, N, A, B);
    expect_close("concat_cols", got, want, N * (A + B), 0, 0);  /* copies: exact */

    /* dst (N,B) += columns [2, 5) of the (N, A+B) array just made. */
    float *dst = random_floats(N * B, -1, 1), *dwant = copy_floats(dst, N * B);
    for (int n = 0; n < N; n++)
        for (int j = 0; j < B; j++) dwant[n * B + j] += want[n * (A + B) + 2 + j];
    add_cols_cuda(ctx, want, A + B, 2, dst, N, B);
    expect_close("add_cols", dst, dwant, N * B, 0, 0);  /* one float add each: exact */
    free(a); free(b); free(got); free(want); free(dst); free(dwant);
}

/* pf: with the phase field (S (N,2K): amplitudes, then phases). */
static void check_nstr_modulate(int d, int pf)
{
    enum { N = 200, K = 7 };
    int W = pf ? 2 * K : K, P = pf ? K : 0;
    size_t nk = (size_t)N * K, nw = (size_t)N * W;
    float *x = random_floats((size_t)N * d, -1, 1), *omega = random_floats((size_t)K * d, -10, 10);
    float *phase = random_floats(K, -3.14f, 3.14f), *S = random_floats(nw, -2, 2);
    float *sn = nan_floats(nk), *cs = nan_floats(nk), *feat = nan_floats(nk);
    float *wsn = malloc(nk * sizeof(float)), *wcs = malloc(nk * sizeof(float));
    float *wfeat = malloc(nk * sizeof(float));
    for (int n = 0; n < N; n++)
        for (int k = 0; k < K; k++) {
            double th = phase[k];
            for (int j = 0; j < d; j++) th += (double)x[n * d + j] * omega[k * d + j];
            if (pf) th += S[(size_t)n * W + P + k];
            size_t i = (size_t)n * K + k;
            wsn[i] = (float)sin(th);
            wcs[i] = (float)cos(th);
            wfeat[i] = (float)(S[(size_t)n * W + k] * sin(th));
        }
    nstr_modulate_cuda(ctx, x, omega, phase, S, sn, cs, feat, N, d, K, W, P);
    /* theta ~ |Omega| d <= 30, summed in float: ~2 ulp of 30 = 4e-6, so
     * sin/cos are off by as much; feat by |S| <= 2 times that. */
    expect_close("nstr_modulate sin", sn, wsn, nk, 1e-5, 0);
    expect_close("nstr_modulate cos", cs, wcs, nk, 1e-5, 0);
    expect_close("nstr_modulate feat", feat, wfeat, nk, 2e-5, 0);

    /* Backward from the modulation's own sn, cs: in place (dfeat in dS)
     * without the phase field, dfeat (N,K) apart with it. */
    float *dfeat = random_floats(nk, -1, 1), *dS = pf ? nan_floats(nw) : copy_floats(dfeat, nk);
    float *wdS = malloc(nw * sizeof(float));
    for (int n = 0; n < N; n++)
        for (int k = 0; k < K; k++) {
            size_t i = (size_t)n * K + k, s = (size_t)n * W + k;
            wdS[s] = (float)((double)dfeat[i] * sn[i]);
            wcs[i] = (float)((double)dfeat[i] * S[s] * cs[i]);
            if (pf) wdS[s + P] = wcs[i];
        }
    nstr_modulate_backward_cuda(ctx, pf ? dfeat : dS, dS, sn, cs, S, N, K, W, P);
    /* One or two float products against double: an ulp or two. */
    expect_close("nstr_modulate_backward dS", dS, wdS, nw, 1e-7, 1e-6);
    expect_close("nstr_modulate_backward dtheta", cs, wcs, nk, 1e-7, 1e-6);
    free(x); free(omega); free(phase); free(S); free(sn); free(cs); free(feat);
    free(wsn); free(wcs); free(wfeat); free(dS); free(dfeat); free(wdS);
}

/* ---- (a) HC-INR warp chain ---------------------------------------------- */

/* METHODS 2.5 in double for one point: u_s = u_{s-1} + 2^-s tanh(A_s u_{s-1} +
 * t_s), u_0 = x; u (S d) gets [u_1..u_S], th the tanh values. Returns
 * sum du . u (a linear read-out whose gradient the backward computes). */
static double warp_chain(const float *x, const double *p, const float *du, double *u,
                         double *th, int d, int S)
{
    double prev[INR_GRID_MAX_DIMS], dot = 0;
    for (int i = 0; i < d; i++) prev[i] = x[i];
    for (int s = 0; s < S; s++) {
        const double *A = p + s * (d * d + d), *t = A + d * d;
        double next[INR_GRID_MAX_DIMS];
        for (int i = 0; i < d; i++) {
            double a = t[i];
            for (int j = 0; j < d; j++) a += A[i * d + j] * prev[j];
            th[s * d + i] = tanh(a);
            next[i] = prev[i] + ldexp(1.0, -(s + 1)) * th[s * d + i];
        }
        for (int i = 0; i < d; i++) {
            prev[i] = u[s * d + i] = next[i];
            dot += (double)du[s * d + i] * next[i];
        }
    }
    return dot;
}

static void check_hcinr_warp(int d, int S)
{
    char what[96];
    enum { N = 40 };
    int P = S * (d * d + d), Sd = S * d;
    float *x = random_floats((size_t)N * d, -1, 1), *p = random_floats((size_t)N * P, -1.5f, 1.5f);
    float *du = random_floats((size_t)N * Sd, -1, 1);
    float *u = nan_floats((size_t)N * Sd), *th = nan_floats((size_t)N * Sd);
    float *dp = nan_floats((size_t)N * P);
    float *wu = malloc(sizeof(float) * N * Sd), *wth = malloc(sizeof(float) * N * Sd);
    float *wdp = malloc(sizeof(float) * N * P);
    double pd[8 * 12], ud[8 * 3], thd[8 * 3];
    INR_ASSERT(P <= 8 * 12 && Sd <= 8 * 3);
    for (int n = 0; n < N; n++) {
        for (int j = 0; j < P; j++) pd[j] = p[(size_t)n * P + j];
        const float *xn = x + (size_t)n * d, *dun = du + (size_t)n * Sd;
        warp_chain(xn, pd, dun, ud, thd, d, S);
        for (int j = 0; j < Sd; j++) {
            wu[(size_t)n * Sd + j] = (float)ud[j];
            wth[(size_t)n * Sd + j] = (float)thd[j];
        }
        /* dL/dp by central differences of the double chain: the chain is
         * smooth, h = 1e-4 leaves truncation ~1e-8 and rounding ~1e-12. */
        for (int j = 0; j < P; j++) {
            double keep = pd[j], h = 1e-4;
            pd[j] = keep + h;
            double up = warp_chain(xn, pd, dun, ud, thd, d, S);
            pd[j] = keep - h;
            double down = warp_chain(xn, pd, dun, ud, thd, d, S);
            pd[j] = keep;
            wdp[(size_t)n * P + j] = (float)((up - down) / (2 * h));
        }
    }
    hcinr_warp_forward_cuda(ctx, x, p, u, th, N, d, S);
    /* Float against double through S <= 3 steps of values ~1: a few ulp. */
    snprintf(what, sizeof what, "hcinr_warp_forward u d=%d S=%d", d, S);
    expect_close(what, u, wu, (size_t)N * Sd, 1e-6, 1e-6);
    snprintf(what, sizeof what, "hcinr_warp_forward tanh d=%d S=%d", d, S);
    expect_close(what, th, wth, (size_t)N * Sd, 1e-6, 1e-6);
    hcinr_warp_backward_cuda(ctx, x, p, u, th, du, dp, N, d, S);
    /* Float backward (products of values ~1 over S scales) against the
     * double finite differences: ~1e-6; 1e-5 leaves a margin. */
    snprintf(what, sizeof what, "hcinr_warp_backward dp d=%d S=%d", d, S);
    expect_close(what, dp, wdp, (size_t)N * P, 1e-5, 1e-5);
    free(x); free(p); free(du); free(u); free(th); free(dp); free(wu); free(wth); free(wdp);
}

/* ---- (b) whole trainers ------------------------------------------------- */

enum { SIDE = 32, NPIX = SIDE * SIDE };

/* A C-channel test image on [-1,1]: smooth waves plus a sharp disc. */
static void make_image(int side, int C, float *coords, float *targets)
{
    long shape[2] = { side, side };
    inr_grid_coords(2, shape, coords);
    for (long i = 0; i < (long)side * side; i++) {
        float y = coords[2 * i], x = coords[2 * i + 1];
        for (int c = 0; c < C; c++)
            targets[i * C + c] = 0.5f * sinf((6 + c) * x) * cosf(4 * y) +
                                 (x * x + y * y < 0.25f ? 0.4f : -0.2f);
    }
}

typedef struct {
    int C;
    float *coords, *targets;
    long n;
} signal;

static signal make_signal(int side, int C)
{
    signal s = { C, malloc(sizeof(float) * side * side * 2),
                 malloc(sizeof(float) * side * side * C), (long)side * side };
    INR_ASSERT(s.coords && s.targets);
    make_image(side, C, s.coords, s.targets);
    return s;
}

static void free_signal(signal *s)
{
    free(s->coords);
    free(s->targets);
}

/* NSTR's F_theta input in small_config: -1 the default, else transport_x;
 * likewise the phase field. */
static int nstr_transport_x = -1, nstr_phase_field = -1;

/* A small model of each kind (seed 5), initialised. */
static inr_config small_config(inr_model_kind kind, int C)
{
    inr_config c = inr_config_default(kind, 2, C);
    c.seed = 5;
    c.width = 32;
    c.layers = 2;
    c.ffn.mapping = 32;
    if (kind == INR_MODEL_HASHGRID) {
        c.grid.levels = 6;
        c.grid.log2_table = 10;   /* levels 16..120: dense, then hashed */
    } else if (kind == INR_MODEL_NSTR) {
        c.nstr.bases = 16;
        c.grid.base_res = 24;   /* the grid these tolerances were set on */
        c.grid.max_res = 96;
        c.nstr.omega_std = 20.0f;
        c.nstr.lambda = 0.1f;   /* a regulariser that moves the parameters visibly */
        if (nstr_transport_x >= 0) c.nstr.transport_x = nstr_transport_x;
        if (nstr_phase_field >= 0) c.nstr.phase_field = nstr_phase_field;
    } else if (kind == INR_MODEL_HCINR) {
        c.hcinr.latent_res = 8;
        c.hcinr.latent_features = 4;
    }
    return c;
}

static void model_from(inr_model *m, const inr_config *c, const float *params)
{
    INR_ASSERT(inr_model_create(m, c) == INR_OK);
    if (params) memcpy(m->params, params, m->n_params * sizeof(float));
    else inr_model_init(m);
}

/* Trains m in place on be for sum(chunks) steps, one trainer_steps call
 * per chunk (several host round trips); losses gets every step's loss. */
static inr_status train(const inr_backend *be, inr_model *m, const inr_train_options *o,
                        const signal *s, const int *chunks, int n_chunks, double *losses)
{
    inr_device_trainer tr;
    inr_status st = inr_device_trainer_create(&tr, be, m, s->coords, s->targets, s->n, o);
    CHECK(st == INR_OK, "%s trainer: %s", be->name, inr_error());
    if (st) return st;
    for (int i = 0, done = 0; i < n_chunks && st == INR_OK; done += chunks[i++]) {
        st = inr_device_trainer_steps(&tr, chunks[i], losses + done);
        CHECK(st == INR_OK, "%s steps: %s", be->name, inr_error());
    }
    if (st == INR_OK) st = inr_device_trainer_download(&tr);
    inr_device_trainer_free(&tr);
    return st;
}

/* Every model kind runs on the CUDA backend (a failure otherwise). */
static int on_cuda(const inr_model *m)
{
    int ok = !inr_backend_cuda.supports || inr_backend_cuda.supports(m) == INR_OK;
    CHECK(ok, "%s refused by the CUDA backend: %s", inr_model_name(m->cfg.kind), inr_error());
    return ok;
}

/* Adam with eps 1e-4 instead of ~0: an update lr m/(sqrt(v) + eps) is then
 * a smooth function of the gradient (Lipschitz 1/eps), where the default
 * turns gradients at rounding level into full +-lr steps of either sign.
 * So the parameters of two backends stay close, not only their losses; a
 * learning-rate decay every 3 steps checks the schedule too. */
static inr_train_options compare_options(const inr_config *c)
{
    inr_train_options o = inr_train_defaults(c);
    o.adam.eps = 1e-4f;
    o.lr_decay = 0.5f;
    o.lr_decay_every = 3;
    o.threads = 2;
    return o;
}

/* Per tensor: the emulated GPU's parameter updates (p - p0) against the
 * CPU's, within 1e-3 of the tensor's largest CPU update (frozen: none). */
static void expect_updates_close(const char *what, const inr_model *m, const float *p0,
                                 const float *gpu, const float *cpu)
{
    for (int k = 0; k < m->n_tensors; k++) {
        const inr_tensor *T = &m->tensor[k];
        size_t n = T->size;
        float *dg = malloc(n * sizeof(float)), *dc = malloc(n * sizeof(float));
        double big = 0;
        for (size_t i = 0; i < n; i++) {
            dg[i] = gpu[T->offset + i] - p0[T->offset + i];
            dc[i] = cpu[T->offset + i] - p0[T->offset + i];
            big = fmax(big, fabs(dc[i]));
        }
        char name[160];
        snprintf(name, sizeof name, "%s: updates of %s%s", what, T->name, T->frozen ? " (frozen)" : "");
        if (T->frozen) CHECK(big == 0, "%s: the CPU moved a frozen tensor", name);
        expect_close(name, dg, dc, n, 1e-3 * big, 1e-3);
        free(dg);
        free(dc);
    }
}

/* Full batch on the emulated GPU and on the CPU from one initialisation:
 * per-step losses, final parameters and evaluation. tiled: report little
 * free GPU memory, so that steps and evaluation run in several passes. */
static void check_vs_cpu(inr_model_kind kind, int C, int side, int tiled)
{
    inr_config c = small_config(kind, C);
    inr_model m0, mg, mc;
    model_from(&m0, &c, NULL);
    if (!on_cuda(&m0)) {
        inr_model_free(&m0);
        return;
    }
    model_from(&mg, &c, m0.params);
    model_from(&mc, &c, m0.params);
    signal s = make_signal(side, C);
    inr_train_options o = compare_options(&c);
    enum { STEPS = 8 };
    const int chunks[] = { 3, 1, 4 };
    double lg[STEPS], lc[STEPS];
    emul_cuda_free_bytes = tiled ? 4096 : (size_t)8 << 30;
    int ok = train(&inr_backend_cuda, &mg, &o, &s, chunks, 3, lg) == INR_OK &&
             train(&inr_backend_cpu, &mc, &o, &s, chunks, 3, lc) == INR_OK;
    char what[96];
    snprintf(what, sizeof what, "%s C=%d %dx%d%s", inr_model_name(kind), C, side, side,
             tiled ? " tiled" : "");
    if (ok) {
        /* Same data and parameters: the losses differ by float rounding of
         * the passes (sin implementations, sum orders), ~1e-6, and by the
         * parameter drift below: 1e-4 relative. */
        for (int j = 0; j < STEPS; j++)
            CHECK_CLOSE(lg[j], lc[j], 0, 1e-4);
        fprintf(stderr, "%s: loss %.6g -> %.6g (CPU %.6g -> %.6g)\n", what, lg[0], lg[STEPS - 1],
                lc[0], lc[STEPS - 1]);
        /* The updates agree within ~5e-5 of each tensor's largest
         * (measured); 1e-3 still catches a wrong gradient of any tensor
         * (a missing term, a wrong scale of NSTR's regulariser). */
        expect_updates_close(what, &m0, m0.params, mg.params, mc.params);

        /* Evaluation of the trained model on both backends. */
        size_t nout = (size_t)s.n * C;
        float *eg = nan_floats(nout), *ec = malloc(nout * sizeof(float));
        CHECK(inr_backend_evaluate(&inr_backend_cuda, &mc, s.coords, s.n, eg, 0) == INR_OK,
              "%s evaluate: %s", what, inr_error());
        inr_model_evaluate(&mc, s.coords, s.n, ec, 2);
        /* A few layers of float rounding, amplified by w0 = 30 in the sine
         * arguments: ~1e-5. */
        char ev[128];
        snprintf(ev, sizeof ev, "%s: evaluate", what);
        expect_close(ev, eg, ec, nout, 1e-4, 1e-4);
        free(eg);
        free(ec);
    }
    emul_cuda_free_bytes = (size_t)8 << 30;
    free_signal(&s);
    inr_model_free(&m0);
    inr_model_free(&mg);
    inr_model_free(&mc);
}

/* Mean squared error of m on the rows the GPU sampler draws at `step`. */
static double batch_mse(const inr_model *m, const signal *s, uint64_t seed, uint64_t step, long B)
{
    int d = m->cfg.in_dim, C = s->C;
    float *x = malloc(sizeof(float) * B * d), *t = malloc(sizeof(float) * B * C);
    float *y = malloc(sizeof(float) * B * C);
    for (long i = 0; i < B; i++) {
        uint64_t k = inr_batch_index(seed, step, (uint64_t)i, (uint64_t)s->n);
        memcpy(x + i * d, s->coords + k * d, sizeof(float) * d);
        memcpy(t + i * C, s->targets + k * C, sizeof(float) * C);
    }
    inr_model_evaluate(m, x, B, y, 2);
    double sse = 0;
    for (long i = 0; i < B * C; i++) sse += ((double)y[i] - t[i]) * ((double)y[i] - t[i]);
    free(x); free(t); free(y);
    return sse / ((double)B * C);
}

/* Minibatches (emulated GPU only: the CPU draws other rows). Two runs are
 * identical; the losses of steps 0 and 1 are the model's MSE on the rows
 * inr_batch_index(seed, step, i, N) (ops_cuda.h), with the trainer's seed
 * cfg.seed ^ "batch" (trainer_cuda.c). */
static void check_minibatch(inr_model_kind kind)
{
    inr_config c = small_config(kind, 1);
    inr_model m0, m1, m2;
    model_from(&m0, &c, NULL);
    if (!on_cuda(&m0)) {
        inr_model_free(&m0);
        return;
    }
    signal s = make_signal(SIDE, 1);
    inr_train_options o = compare_options(&c);
    o.batch = 300;
    enum { STEPS = 5 };
    double l1[STEPS], l2[STEPS], lone;
    const int all[] = { STEPS }, one[] = { 1 };
    model_from(&m1, &c, m0.params);
    model_from(&m2, &c, m0.params);
    int ok = train(&inr_backend_cuda, &m1, &o, &s, all, 1, l1) == INR_OK &&
             train(&inr_backend_cuda, &m2, &o, &s, all, 1, l2) == INR_OK;
    const char *name = inr_model_name(kind);
    if (ok)
        CHECK(memcmp(l1, l2, sizeof l1) == 0 &&
                  memcmp(m1.params, m2.params, m0.n_params * sizeof(float)) == 0,
              "%s: two minibatch runs differ", name);
    /* m2 after one step, for the loss of step 1. */
    memcpy(m2.params, m0.params, m0.n_params * sizeof(float));
    if (ok && train(&inr_backend_cuda, &m2, &o, &s, one, 1, &lone) == INR_OK) {
        uint64_t seed = inr_batch_seed(c.seed);
        /* The trainer's float pass against the CPU evaluation: ~1e-6. */
        CHECK_CLOSE(l1[0], batch_mse(&m0, &s, seed, 0, o.batch), 0, 1e-4);
        CHECK_CLOSE(l1[1], batch_mse(&m2, &s, seed, 1, o.batch), 0, 1e-4);
        CHECK(lone == l1[0], "%s: step 0 loss %.9g vs %.9g", name, lone, l1[0]);
    }
    free_signal(&s);
    inr_model_free(&m0);
    inr_model_free(&m1);
    inr_model_free(&m2);
}

/* The optimizer state (its own copy of what get returns). */
typedef struct {
    inr_optimizer_state st;
    float *m, *v;
} saved_state;

static int save_state(inr_device_trainer *tr, saved_state *out)
{
    inr_status st = inr_device_trainer_get_state(tr, &out->st);
    CHECK(st == INR_OK, "%s get_state: %s", tr->backend->name, inr_error());
    if (st) return 0;
    size_t n = tr->model->n_params;
    out->m = copy_floats(out->st.adam_m, n);
    out->v = copy_floats(out->st.adam_v, n);
    out->st.adam_m = out->m;
    out->st.adam_v = out->v;
    return 1;
}

/* Trainer A (backend `from`) runs K steps; its state and parameters go to
 * a fresh trainer B (backend `to`), as --resume does; both then run more
 * steps: B's losses must be A's (exactly on one backend, to rounding
 * across backends). */
static void check_state(inr_model_kind kind, const inr_backend *from, const inr_backend *to,
                        long batch)
{
    CHECK(inr_backend_cuda.trainer_state, "the CUDA backend has no trainer_state");
    if (!inr_backend_cuda.trainer_state) return;
    inr_config c = small_config(kind, 1);
    inr_model ma, mb;
    model_from(&ma, &c, NULL);
    if (!on_cuda(&ma)) {
        inr_model_free(&ma);
        return;
    }
    signal s = make_signal(SIDE, 1);
    inr_train_options o = compare_options(&c);
    o.batch = batch;
    enum { K = 4, MORE = 5 };
    double la[K + MORE], lb[MORE];
    inr_device_trainer a, b;
    int ok = inr_device_trainer_create(&a, from, &ma, s.coords, s.targets, s.n, &o) == INR_OK;
    CHECK(ok, "state: trainer A: %s", inr_error());
    saved_state saved = { 0 };
    ok = ok && inr_device_trainer_steps(&a, K, la) == INR_OK && save_state(&a, &saved) &&
         inr_device_trainer_download(&a) == INR_OK;
    if (ok) {
        CHECK(saved.st.step == K, "state: step %ld, want %d", saved.st.step, K);
        model_from(&mb, &c, ma.params);
        ok = inr_device_trainer_create(&b, to, &mb, s.coords, s.targets, s.n, &o) == INR_OK;
        CHECK(ok, "state: trainer B: %s", inr_error());
        if (ok) {
            CHECK(inr_device_trainer_set_state(&b, &saved.st) == INR_OK, "state: set: %s",
                  inr_error());
            CHECK(b.step == K, "state: B at step %ld", b.step);
            CHECK(inr_device_trainer_steps(&a, MORE, la + K) == INR_OK, "state: A continues");
            CHECK(inr_device_trainer_steps(&b, MORE, lb) == INR_OK, "state: B continues");
            /* One backend: the same operations on the same values. Across
             * backends: float rounding as in check_vs_cpu. */
            double rtol = from == to ? 0 : 1e-4;
            for (int j = 0; j < MORE; j++) CHECK_CLOSE(lb[j], la[K + j], 0, rtol);
            inr_device_trainer_free(&b);
        }
        inr_model_free(&mb);
    }
    inr_device_trainer_free(&a);
    free(saved.m);
    free(saved.v);
    free_signal(&s);
    inr_model_free(&ma);
}

/* More steps than one read-back holds (64): one call of 70 steps and calls
 * of 1, 64 and 5 give the same losses and parameters, exactly. */
static void check_sync_chunks(void)
{
    inr_config c = small_config(INR_MODEL_SIREN, 1);
    c.width = 16;
    inr_model m0, m1, m2;
    model_from(&m0, &c, NULL);
    model_from(&m1, &c, m0.params);
    model_from(&m2, &c, m0.params);
    signal s = make_signal(16, 1);
    inr_train_options o = compare_options(&c);
    enum { STEPS = 70 };
    const int all[] = { STEPS }, parts[] = { 1, 64, 5 };
    double l1[STEPS], l2[STEPS];
    if (train(&inr_backend_cuda, &m1, &o, &s, all, 1, l1) == INR_OK &&
        train(&inr_backend_cuda, &m2, &o, &s, parts, 3, l2) == INR_OK)
        CHECK(memcmp(l1, l2, sizeof l1) == 0 &&
                  memcmp(m1.params, m2.params, m0.n_params * sizeof(float)) == 0,
              "70 steps at once and in calls of 1, 64, 5 differ");
    free_signal(&s);
    inr_model_free(&m0);
    inr_model_free(&m1);
    inr_model_free(&m2);
}

/* The backend's own answers under the emulation. */
static void check_probe(void)
{
    inr_config c = small_config(INR_MODEL_SIREN, 1);
    inr_model m;
    model_from(&m, &c, NULL);
    char desc[200] = "";
    CHECK(inr_backend_cuda.probe(desc, sizeof desc) == INR_OK && strstr(desc, "emulation"),
          "probe: %s", desc);
    CHECK(inr_backend_cuda.supports(&m) == INR_OK, "siren refused: %s", inr_error());
    inr_model_free(&m);
}

/* The regulariser's part of each step's loss (NSTR; 0 for SIREN), GPU
 * walk against the CPU trainer on the same full batch: the same sums in
 * double over float residuals that agree to rounding (1e-5). Checked over
 * two read-backs (3 + 2 steps), the second after the first's updates. */
static void check_regs(inr_model_kind kind)
{
    signal s = make_signal(SIDE, 3);
    inr_config c = small_config(kind, 3);
    inr_model mg, mc;
    model_from(&mg, &c, NULL);
    model_from(&mc, &c, mg.params);
    inr_train_options o = compare_options(&c);
    double rg[5], rc[5], lg[5], lc[5];
    inr_device_trainer tg, tc;
    int ok = inr_device_trainer_create(&tg, &inr_backend_cuda, &mg, s.coords, s.targets, s.n,
                                       &o) == INR_OK;
    ok = ok && inr_device_trainer_create(&tc, &inr_backend_cpu, &mc, s.coords, s.targets, s.n,
                                         &o) == INR_OK;
    CHECK(ok, "regs %s: trainers: %s", inr_model_name(kind), inr_error());
    if (ok) {
        CHECK(inr_device_trainer_steps_reg(&tg, 3, lg, rg) == INR_OK &&
                  inr_device_trainer_steps_reg(&tg, 2, lg + 3, rg + 3) == INR_OK &&
                  inr_device_trainer_steps_reg(&tc, 5, lc, rc) == INR_OK,
              "regs %s: steps", inr_model_name(kind));
        for (int j = 0; j < 5; j++) {
            if (kind == INR_MODEL_NSTR)
                CHECK(rc[j] > 0 && fabs(rg[j] - rc[j]) <= 1e-5 * rc[j],
                      "nstr reg step %d: gpu %.9g cpu %.9g", j, rg[j], rc[j]);
            else
                CHECK(rg[j] == 0 && rc[j] == 0, "%s reg step %d: gpu %g cpu %g",
                      inr_model_name(kind), j, rg[j], rc[j]);
        }
        inr_device_trainer_free(&tg);
        inr_device_trainer_free(&tc);
    }
    inr_model_free(&mg);
    inr_model_free(&mc);
    free_signal(&s);
}

int main(void)
{
    inr_rng_seed(&test_rng, 20250102);
    CHECK(inr_cuda_ctx_create(&ctx, 0) == INR_OK, "context: %s", inr_error());
    if (!ctx) return check_result();

    /* (a) the kernels' element bodies */
    for (grid_shift = 0.0f; grid_shift <= 0.5f; grid_shift += 0.5f) {
        check_hashgrid(1, 4);
        check_hashgrid(2, 8);
        check_hashgrid(3, 10);
    }
    grid_shift = 0.0f;
    for (int d = 1; d <= 3; d++) {
        check_grid_sums(d, 1);
        check_grid_sums(d, 0);
    }
    check_cols();
    check_nstr_modulate(1, 0);
    check_nstr_modulate(2, 0);
    check_nstr_modulate(1, 1);
    check_nstr_modulate(2, 1);
    for (int d = 1; d <= 3; d++) {
        check_hcinr_warp(d, 1);
        check_hcinr_warp(d, 3);
    }
    inr_cuda_ctx_free(ctx);

    /* (b) the CUDA backend's host code */
    check_probe();
    check_sync_chunks();
    const inr_model_kind kinds[] = { INR_MODEL_SIREN, INR_MODEL_FFN, INR_MODEL_HASHGRID,
                                     INR_MODEL_NSTR, INR_MODEL_HCINR };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        /* Several channels where the loss scales use C (NSTR's regulariser). */
        int C = kinds[k] == INR_MODEL_SIREN || kinds[k] == INR_MODEL_NSTR ? 3 : 1;
        check_vs_cpu(kinds[k], C, SIDE, 0);
        check_minibatch(kinds[k]);
        check_state(kinds[k], &inr_backend_cuda, &inr_backend_cuda, 300);
        check_state(kinds[k], &inr_backend_cpu, &inr_backend_cuda, 0);
        check_state(kinds[k], &inr_backend_cuda, &inr_backend_cpu, 0);
    }
    check_regs(INR_MODEL_NSTR);
    /* F_theta of the other input than the default's: [x, S] or S alone. */
    nstr_transport_x = !inr_config_default(INR_MODEL_NSTR, 2, 1).nstr.transport_x;
    check_vs_cpu(INR_MODEL_NSTR, 3, SIDE, 0);
    check_regs(INR_MODEL_NSTR);
    nstr_transport_x = -1;
    /* The other S than the default's: amplitudes and phases (2K) or
     * amplitudes alone. */
    nstr_phase_field = !inr_config_default(INR_MODEL_NSTR, 2, 1).nstr.phase_field;
    check_vs_cpu(INR_MODEL_NSTR, 3, SIDE, 0);
    check_regs(INR_MODEL_NSTR);
    check_vs_cpu(INR_MODEL_NSTR, 1, 48, 1);
    nstr_phase_field = -1;
    check_regs(INR_MODEL_SIREN);
    /* Several passes per step and tiles in evaluation. */
    check_vs_cpu(INR_MODEL_SIREN, 1, 48, 1);
    check_vs_cpu(INR_MODEL_HASHGRID, 2, 48, 1);
    check_vs_cpu(INR_MODEL_NSTR, 1, 48, 1);
    check_vs_cpu(INR_MODEL_HCINR, 1, 48, 1);
    return check_result();
}
