/* hcinr_cuda.c - HC-INR (METHODS 2.5) on CUDA: the twin of hcinr_forward /
 * hcinr_forward_backward (inr/hcinr.c, where the project's reading is
 * written down), step for step: latent grid, hypernetwork, warp chain
 * (inr/hcinr_warp.h, one thread per point), field SIREN.
 *
 * Shapes: N points, d dims, S scales, F latent features, C channels. */
#include "hcinr.h"
#include "hcinr_cuda.h"
#include "kinds_cuda.h"

typedef inr_hcinr_buffers hc_buffers;

static size_t carve(const inr_model *m, size_t N, float *work, hc_buffers *b, int training)
{
    return inr_hcinr_carve(m, N, CUDA_ALIGN_FLOATS, work, b, training);
}

static size_t hcinr_train_floats(const inr_model *m, size_t N)
{
    hc_buffers b;
    return carve(m, N, NULL, &b, 1);
}

static size_t hcinr_eval_floats(const inr_model *m, size_t N)
{
    hc_buffers b;
    return carve(m, N, NULL, &b, 0);
}

/* z(x), the hypernetwork, the warp chain and the field; the field's output
 * into out (NULL: into f_act). */
static void model_forward(inr_cuda_ctx *ctx, const inr_model *m, const float *params,
                          const float *x, float *out, int N, hc_buffers *b)
{
    int d = m->cfg.in_dim, S = m->cfg.hcinr.scales, G = inr_hcinr_field_count(m);
    hashgrid_forward_cuda(ctx, &m->grid, params, x, b->z, N);
    mlp_forward_cuda(ctx, m, params, HC_HYPER_FIRST, HC_HYPER_COUNT, b->z, b->h_act, NULL, N);
    hcinr_warp_forward_cuda(ctx, x, b->h_act[HC_HYPER_COUNT - 1], b->u, b->th, N, d, S);
    float *act[INR_MAX_LAYERS];
    for (int i = 0; i < G; i++) act[i] = i == G - 1 && out ? out : b->f_act[i];
    mlp_forward_cuda(ctx, m, params, HC_FIELD_FIRST, G, b->u, act, b->f_aux, N);
}

static void hcinr_forward(inr_cuda_ctx *ctx, const inr_model *m, const float *params,
                          const float *x, float *y, int N, float *work)
{
    hc_buffers b;
    carve(m, (size_t)N, work, &b, 0);
    model_forward(ctx, m, params, x, y, N, &b);
}

static void hcinr_forward_backward(inr_cuda_ctx *ctx, const inr_model *m, const float *params,
                                   const float *x, const float *t, int N, float loss_scale,
                                   float *grad, float *work, double *sse, double *reg_sse)
{
    (void)reg_sse;
    int d = m->cfg.in_dim, S = m->cfg.hcinr.scales, C = m->cfg.out_dim;
    int G = inr_hcinr_field_count(m);
    hc_buffers b;
    carve(m, (size_t)N, work, &b, 1);
    model_forward(ctx, m, params, x, NULL, N, &b);
    mse_forward_backward_cuda(ctx, b.f_act[G - 1], t, b.delta, loss_scale, (size_t)N * C, sse);
    mlp_backward_cuda(ctx, m, params, HC_FIELD_FIRST, G, b.u, b.f_act, b.f_aux, b.delta,
                      b.scratch, grad, b.du, N);
    /* dp (N,P) into delta, then the hypernetwork and the latent grid. */
    const float *p = b.h_act[HC_HYPER_COUNT - 1];
    hcinr_warp_backward_cuda(ctx, x, p, b.u, b.th, b.du, b.delta, N, d, S);
    mlp_backward_cuda(ctx, m, params, HC_HYPER_FIRST, HC_HYPER_COUNT, b.z, b.h_act, NULL,
                      b.delta, b.scratch, grad, b.dz, N);
    hashgrid_backward_cuda(ctx, &m->grid, params, x, b.dz, grad, NULL, N);
}

const cuda_kind_ops cuda_hcinr_kind = {
    .supports = NULL,
    .train_floats = hcinr_train_floats,
    .eval_floats = hcinr_eval_floats,
    .forward = hcinr_forward,
    .forward_backward = hcinr_forward_backward,
};
