/* model.c - layout, initialisation and chunked forward/backward of the
 * sequential models: SIREN (SPEC 2.1) and Fourier-feature MLPs (SPEC 2.2). */
#include "model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    return c;
}

const char *inr_model_name(inr_model_kind kind)
{
    switch (kind) {
    case INR_MODEL_SIREN: return "siren";
    case INR_MODEL_FFN: return "ffn";
    }
    return "unknown";
}

inr_model_kind inr_model_parse(const char *name)
{
    if (strcmp(name, "siren") == 0) return INR_MODEL_SIREN;
    if (strcmp(name, "ffn") == 0) return INR_MODEL_FFN;
    return 0;
}

static size_t add_tensor(inr_model *m, const char *name, size_t size, int frozen)
{
    INR_ASSERT(m->n_tensors < INR_MAX_TENSORS);
    inr_tensor *t = &m->tensor[m->n_tensors++];
    snprintf(t->name, sizeof t->name, "%s", name);
    t->offset = m->n_params;
    t->size = size;
    t->frozen = frozen;
    m->n_params += size;
    if (!frozen) m->n_trainable += size;
    return t->offset;
}

static void add_dense(inr_model *m, int in, int out, inr_activation act, float w0)
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
    snprintf(name, sizeof name, "W%d", index);
    l->w_offset = add_tensor(m, name, (size_t)out * in, 0);
    snprintf(name, sizeof name, "b%d", index);
    l->b_offset = add_tensor(m, name, (size_t)out, 0);
    if (out > m->max_width) m->max_width = out;
}

static inr_status check_config(const inr_config *c)
{
    if (c->in_dim < 1 || c->in_dim > 3) return inr_fail(INR_ERR_INVALID, "input dimension must be 1..3");
    if (c->out_dim < 1 || c->out_dim > 64) return inr_fail(INR_ERR_INVALID, "channels must be 1..64");
    if (c->width < 1 || c->width > 8192) return inr_fail(INR_ERR_INVALID, "--width must be 1..8192");
    if (c->layers < 1 || c->layers > INR_MAX_LAYERS - 2)
        return inr_fail(INR_ERR_INVALID, "--layers must be 1..%d", INR_MAX_LAYERS - 2);
    if (!(c->w0 > 0) || !(c->w0_first > 0) || !isfinite(c->w0) || !isfinite(c->w0_first))
        return inr_fail(INR_ERR_INVALID, "--w0 and --w0-first must be positive");
    if (c->kind == INR_MODEL_FFN && (!(c->sigma > 0) || !isfinite(c->sigma) ||
                                     c->mapping < 1 || c->mapping > 8192))
        return inr_fail(INR_ERR_INVALID, "--sigma must be positive and the mapping 1..8192");
    if (c->kind != INR_MODEL_SIREN && c->kind != INR_MODEL_FFN)
        return inr_fail(INR_ERR_INVALID, "unknown model kind %d", (int)c->kind);
    return INR_OK;
}

inr_status inr_model_create(inr_model *m, const inr_config *cfg)
{
    memset(m, 0, sizeof *m);
    inr_status st = check_config(cfg);
    if (st) return st;
    m->cfg = *cfg;
    int d = cfg->in_dim, H = cfg->width, C = cfg->out_dim;
    if (cfg->kind == INR_MODEL_SIREN) {
        add_dense(m, d, H, ACT_SINE, cfg->w0_first);
        for (int i = 1; i < cfg->layers; i++) add_dense(m, H, H, ACT_SINE, cfg->w0);
        add_dense(m, H, C, ACT_NONE, 1.0f);
    } else {
        inr_layer *f = &m->layer[m->n_layers++];
        f->kind = LAYER_FOURIER;
        f->act = ACT_NONE;
        f->in = d;
        f->out = 2 * cfg->mapping;
        f->w_offset = add_tensor(m, "B", (size_t)cfg->mapping * d, 1);
        m->max_width = f->out;
        int in = f->out;
        for (int i = 0; i < cfg->layers; i++, in = H) add_dense(m, in, H, ACT_RELU, 1.0f);
        add_dense(m, H, C, ACT_NONE, 1.0f);
    }
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

static void fill_uniform(inr_rng *rng, float *p, size_t n, float bound)
{
    for (size_t i = 0; i < n; i++) p[i] = inr_rng_range(rng, -bound, bound);
}

void inr_model_init(inr_model *m)
{
    const inr_config *c = &m->cfg;
    inr_rng rng;
    inr_rng_seed(&rng, c->seed);
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
        float w_bound;
        if (c->kind == INR_MODEL_SIREN)
            /* SPEC 2.1: W0 ~ U(-1/d, 1/d); later ~ U(+-sqrt(6/fan_in)/w0). */
            w_bound = first_dense ? 1.0f / L->in : sqrtf(6.0f / L->in) / c->w0;
        else
            /* PyTorch's nn.Linear default (kaiming_uniform, a = sqrt 5). */
            w_bound = 1.0f / sqrtf((float)L->in);
        fill_uniform(&rng, W, (size_t)L->out * L->in, w_bound);
        fill_uniform(&rng, m->params + L->b_offset, (size_t)L->out, 1.0f / sqrtf((float)L->in));
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
    size_t total = 2 * (size_t)N * m->max_width;
    for (int l = 0; l < m->n_layers; l++)
        total += (size_t)N * m->layer[l].out * (m->layer[l].act == ACT_SINE ? 2 : 1);
    return total;
}

/* Runs layer l on input x (N,in) into y (N,out); aux gets w0*cos for sine. */
static void layer_forward(const inr_layer *L, const float *params, const float *x,
                          float *y, float *aux, int N)
{
    size_t n = (size_t)N * L->out;
    if (L->kind == LAYER_FOURIER) {
        fourier_forward_cpu(x, params + L->w_offset, y, N, L->in, L->out / 2);
        return;
    }
    linear_forward_cpu(x, params + L->w_offset, params + L->b_offset, y, N, L->in, L->out);
    if (L->act == ACT_SINE) sine_forward_cpu(y, aux, L->w0, n);
    else if (L->act == ACT_RELU) relu_forward_cpu(y, n);
}

void inr_model_forward(const inr_model *m, const float *params, const float *x,
                       float *y, int N, float *work)
{
    float *buf[2] = { work, work + (size_t)N * m->max_width };
    const float *in = x;
    for (int l = 0; l < m->n_layers; l++) {
        float *out = l == m->n_layers - 1 ? y : buf[l & 1];
        layer_forward(&m->layer[l], params, in, out, NULL, N);
        in = out;
    }
}

double inr_model_forward_backward(const inr_model *m, const float *params,
                                  const float *x, const float *t, int N,
                                  float loss_scale, float *grad, float *work)
{
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
        layer_forward(L, params, act_in[l], act_out[l], aux[l], N);
        act_in[l + 1] = act_out[l];
    }
    float *delta = p, *delta_prev = p + (size_t)N * m->max_width;
    const inr_layer *last = &m->layer[m->n_layers - 1];
    double sse = mse_forward_backward_cpu(act_out[m->n_layers - 1], t, delta,
                                          loss_scale, (size_t)N * last->out);
    for (int l = m->n_layers - 1; l >= 0; l--) {
        const inr_layer *L = &m->layer[l];
        if (L->kind != LAYER_DENSE) break;  /* nothing trainable below */
        size_t n = (size_t)N * L->out;
        if (L->act == ACT_SINE) sine_backward_cpu(delta, aux[l], delta, n);
        else if (L->act == ACT_RELU) relu_backward_cpu(delta, act_out[l], delta, n);
        int need_dx = l > 0 && m->layer[l - 1].kind == LAYER_DENSE;
        linear_backward_cpu(act_in[l], params + L->w_offset, delta,
                            grad + L->w_offset, grad + L->b_offset,
                            need_dx ? delta_prev : NULL, N, L->in, L->out);
        float *swap = delta;
        delta = delta_prev;
        delta_prev = swap;
    }
    return sse;
}
