/* fit_interrupts.h - SIGINT, SIGTERM and SIGHUP in inrfit.
 *
 * By default (interrupts_install_cleanup, from main) a signal removes this
 * process's temporary files (temp_files.h) and then ends it as the signal
 * would: a render or a spectrum interrupted while writing leaves nothing.
 * During a fit, from the start of training until every output is committed,
 * SIGINT and SIGTERM only record the signal: the training loop finishes its
 * step, the outputs are written, and the process exits 128 + signal
 * (130 / 143). */
#ifndef INR_FIT_INTERRUPTS_H
#define INR_FIT_INTERRUPTS_H

void interrupts_install_cleanup(void);

void fit_interrupts_install(void);
/* Back to the cleanup handlers. */
void fit_interrupts_restore(void);
/* The signal that asked the fit to stop, or 0. */
int fit_interrupts_pending(void);

#endif
