/* spectrum_plots.h - `inrfit spectrum`'s curves: the profile of the
 * spectrum (images: radial, audio: by frequency) as a CSV and as a plot,
 * and the 64-bin FreSh spectrum as a plot. */
#ifndef INR_SPECTRUM_PLOTS_H
#define INR_SPECTRUM_PLOTS_H

#include <stdio.h>

#include "signal_io.h"

/* Audio profiles longer than this are averaged over groups of bins. */
enum { PROFILE_MAX_ROWS = 65536 };

/* The profile as n (x, y) pairs (caller frees *xy): images radius (index
 * units) and mean magnitude; audio frequency (Hz) and magnitude. */
inr_status spectrum_profile(const signal_data *s, float **xy, int *n);
/* The same as CSV: radius,magnitude or frequency_hz,magnitude. */
void spectrum_profile_csv(const signal_data *s, const float *xy, int n, FILE *f);
/* The profile as a plot on a log magnitude axis. */
inr_status spectrum_profile_png(const signal_data *s, const char *input, const float *xy, int n,
                                FILE *f, const char *name);
/* The FreSh spectrum's bins (their shares of the total) as a plot. */
inr_status spectrum_fresh_png(const signal_data *s, const char *input, const double *spec,
                              int nbins, FILE *f, const char *name);

#endif
