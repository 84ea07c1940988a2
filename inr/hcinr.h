/* hcinr.h - HC-INR (METHODS 2.5, hcinr.c) to the rest of the engine: its
 * descriptor, where its sub-networks sit in m->layer and where its passes
 * keep their buffers (as kind_carve.h's, for the CPU passes and the CUDA
 * twin, cuda/hcinr_cuda.c). Only the kind tables and its own files need it. */
#ifndef INR_HCINR_H
#define INR_HCINR_H

#include "kind_carve.h"

extern const inr_model_ops inr_hcinr_ops;

/* m->layer: H_psi (two layers), then the field SIREN (layers + 1). */
enum { HC_HYPER_FIRST = 0, HC_HYPER_COUNT = 2, HC_FIELD_FIRST = 2 };
static inline int inr_hcinr_field_count(const inr_model *m) { return m->cfg.layers + 1; }
static inline int inr_hcinr_warp_params(const inr_config *c)
{
    return c->hcinr.scales * (c->in_dim * c->in_dim + c->in_dim);
}

/* HC-INR (hcinr.c). f_aux only for sine layers when training. */
typedef struct {
    float *z;                       /* (N,F) latent features              */
    float *h_act[HC_HYPER_COUNT];   /* (N,64), (N,P) hypernetwork          */
    float *u;                       /* (N,S*d) [u_1..u_S], the field input */
    float *th;                      /* (N,S*d) tanh of each scale          */
    float *f_act[INR_MAX_LAYERS], *f_aux[INR_MAX_LAYERS];
    float *delta, *scratch;         /* (N, max_width)                      */
    float *du;                      /* (N,S*d)                             */
    float *dz;                      /* (N,F)                               */
} inr_hcinr_buffers;
size_t inr_hcinr_carve(const inr_model *m, size_t N, size_t align, float *work,
                       inr_hcinr_buffers *b, int training);

#endif
