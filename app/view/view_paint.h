/* view_paint.h - the viewer's frame, drawn with cairo: a CAIRO_FORMAT_RGB24
 * image surface (pixels 0x??RRGGBB, native-endian, row stride w: SDL's
 * RGB888) with fills, lines, arrows and text in "DejaVu Sans" (Debian's
 * fonts-dejavu-core through fontconfig), and pictures, colour-mapped
 * scalar maps and colour bars written into rectangles pixel by pixel
 * (nearest neighbour, exact colours). Drawing clips to the frame. */
#ifndef INR_VIEW_PAINT_H
#define INR_VIEW_PAINT_H

#include <cairo.h>
#include <stddef.h>
#include <stdint.h>

#include "colormap.h"
#include "status.h"

typedef struct {
    int w, h;
    cairo_surface_t *surface;
    cairo_t *cr;
    uint32_t *px;   /* the surface's pixels (h, w); flushed by vp_pixels */
    double text;    /* size of vp_text in pixels (the em square) */
} vpaint;

#define VRGB(r, g, b) ((uint32_t)(r) << 16 | (uint32_t)(g) << 8 | (uint32_t)(b))

/* Allocates w x h pixels (again when the size changed). */
inr_status vpaint_resize(vpaint *c, int w, int h);
void vpaint_free(vpaint *c);
/* Finishes cairo's pending drawing, so px may be read or written; after
 * writing, vp_dirty(c) tells cairo. */
uint32_t *vp_pixels(vpaint *c);
void vp_dirty(vpaint *c);
/* The colour at (x, y) as 0x00RRGGBB (0 outside). */
uint32_t vp_pixel(vpaint *c, int x, int y);

/* Sets cairo's colour to 0x00RRGGBB, for paths drawn on c->cr directly. */
void vp_source(vpaint *c, uint32_t colour);
void vp_fill(vpaint *c, double x, double y, double w, double h, uint32_t colour);
/* A one-pixel outline just inside the rectangle. */
void vp_frame(vpaint *c, double x, double y, double w, double h, uint32_t colour);
/* One-pixel straight line (non-finite or far-off ends draw nothing). */
void vp_line(vpaint *c, double x0, double y0, double x1, double y1, uint32_t colour);
/* Line from (x0,y0) to (x1,y1) with a two-stroke head at the end. */
void vp_arrow(vpaint *c, double x0, double y0, double x1, double y1, uint32_t colour);

/* Text with its box's top-left at (x, y), c->text pixels, sans (or mono:
 * DejaVu Sans Mono); '\n' starts a new line. Returns the widest line's
 * width in pixels. */
double vp_text(vpaint *c, double x, double y, const char *s, uint32_t colour);
double vp_text_mono(vpaint *c, double x, double y, const char *s, uint32_t colour);
double vp_text_width(vpaint *c, const char *s, int mono);
/* The same rotated a quarter turn anticlockwise, reading bottom to top,
 * centred on (x, y). */
void vp_text_up(vpaint *c, double x, double y, const char *s, uint32_t colour);
/* Distance between two lines of text. */
double vp_line_height(const vpaint *c);

/* Picture v (h,w,C) with values in [0,1] (C 1 grey, 2 grey+alpha, 3 RGB,
 * 4 RGBA; alpha is ignored) into the rectangle (x,y,pw,ph). */
void vp_image(vpaint *c, const float *v, int h, int w, int C, int x, int y, int pw, int ph);
/* Scalar map v[i*stride] (h,w) as colour (v-lo)/(hi-lo) into (x,y,pw,ph). */
void vp_scalar(vpaint *c, const float *v, size_t stride, int h, int w, float lo, float hi,
               colormap_kind map, int x, int y, int pw, int ph);
/* A vertical colour bar (lo at the bottom) in (x,y,bw,h) with lo and hi
 * (and the middle) written to its right, unit (may be "") under hi. */
void vp_colour_bar(vpaint *c, int x, int y, int bw, int h, colormap_kind map, double lo, double hi,
                   const char *unit);

/* Writes the frame as an 8-bit RGB PNG, atomically. */
inr_status vpaint_save_png(vpaint *c, const char *path);

#endif
