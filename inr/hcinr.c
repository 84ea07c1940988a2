/* hcinr.c - HC-INR, hypernetwork-driven multiscale coordinate warps (METHODS
 * 2.5, the project's reading of an abstract): a latent grid z(x) feeds a
 * hypernetwork that gives per-point affine warps A_s(x), t_s(x); the warp
 * chain u_s = u_{s-1} + 2^-s tanh(A_s u_{s-1} + t_s) moves the coordinates
 * and a compact SIREN reads [u_1..u_S]. Everything trains end to end.
 *
 * Shapes: N points, d dims, S scales, F latent features, P = S (d*d + d)
 * hypernetwork outputs, H field width, C channels. */
#include <math.h>
#include <string.h>

#include "hcinr.h"
#include "hcinr_warp.h"
#include "ops_cpu.h"

/* ---- The project's reading of HC-INR, every choice in one place -------
 * Revise here when the paper's text becomes available.
 * - Z: one dense level of latent_res vertices per axis, F = latent_features,
 *   d-linear interpolation (hashgrid.c), init U(+-HC_LATENT_INIT).
 * - H_psi: F -> HC_HYPER_WIDTH (ReLU) -> P, linear; per scale s the first
 *   d*d outputs are A_s (row-major), the next d are t_s. Its last layer
 *   starts at zero (weights and bias), so A_s = 0, t_s = 0, tanh(0) = 0 and
 *   the chain starts at the identity, u_s = x: the `warp` field shows only
 *   what training moved. Departs from METHODS 2.5's "A_s initialised near
 *   identity": with A_s = I the chain itself stretches space (u_3(1) =
 *   1.72). The last layer's gradient da h^T is non-zero from step 1, the
 *   rest of H_psi and Z get theirs once it has moved.
 * - Warp chain with tanh, scale weights 2^-s (METHODS 2.5), in hcinr_warp.h
 *   (shared with the CUDA kernels).
 * - Field: SIREN (METHODS 2.1 init; first layer U(+-1/(d sqrt S)), see
 *   hcinr_init) on the concatenation
 *   [u_1..u_S]; width/layers/w0/w0_first of the config. */
#define HC_HYPER_WIDTH 64
#define HC_LATENT_INIT 0.1f
#define HC_MAX_SCALES 8

/* m->layer: [0] H_psi hidden, [1] H_psi output, [2 ..] the field SIREN
 * (model_kinds.h, shared with cuda/hcinr_cuda.c). */
#define HYPER_FIRST HC_HYPER_FIRST
#define HYPER_COUNT HC_HYPER_COUNT
#define FIELD_FIRST HC_FIELD_FIRST
#define field_count inr_hcinr_field_count
#define n_warp_params inr_hcinr_warp_params

static inr_status hcinr_check(const inr_config *c)
{
    if (HYPER_COUNT + c->layers + 1 > INR_MAX_LAYERS)
        return inr_fail(INR_ERR_INVALID, "--layers must be 1..%d for hcinr", INR_MAX_LAYERS - 1 - HYPER_COUNT);
    if (c->hcinr.scales < 1 || c->hcinr.scales > HC_MAX_SCALES)
        return inr_fail(INR_ERR_INVALID, "--scales must be 1..%d", HC_MAX_SCALES);
    if (c->hcinr.latent_res < 2 || c->hcinr.latent_res > 1 << 20)
        return inr_fail(INR_ERR_INVALID, "--latent-res must be 2..1048576");
    if (c->hcinr.latent_features < 1 || c->hcinr.latent_features > 256)
        return inr_fail(INR_ERR_INVALID, "--latent-features must be 1..256");
    return INR_OK;
}

static inr_status hcinr_layout(inr_model *m)
{
    const inr_config *c = &m->cfg;
    int d = c->in_dim, S = c->hcinr.scales, H = c->width, C = c->out_dim;
    /* One level at latent_res vertices: s_0 = N_min - 1 gives exactly that. */
    const inr_hcinr_config *h = &c->hcinr;
    inr_status st = inr_grid_layout(&m->grid, d, 1, h->latent_features, (float)h->latent_res, 1.0f,
                                    1, 1);
    if (st) return st;
    inr_model_add_grid(m, "Z");
    inr_model_add_dense(m, "H", 0, h->latent_features, HC_HYPER_WIDTH, ACT_RELU, 1.0f);
    inr_model_add_dense(m, "H", 1, HC_HYPER_WIDTH, n_warp_params(c), ACT_NONE, 1.0f);
    inr_model_add_dense(m, "", 0, S * d, H, ACT_SINE, c->sine.w0_first);
    for (int i = 1; i < c->layers; i++) inr_model_add_dense(m, "", i, H, H, ACT_SINE, c->sine.w0);
    inr_model_add_dense(m, "", c->layers, H, C, ACT_NONE, 1.0f);
    if (m->max_width < S * d) m->max_width = S * d;
    if (m->max_width < c->hcinr.latent_features) m->max_width = c->hcinr.latent_features;
    return INR_OK;
}

static void hcinr_init(inr_model *m, inr_rng *rng)
{
    const inr_config *c = &m->cfg;
    inr_fill_uniform(rng, m->params + m->grid.offset[0], inr_grid_floats(&m->grid), HC_LATENT_INIT);
    for (int l = HYPER_FIRST; l < HYPER_FIRST + HYPER_COUNT; l++) {
        const inr_layer *L = &m->layer[l];
        /* The output layer: zero, A_s = 0 and t_s = 0 (identity warp). */
        float bound = l == HYPER_FIRST ? 1.0f / sqrtf((float)L->in) : 0.0f;
        inr_fill_uniform(rng, m->params + L->w_offset, (size_t)L->out * L->in, bound);
        inr_fill_uniform(rng, m->params + L->b_offset, (size_t)L->out, bound);
    }
    /* METHODS 2.1 on the field: W0 ~ U(+-1/fan_in), later U(+-sqrt(6/H)/w0).
     * At the identity warp its S inputs per axis are equal, W0's S columns
     * per axis add up: U(+-1/(d sqrt S)) each gives the sum the spread of a
     * plain SIREN's U(+-1/d). */
    for (int i = 0; i < field_count(m); i++) {
        const inr_layer *L = &m->layer[FIELD_FIRST + i];
        float bound = i == 0 ? 1.0f / ((float)c->in_dim * sqrtf((float)c->hcinr.scales))
                             : sqrtf(6.0f / L->in) / c->sine.w0;
        inr_fill_uniform(rng, m->params + L->w_offset, (size_t)L->out * L->in, bound);
        inr_fill_uniform(rng, m->params + L->b_offset, (size_t)L->out, 1.0f / sqrtf((float)L->in));
    }
}

typedef inr_hcinr_buffers hc_buffers;

size_t inr_hcinr_carve(const inr_model *m, size_t N, size_t align, float *work,
                       inr_hcinr_buffers *b, int training)
{
    const inr_config *c = &m->cfg;
    size_t p = 0, Sd = (size_t)c->hcinr.scales * c->in_dim;
    memset(b, 0, sizeof *b);
    b->z = inr_take_aligned(work, &p, N * c->hcinr.latent_features, align);
    for (int i = 0; i < HYPER_COUNT; i++)
        b->h_act[i] = inr_take_aligned(work, &p, N * m->layer[HYPER_FIRST + i].out, align);
    b->u = inr_take_aligned(work, &p, N * Sd, align);
    b->th = inr_take_aligned(work, &p, N * Sd, align);
    for (int i = 0; i < field_count(m); i++) {
        const inr_layer *L = &m->layer[FIELD_FIRST + i];
        b->f_act[i] = inr_take_aligned(work, &p, N * L->out, align);
        if (training && L->act == ACT_SINE) b->f_aux[i] = inr_take_aligned(work, &p, N * L->out, align);
    }
    if (training) {
        b->delta = inr_take_aligned(work, &p, N * m->max_width, align);
        b->scratch = inr_take_aligned(work, &p, N * m->max_width, align);
        b->du = inr_take_aligned(work, &p, N * Sd, align);
        b->dz = inr_take_aligned(work, &p, N * c->hcinr.latent_features, align);
    }
    return p;
}

/* The CPU's carve: unpadded. */
static size_t carve(const inr_model *m, int N, float *work, hc_buffers *b, int training)
{
    return inr_hcinr_carve(m, (size_t)N, 1, work, b, training);
}

static size_t hcinr_workspace(const inr_model *m, int N)
{
    hc_buffers b;
    return carve(m, N, NULL, &b, 1);
}

/* z(x), the hypernetwork and the warp chain: fills z, h_act, u, th. */
static void warp_forward(const inr_model *m, const float *params, const float *x,
                         hc_buffers *b, int N)
{
    const inr_config *c = &m->cfg;
    int d = c->in_dim, S = c->hcinr.scales;
    hashgrid_forward_cpu(&m->grid, params, x, b->z, N);
    mlp_forward_cpu(m, params, HYPER_FIRST, HYPER_COUNT, b->z, b->h_act, NULL, N);
    const float *p = b->h_act[HYPER_COUNT - 1];
    for (int n = 0; n < N; n++) hcinr_warp_forward_elem(x, p, b->u, b->th, d, S, (size_t)n);
}

static void hcinr_forward(const inr_model *m, const float *params, const float *x, float *y,
                          int N, float *work)
{
    hc_buffers b;
    carve(m, N, work, &b, 0);
    warp_forward(m, params, x, &b, N);
    int G = field_count(m);
    float *act[INR_MAX_LAYERS];
    for (int i = 0; i < G; i++) act[i] = i == G - 1 ? y : b.f_act[i];
    mlp_forward_cpu(m, params, FIELD_FIRST, G, b.u, act, b.f_aux, N);
}

static double hcinr_forward_backward(const inr_model *m, const float *params, const float *x,
                                     const float *t, int N, float loss_scale, float *grad,
                                     float *work, double *reg)
{
    const inr_config *c = &m->cfg;
    int d = c->in_dim, S = c->hcinr.scales, C = c->out_dim;
    hc_buffers b;
    carve(m, N, work, &b, 1);
    *reg = 0.0;
    warp_forward(m, params, x, &b, N);
    int G = field_count(m);
    mlp_forward_cpu(m, params, FIELD_FIRST, G, b.u, b.f_act, b.f_aux, N);
    double sse = mse_forward_backward_cpu(b.f_act[G - 1], t, b.delta, loss_scale, (size_t)N * C);
    mlp_backward_cpu(m, params, FIELD_FIRST, G, b.u, b.f_act, b.f_aux, b.delta, b.scratch,
                     grad, b.du, N);

    /* Back through the warp chain (hcinr_warp.h): dp (N,P) into b.delta. */
    const float *p = b.h_act[HYPER_COUNT - 1];
    for (int n = 0; n < N; n++)
        hcinr_warp_backward_elem(x, p, b.u, b.th, b.du, b.delta, d, S, (size_t)n);
    /* Hypernetwork, then the latent grid. */
    mlp_backward_cpu(m, params, HYPER_FIRST, HYPER_COUNT, b.z, b.h_act, NULL, b.delta,
                     b.scratch, grad, b.dz, N);
    hashgrid_backward_cpu(&m->grid, params, x, b.dz, grad, NULL, N);
    return sse;
}

static void hcinr_defaults(inr_config *c)
{
    c->width = 128;   /* METHODS 2.5: compact SIREN, width 64-128, 2-3 layers */
    c->layers = 3;
}

static const inr_hparam HPARAMS[] = {
    INR_HP_WIDTH,
    INR_HP_LAYERS,
    INR_HP_SINE,
    INR_HP_INT_("scales", "--scales", "S", hcinr.scales, 1, 8, "warp scales"),
    INR_HP_INT_("latent_res", "--latent-res", "N", hcinr.latent_res, 2, 1L << 20,
                "latent grid vertices per axis"),
    INR_HP_INT_("latent_features", "--latent-features", "N", hcinr.latent_features, 1, 256,
                "latent features per vertex"),
};

static int hcinr_fields(const inr_model *m, inr_field_info *list, int max)
{
    if (max < 1) return 0;
    list[0] = (inr_field_info){ "warp", m->cfg.in_dim, "warped coordinates u_S(x) (deformed grid lines)" };
    return 1;
}

/* Field 0, "warp": u_S(x) (N,d), the end of the warp chain. */
static void hcinr_warp(const inr_model *m, int which, const float *x, float *out, int N,
                       float *work)
{
    (void)which;
    int d = m->cfg.in_dim, S = m->cfg.hcinr.scales;
    hc_buffers b;
    carve(m, N, work, &b, 0);
    warp_forward(m, m->params, x, &b, N);
    for (int n = 0; n < N; n++)
        memcpy(out + (size_t)n * d, b.u + ((size_t)n * S + S - 1) * d, d * sizeof(float));
}

const inr_model_ops inr_hcinr_ops = {
    .name = "hcinr",
    .defaults = hcinr_defaults,
    /* Measured on camera_256 / cymbal (bench/REPORT_models.md): the compact
     * field tolerates 1e-3 on images (34.3 dB after 200 steps, 1e-4: 24.9
     * dB); on audio, with w0_first 3000, any faster warp scrambles the
     * phases and 1e-4 is best. */
    .lr = 1e-3f,
    .lr_audio = 1e-4f,
    INR_HPARAMS(HPARAMS),
    .check = hcinr_check,
    .layout = hcinr_layout,
    .init = hcinr_init,
    .workspace = hcinr_workspace,
    .forward = hcinr_forward,
    .forward_backward = hcinr_forward_backward,
    .fields = hcinr_fields,
    .field = hcinr_warp,
    /* read by the viewer, --field, FreSh and the batch size (model_kinds.h) */
    .field_view = INR_FIELD_VIEW_WARP,
};
