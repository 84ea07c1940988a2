/* test_spectral.c - FFT magnitudes against a naive double DFT, the plan cache
 * under threads and after cleanup, and WINNER's centroid and scales (METHODS 3.1).
 */
#include "check.h"
#include "spectral.h"
#include "spectral_ref.h"

#include <string.h>

/* FFT magnitude tolerance. Float FFT round-off is about eps*log2(n)*||x||_2
 * per output; with |x| <= 1 that is under 1e-6*n for every size here, while a
 * wrong index, sign or scale errs by O(1). */
#define MAG_ATOL(n) (1e-6 * (n))

static void fill(float *x, size_t n, uint64_t seed)
{
    for (size_t i = 0; i < n; i++) x[i] = (float)ref_uniform(&seed);
}

static double worst_fft_err;

static void check_rfft(int n, int c)
{
    float *x = malloc(sizeof(float) * n * c), *mag = malloc(sizeof(float) * (n / 2 + 1));
    double *ref = malloc(sizeof(double) * n), *sum = calloc(n, sizeof(double));
    fill(x, (size_t)n * c, 1000 + n);
    for (int ch = 0; ch < c; ch++) {
        ref_dft_mag(x + ch, n, c, ref);
        for (int k = 0; k < n; k++) sum[k] += ref[k];
    }
    CHECK(spectral_rfft_mag_sum(x, n, c, mag) == INR_OK, "n=%d: %s", n, inr_error());
    for (int k = 0; k <= n / 2; k++) {
        double e = fabs(mag[k] - sum[k]);
        worst_fft_err = e / n > worst_fft_err ? e / n : worst_fft_err;
        CHECK(e <= MAG_ATOL(n) * c, "1-D n=%d c=%d k=%d: got %g want %g", n, c, k, mag[k], sum[k]);
    }
    if (c == 1) { /* the single-channel entry point gives the same numbers */
        float *one = malloc(sizeof(float) * (n / 2 + 1));
        CHECK(spectral_rfft_mag(x, n, one) == INR_OK, "%s", inr_error());
        CHECK(memcmp(one, mag, sizeof(float) * (n / 2 + 1)) == 0, "n=%d", n);
        free(one);
    }
    free(x); free(mag); free(ref); free(sum);
}

static void check_rfft2(int h, int w, int c)
{
    int hw = w / 2 + 1;
    float *x = malloc(sizeof(float) * h * w * c), *mag = malloc(sizeof(float) * h * hw);
    double *ref = malloc(sizeof(double) * h * w), *sum = calloc(h * w, sizeof(double));
    fill(x, (size_t)h * w * c, 2000 + h * 31 + w);
    for (int ch = 0; ch < c; ch++) {
        ref_dft2_mag(x, h, w, c, ch, ref);
        for (int i = 0; i < h * w; i++) sum[i] += ref[i];
    }
    CHECK(spectral_rfft2_mag_sum(x, h, w, c, mag) == INR_OK, "%s", inr_error());
    for (int i = 0; i < h; i++) {
        for (int k = 0; k < hw; k++) {
            double e = fabs(mag[i * hw + k] - sum[i * w + k]);
            worst_fft_err = e / (h * w) > worst_fft_err ? e / (h * w) : worst_fft_err;
            CHECK(e <= MAG_ATOL(h * w) * c, "2-D %dx%d c=%d (%d,%d): got %g want %g",
                  h, w, c, i, k, mag[i * hw + k], sum[i * w + k]);
        }
    }
    if (c == 1) {
        float *one = malloc(sizeof(float) * h * hw);
        CHECK(spectral_rfft2_mag(x, h, w, one) == INR_OK, "%s", inr_error());
        CHECK(memcmp(one, mag, sizeof(float) * h * hw) == 0, "%dx%d", h, w);
        free(one);
    }
    free(x); free(mag); free(ref); free(sum);
}

static void test_fft_against_naive(void)
{
    static const int n1[] = {1, 2, 3, 5, 8, 9, 15, 16, 31, 64};
    static const int n2[][2] = {{1, 1}, {2, 3}, {5, 7}, {6, 8}, {7, 7}, {4, 9}, {8, 5}};
    for (size_t i = 0; i < sizeof n1 / sizeof *n1; i++) {
        check_rfft(n1[i], 1);
        check_rfft(n1[i], 3);
    }
    for (size_t i = 0; i < sizeof n2 / sizeof *n2; i++) {
        check_rfft2(n2[i][0], n2[i][1], 1);
        check_rfft2(n2[i][0], n2[i][1], 3);
    }
    fprintf(stderr, "worst FFT error / n: %.3g\n", worst_fft_err);
}

/* Many threads planning different sizes at once must not corrupt FFTW's
 * planner (the mutex) and must get the same numbers as a serial run. */
static void test_threads_and_cleanup(void)
{
    int failures = 0;
#pragma omp parallel for reduction(+ : failures) schedule(dynamic)
    for (int n = 40; n < 72; n++) {
        float x[72], mag[37];
        double ref[72] = {0};
        fill(x, n, 3000 + n);
        ref_dft_mag(x, n, 1, ref);
        if (spectral_rfft_mag(x, n, mag) != INR_OK) failures++;
        for (int k = 0; k <= n / 2; k++)
            if (fabs(mag[k] - ref[k]) > MAG_ATOL(n)) failures++;
    }
    CHECK(failures == 0, "%d mismatches from concurrent transforms", failures);

    /* After cleanup the library re-initialises FFTW on next use. */
    spectral_cleanup();
    spectral_cleanup(); /* twice is harmless */
    check_rfft(15, 2);

    /* A large transform takes the multi-threaded plan (with HAVE_FFTW_OMP):
     * cos at bin 1000 of 2^17 points has |F| = n/2 there and ~0 elsewhere. */
    {
        int n = 1 << 17, k0 = 1000, bad = 0;
        float *x = malloc(sizeof(float) * n), *mag = malloc(sizeof(float) * (n / 2 + 1));
        for (int t = 0; t < n; t++)
            x[t] = (float)cos(REF_TWO_PI * (double)((long)k0 * t % n) / n);
        CHECK(spectral_rfft_mag(x, n, mag) == INR_OK, "%s", inr_error());
        /* Tolerance: float round-off on a 2^17 transform of unit samples is a
         * few 1e-3 absolute against a peak of 65536. */
        CHECK_CLOSE(mag[k0], n / 2, 1e-2, 1e-6);
        for (int k = 0; k <= n / 2; k++)
            if (k != k0 && mag[k] > 1e-2) bad++;
        CHECK(bad == 0, "%d bins leak above 1e-2", bad);
        free(x); free(mag);
    }
}

static void test_winner_vectors(void)
{
    double s0, s1;
    /* METHODS 3.1 prints S0 to 7 significant figures, so its rounding alone is up
     * to 1.5e-7 relative (1.6e-4 absolute on 3394.309); atol 1e-4 plus rtol
     * 2e-7 allows that and nothing more. */
    CHECK(spectral_winner_scales(0.5, 1, &s0, &s1) == INR_OK, "%s", inr_error());
    CHECK_CLOSE(s0, 3394.309, 1e-4, 2e-7);
    CHECK_CLOSE(s1, 1.5, 1e-4, 0);
    CHECK(spectral_winner_scales(0.5, 2, &s0, &s1) == INR_OK, "%s", inr_error());
    CHECK_CLOSE(s0, 45.8958, 1e-4, 0);
    CHECK_CLOSE(s1, 0.2, 1e-4, 0);
    CHECK(spectral_winner_scales(0.1, 1, &s0, &s1) == INR_OK, "%s", inr_error());
    CHECK_CLOSE(s0, 1761.951, 1e-4, 2e-7);
    CHECK_CLOSE(s1, 0.3, 1e-4, 0);
    CHECK(spectral_winner_scales(0.1, 2, &s0, &s1) == INR_OK, "%s", inr_error());
    CHECK_CLOSE(s0, 19.6735, 1e-4, 0);
    CHECK_CLOSE(s1, 0.04, 1e-4, 0);
    /* Exact closed forms, to double precision. */
    CHECK_CLOSE(s0, 50.0 * (1.0 - exp(-0.5)), 1e-12, 0);
}

/* sin(2 pi n / 4) with n = 64: 0.25 cycles/sample falls exactly on bin 16, so
 * the spectrum is one spike and cen = 16/64 = 0.25 up to float FFT leakage
 * (a few 1e-6 of the spike spread over 33 bins); 1e-5 bounds that. */
#define CENTROID_ATOL 1e-5

static void test_winner_centroid(void)
{
    enum { N = 64 };
    float x[N], stereo[2 * N], zero[N] = {0};
    double cen[2];
    spectral_winner_info info;

    for (int n = 0; n < N; n++) {
        static const float quarter[4] = {0.0f, 1.0f, 0.0f, -1.0f}; /* exact samples */
        x[n] = quarter[n % 4];
        stereo[2 * n] = x[n];
        stereo[2 * n + 1] = 0.5f * x[n];
    }
    CHECK(spectral_centroid(x, N, 1, cen) == INR_OK, "%s", inr_error());
    CHECK_CLOSE(cen[0], 0.25, CENTROID_ATOL, 0);

    CHECK(spectral_winner(x, N, 1, 1, &info) == INR_OK, "%s", inr_error());
    CHECK_CLOSE(info.centroid, 0.25, CENTROID_ATOL, 0);
    CHECK_CLOSE(info.sc, 0.5, 2 * CENTROID_ATOL, 0);
    CHECK_CLOSE(info.z, 0.5, 2 * CENTROID_ATOL, 0); /* mono: z = 2*cen */
    /* S0's slope at z = 0.5 is 3500*7*exp(-3.5) = 740, so z's error scales up. */
    CHECK_CLOSE(info.s0, 3394.309, 740 * 2 * CENTROID_ATOL + 2e-3, 0);
    CHECK_CLOSE(info.s1, 1.5, 3 * 2 * CENTROID_ATOL, 0);

    /* An 8 x 8 image flattened row-major is the same sequence; dims only picks
     * the image scales: S0 = 50(1-exp(-2.5)), S1 = 0.2. */
    CHECK(spectral_winner(x, N, 1, 2, &info) == INR_OK, "%s", inr_error());
    CHECK_CLOSE(info.z, 0.5, 2 * CENTROID_ATOL, 0);
    CHECK_CLOSE(info.s0, 45.8958, 50 * 5 * exp(-2.5) * 2 * CENTROID_ATOL + 1e-4, 0);
    CHECK_CLOSE(info.s1, 0.2, 0.4 * 2 * CENTROID_ATOL, 0);

    /* Two image channels (the second one quieter: the centroid ignores
     * amplitude): cen = 0.25 each, SC = 2*0.25/2 = 0.25 and z = SC/2 = 0.125
     * (the official code's second division by C). */
    CHECK(spectral_centroid(stereo, N, 2, cen) == INR_OK, "%s", inr_error());
    CHECK_CLOSE(cen[0], 0.25, CENTROID_ATOL, 0);
    CHECK_CLOSE(cen[1], 0.25, CENTROID_ATOL, 0);
    CHECK(spectral_winner(stereo, N, 2, 2, &info) == INR_OK, "%s", inr_error());
    CHECK_CLOSE(info.sc, 0.25, CENTROID_ATOL, 0);
    CHECK_CLOSE(info.z, 0.125, CENTROID_ATOL, 0);
    /* Stereo audio is mixed to mono first (official: librosa mono=True):
     * the mix is 0.75 x, so z = 2 * 0.25 as for the mono signal, not 0.125. */
    CHECK(spectral_winner(stereo, N, 2, 1, &info) == INR_OK, "%s", inr_error());
    CHECK_CLOSE(info.sc, 0.5, 2 * CENTROID_ATOL, 0);
    CHECK_CLOSE(info.z, 0.5, 2 * CENTROID_ATOL, 0);

    /* A silent signal has no spectrum: centroid 0 by definition, not NaN. */
    CHECK(spectral_winner(zero, N, 1, 1, &info) == INR_OK, "%s", inr_error());
    CHECK(info.centroid == 0.0 && info.z == 0.0 && info.s0 == 0.0, "z=%g", info.z);
}

static void test_bad_input(void)
{
    float x[8] = {0}, mag[8];
    double cen, s0, s1;
    spectral_winner_info info;

    CHECK(spectral_rfft_mag(x, 0, mag) == INR_ERR_INVALID, "n = 0 accepted");
    CHECK(inr_error()[0] != '\0', "no reason left");
    CHECK(spectral_rfft2_mag(x, 2, -1, mag) == INR_ERR_INVALID, "w < 0 accepted");
    CHECK(spectral_rfft_mag_sum(x, 4, 0, mag) == INR_ERR_INVALID, "c = 0 accepted");
    CHECK(spectral_winner_scales(0.5, 3, &s0, &s1) == INR_ERR_INVALID, "dims 3 accepted");
    CHECK(spectral_winner_scales(NAN, 1, &s0, &s1) == INR_ERR_INVALID, "NaN z accepted");
    CHECK(spectral_winner(x, 8, 1, 0, &info) == INR_ERR_INVALID, "dims 0 accepted");
    x[3] = NAN;
    CHECK(spectral_centroid(x, 8, 1, &cen) == INR_ERR_INVALID, "NaN signal accepted");
    fprintf(stderr, "example reason: %s\n", inr_error());
}

int main(void)
{
    test_fft_against_naive();
    test_threads_and_cleanup();
    test_winner_vectors();
    test_winner_centroid();
    test_bad_input();
    spectral_cleanup();
    return check_result();
}
