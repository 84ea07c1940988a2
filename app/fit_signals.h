/* fit_signals.h - SIGINT, SIGTERM and SIGHUP in inrfit.
 *
 * By default (signals_install_cleanup, from main) a signal removes this
 * process's temporary files (temp_files.h) and then ends it as the signal
 * would: a render or a spectrum interrupted while writing leaves nothing.
 * During a fit, from the start of training until every output is committed,
 * SIGINT and SIGTERM only record the signal: the training loop finishes its
 * step, the outputs are written, and the process exits 128 + signal
 * (130 / 143). */
#ifndef INR_FIT_SIGNALS_H
#define INR_FIT_SIGNALS_H

void signals_install_cleanup(void);

void fit_signals_install(void);
/* Back to the cleanup handlers. */
void fit_signals_restore(void);
/* The signal that asked the fit to stop, or 0. */
int fit_signals_pending(void);

#endif
