/* metrics.h - reconstruction quality (METHODS 4).
 *
 * Images: PSNR on the [0,1] scale and SSIM (11x11 Gaussian window, sigma
 * 1.5, K1 0.01, K2 0.03, mean over channels). Audio: SNR in dB and PSNR of
 * the peak-normalised [-1,1] signal. Arrays are (N,C) interleaved. */
#ifndef INR_METRICS_H
#define INR_METRICS_H

#include <stddef.h>

/* Mean squared error over n values. */
double metric_mse(const float *a, const float *b, size_t n);
/* PSNR in dB for values with peak-to-peak range `range`:
 * 10 log10(range^2 / MSE); +inf for identical inputs. */
double metric_psnr(double mse, double range);
/* PSNR on [0,1] from the MSE of [-1,1] values (METHODS 4: MSE01 = MSE/4). */
double metric_psnr_pm1(double mse_pm1);
/* SSIM of two H x W x C images with values in [0, range]. */
double metric_ssim(const float *a, const float *b, int H, int W, int C, double range);
/* SNR in dB: 10 log10(sum ref^2 / sum (ref - est)^2). */
double metric_snr(const float *ref, const float *est, size_t n);

#endif
