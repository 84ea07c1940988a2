/* view_audio.c - the viewer's panels for sounds, over an excerpt of at most
 * VIEW_AUDIO_MAX frames: waveforms of target and reconstruction, their
 * error, both spectrograms (on the target's dB scale) and the field panel
 * (NSTR nu(t) and flow, HC-INR warp ticks, hash-grid levels, PSNR and loss curves). */
#include "view_scene_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "metrics.h"
#include "spectral.h"
#include "trainer.h"

/* Spectrograms show the top SPEC_DB dB below the target's loudest bin. */
#define SPEC_DB 80.0f

static void row_heights(const view_scene *s, int h[4])
{
    int P = s->side;
    h[0] = P * 9 / 16;   /* waveform */
    h[1] = P * 5 / 16;   /* error */
    h[2] = P * 5 / 8;    /* spectrograms */
    h[3] = P * 7 / 16;   /* field or curve */
}

static void vaudio_size(const view_scene *s, int *w, int *h)
{
    int r[4];
    row_heights(s, r);
    *w = 3 * s->side + 4 * VIEW_GAP;
    *h = VIEW_GAP + view_status_h(s);
    for (int i = 0; i < 4; i++) *h += view_title_h(s) + r[i] + VIEW_GAP;
}

static const char *const NAMES[5] = { "waveform", "error", "target spectrogram",
                                      "reconstruction spectrogram", "field" };

static int vaudio_layout(const view_scene *s, view_panel *p)
{
    int r[4], W, H;
    row_heights(s, r);
    vaudio_size(s, &W, &H);
    int full = W - 2 * VIEW_GAP, half = (full - VIEW_GAP) / 2;
    int bar = view_bar_w(s);   /* the spectrograms' colour bars */
    if (s->solo) {
        int spectrogram = s->solo == 3 || s->solo == 4;
        p[0] = (view_panel){ NAMES[s->solo - 1], VIEW_GAP, VIEW_GAP + view_title_h(s), full - spectrogram * bar,
                             H - view_status_h(s) - 2 * VIEW_GAP - view_title_h(s) };
        return 1;
    }
    int y = VIEW_GAP + view_title_h(s);
    p[0] = (view_panel){ NAMES[0], VIEW_GAP, y, full, r[0] };
    y += r[0] + VIEW_GAP + view_title_h(s);
    p[1] = (view_panel){ NAMES[1], VIEW_GAP, y, full, r[1] };
    y += r[1] + VIEW_GAP + view_title_h(s);
    p[2] = (view_panel){ NAMES[2], VIEW_GAP, y, half - bar, r[2] };
    p[3] = (view_panel){ NAMES[3], 2 * VIEW_GAP + half, y, full - half - VIEW_GAP - bar, r[2] };
    y += r[2] + VIEW_GAP + view_title_h(s);
    p[4] = (view_panel){ NAMES[4], VIEW_GAP, y, full, r[3] };
    return 5;
}

static void vaudio_free(view_scene *s)
{
    free(s->arecon);
    free(s->tmono);
    free(s->rmono);
    free(s->tgram);
    free(s->rgram);
    free(s->frame);
    free(s->fmag);
    free(s->acoords);
    free(s->field);
    free(s->field2);
}

static int vaudio_key(view_scene *s, int key)
{
    long n = s->sig->n_points, most = n < VIEW_AUDIO_MAX ? n : VIEW_AUDIO_MAX;
    long least = n < 1024 ? n : 1024;
    switch (key) {
    case VIEW_KEY_LEFT: s->a0 -= s->alen / 2; break;
    case VIEW_KEY_RIGHT: s->a0 += s->alen / 2; break;
    case VIEW_KEY_UP: s->alen = s->alen / 2 < least ? least : s->alen / 2; break;
    case VIEW_KEY_DOWN: s->alen = s->alen * 2 > most ? most : s->alen * 2; break;
    default: return VIEW_KEY_IGNORED;
    }
    return VIEW_KEY_EVALUATE;
}

/* Hann-windowed |rfft| in dB of frames of x (alen), highest frequency in
 * row 0 (so the picture has low frequencies at the bottom). */
static inr_status spectrogram(view_scene *s, const float *x, float *out)
{
    for (int f = 0; f < s->nframes; f++) {
        long start = (long)f * s->hop;
        for (int i = 0; i < s->win; i++) {
            float w = 0.5f - 0.5f * cosf(2 * (float)M_PI * i / s->win);   /* periodic Hann */
            s->frame[i] = start + i < s->alen ? x[start + i] * w : 0;
        }
        inr_status st = spectral_rfft_mag(s->frame, s->win, s->fmag);
        if (st) return st;
        for (int k = 0; k < s->nfreq; k++)
            out[(size_t)(s->nfreq - 1 - k) * s->nframes + f] = 20 * log10f(s->fmag[k] + 1e-10f);
    }
    return INR_OK;
}

static void mono(const float *x, long n, int C, float *out)
{
    for (long i = 0; i < n; i++) {
        double v = 0;
        for (int c = 0; c < C; c++) v += x[i * C + c];
        out[i] = (float)(v / C);
    }
}

/* The excerpt's buffers, target mono mix and target spectrogram. */
static inr_status ensure_excerpt(view_scene *s)
{
    long n = s->sig->n_points;
    if (s->alen > n) s->alen = n;
    if (s->alen < 1) s->alen = 1;
    if (s->a0 > n - s->alen) s->a0 = n - s->alen;
    if (s->a0 < 0) s->a0 = 0;
    view_panel p[5];
    vaudio_layout(s, p);
    int an = (int)(s->alen < p[s->solo ? 0 : 4].w ? s->alen : p[s->solo ? 0 : 4].w);
    if (s->a_loaded0 == s->a0 && s->a_loadedn == s->alen && s->tgram && an == s->an) return INR_OK;
    s->a_loadedn = -1;
    int C = s->C, L = s->model.grid.levels > 1 ? s->model.grid.levels : 1;
    s->win = s->alen >= 8192 ? 1024 : s->alen >= 2048 ? 512 : 256;
    s->nfreq = s->win / 2 + 1;
    int cols = p[s->solo ? 0 : 2].w;
    s->hop = s->alen > s->win ? (int)((s->alen - s->win + cols - 2) / (cols - 1)) : 1;
    if (s->hop < 8) s->hop = 8;
    s->nframes = s->alen > s->win ? 1 + (int)((s->alen - s->win + s->hop - 1) / s->hop) : 1;
    size_t g = (size_t)s->nfreq * s->nframes;
    if (view_grow(&s->arecon, (size_t)s->alen * C) || view_grow(&s->tmono, s->alen) ||
        view_grow(&s->rmono, s->alen) || view_grow(&s->tgram, g) || view_grow(&s->rgram, g) ||
        view_grow(&s->frame, s->win) || view_grow(&s->fmag, s->nfreq) ||
        view_grow(&s->acoords, an) || view_grow(&s->field, (size_t)an * L) ||
        view_grow(&s->field2, an))
        return inr_fail(INR_ERR_NOMEM, "out of memory for the viewer's excerpt");
    mono(s->sig->original + s->a0 * C, s->alen, C, s->tmono);
    inr_status st = spectrogram(s, s->tmono, s->tgram);
    if (st) return st;
    s->gram_ref = -INFINITY;
    for (size_t i = 0; i < g; i++)
        if (s->tgram[i] > s->gram_ref) s->gram_ref = s->tgram[i];
    s->an = an;
    for (int i = 0; i < an; i++)
        s->acoords[i] = s->sig->coords[s->a0 + (an > 1 ? (long)i * (s->alen - 1) / (an - 1) : 0)];
    s->a_loaded0 = s->a0;
    s->a_loadedn = s->alen;
    return INR_OK;
}

static inr_status vaudio_update(view_scene *s)
{
    inr_status st = ensure_excerpt(s);
    if (st) return st;
    int C = s->C;
    size_t nv = (size_t)s->alen * C;
    if ((st = inr_model_evaluate(&s->model, s->sig->coords + s->a0, s->alen, s->arecon, 1))) return st;
    signal_to_output(&s->sig->info, s->arecon, nv);
    /* Peak-normalised PSNR, as the fit reports it (METHODS 4). */
    double peak = s->sig->info.value_scale;
    s->psnr = metric_psnr(metric_mse(s->arecon, s->sig->original + s->a0 * C, nv) / (peak * peak), 1.0);
    mono(s->arecon, s->alen, C, s->rmono);
    if ((st = spectrogram(s, s->rmono, s->rgram))) return st;
    s->fields_ok = 0;
    switch (s->modes[s->mode]) {
    case FIELD_FLOW:
        if ((st = inr_model_field(&s->model, "frequency", s->acoords, s->an, s->field, 1)) ||
            (st = inr_model_field(&s->model, "flow", s->acoords, s->an, s->field2, 1)))
            return st;
        break;
    case FIELD_WARP:
        if ((st = inr_model_field(&s->model, "warp", s->acoords, s->an, s->field2, 1))) return st;
        break;
    case FIELD_LEVELS:
        if ((st = inr_model_field(&s->model, "levels", s->acoords, s->an, s->field, 1))) return st;
        break;
    case FIELD_CURVE:
        break;
    }
    s->fields_ok = 1;
    return INR_OK;
}

int view_scene_sound(const view_scene *s, int reconstruction, const float **frames, long *n,
                     int *channels, int *rate)
{
    if (s->image || s->a_loadedn != s->alen || (reconstruction && s->step < 0)) return 0;
    *frames = reconstruction ? s->arecon : s->sig->original + s->a0 * s->C;
    *n = s->alen;
    *channels = s->C;
    *rate = s->sig->info.sample_rate;
    return 1;
}

/* Frames of the excerpt under panel column i of w. */
static void column_frames(const view_scene *s, int i, int w, long *f0, long *f1)
{
    *f0 = (long)((double)i * s->alen / w);
    *f1 = (long)((double)(i + 1) * s->alen / w);
    if (*f1 <= *f0) *f1 = *f0 + 1;
    if (*f1 > s->alen) *f1 = s->alen;
}

static void min_max(const float *x, long f0, long f1, float *lo, float *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (long f = f0; f < f1; f++) {
        if (x[f] < *lo) *lo = x[f];
        if (x[f] > *hi) *hi = x[f];
    }
}

/* Target filled in grey, the reconstruction's envelope over it. */
static void draw_waveform(view_scene *s, vpaint *c, const view_panel *p)
{
    double peak = s->sig->info.value_scale > 0 ? s->sig->info.value_scale : 1;
    double mid = p->y + p->h / 2.0, k = (p->h / 2.0 - 2) / peak;
    vp_fill(c, p->x, (int)mid, p->w, 1, 0x2c2c30u);
    cairo_t *cr = c->cr;
    for (int i = 0; i < p->w; i++) {   /* one column from min to max each */
        long f0, f1;
        float lo, hi;
        column_frames(s, i, p->w, &f0, &f1);
        min_max(s->tmono, f0, f1, &lo, &hi);
        cairo_rectangle(cr, p->x + i, floor(mid - hi * k), 1, floor(mid - lo * k) - floor(mid - hi * k) + 1);
    }
    vp_source(c, 0x6a6a72u);
    cairo_fill(cr);
    if (s->step < 0) return;
    /* The envelope's top and bottom edges as one-pixel column spans from
     * the previous column's row to this one's: a box path, which cairo
     * fills ~10x faster than it strokes a polyline this jagged. */
    for (int edge = 0; edge < 2; edge++) {
        double prev = 0;
        for (int i = 0; i < p->w; i++) {
            long f0, f1;
            float lo, hi;
            column_frames(s, i, p->w, &f0, &f1);
            min_max(s->rmono, f0, f1, &lo, &hi);
            double y = floor(mid - (edge ? lo : hi) * k), from = i ? prev : y;
            cairo_rectangle(cr, p->x + i, fmin(from, y), 1, fabs(y - from) + 1);
            prev = y;
        }
    }
    vp_source(c, VIEW_ACCENT);
    cairo_fill(cr);
}

static float draw_error(view_scene *s, vpaint *c, const view_panel *p)
{
    float emax = 0;
    for (long f = 0; f < s->alen; f++) emax = fmaxf(emax, fabsf(s->rmono[f] - s->tmono[f]));
    double mid = p->y + p->h / 2.0, k = (p->h / 2.0 - 2) / (emax > 0 ? emax : 1);
    vp_fill(c, p->x, (int)mid, p->w, 1, 0x2c2c30u);
    for (int i = 0; i < p->w; i++) {
        long f0, f1;
        column_frames(s, i, p->w, &f0, &f1);
        float lo = INFINITY, hi = -INFINITY;
        for (long f = f0; f < f1; f++) {
            float e = s->rmono[f] - s->tmono[f];
            lo = fminf(lo, e);
            hi = fmaxf(hi, e);
        }
        cairo_rectangle(c->cr, p->x + i, floor(mid - hi * k), 1, floor(mid - lo * k) - floor(mid - hi * k) + 1);
    }
    vp_source(c, 0xe8604cu);
    cairo_fill(c->cr);
    return emax;
}

/* A curve of v (n samples) on its own range into rows of p. */
static void curve(vpaint *c, const view_panel *p, const float *v, int n, uint32_t colour, float *lo,
                  float *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i])) {
            *lo = fminf(*lo, v[i]);
            *hi = fmaxf(*hi, v[i]);
        }
    if (!(*lo <= *hi)) return;
    double span = *hi > *lo ? *hi - *lo : 1;
    int open = 0;
    for (int i = 0; i < n; i++) {
        if (!isfinite(v[i])) {
            open = 0;
            continue;
        }
        double x = p->x + (n > 1 ? (double)i * (p->w - 1) / (n - 1) : 0) + 0.5;
        double y = p->y + p->h - 3 - (v[i] - *lo) / span * (p->h - 6) + 0.5;
        if (open) cairo_line_to(c->cr, x, y);
        else cairo_move_to(c->cr, x, y);
        open = 1;
    }
    vp_source(c, colour);
    cairo_stroke(c->cr);
}

/* Hz of an NSTR frequency in rad/unit: a unit spans (N-1)/2 samples. */
static double nu_hz(const view_scene *s, double nu)
{
    long n = s->sig->n_points > 1 ? s->sig->n_points : 2;
    return nu / (M_PI * (n - 1)) * s->sig->info.sample_rate;
}

static void draw_field(view_scene *s, vpaint *c, const view_panel *p, const view_status *st,
                       char *title, size_t tn)
{
    view_field_mode mode = s->modes[s->mode];
    if (mode == FIELD_CURVE) {
        view_curve(c, p, st, s);
        snprintf(title, tn, "PSNR and loss vs step (training batch)");
        return;
    }
    if (!s->fields_ok) {
        snprintf(title, tn, "field");
        return;
    }
    int an = s->an;
    if (mode == FIELD_FLOW) {
        float lo, hi, flo, fhi;
        curve(c, p, s->field, an, VIEW_CURVE, &lo, &hi);
        curve(c, p, s->field2, an, VIEW_ACCENT, &flo, &fhi);
        snprintf(title, tn,
                 "%s: local frequency nu(t) (green) %.0f-%.0f Hz, transport flow (orange)",
                 inr_model_name(s->model.cfg.kind), nu_hz(s, lo), nu_hz(s, hi));
    } else if (mode == FIELD_LEVELS) {
        int L = s->model.grid.levels;
        for (int l = 0; l < L; l++) {
            float lo = INFINITY, hi = -INFINITY;
            for (int i = 0; i < an; i++) {
                lo = fminf(lo, s->field[(size_t)i * L + l]);
                hi = fmaxf(hi, s->field[(size_t)i * L + l]);
            }
            int top = p->y + l * p->h / L, bottom = p->y + (l + 1) * p->h / L;
            vp_scalar(c, s->field + l, (size_t)L, 1, an, lo, hi, COLORMAP_VIRIDIS, p->x, top, p->w,
                      bottom - top);
        }
        snprintf(title, tn, "%s: |features| per grid level (level 0 at the top), each on its range",
                 inr_model_name(s->model.cfg.kind));
    } else {
        /* Reference ticks (dim, top third) joined to where u_S sends them. */
        double c0 = s->acoords[0], c1 = an > 1 ? s->acoords[an - 1] : c0 + 1;
        double k = (p->w - 1) / (c1 > c0 ? c1 - c0 : 1);
        for (int t = 0; t < 48; t++) {
            int i = (int)((long)t * (an - 1) / 47);
            double xr = p->x + (s->acoords[i] - c0) * k, xu = p->x + (s->field2[i] - c0) * k;
            vp_line(c, xr, p->y, xr, p->y + p->h / 3.0, 0x6a6a72u);
            vp_line(c, xr, p->y + p->h / 3.0, xu, p->y + p->h - 1, VIEW_ACCENT);   /* 48 of each: cheap */
        }
        snprintf(title, tn, "%s: warp, grid ticks t (top) to u_S(t) (bottom)",
                 inr_model_name(s->model.cfg.kind));
    }
}

static void hover(view_scene *s, int k, const view_panel *p)
{
    if (s->mouse_x < p->x || s->mouse_y < p->y || s->mouse_x >= p->x + p->w || s->mouse_y >= p->y + p->h)
        return;
    int rate = s->sig->info.sample_rate > 0 ? s->sig->info.sample_rate : 1;
    long f0, f1;
    column_frames(s, s->mouse_x - p->x, p->w, &f0, &f1);
    double t = (double)(s->a0 + f0) / rate;
    if (k <= 1) {
        snprintf(s->hover, sizeof s->hover, "t %.4f s (frame %ld) | target %.4f | reconstruction %.4f | error %.4f",
                 t, s->a0 + f0, s->tmono[f0], s->step >= 0 ? s->rmono[f0] : NAN,
                 s->step >= 0 ? s->rmono[f0] - s->tmono[f0] : NAN);
    } else if (k <= 3) {
        int f = (s->mouse_x - p->x) * s->nframes / p->w, row = (s->mouse_y - p->y) * s->nfreq / p->h;
        double hz = (double)(s->nfreq - 1 - row) * rate / s->win;
        size_t i = (size_t)row * s->nframes + f;
        snprintf(s->hover, sizeof s->hover, "t %.4f s, %.0f Hz | target %.1f dB | reconstruction %.1f dB",
                 (double)(s->a0 + (long)f * s->hop) / rate, hz, s->tgram[i] - s->gram_ref,
                 s->rgram[i] - s->gram_ref);
    } else if (s->fields_ok && s->modes[s->mode] != FIELD_CURVE) {
        int i = (int)((long)(s->mouse_x - p->x) * s->an / p->w);
        view_field_mode m = s->modes[s->mode];
        if (m == FIELD_FLOW)
            snprintf(s->hover, sizeof s->hover, "t %.4f s | local frequency nu %.4g rad/unit = %.1f Hz | flow %.3g",
                     t, s->field[i], nu_hz(s, s->field[i]), s->field2[i]);
        else if (m == FIELD_WARP)
            snprintf(s->hover, sizeof s->hover, "t %.4f s | x %.5f -> u_S %.5f", t, s->acoords[i], s->field2[i]);
        else {
            int L = s->model.grid.levels, l = (s->mouse_y - p->y) * L / p->h;
            snprintf(s->hover, sizeof s->hover, "t %.4f s | grid level %d: |features| %.4g", t, l,
                     s->field[(size_t)i * L + l]);
        }
    }
}

static void vaudio_draw(view_scene *s, vpaint *c, const view_status *st)
{
    view_panel p[5];
    int n = vaudio_layout(s, p);
    char title[200];
    int rate = s->sig->info.sample_rate > 0 ? s->sig->info.sample_rate : 1;
    int ready = s->a_loadedn == s->alen;
    for (int j = 0; j < n; j++) {
        int k = s->solo ? s->solo - 1 : j;
        view_panel *q = &p[j];
        vp_fill(c, q->x, q->y, q->w, q->h, VIEW_PANEL_BG);
        title[0] = '\0';
        if (!ready && k != 4) {
            vp_text(c, q->x + 8, q->y + 8, "waiting for the first snapshot", VIEW_DIM);
            view_title(c, q, NAMES[k]);
            continue;
        }
        switch (k) {
        case 0:
            draw_waveform(s, c, q);
            snprintf(title, sizeof title, "waveform %.3f-%.3f s of %.3f s: target (grey), reconstruction"
                     " (orange)%s", (double)s->a0 / rate, (double)(s->a0 + s->alen) / rate,
                     (double)s->sig->n_points / rate, s->step >= 0 ? "" : " - waiting");
            if (s->step >= 0)
                snprintf(title + strlen(title), sizeof title - strlen(title), ", PSNR %.2f dB", s->psnr);
            break;
        case 1:
            if (s->step >= 0) {
                float e = draw_error(s, c, q);
                snprintf(title, sizeof title, "error (reconstruction - target), +-%.3g = %.2f%% of the peak", e,
                         100.0 * e / (s->sig->info.value_scale > 0 ? s->sig->info.value_scale : 1));
            } else {
                snprintf(title, sizeof title, "error");
            }
            break;
        case 2: case 3:
            if (k == 2 || s->step >= 0)
                vp_scalar(c, k == 2 ? s->tgram : s->rgram, 1, s->nfreq, s->nframes, s->gram_ref - SPEC_DB,
                          s->gram_ref, COLORMAP_INFERNO, q->x, q->y, q->w, q->h);
            view_bar(c, s, q, COLORMAP_INFERNO, -SPEC_DB, 0, "dB");
            snprintf(title, sizeof title, "spectrogram: %s, 0-%d Hz",
                     k == 2 ? "target" : "reconstruction", rate / 2);
            break;
        default:
            draw_field(s, c, q, st, title, sizeof title);
            break;
        }
        view_title(c, q, title);
        if (s->step >= 0 || k == 0) hover(s, k, q);
    }
}

const view_panel_set view_audio_panels = {
    .panels = 5,
    .layout = vaudio_layout,
    .size = vaudio_size,
    .update = vaudio_update,
    .draw = vaudio_draw,
    .free = vaudio_free,
    .key = vaudio_key,
};
