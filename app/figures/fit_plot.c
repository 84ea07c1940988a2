/* fit_plot.c - the training curve of a fit as a PNG figure (fit_plot.h). */
#include "fit_plot.h"

#include <math.h>
#include <stdlib.h>

#include "atomic_file.h"
#include "figure.h"

/* Points drawn at most: a longer fit is shown by every k-th step. */
enum { PLOT_POINTS = 4000 };

void fit_plot_add(fit_plot *p, long step, double psnr)
{
    if (p->n == p->cap) {
        long cap = p->cap ? 2 * p->cap : 1024;
        float *xy = realloc(p->xy, (size_t)cap * 2 * sizeof(float));
        if (!xy) return;
        p->xy = xy;
        p->cap = cap;
    }
    p->xy[2 * p->n] = (float)step;
    p->xy[2 * p->n + 1] = isfinite(psnr) ? (float)psnr : NAN;
    p->n++;
}

void fit_plot_free(fit_plot *p)
{
    free(p->xy);
    *p = (fit_plot){ 0 };
}

/* Every k-th point (and the last) into out; returns how many. */
static int thin(const fit_plot *p, float *out)
{
    long k = (p->n + PLOT_POINTS - 1) / PLOT_POINTS;
    int m = 0;
    for (long i = 0; i < p->n; i += k) {
        out[2 * m] = p->xy[2 * i];
        out[2 * m + 1] = p->xy[2 * i + 1];
        m++;
    }
    if ((p->n - 1) % k) {
        out[2 * m] = p->xy[2 * (p->n - 1)];
        out[2 * m + 1] = p->xy[2 * (p->n - 1) + 1];
        m++;
    }
    return m;
}

double fit_plot_best(const fit_plot *p)
{
    double best = -INFINITY;
    for (long i = 0; i < p->n; i++)
        if (isfinite(p->xy[2 * i + 1])) best = fmax(best, p->xy[2 * i + 1]);
    return isfinite(best) ? best : NAN;
}

inr_status fit_plot_write(const fit_plot *p, const char *path, const char *title)
{
    if (p->n < 1) return inr_fail(INR_ERR_INVALID, "--plot: no step to draw");
    float pts[2 * (PLOT_POINTS + 1)];
    int m = thin(p, pts);
    /* The range (and the best) over every step, not only the drawn ones. */
    double lo = INFINITY, hi = -INFINITY;
    for (long i = 0; i < p->n; i++)
        if (isfinite(p->xy[2 * i + 1])) {
            lo = fmin(lo, p->xy[2 * i + 1]);
            hi = fmax(hi, p->xy[2 * i + 1]);
        }
    if (!isfinite(lo)) lo = 0, hi = 1;
    double pad = hi > lo ? 0.05 * (hi - lo) : 1;
    double x0 = p->xy[0], x1 = p->xy[2 * (p->n - 1)];
    if (x1 <= x0) x0 -= 0.5, x1 += 0.5;
    char sub[160];
    snprintf(sub, sizeof sub, "%ld steps, last %.2f dB, best %.2f dB", (long)p->n,
             p->xy[2 * (p->n - 1) + 1], fit_plot_best(p));
    figure_line line = { .xy = pts, .n = m, .rgb = { 0.12f, 0.35f, 0.70f }, .width = 2,
                         .label = NULL };
    figure_heatmap spec = { .title = title, .subtitle = sub, .xlabel = "step", .ylabel = "training PSNR (dB)",
                            .x0 = x0, .x1 = x1, .y0 = lo - pad, .y1 = hi + pad,
                            .lines = &line, .n_lines = 1, .width = 800, .height = 500 };
    atomic_file af;
    inr_status st = atomic_open(path, &af);
    if (st) return st;
    if ((st = figure_heatmap_png(af.file, path, NULL, 0, 0, &spec))) {
        atomic_abort(&af);
        return st;
    }
    return atomic_commit(&af);
}
