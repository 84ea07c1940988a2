/* test_cuda_ops.c - every CUDA op against its CPU twin on seeded random
 * inputs (forward and backward), then whole fits on the GPU and the CPU
 * from the same initialisation, and GPU evaluation against the CPU.
 *
 * Each comparison is |gpu - cpu| <= atol + rtol |cpu|, element by element,
 * with the reason for its size beside it. Outputs are poisoned with NaN
 * before each op, so an element the GPU never wrote fails. Skips (77) when
 * CUDA is not built in or no usable GPU is present. */
#include "check.h"

#ifndef INR_HAVE_CUDA

int main(void) { SKIP("CUDA is not built into this inrfit (nvcc was not found at build time)"); }

#else

#include <string.h>

#include "backend.h"
#include "batch_hash.h"
#include "metrics.h"
#include "ops_cpu.h"
#include "ops_cuda.h"
#include "rng.h"
#include "trainer.h"

static inr_cuda_ctx *ctx;
static inr_rng rng;

/* ---- helpers ------------------------------------------------------------ */

static float *host_random(size_t n, float lo, float hi)
{
    float *p = malloc(n * sizeof(float));
    INR_ASSERT(p);
    for (size_t i = 0; i < n; i++) p[i] = inr_rng_range(&rng, lo, hi);
    return p;
}

static float *dev_copy(const float *h, size_t n)
{
    float *d = inr_cuda_malloc(n * sizeof(float));
    INR_ASSERT(d);
    inr_cuda_upload(ctx, d, h, n * sizeof(float));
    return d;
}

/* A device buffer of n NaNs: whatever an op leaves unwritten stays NaN. */
static float *dev_poison(size_t n)
{
    float *h = malloc(n * sizeof(float));
    INR_ASSERT(h);
    for (size_t i = 0; i < n; i++) h[i] = NAN;
    float *d = dev_copy(h, n);
    inr_cuda_sync(ctx);
    free(h);
    return d;
}

static float *host_copy(const float *d, size_t n)
{
    float *h = malloc(n * sizeof(float));
    INR_ASSERT(h);
    inr_cuda_download(ctx, h, d, n * sizeof(float));
    return h;
}

/* One CHECK per array: how many elements are off, and the worst one. */
static void expect_close(const char *what, const float *got, const float *want, size_t n,
                         double atol, double rtol)
{
    size_t bad = 0, worst = 0;
    double worst_excess = -1;
    for (size_t i = 0; i < n; i++) {
        double err = fabs((double)got[i] - want[i]), tol = atol + rtol * fabs(want[i]);
        if (!(err <= tol)) {  /* NaN fails too */
            double excess = isnan(err) ? INFINITY : err - tol;
            if (bad++ == 0 || excess > worst_excess) {
                worst = i;
                worst_excess = excess;
            }
        }
    }
    CHECK(bad == 0, "%s: %zu of %zu values off; worst [%zu] gpu %.9g cpu %.9g", what, bad, n,
          worst, n ? got[worst] : 0.0, n ? want[worst] : 0.0);
}

static void expect_dev_close(const char *what, const float *dev, const float *want, size_t n,
                             double atol, double rtol)
{
    float *got = host_copy(dev, n);
    expect_close(what, got, want, n, atol, rtol);
    free(got);
}

/* ---- dense layers ------------------------------------------------------- */

static void check_linear(int N, int I, int O, int with_bias)
{
    char what[96];
    float *x = host_random((size_t)N * I, -1, 1), *W = host_random((size_t)O * I, -1, 1);
    float *b = host_random(O, -1, 1), *dy = host_random((size_t)N * O, -1, 1);
    float *zero = calloc(O, sizeof(float));
    float *y = malloc(sizeof(float) * N * O), *dx = malloc(sizeof(float) * N * I);
    /* dW and db start from random values: the backward must add to them. */
    float *dW = host_random((size_t)O * I, -1, 1), *db = host_random(O, -1, 1);
    float *d_x = dev_copy(x, (size_t)N * I), *d_W = dev_copy(W, (size_t)O * I);
    float *d_b = dev_copy(b, O), *d_dy = dev_copy(dy, (size_t)N * O);
    float *d_dW = dev_copy(dW, (size_t)O * I), *d_db = dev_copy(db, O);
    float *d_y = dev_poison((size_t)N * O), *d_dx = dev_poison((size_t)N * I);

    linear_forward_cpu(x, W, with_bias ? b : zero, y, N, I, O);
    linear_forward_cuda(ctx, d_x, d_W, with_bias ? d_b : NULL, d_y, N, I, O);
    /* Each output sums I products of values in [-1,1]: cuBLAS (or the
     * small-I kernel, with FMA) orders the sum differently, a few ulp of
     * sum |x W| <= I: 1e-5 at I = 64; atol 1e-4 leaves a margin of 10. */
    snprintf(what, sizeof what, "linear_forward N=%d I=%d O=%d bias=%d", N, I, O, with_bias);
    expect_dev_close(what, d_y, y, (size_t)N * O, 1e-4, 1e-5);

    linear_backward_cpu(x, W, dy, dW, db, dx, N, I, O);
    linear_backward_cuda(ctx, d_x, d_W, d_dy, d_dW, d_db, d_dx, N, I, O);
    /* dW and db sum N (here up to 517) products of O(1) values, the CPU in
     * row order, the GPU by segments/tiles: rounding ~ sqrt(N) ulp of
     * |sum| <= N, under 1e-4; atol 5e-4. dx sums O terms like the forward. */
    snprintf(what, sizeof what, "linear_backward dW N=%d I=%d O=%d", N, I, O);
    expect_dev_close(what, d_dW, dW, (size_t)O * I, 5e-4, 1e-5);
    snprintf(what, sizeof what, "linear_backward db N=%d O=%d", N, O);
    expect_dev_close(what, d_db, db, O, 5e-4, 1e-5);
    snprintf(what, sizeof what, "linear_backward dx N=%d I=%d O=%d", N, I, O);
    expect_dev_close(what, d_dx, dx, (size_t)N * I, 1e-4, 1e-5);

    float *devs[] = { d_x, d_W, d_b, d_dy, d_dW, d_db, d_y, d_dx };
    for (size_t i = 0; i < sizeof devs / sizeof devs[0]; i++) inr_cuda_free(devs[i]);
    free(x); free(W); free(b); free(dy); free(zero); free(y); free(dx); free(dW); free(db);
}

/* Column sums over many rows (several segments, O not a multiple of 32)
 * against a double-precision reference. */
static void check_bias_backward(int N, int O)
{
    float *dy = host_random((size_t)N * O, -1, 1), *db = host_random(O, -1, 1);
    float *want = malloc(sizeof(float) * O);
    for (int o = 0; o < O; o++) {
        double s = db[o];
        for (int n = 0; n < N; n++) s += dy[(size_t)n * O + o];
        want[o] = (float)s;
    }
    float *d_dy = dev_copy(dy, (size_t)N * O), *d_db = dev_copy(db, O);
    bias_backward_cuda(ctx, d_dy, d_db, N, O);
    /* Float sums of 274 rows per segment, then 256 segment sums in float:
     * the last stage adds 256 times to partial sums of size ~ sqrt(N) =
     * 265, at most 256 * 6e-8 * 265 = 4e-3 (typically 3e-4); atol 5e-3 is
     * still far below the ~16 that a lost or doubled segment would cause. */
    expect_dev_close("bias_backward N=70000 O=40", d_db, want, O, 5e-3, 0);
    inr_cuda_free(d_dy);
    inr_cuda_free(d_db);
    free(dy); free(db); free(want);
}

/* Sine with the bias fused: the CPU twin sees z + b (what the CPU product
 * leaves), the GPU adds b itself; the float arguments (z + b) w0 are then
 * bit-identical and only the sin/cos implementations differ. */
static void check_sine(int N, int O, float w0, float zrange)
{
    char what[96];
    size_t n = (size_t)N * O;
    float *z = host_random(n, -zrange, zrange), *b = host_random(O, -0.5f, 0.5f);
    float *ref = malloc(n * sizeof(float)), *cs = malloc(n * sizeof(float));
    for (size_t i = 0; i < n; i++) ref[i] = z[i] + b[i % O];
    sine_forward_cpu(ref, cs, w0, n);
    float *d_z = dev_copy(z, n), *d_b = dev_copy(b, O), *d_cs = dev_poison(n);
    sine_forward_cuda(ctx, d_z, d_b, d_cs, w0, N, O);
    /* Both sin implementations are accurate to ~1e-7 (ours: polynomial with
     * double reduction; CUDA's sincosf: 2 ulp with Payne-Hanek for large
     * arguments), so 1e-6; w0 cos carries the factor w0. */
    snprintf(what, sizeof what, "sine_forward N=%d O=%d w0=%g", N, O, w0);
    expect_dev_close(what, d_z, ref, n, 1e-6, 0);
    snprintf(what, sizeof what, "sine_forward cos_scaled N=%d O=%d w0=%g", N, O, w0);
    expect_dev_close(what, d_cs, cs, n, 1e-6 * w0, 0);

    /* Inference (no cos) gives the same values. */
    inr_cuda_upload(ctx, d_z, z, n * sizeof(float));
    sine_forward_cuda(ctx, d_z, d_b, NULL, w0, N, O);
    snprintf(what, sizeof what, "sine_forward inference N=%d O=%d", N, O);
    expect_dev_close(what, d_z, ref, n, 1e-6, 0);

    /* Backward: one float product each, identical on both: exact. */
    float *dy = host_random(n, -1, 1), *dz = malloc(n * sizeof(float));
    sine_backward_cpu(dy, cs, dz, n);
    float *d_dy = dev_copy(dy, n), *d_cs2 = dev_copy(cs, n), *d_dz = dev_poison(n);
    sine_backward_cuda(ctx, d_dy, d_cs2, d_dz, n);
    snprintf(what, sizeof what, "sine_backward n=%zu", n);
    expect_dev_close(what, d_dz, dz, n, 0, 0);
    sine_backward_cuda(ctx, d_dy, d_cs2, d_dy, n);  /* in place, as the trainer calls it */
    expect_dev_close("sine_backward in place", d_dy, dz, n, 0, 0);

    float *devs[] = { d_z, d_b, d_cs, d_dy, d_cs2, d_dz };
    for (size_t i = 0; i < sizeof devs / sizeof devs[0]; i++) inr_cuda_free(devs[i]);
    free(z); free(b); free(ref); free(cs); free(dy); free(dz);
}

/* ReLU and the plain bias: one add and a max each, the same float
 * operations on both sides: exact. */
static void check_relu_bias(int N, int O)
{
    size_t n = (size_t)N * O;
    float *z = host_random(n, -1, 1), *b = host_random(O, -0.5f, 0.5f);
    float *ref = malloc(n * sizeof(float)), *lin = malloc(n * sizeof(float));
    for (size_t i = 0; i < n; i++) ref[i] = lin[i] = z[i] + b[i % O];
    relu_forward_cpu(ref, n);
    float *d_z = dev_copy(z, n), *d_b = dev_copy(b, O);
    relu_forward_cuda(ctx, d_z, d_b, N, O);
    expect_dev_close("relu_forward (bias fused)", d_z, ref, n, 0, 0);
    inr_cuda_upload(ctx, d_z, z, n * sizeof(float));
    bias_forward_cuda(ctx, d_z, d_b, N, O);
    expect_dev_close("bias_forward", d_z, lin, n, 0, 0);

    float *dy = host_random(n, -1, 1), *dz = malloc(n * sizeof(float));
    relu_backward_cpu(dy, ref, dz, n);
    float *d_dy = dev_copy(dy, n), *d_y = dev_copy(ref, n), *d_dz = dev_poison(n);
    relu_backward_cuda(ctx, d_dy, d_y, d_dz, n);
    expect_dev_close("relu_backward", d_dz, dz, n, 0, 0);

    float *devs[] = { d_z, d_b, d_dy, d_y, d_dz };
    for (size_t i = 0; i < sizeof devs / sizeof devs[0]; i++) inr_cuda_free(devs[i]);
    free(z); free(b); free(ref); free(lin); free(dy); free(dz);
}

static void check_fourier(int N, int I, int M, float sigma)
{
    float *x = host_random((size_t)N * I, -1, 1), *B = malloc(sizeof(float) * M * I);
    for (int i = 0; i < M * I; i++) B[i] = sigma * inr_rng_normal(&rng);
    float *g = malloc(sizeof(float) * N * 2 * M);
    fourier_forward_cpu(x, B, g, N, I, M);
    float *d_x = dev_copy(x, (size_t)N * I), *d_B = dev_copy(B, (size_t)M * I);
    float *d_g = dev_poison((size_t)N * 2 * M);
    fourier_forward_cuda(ctx, d_x, d_B, d_g, N, I, M);
    /* The angle 2 pi (x . B) reaches ~2 pi 4 sigma = 250 rad; the GPU's
     * fused multiply-add changes x . B by ~1 ulp (4e-6 at 40), so the angle
     * by ~2.5e-5 rad, and cos/sin by as much: atol 1e-4. */
    expect_dev_close("fourier_forward", d_g, g, (size_t)N * 2 * M, 1e-4, 0);
    inr_cuda_free(d_x); inr_cuda_free(d_B); inr_cuda_free(d_g);
    free(x); free(B); free(g);
}

static void check_mse(size_t n)
{
    float *y = host_random(n, -1, 1), *t = host_random(n, -1, 1), *dy = malloc(n * sizeof(float));
    float scale = 1.0f / (float)n;
    double sse = mse_forward_backward_cpu(y, t, dy, scale, n);
    float *d_y = dev_copy(y, n), *d_t = dev_copy(t, n), *d_dy = dev_poison(n);
    double *d_sse = inr_cuda_malloc(sizeof(double)), got = 0;
    inr_cuda_memset0(ctx, d_sse, sizeof(double));
    mse_forward_backward_cuda(ctx, d_y, d_t, d_dy, scale, n, d_sse);
    inr_cuda_download(ctx, &got, d_sse, sizeof(double));
    /* Both sum the same float e^2 in double, in another order: relative
     * error ~ n * 1e-16 = 1e-11; 1e-9 relative. */
    CHECK_CLOSE(got, sse, 0, 1e-9);
    /* dy = (2 scale) e: the same two float operations: exact. */
    expect_dev_close("mse dy", d_dy, dy, n, 0, 0);
    /* The sum adds to *sse: a second call doubles it. */
    mse_forward_backward_cuda(ctx, d_y, d_t, NULL, scale, n, d_sse);
    inr_cuda_download(ctx, &got, d_sse, sizeof(double));
    CHECK_CLOSE(got, 2 * sse, 0, 1e-9);
    inr_cuda_free(d_y); inr_cuda_free(d_t); inr_cuda_free(d_dy); inr_cuda_free(d_sse);
    free(y); free(t); free(dy);
}

/* Three Adam steps on an FFN's buffer (its Fourier matrix B is frozen). */
static void check_adam(void)
{
    inr_config c = inr_config_default(INR_MODEL_FFN, 2, 3);
    c.width = 24;
    c.layers = 2;
    c.mapping = 16;
    inr_model m;
    CHECK(inr_model_create(&m, &c) == INR_OK, "ffn model: %s", inr_error());
    inr_model_init(&m);
    size_t np = m.n_params;
    float *p0 = malloc(np * sizeof(float)), *mm = calloc(np, sizeof(float)),
          *vv = calloc(np, sizeof(float));
    memcpy(p0, m.params, np * sizeof(float));
    float *d_p = dev_copy(m.params, np), *d_m = dev_copy(mm, np), *d_v = dev_copy(vv, np);
    inr_adam_options opt = inr_adam_defaults(1e-3f);
    for (long t = 1; t <= 3; t++) {
        float *g = host_random(np, -1, 1);
        float *d_g = dev_copy(g, np);
        inr_adam_update(&m, m.params, g, mm, vv, t, &opt);
        adam_update_cuda(ctx, &m, d_p, d_g, d_m, d_v, t, &opt);
        inr_cuda_free(d_g);
        free(g);
    }
    /* A few float operations per element, with FMA on the GPU: ~1 ulp of
     * the moments; a step moves a parameter by <= lr, so its rounding is
     * far below 1e-7 + 1e-6 |p|. */
    expect_dev_close("adam params", d_p, m.params, np, 1e-7, 1e-6);
    expect_dev_close("adam m", d_m, mm, np, 1e-7, 1e-6);
    expect_dev_close("adam v", d_v, vv, np, 1e-9, 1e-6);
    const inr_tensor *B = inr_model_tensor(&m, "B");
    float *got = host_copy(d_p, np);
    CHECK(B && memcmp(got + B->offset, p0 + B->offset, B->size * sizeof(float)) == 0,
          "adam changed the frozen Fourier matrix B");
    free(got);
    inr_cuda_free(d_p); inr_cuda_free(d_m); inr_cuda_free(d_v);
    free(p0); free(mm); free(vv);
    inr_model_free(&m);
}

/* The GPU minibatch is rows inr_batch_index(seed, step, i, N): recomputed
 * here on the host, it must match exactly (a gather copies floats). */
static void check_gather(void)
{
    enum { NP = 5000, B = 3001, D = 2, C = 3 };
    float *x = host_random((size_t)NP * D, -1, 1), *t = host_random((size_t)NP * C, -1, 1);
    float *wx = malloc(sizeof(float) * B * D), *wt = malloc(sizeof(float) * B * C);
    const uint64_t seed = 1234, step = 77;
    long hist[10] = { 0 };
    for (long i = 0; i < B; i++) {
        uint64_t k = inr_batch_index(seed, step, (uint64_t)i, NP);
        INR_ASSERT(k < NP);
        hist[k * 10 / NP]++;
        memcpy(wx + i * D, x + k * D, sizeof(float) * D);
        memcpy(wt + i * C, t + k * C, sizeof(float) * C);
    }
    /* Uniform: each tenth of the rows gets 300 +- 5 sigma (sigma ~ 16). */
    for (int k = 0; k < 10; k++) CHECK(labs(hist[k] - B / 10) < 80, "batch tenth %d: %ld rows", k, hist[k]);
    float *d_x = dev_copy(x, (size_t)NP * D), *d_t = dev_copy(t, (size_t)NP * C);
    float *d_bx = dev_poison((size_t)B * D), *d_bt = dev_poison((size_t)B * C);
    gather_minibatch_cuda(ctx, d_x, d_t, d_bx, d_bt, NP, B, D, C, seed, step);
    expect_dev_close("gather_minibatch x", d_bx, wx, (size_t)B * D, 0, 0);
    expect_dev_close("gather_minibatch t", d_bt, wt, (size_t)B * C, 0, 0);
    inr_cuda_free(d_x); inr_cuda_free(d_t); inr_cuda_free(d_bx); inr_cuda_free(d_bt);
    free(x); free(t); free(wx); free(wt);
}

/* ---- hash grid ---------------------------------------------------------- */

static void check_hashgrid(int dims)
{
    char what[96];
    inr_grid g;
    /* 5 levels from 4 to 64 vertices per axis, T = 2^8: the coarse levels
     * are dense, the fine ones hashed. */
    CHECK(inr_grid_layout(&g, dims, 5, 2, 4.0f, 2.0f, 8, 0) == INR_OK, "grid: %s", inr_error());
    size_t total = 0;
    for (int l = 0; l < g.levels; l++) {
        g.offset[l] = total;
        total += g.rows[l] * g.features;
    }
    enum { N = 2000 };
    int LF = g.levels * g.features;
    /* Points slightly beyond [-1,1] exercise the clamping. */
    float *x = host_random((size_t)N * dims, -1.05f, 1.05f), *params = host_random(total, -1, 1);
    float *feat = malloc(sizeof(float) * N * LF);
    hashgrid_forward_cpu(&g, params, x, feat, N);
    float *d_x = dev_copy(x, (size_t)N * dims), *d_p = dev_copy(params, total);
    float *d_feat = dev_poison((size_t)N * LF);
    hashgrid_forward_cuda(ctx, &g, d_p, d_x, d_feat, N);
    /* The same weights and sums, FMA aside: a few ulp of values <= 2^d. */
    snprintf(what, sizeof what, "hashgrid_forward d=%d", dims);
    expect_dev_close(what, d_feat, feat, (size_t)N * LF, 1e-6, 1e-6);

    float *dfeat = host_random((size_t)N * LF, -1, 1), *dparams = host_random(total, -1, 1);
    float *dx = malloc(sizeof(float) * N * dims);
    float *d_dfeat = dev_copy(dfeat, (size_t)N * LF), *d_dp = dev_copy(dparams, total);
    float *d_dx = dev_poison((size_t)N * dims);
    hashgrid_backward_cpu(&g, params, x, dfeat, dparams, dx, N);
    hashgrid_backward_cuda(ctx, &g, d_p, d_x, d_dfeat, d_dp, d_dx, N);
    /* Table rows gather up to ~N/16 contributions (coarsest level) added
     * atomically in any order: rounding ~ sqrt(count) ulp of sums ~ 10, far
     * below 1e-4. dx adds L levels' terms of size up to 0.5 s_l |dfeat v|
     * ~ 30 in any order: 1e-4 relative plus 1e-4. */
    snprintf(what, sizeof what, "hashgrid_backward dtables d=%d", dims);
    expect_dev_close(what, d_dp, dparams, total, 1e-4, 1e-5);
    snprintf(what, sizeof what, "hashgrid_backward dx d=%d", dims);
    expect_dev_close(what, d_dx, dx, (size_t)N * dims, 1e-4, 1e-4);

    float *devs[] = { d_x, d_p, d_feat, d_dfeat, d_dp, d_dx };
    for (size_t i = 0; i < sizeof devs / sizeof devs[0]; i++) inr_cuda_free(devs[i]);
    free(x); free(params); free(feat); free(dfeat); free(dparams); free(dx);
}

/* ---- whole fits --------------------------------------------------------- */

enum { SIDE = 128, NPIX = SIDE * SIDE };

/* A grey test image on [-1,1]: smooth waves plus a sharp-edged disc. */
static void make_image(float *coords, float *targets)
{
    long shape[2] = { SIDE, SIDE };
    inr_grid_coords(2, shape, coords);
    for (int i = 0; i < NPIX; i++) {
        float y = coords[2 * i], x = coords[2 * i + 1];
        float v = 0.5f * sinf(6 * x) * cosf(4 * y) + (x * x + y * y < 0.25f ? 0.4f : -0.2f);
        targets[i] = v;
    }
}

/* Trains a copy of cfg's model on backend be; returns the final PSNR
 * (images, [0,1] scale) of the model evaluated on the CPU; *first_loss and
 * *last_loss get the losses of the first and last steps, and params_out
 * (when not NULL) the trained buffer. */
static double fit_on(const inr_backend *be, const inr_config *cfg, long batch, int steps,
                     const float *coords, const float *targets, double *first_loss,
                     double *last_loss, float **params_out)
{
    inr_model m;
    INR_ASSERT(inr_model_create(&m, cfg) == INR_OK);
    inr_model_init(&m);
    inr_train_options o = inr_train_defaults(cfg);
    o.batch = batch;
    inr_device_trainer tr;
    inr_status st = inr_device_trainer_create(&tr, be, &m, coords, targets, NPIX, &o);
    CHECK(st == INR_OK, "%s trainer: %s", be->name, inr_error());
    if (st) {
        inr_model_free(&m);
        return NAN;
    }
    double *losses = malloc(sizeof(double) * steps);
    CHECK(inr_device_trainer_steps(&tr, steps, losses) == INR_OK, "%s steps: %s", be->name, inr_error());
    CHECK(inr_device_trainer_download(&tr) == INR_OK, "%s download", be->name);
    CHECK(tr.step == steps, "%s: %ld steps counted", be->name, tr.step);
    *first_loss = losses[0];
    *last_loss = losses[steps - 1];
    free(losses);
    inr_device_trainer_free(&tr);
    float *out = malloc(sizeof(float) * NPIX);
    inr_model_evaluate(&m, coords, NPIX, out, 0);
    double psnr = metric_psnr_pm1(metric_mse(out, targets, NPIX));
    free(out);
    if (params_out) {
        *params_out = malloc(m.n_params * sizeof(float));
        memcpy(*params_out, m.params, m.n_params * sizeof(float));
    }
    inr_model_free(&m);
    return psnr;
}

/* GPU and CPU fits from the same initialisation. Full batch: the two see
 * the same data and differ only by rounding, which 300 Adam steps amplify
 * into different but equally good fits: within 0.5 dB. The hash grid's
 * minibatches are drawn by different generators: within 1 dB; it can fit
 * this small image to float precision (60-90 dB, where the figure is
 * rounding noise), so PSNRs above 50 dB count as 50. */
static void check_fit(inr_model_kind kind, long batch, int steps, double max_db,
                      const float *coords, const float *targets)
{
    inr_config c = inr_config_default(kind, 2, 1);
    if (kind != INR_MODEL_HASHGRID) {
        c.width = 64;
        c.layers = 3;
        c.mapping = 64;
    }
    c.seed = 3;
    double first, last, cpu_first, cpu_last;
    double gpu = fit_on(&inr_backend_cuda, &c, batch, steps, coords, targets, &first, &last, NULL);
    double cpu = fit_on(&inr_backend_cpu, &c, batch, steps, coords, targets, &cpu_first,
                        &cpu_last, NULL);
    fprintf(stderr, "fit %s, %d steps: GPU %.2f dB (loss %.4g -> %.4g), CPU %.2f dB (loss %.4g -> %.4g)\n",
            inr_model_name(kind), steps, gpu, first, last, cpu, cpu_first, cpu_last);
    CHECK(last < 0.5 * first, "%s on the GPU: loss %g -> %g did not halve", inr_model_name(kind),
          first, last);
    /* Same initial parameters and (full batch) data: the first loss agrees
     * to float rounding of one forward pass. */
    if (batch == 0) CHECK_CLOSE(first, cpu_first, 1e-6, 1e-4);
    CHECK(fabs(fmin(gpu, 50) - fmin(cpu, 50)) <= max_db, "%s: GPU %.3f dB vs CPU %.3f dB",
          inr_model_name(kind), gpu, cpu);
}

/* The same seed twice on the GPU: full-batch SIREN is bit-reproducible
 * (cuBLAS products and our reductions run in a fixed order). */
static void check_repeatable(const float *coords, const float *targets)
{
    inr_config c = inr_config_default(INR_MODEL_SIREN, 2, 1);
    c.width = 32;
    c.layers = 2;
    double f1, l1, f2, l2;
    float *p1 = NULL, *p2 = NULL;
    fit_on(&inr_backend_cuda, &c, 0, 40, coords, targets, &f1, &l1, &p1);
    fit_on(&inr_backend_cuda, &c, 0, 40, coords, targets, &f2, &l2, &p2);
    inr_model m;
    inr_model_create(&m, &c);
    CHECK(p1 && p2 && memcmp(p1, p2, m.n_params * sizeof(float)) == 0 && l1 == l2,
          "two GPU fits with one seed differ (loss %.17g vs %.17g)", l1, l2);
    inr_model_free(&m);
    free(p1);
    free(p2);
}

/* GPU evaluation (more rows than one tile of 2^20) against the CPU. */
static void check_evaluate(void)
{
    inr_config c = inr_config_default(INR_MODEL_SIREN, 2, 3);
    c.width = 32;
    c.layers = 2;
    inr_model m;
    inr_model_create(&m, &c);
    inr_model_init(&m);
    long n = (1L << 20) + 777;
    float *x = host_random((size_t)n * 2, -1, 1);
    float *cpu = malloc(sizeof(float) * n * 3), *gpu = malloc(sizeof(float) * n * 3);
    for (long i = 0; i < n * 3; i++) gpu[i] = NAN;
    inr_model_evaluate(&m, x, n, cpu, 0);
    CHECK(inr_backend_evaluate(&inr_backend_cuda, &m, x, n, gpu, 0) == INR_OK, "evaluate: %s",
          inr_error());
    /* Three layers of the per-op rounding above, amplified by w0 = 30 in
     * the sine arguments: ~1e-5; atol 1e-4. */
    expect_close("evaluate 2^20 + 777 points", gpu, cpu, (size_t)n * 3, 1e-4, 1e-4);
    free(x); free(cpu); free(gpu);
    inr_model_free(&m);
}

/* Backend selection: CUDA is chosen for SIREN; NSTR is refused cleanly. */
static void check_select(void)
{
    inr_config c = inr_config_default(INR_MODEL_SIREN, 2, 1);
    c.width = 8;
    c.layers = 1;
    inr_model m;
    inr_model_create(&m, &c);
    const inr_backend *be;
    char desc[200];
    CHECK(inr_backend_select(INR_DEVICE_AUTO, &m, &be, desc, sizeof desc) == INR_OK &&
              be == &inr_backend_cuda, "auto did not pick CUDA (%s)", desc);
    fprintf(stderr, "device: %s\n", desc);
    inr_model_free(&m);
    inr_config n = inr_config_default(INR_MODEL_NSTR, 2, 1);
    if (inr_model_create(&m, &n) == INR_OK) {
        CHECK(inr_backend_select(INR_DEVICE_CUDA, &m, &be, NULL, 0) == INR_ERR_UNSUPPORTED,
              "nstr on CUDA was not refused");
        CHECK(strstr(inr_error(), "not supported on CUDA") != NULL, "reason: %s", inr_error());
        CHECK(inr_backend_select(INR_DEVICE_AUTO, &m, &be, NULL, 0) == INR_OK &&
                  be == &inr_backend_cpu, "auto did not fall back to the CPU for nstr");
        inr_model_free(&m);
    }
}

int main(void)
{
    char desc[200];
    /* The probe counts devices (cudaGetDeviceCount) and checks the first. */
    if (inr_cuda_probe(desc, sizeof desc) != INR_OK) SKIP("%s", inr_error());
    fprintf(stderr, "GPU: %s\n", desc);
    if (inr_cuda_ctx_create(&ctx, 0) != INR_OK) {
        CHECK(0, "CUDA context: %s", inr_error());
        return check_result();
    }
    inr_rng_seed(&rng, 20250101);

    check_linear(300, 2, 64, 1);    /* the small-I kernel */
    check_linear(300, 3, 5, 0);
    check_linear(517, 64, 48, 1);   /* cuBLAS */
    check_linear(517, 33, 7, 0);
    check_bias_backward(70000, 40);
    check_sine(300, 64, 30.0f, 2.0f);     /* float4 path */
    check_sine(301, 3, 30.0f, 2.0f);      /* scalar path */
    check_sine(257, 16, 3000.0f, 1.0f);   /* audio first layer: |arg| ~ 3000 */
    check_relu_bias(301, 64);
    check_relu_bias(299, 5);
    check_fourier(400, 2, 64, 10.0f);
    check_mse(100003);
    check_adam();
    check_gather();
    check_hashgrid(2);
    check_hashgrid(3);
    check_select();
    inr_cuda_ctx_free(ctx);

    float *coords = malloc(sizeof(float) * NPIX * 2), *targets = malloc(sizeof(float) * NPIX);
    make_image(coords, targets);
    check_fit(INR_MODEL_SIREN, 0, 300, 0.5, coords, targets);
    check_fit(INR_MODEL_FFN, 0, 300, 0.5, coords, targets);
    check_fit(INR_MODEL_HASHGRID, 4096, 300, 1.0, coords, targets);
    check_repeatable(coords, targets);
    check_evaluate();
    free(coords);
    free(targets);
    return check_result();
}

#endif
