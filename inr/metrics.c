/* metrics.c - PSNR, SSIM and SNR (see metrics.h). */
#include "metrics.h"

#include <math.h>
#include <stdlib.h>

double metric_mse(const float *a, const float *b, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        double e = (double)a[i] - b[i];
        s += e * e;
    }
    return n ? s / n : 0.0;
}

double metric_psnr(double mse, double range)
{
    return mse > 0 ? 10.0 * log10(range * range / mse) : INFINITY;
}

double metric_psnr_pm1(double mse_pm1) { return metric_psnr(mse_pm1 / 4.0, 1.0); }

double metric_snr(const float *ref, const float *est, size_t n)
{
    double sig = 0.0, err = 0.0;
    for (size_t i = 0; i < n; i++) {
        double e = (double)ref[i] - est[i];
        sig += (double)ref[i] * ref[i];
        err += e * e;
    }
    return err > 0 ? 10.0 * log10(sig / err) : INFINITY;
}

/* Separable Gaussian blur of one channel (H,W) with the 11-tap window,
 * over the "valid" region (as scikit-image and the SSIM paper): out is
 * (H-10, W-10). */
static void blur_valid(const double *in, double *tmp, double *out, int H, int W,
                       const double *g)
{
    int Wv = W - 10, Hv = H - 10;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < Wv; x++) {
            double s = 0;
            for (int k = 0; k < 11; k++) s += g[k] * in[(size_t)y * W + x + k];
            tmp[(size_t)y * Wv + x] = s;
        }
    for (int y = 0; y < Hv; y++)
        for (int x = 0; x < Wv; x++) {
            double s = 0;
            for (int k = 0; k < 11; k++) s += g[k] * tmp[(size_t)(y + k) * Wv + x];
            out[(size_t)y * Wv + x] = s;
        }
}

double metric_ssim(const float *a, const float *b, int H, int W, int C, double range)
{
    if (H < 11 || W < 11) return NAN;  /* the window does not fit */
    double g[11], gsum = 0;
    for (int k = 0; k < 11; k++) gsum += g[k] = exp(-(k - 5) * (k - 5) / (2 * 1.5 * 1.5));
    for (int k = 0; k < 11; k++) g[k] /= gsum;
    const double c1 = (0.01 * range) * (0.01 * range), c2 = (0.03 * range) * (0.03 * range);
    size_t n = (size_t)H * W, nv = (size_t)(H - 10) * (W - 10);
    /* Five planes in (x, y, xx, yy, xy), their blurs, and one scratch. */
    double *in = malloc(5 * n * sizeof(double)), *mu = malloc(5 * nv * sizeof(double));
    double *tmp = malloc((size_t)H * (W - 10) * sizeof(double));
    if (!in || !mu || !tmp) {
        free(in); free(mu); free(tmp);
        return NAN;
    }
    double total = 0;
    for (int c = 0; c < C; c++) {
        for (size_t i = 0; i < n; i++) {
            double x = a[i * C + c], y = b[i * C + c];
            in[i] = x; in[n + i] = y;
            in[2 * n + i] = x * x; in[3 * n + i] = y * y; in[4 * n + i] = x * y;
        }
        for (int p = 0; p < 5; p++) blur_valid(in + p * n, tmp, mu + p * nv, H, W, g);
        double sum = 0;
        for (size_t i = 0; i < nv; i++) {
            double mx = mu[i], my = mu[nv + i];
            double vx = mu[2 * nv + i] - mx * mx, vy = mu[3 * nv + i] - my * my;
            double cxy = mu[4 * nv + i] - mx * my;
            sum += ((2 * mx * my + c1) * (2 * cxy + c2)) /
                   ((mx * mx + my * my + c1) * (vx + vy + c2));
        }
        total += sum / nv;
    }
    free(in); free(mu); free(tmp);
    return total / C;
}
