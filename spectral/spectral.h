/* spectral.h - spectra of signals for WINNER / FreSh initialisation and display.
 *
 * FFTW3 single precision underneath; nothing here depends on the network engine.
 * Layout (METHODS 1): a signal is N points x C channels, float, interleaved point-major;
 * a 2-D signal is H rows x W columns, row-major, top-left first, so point p = y*W + x.
 * Every function returns inr_status (INR_OK == 0) and leaves a reason in inr_error();
 * none prints or exits. Output arrays are caller-allocated and are overwritten.
 * Thread-safe: plans are cached behind a mutex; call spectral_cleanup() once at exit,
 * when no other thread is inside this library.
 */
#ifndef INR_SPECTRAL_H
#define INR_SPECTRAL_H

#include "status.h"

/* ---- FFT plans (fft_plan.c) ------------------------------------------------ */

/* Destroys every cached plan and frees FFTW's internal state (and its threads).
 * Safe to call more than once; the library re-initialises on next use. */
void spectral_cleanup(void);

/* ---- Magnitudes (fft_mag.c) ------------------------------------------------ */

/* mag[k] = |rfft(x)_k|, k = 0..n/2.  x is (n), mag is (n/2+1). */
inr_status spectral_rfft_mag(const float *x, int n, float *mag);

/* mag[i][k] = |DFT2(x)[i][k]|, the non-redundant half k = 0..w/2.
 * x is (h,w) row-major, mag is (h, w/2+1); the rest follows from
 * |F[i][k]| = |F[(h-i)%h][w-k]| (x is real). */
inr_status spectral_rfft2_mag(const float *x, int h, int w, float *mag);

/* Channel sums of the above: mag[k] = sum_c |rfft(x_c)_k|.
 * x is (n,c) interleaved, mag is (n/2+1). */
inr_status spectral_rfft_mag_sum(const float *x, int n, int c, float *mag);

/* mag[i][k] = sum_c |DFT2(x_c)[i][k]|.  x is (h,w,c) interleaved, mag (h, w/2+1). */
inr_status spectral_rfft2_mag_sum(const float *x, int h, int w, int c, float *mag);

/* ---- WINNER, METHODS 3.1 (winner.c) ------------------------------------------- */

typedef struct {
    double centroid; /* mean_c cen_c, in cycles/sample of the flattened sequence */
    double sc;       /* SC = 2*mean_c(cen_c)/C                                   */
    double z;        /* z = SC/C (the official code divides by C twice)           */
    double s0, s1;   /* noise scales for W0 and W1 (before the division by w0)    */
} spectral_winner_info;

/* cen[c] = sum_k (k/n) X_k / sum_k X_k with X_k = |rfft(x_c)|_k, k = 0..n/2
 * (0 when the sum is 0).  x is (n,c) interleaved; an image is passed flattened
 * row-major (n = H*W), exactly as the official image script does. cen is (c). */
inr_status spectral_centroid(const float *x, int n, int c, double *cen);

/* Noise scales from z: dims 1 (audio) S0 = 3500(1-exp(-7z)), S1 = 3z;
 * dims 2 (image) S0 = 50(1-exp(-5z)), S1 = 0.4z. */
inr_status spectral_winner_scales(double z, int dims, double *s0, double *s1);

/* Everything WINNER needs from a target on the [-1,1] training scale:
 * x is (n,c) interleaved (images flattened row-major), dims 1 or 2. Audio
 * of several channels is mixed to mono first, as the official pipeline
 * loads it (so C = 1 there); images keep their channels. */
inr_status spectral_winner(const float *x, int n, int c, int dims,
                           spectral_winner_info *info);

/* ---- FreSh, METHODS 3.2 (resize.c, fresh.c) ----------------------------------- */

#define SPECTRAL_FRESH_BINS 64 /* s: bins b = 1..s kept (METHODS 3.2 default)     */
#define SPECTRAL_FRESH_MAX_SIDE 1024 /* S = min(H, W, 1024)                     */

/* Antialiased bilinear resize as PIL / torchvision (antialias=True) do it: a
 * triangle filter widened by the downscale factor, half-pixel centres, weights
 * renormalised at the borders.  in is (h,w,c), out is (oh,ow,c), interleaved. */
inr_status spectral_resize(const float *in, int h, int w, int c,
                           float *out, int oh, int ow);

/* S = min(h, w, SPECTRAL_FRESH_MAX_SIDE): the side FreSh resizes an image to. */
int spectral_fresh_side(int h, int w);

/* spec[b-1] = sum_{i+j=b} m[i][j] A[i][j], b = 1..nbins, A = sum_c |DFT2(x_c)|
 * unshifted; m keeps one member of each conjugate pair (see fresh.c).  x is a
 * square (s,s,c) image, spec is (nbins); bins past the largest radius are 0. */
inr_status spectral_fresh_bin2d(const float *x, int s, int c, int nbins,
                                double *spec);

/* The FreSh spectrum of any (h,w,c) image: resized to S x S first when it is not
 * already square with side <= 1024, then binned as spectral_fresh_bin2d. */
inr_status spectral_fresh_spectrum2d(const float *x, int h, int w, int c,
                                     int nbins, double *spec);

/* The band 0..nbins-1 that rfft bin k of an n-sample signal falls in when
 * 0..Nyquist is cut into nbins equal bands: floor(2 nbins k / n), the Nyquist
 * bin k = n/2 joining the last band. */
int spectral_fresh_bin1d(long k, long n, int nbins);

/* Audio (the project's reading, see fresh.c): spec[b] = sum over rfft bins
 * k = 1..n/2 in band b (spectral_fresh_bin1d) of sum_c |rfft(x_c)|_k, so band b
 * spans [b, b+1) * fs / (2 nbins) Hz for any length.  x is (n,c); spec is
 * (nbins); bands holding no rfft bin (n < 2 nbins) are 0. */
inr_status spectral_fresh_spectrum1d(const float *x, int n, int c, int nbins,
                                     double *spec);

/* W1 = sum_k |P_k - Q_k|, P, Q the cumulative sums of p, q normalised to sum 1.
 * p, q are (n), non-negative; fails (INR_ERR_INVALID) when a sum is not > 0. */
inr_status spectral_w1(const double *p, const double *q, int n, double *w1);

/* |sum_k k p_k / sum p - sum_k k q_k / sum q|: the distance between the two
 * spectra's centroids in bin units, the first moment that W1 bounds from
 * below (equal when the cumulative sums do not cross). FreSh's distance for
 * audio (docs/FRESH_AUDIO.md). Same inputs and failures as spectral_w1. */
inr_status spectral_centroid_gap(const double *p, const double *q, int n, double *gap);

/* ---- Display (display.c) --------------------------------------------------- */

/* Centred log-magnitude spectrum: out[y][x] = log(1 + sum_c |DFT2(x_c)|) moved by
 * fftshift (zero frequency at (h/2, w/2)), then scaled to [0,1] by min-max.
 * x is (h,w,c), out is (h,w). */
inr_status spectral_display2d(const float *x, int h, int w, int c, float *out);

/* Frames of a spectrogram: n_freq = win/2+1; n_frames = 1 + ceil((n-win)/hop)
 * (1 when n <= win; the last frame is zero-padded). */
inr_status spectral_spectrogram_size(int n, int win, int hop,
                                     int *n_freq, int *n_frames);

/* Hann-windowed STFT magnitude, summed over channels, in dB, clipped to the top
 * 80 dB and scaled to [0,1].  x is (n,c); out is (n_freq, n_frames) row-major
 * with the lowest frequency on the bottom row (row n_freq-1 is k = 0). */
inr_status spectral_spectrogram(const float *x, int n, int c, int win, int hop,
                                float *out);

/* Number of integer radii of spectral_radial_profile: round(|(h/2, w/2)|) + 1. */
int spectral_radial_size(int h, int w);

/* profile[r] = mean of sum_c |DFT2(x_c)| over frequencies (fy, fx) (signed,
 * in index units) with round(sqrt(fy^2 + fx^2)) = r; 0 where none.
 * x is (h,w,c), profile is (spectral_radial_size(h, w)). */
inr_status spectral_radial_profile(const float *x, int h, int w, int c,
                                   double *profile);

#endif
