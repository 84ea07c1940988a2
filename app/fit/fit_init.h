/* fit_init.h - the choices `inrfit fit` makes before training: WINNER's noise
 * scales from the target's spectral centroid (METHODS 3.1) and FreSh's sweep of
 * the embedding hyper-parameter (METHODS 3.2), with their messages on stderr. */
#ifndef INR_FIT_INIT_H
#define INR_FIT_INIT_H

#include "fit_options.h"
#include "signal_io.h"
#include "spectral.h"

/* --init winner: scales from sig's targets (channels last, images flattened
 * row-major), cfg->init/winner_s0/winner_s1 set, w0_first = w0 unless
 * --w0-first was given; the centroid goes to sig->info. Fills *wi. Prints
 * nothing. Returns INR_OK or a failure with its reason in inr_error(). */
inr_status fit_apply_winner(const fit_options *o, signal_data *sig, inr_config *cfg,
                            spectral_winner_info *wi);

/* Applies --init winner and --fresh to cfg (and records them in sig->info),
 * printing what was chosen unless -q. Returns 0, or 1 after printing. */
int fit_choose_init(const fit_options *o, signal_data *sig, inr_config *cfg);

#endif
