/* mlp_cuda.c - dense layers and runs of them (MLPs) on CUDA, the twins of
 * dense_forward_cpu/backward and mlp_forward_cpu/backward (inr/mlp.c). */
#include "kinds_cuda.h"

/* A coordinate layer (in <= 4) whose weight gradient fits the column
 * sums' scratch runs as one kernel each way (dense_small_*_cuda). */
static int small_layer(const inr_layer *L)
{
    return L->in <= 4 && (size_t)(1 + L->in) * L->out <= COLSUM_MAX_O;
}

/* The product first, then one fused pass adds the bias and applies the
 * activation; a small layer in one pass. */
void dense_forward_cuda(inr_cuda_ctx *ctx, const inr_layer *L, const float *params,
                        const float *x, float *y, float *aux, int N)
{
    const float *b = params + L->b_offset;
    if (small_layer(L)) {
        dense_small_forward_cuda(ctx, x, params + L->w_offset, b, y, aux, L->act, L->w0, N, L->in,
                                 L->out);
        return;
    }
    linear_forward_cuda(ctx, x, params + L->w_offset, NULL, y, N, L->in, L->out);
    switch (L->act) {
    case ACT_SINE: sine_forward_cuda(ctx, y, b, aux, L->w0, N, L->out); break;
    case ACT_RELU: relu_forward_cuda(ctx, y, b, N, L->out); break;
    case ACT_NONE: bias_forward_cuda(ctx, y, b, N, L->out); break;
    }
}

void dense_backward_cuda(inr_cuda_ctx *ctx, const inr_layer *L, const float *params,
                         const float *x, const float *y, const float *aux, float *delta,
                         float *grad, float *dx, int N)
{
    if (small_layer(L) && !dx) {
        dense_small_backward_cuda(ctx, L->act, delta, L->act == ACT_SINE ? aux : y, delta, x,
                                  grad + L->w_offset, grad + L->b_offset, N, L->in, L->out);
        return;
    }
    /* The activation's backward and the bias gradient in one pass, then
     * the two products. */
    act_backward_bias_cuda(ctx, L->act, delta, L->act == ACT_SINE ? aux : y, delta,
                           grad + L->b_offset, N, L->out);
    linear_backward_cuda(ctx, x, params + L->w_offset, delta, grad + L->w_offset, NULL, dx, N,
                         L->in, L->out);
}

int dense_foldable_cuda(const inr_layer *L, const inr_layer *top)
{
    return L->kind == LAYER_DENSE && top->kind == LAYER_DENSE && top->act == ACT_NONE &&
           top->out <= 4 && top->in == L->out && !small_layer(L);
}

void dense_backward_folded_cuda(inr_cuda_ctx *ctx, const inr_layer *L, const inr_layer *top,
                                const float *params, const float *x, const float *y,
                                const float *aux, const float *dy_top, float *dz, float *grad,
                                float *dx, int N)
{
    act_backward_rank_bias_cuda(ctx, L->act, dy_top, params + top->w_offset, top->out,
                                L->act == ACT_SINE ? aux : y, dz, grad + L->b_offset, N, L->out);
    linear_backward_cuda(ctx, x, params + L->w_offset, dz, grad + L->w_offset, NULL, dx, N, L->in,
                         L->out);
}

void mlp_forward_cuda(inr_cuda_ctx *ctx, const inr_model *m, const float *params, int first,
                      int count, const float *x, float **act, float **aux, int N)
{
    const float *in = x;
    for (int i = 0; i < count; i++) {
        const inr_layer *L = &m->layer[first + i];
        INR_ASSERT(L->kind == LAYER_DENSE);
        dense_forward_cuda(ctx, L, params, in, act[i],
                           aux && L->act == ACT_SINE ? aux[i] : NULL, N);
        in = act[i];
    }
}

void mlp_backward_cuda(inr_cuda_ctx *ctx, const inr_model *m, const float *params, int first,
                       int count, const float *x, float **act, float **aux, float *delta,
                       float *scratch, float *grad, float *dx, int N)
{
    for (int i = count - 1; i >= 0; i--) {
        const inr_layer *L = &m->layer[first + i];
        const float *in = i > 0 ? act[i - 1] : x;
        float *d_in = i > 0 ? scratch : dx;
        dense_backward_cuda(ctx, L, params, in, act[i], L->act == ACT_SINE ? aux[i] : NULL,
                            delta, grad, d_in, N);
        float *swap = delta;
        delta = scratch;
        scratch = swap;
    }
}
