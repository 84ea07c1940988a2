/* test_model_gradients.c - finite-difference checks of whole hash-grid,
 * NSTR and HC-INR models (every parameter of a small network): NSTR with
 * its data term alone and with a strong transport regulariser (whose
 * gradient runs through grad_x S and F_theta), HC-INR through the latent
 * grid, the hypernetwork and the whole warp chain. */
#include <string.h>

#include "check.h"
#include "model.h"
#include "ops_cpu.h"
#include "rng.h"

/* As test_gradients.c: central differences in float32 with h = 1e-3;
 * rounding error ~1e-7 |loss| / h ~ 1e-4 on O(1) losses, truncation O(h^2).
 * ReLU sub-networks (g_phi, F_theta, the hypernetwork) have kinks: with
 * thousands of pre-activations some cross zero within h. Where the central
 * difference disagrees, a parameter whose one-sided differences (forward and
 * backward, step h) disagree with each other sits at such a kink (on a smooth
 * loss they differ by h f'', far below the tolerance here) and is skipped;
 * at most 2% may be, while a real bug spoils whole tensors. */
#define FD_H 1e-3f
#define FD_ATOL 2e-3
#define FD_RTOL 2e-2

static void fill(inr_rng *rng, float *p, size_t n, float scale)
{
    for (size_t i = 0; i < n; i++) p[i] = scale * inr_rng_range(rng, -1.0f, 1.0f);
}

/* Total loss: data MSE plus the regulariser. */
static double total_loss(const inr_model *m, const float *x, const float *t, int N,
                         float scale, float *work, float *scratch_grad)
{
    double reg = 0;
    double sse = inr_model_forward_backward_reg(m, m->params, x, t, N, scale, scratch_grad,
                                                work, &reg);
    return sse * scale + reg;
}

/* Central difference of the loss in parameter i; *kink set when the
 * forward and backward one-sided differences disagree. */
static double central_difference(inr_model *m, size_t i, float h, const float *x,
                                 const float *t, int N, float scale, float *work,
                                 float *scratch, int *kink)
{
    float keep = m->params[i];
    double mid = total_loss(m, x, t, N, scale, work, scratch);
    m->params[i] = keep + h;
    double up = total_loss(m, x, t, N, scale, work, scratch);
    m->params[i] = keep - h;
    double down = total_loss(m, x, t, N, scale, work, scratch);
    m->params[i] = keep;
    double fwd = (up - mid) / h, bwd = (mid - down) / h;
    *kink = fabs(fwd - bwd) > FD_ATOL + FD_RTOL * fabs(fwd);
    return (up - down) / (2 * h);
}

/* Returns the regulariser value at the initial parameters; at least
 * min_nonzero gradients must be non-zero (so the check is not vacuous). */
static double check_model(inr_config cfg, const char *what, float param_noise,
                          size_t min_nonzero)
{
    inr_model m;
    CHECK(inr_model_create(&m, &cfg) == INR_OK, "%s: %s", what, inr_error());
    inr_model_init(&m);
    inr_rng rng;
    inr_rng_seed(&rng, 3);
    /* Init leaves grids near zero or constant: perturb every parameter so
     * that every path carries signal. */
    for (size_t i = 0; i < m.n_params; i++) m.params[i] += param_noise * inr_rng_range(&rng, -1, 1);
    enum { N = 19 };
    float x[N * 3], t[N * 4];
    fill(&rng, x, (size_t)N * cfg.in_dim, 0.9f);
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
            int kink;
            double fd = central_difference(&m, i, FD_H, x, t, N, scale, work, scratch, &kink);
            nonzero += grad[i] != 0.0f;
            if (fabs(grad[i] - fd) <= FD_ATOL + FD_RTOL * fabs(fd)) continue;
            if (kink) {
                kinks++;
                continue;
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
    CHECK(nonzero >= min_nonzero, "%s: only %zu of %zu gradients are non-zero", what, nonzero,
          m.n_params);
    fprintf(stderr, "%s: %zu parameters, %zu non-zero gradients, %zu at kinks skipped\n", what,
            m.n_params, nonzero, kinks);
    /* forward() agrees with the forward half of forward_backward(). */
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

int main(void)
{
    blas_use_single_thread();

    /* Hash grid: a dense level (res 4) and a hashed one (res 16 > 2^6 rows in 2-D). */
    inr_config hg = inr_config_default(INR_MODEL_HASHGRID, 2, 3);
    hg.levels = 2;
    hg.features = 2;
    hg.log2_table = 6;
    hg.base_res = 4;
    hg.growth = 4;
    hg.width = 8;
    hg.layers = 2;
    check_model(hg, "hashgrid 2-D", 0.5f, 100);
    hg.in_dim = 1;
    hg.out_dim = 2;
    check_model(hg, "hashgrid 1-D", 0.5f, 80);

    /* NSTR: small sigma keeps sin(Omega x) smooth at the FD step. */
    inr_config ns = inr_config_default(INR_MODEL_NSTR, 2, 2);
    ns.bases = 3;
    ns.levels = 2;
    ns.base_res = 4;
    ns.max_res = 8;
    ns.width = 6;
    ns.layers = 1;
    ns.sigma = 2;
    ns.lambda = 0;
    double reg0 = check_model(ns, "nstr data term", 0.3f, 150);
    CHECK(reg0 == 0, "lambda 0 gave a regulariser %g", reg0);
    /* A strong regulariser so that its gradient dominates the check. */
    ns.lambda = 5;
    double reg = check_model(ns, "nstr with transport term", 0.3f, 2000);
    CHECK(reg > 1e-3, "regulariser %g is too small to test anything", reg);
    ns.in_dim = 1;
    ns.out_dim = 1;
    check_model(ns, "nstr 1-D with transport term", 0.3f, 1500);

    /* HC-INR: small w0 keeps the SIREN smooth at the FD step. */
    inr_config hc = inr_config_default(INR_MODEL_HCINR, 2, 2);
    hc.scales = 3;
    hc.latent_res = 4;
    hc.latent_features = 3;
    hc.width = 10;
    hc.layers = 2;
    hc.w0 = 2;
    hc.w0_first = 3;
    check_model(hc, "hcinr 2-D", 0.3f, 1000);
    hc.in_dim = 1;
    hc.out_dim = 1;
    hc.scales = 2;
    check_model(hc, "hcinr 1-D", 0.3f, 300);
    return check_result();
}
