/* fit_signals.h - Ctrl-C (SIGINT) and SIGTERM during a fit: the handler
 * only records the signal; the training loop finishes its step, saves and
 * reports, and the process exits 128 + signal (130 / 143). */
#ifndef INR_FIT_SIGNALS_H
#define INR_FIT_SIGNALS_H

void fit_signals_install(void);
void fit_signals_restore(void);
/* The signal that asked the fit to stop, or 0. */
int fit_signals_pending(void);

#endif
