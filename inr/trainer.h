/* trainer.h - fitting a model to (coordinate, value) pairs on the CPU, and
 * evaluating it on many points.
 *
 * Each step takes the full batch (or a random minibatch), splits it into
 * row chunks that stay in cache, runs forward/backward of the chunks on
 * OpenMP threads with per-thread gradient buffers, sums those in a fixed
 * order (so the same seed and thread count give the same result), and
 * applies Adam. */
#ifndef INR_TRAINER_H
#define INR_TRAINER_H

#include "adam.h"
#include "model.h"

typedef struct {
    inr_adam_options adam;
    float lr_decay;          /* multiply lr by this every lr_decay_every steps (1 = off) */
    int lr_decay_every;
    long batch;              /* points per step; 0 or >= N: full batch */
    int threads;             /* OpenMP threads (0: all cores) */
    int chunk;               /* rows per chunk (0: automatic) */
    int tf32;                /* CUDA only: TF32 tensor-core products (0: float32) */
} inr_train_options;

/* The points a trainer fits. Each coordinate is stored ((N,d)) or computed
 * from the point's index on a grid (the values inr_grid_coords stores);
 * each target is stored ((N,C), training scale) or computed from a stored
 * value as (value - offset) / scale (METHODS 1). A loaded image or sound
 * is then held once, as read. */
typedef struct {
    long n;
    int d, C;
    const float *coords;     /* (n,d), or NULL: the grid of `shape` */
    long shape[2];           /* the grid: d sizes, shape[0] slowest, product n */
    const float *targets;    /* (n,C), or NULL: from values */
    const float *values;     /* (n,C) when targets is NULL */
    float offset, scale;
} inr_points;

/* Stored coordinates and targets. */
inr_points inr_points_arrays(const float *coords, const float *targets, long n, int d, int C);
/* Coordinates (rows,d) of points p0 .. p0+rows-1: into stored ones, or buf
 * (rows*d floats) filled. */
const float *inr_points_coords(const inr_points *p, long p0, long rows, float *buf);
/* Targets (rows,C) likewise (buf: rows*C floats). */
const float *inr_points_targets(const inr_points *p, long p0, long rows, float *buf);
/* Whether coordinates and targets are both stored. */
static inline int inr_points_stored(const inr_points *p) { return p->coords && p->targets; }

inr_train_options inr_train_defaults(const inr_config *cfg);
/* The schedule, on every device: the learning rate of the step after
 * `step` steps (counting the decays completed before it). */
float inr_train_lr(const inr_train_options *o, long step);
/* Points per step on n_points: o->batch, or all of them when it is 0 or
 * more than n_points. */
long inr_train_batch(const inr_train_options *o, long n_points);

typedef struct {
    inr_model *model;
    inr_points pts;          /* the signal's points (a copy of the descriptor) */
    long n_points;
    inr_train_options opt;
    long step;               /* steps done */
    float *grad, *adam_m, *adam_v;
    int threads, chunk;
    float **thread_grad, **thread_work;
    float *batch_x, *batch_t;   /* gathered minibatch (NULL for full batch) */
    float **thread_x, **thread_t;   /* full batch of computed points: one
                                       chunk's coordinates and targets */
    inr_rng rng;                /* minibatch sampling */
    double last_reg;            /* regulariser part of the last step's loss
                                   (NSTR; 0 for other models) */
} inr_trainer;

/* The trainer keeps pointers to model, coords and targets (not copies). */
/* The minibatch sampler's seed, from the model's seed ("batch"): the CPU
 * seeds its generator with it, the GPU hashes it (cuda/batch_hash.h). */
static inline uint64_t inr_batch_seed(uint64_t model_seed)
{
    return model_seed ^ 0x6261746368ULL;
}

inr_status inr_trainer_create(inr_trainer *tr, inr_model *model, const float *coords,
                              const float *targets, long n_points,
                              const inr_train_options *opt);
/* The same on points that may be computed (the descriptor is copied; what
 * it points to must outlive the trainer). Same steps, bit for bit, as
 * stored arrays of the same values. */
inr_status inr_trainer_create_points(inr_trainer *tr, inr_model *model, const inr_points *pts,
                                     const inr_train_options *opt);
void inr_trainer_free(inr_trainer *tr);
/* Learning rate in force for the next step. */
float inr_trainer_lr(const inr_trainer *tr);
/* One optimisation step; returns the batch loss (mean squared error)
 * before the update, without any regulariser (see last_reg). */
double inr_trainer_step(inr_trainer *tr);

/* out (N,C) = model(coords (N,d)), chunked over `threads` threads (0: all). */
inr_status inr_model_evaluate(const inr_model *m, const float *coords, long n_points,
                              float *out, int threads);

/* Coordinates of a dims-D grid (shape[0] slowest), each axis
 * linspace(-1, 1, shape[i]) ends included; out is (prod(shape), dims). */
void inr_grid_coords(int dims, const long *shape, float *out);
/* Rows p0 .. p0+n-1 of that array, (n, dims), the same values. */
void inr_grid_coords_range(int dims, const long *shape, long p0, long n, float *out);
/* Sample k of linspace(lo, hi, n), computed in double. */
float inr_linspace_at(double lo, double hi, long k, long n);

#endif
