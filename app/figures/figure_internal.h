/* figure_internal.h - what figure.c and figure_panels.c share: the layout of
 * the margins, text, axes, the colour bar, heat maps, curves, arrows, the
 * legend and the PNG output (internal to the figure_*.c files). */
#ifndef INR_FIGURE_INTERNAL_H
#define INR_FIGURE_INTERNAL_H

#include <cairo.h>

#include "figure.h"

#define FIG_FONT "DejaVu Sans"
enum { FIG_TICK = 5, FIG_MAX_TICKS = 24, FIG_LEGEND_SWATCH = 22 };

typedef struct {
    double x, y, w, h;   /* a box in pixels */
} fig_box;

/* The y axis shown (spec's ymin, ymax, or y0, y1) and the map of a box. */
typedef struct {
    const figure_heatmap *s;
    fig_box p;
    double ymin, ymax;
} fig_axes;

fig_axes fig_axes_of(const figure_heatmap *s, fig_box p);
double fig_px(const fig_axes *a, double x);
double fig_py(const fig_axes *a, double y);

/* The area inside the margins (title, axes, colour bar, legend) and the
 * space those take: left + right, top + bottom. */
fig_box fig_area(const figure_heatmap *s);
void fig_margins(const figure_heatmap *s, int *horizontal, int *vertical);
/* The largest box of the given width/height ratio centred in area (0: area). */
fig_box fig_fit_aspect(fig_box area, double aspect);

void fig_text(cairo_t *cr, const char *s, double x, double y, double ax, double ay);

enum { FIG_XTICKS = 1, FIG_YTICKS = 2, FIG_NAMES = 4 };
/* Frame and ticks of a's box; labels as flags say (tick labels, axis names). */
void fig_draw_axes(cairo_t *cr, const fig_axes *a, int flags);
/* The axis names around a box (for a grid of panels: around all of them). */
void fig_axis_names(cairo_t *cr, const figure_heatmap *s, fig_box p);
/* The colour bar right of box p, as tall as it, with its ticks and label. */
void fig_colour_bar(cairo_t *cr, const figure_heatmap *s, fig_box p);
/* The map v (rows x cols) into a's box. */
void fig_paint_map(cairo_t *cr, const fig_axes *a, const float *v, int rows, int cols);
/* The spec's lines and arrows, clipped to a's box. */
void fig_draw_marks(cairo_t *cr, const fig_axes *a);
/* The legend of the spec's labelled lines and arrows, top-left at (x, y). */
void fig_legend(cairo_t *cr, const figure_heatmap *s, double x, double y);
/* Where the legend goes: right of box p, past the colour bar if any. */
double fig_legend_x(const figure_heatmap *s, fig_box p);

/* A white picture with the title and subtitle; fig_end writes it to f. */
cairo_t *fig_begin(const figure_heatmap *s);
inr_status fig_end(cairo_t *cr, FILE *f, const char *name);

#endif
