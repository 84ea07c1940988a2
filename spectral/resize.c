/* resize.c - antialiased bilinear resize of interleaved (h,w,c) images, the
 * resampling FreSh applies before its spectrum (torchvision resize with
 * antialias=True, which follows PIL's separable triangle-filter resampler).
 */
#include "spectral.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Taps of one axis: output o reads inputs first[o] .. first[o]+count[o]-1 with
 * weights w[o*taps + t], which sum to 1. */
typedef struct {
    int taps;
    int *first, *count;
    double *w;
} axis_filter;

static double triangle(double x)
{
    x = fabs(x);
    return x < 1.0 ? 1.0 - x : 0.0;
}

static void axis_free(axis_filter *f)
{
    free(f->first);
    free(f->count);
    free(f->w);
}

/* PIL's precompute_coeffs for the bilinear filter (support 1): output pixel o
 * is centred at (o + 0.5) * scale in input pixels; when shrinking (scale > 1)
 * the triangle is widened by scale so every input pixel contributes, which is
 * what removes aliasing. Window ends are truncated as PIL's (int) casts do. */
static inr_status axis_make(int in, int out, axis_filter *f)
{
    double scale = (double)in / out;
    double fscale = scale > 1.0 ? scale : 1.0;
    double support = fscale;

    f->taps = (int)ceil(support) * 2 + 1;
    f->first = malloc((size_t)out * sizeof *f->first);
    f->count = malloc((size_t)out * sizeof *f->count);
    f->w = malloc((size_t)out * (size_t)f->taps * sizeof *f->w);
    if (!f->first || !f->count || !f->w) /* the caller's axis_free() releases them */
        return inr_fail(INR_ERR_NOMEM, "out of memory for resize filter %d -> %d", in, out);
    for (int o = 0; o < out; o++) {
        double center = (o + 0.5) * scale, total = 0.0;
        int lo = (int)(center - support + 0.5), hi = (int)(center + support + 0.5);
        double *w = f->w + (size_t)o * f->taps;
        if (lo < 0) lo = 0;
        if (hi > in) hi = in;
        if (hi - lo > f->taps) hi = lo + f->taps; /* cannot happen; keeps w in bounds */
        f->first[o] = lo;
        f->count[o] = hi - lo;
        for (int t = 0; t < hi - lo; t++) {
            w[t] = triangle((t + lo - center + 0.5) / fscale);
            total += w[t];
        }
        for (int t = 0; t < hi - lo; t++) w[t] = total > 0.0 ? w[t] / total : 0.0;
    }
    return INR_OK;
}

/* One separable pass: out[a][o][k] = sum_t w[o][t] in[a][first[o]+t][k], with
 * `inner` the stride between neighbours along the filtered axis (c for the
 * horizontal pass, ow*c for the vertical one); `outer` independent slabs with
 * strides in_outer / out_outer. acc is (inner) scratch: summing whole rows
 * keeps the vertical pass reading memory contiguously. */
static void axis_apply(const axis_filter *f, int n_out, const float *in, float *out,
                       int outer, size_t in_outer, size_t out_outer, size_t inner,
                       double *acc)
{
    for (int a = 0; a < outer; a++) {
        const float *src = in + (size_t)a * in_outer;
        float *dst = out + (size_t)a * out_outer;
        for (int o = 0; o < n_out; o++) {
            const double *w = f->w + (size_t)o * f->taps;
            for (size_t k = 0; k < inner; k++) acc[k] = 0.0;
            for (int t = 0; t < f->count[o]; t++) {
                const float *row = src + (size_t)(f->first[o] + t) * inner;
                for (size_t k = 0; k < inner; k++) acc[k] += w[t] * row[k];
            }
            for (size_t k = 0; k < inner; k++) dst[(size_t)o * inner + k] = (float)acc[k];
        }
    }
}

inr_status spectral_resize(const float *in, int h, int w, int c,
                           float *out, int oh, int ow)
{
    axis_filter fx = {0}, fy = {0};
    float *tmp;
    double *acc;
    inr_status st;

    if (h < 1 || w < 1 || c < 1 || oh < 1 || ow < 1)
        return inr_fail(INR_ERR_INVALID, "resize %d x %d x %d -> %d x %d: empty size",
                        h, w, c, oh, ow);
    if ((size_t)h * (size_t)w > INT_MAX / (size_t)c ||
        (size_t)oh * (size_t)ow > INT_MAX / (size_t)c ||
        (size_t)h * (size_t)ow > INT_MAX / (size_t)c)
        return inr_fail(INR_ERR_INVALID, "resize %d x %d -> %d x %d is too large",
                        h, w, oh, ow);
    if (oh == h && ow == w) { /* the filters would be the identity */
        memcpy(out, in, (size_t)h * w * c * sizeof *out);
        return INR_OK;
    }
    tmp = malloc((size_t)h * ow * c * sizeof *tmp);
    acc = malloc((size_t)ow * c * sizeof *acc);
    if (!tmp || !acc) {
        st = inr_fail(INR_ERR_NOMEM, "out of memory resizing %d x %d", h, w);
        goto out;
    }
    if ((st = axis_make(w, ow, &fx)) != INR_OK) goto out;
    if ((st = axis_make(h, oh, &fy)) != INR_OK) goto out;
    /* Horizontal first, then vertical, as PIL does: (h,w,c) -> (h,ow,c) -> (oh,ow,c). */
    axis_apply(&fx, ow, in, tmp, h, (size_t)w * c, (size_t)ow * c, (size_t)c, acc);
    axis_apply(&fy, oh, tmp, out, 1, 0, 0, (size_t)ow * c, acc);
out:
    axis_free(&fx);
    axis_free(&fy);
    free(tmp);
    free(acc);
    return st;
}
