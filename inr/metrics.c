/* metrics.c - PSNR, SSIM and SNR (see metrics.h). */
#include "metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* SSIM over rows fed in order (metrics.h). Each input row's five planes
 * (x, y, xx, yy, xy per channel) are blurred horizontally into slot
 * row % 11 of a ring; once 11 rows are in, the vertical blur of the oldest
 * gives one output row. Every value is the same expression, in the same
 * order, as a blur of whole planes (separable, valid region), and each
 * channel's sum runs over the output in row-major order, so the result
 * does not depend on how the rows are fed. */
int metric_ssim_begin(metric_ssim_stream *s, int H, int W, int C, double range)
{
    memset(s, 0, sizeof *s);
    s->H = H;
    s->W = W;
    s->C = C;
    if (H < 11 || W < 11 || C < 1) return 0;  /* the window does not fit: NaN */
    double gsum = 0;
    for (int k = 0; k < 11; k++) gsum += s->g[k] = exp(-(k - 5) * (k - 5) / (2 * 1.5 * 1.5));
    for (int k = 0; k < 11; k++) s->g[k] /= gsum;
    s->c1 = (0.01 * range) * (0.01 * range);
    s->c2 = (0.03 * range) * (0.03 * range);
    s->ring = malloc((size_t)11 * 5 * C * (W - 10) * sizeof(double));
    s->line = malloc((size_t)5 * W * sizeof(double));
    s->sum = calloc((size_t)C, sizeof(double));
    if (!s->ring || !s->line || !s->sum) {
        metric_ssim_end(s);
        s->failed = 1;
        return -1;
    }
    return 0;
}

void metric_ssim_row(metric_ssim_stream *s, const float *a, const float *b)
{
    if (!s->ring) return;
    int W = s->W, Wv = W - 10, C = s->C, H = s->H;
    int slot = (int)(s->rows % 11);
    const double *g = s->g;
    for (int c = 0; c < C; c++) {
        double *in = s->line;
        for (int x = 0; x < W; x++) {
            double u = a[(size_t)x * C + c], v = b[(size_t)x * C + c];
            in[x] = u; in[W + x] = v;
            in[2 * W + x] = u * u; in[3 * W + x] = v * v; in[4 * W + x] = u * v;
        }
        for (int p = 0; p < 5; p++) {
            double *t = s->ring + (((size_t)slot * C + c) * 5 + p) * Wv;
            const double *src = in + (size_t)p * W;
            for (int x = 0; x < Wv; x++) {
                double sum = 0;
                for (int k = 0; k < 11; k++) sum += g[k] * src[x + k];
                t[x] = sum;
            }
        }
    }
    s->rows++;
    if (s->rows < 11 || s->rows > H) return;
    /* Output row rows - 11 from ring rows rows - 11 .. rows - 1. */
    long y0 = s->rows - 11;
    for (int c = 0; c < C; c++) {
        const double *r[11][5];
        for (int k = 0; k < 11; k++)
            for (int p = 0; p < 5; p++)
                r[k][p] = s->ring + ((((size_t)((y0 + k) % 11)) * C + c) * 5 + p) * Wv;
        double sum = s->sum[c];
        for (int x = 0; x < Wv; x++) {
            double mu[5];
            for (int p = 0; p < 5; p++) {
                double m = 0;
                for (int k = 0; k < 11; k++) m += g[k] * r[k][p][x];
                mu[p] = m;
            }
            double mx = mu[0], my = mu[1];
            double vx = mu[2] - mx * mx, vy = mu[3] - my * my;
            double cxy = mu[4] - mx * my;
            sum += ((2 * mx * my + s->c1) * (2 * cxy + s->c2)) /
                   ((mx * mx + my * my + s->c1) * (vx + vy + s->c2));
        }
        s->sum[c] = sum;
    }
}

double metric_ssim_end(metric_ssim_stream *s)
{
    double r = NAN;
    if (s->ring && s->rows == s->H) {
        double nv = (double)((size_t)(s->H - 10) * (s->W - 10)), total = 0;
        for (int c = 0; c < s->C; c++) total += s->sum[c] / nv;
        r = total / s->C;
    }
    free(s->ring);
    free(s->line);
    free(s->sum);
    s->ring = s->line = s->sum = NULL;
    return r;
}

double metric_ssim(const float *a, const float *b, int H, int W, int C, double range)
{
    metric_ssim_stream s;
    if (metric_ssim_begin(&s, H, W, C, range) != 0 || !s.ring) {
        metric_ssim_end(&s);
        return NAN;
    }
    size_t row = (size_t)W * C;
    for (int y = 0; y < H; y++) metric_ssim_row(&s, a + y * row, b + y * row);
    return metric_ssim_end(&s);
}
