/* backend_cpu.c - the CPU backend: the table entry over the OpenMP trainer
 * and evaluation of trainer.h, unchanged (same speed, same results). */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "blas.h"
#include "elementwise.h"

static inr_status cpu_probe(char *desc, size_t n)
{
    /* What runs, as `inrfit --version` says it: threads, kernels, ISA. */
    if (desc && n)
        snprintf(desc, n, "CPU (%d OpenMP threads, %s, %s elementwise)", omp_get_max_threads(),
                 inr_products_name(), inr_elementwise_kernels()->isa);
    return INR_OK;
}

static inr_status cpu_trainer_create(void **impl, inr_model *m, const inr_points *pts,
                                     const inr_train_options *opt)
{
    inr_trainer *tr = malloc(sizeof *tr);
    if (!tr) return inr_fail(INR_ERR_NOMEM, "out of memory for the trainer");
    inr_status st = inr_trainer_create_points(tr, m, pts, opt);
    if (st) {
        free(tr);
        return st;
    }
    *impl = tr;
    return INR_OK;
}

static inr_status cpu_trainer_steps(void *impl, int k, double *losses, double *regs)
{
    inr_trainer *tr = impl;
    for (int j = 0; j < k; j++) {
        double loss = inr_trainer_step(tr);
        if (losses) losses[j] = loss;
        if (regs) regs[j] = tr->last_reg;
    }
    return INR_OK;
}

static inr_status cpu_trainer_state(void *impl, inr_optimizer_state *st, int set)
{
    inr_trainer *tr = impl;
    size_t bytes = tr->model->n_params * sizeof(float);
    if (set) {
        memcpy(tr->adam_m, st->adam_m, bytes);
        memcpy(tr->adam_v, st->adam_v, bytes);
        tr->step = st->step;
        tr->rng = st->rng;
    } else {
        st->adam_m = tr->adam_m;
        st->adam_v = tr->adam_v;
        st->step = tr->step;
        st->rng = tr->rng;
    }
    return INR_OK;
}

static void cpu_trainer_free(void *impl)
{
    inr_trainer_free(impl);
    free(impl);
}

const inr_backend inr_backend_cpu = {
    .name = "cpu",
    .device = INR_DEVICE_CPU,
    .sync_every = 1,
    .probe = cpu_probe,
    .supports = NULL,                 /* every model runs on the CPU */
    .trainer_create = cpu_trainer_create,
    .trainer_steps = cpu_trainer_steps,
    .trainer_download = NULL,         /* trains the model's own buffer in place */
    .trainer_free = cpu_trainer_free,
    .trainer_state = cpu_trainer_state,
    .evaluate = inr_model_evaluate,
};
