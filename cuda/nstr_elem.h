/* nstr_elem.h - per-element bodies of NSTR's kernels (METHODS 2.4, the
 * project's reading in inr/nstr.c), shared with the host emulation (hd.h).
 * One element is one (point n, basis k) of (N,K) arrays, i = n K + k. */
#ifndef INR_NSTR_ELEM_H
#define INR_NSTR_ELEM_H

#include <math.h>
#include <stddef.h>

#include "hd.h"

/* theta = x_n . Omega_k + phase_k (x (N,d), Omega (K,d)); sn, cs = its
 * sine and cosine; feat = S sn, the input of g_phi. */
static inline INR_HD void nstr_modulate_elem(const float *x, const float *omega,
                                             const float *phase, const float *S, float *sn,
                                             float *cs, float *feat, int d, int K, size_t i)
{
    size_t n = i / (size_t)K;
    int k = (int)(i - n * (size_t)K);
    float theta = 0.0f;
    for (int j = 0; j < d; j++) theta += x[n * d + j] * omega[(size_t)k * d + j];
    theta += phase[k];
    float s, c;
#ifdef __CUDA_ARCH__
    sincosf(theta, &s, &c);
#else
    s = sinf(theta);
    c = cosf(theta);
#endif
    sn[i] = s;
    cs[i] = c;
    feat[i] = S[i] * s;
}

/* From dfeat (in dS): dS = dfeat sn and, in place of cs, dtheta =
 * dfeat S cos(theta). */
static inline INR_HD void nstr_modulate_backward_elem(float *dS, const float *sn, float *cs,
                                                      const float *S, size_t i)
{
    float dfeat = dS[i];
    dS[i] = dfeat * sn[i];
    cs[i] *= dfeat * S[i];
}

#endif
