/* test_spectral_display.c - the spectra drawn by `inrfit spectrum`: the centred
 * log-magnitude image spectrum, the audio spectrogram and the radial profile,
 * checked on cosines whose peaks sit at known places.
 */
#include "check.h"
#include "spectral.h"
#include "spectral_ref.h"

/* The display is normalised so its loudest entry is exactly 1 and the rest of
 * a pure cosine's spectrum is float round-off (|F| ~ 1e-5 against a peak of
 * H*W/2): 1e-6 for the peak, 0.05 for "everything else is dark". */
#define PEAK_TOL 1e-6
#define DARK 0.05

static void check_cosine_peak(int h, int w, int c, int ky, int kx)
{
    float *x = malloc(sizeof(float) * h * w * c), *out = malloc(sizeof(float) * h * w);
    /* fftshift puts frequency (ky, kx) at (h/2 + ky, w/2 + kx) mod (h, w) and
     * its conjugate at the mirror image; at Nyquist the two coincide. */
    int py = (h / 2 + ky + h) % h, px = (w / 2 + kx + w) % w;
    int qy = (h / 2 - ky + h) % h, qx = (w / 2 - kx + w) % w;
    int bright = 0;
    for (int y = 0; y < h; y++)
        for (int xx = 0; xx < w; xx++)
            for (int ch = 0; ch < c; ch++)
                x[(y * w + xx) * c + ch] = (float)((1.0 - 0.3 * ch) *
                    cos(REF_TWO_PI * ((double)ky * y / h + (double)kx * xx / w)));
    CHECK(spectral_display2d(x, h, w, c, out) == INR_OK, "%s", inr_error());
    CHECK_CLOSE(out[py * w + px], 1.0, PEAK_TOL, 0);
    CHECK_CLOSE(out[qy * w + qx], 1.0, PEAK_TOL, 0);
    for (int p = 0; p < h * w; p++) {
        CHECK(out[p] >= 0.0f && out[p] <= 1.0f, "out[%d] = %g", p, out[p]);
        if (p != py * w + px && p != qy * w + qx && out[p] > DARK) bright++;
    }
    CHECK(bright == 0, "%dx%d: %d stray bright pixels", h, w, bright);
    free(x); free(out);
}

static void test_display2d(void)
{
    check_cosine_peak(16, 20, 1, 3, 5);  /* even sizes: centre at (8, 10)   */
    check_cosine_peak(15, 9, 3, 2, -3);  /* odd sizes: centre at (7, 4)     */
    check_cosine_peak(8, 8, 2, 0, 4);    /* Nyquist column, self-conjugate  */
    {   /* a constant image has only DC: bright exactly at the centre */
        float x[6 * 7], out[6 * 7];
        for (int p = 0; p < 42; p++) x[p] = 0.25f;
        CHECK(spectral_display2d(x, 6, 7, 1, out) == INR_OK, "%s", inr_error());
        CHECK_CLOSE(out[3 * 7 + 3], 1.0, PEAK_TOL, 0);
    }
}

static void test_spectrogram(void)
{
    enum { N = 1000, WIN = 64, HOP = 16, K = 10 };
    float x[N * 2], *out;
    int nf, nt, wrong = 0;
    CHECK(spectral_spectrogram_size(N, WIN, HOP, &nf, &nt) == INR_OK, "%s", inr_error());
    CHECK(nf == 33 && nt == 60, "size %d x %d", nf, nt); /* 1 + ceil(936/16) = 60 */
    out = malloc(sizeof(float) * nf * nt);
    /* Stereo tone on bin 10 of the 64-point window (the right channel quieter). */
    for (int t = 0; t < N; t++) {
        x[2 * t] = (float)sin(REF_TWO_PI * K * t / WIN);
        x[2 * t + 1] = 0.5f * x[2 * t];
    }
    CHECK(spectral_spectrogram(x, N, 2, WIN, HOP, out) == INR_OK, "%s", inr_error());
    for (int f = 0; f < nt; f++) {
        int best = 0;
        for (int r = 0; r < nf; r++) best = out[r * nt + f] > out[best * nt + f] ? r : best;
        if (best != nf - 1 - K) wrong++; /* low frequencies at the bottom row */
    }
    CHECK(wrong == 0, "%d frames peak off row %d", wrong, nf - 1 - K);
    /* Every full frame holds the same tone, so its peak is the loudest bin: 1. */
    CHECK_CLOSE(out[(nf - 1 - K) * nt + 0], 1.0, 1e-4, 0);
    for (int p = 0; p < nf * nt; p++) CHECK(out[p] >= 0 && out[p] <= 1, "out[%d]=%g", p, out[p]);

    /* DC only (constant signal) lights the bottom row; silence is all zero. */
    for (int t = 0; t < N; t++) x[t] = 0.5f;
    CHECK(spectral_spectrogram(x, N, 1, WIN, HOP, out) == INR_OK, "%s", inr_error());
    CHECK_CLOSE(out[(nf - 1) * nt + 3], 1.0, 1e-4, 0);
    CHECK(out[0 * nt + 3] < 0.5f, "Nyquist row lit: %g", out[3]);
    for (int t = 0; t < N; t++) x[t] = 0.0f;
    CHECK(spectral_spectrogram(x, N, 1, WIN, HOP, out) == INR_OK, "%s", inr_error());
    CHECK(out[5] == 0.0f, "silence not dark");
    /* Shorter than one window: one zero-padded frame. */
    CHECK(spectral_spectrogram_size(10, WIN, HOP, &nf, &nt) == INR_OK && nt == 1, "nt=%d", nt);
    free(out);
}

static void test_radial(void)
{
    enum { H = 16, W = 20 };
    float x[H * W];
    double prof[32];
    int nr = spectral_radial_size(H, W), best = 0;
    CHECK(nr == 14, "radial size %d", nr); /* round(sqrt(8^2 + 10^2)) + 1 */
    for (int y = 0; y < H; y++)
        for (int xx = 0; xx < W; xx++)
            x[y * W + xx] = (float)cos(REF_TWO_PI * (3.0 * y / H + 4.0 * xx / W));
    CHECK(spectral_radial_profile(x, H, W, 1, prof) == INR_OK, "%s", inr_error());
    for (int r = 0; r < nr; r++) best = prof[r] > prof[best] ? r : best;
    CHECK(best == 5, "radial peak at %d, want 5 = |(3,4)|", best);
}

static void test_bad_input(void)
{
    float x[16] = {0}, out[64];
    double prof[8];
    int nf, nt;
    CHECK(spectral_spectrogram_size(16, 1, 4, &nf, &nt) == INR_ERR_INVALID, "win 1 accepted");
    CHECK(spectral_spectrogram_size(16, 8, 0, &nf, &nt) == INR_ERR_INVALID, "hop 0 accepted");
    CHECK(spectral_spectrogram(x, 16, 0, 8, 4, out) == INR_ERR_INVALID, "c 0 accepted");
    CHECK(spectral_radial_profile(x, 0, 4, 1, prof) == INR_ERR_INVALID, "h 0 accepted");
    x[2] = INFINITY;
    CHECK(spectral_display2d(x, 4, 4, 1, out) == INR_ERR_INVALID, "Inf accepted");
    CHECK(spectral_spectrogram(x, 16, 1, 8, 4, out) == INR_ERR_INVALID, "Inf accepted");
}

int main(void)
{
    test_display2d();
    test_spectrogram();
    test_radial();
    test_bad_input();
    spectral_cleanup();
    return check_result();
}
