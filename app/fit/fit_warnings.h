/* fit_warnings.h - what a fit should warn about before its result is
 * trusted: one line "inrfit: warning: ..." on stderr each (also with -q);
 * nothing fails. The third, a model larger than its signal, comes with the
 * size in the report (model_size.h). */
#ifndef INR_FIT_WARNINGS_H
#define INR_FIT_WARNINGS_H

#include "signal_io.h"

/* Peak below this (dBFS) is near silence: scaled to peak 1 for the fit,
 * such a clip's noise and quantisation steps are fitted as if signal. */
#define FIT_QUIET_DBFS (-60.0)

/* Audio whose peak is below FIT_QUIET_DBFS. */
void fit_warn_quiet_audio(const signal_data *s, const char *input);

/* FreSh chose the smallest or the largest of n >= 3 candidates: the best
 * value may lie beyond its grid. */
void fit_warn_fresh_edge(const char *param, const double *values, int n, int best);

#endif
