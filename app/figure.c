/* figure.c - heat maps with title, axes, ticks and a colour bar, drawn
 * with cairo (figure.h). Text uses fontconfig's "DejaVu Sans" (Debian's
 * fonts-dejavu-core). */
#include "figure.h"

#include <cairo.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#define FONT "DejaVu Sans"
enum { MARGIN_LEFT = 78, MARGIN_RIGHT = 108, MARGIN_TOP = 40, MARGIN_BOTTOM = 54,
       CBAR_GAP = 18, CBAR_WIDTH = 18, TICK = 5, MAX_TICKS = 24 };

typedef struct {
    double x, y, w, h;   /* a box in pixels */
} box;

/* Up to MAX_TICKS "nice" values (1, 2, 5 x 10^k steps) in [lo, hi]. */
static int linear_ticks(double lo, double hi, int want, double *t)
{
    double span = hi - lo;
    if (!(span > 0) || !isfinite(span)) return 0;
    double raw = span / want, mag = pow(10.0, floor(log10(raw))), step = mag;
    if (raw / mag >= 5) step = 5 * mag;
    else if (raw / mag >= 2) step = 2 * mag;
    int n = 0;
    for (double v = ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * span && n < MAX_TICKS;
         v += step)
        t[n++] = fabs(v) < 1e-12 * span ? 0.0 : v;
    return n;
}

/* Powers of ten in [lo, hi], with 2x and 5x when there are few decades. */
static int log_ticks(double lo, double hi, double *t)
{
    int n = 0, few = log10(hi / lo) < 2.5;
    for (double d = pow(10.0, floor(log10(lo))); d <= hi && n < MAX_TICKS - 3; d *= 10)
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

/* Text with its anchor at (x, y): ax, ay in {0, 0.5, 1} of its extent. */
static void text_at(cairo_t *cr, const char *s, double x, double y, double ax, double ay)
{
    cairo_text_extents_t e;
    cairo_text_extents(cr, s, &e);
    cairo_move_to(cr, x - ax * e.width - e.x_bearing, y - ay * e.height - e.y_bearing);
    cairo_show_text(cr, s);
}

/* Position in pixels of value v along an axis of length len (0 at lo). */
static double axis_pos(double v, double lo, double hi, int log_axis, double len)
{
    if (log_axis) return (log(v) - log(lo)) / (log(hi) - log(lo)) * len;
    return (v - lo) / (hi - lo) * len;
}

static double axis_value(double p, double lo, double hi, int log_axis, double len)
{
    if (log_axis) return exp(log(lo) + p / len * (log(hi) - log(lo)));
    return lo + p / len * (hi - lo);
}

/* The heat map into an image surface the size of the plot box. */
static cairo_surface_t *heat_surface(const float *v, int rows, int cols, const figure_heatmap *s,
                                     double ymin, double ymax, int pw, int ph)
{
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) return img;
    cairo_surface_flush(img);
    unsigned char *data = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    int *col_of = malloc((size_t)pw * sizeof(int));
    if (!col_of) {
        cairo_surface_destroy(img);
        return cairo_image_surface_create(CAIRO_FORMAT_INVALID, 0, 0);
    }
    for (int px = 0; px < pw; px++) {
        int c = (int)((px + 0.5) / pw * cols);
        col_of[px] = c < cols ? c : cols - 1;
    }
    for (int py = 0; py < ph; py++) {
        double y = axis_value(ph - py - 0.5, ymin, ymax, s->ylog, ph);
        int r = (int)floor((s->y1 - y) / (s->y1 - s->y0) * rows);
        uint32_t *row = (uint32_t *)(data + (size_t)py * stride);
        for (int px = 0; px < pw; px++)
            row[px] = r < 0 || r >= rows ? 0xffffffu
                                         : colormap_pixel(s->colors, v[(size_t)r * cols + col_of[px]]);
    }
    free(col_of);
    cairo_surface_mark_dirty(img);
    return img;
}

static void draw_axes(cairo_t *cr, const figure_heatmap *s, box p, double ymin, double ymax)
{
    double t[MAX_TICKS];
    char label[32];
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 1);
    cairo_rectangle(cr, p.x - 0.5, p.y - 0.5, p.w + 1, p.h + 1);
    cairo_stroke(cr);
    cairo_set_font_size(cr, 12);
    int n = linear_ticks(s->x0, s->x1, (int)(p.w / 90) + 1, t);
    for (int i = 0; i < n; i++) {
        double x = p.x + axis_pos(t[i], s->x0, s->x1, 0, p.w);
        cairo_move_to(cr, x, p.y + p.h);
        cairo_line_to(cr, x, p.y + p.h + TICK);
        cairo_stroke(cr);
        tick_label(t[i], label, sizeof label);
        text_at(cr, label, x, p.y + p.h + TICK + 3, 0.5, 0);
    }
    n = s->ylog ? log_ticks(ymin, ymax, t) : linear_ticks(ymin, ymax, (int)(p.h / 60) + 1, t);
    for (int i = 0; i < n; i++) {
        double y = p.y + p.h - axis_pos(t[i], ymin, ymax, s->ylog, p.h);
        cairo_move_to(cr, p.x - TICK, y);
        cairo_line_to(cr, p.x, y);
        cairo_stroke(cr);
        tick_label(t[i], label, sizeof label);
        text_at(cr, label, p.x - TICK - 3, y, 1, 0.5);
    }
    cairo_set_font_size(cr, 13);
    text_at(cr, s->xlabel, p.x + p.w / 2, p.y + p.h + 34, 0.5, 0);
    cairo_save(cr);
    cairo_translate(cr, p.x - 58, p.y + p.h / 2);
    cairo_rotate(cr, -M_PI / 2);
    text_at(cr, s->ylabel, 0, 0, 0.5, 0.5);
    cairo_restore(cr);
}

static void draw_colour_bar(cairo_t *cr, const figure_heatmap *s, box p)
{
    box b = { p.x + p.w + CBAR_GAP, p.y, CBAR_WIDTH, p.h };
    for (int i = 0; i < (int)b.h; i++) {
        float rgb[3];
        colormap_rgb(s->colors, (float)(1.0 - (i + 0.5) / b.h), rgb);
        cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
        cairo_rectangle(cr, b.x, b.y + i, b.w, 1);
        cairo_fill(cr);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_rectangle(cr, b.x - 0.5, b.y - 0.5, b.w + 1, b.h + 1);
    cairo_stroke(cr);
    double t[MAX_TICKS];
    char label[32];
    double lo = fmin(s->c0, s->c1), hi = fmax(s->c0, s->c1);
    int n = linear_ticks(lo, hi, 6, t);
    cairo_set_font_size(cr, 12);
    for (int i = 0; i < n; i++) {
        double y = b.y + b.h - (t[i] - s->c0) / (s->c1 - s->c0) * b.h;
        cairo_move_to(cr, b.x + b.w, y);
        cairo_line_to(cr, b.x + b.w + TICK, y);
        cairo_stroke(cr);
        tick_label(t[i], label, sizeof label);
        text_at(cr, label, b.x + b.w + TICK + 3, y, 0, 0.5);
    }
    cairo_save(cr);
    cairo_translate(cr, b.x + b.w + 58, b.y + b.h / 2);
    cairo_rotate(cr, -M_PI / 2);
    cairo_set_font_size(cr, 13);
    text_at(cr, s->cbar_label, 0, 0, 0.5, 0.5);
    cairo_restore(cr);
}

static cairo_status_t write_to_file(void *closure, const unsigned char *data, unsigned int n)
{
    return fwrite(data, 1, n, closure) == n ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

inr_status figure_heatmap_png(FILE *f, const char *name, const float *v, int rows, int cols,
                              const figure_heatmap *s)
{
    double ymin = s->ymin, ymax = s->ymax;
    if (ymin == 0 && ymax == 0) {
        ymin = s->y0;
        ymax = s->y1;
    }
    box p = { MARGIN_LEFT, MARGIN_TOP, s->width - MARGIN_LEFT - MARGIN_RIGHT,
              s->height - MARGIN_TOP - MARGIN_BOTTOM };
    if (rows < 1 || cols < 1 || p.w < 16 || p.h < 16 || !(ymax > ymin) || (s->ylog && !(ymin > 0)))
        return inr_fail(INR_ERR_INVALID, "'%s': cannot draw a %dx%d map in %dx%d pixels", name,
                        rows, cols, s->width, s->height);
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, s->width, s->height);
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_surface_t *heat = heat_surface(v, rows, cols, s, ymin, ymax, (int)p.w, (int)p.h);
    cairo_set_source_surface(cr, heat, p.x, p.y);
    cairo_paint(cr);
    cairo_surface_destroy(heat);
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    draw_axes(cr, s, p, ymin, ymax);
    draw_colour_bar(cr, s, p);
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, 15);
    text_at(cr, s->title, s->width / 2.0, 12, 0.5, 0);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_write_to_png_stream(surface, write_to_file, f);
    cairo_surface_destroy(surface);
    if (st == CAIRO_STATUS_WRITE_ERROR)
        return inr_fail(INR_ERR_IO, "cannot write '%s'", name);
    if (st != CAIRO_STATUS_SUCCESS)
        return inr_fail(INR_ERR_NOMEM, "'%s': cairo: %s", name, cairo_status_to_string(st));
    return INR_OK;
}
