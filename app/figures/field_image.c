/* field_image.c - the fields of image models (field_internal.h): hash-grid
 * levels as small multiples, the local frequency under transport arrows,
 * warped grid lines; axes in the fitted image's pixels, y downwards. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "field_internal.h"

enum { PLOT_SIDE = 512, ARROWS = 20, WARP_LINES = 12, WARP_SAMPLES = 160 };

static const float GREY[3] = { 0.62f, 0.62f, 0.62f }, BLUE[3] = { 0.05f, 0.3f, 0.8f };

/* The [-1, 1] coordinate of position x in pixels (centres at k + 0.5), and back. */
static double to_unit(double x, long n)
{
    return n > 1 ? fmax(-1.0, fmin(1.0, 2 * (x - 0.5) / (n - 1) - 1)) : 0.0;
}

static double from_unit(double u, long n)
{
    return n > 1 ? (u + 1) / 2 * (n - 1) + 0.5 : 0.5;
}

static void image_axes(field_pic *p)
{
    figure_heatmap *s = &p->spec;
    s->xlabel = "x (pixels)";
    s->ylabel = "y (pixels)";
    s->x0 = 0;
    s->x1 = (double)p->fit_w;
    s->y0 = 0;
    s->y1 = (double)p->fit_h;
    s->ydown = 1;
    s->aspect = (double)p->fit_w / p->fit_h;
    s->colors = COLORMAP_VIRIDIS;
}

/* The plot size asked: --scale's, else 512 pixels on the long side. */
static void wanted_plot(const field_pic *p, int *w, int *h)
{
    if (p->want_w) {
        *w = p->want_w;
        *h = p->want_h;
        return;
    }
    double k = PLOT_SIDE / (double)(p->fit_w > p->fit_h ? p->fit_w : p->fit_h);
    *w = (int)fmax(1, lround(p->fit_w * k));
    *h = (int)fmax(1, lround(p->fit_h * k));
}

/* The picture's size (when not set) and its plot box, once the spec's
 * margins (subtitle, colour bar, legend) are known. */
static inr_status plot_layout(field_pic *p, int *pw, int *ph)
{
    if (!p->spec.width) {
        int w, h;
        wanted_plot(p, &w, &h);
        figure_size_for_plot(&p->spec, w, h, &p->spec.width, &p->spec.height);
    }
    inr_status st = field_check_size(p);
    if (st) return st;
    figure_plot_size(&p->spec, pw, ph);
    return *pw ? INR_OK : field_too_small(p);
}

/* *out (rows x cols, 2): coordinates (row, column) at a map's cell centres. */
static inr_status map_coords(const field_pic *p, int rows, int cols, float **out)
{
    float *c = *out = malloc((size_t)rows * cols * 2 * sizeof(float));
    if (!c) return inr_fail(INR_ERR_NOMEM, "out of memory for a %dx%d field map", cols, rows);
    for (int r = 0; r < rows; r++)
        for (int k = 0; k < cols; k++) {
            float *q = c + ((size_t)r * cols + k) * 2;
            q[0] = (float)to_unit((r + 0.5) / rows * p->fit_h, p->fit_h);
            q[1] = (float)to_unit((k + 0.5) / cols * p->fit_w, p->fit_w);
        }
    return INR_OK;
}

/* Channel ch of v (n points, stride channels) scaled to [0, 1] on lo..hi. */
static void normalise(float *dst, const float *v, size_t n, int stride, int ch, float lo, float hi)
{
    for (size_t i = 0; i < n; i++) dst[i] = (v[i * stride + ch] - lo) / (hi - lo);
}

static inr_status draw_levels(field_pic *p)
{
    figure_heatmap *s = &p->spec;
    int L = p->channels, pw, ph;
    if (L > INR_GRID_MAX_LEVELS) return inr_fail(INR_ERR_INVALID, "%d levels: too many to draw", L);
    s->cbar_label = "feature norm |f_l(x)|";
    s->subtitle = "each level's interpolated features; N: grid vertices per axis";
    if (!s->width) {
        /* panels of --scale's size, else 160..560 pixels as there are fewer */
        int w, h, side = (int)fmax(160, 560 / ceil(sqrt((double)L)));
        if (p->want_w) {
            wanted_plot(p, &w, &h);
            side = w > h ? w : h;
        }
        figure_size_for_panels(s, L, side, &s->width, &s->height);
    }
    inr_status st = field_check_size(p);
    if (st) return st;
    figure_panel_size(s, L, &pw, &ph);
    if (!pw) return field_too_small(p);
    size_t n = (size_t)pw * ph;
    float *coords = NULL, *v = NULL, *maps = NULL;
    if (!(st = map_coords(p, ph, pw, &coords)) &&
        !(st = field_eval(p, p->field, coords, (long)n, L, &v)) &&
        !(maps = malloc(n * L * sizeof(float))))
        st = inr_fail(INR_ERR_NOMEM, "out of memory for %d field maps", L);
    if (st == INR_OK) {
        char names[INR_GRID_MAX_LEVELS][48];
        const char *titles[INR_GRID_MAX_LEVELS];
        float lo, hi;
        field_range(v, n * L, 1, &lo, &hi);
        for (int l = 0; l < L; l++) {
            normalise(maps + n * l, v, n, L, l, lo, hi);
            if (p->m->grid.levels == L)
                snprintf(names[l], sizeof names[l], "level %d, N = %ld", l,
                         lround(p->m->grid.scale[l] + 1));
            else
                snprintf(names[l], sizeof names[l], "level %d", l);
            titles[l] = names[l];
        }
        s->c0 = lo;
        s->c1 = hi;
        st = figure_panels_png(p->out, p->path, maps, L, ph, pw, titles, s);
    }
    free(coords);
    free(v);
    free(maps);
    return st;
}

/* Transport arrows on a coarse grid of the fitted image (x, y, dx, dy in
 * pixels, the longest 0.85 of a cell); *longest: the largest |flow|. */
static inr_status flow_arrows(const field_pic *p, figure_arrows *ar, int *nx, int *ny,
                              double *longest)
{
    double cell = (double)(p->fit_w > p->fit_h ? p->fit_w : p->fit_h) / ARROWS;
    *nx = (int)fmax(1, lround(p->fit_w / cell));
    *ny = (int)fmax(1, lround(p->fit_h / cell));
    int n = *nx * *ny;
    float *coords = malloc((size_t)n * 2 * sizeof(float)), *xyuv = malloc((size_t)n * 4 * sizeof(float));
    float *v = NULL;
    inr_status st = coords && xyuv ? INR_OK : inr_fail(INR_ERR_NOMEM, "out of memory for %d arrows", n);
    for (int i = 0; st == INR_OK && i < n; i++) {
        xyuv[4 * i] = (float)((i % *nx + 0.5) * p->fit_w / *nx);
        xyuv[4 * i + 1] = (float)((i / *nx + 0.5) * p->fit_h / *ny);
        coords[2 * i] = (float)to_unit(xyuv[4 * i + 1], p->fit_h);
        coords[2 * i + 1] = (float)to_unit(xyuv[4 * i], p->fit_w);
    }
    if (st == INR_OK) st = field_eval(p, p->field, coords, n, 2, &v);
    *longest = 0;
    double pix = 0;
    for (int i = 0; v && i < n; i++) {
        /* v0 along rows, v1 along columns, per unit of [-1, 1]: into pixels */
        xyuv[4 * i + 2] = (float)(v[2 * i + 1] * 0.5 * p->fit_w);
        xyuv[4 * i + 3] = (float)(v[2 * i] * 0.5 * p->fit_h);
        double len = hypot(xyuv[4 * i + 2], xyuv[4 * i + 3]), mag = hypot(v[2 * i], v[2 * i + 1]);
        if (isfinite(len) && len > pix) pix = len;
        if (isfinite(mag) && mag > *longest) *longest = mag;
    }
    for (int i = 0; v && i < n; i++) {
        xyuv[4 * i + 2] *= (float)(pix > 0 ? 0.85 * cell / pix : 0);
        xyuv[4 * i + 3] *= (float)(pix > 0 ? 0.85 * cell / pix : 0);
    }
    free(coords);
    free(v);
    if (st) {
        free(xyuv);
        return st;
    }
    ar->xyuv = xyuv;
    ar->n = n;
    return INR_OK;
}

/* The local frequency nu(x) in cycles/pixel, under the transport arrows
 * when the field drawn is the flow. */
static inr_status draw_frequency(field_pic *p, int arrows)
{
    figure_heatmap *s = &p->spec;
    figure_arrows ar = { NULL, 0, NULL };
    int nx = 0, ny = 0, pw, ph;
    double longest = 0;
    s->cbar_label = "local frequency nu(x) (cycles/pixel)";
    if (arrows) {
        inr_status st = flow_arrows(p, &ar, &nx, &ny, &longest);
        if (st) return st;
        s->arrows = &ar;
        snprintf(p->subtitle, sizeof p->subtitle,
                 "arrows: transport flow on a %dx%d grid, length scaled to the longest, "
                 "|flow| = %.3g", nx, ny, longest);
    } else {
        snprintf(p->subtitle, sizeof p->subtitle, "nu(x): the local centroid of the bases' "
                 "frequencies |Omega_k|");
    }
    s->subtitle = p->subtitle;
    inr_status st = plot_layout(p, &pw, &ph);
    float *coords = NULL, *nu = NULL;
    if (st == INR_OK && !(st = map_coords(p, ph, pw, &coords)))
        st = field_eval(p, "frequency", coords, (long)pw * ph, 1, &nu);
    if (st == INR_OK) {
        /* rad per unit of [-1, 1] ((n - 1) / 2 pixels) -> cycles per pixel,
         * the geometric mean of both axes */
        double k = 1.0 / (M_PI * sqrt(fmax(1, p->fit_w - 1) * fmax(1, p->fit_h - 1)));
        size_t n = (size_t)pw * ph;
        for (size_t i = 0; i < n; i++) nu[i] = (float)(nu[i] * k);
        float lo, hi;
        field_range(nu, n, 1, &lo, &hi);
        s->c0 = lo;
        s->c1 = hi;
        normalise(nu, nu, n, 1, 0, lo, hi);
        st = figure_heatmap_png(p->out, p->path, nu, ph, pw, s);
    }
    free(coords);
    free(nu);
    free((float *)ar.xyuv);
    s->arrows = NULL;
    return st;
}

/* Grid lines of the image (grey) and the same lines through the warp
 * u_S (blue), on axes that hold both. */
static inr_status draw_warp(field_pic *p)
{
    figure_heatmap *s = &p->spec;
    int per = WARP_LINES + 1, n = 2 * per * (WARP_SAMPLES + 1);   /* a NaN ends each line */
    float *grid = malloc((size_t)n * 2 * sizeof(float)), *coords = malloc((size_t)n * 2 * sizeof(float));
    float *u = NULL;
    inr_status st = grid && coords ? INR_OK : inr_fail(INR_ERR_NOMEM, "out of memory for the warped grid");
    for (int i = 0; st == INR_OK && i < n; i++) {
        int line = i / (WARP_SAMPLES + 1), j = i % (WARP_SAMPLES + 1), k = line % per;
        double a = (double)k / WARP_LINES, b = (double)j / (WARP_SAMPLES - 1);
        double x = line < per ? b : a, y = line < per ? a : b;   /* rows, then columns */
        grid[2 * i] = j == WARP_SAMPLES ? NAN : (float)(0.5 + x * (p->fit_w - 1));
        grid[2 * i + 1] = (float)(0.5 + y * (p->fit_h - 1));
        coords[2 * i] = (float)to_unit(0.5 + y * (p->fit_h - 1), p->fit_h);
        coords[2 * i + 1] = (float)to_unit(0.5 + x * (p->fit_w - 1), p->fit_w);
    }
    if (st == INR_OK) st = field_eval(p, p->field, coords, n, 2, &u);
    if (st == INR_OK) {
        double x0 = 0, x1 = (double)p->fit_w, y0 = 0, y1 = (double)p->fit_h;
        for (int i = 0; i < n; i++) {
            double x = from_unit(u[2 * i + 1], p->fit_w), y = from_unit(u[2 * i], p->fit_h);
            coords[2 * i] = isnan(grid[2 * i]) ? NAN : (float)x;
            coords[2 * i + 1] = (float)y;
            if (!isfinite(x) || !isfinite(y)) continue;
            x0 = fmin(x0, x), x1 = fmax(x1, x), y0 = fmin(y0, y), y1 = fmax(y1, y);
        }
        image_axes(p);
        double pad = 0.03 * fmax(x1 - x0, y1 - y0);
        s->x0 = x0 - pad, s->x1 = x1 + pad, s->y0 = y0 - pad, s->y1 = y1 + pad;
        s->aspect = (s->x1 - s->x0) / (s->y1 - s->y0);
        figure_line lines[2] = { { grid, n, { GREY[0], GREY[1], GREY[2] }, 1.0, "original grid" },
                                 { coords, n, { BLUE[0], BLUE[1], BLUE[2] }, 1.5,
                                   "warped grid u_S(x)" } };
        s->lines = lines;
        s->n_lines = 2;
        s->subtitle = "grid lines of the image and the same lines through the warp u_S";
        int pw, ph;
        st = plot_layout(p, &pw, &ph);
        if (st == INR_OK) st = figure_heatmap_png(p->out, p->path, NULL, 0, 0, s);
        s->lines = NULL;
    }
    free(grid);
    free(coords);
    free(u);
    return st;
}

/* Any other field: its first channel as a map. */
static inr_status draw_map(field_pic *p)
{
    figure_heatmap *s = &p->spec;
    s->cbar_label = "value";
    int pw, ph;
    inr_status st = plot_layout(p, &pw, &ph);
    float *coords = NULL, *v = NULL;
    if (st == INR_OK && !(st = map_coords(p, ph, pw, &coords)))
        st = field_eval(p, p->field, coords, (long)pw * ph, p->channels, &v);
    if (st == INR_OK) {
        size_t n = (size_t)pw * ph;
        float lo, hi;
        field_range(v, n, (size_t)p->channels, &lo, &hi);
        s->c0 = lo;
        s->c1 = hi;
        normalise(v, v, n, p->channels, 0, lo, hi);
        st = figure_heatmap_png(p->out, p->path, v, ph, pw, s);
    }
    free(coords);
    free(v);
    return st;
}

inr_status field_image_draw(field_pic *p, inr_field_view view)
{
    if (p->fit_w < 1 || p->fit_h < 1)
        return inr_fail(INR_ERR_FORMAT, "the checkpoint's image size %ldx%ld has no pixels",
                        p->fit_w, p->fit_h);
    image_axes(p);
    if (view == INR_FIELD_VIEW_LEVELS) return draw_levels(p);
    if (view == INR_FIELD_VIEW_FLOW) return draw_frequency(p, strcmp(p->field, "flow") == 0);
    if (view == INR_FIELD_VIEW_WARP) return draw_warp(p);
    return draw_map(p);
}
