/* model.c - layout, initialisation and chunked forward/backward of the
 * sequential models: SIREN (SPEC 2.1), Fourier-feature MLPs (SPEC 2.2) and
 * the hash grid + ReLU MLP (SPEC 2.3); NSTR and HC-INR are dispatched to
 * nstr.c and hcinr.c through their inr_model_ops. */
#include "model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_kinds.h"
#include "ops_cpu.h"

inr_config inr_config_default(inr_model_kind kind, int in_dim, int out_dim)
{
    inr_config c;
    memset(&c, 0, sizeof c);
    c.kind = kind;
    c.in_dim = in_dim;
    c.out_dim = out_dim;
    c.width = 256;
    c.layers = kind == INR_MODEL_FFN ? 3 : 4;
    c.w0 = 30.0f;
    /* SPEC 2.1: w0_first = 3000 is the SIREN audio baseline on [-1, 1]. */
    c.w0_first = in_dim == 1 ? 3000.0f : 30.0f;
    c.sigma = 10.0f;
    c.mapping = 256;
    c.init = INR_INIT_DEFAULT;
    c.seed = 0;
    /* SPEC 2.3, tiny-cuda-nn's image configuration. */
    c.levels = 16;
    c.features = 2;
    c.log2_table = 15;
    c.base_res = 16.0f;
    c.growth = 1.5f;
    c.max_res = 0.0f;
    c.grid_init = 1e-4f;
    /* SPEC 2.4 / 2.5 */
    c.bases = 64;
    c.lambda = 1e-3f;
    c.scales = 3;
    c.latent_res = in_dim == 1 ? 256 : 16;
    c.latent_features = 8;
    if (kind == INR_MODEL_HASHGRID) {
        c.width = 64;    /* SPEC 2.3: 2 hidden ReLU layers of 64 */
        c.layers = 2;
    } else if (kind == INR_MODEL_NSTR) {
        /* SPEC 2.4: g_phi with one hidden layer of 64; S on 3 dense levels
         * of 16..64 vertices (audio: 64..1024, a 1-D grid is cheap and audio
         * envelopes change faster). sigma is in radians per unit of x: 60
         * is about the FFN's 2 pi 10; `inrfit fit` sets it from the
         * target's spectral centroid. */
        c.width = 64;
        c.layers = 1;
        c.levels = 3;
        c.base_res = in_dim == 1 ? 64.0f : 16.0f;
        c.max_res = in_dim == 1 ? 1024.0f : 64.0f;
        c.sigma = in_dim == 1 ? 3000.0f : 60.0f;
    } else if (kind == INR_MODEL_HCINR) {
        c.width = 128;   /* SPEC 2.5: compact SIREN, width 64-128, 2-3 layers */
        c.layers = 3;
    }
    return c;
}

const char *inr_model_name(inr_model_kind kind)
{
    switch (kind) {
    case INR_MODEL_SIREN: return "siren";
    case INR_MODEL_FFN: return "ffn";
    case INR_MODEL_HASHGRID: return "hashgrid";
    case INR_MODEL_NSTR: return "nstr";
    case INR_MODEL_HCINR: return "hcinr";
    }
    return "unknown";
}

inr_model_kind inr_model_parse(const char *name)
{
    if (strcmp(name, "siren") == 0) return INR_MODEL_SIREN;
    if (strcmp(name, "ffn") == 0) return INR_MODEL_FFN;
    if (strcmp(name, "hashgrid") == 0) return INR_MODEL_HASHGRID;
    if (strcmp(name, "nstr") == 0) return INR_MODEL_NSTR;
    if (strcmp(name, "hcinr") == 0) return INR_MODEL_HCINR;
    return 0;
}

/* Kinds with their own forward/backward (model_kinds.h); NULL: sequential. */
static const inr_model_ops *kind_ops(inr_model_kind kind)
{
    if (kind == INR_MODEL_NSTR) return &inr_nstr_ops;
    if (kind == INR_MODEL_HCINR) return &inr_hcinr_ops;
    return NULL;
}

size_t inr_model_add_tensor(inr_model *m, const char *name, size_t rows, size_t cols, int frozen)
{
    INR_ASSERT(m->n_tensors < INR_MAX_TENSORS);
    inr_tensor *t = &m->tensor[m->n_tensors++];
    size_t size = rows * (cols ? cols : 1);
    snprintf(t->name, sizeof t->name, "%s", name);
    t->offset = m->n_params;
    t->size = size;
    t->rows = rows;
    t->cols = cols;
    t->frozen = frozen;
    m->n_params += size;
    if (!frozen) m->n_trainable += size;
    return t->offset;
}

int inr_model_add_dense(inr_model *m, const char *prefix, int k, int in, int out,
                        inr_activation act, float w0)
{
    INR_ASSERT(m->n_layers < INR_MAX_LAYERS);
    int index = m->n_layers;
    inr_layer *l = &m->layer[m->n_layers++];
    char name[24];
    l->kind = LAYER_DENSE;
    l->act = act;
    l->in = in;
    l->out = out;
    l->w0 = w0;
    snprintf(name, sizeof name, "%sW%d", prefix, k);
    l->w_offset = inr_model_add_tensor(m, name, (size_t)out, (size_t)in, 0);
    snprintf(name, sizeof name, "%sb%d", prefix, k);
    l->b_offset = inr_model_add_tensor(m, name, (size_t)out, 0, 0);
    if (out > m->max_width) m->max_width = out;
    return index;
}

static void add_dense(inr_model *m, int in, int out, inr_activation act, float w0)
{
    inr_model_add_dense(m, "", m->n_layers, in, out, act, w0);
}

void inr_model_add_grid(inr_model *m, const char *prefix)
{
    char name[24];
    for (int l = 0; l < m->grid.levels; l++) {
        snprintf(name, sizeof name, "%s%d", prefix, l);
        m->grid.offset[l] = inr_model_add_tensor(m, name, m->grid.rows[l],
                                                 (size_t)m->grid.features, 0);
    }
}

/* The grid of the hash encoding or NSTR's S from the config's grid fields. */
static inr_status grid_from_config(inr_grid *g, const inr_config *c, int features, int dense)
{
    float growth = c->max_res > 0 ? inr_grid_growth_for(c->base_res, c->max_res, c->levels)
                                  : c->growth;
    return inr_grid_layout(g, c->in_dim, c->levels, features, c->base_res, growth,
                           c->log2_table, dense);
}

const char *inr_precision_name(inr_precision p) { return p == INR_PRECISION_BF16 ? "bf16" : "fp32"; }

/* --precision bf16: the products between two hidden layers. The coordinate
 * or encoding layer and the output layer stay fp32 (the first layer sees
 * w0_first-scaled coordinates whose bf16 rounding would shift every sine;
 * the output is where the loss is measured). */
static void mark_bf16_layers(inr_model *m)
{
    for (int l = 1; l + 1 < m->n_layers; l++)
        m->layer[l].bf16 = m->layer[l].kind == LAYER_DENSE && m->layer[l - 1].kind == LAYER_DENSE;
}

static inr_status check_config(const inr_config *c)
{
    if (c->in_dim < 1 || c->in_dim > 3) return inr_fail(INR_ERR_INVALID, "input dimension must be 1..3");
    if (c->out_dim < 1 || c->out_dim > INR_MAX_CHANNELS)
        return inr_fail(INR_ERR_INVALID, "channels must be 1..%d", INR_MAX_CHANNELS);
    if (c->width < 1 || c->width > 8192) return inr_fail(INR_ERR_INVALID, "--width must be 1..8192");
    if (c->layers < 1 || c->layers > INR_MAX_LAYERS - 2)
        return inr_fail(INR_ERR_INVALID, "--layers must be 1..%d", INR_MAX_LAYERS - 2);
    if (!(c->w0 > 0) || !(c->w0_first > 0) || !isfinite(c->w0) || !isfinite(c->w0_first))
        return inr_fail(INR_ERR_INVALID, "--w0 and --w0-first must be positive");
    if (c->kind == INR_MODEL_FFN && (!(c->sigma > 0) || !isfinite(c->sigma) ||
                                     c->mapping < 1 || c->mapping > 8192))
        return inr_fail(INR_ERR_INVALID, "--sigma must be positive and the mapping 1..8192");
    if (c->kind < INR_MODEL_SIREN || c->kind > INR_MODEL_HCINR)
        return inr_fail(INR_ERR_INVALID, "unknown model kind %d", (int)c->kind);
    if ((c->kind == INR_MODEL_HASHGRID || c->kind == INR_MODEL_NSTR) &&
        (!(c->max_res >= 0) || c->max_res > 1e7f || (c->max_res > 0 && c->max_res < c->base_res)))
        return inr_fail(INR_ERR_INVALID, "--max-res must be at least --base-res");
    if (c->kind == INR_MODEL_HASHGRID && !(c->grid_init >= 0 && c->grid_init <= 10))
        return inr_fail(INR_ERR_INVALID, "grid init range must be 0..10");
    if (c->precision != INR_PRECISION_FP32 && c->precision != INR_PRECISION_BF16)
        return inr_fail(INR_ERR_INVALID, "unknown precision %d", (int)c->precision);
    const inr_model_ops *ops = kind_ops(c->kind);
    if (ops && c->precision != INR_PRECISION_FP32)
        return inr_fail(INR_ERR_INVALID, "--precision bf16 is for siren, ffn and hashgrid, not %s",
                        inr_model_name(c->kind));
    return ops ? ops->check(c) : INR_OK;
}

inr_status inr_model_layout(inr_model *m, const inr_config *cfg)
{
    memset(m, 0, sizeof *m);
    inr_status st = check_config(cfg);
    if (st) return st;
    m->cfg = *cfg;
    int d = cfg->in_dim, H = cfg->width, C = cfg->out_dim;
    const inr_model_ops *ops = kind_ops(cfg->kind);
    if (ops) {
        st = ops->layout(m);
        if (st) return st;
    } else if (cfg->kind == INR_MODEL_HASHGRID) {
        st = grid_from_config(&m->grid, cfg, cfg->features, 0);
        if (st) return st;
        inr_layer *g = &m->layer[m->n_layers++];
        g->kind = LAYER_HASHGRID;
        g->act = ACT_NONE;
        g->in = d;
        g->out = m->grid.levels * m->grid.features;
        inr_model_add_grid(m, "hash");
        g->w_offset = m->grid.offset[0];
        m->max_width = g->out;
        int in = g->out;
        for (int i = 0; i < cfg->layers; i++, in = H) add_dense(m, in, H, ACT_RELU, 1.0f);
        add_dense(m, H, C, ACT_NONE, 1.0f);
    } else if (cfg->kind == INR_MODEL_SIREN) {
        add_dense(m, d, H, ACT_SINE, cfg->w0_first);
        for (int i = 1; i < cfg->layers; i++) add_dense(m, H, H, ACT_SINE, cfg->w0);
        add_dense(m, H, C, ACT_NONE, 1.0f);
    } else {
        inr_layer *f = &m->layer[m->n_layers++];
        f->kind = LAYER_FOURIER;
        f->act = ACT_NONE;
        f->in = d;
        f->out = 2 * cfg->mapping;
        f->w_offset = inr_model_add_tensor(m, "B", (size_t)cfg->mapping, (size_t)d, 1);
        m->max_width = f->out;
        int in = f->out;
        for (int i = 0; i < cfg->layers; i++, in = H) add_dense(m, in, H, ACT_RELU, 1.0f);
        add_dense(m, H, C, ACT_NONE, 1.0f);
    }
    if (cfg->precision == INR_PRECISION_BF16) mark_bf16_layers(m);
    return INR_OK;
}

inr_status inr_model_create(inr_model *m, const inr_config *cfg)
{
    inr_status st = inr_model_layout(m, cfg);
    if (st) return st;
    m->params = calloc(m->n_params, sizeof(float));
    if (!m->params) return inr_fail(INR_ERR_NOMEM, "out of memory for %zu parameters", m->n_params);
    return INR_OK;
}

void inr_model_free(inr_model *m)
{
    free(m->params);
    m->params = NULL;
}

const inr_tensor *inr_model_tensor(const inr_model *m, const char *name)
{
    for (int i = 0; i < m->n_tensors; i++)
        if (strcmp(m->tensor[i].name, name) == 0) return &m->tensor[i];
    return NULL;
}

void inr_fill_uniform(inr_rng *rng, float *p, size_t n, float bound)
{
    for (size_t i = 0; i < n; i++) p[i] = inr_rng_range(rng, -bound, bound);
}

void inr_model_init(inr_model *m)
{
    const inr_config *c = &m->cfg;
    inr_rng rng;
    inr_rng_seed(&rng, c->seed);
    const inr_model_ops *ops = kind_ops(c->kind);
    if (ops) {
        ops->init(m, &rng);
        return;
    }
    int first_dense = 1;
    for (int l = 0; l < m->n_layers; l++) {
        inr_layer *L = &m->layer[l];
        float *W = m->params + L->w_offset;
        if (L->kind == LAYER_FOURIER) {
            /* SPEC 2.2: B ~ N(0, sigma^2), fixed. */
            for (size_t i = 0; i < (size_t)L->out / 2 * L->in; i++)
                W[i] = c->sigma * inr_rng_normal(&rng);
            continue;
        }
        if (L->kind == LAYER_HASHGRID) {
            /* SPEC 2.3: tables ~ U(-1e-4, 1e-4) (grid_init). */
            inr_fill_uniform(&rng, W, inr_grid_floats(&m->grid), c->grid_init);
            continue;
        }
        float w_bound;
        if (c->kind == INR_MODEL_SIREN)
            /* SPEC 2.1: W0 ~ U(-1/d, 1/d); later ~ U(+-sqrt(6/fan_in)/w0). */
            w_bound = first_dense ? 1.0f / L->in : sqrtf(6.0f / L->in) / c->w0;
        else
            /* PyTorch's nn.Linear default (kaiming_uniform, a = sqrt 5). */
            w_bound = 1.0f / sqrtf((float)L->in);
        inr_fill_uniform(&rng, W, (size_t)L->out * L->in, w_bound);
        inr_fill_uniform(&rng, m->params + L->b_offset, (size_t)L->out, 1.0f / sqrtf((float)L->in));
        first_dense = 0;
    }
    if (c->init == INR_INIT_WINNER && c->kind == INR_MODEL_SIREN) {
        /* SPEC 3.1 step 4: W0 += N(0,1) S0/w0, W1 += N(0,1) S1/w0 with the
         * hidden w0 for both. */
        const inr_layer *L0 = &m->layer[0], *L1 = &m->layer[1];
        float *W0 = m->params + L0->w_offset, *W1 = m->params + L1->w_offset;
        for (size_t i = 0; i < (size_t)L0->out * L0->in; i++)
            W0[i] += inr_rng_normal(&rng) * c->winner_s0 / c->w0;
        if (L1->act == ACT_SINE)
            for (size_t i = 0; i < (size_t)L1->out * L1->in; i++)
                W1[i] += inr_rng_normal(&rng) * c->winner_s1 / c->w0;
    }
}

/* Workspace: per layer its output (N,out) and, for sine, w0*cos (N,out);
 * then two (N,max_width) buffers for the backward deltas. */
size_t inr_model_workspace(const inr_model *m, int N)
{
    const inr_model_ops *ops = kind_ops(m->cfg.kind);
    if (ops) return ops->workspace(m, N);
    size_t total = 2 * (size_t)N * m->max_width;
    for (int l = 0; l < m->n_layers; l++)
        total += (size_t)N * m->layer[l].out * (m->layer[l].act == ACT_SINE ? 2 : 1);
    return total;
}

/* train: a layer marked bf16 runs its product in bf16; evaluation is fp32. */
static void dense_forward(const inr_layer *L, const float *params, const float *x, float *y,
                          float *aux, int N, int train)
{
    size_t n = (size_t)N * L->out;
    if (train && L->bf16)
        linear_forward_bf16_cpu(x, params + L->w_offset, params + L->b_offset, y, N, L->in, L->out);
    else
        linear_forward_cpu(x, params + L->w_offset, params + L->b_offset, y, N, L->in, L->out);
    if (L->act == ACT_SINE) sine_forward_cpu(y, aux, L->w0, n);
    else if (L->act == ACT_RELU) relu_forward_cpu(y, n);
}

void inr_dense_forward(const inr_layer *L, const float *params, const float *x,
                       float *y, float *aux, int N)
{
    dense_forward(L, params, x, y, aux, N, 0);
}

void inr_dense_backward(const inr_layer *L, const float *params, const float *x,
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
 * for sine; train: in a training step (bf16 products where marked). */
static void layer_forward(const inr_model *m, const inr_layer *L, const float *params,
                          const float *x, float *y, float *aux, int N, int train)
{
    if (L->kind == LAYER_FOURIER) {
        fourier_forward_cpu(x, params + L->w_offset, y, N, L->in, L->out / 2);
        return;
    }
    if (L->kind == LAYER_HASHGRID) {
        hashgrid_forward_cpu(&m->grid, params, x, y, N);
        return;
    }
    dense_forward(L, params, x, y, aux, N, train);
}

void inr_model_forward(const inr_model *m, const float *params, const float *x,
                       float *y, int N, float *work)
{
    const inr_model_ops *ops = kind_ops(m->cfg.kind);
    if (ops) {
        ops->forward(m, params, x, y, N, work);
        return;
    }
    float *buf[2] = { work, work + (size_t)N * m->max_width };
    const float *in = x;
    for (int l = 0; l < m->n_layers; l++) {
        float *out = l == m->n_layers - 1 ? y : buf[l & 1];
        layer_forward(m, &m->layer[l], params, in, out, NULL, N, 0);
        in = out;
    }
}

double inr_model_forward_backward(const inr_model *m, const float *params,
                                  const float *x, const float *t, int N,
                                  float loss_scale, float *grad, float *work)
{
    double reg;
    return inr_model_forward_backward_reg(m, params, x, t, N, loss_scale, grad, work, &reg);
}

double inr_model_forward_backward_reg(const inr_model *m, const float *params,
                                      const float *x, const float *t, int N,
                                      float loss_scale, float *grad, float *work,
                                      double *reg)
{
    const inr_model_ops *ops = kind_ops(m->cfg.kind);
    if (ops) return ops->forward_backward(m, params, x, t, N, loss_scale, grad, work, reg);
    *reg = 0.0;
    const float *act_in[INR_MAX_LAYERS + 1];
    float *act_out[INR_MAX_LAYERS], *aux[INR_MAX_LAYERS];
    float *p = work;
    act_in[0] = x;
    for (int l = 0; l < m->n_layers; l++) {
        const inr_layer *L = &m->layer[l];
        act_out[l] = p;
        p += (size_t)N * L->out;
        aux[l] = NULL;
        if (L->act == ACT_SINE) {
            aux[l] = p;
            p += (size_t)N * L->out;
        }
        layer_forward(m, L, params, act_in[l], act_out[l], aux[l], N, 1);
        act_in[l + 1] = act_out[l];
    }
    float *delta = p, *delta_prev = p + (size_t)N * m->max_width;
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
        inr_dense_backward(L, params, act_in[l], act_out[l], aux[l], delta, grad,
                           need_dx ? delta_prev : NULL, N);
        float *swap = delta;
        delta = delta_prev;
        delta_prev = swap;
    }
    return sse;
}
