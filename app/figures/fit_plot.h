/* fit_plot.h - `fit --plot FILE.png`: the training PSNR against the step,
 * drawn as a figure (title, axes, units) when the fit ends. */
#ifndef INR_FIT_PLOT_H
#define INR_FIT_PLOT_H

#include "status.h"

typedef struct {
    float *xy;          /* (step, PSNR) pairs */
    long n, cap;
} fit_plot;

/* Records one step (a no-op once memory runs out: the picture then ends
 * there). */
void fit_plot_add(fit_plot *p, long step, double psnr);
/* The highest finite PSNR of every recorded step (NaN when none): the
 * figure's "best", whatever steps the drawing leaves out. */
double fit_plot_best(const fit_plot *p);
/* Writes the curve to path atomically; title names the fit. */
inr_status fit_plot_write(const fit_plot *p, const char *path, const char *title);
void fit_plot_free(fit_plot *p);

#endif
