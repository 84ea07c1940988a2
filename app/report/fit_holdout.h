/* fit_holdout.h - fit --holdout F: train on a seeded random 1-F of the
 * signal's points and measure the model on the others, which it never saw
 * (images: held-out PSNR; audio: held-out SNR and PSNR). */
#ifndef INR_FIT_HOLDOUT_H
#define INR_FIT_HOLDOUT_H

#include <stdint.h>

#include "report.h"
#include "signal_io.h"

typedef struct fit_holdout {
    double fraction;          /* 0: off (the fields below are empty) */
    unsigned char *mask;      /* (N): 1 for a held-out point */
    long n_train, n_held;
    float *coords, *targets;  /* the training points, (n_train,d) and (n_train,C) */
} fit_holdout;

/* Splits s's points with the model's seed (inr/holdout.h). fraction 0
 * leaves h empty. Returns 0, or 1 after a message (out of memory, or a
 * split that leaves no training or no held-out point). */
int fit_holdout_split(fit_holdout *h, const signal_data *s, double fraction,
                      uint64_t model_seed);
void fit_holdout_free(fit_holdout *h);

/* report_and_write measures the held-out points (mask) as it measures
 * the whole signal. */

#endif
