/* progress.h - training progress on stderr.
 *
 * On a terminal: one redrawn bar line (step, loss, PSNR, steps/s, ETA) at
 * most ten times a second, never wider than the terminal: its width comes
 * from TIOCGWINSZ (COLUMNS when the terminal does not say, else 80) and is
 * read again after SIGWINCH; on a narrow terminal the bar shrinks, then
 * steps/s, loss and ETA are left out. Otherwise: a plain line every ~5% of
 * the steps or 10 seconds, so logs of batch runs stay readable. */
#ifndef INR_PROGRESS_H
#define INR_PROGRESS_H

typedef struct {
    long total;
    int tty, quiet;
    double start, last_draw;
    long last_line_step;
    const char *psnr_label;
} progress;

void progress_begin(progress *p, long total, int quiet, const char *psnr_label);
/* step: steps done so far (1..total). */
void progress_update(progress *p, long step, double loss, double psnr);
void progress_end(progress *p);

/* Columns of the terminal on stderr (see above). */
int progress_columns(void);
/* Test-only: with INRFIT_TEST_STEP_GATE=FD in the environment, each call
 * waits for one byte on file descriptor FD (until it ends) and every step
 * redraws, or prints its line when stderr is not a terminal, so a test
 * drives the fit step by step whatever the machine's speed
 * (tests/cli_terminal.sh, scripts/compare's COMPARE_TEST_BUDGET_STEPS).
 * Called before each step. */
void progress_test_gate(void);
/* The terminal was resized (SIGWINCH, taken in fit_interrupts.c). */
void progress_resized(void);
/* Redraws the current terminal line with text, cut to the terminal's width
 * less one column (so it never wraps) and padded over what was there. */
void progress_redraw(const char *text);

#endif
