/* model_options.h - the model options of `inrfit fit`, read from the
 * hyper-parameter table (hparams.h): parsing, the check that each applies to
 * the chosen kind, applying them to an inr_config, and their help text with
 * the defaults of inr_config_default(). fit_options.c calls these. */
#ifndef INR_MODEL_OPTIONS_H
#define INR_MODEL_OPTIONS_H

#include <stdio.h>

#include "cli_args.h"
#include "hparams.h"
#include "model.h"
#include "signal_io.h"

/* More than the table holds (model_options_match asserts it). */
#define MODEL_OPTIONS_MAX 40

/* What the user set, by option: at the inr_hparam_at index of the first
 * descriptor with it (inr_hparam_option_index); the kind's descriptor with
 * that option gets the value (model_options_param). Unset: the model's
 * default. */
typedef struct {
    double value[MODEL_OPTIONS_MAX];
    unsigned char set[MODEL_OPTIONS_MAX];
} model_options;

/* True when argv[a->i] is a model option (its value parsed into mo); sets
 * *missing / *bad (after printing) like cli_match. */
int model_options_match(cli_args *a, model_options *mo, int *missing, int *bad);

/* Refuses options that kind does not take, and two that exclude each other
 * (--max-res and --growth). Returns 0, or 2 after printing. */
int model_options_check(const model_options *mo, inr_model_kind kind);

/* Overrides cfg's defaults with what the user set: each option into the
 * field of cfg->kind's descriptor with it (a common option the kind does not
 * list is ignored). */
void model_options_apply(const model_options *mo, inr_config *cfg);

/* kind's descriptor for the option kept at index i (NULL: kind lists none). */
const inr_hparam *model_options_param(int i, inr_model_kind kind);

/* Whether the user set key's option; setting it from code (tests). */
int model_options_given(const model_options *mo, const char *key);
void model_options_give(model_options *mo, const char *key, double value);

/* Defaults that cfg's kind derives from the target (NSTR's omega_std, METHODS
 * 2.4): the mean spectral centroid over channels along the flattened axis
 * (images: a row). Keeps cfg when the centroid cannot be computed. */
void model_options_from_target(inr_config *cfg, const signal_data *s);

/* The options' help lines with their defaults (part of `inrfit fit
 * --help`; model_usage.c): the common ones, and each kind's own. */
void model_options_usage_common(FILE *out);
void model_options_usage_kinds(FILE *out);
/* The fit options whose help names kinds, from the kinds' descriptors:
 * --init, --fresh and --fresh-grid; --lr, --lr-decay*, --batch; --precision. */
void model_options_usage_init(FILE *out);
void model_options_usage_training(FILE *out);
void model_options_usage_precision(FILE *out);

#endif
