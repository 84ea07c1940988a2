/* fresh_param.h - the FreSh hyper-parameter of a model kind (METHODS 3.2).
 *
 * Each kind that has one defines its entry in its own file and points its
 * descriptor at it (model_kinds.h, .fresh); FreSh's sweep (app/fit/fresh_select.c)
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
    /* Default candidates for images, and for audio for a clip of
     * INR_FRESH_AUDIO_SECONDS (other lengths scale first, and a linear grid's
     * step, by the clip's length / INR_FRESH_AUDIO_SECONDS). */
    inr_fresh_grid image, audio;
    /* Optional, NULL when not needed: adjusts a freshly initialised model
     * before it is evaluated (the hash grid draws its tables U(-1e-2, 1e-2)
     * here, METHODS 3.2, since its untrained output barely varies otherwise). */
    void (*prepare)(inr_model *m, uint64_t seed);
} inr_fresh_param;

/* The FreSh hyper-parameter of a model kind, or NULL when it has none. */
const inr_fresh_param *inr_fresh_param_for(inr_model_kind kind);

/* The clip length, in seconds, the audio grids are given for. The grids
 * scale with a clip's length, not its sample rate (departing from METHODS 3.2,
 * which scales them with the rate): the model's frequencies are per unit of
 * the [-1, 1] axis, which spans the whole clip, so w0_first w reaches about
 * w / (pi seconds) Hz whatever the rate. Measured with SIREN 64x3 on Bach
 * (bench/fresh_audio.sh, docs/FRESH_AUDIO.md): the best w0_first of a grid
 * is the same at 22.05 and 44.1 kHz and grows with the clip's length. */
#define INR_FRESH_AUDIO_SECONDS 0.25

/* p's default candidates for a signal of dims 1 (audio, a clip of seconds;
 * 0 gives the grid as given) or 2 (image): writes at most max values,
 * returns how many. */
int inr_fresh_default_grid(const inr_fresh_param *p, int dims, double seconds, double *values,
                           int max);

#endif
