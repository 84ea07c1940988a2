/* view_image.c - the viewer's panels for images: target, reconstruction,
 * |error|, centred log spectra of both, and the field panel (NSTR local
 * frequency with flow arrows, HC-INR warped grid, hash-grid levels, or the
 * PSNR and loss curves). Evaluation runs on the window thread alone (1 thread). */
#include "view_scene_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "metrics.h"
#include "spectral.h"
#include "trainer.h"

/* |error| shown from black (0) to the top of inferno at ERROR_MAX (on the
 * [0,1] pixel scale): a fixed scale, so the panel darkens as the fit improves. */
#define ERROR_MAX 0.25f
/* Cells are never smaller than this, so narrow images keep readable panels. */
enum { CELL_MIN = 96 };

/* Size of one cell: the image fitted into side x side, at least CELL_MIN. */
static void cell_size(const view_scene *s, int *cw, int *ch)
{
    long H = s->sig->info.height, W = s->sig->info.width;
    double k = (double)s->side / (H > W ? H : W);
    *cw = (int)lround(W * k);
    *ch = (int)lround(H * k);
    if (*cw < CELL_MIN) *cw = CELL_MIN;
    if (*ch < CELL_MIN) *ch = CELL_MIN;
}

static void vimage_size(const view_scene *s, int *w, int *h)
{
    int cw, ch;
    cell_size(s, &cw, &ch);
    *w = 3 * (cw + view_bar_w(s)) + 4 * VIEW_GAP;
    *h = VIEW_GAP + 2 * (view_title_h(s) + ch + VIEW_GAP) + view_status_h(s);
}

/* The image fitted into (bw, bh), top-left aligned. */
static view_panel fitted(const view_scene *s, const char *name, int x, int y, int bw, int bh)
{
    long H = s->sig->info.height, W = s->sig->info.width;
    double k = fmin((double)bw / W, (double)bh / H);
    view_panel p = { name, x, y, (int)lround(W * k), (int)lround(H * k) };
    if (p.w < 1) p.w = 1;
    if (p.h < 1) p.h = 1;
    return p;
}

static const char *const NAMES[6] = { "target", "reconstruction", "error",
                                      "target spectrum", "reconstruction spectrum", "field" };

/* Panel k's rectangle in the grid (or alone); each cell has room for a
 * colour bar to its right. */
static view_panel panel_rect(const view_scene *s, int k)
{
    int cw, ch, x, y, bw, bh;
    cell_size(s, &cw, &ch);
    if (s->solo) {
        x = VIEW_GAP;
        y = VIEW_GAP + view_title_h(s);
        bw = 3 * cw + 2 * VIEW_GAP + 2 * view_bar_w(s);
        bh = 2 * ch + view_title_h(s) + VIEW_GAP;
    } else {
        x = VIEW_GAP + (k % 3) * (cw + view_bar_w(s) + VIEW_GAP);
        y = VIEW_GAP + (k / 3) * (view_title_h(s) + ch + VIEW_GAP) + view_title_h(s);
        bw = cw;
        bh = ch;
    }
    view_panel p = fitted(s, NAMES[k], x, y, bw, bh);
    /* The curve and the level tiles use the whole cell. */
    if (k == 5 && (s->modes[s->mode] == FIELD_CURVE || s->modes[s->mode] == FIELD_LEVELS)) {
        p.w = bw;
        p.h = bh;
    }
    return p;
}

static int vimage_layout(const view_scene *s, view_panel *p)
{
    if (s->solo) {
        p[0] = panel_rect(s, s->solo - 1);
        return 1;
    }
    for (int k = 0; k < 6; k++) p[k] = panel_rect(s, k);
    return 6;
}

static void vimage_free(view_scene *s)
{
    free(s->ecoords);
    free(s->etarget);
    free(s->erecon);
    free(s->eerr);
    free(s->tspec);
    free(s->rspec);
    free(s->mag);
    free(s->field);
    free(s->field2);
    free(s->ptarget);
}

/* Centred log(1 + sum_c |DFT2|) of x (eh, ew, C) into out (eh, ew). */
static inr_status log_spectrum(view_scene *s, const float *x, float *out)
{
    int h = s->eh, w = s->ew, hw = w / 2 + 1;
    inr_status st = spectral_rfft2_mag_sum(x, h, w, s->C, s->mag);
    if (st) return st;
    for (int y = 0; y < h; y++) {
        int i = (y - h / 2 + h) % h;   /* fftshift: frequency 0 at (h/2, w/2) */
        for (int xx = 0; xx < w; xx++) {
            int k = (xx - w / 2 + w) % w;
            /* the other half from |F[i][k]| = |F[-i][-k]| (x is real) */
            float v = k <= w / 2 ? s->mag[(size_t)i * hw + k] : s->mag[(size_t)((h - i) % h) * hw + (w - k)];
            out[(size_t)y * w + xx] = log1pf(v);
        }
    }
    return INR_OK;
}

/* Evaluation grid of at most `side` pixels a side: the target resized to it
 * (antialiased) and the network evaluated at those pixels' centres. */
static inr_status ensure_grid(view_scene *s)
{
    view_panel big = panel_rect(s, 0);
    int display = big.w > big.h ? big.w : big.h;
    int side = s->full_res ? display : display / 2;
    long H = s->sig->info.height, W = s->sig->info.width;
    double k = fmin(1.0, (double)side / (H > W ? H : W));
    int eh = (int)lround(H * k), ew = (int)lround(W * k);
    if (eh < 1) eh = 1;
    if (ew < 1) ew = 1;
    int C = s->C;
    if (eh != s->eh || ew != s->ew || !s->ecoords) {
        size_t n = (size_t)eh * ew;
        s->eh = s->ew = 0;
        if (view_grow(&s->ecoords, n * 2) || view_grow(&s->etarget, n * C) ||
            view_grow(&s->erecon, n * C) || view_grow(&s->eerr, n) || view_grow(&s->tspec, n) ||
            view_grow(&s->rspec, n) || view_grow(&s->mag, (size_t)eh * (ew / 2 + 1)) ||
            view_grow(&s->field, n * (s->model.grid.levels > 1 ? s->model.grid.levels : 1)) ||
            view_grow(&s->field2, n * 2))
            return inr_fail(INR_ERR_NOMEM, "out of memory for the viewer's %dx%d grid", ew, eh);
        for (int r = 0; r < eh; r++) {
            double py = (r + 0.5) * H / eh - 0.5, cy = H > 1 ? -1 + 2 * py / (H - 1) : 0;
            for (int c = 0; c < ew; c++) {
                double px = (c + 0.5) * W / ew - 0.5, cx = W > 1 ? -1 + 2 * px / (W - 1) : 0;
                s->ecoords[((size_t)r * ew + c) * 2] = (float)cy;
                s->ecoords[((size_t)r * ew + c) * 2 + 1] = (float)cx;
            }
        }
        inr_status st = spectral_resize(s->sig->original, (int)H, (int)W, C, s->etarget, eh, ew);
        if (st) return st;
        s->eh = eh;
        s->ew = ew;
        if ((st = log_spectrum(s, s->etarget, s->tspec))) return st;
        s->spec_lo = INFINITY;
        s->spec_hi = -INFINITY;
        for (size_t i = 0; i < n; i++) {
            if (s->tspec[i] < s->spec_lo) s->spec_lo = s->tspec[i];
            if (s->tspec[i] > s->spec_hi) s->spec_hi = s->tspec[i];
        }
        s->fields_ok = 0;
    }
    /* The target panel: the image at the panel's size when that is smaller. */
    int th = big.h < H ? big.h : (int)H, tw = big.w < W ? big.w : (int)W;
    if (th != s->th || tw != s->tw || !s->ptarget) {
        s->th = s->tw = 0;
        if (view_grow(&s->ptarget, (size_t)th * tw * C))
            return inr_fail(INR_ERR_NOMEM, "out of memory for the target panel");
        inr_status st = spectral_resize(s->sig->original, (int)H, (int)W, C, s->ptarget, th, tw);
        if (st) return st;
        s->th = th;
        s->tw = tw;
    }
    return INR_OK;
}

static inr_status vimage_update(view_scene *s)
{
    inr_status st = ensure_grid(s);
    if (st) return st;
    long n = (long)s->eh * s->ew;
    size_t nv = (size_t)n * s->C;
    if ((st = inr_model_evaluate(&s->model, s->ecoords, n, s->erecon, 1))) return st;
    signal_to_output(&s->sig->info, s->erecon, nv);
    s->psnr = metric_psnr(metric_mse(s->erecon, s->etarget, nv), 1.0);
    for (long i = 0; i < n; i++) {
        double e = 0;
        for (int c = 0; c < s->C; c++) e += fabs(s->erecon[i * s->C + c] - s->etarget[i * s->C + c]);
        s->eerr[i] = (float)(e / s->C);
    }
    if ((st = log_spectrum(s, s->erecon, s->rspec))) return st;
    s->fields_ok = 0;
    switch (s->modes[s->mode]) {
    case FIELD_FLOW:
        if ((st = inr_model_field(&s->model, "frequency", s->ecoords, n, s->field, 1)) ||
            (st = inr_model_field(&s->model, "flow", s->ecoords, n, s->field2, 1)))
            return st;
        break;
    case FIELD_WARP:
        if ((st = inr_model_field(&s->model, "warp", s->ecoords, n, s->field2, 1))) return st;
        break;
    case FIELD_LEVELS:
        if ((st = inr_model_field(&s->model, "levels", s->ecoords, n, s->field, 1))) return st;
        break;
    case FIELD_CURVE:
        break;
    }
    s->fields_ok = 1;
    return INR_OK;
}

/* Finite min and max of v[i*stride], i < n (0, 1 when none or flat). */
static void range_of(const float *v, size_t n, size_t stride, float *lo, float *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        float x = v[i * stride];
        if (isfinite(x)) {
            if (x < *lo) *lo = x;
            if (x > *hi) *hi = x;
        }
    }
    if (!(*lo <= *hi)) { *lo = 0; *hi = 1; }
    if (*hi <= *lo) *hi = *lo + 1;
}

/* Grid index under window pixel (mx, my) of panel p, or -1. */
static long grid_index(const view_scene *s, const view_panel *p, int mx, int my)
{
    if (mx < p->x || my < p->y || mx >= p->x + p->w || my >= p->y + p->h) return -1;
    long r = (long)(my - p->y) * s->eh / p->h, c = (long)(mx - p->x) * s->ew / p->w;
    return r * s->ew + c;
}

static void values_text(const float *v, int C, char *buf, size_t n)
{
    if (C >= 3) snprintf(buf, n, "%.3f %.3f %.3f", v[0], v[1], v[2]);
    else snprintf(buf, n, "%.3f", v[0]);
}

/* NSTR: nu(x) colour-mapped, flow arrows on a grid of cells over it. */
static void draw_flow(view_scene *s, vpaint *c, const view_panel *p, char *title, size_t tn)
{
    size_t n = (size_t)s->eh * s->ew;
    float lo, hi;
    range_of(s->field, n, 1, &lo, &hi);
    vp_scalar(c, s->field, 1, s->eh, s->ew, lo, hi, COLORMAP_VIRIDIS, p->x, p->y, p->w, p->h);
    int cell = (p->w < p->h ? p->w : p->h) / 14;
    if (cell < 10) cell = 10;
    double vmax = 0;
    for (int y = cell / 2; y < p->h; y += cell)
        for (int x = cell / 2; x < p->w; x += cell) {
            long i = grid_index(s, p, p->x + x, p->y + y);
            double len = hypot(s->field2[2 * i], s->field2[2 * i + 1]);
            if (isfinite(len) && len > vmax) vmax = len;
        }
    double k = vmax > 0 ? 0.85 * cell / vmax : 0;
    for (int y = cell / 2; y < p->h; y += cell)
        for (int x = cell / 2; x < p->w; x += cell) {
            long i = grid_index(s, p, p->x + x, p->y + y);
            const float *v = s->field2 + 2 * i;   /* v0 along rows, v1 along columns */
            vp_arrow(c, p->x + x, p->y + y, p->x + x + k * v[1], p->y + y + k * v[0], 0xffffffu);
        }
    view_bar(c, s, p, COLORMAP_VIRIDIS, lo, hi, "rad/u");
    snprintf(title, tn, "%s: local frequency nu(x) + flow", inr_model_name(s->model.cfg.kind));
}

/* HC-INR: grid lines of the domain (dim) and the same lines through the
 * warp u_S (bright), both scaled by their joint bounding box. */
static void draw_warp(view_scene *s, vpaint *c, const view_panel *p, char *title, size_t tn)
{
    size_t n = (size_t)s->eh * s->ew;
    float lo0, hi0, lo1, hi1, a, b;
    range_of(s->field2, n, 2, &lo0, &hi0);
    range_of(s->field2 + 1, n, 2, &lo1, &hi1);
    range_of(s->ecoords, n, 2, &a, &b);
    lo0 = fminf(lo0, a);
    hi0 = fmaxf(hi0, b);
    range_of(s->ecoords + 1, n, 2, &a, &b);
    lo1 = fminf(lo1, a);
    hi1 = fmaxf(hi1, b);
    vp_fill(c, p->x, p->y, p->w, p->h, VIEW_PANEL_BG);
    double m = 4, sy = (p->h - 1 - 2 * m) / (hi0 - lo0), sx = (p->w - 1 - 2 * m) / (hi1 - lo1);
    int ey = s->eh, ex = s->ew, stepy = ey / 16 > 1 ? ey / 16 : 1, stepx = ex / 16 > 1 ? ex / 16 : 1;
    cairo_t *cr = c->cr;
    cairo_save(cr);
    cairo_rectangle(cr, p->x, p->y, p->w, p->h);
    cairo_clip(cr);
    for (int pass = 0; pass < 2; pass++) {
        const float *u = pass ? s->field2 : s->ecoords;
        double lim = 4.0 * (c->w + c->h);
        /* rows then columns of the grid, each one path; a far-off or
         * non-finite point (a diverging warp) breaks its line */
        for (int dir = 0; dir < 2; dir++) {
            int lines = dir ? ex : ey, along = dir ? ey : ex, every = dir ? stepx : stepy;
            for (int l = 0; l < lines; l += every) {
                int open = 0;
                for (int j = 0; j < along; j++) {
                    size_t i = dir ? (size_t)j * ex + l : (size_t)l * ex + j;
                    double x = p->x + m + (u[2 * i + 1] - lo1) * sx + 0.5, y = p->y + m + (u[2 * i] - lo0) * sy + 0.5;
                    if (!(fabs(x) <= lim && fabs(y) <= lim)) {
                        open = 0;
                        continue;
                    }
                    if (open) cairo_line_to(cr, x, y);
                    else cairo_move_to(cr, x, y);
                    open = 1;
                }
            }
        }
        uint32_t col = pass ? VIEW_ACCENT : 0x45454du;
        vp_source(c, col);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
    snprintf(title, tn, "%s: warp u_S(x) of the grid", inr_model_name(s->model.cfg.kind));
}

/* Hash grid: one tile per level, each on its own range. */
static void draw_levels(view_scene *s, vpaint *c, const view_panel *p, char *title, size_t tn,
                        int *hover_level)
{
    int L = s->model.grid.levels, cols = (int)ceil(sqrt((double)L)), rows = (L + cols - 1) / cols;
    int gap = 2, bw = (p->w - (cols - 1) * gap) / cols, bh = (p->h - (rows - 1) * gap) / rows;
    vp_fill(c, p->x, p->y, p->w, p->h, VIEW_BG);
    size_t n = (size_t)s->eh * s->ew;
    *hover_level = -1;
    for (int l = 0; l < L; l++) {
        view_panel t = fitted(s, "", p->x + (l % cols) * (bw + gap), p->y + (l / cols) * (bh + gap), bw, bh);
        float lo, hi;
        range_of(s->field + l, n, (size_t)L, &lo, &hi);
        vp_scalar(c, s->field + l, (size_t)L, s->eh, s->ew, lo, hi, COLORMAP_VIRIDIS, t.x, t.y, t.w, t.h);
        char label[16];
        snprintf(label, sizeof label, "%d", l);
        vp_text(c, t.x + 2, t.y + 1, label, 0xffffffu);
        if (s->mouse_x >= t.x && s->mouse_x < t.x + t.w && s->mouse_y >= t.y && s->mouse_y < t.y + t.h) {
            long i = grid_index(s, &t, s->mouse_x, s->mouse_y);
            snprintf(s->hover, sizeof s->hover, "grid level %d (resolution %d): |features| %.4g"
                     " (tile range %.3g-%.3g)", l, s->model.grid.res[l], s->field[(size_t)i * L + l], lo, hi);
            *hover_level = l;
        }
    }
    snprintf(title, tn, "%s: |features| per grid level, each on its range",
             inr_model_name(s->model.cfg.kind));
}

static void hover_text(view_scene *s, int k, const view_panel *p)
{
    long i = grid_index(s, p, s->mouse_x, s->mouse_y);
    if (i < 0 || s->step < 0) return;
    long H = s->sig->info.height, W = s->sig->info.width;
    long py = (long)(s->mouse_y - p->y) * H / p->h, px = (long)(s->mouse_x - p->x) * W / p->w;
    int C = s->C;
    char a[64], b[64];
    switch (k) {
    case 0: case 1: case 2:
        values_text(s->etarget + i * C, C, a, sizeof a);
        values_text(s->erecon + i * C, C, b, sizeof b);
        snprintf(s->hover, sizeof s->hover, "pixel x %ld y %ld | target %s | reconstruction %s | |error| %.4f",
                 px, py, a, b, s->eerr[i]);
        break;
    case 3: case 4: {
        long fy = i / s->ew - s->eh / 2, fx = i % s->ew - s->ew / 2;
        snprintf(s->hover, sizeof s->hover, "frequency (x %ld, y %ld) cycles/image | log|F| target %.2f,"
                 " reconstruction %.2f", fx, fy, s->tspec[i], s->rspec[i]);
        break;
    }
    default:
        if (s->modes[s->mode] == FIELD_FLOW) {
            /* a unit of x spans (W-1)/2 pixels, so cycles/px = nu / (pi (W-1)) */
            double nu = s->field[i];
            snprintf(s->hover, sizeof s->hover, "pixel x %ld y %ld | local frequency nu %.4g rad/unit"
                     " = %.4f cycles/px | flow (%.3g, %.3g)", px, py, nu,
                     nu / (M_PI * (double)((W > H ? W : H) - 1 > 0 ? (W > H ? W : H) - 1 : 1)),
                     s->field2[2 * i + 1], s->field2[2 * i]);
        } else if (s->modes[s->mode] == FIELD_WARP) {
            snprintf(s->hover, sizeof s->hover, "warp: x (%.3f, %.3f) -> u_S (%.3f, %.3f)",
                     s->ecoords[2 * i + 1], s->ecoords[2 * i], s->field2[2 * i + 1], s->field2[2 * i]);
        }
        break;
    }
}

static void vimage_draw(view_scene *s, vpaint *c, const view_status *st)
{
    view_panel p[6];
    int n = vimage_layout(s, p);
    char title[160];
    for (int j = 0; j < n; j++) {
        int k = s->solo ? s->solo - 1 : j;
        view_panel *q = &p[j];
        vp_fill(c, q->x, q->y, q->w, q->h, VIEW_PANEL_BG);
        title[0] = '\0';
        int ready = s->step >= 0 && s->eh > 0;
        switch (k) {
        case 0:
            if (s->ptarget) vp_image(c, s->ptarget, s->th, s->tw, s->C, q->x, q->y, q->w, q->h);
            snprintf(title, sizeof title, "target %ldx%ld", s->sig->info.width, s->sig->info.height);
            break;
        case 1:
            if (ready) vp_image(c, s->erecon, s->eh, s->ew, s->C, q->x, q->y, q->w, q->h);
            snprintf(title, sizeof title, ready ? "reconstruction %dx%d %.2f dB" : "reconstruction",
                     s->ew, s->eh, s->psnr);
            break;
        case 2:
            if (ready)
                vp_scalar(c, s->eerr, 1, s->eh, s->ew, 0, ERROR_MAX, COLORMAP_INFERNO, q->x, q->y, q->w, q->h);
            view_bar(c, s, q, COLORMAP_INFERNO, 0, ERROR_MAX, "");
            snprintf(title, sizeof title, "|error| (mean over channels)");
            break;
        case 3: case 4:
            if (ready)
                vp_scalar(c, k == 3 ? s->tspec : s->rspec, 1, s->eh, s->ew, s->spec_lo, s->spec_hi,
                          COLORMAP_VIRIDIS, q->x, q->y, q->w, q->h);
            if (s->eh > 0) view_bar(c, s, q, COLORMAP_VIRIDIS, s->spec_lo, s->spec_hi, "");
            snprintf(title, sizeof title, "log(1+|F|): %s", k == 3 ? "target" : "reconstruction");
            break;
        default: {
            view_field_mode mode = s->modes[s->mode];
            int level = -1;
            if (mode == FIELD_CURVE) {
                view_curve(c, q, st, s);
                snprintf(title, sizeof title, "PSNR and loss vs step (training batch)");
            } else if (!ready || !s->fields_ok) {
                snprintf(title, sizeof title, "field");
            } else if (mode == FIELD_FLOW) {
                draw_flow(s, c, q, title, sizeof title);
            } else if (mode == FIELD_WARP) {
                draw_warp(s, c, q, title, sizeof title);
            } else {
                draw_levels(s, c, q, title, sizeof title, &level);
            }
            break;
        }
        }
        if (!(s->step >= 0) && k != 0 && !(k == 5 && s->modes[s->mode] == FIELD_CURVE))
            vp_text(c, q->x + 8, q->y + 8, "waiting for the first snapshot", VIEW_DIM);
        view_title(c, q, title);
        if (k != 5 || s->modes[s->mode] == FIELD_FLOW || s->modes[s->mode] == FIELD_WARP)
            if (s->fields_ok || k != 5) hover_text(s, k, q);
    }
}

const view_panel_set view_image_panels = {
    .panels = 6,
    .layout = vimage_layout,
    .size = vimage_size,
    .update = vimage_update,
    .draw = vimage_draw,
    .free = vimage_free,
};
