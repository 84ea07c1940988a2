/* model.c - a model's config, layout, parameters and passes, dispatched to
 * its kind's descriptor (model_kinds.h, kinds.c), and the layout helpers
 * the kinds share. */
#include "model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_kinds.h"

inr_config inr_config_default(inr_model_kind kind, int in_dim, int out_dim)
{
    inr_config c;
    memset(&c, 0, sizeof c);
    c.kind = kind;
    c.in_dim = in_dim;
    c.out_dim = out_dim;
    c.width = 256;
    c.layers = 4;
    c.init = INR_INIT_DEFAULT;
    c.seed = 0;
    c.sine.w0 = 30.0f;
    /* METHODS 2.1: w0_first = 3000 is the SIREN audio baseline on [-1, 1]. */
    c.sine.w0_first = in_dim == 1 ? 3000.0f : 30.0f;
    c.ffn.sigma = 10.0f;
    c.ffn.mapping = 256;
    /* METHODS 2.3, tiny-cuda-nn's image configuration. */
    c.grid.levels = 16;
    c.grid.features = 2;
    c.grid.log2_table = 15;
    c.grid.base_res = 16.0f;
    c.grid.growth = 1.5f;
    c.grid.max_res = 0.0f;
    c.grid.init_range = 1e-4f;
    /* METHODS 2.4 / 2.5 (the kinds' defaults() refine them) */
    c.nstr.bases = 64;
    c.nstr.omega_std = 60.0f;
    c.nstr.lambda = 1e-3f;
    c.nstr.transport_x = 1;
    c.nstr.phase_field = 0;
    c.hcinr.scales = 3;
    c.hcinr.latent_res = in_dim == 1 ? 256 : 16;
    c.hcinr.latent_features = 8;
    const inr_model_ops *ops = inr_kind_ops(kind);
    if (ops && ops->defaults) ops->defaults(&c);
    return c;
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

void inr_model_add_grid(inr_model *m, const char *prefix)
{
    char name[24];
    for (int l = 0; l < m->grid.levels; l++) {
        snprintf(name, sizeof name, "%s%d", prefix, l);
        m->grid.offset[l] = inr_model_add_tensor(m, name, m->grid.rows[l],
                                                 (size_t)m->grid.features, 0);
    }
}

inr_status inr_grid_from_config(inr_grid *g, const inr_config *c, int features, int dense)
{
    const inr_grid_config *p = &c->grid;
    float growth = p->max_res > 0 ? inr_grid_growth_for(p->base_res, p->max_res, p->levels)
                                  : p->growth;
    return inr_grid_layout(g, c->in_dim, p->levels, features, p->base_res, growth, p->log2_table,
                           dense);
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

/* "--precision bf16 is for siren, ffn and hashgrid, not nstr". */
static inr_status refuse_bf16(const char *kind)
{
    char kinds[128];
    inr_model_list(kinds, sizeof kinds, 1);
    return inr_fail(INR_ERR_INVALID, "--precision bf16 is for %s, not %s", kinds, kind);
}

inr_status inr_model_eval_precision(inr_model *m, inr_precision p)
{
    if (p == INR_PRECISION_BF16 && !inr_kind_ops(m->cfg.kind)->bf16)
        return refuse_bf16(inr_kind_ops(m->cfg.kind)->name);
    if (p == INR_PRECISION_BF16) mark_bf16_layers(m);
    m->eval_bf16 = p == INR_PRECISION_BF16;
    return INR_OK;
}

static inr_status check_config(const inr_config *c)
{
    if (c->in_dim < 1 || c->in_dim > 3) return inr_fail(INR_ERR_INVALID, "input dimension must be 1..3");
    if (c->out_dim < 1 || c->out_dim > INR_MAX_CHANNELS)
        return inr_fail(INR_ERR_INVALID, "channels must be 1..%d", INR_MAX_CHANNELS);
    if (c->width < 1 || c->width > 8192) return inr_fail(INR_ERR_INVALID, "--width must be 1..8192");
    if (c->layers < 1 || c->layers > INR_MAX_LAYERS - 2)
        return inr_fail(INR_ERR_INVALID, "--layers must be 1..%d", INR_MAX_LAYERS - 2);
    const inr_sine_config *sine = &c->sine;
    if (!(sine->w0 > 0) || !(sine->w0_first > 0) || !isfinite(sine->w0) ||
        !isfinite(sine->w0_first))
        return inr_fail(INR_ERR_INVALID, "--w0 and --w0-first must be positive");
    const inr_model_ops *ops = inr_kind_ops(c->kind);
    if (!ops) return inr_fail(INR_ERR_INVALID, "unknown model kind %d", (int)c->kind);
    if (c->precision != INR_PRECISION_FP32 && c->precision != INR_PRECISION_BF16)
        return inr_fail(INR_ERR_INVALID, "unknown precision %d", (int)c->precision);
    if (!ops->bf16 && c->precision != INR_PRECISION_FP32) return refuse_bf16(ops->name);
    return ops->check ? ops->check(c) : INR_OK;
}

inr_status inr_check_grid_res(const inr_config *c)
{
    const inr_grid_config *p = &c->grid;
    if (!(p->max_res >= 0) || p->max_res > 1e7f || (p->max_res > 0 && p->max_res < p->base_res))
        return inr_fail(INR_ERR_INVALID, "--max-res must be at least --base-res");
    return INR_OK;
}

inr_status inr_model_layout(inr_model *m, const inr_config *cfg)
{
    memset(m, 0, sizeof *m);
    inr_status st = check_config(cfg);
    if (st) return st;
    m->cfg = *cfg;
    st = inr_kind_ops(cfg->kind)->layout(m);
    if (st) return st;
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
    inr_rng rng;
    inr_rng_seed(&rng, m->cfg.seed);
    inr_kind_ops(m->cfg.kind)->init(m, &rng);
}

size_t inr_model_workspace(const inr_model *m, int N)
{
    return inr_kind_ops(m->cfg.kind)->workspace(m, N);
}

void inr_model_forward(const inr_model *m, const float *params, const float *x,
                       float *y, int N, float *work)
{
    inr_kind_ops(m->cfg.kind)->forward(m, params, x, y, N, work);
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
    return inr_kind_ops(m->cfg.kind)->forward_backward(m, params, x, t, N, loss_scale, grad,
                                                       work, reg);
}
