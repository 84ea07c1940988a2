/* test_gradients.c - finite-difference checks of every backward pass: the
 * linear, sine and ReLU ops on their own, then whole SIREN and Fourier
 * models (every parameter of a small network). */
#include <string.h>

#include "check.h"
#include "model.h"
#include "ops_cpu.h"
#include "rng.h"

/* Central differences in float32 with step h: truncation error O(h^2) and
 * rounding error ~ 1e-7 * |loss| / h. With h = 1e-2 on O(1) quantities both
 * stay below ~1e-4, so gradients must agree to 2e-3 + 2e-2 relative. */
#define FD_H 1e-2f
#define FD_ATOL 2e-3
#define FD_RTOL 2e-2

static void fill(inr_rng *rng, float *p, size_t n, float scale)
{
    for (size_t i = 0; i < n; i++) p[i] = scale * inr_rng_range(rng, -1.0f, 1.0f);
}

static double dot(const float *a, const float *b, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) s += (double)a[i] * b[i];
    return s;
}

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

static double model_loss(const inr_model *m, const float *x, const float *t, int N,
                         float scale, float *work, float *scratch_grad)
{
    return scale * inr_model_forward_backward(m, m->params, x, t, N, scale,
                                              scratch_grad, work);
}

/* Every parameter of a small model against central differences of its loss. */
/* h: FD step; ReLU networks use a smaller one so that no pre-activation
 * crosses its kink between the two evaluations. */
static void check_model(inr_config cfg, const char *what, float h)
{
    inr_model m;
    CHECK(inr_model_create(&m, &cfg) == INR_OK, "%s: %s", what, inr_error());
    inr_model_init(&m);
    enum { N = 23 };
    inr_rng rng;
    inr_rng_seed(&rng, 3);
    float x[N * 3], t[N * 4];
    fill(&rng, x, (size_t)N * cfg.in_dim, 1);
    fill(&rng, t, (size_t)N * cfg.out_dim, 1);
    float *grad = calloc(m.n_params, sizeof(float));
    float *scratch = calloc(m.n_params, sizeof(float));
    float *work = malloc(inr_model_workspace(&m, N) * sizeof(float));
    float scale = 1.0f / (N * cfg.out_dim);
    inr_model_forward_backward(&m, m.params, x, t, N, scale, grad, work);
    int bad = 0;
    for (int k = 0; k < m.n_tensors; k++) {
        const inr_tensor *tn = &m.tensor[k];
        for (size_t i = tn->offset; i < tn->offset + tn->size; i++) {
            if (tn->frozen) {
                CHECK(grad[i] == 0.0f, "%s: frozen %s got a gradient", what, tn->name);
                continue;
            }
            float keep = m.params[i];
            m.params[i] = keep + h;
            double up = model_loss(&m, x, t, N, scale, work, scratch);
            m.params[i] = keep - h;
            double down = model_loss(&m, x, t, N, scale, work, scratch);
            m.params[i] = keep;
            double fd = (up - down) / (2 * h);
            if (fabs(grad[i] - fd) > FD_ATOL + FD_RTOL * fabs(fd) && bad++ < 5)
                CHECK_CLOSE(grad[i], fd, FD_ATOL, FD_RTOL);
        }
    }
    CHECK(bad == 0, "%s: %d parameters disagree with finite differences", what, bad);
    /* forward() must agree with the forward half of forward_backward(). */
    float y[N * 4];
    inr_model_forward(&m, m.params, x, y, N, work);
    double sse = 0;
    for (int i = 0; i < N * cfg.out_dim; i++) sse += (double)(y[i] - t[i]) * (y[i] - t[i]);
    CHECK_CLOSE(sse * scale, model_loss(&m, x, t, N, scale, work, scratch), 1e-6, 1e-5);
    free(grad);
    free(scratch);
    free(work);
    inr_model_free(&m);
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
    siren.w0 = 2.0f;
    siren.w0_first = 3.0f;
    check_model(siren, "siren 2-D", FD_H);
    siren.in_dim = 1;
    siren.out_dim = 2;
    check_model(siren, "siren 1-D", FD_H);

    inr_config ffn = inr_config_default(INR_MODEL_FFN, 2, 3);
    ffn.width = 10;
    ffn.layers = 2;
    ffn.mapping = 6;
    ffn.sigma = 0.5f;
    check_model(ffn, "ffn", 1e-3f);
    return check_result();
}
