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

inr_train_options inr_train_defaults(const inr_config *cfg);
/* The schedule, on every device: the learning rate of the step after
 * `step` steps (counting the decays completed before it). */
float inr_train_lr(const inr_train_options *o, long step);
/* Points per step on n_points: o->batch, or all of them when it is 0 or
 * more than n_points. */
long inr_train_batch(const inr_train_options *o, long n_points);

typedef struct {
    inr_model *model;
    const float *coords;     /* (N,d) */
    const float *targets;    /* (N,C) on the training scale */
    long n_points;
    inr_train_options opt;
    long step;               /* steps done */
    float *grad, *adam_m, *adam_v;
    int threads, chunk;
    float **thread_grad, **thread_work;
    float *batch_x, *batch_t;   /* gathered minibatch (NULL for full batch) */
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
/* Sample k of linspace(lo, hi, n), computed in double. */
float inr_linspace_at(double lo, double hi, long k, long n);

#endif
