/* view_canvas.c - drawing into the viewer's frame buffer (view_canvas.h). */
#include "view_canvas.h"

#include <math.h>
#include <stdlib.h>

#include "image_io.h"
#include "view_font.h"

inr_status vcanvas_resize(vcanvas *c, int w, int h)
{
    if (c->px && c->w == w && c->h == h) return INR_OK;
    uint32_t *px = malloc((size_t)w * h * sizeof *px);
    if (!px) return inr_fail(INR_ERR_NOMEM, "out of memory for a %dx%d window", w, h);
    free(c->px);
    c->px = px;
    c->w = w;
    c->h = h;
    return INR_OK;
}

void vcanvas_free(vcanvas *c)
{
    free(c->px);
    c->px = NULL;
    c->w = c->h = 0;
}

void vc_fill(vcanvas *c, int x, int y, int w, int h, uint32_t colour)
{
    int x0 = x < 0 ? 0 : x, y0 = y < 0 ? 0 : y;
    int x1 = x + w > c->w ? c->w : x + w, y1 = y + h > c->h ? c->h : y + h;
    for (int j = y0; j < y1; j++)
        for (int i = x0; i < x1; i++) c->px[(size_t)j * c->w + i] = colour;
}

void vc_frame(vcanvas *c, int x, int y, int w, int h, uint32_t colour)
{
    vc_fill(c, x, y, w, 1, colour);
    vc_fill(c, x, y + h - 1, w, 1, colour);
    vc_fill(c, x, y, 1, h, colour);
    vc_fill(c, x + w - 1, y, 1, h, colour);
}

void vc_put(vcanvas *c, int x, int y, uint32_t colour)
{
    if (x >= 0 && y >= 0 && x < c->w && y < c->h) c->px[(size_t)y * c->w + x] = colour;
}

void vc_line(vcanvas *c, double fx0, double fy0, double fx1, double fy1, uint32_t colour)
{
    if (!isfinite(fx0) || !isfinite(fy0) || !isfinite(fx1) || !isfinite(fy1)) return;
    /* Far-off ends (a diverging warp) are not worth walking to. */
    double lim = 4.0 * (c->w + c->h);
    if (fabs(fx0) > lim || fabs(fy0) > lim || fabs(fx1) > lim || fabs(fy1) > lim) return;
    long x0 = lround(fx0), y0 = lround(fy0), x1 = lround(fx1), y1 = lround(fy1);
    long dx = labs(x1 - x0), dy = -labs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
    long err = dx + dy;
    for (;;) {   /* Bresenham */
        vc_put(c, (int)x0, (int)y0, colour);
        if (x0 == x1 && y0 == y1) break;
        long e2 = 2 * err;
        if (e2 >= dy) { err += dy; x0 += sx; }
        if (e2 <= dx) { err += dx; y0 += sy; }
    }
}

void vc_arrow(vcanvas *c, double x0, double y0, double x1, double y1, uint32_t colour)
{
    double len = hypot(x1 - x0, y1 - y0);
    if (!(len >= 1)) {
        vc_put(c, (int)lround(x0), (int)lround(y0), colour);
        return;
    }
    vc_line(c, x0, y0, x1, y1, colour);
    /* head: two strokes 25 degrees off the shaft, a third of its length */
    double ang = atan2(y1 - y0, x1 - x0), head = len / 3 < 2 ? 2 : len / 3;
    for (int s = -1; s <= 1; s += 2)
        vc_line(c, x1, y1, x1 - head * cos(ang + s * 0.436), y1 - head * sin(ang + s * 0.436), colour);
}

int vc_text(vcanvas *c, int x, int y, const char *s, uint32_t colour, int scale)
{
    int cx = x, widest = 0;
    for (; *s; s++) {
        if (*s == '\n') {
            cx = x;
            y += VIEW_CELL_H * scale;
            continue;
        }
        const unsigned char *g = view_font_glyph((unsigned char)*s);
        for (int r = 0; r < VIEW_FONT_H; r++)
            for (int b = 0; b < VIEW_FONT_W; b++)
                if (g[r] >> (VIEW_FONT_W - 1 - b) & 1)
                    vc_fill(c, cx + b * scale, y + r * scale, scale, scale, colour);
        cx += VIEW_CELL_W * scale;
        if (cx - x > widest) widest = cx - x;
    }
    return widest;
}

int vc_text_width(const char *s, int scale)
{
    int n = 0, widest = 0;
    for (; *s; s++) {
        n = *s == '\n' ? 0 : n + 1;
        if (n > widest) widest = n;
    }
    return widest * VIEW_CELL_W * scale;
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

void vc_image(vcanvas *c, const float *v, int h, int w, int C, int x, int y, int pw, int ph)
{
    int *col = column_map(w, pw);
    if (!col) return;
    for (int j = 0; j < ph; j++) {
        if (y + j < 0 || y + j >= c->h) continue;
        const float *row = v + (size_t)((long)(2 * j + 1) * h / (2 * ph)) * w * C;
        for (int i = 0; i < pw; i++) {
            if (x + i < 0 || x + i >= c->w) continue;
            const float *p = row + (size_t)col[i] * C;
            uint8_t r = byte01(p[0]), g = C >= 3 ? byte01(p[1]) : r, b = C >= 3 ? byte01(p[2]) : r;
            c->px[(size_t)(y + j) * c->w + x + i] = VRGB(r, g, b);
        }
    }
    free(col);
}

void vc_scalar(vcanvas *c, const float *v, size_t stride, int h, int w, float lo, float hi,
               colormap_kind map, int x, int y, int pw, int ph)
{
    float k = hi > lo ? 1.0f / (hi - lo) : 0;
    int *col = column_map(w, pw);
    if (!col) return;
    for (int j = 0; j < ph; j++) {
        if (y + j < 0 || y + j >= c->h) continue;
        size_t row = (size_t)((long)(2 * j + 1) * h / (2 * ph)) * w;
        for (int i = 0; i < pw; i++) {
            if (x + i < 0 || x + i >= c->w) continue;
            float val = v[(row + (size_t)col[i]) * stride];
            c->px[(size_t)(y + j) * c->w + x + i] = colormap_pixel(map, (val - lo) * k);
        }
    }
    free(col);
}

inr_status vcanvas_save_png(const vcanvas *c, const char *path)
{
    size_t n = (size_t)c->w * c->h;
    float *rgb = malloc(n * 3 * sizeof(float));
    if (!rgb) return inr_fail(INR_ERR_NOMEM, "out of memory for a %dx%d screenshot", c->w, c->h);
    for (size_t i = 0; i < n; i++) {
        uint32_t p = c->px[i];
        rgb[3 * i] = (p >> 16 & 255) / 255.0f;
        rgb[3 * i + 1] = (p >> 8 & 255) / 255.0f;
        rgb[3 * i + 2] = (p & 255) / 255.0f;
    }
    inr_status st = image_save_png(path, rgb, c->w, c->h, 3, 8);
    free(rgb);
    return st;
}
