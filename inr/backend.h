/* backend.h - where a model trains and is evaluated: the CPU (OpenMP +
 * BLAS, inr/trainer.h) or an NVIDIA GPU (CUDA, cuda/), behind one small
 * table of functions (ggml style).
 *
 *   const inr_backend *be;
 *   char desc[160];
 *   if (inr_backend_select(INR_DEVICE_AUTO, &model, &be, desc, sizeof desc)) fail;
 *   inr_device_trainer tr;
 *   inr_device_trainer_create(&tr, be, &model, coords, targets, N, &opt);
 *   for (...) loss = inr_device_trainer_step(&tr);    (or _steps for k at once)
 *   inr_device_trainer_download(&tr);                 (model.params = the fit)
 *   inr_device_trainer_free(&tr);
 *   inr_backend_evaluate(be, &model, coords, N, out, threads);
 *
 * The parameter buffer has the same layout everywhere, so checkpoints do not
 * depend on the device. A backend that cannot run some layer of a model says
 * so in supports(); AUTO then falls back to the CPU. */
#ifndef INR_BACKEND_H
#define INR_BACKEND_H

#include <stddef.h>

#include "checkpoint.h"
#include "model.h"
#include "status.h"
#include "trainer.h"

typedef enum {
    INR_DEVICE_AUTO = 0,   /* CUDA when built in, a GPU is present and it runs the model */
    INR_DEVICE_CPU = 1,
    INR_DEVICE_CUDA = 2,
} inr_device;

/* "auto" / "cpu" / "cuda"; -1 when unknown. */
int inr_device_parse(const char *name);
const char *inr_device_name(inr_device d);

/* The table each backend fills (designated initialisers). A NULL slot
 * means the operation is not needed there (download on the CPU, which
 * trains the model's own buffer in place) or not supported. */
typedef struct inr_backend {
    const char *name;                       /* "cpu", "cuda" */
    inr_device device;
    /* Steps per host round trip the device prefers: the CPU reports every
     * step (1); a GPU queues several steps before it reads their losses. */
    int sync_every;
    /* INR_OK when the device is usable here; desc (n bytes) names it. */
    inr_status (*probe)(char *desc, size_t n);
    /* INR_OK when every layer of m has kernels here, else
     * INR_ERR_UNSUPPORTED with a one-line reason. NULL: everything. */
    inr_status (*supports)(const inr_model *m);
    /* A trainer for m on pts (trainer.h: coordinates and targets stored
     * or computed): what pts points to must outlive it (the CPU keeps it,
     * a GPU copies the points once). */
    inr_status (*trainer_create)(void **impl, inr_model *m, const inr_points *pts,
                                 const inr_train_options *opt);
    /* k steps; losses[j] (may be NULL) = batch MSE of step j before its
     * update; regs[j] (may be NULL) = the model's regulariser part of that
     * step's loss (NSTR's transport term; 0 for the other models). */
    inr_status (*trainer_steps)(void *impl, int k, double *losses, double *regs);
    /* Copies the trained parameters into m->params. */
    inr_status (*trainer_download)(void *impl);
    void (*trainer_free)(void *impl);
    /* Optimizer state for checkpoints and --resume: get (set = 0) fills st
     * with host pointers to the trainer's Adam moments (valid until the
     * next step), its step and sampler state (inr_device_trainer_get_state
     * adds the schedule); set (set = 1) copies the moments, step and
     * sampler state into the trainer (the schedule is given at creation).
     * NULL: not supported on this device. */
    inr_status (*trainer_state)(void *impl, inr_optimizer_state *st, int set);
    /* out (N,C) = m(coords (N,d)); large N in tiles. threads: CPU only. */
    inr_status (*evaluate)(const inr_model *m, const float *coords, long n_points,
                           float *out, int threads);
} inr_backend;

/* The backend for a device, or NULL when it is not built in (AUTO: NULL). */
const inr_backend *inr_backend_get(inr_device d);
/* Picks the backend for `want` and model m (NULL: any model). CPU: always.
 * CUDA: fails (INR_ERR_UNSUPPORTED) when CUDA is not built in, no usable
 * GPU is present, or m has a layer without CUDA kernels. AUTO: CUDA when
 * that would succeed, else the CPU. desc (n bytes, may be NULL) gets the
 * device chosen, and for AUTO on the CPU why CUDA was not taken. */
inr_status inr_backend_select(inr_device want, const inr_model *m, const inr_backend **out,
                              char *desc, size_t n);
inr_status inr_backend_evaluate(const inr_backend *be, const inr_model *m, const float *coords,
                                long n_points, float *out, int threads);

/* A trainer on a backend; step counts the steps done, batch the points per
 * step (resolved from opt.batch: 0 or >= N is the full batch). */
typedef struct {
    const inr_backend *backend;
    void *impl;
    inr_model *model;
    inr_train_options opt;   /* as given at creation */
    long step;
    long batch;
} inr_device_trainer;

inr_status inr_device_trainer_create(inr_device_trainer *tr, const inr_backend *be,
                                     inr_model *m, const float *coords, const float *targets,
                                     long n_points, const inr_train_options *opt);
/* The same on points that may be computed (trainer.h). */
inr_status inr_device_trainer_create_points(inr_device_trainer *tr, const inr_backend *be,
                                            inr_model *m, const inr_points *pts,
                                            const inr_train_options *opt);
/* One step; returns the batch loss before the update (NaN when the device
 * failed, with the reason in inr_error()). */
double inr_device_trainer_step(inr_device_trainer *tr);
/* k steps at once (fewer host round trips on a GPU); losses (k) may be NULL. */
inr_status inr_device_trainer_steps(inr_device_trainer *tr, int k, double *losses);
/* The same, with regs (k, may be NULL) = each step's regulariser part. */
inr_status inr_device_trainer_steps_reg(inr_device_trainer *tr, int k, double *losses,
                                        double *regs);
/* model->params = the trained parameters (no-op on the CPU). */
inr_status inr_device_trainer_download(inr_device_trainer *tr);
void inr_device_trainer_free(inr_device_trainer *tr);
/* The optimizer state (see trainer_state); INR_ERR_UNSUPPORTED when the
 * device cannot export or import it. set_state also sets tr->step. */
inr_status inr_device_trainer_get_state(inr_device_trainer *tr, inr_optimizer_state *st);
inr_status inr_device_trainer_set_state(inr_device_trainer *tr, const inr_optimizer_state *st);

/* Points per step unless told: the full batch up to 2^18 points, random
 * minibatches of 2^16 beyond, and always for a kind whose descriptor asks
 * (auto_minibatch: the hash grid, METHODS 2.3; the trainer clamps to N). */
long inr_auto_batch(const inr_config *cfg, long n_points);
/* The schedule saved with an optimizer state (lr, betas, eps, decay,
 * batch) into t, so that a resumed fit continues it exactly. */
void inr_train_options_resume(inr_train_options *t, const inr_optimizer_state *st);

/* The backends (inr_backend_cuda exists only when built with CUDA). */
extern const inr_backend inr_backend_cpu;
extern const inr_backend inr_backend_cuda;

#endif
