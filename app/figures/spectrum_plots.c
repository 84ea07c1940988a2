/* spectrum_plots.c - the profile and FreSh curves of `inrfit spectrum`
 * (spectrum_plots.h). */
#include "spectrum_plots.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "figure.h"
#include "spectral.h"
#include "path_name.h"

enum { PLOT_W = 800, PLOT_H = 500 };

static inr_status radial_profile(const signal_data *s, float **xy, int *n)
{
    int h = (int)s->info.height, w = (int)s->info.width, m = spectral_radial_size(h, w);
    double *prof = malloc((size_t)m * sizeof(double));
    *xy = malloc((size_t)m * 2 * sizeof(float));
    inr_status st = !prof || !*xy ? inr_fail(INR_ERR_NOMEM, "out of memory for the radial profile")
                                  : spectral_radial_profile(s->targets, h, w, s->info.channels, prof);
    for (int r = 0; st == INR_OK && r < m; r++) {
        (*xy)[2 * r] = (float)r;
        (*xy)[2 * r + 1] = (float)prof[r];
    }
    *n = m;
    free(prof);
    return st;
}

/* |rfft| summed over channels, averaged over groups of bins beyond
 * PROFILE_MAX_ROWS; a group is reported at its centre frequency. */
static inr_status frequency_profile(const signal_data *s, float **xy, int *n)
{
    int points = (int)s->n_points, half = points / 2 + 1;
    int group = (half + PROFILE_MAX_ROWS - 1) / PROFILE_MAX_ROWS;
    float *mag = malloc((size_t)half * sizeof(float));
    *xy = malloc(((size_t)half / group + 1) * 2 * sizeof(float));
    inr_status st = !mag || !*xy ? inr_fail(INR_ERR_NOMEM, "out of memory for the spectrum")
                                 : spectral_rfft_mag_sum(s->targets, points, s->info.channels, mag);
    int m = 0;
    for (int k0 = 0; st == INR_OK && k0 < half; k0 += group, m++) {
        int k1 = k0 + group < half ? k0 + group : half;
        double sum = 0.0;
        for (int k = k0; k < k1; k++) sum += mag[k];
        (*xy)[2 * m] = (float)(0.5 * (k0 + k1 - 1) * (double)s->info.sample_rate / points);
        (*xy)[2 * m + 1] = (float)(sum / (k1 - k0));
    }
    *n = m;
    free(mag);
    return st;
}

inr_status spectrum_profile(const signal_data *s, float **xy, int *n)
{
    *xy = NULL;
    *n = 0;
    inr_status st = s->dims == 2 ? radial_profile(s, xy, n) : frequency_profile(s, xy, n);
    if (st) {
        free(*xy);
        *xy = NULL;
    }
    return st;
}

void spectrum_profile_csv(const signal_data *s, const float *xy, int n, FILE *f)
{
    fprintf(f, s->dims == 2 ? "radius,magnitude\n" : "frequency_hz,magnitude\n");
    for (int i = 0; i < n; i++) {
        if (s->dims == 2) fprintf(f, "%d,%.9g\n", (int)xy[2 * i], xy[2 * i + 1]);
        else fprintf(f, "%.6f,%.9g\n", xy[2 * i], xy[2 * i + 1]);
    }
}

/* A curve of n (x, y) points on a log y axis from the largest y down to
 * the smallest positive one, at most 1e6 below (smaller values, zeros
 * among them, sit on that floor). */
static inr_status log_plot(FILE *f, const char *name, float *xy, int n, figure_heatmap *spec)
{
    double hi = 0, lo = INFINITY;
    for (int i = 0; i < n; i++) {
        hi = fmax(hi, xy[2 * i + 1]);
        if (xy[2 * i + 1] > 0) lo = fmin(lo, xy[2 * i + 1]);
    }
    if (!(hi > 0)) hi = 1;
    lo = fmax(isfinite(lo) ? lo : hi, hi * 1e-6) / 1.5;
    for (int i = 0; i < n; i++) xy[2 * i + 1] = (float)fmax(xy[2 * i + 1], lo);
    figure_line line = { .xy = xy, .n = n, .rgb = { 0.12f, 0.35f, 0.70f }, .width = 1.5 };
    spec->x0 = xy[0];
    spec->x1 = n > 1 ? xy[2 * (n - 1)] : xy[0] + 1;
    spec->y0 = spec->ymin = lo;
    spec->y1 = spec->ymax = hi * 1.5;
    spec->ylog = 1;
    spec->lines = &line;
    spec->n_lines = 1;
    spec->width = PLOT_W;
    spec->height = PLOT_H;
    return figure_heatmap_png(f, name, NULL, 0, 0, spec);
}

inr_status spectrum_profile_png(const signal_data *s, const char *input, const float *xy, int n,
                                FILE *f, const char *name)
{
    float *pts = malloc((size_t)n * 2 * sizeof(float));
    if (!pts) return inr_fail(INR_ERR_NOMEM, "out of memory for the profile plot");
    memcpy(pts, xy, (size_t)n * 2 * sizeof(float));
    char title[300];
    snprintf(title, sizeof title, "%s: %s", path_base_name(input),
             s->dims == 2 ? "radial profile of the 2-D spectrum" : "magnitude spectrum");
    figure_heatmap spec = { .title = title,
                            .xlabel = s->dims == 2 ? "radius (frequency index)" : "frequency (Hz)",
                            .ylabel = s->dims == 2 ? "mean |F| (log scale)" : "|F| (log scale)" };
    inr_status st = log_plot(f, name, pts, n, &spec);
    free(pts);
    return st;
}

inr_status spectrum_fresh_png(const signal_data *s, const char *input, const double *spec,
                              int nbins, FILE *f, const char *name)
{
    float pts[2 * 256];
    if (nbins > 256) nbins = 256;
    double total = 0;
    for (int b = 0; b < nbins; b++) total += spec[b];
    /* Images: bin b is the L1 index radius b + 1; audio: band b. */
    for (int b = 0; b < nbins; b++) {
        pts[2 * b] = (float)(s->dims == 2 ? b + 1 : b);
        pts[2 * b + 1] = (float)(total > 0 ? spec[b] / total : 0);
    }
    char title[300], sub[160];
    snprintf(title, sizeof title, "%s: FreSh spectrum (%d bins)", path_base_name(input), nbins);
    if (s->dims == 2)
        snprintf(sub, sizeof sub, "what fit --fresh compares; bin = L1 index radius of the %dx%d resize",
                 spectral_fresh_side((int)s->info.height, (int)s->info.width),
                 spectral_fresh_side((int)s->info.height, (int)s->info.width));
    else
        snprintf(sub, sizeof sub, "what fit --fresh compares; bands of %.1f Hz from 0 to Nyquist",
                 s->info.sample_rate / (2.0 * nbins));
    figure_heatmap fig = { .title = title, .subtitle = sub,
                           .xlabel = s->dims == 2 ? "bin (L1 index radius)" : "band",
                           .ylabel = "share of the total (log scale)" };
    return log_plot(f, name, pts, nbins, &fig);
}
