/* spectral_internal.h - internal to spectral/: cached FFTW plans, aligned buffers and
 * the one magnitude routine the other files build on.
 *
 * Plans are made once per shape (FFTW_ESTIMATE) and reused through FFTW's
 * new-array execute functions, which are thread-safe; planning itself is not,
 * so it happens under a mutex. Buffers must come from spectral_alloc_*() so
 * their alignment matches the arrays the plan was made with.
 */
#ifndef INR_SPECTRAL_INTERNAL_H
#define INR_SPECTRAL_INTERNAL_H

#include <stddef.h>

#include <fftw3.h>

#include "status.h"

/* Out-of-place real-to-complex plan for a (dims[0]) or (dims[0], dims[1])
 * row-major real array -> (..., last/2+1) complex. rank is 1 or 2. */
inr_status spectral_plan_r2c(int rank, const int *dims, fftwf_plan *plan);

/* fftwf_malloc wrappers that fail with INR_ERR_NOMEM (and a reason) instead of
 * returning NULL silently; free with fftwf_free(). */
inr_status spectral_alloc_real(size_t n, float **buf);
inr_status spectral_alloc_complex(size_t n, fftwf_complex **buf);

/* Real-FFT magnitudes of every channel of x, an interleaved (points, c) array
 * whose points form a (dims[0]) or (dims[0], dims[1]) grid. With per_channel,
 * mag is (c, half) holding each channel; otherwise mag is (half) holding
 * sum_c |F_c|. half = points / last * (last/2 + 1). Defined in fft_mag.c. */
inr_status spectral_r2c_mag(int rank, const int *dims, const float *x, int c,
                            int per_channel, float *mag);

#endif
