/* fresh.c - FreSh's spectra and distance (METHODS 3.2): the 2-D spectrum binned by
 * L1 index radius with one member of each conjugate pair, the 1-D (audio)
 * spectrum pooled over 0..Nyquist, and the W1 distance between two normalised
 * spectra.
 */
#include "spectral.h"
#include "spectral_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The conjugate-pair mask m[i][j] for an S x S real image.
 *
 * A real image's DFT has F[i][j] = conj(F[i'][j']) with i' = (S-i)%S and
 * j' = (S-j)%S, so |F| carries each value twice; FreSh counts each pair once.
 * Our reading, which reproduces the official get_2d_fft_mask() entry for entry:
 * keep the member with the smaller L1 index radius i+j, and on a tie keep the
 * one with i <= i'. Spelled out:
 *   - b = i+j < S, i,j >= 1: the partner sits at 2S-b > S, so keep. Hence for
 *     b <= S/2 every entry of the first quadrant counts (the methods document's sentence).
 *   - axes (i,0) and (0,j): the partner is (S-i,0) at radius S-i, so keep
 *     i <= S/2 (likewise j); for S/2 < b < S the two axis entries are dropped.
 *   - b = S, i,j >= 1: the partner (j,i) is on the same diagonal; keep i <= S/2
 *     (for even S that includes the self-conjugate (S/2, S/2)).
 *   - b > S: always the partner of a kept entry, so dropped.
 * Self-conjugate entries ((0,0), and for even S (S/2,0), (0,S/2), (S/2,S/2))
 * count once. Every pair is counted exactly once over b = 0..S. */
static int fresh_keep(int i, int j, int s)
{
    int ci = (s - i) % s, cj = (s - j) % s;
    if (i + j != ci + cj) return i + j < ci + cj;
    return i <= ci;
}

int spectral_fresh_side(int h, int w)
{
    int s = h < w ? h : w;
    if (s < 1) return 0;
    return s < SPECTRAL_FRESH_MAX_SIDE ? s : SPECTRAL_FRESH_MAX_SIDE;
}

inr_status spectral_fresh_bin2d(const float *x, int s, int c, int nbins, double *spec)
{
    int dims[2] = {s, s}, hw = s / 2 + 1;
    float *mag;
    inr_status st;

    if (s < 1 || c < 1 || nbins < 1)
        return inr_fail(INR_ERR_INVALID, "FreSh spectrum of %d x %d x %d into %d bins",
                        s, s, c, nbins);
    if (!(mag = malloc((size_t)s * hw * sizeof *mag)))
        return inr_fail(INR_ERR_NOMEM, "out of memory for a %d x %d spectrum", s, s);
    if ((st = spectral_r2c_mag(2, dims, x, c, 0, mag)) == INR_OK) {
        memset(spec, 0, (size_t)nbins * sizeof *spec);
        /* Only radii 1..nbins are kept, so only i, j <= nbins are visited. */
        for (int i = 0; i < s && i <= nbins; i++) {
            for (int j = 0; j < s && i + j <= nbins; j++) {
                float a;
                if (i + j == 0 || !fresh_keep(i, j, s)) continue;
                /* The r2c output holds j <= s/2; the rest by conjugate symmetry. */
                a = j < hw ? mag[(size_t)i * hw + j]
                           : mag[(size_t)((s - i) % s) * hw + (s - j)];
                spec[i + j - 1] += a;
            }
        }
    }
    free(mag);
    return st;
}

inr_status spectral_fresh_spectrum2d(const float *x, int h, int w, int c,
                                     int nbins, double *spec)
{
    int s = spectral_fresh_side(h, w);
    float *sq;
    inr_status st;

    if (s < 1 || c < 1)
        return inr_fail(INR_ERR_INVALID, "FreSh spectrum of a %d x %d x %d image", h, w, c);
    if (h == w && h == s) return spectral_fresh_bin2d(x, s, c, nbins, spec);
    if (!(sq = malloc((size_t)s * s * c * sizeof *sq)))
        return inr_fail(INR_ERR_NOMEM, "out of memory resizing to %d x %d", s, s);
    if ((st = spectral_resize(x, h, w, c, sq, s, s)) == INR_OK)
        st = spectral_fresh_bin2d(sq, s, c, nbins, spec);
    free(sq);
    return st;
}

int spectral_fresh_bin1d(long k, long n, int nbins)
{
    long b = 2L * nbins * k / n;
    return b < nbins ? (int)b : nbins - 1;
}

/* Audio reading: METHODS 3.2's rfft bins 1..64 are 1..64 cycles over
 * the whole clip (0-64 Hz for 1 s), a band that says nothing about a sound.
 * Instead every rfft bin k = 1..n/2 (frequency k/n cycles per sample) is
 * pooled into nbins equal bands over 0..Nyquist, so band b covers
 * [b, b+1) * fs / (2 nbins) Hz whatever the clip's length, and the spectra
 * cover the band the clip actually occupies. DC (k = 0) is dropped, as b = 0
 * is in 2-D. */
inr_status spectral_fresh_spectrum1d(const float *x, int n, int c, int nbins, double *spec)
{
    int half = n / 2 + 1;
    float *mag;
    inr_status st;

    if (n < 1 || c < 1 || nbins < 1)
        return inr_fail(INR_ERR_INVALID, "FreSh spectrum of %d x %d into %d bins",
                        n, c, nbins);
    if (!(mag = malloc((size_t)half * sizeof *mag)))
        return inr_fail(INR_ERR_NOMEM, "out of memory for a spectrum of %d", n);
    if ((st = spectral_r2c_mag(1, &n, x, c, 0, mag)) == INR_OK) {
        memset(spec, 0, (size_t)nbins * sizeof *spec);
        for (int k = 1; k < half; k++) spec[spectral_fresh_bin1d(k, n, nbins)] += mag[k];
    }
    free(mag);
    return st;
}

/* The sums of p and q, after checking both are non-negative, finite spectra
 * with some energy. */
static inr_status spectra_sums(const double *p, const double *q, int n, double *sp, double *sq)
{
    *sp = *sq = 0.0;
    if (n < 1) return inr_fail(INR_ERR_INVALID, "FreSh distance of empty spectra");
    for (int k = 0; k < n; k++) {
        if (!(p[k] >= 0.0) || !(q[k] >= 0.0) || !isfinite(p[k]) || !isfinite(q[k]))
            return inr_fail(INR_ERR_INVALID,
                            "FreSh distance: spectrum entry %d is negative, NaN or Inf", k);
        *sp += p[k];
        *sq += q[k];
    }
    if (!(*sp > 0.0) || !(*sq > 0.0))
        return inr_fail(INR_ERR_INVALID,
                        "FreSh distance: a spectrum is all zero (constant signal), cannot normalise");
    return INR_OK;
}

inr_status spectral_w1(const double *p, const double *q, int n, double *w1)
{
    double sp, sq, cp = 0.0, cq = 0.0, d = 0.0;
    inr_status st = spectra_sums(p, q, n, &sp, &sq);

    if (st) return st;
    /* Unit spacing between bins: scipy's wasserstein_distance on values 0..n-1. */
    for (int k = 0; k < n; k++) {
        cp += p[k] / sp;
        cq += q[k] / sq;
        d += fabs(cp - cq);
    }
    *w1 = d;
    return INR_OK;
}

inr_status spectral_centroid_gap(const double *p, const double *q, int n, double *gap)
{
    double sp, sq, mp = 0.0, mq = 0.0;
    inr_status st = spectra_sums(p, q, n, &sp, &sq);

    if (st) return st;
    for (int k = 0; k < n; k++) {
        mp += k * (p[k] / sp);
        mq += k * (q[k] / sq);
    }
    *gap = fabs(mp - mq);
    return INR_OK;
}
