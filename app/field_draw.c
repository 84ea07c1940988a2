/* field_draw.c - drawing a model's inner fields into RGB pictures
 * (field_draw.h): colour maps, tiles, arrows and deformed grid lines. */
#include "field_draw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli_args.h"
#include "colormap.h"
#include "fields.h"
#include "image_io.h"
#include "trainer.h"

/* ---- a small RGB canvas (values in [0,1], row-major, top-left first) --- */

typedef struct {
    int w, h;
    float *px;   /* (h, w, 3) */
} canvas;

static inr_status canvas_new(canvas *c, long w, long h, float grey)
{
    c->w = (int)w;
    c->h = (int)h;
    c->px = malloc((size_t)w * h * 3 * sizeof(float));
    if (!c->px) return inr_fail(INR_ERR_NOMEM, "out of memory for a %ldx%ld picture", w, h);
    for (size_t i = 0; i < (size_t)w * h * 3; i++) c->px[i] = grey;
    return INR_OK;
}

static void put(canvas *c, int x, int y, const float *rgb)
{
    if (x < 0 || y < 0 || x >= c->w || y >= c->h) return;
    memcpy(c->px + ((size_t)y * c->w + x) * 3, rgb, 3 * sizeof(float));
}

/* Bresenham from (x0,y0) to (x1,y1), pixel coordinates rounded. */
static void line(canvas *c, double fx0, double fy0, double fx1, double fy1, const float *rgb)
{
    if (!isfinite(fx0) || !isfinite(fy0) || !isfinite(fx1) || !isfinite(fy1)) return;
    long x0 = lround(fx0), y0 = lround(fy0), x1 = lround(fx1), y1 = lround(fy1);
    long dx = labs(x1 - x0), dy = -labs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
    long err = dx + dy;
    for (long guard = 0; guard < 4 * (long)(c->w + c->h) + 8; guard++) {
        put(c, (int)x0, (int)y0, rgb);
        if (x0 == x1 && y0 == y1) break;
        long e2 = 2 * err;
        if (e2 >= dy) { err += dy; x0 += sx; }
        if (e2 <= dx) { err += dx; y0 += sy; }
    }
}

/* Viridis (app/view/colormap.c), shared with the viewer. */
static void colormap(float t, float *rgb) { colormap_rgb(COLORMAP_VIRIDIS, t, rgb); }

/* Finite min and max of v[i*stride] for i < n (0, 1 when none). */
static void value_range(const float *v, size_t n, size_t stride, float *lo, float *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        float x = v[i * stride];
        if (!isfinite(x)) continue;
        if (x < *lo) *lo = x;
        if (x > *hi) *hi = x;
    }
    if (!(*lo <= *hi)) { *lo = 0; *hi = 1; }
    if (*hi == *lo) *hi = *lo + 1;
}

static const float BLACK[3] = { 0, 0, 0 }, GREY[3] = { 0.75f, 0.75f, 0.75f },
                   RED[3] = { 0.85f, 0.1f, 0.1f };

void field_list(const inr_model *m, FILE *out)
{
    inr_field_info list[8];
    int n = inr_model_fields(m, list, 8);
    if (n == 0) fprintf(out, "none (a %s model has no inner fields)\n", inr_model_name(m->cfg.kind));
    for (int i = 0; i < n; i++) fprintf(out, "%-10s %2d  %s\n", list[i].name, list[i].channels, list[i].what);
}

/* ---- 2-D pictures ------------------------------------------------------ */

/* Colour-mapped scalar v[i*stride] (h x w) into c at (ox, oy). */
static void draw_map(canvas *c, const float *v, size_t stride, int h, int w, int ox, int oy)
{
    float lo, hi, rgb[3];
    value_range(v, (size_t)h * w, stride, &lo, &hi);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            colormap((v[((size_t)y * w + x) * stride] - lo) / (hi - lo), rgb);
            put(c, ox + x, oy + y, rgb);
        }
}

/* One tile per level, each on its own range, 2-pixel white gaps. */
static inr_status draw_levels_2d(const float *v, int L, int h, int w, const char *path)
{
    int cols = (int)ceil(sqrt((double)L)), rows = (L + cols - 1) / cols, gap = 2;
    canvas c;
    inr_status st = canvas_new(&c, (long)cols * w + (cols - 1) * gap, (long)rows * h + (rows - 1) * gap, 1.0f);
    if (st) return st;
    for (int l = 0; l < L; l++)
        draw_map(&c, v + l, (size_t)L, h, w, (l % cols) * (w + gap), (l / cols) * (h + gap));
    st = image_save_png(path, c.px, c.w, c.h, 3, 8);
    free(c.px);
    return st;
}

/* The frequency map, lightened, under arrows of the flow (v0 along rows,
 * v1 along columns) on a regular grid of arrow cells. */
static inr_status draw_flow_2d(const float *nu, const float *flow, int h, int w, const char *path)
{
    canvas c;
    inr_status st = canvas_new(&c, w, h, 1.0f);
    if (st) return st;
    draw_map(&c, nu, 1, h, w, 0, 0);
    for (size_t i = 0; i < (size_t)w * h * 3; i++) c.px[i] = 0.5f + 0.5f * c.px[i];
    int cell = (w < h ? w : h) / 24;
    if (cell < 8) cell = 8;
    double vmax = 0;
    for (int y = cell / 2; y < h; y += cell)
        for (int x = cell / 2; x < w; x += cell) {
            const float *v = flow + ((size_t)y * w + x) * 2;
            double len = hypot(v[0], v[1]);
            if (isfinite(len) && len > vmax) vmax = len;
        }
    double k = vmax > 0 ? 0.9 * cell / vmax : 0;
    for (int y = cell / 2; y < h; y += cell)
        for (int x = cell / 2; x < w; x += cell) {
            const float *v = flow + ((size_t)y * w + x) * 2;
            double ex = x + k * v[1], ey = y + k * v[0], len = hypot(ex - x, ey - y);
            if (!(len >= 1)) {
                put(&c, x, y, BLACK);
                continue;
            }
            line(&c, x, y, ex, ey, BLACK);
            /* head: two strokes 25 degrees off the shaft, a third its length */
            double ang = atan2(ey - y, ex - x), head = len / 3 < 3 ? 3 : len / 3;
            for (int s = -1; s <= 1; s += 2)
                line(&c, ex, ey, ex - head * cos(ang + s * 0.436), ey - head * sin(ang + s * 0.436), BLACK);
        }
    st = image_save_png(path, c.px, c.w, c.h, 3, 8);
    free(c.px);
    return st;
}

/* Grid lines of the domain (every `step` pixels) through the warp u (h x w
 * x 2, u0 along rows): the reference grid in grey, the warped one in black,
 * both scaled into the picture by the bounding box of u and x. */
static inr_status draw_warp_2d(const float *u, const float *coords, int h, int w, const char *path)
{
    canvas c;
    inr_status st = canvas_new(&c, w, h, 1.0f);
    if (st) return st;
    size_t n = (size_t)w * h;
    float lo0, hi0, lo1, hi1, a, b;
    value_range(u, n, 2, &lo0, &hi0);
    value_range(u + 1, n, 2, &lo1, &hi1);
    value_range(coords, n, 2, &a, &b);
    if (a < lo0) lo0 = a;
    if (b > hi0) hi0 = b;
    value_range(coords + 1, n, 2, &a, &b);
    if (a < lo1) lo1 = a;
    if (b > hi1) hi1 = b;
    double margin = 4, sy = (h - 1 - 2 * margin) / (hi0 - lo0), sx = (w - 1 - 2 * margin) / (hi1 - lo1);
    int step = (w < h ? w : h) / 16;
    if (step < 4) step = 4;
    for (int pass = 0; pass < 2; pass++) {
        const float *p = pass ? u : coords;
        const float *rgb = pass ? BLACK : GREY;
#define PX(i) (margin + (p[2 * (i) + 1] - lo1) * sx)
#define PY(i) (margin + (p[2 * (i)] - lo0) * sy)
        for (int y = 0; y < h; y += step)
            for (int x = 1; x < w; x++) {
                size_t i = (size_t)y * w + x;
                line(&c, PX(i - 1), PY(i - 1), PX(i), PY(i), rgb);
            }
        for (int x = 0; x < w; x += step)
            for (int y = 1; y < h; y++) {
                size_t i = (size_t)y * w + x, j = i - (size_t)w;
                line(&c, PX(j), PY(j), PX(i), PY(i), rgb);
            }
#undef PX
#undef PY
    }
    st = image_save_png(path, c.px, c.w, c.h, 3, 8);
    free(c.px);
    return st;
}

/* ---- 1-D pictures (audio models: h x w plots along time) ---------------- */

/* A curve of v[i*stride] (w samples) scaled into rows [top, bottom]. */
static void draw_curve(canvas *c, const float *v, size_t stride, int top, int bottom, const float *rgb)
{
    float lo, hi;
    value_range(v, (size_t)c->w, stride, &lo, &hi);
    double prev = 0;
    for (int x = 0; x < c->w; x++) {
        double y = bottom - (v[(size_t)x * stride] - lo) / (hi - lo) * (bottom - top);
        if (x > 0) line(c, x - 1, prev, x, y, rgb);
        prev = y;
    }
}

/* view: how the model's kind shows its fields (its descriptor's field_view). */
static inr_status draw_1d(inr_field_view view, const float *v, const float *extra, int ch,
                          int h, int w, const char *path)
{
    canvas c;
    inr_status st = canvas_new(&c, w, h, 1.0f);
    if (st) return st;
    float rgb[3];
    if (view == INR_FIELD_VIEW_LEVELS) {
        /* One strip per level, each on its own range. */
        for (int l = 0; l < ch; l++) {
            float lo, hi;
            value_range(v + l, (size_t)w, (size_t)ch, &lo, &hi);
            int top = l * h / ch, bottom = (l + 1) * h / ch;
            for (int x = 0; x < w; x++) {
                colormap((v[(size_t)x * ch + l] - lo) / (hi - lo), rgb);
                for (int y = top; y < bottom; y++) put(&c, x, y, rgb);
            }
        }
    } else if (view == INR_FIELD_VIEW_FLOW) {
        /* nu(t) in black; the flow (its transported slope) in red. */
        draw_curve(&c, extra ? extra : v, 1, 4, h - 5, extra ? GREY : BLACK);
        if (extra) draw_curve(&c, v, 1, 4, h - 5, RED);
    } else {
        /* Warped 1-D grid: reference ticks above (grey), u_S positions below. */
        float lo, hi, a, b;
        value_range(v, (size_t)w, 1, &lo, &hi);
        a = -1;
        b = 1;
        if (a < lo) lo = a;
        if (b > hi) hi = b;
        double scale = (w - 1) / (hi - lo);
        int lines = 48;
        for (int k = 0; k < lines; k++) {
            int i = (int)((long)k * (w - 1) / (lines - 1));
            double x = -1 + 2.0 * i / (w - 1);
            line(&c, (x - lo) * scale, 0, (x - lo) * scale, h / 3.0, GREY);
            line(&c, (v[i] - lo) * scale, h / 3.0 + 4, (v[i] - lo) * scale, h - 1, BLACK);
        }
    }
    st = image_save_png(path, c.px, c.w, c.h, 3, 8);
    free(c.px);
    return st;
}

inr_status field_render(const inr_model *m, const char *name, long height, long width,
                        int threads, const char *path)
{
    inr_field_info list[8];
    int count = inr_model_fields(m, list, 8), ch = 0;
    for (int i = 0; i < count; i++)
        if (strcmp(list[i].name, name) == 0) ch = list[i].channels;
    if (!ch) return inr_model_field(m, name, NULL, 0, NULL, threads);  /* names the failure */
    int d = m->cfg.in_dim;
    size_t n = d == 2 ? (size_t)height * width : (size_t)width;
    float *coords = malloc(n * d * sizeof(float)), *v = malloc(n * ch * sizeof(float));
    float *nu = NULL;
    inr_status st = INR_OK;
    int flow = strcmp(name, "flow") == 0;
    if (flow) nu = malloc(n * sizeof(float));
    if (!coords || !v || (flow && !nu)) st = inr_fail(INR_ERR_NOMEM, "out of memory for field '%s'", name);
    if (st == INR_OK) {
        if (d == 2) {
            long shape[2] = { height, width };
            inr_grid_coords(2, shape, coords);
        } else {
            for (long i = 0; i < width; i++) coords[i] = inr_linspace_at(-1.0, 1.0, i, width);
        }
        st = inr_model_field(m, name, coords, (long)n, v, threads);
        if (st == INR_OK && flow) st = inr_model_field(m, "frequency", coords, (long)n, nu, threads);
    }
    inr_field_view view = inr_kind_field_view(m->cfg.kind);
    if (st == INR_OK) {
        if (d != 2)
            st = draw_1d(view, v, nu, ch, (int)height, (int)width, path);
        else if (view == INR_FIELD_VIEW_LEVELS)
            st = draw_levels_2d(v, ch, (int)height, (int)width, path);
        else if (flow)
            st = draw_flow_2d(nu, v, (int)height, (int)width, path);
        else if (view == INR_FIELD_VIEW_WARP)
            st = draw_warp_2d(v, coords, (int)height, (int)width, path);
        else {
            canvas c;
            st = canvas_new(&c, width, height, 1.0f);
            if (st == INR_OK) {
                draw_map(&c, v, 1, (int)height, (int)width, 0, 0);
                st = image_save_png(path, c.px, c.w, c.h, 3, 8);
                free(c.px);
            }
        }
    }
    free(coords);
    free(v);
    free(nu);
    return st;
}

int field_command(const inr_model *m, const inr_fit_info *info, const char *field,
                  const char *out_path, long w, long h, float scale, int other_opts,
                  int threads)
{
    if (strcmp(field, "list") == 0) {
        field_list(m, stdout);
        return 0;
    }
    int image = info->kind == INR_SIGNAL_IMAGE;
    if (other_opts || (!image && scale)) {
        cli_error("--field takes only --size%s, -o and --threads", image ? ", --scale" : "");
        return 2;
    }
    long height = image ? info->height : 256, width = image ? info->width : 1024;
    if (w) {
        width = w;
        height = h;
    } else if (scale) {
        width = lround(info->width * (double)scale);
        height = lround(info->height * (double)scale);
    }
    /* Fields cost more than the model itself (NSTR runs F_theta too) and
     * the hash-grid tiles multiply the picture: 16 Mpixel is plenty. */
    if (width < 2 || height < 2 || width > (1L << 24) / height) {
        /* The size the checkpoint stores is a file problem; an asked one, usage. */
        cli_error("field picture %ldx%ld%s is too small or larger than 16777216 pixels", width,
                  height, w || scale || !image ? "" : " (the checkpoint's size; choose one with --size)");
        return w || scale || !image ? 2 : 1;
    }
    if (field_render(m, field, height, width, threads, out_path) != INR_OK) {
        cli_error("%s", inr_error());
        return strstr(inr_error(), "has no field") ? 2 : 1;
    }
    printf("rendered %s: field %s, %ldx%ld\n", out_path, field, width, height);
    return 0;
}
