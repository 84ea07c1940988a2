/* hcinr_warp.h - HC-INR's warp chain for one point (METHODS 2.5, the
 * project's reading in inr/hcinr.c), forward and backward: the CPU model
 * (hcinr.c) loops over points, the CUDA kernels run one thread per point
 * (INR_HD, hd.h): one piece of arithmetic for both. p (N,P) holds the
 * hypernetwork's output per point: per scale s, A_s (d x d, row-major)
 * then t_s (d); P = S (d d + d). */
#ifndef INR_HCINR_WARP_H
#define INR_HCINR_WARP_H

#include <math.h>
#include <stddef.h>

#include "hashgrid.h"
#include "hd.h"

/* u_s = u_{s-1} + 2^-s tanh(A_s u_{s-1} + t_s), u_0 = x: u, th (N, S d)
 * get [u_1..u_S] and the tanh values of point n. */
static inline INR_HD void hcinr_warp_forward_elem(const float *x, const float *p, float *u,
                                                  float *th, int d, int S, size_t n)
{
    int P = S * (d * d + d);
    const float *pn = p + n * P, *prev = x + n * d;
    float *un = u + n * S * d, *thn = th + n * S * d;
    float weight = 1.0f;
    for (int s = 0; s < S; s++) {
        const float *A = pn + s * (d * d + d), *tv = A + d * d;
        weight *= 0.5f;
        for (int i = 0; i < d; i++) {
            float a = tv[i];
            for (int j = 0; j < d; j++) a += A[i * d + j] * prev[j];
            thn[s * d + i] = tanhf(a);
            un[s * d + i] = prev[i] + weight * thn[s * d + i];
        }
        prev = un + s * d;
    }
}

/* Back through the chain of point n, s = S..1: with g = dL/du_s (du from
 * the field plus what u_{s+1} sends back), da = g 2^-s (1 - tanh^2),
 * dA_s = da u_{s-1}^T, dt_s = da, dL/du_{s-1} = g + A_s^T da. dp (N,P) is
 * overwritten. */
static inline INR_HD void hcinr_warp_backward_elem(const float *x, const float *p,
                                                   const float *u, const float *th,
                                                   const float *du, float *dp, int d, int S,
                                                   size_t n)
{
    int P = S * (d * d + d);
    const float *pn = p + n * P, *un = u + n * S * d, *thn = th + n * S * d;
    const float *dun = du + n * S * d;
    float *dpn = dp + n * P;
    float carry[INR_GRID_MAX_DIMS] = { 0.0f, 0.0f, 0.0f };
    for (int s = S - 1; s >= 0; s--) {
        const float *A = pn + s * (d * d + d);
        const float *prev = s > 0 ? un + (s - 1) * d : x + n * d;
        float *dA = dpn + s * (d * d + d), *dt = dA + d * d;
        float weight = ldexpf(1.0f, -(s + 1));
        float g[INR_GRID_MAX_DIMS], da[INR_GRID_MAX_DIMS];
        for (int i = 0; i < d; i++) {
            g[i] = dun[s * d + i] + carry[i];
            float tt = thn[s * d + i];
            da[i] = g[i] * weight * (1.0f - tt * tt);
            dt[i] = da[i];
            for (int j = 0; j < d; j++) dA[i * d + j] = da[i] * prev[j];
        }
        for (int j = 0; j < d; j++) {
            float back = g[j];
            for (int i = 0; i < d; i++) back += A[i * d + j] * da[i];
            carry[j] = back;
        }
    }
}

#endif
