/* field_audio.c - the fields of audio models (field_internal.h) as curves
 * along time with a legend: each hash-grid level's feature norm, the local
 * frequency nu(t) in Hz (with transport arrows for the flow), the warped
 * time u_S(t) against time itself. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "field_internal.h"

enum { DEFAULT_W = 1024, DEFAULT_H = 400, ARROWS = 32 };

static const float GREY[3] = { 0.62f, 0.62f, 0.62f }, BLUE[3] = { 0.05f, 0.3f, 0.8f };

/* The [-1, 1] coordinate of time t (s): sample k sits at k / rate. */
static double to_unit(const field_pic *p, double t)
{
    return p->fit_w > 1 ? fmax(-1.0, fmin(1.0, 2 * t * p->rate / (p->fit_w - 1) - 1)) : 0.0;
}

/* y axis over the finite values of the lines, padded by 5%. */
static void y_range(figure_heatmap *s)
{
    double lo = INFINITY, hi = -INFINITY;
    for (int l = 0; l < s->n_lines; l++)
        for (int i = 0; i < s->lines[l].n; i++) {
            double y = s->lines[l].xy[2 * i + 1];
            if (isfinite(y)) lo = fmin(lo, y), hi = fmax(hi, y);
        }
    if (!(lo <= hi)) lo = 0, hi = 1;
    if (hi - lo < 1e-12 * fmax(1, fabs(hi))) lo -= 0.5, hi += 0.5;
    double pad = 0.05 * (hi - lo);
    s->y0 = s->ymin = lo - pad;
    s->y1 = s->ymax = hi + pad;
}

/* Size, plot width and n samples along time: times[i] and coords[i]. */
static inr_status sample_times(field_pic *p, int *n, float **times, float **coords)
{
    figure_heatmap *s = &p->spec;
    if (!s->width) s->width = DEFAULT_W, s->height = DEFAULT_H;
    int pw, ph;
    inr_status st = field_check_size(p);
    if (st) return st;
    figure_plot_size(s, &pw, &ph);
    if (!pw) return field_too_small(p);
    *n = pw;
    *times = malloc((size_t)pw * sizeof(float));
    *coords = malloc((size_t)pw * sizeof(float));
    if (!*times || !*coords) return inr_fail(INR_ERR_NOMEM, "out of memory for a %d-point plot", pw);
    for (int i = 0; i < pw; i++) {
        (*times)[i] = (float)((i + 0.5) / pw * s->x1);
        (*coords)[i] = (float)to_unit(p, (*times)[i]);
    }
    return INR_OK;
}

/* xy (n, 2) = (t[i], k * v[i * stride]) */
static float *curve(const float *t, const float *v, int n, int stride, double k)
{
    float *xy = malloc((size_t)n * 2 * sizeof(float));
    for (int i = 0; xy && i < n; i++) {
        xy[2 * i] = t[i];
        xy[2 * i + 1] = (float)(k * v[(size_t)i * stride]);
    }
    return xy;
}

static inr_status draw_levels(field_pic *p, const float *t, const float *coords, int n,
                              figure_line *lines)
{
    int L = p->channels;
    float *v = NULL;
    inr_status st = field_eval(p, p->field, coords, n, L, &v);
    for (int l = 0; st == INR_OK && l < L; l++)
        if (!(lines[l].xy = curve(t, v + l, n, L, 1.0)))
            st = inr_fail(INR_ERR_NOMEM, "out of memory for the level curves");
    free(v);
    return st;
}

/* nu(t) in Hz; with arrows, the flow along time at ARROWS points of it. */
static inr_status draw_frequency(field_pic *p, const float *t, const float *coords, int n,
                                 figure_line *line, figure_arrows *ar)
{
    float *nu = NULL, *flow = NULL;
    double hz = p->rate / (M_PI * fmax(1, p->fit_w - 1));   /* rad per unit -> Hz */
    inr_status st = field_eval(p, "frequency", coords, n, 1, &nu);
    if (st == INR_OK && !(line->xy = curve(t, nu, n, 1, hz)))
        st = inr_fail(INR_ERR_NOMEM, "out of memory for the frequency curve");
    if (st == INR_OK && ar) st = field_eval(p, p->field, coords, n, 1, &flow);
    if (st == INR_OK && ar) {
        float *q = malloc(ARROWS * 4 * sizeof(float));
        double longest = 0, k;
        if (!q) st = inr_fail(INR_ERR_NOMEM, "out of memory for the arrows");
        for (int i = 0; q && i < ARROWS; i++) {
            int j = (int)((i + 0.5) * n / ARROWS);
            q[4 * i] = t[j];
            q[4 * i + 1] = line->xy[2 * j + 1];
            q[4 * i + 2] = flow[j];
            q[4 * i + 3] = 0;
            if (isfinite(flow[j])) longest = fmax(longest, fabs(flow[j]));
        }
        k = longest > 0 ? 0.9 * p->spec.x1 / ARROWS / longest : 0;
        for (int i = 0; q && i < ARROWS; i++) q[4 * i + 2] *= (float)k;
        ar->xyuv = q;
        ar->n = q ? ARROWS : 0;
        snprintf(p->subtitle, sizeof p->subtitle, "arrows: transport flow along time at %d points, "
                 "length scaled to the longest, |flow| = %.3g", ARROWS, longest);
    }
    free(nu);
    free(flow);
    return st;
}

/* u_S(t) in seconds against t, over the identity. */
static inr_status draw_warp(field_pic *p, const float *t, const float *coords, int n,
                            figure_line *lines)
{
    float *u = NULL;
    inr_status st = field_eval(p, p->field, coords, n, 1, &u);
    for (int i = 0; st == INR_OK && i < n; i++) u[i] = (float)((u[i] + 1) / 2 * (p->fit_w - 1) / p->rate);
    if (st == INR_OK && (!(lines[0].xy = curve(t, t, n, 1, 1.0)) ||
                         !(lines[1].xy = curve(t, u, n, 1, 1.0))))
        st = inr_fail(INR_ERR_NOMEM, "out of memory for the warp curves");
    free(u);
    return st;
}

/* Axis names, subtitle, curve colours and legend names (names[l] of
 * lines[l]) for the kind's field view; ar: the flow's arrows, or NULL. */
static void describe(field_pic *p, inr_field_view view, figure_line *lines, char (*names)[48],
                     figure_arrows *ar)
{
    figure_heatmap *s = &p->spec;
    int L = p->channels;
    if (view == INR_FIELD_VIEW_LEVELS) {
        s->ylabel = "feature norm |f_l(t)|";
        s->subtitle = "each level's interpolated features; N: grid vertices";
        for (int l = 0; l < L; l++) {
            colormap_rgb(COLORMAP_VIRIDIS, L > 1 ? 0.85f * l / (L - 1) : 0, lines[l].rgb);
            if (p->m->grid.levels == L)
                snprintf(names[l], sizeof names[l], "level %d, N = %ld", l, lround(p->m->grid.scale[l] + 1));
            else
                snprintf(names[l], sizeof names[l], "level %d", l);
        }
    } else if (view == INR_FIELD_VIEW_WARP) {
        s->ylabel = "warped time u_S(t) (s)";
        s->subtitle = "the warp u_S against time itself";
        memcpy(lines[0].rgb, GREY, sizeof GREY);
        snprintf(names[0], sizeof names[0], "time itself (no warp)");
        memcpy(lines[1].rgb, BLUE, sizeof BLUE);
        snprintf(names[1], sizeof names[1], "warped time u_S(t)");
    } else if (view == INR_FIELD_VIEW_FLOW) {
        s->ylabel = "frequency (Hz)";
        /* the flow's subtitle gets its scale once the arrows are known */
        s->subtitle = ar ? p->subtitle : "nu(t): the local centroid of the bases' frequencies";
        snprintf(names[0], sizeof names[0], "local frequency nu(t)");
        s->arrows = ar;
    } else {
        s->ylabel = "value";
        snprintf(names[0], sizeof names[0], "%s", p->field);
    }
}

inr_status field_audio_draw(field_pic *p, inr_field_view view)
{
    figure_heatmap *s = &p->spec;
    int L = p->channels, nl = 1, arrows = view == INR_FIELD_VIEW_FLOW && strcmp(p->field, "flow") == 0;
    if (view == INR_FIELD_VIEW_LEVELS) nl = L;
    if (view == INR_FIELD_VIEW_WARP) nl = 2;
    figure_line *lines = calloc((size_t)nl, sizeof *lines);
    char (*names)[48] = calloc((size_t)nl, sizeof *names);
    figure_arrows ar = { NULL, 0, "transport flow" };
    if (!lines || !names) {
        free(lines);
        free(names);
        return inr_fail(INR_ERR_NOMEM, "out of memory for %d curves", nl);
    }
    s->xlabel = "time (s)";
    s->x0 = 0;
    s->x1 = p->rate > 0 ? (double)p->fit_w / p->rate : 1;
    s->lines = lines;
    s->n_lines = nl;
    for (int l = 0; l < nl; l++) {
        lines[l].rgb[2] = 0.8f;   /* blue unless set below */
        lines[l].label = names[l];
    }
    describe(p, view, lines, names, arrows ? &ar : NULL);
    float *t = NULL, *coords = NULL;
    int n = 0;
    inr_status st = sample_times(p, &n, &t, &coords);
    if (st == INR_OK) {
        if (view == INR_FIELD_VIEW_LEVELS) st = draw_levels(p, t, coords, n, lines);
        else if (view == INR_FIELD_VIEW_WARP) st = draw_warp(p, t, coords, n, lines);
        else if (view == INR_FIELD_VIEW_FLOW) st = draw_frequency(p, t, coords, n, lines, arrows ? &ar : NULL);
        else {
            float *v = NULL;
            if (!(st = field_eval(p, p->field, coords, n, L, &v)) && !(lines[0].xy = curve(t, v, n, L, 1.0)))
                st = inr_fail(INR_ERR_NOMEM, "out of memory for the curve");
            free(v);
        }
    }
    for (int l = 0; l < nl; l++) lines[l].n = lines[l].xy ? n : 0;
    if (st == INR_OK) {
        y_range(s);
        st = figure_heatmap_png(p->out, p->path, NULL, 0, 0, s);
    }
    for (int l = 0; l < nl; l++) free((float *)lines[l].xy);
    free(lines);
    free(names);
    free(t);
    free(coords);
    free((float *)ar.xyuv);
    s->lines = NULL;
    s->arrows = NULL;
    return st;
}
