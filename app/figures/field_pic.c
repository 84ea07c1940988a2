/* field_pic.c - what the field pictures share (field_internal.h): a field
 * evaluated at given coordinates, its finite range, the picture's size
 * checks. Apart from field_draw.c, which calls the pictures, so that the
 * pictures call nothing of their caller. */
#include "field_internal.h"

#include <math.h>
#include <stdlib.h>

inr_status field_eval(const field_pic *p, const char *name, const float *coords, long n,
                      int channels, float **out)
{
    float *v = malloc((size_t)n * channels * sizeof(float));
    *out = NULL;
    if (!v) return inr_fail(INR_ERR_NOMEM, "out of memory for field '%s'", name);
    inr_status st = inr_model_field(p->m, name, coords, n, v, p->threads);
    if (st) free(v);
    else *out = v;
    return st;
}

void field_range(const float *v, size_t n, size_t stride, float *lo, float *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        float x = v[i * stride];
        if (!isfinite(x)) continue;
        if (x < *lo) *lo = x;
        if (x > *hi) *hi = x;
    }
    if (!(*lo <= *hi)) { *lo = 0; *hi = 1; }
    if (*hi == *lo) *hi = *lo + 1;
}

inr_status field_too_small(const field_pic *p)
{
    return inr_fail(INR_ERR_INVALID, "a %dx%d picture is too small for field '%s' with its "
                    "title, axes and scale", p->spec.width, p->spec.height, p->field);
}

inr_status field_check_size(const field_pic *p)
{
    if (p->spec.width < 1 || p->spec.height < 1) return field_too_small(p);
    if (p->spec.width > (1L << 24) / p->spec.height)
        return inr_fail(INR_ERR_INVALID, "field picture %dx%d is larger than 16777216 pixels",
                        p->spec.width, p->spec.height);
    return INR_OK;
}
