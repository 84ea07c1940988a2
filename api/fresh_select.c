/* fresh_select.c - FreSh's sweep (METHODS 3.2): per candidate, the mean distance
 * between untrained models' output spectra and the target spectrum (W1 for
 * images; the centroid gap for audio, docs/FRESH_AUDIO.md), and the argmin.
 * The hyper-parameters and their grids are the kinds' (inr/fresh_param.h). */
#include "fresh_select.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "spectral.h"
#include "trainer.h"

void inr_fresh_eval_shape(int dims, long n_points, long height, long width, long shape[2])
{
    if (dims == 1) {
        shape[0] = n_points;
        shape[1] = 1;
        return;
    }
    /* FreSh takes an image's spectrum after resizing it to S x S, so the
     * models are evaluated on that S x S grid directly. For a square image of
     * side <= 1024 it is the full training grid (exactly METHODS 3.2); otherwise
     * the output is point-sampled at S x S instead of evaluated in full and
     * resized with an antialiasing filter: far cheaper, and it differs only by
     * what the filter would remove above the resized Nyquist frequency. */
    shape[0] = shape[1] = spectral_fresh_side((int)height, (int)width);
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

/* Images: W1, as METHODS 3.2 and the official code. Audio departs (see
 * docs/FRESH_AUDIO.md): a sound's spectrum (a few harmonic peaks and a long
 * tail) and an untrained SIREN's (broadband) differ in shape, so W1's minimum
 * lands where their cumulative sums cross, not where their centres agree. On
 * 17 clips W1's pick trained within 1 dB of the best of the grid on 6, the
 * centroid gap's (W1's lower bound, blind to shape) on 10; mean miss 1.83 dB
 * against 0.93 (bench/fresh_audio.sh). */
typedef struct {
    const char *name;   /* the column fit prints over the sweep */
    inr_status (*distance)(const double *model, const double *target, int nbins, double *d);
} fresh_distance;

static const fresh_distance *distance_for(int dims)
{
    static const fresh_distance centroid_gap = { "mean gap", spectral_centroid_gap },
                                w1 = { "mean W1", spectral_w1 };
    return dims == 1 ? &centroid_gap : &w1;
}

const char *inr_fresh_distance_name(int dims)
{
    return distance_for(dims)->name;
}

inr_status inr_fresh_select(const inr_config *base, const double *target_spec,
                            const inr_fresh_options *opt, double *dist, int *best)
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
     * candidate sees the same ten draws, so their distances differ by the
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
                (st = distance_for(dims)->distance(spec, target_spec, nbins, &d)) != INR_OK)
                break;
            sum += d;
            if (opt->progress) opt->progress(opt->progress_ctx, ++done, total);
        }
        inr_model_free(&m);
        dist[v] = sum / opt->n_inits;
    }
    if (st == INR_OK) {
        *best = 0;
        for (int v = 1; v < opt->n_values; v++)
            if (dist[v] < dist[*best]) *best = v;
    }
done:
    free(coords);
    free(out);
    free(spec);
    free(seeds);
    return st;
}
