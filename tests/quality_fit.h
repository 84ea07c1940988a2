/* quality_fit.h - shared by the model quality tests (test_quality_*.c):
 * fit a model kind with the defaults `inrfit fit` uses (NSTR sigma from the
 * centroid, the hash grid's minibatch) to a file for a number of steps, and
 * measure the quality before and after: images PSNR on [0,1], audio SNR. */
#ifndef INR_TEST_QUALITY_FIT_H
#define INR_TEST_QUALITY_FIT_H

#include <omp.h>

#include "check.h"
#include "model_options.h"
#include "report.h"
#include "signal_io.h"
#include "trainer.h"

typedef struct {
    double before, after;   /* dB: images PSNR, audio SNR */
    double seconds;         /* training time */
    size_t params;
} quality_run;

static double quality_now(const inr_model *m, const signal_data *s, float *out)
{
    size_t n = (size_t)s->n_points * s->info.channels;
    inr_model_evaluate(m, s->coords, s->n_points, out, 0);
    signal_to_output(&s->info, out, n);
    quality q = quality_measure(s, out);
    return s->info.kind == INR_SIGNAL_IMAGE ? q.psnr : q.snr;
}

/* Fits kind to the signal at path; a signal that cannot be read fails the
 * test (FATAL). */
static quality_run quality_fit(const char *path, inr_model_kind kind, long steps)
{
    skip_if_slow("a quality fit of hundreds of steps");
    quality_run r = { 0, 0, 0, 0 };
    signal_data s;
    if (signal_load(path, &s) != INR_OK) FATAL("%s: %s", path, inr_error());
    inr_config cfg = inr_config_default(kind, s.dims, s.info.channels);
    model_options_from_target(&cfg, &s);   /* NSTR's sigma, as `inrfit fit` */
    inr_model m;
    CHECK(inr_model_create(&m, &cfg) == INR_OK, "%s", inr_error());
    inr_model_init(&m);
    inr_train_options opt = inr_train_defaults(&cfg);
    if (kind == INR_MODEL_HASHGRID) opt.batch = 1 << 16;   /* as `inrfit fit` */
    float *out = malloc((size_t)s.n_points * s.info.channels * sizeof(float));
    r.before = quality_now(&m, &s, out);
    inr_trainer tr;
    CHECK(inr_trainer_create(&tr, &m, s.coords, s.targets, s.n_points, &opt) == INR_OK, "trainer");
    double t0 = omp_get_wtime();
    for (long k = 0; k < steps; k++) inr_trainer_step(&tr);
    r.seconds = omp_get_wtime() - t0;
    r.after = quality_now(&m, &s, out);
    r.params = m.n_trainable;
    fprintf(stderr, "%s on %s: %.2f -> %.2f dB after %ld steps (%.1f s, %zu parameters)\n",
            inr_model_name(kind), path, r.before, r.after, steps, r.seconds, r.params);
    free(out);
    inr_trainer_free(&tr);
    inr_model_free(&m);
    signal_free(&s);
    return r;
}

/* The camera_256 path in the reference data (tests/data; FATAL when absent). */
static const char *camera_256(char *buf, size_t n)
{
    return data_path(buf, n, "images/camera_256.png");
}

#endif
