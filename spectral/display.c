/* display.c - spectra to look at (inrfit spectrum): the centred log-magnitude
 * image spectrum, an audio spectrogram and the radial profile of an image.
 * All take interleaved (points, c) signals and sum magnitudes over channels.
 */
#include "spectral.h"
#include "spectral_internal.h"

#include <math.h>
#include <stdlib.h>

/* Spectrogram levels below the loudest minus this are clipped to 0: the usual
 * 80 dB display range (librosa's top_db), enough for 16-bit audio. */
#define SPECTROGRAM_TOP_DB 80.0
/* Magnitude floor before the log, so silence maps to -200 dB, not -inf. */
#define SPECTROGRAM_AMIN 1e-10

/* sum_c |DFT2(x_c)| as a full (h,w) array, unshifted. The r2c result holds
 * columns j <= w/2; the others are |F[i][j]| = |F[(h-i)%h][w-j]| (x is real). */
static inr_status full_magnitude(const float *x, int h, int w, int c, float **full)
{
    int dims[2] = {h, w}, hw = w / 2 + 1;
    float *half;
    inr_status st;

    *full = NULL;
    if (h < 1 || w < 1 || c < 1)
        return inr_fail(INR_ERR_INVALID, "spectrum of a %d x %d x %d image", h, w, c);
    half = malloc((size_t)h * hw * sizeof *half);
    *full = malloc((size_t)h * w * sizeof **full);
    if (!half || !*full) {
        st = inr_fail(INR_ERR_NOMEM, "out of memory for a %d x %d spectrum", h, w);
        goto out;
    }
    if ((st = spectral_r2c_mag(2, dims, x, c, 0, half)) != INR_OK) goto out;
    for (int i = 0; i < h; i++)
        for (int j = 0; j < w; j++)
            (*full)[(size_t)i * w + j] = j < hw ? half[(size_t)i * hw + j]
                                                : half[(size_t)((h - i) % h) * hw + (w - j)];
out:
    free(half);
    if (st != INR_OK) {
        free(*full);
        *full = NULL;
    }
    return st;
}

inr_status spectral_display2d(const float *x, int h, int w, int c, float *out)
{
    float *a, lo = INFINITY, hi = -INFINITY;
    int finite = 1;
    inr_status st;

    if ((st = full_magnitude(x, h, w, c, &a)) != INR_OK) return st;
    /* fftshift: frequency 0 moves to (h/2, w/2), as numpy.fft.fftshift. */
    for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
            float v = log1pf(a[(size_t)i * w + j]);
            out[(size_t)((i + h / 2) % h) * w + (j + w / 2) % w] = v;
            finite &= isfinite(v);
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
    }
    free(a);
    if (!finite)
        return inr_fail(INR_ERR_INVALID, "image contains NaN or Inf");
    for (size_t p = 0; p < (size_t)h * w; p++)
        out[p] = hi > lo ? (out[p] - lo) / (hi - lo) : 0.0f;
    return INR_OK;
}

inr_status spectral_spectrogram_size(int n, int win, int hop, int *n_freq, int *n_frames)
{
    if (n < 1 || win < 2 || hop < 1)
        return inr_fail(INR_ERR_INVALID,
                        "spectrogram of %d samples with window %d and hop %d", n, win, hop);
    *n_freq = win / 2 + 1;
    *n_frames = n <= win ? 1 : 1 + (n - win + hop - 1) / hop;
    return INR_OK;
}

inr_status spectral_spectrogram(const float *x, int n, int c, int win, int hop, float *out)
{
    int nf = 0, nt = 0;
    float *frame = NULL, *hann = NULL;
    fftwf_complex *spec = NULL;
    fftwf_plan plan;
    double peak = 0.0;
    inr_status st;

    if ((st = spectral_spectrogram_size(n, win, hop, &nf, &nt)) != INR_OK) return st;
    if (c < 1) return inr_fail(INR_ERR_INVALID, "signal has %d channels", c);
    if ((st = spectral_plan_r2c(1, &win, &plan)) != INR_OK) return st;
    if ((st = spectral_alloc_real((size_t)win, &frame)) != INR_OK) goto out;
    if ((st = spectral_alloc_complex((size_t)nf, &spec)) != INR_OK) goto out;
    if (!(hann = malloc((size_t)win * sizeof *hann))) {
        st = inr_fail(INR_ERR_NOMEM, "out of memory for a window of %d", win);
        goto out;
    }
    /* Periodic Hann (scipy/librosa's STFT default): overlap-adds flat at hop win/2. */
    for (int t = 0; t < win; t++) hann[t] = 0.5f - 0.5f * cosf(6.28318530718f * t / win);

    for (int f = 0; f < nt; f++) {
        size_t start = (size_t)f * hop;
        for (int k = 0; k < nf; k++) out[(size_t)(nf - 1 - k) * nt + f] = 0.0f;
        for (int ch = 0; ch < c; ch++) {
            for (int t = 0; t < win; t++) {
                size_t p = start + (size_t)t;
                frame[t] = p < (size_t)n ? x[p * c + ch] * hann[t] : 0.0f;
            }
            fftwf_execute_dft_r2c(plan, frame, spec);
            /* Row nf-1-k so the lowest frequency is on the bottom row. */
            for (int k = 0; k < nf; k++)
                out[(size_t)(nf - 1 - k) * nt + f] +=
                    sqrtf(spec[k][0] * spec[k][0] + spec[k][1] * spec[k][1]);
        }
    }
    for (size_t p = 0; p < (size_t)nf * nt; p++) {
        if (!isfinite(out[p])) {
            st = inr_fail(INR_ERR_INVALID, "signal contains NaN or Inf");
            goto out;
        }
        peak = out[p] > peak ? out[p] : peak;
    }
    /* dB relative to the loudest bin, mapped from [-80, 0] dB to [0, 1]. */
    for (size_t p = 0; p < (size_t)nf * nt; p++) {
        double db = 20.0 * log10(fmax(out[p], SPECTROGRAM_AMIN) / fmax(peak, SPECTROGRAM_AMIN));
        double v = 1.0 + db / SPECTROGRAM_TOP_DB;
        out[p] = peak > 0.0 ? (float)(v < 0.0 ? 0.0 : v) : 0.0f;
    }
out:
    if (frame) fftwf_free(frame);
    if (spec) fftwf_free(spec);
    free(hann);
    return st;
}

int spectral_radial_size(int h, int w)
{
    if (h < 1 || w < 1) return 0;
    return (int)(sqrt((double)(h / 2) * (h / 2) + (double)(w / 2) * (w / 2)) + 0.5) + 1;
}

inr_status spectral_radial_profile(const float *x, int h, int w, int c, double *profile)
{
    int nr = spectral_radial_size(h, w);
    float *a;
    double *count;
    inr_status st;

    if ((st = full_magnitude(x, h, w, c, &a)) != INR_OK) return st;
    if (!(count = calloc((size_t)nr, sizeof *count))) {
        free(a);
        return inr_fail(INR_ERR_NOMEM, "out of memory for a radial profile of %d", nr);
    }
    for (int r = 0; r < nr; r++) profile[r] = 0.0;
    for (int i = 0; i < h; i++) {
        int fy = i <= h / 2 ? i : i - h; /* signed frequency, cycles per image */
        for (int j = 0; j < w; j++) {
            int fx = j <= w / 2 ? j : j - w;
            int r = (int)(sqrt((double)fy * fy + (double)fx * fx) + 0.5);
            profile[r] += a[(size_t)i * w + j];
            count[r] += 1.0;
        }
    }
    for (int r = 0; r < nr; r++) profile[r] = count[r] > 0.0 ? profile[r] / count[r] : 0.0;
    free(a);
    free(count);
    return INR_OK;
}
