/* fit_interrupts.h - SIGINT, SIGTERM, SIGHUP and SIGWINCH in inrfit.
 *
 * interrupts_start (first thing in main, before any other thread exists)
 * blocks them in the main thread, so that every thread made later (OpenMP,
 * oneDNN, the viewer) inherits the block, and takes them in one thread of
 * its own with sigwait: no handler ever runs on a computing thread's stack
 * (signal_block.h says why that matters). There, by default, a signal
 * removes this process's temporary files (temp_files.h) and then ends the
 * process as the signal would: a render or a spectrum interrupted while
 * writing leaves nothing. During a fit, from the start of training until
 * every output is committed, SIGINT and SIGTERM only record the signal: the
 * training loop finishes its step, the outputs are written, and the
 * process exits 128 + signal (130 / 143), even when whoever started inrfit
 * ignored them (a shell's `&`). Outside a fit, a signal ignored at start
 * (nohup, `&`) stays ignored. SIGWINCH tells progress.c to read the
 * terminal's width again. */
#ifndef INR_FIT_INTERRUPTS_H
#define INR_FIT_INTERRUPTS_H

void interrupts_start(void);

/* SIGINT and SIGTERM ask the fit to stop from now on ... */
void fit_interrupts_install(void);
/* ... and end the process again from here. */
void fit_interrupts_restore(void);
/* The signal that asked the fit to stop, or 0. */
int fit_interrupts_pending(void);

#endif
