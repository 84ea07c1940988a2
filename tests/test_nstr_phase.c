/* test_nstr_phase.c - NSTR's phase field (--phase-field 1, inr/nstr.c): S
 * is 2K wide, amplitudes then phases; the untrained model has phases 0 on
 * the coarsest level and amplitudes 1; the frequency field weighs
 * |Omega_k + grad_x phi_k| by a_k^2. A phase ramp c k_0 over the vertices
 * of the coarsest (dense) level has grad_x phi = (c s_0 / 2, 0), exactly
 * (d-linear interpolation of a linear function). */
#include <math.h>

#include "check.h"
#include "fields.h"
#include "model_kinds.h"

int main(void)
{
    enum { K = 3, NP = 50 };
    inr_config c = inr_config_default(INR_MODEL_NSTR, 2, 1);
    c.nstr.bases = K;
    c.width = 8;
    c.grid.levels = 2;
    c.grid.base_res = 4;
    c.grid.max_res = 8;
    inr_model m0, m;
    c.nstr.phase_field = 0;
    CHECK(inr_model_create(&m0, &c) == INR_OK, "nstr: %s", inr_error());
    c.nstr.phase_field = 1;
    CHECK(inr_model_create(&m, &c) == INR_OK, "nstr phase field: %s", inr_error());
    if (check_failures) return check_result();
    inr_model_init(&m);
    const inr_grid *g = &m.grid;
    CHECK(g->features == 2 * K && inr_nstr_width(&m) == 2 * K && inr_nstr_phase_col(&m) == K,
          "S of width %d, features %d", inr_nstr_width(&m), g->features);
    /* Twice S's tables, F_theta's wider input and output: the only growth. */
    size_t rows = 0;
    for (int l = 0; l < g->levels; l++) rows += g->rows[l];
    size_t grow = rows * K + (size_t)K * NSTR_TRANSPORT_WIDTH + (size_t)NSTR_TRANSPORT_WIDTH * K * 2 +
                  (size_t)K * 2;
    CHECK(m.n_params == m0.n_params + grow, "parameters %zu, want %zu + %zu", m.n_params,
          m0.n_params, grow);

    /* Initial coarsest level: amplitudes 1, phases 0. */
    const float *t0 = m.params + g->offset[0];
    int bad = 0;
    for (size_t i = 0; i < g->rows[0] * g->features; i++)
        bad += t0[i] != ((int)(i % g->features) < K ? 1.0f : 0.0f);
    CHECK(bad == 0, "%d entries of the coarsest level are not 1 (amplitudes) or 0 (phases)", bad);

    /* Amplitudes 1, 2, 0.5 on the coarsest level, a phase ramp on it, the
     * finer level 0: nu = sum a^2 |Omega + (c s_0/2, 0)| / sum a^2. */
    const float amp[K] = { 1.0f, 2.0f, 0.5f }, ramp[K] = { 0.5f, -1.0f, 0.25f };
    int res = g->res[0];
    for (size_t r = 0; r < g->rows[0]; r++)
        for (int k = 0; k < K; k++) {
            m.params[g->offset[0] + r * g->features + k] = amp[k];
            m.params[g->offset[0] + r * g->features + K + k] = ramp[k] * (float)(r % res);
        }
    for (size_t i = 0; i < g->rows[1] * g->features; i++) m.params[g->offset[1] + i] = 0.0f;
    const float *omega = m.params + m.extra_offset[0];
    double num = 0, den = 0;
    for (int k = 0; k < K; k++) {
        double gx = omega[k * 2] + ramp[k] * 0.5 * g->scale[0], gy = omega[k * 2 + 1];
        num += (double)amp[k] * amp[k] * sqrt(gx * gx + gy * gy);
        den += (double)amp[k] * amp[k];
    }
    double want = num / den;
    float x[NP * 2], nu[NP], flow[NP * 2];
    for (int n = 0; n < NP; n++) {
        x[2 * n] = -0.97f + 1.9f * (float)n / NP;
        x[2 * n + 1] = 0.9f - 1.7f * (float)((n * 7) % NP) / NP;
    }
    CHECK(inr_model_field(&m, "frequency", x, NP, nu, 1) == INR_OK, "%s", inr_error());
    double worst = 0;
    for (int n = 0; n < NP; n++) worst = fmax(worst, fabs(nu[n] - want));
    CHECK(worst < 1e-4 * want, "frequency off by %g of %g", worst, want);
    /* The flow runs (amplitudes' part; constant amplitudes: F_theta's guess). */
    CHECK(inr_model_field(&m, "flow", x, NP, flow, 1) == INR_OK, "%s", inr_error());
    int finite = 1;
    for (int i = 0; i < NP * 2; i++) finite &= isfinite(flow[i]) != 0;
    CHECK(finite, "the flow is not finite");
    inr_model_free(&m);
    inr_model_free(&m0);
    return check_result();
}
