/* test_view_scene.c - the viewer without a window: colour maps rise in
 * lightness, the font's glyphs are distinct, canvas drawing lands where it
 * should, and scenes of every model kind put the right pixels in their
 * panels (constant reconstructions, error colours, fields, audio). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "colormap.h"
#include "metrics.h"
#include "trainer.h"
#include "view_canvas.h"
#include "view_font.h"
#include "view_scene.h"

static double luminance(const float *rgb)
{
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
}

static void test_colormaps(void)
{
    /* matplotlib's table ends; the polynomial fits are within ~1/255, so
     * 0.02 leaves room without letting a wrong coefficient through. */
    static const float ENDS[2][2][3] = { { { 0.267f, 0.005f, 0.329f }, { 0.993f, 0.906f, 0.144f } },
                                         { { 0.001f, 0.000f, 0.014f }, { 0.988f, 0.998f, 0.645f } } };
    for (int k = 0; k < 2; k++) {
        float rgb[3], prev = -1;
        for (int e = 0; e < 2; e++) {
            colormap_rgb((colormap_kind)k, (float)e, rgb);
            for (int i = 0; i < 3; i++) CHECK_CLOSE(rgb[i], ENDS[k][e][i], 0.02, 0);
        }
        int rising = 1;
        for (int i = 0; i <= 64; i++) {
            colormap_rgb((colormap_kind)k, i / 64.0f, rgb);
            float l = (float)luminance(rgb);
            if (!(l > prev)) rising = 0;
            prev = l;
        }
        CHECK(rising, "colour map %d: lightness does not rise steadily", k);
        colormap_rgb((colormap_kind)k, NAN, rgb);
        float lo[3];
        colormap_rgb((colormap_kind)k, 0, lo);
        CHECK(memcmp(rgb, lo, sizeof lo) == 0, "NaN should map to the bottom colour");
        uint32_t p = colormap_pixel((colormap_kind)k, 1.0f);
        CHECK(p == (uint32_t)(ENDS[k][1][0] * 255 + 0.5f) << 16 || (p >> 16) >= 250,
              "pixel table top %06x", p);
    }
}

static void test_font(void)
{
    for (int c = 33; c < 127; c++) {
        const unsigned char *g = view_font_glyph(c);
        int on = 0;
        for (int r = 0; r < VIEW_FONT_H; r++) on += g[r] != 0;
        CHECK(on > 0, "glyph '%c' is empty", c);
        for (int d = 33; d < c; d++)
            CHECK(memcmp(g, view_font_glyph(d), VIEW_FONT_H) != 0, "glyphs '%c' and '%c' are the same", c, d);
    }
    CHECK(view_font_glyph(7) == view_font_glyph('?'), "non-printable characters draw '?'");
}

static void test_canvas(void)
{
    vcanvas c = { 0 };
    CHECK(vcanvas_resize(&c, 40, 30) == INR_OK, "resize");
    vc_fill(&c, 0, 0, 40, 30, 0);
    CHECK(vc_text(&c, 2, 2, "ab", 0xffffff, 2) == 2 * VIEW_CELL_W * 2, "text width");
    CHECK(vc_text_width("abc\nde", 1) == 3 * VIEW_CELL_W, "widest line");
    vc_fill(&c, 0, 0, 40, 30, 0);
    vc_line(&c, 3, 4, 20, 9, 0x00ff00);
    CHECK(c.px[4 * 40 + 3] == 0x00ff00 && c.px[9 * 40 + 20] == 0x00ff00, "line ends drawn");
    vc_line(&c, -1e9, 0, 1e9, 5, 0xff0000);   /* far-off ends: nothing, no hang */
    vc_fill(&c, -5, -5, 100, 100, 0);          /* clipped */
    /* 2x2 grey picture into 4x4: 2x2 blocks, nearest neighbour. */
    float v[4] = { 0, 1, 0.5f, 0.25f };
    vc_image(&c, v, 2, 2, 1, 10, 10, 4, 4);
    CHECK(c.px[10 * 40 + 10] == 0 && c.px[11 * 40 + 11] == 0, "block 0");
    CHECK(c.px[10 * 40 + 12] == 0xffffff && c.px[11 * 40 + 13] == 0xffffff, "block 1");
    CHECK(c.px[12 * 40 + 10] == VRGB(128, 128, 128), "block 2 %06x", c.px[12 * 40 + 10]);
    CHECK(c.px[13 * 40 + 13] == VRGB(64, 64, 64), "block 3 %06x", c.px[13 * 40 + 13]);
    vcanvas_free(&c);
}

/* A synthetic image (h x w, C) or sound (n frames), as signal_load makes. */
static void make_signal(signal_data *s, int image, long h, long w, int C)
{
    memset(s, 0, sizeof *s);
    s->dims = image ? 2 : 1;
    s->info.kind = image ? INR_SIGNAL_IMAGE : INR_SIGNAL_AUDIO;
    s->info.channels = C;
    s->info.height = image ? h : 1;
    s->info.width = w;
    s->info.sample_rate = image ? 0 : 8000;
    s->info.value_scale = image ? 0.5f : 0.8f;
    s->info.value_offset = image ? 0.5f : 0;
    s->n_points = image ? h * w : w;
    s->coords = malloc((size_t)s->n_points * s->dims * sizeof(float));
    s->targets = malloc((size_t)s->n_points * C * sizeof(float));
    s->original = malloc((size_t)s->n_points * C * sizeof(float));
    long shape[2] = { h, w };
    inr_grid_coords(s->dims, image ? shape : shape + 1, s->coords);
    for (long i = 0; i < s->n_points; i++)
        for (int c = 0; c < C; c++) {
            float v = image ? 0.5f + 0.4f * sinf(0.3f * (i % w) + 0.2f * (i / w) + c)
                            : 0.8f * sinf(2 * (float)M_PI * 440 * i / 8000.0f);
            s->original[i * C + c] = v;
            s->targets[i * C + c] = (v - s->info.value_offset) / s->info.value_scale;
        }
}

static view_panel find(const view_panel *p, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(p[i].name, name) == 0) return p[i];
    CHECK(0, "no panel %s", name);
    return (view_panel){ name, 0, 0, 1, 1 };
}

/* Pixels of rect p that are not the panel background. */
static long painted(const vcanvas *c, view_panel p)
{
    long n = 0;
    for (int y = p.y; y < p.y + p.h; y++)
        for (int x = p.x; x < p.x + p.w; x++) n += c->px[(size_t)y * c->w + x] != 0x0e0e10u;
    return n;
}

/* SIREN with every weight 0 outputs its last bias everywhere. */
static void test_constant_image(void)
{
    signal_data sig;
    make_signal(&sig, 1, 24, 40, 3);
    inr_config cfg = inr_config_default(INR_MODEL_SIREN, 2, 3);
    cfg.width = 8;
    cfg.layers = 2;
    inr_model m;
    CHECK(inr_model_create(&m, &cfg) == INR_OK, "model");
    memset(m.params, 0, m.n_params * sizeof(float));
    const inr_layer *last = &m.layer[m.n_layers - 1];
    for (int c = 0; c < 3; c++) m.params[last->b_offset + c] = 0.2f * c;   /* outputs 0.5, 0.6, 0.7 */
    view_scene *s;
    CHECK(view_scene_create(&s, &cfg, &sig, 256) == INR_OK, "scene");
    vcanvas c = { 0 };
    view_status st = { .step = 7, .total = 10, .loss = 0.1, .psnr = 12, .message = "" };
    CHECK(view_scene_draw(s, &c, &st) == INR_OK, "draw before any update");
    CHECK(view_scene_step(s) == -1, "no step yet");
    CHECK(view_scene_update(s, m.params, 7) == INR_OK, "update: %s", inr_error());
    CHECK(view_scene_step(s) == 7, "step");
    CHECK(view_scene_draw(s, &c, &st) == INR_OK, "draw");
    int w, h;
    view_scene_size(s, &w, &h);
    CHECK(c.w == w && c.h == h, "canvas %dx%d, size %dx%d", c.w, c.h, w, h);
    view_panel p[8];
    int n = view_scene_panels(s, p, 8);
    CHECK(n == 6, "six panels, got %d", n);
    view_panel rec = find(p, n, "reconstruction"), tgt = find(p, n, "target"), err = find(p, n, "error");
    /* 40x24 fitted into 256: 256 x 154, the same for every image panel */
    CHECK(rec.w == 256 && rec.h == 154 && tgt.w == rec.w && tgt.h == rec.h, "panel %dx%d", rec.w, rec.h);
    uint32_t want = VRGB(128, 153, 179);
    long wrong = 0;
    for (int y = rec.y; y < rec.y + rec.h; y++)
        for (int x = rec.x; x < rec.x + rec.w; x++) wrong += c.px[(size_t)y * c.w + x] != want;
    CHECK(wrong == 0, "%ld reconstruction pixels are not the constant", wrong);
    /* PSNR of the constant against the (unresized: 40x24 < 128) target */
    double mse = 0;
    for (long i = 0; i < sig.n_points; i++)
        for (int k = 0; k < 3; k++) mse += pow(sig.original[i * 3 + k] - (0.5 + 0.1 * k), 2);
    CHECK_CLOSE(view_scene_psnr(s), metric_psnr(mse / (sig.n_points * 3.0), 1.0), 1e-4, 0);
    /* error panel: inferno of mean |error| / 0.25 at a pixel's grid point */
    long gi = 5 * 40 + 9;   /* row 5, column 9 */
    double e = 0;
    for (int k = 0; k < 3; k++) e += fabs(sig.original[gi * 3 + k] - (0.5 + 0.1 * k));
    int px = err.x + (int)((9 + 0.5) * err.w / 40), py = err.y + (int)((5 + 0.5) * err.h / 24);
    CHECK(c.px[(size_t)py * c.w + px] == colormap_pixel(COLORMAP_INFERNO, (float)(e / 3 / 0.25)),
          "error colour %06x", c.px[(size_t)py * c.w + px]);
    CHECK(painted(&c, find(p, n, "target spectrum")) > 1000, "target spectrum drawn");
    CHECK(painted(&c, find(p, n, "field")) > 100, "PSNR curve panel drawn");
    /* hovering the reconstruction writes an orange line in the status bar */
    view_scene_mouse(s, rec.x + 10, rec.y + 10);
    view_scene_draw(s, &c, &st);
    long orange = 0;
    for (int y = h - 20; y < h; y++)
        for (int x = 0; x < w; x++) orange += c.px[(size_t)y * c.w + x] == 0xfdb42fu;
    CHECK(orange > 50, "hover text (%ld orange pixels)", orange);
    /* zoom and solo */
    CHECK(view_scene_key(s, '+') == VIEW_KEY_EVALUATE, "zoom key");
    int w2, h2;
    view_scene_size(s, &w2, &h2);
    CHECK(w2 == w + 3 * 64, "zoomed width %d", w2);
    CHECK(view_scene_key(s, '2') != VIEW_KEY_IGNORED && view_scene_panels(s, p, 8) == 1, "solo panel");
    CHECK(strcmp(p[0].name, "reconstruction") == 0, "solo panel 2 is the reconstruction");
    CHECK(view_scene_key(s, 'x') == VIEW_KEY_IGNORED, "unknown key");
    CHECK(view_scene_update(s, m.params, 8) == INR_OK && view_scene_draw(s, &c, &st) == INR_OK, "solo draw");
    const float *frames;
    long nf;
    int ch, rate;
    CHECK(!view_scene_sound(s, 0, &frames, &nf, &ch, &rate), "images have no sound");
    vcanvas_free(&c);
    view_scene_free(s);
    inr_model_free(&m);
    signal_free(&sig);
}

/* Each model with a field draws it: hash-grid tiles, NSTR arrows, HC-INR lines. */
static void test_fields(void)
{
    signal_data sig;
    make_signal(&sig, 1, 32, 32, 1);
    const inr_model_kind kinds[3] = { INR_MODEL_HASHGRID, INR_MODEL_NSTR, INR_MODEL_HCINR };
    const uint32_t mark[3] = { 0, 0xffffffu, 0xfdb42fu };   /* any colour, white arrows, orange lines */
    for (int k = 0; k < 3; k++) {
        inr_config cfg = inr_config_default(kinds[k], 2, 1);
        cfg.width = 16;
        if (kinds[k] == INR_MODEL_HASHGRID) cfg.log2_table = 10;
        inr_model m;
        CHECK(inr_model_create(&m, &cfg) == INR_OK, "model %d: %s", k, inr_error());
        inr_model_init(&m);
        view_scene *s;
        CHECK(view_scene_create(&s, &cfg, &sig, 128) == INR_OK, "scene");
        CHECK(view_scene_update(s, m.params, 1) == INR_OK, "update %s: %s", inr_model_name(kinds[k]), inr_error());
        vcanvas c = { 0 };
        view_status st = { .step = 1, .total = 1, .message = "" };
        CHECK(view_scene_draw(s, &c, &st) == INR_OK, "draw");
        view_panel p[8];
        int n = view_scene_panels(s, p, 8);
        view_panel f = find(p, n, "field");
        long hits = 0;
        for (int y = f.y; y < f.y + f.h; y++)
            for (int x = f.x; x < f.x + f.w; x++) {
                uint32_t v = c.px[(size_t)y * c.w + x];
                hits += mark[k] ? v == mark[k] : v != 0x0e0e10u && v != 0x1c1c1fu;
            }
        CHECK(hits > 50, "%s field: %ld marked pixels", inr_model_name(kinds[k]), hits);
        CHECK(view_scene_key(s, 'f') == VIEW_KEY_EVALUATE, "f cycles to the curve");
        vcanvas_free(&c);
        view_scene_free(s);
        inr_model_free(&m);
    }
    signal_free(&sig);
}

static void test_audio(void)
{
    signal_data sig;
    make_signal(&sig, 0, 1, 4000, 1);
    inr_config cfg = inr_config_default(INR_MODEL_NSTR, 1, 1);
    cfg.width = 16;
    inr_model m;
    CHECK(inr_model_create(&m, &cfg) == INR_OK, "audio model: %s", inr_error());
    inr_model_init(&m);
    view_scene *s;
    CHECK(view_scene_create(&s, &cfg, &sig, 128) == INR_OK, "audio scene");
    CHECK(view_scene_update(s, m.params, 3) == INR_OK, "audio update: %s", inr_error());
    vcanvas c = { 0 };
    view_status st = { .step = 3, .total = 5, .message = "" };
    CHECK(view_scene_draw(s, &c, &st) == INR_OK, "audio draw");
    view_panel p[8];
    int n = view_scene_panels(s, p, 8);
    CHECK(n == 5, "five audio panels, got %d", n);
    CHECK(painted(&c, find(p, n, "waveform")) > 200, "waveform drawn");
    CHECK(painted(&c, find(p, n, "target spectrogram")) > 1000, "spectrogram drawn");
    CHECK(painted(&c, find(p, n, "field")) > 50, "nu(t) drawn");
    const float *frames;
    long nf;
    int ch, rate;
    CHECK(view_scene_sound(s, 1, &frames, &nf, &ch, &rate) && nf == 4000 && ch == 1 && rate == 8000,
          "reconstruction excerpt to play");
    CHECK(view_scene_sound(s, 0, &frames, &nf, &ch, &rate) && frames == sig.original, "target excerpt");
    CHECK(view_scene_key(s, VIEW_KEY_UP) == VIEW_KEY_EVALUATE, "shorter excerpt");
    CHECK(view_scene_update(s, m.params, 4) == INR_OK && view_scene_sound(s, 0, &frames, &nf, &ch, &rate) &&
              nf == 2000, "excerpt of 2000 frames, got %ld", nf);
    CHECK(view_scene_key(s, VIEW_KEY_RIGHT) == VIEW_KEY_EVALUATE && view_scene_update(s, m.params, 4) == INR_OK &&
              view_scene_sound(s, 0, &frames, &nf, &ch, &rate) && frames == sig.original + 1000,
          "moved excerpt");
    vcanvas_free(&c);
    view_scene_free(s);
    inr_model_free(&m);
    signal_free(&sig);
}

int main(void)
{
    test_colormaps();
    test_font();
    test_canvas();
    test_constant_image();
    test_fields();
    test_audio();
    return check_result();
}
