/* fresh_select.h - FreSh (METHODS 3.2): choose the embedding hyper-parameter whose
 * untrained model's output spectrum is nearest to the target's spectrum (W1 for
 * images, the centroid gap for audio: docs/FRESH_AUDIO.md).
 *
 * The hyper-parameter is generic: an inr_fresh_param (inr/fresh_param.h)
 * names it and applies a candidate value to an inr_config; each model kind
 * brings its own entry in its own file (SIREN w0_first, FFN sigma, hash-grid
 * N_max, NSTR sigma). The sweep sits above the engine and spectral/, which
 * it joins. Nothing here prints: progress goes through an optional callback,
 * failures through inr_fail(). */
#ifndef INR_FRESH_SELECT_H
#define INR_FRESH_SELECT_H

#include "fresh_param.h"
#include "status.h"

#define INR_FRESH_MAX_CANDIDATES 64
#define INR_FRESH_INITS 10          /* random initialisations per candidate (METHODS 3.2) */

/* The grid FreSh evaluates a signal's models on: for an image (dims 2) the
 * S x S square, S = min(height, width, 1024), the size its spectrum is taken
 * at anyway; for audio all n_points frames (x 1). */
void inr_fresh_eval_shape(int dims, long n_points, long height, long width, long shape[2]);

/* Called after each evaluated initialisation: done of total evaluations. */
typedef void (*inr_fresh_progress_fn)(void *ctx, int done, int total);

typedef struct {
    const inr_fresh_param *param;
    const double *values;        /* candidates (n_values, 1..INR_FRESH_MAX_CANDIDATES) */
    int n_values;
    int n_inits;                 /* initialisations per candidate (INR_FRESH_INITS)    */
    int nbins;                   /* spectrum bins (SPECTRAL_FRESH_BINS)                */
    /* Grid the models are evaluated on: dims 1 {n}, dims 2 {h, w}; linspace
     * (-1, 1) per axis as in training. A 2-D output is resized to S x S,
     * S = min(h, w, 1024), before its spectrum is taken, as the target is. */
    long shape[2];
    int threads;                 /* for inr_model_evaluate (0: all)                    */
    inr_fresh_progress_fn progress;  /* may be NULL */
    void *progress_ctx;
} inr_fresh_options;

/* The target's FreSh spectrum: targets (N,C) on the training scale over a grid
 * of shape (dims 1 {n}, dims 2 {h, w}); spec is (nbins). */
inr_status inr_fresh_target_spectrum(const float *targets, int dims, const long *shape,
                                     int c, int nbins, double *spec);

/* For each candidate value: apply it to a copy of base, then for k = 0..n_inits-1
 * initialise with the k-th seed drawn from base->seed (the same seeds for every
 * candidate: FreSh reseeds per candidate), evaluate on the grid and take the
 * distance between the output's spectrum and target_spec (nbins): W1 on 2-D
 * grids, spectral_centroid_gap on 1-D ones. dist (n_values) gets the mean over
 * the initialisations, *best the index of the smallest (the first one on ties).
 * base->init is kept, so a WINNER base is evaluated with its noise. */
inr_status inr_fresh_select(const inr_config *base, const double *target_spec,
                            const inr_fresh_options *opt, double *dist, int *best);

/* The name of the mean distance inr_fresh_select returns for a dims-D grid
 * ("mean W1" or "mean gap"), for printing over its values. */
const char *inr_fresh_distance_name(int dims);

#endif
