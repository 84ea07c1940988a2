/* fft_mag.c - real-FFT magnitudes of interleaved multi-channel signals.
 *
 * Each channel is copied out of the (points, c) layout into an aligned buffer,
 * transformed with a cached plan, and its |F| stored or summed over channels.
 */
#include "spectral.h"
#include "spectral_internal.h"

#include <limits.h>
#include <math.h>
#include <string.h>

inr_status spectral_r2c_mag(int rank, const int *dims, const float *x, int c,
                            int per_channel, float *mag)
{
    int last = dims[rank - 1];
    size_t points, half;
    float *in = NULL;
    fftwf_complex *spec = NULL;
    fftwf_plan plan;
    inr_status st;

    if (c < 1) return inr_fail(INR_ERR_INVALID, "signal has %d channels", c);
    if (rank == 2 && dims[0] > 0 && dims[1] > INT_MAX / dims[0])
        return inr_fail(INR_ERR_INVALID, "image %d x %d is too large", dims[0], dims[1]);
    if ((st = spectral_plan_r2c(rank, dims, &plan)) != INR_OK) return st;
    points = (size_t)dims[0] * (size_t)(rank == 2 ? dims[1] : 1);
    half = points / (size_t)last * (size_t)(last / 2 + 1);
    if ((st = spectral_alloc_real(points, &in)) != INR_OK) goto out;
    if ((st = spectral_alloc_complex(half, &spec)) != INR_OK) goto out;

    if (!per_channel) memset(mag, 0, half * sizeof *mag);
    for (int ch = 0; ch < c; ch++) {
        float *dst = per_channel ? mag + (size_t)ch * half : mag;
        for (size_t p = 0; p < points; p++) in[p] = x[p * (size_t)c + (size_t)ch];
        fftwf_execute_dft_r2c(plan, in, spec);
        for (size_t k = 0; k < half; k++) {
            float m = sqrtf(spec[k][0] * spec[k][0] + spec[k][1] * spec[k][1]);
            dst[k] = per_channel ? m : dst[k] + m;
        }
    }
out:
    if (in) fftwf_free(in);
    if (spec) fftwf_free(spec);
    return st;
}

inr_status spectral_rfft_mag(const float *x, int n, float *mag)
{
    return spectral_r2c_mag(1, &n, x, 1, 0, mag);
}

inr_status spectral_rfft2_mag(const float *x, int h, int w, float *mag)
{
    int dims[2] = {h, w};
    return spectral_r2c_mag(2, dims, x, 1, 0, mag);
}

inr_status spectral_rfft_mag_sum(const float *x, int n, int c, float *mag)
{
    return spectral_r2c_mag(1, &n, x, c, 0, mag);
}

inr_status spectral_rfft2_mag_sum(const float *x, int h, int w, int c, float *mag)
{
    int dims[2] = {h, w};
    return spectral_r2c_mag(2, dims, x, c, 0, mag);
}
