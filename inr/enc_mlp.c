/* enc_mlp.c - the encoding + MLP family (model_kinds.h): SIREN (identity
 * encoding, sine MLP; METHODS 2.1), Fourier features + ReLU MLP (METHODS 2.2) and
 * the hash grid + ReLU MLP (METHODS 2.3), as tiny-cuda-nn composes them. The
 * network is m->layer[]: the encoding layer (FOURIER or HASHGRID; none for
 * SIREN), then dense layers; the kinds' own files (siren.c, ffn.c,
 * hashgrid_kind.c) add their encoding and say how dense layers start. */
#include <math.h>
#include <string.h>

#include "kind_carve.h"
#include "ops_cpu.h"

void inr_enc_mlp_add_mlp(inr_model *m, int in, inr_activation act, float w0_first, float w0)
{
    const inr_config *c = &m->cfg;
    for (int i = 0; i < c->layers; i++, in = c->width)
        inr_model_add_dense(m, "", m->n_layers, in, c->width, act, i ? w0 : w0_first);
    inr_model_add_dense(m, "", m->n_layers, c->width, c->out_dim, ACT_NONE, 1.0f);
}

void inr_enc_mlp_init(inr_model *m, inr_rng *rng,
                      float (*bound)(const inr_model *m, const inr_layer *L, int first))
{
    const inr_config *c = &m->cfg;
    int first_dense = 1;
    for (int l = 0; l < m->n_layers; l++) {
        inr_layer *L = &m->layer[l];
        float *W = m->params + L->w_offset;
        if (L->kind == LAYER_FOURIER) {
            /* METHODS 2.2: B ~ N(0, sigma^2), fixed. */
            for (size_t i = 0; i < (size_t)L->out / 2 * L->in; i++)
                W[i] = c->ffn.sigma * inr_rng_normal(rng);
            continue;
        }
        if (L->kind == LAYER_HASHGRID) {
            /* METHODS 2.3: tables ~ U(-1e-4, 1e-4) (grid_init). */
            inr_fill_uniform(rng, W, inr_grid_floats(&m->grid), c->grid.init_range);
            continue;
        }
        /* PyTorch's nn.Linear default (kaiming_uniform, a = sqrt 5). */
        float w_bound = bound ? bound(m, L, first_dense) : 1.0f / sqrtf((float)L->in);
        inr_fill_uniform(rng, W, (size_t)L->out * L->in, w_bound);
        inr_fill_uniform(rng, m->params + L->b_offset, (size_t)L->out, 1.0f / sqrtf((float)L->in));
        first_dense = 0;
    }
}

void inr_enc_mlp_init_linear(inr_model *m, inr_rng *rng)
{
    inr_enc_mlp_init(m, rng, NULL);
}

static int has_aux(const inr_layer *L) { return L->kind == LAYER_DENSE && L->act == ACT_SINE; }

size_t inr_enc_mlp_carve(const inr_model *m, size_t N, size_t align, float *work,
                         inr_enc_mlp_buffers *b, int training)
{
    size_t p = 0;
    memset(b, 0, sizeof *b);
    if (!training) {
        b->buf[0] = inr_take_aligned(work, &p, N * m->max_width, align);
        b->buf[1] = inr_take_aligned(work, &p, N * m->max_width, align);
        return p;
    }
    for (int l = 0; l < m->n_layers; l++) {
        const inr_layer *L = &m->layer[l];
        b->act[l] = inr_take_aligned(work, &p, N * L->out, align);
        if (has_aux(L)) b->aux[l] = inr_take_aligned(work, &p, N * L->out, align);
    }
    b->delta = inr_take_aligned(work, &p, N * m->max_width, align);
    b->delta_prev = inr_take_aligned(work, &p, N * m->max_width, align);
    return p;
}

/* Training needs more than evaluation (the same two (N, max_width) and
 * more). */
size_t inr_enc_mlp_workspace(const inr_model *m, int N)
{
    inr_enc_mlp_buffers b;
    return inr_enc_mlp_carve(m, (size_t)N, 1, NULL, &b, 1);
}

/* bf16: a layer marked bf16 runs its product in bf16 (training, and
 * evaluations set to bf16 by inr_model_eval_precision). */
static void dense_forward(const inr_layer *L, const float *params, const float *x, float *y,
                          float *aux, int N, int bf16)
{
    size_t n = (size_t)N * L->out;
    if (bf16 && L->bf16)
        linear_forward_bf16_cpu(x, params + L->w_offset, params + L->b_offset, y, N, L->in, L->out);
    else
        linear_forward_cpu(x, params + L->w_offset, params + L->b_offset, y, N, L->in, L->out);
    if (L->act == ACT_SINE) sine_forward_cpu(y, aux, L->w0, n);
    else if (L->act == ACT_RELU) relu_forward_cpu(y, n);
}

void dense_forward_cpu(const inr_layer *L, const float *params, const float *x,
                       float *y, float *aux, int N)
{
    dense_forward(L, params, x, y, aux, N, 0);
}

void dense_backward_cpu(const inr_layer *L, const float *params, const float *x,
                        const float *y, const float *aux, float *delta, float *grad,
                        float *dx, int N)
{
    size_t n = (size_t)N * L->out;
    if (L->act == ACT_SINE) sine_backward_cpu(delta, aux, delta, n);
    else if (L->act == ACT_RELU) relu_backward_cpu(delta, y, delta, n);
    (L->bf16 ? linear_backward_bf16_cpu : linear_backward_cpu)(
        x, params + L->w_offset, delta, grad + L->w_offset, grad + L->b_offset, dx, N, L->in,
        L->out);
}

/* Runs layer l of model m on input x (N,in) into y (N,out); aux gets w0*cos
 * for sine; bf16: the products of layers marked bf16 in bf16 (training,
 * or an evaluation set to bf16). */
static void layer_forward(const inr_model *m, const inr_layer *L, const float *params,
                          const float *x, float *y, float *aux, int N, int bf16)
{
    if (L->kind == LAYER_FOURIER) {
        fourier_forward_cpu(x, params + L->w_offset, y, N, L->in, L->out / 2);
        return;
    }
    if (L->kind == LAYER_HASHGRID) {
        hashgrid_forward_cpu(&m->grid, params, x, y, N);
        return;
    }
    dense_forward(L, params, x, y, aux, N, bf16);
}

void inr_enc_mlp_forward(const inr_model *m, const float *params, const float *x, float *y,
                         int N, float *work)
{
    inr_enc_mlp_buffers b;
    inr_enc_mlp_carve(m, (size_t)N, 1, work, &b, 0);
    const float *in = x;
    for (int l = 0; l < m->n_layers; l++) {
        float *out = l == m->n_layers - 1 ? y : b.buf[l & 1];
        layer_forward(m, &m->layer[l], params, in, out, NULL, N, m->eval_bf16);
        in = out;
    }
}

double inr_enc_mlp_forward_backward(const inr_model *m, const float *params, const float *x,
                                    const float *t, int N, float loss_scale, float *grad,
                                    float *work, double *reg)
{
    *reg = 0.0;
    inr_enc_mlp_buffers b;
    inr_enc_mlp_carve(m, (size_t)N, 1, work, &b, 1);
    float **act_out = b.act, **aux = b.aux;
    const float *act_in[INR_MAX_LAYERS + 1];
    act_in[0] = x;
    for (int l = 0; l < m->n_layers; l++) {
        layer_forward(m, &m->layer[l], params, act_in[l], act_out[l], aux[l], N, 1);
        act_in[l + 1] = act_out[l];
    }
    float *delta = b.delta, *delta_prev = b.delta_prev;
    const inr_layer *last = &m->layer[m->n_layers - 1];
    double sse = mse_forward_backward_cpu(act_out[m->n_layers - 1], t, delta,
                                          loss_scale, (size_t)N * last->out);
    for (int l = m->n_layers - 1; l >= 0; l--) {
        const inr_layer *L = &m->layer[l];
        if (L->kind == LAYER_FOURIER) break;  /* nothing trainable below */
        if (L->kind == LAYER_HASHGRID) {
            /* Sparse scatter into the tables; no input gradient needed. */
            hashgrid_backward_cpu(&m->grid, params, act_in[l], delta, grad, NULL, N);
            break;
        }
        int need_dx = l > 0 && m->layer[l - 1].kind != LAYER_FOURIER;
        dense_backward_cpu(L, params, act_in[l], act_out[l], aux[l], delta, grad,
                           need_dx ? delta_prev : NULL, N);
        float *swap = delta;
        delta = delta_prev;
        delta_prev = swap;
    }
    return sse;
}
