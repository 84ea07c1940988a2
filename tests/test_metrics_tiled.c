/* test_metrics_tiled.c - the streaming SSIM (metric_ssim_begin/_row/_end)
 * and metric_ssim, which now runs on it, give bit for bit what the former
 * whole-image implementation gave (kept below as the reference: five
 * double planes and their blurs), on the bundled images against a noisy
 * copy, on random images of odd sizes, and at the window's limits. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "image_io.h"
#include "metrics.h"

static void ref_blur_valid(const double *in, double *tmp, double *out, int H, int W,
                           const double *g)
{
    int Wv = W - 10, Hv = H - 10;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < Wv; x++) {
            double s = 0;
            for (int k = 0; k < 11; k++) s += g[k] * in[(size_t)y * W + x + k];
            tmp[(size_t)y * Wv + x] = s;
        }
    for (int y = 0; y < Hv; y++)
        for (int x = 0; x < Wv; x++) {
            double s = 0;
            for (int k = 0; k < 11; k++) s += g[k] * tmp[(size_t)(y + k) * Wv + x];
            out[(size_t)y * Wv + x] = s;
        }
}

/* metric_ssim as it was before the streaming one (inr/metrics.c, 2026). */
static double ref_ssim(const float *a, const float *b, int H, int W, int C, double range)
{
    if (H < 11 || W < 11) return NAN;
    double g[11], gsum = 0;
    for (int k = 0; k < 11; k++) gsum += g[k] = exp(-(k - 5) * (k - 5) / (2 * 1.5 * 1.5));
    for (int k = 0; k < 11; k++) g[k] /= gsum;
    const double c1 = (0.01 * range) * (0.01 * range), c2 = (0.03 * range) * (0.03 * range);
    size_t n = (size_t)H * W, nv = (size_t)(H - 10) * (W - 10);
    double *in = malloc(5 * n * sizeof(double)), *mu = malloc(5 * nv * sizeof(double));
    double *tmp = malloc((size_t)H * (W - 10) * sizeof(double));
    if (!in || !mu || !tmp) FATAL("out of memory");
    double total = 0;
    for (int c = 0; c < C; c++) {
        for (size_t i = 0; i < n; i++) {
            double x = a[i * C + c], y = b[i * C + c];
            in[i] = x; in[n + i] = y;
            in[2 * n + i] = x * x; in[3 * n + i] = y * y; in[4 * n + i] = x * y;
        }
        for (int p = 0; p < 5; p++) ref_blur_valid(in + p * n, tmp, mu + p * nv, H, W, g);
        double sum = 0;
        for (size_t i = 0; i < nv; i++) {
            double mx = mu[i], my = mu[nv + i];
            double vx = mu[2 * nv + i] - mx * mx, vy = mu[3 * nv + i] - my * my;
            double cxy = mu[4 * nv + i] - mx * my;
            sum += ((2 * mx * my + c1) * (2 * cxy + c2)) /
                   ((mx * mx + my * my + c1) * (vx + vy + c2));
        }
        total += sum / nv;
    }
    free(in); free(mu); free(tmp);
    return total / C;
}

static unsigned long long lcg = 12345;
static float uniform(void)
{
    lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
    return (float)((lcg >> 40) / (double)(1ULL << 24));
}

static void same(const float *a, const float *b, int H, int W, int C, double range,
                 const char *what)
{
    double want = ref_ssim(a, b, H, W, C, range), got = metric_ssim(a, b, H, W, C, range);
    int eq = (isnan(want) && isnan(got)) || memcmp(&want, &got, sizeof got) == 0;
    CHECK(eq, "%s %dx%dx%d: streaming SSIM %.17g, whole-image %.17g", what, H, W, C, got, want);
    /* Fed through the stream by hand, as the fit's tiled report does. */
    metric_ssim_stream s;
    CHECK(metric_ssim_begin(&s, H, W, C, range) == 0, "begin");
    for (int y = 0; y < H; y++)
        metric_ssim_row(&s, a + (size_t)y * W * C, b + (size_t)y * W * C);
    double fed = metric_ssim_end(&s);
    eq = (isnan(want) && isnan(fed)) || memcmp(&want, &fed, sizeof fed) == 0;
    CHECK(eq, "%s: fed row by row %.17g, whole-image %.17g", what, fed, want);
}

int main(void)
{
    const char *names[] = { "camera.png", "camera_256.png", "astronaut.png", "coffee.png",
                            "gravel.png" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char rel[128], path[1024];
        snprintf(rel, sizeof rel, "images/%s", names[i]);
        data_path(path, sizeof path, rel);
        image img;
        if (image_load_png(path, &img) != INR_OK) FATAL("%s: %s", path, inr_error());
        size_t n = (size_t)img.width * img.height * img.channels;
        float *noisy = malloc(n * sizeof(float));
        if (!noisy) FATAL("out of memory");
        for (size_t k = 0; k < n; k++) noisy[k] = fminf(fmaxf(img.pixels[k] + 0.1f * (uniform() - 0.5f), 0), 1);
        same(noisy, img.pixels, img.height, img.width, img.channels, 1.0, names[i]);
        same(img.pixels, img.pixels, img.height, img.width, img.channels, 1.0, names[i]);
        free(noisy);
        image_free(&img);
    }
    int sizes[][3] = { { 11, 11, 1 }, { 11, 40, 3 }, { 37, 11, 4 }, { 23, 29, 2 }, { 10, 50, 1 },
                       { 50, 10, 3 }, { 64, 65, 3 } };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        int H = sizes[i][0], W = sizes[i][1], C = sizes[i][2];
        size_t n = (size_t)H * W * C;
        float *a = malloc(n * sizeof(float)), *b = malloc(n * sizeof(float));
        if (!a || !b) FATAL("out of memory");
        for (size_t k = 0; k < n; k++) { a[k] = uniform(); b[k] = 0.5f * a[k] + 0.5f * uniform(); }
        same(a, b, H, W, C, 1.0, "random");
        same(a, b, H, W, C, 2.0, "random, range 2");
        /* Too few rows fed: NaN, not a partial mean. */
        metric_ssim_stream s;
        metric_ssim_begin(&s, H, W, C, 1.0);
        for (int y = 0; y + 1 < H; y++) metric_ssim_row(&s, a + (size_t)y * W * C, b + (size_t)y * W * C);
        CHECK(isnan(metric_ssim_end(&s)), "%dx%d: a stream one row short is NaN", H, W);
        free(a);
        free(b);
    }
    return check_result();
}
