/* hparams.h - the hyper-parameters of the model kinds, one descriptor each:
 * the inr_config field it sets, its `inrfit fit` option, range, help line
 * and checkpoint key. Each kind lists the ones it uses in its descriptor
 * (model_kinds.h); the common options (hparams.c) are accepted for every
 * kind, as they always were, and ignored by a kind that does not list one.
 * Defaults are not here: inr_config_default() states them once. */
#ifndef INR_HPARAMS_H
#define INR_HPARAMS_H

#include <stddef.h>

#include "model.h"

typedef enum { INR_HP_INT, INR_HP_FLOAT } inr_hparam_type;

typedef struct {
    const char *key;       /* checkpoint key, info and export name ("log2_table") */
    const char *option;    /* "--log2-table"; NULL: stored only, no option */
    const char *arg;       /* value's name in the help line ("N") */
    inr_hparam_type type;
    size_t offset;         /* of its int or float in inr_config */
    double lo, hi;         /* what the option accepts */
    const char *help;
    /* Key of a parameter that is not given together with this one; giving
     * this one zeroes it (--growth replaces NSTR's default --max-res). */
    const char *excludes;
} inr_hparam;

/* Descriptor initialisers: key, option, arg, field, lo, hi, help. */
#define INR_HP_INT_(key, opt, arg, field, lo, hi, help) \
    { key, opt, arg, INR_HP_INT, offsetof(inr_config, field), lo, hi, help, NULL }
#define INR_HP_FLOAT_(key, opt, arg, field, lo, hi, help) \
    { key, opt, arg, INR_HP_FLOAT, offsetof(inr_config, field), lo, hi, help, NULL }

/* Shared entries for the kinds' lists (and the common list). */
#define INR_HP_WIDTH INR_HP_INT_("width", "--width", "N", width, 1, 8192, "hidden width")
#define INR_HP_LAYERS \
    INR_HP_INT_("layers", "--layers", "N", layers, 1, INR_MAX_LAYERS - 2, "hidden layers")
#define INR_HP_OMEGAS                                                                     \
    INR_HP_FLOAT_("w0", "--w0", "F", w0, 1e-6, 1e6, "SIREN (and HC-INR field) hidden omega"), \
    INR_HP_FLOAT_("w0_first", "--w0-first", "F", w0_first, 1e-6, 1e6,                     \
                  "SIREN (and HC-INR field) first-layer omega")
#define INR_HP_SIGMA                                                                      \
    INR_HP_FLOAT_("sigma", "--sigma", "F", sigma, 1e-6, 1e6,                              \
                  "FFN std of B on [-1,1] coordinates (10 here is Tancik et al.'s 20 on "  \
                  "[0,1)); NSTR std of Omega in rad/unit, by default from the "          \
                  "target's spectral centroid")
#define INR_HP_MAPPING INR_HP_INT_("mapping", "--mapping", "N", mapping, 1, 8192, "FFN Fourier features")
/* The grid's (hash grid, NSTR's S). */
#define INR_HP_GRID                                                                       \
    INR_HP_INT_("levels", "--levels", "N", levels, 1, INR_GRID_MAX_LEVELS, "grid levels L"), \
    INR_HP_FLOAT_("base_res", "--base-res", "F", base_res, 2, 1e6, "coarsest resolution N_min"), \
    { "growth", "--growth", "F", INR_HP_FLOAT, offsetof(inr_config, growth), 1, 1e3,      \
      "per-level growth b, unused while N_max is set", "max_res" },                       \
    INR_HP_FLOAT_("max_res", "--max-res", "F", max_res, 2, 1e7,                           \
                  "finest resolution N_max, 0 unset: sets b = (N_max/N_min)^(1/(L-1))")

/* The common options (every kind accepts them); *list gets the array. */
int inr_hparams_common(const inr_hparam **list);
/* The ones kind uses (none for a kind that is not one). */
int inr_hparams_of(inr_model_kind kind, const inr_hparam **list);
/* Whether h (by key) is in list (n entries). */
int inr_hparam_in(const inr_hparam *h, const inr_hparam *list, int n);
/* Every hyper-parameter once (by key): the common ones, each kind's, then
 * the stored-only precision; NULL past the end. */
const inr_hparam *inr_hparam_at(int i);
/* Index in that list of key, or -1. */
int inr_hparam_index(const char *key);
/* Whether kind accepts h (common or its own). */
int inr_hparam_applies(const inr_hparam *h, inr_model_kind kind);

double inr_hparam_get(const inr_hparam *h, const inr_config *c);
/* Sets the field (an int field gets v rounded toward zero). */
void inr_hparam_set(const inr_hparam *h, inr_config *c, double v);
/* The field's value as text ("%d" or "%g") into out (n bytes). */
void inr_hparam_format(const inr_hparam *h, const inr_config *c, char *out, size_t n);

#endif
