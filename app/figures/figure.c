/* figure.c - one plot: a heat map or a white plot with curves and arrows,
 * its title, axes, ticks, colour bar and legend (figure.h). Text uses
 * fontconfig's "DejaVu Sans" (Debian's fonts-dejavu-core). */
#include "figure.h"

#include <math.h>

#include "figure_internal.h"

static fig_box plot_box(const figure_heatmap *s)
{
    return fig_fit_aspect(fig_area(s), s->aspect);
}

void figure_plot_size(const figure_heatmap *s, int *w, int *h)
{
    fig_box p = plot_box(s);
    int ok = p.w >= 16 && p.h >= 16;
    *w = ok ? (int)p.w : 0;
    *h = ok ? (int)p.h : 0;
}

void figure_size_for_plot(const figure_heatmap *s, int plot_w, int plot_h, int *width,
                          int *height)
{
    int mw, mh;
    fig_margins(s, &mw, &mh);
    *width = plot_w + mw;
    *height = plot_h + mh;
}

inr_status figure_heatmap_png(FILE *f, const char *name, const float *v, int rows, int cols,
                              const figure_heatmap *s)
{
    fig_axes a = fig_axes_of(s, plot_box(s));
    if ((v && (rows < 1 || cols < 1)) || a.p.w < 16 || a.p.h < 16 || !(a.ymax > a.ymin) ||
        !(s->x1 != s->x0) || (s->ylog && !(a.ymin > 0)))
        return inr_fail(INR_ERR_INVALID, "'%s': cannot draw a %dx%d map in %dx%d pixels", name,
                        rows, cols, s->width, s->height);
    cairo_t *cr = fig_begin(s);
    if (v) fig_paint_map(cr, &a, v, rows, cols);
    fig_draw_marks(cr, &a);
    fig_draw_axes(cr, &a, FIG_XTICKS | FIG_YTICKS | FIG_NAMES);
    if (s->cbar_label) fig_colour_bar(cr, s, a.p);
    fig_legend(cr, s, fig_legend_x(s, a.p), a.p.y);
    return fig_end(cr, f, name);
}
