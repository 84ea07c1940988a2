/* test_gradients.c - finite-difference checks of every backward pass: the
 * linear, sine and ReLU ops on their own, then whole SIREN and Fourier
 * models (every parameter of a small network). */
#include <string.h>

#include "fd_check.h"
#include "ops_cpu.h"

/* The op checks' step (fd_check.h): 1e-2 on O(1) quantities. */
#define FD_H 1e-2f

/* Objective r . linear(x) for the linear op; checks dW, db and dx. */
static void check_linear(int N, int I, int O)
{
    inr_rng rng;
    inr_rng_seed(&rng, 1);
    float x[64 * 16], W[16 * 16], b[16], y[64 * 16], r[64 * 16];
    float dW[16 * 16] = {0}, db[16] = {0}, dx[64 * 16];
    fill(&rng, x, (size_t)N * I, 1);
    fill(&rng, W, (size_t)O * I, 1);
    fill(&rng, b, O, 1);
    fill(&rng, r, (size_t)N * O, 1);
    linear_backward_cpu(x, W, r, dW, db, dx, N, I, O);
    float *targets[3] = { W, b, x };
    float *grads[3] = { dW, db, dx };
    size_t sizes[3] = { (size_t)O * I, (size_t)O, (size_t)N * I };
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < sizes[k]; i++) {
            float keep = targets[k][i];
            targets[k][i] = keep + FD_H;
            linear_forward_cpu(x, W, b, y, N, I, O);
            double up = dot(r, y, (size_t)N * O);
            targets[k][i] = keep - FD_H;
            linear_forward_cpu(x, W, b, y, N, I, O);
            double down = dot(r, y, (size_t)N * O);
            targets[k][i] = keep;
            CHECK_CLOSE(grads[k][i], (up - down) / (2 * FD_H), FD_ATOL, FD_RTOL);
        }
}

/* Objective r . act(z) for sine (with w0) and ReLU. */
static void check_activations(void)
{
    inr_rng rng;
    inr_rng_seed(&rng, 2);
    enum { n = 200 };
    float z[n], r[n], y[n], aux[n], dz[n];
    fill(&rng, z, n, 2);
    fill(&rng, r, n, 1);
    const float w0 = 3.0f;
    memcpy(y, z, sizeof z);
    sine_forward_cpu(y, aux, w0, n);
    sine_backward_cpu(r, aux, dz, n);
    for (int i = 0; i < n; i++) {
        double up = r[i] * sin(w0 * (z[i] + 1e-3)), down = r[i] * sin(w0 * (z[i] - 1e-3));
        CHECK_CLOSE(dz[i], (up - down) / 2e-3, 1e-4, 1e-3);
        CHECK_CLOSE(y[i], sin(w0 * z[i]), 1e-6, 0);
    }
    memcpy(y, z, sizeof z);
    relu_forward_cpu(y, n);
    relu_backward_cpu(r, y, dz, n);
    for (int i = 0; i < n; i++) {
        if (fabsf(z[i]) < 1e-2f) continue;  /* the kink has no derivative */
        double up = r[i] * fmax(z[i] + 1e-3, 0), down = r[i] * fmax(z[i] - 1e-3, 0);
        CHECK_CLOSE(dz[i], (up - down) / 2e-3, 1e-5, 1e-4);
    }
}

/* Every parameter of a small model against central differences of its
 * loss. h: FD step; ReLU networks use a smaller one so that no
 * pre-activation crosses its kink between the two evaluations. */
static void check_model(inr_config cfg, const char *what, float h)
{
    fd_options o = { .h = h, .x_range = 1.0f, .min_nonzero = 1 };
    fd_check_model(cfg, what, &o);
}

int main(void)
{
    blas_use_single_thread();
    check_linear(5, 3, 4);    /* fan-in <= 4: the direct loop */
    check_linear(9, 11, 7);   /* BLAS path */
    check_activations();

    /* Small w0 keeps the loss smooth at the FD step; the code paths are the
     * same as with w0 = 30. */
    inr_config siren = inr_config_default(INR_MODEL_SIREN, 2, 3);
    siren.width = 12;
    siren.layers = 3;
    siren.sine.w0 = 2.0f;
    siren.sine.w0_first = 3.0f;
    check_model(siren, "siren 2-D", FD_H);
    siren.in_dim = 1;
    siren.out_dim = 2;
    check_model(siren, "siren 1-D", FD_H);

    inr_config ffn = inr_config_default(INR_MODEL_FFN, 2, 3);
    ffn.width = 10;
    ffn.layers = 2;
    ffn.ffn.mapping = 6;
    ffn.ffn.sigma = 0.5f;
    check_model(ffn, "ffn", 1e-3f);
    return check_result();
}
