/* test_image_io.c - PNG reading and writing (io/image_io.c).
 *
 * Fixtures are written here with libpng directly: every colour type x bit
 * depth PNG allows, palettes with and without tRNS, interlaced or not; then
 * save/load round trips and damaged files (truncated, corrupt, not PNG).
 */
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "test_files.h"
#include "image_io.h"

/* ---- fixture writer (libpng directly, rows packed by hand) ------------- */

typedef struct {
    unsigned char *data;
    size_t size, cap;
} membuf;

static void mem_write(png_structp png, png_bytep src, size_t n)
{
    membuf *m = png_get_io_ptr(png);
    if (m->size + n > m->cap) {
        m->cap = (m->size + n) * 2;
        m->data = realloc(m->data, m->cap);
    }
    memcpy(m->data + m->size, src, n);
    m->size += n;
}
static void mem_flush(png_structp png) { (void)png; }

typedef struct {
    int width, height, color_type, bit_depth, interlace;
    int file_channels;          /* samples per pixel as stored */
    uint16_t *samples;          /* height*width*file_channels raw samples/indices */
    png_color palette[256];
    int num_palette;
    png_byte trans[256];        /* palette alpha */
    int num_trans;              /* palette tRNS entries; 0 = none */
    int has_trans_color;        /* grey/RGB tRNS */
    png_color_16 trans_color;
    int idat_size;              /* compression buffer = IDAT chunk size */
} fixture;

/* Encodes f into m; returns 0 on success. */
static int encode_fixture(const fixture *f, membuf *m)
{
    int spp = f->file_channels;
    size_t rowbytes = ((size_t)f->width * spp * f->bit_depth + 7) / 8;
    unsigned char *rows = calloc(f->height, rowbytes);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(rows);
        return -1;
    }
    png_set_write_fn(png, m, mem_write, mem_flush);
    if (f->idat_size) png_set_compression_buffer_size(png, (size_t)f->idat_size);
    png_set_IHDR(png, info, f->width, f->height, f->bit_depth, f->color_type,
                 f->interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (f->color_type == PNG_COLOR_TYPE_PALETTE)
        png_set_PLTE(png, info, f->palette, f->num_palette);
    if (f->num_trans)
        png_set_tRNS(png, info, f->trans, f->num_trans, NULL);
    if (f->has_trans_color)
        png_set_tRNS(png, info, NULL, 0, (png_color_16p)&f->trans_color);
    png_write_info(png, info);

    /* Pack per the PNG spec: sub-byte samples MSB first, 16-bit big-endian. */
    for (int y = 0; y < f->height; y++) {
        unsigned char *row = rows + (size_t)y * rowbytes;
        for (int i = 0; i < f->width * spp; i++) {
            unsigned s = f->samples[(size_t)y * f->width * spp + i];
            if (f->bit_depth == 16) {
                row[2 * i] = (unsigned char)(s >> 8);
                row[2 * i + 1] = (unsigned char)s;
            } else if (f->bit_depth == 8) {
                row[i] = (unsigned char)s;
            } else {
                int bit = i * f->bit_depth;
                row[bit / 8] |= (unsigned char)(s << (8 - f->bit_depth - bit % 8));
            }
        }
    }
    png_bytep *ptrs = malloc(sizeof *ptrs * f->height);
    for (int y = 0; y < f->height; y++) ptrs[y] = rows + (size_t)y * rowbytes;
    png_write_image(png, ptrs);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(ptrs);
    free(rows);
    return 0;
}

/* Fills samples (and palette/tRNS) at random; returns the fixture. */
static fixture make_fixture(int w, int h, int color_type, int depth, int interlace,
                            int with_trans)
{
    static const int spp_of[7] = { 1, 0, 3, 1, 2, 0, 4 };
    fixture f = { .width = w, .height = h, .color_type = color_type,
                  .bit_depth = depth, .interlace = interlace };
    f.file_channels = spp_of[color_type];
    unsigned maxval = (1u << depth) - 1;
    if (color_type == PNG_COLOR_TYPE_PALETTE) {
        f.num_palette = 1 << depth;
        for (int i = 0; i < f.num_palette; i++) {
            f.palette[i].red = (png_byte)test_rnd();
            f.palette[i].green = (png_byte)test_rnd();
            f.palette[i].blue = (png_byte)test_rnd();
        }
        maxval = (unsigned)f.num_palette - 1;
        if (with_trans) { /* only some entries: the rest must read opaque */
            f.num_trans = f.num_palette / 2 + 1;
            for (int i = 0; i < f.num_trans; i++) f.trans[i] = (png_byte)test_rnd();
        }
    }
    size_t n = (size_t)w * h * f.file_channels;
    f.samples = malloc(n * sizeof *f.samples);
    for (size_t i = 0; i < n; i++) f.samples[i] = (uint16_t)(test_rnd() % (maxval + 1));
    if (with_trans && color_type != PNG_COLOR_TYPE_PALETTE) {
        /* Make the transparent colour that of the first pixel, so it occurs. */
        f.has_trans_color = 1;
        if (color_type == PNG_COLOR_TYPE_GRAY) {
            f.trans_color.gray = f.samples[0];
        } else {
            f.trans_color.red = f.samples[0];
            f.trans_color.green = f.samples[1];
            f.trans_color.blue = f.samples[2];
        }
    }
    return f;
}

/* The floats the loader must produce: sample / maxval, palette entry / 255,
 * tRNS as an alpha channel. Returns channels via *channels. */
static float *expected_pixels(const fixture *f, int *channels)
{
    int spp = f->file_channels;
    int alpha = f->num_trans || f->has_trans_color;
    int ch = f->color_type == PNG_COLOR_TYPE_PALETTE ? 3 + alpha : spp + alpha;
    float maxval = (float)((1u << f->bit_depth) - 1);
    size_t npix = (size_t)f->width * f->height;
    float *out = malloc(npix * ch * sizeof *out);
    for (size_t p = 0; p < npix; p++) {
        const uint16_t *s = f->samples + p * spp;
        float *o = out + p * ch;
        if (f->color_type == PNG_COLOR_TYPE_PALETTE) {
            png_color c = f->palette[s[0]];
            o[0] = (float)c.red / 255.0f;
            o[1] = (float)c.green / 255.0f;
            o[2] = (float)c.blue / 255.0f;
            if (alpha) o[3] = s[0] < f->num_trans ? (float)f->trans[s[0]] / 255.0f : 1.0f;
        } else {
            for (int c = 0; c < spp; c++) o[c] = (float)s[c] / maxval;
            if (alpha) {
                int transparent = f->color_type == PNG_COLOR_TYPE_GRAY
                    ? s[0] == f->trans_color.gray
                    : s[0] == f->trans_color.red && s[1] == f->trans_color.green &&
                          s[2] == f->trans_color.blue;
                o[spp] = transparent ? 0.0f : 1.0f;
            }
        }
    }
    *channels = ch;
    return out;
}

static void check_image_equals(const image *img, const fixture *f, const char *what)
{
    int ch;
    float *want = expected_pixels(f, &ch);
    CHECK(img->width == f->width && img->height == f->height && img->channels == ch &&
              img->bit_depth == f->bit_depth,
          "%s: got %dx%dx%d depth %d, want %dx%dx%d depth %d", what, img->width,
          img->height, img->channels, img->bit_depth, f->width, f->height, ch,
          f->bit_depth);
    if (img->channels == ch && img->width == f->width && img->height == f->height) {
        size_t n = (size_t)f->width * f->height * ch, bad = 0, first = 0;
        for (size_t i = 0; i < n; i++)
            if (img->pixels[i] != want[i] && bad++ == 0) first = i;
        CHECK(bad == 0, "%s: %zu of %zu values differ, first at %zu: got %.9g want %.9g",
              what, bad, n, first, bad ? img->pixels[first] : 0.0, bad ? want[first] : 0.0);
    }
    free(want);
}

/* ---- the checks --------------------------------------------------------- */

static void test_every_format(void)
{
    static const struct { int color_type, depth, trans; } combos[] = {
        { PNG_COLOR_TYPE_GRAY, 1, 0 },  { PNG_COLOR_TYPE_GRAY, 2, 0 },
        { PNG_COLOR_TYPE_GRAY, 4, 0 },  { PNG_COLOR_TYPE_GRAY, 8, 0 },
        { PNG_COLOR_TYPE_GRAY, 16, 0 }, { PNG_COLOR_TYPE_GRAY, 1, 1 },
        { PNG_COLOR_TYPE_GRAY, 2, 1 },  { PNG_COLOR_TYPE_GRAY, 4, 1 },
        { PNG_COLOR_TYPE_GRAY, 8, 1 },  { PNG_COLOR_TYPE_GRAY, 16, 1 },
        { PNG_COLOR_TYPE_GRAY_ALPHA, 8, 0 }, { PNG_COLOR_TYPE_GRAY_ALPHA, 16, 0 },
        { PNG_COLOR_TYPE_RGB, 8, 0 },   { PNG_COLOR_TYPE_RGB, 16, 0 },
        { PNG_COLOR_TYPE_RGB, 8, 1 },   { PNG_COLOR_TYPE_RGB, 16, 1 },
        { PNG_COLOR_TYPE_RGB_ALPHA, 8, 0 }, { PNG_COLOR_TYPE_RGB_ALPHA, 16, 0 },
        { PNG_COLOR_TYPE_PALETTE, 1, 0 }, { PNG_COLOR_TYPE_PALETTE, 2, 0 },
        { PNG_COLOR_TYPE_PALETTE, 4, 0 }, { PNG_COLOR_TYPE_PALETTE, 8, 0 },
        { PNG_COLOR_TYPE_PALETTE, 1, 1 }, { PNG_COLOR_TYPE_PALETTE, 2, 1 },
        { PNG_COLOR_TYPE_PALETTE, 4, 1 }, { PNG_COLOR_TYPE_PALETTE, 8, 1 },
    };
    /* Odd sizes so rows end mid-byte and Adam7 blocks are partial; 1x1
     * leaves most Adam7 passes empty. */
    static const int sizes[][2] = { { 13, 7 }, { 1, 1 }, { 17, 9 }, { 3, 40 } };
    char path[512], what[128];
    tmp_path(path, sizeof path, "fixture.png");
    for (size_t c = 0; c < sizeof combos / sizeof combos[0]; c++)
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
            for (int interlace = 0; interlace <= 1; interlace++) {
                fixture f = make_fixture(sizes[s][0], sizes[s][1], combos[c].color_type,
                                         combos[c].depth, interlace, combos[c].trans);
                snprintf(what, sizeof what, "type %d depth %d trns %d %dx%d%s",
                         f.color_type, f.bit_depth, combos[c].trans, f.width,
                         f.height, interlace ? " interlaced" : "");
                membuf m = { 0 };
                CHECK(encode_fixture(&f, &m) == 0, "%s: fixture not written", what);
                CHECK(write_file(path, m.data, m.size) == 0, "cannot write %s", path);

                image img;
                inr_status st = image_load_png(path, &img);
                CHECK(st == INR_OK, "%s: %s", what, inr_error());
                if (st == INR_OK) check_image_equals(&img, &f, what);
                image_free(&img);

                st = image_load_png_memory(m.data, m.size, &img);
                CHECK(st == INR_OK, "%s (memory): %s", what, inr_error());
                if (st == INR_OK) check_image_equals(&img, &f, what);
                image_free(&img);
                free(m.data);
                free(f.samples);
            }
}

static float *random_pixels(size_t n)
{
    float *p = malloc(n * sizeof *p);
    for (size_t i = 0; i < n; i++) p[i] = (float)(test_rnd() % 1000001) / 1000000.0f;
    return p;
}

static void test_save_round_trip(void)
{
    char path[512];
    tmp_path(path, sizeof path, "saved.png");
    const int w = 37, h = 21;
    for (int depth = 8; depth <= 16; depth += 8)
        for (int ch = 1; ch <= 4; ch++) {
            size_t n = (size_t)w * h * ch;
            float *src = random_pixels(n);
            float maxval = depth == 16 ? 65535.0f : 255.0f;
            CHECK(image_save_png(path, src, w, h, ch, depth) == INR_OK, "save: %s",
                  inr_error());
            image img;
            CHECK(image_load_png(path, &img) == INR_OK, "load: %s", inr_error());
            CHECK(img.width == w && img.height == h && img.channels == ch &&
                      img.bit_depth == depth,
                  "depth %d ch %d: got %dx%dx%d depth %d", depth, ch, img.width,
                  img.height, img.channels, img.bit_depth);
            size_t bad = 0;
            for (size_t i = 0; img.pixels && i < n; i++) {
                /* Nearest level: within half a step (plus float rounding of
                 * the division), and exactly on a level. */
                float q = img.pixels[i] * maxval;
                if (fabsf(img.pixels[i] - src[i]) > 0.5f / maxval + 1e-7f ||
                    fabsf(q - roundf(q)) > 1e-3f)
                    bad++;
            }
            CHECK(bad == 0, "depth %d ch %d: %zu values off the nearest level", depth, ch,
                  bad);
            /* Saving what was loaded reproduces it bit for bit. */
            if (img.pixels) {
                image again;
                CHECK(image_save_png(path, img.pixels, w, h, ch, depth) == INR_OK, "%s",
                      inr_error());
                CHECK(image_load_png(path, &again) == INR_OK, "%s", inr_error());
                CHECK(again.pixels && !memcmp(again.pixels, img.pixels, n * sizeof(float)),
                      "depth %d ch %d: second round trip differs", depth, ch);
                image_free(&again);
            }
            image_free(&img);
            free(src);
        }
    CHECK(count_files("saved.png.tmp") == 0, "temporary files left behind");

    /* Clamping: out-of-range and infinite values go to the nearest end. */
    float wild[6] = { -0.5f, 1.5f, INFINITY, -INFINITY, 0.0f, 1.0f };
    float want[6] = { 0, 1, 1, 0, 0, 1 };
    image img;
    CHECK(image_save_png(path, wild, 6, 1, 1, 16) == INR_OK, "%s", inr_error());
    CHECK(image_load_png(path, &img) == INR_OK, "%s", inr_error());
    for (int i = 0; img.pixels && i < 6; i++)
        CHECK(img.pixels[i] == want[i], "clamp %d: got %g want %g", i, img.pixels[i],
              want[i]);
    image_free(&img);
}

static void test_save_failures(void)
{
    float px[4] = { 0.1f, 0.2f, 0.3f, 0.4f };
    char path[512];

    CHECK(image_save_png("/nonexistent-dir/x.png", px, 2, 2, 1, 8) == INR_ERR_IO,
          "unwritable directory");
    CHECK(strstr(inr_error(), "/nonexistent-dir/x.png") != NULL, "message: %s", inr_error());
    CHECK(!file_exists("/nonexistent-dir/x.png"), "file left behind");

    /* The rename fails (the target is a directory): the temporary file that
     * was fully written must be deleted and the directory left alone. */
    tmp_path(path, sizeof path, "adir");
    mkdir(path, 0700);
    CHECK(image_save_png(path, px, 2, 2, 1, 8) == INR_ERR_IO, "save over a directory");
    CHECK(inr_error()[0] != 0, "empty message");
    CHECK(count_files("adir.tmp") == 0, "temporary file left after failed rename");
    rmdir(path);

    tmp_path(path, sizeof path, "bad.png");
    CHECK(image_save_png(path, px, 2, 2, 5, 8) == INR_ERR_INVALID, "5 channels");
    CHECK(image_save_png(path, px, 2, 2, 1, 12) == INR_ERR_INVALID, "bit depth 12");
    CHECK(image_save_png(path, px, 0, 2, 1, 8) == INR_ERR_INVALID, "zero width");
    px[2] = NAN;
    CHECK(image_save_png(path, px, 2, 2, 1, 8) == INR_ERR_INVALID, "NaN pixel");
    CHECK(strstr(inr_error(), "NaN") != NULL, "message: %s", inr_error());
    CHECK(!file_exists(path) && count_files("bad.png") == 0, "file left after refusal");
}

/* A load that must fail: an error status, a message, nothing allocated. */
#define CHECK_LOAD_FAILS(st, img, what)                                          \
    do {                                                                         \
        CHECK((st) == INR_ERR_FORMAT || (st) == INR_ERR_IO, "%s: status %d", what, \
              (int)(st));                                                        \
        CHECK(inr_error()[0] != 0, "%s: empty message", what);                   \
        CHECK((img).pixels == NULL, "%s: pixels left allocated", what);          \
    } while (0)

static void test_damaged_files(void)
{
    /* Several IDAT chunks (256-byte buffer), interlaced, 16-bit: cuts land in
     * every part of the decoder. */
    fixture f = make_fixture(24, 20, PNG_COLOR_TYPE_RGB, 16, 1, 0);
    f.idat_size = 256;
    membuf m = { 0 };
    CHECK(encode_fixture(&f, &m) == 0, "fixture");
    image img;
    char path[512], what[64];
    inr_status st;

    CHECK(image_load_png_memory(m.data, m.size, &img) == INR_OK, "%s", inr_error());
    image_free(&img);

    /* Cut at every offset in memory, and at a spread of offsets on disk. */
    tmp_path(path, sizeof path, "cut.png");
    int failures = 0;
    for (size_t cut = 0; cut < m.size; cut++) {
        inr_error(); /* no state carried between loads */
        st = image_load_png_memory(m.data, cut, &img);
        if (st == INR_OK || inr_error()[0] == 0 || img.pixels) failures++;
        image_free(&img);
        if (cut % 97 == 0 || cut + 1 == m.size) {
            write_file(path, m.data, cut);
            snprintf(what, sizeof what, "file cut at %zu of %zu", cut, m.size);
            st = image_load_png(path, &img);
            CHECK_LOAD_FAILS(st, img, what);
            image_free(&img);
        }
    }
    CHECK(failures == 0, "%d truncated buffers were accepted or gave no reason", failures);
    image_load_png_memory(m.data, m.size - 1, &img);
    CHECK(strstr(inr_error(), "truncated or corrupt PNG") != NULL, "message: %s",
          inr_error());

    /* One byte changed inside the first IDAT's data: its CRC no longer
     * matches. Chunks: signature 8, IHDR 25, then IDAT (length, type, data). */
    unsigned char *bad = malloc(m.size);
    memcpy(bad, m.data, m.size);
    CHECK(!memcmp(bad + 33 + 4, "IDAT", 4), "fixture layout: expected IDAT at 33");
    bad[33 + 8 + 10] ^= 0x55;
    st = image_load_png_memory(bad, m.size, &img);
    CHECK_LOAD_FAILS(st, img, "corrupt IDAT byte");
    CHECK(st == INR_ERR_FORMAT && strstr(inr_error(), "CRC"), "message: %s", inr_error());
    image_free(&img);

    /* IHDR's CRC itself damaged. */
    memcpy(bad, m.data, m.size);
    bad[8 + 8 + 13] ^= 0x01;
    st = image_load_png_memory(bad, m.size, &img);
    CHECK_LOAD_FAILS(st, img, "corrupt IHDR CRC");
    image_free(&img);

    /* Every single-byte change: must never crash or leak (valgrind checks the
     * latter); with only critical chunks present each is also detected. */
    int accepted = 0;
    for (size_t i = 0; i < m.size; i++) {
        memcpy(bad, m.data, m.size);
        bad[i] ^= 0xff;
        st = image_load_png_memory(bad, m.size, &img);
        if (st == INR_OK) accepted++;
        else if (inr_error()[0] == 0 || img.pixels) failures++;
        image_free(&img);
    }
    CHECK(accepted == 0 && failures == 0, "byte flips: %d accepted, %d bad failures",
          accepted, failures);
    free(bad);

    /* Not PNG at all. */
    tmp_path(path, sizeof path, "empty.png");
    write_file(path, "", 0);
    st = image_load_png(path, &img);
    CHECK_LOAD_FAILS(st, img, "empty file");
    CHECK(st == INR_ERR_FORMAT && strstr(inr_error(), "empty"), "message: %s", inr_error());
    st = image_load_png_memory(m.data, 0, &img);
    CHECK_LOAD_FAILS(st, img, "empty buffer");

    tmp_path(path, sizeof path, "text.png");
    const char *text = "this is a text file, not an image\n";
    write_file(path, text, strlen(text));
    st = image_load_png(path, &img);
    CHECK_LOAD_FAILS(st, img, "text file");
    char want[600];
    snprintf(want, sizeof want, "'%s' is not a PNG file", path);
    CHECK(!strcmp(inr_error(), want), "message: %s", inr_error());

    tmp_path(path, sizeof path, "missing.png");
    st = image_load_png(path, &img);
    CHECK_LOAD_FAILS(st, img, "missing file");
    snprintf(want, sizeof want, "cannot open '%s': No such file or directory", path);
    CHECK(st == INR_ERR_IO && !strcmp(inr_error(), want), "message: %s", inr_error());

    st = image_load_png(tmpdir, &img);
    CHECK_LOAD_FAILS(st, img, "a directory");

    free(m.data);
    free(f.samples);
}

static void test_pixel_limit(void)
{
    fixture f = make_fixture(17, 9, PNG_COLOR_TYPE_GRAY, 8, 0, 0); /* 153 pixels */
    membuf m = { 0 };
    CHECK(encode_fixture(&f, &m) == 0, "fixture");
    image img;
    image_set_max_pixels(153);
    CHECK(image_load_png_memory(m.data, m.size, &img) == INR_OK, "at the limit: %s",
          inr_error());
    image_free(&img);
    image_set_max_pixels(152);
    CHECK(image_load_png_memory(m.data, m.size, &img) == INR_ERR_NOMEM, "over the limit");
    CHECK(strstr(inr_error(), "152") && strstr(inr_error(), "--max-pixels"), "message: %s",
          inr_error());
    CHECK(img.pixels == NULL, "allocated over the limit");
    image_set_max_pixels(0); /* back to the default */
    CHECK(image_load_png_memory(m.data, m.size, &img) == INR_OK, "default: %s",
          inr_error());
    image_free(&img);
    free(m.data);
    free(f.samples);
}

/* The bundled sample (assets/README.md); tests run from the repository root. */
static void test_bundled_asset(void)
{
    if (!file_exists("assets")) {
        CHECK(0, "no assets/ (run the test from the repository root)");
        return;
    }
    image img;
    CHECK(image_load_png("assets/camera_128.png", &img) == INR_OK, "%s", inr_error());
    CHECK(img.width == 128 && img.height == 128 && img.channels == 1 && img.bit_depth == 8,
          "camera_128.png: %dx%dx%d depth %d", img.width, img.height, img.channels,
          img.bit_depth);
    image_free(&img);
}

static void test_reference_data(void)
{
    /* The reference data is in the repository (tests/data): a missing file
     * is a failure (CHECK), after which the rest of the test still runs. */
    const char *dir = data_dir();
    static const struct { const char *file; int w, h, ch; } want[] = {
        { "images/camera_256.png", 256, 256, 1 },
        { "images/astronaut.png", 512, 512, 3 },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, want[i].file);
        image img;
        inr_status st = image_load_png(path, &img);
        CHECK(st == INR_OK, "%s", inr_error());
        CHECK(img.width == want[i].w && img.height == want[i].h &&
                  img.channels == want[i].ch && img.bit_depth == 8,
              "%s: %dx%dx%d depth %d", want[i].file, img.width, img.height, img.channels,
              img.bit_depth);
        if (st == INR_OK) {
            /* A photograph spans most of the range: a decode that lost the
             * scale would show up as a tiny max or a min near 1. */
            float lo = 1, hi = 0;
            for (size_t k = 0; k < (size_t)img.width * img.height * img.channels; k++) {
                if (img.pixels[k] < lo) lo = img.pixels[k];
                if (img.pixels[k] > hi) hi = img.pixels[k];
            }
            CHECK(lo >= 0 && lo < 0.1f && hi <= 1 && hi > 0.9f, "%s: range %g..%g",
                  want[i].file, lo, hi);
        }
        image_free(&img);
    }
}

int main(void)
{
    test_rnd_state = 12345;
    if (make_tmpdir("image") != 0) return 1;
    test_every_format();
    test_save_round_trip();
    test_save_failures();
    test_damaged_files();
    test_pixel_limit();
    test_bundled_asset();
    test_reference_data();
    remove_tmpdir();
    return check_result();
}
