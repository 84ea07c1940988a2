/* test_trainer.c - the trainer's contracts: the same seed and threads give
 * bit-identical parameters (full batch and minibatch), the chunked
 * multi-threaded gradient equals a single-chunk one, Adam matches its
 * closed form on the first step, and training lowers the loss. */
#include <string.h>

#include "check.h"
#include "trainer.h"

enum { SIDE = 40, N = SIDE * SIDE };

static void make_signal(float *coords, float *targets)
{
    long shape[2] = { SIDE, SIDE };
    inr_grid_coords(2, shape, coords);
    for (int i = 0; i < N; i++)
        targets[i] = 0.8f * sinf(4 * coords[2 * i]) * cosf(3 * coords[2 * i + 1]);
}

static void train(float *params_out, const float *x, const float *t, long batch, int threads,
                  int chunk, int steps)
{
    inr_config c = inr_config_default(INR_MODEL_SIREN, 2, 1);
    c.width = 32;
    c.layers = 3;
    c.seed = 5;
    inr_model m;
    inr_model_create(&m, &c);
    inr_model_init(&m);
    inr_train_options o = inr_train_defaults(&c);
    o.batch = batch;
    o.threads = threads;
    o.chunk = chunk;
    inr_trainer tr;
    inr_trainer_create(&tr, &m, x, t, N, &o);
    for (int k = 0; k < steps; k++) inr_trainer_step(&tr);
    memcpy(params_out, m.params, m.n_params * sizeof(float));
    inr_trainer_free(&tr);
    inr_model_free(&m);
}

int main(void)
{
    float *x = malloc(sizeof(float) * N * 2), *t = malloc(sizeof(float) * N);
    make_signal(x, t);
    enum { P = 32 * 2 + 32 + 2 * (32 * 32 + 32) + 33 };
    float a[P], b[P];

    train(a, x, t, 0, 2, 100, 5);
    train(b, x, t, 0, 2, 100, 5);
    CHECK(memcmp(a, b, sizeof a) == 0, "full batch, same seed and threads: parameters differ");
    train(a, x, t, 300, 2, 100, 5);
    train(b, x, t, 300, 2, 100, 5);
    CHECK(memcmp(a, b, sizeof a) == 0, "minibatch, same seed and threads: parameters differ");

    /* Chunking and threads only reorder float sums: after one step the
     * parameters agree to rounding (Adam's first step moves each parameter
     * by ~lr, so 1e-6 absolute is a tight bound for lr 1e-4). */
    train(a, x, t, 0, 1, N, 1);
    train(b, x, t, 0, 2, 64, 1);
    double worst = 0;
    for (int i = 0; i < P; i++) worst = fmax(worst, fabs(a[i] - b[i]));
    CHECK(worst < 1e-6, "one chunk vs many chunks on 2 threads differ by %g", worst);

    /* Adam's first step moves every parameter with a non-zero gradient by
     * lr * g / (|g| + eps) ~ lr in the direction of -g. */
    inr_config c = inr_config_default(INR_MODEL_SIREN, 2, 1);
    c.width = 16;
    c.layers = 2;
    inr_model m;
    inr_model_create(&m, &c);
    inr_model_init(&m);
    float *before = malloc(m.n_params * sizeof(float));
    memcpy(before, m.params, m.n_params * sizeof(float));
    inr_train_options o = inr_train_defaults(&c);
    inr_trainer tr;
    inr_trainer_create(&tr, &m, x, t, N, &o);
    double loss0 = inr_trainer_step(&tr);
    int wrong = 0;
    for (size_t i = 0; i < m.n_params; i++) {
        float g = tr.grad[i], step = m.params[i] - before[i];
        if (fabsf(g) > 1e-6f && fabsf(step + copysignf(1e-4f, g)) > 1e-7f) wrong++;
    }
    CHECK(wrong == 0, "%d parameters did not move by lr against their gradient", wrong);
    double loss = loss0;
    for (int k = 0; k < 200; k++) loss = inr_trainer_step(&tr);
    CHECK(loss < 0.5 * loss0, "loss %g did not fall well below %g", loss, loss0);
    inr_trainer_free(&tr);
    inr_model_free(&m);
    free(before);

    /* Grid coordinates: linspace(-1, 1) per axis, rows first. */
    float g[6 * 2];
    long shape[2] = { 2, 3 };
    inr_grid_coords(2, shape, g);
    float want[12] = { -1, -1, -1, 0, -1, 1, 1, -1, 1, 0, 1, 1 };
    CHECK(memcmp(g, want, sizeof want) == 0, "grid coordinates");
    free(x);
    free(t);
    return check_result();
}
