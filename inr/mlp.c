/* mlp.c - a run of dense layers of a model as one MLP, forward and backward,
 * for the kinds that call their sub-networks themselves (NSTR, HC-INR). */
#include "model_kinds.h"

void mlp_forward_cpu(const inr_model *m, const float *params, int first, int count,
                     const float *x, float **act, float **aux, int N)
{
    const float *in = x;
    for (int i = 0; i < count; i++) {
        const inr_layer *L = &m->layer[first + i];
        INR_ASSERT(L->kind == LAYER_DENSE);
        dense_forward_cpu(L, params, in, act[i], L->act == ACT_SINE ? aux[i] : NULL, N);
        in = act[i];
    }
}

void mlp_backward_cpu(const inr_model *m, const float *params, int first, int count,
                      const float *x, float **act, float **aux, float *delta,
                      float *scratch, float *grad, float *dx, int N)
{
    for (int i = count - 1; i >= 0; i--) {
        const inr_layer *L = &m->layer[first + i];
        const float *in = i > 0 ? act[i - 1] : x;
        float *d_in = i > 0 ? scratch : dx;
        dense_backward_cpu(L, params, in, act[i], L->act == ACT_SINE ? aux[i] : NULL, delta,
                           grad, d_in, N);
        float *swap = delta;
        delta = scratch;
        scratch = swap;
    }
}
