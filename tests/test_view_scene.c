/* test_view_scene.c - the viewer without a window: colour maps rise in
 * lightness, text is a real font (with descenders, sized as asked), cairo
 * drawing lands where it should, and scenes of every model kind put the right pixels in their
 * panels (constant reconstructions, error colours, fields, audio). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "colormap.h"
#include "metrics.h"
#include "trainer.h"
#include "view_paint.h"
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

/* Lit pixels (any channel over 64) of rows y0..y1 of c. */
static long lit_rows(vpaint *c, int y0, int y1)
{
    long n = 0;
    for (int y = y0; y < y1; y++)
        for (int x = 0; x < c->w; x++) {
            uint32_t p = vp_pixel(c, x, y);
            n += (p >> 16 & 255) > 64 || (p >> 8 & 255) > 64 || (p & 255) > 64;
        }
    return n;
}

/* Text is DejaVu through cairo: it has descenders ('q' reaches below the
 * baseline where '9' does not) and grows with the size. */
static void test_text(void)
{
    vpaint c = { 0 };
    CHECK(vpaint_resize(&c, 60, 40) == INR_OK, "resize");
    c.text = 20;
    long below[2], total[2];
    for (int k = 0; k < 2; k++) {
        vp_fill(&c, 0, 0, 60, 40, 0);
        vp_text(&c, 2, 2, k ? "9" : "q", 0xffffff);
        /* the baseline sits at about 2 + 0.93 em (DejaVu's ascent) */
        below[k] = lit_rows(&c, 2 + 20, 40);
        total[k] = lit_rows(&c, 0, 40);
    }
    CHECK(total[0] > 20 && total[1] > 20, "glyphs drawn (%ld, %ld lit pixels)", total[0], total[1]);
    CHECK(below[0] > 5 && below[1] <= 1, "q descends below the baseline (%ld), 9 does not (%ld)", below[0],
          below[1]);
    double w20 = vp_text_width(&c, "log", 0);
    c.text = 10;
    double w10 = vp_text_width(&c, "log", 0);
    CHECK(w20 > 1.7 * w10 && w10 > 8, "text widths %.0f at 20 px, %.0f at 10 px", w20, w10);
    CHECK(vp_text_width(&c, "abc\nd", 1) == vp_text_width(&c, "abc", 1), "widest line");
    vpaint_free(&c);
}

static void test_paint(void)
{
    vpaint c = { 0 };
    CHECK(vpaint_resize(&c, 40, 30) == INR_OK, "resize");
    vp_fill(&c, 0, 0, 40, 30, 0);
    vp_line(&c, 3, 4, 20, 4, 0x00ff00);
    CHECK(vp_pixel(&c, 3, 4) == 0x00ff00 && vp_pixel(&c, 19, 4) == 0x00ff00 && vp_pixel(&c, 10, 5) == 0,
          "horizontal line on its row");
    vp_line(&c, -1e9, 0, 1e9, 5, 0xff0000);   /* far-off ends: nothing, no hang */
    vp_fill(&c, -5, -5, 100, 100, 0);          /* clipped */
    /* 2x2 grey picture into 4x4: 2x2 blocks, nearest neighbour. */
    float v[4] = { 0, 1, 0.5f, 0.25f };
    vp_image(&c, v, 2, 2, 1, 10, 10, 4, 4);
    CHECK(vp_pixel(&c, 10, 10) == 0 && vp_pixel(&c, 11, 11) == 0, "block 0");
    CHECK(vp_pixel(&c, 12, 10) == 0xffffff && vp_pixel(&c, 13, 11) == 0xffffff, "block 1");
    CHECK(vp_pixel(&c, 10, 12) == VRGB(128, 128, 128), "block 2 %06x", vp_pixel(&c, 10, 12));
    CHECK(vp_pixel(&c, 13, 13) == VRGB(64, 64, 64), "block 3 %06x", vp_pixel(&c, 13, 13));
    /* colour bar: the map's top at the top, its bottom at the bottom */
    vp_colour_bar(&c, 30, 2, 4, 26, COLORMAP_INFERNO, 0, 1, "");
    CHECK(vp_pixel(&c, 31, 2) == colormap_pixel(COLORMAP_INFERNO, 1) &&
              vp_pixel(&c, 31, 27) == colormap_pixel(COLORMAP_INFERNO, 0), "colour bar ends");
    vpaint_free(&c);
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
static long painted(vpaint *c, view_panel p)
{
    long n = 0;
    for (int y = p.y; y < p.y + p.h; y++)
        for (int x = p.x; x < p.x + p.w; x++) n += vp_pixel(c, x, y) != 0x0e0e10u;
    return n;
}

/* Whether colour a is within tol of b in every channel (antialiased
 * lines and text only reach their colour where they cover a pixel). */
static int near(uint32_t a, uint32_t b, int tol)
{
    for (int sh = 0; sh <= 16; sh += 8)
        if (abs((int)(a >> sh & 255) - (int)(b >> sh & 255)) > tol) return 0;
    return 1;
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
    vpaint c = { 0 };
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
        for (int x = rec.x; x < rec.x + rec.w; x++) wrong += vp_pixel(&c, x, y) != want;
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
    CHECK(vp_pixel(&c, px, py) == colormap_pixel(COLORMAP_INFERNO, (float)(e / 3 / 0.25)),
          "error colour %06x", vp_pixel(&c, px, py));
    /* its colour bar: inferno's top beside the panel's top right */
    int bar = 0;
    for (int x = err.x + err.w; x < err.x + err.w + 20; x++)
        bar |= vp_pixel(&c, x, err.y) == colormap_pixel(COLORMAP_INFERNO, 1);
    CHECK(bar, "no colour bar beside the error panel");
    CHECK(painted(&c, find(p, n, "target spectrum")) > 1000, "target spectrum drawn");
    CHECK(painted(&c, find(p, n, "field")) > 100, "PSNR curve panel drawn");
    /* the curves: PSNR in green, the loss (log scale) in orange */
    long hs[3] = { 1, 4, 7 };
    float hp[3] = { 10, 14, 20 }, hl[3] = { 0.1f, 0.01f, 0.001f };
    view_status cs = st;
    cs.hist_step = hs;
    cs.hist_psnr = hp;
    cs.hist_loss = hl;
    cs.hist_n = 3;
    view_scene_draw(s, &c, &cs);
    view_panel f = find(p, n, "field");
    long green = 0, orange_curve = 0;
    for (int y = f.y; y < f.y + f.h; y++)
        for (int x = f.x; x < f.x + f.w; x++) {
            green += near(vp_pixel(&c, x, y), 0x5ec962u, 40);
            orange_curve += near(vp_pixel(&c, x, y), 0xfdb42fu, 40);
        }
    CHECK(green > 100 && orange_curve > 100, "curves: %ld green, %ld orange pixels", green, orange_curve);
    /* hovering the reconstruction writes an orange line in the status bar */
    view_scene_mouse(s, rec.x + 10, rec.y + 10);
    view_scene_draw(s, &c, &st);
    long orange = 0;
    for (int y = h - 20; y < h; y++)
        for (int x = 0; x < w; x++) orange += near(vp_pixel(&c, x, y), 0xfdb42fu, 40);
    CHECK(orange > 50, "hover text (%ld orange pixels)", orange);
    /* zoom and solo */
    CHECK(view_scene_key(s, '+') == VIEW_KEY_EVALUATE, "zoom key");
    int w2, h2;
    view_scene_size(s, &w2, &h2);
    CHECK(w2 >= w + 3 * 64, "zoomed width %d", w2);   /* wider panels, larger text and colour bars */
    CHECK(view_scene_key(s, '2') != VIEW_KEY_IGNORED && view_scene_panels(s, p, 8) == 1, "solo panel");
    CHECK(strcmp(p[0].name, "reconstruction") == 0, "solo panel 2 is the reconstruction");
    CHECK(view_scene_key(s, 'x') == VIEW_KEY_IGNORED, "unknown key");
    CHECK(view_scene_update(s, m.params, 8) == INR_OK && view_scene_draw(s, &c, &st) == INR_OK, "solo draw");
    const float *frames;
    long nf;
    int ch, rate;
    CHECK(!view_scene_sound(s, 0, &frames, &nf, &ch, &rate), "images have no sound");
    vpaint_free(&c);
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
        if (kinds[k] == INR_MODEL_HASHGRID) cfg.grid.log2_table = 10;
        inr_model m;
        CHECK(inr_model_create(&m, &cfg) == INR_OK, "model %d: %s", k, inr_error());
        inr_model_init(&m);
        view_scene *s;
        CHECK(view_scene_create(&s, &cfg, &sig, 128) == INR_OK, "scene");
        CHECK(view_scene_update(s, m.params, 1) == INR_OK, "update %s: %s", inr_model_name(kinds[k]), inr_error());
        vpaint c = { 0 };
        view_status st = { .step = 1, .total = 1, .message = "" };
        CHECK(view_scene_draw(s, &c, &st) == INR_OK, "draw");
        view_panel p[8];
        int n = view_scene_panels(s, p, 8);
        view_panel f = find(p, n, "field");
        long hits = 0;
        for (int y = f.y; y < f.y + f.h; y++)
            for (int x = f.x; x < f.x + f.w; x++) {
                uint32_t v = vp_pixel(&c, x, y);
                hits += mark[k] ? near(v, mark[k], 60) : v != 0x0e0e10u && v != 0x1c1c1fu;
            }
        CHECK(hits > 50, "%s field: %ld marked pixels", inr_model_name(kinds[k]), hits);
        CHECK(view_scene_key(s, 'f') == VIEW_KEY_EVALUATE, "f cycles to the curve");
        vpaint_free(&c);
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
    vpaint c = { 0 };
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
    vpaint_free(&c);
    view_scene_free(s);
    inr_model_free(&m);
    signal_free(&sig);
}

int main(void)
{
    test_colormaps();
    test_text();
    test_paint();
    test_constant_image();
    test_fields();
    test_audio();
    return check_result();
}
