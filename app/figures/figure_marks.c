/* figure_marks.c - what a figure draws inside its plot box: the heat map,
 * curves and arrows; and the legend, which draws them small
 * (figure_internal.h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "figure_internal.h"

static double axis_value(double p, double lo, double hi, int log_axis, double len)
{
    if (log_axis) return exp(log(lo) + p / len * (log(hi) - log(lo)));
    return lo + p / len * (hi - lo);
}

void fig_paint_map(cairo_t *cr, const fig_axes *a, const float *v, int rows, int cols)
{
    const figure_heatmap *s = a->s;
    int pw = (int)a->p.w, ph = (int)a->p.h;
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
    int *col_of = malloc((size_t)pw * sizeof(int));
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS || !col_of) {
        free(col_of);
        cairo_surface_destroy(img);
        return;   /* out of memory: the box stays blank */
    }
    cairo_surface_flush(img);
    unsigned char *data = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    for (int px = 0; px < pw; px++) {
        int c = (int)((px + 0.5) / pw * cols);
        col_of[px] = c < cols ? c : cols - 1;
    }
    for (int py = 0; py < ph; py++) {
        double y = axis_value(s->ydown ? py + 0.5 : ph - py - 0.5, a->ymin, a->ymax, s->ylog, ph);
        double f = s->ydown ? (y - s->y0) / (s->y1 - s->y0) : (s->y1 - y) / (s->y1 - s->y0);
        int r = (int)floor(f * rows);
        uint32_t *row = (uint32_t *)(data + (size_t)py * stride);
        for (int px = 0; px < pw; px++)
            row[px] = r < 0 || r >= rows ? 0xffffffu
                                         : colormap_pixel(s->colors, v[(size_t)r * cols + col_of[px]]);
    }
    free(col_of);
    cairo_surface_mark_dirty(img);
    cairo_set_source_surface(cr, img, a->p.x, a->p.y);
    cairo_paint(cr);
    cairo_surface_destroy(img);
}

static void draw_line(cairo_t *cr, const fig_axes *a, const figure_line *l)
{
    cairo_set_source_rgb(cr, l->rgb[0], l->rgb[1], l->rgb[2]);
    cairo_set_line_width(cr, l->width > 0 ? l->width : 1.5);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    int open = 0;
    for (int i = 0; i < l->n; i++) {
        double x = l->xy[2 * i], y = l->xy[2 * i + 1];
        if (!isfinite(x) || !isfinite(y) || (a->s->ylog && !(y > 0))) {
            open = 0;
            continue;
        }
        if (open) cairo_line_to(cr, fig_px(a, x), fig_py(a, y));
        else cairo_move_to(cr, fig_px(a, x), fig_py(a, y));
        open = 1;
    }
    cairo_stroke(cr);
}

/* One arrow from (x0, y0) to (x1, y1) in pixels: shaft and a filled head
 * a third of its length (at most 7 px); a dot when shorter than 1 px. */
static void arrow_path(cairo_t *cr, double x0, double y0, double x1, double y1)
{
    double len = hypot(x1 - x0, y1 - y0);
    if (!(len >= 1)) {
        cairo_new_sub_path(cr);
        cairo_arc(cr, x0, y0, 1.0, 0, 2 * M_PI);
        return;
    }
    double ux = (x1 - x0) / len, uy = (y1 - y0) / len, head = fmin(len / 3, 7);
    double bx = x1 - ux * head, by = y1 - uy * head, half = head * 0.45;
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, bx, by);
    cairo_move_to(cr, x1, y1);
    cairo_line_to(cr, bx - uy * half, by + ux * half);
    cairo_line_to(cr, bx + uy * half, by - ux * half);
    cairo_close_path(cr);
}

static void draw_arrows(cairo_t *cr, const fig_axes *a, const figure_arrows *ar)
{
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < ar->n; i++) {
            const float *q = ar->xyuv + 4 * (size_t)i;
            if (!isfinite(q[0]) || !isfinite(q[1]) || !isfinite(q[2]) || !isfinite(q[3])) continue;
            arrow_path(cr, fig_px(a, q[0]), fig_py(a, q[1]), fig_px(a, q[0] + q[2]),
                       fig_py(a, q[1] + q[3]));
        }
        /* black outline under a white arrow */
        cairo_set_source_rgb(cr, pass ? 1 : 0, pass ? 1 : 0, pass ? 1 : 0);
        cairo_set_line_width(cr, pass ? 1.3 : 3.3);
        cairo_stroke_preserve(cr);
        cairo_fill(cr);
    }
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
}

void fig_draw_marks(cairo_t *cr, const fig_axes *a)
{
    cairo_save(cr);
    cairo_rectangle(cr, a->p.x - 1, a->p.y - 1, a->p.w + 2, a->p.h + 2);
    cairo_clip(cr);
    for (int i = 0; i < a->s->n_lines; i++) draw_line(cr, a, &a->s->lines[i]);
    if (a->s->arrows) draw_arrows(cr, a, a->s->arrows);
    cairo_restore(cr);
}

void fig_legend(cairo_t *cr, const figure_heatmap *s, double x, double y)
{
    cairo_set_font_size(cr, 11);
    for (int i = 0; i <= s->n_lines; i++) {
        const figure_line *l = i < s->n_lines ? &s->lines[i] : NULL;
        const char *label = l ? l->label : s->arrows ? s->arrows->label : NULL;
        if (!label) continue;
        double cy = y + 8;
        if (l) {
            cairo_set_source_rgb(cr, l->rgb[0], l->rgb[1], l->rgb[2]);
            cairo_set_line_width(cr, l->width > 0 ? l->width : 1.5);
            cairo_move_to(cr, x, cy);
            cairo_line_to(cr, x + FIG_LEGEND_SWATCH, cy);
            cairo_stroke(cr);
        } else {
            figure_arrows one = { (const float[]){ 0, 0, 1, 0 }, 1, NULL };
            figure_heatmap unit = { .x0 = 0, .x1 = 1, .y0 = -1, .y1 = 1, .arrows = &one };
            fig_axes a = fig_axes_of(&unit, (fig_box){ x, cy - 8, FIG_LEGEND_SWATCH, 16 });
            fig_draw_marks(cr, &a);
        }
        cairo_set_source_rgb(cr, 0, 0, 0);
        fig_text(cr, label, x + FIG_LEGEND_SWATCH + 6, cy, 0, 0.5);
        y += 17;
    }
}
