/* colormap.h - perceptual colour maps for the viewer: viridis (fields,
 * frequencies) and inferno (errors: black = none). Both rise steadily in
 * lightness, so brighter always means more. */
#ifndef INR_COLORMAP_H
#define INR_COLORMAP_H

#include <stdint.h>

typedef enum { COLORMAP_VIRIDIS = 0, COLORMAP_INFERNO = 1 } colormap_kind;

/* rgb[3] in [0,1] at t in [0,1] (clamped; NaN gives t = 0). */
void colormap_rgb(colormap_kind k, float t, float rgb[3]);
/* The same as a 0x00RRGGBB pixel, from a 256-entry table. */
uint32_t colormap_pixel(colormap_kind k, float t);

#endif
