/* kind_carve.h - where each kind's passes keep their buffers in a
 * workspace: one description per kind, used by the CPU passes (align 1)
 * and their CUDA twins (cuda/, align CUDA_ALIGN_FLOATS). Each carve lays
 * the buffers out from work (NULL: only counts, every pointer NULL) with
 * each piece rounded up to `align` floats, and returns the floats used. */
#ifndef INR_KIND_CARVE_H
#define INR_KIND_CARVE_H

#include "model_kinds.h"

/* inr_take of n rounded up to a multiple of align floats. */
static inline float *inr_take_aligned(float *base, size_t *used, size_t n, size_t align)
{
    return inr_take(base, used, (n + align - 1) / align * align);
}

/* Encoding + MLP (enc_mlp.c). Training: per layer its output act and, for
 * sine layers, aux (w0 cos), then the two backward deltas (N, max_width).
 * Evaluation: two ping-pong activations buf (N, max_width). */
typedef struct {
    float *act[INR_MAX_LAYERS], *aux[INR_MAX_LAYERS];
    float *delta, *delta_prev;
    float *buf[2];
} inr_enc_mlp_buffers;
size_t inr_enc_mlp_carve(const inr_model *m, size_t N, size_t align, float *work,
                         inr_enc_mlp_buffers *b, int training);

/* NSTR (nstr.c); parts picks the optional groups. */
enum {
    NSTR_CARVE_LEVELS = 1,     /* Sl (and Jl when training): per-level S   */
    NSTR_CARVE_TRANSPORT = 2,  /* tin, f_act: F_theta's forward            */
    NSTR_CARVE_TRAIN = 4,      /* delta, scratch, dS, J, dtin              */
};
typedef struct {
    float *Sl;          /* (N, L*W) per-level S (W = inr_nstr_width)    */
    float *S;           /* (N,W) [a_0..a_K-1, (phi_0..phi_K-1)]         */
    float *sn, *cs;     /* (N,K) sin and cos of Omega x + b             */
    float *feat;        /* (N,K) S * sin, the input of g_phi            */
    float *g_act[INR_MAX_LAYERS];
    float *tin;         /* (N, X+W) [x, S], F_theta's input             */
    float *f_act[NSTR_TRANSPORT_LAYERS];
    float *delta, *scratch;  /* (N, max_width) backward buffers         */
    float *dS;          /* (N,W)                                        */
    float *J;           /* (N,d,W) grad_x S                              */
    float *Jl;          /* (N,L,d,W) per level (also the replicated dJ) */
    float *dtin;        /* (N, X+W); first dfeat (N,K) with the phase   */
} inr_nstr_buffers;
size_t inr_nstr_carve(const inr_model *m, size_t N, size_t align, float *work,
                      inr_nstr_buffers *b, int parts);

#endif
