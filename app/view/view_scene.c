/* view_scene.c - the parts of the viewer's scene common to images and
 * sounds (view_scene.h): the parameter snapshot, keys, mouse, status bar,
 * PSNR and loss curves and help overlay. */
#include "view_scene_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* What a field view shows, in a word (view_keys_help). */
static const char *const VIEW_WORD[] = {
    [INR_FIELD_VIEW_LEVELS] = "levels",
    [INR_FIELD_VIEW_FLOW] = "flow",
    [INR_FIELD_VIEW_WARP] = "warp",
};

void view_keys_help(char *out, size_t n)
{
    /* The kinds with a field of their own, from their descriptors. */
    char fields[256] = "";
    size_t len = 0;
    for (inr_model_kind k = 0; len < sizeof fields && (k = inr_kind_next(k));) {
        inr_field_view v = inr_kind_field_view(k);
        if (v == INR_FIELD_VIEW_NONE || (size_t)v >= sizeof VIEW_WORD / sizeof *VIEW_WORD) continue;
        int w = snprintf(fields + len, sizeof fields - len, "%s%s %s", len ? ", " : "",
                         inr_model_name(k), VIEW_WORD[v]);
        len += w > 0 ? (size_t)w : 0;
    }
    snprintf(out, n,
             "space      pause / resume the fit\n"
             "s          save a checkpoint and a screenshot (PREFIX.stepN.inr, PREFIX.viewN.png)\n"
             "q, Esc     stop the fit here (its outputs are still written) and close\n"
             "f          next field panel: the model's field or the PSNR and loss\n"
             "           curves (fields: %s)\n"
             "1-6, 0     show panel N alone; 0 every panel\n"
             "+, -       zoom: larger / smaller panels\n"
             "e          evaluate at full panel resolution (default: half, cheaper)\n"
             "t, r       audio: play the target / the reconstruction of the excerpt\n"
             "Left/Right audio: move the excerpt; Up/Down: shorter / longer excerpt\n"
             "h          this help on the window\n"
             "mouse      hover a panel: the values under it (a field's too)\n",
             fields[0] ? fields : "none");
}

/* The panel sets, one per signal kind (inr_signal_kind). */
static const view_panel_set *const PANEL_SETS[] = {
    [INR_SIGNAL_IMAGE] = &view_image_panels,
    [INR_SIGNAL_AUDIO] = &view_audio_panels,
};

int view_grow(float **buf, size_t n)
{
    float *p = realloc(*buf, (n ? n : 1) * sizeof(float));
    if (!p) return -1;
    *buf = p;
    return 0;
}

inr_status view_scene_create(view_scene **out, const inr_config *cfg, const signal_data *sig,
                             int panel_side)
{
    *out = NULL;
    inr_signal_kind kind = sig->info.kind;
    const view_panel_set *set =
        kind > 0 && (size_t)kind < sizeof PANEL_SETS / sizeof PANEL_SETS[0] ? PANEL_SETS[kind] : NULL;
    if (!set) return inr_fail(INR_ERR_INVALID, "the viewer shows images and sounds only");
    view_scene *s = calloc(1, sizeof *s);
    if (!s) return inr_fail(INR_ERR_NOMEM, "out of memory for the viewer");
    inr_status st = inr_model_create(&s->model, cfg);
    if (st) {
        free(s);
        return st;
    }
    s->sig = sig;
    s->set = set;
    s->image = kind == INR_SIGNAL_IMAGE;
    s->C = sig->info.channels;
    s->side = panel_side < VIEW_PANEL_MIN ? VIEW_PANEL_MIN
              : panel_side > VIEW_PANEL_MAX ? VIEW_PANEL_MAX : panel_side;
    s->step = -1;
    s->psnr = NAN;
    s->mouse_x = s->mouse_y = -1;
    /* The model's own field first when it has one, the curve always. */
    inr_field_view own = inr_kind_field_view(cfg->kind);
    if (own != INR_FIELD_VIEW_NONE) s->modes[s->n_modes++] = (view_field_mode)own;
    s->modes[s->n_modes++] = FIELD_CURVE;
    s->alen = sig->n_points < VIEW_AUDIO_DEFAULT ? sig->n_points : VIEW_AUDIO_DEFAULT;
    *out = s;
    return INR_OK;
}

void view_scene_free(view_scene *s)
{
    if (!s) return;
    s->set->free(s);
    inr_model_free(&s->model);
    free(s);
}

inr_status view_scene_update(view_scene *s, const float *params, long step)
{
    memcpy(s->model.params, params, s->model.n_params * sizeof(float));
    s->step = step;
    return s->set->update(s);
}

long view_scene_step(const view_scene *s) { return s->step; }
double view_scene_psnr(const view_scene *s) { return s->psnr; }
const inr_model *view_scene_model(const view_scene *s) { return &s->model; }

void view_scene_size(const view_scene *s, int *w, int *h)
{
    s->set->size(s, w, h);
}

int view_scene_panels(const view_scene *s, view_panel *out, int max)
{
    view_panel p[VIEW_MAX_PANELS];
    int n = s->set->layout(s, p);
    if (n > max) n = max;
    memcpy(out, p, (size_t)n * sizeof *p);
    return n;
}

int view_hit(const view_scene *s, const view_panel *p, int n)
{
    for (int i = 0; i < n; i++)
        if (s->mouse_x >= p[i].x && s->mouse_x < p[i].x + p[i].w && s->mouse_y >= p[i].y &&
            s->mouse_y < p[i].y + p[i].h)
            return i;
    return -1;
}

void view_scene_mouse(view_scene *s, int x, int y)
{
    s->mouse_x = x;
    s->mouse_y = y;
}

int view_scene_key(view_scene *s, int key)
{
    int panels = s->set->panels;
    switch (key) {
    case 'f':
        s->mode = (s->mode + 1) % s->n_modes;
        s->fields_ok = 0;
        return VIEW_KEY_EVALUATE;
    case 'e':
        s->full_res = !s->full_res;
        return VIEW_KEY_EVALUATE;
    case '+': case '=':
    case '-': case '_': {
        int side = s->side + (key == '+' || key == '=' ? 64 : -64);
        if (side < VIEW_PANEL_MIN || side > VIEW_PANEL_MAX) return VIEW_KEY_IGNORED;
        s->side = side;
        return VIEW_KEY_EVALUATE;
    }
    case 'h':
        s->help = !s->help;
        return VIEW_KEY_REDRAW;
    default:
        if (key >= '0' && key <= '0' + panels) {
            s->solo = key - '0';
            return VIEW_KEY_EVALUATE;   /* the solo panel may want a larger picture */
        }
        return s->set->key ? s->set->key(s, key) : VIEW_KEY_IGNORED;
    }
}

void view_title(vpaint *c, const view_panel *p, const char *text)
{
    vp_text(c, p->x, p->y - c->text - 2, text, VIEW_TEXT);
}

void view_bar(vpaint *c, const view_scene *s, const view_panel *p, colormap_kind map, double lo,
              double hi, const char *unit)
{
    int t = view_text_px(s->side);
    vp_colour_bar(c, p->x + p->w + t / 2, p->y, t * 3 / 4, p->h, map, lo, hi, unit);
}

/* "1.23k" style numbers for axis labels. */
static void short_number(double v, char *buf, size_t n)
{
    if (fabs(v) >= 1e6) snprintf(buf, n, "%.3gM", v / 1e6);
    else if (fabs(v) >= 1e4) snprintf(buf, n, "%.3gk", v / 1e3);
    else snprintf(buf, n, "%.4g", v);
}

/* Decades [*lo, *hi] (powers of ten, at least one apart) around the finite
 * positive values of v; 0 when there are none. */
static int log_range(const float *v, int n, double *lo, double *hi)
{
    double a = INFINITY, b = 0;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i]) && v[i] > 0) {
            a = fmin(a, v[i]);
            b = fmax(b, v[i]);
        }
    if (!(b > 0)) return 0;
    *lo = floor(log10(a));
    *hi = ceil(log10(b));
    if (*hi <= *lo) *hi = *lo + 1;
    return 1;
}

/* One curve of v against the steps in the plot box; y maps a value to a
 * pixel row (NAN: skipped). At most one vertex per CURVE_PX columns (the
 * mean row of the points there): cairo's stroke costs ~4 us a vertex, and
 * the live redraws should stay cheap with HIST_MAX points. */
enum { CURVE_PX = 2 };
static void plot(vpaint *c, const view_status *st, const float *v, double ox, double pw, double x_max,
                 double (*y)(double v, const double *k), const double *k, uint32_t colour)
{
    int open = 0, bucket = -1, count = 0;
    double sum = 0;
    for (int i = 0; i <= st->hist_n; i++) {
        double row = i < st->hist_n ? y(v[i], k) : NAN;
        int b = i < st->hist_n ? (int)(st->hist_step[i] / x_max * pw / CURVE_PX) : -2;
        if (count && (b != bucket || !isfinite(row))) {   /* the finished column */
            double x = ox + (bucket + 0.5) * CURVE_PX;
            if (open) cairo_line_to(c->cr, x, sum / count);
            else cairo_move_to(c->cr, x, sum / count);
            open = 1;
            count = 0;
            sum = 0;
        }
        if (!isfinite(row)) {
            open = 0;
            continue;
        }
        bucket = b;
        sum += row;
        count++;
    }
    vp_source(c, colour);
    cairo_set_line_width(c->cr, 1.5);
    cairo_stroke(c->cr);
    cairo_set_line_width(c->cr, 1);
}

/* k: plot bottom, height, lo, hi (dB, or decades of the loss). */
static double psnr_row(double v, const double *k)
{
    return isfinite(v) ? k[0] - (v - k[2]) / (k[3] - k[2]) * k[1] : NAN;
}

static double loss_row(double v, const double *k)
{
    return isfinite(v) && v > 0 ? k[0] - (log10(v) - k[2]) / (k[3] - k[2]) * k[1] : NAN;
}

/* The training batch's PSNR in dB (left axis) and its loss on a log scale
 * (right axis, orange) against the step. */
void view_curve(vpaint *c, const view_panel *p, const view_status *st, view_scene *s)
{
    vp_fill(c, p->x, p->y, p->w, p->h, VIEW_PANEL_BG);
    int n = st ? st->hist_n : 0;
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < n; i++)
        if (isfinite(st->hist_psnr[i])) {
            if (st->hist_psnr[i] < lo) lo = st->hist_psnr[i];
            if (st->hist_psnr[i] > hi) hi = st->hist_psnr[i];
        }
    if (!(lo <= hi)) {
        vp_text(c, p->x + 8, p->y + 8, "no steps yet", VIEW_DIM);
        return;
    }
    /* Whole dB around the range, four equal steps, at least 4 dB tall. */
    lo = floor(lo);
    hi = lo + 4 * ceil((ceil(hi) - lo) / 4);
    if (hi - lo < 4) hi = lo + 4;
    double llo = 0, lhi = 0;
    int has_loss = st->hist_loss && log_range(st->hist_loss, n, &llo, &lhi);
    double x_max = st->total > 0 ? st->total : st->hist_step[n - 1];
    if (x_max < 1) x_max = 1;
    double t = c->text, lh = vp_line_height(c);
    int left = (int)(2.4 * t + lh), right = has_loss ? (int)(2.8 * t) : 8, bottom = (int)(2 * lh) + 2;
    int pw = p->w - left - right, ph = p->h - bottom - 6;
    if (pw < 8 || ph < 8) return;
    int ox = p->x + left, oy = p->y + 6;
    char buf[64];
    for (int k = 0; k <= 4; k++) {   /* horizontal grid lines, dB labels */
        int y = oy + ph - k * ph / 4;
        vp_fill(c, ox, y, pw, 1, 0x2c2c30u);
        snprintf(buf, sizeof buf, "%.0f", lo + (hi - lo) * k / 4);
        vp_text(c, ox - vp_text_width(c, buf, 0) - 3, y - lh / 2, buf, VIEW_CURVE);
    }
    vp_text_up(c, p->x + lh / 2 + 1, oy + ph / 2.0, "PSNR (dB)", VIEW_CURVE);
    vp_text(c, ox, oy + ph + 2, "0", VIEW_DIM);
    short_number(x_max, buf, sizeof buf);
    vp_text(c, ox + pw - vp_text_width(c, buf, 0), oy + ph + 2, buf, VIEW_DIM);
    vp_text(c, ox + (pw - vp_text_width(c, "step", 0)) / 2, oy + ph + 2 + lh - 2, "step", VIEW_DIM);
    double kp[4] = { oy + ph, ph, lo, hi }, kl[4] = { oy + ph, ph, llo, lhi };
    if (has_loss) {   /* a label per decade (every other one when many) */
        int every = lhi - llo > 6 ? 2 : 1;
        for (double d = llo; d <= lhi; d += every) {
            double y = loss_row(pow(10, d), kl);
            snprintf(buf, sizeof buf, "1e%.0f", d);
            vp_text(c, ox + pw + 4, y - lh / 2, buf, VIEW_ACCENT);
        }
        plot(c, st, st->hist_loss, ox, pw, x_max, loss_row, kl, VIEW_ACCENT);
    }
    plot(c, st, st->hist_psnr, ox, pw, x_max, psnr_row, kp, VIEW_CURVE);
    /* top left, where the PSNR rises away from: the last values */
    snprintf(buf, sizeof buf, "%.2f dB", st->hist_psnr[n - 1]);
    vp_text(c, ox + 4, oy + 3, buf, VIEW_CURVE);
    if (has_loss) {
        snprintf(buf, sizeof buf, "loss %.3g (log)", st->hist_loss[n - 1]);
        vp_text(c, ox + 4, oy + 3 + lh, buf, VIEW_ACCENT);
    }
    if (s && s->mouse_x >= ox && s->mouse_x < ox + pw && s->mouse_y >= p->y && s->mouse_y < p->y + p->h) {
        double want = (s->mouse_x - ox) * x_max / pw;
        int best = 0;
        for (int i = 1; i < n; i++)
            if (fabs(st->hist_step[i] - want) < fabs(st->hist_step[best] - want)) best = i;
        snprintf(s->hover, sizeof s->hover, "curves: step %ld, training batch PSNR %.2f dB, loss %.4g",
                 st->hist_step[best], st->hist_psnr[best], st->hist_loss ? st->hist_loss[best] : NAN);
        vp_fill(c, s->mouse_x, oy, 1, ph, 0x505058u);
    }
}

/* Two lines at the bottom: the fit, then the hover text, a message or the
 * key hints. */
static void status_bar(view_scene *s, vpaint *c, const view_status *st)
{
    int y = c->h - view_status_h(s);
    vp_fill(c, 0, y, c->w, view_status_h(s), 0x111113u);
    char line[400];
    const inr_config *cfg = &s->model.cfg;
    const char *state = !st ? "" : st->done ? "fit done, q closes" : st->paused ? "PAUSED" : "fitting";
    if (st)
        snprintf(line, sizeof line, "%s %dx%d, %zu params | step %ld/%ld | loss %.3g | PSNR %.2f dB"
                 " | lr %.3g | %.1f steps/s | %s",
                 inr_model_name(cfg->kind), cfg->width, cfg->layers, s->model.n_trainable, st->step,
                 st->total, st->loss, st->psnr, st->lr, st->steps_per_s, state);
    else
        snprintf(line, sizeof line, "%s", inr_model_name(cfg->kind));
    double top = y + (view_status_h(s) - 2 * vp_line_height(c)) / 2;
    vp_text(c, VIEW_GAP, top, line, st && st->paused ? VIEW_ACCENT : VIEW_TEXT);
    const char *second = s->hover[0] ? s->hover
                         : st && st->message && st->message[0]
                             ? st->message
                             : "space pause  s save  q quit  f field  1-6 panel  +/- zoom  e resolution"
                               "  h help";
    vp_text(c, VIEW_GAP, top + vp_line_height(c), second, s->hover[0] ? VIEW_ACCENT : VIEW_DIM);
}

static void help_overlay(vpaint *c)
{
    char keys[VIEW_KEYS_HELP_MAX];
    view_keys_help(keys, sizeof keys);
    int lines = 0;
    for (const char *p = keys; *p; p++) lines += *p == '\n';
    double lh = vp_line_height(c);
    int w = (int)vp_text_width(c, keys, 1) + 24, h = (int)((lines + 1) * lh) + 28;
    int x = (c->w - w) / 2, y = (c->h - h) / 2;
    vp_fill(c, x, y, w, h, 0x000000u);
    vp_frame(c, x, y, w, h, VIEW_ACCENT);
    vp_text(c, x + 12, y + 8, "keys (h closes)", VIEW_ACCENT);
    vp_text_mono(c, x + 12, y + 16 + lh, keys, VIEW_TEXT);
}

int view_scene_draw_live(view_scene *s, vpaint *c, const view_status *st, view_panel *dirty,
                         int max)
{
    int w, h, n = 0;
    view_scene_size(s, &w, &h);
    if (c->w != w || c->h != h || s->help || max < 2) return -1;
    status_bar(s, c, st);
    dirty[n++] = (view_panel){ "status", 0, h - view_status_h(s), w, view_status_h(s) };
    view_panel p[VIEW_MAX_PANELS];
    int np = view_scene_panels(s, p, VIEW_MAX_PANELS);
    for (int i = 0; i < np; i++)
        if (strcmp(p[i].name, "field") == 0 && s->modes[s->mode] == FIELD_CURVE) {
            view_curve(c, &p[i], st, s);   /* its title stays as view_scene_draw left it */
            dirty[n++] = p[i];
        }
    return n;
}

inr_status view_scene_draw(view_scene *s, vpaint *c, const view_status *st)
{
    int w, h;
    view_scene_size(s, &w, &h);
    inr_status rc = vpaint_resize(c, w, h);
    if (rc) return rc;
    c->text = view_text_px(s->side);
    vp_fill(c, 0, 0, w, h, VIEW_BG);
    s->hover[0] = '\0';
    s->set->draw(s, c, st);
    status_bar(s, c, st);
    if (s->help) help_overlay(c);
    return INR_OK;
}
