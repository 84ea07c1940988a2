/* test_jpeg_io.c - JPEG reading (io/jpeg_io.c) and EXIF orientation
 * (io/exif.c): grey, RGB, CMYK, progressive; all 8 orientations in both
 * byte orders against rotations and flips written here, and against Pillow
 * (tests/jpeg_orient_ref.py) when it is installed; truncated, corrupt and
 * oversized files; the format chosen by content, not by name. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "exif.h"
#include "jpeg_io.h"
#include "jpeg_make.h"
#include "signal_io.h"
#include "test_files.h"

enum { W = 24, H = 16 };

/* A grey image of flat 8x8 blocks, which JPEG at quality 100 keeps to
 * within a level or two. */
static void blocks(unsigned char *g)
{
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) g[y * W + x] = (unsigned char)(20 + 35 * (x / 8) + 110 * (y / 8));
}

/* The displayed image by the geometric operations EXIF names (Pillow's
 * exif_transpose: 2 mirror, 3 rotate 180, 4 flip, 5 transpose, 6 rotate
 * 270 counter-clockwise, 7 transverse, 8 rotate 90), built step by step. */
static void rot90ccw(const float *s, int w, int h, float *d)   /* d is h wide, w high */
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) d[(w - 1 - x) * h + y] = s[y * w + x];
}
static void mirror(const float *s, int w, int h, float *d)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) d[y * w + (w - 1 - x)] = s[y * w + x];
}
static void expected(const float *s, int orientation, float *d, int *dw, int *dh)
{
    float a[W * H], b[W * H];
    int w = W, h = H;
    memcpy(a, s, sizeof a);
    int turns = (int[]){ 0, 0, 0, 2, 2, 1, 3, 3, 1 }[orientation];      /* ccw quarter turns */
    int mirrored = (int[]){ 0, 0, 1, 0, 1, 1, 0, 1, 0 }[orientation];   /* mirror first */
    if (mirrored) {
        mirror(a, w, h, b);
        memcpy(a, b, sizeof a);
    }
    for (int t = 0; t < turns; t++) {
        rot90ccw(a, w, h, b);
        memcpy(a, b, sizeof a);
        int tmp = w;
        w = h;
        h = tmp;
    }
    memcpy(d, a, sizeof a);
    *dw = w;
    *dh = h;
}

static float max_diff(const float *a, const float *b, size_t n)
{
    float m = 0;
    for (size_t i = 0; i < n; i++) m = fmaxf(m, fabsf(a[i] - b[i]));
    return m;
}

static void test_orientations(void)
{
    unsigned char g[W * H];
    blocks(g);
    float src[W * H];
    for (int i = 0; i < W * H; i++) src[i] = g[i] / 255.0f;
    for (int be = 0; be < 2; be++)
        for (int o = 0; o <= 8; o++) {
            unsigned char *data;
            unsigned long size;
            jpeg_make(g, W, H, 1, 100, be, o, be, &data, &size);
            image img;
            CHECK(image_load_jpeg_memory(data, size, &img) == INR_OK, "o=%d: %s", o, inr_error());
            float want[W * H];
            int ww, wh;
            expected(src, o ? o : 1, want, &ww, &wh);
            CHECK(img.orientation == o, "orientation %d read as %d", o, img.orientation);
            CHECK(img.width == ww && img.height == wh && img.channels == 1,
                  "o=%d: %dx%dx%d, want %dx%dx1", o, img.width, img.height, img.channels, ww, wh);
            if (img.pixels && img.width == ww)
                CHECK(max_diff(img.pixels, want, W * H) <= 2.5f / 255, "o=%d (%s): pixels differ by %g",
                      o, be ? "MM" : "II", max_diff(img.pixels, want, W * H));
            image_free(&img);
            free(data);
        }
}

/* Pillow's reading of the same files, where Pillow is installed. */
static void test_against_pillow(void)
{
    const char *py = system("python3 -c 'import PIL' 2>/dev/null") == 0 ? "python3"
                     : system("/usr/bin/python3 -c 'import PIL' 2>/dev/null") == 0 ? "/usr/bin/python3"
                     : NULL;
    if (!py) {
        fprintf(stderr, "note: no Pillow, the comparison with it is left out\n");
        return;
    }
    char cmd[600];
    snprintf(cmd, sizeof cmd, "%s tests/jpeg_orient_ref.py %s", py, tmpdir);
    CHECK(system(cmd) == 0, "%s failed", cmd);
    for (int o = 1; o <= 8; o++) {
        char jpg[400], png[400];
        snprintf(jpg, sizeof jpg, "%s/orient%d.jpg", tmpdir, o);
        snprintf(png, sizeof png, "%s/orient%d.png", tmpdir, o);
        image a, b;
        CHECK(image_load_jpeg(jpg, &a) == INR_OK, "%s", inr_error());
        CHECK(image_load_png(png, &b) == INR_OK, "%s", inr_error());
        CHECK(a.width == b.width && a.height == b.height && a.channels == 3 && b.channels == 3,
              "o=%d: inrfit %dx%dx%d, Pillow %dx%dx%d", o, a.width, a.height, a.channels, b.width,
              b.height, b.channels);
        if (a.pixels && b.pixels && a.width == b.width && a.height == b.height && a.channels == 3) {
            float d = max_diff(a.pixels, b.pixels, (size_t)a.width * a.height * 3);
            CHECK(d <= 2.5f / 255, "o=%d: %g from Pillow", o, d);
        }
        image_free(&a);
        image_free(&b);
    }
}

static void test_colour(void)
{
    /* RGB and progressive RGB: a red-green-blue-white row of blocks. */
    unsigned char rgb[W * H * 3], cmyk[W * H * 4];
    static const unsigned char cols[3][3] = { { 250, 10, 10 }, { 10, 250, 10 }, { 10, 10, 250 } };
    for (int i = 0; i < W * H; i++) memcpy(rgb + 3 * i, cols[(i % W) / 8], 3);
    for (int prog = 0; prog < 2; prog++) {
        unsigned char *data;
        unsigned long size;
        jpeg_make(rgb, W, H, 3, 100, prog, 0, 0, &data, &size);
        image img;
        CHECK(image_load_jpeg_memory(data, size, &img) == INR_OK, "%s", inr_error());
        CHECK(img.channels == 3 && img.bit_depth == 8, "%d channels, %d bits", img.channels,
              img.bit_depth);
        float d = 0;
        for (int i = 0; img.pixels && i < W * H * 3; i++) d = fmaxf(d, fabsf(img.pixels[i] - rgb[i] / 255.0f));
        CHECK(img.pixels && d <= 4.0f / 255, "RGB%s differs by %g", prog ? " progressive" : "", d);
        image_free(&img);
        free(data);
    }
    /* CMYK as Adobe writes it (inverted: 255 = no ink): magenta ink only. */
    for (int i = 0; i < W * H; i++) memcpy(cmyk + 4 * i, (unsigned char[]){ 255, 0, 255, 255 }, 4);
    unsigned char *data;
    unsigned long size;
    jpeg_make(cmyk, W, H, 4, 100, 0, 0, 0, &data, &size);
    image img;
    CHECK(image_load_jpeg_memory(data, size, &img) == INR_OK, "CMYK: %s", inr_error());
    CHECK(img.channels == 3, "CMYK gives %d channels", img.channels);
    if (img.pixels)
        CHECK(img.pixels[0] > 0.97f && img.pixels[1] < 0.03f && img.pixels[2] > 0.97f,
              "CMYK magenta read as %g %g %g", img.pixels[0], img.pixels[1], img.pixels[2]);
    image_free(&img);
    free(data);
}

static void test_bad_input(void)
{
    unsigned char g[W * H];
    blocks(g);
    unsigned char *data;
    unsigned long size;
    jpeg_make(g, W, H, 1, 90, 0, 6, 0, &data, &size);
    image img;
    /* Every cut, down to the signature, is refused with a reason. */
    int refused = 0;
    for (unsigned long cut = 0; cut < size; cut++) {
        inr_status st = image_load_jpeg_memory(data, cut, &img);
        refused += st == INR_ERR_FORMAT && img.pixels == NULL && inr_error()[0];
    }
    CHECK(refused == (int)size, "%d of %lu truncations refused", refused, size);
    CHECK(image_load_jpeg_memory(data, size - 2, &img) == INR_ERR_FORMAT &&
              strstr(inr_error(), "truncated or corrupt JPEG"),
          "cut before EOI: %s", inr_error());

    /* Over --max-pixels, and a header asking for more than the file codes. */
    image_set_max_pixels(W * H - 1);
    CHECK(image_load_jpeg_memory(data, size, &img) == INR_ERR_NOMEM &&
              strstr(inr_error(), "--max-pixels"), "limit: %s", inr_error());
    image_set_max_pixels(1LL << 40);
    unsigned char *big = malloc(size);
    memcpy(big, data, size);
    for (unsigned long i = 0; i + 9 < size; i++)
        if (big[i] == 0xff && big[i + 1] == 0xc0) {   /* SOF0: height, width at +5, +7 */
            big[i + 5] = big[i + 7] = 0xea;
            big[i + 6] = big[i + 8] = 0x60;
            break;
        }
    CHECK(image_load_jpeg_memory(big, size, &img) == INR_ERR_FORMAT &&
              strstr(inr_error(), "cannot fit"), "60000x60000 header: %s", inr_error());
    image_set_max_pixels(0);
    free(big);

    /* Scrambled entropy-coded data: refused or decoded, never a crash. */
    test_rnd_state = 7;
    for (int k = 0; k < 200; k++) {
        unsigned char *bad = malloc(size);
        memcpy(bad, data, size);
        bad[size / 2 + test_rnd() % (size / 2 - 2)] ^= (unsigned char)(1 + test_rnd() % 255);
        if (image_load_jpeg_memory(bad, size, &img) == INR_OK)
            CHECK(img.pixels && img.width == H && img.height == W, "decoded shape");
        else
            CHECK(img.pixels == NULL && inr_error()[0], "failure without a reason");
        image_free(&img);
        free(bad);
    }
    CHECK(image_load_jpeg_memory((const unsigned char *)"\x89PNG", 4, &img) == INR_ERR_FORMAT,
          "not a JPEG");

    /* The format comes from the content: a JPEG named .png, a PNG named .jpg. */
    char path[400];
    tmp_path(path, sizeof path, "photo.png");
    CHECK(write_file(path, data, size) == 0, "write %s", path);
    signal_data s;
    CHECK(signal_load(path, &s) == INR_OK, "%s", inr_error());
    CHECK(strncmp(s.format, "JPEG 8-bit grey, EXIF orientation 6", 64) == 0, "format '%s'", s.format);
    CHECK(s.info.width == H && s.info.height == W, "%ldx%ld", s.info.width, s.info.height);
    signal_free(&s);
    tmp_path(path, sizeof path, "cut.jpg");
    CHECK(write_file(path, data, size / 2) == 0, "write %s", path);
    CHECK(signal_load(path, &s) == INR_ERR_FORMAT && strstr(inr_error(), "cut.jpg"), "%s",
          inr_error());
    tmp_path(path, sizeof path, "image.jpg");
    float px[6] = { 0, 0.2f, 0.4f, 0.6f, 0.8f, 1 };
    CHECK(image_save_png(path, px, 3, 2, 1, 8) == INR_OK, "%s", inr_error());
    CHECK(signal_load(path, &s) == INR_OK && strncmp(s.format, "PNG", 3) == 0, "PNG named .jpg: %s",
          s.format);
    signal_free(&s);
    free(data);
}

static void test_exif_parser(void)
{
    unsigned char block[32];
    for (int be = 0; be < 2; be++) {
        size_t n = jpeg_make_exif(block, 8, be);
        CHECK(exif_orientation(block, n) == 8, "whole block");
        int zero = 0;
        for (size_t cut = 0; cut < n - 8; cut++) zero += exif_orientation(block, cut) == 0;
        CHECK(zero == (int)(n - 8), "cut blocks: %d of %zu give 0", zero, n - 8);
        block[24 + be] = 9;
        CHECK(exif_orientation(block, n) == 0, "orientation 9");
        jpeg_make_exif(block, 3, be);
        block[18 + be] = 4;   /* type LONG */
        CHECK(exif_orientation(block, n) == 0, "not a SHORT");
        jpeg_make_exif(block, 3, be);
        block[10 + !be] = 0xff;   /* IFD0 offset far beyond the block */
        CHECK(exif_orientation(block, n) == 0, "IFD out of range");
    }
    jpeg_make_exif(block, 3, 0);
    block[6] = 'X';
    CHECK(exif_orientation(block, 32) == 0, "bad byte order");
}

int main(void)
{
    if (make_tmpdir("jpeg")) return 1;
    test_exif_parser();
    test_orientations();
    test_colour();
    test_bad_input();
    test_against_pillow();
    remove_tmpdir();
    return check_result();
}
