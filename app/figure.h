/* figure.h - pictures that explain themselves, drawn with cairo and a
 * DejaVu font: a heat map (spectrum, spectrogram, field) with its title,
 * axes with ticks and units, a linear or logarithmic y axis and a colour
 * bar with its scale, written as an RGB PNG. */
#ifndef INR_FIGURE_H
#define INR_FIGURE_H

#include <stdio.h>

#include "colormap.h"
#include "status.h"

typedef struct {
    const char *title;
    const char *xlabel, *ylabel;   /* with units: "time (s)", "frequency (Hz)" */
    double x0, x1;                 /* data x of the left edge of column 0 .. right edge of the last */
    double y0, y1;                 /* data y of the bottom edge of the last row .. top edge of row 0 */
    double ymin, ymax;             /* the y axis shown (both 0: y0 .. y1) */
    int ylog;                      /* logarithmic y axis (ymin > 0) */
    colormap_kind colors;
    const char *cbar_label;        /* the colour bar's quantity and unit */
    double c0, c1;                 /* what values 0 and 1 of the map stand for */
    int width, height;             /* of the whole picture, pixels */
} figure_heatmap;

/* Draws v (rows, cols, values in [0,1], row 0 at the top: y1) as spec asks
 * and writes it as a PNG to f (name for messages). Rows are spaced evenly
 * in y from y1 down to y0; each pixel shows the row and column that hold
 * its (x, y), so a log axis stretches the low rows. */
inr_status figure_heatmap_png(FILE *f, const char *name, const float *v, int rows, int cols,
                              const figure_heatmap *spec);

#endif
