/* test_points.c - computed points (inr_points, signal_load_lean) are the
 * stored ones bit for bit: every chunk's coordinates and targets of the
 * bundled images and sounds, single points as the minibatch sampler draws
 * them, and a trainer on a lean signal gives the same losses and
 * parameters, step by step, as one on stored arrays (full batch and
 * minibatch, SIREN and hash grid, images and audio). */
#include <string.h>

#include "check.h"
#include "chunked.h"
#include "signal_io.h"
#include "trainer.h"

static int same_floats(const float *a, const float *b, size_t n)
{
    return memcmp(a, b, n * sizeof(float)) == 0;
}

static void check_points(const char *rel)
{
    char path[1024];
    data_path(path, sizeof path, rel);
    signal_data full, lean;
    if (signal_load(path, &full) != INR_OK) FATAL("%s: %s", path, inr_error());
    if (signal_load_lean(path, &lean) != INR_OK) FATAL("%s: %s", path, inr_error());
    CHECK(!lean.coords && !lean.targets && lean.original, "%s: a lean signal stores only its values",
          rel);
    int d = full.dims, C = full.info.channels;
    long n = full.n_points;
    CHECK(lean.n_points == n && same_floats(full.original, lean.original, (size_t)n * C),
          "%s: the values differ", rel);
    inr_points p = signal_points(&lean);
    float *x = malloc((size_t)INR_CHUNK_ROWS * d * sizeof(float));
    float *t = malloc((size_t)INR_CHUNK_ROWS * C * sizeof(float));
    if (!x || !t) FATAL("out of memory");
    long bad_x = -1, bad_t = -1;
    for (long r0 = 0; r0 < n; r0 += INR_CHUNK_ROWS) {
        long rows = n - r0 < INR_CHUNK_ROWS ? n - r0 : INR_CHUNK_ROWS;
        const float *px = inr_points_coords(&p, r0, rows, x);
        const float *pt = inr_points_targets(&p, r0, rows, t);
        if (bad_x < 0 && !same_floats(px, full.coords + (size_t)r0 * d, (size_t)rows * d)) bad_x = r0;
        if (bad_t < 0 && !same_floats(pt, full.targets + (size_t)r0 * C, (size_t)rows * C)) bad_t = r0;
    }
    CHECK(bad_x < 0, "%s: computed coordinates differ from the stored ones from point %ld", rel, bad_x);
    CHECK(bad_t < 0, "%s: computed targets differ from the stored ones from point %ld", rel, bad_t);
    /* Single points, anywhere, as the minibatch gather takes them. */
    for (long k = 0; k < n; k += n / 97 + 1) {
        const float *px = inr_points_coords(&p, k, 1, x), *pt = inr_points_targets(&p, k, 1, t);
        CHECK(same_floats(px, full.coords + (size_t)k * d, d) &&
                  same_floats(pt, full.targets + (size_t)k * C, C),
              "%s: point %ld differs", rel, k);
    }
    /* signal_coords (the final evaluation's tiles) and signal_targets. */
    const float *sc = signal_coords(&lean, n / 3, n - n / 3, malloc((size_t)n * d * sizeof(float)));
    CHECK(same_floats(sc, full.coords + (size_t)(n / 3) * d, (size_t)(n - n / 3) * d),
          "%s: signal_coords differs", rel);
    free((void *)sc);
    float *owned;
    const float *st = signal_targets(&lean, &owned);
    CHECK(st && owned && same_floats(st, full.targets, (size_t)n * C), "%s: signal_targets", rel);
    free(owned);
    free(x);
    free(t);
    signal_free(&full);
    signal_free(&lean);
}

/* steps of kind on rel, stored vs lean: same losses and parameters. */
static void check_training(const char *rel, inr_model_kind kind, long batch, int steps)
{
    char path[1024];
    data_path(path, sizeof path, rel);
    signal_data full, lean;
    if (signal_load(path, &full) != INR_OK || signal_load_lean(path, &lean) != INR_OK)
        FATAL("%s: %s", path, inr_error());
    inr_config c = inr_config_default(kind, full.dims, full.info.channels);
    if (kind == INR_MODEL_SIREN) {
        c.width = 32;
        c.layers = 2;
    }
    c.seed = 7;
    inr_model a, b;
    if (inr_model_create(&a, &c) || inr_model_create(&b, &c)) FATAL("%s", inr_error());
    inr_model_init(&a);
    inr_model_init(&b);
    inr_train_options o = inr_train_defaults(&c);
    o.batch = batch;
    o.threads = 2;
    inr_trainer ta, tb;
    inr_points p = signal_points(&lean);
    if (inr_trainer_create(&ta, &a, full.coords, full.targets, full.n_points, &o) ||
        inr_trainer_create_points(&tb, &b, &p, &o))
        FATAL("%s", inr_error());
    int same = 1, at = -1;
    for (int k = 0; k < steps; k++) {
        double la = inr_trainer_step(&ta), lb = inr_trainer_step(&tb);
        if (same && memcmp(&la, &lb, sizeof la) != 0) {
            same = 0;
            at = k;
        }
    }
    CHECK(same, "%s %s batch %ld: losses differ from step %d", rel, inr_model_name(kind), batch, at);
    CHECK(same_floats(a.params, b.params, a.n_params), "%s %s batch %ld: parameters differ", rel,
          inr_model_name(kind), batch);
    inr_trainer_free(&ta);
    inr_trainer_free(&tb);
    inr_model_free(&a);
    inr_model_free(&b);
    signal_free(&full);
    signal_free(&lean);
}

int main(void)
{
    const char *files[] = { "images/camera.png", "images/astronaut.png", "images/coffee.png",
                            "audio/gt_counting.wav", "audio/guit_em9.flac" };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) check_points(files[i]);
    check_training("images/camera_256.png", INR_MODEL_SIREN, 0, 3);
    check_training("images/astronaut.png", INR_MODEL_SIREN, 4000, 3);
    check_training("images/coffee.png", INR_MODEL_HASHGRID, 1 << 14, 3);
    check_training("audio/gt_counting.wav", INR_MODEL_SIREN, 0, 2);
    return check_result();
}
