/* bench_gpu.c - GPU speed of inrfit's CUDA backend: a full-batch SIREN step
 * (ms/step, achieved TFLOP/s, float32 and TF32 products), hash-grid steps
 * on random minibatches (steps/s), and full-batch NSTR and HC-INR steps at
 * their defaults (ms/step). bench/run_bench_gpu.sh prints these beside
 * PyTorch on the same GPU.
 *
 * usage: bench_gpu [IMAGE] [--steps N] [--width H] [--layers L] [--only MODEL]
 * (--only siren|hashgrid|nstr|hcinr: that benchmark alone, e.g. under ncu)
 * Prints "key value" lines; exits 77 when CUDA is not built in or no GPU
 * is present. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend.h"
#include "metrics.h"
#include "signal_io.h"
#include "trainer.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* FLOPs of one training step on B points (as bench_cpu): per dense layer
 * the forward product, dW, and dX except on the first dense layer; 2 FLOPs
 * per multiply-add. Elementwise work is not counted. */
static double step_flops(const inr_model *m, long B)
{
    double f = 0;
    int first = 1;
    for (int l = 0; l < m->n_layers; l++) {
        const inr_layer *L = &m->layer[l];
        if (L->kind != LAYER_DENSE) continue;
        f += 2.0 * B * L->in * L->out * (first ? 2 : 3);
        first = 0;
    }
    return f;
}

/* Trains cfg on (x, t) for warm-up + steps steps; returns seconds per
 * timed step (one host read-back per 64 steps, inside the timing) and the
 * last loss in *loss. */
static double time_steps(const inr_backend *be, const inr_config *cfg, const float *x,
                         const float *t, long n, long batch, int steps, int tf32, double *loss,
                         inr_model *m)
{
    if (inr_model_create(m, cfg) != INR_OK) return NAN;
    inr_model_init(m);
    inr_train_options o = inr_train_defaults(cfg);
    o.batch = batch;
    o.tf32 = tf32;
    inr_device_trainer tr;
    if (inr_device_trainer_create(&tr, be, m, x, t, n, &o) != INR_OK) {
        fprintf(stderr, "bench_gpu: %s\n", inr_error());
        return NAN;
    }
    double *losses = malloc(sizeof(double) * (steps > 5 ? steps : 5));
    inr_device_trainer_steps(&tr, 5, losses);  /* warm-up: cuBLAS picks its kernels */
    double t0 = now();
    inr_device_trainer_steps(&tr, steps, losses);
    double sec = (now() - t0) / steps;
    *loss = losses[steps - 1];
    inr_device_trainer_download(&tr);
    inr_device_trainer_free(&tr);
    free(losses);
    return sec;
}

/* PSNR ([0,1] scale) of m evaluated on be over the whole signal. */
static double psnr_on(const inr_backend *be, const inr_model *m, const signal_data *s)
{
    size_t n = (size_t)s->n_points * s->info.channels;
    float *out = malloc(sizeof(float) * n);
    double psnr = NAN;
    if (out && inr_backend_evaluate(be, m, s->coords, s->n_points, out, 0) == INR_OK)
        psnr = metric_psnr_pm1(metric_mse(out, s->targets, n));
    free(out);
    return psnr;
}

/* A model kind at its defaults for the signal, full batch: ms/step and the
 * PSNR after the run, as "KIND_..." lines ("KIND_error" when it cannot
 * train on be). */
static void bench_kind(const inr_backend *be, inr_model_kind kind, const signal_data *s, int steps)
{
    const char *name = inr_model_name(kind);
    inr_config cfg = inr_config_default(kind, s->dims, s->info.channels);
    inr_model m;
    double loss;
    double sec = time_steps(be, &cfg, s->coords, s->targets, s->n_points, 0, steps, 0, &loss, &m);
    if (isnan(sec)) {
        printf("%s_error %s\n", name, inr_error());
    } else {
        printf("%s params %zu points %ld steps %d (+5 warm-up)\n", name, m.n_trainable,
               s->n_points, steps);
        printf("%s_ms_per_step %.4f\n", name, 1e3 * sec);
        printf("%s_psnr_after_steps %.3f\n", name, psnr_on(be, &m, s));
        printf("%s_last_loss %.6g\n", name, loss);
    }
    fflush(stdout);
    inr_model_free(&m);
}

/* SIREN width x layers, full batch: float32 products, then TF32. */
static void bench_siren(const inr_backend *be, const signal_data *s, int steps, int width,
                        int layers)
{
    inr_config cfg = inr_config_default(INR_MODEL_SIREN, s->dims, s->info.channels);
    cfg.width = width;
    cfg.layers = layers;
    inr_model m;
    double loss;
    double sec = time_steps(be, &cfg, s->coords, s->targets, s->n_points, 0, steps, 0, &loss, &m);
    double flops = step_flops(&m, s->n_points);
    printf("siren %dx%d params %zu points %ld steps %d (+5 warm-up)\n", width, layers,
           m.n_trainable, s->n_points, steps);
    printf("siren_ms_per_step %.4f\n", 1e3 * sec);
    printf("siren_gflop_per_step %.2f\n", flops / 1e9);
    printf("siren_tflops %.2f\n", flops / sec / 1e12);
    printf("siren_psnr_after_steps %.3f\n", psnr_on(be, &m, s));
    printf("siren_last_loss %.6g\n", loss);
    inr_model_free(&m);
    sec = time_steps(be, &cfg, s->coords, s->targets, s->n_points, 0, steps, 1, &loss, &m);
    printf("siren_tf32_ms_per_step %.4f\n", 1e3 * sec);
    printf("siren_tf32_tflops %.2f\n", flops / sec / 1e12);
    printf("siren_tf32_psnr_after_steps %.3f\n", psnr_on(be, &m, s));
    inr_model_free(&m);
    fflush(stdout);
}

/* Hash grid (METHODS 2.3 defaults: L 16, F 2, log2 T 15, N_min 16, b 1.5,
 * 2 x 64 ReLU) on minibatches of 2^18 points drawn from 2^22 random
 * coordinates, their targets interpolated bilinearly from the image. */
static void bench_hashgrid(const inr_backend *be, const signal_data *s, int steps)
{
    inr_model m;
    double loss, sec;
    long n = 1L << 22, B = 1L << 18, H = s->info.height, W = s->info.width;
    int C = s->info.channels;
    float *x = malloc(sizeof(float) * n * 2), *t = malloc(sizeof(float) * n * C);
    inr_rng rng;
    inr_rng_seed(&rng, 7);
    for (long i = 0; i < n; i++) {
        float py = inr_rng_uniform(&rng) * (H - 1), px = inr_rng_uniform(&rng) * (W - 1);
        long y0 = (long)py, x0 = (long)px;
        long y1 = y0 + 1 < H ? y0 + 1 : y0, x1 = x0 + 1 < W ? x0 + 1 : x0;
        float fy = py - y0, fx = px - x0;
        x[2 * i] = 2.0f * py / (H - 1) - 1.0f;
        x[2 * i + 1] = 2.0f * px / (W - 1) - 1.0f;
        for (int c = 0; c < C; c++) {
            const float *T = s->targets;
            t[i * C + c] = (1 - fy) * ((1 - fx) * T[(y0 * W + x0) * C + c] + fx * T[(y0 * W + x1) * C + c]) +
                           fy * ((1 - fx) * T[(y1 * W + x0) * C + c] + fx * T[(y1 * W + x1) * C + c]);
        }
    }
    inr_config hc = inr_config_default(INR_MODEL_HASHGRID, 2, C);
    sec = time_steps(be, &hc, x, t, n, B, steps, 0, &loss, &m);
    printf("hashgrid L%d F%d log2T %d Nmin %g b %g mlp %dx%d params %zu batch %ld\n",
           hc.grid.levels, hc.grid.features, hc.grid.log2_table, hc.grid.base_res, hc.grid.growth,
           hc.width, hc.layers, m.n_trainable, B);
    printf("hashgrid_steps_per_s %.1f\n", 1.0 / sec);
    printf("hashgrid_ms_per_step %.4f\n", 1e3 * sec);
    printf("hashgrid_last_loss %.6g\n", loss);
    inr_model_free(&m);
    /* TF32 products in the MLP (tiny-cuda-nn's runs its MLP in half
     * precision). */
    sec = time_steps(be, &hc, x, t, n, B, steps, 1, &loss, &m);
    printf("hashgrid_tf32_steps_per_s %.1f\n", 1.0 / sec);
    printf("hashgrid_tf32_last_loss %.6g\n", loss);
    inr_model_free(&m);
    free(x);
    free(t);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    const char *path = "tests/data/images/camera.png";
    const char *only = NULL;
    int steps = 100, width = 256, layers = 4;
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--steps") == 0) steps = atoi(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--only") == 0) only = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--width") == 0) width = atoi(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--layers") == 0) layers = atoi(argv[++i]);
        else path = argv[i];
    }
    if (steps < 1) steps = 1;
    if (only && strcmp(only, "siren") && strcmp(only, "hashgrid") && strcmp(only, "nstr") &&
        strcmp(only, "hcinr")) {
        fprintf(stderr, "bench_gpu: --only %s: expected siren, hashgrid, nstr or hcinr\n", only);
        return 2;
    }
    const inr_backend *be = inr_backend_get(INR_DEVICE_CUDA);
    char desc[256];
    if (!be) {
        printf("skip CUDA is not built into this inrfit\n");
        return 77;
    }
    if (be->probe(desc, sizeof desc) != INR_OK) {
        printf("skip %s\n", inr_error());
        return 77;
    }
    signal_data s;
    if (signal_load(path, &s) != INR_OK) {
        fprintf(stderr, "bench_gpu: %s\n", inr_error());
        return 1;
    }
    printf("device %s\n", desc);
    printf("image %s %ldx%ld\n", path, s.info.width, s.info.height);

#define RUN(name) (!only || strcmp(only, name) == 0)
    if (RUN("siren")) bench_siren(be, &s, steps, width, layers);
    if (RUN("hashgrid") && s.dims == 2) bench_hashgrid(be, &s, steps);
    if (RUN("nstr")) bench_kind(be, INR_MODEL_NSTR, &s, steps);
    if (RUN("hcinr")) bench_kind(be, INR_MODEL_HCINR, &s, steps);
    signal_free(&s);
    return 0;
}
