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
/* SSIM fed row by row, as metric_ssim gives it (bit for bit), holding
 * 11 rows of blurred planes (about 440 C W bytes) instead of the image:
 * begin, then metric_ssim_row for rows 0..H-1 in order (a and b: W x C
 * values each), then end (NaN when fewer than H rows came, the image is
 * smaller than the window, or begin failed). begin returns -1 when out of
 * memory (end still frees). */
typedef struct {
    int H, W, C, failed;
    long rows;             /* rows fed */
    double g[11], c1, c2;
    double *sum;           /* (C): over the output rows so far */
    double *ring, *line;
} metric_ssim_stream;
int metric_ssim_begin(metric_ssim_stream *s, int H, int W, int C, double range);
void metric_ssim_row(metric_ssim_stream *s, const float *a, const float *b);
double metric_ssim_end(metric_ssim_stream *s);
/* SNR in dB: 10 log10(sum ref^2 / sum (ref - est)^2). */
double metric_snr(const float *ref, const float *est, size_t n);

#endif
