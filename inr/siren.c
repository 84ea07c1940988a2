/* siren.c - SIREN (METHODS 2.1): the encoding + MLP family (enc_mlp.c) with
 * no encoding and sine layers, and the WINNER initialisation (METHODS 3.1). */
#include <math.h>

#include "model_kinds.h"

static inr_status siren_layout(inr_model *m)
{
    const inr_config *c = &m->cfg;
    inr_enc_mlp_add_mlp(m, c->in_dim, ACT_SINE, c->sine.w0_first, c->sine.w0);
    return INR_OK;
}

/* METHODS 2.1: W0 ~ U(-1/d, 1/d); later ~ U(+-sqrt(6/fan_in)/w0). */
static float siren_bound(const inr_model *m, const inr_layer *L, int first)
{
    return first ? 1.0f / L->in : sqrtf(6.0f / L->in) / m->cfg.sine.w0;
}

static void siren_init(inr_model *m, inr_rng *rng)
{
    const inr_config *c = &m->cfg;
    inr_enc_mlp_init(m, rng, siren_bound);
    if (c->init != INR_INIT_WINNER) return;
    /* METHODS 3.1 step 4: W0 += N(0,1) S0/w0, W1 += N(0,1) S1/w0 with the
     * hidden w0 for both. */
    const inr_layer *L0 = &m->layer[0], *L1 = &m->layer[1];
    float *W0 = m->params + L0->w_offset, *W1 = m->params + L1->w_offset;
    for (size_t i = 0; i < (size_t)L0->out * L0->in; i++)
        W0[i] += inr_rng_normal(rng) * c->winner_s0 / c->sine.w0;
    if (L1->act == ACT_SINE)
        for (size_t i = 0; i < (size_t)L1->out * L1->in; i++)
            W1[i] += inr_rng_normal(rng) * c->winner_s1 / c->sine.w0;
}

static const inr_hparam HPARAMS[] = { INR_HP_WIDTH, INR_HP_LAYERS, INR_HP_SINE };
/* FreSh (METHODS 3.2): w0_first. Images: 10, 20, ..., 200 (the hidden w0
 * stays 30). Audio: 250, 500, ..., 5000 for a 0.25 s clip, bracketing SIREN's
 * audio baseline 3000 (METHODS 2.1) on both sides. */
static void siren_fresh_apply(inr_config *cfg, double value) { cfg->sine.w0_first = (float)value; }

static const inr_fresh_param siren_fresh = {
    .kind = INR_MODEL_SIREN, .name = "w0_first", .apply = siren_fresh_apply,
    .image = { .first = 10, .step = 10, .n = 20 },
    .audio = { .first = 250, .step = 250, .n = 20 },
};

const inr_model_ops inr_siren_ops = {
    .name = "siren",
    .lr = 1e-4f,   /* METHODS 2.1 */
    .bf16 = 2,   /* auto picks bf16 for SIREN where it is native */
    .winner = 1,
    INR_HPARAMS(HPARAMS),
    .layout = siren_layout,
    .init = siren_init,
    INR_ENC_MLP_PASSES,
    /* read by the viewer, --field, FreSh and the batch size (model_kinds.h) */
    .fresh = &siren_fresh,
};
