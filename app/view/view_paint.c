/* view_paint.c - the viewer's frame through cairo (view_paint.h). */
#include "view_paint.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image_io.h"

#define FONT_SANS "DejaVu Sans"
#define FONT_MONO "DejaVu Sans Mono"

inr_status vpaint_resize(vpaint *c, int w, int h)
{
    if (c->cr && c->w == w && c->h == h) return INR_OK;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS || cairo_image_surface_get_stride(s) != w * 4) {
        cairo_destroy(cr);
        cairo_surface_destroy(s);
        return inr_fail(INR_ERR_NOMEM, "out of memory for a %dx%d window", w, h);
    }
    vpaint_free(c);
    c->surface = s;
    c->cr = cr;
    c->px = (uint32_t *)cairo_image_surface_get_data(s);
    c->w = w;
    c->h = h;
    if (!(c->text > 0)) c->text = 11;
    cairo_set_line_width(cr, 1);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_SQUARE);   /* ends cover their pixels */
    return INR_OK;
}

void vpaint_free(vpaint *c)
{
    if (c->cr) cairo_destroy(c->cr);
    if (c->surface) cairo_surface_destroy(c->surface);
    c->cr = NULL;
    c->surface = NULL;
    c->px = NULL;
    c->w = c->h = 0;
}

uint32_t *vp_pixels(vpaint *c)
{
    cairo_surface_flush(c->surface);
    return c->px;
}

void vp_dirty(vpaint *c) { cairo_surface_mark_dirty(c->surface); }

uint32_t vp_pixel(vpaint *c, int x, int y)
{
    if (x < 0 || y < 0 || x >= c->w || y >= c->h) return 0;
    return vp_pixels(c)[(size_t)y * c->w + x] & 0xffffffu;
}

void vp_source(vpaint *c, uint32_t colour)
{
    cairo_set_source_rgb(c->cr, (colour >> 16 & 255) / 255.0, (colour >> 8 & 255) / 255.0,
                         (colour & 255) / 255.0);
}

void vp_fill(vpaint *c, double x, double y, double w, double h, uint32_t colour)
{
    vp_source(c, colour);
    cairo_rectangle(c->cr, x, y, w, h);
    cairo_fill(c->cr);
}

void vp_frame(vpaint *c, double x, double y, double w, double h, uint32_t colour)
{
    vp_source(c, colour);
    cairo_rectangle(c->cr, x + 0.5, y + 0.5, w - 1, h - 1);
    cairo_stroke(c->cr);
}

/* Ends usable for a path: finite and not far off the frame (a diverging
 * warp), which cairo would walk for nothing. */
static int usable(const vpaint *c, double x0, double y0, double x1, double y1)
{
    double lim = 4.0 * (c->w + c->h);
    return fabs(x0) <= lim && fabs(y0) <= lim && fabs(x1) <= lim && fabs(y1) <= lim;
}

void vp_line(vpaint *c, double x0, double y0, double x1, double y1, uint32_t colour)
{
    if (!usable(c, x0, y0, x1, y1)) return;
    vp_source(c, colour);
    /* through pixel centres, so a one-pixel line covers whole pixels */
    cairo_move_to(c->cr, x0 + 0.5, y0 + 0.5);
    cairo_line_to(c->cr, x1 + 0.5, y1 + 0.5);
    cairo_stroke(c->cr);
}

void vp_arrow(vpaint *c, double x0, double y0, double x1, double y1, uint32_t colour)
{
    double len = hypot(x1 - x0, y1 - y0);
    if (!usable(c, x0, y0, x1, y1)) return;
    if (!(len >= 1)) {
        vp_fill(c, floor(x0), floor(y0), 1, 1, colour);
        return;
    }
    /* head: two strokes 25 degrees off the shaft, a third of its length */
    double ang = atan2(y1 - y0, x1 - x0), head = len / 3 < 2 ? 2 : len / 3;
    vp_source(c, colour);
    cairo_move_to(c->cr, x0 + 0.5, y0 + 0.5);
    cairo_line_to(c->cr, x1 + 0.5, y1 + 0.5);
    for (int s = -1; s <= 1; s += 2) {
        cairo_move_to(c->cr, x1 + 0.5, y1 + 0.5);
        cairo_line_to(c->cr, x1 + 0.5 - head * cos(ang + s * 0.436), y1 + 0.5 - head * sin(ang + s * 0.436));
    }
    cairo_stroke(c->cr);
}

static void font(vpaint *c, int mono)
{
    cairo_select_font_face(c->cr, mono ? FONT_MONO : FONT_SANS, CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(c->cr, c->text);
}

double vp_line_height(const vpaint *c) { return ceil(1.25 * c->text); }

/* Draws (or with draw 0 only measures) s line by line. */
static double text(vpaint *c, double x, double y, const char *s, uint32_t colour, int mono, int draw)
{
    font(c, mono);
    cairo_font_extents_t fe;
    cairo_font_extents(c->cr, &fe);
    if (draw) vp_source(c, colour);
    double widest = 0;
    char line[512];
    while (*s) {
        size_t n = strcspn(s, "\n");
        size_t k = n < sizeof line - 1 ? n : sizeof line - 1;
        memcpy(line, s, k);
        line[k] = '\0';
        cairo_text_extents_t e;
        cairo_text_extents(c->cr, line, &e);
        if (e.x_advance > widest) widest = e.x_advance;
        if (draw) {
            cairo_move_to(c->cr, x, round(y + fe.ascent));
            cairo_show_text(c->cr, line);
        }
        y += vp_line_height(c);
        s += n + (s[n] == '\n');
    }
    return ceil(widest);
}

double vp_text(vpaint *c, double x, double y, const char *s, uint32_t colour)
{
    return text(c, x, y, s, colour, 0, 1);
}

double vp_text_mono(vpaint *c, double x, double y, const char *s, uint32_t colour)
{
    return text(c, x, y, s, colour, 1, 1);
}

double vp_text_width(vpaint *c, const char *s, int mono) { return text(c, 0, 0, s, 0, mono, 0); }

void vp_text_up(vpaint *c, double x, double y, const char *s, uint32_t colour)
{
    double w = vp_text_width(c, s, 0);
    cairo_save(c->cr);
    cairo_translate(c->cr, x, y);
    cairo_rotate(c->cr, -M_PI / 2);
    text(c, -w / 2, -c->text / 2, s, colour, 0, 1);
    cairo_restore(c->cr);
}

static uint8_t byte01(float v)
{
    if (!(v > 0)) return 0;
    return v >= 1 ? 255 : (uint8_t)(v * 255 + 0.5f);
}

/* Source column of each of pw target columns (nearest pixel centre), or
 * NULL when out of memory. */
static int *column_map(int w, int pw)
{
    int *col = malloc((size_t)(pw > 0 ? pw : 1) * sizeof *col);
    for (int i = 0; col && i < pw; i++) col[i] = (int)((long)(2 * i + 1) * w / (2 * pw));
    return col;
}

void vp_image(vpaint *c, const float *v, int h, int w, int C, int x, int y, int pw, int ph)
{
    int *col = column_map(w, pw);
    if (!col) return;
    uint32_t *px = vp_pixels(c);
    for (int j = 0; j < ph; j++) {
        if (y + j < 0 || y + j >= c->h) continue;
        const float *row = v + (size_t)((long)(2 * j + 1) * h / (2 * ph)) * w * C;
        for (int i = 0; i < pw; i++) {
            if (x + i < 0 || x + i >= c->w) continue;
            const float *p = row + (size_t)col[i] * C;
            uint8_t r = byte01(p[0]), g = C >= 3 ? byte01(p[1]) : r, b = C >= 3 ? byte01(p[2]) : r;
            px[(size_t)(y + j) * c->w + x + i] = VRGB(r, g, b);
        }
    }
    vp_dirty(c);
    free(col);
}

void vp_scalar(vpaint *c, const float *v, size_t stride, int h, int w, float lo, float hi,
               colormap_kind map, int x, int y, int pw, int ph)
{
    float k = hi > lo ? 1.0f / (hi - lo) : 0;
    int *col = column_map(w, pw);
    if (!col) return;
    uint32_t *px = vp_pixels(c);
    for (int j = 0; j < ph; j++) {
        if (y + j < 0 || y + j >= c->h) continue;
        size_t row = (size_t)((long)(2 * j + 1) * h / (2 * ph)) * w;
        for (int i = 0; i < pw; i++) {
            if (x + i < 0 || x + i >= c->w) continue;
            float val = v[(row + (size_t)col[i]) * stride];
            px[(size_t)(y + j) * c->w + x + i] = colormap_pixel(map, (val - lo) * k);
        }
    }
    vp_dirty(c);
    free(col);
}

/* A short label for a colour-bar value. */
static void bar_label(double v, char *out, size_t n)
{
    double a = fabs(v);
    if (a != 0 && (a >= 1e4 || a < 1e-2)) snprintf(out, n, "%.0e", v);
    else snprintf(out, n, "%.3g", v);
}

void vp_colour_bar(vpaint *c, int x, int y, int bw, int h, colormap_kind map, double lo, double hi,
                   const char *unit)
{
    if (h < 2 || bw < 1) return;
    uint32_t *px = vp_pixels(c);
    for (int j = 0; j < h; j++) {
        if (y + j < 0 || y + j >= c->h) continue;
        uint32_t colour = colormap_pixel(map, (float)(h - 1 - j) / (h - 1));
        for (int i = x < 0 ? -x : 0; i < bw && x + i < c->w; i++) px[(size_t)(y + j) * c->w + x + i] = colour;
    }
    vp_dirty(c);
    double size = c->text;
    c->text = size * 0.85;
    char buf[32];
    double lx = x + bw + 3, th = vp_line_height(c);
    bar_label(hi, buf, sizeof buf);
    vp_text(c, lx, y - 2, buf, 0xb0b0b0u);
    if (unit && *unit && h > 4 * th) vp_text(c, lx, y - 2 + th, unit, 0x8c8c8cu);
    if (h > 5 * th) {
        bar_label(0.5 * (lo + hi), buf, sizeof buf);
        vp_text(c, lx, y + (h - th) / 2, buf, 0xb0b0b0u);
    }
    bar_label(lo, buf, sizeof buf);
    vp_text(c, lx, y + h - th + 2, buf, 0xb0b0b0u);
    c->text = size;
}

inr_status vpaint_save_png(vpaint *c, const char *path)
{
    size_t n = (size_t)c->w * c->h;
    float *rgb = malloc(n * 3 * sizeof(float));
    if (!rgb) return inr_fail(INR_ERR_NOMEM, "out of memory for a %dx%d screenshot", c->w, c->h);
    const uint32_t *px = vp_pixels(c);
    for (size_t i = 0; i < n; i++) {
        uint32_t p = px[i];
        rgb[3 * i] = (p >> 16 & 255) / 255.0f;
        rgb[3 * i + 1] = (p >> 8 & 255) / 255.0f;
        rgb[3 * i + 2] = (p & 255) / 255.0f;
    }
    inr_status st = image_save_png(path, rgb, c->w, c->h, 3, 8);
    free(rgb);
    return st;
}
