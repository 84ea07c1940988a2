/* nstr_cuda.c - NSTR (METHODS 2.4) on CUDA: the twin of nstr_forward /
 * nstr_forward_backward (inr/nstr.c, where the project's reading is
 * written down), step for step, over the kernels of ops_cuda.h.
 *
 * Shapes: N points, d dims, K bases, W = inr_nstr_width components of S,
 * C channels. Differences from the CPU walk: S and grad_x S come from fused level sums (no per-level arrays),
 * both in one pass when training with the regulariser, and their
 * backwards too (one atomic per corner for both, at the end: J's buffer
 * keeps dL/dJ once the residual is formed); the sums are the same. */
#include "kinds_cuda.h"

typedef inr_nstr_buffers nstr_buffers;

/* The CPU's carve without the per-level arrays, F_theta only to train. */
static size_t carve(const inr_model *m, size_t N, float *work, nstr_buffers *b, int training)
{
    int parts = training ? NSTR_CARVE_TRANSPORT | NSTR_CARVE_TRAIN : 0;
    return inr_nstr_carve(m, N, CUDA_ALIGN_FLOATS, work, b, parts);
}

static size_t nstr_train_floats(const inr_model *m, size_t N)
{
    nstr_buffers b;
    return carve(m, N, NULL, &b, 1);
}

static size_t nstr_eval_floats(const inr_model *m, size_t N)
{
    nstr_buffers b;
    return carve(m, N, NULL, &b, 0);
}

/* S (N,W: the amplitudes, then with --phase-field 1 the phases; and, when
 * J is not NULL, J = grad_x S scaled by inr_nstr_grad_unit), its modulated
 * sines (feat) and g_phi; g_phi's output into out. */
static void data_forward(inr_cuda_ctx *ctx, const inr_model *m, const float *params,
                         const float *x, float *out, int N, nstr_buffers *b, float *J)
{
    int d = m->cfg.in_dim, K = m->cfg.nstr.bases, G = inr_nstr_g_count(m);
    if (J) grid_sum_jacobian_cuda(ctx, &m->grid, params, x, inr_nstr_grad_unit(m), b->S, J, N);
    else grid_sum_levels_cuda(ctx, &m->grid, params, x, b->S, N);
    nstr_modulate_cuda(ctx, x, params + m->extra_offset[0], params + m->extra_offset[1], b->S,
                       b->sn, b->cs, b->feat, N, d, K, inr_nstr_width(m), inr_nstr_phase_col(m));
    float *act[INR_MAX_LAYERS];
    for (int i = 0; i < G; i++) act[i] = i == G - 1 && out ? out : b->g_act[i];
    mlp_forward_cuda(ctx, m, params, 0, G, b->feat, act, NULL, N);
}

static void nstr_forward(inr_cuda_ctx *ctx, const inr_model *m, const float *params,
                         const float *x, float *y, int N, float *work)
{
    nstr_buffers b;
    carve(m, (size_t)N, work, &b, 0);
    data_forward(ctx, m, params, x, y, N, &b, NULL);
}

/* lambda mean |grad_x S - F_theta([x,] S)|^2 (nstr.c), J (= grad_x S,
 * scaled) from data_forward: grad flows into F_theta, dS += its part, and
 * J's buffer gets dL/dF = -dL/dJ for the tables' backward. */
static void transport_backward(inr_cuda_ctx *ctx, const inr_model *m, const float *params,
                               const float *x, int N, float loss_scale, float *grad,
                               double *reg_sse, nstr_buffers *b)
{
    const inr_config *c = &m->cfg;
    int d = c->in_dim, W = inr_nstr_width(m), X = inr_nstr_tin_x(m);
    concat_cols_cuda(ctx, x, b->S, b->tin, N, X, W);
    mlp_forward_cuda(ctx, m, params, inr_nstr_f_first(m), NSTR_TRANSPORT_LAYERS, b->tin,
                     b->f_act, NULL, N);
    /* Mean over the W d components instead of the data term's C: delta =
     * dL/dF = 2 weight (F - J) = -dscale r of nstr.c. */
    mse_forward_backward_cuda(ctx, b->f_act[NSTR_TRANSPORT_LAYERS - 1], b->J, b->delta,
                              (float)inr_nstr_reg_weight(m, loss_scale), (size_t)N * W * d,
                              reg_sse);
    /* Kept for the tables (dL/d(sum of the levels' jacobians) = -unit
     * delta): F_theta's backward clobbers delta. */
    inr_cuda_copy(ctx, b->J, b->delta, sizeof(float) * (size_t)N * W * d);
    mlp_backward_cuda(ctx, m, params, inr_nstr_f_first(m), NSTR_TRANSPORT_LAYERS, b->tin,
                      b->f_act, NULL, b->delta, b->scratch, grad, b->dtin, N);
    add_cols_cuda(ctx, b->dtin, X + W, X, b->dS, N, W);
}

static void nstr_forward_backward(inr_cuda_ctx *ctx, const inr_model *m, const float *params,
                                  const float *x, const float *t, int N, float loss_scale,
                                  float *grad, float *work, double *sse, double *reg_sse)
{
    const inr_config *c = &m->cfg;
    int d = c->in_dim, K = c->nstr.bases, C = c->out_dim, G = inr_nstr_g_count(m);
    int W = inr_nstr_width(m), P = inr_nstr_phase_col(m);
    nstr_buffers b;
    carve(m, (size_t)N, work, &b, 1);
    int reg = c->nstr.lambda > 0;
    data_forward(ctx, m, params, x, NULL, N, &b, reg ? b.J : NULL);
    mse_forward_backward_cuda(ctx, b.g_act[G - 1], t, b.delta, loss_scale, (size_t)N * C, sse);
    /* dfeat (N,K) lands in dS (with the phase field in dtin, free until
     * the transport term), then splits into dS and dtheta (in cs). */
    float *dfeat = P ? b.dtin : b.dS;
    mlp_backward_cuda(ctx, m, params, 0, G, b.feat, b.g_act, NULL, b.delta, b.scratch, grad,
                      dfeat, N);
    nstr_modulate_backward_cuda(ctx, dfeat, b.dS, b.sn, b.cs, b.S, N, K, W, P);
    linear_backward_cuda(ctx, x, params + m->extra_offset[0], b.cs, grad + m->extra_offset[0],
                         grad + m->extra_offset[1], NULL, N, d, K);
    if (reg) {
        transport_backward(ctx, m, params, x, N, loss_scale, grad, reg_sse, &b);
        grid_sum_jacobian_backward_cuda(ctx, &m->grid, x, b.dS, b.J, -inr_nstr_grad_unit(m),
                                        grad, N);
    } else {
        grid_sum_levels_backward_cuda(ctx, &m->grid, x, b.dS, grad, N);
    }
}

const cuda_kind_ops cuda_nstr_kind = {
    .supports = NULL,
    .train_floats = nstr_train_floats,
    .eval_floats = nstr_eval_floats,
    .forward = nstr_forward,
    .forward_backward = nstr_forward_backward,
    .reg_weight = inr_nstr_reg_weight,
};
