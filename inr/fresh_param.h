/* fresh_param.h - the FreSh hyper-parameter of a model kind (SPEC 3.2).
 *
 * Each kind that has one defines its entry in its own file and points its
 * descriptor at it (model_kinds.h, .fresh); FreSh's sweep (app/fresh_select.c)
 * applies the candidates. */
#ifndef INR_FRESH_PARAM_H
#define INR_FRESH_PARAM_H

#include <stdint.h>

#include "model.h"

/* A grid of n candidates from first: each step more (linear), or each
 * step times more, rounded to integers (geometric). */
typedef struct {
    double first, step;
    int n;
    int geometric;
} inr_fresh_grid;

/* One model's FreSh hyper-parameter. */
typedef struct {
    inr_model_kind kind;         /* the model it belongs to                      */
    const char *name;            /* recorded in the checkpoint, < 16 characters  */
    /* Sets the hyper-parameter of cfg to value. */
    void (*apply)(inr_config *cfg, double value);
    /* Default candidates for images, and for audio at 44.1 kHz (other rates
     * scale first, and a linear grid's step, by the rate / 44.1 kHz). */
    inr_fresh_grid image, audio;
    /* Optional, NULL when not needed: adjusts a freshly initialised model
     * before it is evaluated (the hash grid draws its tables U(-1e-2, 1e-2)
     * here, SPEC 3.2, since its untrained output barely varies otherwise). */
    void (*prepare)(inr_model *m, uint64_t seed);
} inr_fresh_param;

/* The FreSh hyper-parameter of a model kind, or NULL when it has none. */
const inr_fresh_param *inr_fresh_param_for(inr_model_kind kind);

/* p's default candidates for a signal of dims 1 (audio, at sample_rate Hz)
 * or 2 (image): writes at most max values, returns how many. */
int inr_fresh_default_grid(const inr_fresh_param *p, int dims, int sample_rate, double *values,
                           int max);

#endif
