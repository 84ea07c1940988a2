/* hparams.h - the hyper-parameters of the model kinds, one descriptor each:
 * the inr_config field it sets, its `inrfit fit` option, range, help line
 * and checkpoint key. Each kind lists the ones it uses in its descriptor
 * (model_kinds.h), those of its own part of inr_config in its own file; an
 * option is the kind's descriptor's, so two kinds may give one option
 * (--sigma) to two fields. The common options (hparams.c) are accepted for
 * every kind, as they always were, and ignored by a kind that does not list
 * one. Defaults are not here: inr_config_default() states them once. */
#ifndef INR_HPARAMS_H
#define INR_HPARAMS_H

#include <stddef.h>

#include "model.h"

typedef enum { INR_HP_INT, INR_HP_FLOAT } inr_hparam_type;

typedef struct {
    const char *key;       /* checkpoint key, info and export name ("log2_table") */
    const char *option;    /* "--log2-table"; NULL: stored only, no option. Two
                              kinds' descriptors may share an option (--sigma):
                              each sets its own kind's field */
    const char *arg;       /* value's name in the help line ("N") */
    inr_hparam_type type;
    size_t offset;         /* of its int or float in inr_config (into a part:
                              offsetof(inr_config, ffn.sigma)) */
    double lo, hi;         /* what the option accepts */
    const char *help;      /* what it is, naming no kind: `fit --help` adds the
                              kinds whose descriptors list it */
    /* Key of a parameter that is not given together with this one; giving
     * this one zeroes it (--growth replaces NSTR's default --max-res). */
    const char *excludes;
    /* The key checkpoints stored it under before it had its own (NSTR's
     * omega_std was "sigma"); a file without its own key gives it that
     * one's value (checkpoint_config.c). NULL: none. */
    const char *was;
    /* The value files written before the key existed had, where that is
     * not today's default (NSTR's transport_x: 1); has_absent says there
     * is one. */
    double absent;
    int has_absent;
} inr_hparam;

/* Descriptor initialisers: key, option, arg, field, lo, hi, help. field
 * may name a part's member (ffn.sigma). */
#define INR_HP_INT_(key_, opt, arg_, field, lo_, hi_, help_)                           \
    { .key = key_, .option = opt, .arg = arg_, .type = INR_HP_INT,                     \
      .offset = offsetof(inr_config, field), .lo = lo_, .hi = hi_, .help = help_ }
#define INR_HP_FLOAT_(key_, opt, arg_, field, lo_, hi_, help_)                         \
    { .key = key_, .option = opt, .arg = arg_, .type = INR_HP_FLOAT,                   \
      .offset = offsetof(inr_config, field), .lo = lo_, .hi = hi_, .help = help_ }

/* Shared entries for the kinds' lists: the same field with the same
 * meaning in every kind that lists it. A kind's own ones are in its file. */
#define INR_HP_WIDTH INR_HP_INT_("width", "--width", "N", width, 1, 8192, "hidden width")
#define INR_HP_LAYERS \
    INR_HP_INT_("layers", "--layers", "N", layers, 1, INR_MAX_LAYERS - 2, "hidden layers")
/* The sine layers' omegas (inr_sine_config). */
#define INR_HP_SINE                                                                       \
    INR_HP_FLOAT_("w0", "--w0", "F", sine.w0, 1e-6, 1e6, "hidden sine layers' omega"),     \
    INR_HP_FLOAT_("w0_first", "--w0-first", "F", sine.w0_first, 1e-6, 1e6,                \
                  "first sine layer's omega")
/* The grid's (inr_grid_config: the hash encoding, NSTR's S). */
#define INR_HP_GRID                                                                       \
    INR_HP_INT_("levels", "--levels", "N", grid.levels, 1, INR_GRID_MAX_LEVELS, "grid levels L"), \
    INR_HP_FLOAT_("base_res", "--base-res", "F", grid.base_res, 2, 1e6,                   \
                  "coarsest resolution N_min"),                                           \
    { .key = "growth", .option = "--growth", .arg = "F", .type = INR_HP_FLOAT,             \
      .offset = offsetof(inr_config, grid.growth), .lo = 1, .hi = 1e3,                    \
      .help = "per-level growth b, unused while N_max is set", .excludes = "max_res" },   \
    INR_HP_FLOAT_("max_res", "--max-res", "F", grid.max_res, 2, 1e7,                      \
                  "finest resolution N_max, 0 unset: sets b = (N_max/N_min)^(1/(L-1))")

/* The options every kind accepts, as before they had a table ("--width",
 * ..., "--sigma"): a kind whose list has no descriptor with one ignores
 * it. *list gets the array. */
int inr_hparam_common_options(const char *const **list);
/* Whether option is one of them. */
int inr_hparam_option_common(const char *option);
/* The ones kind uses (none for a kind that is not one). */
int inr_hparams_of(inr_model_kind kind, const inr_hparam **list);
/* Whether h (by key) is in list (n entries). */
int inr_hparam_in(const inr_hparam *h, const inr_hparam *list, int n);
/* Every hyper-parameter once (by key): each kind's, in kind order, then the
 * stored-only precision; NULL past the end. */
const inr_hparam *inr_hparam_at(int i);
/* Index in that list of key, or -1. */
int inr_hparam_index(const char *key);
/* Index in that list of the first descriptor with option (where `inrfit
 * fit` parses its value), or -1. */
int inr_hparam_option_index(const char *option);
/* kind's descriptor with option, or NULL when its list has none. */
const inr_hparam *inr_hparam_for_option(inr_model_kind kind, const char *option);
/* kind's descriptor (its list, or a stored-only one) that a checkpoint or
 * API name key means: the one with that key, else the one that was stored
 * under it (was); NULL when none. *legacy (may be NULL) tells which. */
const inr_hparam *inr_hparam_for_key(inr_model_kind kind, const char *key, int *legacy);
/* Whether kind accepts h's option: a common one, or one its list has. */
int inr_hparam_applies(const inr_hparam *h, inr_model_kind kind);
/* The kinds whose lists have a descriptor with option (and key, unless
 * NULL), as "a, b and c" (sep_last " and " or " or ") into out (n bytes);
 * returns how many (out "" for none). */
int inr_hparam_kinds(const char *option, const char *key, const char *sep_last, char *out,
                     size_t n);

double inr_hparam_get(const inr_hparam *h, const inr_config *c);
/* Sets the field (an int field gets v rounded toward zero). */
void inr_hparam_set(const inr_hparam *h, inr_config *c, double v);
/* The field's value as text ("%d" or "%g") into out (n bytes). */
void inr_hparam_format(const inr_hparam *h, const inr_config *c, char *out, size_t n);

#endif
