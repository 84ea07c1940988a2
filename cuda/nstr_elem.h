/* nstr_elem.h - per-element bodies of NSTR's kernels (METHODS 2.4, the
 * project's reading in inr/nstr.c), shared with the host emulation (hd.h).
 * One element is one (point n, basis k) of (N,K) arrays, i = n K + k. */
#ifndef INR_NSTR_ELEM_H
#define INR_NSTR_ELEM_H

#include <math.h>
#include <stddef.h>

#include "hd.h"

/* theta = x_n . Omega_k + phase_k (+ phi_k(x_n)) (x (N,d), Omega (K,d));
 * sn, cs = its sine and cosine; feat = a_k sn, the input of g_phi. S
 * (N,W): a_k in column k, phi_k in column P + k; P = 0: no phase field
 * (W = K, S the amplitudes). */
static inline INR_HD void nstr_modulate_elem(const float *x, const float *omega,
                                             const float *phase, const float *S, float *sn,
                                             float *cs, float *feat, int d, int K, int W,
                                             int P, size_t i)
{
    size_t n = i / (size_t)K;
    int k = (int)(i - n * (size_t)K);
    size_t s = n * (size_t)W + k;
    float theta = 0.0f;
    for (int j = 0; j < d; j++) theta += x[n * d + j] * omega[(size_t)k * d + j];
    theta += phase[k];
    if (P) theta += S[s + P];
    float sn_, cs_;
#ifdef __CUDA_ARCH__
    sincosf(theta, &sn_, &cs_);
#else
    sn_ = sinf(theta);
    cs_ = cosf(theta);
#endif
    sn[i] = sn_;
    cs[i] = cs_;
    feat[i] = S[s] * sn_;
}

/* From dfeat (N,K; may be dS itself when P = 0): dS_a = dfeat sn and, in
 * place of cs, dtheta = dfeat a cos(theta), which is also dS_phi (column
 * P + k of dS (N,W)) with the phase field. One element per (n, k). */
static inline INR_HD void nstr_modulate_backward_elem(const float *dfeat, float *dS,
                                                      const float *sn, float *cs,
                                                      const float *S, int K, int W, int P,
                                                      size_t i)
{
    size_t n = i / (size_t)K;
    size_t s = n * (size_t)W + (i - n * (size_t)K);
    float df = dfeat[i];
    dS[s] = df * sn[i];
    cs[i] *= df * S[s];
    if (P) dS[s + P] = cs[i];
}

#endif
