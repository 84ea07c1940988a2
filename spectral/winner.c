/* winner.c - WINNER's target statistics (METHODS 3.1): spectral centroid, SC, z and
 * the noise scales S0, S1 that perturb the first two SIREN weight matrices.
 * Formulas follow the official code, including its double division by C
 * (images) and its mono mix of multi-channel audio before the centroid.
 */
#include "spectral.h"
#include "spectral_internal.h"

#include <math.h>
#include <stdlib.h>

inr_status spectral_centroid(const float *x, int n, int c, double *cen)
{
    size_t half;
    float *mag;
    inr_status st;

    if (n < 1 || c < 1)
        return inr_fail(INR_ERR_INVALID, "centroid of a %d x %d signal", n, c);
    half = (size_t)n / 2 + 1;
    if (!(mag = malloc(half * (size_t)c * sizeof *mag)))
        return inr_fail(INR_ERR_NOMEM, "out of memory for %d x %d spectra", n, c);
    if ((st = spectral_r2c_mag(1, &n, x, c, 1, mag)) != INR_OK) goto out;
    for (int ch = 0; ch < c; ch++) {
        const float *X = mag + (size_t)ch * half;
        double num = 0.0, den = 0.0;
        for (size_t k = 0; k < half; k++) {
            num += (double)k / n * X[k]; /* f_k = k/N cycles per sample */
            den += X[k];
        }
        if (!isfinite(num) || !isfinite(den)) {
            st = inr_fail(INR_ERR_INVALID, "signal channel %d contains NaN or Inf", ch);
            goto out;
        }
        cen[ch] = den > 0.0 ? num / den : 0.0;
    }
out:
    free(mag);
    return st;
}

inr_status spectral_winner_scales(double z, int dims, double *s0, double *s1)
{
    if (!isfinite(z)) return inr_fail(INR_ERR_INVALID, "WINNER z is not finite");
    if (dims == 1) { /* audio */
        *s0 = 3500.0 * (1.0 - exp(-7.0 * z));
        *s1 = 3.0 * z;
    } else if (dims == 2) { /* images */
        *s0 = 50.0 * (1.0 - exp(-5.0 * z));
        *s1 = 0.4 * z;
    } else {
        return inr_fail(INR_ERR_INVALID, "WINNER needs a 1-D or 2-D signal, not %d-D", dims);
    }
    return INR_OK;
}

/* Audio of c > 1 channels as the official pipeline reads it (librosa,
 * mono=True): the mean over channels per sample, into *mono (n floats). */
static inr_status mix_to_mono(const float *x, int n, int c, float **mono)
{
    if (!(*mono = malloc((size_t)n * sizeof **mono)))
        return inr_fail(INR_ERR_NOMEM, "out of memory for a %d-sample mono mix", n);
    for (size_t i = 0; i < (size_t)n; i++) {
        double sum = 0.0;
        for (int ch = 0; ch < c; ch++) sum += x[i * c + ch];
        (*mono)[i] = (float)(sum / c);
    }
    return INR_OK;
}

inr_status spectral_winner(const float *x, int n, int c, int dims,
                           spectral_winner_info *info)
{
    double *cen, mean = 0.0;
    float *mono = NULL;
    inr_status st;

    if (dims != 1 && dims != 2)
        return inr_fail(INR_ERR_INVALID, "WINNER needs a 1-D or 2-D signal, not %d-D", dims);
    if (c < 1) return inr_fail(INR_ERR_INVALID, "signal has %d channels", c);
    if (dims == 1 && c > 1) {
        if ((st = mix_to_mono(x, n, c, &mono)) != INR_OK) return st;
        x = mono;
        c = 1;
    }
    if (!(cen = malloc((size_t)c * sizeof *cen))) {
        free(mono);
        return inr_fail(INR_ERR_NOMEM, "out of memory for %d centroids", c);
    }
    if ((st = spectral_centroid(x, n, c, cen)) == INR_OK) {
        for (int ch = 0; ch < c; ch++) mean += cen[ch];
        mean /= c;
        info->centroid = mean;
        info->sc = 2.0 * mean / c; /* SC = 2*mean_c(cen_c)/C          */
        info->z = info->sc / c;    /* the code divides by C once more  */
        st = spectral_winner_scales(info->z, dims, &info->s0, &info->s1);
    }
    free(cen);
    free(mono);
    return st;
}
