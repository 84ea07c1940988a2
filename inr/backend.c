/* backend.c - choosing a backend, and the device-independent trainer
 * wrapper over the backend tables (backend.h). */
#include "backend.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model_kinds.h"

int inr_device_parse(const char *name)
{
    if (strcmp(name, "auto") == 0) return INR_DEVICE_AUTO;
    if (strcmp(name, "cpu") == 0) return INR_DEVICE_CPU;
    if (strcmp(name, "cuda") == 0) return INR_DEVICE_CUDA;
    return -1;
}

const char *inr_device_name(inr_device d)
{
    switch (d) {
    case INR_DEVICE_AUTO: return "auto";
    case INR_DEVICE_CPU: return "cpu";
    case INR_DEVICE_CUDA: return "cuda";
    }
    return "unknown";
}

const inr_backend *inr_backend_get(inr_device d)
{
    switch (d) {
    case INR_DEVICE_CPU: return &inr_backend_cpu;
#ifdef INR_HAVE_CUDA
    case INR_DEVICE_CUDA: return &inr_backend_cuda;
#else
    case INR_DEVICE_CUDA: return NULL;
#endif
    case INR_DEVICE_AUTO: return NULL;
    }
    return NULL;
}

/* The CUDA backend if it is built in, finds a GPU and runs m. */
static inr_status select_cuda(const inr_model *m, const inr_backend **out, char *desc, size_t n)
{
    const inr_backend *be = inr_backend_get(INR_DEVICE_CUDA);
    if (!be)
        return inr_fail(INR_ERR_UNSUPPORTED,
                        "CUDA support is not built into this inrfit (nvcc was not found when it was built)");
    inr_status st = be->probe(desc, n);
    if (st) return st;
    if (m && be->supports && (st = be->supports(m)) != INR_OK) return st;
    *out = be;
    return INR_OK;
}

inr_status inr_backend_select(inr_device want, const inr_model *m, const inr_backend **out,
                              char *desc, size_t n)
{
    char scratch[160];
    if (!desc || !n) {
        desc = scratch;
        n = sizeof scratch;
    }
    desc[0] = '\0';
    *out = NULL;
    if (want == INR_DEVICE_CUDA) return select_cuda(m, out, desc, n);
    if (want == INR_DEVICE_AUTO) {
        if (select_cuda(m, out, desc, n) == INR_OK) return INR_OK;
        /* Falling back: say why when CUDA is built in (a missing GPU or a
         * model without CUDA kernels), not when it never was. */
        char why[400];
        snprintf(why, sizeof why, "%s", inr_backend_get(INR_DEVICE_CUDA) ? inr_error() : "");
        inr_backend_cpu.probe(desc, n);
        if (why[0]) {
            size_t len = strlen(desc);
            snprintf(desc + len, n - len, "; not CUDA: %s", why);
        }
        *out = &inr_backend_cpu;
        return INR_OK;
    }
    if (want != INR_DEVICE_CPU) return inr_fail(INR_ERR_INVALID, "unknown device %d", (int)want);
    *out = &inr_backend_cpu;
    return inr_backend_cpu.probe(desc, n);
}

inr_status inr_backend_evaluate(const inr_backend *be, const inr_model *m, const float *coords,
                                long n_points, float *out, int threads)
{
    return be->evaluate(m, coords, n_points, out, threads);
}

inr_status inr_device_trainer_create(inr_device_trainer *tr, const inr_backend *be,
                                     inr_model *m, const float *coords, const float *targets,
                                     long n_points, const inr_train_options *opt)
{
    inr_points p = inr_points_arrays(coords, targets, n_points, m->cfg.in_dim, m->cfg.out_dim);
    return inr_device_trainer_create_points(tr, be, m, &p, opt);
}

inr_status inr_device_trainer_create_points(inr_device_trainer *tr, const inr_backend *be,
                                            inr_model *m, const inr_points *pts,
                                            const inr_train_options *opt)
{
    long n_points = pts->n;
    memset(tr, 0, sizeof *tr);
    if (be->supports) {
        inr_status st = be->supports(m);
        if (st) return st;
    }
    inr_status st = be->trainer_create(&tr->impl, m, pts, opt);
    if (st) return st;
    tr->backend = be;
    tr->model = m;
    tr->opt = *opt;
    tr->batch = inr_train_batch(opt, n_points);
    return INR_OK;
}

inr_status inr_device_trainer_steps_reg(inr_device_trainer *tr, int k, double *losses,
                                        double *regs)
{
    if (k <= 0) return INR_OK;
    inr_status st = tr->backend->trainer_steps(tr->impl, k, losses, regs);
    if (st == INR_OK) tr->step += k;
    return st;
}

inr_status inr_device_trainer_steps(inr_device_trainer *tr, int k, double *losses)
{
    return inr_device_trainer_steps_reg(tr, k, losses, NULL);
}

double inr_device_trainer_step(inr_device_trainer *tr)
{
    double loss = NAN;
    return inr_device_trainer_steps(tr, 1, &loss) == INR_OK ? loss : NAN;
}

inr_status inr_device_trainer_download(inr_device_trainer *tr)
{
    return tr->backend->trainer_download ? tr->backend->trainer_download(tr->impl) : INR_OK;
}

inr_status inr_device_trainer_get_state(inr_device_trainer *tr, inr_optimizer_state *st)
{
    if (!tr->backend->trainer_state)
        return inr_fail(INR_ERR_UNSUPPORTED, "the %s backend cannot save optimizer state",
                        tr->backend->name);
    inr_status rc = tr->backend->trainer_state(tr->impl, st, 0);
    if (rc) return rc;
    st->lr = tr->opt.adam.lr;
    st->beta1 = tr->opt.adam.beta1;
    st->beta2 = tr->opt.adam.beta2;
    st->eps = tr->opt.adam.eps;
    st->lr_decay = tr->opt.lr_decay;
    st->lr_decay_every = tr->opt.lr_decay_every;
    st->batch = tr->opt.batch;
    return INR_OK;
}

inr_status inr_device_trainer_set_state(inr_device_trainer *tr, const inr_optimizer_state *st)
{
    if (!tr->backend->trainer_state)
        return inr_fail(INR_ERR_UNSUPPORTED, "the %s backend cannot resume a fit "
                        "(use --device cpu)", tr->backend->name);
    inr_status s = tr->backend->trainer_state(tr->impl, (inr_optimizer_state *)st, 1);
    if (s == INR_OK) tr->step = st->step;
    return s;
}

void inr_device_trainer_free(inr_device_trainer *tr)
{
    if (tr->backend && tr->impl) tr->backend->trainer_free(tr->impl);
    memset(tr, 0, sizeof *tr);
}

long inr_auto_batch(const inr_config *cfg, long n_points)
{
    enum { FULL_BATCH_LIMIT = 1 << 18, AUTO_MINIBATCH = 1 << 16 };
    const inr_model_ops *ops = inr_kind_ops(cfg->kind);
    return n_points > FULL_BATCH_LIMIT || (ops && ops->auto_minibatch) ? AUTO_MINIBATCH : 0;
}

void inr_train_options_resume(inr_train_options *t, const inr_optimizer_state *st)
{
    t->adam.lr = st->lr;
    t->adam.beta1 = st->beta1;
    t->adam.beta2 = st->beta2;
    t->adam.eps = st->eps;
    t->lr_decay = st->lr_decay;
    t->lr_decay_every = st->lr_decay_every;
    t->batch = st->batch;
}
