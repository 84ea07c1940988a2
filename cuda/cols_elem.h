/* cols_elem.h - per-element bodies of the column kernels (ops_cuda.h):
 * joining two row-major arrays side by side and adding a block of columns,
 * shared with the host emulation (hd.h). */
#ifndef INR_COLS_ELEM_H
#define INR_COLS_ELEM_H

#include <stddef.h>

#include "hd.h"

/* out (N, A+B) = [a (N,A), b (N,B)]; element i of out. */
static inline INR_HD void concat_cols_elem(const float *a, const float *b, float *out, int A,
                                           int B, size_t i)
{
    size_t n = i / (size_t)(A + B);
    int j = (int)(i - n * (size_t)(A + B));
    out[i] = j < A ? a[n * A + j] : b[n * B + (j - A)];
}

/* dst (N,W) += columns [c0, c0 + W) of src (N,S); element i of dst. */
static inline INR_HD void add_cols_elem(const float *src, int S, int c0, float *dst, int W,
                                        size_t i)
{
    size_t n = i / (size_t)W;
    int j = (int)(i - n * (size_t)W);
    dst[i] += src[n * S + c0 + j];
}

#endif
