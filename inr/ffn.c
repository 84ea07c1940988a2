/* ffn.c - Fourier features + ReLU MLP (METHODS 2.2): the encoding + MLP
 * family (enc_mlp.c) with gamma(x) = [cos 2 pi B x, sin 2 pi B x], B fixed. */
#include <math.h>

#include "model_kinds.h"

static void ffn_defaults(inr_config *c)
{
    c->layers = 3;
}

static inr_status ffn_check(const inr_config *c)
{
    const inr_ffn_config *f = &c->ffn;
    if (!(f->sigma > 0) || !isfinite(f->sigma) || f->mapping < 1 || f->mapping > 8192)
        return inr_fail(INR_ERR_INVALID, "--sigma must be positive and the mapping 1..8192");
    return INR_OK;
}

static inr_status ffn_layout(inr_model *m)
{
    const inr_config *c = &m->cfg;
    inr_layer *f = &m->layer[m->n_layers++];
    f->kind = LAYER_FOURIER;
    f->act = ACT_NONE;
    f->in = c->in_dim;
    f->out = 2 * c->ffn.mapping;
    f->w_offset = inr_model_add_tensor(m, "B", (size_t)c->ffn.mapping, (size_t)c->in_dim, 1);
    m->max_width = f->out;
    inr_enc_mlp_add_mlp(m, f->out, ACT_RELU, 1.0f, 1.0f);
    return INR_OK;
}

/* Its part, inr_ffn_config. --sigma is also NSTR's option, for its own
 * field (nstr.c). */
static const inr_hparam HPARAMS[] = {
    INR_HP_WIDTH,
    INR_HP_LAYERS,
    INR_HP_FLOAT_("sigma", "--sigma", "F", ffn.sigma, 1e-6, 1e6,
                  "std of the Fourier matrix B on [-1,1] coordinates (10 here is Tancik et "
                  "al.'s 20 on [0,1))"),
    INR_HP_INT_("mapping", "--mapping", "N", ffn.mapping, 1, 8192,
                "Fourier features M (rows of B)"),
};
/* FreSh (METHODS 3.2): sigma. Images: 1, 2, ..., 20. Audio: 100, 200, ...,
 * 2000 for a 0.25 s clip (B x spans +-sigma cycles per unit of the [-1,1] axis,
 * so an audio clip needs a sigma in the hundreds to reach its hundreds of
 * Hz). */
static void ffn_fresh_apply(inr_config *cfg, double value) { cfg->ffn.sigma = (float)value; }

static const inr_fresh_param ffn_fresh = {
    .kind = INR_MODEL_FFN, .name = "sigma", .apply = ffn_fresh_apply,
    .image = { .first = 1, .step = 1, .n = 20 },
    .audio = { .first = 100, .step = 100, .n = 20 },
};

const inr_model_ops inr_ffn_ops = {
    .name = "ffn",
    .defaults = ffn_defaults,
    .lr = 1e-3f,   /* METHODS 2.2 */
    .bf16 = 1,
    INR_HPARAMS(HPARAMS),
    .check = ffn_check,
    .layout = ffn_layout,
    .init = inr_enc_mlp_init_linear,
    INR_ENC_MLP_PASSES,
    /* read by the viewer, --field, FreSh and the batch size (model_kinds.h) */
    .fresh = &ffn_fresh,
};
