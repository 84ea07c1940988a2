/* figure_axes.c - the layout of a figure's margins, axes with ticks and
 * the colour bar (figure_internal.h). */
#include <math.h>
#include <stdio.h>

#include "figure_internal.h"

enum { MARGIN_LEFT = 78, MARGIN_RIGHT = 24, CBAR_SPACE = 108, MARGIN_TOP = 40,
       SUBTITLE_SPACE = 18, MARGIN_BOTTOM = 54, CBAR_GAP = 18, CBAR_WIDTH = 18,
       LEGEND_GAP = 14 };

/* Up to FIG_MAX_TICKS "nice" values (1, 2, 5 x 10^k steps) in [lo, hi]. */
static int linear_ticks(double lo, double hi, int want, double *t)
{
    double span = hi - lo;
    if (!(span > 0) || !isfinite(span)) return 0;
    double raw = span / want, mag = pow(10.0, floor(log10(raw))), step = mag;
    if (raw / mag >= 5) step = 5 * mag;
    else if (raw / mag >= 2) step = 2 * mag;
    int n = 0;
    for (double v = ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * span && n < FIG_MAX_TICKS;
         v += step)
        t[n++] = fabs(v) < 1e-12 * span ? 0.0 : v;
    return n;
}

/* Powers of ten in [lo, hi], with 2x and 5x when there are few decades. */
static int log_ticks(double lo, double hi, double *t)
{
    int n = 0, few = log10(hi / lo) < 2.5;
    for (double d = pow(10.0, floor(log10(lo))); d <= hi && n < FIG_MAX_TICKS - 3; d *= 10)
        for (int m = 1; m <= 5; m += (m == 1 ? 1 : 3))
            if ((m == 1 || few) && d * m >= lo * (1 - 1e-9) && d * m <= hi * (1 + 1e-9))
                t[n++] = d * m;
    return n;
}

static void tick_label(double v, char *out, size_t n)
{
    double a = fabs(v);
    if (a != 0 && (a >= 1e5 || a < 1e-3)) snprintf(out, n, "%.0e", v);
    else if (a >= 1000 && fmod(a, 1000) == 0) snprintf(out, n, "%gk", v / 1000);
    else snprintf(out, n, "%g", v);
}

/* Position in pixels of value v along an axis of length len (0 at lo). */
static double axis_pos(double v, double lo, double hi, int log_axis, double len)
{
    if (log_axis) return (log(v) - log(lo)) / (log(hi) - log(lo)) * len;
    return (v - lo) / (hi - lo) * len;
}

fig_axes fig_axes_of(const figure_heatmap *s, fig_box p)
{
    fig_axes a = { s, p, s->ymin, s->ymax };
    if (a.ymin == 0 && a.ymax == 0) {
        a.ymin = s->y0;
        a.ymax = s->y1;
    }
    return a;
}

double fig_px(const fig_axes *a, double x)
{
    return a->p.x + (x - a->s->x0) / (a->s->x1 - a->s->x0) * a->p.w;
}

double fig_py(const fig_axes *a, double y)
{
    double d = axis_pos(y, a->ymin, a->ymax, a->s->ylog, a->p.h);
    return a->s->ydown ? a->p.y + d : a->p.y + a->p.h - d;
}

/* Widest legend entry in pixels (0: no legend). */
static double legend_text_width(const figure_heatmap *s)
{
    cairo_surface_t *scratch = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    cairo_t *cr = cairo_create(scratch);
    cairo_select_font_face(cr, FIG_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 11);
    double w = 0;
    cairo_text_extents_t e;
    for (int i = 0; i < s->n_lines; i++)
        if (s->lines[i].label) {
            cairo_text_extents(cr, s->lines[i].label, &e);
            w = fmax(w, e.x_advance);
        }
    if (s->arrows && s->arrows->label) {
        cairo_text_extents(cr, s->arrows->label, &e);
        w = fmax(w, e.x_advance);
    }
    cairo_destroy(cr);
    cairo_surface_destroy(scratch);
    return w;
}

void fig_margins(const figure_heatmap *s, int *horizontal, int *vertical)
{
    double legend = legend_text_width(s);
    int right = s->cbar_label ? CBAR_SPACE : MARGIN_RIGHT;
    if (legend > 0) right += LEGEND_GAP + FIG_LEGEND_SWATCH + 6 + (int)ceil(legend);
    *horizontal = MARGIN_LEFT + right;
    *vertical = MARGIN_TOP + (s->subtitle ? SUBTITLE_SPACE : 0) + MARGIN_BOTTOM;
}

fig_box fig_area(const figure_heatmap *s)
{
    int mw, mh;
    fig_margins(s, &mw, &mh);
    double top = MARGIN_TOP + (s->subtitle ? SUBTITLE_SPACE : 0);
    return (fig_box){ MARGIN_LEFT, top, s->width - mw, s->height - mh };
}

fig_box fig_fit_aspect(fig_box area, double aspect)
{
    if (!(aspect > 0) || area.w <= 0 || area.h <= 0) return area;
    fig_box b = area;
    if (area.w / area.h > aspect) b.w = floor(area.h * aspect);
    else b.h = floor(area.w / aspect);
    b.x += floor((area.w - b.w) / 2);
    b.y += floor((area.h - b.h) / 2);
    return b;
}

void fig_draw_axes(cairo_t *cr, const fig_axes *a, int flags)
{
    const figure_heatmap *s = a->s;
    fig_box p = a->p;
    double t[FIG_MAX_TICKS];
    char label[32];
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 1);
    cairo_rectangle(cr, p.x - 0.5, p.y - 0.5, p.w + 1, p.h + 1);
    cairo_stroke(cr);
    cairo_set_font_size(cr, 12);
    int n = linear_ticks(fmin(s->x0, s->x1), fmax(s->x0, s->x1), (int)(p.w / 90) + 1, t);
    for (int i = 0; i < n; i++) {
        double x = fig_px(a, t[i]);
        cairo_move_to(cr, x, p.y + p.h);
        cairo_line_to(cr, x, p.y + p.h + FIG_TICK);
        cairo_stroke(cr);
        tick_label(t[i], label, sizeof label);
        if (flags & FIG_XTICKS) fig_text(cr, label, x, p.y + p.h + FIG_TICK + 3, 0.5, 0);
    }
    n = s->ylog ? log_ticks(a->ymin, a->ymax, t)
                : linear_ticks(a->ymin, a->ymax, (int)(p.h / 60) + 1, t);
    for (int i = 0; i < n; i++) {
        double y = fig_py(a, t[i]);
        cairo_move_to(cr, p.x - FIG_TICK, y);
        cairo_line_to(cr, p.x, y);
        cairo_stroke(cr);
        tick_label(t[i], label, sizeof label);
        if (flags & FIG_YTICKS) fig_text(cr, label, p.x - FIG_TICK - 3, y, 1, 0.5);
    }
    if (flags & FIG_NAMES) fig_axis_names(cr, s, p);
}

void fig_axis_names(cairo_t *cr, const figure_heatmap *s, fig_box p)
{
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_font_size(cr, 13);
    fig_text(cr, s->xlabel, p.x + p.w / 2, p.y + p.h + 34, 0.5, 0);
    cairo_save(cr);
    cairo_translate(cr, p.x - 58, p.y + p.h / 2);
    cairo_rotate(cr, -M_PI / 2);
    fig_text(cr, s->ylabel, 0, 0, 0.5, 0.5);
    cairo_restore(cr);
}

void fig_colour_bar(cairo_t *cr, const figure_heatmap *s, fig_box p)
{
    fig_box b = { p.x + p.w + CBAR_GAP, p.y, CBAR_WIDTH, p.h };
    for (int i = 0; i < (int)b.h; i++) {
        float rgb[3];
        colormap_rgb(s->colors, (float)(1.0 - (i + 0.5) / b.h), rgb);
        cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
        cairo_rectangle(cr, b.x, b.y + i, b.w, 1);
        cairo_fill(cr);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 1);
    cairo_rectangle(cr, b.x - 0.5, b.y - 0.5, b.w + 1, b.h + 1);
    cairo_stroke(cr);
    double t[FIG_MAX_TICKS];
    char label[32];
    double lo = fmin(s->c0, s->c1), hi = fmax(s->c0, s->c1);
    int n = linear_ticks(lo, hi, 6, t);
    cairo_set_font_size(cr, 12);
    for (int i = 0; i < n; i++) {
        double y = b.y + b.h - (t[i] - s->c0) / (s->c1 - s->c0) * b.h;
        cairo_move_to(cr, b.x + b.w, y);
        cairo_line_to(cr, b.x + b.w + FIG_TICK, y);
        cairo_stroke(cr);
        tick_label(t[i], label, sizeof label);
        fig_text(cr, label, b.x + b.w + FIG_TICK + 3, y, 0, 0.5);
    }
    cairo_save(cr);
    cairo_translate(cr, b.x + b.w + 58, b.y + b.h / 2);
    cairo_rotate(cr, -M_PI / 2);
    cairo_set_font_size(cr, 13);
    fig_text(cr, s->cbar_label, 0, 0, 0.5, 0.5);
    cairo_restore(cr);
}

double fig_legend_x(const figure_heatmap *s, fig_box p)
{
    return p.x + p.w + (s->cbar_label ? CBAR_SPACE : 0) + LEGEND_GAP;
}
