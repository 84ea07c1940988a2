/* figure_check.h - shared by the figure tests: a figure written to the
 * scratch directory and read back with the project's PNG reader, and
 * pixel probes (a pixel, dark pixels in a box). */
#ifndef INR_TEST_FIGURE_CHECK_H
#define INR_TEST_FIGURE_CHECK_H

#include "figure.h"
#include "image_io.h"
#include "test_files.h"

/* Writes a heat map (panels 0) or panels of maps to FILE in the scratch
 * directory and loads it into *out; 0 or -1. */
static inline int figure_save(const char *file, const float *v, int panels, int rows, int cols,
                              const char *const *titles, const figure_heatmap *spec, image *out)
{
    char path[300];
    tmp_path(path, sizeof path, file);
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    inr_status st = panels ? figure_panels_png(f, path, v, panels, rows, cols, titles, spec)
                           : figure_heatmap_png(f, path, v, rows, cols, spec);
    fclose(f);
    if (st) return -1;
    return image_load_png(path, out) == INR_OK ? 0 : -1;
}

static inline const float *px(const image *im, int x, int y)
{
    return im->pixels + ((size_t)y * im->width + x) * im->channels;
}

/* Pixels in the box that are dark (text, ticks, frame lines). */
static inline int dark_pixels(const image *im, int x0, int y0, int x1, int y1)
{
    int n = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            const float *p = px(im, x, y);
            n += p[0] + p[1] + p[2] < 1.2f;
        }
    return n;
}

#endif
