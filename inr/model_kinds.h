/* model_kinds.h - inside the library: how model kinds that are not a plain
 * layer sequence (NSTR, HC-INR) plug into model.c, and the layout helpers
 * they share with it.
 *
 * A kind fills an inr_model_ops table (designated initialisers); model.c
 * dispatches create/init/workspace/forward/backward through it. Such a kind
 * may still use m->layer[] for its dense sub-networks (the helpers below)
 * and m->grid for its grid: it runs them itself. */
#ifndef INR_MODEL_KINDS_H
#define INR_MODEL_KINDS_H

#include "model.h"

typedef struct {
    /* Checks the kind's config fields (reason via inr_fail). */
    inr_status (*check)(const inr_config *c);
    /* Adds the tensors and layers; params is allocated afterwards. */
    inr_status (*layout)(inr_model *m);
    /* Initialises params from rng. */
    void (*init)(inr_model *m, inr_rng *rng);
    size_t (*workspace)(const inr_model *m, int N);
    void (*forward)(const inr_model *m, const float *params, const float *x, float *y,
                    int N, float *work);
    double (*forward_backward)(const inr_model *m, const float *params, const float *x,
                               const float *t, int N, float loss_scale, float *grad,
                               float *work, double *reg);
} inr_model_ops;

extern const inr_model_ops inr_nstr_ops;
extern const inr_model_ops inr_hcinr_ops;

/* Where NSTR (nstr.c) and HC-INR (hcinr.c) keep their sub-networks in
 * m->layer, for the CPU model and its CUDA twin (cuda/). NSTR: g_phi
 * (layers + 1) first, then F_theta, (d + K) -> T -> T -> K d. HC-INR: H_psi
 * (two layers), then the field SIREN (layers + 1). */
#define NSTR_TRANSPORT_WIDTH 64
#define NSTR_TRANSPORT_LAYERS 3   /* two hidden ReLU layers and the output */
static inline int inr_nstr_g_count(const inr_model *m) { return m->cfg.layers + 1; }
static inline int inr_nstr_f_first(const inr_model *m) { return m->cfg.layers + 1; }
/* Length of one finest-level cell of S in units of x: grad_x S is
 * multiplied by it before the regulariser compares it with F_theta. */
static inline float inr_nstr_grad_unit(const inr_model *m)
{
    return 2.0f / m->grid.scale[m->grid.levels - 1];
}
/* The regulariser's mean runs over points and the K d components of
 * grad_x S (the data term's over points and C channels): its sum of squared
 * residuals times this is its part of the loss, lambda included. */
static inline double inr_nstr_reg_weight(const inr_model *m, double loss_scale)
{
    const inr_config *c = &m->cfg;
    return c->lambda * loss_scale * c->out_dim / ((double)c->bases * c->in_dim);
}
enum { HC_HYPER_FIRST = 0, HC_HYPER_COUNT = 2, HC_FIELD_FIRST = 2 };
static inline int inr_hcinr_field_count(const inr_model *m) { return m->cfg.layers + 1; }
static inline int inr_hcinr_warp_params(const inr_config *c)
{
    return c->scales * (c->in_dim * c->in_dim + c->in_dim);
}

/* Appends a named tensor of shape (rows, cols), or (rows) when cols is 0;
 * returns its offset. */
size_t inr_model_add_tensor(inr_model *m, const char *name, size_t rows, size_t cols,
                            int frozen);
/* Appends a dense layer with tensors "<prefix>W<k>" (out,in) and
 * "<prefix>b<k>" (out); returns its index in m->layer. */
int inr_model_add_dense(inr_model *m, const char *prefix, int k, int in, int out,
                        inr_activation act, float w0);
/* Adds one tensor "<prefix><l>" per level of m->grid and sets its offsets. */
void inr_model_add_grid(inr_model *m, const char *prefix);
/* Runs dense layer L on x (N,in) into y (N,out); aux (N,out) gets w0*cos
 * for sine layers (NULL at inference). */
void inr_dense_forward(const inr_layer *L, const float *params, const float *x,
                       float *y, float *aux, int N);
/* Backward of dense layer L: delta (N,out) is dL/dy and is overwritten by
 * dL/dz (through the activation; y is the layer output, aux as above); adds
 * dW, db into grad; dx (N,in) = dL/dx, overwritten (NULL skips). */
void inr_dense_backward(const inr_layer *L, const float *params, const float *x,
                        const float *y, const float *aux, float *delta, float *grad,
                        float *dx, int N);
/* Dense layers [first, first + count) of m as one MLP (mlp.c): x (N,in)
 * -> act[i] (N,out_i), aux[i] (N,out_i) for sine layers (else unused). The
 * caller sizes act/aux from the layers. */
void inr_mlp_forward(const inr_model *m, const float *params, int first, int count,
                     const float *x, float **act, float **aux, int N);
/* Backward of the same run: delta (N, widest out) holds dL/d(last output)
 * and, like scratch (same size), is clobbered; adds the weight gradients
 * into grad; dx (N,in) = dL/dx, overwritten (NULL skips). */
void inr_mlp_backward(const inr_model *m, const float *params, int first, int count,
                      const float *x, float **act, float **aux, float *delta,
                      float *scratch, float *grad, float *dx, int N);

/* Bump allocation in a workspace: returns base + *used and adds n to
 * *used. With base NULL it only counts (to size the workspace). */
static inline float *inr_take(float *base, size_t *used, size_t n)
{
    float *r = base ? base + *used : NULL;
    *used += n;
    return r;
}

/* Field evaluation of one chunk (fields.c dispatches; work is the model's
 * workspace for N rows). NSTR: which 0 = nu(x) (N,1), 1 = flow (N,d). */
void nstr_field_cpu(const inr_model *m, int which, const float *x, float *out, int N,
                    float *work);
/* HC-INR: u_S(x) (N,d), the end of the warp chain. */
void hcinr_warp_cpu(const inr_model *m, const float *x, float *out, int N, float *work);

/* U(-bound, bound) into p (n). */
void inr_fill_uniform(inr_rng *rng, float *p, size_t n, float bound);

#endif
