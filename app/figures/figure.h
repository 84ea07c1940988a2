/* figure.h - pictures that explain themselves, drawn with cairo and a
 * DejaVu font: a heat map (spectrum, spectrogram, field) or a plain plot
 * with its title, axes with ticks and units, a linear or logarithmic y
 * axis, a colour bar with its scale, curves and arrows with a legend, and
 * small multiples (one titled panel per map, one shared colour bar),
 * written as an RGB PNG. */
#ifndef INR_FIGURE_H
#define INR_FIGURE_H

#include <stdio.h>

#include "colormap.h"
#include "status.h"

/* A curve in data units; a NaN x breaks it. */
typedef struct {
    const float *xy;               /* n points (x, y) */
    int n;
    float rgb[3];
    double width;                  /* pixels (0: 1.5) */
    const char *label;             /* legend entry (NULL: none) */
} figure_line;

/* Arrows in data units, drawn white on black so they read on any colour. */
typedef struct {
    const float *xyuv;             /* n arrows: base (x, y), vector (u, v) */
    int n;
    const char *label;             /* legend entry (NULL: none) */
} figure_arrows;

typedef struct {
    const char *title;
    const char *subtitle;          /* a smaller second line (NULL: none) */
    const char *xlabel, *ylabel;   /* with units: "time (s)", "frequency (Hz)" */
    double x0, x1;                 /* data x of the left edge of column 0 .. right edge of the last */
    double y0, y1;                 /* data y of the bottom edge of the last row .. top edge of row 0
                                      (ydown: of the top edge of row 0 .. bottom edge of the last) */
    double ymin, ymax;             /* the y axis shown (both 0: y0 .. y1) */
    int ylog;                      /* logarithmic y axis (ymin > 0) */
    int ydown;                     /* y grows downwards (images, in pixels) */
    double aspect;                 /* plot width / height (0: whatever the margins leave) */
    colormap_kind colors;
    const char *cbar_label;        /* the colour bar's quantity and unit (NULL: no bar) */
    double c0, c1;                 /* what values 0 and 1 of the map stand for */
    const figure_line *lines;      /* drawn over the map, n_lines of them */
    int n_lines;
    const figure_arrows *arrows;   /* drawn over the lines (NULL: none) */
    int width, height;             /* of the whole picture, pixels */
} figure_heatmap;

/* Draws v (rows, cols, values in [0,1], row 0 at the top: y1, or y0 when
 * ydown; NULL: no map, a white plot) as spec asks and writes it as a PNG
 * to f (name for messages). Rows are spaced evenly in y; each pixel shows
 * the row and column that hold its (x, y), so a log axis stretches the
 * low rows. */
inr_status figure_heatmap_png(FILE *f, const char *name, const float *v, int rows, int cols,
                              const figure_heatmap *spec);

/* The plot box figure_heatmap_png would use for spec (w, h in pixels; 0
 * when the picture is too small), and the picture size that gives a
 * plot box of plot_w x plot_h. */
void figure_plot_size(const figure_heatmap *spec, int *w, int *h);
void figure_size_for_plot(const figure_heatmap *spec, int plot_w, int plot_h, int *width,
                          int *height);

/* Small multiples: panels maps (each rows x cols, values in [0,1], one
 * after the other) in a grid of panels titled titles[i], on spec's axes
 * (tick labels on the outer panels) and one shared colour bar. */
inr_status figure_panels_png(FILE *f, const char *name, const float *v, int panels, int rows,
                             int cols, const char *const *titles, const figure_heatmap *spec);

/* Each panel's size in pixels for spec (0 when too small), and the
 * picture size that gives panels whose long side is `side` pixels. */
void figure_panel_size(const figure_heatmap *spec, int panels, int *w, int *h);
void figure_size_for_panels(const figure_heatmap *spec, int panels, int side, int *width,
                            int *height);

#endif
