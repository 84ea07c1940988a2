/* bench_cpu.c - CPU speed of inrfit's training step (SIREN by default) and
 * the machine's sgemm peak, measured in the same run (make bench prints
 * them beside PyTorch).
 *
 * usage: bench_cpu [IMAGE] [--steps N] [--threads T] [--width H] [--layers L]
 *                  [--model NAME] [--bf16]
 * --model takes the kind's default width and layers unless they are given;
 * --bf16 trains with bf16 hidden products (fit --precision bf16).
 * Prints "key value" lines that bench/run_bench.sh reads. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "blas.h"
#include "chunked.h"
#include "fit_precision.h"
#include "gemm_peak.h"
#include "metrics.h"
#include "ops_cpu.h"
#include "runtime_info.h"
#include "signal_io.h"
#include "trainer.h"

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* FLOPs of one training step of a sequential model on B points: forward
 * x W^T, backward dW and (except the first layer) dX, 2 FLOPs per MAC. */
static double step_flops(const inr_model *m, long B)
{
    double f = 0;
    for (int l = 0; l < m->n_layers; l++) {
        const inr_layer *L = &m->layer[l];
        if (L->kind != LAYER_DENSE) continue;
        double mac = (double)B * L->in * L->out;
        f += 2 * mac * (l == 0 ? 2 : 3);
    }
    return f;
}

/* sgemm GFLOP/s of one big multi-threaded product. The chunk-shaped rate
 * (T single-threaded products at once, what the trainer runs) is
 * inr_gemm_peak_gflops, the one --profile measures. */
static double sgemm_big(int threads)
{
    int n = 2048;
    float *a = malloc(sizeof(float) * n * n), *b = malloc(sizeof(float) * n * n),
          *c = malloc(sizeof(float) * n * n);
    for (long i = 0; i < (long)n * n; i++) { a[i] = (i % 7) * 1e-3f; b[i] = (i % 5) * 1e-3f; }
    inr_blas_set_threads(threads);
    inr_sgemm(false, true, n, n, n, 1, a, n, b, n, 0, c, n);
    double t = omp_get_wtime();
    int reps = 5;
    for (int r = 0; r < reps; r++)
        inr_sgemm(false, true, n, n, n, 1, a, n, b, n, 0, c, n);
    double rate = 2.0 * n * n * n * reps / (omp_get_wtime() - t) / 1e9;
    free(a); free(b); free(c);
    return rate;
}

int main(int argc, char **argv)
{
    const char *path = "tests/data/images/camera_256.png";
    long steps = 20, threads = 2, width = 0, layers = 0, chunk = 0;
    const char *kind = "siren";
    int bf16 = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--bf16") == 0) {
            bf16 = 1;
            continue;
        }
        if (i + 1 < argc && strcmp(argv[i], "--model") == 0) {
            kind = argv[++i];
            continue;
        }
        if (i + 1 < argc && strcmp(argv[i], "--steps") == 0) steps = atol(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--threads") == 0) threads = atol(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--width") == 0) width = atol(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--layers") == 0) layers = atol(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--chunk") == 0) chunk = atol(argv[++i]);
        else path = argv[i];
    }
    signal_data s;
    if (signal_load(path, &s) != INR_OK) {
        fprintf(stderr, "bench_cpu: %s\n", inr_error());
        return 1;
    }
    inr_model_kind k = inr_model_parse(kind);
    if (!k) {
        fprintf(stderr, "bench_cpu: unknown model '%s'\n", kind);
        return 1;
    }
    inr_config cfg = inr_config_default(k, s.dims, s.info.channels);
    if (width) cfg.width = (int)width;
    if (layers) cfg.layers = (int)layers;
    width = cfg.width;
    layers = cfg.layers;
    if (bf16 && fit_precision_resolve(INR_PRECISION_BF16, &cfg)) return 1;
    inr_model m;
    if (inr_model_create(&m, &cfg) != INR_OK) {
        fprintf(stderr, "bench_cpu: %s\n", inr_error());
        return 1;
    }
    inr_model_init(&m);
    inr_train_options opt = inr_train_defaults(&cfg);
    opt.threads = (int)threads;
    if (chunk) opt.chunk = (int)chunk;
    inr_trainer tr;
    if (inr_trainer_create(&tr, &m, s.coords, s.targets, s.n_points, &opt) != INR_OK) return 1;

    int warmup = 2;
    double *times = malloc(sizeof(double) * steps), loss = 0;
    double cpu_start = 0;
    for (long k = 0; k < warmup + steps; k++) {
        if (k == warmup) cpu_start = cpu_seconds();
        double t = omp_get_wtime();
        loss = inr_trainer_step(&tr);
        if (k >= warmup) times[k - warmup] = omp_get_wtime() - t;
    }
    double cpu_used = cpu_seconds() - cpu_start;
    double mean = 0;
    for (long k = 0; k < steps; k++) mean += times[k] / steps;
    qsort(times, steps, sizeof(double), cmp_double);
    double median = times[steps / 2];
    double flops = step_flops(&m, s.n_points);
    double big = sgemm_big((int)threads);
    double chunked = inr_gemm_peak_gflops((int)threads, INR_CHUNK_ROWS, (int)width, 0, 0.5);

    /* What ran, as `inrfit --version` says it (prefixed so run_bench.sh
     * prints these lines and skips them when it reads the figures). */
    char *info = NULL;
    size_t info_len = 0;
    FILE *mem = open_memstream(&info, &info_len);
    if (mem) {
        runtime_info_print(mem, (int)threads);
        runtime_info_warnings(mem);
        fclose(mem);
        for (char *line = strtok(info, "\n"); line; line = strtok(NULL, "\n"))
            printf("# %s\n", line);
        free(info);
    }
    printf("image %s %ldx%ld\n", path, s.info.width, s.info.height);
    printf("model %s %ldx%ld %s params %zu threads %ld steps %ld (+%d warm-up)\n", kind, width,
           layers, bf16 ? "bf16" : "fp32", m.n_trainable, threads, steps, warmup);
    printf("sec_per_step_median %.4f\n", median);
    printf("sec_per_step_mean %.4f\n", mean);
    /* CPU seconds of the whole process per step: less sensitive than wall
     * time to other work on a shared machine. */
    printf("cpu_sec_per_step %.4f\n", cpu_used / steps);
    /* PSNR of the model after its last update, on the [0,1] scale. */
    float *out = malloc(sizeof(float) * s.n_points * s.info.channels);
    inr_model_evaluate(&m, s.coords, s.n_points, out, (int)threads);
    double mse = metric_mse(out, s.targets, (size_t)s.n_points * s.info.channels);
    free(out);
    printf("total_steps %ld\n", warmup + steps);
    printf("last_loss %.6g\n", loss);
    printf("psnr_after_steps %.3f\n", metric_psnr_pm1(mse));
    printf("gflops_achieved %.1f\n", flops / median / 1e9);
    printf("sgemm_peak_2048 %.1f\n", big);
    printf("sgemm_peak_chunks %.1f\n", chunked);
    free(times);
    inr_trainer_free(&tr);
    inr_model_free(&m);
    signal_free(&s);
    return 0;
}
