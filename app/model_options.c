/* model_options.c - options of the hash grid, NSTR and HC-INR models
 * (model_options.h). Defaults come from inr_config_default(). */
#include "model_options.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "spectral.h"

void model_options_usage(FILE *out)
{
    fputs(
        "hash grid (--model hashgrid; Instant-NGP, SPEC 2.3; MLP --width 64 --layers 2,\n"
        "Adam lr 1e-2 beta2 0.99 eps 1e-15, minibatches of 65536 points):\n"
        "  --levels N            grid levels L (16; NSTR's S grid: 3)\n"
        "  --features N          features per level F (2)\n"
        "  --log2-table N        log2 of the table size T per level (15)\n"
        "  --base-res F          coarsest resolution N_min (16; NSTR audio 64)\n"
        "  --growth F            per-level growth b (1.5)\n"
        "  --max-res F           finest resolution N_max: sets b = (N_max/N_min)^(1/(L-1))\n"
        "                        (hash grid: unset; NSTR 64, audio 1024)\n"
        "NSTR (--model nstr; SPEC 2.4, project reading; g_phi --width 64 --layers 1,\n"
        "Omega ~ N(0, sigma^2) rad/unit with --sigma from the target's spectral centroid,\n"
        "S on a dense grid set by --levels/--base-res/--max-res, Adam lr 1e-2):\n"
        "  --bases K             global sinusoidal bases (64)\n"
        "  --lambda F            weight of the transport regulariser (1e-3)\n"
        "HC-INR (--model hcinr; SPEC 2.5, project reading; field SIREN --width 128\n"
        "--layers 3 --w0 30 --w0-first 30 (audio 3000), Adam lr 1e-3 (audio 1e-4)):\n"
        "  --scales S            warp scales (3)\n"
        "  --latent-res N        latent grid vertices per axis (16; audio 256)\n"
        "  --latent-features N   latent features per vertex (8)\n",
        out);
}

int model_options_match(cli_args *a, model_options *mo, int *missing, int *bad)
{
    struct { const char *name; long *value; long lo, hi; } longs[] = {
        { "--levels", &mo->levels, 1, INR_GRID_MAX_LEVELS },
        { "--features", &mo->features, 1, 64 },
        { "--log2-table", &mo->log2_table, 1, 26 },
        { "--bases", &mo->bases, 1, 1024 },
        { "--scales", &mo->scales, 1, 8 },
        { "--latent-res", &mo->latent_res, 2, 1L << 20 },
        { "--latent-features", &mo->latent_features, 1, 256 },
    };
    struct { const char *name; float *value; double lo, hi; } floats[] = {
        { "--base-res", &mo->base_res, 2, 1e6 },
        { "--max-res", &mo->max_res, 2, 1e7 },
        { "--growth", &mo->growth, 1, 1e3 },
        { "--lambda", &mo->lambda, 0, 1e6 },
    };
    for (size_t i = 0; i < sizeof longs / sizeof longs[0]; i++)
        if (cli_match(a, longs[i].name, missing)) {
            *bad = !*missing && cli_parse_long(longs[i].name, a->value, longs[i].lo, longs[i].hi,
                                               longs[i].value);
            return 1;
        }
    for (size_t i = 0; i < sizeof floats / sizeof floats[0]; i++)
        if (cli_match(a, floats[i].name, missing)) {
            *bad = !*missing && cli_parse_float(floats[i].name, a->value, floats[i].lo,
                                                floats[i].hi, floats[i].value);
            if (floats[i].value == &mo->lambda) mo->lambda_set = 1;
            return 1;
        }
    return 0;
}

int model_options_check(const model_options *mo, inr_model_kind kind)
{
    int grid = kind == INR_MODEL_HASHGRID || kind == INR_MODEL_NSTR;
    const char *wrong = NULL, *needs = NULL;
    if (!grid && (mo->levels || mo->base_res || mo->max_res || mo->growth)) {
        wrong = "--levels/--base-res/--max-res/--growth";
        needs = "hashgrid or nstr";
    } else if (kind != INR_MODEL_HASHGRID && (mo->features || mo->log2_table)) {
        wrong = "--features/--log2-table";
        needs = "hashgrid";
    } else if (kind != INR_MODEL_NSTR && (mo->bases || mo->lambda_set)) {
        wrong = "--bases/--lambda";
        needs = "nstr";
    } else if (kind != INR_MODEL_HCINR && (mo->scales || mo->latent_res || mo->latent_features)) {
        wrong = "--scales/--latent-res/--latent-features";
        needs = "hcinr";
    }
    if (wrong) {
        cli_error("%s apply to --model %s, not %s", wrong, needs, inr_model_name(kind));
        return 2;
    }
    if (mo->max_res && mo->growth) {
        cli_error("give --max-res or --growth, not both (--max-res sets the growth)");
        return 2;
    }
    return 0;
}

void model_options_apply(const model_options *mo, inr_config *c)
{
    if (mo->levels) c->levels = (int)mo->levels;
    if (mo->features) c->features = (int)mo->features;
    if (mo->log2_table) c->log2_table = (int)mo->log2_table;
    if (mo->base_res) c->base_res = mo->base_res;
    if (mo->growth) {
        c->growth = mo->growth;
        c->max_res = 0;      /* an explicit growth replaces NSTR's default N_max */
    }
    if (mo->max_res) c->max_res = mo->max_res;
    if (mo->bases) c->bases = (int)mo->bases;
    if (mo->lambda_set) c->lambda = mo->lambda;
    if (mo->scales) c->scales = (int)mo->scales;
    if (mo->latent_res) c->latent_res = (int)mo->latent_res;
    if (mo->latent_features) c->latent_features = (int)mo->latent_features;
}

void model_nstr_sigma(inr_config *c, const signal_data *s)
{
    int C = s->info.channels;
    double *cen = malloc((size_t)C * sizeof(double));
    if (!cen || s->n_points > 0x7fffffffL ||
        spectral_centroid(s->targets, (int)s->n_points, C, cen) != INR_OK) {
        free(cen);
        return;
    }
    double mean = 0;
    for (int k = 0; k < C; k++) mean += cen[k] / C;
    free(cen);
    /* linspace(-1, 1, n): one sample advances x by 2/(n-1), so f cycles per
     * sample is omega = pi f (n - 1) radians per unit of x. Images are
     * flattened row-major, so their axis is a row (width). */
    long n_axis = s->info.width;
    double sigma = M_PI * mean * (double)(n_axis - 1);
    if (sigma > 0 && isfinite(sigma)) c->sigma = (float)sigma;
}
