/* mlp_cuda.c - dense layers and runs of them (MLPs) on CUDA, the twins of
 * inr_dense_forward/backward and inr_mlp_forward/backward (inr/mlp.c). */
#include "kinds_cuda.h"

/* The product first, then one fused pass adds the bias and applies the
 * activation. */
void cuda_dense_forward(inr_cuda_ctx *ctx, const inr_layer *L, const float *params,
                        const float *x, float *y, float *aux, int N)
{
    const float *b = params + L->b_offset;
    linear_forward_cuda(ctx, x, params + L->w_offset, NULL, y, N, L->in, L->out);
    switch (L->act) {
    case ACT_SINE: sine_forward_cuda(ctx, y, b, aux, L->w0, N, L->out); break;
    case ACT_RELU: relu_forward_cuda(ctx, y, b, N, L->out); break;
    case ACT_NONE: bias_forward_cuda(ctx, y, b, N, L->out); break;
    }
}

void cuda_dense_backward(inr_cuda_ctx *ctx, const inr_layer *L, const float *params,
                         const float *x, const float *y, const float *aux, float *delta,
                         float *grad, float *dx, int N)
{
    size_t n = (size_t)N * L->out;
    if (L->act == ACT_SINE) sine_backward_cuda(ctx, delta, aux, delta, n);
    else if (L->act == ACT_RELU) relu_backward_cuda(ctx, delta, y, delta, n);
    linear_backward_cuda(ctx, x, params + L->w_offset, delta, grad + L->w_offset,
                         grad + L->b_offset, dx, N, L->in, L->out);
}

void cuda_mlp_forward(inr_cuda_ctx *ctx, const inr_model *m, const float *params, int first,
                      int count, const float *x, float **act, float **aux, int N)
{
    const float *in = x;
    for (int i = 0; i < count; i++) {
        const inr_layer *L = &m->layer[first + i];
        INR_ASSERT(L->kind == LAYER_DENSE);
        cuda_dense_forward(ctx, L, params, in, act[i],
                           aux && L->act == ACT_SINE ? aux[i] : NULL, N);
        in = act[i];
    }
}

void cuda_mlp_backward(inr_cuda_ctx *ctx, const inr_model *m, const float *params, int first,
                       int count, const float *x, float **act, float **aux, float *delta,
                       float *scratch, float *grad, float *dx, int N)
{
    for (int i = count - 1; i >= 0; i--) {
        const inr_layer *L = &m->layer[first + i];
        const float *in = i > 0 ? act[i - 1] : x;
        float *d_in = i > 0 ? scratch : dx;
        cuda_dense_backward(ctx, L, params, in, act[i], L->act == ACT_SINE ? aux[i] : NULL,
                            delta, grad, d_in, N);
        float *swap = delta;
        delta = scratch;
        scratch = swap;
    }
}
