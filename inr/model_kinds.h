/* model_kinds.h - inside the library: the descriptor each model kind
 * fills (its name, defaults, learning rates, layout, init, workspace,
 * forward/backward and fields) and the layout helpers the kinds share.
 *
 * kinds.c lists one descriptor per kind (inr_model_kind indexes it, as the
 * CUDA twin table in cuda/trainer_cuda.c); model.c, trainer.c and fields.c
 * dispatch through it. SIREN, FFN and the hash grid are one family,
 * encoding + MLP (enc_mlp.c): m->layer[] is their whole network. Other
 * kinds (NSTR, and those with a header of their own) use
 * m->layer[] for their dense sub-networks and m->grid for their grid, and
 * run them themselves. Where each kind's passes keep their buffers, on both
 * devices: kind_carve.h. */
#ifndef INR_MODEL_KINDS_H
#define INR_MODEL_KINDS_H

#include "adam.h"
#include "fields.h"
#include "hparams.h"
#include "fresh_param.h"
#include "model.h"

typedef struct {
    const char *name;    /* as given to --model and printed by info */
    /* Its config defaults over the common ones (inr_config_default; NULL:
     * none). */
    void (*defaults)(inr_config *c);
    /* Adam's defaults: lr (lr_audio for 1-D signals), beta2 and eps where
     * not 0 (else inr_adam_defaults'). */
    float lr, lr_audio, beta2, eps;
    int bf16;            /* --precision bf16 (mark_bf16_layers): 0 refused,
                            1 allowed, 2 also picked by auto (inr_model_bf16) */
    /* The hyper-parameters it uses (hparams.h), n_hparams of them: the
     * shared ones (width, a part several kinds share) and those of its own
     * part of inr_config, defined in its file. */
    const inr_hparam *hparams;
    int n_hparams;
    int winner;          /* takes --init winner (METHODS 3.1) */
    /* Sets what it derives from the target (NULL: nothing) from the mean
     * spectral centroid (cycles per sample) along an axis of n_axis
     * samples; `inrfit fit` calls it before applying the options. */
    void (*from_centroid)(inr_config *c, double centroid, long n_axis);
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
    /* Its inner fields (fields.h; NULL: none): the list, and field `which`
     * (its position in the list) of one chunk; work is the model's
     * workspace for N rows. */
    int (*fields)(const inr_model *m, inr_field_info *list, int max);
    void (*field)(const inr_model *m, int which, const float *x, float *out, int N,
                  float *work);

    /* ---- what the rest of the program asks of a kind: the
     * viewer, render --field, FreSh and the batch size read these instead
     * of testing the kind. Zero / NULL: none. ---- */
    /* How its own field is shown (fields.h): viewer panel, --field picture. */
    inr_field_view field_view;
    /* Its FreSh hyper-parameter (fresh_param.h), or NULL. */
    const inr_fresh_param *fresh;
    /* 1: inr_auto_batch picks minibatches at every size (METHODS 2.3). */
    int auto_minibatch;
} inr_model_ops;

/* The descriptor of a kind (kinds.c); NULL for a kind that is not one. */
const inr_model_ops *inr_kind_ops(inr_model_kind kind);
/* Adds a kind at run time after the built-in ones (kinds.c): ops must
 * outlive its use and fill name, layout, init and the three passes; the
 * name must be new. Returns its value (inr_model_parse, inr_model_name and
 * inr_model_list then know it), 0 when refused (a small table: 8 at most).
 * Not thread-safe: register before fitting. No CUDA twin: --device cuda
 * refuses it. */
inr_model_kind inr_kind_register(const inr_model_ops *ops);
/* A kind's hyper-parameter list, for a descriptor's initialiser. */
#define INR_HPARAMS(list) .hparams = list, .n_hparams = (int)(sizeof list / sizeof list[0])

extern const inr_model_ops inr_siren_ops, inr_ffn_ops, inr_hashgrid_ops;
extern const inr_model_ops inr_nstr_ops;

/* The encoding + MLP family (enc_mlp.c): SIREN, FFN and the hash grid walk
 * m->layer[] (an encoding layer, if any, then dense layers). */
/* Appends dense layers in -> width (cfg.layers of them, act with w0_first
 * on the first, w0 after) -> out_dim (linear). */
void inr_enc_mlp_add_mlp(inr_model *m, int in, inr_activation act, float w0_first, float w0);
/* Initialises the encoding layer and each dense layer l with weights
 * U(-bound(l), bound(l)) (bound: NULL gives nn.Linear's 1/sqrt(in)) and
 * biases U(+-1/sqrt(in)), drawing from rng in layer order. */
void inr_enc_mlp_init(inr_model *m, inr_rng *rng,
                      float (*bound)(const inr_model *m, const inr_layer *L, int first));
/* inr_enc_mlp_init with nn.Linear's bounds (FFN, hash grid). */
void inr_enc_mlp_init_linear(inr_model *m, inr_rng *rng);
size_t inr_enc_mlp_workspace(const inr_model *m, int N);
void inr_enc_mlp_forward(const inr_model *m, const float *params, const float *x, float *y,
                         int N, float *work);
double inr_enc_mlp_forward_backward(const inr_model *m, const float *params, const float *x,
                                    const float *t, int N, float loss_scale, float *grad,
                                    float *work, double *reg);
/* The family's passes, for a descriptor's initialiser. */
#define INR_ENC_MLP_PASSES                                                        \
    .workspace = inr_enc_mlp_workspace, .forward = inr_enc_mlp_forward,           \
    .forward_backward = inr_enc_mlp_forward_backward
/* The grid of the hash encoding or NSTR's S from the config's grid fields
 * (dense: NSTR's unhashed levels). */
inr_status inr_grid_from_config(inr_grid *g, const inr_config *c, int features, int dense);
/* --max-res against --base-res (hash grid, NSTR). */
inr_status inr_check_grid_res(const inr_config *c);

/* Where NSTR (nstr.c) keeps its sub-networks in m->layer, for the CPU
 * model and its CUDA twin (cuda/): g_phi (layers + 1) first, then F_theta,
 * (X + W) -> T -> T -> W d, X = inr_nstr_tin_x (d, or 0 for F_theta(S)),
 * W = inr_nstr_width (K, or 2K with the phase field). */
#define NSTR_TRANSPORT_WIDTH 64
#define NSTR_TRANSPORT_LAYERS 3   /* two hidden ReLU layers and the output */
static inline int inr_nstr_g_count(const inr_model *m) { return m->cfg.layers + 1; }
static inline int inr_nstr_f_first(const inr_model *m) { return m->cfg.layers + 1; }
/* Columns of x in F_theta's input [x, S]: d, or 0 when it sees S alone. */
static inline int inr_nstr_tin_x(const inr_model *m)
{
    return m->cfg.nstr.transport_x ? m->cfg.in_dim : 0;
}
/* Components of S per point: K amplitudes, then (--phase-field 1) K
 * phases; the features of S's grid. */
static inline int inr_nstr_width(const inr_model *m)
{
    return m->cfg.nstr.bases * (m->cfg.nstr.phase_field ? 2 : 1);
}
/* Column of phi_0 in a row of S: K, or 0 without the phase field. */
static inline int inr_nstr_phase_col(const inr_model *m)
{
    return m->cfg.nstr.phase_field ? m->cfg.nstr.bases : 0;
}
/* Length of one finest-level cell of S in units of x: grad_x S is
 * multiplied by it before the regulariser compares it with F_theta. */
static inline float inr_nstr_grad_unit(const inr_model *m)
{
    return 2.0f / m->grid.scale[m->grid.levels - 1];
}
/* The regulariser's mean runs over points and the W d components of
 * grad_x S (the data term's over points and C channels): its sum of squared
 * residuals times this is its part of the loss, lambda included. */
static inline double inr_nstr_reg_weight(const inr_model *m, double loss_scale)
{
    const inr_config *c = &m->cfg;
    return c->nstr.lambda * loss_scale * c->out_dim / ((double)inr_nstr_width(m) * c->in_dim);
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
void dense_forward_cpu(const inr_layer *L, const float *params, const float *x,
                       float *y, float *aux, int N);
/* Backward of dense layer L: delta (N,out) is dL/dy and is overwritten by
 * dL/dz (through the activation; y is the layer output, aux as above); adds
 * dW, db into grad; dx (N,in) = dL/dx, overwritten (NULL skips). */
void dense_backward_cpu(const inr_layer *L, const float *params, const float *x,
                        const float *y, const float *aux, float *delta, float *grad,
                        float *dx, int N);
/* Dense layers [first, first + count) of m as one MLP (mlp.c): x (N,in)
 * -> act[i] (N,out_i), aux[i] (N,out_i) for sine layers (else unused). The
 * caller sizes act/aux from the layers. */
void mlp_forward_cpu(const inr_model *m, const float *params, int first, int count,
                     const float *x, float **act, float **aux, int N);
/* Backward of the same run: delta (N, widest out) holds dL/d(last output)
 * and, like scratch (same size), is clobbered; adds the weight gradients
 * into grad; dx (N,in) = dL/dx, overwritten (NULL skips). */
void mlp_backward_cpu(const inr_model *m, const float *params, int first, int count,
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

/* U(-bound, bound) into p (n). */
void inr_fill_uniform(inr_rng *rng, float *p, size_t n, float bound);

#endif
