/* kinds_cuda.h - how each model kind trains and evaluates on CUDA: a small
 * table per kind (the CUDA twin of inr_model_ops in inr/model_kinds.h),
 * and the dense-layer and MLP walks the kinds share.
 *
 * Every pointer is device memory; work is a device workspace of
 * train_floats / eval_floats floats for N rows, carved as the CPU's
 * (kind_carve.h) with CUDA_ALIGN_FLOATS. */
#ifndef INR_KINDS_CUDA_H
#define INR_KINDS_CUDA_H

#include "kind_carve.h"
#include "ops_cuda.h"

typedef struct {
    /* INR_OK when every part of m has kernels, else a one-line reason
     * (INR_ERR_UNSUPPORTED). NULL: every model of the kind. */
    inr_status (*supports)(const inr_model *m);
    size_t (*train_floats)(const inr_model *m, size_t N);
    size_t (*eval_floats)(const inr_model *m, size_t N);
    /* y (N,C) = m(x (N,d)). */
    void (*forward)(inr_cuda_ctx *ctx, const inr_model *m, const float *params, const float *x,
                    float *y, int N, float *work);
    /* One pass of N rows against targets t (N,C): *sse += the data term's
     * sum of squared errors, *reg_sse += the regulariser's (NSTR; both
     * device doubles), grad += dL/dparams for L = loss_scale sse (+ the
     * model's weighted regulariser), as inr_model_forward_backward_reg. */
    void (*forward_backward)(inr_cuda_ctx *ctx, const inr_model *m, const float *params,
                             const float *x, const float *t, int N, float loss_scale,
                             float *grad, float *work, double *sse, double *reg_sse);
    /* The regulariser's part of the loss per unit of *reg_sse (NULL: the
     * kind has none). */
    double (*reg_weight)(const inr_model *m, double loss_scale);
} cuda_kind_ops;

extern const cuda_kind_ops cuda_layers_kind;  /* SIREN, FFN, hash grid: a layer chain */
extern const cuda_kind_ops cuda_nstr_kind;  /* other kinds: in the table (trainer_cuda.c) */

/* Pieces of a workspace start on 256-byte boundaries (float4 accesses,
 * and cuBLAS prefers aligned operands): the kinds' carves (kind_carve.h)
 * run with this alignment. */
enum { CUDA_ALIGN_FLOATS = 64 };

/* Dense layer L: y (N,out) = act(w0 (x W^T + b)); aux (N,out) gets w0 cos
 * for sine layers when not NULL (training). */
void dense_forward_cuda(inr_cuda_ctx *ctx, const inr_layer *L, const float *params,
                        const float *x, float *y, float *aux, int N);
/* From delta = dL/dy (N,out), overwritten: grad += dW, db; dx (N,in) =
 * dL/dx unless NULL. y is the layer output, aux as above. */
void dense_backward_cuda(inr_cuda_ctx *ctx, const inr_layer *L, const float *params,
                         const float *x, const float *y, const float *aux, float *delta,
                         float *grad, float *dx, int N);
/* 1 when `top`, the layer above dense layer L, is a linear dense layer with
 * at most 4 outputs whose dx need not be formed: L's backward can take
 * top's delta and weights instead (dense_backward_folded_cuda). */
int dense_foldable_cuda(const inr_layer *L, const inr_layer *top);
/* dense_backward_cuda of L from top's delta dy_top (N, top->out) and
 * weights: dL/dy of L = dy_top W_top is formed inside L's activation
 * backward, into dz (N, L->out), a buffer apart from dy_top. */
void dense_backward_folded_cuda(inr_cuda_ctx *ctx, const inr_layer *L, const inr_layer *top,
                                const float *params, const float *x, const float *y,
                                const float *aux, const float *dy_top, float *dz, float *grad,
                                float *dx, int N);
/* Dense layers [first, first + count) as one MLP, as mlp_forward_cpu /
 * mlp_backward_cpu (inr/model_kinds.h): act[i], aux[i] (sine layers; aux
 * may be NULL at inference) per layer; delta holds dL/d(last output) and,
 * like scratch (same size, the widest layer), is clobbered. */
void mlp_forward_cuda(inr_cuda_ctx *ctx, const inr_model *m, const float *params, int first,
                      int count, const float *x, float **act, float **aux, int N);
void mlp_backward_cuda(inr_cuda_ctx *ctx, const inr_model *m, const float *params, int first,
                       int count, const float *x, float **act, float **aux, float *delta,
                       float *scratch, float *grad, float *dx, int N);

#endif
