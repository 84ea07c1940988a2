/* model_options.h - the `inrfit fit` options of the grid, NSTR and HC-INR
 * models (SPEC 2.3-2.5): parsing, their help text with defaults, and
 * applying them to an inr_config. fit_options.c calls these. */
#ifndef INR_MODEL_OPTIONS_H
#define INR_MODEL_OPTIONS_H

#include <stdio.h>

#include "cli_args.h"
#include "model.h"
#include "signal_io.h"

/* Values a user set; 0 means "model default" (lambda_set for --lambda). */
typedef struct {
    long levels, features, log2_table, bases, scales, latent_res, latent_features;
    float base_res, max_res, growth, lambda;
    int lambda_set;
} model_options;

/* True when argv[a->i] is one of these options (its value parsed into mo);
 * sets *missing / *bad (after printing) like cli_match. */
int model_options_match(cli_args *a, model_options *mo, int *missing, int *bad);

/* Refuses options that do not apply to kind, and --max-res with --growth.
 * Returns 0, or 2 after printing. */
int model_options_check(const model_options *mo, inr_model_kind kind);

/* Overrides cfg's defaults with what the user set. */
void model_options_apply(const model_options *mo, inr_config *cfg);

/* NSTR without --sigma: sigma of Omega from the target's spectral
 * centroid (SPEC 2.4), the centroid's angular frequency on [-1,1] along the
 * flattened axis: pi * centroid * (n_axis - 1). Keeps cfg->sigma when the
 * centroid cannot be computed. */
void model_nstr_sigma(inr_config *cfg, const signal_data *s);

/* The options' help lines (part of `inrfit fit --help`). */
void model_options_usage(FILE *out);

#endif
