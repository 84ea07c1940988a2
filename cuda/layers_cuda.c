/* layers_cuda.c - the model kinds that are a plain chain of layers (SIREN,
 * FFN, hash grid) on CUDA: each layer kind's forward/backward, and the walk
 * of inr_model_forward_backward (inr/model.c) layer for layer. */
#include "kinds_cuda.h"

typedef struct {
    /* y (N,out) = layer(x (N,in)); aux (N,out), when not NULL, gets what
     * the backward needs (sine: w0 cos); NULL at inference. */
    void (*forward)(inr_cuda_ctx *ctx, const inr_model *m, const inr_layer *L,
                    const float *params, const float *x, float *y, float *aux, int N);
    /* From delta = dL/dy (N,out), overwritten: grad (the layer's slice of the
     * flat buffer) += its gradient, dx (N,in) = dL/dx unless NULL. NULL: the
     * layer trains nothing and neither does anything below it (the walk
     * stops), as the frozen Fourier layer. */
    void (*backward)(inr_cuda_ctx *ctx, const inr_model *m, const inr_layer *L,
                     const float *params, const float *x, const float *y, const float *aux,
                     float *delta, float *grad, float *dx, int N);
} cuda_layer_ops;

static void dense_forward(inr_cuda_ctx *ctx, const inr_model *m, const inr_layer *L,
                          const float *params, const float *x, float *y, float *aux, int N)
{
    (void)m;
    dense_forward_cuda(ctx, L, params, x, y, aux, N);
}

static void dense_backward(inr_cuda_ctx *ctx, const inr_model *m, const inr_layer *L,
                           const float *params, const float *x, const float *y,
                           const float *aux, float *delta, float *grad, float *dx, int N)
{
    (void)m;
    dense_backward_cuda(ctx, L, params, x, y, aux, delta, grad, dx, N);
}

static void fourier_forward(inr_cuda_ctx *ctx, const inr_model *m, const inr_layer *L,
                            const float *params, const float *x, float *y, float *aux, int N)
{
    (void)m;
    (void)aux;
    fourier_forward_cuda(ctx, x, params + L->w_offset, y, N, L->in, L->out / 2);
}

/* The hash encoding (METHODS 2.3) of the model's grid; tables in params. */
static void hashgrid_forward(inr_cuda_ctx *ctx, const inr_model *m, const inr_layer *L,
                             const float *params, const float *x, float *y, float *aux, int N)
{
    (void)L;
    (void)aux;
    hashgrid_forward_cuda(ctx, &m->grid, params, x, y, N);
}

/* Scatter-add into the tables; dx only if a layer below wanted it (the
 * encoding is the first layer, so never today). */
static void hashgrid_backward(inr_cuda_ctx *ctx, const inr_model *m, const inr_layer *L,
                              const float *params, const float *x, const float *y,
                              const float *aux, float *delta, float *grad, float *dx, int N)
{
    (void)L;
    (void)y;
    (void)aux;
    hashgrid_backward_cuda(ctx, &m->grid, params, x, delta, grad, dx, N);
}

static const cuda_layer_ops LAYER_OPS[] = {
    [LAYER_DENSE] = { .forward = dense_forward, .backward = dense_backward },
    [LAYER_FOURIER] = { .forward = fourier_forward, .backward = NULL },
    [LAYER_HASHGRID] = { .forward = hashgrid_forward, .backward = hashgrid_backward },
};

static const cuda_layer_ops *layer_ops(const inr_layer *L)
{
    size_t k = (size_t)L->kind;
    return k < sizeof LAYER_OPS / sizeof LAYER_OPS[0] && LAYER_OPS[k].forward ? &LAYER_OPS[k]
                                                                               : NULL;
}

static inr_status layers_supports(const inr_model *m)
{
    for (int l = 0; l < m->n_layers; l++)
        if (!layer_ops(&m->layer[l]))
            return inr_fail(INR_ERR_UNSUPPORTED, "--model %s: layer %d has no CUDA kernels yet (use --device cpu)",
                            inr_model_name(m->cfg.kind), l);
    return INR_OK;
}

/* Training N rows: each layer's output (+ w0 cos for sine), then two
 * (N, max_width) deltas; evaluating: two ping-pong activations. */
static size_t layers_train_floats(const inr_model *m, size_t N)
{
    inr_enc_mlp_buffers b;
    return inr_enc_mlp_carve(m, N, CUDA_ALIGN_FLOATS, NULL, &b, 1);
}

static size_t layers_eval_floats(const inr_model *m, size_t N)
{
    inr_enc_mlp_buffers b;
    return inr_enc_mlp_carve(m, N, CUDA_ALIGN_FLOATS, NULL, &b, 0);
}

static void layers_forward(inr_cuda_ctx *ctx, const inr_model *m, const float *params,
                           const float *x, float *y, int N, float *work)
{
    inr_enc_mlp_buffers b;
    inr_enc_mlp_carve(m, (size_t)N, CUDA_ALIGN_FLOATS, work, &b, 0);
    const float *in = x;
    for (int l = 0; l < m->n_layers; l++) {
        float *o = l == m->n_layers - 1 ? y : b.buf[l & 1];
        layer_ops(&m->layer[l])->forward(ctx, m, &m->layer[l], params, in, o, NULL, N);
        in = o;
    }
}

static void layers_forward_backward(inr_cuda_ctx *ctx, const inr_model *m, const float *params,
                                    const float *x, const float *tg, int N, float loss_scale,
                                    float *grad, float *work, double *sse, double *reg_sse)
{
    (void)reg_sse;
    inr_enc_mlp_buffers b;
    inr_enc_mlp_carve(m, (size_t)N, CUDA_ALIGN_FLOATS, work, &b, 1);
    float **act_out = b.act, **aux = b.aux;
    const float *act_in[INR_MAX_LAYERS + 1];
    act_in[0] = x;
    for (int l = 0; l < m->n_layers; l++) {
        const inr_layer *L = &m->layer[l];
        layer_ops(L)->forward(ctx, m, L, params, act_in[l], act_out[l], aux[l], N);
        act_in[l + 1] = act_out[l];
    }
    float *delta = b.delta, *delta_prev = b.delta_prev;
    const inr_layer *last = &m->layer[m->n_layers - 1];
    mse_forward_backward_cuda(ctx, act_out[m->n_layers - 1], tg, delta, loss_scale,
                              (size_t)N * last->out, sse);
    int l = m->n_layers - 1;
    /* A linear output layer with few outputs (C <= 4) and a dense layer
     * under it: its dx (N, width) is never formed; the layer under it forms
     * dy W itself (dense_backward_folded_cuda). */
    if (l >= 1 && dense_foldable_cuda(&m->layer[l - 1], &m->layer[l])) {
        const inr_layer *top = &m->layer[l], *L = &m->layer[l - 1];
        dense_backward_cuda(ctx, top, params, act_in[l], act_out[l], aux[l], delta, grad, NULL, N);
        int need_dx = l - 1 > 0 && layer_ops(&m->layer[l - 2])->backward != NULL;
        dense_backward_folded_cuda(ctx, L, top, params, act_in[l - 1], act_out[l - 1], aux[l - 1],
                                   delta, delta_prev, grad, need_dx ? delta : NULL, N);
        l -= 2;  /* delta now holds dL/dy of layer l */
    }
    for (; l >= 0; l--) {
        const inr_layer *L = &m->layer[l];
        const cuda_layer_ops *ops = layer_ops(L);
        if (!ops->backward) break;  /* nothing trainable below */
        int need_dx = l > 0 && layer_ops(&m->layer[l - 1])->backward != NULL;
        ops->backward(ctx, m, L, params, act_in[l], act_out[l], aux[l], delta, grad,
                      need_dx ? delta_prev : NULL, N);
        float *swap = delta;
        delta = delta_prev;
        delta_prev = swap;
    }
}

const cuda_kind_ops cuda_layers_kind = {
    .supports = layers_supports,
    .train_floats = layers_train_floats,
    .eval_floats = layers_eval_floats,
    .forward = layers_forward,
    .forward_backward = layers_forward_backward,
};
