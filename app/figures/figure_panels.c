/* figure_panels.c - small multiples: a grid of titled heat maps on the
 * same axes with one shared colour bar (figure.h). */
#include <math.h>

#include "figure_internal.h"

enum { GAP_X = 14, PANEL_TITLE = 18, GAP_Y = 24 };

typedef struct {
    int ncol, nrow;
    double w, h;       /* each panel */
    fig_box all;       /* the panels with their title bands */
} grid;

/* The grid of panels (aspect kept) that gives the largest panels in area. */
static grid layout(const figure_heatmap *s, int panels, fig_box area)
{
    grid best = { 1, panels, 0, 0, area };
    double aspect = s->aspect > 0 ? s->aspect : 1;
    for (int nc = 1; nc <= panels; nc++) {
        int nr = (panels + nc - 1) / nc;
        double cw = (area.w - (nc - 1) * GAP_X) / nc;
        double ch = (area.h - nr * PANEL_TITLE - (nr - 1) * GAP_Y) / nr;
        if (cw <= 0 || ch <= 0) continue;
        double w = cw / ch > aspect ? floor(ch * aspect) : floor(cw);
        double h = floor(w / aspect);
        if (w * h > best.w * best.h) best = (grid){ nc, nr, w, h, area };
    }
    best.all.w = best.ncol * best.w + (best.ncol - 1) * GAP_X;
    best.all.h = best.nrow * (best.h + PANEL_TITLE) + (best.nrow - 1) * GAP_Y;
    best.all.x = area.x + floor((area.w - best.all.w) / 2);
    best.all.y = area.y;
    return best;
}

void figure_panel_size(const figure_heatmap *s, int panels, int *w, int *h)
{
    grid g = layout(s, panels, fig_area(s));
    int ok = g.w >= 16 && g.h >= 16;
    *w = ok ? (int)g.w : 0;
    *h = ok ? (int)g.h : 0;
}

void figure_size_for_panels(const figure_heatmap *s, int panels, int side, int *width,
                            int *height)
{
    double aspect = s->aspect > 0 ? s->aspect : 1;
    int w = aspect >= 1 ? side : (int)lround(side * aspect);
    int h = aspect >= 1 ? (int)lround(side / aspect) : side;
    int ncol = (int)ceil(sqrt((double)panels)), nrow = (panels + ncol - 1) / ncol, mw, mh;
    fig_margins(s, &mw, &mh);
    *width = mw + ncol * w + (ncol - 1) * GAP_X;
    *height = mh + nrow * (h + PANEL_TITLE) + (nrow - 1) * GAP_Y;
}

inr_status figure_panels_png(FILE *f, const char *name, const float *v, int panels, int rows,
                             int cols, const char *const *titles, const figure_heatmap *s)
{
    grid g = layout(s, panels, fig_area(s));
    fig_axes a0 = fig_axes_of(s, (fig_box){ 0, 0, g.w, g.h });
    if (panels < 1 || rows < 1 || cols < 1 || g.w < 16 || g.h < 16 || !(a0.ymax > a0.ymin) ||
        !(s->x1 != s->x0) || (s->ylog && !(a0.ymin > 0)))
        return inr_fail(INR_ERR_INVALID, "'%s': cannot draw %d maps in %dx%d pixels", name, panels,
                        s->width, s->height);
    cairo_t *cr = fig_begin(s);
    for (int i = 0; i < panels; i++) {
        int c = i % g.ncol, r = i / g.ncol;
        fig_box p = { g.all.x + c * (g.w + GAP_X), g.all.y + r * (g.h + PANEL_TITLE + GAP_Y) + PANEL_TITLE,
                      g.w, g.h };
        fig_axes a = fig_axes_of(s, p);
        fig_paint_map(cr, &a, v + (size_t)i * rows * cols, rows, cols);
        fig_draw_marks(cr, &a);
        int below = i + g.ncol >= panels;   /* no panel under this one */
        fig_draw_axes(cr, &a, (below ? FIG_XTICKS : 0) | (c == 0 ? FIG_YTICKS : 0));
        /* 12 pt, smaller where the panel is narrower than its title */
        cairo_text_extents_t e;
        cairo_set_font_size(cr, 12);
        cairo_text_extents(cr, titles[i], &e);
        if (e.x_advance > p.w) cairo_set_font_size(cr, fmax(6, 12 * p.w / e.x_advance));
        fig_text(cr, titles[i], p.x + p.w / 2, p.y - 4, 0.5, 1);
    }
    fig_box all = g.all;
    fig_axis_names(cr, s, (fig_box){ all.x, all.y, all.w, all.h });
    if (s->cbar_label) fig_colour_bar(cr, s, all);
    fig_legend(cr, s, fig_legend_x(s, all), all.y);
    return fig_end(cr, f, name);
}
