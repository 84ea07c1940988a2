/* fresh_select.c - FreSh's sweep (SPEC 3.2): per candidate, the mean W1 between
 * untrained models' output spectra and the target spectrum, and the argmin.
 * Also the table of FreSh hyper-parameters per model kind with their grids. */
#include "fresh_select.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model_kinds.h"
#include "rng.h"
#include "spectral.h"
#include "trainer.h"

/* ---- hyper-parameters per model kind ---------------------------------------- */

/* n evenly spaced values first, first + step, ...; returns how many fit in max. */
static int linear_grid(double first, double step, int n, double *values, int max)
{
    if (n > max) n = max;
    for (int i = 0; i < n; i++) values[i] = first + step * i;
    return n;
}

/* Audio grids scale with the sample rate (SPEC 3.2), from their value at 44.1 kHz. */
static double rate_scale(int sample_rate)
{
    return sample_rate > 0 ? sample_rate / 44100.0 : 1.0;
}

static void siren_apply(inr_config *cfg, double value) { cfg->w0_first = (float)value; }

/* Images: w0_first 10, 20, ..., 200 (SPEC 3.2; the hidden w0 stays 30).
 * Audio: 250, 500, ..., 5000 at 44.1 kHz, bracketing SIREN's audio baseline
 * 3000 (SPEC 2.1) on both sides. */
static int siren_grid(int dims, int sample_rate, double *values, int max)
{
    if (dims == 1) {
        double k = rate_scale(sample_rate);
        return linear_grid(250.0 * k, 250.0 * k, 20, values, max);
    }
    return linear_grid(10.0, 10.0, 20, values, max);
}

static void ffn_apply(inr_config *cfg, double value) { cfg->sigma = (float)value; }

/* Images: sigma 1, 2, ..., 20 (SPEC 3.2). Audio: 100, 200, ..., 2000 at 44.1 kHz
 * (B x spans +-sigma cycles per unit of the [-1,1] axis, so an audio clip needs
 * a sigma in the hundreds to reach its hundreds of Hz). */
static int ffn_grid(int dims, int sample_rate, double *values, int max)
{
    if (dims == 1) {
        double k = rate_scale(sample_rate);
        return linear_grid(100.0 * k, 100.0 * k, 20, values, max);
    }
    return linear_grid(1.0, 1.0, 20, values, max);
}

static void hashgrid_apply(inr_config *cfg, double value) { cfg->max_res = (float)value; }

/* n values first, first * ratio, first * ratio^2, ..., rounded to integers. */
static int geometric_grid(double first, double ratio, int n, double *values, int max)
{
    if (n > max) n = max;
    for (int i = 0; i < n; i++) values[i] = round(first * pow(ratio, i));
    return n;
}

/* Finest resolution N_max, geometric like the levels themselves. Images:
 * 32 .. ~4600 (x1.5, 13 values; beyond 2x the image side a level only
 * interpolates). Audio: 256 .. ~65000 at 44.1 kHz (x1.5, 14 values). */
static int hashgrid_grid(int dims, int sample_rate, double *values, int max)
{
    if (dims == 1) return geometric_grid(256.0 * rate_scale(sample_rate), 1.5, 14, values, max);
    return geometric_grid(32.0, 1.5, 13, values, max);
}

/* SPEC 3.2: while FreSh evaluates, the tables are drawn U(-1e-2, 1e-2), as
 * the untrained output barely varies with the default U(-1e-4, 1e-4). */
static void hashgrid_prepare(inr_model *m, uint64_t seed)
{
    inr_rng rng;
    inr_rng_seed(&rng, seed ^ 0x7461626c6573ULL);  /* "tables" */
    for (int l = 0; l < m->n_layers; l++)
        if (m->layer[l].kind == LAYER_HASHGRID)
            inr_fill_uniform(&rng, m->params + m->layer[l].w_offset, inr_grid_floats(&m->grid),
                             1e-2f);
}

static void nstr_apply(inr_config *cfg, double value) { cfg->sigma = (float)value; }

/* Std of the bases' frequencies Omega in radians per unit of [-1,1].
 * Images: 10, 20, ..., 200 (up to ~32 cycles per unit; the centroid-based
 * default is ~100 on camera). Audio: 500, 1000,
 * ..., 10000 at 44.1 kHz, scaled with the sample rate. */
static int nstr_grid(int dims, int sample_rate, double *values, int max)
{
    if (dims == 1) {
        double k = rate_scale(sample_rate);
        return linear_grid(500.0 * k, 500.0 * k, 20, values, max);
    }
    return linear_grid(10.0, 10.0, 20, values, max);
}

static const inr_fresh_param FRESH_PARAMS[] = {
    { INR_MODEL_SIREN, "w0_first", siren_apply, siren_grid, NULL },
    { INR_MODEL_FFN, "sigma", ffn_apply, ffn_grid, NULL },
    { INR_MODEL_HASHGRID, "n_max", hashgrid_apply, hashgrid_grid, hashgrid_prepare },
    { INR_MODEL_NSTR, "sigma", nstr_apply, nstr_grid, NULL },
};

const inr_fresh_param *inr_fresh_param_for(inr_model_kind kind)
{
    for (size_t i = 0; i < sizeof FRESH_PARAMS / sizeof FRESH_PARAMS[0]; i++)
        if (FRESH_PARAMS[i].kind == kind) return &FRESH_PARAMS[i];
    return NULL;
}

/* ---- spectra and the sweep --------------------------------------------------- */

static long grid_points(int dims, const long *shape)
{
    return dims == 1 ? shape[0] : shape[0] * shape[1];
}

static inr_status check_grid(int dims, const long *shape)
{
    if (dims != 1 && dims != 2)
        return inr_fail(INR_ERR_INVALID, "FreSh needs a 1-D or 2-D signal, not %d-D", dims);
    /* The spectral library indexes with int. */
    if (shape[0] < 1 || shape[0] > (1L << 30) || (dims == 2 && (shape[1] < 1 || shape[1] > (1L << 30))) ||
        grid_points(dims, shape) > (1L << 30))
        return inr_fail(INR_ERR_INVALID, "FreSh: grid of %ld x %ld points is out of range",
                        shape[0], dims == 2 ? shape[1] : 1L);
    return INR_OK;
}

inr_status inr_fresh_target_spectrum(const float *targets, int dims, const long *shape,
                                     int c, int nbins, double *spec)
{
    inr_status st = check_grid(dims, shape);
    if (st) return st;
    if (dims == 1) return spectral_fresh_spectrum1d(targets, (int)shape[0], c, nbins, spec);
    return spectral_fresh_spectrum2d(targets, (int)shape[0], (int)shape[1], c, nbins, spec);
}

inr_status inr_fresh_select(const inr_config *base, const double *target_spec,
                            const inr_fresh_options *opt, double *w1, int *best)
{
    const inr_fresh_param *p = opt->param;
    int dims = base->in_dim, C = base->out_dim, nbins = opt->nbins;
    if (!p || !p->apply || p->kind != base->kind)
        return inr_fail(INR_ERR_INVALID, "FreSh: no hyper-parameter to choose for the %s model",
                        inr_model_name(base->kind));
    if (opt->n_values < 1 || opt->n_values > INR_FRESH_MAX_CANDIDATES || opt->n_inits < 1 ||
        nbins < 1)
        return inr_fail(INR_ERR_INVALID, "FreSh: %d candidates, %d initialisations, %d bins",
                        opt->n_values, opt->n_inits, nbins);
    inr_status st = check_grid(dims, opt->shape);
    if (st) return st;
    double target_sum = 0.0;
    for (int b = 0; b < nbins; b++) target_sum += target_spec[b];
    if (!(target_sum > 0.0) || !isfinite(target_sum))
        return inr_fail(INR_ERR_INVALID, "FreSh: the target has no energy in spectrum bins "
                        "1..%d (a constant signal?), nothing to match", nbins);

    long n = grid_points(dims, opt->shape);
    float *coords = malloc((size_t)n * dims * sizeof(float));
    float *out = malloc((size_t)n * C * sizeof(float));
    double *spec = malloc((size_t)nbins * sizeof(double));
    uint64_t *seeds = malloc((size_t)opt->n_inits * sizeof(uint64_t));
    if (!coords || !out || !spec || !seeds) {
        st = inr_fail(INR_ERR_NOMEM, "FreSh: out of memory for a grid of %ld points", n);
        goto done;
    }
    inr_grid_coords(dims, opt->shape, coords);
    /* The initialisation seeds, drawn once from the user's seed: every
     * candidate sees the same ten draws, so their W1s differ by the
     * hyper-parameter, not by luck. */
    inr_rng rng;
    inr_rng_seed(&rng, base->seed ^ 0x6672657368ULL);  /* "fresh" */
    for (int k = 0; k < opt->n_inits; k++) seeds[k] = inr_rng_next(&rng);

    int total = opt->n_values * opt->n_inits, done = 0;
    for (int v = 0; v < opt->n_values && st == INR_OK; v++) {
        inr_config cfg = *base;
        p->apply(&cfg, opt->values[v]);
        inr_model m;
        if ((st = inr_model_create(&m, &cfg)) != INR_OK) break;
        double sum = 0.0;
        for (int k = 0; k < opt->n_inits; k++) {
            double d = 0.0;
            m.cfg.seed = seeds[k];
            inr_model_init(&m);
            if (p->prepare) p->prepare(&m, seeds[k]);
            if ((st = inr_model_evaluate(&m, coords, n, out, opt->threads)) != INR_OK ||
                (st = inr_fresh_target_spectrum(out, dims, opt->shape, C, nbins, spec)) != INR_OK ||
                (st = spectral_w1(spec, target_spec, nbins, &d)) != INR_OK)
                break;
            sum += d;
            if (opt->progress) opt->progress(opt->progress_ctx, ++done, total);
        }
        inr_model_free(&m);
        w1[v] = sum / opt->n_inits;
    }
    if (st == INR_OK) {
        *best = 0;
        for (int v = 1; v < opt->n_values; v++)
            if (w1[v] < w1[*best]) *best = v;
    }
done:
    free(coords);
    free(out);
    free(spec);
    free(seeds);
    return st;
}
