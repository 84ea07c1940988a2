/* fit_best.h - `inrfit fit --keep-best`: the parameters, and the optimizer
 * state, of the step with the lowest training loss (the batch MSE before
 * that step's update, as --log writes it), written at the end instead of
 * the last step's.
 *
 * Before each step the trainer's parameters and state are copied into a
 * spare slot; when the step's loss is the lowest so far, that slot becomes
 * the best one. On the CPU a copy is three memcpys of the parameter count;
 * on a GPU a download of parameters and moments per step (steps then run
 * one at a time). */
#ifndef INR_FIT_BEST_H
#define INR_FIT_BEST_H

#include "backend.h"

typedef struct {
    size_t n;                     /* floats in params, m and v */
    float *params[2], *m[2], *v[2];
    inr_optimizer_state st[2];
    int have_state[2];            /* the device exported its state */
    int spare;                    /* the slot the next snapshot goes to */
    double loss;                  /* the lowest loss so far (INFINITY: none) */
    long step;                    /* steps done at that snapshot */
} fit_best;

/* Allocates the two slots; 0, or 1 after printing. */
int fit_best_init(fit_best *b, size_t n_params);
void fit_best_free(fit_best *b);
/* Before a step: copies tr's parameters and state into the spare slot.
 * 0, or 1 after printing. */
int fit_best_snapshot(fit_best *b, inr_device_trainer *tr);
/* After the step whose loss is loss: keeps the snapshot when it is the
 * lowest so far (NaN never is). */
void fit_best_update(fit_best *b, double loss);
/* m->params = the best snapshot's and *st its optimizer state (NULL when
 * the device gave none); returns 1, or 0 (nothing changed) when no step
 * had a finite loss. */
int fit_best_restore(fit_best *b, inr_model *m, const inr_optimizer_state **st);

#endif
