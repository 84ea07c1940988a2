/* model.h - network configurations, the flat parameter buffer and the
 * chunked forward/backward of every model: the sequential ones (SIREN,
 * Fourier features, hash grid + MLP) and NSTR / HC-INR (nstr.c, hcinr.c).
 *
 * A model is a list of layers over one flat float32 buffer: each layer holds
 * offsets into it (llm.c style), the optimizer walks the buffer as one array
 * and a checkpoint stores it whole. Fixed, untrained tensors (the Fourier
 * matrix B) live in the buffer too and are marked frozen. */
#ifndef INR_MODEL_H
#define INR_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "hashgrid.h"
#include "rng.h"
#include "status.h"

typedef enum {
    INR_MODEL_SIREN = 1,
    INR_MODEL_FFN = 2,
    INR_MODEL_HASHGRID = 3,   /* METHODS 2.3 */
    INR_MODEL_NSTR = 4,       /* METHODS 2.4 (project reading) */
    INR_MODEL_HCINR = 5,      /* METHODS 2.5 (project reading) */
} inr_model_kind;
/* What `inrfit fit` and the API fit when no kind is named. */
#define INR_MODEL_DEFAULT INR_MODEL_SIREN

typedef enum {
    INR_INIT_DEFAULT = 0,   /* the model's own initialisation (METHODS 2.x) */
    INR_INIT_WINNER = 1,    /* SIREN + WINNER weight noise (METHODS 3.1)    */
} inr_init_kind;

/* Precision of the training products (fit --precision; gemm_bf16.h). */
typedef enum {
    INR_PRECISION_FP32 = 0,
    INR_PRECISION_BF16 = 1,   /* hidden-to-hidden dense products in bf16 */
} inr_precision;

/* "fp32" / "bf16". */
const char *inr_precision_name(inr_precision p);

/* Most output channels a model has (one per image or audio channel). */
#define INR_MAX_CHANNELS 64

/* The configuration's parts: each field means one thing, and a part is
 * shared only where its fields mean the same in every kind that uses it
 * (hparams.h lists which kind uses which; checkpoint keys in brackets). */

/* Sine layers' angular frequencies: SIREN's, and HC-INR's field SIREN. */
typedef struct {
    float w0;              /* hidden layers' omega (30) [w0]               */
    float w0_first;        /* first layer's omega (30, audio 3000) [w0_first] */
} inr_sine_config;

/* Fourier features gamma(x) = [cos 2 pi x B^T, sin 2 pi x B^T] (FFN). */
typedef struct {
    float sigma;           /* std of B on [-1,1] coordinates (10) [sigma]  */
    int mapping;           /* M rows of B (256) [mapping]                  */
} inr_ffn_config;

/* Multiresolution grid (hashgrid.h): the hash encoding (METHODS 2.3) and
 * NSTR's dense spectrum field S (METHODS 2.4, features = bases). */
typedef struct {
    int levels;            /* L (hash grid 16, NSTR 3) [levels]            */
    int features;          /* F per level (hash grid 2) [features]         */
    int log2_table;        /* log2 T (hash grid 15) [log2_table]           */
    float base_res;        /* N_min (16; NSTR 24, audio 64) [base_res]     */
    float growth;          /* b (1.5); used when max_res is 0 [growth]     */
    float max_res;         /* N_max > 0 sets b from it (NSTR 96, audio 1024;
                              the FreSh candidate of the hash grid) [max_res] */
    float init_range;      /* tables ~ U(-init_range, init_range) (1e-4) [grid_init] */
} inr_grid_config;

/* NSTR (METHODS 2.4): f(x) = g_phi(S(x) * sin(Omega x + b)); S on the grid. */
typedef struct {
    int bases;             /* K global sinusoidal bases (16, audio 64) [bases] */
    float omega_std;       /* std of Omega in radians per unit of x (60,
                              audio 3000; fit: from the spectral centroid)
                              [omega_std; before it had its own: sigma]    */
    float lambda;          /* weight of the transport regulariser (1e-3,
                              audio 0) [lambda]                            */
    int transport_x;       /* 1: F_theta(x, S), 0: F_theta(S) [transport_x;
                              files without the key: 1, their layout]      */
    int phase_field;       /* 1: S also holds a phase phi_k(x) per basis, S
                              of width 2K [phase_field; files without it: 0] */
} inr_nstr_config;

/* HC-INR (METHODS 2.5); width, layers and sine shape its field SIREN. */
typedef struct {
    int scales;            /* S warp scales (3) [scales]                   */
    int latent_res;        /* latent grid vertices per axis (16, audio 256) [latent_res] */
    int latent_features;   /* F of the latent grid (8) [latent_features]   */
} inr_hcinr_config;

/* Everything that defines a network. Defaults: inr_config_default(). The
 * fields every kind has, then the parts (above). */
typedef struct {
    inr_model_kind kind;
    int in_dim;            /* d: 1 audio, 2 images                        */
    int out_dim;           /* C channels                                  */
    int width;             /* H hidden width (256; hash grid and NSTR 64, HC-INR 128) [width] */
    int layers;            /* hidden layers: SIREN / HC-INR field sine layers,
                              FFN / hash grid / NSTR g_phi ReLU layers [layers] */
    inr_init_kind init;    /* default or WINNER (METHODS 3.1)             */
    float winner_s0, winner_s1;   /* WINNER noise scales used (0 = none)  */
    uint64_t seed;         /* of the initialisation and the sampler       */
    inr_precision precision; /* training products (fp32; evaluation: always fp32) [precision] */
    inr_sine_config sine;  /* SIREN, HC-INR's field                        */
    inr_ffn_config ffn;    /* FFN                                          */
    inr_grid_config grid;  /* hash grid, NSTR's S                          */
    inr_nstr_config nstr;  /* NSTR                                         */
    inr_hcinr_config hcinr; /* HC-INR                                      */
} inr_config;

/* Defaults of METHODS 2.1-2.5 for a model kind and signal shape. */
inr_config inr_config_default(inr_model_kind kind, int in_dim, int out_dim);
const char *inr_model_name(inr_model_kind kind);
/* Parses "siren" / "ffn" / "hashgrid" / "nstr" / "hcinr"; 0 when unknown. */
inr_model_kind inr_model_parse(const char *name);
/* --precision bf16 for kind: 0 refused, 1 allowed, 2 also what auto picks
 * where bf16 products are native. */
int inr_model_bf16(inr_model_kind kind);
/* The kinds in use, built in then registered at run time (inr_kind_register),
 * in value order: the kind after k, the first for k = 0, 0 after the last.
 *     for (inr_model_kind k = 0; (k = inr_kind_next(k));) ...          */
inr_model_kind inr_kind_next(inr_model_kind k);
/* How many kinds inr_kind_next visits; they are 1..inr_kind_count(). */
int inr_kind_count(void);
/* Whether kind takes --init winner (METHODS 3.1). */
int inr_model_winner(inr_model_kind kind);
/* Whether kind derives a default from the target's spectral centroid, and
 * setting it in c (for c->kind) from the mean centroid (cycles per sample)
 * along an axis of n_axis samples (nothing for other kinds). */
int inr_model_uses_centroid(inr_model_kind kind);
void inr_config_from_centroid(inr_config *c, double centroid, long n_axis);
/* The kinds' names as "a, b and c" into out (n bytes); min_bf16: only
 * those with inr_model_bf16 >= it. */
void inr_model_list(char *out, size_t n, int min_bf16);

typedef enum { ACT_NONE, ACT_SINE, ACT_RELU } inr_activation;
typedef enum { LAYER_DENSE, LAYER_FOURIER, LAYER_HASHGRID } inr_layer_kind;

/* One layer: DENSE is y = act(w0 * (x W^T + b)) (w0 only for sine);
 * FOURIER is gamma(x) with the frozen matrix B at w_offset; HASHGRID is the
 * grid encoding of the model's grid (tables from w_offset on). */
typedef struct {
    inr_layer_kind kind;
    inr_activation act;
    int in, out;
    float w0;
    size_t w_offset, b_offset;   /* into the parameter buffer */
    int bf16;                    /* training products in bf16 (--precision bf16) */
} inr_layer;

/* A named slice of the parameter buffer (for info, tests, WINNER). */
typedef struct {
    char name[24];
    size_t offset, size;
    size_t rows, cols;           /* shape (rows, cols) row-major; (rows) when cols is 0 */
    int frozen;                  /* not trained (Fourier B) */
    int sparse_adam;             /* Adam skips entries whose gradient is exactly
                                    0 (tiny-cuda-nn's grids; adam.h) */
    float lr_scale;              /* Adam's learning rate times this (0 reads as 1;
                                    NSTR's spectrum field, nstr.c) */
} inr_tensor;

/* A tensor's learning-rate multiplier (lr_scale, 0 meaning 1). */
static inline float inr_tensor_lr_scale(const inr_tensor *t)
{
    return t->lr_scale > 0 ? t->lr_scale : 1.0f;
}

#define INR_MAX_LAYERS 34
#define INR_MAX_TENSORS (2 * INR_MAX_LAYERS + INR_GRID_MAX_LEVELS + 4)

typedef struct {
    inr_config cfg;
    int n_layers;
    inr_layer layer[INR_MAX_LAYERS];
    int n_tensors;
    inr_tensor tensor[INR_MAX_TENSORS];
    size_t n_params;             /* floats in params, frozen ones included */
    size_t n_trainable;
    float *params;
    int max_width;               /* widest activation, for workspaces */
    inr_grid grid;               /* hash grid, NSTR's S or HC-INR's Z */
    size_t extra_offset[2];      /* NSTR: Omega (K,d), phases (K) */
    int eval_bf16;               /* evaluation runs the bf16-marked layers'
                                    products in bf16 (inr_model_eval_precision) */
} inr_model;

/* The precision evaluations run in (fp32 unless set): bf16 runs the
 * products between hidden layers in bf16, as --precision bf16 training
 * does (marking those layers), for the kinds that take bf16; the output
 * layer, the sums and everything after stay fp32. */
inr_status inr_model_eval_precision(inr_model *m, inr_precision p);

/* Lays out the network for cfg and allocates params (zeroed). */
inr_status inr_model_create(inr_model *m, const inr_config *cfg);
/* Only the layout (n_params, layers, tensors); params stays NULL. Readers
 * use it to check a file's size before allocating. */
inr_status inr_model_layout(inr_model *m, const inr_config *cfg);
void inr_model_free(inr_model *m);
/* Initialises params per docs/METHODS.md from cfg.seed (and WINNER when cfg.init says). */
void inr_model_init(inr_model *m);
/* The tensor called name, or NULL. */
const inr_tensor *inr_model_tensor(const inr_model *m, const char *name);

/* Floats of per-chunk workspace that forward/backward need for N rows. */
size_t inr_model_workspace(const inr_model *m, int N);

/* y (N,C) = f(x (N,d)) for one chunk, single-threaded. */
void inr_model_forward(const inr_model *m, const float *params, const float *x,
                       float *y, int N, float *work);

/* One chunk of training: forward, squared error against t (N,C), and
 * backward with dL/dy = loss_scale * 2 (y - t). ADDS into grad (n_params,
 * same layout as params). Returns the chunk's sum of squared errors.
 * Models with a regulariser (NSTR) add its gradient too. */
double inr_model_forward_backward(const inr_model *m, const float *params,
                                  const float *x, const float *t, int N,
                                  float loss_scale, float *grad, float *work);
/* The same, also returning in *reg the chunk's regulariser contribution to
 * the loss (already weighted and scaled: the chunk's loss is
 * sse * loss_scale + *reg; 0 for models without one). */
double inr_model_forward_backward_reg(const inr_model *m, const float *params,
                                      const float *x, const float *t, int N,
                                      float loss_scale, float *grad, float *work,
                                      double *reg);

#endif
