/* hashgrid_kind.c - the hash grid + ReLU MLP (Instant-NGP, METHODS 2.3): the
 * encoding + MLP family (enc_mlp.c) with the multiresolution hash encoding
 * (hashgrid.c) as its encoding, and its per-level field. */
#include <math.h>

#include "model_kinds.h"
#include "ops_cpu.h"

static void hashgrid_defaults(inr_config *c)
{
    c->width = 64;    /* METHODS 2.3: 2 hidden ReLU layers of 64 */
    c->layers = 2;
}

static const inr_hparam HPARAMS[] = {
    INR_HP_WIDTH,
    INR_HP_LAYERS,
    INR_HP_GRID,
    INR_HP_INT_("features", "--features", "N", grid.features, 1, 64, "features per level F"),
    INR_HP_INT_("log2_table", "--log2-table", "N", grid.log2_table, 1, 26,
                "log2 of the table size T per level"),
    INR_HP_FLOAT_("grid_init", NULL, NULL, grid.init_range, 0, 10, "tables ~ U(+-grid_init)"),
};

static inr_status hashgrid_check(const inr_config *c)
{
    inr_status st = inr_check_grid_res(c);
    if (st) return st;
    if (!(c->grid.init_range >= 0 && c->grid.init_range <= 10))
        return inr_fail(INR_ERR_INVALID, "grid init range must be 0..10");
    return INR_OK;
}

static inr_status hashgrid_layout(inr_model *m)
{
    const inr_config *c = &m->cfg;
    inr_status st = inr_grid_from_config(&m->grid, c, c->grid.features, 0);
    if (st) return st;
    inr_layer *g = &m->layer[m->n_layers++];
    g->kind = LAYER_HASHGRID;
    g->act = ACT_NONE;
    g->in = c->in_dim;
    g->out = m->grid.levels * m->grid.features;
    inr_model_add_grid(m, "hash");
    /* The tables' sparse_adam (adam.h) and the grid's half-cell shift
     * (hashgrid.h) stay off: measured in bench/REPORT_models.md, neither
     * helped on the CPU (-0.1..-0.2 dB and -1.0..+0.3 dB). */
    g->w_offset = m->grid.offset[0];
    m->max_width = g->out;
    inr_enc_mlp_add_mlp(m, g->out, ACT_RELU, 1.0f, 1.0f);
    return INR_OK;
}

static int hashgrid_fields(const inr_model *m, inr_field_info *list, int max)
{
    if (max < 1) return 0;
    list[0] = (inr_field_info){ "levels", m->grid.levels,
                                "norm of each level's interpolated features (one panel per level)" };
    return 1;
}

/* Field 0, "levels": the norm of each level's features (N, L). */
static void hashgrid_field(const inr_model *m, int which, const float *x, float *out, int N,
                           float *work)
{
    (void)which;
    const inr_grid *g = &m->grid;
    int L = g->levels, F = g->features;
    hashgrid_forward_cpu(g, m->params, x, work, N);
    for (int n = 0; n < N; n++)
        for (int l = 0; l < L; l++) {
            const float *f = work + ((size_t)n * L + l) * F;
            double s = 0;
            for (int k = 0; k < F; k++) s += (double)f[k] * f[k];
            out[(size_t)n * L + l] = (float)sqrt(s);
        }
}

/* FreSh (METHODS 3.2): the finest resolution N_max, geometric like the
 * levels themselves. Images: 32 .. ~4600 (x1.5, 13 values; beyond 2x the
 * image side a level only interpolates). Audio: 256 .. ~65000 for a 0.25 s clip
 * (x1.5, 14 values). */
static void hashgrid_fresh_apply(inr_config *cfg, double value)
{
    cfg->grid.max_res = (float)value;
}

/* While FreSh evaluates, the tables are drawn U(-1e-2, 1e-2), as the
 * untrained output barely varies with the default U(-1e-4, 1e-4). */
static void hashgrid_fresh_prepare(inr_model *m, uint64_t seed)
{
    inr_rng rng;
    inr_rng_seed(&rng, seed ^ 0x7461626c6573ULL);  /* "tables" */
    for (int l = 0; l < m->n_layers; l++)
        if (m->layer[l].kind == LAYER_HASHGRID)
            inr_fill_uniform(&rng, m->params + m->layer[l].w_offset, inr_grid_floats(&m->grid),
                             1e-2f);
}

static const inr_fresh_param hashgrid_fresh = {
    .kind = INR_MODEL_HASHGRID, .name = "n_max", .apply = hashgrid_fresh_apply,
    .image = { .first = 32, .step = 1.5, .n = 13, .geometric = 1 },
    .audio = { .first = 256, .step = 1.5, .n = 14, .geometric = 1 },
    .prepare = hashgrid_fresh_prepare,
};

const inr_model_ops inr_hashgrid_ops = {
    .name = "hashgrid",
    .defaults = hashgrid_defaults,
    /* METHODS 2.3 (tiny-cuda-nn): lr 1e-2, beta2 0.99, eps 1e-15. */
    .lr = 1e-2f,
    .beta2 = 0.99f,
    .eps = 1e-15f,
    .bf16 = 1,
    INR_HPARAMS(HPARAMS),
    .check = hashgrid_check,
    .layout = hashgrid_layout,
    .init = inr_enc_mlp_init_linear,
    INR_ENC_MLP_PASSES,
    .fields = hashgrid_fields,
    .field = hashgrid_field,
    /* read by the viewer, --field, FreSh and the batch size (model_kinds.h) */
    .field_view = INR_FIELD_VIEW_LEVELS,
    .fresh = &hashgrid_fresh,
    .auto_minibatch = 1,   /* METHODS 2.3 */
};
