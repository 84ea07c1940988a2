/* view_canvas.h - the viewer's frame buffer and what it draws: filled and
 * outlined rectangles, lines and arrows, text in the built-in font, grey /
 * RGB pictures and colour-mapped scalar maps scaled into rectangles.
 *
 * Pixels are 0x00RRGGBB, row-major, top-left first (SDL's RGB888). Every
 * drawing call clips to the canvas, so callers may draw partly outside. */
#ifndef INR_VIEW_CANVAS_H
#define INR_VIEW_CANVAS_H

#include <stddef.h>
#include <stdint.h>

#include "colormap.h"
#include "status.h"

typedef struct {
    int w, h;
    uint32_t *px;   /* (h, w) */
} vcanvas;

#define VRGB(r, g, b) ((uint32_t)(r) << 16 | (uint32_t)(g) << 8 | (uint32_t)(b))

/* Allocates w x h pixels (reallocates when the size changed). */
inr_status vcanvas_resize(vcanvas *c, int w, int h);
void vcanvas_free(vcanvas *c);

void vc_fill(vcanvas *c, int x, int y, int w, int h, uint32_t colour);
void vc_frame(vcanvas *c, int x, int y, int w, int h, uint32_t colour);
void vc_put(vcanvas *c, int x, int y, uint32_t colour);
/* Pixel-rounded straight line (non-finite ends draw nothing). */
void vc_line(vcanvas *c, double x0, double y0, double x1, double y1, uint32_t colour);
/* Line from (x0,y0) to (x1,y1) with a two-stroke head at the end. */
void vc_arrow(vcanvas *c, double x0, double y0, double x1, double y1, uint32_t colour);
/* Text at (x,y) (top-left), each glyph pixel scale x scale; '\n' starts a
 * new line. Returns the width drawn in pixels. */
int vc_text(vcanvas *c, int x, int y, const char *s, uint32_t colour, int scale);
int vc_text_width(const char *s, int scale);

/* Picture v (h,w,C) with values in [0,1] (C 1 grey, 2 grey+alpha, 3 RGB,
 * 4 RGBA; alpha is ignored) into the rectangle (x,y,pw,ph), nearest
 * neighbour. */
void vc_image(vcanvas *c, const float *v, int h, int w, int C, int x, int y, int pw, int ph);
/* Scalar map v[i*stride] (h,w) as colour (v-lo)/(hi-lo) into (x,y,pw,ph). */
void vc_scalar(vcanvas *c, const float *v, size_t stride, int h, int w, float lo, float hi,
               colormap_kind map, int x, int y, int pw, int ph);

/* Writes the canvas as an 8-bit RGB PNG, atomically. */
inr_status vcanvas_save_png(const vcanvas *c, const char *path);

#endif
