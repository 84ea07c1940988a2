/* fd_check.h - finite-difference checks shared by the gradient tests:
 * random fills and dot products for op-level objectives, and
 * fd_check_model, which compares every parameter's gradient of a small
 * model with central differences of its loss (data MSE plus regulariser).
 *
 * Central differences in float32 with step h: truncation error O(h^2),
 * rounding error ~1e-7 |loss| / h; with h = 1e-3..1e-2 on O(1) losses both
 * stay below ~1e-4, so gradients must agree to FD_ATOL + FD_RTOL relative. */
#ifndef INR_TEST_FD_CHECK_H
#define INR_TEST_FD_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "model.h"
#include "rng.h"

#define FD_ATOL 2e-3
#define FD_RTOL 2e-2

static inline void fill(inr_rng *rng, float *p, size_t n, float scale)
{
    for (size_t i = 0; i < n; i++) p[i] = scale * inr_rng_range(rng, -1.0f, 1.0f);
}

static inline double dot(const float *a, const float *b, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) s += (double)a[i] * b[i];
    return s;
}

/* Total loss: scale * data SSE plus the regulariser (NSTR's). */
static inline double fd_total_loss(const inr_model *m, const float *x, const float *t, int N,
                                   float scale, float *work, float *scratch_grad)
{
    double reg = 0;
    double sse = inr_model_forward_backward_reg(m, m->params, x, t, N, scale, scratch_grad,
                                                work, &reg);
    return sse * scale + reg;
}

typedef struct {
    float h;              /* FD step */
    float param_noise;    /* added to every parameter first (grids start flat) */
    float x_range;        /* coordinates uniform in +-x_range */
    size_t min_nonzero;   /* at least this many non-zero gradients */
    /* ReLU sub-networks have kinks: with thousands of pre-activations some
     * cross zero within h. When set, a parameter whose central difference
     * disagrees and whose one-sided differences disagree with each other
     * (on a smooth loss they differ by h f'', far below the tolerance)
     * sits at a kink and is skipped; at most 2% may be, while a real bug
     * spoils whole tensors. */
    int skip_kinks;
} fd_options;

/* Every parameter of a small model (19 random points) against central
 * differences; frozen tensors must get no gradient; forward() must agree
 * with forward_backward's loss. Returns the regulariser at the start. */
static inline double fd_check_model(inr_config cfg, const char *what, const fd_options *o)
{
    inr_model m;
    CHECK(inr_model_create(&m, &cfg) == INR_OK, "%s: %s", what, inr_error());
    inr_model_init(&m);
    inr_rng rng;
    inr_rng_seed(&rng, 3);
    for (size_t i = 0; i < m.n_params; i++) m.params[i] += o->param_noise * inr_rng_range(&rng, -1, 1);
    enum { N = 19 };
    float x[N * 3], t[N * 4];
    fill(&rng, x, (size_t)N * cfg.in_dim, o->x_range);
    fill(&rng, t, (size_t)N * cfg.out_dim, 1);
    float *grad = calloc(m.n_params, sizeof(float));
    float *scratch = calloc(m.n_params, sizeof(float));
    float *work = malloc(inr_model_workspace(&m, N) * sizeof(float));
    float scale = 1.0f / (N * cfg.out_dim);
    double reg = 0;
    inr_model_forward_backward_reg(&m, m.params, x, t, N, scale, grad, work, &reg);
    int bad = 0;
    size_t nonzero = 0, kinks = 0;
    for (int k = 0; k < m.n_tensors; k++) {
        const inr_tensor *tn = &m.tensor[k];
        for (size_t i = tn->offset; i < tn->offset + tn->size; i++) {
            if (tn->frozen) {
                CHECK(grad[i] == 0.0f, "%s: frozen %s got a gradient", what, tn->name);
                continue;
            }
            float keep = m.params[i], h = o->h;
            m.params[i] = keep + h;
            double up = fd_total_loss(&m, x, t, N, scale, work, scratch);
            m.params[i] = keep - h;
            double down = fd_total_loss(&m, x, t, N, scale, work, scratch);
            m.params[i] = keep;
            double fd = (up - down) / (2 * h);
            nonzero += grad[i] != 0.0f;
            if (fabs(grad[i] - fd) <= FD_ATOL + FD_RTOL * fabs(fd)) continue;
            if (o->skip_kinks) {
                double mid = fd_total_loss(&m, x, t, N, scale, work, scratch);
                double fwd = (up - mid) / h, bwd = (mid - down) / h;
                if (fabs(fwd - bwd) > FD_ATOL + FD_RTOL * fabs(fwd)) {
                    kinks++;
                    continue;
                }
            }
            if (bad++ < 5) {
                fprintf(stderr, "%s: tensor %s index %zu\n", what, tn->name, i - tn->offset);
                CHECK_CLOSE(grad[i], fd, FD_ATOL, FD_RTOL);
            }
        }
    }
    CHECK(bad == 0, "%s: %d parameters disagree with finite differences", what, bad);
    CHECK(kinks <= m.n_params / 50, "%s: %zu of %zu parameters sit at kinks", what, kinks,
          m.n_params);
    CHECK(nonzero >= o->min_nonzero, "%s: only %zu of %zu gradients are non-zero", what, nonzero,
          m.n_params);
    fprintf(stderr, "%s: %zu parameters, %zu non-zero gradients, %zu at kinks skipped\n", what,
            m.n_params, nonzero, kinks);
    float y[N * 4];
    inr_model_forward(&m, m.params, x, y, N, work);
    double sse = 0;
    for (int i = 0; i < N * cfg.out_dim; i++) sse += (double)(y[i] - t[i]) * (y[i] - t[i]);
    double reg2 = 0, sse2 = inr_model_forward_backward_reg(&m, m.params, x, t, N, scale, scratch,
                                                           work, &reg2);
    CHECK_CLOSE(sse, sse2, 1e-6, 1e-5);
    free(grad);
    free(scratch);
    free(work);
    inr_model_free(&m);
    return reg;
}

#endif
