/* test_fresh.c - FreSh pieces (METHODS 3.2): the antialiased resize, the 2-D
 * spectrum binned by L1 radius with the conjugate-pair mask, the 1-D spectrum
 * pooled over 0..Nyquist (a tone lands in its band in Hz at any length)
 * and the W1 distance and centroid gap, each against a direct computation.
 */
#include "check.h"
#include "spectral.h"
#include "spectral_ref.h"

#include <string.h>

static void fill(float *x, size_t n, uint64_t seed)
{
    for (size_t i = 0; i < n; i++) x[i] = (float)ref_uniform(&seed);
}

/* ---- resize ------------------------------------------------------------- */

/* The PIL/torchvision antialiased bilinear weights written without windows:
 * output o (centre (o+0.5)*scale) takes every input pixel t with weight
 * tri((t + 0.5 - centre) / max(scale, 1)), normalised to sum 1. */
static void ref_resize(const float *in, int h, int w, int c, double *out, int oh, int ow)
{
    double sy = (double)h / oh, sx = (double)w / ow;
    double fy = sy > 1 ? sy : 1, fx = sx > 1 ? sx : 1;
    for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
            for (int ch = 0; ch < c; ch++) {
                double acc = 0, wsum = 0;
                for (int y = 0; y < h; y++) {
                    double wy = 1 - fabs((y + 0.5 - (oy + 0.5) * sy) / fy);
                    if (wy <= 0) continue;
                    for (int x = 0; x < w; x++) {
                        double wx = 1 - fabs((x + 0.5 - (ox + 0.5) * sx) / fx);
                        if (wx <= 0) continue;
                        acc += wy * wx * in[(y * w + x) * c + ch];
                        wsum += wy * wx;
                    }
                }
                out[(oy * ow + ox) * c + ch] = acc / wsum;
            }
        }
    }
}

/* Resized values are convex combinations of float inputs in [-1, 1] computed
 * with double weights and rounded once per pass: 1e-6 is a few float ulps. */
#define RESIZE_ATOL 1e-6

static void check_resize_ref(int h, int w, int c, int oh, int ow)
{
    float *in = malloc(sizeof(float) * h * w * c), *out = malloc(sizeof(float) * oh * ow * c);
    double *ref = malloc(sizeof(double) * oh * ow * c), worst = 0;
    fill(in, (size_t)h * w * c, 77 + h * 13 + w);
    CHECK(spectral_resize(in, h, w, c, out, oh, ow) == INR_OK, "%s", inr_error());
    ref_resize(in, h, w, c, ref, oh, ow);
    for (int i = 0; i < oh * ow * c; i++) worst = fmax(worst, fabs(out[i] - ref[i]));
    CHECK(worst <= RESIZE_ATOL, "%dx%d -> %dx%d: worst error %g", h, w, oh, ow, worst);
    free(in); free(out); free(ref);
}

static void test_resize(void)
{
    /* A constant image stays constant (weights sum to 1 at every pixel). */
    {
        enum { H = 13, W = 9, OH = 5, OW = 4 };
        float in[H * W * 2], out[OH * OW * 2];
        for (int p = 0; p < H * W; p++) in[2 * p] = 0.7f, in[2 * p + 1] = -0.3f;
        CHECK(spectral_resize(in, H, W, 2, out, OH, OW) == INR_OK, "%s", inr_error());
        for (int p = 0; p < OH * OW; p++) {
            CHECK_CLOSE(out[2 * p], 0.7f, RESIZE_ATOL, 0);
            CHECK_CLOSE(out[2 * p + 1], -0.3f, RESIZE_ATOL, 0);
        }
    }
    /* Checkerboard 0/1 shrunk by 2: the triangle widened to 2 pixels weighs
     * each interior neighbourhood .25 .75 .75 .25, so interior pixels are
     * exactly 0.5 (antialiasing averages whole periods). Shrunk by 3, the
     * weights 1/3 2/3 1 2/3 1/3 give 4/9 or 5/9 per axis and 40/81 or 41/81
     * in 2-D, while plain bilinear would sample single pixels and return 0 or
     * 1 (aliasing). At the border the window is cut off and renormalised (PIL
     * does the same), which moves edge pixels by at most 1/7. */
    for (int f = 2; f <= 3; f++) {
        int n = 4 * f, o = 4;
        float in[144], out[16];
        double mean = 0, interior_tol = f == 2 ? RESIZE_ATOL : 1.0 / 81 + RESIZE_ATOL;
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) in[y * n + x] = (float)((x + y) % 2);
        CHECK(spectral_resize(in, n, n, 1, out, o, o) == INR_OK, "%s", inr_error());
        for (int y = 1; y < o - 1; y++)
            for (int x = 1; x < o - 1; x++)
                CHECK_CLOSE(out[y * o + x], 0.5, interior_tol, 0);
        for (int p = 0; p < o * o; p++) {
            mean += out[p] / (o * o);
            CHECK(fabs(out[p] - 0.5) <= 1.0 / 7 + RESIZE_ATOL, "factor %d pixel %d = %g",
                  f, p, out[p]);
        }
        CHECK_CLOSE(mean, 0.5, 0.02, 0); /* edge errors alternate in sign */
    }
    /* Same size: identity, bit for bit. */
    {
        float in[6 * 5 * 3], out[6 * 5 * 3];
        fill(in, 90, 5);
        CHECK(spectral_resize(in, 6, 5, 3, out, 6, 5) == INR_OK, "%s", inr_error());
        CHECK(memcmp(in, out, sizeof in) == 0, "identity resize changed values");
    }
    /* Hand-computed from PIL's precompute_coeffs (torchvision antialias=True):
     * [0 1 2 3] -> 2 samples: centre 1 takes pixels 0..2 with weights
     * .75 .75 .25 -> 5/7; centre 3 takes 1..3 with .25 .75 .75 -> 16/7.
     * Upscaling [0 1] -> 4 is ordinary half-pixel bilinear: 0 .25 .75 1. */
    {
        float row[4] = {0, 1, 2, 3}, two[2], up[4], pair[2] = {0, 1};
        CHECK(spectral_resize(row, 1, 4, 1, two, 1, 2) == INR_OK, "%s", inr_error());
        CHECK_CLOSE(two[0], 5.0 / 7, RESIZE_ATOL, 0);
        CHECK_CLOSE(two[1], 16.0 / 7, 3 * RESIZE_ATOL, 0);
        CHECK(spectral_resize(pair, 1, 2, 1, up, 1, 4) == INR_OK, "%s", inr_error());
        CHECK_CLOSE(up[0], 0.0, RESIZE_ATOL, 0);
        CHECK_CLOSE(up[1], 0.25, RESIZE_ATOL, 0);
        CHECK_CLOSE(up[2], 0.75, RESIZE_ATOL, 0);
        CHECK_CLOSE(up[3], 1.0, RESIZE_ATOL, 0);
    }
    check_resize_ref(10, 7, 3, 7, 7);
    check_resize_ref(9, 12, 1, 9, 9);
    check_resize_ref(20, 15, 2, 6, 4);
    check_resize_ref(5, 3, 1, 11, 8); /* upscale both axes */
}

/* ---- conjugate-pair mask and binning ------------------------------------- */

/* Mask built greedily: walk the entries by L1 radius b = i+j, then by i, and
 * keep one unless its conjugate ((S-i)%S, (S-j)%S) was kept already. */
static void mask_greedy(int s, unsigned char *m)
{
    memset(m, 0, (size_t)s * s);
    for (int b = 0; b <= 2 * s - 2; b++)
        for (int i = 0; i < s; i++) {
            int j = b - i;
            if (j < 0 || j >= s) continue;
            if (!m[((s - i) % s) * s + (s - j) % s]) m[i * s + j] = 1;
        }
}

/* The official get_2d_fft_mask(), read back in (i, j) = (row, column) terms:
 * i+j <= S-1 except the axis halves past S/2, plus i = 1..S/2 on i+j = S. */
static void mask_official(int s, unsigned char *m)
{
    for (int i = 0; i < s; i++)
        for (int j = 0; j < s; j++) {
            int keep = i + j <= s - 1;
            if ((i > s / 2 && j == 0) || (i == 0 && j > s / 2)) keep = 0;
            if (i + j == s && i >= 1 && i <= s / 2) keep = 1;
            m[i * s + j] = (unsigned char)keep;
        }
}

static void test_mask(void)
{
    for (int s = 1; s <= 12; s++) {
        unsigned char g[144], o[144];
        mask_greedy(s, g);
        mask_official(s, o);
        CHECK(memcmp(g, o, (size_t)s * s) == 0, "S=%d: greedy and official masks differ", s);
        for (int i = 0; i < s; i++)
            for (int j = 0; j < s; j++) {
                int ci = (s - i) % s, cj = (s - j) % s;
                int self = ci == i && cj == j;
                /* every conjugate pair exactly once */
                CHECK(self ? g[i * s + j] == 1 : g[i * s + j] + g[ci * s + cj] == 1,
                      "S=%d (%d,%d)", s, i, j);
                /* for b <= S/2 the whole first quadrant counts (METHODS 3.2) */
                if (i + j <= s / 2) CHECK(g[i * s + j], "S=%d (%d,%d) dropped", s, i, j);
            }
    }
}

/* spec[b-1] = sum_{i+j=b} m A by a direct double loop; A from the naive DFT. */
static void ref_bin2d(const float *x, int s, int c, int nbins, double *spec)
{
    double *a = calloc((size_t)s * s, sizeof *a), *one = malloc(sizeof(double) * s * s);
    unsigned char *m = malloc((size_t)s * s);
    for (int ch = 0; ch < c; ch++) {
        ref_dft2_mag(x, s, s, c, ch, one);
        for (int p = 0; p < s * s; p++) a[p] += one[p];
    }
    mask_greedy(s, m);
    for (int b = 1; b <= nbins; b++) {
        spec[b - 1] = 0;
        for (int i = 0; i <= b; i++) {
            int j = b - i;
            if (i < s && j < s && m[i * s + j]) spec[b - 1] += a[i * s + j];
        }
    }
    free(a); free(one); free(m);
}

/* A bin sums at most S magnitudes, each within 1e-6*S^2 per channel of the
 * exact value (float FFT round-off, see test_spectral.c): 1e-6*S^3*C. */
#define BIN_ATOL(s, c) (1e-6 * (s) * (s) * (s) * (c))

static void test_bin2d(void)
{
    for (int s = 6; s <= 8; s++) {
        int c = 2, nbins = 2 * s + 3; /* past the last radius: those bins are 0 */
        float *x = malloc(sizeof(float) * s * s * c);
        double got[19], want[19], dflt[SPECTRAL_FRESH_BINS];
        fill(x, (size_t)s * s * c, 500 + s);
        CHECK(spectral_fresh_bin2d(x, s, c, nbins, got) == INR_OK, "%s", inr_error());
        ref_bin2d(x, s, c, nbins, want);
        for (int b = 0; b < nbins; b++)
            CHECK(fabs(got[b] - want[b]) <= BIN_ATOL(s, c), "S=%d b=%d: got %g want %g",
                  s, b + 1, got[b], want[b]);
        for (int b = s; b < nbins; b++) CHECK(got[b] == 0.0, "S=%d b=%d not empty", s, b + 1);
        /* The square entry point gives the same bins without resizing. */
        CHECK(spectral_fresh_spectrum2d(x, s, s, c, SPECTRAL_FRESH_BINS, dflt) == INR_OK,
              "%s", inr_error());
        CHECK(memcmp(dflt, got, sizeof(double) * nbins) == 0, "S=%d", s);
        free(x);
    }
    /* Non-square inputs are resized to S = min(H, W) first. */
    {
        static const int shapes[][3] = {{10, 7, 3}, {6, 9, 1}};
        for (int k = 0; k < 2; k++) {
            int h = shapes[k][0], w = shapes[k][1], c = shapes[k][2];
            int s = spectral_fresh_side(h, w), nbins = 16;
            float *x = malloc(sizeof(float) * h * w * c), *sq = malloc(sizeof(float) * s * s * c);
            double got[16], want[16];
            fill(x, (size_t)h * w * c, 900 + k);
            CHECK(s == (h < w ? h : w), "side %d", s);
            CHECK(spectral_fresh_spectrum2d(x, h, w, c, nbins, got) == INR_OK, "%s",
                  inr_error());
            CHECK(spectral_resize(x, h, w, c, sq, s, s) == INR_OK, "%s", inr_error());
            ref_bin2d(sq, s, c, nbins, want);
            for (int b = 0; b < nbins; b++)
                CHECK(fabs(got[b] - want[b]) <= BIN_ATOL(s, c), "%dx%d b=%d: got %g want %g",
                      h, w, b + 1, got[b], want[b]);
            free(x); free(sq);
        }
    }
    /* The side is capped at 1024: a 1100 x 1050 image goes through a real
     * resize and a 1024^2 (multi-threaded) FFT. A cosine of 40 cycles across
     * the width still has 40 cycles per image after resizing, so its energy
     * stays at radius 40. */
    {
        int h = 1100, w = 1050, peak = 0;
        float *x = malloc(sizeof(float) * h * w);
        double spec[SPECTRAL_FRESH_BINS];
        CHECK(spectral_fresh_side(h, w) == 1024, "side %d", spectral_fresh_side(h, w));
        CHECK(spectral_fresh_side(300, 200) == 200, "side");
        CHECK(spectral_fresh_side(0, 200) == 0, "side of empty");
        for (int y = 0; y < h; y++)
            for (int xx = 0; xx < w; xx++)
                x[y * w + xx] = (float)cos(REF_TWO_PI * 40.0 * xx / w);
        CHECK(spectral_fresh_spectrum2d(x, h, w, 1, SPECTRAL_FRESH_BINS, spec) == INR_OK,
              "%s", inr_error());
        for (int b = 1; b < SPECTRAL_FRESH_BINS; b++) peak = spec[b] > spec[peak] ? b : peak;
        CHECK(peak + 1 == 40, "peak at radius %d", peak + 1);
        free(x);
    }
}

/* Audio: rfft bins 1..N/2 pooled into NB equal bands over 0..Nyquist. The
 * reference assigns bin k by its frequency in Hz (fs 8000 here, any rate
 * gives the same bands) rather than by the library's integer formula. */
static void test_spectrum1d(void)
{
    enum { N = 250, C = 2, NB = 30 };
    const double fs = 8000.0;
    float x[N * C];
    double got[NB], want[NB] = { 0 }, a[N], b[N];
    fill(x, N * C, 42);
    ref_dft_mag(x, N, C, a);
    ref_dft_mag(x + 1, N, C, b);
    CHECK(spectral_fresh_spectrum1d(x, N, C, NB, got) == INR_OK, "%s", inr_error());
    for (int k = 1; k <= N / 2; k++) {
        int band = (int)floor(k * fs / N / (fs / 2 / NB));
        want[band < NB ? band : NB - 1] += a[k] + b[k];
    }
    for (int j = 0; j < NB; j++)
        /* per-channel float round-off within 1e-6*N per rfft bin (see test_spectral.c) */
        CHECK(fabs(got[j] - want[j]) <= 1e-6 * N * C * (N / NB + 1), "band %d got %g want %g",
              j, got[j], want[j]);
    /* A signal shorter than 2 NB samples leaves bands empty, none out of range. */
    CHECK(spectral_fresh_spectrum1d(x, 9, 1, NB, got) == INR_OK, "%s", inr_error());
    int filled = 0;
    for (int j = 0; j < NB; j++) filled += got[j] > 0;
    CHECK(filled == 4, "%d of 30 bands hold the 4 rfft bins of 9 samples", filled);
}

/* A pure tone of f Hz peaks in the band that covers f, [b, b+1) * fs/128 with
 * 64 bands, whatever the clip's length (the point of the audio reading: the
 * methods document's bins 1..64 were cycles per clip, a band that moved with length). */
static void test_tone_band(void)
{
    const double fs = 44100.0, width = fs / 2 / SPECTRAL_FRESH_BINS;
    const int lengths[] = { 1000, 4410, 11025, 30000 };
    const int bands[] = { 0, 3, 17, 40, 63 };
    double spec[SPECTRAL_FRESH_BINS];
    for (size_t li = 0; li < sizeof lengths / sizeof *lengths; li++) {
        int n = lengths[li];
        float *x = malloc((size_t)n * sizeof *x);
        for (size_t bi = 0; bi < sizeof bands / sizeof *bands; bi++) {
            double f = (bands[bi] + 0.5) * width;
            for (int t = 0; t < n; t++) x[t] = (float)sin(REF_TWO_PI * f * t / fs + 0.3);
            CHECK(spectral_fresh_spectrum1d(x, n, 1, SPECTRAL_FRESH_BINS, spec) == INR_OK, "%s",
                  inr_error());
            int peak = 0;
            for (int j = 1; j < SPECTRAL_FRESH_BINS; j++)
                if (spec[j] > spec[peak]) peak = j;
            CHECK(peak == bands[bi], "%.0f Hz over %d samples peaks in band %d, not %d", f, n,
                  peak, bands[bi]);
        }
        free(x);
    }
    CHECK(spectral_fresh_bin1d(0, 100, 64) == 0 && spectral_fresh_bin1d(50, 100, 64) == 63 &&
          spectral_fresh_bin1d(49, 100, 64) == 62, "band of rfft bins");
}

/* ---- W1 ------------------------------------------------------------------ */

static void test_w1(void)
{
    enum { N = 64 };
    double p[N], q[N], d, d2, prev = 0;
    uint64_t seed = 9;
    for (int k = 0; k < N; k++) p[k] = 1.0 + ref_uniform(&seed), q[k] = 3.0 * p[k];
    /* Exact arithmetic gives 0 and equal values below; 1e-12 covers the
     * rounding of 64 double additions. */
    CHECK(spectral_w1(p, p, N, &d) == INR_OK && d == 0.0, "W1(p,p) = %g", d);
    CHECK(spectral_w1(p, q, N, &d) == INR_OK && d < 1e-12, "W1(p,3p) = %g", d);
    for (int k = 0; k < N; k++) q[k] = 1.0 + ref_uniform(&seed);
    CHECK(spectral_w1(p, q, N, &d) == INR_OK, "%s", inr_error());
    CHECK(spectral_w1(q, p, N, &d2) == INR_OK, "%s", inr_error());
    CHECK(d > 0 && fabs(d - d2) < 1e-12, "not symmetric: %g vs %g", d, d2);
    /* A bump moved by `shift` bins is `shift` away (unit bin spacing), so the
     * distance grows with the shift. The bump stays inside the 64 bins. */
    for (int shift = 1; shift <= 20; shift++) {
        for (int k = 0; k < N; k++) {
            p[k] = exp(-0.5 * (k - 20.0) * (k - 20.0) / 9.0);
            q[k] = exp(-0.5 * (k - 20.0 - shift) * (k - 20.0 - shift) / 9.0);
        }
        CHECK(spectral_w1(p, q, N, &d) == INR_OK, "%s", inr_error());
        /* the Gaussians' tails past the ends (< 1e-9) are all that is lost */
        CHECK_CLOSE(d, shift, 1e-6, 0);
        CHECK(d > prev, "shift %d: %g not above %g", shift, d, prev);
        prev = d;
    }
    /* Bad input: an all-zero spectrum cannot be normalised; negatives are not spectra. */
    memset(q, 0, sizeof q);
    CHECK(spectral_w1(p, q, N, &d) == INR_ERR_INVALID, "zero spectrum accepted");
    q[3] = -1;
    CHECK(spectral_w1(p, q, N, &d) == INR_ERR_INVALID, "negative spectrum accepted");
    CHECK(spectral_w1(p, p, 0, &d) == INR_ERR_INVALID, "empty spectrum accepted");
}

/* ---- centroid gap (audio) ---------------------------------------------- */

static void test_centroid_gap(void)
{
    enum { N = 64 };
    double p[N], q[N], d, d2, w1;
    uint64_t seed = 11;
    for (int k = 0; k < N; k++) p[k] = 1.0 + ref_uniform(&seed), q[k] = 1.0 + ref_uniform(&seed);
    /* Against the centroids in long double, written out. */
    long double sp = 0, sq = 0, mp = 0, mq = 0;
    for (int k = 0; k < N; k++) sp += p[k], sq += q[k], mp += (long double)k * p[k],
                                 mq += (long double)k * q[k];
    CHECK(spectral_centroid_gap(p, q, N, &d) == INR_OK, "%s", inr_error());
    CHECK_CLOSE(d, (double)fabsl(mp / sp - mq / sq), 1e-12, 0);
    CHECK(spectral_centroid_gap(q, p, N, &d2) == INR_OK && d == d2, "not symmetric");
    /* W1 bounds it from above (unit bin spacing for both). */
    CHECK(spectral_w1(p, q, N, &w1) == INR_OK && d <= w1 + 1e-12, "gap %g above W1 %g", d, w1);
    /* Shape does not count: one bump at 20 against two at 14 and 26 (same
     * centre) is 0 apart, where W1 sees the spread. */
    for (int k = 0; k < N; k++) {
        p[k] = k == 20 ? 2.0 : 0.0;
        q[k] = k == 14 || k == 26 ? 1.0 : 0.0;
    }
    CHECK(spectral_centroid_gap(p, q, N, &d) == INR_OK && d == 0.0, "same centre, gap %g", d);
    CHECK(spectral_w1(p, q, N, &w1) == INR_OK && fabs(w1 - 6.0) < 1e-12, "W1 %g, not 6", w1);
    memset(q, 0, sizeof q);
    CHECK(spectral_centroid_gap(p, q, N, &d) == INR_ERR_INVALID, "zero spectrum accepted");
    q[3] = NAN;
    CHECK(spectral_centroid_gap(p, q, N, &d) == INR_ERR_INVALID, "NaN spectrum accepted");
}

static void test_bad_input(void)
{
    float x[16] = {0}, y[16];
    double spec[4];
    CHECK(spectral_resize(x, 4, 4, 1, y, 0, 4) == INR_ERR_INVALID, "empty output accepted");
    CHECK(spectral_fresh_bin2d(x, 4, 1, 0, spec) == INR_ERR_INVALID, "0 bins accepted");
    CHECK(spectral_fresh_spectrum2d(x, 0, 4, 1, 4, spec) == INR_ERR_INVALID, "h=0 accepted");
    CHECK(spectral_fresh_spectrum1d(x, 16, 0, 4, spec) == INR_ERR_INVALID, "c=0 accepted");
}

int main(void)
{
    test_resize();
    test_mask();
    test_bin2d();
    test_spectrum1d();
    test_tone_band();
    test_w1();
    test_centroid_gap();
    test_bad_input();
    spectral_cleanup();
    return check_result();
}
